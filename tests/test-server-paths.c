/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-store-paths.h"
#include "sc-test-server.h"

/* Promotion paths over HTTP against the real server.
 *
 * Every case gets the Acme set: Development (dev), Staging (uat),
 * Production (prod), QA (uat), Sandbox (no type) and, apart, Globex (dev).
 * Mappings (through POST /orgs/{org}/mappings): Development → Staging,
 * Staging → Production and Staging → QA (default), QA → Staging (sibling).
 * admin@acme.test administers every Acme org; dev@, reviewer@ and viewer@
 * hold those roles in Development; outsider@ administers Globex only. */

typedef struct {
  ScTestServer *server;
  char         *dev;
  char         *uat;
  char         *prod;
  char         *qa;
  char         *sandbox;
  char         *globex;
  char         *admin;
  char         *admin_id;
  char         *developer;
  char         *reviewer;
  char         *viewer;
  char         *outsider;
} Fixture;

static void
add_mapping (Fixture    *f,
             const char *source,
             const char *target,
             const char *relation)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/mappings", source);
  g_autofree char *body = g_strdup_printf ("{\"target_org_id\":\"%s\",\"relation\":\"%s\"}",
                                           target, relation);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->admin, body, NULL);

  sc_assert_status (r, 201);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *fault = data;

  /* the server reads SC_TEST_FAULT from the environment it starts with */
  if (fault != NULL)
    g_setenv ("SC_TEST_FAULT", fault, TRUE);
  f->server = sc_test_server_start (FALSE, NULL);
  g_unsetenv ("SC_TEST_FAULT");

  f->dev = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->uat = sc_test_server_add_org (f->server, "Acme Staging", "uat");
  f->prod = sc_test_server_add_org (f->server, "Acme Production", "prod");
  f->qa = sc_test_server_add_org (f->server, "Acme QA", "uat");
  f->sandbox = sc_test_server_add_org (f->server, "Acme Sandbox", NULL);
  f->globex = sc_test_server_add_org (f->server, "Globex", "dev");

  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev, "admin", &f->admin_id);
  {
    const char *more[] = { f->uat, f->prod, f->qa, f->sandbox };

    /* one user, one membership per org; the first token serves them all */
    for (guint i = 0; i < G_N_ELEMENTS (more); i++)
      g_free (sc_test_server_add_user (f->server, "admin@acme.test", more[i], "admin", NULL));
  }
  f->developer = sc_test_server_add_user (f->server, "dev@acme.test", f->dev, "developer", NULL);
  f->reviewer = sc_test_server_add_user (f->server, "reviewer@acme.test", f->dev, "reviewer", NULL);
  f->viewer = sc_test_server_add_user (f->server, "viewer@acme.test", f->dev, "viewer", NULL);
  f->outsider = sc_test_server_add_user (f->server, "outsider@globex.test", f->globex, "admin", NULL);

  add_mapping (f, f->dev, f->uat, "default");
  add_mapping (f, f->uat, f->prod, "default");
  add_mapping (f, f->uat, f->qa, "default");
  add_mapping (f, f->qa, f->uat, "sibling");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->dev);
  g_free (f->uat);
  g_free (f->prod);
  g_free (f->qa);
  g_free (f->sandbox);
  g_free (f->globex);
  g_free (f->admin);
  g_free (f->admin_id);
  g_free (f->developer);
  g_free (f->reviewer);
  g_free (f->viewer);
  g_free (f->outsider);
}

/* --- helpers -------------------------------------------------------------- */

/* A body template with $dev $uat $prod $qa $sandbox $globex for org ids. */
static char *
expand (Fixture    *f,
        const char *template)
{
  GString *text = g_string_new (template);

  g_string_replace (text, "$dev", f->dev, 0);
  g_string_replace (text, "$uat", f->uat, 0);
  g_string_replace (text, "$prod", f->prod, 0);
  g_string_replace (text, "$qa", f->qa, 0);
  g_string_replace (text, "$sandbox", f->sandbox, 0);
  g_string_replace (text, "$globex", f->globex, 0);
  return g_string_free (text, FALSE);
}

#define ACME_PIPELINE \
  "{\"name\":\"Production Pipeline\",\"stages\":[" \
  "{\"tag\":\"dev\",\"org_id\":\"$dev\"}," \
  "{\"tag\":\"uat\",\"org_id\":\"$uat\"}," \
  "{\"tag\":\"prod\",\"org_id\":\"$prod\"}]}"

static ScTestResponse *
create_path (Fixture    *f,
             const char *org_id,
             const char *template)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/promotion-paths", org_id);
  g_autofree char *body = expand (f, template);

  return sc_test_request (f->server, "POST", path, f->admin, body, NULL);
}

/* Creates the Acme pipeline in Development and returns the answer's body. */
static JsonNode *
create_pipeline (Fixture *f)
{
  g_autoptr(ScTestResponse) r = create_path (f, f->dev, ACME_PIPELINE);

  sc_assert_status (r, 201);
  return json_node_ref (r->body);
}

static ScTestResponse *
get_path (Fixture    *f,
          const char *token,
          const char *id)
{
  g_autofree char *path = g_strconcat ("/promotion-paths/", id, NULL);

  return sc_test_request (f->server, "GET", path, token, NULL, NULL);
}

/* A write to /promotion-paths/{id} with If-Match @etag (NULL: none). */
static ScTestResponse *
write_path (Fixture    *f,
            const char *method,
            const char *token,
            const char *id,
            const char *etag,
            const char *template)
{
  g_autofree char *path = g_strconcat ("/promotion-paths/", id, NULL);
  g_autofree char *body = template != NULL ? expand (f, template) : NULL;

  if (etag != NULL)
    return sc_test_request (f->server, method, path, token, body, "If-Match", etag, NULL);
  return sc_test_request (f->server, method, path, token, body, NULL);
}

/* After a refused write: the path is still exactly @before. */
static void
assert_unchanged (Fixture  *f,
                  JsonNode *before)
{
  g_autoptr(ScTestResponse) r = get_path (f, f->admin, sc_test_get_string (before, "id"));

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "etag"), ==, sc_test_get_string (before, "etag"));
  g_assert_cmpstr (sc_test_get_string (r->body, "name"), ==, sc_test_get_string (before, "name"));
  g_assert_cmpstr (sc_test_get_string (r->body, "updated_at"), ==,
                   sc_test_get_string (before, "updated_at"));
  g_assert_true (json_node_equal (sc_test_get (r->body, "stages"), sc_test_get (before, "stages")));
}

static gboolean
has_field (JsonNode   *body,
           const char *field)
{
  JsonNode *fields = sc_test_get (body, "error.details.fields");

  for (guint i = 0; fields != NULL && i < json_array_get_length (json_node_get_array (fields)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (fields), i);

      if (g_strcmp0 (sc_test_get_string (item, "field"), field) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A rules entry named @rule; with @field, one that names that field too. */
static gboolean
has_rule (JsonNode   *body,
          const char *rule,
          const char *field)
{
  JsonNode *rules = sc_test_get (body, "error.details.rules");

  for (guint i = 0; rules != NULL && i < json_array_get_length (json_node_get_array (rules)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (rules), i);

      if (g_strcmp0 (sc_test_get_string (item, "rule"), rule) == 0 &&
          (field == NULL || g_strcmp0 (sc_test_get_string (item, "field"), field) == 0))
        return TRUE;
    }
  return FALSE;
}

/* The newest audit event of @org with @action on @target_id (a copy), or
 * NULL. */
static JsonNode *
find_audit (Fixture    *f,
            const char *org,
            const char *action,
            const char *target_id)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/audit?limit=500", org);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);

  sc_assert_status (r, 200);
  for (guint i = 0; i < sc_test_get_length (r->body, "items"); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (sc_test_get (r->body, "items")), i);

      if (g_strcmp0 (sc_test_get_string (item, "action"), action) == 0 &&
          g_strcmp0 (sc_test_get_string (item, "target.id"), target_id) == 0)
        return json_node_copy (item);
    }
  return NULL;
}

static guint
count_audit (Fixture    *f,
             const char *org,
             const char *prefix)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/audit?limit=500", org);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  guint n = 0;

  sc_assert_status (r, 200);
  for (guint i = 0; i < sc_test_get_length (r->body, "items"); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (sc_test_get (r->body, "items")), i);

      if (g_str_has_prefix (sc_test_get_string (item, "action"), prefix))
        n++;
    }
  return n;
}

static guint
count_paths (Fixture    *f,
             const char *org)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/promotion-paths?limit=500", org);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);

  sc_assert_status (r, 200);
  return sc_test_get_length (r->body, "items");
}

/* --- direct database access, for what no endpoint of this helper writes --- */

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

/* The first column of the first row, or NULL (SQL NULL or no row). */
static char *
db_text (ScTestServer *db,
         const char   *sql)
{
  return sc_test_server_db_text (db, sql, NULL);
}

/* A workflow with one release in Development and three approval requests
 * on @path_id: pending (to uat), approved (to prod) and rejected (to
 * uat), as the approvals endpoints would have written them. */
static void
add_requests (Fixture    *f,
              const char *path_id)
{
  ScTestServer *db = db_open (f);
  const char *states[] = { "pending", "approved", "rejected" };
  const char *targets[] = { "uat", "prod", "uat" };
  char *sql;

  sql = g_strdup_printf ("INSERT INTO workflows (id, seq, org_id, name, owner_id, steps, config, "
                         "  trigger_url, trigger_method, tags, sharing_etag, etag, created_at, updated_at) "
                         "VALUES ('wf_test', 900001, '%s', 'Invoices', '%s', '[]', '{}', '/invoices', "
                         "  'POST', '[]', 'e1', 'e1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
                         "INSERT INTO releases (id, workflow_id, version, snapshot, created_by, created_at) "
                         "VALUES ('rel_test', 'wf_test', 1, '{}', '%s', '2026-01-01T00:00:00Z');",
                         f->dev, f->admin_id, f->admin_id);
  db_exec (db, sql);
  g_free (sql);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      sql = g_strdup_printf ("INSERT INTO approval_requests (id, seq, state, workflow_id, release_id, "
                             "  path_id, path_name, source_tag, source_org_id, target_tag, target_org_id, "
                             "  requester_id, required_approvals, created_at, expires_at, updated_at) "
                             "VALUES ('apr_%s', %u, '%s', 'wf_test', 'rel_test', '%s', 'Production Pipeline', "
                             "  'dev', '%s', '%s', '%s', '%s', 1, '2026-01-01T00:00:00Z', "
                             "  '2999-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                             states[i], 900001 + i, states[i], path_id, f->dev, targets[i],
                             i == 1 ? f->prod : f->uat, f->admin_id);
      db_exec (db, sql);
      g_free (sql);
    }

}

static char *
request_column (Fixture    *f,
                const char *request_id,
                const char *column)
{
  ScTestServer *db = db_open (f);
  char *sql = g_strdup_printf ("SELECT %s FROM approval_requests WHERE id = '%s'", column, request_id);
  char *text = db_text (db, sql);

  g_free (sql);
  return text;
}

/* --- cases ---------------------------------------------------------------- */

static void
test_crud (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(ScTestResponse) created = create_path (f, f->dev, ACME_PIPELINE);
  g_autoptr(ScTestResponse) got = NULL;
  g_autoptr(ScTestResponse) cached = NULL;
  g_autoptr(ScTestResponse) second = NULL;
  g_autoptr(ScTestResponse) page1 = NULL;
  g_autoptr(ScTestResponse) page2 = NULL;
  g_autoptr(ScTestResponse) updated = NULL;
  g_autoptr(ScTestResponse) deleted = NULL;
  g_autoptr(ScTestResponse) gone = NULL;
  g_autoptr(JsonNode) audit_created = NULL;
  g_autoptr(JsonNode) audit_updated = NULL;
  g_autoptr(JsonNode) audit_deleted = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *location = NULL;
  g_autofree char *page2_path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *etag = NULL;
  const char *orgs[3] = { f->dev, f->uat, f->prod };
  const char *names[3] = { "Acme Development", "Acme Staging", "Acme Production" };
  const char *tags[3] = { "dev", "uat", "prod" };

  /* create */
  sc_assert_status (created, 201);
  id = g_strdup (sc_test_get_string (created->body, "id"));
  etag = g_strdup (sc_test_get_string (created->body, "etag"));
  g_assert_true (g_str_has_prefix (id, "pth_"));
  g_assert_cmpstr (sc_test_get_string (created->body, "org_id"), ==, f->dev);
  g_assert_cmpstr (sc_test_get_string (created->body, "name"), ==, "Production Pipeline");
  g_assert_nonnull (sc_test_get_string (created->body, "created_at"));
  g_assert_nonnull (sc_test_get_string (created->body, "updated_at"));
  g_assert_cmpuint (sc_test_get_length (created->body, "stages"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *tag = g_strdup_printf ("stages[%u].tag", i);
      g_autofree char *org = g_strdup_printf ("stages[%u].org_id", i);
      g_autofree char *name = g_strdup_printf ("stages[%u].org_name", i);

      g_assert_cmpstr (sc_test_get_string (created->body, tag), ==, tags[i]);
      g_assert_cmpstr (sc_test_get_string (created->body, org), ==, orgs[i]);
      g_assert_cmpstr (sc_test_get_string (created->body, name), ==, names[i]);
    }
  quoted = g_strdup_printf ("\"%s\"", etag);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "ETag"), ==, quoted);
  location = g_strconcat ("/api/v1/promotion-paths/", id, NULL);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "Location"), ==, location);

  audit_created = find_audit (f, f->dev, "path.created", id);
  g_assert_nonnull (audit_created);
  g_assert_cmpstr (sc_test_get_string (audit_created, "actor.email"), ==, "admin@acme.test");
  g_assert_cmpstr (sc_test_get_string (audit_created, "target.type"), ==, "path");
  g_assert_cmpstr (sc_test_get_string (audit_created, "details.name"), ==, "Production Pipeline");
  g_assert_cmpuint (sc_test_get_length (audit_created, "details.stages"), ==, 3);
  g_assert_cmpstr (sc_test_get_string (audit_created, "details.stages[2].tag"), ==, "prod");
  g_assert_cmpstr (sc_test_get_string (audit_created, "details.stages[2].org_id"), ==, f->prod);

  /* get, by any member, and 304 with the etag */
  got = get_path (f, f->viewer, id);
  sc_assert_status (got, 200);
  g_assert_true (json_node_equal (got->body, created->body));
  g_assert_cmpstr (soup_message_headers_get_one (got->headers, "ETag"), ==, quoted);
  {
    g_autofree char *path = g_strconcat ("/promotion-paths/", id, NULL);

    cached = sc_test_request (f->server, "GET", path, f->viewer, NULL, "If-None-Match", quoted, NULL);
    sc_assert_status (cached, 304);
    g_assert_cmpstr (cached->text, ==, "");
  }

  /* list: oldest first, one page at a time */
  second = create_path (f, f->dev,
                        "{\"name\":\"Hotfix\",\"stages\":["
                        "{\"tag\":\"build\",\"org_id\":\"$dev\"},"
                        "{\"tag\":\"test\",\"org_id\":\"$dev\"}]}");
  sc_assert_status (second, 201);
  {
    g_autofree char *path = g_strdup_printf ("/orgs/%s/promotion-paths?limit=1", f->dev);

    page1 = sc_test_request (f->server, "GET", path, f->developer, NULL, NULL);
  }
  sc_assert_status (page1, 200);
  g_assert_cmpuint (sc_test_get_length (page1->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (page1->body, "items[0].id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (page1->body, "items[0].stages[1].org_name"), ==, "Acme Staging");
  g_assert_nonnull (sc_test_get_string (page1->body, "next_cursor"));
  page2_path = g_strdup_printf ("/orgs/%s/promotion-paths?limit=1&cursor=%s", f->dev,
                                sc_test_get_string (page1->body, "next_cursor"));
  page2 = sc_test_request (f->server, "GET", page2_path, f->developer, NULL, NULL);
  sc_assert_status (page2, 200);
  g_assert_cmpuint (sc_test_get_length (page2->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (page2->body, "items[0].name"), ==, "Hotfix");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (page2->body, "next_cursor")));

  /* full replace; a quoted If-Match is accepted */
  updated = write_path (f, "PUT", f->admin, id, quoted,
                        "{\"name\":\"Staging Pipeline\",\"stages\":["
                        "{\"tag\":\"dev\",\"org_id\":\"$dev\"},"
                        "{\"tag\":\"staging\",\"org_id\":\"$uat\"}]}");
  sc_assert_status (updated, 200);
  g_assert_cmpstr (sc_test_get_string (updated->body, "id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (updated->body, "name"), ==, "Staging Pipeline");
  g_assert_cmpstr (sc_test_get_string (updated->body, "etag"), !=, etag);
  g_assert_cmpuint (sc_test_get_length (updated->body, "stages"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (updated->body, "stages[1].tag"), ==, "staging");
  g_assert_cmpstr (sc_test_get_string (updated->body, "created_at"), ==,
                   sc_test_get_string (created->body, "created_at"));
  {
    g_autofree char *new_quoted = g_strdup_printf ("\"%s\"", sc_test_get_string (updated->body, "etag"));
    g_autoptr(ScTestResponse) again = get_path (f, f->admin, id);

    g_assert_cmpstr (soup_message_headers_get_one (updated->headers, "ETag"), ==, new_quoted);
    sc_assert_status (again, 200);
    g_assert_true (json_node_equal (again->body, updated->body));
  }

  audit_updated = find_audit (f, f->dev, "path.updated", id);
  g_assert_nonnull (audit_updated);
  g_assert_cmpstr (sc_test_get_string (audit_updated, "details.name"), ==, "Staging Pipeline");
  g_assert_cmpstr (sc_test_get_string (audit_updated, "details.old_name"), ==, "Production Pipeline");
  g_assert_cmpuint (sc_test_get_length (audit_updated, "details.old_stages"), ==, 3);
  g_assert_cmpuint (sc_test_get_length (audit_updated, "details.stages"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (audit_updated, "details.stages[1].tag"), ==, "staging");

  /* delete, with the bare etag */
  deleted = write_path (f, "DELETE", f->admin, id, sc_test_get_string (updated->body, "etag"), NULL);
  sc_assert_status (deleted, 204);
  g_assert_cmpstr (deleted->text, ==, "");
  gone = get_path (f, f->admin, id);
  sc_assert_error (gone, 404, "not_found");
  g_assert_cmpuint (count_paths (f, f->dev), ==, 1);

  audit_deleted = find_audit (f, f->dev, "path.deleted", id);
  g_assert_nonnull (audit_deleted);
  g_assert_cmpstr (sc_test_get_string (audit_deleted, "details.name"), ==, "Staging Pipeline");
  g_assert_cmpuint (sc_test_get_length (audit_deleted, "details.stages"), ==, 2);
  g_assert_cmpuint (sc_test_get_length (audit_deleted, "details.cancelled_request_ids"), ==, 0);
}

typedef struct {
  const char *why;
  const char *body;   /* template, see expand() */
  guint       status;
  const char *field;  /* a details.fields entry; with @rule, the rule's field */
  const char *rule;   /* a details.rules entry */
  const char *says;   /* nullable: words the error message contains */
} ValidationRow;

static const ValidationRow validation_rows[] = {
  /* --- 422 field problems -------------------------------------------- */
  { "a path needs two stages",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"}]}",
    422, "stages", NULL, "at least two stages" },
  { "no stages at all",
    "{\"name\":\"P\",\"stages\":[]}",
    422, "stages", NULL },
  { "tags are unique regardless of case",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"DEV\",\"org_id\":\"$dev\"}]}",
    422, "stages[1].tag", NULL, "regardless of case" },
  { "a tag starts with a letter or digit",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"-dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    422, "stages[0].tag", NULL },
  { "a tag has no spaces",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"u at\",\"org_id\":\"$uat\"}]}",
    422, "stages[1].tag", NULL },
  { "a tag is at most 32 characters",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},"
    "{\"tag\":\"abcdefghijklmnopqrstuvwxyz0123456\",\"org_id\":\"$uat\"}]}",
    422, "stages[1].tag", NULL },
  { "every stage's org exists",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"org_aaaaaaaaaaaaaaaaaaaa\"}]}",
    422, "stages[1].org_id", NULL },
  { "a path needs a name",
    "{\"name\":\"  \",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    422, "name", NULL },
  { "name is required",
    "{\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    422, "name", NULL },
  { "stages are required",
    "{\"name\":\"P\"}",
    422, "stages", NULL },
  { "a stage needs an org",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\"}]}",
    422, "stages[1].org_id", NULL },
  { "unknown members are refused",
    "{\"name\":\"P\",\"color\":\"red\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    422, "color", NULL },
  { "unknown stage members are refused",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\",\"note\":1},{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    422, "stages[0].note", NULL },

  /* --- 422 governance rules ------------------------------------------ */
  { "a governed edge needs a mapping (Development → QA has none)",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"qa\",\"org_id\":\"$qa\"}]}",
    422, "stages[1].org_id", "mapping" },
  { "a registered org promotes only to registered orgs",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"sandbox\",\"org_id\":\"$sandbox\"}]}",
    422, "stages[1].org_id", "registration" },
  { "no downward move prod → dev",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"prod\",\"org_id\":\"$prod\"},{\"tag\":\"dev\",\"org_id\":\"$dev\"}]}",
    422, "stages[1].org_id", "hierarchy" },
  { "no skipping dev → prod",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"prod\",\"org_id\":\"$prod\"}]}",
    422, "stages[1].org_id", "hierarchy" },
  { "uat → uat between two orgs needs a sibling mapping (Staging → QA is default)",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"staging\",\"org_id\":\"$uat\"},{\"tag\":\"qa\",\"org_id\":\"$qa\"}]}",
    422, "stages[1].org_id", "sibling", "sibling mapping" },
  { "the third stage is judged too (Production → QA)",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"$uat\"},"
    "{\"tag\":\"prod\",\"org_id\":\"$prod\"},{\"tag\":\"qa\",\"org_id\":\"$qa\"}]}",
    422, "stages[3].org_id", "hierarchy" },

  /* --- 400 wrong JSON types ------------------------------------------ */
  { "stages must be an array",
    "{\"name\":\"P\",\"stages\":\"dev,uat\"}",
    400, NULL, NULL },
  { "a tag must be a string",
    "{\"name\":\"P\",\"stages\":[{\"tag\":1,\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    400, NULL, NULL },
  { "the name must be a string",
    "{\"name\":42,\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    400, NULL, NULL },
  { "a stage must be an object",
    "{\"name\":\"P\",\"stages\":[\"dev\",\"uat\"]}",
    400, NULL, NULL },
  { "the body must be JSON",
    "{\"name\":",
    400, NULL, NULL },
  { "the body must be an object",
    "[]",
    400, NULL, NULL },

  /* --- accepted ------------------------------------------------------ */
  { "uat → uat with a sibling mapping (QA → Staging)",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"qa\",\"org_id\":\"$qa\"},{\"tag\":\"staging\",\"org_id\":\"$uat\"}]}",
    201, NULL, NULL },
  { "an unregistered source follows the plain rules: no mapping needed",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"sandbox\",\"org_id\":\"$sandbox\"},{\"tag\":\"prod\",\"org_id\":\"$prod\"}]}",
    201, NULL, NULL },
  { "same-org edges are always allowed",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"build\",\"org_id\":\"$dev\"},{\"tag\":\"test\",\"org_id\":\"$dev\"},"
    "{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
    201, NULL, NULL },
  { "a path's stages need not include its own org",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"uat\",\"org_id\":\"$uat\"},{\"tag\":\"prod\",\"org_id\":\"$prod\"}]}",
    201, NULL, NULL },
  { "tags may use digits, - and _ and be 32 characters long",
    "{\"name\":\"P\",\"stages\":[{\"tag\":\"0-dev_1\",\"org_id\":\"$dev\"},"
    "{\"tag\":\"abcdefghijklmnopqrstuvwxyz012345\",\"org_id\":\"$uat\"}]}",
    201, NULL, NULL },
};

static void
assert_row (const ValidationRow *row,
            ScTestResponse      *r)
{
  if (r->status != row->status)
    g_error ("“%s”: expected HTTP %u, got %u: %s", row->why, row->status, r->status, r->text);

  if (row->status == 400)
    {
      sc_assert_error (r, 400, "bad_request");
    }
  else if (row->status == 422)
    {
      sc_assert_error (r, 422, "validation_failed");
      if (row->rule != NULL && !has_rule (r->body, row->rule, row->field))
        g_error ("“%s”: no rule %s on %s in %s", row->why, row->rule, row->field, r->text);
      if (row->rule == NULL && !has_field (r->body, row->field))
        g_error ("“%s”: no field %s in %s", row->why, row->field, r->text);
      if (row->says != NULL && strstr (r->text, row->says) == NULL)
        g_error ("“%s”: no “%s” in %s", row->why, row->says, r->text);
    }
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) base = create_pipeline (f);
  const char *id = sc_test_get_string (base, "id");
  const char *etag = sc_test_get_string (base, "etag");
  guint n_paths = 1;
  guint n_audit = count_audit (f, f->dev, "path.");

  for (guint i = 0; i < G_N_ELEMENTS (validation_rows); i++)
    {
      const ValidationRow *row = &validation_rows[i];
      g_autoptr(ScTestResponse) created = NULL;
      g_autoptr(ScTestResponse) replaced = NULL;

      g_test_message ("row %u: %s", i, row->why);

      created = create_path (f, f->dev, row->body);
      assert_row (row, created);
      if (row->status == 201)
        {
          n_paths++;
          n_audit++;
          continue;
        }
      g_assert_cmpuint (count_paths (f, f->dev), ==, n_paths);

      /* the same body as a full replace is refused the same way */
      replaced = write_path (f, "PUT", f->admin, id, etag, row->body);
      assert_row (row, replaced);
      assert_unchanged (f, base);
    }

  g_assert_cmpuint (count_paths (f, f->dev), ==, n_paths);
  /* refusals leave no audit trace */
  g_assert_cmpuint (count_audit (f, f->dev, "path."), ==, n_audit);
}

static void
test_validation_messages (Fixture       *f,
                          gconstpointer  data)
{
  /* the message is the first reason, naming the orgs involved */
  g_autoptr(ScTestResponse) r = create_path (f, f->dev,
                                             "{\"name\":\"P\",\"stages\":["
                                             "{\"tag\":\"prod\",\"org_id\":\"$prod\"},"
                                             "{\"tag\":\"dev\",\"org_id\":\"$dev\"}]}");
  const char *message;

  sc_assert_error (r, 422, "validation_failed");
  message = sc_test_get_string (r->body, "error.message");
  g_assert_nonnull (strstr (message, "Acme Production"));
  g_assert_nonnull (strstr (message, "Acme Development"));
  g_assert_nonnull (sc_test_get_string (r->body, "error.details.rules[0].reason"));
}

static void
test_bad_type_message (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = create_path (f, f->dev,
                                             "{\"name\":\"P\",\"stages\":["
                                             "{\"tag\":\"dev\",\"org_id\":\"$dev\"},"
                                             "{\"tag\":7,\"org_id\":\"$uat\"}]}");

  sc_assert_error (r, 400, "bad_request");
  /* the message names the member */
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), "stages[1].tag"));
}

static void
test_permissions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) base = create_pipeline (f);
  const char *id = sc_test_get_string (base, "id");
  const char *etag = sc_test_get_string (base, "etag");
  g_autofree char *list_path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev);
  g_autofree char *body = expand (f, ACME_PIPELINE);
  const char *unknown = "pth_aaaaaaaaaaaaaaaaaaaa";
  /* each row: a caller and what every endpoint answers them */
  struct {
    const char *why;
    const char *token;
    guint       read;   /* GET list and GET one */
    guint       write;  /* POST, PUT, DELETE */
  } rows[] = {
    { "developers read but do not administer", f->developer, 200, 403 },
    { "reviewers read but do not administer", f->reviewer, 200, 403 },
    { "viewers read but do not administer", f->viewer, 200, 403 },
    { "a non-member sees nothing", f->outsider, 404, 404 },
    { "no token", NULL, 401, 401 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) list = NULL;
      g_autoptr(ScTestResponse) one = NULL;
      g_autoptr(ScTestResponse) post = NULL;
      g_autoptr(ScTestResponse) put = NULL;
      g_autoptr(ScTestResponse) del = NULL;
      const char *read_code = rows[i].read == 200 ? NULL : rows[i].read == 404 ? "not_found" : "unauthenticated";
      const char *write_code = rows[i].write == 403 ? "forbidden" : rows[i].write == 404 ? "not_found" : "unauthenticated";

      g_test_message ("row %u: %s", i, rows[i].why);

      list = sc_test_request (f->server, "GET", list_path, rows[i].token, NULL, NULL);
      one = get_path (f, rows[i].token, id);
      if (read_code == NULL)
        {
          sc_assert_status (list, 200);
          g_assert_cmpuint (sc_test_get_length (list->body, "items"), ==, 1);
          sc_assert_status (one, 200);
        }
      else
        {
          sc_assert_error (list, rows[i].read, read_code);
          sc_assert_error (one, rows[i].read, read_code);
        }

      post = sc_test_request (f->server, "POST", list_path, rows[i].token, body, NULL);
      put = write_path (f, "PUT", rows[i].token, id, etag,
                        "{\"name\":\"Taken over\",\"stages\":[{\"tag\":\"a\",\"org_id\":\"$dev\"},"
                        "{\"tag\":\"b\",\"org_id\":\"$dev\"}]}");
      del = write_path (f, "DELETE", rows[i].token, id, etag, NULL);
      sc_assert_error (post, rows[i].write, write_code);
      sc_assert_error (put, rows[i].write, write_code);
      sc_assert_error (del, rows[i].write, write_code);
      if (rows[i].write == 403)
        g_assert_nonnull (strstr (sc_test_get_string (put->body, "error.message"), "Acme Development"));

      assert_unchanged (f, base);
      g_assert_cmpuint (count_paths (f, f->dev), ==, 1);
    }

  /* unknown ids, and an unknown org */
  {
    g_autoptr(ScTestResponse) one = get_path (f, f->admin, unknown);
    g_autoptr(ScTestResponse) put = write_path (f, "PUT", f->admin, unknown, etag, ACME_PIPELINE);
    g_autoptr(ScTestResponse) del = write_path (f, "DELETE", f->admin, unknown, etag, NULL);
    g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", "/orgs/org_aaaaaaaaaaaaaaaaaaaa/promotion-paths",
                                                      f->admin, NULL, NULL);
    g_autoptr(ScTestResponse) post = sc_test_request (f->server, "POST", "/orgs/org_aaaaaaaaaaaaaaaaaaaa/promotion-paths",
                                                      f->admin, body, NULL);

    sc_assert_error (one, 404, "not_found");
    sc_assert_error (put, 404, "not_found");
    sc_assert_error (del, 404, "not_found");
    sc_assert_error (list, 404, "not_found");
    sc_assert_error (post, 404, "not_found");
  }

  /* an admin of another org is no admin here, even of a path whose stages
   * name their org: the path belongs to Development */
  {
    g_autofree char *globex_paths = g_strdup_printf ("/orgs/%s/promotion-paths", f->globex);
    g_autoptr(ScTestResponse) theirs = sc_test_request (f->server, "GET", globex_paths, f->outsider, NULL, NULL);

    sc_assert_status (theirs, 200);
    g_assert_cmpuint (sc_test_get_length (theirs->body, "items"), ==, 0);
  }

  /* refusals leave no audit trace */
  g_assert_cmpuint (count_audit (f, f->dev, "path."), ==, 1);
}

static void
test_preconditions (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) base = create_pipeline (f);
  const char *id = sc_test_get_string (base, "id");
  const char *etag = sc_test_get_string (base, "etag");
  const char *replacement =
    "{\"name\":\"Renamed\",\"stages\":[{\"tag\":\"dev\",\"org_id\":\"$dev\"},"
    "{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}";
  /* each row: an If-Match that must not pass (NULL: none) */
  const char *stale[] = {
    NULL,                 /* missing */
    "\"stale-etag\"",     /* someone else's write */
    "",                   /* empty */
  };

  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autoptr(ScTestResponse) put = write_path (f, "PUT", f->admin, id, stale[i], replacement);
      g_autoptr(ScTestResponse) del = write_path (f, "DELETE", f->admin, id, stale[i], NULL);

      sc_assert_error (put, 412, "precondition_failed");
      sc_assert_error (del, 412, "precondition_failed");
      assert_unchanged (f, base);
    }

  /* after a successful write the old etag is stale */
  {
    g_autoptr(ScTestResponse) first = write_path (f, "PUT", f->admin, id, etag, replacement);
    g_autoptr(ScTestResponse) again = NULL;
    g_autoptr(ScTestResponse) del = NULL;
    g_autoptr(ScTestResponse) cached = NULL;
    g_autoptr(ScTestResponse) fresh = NULL;
    g_autofree char *path = g_strconcat ("/promotion-paths/", id, NULL);
    g_autofree char *old_quoted = g_strdup_printf ("\"%s\"", etag);
    g_autofree char *new_quoted = NULL;

    sc_assert_status (first, 200);
    again = write_path (f, "PUT", f->admin, id, etag, ACME_PIPELINE);
    sc_assert_error (again, 412, "precondition_failed");
    del = write_path (f, "DELETE", f->admin, id, etag, NULL);
    sc_assert_error (del, 412, "precondition_failed");
    assert_unchanged (f, first->body);

    /* If-None-Match: 304 for the current etag, 200 for an old one */
    new_quoted = g_strdup_printf ("\"%s\"", sc_test_get_string (first->body, "etag"));
    cached = sc_test_request (f->server, "GET", path, f->admin, NULL, "If-None-Match", new_quoted, NULL);
    sc_assert_status (cached, 304);
    fresh = sc_test_request (f->server, "GET", path, f->admin, NULL, "If-None-Match", old_quoted, NULL);
    sc_assert_status (fresh, 200);
    g_assert_cmpstr (sc_test_get_string (fresh->body, "name"), ==, "Renamed");
  }

  /* the list answers a body hash as ETag and honours If-None-Match */
  {
    g_autofree char *list_path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev);
    g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", list_path, f->admin, NULL, NULL);
    g_autoptr(ScTestResponse) cached = NULL;
    const char *list_etag = soup_message_headers_get_one (list->headers, "ETag");

    sc_assert_status (list, 200);
    g_assert_nonnull (list_etag);
    cached = sc_test_request (f->server, "GET", list_path, f->admin, NULL, "If-None-Match", list_etag, NULL);
    sc_assert_status (cached, 304);
  }
}

typedef struct {
  SoupMessage *msg;
  gboolean     done;
} Pending;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  g_assert_no_error (error);
  pending->done = TRUE;
}

static gboolean
both_done (gpointer user_data)
{
  Pending *pending = user_data;

  return pending[0].done && pending[1].done;
}

static void
test_concurrent_put (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) base = create_pipeline (f);
  const char *id = sc_test_get_string (base, "id");
  g_autofree char *uri = g_strconcat (f->server->api, "/promotion-paths/", id, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin, NULL);
  g_autoptr(ScTestResponse) after = NULL;
  Pending pending[2] = { { NULL, FALSE }, { NULL, FALSE } };
  const char *names[2] = { "Writer A", "Writer B" };
  guint ok = 0, refused = 0, winner = 0;

  /* both writers read the same etag and send at once */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *template = g_strdup_printf ("{\"name\":\"%s\",\"stages\":["
                                                   "{\"tag\":\"dev\",\"org_id\":\"$dev\"},"
                                                   "{\"tag\":\"uat\",\"org_id\":\"$uat\"}]}",
                                                   names[i]);
      g_autofree char *body = expand (f, template);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      SoupMessageHeaders *headers;

      pending[i].msg = soup_message_new ("PUT", uri);
      headers = soup_message_get_request_headers (pending[i].msg);
      soup_message_headers_replace (headers, "Authorization", bearer);
      soup_message_headers_replace (headers, "If-Match", sc_test_get_string (base, "etag"));
      soup_message_set_request_body_from_bytes (pending[i].msg, "application/json", bytes);
    }
  for (guint i = 0; i < 2; i++)
    soup_session_send_and_read_async (f->server->session, pending[i].msg, G_PRIORITY_DEFAULT,
                                      NULL, sent_cb, &pending[i]);
  sc_test_wait_for (both_done, pending, 30);

  for (guint i = 0; i < 2; i++)
    {
      guint status = soup_message_get_status (pending[i].msg);

      if (status == 200)
        {
          ok++;
          winner = i;
        }
      else if (status == 412)
        refused++;
      else
        g_error ("Unexpected HTTP %u", status);
      g_object_unref (pending[i].msg);
    }
  g_assert_cmpuint (ok, ==, 1);
  g_assert_cmpuint (refused, ==, 1);

  after = get_path (f, f->admin, id);
  sc_assert_status (after, 200);
  g_assert_cmpstr (sc_test_get_string (after->body, "name"), ==, names[winner]);
  g_assert_cmpuint (count_audit (f, f->dev, "path.updated"), ==, 1);
}

static void
test_delete_cancels_requests (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) base = create_pipeline (f);
  const char *id = sc_test_get_string (base, "id");
  g_autoptr(ScTestResponse) deleted = NULL;
  g_autoptr(JsonNode) audit = NULL;
  /* each row: a request, its state after the delete */
  struct {
    const char *id;
    const char *state;
  } rows[] = {
    { "apr_pending", "cancelled" },   /* open: cancelled */
    { "apr_approved", "cancelled" },  /* approved but unused: open, cancelled */
    { "apr_rejected", "rejected" },   /* decided: kept as it was */
  };

  add_requests (f, id);

  deleted = write_path (f, "DELETE", f->admin, id, sc_test_get_string (base, "etag"), NULL);
  sc_assert_status (deleted, 204);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *state = request_column (f, rows[i].id, "state");
      g_autofree char *path_id = request_column (f, rows[i].id, "path_id");
      g_autofree char *path_name = request_column (f, rows[i].id, "path_name");

      g_assert_cmpstr (state, ==, rows[i].state);
      g_assert_null (path_id);
      g_assert_cmpstr (path_name, ==, "Production Pipeline");
    }

  audit = find_audit (f, f->dev, "path.deleted", id);
  g_assert_nonnull (audit);
  g_assert_cmpuint (sc_test_get_length (audit, "details.cancelled_request_ids"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (audit, "details.cancelled_request_ids[0]"), ==, "apr_pending");
  g_assert_cmpstr (sc_test_get_string (audit, "details.cancelled_request_ids[1]"), ==, "apr_approved");
}

/* With a fault injected in the middle of the write (after the path rows,
 * before the audit event), nothing is written. The fixture starts the
 * server with SC_TEST_FAULT = @data. */
static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  const char *fault = data;
  g_autoptr(ScTestResponse) r = NULL;

  if (g_str_equal (fault, "paths.insert"))
    {
      r = create_path (f, f->dev, ACME_PIPELINE);
      sc_assert_error (r, 500, "internal");
      g_assert_cmpuint (count_paths (f, f->dev), ==, 0);
      g_assert_cmpuint (count_audit (f, f->dev, "path."), ==, 0);
      return;
    }
  else
    {
      g_autoptr(JsonNode) base = create_pipeline (f);
      const char *id = sc_test_get_string (base, "id");
      const char *etag = sc_test_get_string (base, "etag");

      add_requests (f, id);
      if (g_str_equal (fault, "paths.replace"))
        r = write_path (f, "PUT", f->admin, id, etag,
                        "{\"name\":\"Renamed\",\"stages\":[{\"tag\":\"a\",\"org_id\":\"$dev\"},"
                        "{\"tag\":\"b\",\"org_id\":\"$dev\"}]}");
      else
        r = write_path (f, "DELETE", f->admin, id, etag, NULL);
      sc_assert_error (r, 500, "internal");
      g_assert_null (strstr (r->text, "SQL"));
      assert_unchanged (f, base);

      {
        g_autofree char *pending = request_column (f, "apr_pending", "state");
        g_autofree char *path_id = request_column (f, "apr_pending", "path_id");

        g_assert_cmpstr (pending, ==, "pending");
        g_assert_cmpstr (path_id, ==, id);
      }
      g_assert_cmpuint (count_audit (f, f->dev, "path."), ==, 1);
    }
}

/* The store functions other route files use, on the server's database. */
static void
test_store_helpers (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) pipeline = create_pipeline (f);
  g_autoptr(ScTestResponse) from_uat = create_path (f, f->dev,
                                                    "{\"name\":\"From staging\",\"stages\":["
                                                    "{\"tag\":\"uat\",\"org_id\":\"$uat\"},"
                                                    "{\"tag\":\"prod\",\"org_id\":\"$prod\"}]}");
  g_autoptr(ScTestResponse) local = create_path (f, f->dev,
                                                 "{\"name\":\"Local\",\"stages\":["
                                                 "{\"tag\":\"build\",\"org_id\":\"$dev\"},"
                                                 "{\"tag\":\"check\",\"org_id\":\"$dev\"}]}");
  g_autoptr(ScTestResponse) owned_by_uat = create_path (f, f->uat,
                                                        "{\"name\":\"Staging out\",\"stages\":["
                                                        "{\"tag\":\"uat\",\"org_id\":\"$uat\"},"
                                                        "{\"tag\":\"prod\",\"org_id\":\"$prod\"}]}");
  g_autoptr(ScStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPathSpec) spec = NULL;
  g_autoptr(ScPathSpec) missing = NULL;
  g_autoptr(JsonArray) starting = NULL;
  g_autoptr(JsonArray) starting_uat = NULL;
  g_autoptr(JsonObject) path = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *name = NULL;
  const char *tags[3] = { "dev", "uat", "prod" };

  sc_assert_status (from_uat, 201);
  sc_assert_status (local, 201);
  sc_assert_status (owned_by_uat, 201);

  store = sc_store_open (f->server->database, &error);
  g_assert_no_error (error);

  spec = sc_store_get_path_spec (store, sc_test_get_string (pipeline, "id"), &org_id, &name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (spec);
  g_assert_cmpstr (org_id, ==, f->dev);
  g_assert_cmpstr (name, ==, "Production Pipeline");
  g_assert_cmpstr (spec->name, ==, "Production Pipeline");
  g_assert_cmpuint (spec->stages->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (((ScStage *) g_ptr_array_index (spec->stages, i))->tag, ==, tags[i]);
  g_assert_cmpstr (((ScStage *) g_ptr_array_index (spec->stages, 2))->org_id, ==, f->prod);

  missing = sc_store_get_path_spec (store, "pth_aaaaaaaaaaaaaaaaaaaa", NULL, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  path = sc_store_get_path (store, sc_test_get_string (pipeline, "id"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (path, "etag"), ==, sc_test_get_string (pipeline, "etag"));

  /* Development's paths that start in Development: not "From staging" */
  starting = sc_store_list_paths_starting_in (store, f->dev, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (starting), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (starting, 0), "name"), ==,
                   "Production Pipeline");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (starting, 1), "name"), ==,
                   "Local");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (starting, 0),
                                                                        "stages")), ==, 3);

  /* Staging's own path, not Development's that starts in Staging */
  starting_uat = sc_store_list_paths_starting_in (store, f->uat, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (starting_uat), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (starting_uat, 0), "id"), ==,
                   sc_test_get_string (owned_by_uat->body, "id"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func, data) \
  g_test_add ("/server/paths/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("crud", test_crud, NULL);
  ADD ("validation", test_validation, NULL);
  ADD ("validation-messages", test_validation_messages, NULL);
  ADD ("bad-type-message", test_bad_type_message, NULL);
  ADD ("permissions", test_permissions, NULL);
  ADD ("preconditions", test_preconditions, NULL);
  ADD ("concurrent-put", test_concurrent_put, NULL);
  ADD ("delete-cancels-requests", test_delete_cancels_requests, NULL);
  ADD ("store-helpers", test_store_helpers, NULL);
  if (SC_ENABLE_TEST_HOOKS)
    {
      ADD ("atomic-create", test_atomic, "paths.insert");
      ADD ("atomic-update", test_atomic, "paths.replace");
      ADD ("atomic-delete", test_atomic, "paths.delete");
    }

#undef ADD

  return g_test_run ();
}
