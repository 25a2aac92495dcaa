/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include "sc-store-orgs.h"
#include "sc-store-private.h"
#include "sc-violations.h"

/* Orgs, users and mappings have no seq column: their lists page by rowid,
 * which SQLite hands out in insertion order and which the server never
 * renumbers (it never runs VACUUM). Lists by name page by (name, rowid)
 * with the rowid of the last row as the cursor. */

/* The sort name of the row @cursor points at: NULL when it is gone (the
 * page after it is then empty). FALSE only when the query fails. */
static gboolean
cursor_name (ScStore     *self,
             const char  *sql,
             gint64       cursor,
             char       **name,
             GError     **error)
{
  ScDbStmt *stmt;
  int rc;

  *name = NULL;
  if (cursor == 0)
    {
      *name = g_strdup ("");
      return TRUE;
    }

  stmt = sc_store_query (self, error, sql, "i", cursor);
  if (stmt == NULL)
    return FALSE;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    *name = g_strdup (sc_store_col_text (stmt, 0));
  sc_db_stmt_reset (stmt);
  return rc >= 0;
}

static ScApprovalPolicy *
policy_from_text (const char *org_id,
                  const char *text)
{
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;

  /* The column holds the API shape, so merging it into the default reads
   * every member back. */
  if (!json_parser_load_from_data (parser, text != NULL ? text : "", -1, &error) ||
      !sc_approval_policy_merge_json (policy, json_parser_get_root (parser), "", violations,
                                      &error))
    g_warning ("The stored approval policy of %s does not parse: %s", org_id, error->message);
  else if (violations->len > 0)
    g_warning ("The stored approval policy of %s is not valid: %s", org_id,
               sc_violations_first_reason (violations));

  return g_steal_pointer (&policy);
}

/* Parsed policies by their stored text: a promotion reads the target's
 * policy each time, and parsing it (json-glib, then the merge) cost more
 * than the rest of the org's reads. Keyed by the text itself, so that a
 * changed policy is a new entry, never a stale one; bounded. */
#define POLICY_CACHE_MAX 256
static GMutex policy_cache_lock;
static GHashTable *policy_cache; /* text → ScApprovalPolicy */

static ScApprovalPolicy *
policy_from_text_cached (const char *org_id,
                         const char *text)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&policy_cache_lock);
  ScApprovalPolicy *policy;

  if (text == NULL)
    text = "";
  if (policy_cache == NULL)
    policy_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) sc_approval_policy_free);
  policy = g_hash_table_lookup (policy_cache, text);
  if (policy == NULL)
    {
      policy = policy_from_text (org_id, text);
      if (g_hash_table_size (policy_cache) >= POLICY_CACHE_MAX)
        g_hash_table_remove_all (policy_cache);
      g_hash_table_insert (policy_cache, g_strdup (text), policy);
    }
  return sc_approval_policy_copy (policy);
}

JsonObject *
sc_store_get_org (ScStore     *self,
                  const char  *org_id,
                  GError     **error)
{
  g_autoptr(ScApprovalPolicy) policy = NULL;
  JsonObject *org = NULL;
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error,
                         "SELECT id, name, type, policy, etag FROM orgs WHERE id = ?1",
                         "s", org_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      org = json_object_new ();
      sc_store_set_text (org, "id", stmt, 0);
      sc_store_set_text (org, "name", stmt, 1);
      sc_store_set_text (org, "type", stmt, 2);
      policy = policy_from_text_cached (org_id, sc_store_col_text (stmt, 3));
      json_object_set_member (org, "approval_policy", sc_approval_policy_to_json (policy));
      sc_store_set_text (org, "etag", stmt, 4);
    }
  else if (rc == SC_DB_DONE)
    {
      sc_store_set_not_found (error, "org");
    }
  sc_db_stmt_reset (stmt);

  return org;
}

ScApprovalPolicy *
sc_store_get_org_policy (ScStore     *self,
                         const char  *org_id,
                         GError     **error)
{
  ScApprovalPolicy *policy = NULL;
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error, "SELECT policy FROM orgs WHERE id = ?1", "s", org_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    policy = policy_from_text_cached (org_id, sc_store_col_text (stmt, 0));
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "org");
  sc_db_stmt_reset (stmt);

  return policy;
}

gboolean
sc_store_update_org (ScStore                 *self,
                     const char              *org_id,
                     const char              *expected_etag,
                     const char              *actor_id,
                     gboolean                 set_type,
                     ScOrgType                type,
                     const ScApprovalPolicy  *policy,
                     JsonObject              *details,
                     char                   **etag_out,
                     GError                 **error)
{
  g_autofree char *etag = sc_store_new_etag ();
  g_autofree char *policy_text = NULL;
  gboolean ok;

  SC_STORE_REQUIRE_TRANSACTION (self, FALSE);

  if (policy != NULL)
    {
      g_autoptr(JsonNode) node = sc_approval_policy_to_json (policy);

      policy_text = sc_store_json_text (node);
    }

  /* only over the version the caller read: another writer (another
   * server instance too) may have come between its read and this */
  ok = sc_store_exec (self, error,
                      "UPDATE orgs SET type = CASE WHEN ?2 THEN ?3 ELSE type END, "
                      "                policy = COALESCE (?4, policy), etag = ?5 "
                      "WHERE id = ?1 AND (CAST (?6 AS TEXT) IS NULL OR etag = ?6)",
                      "sbssss", org_id, set_type, sc_org_type_to_string (type), policy_text, etag,
                      expected_etag);
  if (ok && sc_store_changes (self) == 0)
    {
      g_autofree char *exists = sc_store_collect_text (self,
                                                       sc_store_query (self, error,
                                                                       "SELECT id FROM orgs WHERE id = ?1",
                                                                       "s", org_id),
                                                       error);

      if (exists != NULL)
        g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_CHANGED, "The org changed");
      else if (error == NULL || *error == NULL)
        sc_store_set_not_found (error, "org");
      ok = FALSE;
    }
  ok = ok &&
       sc_store_fault_point (self, "org.update", error) &&
       sc_store_audit (self, org_id, actor_id, "org.updated", "org", org_id, details, error);
  if (!ok)
    return FALSE;

  if (etag_out != NULL)
    *etag_out = g_steal_pointer (&etag);
  return TRUE;
}

gboolean
sc_store_set_org_policy (ScStore                 *self,
                         const char              *org_id,
                         const ScApprovalPolicy  *policy,
                         GError                 **error)
{
  g_autofree char *etag = sc_store_new_etag ();
  g_autoptr(JsonNode) node = sc_approval_policy_to_json (policy);
  g_autofree char *policy_text = sc_store_json_text (node);

  SC_STORE_REQUIRE_TRANSACTION (self, FALSE);

  if (!sc_store_exec (self, error, "UPDATE orgs SET policy = ?2, etag = ?3 WHERE id = ?1",
                      "sss", org_id, policy_text, etag))
    return FALSE;
  if (sc_store_changes (self) == 0)
    {
      sc_store_set_not_found (error, "org");
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
org_from_row (ScDbStmt *stmt)
{
  JsonObject *org = json_object_new ();

  sc_store_set_text (org, "id", stmt, 1);
  sc_store_set_text (org, "name", stmt, 2);
  sc_store_set_text (org, "type", stmt, 3);
  return org;
}

/* org_from_row () and the caller's role in it (column 4). */
static JsonObject *
user_org_from_row (ScDbStmt *stmt)
{
  JsonObject *org = org_from_row (stmt);

  sc_store_set_text (org, "role", stmt, 4);
  return org;
}

JsonArray *
sc_store_list_user_orgs (ScStore     *self,
                         const char  *user_id,
                         const char  *only_org_id,
                         guint        limit,
                         gint64       cursor,
                         gint64      *next_cursor,
                         GError     **error)
{
  g_autofree char *after = NULL;
  ScDbStmt *stmt;

  *next_cursor = 0;
  if (!cursor_name (self, "SELECT name FROM orgs WHERE rowid = ?1", cursor, &after, error))
    return NULL;
  if (after == NULL)
    return json_array_new ();

  stmt = sc_store_query (self, error,
                         "SELECT o.rowid, o.id, o.name, o.type, m.role "
                         "FROM memberships m JOIN orgs o ON o.id = m.org_id "
                         "WHERE m.user_id = ?1 AND (?2 IS NULL OR o.id = ?2) "
                         "  AND (o.name COLLATE NOCASE, o.rowid) > (?3, ?4) "
                         "ORDER BY o.name COLLATE NOCASE, o.rowid LIMIT ?5",
                         "sssii", user_id, only_org_id, after, cursor, (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, 0, user_org_from_row, next_cursor, error);
}

JsonArray *
sc_store_list_orgs (ScStore  *self,
                    guint     limit,
                    gint64    cursor,
                    gint64   *next_cursor,
                    GError  **error)
{
  g_autofree char *after = NULL;
  ScDbStmt *stmt;

  *next_cursor = 0;
  if (!cursor_name (self, "SELECT name FROM orgs WHERE rowid = ?1", cursor, &after, error))
    return NULL;
  if (after == NULL)
    return json_array_new ();

  stmt = sc_store_query (self, error,
                         "SELECT rowid, id, name, type FROM orgs "
                         "WHERE (name COLLATE NOCASE, rowid) > (?1, ?2) "
                         "ORDER BY name COLLATE NOCASE, rowid LIMIT ?3",
                         "sii", after, cursor, (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, 0, org_from_row, next_cursor, error);
}

static JsonObject *
member_from_row (ScDbStmt *stmt)
{
  JsonObject *member = json_object_new ();

  sc_store_set_text (member, "user_id", stmt, 1);
  sc_store_set_text (member, "email", stmt, 2);
  sc_store_set_text (member, "name", stmt, 3);
  sc_store_set_text (member, "role", stmt, 4);
  return member;
}

JsonArray *
sc_store_list_members (ScStore     *self,
                       const char  *org_id,
                       guint        limit,
                       gint64       cursor,
                       gint64      *next_cursor,
                       GError     **error)
{
  g_autofree char *after = NULL;
  ScDbStmt *stmt;

  *next_cursor = 0;
  if (!cursor_name (self, "SELECT name FROM users WHERE rowid = ?1", cursor, &after, error))
    return NULL;
  if (after == NULL)
    return json_array_new ();

  stmt = sc_store_query (self, error,
                         "SELECT u.rowid, u.id, u.email, u.name, m.role "
                         "FROM memberships m JOIN users u ON u.id = m.user_id "
                         "WHERE m.org_id = ?1 AND (u.name COLLATE NOCASE, u.rowid) > (?2, ?3) "
                         "ORDER BY u.name COLLATE NOCASE, u.rowid LIMIT ?4",
                         "ssii", org_id, after, cursor, (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, 0, member_from_row, next_cursor, error);
}

static JsonObject *
mapping_from_row (ScDbStmt *stmt)
{
  JsonObject *mapping = json_object_new ();

  sc_store_set_text (mapping, "id", stmt, 1);
  sc_store_set_text (mapping, "source_org_id", stmt, 2);
  sc_store_set_text (mapping, "source_org_name", stmt, 3);
  sc_store_set_text (mapping, "target_org_id", stmt, 4);
  sc_store_set_text (mapping, "target_org_name", stmt, 5);
  sc_store_set_text (mapping, "relation", stmt, 6);
  return mapping;
}

#define MAPPING_COLUMNS \
  "SELECT m.rowid, m.id, m.source_org_id, s.name, m.target_org_id, t.name, m.relation " \
  "FROM mappings m JOIN orgs s ON s.id = m.source_org_id JOIN orgs t ON t.id = m.target_org_id "

JsonObject *
sc_store_get_mapping (ScStore     *self,
                      const char  *mapping_id,
                      GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error, MAPPING_COLUMNS "WHERE m.id = ?1", "s", mapping_id);
  return sc_store_collect_one (self, stmt, mapping_from_row, "mapping", error);
}

JsonArray *
sc_store_list_mappings (ScStore     *self,
                        const char  *org_id,
                        guint        limit,
                        gint64       cursor,
                        gint64      *next_cursor,
                        GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         MAPPING_COLUMNS
                         "WHERE (m.source_org_id = ?1 OR m.target_org_id = ?1) AND m.rowid < ?2 "
                         "ORDER BY m.rowid DESC LIMIT ?3",
                         "sii", org_id, cursor > 0 ? cursor : G_MAXINT64, (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, 0, mapping_from_row, next_cursor, error);
}

JsonObject *
sc_store_add_mapping (ScStore     *self,
                      const char  *source_org_id,
                      const char  *target_org_id,
                      ScRelation   relation,
                      const char  *actor_id,
                      GError     **error)
{
  g_autofree char *id = sc_store_new_id ("map");
  g_autofree char *now = sc_store_now ();
  g_autoptr(JsonObject) mapping = NULL;
  gboolean ok;

  SC_STORE_REQUIRE_TRANSACTION (self, NULL);

  ok = sc_store_exec (self, error,
                      "INSERT INTO mappings (id, source_org_id, target_org_id, relation, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)",
                      "sssss", id, source_org_id, target_org_id,
                      sc_relation_to_string (relation), now) &&
       (mapping = sc_store_get_mapping (self, id, error)) != NULL &&
       sc_store_fault_point (self, "mapping.create", error) &&
       sc_store_audit (self, source_org_id, actor_id, "mapping.created", "mapping", id,
                       mapping, error);
  if (!ok)
    return NULL;

  return g_steal_pointer (&mapping);
}

gboolean
sc_store_delete_mapping (ScStore     *self,
                         const char  *mapping_id,
                         const char  *actor_id,
                         GError     **error)
{
  g_autoptr(JsonObject) mapping = NULL;

  SC_STORE_REQUIRE_TRANSACTION (self, FALSE);

  return (mapping = sc_store_get_mapping (self, mapping_id, error)) != NULL &&
         sc_store_exec (self, error, "DELETE FROM mappings WHERE id = ?1", "s", mapping_id) &&
         sc_store_fault_point (self, "mapping.delete", error) &&
         sc_store_audit (self, json_object_get_string_member (mapping, "source_org_id"), actor_id,
                         "mapping.deleted", "mapping", mapping_id, mapping, error);
}

static JsonObject *
audit_event_from_row (ScDbStmt *stmt)
{
  JsonObject *event = json_object_new ();
  JsonObject *target = json_object_new ();

  sc_store_set_text (event, "id", stmt, 1);
  sc_store_set_text (event, "action", stmt, 2);
  if (sc_store_col_text (stmt, 3) != NULL)
    json_object_set_object_member (event, "actor", sc_store_user_from_row (stmt, 3, FALSE));
  else
    {
      /* written by the command line, not by a user of the API */
      json_object_set_null_member (event, "actor");
    }
  sc_store_set_text (target, "type", stmt, 5);
  sc_store_set_text (target, "id", stmt, 6);
  json_object_set_object_member (event, "target", target);
  json_object_set_member (event, "details", sc_store_col_json (stmt, 7));
  sc_store_set_text (event, "at", stmt, 8);
  return event;
}

JsonArray *
sc_store_list_audit (ScStore             *self,
                     const char          *org_id,
                     const ScAuditFilter *filter,
                     guint                limit,
                     gint64               cursor,
                     gint64              *next_cursor,
                     GError             **error)
{
  static const ScAuditFilter none = { NULL };
  ScDbStmt *stmt;

  if (filter == NULL)
    filter = &none;
  /* one statement for every combination: a NULL parameter selects all */
  stmt = sc_store_query (self, error,
                         "SELECT a.seq, a.id, a.action, a.actor_id, u.email, a.target_type, "
                         "       a.target_id, a.details, a.at "
                         "FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id "
                         "WHERE a.org_id = ?1 AND a.seq < ?2 "
                         "  AND (?4 IS NULL OR instr (?4, ',' || a.action || ',') > 0) "
                         "  AND (?5 IS NULL OR a.actor_id = ?5 OR lower (u.email) = lower (?5)) "
                         "  AND (?6 IS NULL OR a.target_type = ?6) "
                         "  AND (?7 IS NULL OR a.target_id = ?7) "
                         "  AND (?8 IS NULL OR a.at >= ?8) "
                         "  AND (?9 IS NULL OR a.at < ?9) "
                         "ORDER BY a.seq DESC LIMIT ?3",
                         "siissssss", org_id, cursor > 0 ? cursor : G_MAXINT64,
                         (gint64) limit + 1, filter->actions, filter->actor,
                         filter->target_type, filter->target_id, filter->since, filter->until);
  return sc_store_collect_page (self, stmt, limit, 0, audit_event_from_row, next_cursor, error);
}
