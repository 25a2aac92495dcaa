/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-test-widgets.h"

void
sc_test_ui_init (int    *argc,
                 char ***argv)
{
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);
  const char * const *data_dirs = g_get_system_data_dirs ();

  /* G_TEST_OPTION_ISOLATE_DIRS hides the system data dirs, and with them
   * the MIME database gdk-pixbuf needs to recognize SVG icons: keep the
   * system's (read before g_test_init() changes them) */
  for (guint i = 0; data_dirs[i] != NULL; i++)
    g_ptr_array_add (mime_dirs, g_build_filename (data_dirs[i], "mime", NULL));
  g_ptr_array_add (mime_dirs, NULL);

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* no notification daemon on the test's bus: windows send none (the
   * settings live in memory, GSETTINGS_BACKEND=memory) */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_boolean (settings, "notifications", FALSE);
  }
}

void
sc_test_destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

GtkWidget *
sc_test_find_widget (GtkWidget     *root,
                     gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                     gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
find_all (GtkWidget     *root,
          gboolean     (*match) (GtkWidget *widget, gconstpointer data),
          gconstpointer  data,
          GPtrArray     *found)
{
  if (match (root, data))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, match, data, found);
}

GPtrArray *
sc_test_find_all (GtkWidget     *root,
                  gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                  gconstpointer  data)
{
  GPtrArray *found = g_ptr_array_new ();

  find_all (root, match, data, found);
  return found;
}

gboolean
sc_test_is_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

gboolean
sc_test_has_css_class (GtkWidget     *widget,
                       gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

graphene_rect_t
sc_test_text_bounds (GtkWidget *label,
                     GtkWidget *target)
{
  PangoRectangle logical;
  graphene_point_t origin;
  int x, y;

  g_assert_true (GTK_IS_LABEL (label));
  pango_layout_get_pixel_extents (gtk_label_get_layout (GTK_LABEL (label)), NULL, &logical);
  gtk_label_get_layout_offsets (GTK_LABEL (label), &x, &y);
  g_assert_true (gtk_widget_compute_point (label, target,
                                           &GRAPHENE_POINT_INIT (x + logical.x, y + logical.y),
                                           &origin));
  return GRAPHENE_RECT_INIT (origin.x, origin.y, logical.width, logical.height);
}

gboolean
sc_test_is_in_sight (gpointer widget)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, GTK_WIDGET (gtk_widget_get_root (widget)), &bounds))
    return FALSE;

  /* every scrolled ancestor shows the whole of it */
  for (GtkWidget *ancestor = gtk_widget_get_parent (widget); ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      graphene_rect_t area;

      if (!GTK_IS_SCROLLED_WINDOW (ancestor) && !GTK_IS_WINDOW (ancestor))
        continue;
      if (!gtk_widget_compute_bounds (ancestor, GTK_WIDGET (gtk_widget_get_root (widget)), &area) ||
          !graphene_rect_contains_rect (&area, &bounds))
        return FALSE;
    }
  return TRUE;
}

gboolean
sc_test_is_button_for (GtkWidget     *widget,
                       gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

gboolean
sc_test_is_type (GtkWidget     *widget,
                 gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
sc_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
is_toast (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget");
}

const char *
sc_test_toast_title (GtkWidget *root)
{
  GtkWidget *toast = sc_test_find_widget (root, is_toast, NULL);
  GtkWidget *label = NULL;

  if (toast != NULL)
    label = sc_test_find_widget (toast, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_LABEL));
  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
sc_test_screen_text (GtkWidget *root)
{
  GString *text = g_string_new (NULL);

  collect_text (root, text);
  return g_string_free (text, FALSE);
}

typedef struct {
  GtkWidget  *root;
  const char *needle;
} Showing;

static gboolean
shows (gpointer user_data)
{
  Showing *showing = user_data;
  g_autofree char *text = sc_test_screen_text (showing->root);

  return strstr (text, showing->needle) != NULL;
}

void
sc_test_wait_until_shows (GtkWidget  *root,
                          const char *needle)
{
  Showing showing = { root, needle };

  sc_test_wait_for (shows, &showing, SC_TEST_DEADLINE);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
sc_test_flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

void
sc_test_settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  sc_test_wait_for (sc_test_flag_set, &done, SC_TEST_DEADLINE);
}

void
sc_test_screenshot (const char *name)
{
  const char *dir = g_getenv ("SC_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  sc_test_settle (400);
  file = g_build_filename (dir, name, NULL);
  command = g_strdup_printf ("import -window root %s", file);
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error))
    g_warning ("screenshot %s: %s", name, error->message);
}

void
sc_test_emitted_cb (GtkWidget     *widget,
                    JsonObject    *object,
                    ScTestEmitted *emitted)
{
  g_clear_pointer (&emitted->object, json_object_unref);
  emitted->object = json_object_ref (object);
  emitted->count++;
}

gboolean
sc_test_was_emitted (gpointer emitted)
{
  return ((ScTestEmitted *) emitted)->count > 0;
}

void
sc_test_emitted_clear (ScTestEmitted *emitted)
{
  g_clear_pointer (&emitted->object, json_object_unref);
}

ScSession *
sc_test_session_new (ScTestServer *server,
                     const char   *token,
                     const char   *email)
{
  return sc_test_session_new_at (server, NULL, token, email);
}

ScSession *
sc_test_session_new_at (ScTestServer *server,
                        const char   *url,
                        const char   *token,
                        const char   *email)
{
  g_autoptr(ScClient) client = sc_client_new (server->url);
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScMe) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  sc_client_set_token (client, token);
  sc_client_get_me_async (client, NULL, sc_test_result_cb, &slot);
  result = sc_test_wait_result (&slot, SC_TEST_DEADLINE);
  json = sc_client_get_me_finish (client, result, &error);
  g_assert_no_error (error);
  me = sc_me_new_from_json (json);
  g_assert_nonnull (me);

  /* GET /me answered by the server; the session's calls go to @url */
  if (url != NULL)
    {
      g_autoptr(ScClient) other = sc_client_new (url);

      sc_client_set_token (other, token);
      return sc_session_new (other, me, url, email, FALSE);
    }
  return sc_session_new (client, me, server->url, email, FALSE);
}

JsonObject *
sc_test_get_workflow (ScSession  *session,
                      const char *workflow_id)
{
  ScClient *client = sc_session_get_client (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  JsonObject *workflow;

  sc_client_get_workflow_async (client, workflow_id, NULL, sc_test_result_cb, &slot);
  result = sc_test_wait_result (&slot, SC_TEST_DEADLINE);
  workflow = sc_client_get_workflow_finish (client, result, &error);
  g_assert_no_error (error);
  return workflow;
}
