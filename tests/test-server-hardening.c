/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sc-json.h"
#include "sc-server.h"
#include "sc-store.h"
#include "sc-test-server.h"

/* What an outside fuzzer found, against the real server (the demo data):
 * bodies nested too deep, control characters in and out, %-encoded path
 * segments reaching the wrong handler, errors without the error body, weak
 * If-Match tags, and the Idempotency-Key record written apart from its
 * work. Raw sockets send what SoupSession refuses to. */

typedef struct {
  ScTestServer *server;
  const char   *admin;
  char         *dev_org;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (data != NULL)
    g_setenv ("SC_TEST_FAULT", data, TRUE);
  f->server = sc_test_server_start (TRUE, NULL);
  g_unsetenv ("SC_TEST_FAULT");
  f->admin = sc_test_server_demo_token (f->server, "admin@acme.test");
  f->dev_org = sc_test_server_demo_org_id (f->server, "Acme Development");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->dev_org);
  sc_test_server_stop (f->server);
}

/* --- helpers ------------------------------------------------------------------ */

static void
assert_up (Fixture *f)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/health", NULL, NULL, NULL);

  sc_assert_status (r, 200);
}

/* A field violation for @field in a 422 answer. */
static void
assert_field (ScTestResponse *r,
              const char     *field)
{
  JsonNode *fields;

  sc_assert_error (r, 422, "validation_failed");
  fields = sc_test_get (r->body, "error.details.fields");
  g_assert_nonnull (fields);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (fields)); i++)
    {
      g_autofree char *item = g_strdup_printf ("error.details.fields[%u].field", i);

      if (g_strcmp0 (sc_test_get_string (r->body, item), field) == 0)
        return;
    }
  g_error ("no field %s in %s", field, r->text);
}

typedef struct {
  guint               status;
  char               *status_line;
  SoupMessageHeaders *headers;
  char               *body;
} RawResponse;

static void
raw_response_free (RawResponse *r)
{
  g_free (r->status_line);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_free (r->body);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawResponse, raw_response_free)

/* Sends @request (@length bytes) as it is on a new connection and reads the
 * answer to the end (the server closes: send "Connection: close"). */
static RawResponse *
raw_request (Fixture    *f,
             const char *request,
             gsize       length)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) uri = g_uri_parse (f->server->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  RawResponse *r = g_new0 (RawResponse, 1);
  const char *end;
  guint8 buffer[4096];
  gssize n;

  g_socket_client_set_timeout (client, 30);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, length, NULL, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_assert_no_error (error);
  g_byte_array_append (answer, (const guint8 *) "", 1);

  end = strstr ((const char *) answer->data, "\r\n\r\n");
  g_assert_nonnull (end);
  r->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_assert_true (soup_headers_parse_response ((const char *) answer->data,
                                              end + 2 - (const char *) answer->data,
                                              r->headers, NULL, &r->status, NULL));
  r->status_line = g_strndup ((const char *) answer->data,
                              strcspn ((const char *) answer->data, "\r"));
  r->body = g_strdup (end + 4);
  return r;
}

/* The documented error body, as JSON, with @code. */
static void
assert_raw_error (RawResponse *r,
                  guint        status,
                  const char  *code)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (r->status != status)
    g_error ("expected %u, got “%s”: %s", status, r->status_line, r->body);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  sc_test_assert_strict_json (r->body);
  g_assert_true (json_parser_load_from_data (parser, r->body, -1, NULL));
  root = json_parser_get_root (parser);
  g_assert_cmpstr (sc_test_get_string (root, "error.code"), ==, code);
  g_assert_nonnull (sc_test_get_string (root, "error.message"));
  g_assert_nonnull (sc_test_get (root, "error.details"));
}

/* Rows in the tables a write could touch, as one text. */
static char *
fingerprint (Fixture *f)
{
  static const char * const tables[] = {
    "orgs", "memberships", "mappings", "paths", "path_stages", "connections", "workflows",
    "releases", "promotions", "approval_requests", "approval_decisions", "audit_events",
    "idempotency", "workflow_grants", "connection_grants",
  };
  GString *text = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->server->database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", tables[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (text, "%s=%lld ", tables[i], (long long) sqlite3_column_int64 (stmt, 0));
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (text, FALSE);
}

/* --- A: nesting ------------------------------------------------------------------ */

static void
test_deep_nesting (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *arrays = sc_test_repeat ("[", 100000);
  g_autofree char *objects = sc_test_repeat ("{\"a\":", 100000);
  g_autofree char *workflows = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  const char *bodies[] = { arrays, objects };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(ScTestResponse) token_anon = sc_test_request (f->server, "POST", "/oauth/token", NULL,
                                                              bodies[i], NULL);
      g_autoptr(ScTestResponse) token_auth = sc_test_request (f->server, "POST", "/oauth/token", f->admin,
                                                              bodies[i], NULL);
      g_autoptr(ScTestResponse) json_auth = sc_test_request (f->server, "POST", workflows, f->admin,
                                                             bodies[i], NULL);
      g_autoptr(ScTestResponse) json_anon = sc_test_request (f->server, "POST", workflows, NULL,
                                                             bodies[i], NULL);

      sc_assert_error (token_anon, 400, "bad_request");
      sc_assert_error (token_auth, 400, "bad_request");
      sc_assert_error (json_auth, 400, "bad_request");
      sc_assert_error (json_anon, 401, "unauthenticated");
      assert_up (f);
    }

  /* the limit: 64 levels, the body object included */
  for (guint depth = SC_JSON_MAX_DEPTH; depth <= SC_JSON_MAX_DEPTH + 1; depth++)
    {
      g_autofree char *open = sc_test_repeat ("{\"a\":", depth - 1);
      g_autofree char *close = sc_test_repeat ("}", depth - 1);
      g_autofree char *body = g_strdup_printf ("{\"name\": \"Deep %u\", \"config\": %s1%s, "
                                               "\"trigger\": {\"url\": \"/deep\", \"method\": \"POST\"}}",
                                               depth, open, close);
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", workflows, f->admin, body, NULL);

      /* the body object and depth - 1 nested in "config": depth levels */
      if (depth == SC_JSON_MAX_DEPTH)
        sc_assert_status (r, 201);
      else
        sc_assert_error (r, 400, "bad_request");
    }
  {
    /* and the deepest accepted one is listed (the client reads it too) */
    g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", workflows, f->admin, NULL, NULL);

    sc_assert_status (list, 200);
    sc_test_assert_strict_json (list->text);
  }
}

/* --- 1: control characters ----------------------------------------------------- */

static void
test_control_characters (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *connections = g_strdup_printf ("/orgs/%s/connections", f->dev_org);
  g_autofree char *workflows = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  g_autofree char *paths = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  g_autofree char *before = fingerprint (f);
  static const struct {
    const char *why;
    int         target; /* 0 connections, 1 workflows, 2 paths */
    const char *body;
    const char *field;
  } refused[] = {
    { "unit separator in a service", 0,
      "{\"name\": \"n\", \"service\": \"x\\u001fy\", \"secret\": \"s\"}", "service" },
    { "tab in a connection name", 0,
      "{\"name\": \"a\\tb\", \"service\": \"slack\", \"secret\": \"s\"}", "name" },
    { "a workflow named U+001F", 1,
      "{\"name\": \"\\u001f\", \"trigger\": {\"url\": \"/x\", \"method\": \"POST\"}}", "name" },
    { "a C1 control in a workflow name", 1,
      "{\"name\": \"a\\u0085b\", \"trigger\": {\"url\": \"/x\", \"method\": \"POST\"}}", "name" },
    { "a line break in a tag", 1,
      "{\"name\": \"ok\", \"tags\": [\"a\", \"b\\nc\"], \"trigger\": {\"url\": \"/x\", \"method\": \"POST\"}}",
      "tags[1]" },
    { "an escape in a path name", 2,
      "{\"name\": \"\\u001b[31m\", \"stages\": []}", "name" },
  };
  const char *targets[] = { connections, workflows, paths };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(ScTestResponse) r = NULL;

      g_test_message ("refused %u: %s", i, refused[i].why);
      r = sc_test_request (f->server, "POST", targets[refused[i].target], f->admin, refused[i].body, NULL);
      assert_field (r, refused[i].field);
      sc_test_assert_strict_json (r->text);
    }
  {
    g_autofree char *after = fingerprint (f);

    g_assert_cmpstr (after, ==, before);
  }

  /* free text keeps them and they travel escaped */
  {
    g_autoptr(ScTestResponse) created = sc_test_request (f->server, "POST", workflows, f->admin,
                                                         "{\"name\": \"Controls\", \"description\": "
                                                         "\"unit\\u001fseparator\\u0001\\ttab\", "
                                                         "\"trigger\": {\"url\": \"/c\", \"method\": \"POST\"}}",
                                                         NULL);
    g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", workflows, f->admin, NULL, NULL);

    sc_assert_status (created, 201);
    sc_test_assert_strict_json (created->text);
    g_assert_cmpstr (sc_test_get_string (created->body, "description"), ==, "unit\x1fseparator\x01\ttab");
    sc_assert_status (list, 200);
    sc_test_assert_strict_json (list->text);
  }

  /* a refusal that repeats the input */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", "/promotions", f->admin,
                                                   "{\"release_id\": \"rel_\\u001f\", \"path_id\": \"p\", "
                                                   "\"target_stage\": \"\\u001f\"}", NULL);

    g_assert_cmpuint (r->status, >=, 400);
    g_assert_cmpuint (r->status, <, 500);
    sc_test_assert_strict_json (r->text);
  }

  /* U+0000 and lone surrogates cannot be kept: 400 */
  {
    g_autoptr(ScTestResponse) nul = sc_test_request (f->server, "POST", workflows, f->admin,
                                                     "{\"name\": \"a\\u0000b\", \"trigger\": "
                                                     "{\"url\": \"/c\", \"method\": \"POST\"}}", NULL);
    g_autoptr(ScTestResponse) half = sc_test_request (f->server, "POST", workflows, f->admin,
                                                      "{\"name\": \"a\\ud800\", \"trigger\": "
                                                      "{\"url\": \"/c\", \"method\": \"POST\"}}", NULL);

    sc_assert_error (nul, 400, "bad_request");
    sc_assert_error (half, 400, "bad_request");
  }
}

/* Whatever was stored (here written into the database by hand, as a server
 * before these rules could have), every answer is JSON. */
static void
test_stored_control_characters (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *workflows = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", workflows, f->admin, NULL, NULL);
  g_autofree char *path = NULL;
  g_autoptr(ScTestResponse) one = NULL;
  g_autoptr(ScTestResponse) again = NULL;
  const char *id;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  sc_assert_status (list, 200);
  id = sc_test_get_string (list->body, "items[0].id");
  g_assert_nonnull (id);

  g_assert_cmpint (sqlite3_open (f->server->database, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE workflows SET name = 'a' || char(31) || 'b', "
                                           "description = CAST(X'61FF62' AS TEXT) WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  path = g_strdup_printf ("/workflows/%s", id);
  one = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  sc_assert_status (one, 200);
  sc_test_assert_strict_json (one->text);
  g_assert_cmpstr (sc_test_get_string (one->body, "name"), ==, "a\x1f" "b");
  g_assert_cmpstr (sc_test_get_string (one->body, "description"), ==, "a\xef\xbf\xbd" "b");

  again = sc_test_request (f->server, "GET", workflows, f->admin, NULL, NULL);
  sc_assert_status (again, 200);
  sc_test_assert_strict_json (again->text);
}

/* --- 2: routing ----------------------------------------------------------------- */

static GStrv
route_table (void)
{
  g_autofree char *dir = g_dir_make_tmp ("stagecraft-routes-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "routes.db", NULL);
  g_autoptr(ScStore) store = NULL;
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(ScServer) server = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  GStrv routes;

  store = sc_store_open (file, &error);
  g_assert_no_error (error);
  server = sc_server_new (store, hierarchy);
  routes = sc_server_dup_routes (server);
  g_clear_object (&server);
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (file, suffixes[i], NULL);
      g_remove (name);
    }
  g_rmdir (dir);
  return routes;
}

/* @pattern ("/orgs/ * /workflows", no spaces) with every "*" a well-formed
 * id but the one at @bad (a segment index), which becomes @value. */
static char *
fill_pattern (const char *pattern,
              guint       bad,
              const char *value)
{
  g_auto(GStrv) segments = g_strsplit (pattern + 1, "/", -1);
  GString *path = g_string_new ("/api/v1");

  for (guint i = 0; segments[i] != NULL; i++)
    {
      g_string_append_c (path, '/');
      if (i == bad)
        g_string_append (path, value);
      else if (strcmp (segments[i], "*") == 0)
        g_string_append (path, "org_aaaaaaaaaaaaaaaaaaaa");
      else
        g_string_append (path, segments[i]);
    }
  return g_string_free (path, FALSE);
}

static RawResponse *
raw_call (Fixture    *f,
          const char *method,
          const char *target)
{
  static const char body[] = "{\"release_id\": \"rel_aaaaaaaaaaaaaaaaaaaa\", \"path_id\": "
                             "\"pth_aaaaaaaaaaaaaaaaaaaa\", \"target_stage\": \"stage\"}";
  g_autofree char *request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Authorization: Bearer %s\r\nIf-Match: *\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                              method, target, f->admin, strlen (body), body);

  return raw_request (f, request, strlen (request));
}

static void
test_routes (Fixture       *f,
             gconstpointer  data)
{
  g_auto(GStrv) routes = route_table ();
  g_autofree char *long_segment = sc_test_repeat ("a", 1000);
  g_autofree char *before = fingerprint (f);
  const char *bad_ids[] = {
    "%25", "2%25", "%2525", "x%25", "%2F", "a%2Fb", "..", "%2e%2e", "", long_segment, "%00",
    "org_%25aaaaaaaaaaaaaaaaaaa", "ORG_AAAAAAAAAAAAAAAAAAAA", "org_aaaaaaaaaaaaaaaaaaa1",
    "org_aaaaaaaaaaaaaaaaaaaa%2F..", "%20org_aaaaaaaaaaaaaaaaaaaa",
  };
  guint requests = 0;

  g_assert_cmpuint (g_strv_length (routes), >, 30);
  for (guint i = 0; routes[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (routes[i], " ", 2);
      g_auto(GStrv) segments = g_strsplit (parts[1] + 1, "/", -1);

      for (guint s = 0; segments[s] != NULL; s++)
        {
          if (strcmp (segments[s], "*") != 0)
            continue;
          for (guint b = 0; b < G_N_ELEMENTS (bad_ids); b++)
            {
              g_autofree char *target = fill_pattern (parts[1], s, bad_ids[b]);
              g_autoptr(RawResponse) r = raw_call (f, parts[0], target);

              requests++;
              if (r->status != 404)
                g_error ("%s %s (route %s): expected 404, got “%s”: %s", parts[0], target,
                         routes[i], r->status_line, r->body);
              assert_raw_error (r, 404, "not_found");
              /* the router's answer: no handler ran */
              g_assert_nonnull (strstr (r->body, "no API endpoint"));
            }
        }
    }

  /* a "%" that is no escape is not a URI at all: libsoup's 400, with our body */
  {
    g_autoptr(RawResponse) r = raw_call (f, "GET", "/api/v1/orgs/2%/workflows");

    assert_raw_error (r, 400, "bad_request");
  }

  {
    g_autofree char *after = fingerprint (f);

    g_test_message ("%u requests", requests);
    g_assert_cmpstr (after, ==, before);
  }
  assert_up (f);
}

static void
test_method_not_allowed (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(GStrv) routes = route_table ();
  g_autoptr(GHashTable) allowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };
  GHashTableIter iter;
  gpointer key, value;

  /* pattern → "GET POST …" as the routes list them */
  for (guint i = 0; routes[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (routes[i], " ", 2);
      const char *known = g_hash_table_lookup (allowed, parts[1]);

      g_hash_table_insert (allowed, g_strdup (parts[1]),
                           known != NULL ? g_strconcat (known, ", ", parts[0], NULL) : g_strdup (parts[0]));
    }

  g_hash_table_iter_init (&iter, allowed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) accepted = g_strsplit (value, ", ", -1);
      g_autofree char *target = fill_pattern (key, G_MAXUINT, NULL);

      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          g_autoptr(RawResponse) r = NULL;

          if (g_strv_contains ((const char * const *) accepted, methods[m]))
            continue;
          r = raw_call (f, methods[m], target);
          assert_raw_error (r, 405, "method_not_allowed");
          g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Allow"), ==, value);
        }
    }
}

/* --- 3: what libsoup answers itself ---------------------------------------- */

static void
test_error_bodies (Fixture       *f,
                   gconstpointer  data)
{
  static const char nul_header[] = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "X-Probe: a\0b\r\nConnection: close\r\n\r\n";
  static const struct {
    const char *why;
    const char *request;
    guint       status;
    const char *code;
  } rows[] = {
    { "not a request line", "GARBAGE\r\n\r\n", 400, "bad_request" },
    { "HTTP/1.1 without Host", "GET /api/v1/health HTTP/1.1\r\nConnection: close\r\n\r\n", 400, "bad_request" },
    { "a Host with a slash", "GET /api/v1/health HTTP/1.1\r\nHost: a/b\r\nConnection: close\r\n\r\n",
      400, "bad_request" },
    { "HTTP/2.0 on a 1.1 socket", "GET /api/v1/health HTTP/2.0\r\nHost: x\r\nConnection: close\r\n\r\n",
      505, "bad_request" },
    { "an unknown transfer coding",
      "POST /api/v1/oauth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n",
      501, "bad_request" },
    { "an unknown expectation",
      "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nConnection: close\r\n\r\n",
      417, "bad_request" },
    { "%00 in the path", "GET /api/v1/orgs/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      404, "not_found" },
    { "%00 outside the API", "GET /%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      404, "not_found" },
  };

  {
    g_autoptr(RawResponse) r = raw_request (f, nul_header, sizeof nul_header - 1);

    assert_raw_error (r, 400, "bad_request");
  }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(RawResponse) r = NULL;

      g_test_message ("row %u: %s", i, rows[i].why);
      r = raw_request (f, rows[i].request, strlen (rows[i].request));
      assert_raw_error (r, rows[i].status, rows[i].code);
    }

  /* a Range request gets the whole JSON, not a slice of it */
  {
    static const char range[] = "GET /api/v1/server-info HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\n"
                                "Connection: close\r\n\r\n";
    g_autoptr(RawResponse) r = raw_request (f, range, strlen (range));

    g_assert_cmpuint (r->status, ==, 200);
    sc_test_assert_strict_json (r->body);
  }

  /* 304 and 204 carry no body at all */
  {
    g_autoptr(ScTestResponse) first = sc_test_request (f->server, "GET", "/orgs", f->admin, NULL, NULL);
    const char *etag = soup_message_headers_get_one (first->headers, "ETag");
    g_autofree char *request = g_strdup_printf ("GET /api/v1/orgs HTTP/1.1\r\nHost: x\r\n"
                                                "Authorization: Bearer %s\r\nIf-None-Match: %s\r\n"
                                                "Connection: close\r\n\r\n", f->admin, etag);
    g_autoptr(RawResponse) r = raw_request (f, request, strlen (request));

    g_assert_cmpuint (r->status, ==, 304);
    g_assert_cmpstr (r->body, ==, "");
    g_assert_null (soup_message_headers_get_content_type (r->headers, NULL));
  }
  assert_up (f);
}

/* --- 4: If-Match / If-None-Match ---------------------------------------------------- */

static void
test_etags (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *paths = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", paths, f->admin, NULL, NULL);
  g_autofree char *path = NULL;
  g_autoptr(ScTestResponse) got = NULL;
  g_autofree char *body = NULL;
  const char *etag;
  static const struct {
    const char *why;
    const char *header; /* {E}: the etag */
    guint       status;
  } if_match[] = {
    { "weak: never matches If-Match", "W/\"{E}\"", 412 },
    { "weak among others", "\"nope\", W/\"{E}\"", 412 },
    { "a quoted comma does not split", "\"x,{E}\"", 412 },
    { "strong in a list", "\"nope\", \"{E}\"", 200 },
  };

  sc_assert_status (list, 200);
  path = g_strdup_printf ("/promotion-paths/%s", sc_test_get_string (list->body, "items[0].id"));
  got = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  sc_assert_status (got, 200);

  {
    /* the same body back: a full replace that changes nothing but the etag */
    g_autoptr(JsonNode) copy = json_node_copy (got->body);
    JsonObject *object = json_node_get_object (copy);
    JsonArray *stages = json_object_get_array_member (object, "stages");
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "name");
    json_builder_add_string_value (builder, json_object_get_string_member (object, "name"));
    json_builder_set_member_name (builder, "stages");
    json_builder_begin_array (builder);
    for (guint i = 0; i < json_array_get_length (stages); i++)
      {
        JsonObject *stage = json_array_get_object_element (stages, i);

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "tag");
        json_builder_add_string_value (builder, json_object_get_string_member (stage, "tag"));
        json_builder_set_member_name (builder, "org_id");
        json_builder_add_string_value (builder, json_object_get_string_member (stage, "org_id"));
        json_builder_end_object (builder);
      }
    json_builder_end_array (builder);
    json_builder_end_object (builder);
    root = json_builder_get_root (builder);
    body = json_to_string (root, FALSE);
  }

  etag = sc_test_get_string (got->body, "etag");
  for (guint i = 0; i < G_N_ELEMENTS (if_match); i++)
    {
      g_autoptr(GString) header = g_string_new (if_match[i].header);
      g_autoptr(ScTestResponse) r = NULL;

      g_string_replace (header, "{E}", etag, 0);
      g_test_message ("If-Match row %u: %s", i, if_match[i].why);
      r = sc_test_request (f->server, "PUT", path, f->admin, body, "If-Match", header->str, NULL);
      sc_assert_status (r, if_match[i].status);
      if (r->status == 200)
        break;
    }

  /* If-None-Match compares weakly, lists parsed the same way */
  {
    g_autoptr(ScTestResponse) now = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
    g_autofree char *weak = g_strdup_printf ("W/%s", soup_message_headers_get_one (now->headers, "ETag"));
    g_autofree char *listed = g_strdup_printf ("\"a,b\", %s", soup_message_headers_get_one (now->headers, "ETag"));
    g_autoptr(ScTestResponse) r1 = sc_test_request (f->server, "GET", path, f->admin, NULL,
                                                    "If-None-Match", weak, NULL);
    g_autoptr(ScTestResponse) r2 = sc_test_request (f->server, "GET", path, f->admin, NULL,
                                                    "If-None-Match", listed, NULL);
    g_autoptr(ScTestResponse) r3 = sc_test_request (f->server, "GET", path, f->admin, NULL,
                                                    "If-None-Match", "\"a,b\"", NULL);

    sc_assert_status (r1, 304);
    sc_assert_status (r2, 304);
    sc_assert_status (r3, 200);
  }
}

/* --- B: the Idempotency-Key record shares the work's transaction ------------------ */

/* With SC_TEST_FAULT=idempotency saving the record fails: the promotion must
 * roll back with it (today's order committed it first). */
static void
test_idempotency_atomic (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *paths = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  g_autofree char *workflows = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  g_autoptr(ScTestResponse) path_list = sc_test_request (f->server, "GET", paths, f->admin, NULL, NULL);
  g_autoptr(ScTestResponse) created = NULL;
  g_autoptr(ScTestResponse) release = NULL;
  g_autoptr(ScTestResponse) keyed = NULL;
  g_autoptr(ScTestResponse) plain = NULL;
  g_autofree char *releases = NULL;
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  sc_assert_status (path_list, 200);
  created = sc_test_request (f->server, "POST", workflows, f->admin,
                             "{\"name\": \"Atomic\", \"trigger\": {\"url\": \"/a\", \"method\": \"POST\"}}", NULL);
  sc_assert_status (created, 201);
  releases = g_strdup_printf ("/workflows/%s/releases", sc_test_get_string (created->body, "id"));
  release = sc_test_request (f->server, "POST", releases, f->admin, "{}", NULL);
  sc_assert_status (release, 201);
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\"}",
                          sc_test_get_string (release->body, "id"),
                          sc_test_get_string (path_list->body, "items[0].id"));

  before = fingerprint (f);
  keyed = sc_test_request (f->server, "POST", "/promotions", f->admin, body,
                           "Idempotency-Key", "atomic-1", NULL);
  sc_assert_error (keyed, 500, "internal");
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);

  /* without a key nothing is saved, so nothing fails */
  plain = sc_test_request (f->server, "POST", "/promotions", f->admin, body, NULL);
  sc_assert_status (plain, 201);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func, data) \
  g_test_add ("/server/hardening/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("deep-nesting", test_deep_nesting, NULL);
  ADD ("control-characters", test_control_characters, NULL);
  ADD ("stored-control-characters", test_stored_control_characters, NULL);
  ADD ("routes", test_routes, NULL);
  ADD ("method-not-allowed", test_method_not_allowed, NULL);
  ADD ("error-bodies", test_error_bodies, NULL);
  ADD ("etags", test_etags, NULL);
  ADD ("idempotency-atomic", test_idempotency_atomic, "idempotency");
#undef ADD

  return g_test_run ();
}
