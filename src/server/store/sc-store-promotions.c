/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include <string.h>

#include "sc-json.h"
#include "sc-store-private.h"
#include "sc-store-promotions.h"

/* A member as column text: strings as they are, anything else as JSON;
 * @fallback when absent or null. */
static char *
member_text (JsonObject *object,
             const char *name,
             const char *fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (fallback);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return sc_store_json_text (node);
}

static char *
trigger_member (JsonObject *snapshot,
                const char *name)
{
  JsonNode *node = json_object_get_member (snapshot, "trigger");
  JsonObject *trigger;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("");
  trigger = json_node_get_object (node);
  return g_strdup (json_object_has_member (trigger, name)
                   ? json_object_get_string_member_with_default (trigger, name, "")
                   : "");
}

void
sc_promo_content_clear (ScPromoContent *content)
{
  g_clear_pointer (&content->name, g_free);
  g_clear_pointer (&content->description, g_free);
  g_clear_pointer (&content->steps, g_free);
  g_clear_pointer (&content->config, g_free);
  g_clear_pointer (&content->trigger_url, g_free);
  g_clear_pointer (&content->trigger_method, g_free);
}

void
sc_promo_content_set_from_snapshot (ScPromoContent *content,
                                    JsonObject     *snapshot)
{
  sc_promo_content_clear (content);
  content->name = member_text (snapshot, "name", "");
  content->description = member_text (snapshot, "description", "");
  content->steps = member_text (snapshot, "steps", "[]");
  content->config = member_text (snapshot, "config", "{}");
  content->trigger_url = trigger_member (snapshot, "url");
  content->trigger_method = trigger_member (snapshot, "method");
}

/* A span as member_text () reads its member; NULL when it cannot say. */
static char *
span_text (const ScJsonSpan *span,
           const char       *fallback)
{
  if (span->value == NULL || (span->length == 4 && memcmp (span->value, "null", 4) == 0))
    return g_strdup (fallback);
  if (*span->value == '"')
    return sc_json_string_value (span->value, span->length);
  return g_strndup (span->value, span->length);
}

/* A string member of the trigger as trigger_member () reads it ("" when
 * absent); NULL for any other value, which the tree reads instead. */
static char *
span_string (const ScJsonSpan *span)
{
  if (span->value == NULL)
    return g_strdup ("");
  return *span->value == '"' ? sc_json_string_value (span->value, span->length) : NULL;
}

/* Reads the release's content and connections from its snapshot's text
 * as written by the server, without a tree; FALSE (and nothing kept) for
 * any text or shape that only the parser reads as before. */
static gboolean
release_read_text (ScPromoRelease *release)
{
  enum { NAME, DESCRIPTION, STEPS, CONFIG, TRIGGER, CONNECTIONS, N_MEMBERS };
  ScJsonSpan spans[N_MEMBERS] = {
    { "name" }, { "description" }, { "steps" }, { "config" }, { "trigger" }, { "connections" },
  };
  ScJsonSpan trigger[2] = { { "url" }, { "method" } };
  ScPromoContent *content = &release->content;

  if (release->snapshot_text == NULL ||
      !sc_json_object_spans (release->snapshot_text, -1, SC_JSON_MAX_DEPTH, spans, N_MEMBERS))
    return FALSE;
  if (spans[TRIGGER].value != NULL &&
      (*spans[TRIGGER].value != '{' ||
       !sc_json_object_spans (spans[TRIGGER].value, spans[TRIGGER].length, SC_JSON_MAX_DEPTH,
                              trigger, G_N_ELEMENTS (trigger))))
    return FALSE;

  content->name = span_text (&spans[NAME], "");
  content->description = span_text (&spans[DESCRIPTION], "");
  content->steps = span_text (&spans[STEPS], "[]");
  content->config = span_text (&spans[CONFIG], "{}");
  content->trigger_url = span_string (&trigger[0]);
  content->trigger_method = span_string (&trigger[1]);
  release->trigger_url = trigger[0].value != NULL ? content->trigger_url : NULL;
  release->trigger_method = trigger[1].value != NULL ? content->trigger_method : NULL;

  if (spans[CONNECTIONS].value != NULL && *spans[CONNECTIONS].value == '[')
    {
      if (spans[CONNECTIONS].length == 2)
        release->connections = json_array_new ();
      else
        {
          g_autoptr(JsonNode) node = sc_json_parse (spans[CONNECTIONS].value, spans[CONNECTIONS].length,
                                                    SC_JSON_MAX_DEPTH, NULL);

          if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
            release->connections = json_array_ref (json_node_get_array (node));
        }
    }

  if (content->name == NULL || content->description == NULL || content->steps == NULL ||
      content->config == NULL || content->trigger_url == NULL || content->trigger_method == NULL ||
      (spans[CONNECTIONS].value != NULL && *spans[CONNECTIONS].value == '[' &&
       release->connections == NULL))
    {
      sc_promo_content_clear (content);
      g_clear_pointer (&release->connections, json_array_unref);
      release->trigger_url = release->trigger_method = NULL;
      return FALSE;
    }
  return TRUE;
}

JsonObject *
sc_promo_release_get_snapshot (ScPromoRelease *release)
{
  g_return_val_if_fail (release != NULL, NULL);

  if (release->snapshot == NULL)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      if (release->snapshot_text != NULL)
        {
          node = sc_json_parse (release->snapshot_text, -1, SC_JSON_MAX_DEPTH, &error);
          if (node == NULL)
            g_critical ("Stored JSON does not parse: %s", error->message);
        }
      release->snapshot = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                          ? json_object_ref (json_node_get_object (node))
                          : json_object_new ();
    }
  return release->snapshot;
}

/* --- reads ------------------------------------------------------------------ */

void
sc_promo_release_clear (ScPromoRelease *release)
{
  g_clear_pointer (&release->id, g_free);
  g_clear_pointer (&release->workflow_id, g_free);
  g_clear_pointer (&release->created_at, g_free);
  g_clear_pointer (&release->blocked_reason, g_free);
  g_clear_pointer (&release->snapshot_text, g_free);
  sc_promo_content_clear (&release->content);
  g_clear_pointer (&release->connections, json_array_unref);
  g_clear_pointer (&release->snapshot, json_object_unref);
}

gboolean
sc_store_promo_get_release (ScStore          *self,
                            const char       *release_id,
                            ScPromoRelease   *release,
                            GError          **error)
{
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (release_id != NULL, FALSE);
  g_return_val_if_fail (release != NULL, FALSE);

  stmt = sc_store_query (self, error,
                         "SELECT id, workflow_id, version, created_at, blocked_reason, snapshot "
                         "FROM releases WHERE id = ?1",
                         "s", release_id);
  if (stmt == NULL)
    return FALSE;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      release->id = g_strdup (sc_store_col_text (stmt, 0));
      release->workflow_id = g_strdup (sc_store_col_text (stmt, 1));
      release->version = sc_store_col_int (stmt, 2);
      release->created_at = g_strdup (sc_store_col_text (stmt, 3));
      release->blocked_reason = g_strdup (sc_store_col_text (stmt, 4));
      release->snapshot_text = g_strdup (sc_store_col_text (stmt, 5));
      if (!release_read_text (release))
        {
          JsonObject *snapshot = sc_promo_release_get_snapshot (release);
          JsonArray *connections = sc_json_get_array (snapshot, "connections");
          JsonObject *trigger = sc_json_get_object (snapshot, "trigger");

          sc_promo_content_set_from_snapshot (&release->content, snapshot);
          if (connections != NULL)
            release->connections = json_array_ref (connections);
          if (sc_json_get_string (trigger, "url") != NULL)
            release->trigger_url = release->content.trigger_url;
          if (sc_json_get_string (trigger, "method") != NULL)
            release->trigger_method = release->content.trigger_method;
        }
    }
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "release");
  sc_db_stmt_reset (stmt);
  return rc == SC_DB_ROW;
}

void
sc_promo_workflow_clear (ScPromoWorkflow *workflow)
{
  g_clear_pointer (&workflow->id, g_free);
  g_clear_pointer (&workflow->org_id, g_free);
  g_clear_pointer (&workflow->name, g_free);
  g_clear_pointer (&workflow->origin_workflow_id, g_free);
  g_clear_pointer (&workflow->origin_path_id, g_free);
  g_clear_pointer (&workflow->origin_stage, g_free);
}

gboolean
sc_store_promo_get_workflow (ScStore          *self,
                             const char       *workflow_id,
                             ScPromoWorkflow  *workflow,
                             GError          **error)
{
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (workflow_id != NULL, FALSE);
  g_return_val_if_fail (workflow != NULL, FALSE);

  stmt = sc_store_query (self, error,
                         "SELECT id, org_id, name, origin_workflow_id, origin_path_id, origin_stage "
                         "FROM workflows WHERE id = ?1",
                         "s", workflow_id);
  if (stmt == NULL)
    return FALSE;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      workflow->id = g_strdup (sc_store_col_text (stmt, 0));
      workflow->org_id = g_strdup (sc_store_col_text (stmt, 1));
      workflow->name = g_strdup (sc_store_col_text (stmt, 2));
      /* as the API shape has it: an origin is there when it has a stage */
      if (sc_store_col_text (stmt, 5) != NULL)
        {
          workflow->origin_workflow_id = g_strdup (sc_store_col_text (stmt, 3));
          workflow->origin_path_id = g_strdup (sc_store_col_text (stmt, 4));
          workflow->origin_stage = g_strdup (sc_store_col_text (stmt, 5));
        }
    }
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "workflow");
  sc_db_stmt_reset (stmt);
  return rc == SC_DB_ROW;
}

gboolean
sc_store_promo_already_promoted (ScStore     *self,
                                 const char  *release_id,
                                 const char  *path_id,
                                 const char  *tag,
                                 gboolean    *promoted,
                                 GError     **error)
{
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error,
                         "SELECT 1 FROM promotions "
                         "WHERE release_id = ?1 AND path_id = ?2 AND target_tag = ?3 COLLATE NOCASE "
                         "  AND outcome = 'succeeded' AND kind = 'promote' LIMIT 1",
                         "sss", release_id, path_id, tag);
  if (stmt == NULL)
    return FALSE;
  rc = sc_store_step (self, stmt, error);
  sc_db_stmt_reset (stmt);
  *promoted = rc == SC_DB_ROW;
  return rc >= 0;
}

static JsonObject *
approved_request_from_row (ScDbStmt *stmt)
{
  JsonObject *item = json_object_new ();

  sc_store_set_text (item, "id", stmt, 0);
  sc_store_set_text (item, "requester_id", stmt, 1);
  sc_store_set_text (item, "expires_at", stmt, 2);
  return item;
}

JsonArray *
sc_store_promo_list_approved_requests (ScStore     *self,
                                       const char  *release_id,
                                       const char  *path_id,
                                       const char  *tag,
                                       const char  *requester_id,
                                       GError     **error)
{
  ScDbStmt *stmt;

  /* by the release's index: "|| ''" keeps the planner off the requester's
   * and the path's, which hold every request of a busy requester or path */
  stmt = sc_store_query (self, error,
                         "SELECT id, requester_id, expires_at FROM approval_requests "
                         "WHERE release_id = ?1 AND path_id || '' = ?2 AND target_tag = ?3 COLLATE NOCASE "
                         "  AND requester_id || '' = ?4 AND state = 'approved' ORDER BY seq",
                         "ssss", release_id, path_id, tag, requester_id);
  return sc_store_collect_rows (self, stmt, approved_request_from_row, error);
}

char *
sc_store_promo_find_linked (ScStore     *self,
                            const char  *org_id,
                            const char  *source_workflow_id,
                            const char  *path_id,
                            const char  *tag,
                            GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         "SELECT id FROM workflows "
                         "WHERE origin_workflow_id = ?1 AND origin_path_id = ?2 "
                         "  AND origin_stage = ?3 COLLATE NOCASE AND org_id = ?4 "
                         /* "seq + 0": not the order of workflows_org, which
                          * the planner would otherwise walk through the
                          * whole org to spare a sort of a row or two */
                         "ORDER BY seq + 0 LIMIT 1",
                         "ssss", source_workflow_id, path_id, tag, org_id);
  return sc_store_collect_text (self, stmt, error);
}

char *
sc_store_promo_find_by_trigger (ScStore            *self,
                                const char         *org_id,
                                const char         *url,
                                const char         *method,
                                const char         *path_id,
                                const char         *tag,
                                const char * const *exclude_ids,
                                GError            **error)
{
  ScDbStmt *stmt;
  char *found = NULL;
  int rc;

  /* A workflow at another stage of this path is a different copy of the
   * same chain (same-org paths share triggers), never the target. */
  stmt = sc_store_query (self, error,
                         "SELECT id FROM workflows "
                         "WHERE org_id = ?1 AND trigger_url = ?2 AND trigger_method = ?3 "
                         "  AND NOT (origin_path_id IS NOT NULL AND origin_path_id = ?4 "
                         "           AND origin_stage <> ?5 COLLATE NOCASE) "
                         "ORDER BY seq + 0", /* workflows_trigger, as above */
                         "sssss", org_id, url, method, path_id, tag);
  if (stmt == NULL)
    return NULL;
  while (found == NULL && (rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    {
      const char *id = sc_store_col_text (stmt, 0);

      if (exclude_ids == NULL || !g_strv_contains (exclude_ids, id))
        found = g_strdup (id);
    }
  sc_db_stmt_reset (stmt);

  return found;
}

char *
sc_store_promo_find_connection (ScStore     *self,
                                const char  *org_id,
                                const char  *service,
                                const char  *name,
                                GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         "SELECT id FROM connections "
                         "WHERE org_id = ?1 AND service = ?2 AND name = ?3",
                         "sss", org_id, service, name);
  return sc_store_collect_text (self, stmt, error);
}

/* --- writes ------------------------------------------------------------------ */

static gboolean
set_connections (ScStore             *self,
                 const char          *workflow_id,
                 const char * const  *connection_ids,
                 GError             **error)
{
  return sc_store_exec (self, error, "DELETE FROM workflow_connections WHERE workflow_id = ?1",
                        "s", workflow_id) &&
         sc_store_add_workflow_connections (self, workflow_id, connection_ids, error);
}

char *
sc_store_promo_create_workflow (ScStore            *self,
                                const char         *org_id,
                                const char         *owner_id,
                                const ScPromoContent *content,
                                const char * const *connection_ids,
                                const char         *origin_workflow_id,
                                const char         *origin_org_id,
                                const char         *origin_path_id,
                                const char         *origin_stage,
                                GError            **error)
{
  g_autofree char *id = sc_store_new_id ("wf");
  g_autofree char *now = sc_store_now ();
  g_autofree char *etag = sc_store_new_etag ();
  g_autofree char *sharing_etag = sc_store_new_etag ();
  gint64 seq;

  seq = sc_store_next_seq (self, "workflows", error);
  if (seq < 0)
    return NULL;

  if (!sc_store_exec (self, error,
                      "INSERT INTO workflows (id, seq, org_id, name, description, owner_id, steps, "
                      "  config, trigger_url, trigger_method, tags, general_access, sharing_etag, "
                      "  etag, origin_workflow_id, origin_org_id, origin_path_id, origin_stage, "
                      "  promoted, created_at, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '[]', 'view', ?11, ?12, "
                      "        ?13, ?14, ?15, ?16, 0, ?17, ?17)",
                      "sisssssssssssssss", id, seq, org_id, content->name, content->description,
                      owner_id, content->steps, content->config, content->trigger_url,
                      content->trigger_method, sharing_etag, etag, origin_workflow_id,
                      origin_org_id, origin_path_id, origin_stage, now))
    return NULL;

  /* a new workflow has no connections to replace */
  if (!sc_store_add_workflow_connections (self, id, connection_ids, error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
sc_store_promo_update_workflow (ScStore            *self,
                                const char         *workflow_id,
                                const ScPromoContent *content,
                                const char * const *connection_ids,
                                gboolean            set_origin,
                                const char         *origin_workflow_id,
                                const char         *origin_org_id,
                                const char         *origin_path_id,
                                const char         *origin_stage,
                                GError            **error)
{
  g_autofree char *now = sc_store_now ();
  g_autofree char *etag = sc_store_new_etag ();

  if (!sc_store_exec (self, error,
                      "UPDATE workflows SET name = ?2, description = ?3, steps = ?4, config = ?5, "
                      "  trigger_url = ?6, trigger_method = ?7, etag = ?8, updated_at = ?9 "
                      "WHERE id = ?1",
                      "sssssssss", workflow_id, content->name, content->description, content->steps,
                      content->config, content->trigger_url, content->trigger_method, etag, now))
    return FALSE;
  if (sc_store_changes (self) == 0)
    {
      sc_store_set_not_found (error, "workflow");
      return FALSE;
    }

  if (set_origin &&
      !sc_store_exec (self, error,
                      "UPDATE workflows SET origin_workflow_id = ?2, origin_org_id = ?3, "
                      "  origin_path_id = ?4, origin_stage = ?5 WHERE id = ?1",
                      "sssss", workflow_id, origin_workflow_id, origin_org_id, origin_path_id,
                      origin_stage))
    return FALSE;

  return set_connections (self, workflow_id, connection_ids, error);
}

gboolean
sc_store_promo_mark_promoted (ScStore     *self,
                              const char  *workflow_id,
                              GError     **error)
{
  g_autofree char *etag = sc_store_new_etag ();

  /* "promoted" is part of the workflow's representation: a new etag keeps
   * GET with If-None-Match honest (only when it changes, so that editors
   * of the draft are not sent back by every later promotion) */
  return sc_store_exec (self, error,
                        "UPDATE workflows SET promoted = 1, etag = ?2 "
                        "WHERE id = ?1 AND promoted = 0",
                        "ss", workflow_id, etag);
}

char *
sc_store_insert_promotion (ScStore              *self,
                           const ScPromotionRow *row,
                           GError              **error)
{
  return sc_store_insert_promotion_record (self, row, NULL, NULL, error);
}

/* The record as sc_store_get_promotion () reads it back, written from the
 * row's values (the bytes of record_from_row () through sc_json_to_string ()). */
static char *
record_text (const char           *id,
             const ScPromotionRow *row,
             const char           *actor_email,
             const char           *at)
{
  GString *out = g_string_sized_new (640);

  g_string_append (out, "{\"id\":");
  sc_json_write_string (out, id);
  g_string_append (out, ",\"kind\":");
  sc_json_write_string (out, row->kind);
  g_string_append (out, ",\"release\":{\"id\":");
  sc_json_write_string (out, row->release_id);
  g_string_append (out, ",\"version\":");
  sc_json_write_int (out, row->release_version);
  g_string_append (out, "},\"workflow_id\":");
  sc_json_write_string (out, row->workflow_id);
  g_string_append (out, ",\"path_id\":");
  sc_json_write_string (out, row->path_id);
  g_string_append (out, ",\"source\":{\"tag\":");
  sc_json_write_string (out, row->source_tag);
  g_string_append (out, ",\"org_id\":");
  sc_json_write_string (out, row->source_org_id);
  g_string_append (out, "},\"target\":{\"tag\":");
  sc_json_write_string (out, row->target_tag);
  g_string_append (out, ",\"org_id\":");
  sc_json_write_string (out, row->target_org_id);
  g_string_append (out, "},\"target_workflow_id\":");
  sc_json_write_string (out, row->target_workflow_id);
  g_string_append (out, row->created_new ? ",\"created_new\":true" : ",\"created_new\":false");
  g_string_append (out, ",\"actor\":{\"id\":");
  sc_json_write_string (out, row->actor_id);
  g_string_append (out, ",\"email\":");
  sc_json_write_string (out, actor_email);
  g_string_append (out, "},\"outcome\":");
  sc_json_write_string (out, row->succeeded ? "succeeded" : "failed");
  if (row->error_code != NULL || row->error_message != NULL)
    {
      g_string_append (out, ",\"error\":{\"code\":");
      sc_json_write_string (out, row->error_code);
      g_string_append (out, ",\"message\":");
      sc_json_write_string (out, row->error_message);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, ",\"error\":null");
  g_string_append (out, ",\"reason\":");
  sc_json_write_string (out, row->reason);
  g_string_append (out, ",\"at\":");
  sc_json_write_string (out, at);
  g_string_append_c (out, '}');
  return sc_json_finish (out);
}

char *
sc_store_insert_promotion_record (ScStore              *self,
                                  const ScPromotionRow *row,
                                  const char           *actor_email,
                                  char                **record,
                                  GError              **error)
{
  g_autofree char *id = sc_store_new_id ("prm");
  g_autofree char *now = sc_store_now ();
  gint64 seq;

  g_return_val_if_fail (row != NULL, NULL);

  seq = sc_store_next_seq (self, "promotions", error);
  if (seq < 0)
    return NULL;

  if (!sc_store_exec (self, error,
                      "INSERT INTO promotions (id, seq, kind, release_id, release_version, "
                      "  workflow_id, path_id, source_tag, source_org_id, target_tag, "
                      "  target_org_id, target_workflow_id, target_release_id, created_new, "
                      "  actor_id, outcome, error_code, error_message, reason, "
                      "  approval_request_id, at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                      "        ?16, ?17, ?18, ?19, ?20, ?21)",
                      "sississssssssbsssssss",
                      id, seq, row->kind, row->release_id, row->release_version,
                      row->workflow_id, row->path_id, row->source_tag, row->source_org_id,
                      row->target_tag, row->target_org_id, row->target_workflow_id,
                      row->target_release_id, row->created_new, row->actor_id,
                      row->succeeded ? "succeeded" : "failed", row->error_code,
                      row->error_message, row->reason, row->approval_request_id, now))
    return NULL;

  if (record != NULL)
    *record = record_text (id, row, actor_email, now);
  return g_steal_pointer (&id);
}

/* --- history ------------------------------------------------------------------ */

#define RECORD_COLUMNS \
  "p.id, p.kind, p.release_id, p.release_version, p.workflow_id, p.path_id, p.source_tag, " \
  "p.source_org_id, p.target_tag, p.target_org_id, p.target_workflow_id, p.created_new, " \
  "p.actor_id, u.email, p.outcome, p.error_code, p.error_message, p.reason, p.at, p.seq "

static JsonObject *
record_from_row (ScDbStmt *stmt)
{
  JsonObject *record = json_object_new ();
  JsonObject *release = json_object_new ();
  JsonObject *source = json_object_new ();
  JsonObject *target = json_object_new ();

  sc_store_set_text (record, "id", stmt, 0);
  sc_store_set_text (record, "kind", stmt, 1);
  sc_store_set_text (release, "id", stmt, 2);
  json_object_set_int_member (release, "version", sc_store_col_int (stmt, 3));
  json_object_set_object_member (record, "release", release);
  sc_store_set_text (record, "workflow_id", stmt, 4);
  sc_store_set_text (record, "path_id", stmt, 5);
  sc_store_set_text (source, "tag", stmt, 6);
  sc_store_set_text (source, "org_id", stmt, 7);
  json_object_set_object_member (record, "source", source);
  sc_store_set_text (target, "tag", stmt, 8);
  sc_store_set_text (target, "org_id", stmt, 9);
  json_object_set_object_member (record, "target", target);
  sc_store_set_text (record, "target_workflow_id", stmt, 10);
  json_object_set_boolean_member (record, "created_new", sc_store_col_int (stmt, 11) != 0);
  json_object_set_object_member (record, "actor", sc_store_user_from_row (stmt, 12, FALSE));
  sc_store_set_text (record, "outcome", stmt, 14);
  if (sc_store_col_text (stmt, 15) != NULL || sc_store_col_text (stmt, 16) != NULL)
    {
      JsonObject *error = json_object_new ();

      sc_store_set_text (error, "code", stmt, 15);
      sc_store_set_text (error, "message", stmt, 16);
      json_object_set_object_member (record, "error", error);
    }
  else
    json_object_set_null_member (record, "error");
  sc_store_set_text (record, "reason", stmt, 17);
  sc_store_set_text (record, "at", stmt, 18);

  return record;
}

JsonObject *
sc_store_get_promotion (ScStore     *self,
                        const char  *promotion_id,
                        GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         "SELECT " RECORD_COLUMNS
                         "FROM promotions p LEFT JOIN users u ON u.id = p.actor_id "
                         "WHERE p.id = ?1",
                         "s", promotion_id);
  return sc_store_collect_one (self, stmt, record_from_row, "promotion", error);
}

/* The rows whose column @a or @b is ?1, seq below ?2, at most ?3, newest
 * first. Two indexed branches joined with UNION (not OR) so that each side
 * walks its (column, seq) index from the cursor down. */
#define HISTORY_PAGE(a, b) \
  "SELECT " RECORD_COLUMNS \
  "FROM promotions p LEFT JOIN users u ON u.id = p.actor_id " \
  "WHERE p.seq IN (" \
  "  SELECT seq FROM (SELECT seq FROM promotions " \
  "                   WHERE " a " = ?1 AND seq < ?2 " \
  "                   ORDER BY seq DESC LIMIT ?3) AS by_a " \
  "  UNION " \
  "  SELECT seq FROM (SELECT seq FROM promotions " \
  "                   WHERE " b " = ?1 AND seq < ?2 " \
  "                   ORDER BY seq DESC LIMIT ?3) AS by_b) " \
  "ORDER BY p.seq DESC LIMIT ?3"

JsonArray *
sc_store_list_promotions (ScStore     *self,
                          const char  *workflow_id,
                          const char  *org_id,
                          guint        limit,
                          gint64       cursor,
                          gint64      *next_cursor,
                          GError     **error)
{
  ScDbStmt *stmt;

  g_return_val_if_fail ((workflow_id == NULL) != (org_id == NULL), NULL);

  if (cursor <= 0)
    cursor = G_MAXINT64;

  if (workflow_id != NULL)
    stmt = sc_store_query (self, error, HISTORY_PAGE ("workflow_id", "target_workflow_id"),
                           "sii", workflow_id, cursor, (gint64) limit + 1);
  else
    stmt = sc_store_query (self, error, HISTORY_PAGE ("source_org_id", "target_org_id"),
                           "sii", org_id, cursor, (gint64) limit + 1);
  return sc_store_collect_page (self, stmt, limit, 19, record_from_row, next_cursor, error);
}
