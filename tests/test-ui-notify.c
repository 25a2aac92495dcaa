/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-event-watcher.h"
#include "sc-json.h"
#include "sc-request-actions.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"

/* Desktop notifications: ScEventWatcher against the real stagecraft-server
 * with the demo data (admin@acme.test has asked to promote a Staging
 * release into Acme Production; reviewer@acme.test, Rita Reviewer, may
 * decide it).
 *
 * Covered: the words of each kind of event (pure); the reviewer's watcher
 * hearing a new request and the admin's hearing the decision, with the
 * notification handed to "send-notification" (no notification daemon);
 * stopping and disposing end the poll at once; a revoked token is reported
 * to the session; an unreachable server is tried again; the window's
 * watcher follows the session and the "notifications" setting.
 *
 * Deciding from the notification: Approve, activated as the desktop does
 * (org.gtk.Actions.Activate over D-Bus on a private session bus) with no
 * window open, decides the request on the server and withdraws its
 * notification; Review asks for the review; a request decided elsewhere
 * has its notification withdrawn by the watcher. */

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"
#define REVIEWER "reviewer@acme.test"

static AdwApplication *app;
/* kept to the end, never taken down: g_test_dbus_down() would wait for
 * the app's connection to go, and the app keeps it */
static GTestDBus *bus;

typedef struct {
  ScTestServer  *server;
  JsonNode      *request;     /* the demo's pending request, as the reviewer sees it */
  char          *request_id;
  ScSession     *session;
  ScEventWatcher *watcher;
  ScTestEmitted  events;      /* "event" */
  GNotification *notification; /* the last "send-notification" */
  char          *notification_id;
  guint          n_notifications;
  char          *withdrawn_id;  /* the last "withdraw-notification" */
} Fixture;

static const char *
token_of (Fixture    *f,
          const char *email)
{
  return sc_test_server_demo_token (f->server, email);
}

static void
send_notification_cb (ScEventWatcher *watcher,
                      const char     *id,
                      GNotification  *notification,
                      Fixture        *f)
{
  /* caught here, not sent (no notification daemon) */
  g_signal_stop_emission_by_name (watcher, "send-notification");
  g_set_object (&f->notification, notification);
  g_free (f->notification_id);
  f->notification_id = g_strdup (id);
  f->n_notifications++;
}

static void
withdraw_notification_cb (GObject    *emitter,
                          const char *id,
                          Fixture    *f)
{
  g_signal_stop_emission_by_name (emitter, "withdraw-notification");
  g_free (f->withdrawn_id);
  f->withdrawn_id = g_strdup (id);
}

static gboolean
has_cursor (gpointer data)
{
  return sc_event_watcher_get_cursor (data) != NULL;
}

static gboolean
not_polling (gpointer data)
{
  return !sc_event_watcher_get_polling (data);
}

static gboolean
polling (gpointer data)
{
  return sc_event_watcher_get_polling (data);
}

/* A watcher for @email's session (on @url, nullable: the server), with
 * its signals caught in @f. */
static void
start_watcher (Fixture    *f,
               const char *url,
               const char *email)
{
  f->session = sc_test_session_new_at (f->server, url, token_of (f, email), email);
  f->watcher = sc_event_watcher_new (f->session, G_APPLICATION (app));
  g_signal_connect (f->watcher, "event", G_CALLBACK (sc_test_emitted_cb), &f->events);
  g_signal_connect (f->watcher, "send-notification", G_CALLBACK (send_notification_cb), f);
  g_signal_connect (f->watcher, "withdraw-notification", G_CALLBACK (withdraw_notification_cb), f);
  g_assert_true (sc_event_watcher_get_running (f->watcher));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = NULL;

  f->server = sc_test_server_start (TRUE, NULL);
  r = sc_test_request (f->server, "GET", "/approval-requests?state=pending", token_of (f, REVIEWER),
                       NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  f->request_id = g_strdup (sc_test_get_string (r->body, "items[0].id"));

  path = g_strconcat ("/approval-requests/", f->request_id, NULL);
  g_clear_pointer (&r, sc_test_response_free);
  r = sc_test_request (f->server, "GET", path, token_of (f, REVIEWER), NULL, NULL);
  sc_assert_status (r, 200);
  f->request = json_node_ref (r->body);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  g_clear_object (&f->watcher);
  g_clear_object (&f->session);
  g_clear_object (&f->notification);
  g_free (f->notification_id);
  g_free (f->withdrawn_id);
  sc_test_emitted_clear (&f->events);
  g_clear_pointer (&f->request, json_node_unref);
  g_free (f->request_id);
  sc_test_server_stop (f->server);
}

/* "Invoice sync v1" for the demo's request */
static char *
release_label (Fixture *f)
{
  return g_strdup_printf ("%s v%d", sc_test_get_string (f->request, "workflow.name"),
                          (int) sc_test_get_int (f->request, "release.version"));
}

static void
assert_describes (JsonObject *event,
                  const char *title,
                  const char *body)
{
  g_autofree char *got_title = NULL;
  g_autofree char *got_body = NULL;

  g_assert_true (sc_event_describe (event, &got_title, &got_body));
  g_assert_cmpstr (got_title, ==, title);
  g_assert_cmpstr (got_body, ==, body);
}

/* --- tests ------------------------------------------------------------------------ */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_text (void)
{
  static const struct {
    const char *json;
    const char *title;
    const char *body;
  } rows[] = {
    { "{\"id\": \"evt_1\", \"kind\": \"approval_requested\", \"data\": {\"approval_request_id\": \"apr_1\","
      " \"state\": \"pending\", \"workflow\": {\"id\": \"wf_1\", \"name\": \"Invoice sync\"},"
      " \"release\": {\"id\": \"rel_1\", \"version\": 1},"
      " \"target\": {\"tag\": \"prod\", \"org_id\": \"org_1\", \"org_name\": \"Acme Production\"},"
      " \"requester\": {\"id\": \"usr_1\", \"email\": \"admin@acme.test\", \"name\": \"Ada Admin\"}}}",
      "Promotion to review", "Ada Admin asks to promote Invoice sync v1 to prod (Acme Production)" },
    { "{\"id\": \"evt_2\", \"kind\": \"approval_decided\", \"data\": {\"state\": \"approved\","
      " \"workflow\": {\"name\": \"Invoice sync\"}, \"release\": {\"version\": 2},"
      " \"target\": {\"tag\": \"prod\", \"org_name\": \"Acme Production\"},"
      " \"reviewer\": {\"email\": \"rita@acme.test\", \"name\": \"Rita Reviewer\"}}}",
      "Request approved", "Rita Reviewer approved promoting Invoice sync v2 to prod (Acme Production)" },
    /* no name: the e-mail address */
    { "{\"id\": \"evt_3\", \"kind\": \"approval_decided\", \"data\": {\"state\": \"rejected\","
      " \"workflow\": {\"name\": \"Invoice sync\"}, \"release\": {\"version\": 2},"
      " \"target\": {\"tag\": \"prod\", \"org_name\": \"Acme Production\"},"
      " \"reviewer\": {\"email\": \"rita@acme.test\", \"name\": \"\"}}}",
      "Request rejected", "rita@acme.test rejected promoting Invoice sync v2 to prod (Acme Production)" },
    { "{\"id\": \"evt_4\", \"kind\": \"promotion_completed\", \"data\": {\"promotion_id\": \"prm_1\","
      " \"workflow_id\": \"wf_1\", \"workflow_name\": \"Invoice sync\", \"release\": {\"version\": 3},"
      " \"target\": {\"tag\": \"uat\", \"org_name\": \"Acme Staging\"}}}",
      "Promotion completed", "Invoice sync v3 is now in uat (Acme Staging)" },
  };
  static const char * const unknown[] = {
    "{\"id\": \"evt_5\", \"kind\": \"something_new\", \"data\": {}}",
    "{\"id\": \"evt_6\", \"kind\": \"approval_decided\", \"data\": {\"state\": \"pending\"}}",
    "{\"id\": \"evt_7\", \"kind\": \"promotion_completed\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(JsonObject) event = parse_object (rows[i].json);
      g_autoptr(GNotification) notification = sc_event_notification_new (event, NULL);
      g_autofree char *id = sc_event_notification_id (event);
      /* one notification per request, else per event */
      g_autofree char *expected_id = i == 0 ? g_strdup ("stagecraft-request-apr_1")
                                            : g_strdup_printf ("stagecraft-event-evt_%u", i + 1);

      assert_describes (event, rows[i].title, rows[i].body);
      g_assert_nonnull (notification);
      g_assert_cmpstr (id, ==, expected_id);
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autoptr(JsonObject) event = parse_object (unknown[i]);
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;

      g_assert_false (sc_event_describe (event, &title, &body));
      g_assert_null (title);
      g_assert_null (body);
      g_assert_null (sc_event_notification_new (event, NULL));
    }
}

/* The reviewer's watcher hears of a new request into Acme Production. */
static void
test_requested (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) cancel = NULL;
  g_autoptr(ScTestResponse) created = NULL;
  g_autofree char *cancel_path = g_strconcat ("/approval-requests/", f->request_id, "/cancel", NULL);
  g_autofree char *body = NULL;
  g_autofree char *expected_body = NULL;
  g_autofree char *release = release_label (f);
  g_autofree char *expected_id = NULL;
  JsonObject *event_data;

  /* the admin asks again (the demo's request cancelled first, before the
   * watcher starts: the reviewers hear of that too) */
  cancel = sc_test_request (f->server, "POST", cancel_path, token_of (f, ADMIN), "{}", NULL);
  sc_assert_status (cancel, 200);

  start_watcher (f, NULL, REVIEWER);
  sc_test_wait_for (has_cursor, f->watcher, DEADLINE);
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"prod\","
                          " \"message\": \"Ready\"}",
                          sc_test_get_string (f->request, "release.id"),
                          sc_test_get_string (f->request, "path.id"));
  created = sc_test_request (f->server, "POST", "/approval-requests", token_of (f, ADMIN), body, NULL);
  sc_assert_status (created, 201);

  sc_test_wait_for (sc_test_was_emitted, &f->events, DEADLINE);
  g_assert_cmpuint (f->events.count, ==, 1);
  g_assert_cmpstr (sc_json_get_string (f->events.object, "kind"), ==, "approval_requested");
  event_data = sc_json_get_object (f->events.object, "data");
  g_assert_cmpstr (sc_json_get_string (event_data, "approval_request_id"), ==,
                   sc_test_get_string (created->body, "id"));

  expected_body = g_strdup_printf ("Ada Admin asks to promote %s to prod (Acme Production)", release);
  assert_describes (f->events.object, "Promotion to review", expected_body);

  /* the notification went out, under the request's id */
  g_assert_cmpuint (f->n_notifications, ==, 1);
  g_assert_true (G_IS_NOTIFICATION (f->notification));
  expected_id = g_strconcat ("stagecraft-request-", sc_test_get_string (created->body, "id"), NULL);
  g_assert_cmpstr (f->notification_id, ==, expected_id);

  /* and it keeps following the feed */
  g_assert_true (sc_event_watcher_get_running (f->watcher));
  sc_test_wait_for (polling, f->watcher, DEADLINE);
}

/* The admin's watcher hears of the reviewer's decision. */
static void
test_decided (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = g_strconcat ("/approval-requests/", f->request_id, "/decisions", NULL);
  g_autofree char *release = release_label (f);
  g_autofree char *expected_body = NULL;

  start_watcher (f, NULL, ADMIN);
  sc_test_wait_for (has_cursor, f->watcher, DEADLINE);
  /* nothing from before the watcher started */
  g_assert_cmpuint (f->events.count, ==, 0);

  r = sc_test_request (f->server, "POST", path, token_of (f, REVIEWER),
                       "{\"decision\": \"approve\", \"comment\": \"Fine\"}", NULL);
  sc_assert_status (r, 201);

  sc_test_wait_for (sc_test_was_emitted, &f->events, DEADLINE);
  g_assert_cmpstr (sc_json_get_string (f->events.object, "kind"), ==, "approval_decided");
  g_assert_cmpstr (sc_json_get_string (sc_json_get_object (f->events.object, "data"), "state"), ==,
                   "approved");
  expected_body = g_strdup_printf ("Rita Reviewer approved promoting %s to prod (Acme Production)",
                                   release);
  assert_describes (f->events.object, "Request approved", expected_body);
  g_assert_cmpuint (f->n_notifications, ==, 1);
}

/* Stopping ends the long poll and the watcher; disposing does too, and
 * nothing arrives afterwards. (How fast is not asserted: no timings in
 * tests.) */
static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  ScEventWatcher *weak;

  start_watcher (f, NULL, REVIEWER);
  sc_test_wait_for (has_cursor, f->watcher, DEADLINE);
  sc_test_wait_for (polling, f->watcher, DEADLINE);

  sc_event_watcher_stop (f->watcher);
  g_assert_false (sc_event_watcher_get_running (f->watcher));
  sc_test_wait_for (not_polling, f->watcher, DEADLINE);

  /* a disposed watcher: gone at once, and nothing more arrives */
  g_clear_object (&f->watcher);
  start_watcher (f, NULL, REVIEWER);
  sc_test_wait_for (has_cursor, f->watcher, DEADLINE);
  sc_test_wait_for (polling, f->watcher, DEADLINE);
  weak = f->watcher;
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_clear_object (&f->watcher);
  g_assert_null (weak);

  {
    g_autoptr(ScTestResponse) r = NULL;
    g_autofree char *path = g_strconcat ("/approval-requests/", f->request_id, "/cancel", NULL);

    r = sc_test_request (f->server, "POST", path, token_of (f, ADMIN), "{}", NULL);
    sc_assert_status (r, 200);
  }
  g_assert_cmpuint (f->events.count, ==, 0);
}

static void
flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

/* A revoked token: the session hears of it and the watcher stops. */
static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  const char *token = token_of (f, REVIEWER);
  g_autofree char *token_id = NULL;
  g_autofree char *out = NULL;
  gboolean unauthorized = FALSE;

  /* scp_<tok_ + 20 chars>_<secret> */
  g_assert_true (g_str_has_prefix (token, "scp_tok_"));
  token_id = g_strndup (token + 4, 24);

  f->session = sc_test_session_new (f->server, token, REVIEWER);
  g_signal_connect_swapped (f->session, "unauthorized", G_CALLBACK (flag_cb), &unauthorized);
  out = sc_test_server_cli (f->server, NULL, "token", "revoke", token_id, NULL);

  f->watcher = sc_event_watcher_new (f->session, G_APPLICATION (app));
  sc_test_wait_for (sc_test_flag_set, &unauthorized, DEADLINE);
  g_assert_false (sc_event_watcher_get_running (f->watcher));
  g_assert_false (sc_event_watcher_get_polling (f->watcher));
  g_assert_null (sc_event_watcher_get_cursor (f->watcher));
}

/* A server that cannot be reached: the watcher keeps trying. */
static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  start_watcher (f, "http://127.0.0.1:1", REVIEWER);
  g_assert_true (sc_event_watcher_get_polling (f->watcher));
  sc_test_wait_for (not_polling, f->watcher, DEADLINE);
  g_assert_true (sc_event_watcher_get_running (f->watcher));
  /* tried again after the back-off */
  sc_test_wait_for (polling, f->watcher, DEADLINE);
  sc_event_watcher_stop (f->watcher);
  sc_test_wait_for (not_polling, f->watcher, DEADLINE);
  g_assert_null (sc_event_watcher_get_cursor (f->watcher));
}

/* The window: one watcher per session, none with notifications off. */
/* com.canonical.Unity.LauncherEntry.Update: the last "count" seen */
static void
launcher_entry_cb (GDBusConnection *connection,
                   const char      *sender,
                   const char      *path,
                   const char      *interface,
                   const char      *signal,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  gint64 *count = user_data;
  g_autoptr(GVariant) properties = NULL;
  const char *uri = NULL;

  g_variant_get (parameters, "(&s@a{sv})", &uri, &properties);
  g_assert_cmpstr (uri, ==, "application://" APP_ID ".desktop");
  g_variant_lookup (properties, "count", "x", count);
}

static gboolean
launcher_count_is_one (gpointer data)
{
  return *(gint64 *) data == 1;
}

static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScAccounts) accounts = sc_accounts_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ScSession) other = NULL;
  GDBusConnection *connection = g_application_get_dbus_connection (G_APPLICATION (app));
  gint64 launcher_count = -1;
  guint subscription;
  ScWindow *window;
  ScEventWatcher *watcher;

  g_assert_nonnull (connection);
  subscription = g_dbus_connection_signal_subscribe (connection, NULL, "com.canonical.Unity.LauncherEntry",
                                                     "Update", NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                     launcher_entry_cb, &launcher_count, NULL);

  f->session = sc_test_session_new (f->server, token_of (f, REVIEWER), REVIEWER);
  window = sc_window_new (app, accounts);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (sc_window_get_event_watcher (window));

  /* notifications off (as sc_test_ui_init() leaves them): no watcher */
  g_assert_false (g_settings_get_boolean (settings, "notifications"));
  sc_window_set_session (window, f->session);
  g_assert_null (sc_window_get_event_watcher (window));

  /* switched on: one for the session */
  g_settings_set_boolean (settings, "notifications", TRUE);
  watcher = sc_window_get_event_watcher (window);
  g_assert_nonnull (watcher);
  g_assert_true (sc_event_watcher_get_session (watcher) == f->session);
  sc_test_wait_for (has_cursor, watcher, DEADLINE);

  /* off again: gone */
  g_settings_set_boolean (settings, "notifications", FALSE);
  g_assert_null (sc_window_get_event_watcher (window));
  g_settings_set_boolean (settings, "notifications", TRUE);
  g_assert_nonnull (sc_window_get_event_watcher (window));

  /* the count of requests to decide on the launcher's icon */
  sc_test_wait_for (launcher_count_is_one, &launcher_count, DEADLINE);

  /* another account: a watcher of its own */
  other = sc_test_session_new (f->server, token_of (f, ADMIN), ADMIN);
  sc_window_set_session (window, other);
  g_assert_true (sc_event_watcher_get_session (sc_window_get_event_watcher (window)) == other);

  /* where the notification's action (app.show-approvals) leads */
  sc_window_show_section (window, "approvals");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (sc_window_get_view (window, "approvals")))),
                   ==, "approvals");

  sc_window_set_session (window, NULL);
  g_assert_null (sc_window_get_event_watcher (window));
  g_settings_set_boolean (settings, "notifications", FALSE);
  g_dbus_connection_signal_unsubscribe (connection, subscription);
}

/* --- deciding from the notification ---------------------------------------- */

typedef struct {
  Fixture    *f;
  ScSession  *review_session;
  char       *review_id;
  gboolean    replied;
  GError     *error;
} ActionRun;

static ScSession *
session_for (const char *server_url,
             const char *account,
             gpointer    user_data)
{
  Fixture *f = user_data;

  if (g_strcmp0 (sc_session_get_server_url (f->session), server_url) == 0 &&
      g_strcmp0 (sc_session_get_account (f->session), account) == 0)
    return f->session;
  return NULL;
}

static void
review_cb (ScRequestActions *actions,
           ScSession        *session,
           const char       *request_id,
           ActionRun        *run)
{
  run->review_session = session;
  g_free (run->review_id);
  run->review_id = g_strdup (request_id);
}

static void
activated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ActionRun *run = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &run->error);

  run->replied = TRUE;
}

/* org.gtk.Actions.Activate (@action, [@target], {}) on the application,
 * from another connection to the session bus, as a notification server
 * does; answered once the action has started. */
static void
activate_over_dbus (ActionRun  *run,
                    const char *action,
                    GVariant   *target)
{
  g_autoptr(GDBusConnection) desktop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GVariantBuilder parameters;

  g_assert_no_error (error);
  desktop = g_dbus_connection_new_for_address_sync (address,
                                                    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                    G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_application_get_dbus_connection (G_APPLICATION (app)));

  g_variant_builder_init (&parameters, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameters, "v", target);
  run->replied = FALSE;
  g_dbus_connection_call (desktop,
                          g_dbus_connection_get_unique_name (g_application_get_dbus_connection (G_APPLICATION (app))),
                          g_application_get_dbus_object_path (G_APPLICATION (app)),
                          "org.gtk.Actions", "Activate",
                          g_variant_new ("(sava{sv})", action, &parameters, NULL),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, activated_cb, run);
  sc_test_wait_for (sc_test_flag_set, &run->replied, DEADLINE);
  g_assert_no_error (run->error);
}

static gboolean
withdrawn (gpointer data)
{
  Fixture *f = data;

  return f->withdrawn_id != NULL;
}

static gboolean
actions_done (gpointer data)
{
  return sc_request_actions_get_n_running (data) == 0;
}

static void
remove_request_actions (void)
{
  g_action_map_remove_action (G_ACTION_MAP (app), "approve-request");
  g_action_map_remove_action (G_ACTION_MAP (app), "reject-request");
  g_action_map_remove_action (G_ACTION_MAP (app), "review-request");
}

/* Approve in the notification, with no window: the request is approved on
 * the server (no comment asked: the server says none is required) and its
 * notification withdrawn. Review asks the app to open the review. */
static void
test_approve_action (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ScRequestActions) actions = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = g_strconcat ("/approval-requests/", f->request_id, NULL);
  g_autofree char *expected_id = g_strconcat ("stagecraft-request-", f->request_id, NULL);
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(GNotification) notification = NULL;
  ActionRun run = { f };

  f->session = sc_test_session_new (f->server, token_of (f, REVIEWER), REVIEWER);
  actions = sc_request_actions_new (G_APPLICATION (app), NULL);
  sc_request_actions_set_session_func (actions, session_for, f);
  g_signal_connect (actions, "withdraw-notification", G_CALLBACK (withdraw_notification_cb), f);
  g_signal_connect (actions, "review", G_CALLBACK (review_cb), &run);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));

  /* what the notification of the request carries */
  event = json_object_new ();
  json_object_set_string_member (event, "id", "evt_x");
  json_object_set_string_member (event, "kind", "approval_requested");
  json_object_set_object_member (event, "data", json_object_ref (json_node_get_object (f->request)));
  json_object_set_string_member (sc_json_get_object (event, "data"), "approval_request_id", f->request_id);
  notification = sc_event_notification_new (event, f->session);
  g_assert_nonnull (notification);

  /* Review: the app is asked to open it */
  activate_over_dbus (&run, "review-request", sc_request_actions_target (f->session, f->request_id));
  sc_test_wait_for (actions_done, actions, DEADLINE);
  g_assert_true (run.review_session == f->session);
  g_assert_cmpstr (run.review_id, ==, f->request_id);
  g_assert_null (f->withdrawn_id);

  /* Approve: decided at once */
  activate_over_dbus (&run, "approve-request", sc_request_actions_target (f->session, f->request_id));
  sc_test_wait_for (withdrawn, f, DEADLINE);
  sc_test_wait_for (actions_done, actions, DEADLINE);
  g_assert_cmpstr (f->withdrawn_id, ==, expected_id);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));

  r = sc_test_request (f->server, "GET", path, token_of (f, ADMIN), NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "approved");
  g_assert_cmpuint (sc_test_get_length (r->body, "decisions"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].reviewer.email"), ==, REVIEWER);
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].decision"), ==, "approve");

  /* again: refused by the server, whose reason replaces the notification */
  g_clear_pointer (&f->withdrawn_id, g_free);
  g_signal_connect (actions, "send-notification", G_CALLBACK (send_notification_cb), f);
  activate_over_dbus (&run, "approve-request", sc_request_actions_target (f->session, f->request_id));
  sc_test_wait_for (actions_done, actions, DEADLINE);
  g_assert_null (f->withdrawn_id);
  g_assert_cmpuint (f->n_notifications, ==, 1);
  g_assert_cmpstr (f->notification_id, ==, expected_id);

  remove_request_actions ();
  g_free (run.review_id);
}

/* Decided by someone else: the reviewer's watcher withdraws the
 * notification of the request. */
static void
test_withdrawn_elsewhere (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = g_strconcat ("/approval-requests/", f->request_id, "/decisions", NULL);
  g_autofree char *expected_id = g_strconcat ("stagecraft-request-", f->request_id, NULL);

  start_watcher (f, NULL, REVIEWER);
  sc_test_wait_for (has_cursor, f->watcher, DEADLINE);

  /* the admin reviews Production too (reviewer roles admin and reviewer) but
   * asked for it: another reviewer is needed; the reviewer decides "on
   * another machine" (straight to the server) */
  r = sc_test_request (f->server, "POST", path, token_of (f, REVIEWER), "{\"decision\": \"reject\"}", NULL);
  sc_assert_status (r, 201);

  sc_test_wait_for (withdrawn, f, DEADLINE);
  g_assert_cmpstr (f->withdrawn_id, ==, expected_id);
  g_assert_cmpuint (f->n_notifications, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  /* a private session bus, before anything connects to one: the app's
   * actions are called over it */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* which g_test_dbus_up() unsets */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  sc_test_ui_init (&argc, &argv);
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/ui/notify/text", test_text);
  ADD ("/ui/notify/requested", test_requested);
  ADD ("/ui/notify/decided", test_decided);
  ADD ("/ui/notify/stop", test_stop);
  ADD ("/ui/notify/unauthorized", test_unauthorized);
  ADD ("/ui/notify/retry", test_retry);
  ADD ("/ui/notify/window", test_window);
  ADD ("/ui/notify/approve-action", test_approve_action);
  ADD ("/ui/notify/withdrawn-elsewhere", test_withdrawn_elsewhere);
#undef ADD

  status = g_test_run ();
  g_test_dbus_stop (bus);
  return status;
}
