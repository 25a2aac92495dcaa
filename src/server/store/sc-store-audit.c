/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include "sc-clock.h"
#include "sc-store-private.h"

static char *
object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  if (object != NULL)
    json_node_set_object (node, object);
  else
    json_node_take_object (node, json_object_new ());
  return sc_store_json_text (node);
}

gboolean
sc_store_audit_text (ScStore     *self,
                     const char  *org_id,
                     const char  *actor_id,
                     const char  *action,
                     const char  *target_type,
                     const char  *target_id,
                     const char  *details_text,
                     GError     **error)
{
  g_autofree char *id = sc_store_new_id ("aud");
  g_autofree char *now = sc_store_now ();

  g_return_val_if_fail (details_text != NULL, FALSE);

  /* an audit row is written with the work it records */
  SC_STORE_REQUIRE_TRANSACTION (self, FALSE);

  return sc_store_exec (self, error,
                        "INSERT INTO audit_events (id, org_id, actor_id, action, target_type, "
                        "                          target_id, details, at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        "ssssssss", id, org_id, actor_id, action, target_type, target_id,
                        details_text, now);
}

gboolean
sc_store_audit (ScStore     *self,
                const char  *org_id,
                const char  *actor_id,
                const char  *action,
                const char  *target_type,
                const char  *target_id,
                JsonObject  *details,
                GError     **error)
{
  g_autofree char *text = object_text (details);

  return sc_store_audit_text (self, org_id, actor_id, action, target_type, target_id, text,
                              error);
}

gboolean
sc_store_add_event (ScStore     *self,
                    const char  *user_id,
                    const char  *kind,
                    JsonObject  *data,
                    GError     **error)
{
  g_autofree char *text = object_text (data);

  return sc_store_add_event_text (self, user_id, kind, text, error);
}

gboolean
sc_store_add_event_text (ScStore     *self,
                         const char  *user_id,
                         const char  *kind,
                         const char  *text,
                         GError     **error)
{
  g_autofree char *id = sc_store_new_id ("evt");
  g_autofree char *now = sc_store_now ();

  g_return_val_if_fail (text != NULL, FALSE);

  return sc_store_exec (self, error,
                        /* seq in commit order, which the feed's cursors
                         * rely on: two transactions that would take the
                         * same one on PostgreSQL conflict and one runs
                         * again (SQLite has one writer at a time) */
                        "INSERT INTO events (seq, id, user_id, kind, data, at) "
                        "VALUES ((SELECT COALESCE (MAX (seq), 0) + 1 FROM events), "
                        "        ?1, ?2, ?3, ?4, ?5)",
                        "sssss", id, user_id, kind, text, now);
}

gboolean
sc_store_idempotency_lookup (ScStore     *self,
                             const char  *user_id,
                             const char  *endpoint,
                             const char  *key,
                             guint       *status,
                             char       **body,
                             GError     **error)
{
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(GDateTime) day_ago = g_date_time_add_days (now, -1);
  g_autofree char *cutoff = sc_time_format (day_ago);
  ScDbStmt *stmt;
  gboolean found = FALSE;

  stmt = sc_store_query (self, error,
                         "SELECT status, body FROM idempotency "
                         "WHERE user_id = ?1 AND endpoint = ?2 AND key = ?3 AND created_at > ?4",
                         "ssss", user_id, endpoint, key, cutoff);
  if (stmt == NULL)
    return FALSE;
  if (sc_store_step (self, stmt, error) == SC_DB_ROW)
    {
      *status = sc_store_col_int (stmt, 0);
      *body = g_strdup (sc_store_col_text (stmt, 1));
      found = TRUE;
    }
  sc_db_stmt_reset (stmt);
  return found;
}

gboolean
sc_store_idempotency_save (ScStore     *self,
                           const char  *user_id,
                           const char  *endpoint,
                           const char  *key,
                           guint        status,
                           const char  *body,
                           GError     **error)
{
  g_autofree char *now = sc_store_now ();

  return sc_store_exec (self, error,
                        "INSERT INTO idempotency (user_id, endpoint, key, status, body, created_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                        "ON CONFLICT (user_id, endpoint, key) DO UPDATE SET "
                        "  status = excluded.status, body = excluded.body, "
                        "  created_at = excluded.created_at",
                        "sssiss", user_id, endpoint, key, (gint64) status, body, now);
}
