/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sc-test-csv.h"
#include "sc-test-server.h"

/* GET /orgs/{org}/audit: its filters, paging and the CSV export, against
 * the real server. Events are written straight into the database (the
 * audit table is append-only, so INSERT is all a test needs). */

typedef struct {
  ScTestServer *server;
  char         *org_id;
  char         *admin_token;
  char         *admin_id;
  char         *member_token;
  char         *member_id;
  char         *outsider_token;
} Fixture;

static void
insert_event (Fixture    *f,
              const char *id,
              const char *actor_id,
              const char *action,
              const char *target_type,
              const char *target_id,
              const char *at)
{
  g_autofree char *sql = NULL;
  char *quoted_target = sqlite3_mprintf ("%Q", target_id);

  sql = g_strdup_printf ("INSERT INTO audit_events (id, org_id, actor_id, action, target_type, "
                         "target_id, details, at) VALUES ('%s', '%s', %s%s%s, '%s', '%s', %s, "
                         "'{\"note\": \"a, \\\"b\\\"\\nc\"}', '%s')",
                         id, f->org_id, actor_id ? "'" : "", actor_id ? actor_id : "NULL",
                         actor_id ? "'" : "", action, target_type, quoted_target, at);
  sqlite3_free (quoted_target);
  sc_test_server_sql (f->server, sql);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *other = NULL;
  const char *fault = data;

  /* the server reads SC_TEST_FAULT from the environment it inherits */
  if (fault != NULL)
    g_setenv ("SC_TEST_FAULT", fault, TRUE);
  f->server = sc_test_server_start (FALSE, NULL);
  g_unsetenv ("SC_TEST_FAULT");
  f->org_id = sc_test_server_add_org (f->server, "Acme Audit", "dev");
  other = sc_test_server_add_org (f->server, "Elsewhere", "dev");
  f->admin_token = sc_test_server_add_user (f->server, "ada@acme.test", f->org_id, "admin",
                                            &f->admin_id);
  f->member_token = sc_test_server_add_user (f->server, "max@acme.test", f->org_id,
                                             "developer", &f->member_id);
  f->outsider_token = sc_test_server_add_user (f->server, "otto@acme.test", other, "admin", NULL);

  /* oldest first: e1 … e6 */
  insert_event (f, "aud_e1", f->admin_id, "org.updated", "org", f->org_id, "2026-01-01T10:00:00Z");
  insert_event (f, "aud_e2", f->member_id, "path.created", "path", "pth_1", "2026-01-02T10:00:00Z");
  insert_event (f, "aud_e3", f->admin_id, "path.updated", "path", "pth_1", "2026-01-03T10:00:00Z");
  insert_event (f, "aud_e4", f->member_id, "path.created", "path", "pth_2", "2026-01-04T10:00:00Z");
  insert_event (f, "aud_e5", NULL, "mapping.created", "mapping", "map_1", "2026-01-05T10:00:00Z");
  insert_event (f, "aud_e6", f->admin_id, "path.deleted", "path", "pth_\"odd\", one\nmore",
                "2026-01-06T10:00:00Z");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->org_id);
  g_free (f->admin_token);
  g_free (f->admin_id);
  g_free (f->member_token);
  g_free (f->member_id);
  g_free (f->outsider_token);
}

/* The ids the filter @query ("action=…&…", may be empty) selects, newest
 * first and comma-joined, reading every page of @limit. */
static char *
audit_ids (Fixture    *f,
           const char *query,
           guint       limit)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *path = g_strdup_printf ("/orgs/%s/audit?%s%slimit=%u%s%s", f->org_id, query,
                                               *query ? "&" : "", limit,
                                               cursor ? "&cursor=" : "", cursor ? cursor : "");
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin_token,
                                                     NULL, NULL);
      JsonNode *next;

      sc_assert_status (r, 200);
      g_assert_cmpuint (sc_test_get_length (r->body, "items"), <=, limit);
      for (guint i = 0; i < sc_test_get_length (r->body, "items"); i++)
        {
          g_autofree char *item = g_strdup_printf ("items[%u].id", i);
          g_string_append_printf (ids, "%s%s", ids->len ? "," : "", sc_test_get_string (r->body, item));
        }
      g_clear_pointer (&cursor, g_free);
      next = sc_test_get (r->body, "next_cursor");
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_uri_escape_string (json_node_get_string (next), NULL, FALSE);
      g_assert_cmpuint (++pages, <, 100);
    }
  while (cursor != NULL);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_ids(f, query, limit, expected) \
  G_STMT_START { \
    g_autofree char *got_ = audit_ids ((f), (query), (limit)); \
    g_assert_cmpstr (got_, ==, (expected)); \
  } G_STMT_END

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *by_id = g_strdup_printf ("actor_id=%s", f->member_id);
  g_autofree char *target = g_strdup_printf ("target_type=org&target_id=%s", f->org_id);

  assert_ids (f, "", 100, "aud_e6,aud_e5,aud_e4,aud_e3,aud_e2,aud_e1");
  assert_ids (f, "action=path.created", 100, "aud_e4,aud_e2");
  /* repeated, and as a comma list */
  assert_ids (f, "action=path.created&action=org.updated", 100, "aud_e4,aud_e2,aud_e1");
  assert_ids (f, "action=path.created,mapping.created", 100, "aud_e5,aud_e4,aud_e2");
  assert_ids (f, "action=path", 100, "");
  assert_ids (f, by_id, 100, "aud_e4,aud_e2");
  assert_ids (f, "actor_id=MAX%40acme.test", 100, "aud_e4,aud_e2");
  assert_ids (f, "target_type=path", 100, "aud_e6,aud_e4,aud_e3,aud_e2");
  assert_ids (f, "target_type=path&target_id=pth_1", 100, "aud_e3,aud_e2");
  assert_ids (f, target, 100, "aud_e1");
  assert_ids (f, "since=2026-01-03T10:00:00Z", 100, "aud_e6,aud_e5,aud_e4,aud_e3");
  assert_ids (f, "until=2026-01-03T10:00:00Z", 100, "aud_e2,aud_e1");
  /* another offset means the same instant */
  assert_ids (f, "since=2026-01-02T12:00:00%2B02:00&until=2026-01-05T10:00:00Z", 100,
              "aud_e4,aud_e3,aud_e2");
  assert_ids (f, "action=path.created&actor_id=ada%40acme.test", 100, "");
  assert_ids (f, "action=path.updated,path.created&since=2026-01-03T00:00:00Z", 100,
              "aud_e4,aud_e3");
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  /* every page size walks to the same whole list */
  for (guint limit = 1; limit <= 4; limit++)
    {
      assert_ids (f, "", limit, "aud_e6,aud_e5,aud_e4,aud_e3,aud_e2,aud_e1");
      assert_ids (f, "target_type=path", limit, "aud_e6,aud_e4,aud_e3,aud_e2");
    }
}

static void
test_bad_values (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { const char *query; const char *parameter; } cases[] = {
    { "action=Path.Created", "action" },
    { "action=path.created,", "action" },
    { "action=", "action" },
    { "action=a%20b", "action" },
    { "since=yesterday", "since" },
    { "since=2026-01-01", "since" },
    { "until=2026-13-01T00:00:00Z", "until" },
    { "since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", "until" },
    { "actor_id=", "actor_id" },
    { "target_type=Path!", "target_type" },
    { "target_id=", "target_id" },
    { "format=xml", "format" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/orgs/%s/audit?%s", f->org_id, cases[i].query);
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin_token,
                                                     NULL, NULL);

      sc_assert_error (r, 400, "bad_request");
      g_assert_cmpstr (sc_test_get_string (r->body, "error.details.parameter"), ==,
                       cases[i].parameter);
      g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), cases[i].parameter));
    }
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  static const char *queries[] = { "", "?format=csv", "?action=path.created" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/orgs/%s/audit%s", f->org_id, queries[i]);
      g_autoptr(ScTestResponse) member = NULL;
      g_autoptr(ScTestResponse) outsider = NULL;
      g_autoptr(ScTestResponse) nobody = NULL;

      member = sc_test_request (f->server, "GET", path, f->member_token, NULL, NULL);
      sc_assert_error (member, 403, "forbidden");
      outsider = sc_test_request (f->server, "GET", path, f->outsider_token, NULL, NULL);
      sc_assert_error (outsider, 404, "not_found");
      nobody = sc_test_request (f->server, "GET", path, NULL, NULL, NULL);
      sc_assert_error (nobody, 401, "unauthenticated");
    }
}

static GPtrArray *
get_csv (Fixture    *f,
         const char *query,
         gboolean    by_accept)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/audit%s", f->org_id, query);
  g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"audit-%s.csv\"", f->org_id);
  g_autoptr(ScTestResponse) r = NULL;

  if (by_accept)
    r = sc_test_request (f->server, "GET", path, f->admin_token, NULL, "Accept", "text/csv", NULL);
  else
    r = sc_test_request (f->server, "GET", path, f->admin_token, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (r->headers, NULL), "text/csv"));
  g_assert_cmpint (soup_message_headers_get_encoding (r->headers), ==, SOUP_ENCODING_CHUNKED);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Content-Disposition"), ==, disposition);
  return sc_test_csv_parse (r->text);
}

static void
test_csv_quoting (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = get_csv (f, "", TRUE);
  g_autoptr(GPtrArray) filtered = get_csv (f, "?format=csv&action=path.created", FALSE);
  g_autoptr(JsonNode) details = NULL;
  g_autofree char *header = NULL;
  char **newest, **cli;

  g_assert_cmpuint (rows->len, ==, 7);
  header = g_strjoinv ("|", g_ptr_array_index (rows, 0));
  g_assert_cmpstr (header, ==,
                   "at|id|action|actor_id|actor_email|target_type|target_id|details");
  newest = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (g_strv_length (newest), ==, 8);
  g_assert_cmpstr (newest[0], ==, "2026-01-06T10:00:00Z");
  g_assert_cmpstr (newest[1], ==, "aud_e6");
  g_assert_cmpstr (newest[2], ==, "path.deleted");
  g_assert_cmpstr (newest[3], ==, f->admin_id);
  g_assert_cmpstr (newest[4], ==, "ada@acme.test");
  /* a comma, quotes and a line break survive the round trip */
  g_assert_cmpstr (newest[6], ==, "pth_\"odd\", one\nmore");
  details = json_from_string (newest[7], NULL);
  g_assert_nonnull (details);
  g_assert_cmpstr (sc_test_get_string (details, "note"), ==, "a, \"b\"\nc");
  /* written by the command line: no actor */
  cli = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (cli[1], ==, "aud_e5");
  g_assert_cmpstr (cli[3], ==, "");

  g_assert_cmpuint (filtered->len, ==, 3);
  g_assert_cmpstr (((char **) g_ptr_array_index (filtered, 1))[1], ==, "aud_e4");
  g_assert_cmpstr (((char **) g_ptr_array_index (filtered, 2))[1], ==, "aud_e2");
}

#define MANY 10000

static void
test_csv_every_row (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *first = NULL;

  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < %d) "
                         "INSERT INTO audit_events (id, org_id, actor_id, action, target_type, "
                         "target_id, details, at) "
                         "SELECT 'aud_bulk' || i, '%s', '%s', 'workflow.updated', 'workflow', "
                         "'wf,' || i, '{\"n\": ' || i || '}', '2026-02-01T00:00:00Z' FROM n",
                         MANY, f->org_id, f->admin_id);
  sc_test_server_sql (f->server, sql);

  rows = get_csv (f, "?format=csv&action=workflow.updated", FALSE);
  g_assert_cmpuint (rows->len, ==, MANY + 1);
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autofree char *target = NULL;

      g_assert_cmpuint (g_strv_length (row), ==, 8);
      g_assert_true (g_str_has_prefix (row[1], "aud_bulk"));
      target = g_strdup_printf ("wf,%s", row[1] + strlen ("aud_bulk"));
      g_assert_cmpstr (row[6], ==, target);
      g_assert_true (g_hash_table_add (seen, g_strdup (row[1])));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, MANY);
  /* newest first */
  first = g_strdup_printf ("aud_bulk%d", MANY);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[1], ==, first);

  /* the unfiltered export has the six others too */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = get_csv (f, "?format=csv", FALSE);
  g_assert_cmpuint (rows->len, ==, MANY + 6 + 1);
}

#if SC_ENABLE_TEST_HOOKS
/* The raw bytes of GET @path (below /api/v1) with @token, read to EOF. */
static GString *
raw_get (Fixture    *f,
         const char *path,
         const char *token)
{
  g_autoptr(GUri) uri = g_uri_parse (f->server->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  GString *answer = g_string_new (NULL);
  char buffer[16384];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  request = g_strdup_printf ("GET /api/v1%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Authorization: Bearer %s\r\nConnection: close\r\n\r\n", path, token);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            request, strlen (request), NULL, NULL, &error));
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, &error)) > 0)
    {
      g_string_append_len (answer, buffer, n);
      g_assert_cmpuint (answer->len, <, 64 * 1024 * 1024);
    }
  g_assert_no_error (error);
  return answer;
}

/* A store failure after the first chunk: the connection closes without
 * the end of the chunked body (its last, empty chunk), so that a client
 * can tell a broken transfer from a whole answer. */
static void
test_csv_cut_short (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *path = g_strdup_printf ("/orgs/%s/audit?format=csv", f->org_id);
  g_autofree char *small = g_strdup_printf ("/orgs/%s/audit?format=csv&action=path.created", f->org_id);
  g_autoptr(ScTestResponse) after = NULL;
  GString *answer;

  /* one page only: whole, with its last chunk */
  answer = raw_get (f, small, f->admin_token);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (answer->str, "aud_e2"));
  g_assert_true (g_str_has_suffix (answer->str, "\r\n0\r\n\r\n"));
  g_string_free (answer, TRUE);

  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                         "WHERE i < 1200) "
                         "INSERT INTO audit_events (id, org_id, actor_id, action, target_type, "
                         "target_id, details, at) "
                         "SELECT 'aud_cut' || i, '%s', NULL, 'org.updated', 'org', 'x', '{}', "
                         "'2026-02-01T00:00:00Z' FROM n", f->org_id);
  sc_test_server_sql (f->server, sql);

  answer = raw_get (f, path, f->admin_token);
  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (answer->str, "aud_cut1200"));
  g_assert_null (strstr (answer->str, "aud_cut1\r\n"));
  g_assert_false (g_str_has_suffix (answer->str, "\r\n0\r\n\r\n"));
  g_string_free (answer, TRUE);

  /* the server goes on answering */
  after = sc_test_request (f->server, "GET", "/me", f->admin_token, NULL, NULL);
  sc_assert_status (after, 200);
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/server/audit/filters", test_filters);
  ADD ("/server/audit/paging", test_paging);
  ADD ("/server/audit/bad-values", test_bad_values);
  ADD ("/server/audit/permissions", test_permissions);
  ADD ("/server/audit/csv-quoting", test_csv_quoting);
  ADD ("/server/audit/csv-every-row", test_csv_every_row);
#undef ADD
#if SC_ENABLE_TEST_HOOKS
  g_test_add ("/server/audit/csv-cut-short", Fixture, "audit.export.page", fixture_set_up,
              test_csv_cut_short, fixture_tear_down);
#endif

  return g_test_run ();
}
