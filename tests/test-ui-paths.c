/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-accounts.h"
#include "sc-json.h"
#include "sc-path-editor.h"
#include "sc-paths-view.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"

/* The Promotion Paths section of the real window against the real
 * stagecraft-server with the demo data: Acme Development (dev) owns
 * "Production Pipeline", dev (Development) → stage (Staging) → prod
 * (Production), with mappings Development → Staging → Production.
 * admin@acme.test administers all three orgs; dev@acme.test is a developer
 * of Development.
 *
 * Covered: the admin's list and editor; creating a path (the server has
 * it); a refused path (the server's reasons on the stage, the typed stages
 * kept, nothing created) and a duplicate tag; moving and removing stages;
 * a concurrent change (412) answered with Overwrite and with Reload;
 * deleting after the confirmation; the developer's read-only view; the
 * empty state; folding at 360 px. */

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"
#define DEV "dev@acme.test"

static AdwApplication *app;

typedef struct {
  ScTestServer *server;
  ScAccounts   *accounts;
  ScWindow     *window;
  ScPathsView  *view;
  ScPathEditor *editor;
  ScSession    *session;
  char         *dev_org;
  char         *stg_org;
  char         *prod_org;
  char         *path_id;   /* the demo's path */
} Fixture;

/* --- the server's side -------------------------------------------------------- */

static ScTestResponse *
server_call (Fixture    *f,
             const char *method,
             const char *path,
             const char *body)
{
  return sc_test_request (f->server, method, path, sc_test_server_demo_token (f->server, ADMIN),
                          body, NULL);
}

/* The paths of Development as the server lists them. */
static ScTestResponse *
server_paths (Fixture *f)
{
  g_autofree char *path = g_strconcat ("/orgs/", f->dev_org, "/promotion-paths", NULL);
  ScTestResponse *r = server_call (f, "GET", path, NULL);

  sc_assert_status (r, 200);
  return r;
}

/* The tags of path @index of Development, "a → b". */
static char *
server_tags (Fixture *f,
             guint    index)
{
  g_autoptr(ScTestResponse) r = server_paths (f);
  g_autofree char *member = g_strdup_printf ("items[%u]", index);
  JsonNode *node = sc_test_get (r->body, member);
  g_autoptr(ScPromotionPath) path = NULL;

  g_assert_nonnull (node);
  path = sc_promotion_path_new_from_json (json_node_get_object (node));
  g_assert_nonnull (path);
  return sc_path_describe_stages (path);
}

/* --- the window ------------------------------------------------------------------ */

static gboolean
is_section_row (GtkWidget     *widget,
                gconstpointer  name)
{
  return GTK_IS_LIST_BOX_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;

  return !sc_section_view_get_loading (SC_SECTION_VIEW (f->view)) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), "loading") != 0;
}

static gboolean
editor_settled (gpointer data)
{
  Fixture *f = data;

  return !sc_path_editor_get_busy (f->editor);
}

static gboolean
orgs_loaded (gpointer data)
{
  Fixture *f = data;

  return sc_path_editor_get_orgs_loaded (f->editor);
}

typedef struct {
  Fixture    *f;
  const char *text;
} ToastWait;

static gboolean
toast_is (gpointer data)
{
  ToastWait *wait = data;

  return g_strcmp0 (sc_test_toast_title (GTK_WIDGET (wait->f->window)), wait->text) == 0;
}

static void
wait_for_toast (Fixture    *f,
                const char *title)
{
  ToastWait wait = { f, title };

  sc_test_wait_for (toast_is, &wait, DEADLINE);
}

typedef struct {
  Fixture *f;
  guint    n;
} CountWait;

static gboolean
n_paths_is (gpointer data)
{
  CountWait *wait = data;

  return view_settled (wait->f) && sc_paths_view_get_n_paths (wait->f->view) == wait->n;
}

static void
wait_for_n_paths (Fixture *f,
                  guint    n)
{
  CountWait wait = { f, n };

  sc_test_wait_for (n_paths_is, &wait, DEADLINE);
}

/* Opens the window as @email in Development on Promotion Paths, with the
 * list and the orgs to choose from loaded. */
static void
open_window (Fixture    *f,
             const char *email,
             int         width)
{
  GtkWidget *row;

  f->session = sc_test_session_new (f->server, sc_test_server_demo_token (f->server, email), email);
  sc_session_set_org_id (f->session, f->dev_org);

  f->window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  sc_window_set_session (f->window, f->session);

  row = sc_test_find_widget (GTK_WIDGET (f->window), is_section_row, "paths");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");

  f->view = SC_PATHS_VIEW (sc_window_get_view (f->window, "paths"));
  g_assert_nonnull (f->view);
  f->editor = sc_paths_view_get_editor (f->view);
  sc_test_wait_for (view_settled, f, DEADLINE);
  sc_test_wait_for (orgs_loaded, f, DEADLINE);
}

static void
select_path (Fixture    *f,
             const char *path_id)
{
  g_assert_true (sc_paths_view_select (f->view, path_id));
  g_assert_cmpstr (sc_path_editor_get_state (f->editor), ==, "path");
  g_assert_cmpstr (sc_path_editor_get_path_id (f->editor), ==, path_id);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->editor), action, parameter));
}

/* Saves and waits for the answer. */
static void
save (Fixture *f)
{
  activate (f, "path-editor.save", NULL);
  g_assert_true (sc_path_editor_get_busy (f->editor));
  sc_test_wait_for (editor_settled, f, DEADLINE);
}

/* Types a new path with @n stages (tag, org id pairs). */
static void
type_new_path (Fixture    *f,
               const char *name,
               guint       n,
               const char *const *stages)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "paths.new", NULL));
  g_assert_cmpstr (sc_path_editor_get_state (f->editor), ==, "path");
  g_assert_null (sc_path_editor_get_path_id (f->editor));
  g_assert_cmpuint (sc_path_editor_get_n_stages (f->editor), ==, 2);
  while (sc_path_editor_get_n_stages (f->editor) < n)
    activate (f, "path-editor.add-stage", NULL);

  sc_path_editor_set_name (f->editor, name);
  for (guint i = 0; i < n; i++)
    {
      sc_path_editor_set_stage_tag (f->editor, i, stages[2 * i]);
      g_assert_true (sc_path_editor_set_stage_org (f->editor, i, stages[2 * i + 1]));
    }
}

static gboolean
dialog_shown (gpointer data)
{
  return sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* --- fixture ---------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;

  f->server = sc_test_server_start (TRUE, NULL);
  f->accounts = sc_accounts_new ();
  f->dev_org = sc_test_server_demo_org_id (f->server, "Acme Development");
  f->stg_org = sc_test_server_demo_org_id (f->server, "Acme Staging");
  f->prod_org = sc_test_server_demo_org_id (f->server, "Acme Production");
  r = server_paths (f);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  f->path_id = g_strdup (sc_test_get_string (r->body, "items[0].id"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  g_clear_object (&f->session);
  g_clear_object (&f->accounts);
  g_free (f->dev_org);
  g_free (f->stg_org);
  g_free (f->prod_org);
  g_free (f->path_id);
  sc_test_server_stop (f->server);
}

/* --- tests -------------------------------------------------------------------------- */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  open_window (f, ADMIN, 1280);

  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  g_assert_cmpuint (sc_paths_view_get_n_paths (f->view), ==, 1);
  sc_assert_shows (sc_paths_view_get_row (f->view, 0), "Production Pipeline");
  sc_assert_shows (sc_paths_view_get_row (f->view, 0), "dev → stage → prod");

  g_assert_cmpstr (sc_path_editor_get_state (f->editor), ==, "none");
  select_path (f, f->path_id);
  g_assert_true (sc_path_editor_get_editable (f->editor));
  g_assert_null (sc_path_editor_get_message (f->editor));
  g_assert_cmpstr (sc_path_editor_get_name (f->editor), ==, "Production Pipeline");
  g_assert_cmpuint (sc_path_editor_get_n_stages (f->editor), ==, 3);
  g_assert_cmpstr (sc_path_editor_get_stage_tag (f->editor, 0), ==, "dev");
  g_assert_cmpstr (sc_path_editor_get_stage_tag (f->editor, 2), ==, "prod");
  g_assert_cmpstr (sc_path_editor_get_stage_org (f->editor, 0), ==, f->dev_org);
  g_assert_cmpstr (sc_path_editor_get_stage_org (f->editor, 1), ==, f->stg_org);
  g_assert_cmpstr (sc_path_editor_get_stage_org (f->editor, 2), ==, f->prod_org);
  sc_assert_shows (f->editor, "Stage 3");
  sc_assert_shows (f->window, "Acme Production");
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  const char *stages[] = { "dev", f->dev_org, "stage", f->stg_org };
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *tags = NULL;

  open_window (f, ADMIN, 1280);
  type_new_path (f, "Fast Track", 2, stages);
  save (f);
  g_assert_null (sc_path_editor_get_message (f->editor));
  wait_for_toast (f, "Path created");
  g_assert_nonnull (sc_path_editor_get_path_id (f->editor));

  /* the server has it, and the list shows it selected */
  r = server_paths (f);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].name"), ==, "Fast Track");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].id"), ==, sc_path_editor_get_path_id (f->editor));
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].stages[1].org_id"), ==, f->stg_org);
  tags = server_tags (f, 1);
  g_assert_cmpstr (tags, ==, "dev → stage");
  wait_for_n_paths (f, 2);
  sc_assert_shows (sc_paths_view_get_row (f->view, 1), "Fast Track");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  const char *skipping[] = { "dev", f->dev_org, "prod", f->prod_org };
  const char *twice[] = { "dev", f->dev_org, "DEV", f->dev_org };
  g_autoptr(ScTestResponse) r = NULL;
  const char *reason;

  open_window (f, ADMIN, 1280);

  /* dev → prod skips a step, and there is no mapping */
  type_new_path (f, "Shortcut", 2, skipping);
  save (f);
  g_assert_nonnull (sc_path_editor_get_message (f->editor));
  g_assert_false (sc_path_editor_get_conflict (f->editor));
  g_assert_null (sc_path_editor_get_stage_error (f->editor, 0));
  reason = sc_path_editor_get_stage_error (f->editor, 1);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "no organization mapping"));
  g_assert_nonnull (strstr (reason, "hierarchy"));
  sc_assert_shows (f->editor, "no organization mapping");
  /* nothing typed is lost */
  g_assert_cmpstr (sc_path_editor_get_name (f->editor), ==, "Shortcut");
  g_assert_cmpstr (sc_path_editor_get_stage_tag (f->editor, 1), ==, "prod");
  g_assert_cmpstr (sc_path_editor_get_stage_org (f->editor, 1), ==, f->prod_org);
  g_assert_null (sc_path_editor_get_path_id (f->editor));

  /* a tag named twice (case aside) */
  type_new_path (f, "Twice", 2, twice);
  save (f);
  g_assert_null (sc_path_editor_get_stage_error (f->editor, 0));
  g_assert_nonnull (sc_path_editor_get_stage_error (f->editor, 1));
  g_assert_cmpstr (sc_path_editor_get_stage_tag (f->editor, 1), ==, "DEV");

  /* nothing was created */
  r = server_paths (f);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
}

static void
test_reorder (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *collection = g_strconcat ("/orgs/", f->dev_org, "/promotion-paths", NULL);
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *id = NULL;

  /* a same-org path: every order is allowed */
  body = g_strdup_printf ("{\"name\": \"Local\", \"stages\": [{\"tag\": \"a\", \"org_id\": \"%s\"}, "
                          "{\"tag\": \"b\", \"org_id\": \"%s\"}, {\"tag\": \"c\", \"org_id\": \"%s\"}]}",
                          f->dev_org, f->dev_org, f->dev_org);
  r = server_call (f, "POST", collection, body);
  sc_assert_status (r, 201);
  id = g_strdup (sc_test_get_string (r->body, "id"));

  open_window (f, ADMIN, 1280);
  select_path (f, id);

  /* c up: a, c, b; then b goes: a, c */
  activate (f, "path-editor.move-up", g_variant_new_int32 (2));
  g_assert_cmpstr (sc_path_editor_get_stage_tag (f->editor, 1), ==, "c");
  g_assert_cmpstr (sc_path_editor_get_stage_tag (f->editor, 2), ==, "b");
  activate (f, "path-editor.move-down", g_variant_new_int32 (0));
  activate (f, "path-editor.move-up", g_variant_new_int32 (1));
  g_assert_cmpstr (sc_path_editor_get_stage_tag (f->editor, 0), ==, "a");
  save (f);
  g_assert_null (sc_path_editor_get_message (f->editor));
  tags = server_tags (f, 1);
  g_assert_cmpstr (tags, ==, "a → c → b");
  g_clear_pointer (&tags, g_free);

  activate (f, "path-editor.remove-stage", g_variant_new_int32 (2));
  g_assert_cmpuint (sc_path_editor_get_n_stages (f->editor), ==, 2);
  /* two stages at least: the last two stay */
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->editor), "path-editor.remove-stage",
                                                     g_variant_new_int32 (0)));
  g_assert_cmpuint (sc_path_editor_get_n_stages (f->editor), ==, 2);
  save (f);
  g_assert_null (sc_path_editor_get_message (f->editor));
  wait_for_toast (f, "Path saved");
  tags = server_tags (f, 1);
  g_assert_cmpstr (tags, ==, "a → c");
  wait_for_n_paths (f, 2);
  sc_assert_shows (sc_paths_view_get_row (f->view, 1), "a → c");
}

/* Someone renames the demo path behind the editor's back. */
static void
change_behind (Fixture    *f,
               const char *name)
{
  g_autofree char *path = g_strconcat ("/promotion-paths/", f->path_id, NULL);
  g_autoptr(ScTestResponse) current = server_call (f, "GET", path, NULL);
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *etag = NULL;
  JsonObject *object;

  sc_assert_status (current, 200);
  etag = g_strdup (sc_test_get_string (current->body, "etag"));
  g_assert_nonnull (etag);
  /* the node's object is the response's: it is edited in place */
  body = json_node_copy (current->body);
  object = json_node_get_object (body);
  json_object_set_string_member (object, "name", name);
  json_object_remove_member (object, "id");
  json_object_remove_member (object, "etag");
  json_object_remove_member (object, "org_id");
  json_object_remove_member (object, "created_at");
  json_object_remove_member (object, "updated_at");
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (object, "stages")); i++)
    json_object_remove_member (json_array_get_object_element (json_object_get_array_member (object, "stages"), i),
                               "org_name");
  json_generator_set_root (generator, body);
  text = json_generator_to_data (generator, NULL);
  r = sc_test_request (f->server, "PUT", path, sc_test_server_demo_token (f->server, ADMIN), text,
                       "If-Match", etag, NULL);
  sc_assert_status (r, 200);
}

static const char *
server_name (Fixture *f)
{
  static char name[64];
  g_autofree char *path = g_strconcat ("/promotion-paths/", f->path_id, NULL);
  g_autoptr(ScTestResponse) r = server_call (f, "GET", path, NULL);

  sc_assert_status (r, 200);
  g_strlcpy (name, sc_test_get_string (r->body, "name"), sizeof name);
  return name;
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  open_window (f, ADMIN, 1280);
  select_path (f, f->path_id);

  /* Overwrite: ours over theirs */
  sc_path_editor_set_name (f->editor, "Ours");
  change_behind (f, "Theirs");
  save (f);
  g_assert_true (sc_path_editor_get_conflict (f->editor));
  sc_assert_shows (f->editor, "Someone else changed this path");
  g_assert_cmpstr (server_name (f), ==, "Theirs");
  /* what the user typed stays */
  g_assert_cmpstr (sc_path_editor_get_name (f->editor), ==, "Ours");
  activate (f, "path-editor.overwrite", NULL);
  sc_test_wait_for (editor_settled, f, DEADLINE);
  g_assert_false (sc_path_editor_get_conflict (f->editor));
  g_assert_null (sc_path_editor_get_message (f->editor));
  g_assert_cmpstr (server_name (f), ==, "Ours");

  /* Reload: theirs */
  sc_path_editor_set_name (f->editor, "Mine again");
  change_behind (f, "Theirs again");
  save (f);
  g_assert_true (sc_path_editor_get_conflict (f->editor));
  activate (f, "path-editor.reload", NULL);
  sc_test_wait_for (editor_settled, f, DEADLINE);
  g_assert_false (sc_path_editor_get_conflict (f->editor));
  g_assert_cmpstr (sc_path_editor_get_name (f->editor), ==, "Theirs again");
  g_assert_cmpstr (server_name (f), ==, "Theirs again");
  /* and the fresh etag saves */
  sc_path_editor_set_name (f->editor, "Final");
  save (f);
  g_assert_null (sc_path_editor_get_message (f->editor));
  g_assert_cmpstr (server_name (f), ==, "Final");
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  GtkWidget *dialog;

  open_window (f, ADMIN, 1280);
  select_path (f, f->path_id);

  /* keeping it changes nothing */
  activate (f, "path-editor.delete", NULL);
  sc_test_wait_for (dialog_shown, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_false (sc_path_editor_get_busy (f->editor));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  r = server_paths (f);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_clear_pointer (&r, sc_test_response_free);

  activate (f, "path-editor.delete", NULL);
  sc_test_wait_for (dialog_shown, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  sc_test_wait_for (editor_settled, f, DEADLINE);
  wait_for_toast (f, "Path deleted");
  g_assert_cmpstr (sc_path_editor_get_state (f->editor), ==, "none");

  r = server_paths (f);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 0);
  wait_for_n_paths (f, 0);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "empty");
  sc_assert_shows (f->view, "No Promotion Paths");
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  open_window (f, DEV, 1280);
  g_assert_cmpuint (sc_paths_view_get_n_paths (f->view), ==, 1);
  /* no New Path */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "paths.new", NULL);
  g_assert_cmpstr (sc_path_editor_get_state (f->editor), ==, "none");

  select_path (f, f->path_id);
  g_assert_false (sc_path_editor_get_editable (f->editor));
  g_assert_nonnull (sc_path_editor_get_message (f->editor));
  g_assert_nonnull (strstr (sc_path_editor_get_message (f->editor), "Only administrators of Acme Development"));
  sc_assert_shows (f->editor, "Only administrators of Acme Development");

  /* the actions do nothing */
  sc_path_editor_set_name (f->editor, "Mine");
  gtk_widget_activate_action (GTK_WIDGET (f->editor), "path-editor.save", NULL);
  g_assert_false (sc_path_editor_get_busy (f->editor));
  g_assert_cmpstr (server_name (f), ==, "Production Pipeline");
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  AdwLeaflet *leaflet;
  int minimum = 0;

  open_window (f, ADMIN, 360);
  leaflet = ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (f->editor), ADW_TYPE_LEAFLET));
  sc_test_wait_for (leaflet_folded, leaflet, DEADLINE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->editor)));

  select_path (f, f->path_id);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (f->editor), adw_leaflet_get_visible_child (leaflet)));

  /* Add Stage is seen without scrolling, however many stages there are */
  activate (f, "path-editor.add-stage", NULL);
  activate (f, "path-editor.add-stage", NULL);
  sc_test_wait_for (sc_test_is_in_sight, sc_test_find_widget (GTK_WIDGET (f->editor), sc_test_is_button_for,
                                                   "path-editor.add-stage"), DEADLINE);

  /* the soak time's explanation keeps room for words (its hours and
   * minutes side by side left it a few characters a line) */
  {
    GtkWidget *soak = sc_test_find_widget (GTK_WIDGET (f->editor), sc_test_is_label,
                                           "How long a release stays in the previous stage before it can move on");

    g_assert_nonnull (soak);
    g_assert_cmpint (gtk_widget_get_width (soak), >=, 120);
  }

  /* a refusal under a stage does not widen it either */
  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "paths.back", NULL));
  g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (f->editor), adw_leaflet_get_visible_child (leaflet)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  sc_test_ui_init (&argc, &argv);
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/paths/list", test_list);
  ADD ("/ui/paths/create", test_create);
  ADD ("/ui/paths/refused-keeps-stages", test_refused);
  ADD ("/ui/paths/reorder", test_reorder);
  ADD ("/ui/paths/conflict", test_conflict);
  ADD ("/ui/paths/delete", test_delete);
  ADD ("/ui/paths/read-only", test_read_only);
  ADD ("/ui/paths/narrow", test_narrow);
#undef ADD

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
