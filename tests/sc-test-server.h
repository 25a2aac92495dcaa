/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The real stagecraft-server, started by a test on 127.0.0.1 port 0 with a
 * fresh SQLite file in a temporary directory, and stopped by it. The binary
 * comes from $SC_SERVER_BINARY (set by tests/meson.build). */
typedef struct {
  GSubprocess *process;
  char        *dir;
  char        *database;
  char        *url;          /* "http://127.0.0.1:PORT" */
  char        *api;          /* url + "/api/v1" */
  GHashTable  *demo_tokens;  /* email → token (with --demo) */
  SoupSession *session;
  /* with $SC_TEST_SERVER_CAPTURE set when it started: everything the
   * server writes (stdout and stderr), read as it comes */
  GString          *output;
  GDataInputStream *output_stream;
  gboolean          output_done;
  /* with sc_test_server_start_clocked(): the server's clock
   * (SC_TEST_CLOCK_FILE), kept across restarts */
  char             *clock_file;
  /* started by sc_test_server_start_beside(): the database is another's */
  gboolean          shares_database;
} ScTestServer;

/* TRUE when the tests run against PostgreSQL (SC_TEST_DATABASE=postgresql,
 * set by scripts/test-pg with the cluster in SC_TEST_PG_HOST); else every
 * server gets a fresh SQLite file. */
gboolean      sc_test_server_uses_postgresql (void);
/* For a case that reads the SQLite file itself (its schema, its bytes):
 * marks it skipped and returns TRUE on PostgreSQL. */
gboolean      sc_test_skip_unless_sqlite (void);
/* A fresh, empty database for a server: a file in @dir, or a new database
 * in the test cluster; sc_test_database_drop() removes the latter. */
char         *sc_test_database_new      (const char   *dir);
void          sc_test_database_drop     (const char   *database);
/* Removes the files in @path (not recursive) and @path. */
void          sc_test_remove_dir        (const char   *path);

/* Starts the server (with --demo when @demo); extra command-line arguments
 * may follow, NULL-terminated. Fails the test when it does not come up. */
ScTestServer *sc_test_server_start      (gboolean      demo,
                                         ...) G_GNUC_NULL_TERMINATED;
/* The same, with the server's own clock: a file (SC_TEST_CLOCK_FILE,
 * sc-clock.h) in the server's directory, written with
 * sc_clock_write_test_file(), that starts at @now (NULL: the real time until
 * sc_test_server_set_clock() moves it). The one way a test sets a server's
 * time. @env (nullable): NULL-terminated name/value pairs for this first
 * process only (SC_TEST_FAULT, say); restarts get the clock alone. */
ScTestServer *sc_test_server_start_clocked (gboolean            demo,
                                            GDateTime          *now,
                                            const char * const *env,
                                            ...) G_GNUC_NULL_TERMINATED;
/* Moves the clock of a server started with sc_test_server_start_clocked()
 * (and of its restarts) to @now (NULL: the real time). */
void          sc_test_server_set_clock  (ScTestServer *server,
                                         GDateTime    *now);
/* The same with an RFC 3339 time: "2026-12-04T21:00:00Z". */
void          sc_test_server_set_clock_at (ScTestServer *server,
                                           const char   *rfc3339);
/* Another server instance on @first's database (without --demo; it knows
 * @first's demo tokens), on its own port: several instances, one truth. */
ScTestServer *sc_test_server_start_beside (ScTestServer *first);
/* A server (without --demo) on @database, which the caller owns. */
ScTestServer *sc_test_server_start_on   (const char   *database);
/* SIGTERM, then waits (with a deadline) and asserts a clean exit. */
void          sc_test_server_stop       (ScTestServer *server);
/* The same for a server started with $SC_TEST_SERVER_CAPTURE set: returns
 * all it wrote on stdout and stderr, to its exit. */
char         *sc_test_server_stop_and_collect (ScTestServer *server);
/* Crash recovery: SIGKILL, then a new server on the same database (and a
 * new port: url and api change). */
void          sc_test_server_kill_restart (ScTestServer *server);
/* The same, with the clock moved to @now while no server runs (a server
 * started with sc_test_server_start_clocked()). */
void          sc_test_server_kill_restart_at (ScTestServer *server,
                                              GDateTime    *now);
const char   *sc_test_server_demo_token (ScTestServer *server,
                                         const char   *email);
/* The id of the demo's org @name ("Acme Production"), as its admin lists
 * it; fails the test when there is none. */
char         *sc_test_server_demo_org_id (ScTestServer *server,
                                          const char   *name);

/* Runs `stagecraft-server ARGS… --database DB` to completion and returns
 * its standard output; fails the test on a non-zero exit unless
 * @exit_status is given. */
char         *sc_test_server_cli        (ScTestServer *server,
                                         int          *exit_status,
                                         const char   *first_arg,
                                         ...) G_GNUC_NULL_TERMINATED;
/* `org add NAME [--type TYPE]` → the org id. @type may be NULL. */
char         *sc_test_server_add_org    (ScTestServer *server,
                                         const char   *name,
                                         const char   *type);
/* `user add EMAIL --name N --org ORG --role ROLE` → the token; @user_id
 * (out, nullable) the user id. */
char         *sc_test_server_add_user   (ScTestServer *server,
                                         const char   *email,
                                         const char   *org,
                                         const char   *role,
                                         char        **user_id);
/* `apikey add EMAIL` → the client id and secret (out). */
void          sc_test_server_add_api_key (ScTestServer *server,
                                          const char   *email,
                                          char        **client_id,
                                          char        **client_secret);
/* Runs one SQL @statement on the server's database (a test's way to move a
 * stored time into the past). */
void          sc_test_server_sql        (ScTestServer *server,
                                         const char   *statement);

/* The first column of the first row of @sql (read through the server's
 * own driver, so on either engine; `?N` placeholders bound to the
 * NULL-terminated text parameters), NULL when there is no row. */
char         *sc_test_server_db_text    (ScTestServer *server,
                                         const char   *sql,
                                         ...) G_GNUC_NULL_TERMINATED;
/* The same as a number (a count); fails the test when there is no row. */
gint64        sc_test_server_db_int     (ScTestServer *server,
                                         const char   *sql,
                                         ...) G_GNUC_NULL_TERMINATED;

typedef struct {
  guint               status;
  JsonNode           *body;    /* NULL when empty or not JSON */
  char               *text;
  SoupMessageHeaders *headers; /* response headers */
} ScTestResponse;

void            sc_test_response_free (ScTestResponse *response);

/* One request. @path is below /api/v1 and may carry a query. @token
 * (nullable) goes in Authorization: Bearer. @body (nullable) is sent as
 * application/json. Then NULL-terminated header name/value pairs. */
ScTestResponse *sc_test_request       (ScTestServer *server,
                                       const char   *method,
                                       const char   *path,
                                       const char   *token,
                                       const char   *body,
                                       ...) G_GNUC_NULL_TERMINATED;

/* The same as sc_test_patch_policy() without the assertion: the answer. */
ScTestResponse *sc_test_patch_org_policy (ScTestServer *server,
                                          const char   *token,
                                          const char   *org_id,
                                          const char   *policy);

/* A member by a dotted path with indexes: "error.code", "items[0].id",
 * "stages[1].state". NULL when absent. */
JsonNode       *sc_test_get           (JsonNode     *node,
                                       const char   *path);
const char     *sc_test_get_string    (JsonNode     *node,
                                       const char   *path);
gint64          sc_test_get_int       (JsonNode     *node,
                                       const char   *path);
gboolean        sc_test_get_bool      (JsonNode     *node,
                                       const char   *path);
guint           sc_test_get_length    (JsonNode     *node,
                                       const char   *path); /* array length */

/* Asserts the status, printing the body when it differs. */
#define sc_assert_status(resp, expected) \
  G_STMT_START { \
    if ((resp)->status != (guint) (expected)) \
      g_error ("%s:%d: expected HTTP %u, got %u: %s", __FILE__, __LINE__, \
               (guint) (expected), (resp)->status, (resp)->text ? (resp)->text : ""); \
  } G_STMT_END

/* Asserts the status and the error code of the error body. */
#define sc_assert_error(resp, expected_status, expected_code) \
  G_STMT_START { \
    sc_assert_status ((resp), (expected_status)); \
    g_assert_cmpstr (sc_test_get_string ((resp)->body, "error.code"), ==, (expected_code)); \
    g_assert_nonnull (sc_test_get_string ((resp)->body, "error.message")); \
  } G_STMT_END

/* Spins the default main context until @condition (a function of
 * @user_data) holds; fails the test after @timeout_seconds. */
void sc_test_wait_for (gboolean (*condition) (gpointer user_data),
                       gpointer  user_data,
                       guint     timeout_seconds);

/* For async calls in tests: pass sc_test_result_cb with a GAsyncResult*
 * slot (NULL) as user data, then sc_test_wait_result() spins the main
 * context until the callback has filled the slot and returns its result
 * (a new reference; the slot is emptied for the next call). */
void          sc_test_result_cb   (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       user_data);
GAsyncResult *sc_test_wait_result (GAsyncResult **slot,
                                   guint          timeout_seconds);
/* The condition for sc_test_wait_for(): the slot has been filled. */
gboolean      sc_test_result_ready (gpointer      slot);

/* @unit @n times over. */
char         *sc_test_repeat      (const char    *unit,
                                   guint          n);
/* Every byte is JSON (RFC 8259): no raw control character, valid UTF-8,
 * and it parses. */
void          sc_test_assert_strict_json (const char *text);
/* Whether an error body lists @rule in error.details.rules. */
gboolean      sc_test_has_rule     (JsonNode      *body,
                                    const char    *rule);
/* PATCH /orgs/@org_id {"approval_policy": @policy} (a JSON object text)
 * with the org's current etag, as @token; asserts 200. */
void          sc_test_patch_policy (ScTestServer  *server,
                                    const char    *token,
                                    const char    *org_id,
                                    const char    *policy);


/* A small world for promotion tests: Acme Development (dev) → Acme
 * Staging (uat) with a default mapping and a path "Pipeline" (dev → stage)
 * owned by Development; admin@acme.test admin of both, dev@acme.test a
 * developer in both, out@other.test admin of "Other Org" only; dev@ owns
 * "Order sync" with one release. */
typedef struct {
  char *dev_org, *stage_org, *other_org;
  char *admin, *dev, *outsider;   /* tokens */
  char *path_id, *workflow_id, *release_id;
} ScTestPipeline;

void          sc_test_pipeline_init  (ScTestPipeline *pipeline,
                                      ScTestServer   *server);
void          sc_test_pipeline_clear (ScTestPipeline *pipeline);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTestResponse, sc_test_response_free)

G_END_DECLS
