/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-test-server.h"

/* GET /events: the long-poll feed. A Dev org's path leads into a Staging
 * org with approvals on; dan (developer in Dev) requests, rita (reviewer in
 * Staging) is told, decides, and dan is told. */

typedef struct {
  ScTestServer *server;
  char         *dev_id;
  char         *stg_id;
  char         *ada, *dan, *rita, *vic;
  char         *rita_id;
  char         *path_id;
  char         *release_id;
} Fixture;

static char *
printf_json (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static char *
printf_json (const char *format,
             ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return text;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *scratch = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *workflow_id = NULL;
  g_autofree char *etag = NULL;

  f->server = sc_test_server_start (FALSE, NULL);
  f->dev_id = sc_test_server_add_org (f->server, "Dev Org", "dev");
  f->stg_id = sc_test_server_add_org (f->server, "Staging Org", "uat");
  f->ada = sc_test_server_add_user (f->server, "ada@example.test", f->dev_id, "admin", NULL);
  scratch = sc_test_server_add_user (f->server, "ada@example.test", f->stg_id, "admin", NULL);
  f->dan = sc_test_server_add_user (f->server, "dan@example.test", f->dev_id, "developer", NULL);
  f->rita = sc_test_server_add_user (f->server, "rita@example.test", f->stg_id, "reviewer", &f->rita_id);
  f->vic = sc_test_server_add_user (f->server, "vic@example.test", f->stg_id, "viewer", NULL);

  url = g_strconcat ("/orgs/", f->dev_id, "/mappings", NULL);
  body = printf_json ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->stg_id);
  r = sc_test_request (f->server, "POST", url, f->ada, body, NULL);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);
  g_free (url);
  g_free (body);

  url = g_strconcat ("/orgs/", f->dev_id, "/promotion-paths", NULL);
  body = printf_json ("{\"name\": \"Pipeline\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"%s\"},"
                      " {\"tag\": \"stage\", \"org_id\": \"%s\"}]}", f->dev_id, f->stg_id);
  r = sc_test_request (f->server, "POST", url, f->ada, body, NULL);
  sc_assert_status (r, 201);
  f->path_id = g_strdup (sc_test_get_string (r->body, "id"));
  g_clear_pointer (&r, sc_test_response_free);
  g_free (url);

  /* approvals into Staging: admins and reviewers, one approval */
  url = g_strconcat ("/orgs/", f->stg_id, NULL);
  r = sc_test_request (f->server, "GET", url, f->ada, NULL, NULL);
  sc_assert_status (r, 200);
  etag = g_strdup (sc_test_get_string (r->body, "etag"));
  g_clear_pointer (&r, sc_test_response_free);
  r = sc_test_request (f->server, "PATCH", url, f->ada,
                       "{\"approval_policy\": {\"enabled\": true,"
                       " \"reviewer_roles\": [\"admin\", \"reviewer\"]}}",
                       "If-Match", etag, NULL);
  sc_assert_status (r, 200);
  g_clear_pointer (&r, sc_test_response_free);
  g_free (url);

  url = g_strconcat ("/orgs/", f->dev_id, "/workflows", NULL);
  r = sc_test_request (f->server, "POST", url, f->dan,
                       "{\"name\": \"Invoice sync\", \"trigger\": {\"url\": \"/hooks/invoices\","
                       " \"method\": \"POST\"}}", NULL);
  sc_assert_status (r, 201);
  workflow_id = g_strdup (sc_test_get_string (r->body, "id"));
  g_clear_pointer (&r, sc_test_response_free);
  g_free (url);

  url = g_strconcat ("/workflows/", workflow_id, "/releases", NULL);
  r = sc_test_request (f->server, "POST", url, f->dan, "{}", NULL);
  sc_assert_status (r, 201);
  f->release_id = g_strdup (sc_test_get_string (r->body, "id"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->dev_id);
  g_free (f->stg_id);
  g_free (f->ada);
  g_free (f->dan);
  g_free (f->rita);
  g_free (f->vic);
  g_free (f->rita_id);
  g_free (f->path_id);
  g_free (f->release_id);
}

static char *
make_request (Fixture *f)
{
  g_autofree char *body = printf_json ("{\"release_id\": \"%s\", \"path_id\": \"%s\","
                                       " \"target_stage\": \"stage\", \"message\": \"Ship it\"}",
                                       f->release_id, f->path_id);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", "/approval-requests", f->dan, body, NULL);

  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

/* The caller's current cursor (GET /events without since). */
static char *
current_cursor (Fixture    *f,
                const char *token)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/events", token, NULL, NULL);

  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 0);
  g_assert_nonnull (sc_test_get_string (r->body, "next_cursor"));
  return g_strdup (sc_test_get_string (r->body, "next_cursor"));
}

static ScTestResponse *
poll (Fixture    *f,
      const char *token,
      const char *cursor,
      const char *timeout)
{
  g_autofree char *path = g_strconcat ("/events?since=", cursor, "&timeout=", timeout, NULL);

  return sc_test_request (f->server, "GET", path, token, NULL, NULL);
}

/* --- an asynchronous long poll --------------------------------------------- */

typedef struct {
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gboolean     sent;
  gboolean     done;
} Poll;

static void
poll_sent_cb (SoupMessage *msg,
              Poll        *p)
{
  p->sent = TRUE;
}

static gboolean
poll_sent (gpointer user_data)
{
  Poll *p = user_data;

  return p->sent || p->done;
}

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Poll *p = user_data;

  p->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &p->error);
  p->done = TRUE;
}

static gboolean
poll_done (gpointer user_data)
{
  return ((Poll *) user_data)->done;
}

static void
poll_start (Fixture      *f,
            Poll         *p,
            SoupSession  *session,
            const char   *token,
            const char   *cursor,
            GCancellable *cancellable)
{
  g_autofree char *uri = g_strconcat (f->server->api, "/events?since=", cursor, "&timeout=30", NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

  p->msg = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (p->msg), "Authorization", auth);
  g_signal_connect (p->msg, "wrote-body", G_CALLBACK (poll_sent_cb), p);
  soup_session_send_and_read_async (session, p->msg, G_PRIORITY_DEFAULT, cancellable, poll_done_cb, p);
  /* the poll is on its way to the server before the test goes on */
  sc_test_wait_for (poll_sent, p, 10);
}

static JsonNode *
poll_finish (Poll *p)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (p->error);
  g_assert_cmpuint (soup_message_get_status (p->msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (p->body, NULL),
                                             g_bytes_get_size (p->body), NULL));
  return json_node_copy (json_parser_get_root (parser));
}

static void
poll_clear (Poll *p)
{
  g_clear_object (&p->msg);
  g_clear_pointer (&p->body, g_bytes_unref);
  g_clear_error (&p->error);
}

/* --- cases -------------------------------------------------------------------- */

static void
test_cursor_without_since (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *before = current_cursor (f, f->rita);
  g_autofree char *id = NULL;
  g_autofree char *after = NULL;
  g_autofree char *unchanged = NULL;
  g_autoptr(ScTestResponse) anonymous = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  anonymous = sc_test_request (f->server, "GET", "/events", NULL, NULL, NULL);
  sc_assert_error (anonymous, 401, "unauthenticated");

  /* nothing yet: a cursor all the same, and polling from it times out */
  r = poll (f, f->rita, before, "0");
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 0);
  g_assert_cmpstr (sc_test_get_string (r->body, "next_cursor"), ==, before);

  /* the cursor moves with the caller's events only */
  id = make_request (f);
  after = current_cursor (f, f->rita);
  g_assert_cmpstr (after, !=, before);
  unchanged = current_cursor (f, f->vic);
  g_assert_cmpstr (unchanged, ==, before);
}

static void
test_long_poll_receives_request (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *cursor = current_cursor (f, f->rita);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(ScTestResponse) again = NULL;
  g_autofree char *id = NULL;
  Poll p = { 0 };
  gint64 started;

  poll_start (f, &p, session, f->rita, cursor, NULL);
  g_assert_false (p.done);

  started = g_get_monotonic_time ();
  id = make_request (f);
  sc_test_wait_for (poll_done, &p, 10);
  /* answered by the request, well before the 30 s timeout */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_TIME_SPAN_SECOND);

  body = poll_finish (&p);
  g_assert_cmpuint (sc_test_get_length (body, "items"), ==, 1);
  g_assert_true (g_str_has_prefix (sc_test_get_string (body, "items[0].id"), "evt_"));
  g_assert_cmpstr (sc_test_get_string (body, "items[0].kind"), ==, "approval_requested");
  g_assert_nonnull (sc_test_get_string (body, "items[0].at"));
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.approval_request_id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.workflow.name"), ==, "Invoice sync");
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.target.org_id"), ==, f->stg_id);
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.requester.email"), ==, "dan@example.test");
  g_assert_cmpstr (sc_test_get_string (body, "next_cursor"), !=, cursor);

  /* from the new cursor there is nothing more */
  again = poll (f, f->rita, sc_test_get_string (body, "next_cursor"), "0");
  sc_assert_status (again, 200);
  g_assert_cmpuint (sc_test_get_length (again->body, "items"), ==, 0);

  poll_clear (&p);
}

static void
test_reviewers_only (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *rita_cursor = current_cursor (f, f->rita);
  g_autofree char *ada_cursor = current_cursor (f, f->ada);
  g_autofree char *vic_cursor = current_cursor (f, f->vic);
  g_autofree char *dan_cursor = current_cursor (f, f->dan);
  g_autofree char *id = make_request (f);
  struct {
    const char *token;
    const char *cursor;
    guint       n;
  } rows[] = {
    /* eligible reviewers: admins and reviewers of the target */
    { f->rita, rita_cursor, 1 },
    { f->ada, ada_cursor, 1 },
    /* a viewer of the target; the requester himself */
    { f->vic, vic_cursor, 0 },
    { f->dan, dan_cursor, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = poll (f, rows[i].token, rows[i].cursor, "0");

      sc_assert_status (r, 200);
      g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, rows[i].n);
    }
}

static void
test_timeout_empty (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *cursor = current_cursor (f, f->rita);
  g_autoptr(ScTestResponse) r = NULL;
  gint64 started = g_get_monotonic_time ();

  r = poll (f, f->rita, cursor, "1");
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 0);
  g_assert_cmpstr (sc_test_get_string (r->body, "next_cursor"), ==, cursor);
  /* it did wait, and not for long */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_TIME_SPAN_SECOND - 50 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_TIME_SPAN_SECOND);
}

static void
test_decision_event (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *cursor = current_cursor (f, f->dan);
  g_autofree char *id = make_request (f);
  g_autofree char *path = g_strconcat ("/approval-requests/", id, "/decisions", NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(ScTestResponse) decided = NULL;
  g_autoptr(JsonNode) body = NULL;
  Poll p = { 0 };

  poll_start (f, &p, session, f->dan, cursor, NULL);

  decided = sc_test_request (f->server, "POST", path, f->rita,
                             "{\"decision\": \"reject\", \"comment\": \"Not this week\"}", NULL);
  sc_assert_status (decided, 201);

  sc_test_wait_for (poll_done, &p, 10);
  body = poll_finish (&p);
  g_assert_cmpuint (sc_test_get_length (body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (body, "items[0].kind"), ==, "approval_decided");
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.approval_request_id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.state"), ==, "rejected");
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.decision"), ==, "reject");
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.comment"), ==, "Not this week");
  g_assert_cmpstr (sc_test_get_string (body, "items[0].data.reviewer.id"), ==, f->rita_id);

  poll_clear (&p);
}

/* After a decision and after a cancellation, every reviewer who was told of
 * the request (the one who decided too) hears "approval_updated" with the
 * state now and who did it: their clients withdraw the notification. The
 * requester and a viewer do not. The request says whether a decision needs
 * a comment (no policy asks for one here). */
static void
test_updated_event (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = make_request (f);
  g_autofree char *decide = g_strconcat ("/approval-requests/", id, "/decisions", NULL);
  g_autofree char *get = g_strconcat ("/approval-requests/", id, NULL);
  g_autofree char *rita_cursor = current_cursor (f, f->rita);
  g_autofree char *ada_cursor = current_cursor (f, f->ada);
  g_autofree char *dan_cursor = current_cursor (f, f->dan);
  g_autofree char *vic_cursor = current_cursor (f, f->vic);
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) got = NULL;
  g_autofree char *second = NULL;
  g_autofree char *cancel = NULL;
  const char *tokens[] = { f->rita, f->ada };
  const char *cursors[] = { rita_cursor, ada_cursor };

  got = sc_test_request (f->server, "GET", get, f->rita, NULL, NULL);
  sc_assert_status (got, 200);
  g_assert_false (sc_test_get_bool (got->body, "comment_required.approve"));
  g_assert_false (sc_test_get_bool (got->body, "comment_required.reject"));

  r = sc_test_request (f->server, "POST", decide, f->rita, "{\"decision\": \"approve\"}", NULL);
  sc_assert_status (r, 201);

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(ScTestResponse) events = poll (f, tokens[i], cursors[i], "0");

      sc_assert_status (events, 200);
      g_assert_cmpuint (sc_test_get_length (events->body, "items"), ==, 1);
      g_assert_cmpstr (sc_test_get_string (events->body, "items[0].kind"), ==, "approval_updated");
      g_assert_cmpstr (sc_test_get_string (events->body, "items[0].data.approval_request_id"), ==, id);
      g_assert_cmpstr (sc_test_get_string (events->body, "items[0].data.state"), ==, "approved");
      g_assert_cmpstr (sc_test_get_string (events->body, "items[0].data.actor.id"), ==, f->rita_id);
    }
  {
    g_autoptr(ScTestResponse) events = poll (f, f->vic, vic_cursor, "0");

    g_assert_cmpuint (sc_test_get_length (events->body, "items"), ==, 0);
  }
  {
    /* the requester hears the decision (approval_decided) only */
    g_autoptr(ScTestResponse) events = poll (f, f->dan, dan_cursor, "0");

    g_assert_cmpuint (sc_test_get_length (events->body, "items"), ==, 1);
    g_assert_cmpstr (sc_test_get_string (events->body, "items[0].kind"), ==, "approval_decided");
  }

  /* cancelled by the requester: the reviewers hear it too */
  g_free (rita_cursor);
  rita_cursor = current_cursor (f, f->rita);
  cancel = g_strconcat ("/approval-requests/", id, "/cancel", NULL);
  g_clear_pointer (&r, sc_test_response_free);
  r = sc_test_request (f->server, "POST", cancel, f->dan, NULL, NULL);
  sc_assert_status (r, 200);
  {
    g_autoptr(ScTestResponse) events = poll (f, f->rita, rita_cursor, "0");

    g_assert_cmpuint (sc_test_get_length (events->body, "items"), ==, 1);
    g_assert_cmpstr (sc_test_get_string (events->body, "items[0].kind"), ==, "approval_updated");
    g_assert_cmpstr (sc_test_get_string (events->body, "items[0].data.state"), ==, "cancelled");
  }
}

/* A client that gives up on its poll: the server forgets it and still
 * stops cleanly (the fixture asserts a clean exit). */
static void
test_client_goes_away (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *cursor = current_cursor (f, f->rita);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ScTestResponse) health = NULL;
  g_autofree char *id = NULL;
  Poll p = { 0 };

  poll_start (f, &p, session, f->rita, cursor, cancellable);
  g_cancellable_cancel (cancellable);
  sc_test_wait_for (poll_done, &p, 10);
  g_assert_error (p.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  poll_clear (&p);
  g_clear_object (&session);

  /* events after the client left wake nobody and harm nothing */
  id = make_request (f);
  health = sc_test_request (f->server, "GET", "/health", NULL, NULL, NULL);
  sc_assert_status (health, 200);
}

/* A poll still waiting when the server stops. */
static void
test_server_stops_while_polling (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *cursor = current_cursor (f, f->rita);
  g_autoptr(SoupSession) session = soup_session_new ();
  Poll p = { 0 };

  poll_start (f, &p, session, f->rita, cursor, NULL);

  sc_test_server_stop (f->server);
  f->server = NULL;
  sc_test_wait_for (poll_done, &p, 10);
  poll_clear (&p);
}

static void
test_bad_queries (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const rows[] = {
    /* not a cursor: bad characters, not base64 of digits, empty */
    "/events?since=%21%21",
    "/events?since=bm90LWRpZ2l0cw",
    "/events?since=",
    /* timeout out of 0..30, not a number */
    "/events?timeout=31",
    "/events?timeout=-1",
    "/events?timeout=soon",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", rows[i], f->rita, NULL, NULL);

      sc_assert_error (r, 400, "bad_request");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/server/events/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("cursor-without-since", test_cursor_without_since);
  ADD ("long-poll-receives-request", test_long_poll_receives_request);
  ADD ("reviewers-only", test_reviewers_only);
  ADD ("timeout-empty", test_timeout_empty);
  ADD ("decision-event", test_decision_event);
  ADD ("updated-event", test_updated_event);
  ADD ("client-goes-away", test_client_goes_away);
  ADD ("server-stops-while-polling", test_server_stops_while_polling);
  ADD ("bad-queries", test_bad_queries);

#undef ADD

  return g_test_run ();
}
