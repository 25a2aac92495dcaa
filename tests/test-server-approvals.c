/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sc-test-server.h"

/* Approval requests against the real server: a Dev org (type dev) whose
 * path "Pipeline" leads (dev) → (stage) into a Staging org (uat) with
 * approvals on. People:
 *   ada  admin of Dev and Staging (sets things up; may promote directly)
 *   dan  developer in Dev, owner of the workflow: the usual requester
 *   val  viewer in Dev: sees the workflow, may not manage it
 *   rita, ron  reviewers in Staging
 *   vic  viewer in Staging: not a reviewer, sees nothing
 *   out  admin of an unrelated org */

typedef struct {
  ScTestServer *server;
  char         *dev_id;
  char         *stg_id;
  char         *other_id;
  char         *ada, *dan, *val, *rita, *ron, *vic, *out;
  char         *ada_id, *dan_id, *rita_id, *ron_id;
  char         *path_id;
  char         *workflow_id;
  char         *release_id;
} Fixture;

static char *
printf_json (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static char *
printf_json (const char *format,
             ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return text;
}

/* Sets members of the org's approval policy (a JSON object text). */
static void
patch_policy (Fixture    *f,
              const char *org_id,
              const char *policy)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, NULL);
  g_autofree char *body = printf_json ("{\"approval_policy\": %s}", policy);
  g_autoptr(ScTestResponse) get = sc_test_request (f->server, "GET", path, f->ada, NULL, NULL);
  g_autoptr(ScTestResponse) patch = NULL;

  sc_assert_status (get, 200);
  patch = sc_test_request (f->server, "PATCH", path, f->ada, body,
                           "If-Match", sc_test_get_string (get->body, "etag"), NULL);
  sc_assert_status (patch, 200);
}

static char *
create_workflow (Fixture    *f,
                 const char *token,
                 const char *name,
                 const char *url,
                 char      **release_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", f->dev_id, "/workflows", NULL);
  g_autofree char *body = printf_json ("{\"name\": \"%s\", \"steps\": [{\"id\": \"s1\", \"name\": \"Fetch\"}],"
                                       " \"trigger\": {\"url\": \"%s\", \"method\": \"POST\"}}",
                                       name, url);
  g_autoptr(ScTestResponse) created = sc_test_request (f->server, "POST", path, token, body, NULL);
  g_autoptr(ScTestResponse) release = NULL;
  g_autofree char *releases = NULL;
  char *id;

  sc_assert_status (created, 201);
  id = g_strdup (sc_test_get_string (created->body, "id"));
  releases = g_strconcat ("/workflows/", id, "/releases", NULL);
  release = sc_test_request (f->server, "POST", releases, token, "{\"notes\": \"first\"}", NULL);
  sc_assert_status (release, 201);
  *release_id = g_strdup (sc_test_get_string (release->body, "id"));
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *mappings = NULL;
  g_autofree char *paths = NULL;
  g_autoptr(ScTestResponse) mapping = NULL;
  g_autoptr(ScTestResponse) path = NULL;
  g_autofree char *scratch = NULL;

  /* a fault point named by the case fails that write in the server */
  if (data != NULL)
    g_setenv ("SC_TEST_FAULT", data, TRUE);
  f->server = sc_test_server_start (FALSE, NULL);
  g_unsetenv ("SC_TEST_FAULT");
  f->dev_id = sc_test_server_add_org (f->server, "Dev Org", "dev");
  f->stg_id = sc_test_server_add_org (f->server, "Staging Org", "uat");
  f->other_id = sc_test_server_add_org (f->server, "Other Org", "dev");

  f->ada = sc_test_server_add_user (f->server, "ada@example.test", f->dev_id, "admin", &f->ada_id);
  scratch = sc_test_server_add_user (f->server, "ada@example.test", f->stg_id, "admin", NULL);
  f->dan = sc_test_server_add_user (f->server, "dan@example.test", f->dev_id, "developer", &f->dan_id);
  f->val = sc_test_server_add_user (f->server, "val@example.test", f->dev_id, "viewer", NULL);
  f->rita = sc_test_server_add_user (f->server, "rita@example.test", f->stg_id, "reviewer", &f->rita_id);
  f->ron = sc_test_server_add_user (f->server, "ron@example.test", f->stg_id, "reviewer", &f->ron_id);
  f->vic = sc_test_server_add_user (f->server, "vic@example.test", f->stg_id, "viewer", NULL);
  f->out = sc_test_server_add_user (f->server, "out@example.test", f->other_id, "admin", NULL);

  mappings = g_strconcat ("/orgs/", f->dev_id, "/mappings", NULL);
  body = printf_json ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->stg_id);
  mapping = sc_test_request (f->server, "POST", mappings, f->ada, body, NULL);
  sc_assert_status (mapping, 201);

  g_free (body);
  paths = g_strconcat ("/orgs/", f->dev_id, "/promotion-paths", NULL);
  body = printf_json ("{\"name\": \"Pipeline\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"%s\"},"
                      " {\"tag\": \"stage\", \"org_id\": \"%s\"}]}", f->dev_id, f->stg_id);
  path = sc_test_request (f->server, "POST", paths, f->ada, body, NULL);
  sc_assert_status (path, 201);
  f->path_id = g_strdup (sc_test_get_string (path->body, "id"));

  patch_policy (f, f->stg_id,
                "{\"enabled\": true, \"reviewer_roles\": [\"admin\", \"reviewer\"],"
                " \"required_approvals\": 1, \"expiry_days\": 7}");

  f->workflow_id = create_workflow (f, f->dan, "Invoice sync", "/hooks/invoices", &f->release_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->dev_id);
  g_free (f->stg_id);
  g_free (f->other_id);
  g_free (f->ada);
  g_free (f->dan);
  g_free (f->val);
  g_free (f->rita);
  g_free (f->ron);
  g_free (f->vic);
  g_free (f->out);
  g_free (f->ada_id);
  g_free (f->dan_id);
  g_free (f->rita_id);
  g_free (f->ron_id);
  g_free (f->path_id);
  g_free (f->workflow_id);
  g_free (f->release_id);
}

/* --- helpers ---------------------------------------------------------------- */

static char *
request_body (Fixture    *f,
              const char *release_id,
              const char *stage)
{
  return printf_json ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"%s\","
                      " \"message\": \"Please review\"}",
                      release_id, f->path_id, stage);
}

static ScTestResponse *
post_request (Fixture    *f,
              const char *token,
              const char *release_id)
{
  g_autofree char *body = request_body (f, release_id, "stage");

  return sc_test_request (f->server, "POST", "/approval-requests", token, body, NULL);
}

/* Creates a request for @release_id by @token and returns its id. */
static char *
make_request (Fixture    *f,
              const char *token,
              const char *release_id)
{
  g_autoptr(ScTestResponse) r = post_request (f, token, release_id);

  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

static ScTestResponse *
get_request (Fixture    *f,
             const char *token,
             const char *id)
{
  g_autofree char *path = g_strconcat ("/approval-requests/", id, NULL);

  return sc_test_request (f->server, "GET", path, token, NULL, NULL);
}

static ScTestResponse *
decide (Fixture    *f,
        const char *token,
        const char *id,
        const char *decision)
{
  g_autofree char *path = g_strconcat ("/approval-requests/", id, "/decisions", NULL);
  g_autofree char *body = printf_json ("{\"decision\": \"%s\", \"comment\": \"Looks fine\"}", decision);

  return sc_test_request (f->server, "POST", path, token, body, NULL);
}

static ScTestResponse *
cancel (Fixture    *f,
        const char *token,
        const char *id)
{
  g_autofree char *path = g_strconcat ("/approval-requests/", id, "/cancel", NULL);

  return sc_test_request (f->server, "POST", path, token, NULL, NULL);
}

/* The request as its requester dan sees it: state and number of decisions. */
static void
assert_request (Fixture    *f,
                const char *id,
                const char *state,
                guint       n_decisions)
{
  g_autoptr(ScTestResponse) r = get_request (f, f->dan, id);

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, state);
  g_assert_cmpuint (sc_test_get_length (r->body, "decisions"), ==, n_decisions);
}

static gboolean
has_rule (JsonNode   *body,
          const char *rule)
{
  JsonNode *rules = sc_test_get (body, "error.details.rules");

  if (rules == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rules)); i++)
    {
      g_autofree char *path = g_strdup_printf ("error.details.rules[%u].rule", i);

      if (g_strcmp0 (sc_test_get_string (body, path), rule) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
sql (Fixture    *f,
     const char *statement)
{
  sc_test_server_sql (f->server, statement);
}

/* The audit actions of @org_id, oldest first, joined by spaces. */
static char *
audit_actions (Fixture    *f,
               const char *org_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, "/audit", NULL);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->ada, NULL, NULL);
  g_autoptr(GString) actions = g_string_new (NULL);
  guint n;

  sc_assert_status (r, 200);
  n = sc_test_get_length (r->body, "items");
  for (guint i = n; i > 0; i--)
    {
      g_autofree char *member = g_strdup_printf ("items[%u].action", i - 1);
      const char *action = sc_test_get_string (r->body, member);

      if (g_str_has_prefix (action, "approval."))
        g_string_append_printf (actions, "%s%s", actions->len > 0 ? " " : "", action);
    }
  return g_string_free (g_steal_pointer (&actions), FALSE);
}

/* --- cases ------------------------------------------------------------------ */

static void
test_approve_then_promote (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScTestResponse) created = NULL;
  g_autoptr(ScTestResponse) seen = NULL;
  g_autoptr(ScTestResponse) first = NULL;
  g_autoptr(ScTestResponse) again = NULL;
  g_autoptr(ScTestResponse) second = NULL;
  g_autoptr(ScTestResponse) promoted = NULL;
  g_autoptr(ScTestResponse) done = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autofree char *body = NULL;
  g_autofree char *actions = NULL;
  const char *id;

  patch_policy (f, f->stg_id, "{\"required_approvals\": 2}");

  created = post_request (f, f->dan, f->release_id);
  sc_assert_status (created, 201);
  id = sc_test_get_string (created->body, "id");
  g_assert_true (g_str_has_prefix (id, "apr_"));
  g_assert_cmpstr (sc_test_get_string (created->body, "state"), ==, "pending");
  g_assert_cmpstr (sc_test_get_string (created->body, "workflow.id"), ==, f->workflow_id);
  g_assert_cmpstr (sc_test_get_string (created->body, "workflow.name"), ==, "Invoice sync");
  g_assert_cmpstr (sc_test_get_string (created->body, "release.id"), ==, f->release_id);
  g_assert_cmpint (sc_test_get_int (created->body, "release.version"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (created->body, "path.id"), ==, f->path_id);
  g_assert_cmpstr (sc_test_get_string (created->body, "path.name"), ==, "Pipeline");
  g_assert_cmpstr (sc_test_get_string (created->body, "source.tag"), ==, "dev");
  g_assert_cmpstr (sc_test_get_string (created->body, "source.org_id"), ==, f->dev_id);
  g_assert_cmpstr (sc_test_get_string (created->body, "source.org_name"), ==, "Dev Org");
  g_assert_cmpstr (sc_test_get_string (created->body, "target.tag"), ==, "stage");
  g_assert_cmpstr (sc_test_get_string (created->body, "target.org_id"), ==, f->stg_id);
  g_assert_cmpstr (sc_test_get_string (created->body, "target.org_name"), ==, "Staging Org");
  g_assert_cmpstr (sc_test_get_string (created->body, "requester.id"), ==, f->dan_id);
  g_assert_cmpstr (sc_test_get_string (created->body, "requester.email"), ==, "dan@example.test");
  g_assert_nonnull (sc_test_get_string (created->body, "requester.name"));
  g_assert_cmpstr (sc_test_get_string (created->body, "message"), ==, "Please review");
  g_assert_cmpuint (sc_test_get_length (created->body, "decisions"), ==, 0);
  g_assert_cmpint (sc_test_get_int (created->body, "required_approvals"), ==, 2);
  g_assert_false (sc_test_get_bool (created->body, "can_decide"));
  g_assert_nonnull (sc_test_get_string (created->body, "cannot_decide_reason"));
  g_assert_nonnull (soup_message_headers_get_one (created->headers, "Location"));

  /* expires_at = created_at + 7 days */
  created_at = g_date_time_new_from_iso8601 (sc_test_get_string (created->body, "created_at"), NULL);
  expires_at = g_date_time_new_from_iso8601 (sc_test_get_string (created->body, "expires_at"), NULL);
  g_assert_nonnull (created_at);
  g_assert_nonnull (expires_at);
  g_assert_cmpint (g_date_time_difference (expires_at, created_at), ==, 7 * G_TIME_SPAN_DAY);

  /* a reviewer sees it and may decide */
  seen = get_request (f, f->rita, id);
  sc_assert_status (seen, 200);
  g_assert_true (sc_test_get_bool (seen->body, "can_decide"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (seen->body, "cannot_decide_reason")));

  /* the first of two approvals leaves it pending */
  first = decide (f, f->rita, id, "approve");
  sc_assert_status (first, 201);
  g_assert_cmpstr (sc_test_get_string (first->body, "state"), ==, "pending");
  g_assert_cmpuint (sc_test_get_length (first->body, "decisions"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (first->body, "decisions[0].reviewer.id"), ==, f->rita_id);
  g_assert_cmpstr (sc_test_get_string (first->body, "decisions[0].reviewer.email"), ==, "rita@example.test");
  g_assert_cmpstr (sc_test_get_string (first->body, "decisions[0].decision"), ==, "approve");
  g_assert_cmpstr (sc_test_get_string (first->body, "decisions[0].comment"), ==, "Looks fine");
  g_assert_nonnull (sc_test_get_string (first->body, "decisions[0].at"));
  g_assert_false (sc_test_get_bool (first->body, "can_decide"));

  /* the same reviewer twice does not count twice */
  again = decide (f, f->rita, id, "approve");
  sc_assert_error (again, 409, "conflict");
  g_assert_true (has_rule (again->body, "already_decided"));
  assert_request (f, id, "pending", 1);

  second = decide (f, f->ron, id, "approve");
  sc_assert_status (second, 201);
  g_assert_cmpstr (sc_test_get_string (second->body, "state"), ==, "approved");
  g_assert_cmpuint (sc_test_get_length (second->body, "decisions"), ==, 2);

  /* the requester completes it with Promote */
  body = printf_json ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\","
                      " \"approval_request_id\": \"%s\"}", f->release_id, f->path_id, id);
  promoted = sc_test_request (f->server, "POST", "/promotions", f->dan, body, NULL);
  sc_assert_status (promoted, 201);
  g_assert_cmpstr (sc_test_get_string (promoted->body, "outcome"), ==, "succeeded");

  done = get_request (f, f->dan, id);
  sc_assert_status (done, 200);
  g_assert_cmpstr (sc_test_get_string (done->body, "state"), ==, "completed");

  actions = audit_actions (f, f->stg_id);
  g_assert_true (g_str_has_prefix (actions, "approval.requested approval.approved approval.approved"));
}

static void
test_partial_approval_audit (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = g_strconcat ("/orgs/", f->stg_id, "/audit", NULL);
  g_autoptr(ScTestResponse) first = NULL;
  g_autoptr(ScTestResponse) second = NULL;
  g_autoptr(ScTestResponse) audit = NULL;

  patch_policy (f, f->stg_id, "{\"required_approvals\": 2}");
  id = make_request (f, f->dan, f->release_id);
  first = decide (f, f->rita, id, "approve");
  sc_assert_status (first, 201);
  second = decide (f, f->ron, id, "approve");
  sc_assert_status (second, 201);

  /* newest first: the final approval, then the partial one */
  audit = sc_test_request (f->server, "GET", path, f->ada, NULL, NULL);
  sc_assert_status (audit, 200);
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[0].action"), ==, "approval.approved");
  g_assert_true (sc_test_get_bool (audit->body, "items[0].details.final"));
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[0].target.id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[1].action"), ==, "approval.approved");
  g_assert_false (sc_test_get_bool (audit->body, "items[1].details.final"));
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].action"), ==, "approval.requested");
  g_assert_cmpstr (sc_test_get_string (audit->body, "items[2].actor.id"), ==, f->dan_id);
}

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(ScTestResponse) rejected = NULL;
  g_autoptr(ScTestResponse) late = NULL;
  g_autofree char *actions = NULL;

  patch_policy (f, f->stg_id, "{\"required_approvals\": 2}");
  id = make_request (f, f->dan, f->release_id);

  /* one reject rejects, whatever N is */
  rejected = decide (f, f->rita, id, "reject");
  sc_assert_status (rejected, 201);
  g_assert_cmpstr (sc_test_get_string (rejected->body, "state"), ==, "rejected");
  g_assert_cmpstr (sc_test_get_string (rejected->body, "decisions[0].decision"), ==, "reject");

  /* nothing more to decide */
  late = decide (f, f->ron, id, "approve");
  sc_assert_error (late, 409, "conflict");
  g_assert_true (has_rule (late->body, "state"));
  assert_request (f, id, "rejected", 1);

  actions = audit_actions (f, f->stg_id);
  g_assert_cmpstr (actions, ==, "approval.requested approval.rejected");
}

/* Who may not decide, one row per reason. */
static void
test_decision_refusals (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *ada_request = NULL;
  g_autofree char *dan_request = NULL;
  g_autofree char *policy = NULL;
  g_autofree char *ada_release = NULL;
  g_autofree char *ada_workflow = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  /* self-approval: ada requests as Dev admin and reviews as Staging admin */
  ada_workflow = create_workflow (f, f->ada, "Lead enrichment", "/hooks/leads", &ada_release);
  ada_request = make_request (f, f->ada, ada_release);
  r = decide (f, f->ada, ada_request, "approve");
  sc_assert_error (r, 403, "forbidden");
  g_assert_true (has_rule (r->body, "self_approval"));
  g_clear_pointer (&r, sc_test_response_free);
  r = get_request (f, f->ada, ada_request);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "pending");
  g_assert_cmpuint (sc_test_get_length (r->body, "decisions"), ==, 0);
  g_assert_false (sc_test_get_bool (r->body, "can_decide"));
  g_clear_pointer (&r, sc_test_response_free);

  dan_request = make_request (f, f->dan, f->release_id);

  /* wrong role: with only reviewers reviewing, an admin still sees the
   * request but may not decide */
  patch_policy (f, f->stg_id, "{\"reviewer_roles\": [\"reviewer\"]}");
  r = decide (f, f->ada, dan_request, "approve");
  sc_assert_error (r, 403, "forbidden");
  g_assert_true (has_rule (r->body, "reviewer_role"));
  g_clear_pointer (&r, sc_test_response_free);
  r = get_request (f, f->ada, dan_request);
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "can_decide"));
  g_clear_pointer (&r, sc_test_response_free);

  /* a viewer of the target org is no reviewer: it does not exist for them */
  r = decide (f, f->vic, dan_request, "approve");
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  r = decide (f, f->out, dan_request, "approve");
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);

  /* not an assignee: only rita is named */
  policy = printf_json ("{\"reviewer_roles\": [\"admin\", \"reviewer\"], \"assignee_ids\": [\"%s\"]}",
                        f->rita_id);
  patch_policy (f, f->stg_id, policy);
  r = decide (f, f->ron, dan_request, "approve");
  sc_assert_error (r, 403, "forbidden");
  g_assert_true (has_rule (r->body, "assignee"));
  g_clear_pointer (&r, sc_test_response_free);
  assert_request (f, dan_request, "pending", 0);

  r = get_request (f, f->ron, dan_request);
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "can_decide"));
  g_clear_pointer (&r, sc_test_response_free);

  r = decide (f, f->rita, dan_request, "approve");
  sc_assert_status (r, 201);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "approved");
  g_clear_pointer (&r, sc_test_response_free);

  /* already decided, and no longer pending */
  r = decide (f, f->rita, dan_request, "reject");
  sc_assert_error (r, 409, "conflict");
  g_assert_true (has_rule (r->body, "already_decided"));
  g_assert_true (has_rule (r->body, "state"));
  g_clear_pointer (&r, sc_test_response_free);
  assert_request (f, dan_request, "approved", 1);
}

static void
test_decision_bad_bodies (Fixture       *f,
                          gconstpointer  data)
{
  static const struct {
    const char *body;
    guint       status;
    const char *code;
    const char *field;
  } rows[] = {
    /* not JSON */
    { "{\"decision\": ", 400, "bad_request", NULL },
    /* wrong types */
    { "{\"decision\": 1}", 400, "bad_request", NULL },
    { "{\"decision\": \"approve\", \"comment\": 5}", 400, "bad_request", NULL },
    /* missing, unknown and invalid members */
    { "{}", 422, "validation_failed", "decision" },
    { "{\"decision\": \"approve\", \"extra\": 1}", 422, "validation_failed", "extra" },
    { "{\"decision\": \"maybe\"}", 422, "validation_failed", "decision" },
  };
  g_autofree char *id = make_request (f, f->dan, f->release_id);
  g_autofree char *path = g_strconcat ("/approval-requests/", id, "/decisions", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->rita, rows[i].body, NULL);

      sc_assert_error (r, rows[i].status, rows[i].code);
      if (rows[i].field != NULL)
        g_assert_cmpstr (sc_test_get_string (r->body, "error.details.fields[0].field"), ==, rows[i].field);
    }

  {
    g_autoptr(ScTestResponse) anonymous = sc_test_request (f->server, "POST", path, NULL,
                                                           "{\"decision\": \"approve\"}", NULL);
    g_autoptr(ScTestResponse) unknown = decide (f, f->rita, "apr_aaaaaaaaaaaaaaaaaaaa", "approve");

    sc_assert_error (anonymous, 401, "unauthenticated");
    sc_assert_error (unknown, 404, "not_found");
  }

  assert_request (f, id, "pending", 0);
}

static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = make_request (f, f->dan, f->release_id);
  g_autofree char *statement = NULL;
  g_autoptr(ScTestResponse) seen = NULL;
  g_autoptr(ScTestResponse) late = NULL;
  g_autoptr(ScTestResponse) cancelled = NULL;
  g_autoptr(ScTestResponse) expired = NULL;
  g_autoptr(ScTestResponse) pending = NULL;
  g_autoptr(ScTestResponse) again = NULL;

  statement = g_strdup_printf ("UPDATE approval_requests SET expires_at = '2020-01-01T00:00:00Z' "
                               "WHERE id = '%s'", id);
  sql (f, statement);

  seen = get_request (f, f->rita, id);
  sc_assert_status (seen, 200);
  g_assert_cmpstr (sc_test_get_string (seen->body, "state"), ==, "expired");
  g_assert_false (sc_test_get_bool (seen->body, "can_decide"));
  g_assert_nonnull (sc_test_get_string (seen->body, "cannot_decide_reason"));

  late = decide (f, f->rita, id, "approve");
  sc_assert_error (late, 409, "conflict");
  g_assert_true (has_rule (late->body, "expired"));
  cancelled = cancel (f, f->dan, id);
  sc_assert_error (cancelled, 409, "conflict");
  assert_request (f, id, "expired", 0);

  /* filters use the effective state */
  expired = sc_test_request (f->server, "GET", "/approval-requests?state=expired", f->dan, NULL, NULL);
  sc_assert_status (expired, 200);
  g_assert_cmpuint (sc_test_get_length (expired->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (expired->body, "items[0].state"), ==, "expired");
  pending = sc_test_request (f->server, "GET", "/approval-requests?state=pending", f->dan, NULL, NULL);
  sc_assert_status (pending, 200);
  g_assert_cmpuint (sc_test_get_length (pending->body, "items"), ==, 0);

  /* an expired request no longer holds the stage */
  again = post_request (f, f->dan, f->release_id);
  sc_assert_status (again, 201);
  g_assert_cmpstr (sc_test_get_string (again->body, "state"), ==, "pending");
  assert_request (f, id, "expired", 0);
}

static void
test_duplicate_open (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = make_request (f, f->dan, f->release_id);
  g_autofree char *other_release = NULL;
  g_autofree char *releases = g_strconcat ("/workflows/", f->workflow_id, "/releases", NULL);
  g_autoptr(ScTestResponse) duplicate = NULL;
  g_autoptr(ScTestResponse) newer = NULL;
  g_autoptr(ScTestResponse) newer_request = NULL;
  g_autoptr(ScTestResponse) list = NULL;
  g_autoptr(ScTestResponse) cancelled = NULL;
  g_autoptr(ScTestResponse) after = NULL;

  duplicate = post_request (f, f->ada, f->release_id);
  sc_assert_error (duplicate, 409, "conflict");
  g_assert_cmpstr (sc_test_get_string (duplicate->body, "error.details.approval_request_id"), ==, id);

  /* one open request per workflow and stage, whatever the release */
  newer = sc_test_request (f->server, "POST", releases, f->dan, "{}", NULL);
  sc_assert_status (newer, 201);
  newer_request = post_request (f, f->dan, sc_test_get_string (newer->body, "id"));
  sc_assert_error (newer_request, 409, "conflict");

  list = sc_test_request (f->server, "GET", "/approval-requests?mine=true", f->dan, NULL, NULL);
  sc_assert_status (list, 200);
  g_assert_cmpuint (sc_test_get_length (list->body, "items"), ==, 1);

  /* once it is closed, a new one may be made */
  cancelled = cancel (f, f->dan, id);
  sc_assert_status (cancelled, 200);
  after = post_request (f, f->dan, f->release_id);
  sc_assert_status (after, 201);
}

static void
test_approvals_off (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) list = NULL;

  patch_policy (f, f->stg_id, "{\"enabled\": false}");
  r = post_request (f, f->dan, f->release_id);
  sc_assert_error (r, 422, "validation_failed");
  g_assert_true (has_rule (r->body, "approvals_off"));
  g_assert_cmpstr (sc_test_get_string (r->body, "error.message"), ==,
                   "Approvals are off for Staging Org: promote directly.");

  list = sc_test_request (f->server, "GET", "/approval-requests", f->dan, NULL, NULL);
  g_assert_cmpuint (sc_test_get_length (list->body, "items"), ==, 0);
}

/* Creating: who may, and every refusal of the body and of the rules. */
static void
test_create_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *good = request_body (f, f->release_id, "stage");
  g_autofree char *missing = printf_json ("{\"release_id\": \"%s\", \"target_stage\": \"stage\"}",
                                          f->release_id);
  g_autofree char *unknown_member = printf_json ("{\"release_id\": \"%s\", \"path_id\": \"%s\","
                                                 " \"target_stage\": \"stage\", \"colour\": \"red\"}",
                                                 f->release_id, f->path_id);
  g_autofree char *wrong_type = printf_json ("{\"release_id\": 5, \"path_id\": \"%s\","
                                             " \"target_stage\": \"stage\"}", f->path_id);
  g_autofree char *no_release = request_body (f, "rel_aaaaaaaaaaaaaaaaaaaa", "stage");
  g_autofree char *no_stage = request_body (f, f->release_id, "prod");
  g_autofree char *backwards = request_body (f, f->release_id, "dev");
  g_autofree char *padding = g_strnfill (2001, 'x');
  g_autofree char *long_message = printf_json ("{\"release_id\": \"%s\", \"path_id\": \"%s\","
                                               " \"target_stage\": \"stage\", \"message\": \"%s\"}",
                                               f->release_id, f->path_id, padding);
  const struct {
    const char *token;
    const char *body;
    guint       status;
    const char *code;
    const char *detail; /* a field or rule that must be named */
  } rows[] = {
    /* no token */
    { NULL, good, 401, "unauthenticated", NULL },
    /* not JSON, wrong type */
    { f->dan, "{\"release_id\": ", 400, "bad_request", NULL },
    { f->dan, wrong_type, 400, "bad_request", NULL },
    /* missing and unknown members, a message too long */
    { f->dan, missing, 422, "validation_failed", "path_id" },
    { f->dan, unknown_member, 422, "validation_failed", "colour" },
    { f->dan, long_message, 422, "validation_failed", "message" },
    /* unknown release; a workflow the caller cannot see */
    { f->dan, no_release, 404, "not_found", NULL },
    { f->out, good, 404, "not_found", NULL },
    /* view only on the workflow */
    { f->val, good, 403, "forbidden", "source_permission" },
    /* the stage is not on the path; not the next stage */
    { f->dan, no_stage, 422, "validation_failed", "stage" },
    { f->dan, backwards, 422, "validation_failed", "next_stage" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", "/approval-requests",
                                                     rows[i].token, rows[i].body, NULL);

      if (r->status != rows[i].status)
        g_error ("row %u: expected %u, got %u: %s", i, rows[i].status, r->status, r->text);
      sc_assert_error (r, rows[i].status, rows[i].code);
      if (rows[i].detail != NULL && !has_rule (r->body, rows[i].detail))
        g_assert_cmpstr (sc_test_get_string (r->body, "error.details.fields[0].field"), ==, rows[i].detail);
    }

  {
    g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", "/approval-requests",
                                                      f->ada, NULL, NULL);
    g_autofree char *actions = audit_actions (f, f->stg_id);

    g_assert_cmpuint (sc_test_get_length (list->body, "items"), ==, 0);
    g_assert_cmpstr (actions, ==, "");
  }
}

static void
test_frozen_and_already_promoted (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) frozen = NULL;
  g_autoptr(ScTestResponse) promoted = NULL;
  g_autoptr(ScTestResponse) twice = NULL;

  patch_policy (f, f->stg_id, "{\"freeze\": {\"active\": true, \"reason\": \"Quarter close\"}}");
  frozen = post_request (f, f->dan, f->release_id);
  sc_assert_error (frozen, 409, "conflict");
  g_assert_true (has_rule (frozen->body, "frozen"));

  /* with approvals off, an admin of Staging promotes directly */
  patch_policy (f, f->stg_id, "{\"enabled\": false, \"freeze\": {\"active\": false}}");
  body = printf_json ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\"}",
                      f->release_id, f->path_id);
  promoted = sc_test_request (f->server, "POST", "/promotions", f->ada, body, NULL);
  sc_assert_status (promoted, 201);

  patch_policy (f, f->stg_id, "{\"enabled\": true}");
  twice = post_request (f, f->dan, f->release_id);
  sc_assert_error (twice, 409, "conflict");
  g_assert_true (has_rule (twice->body, "already_promoted"));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = make_request (f, f->dan, f->release_id);
  g_autoptr(ScTestResponse) by_reviewer = NULL;
  g_autoptr(ScTestResponse) by_admin = NULL;
  g_autoptr(ScTestResponse) by_outsider = NULL;
  g_autoptr(ScTestResponse) unknown = NULL;
  g_autoptr(ScTestResponse) cancelled = NULL;
  g_autoptr(ScTestResponse) twice = NULL;
  g_autoptr(ScTestResponse) decided = NULL;
  g_autofree char *actions = NULL;

  /* only the requester */
  by_reviewer = cancel (f, f->rita, id);
  sc_assert_error (by_reviewer, 403, "forbidden");
  by_admin = cancel (f, f->ada, id);
  sc_assert_error (by_admin, 403, "forbidden");
  by_outsider = cancel (f, f->out, id);
  sc_assert_error (by_outsider, 404, "not_found");
  unknown = cancel (f, f->dan, "apr_aaaaaaaaaaaaaaaaaaaa");
  sc_assert_error (unknown, 404, "not_found");
  assert_request (f, id, "pending", 0);

  cancelled = cancel (f, f->dan, id);
  sc_assert_status (cancelled, 200);
  g_assert_cmpstr (sc_test_get_string (cancelled->body, "state"), ==, "cancelled");

  twice = cancel (f, f->dan, id);
  sc_assert_error (twice, 409, "conflict");
  g_assert_true (has_rule (twice->body, "state"));
  decided = decide (f, f->rita, id, "approve");
  sc_assert_error (decided, 409, "conflict");
  assert_request (f, id, "cancelled", 0);

  actions = audit_actions (f, f->stg_id);
  g_assert_cmpstr (actions, ==, "approval.requested approval.cancelled");
}

static void
test_cancel_approved (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = make_request (f, f->dan, f->release_id);
  g_autoptr(ScTestResponse) approved = decide (f, f->rita, id, "approve");
  g_autoptr(ScTestResponse) cancelled = NULL;

  sc_assert_status (approved, 201);
  g_assert_cmpstr (sc_test_get_string (approved->body, "state"), ==, "approved");

  /* approved but unused: may still be withdrawn */
  cancelled = cancel (f, f->dan, id);
  sc_assert_status (cancelled, 200);
  g_assert_cmpstr (sc_test_get_string (cancelled->body, "state"), ==, "cancelled");
}

/* The next stage of GET /workflows/{id}/stages as @token sees it. */
static JsonNode *
next_open_request (Fixture         *f,
                   const char      *token,
                   ScTestResponse **response)
{
  g_autofree char *path = g_strconcat ("/workflows/", f->workflow_id, "/stages", NULL);

  g_clear_pointer (response, sc_test_response_free);
  *response = sc_test_request (f->server, "GET", path, token, NULL, NULL);
  sc_assert_status (*response, 200);
  g_assert_cmpstr (sc_test_get_string ((*response)->body, "items[0].stages[1].state"), ==, "next");
  /* only the next stage carries it */
  g_assert_null (sc_test_get ((*response)->body, "items[0].stages[0].open_request"));
  return sc_test_get ((*response)->body, "items[0].stages[1].open_request");
}

static void
assert_open_request (Fixture    *f,
                     const char *token,
                     const char *id,
                     const char *state,
                     gint64      approvals)
{
  g_autoptr(ScTestResponse) r = NULL;
  JsonNode *open = next_open_request (f, token, &r);

  g_assert_nonnull (open);
  if (id == NULL)
    {
      g_assert_true (JSON_NODE_HOLDS_NULL (open));
      return;
    }
  g_assert_true (JSON_NODE_HOLDS_OBJECT (open));
  g_assert_cmpstr (sc_test_get_string (open, "id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (open, "state"), ==, state);
  g_assert_cmpint (sc_test_get_int (open, "required_approvals"), ==, 2);
  g_assert_cmpint (sc_test_get_int (open, "approvals"), ==, approvals);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (open)), ==, 4);
}

/* The stages view shows the caller's own open request on the next stage:
 * none, pending (counting approvals), approved; none again once it is
 * used, cancelled or expired; never someone else's. */
static void
test_stages_open_request (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *body = NULL;
  g_autofree char *statement = NULL;
  g_autoptr(ScTestResponse) approved = NULL;
  g_autoptr(ScTestResponse) promoted = NULL;
  g_autoptr(ScTestResponse) cancelled = NULL;
  g_autoptr(ScTestResponse) stages = NULL;
  g_autofree char *stages_path = g_strconcat ("/workflows/", f->workflow_id, "/stages", NULL);

  patch_policy (f, f->stg_id, "{\"required_approvals\": 2}");
  assert_open_request (f, f->dan, NULL, NULL, 0);

  id = make_request (f, f->dan, f->release_id);
  assert_open_request (f, f->dan, id, "pending", 0);
  /* someone else's request is not theirs to show */
  assert_open_request (f, f->ada, NULL, NULL, 0);

  approved = decide (f, f->rita, id, "approve");
  sc_assert_status (approved, 201);
  assert_open_request (f, f->dan, id, "pending", 1);
  g_clear_pointer (&approved, sc_test_response_free);
  approved = decide (f, f->ron, id, "approve");
  sc_assert_status (approved, 201);
  g_assert_cmpstr (sc_test_get_string (approved->body, "state"), ==, "approved");
  assert_open_request (f, f->dan, id, "approved", 2);

  /* used: gone */
  body = printf_json ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\","
                      " \"approval_request_id\": \"%s\"}", f->release_id, f->path_id, id);
  promoted = sc_test_request (f->server, "POST", "/promotions", f->dan, body, NULL);
  sc_assert_status (promoted, 201);
  assert_open_request (f, f->dan, NULL, NULL, 0);

  /* after a new release: a request and its cancellation */
  {
    g_autofree char *releases = g_strconcat ("/workflows/", f->workflow_id, "/releases", NULL);
    g_autoptr(ScTestResponse) newer = sc_test_request (f->server, "POST", releases, f->dan, "{}", NULL);

    sc_assert_status (newer, 201);
    second = make_request (f, f->dan, sc_test_get_string (newer->body, "id"));
    assert_open_request (f, f->dan, second, "pending", 0);
    cancelled = cancel (f, f->dan, second);
    sc_assert_status (cancelled, 200);
    assert_open_request (f, f->dan, NULL, NULL, 0);

    /* expired (stored as pending still): gone */
    third = make_request (f, f->dan, sc_test_get_string (newer->body, "id"));
    assert_open_request (f, f->dan, third, "pending", 0);
    statement = g_strdup_printf ("UPDATE approval_requests SET expires_at = '2020-01-01T00:00:00Z' "
                                 "WHERE id = '%s'", third);
    sql (f, statement);
    assert_open_request (f, f->dan, NULL, NULL, 0);
  }

  /* a viewer of the workflow sees the member too (null) */
  stages = sc_test_request (f->server, "GET", stages_path, f->val, NULL, NULL);
  sc_assert_status (stages, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (stages->body, "items[0].stages[1].open_request")));
}

static guint
count_items (Fixture    *f,
             const char *token,
             const char *query)
{
  g_autofree char *path = g_strconcat ("/approval-requests", query, NULL);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, token, NULL, NULL);

  sc_assert_status (r, 200);
  return sc_test_get_length (r->body, "items");
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *second_release = NULL;
  g_autofree char *second_workflow = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *by_org = NULL;
  g_autofree char *by_dev = NULL;
  g_autoptr(ScTestResponse) approved = NULL;
  g_autoptr(ScTestResponse) all = NULL;
  g_autoptr(ScTestResponse) page = NULL;
  g_autoptr(ScTestResponse) next = NULL;
  g_autofree char *next_path = NULL;

  second_workflow = create_workflow (f, f->dan, "Slack alerts", "/hooks/slack", &second_release);
  first = make_request (f, f->dan, f->release_id);
  second = make_request (f, f->dan, second_release);
  approved = decide (f, f->rita, first, "approve");
  sc_assert_status (approved, 201);

  /* newest first */
  all = sc_test_request (f->server, "GET", "/approval-requests", f->rita, NULL, NULL);
  sc_assert_status (all, 200);
  g_assert_cmpuint (sc_test_get_length (all->body, "items"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (all->body, "items[0].id"), ==, second);
  g_assert_cmpstr (sc_test_get_string (all->body, "items[1].id"), ==, first);
  g_assert_true (sc_test_get_bool (all->body, "items[0].can_decide"));
  g_assert_false (sc_test_get_bool (all->body, "items[1].can_decide"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (all->body, "next_cursor")));

  /* pages */
  page = sc_test_request (f->server, "GET", "/approval-requests?limit=1", f->rita, NULL, NULL);
  sc_assert_status (page, 200);
  g_assert_cmpuint (sc_test_get_length (page->body, "items"), ==, 1);
  g_assert_nonnull (sc_test_get_string (page->body, "next_cursor"));
  next_path = g_strconcat ("/approval-requests?limit=1&cursor=", sc_test_get_string (page->body, "next_cursor"), NULL);
  next = sc_test_request (f->server, "GET", next_path, f->rita, NULL, NULL);
  sc_assert_status (next, 200);
  g_assert_cmpstr (sc_test_get_string (next->body, "items[0].id"), ==, first);

  /* state, reviewable, mine, org_id */
  g_assert_cmpuint (count_items (f, f->rita, "?state=pending"), ==, 1);
  g_assert_cmpuint (count_items (f, f->rita, "?state=approved"), ==, 1);
  g_assert_cmpuint (count_items (f, f->rita, "?state=rejected"), ==, 0);
  g_assert_cmpuint (count_items (f, f->rita, "?reviewable=true"), ==, 1);
  g_assert_cmpuint (count_items (f, f->ron, "?reviewable=true"), ==, 1);
  g_assert_cmpuint (count_items (f, f->dan, "?reviewable=true"), ==, 0);
  g_assert_cmpuint (count_items (f, f->rita, "?mine=true"), ==, 0);
  g_assert_cmpuint (count_items (f, f->dan, "?mine=true"), ==, 2);
  g_assert_cmpuint (count_items (f, f->dan, "?mine=false"), ==, 2);
  by_org = g_strconcat ("?org_id=", f->stg_id, NULL);
  by_dev = g_strconcat ("?org_id=", f->dev_id, NULL);
  /* org_id: the source or the target org, one the caller belongs to */
  g_assert_cmpuint (count_items (f, f->rita, by_org), ==, 2);
  g_assert_cmpuint (count_items (f, f->dan, by_dev), ==, 2);
  g_assert_cmpuint (count_items (f, f->ada, by_dev), ==, 2);
  {
    g_autofree char *path = g_strconcat ("/approval-requests", by_dev, NULL);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->rita, NULL, NULL);

    sc_assert_error (r, 404, "not_found");
  }

  /* who sees what: the requester, admins and reviewers of the target;
   * not its viewers nor strangers, nor other members of the source org */
  g_assert_cmpuint (count_items (f, f->ada, ""), ==, 2);
  g_assert_cmpuint (count_items (f, f->vic, ""), ==, 0);
  g_assert_cmpuint (count_items (f, f->out, ""), ==, 0);
  g_assert_cmpuint (count_items (f, f->val, ""), ==, 0);

  /* reviewer roles narrow both: reviewers lose sight when only admins review */
  patch_policy (f, f->stg_id, "{\"reviewer_roles\": [\"admin\"]}");
  g_assert_cmpuint (count_items (f, f->rita, ""), ==, 0);
  g_assert_cmpuint (count_items (f, f->ada, "?reviewable=true"), ==, 1);

  /* bad queries */
  {
    static const char * const bad[] = {
      "?state=open", "?reviewable=yes", "?mine=1", "?limit=0", "?cursor=%21%21",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *path = g_strconcat ("/approval-requests", bad[i], NULL);
        g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->rita, NULL, NULL);

        sc_assert_error (r, 400, "bad_request");
      }
  }
}

static void
test_get_visibility (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = make_request (f, f->dan, f->release_id);
  static const struct {
    guint offset; /* into the fixture's tokens */
    guint status;
  } rows[] = {
    /* requester, target admin, target reviewers */
    { G_STRUCT_OFFSET (Fixture, dan), 200 },
    { G_STRUCT_OFFSET (Fixture, ada), 200 },
    { G_STRUCT_OFFSET (Fixture, rita), 200 },
    { G_STRUCT_OFFSET (Fixture, ron), 200 },
    /* a viewer of the target, a viewer of the source, a stranger */
    { G_STRUCT_OFFSET (Fixture, vic), 404 },
    { G_STRUCT_OFFSET (Fixture, val), 404 },
    { G_STRUCT_OFFSET (Fixture, out), 404 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *token = G_STRUCT_MEMBER (char *, f, rows[i].offset);
      g_autoptr(ScTestResponse) r = get_request (f, token, id);

      sc_assert_status (r, rows[i].status);
      if (rows[i].status == 404)
        sc_assert_error (r, 404, "not_found");
    }

  {
    g_autoptr(ScTestResponse) unknown = get_request (f, f->dan, "apr_aaaaaaaaaaaaaaaaaaaa");
    g_autoptr(ScTestResponse) anonymous = get_request (f, NULL, id);
    g_autoptr(ScTestResponse) first = get_request (f, f->dan, id);
    g_autoptr(ScTestResponse) cached = NULL;
    g_autofree char *path = g_strconcat ("/approval-requests/", id, NULL);
    const char *etag = soup_message_headers_get_one (first->headers, "ETag");

    sc_assert_error (unknown, 404, "not_found");
    sc_assert_error (anonymous, 401, "unauthenticated");

    g_assert_nonnull (etag);
    cached = sc_test_request (f->server, "GET", path, f->dan, NULL, "If-None-Match", etag, NULL);
    sc_assert_status (cached, 304);
  }
}

static void
test_idempotent (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *body = request_body (f, f->release_id, "stage");
  g_autoptr(ScTestResponse) first = NULL;
  g_autoptr(ScTestResponse) replay = NULL;
  g_autoptr(ScTestResponse) other = NULL;
  g_autoptr(ScTestResponse) bad = NULL;
  g_autoptr(ScTestResponse) list = NULL;

  first = sc_test_request (f->server, "POST", "/approval-requests", f->dan, body,
                           "Idempotency-Key", "req-1", NULL);
  sc_assert_status (first, 201);

  replay = sc_test_request (f->server, "POST", "/approval-requests", f->dan, body,
                            "Idempotency-Key", "req-1", NULL);
  sc_assert_status (replay, 201);
  g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpstr (sc_test_get_string (replay->body, "id"), ==, sc_test_get_string (first->body, "id"));

  /* another key is another attempt: the open request refuses it */
  other = sc_test_request (f->server, "POST", "/approval-requests", f->dan, body,
                           "Idempotency-Key", "req-2", NULL);
  sc_assert_error (other, 409, "conflict");

  bad = sc_test_request (f->server, "POST", "/approval-requests", f->dan, body,
                         "Idempotency-Key", "", NULL);
  sc_assert_error (bad, 400, "bad_request");

  list = sc_test_request (f->server, "GET", "/approval-requests", f->dan, NULL, NULL);
  g_assert_cmpuint (sc_test_get_length (list->body, "items"), ==, 1);
}

/* A write that fails at its last step leaves nothing behind: not the
 * request, its decision or state, nor the audit or events written with it. */
static char *
events_cursor (Fixture    *f,
               const char *token)
{
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", "/events", token, NULL, NULL);

  sc_assert_status (r, 200);
  return g_strdup (sc_test_get_string (r->body, "next_cursor"));
}

static guint
events_since (Fixture    *f,
              const char *token,
              const char *cursor)
{
  g_autofree char *path = g_strconcat ("/events?timeout=0&since=", cursor, NULL);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, token, NULL, NULL);

  sc_assert_status (r, 200);
  return sc_test_get_length (r->body, "items");
}

/* A write that fails at its last step leaves nothing behind: not the
 * request, its decision or state, nor the audit or events written with it. */
static void
test_atomic (Fixture       *f,
             gconstpointer  data)
{
  const char *fault = data;
  g_autoptr(ScTestResponse) failed = NULL;
  g_autofree char *actions = NULL;
  g_autofree char *id = NULL;

  if (strcmp (fault, "approval-request") == 0)
    {
      g_autofree char *cursor = events_cursor (f, f->rita);

      failed = post_request (f, f->dan, f->release_id);
      sc_assert_error (failed, 500, "internal");
      g_assert_cmpuint (count_items (f, f->dan, ""), ==, 0);
      actions = audit_actions (f, f->stg_id);
      g_assert_cmpstr (actions, ==, "");
      /* the reviewer was told of nothing */
      g_assert_cmpuint (events_since (f, f->rita, cursor), ==, 0);
    }
  else
    {
      g_autofree char *cursor = NULL;

      id = make_request (f, f->dan, f->release_id);
      cursor = events_cursor (f, f->dan);
      if (strcmp (fault, "approval-decision") == 0)
        failed = decide (f, f->rita, id, "reject");
      else
        failed = cancel (f, f->dan, id);
      sc_assert_error (failed, 500, "internal");
      assert_request (f, id, "pending", 0);
      actions = audit_actions (f, f->stg_id);
      g_assert_cmpstr (actions, ==, "approval.requested");
      /* the requester was told of no decision */
      g_assert_cmpuint (events_since (f, f->dan, cursor), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/server/approvals/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("approve-then-promote", test_approve_then_promote);
  ADD ("partial-approval-audit", test_partial_approval_audit);
  ADD ("reject", test_reject);
  ADD ("decision-refusals", test_decision_refusals);
  ADD ("decision-bad-bodies", test_decision_bad_bodies);
  ADD ("expired", test_expired);
  ADD ("duplicate-open", test_duplicate_open);
  ADD ("approvals-off", test_approvals_off);
  ADD ("create-refusals", test_create_refusals);
  ADD ("frozen-and-already-promoted", test_frozen_and_already_promoted);
  ADD ("cancel", test_cancel);
  ADD ("cancel-approved", test_cancel_approved);
  ADD ("list-filters", test_list_filters);
  ADD ("stages-open-request", test_stages_open_request);
  ADD ("get-visibility", test_get_visibility);
  ADD ("idempotent", test_idempotent);

  g_test_add ("/server/approvals/atomic/request", Fixture, "approval-request",
              fixture_set_up, test_atomic, fixture_tear_down);
  g_test_add ("/server/approvals/atomic/decision", Fixture, "approval-decision",
              fixture_set_up, test_atomic, fixture_tear_down);
  g_test_add ("/server/approvals/atomic/cancel", Fixture, "approval-cancel",
              fixture_set_up, test_atomic, fixture_tear_down);

#undef ADD

  return g_test_run ();
}
