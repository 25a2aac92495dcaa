/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-clock.h"
#include "sc-promotion.h"
#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-store-orgs.h"
#include "sc-store-paths.h"
#include "sc-store-promotions.h"
#include "sc-store-workflows.h"

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }
  return TRUE;
}

/* Parses {release_id, path_id, target_stage[, approval_request_id,
 * override_reason]};
 * answers 400/422 and returns NULL when it is not that. */
static JsonObject *
read_promotion_body (ScRequest *req,
                     gboolean   allow_request_id)
{
  static const ScFieldSpec fields[] = {
    { "release_id", SC_FIELD_STRING, TRUE },
    { "path_id", SC_FIELD_STRING, TRUE },
    { "target_stage", SC_FIELD_STRING, TRUE },
    { "approval_request_id", SC_FIELD_STRING_OR_NULL, FALSE },
    /* an admin's override of deny windows that allow it */
    { "override_reason", SC_FIELD_STRING_OR_NULL, FALSE },
  };
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *node = sc_request_body_node (req);

  if (node == NULL)
    return NULL;

  if (!sc_json_check_object (node, "", fields,
                             allow_request_id ? G_N_ELEMENTS (fields) : G_N_ELEMENTS (fields) - 2,
                             violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return NULL;
    }

  for (guint i = 0; i < 3; i++)
    {
      const char *value = get_string (json_node_get_object (node), fields[i].name);

      if (value != NULL && *value == '\0' && !sc_violations_has_field (violations, fields[i].name))
        sc_violations_add_field (violations, fields[i].name, _("“%s” must not be empty."),
                                 fields[i].name);
    }

  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return NULL;
    }
  return json_node_get_object (node);
}

/* POST /promotions/preview */
static void
preview_cb (ScRequest *req)
{
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body = read_promotion_body (req, FALSE);

  if (body == NULL)
    return;

  check = sc_promotion_check (req, get_string (body, "release_id"), get_string (body, "path_id"),
                              get_string (body, "target_stage"), NULL,
                              SC_PROMOTION_CHECK_DEFAULT, &error);
  if (check == NULL)
    {
      sc_promotion_reply_error (req, error);
      return;
    }

  sc_request_reply_object (req, SOUP_STATUS_OK, sc_promotion_check_to_preview (check), NULL);
}

/* POST /promotions */
static void
promote_cb (ScRequest *req)
{
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *record = NULL;
  g_autofree char *id = NULL;
  JsonObject *body;
  gboolean allowed;

  if (sc_request_replay_idempotent (req, "promotions"))
    return;

  body = read_promotion_body (req, TRUE);
  if (body == NULL)
    return;

  /* Decide inside the transaction that acts, so that nothing changes in
   * between (another promotion of the same release, a freeze). */
  if (!sc_request_begin (req))
    return;

  check = sc_promotion_check_with_override (req, get_string (body, "release_id"),
                                            get_string (body, "path_id"),
                                            get_string (body, "target_stage"),
                                            get_string (body, "approval_request_id"),
                                            get_string (body, "override_reason"),
                                            SC_PROMOTION_CHECK_NO_DIFF, &error);
  if (check == NULL)
    {
      sc_store_transaction_rollback (req->store);
      sc_promotion_reply_error (req, error);
      return;
    }

  allowed = sc_promotion_check_allowed (check);
  if (allowed)
    id = sc_promotion_execute_record (req, check, &record, &error);
  else
    id = sc_promotion_record_refusal (req, check, &error);

  if (id == NULL)
    {
      sc_store_transaction_rollback (req->store);
      sc_request_reply_store_error (req, error, _("Promotion"));
      return;
    }

  /* The answer commits the work, with its Idempotency-Key record: a retry
   * after a crash finds both or neither. */
  if (!allowed)
    {
      sc_request_commit_with_reply (req);
      sc_promotion_reply_refused (req, check->violations);
      return;
    }

  /* the record as GET reads it, written from the row just inserted */
  sc_request_commit_with_reply (req);
  sc_request_reply_text (req, SOUP_STATUS_CREATED, g_steal_pointer (&record), NULL);
  if (soup_server_message_get_status (req->msg) == SOUP_STATUS_CREATED)
    sc_request_events_added (req);
}

/* GET /promotions?workflow_id=|org_id= */
static void
list_cb (ScRequest *req)
{
  const char *workflow_id = sc_request_get_query (req, "workflow_id");
  const char *org_id = sc_request_get_query (req, "org_id");
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  gint64 cursor = 0;
  gint64 next_cursor = 0;
  guint limit = 100;

  if (!sc_request_get_page (req, &limit, &cursor))
    return;

  if (workflow_id != NULL && *workflow_id == '\0')
    workflow_id = NULL;
  if (org_id != NULL && *org_id == '\0')
    org_id = NULL;

  if (workflow_id == NULL && org_id == NULL)
    sc_violations_add_field (violations, "workflow_id",
                             _("Give “workflow_id” or “org_id” to say whose history to list."));
  else if (workflow_id != NULL && org_id != NULL)
    sc_violations_add_field (violations, "org_id",
                             _("Give either “workflow_id” or “org_id”, not both."));
  /* a bad query, not a bad body: 400 like any other bad query value */
  if (violations->len > 0)
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request",
                              sc_violations_to_details (violations), "%s",
                              sc_violations_first_reason (violations));
      return;
    }

  if (workflow_id != NULL)
    {
      if (sc_request_resource_permission (req, FALSE, workflow_id, SC_PERMISSION_VIEW, NULL) ==
          SC_PERMISSION_NONE)
        return;
    }
  else if (!sc_request_require_member (req, org_id, NULL))
    {
      return;
    }

  items = sc_store_list_promotions (req->store, workflow_id, org_id, limit, cursor, &next_cursor,
                                    &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, _("Promotion history"));
      return;
    }

  /* a failed record stores its rule, not a sentence: its message is said
   * now, in the server's language like any message of its answers */
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_object_get_member (json_array_get_object_element (items, i), "error");
      JsonObject *failure = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                            ? json_node_get_object (node) : NULL;

      if (failure != NULL && get_string (failure, "message") == NULL)
        {
          const char *summary = sc_rules_refusal_summary (get_string (failure, "code"));

          json_object_set_string_member (failure, "message",
                                         summary != NULL ? summary
                                                         : _("This promotion is not allowed."));
        }
    }

  sc_request_reply_page (req, g_steal_pointer (&items), next_cursor);
}

/* --- stages ------------------------------------------------------------------- */

/* The paths a workflow's stepper shows: the one a promotion carried it
 * along, else those of its org that start in its org. */
static GPtrArray *
stage_paths (ScRequest   *req,
             JsonObject  *workflow,
             GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const char *origin_path_id = sc_promotion_origin (workflow, "path_id");
  g_autoptr(JsonArray) paths = NULL;

  if (origin_path_id != NULL)
    {
      g_ptr_array_add (ids, g_strdup (origin_path_id));
      return g_steal_pointer (&ids);
    }

  paths = sc_store_list_paths_starting_in (req->store, get_string (workflow, "org_id"), error);
  if (paths == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (paths); i++)
    g_ptr_array_add (ids, g_strdup (get_string (json_array_get_object_element (paths, i), "id")));
  return g_steal_pointer (&ids);
}

/* The workflow at each stage of the chain through @workflow (NULL where
 * unknown): ancestors through origin links, descendants through the
 * copies promotions made. */
static gboolean
chain_workflows (ScRequest         *req,
                 JsonObject        *workflow,
                 const char        *path_id,
                 const ScPathSpec  *path,
                 int                current_index,
                 GPtrArray         *ids,
                 GError           **error)
{
  g_autoptr(JsonObject) at = json_object_ref (workflow);

  for (guint i = 0; i < path->stages->len; i++)
    g_ptr_array_add (ids, NULL);
  if (current_index < 0)
    return TRUE;

  g_ptr_array_index (ids, current_index) = g_strdup (get_string (workflow, "id"));

  for (int i = current_index - 1; i >= 0; i--)
    {
      const char *origin_id = sc_promotion_origin (at, "workflow_id");
      g_autoptr(JsonObject) previous = NULL;
      g_autoptr(GError) local_error = NULL;

      if (origin_id == NULL || g_strcmp0 (sc_promotion_origin (at, "path_id"), path_id) != 0)
        break;
      previous = sc_store_get_workflow (req->store, origin_id, NULL, SC_PERMISSION_NONE,
                                        &local_error);
      if (previous == NULL)
        {
          if (!g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      g_ptr_array_index (ids, i) = g_strdup (origin_id);
      g_clear_pointer (&at, json_object_unref);
      at = g_steal_pointer (&previous);
    }

  for (guint i = current_index + 1; i < path->stages->len; i++)
    {
      const ScStage *stage = g_ptr_array_index (path->stages, i);
      const char *from = g_ptr_array_index (ids, i - 1);
      g_autoptr(GError) local_error = NULL;
      char *next;

      next = sc_store_promo_find_linked (req->store, stage->org_id, from, path_id, stage->tag,
                                         &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (next == NULL)
        break;
      g_ptr_array_index (ids, i) = next;
    }

  return TRUE;
}

/* What the caller's button on the next stage does: look at the request
 * they have open (pending, or approved for an earlier release), promote
 * (directly, or with their approved request), or request approval. */
static const char *
next_action (JsonObject *open_request,
             gboolean    requires_approval,
             gboolean    granted)
{
  const char *state = open_request != NULL ? get_string (open_request, "state") : NULL;

  if (g_strcmp0 (state, "pending") == 0 || (g_strcmp0 (state, "approved") == 0 && !granted))
    return "view_request";
  if (requires_approval && !granted)
    return "request";
  return "promote";
}

static JsonObject *
path_stages (ScRequest   *req,
             JsonObject  *workflow,
             JsonObject  *latest,
             const char  *path_id,
             GError     **error)
{
  g_autoptr(ScPathSpec) path = NULL;
  g_autofree char *path_org_id = NULL;
  g_autoptr(ScOrgGraph) graph = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonObject *item;
  JsonObject *path_object;
  JsonArray *stages;
  int current;

  path = sc_store_get_path_spec (req->store, path_id, &path_org_id, NULL, error);
  if (path == NULL)
    return NULL;
  graph = sc_store_load_org_graph (req->store, error);
  if (graph == NULL)
    return NULL;

  current = sc_promotion_current_index (workflow, path_id, path);
  if (!chain_workflows (req, workflow, path_id, path, current, ids, error))
    return NULL;

  stages = json_array_new ();
  for (guint i = 0; i < path->stages->len; i++)
    {
      const ScStage *stage = g_ptr_array_index (path->stages, i);
      g_autoptr(ScApprovalPolicy) policy = NULL;
      JsonObject *object = json_object_new ();
      const char *workflow_id = g_ptr_array_index (ids, i);
      gboolean requires_approval = FALSE;
      gboolean can_promote = FALSE;
      gboolean granted = FALSE;
      gboolean allowed = FALSE;
      gboolean override_allowed = FALSE;
      const char *action = NULL;
      g_autofree char *reason = NULL;
      g_autoptr(ScPromotionCheck) check = NULL;
      g_autoptr(JsonObject) open_request = NULL;
      gboolean is_next = current >= 0 && (int) i == current + 1;

      json_array_add_object_element (stages, object);

      if (i > 0)
        {
          policy = sc_store_get_org_policy (req->store, stage->org_id, error);
          if (policy == NULL)
            {
              json_array_unref (stages);
              return NULL;
            }
          requires_approval = policy->enabled;
        }

      if (is_next)
        {
          g_autoptr(GError) open_error = NULL;
          g_autofree char *now = sc_store_now ();

          /* the caller's own request, so that they see it waits (or is
           * granted) instead of being asked to request again */
          if (req->user_id != NULL)
            open_request = sc_store_get_own_open_approval_request (req->store,
                                                                   get_string (workflow, "id"),
                                                                   path_id, stage->tag,
                                                                   req->user_id, now, &open_error);
          if (open_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&open_error));
              json_array_unref (stages);
              return NULL;
            }

          if (latest == NULL)
            {
              reason = g_strdup (_("Publish a release first."));
            }
          else
            {
              g_autoptr(GError) local_error = NULL;

              check = sc_promotion_check (req, get_string (latest, "id"), path_id, stage->tag,
                                          NULL, SC_PROMOTION_CHECK_NO_DIFF, &local_error);
              if (check == NULL &&
                  !g_error_matches (local_error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_PATH) &&
                  !g_error_matches (local_error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_RELEASE))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  json_array_unref (stages);
                  return NULL;
                }
            }

          /* a path or release the caller may not see (a token scoped to
           * another org): not promotable by them, nothing more to say */
          if (check != NULL)
            {
              GPtrArray *refusals;

              can_promote = sc_promotion_check_allowed (check);
              granted = check->approval_request_id != NULL;
              action = next_action (open_request, requires_approval, granted);
              if (g_str_equal (action, "view_request"))
                refusals = NULL;
              else if (g_str_equal (action, "request"))
                refusals = check->request_violations;
              else
                refusals = check->violations;
              allowed = refusals == NULL || refusals->len == 0;
              if (!allowed)
                reason = g_strdup (((const ScViolation *) g_ptr_array_index (refusals, 0))->reason);
              override_allowed = refusals == check->violations && check->override_possible;
            }
          else if (latest != NULL)
            {
              reason = g_strdup (_("You may not promote this workflow."));
            }
        }

      json_object_set_string_member (object, "tag", stage->tag);
      json_object_set_string_member (object, "org_id", stage->org_id);
      json_object_set_string_member (object, "org_name",
                                     sc_org_graph_get_name (graph, stage->org_id));
      json_object_set_string_member (object, "state", sc_rules_stage_state (i, current));
      if (workflow_id != NULL)
        json_object_set_string_member (object, "workflow_id", workflow_id);
      else
        json_object_set_null_member (object, "workflow_id");
      json_object_set_boolean_member (object, "requires_approval", requires_approval);
      json_object_set_boolean_member (object, "can_promote", can_promote);
      /* deny windows: an admin may promote anyway, with a reason */
      json_object_set_boolean_member (object, "override_allowed", override_allowed);
      if (reason != NULL)
        json_object_set_string_member (object, "reason", reason);
      else
        json_object_set_null_member (object, "reason");
      json_object_set_string_member (object, "action",
                                     action != NULL ? action
                                     : requires_approval && !granted ? "request" : "promote");
      /* on the next stage: whether the caller may take that action now, and
       * why not — the server's verdict, which the app shows as it is */
      if (is_next)
        json_object_set_boolean_member (object, "allowed", allowed);
      if (is_next && open_request != NULL)
        json_object_set_object_member (object, "open_request", g_steal_pointer (&open_request));
      else if (is_next)
        json_object_set_null_member (object, "open_request");
    }

  item = json_object_new ();
  path_object = json_object_new ();
  json_object_set_string_member (path_object, "id", path_id);
  json_object_set_string_member (path_object, "name", path->name);
  json_object_set_string_member (path_object, "org_id", path_org_id);
  json_object_set_object_member (item, "path", path_object);
  json_object_set_int_member (item, "current_index", current);
  json_object_set_array_member (item, "stages", stages);
  return item;
}

/* GET /workflows/{id}/stages */
static void
stages_cb (ScRequest *req)
{
  const char *workflow_id = sc_request_param (req, 0);
  g_autoptr(JsonObject) workflow = NULL;
  g_autoptr(JsonObject) latest = NULL;
  g_autoptr(GPtrArray) path_ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = json_array_new ();

  if (sc_request_resource_permission (req, FALSE, workflow_id, SC_PERMISSION_VIEW, NULL) ==
      SC_PERMISSION_NONE)
    return;

  workflow = sc_store_get_workflow (req->store, workflow_id, req->user_id, SC_PERMISSION_VIEW,
                                    &error);
  if (workflow == NULL)
    {
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }
  if (json_object_has_member (workflow, "latest_release") &&
      !json_object_get_null_member (workflow, "latest_release"))
    latest = json_object_ref (json_object_get_object_member (workflow, "latest_release"));
  path_ids = stage_paths (req, workflow, &error);
  if (path_ids == NULL)
    {
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }

  for (guint i = 0; i < path_ids->len; i++)
    {
      JsonObject *item = path_stages (req, workflow, latest, g_ptr_array_index (path_ids, i),
                                      &error);

      if (item == NULL)
        {
          /* the origin path was deleted: nothing to show for it */
          if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
            {
              g_clear_error (&error);
              continue;
            }
          sc_request_reply_store_error (req, error, _("Workflow"));
          return;
        }
      json_array_add_object_element (items, item);
    }

  sc_request_reply_json (req, SOUP_STATUS_OK, sc_page_new (g_steal_pointer (&items), NULL), NULL);
}

/* --- rollback ------------------------------------------------------------------ */

static void
reply_rollback_refused (ScRequest *req,
                        GPtrArray *violations)
{
  gboolean frozen = sc_violations_has_rule (violations, "frozen");
  const char *message = NULL;

  for (guint i = 0; i < violations->len && message == NULL; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      if (!frozen || g_strcmp0 (violation->rule, "frozen") == 0)
        message = violation->reason;
    }

  sc_request_reply_error (req, frozen ? SOUP_STATUS_CONFLICT : 422,
                          frozen ? "conflict" : "validation_failed",
                          sc_violations_to_details (violations), "%s", message);
}

/* The tag of the stage before @tag on @path_id, for the history row. */
static char *
previous_tag (ScRequest  *req,
              const char *path_id,
              const char *tag)
{
  g_autoptr(ScPathSpec) path = NULL;
  int index;

  if (path_id == NULL || tag == NULL)
    return NULL;
  path = sc_store_get_path_spec (req->store, path_id, NULL, NULL, NULL);
  if (path == NULL)
    return NULL;
  index = sc_rules_find_stage (path, tag);
  if (index <= 0)
    return NULL;
  return g_strdup (((ScStage *) g_ptr_array_index (path->stages, index - 1))->tag);
}

static char *
write_rollback (ScRequest   *req,
                JsonObject  *workflow,
                JsonObject  *release,
                const char  *reason,
                GError     **error)
{
  JsonObject *snapshot = json_object_get_object_member (release, "snapshot");
  JsonArray *references = json_object_get_array_member (snapshot, "connections");
  const char *workflow_id = get_string (workflow, "id");
  const char *org_id = get_string (workflow, "org_id");
  g_autoptr(GPtrArray) connection_ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *new_release_id = NULL;
  g_autofree char *source_tag = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) details = json_object_new ();
  ScPromotionRow row = { 0, };
  g_auto(ScPromoContent) content = { NULL, };
  gint64 version = 0;
  gint64 target_version = json_object_get_int_member (release, "version");

  /* The workflow uses the connections of its own org that the snapshot
   * names; one deleted since is left out. */
  for (guint i = 0; references != NULL && i < json_array_get_length (references); i++)
    {
      JsonObject *reference = json_array_get_object_element (references, i);
      g_autoptr(GError) local_error = NULL;
      char *connection_id;

      if (reference == NULL)
        continue;
      connection_id = sc_store_promo_find_connection (req->store, org_id,
                                                      get_string (reference, "service"),
                                                      get_string (reference, "name"),
                                                      &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (connection_id != NULL)
        g_ptr_array_add (connection_ids, connection_id);
    }
  g_ptr_array_add (connection_ids, NULL);

  /* the draft goes back to the snapshot, which is then published */
  sc_promo_content_set_from_snapshot (&content, snapshot);
  if (!sc_store_promo_update_workflow (req->store, workflow_id, &content,
                                       (const char * const *) connection_ids->pdata,
                                       FALSE, NULL, NULL, NULL, NULL, error))
    return NULL;

  /* no notes: the release's "origin" (the promotion record below) holds
   * the version and the reason, which clients put in words */
  new_release_id = sc_store_add_release (req->store, workflow_id, req->user_id, "",
                                         get_string (release, "id"), &version, error);
  if (new_release_id == NULL)
    return NULL;

  if (!sc_store_fault_point (req->store, "rollback.after-release", error))
    return NULL;

  source_tag = previous_tag (req, sc_promotion_origin (workflow, "path_id"),
                             sc_promotion_origin (workflow, "stage"));

  row.kind = "rollback";
  row.release_id = get_string (release, "id");
  row.release_version = target_version;
  row.workflow_id = workflow_id;
  row.path_id = sc_promotion_origin (workflow, "path_id");
  row.source_tag = source_tag;
  row.source_org_id = sc_promotion_origin (workflow, "org_id");
  row.target_tag = sc_promotion_origin (workflow, "stage");
  row.target_org_id = org_id;
  row.target_workflow_id = workflow_id;
  row.target_release_id = new_release_id;
  row.actor_id = req->user_id;
  row.succeeded = TRUE;
  row.reason = reason;
  id = sc_store_insert_promotion (req->store, &row, error);
  if (id == NULL)
    return NULL;

  json_object_set_string_member (details, "promotion_id", id);
  json_object_set_string_member (details, "workflow_id", workflow_id);
  json_object_set_string_member (details, "release_id", get_string (release, "id"));
  json_object_set_int_member (details, "version", target_version);
  json_object_set_string_member (details, "new_release_id", new_release_id);
  json_object_set_int_member (details, "new_version", version);
  json_object_set_string_member (details, "reason", reason);
  if (!sc_store_audit (req->store, org_id, req->user_id, "rollback.succeeded", "promotion", id,
                       details, error))
    return NULL;

  return g_steal_pointer (&id);
}

/* POST /workflows/{id}/rollback */
static void
rollback_cb (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "release_id", SC_FIELD_STRING, TRUE },
    { "reason", SC_FIELD_STRING, TRUE },
  };
  const char *workflow_id = sc_request_param (req, 0);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) workflow = NULL;
  g_autoptr(JsonObject) release = NULL;
  g_autoptr(JsonObject) latest = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  g_autoptr(ScOrgGraph) graph = NULL;
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *version_text = NULL;
  g_autofree char *id = NULL;
  const char *release_id;
  const char *org_name;
  JsonNode *node;

  if (sc_request_resource_permission (req, FALSE, workflow_id, SC_PERMISSION_NONE, &org_id) ==
      SC_PERMISSION_NONE)
    {
      sc_request_reply_not_found (req, _("Workflow"));
      return;
    }
  if (sc_request_role (req, org_id) < SC_ROLE_ADMIN)
    {
      graph = sc_store_load_org_graph (req->store, &error);
      if (graph == NULL)
        {
          sc_request_reply_store_error (req, error, _("Workflow"));
          return;
        }
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              _("Only administrators of %s may roll back its workflows."),
                              sc_org_graph_get_name (graph, org_id));
      return;
    }

  node = sc_request_body_node (req);
  if (node == NULL)
    return;
  if (!sc_json_check_object (node, "", fields, G_N_ELEMENTS (fields), violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return;
    }
  release_id = get_string (json_node_get_object (node), "release_id");
  reason = g_strdup (get_string (json_node_get_object (node), "reason"));
  if (reason != NULL)
    g_strstrip (reason);
  if (reason != NULL && is_blank (reason))
    sc_violations_add_field (violations, "reason",
                             _("Say why you roll back: the reason goes into the history."));
  if (release_id != NULL && *release_id == '\0')
    sc_violations_add_field (violations, "release_id", _("“release_id” must not be empty."));
  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return;
    }

  if (!sc_request_begin (req))
    return;

  workflow = sc_store_get_workflow (req->store, workflow_id, req->user_id, SC_PERMISSION_MANAGE,
                                    &error);
  policy = error == NULL ? sc_store_get_org_policy (req->store, org_id, &error) : NULL;
  graph = error == NULL ? sc_store_load_org_graph (req->store, &error) : NULL;
  if (error != NULL)
    {
      sc_store_transaction_rollback (req->store);
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }
  org_name = sc_org_graph_get_name (graph, org_id);
  latest = json_object_get_member (workflow, "latest_release") != NULL &&
           !json_object_get_null_member (workflow, "latest_release")
           ? json_object_ref (json_object_get_object_member (workflow, "latest_release"))
           : NULL;

  release = sc_store_get_release (req->store, release_id, &error);
  if (release == NULL && !g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
    {
      sc_store_transaction_rollback (req->store);
      sc_request_reply_store_error (req, error, _("Release"));
      return;
    }
  g_clear_error (&error);

  /* the number formatted first: G_GINT64_FORMAT in a msgid cuts it at
   * extraction */
  if (release != NULL)
    version_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                    json_object_get_int_member (release, "version"));
  if (release == NULL || g_strcmp0 (get_string (release, "workflow_id"), workflow_id) != 0)
    sc_violations_add_rule_field (violations, "release", "release_id",
                                  _("“%s” is not a release of this workflow."), release_id);
  else if (get_string (release, "source_release_id") == NULL)
    sc_violations_add_rule_field (violations, "release", "release_id",
                                  /* Translators: "v%s" is a release version, "v3" */
                                  _("v%s was published here, not received by a "
                                    "promotion or rollback; only releases this workflow "
                                    "received can be rolled back to."),
                                  version_text);
  else if (g_strcmp0 (get_string (latest, "id"), get_string (release, "id")) == 0)
    sc_violations_add_rule_field (violations, "release", "release_id",
                                  /* Translators: "v%s" is a release version, "v3" */
                                  _("v%s is already the latest release; roll "
                                    "back to an earlier one."),
                                  version_text);

  if (sc_rules_freeze_in_effect (&policy->freeze, now))
    {
      if (!is_blank (policy->freeze.reason))
        sc_violations_add_rule (violations, "frozen",
                                _("Changes to %s are frozen, rollbacks included: “%s”."),
                                org_name, policy->freeze.reason);
      else
        sc_violations_add_rule (violations, "frozen",
                                _("Changes to %s are frozen, rollbacks included."), org_name);
    }

  if (violations->len > 0)
    {
      sc_store_transaction_rollback (req->store);
      reply_rollback_refused (req, violations);
      return;
    }

  id = write_rollback (req, workflow, release, reason, &error);
  if (id == NULL || !sc_store_transaction_commit (req->store, &error))
    {
      sc_store_transaction_rollback (req->store);
      sc_request_reply_store_error (req, error, _("Workflow"));
      return;
    }

  record = sc_store_get_promotion (req->store, id, &error);
  if (record == NULL)
    {
      sc_request_reply_store_error (req, error, _("Promotion"));
      return;
    }
  sc_request_reply_object (req, SOUP_STATUS_CREATED, g_steal_pointer (&record), NULL);
}

const ScRoute sc_routes_promotions[] = {
  { "POST", "/promotions/preview", preview_cb },
  { "POST", "/promotions", promote_cb },
  { "GET", "/promotions", list_cb },
  { "GET", "/workflows/*/stages", stages_cb },
  { "POST", "/workflows/*/rollback", rollback_cb },
  { NULL }
};
