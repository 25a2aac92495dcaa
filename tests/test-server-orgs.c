/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-db.h"
#include "sc-test-server.h"

/* Orgs, members, mappings and the audit log against the real server. */

typedef enum {
  AS_NOBODY,    /* no token */
  AS_ADMIN,     /* admin of Development and Staging */
  AS_REVIEWER,  /* reviewer in Development */
  AS_DEVELOPER, /* developer in Development */
  AS_VIEWER,    /* viewer in Development */
  AS_OUTSIDER,  /* admin of Production only */
  N_CALLERS
} Caller;

typedef struct {
  ScTestServer *server;
  char         *dev_id;   /* "Acme Development", dev */
  char         *stage_id; /* "Acme Staging", uat */
  char         *prod_id;  /* "Acme Production", prod */
  char         *loose_id; /* "Loose Org", unregistered */
  char         *tokens[N_CALLERS];
  char         *user_ids[N_CALLERS];
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *again = NULL;
  const char *fault = data;

  /* the server reads SC_TEST_FAULT from the environment it inherits */
  if (fault != NULL)
    g_setenv ("SC_TEST_FAULT", fault, TRUE);
  f->server = sc_test_server_start (FALSE, NULL);
  g_unsetenv ("SC_TEST_FAULT");
  f->dev_id = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->stage_id = sc_test_server_add_org (f->server, "Acme Staging", "uat");
  f->prod_id = sc_test_server_add_org (f->server, "Acme Production", "prod");
  f->loose_id = sc_test_server_add_org (f->server, "Loose Org", NULL);

  /* names chosen so that "by name" differs from creation order */
  f->tokens[AS_ADMIN] = sc_test_server_add_user (f->server, "zoe@acme.test", f->dev_id, "admin",
                                                 &f->user_ids[AS_ADMIN]);
  again = sc_test_server_add_user (f->server, "zoe@acme.test", f->stage_id, "admin", NULL);
  f->tokens[AS_REVIEWER] = sc_test_server_add_user (f->server, "rita@acme.test", f->dev_id,
                                                    "reviewer", &f->user_ids[AS_REVIEWER]);
  f->tokens[AS_DEVELOPER] = sc_test_server_add_user (f->server, "dan@acme.test", f->dev_id,
                                                     "developer", &f->user_ids[AS_DEVELOPER]);
  f->tokens[AS_VIEWER] = sc_test_server_add_user (f->server, "vic@acme.test", f->dev_id,
                                                  "viewer", &f->user_ids[AS_VIEWER]);
  f->tokens[AS_OUTSIDER] = sc_test_server_add_user (f->server, "olga@acme.test", f->prod_id,
                                                    "admin", &f->user_ids[AS_OUTSIDER]);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->dev_id);
  g_free (f->stage_id);
  g_free (f->prod_id);
  g_free (f->loose_id);
  for (guint i = 0; i < N_CALLERS; i++)
    {
      g_free (f->tokens[i]);
      g_free (f->user_ids[i]);
    }
}

/* --- helpers ------------------------------------------------------------ */

static ScTestResponse *
get_org (Fixture    *f,
         const char *org_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, NULL);
  ScTestResponse *r = sc_test_request (f->server, "GET", path, f->tokens[AS_ADMIN], NULL, NULL);

  sc_assert_status (r, 200);
  return r;
}

static char *
org_etag (Fixture    *f,
          const char *org_id)
{
  g_autoptr(ScTestResponse) r = get_org (f, org_id);

  return g_strdup (sc_test_get_string (r->body, "etag"));
}

static ScTestResponse *
patch_org (Fixture    *f,
           Caller      caller,
           const char *org_id,
           const char *if_match,
           const char *body)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, NULL);

  if (if_match != NULL)
    return sc_test_request (f->server, "PATCH", path, f->tokens[caller], body,
                            "If-Match", if_match, NULL);
  return sc_test_request (f->server, "PATCH", path, f->tokens[caller], body, NULL);
}

static ScTestResponse *
get_path (Fixture    *f,
          Caller      caller,
          const char *path)
{
  return sc_test_request (f->server, "GET", path, f->tokens[caller], NULL, NULL);
}

static gboolean
has_entry (JsonNode   *body,
           const char *list,   /* "error.details.fields" */
           const char *member, /* "field" */
           const char *value)
{
  JsonNode *array = sc_test_get (body, list);

  if (array == NULL || !JSON_NODE_HOLDS_ARRAY (array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (array)); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u].%s", list, i, member);

      if (g_strcmp0 (sc_test_get_string (body, path), value) == 0)
        return TRUE;
    }
  return FALSE;
}

#define assert_field(r, field) \
  G_STMT_START { \
    sc_assert_error ((r), 422, "validation_failed"); \
    if (!has_entry ((r)->body, "error.details.fields", "field", (field))) \
      g_error ("%s:%d: no violation of field %s in %s", __FILE__, __LINE__, (field), (r)->text); \
  } G_STMT_END

#define assert_rule(r, rule) \
  G_STMT_START { \
    sc_assert_error ((r), 422, "validation_failed"); \
    if (!has_entry ((r)->body, "error.details.rules", "rule", (rule))) \
      g_error ("%s:%d: no violation of rule %s in %s", __FILE__, __LINE__, (rule), (r)->text); \
  } G_STMT_END

/* @text with every "%DEV%", "%REVIEWER%", "%OUTSIDER%" replaced by that
 * user's id. */
static char *
expand (Fixture    *f,
        const char *text)
{
  static const struct { const char *name; Caller caller; } names[] = {
    { "%ADMIN%", AS_ADMIN },
    { "%REVIEWER%", AS_REVIEWER },
    { "%DEV%", AS_DEVELOPER },
    { "%OUTSIDER%", AS_OUTSIDER },
  };
  g_autoptr(GString) out = g_string_new (text);

  if (text == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_string_replace (out, names[i].name, f->user_ids[names[i].caller], 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --- GET /orgs ------------------------------------------------------------ */

static void
test_list_mine (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = get_path (f, AS_ADMIN, "/orgs");
  g_autoptr(ScTestResponse) outsider = get_path (f, AS_OUTSIDER, "/orgs");
  g_autoptr(ScTestResponse) nobody = get_path (f, AS_NOBODY, "/orgs");
  g_autoptr(ScTestResponse) first = NULL;
  g_autoptr(ScTestResponse) second = NULL;
  g_autofree char *path = NULL;

  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].id"), ==, f->dev_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].name"), ==, "Acme Development");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].type"), ==, "dev");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].role"), ==, "admin");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].id"), ==, f->stage_id);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "next_cursor")));

  sc_assert_status (outsider, 200);
  g_assert_cmpuint (sc_test_get_length (outsider->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (outsider->body, "items[0].id"), ==, f->prod_id);

  sc_assert_error (nobody, 401, "unauthenticated");

  /* one per page */
  first = get_path (f, AS_ADMIN, "/orgs?limit=1");
  sc_assert_status (first, 200);
  g_assert_cmpuint (sc_test_get_length (first->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (first->body, "items[0].id"), ==, f->dev_id);
  g_assert_nonnull (sc_test_get_string (first->body, "next_cursor"));
  path = g_strconcat ("/orgs?limit=1&cursor=", sc_test_get_string (first->body, "next_cursor"), NULL);
  second = get_path (f, AS_ADMIN, path);
  sc_assert_status (second, 200);
  g_assert_cmpuint (sc_test_get_length (second->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (second->body, "items[0].id"), ==, f->stage_id);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (second->body, "next_cursor")));
}

static void
test_list_all (Fixture       *f,
               gconstpointer  data)
{
  /* by name: Development, Production, Staging, Loose */
  const char *expected[] = { f->dev_id, f->prod_id, f->stage_id, f->loose_id };
  g_autoptr(ScTestResponse) r = get_path (f, AS_VIEWER, "/orgs?all=true");
  g_autoptr(ScTestResponse) bad = get_path (f, AS_VIEWER, "/orgs?all=maybe");
  g_autoptr(ScTestResponse) nobody = get_path (f, AS_NOBODY, "/orgs?all=true");
  g_autofree char *cursor = NULL;

  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *id = g_strdup_printf ("items[%u].id", i);
      g_autofree char *role = g_strdup_printf ("items[%u].role", i);

      g_assert_cmpstr (sc_test_get_string (r->body, id), ==, expected[i]);
      g_assert_null (sc_test_get (r->body, role));
    }
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].type"), ==, "prod");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "items[3].type")));

  sc_assert_error (bad, 400, "bad_request");
  sc_assert_error (nobody, 401, "unauthenticated");

  /* walking two at a time sees every org once, in the same order */
  for (guint page = 0, seen = 0; ; page++)
    {
      g_autofree char *path = cursor != NULL
        ? g_strconcat ("/orgs?all=true&limit=2&cursor=", cursor, NULL)
        : g_strdup ("/orgs?all=true&limit=2");
      g_autoptr(ScTestResponse) p = get_path (f, AS_VIEWER, path);
      guint length;

      sc_assert_status (p, 200);
      length = sc_test_get_length (p->body, "items");
      for (guint i = 0; i < length; i++, seen++)
        {
          g_autofree char *id = g_strdup_printf ("items[%u].id", i);

          g_assert_cmpstr (sc_test_get_string (p->body, id), ==, expected[seen]);
        }
      g_free (cursor);
      cursor = g_strdup (sc_test_get_string (p->body, "next_cursor"));
      if (cursor == NULL)
        {
          g_assert_cmpuint (seen, ==, 4);
          break;
        }
      g_assert_cmpuint (page, <, 2);
    }
}

/* --- GET /orgs/{org} ------------------------------------------------------- */

static void
test_get (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_strconcat ("/orgs/", f->dev_id, NULL);
  g_autofree char *quoted = NULL;
  g_autoptr(ScTestResponse) r = get_path (f, AS_VIEWER, path);
  g_autoptr(ScTestResponse) cached = NULL;
  g_autoptr(ScTestResponse) outsider = get_path (f, AS_OUTSIDER, path);
  g_autoptr(ScTestResponse) unknown = get_path (f, AS_ADMIN, "/orgs/org_aaaaaaaaaaaaaaaaaaaa");
  g_autoptr(ScTestResponse) nobody = get_path (f, AS_NOBODY, path);

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "id"), ==, f->dev_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "name"), ==, "Acme Development");
  g_assert_cmpstr (sc_test_get_string (r->body, "type"), ==, "dev");
  g_assert_false (sc_test_get_bool (r->body, "approval_policy.enabled"));
  g_assert_cmpuint (sc_test_get_length (r->body, "approval_policy.reviewer_roles"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.reviewer_roles[0]"), ==, "admin");
  g_assert_cmpuint (sc_test_get_length (r->body, "approval_policy.assignee_ids"), ==, 0);
  g_assert_cmpint (sc_test_get_int (r->body, "approval_policy.required_approvals"), ==, 1);
  g_assert_cmpint (sc_test_get_int (r->body, "approval_policy.expiry_days"), ==, 7);
  g_assert_false (sc_test_get_bool (r->body, "approval_policy.freeze.active"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "approval_policy.freeze.from")));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "approval_policy.freeze.until")));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "approval_policy.freeze.reason")));

  g_assert_nonnull (sc_test_get_string (r->body, "etag"));
  quoted = g_strdup_printf ("\"%s\"", sc_test_get_string (r->body, "etag"));
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, quoted);

  cached = sc_test_request (f->server, "GET", path, f->tokens[AS_VIEWER], NULL,
                            "If-None-Match", quoted, NULL);
  sc_assert_status (cached, 304);
  g_assert_cmpstr (cached->text, ==, "");

  sc_assert_error (outsider, 404, "not_found");
  sc_assert_error (unknown, 404, "not_found");
  sc_assert_error (nobody, 401, "unauthenticated");
}

/* --- PATCH /orgs/{org} ------------------------------------------------------ */

static void
test_patch_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *etag = org_etag (f, f->dev_id);
  g_autofree char *body = expand (f,
    "{\"type\": \"sit\", \"approval_policy\": {"
    "  \"enabled\": true,"
    "  \"reviewer_roles\": [\"reviewer\", \"admin\"],"
    "  \"assignee_ids\": [\"%REVIEWER%\", \"%ADMIN%\"],"
    "  \"required_approvals\": 2,"
    "  \"expiry_days\": 30,"
    "  \"freeze\": {\"active\": true, \"from\": \"2026-12-20T00:00:00Z\","
    "              \"until\": \"2027-01-03T00:00:00+01:00\", \"reason\": \"Year-end freeze\"}}}");
  g_autoptr(ScTestResponse) r = patch_org (f, AS_ADMIN, f->dev_id, etag, body);
  g_autoptr(ScTestResponse) got = NULL;
  g_autoptr(ScTestResponse) partial = NULL;
  g_autoptr(ScTestResponse) unregister = NULL;
  g_autoptr(ScTestResponse) stale = NULL;
  g_autofree char *quoted = NULL;
  const char *new_etag;

  sc_assert_status (r, 200);
  new_etag = sc_test_get_string (r->body, "etag");
  g_assert_nonnull (new_etag);
  g_assert_cmpstr (new_etag, !=, etag);
  quoted = g_strdup_printf ("\"%s\"", new_etag);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "ETag"), ==, quoted);

  /* what the PATCH answered is what a GET reads */
  got = get_org (f, f->dev_id);
  g_assert_true (json_node_equal (got->body, r->body));
  g_assert_cmpstr (sc_test_get_string (got->body, "type"), ==, "sit");
  g_assert_true (sc_test_get_bool (got->body, "approval_policy.enabled"));
  g_assert_cmpuint (sc_test_get_length (got->body, "approval_policy.reviewer_roles"), ==, 2);
  /* roles come back in power order */
  g_assert_cmpstr (sc_test_get_string (got->body, "approval_policy.reviewer_roles[0]"), ==, "reviewer");
  g_assert_cmpstr (sc_test_get_string (got->body, "approval_policy.reviewer_roles[1]"), ==, "admin");
  g_assert_cmpuint (sc_test_get_length (got->body, "approval_policy.assignee_ids"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (got->body, "approval_policy.assignee_ids[0]"), ==,
                   f->user_ids[AS_REVIEWER]);
  g_assert_cmpstr (sc_test_get_string (got->body, "approval_policy.assignee_ids[1]"), ==,
                   f->user_ids[AS_ADMIN]);
  g_assert_cmpint (sc_test_get_int (got->body, "approval_policy.required_approvals"), ==, 2);
  g_assert_cmpint (sc_test_get_int (got->body, "approval_policy.expiry_days"), ==, 30);
  g_assert_true (sc_test_get_bool (got->body, "approval_policy.freeze.active"));
  g_assert_cmpstr (sc_test_get_string (got->body, "approval_policy.freeze.from"), ==,
                   "2026-12-20T00:00:00Z");
  /* stored and answered in UTC */
  g_assert_cmpstr (sc_test_get_string (got->body, "approval_policy.freeze.until"), ==,
                   "2027-01-02T23:00:00Z");
  g_assert_cmpstr (sc_test_get_string (got->body, "approval_policy.freeze.reason"), ==,
                   "Year-end freeze");

  /* a partial patch changes only what it names, also inside freeze */
  partial = patch_org (f, AS_ADMIN, f->dev_id, new_etag,
                       "{\"approval_policy\": {\"freeze\": {\"active\": false, \"until\": null}}}");
  sc_assert_status (partial, 200);
  g_assert_cmpstr (sc_test_get_string (partial->body, "type"), ==, "sit");
  g_assert_true (sc_test_get_bool (partial->body, "approval_policy.enabled"));
  g_assert_cmpint (sc_test_get_int (partial->body, "approval_policy.required_approvals"), ==, 2);
  g_assert_cmpuint (sc_test_get_length (partial->body, "approval_policy.assignee_ids"), ==, 2);
  g_assert_false (sc_test_get_bool (partial->body, "approval_policy.freeze.active"));
  g_assert_cmpstr (sc_test_get_string (partial->body, "approval_policy.freeze.from"), ==,
                   "2026-12-20T00:00:00Z");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (partial->body, "approval_policy.freeze.until")));
  g_assert_cmpstr (sc_test_get_string (partial->body, "approval_policy.freeze.reason"), ==,
                   "Year-end freeze");

  /* the first etag is stale now */
  stale = patch_org (f, AS_ADMIN, f->dev_id, etag, "{\"type\": \"dev\"}");
  sc_assert_error (stale, 412, "precondition_failed");

  /* null unregisters; the quoted form of the etag is accepted too */
  {
    g_autofree char *current = g_strdup_printf ("\"%s\"", sc_test_get_string (partial->body, "etag"));

    unregister = patch_org (f, AS_ADMIN, f->dev_id, current,
                            "{\"type\": null, \"approval_policy\": {\"assignee_ids\": []}}");
  }
  sc_assert_status (unregister, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (unregister->body, "type")));
  g_assert_cmpuint (sc_test_get_length (unregister->body, "approval_policy.assignee_ids"), ==, 0);

  {
    g_autoptr(ScTestResponse) all = get_path (f, AS_ADMIN, "/orgs");

    g_assert_cmpstr (sc_test_get_string (all->body, "items[0].id"), ==, f->dev_id);
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (all->body, "items[0].type")));
  }
}

static void
test_patch_noop (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *etag = org_etag (f, f->dev_id);
  g_autofree char *audit_path = g_strconcat ("/orgs/", f->dev_id, "/audit", NULL);
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) audit = NULL;

  /* the values it already has: nothing to write, nothing to audit */
  r = patch_org (f, AS_ADMIN, f->dev_id, etag,
                 "{\"type\": \"dev\", \"approval_policy\": {\"enabled\": false, \"expiry_days\": 7}}");
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "etag"), ==, etag);

  audit = get_path (f, AS_ADMIN, audit_path);
  sc_assert_status (audit, 200);
  g_assert_cmpuint (sc_test_get_length (audit->body, "items"), ==, 0);
}

typedef struct {
  const char *why;
  Caller      caller;
  int         if_match;  /* 0 none, 1 current, 2 stale */
  const char *body;      /* %USER% placeholders are expanded */
  guint       status;
  const char *code;
  const char *field;     /* nullable */
  const char *rule;      /* nullable */
} PatchRefusal;

static void
test_patch_refusals (Fixture       *f,
                     gconstpointer  data)
{
  static const PatchRefusal rows[] = {
    { "no token", AS_NOBODY, 1, "{\"type\": \"sit\"}", 401, "unauthenticated", NULL, NULL },
    { "not a member", AS_OUTSIDER, 1, "{\"type\": \"sit\"}", 404, "not_found", NULL, NULL },
    { "viewers may not", AS_VIEWER, 1, "{\"type\": \"sit\"}", 403, "forbidden", NULL, NULL },
    { "developers may not", AS_DEVELOPER, 1, "{\"type\": \"sit\"}", 403, "forbidden", NULL, NULL },
    { "reviewers may not", AS_REVIEWER, 1, "{\"type\": \"sit\"}", 403, "forbidden", NULL, NULL },
    { "If-Match missing", AS_ADMIN, 0, "{\"type\": \"sit\"}", 412, "precondition_failed", NULL, NULL },
    { "If-Match stale", AS_ADMIN, 2, "{\"type\": \"sit\"}", 412, "precondition_failed", NULL, NULL },
    { "not JSON", AS_ADMIN, 1, "{\"type\": ", 400, "bad_request", NULL, NULL },
    { "not an object", AS_ADMIN, 1, "[]", 400, "bad_request", NULL, NULL },
    { "empty body", AS_ADMIN, 1, "", 400, "bad_request", NULL, NULL },
    { "type is a number", AS_ADMIN, 1, "{\"type\": 5}", 400, "bad_request", NULL, NULL },
    { "policy is a string", AS_ADMIN, 1, "{\"approval_policy\": \"on\"}", 400, "bad_request", NULL, NULL },
    { "N is a string", AS_ADMIN, 1, "{\"approval_policy\": {\"required_approvals\": \"two\"}}",
      400, "bad_request", NULL, NULL },
    { "enabled is a string", AS_ADMIN, 1, "{\"approval_policy\": {\"enabled\": \"yes\"}}",
      400, "bad_request", NULL, NULL },
    { "a role is a number", AS_ADMIN, 1, "{\"approval_policy\": {\"reviewer_roles\": [1]}}",
      400, "bad_request", NULL, NULL },
    { "freeze is an array", AS_ADMIN, 1, "{\"approval_policy\": {\"freeze\": []}}",
      400, "bad_request", NULL, NULL },
    { "unknown member", AS_ADMIN, 1, "{\"colour\": \"red\"}", 422, "validation_failed", "colour", NULL },
    { "unknown policy member", AS_ADMIN, 1, "{\"approval_policy\": {\"colour\": 1}}",
      422, "validation_failed", "approval_policy.colour", NULL },
    { "unknown freeze member", AS_ADMIN, 1, "{\"approval_policy\": {\"freeze\": {\"colour\": 1}}}",
      422, "validation_failed", "approval_policy.freeze.colour", NULL },
    { "unknown type", AS_ADMIN, 1, "{\"type\": \"staging\"}", 422, "validation_failed", "type", NULL },
    { "N must be at least 1", AS_ADMIN, 1, "{\"approval_policy\": {\"required_approvals\": 0}}",
      422, "validation_failed", "approval_policy.required_approvals", NULL },
    { "expiry at most 365 days", AS_ADMIN, 1, "{\"approval_policy\": {\"expiry_days\": 400}}",
      422, "validation_failed", "approval_policy.expiry_days", NULL },
    { "unknown role", AS_ADMIN, 1, "{\"approval_policy\": {\"reviewer_roles\": [\"admin\", \"owner\"]}}",
      422, "validation_failed", "approval_policy.reviewer_roles[1]", NULL },
    { "no role at all", AS_ADMIN, 1, "{\"approval_policy\": {\"reviewer_roles\": []}}",
      422, "validation_failed", "approval_policy.reviewer_roles", NULL },
    { "freeze ends before it starts", AS_ADMIN, 1,
      "{\"approval_policy\": {\"freeze\": {\"from\": \"2027-01-03T00:00:00Z\", "
      "\"until\": \"2026-12-20T00:00:00Z\"}}}",
      422, "validation_failed", "approval_policy.freeze.until", NULL },
    { "freeze time not RFC 3339", AS_ADMIN, 1,
      "{\"approval_policy\": {\"freeze\": {\"from\": \"next Tuesday\"}}}",
      422, "validation_failed", "approval_policy.freeze.from", NULL },
    { "assignee not a member", AS_ADMIN, 1,
      "{\"approval_policy\": {\"assignee_ids\": [\"%ADMIN%\", \"%OUTSIDER%\"]}}",
      422, "validation_failed", "approval_policy.assignee_ids[1]", NULL },
    { "assignee unknown", AS_ADMIN, 1,
      "{\"approval_policy\": {\"assignee_ids\": [\"usr_aaaaaaaaaaaaaaaaaaaa\"]}}",
      422, "validation_failed", "approval_policy.assignee_ids[0]", NULL },
    { "assignee's role is not a reviewer role", AS_ADMIN, 1,
      "{\"approval_policy\": {\"assignee_ids\": [\"%DEV%\"]}}",
      422, "validation_failed", "approval_policy.assignee_ids[0]", NULL },
    { "assignee a reviewer, but reviewers do not review", AS_ADMIN, 1,
      "{\"approval_policy\": {\"reviewer_roles\": [\"admin\"], \"assignee_ids\": [\"%REVIEWER%\"]}}",
      422, "validation_failed", "approval_policy.assignee_ids[0]", NULL },
    { "assignee twice", AS_ADMIN, 1,
      "{\"approval_policy\": {\"assignee_ids\": [\"%ADMIN%\", \"%ADMIN%\"]}}",
      422, "validation_failed", "approval_policy.assignee_ids[1]", NULL },
    { "a valid type does not save an invalid policy", AS_ADMIN, 1,
      "{\"type\": \"sit\", \"approval_policy\": {\"expiry_days\": 0}}",
      422, "validation_failed", "approval_policy.expiry_days", NULL },
  };
  g_autoptr(ScTestResponse) before = get_org (f, f->dev_id);
  const char *etag = sc_test_get_string (before->body, "etag");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const PatchRefusal *row = &rows[i];
      g_autofree char *body = expand (f, row->body);
      g_autoptr(ScTestResponse) r = NULL;
      g_autoptr(ScTestResponse) after = NULL;

      g_test_message ("row %u: %s", i, row->why);
      r = patch_org (f, row->caller, f->dev_id,
                     row->if_match == 0 ? NULL : row->if_match == 1 ? etag : "stale-etag", body);
      sc_assert_error (r, row->status, row->code);
      if (row->field != NULL)
        assert_field (r, row->field);
      if (row->rule != NULL)
        assert_rule (r, row->rule);

      after = get_org (f, f->dev_id);
      g_assert_cmpstr (sc_test_get_string (after->body, "etag"), ==, etag);
      g_assert_true (json_node_equal (after->body, before->body));
    }

  {
    g_autoptr(ScTestResponse) unknown = patch_org (f, AS_ADMIN, "org_aaaaaaaaaaaaaaaaaaaa", etag,
                                                   "{\"type\": \"sit\"}");
    g_autofree char *audit_path = g_strconcat ("/orgs/", f->dev_id, "/audit", NULL);
    g_autoptr(ScTestResponse) audit = get_path (f, AS_ADMIN, audit_path);

    sc_assert_error (unknown, 404, "not_found");
    g_assert_cmpuint (sc_test_get_length (audit->body, "items"), ==, 0);
  }
}

static void
test_patch_assignees (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *etag = org_etag (f, f->dev_id);
  g_autofree char *body = expand (f,
    "{\"approval_policy\": {\"reviewer_roles\": [\"reviewer\"], \"assignee_ids\": [\"%REVIEWER%\"]}}");
  g_autoptr(ScTestResponse) r = patch_org (f, AS_ADMIN, f->dev_id, etag, body);
  g_autoptr(ScTestResponse) narrowed = NULL;
  g_autoptr(ScTestResponse) freeze = NULL;

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.assignee_ids[0]"), ==,
                   f->user_ids[AS_REVIEWER]);

  /* dropping the assignee's role from the reviewer roles strands them */
  narrowed = patch_org (f, AS_ADMIN, f->dev_id, sc_test_get_string (r->body, "etag"),
                        "{\"approval_policy\": {\"reviewer_roles\": [\"admin\"]}}");
  assert_field (narrowed, "approval_policy.assignee_ids[0]");

  /* a change that does not touch assignees or roles is not held up */
  freeze = patch_org (f, AS_ADMIN, f->dev_id, sc_test_get_string (r->body, "etag"),
                      "{\"approval_policy\": {\"freeze\": {\"active\": true, \"reason\": \"Audit\"}}}");
  sc_assert_status (freeze, 200);
  g_assert_true (sc_test_get_bool (freeze->body, "approval_policy.freeze.active"));
}

/* --- members ---------------------------------------------------------------- */

static void
test_members (Fixture       *f,
              gconstpointer  data)
{
  /* by name (the harness names users by their e-mail) */
  const Caller expected[] = { AS_DEVELOPER, AS_REVIEWER, AS_VIEWER, AS_ADMIN };
  const char *roles[] = { "developer", "reviewer", "viewer", "admin" };
  g_autofree char *path = g_strconcat ("/orgs/", f->dev_id, "/members", NULL);
  g_autoptr(ScTestResponse) r = get_path (f, AS_VIEWER, path);
  g_autofree char *cursor = NULL;
  guint seen = 0;

  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *user_id = g_strdup_printf ("items[%u].user_id", i);
      g_autofree char *role = g_strdup_printf ("items[%u].role", i);
      g_autofree char *email = g_strdup_printf ("items[%u].email", i);
      g_autofree char *name = g_strdup_printf ("items[%u].name", i);

      g_assert_cmpstr (sc_test_get_string (r->body, user_id), ==, f->user_ids[expected[i]]);
      g_assert_cmpstr (sc_test_get_string (r->body, role), ==, roles[i]);
      g_assert_nonnull (sc_test_get_string (r->body, email));
      g_assert_nonnull (sc_test_get_string (r->body, name));
    }
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "next_cursor")));

  /* limit=1 walks every member once, in the same order */
  for (;;)
    {
      g_autofree char *page_path = cursor != NULL
        ? g_strconcat (path, "?limit=1&cursor=", cursor, NULL)
        : g_strconcat (path, "?limit=1", NULL);
      g_autoptr(ScTestResponse) p = get_path (f, AS_VIEWER, page_path);

      sc_assert_status (p, 200);
      g_assert_cmpuint (sc_test_get_length (p->body, "items"), ==, 1);
      g_assert_cmpuint (seen, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (sc_test_get_string (p->body, "items[0].user_id"), ==,
                       f->user_ids[expected[seen]]);
      seen++;
      g_free (cursor);
      cursor = g_strdup (sc_test_get_string (p->body, "next_cursor"));
      if (cursor == NULL)
        break;
    }
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (expected));

  {
    /* each row: a page request the server must refuse with 400 */
    const char *bad[] = {
      "?limit=0",           /* below 1 */
      "?limit=501",         /* above 500 */
      "?limit=ten",         /* not a number */
      "?cursor=%21%21",     /* not base64url */
      "?cursor=YWJj",       /* base64url of "abc", not a position */
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *bad_path = g_strconcat (path, bad[i], NULL);
        g_autoptr(ScTestResponse) b = get_path (f, AS_VIEWER, bad_path);

        g_test_message ("bad page %s", bad[i]);
        sc_assert_error (b, 400, "bad_request");
      }
  }

  {
    g_autoptr(ScTestResponse) outsider = get_path (f, AS_OUTSIDER, path);
    g_autoptr(ScTestResponse) unknown = get_path (f, AS_ADMIN, "/orgs/org_aaaaaaaaaaaaaaaaaaaa/members");
    g_autoptr(ScTestResponse) nobody = get_path (f, AS_NOBODY, path);

    sc_assert_error (outsider, 404, "not_found");
    sc_assert_error (unknown, 404, "not_found");
    sc_assert_error (nobody, 401, "unauthenticated");
  }
}

/* --- mappings -------------------------------------------------------------- */

static ScTestResponse *
post_mapping (Fixture    *f,
              Caller      caller,
              const char *source_id,
              const char *body)
{
  g_autofree char *path = g_strconcat ("/orgs/", source_id, "/mappings", NULL);

  return sc_test_request (f->server, "POST", path, f->tokens[caller], body, NULL);
}

static ScTestResponse *
list_mappings (Fixture    *f,
               const char *org_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, "/mappings", NULL);
  ScTestResponse *r = get_path (f, AS_ADMIN, path);

  sc_assert_status (r, 200);
  return r;
}

static void
test_mappings (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}",
                                           f->stage_id);
  g_autoptr(ScTestResponse) created = post_mapping (f, AS_ADMIN, f->dev_id, body);
  g_autoptr(ScTestResponse) from_source = NULL;
  g_autoptr(ScTestResponse) from_target = NULL;
  g_autoptr(ScTestResponse) back = NULL;
  g_autoptr(ScTestResponse) duplicate = NULL;
  g_autoptr(ScTestResponse) as_viewer = NULL;
  g_autoptr(ScTestResponse) page = NULL;
  g_autofree char *back_body = NULL;
  g_autofree char *viewer_path = NULL;
  const char *id;

  sc_assert_status (created, 201);
  id = sc_test_get_string (created->body, "id");
  g_assert_true (g_str_has_prefix (id, "map_"));
  g_assert_cmpstr (sc_test_get_string (created->body, "source_org_id"), ==, f->dev_id);
  g_assert_cmpstr (sc_test_get_string (created->body, "source_org_name"), ==, "Acme Development");
  g_assert_cmpstr (sc_test_get_string (created->body, "target_org_id"), ==, f->stage_id);
  g_assert_cmpstr (sc_test_get_string (created->body, "target_org_name"), ==, "Acme Staging");
  g_assert_cmpstr (sc_test_get_string (created->body, "relation"), ==, "default");

  /* the reverse direction is another mapping */
  back_body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"sibling\"}", f->dev_id);
  back = post_mapping (f, AS_ADMIN, f->stage_id, back_body);
  sc_assert_status (back, 201);
  g_assert_cmpstr (sc_test_get_string (back->body, "relation"), ==, "sibling");

  /* both orgs see both, newest first */
  from_source = list_mappings (f, f->dev_id);
  g_assert_cmpuint (sc_test_get_length (from_source->body, "items"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (from_source->body, "items[0].id"), ==,
                   sc_test_get_string (back->body, "id"));
  g_assert_cmpstr (sc_test_get_string (from_source->body, "items[1].id"), ==, id);
  g_assert_true (json_node_equal (sc_test_get (from_source->body, "items[1]"), created->body));
  from_target = list_mappings (f, f->stage_id);
  g_assert_true (json_node_equal (from_target->body, from_source->body));

  {
    g_autofree char *page_path = g_strconcat ("/orgs/", f->dev_id, "/mappings?limit=1", NULL);
    g_autofree char *next_path = NULL;
    g_autoptr(ScTestResponse) next = NULL;

    page = get_path (f, AS_ADMIN, page_path);
    sc_assert_status (page, 200);
    g_assert_cmpuint (sc_test_get_length (page->body, "items"), ==, 1);
    next_path = g_strconcat (page_path, "&cursor=", sc_test_get_string (page->body, "next_cursor"), NULL);
    next = get_path (f, AS_ADMIN, next_path);
    sc_assert_status (next, 200);
    g_assert_cmpstr (sc_test_get_string (next->body, "items[0].id"), ==, id);
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (next->body, "next_cursor")));
  }

  /* any member may read them; others may not */
  viewer_path = g_strconcat ("/orgs/", f->dev_id, "/mappings", NULL);
  as_viewer = get_path (f, AS_VIEWER, viewer_path);
  sc_assert_status (as_viewer, 200);
  g_assert_cmpuint (sc_test_get_length (as_viewer->body, "items"), ==, 2);
  {
    g_autoptr(ScTestResponse) outsider = get_path (f, AS_OUTSIDER, viewer_path);
    g_autoptr(ScTestResponse) nobody = get_path (f, AS_NOBODY, viewer_path);

    sc_assert_error (outsider, 404, "not_found");
    sc_assert_error (nobody, 401, "unauthenticated");
  }

  {
    g_autofree char *sibling = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"sibling\"}",
                                                f->stage_id);

    /* the pair is mapped already, whatever the relation */
    duplicate = post_mapping (f, AS_ADMIN, f->dev_id, sibling);
    sc_assert_error (duplicate, 409, "conflict");
    g_assert_nonnull (strstr (sc_test_get_string (duplicate->body, "error.message"), "Acme Staging"));
  }
}

typedef struct {
  const char *why;
  Caller      caller;
  int         source;   /* 0 Development, 1 Loose Org (admin is made its admin), 2 unknown */
  const char *body;     /* TARGET, LOOSE, SELF and PROD are replaced by org ids */
  guint       status;
  const char *code;
  const char *field;
  const char *rule;
} MappingRefusal;

static void
test_mapping_refusals (Fixture       *f,
                       gconstpointer  data)
{
  static const MappingRefusal rows[] = {
    { "no token", AS_NOBODY, 0, "{\"target_org_id\": \"TARGET\", \"relation\": \"default\"}",
      401, "unauthenticated", NULL, NULL },
    { "not a member of the source", AS_OUTSIDER, 0,
      "{\"target_org_id\": \"TARGET\", \"relation\": \"default\"}", 404, "not_found", NULL, NULL },
    { "unknown source", AS_ADMIN, 2, "{\"target_org_id\": \"TARGET\", \"relation\": \"default\"}",
      404, "not_found", NULL, NULL },
    { "viewers may not", AS_VIEWER, 0, "{\"target_org_id\": \"TARGET\", \"relation\": \"default\"}",
      403, "forbidden", NULL, NULL },
    { "developers may not", AS_DEVELOPER, 0,
      "{\"target_org_id\": \"TARGET\", \"relation\": \"default\"}", 403, "forbidden", NULL, NULL },
    { "reviewers may not", AS_REVIEWER, 0,
      "{\"target_org_id\": \"TARGET\", \"relation\": \"default\"}", 403, "forbidden", NULL, NULL },
    { "not JSON", AS_ADMIN, 0, "{\"target_org_id\"", 400, "bad_request", NULL, NULL },
    { "target id is a number", AS_ADMIN, 0, "{\"target_org_id\": 5, \"relation\": \"default\"}",
      400, "bad_request", NULL, NULL },
    { "relation is a bool", AS_ADMIN, 0, "{\"target_org_id\": \"TARGET\", \"relation\": true}",
      400, "bad_request", NULL, NULL },
    { "target missing", AS_ADMIN, 0, "{\"relation\": \"default\"}",
      422, "validation_failed", "target_org_id", NULL },
    { "relation missing", AS_ADMIN, 0, "{\"target_org_id\": \"TARGET\"}",
      422, "validation_failed", "relation", NULL },
    { "unknown member", AS_ADMIN, 0,
      "{\"target_org_id\": \"TARGET\", \"relation\": \"default\", \"note\": \"x\"}",
      422, "validation_failed", "note", NULL },
    { "unknown relation", AS_ADMIN, 0, "{\"target_org_id\": \"TARGET\", \"relation\": \"cousin\"}",
      422, "validation_failed", "relation", NULL },
    { "target does not exist", AS_ADMIN, 0,
      "{\"target_org_id\": \"org_aaaaaaaaaaaaaaaaaaaa\", \"relation\": \"default\"}",
      422, "validation_failed", "target_org_id", NULL },
    { "an org cannot map to itself", AS_ADMIN, 0, "{\"target_org_id\": \"SELF\", \"relation\": \"sibling\"}",
      422, "validation_failed", "target_org_id", NULL },
    { "target not registered", AS_ADMIN, 0, "{\"target_org_id\": \"LOOSE\", \"relation\": \"default\"}",
      422, "validation_failed", NULL, "registration" },
    { "source not registered", AS_ADMIN, 1, "{\"target_org_id\": \"PROD\", \"relation\": \"default\"}",
      422, "validation_failed", NULL, "registration" },
  };
  g_autofree char *again = sc_test_server_add_user (f->server, "zoe@acme.test", f->loose_id,
                                                    "admin", NULL);
  g_autoptr(ScTestResponse) dev_before = list_mappings (f, f->dev_id);
  g_autoptr(ScTestResponse) loose_before = list_mappings (f, f->loose_id);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const MappingRefusal *row = &rows[i];
      const char *sources[] = { f->dev_id, f->loose_id, "org_aaaaaaaaaaaaaaaaaaaa" };
      g_autoptr(GString) body = g_string_new (row->body);
      g_autoptr(ScTestResponse) r = NULL;
      g_autoptr(ScTestResponse) dev_after = NULL;
      g_autoptr(ScTestResponse) loose_after = NULL;

      g_string_replace (body, "TARGET", f->stage_id, 0);
      g_string_replace (body, "LOOSE", f->loose_id, 0);
      g_string_replace (body, "SELF", sources[row->source], 0);
      g_string_replace (body, "PROD", f->prod_id, 0);

      g_test_message ("row %u: %s", i, row->why);
      r = post_mapping (f, row->caller, sources[row->source], body->str);
      sc_assert_error (r, row->status, row->code);
      if (row->field != NULL)
        assert_field (r, row->field);
      if (row->rule != NULL)
        assert_rule (r, row->rule);

      dev_after = list_mappings (f, f->dev_id);
      loose_after = list_mappings (f, f->loose_id);
      g_assert_true (json_node_equal (dev_after->body, dev_before->body));
      g_assert_true (json_node_equal (loose_after->body, loose_before->body));
    }
}

static void
test_mapping_delete (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}",
                                           f->dev_id);
  g_autoptr(ScTestResponse) created = post_mapping (f, AS_ADMIN, f->stage_id, body);
  g_autofree char *path = NULL;
  /* each row: who tries to delete the Staging → Development mapping, and why they may not */
  const struct { const char *why; Caller caller; guint status; const char *code; } rows[] = {
    { "no token", AS_NOBODY, 401, "unauthenticated" },
    { "member of the target only: sees it, may not remove it", AS_DEVELOPER, 403, "forbidden" },
    { "member of neither", AS_OUTSIDER, 404, "not_found" },
  };

  sc_assert_status (created, 201);
  path = g_strconcat ("/mappings/", sc_test_get_string (created->body, "id"), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "DELETE", path, f->tokens[rows[i].caller],
                                                     NULL, NULL);
      g_autoptr(ScTestResponse) after = list_mappings (f, f->stage_id);

      g_test_message ("row %u: %s", i, rows[i].why);
      sc_assert_error (r, rows[i].status, rows[i].code);
      g_assert_cmpuint (sc_test_get_length (after->body, "items"), ==, 1);
    }

  {
    /* a developer of Staging sees the mapping but may not remove it */
    g_autofree char *token = sc_test_server_add_user (f->server, "dan@acme.test", f->stage_id,
                                                      "developer", NULL);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "DELETE", path, token, NULL, NULL);
    g_autoptr(ScTestResponse) after = list_mappings (f, f->stage_id);

    sc_assert_error (r, 403, "forbidden");
    g_assert_nonnull (strstr (sc_test_get_string (r->body, "error.message"), "Acme Staging"));
    g_assert_cmpuint (sc_test_get_length (after->body, "items"), ==, 1);
  }

  {
    g_autoptr(ScTestResponse) unknown = sc_test_request (f->server, "DELETE", "/mappings/map_aaaaaaaaaaaaaaaaaaaa",
                                                         f->tokens[AS_ADMIN], NULL, NULL);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "DELETE", path, f->tokens[AS_ADMIN], NULL, NULL);
    g_autoptr(ScTestResponse) after = list_mappings (f, f->stage_id);
    g_autoptr(ScTestResponse) again = sc_test_request (f->server, "DELETE", path, f->tokens[AS_ADMIN],
                                                       NULL, NULL);

    sc_assert_error (unknown, 404, "not_found");
    sc_assert_status (r, 204);
    g_assert_cmpstr (r->text, ==, "");
    g_assert_cmpuint (sc_test_get_length (after->body, "items"), ==, 0);
    sc_assert_error (again, 404, "not_found");
  }
}

/* --- audit ------------------------------------------------------------------- */

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *etag = org_etag (f, f->dev_id);
  g_autofree char *audit_path = g_strconcat ("/orgs/", f->dev_id, "/audit", NULL);
  g_autofree char *mapping_body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}",
                                                   f->stage_id);
  g_autoptr(ScTestResponse) typed = patch_org (f, AS_ADMIN, f->dev_id, etag, "{\"type\": \"sit\"}");
  g_autoptr(ScTestResponse) policy = NULL;
  g_autoptr(ScTestResponse) mapping = NULL;
  g_autoptr(ScTestResponse) deleted = NULL;
  g_autoptr(ScTestResponse) audit = NULL;
  g_autoptr(ScTestResponse) staging_audit = NULL;
  g_autofree char *delete_path = NULL;
  g_autofree char *staging_path = NULL;
  const char *mapping_id;
  /* newest first */
  const char *actions[] = { "mapping.deleted", "mapping.created", "org.updated", "org.updated" };

  sc_assert_status (typed, 200);
  policy = patch_org (f, AS_ADMIN, f->dev_id, sc_test_get_string (typed->body, "etag"),
                      "{\"approval_policy\": {\"enabled\": true, \"freeze\": {\"active\": true}}}");
  sc_assert_status (policy, 200);
  mapping = post_mapping (f, AS_ADMIN, f->dev_id, mapping_body);
  sc_assert_status (mapping, 201);
  mapping_id = sc_test_get_string (mapping->body, "id");
  delete_path = g_strconcat ("/mappings/", mapping_id, NULL);
  deleted = sc_test_request (f->server, "DELETE", delete_path, f->tokens[AS_ADMIN], NULL, NULL);
  sc_assert_status (deleted, 204);

  audit = get_path (f, AS_ADMIN, audit_path);
  sc_assert_status (audit, 200);
  g_assert_cmpuint (sc_test_get_length (audit->body, "items"), ==, G_N_ELEMENTS (actions));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autofree char *action = g_strdup_printf ("items[%u].action", i);
      g_autofree char *actor_id = g_strdup_printf ("items[%u].actor.id", i);
      g_autofree char *actor_email = g_strdup_printf ("items[%u].actor.email", i);
      g_autofree char *id = g_strdup_printf ("items[%u].id", i);
      g_autofree char *at = g_strdup_printf ("items[%u].at", i);

      g_assert_cmpstr (sc_test_get_string (audit->body, action), ==, actions[i]);
      g_assert_cmpstr (sc_test_get_string (audit->body, actor_id), ==, f->user_ids[AS_ADMIN]);
      g_assert_cmpstr (sc_test_get_string (audit->body, actor_email), ==, "zoe@acme.test");
      g_assert_true (g_str_has_prefix (sc_test_get_string (audit->body, id), "aud_"));
      g_assert_nonnull (sc_test_get_string (audit->body, at));
    }

  /* the deletion and creation name the mapping */
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[0].target.type"), ==, "mapping");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[0].target.id"), ==, mapping_id);
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[0].details.target_org_id"), ==, f->stage_id);
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[1].target.id"), ==, mapping_id);
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[1].details.relation"), ==, "default");

  /* the policy change lists the members that changed */
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].target.type"), ==, "org");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].target.id"), ==, f->dev_id);
  g_assert_cmpuint (sc_test_get_length (audit->body, "items[2].details.changed"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].details.changed[0]"), ==,
                   "approval_policy.enabled");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].details.changed[1]"), ==,
                   "approval_policy.freeze");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].details.old_type"), ==, "sit");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].details.new_type"), ==, "sit");

  /* the type change names the old and new type */
  g_assert_cmpuint (sc_test_get_length (audit->body, "items[3].details.changed"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[3].details.changed[0]"), ==, "type");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[3].details.old_type"), ==, "dev");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[3].details.new_type"), ==, "sit");

  /* mapping events belong to the source org only */
  staging_path = g_strconcat ("/orgs/", f->stage_id, "/audit", NULL);
  staging_audit = get_path (f, AS_ADMIN, staging_path);
  sc_assert_status (staging_audit, 200);
  g_assert_cmpuint (sc_test_get_length (staging_audit->body, "items"), ==, 0);

  {
    /* two per page, newest first, across pages */
    g_autofree char *page_path = g_strconcat (audit_path, "?limit=2", NULL);
    g_autoptr(ScTestResponse) first = get_path (f, AS_ADMIN, page_path);
    g_autofree char *next_path = g_strconcat (page_path, "&cursor=",
                                              sc_test_get_string (first->body, "next_cursor"), NULL);
    g_autoptr(ScTestResponse) second = get_path (f, AS_ADMIN, next_path);

    sc_assert_status (first, 200);
    sc_assert_status (second, 200);
    g_assert_cmpstr (sc_test_get_string (first->body, "items[1].action"), ==, "mapping.created");
    g_assert_cmpuint (sc_test_get_length (second->body, "items"), ==, 2);
    g_assert_cmpstr (sc_test_get_string (second->body, "items[0].id"), ==,
                     sc_test_get_string (audit->body, "items[2].id"));
    g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (second->body, "next_cursor")));
  }

  {
    /* each row: who may not read the audit log */
    const struct { Caller caller; guint status; const char *code; } rows[] = {
      { AS_NOBODY, 401, "unauthenticated" },
      { AS_OUTSIDER, 404, "not_found" },
      { AS_VIEWER, 403, "forbidden" },
      { AS_DEVELOPER, 403, "forbidden" },
      { AS_REVIEWER, 403, "forbidden" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autoptr(ScTestResponse) r = get_path (f, rows[i].caller, audit_path);

        sc_assert_error (r, rows[i].status, rows[i].code);
      }
  }
}

/* The audit table refuses UPDATE and DELETE on either engine (triggers),
 * even to a connection that goes straight at the database. */
static void
test_audit_append_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *etag = org_etag (f, f->dev_id);
  g_autoptr(ScTestResponse) typed = patch_org (f, AS_ADMIN, f->dev_id, etag, "{\"type\": \"sit\"}");
  /* each row: a statement that tries to rewrite history */
  const char *statements[] = {
    "UPDATE audit_events SET action = 'nothing.happened'",
    "UPDATE audit_events SET details = '{}' WHERE action = 'org.updated'",
    "DELETE FROM audit_events",
    "DELETE FROM audit_events WHERE action = 'org.updated'",
  };
  g_autoptr(ScDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *action = NULL;

  sc_assert_status (typed, 200);

  /* straight at the server's database, past the API */
  db = sc_db_open (f->server->database, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sc_test_server_db_int (f->server, "SELECT count(*) FROM audit_events", NULL), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(GError) refused = NULL;

      g_assert_false (sc_db_exec (db, statements[i], &refused));
      g_test_message ("%s: %s", statements[i], refused->message);
      g_assert_error (refused, SC_DB_ERROR, SC_DB_ERROR_CONSTRAINT);
      g_assert_nonnull (strstr (refused->message, "append-only"));
      g_assert_cmpint (sc_test_server_db_int (f->server, "SELECT count(*) FROM audit_events", NULL), ==, 1);
    }

  action = sc_test_server_db_text (f->server, "SELECT action FROM audit_events", NULL);
  g_assert_cmpstr (action, ==, "org.updated");
}

/* With a fault injected between the write and its audit event, nothing of
 * the change is kept. Runs with SC_TEST_FAULT naming the store's fault
 * points "org.update", "mapping.create" and "mapping.delete". */
static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
#if SC_ENABLE_TEST_HOOKS
  const char *fault = data;
  g_autofree char *audit_path = g_strconcat ("/orgs/", f->dev_id, "/audit", NULL);
  g_autoptr(ScTestResponse) before = get_org (f, f->dev_id);
  g_autoptr(ScTestResponse) after = NULL;
  g_autoptr(ScTestResponse) mappings = NULL;
  g_autoptr(ScTestResponse) audit = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  if (g_str_equal (fault, "org.update"))
    {
      r = patch_org (f, AS_ADMIN, f->dev_id, sc_test_get_string (before->body, "etag"),
                     "{\"type\": \"sit\", \"approval_policy\": {\"enabled\": true}}");
      sc_assert_error (r, 500, "internal");
    }
  else
    {
      g_autofree char *body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}",
                                               f->stage_id);

      r = post_mapping (f, AS_ADMIN, f->dev_id, body);
      if (g_str_equal (fault, "mapping.create"))
        {
          sc_assert_error (r, 500, "internal");
        }
      else
        {
          g_autofree char *path = NULL;
          g_autoptr(ScTestResponse) deleted = NULL;

          sc_assert_status (r, 201);
          path = g_strconcat ("/mappings/", sc_test_get_string (r->body, "id"), NULL);
          deleted = sc_test_request (f->server, "DELETE", path, f->tokens[AS_ADMIN], NULL, NULL);
          sc_assert_error (deleted, 500, "internal");
        }
    }

  after = get_org (f, f->dev_id);
  g_assert_true (json_node_equal (after->body, before->body));
  mappings = list_mappings (f, f->dev_id);
  audit = get_path (f, AS_ADMIN, audit_path);
  sc_assert_status (audit, 200);
  if (g_str_equal (fault, "mapping.delete"))
    {
      /* the mapping and its creation stay; the deletion left no trace */
      g_assert_cmpuint (sc_test_get_length (mappings->body, "items"), ==, 1);
      g_assert_cmpuint (sc_test_get_length (audit->body, "items"), ==, 1);
      g_assert_cmpstr (sc_test_get_string (audit->body, "items[0].action"), ==, "mapping.created");
    }
  else
    {
      g_assert_cmpuint (sc_test_get_length (mappings->body, "items"), ==, 0);
      g_assert_cmpuint (sc_test_get_length (audit->body, "items"), ==, 0);
    }
#else
  g_test_skip ("built without test hooks");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/server/orgs/list-mine", test_list_mine);
  ADD ("/server/orgs/list-all", test_list_all);
  ADD ("/server/orgs/get", test_get);
  ADD ("/server/orgs/patch-round-trip", test_patch_round_trip);
  ADD ("/server/orgs/patch-noop", test_patch_noop);
  ADD ("/server/orgs/patch-refusals", test_patch_refusals);
  ADD ("/server/orgs/patch-assignees", test_patch_assignees);
  ADD ("/server/orgs/members", test_members);
  ADD ("/server/orgs/mappings", test_mappings);
  ADD ("/server/orgs/mapping-refusals", test_mapping_refusals);
  ADD ("/server/orgs/mapping-delete", test_mapping_delete);
  ADD ("/server/orgs/audit", test_audit);
  ADD ("/server/orgs/audit-append-only", test_audit_append_only);
#undef ADD
#define ADD_FAULT(name, point) \
  g_test_add (name, Fixture, point, fixture_set_up, test_atomic, fixture_tear_down)
  ADD_FAULT ("/server/orgs/atomic-patch", "org.update");
  ADD_FAULT ("/server/orgs/atomic-mapping-create", "mapping.create");
  ADD_FAULT ("/server/orgs/atomic-mapping-delete", "mapping.delete");
#undef ADD_FAULT

  return g_test_run ();
}
