/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The real window against the real server, under a headless X server.
 *
 * Each case starts stagecraft-server --demo on 127.0.0.1:0 with a fresh
 * database, builds the window as the app does and drives its widgets the
 * way a user would: fields, buttons ("clicked" is emitted directly: a
 * gtk_widget_activate() only clicks after ~250 ms), the window's and the
 * dialogs' actions. Nothing sleeps: every step waits for a condition with a
 * deadline while the main context spins. What the window shows is checked
 * against what the server says. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-application.h"
#include "sc-promote-dialog.h"
#include "sc-sign-in-page.h"
#include "sc-test-server.h"
#include "sc-workflow-details-private.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"
#include "sc-workflow-details.h"
#include "sc-workflow.h"
#include "sc-workflows-view.h"

#define DEADLINE 30

typedef struct {
  ScTestServer  *server;
  ScWindow      *window;
} Fixture;

/* One application for the whole program, as in the app: registered once
 * (on a session bus a second registration of the same id in one process
 * fails until the first is finalized, which only g_application_run's
 * shutdown leads to). Each case gets a new window and forgets the
 * accounts of the previous ones. */
static ScApplication *app;

/* Whether a sign-in of this case found no keyring to keep its token in. */
static gboolean keyring_missing;

/* Without a Secret Service (a run outside scripts/test's D-Bus session) a
 * sign-in still works; the app warns that it could not keep the token.
 * That warning, and only that one, is expected there: it is neither
 * printed as a TAP bail-out nor fatal. */
static gboolean
is_keyring_warning (const char     *log_domain,
                    GLogLevelFlags  log_level,
                    const char     *message)
{
  return g_strcmp0 (log_domain, "Stagecraft-Accounts") == 0 &&
         (log_level & G_LOG_LEVEL_WARNING) != 0 &&
         strstr (message, "keyring") != NULL;
}

static void
accounts_log_cb (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  if (is_keyring_warning (log_domain, log_level, message))
    {
      keyring_missing = TRUE;
      g_test_message ("without a keyring: %s", message);
    }
  else
    g_log_default_handler (log_domain, log_level, message, user_data);
}

static gboolean
log_fatal_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return !is_keyring_warning (log_domain, log_level, message);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  /* reset before each case by GLib */
  g_test_log_set_fatal_handler (log_fatal_cb, NULL);

  g_settings_reset (settings, "accounts");
  g_settings_reset (settings, "current-account");
  g_settings_reset (settings, "current-org");
  /* no notification daemon on the test's bus (tests/test-ui-notify.c
   * covers them) */
  g_settings_set_boolean (settings, "notifications", FALSE);
  keyring_missing = FALSE;

  f->server = sc_test_server_start (TRUE, NULL);
  f->window = sc_window_new (ADW_APPLICATION (app), sc_application_get_accounts (app));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  sc_test_server_stop (f->server);
}

/* --- the server's side ----------------------------------------------------- */

/* GET @path as @email (a demo user), asserting 200; the body. */
static JsonNode *
server_get (Fixture    *f,
            const char *email,
            const char *path)
{
  g_autoptr(ScTestResponse) response = NULL;

  response = sc_test_request (f->server, "GET", path, sc_test_server_demo_token (f->server, email),
                              NULL, NULL);
  sc_assert_status (response, 200);
  g_assert_nonnull (response->body);
  return json_node_ref (response->body);
}

static char *
org_id_named (Fixture    *f,
              const char *name)
{
  g_autoptr(JsonNode) me = server_get (f, "admin@acme.test", "/me");
  guint n = sc_test_get_length (me, "memberships");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("memberships[%u]", i);
      JsonNode *m = sc_test_get (me, path);

      if (g_strcmp0 (sc_test_get_string (m, "org_name"), name) == 0)
        return g_strdup (sc_test_get_string (m, "org_id"));
    }
  g_error ("the demo has no org %s", name);
  return NULL;
}

/* The first stage after the current one on the first path of @workflow_id,
 * as @email sees it, or NULL. */
static JsonNode *
next_stage (Fixture    *f,
            const char *email,
            const char *workflow_id)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s/stages", workflow_id);
  g_autoptr(JsonNode) stages = server_get (f, email, path);
  g_autofree char *next = NULL;
  JsonNode *stage;

  if (sc_test_get_length (stages, "items") == 0)
    return NULL;
  next = g_strdup_printf ("items[0].stages[%" G_GINT64_FORMAT "]",
                          sc_test_get_int (stages, "items[0].current_index") + 1);
  stage = sc_test_get (stages, next);
  return stage != NULL ? json_node_copy (stage) : NULL;
}

typedef gboolean (*StageMatch) (JsonNode *stage);

/* The id of a workflow of @org (as @email sees it) whose next stage on
 * its first path @match accepts; @stage_out (nullable) gets that stage. */
static char *
find_workflow (Fixture     *f,
               const char  *email,
               const char  *org_id,
               StageMatch   match,
               GHashTable  *exclude,
               JsonNode   **stage_out)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows?limit=500", org_id);
  g_autoptr(JsonNode) list = server_get (f, email, path);
  guint n = sc_test_get_length (list, "items");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id_path = g_strdup_printf ("items[%u].id", i);
      const char *id = sc_test_get_string (list, id_path);
      g_autoptr(JsonNode) stage = NULL;

      if (exclude != NULL && g_hash_table_contains (exclude, id))
        continue;
      stage = next_stage (f, email, id);

      if (stage != NULL && match (stage))
        {
          if (stage_out != NULL)
            *stage_out = g_steal_pointer (&stage);
          return g_strdup (id);
        }
    }
  return NULL;
}

static gboolean
stage_promotes (JsonNode *stage)
{
  return sc_test_get_bool (stage, "can_promote") &&
         g_strcmp0 (sc_test_get_string (stage, "action"), "promote") == 0;
}

static gboolean
stage_refused (JsonNode *stage)
{
  return !sc_test_get_bool (stage, "can_promote") && sc_test_get_string (stage, "reason") != NULL;
}

/* The server's can_promote is FALSE there (promoting needs an approved
 * request); asking for one is what the action offers. */
static gboolean
stage_requests (JsonNode *stage)
{
  return sc_test_get_bool (stage, "requires_approval") &&
         g_strcmp0 (sc_test_get_string (stage, "action"), "request") == 0;
}

/* --- the widgets ------------------------------------------------------------ */

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

/* What the button reads (without its mnemonic underline). */
static char *
button_label (GtkWidget *button)
{
  const char *text = gtk_button_get_label (GTK_BUTTON (button));
  GString *label = g_string_new (NULL);

  if (text == NULL)
    {
      GtkWidget *child = sc_test_find_widget (button, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_LABEL));

      text = child != NULL ? gtk_label_get_text (GTK_LABEL (child)) : "";
    }
  for (; *text != '\0'; text++)
    if (*text != '_')
      g_string_append_c (label, *text);
  return g_string_free (label, FALSE);
}

/* --- conditions --------------------------------------------------------------- */

static gboolean
page_is_main (gpointer data)
{
  return g_strcmp0 (sc_window_get_page (data), "main") == 0;
}

static gboolean
sign_in_settled (gpointer data)
{
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (data));

  return g_strcmp0 (sc_window_get_page (data), "sign-in") == 0 &&
         !sc_sign_in_page_get_busy (page) && sc_sign_in_page_get_error (page) != NULL;
}

static ScWorkflowsView *
workflows_view (Fixture *f)
{
  return SC_WORKFLOWS_VIEW (sc_window_get_view (f->window, "workflows"));
}

static ScWorkflowDetails *
details (Fixture *f)
{
  return SC_WORKFLOW_DETAILS (sc_workflows_view_get_details (workflows_view (f)));
}

static gboolean
workflows_listed (gpointer data)
{
  GtkWidget *view = sc_window_get_view (data, "workflows");

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "list") == 0;
}

static gboolean
session_is_dev (gpointer data)
{
  ScSession *session = sc_window_get_session (data);

  return session != NULL && g_strcmp0 (sc_session_get_email (session), "dev@acme.test") == 0;
}

typedef struct {
  Fixture    *f;
  const char *workflow_id;
} Shown;

static gboolean
details_shown (gpointer data)
{
  Shown *shown = data;
  ScWorkflowDetails *d = details (shown->f);

  return g_strcmp0 (sc_workflow_details_get_workflow_id (d), shown->workflow_id) == 0 &&
         g_strcmp0 (sc_workflow_details_get_state (d), "content") == 0 &&
         !sc_workflow_details_get_loading (d) &&
         sc_workflow_details_get_promote_button (d, 0) != NULL;
}

static gboolean
promote_dialog_open (gpointer data)
{
  return sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG) != NULL;
}

static gboolean
promote_dialog_closed (gpointer data)
{
  return sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG) == NULL;
}

/* The preview arrived and the primary button may be pressed. */
static gboolean
promote_dialog_ready (gpointer data)
{
  GtkWidget *dialog = sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG);
  GtkWidget *confirm;

  if (dialog == NULL)
    return FALSE;
  confirm = sc_test_find_widget (dialog, has_action, "promote.confirm");
  return confirm != NULL && gtk_widget_get_sensitive (confirm);
}

typedef struct {
  Fixture *f;
  guint    count;
} Count;

static gboolean
history_grew (gpointer data)
{
  Count *c = data;

  return sc_workflow_details_get_history_count (details (c->f)) > c->count;
}

static gboolean
toast_shown (gpointer data)
{
  return sc_test_toast_title (data) != NULL;
}

static gboolean
page_is_sign_in (gpointer data)
{
  return g_strcmp0 (sc_window_get_page (data), "sign-in") == 0;
}

/* --- steps ------------------------------------------------------------------- */

/* Signs in through the sign-in page as @email (a demo user of the test
 * server, not the app's own demo) and waits for the workflow list. */
static void
sign_in_as (Fixture    *f,
            const char *email)
{
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (f->window));

  sc_window_restore (f->window);
  g_assert_cmpstr (sc_window_get_page (f->window), ==, "sign-in");
  sc_sign_in_page_set_server_url (page, f->server->url);
  sc_sign_in_page_set_token (page, sc_test_server_demo_token (f->server, email));
  g_signal_emit_by_name (page, "sign-in");
  sc_test_wait_for (page_is_main, f->window, DEADLINE);
  g_assert_cmpstr (sc_session_get_email (sc_window_get_session (f->window)), ==, email);
  sc_test_wait_for (workflows_listed, f->window, DEADLINE);
}

static void
show_workflow (Fixture    *f,
               const char *workflow_id)
{
  Shown shown = { f, workflow_id };

  g_assert_true (sc_workflows_view_select (workflows_view (f), workflow_id));
  sc_test_wait_for (details_shown, &shown, DEADLINE);
}

typedef struct {
  Fixture    *f;
  const char *org_id;
} OrgListed;

static gboolean
org_listed (gpointer data)
{
  OrgListed *o = data;
  ScSession *session = sc_window_get_session (o->f->window);

  return g_strcmp0 (sc_session_get_org_id (session), o->org_id) == 0 &&
         workflows_listed (o->f->window);
}

/* Chooses @org_name in the sidebar's organization switcher. */
static void
switch_org (Fixture    *f,
            const char *org_name)
{
  g_autofree char *org_id = org_id_named (f, org_name);
  GtkWidget *dropdown = sc_test_find_widget (GTK_WIDGET (f->window), has_tooltip, "Organization");
  GListModel *orgs;
  OrgListed listed = { f, org_id };
  guint i;

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  orgs = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
  for (i = 0; i < g_list_model_get_n_items (orgs); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (orgs), i), org_name) == 0)
      break;
  g_assert_cmpuint (i, <, g_list_model_get_n_items (orgs));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  sc_test_wait_for (org_listed, &listed, DEADLINE);
}

/* Presses the Promote button of the first path and returns the dialog
 * once its preview arrived. */
static GtkWidget *
open_promote_dialog (Fixture *f)
{
  GtkWidget *button = sc_workflow_details_get_promote_button (details (f), 0);

  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  sc_test_wait_for (promote_dialog_open, NULL, DEADLINE);
  sc_test_wait_for (promote_dialog_ready, NULL, DEADLINE);
  return sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG);
}

/* --- the cases ---------------------------------------------------------------- */

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (f->window));
  const char *good = sc_test_server_demo_token (f->server, "admin@acme.test");
  ScSession *session;

  sc_window_restore (f->window);
  g_assert_cmpstr (sc_window_get_page (f->window), ==, "sign-in");

  /* a bad token: the server's refusal is shown, nothing typed is lost */
  sc_sign_in_page_set_server_url (page, f->server->url);
  sc_sign_in_page_set_token (page, "scp_tok_aaaaaaaaaaaaaaaaaaaa_wrong");
  g_signal_emit_by_name (page, "sign-in");
  sc_test_wait_for (sign_in_settled, f->window, DEADLINE);
  g_assert_true (strstr (sc_sign_in_page_get_error (page), "Sign in again") != NULL ||
                 strstr (sc_sign_in_page_get_error (page), "token") != NULL);
  g_assert_cmpstr (sc_sign_in_page_get_server_url (page), ==, f->server->url);
  g_assert_cmpstr (sc_sign_in_page_get_token (page), ==, "scp_tok_aaaaaaaaaaaaaaaaaaaa_wrong");

  /* nothing listens there: a network error, in words */
  sc_sign_in_page_set_server_url (page, "http://127.0.0.1:9");
  g_signal_emit_by_name (page, "sign-in");
  sc_test_wait_for (sign_in_settled, f->window, DEADLINE);
  g_assert_nonnull (sc_sign_in_page_get_error (page));
  g_assert_cmpstr (sc_sign_in_page_get_server_url (page), ==, "http://127.0.0.1:9");

  /* the good one */
  sc_sign_in_page_set_server_url (page, f->server->url);
  sc_sign_in_page_set_token (page, good);
  g_signal_emit_by_name (page, "sign-in");
  sc_test_wait_for (page_is_main, f->window, DEADLINE);

  session = sc_window_get_session (f->window);
  g_assert_nonnull (session);
  g_assert_cmpstr (sc_session_get_email (session), ==, "admin@acme.test");
  g_assert_false (sc_session_is_demo (session));
  /* the secret is not left in the form */
  g_assert_cmpstr (sc_sign_in_page_get_token (page), ==, "");

  sc_test_wait_for (workflows_listed, f->window, DEADLINE);

  /* kept in the keyring (scripts/test has one): a new window signs in
   * with it by itself */
  if (keyring_missing)
    {
      g_assert_cmpint (sc_accounts_get_current (sc_application_get_accounts (app)), ==, -1);
      g_test_message ("no keyring: the account is not remembered");
    }
  else
    {
      ScWindow *second = sc_window_new (ADW_APPLICATION (app), sc_application_get_accounts (app));

      g_assert_cmpint (sc_accounts_get_current (sc_application_get_accounts (app)), ==, 0);
      gtk_window_present (GTK_WINDOW (second));
      sc_window_restore (second);
      sc_test_wait_for (page_is_main, second, DEADLINE);
      g_assert_cmpstr (sc_session_get_email (sc_window_get_session (second)), ==, "admin@acme.test");
      g_assert_cmpstr (sc_session_get_server_url (sc_window_get_session (second)), ==, f->server->url);
      gtk_window_destroy (GTK_WINDOW (second));

      /* as the app starts, restored before it is shown: the keyring is
       * looked up after the window's first frame, never before */
      second = sc_window_new (ADW_APPLICATION (app), sc_application_get_accounts (app));
      sc_window_restore (second);
      g_assert_cmpstr (sc_window_get_page (second), ==, "loading");
      g_assert_true (sc_window_get_restore_pending (second));
      gtk_window_present (GTK_WINDOW (second));
      g_assert_true (sc_window_get_restore_pending (second));
      sc_test_wait_for (page_is_main, second, DEADLINE);
      g_assert_false (sc_window_get_restore_pending (second));
      g_assert_cmpstr (sc_session_get_email (sc_window_get_session (second)), ==, "admin@acme.test");
      gtk_window_destroy (GTK_WINDOW (second));
    }
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  GListModel *model;
  ScSession *session;

  sc_window_start_demo (f->window);
  sc_test_wait_for (page_is_main, f->window, 60);

  session = sc_window_get_session (f->window);
  g_assert_true (sc_session_is_demo (session));
  g_assert_cmpstr (sc_session_get_email (session), ==, "admin@acme.test");
  g_assert_cmpstr (sc_session_get_org_name (session), ==, "Acme Development");

  sc_test_wait_for (workflows_listed, f->window, DEADLINE);
  model = sc_workflows_view_get_model (workflows_view (f));
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 5);

  /* switch to the developer */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-demo-user", "s", "dev@acme.test");
  sc_test_wait_for (page_is_main, f->window, DEADLINE);
  sc_test_wait_for (session_is_dev, f->window, DEADLINE);
  g_assert_true (sc_session_is_demo (sc_window_get_session (f->window)));
  sc_test_wait_for (workflows_listed, f->window, DEADLINE);

  /* Preferences lists the demo's users, the one signed in marked */
  {
    GtkWidget *preferences;
    g_autofree char *in_use = NULL;

    sc_window_show_preferences (f->window);
    preferences = sc_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
    g_assert_nonnull (preferences);
    sc_test_wait_until_shows (preferences, "Demo user · in use");
    sc_assert_shows (preferences, "admin@acme.test");
    sc_assert_shows (preferences, "reviewer@acme.test");
    sc_assert_not_shows (preferences, "No accounts yet");
    in_use = sc_test_screen_text (preferences);
    g_assert_nonnull (strstr (in_use, "dev@acme.test\nDemo user · in use"));
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  /* Leave the Demo: its server stops */
  g_assert_nonnull (sc_accounts_get_demo_server (sc_application_get_accounts (app)));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-out", NULL);
  sc_test_wait_for (page_is_sign_in, f->window, DEADLINE);
  g_assert_null (sc_accounts_get_demo_server (sc_application_get_accounts (app)));
}

/* The list shows the workflows the server has for the org, by name, in
 * the server's order. */
static void
test_workflow_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dev_org = org_id_named (f, "Acme Development");
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows?limit=500", dev_org);
  g_autoptr(JsonNode) expected = NULL;
  GListModel *model;
  guint n;

  sign_in_as (f, "admin@acme.test");
  g_assert_cmpstr (sc_session_get_org_id (sc_window_get_session (f->window)), ==, dev_org);

  expected = server_get (f, "admin@acme.test", path);
  n = sc_test_get_length (expected, "items");
  g_assert_cmpuint (n, >=, 5);

  model = sc_workflows_view_get_model (workflows_view (f));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScWorkflow) item = g_list_model_get_item (model, i);
      g_autofree char *name_path = g_strdup_printf ("items[%u].name", i);
      g_autofree char *id_path = g_strdup_printf ("items[%u].id", i);

      g_assert_true (SC_IS_WORKFLOW (item));
      g_assert_cmpstr (sc_workflow_get_name (item), ==, sc_test_get_string (expected, name_path));
      g_assert_cmpstr (sc_workflow_get_id (item), ==, sc_test_get_string (expected, id_path));
    }
}

/* Promote a release from dev to stage through the details and the dialog:
 * the history row appears and a toast says so. */
static void
test_promote (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *dev_org = org_id_named (f, "Acme Development");
  g_autoptr(JsonNode) stage = NULL;
  g_autofree char *workflow_id = NULL;
  g_autofree char *history_path = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *label = NULL;
  GtkWidget *dialog;
  Count count = { f, 0 };

  sign_in_as (f, "admin@acme.test");

  workflow_id = find_workflow (f, "admin@acme.test", dev_org, stage_promotes, NULL, &stage);
  g_assert_nonnull (workflow_id);
  g_assert_cmpstr (sc_test_get_string (stage, "org_name"), ==, "Acme Staging");
  history_path = g_strdup_printf ("/promotions?workflow_id=%s", workflow_id);
  before = server_get (f, "admin@acme.test", history_path);

  show_workflow (f, workflow_id);
  count.count = sc_workflow_details_get_history_count (details (f));
  g_assert_cmpuint (count.count, ==, sc_test_get_length (before, "items"));
  label = button_label (sc_workflow_details_get_promote_button (details (f), 0));
  g_assert_cmpstr (label, ==, "Promote");
  g_assert_null (sc_test_toast_title (GTK_WIDGET (f->window)));

  dialog = open_promote_dialog (f);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_activate_action (dialog, "promote.confirm", NULL));

  sc_test_wait_for (promote_dialog_closed, NULL, DEADLINE);
  sc_test_wait_for (history_grew, &count, DEADLINE);
  sc_test_wait_for (toast_shown, f->window, DEADLINE);
  g_test_message ("toast: %s", sc_test_toast_title (GTK_WIDGET (f->window)));
  g_assert_nonnull (strstr (sc_test_toast_title (GTK_WIDGET (f->window)), sc_test_get_string (stage, "tag")));

  /* the row is the server's record */
  after = server_get (f, "admin@acme.test", history_path);
  g_assert_cmpuint (sc_test_get_length (after, "items"), ==, count.count + 1);
  g_assert_cmpuint (sc_workflow_details_get_history_count (details (f)), ==,
                    sc_test_get_length (after, "items"));
  g_assert_cmpstr (sc_test_get_string (after, "items[0].outcome"), ==, "succeeded");
  g_assert_cmpstr (sc_test_get_string (after, "items[0].target.tag"), ==,
                   sc_test_get_string (stage, "tag"));
}

/* dev@acme.test is a developer in Development only: promoting into Acme
 * Staging is refused, and the button says why (the server's words). */
static void
test_promote_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dev_org = org_id_named (f, "Acme Development");
  g_autoptr(JsonNode) stage = NULL;
  g_autofree char *workflow_id = NULL;
  GtkWidget *button;
  GtkWidget *hint;

  sign_in_as (f, "dev@acme.test");

  /* one the admin may promote: what refuses the developer is the role */
  workflow_id = find_workflow (f, "admin@acme.test", dev_org, stage_promotes, NULL, NULL);
  g_assert_nonnull (workflow_id);
  stage = next_stage (f, "dev@acme.test", workflow_id);
  g_assert_true (stage_refused (stage));
  g_assert_cmpstr (sc_test_get_string (stage, "org_name"), ==, "Acme Staging");
  g_test_message ("refused: %s", sc_test_get_string (stage, "reason"));

  show_workflow (f, workflow_id);
  button = sc_workflow_details_get_promote_button (details (f), 0);
  hint = sc_workflow_details_get_promote_hint (details (f), 0);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (GTK_IS_LABEL (hint));
  g_assert_true (gtk_widget_get_visible (hint));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, sc_test_get_string (stage, "reason"));
}

static void
requested_cb (GtkWidget  *dialog,
              JsonObject *request,
              gboolean   *requested)
{
  *requested = TRUE;
}

/* As admin, on the Staging copy of a workflow whose next stage (Acme
 * Production) needs approval: Request to Promote files a pending request. */
static void
test_request_to_promote (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *staging_org = org_id_named (f, "Acme Staging");
  g_autoptr(JsonNode) stage = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *workflow_id = NULL;
  const char *message = "Ready for production: reviewed with the team.";
  g_autofree char *label = NULL;
  g_autoptr(GHashTable) pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *dialog;
  GtkWidget *text_view;
  gboolean requested = FALSE;
  guint found = 0;

  sign_in_as (f, "admin@acme.test");
  switch_org (f, "Acme Staging");

  /* one without a pending request already (the demo has one) */
  before = server_get (f, "admin@acme.test", "/approval-requests?state=pending");
  for (guint i = 0; i < sc_test_get_length (before, "items"); i++)
    {
      g_autofree char *id_path = g_strdup_printf ("items[%u].workflow.id", i);

      g_hash_table_add (pending, g_strdup (sc_test_get_string (before, id_path)));
    }
  workflow_id = find_workflow (f, "admin@acme.test", staging_org, stage_requests, pending, &stage);
  g_assert_nonnull (workflow_id);
  g_assert_cmpstr (sc_test_get_string (stage, "org_name"), ==, "Acme Production");

  show_workflow (f, workflow_id);
  label = button_label (sc_workflow_details_get_promote_button (details (f), 0));
  g_assert_cmpstr (label, ==, "Request to Promote");

  dialog = open_promote_dialog (f);
  g_signal_connect (dialog, "requested", G_CALLBACK (requested_cb), &requested);
  text_view = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (text_view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view)), message, -1);
  g_assert_true (gtk_widget_activate_action (dialog, "promote.confirm", NULL));
  sc_test_wait_for (sc_test_flag_set, &requested, DEADLINE);

  after = server_get (f, "admin@acme.test", "/approval-requests?state=pending");
  g_assert_cmpuint (sc_test_get_length (after, "items"), ==, sc_test_get_length (before, "items") + 1);
  for (guint i = 0; i < sc_test_get_length (after, "items"); i++)
    {
      g_autofree char *item = g_strdup_printf ("items[%u]", i);
      JsonNode *request = sc_test_get (after, item);

      if (g_strcmp0 (sc_test_get_string (request, "workflow.id"), workflow_id) != 0)
        continue;
      found++;
      g_assert_cmpstr (sc_test_get_string (request, "state"), ==, "pending");
      g_assert_cmpstr (sc_test_get_string (request, "message"), ==, message);
      g_assert_cmpstr (sc_test_get_string (request, "requester.email"), ==, "admin@acme.test");
      g_assert_cmpstr (sc_test_get_string (request, "target.org_name"), ==, "Acme Production");
    }
  g_assert_cmpuint (found, ==, 1);

  /* the dialog stays to show the request's state */
  g_assert_true (sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG) == dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  sc_test_wait_for (promote_dialog_closed, NULL, DEADLINE);
}

/* The token is revoked while the window uses it: the next call answers
 * 401 and the window asks to sign in again, the server filled in. */
static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  const char *token = sc_test_server_demo_token (f->server, "admin@acme.test");
  g_autofree char *token_id = g_strndup (token + 4, 24);
  g_autofree char *out = NULL;
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (f->window));

  sign_in_as (f, "admin@acme.test");
  g_assert_cmpstr (sc_sign_in_page_get_server_url (page), ==, f->server->url);

  out = sc_test_server_cli (f->server, NULL, "token", "revoke", token_id, NULL);
  g_assert_nonnull (strstr (out, token_id));

  /* Reload (Ctrl+R) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (workflows_view (f)), "workflows.reload", NULL));
  sc_test_wait_for (page_is_sign_in, f->window, DEADLINE);
  g_assert_nonnull (sc_sign_in_page_get_error (page));
  g_assert_nonnull (strstr (sc_sign_in_page_get_error (page), "Sign in again"));
  g_assert_cmpstr (sc_sign_in_page_get_server_url (page), ==, f->server->url);
  g_assert_false (sc_sign_in_page_get_busy (page));
}

/* About shows the release notes of this version, as the metainfo (what
 * software centres show) has them: the text comes from there at build
 * time (data/release-notes.py). No server needed: no fixture. */
/* At 360 px, no section's title is cut short in its header bar. */
static gboolean
is_header_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "title") &&
         gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         gtk_widget_get_ancestor (widget, ADW_TYPE_HEADER_BAR) != NULL;
}

/* one pane (folded), drawn */
static gboolean
one_title_drawn (gpointer view)
{
  g_autoptr(GPtrArray) titles = sc_test_find_all (view, is_header_title, NULL);

  return titles->len == 1;
}

static void
test_narrow_titles (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const names[] = { "workflows", "paths", "approvals", "organization", "activity" };
  g_autoptr(ScSession) session =
    sc_test_session_new (f->server, sc_test_server_demo_token (f->server, "admin@acme.test"),
                         "admin@acme.test");

  /* a window of its own, 360 px wide from the start (a window shown
   * at another size may not have shrunk yet) */
  ScWindow *window = sc_window_new (ADW_APPLICATION (app), sc_application_get_accounts (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_present (GTK_WINDOW (window));
  sc_window_set_session (window, session);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *view = sc_window_get_view (window, names[i]);
      g_autoptr(GPtrArray) titles = NULL;
      GtkLabel *title;

      sc_window_show_section (window, names[i]);
      sc_test_wait_for (one_title_drawn, view, DEADLINE);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);
      titles = sc_test_find_all (view, is_header_title, NULL);
      title = titles->pdata[0];
      if (pango_layout_is_ellipsized (gtk_label_get_layout (title)))
        g_error ("%s: the title “%s” is cut short at 360 px", names[i], gtk_label_get_text (title));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  Fixture    *f;
  const char *path;
  const char *state;
} RequestState;

static gboolean
request_state_is (gpointer data)
{
  RequestState *r = data;
  g_autoptr(JsonNode) request = server_get (r->f, "admin@acme.test", r->path);

  return g_strcmp0 (sc_test_get_string (request, "state"), r->state) == 0;
}

/* The notification's Approve as the desktop activates it, on the app with
 * its window closed: the app signs in with the keyring's token by itself
 * and decides; no window opens. */
static void
test_approve_from_notification (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(JsonNode) pending = server_get (f, "reviewer@acme.test", "/approval-requests?state=pending");
  g_autofree char *id = g_strdup (sc_test_get_string (pending, "items[0].id"));
  g_autofree char *path = g_strconcat ("/approval-requests/", id, NULL);
  RequestState approved = { f, path, "approved" };
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (f->window));

  /* signed in as the reviewer (whose first org lists no workflows) */
  sc_window_restore (f->window);
  sc_sign_in_page_set_server_url (page, f->server->url);
  sc_sign_in_page_set_token (page, sc_test_server_demo_token (f->server, "reviewer@acme.test"));
  g_signal_emit_by_name (page, "sign-in");
  sc_test_wait_for (page_is_main, f->window, DEADLINE);
  if (keyring_missing)
    {
      g_test_skip ("no keyring: the account is not remembered");
      return;
    }
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "approve-request",
                                  g_variant_new ("(sss)", f->server->url, "reviewer@acme.test", id));
  sc_test_wait_for (request_state_is, &approved, DEADLINE);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static void
test_about (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SC_SOURCE_ROOT"), "data",
                                            APP_ID ".metainfo.xml.in", NULL);
  g_autofree char *metainfo = NULL;
  g_autofree char *release = g_strdup_printf ("<release version=\"%s\"", PACKAGE_VERSION);
  g_autofree char *notes = NULL;
  g_autofree char *version = NULL;
  g_autofree char *first = NULL;
  const char *start;
  GtkWidget *about;

  g_assert_true (g_file_get_contents (path, &metainfo, NULL, NULL));
  start = strstr (metainfo, release);
  g_assert_nonnull (start);
  start = strstr (start, "<p>");
  g_assert_nonnull (start);
  first = g_strndup (start, strstr (start, "</p>") + strlen ("</p>") - start);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = sc_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_object_get (about, "release-notes", &notes, "release-notes-version", &version, NULL);
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
  g_assert_nonnull (strstr (notes, first));
  g_assert_nonnull (strstr (notes, "<li>"));
  gtk_window_destroy (GTK_WINDOW (about));
}

/* Before the first frame the window builds the sign-in page only: the
 * loading and main pages stay hidden (neither styled nor measured), the
 * shortcuts window is built when asked for, with its accelerator set. */
static void
test_first_frame (void)
{
  ScWindow *window = sc_window_new (ADW_APPLICATION (app), sc_application_get_accounts (app));
  GtkWidget *stack;
  GtkShortcutsWindow *overlay;
  g_auto(GStrv) accels = NULL;

  /* as it is mapped (no restore asked for: earlier cases left accounts) */
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (sc_window_get_page (window), ==, "sign-in");
  stack = gtk_widget_get_ancestor (sc_window_get_sign_in_page (window), GTK_TYPE_STACK);
  g_assert_nonnull (stack);
  /* the sign-in page's icon at its size is a PNG (GTK reads it itself),
   * not the SVG through gdk-pixbuf's librsvg loader */
  {
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
    g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, "io.github.stagecraft.Stagecraft", NULL,
                                                                   96, 1, GTK_TEXT_DIR_NONE, 0);
    g_autoptr(GFile) file = gtk_icon_paintable_get_file (icon);
    g_autofree char *uri = g_file_get_uri (file);

    g_assert_true (g_str_has_suffix (uri, "/icons/96x96/apps/io.github.stagecraft.Stagecraft.png"));
  }
  /* the loading and main pages are built when a session needs them */
  g_assert_null (gtk_stack_get_child_by_name (GTK_STACK (stack), "main"));
  g_assert_null (gtk_stack_get_child_by_name (GTK_STACK (stack), "loading"));

  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpstr (accels[0], ==, "<Control>question");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  /* asked again: the same window, not a second one */
  gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  /* the API key's rows, made when API Key is first chosen, hold what is set */
  {
    ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (window));

    g_assert_false (sc_sign_in_page_get_uses_api_key (page));
    sc_sign_in_page_set_api_key (page, "client-1", "secret-1");
    g_assert_true (sc_sign_in_page_get_uses_api_key (page));
    g_assert_cmpstr (sc_sign_in_page_get_client_id (page), ==, "client-1");
    g_assert_cmpstr (sc_sign_in_page_get_client_secret (page), ==, "secret-1");
    sc_sign_in_page_set_token (page, NULL);
    g_assert_false (sc_sign_in_page_get_uses_api_key (page));
  }

  /* asked for (a view), it is there, still hidden behind the sign-in page */
  g_assert_nonnull (sc_window_get_view (window, "workflows"));
  g_assert_nonnull (gtk_stack_get_child_by_name (GTK_STACK (stack), "main"));
  g_assert_false (gtk_widget_get_visible (gtk_stack_get_child_by_name (GTK_STACK (stack), "main")));
  g_assert_cmpstr (sc_window_get_page (window), ==, "sign-in");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);
  const char * const *data_dirs = g_get_system_data_dirs ();
  g_autoptr(GError) error = NULL;
  int status;

  /* G_TEST_OPTION_ISOLATE_DIRS hides the system data dirs, and with them
   * the MIME database gdk-pixbuf needs to recognize the app's SVG icon:
   * keep the system's (the user's own stays out). */
  for (guint i = 0; data_dirs[i] != NULL; i++)
    g_ptr_array_add (mime_dirs, g_build_filename (data_dirs[i], "mime", NULL));
  g_ptr_array_add (mime_dirs, NULL);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);
  g_log_set_handler ("Stagecraft-Accounts", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL,
                     accounts_log_cb, NULL);
  gtk_init ();
  adw_init ();
  /* transitions end at once: what a test waits for is there when it is */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  app = sc_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/app/sign-in", test_sign_in);
  ADD ("/ui/app/demo", test_demo);
  ADD ("/ui/app/workflow-list", test_workflow_list);
  ADD ("/ui/app/promote", test_promote);
  ADD ("/ui/app/promote-refused", test_promote_refused);
  ADD ("/ui/app/request-to-promote", test_request_to_promote);
  ADD ("/ui/app/unauthorized", test_unauthorized);
  ADD ("/ui/app/narrow-titles", test_narrow_titles);
  ADD ("/ui/app/approve-from-notification", test_approve_from_notification);
  g_test_add_func ("/ui/app/about", test_about);
  g_test_add_func ("/ui/app/first-frame", test_first_frame);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
