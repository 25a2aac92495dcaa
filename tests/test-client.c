/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sc-client.h"
#include "sc-client-private.h"
#include "sc-test-csv.h"
#include "sc-test-server.h"

/* ScClient against the real stagecraft-server (a fresh database per case).
 *
 * The client is asynchronous: each call's callback stores its result in
 * f->result while the test spins the main context (sc_test_wait_for).
 *
 * Every case gets: Development (dev), Staging (uat), Production (prod),
 * mapped Development → Staging → Production (default);
 * admin@acme.test administers all three; dev@acme.test is a developer in
 * Development; reviewer@acme.test a reviewer in Production. */

typedef struct {
  ScTestServer *server;
  char         *dev;
  char         *uat;
  char         *prod;
  char         *admin;
  char         *admin_id;
  char         *developer;
  char         *reviewer;
  ScClient     *client;      /* as admin */
  GAsyncResult *result;      /* set by sc_test_result_cb */
  GAsyncResult *last;        /* the result being finished */
} Fixture;

#define WAIT_SECONDS 60


/* The result of the call started with sc_test_result_cb and &f->result; valid
 * until the next wait_result(). */
static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->last);
  f->last = sc_test_wait_result (&f->result, WAIT_SECONDS);
  return f->last;
}

/* A JSON object from printf-style text. */
G_GNUC_PRINTF (1, 2)
static JsonObject *
object_printf (const char *format,
               ...)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
str (JsonObject *object,
     const char *member)
{
  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_string_member (object, member);
}

static ScClient *
client_for (Fixture    *f,
            const char *token)
{
  ScClient *client = sc_client_new (f->server->url);

  if (token != NULL)
    sc_client_set_token (client, token);
  return client;
}

static void
add_mapping (Fixture    *f,
             const char *source,
             const char *target)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/mappings", source);
  g_autofree char *body = g_strdup_printf ("{\"target_org_id\":\"%s\",\"relation\":\"default\"}", target);
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
  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev, "admin", &f->admin_id);
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->uat, "admin", NULL));
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->prod, "admin", NULL));
  f->developer = sc_test_server_add_user (f->server, "dev@acme.test", f->dev, "developer", NULL);
  f->reviewer = sc_test_server_add_user (f->server, "reviewer@acme.test", f->prod, "reviewer", NULL);
  add_mapping (f, f->dev, f->uat);
  add_mapping (f, f->uat, f->prod);

  f->client = client_for (f, f->admin);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_null (f->result);
  g_clear_object (&f->last);
  g_clear_object (&f->client);
  sc_test_server_stop (f->server);
  g_free (f->dev);
  g_free (f->uat);
  g_free (f->prod);
  g_free (f->admin);
  g_free (f->admin_id);
  g_free (f->developer);
  g_free (f->reviewer);
}

/* --- helpers that go through the client ---------------------------------- */

static JsonObject *
create_path (Fixture *f)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *path;

  body = object_printf ("{\"name\":\"Production Pipeline\",\"stages\":["
                        "{\"tag\":\"dev\",\"org_id\":\"%s\"},"
                        "{\"tag\":\"uat\",\"org_id\":\"%s\"},"
                        "{\"tag\":\"prod\",\"org_id\":\"%s\"}]}", f->dev, f->uat, f->prod);
  sc_client_create_path_async (f->client, f->dev, body, NULL, sc_test_result_cb, &f->result);
  path = sc_client_create_path_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  return path;
}

static JsonObject *
create_workflow (Fixture    *f,
                 ScClient   *client,
                 const char *name)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *workflow;

  body = object_printf ("{\"name\":\"%s\",\"description\":\"Sends the nightly report\","
                        "\"steps\":[{\"type\":\"http\",\"url\":\"https://example.test/a\"}],"
                        "\"config\":{\"retries\":3},"
                        "\"trigger\":{\"url\":\"/hooks/report\",\"method\":\"POST\"},"
                        "\"tags\":[\"reports\"]}", name);
  sc_client_create_workflow_async (client, f->dev, body, NULL, sc_test_result_cb, &f->result);
  workflow = sc_client_create_workflow_finish (client, wait_result (f), &error);
  g_assert_no_error (error);
  return workflow;
}

static JsonObject *
publish (Fixture    *f,
         const char *workflow_id,
         const char *notes)
{
  g_autoptr(GError) error = NULL;
  JsonObject *release;

  sc_client_publish_release_async (f->client, workflow_id, notes, NULL, sc_test_result_cb, &f->result);
  release = sc_client_publish_release_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  return release;
}

static JsonObject *
promote (Fixture    *f,
         ScClient   *client,
         const char *release_id,
         const char *path_id,
         const char *stage,
         const char *approval_request_id,
         const char *key,
         GError    **error)
{
  sc_client_promote_async (client, release_id, path_id, stage, approval_request_id, key,
                           NULL, sc_test_result_cb, &f->result);
  return sc_client_promote_finish (client, wait_result (f), error);
}

/* --- meta ------------------------------------------------------------------ */

static void
test_meta (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(ScClient) anonymous = client_for (f, NULL);
  g_autoptr(JsonObject) health = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (sc_client_has_credentials (anonymous));
  g_assert_cmpstr (sc_client_get_base_url (anonymous), ==, f->server->url);

  sc_client_health_async (anonymous, NULL, sc_test_result_cb, &f->result);
  health = sc_client_health_finish (anonymous, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (health, "status"), ==, "ok");

  sc_client_get_server_info_async (anonymous, NULL, sc_test_result_cb, &f->result);
  info = sc_client_get_server_info_finish (anonymous, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (info, "name"), ==, "stagecraft-server");
  g_assert_cmpint (json_object_get_int_member (info, "api_version"), ==, 1);

  /* /me needs credentials: refused before anything is sent */
  sc_client_get_me_async (anonymous, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_get_me_finish (anonymous, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NO_CREDENTIALS);
  g_clear_error (&error);

  sc_client_get_me_async (f->client, NULL, sc_test_result_cb, &f->result);
  me = sc_client_get_me_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (me, "id"), ==, f->admin_id);
  g_assert_cmpstr (str (me, "email"), ==, "admin@acme.test");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (me, "memberships")), ==, 3);

  /* the same client with a trailing slash and the API prefix */
  {
    g_autofree char *url = g_strconcat (f->server->url, "/api/v1/", NULL);
    g_autoptr(ScClient) other = sc_client_new (url);
    g_autoptr(JsonObject) again = NULL;

    g_assert_cmpstr (sc_client_get_base_url (other), ==, f->server->url);
    sc_client_health_async (other, NULL, sc_test_result_cb, &f->result);
    again = sc_client_health_finish (other, wait_result (f), &error);
    g_assert_no_error (error);
  }
}

/* --- organizations --------------------------------------------------------- */

static void
test_orgs (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(ScClientPage) mine = NULL;
  g_autoptr(ScClientPage) all = NULL;
  g_autoptr(ScClientPage) members = NULL;
  g_autoptr(ScClientPage) mappings = NULL;
  g_autoptr(ScClientPage) audit = NULL;
  g_autoptr(ScClientPage) dev_orgs = NULL;
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(JsonObject) patched = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) mapping = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClient) developer = client_for (f, f->developer);
  g_autofree char *other = sc_test_server_add_org (f->server, "Globex", "dev");
  g_autofree char *etag = NULL;

  g_assert_nonnull (other);
  sc_client_list_orgs_async (f->client, FALSE, NULL, sc_test_result_cb, &f->result);
  mine = sc_client_list_orgs_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (mine), ==, 3);
  g_assert_null (sc_client_page_get_next_cursor (mine));

  sc_client_list_orgs_async (f->client, TRUE, NULL, sc_test_result_cb, &f->result);
  all = sc_client_list_orgs_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (all), ==, 4);

  sc_client_list_orgs_async (developer, FALSE, NULL, sc_test_result_cb, &f->result);
  dev_orgs = sc_client_list_orgs_finish (developer, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (dev_orgs), ==, 1);
  g_assert_cmpstr (str (sc_client_page_get_item (dev_orgs, 0), "id"), ==, f->dev);

  sc_client_get_org_async (f->client, f->prod, NULL, sc_test_result_cb, &f->result);
  org = sc_client_get_org_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (org, "name"), ==, "Acme Production");
  g_assert_cmpstr (str (org, "type"), ==, "prod");
  etag = g_strdup (str (org, "etag"));

  changes = object_printf ("{\"approval_policy\":{\"enabled\":true,"
                           "\"reviewer_roles\":[\"admin\",\"reviewer\"],\"required_approvals\":1}}");
  sc_client_patch_org_async (f->client, f->prod, changes, etag, NULL, sc_test_result_cb, &f->result);
  patched = sc_client_patch_org_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (patched, "approval_policy"),
                                                 "enabled"));
  g_assert_cmpstr (str (patched, "etag"), !=, etag);

  /* the etag read before the change is stale now */
  sc_client_patch_org_async (f->client, f->prod, changes, etag, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_patch_org_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 412);
  g_assert_cmpstr (sc_client_error_get_code_name (error), ==, "precondition_failed");
  g_clear_error (&error);

  /* no etag at all is refused the same way */
  sc_client_patch_org_async (f->client, f->prod, changes, NULL, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_patch_org_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);

  sc_client_list_members_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  members = sc_client_list_members_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (members), ==, 2);

  sc_client_list_mappings_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  mappings = sc_client_list_mappings_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (mappings), >=, 1);

  /* a new mapping, then removed */
  {
    g_autofree char *qa = sc_test_server_add_org (f->server, "Acme QA", "uat");
    g_autoptr(ScClientPage) after = NULL;

    g_free (sc_test_server_add_user (f->server, "admin@acme.test", qa, "admin", NULL));
    sc_client_create_mapping_async (f->client, f->dev, qa, SC_RELATION_DEFAULT, NULL,
                                    sc_test_result_cb, &f->result);
    mapping = sc_client_create_mapping_finish (f->client, wait_result (f), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (str (mapping, "source_org_id"), ==, f->dev);
    g_assert_cmpstr (str (mapping, "target_org_id"), ==, qa);
    g_assert_cmpstr (str (mapping, "relation"), ==, "default");

    sc_client_delete_mapping_async (f->client, str (mapping, "id"), NULL, NULL, sc_test_result_cb, &f->result);
    g_assert_true (sc_client_delete_mapping_finish (f->client, wait_result (f), &error));
    g_assert_no_error (error);

    sc_client_list_mappings_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
    after = sc_client_list_mappings_finish (f->client, wait_result (f), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < sc_client_page_get_n_items (after); i++)
      g_assert_cmpstr (str (sc_client_page_get_item (after, i), "id"), !=, str (mapping, "id"));
  }

  sc_client_list_audit_async (f->client, f->prod, NULL, NULL, sc_test_result_cb, &f->result);
  audit = sc_client_list_audit_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (audit), >=, 1);
  g_assert_cmpstr (str (sc_client_page_get_item (audit, 0), "action"), ==, "org.updated");
}

/* --- promotion paths ------------------------------------------------------- */

static void
test_paths (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) path = create_path (f);
  g_autoptr(JsonObject) fetched = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) replacement = NULL;
  g_autoptr(ScClientPage) paths = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = str (path, "id");

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (path, "stages")), ==, 3);

  sc_client_list_paths_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  paths = sc_client_list_paths_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (paths), ==, 1);
  g_assert_cmpstr (str (sc_client_page_get_item (paths, 0), "id"), ==, id);

  sc_client_get_path_async (f->client, id, NULL, sc_test_result_cb, &f->result);
  fetched = sc_client_get_path_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (fetched, "etag"), ==, str (path, "etag"));

  replacement = object_printf ("{\"name\":\"Short Pipeline\",\"stages\":["
                               "{\"tag\":\"dev\",\"org_id\":\"%s\"},"
                               "{\"tag\":\"uat\",\"org_id\":\"%s\"}]}", f->dev, f->uat);
  sc_client_update_path_async (f->client, id, replacement, str (fetched, "etag"), NULL,
                               sc_test_result_cb, &f->result);
  updated = sc_client_update_path_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (updated, "name"), ==, "Short Pipeline");
  g_assert_cmpstr (str (updated, "etag"), !=, str (fetched, "etag"));

  /* a second editor with the old etag: 412, and the fact is kept */
  sc_client_update_path_async (f->client, id, replacement, str (fetched, "etag"), NULL,
                               sc_test_result_cb, &f->result);
  g_assert_null (sc_client_update_path_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
  g_assert_cmpstr (error->message, !=, "");
  g_clear_error (&error);

  sc_client_delete_path_async (f->client, id, str (fetched, "etag"), NULL, sc_test_result_cb, &f->result);
  g_assert_false (sc_client_delete_path_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);

  sc_client_delete_path_async (f->client, id, str (updated, "etag"), NULL, sc_test_result_cb, &f->result);
  g_assert_true (sc_client_delete_path_finish (f->client, wait_result (f), &error));
  g_assert_no_error (error);

  sc_client_get_path_async (f->client, id, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_get_path_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NOT_FOUND);
}

/* --- workflows ------------------------------------------------------------- */

static void
test_workflows (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) first = create_workflow (f, f->client, "Nightly report");
  g_autoptr(JsonObject) second = create_workflow (f, f->client, "Invoice sync");
  g_autoptr(JsonObject) third = create_workflow (f, f->client, "Nightly cleanup");
  g_autoptr(JsonObject) fetched = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(JsonObject) release = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(ScClientPage) next = NULL;
  g_autoptr(ScClientPage) found = NULL;
  g_autoptr(ScClientPage) releases = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = str (first, "id");

  g_assert_cmpstr (str (first, "permission"), ==, "manage");

  /* newest first, one per page */
  sc_client_list_workflows_async (f->client, f->dev, NULL, 2, NULL, NULL, sc_test_result_cb, &f->result);
  page = sc_client_list_workflows_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 2);
  g_assert_cmpstr (str (sc_client_page_get_item (page, 0), "id"), ==, str (third, "id"));
  g_assert_nonnull (sc_client_page_get_next_cursor (page));

  sc_client_list_workflows_async (f->client, f->dev, NULL, 2, sc_client_page_get_next_cursor (page),
                                  NULL, sc_test_result_cb, &f->result);
  next = sc_client_list_workflows_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (next), ==, 1);
  g_assert_cmpstr (str (sc_client_page_get_item (next, 0), "id"), ==, id);
  g_assert_null (sc_client_page_get_next_cursor (next));

  /* the query is escaped: a space and non-ASCII travel */
  sc_client_list_workflows_async (f->client, f->dev, "Nightly", 0, NULL, NULL, sc_test_result_cb, &f->result);
  found = sc_client_list_workflows_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (found), ==, 2);
  g_clear_pointer (&found, sc_client_page_unref);
  sc_client_list_workflows_async (f->client, f->dev, "invoice sync ünïcode & more", 0, NULL,
                                  NULL, sc_test_result_cb, &f->result);
  found = sc_client_list_workflows_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (found), ==, 0);

  sc_client_get_workflow_async (f->client, id, NULL, sc_test_result_cb, &f->result);
  fetched = sc_client_get_workflow_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (fetched, "name"), ==, "Nightly report");
  g_assert_nonnull (str (fetched, "etag"));

  change = object_printf ("{\"name\":\"Nightly report v2\","
                          "\"trigger\":{\"url\":\"/hooks/report\",\"method\":\"POST\"}}");
  sc_client_update_workflow_async (f->client, id, change, str (fetched, "etag"), NULL,
                                   sc_test_result_cb, &f->result);
  updated = sc_client_update_workflow_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (updated, "name"), ==, "Nightly report v2");

  sc_client_update_workflow_async (f->client, id, change, str (fetched, "etag"), NULL,
                                   sc_test_result_cb, &f->result);
  g_assert_null (sc_client_update_workflow_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);

  release = publish (f, id, "First cut");
  g_assert_cmpint (json_object_get_int_member (release, "version"), ==, 1);
  g_assert_cmpstr (str (release, "notes"), ==, "First cut");

  sc_client_list_releases_async (f->client, id, 0, NULL, NULL, sc_test_result_cb, &f->result);
  releases = sc_client_list_releases_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (releases), ==, 1);
  g_assert_cmpstr (str (sc_client_page_get_item (releases, 0), "id"), ==, str (release, "id"));

  /* pages of one: the newest, then the next with its cursor */
  {
    g_autoptr(JsonObject) newer = publish (f, id, "Second cut");
    g_autoptr(ScClientPage) first_page = NULL;
    g_autoptr(ScClientPage) second_page = NULL;

    sc_client_list_releases_async (f->client, id, 1, NULL, NULL, sc_test_result_cb, &f->result);
    first_page = sc_client_list_releases_finish (f->client, wait_result (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sc_client_page_get_n_items (first_page), ==, 1);
    g_assert_cmpstr (str (sc_client_page_get_item (first_page, 0), "id"), ==, str (newer, "id"));
    g_assert_nonnull (sc_client_page_get_next_cursor (first_page));

    sc_client_list_releases_async (f->client, id, 1, sc_client_page_get_next_cursor (first_page),
                                   NULL, sc_test_result_cb, &f->result);
    second_page = sc_client_list_releases_finish (f->client, wait_result (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sc_client_page_get_n_items (second_page), ==, 1);
    g_assert_cmpstr (str (sc_client_page_get_item (second_page, 0), "id"), ==, str (release, "id"));
    g_assert_null (sc_client_page_get_next_cursor (second_page));
  }

  /* delete: stale etag refused, then done */
  sc_client_delete_workflow_async (f->client, str (second, "id"), "stale", NULL, sc_test_result_cb, &f->result);
  g_assert_false (sc_client_delete_workflow_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);
  sc_client_delete_workflow_async (f->client, str (second, "id"), str (second, "etag"), NULL,
                                   sc_test_result_cb, &f->result);
  g_assert_true (sc_client_delete_workflow_finish (f->client, wait_result (f), &error));
  g_assert_no_error (error);
  sc_client_get_workflow_async (f->client, str (second, "id"), NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_get_workflow_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NOT_FOUND);
}

static void
test_sharing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) workflow = create_workflow (f, f->client, "Shared report");
  g_autoptr(JsonObject) sharing = NULL;
  g_autoptr(JsonObject) put = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) connection_sharing = NULL;
  g_autoptr(JsonObject) dev_view = NULL;
  g_autoptr(ScClientPage) connections = NULL;
  g_autoptr(ScClient) developer = client_for (f, f->developer);
  g_autoptr(GError) error = NULL;
  const char *id = str (workflow, "id");

  sc_client_get_sharing_async (f->client, id, FALSE, NULL, sc_test_result_cb, &f->result);
  sharing = sc_client_get_sharing_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (sharing, "general_access"), ==, "view");

  body = object_printf ("{\"general_access\":\"none\","
                        "\"grants\":[{\"email\":\"dev@acme.test\",\"permission\":\"manage\"}]}");
  sc_client_put_sharing_async (f->client, id, FALSE, body, str (sharing, "etag"), NULL,
                               sc_test_result_cb, &f->result);
  put = sc_client_put_sharing_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (put, "general_access"), ==, "none");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (put, "grants")), ==, 1);

  /* the grant shows in the developer's view of the workflow */
  sc_client_get_workflow_async (developer, id, NULL, sc_test_result_cb, &f->result);
  dev_view = sc_client_get_workflow_finish (developer, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (dev_view, "permission"), ==, "manage");

  sc_client_put_sharing_async (f->client, id, FALSE, body, str (sharing, "etag"), NULL,
                               sc_test_result_cb, &f->result);
  g_assert_null (sc_client_put_sharing_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);

  /* connections are made by the server's API only (the app lists them) */
  {
    g_autofree char *path = g_strdup_printf ("/orgs/%s/connections", f->dev);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->admin,
                                                   "{\"name\":\"CRM\",\"service\":\"salesforce\","
                                                   "\"secret\":\"s3cret\"}", NULL);
    sc_assert_status (r, 201);
  }
  sc_client_list_connections_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  connections = sc_client_list_connections_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (connections), ==, 1);
  g_assert_cmpstr (str (sc_client_page_get_item (connections, 0), "service"), ==, "salesforce");
  g_assert_false (json_object_has_member (sc_client_page_get_item (connections, 0), "secret"));

  sc_client_get_sharing_async (f->client, str (sc_client_page_get_item (connections, 0), "id"), TRUE,
                               NULL, sc_test_result_cb, &f->result);
  connection_sharing = sc_client_get_sharing_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (str (connection_sharing, "etag"));
}

/* --- promotions, stages, history, rollback --------------------------------- */

static void
test_promotions (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonObject) path = create_path (f);
  g_autoptr(JsonObject) workflow = create_workflow (f, f->client, "Nightly report");
  g_autoptr(JsonObject) v1 = publish (f, str (workflow, "id"), "one");
  g_autoptr(JsonObject) preview = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) replayed = NULL;
  g_autoptr(JsonObject) v2 = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) rolled = NULL;
  g_autoptr(ScClientPage) history = NULL;
  g_autoptr(ScClientPage) org_history = NULL;
  g_autoptr(ScClientPage) stages = NULL;
  g_autoptr(ScClientPage) copies = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = sc_client_new_idempotency_key ();
  const char *path_id = str (path, "id");
  const char *copy_id;

  sc_client_preview_promotion_async (f->client, str (v1, "id"), path_id, "uat", NULL,
                                     sc_test_result_cb, &f->result);
  preview = sc_client_preview_promotion_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (preview, "allowed"));
  g_assert_true (json_object_get_boolean_member (preview, "creates_new"));

  record = promote (f, f->client, str (v1, "id"), path_id, "uat", NULL, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (record, "kind"), ==, "promote");
  g_assert_cmpstr (str (record, "outcome"), ==, "succeeded");
  copy_id = str (record, "target_workflow_id");

  /* the same logical attempt again (say the answer was lost): same record */
  replayed = promote (f, f->client, str (v1, "id"), path_id, "uat", NULL, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (replayed, "id"), ==, str (record, "id"));

  sc_client_list_promotions_async (f->client, str (workflow, "id"), NULL, 0, NULL, NULL,
                                   sc_test_result_cb, &f->result);
  history = sc_client_list_promotions_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (history), ==, 1);

  sc_client_list_promotions_async (f->client, NULL, f->uat, 0, NULL, NULL, sc_test_result_cb, &f->result);
  org_history = sc_client_list_promotions_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (org_history), >=, 1);

  sc_client_get_stages_async (f->client, str (workflow, "id"), NULL, sc_test_result_cb, &f->result);
  stages = sc_client_get_stages_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (stages), ==, 1);

  /* v2 to stage too, then roll the stage copy back to the first */
  v2 = publish (f, str (workflow, "id"), "two");
  second = promote (f, f->client, str (v2, "id"), path_id, "uat", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (second, "target_workflow_id"), ==, copy_id);

  sc_client_list_releases_async (f->client, copy_id, 0, NULL, NULL, sc_test_result_cb, &f->result);
  copies = sc_client_list_releases_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (copies), ==, 2);

  /* newest first: item 1 is the copy of v1 */
  sc_client_rollback_async (f->client, copy_id, str (sc_client_page_get_item (copies, 1), "id"),
                            "v2 breaks the report", NULL, sc_test_result_cb, &f->result);
  rolled = sc_client_rollback_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (rolled, "kind"), ==, "rollback");

  /* a rollback without a reason: 422 naming the field */
  sc_client_rollback_async (f->client, copy_id, str (sc_client_page_get_item (copies, 1), "id"),
                            "  ", NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_rollback_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_VALIDATION);
  g_assert_nonnull (sc_client_error_get_field_reason (error, "reason"));
}

/* --- approvals and events -------------------------------------------------- */

static void
enable_approvals (Fixture    *f,
                  const char *org_id)
{
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(JsonObject) patched = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GError) error = NULL;

  sc_client_get_org_async (f->client, org_id, NULL, sc_test_result_cb, &f->result);
  org = sc_client_get_org_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  changes = object_printf ("{\"approval_policy\":{\"enabled\":true,"
                           "\"reviewer_roles\":[\"admin\",\"reviewer\"],\"required_approvals\":1}}");
  sc_client_patch_org_async (f->client, org_id, changes, str (org, "etag"), NULL, sc_test_result_cb, &f->result);
  patched = sc_client_patch_org_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
}

static void
test_approvals (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) path = create_path (f);
  g_autoptr(JsonObject) workflow = create_workflow (f, f->client, "Nightly report");
  g_autoptr(JsonObject) v1 = publish (f, str (workflow, "id"), "one");
  g_autoptr(JsonObject) to_stage = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) fetched = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autoptr(JsonObject) promoted = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(ScClientPage) start = NULL;
  g_autoptr(ScClientPage) events = NULL;
  g_autoptr(ScClientPage) reviewable = NULL;
  g_autoptr(ScClientPage) mine = NULL;
  g_autoptr(ScClient) reviewer = client_for (f, f->reviewer);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = sc_client_new_idempotency_key ();
  g_autofree char *stage_release = NULL;
  const char *path_id = str (path, "id");

  to_stage = promote (f, f->client, str (v1, "id"), path_id, "uat", NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(ScClientPage) releases = NULL;

    sc_client_list_releases_async (f->client, str (to_stage, "target_workflow_id"), 0, NULL, NULL,
                                   sc_test_result_cb, &f->result);
    releases = sc_client_list_releases_finish (f->client, wait_result (f), &error);
    g_assert_no_error (error);
    stage_release = g_strdup (str (sc_client_page_get_item (releases, 0), "id"));
  }

  enable_approvals (f, f->prod);

  /* promoting into Production now needs an approved request: 403 with the rule */
  g_assert_null (promote (f, f->client, stage_release, path_id, "prod", NULL, NULL, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_FORBIDDEN);
  g_assert_true (sc_client_error_has_rule (error, "approval_required"));
  g_assert_false (sc_client_error_has_rule (error, "no_such_rule"));
  g_clear_error (&error);

  /* a request, withdrawn; deciding it then is refused with a reason */
  sc_client_create_approval_request_async (f->client, stage_release, path_id, "prod", NULL, NULL,
                                           NULL, sc_test_result_cb, &f->result);
  other = sc_client_create_approval_request_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (other, "state"), ==, "pending");
  sc_client_cancel_request_async (f->client, str (other, "id"), NULL, sc_test_result_cb, &f->result);
  cancelled = sc_client_cancel_request_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  sc_client_get_approval_request_async (f->client, str (other, "id"), NULL, sc_test_result_cb, &f->result);
  fetched = sc_client_get_approval_request_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (fetched, "state"), ==, "cancelled");
  g_clear_pointer (&fetched, json_object_unref);
  sc_client_decide_async (reviewer, str (other, "id"), SC_DECISION_REJECT, NULL, NULL,
                          sc_test_result_cb, &f->result);
  g_assert_null (sc_client_decide_finish (reviewer, wait_result (f), &error));
  g_assert_true (error->domain == SC_CLIENT_ERROR);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("deciding a cancelled request: %s", error->message);
  g_clear_error (&error);

  /* the requester's event cursor, before the real request */
  sc_client_poll_events_async (f->client, NULL, 0, NULL, sc_test_result_cb, &f->result);
  start = sc_client_poll_events_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (start), ==, 0);
  g_assert_nonnull (sc_client_page_get_next_cursor (start));

  sc_client_create_approval_request_async (f->client, stage_release, path_id, "prod",
                                           "Ready for production", key, NULL, sc_test_result_cb, &f->result);
  request = sc_client_create_approval_request_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (request, "state"), ==, "pending");

  /* the same key: the same request, not a second one */
  sc_client_create_approval_request_async (f->client, stage_release, path_id, "prod",
                                           "Ready for production", key, NULL, sc_test_result_cb, &f->result);
  again = sc_client_create_approval_request_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (again, "id"), ==, str (request, "id"));

  sc_client_list_approval_requests_async (reviewer, "pending", NULL, TRUE, FALSE, NULL, NULL,
                                          sc_test_result_cb, &f->result);
  reviewable = sc_client_list_approval_requests_finish (reviewer, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (reviewable), ==, 1);
  g_assert_cmpstr (str (sc_client_page_get_item (reviewable, 0), "id"), ==, str (request, "id"));

  sc_client_list_approval_requests_async (f->client, NULL, f->prod, FALSE, TRUE, NULL, NULL,
                                          sc_test_result_cb, &f->result);
  mine = sc_client_list_approval_requests_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (mine), ==, 2);

  sc_client_get_approval_request_async (reviewer, str (request, "id"), NULL, sc_test_result_cb, &f->result);
  fetched = sc_client_get_approval_request_finish (reviewer, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (fetched, "can_decide"));

  sc_client_decide_async (reviewer, str (request, "id"), SC_DECISION_APPROVE, "Looks good", NULL,
                          sc_test_result_cb, &f->result);
  decided = sc_client_decide_finish (reviewer, wait_result (f), &error);
  g_assert_no_error (error);

  /* the requester hears of it through the long poll */
  sc_client_poll_events_async (f->client, sc_client_page_get_next_cursor (start), 10, NULL,
                               sc_test_result_cb, &f->result);
  events = sc_client_poll_events_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (events), >=, 1);
  {
    gboolean seen = FALSE;

    for (guint i = 0; i < sc_client_page_get_n_items (events); i++)
      seen |= g_strcmp0 (str (sc_client_page_get_item (events, i), "kind"), "approval_decided") == 0;
    g_assert_true (seen);
  }

  promoted = promote (f, f->client, stage_release, path_id, "prod", str (request, "id"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (promoted, "outcome"), ==, "succeeded");
}

/* sc_client_error_get_violations(): a path with a nameless, badly tagged
 * and backwards stage list answers details.fields and details.rules (with
 * fields); they read as ScViolation in the server's order, fields first.
 * Then details of the wrong shape, and an error of another domain. */
static void
check_error_violations (Fixture *f)
{
  g_autoptr(JsonObject) bad = object_printf ("{\"name\":\"\",\"stages\":["
                                             "{\"tag\":\"Bad!\",\"org_id\":\"%s\"},"
                                             "{\"tag\":\"dev\",\"org_id\":\"%s\"}]}",
                                             f->prod, f->dev);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_autoptr(GBytes) malformed = NULL;
  static const char malformed_body[] =
    "{\"error\": {\"code\": \"validation_failed\", \"message\": \"M.\", \"details\": {"
    "\"fields\": [7, {\"field\": \"a\"}, {\"reason\": \"R.\"}, {\"field\": \"b\", \"reason\": \"B.\"}],"
    " \"rules\": {\"x\": 1}}}}";
  GPtrArray *violations;
  JsonObject *details;
  guint n = 0;

  sc_client_create_path_async (f->client, f->dev, bad, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_create_path_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_VALIDATION);
  details = sc_client_error_get_details (error);
  violations = sc_client_error_get_violations (error);
  for (guint pass = 0; pass < 2; pass++)
    {
      JsonArray *items = json_object_get_array_member (details, pass == 0 ? "fields" : "rules");

      g_assert_nonnull (items);
      g_assert_cmpuint (json_array_get_length (items), >, 0);
      for (guint i = 0; i < json_array_get_length (items); i++, n++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          const ScViolation *v;

          g_assert_cmpuint (n, <, violations->len);
          v = g_ptr_array_index (violations, n);
          g_assert_cmpstr (v->rule, ==, pass == 0 ? NULL : json_object_get_string_member (item, "rule"));
          g_assert_cmpstr (v->field, ==, json_object_get_string_member_with_default (item, "field", NULL));
          g_assert_cmpstr (v->reason, ==, json_object_get_string_member (item, "reason"));
        }
    }
  g_assert_cmpuint (violations->len, ==, n);
  g_assert_true (sc_violations_has_field (violations, "name"));
  g_assert_true (sc_violations_has_field (violations, "stages[0].tag"));
  g_assert_true (sc_violations_has_rule (violations, "hierarchy"));
  g_assert_cmpstr (sc_client_error_get_first_field (error), ==, "name");
  g_assert_nonnull (sc_client_error_get_field_reason (error, "stages[0].tag"));
  /* a rule's field is not a field of details.fields */
  g_assert_null (sc_client_error_get_field_reason (error, "stages[1].org_id"));
  g_assert_true (sc_client_error_has_rule (error, "hierarchy"));
  copy = g_error_copy (error);
  g_assert_true (sc_client_error_get_violations (copy) == violations);

  /* what is not a violation is left out, the rest reads */
  malformed = g_bytes_new_static (malformed_body, strlen (malformed_body));
  g_clear_error (&error);
  g_assert_null (sc_client_read_answer (RESULT_OBJECT, 422, "application/json", malformed, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_VALIDATION);
  violations = sc_client_error_get_violations (error);
  g_assert_cmpuint (violations->len, ==, 1);
  g_assert_cmpstr (((ScViolation *) g_ptr_array_index (violations, 0))->field, ==, "b");
  g_assert_cmpstr (sc_client_error_get_first_field (error), ==, "b");

  g_assert_nonnull (sc_client_error_get_violations (other));
  g_assert_cmpuint (sc_client_error_get_violations (other)->len, ==, 0);
}

/* --- errors ---------------------------------------------------------------- */

static void
test_error_mapping (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ScClient) stranger = client_for (f, "scp_tok_aaaaaaaaaaaaaaaaaaaa_nope");
  g_autoptr(ScClient) developer = client_for (f, f->developer);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(JsonObject) changes = object_printf ("{\"type\":\"sit\"}");

  /* 401 */
  sc_client_get_me_async (stranger, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_get_me_finish (stranger, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 401);
  g_assert_cmpstr (sc_client_error_get_code_name (error), ==, "unauthenticated");
  /* the server's sentence, not a status code */
  g_assert_nonnull (strstr (error->message, "token"));
  g_clear_error (&error);

  /* 403: visible but not allowed */
  sc_client_get_org_async (developer, f->dev, NULL, sc_test_result_cb, &f->result);
  org = sc_client_get_org_finish (developer, wait_result (f), &error);
  g_assert_no_error (error);
  sc_client_patch_org_async (developer, f->dev, changes, str (org, "etag"), NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_patch_org_finish (developer, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 403);
  g_assert_nonnull (strstr (error->message, "Acme Development"));
  g_clear_error (&error);

  /* 404: unknown, and invisible */
  sc_client_get_workflow_async (f->client, "wf_aaaaaaaaaaaaaaaaaaaa", NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_get_workflow_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  sc_client_get_org_async (developer, f->prod, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_get_org_finish (developer, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* 409: the mapping exists */
  sc_client_create_mapping_async (f->client, f->dev, f->uat, SC_RELATION_DEFAULT, NULL,
                                  sc_test_result_cb, &f->result);
  g_assert_null (sc_client_create_mapping_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_CONFLICT);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 409);
  g_clear_error (&error);

  /* 422 with details.fields */
  sc_client_create_mapping_async (f->client, f->dev, f->dev, SC_RELATION_DEFAULT, NULL,
                                  sc_test_result_cb, &f->result);
  g_assert_null (sc_client_create_mapping_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_VALIDATION);
  g_assert_cmpstr (sc_client_error_get_code_name (error), ==, "validation_failed");
  g_assert_nonnull (sc_client_error_get_details (error));
  g_assert_nonnull (sc_client_error_get_field_reason (error, "target_org_id"));
  g_assert_null (sc_client_error_get_field_reason (error, "relation"));
  /* the details travel with a copy of the error */
  {
    g_autoptr(GError) copy = g_error_copy (error);

    g_assert_nonnull (sc_client_error_get_field_reason (copy, "target_org_id"));
    g_assert_cmpuint (sc_client_error_get_status (copy), ==, 422);
  }
  g_clear_error (&error);

  /* 422 from a path with a bad tag: the field path names the stage */
  {
    g_autoptr(JsonObject) bad = object_printf ("{\"name\":\"P\",\"stages\":["
                                               "{\"tag\":\"Not a tag!\",\"org_id\":\"%s\"},"
                                               "{\"tag\":\"uat\",\"org_id\":\"%s\"}]}",
                                               f->dev, f->uat);

    sc_client_create_path_async (f->client, f->dev, bad, NULL, sc_test_result_cb, &f->result);
    g_assert_null (sc_client_create_path_finish (f->client, wait_result (f), &error));
    g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_VALIDATION);
    g_assert_nonnull (sc_client_error_get_field_reason (error, "stages[0].tag"));
    /* every reason, and the first field (sc_client_error_dup_reasons) */
    {
      g_auto(GStrv) fields = sc_client_error_dup_reasons (error, "fields");
      g_auto(GStrv) rules = sc_client_error_dup_reasons (error, "rules");

      g_assert_cmpuint (g_strv_length (fields), >=, 1);
      g_assert_cmpstr (fields[0], ==, sc_client_error_get_field_reason (error, "stages[0].tag"));
      g_assert_cmpuint (g_strv_length (rules), ==, 0);
      g_assert_cmpstr (sc_client_error_get_first_field (error), ==, "stages[0].tag");
    }
    g_clear_error (&error);
  }

  /* 400: a bad limit */
  sc_client_list_workflows_async (f->client, f->dev, NULL, 1000, NULL, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_list_workflows_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_BAD_REQUEST);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 400);
  g_clear_error (&error);

  /* 400: a cursor the server never gave */
  sc_client_list_workflows_async (f->client, f->dev, NULL, 0, "!!", NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_list_workflows_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  /* 413: a body over 1 MiB */
  {
    g_autoptr(JsonObject) huge = object_printf ("{\"name\":\"Huge\","
                                                "\"trigger\":{\"url\":\"/h\",\"method\":\"GET\"}}");
    g_autofree char *description = g_malloc (1100 * 1024 + 1);

    memset (description, 'x', 1100 * 1024);
    description[1100 * 1024] = '\0';
    json_object_set_string_member (huge, "description", description);
    sc_client_create_workflow_async (f->client, f->dev, huge, NULL, sc_test_result_cb, &f->result);
    g_assert_null (sc_client_create_workflow_finish (f->client, wait_result (f), &error));
    g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PAYLOAD_TOO_LARGE);
    g_assert_cmpuint (sc_client_error_get_status (error), ==, 413);
    g_clear_error (&error);
  }

  /* the helpers on errors of other domains */
  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_cmpuint (sc_client_error_get_status (other), ==, 0);
    g_assert_null (sc_client_error_get_details (other));
    g_assert_null (sc_client_error_get_code_name (other));
    g_assert_null (sc_client_error_get_field_reason (other, "x"));
    g_assert_false (sc_client_error_has_rule (other, "x"));
    g_assert_null (sc_client_error_get_first_field (other));
    {
      g_auto(GStrv) none = sc_client_error_dup_reasons (other, "fields");

      g_assert_cmpuint (g_strv_length (none), ==, 0);
    }
  }

  check_error_violations (f);
}

/* 5xx: the server fails inside (an injected fault) and says so in a
 * sentence; the client does not leak anything else either. */
static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) body = object_printf ("{\"name\":\"P\",\"stages\":["
                                              "{\"tag\":\"dev\",\"org_id\":\"%s\"},"
                                              "{\"tag\":\"uat\",\"org_id\":\"%s\"}]}",
                                              f->dev, f->uat);
  g_autoptr(GError) error = NULL;

  sc_client_create_path_async (f->client, f->dev, body, NULL, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_create_path_finish (f->client, wait_result (f), &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 500);
  g_assert_cmpstr (sc_client_error_get_code_name (error), ==, "internal");
  g_assert_null (strstr (error->message, "SQL"));
}

/* A server that was there and is gone: NETWORK, with a sentence. */
static void
test_network (void)
{
  ScTestServer *server = sc_test_server_start (FALSE, NULL);
  g_autofree char *url = g_strdup (server->url);
  g_autoptr(ScClient) client = sc_client_new (url);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* once it answers, its main loop (and SIGTERM handler) runs: the server
   * prints "listening" a moment before it installs the handler */
  {
    g_autoptr(ScTestResponse) r = sc_test_request (server, "GET", "/health", NULL, NULL, NULL);
    sc_assert_status (r, 200);
  }
  sc_test_server_stop (server);

  sc_client_health_async (client, NULL, sc_test_result_cb, &result);
  sc_test_wait_for (sc_test_result_ready, &result, WAIT_SECONDS);
  g_assert_null (sc_client_health_finish (client, result, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 0);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_test_message ("network error: %s", error->message);
  g_clear_object (&result);
  g_clear_error (&error);

  /* an address that is not one */
  {
    g_autoptr(ScClient) bad = sc_client_new ("not a server");

    sc_client_health_async (bad, NULL, sc_test_result_cb, &result);
    sc_test_wait_for (sc_test_result_ready, &result, WAIT_SECONDS);
    g_assert_null (sc_client_health_finish (bad, result, &error));
    g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_INVALID_URL);
    g_clear_object (&result);
    g_clear_error (&error);
  }
  {
    g_autoptr(ScClient) ftp = sc_client_new ("ftp://127.0.0.1:21");

    sc_client_health_async (ftp, NULL, sc_test_result_cb, &result);
    sc_test_wait_for (sc_test_result_ready, &result, WAIT_SECONDS);
    g_assert_null (sc_client_health_finish (ftp, result, &error));
    g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_INVALID_URL);
    g_clear_object (&result);
  }
}

/* --- answers no Stagecraft server gives ------------------------------------ */

/* What a captive portal, a proxy's error page or a cut connection put in
 * front of the client. The real server never answers like this, so these
 * few canned answers come from a SoupServer in this process (async client
 * calls with a server in the same thread: PLATFORM.md). */
static void
canned_cb (SoupServer        *soup,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  static const struct {
    const char *path;
    guint       status;
    const char *content_type;
    const char *body;
  } answers[] = {
    { "/api/v1/health", 200, "text/html", "<html>Sign in to the hotel Wi-Fi</html>" },
    { "/api/v1/server-info", 200, "application/json", "{\"name\": \"stagecr" },
    { "/api/v1/me", 200, "application/json", "[1, 2]" },
    { "/api/v1/orgs", 200, "application/json", "{\"items\": 3}" },
    { "/api/v1/orgs/a/members", 200, "application/json", "{\"items\": [1]}" },
    { "/api/v1/orgs/a/mappings", 200, "application/json",
      "{\"items\": [], \"next_cursor\": 7}" },
    { "/api/v1/orgs/a", 502, "text/html", "<html>Bad gateway</html>" },
    { "/api/v1/workflows/a", 401, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      if (strcmp (answers[i].path, path) != 0)
        continue;
      soup_server_message_set_status (msg, answers[i].status, NULL);
      if (answers[i].body != NULL)
        soup_server_message_set_response (msg, answers[i].content_type, SOUP_MEMORY_STATIC,
                                          answers[i].body, strlen (answers[i].body));
      return;
    }

  /* a page well over 64 KiB, broken at the end: parsed (and refused) in
   * the worker thread */
  if (strcmp (path, "/api/v1/orgs/a/workflows") == 0)
    {
      GString *body = g_string_new ("{\"items\": [");

      for (guint i = 0; i < 2000; i++)
        g_string_append (body, "{\"id\": \"wf_aaaaaaaaaaaaaaaaaaaa\", \"name\": \"Workflow\"},");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                        body->str, body->len);
      g_string_free (body, FALSE);
      return;
    }

  soup_server_message_set_status (msg, 404, NULL);
}

static void
test_unreadable_answers (void)
{
  g_autoptr(SoupServer) soup = soup_server_new (NULL, NULL);
  g_autoptr(ScClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  GAsyncResult *result = NULL;
  JsonObject *object;
  ScClientPage *page;

  soup_server_add_handler (soup, NULL, canned_cb, NULL, NULL);
  soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  client = sc_client_new (url);
  sc_client_set_token (client, "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret");

#define EXPECT_ERROR(call, finish, domain, code)                   \
  G_STMT_START {                                                    \
    call;                                                           \
    sc_test_wait_for (sc_test_result_ready, &result, WAIT_SECONDS);         \
    g_assert_null (finish);                                         \
    g_assert_error (error, domain, code);                           \
    g_test_message ("%s", error->message);                          \
    g_clear_error (&error);                                         \
    g_clear_object (&result);                                       \
  } G_STMT_END

  /* HTML instead of JSON */
  EXPECT_ERROR (sc_client_health_async (client, NULL, sc_test_result_cb, &result),
                (object = sc_client_health_finish (client, result, &error)),
                SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE);
  /* cut short */
  EXPECT_ERROR (sc_client_get_server_info_async (client, NULL, sc_test_result_cb, &result),
                (object = sc_client_get_server_info_finish (client, result, &error)),
                SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE);
  /* JSON of the wrong shape */
  EXPECT_ERROR (sc_client_get_me_async (client, NULL, sc_test_result_cb, &result),
                (object = sc_client_get_me_finish (client, result, &error)),
                SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE);
  EXPECT_ERROR (sc_client_list_orgs_async (client, FALSE, NULL, sc_test_result_cb, &result),
                (page = sc_client_list_orgs_finish (client, result, &error)),
                SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE);
  EXPECT_ERROR (sc_client_list_members_async (client, "a", NULL, sc_test_result_cb, &result),
                (page = sc_client_list_members_finish (client, result, &error)),
                SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE);
  EXPECT_ERROR (sc_client_list_mappings_async (client, "a", NULL, sc_test_result_cb, &result),
                (page = sc_client_list_mappings_finish (client, result, &error)),
                SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE);
  /* large and broken, parsed in the worker thread */
  EXPECT_ERROR (sc_client_list_workflows_async (client, "a", NULL, 0, NULL, NULL, sc_test_result_cb, &result),
                (page = sc_client_list_workflows_finish (client, result, &error)),
                SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE);

  /* an error status without our error body: the status decides, the
   * message is a sentence of the client's */
  sc_client_get_org_async (client, "a", NULL, sc_test_result_cb, &result);
  sc_test_wait_for (sc_test_result_ready, &result, WAIT_SECONDS);
  g_assert_null (sc_client_get_org_finish (client, result, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (sc_client_error_get_status (error), ==, 502);
  g_assert_null (sc_client_error_get_code_name (error));
  g_assert_null (strstr (error->message, "html"));
  g_clear_error (&error);
  g_clear_object (&result);

  sc_client_get_workflow_async (client, "a", NULL, sc_test_result_cb, &result);
  sc_test_wait_for (sc_test_result_ready, &result, WAIT_SECONDS);
  g_assert_null (sc_client_get_workflow_finish (client, result, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);
  g_clear_object (&result);
#undef EXPECT_ERROR

  (void) object;
  (void) page;
  soup_server_disconnect (soup);
}

/* --- API keys and silent renewal ------------------------------------------- */

static void
api_key_add (Fixture     *f,
             const char  *email,
             char       **client_id,
             char       **client_secret)
{
  sc_test_server_add_api_key (f->server, email, client_id, client_secret);
}

static JsonObject *
get_me (Fixture   *f,
        ScClient  *client,
        GError   **error)
{
  sc_client_get_me_async (client, NULL, sc_test_result_cb, &f->result);
  return sc_client_get_me_finish (client, wait_result (f), error);
}

#if SC_ENABLE_TEST_HOOKS
/* Needs the test hooks (-Dtest_hooks=true) to see the exchanges. */
static void
test_api_key (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  g_autofree char *first_token = NULL;
  g_autofree char *second_token = NULL;
  g_autofree char *third_token = NULL;
  g_autoptr(ScClient) client = sc_client_new (f->server->url);
  g_autoptr(GError) error = NULL;
  JsonObject *me;

  api_key_add (f, "admin@acme.test", &client_id, &client_secret);
  sc_client_set_api_key (client, client_id, client_secret);
  g_assert_true (sc_client_has_credentials (client));

  /* the first call exchanges the key for an access token */
  me = get_me (f, client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (str (me, "email"), ==, "admin@acme.test");
  json_object_unref (me);
  g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (client), ==, 1);
  first_token = sc_client_dup_access_token_id_for_testing (client);
  g_assert_true (g_str_has_prefix (first_token, "tok_"));

  /* the next ones reuse it */
  me = get_me (f, client, &error);
  g_assert_no_error (error);
  json_object_unref (me);
  g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (client), ==, 1);

  /* under a minute left: renewed before the call, silently */
  sc_client_expire_access_token_for_testing (client, 30);
  me = get_me (f, client, &error);
  g_assert_no_error (error);
  json_object_unref (me);
  g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (client), ==, 2);
  second_token = sc_client_dup_access_token_id_for_testing (client);
  g_assert_cmpstr (second_token, !=, first_token);

  /* revoked behind the client's back: 401, renewed, the call retried once */
  g_free (sc_test_server_cli (f->server, NULL, "token", "revoke", second_token, NULL));
  me = get_me (f, client, &error);
  g_assert_no_error (error);
  json_object_unref (me);
  g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (client), ==, 3);
  third_token = sc_client_dup_access_token_id_for_testing (client);
  g_assert_cmpstr (third_token, !=, second_token);

  /* a write is retried too: a 401 means the server did nothing */
  {
    g_autofree char *qa = sc_test_server_add_org (f->server, "Acme QA", "uat");
    g_autoptr(JsonObject) mapping = NULL;

    g_free (sc_test_server_add_user (f->server, "admin@acme.test", qa, "admin", NULL));
    g_free (sc_test_server_cli (f->server, NULL, "token", "revoke", third_token, NULL));
    sc_client_create_mapping_async (client, f->prod, qa, SC_RELATION_DEFAULT, NULL,
                                    sc_test_result_cb, &f->result);
    mapping = sc_client_create_mapping_finish (client, wait_result (f), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (client), ==, 4);
  }

  /* several calls at once while no token is held: one exchange for all */
  {
    GAsyncResult *results[4] = { NULL, };
    guint before;

    sc_client_set_api_key (client, client_id, client_secret);
    before = sc_client_get_n_token_exchanges_for_testing (client);
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      sc_client_get_me_async (client, NULL, sc_test_result_cb, &results[i]);
    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      {
        sc_test_wait_for (sc_test_result_ready, &results[i], WAIT_SECONDS);
        me = sc_client_get_me_finish (client, results[i], &error);
        g_assert_no_error (error);
        json_object_unref (me);
        g_clear_object (&results[i]);
      }
    g_assert_cmpuint (sc_client_get_n_token_exchanges_for_testing (client), ==, before + 1);
  }

  /* the key itself revoked: renewal fails, UNAUTHENTICATED with the reason */
  g_free (sc_test_server_cli (f->server, NULL, "token", "revoke", client_id, NULL));
  g_assert_null (get_me (f, client, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
  g_test_message ("revoked key: %s", error->message);
  g_clear_error (&error);

  /* a wrong secret: refused at the exchange */
  sc_client_set_api_key (client, client_id, "wrong");
  g_assert_null (get_me (f, client, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
  g_assert_cmpstr (sc_client_error_get_code_name (error), ==, "unauthenticated");
  g_clear_error (&error);

  /* a personal token is never renewed: a 401 is final */
  sc_client_set_token (client, "scp_tok_aaaaaaaaaaaaaaaaaaaa_nope");
  g_assert_null (get_me (f, client, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
  g_clear_error (&error);

  sc_client_clear_credentials (client);
  g_assert_false (sc_client_has_credentials (client));
}

/* A GET asked again sends If-None-Match; the server's 304 is answered from
 * the body the client kept, and a change brings the new one. */
static JsonObject *
get_org (Fixture    *f,
         const char *org_id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *org;

  sc_client_get_org_async (f->client, org_id, NULL, sc_test_result_cb, &f->result);
  org = sc_client_get_org_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  return org;
}

static void
test_conditional_get (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) first = get_org (f, f->dev);
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(JsonObject) fourth = NULL;
  guint requests, not_modified, requests_before, not_modified_before;

  sc_client_get_request_counts_for_testing (f->client, &requests_before, &not_modified_before);
  second = get_org (f, f->dev);
  sc_client_get_request_counts_for_testing (f->client, &requests, &not_modified);
  g_assert_cmpuint (requests, ==, requests_before + 1);
  g_assert_cmpuint (not_modified, ==, not_modified_before + 1);
  g_assert_cmpstr (str (second, "etag"), ==, str (first, "etag"));
  g_assert_cmpstr (str (second, "name"), ==, "Acme Development");

  /* changed behind the client's back: a 200 with the new body */
  {
    g_autofree char *path = g_strdup_printf ("/orgs/%s", f->dev);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "PATCH", path, f->admin,
                                                   "{\"type\": \"sit\"}", "If-Match", str (first, "etag"), NULL);
    sc_assert_status (r, 200);
  }
  third = get_org (f, f->dev);
  sc_client_get_request_counts_for_testing (f->client, &requests_before, &not_modified_before);
  g_assert_cmpuint (not_modified_before, ==, not_modified);
  g_assert_cmpstr (str (third, "type"), ==, "sit");
  g_assert_cmpstr (str (third, "etag"), !=, str (first, "etag"));

  /* other credentials start afresh: nothing kept for them */
  sc_client_set_token (f->client, f->admin);
  fourth = get_org (f, f->dev);
  sc_client_get_request_counts_for_testing (f->client, &requests, &not_modified);
  g_assert_cmpuint (not_modified, ==, not_modified_before);
  g_assert_cmpstr (str (fourth, "etag"), ==, str (third, "etag"));
}
#endif

/* 413 at the token exchange, where the secret itself is too large. */
static void
test_api_key_too_large (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ScClient) client = sc_client_new (f->server->url);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = g_malloc (1100 * 1024 + 1);

  memset (secret, 'a', 1100 * 1024);
  secret[1100 * 1024] = '\0';
  sc_client_set_api_key (client, "key_aaaaaaaaaaaaaaaaaaaa", secret);
  g_assert_null (get_me (f, client, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PAYLOAD_TOO_LARGE);
}

/* --- cancellation ---------------------------------------------------------- */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ScClientPage) start = NULL;
  g_autoptr(ScClientPage) empty = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started, elapsed;

  sc_client_poll_events_async (f->client, NULL, 0, NULL, sc_test_result_cb, &f->result);
  start = sc_client_poll_events_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);

  /* nothing happens: the poll answers empty at its timeout */
  sc_client_poll_events_async (f->client, sc_client_page_get_next_cursor (start), 1, NULL,
                               sc_test_result_cb, &f->result);
  empty = sc_client_poll_events_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (empty), ==, 0);
  g_assert_nonnull (sc_client_page_get_next_cursor (empty));

  /* a 25 s long poll, cancelled after 200 ms: over at once */
  started = g_get_monotonic_time ();
  g_timeout_add (200, cancel_cb, cancellable);
  sc_client_poll_events_async (f->client, sc_client_page_get_next_cursor (start), 30, cancellable,
                               sc_test_result_cb, &f->result);
  g_assert_null (sc_client_poll_events_finish (f->client, wait_result (f), &error));
  elapsed = g_get_monotonic_time () - started;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* cancelled before it starts */
  sc_client_get_me_async (f->client, cancellable, sc_test_result_cb, &f->result);
  g_assert_null (sc_client_get_me_finish (f->client, wait_result (f), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* cancelled while waiting for an access token */
  {
    g_autofree char *client_id = NULL;
    g_autofree char *client_secret = NULL;
    g_autoptr(ScClient) keyed = sc_client_new (f->server->url);
    g_autoptr(GCancellable) soon = g_cancellable_new ();
    JsonObject *me;

    api_key_add (f, "admin@acme.test", &client_id, &client_secret);
    sc_client_set_api_key (keyed, client_id, client_secret);
    sc_client_get_me_async (keyed, soon, sc_test_result_cb, &f->result);
    g_cancellable_cancel (soon);
    g_assert_null (sc_client_get_me_finish (keyed, wait_result (f), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);

    /* the exchange went on for the others */
    me = get_me (f, keyed, &error);
    g_assert_no_error (error);
    json_object_unref (me);
  }
}

/* --- large pages ----------------------------------------------------------- */

static void
test_large_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", f->dev);
  g_autofree char *description = g_strnfill (2000, 'd');
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GError) error = NULL;

  /* 60 workflows of ~2 KiB: a page of well over 64 KiB, parsed in a thread */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Workflow %u\",\"description\":\"%s\","
                                               "\"trigger\":{\"url\":\"/h/%u\",\"method\":\"GET\"}}",
                                               i, description, i);
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->admin, body, NULL);

      sc_assert_status (r, 201);
    }

  sc_client_list_workflows_async (f->client, f->dev, NULL, 500, NULL, NULL, sc_test_result_cb, &f->result);
  page = sc_client_list_workflows_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 60);
  g_assert_cmpstr (str (sc_client_page_get_item (page, 0), "name"), ==, "Workflow 59");
  g_assert_cmpuint (strlen (str (sc_client_page_get_item (page, 0), "description")), ==, 2000);
}

/* The lists a view shows whole follow next_cursor to the end: 130
 * promotion paths (over the server's page of 100) come back in one page
 * with no cursor left, oldest first as the server orders them. */
static void
test_all_pages (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev);
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"Path %03u\",\"stages\":["
                                               "{\"tag\":\"dev\",\"org_id\":\"%s\"},"
                                               "{\"tag\":\"uat\",\"org_id\":\"%s\"}]}",
                                               i, f->dev, f->uat);
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->admin, body, NULL);

      sc_assert_status (r, 201);
    }

  sc_client_list_paths_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  page = sc_client_list_paths_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 130);
  g_assert_null (sc_client_page_get_next_cursor (page));
  g_assert_cmpstr (str (sc_client_page_get_item (page, 0), "name"), ==, "Path 000");
  g_assert_cmpstr (str (sc_client_page_get_item (page, 129), "name"), ==, "Path 129");
}

/* The Share dialog looks each used connection up in the org's whole list:
 * past the server's default page of 100 too. */
static void
test_connections_all_pages (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/connections", f->dev);
  g_autoptr(ScClientPage) connections = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 101; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"name\":\"CRM %03u\",\"service\":\"salesforce\","
                                               "\"secret\":\"s3cret\"}", i);
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "POST", path, f->admin, body, NULL);

      sc_assert_status (r, 201);
    }
  sc_client_list_connections_async (f->client, f->dev, NULL, sc_test_result_cb, &f->result);
  connections = sc_client_list_connections_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (connections), ==, 101);
  g_assert_null (sc_client_page_get_next_cursor (connections));
}

/* --- the audit: filters and the CSV export (issue 9) ----------------------- */

static void
test_audit_export (Fixture       *f,
                   gconstpointer  data)
{
  static const char *const actions[] = { "path.created", NULL };
  g_autofree char *sql = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_tmp_dir (), "audit.csv", NULL);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GMemoryOutputStream) refused_out = NULL;
  g_autoptr(ScClient) developer = client_for (f, f->developer);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *contents = NULL;
  ScClientAuditFilter filter = { .actions = actions };
  gssize written;

  sql = g_strdup_printf ("INSERT INTO audit_events (id, org_id, actor_id, action, target_type, "
                         "target_id, details, at) VALUES "
                         "('aud_a', '%s', '%s', 'path.created', 'path', 'p,1', '{}', '2026-01-01T00:00:00Z'),"
                         "('aud_b', '%s', '%s', 'path.deleted', 'path', 'p2', '{}', '2026-01-02T00:00:00Z'),"
                         "('aud_c', '%s', '%s', 'path.created', 'path', 'say \"hi\"', '{}', '2026-01-03T00:00:00Z')",
                         f->dev, f->admin_id, f->dev, f->admin_id, f->dev, f->admin_id);
  sc_test_server_sql (f->server, sql);

  sc_client_list_audit_filtered_async (f->client, f->dev, &filter, NULL, NULL,
                                       sc_test_result_cb, &f->result);
  page = sc_client_list_audit_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 2);
  g_assert_cmpstr (str (sc_client_page_get_item (page, 0), "id"), ==, "aud_c");
  g_assert_cmpstr (str (sc_client_page_get_item (page, 1), "id"), ==, "aud_a");

  /* the export goes into the file as it comes */
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  sc_client_export_audit_async (f->client, f->dev, &filter, G_OUTPUT_STREAM (out), NULL,
                                sc_test_result_cb, &f->result);
  written = sc_client_export_audit_finish (f->client, wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, >, 0);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  rows = sc_test_csv_parse (contents);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 1))[6], ==, "say \"hi\"");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 2))[6], ==, "p,1");

  /* a developer may not: the server's refusal, nothing written */
  refused_out = G_MEMORY_OUTPUT_STREAM (g_memory_output_stream_new_resizable ());
  sc_client_export_audit_async (developer, f->dev, NULL, G_OUTPUT_STREAM (refused_out), NULL,
                                sc_test_result_cb, &f->result);
  written = sc_client_export_audit_finish (developer, wait_result (f), &error);
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_FORBIDDEN);
  g_assert_cmpint (written, ==, -1);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (refused_out), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/client/meta", test_meta);
  ADD ("/client/orgs", test_orgs);
  ADD ("/client/paths", test_paths);
  ADD ("/client/workflows", test_workflows);
  ADD ("/client/sharing", test_sharing);
  ADD ("/client/promotions", test_promotions);
  ADD ("/client/approvals", test_approvals);
  ADD ("/client/errors/mapping", test_error_mapping);
#if SC_ENABLE_TEST_HOOKS
  ADD ("/client/api-key/renewal", test_api_key);
  ADD ("/client/conditional-get", test_conditional_get);
#endif
  ADD ("/client/api-key/too-large", test_api_key_too_large);
  ADD ("/client/cancel", test_cancel);
  ADD ("/client/large-page", test_large_page);
  ADD ("/client/all-pages", test_all_pages);
  ADD ("/client/connections/all-pages", test_connections_all_pages);
  ADD ("/client/audit-export", test_audit_export);
#undef ADD
  g_test_add ("/client/errors/server", Fixture, "paths.insert", fixture_set_up,
              test_server_error, fixture_tear_down);
  g_test_add_func ("/client/errors/network", test_network);
  g_test_add_func ("/client/errors/unreadable", test_unreadable_answers);

  return g_test_run ();
}
