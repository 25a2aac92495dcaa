/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "sc-test-server.h"

/* The real server under concurrency and load (issue 6, item 5):
 *   races      8 clients at once on one path edit, one promotion, one
 *              3-of-8 approval: exactly one winner, no lost update
 *   held       500 long polls and 200 kept-alive connections at once,
 *              all answered, the server's memory bounded
 *   slowloris  200 connections trickling a request byte by byte do not
 *              stall other clients and are closed at the deadline
 *   idle       connections that send nothing, stop half-way or idle
 *              after an answer are closed; file descriptors come back
 *   cap        the connection beyond --max-connections gets 503
 *   too-large  413 for a 50 MiB Content-Length before the body is read,
 *              and for a chunked body as it grows past 1 MiB
 * Requests race for real: many connections with requests in flight at
 * once (an async SoupSession with many connections, raw sockets). */

/* Under AddressSanitizer every allocation is slow (CI unwinds each one):
 * the same paths run with a tenth of the connections there, so that the
 * suite stays short; the figures come from the plain build. */
#if defined(__SANITIZE_ADDRESS__)
#define SCALE 10
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SCALE 10
#endif
#endif
#ifndef SCALE
#define SCALE 1
#endif

#define N_RACERS    8
#define N_POLLERS   (500 / SCALE)
#define N_KEEPALIVE (200 / SCALE)
#define N_SLOW      (200 / SCALE)
#define N_IDLE      (200 / SCALE)
#define DEADLINE    60

/* --- the server process ---------------------------------------------------- */

static guint
server_pid (ScTestServer *server)
{
  const char *id = g_subprocess_get_identifier (server->process);

  g_assert_nonnull (id);
  return (guint) g_ascii_strtoull (id, NULL, 10);
}

/* A field of the server's /proc status ("VmRSS:", "VmHWM:"), in kB. */
static guint64
server_status_kb (ScTestServer *server,
                  const char   *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/status", server_pid (server));
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, field);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

static guint
server_fds (ScTestServer *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/fd", server_pid (server));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

typedef struct {
  ScTestServer *server;
  guint         at_least;
  guint         at_most;
} FdWait;

static gboolean
fds_at_least (gpointer user_data)
{
  FdWait *wait = user_data;

  return server_fds (wait->server) >= wait->at_least;
}

static gboolean
fds_at_most (gpointer user_data)
{
  FdWait *wait = user_data;

  return server_fds (wait->server) <= wait->at_most;
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits for the server's open files to reach what @condition wants;
 * nothing in this process wakes when they do, so look every 10 ms. */
static void
wait_fds (gboolean (*condition) (gpointer user_data),
          FdWait    *wait)
{
  guint tick = g_timeout_add (10, tick_cb, NULL);

  sc_test_wait_for (condition, wait, DEADLINE);
  g_source_remove (tick);
}

/* --- raw connections ---------------------------------------------------------- */

typedef struct {
  GSocketConnection *conn;
  GString           *in;
  gboolean           connected;
  gboolean           closed;  /* EOF or error from the server's side */
  GCancellable      *cancellable;
  char               buffer[4096];
} Raw;

static void raw_read (Raw *raw);

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Raw *raw = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      raw->closed = TRUE;
      return;
    }
  g_string_append_len (raw->in, raw->buffer, n);
  raw_read (raw);
}

static void
raw_read (Raw *raw)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (raw->conn)),
                             raw->buffer, sizeof raw->buffer, G_PRIORITY_DEFAULT,
                             raw->cancellable, raw_read_cb, raw);
}

static void
raw_connected_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Raw *raw = user_data;
  g_autoptr(GError) error = NULL;

  raw->conn = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  g_assert_no_error (error);
  raw->connected = TRUE;
  raw_read (raw);
}

static void
raw_free (Raw *raw)
{
  g_cancellable_cancel (raw->cancellable);
  /* the read callback runs once more, cancelled; let it */
  while (!raw->closed)
    g_main_context_iteration (NULL, TRUE);
  if (raw->conn != NULL)
    g_io_stream_close (G_IO_STREAM (raw->conn), NULL, NULL);
  g_clear_object (&raw->conn);
  g_clear_object (&raw->cancellable);
  g_string_free (raw->in, TRUE);
  g_free (raw);
}

static gboolean raw_connected (gpointer   user_data);
static void     wait_all      (GPtrArray *raws,
                               gboolean (*each) (gpointer raw));

/* @n connections to the server, connected (the server may not have
 * accepted them yet). */
static GPtrArray *
raw_open (ScTestServer *server,
          guint         n)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);
  GPtrArray *raws = g_ptr_array_new_with_free_func ((GDestroyNotify) raw_free);

  g_assert_nonnull (uri);
  for (guint i = 0; i < n; i++)
    {
      Raw *raw = g_new0 (Raw, 1);

      raw->in = g_string_new (NULL);
      raw->cancellable = g_cancellable_new ();
      g_ptr_array_add (raws, raw);
      g_socket_client_connect_to_host_async (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                             NULL, raw_connected_cb, raw);
    }
  wait_all (raws, raw_connected);
  return raws;
}

static void
raw_send (Raw        *raw,
          const char *data,
          gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->conn)),
                             data, length, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The status of the first whole answer in @raw, 0 while there is none. */
static guint
raw_status (Raw *raw)
{
  const char *end = strstr (raw->in->str, "\r\n\r\n");
  const char *length;
  guint64 body = 0;

  if (end == NULL || !g_str_has_prefix (raw->in->str, "HTTP/1.1 "))
    return 0;
  length = g_strstr_len (raw->in->str, end - raw->in->str, "Content-Length: ");
  if (length != NULL)
    body = g_ascii_strtoull (length + strlen ("Content-Length: "), NULL, 10);
  if ((gsize) (end + 4 - raw->in->str) + body > raw->in->len)
    return 0;
  return (guint) g_ascii_strtoull (raw->in->str + strlen ("HTTP/1.1 "), NULL, 10);
}

/* The JSON body of the first answer in @raw. */
static JsonNode *
raw_body (Raw *raw)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *body = strstr (raw->in->str, "\r\n\r\n");

  g_assert_nonnull (body);
  g_assert_true (json_parser_load_from_data (parser, body + 4, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
raw_closed (gpointer user_data)
{
  return ((Raw *) user_data)->closed;
}

static gboolean
raw_answered (gpointer user_data)
{
  return raw_status (user_data) != 0;
}

static gboolean
raw_connected (gpointer user_data)
{
  return ((Raw *) user_data)->connected;
}

typedef struct {
  GPtrArray  *raws;
  gboolean  (*each) (gpointer raw);
} AllWait;

static gboolean
all_hold (gpointer user_data)
{
  AllWait *wait = user_data;

  for (guint i = 0; i < wait->raws->len; i++)
    if (!wait->each (g_ptr_array_index (wait->raws, i)))
      return FALSE;
  return TRUE;
}

/* Waits until @each holds for every connection of @raws. */
static void
wait_all (GPtrArray *raws,
          gboolean (*each) (gpointer raw))
{
  AllWait wait = { raws, each };

  sc_test_wait_for (all_hold, &wait, DEADLINE);
}

/* --- the fixture: two orgs, a path between them, eight reviewers ------------- */

typedef struct {
  ScTestServer *server;
  char         *dev_id;
  char         *stg_id;
  char         *ada;      /* admin of both: edits, promotes, requests */
  char         *reviewers[N_RACERS];
  char         *path_id;
} Fixture;

static void
patch_policy (Fixture    *f,
              const char *policy)
{
  sc_test_patch_policy (f->server, f->ada, f->stg_id, policy);
}

/* A workflow by ada in Dev with one release; returns the release id. */
static char *
create_release (Fixture    *f,
                const char *name,
                char      **workflow_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", f->dev_id, "/workflows", NULL);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"steps\": [{\"id\": \"s1\", \"name\": \"Fetch\"}],"
                                           " \"trigger\": {\"url\": \"/hooks/x\", \"method\": \"POST\"}}", name);
  g_autoptr(ScTestResponse) created = sc_test_request (f->server, "POST", path, f->ada, body, NULL);
  g_autoptr(ScTestResponse) release = NULL;
  g_autofree char *releases = NULL;

  sc_assert_status (created, 201);
  *workflow_id = g_strdup (sc_test_get_string (created->body, "id"));
  releases = g_strconcat ("/workflows/", *workflow_id, "/releases", NULL);
  release = sc_test_request (f->server, "POST", releases, f->ada, "{\"notes\": \"first\"}", NULL);
  sc_assert_status (release, 201);
  return g_strdup (sc_test_get_string (release->body, "id"));
}

/* The body of a promotion, or of an approval request, of @release_id
 * into the path's "stage". */
static char *
stage_body (Fixture    *f,
            const char *release_id)
{
  return g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\"}",
                          release_id, f->path_id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *mappings = NULL;
  g_autofree char *paths = NULL;
  g_autoptr(ScTestResponse) mapping = NULL;
  g_autoptr(ScTestResponse) path = NULL;

  f->server = sc_test_server_start (FALSE, NULL);
  f->dev_id = sc_test_server_add_org (f->server, "Dev Org", "dev");
  f->stg_id = sc_test_server_add_org (f->server, "Staging Org", "uat");
  f->ada = sc_test_server_add_user (f->server, "ada@example.test", f->dev_id, "admin", NULL);
  g_free (sc_test_server_add_user (f->server, "ada@example.test", f->stg_id, "admin", NULL));
  for (guint i = 0; i < GPOINTER_TO_UINT (data); i++)
    {
      g_autofree char *email = g_strdup_printf ("reviewer%u@example.test", i);
      f->reviewers[i] = sc_test_server_add_user (f->server, email, f->stg_id, "reviewer", NULL);
    }

  mappings = g_strconcat ("/orgs/", f->dev_id, "/mappings", NULL);
  body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->stg_id);
  mapping = sc_test_request (f->server, "POST", mappings, f->ada, body, NULL);
  sc_assert_status (mapping, 201);

  g_free (body);
  paths = g_strconcat ("/orgs/", f->dev_id, "/promotion-paths", NULL);
  body = g_strdup_printf ("{\"name\": \"Pipeline\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"%s\"},"
                          " {\"tag\": \"stage\", \"org_id\": \"%s\"}]}", f->dev_id, f->stg_id);
  path = sc_test_request (f->server, "POST", paths, f->ada, body, NULL);
  sc_assert_status (path, 201);
  f->path_id = g_strdup (sc_test_get_string (path->body, "id"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->dev_id);
  g_free (f->stg_id);
  g_free (f->ada);
  for (guint i = 0; i < N_RACERS; i++)
    g_free (f->reviewers[i]);
  g_free (f->path_id);
}

/* --- racing requests ------------------------------------------------------------ */

typedef struct {
  SoupMessage *msg;
  JsonNode    *body;
  gboolean     done;
} Call;

static void
call_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), NULL));
  call->body = json_node_copy (json_parser_get_root (parser));
  call->done = TRUE;
}

static gboolean
calls_done (gpointer user_data)
{
  Call *calls = user_data;

  for (guint i = 0; i < N_RACERS; i++)
    if (!calls[i].done)
      return FALSE;
  return TRUE;
}

/* Sends N_RACERS requests at once, each on its own connection; @tokens[i]
 * authenticates call i; @if_match (nullable) goes on all. */
static void
race (Fixture     *f,
      Call        *calls,
      const char  *method,
      const char  *path,
      char       **tokens,
      const char  *if_match,
      char       **bodies)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 64,
                                                                  "max-conns-per-host", 64,
                                                                  "timeout", DEADLINE, NULL);
  g_autofree char *uri = g_strconcat (f->server->api, path, NULL);

  for (guint i = 0; i < N_RACERS; i++)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", tokens[i], NULL);
      g_autoptr(GBytes) bytes = g_bytes_new (bodies[i], strlen (bodies[i]));
      SoupMessageHeaders *headers;

      calls[i].msg = soup_message_new (method, uri);
      headers = soup_message_get_request_headers (calls[i].msg);
      soup_message_headers_replace (headers, "Authorization", bearer);
      if (if_match != NULL)
        soup_message_headers_replace (headers, "If-Match", if_match);
      soup_message_set_request_body_from_bytes (calls[i].msg, "application/json", bytes);
    }
  for (guint i = 0; i < N_RACERS; i++)
    soup_session_send_and_read_async (session, calls[i].msg, G_PRIORITY_DEFAULT, NULL,
                                      call_done_cb, &calls[i]);
  sc_test_wait_for (calls_done, calls, DEADLINE);
}

static void
calls_clear (Call *calls)
{
  for (guint i = 0; i < N_RACERS; i++)
    {
      g_clear_object (&calls[i].msg);
      g_clear_pointer (&calls[i].body, json_node_unref);
      calls[i].done = FALSE;
    }
}

static guint
count_status (Call  *calls,
              guint  status)
{
  guint n = 0;

  for (guint i = 0; i < N_RACERS; i++)
    if (soup_message_get_status (calls[i].msg) == status)
      n++;
  return n;
}

static void
race_path_edit (Fixture *f)
{
  g_autofree char *path = g_strconcat ("/promotion-paths/", f->path_id, NULL);
  g_autoptr(ScTestResponse) before = sc_test_request (f->server, "GET", path, f->ada, NULL, NULL);
  g_autoptr(ScTestResponse) after = NULL;
  char *tokens[N_RACERS], *bodies[N_RACERS + 1] = { NULL };
  Call calls[N_RACERS] = { { 0 } };
  const char *winner = NULL;

  sc_assert_status (before, 200);
  for (guint i = 0; i < N_RACERS; i++)
    {
      tokens[i] = f->ada;
      bodies[i] = g_strdup_printf ("{\"name\": \"Writer %u\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"%s\"},"
                                   " {\"tag\": \"stage\", \"org_id\": \"%s\"}]}", i, f->dev_id, f->stg_id);
    }
  race (f, calls, "PUT", path, tokens, sc_test_get_string (before->body, "etag"), bodies);

  g_assert_cmpuint (count_status (calls, 200), ==, 1);
  g_assert_cmpuint (count_status (calls, 412), ==, N_RACERS - 1);
  for (guint i = 0; i < N_RACERS; i++)
    if (soup_message_get_status (calls[i].msg) == 200)
      winner = sc_test_get_string (calls[i].body, "name");
    else
      g_assert_cmpstr (sc_test_get_string (calls[i].body, "error.code"), ==, "precondition_failed");

  /* the one answered 200 is what stays */
  after = sc_test_request (f->server, "GET", path, f->ada, NULL, NULL);
  sc_assert_status (after, 200);
  g_assert_cmpstr (sc_test_get_string (after->body, "name"), ==, winner);
  g_assert_cmpstr (sc_test_get_string (after->body, "etag"), !=, sc_test_get_string (before->body, "etag"));

  calls_clear (calls);
  for (guint i = 0; i < N_RACERS; i++)
    g_free (bodies[i]);
}

static void
race_promotion (Fixture *f)
{
  g_autofree char *workflow_id = NULL;
  g_autofree char *release_id = create_release (f, "Invoice sync", &workflow_id);
  g_autofree char *history = g_strdup_printf ("/promotions?workflow_id=%s&limit=100", workflow_id);
  g_autofree char *staging = g_strconcat ("/orgs/", f->stg_id, "/workflows", NULL);
  g_autoptr(ScTestResponse) page = NULL;
  g_autoptr(ScTestResponse) target = NULL;
  char *tokens[N_RACERS], *bodies[N_RACERS];
  Call calls[N_RACERS] = { { 0 } };
  guint succeeded = 0, failed = 0;

  for (guint i = 0; i < N_RACERS; i++)
    {
      tokens[i] = f->ada;
      bodies[i] = stage_body (f, release_id);
    }
  race (f, calls, "POST", "/promotions", tokens, NULL, bodies);

  g_assert_cmpuint (count_status (calls, 201), ==, 1);
  g_assert_cmpuint (count_status (calls, 409), ==, N_RACERS - 1);
  for (guint i = 0; i < N_RACERS; i++)
    if (soup_message_get_status (calls[i].msg) == 409)
      g_assert_true (sc_test_has_rule (calls[i].body, "already_promoted"));

  /* the history has each attempt once: one success, the rest refused */
  page = sc_test_request (f->server, "GET", history, f->ada, NULL, NULL);
  sc_assert_status (page, 200);
  g_assert_cmpuint (sc_test_get_length (page->body, "items"), ==, N_RACERS);
  for (guint i = 0; i < N_RACERS; i++)
    {
      g_autofree char *outcome = g_strdup_printf ("items[%u].outcome", i);
      g_autofree char *code = g_strdup_printf ("items[%u].error.code", i);

      if (g_strcmp0 (sc_test_get_string (page->body, outcome), "succeeded") == 0)
        succeeded++;
      else
        {
          g_assert_cmpstr (sc_test_get_string (page->body, outcome), ==, "failed");
          g_assert_cmpstr (sc_test_get_string (page->body, code), ==, "already_promoted");
          failed++;
        }
    }
  g_assert_cmpuint (succeeded, ==, 1);
  g_assert_cmpuint (failed, ==, N_RACERS - 1);

  /* and one workflow arrived in Staging */
  target = sc_test_request (f->server, "GET", staging, f->ada, NULL, NULL);
  sc_assert_status (target, 200);
  g_assert_cmpuint (sc_test_get_length (target->body, "items"), ==, 1);

  calls_clear (calls);
  for (guint i = 0; i < N_RACERS; i++)
    g_free (bodies[i]);
}

#define REQUIRED 3

static void
race_approval (Fixture *f)
{
  g_autofree char *workflow_id = NULL;
  g_autofree char *release_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *decisions = NULL;
  g_autofree char *request = NULL;
  g_autoptr(ScTestResponse) created = NULL;
  g_autoptr(ScTestResponse) after = NULL;
  char *bodies[N_RACERS];
  Call calls[N_RACERS] = { { 0 } };
  gboolean seen[REQUIRED + 1] = { FALSE };
  guint approved = 0;

  patch_policy (f, "{\"enabled\": true, \"reviewer_roles\": [\"reviewer\"],"
                   " \"required_approvals\": 3, \"expiry_days\": 7}");
  release_id = create_release (f, "Lead enrichment", &workflow_id);
  body = stage_body (f, release_id);
  created = sc_test_request (f->server, "POST", "/approval-requests", f->ada, body, NULL);
  sc_assert_status (created, 201);
  request = g_strconcat ("/approval-requests/", sc_test_get_string (created->body, "id"), NULL);
  decisions = g_strconcat (request, "/decisions", NULL);

  for (guint i = 0; i < N_RACERS; i++)
    bodies[i] = g_strdup ("{\"decision\": \"approve\", \"comment\": \"Fine\"}");
  race (f, calls, "POST", decisions, f->reviewers, NULL, bodies);

  /* REQUIRED approvals counted, each once; the last of them decides */
  g_assert_cmpuint (count_status (calls, 201), ==, REQUIRED);
  g_assert_cmpuint (count_status (calls, 409), ==, N_RACERS - REQUIRED);
  for (guint i = 0; i < N_RACERS; i++)
    {
      guint n;

      if (soup_message_get_status (calls[i].msg) != 201)
        {
          g_assert_cmpstr (sc_test_get_string (calls[i].body, "error.code"), ==, "conflict");
          continue;
        }
      n = sc_test_get_length (calls[i].body, "decisions");
      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpuint (n, <=, REQUIRED);
      g_assert_false (seen[n]);
      seen[n] = TRUE;
      if (g_strcmp0 (sc_test_get_string (calls[i].body, "state"), "approved") == 0)
        {
          g_assert_cmpuint (n, ==, REQUIRED);
          approved++;
        }
      else
        g_assert_cmpstr (sc_test_get_string (calls[i].body, "state"), ==, "pending");
    }
  g_assert_cmpuint (approved, ==, 1);

  after = sc_test_request (f->server, "GET", request, f->ada, NULL, NULL);
  sc_assert_status (after, 200);
  g_assert_cmpstr (sc_test_get_string (after->body, "state"), ==, "approved");
  g_assert_cmpuint (sc_test_get_length (after->body, "decisions"), ==, REQUIRED);

  calls_clear (calls);
  for (guint i = 0; i < N_RACERS; i++)
    g_free (bodies[i]);
}

static void
test_races (Fixture       *f,
            gconstpointer  data)
{
  race_path_edit (f);
  race_promotion (f);
  race_approval (f);
}

/* --- many connections held at once --------------------------------------------- */

static void
test_held (Fixture       *f,
           gconstpointer  data)
{
  const char *reviewer = f->reviewers[0];
  g_autoptr(ScTestResponse) cursor = sc_test_request (f->server, "GET", "/events", reviewer, NULL, NULL);
  g_autoptr(GPtrArray) pollers = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(ScTestResponse) health = NULL;
  g_autoptr(ScTestResponse) created = NULL;
  g_autofree char *poll = NULL;
  g_autofree char *workflow_id = NULL;
  g_autofree char *release_id = NULL;
  g_autofree char *body = NULL;
  const char *get_health = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  FdWait wait = { f->server, 0, 0 };
  guint64 rss_before, rss_held;
  guint fds_before;

  sc_assert_status (cursor, 200);
  patch_policy (f, "{\"enabled\": true, \"reviewer_roles\": [\"reviewer\"], \"required_approvals\": 1}");
  release_id = create_release (f, "Invoice sync", &workflow_id);

  rss_before = server_status_kb (f->server, "VmRSS:");
  fds_before = server_fds (f->server);

  /* 200 kept-alive connections, each answered once and held open */
  kept = raw_open (f->server, N_KEEPALIVE);
  for (guint i = 0; i < kept->len; i++)
    raw_send (g_ptr_array_index (kept, i), get_health, strlen (get_health));
  wait_all (kept, raw_answered);
  for (guint i = 0; i < kept->len; i++)
    g_assert_cmpuint (raw_status (g_ptr_array_index (kept, i)), ==, 200);

  /* 500 long polls, all waiting in the server */
  poll = g_strdup_printf ("GET /api/v1/events?since=%s&timeout=30 HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n",
                          sc_test_get_string (cursor->body, "next_cursor"), reviewer);
  pollers = raw_open (f->server, N_POLLERS);
  for (guint i = 0; i < pollers->len; i++)
    raw_send (g_ptr_array_index (pollers, i), poll, strlen (poll));
  wait.at_least = fds_before + N_KEEPALIVE + N_POLLERS;
  wait_fds (fds_at_least, &wait);

  /* all held at once, and the server still answers */
  health = sc_test_request (f->server, "GET", "/health", NULL, NULL, NULL);
  sc_assert_status (health, 200);
  rss_held = server_status_kb (f->server, "VmRSS:");
  g_test_message ("%u connections held (%u long polls, %u kept alive): server VmRSS %"
                  G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT " kB held",
                  N_KEEPALIVE + N_POLLERS, N_POLLERS, N_KEEPALIVE, rss_before, rss_held);
  g_assert_cmpuint (rss_held, <, 200 * 1024);
  for (guint i = 0; i < pollers->len; i++)
    g_assert_cmpuint (raw_status (g_ptr_array_index (pollers, i)), ==, 0);

  /* one event answers every poll with it */
  body = stage_body (f, release_id);
  created = sc_test_request (f->server, "POST", "/approval-requests", f->ada, body, NULL);
  sc_assert_status (created, 201);
  wait_all (pollers, raw_answered);
  for (guint i = 0; i < pollers->len; i++)
    {
      Raw *raw = g_ptr_array_index (pollers, i);
      g_autoptr(JsonNode) page = raw_body (raw);

      g_assert_cmpuint (raw_status (raw), ==, 200);
      g_assert_cmpuint (sc_test_get_length (page, "items"), ==, 1);
    }

  /* the kept-alive ones still serve a second request */
  for (guint i = 0; i < kept->len; i++)
    {
      Raw *raw = g_ptr_array_index (kept, i);

      g_string_truncate (raw->in, 0);
      raw_send (raw, get_health, strlen (get_health));
    }
  wait_all (kept, raw_answered);
  g_test_message ("server VmHWM (peak) %" G_GUINT64_FORMAT " kB after all were answered",
                  server_status_kb (f->server, "VmHWM:"));
}

/* --- slow and idle clients ------------------------------------------------------- */

typedef struct {
  GPtrArray  *raws;
  const char *request;
  gsize       sent;
} Trickle;

static gboolean
trickle_cb (gpointer user_data)
{
  Trickle *trickle = user_data;

  /* one more byte on each open connection, never the end of the headers */
  if (trickle->sent >= strlen (trickle->request))
    return G_SOURCE_CONTINUE;
  for (guint i = 0; i < trickle->raws->len; i++)
    {
      Raw *raw = g_ptr_array_index (trickle->raws, i);

      if (!raw->closed)
        g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->conn)),
                                   trickle->request + trickle->sent, 1, NULL, NULL, NULL);
    }
  trickle->sent++;
  return G_SOURCE_CONTINUE;
}

/* A server with these limits; with @token, one org and its admin, whose
 * token it returns. */
static ScTestServer *
start_small (const char  *idle_timeout,
             const char  *max_connections,
             char       **token)
{
  ScTestServer *server = sc_test_server_start (FALSE, "--idle-timeout", idle_timeout,
                                               "--max-connections", max_connections, NULL);
  g_autofree char *org = NULL;

  if (token != NULL)
    {
      org = sc_test_server_add_org (server, "Org", "dev");
      *token = sc_test_server_add_user (server, "ada@example.test", org, "admin", NULL);
    }
  return server;
}

static void
test_slowloris (void)
{
  g_autofree char *token = NULL;
  ScTestServer *server = start_small ("3", "1024", &token);
  g_autoptr(GPtrArray) slow = NULL;
  g_autoptr(ScTestResponse) health = NULL;
  g_autoptr(ScTestResponse) orgs = NULL;
  Trickle trickle = { NULL, "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "X-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 };
  FdWait wait = { server, 0, server_fds (server) };
  guint id;

  slow = raw_open (server, N_SLOW);
  trickle.raws = slow;
  id = g_timeout_add (50, trickle_cb, &trickle);

  /* while they trickle, others are served */
  for (guint i = 0; i < 5; i++)
    {
      health = sc_test_request (server, "GET", "/health", NULL, NULL, NULL);
      sc_assert_status (health, 200);
      g_clear_pointer (&health, sc_test_response_free);
      orgs = sc_test_request (server, "GET", "/orgs", token, NULL, NULL);
      sc_assert_status (orgs, 200);
      g_assert_cmpuint (sc_test_get_length (orgs->body, "items"), ==, 1);
      g_clear_pointer (&orgs, sc_test_response_free);
    }

  /* none of them ever completes a request: the deadline closes them all,
   * with no answer, and their file descriptors come back */
  wait_all (slow, raw_closed);
  g_source_remove (id);
  for (guint i = 0; i < slow->len; i++)
    g_assert_cmpuint (raw_status (g_ptr_array_index (slow, i)), ==, 0);
  wait_fds (fds_at_most, &wait);

  g_clear_pointer (&slow, g_ptr_array_unref);
  sc_test_server_stop (server);
}

static void
test_idle (void)
{
  ScTestServer *server = start_small ("1", "1024", NULL);
  g_autoptr(GPtrArray) idle = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) half = NULL;
  const char *get_health = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  const char *half_body = "POST /api/v1/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":";
  FdWait wait = { server, 0, 0 };

  /* the test's session must not hold connections of its own */
  g_clear_object (&server->session);
  server->session = soup_session_new ();
  wait.at_most = server_fds (server);

  idle = raw_open (server, N_IDLE);
  kept = raw_open (server, 1);
  half = raw_open (server, 1);
  raw_send (g_ptr_array_index (kept, 0), get_health, strlen (get_health));
  raw_send (g_ptr_array_index (half, 0), half_body, strlen (half_body));

  /* never used, answered and idle, stopped in the body: all closed */
  wait_all (idle, raw_closed);
  sc_test_wait_for (raw_closed, g_ptr_array_index (kept, 0), DEADLINE);
  sc_test_wait_for (raw_closed, g_ptr_array_index (half, 0), DEADLINE);
  g_assert_cmpuint (raw_status (g_ptr_array_index (kept, 0)), ==, 200);
  g_assert_cmpuint (raw_status (g_ptr_array_index (half, 0)), ==, 0);
  wait_fds (fds_at_most, &wait);

  g_clear_pointer (&idle, g_ptr_array_unref);
  g_clear_pointer (&kept, g_ptr_array_unref);
  g_clear_pointer (&half, g_ptr_array_unref);
  sc_test_server_stop (server);
}

#define CAP 20

static void
test_cap (void)
{
  /* a deadline beyond the test's: only the cap frees connections here */
  ScTestServer *server = start_small ("120", G_STRINGIFY (CAP), NULL);
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GPtrArray) beyond = NULL;
  g_autoptr(JsonNode) refusal = NULL;
  const char *get_health = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  FdWait wait = { server, 0, 0 };
  const char *retry_after;
  gint64 deadline;
  guint status = 0;
  Raw *raw;

  g_clear_object (&server->session);
  wait.at_least = server_fds (server) + CAP;

  /* CAP connections, accepted by the server, each served once and kept
   * alive */
  full = raw_open (server, CAP);
  wait_fds (fds_at_least, &wait);
  for (guint i = 0; i < CAP; i++)
    raw_send (g_ptr_array_index (full, i), get_health, strlen (get_health));
  wait_all (full, raw_answered);
  for (guint i = 0; i < CAP; i++)
    g_assert_cmpuint (raw_status (g_ptr_array_index (full, i)), ==, 200);

  /* one more: 503, our error body, Retry-After, closed */
  beyond = raw_open (server, 1);
  raw = g_ptr_array_index (beyond, 0);
  raw_send (raw, get_health, strlen (get_health));
  sc_test_wait_for (raw_answered, raw, DEADLINE);
  sc_test_wait_for (raw_closed, raw, DEADLINE);
  g_assert_cmpuint (raw_status (raw), ==, 503);
  refusal = raw_body (raw);
  g_assert_cmpstr (sc_test_get_string (refusal, "error.code"), ==, "unavailable");
  g_assert_nonnull (sc_test_get_string (refusal, "error.message"));
  retry_after = strstr (raw->in->str, "Retry-After: ");
  g_assert_nonnull (retry_after);
  g_assert_cmpuint (g_ascii_strtoull (retry_after + strlen ("Retry-After: "), NULL, 10), >=, 1);
  g_assert_nonnull (strstr (raw->in->str, "Content-Type: application/json"));

  /* their clients go: a new connection is served. libsoup 3.2 would keep
   * the kept-alive ones until their deadline; at the cap the server looks
   * which clients have gone. Until it has seen them go (their FINs),
   * a new client may still be refused: it tries again, within a deadline. */
  g_clear_pointer (&full, g_ptr_array_unref);
  g_clear_pointer (&beyond, g_ptr_array_unref);
  deadline = g_get_monotonic_time () + DEADLINE * G_TIME_SPAN_SECOND;
  while (status != 200)
    {
      g_autoptr(GPtrArray) again = raw_open (server, 1);

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      raw = g_ptr_array_index (again, 0);
      raw_send (raw, get_health, strlen (get_health));
      sc_test_wait_for (raw_answered, raw, DEADLINE);
      status = raw_status (raw);
      g_assert_true (status == 200 || status == 503);
    }

  server->session = soup_session_new ();
  sc_test_server_stop (server);
}

/* --- bodies over the limit -------------------------------------------------------- */

static void
assert_too_large (Raw *raw)
{
  g_autoptr(JsonNode) body = NULL;

  sc_test_wait_for (raw_answered, raw, DEADLINE);
  g_assert_cmpuint (raw_status (raw), ==, 413);
  body = raw_body (raw);
  g_assert_cmpstr (sc_test_get_string (body, "error.code"), ==, "payload_too_large");
  g_assert_nonnull (sc_test_get_string (body, "error.message"));
  sc_test_wait_for (raw_closed, raw, DEADLINE);
}

static void
test_too_large (void)
{
  ScTestServer *server = start_small ("30", "1024", NULL);
  g_autoptr(GPtrArray) raws = NULL;
  g_autoptr(ScTestResponse) health = NULL;
  g_autofree char *announced = NULL;
  g_autofree char *chunk = NULL;
  g_autofree char *chunked = NULL;
  guint64 rss_before, rss_after;
  Raw *raw;

  rss_before = server_status_kb (server, "VmRSS:");
  raws = raw_open (server, 2);

  /* 50 MiB announced: refused on the headers alone, nothing read */
  announced = g_strdup_printf ("POST /api/v1/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\n"
                               "Content-Length: %u\r\n\r\n{\"name\": \"", 50 * 1024 * 1024);
  raw = g_ptr_array_index (raws, 0);
  raw_send (raw, announced, strlen (announced));
  assert_too_large (raw);

  /* chunked: refused once it passes 1 MiB (2 MiB sent, 64 KiB chunks) */
  chunked = g_strdup ("POST /api/v1/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  raw = g_ptr_array_index (raws, 1);
  raw_send (raw, chunked, strlen (chunked));
  chunk = g_strnfill (64 * 1024, 'a');
  for (guint i = 0; i < 32 && raw_status (raw) == 0 && !raw->closed; i++)
    {
      g_autofree char *size = g_strdup_printf ("%x\r\n", 64 * 1024);

      /* the server may close while we write: errors are fine here */
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->conn)),
                                 size, strlen (size), NULL, NULL, NULL);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->conn)),
                                 chunk, 64 * 1024, NULL, NULL, NULL);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw->conn)),
                                 "\r\n", 2, NULL, NULL, NULL);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  assert_too_large (raw);

  rss_after = server_status_kb (server, "VmRSS:");
  g_test_message ("server VmRSS %" G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT
                  " kB after a 50 MiB and a chunked body", rss_before, rss_after);
  g_assert_cmpuint (rss_after, <, rss_before + 16 * 1024);

  /* the server goes on */
  health = sc_test_request (server, "GET", "/health", NULL, NULL, NULL);
  sc_assert_status (health, 200);

  g_clear_pointer (&raws, g_ptr_array_unref);
  sc_test_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
  struct rlimit limit;

  /* 700 connections of ours at once */
  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/server/load/races", Fixture, GUINT_TO_POINTER (N_RACERS),
              fixture_set_up, test_races, fixture_tear_down);
  g_test_add ("/server/load/held", Fixture, GUINT_TO_POINTER (1),
              fixture_set_up, test_held, fixture_tear_down);
  g_test_add_func ("/server/load/slowloris", test_slowloris);
  g_test_add_func ("/server/load/idle", test_idle);
  g_test_add_func ("/server/load/cap", test_cap);
  g_test_add_func ("/server/load/too-large", test_too_large);

  return g_test_run ();
}
