/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-share-dialog.h"
#include "sc-workflow-details.h"
#include "sc-test-server.h"
#include "sc-workflow-details-private.h"
#include "sc-test-widgets.h"

/* The Share dialog, driven as a user would (its actions, the e-mail
 * field and its suggestions, each person's level, general access) against
 * the real stagecraft-server, and checked through its HTTP API.
 *
 * The fixture: Acme Development with dev@acme.test (developer, owner of
 * "Invoice sync"), dana@acme.test (developer), vera@acme.test (viewer) and
 * admin@acme.test (admin); olga@acme.test is only in Acme Staging. Invoice
 * sync uses "Alerts" (slack), a connection of the developer's that nobody
 * else may use yet; the workflow starts shared with dana (view), general
 * access view.
 *
 * With SC_SCREENSHOT_DIR set, some cases also save what the screen shows. */

#define DEADLINE SC_TEST_DEADLINE

typedef struct {
  ScTestServer *server;
  char         *dev_org;
  char         *admin, *dev, *dana, *vera;
  char         *dana_id, *vera_id;
  char         *alerts_id;
  char         *workflow_id;
} Fixture;

/* --- HTTP ------------------------------------------------------------------- */

static JsonNode *
http (Fixture    *f,
      const char *method,
      const char *token,
      const char *body,
      guint       status,
      const char *path,
      const char *if_match)
{
  g_autoptr(ScTestResponse) response = NULL;

  response = sc_test_request (f->server, method, path, token, body,
                              if_match != NULL ? "If-Match" : NULL, if_match, NULL);
  sc_assert_status (response, status);
  return response->body != NULL ? json_node_ref (response->body) : NULL;
}

static JsonNode *
get_sharing (Fixture    *f,
             const char *kind,
             const char *id)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s/sharing", kind, id);

  return http (f, "GET", f->dev, NULL, 200, path, NULL);
}

static void
put_sharing (Fixture    *f,
             const char *body)
{
  g_autoptr(JsonNode) now = get_sharing (f, "workflows", f->workflow_id);
  g_autoptr(JsonNode) put = NULL;
  g_autofree char *path = g_strdup_printf ("/workflows/%s/sharing", f->workflow_id);

  put = http (f, "PUT", f->dev, body, 200, path, sc_test_get_string (now, "etag"));
}

/* The grant of @user_id in @sharing, or NULL. */
static const char *
grant_of (JsonNode   *sharing,
          const char *user_id)
{
  for (guint i = 0; i < sc_test_get_length (sharing, "grants"); i++)
    {
      g_autofree char *id = g_strdup_printf ("grants[%u].user_id", i);
      g_autofree char *permission = g_strdup_printf ("grants[%u].permission", i);

      if (g_strcmp0 (sc_test_get_string (sharing, id), user_id) == 0)
        return sc_test_get_string (sharing, permission);
    }
  return NULL;
}

/* --- the fixture ----------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *stg_org = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *olga = NULL;
  g_autoptr(JsonNode) alerts = NULL;
  g_autoptr(JsonNode) workflow = NULL;

  f->server = sc_test_server_start (FALSE, NULL);
  f->dev_org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  stg_org = sc_test_server_add_org (f->server, "Acme Staging", "uat");

  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev_org, "admin", NULL);
  f->dev = sc_test_server_add_user (f->server, "dev@acme.test", f->dev_org, "developer", NULL);
  f->dana = sc_test_server_add_user (f->server, "dana@acme.test", f->dev_org, "developer",
                                     &f->dana_id);
  f->vera = sc_test_server_add_user (f->server, "vera@acme.test", f->dev_org, "viewer",
                                     &f->vera_id);
  olga = sc_test_server_add_user (f->server, "olga@acme.test", stg_org, "developer", NULL);

  path = g_strdup_printf ("/orgs/%s/connections", f->dev_org);
  alerts = http (f, "POST", f->dev, "{\"name\": \"Alerts\", \"service\": \"slack\", \"secret\": \"s1\"}",
                 201, path, NULL);
  f->alerts_id = g_strdup (sc_test_get_string (alerts, "id"));

  g_free (path);
  path = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  body = g_strdup_printf ("{\"name\": \"Invoice sync\", \"description\": \"Copies invoices.\", "
                          "\"steps\": [], \"config\": {}, "
                          "\"trigger\": {\"url\": \"/hooks/invoices\", \"method\": \"post\"}, "
                          "\"tags\": [], \"connection_ids\": [\"%s\"]}", f->alerts_id);
  workflow = http (f, "POST", f->dev, body, 201, path, NULL);
  f->workflow_id = g_strdup (sc_test_get_string (workflow, "id"));

  put_sharing (f, "{\"general_access\": \"view\", "
                  "\"grants\": [{\"email\": \"dana@acme.test\", \"permission\": \"view\"}]}");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();

  sc_test_server_stop (f->server);
  g_free (f->dev_org);
  g_free (f->admin);
  g_free (f->dev);
  g_free (f->dana);
  g_free (f->vera);
  g_free (f->dana_id);
  g_free (f->vera_id);
  g_free (f->alerts_id);
  g_free (f->workflow_id);
}

/* --- the dialog ------------------------------------------------------------- */

static gboolean
is_loaded (gpointer user_data)
{
  return g_strcmp0 (sc_share_dialog_get_state (user_data), "content") == 0;
}

static gboolean
is_idle (gpointer user_data)
{
  return !sc_share_dialog_get_busy (user_data);
}

/* The dialog for the workflow in @session, loaded; @saved (nullable)
 * records its "saved". */
static GtkWidget *
show_share (Fixture       *f,
            ScSession     *session,
            ScTestEmitted *saved)
{
  g_autoptr(JsonObject) workflow = sc_test_get_workflow (session, f->workflow_id);
  g_autoptr(ScWorkflow) model = sc_workflow_new (workflow);
  GtkWidget *dialog = g_object_ref_sink (sc_share_dialog_new (session, model));

  if (saved != NULL)
    g_signal_connect (dialog, "saved", G_CALLBACK (sc_test_emitted_cb), saved);
  gtk_window_present (GTK_WINDOW (dialog));
  sc_test_wait_for (is_loaded, dialog, DEADLINE);
  return dialog;
}

/* The same as the holder of @token. */
static GtkWidget *
open_share (Fixture       *f,
            const char    *token,
            const char    *email,
            ScTestEmitted *saved)
{
  g_autoptr(ScSession) session = sc_test_session_new (f->server, token, email);

  return show_share (f, session, saved);
}

static void
activate (GtkWidget  *dialog,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (dialog, action, NULL));
}

/* Save, then wait for the answer (the dialog closed or showing an error). */
static void
save_and_wait (GtkWidget *dialog)
{
  activate (dialog, "share.save");
  sc_test_wait_for (is_idle, dialog, DEADLINE);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
row_of (GtkWidget  *dialog,
        const char *title)
{
  GtkWidget *row = sc_test_find_widget (dialog, is_row_titled, title);

  if (row == NULL)
    g_error ("No row “%s” in the dialog", title);
  return row;
}

/* The widget of @type under @root (there must be one). */
static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  GtkWidget *widget = sc_test_find_widget (root, sc_test_is_type, GSIZE_TO_POINTER (type));

  if (widget == NULL)
    g_error ("No %s found", g_type_name (type));
  return widget;
}

static GtkDropDown *
level_of (GtkWidget  *dialog,
          const char *email)
{
  return GTK_DROP_DOWN (find_of_type (row_of (dialog, email), GTK_TYPE_DROP_DOWN));
}

static AdwComboRow *
general_access_row (GtkWidget *dialog)
{
  return ADW_COMBO_ROW (find_of_type (dialog, ADW_TYPE_COMBO_ROW));
}

static GtkEditable *
add_field (GtkWidget *dialog)
{
  return GTK_EDITABLE (find_of_type (dialog, ADW_TYPE_ENTRY_ROW));
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_check_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

/* --- cases ------------------------------------------------------------------- */

/* What the server has: general access, the grants with their levels, the
 * owner, the connection and whether others may use it. */
static void
test_share_shows_current (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GtkWidget) dialog = open_share (f, f->dev, "dev@acme.test", NULL);

  g_assert_cmpuint (adw_combo_row_get_selected (general_access_row (dialog)), ==, 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (level_of (dialog, "dana@acme.test")), ==, 0);
  g_assert_null (sc_test_find_widget (dialog, is_row_titled, "vera@acme.test"));
  sc_assert_shows (dialog, "Invoice sync");
  sc_assert_shows (dialog, "dev@acme.test");
  sc_assert_shows (dialog, "Owner");
  sc_assert_shows (dialog, "Alerts");
  sc_assert_shows (dialog, "Only the people it is shared with can use it");
  sc_assert_shows (dialog, "does not share its connections");
  g_assert_true (gtk_widget_get_sensitive (sc_test_find_widget (dialog, sc_test_is_button_for,
                                                                "share.save")));
}

/* A member found by typing part of her address, given "manage"; general
 * access narrowed to none: the server has exactly that. */
static void
test_share_add_member (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(ScTestEmitted) saved = { NULL };
  g_autoptr(GtkWidget) dialog = open_share (f, f->dev, "dev@acme.test", &saved);
  g_autoptr(JsonNode) sharing = NULL;
  GtkWidget *suggestions;
  GtkListBoxRow *suggestion;

  gtk_editable_set_text (add_field (dialog), "VER");
  sc_test_wait_until_shows (dialog, "vera@acme.test");
  /* the owner and who has access already are not suggested */
  gtk_editable_set_text (add_field (dialog), "acme");
  suggestions = gtk_widget_get_parent (row_of (dialog, "vera@acme.test"));
  g_assert_true (GTK_IS_LIST_BOX (suggestions));
  /* the field, then admin and vera */
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (suggestions), 2));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (suggestions), 3));

  gtk_editable_set_text (add_field (dialog), "vera");
  suggestion = gtk_list_box_get_row_at_index (GTK_LIST_BOX (suggestions), 1);
  g_assert_nonnull (suggestion);
  g_signal_emit_by_name (suggestions, "row-activated", suggestion);
  g_assert_cmpstr (gtk_editable_get_text (add_field (dialog)), ==, "");
  gtk_drop_down_set_selected (level_of (dialog, "vera@acme.test"), 1);
  adw_combo_row_set_selected (general_access_row (dialog), 0);

  save_and_wait (dialog);
  g_assert_cmpuint (saved.count, ==, 1);
  g_assert_false (gtk_widget_get_visible (dialog));

  sharing = get_sharing (f, "workflows", f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (sharing, "general_access"), ==, "none");
  g_assert_cmpuint (sc_test_get_length (sharing, "grants"), ==, 2);
  g_assert_cmpstr (grant_of (sharing, f->vera_id), ==, "manage");
  g_assert_cmpstr (grant_of (sharing, f->dana_id), ==, "view");
  g_assert_cmpstr (json_object_get_string_member (saved.object, "etag"), ==,
                   sc_test_get_string (sharing, "etag"));
}

/* Removing a grant; an address typed and not added yet is added on Save. */
static void
test_share_remove (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(ScTestEmitted) saved = { NULL };
  g_autoptr(GtkWidget) dialog = open_share (f, f->dev, "dev@acme.test", &saved);
  g_autoptr(JsonNode) sharing = NULL;
  GtkWidget *remove;

  remove = sc_test_find_widget (row_of (dialog, "dana@acme.test"), has_tooltip,
                                "Remove dana@acme.test");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_null (sc_test_find_widget (dialog, is_row_titled, "dana@acme.test"));

  gtk_editable_set_text (add_field (dialog), "Vera@Acme.test");
  save_and_wait (dialog);
  g_assert_cmpuint (saved.count, ==, 1);

  sharing = get_sharing (f, "workflows", f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (sharing, "general_access"), ==, "view");
  g_assert_cmpuint (sc_test_get_length (sharing, "grants"), ==, 1);
  g_assert_cmpstr (grant_of (sharing, f->vera_id), ==, "view");
}

/* Someone outside the org: the server's refusal inline, the address kept,
 * nothing changed on the server. */
static void
test_share_outsider (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(ScTestEmitted) saved = { NULL };
  g_autoptr(GtkWidget) dialog = open_share (f, f->dev, "dev@acme.test", &saved);
  g_autoptr(JsonNode) before = get_sharing (f, "workflows", f->workflow_id);
  g_autoptr(JsonNode) after = NULL;

  gtk_editable_set_text (add_field (dialog), "olga@acme.test");
  activate (dialog, "share.add");
  sc_assert_shows (dialog, "Not found among the members of Acme Development");
  save_and_wait (dialog);

  g_assert_cmpuint (saved.count, ==, 0);
  g_assert_true (gtk_widget_get_visible (dialog));
  sc_assert_shows (dialog, "No member of this organization has the e-mail address "
                           "“olga@acme.test”; only members can be given access.");
  g_assert_true (gtk_widget_has_css_class (row_of (dialog, "olga@acme.test"), "error"));
  g_assert_nonnull (row_of (dialog, "dana@acme.test"));
  sc_test_screenshot ("share-outsider.png");

  after = get_sharing (f, "workflows", f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (after, "etag"), ==, sc_test_get_string (before, "etag"));
  g_assert_cmpuint (sc_test_get_length (after, "grants"), ==, 1);
}

/* Someone else saved meanwhile: 412, said so, what the user did kept;
 * Overwrite then saves it. */
static void
test_share_conflict (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(ScTestEmitted) saved = { NULL };
  g_autoptr(GtkWidget) dialog = open_share (f, f->dev, "dev@acme.test", &saved);
  g_autoptr(JsonNode) sharing = NULL;

  put_sharing (f, "{\"general_access\": \"manage\", \"grants\": []}");

  gtk_editable_set_text (add_field (dialog), "vera@acme.test");
  activate (dialog, "share.add");
  save_and_wait (dialog);

  g_assert_cmpuint (saved.count, ==, 0);
  sc_assert_shows (dialog, "Someone else changed who has access to this workflow");
  g_assert_nonnull (sc_test_find_widget (dialog, sc_test_is_button_for, "share.reload"));
  g_assert_nonnull (sc_test_find_widget (dialog, sc_test_is_button_for, "share.overwrite"));
  g_assert_nonnull (row_of (dialog, "vera@acme.test"));
  g_assert_nonnull (row_of (dialog, "dana@acme.test"));
  sc_test_screenshot ("share-conflict.png");

  sharing = get_sharing (f, "workflows", f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (sharing, "general_access"), ==, "manage");
  g_assert_cmpuint (sc_test_get_length (sharing, "grants"), ==, 0);
  g_clear_pointer (&sharing, json_node_unref);

  activate (dialog, "share.overwrite");
  sc_test_wait_for (sc_test_was_emitted, &saved, DEADLINE);
  sharing = get_sharing (f, "workflows", f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (sharing, "general_access"), ==, "view");
  g_assert_cmpstr (grant_of (sharing, f->vera_id), ==, "view");
  g_assert_cmpstr (grant_of (sharing, f->dana_id), ==, "view");
}

/* Reload after a conflict shows what the server has now; the address
 * being typed stays. */
static void
test_share_reload (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GtkWidget) dialog = open_share (f, f->dev, "dev@acme.test", NULL);

  put_sharing (f, "{\"general_access\": \"manage\", "
                  "\"grants\": [{\"email\": \"vera@acme.test\", \"permission\": \"manage\"}]}");
  save_and_wait (dialog);
  sc_assert_shows (dialog, "Someone else changed");

  gtk_editable_set_text (add_field (dialog), "olga@");
  activate (dialog, "share.reload");
  sc_test_wait_for (is_loaded, dialog, DEADLINE);
  g_assert_cmpuint (adw_combo_row_get_selected (general_access_row (dialog)), ==, 2);
  g_assert_cmpuint (gtk_drop_down_get_selected (level_of (dialog, "vera@acme.test")), ==, 1);
  g_assert_null (sc_test_find_widget (dialog, is_row_titled, "dana@acme.test"));
  g_assert_cmpstr (gtk_editable_get_text (add_field (dialog)), ==, "olga@");
  sc_assert_not_shows (dialog, "Someone else changed");
}

/* "Also share" on a connection nobody else may use gives the workflow's
 * people "run" on it. */
static void
test_share_connection_too (Fixture       *f,
                           gconstpointer  data)
{
  g_auto(ScTestEmitted) saved = { NULL };
  g_autoptr(GtkWidget) dialog = open_share (f, f->dev, "dev@acme.test", &saved);
  g_autoptr(JsonNode) connection = NULL;
  GtkWidget *check;

  check = sc_test_find_widget (row_of (dialog, "Alerts"), is_check_button, NULL);
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  sc_test_screenshot ("share-connection-too.png");
  save_and_wait (dialog);
  g_assert_cmpuint (saved.count, ==, 1);

  connection = get_sharing (f, "connections", f->alerts_id);
  g_assert_cmpstr (sc_test_get_string (connection, "general_access"), ==, "run");
  g_assert_cmpstr (grant_of (connection, f->dana_id), ==, "run");
}

/* A viewer sees who has access, read only: Save insensitive with the
 * reason, no field to add people, the levels fixed. */
static void
test_share_viewer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GtkWidget) dialog = open_share (f, f->vera, "vera@acme.test", NULL);
  GtkWidget *save = sc_test_find_widget (dialog, sc_test_is_button_for, "share.save");

  g_assert_nonnull (save);
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (save), ==,
                   "Only people who can manage this workflow can change who has access to it.");
  sc_assert_shows (dialog, "Only people who can manage this workflow");
  sc_assert_shows (dialog, "Close");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (add_field (dialog))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (level_of (dialog, "dana@acme.test"))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (general_access_row (dialog))));
  g_assert_null (sc_test_find_widget (dialog, is_check_button, NULL));
  sc_test_screenshot ("share-viewer.png");
  gtk_widget_activate_action (dialog, "share.save", NULL);
  g_assert_false (sc_share_dialog_get_busy (SC_SHARE_DIALOG (dialog)));
}

/* Dana may manage when the dialog opens, no longer when she saves: the
 * server's 403 sentence inline, her changes kept. */
static void
test_share_forbidden (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(ScTestEmitted) saved = { NULL };
  g_autoptr(GtkWidget) dialog = NULL;
  g_autoptr(ScTestResponse) refused = NULL;
  g_autofree char *path = g_strdup_printf ("/workflows/%s/sharing", f->workflow_id);

  put_sharing (f, "{\"general_access\": \"view\", "
                  "\"grants\": [{\"email\": \"dana@acme.test\", \"permission\": \"manage\"}]}");
  dialog = open_share (f, f->dana, "dana@acme.test", &saved);
  put_sharing (f, "{\"general_access\": \"view\", "
                  "\"grants\": [{\"email\": \"dana@acme.test\", \"permission\": \"view\"}]}");

  gtk_editable_set_text (add_field (dialog), "vera@acme.test");
  activate (dialog, "share.add");
  save_and_wait (dialog);
  g_assert_cmpuint (saved.count, ==, 0);

  refused = sc_test_request (f->server, "PUT", path, f->dana,
                             "{\"general_access\": \"view\", \"grants\": []}",
                             "If-Match", "*", NULL);
  sc_assert_error (refused, 403, "forbidden");
  sc_assert_shows (dialog, sc_test_get_string (refused->body, "error.message"));
  g_assert_nonnull (row_of (dialog, "vera@acme.test"));
}

static void
unauthorized_cb (ScSession *session,
                 gboolean  *reported)
{
  *reported = TRUE;
}

/* The token was revoked meanwhile: reported to the session, said inline. */
static void
test_share_unauthorized (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = sc_test_server_add_user (f->server, "dev@acme.test", f->dev_org,
                                                    "developer", NULL);
  g_autoptr(ScSession) session = sc_test_session_new (f->server, token, "dev@acme.test");
  g_autoptr(GtkWidget) dialog = NULL;
  g_auto(GStrv) parts = g_strsplit (token, "_", 4); /* scp, tok, id, secret */
  g_autofree char *token_id = g_strdup_printf ("%s_%s", parts[1], parts[2]);
  g_autofree char *out = NULL;
  gboolean reported = FALSE;

  g_signal_connect (session, "unauthorized", G_CALLBACK (unauthorized_cb), &reported);
  dialog = show_share (f, session, NULL);

  out = sc_test_server_cli (f->server, NULL, "token", "revoke", token_id, NULL);
  save_and_wait (dialog);
  sc_test_wait_for (sc_test_flag_set, &reported, DEADLINE);
  sc_assert_shows (dialog, "Sign in again, then try once more.");
  g_assert_true (gtk_widget_get_visible (dialog));
}

static gboolean
details_loaded (gpointer user_data)
{
  return g_strcmp0 (sc_workflow_details_get_state (user_data), "content") == 0 &&
         !sc_workflow_details_get_loading (user_data);
}

/* The details view of the workflow for @session, in a window of its own,
 * loaded. */
static ScWorkflowDetails *
show_details (Fixture   *f,
              ScSession *session)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *details = sc_workflow_details_new ();

  gtk_window_set_child (GTK_WINDOW (window), details);
  gtk_window_present (GTK_WINDOW (window));
  sc_workflow_details_set_session (SC_WORKFLOW_DETAILS (details), session);
  sc_workflow_details_set_workflow_id (SC_WORKFLOW_DETAILS (details), f->workflow_id);
  sc_test_wait_for (details_loaded, details, DEADLINE);
  return SC_WORKFLOW_DETAILS (details);
}

static gboolean
share_dialog_loaded (gpointer user_data)
{
  GtkWidget *dialog = sc_test_find_toplevel (SC_TYPE_SHARE_DIALOG);

  return dialog != NULL && is_loaded (dialog);
}

static void
loading_changed_cb (GObject    *details,
                    GParamSpec *pspec,
                    guint      *count)
{
  if (sc_workflow_details_get_loading (SC_WORKFLOW_DETAILS (details)))
    (*count)++;
}

static gboolean
count_positive (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

/* The details view's Share… opens the dialog for its workflow; saving
 * reloads the details. */
static void
test_share_from_details (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ScSession) session = sc_test_session_new (f->server, f->dev, "dev@acme.test");
  ScWorkflowDetails *details = show_details (f, session);
  GtkWidget *button = sc_workflow_details_get_share_button (details);
  GtkWidget *dialog;
  guint reloads = 0;

  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  sc_test_wait_for (share_dialog_loaded, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (SC_TYPE_SHARE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                 GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (details))));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  sc_assert_shows (dialog, "dana@acme.test");

  g_signal_connect (details, "notify::loading", G_CALLBACK (loading_changed_cb), &reloads);
  adw_combo_row_set_selected (general_access_row (dialog), 2);
  activate (dialog, "share.save");
  sc_test_wait_for (count_positive, &reloads, DEADLINE);
  sc_test_wait_for (details_loaded, details, DEADLINE);
  g_assert_null (sc_test_find_toplevel (SC_TYPE_SHARE_DIALOG));
}

/* A viewer gets the button too (the dialog opens read only), with a
 * tooltip that says so. */
static void
test_share_details_viewer (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScSession) session = sc_test_session_new (f->server, f->vera, "vera@acme.test");
  ScWorkflowDetails *details = show_details (f, session);
  GtkWidget *button = sc_workflow_details_get_share_button (details);

  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "only its managers"));
}

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/share/shows-current", test_share_shows_current);
  ADD ("/ui/share/add-member", test_share_add_member);
  ADD ("/ui/share/remove", test_share_remove);
  ADD ("/ui/share/outsider", test_share_outsider);
  ADD ("/ui/share/conflict", test_share_conflict);
  ADD ("/ui/share/reload", test_share_reload);
  ADD ("/ui/share/connection-too", test_share_connection_too);
  ADD ("/ui/share/viewer", test_share_viewer);
  ADD ("/ui/share/forbidden", test_share_forbidden);
  ADD ("/ui/share/unauthorized", test_share_unauthorized);
  ADD ("/ui/share/from-details", test_share_from_details);
  ADD ("/ui/share/details-viewer", test_share_details_viewer);

  return g_test_run ();
}
