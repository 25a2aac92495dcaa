/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include <string.h>

#include "sc-store-private.h"
#include "sc-store-schedules.h"

static const char * const state_names[] = {
  [SC_SCHEDULE_PENDING] = "pending",
  [SC_SCHEDULE_SUCCEEDED] = "succeeded",
  [SC_SCHEDULE_FAILED] = "failed",
  [SC_SCHEDULE_CANCELLED] = "cancelled",
};

const char *
sc_schedule_state_to_string (ScScheduleState state)
{
  g_return_val_if_fail (state <= SC_SCHEDULE_CANCELLED, NULL);

  return state_names[state];
}

gboolean
sc_schedule_state_from_string (const char      *text,
                               ScScheduleState *state)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (strcmp (text, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* The columns every read of a schedule selects, in this order. The path's
 * current name wins over the one recorded when it was scheduled. */
#define SCHEDULE_COLUMNS \
  "SELECT s.id, s.state, s.run_at, s.workflow_id, w.name, s.release_id, rel.version, " \
  "       s.path_id, COALESCE (p.name, s.path_name), " \
  "       s.source_tag, s.source_org_id, so.name, " \
  "       s.target_tag, s.target_org_id, tor.name, " \
  "       s.approval_request_id, s.requester_id, u.email, u.name, " \
  "       s.created_at, s.finished_at, s.promotion_id, s.error_code, " \
  "       s.cancelled_by, cu.email, s.seq " \
  "FROM schedules s " \
  "JOIN workflows w ON w.id = s.workflow_id " \
  "JOIN releases rel ON rel.id = s.release_id " \
  "LEFT JOIN paths p ON p.id = s.path_id " \
  "JOIN orgs so ON so.id = s.source_org_id " \
  "JOIN orgs tor ON tor.id = s.target_org_id " \
  "JOIN users u ON u.id = s.requester_id " \
  "LEFT JOIN users cu ON cu.id = s.cancelled_by "

enum {
  COL_ID,
  COL_STATE,
  COL_RUN_AT,
  COL_WORKFLOW_ID,
  COL_WORKFLOW_NAME,
  COL_RELEASE_ID,
  COL_RELEASE_VERSION,
  COL_PATH_ID,
  COL_PATH_NAME,
  COL_SOURCE_TAG,
  COL_TARGET_TAG = COL_SOURCE_TAG + 3,
  COL_REQUEST_ID = COL_TARGET_TAG + 3,
  COL_REQUESTER_ID,
  COL_CREATED_AT = COL_REQUESTER_ID + 3,
  COL_FINISHED_AT,
  COL_PROMOTION_ID,
  COL_ERROR_CODE,
  COL_CANCELLED_BY,
  COL_SEQ = COL_CANCELLED_BY + 2,
};

/* {id, name} or {tag, org_id, org_name}: @n_columns text columns from
 * @column, named by @names. */
static JsonObject *
columns_object (ScDbStmt       *stmt,
                int                 column,
                const char * const *names)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; names[i] != NULL; i++)
    sc_store_set_text (object, names[i], stmt, column + i);
  return object;
}

static JsonObject *
schedule_from_row (ScDbStmt *stmt)
{
  static const char * const id_name[] = { "id", "name", NULL };
  static const char * const stage[] = { "tag", "org_id", "org_name", NULL };
  JsonObject *schedule = json_object_new ();
  JsonObject *release = json_object_new ();

  sc_store_set_text (schedule, "id", stmt, COL_ID);
  sc_store_set_text (schedule, "state", stmt, COL_STATE);
  sc_store_set_text (schedule, "run_at", stmt, COL_RUN_AT);
  json_object_set_object_member (schedule, "workflow", columns_object (stmt, COL_WORKFLOW_ID, id_name));
  sc_store_set_text (release, "id", stmt, COL_RELEASE_ID);
  json_object_set_int_member (release, "version", sc_store_col_int (stmt, COL_RELEASE_VERSION));
  json_object_set_object_member (schedule, "release", release);
  json_object_set_object_member (schedule, "path", columns_object (stmt, COL_PATH_ID, id_name));
  json_object_set_object_member (schedule, "source", columns_object (stmt, COL_SOURCE_TAG, stage));
  json_object_set_object_member (schedule, "target", columns_object (stmt, COL_TARGET_TAG, stage));
  sc_store_set_text (schedule, "approval_request_id", stmt, COL_REQUEST_ID);
  json_object_set_object_member (schedule, "requester",
                                 sc_store_user_from_row (stmt, COL_REQUESTER_ID, TRUE));
  sc_store_set_text (schedule, "created_at", stmt, COL_CREATED_AT);
  sc_store_set_text (schedule, "finished_at", stmt, COL_FINISHED_AT);
  sc_store_set_text (schedule, "promotion_id", stmt, COL_PROMOTION_ID);
  if (sc_store_col_text (stmt, COL_ERROR_CODE) != NULL)
    {
      JsonObject *failure = json_object_new ();

      sc_store_set_text (failure, "code", stmt, COL_ERROR_CODE);
      json_object_set_object_member (schedule, "error", failure);
    }
  else
    json_object_set_null_member (schedule, "error");
  if (sc_store_col_text (stmt, COL_CANCELLED_BY) != NULL)
    json_object_set_object_member (schedule, "cancelled_by",
                                   sc_store_user_from_row (stmt, COL_CANCELLED_BY, FALSE));
  else
    json_object_set_null_member (schedule, "cancelled_by");
  return schedule;
}

char *
sc_store_insert_schedule (ScStore              *self,
                          const ScScheduleRow  *row,
                          GError              **error)
{
  g_autofree char *id = sc_store_new_id ("sch");
  g_autofree char *now = sc_store_now ();
  gint64 seq;

  g_return_val_if_fail (SC_IS_STORE (self), NULL);
  g_return_val_if_fail (row != NULL, NULL);

  seq = sc_store_next_seq (self, "schedules", error);
  if (seq < 0)
    return NULL;
  if (!sc_store_exec (self, error,
                      "INSERT INTO schedules (id, seq, state, workflow_id, release_id, path_id, "
                      "  path_name, source_tag, source_org_id, target_tag, target_org_id, "
                      "  approval_request_id, requester_id, run_at, created_at) "
                      "VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                      "sissssssssssss", id, seq, row->workflow_id, row->release_id, row->path_id,
                      row->path_name, row->source_tag, row->source_org_id, row->target_tag,
                      row->target_org_id, row->approval_request_id, row->requester_id,
                      row->run_at, now))
    return NULL;
  return g_steal_pointer (&id);
}

JsonObject *
sc_store_get_schedule (ScStore     *self,
                       const char  *id,
                       GError     **error)
{
  ScDbStmt *stmt;

  g_return_val_if_fail (SC_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = sc_store_query (self, error, SCHEDULE_COLUMNS "WHERE s.id = ?1", "s", id);
  return sc_store_collect_one (self, stmt, schedule_from_row, "schedule", error);
}

JsonArray *
sc_store_list_schedules (ScStore     *self,
                         const char  *org_id,
                         const char  *requester_id,
                         const char  *state,
                         guint        limit,
                         gint64       cursor,
                         gint64      *next_cursor,
                         GError     **error)
{
  ScDbStmt *stmt;

  g_return_val_if_fail (SC_IS_STORE (self), NULL);
  g_return_val_if_fail (org_id != NULL || requester_id != NULL, NULL);

  stmt = sc_store_query (self, error,
                         SCHEDULE_COLUMNS
                         "WHERE (?1 IS NULL OR s.source_org_id = ?1 OR s.target_org_id = ?1) "
                         "  AND (?2 IS NULL OR s.requester_id = ?2) "
                         "  AND (?3 IS NULL OR s.state = ?3) "
                         "  AND (?4 = 0 OR s.seq < ?4) "
                         "ORDER BY s.seq DESC LIMIT ?5",
                         "sssii", org_id, requester_id, state, cursor, (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, COL_SEQ, schedule_from_row, next_cursor,
                                error);
}

static JsonObject *
due_from_row (ScDbStmt *stmt)
{
  static const char * const names[] = {
    "id", "requester_id", "release_id", "path_id", "target_tag", "approval_request_id",
    "source_org_id", "target_org_id", NULL
  };

  return columns_object (stmt, 0, names);
}

JsonObject *
sc_store_next_due_schedule (ScStore     *self,
                            const char  *now,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  ScDbStmt *stmt;
  JsonObject *due;

  g_return_val_if_fail (SC_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  stmt = sc_store_query (self, &local_error,
                         "SELECT id, requester_id, release_id, path_id, target_tag, "
                         "       approval_request_id, source_org_id, target_org_id "
                         "FROM schedules WHERE state = 'pending' AND run_at <= ?1 "
                         "ORDER BY run_at, seq LIMIT 1",
                         "s", now);
  due = sc_store_collect_one (self, stmt, due_from_row, "schedule", &local_error);
  if (due == NULL && !g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return due;
}

char *
sc_store_next_schedule_time (ScStore  *self,
                             GError  **error)
{
  ScDbStmt *stmt;

  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  stmt = sc_store_query (self, error,
                         "SELECT MIN (run_at) FROM schedules WHERE state = 'pending'", "");
  return sc_store_collect_text (self, stmt, error);
}

gboolean
sc_store_finish_schedule (ScStore          *self,
                          const char       *id,
                          ScScheduleState   state,
                          const char       *promotion_id,
                          const char       *error_code,
                          const char       *cancelled_by,
                          gboolean         *changed,
                          GError          **error)
{
  g_autofree char *now = sc_store_now ();

  g_return_val_if_fail (SC_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (state != SC_SCHEDULE_PENDING, FALSE);

  if (!sc_store_exec (self, error,
                      "UPDATE schedules SET state = ?2, finished_at = ?3, promotion_id = ?4, "
                      "  error_code = ?5, cancelled_by = ?6 "
                      "WHERE id = ?1 AND state = 'pending'",
                      "ssssss", id, sc_schedule_state_to_string (state), now, promotion_id,
                      error_code, cancelled_by))
    return FALSE;
  if (changed != NULL)
    *changed = sc_store_changes (self) > 0;
  return TRUE;
}
