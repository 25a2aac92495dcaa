/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-accounts.h"
#include "sc-json.h"
#include "sc-org-view-private.h"
#include "sc-path-editor.h"
#include "sc-paths-view.h"
#include "sc-promote-dialog.h"
#include "sc-session.h"
#include "sc-share-dialog.h"
#include "sc-sign-in-page.h"
#include "sc-test-proxy.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"
#include "sc-workflows-view.h"

/* The real widgets against a hostile server: the real stagecraft-server
 * with the demo data behind the fault-injecting proxy of sc-test-proxy.c.
 * Whatever the proxy does to a save (a 500 with or without our error body,
 * a reset connection, HTML, a truncated or malformed answer), the view
 * shows an error where the user acted, keeps what the user typed, and the
 * same action succeeds once the server behaves; while an answer is held
 * back the main loop keeps turning and the view says it is loading. */

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"

static AdwApplication *app;

typedef struct {
  ScTestServer *server;
  ScTestProxy  *proxy;
  ScAccounts   *accounts;
  ScSession    *session;   /* the admin's, through the proxy */
  char         *admin;
  char         *dev_org;
  char         *stage_org;
  char         *prod_org;
} Fixture;

/* The faults a save meets, in turn, before it goes through. */
static const struct {
  ScTestFault  fault;
  const char  *shown;  /* a piece of the error the view shows */
} save_faults[] = {
  { SC_TEST_FAULT_500_JSON, "broke this request on purpose" },
  { SC_TEST_FAULT_500_BARE, "could not complete the request" },
  { SC_TEST_FAULT_RESET, "broke before its answer was complete" },
  { SC_TEST_FAULT_HTML, "text/html" },
  { SC_TEST_FAULT_MALFORMED, "control character" },
  { SC_TEST_FAULT_DEEP, "nested more than" },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = sc_test_server_start (TRUE, NULL);
  f->proxy = sc_test_proxy_new (f->server->url);
  f->accounts = sc_accounts_new ();
  f->admin = g_strdup (sc_test_server_demo_token (f->server, ADMIN));
  f->dev_org = sc_test_server_demo_org_id (f->server, "Acme Development");
  f->stage_org = sc_test_server_demo_org_id (f->server, "Acme Staging");
  f->prod_org = sc_test_server_demo_org_id (f->server, "Acme Production");
  f->session = sc_test_session_new_at (f->server, sc_test_proxy_get_url (f->proxy), f->admin, ADMIN);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  g_clear_object (&f->session);
  g_clear_object (&f->accounts);
  g_clear_pointer (&f->proxy, sc_test_proxy_free);
  sc_test_server_stop (f->server);
  g_free (f->admin);
  g_free (f->dev_org);
  g_free (f->stage_org);
  g_free (f->prod_org);
}

static JsonNode *
get (Fixture    *f,
     const char *path)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);

  sc_assert_status (r, 200);
  return json_node_ref (r->body);
}

/* The id of the workflow @name in @org_id. */
static char *
workflow_id (Fixture    *f,
             const char *org_id,
             const char *name)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows?limit=500", org_id);
  g_autoptr(JsonNode) list = get (f, path);

  for (guint i = 0; i < sc_test_get_length (list, "items"); i++)
    {
      g_autofree char *member = g_strdup_printf ("items[%u].name", i);
      g_autofree char *id = g_strdup_printf ("items[%u].id", i);

      if (g_strcmp0 (sc_test_get_string (list, member), name) == 0)
        return g_strdup (sc_test_get_string (list, id));
    }
  g_error ("no workflow “%s”", name);
}

static gboolean
tick_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

/* --- Sign in ------------------------------------------------------------------ */

static gboolean
sign_in_failed (gpointer window)
{
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (window));

  return g_strcmp0 (sc_window_get_page (window), "sign-in") == 0 &&
         !sc_sign_in_page_get_busy (page) && sc_sign_in_page_get_error (page) != NULL;
}

/* Signing in where every answer is hostile: the sign-in page shows why,
 * and keeps the address and the token typed. */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  ScWindow *window = sc_window_new (app, f->accounts);
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (window));

  gtk_window_present (GTK_WINDOW (window));
  sc_window_restore (window);
  g_assert_cmpstr (sc_window_get_page (window), ==, "sign-in");

  for (guint i = 0; i < G_N_ELEMENTS (save_faults); i++)
    {
      const char *message;

      sc_test_proxy_clear_rules (f->proxy);
      sc_test_proxy_add_rule (f->proxy, NULL, "/api/v1/*", save_faults[i].fault);
      sc_sign_in_page_set_error (page, NULL);
      sc_sign_in_page_set_server_url (page, sc_test_proxy_get_url (f->proxy));
      sc_sign_in_page_set_token (page, f->admin);
      g_signal_emit_by_name (page, "sign-in");
      sc_test_wait_for (sign_in_failed, window, DEADLINE);

      message = sc_sign_in_page_get_error (page);
      g_test_message ("fault %u: %s", save_faults[i].fault, message);
      if (strstr (message, save_faults[i].shown) == NULL)
        g_error ("fault %u: “%s” not in “%s”", save_faults[i].fault, save_faults[i].shown, message);
      sc_test_wait_until_shows (GTK_WIDGET (page), message);
      g_assert_cmpstr (sc_sign_in_page_get_server_url (page), ==, sc_test_proxy_get_url (f->proxy));
      g_assert_cmpstr (sc_sign_in_page_get_token (page), ==, f->admin);
    }
  sc_test_screenshot ("hostile-sign-in.png");
}

/* --- Organization ------------------------------------------------------------- */

typedef struct {
  Fixture   *f;
  ScOrgView *view;
  guint      ticks;
} OrgWait;

static gboolean
org_settled (gpointer data)
{
  OrgWait *wait = data;

  return !sc_org_view_get_busy (wait->view) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (wait->view)), "loading") != 0;
}

static gboolean
org_save_failed (gpointer data)
{
  OrgWait *wait = data;

  return !sc_org_view_get_busy (wait->view) && sc_org_view_get_save_error (wait->view) != NULL;
}

static gboolean
org_held_and_ticking (gpointer data)
{
  OrgWait *wait = data;

  return sc_test_proxy_get_n_held (wait->f->proxy) > 0 && wait->ticks >= 3;
}

static gboolean
is_section_row (GtkWidget     *widget,
                gconstpointer  name)
{
  return GTK_IS_LIST_BOX_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The window as the admin in @org_id, on the section @name. */
static GtkWidget *
open_section (Fixture    *f,
              const char *org_id,
              const char *name)
{
  ScWindow *window;
  GtkWidget *view, *row;

  sc_session_set_org_id (f->session, org_id);
  window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  sc_window_set_session (window, f->session);
  row = sc_test_find_widget (GTK_WIDGET (window), is_section_row, name);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  view = sc_window_get_view (window, name);
  g_assert_nonnull (view);
  return view;
}

static ScOrgView *
open_org_view (Fixture *f)
{
  return SC_ORG_VIEW (open_section (f, f->prod_org, "organization"));
}

/* The admin changes the required approvals of Production and saves; each
 * fault in turn fails the save with its error shown, the value typed kept
 * and nothing changed on the server; then the save goes through. */
static void
test_org_save (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s", f->prod_org);
  g_autoptr(JsonNode) before = get (f, path);
  g_autoptr(JsonNode) after = NULL;
  OrgWait wait = { f, open_org_view (f), 0 };
  GtkSpinButton *required;

  sc_test_wait_for (org_settled, &wait, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (wait.view)), ==, "settings");
  required = GTK_SPIN_BUTTON (sc_org_view_get_widget (wait.view, "required-spin"));
  gtk_spin_button_set_value (required, 2);

  for (guint i = 0; i < G_N_ELEMENTS (save_faults); i++)
    {
      g_autoptr(JsonNode) now = NULL;
      const char *message;

      sc_test_proxy_clear_rules (f->proxy);
      sc_test_proxy_add_rule (f->proxy, "PATCH", "/api/v1/orgs/*", save_faults[i].fault);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.view), "org.save", NULL));
      sc_test_wait_for (org_save_failed, &wait, DEADLINE);

      message = sc_org_view_get_save_error (wait.view);
      g_test_message ("fault %u: %s", save_faults[i].fault, message);
      if (strstr (message, save_faults[i].shown) == NULL)
        g_error ("fault %u: “%s” not in “%s”", save_faults[i].fault, save_faults[i].shown, message);
      sc_test_wait_until_shows (GTK_WIDGET (wait.view), message);
      g_assert_cmpint (gtk_spin_button_get_value_as_int (required), ==, 2);
      g_assert_true (sc_org_view_get_modified (wait.view));

      now = get (f, path);
      g_assert_cmpint (sc_test_get_int (now, "approval_policy.required_approvals"), ==,
                       sc_test_get_int (before, "approval_policy.required_approvals"));
    }
  sc_test_screenshot ("hostile-org-save.png");

  sc_test_proxy_clear_rules (f->proxy);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.view), "org.save", NULL));
  sc_test_wait_for (org_settled, &wait, DEADLINE);
  g_assert_null (sc_org_view_get_save_error (wait.view));
  g_assert_false (sc_org_view_get_modified (wait.view));
  after = get (f, path);
  g_assert_cmpint (sc_test_get_int (after, "approval_policy.required_approvals"), ==, 2);
}

/* Everything the Organization view loads is held back: the view says it
 * is loading, the main loop keeps turning (a timeout source fires again
 * and again), and once the answers come the view shows them. */
static void
test_org_slow (Fixture       *f,
               gconstpointer  data)
{
  OrgWait wait = { f, NULL, 0 };
  guint tick;

  sc_test_proxy_add_rule (f->proxy, "GET", "/api/v1/orgs/*", SC_TEST_FAULT_SLOW);
  wait.view = open_org_view (f);
  tick = g_timeout_add (10, tick_cb, &wait.ticks);
  sc_test_wait_for (org_held_and_ticking, &wait, DEADLINE);
  g_source_remove (tick);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (wait.view)), ==, "loading");

  sc_test_proxy_clear_rules (f->proxy);
  sc_test_proxy_release (f->proxy);
  sc_test_wait_for (org_settled, &wait, DEADLINE);
  if (g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (wait.view)), "settings") != 0)
    {
      g_autofree char *text = sc_test_screen_text (GTK_WIDGET (wait.view));

      g_error ("the view is “%s”, not “settings”:\n%s", sc_section_view_get_state (SC_SECTION_VIEW (wait.view)), text);
    }
}

/* --- Promotion paths ------------------------------------------------------------ */

typedef struct {
  ScPathsView  *view;
  ScPathEditor *editor;
} PathsWait;

static gboolean
paths_ready (gpointer data)
{
  PathsWait *wait = data;

  return !sc_section_view_get_loading (SC_SECTION_VIEW (wait->view)) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (wait->view)), "loading") != 0 &&
         sc_path_editor_get_orgs_loaded (wait->editor);
}

static gboolean
path_editor_idle (gpointer data)
{
  return !sc_path_editor_get_busy (((PathsWait *) data)->editor);
}

/* The admin renames the demo's path and retags its last stage; each fault
 * fails the save with the message above the stages, the name and tag
 * typed kept and the server unchanged; then the save goes through. */
static void
test_path_save (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *list_path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  g_autoptr(JsonNode) paths = get (f, list_path);
  g_autofree char *path_id = g_strdup (sc_test_get_string (paths, "items[0].id"));
  g_autofree char *path = g_strdup_printf ("/promotion-paths/%s", path_id);
  g_autoptr(JsonNode) before = get (f, path);
  g_autoptr(JsonNode) after = NULL;
  PathsWait wait = { SC_PATHS_VIEW (open_section (f, f->dev_org, "paths")), NULL };
  guint last;

  wait.editor = sc_paths_view_get_editor (wait.view);
  sc_test_wait_for (paths_ready, &wait, DEADLINE);
  g_assert_true (sc_paths_view_select (wait.view, path_id));
  last = sc_path_editor_get_n_stages (wait.editor) - 1;
  sc_path_editor_set_name (wait.editor, "Renamed pipeline");
  sc_path_editor_set_stage_tag (wait.editor, last, "production");

  for (guint i = 0; i < G_N_ELEMENTS (save_faults); i++)
    {
      g_autoptr(JsonNode) now = NULL;
      const char *message;

      sc_test_proxy_clear_rules (f->proxy);
      sc_test_proxy_add_rule (f->proxy, "PUT", "/api/v1/promotion-paths/*", save_faults[i].fault);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.editor), "path-editor.save", NULL));
      sc_test_wait_for (path_editor_idle, &wait, DEADLINE);

      message = sc_path_editor_get_message (wait.editor);
      g_assert_nonnull (message);
      g_test_message ("fault %u: %s", save_faults[i].fault, message);
      if (strstr (message, save_faults[i].shown) == NULL)
        g_error ("fault %u: “%s” not in “%s”", save_faults[i].fault, save_faults[i].shown, message);
      sc_test_wait_until_shows (GTK_WIDGET (wait.editor), message);
      g_assert_cmpstr (sc_path_editor_get_name (wait.editor), ==, "Renamed pipeline");
      g_assert_cmpstr (sc_path_editor_get_stage_tag (wait.editor, last), ==, "production");
      now = get (f, path);
      g_assert_cmpstr (sc_test_get_string (now, "name"), ==, sc_test_get_string (before, "name"));
      g_assert_cmpstr (sc_test_get_string (now, "etag"), ==, sc_test_get_string (before, "etag"));
    }
  sc_test_screenshot ("hostile-path-save.png");

  sc_test_proxy_clear_rules (f->proxy);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.editor), "path-editor.save", NULL));
  sc_test_wait_for (path_editor_idle, &wait, DEADLINE);
  g_assert_null (sc_path_editor_get_message (wait.editor));
  after = get (f, path);
  g_assert_cmpstr (sc_test_get_string (after, "name"), ==, "Renamed pipeline");
}

/* --- Workflows ---------------------------------------------------------------- */

typedef struct {
  ScWorkflowsView *view;
  guint            ticks;
} ListWait;

static gboolean
list_settled (gpointer data)
{
  ListWait *wait = data;

  return !sc_section_view_get_loading (SC_SECTION_VIEW (wait->view)) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (wait->view)), "loading") != 0;
}

/* Answers to the list no client should take in: each ends in the error
 * state with its message and Retry, while the main loop kept turning;
 * Retry once the server behaves shows the list. */
static void
test_workflows_list (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    ScTestFault  fault;
    const char  *shown;
  } faults[] = {
    { SC_TEST_FAULT_HUGE, "larger than 16 MiB" },
    { SC_TEST_FAULT_HUGE_LENGTH, "larger than 16 MiB" },
    { SC_TEST_FAULT_DEEP, "nested more than" },
    { SC_TEST_FAULT_MALFORMED, "control character" },
    { SC_TEST_FAULT_TRUNCATED, "cannot read" },
    { SC_TEST_FAULT_RESET, "broke before its answer was complete" },
    { SC_TEST_FAULT_500_BARE, "could not complete the request" },
    { SC_TEST_FAULT_HTML, "text/html" },
  };
  GtkWidget *window = adw_window_new ();
  ListWait wait = { SC_WORKFLOWS_VIEW (sc_workflows_view_new ()), 0 };
  guint tick;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (wait.view));
  gtk_window_present (GTK_WINDOW (window));
  sc_session_set_org_id (f->session, f->dev_org);
  tick = g_timeout_add (10, tick_cb, &wait.ticks);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      const char *message;

      sc_test_proxy_clear_rules (f->proxy);
      sc_test_proxy_add_rule (f->proxy, "GET", "/api/v1/orgs/*/workflows", faults[i].fault);
      if (i == 0)
        sc_section_view_set_session (SC_SECTION_VIEW (wait.view), f->session);
      else
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.view), "workflows.reload", NULL));
      wait.ticks = 0;
      sc_test_wait_for (list_settled, &wait, DEADLINE);

      g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (wait.view)), ==, "error");
      message = sc_section_view_get_error_message (SC_SECTION_VIEW (wait.view));
      g_test_message ("fault %u: %s (the loop turned %u times meanwhile)", faults[i].fault, message,
                      wait.ticks);
      if (strstr (message, faults[i].shown) == NULL)
        g_error ("fault %u: “%s” not in “%s”", faults[i].fault, faults[i].shown, message);
      sc_test_wait_until_shows (GTK_WIDGET (wait.view), message);
      g_assert_nonnull (sc_test_find_widget (GTK_WIDGET (wait.view), sc_test_is_button_for,
                                             "workflows.reload"));
    }
  sc_test_screenshot ("hostile-workflows.png");
  g_source_remove (tick);

  sc_test_proxy_clear_rules (f->proxy);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.view), "workflows.reload", NULL));
  sc_test_wait_for (list_settled, &wait, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (wait.view)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (sc_workflows_view_get_model (wait.view)), >, 0);
  sc_section_view_set_session (SC_SECTION_VIEW (wait.view), NULL);
}

/* --- Share ------------------------------------------------------------------------ */

static gboolean
share_loaded (gpointer dialog)
{
  return g_strcmp0 (sc_share_dialog_get_state (dialog), "content") == 0;
}

static gboolean
share_idle (gpointer dialog)
{
  return !sc_share_dialog_get_busy (dialog);
}

/* The admin narrows the general access of Invoice sync to nobody; each
 * fault fails the save inline, the dialog stays open with the choice kept,
 * the server still has the old sharing; then the save goes through. */
static void
test_share_save (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = workflow_id (f, f->dev_org, "Invoice sync");
  g_autofree char *path = g_strdup_printf ("/workflows/%s/sharing", id);
  g_autoptr(JsonObject) workflow = sc_test_get_workflow (f->session, id);
  g_autoptr(ScWorkflow) model = sc_workflow_new (workflow);
  g_autoptr(GtkWidget) dialog = g_object_ref_sink (sc_share_dialog_new (f->session, model));
  g_autoptr(JsonNode) before = get (f, path);
  g_autoptr(JsonNode) after = NULL;
  g_auto(ScTestEmitted) saved = { NULL };
  AdwComboRow *general;

  g_signal_connect (dialog, "saved", G_CALLBACK (sc_test_emitted_cb), &saved);
  gtk_window_present (GTK_WINDOW (dialog));
  sc_test_wait_for (share_loaded, dialog, DEADLINE);
  general = ADW_COMBO_ROW (sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW)));
  g_assert_nonnull (general);
  g_assert_cmpstr (sc_test_get_string (before, "general_access"), !=, "none");
  adw_combo_row_set_selected (general, 0);

  for (guint i = 0; i < G_N_ELEMENTS (save_faults); i++)
    {
      g_autoptr(JsonNode) now = NULL;

      sc_test_proxy_clear_rules (f->proxy);
      sc_test_proxy_add_rule (f->proxy, "PUT", "/api/v1/workflows/*/sharing", save_faults[i].fault);
      g_assert_true (gtk_widget_activate_action (dialog, "share.save", NULL));
      sc_test_wait_for (share_idle, dialog, DEADLINE);

      sc_test_wait_until_shows (dialog, save_faults[i].shown);
      g_assert_true (gtk_widget_get_visible (dialog));
      g_assert_cmpuint (saved.count, ==, 0);
      g_assert_cmpuint (adw_combo_row_get_selected (general), ==, 0);
      now = get (f, path);
      g_assert_cmpstr (sc_test_get_string (now, "general_access"), ==,
                       sc_test_get_string (before, "general_access"));
    }
  sc_test_screenshot ("hostile-share-save.png");

  sc_test_proxy_clear_rules (f->proxy);
  g_assert_true (gtk_widget_activate_action (dialog, "share.save", NULL));
  sc_test_wait_for (sc_test_was_emitted, &saved, DEADLINE);
  after = get (f, path);
  g_assert_cmpstr (sc_test_get_string (after, "general_access"), ==, "none");
}

/* --- Request to Promote ----------------------------------------------------------- */

static JsonObject *
stages_item (ScSession  *session,
             const char *workflow_id)
{
  ScClient *client = sc_session_get_client (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  GAsyncResult *slot = NULL;

  sc_client_get_stages_async (client, workflow_id, NULL, sc_test_result_cb, &slot);
  result = sc_test_wait_result (&slot, DEADLINE);
  page = sc_client_get_stages_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), >=, 1);
  return json_object_ref (sc_client_page_get_item (page, 0));
}

static gboolean
is_stack_with (GtkWidget     *widget,
               gconstpointer  page)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL;
}

static gboolean
preview_shown (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "preview") == 0;
}

static char *
text_of (GtkTextView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  return gtk_text_iter_get_text (&start, &end);
}

/* The Staging copy of Slack alerts asks to go on to Production (approvals
 * on) with a message; each fault fails the request with the error in the
 * dialog and the message kept, and files nothing; then it goes through
 * with that message. */
static void
test_request_message (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = workflow_id (f, f->stage_org, "Slack alerts");
  g_autoptr(JsonObject) workflow = sc_test_get_workflow (f->session, id);
  g_autoptr(JsonObject) item = stages_item (f->session, id);
  g_autoptr(ScWorkflow) model = NULL;
  g_autoptr(ScPathProgress) progress = NULL;
  g_autoptr(GtkWidget) dialog = NULL;
  g_auto(ScTestEmitted) requested = { NULL };
  g_autoptr(JsonNode) pending = NULL;
  const char *typed = "Ready for the quarter close.\nTested in Staging.";
  GtkTextView *message;
  GtkStack *stack;

  model = sc_workflow_new (workflow);
  progress = sc_path_progress_new_from_json (item);
  dialog = g_object_ref_sink (sc_promote_dialog_new (f->session, model, progress));
  g_signal_connect (dialog, "requested", G_CALLBACK (sc_test_emitted_cb), &requested);
  gtk_window_present (GTK_WINDOW (dialog));
  stack = GTK_STACK (sc_test_find_widget (dialog, is_stack_with, "preview"));
  g_assert_nonnull (stack);
  sc_test_wait_for (preview_shown, stack, DEADLINE);
  sc_assert_shows (dialog, "Message for Reviewers");

  message = GTK_TEXT_VIEW (sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW)));
  g_assert_nonnull (message);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (message), typed, -1);

  for (guint i = 0; i < G_N_ELEMENTS (save_faults); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) none = NULL;

      sc_test_proxy_clear_rules (f->proxy);
      sc_test_proxy_add_rule (f->proxy, "POST", "/api/v1/approval-requests", save_faults[i].fault);
      g_assert_true (gtk_widget_activate_action (dialog, "promote.confirm", NULL));
      sc_test_wait_until_shows (dialog, save_faults[i].shown);
      sc_test_wait_for (preview_shown, stack, DEADLINE);

      g_assert_true (gtk_widget_get_visible (dialog));
      g_assert_cmpuint (requested.count, ==, 0);
      text = text_of (message);
      g_assert_cmpstr (text, ==, typed);
      none = get (f, "/approval-requests?mine=true&state=pending");
      for (guint j = 0; j < sc_test_get_length (none, "items"); j++)
        {
          g_autofree char *member = g_strdup_printf ("items[%u].workflow.id", j);

          g_assert_cmpstr (sc_test_get_string (none, member), !=, id);
        }
    }
  sc_test_screenshot ("hostile-request.png");

  sc_test_proxy_clear_rules (f->proxy);
  g_assert_true (gtk_widget_activate_action (dialog, "promote.confirm", NULL));
  sc_test_wait_for (sc_test_was_emitted, &requested, DEADLINE);
  g_assert_cmpstr (json_object_get_string_member (requested.object, "message"), ==, typed);
  pending = get (f, "/approval-requests?mine=true&state=pending");
  g_assert_cmpuint (sc_test_get_length (pending, "items"), >=, 1);
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

  ADD ("/ui/hostile/sign-in", test_sign_in);
  ADD ("/ui/hostile/org-save", test_org_save);
  ADD ("/ui/hostile/org-slow", test_org_slow);
  ADD ("/ui/hostile/path-save", test_path_save);
  ADD ("/ui/hostile/workflows-list", test_workflows_list);
  ADD ("/ui/hostile/share-save", test_share_save);
  ADD ("/ui/hostile/request-message", test_request_message);
#undef ADD

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
