/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sc-client.h"
#include "sc-client-private.h"
#include "sc-rate-limit.h"
#include "sc-test-server.h"

/* Credentials against the real stagecraft-server and ScClient:
 * - no secret (personal token, API key secret, access token, a wrong
 *   secret tried) is ever in a log: the server's output and this
 *   process's log, both with G_MESSAGES_DEBUG=all, through sign-in,
 *   requests, renewal of access tokens and failures;
 * - none is in the database either (only hashes are stored);
 * - expired and revoked tokens get 401;
 * - failed POST /oauth/token attempts are rate-limited (429, Retry-After)
 *   per client id and per address, and other clients still get tokens. */

#define WAIT_SECONDS 60

/* Everything this process logged, at every level. */
static GString *process_log;
G_LOCK_DEFINE_STATIC (process_log);

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  G_LOCK (process_log);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 ||
          g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        {
          if (fields[i].length < 0)
            g_string_append (process_log, fields[i].value);
          else
            g_string_append_len (process_log, fields[i].value, fields[i].length);
          g_string_append_c (process_log, ' ');
        }
    }
  g_string_append_c (process_log, '\n');
  G_UNLOCK (process_log);

  /* what a failing test needs to show still shows */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);
  return G_LOG_WRITER_HANDLED;
}

typedef struct {
  ScTestServer *server;
  char         *org;
  char         *token;
  char         *client_id;
  char         *client_secret;
  GPtrArray    *secrets;   /* every secret the case handled */
  GAsyncResult *result;
} Fixture;

/* The secret part of "scp_tok_<id>_<secret>" / "sca_…". */
static char *
secret_part (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, "_", 4);

  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  return g_strdup (parts[3]);
}

/* The token id, "tok_<id>". */
static char *
token_id (const char *token)
{
  g_auto(GStrv) parts = g_strsplit (token, "_", 4);

  return g_strdup_printf ("%s_%s", parts[1], parts[2]);
}

static void
add_secret (Fixture    *f,
            const char *secret)
{
  g_ptr_array_add (f->secrets, g_strdup (secret));
  if (g_str_has_prefix (secret, "scp_") || g_str_has_prefix (secret, "sca_"))
    g_ptr_array_add (f->secrets, secret_part (secret));
}


static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* the server logs every request and, with this, every debug message */
  g_setenv ("SC_TEST_SERVER_CAPTURE", "1", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  f->server = sc_test_server_start (FALSE, NULL);
  g_unsetenv ("SC_TEST_SERVER_CAPTURE");
  g_unsetenv ("G_MESSAGES_DEBUG");

  f->secrets = g_ptr_array_new_with_free_func (g_free);
  f->org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->token = sc_test_server_add_user (f->server, "admin@acme.test", f->org, "admin", NULL);
  sc_test_server_add_api_key (f->server, "admin@acme.test", &f->client_id, &f->client_secret);
  add_secret (f, f->token);
  add_secret (f, f->client_secret);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_null (f->result);
  sc_test_server_stop (f->server);
  g_ptr_array_unref (f->secrets);
  g_free (f->org);
  g_free (f->token);
  g_free (f->client_id);
  g_free (f->client_secret);
}

/* POST /oauth/token with @client_id and @client_secret. */
static ScTestResponse *
exchange (Fixture    *f,
          const char *client_id,
          const char *client_secret)
{
  g_autofree char *body = g_strdup_printf ("{\"grant_type\": \"client_credentials\", "
                                           "\"client_id\": \"%s\", \"client_secret\": \"%s\"}",
                                           client_id, client_secret);

  return sc_test_request (f->server, "POST", "/oauth/token", NULL, body, NULL);
}

static char *
access_token (Fixture *f)
{
  g_autoptr(ScTestResponse) r = exchange (f, f->client_id, f->client_secret);

  sc_assert_status (r, 200);
  return g_strdup (sc_test_get_string (r->body, "access_token"));
}

static void
assert_me (Fixture    *f,
           const char *token,
           guint       status)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/me", token, NULL, NULL);

  if (status == 401)
    sc_assert_error (r, 401, "unauthenticated");
  else
    sc_assert_status (r, status);
}

/* GET /me through @client; NULL and @error on failure. */
static JsonObject *
client_me (Fixture   *f,
           ScClient  *client,
           GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_client_get_me_async (client, NULL, sc_test_result_cb, &f->result);
  result = sc_test_wait_result (&f->result, WAIT_SECONDS);
  return sc_client_get_me_finish (client, result, error);
}

/* Sign-in, requests, renewal and failures, as the app makes them. */
static void
exercise (Fixture *f)
{
  g_autoptr(ScClient) personal = sc_client_new (f->server->url);
  g_autoptr(ScClient) wrong = sc_client_new (f->server->url);
  g_autoptr(ScClient) keyed = sc_client_new (f->server->url);
  g_autoptr(ScClient) bad_key = sc_client_new (f->server->url);
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = token_id (f->token);
  g_autofree char *wrong_token = g_strdup_printf ("scp_%s_%s", id, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  g_autofree char *wrong_secret = g_strdup ("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
  g_autofree char *access = access_token (f);
  g_autoptr(ScTestResponse) missing = NULL;

  add_secret (f, wrong_token);
  add_secret (f, wrong_secret);
  add_secret (f, access);

  /* a personal token: requests, one refused */
  sc_client_set_token (personal, f->token);
  me = client_me (f, personal, &error);
  g_assert_no_error (error);
  g_clear_pointer (&me, json_object_unref);
  missing = sc_test_request (f->server, "GET", "/orgs/org_aaaaaaaaaaaaaaaaaaaa", f->token, NULL, NULL);
  sc_assert_error (missing, 404, "not_found");

  /* a wrong one */
  sc_client_set_token (wrong, wrong_token);
  g_assert_null (client_me (f, wrong, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);

  /* an access token used directly */
  assert_me (f, access, 200);

  /* an API key: exchanged, renewed before expiry and after a revocation */
  sc_client_set_api_key (keyed, f->client_id, f->client_secret);
  me = client_me (f, keyed, &error);
  g_assert_no_error (error);
  g_clear_pointer (&me, json_object_unref);
#if SC_ENABLE_TEST_HOOKS
  {
    g_autofree char *first = sc_client_dup_access_token_id_for_testing (keyed);
    g_autofree char *out = NULL;

    sc_client_expire_access_token_for_testing (keyed, 10);
    me = client_me (f, keyed, &error);
    g_assert_no_error (error);
    g_clear_pointer (&me, json_object_unref);
    g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (keyed), ==, 2);

    g_free (first);
    first = sc_client_dup_access_token_id_for_testing (keyed);
    out = sc_test_server_cli (f->server, NULL, "token", "revoke", first, NULL);
    me = client_me (f, keyed, &error);
    g_assert_no_error (error);
    g_clear_pointer (&me, json_object_unref);
    g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (keyed), ==, 3);
  }
#endif

  /* an API key with a wrong secret */
  sc_client_set_api_key (bad_key, f->client_id, wrong_secret);
  g_assert_null (client_me (f, bad_key, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
}

/* The first secret (or token-shaped string) in @text, or NULL. */
static char *
find_secret (Fixture    *f,
             const char *text)
{
  g_autoptr(GRegex) shape = g_regex_new ("sc[pa]_tok_[a-z0-9]{20}_[A-Za-z0-9_-]{16,}", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  for (guint i = 0; i < f->secrets->len; i++)
    if (strstr (text, g_ptr_array_index (f->secrets, i)) != NULL)
      return g_strdup (g_ptr_array_index (f->secrets, i));
  /* nor any other token, such as the access tokens ScClient got itself */
  if (g_regex_match (shape, text, 0, &match))
    return g_match_info_fetch (match, 0);
  return NULL;
}

static void
assert_no_secret (Fixture    *f,
                  const char *what,
                  const char *text)
{
  g_autofree char *found = find_secret (f, text);
  g_autofree char *planted = g_strdup_printf ("%s\nGET /api/v1/me %s\n", text, f->token);
  g_autofree char *shaped = g_strdup_printf ("%s\nBearer sca_tok_abcdefghij0123456789_%s\n", text,
                                             "Zm9vYmFyYmF6cXV4cXV1eA");
  g_autofree char *caught = find_secret (f, planted);
  g_autofree char *caught_shape = find_secret (f, shaped);

  if (found != NULL)
    g_error ("%s holds the secret “%s”:\n%s", what, found, text);
  /* the search does find what it looks for */
  g_assert_nonnull (caught);
  g_assert_nonnull (caught_shape);
}

static void
test_logs (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *server_output = NULL;
  g_autofree char *own = NULL;

  G_LOCK (process_log);
  g_string_truncate (process_log, 0);
  G_UNLOCK (process_log);

  exercise (f);

  server_output = sc_test_server_stop_and_collect (f->server);
  f->server = NULL;
  G_LOCK (process_log);
  own = g_strdup (process_log->str);
  G_UNLOCK (process_log);

  /* the logs are there (the server's request log; it has no debug
   * messages of its own on this tour), the client's debug messages too */
  g_test_message ("server output: %zu bytes, this process's log: %zu bytes",
                  strlen (server_output), strlen (own));
  g_assert_nonnull (strstr (server_output, "GET /api/v1/me 200"));
  g_assert_nonnull (strstr (server_output, "GET /api/v1/me 401"));
  g_assert_nonnull (strstr (server_output, "POST /api/v1/oauth/token 401"));
#if SC_ENABLE_TEST_HOOKS
  g_assert_nonnull (strstr (own, "renewing the access token"));
#endif

  assert_no_secret (f, "The server's output", server_output);
  assert_no_secret (f, "This process's log", own);
}

/* Every value of every row of every table, as bytes. */
static void
test_at_rest (Fixture       *f,
              gconstpointer  data)
{
  if (sc_test_skip_unless_sqlite ())
    return;

  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  guint n_values = 0, n_tokens = 0;

  exercise (f);

  g_assert_cmpint (sqlite3_open_v2 (f->server->database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table'",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *select = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      sqlite3_stmt *rows = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, select, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          if (g_strcmp0 (table, "tokens") == 0)
            n_tokens++;
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const void *bytes = sqlite3_column_blob (rows, c);
              gsize size = sqlite3_column_bytes (rows, c);

              n_values++;
              for (guint i = 0; bytes != NULL && i < f->secrets->len; i++)
                {
                  const char *secret = g_ptr_array_index (f->secrets, i);

                  if (memmem (bytes, size, secret, strlen (secret)) != NULL)
                    g_error ("%s.%s holds the secret “%s”", table, sqlite3_column_name (rows, c), secret);
                }
            }
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);

  g_test_message ("%u values checked, %u tokens stored", n_values, n_tokens);
  /* the personal token and the access tokens are there, hashed */
  g_assert_cmpuint (n_tokens, >=, 2);
}


/* Expired (personal or access) and revoked (access) tokens get 401; the
 * expiry is the stored one, moved to the past. */
static void
test_expired_revoked (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *access = access_token (f);
  g_autofree char *revoked = access_token (f);
  g_autofree char *access_id = token_id (access);
  g_autofree char *revoked_id = token_id (revoked);
  g_autofree char *personal_id = token_id (f->token);
  g_autofree char *statement = NULL;
  g_autofree char *out = NULL;

  assert_me (f, f->token, 200);
  assert_me (f, access, 200);
  assert_me (f, revoked, 200);

  statement = g_strdup_printf ("UPDATE tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE id = '%s'",
                               access_id);
  sc_test_server_sql (f->server, statement);
  assert_me (f, access, 401);

  out = sc_test_server_cli (f->server, NULL, "token", "revoke", revoked_id, NULL);
  assert_me (f, revoked, 401);

  g_free (statement);
  statement = g_strdup_printf ("UPDATE tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE id = '%s'",
                               personal_id);
  sc_test_server_sql (f->server, statement);
  assert_me (f, f->token, 401);
}

/* --- rate limiting ------------------------------------------------------------- */

/* The limiter alone, on a clock of its own. */
static void
test_rate_limit_window (void)
{
  g_autoptr(ScRateLimit) limit = sc_rate_limit_new (3, 60);
  gint64 t0 = 1000 * G_USEC_PER_SEC;

  g_assert_cmpuint (sc_rate_limit_check (limit, "a", t0), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (sc_rate_limit_check (limit, "a", t0 + i), ==, 0);
      sc_rate_limit_add_failure (limit, "a", t0 + i * G_USEC_PER_SEC);
    }
  /* the window started at the first failure */
  g_assert_cmpuint (sc_rate_limit_check (limit, "a", t0 + 2 * G_USEC_PER_SEC), ==, 58);
  g_assert_cmpuint (sc_rate_limit_check (limit, "a", t0 + 59 * G_USEC_PER_SEC + 1), ==, 1);
  g_assert_cmpuint (sc_rate_limit_check (limit, "b", t0 + 2 * G_USEC_PER_SEC), ==, 0);
  /* over */
  g_assert_cmpuint (sc_rate_limit_check (limit, "a", t0 + 60 * G_USEC_PER_SEC), ==, 0);
  g_assert_cmpuint (sc_rate_limit_get_n_keys (limit), ==, 0);

  /* a success forgets */
  sc_rate_limit_add_failure (limit, "a", t0);
  sc_rate_limit_add_failure (limit, "a", t0);
  sc_rate_limit_reset (limit, "a");
  sc_rate_limit_add_failure (limit, "a", t0);
  g_assert_cmpuint (sc_rate_limit_check (limit, "a", t0), ==, 0);

  /* bounded: an attacker's many keys push out the oldest */
  for (guint i = 0; i < SC_RATE_LIMIT_MAX_KEYS + 100; i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);

      sc_rate_limit_add_failure (limit, key, t0 + i);
    }
  g_assert_cmpuint (sc_rate_limit_get_n_keys (limit), <=, SC_RATE_LIMIT_MAX_KEYS);
}

static void
assert_rate_limited (ScTestResponse *r)
{
  const char *retry_after;
  guint64 seconds = 0;

  sc_assert_error (r, 429, "rate_limited");
  retry_after = soup_message_headers_get_one (r->headers, "Retry-After");
  g_assert_nonnull (retry_after);
  g_assert_true (g_ascii_string_to_unsigned (retry_after, 10, 1, 15 * 60, &seconds, NULL));
}

/* 10 failures for one client id, 30 from one address (OpenAPI's numbers). */
static void
test_rate_limit_oauth (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *other_id = NULL;
  g_autofree char *other_secret = NULL;
  guint failures = 0;

  sc_test_server_add_api_key (f->server, "admin@acme.test", &other_id, &other_secret);

  for (; failures < 10; failures++)
    {
      g_autoptr(ScTestResponse) r = exchange (f, f->client_id, "wrong");

      sc_assert_error (r, 401, "unauthenticated");
    }

  /* this client id is refused now, even with its right secret … */
  {
    g_autoptr(ScTestResponse) r = exchange (f, f->client_id, "wrong");
    g_autoptr(ScTestResponse) right = exchange (f, f->client_id, f->client_secret);

    assert_rate_limited (r);
    assert_rate_limited (right);
  }
  /* … another still gets its tokens, and its success forgets its own
   * failures */
  {
    g_autoptr(ScTestResponse) wrong = exchange (f, other_id, "wrong");
    g_autoptr(ScTestResponse) right = exchange (f, other_id, other_secret);

    sc_assert_error (wrong, 401, "unauthenticated");
    failures++;
    sc_assert_status (right, 200);
  }

  /* many client ids from one address: 30 failures in all */
  for (guint i = 0; failures < 30; failures++, i++)
    {
      g_autofree char *id = g_strdup_printf ("key_%020u", i);
      g_autoptr(ScTestResponse) r = exchange (f, id, "wrong");

      sc_assert_error (r, 401, "unauthenticated");
    }
  {
    g_autoptr(ScTestResponse) unknown = exchange (f, "key_aaaaaaaaaaaaaaaaaaaa", "wrong");
    g_autoptr(ScTestResponse) right = exchange (f, other_id, other_secret);

    assert_rate_limited (unknown);
    assert_rate_limited (right);
  }

  /* tokens already issued keep working */
  assert_me (f, f->token, 200);
}

int
main (int   argc,
      char *argv[])
{
  process_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  /* G_MESSAGES_DEBUG=all for this process (its subprocesses, the server's
   * command line, keep their output clean) */
  g_log_set_debug_enabled (TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/security/no-secrets-in-logs", test_logs);
  ADD ("/security/hashed-at-rest", test_at_rest);
  ADD ("/security/expired-and-revoked", test_expired_revoked);
  ADD ("/security/rate-limit/oauth", test_rate_limit_oauth);
#undef ADD
  g_test_add_func ("/security/rate-limit/window", test_rate_limit_window);

  {
    int status = g_test_run ();

    g_string_free (process_log, TRUE);
    return status;
  }
}
