/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <stdarg.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sc-cli.h"
#include "sc-clock.h"
#include "sc-db.h"
#include "sc-store.h"
#include "sc-test-server.h"

#define START_DEADLINE 30

typedef struct {
  GDataInputStream *stream;
  char             *line;
  gboolean          done;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  read->done = TRUE;
}

static gboolean
line_read_done (gpointer user_data)
{
  return ((LineRead *) user_data)->done;
}

static gboolean
deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sc_test_wait_for (gboolean (*condition) (gpointer user_data),
                  gpointer  user_data,
                  guint     timeout_seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (timeout_seconds, deadline_cb, &expired);

  while (!condition (user_data))
    {
      if (expired)
        g_error ("Condition not met within %u s", timeout_seconds);
      g_main_context_iteration (NULL, TRUE);
    }

  if (!expired)
    g_source_remove (id);
}

static char *
read_line (GDataInputStream *stream)
{
  LineRead read = { stream, NULL, FALSE };

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  sc_test_wait_for (line_read_done, &read, START_DEADLINE);
  return read.line;
}

/* A server outlives no test: if the test dies, the kernel ends it too. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GPtrArray          *argv,
       GSubprocessFlags    flags,
       const char * const *env,
       GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

/* Keeps reading what the server writes, to its end. */
static void
output_line_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ScTestServer *server = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  if (line == NULL)
    {
      server->output_done = TRUE;
      return;
    }
  g_string_append_printf (server->output, "%s\n", line);
  g_data_input_stream_read_line_async (server->output_stream, G_PRIORITY_DEFAULT, NULL,
                                       output_line_cb, server);
}

/* Reads the new process's standard output up to its "listening on" line;
 * with SC_TEST_SERVER_CAPTURE, keeps every line and goes on reading. */
static void
read_until_listening (ScTestServer *server)
{
  g_autoptr(GDataInputStream) stream = NULL;

  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  for (;;)
    {
      g_autofree char *line = read_line (stream);

      if (line == NULL)
        g_error ("stagecraft-server exited before it was listening");
      if (server->output != NULL)
        g_string_append_printf (server->output, "%s\n", line);
      if (g_str_has_prefix (line, "demo-token "))
        {
          g_auto(GStrv) parts = g_strsplit (line, " ", 3);
          g_assert_cmpuint (g_strv_length (parts), ==, 3);
          g_hash_table_insert (server->demo_tokens, g_strdup (parts[1]), g_strdup (parts[2]));
        }
      else if (g_str_has_prefix (line, "listening on "))
        {
          g_free (server->url);
          g_free (server->api);
          server->url = g_strdup (line + strlen ("listening on "));
          server->api = g_strconcat (server->url, "/api/v1", NULL);
          break;
        }
    }

  if (server->output != NULL)
    {
      g_clear_object (&server->output_stream);
      server->output_stream = g_steal_pointer (&stream);
      g_data_input_stream_read_line_async (server->output_stream, G_PRIORITY_DEFAULT, NULL,
                                           output_line_cb, server);
    }
}

ScTestResponse *
sc_test_patch_org_policy (ScTestServer *server,
                          const char   *token,
                          const char   *org_id,
                          const char   *policy)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s", org_id);
  g_autofree char *body = g_strdup_printf ("{\"approval_policy\": %s}", policy);
  g_autoptr(ScTestResponse) org = sc_test_request (server, "GET", path, token, NULL, NULL);

  sc_assert_status (org, 200);
  return sc_test_request (server, "PATCH", path, token, body,
                          "If-Match", sc_test_get_string (org->body, "etag"), NULL);
}

gboolean
sc_test_server_uses_postgresql (void)
{
  return g_strcmp0 (g_getenv ("SC_TEST_DATABASE"), "postgresql") == 0;
}

gboolean
sc_test_skip_unless_sqlite (void)
{
  if (!sc_test_server_uses_postgresql ())
    return FALSE;
  g_test_skip ("reads the SQLite file itself");
  return TRUE;
}

/* The maintenance connection to the test cluster: $SC_TEST_PG_HOST is the
 * directory of its Unix socket (scripts/pg-test-cluster). */
static PGconn *
pg_connect (const char *dbname)
{
  const char *host = g_getenv ("SC_TEST_PG_HOST");
  const char *keywords[] = { "host", "user", "dbname", NULL };
  const char *values[] = { host, "postgres", dbname, NULL };
  PGconn *conn;

  if (host == NULL)
    g_error ("SC_TEST_DATABASE=postgresql needs SC_TEST_PG_HOST (run the tests through scripts/test-pg)");
  conn = PQconnectdbParams (keywords, values, 0);
  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to the test cluster at %s: %s", host, PQerrorMessage (conn));
  return conn;
}

static void
pg_run (PGconn     *conn,
        const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

char *
sc_test_database_new (const char *dir)
{
  static guint n = 0;
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *host = NULL;
  PGconn *conn;

  if (!sc_test_server_uses_postgresql ())
    return g_build_filename (dir, "test.db", NULL);

  host = g_uri_escape_string (g_getenv ("SC_TEST_PG_HOST"), NULL, FALSE);
  name = g_strdup_printf ("sc_test_%d_%u", (int) getpid (), ++n);
  conn = pg_connect ("postgres");

  /* The schema is made once per cluster, in a template that every test
   * database is copied from (much faster than migrating each); the first
   * test process makes it while the others wait on the lock. */
  pg_run (conn, "SELECT pg_advisory_lock (7407)");
  {
    PGresult *result = PQexec (conn, "SELECT 1 FROM pg_database WHERE datname = 'sc_template'");
    gboolean exists = PQntuples (result) == 1;

    PQclear (result);
    if (!exists)
      {
        g_autofree char *uri = g_strdup_printf ("postgresql:///sc_template?host=%s&user=postgres", host);
        g_autoptr(ScStore) store = NULL;
        g_autoptr(GError) error = NULL;

        pg_run (conn, "CREATE DATABASE sc_template");
        store = sc_store_open (uri, &error);
        g_assert_no_error (error);
      }
  }
  pg_run (conn, "SELECT pg_advisory_unlock (7407)");

  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE sc_template", name);
  pg_run (conn, sql);
  PQfinish (conn);
  return g_strdup_printf ("postgresql:///%s?host=%s&user=postgres", name, host);
}

void
sc_test_database_drop (const char *database)
{
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;
  const char *start;
  PGconn *conn;

  if (!g_str_has_prefix (database, "postgresql:///"))
    return;
  start = database + strlen ("postgresql:///");
  name = g_strndup (start, strcspn (start, "?"));
  sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  conn = pg_connect ("postgres");
  pg_run (conn, sql);
  PQfinish (conn);
}

static ScTestServer *
start_valist (gboolean            demo,
              gboolean            clocked,
              GDateTime          *now,
              const char * const *env,
              va_list             args)
{
  ScTestServer *server = g_new0 (ScTestServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) all_env = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("SC_SERVER_BINARY");
  const char *arg;

  g_assert_nonnull (binary);

  server->dir = g_dir_make_tmp ("stagecraft-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->database = sc_test_database_new (server->dir);
  server->demo_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (clocked)
    {
      server->clock_file = g_build_filename (server->dir, "clock", NULL);
      sc_test_server_set_clock (server, now);
      g_ptr_array_add (all_env, "SC_TEST_CLOCK_FILE");
      g_ptr_array_add (all_env, server->clock_file);
    }
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (all_env, (char *) env[i]);
  g_ptr_array_add (all_env, NULL);

  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, server->database);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1:0");
  if (demo)
    g_ptr_array_add (argv, "--demo");
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  if (g_getenv ("SC_TEST_SERVER_CAPTURE") != NULL)
    server->output = g_string_new (NULL);
  server->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 (server->output != NULL ? G_SUBPROCESS_FLAGS_STDERR_MERGE : 0),
                           (const char * const *) all_env->pdata, &error);
  g_assert_no_error (error);

  read_until_listening (server);
  server->session = soup_session_new_with_options ("timeout", 60, NULL);
  return server;
}

ScTestServer *
sc_test_server_start (gboolean demo,
                      ...)
{
  ScTestServer *server;
  va_list args;

  va_start (args, demo);
  server = start_valist (demo, FALSE, NULL, NULL, args);
  va_end (args);
  return server;
}

ScTestServer *
sc_test_server_start_clocked (gboolean            demo,
                              GDateTime          *now,
                              const char * const *env,
                              ...)
{
  ScTestServer *server;
  va_list args;

  va_start (args, env);
  server = start_valist (demo, TRUE, now, env, args);
  va_end (args);
  return server;
}

void
sc_test_server_set_clock (ScTestServer *server,
                          GDateTime    *now)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (server->clock_file);
  sc_clock_write_test_file (server->clock_file, now, &error);
  g_assert_no_error (error);
}

void
sc_test_server_set_clock_at (ScTestServer *server,
                             const char   *rfc3339)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (rfc3339, NULL);

  g_assert_nonnull (now);
  sc_test_server_set_clock (server, now);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

void
sc_test_server_stop (ScTestServer *server)
{
  g_free (sc_test_server_stop_and_collect (server));
}

char *
sc_test_server_stop_and_collect (ScTestServer *server)
{
  gboolean exited = FALSE;
  char *output = NULL;

  if (server == NULL)
    return NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait_async (server->process, NULL, wait_cb, &exited);
  sc_test_wait_for (flag_set, &exited, 30);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  if (server->output != NULL)
    {
      sc_test_wait_for (flag_set, &server->output_done, 30);
      output = g_string_free (g_steal_pointer (&server->output), FALSE);
      g_clear_object (&server->output_stream);
    }

  g_clear_object (&server->session);
  g_clear_object (&server->process);
  remove_dir (server->dir);
  g_free (server->dir);
  if (!server->shares_database)
    sc_test_database_drop (server->database);
  g_free (server->database);
  g_free (server->url);
  g_free (server->api);
  g_free (server->clock_file);
  g_hash_table_unref (server->demo_tokens);
  g_free (server);
  return output;
}

ScTestServer *
sc_test_server_start_on (const char *database)
{
  ScTestServer *server = g_new0 (ScTestServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  server->dir = g_dir_make_tmp ("stagecraft-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->database = g_strdup (database);
  server->shares_database = TRUE;
  server->demo_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_ptr_array_add (argv, (char *) g_getenv ("SC_SERVER_BINARY"));
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, server->database);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1:0");
  g_ptr_array_add (argv, NULL);
  server->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, &error);
  g_assert_no_error (error);
  read_until_listening (server);
  server->session = soup_session_new_with_options ("timeout", 60, NULL);
  return server;
}

ScTestServer *
sc_test_server_start_beside (ScTestServer *first)
{
  ScTestServer *server = g_new0 (ScTestServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  server->dir = g_dir_make_tmp ("stagecraft-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->database = g_strdup (first->database);
  server->shares_database = TRUE;
  server->demo_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, first->demo_tokens);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (server->demo_tokens, g_strdup (key), g_strdup (value));

  g_ptr_array_add (argv, (char *) g_getenv ("SC_SERVER_BINARY"));
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, server->database);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1:0");
  g_ptr_array_add (argv, NULL);
  server->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, &error);
  g_assert_no_error (error);
  read_until_listening (server);
  server->session = soup_session_new_with_options ("timeout", 60, NULL);
  return server;
}

static void
kill_restart (ScTestServer *server,
              GDateTime    *now)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *env[] = { "SC_TEST_CLOCK_FILE", server->clock_file, NULL };
  gboolean exited = FALSE;

  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait_async (server->process, NULL, wait_cb, &exited);
  sc_test_wait_for (flag_set, &exited, 30);
  g_assert_true (g_subprocess_get_if_signaled (server->process));
  g_clear_object (&server->process);

  if (now != NULL)
    sc_test_server_set_clock (server, now);

  g_ptr_array_add (argv, (char *) g_getenv ("SC_SERVER_BINARY"));
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, server->database);
  g_ptr_array_add (argv, "--listen");
  g_ptr_array_add (argv, "127.0.0.1:0");
  g_ptr_array_add (argv, NULL);
  server->process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                           server->clock_file != NULL ? env : NULL, &error);
  g_assert_no_error (error);
  read_until_listening (server);
}

void
sc_test_server_kill_restart (ScTestServer *server)
{
  kill_restart (server, NULL);
}

void
sc_test_server_kill_restart_at (ScTestServer *server,
                                GDateTime    *now)
{
  g_assert_nonnull (now);
  kill_restart (server, now);
}

const char *
sc_test_server_demo_token (ScTestServer *server,
                           const char   *email)
{
  const char *token = g_hash_table_lookup (server->demo_tokens, email);

  g_assert_nonnull (token);
  return token;
}

char *
sc_test_server_cli (ScTestServer *server,
                    int          *exit_status,
                    const char   *first_arg,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("SC_SERVER_BINARY"));
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, server->database);
  g_ptr_array_add (argv, NULL);

  process = spawn (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);

  if (exit_status != NULL)
    *exit_status = g_subprocess_get_exit_status (process);
  else if (g_subprocess_get_exit_status (process) != 0)
    g_error ("stagecraft-server %s failed", first_arg);

  return g_steal_pointer (&out);
}

/* The fixtures' `org add` and `user add` run the command's own code
 * (sc-cli.c) in this process, on the server's database: the same rows as
 * the command, without a process start each (under ASan, most of a server
 * test's time); test-server-meta runs the commands themselves. */
static ScStore *
open_store (ScTestServer *server)
{
  g_autoptr(GError) error = NULL;
  ScStore *store = sc_store_open (server->database, &error);

  g_assert_no_error (error);
  return store;
}

char *
sc_test_server_add_org (ScTestServer *server,
                        const char   *name,
                        const char   *type)
{
  g_autoptr(ScStore) store = open_store (server);
  g_autoptr(GError) error = NULL;
  char *id = sc_cli_org_add (store, name, type, &error);

  g_assert_no_error (error);
  return id;
}

char *
sc_test_server_add_user (ScTestServer *server,
                         const char   *email,
                         const char   *org,
                         const char   *role,
                         char        **user_id)
{
  g_autoptr(ScStore) store = open_store (server);
  g_autoptr(GError) error = NULL;
  char *token = NULL;

  sc_cli_user_add (store, email, email, org, role, user_id, NULL, &token, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  return token;
}

void
sc_test_response_free (ScTestResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response->text);
  g_free (response);
}

ScTestResponse *
sc_test_request (ScTestServer *server,
                 const char   *method,
                 const char   *path,
                 const char   *token,
                 const char   *body,
                 ...)
{
  g_autofree char *uri = g_strconcat (server->api, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  ScTestResponse *response;
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }

  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      soup_message_headers_replace (headers, name, value);
    }
  va_end (args);

  bytes = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);

  response = g_new0 (ScTestResponse, 1);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->text = g_bytes_get_size (bytes) > 0
                   ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                   : g_strdup ("");

  if (response->text[0] != '\0')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, response->text, -1, NULL))
        response->body = json_node_copy (json_parser_get_root (parser));
    }

  return response;
}

JsonNode *
sc_test_get (JsonNode   *node,
             const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (node == NULL)
    return NULL;

  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      guint64 index = 0;

      if (bracket != NULL)
        {
          *bracket = '\0';
          index = g_ascii_strtoull (bracket + 1, NULL, 10);
        }

      if (parts[i][0] != '\0')
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), parts[i]);
        }

      if (bracket != NULL && node != NULL)
        {
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (node))
            return NULL;
          array = json_node_get_array (node);
          if (index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, index);
        }
    }

  return node;
}

const char *
sc_test_get_string (JsonNode   *node,
                    const char *path)
{
  JsonNode *member = sc_test_get (node, path);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

gint64
sc_test_get_int (JsonNode   *node,
                 const char *path)
{
  JsonNode *member = sc_test_get (node, path);

  g_assert_nonnull (member);
  return json_node_get_int (member);
}

gboolean
sc_test_get_bool (JsonNode   *node,
                  const char *path)
{
  JsonNode *member = sc_test_get (node, path);

  g_assert_nonnull (member);
  return json_node_get_boolean (member);
}

char *
sc_test_server_demo_org_id (ScTestServer *server,
                            const char   *name)
{
  g_autoptr(ScTestResponse) r = sc_test_request (server, "GET", "/orgs",
                                                 sc_test_server_demo_token (server, "admin@acme.test"),
                                                 NULL, NULL);

  sc_assert_status (r, 200);
  for (guint i = 0; i < sc_test_get_length (r->body, "items"); i++)
    {
      g_autofree char *member = g_strdup_printf ("items[%u].name", i);
      g_autofree char *id_member = g_strdup_printf ("items[%u].id", i);

      if (g_strcmp0 (sc_test_get_string (r->body, member), name) == 0)
        return g_strdup (sc_test_get_string (r->body, id_member));
    }
  g_error ("no org named %s", name);
}

guint
sc_test_get_length (JsonNode   *node,
                    const char *path)
{
  JsonNode *member = sc_test_get (node, path);

  g_assert_nonnull (member);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (member));
  return json_array_get_length (json_node_get_array (member));
}

void
sc_test_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

gboolean
sc_test_result_ready (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

GAsyncResult *
sc_test_wait_result (GAsyncResult **slot,
                     guint          timeout_seconds)
{
  sc_test_wait_for (sc_test_result_ready, slot, timeout_seconds);
  return g_steal_pointer (slot);
}

void
sc_test_server_add_api_key (ScTestServer  *server,
                            const char    *email,
                            char         **client_id,
                            char         **client_secret)
{
  g_autofree char *out = sc_test_server_cli (server, NULL, "apikey", "add", email, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "client-id "))
        *client_id = g_strdup (lines[i] + strlen ("client-id "));
      else if (g_str_has_prefix (lines[i], "client-secret "))
        *client_secret = g_strdup (lines[i] + strlen ("client-secret "));
    }
  g_assert_nonnull (*client_id);
  g_assert_nonnull (*client_secret);
}

void
sc_test_server_sql (ScTestServer *server,
                    const char   *statement)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (g_str_has_prefix (server->database, "postgresql:"))
    {
      PGconn *conn = PQconnectdb (server->database);

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      pg_run (conn, statement);
      /* what the server's driver does after each write it commits: the
       * servers' caches see this one too */
      pg_run (conn, "SELECT nextval ('sc_change_seq')");
      PQfinish (conn);
      return;
    }
  g_assert_cmpint (sqlite3_open (server->database, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, statement, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", statement, message);
  sqlite3_close (db);
}

static char *
db_text_valist (ScTestServer *server,
                const char   *sql,
                va_list       args)
{
  g_autoptr(ScDb) db = NULL;
  g_autoptr(GError) error = NULL;
  const char *param;
  ScDbStmt *stmt;
  char *text = NULL;
  int rc;

  db = sc_db_open (server->database, &error);
  g_assert_no_error (error);
  stmt = sc_db_prepare (db, sql, &error);
  if (stmt == NULL)
    g_error ("%s: %s", sql, error->message);
  for (int i = 1; (param = va_arg (args, const char *)) != NULL; i++)
    sc_db_stmt_bind_text (stmt, i, param);
  rc = sc_db_stmt_step (stmt, &error);
  if (rc == SC_DB_FAILED)
    g_error ("%s: %s", sql, error->message);
  if (rc == SC_DB_ROW)
    text = g_strdup (sc_db_stmt_column_text (stmt, 0));
  sc_db_stmt_reset (stmt);
  return text;
}

char *
sc_test_server_db_text (ScTestServer *server,
                        const char   *sql,
                        ...)
{
  va_list args;
  char *text;

  va_start (args, sql);
  text = db_text_valist (server, sql, args);
  va_end (args);
  return text;
}

gint64
sc_test_server_db_int (ScTestServer *server,
                       const char   *sql,
                       ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, sql);
  text = db_text_valist (server, sql, args);
  va_end (args);
  g_assert_nonnull (text);
  if (strcmp (text, "t") == 0 || strcmp (text, "f") == 0)
    return text[0] == 't';
  return g_ascii_strtoll (text, NULL, 10);
}

char *
sc_test_repeat (const char *unit,
                guint       n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

void
sc_test_assert_strict_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (text);
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      g_error ("raw control character 0x%02x in %s", (guchar) *p, text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_error ("not JSON: %s", text);
}

gboolean
sc_test_has_rule (JsonNode   *body,
                  const char *rule)
{
  JsonNode *rules = sc_test_get (body, "error.details.rules");

  for (guint i = 0; rules != NULL && i < json_array_get_length (json_node_get_array (rules)); i++)
    {
      g_autofree char *path = g_strdup_printf ("error.details.rules[%u].rule", i);

      if (g_strcmp0 (sc_test_get_string (body, path), rule) == 0)
        return TRUE;
    }
  return FALSE;
}

void
sc_test_patch_policy (ScTestServer *server,
                      const char   *token,
                      const char   *org_id,
                      const char   *policy)
{
  g_autoptr(ScTestResponse) patch = sc_test_patch_org_policy (server, token, org_id, policy);

  sc_assert_status (patch, 200);
}

/* POST @path as @token with @body (a format); asserts 201 and returns the
 * new thing's id. */
static char *
create (ScTestServer *server,
        const char   *token,
        const char   *path,
        const char   *body_format,
        ...) G_GNUC_PRINTF (4, 5);

static char *
create (ScTestServer *server,
        const char   *token,
        const char   *path,
        const char   *body_format,
        ...)
{
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  va_list args;

  va_start (args, body_format);
  body = g_strdup_vprintf (body_format, args);
  va_end (args);
  r = sc_test_request (server, "POST", path, token, body, NULL);
  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

void
sc_test_pipeline_init (ScTestPipeline *p,
                       ScTestServer   *server)
{
  g_autofree char *mappings = NULL;
  g_autofree char *paths = NULL;
  g_autofree char *workflows = NULL;
  g_autofree char *releases = NULL;

  p->dev_org = sc_test_server_add_org (server, "Acme Development", "dev");
  p->stage_org = sc_test_server_add_org (server, "Acme Staging", "uat");
  p->other_org = sc_test_server_add_org (server, "Other Org", "dev");
  p->admin = sc_test_server_add_user (server, "admin@acme.test", p->dev_org, "admin", NULL);
  g_free (sc_test_server_add_user (server, "admin@acme.test", p->stage_org, "admin", NULL));
  p->dev = sc_test_server_add_user (server, "dev@acme.test", p->dev_org, "developer", NULL);
  g_free (sc_test_server_add_user (server, "dev@acme.test", p->stage_org, "developer", NULL));
  p->outsider = sc_test_server_add_user (server, "out@other.test", p->other_org, "admin", NULL);

  mappings = g_strdup_printf ("/orgs/%s/mappings", p->dev_org);
  g_free (create (server, p->admin, mappings,
                  "{\"target_org_id\": \"%s\", \"relation\": \"default\"}", p->stage_org));
  paths = g_strdup_printf ("/orgs/%s/promotion-paths", p->dev_org);
  p->path_id = create (server, p->admin, paths,
                       "{\"name\": \"Pipeline\", \"stages\": ["
                       "{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
                       "{\"tag\": \"stage\", \"org_id\": \"%s\"}]}",
                       p->dev_org, p->stage_org);
  workflows = g_strdup_printf ("/orgs/%s/workflows", p->dev_org);
  p->workflow_id = create (server, p->dev, workflows, "%s",
                           "{\"name\": \"Order sync\", \"description\": \"\", \"steps\": [], "
                           "\"config\": {}, \"trigger\": {\"url\": \"/hooks/orders\", "
                           "\"method\": \"POST\"}, \"tags\": [], \"connection_ids\": []}");
  releases = g_strdup_printf ("/workflows/%s/releases", p->workflow_id);
  p->release_id = create (server, p->dev, releases, "{}");
}

void
sc_test_pipeline_clear (ScTestPipeline *p)
{
  g_clear_pointer (&p->dev_org, g_free);
  g_clear_pointer (&p->stage_org, g_free);
  g_clear_pointer (&p->other_org, g_free);
  g_clear_pointer (&p->admin, g_free);
  g_clear_pointer (&p->dev, g_free);
  g_clear_pointer (&p->outsider, g_free);
  g_clear_pointer (&p->path_id, g_free);
  g_clear_pointer (&p->workflow_id, g_free);
  g_clear_pointer (&p->release_id, g_free);
}

void
sc_test_remove_dir (const char *path)
{
  remove_dir (path);
}
