/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include "sc-store-approvals.h"
#include "sc-store-private.h"

/* The columns every read of a request selects, in this order. The path's
 * current name wins over the one recorded at request time; a deleted path
 * leaves path_id NULL and the recorded name. */
#define REQUEST_COLUMNS \
  "SELECT r.id, r.state, r.workflow_id, w.name, r.release_id, rel.version, " \
  "       r.path_id, COALESCE (p.name, r.path_name), " \
  "       r.source_tag, r.source_org_id, so.name, " \
  "       r.target_tag, r.target_org_id, tor.name, " \
  "       r.requester_id, u.email, u.name, r.message, r.required_approvals, " \
  "       r.created_at, r.expires_at, r.seq " \
  "FROM approval_requests r " \
  "JOIN workflows w ON w.id = r.workflow_id " \
  "JOIN releases rel ON rel.id = r.release_id " \
  "LEFT JOIN paths p ON p.id = r.path_id " \
  "JOIN orgs so ON so.id = r.source_org_id " \
  "JOIN orgs tor ON tor.id = r.target_org_id " \
  "JOIN users u ON u.id = r.requester_id "

enum {
  COL_ID,
  COL_STATE,
  COL_WORKFLOW_ID,
  COL_WORKFLOW_NAME,
  COL_RELEASE_ID,
  COL_RELEASE_VERSION,
  COL_PATH_ID,
  COL_PATH_NAME,
  COL_SOURCE_TAG,
  COL_SOURCE_ORG_ID,
  COL_SOURCE_ORG_NAME,
  COL_TARGET_TAG,
  COL_TARGET_ORG_ID,
  COL_TARGET_ORG_NAME,
  COL_REQUESTER_ID,
  COL_REQUESTER_EMAIL,
  COL_REQUESTER_NAME,
  COL_MESSAGE,
  COL_REQUIRED,
  COL_CREATED_AT,
  COL_EXPIRES_AT,
  COL_SEQ,
};

static JsonObject *
stage_object (ScDbStmt *stmt,
              int           tag_column)
{
  JsonObject *stage = json_object_new ();

  sc_store_set_text (stage, "tag", stmt, tag_column);
  sc_store_set_text (stage, "org_id", stmt, tag_column + 1);
  sc_store_set_text (stage, "org_name", stmt, tag_column + 2);
  return stage;
}

static JsonObject *
decision_from_row (ScDbStmt *stmt)
{
  JsonObject *decision = json_object_new ();

  json_object_set_object_member (decision, "reviewer", sc_store_user_from_row (stmt, 0, TRUE));
  sc_store_set_text (decision, "decision", stmt, 3);
  sc_store_set_text (decision, "comment", stmt, 4);
  sc_store_set_text (decision, "at", stmt, 5);
  /* who decided, and in whose place when a delegate did (issue 9) */
  json_object_set_object_member (decision, "by", sc_store_user_from_row (stmt, 0, TRUE));
  if (sc_store_col_text (stmt, 6) != NULL)
    json_object_set_object_member (decision, "on_behalf_of",
                                   sc_store_user_from_row (stmt, 6, TRUE));
  else
    json_object_set_null_member (decision, "on_behalf_of");
  return decision;
}

static JsonArray *
read_decisions (ScStore     *self,
                const char  *request_id,
                GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         "SELECT d.reviewer_id, u.email, u.name, d.decision, d.comment, d.at, "
                         "       d.on_behalf_of, o.email, o.name "
                         "FROM approval_decisions d JOIN users u ON u.id = d.reviewer_id "
                         "LEFT JOIN users o ON o.id = d.on_behalf_of "
                         "WHERE d.request_id = ?1 ORDER BY d.at, d.rowid",
                         "s", request_id);
  return sc_store_collect_rows (self, stmt, decision_from_row, error);
}

/* The request of the current row, without its decisions. */
static JsonObject *
request_from_row (ScDbStmt *stmt)
{
  JsonObject *request = json_object_new ();
  JsonObject *workflow = json_object_new ();
  JsonObject *release = json_object_new ();
  JsonObject *path = json_object_new ();

  sc_store_set_text (request, "id", stmt, COL_ID);
  sc_store_set_text (request, "state", stmt, COL_STATE);

  sc_store_set_text (workflow, "id", stmt, COL_WORKFLOW_ID);
  sc_store_set_text (workflow, "name", stmt, COL_WORKFLOW_NAME);
  json_object_set_object_member (request, "workflow", workflow);

  sc_store_set_text (release, "id", stmt, COL_RELEASE_ID);
  json_object_set_int_member (release, "version", sc_store_col_int (stmt, COL_RELEASE_VERSION));
  json_object_set_object_member (request, "release", release);

  sc_store_set_text (path, "id", stmt, COL_PATH_ID);
  sc_store_set_text (path, "name", stmt, COL_PATH_NAME);
  json_object_set_object_member (request, "path", path);

  json_object_set_object_member (request, "source", stage_object (stmt, COL_SOURCE_TAG));
  json_object_set_object_member (request, "target", stage_object (stmt, COL_TARGET_TAG));
  json_object_set_object_member (request, "requester",
                                 sc_store_user_from_row (stmt, COL_REQUESTER_ID, TRUE));
  sc_store_set_text (request, "message", stmt, COL_MESSAGE);
  json_object_set_int_member (request, "required_approvals", sc_store_col_int (stmt, COL_REQUIRED));
  sc_store_set_text (request, "created_at", stmt, COL_CREATED_AT);
  sc_store_set_text (request, "expires_at", stmt, COL_EXPIRES_AT);

  return request;
}

/* Adds "decisions" to each request of @requests (after the statement that
 * read them is done: the decisions query must not run inside it). */
static gboolean
add_decisions (ScStore     *self,
               JsonArray   *requests,
               GError     **error)
{
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      JsonArray *decisions = read_decisions (self, json_object_get_string_member (request, "id"),
                                             error);

      if (decisions == NULL)
        return FALSE;
      json_object_set_array_member (request, "decisions", decisions);
    }
  return TRUE;
}

JsonObject *
sc_store_get_approval_request (ScStore     *self,
                               const char  *request_id,
                               GError     **error)
{
  g_autoptr(JsonObject) request = NULL;
  JsonArray *decisions;
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (request_id != NULL, NULL);

  stmt = sc_store_query (self, error, REQUEST_COLUMNS "WHERE r.id = ?1", "s", request_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    request = request_from_row (stmt);
  else if (rc == SC_DB_DONE)
    g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND,
                 "No approval request “%s”", request_id);
  sc_db_stmt_reset (stmt);
  if (request == NULL)
    return NULL;

  decisions = read_decisions (self, request_id, error);
  if (decisions == NULL)
    return NULL;
  json_object_set_array_member (request, "decisions", decisions);

  return g_steal_pointer (&request);
}

JsonArray *
sc_store_list_approval_requests (ScStore                *self,
                                 const ScApprovalFilter *filter,
                                 guint                   limit,
                                 gint64                  cursor,
                                 gint64                 *next_cursor,
                                 GError                **error)
{
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *now = NULL;
  ScDbStmt *stmt;

  g_return_val_if_fail (filter != NULL && filter->viewer_id != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  now = filter->now != NULL ? g_strdup (filter->now) : sc_store_now ();

  /* ?2 viewer, ?3 scope org, ?4 org (source or target), ?5 mine, ?6 effective state,
   * ?7 reviewable, ?8 now. A request is visible to its requester and to
   * the target org's admins and holders of one of its reviewer roles. */
  stmt = sc_store_query (self, error,
                         REQUEST_COLUMNS
                         "WHERE (?1 = 0 OR r.seq < ?1) "
                         "  AND (?3 IS NULL OR r.source_org_id = ?3 OR r.target_org_id = ?3) "
                         "  AND (r.requester_id = ?2 "
                         "       OR ((?3 IS NULL OR r.target_org_id = ?3) AND EXISTS ("
                         "             SELECT 1 FROM memberships m "
                         "             WHERE m.org_id = r.target_org_id AND m.user_id = ?2 "
                         "               AND (m.role = 'admin' OR m.role IN ("
                         "                     SELECT value FROM json_each (tor.policy, '$.reviewer_roles'))))) "
                         /* and a delegate of one of the target org's members (issue 9) */
                         "       OR ((?3 IS NULL OR r.target_org_id = ?3) AND EXISTS ("
                         "             SELECT 1 FROM delegations dv JOIN memberships mv "
                         "               ON mv.org_id = dv.org_id AND mv.user_id = ?2 "
                         "             WHERE dv.org_id = r.target_org_id AND dv.delegate_id = ?2))) "
                         "  AND (?4 IS NULL OR r.source_org_id = ?4 OR r.target_org_id = ?4) "
                         "  AND (?5 = 0 OR r.requester_id = ?2) "
                         "  AND (?6 IS NULL OR ?6 = CASE "
                         "         WHEN r.state IN ('pending', 'approved') AND r.expires_at <= ?8 "
                         "         THEN 'expired' ELSE r.state END) "
                         "  AND (?7 = 0 OR ("
                         "         r.state = 'pending' AND r.expires_at > ?8 "
                         "     AND r.requester_id <> ?2 "
                         "     AND (?3 IS NULL OR r.target_org_id = ?3) "
                         "     AND NOT EXISTS (SELECT 1 FROM approval_decisions d "
                         "                     WHERE d.request_id = r.id "
                         "                       AND (d.reviewer_id = ?2 OR d.on_behalf_of = ?2)) "
                         "     AND ((EXISTS (SELECT 1 FROM memberships m "
                         "                 WHERE m.org_id = r.target_org_id AND m.user_id = ?2 "
                         "                   AND m.role IN (SELECT value FROM json_each (tor.policy, '$.reviewer_roles'))) "
                         "     AND (COALESCE (json_array_length (tor.policy, '$.assignee_ids'), 0) = 0 "
                         "          OR ?2 IN (SELECT value FROM json_each (tor.policy, '$.assignee_ids')))) "
                         /* or in the place of a reviewer who named the viewer their
                          * delegate for now (sc_rules_check_delegated_decision) */
                         "       OR EXISTS (SELECT 1 FROM delegations dl JOIN memberships dm "
                         "                    ON dm.org_id = dl.org_id AND dm.user_id = dl.delegator_id "
                         "                  WHERE dl.org_id = r.target_org_id AND dl.delegate_id = ?2 "
                         "                    AND dl.starts_at <= ?8 AND dl.ends_at > ?8 "
                         "                    AND dl.delegator_id <> r.requester_id "
                         "                    AND dm.role IN (SELECT value FROM json_each (tor.policy, '$.reviewer_roles')) "
                         "                    AND (COALESCE (json_array_length (tor.policy, '$.assignee_ids'), 0) = 0 "
                         "                         OR dl.delegator_id IN (SELECT value FROM json_each (tor.policy, '$.assignee_ids'))) "
                         "                    AND NOT EXISTS (SELECT 1 FROM approval_decisions d2 "
                         "                                    WHERE d2.request_id = r.id "
                         "                                      AND (d2.reviewer_id = dl.delegator_id "
                         "                                           OR d2.on_behalf_of = dl.delegator_id)))))) "
                         "ORDER BY r.seq DESC LIMIT ?9",
                         "isssbsbsi",
                         cursor, filter->viewer_id, filter->scope_org_id, filter->org_id,
                         filter->mine,
                         filter->has_state ? sc_approval_state_to_string (filter->state) : NULL,
                         filter->reviewable, now, (gint64) limit + 1);
  items = sc_store_collect_page (self, stmt, limit, COL_SEQ, request_from_row, next_cursor, error);
  if (items == NULL || !add_decisions (self, items, error))
    return NULL;

  return g_steal_pointer (&items);
}

GHashTable *
sc_store_get_member_roles (ScStore     *self,
                           const char  *org_id,
                           GError     **error)
{
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error, "SELECT user_id, role FROM memberships WHERE org_id = ?1",
                         "s", org_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    g_hash_table_insert (roles, g_strdup (sc_store_col_text (stmt, 0)),
                         g_strdup (sc_store_col_text (stmt, 1)));
  sc_db_stmt_reset (stmt);

  return rc == SC_DB_DONE ? g_steal_pointer (&roles) : NULL;
}

static JsonObject *
open_request_from_row (ScDbStmt *stmt)
{
  JsonObject *request = json_object_new ();

  sc_store_set_text (request, "id", stmt, 0);
  sc_store_set_text (request, "state", stmt, 1);
  json_object_set_int_member (request, "required_approvals", sc_store_col_int (stmt, 2));
  json_object_set_int_member (request, "approvals", sc_store_col_int (stmt, 3));
  return request;
}

JsonObject *
sc_store_get_own_open_approval_request (ScStore     *self,
                                        const char  *workflow_id,
                                        const char  *path_id,
                                        const char  *target_tag,
                                        const char  *requester_id,
                                        const char  *now,
                                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *request;
  ScDbStmt *stmt;

  g_return_val_if_fail (workflow_id != NULL && path_id != NULL && target_tag != NULL, NULL);
  g_return_val_if_fail (requester_id != NULL && now != NULL, NULL);

  /* the unique index approval_requests_open allows one at most, but an
   * expired one may still be stored as open: the expiry decides */
  stmt = sc_store_query (self, error,
                         "SELECT r.id, r.state, r.required_approvals, "
                         "       (SELECT COUNT (*) FROM approval_decisions d "
                         "        WHERE d.request_id = r.id AND d.decision = 'approve') "
                         "FROM approval_requests r "
                         "WHERE r.workflow_id = ?1 AND r.path_id = ?2 "
                         "  AND r.target_tag = ?3 COLLATE NOCASE AND r.requester_id = ?4 "
                         "  AND r.state IN ('pending', 'approved') AND r.expires_at > ?5 "
                         "ORDER BY r.seq DESC LIMIT 1",
                         "sssss", workflow_id, path_id, target_tag, requester_id, now);
  if (stmt == NULL)
    return NULL;
  request = sc_store_collect_one (self, stmt, open_request_from_row, "open approval request",
                                  &local_error);
  if (request == NULL && !g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return request;
}

char *
sc_store_find_open_approval_request (ScStore     *self,
                                     const char  *workflow_id,
                                     const char  *path_id,
                                     const char  *target_tag,
                                     const char  *now,
                                     GError     **error)
{
  ScDbStmt *stmt;

  /* an expired request no longer holds the stage (the unique index
   * approval_requests_open only knows stored states) */
  if (!sc_store_exec (self, error,
                      "UPDATE approval_requests SET state = 'expired', updated_at = ?4 "
                      "WHERE workflow_id = ?1 AND path_id = ?2 AND target_tag = ?3 "
                      "  AND state IN ('pending', 'approved') AND expires_at <= ?4",
                      "ssss", workflow_id, path_id, target_tag, now))
    return NULL;

  stmt = sc_store_query (self, error,
                         "SELECT id FROM approval_requests "
                         "WHERE workflow_id = ?1 AND path_id = ?2 AND target_tag = ?3 "
                         "  AND state IN ('pending', 'approved')",
                         "sss", workflow_id, path_id, target_tag);
  return sc_store_collect_text (self, stmt, error);
}

char *
sc_store_insert_approval_request (ScStore                    *self,
                                  const ScApprovalRequestRow *row,
                                  GError                    **error)
{
  g_autofree char *id = sc_store_new_id ("apr");
  gint64 seq;

  g_return_val_if_fail (row != NULL, NULL);

  seq = sc_store_next_seq (self, "approval_requests", error);
  if (seq < 0)
    return NULL;

  if (!sc_store_exec (self, error,
                      "INSERT INTO approval_requests (id, seq, state, workflow_id, release_id, "
                      "  path_id, path_name, source_tag, source_org_id, target_tag, target_org_id, "
                      "  requester_id, message, required_approvals, created_at, expires_at, updated_at) "
                      "VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                      "        ?14, ?15, ?14)",
                      "sissssssssssiss",
                      id, seq, row->workflow_id, row->release_id, row->path_id, row->path_name,
                      row->source_tag, row->source_org_id, row->target_tag, row->target_org_id,
                      row->requester_id, row->message != NULL ? row->message : "",
                      (gint64) row->required_approvals, row->created_at, row->expires_at))
    return NULL;

  return g_steal_pointer (&id);
}

JsonObject *
sc_store_approval_event_data (JsonObject *request)
{
  static const char * const members[] = {
    "workflow", "release", "path", "source", "target", "requester",
  };
  JsonObject *data = json_object_new ();

  g_return_val_if_fail (request != NULL, NULL);

  json_object_set_string_member (data, "approval_request_id", json_object_get_string_member (request, "id"));
  json_object_set_string_member (data, "state", json_object_get_string_member (request, "state"));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    json_object_set_member (data, members[i],
                            json_node_copy (json_object_get_member (request, members[i])));
  return data;
}

/* Queues @kind for each member of the target org who may decide @request
 * under @policy, with @extra's members (nullable) added to the data. */
static gboolean
notify_reviewers (ScStore                *self,
                  JsonObject             *request,
                  const char             *target_org_id,
                  const char             *requester_id,
                  const ScApprovalPolicy *policy,
                  const char             *kind,
                  JsonObject             *extra,
                  guint                  *n_notified,
                  GError                **error)
{
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GList) user_ids = NULL;
  gboolean has_assignees = policy->assignee_ids != NULL && policy->assignee_ids[0] != NULL;

  *n_notified = 0;
  members = sc_store_get_member_roles (self, target_org_id, error);
  if (members == NULL)
    return FALSE;

  /* a stable order, so that the events' order follows the members' */
  user_ids = g_list_sort (g_hash_table_get_keys (members), (GCompareFunc) g_strcmp0);
  for (GList *l = user_ids; l != NULL; l = l->next)
    {
      const char *user_id = l->data;
      g_autoptr(JsonObject) data = NULL;
      ScRole role = SC_ROLE_NONE;

      if (g_strcmp0 (user_id, requester_id) == 0 ||
          !sc_role_from_string (g_hash_table_lookup (members, user_id), &role) ||
          !sc_approval_policy_has_role (policy, role) ||
          (has_assignees && !g_strv_contains ((const char * const *) policy->assignee_ids, user_id)))
        continue;

      data = sc_store_approval_event_data (request);
      if (extra != NULL)
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          json_object_iter_init (&iter, extra);
          while (json_object_iter_next (&iter, &name, &value))
            json_object_set_member (data, name, json_node_copy (value));
        }
      if (!sc_store_add_event (self, user_id, kind, data, error))
        return FALSE;
      (*n_notified)++;
    }

  return TRUE;
}

char *
sc_store_open_approval_request (ScStore                    *self,
                                const ScApprovalRequestRow *row,
                                const ScApprovalPolicy     *policy,
                                guint                      *n_notified,
                                GError                    **error)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) details = NULL;
  guint notified = 0;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (policy != NULL, NULL);
  SC_STORE_REQUIRE_TRANSACTION (self, NULL);

  id = sc_store_insert_approval_request (self, row, error);
  if (id == NULL)
    return NULL;
  request = sc_store_get_approval_request (self, id, error);
  if (request == NULL)
    return NULL;

  if (!notify_reviewers (self, request, row->target_org_id, row->requester_id, policy,
                         "approval_requested", NULL, &notified, error))
    return NULL;

  details = json_object_new ();
  json_object_set_string_member (details, "workflow_id", row->workflow_id);
  json_object_set_string_member (details, "release_id", row->release_id);
  json_object_set_int_member (details, "release_version",
                              json_object_get_int_member (json_object_get_object_member (request, "release"),
                                                          "version"));
  json_object_set_string_member (details, "path_id", row->path_id);
  json_object_set_string_member (details, "source_stage", row->source_tag);
  json_object_set_string_member (details, "source_org_id", row->source_org_id);
  json_object_set_string_member (details, "target_stage", row->target_tag);
  if (!sc_store_audit (self, row->target_org_id, row->requester_id, "approval.requested",
                       "approval_request", id, details, error))
    return NULL;

  if (n_notified != NULL)
    *n_notified = notified;
  return g_steal_pointer (&id);
}

gboolean
sc_store_notify_request_updated (ScStore                *self,
                                 const char             *request_id,
                                 const ScApprovalPolicy *policy,
                                 JsonObject             *actor,
                                 guint                  *n_notified,
                                 GError                **error)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) extra = json_object_new ();
  guint notified = 0;

  g_return_val_if_fail (request_id != NULL && policy != NULL && actor != NULL, FALSE);

  request = sc_store_get_approval_request (self, request_id, error);
  if (request == NULL)
    return FALSE;
  json_object_set_object_member (extra, "actor", json_object_ref (actor));
  if (!notify_reviewers (self, request,
                         json_object_get_string_member (json_object_get_object_member (request, "target"), "org_id"),
                         json_object_get_string_member (json_object_get_object_member (request, "requester"), "id"),
                         policy, "approval_updated", extra, &notified, error))
    return FALSE;
  if (n_notified != NULL)
    *n_notified = notified;
  return TRUE;
}

gboolean
sc_store_insert_approval_decision (ScStore     *self,
                                   const char  *request_id,
                                   const char  *reviewer_id,
                                   ScDecision   decision,
                                   const char  *comment,
                                   const char  *at,
                                   GError     **error)
{
  return sc_store_exec (self, error,
                        "INSERT INTO approval_decisions (request_id, reviewer_id, decision, comment, at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)",
                        "sssss", request_id, reviewer_id, sc_decision_to_string (decision),
                        comment != NULL ? comment : "", at);
}

gboolean
sc_store_set_approval_state (ScStore          *self,
                             const char       *request_id,
                             ScApprovalState   from,
                             ScApprovalState   to,
                             GError          **error)
{
  g_autofree char *now = sc_store_now ();
  ScDbStmt *stmt;
  gboolean exists = FALSE;

  if (!sc_store_exec (self, error,
                      "UPDATE approval_requests SET state = ?3, updated_at = ?4 "
                      "WHERE id = ?1 AND state = ?2",
                      "ssss", request_id, sc_approval_state_to_string (from),
                      sc_approval_state_to_string (to), now))
    return FALSE;
  if (sc_store_changes (self) == 1)
    return TRUE;

  stmt = sc_store_query (self, error, "SELECT 1 FROM approval_requests WHERE id = ?1", "s", request_id);
  if (stmt == NULL)
    return FALSE;
  exists = sc_store_step (self, stmt, error) == SC_DB_ROW;
  sc_db_stmt_reset (stmt);

  if (exists)
    g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_CONSTRAINT,
                 "Approval request “%s” is no longer %s", request_id,
                 sc_approval_state_to_string (from));
  else
    g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND,
                 "No approval request “%s”", request_id);
  return FALSE;
}

gint64
sc_store_get_last_event_seq (ScStore     *self,
                             const char  *user_id,
                             GError     **error)
{
  ScDbStmt *stmt;
  gint64 seq = -1;

  stmt = sc_store_query (self, error, "SELECT COALESCE (MAX (seq), 0) FROM events WHERE user_id = ?1",
                         "s", user_id);
  if (stmt == NULL)
    return -1;
  if (sc_store_step (self, stmt, error) == SC_DB_ROW)
    seq = sc_store_col_int (stmt, 0);
  sc_db_stmt_reset (stmt);

  return seq;
}

JsonArray *
sc_store_list_events_after (ScStore     *self,
                            const char  *user_id,
                            gint64       after,
                            guint        limit,
                            gint64      *last_seq,
                            GError     **error)
{
  g_autoptr(JsonArray) items = json_array_new ();
  ScDbStmt *stmt;
  int rc;

  *last_seq = after;
  stmt = sc_store_query (self, error,
                         "SELECT seq, id, kind, at, data FROM events "
                         "WHERE user_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                         "sii", user_id, after, (gint64) limit);
  if (stmt == NULL)
    return NULL;

  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    {
      JsonObject *event = json_object_new ();

      *last_seq = sc_store_col_int (stmt, 0);
      sc_store_set_text (event, "id", stmt, 1);
      sc_store_set_text (event, "kind", stmt, 2);
      sc_store_set_text (event, "at", stmt, 3);
      json_object_set_member (event, "data", sc_store_col_json (stmt, 4));
      json_array_add_object_element (items, event);
    }
  sc_db_stmt_reset (stmt);

  return rc == SC_DB_DONE ? g_steal_pointer (&items) : NULL;
}
