/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>


#include "sc-clock.h"
#include "sc-model.h"
#include "sc-test-server.h"

/* The reviewer's desk (issue 9) against the real server, on the demo data
 * set: its pending request carries the Staging copy of a workflow into
 * Acme Production, whose policy lets admins and reviewers decide.
 *   admin@    made the request (admin everywhere)
 *   reviewer@ reviewer in Production: names a delegate
 *   deputy@   viewer in Production: the delegate
 *   dev@      developer in Development: sees nothing of Production
 * The server's clock is moved with sc_test_server_set_clock(). */

typedef struct {
  ScTestServer *server;
  char         *prod_id;
  char         *request_id;
  char         *deputy;
  char         *deputy_id;
  const char   *admin;
  const char   *reviewer;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) list = NULL;

  /* the real time until a case moves the server's clock */
  f->server = sc_test_server_start_clocked (TRUE, NULL, NULL, NULL);
  f->admin = sc_test_server_demo_token (f->server, "admin@acme.test");
  f->reviewer = sc_test_server_demo_token (f->server, "reviewer@acme.test");
  f->prod_id = sc_test_server_demo_org_id (f->server, "Acme Production");
  f->deputy = sc_test_server_add_user (f->server, "deputy@acme.test", f->prod_id, "viewer",
                                       &f->deputy_id);

  list = sc_test_request (f->server, "GET", "/approval-requests?reviewable=true", f->reviewer,
                          NULL, NULL);
  sc_assert_status (list, 200);
  g_assert_cmpuint (sc_test_get_length (list->body, "items"), ==, 1);
  f->request_id = g_strdup (sc_test_get_string (list->body, "items[0].id"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->prod_id);
  g_free (f->request_id);
  g_free (f->deputy);
  g_free (f->deputy_id);
}

/* Sets members of Production's approval policy (a JSON object text). */
static void
patch_policy (Fixture    *f,
              const char *policy)
{
  g_autofree char *path = g_strconcat ("/orgs/", f->prod_id, NULL);
  g_autofree char *body = g_strdup_printf ("{\"approval_policy\": %s}", policy);
  g_autoptr(ScTestResponse) get = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  g_autoptr(ScTestResponse) patch = NULL;

  sc_assert_status (get, 200);
  patch = sc_test_request (f->server, "PATCH", path, f->admin, body,
                           "If-Match", sc_test_get_string (get->body, "etag"), NULL);
  sc_assert_status (patch, 200);
}

static ScTestResponse *
decide (Fixture    *f,
        const char *token,
        const char *body)
{
  g_autofree char *path = g_strconcat ("/approval-requests/", f->request_id, "/decisions", NULL);

  return sc_test_request (f->server, "POST", path, token, body, NULL);
}

static ScTestResponse *
get_request (Fixture    *f,
             const char *token)
{
  g_autofree char *path = g_strconcat ("/approval-requests/", f->request_id, NULL);

  return sc_test_request (f->server, "GET", path, token, NULL, NULL);
}

static char *
delegation_body (const char *delegate_id,
                 GDateTime  *from,
                 GDateTime  *until)
{
  g_autofree char *from_text = sc_time_format (from);
  g_autofree char *until_text = sc_time_format (until);

  return g_strdup_printf ("{\"delegate_id\": \"%s\", \"from\": \"%s\", \"until\": \"%s\"}",
                          delegate_id, from_text, until_text);
}

/* The 422's first field is @field. */
static void
assert_field (ScTestResponse *resp,
              const char     *field)
{
  sc_assert_error (resp, 422, "validation_failed");
  g_assert_cmpstr (sc_test_get_string (resp->body, "error.details.fields[0].field"), ==, field);
}

/* A delegate decides in the reviewer's place within the range only; the
 * decision and the audit name both. */
static void
test_delegation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(GDateTime) from = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 2);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *path = g_strconcat ("/orgs/", f->prod_id, "/delegations", NULL);
  g_autofree char *body = delegation_body (f->deputy_id, from, until);
  g_autofree char *self_body = NULL;
  g_autofree char *backwards = NULL;
  g_autofree char *delegation_path = NULL;
  g_autofree char *audit_path = NULL;
  g_autofree char *reviewer_id = NULL;
  g_autoptr(ScTestResponse) me = sc_test_request (f->server, "GET", "/me", f->reviewer, NULL, NULL);
  g_autoptr(ScTestResponse) created = NULL;
  g_autoptr(ScTestResponse) listed = NULL;
  g_autoptr(ScTestResponse) refused = NULL;
  g_autoptr(ScTestResponse) seen = NULL;
  g_autoptr(ScTestResponse) inbox = NULL;
  g_autoptr(ScTestResponse) outside = NULL;
  g_autoptr(ScTestResponse) decided = NULL;
  g_autoptr(ScTestResponse) audit = NULL;
  g_autoptr(ScTestResponse) removed = NULL;
  gboolean found = FALSE;

  sc_assert_status (me, 200);
  reviewer_id = g_strdup (sc_test_get_string (me->body, "id"));

  /* the rule refuses what makes no sense, and stores nothing */
  self_body = delegation_body (reviewer_id, from, until);
  refused = sc_test_request (f->server, "POST", path, f->reviewer, self_body, NULL);
  assert_field (refused, "delegate_id");
  g_clear_pointer (&refused, sc_test_response_free);
  backwards = delegation_body (f->deputy_id, until, from);
  refused = sc_test_request (f->server, "POST", path, f->reviewer, backwards, NULL);
  assert_field (refused, "until");
  g_clear_pointer (&refused, sc_test_response_free);
  listed = sc_test_request (f->server, "GET", path, f->reviewer, NULL, NULL);
  sc_assert_status (listed, 200);
  g_assert_cmpuint (sc_test_get_length (listed->body, "items"), ==, 0);
  g_clear_pointer (&listed, sc_test_response_free);

  /* the deputy, a viewer, cannot decide by themselves */
  decided = decide (f, f->deputy, "{\"decision\": \"approve\"}");
  sc_assert_status (decided, 404);
  g_clear_pointer (&decided, sc_test_response_free);

  created = sc_test_request (f->server, "POST", path, f->reviewer, body, NULL);
  sc_assert_status (created, 201);
  g_assert_cmpstr (sc_test_get_string (created->body, "delegate.email"), ==, "deputy@acme.test");
  g_assert_cmpstr (sc_test_get_string (created->body, "delegator.email"), ==, "reviewer@acme.test");
  listed = sc_test_request (f->server, "GET", path, f->deputy, NULL, NULL);
  sc_assert_status (listed, 200);
  g_assert_cmpuint (sc_test_get_length (listed->body, "items"), ==, 1);

  /* in the range: the deputy sees the request and would decide for the reviewer */
  inbox = sc_test_request (f->server, "GET", "/approval-requests?reviewable=true", f->deputy,
                           NULL, NULL);
  sc_assert_status (inbox, 200);
  g_assert_cmpuint (sc_test_get_length (inbox->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (inbox->body, "items[0].id"), ==, f->request_id);
  seen = get_request (f, f->deputy);
  sc_assert_status (seen, 200);
  g_assert_true (sc_test_get_bool (seen->body, "can_decide"));
  g_assert_cmpstr (sc_test_get_string (seen->body, "decide_on_behalf_of.email"), ==,
                   "reviewer@acme.test");

  /* outside it (the server's clock three days on): refused with the rule */
  sc_test_server_set_clock (f->server, later);
  outside = decide (f, f->deputy, "{\"decision\": \"approve\"}");
  sc_assert_error (outside, 403, "forbidden");
  g_assert_cmpstr (sc_test_get_string (outside->body, "error.details.rules[0].rule"), ==,
                   "delegation");
  sc_test_server_set_clock (f->server, NULL);

  decided = decide (f, f->deputy, "{\"decision\": \"approve\", \"comment\": \"For Rita.\"}");
  sc_assert_status (decided, 201);
  g_assert_cmpstr (sc_test_get_string (decided->body, "state"), ==, "approved");
  g_assert_cmpstr (sc_test_get_string (decided->body, "decisions[0].by.email"), ==,
                   "deputy@acme.test");
  g_assert_cmpstr (sc_test_get_string (decided->body, "decisions[0].on_behalf_of.email"), ==,
                   "reviewer@acme.test");

  /* decided in the reviewer's place: not in the reviewer's inbox any more */
  g_clear_pointer (&inbox, sc_test_response_free);
  inbox = sc_test_request (f->server, "GET", "/approval-requests?reviewable=true", f->reviewer,
                           NULL, NULL);
  sc_assert_status (inbox, 200);
  g_assert_cmpuint (sc_test_get_length (inbox->body, "items"), ==, 0);

  /* the audit names both */
  audit_path = g_strconcat ("/orgs/", f->prod_id, "/audit?action=approval.approved", NULL);
  audit = sc_test_request (f->server, "GET", audit_path, f->admin, NULL, NULL);
  sc_assert_status (audit, 200);
  for (guint i = 0; i < sc_test_get_length (audit->body, "items"); i++)
    {
      g_autofree char *actor = g_strdup_printf ("items[%u].actor.email", i);
      g_autofree char *behalf = g_strdup_printf ("items[%u].details.on_behalf_of.email", i);

      if (g_strcmp0 (sc_test_get_string (audit->body, actor), "deputy@acme.test") == 0)
        {
          g_assert_cmpstr (sc_test_get_string (audit->body, behalf), ==, "reviewer@acme.test");
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* only the delegator (or an admin) removes it */
  delegation_path = g_strconcat ("/delegations/", sc_test_get_string (created->body, "id"), NULL);
  removed = sc_test_request (f->server, "DELETE", delegation_path, f->deputy, NULL, NULL);
  sc_assert_error (removed, 403, "forbidden");
  g_clear_pointer (&removed, sc_test_response_free);
  removed = sc_test_request (f->server, "DELETE", delegation_path, f->reviewer, NULL, NULL);
  sc_assert_status (removed, 204);
}

/* The policy's comment switches: 422 with the field, nothing decided. */
static void
test_comment_required (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScTestResponse) seen = NULL;
  g_autoptr(ScTestResponse) refused = NULL;
  g_autoptr(ScTestResponse) decided = NULL;

  patch_policy (f, "{\"comment_required_to_reject\": true, \"comment_required_to_approve\": true,"
                   " \"instructions\": \"Check the runbook first.\"}");

  seen = get_request (f, f->reviewer);
  sc_assert_status (seen, 200);
  g_assert_cmpstr (sc_test_get_string (seen->body, "instructions"), ==, "Check the runbook first.");
  g_assert_true (sc_test_get_bool (seen->body, "comment_required_to_reject"));
  /* the same switches in the shape a notification's Approve reads */
  g_assert_true (sc_test_get_bool (seen->body, "comment_required.reject"));
  g_assert_true (sc_test_get_bool (seen->body, "comment_required.approve"));
  g_assert_true (sc_test_get_bool (seen->body, "can_decide"));
  g_clear_pointer (&seen, sc_test_response_free);

  refused = decide (f, f->reviewer, "{\"decision\": \"reject\"}");
  assert_field (refused, "comment");
  g_clear_pointer (&refused, sc_test_response_free);
  refused = decide (f, f->reviewer, "{\"decision\": \"reject\", \"comment\": \"  \\n \"}");
  assert_field (refused, "comment");
  g_clear_pointer (&refused, sc_test_response_free);
  refused = decide (f, f->reviewer, "{\"decision\": \"approve\", \"comment\": null}");
  assert_field (refused, "comment");

  /* nothing was recorded */
  seen = get_request (f, f->reviewer);
  g_assert_cmpstr (sc_test_get_string (seen->body, "state"), ==, "pending");
  g_assert_cmpuint (sc_test_get_length (seen->body, "decisions"), ==, 0);

  /* off again for approvals: an approval without a comment goes through */
  patch_policy (f, "{\"comment_required_to_approve\": false}");
  g_clear_pointer (&seen, sc_test_response_free);
  seen = get_request (f, f->reviewer);
  g_assert_false (sc_test_get_bool (seen->body, "comment_required.approve"));
  g_assert_true (sc_test_get_bool (seen->body, "comment_required.reject"));
  decided = decide (f, f->reviewer, "{\"decision\": \"approve\"}");
  sc_assert_status (decided, 201);
  g_assert_cmpstr (sc_test_get_string (decided->body, "decisions[0].by.email"), ==,
                   "reviewer@acme.test");
  g_assert_null (sc_test_get_string (decided->body, "decisions[0].on_behalf_of"));
}

/* The request's preview for its reviewer, and the warning once the target
 * changed since the request was made. */
static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_strconcat ("/approval-requests/", f->request_id, "/preview", NULL);
  g_autofree char *workflow_path = NULL;
  g_autofree char *create_path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) request = get_request (f, f->reviewer);
  g_autoptr(ScTestResponse) before = NULL;
  g_autoptr(ScTestResponse) source = NULL;
  g_autoptr(ScTestResponse) made = NULL;
  g_autoptr(ScTestResponse) after = NULL;
  g_autoptr(ScTestResponse) hidden = NULL;
  JsonNode *changed;

  before = sc_test_request (f->server, "GET", path, f->reviewer, NULL, NULL);
  sc_assert_status (before, 200);
  g_assert_true (sc_test_get_bool (before->body, "creates_new"));
  g_assert_false (sc_test_get_bool (before->body, "target_changed"));
  g_assert_nonnull (sc_test_get (before->body, "diff.steps.added"));
  g_assert_null (sc_test_get (before->body, "allowed"));

  /* someone makes a workflow with the same trigger in Production: the
   * promotion would now update it (one step differs) */
  workflow_path = g_strconcat ("/workflows/", sc_test_get_string (request->body, "workflow.id"),
                               NULL);
  source = sc_test_request (f->server, "GET", workflow_path, f->admin, NULL, NULL);
  sc_assert_status (source, 200);
  body = g_strdup_printf ("{\"name\": \"Hand-made\", \"steps\": [{\"id\": \"audit-trail\","
                          " \"action\": \"noop\"}], \"trigger\": {\"url\": \"%s\","
                          " \"method\": \"%s\"}}",
                          sc_test_get_string (source->body, "trigger.url"),
                          sc_test_get_string (source->body, "trigger.method"));
  create_path = g_strconcat ("/orgs/", f->prod_id, "/workflows", NULL);
  made = sc_test_request (f->server, "POST", create_path, f->admin, body, NULL);
  sc_assert_status (made, 201);

  after = sc_test_request (f->server, "GET", path, f->reviewer, NULL, NULL);
  sc_assert_status (after, 200);
  g_assert_false (sc_test_get_bool (after->body, "creates_new"));
  g_assert_cmpstr (sc_test_get_string (after->body, "target_workflow_id"), ==,
                   sc_test_get_string (made->body, "id"));
  changed = sc_test_get (after->body, "target_changed");
  g_assert_true (changed != NULL && json_node_get_boolean (changed));
  g_assert_null (sc_test_get_string (after->body, "at_request.target_workflow_id"));
  g_assert_cmpstr (sc_test_get_string (after->body, "diff.steps.removed[0]"), ==, "audit-trail");

  /* who may not see the request may not see its preview */
  hidden = sc_test_request (f->server, "GET", path,
                            sc_test_server_demo_token (f->server, "dev@acme.test"), NULL, NULL);
  sc_assert_error (hidden, 404, "not_found");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/server/review/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("delegation", test_delegation);
  ADD ("comment-required", test_comment_required);
  ADD ("preview", test_preview);
#undef ADD

  return g_test_run ();
}
