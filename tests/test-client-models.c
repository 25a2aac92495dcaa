/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-audit-event.h"
#include "sc-client.h"
#include "sc-connection.h"
#include "sc-decision-result.h"
#include "sc-delegation.h"
#include "sc-deny-window.h"
#include "sc-mapping.h"
#include "sc-event.h"
#include "sc-schedule.h"
#include "sc-membership.h"
#include "sc-me.h"
#include "sc-json.h"
#include "sc-models.h"
#include "sc-path-progress.h"
#include "sc-promotion-record.h"
#include "sc-promotion-preview.h"
#include "sc-sharing.h"
#include "sc-test-server.h"
#include "sc-workflow.h"

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
  /* PRODUCT.md: N ≥ 1, default 1 */
  g_assert_cmpuint (sc_approval_request_get_required_approvals (request), ==, 1);
  g_assert_null (sc_approval_request_get_target (request)->tag);
  g_assert_null (sc_approval_request_get_created_at (request));

  org = sc_org_new_from_json (sc_json_get_object (root, "org"));
  g_assert_cmpint (sc_org_get_org_type (org), ==, SC_ORG_TYPE_NONE);
  g_assert_cmpint (sc_org_get_role (org), ==, SC_ROLE_NONE);
}

/* The review panel's fields (decisions, requester, delegate,
 * instructions) as the server answers GET /approval-requests/{id} after a
 * reviewer's decision; and what does not read is left out. */
static void
test_approval_decisions (void)
{
  ScTestServer *server;
  g_autoptr(ScClient) admin = NULL;
  g_autoptr(ScClient) reviewer = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(GAsyncResult) got_again = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScApprovalRequest) request = NULL;
  g_autoptr(ScApprovalRequest) bad = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const ScApprovalDecision *decision;
  JsonObject *decision_json, *requester_json;

  server = sc_test_server_start (TRUE, NULL);
  admin = sc_client_new (server->url);
  sc_client_set_token (admin, sc_test_server_demo_token (server, "admin@acme.test"));
  reviewer = sc_client_new (server->url);
  sc_client_set_token (reviewer, sc_test_server_demo_token (server, "reviewer@acme.test"));

  sc_client_list_approval_requests_async (admin, "pending", NULL, FALSE, FALSE, NULL, NULL,
                                          sc_test_result_cb, &slot);
  listed = sc_test_wait_result (&slot, WAIT_SECONDS);
  page = sc_client_list_approval_requests_finish (admin, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), >=, 1);
  id = g_strdup (sc_json_get_string (sc_client_page_get_item (page, 0), "id"));

  /* before any decision: none, the requester in full */
  sc_client_get_approval_request_async (admin, id, NULL, sc_test_result_cb, &slot);
  got = sc_test_wait_result (&slot, WAIT_SECONDS);
  json = sc_client_get_approval_request_finish (admin, got, &error);
  g_assert_no_error (error);
  request = sc_approval_request_new_from_json (json);
  g_assert_nonnull (request);
  g_assert_cmpuint (sc_approval_request_get_n_decisions (request), ==, 0);
  g_assert_cmpuint (sc_approval_request_count_decisions (request, SC_DECISION_APPROVE), ==, 0);
  requester_json = sc_json_get_object (json, "requester");
  g_assert_cmpstr (sc_approval_request_get_requester (request)->email, ==, "admin@acme.test");
  g_assert_cmpstr (sc_approval_request_get_requester (request)->name, ==,
                   sc_json_get_string (requester_json, "name"));
  g_assert_nonnull (sc_approval_request_get_requester (request)->name);
  g_assert_cmpstr (sc_approval_request_get_requester (request)->id, ==,
                   sc_approval_request_get_requester_id (request));
  g_assert_cmpuint (sc_approval_request_get_required_approvals (request), ==,
                    sc_json_get_int (json, "required_approvals", 0));
  g_assert_cmpstr (sc_approval_request_get_instructions (request), ==,
                   sc_json_get_string (json, "instructions"));
  /* the admin decides for nobody but herself */
  g_assert_null (sc_approval_request_get_decide_on_behalf_of (request));
  g_assert_cmpint (sc_approval_request_get_comment_required (request, SC_DECISION_REJECT), ==,
                   sc_json_get_bool (json, "comment_required_to_reject"));
  g_clear_object (&request);
  g_clear_pointer (&json, json_object_unref);

  /* the reviewer rejects with a comment: the answer carries the decision */
  sc_client_decide_async (reviewer, id, SC_DECISION_REJECT, "Not this week", NULL,
                          sc_test_result_cb, &slot);
  sent = sc_test_wait_result (&slot, WAIT_SECONDS);
  decided = sc_client_decide_finish (reviewer, sent, &error);
  g_assert_no_error (error);
  sc_client_get_approval_request_async (reviewer, id, NULL, sc_test_result_cb, &slot);
  got_again = sc_test_wait_result (&slot, WAIT_SECONDS);
  json = sc_client_get_approval_request_finish (reviewer, got_again, &error);
  g_assert_no_error (error);
  request = sc_approval_request_new_from_json (json);
  g_assert_nonnull (request);
  g_assert_cmpint (sc_approval_request_get_state (request), ==, SC_APPROVAL_STATE_REJECTED);
  g_assert_cmpuint (sc_approval_request_get_n_decisions (request), ==, 1);
  g_assert_cmpuint (sc_approval_request_count_decisions (request, SC_DECISION_REJECT), ==, 1);
  decision = sc_approval_request_get_decision (request, 0);
  decision_json = json_array_get_object_element (sc_json_get_array (json, "decisions"), 0);
  g_assert_cmpint (decision->decision, ==, SC_DECISION_REJECT);
  g_assert_cmpstr (decision->comment, ==, "Not this week");
  g_assert_cmpstr (decision->reviewer.email, ==, "reviewer@acme.test");
  g_assert_cmpstr (decision->reviewer.name, ==, "Rita Reviewer");
  g_assert_cmpstr (decision->reviewer.id, ==,
                   sc_json_get_string (sc_json_get_object (decision_json, "reviewer"), "id"));
  g_assert_nonnull (decision->at);
  g_assert_null (decision->on_behalf_of);

  /* decisions that are not objects or have no reviewer are left out */
  json_parser_load_from_data (parser,
                              "{\"id\": \"r\", \"required_approvals\": \"two\","
                              " \"decisions\": [7, {\"decision\": \"approve\"},"
                              "   {\"reviewer\": {\"email\": \"r@x\"}, \"decision\": \"approve\","
                              "    \"on_behalf_of\": {\"name\": \"Dora\"}, \"at\": \"soon\"}],"
                              " \"decide_on_behalf_of\": \"me\", \"instructions\": 3, \"requester\": []}",
                              -1, &error);
  g_assert_no_error (error);
  bad = sc_approval_request_new_from_json (json_node_get_object (json_parser_get_root (parser)));
  g_assert_nonnull (bad);
  g_assert_cmpuint (sc_approval_request_get_required_approvals (bad), ==, 1);
  g_assert_cmpuint (sc_approval_request_get_n_decisions (bad), ==, 1);
  decision = sc_approval_request_get_decision (bad, 0);
  g_assert_cmpint (decision->decision, ==, SC_DECISION_APPROVE);
  g_assert_cmpstr (decision->reviewer.email, ==, "r@x");
  g_assert_null (decision->reviewer.name);
  g_assert_null (decision->at);
  g_assert_cmpstr (decision->on_behalf_of->name, ==, "Dora");
  g_assert_null (sc_approval_request_get_decide_on_behalf_of (bad));
  g_assert_null (sc_approval_request_get_instructions (bad));
  g_assert_null (sc_approval_request_get_requester (bad)->email);

  g_clear_object (&admin);
  g_clear_object (&reviewer);
  sc_test_server_stop (server);
}

/* Polls @client's feed since @cursor (NULL: where it is now) and returns
 * the page. */
static ScClientPage *
poll_feed (ScClient   *client,
           const char *cursor)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  ScClientPage *page;

  sc_client_poll_events_async (client, cursor, 5, NULL, sc_test_result_cb, &slot);
  result = sc_test_wait_result (&slot, WAIT_SECONDS);
  page = sc_client_poll_events_finish (client, result, &error);
  g_assert_no_error (error);
  return page;
}

/* The first event of @kind on @page read as an ScEvent, with its JSON. */
static ScEvent *
find_event (ScClientPage *page,
            const char   *kind,
            JsonObject  **json)
{
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    if (g_strcmp0 (sc_json_get_string (sc_client_page_get_item (page, i), "kind"), kind) == 0)
      {
        *json = sc_client_page_get_item (page, i);
        return sc_event_new_from_json (*json);
      }
  return NULL;
}

/* ScEvent over the real feed: the requester hears of a reviewer's
 * rejection (approval_decided), the reviewer of the update she made
 * (approval_updated); and what does not read is left out. */
static void
test_events (void)
{
  ScTestServer *server = sc_test_server_start (TRUE, NULL);
  g_autoptr(ScClient) admin = sc_client_new (server->url);
  g_autoptr(ScClient) reviewer = sc_client_new (server->url);
  g_autoptr(ScClientPage) requests = NULL;
  g_autoptr(ScClientPage) admin_start = NULL;
  g_autoptr(ScClientPage) reviewer_start = NULL;
  g_autoptr(ScClientPage) admin_feed = NULL;
  g_autoptr(ScClientPage) reviewer_feed = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GAsyncResult) sent = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autoptr(ScEvent) event = NULL;
  g_autoptr(ScEvent) updated = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  JsonObject *json = NULL, *root;
  ScApprovalState state = SC_APPROVAL_STATE_PENDING;
  const char *id;

  sc_client_set_token (admin, sc_test_server_demo_token (server, "admin@acme.test"));
  sc_client_set_token (reviewer, sc_test_server_demo_token (server, "reviewer@acme.test"));
  sc_client_list_approval_requests_async (admin, "pending", NULL, FALSE, FALSE, NULL, NULL,
                                          sc_test_result_cb, &slot);
  listed = sc_test_wait_result (&slot, WAIT_SECONDS);
  requests = sc_client_list_approval_requests_finish (admin, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (requests), >=, 1);
  id = sc_json_get_string (sc_client_page_get_item (requests, 0), "id");

  admin_start = poll_feed (admin, NULL);
  reviewer_start = poll_feed (reviewer, NULL);
  sc_client_decide_async (reviewer, id, SC_DECISION_REJECT, "Not this week", NULL,
                          sc_test_result_cb, &slot);
  sent = sc_test_wait_result (&slot, WAIT_SECONDS);
  decided = sc_client_decide_finish (reviewer, sent, &error);
  g_assert_no_error (error);

  admin_feed = poll_feed (admin, sc_client_page_get_next_cursor (admin_start));
  event = find_event (admin_feed, "approval_decided", &json);
  g_assert_nonnull (event);
  g_assert_cmpstr (sc_event_get_id (event), ==, sc_json_get_string (json, "id"));
  g_assert_cmpint (sc_event_get_kind (event), ==, SC_EVENT_KIND_APPROVAL_DECIDED);
  g_assert_cmpstr (sc_event_get_approval_request_id (event), ==, id);
  g_assert_true (sc_event_get_state (event, &state));
  g_assert_cmpint (state, ==, SC_APPROVAL_STATE_REJECTED);
  g_assert_cmpstr (sc_event_get_reviewer (event)->name, ==, "Rita Reviewer");
  g_assert_cmpstr (sc_event_get_workflow_name (event), ==,
                   sc_json_get_string (sc_json_get_object (sc_client_page_get_item (requests, 0),
                                                           "workflow"), "name"));
  g_assert_cmpuint (sc_event_get_release_version (event), ==,
                    sc_json_get_int (sc_json_get_object (sc_client_page_get_item (requests, 0), "release"),
                                     "version", 0));
  g_assert_cmpstr (sc_event_get_target_org_name (event), ==, "Acme Production");
  g_assert_nonnull (sc_event_get_target_tag (event));
  g_assert_false (sc_event_get_failed (event));

  reviewer_feed = poll_feed (reviewer, sc_client_page_get_next_cursor (reviewer_start));
  updated = find_event (reviewer_feed, "approval_updated", &json);
  g_assert_nonnull (updated);
  g_assert_cmpint (sc_event_get_kind (updated), ==, SC_EVENT_KIND_APPROVAL_UPDATED);
  g_assert_cmpstr (sc_event_get_approval_request_id (updated), ==, id);
  g_assert_nonnull (sc_event_get_actor (updated));
  g_assert_cmpstr (sc_event_get_actor (updated)->email, ==, "reviewer@acme.test");
  g_clear_object (&event);

  /* no id: none; no data: nothing to say; an unknown kind or state */
  json_parser_load_from_data (parser,
                              "{\"no_id\": {\"kind\": \"approval_decided\", \"data\": {}},"
                              " \"no_data\": {\"id\": \"e\", \"kind\": \"promotion_completed\", \"data\": 3},"
                              " \"odd\": {\"id\": \"e\", \"kind\": \"moon_landing\", \"data\":"
                              "   {\"state\": \"asleep\", \"release\": {\"version\": -2}, \"target\": [],"
                              "    \"workflow\": 1, \"workflow_name\": \"Sync\", \"outcome\": \"failed\"}}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_event_new_from_json (NULL));
  g_assert_null (sc_event_new_from_json (sc_json_get_object (root, "no_id")));
  event = sc_event_new_from_json (sc_json_get_object (root, "no_data"));
  g_assert_cmpint (sc_event_get_kind (event), ==, SC_EVENT_KIND_UNKNOWN);
  g_assert_null (sc_event_get_target_tag (event));
  g_clear_object (&event);
  event = sc_event_new_from_json (sc_json_get_object (root, "odd"));
  g_assert_cmpint (sc_event_get_kind (event), ==, SC_EVENT_KIND_UNKNOWN);
  g_assert_false (sc_event_get_state (event, &state));
  g_assert_cmpuint (sc_event_get_release_version (event), ==, 0);
  g_assert_null (sc_event_get_target_org_name (event));
  g_assert_cmpstr (sc_event_get_workflow_name (event), ==, "Sync");
  g_assert_true (sc_event_get_failed (event));
  g_assert_null (sc_event_get_requester (event));

  g_clear_object (&admin);
  g_clear_object (&reviewer);
  sc_test_server_stop (server);
}

/* ScSchedule over the real server: sc_test_pipeline_init()'s admin
 * schedules Order sync v1 into stage for tomorrow; GET /schedules reads
 * back field by field; and what does not read is left out. */
static void
test_schedules (void)
{
  ScTestServer *server = sc_test_server_start (FALSE, NULL);
  ScTestPipeline p = { 0 };
  g_autoptr(ScClient) admin = sc_client_new (server->url);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) run_at = g_date_time_new_utc (g_date_time_get_year (tomorrow),
                                                     g_date_time_get_month (tomorrow),
                                                     g_date_time_get_day_of_month (tomorrow),
                                                     9, 30, 0);
  g_autoptr(GAsyncResult) created_result = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) schedules = NULL;
  g_autoptr(ScSchedule) schedule = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  JsonObject *json, *root;

  sc_test_pipeline_init (&p, server);
  sc_client_set_token (admin, p.admin);
  sc_client_create_schedule_async (admin, p.release_id, p.path_id, "stage", NULL, run_at, NULL,
                                   NULL, sc_test_result_cb, &slot);
  created_result = sc_test_wait_result (&slot, WAIT_SECONDS);
  created = sc_client_create_schedule_finish (admin, created_result, &error);
  g_assert_no_error (error);

  sc_client_list_schedules_async (admin, p.stage_org, "pending", NULL, sc_test_result_cb, &slot);
  listed = sc_test_wait_result (&slot, WAIT_SECONDS);
  page = sc_client_list_schedules_finish (admin, listed, &error);
  g_assert_no_error (error);
  schedules = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_SCHEDULE,
                                   (gpointer) sc_schedule_new_from_json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (schedules)), ==, 1);
  schedule = g_list_model_get_item (G_LIST_MODEL (schedules), 0);
  json = item (page, 0);
  g_assert_cmpstr (sc_schedule_get_id (schedule), ==, sc_json_get_string (created, "id"));
  g_assert_cmpstr (sc_schedule_get_state (schedule), ==, "pending");
  g_assert_true (g_date_time_equal (sc_schedule_get_run_at (schedule), run_at));
  g_assert_cmpstr (sc_schedule_get_workflow_id (schedule), ==, p.workflow_id);
  g_assert_cmpstr (sc_schedule_get_workflow_name (schedule), ==, "Order sync");
  g_assert_cmpstr (sc_schedule_get_release_id (schedule), ==, p.release_id);
  g_assert_cmpuint (sc_schedule_get_release_version (schedule), ==, 1);
  g_assert_cmpstr (sc_schedule_get_path_id (schedule), ==, p.path_id);
  g_assert_cmpstr (sc_schedule_get_source (schedule)->org_id, ==, p.dev_org);
  g_assert_cmpstr (sc_schedule_get_target (schedule)->tag, ==, "stage");
  g_assert_cmpstr (sc_schedule_get_target (schedule)->org_id, ==, p.stage_org);
  g_assert_cmpstr (sc_schedule_get_target (schedule)->org_name, ==,
                   sc_json_get_string (sc_json_get_object (json, "target"), "org_name"));
  g_assert_nonnull (sc_schedule_get_target (schedule)->org_name);
  g_assert_null (sc_schedule_get_approval_request_id (schedule));
  g_assert_cmpstr (sc_schedule_get_requester_email (schedule), ==, "admin@acme.test");
  g_clear_object (&schedule);

  json_parser_load_from_data (parser,
                              "{\"no_id\": {\"state\": \"pending\"},"
                              " \"odd\": {\"id\": \"s\", \"run_at\": \"soon\", \"release\": {\"version\": \"1\"},"
                              "   \"target\": 5, \"workflow\": [], \"requester\": {\"email\": 2}}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_schedule_new_from_json (NULL));
  g_assert_null (sc_schedule_new_from_json (sc_json_get_object (root, "no_id")));
  schedule = sc_schedule_new_from_json (sc_json_get_object (root, "odd"));
  g_assert_nonnull (schedule);
  g_assert_null (sc_schedule_get_run_at (schedule));
  g_assert_cmpuint (sc_schedule_get_release_version (schedule), ==, 0);
  g_assert_null (sc_schedule_get_target (schedule)->tag);
  g_assert_null (sc_schedule_get_workflow_name (schedule));
  g_assert_null (sc_schedule_get_requester_email (schedule));
  g_assert_null (sc_schedule_get_state (schedule));

  g_clear_object (&admin);
  sc_test_server_stop (server);
  sc_test_pipeline_clear (&p);
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

/* The history records of the demo's promotions (GET /promotions), and the
 * release fields the details' lists show (author, block), against the
 * JSON they were read from; what is not the API's shape reads as absent. */
static void
test_promotion_records (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) records = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ScPromotionRecord) odd = NULL;
  g_autoptr(ScRelease) odd_release = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = NULL;
  const char *by = NULL, *reason = NULL;
  JsonObject *root;
  guint n_succeeded = 0;

  f->server = sc_test_server_start (TRUE, NULL);
  f->client = sc_client_new (f->server->url);
  sc_client_set_token (f->client, sc_test_server_demo_token (f->server, "admin@acme.test"));
  f->dev = sc_test_server_demo_org_id (f->server, "Acme Development");

  sc_client_list_promotions_async (f->client, NULL, f->dev, 0, NULL, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_promotions_finish (f->client, result, &error);
  g_assert_no_error (error);
  /* the demo promoted some workflows to Staging */
  g_assert_cmpuint (sc_client_page_get_n_items (page), >, 0);
  records = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_PROMOTION_RECORD,
                                 (gpointer) sc_promotion_record_new_from_json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (records)), ==, sc_client_page_get_n_items (page));
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      g_autoptr(ScPromotionRecord) record = g_list_model_get_item (G_LIST_MODEL (records), i);
      JsonObject *json = item (page, i);
      JsonObject *target = sc_json_get_object (json, "target");

      g_assert_cmpstr (sc_promotion_record_get_id (record), ==, sc_json_get_string (json, "id"));
      g_assert_cmpint (sc_promotion_record_is_rollback (record), ==,
                       g_strcmp0 (sc_json_get_string (json, "kind"), "rollback") == 0);
      g_assert_cmpstr (sc_promotion_record_get_workflow_id (record), ==, sc_json_get_string (json, "workflow_id"));
      g_assert_cmpstr (sc_promotion_record_get_path_id (record), ==, sc_json_get_string (json, "path_id"));
      g_assert_cmpstr (sc_promotion_record_get_release_id (record), ==,
                       sc_json_get_string (sc_json_get_object (json, "release"), "id"));
      g_assert_cmpuint (sc_promotion_record_get_release_version (record), >=, 1);
      g_assert_cmpuint (sc_promotion_record_get_release_version (record), ==,
                        sc_json_get_int (sc_json_get_object (json, "release"), "version", 0));
      g_assert_cmpstr (sc_promotion_record_get_source (record)->tag, ==,
                       sc_json_get_string (sc_json_get_object (json, "source"), "tag"));
      g_assert_cmpstr (sc_promotion_record_get_target (record)->tag, ==, sc_json_get_string (target, "tag"));
      g_assert_cmpstr (sc_promotion_record_get_target (record)->org_id, ==, sc_json_get_string (target, "org_id"));
      g_assert_cmpstr (sc_promotion_record_get_target_workflow_id (record), ==,
                       sc_json_get_string (json, "target_workflow_id"));
      g_assert_cmpint (sc_promotion_record_get_created_new (record), ==, sc_json_get_bool (json, "created_new"));
      g_assert_cmpstr (sc_promotion_record_get_actor_email (record), ==,
                       sc_json_get_string (sc_json_get_object (json, "actor"), "email"));
      g_assert_cmpint (sc_promotion_record_get_succeeded (record), ==,
                       g_strcmp0 (sc_json_get_string (json, "outcome"), "succeeded") == 0);
      g_assert_cmpstr (sc_promotion_record_get_error (record, &message), ==,
                       sc_json_get_string (sc_json_get_object (json, "error"), "code"));
      g_assert_cmpstr (message, ==, sc_json_get_string (sc_json_get_object (json, "error"), "message"));
      g_assert_cmpstr (sc_promotion_record_get_reason (record), ==, sc_json_get_string (json, "reason"));
      g_assert_nonnull (sc_promotion_record_get_at (record));
      if (sc_promotion_record_get_succeeded (record))
        {
          g_assert_nonnull (sc_promotion_record_get_target_workflow_id (record));
          n_succeeded++;
        }
    }
  g_assert_cmpuint (n_succeeded, >, 0);

  /* the copy a promotion made: what the details show of a workflow */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (records)); i++)
    {
      g_autoptr(ScPromotionRecord) record = g_list_model_get_item (G_LIST_MODEL (records), i);
      g_autoptr(GAsyncResult) copy_result = NULL;
      g_autoptr(JsonObject) json = NULL;
      g_autoptr(ScWorkflow) copy = NULL;
      const char *origin_org = NULL, *origin_stage = NULL;

      if (!sc_promotion_record_get_succeeded (record) || sc_promotion_record_is_rollback (record))
        continue;
      sc_client_get_workflow_async (f->client, sc_promotion_record_get_target_workflow_id (record),
                                    NULL, sc_test_result_cb, &f->result);
      copy_result = wait_result (f);
      json = sc_client_get_workflow_finish (f->client, copy_result, &error);
      g_assert_no_error (error);
      copy = sc_workflow_new (json);
      g_assert_true (sc_workflow_get_origin (copy, &origin_org, &origin_stage));
      g_assert_cmpstr (origin_org, ==, sc_json_get_string (sc_json_get_object (json, "origin"), "org_id"));
      g_assert_nonnull (origin_org);
      g_assert_cmpstr (origin_stage, ==, sc_promotion_record_get_target (record)->tag);
      g_assert_cmpstr (sc_workflow_get_owner_email (copy), ==,
                       sc_json_get_string (sc_json_get_object (json, "owner"), "email"));
      g_assert_cmpstr (sc_workflow_get_description (copy), ==, sc_json_get_string (json, "description"));
      g_assert_nonnull (sc_workflow_get_latest_release_id (copy));
      g_assert_cmpstr (sc_workflow_get_latest_release_id (copy), ==,
                       sc_json_get_string (sc_json_get_object (json, "latest_release"), "id"));
      break;
    }

  /* a release's author and block */
  {
    g_autoptr(ScPromotionRecord) first = g_list_model_get_item (G_LIST_MODEL (records), 0);
    g_autoptr(GAsyncResult) releases_result = NULL;
    g_autoptr(ScClientPage) releases_page = NULL;

    sc_client_list_releases_async (f->client, sc_promotion_record_get_workflow_id (first), 0, NULL,
                                   NULL, sc_test_result_cb, &f->result);
    releases_result = wait_result (f);
    releases_page = sc_client_list_releases_finish (f->client, releases_result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sc_client_page_get_n_items (releases_page), >, 0);
    for (guint i = 0; i < sc_client_page_get_n_items (releases_page); i++)
      {
        g_autoptr(ScRelease) release = sc_release_new_from_json (item (releases_page, i));

        g_assert_nonnull (sc_release_get_created_by_email (release));
        g_assert_cmpstr (sc_release_get_created_by_email (release), ==,
                         sc_json_get_string (sc_json_get_object (item (releases_page, i), "created_by"), "email"));
        g_assert_cmpint (sc_release_get_blocked (release, NULL, NULL), ==,
                         sc_json_get_object (item (releases_page, i), "blocked") != NULL);
      }
  }

  json_parser_load_from_data (parser,
                              "{\"no_id\": {\"kind\": \"rollback\"},"
                              " \"record\": {\"id\": \"p\", \"kind\": 7, \"release\": [], \"target\": \"prod\","
                              "  \"outcome\": \"maybe\", \"error\": {\"code\": 1}, \"at\": \"yesterday\"},"
                              " \"release\": {\"id\": \"r\", \"created_by\": \"ada\","
                              "  \"blocked\": {\"by\": {\"email\": \"ada@acme.test\"}, \"reason\": \"bad\"}}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_promotion_record_new_from_json (NULL));
  g_assert_null (sc_promotion_record_new_from_json (sc_json_get_object (root, "no_id")));
  odd = sc_promotion_record_new_from_json (sc_json_get_object (root, "record"));
  g_assert_false (sc_promotion_record_is_rollback (odd));
  g_assert_cmpuint (sc_promotion_record_get_release_version (odd), ==, 0);
  g_assert_null (sc_promotion_record_get_target (odd)->tag);
  g_assert_false (sc_promotion_record_get_succeeded (odd));
  g_assert_null (sc_promotion_record_get_error (odd, &message));
  g_assert_null (message);
  g_assert_null (sc_promotion_record_get_at (odd));
  odd_release = sc_release_new_from_json (sc_json_get_object (root, "release"));
  g_assert_null (sc_release_get_created_by_email (odd_release));
  g_assert_true (sc_release_get_blocked (odd_release, &by, &reason));
  g_assert_cmpstr (by, ==, "ada@acme.test");
  g_assert_cmpstr (reason, ==, "bad");

  stop_demo (f);
}

/* Where the demo's workflows stand on their paths (GET /workflows/{id}/
 * stages) against the JSON they were read from, the next stage with the
 * server's verdict; what is not the API's shape reads as absent. */
static void
test_path_progress (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ScPathProgress) odd = NULL;
  g_autoptr(GError) error = NULL;
  guint n_next = 0;
  JsonObject *root;

  f->server = sc_test_server_start (TRUE, NULL);
  f->client = sc_client_new (f->server->url);
  sc_client_set_token (f->client, sc_test_server_demo_token (f->server, "admin@acme.test"));
  f->dev = sc_test_server_demo_org_id (f->server, "Acme Development");

  sc_client_list_workflows_async (f->client, f->dev, NULL, 0, NULL, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_workflows_finish (f->client, result, &error);
  g_assert_no_error (error);
  for (guint w = 0; w < sc_client_page_get_n_items (page); w++)
    {
      g_autoptr(GAsyncResult) stages_result = NULL;
      g_autoptr(ScClientPage) stages = NULL;

      sc_client_get_stages_async (f->client, sc_json_get_string (item (page, w), "id"), NULL,
                                  sc_test_result_cb, &f->result);
      stages_result = wait_result (f);
      stages = sc_client_get_stages_finish (f->client, stages_result, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < sc_client_page_get_n_items (stages); i++)
        {
          JsonObject *json = item (stages, i);
          JsonArray *array = sc_json_get_array (json, "stages");
          g_autoptr(ScPathProgress) progress = sc_path_progress_new_from_json (json);
          const ScProgressStage *next;

          g_assert_nonnull (progress);
          g_assert_cmpstr (sc_path_progress_get_path_id (progress), ==,
                           sc_json_get_string (sc_json_get_object (json, "path"), "id"));
          g_assert_cmpstr (sc_path_progress_get_path_name (progress), ==,
                           sc_json_get_string (sc_json_get_object (json, "path"), "name"));
          g_assert_cmpstr (sc_path_progress_get_path_org_id (progress), ==, f->dev);
          /* a workflow of Development stands at the path's first stage */
          g_assert_cmpint (sc_path_progress_get_current_index (progress), ==, 0);
          g_assert_cmpint (sc_path_progress_get_current_index (progress), ==,
                           sc_json_get_int (json, "current_index", -2));
          g_assert_cmpuint (sc_path_progress_get_n_stages (progress), ==, json_array_get_length (array));
          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonObject *stage_json = json_array_get_object_element (array, j);
              const ScProgressStage *stage = sc_path_progress_get_stage (progress, j);
              JsonObject *open_request = sc_json_get_object (stage_json, "open_request");

              g_assert_cmpstr (stage->tag, ==, sc_json_get_string (stage_json, "tag"));
              g_assert_cmpstr (stage->org_id, ==, sc_json_get_string (stage_json, "org_id"));
              g_assert_cmpstr (stage->org_name, ==, sc_json_get_string (stage_json, "org_name"));
              g_assert_nonnull (stage->org_name);
              g_assert_cmpstr (stage->workflow_id, ==, sc_json_get_string (stage_json, "workflow_id"));
              g_assert_cmpint (stage->requires_approval, ==, sc_json_get_bool (stage_json, "requires_approval"));
              g_assert_cmpint (stage->allowed, ==, sc_json_get_bool (stage_json, "allowed"));
              g_assert_cmpint (stage->override_allowed, ==, sc_json_get_bool (stage_json, "override_allowed"));
              g_assert_cmpstr (stage->reason, ==, sc_json_get_string (stage_json, "reason"));
              g_assert_cmpint (stage->has_open_request, ==, open_request != NULL);
              g_assert_cmpint (stage->state, ==,
                               j == 0 ? SC_STAGE_STATE_CURRENT : j == 1 ? SC_STAGE_STATE_NEXT : SC_STAGE_STATE_LATER);
              g_assert_cmpstr (sc_json_get_string (stage_json, "state"), ==,
                               j == 0 ? "current" : j == 1 ? "next" : "later");
              g_assert_cmpstr (sc_json_get_string (stage_json, "action"), ==,
                               stage->action == SC_STAGE_ACTION_VIEW_REQUEST ? "view_request"
                               : stage->action == SC_STAGE_ACTION_REQUEST ? "request" : "promote");
            }
          next = sc_path_progress_get_next_stage (progress);
          g_assert_true (next == sc_path_progress_get_stage (progress, 1));
          /* the demo's admin may promote whatever has a release */
          if (sc_json_get_object (item (page, w), "latest_release") != NULL && next->allowed)
            n_next++;
        }
    }
  g_assert_cmpuint (n_next, >, 0);

  json_parser_load_from_data (parser,
                              "{\"no_path\": {\"stages\": [{\"tag\": \"dev\"}], \"current_index\": 0},"
                              " \"odd\": {\"path\": {\"id\": \"p\"}, \"current_index\": \"one\","
                              "  \"stages\": [7, {\"tag\": \"dev\", \"state\": \"current\"},"
                              "   {\"tag\": 3, \"state\": \"soon\", \"action\": \"fly\", \"allowed\": \"yes\","
                              "    \"open_request\": {\"state\": \"sleeping\", \"approvals\": 2}}]}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_path_progress_new_from_json (NULL));
  g_assert_null (sc_path_progress_new_from_json (sc_json_get_object (root, "no_path")));
  odd = sc_path_progress_new_from_json (sc_json_get_object (root, "odd"));
  g_assert_nonnull (odd);
  g_assert_null (sc_path_progress_get_path_name (odd));
  g_assert_cmpuint (sc_path_progress_get_n_stages (odd), ==, 3);
  g_assert_null (sc_path_progress_get_stage (odd, 0)->tag);
  /* without a readable current_index: the stage whose state is current */
  g_assert_cmpint (sc_path_progress_get_current_index (odd), ==, 1);
  g_assert_null (sc_path_progress_get_next_stage (odd)->tag);
  g_assert_cmpint (sc_path_progress_get_next_stage (odd)->state, ==, SC_STAGE_STATE_LATER);
  g_assert_cmpint (sc_path_progress_get_next_stage (odd)->action, ==, SC_STAGE_ACTION_PROMOTE);
  g_assert_false (sc_path_progress_get_next_stage (odd)->allowed);
  g_assert_false (sc_path_progress_get_next_stage (odd)->has_open_request);
  g_assert_cmpuint (sc_path_progress_get_next_stage (odd)->open_request_required, ==, 1);

  stop_demo (f);
}

/* GET /me's memberships read as ScMembership; malformed ones as absent */
static void
test_memberships (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(GListStore) read = NULL;
  g_autoptr(JsonObject) bad = json_object_new ();
  g_autoptr(ScMembership) partial = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *memberships;
  gboolean seen_dev = FALSE;

  f->server = sc_test_server_start (TRUE, NULL);
  f->client = sc_client_new (f->server->url);
  sc_client_set_token (f->client, sc_test_server_demo_token (f->server, "admin@acme.test"));
  f->dev = sc_test_server_demo_org_id (f->server, "Acme Development");

  sc_client_get_me_async (f->client, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  me = sc_client_get_me_finish (f->client, result, &error);
  g_assert_no_error (error);
  memberships = sc_json_get_array (me, "memberships");
  g_assert_nonnull (memberships);
  read = sc_models_read_list (memberships, SC_TYPE_MEMBERSHIP, (gpointer) sc_membership_new_from_json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (read)), ==, json_array_get_length (memberships));
  g_assert_cmpuint (json_array_get_length (memberships), >, 0);
  for (guint i = 0; i < json_array_get_length (memberships); i++)
    {
      JsonObject *json = json_array_get_object_element (memberships, i);
      g_autoptr(ScMembership) m = g_list_model_get_item (G_LIST_MODEL (read), i);
      ScRole role = SC_ROLE_NONE;

      g_assert_true (sc_role_from_string (sc_json_get_string (json, "role"), &role));
      g_assert_cmpstr (sc_membership_get_org_id (m), ==, sc_json_get_string (json, "org_id"));
      g_assert_cmpstr (sc_membership_get_org_name (m), ==, sc_json_get_string (json, "org_name"));
      g_assert_cmpint (sc_membership_get_role (m), ==, role);
      g_assert_cmpint (role, !=, SC_ROLE_NONE);
      if (g_strcmp0 (sc_membership_get_org_id (m), f->dev) == 0)
        {
          seen_dev = TRUE;
          g_assert_cmpstr (sc_membership_get_org_name (m), ==, "Acme Development");
        }
    }
  g_assert_true (seen_dev);

  /* malformed: no org_id is no membership; wrong types read as absent */
  g_assert_null (sc_membership_new_from_json (NULL));
  g_assert_null (sc_membership_new_from_json (bad));
  json_object_set_int_member (bad, "org_id", 7);
  g_assert_null (sc_membership_new_from_json (bad));
  json_object_set_string_member (bad, "org_id", "o1");
  json_object_set_int_member (bad, "org_name", 3);
  json_object_set_string_member (bad, "role", "emperor");
  partial = sc_membership_new_from_json (bad);
  g_assert_nonnull (partial);
  g_assert_cmpstr (sc_membership_get_org_id (partial), ==, "o1");
  g_assert_null (sc_membership_get_org_name (partial));
  g_assert_cmpint (sc_membership_get_role (partial), ==, SC_ROLE_NONE);

  stop_demo (f);
}

/* GET /me read as ScMe, compared with the JSON; malformed reads as absent */
static void
test_me (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScMe) me = NULL;
  g_autoptr(ScMe) partial = NULL;
  g_autoptr(JsonObject) bad = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *memberships;

  f->server = sc_test_server_start (TRUE, NULL);
  f->client = sc_client_new (f->server->url);
  sc_client_set_token (f->client, sc_test_server_demo_token (f->server, "dev@acme.test"));

  sc_client_get_me_async (f->client, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  json = sc_client_get_me_finish (f->client, result, &error);
  g_assert_no_error (error);
  me = sc_me_new_from_json (json);
  g_assert_nonnull (me);
  g_assert_nonnull (sc_me_get_id (me));
  g_assert_cmpstr (sc_me_get_id (me), ==, sc_json_get_string (json, "id"));
  g_assert_cmpstr (sc_me_get_email (me), ==, "dev@acme.test");
  g_assert_nonnull (sc_me_get_name (me));
  g_assert_cmpstr (sc_me_get_name (me), ==, sc_json_get_string (json, "name"));
  memberships = sc_json_get_array (json, "memberships");
  g_assert_cmpuint (json_array_get_length (memberships), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sc_me_get_memberships (me)), ==, 1);
  {
    g_autoptr(ScMembership) m = g_list_model_get_item (sc_me_get_memberships (me), 0);

    g_assert_cmpstr (sc_membership_get_org_name (m), ==, "Acme Development");
    g_assert_cmpint (sc_membership_get_role (m), ==, SC_ROLE_DEVELOPER);
  }

  /* malformed: no id is no user; wrong types read as absent */
  g_assert_null (sc_me_new_from_json (NULL));
  g_assert_null (sc_me_new_from_json (bad));
  json_object_set_int_member (bad, "id", 7);
  g_assert_null (sc_me_new_from_json (bad));
  json_object_set_string_member (bad, "id", "usr_x");
  json_object_set_int_member (bad, "email", 3);
  json_object_set_string_member (bad, "memberships", "none");
  partial = sc_me_new_from_json (bad);
  g_assert_nonnull (partial);
  g_assert_cmpstr (sc_me_get_id (partial), ==, "usr_x");
  g_assert_null (sc_me_get_email (partial));
  g_assert_null (sc_me_get_name (partial));
  g_assert_cmpuint (g_list_model_get_n_items (sc_me_get_memberships (partial)), ==, 0);

  stop_demo (f);
}

/* ScAuditEvent over the org's audit log (GET /orgs/{org}/audit) after the
 * admin shared @workflow_id, compared with the JSON it was read from; then
 * what does not read (on the sharing case's server, to start no other). */
static void
check_audit_events (Fixture    *f,
                    const char *workflow_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAuditEvent) bare = NULL;
  gboolean shared = FALSE;
  JsonObject *root;

  sc_client_list_audit_async (f->client, f->dev, NULL, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_audit_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), >, 0);
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      JsonObject *json = item (page, i);
      g_autoptr(ScAuditEvent) event = sc_audit_event_new_from_json (json);
      JsonObject *actor = sc_json_get_object (json, "actor");
      JsonObject *target = sc_json_get_object (json, "target");
      g_autofree char *at = NULL;

      g_assert_nonnull (event);
      g_assert_cmpstr (sc_audit_event_get_id (event), ==, sc_json_get_string (json, "id"));
      g_assert_cmpstr (sc_audit_event_get_action (event), ==, sc_json_get_string (json, "action"));
      g_assert_cmpstr (sc_audit_event_get_actor_id (event), ==, sc_json_get_string (actor, "id"));
      g_assert_cmpstr (sc_audit_event_get_actor_email (event), ==, sc_json_get_string (actor, "email"));
      g_assert_cmpstr (sc_audit_event_get_target_type (event), ==, sc_json_get_string (target, "type"));
      g_assert_cmpstr (sc_audit_event_get_target_id (event), ==, sc_json_get_string (target, "id"));
      g_assert_nonnull (sc_audit_event_get_at (event));
      at = sc_time_format (sc_audit_event_get_at (event));
      g_assert_cmpstr (at, ==, sc_json_get_string (json, "at"));
      if (g_strcmp0 (sc_audit_event_get_action (event), "workflow.shared") == 0 &&
          g_strcmp0 (sc_audit_event_get_target_id (event), workflow_id) == 0)
        {
          g_assert_cmpstr (sc_audit_event_get_actor_email (event), ==, "admin@acme.test");
          shared = TRUE;
        }
    }
  g_assert_true (shared);

  g_assert_null (sc_audit_event_new_from_json (NULL));
  json_parser_load_from_data (parser,
                              "{\"no_id\": {\"action\": \"org.updated\"},"
                              " \"bare\": {\"id\": \"a\", \"action\": 7, \"actor\": null,"
                              "  \"target\": \"org\", \"at\": \"yesterday\"}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_audit_event_new_from_json (sc_json_get_object (root, "no_id")));
  bare = sc_audit_event_new_from_json (sc_json_get_object (root, "bare"));
  g_assert_nonnull (bare);
  g_assert_cmpstr (sc_audit_event_get_id (bare), ==, "a");
  g_assert_null (sc_audit_event_get_action (bare));
  g_assert_null (sc_audit_event_get_actor_email (bare));
  g_assert_null (sc_audit_event_get_target_type (bare));
  g_assert_null (sc_audit_event_get_at (bare));
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

  check_audit_events (f, workflow_id);
  stop_demo (f);
}

/* The demo Development's connections (GET /orgs/{org}/connections, every
 * page) read as ScConnection, and the workflows' own (ScWorkflow's
 * connections and owner), each compared with the JSON it was read from;
 * then what does not read. */
static void
test_connections (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(ScClientPage) workflows = start_demo_dev (f);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) connections = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ScConnection) bare = NULL;
  g_autoptr(ScWorkflow) odd = NULL;
  g_autoptr(GError) error = NULL;
  guint used = 0;
  JsonObject *root;

  sc_client_list_connections_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  result = wait_result (f);
  page = sc_client_list_connections_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), >, 0);
  connections = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_CONNECTION,
                                     (gpointer) sc_connection_new_from_json);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (connections)), ==,
                    sc_client_page_get_n_items (page));
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      JsonObject *json = item (page, i);
      g_autoptr(ScConnection) connection = g_list_model_get_item (G_LIST_MODEL (connections), i);

      g_assert_nonnull (sc_connection_get_id (connection));
      g_assert_cmpstr (sc_connection_get_id (connection), ==, sc_json_get_string (json, "id"));
      g_assert_cmpstr (sc_connection_get_name (connection), ==, sc_json_get_string (json, "name"));
      g_assert_nonnull (sc_connection_get_service (connection));
      g_assert_cmpstr (sc_connection_get_service (connection), ==, sc_json_get_string (json, "service"));
      g_assert_cmpstr (sc_permission_to_string (sc_connection_get_permission (connection)), ==,
                       sc_json_get_string (json, "permission"));
      /* the admin made the demo's connections */
      g_assert_cmpint (sc_connection_get_permission (connection), ==, SC_PERMISSION_MANAGE);
      g_hash_table_add (ids, (gpointer) sc_connection_get_id (connection));
    }

  /* a workflow's: {id, service, name}, no permission; its owner */
  for (guint i = 0; i < sc_client_page_get_n_items (workflows); i++)
    {
      JsonObject *json = item (workflows, i);
      JsonObject *owner = sc_json_get_object (json, "owner");
      JsonArray *array = sc_json_get_array (json, "connections");
      g_autoptr(ScWorkflow) workflow = sc_workflow_new (json);

      g_assert_nonnull (sc_workflow_get_owner_id (workflow));
      g_assert_cmpstr (sc_workflow_get_owner_id (workflow), ==, sc_json_get_string (owner, "id"));
      g_assert_cmpstr (sc_workflow_get_owner_email (workflow), ==, sc_json_get_string (owner, "email"));
      g_assert_cmpstr (sc_workflow_get_owner_name (workflow), ==, sc_json_get_string (owner, "name"));
      g_assert_nonnull (array);
      g_assert_cmpuint (sc_workflow_get_n_connections (workflow), ==, json_array_get_length (array));
      for (guint j = 0; j < sc_workflow_get_n_connections (workflow); j++)
        {
          ScConnection *connection = sc_workflow_get_connection (workflow, j);
          JsonObject *read_from = json_array_get_object_element (array, j);

          g_assert_cmpstr (sc_connection_get_id (connection), ==, sc_json_get_string (read_from, "id"));
          g_assert_true (g_hash_table_contains (ids, sc_connection_get_id (connection)));
          g_assert_cmpstr (sc_connection_get_name (connection), ==, sc_json_get_string (read_from, "name"));
          g_assert_cmpstr (sc_connection_get_service (connection), ==,
                           sc_json_get_string (read_from, "service"));
          g_assert_cmpint (sc_connection_get_permission (connection), ==, SC_PERMISSION_NONE);
          used++;
        }
    }
  g_assert_cmpuint (used, >, 0);

  /* what does not read */
  g_assert_null (sc_connection_new_from_json (NULL));
  json_parser_load_from_data (parser,
                              "{\"no_id\": {\"name\": \"Alerts\", \"service\": \"slack\"},"
                              " \"bad_id\": {\"id\": 7, \"name\": \"Alerts\"},"
                              " \"bare\": {\"id\": \"c1\", \"name\": 5, \"permission\": \"own\"},"
                              " \"workflow\": {\"id\": \"w1\", \"owner\": \"dev\","
                              "   \"connections\": [7, {\"name\": \"CRM\"}, {\"id\": \"c2\", \"service\": \"crm\"}]}}",
                              -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_null (sc_connection_new_from_json (sc_json_get_object (root, "no_id")));
  g_assert_null (sc_connection_new_from_json (sc_json_get_object (root, "bad_id")));
  bare = sc_connection_new_from_json (sc_json_get_object (root, "bare"));
  g_assert_nonnull (bare);
  g_assert_cmpstr (sc_connection_get_id (bare), ==, "c1");
  g_assert_null (sc_connection_get_name (bare));
  g_assert_null (sc_connection_get_service (bare));
  g_assert_cmpint (sc_connection_get_permission (bare), ==, SC_PERMISSION_NONE);
  odd = sc_workflow_new (sc_json_get_object (root, "workflow"));
  g_assert_null (sc_workflow_get_owner_id (odd));
  g_assert_null (sc_workflow_get_owner_name (odd));
  g_assert_cmpuint (sc_workflow_get_n_connections (odd), ==, 1);
  g_assert_cmpstr (sc_connection_get_id (sc_workflow_get_connection (odd, 0)), ==, "c2");
  g_assert_null (sc_connection_get_name (sc_workflow_get_connection (odd, 0)));
  g_assert_cmpstr (sc_connection_get_service (sc_workflow_get_connection (odd, 0)), ==, "crm");

  stop_demo (f);
}

/* ScDecisionResult over the real server's answers to a decision: the
 * reviewer approves the demo's pending request (done, the request as
 * answered), then approves it again (refused: the server's 409 and its
 * sentence); then what does not read. */
static ScDecisionResult *
decide (Fixture    *f,
        const char *request_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  sc_client_decide_async (f->client, request_id, SC_DECISION_APPROVE, "Fine", NULL,
                          sc_test_result_cb, &f->result);
  result = wait_result (f);
  answer = sc_client_decide_finish (f->client, result, &error);
  g_assert_true ((answer == NULL) != (error == NULL));
  return sc_decision_result_new (request_id, SC_DECISION_APPROVE, answer, error);
}

static void
test_decision_results (void)
{
  Fixture fixture = { 0 }, *f = &fixture;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(ScDecisionResult) done = NULL;
  g_autoptr(ScDecisionResult) refused = NULL;
  g_autoptr(ScDecisionResult) empty = NULL;
  g_autoptr(ScDecisionResult) odd = NULL;
  g_autoptr(ScTestResponse) again = NULL;
  g_autoptr(JsonObject) bad = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "gone");
  g_autofree char *id = NULL;
  g_autofree char *decide_path = NULL;
  ScApprovalRequest *request;

  f->server = sc_test_server_start (TRUE, NULL);
  f->client = sc_client_new (f->server->url);
  sc_client_set_token (f->client, sc_test_server_demo_token (f->server, "reviewer@acme.test"));

  sc_client_list_approval_requests_async (f->client, "pending", NULL, TRUE, FALSE, NULL, NULL,
                                          sc_test_result_cb, &f->result);
  listed = wait_result (f);
  page = sc_client_list_approval_requests_finish (f->client, listed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 1);
  id = g_strdup (sc_json_get_string (sc_client_page_get_item (page, 0), "id"));

  /* done: the request as the server answered it, decided */
  done = decide (f, id);
  g_assert_nonnull (done);
  g_assert_true (sc_decision_result_get_done (done));
  g_assert_null (sc_decision_result_get_error (done));
  g_assert_cmpstr (sc_decision_result_get_request_id (done), ==, id);
  g_assert_cmpint (sc_decision_result_get_decision (done), ==, SC_DECISION_APPROVE);
  request = sc_decision_result_get_request (done);
  g_assert_nonnull (request);
  g_assert_cmpstr (sc_approval_request_get_id (request), ==, id);
  /* the demo's Production needs one approval */
  g_assert_cmpint (sc_approval_request_get_state (request), ==, SC_APPROVAL_STATE_APPROVED);

  /* refused: the server's error, its very sentence */
  refused = decide (f, id);
  g_assert_nonnull (refused);
  g_assert_false (sc_decision_result_get_done (refused));
  g_assert_null (sc_decision_result_get_request (refused));
  g_assert_cmpstr (sc_decision_result_get_request_id (refused), ==, id);
  g_assert_error (sc_decision_result_get_error (refused), SC_CLIENT_ERROR, SC_CLIENT_ERROR_CONFLICT);
  decide_path = g_strconcat ("/approval-requests/", id, "/decisions", NULL);
  again = sc_test_request (f->server, "POST", decide_path,
                           sc_test_server_demo_token (f->server, "reviewer@acme.test"),
                           "{\"decision\": \"approve\"}", NULL);
  g_assert_cmpuint (again->status, ==, 409);
  g_assert_cmpstr (sc_decision_result_get_error (refused)->message, ==,
                   sc_test_get_string (again->body, "error.message"));

  /* an answer that does not read: done, no request; nothing to read: none */
  empty = sc_decision_result_new ("r", SC_DECISION_REJECT, bad, NULL);
  g_assert_true (sc_decision_result_get_done (empty));
  g_assert_null (sc_decision_result_get_request (empty));
  g_assert_cmpint (sc_decision_result_get_decision (empty), ==, SC_DECISION_REJECT);
  json_object_set_int_member (bad, "id", 3);
  json_object_set_string_member (bad, "state", "approved");
  odd = sc_decision_result_new ("r", SC_DECISION_APPROVE, bad, NULL);
  g_assert_true (sc_decision_result_get_done (odd));
  g_assert_null (sc_decision_result_get_request (odd));
  g_assert_null (sc_decision_result_new (NULL, SC_DECISION_APPROVE, bad, NULL));
  g_assert_null (sc_decision_result_new ("r", SC_DECISION_APPROVE, NULL, NULL));
  {
    g_autoptr(ScDecisionResult) failed = sc_decision_result_new ("r", SC_DECISION_APPROVE, NULL, failure);

    g_assert_false (sc_decision_result_get_done (failed));
    g_assert_error (sc_decision_result_get_error (failed), G_IO_ERROR, G_IO_ERROR_FAILED);
  }

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
  g_test_add_func ("/client-models/approval-decisions", test_approval_decisions);
  g_test_add_func ("/client-models/events", test_events);
  g_test_add_func ("/client-models/schedules", test_schedules);
  g_test_add_func ("/client-models/memberships", test_memberships);
  g_test_add_func ("/client-models/me", test_me);

  g_test_add_func ("/client-models/promotion-records", test_promotion_records);
  g_test_add_func ("/client-models/path-progress", test_path_progress);
  g_test_add_func ("/client-models/sharing", test_sharing);
  g_test_add_func ("/client-models/connections", test_connections);
  g_test_add_func ("/client-models/decision-results", test_decision_results);
  return g_test_run ();
}
