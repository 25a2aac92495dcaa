/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-clock.h"
#include "sc-json.h"
#include "sc-promotion.h"
#include "sc-store-review.h"
#include "sc-rules.h"
#include "sc-server.h"
#include "sc-store-approvals.h"
#include "sc-store-orgs.h"
#include "sc-store-paths.h"
#include "sc-store-promotions.h"
#include "sc-store-workflows.h"

G_DEFINE_QUARK (sc-promotion-error-quark, sc_promotion_error)

/* How far up the origin chain we look for ancestors to keep out of the
 * trigger match; a chain is as long as a path, which is short. */
#define MAX_CHAIN 64

void
sc_promotion_check_free (ScPromotionCheck *check)
{
  if (check == NULL)
    return;

  sc_promo_release_clear (&check->release);
  sc_promo_workflow_clear (&check->workflow);
  g_free (check->path_id);
  g_free (check->path_org_id);
  g_clear_pointer (&check->path, sc_path_spec_free);
  g_free (check->source_tag);
  g_free (check->source_org_id);
  g_free (check->target_tag);
  g_free (check->target_org_id);
  g_clear_pointer (&check->graph, sc_org_graph_unref);
  g_clear_pointer (&check->target_policy, sc_approval_policy_free);
  g_free (check->approval_request_id);
  g_clear_pointer (&check->reopens_at, g_date_time_unref);
  g_free (check->override_reason);
  g_free (check->freeze_reason);
  g_free (check->approval_requester_id);
  g_free (check->target_workflow_id);
  g_clear_pointer (&check->connection_ids, g_ptr_array_unref);
  g_clear_pointer (&check->connections, json_array_unref);
  g_clear_pointer (&check->missing_connections, json_array_unref);
  g_clear_pointer (&check->diff, json_object_unref);
  g_clear_pointer (&check->violations, g_ptr_array_unref);
  g_clear_pointer (&check->request_violations, g_ptr_array_unref);
  g_free (check);
}

/* --- small helpers ---------------------------------------------------------- */

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static const ScStage *
stage_at (const ScPathSpec *path,
          int               index)
{
  if (index < 0 || (guint) index >= path->stages->len)
    return NULL;
  return g_ptr_array_index (path->stages, index);
}

/* --- where a workflow is ------------------------------------------------------ */

const char *
sc_promotion_origin (JsonObject *workflow,
                     const char *member)
{
  g_return_val_if_fail (workflow != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  return get_string (get_object (workflow, "origin"), member);
}

int
sc_promotion_current_index (JsonObject       *workflow,
                            const char       *path_id,
                            const ScPathSpec *path)
{
  g_return_val_if_fail (workflow != NULL, -1);

  return sc_promotion_current_index_of (get_string (workflow, "org_id"),
                                        sc_promotion_origin (workflow, "path_id"),
                                        sc_promotion_origin (workflow, "stage"),
                                        path_id, path);
}

int
sc_promotion_current_index_of (const char       *org_id,
                               const char       *origin_path_id,
                               const char       *origin_stage,
                               const char       *path_id,
                               const ScPathSpec *path)
{
  const ScStage *first;

  g_return_val_if_fail (path != NULL, -1);

  if (origin_path_id != NULL && g_strcmp0 (origin_path_id, path_id) == 0)
    {
      int index = sc_rules_find_stage (path, origin_stage);
      const ScStage *stage = stage_at (path, index);

      /* The path may have been edited since: the stage must still name the
       * org the workflow lives in. */
      if (stage != NULL && g_strcmp0 (stage->org_id, org_id) == 0)
        return index;
      return -1;
    }

  first = stage_at (path, 0);
  if (first != NULL && g_strcmp0 (first->org_id, org_id) == 0)
    return 0;
  return -1;
}

/* --- diff ------------------------------------------------------------------------ */

static char *
step_key (JsonNode *step,
          guint     position)
{
  if (step != NULL && JSON_NODE_HOLDS_OBJECT (step))
    {
      JsonObject *object = json_node_get_object (step);
      const char *names[] = { "id", "name" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          JsonNode *member = json_object_get_member (object, names[i]);

          if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
            continue;
          if (json_node_get_value_type (member) == G_TYPE_STRING)
            return g_strdup (json_node_get_string (member));
          if (json_node_get_value_type (member) == G_TYPE_INT64)
            return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (member));
        }
    }
  return g_strdup_printf ("#%u", position + 1);
}

/* key → step node (borrowed), and the keys in order. A key seen twice
 * falls back to the position, so that no step is lost. */
static GHashTable *
index_steps (JsonArray *steps,
             GPtrArray *keys)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint length = steps != NULL ? json_array_get_length (steps) : 0;

  for (guint i = 0; i < length; i++)
    {
      JsonNode *step = json_array_get_element (steps, i);
      char *key = step_key (step, i);

      if (g_hash_table_contains (index, key))
        {
          g_free (key);
          key = g_strdup_printf ("#%u", i + 1);
        }
      g_ptr_array_add (keys, g_strdup (key));
      g_hash_table_insert (index, key, step);
    }
  return index;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static JsonNode *
copy_or_null (JsonNode *node)
{
  return node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

JsonObject *
sc_promotion_diff (JsonObject *current,
                   JsonObject *incoming)
{
  JsonObject *diff = json_object_new ();
  JsonObject *steps = json_object_new ();
  JsonArray *added = json_array_new ();
  JsonArray *removed = json_array_new ();
  JsonArray *changed = json_array_new ();
  JsonArray *config = json_array_new ();
  g_autoptr(GPtrArray) from_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) to_keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) from_steps = NULL;
  g_autoptr(GHashTable) to_steps = NULL;
  g_autoptr(GHashTable) config_keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted_keys = g_ptr_array_new ();
  JsonObject *from_config = get_object (current, "config");
  JsonObject *to_config = get_object (incoming, "config");
  JsonObject *from_trigger = get_object (current, "trigger");
  JsonObject *to_trigger = get_object (incoming, "trigger");

  g_return_val_if_fail (incoming != NULL, NULL);

  /* steps */
  from_steps = index_steps (get_array (current, "steps"), from_keys);
  to_steps = index_steps (get_array (incoming, "steps"), to_keys);

  for (guint i = 0; i < to_keys->len; i++)
    {
      const char *key = g_ptr_array_index (to_keys, i);
      JsonNode *before = g_hash_table_lookup (from_steps, key);

      if (!g_hash_table_contains (from_steps, key))
        json_array_add_string_element (added, key);
      else if (!nodes_equal (before, g_hash_table_lookup (to_steps, key)))
        json_array_add_string_element (changed, key);
    }
  for (guint i = 0; i < from_keys->len; i++)
    {
      const char *key = g_ptr_array_index (from_keys, i);

      if (!g_hash_table_contains (to_steps, key))
        json_array_add_string_element (removed, key);
    }
  json_object_set_array_member (steps, "added", added);
  json_object_set_array_member (steps, "removed", removed);
  json_object_set_array_member (steps, "changed", changed);
  json_object_set_object_member (diff, "steps", steps);

  /* config: top-level keys, in name order */
  for (guint pass = 0; pass < 2; pass++)
    {
      JsonObject *object = pass == 0 ? from_config : to_config;
      g_autoptr(GList) members = object != NULL ? json_object_get_members (object) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        {
          if (g_hash_table_add (config_keys, l->data))
            g_ptr_array_add (sorted_keys, l->data);
        }
    }
  g_ptr_array_sort (sorted_keys, compare_strings);

  for (guint i = 0; i < sorted_keys->len; i++)
    {
      const char *key = g_ptr_array_index (sorted_keys, i);
      JsonNode *before = from_config != NULL ? json_object_get_member (from_config, key) : NULL;
      JsonNode *after = to_config != NULL ? json_object_get_member (to_config, key) : NULL;
      JsonObject *entry;

      if (nodes_equal (before, after))
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "key", key);
      json_object_set_string_member (entry, "change",
                                     before == NULL ? "added" : after == NULL ? "removed" : "changed");
      json_object_set_member (entry, "from", copy_or_null (before));
      json_object_set_member (entry, "to", copy_or_null (after));
      json_array_add_object_element (config, entry);
    }
  json_object_set_array_member (diff, "config", config);

  /* trigger */
  if (from_trigger != NULL && to_trigger != NULL &&
      g_strcmp0 (get_string (from_trigger, "url"), get_string (to_trigger, "url")) == 0 &&
      g_strcmp0 (get_string (from_trigger, "method"), get_string (to_trigger, "method")) == 0)
    {
      json_object_set_null_member (diff, "trigger");
    }
  else
    {
      JsonObject *trigger = json_object_new ();

      if (from_trigger != NULL)
        json_object_set_object_member (trigger, "from", json_object_ref (from_trigger));
      else
        json_object_set_null_member (trigger, "from");
      if (to_trigger != NULL)
        json_object_set_object_member (trigger, "to", json_object_ref (to_trigger));
      else
        json_object_set_null_member (trigger, "to");
      json_object_set_object_member (diff, "trigger", trigger);
    }

  return diff;
}

/* --- the check ----------------------------------------------------------------------- */

/* A path is visible to members of its owning org and of any of its stages'
 * orgs (copies in later stages travel along paths their org does not own). */
static gboolean
path_visible (ScRequest        *req,
              const char       *path_org_id,
              const ScPathSpec *path)
{
  if (sc_request_role (req, path_org_id) != SC_ROLE_NONE)
    return TRUE;
  for (guint i = 0; i < path->stages->len; i++)
    {
      const ScStage *stage = g_ptr_array_index (path->stages, i);

      if (sc_request_role (req, stage->org_id) != SC_ROLE_NONE)
        return TRUE;
    }
  return FALSE;
}

/* The source and its origin chain: workflows the trigger match must not
 * pick (in a same-org path they share the trigger). */
static GStrv
chain_ids (ScStore               *store,
           const ScPromoWorkflow *workflow,
           GError               **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *next = g_strdup (workflow->origin_workflow_id);

  g_strv_builder_add (builder, workflow->id);
  for (guint depth = 0; next != NULL && depth < MAX_CHAIN; depth++)
    {
      ScPromoWorkflow ancestor = { 0, };
      g_autoptr(GError) local_error = NULL;
      gboolean found;

      g_strv_builder_add (builder, next);
      found = sc_store_promo_get_workflow (store, next, &ancestor, &local_error);
      g_clear_pointer (&next, g_free);
      if (!found)
        {
          if (!g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;
        }
      next = g_steal_pointer (&ancestor.origin_workflow_id);
      sc_promo_workflow_clear (&ancestor);
    }

  return g_strv_builder_end (builder);
}

/* Gathers what the core rule needs to know of the request the caller
 * names. @expires_at (out) is set when it has an expiry date. */
static gboolean
named_request_facts (ScRequest            *req,
                     ScPromotionCheck     *check,
                     const char           *request_id,
                     ScNamedRequestFacts  *facts,
                     GError              **error)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *tag;

  facts->id = request_id;
  request = sc_store_get_approval_request (req->store, request_id, &local_error);
  if (request == NULL)
    {
      if (!g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  facts->exists = g_strcmp0 (get_string (get_object (request, "requester"), "id"),
                             req->user_id) == 0;
  tag = get_string (get_object (request, "target"), "tag");
  facts->matches = g_strcmp0 (get_string (get_object (request, "release"), "id"),
                              check->release_id) == 0 &&
                   g_strcmp0 (get_string (get_object (request, "path"), "id"),
                              check->path_id) == 0 &&
                   tag != NULL && g_ascii_strcasecmp (tag, check->target_tag) == 0;
  facts->state = SC_APPROVAL_STATE_PENDING;
  sc_approval_state_from_string (get_string (request, "state"), &facts->state);
  facts->expires_at = sc_time_parse (get_string (request, "expires_at"));
  return TRUE;
}

static gboolean
find_approval (ScRequest        *req,
               ScPromotionCheck *check,
               GDateTime        *now,
               GError          **error)
{
  g_autoptr(JsonArray) requests = NULL;

  requests = sc_store_promo_list_approved_requests (req->store, check->release_id, check->path_id,
                                                    check->target_tag, req->user_id, error);
  if (requests == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      g_autoptr(GDateTime) expires = sc_time_parse (get_string (request, "expires_at"));

      /* the store lists approved, unused requests: only expiry is left */
      if (!sc_rules_request_usable (SC_APPROVAL_STATE_APPROVED, expires, now))
        continue;
      check->approval_request_id = g_strdup (get_string (request, "id"));
      check->approval_requester_id = g_strdup (get_string (request, "requester_id"));
      break;
    }
  return TRUE;
}

static gboolean
resolve_connections (ScRequest        *req,
                     ScPromotionCheck *check,
                     GError          **error)
{
  JsonArray *references = check->release.connections;
  guint length = references != NULL ? json_array_get_length (references) : 0;

  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (references, i);
      JsonObject *reference = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *service = get_string (reference, "service");
      const char *name = get_string (reference, "name");
      g_autofree char *id = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonObject *entry;

      if (service == NULL || name == NULL)
        continue;

      id = sc_store_promo_find_connection (req->store, check->target_org_id, service, name,
                                           &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      entry = json_object_new ();
      json_object_set_string_member (entry, "service", service);
      json_object_set_string_member (entry, "name", name);
      if (id != NULL)
        {
          json_array_add_object_element (check->connections, entry);
          g_ptr_array_add (check->connection_ids, g_steal_pointer (&id));
        }
      else
        {
          g_autofree char *reason = NULL;

          json_array_add_object_element (check->missing_connections, entry);
          /* Translators: "Acme Production has no slack connection “Alerts”:
           * create it there first." */
          reason = g_strdup_printf (_("%s has no %s connection “%s”: create it there first."),
                                    sc_org_graph_get_name (check->graph, check->target_org_id),
                                    service, name);
          /* a promotion and a request to promote alike */
          sc_violations_add_rule (check->violations, "connections", "%s", reason);
          sc_violations_add_rule (check->request_violations, "connections", "%s", reason);
        }
    }
  return TRUE;
}

ScPromotionCheck *
sc_promotion_check (ScRequest              *req,
                    const char             *release_id,
                    const char             *path_id,
                    const char             *target_stage,
                    const char             *approval_request_id,
                    ScPromotionCheckFlags   flags,
                    GError                **error)
{
  return sc_promotion_check_with_override (req, release_id, path_id, target_stage,
                                           approval_request_id, NULL, flags, error);
}

ScPromotionCheck *
sc_promotion_check_with_override (ScRequest              *req,
                                  const char             *release_id,
                                  const char             *path_id,
                                  const char             *target_stage,
                                  const char             *approval_request_id,
                                  const char             *override_reason,
                                  ScPromotionCheckFlags   flags,
                                  GError                **error)
{
  g_autoptr(ScPromotionCheck) check = g_new0 (ScPromotionCheck, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(GDateTime) named_expires = NULL;
  g_autofree char *workflow_org_id = NULL;
  ScNamedRequestFacts named = { 0, };
  ScPromotionFacts facts = { 0, };
  const ScStage *current;
  const ScStage *target;
  g_autoptr(GDateTime) arrived_at = NULL;
  ScFreezeState freeze = { 0, };

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (release_id != NULL, NULL);
  g_return_val_if_fail (path_id != NULL, NULL);
  g_return_val_if_fail (target_stage != NULL, NULL);

  check->violations = sc_violations_new ();
  check->request_violations = sc_violations_new ();
  check->connection_ids = g_ptr_array_new_with_free_func (g_free);
  check->connections = json_array_new ();
  check->missing_connections = json_array_new ();
  check->current_index = -1;
  check->target_index = -1;

  /* the release, and whether the caller may see its workflow */
  if (!sc_store_promo_get_release (req->store, release_id, &check->release, &local_error))
    {
      if (g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_RELEASE,
                             "No such release");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  check->release_id = check->release.id;
  check->release_version = check->release.version;
  check->workflow_id = check->release.workflow_id;

  check->source_permission = sc_request_resource_permission (req, FALSE, check->workflow_id,
                                                             SC_PERMISSION_NONE, &workflow_org_id);
  if (check->source_permission == SC_PERMISSION_NONE && (flags & SC_PROMOTION_CHECK_FOR_REVIEW))
    check->source_permission = SC_PERMISSION_VIEW;
  if (check->source_permission == SC_PERMISSION_NONE)
    {
      g_set_error_literal (error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_RELEASE,
                           "Release not visible");
      return NULL;
    }

  if (!sc_store_promo_get_workflow (req->store, check->workflow_id, &check->workflow, error))
    return NULL;
  check->workflow_org_id = check->workflow.org_id;

  /* the path */
  check->path_id = g_strdup (path_id);
  check->path = sc_store_get_path_spec (req->store, path_id, &check->path_org_id, NULL,
                                        &local_error);
  if (check->path == NULL)
    {
      if (g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
        g_set_error_literal (error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_PATH,
                             "No such path");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!(flags & SC_PROMOTION_CHECK_FOR_REVIEW) &&
      !path_visible (req, check->path_org_id, check->path))
    {
      g_set_error_literal (error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_PATH,
                           "Path not visible");
      return NULL;
    }

  check->graph = sc_store_load_org_graph (req->store, error);
  if (check->graph == NULL)
    return NULL;

  /* the stages */
  check->current_index = sc_promotion_current_index_of (check->workflow.org_id,
                                                        check->workflow.origin_path_id,
                                                        check->workflow.origin_stage,
                                                        path_id, check->path);
  current = stage_at (check->path, check->current_index);
  check->source_tag = current != NULL ? g_strdup (current->tag) : NULL;
  check->source_org_id = g_strdup (current != NULL ? current->org_id : check->workflow_org_id);

  check->target_index = sc_rules_find_stage (check->path, target_stage);
  target = stage_at (check->path, check->target_index);
  check->target_tag = g_strdup (target != NULL ? target->tag : target_stage);

  if (target != NULL)
    {
      check->target_org_id = g_strdup (target->org_id);
      check->target_role = sc_request_role (req, target->org_id);
      check->target_policy = sc_store_get_org_policy (req->store, target->org_id, error);
      if (check->target_policy == NULL)
        return NULL;
      check->requires_approval = check->target_policy->enabled;
      sc_rules_freeze_state (check->target_policy, now, &freeze);
      check->frozen = freeze.frozen;
      check->freeze_reason = g_strdup (freeze.reason);
      check->reopens_at = freeze.reopens_at != NULL ? g_date_time_ref (freeze.reopens_at) : NULL;
      /* the zone of the window that froze it, else the org's */
      facts.time_zone = freeze.time_zone;
      facts.emergency_stop = freeze.emergency_stop;
      facts.override_allowed = freeze.override_allowed;
      sc_freeze_state_clear (&freeze);

      if (!sc_store_promo_already_promoted (req->store, check->release_id, path_id,
                                            check->target_tag, &check->already_promoted, error))
        return NULL;

      /* approval */
      if (approval_request_id != NULL)
        {
          if (!named_request_facts (req, check, approval_request_id, &named, error))
            return NULL;
          named_expires = named.expires_at;
          facts.named_request = &named;
          if (named.exists && named.matches &&
              sc_rules_request_usable (named.state, named.expires_at, now))
            {
              check->approval_request_id = g_strdup (approval_request_id);
              check->approval_requester_id = g_strdup (req->user_id);
            }
        }
      else if (!find_approval (req, check, now, error))
        {
          return NULL;
        }

      /* the target workflow: the linked copy, else one with the same trigger */
      check->target_workflow_id = sc_store_promo_find_linked (req->store, target->org_id,
                                                              check->workflow_id, path_id,
                                                              check->target_tag, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (check->target_workflow_id == NULL)
        {
          g_auto(GStrv) exclude = chain_ids (req->store, &check->workflow, error);

          if (exclude == NULL)
            return NULL;
          check->target_workflow_id =
            sc_store_promo_find_by_trigger (req->store, target->org_id,
                                            check->release.trigger_url,
                                            check->release.trigger_method,
                                            path_id, check->target_tag,
                                            (const char * const *) exclude, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
      check->creates_new = check->target_workflow_id == NULL;
    }

  /* the rules */
  facts.path = check->path;
  facts.current_index = check->current_index;
  facts.target_tag = target_stage;
  facts.release_is_workflows = TRUE; /* the workflow was found through the release */
  facts.already_promoted = check->already_promoted;
  facts.source_permission = check->source_permission;
  facts.target_role = check->target_role;
  facts.approvals_enabled = check->requires_approval;
  facts.approval_granted = check->approval_request_id != NULL;
  facts.frozen = check->frozen;
  facts.freeze_reason = check->freeze_reason;
  facts.reopens_at = check->reopens_at;
  /* soak time: the release arrived in the stage it leaves when it was made
   * there (published, or created by the promotion into it) */
  if (target != NULL)
    {
      facts.soak_required_seconds = target->soak_seconds;
      arrived_at = sc_time_parse (check->release.created_at);
      facts.arrived_at = arrived_at;
    }
  facts.release_blocked = check->release.blocked_reason != NULL;
  facts.block_reason = check->release.blocked_reason;
  facts.release_version = check->release_version;
  facts.now = now;
  /* the same facts judged for both things the caller could do */
  facts.action = SC_PROMOTION_ACTION_PROMOTE;
  check->override_possible = sc_rules_override_possible (&facts);
  facts.override_reason = override_reason;
  sc_rules_check_promotion (&facts, check->graph, req->hierarchy, check->violations);
  if (check->frozen && override_reason != NULL &&
      !sc_violations_has_rule (check->violations, "frozen"))
    check->override_reason = g_strdup (override_reason);
  /* an override is worth offering only when the freeze is all that
   * refuses */
  for (guint i = 0; check->override_possible && i < check->violations->len; i++)
    if (g_strcmp0 (((const ScViolation *) g_ptr_array_index (check->violations, i))->rule,
                   "frozen") != 0)
      check->override_possible = FALSE;
  facts.override_reason = NULL;
  facts.action = SC_PROMOTION_ACTION_REQUEST;
  sc_rules_check_promotion (&facts, check->graph, req->hierarchy, check->request_violations);

  if (target != NULL && !resolve_connections (req, check, error))
    return NULL;

  sc_rules_sort_refusals (check->violations);
  sc_rules_sort_refusals (check->request_violations);

  if (!(flags & SC_PROMOTION_CHECK_NO_DIFF))
    {
      g_autoptr(JsonObject) current_target = NULL;

      if (check->target_workflow_id != NULL)
        {
          current_target = sc_store_get_workflow (req->store, check->target_workflow_id, NULL,
                                                  SC_PERMISSION_NONE, error);
          if (current_target == NULL)
            return NULL;
        }
      check->diff = sc_promotion_diff (current_target, sc_promo_release_get_snapshot (&check->release));
    }

  return g_steal_pointer (&check);
}

gboolean
sc_promotion_check_allowed (const ScPromotionCheck *check)
{
  g_return_val_if_fail (check != NULL, FALSE);

  return check->violations->len == 0;
}

gboolean
sc_promotion_check_request_allowed (const ScPromotionCheck *check)
{
  g_return_val_if_fail (check != NULL, FALSE);

  return check->request_violations->len == 0;
}

void
sc_promotion_check_request_row (const ScPromotionCheck *check,
                                ScApprovalRequestRow   *row)
{
  g_return_if_fail (check != NULL && check->target_policy != NULL);
  g_return_if_fail (row != NULL);

  row->workflow_id = check->workflow_id;
  row->release_id = check->release_id;
  row->path_id = check->path_id;
  row->path_name = check->path->name;
  row->source_tag = check->source_tag;
  row->source_org_id = check->source_org_id;
  row->target_tag = check->target_tag;
  row->target_org_id = check->target_org_id;
  row->required_approvals = check->target_policy->required_approvals;
}

static JsonObject *
stage_object (const ScPromotionCheck *check,
              const char             *tag,
              const char             *org_id)
{
  JsonObject *object = json_object_new ();

  set_string_or_null (object, "tag", tag);
  set_string_or_null (object, "org_id", org_id);
  set_string_or_null (object, "org_name",
                      org_id != NULL ? sc_org_graph_get_name (check->graph, org_id) : NULL);
  return object;
}

gboolean
sc_promotion_target_etag (ScStore     *store,
                          const char  *target_workflow_id,
                          char       **etag,
                          GError     **error)
{
  g_autoptr(JsonObject) workflow = NULL;

  g_return_val_if_fail (etag != NULL, FALSE);

  *etag = NULL;
  if (target_workflow_id == NULL)
    return TRUE;
  workflow = sc_store_get_workflow (store, target_workflow_id, NULL, SC_PERMISSION_NONE, error);
  if (workflow == NULL)
    return FALSE;
  *etag = g_strdup (get_string (workflow, "etag"));
  return TRUE;
}

gboolean
sc_promotion_record_request_target (ScStore                *store,
                                    const char             *request_id,
                                    const ScPromotionCheck *check,
                                    GError                **error)
{
  g_autofree char *etag = NULL;

  g_return_val_if_fail (check != NULL, FALSE);

  return sc_promotion_target_etag (store, check->target_workflow_id, &etag, error) &&
         sc_store_record_request_target (store, request_id, check->target_workflow_id, etag,
                                         error);
}

JsonObject *
sc_promotion_check_to_preview (const ScPromotionCheck *check)
{
  JsonObject *preview = json_object_new ();
  JsonObject *release = json_object_new ();
  JsonObject *request = json_object_new ();

  g_return_val_if_fail (check != NULL, NULL);

  json_object_set_boolean_member (preview, "allowed", sc_promotion_check_allowed (check));
  json_object_set_member (preview, "refusals", sc_violations_to_refusals (check->violations));
  /* the same judgement for a request to promote, so that no client needs
   * to know which rules a request is spared */
  json_object_set_boolean_member (request, "allowed", sc_promotion_check_request_allowed (check));
  json_object_set_member (request, "refusals",
                          sc_violations_to_refusals (check->request_violations));
  json_object_set_object_member (preview, "request", request);
  json_object_set_boolean_member (preview, "requires_approval", check->requires_approval);
  set_string_or_null (preview, "target_workflow_id", check->target_workflow_id);
  json_object_set_boolean_member (preview, "creates_new", check->creates_new);
  json_object_set_array_member (preview, "missing_connections",
                                json_array_ref (check->missing_connections));
  if (check->diff != NULL)
    json_object_set_object_member (preview, "diff", json_object_ref (check->diff));
  else
    json_object_set_null_member (preview, "diff");

  json_object_set_string_member (release, "id", check->release_id);
  json_object_set_int_member (release, "version", check->release_version);
  json_object_set_object_member (preview, "release", release);
  json_object_set_string_member (preview, "workflow_id", check->workflow_id);
  json_object_set_object_member (preview, "source",
                                 stage_object (check, check->source_tag, check->source_org_id));
  json_object_set_object_member (preview, "target",
                                 stage_object (check, check->target_tag, check->target_org_id));
  set_string_or_null (preview, "approval_request_id", check->approval_request_id);
  /* deny windows: whether the caller may override the freeze (with a
   * reason), and when it reopens */
  json_object_set_boolean_member (preview, "override_allowed", check->override_possible);
  if (check->frozen && check->reopens_at != NULL)
    {
      g_autofree char *reopens_at = sc_time_format (check->reopens_at);

      json_object_set_string_member (preview, "reopens_at", reopens_at);
    }
  else
    json_object_set_null_member (preview, "reopens_at");

  return preview;
}

/* --- refusals ------------------------------------------------------------------------ */

guint
sc_promotion_refusal_status (GPtrArray          *violations,
                             const ScViolation **first)
{
  ScRefusalClass klass;

  g_return_val_if_fail (violations != NULL, 422);

  klass = sc_rules_sort_refusals (violations);
  if (first != NULL)
    *first = violations->len > 0 ? g_ptr_array_index (violations, 0) : NULL;

  switch (klass)
    {
    case SC_REFUSAL_FORBIDDEN:
      return 403;
    case SC_REFUSAL_CONFLICT:
      return 409;
    case SC_REFUSAL_NONE:
    case SC_REFUSAL_INVALID:
    default:
      return 422;
    }
}

static const char *
status_code (guint status)
{
  switch (status)
    {
    case 403:
      return "forbidden";
    case 409:
      return "conflict";
    default:
      return "validation_failed";
    }
}

void
sc_promotion_reply_refused (ScRequest *req,
                            GPtrArray *violations)
{
  const ScViolation *first = NULL;
  guint status = sc_promotion_refusal_status (violations, &first);

  sc_request_reply_error (req, status, status_code (status),
                          sc_violations_to_details (violations), "%s",
                          first != NULL ? first->reason : _("This promotion is not allowed."));
}

void
sc_promotion_reply_error (ScRequest    *req,
                          const GError *error)
{
  if (g_error_matches (error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_RELEASE))
    sc_request_reply_not_found (req, _("Release"));
  else if (g_error_matches (error, SC_PROMOTION_ERROR, SC_PROMOTION_ERROR_NO_PATH))
    sc_request_reply_not_found (req, _("Promotion path"));
  else
    sc_request_reply_store_error (req, error, _("Promotion"));
}

/* --- writes ----------------------------------------------------------------------------- */

/* {tag, org_id, org_name} as stage_object () has it, written as text */
static void
write_stage (GString                *out,
             const ScPromotionCheck *check,
             const char             *tag,
             const char             *org_id)
{
  g_string_append (out, "{\"tag\":");
  sc_json_write_string (out, tag);
  g_string_append (out, ",\"org_id\":");
  sc_json_write_string (out, org_id);
  g_string_append (out, ",\"org_name\":");
  sc_json_write_string (out, org_id != NULL ? sc_org_graph_get_name (check->graph, org_id) : NULL);
  g_string_append_c (out, '}');
}

/* The audit details of a promotion, {promotion_id, workflow_id, release_id,
 * version, path_id, source, target, …}, written straight as text: an open
 * object that the caller ends with its own members and "}". */
static GString *
audit_details (const ScPromotionCheck *check,
               const char             *promotion_id)
{
  GString *out = g_string_sized_new (512);

  g_string_append (out, "{\"promotion_id\":");
  sc_json_write_string (out, promotion_id);
  g_string_append (out, ",\"workflow_id\":");
  sc_json_write_string (out, check->workflow_id);
  g_string_append (out, ",\"release_id\":");
  sc_json_write_string (out, check->release_id);
  g_string_append (out, ",\"version\":");
  sc_json_write_int (out, check->release_version);
  g_string_append (out, ",\"path_id\":");
  sc_json_write_string (out, check->path_id);
  g_string_append (out, ",\"source\":");
  write_stage (out, check, check->source_tag, check->source_org_id);
  g_string_append (out, ",\"target\":");
  write_stage (out, check, check->target_tag, check->target_org_id);
  return out;
}

char *
sc_promotion_record_refusal (ScRequest         *req,
                             ScPromotionCheck  *check,
                             GError           **error)
{
  g_autofree char *id = NULL;
  g_autofree char *details = NULL;
  g_autofree char *rules = NULL;
  g_autoptr(JsonNode) refusals = NULL;
  GString *out;
  const ScViolation *first = NULL;
  ScPromotionRow row = { 0, };

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (check != NULL, NULL);

  sc_promotion_refusal_status (check->violations, &first);

  row.kind = "promote";
  row.release_id = check->release_id;
  row.release_version = check->release_version;
  row.workflow_id = check->workflow_id;
  row.path_id = check->path_id;
  row.source_tag = check->source_tag;
  row.source_org_id = check->source_org_id;
  row.target_tag = check->target_tag;
  row.target_org_id = check->target_org_id;
  row.actor_id = req->user_id;
  row.succeeded = FALSE;
  /* the rule that decided the answer: more telling in history than the
   * HTTP code */
  row.error_code = first != NULL && first->rule != NULL ? first->rule : "validation_failed";
  /* no sentence is stored, only the rule (a fact): the history says it in
   * the reader's language (sc_rules_refusal_summary ()) */
  row.error_message = NULL;

  id = sc_store_insert_promotion (req->store, &row, error);
  if (id == NULL)
    return NULL;

  refusals = sc_violations_to_refusals (check->violations);
  /* the audit keeps which rules refused (and on which field), not the
   * sentences of the answer, which are in the server's language */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (refusals)); i++)
    json_object_remove_member (json_array_get_object_element (json_node_get_array (refusals), i),
                               "reason");
  rules = sc_json_to_string (refusals);
  out = audit_details (check, id);
  g_string_append (out, ",\"rules\":");
  g_string_append (out, rules);
  g_string_append_c (out, '}');
  details = sc_json_finish (out);
  if (!sc_store_audit_text (req->store, check->workflow_org_id, req->user_id, "promotion.failed",
                            "promotion", id, details, error))
    return NULL;

  return g_steal_pointer (&id);
}

/* The release's snapshot with the connections as the target resolved them. */
static JsonObject *
target_snapshot (ScPromotionCheck *check)
{
  JsonObject *source = sc_promo_release_get_snapshot (&check->release);
  JsonObject *snapshot = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (source);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (strcmp (l->data, "connections") == 0)
        continue;
      json_object_set_member (snapshot, l->data, json_object_dup_member (source, l->data));
    }
  json_object_set_array_member (snapshot, "connections", json_array_ref (check->connections));
  return snapshot;
}

/* Whether the target resolved every connection of the release as it
 * names it (each {service, name}, in order): then the target's snapshot is
 * the release's, text and all, and need not be written again. */
static gboolean
same_connections (ScPromotionCheck *check)
{
  JsonArray *references = check->release.connections;
  guint length = references != NULL ? json_array_get_length (references) : 0;

  if (check->release.snapshot_text == NULL ||
      length != json_array_get_length (check->connections))
    return FALSE;
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (references, i);

      if (!JSON_NODE_HOLDS_OBJECT (node) || json_object_get_size (json_node_get_object (node)) != 2 ||
          !json_node_equal (node, json_array_get_element (check->connections, i)))
        return FALSE;
    }
  return TRUE;
}

/* The promotion_completed event's data, written straight as text. */
static char *
event_data (const ScPromotionCheck *check,
            const char             *promotion_id,
            const char             *target_workflow_id)
{
  GString *out = g_string_sized_new (512);

  g_string_append (out, "{\"promotion_id\":");
  sc_json_write_string (out, promotion_id);
  g_string_append (out, ",\"workflow_id\":");
  sc_json_write_string (out, check->workflow_id);
  g_string_append (out, ",\"workflow_name\":");
  sc_json_write_string (out, check->workflow.name);
  g_string_append (out, ",\"release\":{\"id\":");
  sc_json_write_string (out, check->release_id);
  g_string_append (out, ",\"version\":");
  sc_json_write_int (out, check->release_version);
  g_string_append (out, "},\"source\":");
  write_stage (out, check, check->source_tag, check->source_org_id);
  g_string_append (out, ",\"target\":");
  write_stage (out, check, check->target_tag, check->target_org_id);
  g_string_append (out, ",\"target_workflow_id\":");
  sc_json_write_string (out, target_workflow_id);
  g_string_append (out, ",\"approval_request_id\":");
  sc_json_write_string (out, check->approval_request_id);
  g_string_append_c (out, '}');
  return sc_json_finish (out);
}

char *
sc_promotion_execute (ScRequest         *req,
                      ScPromotionCheck  *check,
                      GError           **error)
{
  return sc_promotion_execute_record (req, check, NULL, error);
}

char *
sc_promotion_execute_record (ScRequest         *req,
                             ScPromotionCheck  *check,
                             char             **record,
                             GError           **error)
{
  ScStore *store;
  g_autofree char *details_text = NULL;
  g_autofree char *data = NULL;
  GString *out;
  g_autofree char *target_workflow_id = NULL;
  g_autofree char *target_release_id = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) connection_ids = NULL;
  ScPromotionRow row = { 0, };
  gint64 version = 0;

  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (check != NULL, NULL);
  g_return_val_if_fail (sc_promotion_check_allowed (check), NULL);
  g_return_val_if_fail (check->target_org_id != NULL && check->source_tag != NULL, NULL);

  store = req->store;
  connection_ids = g_ptr_array_copy (check->connection_ids, (GCopyFunc) g_strdup, NULL);
  g_ptr_array_set_free_func (connection_ids, g_free);
  g_ptr_array_add (connection_ids, NULL);

  /* the target workflow */
  if (check->creates_new)
    {
      target_workflow_id =
        sc_store_promo_create_workflow (store, check->target_org_id, req->user_id,
                                        &check->release.content,
                                        (const char * const *) connection_ids->pdata,
                                        check->workflow_id, check->workflow_org_id,
                                        check->path_id, check->target_tag, error);
      if (target_workflow_id == NULL)
        return NULL;
    }
  else
    {
      target_workflow_id = g_strdup (check->target_workflow_id);
      if (!sc_store_promo_update_workflow (store, target_workflow_id, &check->release.content,
                                           (const char * const *) connection_ids->pdata,
                                           TRUE, check->workflow_id, check->workflow_org_id,
                                           check->path_id, check->target_tag, error))
        return NULL;
    }

  if (!sc_store_fault_point (store, "promotion.after-workflow", error))
    return NULL;

  /* its release: no notes; the promotion record written below is where it
   * came from (the release's "origin"), which clients put in words */
  /* publishes the draft just written: the snapshot, with the connections
   * as the target resolved them */
  {
    g_autofree char *snapshot_text = NULL;

    if (!same_connections (check))
      {
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

        json_node_take_object (node, target_snapshot (check));
        snapshot_text = sc_json_to_string (node);
      }
    target_release_id = sc_store_add_release_snapshot (store, target_workflow_id, req->user_id, "",
                                                       check->release_id,
                                                       snapshot_text != NULL
                                                       ? snapshot_text
                                                       : check->release.snapshot_text,
                                                       &version, error);
  }
  if (target_release_id == NULL)
    return NULL;

  if (!sc_store_fault_point (store, "promotion.after-release", error))
    return NULL;

  if (!sc_store_promo_mark_promoted (store, check->workflow_id, error))
    return NULL;

  /* the history */
  row.kind = "promote";
  row.release_id = check->release_id;
  row.release_version = check->release_version;
  row.workflow_id = check->workflow_id;
  row.path_id = check->path_id;
  row.source_tag = check->source_tag;
  row.source_org_id = check->source_org_id;
  row.target_tag = check->target_tag;
  row.target_org_id = check->target_org_id;
  row.target_workflow_id = target_workflow_id;
  row.target_release_id = target_release_id;
  row.created_new = check->creates_new;
  row.actor_id = req->user_id;
  row.succeeded = TRUE;
  row.approval_request_id = check->approval_request_id;
  id = sc_store_insert_promotion_record (store, &row,
                                         record != NULL && req->user != NULL
                                         ? sc_json_get_string (req->user, "email") : NULL,
                                         record, error);
  if (id == NULL)
    return NULL;

  if (check->approval_request_id != NULL &&
      !sc_store_set_approval_state (store, check->approval_request_id,
                                    SC_APPROVAL_STATE_APPROVED, SC_APPROVAL_STATE_COMPLETED,
                                    error))
    return NULL;

  /* the audit, in both orgs */
  out = audit_details (check, id);
  g_string_append (out, ",\"target_workflow_id\":");
  sc_json_write_string (out, target_workflow_id);
  g_string_append (out, ",\"target_release_id\":");
  sc_json_write_string (out, target_release_id);
  g_string_append (out, ",\"target_version\":");
  sc_json_write_int (out, version);
  g_string_append (out, check->creates_new ? ",\"created_new\":true" : ",\"created_new\":false");
  g_string_append (out, ",\"approval_request_id\":");
  sc_json_write_string (out, check->approval_request_id);
  g_string_append_c (out, '}');
  /* written once for every row that carries it */
  details_text = sc_json_finish (out);
  if (!sc_store_audit_text (store, check->workflow_org_id, req->user_id, "promotion.succeeded",
                            "promotion", id, details_text, error))
    return NULL;
  if (g_strcmp0 (check->target_org_id, check->workflow_org_id) != 0 &&
      !sc_store_audit_text (store, check->target_org_id, req->user_id, "promotion.succeeded",
                            "promotion", id, details_text, error))
    return NULL;
  /* an override of a deny window is audited where the window is */
  if (check->override_reason != NULL)
    {
      g_autofree char *override = NULL;

      out = audit_details (check, id);
      g_string_append (out, ",\"override_reason\":");
      sc_json_write_string (out, check->override_reason);
      g_string_append (out, ",\"window_reason\":");
      sc_json_write_string (out, check->freeze_reason);
      g_string_append_c (out, '}');
      override = sc_json_finish (out);
      if (!sc_store_audit_text (store, check->target_org_id, req->user_id, "freeze.overridden",
                                "promotion", id, override, error))
        return NULL;
    }
  if (check->approval_request_id != NULL &&
      !sc_store_audit_text (store, check->target_org_id, req->user_id, "approval.completed",
                            "approval_request", check->approval_request_id, details_text, error))
    return NULL;

  /* the notifications */
  data = event_data (check, id, target_workflow_id);
  if (!sc_store_add_event_text (store, req->user_id, "promotion_completed", data, error))
    return NULL;
  if (check->approval_requester_id != NULL &&
      g_strcmp0 (check->approval_requester_id, req->user_id) != 0 &&
      !sc_store_add_event_text (store, check->approval_requester_id, "promotion_completed",
                                data, error))
    return NULL;

  return g_steal_pointer (&id);
}
