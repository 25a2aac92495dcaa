/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-client.h"
#include "sc-delegation.h"
#include "sc-deny-window.h"
#include "sc-mapping.h"
#include "sc-json.h"
#include "sc-models.h"
#include "sc-promotion-preview.h"
#include "sc-sharing.h"
#include "sc-test-server.h"
#include "sc-workflow.h"
#include "sc-workflow-stages.h"

/* The typed models of src/client (sc-models.h, sc-workflow.h) read from
 * the real server's answers: the demo's orgs, members, paths, workflows,
 * releases and its pending approval request, each compared with the JSON
 * it was read from and with what the demo is known to hold. */

#define WAIT_SECONDS 60

typedef struct {
  ScTestServer *server;
  ScClient     *client; /* admin@acme.test */
  GAsyncResult *result;
  char         *dev;
  char         *prod;
} Fixture;

static GAsyncResult *
wait_result (Fixture *f)
{
  return sc_test_wait_result (&f->result, WAIT_SECONDS);
}

static JsonObject *
item (ScClientPage *page,
      guint         i)
{
  return sc_client_page_get_item (page, i);
}

static void
test_orgs_and_members (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) orgs = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen_prod = FALSE;

  sc_client_list_orgs_async (f->client, FALSE, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_orgs_finish (f->client, result, &error);
  g_assert_no_error (error);
  orgs = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_ORG,
                              (gpointer) sc_org_new_from_json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (orgs)), ==, sc_client_page_get_n_items (page));
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      g_autoptr(ScOrg) org = g_list_model_get_item (G_LIST_MODEL (orgs), i);
      ScOrgType type = SC_ORG_TYPE_NONE;

      g_assert_cmpstr (sc_org_get_id (org), ==, sc_json_get_string (item (page, i), "id"));
      g_assert_cmpstr (sc_org_get_name (org), ==, sc_json_get_string (item (page, i), "name"));
      sc_org_type_from_string (sc_json_get_string (item (page, i), "type"), &type);
      g_assert_cmpint (sc_org_get_org_type (org), ==, type);
      /* the demo's admin administers every org */
      g_assert_cmpint (sc_org_get_role (org), ==, SC_ROLE_ADMIN);
      if (g_strcmp0 (sc_org_get_id (org), f->prod) == 0)
        {
          g_assert_cmpint (sc_org_get_org_type (org), ==, SC_ORG_TYPE_PROD);
          seen_prod = TRUE;
        }
    }
  g_assert_true (seen_prod);

  {
    g_autoptr(GAsyncResult) members_result = NULL;
    g_autoptr(ScClientPage) members_page = NULL;
    g_autoptr(GListStore) members = NULL;
    gboolean seen_reviewer = FALSE;

    sc_client_list_members_async (f->client, f->prod, NULL, sc_test_result_cb, &f->result);
    members_result = wait_result (f);
    members_page = sc_client_list_members_finish (f->client, members_result, &error);
    g_assert_no_error (error);
    members = sc_models_read_list (sc_client_page_get_items (members_page), SC_TYPE_MEMBER,
                                   (gpointer) sc_member_new_from_json);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (members)), >, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (members)), ==,
                      sc_client_page_get_n_items (members_page));
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (members)); i++)
      {
        g_autoptr(ScMember) member = g_list_model_get_item (G_LIST_MODEL (members), i);
        ScRole role = SC_ROLE_NONE;

        g_assert_cmpstr (sc_member_get_user_id (member), ==,
                         sc_json_get_string (item (members_page, i), "user_id"));
        g_assert_cmpstr (sc_member_get_email (member), ==,
                         sc_json_get_string (item (members_page, i), "email"));
        g_assert_true (sc_role_from_string (sc_json_get_string (item (members_page, i), "role"), &role));
        g_assert_cmpint (sc_member_get_role (member), ==, role);
        if (sc_member_get_role (member) == SC_ROLE_REVIEWER)
          seen_reviewer = TRUE;
      }
    g_assert_true (seen_reviewer);
  }
}

static void
test_paths (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPromotionPath) path = NULL;
  g_autofree char *tags = NULL;
  JsonArray *stages;

  sc_client_list_paths_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_paths_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), >, 0);

  path = sc_promotion_path_new_from_json (item (page, 0));
  g_assert_nonnull (path);
  g_assert_cmpstr (sc_promotion_path_get_id (path), ==, sc_json_get_string (item (page, 0), "id"));
  g_assert_cmpstr (sc_promotion_path_get_org_id (path), ==, f->dev);
  g_assert_cmpstr (sc_promotion_path_get_name (path), ==, sc_json_get_string (item (page, 0), "name"));
  g_assert_nonnull (sc_promotion_path_get_etag (path));
  stages = sc_json_get_array (item (page, 0), "stages");
  /* Development → Staging → Production */
  g_assert_cmpuint (sc_promotion_path_get_n_stages (path), ==, 3);
  g_assert_cmpuint (sc_promotion_path_get_n_stages (path), ==, json_array_get_length (stages));
  for (guint i = 0; i < json_array_get_length (stages); i++)
    {
      JsonObject *stage = json_array_get_object_element (stages, i);

      g_assert_cmpstr (sc_promotion_path_get_stage (path, i)->tag, ==, sc_json_get_string (stage, "tag"));
      g_assert_cmpstr (sc_promotion_path_get_stage (path, i)->org_id, ==, sc_json_get_string (stage, "org_id"));
      g_assert_cmpstr (sc_promotion_path_get_stage (path, i)->org_name, ==, sc_json_get_string (stage, "org_name"));
    }
  g_assert_cmpstr (sc_promotion_path_get_stage (path, 2)->org_id, ==, f->prod);
  tags = sc_promotion_path_join_tags (path, " → ");
  g_assert_true (g_str_has_prefix (tags, sc_promotion_path_get_stage (path, 0)->tag));
}

static void
test_workflows_and_releases (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) workflows = NULL;
  g_autoptr(GError) error = NULL;
  const char *released = NULL;
  guint latest = 0;

  sc_client_list_workflows_async (f->client, f->dev, NULL, 0, NULL, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_workflows_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), >, 0);
  workflows = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_WORKFLOW,
                                   (gpointer) sc_workflow_new);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (workflows)), ==, sc_client_page_get_n_items (page));
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      g_autoptr(ScWorkflow) workflow = g_list_model_get_item (G_LIST_MODEL (workflows), i);
      JsonObject *latest_release = sc_json_get_object (item (page, i), "latest_release");

      g_assert_cmpstr (sc_workflow_get_id (workflow), ==, sc_json_get_string (item (page, i), "id"));
      g_assert_cmpstr (sc_workflow_get_org_id (workflow), ==, f->dev);
      g_assert_cmpstr (sc_workflow_get_name (workflow), ==, sc_json_get_string (item (page, i), "name"));
      g_assert_cmpint (sc_workflow_get_permission (workflow), ==, SC_PERMISSION_MANAGE);
      g_assert_cmpint (sc_workflow_get_promoted (workflow), ==, sc_json_get_bool (item (page, i), "promoted"));
      g_assert_cmpuint (sc_workflow_get_latest_version (workflow), ==,
                        sc_json_get_int (latest_release, "version", 0));
      if (latest_release != NULL && released == NULL)
        {
          released = sc_json_get_string (item (page, i), "id");
          latest = sc_workflow_get_latest_version (workflow);
        }
    }
  g_assert_nonnull (released);
  g_assert_cmpuint (latest, >, 0);

  {
    g_autoptr(GAsyncResult) releases_result = NULL;
    g_autoptr(ScClientPage) releases_page = NULL;
    g_autoptr(GListStore) releases = NULL;
    gboolean seen_latest = FALSE;

    sc_client_list_releases_async (f->client, released, 0, NULL, NULL, sc_test_result_cb, &f->result);
    releases_result = wait_result (f);
    releases_page = sc_client_list_releases_finish (f->client, releases_result, &error);
    g_assert_no_error (error);
    releases = sc_models_read_list (sc_client_page_get_items (releases_page), SC_TYPE_RELEASE,
                                    (gpointer) sc_release_new_from_json);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (releases)), ==, latest);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (releases)); i++)
      {
        g_autoptr(ScRelease) release = g_list_model_get_item (G_LIST_MODEL (releases), i);

        g_assert_cmpstr (sc_release_get_id (release), ==, sc_json_get_string (item (releases_page, i), "id"));
        g_assert_cmpstr (sc_release_get_workflow_id (release), ==, released);
        g_assert_nonnull (sc_release_get_created_at (release));
        g_assert_cmpuint (sc_release_get_version (release), >=, 1);
        if (sc_release_get_version (release) == latest)
          seen_latest = TRUE;
      }
    g_assert_true (seen_latest);
  }
}

static void
test_approval_requests (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(ScApprovalRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *json;

  sc_client_list_approval_requests_async (f->client, "pending", NULL, FALSE, FALSE, NULL, NULL,
                                          sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_approval_requests_finish (f->client, result, &error);
  g_assert_no_error (error);
  /* the demo seeds one pending request for Production */
  g_assert_cmpuint (sc_client_page_get_n_items (page), >=, 1);
  json = item (page, 0);
  request = sc_approval_request_new_from_json (json);
  g_assert_nonnull (request);
  g_assert_cmpstr (sc_approval_request_get_id (request), ==, sc_json_get_string (json, "id"));
  g_assert_cmpint (sc_approval_request_get_state (request), ==, SC_APPROVAL_STATE_PENDING);
  g_assert_cmpstr (sc_approval_request_get_workflow_name (request), ==,
                   sc_json_get_string (sc_json_get_object (json, "workflow"), "name"));
  g_assert_nonnull (sc_approval_request_get_workflow_id (request));
  g_assert_nonnull (sc_approval_request_get_release_id (request));
  g_assert_cmpuint (sc_approval_request_get_release_version (request), >=, 1);
  g_assert_nonnull (sc_approval_request_get_path_name (request));
  g_assert_cmpstr (sc_approval_request_get_target (request)->org_id, ==, f->prod);
  g_assert_nonnull (sc_approval_request_get_source (request)->tag);
  g_assert_cmpstr (sc_approval_request_get_target (request)->tag, ==,
                   sc_json_get_string (sc_json_get_object (json, "target"), "tag"));
  g_assert_nonnull (sc_approval_request_get_requester_email (request));
  g_assert_cmpuint (sc_approval_request_get_required_approvals (request), ==, 1);
  g_assert_nonnull (sc_approval_request_get_created_at (request));
  g_assert_nonnull (sc_approval_request_get_expires_at (request));
  g_assert_cmpint (sc_approval_request_get_can_decide (request), ==, sc_json_get_bool (json, "can_decide"));
  g_assert_true (sc_approval_request_get_can_decide (request) ||
                 sc_approval_request_get_cannot_decide_reason (request) != NULL);
  g_assert_cmpint (sc_approval_request_get_comment_required (request, SC_DECISION_REJECT), ==,
                   sc_json_get_bool (sc_json_get_object (json, "comment_required"), "reject"));
  g_assert_cmpint (sc_approval_request_get_comment_required (request, SC_DECISION_APPROVE), ==,
                   sc_json_get_bool (sc_json_get_object (json, "comment_required"), "approve"));
}

/* What is not the API's shape reads as absent, never as a critical. */
static void
test_bad_shapes (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ScPromotionPath) path = NULL;
  g_autoptr(ScApprovalRequest) request = NULL;
  g_autoptr(ScOrg) org = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_null (sc_promotion_path_new_from_json (NULL));
  g_assert_null (sc_release_new_from_json (NULL));
  g_assert_null (sc_member_new_from_json (NULL));

  json_parser_load_from_data (parser,
                              "{\"no_id\": {\"name\": \"x\"},"
                              " \"path\": {\"id\": \"p\", \"name\": 7, \"stages\": [1, {\"org_id\": \"o\"}, {\"tag\": \"dev\"}]},"
                              " \"request\": {\"id\": \"r\", \"state\": \"sleeping\", \"release\": [], \"required_approvals\": -3},"
                              " \"org\": {\"id\": \"o\", \"type\": \"moon\", \"role\": true}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_org_new_from_json (sc_json_get_object (root, "no_id")));

  path = sc_promotion_path_new_from_json (sc_json_get_object (root, "path"));
  g_assert_null (sc_promotion_path_get_name (path));
  g_assert_cmpuint (sc_promotion_path_get_n_stages (path), ==, 1);
  g_assert_cmpstr (sc_promotion_path_get_stage (path, 0)->tag, ==, "dev");
  g_assert_null (sc_promotion_path_get_stage (path, 0)->org_id);

  request = sc_approval_request_new_from_json (sc_json_get_object (root, "request"));
  g_assert_cmpint (sc_approval_request_get_state (request), ==, SC_APPROVAL_STATE_PENDING);
  g_assert_cmpuint (sc_approval_request_get_release_version (request), ==, 0);
  g_assert_cmpuint (sc_approval_request_get_required_approvals (request), ==, 0);
  g_assert_null (sc_approval_request_get_target (request)->tag);
  g_assert_null (sc_approval_request_get_created_at (request));

  org = sc_org_new_from_json (sc_json_get_object (root, "org"));
  g_assert_cmpint (sc_org_get_org_type (org), ==, SC_ORG_TYPE_NONE);
  g_assert_cmpint (sc_org_get_role (org), ==, SC_ROLE_NONE);
}

/* One demo server for the read-only cases: they change nothing. */
static void
test_demo_answers (void)
{
  Fixture fixture = { 0 }, *f = &fixture;

  f->server = sc_test_server_start (TRUE, NULL);
  f->client = sc_client_new (f->server->url);
  sc_client_set_token (f->client, sc_test_server_demo_token (f->server, "admin@acme.test"));
  f->dev = sc_test_server_demo_org_id (f->server, "Acme Development");
  f->prod = sc_test_server_demo_org_id (f->server, "Acme Production");

  test_orgs_and_members (f);
  test_paths (f);
  test_workflows_and_releases (f);
  test_approval_requests (f);

  g_free (f->dev);
  g_free (f->prod);
  g_clear_object (&f->client);
  sc_test_server_stop (f->server);
}

/* The org's approval policy (ScOrg), its mappings (ScMapping), a deny
 * window of each kind and a delegation (ScDelegation), as a demo server
 * of its own answers them after they are made; and what does not read. */
static void
test_org_models (void)
{
  ScTestServer *server = sc_test_server_start (TRUE, NULL);
  g_autoptr(ScClient) client = sc_client_new (server->url);
  const char *admin = sc_test_server_demo_token (server, "admin@acme.test");
  const char *reviewer = sc_test_server_demo_token (server, "reviewer@acme.test");
  g_autofree char *dev = sc_test_server_demo_org_id (server, "Acme Development");
  g_autofree char *prod = sc_test_server_demo_org_id (server, "Acme Production");
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) patched = NULL;
  g_autoptr(ScTestResponse) me = NULL;
  g_autoptr(ScTestResponse) created = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) org_result = NULL;
  g_autoptr(GAsyncResult) mappings_result = NULL;
  g_autoptr(GAsyncResult) delegations_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(ScOrg) org = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) list = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *from = sc_time_format (now);
  g_autofree char *until = sc_time_format (later);
  const ScApprovalPolicy *policy;
  const ScDenyWindow *window;
  JsonObject *json;

  sc_client_set_token (client, admin);

  /* the policy, with a freeze and one window of each kind */
  patched = sc_test_patch_org_policy (server, admin, prod,
    "{\"required_approvals\": 2, \"expiry_days\": 3, \"reviewer_roles\": [\"admin\", \"reviewer\"],"
    " \"instructions\": \"Check the diff\", \"comment_required_to_reject\": true,"
    " \"freeze\": {\"active\": true, \"reason\": \"Year end\"},"
    " \"deny_windows\": ["
    "  {\"kind\": \"once\", \"from\": \"2030-01-01T00:00:00Z\", \"until\": \"2030-01-02T00:00:00Z\","
    "   \"reason\": \"Launch\", \"allow_override\": true},"
    "  {\"kind\": \"weekly\", \"days\": [\"fri\", \"sat\"], \"start\": \"22:00\", \"end\": \"06:00\","
    "   \"time_zone\": \"Europe/Berlin\"},"
    "  {\"kind\": \"rrule\", \"rrule\": \"FREQ=WEEKLY;BYDAY=MO;BYHOUR=9\", \"duration_minutes\": 90}]}");
  sc_assert_status (patched, 200);
  sc_client_get_org_async (client, prod, NULL, sc_test_result_cb, &slot);
  org_result = sc_test_wait_result (&slot, WAIT_SECONDS);
  answer = sc_client_get_org_finish (client, org_result, &error);
  g_assert_no_error (error);
  org = sc_org_new_from_json (answer);
  g_assert_cmpstr (sc_org_get_etag (org), ==, sc_json_get_string (answer, "etag"));
  policy = sc_org_get_approval_policy (org);
  json = sc_json_get_object (answer, "approval_policy");
  g_assert_cmpint (policy->enabled, ==, sc_json_get_bool (json, "enabled"));
  g_assert_cmpuint (policy->required_approvals, ==, 2);
  g_assert_cmpuint (policy->expiry_days, ==, 3);
  g_assert_true (sc_approval_policy_has_role (policy, SC_ROLE_ADMIN));
  g_assert_true (sc_approval_policy_has_role (policy, SC_ROLE_REVIEWER));
  g_assert_false (sc_approval_policy_has_role (policy, SC_ROLE_DEVELOPER));
  g_assert_cmpstr (policy->instructions, ==, "Check the diff");
  g_assert_true (policy->comment_required_to_reject);
  g_assert_false (policy->comment_required_to_approve);
  g_assert_true (policy->freeze.active);
  g_assert_cmpstr (policy->freeze.reason, ==, "Year end");
  g_assert_false (policy->emergency_stop.active);
  g_assert_cmpstr (policy->time_zone, ==, sc_json_get_string (json, "time_zone"));
  g_assert_cmpuint (policy->deny_windows->len, ==, 3);
  window = g_ptr_array_index (policy->deny_windows, 0);
  g_assert_cmpint (window->kind, ==, SC_DENY_WINDOW_ONCE);
  g_assert_cmpstr (window->reason, ==, "Launch");
  g_assert_true (window->allow_override);
  g_assert_cmpint (g_date_time_get_year (window->from), ==, 2030);
  window = g_ptr_array_index (policy->deny_windows, 1);
  g_assert_cmpint (window->kind, ==, SC_DENY_WINDOW_WEEKLY);
  g_assert_cmpuint (window->days, ==, (1u << 4) | (1u << 5));
  g_assert_cmpint (window->start_minute, ==, 22 * 60);
  g_assert_cmpint (window->end_minute, ==, 6 * 60);
  g_assert_cmpstr (window->time_zone, ==, "Europe/Berlin");
  window = g_ptr_array_index (policy->deny_windows, 2);
  g_assert_cmpint (window->kind, ==, SC_DENY_WINDOW_RRULE);
  g_assert_cmpstr (window->rrule, ==, "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9");
  g_assert_cmpint (window->duration_minutes, ==, 90);

  /* the demo's mappings: Development → Staging → Production */
  sc_client_list_mappings_async (client, dev, NULL, sc_test_result_cb, &slot);
  mappings_result = sc_test_wait_result (&slot, WAIT_SECONDS);
  page = sc_client_list_mappings_finish (client, mappings_result, &error);
  g_assert_no_error (error);
  list = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_MAPPING,
                              (gpointer) sc_mapping_new_from_json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, sc_client_page_get_n_items (page));
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      g_autoptr(ScMapping) mapping = g_list_model_get_item (G_LIST_MODEL (list), i);
      ScRelation relation = SC_RELATION_SIBLING;

      json = item (page, i);
      g_assert_cmpstr (sc_mapping_get_id (mapping), ==, sc_json_get_string (json, "id"));
      g_assert_cmpstr (sc_mapping_get_source_org_id (mapping), ==, sc_json_get_string (json, "source_org_id"));
      g_assert_cmpstr (sc_mapping_get_source_org_name (mapping), ==, sc_json_get_string (json, "source_org_name"));
      g_assert_cmpstr (sc_mapping_get_target_org_id (mapping), ==, sc_json_get_string (json, "target_org_id"));
      g_assert_cmpstr (sc_mapping_get_target_org_name (mapping), ==, sc_json_get_string (json, "target_org_name"));
      g_assert_true (sc_relation_from_string (sc_json_get_string (json, "relation"), &relation));
      g_assert_cmpint (sc_mapping_get_relation (mapping), ==, relation);
      g_assert_nonnull (sc_mapping_get_source_org_name (mapping));
    }

  /* the reviewer names the admin as delegate */
  me = sc_test_request (server, "GET", "/me", admin, NULL, NULL);
  sc_assert_status (me, 200);
  path = g_strdup_printf ("/orgs/%s/delegations", prod);
  body = g_strdup_printf ("{\"delegate_id\": \"%s\", \"from\": \"%s\", \"until\": \"%s\"}",
                          sc_test_get_string (me->body, "id"), from, until);
  created = sc_test_request (server, "POST", path, reviewer, body, NULL);
  sc_assert_status (created, 201);
  g_clear_pointer (&page, sc_client_page_unref);
  g_clear_object (&list);
  sc_client_list_delegations_async (client, prod, NULL, sc_test_result_cb, &slot);
  delegations_result = sc_test_wait_result (&slot, WAIT_SECONDS);
  page = sc_client_list_delegations_finish (client, delegations_result, &error);
  g_assert_no_error (error);
  list = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_DELEGATION,
                              (gpointer) sc_delegation_new_from_json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  {
    g_autoptr(ScDelegation) delegation = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autofree char *read_from = sc_time_format (sc_delegation_get_from (delegation));
    g_autofree char *read_until = sc_time_format (sc_delegation_get_until (delegation));

    json = item (page, 0);
    g_assert_cmpstr (sc_delegation_get_id (delegation), ==, sc_test_get_string (created->body, "id"));
    g_assert_cmpstr (sc_delegation_get_org_id (delegation), ==, prod);
    g_assert_cmpstr (sc_delegation_get_delegator_email (delegation), ==, "reviewer@acme.test");
    g_assert_cmpstr (sc_delegation_get_delegator_name (delegation), ==, "Rita Reviewer");
    g_assert_cmpstr (sc_delegation_get_delegator_id (delegation), ==,
                     sc_json_get_string (sc_json_get_object (json, "delegator"), "id"));
    g_assert_cmpstr (sc_delegation_get_delegate_id (delegation), ==, sc_test_get_string (me->body, "id"));
    g_assert_cmpstr (sc_delegation_get_delegate_email (delegation), ==, "admin@acme.test");
    g_assert_cmpstr (sc_delegation_get_delegate_name (delegation), ==, "Ada Admin");
    g_assert_cmpstr (read_from, ==, from);
    g_assert_cmpstr (read_until, ==, until);
    g_assert_nonnull (sc_delegation_get_created_at (delegation));
  }

  /* more members than a page (100): the Organization view's call follows
   * every page, and every member reads */
  {
    g_autofree char *memberships = g_strdup_printf (
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150) "
      "INSERT INTO memberships (user_id, org_id, role) "
      "SELECT 'many_' || i, '%s', 'viewer' FROM n", prod);
    g_autoptr(GAsyncResult) members_result = NULL;
    g_autoptr(ScClientPage) members_page = NULL;
    g_autoptr(GListStore) members = NULL;
    g_autoptr(ScMember) last = NULL;
    gint64 n_stored;

    sc_test_server_sql (server,
                        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150) "
                        "INSERT INTO users (id, email, name, created_at) "
                        "SELECT 'many_' || i, 'many' || i || '@acme.test', 'Zz Viewer ' || i, "
                        "'2026-01-01T00:00:00Z' FROM n");
    sc_test_server_sql (server, memberships);
    n_stored = sc_test_server_db_int (server, "SELECT COUNT(*) FROM memberships WHERE org_id = ?1",
                                      prod, NULL);
    g_assert_cmpint (n_stored, ==, 152);

    sc_client_list_members_async (client, prod, NULL, sc_test_result_cb, &slot);
    members_result = sc_test_wait_result (&slot, WAIT_SECONDS);
    members_page = sc_client_list_members_finish (client, members_result, &error);
    g_assert_no_error (error);
    g_assert_null (sc_client_page_get_next_cursor (members_page));
    members = sc_models_read_list (sc_client_page_get_items (members_page), SC_TYPE_MEMBER,
                                   (gpointer) sc_member_new_from_json);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (members)), ==, n_stored);
    /* ordered by name: the added ones come last */
    last = g_list_model_get_item (G_LIST_MODEL (members), n_stored - 1);
    g_assert_true (g_str_has_prefix (sc_member_get_email (last), "many"));
    g_assert_cmpint (sc_member_get_role (last), ==, SC_ROLE_VIEWER);
  }

  /* what is not the API's shape reads as absent */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(ScMapping) mapping = NULL;
    g_autoptr(ScDelegation) delegation = NULL;
    g_autoptr(ScOrg) bad_org = NULL;
    g_autoptr(ScOrg) bare_org = NULL;
    JsonObject *root;

    g_assert_null (sc_mapping_new_from_json (NULL));
    g_assert_null (sc_delegation_new_from_json (NULL));
    json_parser_load_from_data (parser,
                                "{\"no_id\": {\"source_org_id\": \"a\", \"delegator\": {}},"
                                " \"mapping\": {\"id\": \"m\", \"relation\": \"cousin\", \"target_org_id\": 3},"
                                " \"delegation\": {\"id\": \"d\", \"delegator\": [], \"delegate\": {\"id\": 1},"
                                "                  \"from\": \"yesterday\", \"until\": 5},"
                                " \"org\": {\"id\": \"o\", \"approval_policy\": {\"required_approvals\": \"two\","
                                "                                           \"enabled\": true}},"
                                " \"bare\": {\"id\": \"o\", \"approval_policy\": 3}}",
                                -1, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_null (sc_mapping_new_from_json (sc_json_get_object (root, "no_id")));
    g_assert_null (sc_delegation_new_from_json (sc_json_get_object (root, "no_id")));
    mapping = sc_mapping_new_from_json (sc_json_get_object (root, "mapping"));
    g_assert_cmpint (sc_mapping_get_relation (mapping), ==, SC_RELATION_DEFAULT);
    g_assert_null (sc_mapping_get_target_org_id (mapping));
    g_assert_null (sc_mapping_get_source_org_name (mapping));
    delegation = sc_delegation_new_from_json (sc_json_get_object (root, "delegation"));
    g_assert_null (sc_delegation_get_delegator_id (delegation));
    g_assert_null (sc_delegation_get_delegate_id (delegation));
    g_assert_null (sc_delegation_get_from (delegation));
    g_assert_null (sc_delegation_get_until (delegation));
    /* a policy that does not read is the defaults of API.md */
    bad_org = sc_org_new_from_json (sc_json_get_object (root, "org"));
    g_assert_false (sc_org_get_approval_policy (bad_org)->enabled);
    g_assert_cmpuint (sc_org_get_approval_policy (bad_org)->required_approvals, ==, 1);
    g_assert_cmpuint (sc_org_get_approval_policy (bad_org)->expiry_days, ==, 7);
    g_assert_cmpuint (sc_org_get_approval_policy (bad_org)->deny_windows->len, ==, 0);
    bare_org = sc_org_new_from_json (sc_json_get_object (root, "bare"));
    g_assert_cmpuint (sc_org_get_approval_policy (bare_org)->required_approvals, ==, 1);
    g_assert_false (sc_org_get_approval_policy (bare_org)->freeze.active);
  }

  g_clear_object (&client);
  sc_test_server_stop (server);
}

/* A demo server for a case of its own, and the workflows of its
 * Development, as the admin sees them. */
static ScClientPage *
start_demo_dev (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ScClientPage *workflows;

  f->server = sc_test_server_start (TRUE, NULL);
  f->client = sc_client_new (f->server->url);
  sc_client_set_token (f->client, sc_test_server_demo_token (f->server, "admin@acme.test"));
  f->dev = sc_test_server_demo_org_id (f->server, "Acme Development");

  sc_client_list_workflows_async (f->client, f->dev, NULL, 0, NULL, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  workflows = sc_client_list_workflows_finish (f->client, result, &error);
  g_assert_no_error (error);
  return workflows;
}

static void
stop_demo (Fixture *f)
{
  g_free (f->dev);
  g_clear_object (&f->client);
  sc_test_server_stop (f->server);
}

/* ScPromotionPreview over the real server's previews: a release of the
 * demo's Development promoted to the next stage (allowed, a new workflow
 * there) and to the stage after it (refused, both as a promotion and as a
 * request), each compared with the JSON it was read from; then what is not
 * the API's shape. */
static JsonObject *
preview (Fixture    *f,
         const char *release_id,
         const char *path_id,
         const char *tag)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *answer;

  sc_client_preview_promotion_async (f->client, release_id, path_id, tag, NULL, sc_test_result_cb,
                                     &f->result);
  result = wait_result (f);
  answer = sc_client_preview_promotion_finish (f->client, result, &error);
  g_assert_no_error (error);
  return answer;
}

static void
assert_refusals_read (ScPromotionPreview *model,
                      ScPromotionAction   action,
                      JsonObject         *verdict)
{
  JsonArray *refusals = sc_json_get_array (verdict, "refusals");
  GPtrArray *read = sc_promotion_preview_get_refusals (model, action);
  ScRefusalClass strongest = SC_REFUSAL_NONE;

  g_assert_cmpint (sc_promotion_preview_get_allowed (model, action), ==, sc_json_get_bool (verdict, "allowed"));
  g_assert_nonnull (refusals);
  g_assert_cmpuint (read->len, ==, json_array_get_length (refusals));
  for (guint i = 0; i < read->len; i++)
    {
      JsonObject *refusal = json_array_get_object_element (refusals, i);
      ScViolation *violation = g_ptr_array_index (read, i);

      g_assert_cmpstr (violation->rule, ==, sc_json_get_string (refusal, "rule"));
      g_assert_cmpstr (violation->field, ==, sc_json_get_string (refusal, "field"));
      g_assert_cmpstr (violation->reason, ==, sc_json_get_string (refusal, "reason"));
      strongest = MAX (strongest, sc_rules_refusal_class (violation));
    }
  g_assert_cmpint (sc_promotion_preview_get_refusal_class (model, action), ==, strongest);
}

static void
test_promotion_preview (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GAsyncResult) paths_result = NULL;
  g_autoptr(ScClientPage) workflows = NULL;
  g_autoptr(ScClientPage) paths = NULL;
  g_autoptr(JsonObject) allowed_json = NULL;
  g_autoptr(JsonObject) refused_json = NULL;
  g_autoptr(ScPromotionPreview) allowed = NULL;
  g_autoptr(ScPromotionPreview) refused = NULL;
  g_autoptr(ScPromotionPreview) bare = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *release = NULL;
  JsonObject *root;
  const char *path_id;
  const ScTrigger *from = NULL, *to = NULL;

  workflows = start_demo_dev (f);
  /* a released workflow not promoted yet: Staging gets a new one */
  for (guint i = 0; release == NULL && i < sc_client_page_get_n_items (workflows); i++)
    if (!sc_json_get_bool (item (workflows, i), "promoted"))
      release = sc_json_get_object (item (workflows, i), "latest_release");
  g_assert_nonnull (release);

  sc_client_list_paths_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  paths_result = wait_result (f);
  paths = sc_client_list_paths_finish (f->client, paths_result, &error);
  g_assert_no_error (error);
  path_id = sc_json_get_string (item (paths, 0), "id");

  /* allowed: dev → stage */
  allowed_json = preview (f, sc_json_get_string (release, "id"), path_id, "stage");
  g_assert_true (sc_json_get_bool (allowed_json, "allowed"));
  allowed = sc_promotion_preview_new_from_json (allowed_json);
  g_assert_nonnull (allowed);
  assert_refusals_read (allowed, SC_PROMOTION_ACTION_PROMOTE, allowed_json);
  assert_refusals_read (allowed, SC_PROMOTION_ACTION_REQUEST, sc_json_get_object (allowed_json, "request"));
  g_assert_cmpint (sc_promotion_preview_get_refusal_class (allowed, SC_PROMOTION_ACTION_PROMOTE), ==, SC_REFUSAL_NONE);
  g_assert_cmpstr (sc_promotion_preview_get_release_id (allowed), ==, sc_json_get_string (release, "id"));
  g_assert_cmpuint (sc_promotion_preview_get_release_version (allowed), ==, sc_json_get_int (release, "version", 0));
  g_assert_true (sc_promotion_preview_get_creates_new (allowed));
  g_assert_null (sc_promotion_preview_get_target_workflow_id (allowed));
  g_assert_false (sc_promotion_preview_get_requires_approval (allowed));
  g_assert_cmpint (sc_promotion_preview_get_override_allowed (allowed), ==,
                   sc_json_get_bool (allowed_json, "override_allowed"));
  g_assert_null (sc_promotion_preview_get_reopens_at (allowed));
  g_assert_cmpuint (sc_promotion_preview_get_missing_connections (allowed)->len, ==,
                    json_array_get_length (sc_json_get_array (allowed_json, "missing_connections")));
  g_assert_true (sc_promotion_preview_has_diff (allowed));
  /* everything is new there: every step added, nothing removed */
  {
    JsonObject *steps = sc_json_get_object (sc_json_get_object (allowed_json, "diff"), "steps");
    JsonArray *config = sc_json_get_array (sc_json_get_object (allowed_json, "diff"), "config");
    GPtrArray *changes = sc_promotion_preview_get_config_changes (allowed);

    g_assert_cmpuint (g_strv_length ((GStrv) sc_promotion_preview_get_steps (allowed, SC_DIFF_ADDED)), ==,
                      json_array_get_length (sc_json_get_array (steps, "added")));
    g_assert_cmpuint (g_strv_length ((GStrv) sc_promotion_preview_get_steps (allowed, SC_DIFF_ADDED)), >, 0);
    g_assert_cmpstr (sc_promotion_preview_get_steps (allowed, SC_DIFF_ADDED)[0], ==,
                     json_array_get_string_element (sc_json_get_array (steps, "added"), 0));
    g_assert_cmpuint (g_strv_length ((GStrv) sc_promotion_preview_get_steps (allowed, SC_DIFF_REMOVED)), ==, 0);
    g_assert_cmpuint (changes->len, ==, json_array_get_length (config));
    for (guint i = 0; i < changes->len; i++)
      {
        ScConfigChange *change = g_ptr_array_index (changes, i);

        g_assert_cmpstr (change->key, ==, sc_json_get_string (json_array_get_object_element (config, i), "key"));
        g_assert_cmpint (change->change, ==, SC_DIFF_ADDED);
        g_assert_null (change->from);
        g_assert_nonnull (change->to);
      }
    g_assert_true (sc_promotion_preview_get_trigger_change (allowed, &from, &to));
    g_assert_null (from);
    g_assert_nonnull (to);
    g_assert_cmpstr (to->url, ==,
                     sc_json_get_string (sc_json_get_object (sc_json_get_object (sc_json_get_object (allowed_json, "diff"), "trigger"), "to"), "url"));
  }

  /* refused: dev → prod skips a stage, as a promotion and as a request */
  refused_json = preview (f, sc_json_get_string (release, "id"), path_id, "prod");
  g_assert_false (sc_json_get_bool (refused_json, "allowed"));
  refused = sc_promotion_preview_new_from_json (refused_json);
  g_assert_nonnull (refused);
  g_assert_false (sc_promotion_preview_get_allowed (refused, SC_PROMOTION_ACTION_PROMOTE));
  g_assert_false (sc_promotion_preview_get_allowed (refused, SC_PROMOTION_ACTION_REQUEST));
  assert_refusals_read (refused, SC_PROMOTION_ACTION_PROMOTE, refused_json);
  assert_refusals_read (refused, SC_PROMOTION_ACTION_REQUEST, sc_json_get_object (refused_json, "request"));
  g_assert_true (sc_violations_has_rule (sc_promotion_preview_get_refusals (refused, SC_PROMOTION_ACTION_PROMOTE),
                                         "next_stage"));
  g_assert_cmpint (sc_promotion_preview_get_refusal_class (refused, SC_PROMOTION_ACTION_PROMOTE), >=,
                   SC_REFUSAL_INVALID);
  /* approvals are on for Production */
  g_assert_true (sc_promotion_preview_get_requires_approval (refused));

  /* what is not the API's shape reads as absent */
  g_assert_null (sc_promotion_preview_new_from_json (NULL));
  json_parser_load_from_data (parser,
                              "{\"no_release\": {\"allowed\": true},"
                              " \"bad\": {\"release\": {\"id\": \"rel\", \"version\": \"2\"}, \"allowed\": 1,"
                              "   \"refusals\": [7, {\"rule\": \"frozen\"}, {\"rule\": \"frozen\", \"reason\": \"Frozen.\"}],"
                              "   \"request\": [], \"missing_connections\": {}, \"creates_new\": \"yes\","
                              "   \"diff\": {\"steps\": {\"added\": [\"a\", 3, null]}, \"config\": [1, {\"to\": 2},"
                              "     {\"key\": \"k\", \"from\": null, \"to\": null}], \"trigger\": {\"from\": 5}}}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_promotion_preview_new_from_json (sc_json_get_object (root, "no_release")));
  bare = sc_promotion_preview_new_from_json (sc_json_get_object (root, "bad"));
  g_assert_nonnull (bare);
  g_assert_false (sc_promotion_preview_get_allowed (bare, SC_PROMOTION_ACTION_PROMOTE));
  g_assert_cmpuint (sc_promotion_preview_get_release_version (bare), ==, 0);
  g_assert_cmpuint (sc_promotion_preview_get_refusals (bare, SC_PROMOTION_ACTION_PROMOTE)->len, ==, 1);
  g_assert_cmpint (sc_promotion_preview_get_refusal_class (bare, SC_PROMOTION_ACTION_PROMOTE), ==, SC_REFUSAL_CONFLICT);
  g_assert_cmpuint (sc_promotion_preview_get_refusals (bare, SC_PROMOTION_ACTION_REQUEST)->len, ==, 0);
  g_assert_cmpuint (sc_promotion_preview_get_missing_connections (bare)->len, ==, 0);
  g_assert_false (sc_promotion_preview_get_creates_new (bare));
  g_assert_true (sc_promotion_preview_has_diff (bare));
  g_assert_cmpuint (g_strv_length ((GStrv) sc_promotion_preview_get_steps (bare, SC_DIFF_ADDED)), ==, 1);
  g_assert_cmpuint (g_strv_length ((GStrv) sc_promotion_preview_get_steps (bare, SC_DIFF_CHANGED)), ==, 0);
  g_assert_cmpuint (sc_promotion_preview_get_config_changes (bare)->len, ==, 1);
  g_assert_cmpint (((ScConfigChange *) g_ptr_array_index (sc_promotion_preview_get_config_changes (bare), 0))->change,
                   ==, SC_DIFF_ADDED);
  g_assert_true (sc_promotion_preview_get_trigger_change (bare, &from, &to));
  g_assert_null (from);
  g_assert_null (to);

  stop_demo (f);
}

/* ScWorkflowStages over GET /workflows/{id}/stages of a demo workflow at
 * Development (compared with the JSON it was read from), then the ends of
 * a path and what is not the API's shape. */
static void
test_workflow_stages (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GAsyncResult) stages_result = NULL;
  g_autoptr(ScClientPage) workflows = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(ScWorkflowStages) on_path = NULL;
  g_autoptr(ScWorkflowStages) last = NULL;
  g_autoptr(ScWorkflowStages) off = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *workflow_id = NULL;
  JsonObject *json;
  JsonArray *stages;
  JsonObject *root;

  workflows = start_demo_dev (f);
  for (guint i = 0; workflow_id == NULL && i < sc_client_page_get_n_items (workflows); i++)
    if (!sc_json_get_bool (item (workflows, i), "promoted") &&
        sc_json_get_object (item (workflows, i), "latest_release") != NULL)
      workflow_id = sc_json_get_string (item (workflows, i), "id");
  g_assert_nonnull (workflow_id);

  sc_client_get_stages_async (f->client, workflow_id, NULL, sc_test_result_cb, &f->result);
  stages_result = wait_result (f);
  page = sc_client_get_stages_finish (f->client, stages_result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), >=, 1);
  json = item (page, 0);
  on_path = sc_workflow_stages_new_from_json (json);
  g_assert_nonnull (on_path);
  g_assert_cmpstr (sc_workflow_stages_get_path_id (on_path), ==,
                   sc_json_get_string (sc_json_get_object (json, "path"), "id"));
  g_assert_cmpstr (sc_workflow_stages_get_path_name (on_path), ==, "Production Pipeline");
  /* at Development, the first of dev → stage → prod */
  g_assert_cmpint (sc_workflow_stages_get_current_index (on_path), ==, 0);
  g_assert_cmpint (sc_workflow_stages_get_current_index (on_path), ==, sc_json_get_int (json, "current_index", -2));
  stages = sc_json_get_array (json, "stages");
  g_assert_true (sc_workflow_stages_get_stages_json (on_path) == stages);
  g_assert_cmpuint (sc_workflow_stages_get_n_stages (on_path), ==, 3);
  for (guint i = 0; i < json_array_get_length (stages); i++)
    {
      JsonObject *stage_json = json_array_get_object_element (stages, i);
      const ScWorkflowStage *stage = sc_workflow_stages_get_stage (on_path, i);

      g_assert_cmpstr (stage->tag, ==, sc_json_get_string (stage_json, "tag"));
      g_assert_cmpstr (stage->org_id, ==, sc_json_get_string (stage_json, "org_id"));
      g_assert_cmpstr (stage->org_name, ==, sc_json_get_string (stage_json, "org_name"));
      g_assert_cmpstr (stage->workflow_id, ==, sc_json_get_string (stage_json, "workflow_id"));
      g_assert_cmpstr (stage->reason, ==, sc_json_get_string (stage_json, "reason"));
      g_assert_cmpint (stage->requires_approval, ==, sc_json_get_bool (stage_json, "requires_approval"));
      g_assert_cmpint (stage->can_promote, ==, sc_json_get_bool (stage_json, "can_promote"));
      g_assert_cmpint (stage->override_allowed, ==, sc_json_get_bool (stage_json, "override_allowed"));
      g_assert_cmpint (stage->allowed, ==, sc_json_get_bool (stage_json, "allowed"));
      g_assert_cmpint (stage->action, ==,
                       g_strcmp0 (sc_json_get_string (stage_json, "action"), "request") == 0
                       ? SC_STAGE_ACTION_REQUEST : SC_STAGE_ACTION_PROMOTE);
    }
  /* the admin may promote to Staging; Production wants an approval */
  g_assert_true (sc_workflow_stages_get_next (on_path) == sc_workflow_stages_get_stage (on_path, 1));
  g_assert_true (sc_workflow_stages_get_next (on_path)->allowed);
  g_assert_cmpint (sc_workflow_stages_get_next (on_path)->action, ==, SC_STAGE_ACTION_PROMOTE);
  g_assert_true (sc_workflow_stages_get_stage (on_path, 2)->requires_approval);

  g_assert_null (sc_workflow_stages_new_from_json (NULL));
  json_parser_load_from_data (parser,
                              "{\"no_path\": {\"current_index\": 0, \"stages\": []},"
                              " \"last\": {\"path\": {\"id\": \"p\"}, \"current_index\": 1,"
                              "   \"stages\": [7, {\"tag\": \"b\", \"action\": \"view_request\", \"allowed\": \"yes\"}]},"
                              " \"off\": {\"path\": {\"id\": \"p\", \"name\": 3}, \"current_index\": 9, \"stages\": {}}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_workflow_stages_new_from_json (sc_json_get_object (root, "no_path")));
  last = sc_workflow_stages_new_from_json (sc_json_get_object (root, "last"));
  g_assert_cmpuint (sc_workflow_stages_get_n_stages (last), ==, 2);
  g_assert_null (sc_workflow_stages_get_stage (last, 0)->tag);
  g_assert_cmpint (sc_workflow_stages_get_stage (last, 1)->action, ==, SC_STAGE_ACTION_VIEW_REQUEST);
  g_assert_false (sc_workflow_stages_get_stage (last, 1)->allowed);
  g_assert_null (sc_workflow_stages_get_next (last));
  off = sc_workflow_stages_new_from_json (sc_json_get_object (root, "off"));
  g_assert_null (sc_workflow_stages_get_path_name (off));
  g_assert_cmpint (sc_workflow_stages_get_current_index (off), ==, -1);
  g_assert_cmpuint (sc_workflow_stages_get_n_stages (off), ==, 0);
  g_assert_null (sc_workflow_stages_get_stages_json (off));
  g_assert_null (sc_workflow_stages_get_next (off));

  stop_demo (f);
}

/* The sharing of a demo workflow after the admin gave the developer
 * manage and everyone view (ScSharing), a connection's, and what does
 * not read. */
static void
test_sharing (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(ScClientPage) workflows = start_demo_dev (f);
  const char *admin = sc_test_server_demo_token (f->server, "admin@acme.test");
  const char *workflow_id = sc_json_get_string (item (workflows, 0), "id");
  g_autofree char *path = g_strdup_printf ("/workflows/%s/sharing", workflow_id);
  g_autoptr(ScTestResponse) before = NULL;
  g_autoptr(ScTestResponse) put = NULL;
  g_autoptr(GAsyncResult) sharing_result = NULL;
  g_autoptr(GAsyncResult) connections_result = NULL;
  g_autoptr(GAsyncResult) connection_result = NULL;
  g_autoptr(ScClientPage) connections = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) connection_answer = NULL;
  g_autoptr(ScSharing) sharing = NULL;
  g_autoptr(ScSharing) connection_sharing = NULL;
  g_autoptr(ScSharing) odd = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const ScSharingGrant *grant;
  JsonArray *grants;
  JsonObject *root;

  g_assert_nonnull (workflow_id);
  before = sc_test_request (f->server, "GET", path, admin, NULL, NULL);
  sc_assert_status (before, 200);
  put = sc_test_request (f->server, "PUT", path, admin,
                         "{\"general_access\": \"view\", \"grants\": ["
                         " {\"email\": \"dev@acme.test\", \"permission\": \"manage\"}]}",
                         "If-Match", sc_test_get_string (before->body, "etag"), NULL);
  sc_assert_status (put, 200);

  sc_client_get_sharing_async (f->client, workflow_id, FALSE, NULL, sc_test_result_cb, &f->result);
  sharing_result = wait_result (f);
  answer = sc_client_get_sharing_finish (f->client, sharing_result, &error);
  g_assert_no_error (error);
  sharing = sc_sharing_new_from_json (answer);
  g_assert_nonnull (sharing);
  g_assert_cmpint (sc_sharing_get_general_access (sharing), ==, SC_PERMISSION_VIEW);
  g_assert_nonnull (sc_sharing_get_etag (sharing));
  g_assert_cmpstr (sc_sharing_get_etag (sharing), ==, sc_json_get_string (answer, "etag"));
  g_assert_cmpstr (sc_sharing_get_etag (sharing), !=, sc_test_get_string (before->body, "etag"));
  grants = sc_json_get_array (answer, "grants");
  g_assert_cmpuint (sc_sharing_get_n_grants (sharing), ==, 1);
  g_assert_cmpuint (sc_sharing_get_n_grants (sharing), ==, json_array_get_length (grants));
  grant = sc_sharing_get_grant (sharing, 0);
  g_assert_cmpstr (grant->email, ==, "dev@acme.test");
  g_assert_cmpint (grant->permission, ==, SC_PERMISSION_MANAGE);
  g_assert_nonnull (grant->user_id);
  g_assert_cmpstr (grant->user_id, ==,
                   sc_json_get_string (json_array_get_object_element (grants, 0), "user_id"));

  /* a connection's: run/manage */
  sc_client_list_connections_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  connections_result = wait_result (f);
  connections = sc_client_list_connections_finish (f->client, connections_result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (connections), >, 0);
  sc_client_get_sharing_async (f->client, sc_json_get_string (item (connections, 0), "id"), TRUE,
                               NULL, sc_test_result_cb, &f->result);
  connection_result = wait_result (f);
  connection_answer = sc_client_get_sharing_finish (f->client, connection_result, &error);
  g_assert_no_error (error);
  connection_sharing = sc_sharing_new_from_json (connection_answer);
  g_assert_nonnull (connection_sharing);
  g_assert_cmpstr (sc_permission_to_string (sc_sharing_get_general_access (connection_sharing)), ==,
                   sc_json_get_string (connection_answer, "general_access"));
  g_assert_cmpstr (sc_sharing_get_etag (connection_sharing), ==,
                   sc_json_get_string (connection_answer, "etag"));
  g_assert_cmpuint (sc_sharing_get_n_grants (connection_sharing), ==,
                    json_array_get_length (sc_json_get_array (connection_answer, "grants")));

  /* what does not read */
  g_assert_null (sc_sharing_new_from_json (NULL));
  json_parser_load_from_data (parser,
                              "{\"no_access\": {\"grants\": [], \"etag\": \"e\"},"
                              " \"bad_access\": {\"general_access\": \"everyone\"},"
                              " \"odd\": {\"general_access\": \"run\", \"etag\": 4, \"grants\": ["
                              "   7, {\"email\": \"a@b.test\", \"permission\": \"view\"},"
                              "   {\"user_id\": \"u1\", \"permission\": \"own\"},"
                              "   {\"user_id\": \"u2\", \"email\": 5, \"permission\": \"run\"}]}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_sharing_new_from_json (sc_json_get_object (root, "no_access")));
  g_assert_null (sc_sharing_new_from_json (sc_json_get_object (root, "bad_access")));
  odd = sc_sharing_new_from_json (sc_json_get_object (root, "odd"));
  g_assert_nonnull (odd);
  g_assert_cmpint (sc_sharing_get_general_access (odd), ==, SC_PERMISSION_RUN);
  g_assert_null (sc_sharing_get_etag (odd));
  g_assert_cmpuint (sc_sharing_get_n_grants (odd), ==, 1);
  g_assert_cmpstr (sc_sharing_get_grant (odd, 0)->user_id, ==, "u2");
  g_assert_null (sc_sharing_get_grant (odd, 0)->email);
  g_assert_cmpint (sc_sharing_get_grant (odd, 0)->permission, ==, SC_PERMISSION_RUN);

  stop_demo (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-models/bad-shapes", test_bad_shapes);
  g_test_add_func ("/client-models/demo-answers", test_demo_answers);
  g_test_add_func ("/client-models/org-models", test_org_models);
  g_test_add_func ("/client-models/promotion-preview", test_promotion_preview);
  g_test_add_func ("/client-models/workflow-stages", test_workflow_stages);
  g_test_add_func ("/client-models/sharing", test_sharing);

  return g_test_run ();
}
