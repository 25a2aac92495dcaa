/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sc-store.h"
#include "sc-store-orgs.h"
#include "sc-test-server.h"

typedef struct {
  ScTestServer *server;
  char         *org_id;
  char         *token;
  char         *user_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = sc_test_server_start (FALSE, NULL);
  f->org_id = sc_test_server_add_org (f->server, "Meta Org", "dev");
  f->token = sc_test_server_add_user (f->server, "ada@example.test", f->org_id, "admin", &f->user_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->org_id);
  g_free (f->token);
  g_free (f->user_id);
}

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/health", NULL, NULL, NULL);

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "status"), ==, "ok");
}

static void
test_server_info (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/server-info", NULL, NULL, NULL);
  g_autoptr(ScTestResponse) again = NULL;
  const char *etag;

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "name"), ==, "stagecraft-server");
  g_assert_cmpint (sc_test_get_int (r->body, "api_version"), ==, 1);
  g_assert_cmpuint (sc_test_get_length (r->body, "features"), >, 0);

  etag = soup_message_headers_get_one (r->headers, "ETag");
  g_assert_nonnull (etag);
  again = sc_test_request (f->server, "GET", "/server-info", NULL, NULL, "If-None-Match", etag, NULL);
  sc_assert_status (again, 304);
  g_assert_cmpstr (again->text, ==, "");
}

static void
test_me (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/me", f->token, NULL, NULL);

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "id"), ==, f->user_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "email"), ==, "ada@example.test");
  g_assert_cmpuint (sc_test_get_length (r->body, "memberships"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "memberships[0].org_id"), ==, f->org_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "memberships[0].org_name"), ==, "Meta Org");
  g_assert_cmpstr (sc_test_get_string (r->body, "memberships[0].role"), ==, "admin");
}

static void
test_unauthenticated (Fixture       *f,
                      gconstpointer  data)
{
  /* each row: a token that must not pass */
  const char *tokens[] = {
    NULL,                                   /* no header */
    "",                                     /* empty bearer */
    "nonsense",                             /* not our format */
    "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret",  /* unknown id */
  };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/me", tokens[i], NULL, NULL);

      sc_assert_error (r, 401, "unauthenticated");
      g_assert_nonnull (soup_message_headers_get_one (r->headers, "WWW-Authenticate"));
    }

  {
    /* the right id with a wrong secret */
    g_autofree char *forged = g_strdup (f->token);
    g_autoptr(ScTestResponse) r = NULL;

    forged[strlen (forged) - 1] = forged[strlen (forged) - 1] == 'A' ? 'B' : 'A';
    r = sc_test_request (f->server, "GET", "/me", forged, NULL, NULL);
    sc_assert_error (r, 401, "unauthenticated");
  }
}

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token_id = g_strndup (f->token + 4, 24);
  g_autofree char *out = NULL;
  g_autoptr(ScTestResponse) before = sc_test_request (f->server, "GET", "/me", f->token, NULL, NULL);
  g_autoptr(ScTestResponse) after = NULL;
  int status = 0;

  /* the token was just used, so the server holds its session (a short
   * cache, sc-store-auth.c): a revocation by another process holds at once */
  sc_assert_status (before, 200);
  out = sc_test_server_cli (f->server, NULL, "token", "revoke", token_id, NULL);
  after = sc_test_request (f->server, "GET", "/me", f->token, NULL, NULL);
  sc_assert_error (after, 401, "unauthenticated");

  g_free (out);
  out = sc_test_server_cli (f->server, &status, "token", "revoke", "tok_doesnotexist", NULL);
  g_assert_cmpint (status, !=, 0);
}

/* The server keeps roles while nothing is written (sc-store-auth.c): a
 * membership another process adds holds from the next request on. */
static void
test_membership_from_cli (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *other = sc_test_server_add_org (f->server, "Other Meta Org", "dev");
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", other);
  g_autoptr(ScTestResponse) before = sc_test_request (f->server, "GET", path, f->token, NULL, NULL);
  g_autoptr(ScTestResponse) again = NULL;
  g_autoptr(ScTestResponse) after = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_cmpint (before->status, >=, 400);
  again = sc_test_request (f->server, "GET", path, f->token, NULL, NULL);
  g_assert_cmpint (again->status, ==, before->status);
  out = sc_test_server_cli (f->server, &status, "user", "add", "ada@example.test", "--name", "Ada",
                            "--org", other, "--role", "viewer", NULL);
  g_assert_cmpint (status, ==, 0);
  after = sc_test_request (f->server, "GET", path, f->token, NULL, NULL);
  sc_assert_status (after, 200);
}

static void
test_oauth (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = sc_test_server_cli (f->server, NULL, "apikey", "add", "ada@example.test", NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *form = NULL;
  g_autofree char *scoped = NULL;
  g_autofree char *uri = g_strconcat (f->server->api, "/oauth/token", NULL);
  g_autofree char *bearer = NULL;
  g_autoptr(ScTestResponse) me = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "client-id "))
        client_id = g_strdup (lines[i] + 10);
      else if (g_str_has_prefix (lines[i], "client-secret "))
        secret = g_strdup (lines[i] + 14);
    }
  g_assert_nonnull (client_id);
  g_assert_nonnull (secret);
  g_assert_cmpuint (strlen (secret), >=, 43);

  /* form body, as RFC 6749 has it */
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonNode *root;

    form = soup_form_encode ("grant_type", "client_credentials", "client_id", client_id,
                             "client_secret", secret, NULL);
    msg = soup_message_new_from_encoded_form ("POST", uri, g_steal_pointer (&form));
    bytes = soup_session_send_and_read (f->server->session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
    g_assert_no_error (error);
    root = json_parser_get_root (parser);
    g_assert_cmpstr (sc_test_get_string (root, "token_type"), ==, "Bearer");
    g_assert_cmpint (sc_test_get_int (root, "expires_in"), ==, 3600);
    bearer = g_strdup (sc_test_get_string (root, "access_token"));
  }

  me = sc_test_request (f->server, "GET", "/me", bearer, NULL, NULL);
  sc_assert_status (me, 200);
  g_assert_cmpstr (sc_test_get_string (me->body, "email"), ==, "ada@example.test");

  /* refusals: each row a body and the expected answer */
  {
    g_autofree char *good_json = g_strdup_printf ("{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"%s\"}", client_id, secret);
    g_autofree char *bad_secret = g_strdup_printf ("{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"wrong\"}", client_id);
    g_autofree char *bad_grant = g_strdup_printf ("{\"grant_type\":\"password\",\"client_id\":\"%s\",\"client_secret\":\"%s\"}", client_id, secret);
    g_autofree char *bad_scope = g_strdup_printf ("{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"%s\",\"scope\":\"org:org_nope\"}", client_id, secret);
    struct {
      const char *body;
      guint       status;
      const char *oauth_error;
    } rows[] = {
      { good_json, 200, NULL },
      { bad_secret, 401, "invalid_client" },
      { bad_grant, 400, "unsupported_grant_type" },
      { "{\"grant_type\":\"client_credentials\"}", 400, "invalid_request" },
      { bad_scope, 400, "invalid_scope" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", "/oauth/token", NULL, rows[i].body, NULL);

        sc_assert_status (r, rows[i].status);
        if (rows[i].oauth_error != NULL)
          g_assert_cmpstr (sc_test_get_string (r->body, "error.details.oauth_error"), ==, rows[i].oauth_error);
      }
  }

  /* a scoped token sees only its org */
  scoped = g_strdup_printf ("{\"grant_type\":\"client_credentials\",\"client_id\":\"%s\",\"client_secret\":\"%s\",\"scope\":\"org:%s\"}",
                            client_id, secret, f->org_id);
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", "/oauth/token", NULL, scoped, NULL);
    sc_assert_status (r, 200);
    g_autofree char *expected = g_strconcat ("org:", f->org_id, NULL);
    g_assert_cmpstr (sc_test_get_string (r->body, "scope"), ==, expected);
  }

  /* revoking the key revokes the access tokens it issued */
  {
    g_autofree char *revoked = sc_test_server_cli (f->server, NULL, "token", "revoke", client_id, NULL);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/me", bearer, NULL, NULL);
    sc_assert_error (r, 401, "unauthenticated");
  }
}

static void
test_unknown_route (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/no/such/thing", f->token, NULL, NULL);
  g_autoptr(ScTestResponse) method = sc_test_request (f->server, "DELETE", "/health", NULL, NULL, NULL);

  sc_assert_error (r, 404, "not_found");
  sc_assert_status (method, 405);
}

/* `org add` and `user add` through the binary (the fixtures run the same
 * code in the test process): the ids and the token they print work. */
static void
test_cli_add (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *org = sc_test_server_cli (f->server, NULL, "org", "add", "CLI Org", "--type", "uat", NULL);
  g_autofree char *out = NULL;
  g_autoptr(ScTestResponse) me = NULL;
  g_auto(GStrv) lines = NULL;
  const char *user_id = NULL, *token = NULL;

  g_strstrip (org);
  g_assert_true (g_str_has_prefix (org, "org_"));
  out = sc_test_server_cli (f->server, NULL, "user", "add", "cli@example.test", "--name", "Cli",
                            "--org", "CLI Org", "--role", "reviewer", NULL);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "user "))
        user_id = lines[i] + 5;
      else if (g_str_has_prefix (lines[i], "token "))
        token = lines[i] + 6;
    }
  g_assert_nonnull (user_id);
  g_assert_nonnull (token);

  me = sc_test_request (f->server, "GET", "/me", token, NULL, NULL);
  sc_assert_status (me, 200);
  g_assert_cmpstr (sc_test_get_string (me->body, "id"), ==, user_id);
  g_assert_cmpstr (sc_test_get_string (me->body, "name"), ==, "Cli");
  g_assert_cmpstr (sc_test_get_string (me->body, "memberships[0].org_id"), ==, org);
  g_assert_cmpstr (sc_test_get_string (me->body, "memberships[0].role"), ==, "reviewer");
}

static void
test_cli_errors (Fixture       *f,
                 gconstpointer  data)
{
  /* each row: arguments that must fail with a message, not a crash */
  int status = 0;
  g_autofree char *a = sc_test_server_cli (f->server, &status, "org", "add", "Meta Org", NULL);
  g_assert_cmpint (status, !=, 0); /* duplicate name */
  g_free (g_steal_pointer (&a));
  a = sc_test_server_cli (f->server, &status, "org", "add", "X", "--type", "galaxy", NULL);
  g_assert_cmpint (status, !=, 0);
  g_free (g_steal_pointer (&a));
  a = sc_test_server_cli (f->server, &status, "user", "add", "x@example.test", "--name", "X",
                          "--org", "Nope", "--role", "admin", NULL);
  g_assert_cmpint (status, !=, 0);
  g_free (g_steal_pointer (&a));
  a = sc_test_server_cli (f->server, &status, "user", "add", "x@example.test", "--name", "X",
                          "--org", "Meta Org", "--role", "overlord", NULL);
  g_assert_cmpint (status, !=, 0);
  g_free (g_steal_pointer (&a));
  a = sc_test_server_cli (f->server, &status, "frobnicate", NULL);
  g_assert_cmpint (status, !=, 0);
}

static void
test_huge_body (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/promotion-paths", f->org_id);
  GString *body = g_string_new ("{\"name\": \"");
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) after = NULL;

  /* a valid shape, but 1 MiB + a bit: refused before anything is parsed */
  while (body->len < 1024 * 1024 + 16)
    g_string_append (body, "aaaaaaaaaaaaaaaa");
  g_string_append (body, "\", \"stages\": []}");

  r = sc_test_request (f->server, "POST", path, f->token, body->str, NULL);
  sc_assert_error (r, 413, "payload_too_large");

  after = sc_test_request (f->server, "GET", path, f->token, NULL, NULL);
  sc_assert_status (after, 200);
  g_assert_cmpuint (sc_test_get_length (after->body, "items"), ==, 0);

  g_string_free (body, TRUE);
}

typedef struct {
  char     *err;
  gboolean  done;
} Run;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &run->err, NULL);
  run->done = TRUE;
}

static gboolean
run_done (gpointer user_data)
{
  return ((Run *) user_data)->done;
}

/* Runs the server with @argv (NULL-terminated, after the binary) and
 * expects it to refuse to start: a non-zero exit and a message on stderr
 * containing @expected. */
static void
assert_server_refuses (const char * const *argv,
                       const char         *expected)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { NULL, FALSE };

  g_ptr_array_add (args, (char *) g_getenv ("SC_SERVER_BINARY"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &run);
  sc_test_wait_for (run_done, &run, 30);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_test_message ("stderr: %s", run.err);
  g_assert_nonnull (strstr (run.err, expected));
  g_free (run.err);
}

static void
test_cli_serve_errors (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *port = g_strdup (strrchr (f->server->url, ':') + 1);
  g_autofree char *taken = g_strconcat ("127.0.0.1:", port, NULL);
  g_autofree char *db = g_build_filename (f->server->dir, "other.db", NULL);
  const char *not_loopback[] = { "--database", db, "--listen", "0.0.0.0:0", NULL };
  const char *in_use[] = { "--database", db, "--listen", taken, NULL };
  const char *bad_address[] = { "--database", db, "--listen", "nowhere", NULL };
  const char *unwritable[] = { "--database", "/proc/stagecraft/nope.db", "--listen", "127.0.0.1:0", NULL };
  const char *half_tls[] = { "--database", db, "--tls-cert", "/nonexistent.pem", NULL };
  const char *bad_flag[] = { "--frobnicate", NULL };

  /* each: a way to start the server wrong, and the words that explain it */
  assert_server_refuses (not_loopback, "loopback");
  assert_server_refuses (in_use, "Cannot listen on");
  assert_server_refuses (bad_address, "HOST:PORT");
  assert_server_refuses (unwritable, "Cannot open the database");
  assert_server_refuses (half_tls, "--tls-cert and --tls-key go together");
  assert_server_refuses (bad_flag, "see --help");
}

/* --- the schema ------------------------------------------------------------ */

/* The columns of each index of @table, in index order: index name → GPtrArray
 * of column names. */
static GHashTable *
table_indexes (sqlite3    *db,
               const char *table)
{
  GHashTable *indexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  g_autofree char *list_sql = g_strdup_printf ("PRAGMA index_list(\"%s\")", table);
  sqlite3_stmt *list = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, list_sql, -1, &list, NULL), ==, SQLITE_OK);
  while (sqlite3_step (list) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (list, 1);
      g_autofree char *info_sql = g_strdup_printf ("PRAGMA index_info(\"%s\")", name);
      GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *info = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, info_sql, -1, &info, NULL), ==, SQLITE_OK);
      while (sqlite3_step (info) == SQLITE_ROW)
        {
          guint rank = (guint) sqlite3_column_int (info, 0);

          if (columns->len <= rank)
            g_ptr_array_set_size (columns, rank + 1);
          g_ptr_array_index (columns, rank) = g_strdup ((const char *) sqlite3_column_text (info, 2));
        }
      sqlite3_finalize (info);
      g_hash_table_insert (indexes, g_strdup (name), columns);
    }
  sqlite3_finalize (list);
  return indexes;
}

/* Whether the first columns of some index are exactly @columns (any order):
 * then looking rows up by them, as a foreign key's checks and joins do, is
 * not a scan of the table. */
static gboolean
has_leading_index (GHashTable *indexes,
                   GPtrArray  *columns)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, indexes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *index = value;
      gboolean covers = index->len >= columns->len;

      for (guint i = 0; covers && i < columns->len; i++)
        {
          gboolean found = FALSE;

          for (guint j = 0; j < columns->len && !found; j++)
            found = g_strcmp0 (g_ptr_array_index (index, j), g_ptr_array_index (columns, i)) == 0;
          covers = found;
        }
      if (covers)
        return TRUE;
    }
  return FALSE;
}

/* Every foreign key of every table has an index that starts with its
 * columns (a rowid primary key counts: it is the table's own order). */
static void
test_foreign_keys_indexed (Fixture       *f,
                           gconstpointer  data)
{
  if (sc_test_skip_unless_sqlite ())
    return;

  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);
  guint n_keys = 0;

  g_assert_cmpint (sqlite3_open_v2 (f->server->database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autoptr(GHashTable) indexes = table_indexes (db, table);
      g_autofree char *fk_sql = g_strdup_printf ("PRAGMA foreign_key_list(\"%s\")", table);
      g_autoptr(GHashTable) keys = g_hash_table_new_full (NULL, NULL, NULL,
                                                          (GDestroyNotify) g_ptr_array_unref);
      sqlite3_stmt *fks = NULL;
      GHashTableIter iter;
      gpointer value;

      g_assert_cmpint (sqlite3_prepare_v2 (db, fk_sql, -1, &fks, NULL), ==, SQLITE_OK);
      while (sqlite3_step (fks) == SQLITE_ROW)
        {
          gpointer id = GINT_TO_POINTER (sqlite3_column_int (fks, 0) + 1);
          GPtrArray *columns = g_hash_table_lookup (keys, id);

          if (columns == NULL)
            {
              columns = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (keys, id, columns);
            }
          g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (fks, 3)));
        }
      sqlite3_finalize (fks);

      g_hash_table_iter_init (&iter, keys);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          GPtrArray *columns = value;

          n_keys++;
          if (!has_leading_index (indexes, columns))
            {
              g_string_append_printf (missing, "\n  %s(", table);
              for (guint i = 0; i < columns->len; i++)
                g_string_append_printf (missing, "%s%s", i > 0 ? ", " : "",
                                        (const char *) g_ptr_array_index (columns, i));
              g_string_append_c (missing, ')');
            }
        }
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);

  g_test_message ("%u foreign keys", n_keys);
  g_assert_cmpuint (n_keys, >, 10);
  if (missing->len > 0)
    g_error ("foreign keys without an index:%s", missing->str);
}

/* sc_store_open() takes an SQLite file name and creates and migrates it;
 * a database written by a newer Stagecraft is refused. */
static void
test_store_open (void)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *dir = g_dir_make_tmp ("stagecraft-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(ScStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  store = sc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sc_store_get_schema_version (store), >=, 1);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 9999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = sc_store_open (path, &error);
  g_assert_error (error, SC_STORE_ERROR, SC_STORE_ERROR_OPEN);
  g_assert_null (store);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

/* A request's work is one transaction that its caller opens (the route,
 * the promotion code, the command line): a store function that writes
 * several rows refuses to run outside one, and writes nothing. Inside the
 * caller's transaction it writes, and the caller's rollback undoes it. */
static void
test_store_writes_need_transaction (void)
{
  g_autofree char *dir = g_dir_make_tmp ("stagecraft-store-XXXXXX", NULL);
  g_autofree char *database = sc_test_database_new (dir);
  g_autoptr(ScStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) mapping = NULL;
  g_autoptr(JsonArray) mappings = NULL;
  g_autofree char *user = NULL;
  g_autofree char *dev = NULL;
  g_autofree char *uat = NULL;

  store = sc_store_open (database, &error);
  g_assert_no_error (error);
  user = sc_store_add_user (store, "admin@example.test", "Admin", &error);
  g_assert_no_error (error);
  dev = sc_store_add_org (store, "Dev", SC_ORG_TYPE_DEV, &error);
  g_assert_no_error (error);
  uat = sc_store_add_org (store, "UAT", SC_ORG_TYPE_UAT, &error);
  g_assert_no_error (error);

  g_test_expect_message ("Stagecraft-Store", G_LOG_LEVEL_CRITICAL, "*sc_store_in_transaction*");
  mapping = sc_store_add_mapping (store, dev, uat, SC_RELATION_DEFAULT, user, &error);
  g_test_assert_expected_messages ();
  g_assert_null (mapping);
  g_test_expect_message ("Stagecraft-Store", G_LOG_LEVEL_CRITICAL, "*sc_store_in_transaction*");
  g_assert_false (sc_store_audit (store, dev, user, "org.updated", "org", dev, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_false (sc_store_in_transaction (store));

  mappings = sc_store_list_mappings (store, dev, 10, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (mappings), ==, 0);
  g_clear_pointer (&mappings, json_array_unref);

  g_assert_true (sc_store_transaction_begin (store, &error));
  mapping = sc_store_add_mapping (store, dev, uat, SC_RELATION_DEFAULT, user, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mapping);
  sc_store_transaction_rollback (store);
  mappings = sc_store_list_mappings (store, dev, 10, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (mappings), ==, 0);
  g_clear_pointer (&mappings, json_array_unref);
  g_clear_pointer (&mapping, json_object_unref);

  g_assert_true (sc_store_transaction_begin (store, &error));
  mapping = sc_store_add_mapping (store, dev, uat, SC_RELATION_DEFAULT, user, &error);
  g_assert_no_error (error);
  g_assert_true (sc_store_transaction_commit (store, &error));
  mappings = sc_store_list_mappings (store, dev, 10, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (mappings), ==, 1);

  g_clear_object (&store);
  sc_test_database_drop (database);
  sc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/server/meta/health", test_health);
  ADD ("/server/meta/server-info", test_server_info);
  ADD ("/server/meta/me", test_me);
  ADD ("/server/meta/unauthenticated", test_unauthenticated);
  ADD ("/server/meta/revoke", test_revoke);
  ADD ("/server/meta/membership-from-cli", test_membership_from_cli);
  ADD ("/server/meta/oauth", test_oauth);
  ADD ("/server/meta/unknown-route", test_unknown_route);
  ADD ("/server/meta/cli-add", test_cli_add);
  ADD ("/server/meta/cli-errors", test_cli_errors);
  ADD ("/server/meta/cli-serve-errors", test_cli_serve_errors);
  ADD ("/server/meta/huge-body", test_huge_body);
  ADD ("/server/schema/foreign-keys-indexed", test_foreign_keys_indexed);
  g_test_add_func ("/server/store/open", test_store_open);
  g_test_add_func ("/server/store/writes-need-transaction", test_store_writes_need_transaction);
#undef ADD

  return g_test_run ();
}
