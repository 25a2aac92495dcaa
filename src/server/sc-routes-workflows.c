/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-model.h"
#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-store-workflows.h"

#define SEARCH_MAX_CHARS 200
#define NOTES_MAX_CHARS 10000
#define CONNECTION_NAME_MAX_CHARS 200
#define CONNECTION_SERVICE_MAX_CHARS 100
#define CONNECTION_SECRET_MAX_BYTES 16384

/* 400 naming the query parameter or member at fault. */
static void
reply_bad_field (ScRequest  *req,
                 const char *field,
                 const char *message)
{
  JsonObject *details = json_object_new ();
  JsonArray *fields = json_array_new ();
  JsonObject *entry = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (entry, "field", field);
  json_object_set_string_member (entry, "reason", message);
  json_array_add_object_element (fields, entry);
  json_object_set_array_member (details, "fields", fields);
  json_node_take_object (node, details);
  sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", node, "%s", message);
}

/* Answers @workflow_id in the API shape with @permission; @status 200 or
 * 201. */
static void
reply_workflow (ScRequest    *req,
                guint         status,
                const char   *workflow_id,
                ScPermission  permission)
{
  g_autoptr(GError) error = NULL;
  JsonObject *workflow;
  g_autofree char *etag = NULL;

  workflow = sc_store_get_workflow (req->store, workflow_id, req->user_id, permission, &error);
  if (workflow == NULL)
    {
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }
  etag = g_strdup (json_object_get_string_member (workflow, "etag"));
  sc_request_reply_object (req, status, workflow, etag);
}

/* Every connection a workflow names must be one of its org's that the
 * caller may use (run or manage). Those the workflow already uses (@kept,
 * nullable) are exempt from the permission: whoever edits a workflow need
 * not hold every connection someone else attached. Returns FALSE when it
 * has answered (a store failure). */
static gboolean
check_connections (ScRequest            *req,
                   const char           *org_id,
                   const ScWorkflowSpec *spec,
                   GHashTable           *kept,
                   GPtrArray            *violations)
{
  g_autofree char *org_name = NULL;

  for (guint i = 0; spec->connection_ids[i] != NULL; i++)
    {
      const char *connection_id = spec->connection_ids[i];
      g_autofree char *field = g_strdup_printf ("connection_ids[%u]", i);
      g_autofree char *connection_org = NULL;
      g_autoptr(JsonObject) connection = NULL;
      g_autoptr(GError) error = NULL;
      ScPermission permission;

      permission = sc_request_resource_permission (req, TRUE, connection_id, SC_PERMISSION_NONE,
                                                   &connection_org);
      if (g_strcmp0 (connection_org, org_id) != 0)
        {
          if (org_name == NULL)
            {
              org_name = sc_store_org_display_name (req->store, org_id, &error);
              if (org_name == NULL)
                {
                  sc_request_reply_store_error (req, error, _("Organization"));
                  return FALSE;
                }
            }
          sc_violations_add_field (violations, field,
                                   _("There is no connection “%s” in %s."),
                                   connection_id, org_name);
          continue;
        }

      if (permission >= SC_PERMISSION_RUN ||
          (kept != NULL && g_hash_table_contains (kept, connection_id)))
        continue;

      connection = sc_store_get_connection (req->store, connection_id, &error);
      if (connection == NULL)
        {
          sc_request_reply_store_error (req, error, _("Connection"));
          return FALSE;
        }
      sc_violations_add_field (violations, field,
                               _("You may not use the connection “%s” (%s): ask its owner to "
                                 "share it with you with the “run” permission."),
                               json_object_get_string_member (connection, "name"),
                               json_object_get_string_member (connection, "service"));
    }

  return TRUE;
}

/* Parses and validates a workflow body; answers 400/422 (or a store
 * failure) and returns NULL when it is not acceptable. */
static ScWorkflowSpec *
read_workflow_spec (ScRequest  *req,
                    const char *org_id,
                    GHashTable *kept)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(ScWorkflowSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = sc_request_body_node (req);
  if (node == NULL)
    return NULL;

  spec = sc_workflow_spec_from_json (node, violations, &error);
  if (spec == NULL)
    {
      if (error != NULL)
        sc_request_reply_bad_type (req, error);
      else
        sc_request_reply_violations (req, violations);
      return NULL;
    }

  if (!check_connections (req, org_id, spec, kept, violations))
    return NULL;

  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return NULL;
    }

  return g_steal_pointer (&spec);
}

/* --- workflows ------------------------------------------------------------ */

static void
list_workflows_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);
  const char *query = sc_request_get_query (req, "q");
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  gint64 cursor, next = 0;
  guint limit;
  ScRole role;

  if (!sc_request_require_member (req, org_id, &role) ||
      !sc_request_get_page (req, &limit, &cursor))
    return;

  if (query != NULL && (!g_utf8_validate (query, -1, NULL) ||
                        g_utf8_strlen (query, -1) > SEARCH_MAX_CHARS))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The search “q” must be text of at most %d character.",
                                              "The search “q” must be text of at most %d characters.",
                                              SEARCH_MAX_CHARS),
                                 SEARCH_MAX_CHARS);
      reply_bad_field (req, "q", message);
      return;
    }

  if (sc_request_reply_cached (req))
    return;

  items = sc_store_list_workflows (req->store, org_id, req->user_id, role == SC_ROLE_ADMIN,
                                   query, limit, cursor, &next, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, _("Organization"));
      return;
    }
  sc_request_reply_page (req, items, next);
}

static void
create_workflow_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(ScWorkflowSpec) spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!sc_request_require_role (req, org_id, SC_ROLE_DEVELOPER))
    return;

  /* the connections checked are those the workflow is written with */
  if (!sc_request_begin_until_reply (req))
    return;

  spec = read_workflow_spec (req, org_id, NULL);
  if (spec == NULL)
    return;

  id = sc_store_create_workflow (req->store, org_id, req->user_id, spec, &error);
  if (id == NULL)
    {
      sc_request_rollback (req, error, _("Workflow"));
      return;
    }
  reply_workflow (req, SOUP_STATUS_CREATED, id, SC_PERMISSION_MANAGE);
}

static void
get_workflow_cb (ScRequest *req)
{
  const char *id = sc_request_param (req, 0);
  ScPermission permission;

  permission = sc_request_resource_permission (req, FALSE, id, SC_PERMISSION_VIEW, NULL);
  if (permission == SC_PERMISSION_NONE)
    return;
  reply_workflow (req, SOUP_STATUS_OK, id, permission);
}

/* Checks If-Match against the workflow's etag; FALSE when it answered. */
static gboolean
check_workflow_etag (ScRequest  *req,
                     const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) current = NULL;

  current = sc_store_get_workflow (req->store, id, req->user_id, SC_PERMISSION_MANAGE, &error);
  if (current == NULL)
    {
      sc_request_reply_store_error (req, error, _("Workflow"));
      return FALSE;
    }
  return sc_request_check_if_match (req, json_object_get_string_member (current, "etag"));
}

static void
update_workflow_cb (ScRequest *req)
{
  const char *id = sc_request_param (req, 0);
  g_autofree char *org_id = NULL;
  g_autoptr(GHashTable) kept = NULL;
  g_autoptr(ScWorkflowSpec) spec = NULL;
  g_autoptr(GError) error = NULL;

  /* If-Match is checked in the transaction that writes: no other writer
   * (another server instance too) comes in between */
  if (!sc_request_begin_until_reply (req))
    return;

  if (sc_request_resource_permission (req, FALSE, id, SC_PERMISSION_MANAGE, &org_id) == SC_PERMISSION_NONE ||
      !check_workflow_etag (req, id))
    return;

  kept = sc_store_get_workflow_connection_ids (req->store, id, &error);
  if (kept == NULL)
    {
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }

  spec = read_workflow_spec (req, org_id, kept);
  if (spec == NULL)
    return;

  if (!sc_store_update_workflow (req->store, id, spec, &error))
    {
      sc_request_rollback (req, error, _("Workflow"));
      return;
    }
  reply_workflow (req, SOUP_STATUS_OK, id, SC_PERMISSION_MANAGE);
}

static void
delete_workflow_cb (ScRequest *req)
{
  const char *id = sc_request_param (req, 0);
  g_autoptr(GError) error = NULL;

  if (sc_request_resource_permission (req, FALSE, id, SC_PERMISSION_MANAGE, NULL) == SC_PERMISSION_NONE ||
      !check_workflow_etag (req, id))
    return;

  if (!sc_store_delete_workflow (req->store, id, &error))
    {
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }
  sc_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

/* --- releases ------------------------------------------------------------- */

static void
create_release_cb (ScRequest *req)
{
  static const ScFieldSpec release_fields[] = {
    { "notes", SC_FIELD_STRING_OR_NULL, FALSE },
  };
  const char *id = sc_request_param (req, 0);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *release_id = NULL;
  const char *notes = NULL;
  JsonObject *release;

  if (!sc_request_begin_until_reply (req))
    return;

  if (sc_request_resource_permission (req, FALSE, id, SC_PERMISSION_MANAGE, NULL) == SC_PERMISSION_NONE)
    return;

  /* the body is optional: no body publishes without notes */
  if (body->length > 0)
    {
      JsonNode *node = sc_request_body_node (req);
      JsonObject *object;

      if (node == NULL)
        return;
      if (!sc_json_check_object (node, "", release_fields, G_N_ELEMENTS (release_fields),
                                 violations, &error))
        {
          sc_request_reply_bad_type (req, error);
          return;
        }
      object = json_node_get_object (node);
      if (json_object_has_member (object, "notes") &&
          !json_object_get_null_member (object, "notes"))
        notes = json_object_get_string_member (object, "notes");
      if (notes != NULL && g_utf8_strlen (notes, -1) > NOTES_MAX_CHARS)
        sc_violations_add_field (violations, "notes",
                                 g_dngettext (GETTEXT_PACKAGE, "The release notes are longer than %d character.",
                                              "The release notes are longer than %d characters.",
                                              NOTES_MAX_CHARS),
                                 NOTES_MAX_CHARS);
      if (violations->len > 0)
        {
          sc_request_reply_violations (req, violations);
          return;
        }
    }

  release_id = sc_store_publish_release (req->store, id, req->user_id, notes, &error);
  if (release_id == NULL)
    {
      sc_request_rollback (req, error, _("Workflow"));
      return;
    }

  release = sc_store_get_release (req->store, release_id, &error);
  if (release == NULL)
    {
      sc_request_reply_store_error (req, error, _("Release"));
      return;
    }
  /* the API's release shape; the snapshot is for promotions */
  json_object_remove_member (release, "snapshot");
  json_object_remove_member (release, "source_release_id");
  json_object_remove_member (release, "org_id");
  sc_request_reply_object (req, SOUP_STATUS_CREATED, release, NULL);
}

static void
list_releases_cb (ScRequest *req)
{
  const char *id = sc_request_param (req, 0);
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  gint64 cursor, next = 0;
  guint limit;

  if (sc_request_resource_permission (req, FALSE, id, SC_PERMISSION_VIEW, NULL) == SC_PERMISSION_NONE ||
      !sc_request_get_page (req, &limit, &cursor))
    return;

  items = sc_store_list_releases (req->store, id, limit, cursor, &next, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }
  sc_request_reply_page (req, items, next);
}

/* --- sharing -------------------------------------------------------------- */

static void
reply_sharing (ScRequest  *req,
               gboolean    is_connection,
               const char *id,
               gboolean    with_connections)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  JsonObject *sharing;

  sharing = sc_store_get_sharing (req->store, is_connection, id, &error);
  if (sharing == NULL)
    {
      sc_request_reply_store_error (req, error, is_connection ? _("Connection") : _("Workflow"));
      return;
    }

  if (with_connections)
    {
      JsonArray *connections = sc_store_get_connections_shared (req->store, id, &error);

      if (connections == NULL)
        {
          json_object_unref (sharing);
          sc_request_reply_store_error (req, error, _("Workflow"));
          return;
        }
      json_object_set_array_member (sharing, "connections", connections);
    }

  etag = g_strdup (json_object_get_string_member (sharing, "etag"));
  sc_request_reply_object (req, SOUP_STATUS_OK, sharing, etag);
}

static void
get_sharing (ScRequest *req,
             gboolean   is_connection)
{
  const char *id = sc_request_param (req, 0);
  /* per API.md: anyone who sees a workflow sees with whom it is shared;
   * a connection's sharing is for its managers */
  ScPermission min = is_connection ? SC_PERMISSION_MANAGE : SC_PERMISSION_VIEW;

  if (sc_request_resource_permission (req, is_connection, id, min, NULL) == SC_PERMISSION_NONE)
    return;
  reply_sharing (req, is_connection, id, FALSE);
}

static void
put_sharing (ScRequest *req,
             gboolean   is_connection)
{
  const char *id = sc_request_param (req, 0);
  const char *what = is_connection ? _("Connection") : _("Workflow");
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(ScSharingSpec) spec = NULL;
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *org_id = NULL;
  JsonNode *node;

  /* If-Match and the members are checked in the transaction that writes */
  if (!sc_request_begin_until_reply (req))
    return;

  if (sc_request_resource_permission (req, is_connection, id, SC_PERMISSION_MANAGE,
                                      &org_id) == SC_PERMISSION_NONE)
    return;

  current = sc_store_get_sharing (req->store, is_connection, id, &error);
  if (current == NULL)
    {
      sc_request_reply_store_error (req, error, what);
      return;
    }
  if (!sc_request_check_if_match (req, json_object_get_string_member (current, "etag")))
    return;

  node = sc_request_body_node (req);
  if (node == NULL)
    return;
  spec = sc_sharing_spec_from_json (node, is_connection, violations, &error);
  if (spec == NULL)
    {
      if (error != NULL)
        sc_request_reply_bad_type (req, error);
      else
        sc_request_reply_violations (req, violations);
      return;
    }

  /* grants by e-mail name members; an address no member has stays
   * unresolved and the rule check reports it */
  for (guint i = 0; i < spec->grants->len; i++)
    {
      ScGrant *grant = g_ptr_array_index (spec->grants, i);

      if (grant->user_id != NULL || grant->email == NULL)
        continue;
      grant->user_id = sc_store_find_member_by_email (req->store, org_id, grant->email, &error);
      if (error != NULL)
        {
          sc_request_reply_store_error (req, error, what);
          return;
        }
    }

  members = sc_store_get_member_ids (req->store, org_id, &error);
  if (members == NULL)
    {
      sc_request_reply_store_error (req, error, what);
      return;
    }
  sc_rules_check_sharing (spec, members, violations);
  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return;
    }

  if (!sc_store_set_sharing (req->store, is_connection, id, req->user_id, spec, &error))
    {
      sc_request_rollback (req, error, what);
      return;
    }
  /* sharing a workflow does not share its connections: say which ones the
   * same people cannot use */
  reply_sharing (req, is_connection, id, !is_connection);
}

static void
get_workflow_sharing_cb (ScRequest *req)
{
  get_sharing (req, FALSE);
}

static void
put_workflow_sharing_cb (ScRequest *req)
{
  put_sharing (req, FALSE);
}

static void
get_connection_sharing_cb (ScRequest *req)
{
  get_sharing (req, TRUE);
}

static void
put_connection_sharing_cb (ScRequest *req)
{
  put_sharing (req, TRUE);
}

/* --- connections ---------------------------------------------------------- */

static void
list_connections_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  gint64 cursor, next = 0;
  guint limit;
  ScRole role;

  if (!sc_request_require_member (req, org_id, &role) ||
      !sc_request_get_page (req, &limit, &cursor))
    return;

  items = sc_store_list_connections (req->store, org_id, req->user_id, role == SC_ROLE_ADMIN,
                                     limit, cursor, &next, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, _("Organization"));
      return;
    }
  sc_request_reply_page (req, items, next);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }
  return TRUE;
}

static void
create_connection_cb (ScRequest *req)
{
  static const ScFieldSpec connection_fields[] = {
    { "name", SC_FIELD_STRING, TRUE },
    { "service", SC_FIELD_STRING, TRUE },
    { "secret", SC_FIELD_STRING, TRUE },
  };
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *name = NULL, *service = NULL, *secret = NULL;
  JsonObject *object;
  JsonObject *connection;
  JsonNode *node;

  if (!sc_request_require_role (req, org_id, SC_ROLE_DEVELOPER))
    return;

  node = sc_request_body_node (req);
  if (node == NULL)
    return;
  if (!sc_json_check_object (node, "", connection_fields, G_N_ELEMENTS (connection_fields),
                             violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return;
    }

  object = json_node_get_object (node);
  if (json_object_has_member (object, "name"))
    {
      name = json_object_get_string_member (object, "name");
      if (is_blank (name))
        sc_violations_add_field (violations, "name", _("The connection needs a name."));
      else if (g_utf8_strlen (name, -1) > CONNECTION_NAME_MAX_CHARS)
        sc_violations_add_field (violations, "name",
                                 g_dngettext (GETTEXT_PACKAGE, "The connection name is longer than %d character.",
                                              "The connection name is longer than %d characters.",
                                              CONNECTION_NAME_MAX_CHARS),
                                 CONNECTION_NAME_MAX_CHARS);
      else
        sc_rules_check_name (violations, "name", name);
    }
  if (json_object_has_member (object, "service"))
    {
      service = json_object_get_string_member (object, "service");
      if (is_blank (service))
        sc_violations_add_field (violations, "service",
                                 _("The connection needs the kind of service it links to."));
      else if (g_utf8_strlen (service, -1) > CONNECTION_SERVICE_MAX_CHARS)
        sc_violations_add_field (violations, "service",
                                 g_dngettext (GETTEXT_PACKAGE, "The service name is longer than %d character.",
                                              "The service name is longer than %d characters.",
                                              CONNECTION_SERVICE_MAX_CHARS),
                                 CONNECTION_SERVICE_MAX_CHARS);
      else
        sc_rules_check_name (violations, "service", service);
    }
  if (json_object_has_member (object, "secret"))
    {
      secret = json_object_get_string_member (object, "secret");
      if (*secret == '\0')
        sc_violations_add_field (violations, "secret", _("The connection needs a secret."));
      else if (strlen (secret) > CONNECTION_SECRET_MAX_BYTES)
        sc_violations_add_field (violations, "secret",
                                 g_dngettext (GETTEXT_PACKAGE, "The secret is longer than %d byte.",
                                              "The secret is longer than %d bytes.",
                                              CONNECTION_SECRET_MAX_BYTES),
                                 CONNECTION_SECRET_MAX_BYTES);
    }
  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return;
    }

  id = sc_store_create_connection (req->store, org_id, req->user_id, name, service, secret, &error);
  if (id == NULL)
    {
      if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_CONSTRAINT))
        {
          g_autofree char *org_name = sc_store_org_display_name (req->store, org_id, NULL);

          sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", NULL,
                                  _("%s already has a %s connection named “%s”."),
                                  org_name != NULL ? org_name : org_id, service, name);
        }
      else
        sc_request_reply_store_error (req, error, _("Connection"));
      return;
    }

  connection = json_object_new ();
  json_object_set_string_member (connection, "id", id);
  json_object_set_string_member (connection, "name", name);
  json_object_set_string_member (connection, "service", service);
  json_object_set_string_member (connection, "permission",
                                 sc_permission_to_string (SC_PERMISSION_MANAGE));
  sc_request_reply_object (req, SOUP_STATUS_CREATED, connection, NULL);
}

const ScRoute sc_routes_workflows[] = {
  { "GET", "/orgs/*/workflows", list_workflows_cb },
  { "POST", "/orgs/*/workflows", create_workflow_cb },
  { "GET", "/workflows/*", get_workflow_cb },
  { "PUT", "/workflows/*", update_workflow_cb },
  { "DELETE", "/workflows/*", delete_workflow_cb },
  { "POST", "/workflows/*/releases", create_release_cb },
  { "GET", "/workflows/*/releases", list_releases_cb },
  { "GET", "/workflows/*/sharing", get_workflow_sharing_cb },
  { "PUT", "/workflows/*/sharing", put_workflow_sharing_cb },
  { "GET", "/orgs/*/connections", list_connections_cb },
  { "POST", "/orgs/*/connections", create_connection_cb },
  { "GET", "/connections/*/sharing", get_connection_sharing_cb },
  { "PUT", "/connections/*/sharing", put_connection_sharing_cb },
  { NULL }
};
