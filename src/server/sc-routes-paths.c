/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-rules.h"
#include "sc-routes.h"
#include "sc-store-paths.h"

/* Promotion paths: GET/POST /orgs/{org}/promotion-paths and
 * GET/PUT/DELETE /promotion-paths/{id}.
 *
 * Writes check If-Match and the governance rules inside the transaction
 * that writes, so that neither a concurrent edit of the path nor one of the
 * org mappings can slip between the check and the write. */

/* Answers 404 (@not_found_what, or "Organization" when NULL) when the caller
 * is not a member of @org_id, 403 naming the org when they are not one of
 * its administrators. */
static gboolean
require_admin (ScRequest  *req,
               const char *org_id,
               const char *not_found_what)
{
  ScRole role = sc_request_role (req, org_id);
  g_autoptr(ScOrgGraph) graph = NULL;

  if (role == SC_ROLE_NONE)
    {
      sc_request_reply_not_found (req, not_found_what != NULL ? not_found_what : _("Organization"));
      return FALSE;
    }
  if (role >= SC_ROLE_ADMIN)
    return TRUE;

  graph = sc_store_load_org_graph (req->store, NULL);
  sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                          _("Only administrators of %s may change its promotion paths."),
                          graph != NULL ? sc_org_graph_get_name (graph, org_id) : org_id);
  return FALSE;
}

/* The body as a path spec: answers 400 for a wrong JSON type and 422 for
 * missing or unknown members, and returns NULL. */
static ScPathSpec *
read_spec (ScRequest *req)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(ScPathSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *body = sc_request_body_node (req);

  if (body == NULL)
    return NULL;

  spec = sc_path_spec_from_json (body, violations, &error);
  if (error != NULL)
    {
      sc_request_reply_bad_type (req, error);
      return NULL;
    }
  if (spec == NULL || violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return NULL;
    }
  return g_steal_pointer (&spec);
}

/* The governance rules, against the org graph as it is inside the caller's
 * transaction; answers 422 (or 500) and returns FALSE. */
static gboolean
check_spec (ScRequest        *req,
            const ScPathSpec *spec)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(ScOrgGraph) graph = NULL;
  g_autoptr(GError) error = NULL;

  graph = sc_store_load_org_graph (req->store, &error);
  if (graph == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return FALSE;
    }
  if (!sc_rules_check_path (spec, graph, req->hierarchy, violations))
    {
      sc_request_reply_violations (req, violations);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
audit_details (JsonObject *path)
{
  JsonObject *details = json_object_new ();

  json_object_set_string_member (details, "name", json_object_get_string_member (path, "name"));
  json_object_set_array_member (details, "stages",
                                json_array_ref (json_object_get_array_member (path, "stages")));
  return details;
}

static void
reply_path (ScRequest  *req,
            guint       status,
            JsonObject *path) /* transfer full */
{
  g_autofree char *etag = g_strdup (json_object_get_string_member (path, "etag"));

  if (status == SOUP_STATUS_CREATED)
    {
      g_autofree char *location = g_strconcat ("/api/v1/promotion-paths/",
                                               json_object_get_string_member (path, "id"), NULL);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Location", location);
    }
  sc_request_reply_object (req, status, path, etag);
}

/* Rolls back and answers @error (when the handler has not answered yet). */
static void
fail (ScRequest    *req,
      const GError *error)
{
  sc_request_rollback (req, error, _("Promotion path"));
}

static void
list_paths_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  gint64 after, next = 0;
  guint limit;

  if (!sc_request_require_member (req, org_id, NULL) ||
      !sc_request_get_page (req, &limit, &after))
    return;

  items = sc_store_list_paths (req->store, org_id, limit, after, &next, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return;
    }
  sc_request_reply_page (req, items, next);
}

static void
create_path_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(ScPathSpec) spec = NULL;
  g_autoptr(JsonObject) path = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!require_admin (req, org_id, NULL))
    return;
  spec = read_spec (req);
  if (spec == NULL)
    return;

  if (!sc_request_begin (req))
    return;
  if (!check_spec (req, spec))
    {
      fail (req, NULL);
      return;
    }

  if ((id = sc_store_insert_path (req->store, org_id, spec, &error)) == NULL ||
      (path = sc_store_get_path (req->store, id, &error)) == NULL)
    {
      fail (req, error);
      return;
    }
  details = audit_details (path);
  if (!sc_store_audit (req->store, org_id, req->user_id, "path.created", "path", id,
                       details, &error))
    {
      fail (req, error);
      return;
    }
  if (!sc_request_commit (req))
    return;

  reply_path (req, SOUP_STATUS_CREATED, g_steal_pointer (&path));
}

/* The path and its org, or 404 (unknown, or the caller is not a member of
 * its org: both look the same). */
static JsonObject *
get_visible_path (ScRequest  *req,
                  const char *path_id)
{
  g_autoptr(JsonObject) path = NULL;
  g_autoptr(GError) error = NULL;

  path = sc_store_get_path (req->store, path_id, &error);
  if (path == NULL)
    {
      sc_request_reply_store_error (req, error, _("Promotion path"));
      return NULL;
    }
  if (sc_request_role (req, json_object_get_string_member (path, "org_id")) == SC_ROLE_NONE)
    {
      sc_request_reply_not_found (req, _("Promotion path"));
      return NULL;
    }
  return g_steal_pointer (&path);
}

static void
get_path_cb (ScRequest *req)
{
  JsonObject *path = get_visible_path (req, sc_request_param (req, 0));

  if (path != NULL)
    reply_path (req, SOUP_STATUS_OK, path);
}

/* Inside the write transaction: the path as it is now, checked against
 * If-Match. Answers 404 or 412 and returns NULL. */
static JsonObject *
lock_path (ScRequest  *req,
           const char *path_id)
{
  g_autoptr(JsonObject) path = NULL;
  g_autoptr(GError) error = NULL;

  path = sc_store_get_path (req->store, path_id, &error);
  if (path == NULL)
    {
      sc_request_reply_store_error (req, error, _("Promotion path"));
      return NULL;
    }
  if (!sc_request_check_if_match (req, json_object_get_string_member (path, "etag")))
    return NULL;
  return g_steal_pointer (&path);
}

static void
update_path_cb (ScRequest *req)
{
  const char *path_id = sc_request_param (req, 0);
  g_autoptr(JsonObject) visible = NULL;
  g_autoptr(JsonObject) old = NULL;
  g_autoptr(JsonObject) path = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(ScPathSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  const char *org_id;

  visible = get_visible_path (req, path_id);
  if (visible == NULL)
    return;
  org_id = json_object_get_string_member (visible, "org_id");
  if (!require_admin (req, org_id, _("Promotion path")))
    return;
  spec = read_spec (req);
  if (spec == NULL)
    return;

  if (!sc_request_begin (req))
    return;
  if ((old = lock_path (req, path_id)) == NULL || !check_spec (req, spec))
    {
      fail (req, NULL);
      return;
    }

  if (!sc_store_replace_path (req->store, path_id, spec, &error) ||
      (path = sc_store_get_path (req->store, path_id, &error)) == NULL)
    {
      fail (req, error);
      return;
    }
  details = audit_details (path);
  json_object_set_string_member (details, "old_name", json_object_get_string_member (old, "name"));
  json_object_set_array_member (details, "old_stages",
                                json_array_ref (json_object_get_array_member (old, "stages")));
  if (!sc_store_audit (req->store, org_id, req->user_id, "path.updated", "path", path_id,
                       details, &error))
    {
      fail (req, error);
      return;
    }
  if (!sc_request_commit (req))
    return;

  reply_path (req, SOUP_STATUS_OK, g_steal_pointer (&path));
}

static void
delete_path_cb (ScRequest *req)
{
  const char *path_id = sc_request_param (req, 0);
  g_autoptr(JsonObject) visible = NULL;
  g_autoptr(JsonObject) old = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cancelled = NULL;
  JsonArray *cancelled_array;
  const char *org_id;

  visible = get_visible_path (req, path_id);
  if (visible == NULL)
    return;
  org_id = json_object_get_string_member (visible, "org_id");
  if (!require_admin (req, org_id, _("Promotion path")))
    return;

  if (!sc_request_begin (req))
    return;
  if ((old = lock_path (req, path_id)) == NULL)
    {
      fail (req, NULL);
      return;
    }

  if (!sc_store_delete_path (req->store, path_id, &cancelled, &error))
    {
      fail (req, error);
      return;
    }
  details = audit_details (old);
  cancelled_array = json_array_new ();
  for (guint i = 0; cancelled[i] != NULL; i++)
    json_array_add_string_element (cancelled_array, cancelled[i]);
  json_object_set_array_member (details, "cancelled_request_ids", cancelled_array);
  if (!sc_store_audit (req->store, org_id, req->user_id, "path.deleted", "path", path_id,
                       details, &error))
    {
      fail (req, error);
      return;
    }
  if (!sc_request_commit (req))
    return;

  sc_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

const ScRoute sc_routes_paths[] = {
  { "GET", "/orgs/*/promotion-paths", list_paths_cb },
  { "POST", "/orgs/*/promotion-paths", create_path_cb },
  { "GET", "/promotion-paths/*", get_path_cb },
  { "PUT", "/promotion-paths/*", update_path_cb },
  { "DELETE", "/promotion-paths/*", delete_path_cb },
  { NULL }
};
