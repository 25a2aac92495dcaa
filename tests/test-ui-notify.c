/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-event-watcher.h"
#include "sc-json-util.h"
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
 * watcher follows the session and the "notifications" setting. */

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"
#define REVIEWER "reviewer@acme.test"

static AdwApplication *app;

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
      g_autoptr(GNotification) notification = sc_event_notification_new (event);
      g_autofree char *id = sc_event_notification_id (event);
      g_autofree char *expected_id = g_strdup_printf ("stagecraft-event-evt_%u", i + 1);

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
      g_assert_null (sc_event_notification_new (event));
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

  start_watcher (f, NULL, REVIEWER);
  sc_test_wait_for (has_cursor, f->watcher, DEADLINE);

  /* the admin asks again (the demo's request cancelled first) */
  cancel = sc_test_request (f->server, "POST", cancel_path, token_of (f, ADMIN), "{}", NULL);
  sc_assert_status (cancel, 200);
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

  /* the notification went out, under the event's id */
  g_assert_cmpuint (f->n_notifications, ==, 1);
  g_assert_true (G_IS_NOTIFICATION (f->notification));
  expected_id = g_strconcat ("stagecraft-event-", sc_json_get_string (f->events.object, "id"), NULL);
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
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScAccounts) accounts = sc_accounts_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ScSession) other = NULL;
  ScWindow *window;
  ScEventWatcher *watcher;

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

  g_test_add_func ("/ui/notify/text", test_text);
  ADD ("/ui/notify/requested", test_requested);
  ADD ("/ui/notify/decided", test_decided);
  ADD ("/ui/notify/stop", test_stop);
  ADD ("/ui/notify/unauthorized", test_unauthorized);
  ADD ("/ui/notify/retry", test_retry);
  ADD ("/ui/notify/window", test_window);
#undef ADD

  return g_test_run ();
}
