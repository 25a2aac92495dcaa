/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include "sc-store-private.h"
#include "sc-store-review.h"

/* sc-store-review.h over the ScDb driver: each operation one plain
 * statement (prepare, bind, step, columns). */

gboolean
sc_store_record_request_target (ScStore     *self,
                                       const char  *request_id,
                                       const char  *target_workflow_id,
                                       const char  *target_etag,
                                       GError     **error)
{
  return sc_store_exec (self, error,
                        "UPDATE approval_requests SET target_recorded = 1, "
                        "  target_workflow_id = ?2, target_etag = ?3 WHERE id = ?1",
                        "sss", request_id, target_workflow_id, target_etag);
}

gboolean
sc_store_get_request_target (ScStore     *self,
                                    const char  *request_id,
                                    gboolean    *recorded,
                                    char       **target_workflow_id,
                                    char       **target_etag,
                                    GError     **error)
{
  ScDbStmt *stmt;
  int rc;

  *recorded = FALSE;
  *target_workflow_id = NULL;
  *target_etag = NULL;
  stmt = sc_store_query (self, error,
                         "SELECT target_recorded, target_workflow_id, target_etag "
                         "FROM approval_requests WHERE id = ?1",
                         "s", request_id);
  if (stmt == NULL)
    return FALSE;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      *recorded = sc_store_col_int (stmt, 0) != 0;
      *target_workflow_id = g_strdup (sc_store_col_text (stmt, 1));
      *target_etag = g_strdup (sc_store_col_text (stmt, 2));
    }
  else if (rc == SC_DB_DONE)
    {
      sc_store_set_not_found (error, "approval request");
    }
  sc_db_stmt_reset (stmt);
  return rc == SC_DB_ROW;
}

gboolean
sc_store_set_decision_on_behalf_of (ScStore     *self,
                                           const char  *request_id,
                                           const char  *reviewer_id,
                                           const char  *on_behalf_of,
                                           GError     **error)
{
  return sc_store_exec (self, error,
                        "UPDATE approval_decisions SET on_behalf_of = ?3 "
                        "WHERE request_id = ?1 AND reviewer_id = ?2",
                        "sss", request_id, reviewer_id, on_behalf_of);
}

#define DELEGATION_COLUMNS \
  "SELECT d.id, d.org_id, d.delegator_id, a.email, a.name, d.delegate_id, b.email, b.name, " \
  "       d.starts_at, d.ends_at, d.created_at, d.seq " \
  "FROM delegations d JOIN users a ON a.id = d.delegator_id " \
  "JOIN users b ON b.id = d.delegate_id "

static JsonObject *
delegation_from_row (ScDbStmt *stmt)
{
  JsonObject *delegation = json_object_new ();

  sc_store_set_text (delegation, "id", stmt, 0);
  sc_store_set_text (delegation, "org_id", stmt, 1);
  json_object_set_object_member (delegation, "delegator", sc_store_user_from_row (stmt, 2, TRUE));
  json_object_set_object_member (delegation, "delegate", sc_store_user_from_row (stmt, 5, TRUE));
  sc_store_set_text (delegation, "from", stmt, 8);
  sc_store_set_text (delegation, "until", stmt, 9);
  sc_store_set_text (delegation, "created_at", stmt, 10);
  json_object_set_int_member (delegation, "seq", sc_store_col_int (stmt, 11));
  return delegation;
}

char *
sc_store_insert_delegation (ScStore     *self,
                                   const char  *org_id,
                                   const char  *delegator_id,
                                   const char  *delegate_id,
                                   const char  *from,
                                   const char  *until,
                                   const char  *created_at,
                                   GError     **error)
{
  g_autofree char *id = sc_store_new_id ("dlg");
  gint64 seq = sc_store_next_seq (self, "delegations", error);

  if (seq < 0)
    return NULL;
  if (!sc_store_exec (self, error,
                      "INSERT INTO delegations (id, seq, org_id, delegator_id, delegate_id, "
                      "  starts_at, ends_at, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      "sissssss", id, seq, org_id, delegator_id, delegate_id, from, until,
                      created_at))
    return NULL;
  return g_steal_pointer (&id);
}

JsonObject *
sc_store_get_delegation (ScStore     *self,
                                const char  *delegation_id,
                                GError     **error)
{
  ScDbStmt *stmt = sc_store_query (self, error, DELEGATION_COLUMNS "WHERE d.id = ?1",
                                       "s", delegation_id);

  return sc_store_collect_one (self, stmt, delegation_from_row, "delegation", error);
}

JsonArray *
sc_store_list_delegations (ScStore     *self,
                                  const char  *org_id,
                                  guint        limit,
                                  gint64       cursor,
                                  gint64      *next_seq,
                                  GError     **error)
{
  ScDbStmt *stmt;
  JsonArray *items;
  guint length;

  *next_seq = 0;
  /* one more than a page: whether there is a next one */
  stmt = sc_store_query (self, error,
                         DELEGATION_COLUMNS
                         "WHERE d.org_id = ?1 AND (?2 = 0 OR d.seq < ?2) "
                         "ORDER BY d.seq DESC LIMIT ?3",
                         "sii", org_id, cursor, (gint64) limit + 1);
  items = sc_store_collect_rows (self, stmt, delegation_from_row, error);
  if (items == NULL)
    return NULL;

  length = json_array_get_length (items);
  if (length > limit)
    {
      json_array_remove_element (items, limit);
      *next_seq = json_object_get_int_member (json_array_get_object_element (items, limit - 1),
                                              "seq");
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    json_object_remove_member (json_array_get_object_element (items, i), "seq");
  return items;
}

JsonArray *
sc_store_list_delegations_to (ScStore     *self,
                                     const char  *org_id,
                                     const char  *delegate_id,
                                     GError     **error)
{
  ScDbStmt *stmt = sc_store_query (self, error,
                                       DELEGATION_COLUMNS
                                       "WHERE d.org_id = ?1 AND d.delegate_id = ?2 "
                                       "ORDER BY d.seq",
                                       "ss", org_id, delegate_id);

  return sc_store_collect_rows (self, stmt, delegation_from_row, error);
}

gboolean
sc_store_delete_delegation (ScStore     *self,
                                   const char  *delegation_id,
                                   GError     **error)
{
  if (!sc_store_exec (self, error, "DELETE FROM delegations WHERE id = ?1", "s", delegation_id))
    return FALSE;
  if (sc_store_changes (self) == 0)
    {
      sc_store_set_not_found (error, "delegation");
      return FALSE;
    }
  return TRUE;
}
