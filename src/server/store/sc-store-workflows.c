/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include <string.h>

#include "sc-store-private.h"
#include "sc-store-workflows.h"

/* The columns of a workflow in the API shape. The stage a workflow is at
 * is found in SQL so that a page of the list needs no query per row for
 * it: a copy made by a promotion records its stage (origin_stage); any
 * other workflow is at the first stage of the oldest path of its org that
 * starts in its org. */
#define WORKFLOW_COLUMNS \
  "w.id, w.org_id, w.name, w.description, w.steps, w.config, " \
  "w.trigger_url, w.trigger_method, w.tags, w.etag, " \
  "w.origin_workflow_id, w.origin_org_id, w.origin_path_id, w.origin_stage, " \
  "w.promoted, w.created_at, w.updated_at, w.seq, " \
  "u.id, u.email, u.name, " \
  "r.id, r.version, " \
  "COALESCE (w.origin_stage, " \
  "  (SELECT s.tag FROM paths p JOIN path_stages s ON s.path_id = p.id AND s.position = 0 " \
  "   WHERE p.org_id = w.org_id AND s.org_id = w.org_id ORDER BY p.seq LIMIT 1)) "

#define WORKFLOW_JOINS \
  "JOIN users u ON u.id = w.owner_id " \
  "LEFT JOIN releases r ON r.workflow_id = w.id " \
  "  AND r.version = (SELECT MAX (version) FROM releases WHERE workflow_id = w.id) "

enum {
  COL_ID, COL_ORG_ID, COL_NAME, COL_DESCRIPTION, COL_STEPS, COL_CONFIG,
  COL_TRIGGER_URL, COL_TRIGGER_METHOD, COL_TAGS, COL_ETAG,
  COL_ORIGIN_WORKFLOW, COL_ORIGIN_ORG, COL_ORIGIN_PATH, COL_ORIGIN_STAGE,
  COL_PROMOTED, COL_CREATED_AT, COL_UPDATED_AT, COL_SEQ,
  COL_OWNER_ID, COL_OWNER_EMAIL, COL_OWNER_NAME,
  COL_RELEASE_ID, COL_RELEASE_VERSION,
  COL_STAGE,
  COL_PERMISSION, /* list only */
};

static JsonObject *
workflow_from_row (ScDbStmt *stmt,
                   ScPermission  permission)
{
  JsonObject *object = json_object_new ();
  JsonObject *trigger = json_object_new ();

  sc_store_set_text (object, "id", stmt, COL_ID);
  sc_store_set_text (object, "org_id", stmt, COL_ORG_ID);
  sc_store_set_text (object, "name", stmt, COL_NAME);
  sc_store_set_text (object, "description", stmt, COL_DESCRIPTION);

  json_object_set_object_member (object, "owner", sc_store_user_from_row (stmt, COL_OWNER_ID, TRUE));

  json_object_set_member (object, "steps", sc_store_col_json (stmt, COL_STEPS));
  json_object_set_member (object, "config", sc_store_col_json (stmt, COL_CONFIG));

  sc_store_set_text (trigger, "url", stmt, COL_TRIGGER_URL);
  sc_store_set_text (trigger, "method", stmt, COL_TRIGGER_METHOD);
  json_object_set_object_member (object, "trigger", trigger);

  json_object_set_member (object, "tags", sc_store_col_json (stmt, COL_TAGS));
  /* "connections" is filled in by add_connections () */

  if (sc_store_col_text (stmt, COL_RELEASE_ID) != NULL)
    {
      JsonObject *release = json_object_new ();

      sc_store_set_text (release, "id", stmt, COL_RELEASE_ID);
      json_object_set_int_member (release, "version", sc_store_col_int (stmt, COL_RELEASE_VERSION));
      json_object_set_object_member (object, "latest_release", release);
    }
  else
    json_object_set_null_member (object, "latest_release");

  if (sc_store_col_text (stmt, COL_ORIGIN_STAGE) != NULL)
    {
      JsonObject *origin = json_object_new ();

      sc_store_set_text (origin, "workflow_id", stmt, COL_ORIGIN_WORKFLOW);
      sc_store_set_text (origin, "org_id", stmt, COL_ORIGIN_ORG);
      sc_store_set_text (origin, "path_id", stmt, COL_ORIGIN_PATH);
      sc_store_set_text (origin, "stage", stmt, COL_ORIGIN_STAGE);
      json_object_set_object_member (object, "origin", origin);
    }
  else
    json_object_set_null_member (object, "origin");

  json_object_set_boolean_member (object, "promoted", sc_store_col_int (stmt, COL_PROMOTED) != 0);
  json_object_set_string_member (object, "permission", sc_permission_to_string (permission));
  sc_store_set_text (object, "stage", stmt, COL_STAGE);
  sc_store_set_text (object, "etag", stmt, COL_ETAG);
  sc_store_set_text (object, "created_at", stmt, COL_CREATED_AT);
  sc_store_set_text (object, "updated_at", stmt, COL_UPDATED_AT);

  return object;
}

/* A row of the list, which carries the caller's permission. */
static JsonObject *
listed_workflow_from_row (ScDbStmt *stmt)
{
  ScPermission permission = SC_PERMISSION_NONE;

  sc_permission_from_string (sc_store_col_text (stmt, COL_PERMISSION), &permission);
  return workflow_from_row (stmt, permission);
}

/* {id, service, name} from the first three columns. */
static JsonObject *
connection_from_row (ScDbStmt *stmt)
{
  JsonObject *connection = json_object_new ();

  sc_store_set_text (connection, "id", stmt, 0);
  sc_store_set_text (connection, "service", stmt, 1);
  sc_store_set_text (connection, "name", stmt, 2);
  return connection;
}

/* Sets "connections" on every workflow of @workflows (objects with an
 * "id"): one query for them all, not one per workflow. */
static gboolean
add_connections (ScStore     *self,
                 JsonArray   *workflows,
                 GError     **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) ids = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *ids_text = NULL;
  JsonArray *id_array = json_array_sized_new (json_array_get_length (workflows));
  guint n = json_array_get_length (workflows);
  ScDbStmt *stmt;
  int rc;

  json_node_take_array (ids, id_array);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *workflow = json_array_get_object_element (workflows, i);
      const char *id = json_object_get_string_member (workflow, "id");

      json_object_set_array_member (workflow, "connections", json_array_new ());
      g_hash_table_insert (by_id, (gpointer) id, workflow);
      json_array_add_string_element (id_array, id);
    }
  if (n == 0)
    return TRUE;

  if (n == 1)
    stmt = sc_store_query (self, error,
                           "SELECT c.id, c.service, c.name, wc.workflow_id FROM workflow_connections wc "
                           "JOIN connections c ON c.id = wc.connection_id "
                           "WHERE wc.workflow_id = ?1 ORDER BY c.service, c.name, c.id",
                           "s", json_array_get_string_element (id_array, 0));
  else
    {
      ids_text = json_to_string (ids, FALSE);
      stmt = sc_store_query (self, error,
                             "SELECT c.id, c.service, c.name, wc.workflow_id FROM workflow_connections wc "
                             "JOIN connections c ON c.id = wc.connection_id "
                             "WHERE wc.workflow_id IN (SELECT value FROM json_each (?1)) "
                             "ORDER BY wc.workflow_id, c.service, c.name, c.id",
                             "s", ids_text);
    }
  if (stmt == NULL)
    return FALSE;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    {
      JsonObject *workflow = g_hash_table_lookup (by_id, sc_store_col_text (stmt, 3));

      if (workflow != NULL)
        json_array_add_object_element (json_object_get_array_member (workflow, "connections"),
                                       connection_from_row (stmt));
    }
  sc_db_stmt_reset (stmt);
  return rc >= 0;
}

/* "%name%" for LIKE … ESCAPE '\', with the wildcards in @query escaped. */
static char *
like_pattern (const char *query)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = query; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

JsonArray *
sc_store_list_workflows (ScStore     *self,
                         const char  *org_id,
                         const char  *viewer_id,
                         gboolean     viewer_is_admin,
                         const char  *name_query,
                         guint        limit,
                         gint64       before_seq,
                         gint64      *next_seq,
                         GError     **error)
{
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *pattern = NULL;
  ScDbStmt *stmt;

  g_return_val_if_fail (org_id != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  if (name_query != NULL && *name_query != '\0')
    pattern = like_pattern (name_query);

  /* walks workflows_org (org_id, seq) backwards from the cursor; the
   * permission filter needs only the caller's own grant row */
  stmt = sc_store_query (self, error,
                         "SELECT " WORKFLOW_COLUMNS ", "
                         "  CASE WHEN ?3 OR w.owner_id = ?2 THEN 'manage' "
                         "       ELSE COALESCE (g.permission, w.general_access) END "
                         "FROM workflows w " WORKFLOW_JOINS
                         "LEFT JOIN workflow_grants g ON g.workflow_id = w.id AND g.user_id = ?2 "
                         "WHERE w.org_id = ?1 AND w.seq < ?4 "
                         "  AND (?5 IS NULL OR lower (w.name) LIKE lower (?5) ESCAPE '\\') "
                         "  AND (?3 OR w.owner_id = ?2 "
                         "       OR COALESCE (g.permission, w.general_access) <> 'none') "
                         "ORDER BY w.seq DESC LIMIT ?6",
                         "ssbisi", org_id, viewer_id, viewer_is_admin,
                         before_seq > 0 ? before_seq : G_MAXINT64, pattern,
                         (gint64) limit + 1);
  items = sc_store_collect_page (self, stmt, limit, COL_SEQ, listed_workflow_from_row,
                                 next_seq, error);
  if (items == NULL || !add_connections (self, items, error))
    return NULL;

  return g_steal_pointer (&items);
}

JsonObject *
sc_store_get_workflow (ScStore       *self,
                       const char    *workflow_id,
                       const char    *viewer_id,
                       ScPermission   permission,
                       GError       **error)
{
  g_autoptr(JsonObject) workflow = NULL;
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (workflow_id != NULL, NULL);

  stmt = sc_store_query (self, error,
                         "SELECT " WORKFLOW_COLUMNS "FROM workflows w " WORKFLOW_JOINS
                         "WHERE w.id = ?1",
                         "s", workflow_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    workflow = workflow_from_row (stmt, permission);
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "workflow");
  sc_db_stmt_reset (stmt);

  if (workflow == NULL)
    return NULL;
  else
    {
      g_autoptr(JsonArray) one = json_array_new ();

      json_array_add_object_element (one, json_object_ref (workflow));
      if (!add_connections (self, one, error))
        return NULL;
    }
  return g_steal_pointer (&workflow);
}

static char *
strv_json_text (const char * const *strv)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  json_node_take_array (node, array);
  return sc_store_json_text (node);
}

gboolean
sc_store_add_workflow_connections (ScStore            *self,
                                   const char         *workflow_id,
                                   const char * const *connection_ids,
                                   GError            **error)
{
  for (guint i = 0; connection_ids != NULL && connection_ids[i] != NULL; i++)
    {
      /* a connection named twice is used once */
      if (!sc_store_exec (self, error,
                          "INSERT INTO workflow_connections (workflow_id, connection_id) "
                          "VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                          "ss", workflow_id, connection_ids[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
create_workflow (ScStore              *self,
                 const char           *id,
                 const char           *org_id,
                 const char           *owner_id,
                 const ScWorkflowSpec *spec,
                 GError              **error)
{
  g_autofree char *now = sc_store_now ();
  g_autofree char *etag = sc_store_new_etag ();
  g_autofree char *sharing_etag = sc_store_new_etag ();
  g_autofree char *steps = sc_store_json_text (spec->steps);
  g_autofree char *config = sc_store_json_text (spec->config);
  g_autofree char *tags = strv_json_text ((const char * const *) spec->tags);
  gint64 seq = sc_store_next_seq (self, "workflows", error);

  if (seq < 0)
    return FALSE;

  return sc_store_exec (self, error,
                        "INSERT INTO workflows (id, seq, org_id, name, description, owner_id, "
                        "  steps, config, trigger_url, trigger_method, tags, sharing_etag, etag, "
                        "  created_at, updated_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
                        "sissssssssssss", id, seq, org_id, spec->name, spec->description, owner_id,
                        steps, config, spec->trigger_url, spec->trigger_method, tags,
                        sharing_etag, etag, now) &&
         sc_store_add_workflow_connections (self, id,
                                            (const char * const *) spec->connection_ids, error);
}

char *
sc_store_create_workflow (ScStore              *self,
                          const char           *org_id,
                          const char           *owner_id,
                          const ScWorkflowSpec *spec,
                          GError              **error)
{
  g_autofree char *id = sc_store_new_id ("wf");

  g_return_val_if_fail (spec != NULL, NULL);
  SC_STORE_REQUIRE_TRANSACTION (self, NULL);

  if (!create_workflow (self, id, org_id, owner_id, spec, error))
    return NULL;
  return g_steal_pointer (&id);
}

static gboolean
update_workflow (ScStore              *self,
                 const char           *workflow_id,
                 const ScWorkflowSpec *spec,
                 GError              **error)
{
  g_autofree char *now = sc_store_now ();
  g_autofree char *etag = sc_store_new_etag ();
  g_autofree char *steps = sc_store_json_text (spec->steps);
  g_autofree char *config = sc_store_json_text (spec->config);
  g_autofree char *tags = strv_json_text ((const char * const *) spec->tags);

  if (!sc_store_exec (self, error,
                      "UPDATE workflows SET name = ?2, description = ?3, steps = ?4, config = ?5, "
                      "  trigger_url = ?6, trigger_method = ?7, tags = ?8, etag = ?9, "
                      "  updated_at = ?10 "
                      "WHERE id = ?1",
                      "ssssssssss", workflow_id, spec->name, spec->description, steps, config,
                      spec->trigger_url, spec->trigger_method, tags, etag, now))
    return FALSE;
  if (sc_store_changes (self) == 0)
    {
      sc_store_set_not_found (error, "workflow");
      return FALSE;
    }

  return sc_store_exec (self, error, "DELETE FROM workflow_connections WHERE workflow_id = ?1",
                        "s", workflow_id) &&
         sc_store_add_workflow_connections (self, workflow_id,
                                            (const char * const *) spec->connection_ids, error);
}

gboolean
sc_store_update_workflow (ScStore              *self,
                          const char           *workflow_id,
                          const ScWorkflowSpec *spec,
                          GError              **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  SC_STORE_REQUIRE_TRANSACTION (self, FALSE);

  return update_workflow (self, workflow_id, spec, error);
}

gboolean
sc_store_delete_workflow (ScStore     *self,
                          const char  *workflow_id,
                          GError     **error)
{
  /* one statement: the cascades (releases, grants, connections, history)
   * are part of it */
  if (!sc_store_exec (self, error, "DELETE FROM workflows WHERE id = ?1", "s", workflow_id))
    return FALSE;
  if (sc_store_changes (self) == 0)
    {
      sc_store_set_not_found (error, "workflow");
      return FALSE;
    }
  return TRUE;
}

GHashTable *
sc_store_get_workflow_connection_ids (ScStore     *self,
                                      const char  *workflow_id,
                                      GError     **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error,
                         "SELECT connection_id FROM workflow_connections WHERE workflow_id = ?1",
                         "s", workflow_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    g_hash_table_add (ids, g_strdup (sc_store_col_text (stmt, 0)));
  sc_db_stmt_reset (stmt);

  return rc == SC_DB_DONE ? g_steal_pointer (&ids) : NULL;
}

/* --- releases ------------------------------------------------------------- */

static JsonObject *
connection_reference_from_row (ScDbStmt *stmt)
{
  JsonObject *reference = json_object_new ();

  sc_store_set_text (reference, "service", stmt, 0);
  sc_store_set_text (reference, "name", stmt, 1);
  return reference;
}

/* {name, description, steps, config, trigger: {url, method},
 *  connections: [{service, name}]} of the draft as it is now. */
static JsonNode *
draft_snapshot (ScStore     *self,
                const char  *workflow_id,
                GError     **error)
{
  g_autoptr(JsonObject) snapshot = NULL;
  JsonArray *connections;
  ScDbStmt *stmt;
  JsonNode *node;
  int rc;

  stmt = sc_store_query (self, error,
                         "SELECT name, description, steps, config, trigger_url, trigger_method "
                         "FROM workflows WHERE id = ?1",
                         "s", workflow_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      JsonObject *trigger = json_object_new ();

      snapshot = json_object_new ();
      sc_store_set_text (snapshot, "name", stmt, 0);
      sc_store_set_text (snapshot, "description", stmt, 1);
      json_object_set_member (snapshot, "steps", sc_store_col_json (stmt, 2));
      json_object_set_member (snapshot, "config", sc_store_col_json (stmt, 3));
      sc_store_set_text (trigger, "url", stmt, 4);
      sc_store_set_text (trigger, "method", stmt, 5);
      json_object_set_object_member (snapshot, "trigger", trigger);
    }
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "workflow");
  sc_db_stmt_reset (stmt);
  if (snapshot == NULL)
    return NULL;

  stmt = sc_store_query (self, error,
                         "SELECT c.service, c.name FROM workflow_connections wc "
                         "JOIN connections c ON c.id = wc.connection_id "
                         "WHERE wc.workflow_id = ?1 ORDER BY c.service, c.name",
                         "s", workflow_id);
  connections = sc_store_collect_rows (self, stmt, connection_reference_from_row, error);
  if (connections == NULL)
    return NULL;
  json_object_set_array_member (snapshot, "connections", connections);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&snapshot));
  return node;
}

char *
sc_store_add_release (ScStore     *self,
                      const char  *workflow_id,
                      const char  *created_by,
                      const char  *notes,
                      const char  *source_release_id,
                      gint64      *version_out,
                      GError     **error)
{
  g_autoptr(JsonNode) snapshot = NULL;
  g_autofree char *snapshot_text = NULL;

  g_return_val_if_fail (workflow_id != NULL, NULL);

  snapshot = draft_snapshot (self, workflow_id, error);
  if (snapshot == NULL)
    return NULL;
  snapshot_text = sc_store_json_text (snapshot);
  return sc_store_add_release_snapshot (self, workflow_id, created_by, notes, source_release_id,
                                        snapshot_text, version_out, error);
}

char *
sc_store_add_release_snapshot (ScStore     *self,
                               const char  *workflow_id,
                               const char  *created_by,
                               const char  *notes,
                               const char  *source_release_id,
                               const char  *snapshot_text,
                               gint64      *version_out,
                               GError     **error)
{
  g_autofree char *id = sc_store_new_id ("rel");
  g_autofree char *now = sc_store_now ();
  ScDbStmt *stmt;
  gint64 version = 0;
  int rc;

  g_return_val_if_fail (workflow_id != NULL, NULL);
  g_return_val_if_fail (snapshot_text != NULL, NULL);

  stmt = sc_store_query (self, error,
                         "SELECT COALESCE (MAX (version), 0) + 1 FROM releases WHERE workflow_id = ?1",
                         "s", workflow_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    version = sc_store_col_int (stmt, 0);
  sc_db_stmt_reset (stmt);
  if (rc != SC_DB_ROW)
    return NULL;

  if (!sc_store_exec (self, error,
                      "INSERT INTO releases (id, workflow_id, version, notes, snapshot, created_by, "
                      "  source_release_id, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      "ssisssss", id, workflow_id, version, notes != NULL ? notes : "",
                      snapshot_text, created_by, source_release_id, now))
    return NULL;

  if (version_out != NULL)
    *version_out = version;
  return g_steal_pointer (&id);
}

char *
sc_store_publish_release (ScStore     *self,
                          const char  *workflow_id,
                          const char  *created_by,
                          const char  *notes,
                          GError     **error)
{
  g_autofree char *id = NULL;
  g_autofree char *etag = sc_store_new_etag ();

  SC_STORE_REQUIRE_TRANSACTION (self, NULL);

  id = sc_store_add_release (self, workflow_id, created_by, notes, NULL, NULL, error);
  /* latest_release is part of the workflow's representation: a new etag
   * keeps GET with If-None-Match honest */
  if (id == NULL ||
      !sc_store_exec (self, error, "UPDATE workflows SET etag = ?2 WHERE id = ?1",
                      "ss", workflow_id, etag))
    return NULL;
  return g_steal_pointer (&id);
}

/* A release made by a promotion or a rollback carries where it came from
 * as facts ("origin"), read from the promotion record that made it: the
 * server stores no sentence, each client says it in its user's language. */
#define RELEASE_COLUMNS \
  "r.id, r.workflow_id, r.version, r.notes, r.created_at, u.id, u.email, " \
  "p.kind, p.release_version, p.source_tag, p.source_org_id, so.name, p.reason, " \
  "r.blocked_reason, r.blocked_at, bu.id, bu.email "
#define RELEASE_FROM \
  "FROM releases r JOIN users u ON u.id = r.created_by " \
  "LEFT JOIN promotions p ON p.target_release_id = r.id AND p.outcome = 'succeeded' " \
  "LEFT JOIN orgs so ON so.id = p.source_org_id " \
  "LEFT JOIN users bu ON bu.id = r.blocked_by "
#define RELEASE_N_COLUMNS 17

static JsonNode *
release_origin_from_row (ScDbStmt *stmt)
{
  const char *kind = sc_store_col_text (stmt, 7);
  JsonObject *origin;
  JsonNode *node;

  if (kind == NULL)
    return json_node_new (JSON_NODE_NULL);

  origin = json_object_new ();
  if (g_strcmp0 (kind, "rollback") == 0)
    {
      json_object_set_string_member (origin, "kind", "rollback");
      json_object_set_int_member (origin, "version", sc_store_col_int (stmt, 8));
      sc_store_set_text (origin, "reason", stmt, 12);
    }
  else
    {
      json_object_set_string_member (origin, "kind", "promotion");
      json_object_set_int_member (origin, "version", sc_store_col_int (stmt, 8));
      if (sc_store_col_text (stmt, 10) != NULL)
        {
          JsonObject *org = json_object_new ();

          sc_store_set_text (org, "id", stmt, 10);
          sc_store_set_text (org, "name", stmt, 11);
          json_object_set_object_member (origin, "org", org);
        }
      else
        json_object_set_null_member (origin, "org");
      sc_store_set_text (origin, "stage", stmt, 9);
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, origin);
  return node;
}

static JsonObject *
release_from_row (ScDbStmt *stmt)
{
  JsonObject *release = json_object_new ();

  sc_store_set_text (release, "id", stmt, 0);
  sc_store_set_text (release, "workflow_id", stmt, 1);
  json_object_set_int_member (release, "version", sc_store_col_int (stmt, 2));
  sc_store_set_text (release, "notes", stmt, 3);
  sc_store_set_text (release, "created_at", stmt, 4);
  json_object_set_object_member (release, "created_by", sc_store_user_from_row (stmt, 5, FALSE));
  json_object_set_member (release, "origin", release_origin_from_row (stmt));
  /* blocked: {reason, by: {id, email}, at} | null */
  if (sc_store_col_text (stmt, 13) != NULL)
    {
      JsonObject *blocked = json_object_new ();

      sc_store_set_text (blocked, "reason", stmt, 13);
      json_object_set_object_member (blocked, "by", sc_store_user_from_row (stmt, 15, FALSE));
      sc_store_set_text (blocked, "at", stmt, 14);
      json_object_set_object_member (release, "blocked", blocked);
    }
  else
    json_object_set_null_member (release, "blocked");
  return release;
}

gboolean
sc_store_set_release_block (ScStore     *self,
                            const char  *release_id,
                            const char  *user_id,
                            const char  *reason,
                            GError     **error)
{
  g_autofree char *now = sc_store_now ();

  if (!sc_store_exec (self, error,
                      "UPDATE releases SET blocked_reason = ?2, blocked_by = ?3, blocked_at = ?4 "
                      "WHERE id = ?1",
                      "ssss", release_id, reason, reason != NULL ? user_id : NULL,
                      reason != NULL ? now : NULL))
    return FALSE;
  if (sc_store_changes (self) != 1)
    {
      sc_store_set_not_found (error, "release");
      return FALSE;
    }
  return TRUE;
}

JsonObject *
sc_store_get_release (ScStore     *self,
                      const char  *release_id,
                      GError     **error)
{
  JsonObject *release = NULL;
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error,
                         "SELECT " RELEASE_COLUMNS ", r.snapshot, r.source_release_id, w.org_id "
                         RELEASE_FROM
                         "JOIN workflows w ON w.id = r.workflow_id "
                         "WHERE r.id = ?1",
                         "s", release_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      release = release_from_row (stmt);
      json_object_set_member (release, "snapshot", sc_store_col_json (stmt, RELEASE_N_COLUMNS));
      sc_store_set_text (release, "source_release_id", stmt, RELEASE_N_COLUMNS + 1);
      sc_store_set_text (release, "org_id", stmt, RELEASE_N_COLUMNS + 2);
    }
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "release");
  sc_db_stmt_reset (stmt);

  return release;
}

JsonArray *
sc_store_list_releases (ScStore     *self,
                        const char  *workflow_id,
                        guint        limit,
                        gint64       before_version,
                        gint64      *next_version,
                        GError     **error)
{
  ScDbStmt *stmt;

  g_return_val_if_fail (limit > 0, NULL);

  /* UNIQUE (workflow_id, version) is the index this walks */
  stmt = sc_store_query (self, error,
                         "SELECT " RELEASE_COLUMNS
                         RELEASE_FROM
                         "WHERE r.workflow_id = ?1 AND r.version < ?2 "
                         "ORDER BY r.version DESC LIMIT ?3",
                         "sii", workflow_id, before_version > 0 ? before_version : G_MAXINT64,
                         (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, 2, release_from_row, next_version, error);
}

/* --- sharing -------------------------------------------------------------- */

static JsonObject *
grant_from_row (ScDbStmt *stmt)
{
  JsonObject *grant = json_object_new ();

  sc_store_set_text (grant, "user_id", stmt, 0);
  sc_store_set_text (grant, "email", stmt, 1);
  sc_store_set_text (grant, "permission", stmt, 2);
  return grant;
}

JsonObject *
sc_store_get_sharing (ScStore     *self,
                      gboolean     is_connection,
                      const char  *resource_id,
                      GError     **error)
{
  g_autoptr(JsonObject) sharing = NULL;
  JsonArray *grants;
  ScDbStmt *stmt;
  int rc;

  if (is_connection)
    stmt = sc_store_query (self, error,
                           "SELECT general_access, sharing_etag FROM connections WHERE id = ?1",
                           "s", resource_id);
  else
    stmt = sc_store_query (self, error,
                           "SELECT general_access, sharing_etag FROM workflows WHERE id = ?1",
                           "s", resource_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      sharing = json_object_new ();
      sc_store_set_text (sharing, "general_access", stmt, 0);
      sc_store_set_text (sharing, "etag", stmt, 1);
    }
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, is_connection ? "connection" : "workflow");
  sc_db_stmt_reset (stmt);
  if (sharing == NULL)
    return NULL;

  if (is_connection)
    stmt = sc_store_query (self, error,
                           "SELECT g.user_id, u.email, g.permission FROM connection_grants g "
                           "JOIN users u ON u.id = g.user_id WHERE g.connection_id = ?1 "
                           "ORDER BY u.email",
                           "s", resource_id);
  else
    stmt = sc_store_query (self, error,
                           "SELECT g.user_id, u.email, g.permission FROM workflow_grants g "
                           "JOIN users u ON u.id = g.user_id WHERE g.workflow_id = ?1 "
                           "ORDER BY u.email",
                           "s", resource_id);
  grants = sc_store_collect_rows (self, stmt, grant_from_row, error);
  if (grants == NULL)
    return NULL;
  json_object_set_array_member (sharing, "grants", grants);

  return g_steal_pointer (&sharing);
}

static char *
resource_org (ScStore     *self,
              gboolean     is_connection,
              const char  *resource_id,
              GError     **error)
{
  ScDbStmt *stmt;
  char *org_id = NULL;
  int rc;

  if (is_connection)
    stmt = sc_store_query (self, error, "SELECT org_id FROM connections WHERE id = ?1",
                           "s", resource_id);
  else
    stmt = sc_store_query (self, error, "SELECT org_id FROM workflows WHERE id = ?1",
                           "s", resource_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    org_id = g_strdup (sc_store_col_text (stmt, 0));
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, is_connection ? "connection" : "workflow");
  sc_db_stmt_reset (stmt);
  return org_id;
}

static gboolean
set_sharing (ScStore             *self,
             gboolean             is_connection,
             const char          *resource_id,
             const char          *actor_id,
             const ScSharingSpec *spec,
             GError             **error)
{
  g_autofree char *org_id = resource_org (self, is_connection, resource_id, error);
  g_autofree char *etag = sc_store_new_etag ();
  const char *general_access = sc_permission_to_string (spec->general_access);
  g_autoptr(JsonObject) details = json_object_new ();
  JsonArray *audit_grants = json_array_new ();
  gboolean ok;

  json_object_set_string_member (details, "general_access", general_access);
  json_object_set_array_member (details, "grants", audit_grants);

  if (org_id == NULL)
    return FALSE;

  if (is_connection)
    ok = sc_store_exec (self, error,
                        "UPDATE connections SET general_access = ?2, sharing_etag = ?3 WHERE id = ?1",
                        "sss", resource_id, general_access, etag) &&
         sc_store_exec (self, error, "DELETE FROM connection_grants WHERE connection_id = ?1",
                        "s", resource_id);
  else
    ok = sc_store_exec (self, error,
                        "UPDATE workflows SET general_access = ?2, sharing_etag = ?3 WHERE id = ?1",
                        "sss", resource_id, general_access, etag) &&
         sc_store_exec (self, error, "DELETE FROM workflow_grants WHERE workflow_id = ?1",
                        "s", resource_id);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < spec->grants->len; i++)
    {
      const ScGrant *grant = g_ptr_array_index (spec->grants, i);
      const char *permission = sc_permission_to_string (grant->permission);
      JsonObject *audit_grant = json_object_new ();

      if (grant->user_id == NULL)
        {
          g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                       "Grant %u names no user id", i);
          return FALSE;
        }

      json_object_set_string_member (audit_grant, "user_id", grant->user_id);
      json_object_set_string_member (audit_grant, "permission", permission);
      json_array_add_object_element (audit_grants, audit_grant);

      if (is_connection)
        ok = sc_store_exec (self, error,
                            "INSERT INTO connection_grants (connection_id, user_id, permission) "
                            "VALUES (?1, ?2, ?3)",
                            "sss", resource_id, grant->user_id, permission);
      else
        ok = sc_store_exec (self, error,
                            "INSERT INTO workflow_grants (workflow_id, user_id, permission) "
                            "VALUES (?1, ?2, ?3)",
                            "sss", resource_id, grant->user_id, permission);
      if (!ok)
        return FALSE;
    }

  return sc_store_audit (self, org_id, actor_id,
                         is_connection ? "connection.shared" : "workflow.shared",
                         is_connection ? "connection" : "workflow",
                         resource_id, details, error);
}

gboolean
sc_store_set_sharing (ScStore             *self,
                      gboolean             is_connection,
                      const char          *resource_id,
                      const char          *actor_id,
                      const ScSharingSpec *spec,
                      GError             **error)
{
  g_return_val_if_fail (spec != NULL, FALSE);
  SC_STORE_REQUIRE_TRANSACTION (self, FALSE);

  return set_sharing (self, is_connection, resource_id, actor_id, spec, error) &&
         sc_store_fault_point (self, "sharing", error);
}

/* connection_from_row () and whether every grantee of the workflow may
 * use it (column 3). */
static JsonObject *
shared_connection_from_row (ScDbStmt *stmt)
{
  JsonObject *item = connection_from_row (stmt);

  json_object_set_boolean_member (item, "shared", sc_store_col_int (stmt, 3) != 0);
  return item;
}

JsonArray *
sc_store_get_connections_shared (ScStore     *self,
                                 const char  *workflow_id,
                                 GError     **error)
{
  ScDbStmt *stmt;

  /* A grantee may use a connection as its owner, as an org admin, with a
   * grant of their own (run or manage) or through its general access; the
   * whole org may when its general access is not "none". */
  stmt = sc_store_query (self, error,
                         "SELECT c.id, c.service, c.name, "
                         "  (w.general_access = 'none' OR c.general_access <> 'none') "
                         "  AND NOT EXISTS ("
                         "    SELECT 1 FROM workflow_grants g "
                         "    LEFT JOIN memberships m ON m.user_id = g.user_id AND m.org_id = c.org_id "
                         "    LEFT JOIN connection_grants cg "
                         "      ON cg.connection_id = c.id AND cg.user_id = g.user_id "
                         "    WHERE g.workflow_id = w.id "
                         "      AND NOT (g.user_id = c.owner_id OR COALESCE (m.role = 'admin', FALSE) "
                         "               OR cg.permission IS NOT NULL OR c.general_access <> 'none')) "
                         "FROM workflows w "
                         "JOIN workflow_connections wc ON wc.workflow_id = w.id "
                         "JOIN connections c ON c.id = wc.connection_id "
                         "WHERE w.id = ?1 ORDER BY c.service, c.name, c.id",
                         "s", workflow_id);
  return sc_store_collect_rows (self, stmt, shared_connection_from_row, error);
}

/* --- connections ---------------------------------------------------------- */

static JsonObject *
listed_connection_from_row (ScDbStmt *stmt)
{
  JsonObject *item = json_object_new ();

  sc_store_set_text (item, "id", stmt, 0);
  sc_store_set_text (item, "name", stmt, 1);
  sc_store_set_text (item, "service", stmt, 2);
  sc_store_set_text (item, "permission", stmt, 3);
  return item;
}

JsonArray *
sc_store_list_connections (ScStore     *self,
                           const char  *org_id,
                           const char  *viewer_id,
                           gboolean     viewer_is_admin,
                           guint        limit,
                           gint64       before,
                           gint64      *next,
                           GError     **error)
{
  ScDbStmt *stmt;

  g_return_val_if_fail (limit > 0, NULL);

  /* connections have no seq column: their rowid (insertion order) is the
   * sort key, and the connections_org (org_id) index holds it in order */
  stmt = sc_store_query (self, error,
                         "SELECT c.id, c.name, c.service, "
                         "  CASE WHEN ?3 OR c.owner_id = ?2 THEN 'manage' "
                         "       ELSE COALESCE (g.permission, c.general_access) END, "
                         "  c.rowid "
                         "FROM connections c "
                         "LEFT JOIN connection_grants g ON g.connection_id = c.id AND g.user_id = ?2 "
                         "WHERE c.org_id = ?1 AND c.rowid < ?4 "
                         "ORDER BY c.rowid DESC LIMIT ?5",
                         "ssbii", org_id, viewer_id, viewer_is_admin,
                         before > 0 ? before : G_MAXINT64, (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, 4, listed_connection_from_row, next, error);
}

static JsonObject *
full_connection_from_row (ScDbStmt *stmt)
{
  JsonObject *connection = json_object_new ();

  sc_store_set_text (connection, "id", stmt, 0);
  sc_store_set_text (connection, "org_id", stmt, 1);
  sc_store_set_text (connection, "name", stmt, 2);
  sc_store_set_text (connection, "service", stmt, 3);
  sc_store_set_text (connection, "owner_id", stmt, 4);
  sc_store_set_text (connection, "general_access", stmt, 5);
  return connection;
}

JsonObject *
sc_store_get_connection (ScStore     *self,
                         const char  *connection_id,
                         GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         "SELECT id, org_id, name, service, owner_id, general_access "
                         "FROM connections WHERE id = ?1",
                         "s", connection_id);
  return sc_store_collect_one (self, stmt, full_connection_from_row, "connection", error);
}

char *
sc_store_create_connection (ScStore     *self,
                            const char  *org_id,
                            const char  *owner_id,
                            const char  *name,
                            const char  *service,
                            const char  *secret,
                            GError     **error)
{
  g_autofree char *id = sc_store_new_id ("con");
  g_autofree char *now = sc_store_now ();
  g_autofree char *sharing_etag = sc_store_new_etag ();

  if (!sc_store_exec (self, error,
                      "INSERT INTO connections (id, org_id, name, service, owner_id, secret, "
                      "  sharing_etag, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      "ssssssss", id, org_id, name, service, owner_id, secret, sharing_etag, now))
    return NULL;
  return g_steal_pointer (&id);
}

/* --- org members ---------------------------------------------------------- */

GHashTable *
sc_store_get_member_ids (ScStore     *self,
                         const char  *org_id,
                         GError     **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error, "SELECT user_id FROM memberships WHERE org_id = ?1",
                         "s", org_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    g_hash_table_add (ids, g_strdup (sc_store_col_text (stmt, 0)));
  sc_db_stmt_reset (stmt);

  return rc == SC_DB_DONE ? g_steal_pointer (&ids) : NULL;
}

char *
sc_store_find_member_by_email (ScStore     *self,
                               const char  *org_id,
                               const char  *email,
                               GError     **error)
{
  ScDbStmt *stmt;

  /* users.email is COLLATE NOCASE */
  stmt = sc_store_query (self, error,
                         "SELECT u.id FROM users u "
                         "JOIN memberships m ON m.user_id = u.id AND m.org_id = ?1 "
                         "WHERE u.email = ?2",
                         "ss", org_id, email);
  return sc_store_collect_text (self, stmt, error);
}

char *
sc_store_org_display_name (ScStore     *self,
                           const char  *org_id,
                           GError     **error)
{
  ScDbStmt *stmt;
  char *name = NULL;
  int rc;

  stmt = sc_store_query (self, error, "SELECT name FROM orgs WHERE id = ?1", "s", org_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    name = g_strdup (sc_store_col_text (stmt, 0));
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "organization");
  sc_db_stmt_reset (stmt);
  return name;
}
