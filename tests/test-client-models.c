/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-client.h"
#include "sc-event.h"
#include "sc-schedule.h"
#include "sc-json.h"
#include "sc-models.h"
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-models/bad-shapes", test_bad_shapes);
  g_test_add_func ("/client-models/demo-answers", test_demo_answers);
  g_test_add_func ("/client-models/approval-decisions", test_approval_decisions);
  g_test_add_func ("/client-models/events", test_events);
  g_test_add_func ("/client-models/schedules", test_schedules);

  return g_test_run ();
}
