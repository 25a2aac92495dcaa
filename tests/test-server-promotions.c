/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "sc-json.h"
#include "sc-rules.h"
#include "sc-test-server.h"

/* Promotions, their preview and history, the stages view and rollback,
 * against the real server.
 *
 * Every case starts from the Acme setup, built through the CLI and the
 * HTTP API: Acme Development (dev) → Acme Staging (uat) → Acme Production
 * (prod) with default mappings and a path "Production Pipeline" (dev →
 * stage → prod) owned by Development; admin@ is admin in all three,
 * dev@ a developer in Development and Staging, reviewer@ a reviewer in
 * Staging and Production, viewer@ a viewer in Development, out@ a member
 * of another org only. Development has slack “Alerts” and github “CI”,
 * Staging and Production slack “Alerts” only. dev@ owns the workflow
 * “Order sync” (slack “Alerts”) with one release, v1. The database is read
 * directly to count rows (atomicity, "changes nothing") and to look at what
 * the API does not show. */

typedef struct {
  ScTestServer *server;
  char         *dev_org, *stage_org, *prod_org, *other_org;
  char         *admin, *admin_id;
  char         *dev, *dev_id;
  char         *reviewer, *reviewer_id;
  char         *viewer, *viewer_id;
  char         *outsider, *outsider_id;
  char         *path_id;
  char         *dev_slack, *dev_github, *stage_slack, *prod_slack;
  char         *workflow_id;  /* "Order sync" in Development */
  char         *release1;     /* its v1 */
} Fixture;

static const char order_steps[] =
  "[{\"id\": \"fetch\", \"kind\": \"http\", \"url\": \"https://shop.test/orders\"},"
  " {\"id\": \"store\", \"kind\": \"sql\", \"table\": \"orders\"}]";
static const char order_config[] = "{\"retries\": 3, \"region\": \"eu\"}";

/* --- helpers ------------------------------------------------------------------ */

static ScTestResponse *
call (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      const char *body_format,
      ...) G_GNUC_PRINTF (5, 6);

static ScTestResponse *
call (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      const char *body_format,
      ...)
{
  g_autofree char *body = NULL;
  va_list args;

  if (body_format != NULL)
    {
      va_start (args, body_format);
      body = g_strdup_vprintf (body_format, args);
      va_end (args);
    }
  return sc_test_request (f->server, method, path, token, body, NULL);
}

static char *
created_id (ScTestResponse *r)
{
  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

static char *
create_connection (Fixture    *f,
                   const char *token,
                   const char *org_id,
                   const char *service,
                   const char *name)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/connections", org_id);
  g_autoptr(ScTestResponse) r =
    call (f, "POST", path, token, "{\"name\": \"%s\", \"service\": \"%s\", \"secret\": \"s3cret\"}",
          name, service);

  return created_id (r);
}

/* A workflow in @org_id; @connections is a JSON array of connection ids. */
static char *
create_workflow (Fixture    *f,
                 const char *token,
                 const char *org_id,
                 const char *name,
                 const char *trigger_url,
                 const char *connections)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", org_id);
  g_autoptr(ScTestResponse) r =
    call (f, "POST", path, token,
          "{\"name\": \"%s\", \"description\": \"Copies orders\", \"steps\": %s, "
          "\"config\": %s, \"trigger\": {\"url\": \"%s\", \"method\": \"POST\"}, "
          "\"tags\": [\"billing\"], \"connection_ids\": %s}",
          name, order_steps, order_config, trigger_url, connections);

  return created_id (r);
}

static char *
publish (Fixture    *f,
         const char *token,
         const char *workflow_id)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s/releases", workflow_id);
  g_autoptr(ScTestResponse) r = call (f, "POST", path, token, "{\"notes\": \"release\"}");

  return created_id (r);
}

static JsonNode *
get_ok (Fixture    *f,
        const char *path,
        const char *token)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, token, NULL, NULL);

  sc_assert_status (r, 200);
  return json_node_ref (r->body);
}

static JsonNode *
get_workflow (Fixture    *f,
              const char *workflow_id)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s", workflow_id);

  return get_ok (f, path, f->admin);
}

/* Replaces the draft's steps (PUT with If-Match) and publishes it. */
static char *
edit_and_publish (Fixture    *f,
                  const char *workflow_id,
                  const char *steps,
                  const char *config)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s", workflow_id);
  g_autoptr(JsonNode) workflow = get_ok (f, path, f->dev);
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  body = g_strdup_printf ("{\"name\": \"Order sync\", \"description\": \"Copies orders\", "
                          "\"steps\": %s, \"config\": %s, "
                          "\"trigger\": {\"url\": \"/hooks/orders\", \"method\": \"POST\"}, "
                          "\"tags\": [\"billing\"], \"connection_ids\": [\"%s\"]}",
                          steps, config, f->dev_slack);
  r = sc_test_request (f->server, "PUT", path, f->dev, body,
                       "If-Match", sc_test_get_string (workflow, "etag"), NULL);
  sc_assert_status (r, 200);
  return publish (f, f->dev, workflow_id);
}

/* PATCH the org's approval policy with @policy (a JSON object). */
static void
patch_policy (Fixture    *f,
              const char *org_id,
              const char *policy)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s", org_id);
  g_autoptr(JsonNode) org = get_ok (f, path, f->admin);
  g_autofree char *body = g_strdup_printf ("{\"approval_policy\": %s}", policy);
  g_autoptr(ScTestResponse) r =
    sc_test_request (f->server, "PATCH", path, f->admin, body,
                     "If-Match", sc_test_get_string (org, "etag"), NULL);

  sc_assert_status (r, 200);
}

static ScTestResponse *
promote (Fixture    *f,
         const char *token,
         const char *release_id,
         const char *stage)
{
  return call (f, "POST", "/promotions", token,
               "{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"%s\"}",
               release_id, f->path_id, stage);
}

static ScTestResponse *
preview (Fixture    *f,
         const char *token,
         const char *release_id,
         const char *stage)
{
  return call (f, "POST", "/promotions/preview", token,
               "{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"%s\"}",
               release_id, f->path_id, stage);
}

/* Promotes and expects 201; returns the target workflow's id. */
static char *
promote_ok (Fixture    *f,
            const char *release_id,
            const char *stage)
{
  g_autoptr(ScTestResponse) r = promote (f, f->admin, release_id, stage);

  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "target_workflow_id"));
}

static gboolean
has_rule (JsonNode   *body,
          const char *list_path, /* "error.details.rules" or "refusals" */
          const char *rule)
{
  JsonNode *list = sc_test_get (body, list_path);

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      g_autofree char *item = g_strdup_printf ("%s[%u].rule", list_path, i);

      if (g_strcmp0 (sc_test_get_string (body, item), rule) == 0)
        return TRUE;
    }
  return FALSE;
}

#define assert_rule(resp, rule) \
  G_STMT_START { \
    if (!has_rule ((resp)->body, "error.details.rules", (rule))) \
      g_error ("%s:%d: no rule %s in %s", __FILE__, __LINE__, (rule), (resp)->text); \
  } G_STMT_END

/* A field violation, or a rule violation about that field. */
static gboolean
has_field (JsonNode   *body,
           const char *field)
{
  const char *lists[] = { "error.details.fields", "error.details.rules" };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonNode *list = sc_test_get (body, lists[l]);

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
        {
          g_autofree char *item = g_strdup_printf ("%s[%u].field", lists[l], i);

          if (g_strcmp0 (sc_test_get_string (body, item), field) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/* @template with {A}, {B}, {C} replaced by @a, @b, @c (nullable). */
static char *
expand (const char *template,
        const char *a,
        const char *b,
        const char *c)
{
  GString *text = g_string_new (template);

  g_string_replace (text, "{A}", a != NULL ? a : "", 0);
  g_string_replace (text, "{B}", b != NULL ? b : "", 0);
  g_string_replace (text, "{C}", c != NULL ? c : "", 0);
  return g_string_free (text, FALSE);
}

/* --- the database, read directly ------------------------------------------------ */

static gint64
db_count (Fixture    *f,
          const char *sql,
          const char *param)
{
  return sc_test_server_db_int (f->server, sql, param, NULL);
}

typedef struct {
  gint64 workflows, releases, promotions, audit, events, requests_completed, connections;
} Counts;

static Counts
counts (Fixture *f)
{
  Counts c;

  c.workflows = db_count (f, "SELECT COUNT(*) FROM workflows", NULL);
  c.releases = db_count (f, "SELECT COUNT(*) FROM releases", NULL);
  c.promotions = db_count (f, "SELECT COUNT(*) FROM promotions", NULL);
  c.audit = db_count (f, "SELECT COUNT(*) FROM audit_events", NULL);
  c.events = db_count (f, "SELECT COUNT(*) FROM events", NULL);
  c.requests_completed = db_count (f, "SELECT COUNT(*) FROM approval_requests "
                                      "WHERE state = 'completed'", NULL);
  c.connections = db_count (f, "SELECT COUNT(*) FROM workflow_connections", NULL);
  return c;
}

static void
assert_counts_equal (const Counts *a,
                     const Counts *b)
{
  g_assert_cmpint (a->workflows, ==, b->workflows);
  g_assert_cmpint (a->releases, ==, b->releases);
  g_assert_cmpint (a->promotions, ==, b->promotions);
  g_assert_cmpint (a->audit, ==, b->audit);
  g_assert_cmpint (a->events, ==, b->events);
  g_assert_cmpint (a->requests_completed, ==, b->requests_completed);
  g_assert_cmpint (a->connections, ==, b->connections);
}

static gint64
promoted_flag (Fixture    *f,
               const char *workflow_id)
{
  return db_count (f, "SELECT promoted FROM workflows WHERE id = ?1", workflow_id);
}

/* The newest history record of the source workflow must be a failed one
 * with @rule as its error code, and promotion.failed must be audited. */
static void
assert_last_failed (Fixture    *f,
                    const char *rule)
{
  g_autofree char *path = g_strdup_printf ("/promotions?workflow_id=%s&limit=1", f->workflow_id);
  g_autoptr(JsonNode) page = get_ok (f, path, f->admin);

  g_assert_cmpstr (sc_test_get_string (page, "items[0].outcome"), ==, "failed");
  g_assert_cmpstr (sc_test_get_string (page, "items[0].error.code"), ==, rule);
  g_assert_nonnull (sc_test_get_string (page, "items[0].error.message"));
  if (sc_rules_refusal_summary (rule) != NULL)
    g_assert_cmpstr (sc_test_get_string (page, "items[0].error.message"), ==,
                     sc_rules_refusal_summary (rule));
  g_assert_null (sc_test_get_string (page, "items[0].target_workflow_id"));
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events "
                                "WHERE action = 'promotion.failed' AND target_id = ?1",
                             sc_test_get_string (page, "items[0].id")), ==, 1);
  /* stored as facts: the rule, no sentence in the server's language */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions "
                                "WHERE id = ?1 AND error_code IS NOT NULL AND error_message IS NULL",
                             sc_test_get_string (page, "items[0].id")), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events "
                                "WHERE action = 'promotion.failed' AND target_id = ?1 "
                                "AND details LIKE '%reason%'",
                             sc_test_get_string (page, "items[0].id")), ==, 0);
}

/* --- fixture ------------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *connections = NULL;
  g_autofree char *token = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  /* a case may ask for a fault point in the server (test hooks) */
  if (data != NULL)
    g_setenv ("SC_TEST_FAULT", data, TRUE);
  f->server = sc_test_server_start (FALSE, NULL);
  g_unsetenv ("SC_TEST_FAULT");

  f->dev_org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->stage_org = sc_test_server_add_org (f->server, "Acme Staging", "uat");
  f->prod_org = sc_test_server_add_org (f->server, "Acme Production", "prod");
  f->other_org = sc_test_server_add_org (f->server, "Other Org", "dev");

  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev_org, "admin", &f->admin_id);
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->stage_org, "admin", NULL));
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->prod_org, "admin", NULL));
  f->dev = sc_test_server_add_user (f->server, "dev@acme.test", f->dev_org, "developer", &f->dev_id);
  g_free (sc_test_server_add_user (f->server, "dev@acme.test", f->stage_org, "developer", NULL));
  f->reviewer = sc_test_server_add_user (f->server, "reviewer@acme.test", f->stage_org, "reviewer",
                                         &f->reviewer_id);
  g_free (sc_test_server_add_user (f->server, "reviewer@acme.test", f->prod_org, "reviewer", NULL));
  f->viewer = sc_test_server_add_user (f->server, "viewer@acme.test", f->dev_org, "viewer",
                                       &f->viewer_id);
  f->outsider = sc_test_server_add_user (f->server, "out@other.test", f->other_org, "developer",
                                         &f->outsider_id);

  /* mappings dev → staging → production */
  path = g_strdup_printf ("/orgs/%s/mappings", f->dev_org);
  r = call (f, "POST", path, f->admin, "{\"target_org_id\": \"%s\", \"relation\": \"default\"}",
            f->stage_org);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);
  g_free (path);
  path = g_strdup_printf ("/orgs/%s/mappings", f->stage_org);
  r = call (f, "POST", path, f->admin, "{\"target_org_id\": \"%s\", \"relation\": \"default\"}",
            f->prod_org);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);

  /* the path */
  g_free (path);
  path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  r = call (f, "POST", path, f->admin,
            "{\"name\": \"Production Pipeline\", \"stages\": ["
            "{\"tag\": \"dev\", \"org_id\": \"%s\"}, {\"tag\": \"stage\", \"org_id\": \"%s\"}, "
            "{\"tag\": \"prod\", \"org_id\": \"%s\"}]}",
            f->dev_org, f->stage_org, f->prod_org);
  f->path_id = created_id (r);

  /* connections */
  f->dev_slack = create_connection (f, f->dev, f->dev_org, "slack", "Alerts");
  f->dev_github = create_connection (f, f->dev, f->dev_org, "github", "CI");
  f->stage_slack = create_connection (f, f->admin, f->stage_org, "slack", "Alerts");
  f->prod_slack = create_connection (f, f->admin, f->prod_org, "slack", "Alerts");

  /* the workflow and its first release */
  connections = g_strdup_printf ("[\"%s\"]", f->dev_slack);
  f->workflow_id = create_workflow (f, f->dev, f->dev_org, "Order sync", "/hooks/orders",
                                    connections);
  f->release1 = publish (f, f->dev, f->workflow_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->dev_org);
  g_free (f->stage_org);
  g_free (f->prod_org);
  g_free (f->other_org);
  g_free (f->admin);
  g_free (f->admin_id);
  g_free (f->dev);
  g_free (f->dev_id);
  g_free (f->reviewer);
  g_free (f->reviewer_id);
  g_free (f->viewer);
  g_free (f->viewer_id);
  g_free (f->outsider);
  g_free (f->outsider_id);
  g_free (f->path_id);
  g_free (f->dev_slack);
  g_free (f->dev_github);
  g_free (f->stage_slack);
  g_free (f->prod_slack);
  g_free (f->workflow_id);
  g_free (f->release1);
}

/* --- promoting -------------------------------------------------------------------- */

static void
test_first_promotion (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) events = NULL;
  g_autoptr(JsonNode) source = NULL;
  g_autoptr(JsonNode) target = NULL;
  g_autoptr(JsonNode) releases = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(JsonNode) expected_steps = json_from_string (order_steps, NULL);
  g_autoptr(JsonNode) expected_config = json_from_string (order_config, NULL);
  g_autofree char *path = NULL;
  g_autofree char *cursor = NULL;
  const char *target_id;

  /* the events feed's cursor before */
  events = sc_test_request (f->server, "GET", "/events", f->admin, NULL, NULL);
  sc_assert_status (events, 200);
  cursor = g_strdup (sc_test_get_string (events->body, "next_cursor"));
  g_clear_pointer (&events, sc_test_response_free);

  g_assert_cmpint (promoted_flag (f, f->workflow_id), ==, 0);

  r = promote (f, f->admin, f->release1, "stage");
  sc_assert_status (r, 201);
  g_assert_true (g_str_has_prefix (sc_test_get_string (r->body, "id"), "prm_"));
  g_assert_cmpstr (sc_test_get_string (r->body, "kind"), ==, "promote");
  g_assert_cmpstr (sc_test_get_string (r->body, "release.id"), ==, f->release1);
  g_assert_cmpint (sc_test_get_int (r->body, "release.version"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "workflow_id"), ==, f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "path_id"), ==, f->path_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "source.tag"), ==, "dev");
  g_assert_cmpstr (sc_test_get_string (r->body, "source.org_id"), ==, f->dev_org);
  g_assert_cmpstr (sc_test_get_string (r->body, "target.tag"), ==, "stage");
  g_assert_cmpstr (sc_test_get_string (r->body, "target.org_id"), ==, f->stage_org);
  g_assert_true (sc_test_get_bool (r->body, "created_new"));
  g_assert_cmpstr (sc_test_get_string (r->body, "actor.id"), ==, f->admin_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "actor.email"), ==, "admin@acme.test");
  g_assert_cmpstr (sc_test_get_string (r->body, "outcome"), ==, "succeeded");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "error")));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "reason")));
  g_assert_nonnull (sc_test_get_string (r->body, "at"));
  target_id = sc_test_get_string (r->body, "target_workflow_id");
  g_assert_nonnull (target_id);
  g_assert_cmpstr (target_id, !=, f->workflow_id);

  /* the copy: same content, no tags, the target's own connection, origin */
  target = get_workflow (f, target_id);
  g_assert_cmpstr (sc_test_get_string (target, "org_id"), ==, f->stage_org);
  g_assert_cmpstr (sc_test_get_string (target, "name"), ==, "Order sync");
  g_assert_cmpstr (sc_test_get_string (target, "description"), ==, "Copies orders");
  g_assert_true (json_node_equal (sc_test_get (target, "steps"), expected_steps));
  g_assert_true (json_node_equal (sc_test_get (target, "config"), expected_config));
  g_assert_cmpstr (sc_test_get_string (target, "trigger.url"), ==, "/hooks/orders");
  g_assert_cmpstr (sc_test_get_string (target, "trigger.method"), ==, "POST");
  g_assert_cmpuint (sc_test_get_length (target, "tags"), ==, 0);
  g_assert_cmpuint (sc_test_get_length (target, "connections"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (target, "connections[0].id"), ==, f->stage_slack);
  g_assert_cmpstr (sc_test_get_string (target, "owner.id"), ==, f->admin_id);
  g_assert_cmpstr (sc_test_get_string (target, "origin.workflow_id"), ==, f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (target, "origin.org_id"), ==, f->dev_org);
  g_assert_cmpstr (sc_test_get_string (target, "origin.path_id"), ==, f->path_id);
  g_assert_cmpstr (sc_test_get_string (target, "origin.stage"), ==, "stage");
  g_assert_cmpint (sc_test_get_int (target, "latest_release.version"), ==, 1);
  g_assert_false (sc_test_get_bool (target, "promoted"));

  /* its release v1, noted, made from the source release */
  path = g_strdup_printf ("/workflows/%s/releases", target_id);
  releases = get_ok (f, path, f->admin);
  g_assert_cmpuint (sc_test_get_length (releases, "items"), ==, 1);
  /* facts, not a sentence in the server's language */
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].notes"), ==, "");
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].origin.kind"), ==, "promotion");
  g_assert_cmpint (sc_test_get_int (releases, "items[0].origin.version"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].origin.org.name"), ==,
                   "Acme Development");
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].origin.stage"), ==, "dev");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM releases WHERE workflow_id = ?1 "
                                "AND source_release_id IS NOT NULL", target_id), ==, 1);

  /* the badge on the source */
  source = get_workflow (f, f->workflow_id);
  g_assert_true (sc_test_get_bool (source, "promoted"));
  g_assert_cmpuint (sc_test_get_length (source, "tags"), ==, 1);

  /* the history, from both ends */
  g_free (path);
  path = g_strdup_printf ("/promotions?workflow_id=%s", f->workflow_id);
  history = get_ok (f, path, f->dev);
  g_assert_cmpuint (sc_test_get_length (history, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (history, "items[0].id"), ==, sc_test_get_string (r->body, "id"));
  g_clear_pointer (&history, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/promotions?workflow_id=%s", target_id);
  history = get_ok (f, path, f->admin);
  g_assert_cmpuint (sc_test_get_length (history, "items"), ==, 1);

  /* audit in both orgs, the event to the actor */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action = 'promotion.succeeded'",
                             NULL), ==, 2);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action = 'promotion.succeeded' "
                                "AND org_id = ?1", f->stage_org), ==, 1);
  g_free (path);
  path = g_strdup_printf ("/events?since=%s&timeout=0", cursor);
  events = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  sc_assert_status (events, 200);
  g_assert_cmpuint (sc_test_get_length (events->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (events->body, "items[0].kind"), ==, "promotion_completed");
  g_assert_cmpstr (sc_test_get_string (events->body, "items[0].data.target_workflow_id"), ==, target_id);
}

static void
test_second_promotion (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *first_target = promote_ok (f, f->release1, "stage");
  g_autofree char *release2 = NULL;
  g_autofree char *second_target = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(JsonNode) target = NULL;
  g_autoptr(JsonNode) releases = NULL;
  g_autoptr(JsonNode) expected_steps = NULL;
  gint64 workflows_in_staging;
  static const char new_steps[] =
    "[{\"id\": \"fetch\", \"kind\": \"http\", \"url\": \"https://shop.test/v2/orders\"},"
    " {\"id\": \"store\", \"kind\": \"sql\", \"table\": \"orders\"},"
    " {\"id\": \"notify\", \"kind\": \"slack\"}]";

  workflows_in_staging = db_count (f, "SELECT COUNT(*) FROM workflows WHERE org_id = ?1", f->stage_org);
  release2 = edit_and_publish (f, f->workflow_id, new_steps, "{\"retries\": 5, \"region\": \"eu\"}");

  /* the preview says what changes in the existing copy */
  r = preview (f, f->admin, release2, "stage");
  sc_assert_status (r, 200);
  g_assert_true (sc_test_get_bool (r->body, "allowed"));
  g_assert_false (sc_test_get_bool (r->body, "creates_new"));
  g_assert_cmpstr (sc_test_get_string (r->body, "target_workflow_id"), ==, first_target);
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.steps.added[0]"), ==, "notify");
  g_assert_cmpuint (sc_test_get_length (r->body, "diff.steps.added"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.steps.changed[0]"), ==, "fetch");
  g_assert_cmpuint (sc_test_get_length (r->body, "diff.steps.changed"), ==, 1);
  g_assert_cmpuint (sc_test_get_length (r->body, "diff.steps.removed"), ==, 0);
  g_assert_cmpuint (sc_test_get_length (r->body, "diff.config"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.config[0].key"), ==, "retries");
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.config[0].change"), ==, "changed");
  g_assert_cmpint (sc_test_get_int (r->body, "diff.config[0].from"), ==, 3);
  g_assert_cmpint (sc_test_get_int (r->body, "diff.config[0].to"), ==, 5);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "diff.trigger")));
  g_clear_pointer (&r, sc_test_response_free);

  r = promote (f, f->admin, release2, "stage");
  sc_assert_status (r, 201);
  g_assert_false (sc_test_get_bool (r->body, "created_new"));
  g_assert_cmpint (sc_test_get_int (r->body, "release.version"), ==, 2);
  second_target = g_strdup (sc_test_get_string (r->body, "target_workflow_id"));
  g_assert_cmpstr (second_target, ==, first_target);

  /* no new workflow; v2 published there with the new content */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM workflows WHERE org_id = ?1", f->stage_org), ==,
                   workflows_in_staging);
  target = get_workflow (f, first_target);
  g_assert_cmpint (sc_test_get_int (target, "latest_release.version"), ==, 2);
  expected_steps = json_from_string (new_steps, NULL);
  g_assert_true (json_node_equal (sc_test_get (target, "steps"), expected_steps));
  g_assert_cmpint (sc_test_get_int (target, "config.retries"), ==, 5);
  path = g_strdup_printf ("/workflows/%s/releases", first_target);
  releases = get_ok (f, path, f->admin);
  g_assert_cmpuint (sc_test_get_length (releases, "items"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].notes"), ==, "");
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].origin.kind"), ==, "promotion");
  g_assert_cmpint (sc_test_get_int (releases, "items[0].origin.version"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (releases, "items[1].origin.kind"), ==, "promotion");
  g_assert_cmpint (sc_test_get_int (releases, "items[1].origin.version"), ==, 1);
}

static void
test_adopt_by_trigger (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *existing = NULL;
  g_autofree char *connections = g_strdup_printf ("[\"%s\"]", f->stage_slack);
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(JsonNode) target = NULL;
  gint64 workflows;

  /* Staging already has a hand-made workflow on the same trigger */
  existing = create_workflow (f, f->admin, f->stage_org, "Orders (manual)", "/hooks/orders",
                              connections);
  workflows = db_count (f, "SELECT COUNT(*) FROM workflows", NULL);

  r = preview (f, f->admin, f->release1, "stage");
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "creates_new"));
  g_assert_cmpstr (sc_test_get_string (r->body, "target_workflow_id"), ==, existing);
  g_clear_pointer (&r, sc_test_response_free);

  r = promote (f, f->admin, f->release1, "stage");
  sc_assert_status (r, 201);
  g_assert_false (sc_test_get_bool (r->body, "created_new"));
  g_assert_cmpstr (sc_test_get_string (r->body, "target_workflow_id"), ==, existing);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM workflows", NULL), ==, workflows);

  /* it takes the content and the link; its own tags stay */
  target = get_workflow (f, existing);
  g_assert_cmpstr (sc_test_get_string (target, "name"), ==, "Order sync");
  g_assert_cmpstr (sc_test_get_string (target, "origin.workflow_id"), ==, f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (target, "origin.stage"), ==, "stage");
  g_assert_cmpstr (sc_test_get_string (target, "tags[0]"), ==, "billing");
  g_assert_cmpint (sc_test_get_int (target, "latest_release.version"), ==, 1);
}

static void
test_already_promoted (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *target = promote_ok (f, f->release1, "stage");
  g_autoptr(ScTestResponse) r = NULL;
  Counts before = counts (f);
  Counts after;

  r = promote (f, f->admin, f->release1, "STAGE"); /* tags compare case-insensitively */
  sc_assert_error (r, 409, "conflict");
  assert_rule (r, "already_promoted");
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), "stage"));
  assert_last_failed (f, "already_promoted");

  /* one failed row and its audit event, nothing else */
  after = counts (f);
  g_assert_cmpint (after.promotions, ==, before.promotions + 1);
  g_assert_cmpint (after.audit, ==, before.audit + 1);
  g_assert_cmpint (after.workflows, ==, before.workflows);
  g_assert_cmpint (after.releases, ==, before.releases);
}

/* Refusals by the rules, one row each: who asks, for which stage, what the
 * server answers, which rule, and why the row is here. */
typedef struct {
  const char *name;
  const char *who;     /* "admin" "dev" "viewer" */
  const char *stage;
  guint       status;
  const char *code;
  const char *rule;
} RefusalCase;

static const RefusalCase refusal_cases[] = {
  /* one stage at a time: dev → prod skips stage (and the edge is not mapped) */
  { "skip-stage", "admin", "prod", 422, "validation_failed", "next_stage" },
  /* a stage the path does not have */
  { "no-such-stage", "admin", "qa", 422, "validation_failed", "stage" },
  /* ... also for a developer: no target org, so no role refusal (403) */
  { "no-such-stage-developer", "dev", "qa", 422, "validation_failed", "stage" },
  /* the workflow cannot be promoted to the stage it is at */
  { "same-stage", "admin", "dev", 422, "validation_failed", "next_stage" },
  /* dev@ manages the source but is only a developer in Staging */
  { "target-permission", "dev", "stage", 403, "forbidden", "target_permission" },
  /* viewer@ may see the source but not manage it */
  { "source-permission", "viewer", "stage", 403, "forbidden", "source_permission" },
};

static const char *
token_of (Fixture    *f,
          const char *who)
{
  if (g_str_equal (who, "admin"))
    return f->admin;
  if (g_str_equal (who, "dev"))
    return f->dev;
  if (g_str_equal (who, "viewer"))
    return f->viewer;
  g_assert_not_reached ();
}

static void
test_rule_refusals (Fixture       *f,
                    gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusal_cases); i++)
    {
      const RefusalCase *c = &refusal_cases[i];
      g_autoptr(ScTestResponse) r = NULL;
      g_autoptr(ScTestResponse) p = NULL;
      Counts before = counts (f);
      Counts after;

      g_test_message ("case %s", c->name);
      r = promote (f, token_of (f, c->who), f->release1, c->stage);
      sc_assert_error (r, c->status, c->code);
      assert_rule (r, c->rule);
      assert_last_failed (f, c->rule);

      after = counts (f);
      g_assert_cmpint (after.promotions, ==, before.promotions + 1);
      g_assert_cmpint (after.workflows, ==, before.workflows);
      g_assert_cmpint (after.releases, ==, before.releases);
      g_assert_cmpint (promoted_flag (f, f->workflow_id), ==, 0);

      /* the preview gives the same verdict and records nothing */
      p = preview (f, token_of (f, c->who), f->release1, c->stage);
      sc_assert_status (p, 200);
      g_assert_false (sc_test_get_bool (p->body, "allowed"));
      g_assert_true (has_rule (p->body, "refusals", c->rule));
      g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions", NULL), ==, after.promotions);
    }
}

static void
test_skip_stage_message (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = promote (f, f->admin, f->release1, "prod");

  sc_assert_error (r, 422, "validation_failed");
  /* the message names where the workflow may go instead */
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), "“stage”"));
  g_assert_cmpstr (sc_test_get_string (r->body, "error.details.rules[0].rule"), ==, "next_stage");
}

static void
test_approval_required (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  Counts before;

  patch_policy (f, f->stage_org, "{\"enabled\": true, \"reviewer_roles\": [\"admin\", \"reviewer\"]}");

  /* even an admin of Staging needs an approved request */
  r = promote (f, f->admin, f->release1, "stage");
  sc_assert_error (r, 403, "forbidden");
  assert_rule (r, "approval_required");
  g_assert_false (has_rule (r->body, "error.details.rules", "target_permission"));
  assert_last_failed (f, "approval_required");
  g_clear_pointer (&r, sc_test_response_free);

  r = preview (f, f->admin, f->release1, "stage");
  sc_assert_status (r, 200);
  g_assert_true (sc_test_get_bool (r->body, "requires_approval"));
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_clear_pointer (&r, sc_test_response_free);

  /* dev@ asks, reviewer@ approves */
  r = call (f, "POST", "/approval-requests", f->dev,
            "{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\", "
            "\"message\": \"Please\"}", f->release1, f->path_id);
  request_id = created_id (r);
  g_clear_pointer (&r, sc_test_response_free);

  /* a pending request is not usable, named or not */
  r = call (f, "POST", "/promotions", f->dev,
            "{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\", "
            "\"approval_request_id\": \"%s\"}", f->release1, f->path_id, request_id);
  sc_assert_error (r, 422, "validation_failed");
  assert_rule (r, "approval_required");
  g_assert_true (has_field (r->body, "approval_request_id"));
  g_clear_pointer (&r, sc_test_response_free);

  path = g_strdup_printf ("/approval-requests/%s/decisions", request_id);
  r = call (f, "POST", path, f->reviewer, "{\"decision\": \"approve\", \"comment\": \"ok\"}");
  g_assert_cmpuint (r->status, <, 300);
  g_clear_pointer (&r, sc_test_response_free);

  /* someone else's request is refused by name */
  r = call (f, "POST", "/promotions", f->admin,
            "{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\", "
            "\"approval_request_id\": \"%s\"}", f->release1, f->path_id, request_id);
  sc_assert_error (r, 422, "validation_failed");
  g_assert_true (has_field (r->body, "approval_request_id"));
  g_clear_pointer (&r, sc_test_response_free);

  /* the requester completes it (a developer in Staging: approval replaces
   * the admin requirement) */
  before = counts (f);
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\", "
                          "\"approval_request_id\": \"%s\"}", f->release1, f->path_id, request_id);
  r = sc_test_request (f->server, "POST", "/promotions", f->dev, body, NULL);
  sc_assert_status (r, 201);
  g_assert_cmpstr (sc_test_get_string (r->body, "actor.id"), ==, f->dev_id);
  g_assert_cmpint (counts (f).requests_completed, ==, before.requests_completed + 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM approval_requests WHERE id = ?1 "
                                "AND state = 'completed'", request_id), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions WHERE approval_request_id = ?1",
                             request_id), ==, 1);
  g_clear_pointer (&r, sc_test_response_free);

  /* used once: a newer release needs a new request */
  {
    g_autofree char *release2 =
      edit_and_publish (f, f->workflow_id, "[{\"name\": \"a\"}, {\"kind\": \"x\"}]", "{}");

    r = promote (f, f->dev, release2, "stage");
    sc_assert_error (r, 403, "forbidden");
    assert_rule (r, "approval_required");
    g_clear_pointer (&r, sc_test_response_free);

    /* steps without an id match by name, else by position */
    r = preview (f, f->dev, release2, "stage");
    sc_assert_status (r, 200);
    g_assert_cmpuint (sc_test_get_length (r->body, "diff.steps.added"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (r->body, "diff.steps.added[0]"), ==, "a");
    g_assert_cmpstr (sc_test_get_string (r->body, "diff.steps.added[1]"), ==, "#2");
    g_assert_cmpuint (sc_test_get_length (r->body, "diff.steps.removed"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (r->body, "diff.steps.removed[0]"), ==, "fetch");
    g_assert_cmpuint (sc_test_get_length (r->body, "diff.config"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (r->body, "diff.config[0].change"), ==, "removed");
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "diff.config[0].to")));
    g_assert_true (sc_test_get_bool (r->body, "requires_approval"));
  }
}

static void
test_frozen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  Counts before;

  patch_policy (f, f->stage_org, "{\"freeze\": {\"active\": true, \"reason\": \"Quarter close\"}}");
  before = counts (f);

  r = promote (f, f->admin, f->release1, "stage");
  sc_assert_error (r, 409, "conflict");
  assert_rule (r, "frozen");
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), "Quarter close"));
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), "Acme Staging"));
  assert_last_failed (f, "frozen");
  g_assert_cmpint (counts (f).workflows, ==, before.workflows);
  g_assert_cmpint (counts (f).releases, ==, before.releases);
  g_clear_pointer (&r, sc_test_response_free);

  /* a freeze that ended is no freeze */
  patch_policy (f, f->stage_org,
                "{\"freeze\": {\"active\": true, \"from\": \"2020-01-01T00:00:00Z\", "
                "\"until\": \"2020-02-01T00:00:00Z\", \"reason\": \"Old\"}}");
  r = promote (f, f->admin, f->release1, "stage");
  sc_assert_status (r, 201);
}

static void
test_missing_connection (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *connections = g_strdup_printf ("[\"%s\", \"%s\"]", f->dev_slack, f->dev_github);
  g_autofree char *workflow = create_workflow (f, f->dev, f->dev_org, "CI bridge", "/hooks/ci",
                                               connections);
  g_autofree char *release = publish (f, f->dev, workflow);
  g_autofree char *github = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(JsonNode) target = NULL;
  Counts before;

  r = preview (f, f->admin, release, "stage");
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_cmpuint (sc_test_get_length (r->body, "missing_connections"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "missing_connections[0].service"), ==, "github");
  g_assert_cmpstr (sc_test_get_string (r->body, "missing_connections[0].name"), ==, "CI");
  g_assert_true (has_rule (r->body, "refusals", "connections"));
  g_clear_pointer (&r, sc_test_response_free);

  before = counts (f);
  r = promote (f, f->admin, release, "stage");
  sc_assert_error (r, 422, "validation_failed");
  assert_rule (r, "connections");
  g_assert_cmpstr (sc_test_get_string (r->body, "error.message"), ==,
                   "Acme Staging has no github connection “CI”: create it there first.");
  g_assert_cmpint (counts (f).workflows, ==, before.workflows);
  g_assert_cmpint (counts (f).promotions, ==, before.promotions + 1);
  g_clear_pointer (&r, sc_test_response_free);

  /* once Staging has it, the promotion goes through with both resolved */
  github = create_connection (f, f->admin, f->stage_org, "github", "CI");
  r = promote (f, f->admin, release, "stage");
  sc_assert_status (r, 201);
  target = get_workflow (f, sc_test_get_string (r->body, "target_workflow_id"));
  g_assert_cmpuint (sc_test_get_length (target, "connections"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (target, "connections[0].id"), ==, github);
  g_assert_cmpstr (sc_test_get_string (target, "connections[1].id"), ==, f->stage_slack);
}

static void
test_preview_changes_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  Counts before = counts (f);
  Counts after;

  r = preview (f, f->viewer, f->release1, "stage"); /* view is enough */
  sc_assert_status (r, 200);
  after = counts (f);
  assert_counts_equal (&before, &after);
  g_assert_cmpint (promoted_flag (f, f->workflow_id), ==, 0);

  /* the verdict for the viewer: may not promote */
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_true (has_rule (r->body, "refusals", "source_permission"));
  g_clear_pointer (&r, sc_test_response_free);

  r = preview (f, f->admin, f->release1, "stage");
  sc_assert_status (r, 200);
  assert_counts_equal (&before, &after);
  g_assert_true (sc_test_get_bool (r->body, "allowed"));
  g_assert_cmpuint (sc_test_get_length (r->body, "refusals"), ==, 0);
  g_assert_false (sc_test_get_bool (r->body, "requires_approval"));
  g_assert_true (sc_test_get_bool (r->body, "creates_new"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "target_workflow_id")));
  g_assert_cmpuint (sc_test_get_length (r->body, "missing_connections"), ==, 0);
  /* against nothing: every step and key is new, the trigger too */
  g_assert_cmpuint (sc_test_get_length (r->body, "diff.steps.added"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.steps.added[0]"), ==, "fetch");
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.steps.added[1]"), ==, "store");
  g_assert_cmpuint (sc_test_get_length (r->body, "diff.steps.removed"), ==, 0);
  g_assert_cmpuint (sc_test_get_length (r->body, "diff.config"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.config[0].key"), ==, "region");
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.config[0].change"), ==, "added");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "diff.config[0].from")));
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.config[0].to"), ==, "eu");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "diff.trigger.from")));
  g_assert_cmpstr (sc_test_get_string (r->body, "diff.trigger.to.url"), ==, "/hooks/orders");
  g_assert_cmpstr (sc_test_get_string (r->body, "source.tag"), ==, "dev");
  g_assert_cmpstr (sc_test_get_string (r->body, "target.org_name"), ==, "Acme Staging");
}

/* Malformed and invisible requests: nothing is recorded for any of them. */
typedef struct {
  const char *name;
  const char *who;      /* "admin" "outsider" or NULL (no token) */
  const char *body;     /* {A} release, {B} path */
  guint       status;
  const char *code;
  const char *field;    /* nullable */
} BadRequestCase;

static const BadRequestCase bad_request_cases[] = {
  /* no token */
  { "no-token", NULL, "{\"release_id\": \"{A}\", \"path_id\": \"{B}\", \"target_stage\": \"stage\"}",
    401, "unauthenticated", NULL },
  /* not JSON */
  { "not-json", "admin", "{\"release_id\": ", 400, "bad_request", NULL },
  /* not an object */
  { "not-object", "admin", "[1, 2]", 400, "bad_request", NULL },
  /* a member of the wrong type */
  { "wrong-type", "admin", "{\"release_id\": 5, \"path_id\": \"{B}\", \"target_stage\": \"stage\"}",
    400, "bad_request", NULL },
  /* required members missing */
  { "missing", "admin", "{\"release_id\": \"{A}\"}", 422, "validation_failed", "path_id" },
  /* an unknown member */
  { "unknown-member", "admin",
    "{\"release_id\": \"{A}\", \"path_id\": \"{B}\", \"target_stage\": \"stage\", \"force\": true}",
    422, "validation_failed", "force" },
  /* empty stage */
  { "empty-stage", "admin", "{\"release_id\": \"{A}\", \"path_id\": \"{B}\", \"target_stage\": \"\"}",
    422, "validation_failed", "target_stage" },
  /* an unknown release */
  { "unknown-release", "admin",
    "{\"release_id\": \"rel_nosuchreleaseeeeeeee\", \"path_id\": \"{B}\", \"target_stage\": \"stage\"}",
    404, "not_found", NULL },
  /* an unknown path */
  { "unknown-path", "admin",
    "{\"release_id\": \"{A}\", \"path_id\": \"pth_nosuchpathhhhhhhhhh\", \"target_stage\": \"stage\"}",
    404, "not_found", NULL },
  /* someone outside the org cannot see the release at all */
  { "outsider", "outsider",
    "{\"release_id\": \"{A}\", \"path_id\": \"{B}\", \"target_stage\": \"stage\"}",
    404, "not_found", NULL },
};

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  const char *endpoints[] = { "/promotions", "/promotions/preview" };
  Counts before = counts (f);

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    for (guint i = 0; i < G_N_ELEMENTS (bad_request_cases); i++)
      {
        const BadRequestCase *c = &bad_request_cases[i];
        const char *token = NULL;
        g_autofree char *body = NULL;
        g_autoptr(ScTestResponse) r = NULL;
        Counts after;

        g_test_message ("%s: case %s", endpoints[e], c->name);
        if (g_strcmp0 (c->who, "admin") == 0)
          token = f->admin;
        else if (g_strcmp0 (c->who, "outsider") == 0)
          token = f->outsider;

        body = expand (c->body, f->release1, f->path_id, NULL);
        r = sc_test_request (f->server, "POST", endpoints[e], token, body, NULL);
        sc_assert_error (r, c->status, c->code);
        if (c->field != NULL)
          g_assert_true (has_field (r->body, c->field));

        after = counts (f);
        assert_counts_equal (&before, &after);
      }
}

static void
test_idempotency (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                           "\"target_stage\": \"stage\"}", f->release1, f->path_id);
  g_autoptr(ScTestResponse) first = NULL;
  g_autoptr(ScTestResponse) second = NULL;
  g_autoptr(ScTestResponse) third = NULL;
  g_autoptr(ScTestResponse) bad = NULL;
  Counts before = counts (f);
  Counts after;

  first = sc_test_request (f->server, "POST", "/promotions", f->admin, body,
                           "Idempotency-Key", "promote-order-sync-1", NULL);
  sc_assert_status (first, 201);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));
  after = counts (f);

  second = sc_test_request (f->server, "POST", "/promotions", f->admin, body,
                            "Idempotency-Key", "promote-order-sync-1", NULL);
  sc_assert_status (second, 201);
  g_assert_cmpstr (second->text, ==, first->text);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpint (after.promotions, ==, before.promotions + 1);
  {
    Counts now = counts (f);

    assert_counts_equal (&after, &now);
  }

  /* without the key it is a new attempt: already promoted */
  third = sc_test_request (f->server, "POST", "/promotions", f->admin, body, NULL);
  sc_assert_error (third, 409, "conflict");

  /* an empty key is malformed */
  bad = sc_test_request (f->server, "POST", "/promotions", f->admin, body,
                         "Idempotency-Key", "", NULL);
  sc_assert_error (bad, 400, "bad_request");
}

static void
test_atomicity (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  Counts before = counts (f);
  Counts after;

  /* the server fails between two writes of the promotion (SC_TEST_FAULT) */
  r = promote (f, f->admin, f->release1, "stage");
  sc_assert_error (r, 500, "internal");
  g_assert_null (strstr (r->text, "fault"));

  after = counts (f);
  assert_counts_equal (&before, &after);
  g_assert_cmpint (promoted_flag (f, f->workflow_id), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM workflows WHERE org_id = ?1", f->stage_org), ==, 0);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;
  g_autofree char *next = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(JsonNode) page = NULL;

  /* a refusal, then a success */
  r = promote (f, f->admin, f->release1, "prod");
  sc_assert_status (r, 422);
  g_clear_pointer (&r, sc_test_response_free);
  target = promote_ok (f, f->release1, "stage");

  /* by workflow, newest first, paged */
  path = g_strdup_printf ("/promotions?workflow_id=%s&limit=1", f->workflow_id);
  page = get_ok (f, path, f->viewer);
  g_assert_cmpuint (sc_test_get_length (page, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (page, "items[0].outcome"), ==, "succeeded");
  next = g_strdup (sc_test_get_string (page, "next_cursor"));
  g_assert_nonnull (next);
  g_clear_pointer (&page, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/promotions?workflow_id=%s&limit=1&cursor=%s", f->workflow_id, next);
  page = get_ok (f, path, f->viewer);
  g_assert_cmpuint (sc_test_get_length (page, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (page, "items[0].outcome"), ==, "failed");
  g_assert_cmpstr (sc_test_get_string (page, "items[0].error.code"), ==, "next_stage");
  g_assert_cmpstr (sc_test_get_string (page, "items[0].target.tag"), ==, "prod");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (page, "next_cursor")));
  g_clear_pointer (&page, json_node_unref);

  /* by org: Staging sees the promotion into it, not the refusal toward prod */
  g_free (path);
  path = g_strdup_printf ("/promotions?org_id=%s", f->stage_org);
  page = get_ok (f, path, f->reviewer);
  g_assert_cmpuint (sc_test_get_length (page, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (page, "items[0].target_workflow_id"), ==, target);
  g_clear_pointer (&page, json_node_unref);
  g_free (path);
  path = g_strdup_printf ("/promotions?org_id=%s", f->dev_org);
  page = get_ok (f, path, f->viewer);
  g_assert_cmpuint (sc_test_get_length (page, "items"), ==, 2);
  g_clear_pointer (&page, json_node_unref);

  /* refusals of the list itself */
  {
    struct {
      const char *query;
      const char *token;
      guint       status;
      const char *code;
    } cases[] = {
      /* neither filter */
      { "/promotions", f->admin, 400, "bad_request" },
      /* both filters */
      { "/promotions?workflow_id=x&org_id=y", f->admin, 400, "bad_request" },
      /* an unknown workflow */
      { "/promotions?workflow_id=wf_nosuchworkflowwwwwww", f->admin, 404, "not_found" },
      /* a bad limit */
      { "/promotions?org_id=x&limit=0", f->admin, 400, "bad_request" },
      /* no token */
      { "/promotions?org_id=x", NULL, 401, "unauthenticated" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(ScTestResponse) l = sc_test_request (f->server, "GET", cases[i].query,
                                                       cases[i].token, NULL, NULL);

        g_test_message ("list %s", cases[i].query);
        sc_assert_error (l, cases[i].status, cases[i].code);
      }
  }

  /* the outsider sees neither the workflow's nor the org's history */
  g_free (path);
  path = g_strdup_printf ("/promotions?workflow_id=%s", f->workflow_id);
  r = sc_test_request (f->server, "GET", path, f->outsider, NULL, NULL);
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  g_free (path);
  path = g_strdup_printf ("/promotions?org_id=%s", f->dev_org);
  r = sc_test_request (f->server, "GET", path, f->outsider, NULL, NULL);
  sc_assert_error (r, 404, "not_found");
}

/* --- stages ---------------------------------------------------------------------- */

static JsonNode *
get_stages (Fixture    *f,
            const char *workflow_id,
            const char *token)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s/stages", workflow_id);

  return get_ok (f, path, token);
}

static void
assert_states (JsonNode   *stages,
               const char *expected) /* "current,next,later" */
{
  g_auto(GStrv) states = g_strsplit (expected, ",", -1);

  g_assert_cmpuint (sc_test_get_length (stages, "items[0].stages"), ==, g_strv_length (states));
  for (guint i = 0; states[i] != NULL; i++)
    {
      g_autofree char *member = g_strdup_printf ("items[0].stages[%u].state", i);

      g_assert_cmpstr (sc_test_get_string (stages, member), ==, states[i]);
    }
}

static void
test_stages (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) stages = NULL;
  g_autofree char *target = NULL;
  g_autofree char *unpublished = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  /* at dev, as an admin everywhere */
  stages = get_stages (f, f->workflow_id, f->admin);
  g_assert_cmpuint (sc_test_get_length (stages, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].path.id"), ==, f->path_id);
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].path.name"), ==, "Production Pipeline");
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].path.org_id"), ==, f->dev_org);
  g_assert_cmpint (sc_test_get_int (stages, "items[0].current_index"), ==, 0);
  assert_states (stages, "current,next,later");
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[0].workflow_id"), ==, f->workflow_id);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (stages, "items[0].stages[1].workflow_id")));
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[1].org_name"), ==, "Acme Staging");
  g_assert_true (sc_test_get_bool (stages, "items[0].stages[1].can_promote"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (stages, "items[0].stages[1].reason")));
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[1].action"), ==, "promote");
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[2].can_promote"));
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[0].requires_approval"));
  g_clear_pointer (&stages, json_node_unref);

  /* as dev@: may not promote, and says why */
  stages = get_stages (f, f->workflow_id, f->dev);
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[1].can_promote"));
  g_assert_nonnull (strstr (sc_test_get_string (stages, "items[0].stages[1].reason"), "Acme Staging"));
  g_clear_pointer (&stages, json_node_unref);

  /* approvals on for Production show on its stage */
  patch_policy (f, f->prod_org, "{\"enabled\": true}");
  target = promote_ok (f, f->release1, "stage");

  /* the source stays at dev and knows its copy */
  stages = get_stages (f, f->workflow_id, f->admin);
  assert_states (stages, "current,next,later");
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[1].workflow_id"), ==, target);
  /* v1 already went there */
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[1].can_promote"));
  g_assert_true (sc_test_get_bool (stages, "items[0].stages[2].requires_approval"));
  g_clear_pointer (&stages, json_node_unref);

  /* the Staging copy: done, current, next */
  stages = get_stages (f, target, f->admin);
  g_assert_cmpint (sc_test_get_int (stages, "items[0].current_index"), ==, 1);
  assert_states (stages, "done,current,next");
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[0].workflow_id"), ==, f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[1].workflow_id"), ==, target);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (stages, "items[0].stages[2].workflow_id")));
  g_assert_true (sc_test_get_bool (stages, "items[0].stages[2].requires_approval"));
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[2].can_promote"));
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[2].action"), ==, "request");
  /* the verdict is for that action: the request may be filed */
  g_assert_true (sc_test_get_bool (stages, "items[0].stages[2].allowed"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (stages, "items[0].stages[2].reason")));
  g_clear_pointer (&stages, json_node_unref);

  /* the source's next stage (v1 already promoted there): promote, refused */
  stages = get_stages (f, f->workflow_id, f->admin);
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[1].action"), ==, "promote");
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[1].allowed"));
  g_assert_nonnull (strstr (sc_test_get_string (stages, "items[0].stages[1].reason"),
                            "already promoted"));
  g_clear_pointer (&stages, json_node_unref);

  /* approvals on for Staging too: a request is refused as well, with the
   * reason of the request (already promoted), not the approval */
  patch_policy (f, f->stage_org, "{\"enabled\": true}");
  stages = get_stages (f, f->workflow_id, f->admin);
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[1].action"), ==, "request");
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[1].allowed"));
  g_assert_nonnull (strstr (sc_test_get_string (stages, "items[0].stages[1].reason"),
                            "already promoted"));
  g_clear_pointer (&stages, json_node_unref);
  patch_policy (f, f->stage_org, "{\"enabled\": false}");

  /* Production frozen: the Staging copy's request is refused with the freeze */
  patch_policy (f, f->prod_org, "{\"freeze\": {\"active\": true, \"reason\": \"Audit week\"}}");
  stages = get_stages (f, target, f->admin);
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[2].action"), ==, "request");
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[2].allowed"));
  g_assert_nonnull (strstr (sc_test_get_string (stages, "items[0].stages[2].reason"), "Audit week"));
  g_clear_pointer (&stages, json_node_unref);
  patch_policy (f, f->prod_org, "{\"freeze\": {\"active\": false}}");

  /* a workflow with no release */
  unpublished = create_workflow (f, f->dev, f->dev_org, "Draft only", "/hooks/draft", "[]");
  stages = get_stages (f, unpublished, f->dev);
  assert_states (stages, "current,next,later");
  g_assert_false (sc_test_get_bool (stages, "items[0].stages[1].can_promote"));
  g_assert_cmpstr (sc_test_get_string (stages, "items[0].stages[1].reason"), ==,
                   "Publish a release first.");
  g_clear_pointer (&stages, json_node_unref);

  /* a member of Staging only sees the copy's path (owned by Development) */
  stages = get_stages (f, target, f->reviewer);
  g_assert_cmpuint (sc_test_get_length (stages, "items"), ==, 1);
  assert_states (stages, "done,current,next");
  g_clear_pointer (&stages, json_node_unref);

  /* ETag and If-None-Match */
  path = g_strdup_printf ("/workflows/%s/stages", f->workflow_id);
  r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  sc_assert_status (r, 200);
  {
    g_autofree char *etag = g_strdup (soup_message_headers_get_one (r->headers, "ETag"));
    g_autoptr(ScTestResponse) again = NULL;

    g_assert_nonnull (etag);
    again = sc_test_request (f->server, "GET", path, f->admin, NULL, "If-None-Match", etag, NULL);
    sc_assert_status (again, 304);
  }
  g_clear_pointer (&r, sc_test_response_free);

  /* refusals */
  r = sc_test_request (f->server, "GET", path, f->outsider, NULL, NULL);
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  r = sc_test_request (f->server, "GET", path, NULL, NULL, NULL);
  sc_assert_error (r, 401, "unauthenticated");
  g_clear_pointer (&r, sc_test_response_free);
  r = sc_test_request (f->server, "GET", "/workflows/wf_nosuchworkflowwwwwww/stages", f->admin,
                       NULL, NULL);
  sc_assert_error (r, 404, "not_found");
}

/* --- rollback ---------------------------------------------------------------------- */

/* Promotes v1 and v2 to Staging; returns the copy and its two releases. */
static char *
two_releases_in_staging (Fixture  *f,
                         char    **target_v1,
                         char    **target_v2)
{
  g_autofree char *release2 = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) releases = NULL;
  char *target = promote_ok (f, f->release1, "stage");

  release2 = edit_and_publish (f, f->workflow_id, "[{\"id\": \"only\"}]", "{\"retries\": 9}");
  g_free (promote_ok (f, release2, "stage"));

  path = g_strdup_printf ("/workflows/%s/releases", target);
  releases = get_ok (f, path, f->admin);
  *target_v2 = g_strdup (sc_test_get_string (releases, "items[0].id"));
  *target_v1 = g_strdup (sc_test_get_string (releases, "items[1].id"));
  return target;
}

static void
test_rollback (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *target = two_releases_in_staging (f, &v1, &v2);
  g_autofree char *path = g_strdup_printf ("/workflows/%s/rollback", target);
  g_autofree char *releases_path = g_strdup_printf ("/workflows/%s/releases", target);
  g_autofree char *history_path = g_strdup_printf ("/promotions?workflow_id=%s", target);
  g_autoptr(JsonNode) expected_steps = json_from_string (order_steps, NULL);
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(JsonNode) workflow = NULL;
  g_autoptr(JsonNode) releases = NULL;
  g_autoptr(JsonNode) history = NULL;

  r = call (f, "POST", path, f->admin, "{\"release_id\": \"%s\", \"reason\": \"v2 breaks invoicing\"}", v1);
  sc_assert_status (r, 201);
  g_assert_cmpstr (sc_test_get_string (r->body, "kind"), ==, "rollback");
  g_assert_cmpstr (sc_test_get_string (r->body, "release.id"), ==, v1);
  g_assert_cmpint (sc_test_get_int (r->body, "release.version"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "workflow_id"), ==, target);
  g_assert_cmpstr (sc_test_get_string (r->body, "target_workflow_id"), ==, target);
  g_assert_cmpstr (sc_test_get_string (r->body, "path_id"), ==, f->path_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "source.tag"), ==, "dev");
  g_assert_cmpstr (sc_test_get_string (r->body, "source.org_id"), ==, f->dev_org);
  g_assert_cmpstr (sc_test_get_string (r->body, "target.tag"), ==, "stage");
  g_assert_cmpstr (sc_test_get_string (r->body, "target.org_id"), ==, f->stage_org);
  g_assert_cmpstr (sc_test_get_string (r->body, "reason"), ==, "v2 breaks invoicing");
  g_assert_cmpstr (sc_test_get_string (r->body, "outcome"), ==, "succeeded");
  g_assert_cmpstr (sc_test_get_string (r->body, "actor.email"), ==, "admin@acme.test");
  g_assert_false (sc_test_get_bool (r->body, "created_new"));
  g_clear_pointer (&r, sc_test_response_free);

  /* v3 with v1's content; the draft too */
  releases = get_ok (f, releases_path, f->admin);
  g_assert_cmpuint (sc_test_get_length (releases, "items"), ==, 3);
  g_assert_cmpint (sc_test_get_int (releases, "items[0].version"), ==, 3);
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].notes"), ==, "");
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].origin.kind"), ==, "rollback");
  g_assert_cmpint (sc_test_get_int (releases, "items[0].origin.version"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (releases, "items[0].origin.reason"), ==,
                   "v2 breaks invoicing");
  workflow = get_workflow (f, target);
  g_assert_true (json_node_equal (sc_test_get (workflow, "steps"), expected_steps));
  g_assert_cmpint (sc_test_get_int (workflow, "config.retries"), ==, 3);
  g_assert_cmpint (sc_test_get_int (workflow, "latest_release.version"), ==, 3);
  g_assert_cmpstr (sc_test_get_string (workflow, "connections[0].id"), ==, f->stage_slack);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action = 'rollback.succeeded' "
                                "AND org_id = ?1", f->stage_org), ==, 1);

  /* in the history of the copy */
  history = get_ok (f, history_path, f->admin);
  g_assert_cmpstr (sc_test_get_string (history, "items[0].kind"), ==, "rollback");
  g_assert_cmpuint (sc_test_get_length (history, "items"), ==, 3);
  g_clear_pointer (&releases, json_node_unref);

  /* v2 (received, no longer the latest) can be rolled back to as well */
  r = call (f, "POST", path, f->admin, "{\"release_id\": \"%s\", \"reason\": \"fixed\"}", v2);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);

  /* and the rollback's own release (v3) now too: it was made by a rollback */
  releases = get_ok (f, releases_path, f->admin);
  r = call (f, "POST", path, f->admin, "{\"release_id\": \"%s\", \"reason\": \"again\"}",
            sc_test_get_string (releases, "items[1].id"));
  sc_assert_status (r, 201);
}

typedef struct {
  const char *name;
  const char *who;    /* "admin" "dev" "outsider" NULL */
  const char *body;   /* {A} v1 of the copy, {B} its latest, {C} a source release */
  guint       status;
  const char *code;
  const char *field;  /* nullable */
} RollbackCase;

static const RollbackCase rollback_cases[] = {
  /* no token */
  { "no-token", NULL, "{\"release_id\": \"{A}\", \"reason\": \"x\"}", 401, "unauthenticated", NULL },
  /* not a member of Staging */
  { "outsider", "outsider", "{\"release_id\": \"{A}\", \"reason\": \"x\"}", 404, "not_found", NULL },
  /* a developer of Staging is not an admin */
  { "developer", "dev", "{\"release_id\": \"{A}\", \"reason\": \"x\"}", 403, "forbidden", NULL },
  /* not JSON */
  { "not-json", "admin", "{", 400, "bad_request", NULL },
  /* wrong type */
  { "wrong-type", "admin", "{\"release_id\": \"{A}\", \"reason\": 7}", 400, "bad_request", NULL },
  /* the reason is required */
  { "no-reason", "admin", "{\"release_id\": \"{A}\"}", 422, "validation_failed", "reason" },
  /* and must say something */
  { "blank-reason", "admin", "{\"release_id\": \"{A}\", \"reason\": \"   \"}", 422, "validation_failed", "reason" },
  /* unknown member */
  { "unknown-member", "admin", "{\"release_id\": \"{A}\", \"reason\": \"x\", \"to\": 1}", 422, "validation_failed", "to" },
  /* the latest release */
  { "latest", "admin", "{\"release_id\": \"{B}\", \"reason\": \"x\"}", 422, "validation_failed", "release_id" },
  /* a release of another workflow */
  { "other-workflow", "admin", "{\"release_id\": \"{C}\", \"reason\": \"x\"}", 422, "validation_failed", "release_id" },
  /* an unknown release */
  { "unknown", "admin", "{\"release_id\": \"rel_nosuchreleaseeeeeeee\", \"reason\": \"x\"}", 422, "validation_failed", "release_id" },
};

static void
test_rollback_refusals (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *target = two_releases_in_staging (f, &v1, &v2);
  g_autofree char *path = g_strdup_printf ("/workflows/%s/rollback", target);
  g_autofree char *local = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  Counts before = counts (f);

  for (guint i = 0; i < G_N_ELEMENTS (rollback_cases); i++)
    {
      const RollbackCase *c = &rollback_cases[i];
      const char *token = NULL;
      g_autofree char *body = NULL;
      g_autoptr(ScTestResponse) rr = NULL;
      Counts after;

      g_test_message ("case %s", c->name);
      if (g_strcmp0 (c->who, "admin") == 0)
        token = f->admin;
      else if (g_strcmp0 (c->who, "dev") == 0)
        token = f->dev;
      else if (g_strcmp0 (c->who, "outsider") == 0)
        token = f->outsider;
      body = expand (c->body, v1, v2, f->release1);
      rr = sc_test_request (f->server, "POST", path, token, body, NULL);
      sc_assert_error (rr, c->status, c->code);
      if (c->field != NULL)
        g_assert_true (has_field (rr->body, c->field));
      after = counts (f);
      assert_counts_equal (&before, &after);
    }

  /* a release published in Staging itself was never received (v1 still is) */
  local = publish (f, f->admin, target);
  r = call (f, "POST", path, f->admin, "{\"release_id\": \"%s\", \"reason\": \"x\"}", v1);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);
  r = call (f, "POST", path, f->admin, "{\"release_id\": \"%s\", \"reason\": \"x\"}", local);
  sc_assert_error (r, 422, "validation_failed");
  assert_rule (r, "release");
  g_clear_pointer (&r, sc_test_response_free);

  /* frozen: 409 with the reason */
  patch_policy (f, f->stage_org, "{\"freeze\": {\"active\": true, \"reason\": \"Audit week\"}}");
  before = counts (f);
  r = call (f, "POST", path, f->admin, "{\"release_id\": \"%s\", \"reason\": \"x\"}", v2);
  sc_assert_error (r, 409, "conflict");
  assert_rule (r, "frozen");
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), "Audit week"));
  {
    Counts after = counts (f);
    assert_counts_equal (&before, &after);
  }
}

/* The 201 of POST /promotions is written from the row just inserted: it
 * must be, byte for byte, the record as history reads it back. */
static void
test_answer_is_record (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = promote (f, f->admin, f->release1, "stage");
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) item = NULL;
  g_autofree char *stored = NULL;

  sc_assert_status (r, 201);
  path = g_strdup_printf ("/promotions?workflow_id=%s&limit=1", f->workflow_id);
  page = get_ok (f, path, f->admin);
  item = json_node_copy (json_array_get_element (json_node_get_array (sc_test_get (page, "items")), 0));
  stored = sc_json_to_string (item);
  g_assert_cmpstr (sc_test_get_string (page, "items[0].id"), ==, sc_test_get_string (r->body, "id"));
  g_assert_cmpstr (r->text, ==, stored);
}

/* The target's columns are the source's, byte for byte, whether the
 * release's snapshot is spelled as the server writes it (read in place)
 * or otherwise (whitespace, escapes: parsed). */
static void
assert_same_content (Fixture    *f,
                     const char *source_id,
                     const char *target_id)
{
  static const char * const columns[] = { "name", "description", "steps", "config", "trigger_url",
                                          "trigger_method" };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM workflows WHERE id = ?1", columns[i]);
      g_autofree char *source = sc_test_server_db_text (f->server, sql, source_id, NULL);
      g_autofree char *target = sc_test_server_db_text (f->server, sql, target_id, NULL);

      g_test_message ("%s: %s", columns[i], source);
      g_assert_nonnull (source);
      g_assert_cmpstr (target, ==, source);
    }
}

static void
test_snapshot_spellings (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *connections = g_strdup_printf ("[\"%s\"]", f->dev_slack);
  g_autofree char *second = create_workflow (f, f->dev, f->dev_org, "Order sync 2", "/hooks/orders-2",
                                             connections);
  g_autofree char *second_release = publish (f, f->dev, second);
  g_autofree char *stored = sc_test_server_db_text (f->server, "SELECT snapshot FROM releases WHERE id = ?1",
                                                    second_release, NULL);
  g_autoptr(JsonNode) stored_node = json_from_string (stored, NULL);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *pretty = NULL;
  GString *respelled = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *target = NULL;
  g_autofree char *second_target = NULL;
  g_autofree char *target_snapshot = NULL;
  g_autoptr(JsonNode) target_node = NULL;

  /* as the server wrote it */
  g_assert_null (strstr (stored, "\": "));
  target = promote_ok (f, f->release1, "stage");
  assert_same_content (f, f->workflow_id, target);

  /* spelled otherwise: indented, the name with an escape */
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, stored_node);
  pretty = json_generator_to_data (generator, NULL);
  g_assert_nonnull (strstr (pretty, "\"Order sync 2\""));
  respelled = g_string_new (pretty);
  g_string_replace (respelled, "\"Order sync 2\"", "\"Order \\u0073ync 2\"", 0);
  sql = g_strdup_printf ("UPDATE releases SET snapshot = '%s' WHERE id = '%s'", respelled->str, second_release);
  g_string_free (respelled, TRUE);
  sc_test_server_sql (f->server, sql);
  second_target = promote_ok (f, second_release, "stage");
  assert_same_content (f, second, second_target);

  /* its release keeps the snapshot as the source's was (the connections
   * resolved the same) */
  target_snapshot = sc_test_server_db_text (f->server, "SELECT snapshot FROM releases WHERE workflow_id = ?1",
                                            second_target, NULL);
  target_node = json_from_string (target_snapshot, NULL);
  g_assert_true (json_node_equal (target_node, stored_node));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func, data) \
  g_test_add ("/server/promotions/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("first-promotion", test_first_promotion, NULL);
  ADD ("second-promotion", test_second_promotion, NULL);
  ADD ("adopt-by-trigger", test_adopt_by_trigger, NULL);
  ADD ("already-promoted", test_already_promoted, NULL);
  ADD ("rule-refusals", test_rule_refusals, NULL);
  ADD ("skip-stage-message", test_skip_stage_message, NULL);
  ADD ("approval-required", test_approval_required, NULL);
  ADD ("frozen", test_frozen, NULL);
  ADD ("missing-connection", test_missing_connection, NULL);
  ADD ("preview-changes-nothing", test_preview_changes_nothing, NULL);
  ADD ("bad-requests", test_bad_requests, NULL);
  ADD ("idempotency", test_idempotency, NULL);
  ADD ("atomicity-after-release", test_atomicity, "promotion.after-release");
  ADD ("atomicity-after-workflow", test_atomicity, "promotion.after-workflow");
  ADD ("history", test_history, NULL);
  ADD ("stages", test_stages, NULL);
  ADD ("rollback", test_rollback, NULL);
  ADD ("rollback-refusals", test_rollback_refusals, NULL);
  ADD ("answer-is-record", test_answer_is_record, NULL);
  ADD ("snapshot-spellings", test_snapshot_spellings, NULL);

  return g_test_run ();
}
