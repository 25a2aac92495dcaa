/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-test-server.h"

/* Workflows, releases, sharing and connections against the real server.
 *
 * The org "Acme Development" has an admin, two developers (the first owns
 * most workflows here), and a viewer; "Other Org" has an outsider. A few
 * cases write to the database directly (paths, origins) to set up what
 * other endpoints would make, and read it to prove what the API does not
 * show (release snapshots, audit rows). */

typedef struct {
  ScTestServer *server;
  char         *org_id;
  char         *other_org_id;
  char         *admin, *admin_id;
  char         *dev, *dev_id;
  char         *dev2, *dev2_id;
  char         *viewer, *viewer_id;
  char         *outsider, *outsider_id;
  guint         counter;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* a test may ask for a fault point in the server (test hooks) */
  if (data != NULL)
    g_setenv ("SC_TEST_FAULT", data, TRUE);
  f->server = sc_test_server_start (FALSE, NULL);
  if (data != NULL)
    g_unsetenv ("SC_TEST_FAULT");

  f->org_id = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->other_org_id = sc_test_server_add_org (f->server, "Other Org", "dev");
  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->org_id, "admin", &f->admin_id);
  f->dev = sc_test_server_add_user (f->server, "dev@acme.test", f->org_id, "developer", &f->dev_id);
  f->dev2 = sc_test_server_add_user (f->server, "dev2@acme.test", f->org_id, "developer", &f->dev2_id);
  f->viewer = sc_test_server_add_user (f->server, "viewer@acme.test", f->org_id, "viewer", &f->viewer_id);
  f->outsider = sc_test_server_add_user (f->server, "out@other.test", f->other_org_id, "developer",
                                         &f->outsider_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->org_id);
  g_free (f->other_org_id);
  g_free (f->admin);
  g_free (f->admin_id);
  g_free (f->dev);
  g_free (f->dev_id);
  g_free (f->dev2);
  g_free (f->dev2_id);
  g_free (f->viewer);
  g_free (f->viewer_id);
  g_free (f->outsider);
  g_free (f->outsider_id);
}

/* --- helpers ---------------------------------------------------------------- */

static gboolean
has_entry (JsonNode   *body,
           const char *list,   /* "fields" or "rules" */
           const char *member, /* "field" or "rule" */
           const char *value)
{
  g_autofree char *path = g_strdup_printf ("error.details.%s", list);
  guint n = sc_test_get_length (body, path);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item = g_strdup_printf ("error.details.%s[%u].%s", list, i, member);

      if (g_strcmp0 (sc_test_get_string (body, item), value) == 0)
        return TRUE;
    }
  return FALSE;
}

#define assert_field(resp, field) \
  G_STMT_START { \
    if (!has_entry ((resp)->body, "fields", "field", (field))) \
      g_error ("%s:%d: no violation of field %s in %s", __FILE__, __LINE__, (field), (resp)->text); \
  } G_STMT_END

#define assert_rule(resp, rule, field) \
  G_STMT_START { \
    if (!has_entry ((resp)->body, "rules", "rule", (rule)) || \
        !has_entry ((resp)->body, "rules", "field", (field))) \
      g_error ("%s:%d: no rule %s on %s in %s", __FILE__, __LINE__, (rule), (field), (resp)->text); \
  } G_STMT_END

/* A workflow body named @name with a unique trigger; @extra (nullable) adds
 * members. */
static char *
workflow_body (Fixture    *f,
               const char *name,
               const char *extra)
{
  return g_strdup_printf ("{\"name\": \"%s\", \"trigger\": {\"url\": \"/hooks/%u\", \"method\": \"post\"}%s%s}",
                          name, ++f->counter, extra != NULL ? ", " : "", extra != NULL ? extra : "");
}

static char *
create_workflow (Fixture    *f,
                 const char *token,
                 const char *name,
                 const char *extra)
{
  g_autofree char *body = workflow_body (f, name, extra);
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", f->org_id);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, token, body, NULL);

  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

static char *
create_connection (Fixture    *f,
                   const char *token,
                   const char *org_id,
                   const char *name,
                   const char *service)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"service\": \"%s\", \"secret\": \"s3cret-%s\"}",
                                           name, service, name);
  g_autofree char *path = g_strdup_printf ("/orgs/%s/connections", org_id);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, token, body, NULL);

  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

/* GET @path as @token, expecting 200; returns the body. */
static JsonNode *
get_ok (Fixture    *f,
        const char *path,
        const char *token)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, token, NULL, NULL);

  sc_assert_status (r, 200);
  return json_node_ref (r->body);
}

static char *
get_etag (Fixture    *f,
          const char *path,
          const char *token)
{
  g_autoptr(JsonNode) body = get_ok (f, path, token);

  return g_strdup (sc_test_get_string (body, "etag"));
}

static char *
workflow_path (const char *id,
               const char *suffix)
{
  return g_strconcat ("/workflows/", id, suffix, NULL);
}

/* PUT the sharing of a workflow (or connection) as @token with the current
 * etag; returns the response. */
static ScTestResponse *
put_sharing (Fixture    *f,
             const char *kind, /* "workflows" or "connections" */
             const char *id,
             const char *token,
             const char *body)
{
  g_autofree char *path = g_strdup_printf ("/%s/%s/sharing", kind, id);
  g_autofree char *etag = NULL;
  g_autoptr(ScTestResponse) current = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);

  sc_assert_status (current, 200);
  etag = g_strdup (sc_test_get_string (current->body, "etag"));
  return sc_test_request (f->server, "PUT", path, token, body, "If-Match", etag, NULL);
}

static const char *
permission_of (Fixture    *f,
               const char *workflow_id,
               const char *token)
{
  static char buffer[16];
  g_autofree char *path = workflow_path (workflow_id, NULL);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, token, NULL, NULL);

  if (r->status == 404)
    return "invisible";
  sc_assert_status (r, 200);
  g_strlcpy (buffer, sc_test_get_string (r->body, "permission"), sizeof buffer);
  return buffer;
}

/* The server's database, read and written directly (either engine). */
static ScTestServer *
db_open (Fixture *f)
{
  return f->server;
}

static void
db_exec (ScTestServer *db,
         const char   *sql)
{
  sc_test_server_sql (db, sql);
}

/* The first column of the first row of @sql with @arg bound to ?1. */
static char *
db_text (ScTestServer *db,
         const char   *sql,
         const char   *arg)
{
  return sc_test_server_db_text (db, sql, arg, NULL);
}

/* --- workflows ------------------------------------------------------------ */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", f->org_id);
  g_autofree char *wf_path = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) again = NULL;
  g_autoptr(ScTestResponse) cached = NULL;
  g_autofree char *quoted = NULL;
  const char *id;

  r = sc_test_request (f->server, "POST", path, f->dev,
                       "{\"name\": \"Nightly export\", \"description\": \"Exports\","
                       " \"steps\": [{\"do\": \"fetch\"}], \"config\": {\"retries\": 3},"
                       " \"trigger\": {\"url\": \"/hooks/export\", \"method\": \"post\"},"
                       " \"tags\": [\"etl\", \"nightly\"]}",
                       NULL);
  sc_assert_status (r, 201);

  id = sc_test_get_string (r->body, "id");
  g_assert_true (g_str_has_prefix (id, "wf_"));
  g_assert_cmpstr (sc_test_get_string (r->body, "org_id"), ==, f->org_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "name"), ==, "Nightly export");
  g_assert_cmpstr (sc_test_get_string (r->body, "description"), ==, "Exports");
  g_assert_cmpstr (sc_test_get_string (r->body, "owner.id"), ==, f->dev_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "owner.email"), ==, "dev@acme.test");
  g_assert_nonnull (sc_test_get_string (r->body, "owner.name"));
  g_assert_cmpstr (sc_test_get_string (r->body, "steps[0].do"), ==, "fetch");
  g_assert_cmpint (sc_test_get_int (r->body, "config.retries"), ==, 3);
  g_assert_cmpstr (sc_test_get_string (r->body, "trigger.url"), ==, "/hooks/export");
  g_assert_cmpstr (sc_test_get_string (r->body, "trigger.method"), ==, "POST");
  g_assert_cmpuint (sc_test_get_length (r->body, "tags"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (r->body, "tags[1]"), ==, "nightly");
  g_assert_cmpuint (sc_test_get_length (r->body, "connections"), ==, 0);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "latest_release")));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "origin")));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "stage")));
  g_assert_false (sc_test_get_bool (r->body, "promoted"));
  g_assert_cmpstr (sc_test_get_string (r->body, "permission"), ==, "manage");
  g_assert_nonnull (sc_test_get_string (r->body, "created_at"));
  g_assert_cmpstr (sc_test_get_string (r->body, "created_at"), ==,
                   sc_test_get_string (r->body, "updated_at"));
  quoted = g_strdup_printf ("\"%s\"", sc_test_get_string (r->body, "etag"));
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, quoted);

  /* general access starts at view: another developer sees it, the admin
   * manages it */
  wf_path = workflow_path (id, NULL);
  again = sc_test_request (f->server, "GET", wf_path, f->dev2, NULL, NULL);
  sc_assert_status (again, 200);
  g_assert_cmpstr (sc_test_get_string (again->body, "permission"), ==, "view");
  g_assert_cmpstr (sc_test_get_string (again->body, "etag"), ==, sc_test_get_string (r->body, "etag"));
  g_assert_cmpstr (soup_message_headers_get_one (again->headers, "ETag"), ==, quoted);
  g_assert_cmpstr (permission_of (f, id, f->admin), ==, "manage");
  g_assert_cmpstr (permission_of (f, id, f->viewer), ==, "view");

  cached = sc_test_request (f->server, "GET", wf_path, f->dev2, NULL, "If-None-Match", quoted, NULL);
  sc_assert_status (cached, 304);
  g_assert_cmpstr (cached->text, ==, "");
}

static void
test_create_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", f->org_id);
  g_autofree char *other_path = g_strdup_printf ("/orgs/%s/workflows", f->other_org_id);
  g_autofree char *mine = create_connection (f, f->dev, f->org_id, "Warehouse", "postgres");
  g_autofree char *theirs = create_connection (f, f->dev2, f->org_id, "Private", "slack");
  g_autofree char *foreign = create_connection (f, f->outsider, f->other_org_id, "Elsewhere", "slack");
  g_autofree char *unknown_conn = g_strdup_printf ("{\"name\": \"W\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}, \"connection_ids\": [\"con_nope\"]}");
  g_autofree char *foreign_conn = g_strdup_printf ("{\"name\": \"W\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}, \"connection_ids\": [\"%s\"]}", foreign);
  g_autofree char *unshared_conn = g_strdup_printf ("{\"name\": \"W\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}, \"connection_ids\": [\"%s\", \"%s\"]}", mine, theirs);
  const char *good = "{\"name\": \"W\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}";
  struct {
    const char *why;
    const char *path;
    const char *token;
    const char *body;
    guint       status;
    const char *code;
    const char *field; /* expected in details.fields, nullable */
  } rows[] = {
    { "no token", path, NULL, good, 401, "unauthenticated", NULL },
    { "not a member of the org", path, f->outsider, good, 404, "not_found", NULL },
    { "no such org", "/orgs/org_nope/workflows", f->dev, good, 404, "not_found", NULL },
    { "a member, but of another org", other_path, f->dev, good, 404, "not_found", NULL },
    { "viewers may not create", path, f->viewer, good, 403, "forbidden", NULL },
    { "not JSON", path, f->dev, "{\"name\": ", 400, "bad_request", NULL },
    { "not an object", path, f->dev, "[1, 2]", 400, "bad_request", NULL },
    { "name of the wrong type", path, f->dev, "{\"name\": 5, \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}", 400, "bad_request", NULL },
    { "trigger of the wrong type", path, f->dev, "{\"name\": \"W\", \"trigger\": \"/a\"}", 400, "bad_request", NULL },
    { "steps of the wrong type", path, f->dev, "{\"name\": \"W\", \"steps\": {}, \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}", 400, "bad_request", NULL },
    { "a tag that is not a string", path, f->dev, "{\"name\": \"W\", \"tags\": [1], \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}", 400, "bad_request", NULL },
    { "name missing", path, f->dev, "{\"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}", 422, "validation_failed", "name" },
    { "trigger missing", path, f->dev, "{\"name\": \"W\"}", 422, "validation_failed", "trigger" },
    { "trigger.method missing", path, f->dev, "{\"name\": \"W\", \"trigger\": {\"url\": \"/a\"}}", 422, "validation_failed", "trigger.method" },
    { "unknown member", path, f->dev, "{\"name\": \"W\", \"colour\": \"red\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}", 422, "validation_failed", "colour" },
    { "unknown member of the trigger", path, f->dev, "{\"name\": \"W\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\", \"x\": 1}}", 422, "validation_failed", "trigger.x" },
    { "blank name", path, f->dev, "{\"name\": \"  \", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}", 422, "validation_failed", "name" },
    { "bad trigger method", path, f->dev, "{\"name\": \"W\", \"trigger\": {\"url\": \"/a\", \"method\": \"FETCH\"}}", 422, "validation_failed", "trigger.method" },
    { "trigger URL not a path", path, f->dev, "{\"name\": \"W\", \"trigger\": {\"url\": \"a\", \"method\": \"GET\"}}", 422, "validation_failed", "trigger.url" },
    { "unknown connection id", path, f->dev, unknown_conn, 422, "validation_failed", "connection_ids[0]" },
    { "a connection of another org", path, f->dev, foreign_conn, 422, "validation_failed", "connection_ids[0]" },
    { "a connection not shared with the caller", path, f->dev, unshared_conn, 422, "validation_failed", "connection_ids[1]" },
  };
  g_autoptr(JsonNode) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", rows[i].path, rows[i].token,
                                                     rows[i].body, NULL);

      g_test_message ("row %u: %s", i, rows[i].why);
      sc_assert_error (r, rows[i].status, rows[i].code);
      if (rows[i].field != NULL)
        assert_field (r, rows[i].field);
    }

  /* the unshared one is refused but the caller's own is not */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->dev, unshared_conn, NULL);
    g_assert_false (has_entry (r->body, "fields", "field", "connection_ids[0]"));
  }

  /* nothing was made */
  list = get_ok (f, path, f->admin);
  g_assert_cmpuint (sc_test_get_length (list, "items"), ==, 0);

  /* the admin may use any connection of the org */
  {
    g_autofree char *body = g_strdup_printf ("{\"name\": \"Both\", \"trigger\": {\"url\": \"/both\", \"method\": \"GET\"}, \"connection_ids\": [\"%s\", \"%s\", \"%s\"]}", mine, theirs, mine);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->admin, body, NULL);

    sc_assert_status (r, 201);
    /* a connection named twice is used once */
    g_assert_cmpuint (sc_test_get_length (r->body, "connections"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[0].service"), ==, "postgres");
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[0].name"), ==, "Warehouse");
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[0].id"), ==, mine);
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[1].id"), ==, theirs);
  }
}

static void
test_get_refusals (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *id = create_workflow (f, f->dev, "Secret plan", NULL);
  g_autofree char *path = workflow_path (id, NULL);
  g_autoptr(ScTestResponse) shared = NULL;
  struct {
    const char *why;
    const char *path;
    const char *token;
    guint       status;
    const char *code;
  } rows[] = {
    { "no token", path, NULL, 401, "unauthenticated" },
    { "unknown id", "/workflows/wf_aaaaaaaaaaaaaaaaaaaa", f->dev, 404, "not_found" },
    { "not a member of its org", path, f->outsider, 404, "not_found" },
    { "general access none and no grant", path, f->dev2, 404, "not_found" },
    { "the same for its releases", "RELEASES", f->dev2, 404, "not_found" },
    { "and its sharing", "SHARING", f->viewer, 404, "not_found" },
  };
  g_autofree char *releases = workflow_path (id, "/releases");
  g_autofree char *sharing = workflow_path (id, "/sharing");

  shared = put_sharing (f, "workflows", id, f->dev, "{\"general_access\": \"none\", \"grants\": []}");
  sc_assert_status (shared, 200);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *p = rows[i].path;
      g_autoptr(ScTestResponse) r = NULL;

      if (g_strcmp0 (p, "RELEASES") == 0)
        p = releases;
      else if (g_strcmp0 (p, "SHARING") == 0)
        p = sharing;
      g_test_message ("row %u: %s", i, rows[i].why);
      r = sc_test_request (f->server, "GET", p, rows[i].token, NULL, NULL);
      sc_assert_error (r, rows[i].status, rows[i].code);
    }

  /* the owner and the admin still see it */
  g_assert_cmpstr (permission_of (f, id, f->dev), ==, "manage");
  g_assert_cmpstr (permission_of (f, id, f->admin), ==, "manage");
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = create_workflow (f, f->dev, "Draft", "\"tags\": [\"a\"]");
  g_autofree char *path = workflow_path (id, NULL);
  g_autofree char *etag = get_etag (f, path, f->dev);
  g_autofree char *new_etag = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  const char *good = "{\"name\": \"Renamed\", \"description\": \"New\", \"steps\": [1, 2],"
                     " \"trigger\": {\"url\": \"/hooks/renamed\", \"method\": \"put\"}}";
  struct {
    const char *why;
    const char *token;
    const char *if_match; /* "CURRENT" for the current etag, NULL for none */
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } rows[] = {
    { "no token", NULL, "CURRENT", good, 401, "unauthenticated", NULL },
    { "not a member", f->outsider, "CURRENT", good, 404, "not_found", NULL },
    { "a developer with view through general access", f->dev2, "CURRENT", good, 403, "forbidden", NULL },
    { "a viewer with view", f->viewer, "CURRENT", good, 403, "forbidden", NULL },
    { "no If-Match", f->dev, NULL, good, 412, "precondition_failed", NULL },
    { "a stale If-Match", f->dev, "\"stale\"", good, 412, "precondition_failed", NULL },
    { "not JSON", f->dev, "CURRENT", "nope", 400, "bad_request", NULL },
    { "config of the wrong type", f->dev, "CURRENT", "{\"name\": \"X\", \"config\": [], \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}}", 400, "bad_request", NULL },
    { "full replace: trigger missing", f->dev, "CURRENT", "{\"name\": \"X\"}", 422, "validation_failed", "trigger" },
    { "bad method", f->dev, "CURRENT", "{\"name\": \"X\", \"trigger\": {\"url\": \"/a\", \"method\": \"TRACE\"}}", 422, "validation_failed", "trigger.method" },
    { "unknown connection", f->dev, "CURRENT", "{\"name\": \"X\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\"}, \"connection_ids\": [\"con_x\"]}", 422, "validation_failed", "connection_ids[0]" },
  };

  before = get_ok (f, path, f->dev);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = NULL;
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", etag);
      const char *if_match = g_strcmp0 (rows[i].if_match, "CURRENT") == 0 ? quoted : rows[i].if_match;

      g_test_message ("row %u: %s", i, rows[i].why);
      if (if_match != NULL)
        r = sc_test_request (f->server, "PUT", path, rows[i].token, rows[i].body, "If-Match", if_match, NULL);
      else
        r = sc_test_request (f->server, "PUT", path, rows[i].token, rows[i].body, NULL);
      sc_assert_error (r, rows[i].status, rows[i].code);
      if (rows[i].field != NULL)
        assert_field (r, rows[i].field);
    }

  /* nothing changed */
  after = get_ok (f, path, f->dev);
  g_assert_true (json_node_equal (before, after));

  /* the owner replaces the draft (bare etag accepted) */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->dev, good, "If-Match", etag, NULL);
    g_autofree char *quoted = NULL;

    sc_assert_status (r, 200);
    g_assert_cmpstr (sc_test_get_string (r->body, "name"), ==, "Renamed");
    g_assert_cmpstr (sc_test_get_string (r->body, "description"), ==, "New");
    g_assert_cmpuint (sc_test_get_length (r->body, "steps"), ==, 2);
    /* full replace: what the body leaves out is reset */
    g_assert_cmpuint (sc_test_get_length (r->body, "tags"), ==, 0);
    g_assert_cmpstr (sc_test_get_string (r->body, "trigger.method"), ==, "PUT");
    g_assert_cmpstr (sc_test_get_string (r->body, "permission"), ==, "manage");
    new_etag = g_strdup (sc_test_get_string (r->body, "etag"));
    g_assert_cmpstr (new_etag, !=, etag);
    quoted = g_strdup_printf ("\"%s\"", new_etag);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, quoted);
  }

  /* the old etag is stale now */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->dev, good, "If-Match", etag, NULL);
    sc_assert_error (r, 412, "precondition_failed");
  }

  /* an admin may edit anyone's workflow */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->admin,
                                                   "{\"name\": \"By admin\", \"trigger\": {\"url\": \"/x\", \"method\": \"GET\"}}",
                                                   "If-Match", new_etag, NULL);
    sc_assert_status (r, 200);
    g_assert_cmpstr (sc_test_get_string (r->body, "name"), ==, "By admin");
    /* the owner stays */
    g_assert_cmpstr (sc_test_get_string (r->body, "owner.id"), ==, f->dev_id);
  }
}

static void
test_update_connections (Fixture       *f,
                         gconstpointer  data)
{
  /* dev attaches a connection only dev may use; dev2 is given manage on the
   * workflow and may edit it keeping that connection, but not add another
   * connection dev2 cannot use */
  g_autofree char *mine = create_connection (f, f->dev, f->org_id, "Warehouse", "postgres");
  g_autofree char *third = create_connection (f, f->admin, f->org_id, "Ops", "pagerduty");
  g_autofree char *extra = g_strdup_printf ("\"connection_ids\": [\"%s\"]", mine);
  g_autofree char *id = create_workflow (f, f->dev, "Uses warehouse", extra);
  g_autofree char *path = workflow_path (id, NULL);
  g_autofree char *grant = g_strdup_printf ("{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"manage\"}]}", f->dev2_id);
  g_autoptr(ScTestResponse) shared = put_sharing (f, "workflows", id, f->dev, grant);
  g_autofree char *keep = g_strdup_printf ("{\"name\": \"Edited by dev2\", \"trigger\": {\"url\": \"/k\", \"method\": \"GET\"}, \"connection_ids\": [\"%s\"]}", mine);
  g_autofree char *add = g_strdup_printf ("{\"name\": \"Edited again\", \"trigger\": {\"url\": \"/k\", \"method\": \"GET\"}, \"connection_ids\": [\"%s\", \"%s\"]}", mine, third);
  g_autofree char *etag = NULL;

  sc_assert_status (shared, 200);
  g_assert_cmpstr (permission_of (f, id, f->dev2), ==, "manage");

  etag = get_etag (f, path, f->dev2);
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->dev2, keep, "If-Match", etag, NULL);
    sc_assert_status (r, 200);
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[0].id"), ==, mine);
    g_free (etag);
    etag = g_strdup (sc_test_get_string (r->body, "etag"));
  }
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->dev2, add, "If-Match", etag, NULL);
    sc_assert_error (r, 422, "validation_failed");
    assert_field (r, "connection_ids[1]");
    g_assert_false (has_entry (r->body, "fields", "field", "connection_ids[0]"));
  }
  {
    g_autoptr(JsonNode) now = get_ok (f, path, f->dev2);
    g_assert_cmpstr (sc_test_get_string (now, "name"), ==, "Edited by dev2");
    g_assert_cmpuint (sc_test_get_length (now, "connections"), ==, 1);
  }
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = create_workflow (f, f->dev, "Doomed", NULL);
  g_autofree char *path = workflow_path (id, NULL);
  g_autofree char *etag = get_etag (f, path, f->dev);
  struct {
    const char *why;
    const char *token;
    const char *if_match;
    guint       status;
    const char *code;
  } rows[] = {
    { "no token", NULL, etag, 401, "unauthenticated" },
    { "not a member", f->outsider, etag, 404, "not_found" },
    { "view only", f->dev2, etag, 403, "forbidden" },
    { "no If-Match", f->dev, NULL, 412, "precondition_failed" },
    { "stale If-Match", f->dev, "W/\"old\"", 412, "precondition_failed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = NULL;

      g_test_message ("row %u: %s", i, rows[i].why);
      if (rows[i].if_match != NULL)
        r = sc_test_request (f->server, "DELETE", path, rows[i].token, NULL, "If-Match", rows[i].if_match, NULL);
      else
        r = sc_test_request (f->server, "DELETE", path, rows[i].token, NULL, NULL);
      sc_assert_error (r, rows[i].status, rows[i].code);
      /* still there */
      g_assert_cmpstr (permission_of (f, id, f->dev), ==, "manage");
    }

  {
    g_autofree char *weak = g_strdup_printf ("W/\"%s\"", etag);
    g_autofree char *strong = g_strdup_printf ("\"%s\"", etag);
    /* If-Match compares strongly (RFC 9110): a weak tag never matches */
    g_autoptr(ScTestResponse) refused = sc_test_request (f->server, "DELETE", path, f->dev, NULL, "If-Match", weak, NULL);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "DELETE", path, f->dev, NULL, "If-Match", strong, NULL);
    g_autoptr(ScTestResponse) gone = sc_test_request (f->server, "GET", path, f->dev, NULL, NULL);
    g_autoptr(ScTestResponse) twice = sc_test_request (f->server, "DELETE", path, f->dev, NULL, "If-Match", etag, NULL);

    sc_assert_error (refused, 412, "precondition_failed");
    sc_assert_status (r, 204);
    g_assert_cmpstr (r->text, ==, "");
    sc_assert_error (gone, 404, "not_found");
    sc_assert_error (twice, 404, "not_found");
  }
}

static void
test_stage_and_origin (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = create_workflow (f, f->dev, "Staged", NULL);
  g_autofree char *copy = create_workflow (f, f->dev, "A copy", NULL);
  g_autofree char *path = workflow_path (id, NULL);
  g_autofree char *copy_path = workflow_path (copy, NULL);
  g_autofree char *list_path = g_strdup_printf ("/orgs/%s/workflows", f->org_id);
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) body = get_ok (f, path, f->dev);
  ScTestServer *db;

  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (body, "stage")));

  /* paths as the paths endpoints store them: the oldest path of the org
   * that starts in the org decides; one starting elsewhere does not */
  db = db_open (f);
#define PATH_SQL(id, seq, name) \
  "INSERT INTO paths (id, seq, org_id, name, etag, created_at, updated_at) " \
  "VALUES ('" id "', " seq ", '%1$s', '" name "', 'e', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
#define STAGE_SQL(id, position, tag, org) \
  "INSERT INTO path_stages (path_id, position, tag, org_id) VALUES ('" id "', " position ", '" tag "', '" org "');"
  sql = g_strdup_printf (PATH_SQL ("pth_elsewhere", "1", "Elsewhere")
                         STAGE_SQL ("pth_elsewhere", "0", "other", "%2$s")
                         STAGE_SQL ("pth_elsewhere", "1", "build", "%1$s")
                         PATH_SQL ("pth_main", "2", "Main")
                         STAGE_SQL ("pth_main", "0", "build", "%1$s")
                         STAGE_SQL ("pth_main", "1", "ship", "%2$s")
                         PATH_SQL ("pth_later", "3", "Later")
                         STAGE_SQL ("pth_later", "0", "later", "%1$s")
                         STAGE_SQL ("pth_later", "1", "ship", "%2$s"),
                         f->org_id, f->other_org_id);
#undef PATH_SQL
#undef STAGE_SQL
  db_exec (db, sql);
  g_free (sql);
  /* a copy a promotion made records where it came from */
  sql = g_strdup_printf ("UPDATE workflows SET origin_workflow_id = '%s', origin_org_id = '%s', "
                         "origin_path_id = 'pth_main', origin_stage = 'ship', promoted = 1 WHERE id = '%s'",
                         id, f->other_org_id, copy);
  db_exec (db, sql);

  g_clear_pointer (&body, json_node_unref);
  body = get_ok (f, path, f->dev);
  g_assert_cmpstr (sc_test_get_string (body, "stage"), ==, "build");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (body, "origin")));

  g_clear_pointer (&body, json_node_unref);
  body = get_ok (f, copy_path, f->dev);
  g_assert_cmpstr (sc_test_get_string (body, "stage"), ==, "ship");
  g_assert_cmpstr (sc_test_get_string (body, "origin.workflow_id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (body, "origin.org_id"), ==, f->other_org_id);
  g_assert_cmpstr (sc_test_get_string (body, "origin.path_id"), ==, "pth_main");
  g_assert_cmpstr (sc_test_get_string (body, "origin.stage"), ==, "ship");
  g_assert_true (sc_test_get_bool (body, "promoted"));

  /* the list computes the same */
  g_clear_pointer (&body, json_node_unref);
  body = get_ok (f, list_path, f->dev);
  g_assert_cmpstr (sc_test_get_string (body, "items[0].id"), ==, copy);
  g_assert_cmpstr (sc_test_get_string (body, "items[0].stage"), ==, "ship");
  g_assert_true (sc_test_get_bool (body, "items[0].promoted"));
  g_assert_cmpstr (sc_test_get_string (body, "items[1].stage"), ==, "build");
}

/* --- list ----------------------------------------------------------------- */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  const char *names[] = { "Alpha one", "beta", "ALPHA two", "100% done", "snake_case", "Alpha hidden" };
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", f->org_id);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (ids, create_workflow (f, f->dev, names[i], NULL));

  /* the last one is hidden from everyone but its owner and the admins */
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", g_ptr_array_index (ids, 5), f->dev,
                                               "{\"general_access\": \"none\", \"grants\": []}");
    sc_assert_status (r, 200);
  }

  /* dev2 walks everything visible with limit=2: newest first, each once */
  do
    {
      g_autofree char *page_path = cursor != NULL
        ? g_strdup_printf ("%s?limit=2&cursor=%s", path, cursor)
        : g_strdup_printf ("%s?limit=2", path);
      g_autoptr(JsonNode) page = get_ok (f, page_path, f->dev2);
      guint n = sc_test_get_length (page, "items");

      g_assert_cmpuint (n, <=, 2);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *item = g_strdup_printf ("items[%u].id", i);
          g_autofree char *perm = g_strdup_printf ("items[%u].permission", i);
          const char *id = sc_test_get_string (page, item);
          /* newest first: visible ids are 4, 3, 2, 1, 0 */
          guint expected = 4 - g_hash_table_size (seen);

          g_assert_cmpstr (id, ==, g_ptr_array_index (ids, expected));
          g_assert_cmpstr (sc_test_get_string (page, perm), ==, "view");
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }
      g_clear_pointer (&cursor, g_free);
      cursor = g_strdup (sc_test_get_string (page, "next_cursor"));
      pages++;
    }
  while (cursor != NULL);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_cmpuint (pages, ==, 3);

  /* the owner and the admin see the hidden one too, with manage */
  {
    g_autoptr(JsonNode) mine = get_ok (f, path, f->dev);
    g_autoptr(JsonNode) admin = get_ok (f, path, f->admin);

    g_assert_cmpuint (sc_test_get_length (mine, "items"), ==, 6);
    g_assert_cmpuint (sc_test_get_length (admin, "items"), ==, 6);
    g_assert_cmpstr (sc_test_get_string (admin, "items[0].id"), ==, g_ptr_array_index (ids, 5));
    g_assert_cmpstr (sc_test_get_string (admin, "items[0].permission"), ==, "manage");
    g_assert_cmpstr (sc_test_get_string (admin, "items[0].owner.email"), ==, "dev@acme.test");
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (admin, "next_cursor")));
  }

  /* search: case-insensitive substring; % and _ are literal */
  {
    struct {
      const char *why;
      const char *q;
      const char *token;
      guint       count;
    } rows[] = {
      { "a substring, any case", "alpha", f->dev2, 2 },
      { "the hidden match counts for its owner", "alpha", f->dev, 3 },
      { "in the middle", "PHA%20T", f->dev2, 1 },
      { "% is not a wildcard", "%25", f->dev2, 1 },
      { "_ is not a wildcard", "e_c", f->dev2, 1 },
      { "_ alone matches only names with _", "_", f->dev2, 1 },
      { "no match", "gamma", f->dev2, 0 },
      { "empty is no filter", "", f->dev2, 5 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autofree char *q_path = g_strdup_printf ("%s?q=%s", path, rows[i].q);
        g_autoptr(JsonNode) page = NULL;

        g_test_message ("row %u: %s", i, rows[i].why);
        page = get_ok (f, q_path, rows[i].token);
        g_assert_cmpuint (sc_test_get_length (page, "items"), ==, rows[i].count);
      }
  }

  /* search pages too */
  {
    g_autofree char *q_path = g_strdup_printf ("%s?q=alpha&limit=1", path);
    g_autoptr(JsonNode) first = get_ok (f, q_path, f->dev2);
    g_autofree char *next_path = g_strdup_printf ("%s&cursor=%s", q_path, sc_test_get_string (first, "next_cursor"));
    g_autoptr(JsonNode) second = get_ok (f, next_path, f->dev2);

    g_assert_cmpstr (sc_test_get_string (first, "items[0].name"), ==, "ALPHA two");
    g_assert_cmpstr (sc_test_get_string (second, "items[0].name"), ==, "Alpha one");
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (second, "next_cursor")));
  }

  /* refusals */
  {
    g_autofree char *other = g_strdup_printf ("/orgs/%s/workflows", f->other_org_id);
    g_autofree char *long_q = g_strnfill (201, 'x');
    g_autofree char *long_path = g_strdup_printf ("%s?q=%s", path, long_q);
    g_autofree char *zero = g_strdup_printf ("%s?limit=0", path);
    g_autofree char *big = g_strdup_printf ("%s?limit=501", path);
    g_autofree char *bad_cursor = g_strdup_printf ("%s?cursor=!!", path);
    struct {
      const char *why;
      const char *path;
      const char *token;
      guint       status;
      const char *code;
    } rows[] = {
      { "no token", path, NULL, 401, "unauthenticated" },
      { "not a member", path, f->outsider, 404, "not_found" },
      { "another org", other, f->dev, 404, "not_found" },
      { "limit 0", zero, f->dev, 400, "bad_request" },
      { "limit above 500", big, f->dev, 400, "bad_request" },
      { "a cursor we never gave", bad_cursor, f->dev, 400, "bad_request" },
      { "a search too long", long_path, f->dev, 400, "bad_request" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", rows[i].path, rows[i].token, NULL, NULL);

        g_test_message ("row %u: %s", i, rows[i].why);
        sc_assert_error (r, rows[i].status, rows[i].code);
      }
  }

  /* 304 on an unchanged list */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->dev2, NULL, NULL);
    const char *etag = soup_message_headers_get_one (r->headers, "ETag");
    g_autoptr(ScTestResponse) again = sc_test_request (f->server, "GET", path, f->dev2, NULL, "If-None-Match", etag, NULL);

    g_assert_nonnull (etag);
    sc_assert_status (again, 304);
  }
}

/* --- releases ------------------------------------------------------------- */

static void
test_releases (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *conn = create_connection (f, f->dev, f->org_id, "Warehouse", "postgres");
  g_autofree char *extra = g_strdup_printf ("\"steps\": [\"one\"], \"connection_ids\": [\"%s\"]", conn);
  g_autofree char *id = create_workflow (f, f->dev, "Versioned", extra);
  g_autofree char *path = workflow_path (id, NULL);
  g_autofree char *releases = workflow_path (id, "/releases");
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *etag_before = get_etag (f, path, f->dev);

  /* no body: v1 without notes */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", releases, f->dev, NULL, NULL);

    sc_assert_status (r, 201);
    v1 = g_strdup (sc_test_get_string (r->body, "id"));
    g_assert_true (g_str_has_prefix (v1, "rel_"));
    g_assert_cmpstr (sc_test_get_string (r->body, "workflow_id"), ==, id);
    g_assert_cmpint (sc_test_get_int (r->body, "version"), ==, 1);
    g_assert_cmpstr (sc_test_get_string (r->body, "notes"), ==, "");
    g_assert_cmpstr (sc_test_get_string (r->body, "created_by.id"), ==, f->dev_id);
    g_assert_cmpstr (sc_test_get_string (r->body, "created_by.email"), ==, "dev@acme.test");
    g_assert_nonnull (sc_test_get_string (r->body, "created_at"));
    g_assert_null (sc_test_get (r->body, "snapshot"));
  }

  /* publishing changed latest_release, so the etag moved */
  {
    g_autoptr(JsonNode) wf = get_ok (f, path, f->dev);

    g_assert_cmpstr (sc_test_get_string (wf, "latest_release.id"), ==, v1);
    g_assert_cmpint (sc_test_get_int (wf, "latest_release.version"), ==, 1);
    g_assert_cmpstr (sc_test_get_string (wf, "etag"), !=, etag_before);
  }

  /* edit the draft, then publish v2 with notes */
  {
    g_autofree char *etag = get_etag (f, path, f->dev);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->dev,
                                                   "{\"name\": \"Versioned, edited\", \"steps\": [\"one\", \"two\"],"
                                                   " \"trigger\": {\"url\": \"/v\", \"method\": \"GET\"}}",
                                                   "If-Match", etag, NULL);
    g_autoptr(ScTestResponse) p = NULL;

    sc_assert_status (r, 200);
    p = sc_test_request (f->server, "POST", releases, f->dev, "{\"notes\": \"Second go\"}", NULL);
    sc_assert_status (p, 201);
    v2 = g_strdup (sc_test_get_string (p->body, "id"));
    g_assert_cmpint (sc_test_get_int (p->body, "version"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (p->body, "notes"), ==, "Second go");
  }

  /* {} is fine too: v3, by the admin */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", releases, f->admin, "{}", NULL);

    sc_assert_status (r, 201);
    g_assert_cmpint (sc_test_get_int (r->body, "version"), ==, 3);
    g_assert_cmpstr (sc_test_get_string (r->body, "created_by.email"), ==, "admin@acme.test");
  }

  /* the list, newest first, walked one by one; dev2 (view) may read it */
  {
    g_autofree char *first_path = g_strdup_printf ("%s?limit=2", releases);
    g_autoptr(JsonNode) first = get_ok (f, first_path, f->dev2);
    g_autofree char *next_path = g_strdup_printf ("%s?limit=2&cursor=%s", releases,
                                                  sc_test_get_string (first, "next_cursor"));
    g_autoptr(JsonNode) second = get_ok (f, next_path, f->dev2);

    g_assert_cmpuint (sc_test_get_length (first, "items"), ==, 2);
    g_assert_cmpint (sc_test_get_int (first, "items[0].version"), ==, 3);
    g_assert_cmpint (sc_test_get_int (first, "items[1].version"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (first, "items[1].id"), ==, v2);
    g_assert_cmpstr (sc_test_get_string (first, "items[1].created_by.email"), ==, "dev@acme.test");
    g_assert_cmpuint (sc_test_get_length (second, "items"), ==, 1);
    g_assert_cmpstr (sc_test_get_string (second, "items[0].id"), ==, v1);
    g_assert_cmpstr (sc_test_get_string (second, "items[0].workflow_id"), ==, id);
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (second, "next_cursor")));
  }

  /* releases are immutable: v1 still holds the draft as it was */
  {
    ScTestServer *db = db_open (f);
    g_autofree char *s1 = db_text (db, "SELECT snapshot FROM releases WHERE id = ?1", v1);
    g_autofree char *s2 = db_text (db, "SELECT snapshot FROM releases WHERE id = ?1", v2);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonNode) one = NULL;
    JsonNode *two;

    g_assert_true (json_parser_load_from_data (parser, s1, -1, NULL));
    one = json_node_ref (json_parser_get_root (parser));
    g_assert_cmpstr (sc_test_get_string (one, "name"), ==, "Versioned");
    g_assert_cmpuint (sc_test_get_length (one, "steps"), ==, 1);
    g_assert_cmpstr (sc_test_get_string (one, "trigger.method"), ==, "POST");
    g_assert_cmpstr (sc_test_get_string (one, "connections[0].service"), ==, "postgres");
    g_assert_cmpstr (sc_test_get_string (one, "connections[0].name"), ==, "Warehouse");
    g_assert_null (sc_test_get (one, "connections[0].id"));
    g_assert_true (json_parser_load_from_data (parser, s2, -1, NULL));
    two = json_parser_get_root (parser);
    g_assert_cmpstr (sc_test_get_string (two, "name"), ==, "Versioned, edited");
    g_assert_cmpuint (sc_test_get_length (two, "steps"), ==, 2);
    g_assert_cmpuint (sc_test_get_length (two, "connections"), ==, 0);
  }

  /* refusals; after each, still three releases */
  {
    struct {
      const char *why;
      const char *token;
      const char *body;
      guint       status;
      const char *code;
      const char *field;
    } rows[] = {
      { "no token", NULL, NULL, 401, "unauthenticated", NULL },
      { "not a member", f->outsider, NULL, 404, "not_found", NULL },
      { "view only", f->dev2, NULL, 403, "forbidden", NULL },
      { "a viewer", f->viewer, "{}", 403, "forbidden", NULL },
      { "not JSON", f->dev, "notes", 400, "bad_request", NULL },
      { "not an object", f->dev, "[]", 400, "bad_request", NULL },
      { "notes of the wrong type", f->dev, "{\"notes\": 1}", 400, "bad_request", NULL },
      { "unknown member", f->dev, "{\"version\": 9}", 422, "validation_failed", "version" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", releases, rows[i].token, rows[i].body, NULL);
        g_autoptr(JsonNode) list = NULL;

        g_test_message ("row %u: %s", i, rows[i].why);
        sc_assert_error (r, rows[i].status, rows[i].code);
        if (rows[i].field != NULL)
          assert_field (r, rows[i].field);
        list = get_ok (f, releases, f->dev);
        g_assert_cmpuint (sc_test_get_length (list, "items"), ==, 3);
      }
  }

  /* unknown workflow */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", "/workflows/wf_nope/releases", f->admin, NULL, NULL);
    g_autoptr(ScTestResponse) l = sc_test_request (f->server, "GET", "/workflows/wf_nope/releases", f->admin, NULL, NULL);

    sc_assert_error (r, 404, "not_found");
    sc_assert_error (l, 404, "not_found");
  }

  /* 304 on the list */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", releases, f->dev, NULL, NULL);
    const char *etag = soup_message_headers_get_one (r->headers, "ETag");
    g_autoptr(ScTestResponse) again = sc_test_request (f->server, "GET", releases, f->dev, NULL, "If-None-Match", etag, NULL);

    sc_assert_status (again, 304);
  }
}

/* --- sharing -------------------------------------------------------------- */

static void
test_sharing_resolution (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = create_workflow (f, f->dev, "Shared", NULL);
  g_autofree char *path = workflow_path (id, NULL);
  g_autofree char *sharing = workflow_path (id, "/sharing");
  g_autofree char *body = NULL;

  /* the defaults */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", sharing, f->viewer, NULL, NULL);
    g_autofree char *quoted = NULL;
    g_autoptr(ScTestResponse) cached = NULL;

    sc_assert_status (r, 200);
    g_assert_cmpstr (sc_test_get_string (r->body, "general_access"), ==, "view");
    g_assert_cmpuint (sc_test_get_length (r->body, "grants"), ==, 0);
    quoted = g_strdup_printf ("\"%s\"", sc_test_get_string (r->body, "etag"));
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, quoted);
    cached = sc_test_request (f->server, "GET", sharing, f->viewer, NULL, "If-None-Match", quoted, NULL);
    sc_assert_status (cached, 304);
  }

  /* an individual view limits dev2 although general access is manage;
   * the grant is given by e-mail, in any case */
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev,
                                               "{\"general_access\": \"manage\", \"grants\": [{\"email\": \"DEV2@acme.test\", \"permission\": \"view\"}]}");
    g_autofree char *etag = NULL;
    g_autoptr(ScTestResponse) edit = NULL;

    sc_assert_status (r, 200);
    g_assert_cmpstr (sc_test_get_string (r->body, "general_access"), ==, "manage");
    g_assert_cmpuint (sc_test_get_length (r->body, "grants"), ==, 1);
    g_assert_cmpstr (sc_test_get_string (r->body, "grants[0].user_id"), ==, f->dev2_id);
    g_assert_cmpstr (sc_test_get_string (r->body, "grants[0].email"), ==, "dev2@acme.test");
    g_assert_cmpstr (sc_test_get_string (r->body, "grants[0].permission"), ==, "view");
    g_assert_cmpuint (sc_test_get_length (r->body, "connections"), ==, 0);

    g_assert_cmpstr (permission_of (f, id, f->dev2), ==, "view");
    g_assert_cmpstr (permission_of (f, id, f->viewer), ==, "manage");
    etag = get_etag (f, path, f->dev2);
    edit = sc_test_request (f->server, "PUT", path, f->dev2,
                            "{\"name\": \"Mine now\", \"trigger\": {\"url\": \"/m\", \"method\": \"GET\"}}",
                            "If-Match", etag, NULL);
    sc_assert_error (edit, 403, "forbidden");
  }

  /* an individual manage survives general access view */
  body = g_strdup_printf ("{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"manage\"}]}",
                          f->dev2_id);
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev, body);

    sc_assert_status (r, 200);
    g_assert_cmpstr (permission_of (f, id, f->dev2), ==, "manage");
    g_assert_cmpstr (permission_of (f, id, f->viewer), ==, "view");
  }

  /* dev2 may share now (manage); general access none hides it from the
   * viewer; the owner and admins keep manage even when "granted" view */
  g_free (body);
  body = g_strdup_printf ("{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"view\"},"
                          " {\"user_id\": \"%s\", \"permission\": \"view\"}, {\"user_id\": \"%s\", \"permission\": \"manage\"}]}",
                          f->dev_id, f->admin_id, f->dev2_id);
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev2, body);

    sc_assert_status (r, 200);
    g_assert_cmpuint (sc_test_get_length (r->body, "grants"), ==, 3);
    g_assert_cmpstr (permission_of (f, id, f->viewer), ==, "invisible");
    g_assert_cmpstr (permission_of (f, id, f->dev), ==, "manage");
    g_assert_cmpstr (permission_of (f, id, f->admin), ==, "manage");
    g_assert_cmpstr (permission_of (f, id, f->dev2), ==, "manage");
  }

  /* an audit event per change, in the workflow's org */
  {
    ScTestServer *db = db_open (f);
    g_autofree char *count = db_text (db, "SELECT COUNT(*) FROM audit_events WHERE action = 'workflow.shared' AND target_id = ?1", id);
    g_autofree char *org = db_text (db, "SELECT org_id FROM audit_events WHERE target_id = ?1", id);
    g_autofree char *actor = db_text (db, "SELECT actor_id FROM audit_events WHERE target_id = ?1 ORDER BY seq DESC", id);

    g_assert_cmpstr (count, ==, "3");
    g_assert_cmpstr (org, ==, f->org_id);
    g_assert_cmpstr (actor, ==, f->dev2_id);
  }
}

static void
test_sharing_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = create_workflow (f, f->dev, "Guarded", NULL);
  g_autofree char *sharing = workflow_path (id, "/sharing");
  g_autofree char *wf_path = workflow_path (id, NULL);
  g_autofree char *outsider_grant = g_strdup_printf ("{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"view\"}]}", f->outsider_id);
  g_autofree char *twice = g_strdup_printf ("{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"view\"}, {\"email\": \"dev2@acme.test\", \"permission\": \"manage\"}]}", f->dev2_id);
  const char *good = "{\"general_access\": \"none\", \"grants\": []}";
  g_autoptr(JsonNode) before = get_ok (f, sharing, f->dev);
  g_autofree char *etag = g_strdup (sc_test_get_string (before, "etag"));
  struct {
    const char *why;
    const char *token;
    const char *if_match; /* "CURRENT" or a literal or NULL */
    const char *body;
    guint       status;
    const char *code;
    const char *field; /* details.fields */
    const char *rule;  /* details.rules, with @field */
  } rows[] = {
    { "no token", NULL, "CURRENT", good, 401, "unauthenticated", NULL, NULL },
    { "not a member", f->outsider, "CURRENT", good, 404, "not_found", NULL, NULL },
    { "view only", f->dev2, "CURRENT", good, 403, "forbidden", NULL, NULL },
    { "no If-Match", f->dev, NULL, good, 412, "precondition_failed", NULL, NULL },
    { "stale If-Match", f->dev, "\"old\"", good, 412, "precondition_failed", NULL, NULL },
    { "the workflow's etag is not the sharing etag", f->dev, "WORKFLOW", good, 412, "precondition_failed", NULL, NULL },
    { "not JSON", f->dev, "CURRENT", "{", 400, "bad_request", NULL, NULL },
    { "grants not an array", f->dev, "CURRENT", "{\"general_access\": \"none\", \"grants\": {}}", 400, "bad_request", NULL, NULL },
    { "a grant not an object", f->dev, "CURRENT", "{\"general_access\": \"none\", \"grants\": [\"x\"]}", 400, "bad_request", NULL, NULL },
    { "grants missing", f->dev, "CURRENT", "{\"general_access\": \"none\"}", 422, "validation_failed", "grants", NULL },
    { "unknown general access", f->dev, "CURRENT", "{\"general_access\": \"everyone\", \"grants\": []}", 422, "validation_failed", "general_access", NULL },
    { "run is for connections", f->dev, "CURRENT", "{\"general_access\": \"view\", \"grants\": [{\"email\": \"dev2@acme.test\", \"permission\": \"run\"}]}", 422, "validation_failed", "grants[0].permission", NULL },
    { "someone outside the org", f->dev, "CURRENT", outsider_grant, 422, "validation_failed", NULL, "membership" },
    { "an e-mail nobody in the org has", f->dev, "CURRENT", "{\"general_access\": \"view\", \"grants\": [{\"email\": \"out@other.test\", \"permission\": \"view\"}]}", 422, "validation_failed", NULL, "membership" },
    { "an unknown user id", f->dev, "CURRENT", "{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"usr_nobody\", \"permission\": \"view\"}]}", 422, "validation_failed", NULL, "membership" },
    { "the same person twice (by id and e-mail)", f->dev, "CURRENT", twice, 422, "validation_failed", "grants[1]", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = NULL;
      g_autoptr(JsonNode) after = NULL;
      g_autofree char *wf_etag = NULL;
      const char *if_match = rows[i].if_match;

      g_test_message ("row %u: %s", i, rows[i].why);
      if (g_strcmp0 (if_match, "CURRENT") == 0)
        if_match = etag;
      else if (g_strcmp0 (if_match, "WORKFLOW") == 0)
        if_match = wf_etag = get_etag (f, wf_path, f->dev);
      if (if_match != NULL)
        r = sc_test_request (f->server, "PUT", sharing, rows[i].token, rows[i].body, "If-Match", if_match, NULL);
      else
        r = sc_test_request (f->server, "PUT", sharing, rows[i].token, rows[i].body, NULL);
      sc_assert_error (r, rows[i].status, rows[i].code);
      if (rows[i].field != NULL && rows[i].rule == NULL)
        assert_field (r, rows[i].field);
      if (rows[i].rule != NULL)
        assert_rule (r, rows[i].rule, "grants[0]");

      after = get_ok (f, sharing, f->dev);
      g_assert_true (json_node_equal (before, after));
    }

  /* GET by a viewer (view) works; no audit was written */
  {
    g_autoptr(JsonNode) seen = get_ok (f, sharing, f->viewer);
    ScTestServer *db = db_open (f);
    g_autofree char *count = db_text (db, "SELECT COUNT(*) FROM audit_events", NULL);

    g_assert_cmpstr (count, ==, "0");
    g_assert_cmpstr (sc_test_get_string (seen, "etag"), ==, etag);
  }
}

static void
test_sharing_connections (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *private_conn = create_connection (f, f->dev, f->org_id, "Private", "slack");
  g_autofree char *open_conn = create_connection (f, f->dev, f->org_id, "Open", "github");
  g_autofree char *extra = g_strdup_printf ("\"connection_ids\": [\"%s\", \"%s\"]", private_conn, open_conn);
  g_autofree char *id = create_workflow (f, f->dev, "Uses both", extra);
  g_autofree char *to_dev2 = g_strdup_printf ("{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"view\"}]}", f->dev2_id);
  g_autofree char *to_admin = g_strdup_printf ("{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"manage\"}]}", f->admin_id);
  g_autofree char *run_dev2 = g_strdup_printf ("{\"general_access\": \"none\", \"grants\": [{\"email\": \"dev2@acme.test\", \"permission\": \"run\"}]}");

  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "connections", open_conn, f->dev,
                                               "{\"general_access\": \"run\", \"grants\": []}");
    sc_assert_status (r, 200);
    g_assert_null (sc_test_get (r->body, "connections"));
  }

  /* sharing a workflow does not share its connections: dev2 may use the
   * open one only (connections sorted by service, then name) */
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev, to_dev2);

    sc_assert_status (r, 200);
    g_assert_cmpuint (sc_test_get_length (r->body, "connections"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[0].id"), ==, open_conn);
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[0].service"), ==, "github");
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[0].name"), ==, "Open");
    g_assert_true (sc_test_get_bool (r->body, "connections[0].shared"));
    g_assert_cmpstr (sc_test_get_string (r->body, "connections[1].id"), ==, private_conn);
    g_assert_false (sc_test_get_bool (r->body, "connections[1].shared"));
  }

  /* the admin may use anything */
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev, to_admin);

    sc_assert_status (r, 200);
    g_assert_true (sc_test_get_bool (r->body, "connections[0].shared"));
    g_assert_true (sc_test_get_bool (r->body, "connections[1].shared"));
  }

  /* share the private connection with dev2: now both are */
  {
    g_autoptr(ScTestResponse) c = put_sharing (f, "connections", private_conn, f->dev, run_dev2);
    g_autoptr(ScTestResponse) r = NULL;

    sc_assert_status (c, 200);
    g_assert_cmpstr (sc_test_get_string (c->body, "grants[0].user_id"), ==, f->dev2_id);
    g_assert_cmpstr (sc_test_get_string (c->body, "grants[0].permission"), ==, "run");
    r = put_sharing (f, "workflows", id, f->dev, to_dev2);
    sc_assert_status (r, 200);
    g_assert_true (sc_test_get_bool (r->body, "connections[0].shared"));
    g_assert_true (sc_test_get_bool (r->body, "connections[1].shared"));
  }

  /* the whole org (general access view) needs the connection's general
   * access too */
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev,
                                               "{\"general_access\": \"view\", \"grants\": []}");

    sc_assert_status (r, 200);
    g_assert_true (sc_test_get_bool (r->body, "connections[0].shared"));
    g_assert_false (sc_test_get_bool (r->body, "connections[1].shared"));
  }
}

/* --- connections ---------------------------------------------------------- */

static void
test_connections (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/connections", f->org_id);
  g_autofree char *id = NULL;
  g_autofree char *second = NULL;

  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->dev,
                                                   "{\"name\": \"Warehouse\", \"service\": \"postgres\", \"secret\": \"hunter2-very-secret\"}",
                                                   NULL);

    sc_assert_status (r, 201);
    id = g_strdup (sc_test_get_string (r->body, "id"));
    g_assert_true (g_str_has_prefix (id, "con_"));
    g_assert_cmpstr (sc_test_get_string (r->body, "name"), ==, "Warehouse");
    g_assert_cmpstr (sc_test_get_string (r->body, "service"), ==, "postgres");
    g_assert_cmpstr (sc_test_get_string (r->body, "permission"), ==, "manage");
    g_assert_null (strstr (r->text, "hunter2"));
  }
  second = create_connection (f, f->admin, f->org_id, "Chat", "slack");

  /* refusals; after them the org still has two connections */
  {
    struct {
      const char *why;
      const char *token;
      const char *body;
      guint       status;
      const char *code;
      const char *field;
    } rows[] = {
      { "no token", NULL, "{\"name\": \"A\", \"service\": \"b\", \"secret\": \"c\"}", 401, "unauthenticated", NULL },
      { "not a member", f->outsider, "{\"name\": \"A\", \"service\": \"b\", \"secret\": \"c\"}", 404, "not_found", NULL },
      { "a viewer", f->viewer, "{\"name\": \"A\", \"service\": \"b\", \"secret\": \"c\"}", 403, "forbidden", NULL },
      { "same service and name", f->dev2, "{\"name\": \"Warehouse\", \"service\": \"postgres\", \"secret\": \"c\"}", 409, "conflict", NULL },
      { "not JSON", f->dev, "x", 400, "bad_request", NULL },
      { "secret of the wrong type", f->dev, "{\"name\": \"A\", \"service\": \"b\", \"secret\": 1}", 400, "bad_request", NULL },
      { "secret missing", f->dev, "{\"name\": \"A\", \"service\": \"b\"}", 422, "validation_failed", "secret" },
      { "blank name", f->dev, "{\"name\": \" \", \"service\": \"b\", \"secret\": \"c\"}", 422, "validation_failed", "name" },
      { "unknown member", f->dev, "{\"name\": \"A\", \"service\": \"b\", \"secret\": \"c\", \"owner\": \"x\"}", 422, "validation_failed", "owner" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, rows[i].token, rows[i].body, NULL);
        g_autoptr(JsonNode) list = NULL;

        g_test_message ("row %u: %s", i, rows[i].why);
        sc_assert_error (r, rows[i].status, rows[i].code);
        if (rows[i].field != NULL)
          assert_field (r, rows[i].field);
        list = get_ok (f, path, f->admin);
        g_assert_cmpuint (sc_test_get_length (list, "items"), ==, 2);
      }
  }

  /* each member sees every connection with their own permission */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->dev2, NULL, NULL);
    g_autoptr(JsonNode) as_dev = get_ok (f, path, f->dev);
    g_autoptr(JsonNode) as_admin = get_ok (f, path, f->admin);

    sc_assert_status (r, 200);
    g_assert_null (strstr (r->text, "secret"));
    g_assert_null (strstr (r->text, "hunter2"));
    g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 2);
    /* newest first */
    g_assert_cmpstr (sc_test_get_string (r->body, "items[0].id"), ==, second);
    g_assert_cmpstr (sc_test_get_string (r->body, "items[0].service"), ==, "slack");
    g_assert_cmpstr (sc_test_get_string (r->body, "items[0].permission"), ==, "none");
    g_assert_cmpstr (sc_test_get_string (r->body, "items[1].permission"), ==, "none");
    g_assert_cmpstr (sc_test_get_string (as_dev, "items[0].permission"), ==, "none");
    g_assert_cmpstr (sc_test_get_string (as_dev, "items[1].permission"), ==, "manage");
    g_assert_cmpstr (sc_test_get_string (as_admin, "items[1].permission"), ==, "manage");
  }

  /* grant over general access: dev2 run by grant, viewer manage by general
   * access */
  {
    g_autofree char *body = g_strdup_printf ("{\"general_access\": \"manage\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"run\"}]}", f->dev2_id);
    g_autoptr(ScTestResponse) r = put_sharing (f, "connections", id, f->dev, body);
    g_autoptr(JsonNode) as_dev2 = get_ok (f, path, f->dev2);
    g_autoptr(JsonNode) as_viewer = get_ok (f, path, f->viewer);

    sc_assert_status (r, 200);
    g_assert_cmpstr (sc_test_get_string (r->body, "general_access"), ==, "manage");
    g_assert_cmpstr (sc_test_get_string (as_dev2, "items[1].permission"), ==, "run");
    g_assert_cmpstr (sc_test_get_string (as_viewer, "items[1].permission"), ==, "manage");
  }

  /* paging, one at a time */
  {
    g_autofree char *first_path = g_strdup_printf ("%s?limit=1", path);
    g_autoptr(JsonNode) first = get_ok (f, first_path, f->dev);
    g_autofree char *next_path = g_strdup_printf ("%s?limit=1&cursor=%s", path, sc_test_get_string (first, "next_cursor"));
    g_autoptr(JsonNode) next = get_ok (f, next_path, f->dev);

    g_assert_cmpstr (sc_test_get_string (first, "items[0].id"), ==, second);
    g_assert_cmpstr (sc_test_get_string (next, "items[0].id"), ==, id);
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (next, "next_cursor")));
  }

  /* list refusals */
  {
    g_autoptr(ScTestResponse) anon = sc_test_request (f->server, "GET", path, NULL, NULL, NULL);
    g_autoptr(ScTestResponse) out = sc_test_request (f->server, "GET", path, f->outsider, NULL, NULL);

    sc_assert_error (anon, 401, "unauthenticated");
    sc_assert_error (out, 404, "not_found");
  }
}

static void
test_connection_sharing (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = create_connection (f, f->dev, f->org_id, "Warehouse", "postgres");
  g_autofree char *sharing = g_strdup_printf ("/connections/%s/sharing", id);
  g_autoptr(JsonNode) before = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *outsider_grant = g_strdup_printf ("{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"run\"}]}", f->outsider_id);
  g_autofree char *give_dev2 = g_strdup_printf ("{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"run\"}]}", f->dev2_id);

  /* run is not enough to see the sharing (manage, per API.md) */
  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "connections", id, f->dev, give_dev2);
    g_autoptr(ScTestResponse) dev2 = sc_test_request (f->server, "GET", sharing, f->dev2, NULL, NULL);
    g_autoptr(ScTestResponse) viewer = sc_test_request (f->server, "GET", sharing, f->viewer, NULL, NULL);
    g_autoptr(ScTestResponse) out = sc_test_request (f->server, "GET", sharing, f->outsider, NULL, NULL);
    g_autoptr(ScTestResponse) unknown = sc_test_request (f->server, "GET", "/connections/con_nope/sharing", f->admin, NULL, NULL);
    g_autoptr(ScTestResponse) anon = sc_test_request (f->server, "GET", sharing, NULL, NULL, NULL);

    sc_assert_status (r, 200);
    sc_assert_error (dev2, 403, "forbidden");
    sc_assert_error (viewer, 403, "forbidden"); /* a member: connections are listed to all members */
    sc_assert_error (out, 404, "not_found");
    sc_assert_error (unknown, 404, "not_found");
    sc_assert_error (anon, 401, "unauthenticated");
  }

  before = get_ok (f, sharing, f->dev);
  etag = g_strdup (sc_test_get_string (before, "etag"));
  g_assert_cmpstr (sc_test_get_string (before, "general_access"), ==, "none");
  g_assert_cmpstr (sc_test_get_string (before, "grants[0].email"), ==, "dev2@acme.test");
  {
    g_autofree char *quoted = g_strdup_printf ("\"%s\"", etag);
    g_autoptr(ScTestResponse) cached = sc_test_request (f->server, "GET", sharing, f->admin, NULL, "If-None-Match", quoted, NULL);
    sc_assert_status (cached, 304);
  }

  {
    struct {
      const char *why;
      const char *token;
      const char *if_match;
      const char *body;
      guint       status;
      const char *code;
      const char *field;
      const char *rule;
    } rows[] = {
      { "run only", f->dev2, etag, "{\"general_access\": \"run\", \"grants\": []}", 403, "forbidden", NULL, NULL },
      { "no If-Match", f->dev, NULL, "{\"general_access\": \"run\", \"grants\": []}", 412, "precondition_failed", NULL, NULL },
      { "stale If-Match", f->dev, "\"x\"", "{\"general_access\": \"run\", \"grants\": []}", 412, "precondition_failed", NULL, NULL },
      { "view is for workflows", f->dev, etag, "{\"general_access\": \"view\", \"grants\": []}", 422, "validation_failed", "general_access", NULL },
      { "view is for workflows (grant)", f->dev, etag, "{\"general_access\": \"run\", \"grants\": [{\"email\": \"dev2@acme.test\", \"permission\": \"view\"}]}", 422, "validation_failed", "grants[0].permission", NULL },
      { "general access of the wrong type", f->dev, etag, "{\"general_access\": true, \"grants\": []}", 400, "bad_request", NULL, NULL },
      { "someone outside the org", f->dev, etag, outsider_grant, 422, "validation_failed", NULL, "membership" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autoptr(ScTestResponse) r = NULL;
        g_autoptr(JsonNode) after = NULL;

        g_test_message ("row %u: %s", i, rows[i].why);
        if (rows[i].if_match != NULL)
          r = sc_test_request (f->server, "PUT", sharing, rows[i].token, rows[i].body, "If-Match", rows[i].if_match, NULL);
        else
          r = sc_test_request (f->server, "PUT", sharing, rows[i].token, rows[i].body, NULL);
        sc_assert_error (r, rows[i].status, rows[i].code);
        if (rows[i].field != NULL)
          assert_field (r, rows[i].field);
        if (rows[i].rule != NULL)
          assert_rule (r, rows[i].rule, "grants[0]");
        after = get_ok (f, sharing, f->dev);
        g_assert_true (json_node_equal (before, after));
      }
  }

  /* the admin changes it; an audit event records it */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", sharing, f->admin,
                                                   "{\"general_access\": \"run\", \"grants\": [{\"email\": \"viewer@acme.test\", \"permission\": \"manage\"}]}",
                                                   "If-Match", etag, NULL);
    ScTestServer *db;
    g_autofree char *action = NULL;

    sc_assert_status (r, 200);
    g_assert_cmpstr (sc_test_get_string (r->body, "general_access"), ==, "run");
    g_assert_cmpstr (sc_test_get_string (r->body, "grants[0].user_id"), ==, f->viewer_id);
    g_assert_cmpstr (sc_test_get_string (r->body, "etag"), !=, etag);
    db = db_open (f);
    action = db_text (db, "SELECT action FROM audit_events WHERE target_id = ?1 ORDER BY seq DESC", id);
    g_assert_cmpstr (action, ==, "connection.shared");
  }
}

#if SC_ENABLE_TEST_HOOKS
static void
test_sharing_atomic (Fixture       *f,
                     gconstpointer  data)
{
  /* the server fails right before committing a sharing change: nothing of
   * it (general access, grants, audit) may remain */
  g_autofree char *id = create_workflow (f, f->dev, "Atomic", NULL);
  g_autofree char *sharing = workflow_path (id, "/sharing");
  g_autoptr(JsonNode) before = get_ok (f, sharing, f->dev);
  g_autofree char *body = g_strdup_printf ("{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"%s\", \"permission\": \"manage\"}]}", f->dev2_id);
  g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev, body);
  g_autoptr(JsonNode) after = get_ok (f, sharing, f->dev);
  ScTestServer *db = db_open (f);
  g_autofree char *count = db_text (db, "SELECT COUNT(*) FROM audit_events", NULL);

  sc_assert_error (r, 500, "internal");
  g_assert_true (json_node_equal (before, after));
  g_assert_cmpstr (count, ==, "0");
}
#endif

/* --- the list's validator ---------------------------------------------------- */

/* A list as one caller last read it. */
typedef struct {
  Fixture    *f;
  char       *path;
  const char *token;
  char       *etag; /* quoted, as the header */
  char       *text;
} Watched;

/* The list's ETag is the hash of its body (data/openapi.yaml), whether the
 * server built the body or kept it from an earlier request. */
static void
assert_body_hash (ScTestResponse *r)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA1, r->text, -1);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", sha);

  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, quoted);
}

/* GET with If-None-Match: 304 when @changed is FALSE; else a 200 with
 * another body and ETag, whose ETag then answers 304 again. */
static void
watched_check (Watched    *w,
               const char *why,
               gboolean    changed)
{
  g_autoptr(ScTestResponse) r = sc_test_request (w->f->server, "GET", w->path, w->token, NULL,
                                                 "If-None-Match", w->etag, NULL);
  g_autoptr(ScTestResponse) again = NULL;
  g_autoptr(ScTestResponse) plain = NULL;

  g_test_message ("%s", why);
  if (!changed)
    {
      sc_assert_status (r, 304);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, w->etag);
      return;
    }

  sc_assert_status (r, 200);
  assert_body_hash (r);
  g_assert_cmpstr (r->text, !=, w->text);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), !=, w->etag);
  g_free (w->etag);
  g_free (w->text);
  w->etag = g_strdup (soup_message_headers_get_one (r->headers, "ETag"));
  w->text = g_strdup (r->text);

  again = sc_test_request (w->f->server, "GET", w->path, w->token, NULL, "If-None-Match", w->etag, NULL);
  sc_assert_status (again, 304);
  /* and without If-None-Match the same body and ETag */
  plain = sc_test_request (w->f->server, "GET", w->path, w->token, NULL, NULL);
  sc_assert_status (plain, 200);
  assert_body_hash (plain);
  g_assert_cmpstr (plain->text, ==, w->text);
}

static void
test_list_validator (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *list = g_strdup_printf ("/orgs/%s/workflows?limit=10", f->org_id);
  g_autofree char *id = create_workflow (f, f->dev, "Watched", NULL);
  g_autofree char *path = workflow_path (id, NULL);
  g_autofree char *releases = workflow_path (id, "/releases");
  g_autofree char *other = NULL;
  g_autofree char *connection = NULL;
  Watched w = { f, list, f->dev2, g_strdup ("\"none\""), g_strdup ("") };

  watched_check (&w, "first read", TRUE);
  watched_check (&w, "nothing written", FALSE);
  watched_check (&w, "nothing written, again", FALSE);

  /* a write elsewhere leaves the body, so its hash, as it was */
  {
    g_autofree char *elsewhere = g_strdup_printf ("/orgs/%s/workflows", f->other_org_id);
    g_autofree char *body = workflow_body (f, "Elsewhere", NULL);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", elsewhere, f->outsider, body, NULL);

    sc_assert_status (r, 201);
  }
  watched_check (&w, "a workflow created in another org", FALSE);

  other = create_workflow (f, f->dev, "Second", NULL);
  watched_check (&w, "a workflow created", TRUE);

  {
    g_autofree char *etag = get_etag (f, path, f->dev);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->dev,
                                                   "{\"name\": \"Watched, renamed\", "
                                                   "\"trigger\": {\"url\": \"/hooks/w\", \"method\": \"GET\"}}",
                                                   "If-Match", etag, NULL);
    sc_assert_status (r, 200);
  }
  watched_check (&w, "a workflow updated", TRUE);

  connection = create_connection (f, f->dev, f->org_id, "Warehouse", "postgres");
  watched_check (&w, "a connection created (no workflow uses it)", FALSE);
  {
    g_autofree char *etag = get_etag (f, path, f->dev);
    g_autofree char *body = g_strdup_printf ("{\"name\": \"Watched, renamed\", "
                                             "\"trigger\": {\"url\": \"/hooks/w\", \"method\": \"GET\"}, "
                                             "\"connection_ids\": [\"%s\"]}", connection);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PUT", path, f->dev, body,
                                                   "If-Match", etag, NULL);
    sc_assert_status (r, 200);
  }
  watched_check (&w, "a connection attached", TRUE);

  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", releases, f->dev, NULL, NULL);

    sc_assert_status (r, 201);
  }
  watched_check (&w, "a release published", TRUE);

  {
    g_autoptr(ScTestResponse) r = put_sharing (f, "workflows", id, f->dev,
                                               "{\"general_access\": \"none\", \"grants\": []}");

    sc_assert_status (r, 200);
  }
  watched_check (&w, "shared with nobody: the caller no longer sees it", TRUE);

  /* another process (the command line) makes the caller an admin */
  g_free (sc_test_server_cli (f->server, NULL, "user", "add", "dev2@acme.test",
                              "--org", f->org_id, "--role", "admin", NULL));
  watched_check (&w, "the caller's role raised by the command line", TRUE);

  /* another connection writes to the database */
  {
    ScTestServer *db = db_open (f);
    g_autofree char *sql = g_strdup_printf ("UPDATE workflows SET description = 'Edited outside' "
                                            "WHERE id = '%s'", other);

    db_exec (db, sql);
  }
  watched_check (&w, "a row changed by another connection", TRUE);

  {
    g_autofree char *other_path = workflow_path (other, NULL);
    g_autofree char *etag = get_etag (f, other_path, f->dev);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "DELETE", other_path, f->dev, NULL,
                                                   "If-Match", etag, NULL);
    sc_assert_status (r, 204);
  }
  watched_check (&w, "a workflow deleted", TRUE);

  /* each caller has its own answer: the viewer does not see "Watched" */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", list, f->viewer, NULL,
                                                   "If-None-Match", w.etag, NULL);

    sc_assert_status (r, 200);
    assert_body_hash (r);
  }

  g_free (w.etag);
  g_free (w.text);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/server/workflows/create", test_create);
  ADD ("/server/workflows/create-refusals", test_create_refusals);
  ADD ("/server/workflows/get-refusals", test_get_refusals);
  ADD ("/server/workflows/update", test_update);
  ADD ("/server/workflows/update-connections", test_update_connections);
  ADD ("/server/workflows/delete", test_delete);
  ADD ("/server/workflows/stage-and-origin", test_stage_and_origin);
  ADD ("/server/workflows/list", test_list);
  ADD ("/server/workflows/list-validator", test_list_validator);
  ADD ("/server/workflows/releases", test_releases);
  ADD ("/server/workflows/sharing-resolution", test_sharing_resolution);
  ADD ("/server/workflows/sharing-refusals", test_sharing_refusals);
  ADD ("/server/workflows/sharing-connections", test_sharing_connections);
  ADD ("/server/workflows/connections", test_connections);
  ADD ("/server/workflows/connection-sharing", test_connection_sharing);
#undef ADD
#if SC_ENABLE_TEST_HOOKS
  g_test_add ("/server/workflows/sharing-atomic", Fixture, "sharing",
              fixture_set_up, test_sharing_atomic, fixture_tear_down);
#endif

  return g_test_run ();
}
