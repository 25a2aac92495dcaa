/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-models.h"
#include "sc-promote-dialog.h"
#include "sc-rollback-dialog.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"

/* The Promote and Roll back dialogs, driven as a user would (the widgets'
 * actions, their text fields, the confirmation dialog) against the real
 * stagecraft-server, and checked through its HTTP API.
 *
 * The fixture builds the demo's shape itself: Acme Development (dev) →
 * Acme Staging (uat) → Acme Production (prod) mapped in that order, the
 * path "Production Pipeline" owned by Development, approvals on for
 * Production; admin@acme.test administers all three, dev@acme.test is a
 * developer in Development, reviewer@acme.test a reviewer in Production.
 * "Invoice sync" (owned by the developer) uses a slack connection every org
 * has; "Nightly report" uses a pagerduty connection only Development has.
 *
 * With SC_SCREENSHOT_DIR set, each case also saves what the screen shows
 * (`import -window root`) at its interesting moments. */

#define DEADLINE 30

typedef struct {
  ScTestServer *server;
  char         *dev_org, *stg_org, *prod_org;
  char         *admin, *dev, *reviewer;
  char         *path_id;
  char         *invoice_id;    /* in Development, v1 */
  char         *report_id;     /* in Development, v1, a connection Staging lacks */
  guint         counter;
} Fixture;

/* --- HTTP ------------------------------------------------------------------- */

static ScTestResponse *
http (Fixture    *f,
      const char *method,
      const char *token,
      const char *body,
      guint       status,
      const char *format,
      ...) G_GNUC_PRINTF (6, 7);

static ScTestResponse *
http (Fixture    *f,
      const char *method,
      const char *token,
      const char *body,
      guint       status,
      const char *format,
      ...)
{
  g_autofree char *path = NULL;
  ScTestResponse *response;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);

  response = sc_test_request (f->server, method, path, token, body, NULL);
  if (status != 0)
    sc_assert_status (response, status);
  return response;
}

static char *
create_id (Fixture    *f,
           const char *token,
           const char *body,
           const char *format,
           ...) G_GNUC_PRINTF (4, 5);

static char *
create_id (Fixture    *f,
           const char *token,
           const char *body,
           const char *format,
           ...)
{
  g_autofree char *path = NULL;
  g_autoptr(ScTestResponse) response = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);

  response = sc_test_request (f->server, "POST", path, token, body, NULL);
  if (response->status != 201 && response->status != 200)
    g_error ("POST %s: %u %s", path, response->status, response->text);
  return g_strdup (sc_test_get_string (response->body, "id"));
}

static void
patch_policy (Fixture    *f,
              const char *org_id,
              const char *policy)
{
  g_autoptr(ScTestResponse) org = NULL;
  g_autoptr(ScTestResponse) patched = NULL;
  g_autofree char *body = g_strdup_printf ("{\"approval_policy\": %s}", policy);
  g_autofree char *path = g_strdup_printf ("/orgs/%s", org_id);

  org = http (f, "GET", f->admin, NULL, 200, "/orgs/%s", org_id);
  patched = sc_test_request (f->server, "PATCH", path, f->admin, body,
                             "If-Match", sc_test_get_string (org->body, "etag"), NULL);
  sc_assert_status (patched, 200);
}

/* POST /promotions as the admin; returns the target workflow's id. */
static char *
promote_via_http (Fixture    *f,
                  const char *workflow_id,
                  const char *target_stage)
{
  g_autoptr(ScTestResponse) workflow = NULL;
  g_autoptr(ScTestResponse) promotion = NULL;
  g_autofree char *body = NULL;

  workflow = http (f, "GET", f->admin, NULL, 200, "/workflows/%s", workflow_id);
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"%s\"}",
                          sc_test_get_string (workflow->body, "latest_release.id"), f->path_id,
                          target_stage);
  promotion = http (f, "POST", f->admin, body, 201, "/promotions");
  return g_strdup (sc_test_get_string (promotion->body, "target_workflow_id"));
}

/* A new draft of Invoice sync (a step added, a setting changed), published
 * as the next release. */
static void
publish_next_invoice_release (Fixture *f)
{
  g_autoptr(ScTestResponse) workflow = NULL;
  g_autoptr(ScTestResponse) updated = NULL;
  g_autoptr(ScTestResponse) release = NULL;
  g_autofree char *path = g_strdup_printf ("/workflows/%s", f->invoice_id);
  g_autofree char *connections = NULL;
  g_autofree char *body = NULL;

  workflow = http (f, "GET", f->admin, NULL, 200, "/workflows/%s", f->invoice_id);
  connections = g_strdup (sc_test_get_string (workflow->body, "connections[0].id"));
  body = g_strdup_printf ("{\"name\": \"Invoice sync\", \"description\": \"Copies invoices to the ledger.\", "
                          "\"steps\": [{\"id\": \"fetch\", \"name\": \"Fetch invoices\", \"limit\": 200}, "
                          "{\"id\": \"post\", \"name\": \"Post to ledger\"}, "
                          "{\"id\": \"notify\", \"name\": \"Tell finance\"}], "
                          "\"config\": {\"region\": \"us\", \"batch\": 50}, "
                          "\"trigger\": {\"url\": \"/hooks/invoices\", \"method\": \"post\"}, "
                          "\"tags\": [\"finance\"], \"connection_ids\": [\"%s\"]}",
                          connections);
  updated = sc_test_request (f->server, "PUT", path, f->dev, body,
                             "If-Match", sc_test_get_string (workflow->body, "etag"), NULL);
  sc_assert_status (updated, 200);
  release = http (f, "POST", f->dev, "{\"notes\": \"Tell finance\"}", 201,
                  "/workflows/%s/releases", f->invoice_id);
}

/* --- the fixture ----------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *alerts = NULL;
  g_autofree char *pager = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  char *token;

  f->server = sc_test_server_start (FALSE, NULL);

  f->dev_org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->stg_org = sc_test_server_add_org (f->server, "Acme Staging", "uat");
  f->prod_org = sc_test_server_add_org (f->server, "Acme Production", "prod");

  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev_org, "admin", NULL);
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->stg_org, "admin", NULL));
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->prod_org, "admin", NULL));
  f->dev = sc_test_server_add_user (f->server, "dev@acme.test", f->dev_org, "developer", NULL);
  f->reviewer = sc_test_server_add_user (f->server, "reviewer@acme.test", f->prod_org, "reviewer",
                                         NULL);
  token = sc_test_server_add_user (f->server, "reviewer@acme.test", f->stg_org, "reviewer", NULL);
  g_free (token);

  /* mappings and the path */
  body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->stg_org);
  g_free (create_id (f, f->admin, body, "/orgs/%s/mappings", f->dev_org));
  g_free (body);
  body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->prod_org);
  g_free (create_id (f, f->admin, body, "/orgs/%s/mappings", f->stg_org));
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Production Pipeline\", \"stages\": ["
                          "{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
                          "{\"tag\": \"stage\", \"org_id\": \"%s\"}, "
                          "{\"tag\": \"prod\", \"org_id\": \"%s\"}]}",
                          f->dev_org, f->stg_org, f->prod_org);
  f->path_id = create_id (f, f->admin, body, "/orgs/%s/promotion-paths", f->dev_org);
  g_free (body);

  patch_policy (f, f->prod_org,
                "{\"enabled\": true, \"reviewer_roles\": [\"admin\", \"reviewer\"], "
                "\"required_approvals\": 1, \"expiry_days\": 7}");

  /* connections: slack “Alerts” everywhere, pagerduty “On call” in
   * Development only; the developer owns Development's */
  r = http (f, "POST", f->dev, "{\"name\": \"Alerts\", \"service\": \"slack\", \"secret\": \"s1\"}",
            201, "/orgs/%s/connections", f->dev_org);
  alerts = g_strdup (sc_test_get_string (r->body, "id"));
  g_clear_pointer (&r, sc_test_response_free);
  r = http (f, "POST", f->dev, "{\"name\": \"On call\", \"service\": \"pagerduty\", \"secret\": \"s2\"}",
            201, "/orgs/%s/connections", f->dev_org);
  pager = g_strdup (sc_test_get_string (r->body, "id"));
  g_clear_pointer (&r, sc_test_response_free);
  g_free (create_id (f, f->admin, "{\"name\": \"Alerts\", \"service\": \"slack\", \"secret\": \"s3\"}",
                     "/orgs/%s/connections", f->stg_org));
  g_free (create_id (f, f->admin, "{\"name\": \"Alerts\", \"service\": \"slack\", \"secret\": \"s4\"}",
                     "/orgs/%s/connections", f->prod_org));

  /* the workflows, owned by the developer, each with a release */
  body = g_strdup_printf ("{\"name\": \"Invoice sync\", \"description\": \"Copies invoices to the ledger.\", "
                          "\"steps\": [{\"id\": \"fetch\", \"name\": \"Fetch invoices\"}, "
                          "{\"id\": \"post\", \"name\": \"Post to ledger\"}], "
                          "\"config\": {\"region\": \"eu\", \"batch\": 50}, "
                          "\"trigger\": {\"url\": \"/hooks/invoices\", \"method\": \"post\"}, "
                          "\"tags\": [\"finance\"], \"connection_ids\": [\"%s\"]}", alerts);
  r = http (f, "POST", f->dev, body, 201, "/orgs/%s/workflows", f->dev_org);
  f->invoice_id = g_strdup (sc_test_get_string (r->body, "id"));
  g_clear_pointer (&r, sc_test_response_free);
  g_free (body);
  r = http (f, "POST", f->dev, "{\"notes\": \"First release\"}", 201,
            "/workflows/%s/releases", f->invoice_id);
  g_clear_pointer (&r, sc_test_response_free);

  body = g_strdup_printf ("{\"name\": \"Nightly report\", \"description\": \"Pages on failures.\", "
                          "\"steps\": [{\"id\": \"report\", \"name\": \"Build the report\"}], "
                          "\"config\": {}, "
                          "\"trigger\": {\"url\": \"/hooks/nightly\", \"method\": \"get\"}, "
                          "\"tags\": [], \"connection_ids\": [\"%s\", \"%s\"]}", alerts, pager);
  r = http (f, "POST", f->dev, body, 201, "/orgs/%s/workflows", f->dev_org);
  f->report_id = g_strdup (sc_test_get_string (r->body, "id"));
  g_clear_pointer (&r, sc_test_response_free);
  r = http (f, "POST", f->dev, NULL, 201, "/workflows/%s/releases", f->report_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();

  sc_test_server_stop (f->server);
  g_free (f->dev_org);
  g_free (f->stg_org);
  g_free (f->prod_org);
  g_free (f->admin);
  g_free (f->dev);
  g_free (f->reviewer);
  g_free (f->path_id);
  g_free (f->invoice_id);
  g_free (f->report_id);
}

/* --- the client, the session ------------------------------------------------ */

static ScSession *
session_for (Fixture    *f,
             const char *token,
             const char *email)
{
  return sc_test_session_new (f->server, token, email);
}

/* GET /workflows/{id}/stages through @session's client. */
static ScClientPage *
get_stages (ScSession  *session,
            const char *workflow_id)
{
  ScClient *client = sc_session_get_client (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  ScClientPage *page;

  sc_client_get_stages_async (client, workflow_id, NULL, sc_test_result_cb, &slot);
  result = sc_test_wait_result (&slot, DEADLINE);
  page = sc_client_get_stages_finish (client, result, &error);
  g_assert_no_error (error);
  return page;
}

/* The item of GET /workflows/{id}/stages for the Production Pipeline. */
static JsonObject *
get_stages_item (ScSession  *session,
                 const char *workflow_id,
                 const char *path_id)
{
  g_autoptr(ScClientPage) page = get_stages (session, workflow_id);

  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      JsonObject *item = sc_client_page_get_item (page, i);

      if (g_strcmp0 (json_object_get_string_member (json_object_get_object_member (item, "path"), "id"),
                     path_id) == 0)
        return json_object_ref (item);
    }
  g_error ("workflow %s is not on path %s", workflow_id, path_id);
}

/* --- the widgets ---------------------------------------------------------------- */

static gboolean
is_stack_with (GtkWidget     *widget,
               gconstpointer  page)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL;
}

/* The preview (or the release list) is in: its stack shows @page. */
typedef struct {
  GtkStack   *stack;
  const char *page;
} StackWait;

static gboolean
stack_shows (gpointer user_data)
{
  StackWait *wait = user_data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (wait->stack), wait->page) == 0;
}

static void
wait_for_page (GtkWidget  *dialog,
               const char *stack_page,
               const char *page)
{
  StackWait wait = { GTK_STACK (sc_test_find_widget (dialog, is_stack_with, stack_page)), page };

  g_assert_nonnull (wait.stack);
  sc_test_wait_for (stack_shows, &wait, DEADLINE);
}

static GtkWidget *
primary_button (GtkWidget *dialog)
{
  GtkWidget *button = sc_test_find_widget (dialog, sc_test_is_button_for, "promote.confirm");

  g_assert_nonnull (button);
  return button;
}

/* --- signals ---------------------------------------------------------------- */

static GtkWidget *
open_promote (ScSession  *session,
              const char *workflow_id,
              const char *path_id)
{
  g_autoptr(JsonObject) workflow = sc_test_get_workflow (session, workflow_id);
  g_autoptr(JsonObject) item = get_stages_item (session, workflow_id, path_id);
  GtkWidget *dialog;

  g_autoptr(ScWorkflow) model = sc_workflow_new (workflow);
  g_autoptr(ScPathProgress) progress = sc_path_progress_new_from_json (item);

  dialog = sc_promote_dialog_new (session, model, progress);
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static JsonNode *
history (Fixture    *f,
         const char *workflow_id)
{
  g_autoptr(ScTestResponse) r = http (f, "GET", f->admin, NULL, 200,
                                      "/promotions?workflow_id=%s", workflow_id);

  return json_node_ref (r->body);
}

/* --- cases ------------------------------------------------------------------- */

/* The admin promotes Invoice sync v1 from dev to stage: the preview says a
 * new workflow is created in Staging, Promote is enabled, and the history
 * has the row once "promoted" came. */
static void
test_promote_to_stage (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autoptr(GtkWidget) dialog = open_promote (session, f->invoice_id, f->path_id);
  g_auto(ScTestEmitted) promoted = { NULL };
  g_autoptr(JsonNode) rows = NULL;
  GtkWidget *button;

  g_signal_connect (dialog, "promoted", G_CALLBACK (sc_test_emitted_cb), &promoted);
  wait_for_page (dialog, "preview", "preview");

  sc_assert_shows (dialog, "Invoice sync");
  sc_assert_shows (dialog, "Production Pipeline");
  sc_assert_shows (dialog, "v1");
  sc_assert_shows (dialog, "stage — Acme Staging");
  sc_assert_shows (dialog, "Creates a new workflow in Acme Staging");
  sc_assert_shows (dialog, "fetch\nStep added");
  sc_assert_shows (dialog, "Setting “region”\nAdded: “eu”");
  sc_assert_shows (dialog, "Set to POST /hooks/invoices");
  sc_assert_not_shows (dialog, "Cannot Promote");
  button = primary_button (dialog);
  sc_assert_shows (button, "Promote");
  g_assert_true (gtk_widget_get_sensitive (button));
  sc_test_screenshot ("promote-preview.png");

  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_for (sc_test_was_emitted, &promoted, DEADLINE);

  g_assert_cmpstr (json_object_get_string_member (promoted.object, "outcome"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (promoted.object, "kind"), ==, "promote");
  /* it closed itself */
  g_assert_false (gtk_widget_get_visible (dialog));

  rows = history (f, f->invoice_id);
  g_assert_cmpuint (sc_test_get_length (rows, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].id"), ==,
                   json_object_get_string_member (promoted.object, "id"));
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].outcome"), ==, "succeeded");
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].target.tag"), ==, "stage");
  g_assert_true (sc_test_get_bool (rows, "items[0].created_new"));
}

/* A later release updates the copy in Staging: the preview names it and
 * shows what changes. */
static void
test_promote_update_diff (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autofree char *copy_id = promote_via_http (f, f->invoice_id, "stage");
  g_autoptr(GtkWidget) dialog = NULL;

  publish_next_invoice_release (f);
  dialog = open_promote (session, f->invoice_id, f->path_id);
  wait_for_page (dialog, "preview", "preview");

  sc_assert_shows (dialog, "v2");
  sc_assert_shows (dialog, "Updates “Invoice sync” in Acme Staging");
  sc_assert_shows (dialog, "notify\nStep added");
  sc_assert_shows (dialog, "fetch\nStep changed");
  sc_assert_shows (dialog, "Setting “region”\n“eu” → “us”");
  sc_assert_not_shows (dialog, "Trigger");
  g_assert_true (gtk_widget_get_sensitive (primary_button (dialog)));
  sc_test_screenshot ("promote-update.png");
  if (g_getenv ("SC_SCREENSHOT_DIR") != NULL)
    {
      /* a phone's width */
      gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
      sc_test_screenshot ("promote-narrow.png");
    }
}

/* The developer is not an admin of Staging: the server's reason is shown
 * and Promote is insensitive (and its action does nothing). */
static void
test_promote_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->dev, "dev@acme.test");
  g_autoptr(GtkWidget) dialog = open_promote (session, f->invoice_id, f->path_id);
  g_auto(ScTestEmitted) promoted = { NULL };
  g_autoptr(JsonNode) rows = NULL;
  GtkWidget *button;

  g_signal_connect (dialog, "promoted", G_CALLBACK (sc_test_emitted_cb), &promoted);
  wait_for_page (dialog, "preview", "preview");

  sc_assert_shows (dialog, "Cannot Promote");
  sc_assert_shows (dialog, "Only administrators of Acme Staging can promote into it.");
  button = primary_button (dialog);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   "Only administrators of Acme Staging can promote into it.");
  sc_test_screenshot ("promote-refused.png");

  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_settle (50);
  g_assert_cmpuint (promoted.count, ==, 0);
  rows = history (f, f->invoice_id);
  g_assert_cmpuint (sc_test_get_length (rows, "items"), ==, 0);
}

/* Staging has no pagerduty connection “On call”: it is listed, and blocks. */
static void
test_promote_missing_connection (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autoptr(GtkWidget) dialog = open_promote (session, f->report_id, f->path_id);

  wait_for_page (dialog, "preview", "preview");
  sc_assert_shows (dialog, "Missing Connections");
  sc_assert_shows (dialog, "Acme Staging has no pagerduty connection “On call”");
  g_assert_false (gtk_widget_get_sensitive (primary_button (dialog)));
}

/* The server refuses at confirm time (Staging froze after the preview):
 * the dialog stays open with the server's sentence, and the preview,
 * asked again, now says so too. */
static void
test_promote_failure_kept (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autoptr(GtkWidget) dialog = open_promote (session, f->invoice_id, f->path_id);
  g_auto(ScTestEmitted) promoted = { NULL };
  g_autoptr(JsonNode) rows = NULL;
  const char *reason = "Promotions into Acme Staging are frozen: “Quarter close”.";

  g_signal_connect (dialog, "promoted", G_CALLBACK (sc_test_emitted_cb), &promoted);
  wait_for_page (dialog, "preview", "preview");
  g_assert_true (gtk_widget_get_sensitive (primary_button (dialog)));

  patch_policy (f, f->stg_org, "{\"freeze\": {\"active\": true, \"reason\": \"Quarter close\"}}");

  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_until_shows (dialog, reason);
  /* the preview asked again, and Promote follows it */
  sc_test_wait_until_shows (dialog, "Cannot Promote");
  wait_for_page (dialog, "preview", "preview");
  g_assert_cmpuint (promoted.count, ==, 0);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_false (gtk_widget_get_sensitive (primary_button (dialog)));
  sc_test_screenshot ("promote-failed.png");

  /* every attempt is history, refused ones too */
  rows = history (f, f->invoice_id);
  g_assert_cmpuint (sc_test_get_length (rows, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].outcome"), ==, "failed");
}

/* The server goes away before confirm: the network error is shown and the
 * button stays usable to retry. */
static void
test_promote_network_error (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autoptr(GtkWidget) dialog = open_promote (session, f->invoice_id, f->path_id);
  g_auto(ScTestEmitted) promoted = { NULL };
  GtkWidget *button;

  g_signal_connect (dialog, "promoted", G_CALLBACK (sc_test_emitted_cb), &promoted);
  wait_for_page (dialog, "preview", "preview");

  sc_test_server_stop (f->server);
  f->server = NULL;

  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_until_shows (dialog, "retrying cannot promote twice");
  button = primary_button (dialog);
  g_assert_true (gtk_widget_get_sensitive (button));
  sc_assert_shows (button, "Promote");
  g_assert_cmpuint (promoted.count, ==, 0);
  sc_test_screenshot ("promote-network.png");
}

static void
unauthorized_cb (ScSession *session,
                 gboolean  *reported)
{
  *reported = TRUE;
}

/* The token is revoked after the preview: the 401 goes to the session (the
 * window offers to sign in again) and the dialog stays as it was. */
static void
test_promote_unauthorized (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token = sc_test_server_add_user (f->server, "admin@acme.test", f->dev_org,
                                                    "admin", NULL);
  g_autoptr(ScSession) session = session_for (f, token, "admin@acme.test");
  g_autoptr(GtkWidget) dialog = open_promote (session, f->invoice_id, f->path_id);
  g_auto(ScTestEmitted) promoted = { NULL };
  g_auto(GStrv) parts = g_strsplit (token, "_", 4); /* scp, tok, id, secret */
  g_autofree char *token_id = g_strdup_printf ("%s_%s", parts[1], parts[2]);
  g_autofree char *out = NULL;
  gboolean reported = FALSE;

  g_signal_connect (dialog, "promoted", G_CALLBACK (sc_test_emitted_cb), &promoted);
  g_signal_connect (session, "unauthorized", G_CALLBACK (unauthorized_cb), &reported);
  wait_for_page (dialog, "preview", "preview");

  out = sc_test_server_cli (f->server, NULL, "token", "revoke", token_id, NULL);
  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_for (sc_test_flag_set, &reported, DEADLINE);
  sc_test_wait_until_shows (dialog, "Sign in again, then try once more.");
  g_assert_cmpuint (promoted.count, ==, 0);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (gtk_widget_get_sensitive (primary_button (dialog)));
}

/* Into Production approvals are on: Request to Promote with a message files
 * a pending request and shows its state; opened again, the dialog shows
 * that request instead of a second form; once a reviewer approved it, it
 * reads Promote and completes the promotion with it. */
static void
test_request_to_promote (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autofree char *copy_id = promote_via_http (f, f->invoice_id, "stage");
  g_autoptr(GtkWidget) dialog = open_promote (session, copy_id, f->path_id);
  g_auto(ScTestEmitted) requested = { NULL };
  g_auto(ScTestEmitted) promoted = { NULL };
  g_autoptr(ScTestResponse) pending = NULL;
  g_autoptr(ScTestResponse) decided = NULL;
  g_autoptr(ScTestResponse) request = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autofree char *path = NULL;
  GtkTextView *message;
  GtkWidget *button;

  g_signal_connect (dialog, "requested", G_CALLBACK (sc_test_emitted_cb), &requested);
  wait_for_page (dialog, "preview", "preview");

  button = primary_button (dialog);
  sc_assert_shows (button, "Request to Promote");
  g_assert_true (gtk_widget_get_sensitive (button));
  sc_assert_shows (dialog, "prod — Acme Production");
  sc_assert_shows (dialog, "Creates a new workflow in Acme Production");
  sc_assert_shows (dialog, "Message for Reviewers");
  sc_assert_not_shows (dialog, "Cannot Request");

  message = GTK_TEXT_VIEW (sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW)));
  g_assert_nonnull (message);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (message),
                            "Ready for the quarter close.\nTested in Staging.", -1);
  sc_test_screenshot ("request-form.png");

  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_for (sc_test_was_emitted, &requested, DEADLINE);
  g_assert_cmpstr (json_object_get_string_member (requested.object, "state"), ==, "pending");

  sc_assert_shows (dialog, "Pending — waiting for 1 approval from Acme Production reviewers");
  sc_assert_shows (dialog, "Close");
  g_assert_false (gtk_widget_get_mapped (primary_button (dialog)));
  sc_test_screenshot ("request-pending.png");

  pending = http (f, "GET", f->admin, NULL, 200, "/approval-requests?mine=true&state=pending");
  g_assert_cmpuint (sc_test_get_length (pending->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (pending->body, "items[0].id"), ==,
                   json_object_get_string_member (requested.object, "id"));
  g_assert_cmpstr (sc_test_get_string (pending->body, "items[0].message"), ==,
                   "Ready for the quarter close.\nTested in Staging.");
  g_assert_cmpstr (sc_test_get_string (pending->body, "items[0].target.tag"), ==, "prod");

  /* again: the open request, not a second form */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&dialog);
  dialog = open_promote (session, copy_id, f->path_id);
  wait_for_page (dialog, "preview", "preview");
  sc_assert_shows (dialog, "Pending — waiting for 1 approval from Acme Production reviewers");
  sc_assert_not_shows (dialog, "Message for Reviewers");
  g_assert_false (gtk_widget_get_mapped (primary_button (dialog)));

  /* a reviewer approves: Promote, with the request */
  path = g_strdup_printf ("/approval-requests/%s/decisions",
                          json_object_get_string_member (requested.object, "id"));
  decided = sc_test_request (f->server, "POST", path, f->reviewer,
                             "{\"decision\": \"approve\", \"comment\": \"Go\"}", NULL);
  g_assert_cmpuint (decided->status / 100, ==, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&dialog);
  dialog = open_promote (session, copy_id, f->path_id);
  g_signal_connect (dialog, "promoted", G_CALLBACK (sc_test_emitted_cb), &promoted);
  wait_for_page (dialog, "preview", "preview");
  button = primary_button (dialog);
  sc_assert_shows (button, "Promote");
  sc_assert_not_shows (button, "Request");
  sc_assert_shows (dialog, "Approved — you can promote now");
  g_assert_true (gtk_widget_get_sensitive (button));
  sc_test_screenshot ("request-approved.png");

  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_for (sc_test_was_emitted, &promoted, DEADLINE);
  g_assert_cmpstr (json_object_get_string_member (promoted.object, "outcome"), ==, "succeeded");

  rows = history (f, copy_id);
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].target.tag"), ==, "prod");
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].outcome"), ==, "succeeded");
  request = http (f, "GET", f->admin, NULL, 200, "/approval-requests/%s",
                  json_object_get_string_member (requested.object, "id"));
  g_assert_cmpstr (sc_test_get_string (request->body, "state"), ==, "completed");
}

/* A refused request keeps what the user typed. */
static void
test_request_failure_keeps_message (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autofree char *copy_id = promote_via_http (f, f->invoice_id, "stage");
  g_autoptr(GtkWidget) dialog = open_promote (session, copy_id, f->path_id);
  g_auto(ScTestEmitted) requested = { NULL };
  GtkTextView *message;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_signal_connect (dialog, "requested", G_CALLBACK (sc_test_emitted_cb), &requested);
  wait_for_page (dialog, "preview", "preview");

  message = GTK_TEXT_VIEW (sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (message), "Please look today.", -1);

  patch_policy (f, f->prod_org, "{\"freeze\": {\"active\": true, \"reason\": \"Audit week\"}}");
  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_until_shows (dialog, "Promotions into Acme Production are frozen: “Audit week”.");
  wait_for_page (dialog, "preview", "preview");

  g_assert_cmpuint (requested.count, ==, 0);
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (message), &start, &end);
  text = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (text, ==, "Please look today.");
  sc_assert_shows (dialog, "Cannot Request");
  g_assert_false (gtk_widget_get_sensitive (primary_button (dialog)));
  sc_test_screenshot ("request-failed.png");
}

/* A workflow on two paths: the dialog offers the choice, and follows it. */
static void
test_promote_choose_path (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autoptr(JsonObject) workflow = NULL;
  g_autoptr(ScWorkflow) model = NULL;
  g_autoptr(GListStore) progress = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(GtkWidget) dialog = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autofree char *body = NULL;
  g_autofree char *hotfix_id = NULL;
  AdwComboRow *combo;

  body = g_strdup_printf ("{\"name\": \"Hotfix\", \"stages\": ["
                          "{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
                          "{\"tag\": \"hotfix\", \"org_id\": \"%s\"}]}",
                          f->dev_org, f->stg_org);
  hotfix_id = create_id (f, f->admin, body, "/orgs/%s/promotion-paths", f->dev_org);

  workflow = sc_test_get_workflow (session, f->invoice_id);
  page = get_stages (session, f->invoice_id);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 2);

  progress = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_PATH_PROGRESS,
                                  (gpointer) sc_path_progress_new_from_json);
  model = sc_workflow_new (workflow);
  dialog = sc_promote_dialog_new_for_paths (session, model, G_LIST_MODEL (progress));
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_page (dialog, "preview", "preview");

  combo = ADW_COMBO_ROW (sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW)));
  g_assert_nonnull (combo);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (combo)));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (combo)), ==, 2);

  /* the other path */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *item = sc_client_page_get_item (page, i);
      JsonObject *path = json_object_get_object_member (item, "path");

      if (g_strcmp0 (json_object_get_string_member (path, "id"), hotfix_id) == 0)
        adw_combo_row_set_selected (combo, i);
    }
  sc_test_wait_until_shows (dialog, "hotfix — Acme Staging");
  wait_for_page (dialog, "preview", "preview");
  sc_assert_shows (dialog, "Creates a new workflow in Acme Staging");
  g_assert_true (gtk_widget_get_sensitive (primary_button (dialog)));
  sc_test_screenshot ("promote-paths.png");
}

/* Staging's copy received v1 and v2; rolling back to v1 asks first, then
 * the history has the rollback with its reason. */
static void
test_rollback (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autofree char *copy_id = promote_via_http (f, f->invoice_id, "stage");
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(ScWorkflow) copy_model = NULL;
  g_autoptr(GtkWidget) dialog = NULL;
  g_auto(ScTestEmitted) rolled_back = { NULL };
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(GListModel) toplevels = NULL;
  AdwMessageDialog *confirmation = NULL;
  GtkWidget *button;
  GtkWidget *check;
  GtkWidget *reason;

  publish_next_invoice_release (f);
  g_free (promote_via_http (f, f->invoice_id, "stage"));

  copy = sc_test_get_workflow (session, copy_id);
  dialog = sc_rollback_dialog_new (session, copy_model = sc_workflow_new (copy));
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "rolled-back", G_CALLBACK (sc_test_emitted_cb), &rolled_back);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_page (dialog, "list", "list");

  sc_assert_shows (dialog, "Roll Back");
  sc_assert_shows (dialog, "“Invoice sync” in Acme Staging holds v2 now.");
  sc_assert_shows (dialog, "v1");
  sc_assert_shows (dialog, "Promoted from");
  button = sc_test_find_widget (dialog, sc_test_is_button_for, "rollback.confirm");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_has_css_class (button, "destructive-action"));
  g_assert_false (gtk_widget_get_sensitive (button));

  /* one earlier release: v1 (v2 is what it holds now) */
  check = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  g_assert_nonnull (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_false (gtk_widget_get_sensitive (button));   /* no reason yet */
  reason = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
  gtk_editable_set_text (GTK_EDITABLE (reason), "v2 double-posts invoices");
  g_assert_true (gtk_widget_get_sensitive (button));
  sc_test_screenshot ("rollback.png");

  gtk_widget_activate_action (dialog, "rollback.confirm", NULL);
  toplevels = gtk_window_get_toplevels ();
  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        confirmation = ADW_MESSAGE_DIALOG (window);
    }
  g_assert_nonnull (confirmation);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirmation), ==,
                   "Roll back Acme Staging’s “Invoice sync” to v1?");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirmation, "rollback"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  sc_test_screenshot ("rollback-confirm.png");
  adw_message_dialog_response (confirmation, "rollback");
  gtk_window_destroy (GTK_WINDOW (confirmation));

  sc_test_wait_for (sc_test_was_emitted, &rolled_back, DEADLINE);
  g_assert_cmpstr (json_object_get_string_member (rolled_back.object, "kind"), ==, "rollback");
  g_assert_false (gtk_widget_get_visible (dialog));

  rows = history (f, copy_id);
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].kind"), ==, "rollback");
  g_assert_cmpstr (sc_test_get_string (rows, "items[0].reason"), ==, "v2 double-posts invoices");
  g_assert_cmpint (sc_test_get_int (rows, "items[0].release.version"), ==, 1);
}

/* The server refuses (v1 of the source was published there, not received):
 * its reason is shown; the choice and the reason stay. */
static void
test_rollback_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autoptr(JsonObject) workflow = NULL;
  g_autoptr(ScWorkflow) model = NULL;
  g_autoptr(GtkWidget) dialog = NULL;
  g_auto(ScTestEmitted) rolled_back = { NULL };
  g_autoptr(GListModel) toplevels = NULL;
  GtkWidget *check;
  GtkWidget *reason;

  publish_next_invoice_release (f);
  workflow = sc_test_get_workflow (session, f->invoice_id);
  dialog = sc_rollback_dialog_new (session, model = sc_workflow_new (workflow));
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "rolled-back", G_CALLBACK (sc_test_emitted_cb), &rolled_back);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_page (dialog, "list", "list");

  check = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  reason = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
  gtk_editable_set_text (GTK_EDITABLE (reason), "Undo");
  gtk_widget_activate_action (dialog, "rollback.confirm", NULL);

  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      /* as its button does: answer, then close */
      if (ADW_IS_MESSAGE_DIALOG (window))
        {
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "rollback");
          gtk_window_destroy (GTK_WINDOW (window));
          break;
        }
    }

  sc_test_wait_until_shows (dialog, "was published here, not received by a promotion or rollback");
  g_assert_cmpuint (rolled_back.count, ==, 0);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reason)), ==, "Undo");
  g_assert_true (gtk_widget_get_sensitive (sc_test_find_widget (dialog, sc_test_is_button_for, "rollback.confirm")));
  sc_test_screenshot ("rollback-refused.png");
}

/* Not an admin of the workflow's org: the dialog says so up front. */
static void
test_rollback_not_admin (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->dev, "dev@acme.test");
  g_autoptr(JsonObject) workflow = NULL;
  g_autoptr(ScWorkflow) model = NULL;
  g_autoptr(GtkWidget) dialog = NULL;
  GtkWidget *check;
  GtkWidget *reason;

  publish_next_invoice_release (f);
  workflow = sc_test_get_workflow (session, f->invoice_id);
  dialog = sc_rollback_dialog_new (session, model = sc_workflow_new (workflow));
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_page (dialog, "list", "list");

  sc_assert_shows (dialog, "Only administrators of Acme Development may roll back its workflows.");
  check = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  reason = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));
  gtk_editable_set_text (GTK_EDITABLE (reason), "Undo");
  g_assert_false (gtk_widget_get_sensitive (sc_test_find_widget (dialog, sc_test_is_button_for, "rollback.confirm")));
}

/* Names, steps and notes are the users' own text, never markup: "&" and
 * "<" show as typed in the preview of an update. */
static void
test_promote_markup_in_names (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(ScSession) session = session_for (f, f->admin, "admin@acme.test");
  g_autoptr(GtkWidget) dialog = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) workflow = NULL;
  g_autoptr(ScTestResponse) updated = NULL;
  g_autofree char *workflow_id = NULL;
  g_autofree char *target_id = NULL;
  g_autofree char *path = NULL;
  const char *body_v1 = "{\"name\": \"R&D <sync>\", \"description\": \"Tom & Jerry's <b>bold</b> flow\", "
                        "\"steps\": [{\"id\": \"a&b\", \"name\": \"Fetch\"}], \"config\": {}, "
                        "\"trigger\": {\"url\": \"/hooks/r&d\", \"method\": \"post\"}, \"tags\": []}";
  const char *body_v2 = "{\"name\": \"R&D <sync>\", \"description\": \"Tom & Jerry's <b>bold</b> flow\", "
                        "\"steps\": [{\"id\": \"a&b\", \"name\": \"Fetch\"}, "
                        "{\"id\": \"<merge>\", \"name\": \"Merge\"}], \"config\": {\"x&y\": \"<1>\"}, "
                        "\"trigger\": {\"url\": \"/hooks/r&d\", \"method\": \"post\"}, \"tags\": []}";

  r = http (f, "POST", f->dev, body_v1, 201, "/orgs/%s/workflows", f->dev_org);
  workflow_id = g_strdup (sc_test_get_string (r->body, "id"));
  g_clear_pointer (&r, sc_test_response_free);
  r = http (f, "POST", f->dev, "{\"notes\": \"A & B <c>\"}", 201, "/workflows/%s/releases", workflow_id);
  g_clear_pointer (&r, sc_test_response_free);
  target_id = promote_via_http (f, workflow_id, "stage");
  g_assert_nonnull (target_id);

  /* a second release, so that the preview updates the copy in Staging */
  workflow = http (f, "GET", f->admin, NULL, 200, "/workflows/%s", workflow_id);
  path = g_strdup_printf ("/workflows/%s", workflow_id);
  updated = sc_test_request (f->server, "PUT", path, f->dev, body_v2,
                             "If-Match", sc_test_get_string (workflow->body, "etag"), NULL);
  sc_assert_status (updated, 200);
  r = http (f, "POST", f->dev, "{\"notes\": \"<v2> & more\"}", 201, "/workflows/%s/releases", workflow_id);

  dialog = open_promote (session, workflow_id, f->path_id);
  wait_for_page (dialog, "preview", "preview");
  sc_assert_shows (dialog, "R&D <sync>");
  sc_assert_shows (dialog, "Updates “R&D <sync>” in Acme Staging");
  sc_assert_shows (dialog, "<merge>\nStep added");
  sc_assert_shows (dialog, "Setting “x&y”\nAdded: “<1>”");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  sc_test_ui_init (&argc, &argv);
  /* the app's styles (AdwApplication loads them; there is none here) */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/stagecraft/Stagecraft/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/promote/to-stage", test_promote_to_stage);
  ADD ("/ui/promote/update-diff", test_promote_update_diff);
  ADD ("/ui/promote/refused", test_promote_refused);
  ADD ("/ui/promote/missing-connection", test_promote_missing_connection);
  ADD ("/ui/promote/failure-kept", test_promote_failure_kept);
  ADD ("/ui/promote/network-error", test_promote_network_error);
  ADD ("/ui/promote/unauthorized", test_promote_unauthorized);
  ADD ("/ui/promote/choose-path", test_promote_choose_path);
  ADD ("/ui/promote/markup-in-names", test_promote_markup_in_names);
  ADD ("/ui/promote/request", test_request_to_promote);
  ADD ("/ui/promote/request-failure", test_request_failure_keeps_message);
  ADD ("/ui/rollback/roll-back", test_rollback);
  ADD ("/ui/rollback/refused", test_rollback_refused);
  ADD ("/ui/rollback/not-admin", test_rollback_not_admin);

  return g_test_run ();
}
