/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-model.h"
#include "sc-promotion-preview.h"

typedef struct {
  gboolean   allowed;
  GPtrArray *refusals; /* ScViolation */
} Verdict;

struct _ScPromotionPreview
{
  GObject     parent_instance;

  Verdict     verdicts[SC_PROMOTION_ACTION_REQUEST + 1];
  gboolean    requires_approval;
  gboolean    creates_new;
  gboolean    override_allowed;
  gboolean    target_changed;
  GDateTime  *reopens_at;
  char       *release_id;
  guint       release_version;
  char       *target_workflow_id;
  char       *approval_request_id;
  GPtrArray  *missing_connections; /* ScMissingConnection */

  gboolean    has_diff;
  GStrv       steps[SC_DIFF_CHANGED + 1];
  GPtrArray  *config_changes; /* ScConfigChange */
  gboolean    trigger_changed;
  ScTrigger  *trigger_from;
  ScTrigger  *trigger_to;
};

G_DEFINE_FINAL_TYPE (ScPromotionPreview, sc_promotion_preview, G_TYPE_OBJECT)

static void
missing_connection_free (ScMissingConnection *connection)
{
  g_free (connection->service);
  g_free (connection->name);
  g_free (connection);
}

static void
config_change_free (ScConfigChange *change)
{
  g_free (change->key);
  g_clear_pointer (&change->from, json_node_unref);
  g_clear_pointer (&change->to, json_node_unref);
  g_free (change);
}

static void
trigger_free (ScTrigger *trigger)
{
  g_free (trigger->method);
  g_free (trigger->url);
  g_free (trigger);
}

static void
sc_promotion_preview_finalize (GObject *object)
{
  ScPromotionPreview *self = SC_PROMOTION_PREVIEW (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->verdicts); i++)
    g_clear_pointer (&self->verdicts[i].refusals, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->steps); i++)
    g_clear_pointer (&self->steps[i], g_strfreev);
  g_clear_pointer (&self->reopens_at, g_date_time_unref);
  g_free (self->release_id);
  g_free (self->target_workflow_id);
  g_free (self->approval_request_id);
  g_clear_pointer (&self->missing_connections, g_ptr_array_unref);
  g_clear_pointer (&self->config_changes, g_ptr_array_unref);
  g_clear_pointer (&self->trigger_from, trigger_free);
  g_clear_pointer (&self->trigger_to, trigger_free);

  G_OBJECT_CLASS (sc_promotion_preview_parent_class)->finalize (object);
}

static void
sc_promotion_preview_class_init (ScPromotionPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_promotion_preview_finalize;
}

static void
sc_promotion_preview_init (ScPromotionPreview *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->verdicts); i++)
    self->verdicts[i].refusals = sc_violations_new ();
  self->missing_connections = g_ptr_array_new_with_free_func ((GDestroyNotify) missing_connection_free);
  self->config_changes = g_ptr_array_new_with_free_func ((GDestroyNotify) config_change_free);
}

/* The objects of @array (nullable), leaving out any other element. */
static GPtrArray *
objects_of (JsonArray *array)
{
  GPtrArray *objects = g_ptr_array_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (objects, json_node_get_object (node));
    }
  return objects;
}

static void
verdict_read (Verdict    *verdict,
              JsonObject *object)
{
  verdict->allowed = sc_json_get_bool (object, "allowed");
  g_clear_pointer (&verdict->refusals, g_ptr_array_unref);
  /* what has no reason, or neither rule nor field, is left out */
  verdict->refusals = sc_violations_new ();
  sc_violations_add_json (verdict->refusals, sc_json_get_array (object, "refusals"));
}

/* The string elements of @array (nullable), leaving out any other. */
static GStrv
strings_of (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

/* A value of the config diff: JSON null reads as none. */
static JsonNode *
value_of (JsonObject *entry,
          const char *member)
{
  JsonNode *node = sc_json_get_member (entry, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? json_node_copy (node) : NULL;
}

static ScTrigger *
trigger_read (JsonObject *object)
{
  ScTrigger *trigger;

  if (object == NULL)
    return NULL;
  trigger = g_new0 (ScTrigger, 1);
  trigger->method = g_strdup (sc_json_get_string (object, "method"));
  trigger->url = g_strdup (sc_json_get_string (object, "url"));
  return trigger;
}

static void
diff_read (ScPromotionPreview *self,
           JsonObject         *diff)
{
  static const char * const step_lists[] = { "added", "removed", "changed" };
  JsonObject *steps = sc_json_get_object (diff, "steps");
  g_autoptr(GPtrArray) config = objects_of (sc_json_get_array (diff, "config"));
  JsonObject *trigger = sc_json_get_object (diff, "trigger");

  G_STATIC_ASSERT (G_N_ELEMENTS (step_lists) == SC_DIFF_CHANGED + 1);

  self->has_diff = diff != NULL;
  for (guint k = 0; k < G_N_ELEMENTS (step_lists); k++)
    self->steps[k] = strings_of (sc_json_get_array (steps, step_lists[k]));

  for (guint i = 0; i < config->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (config, i);
      const char *key = sc_json_get_string (entry, "key");
      ScConfigChange *change;

      if (key == NULL)
        continue;
      change = g_new0 (ScConfigChange, 1);
      change->key = g_strdup (key);
      change->from = value_of (entry, "from");
      change->to = value_of (entry, "to");
      change->change = change->from == NULL ? SC_DIFF_ADDED
                       : change->to == NULL ? SC_DIFF_REMOVED : SC_DIFF_CHANGED;
      g_ptr_array_add (self->config_changes, change);
    }

  self->trigger_changed = trigger != NULL;
  self->trigger_from = trigger_read (sc_json_get_object (trigger, "from"));
  self->trigger_to = trigger_read (sc_json_get_object (trigger, "to"));
}

ScPromotionPreview *
sc_promotion_preview_new_from_json (JsonObject *object)
{
  JsonObject *release = sc_json_get_object (object, "release");
  g_autoptr(GPtrArray) missing = NULL;
  const char *reopens_at;
  ScPromotionPreview *self;

  if (sc_json_get_string (release, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_PROMOTION_PREVIEW, NULL);
  verdict_read (&self->verdicts[SC_PROMOTION_ACTION_PROMOTE], object);
  verdict_read (&self->verdicts[SC_PROMOTION_ACTION_REQUEST], sc_json_get_object (object, "request"));
  self->requires_approval = sc_json_get_bool (object, "requires_approval");
  self->creates_new = sc_json_get_bool (object, "creates_new");
  self->override_allowed = sc_json_get_bool (object, "override_allowed");
  self->target_changed = sc_json_get_bool (object, "target_changed");
  reopens_at = sc_json_get_string (object, "reopens_at");
  self->reopens_at = reopens_at != NULL ? sc_time_parse (reopens_at) : NULL;
  self->release_id = g_strdup (sc_json_get_string (release, "id"));
  self->release_version = (guint) CLAMP (sc_json_get_int (release, "version", 0), 0, G_MAXUINT);
  self->target_workflow_id = g_strdup (sc_json_get_string (object, "target_workflow_id"));
  self->approval_request_id = g_strdup (sc_json_get_string (object, "approval_request_id"));

  missing = objects_of (sc_json_get_array (object, "missing_connections"));
  for (guint i = 0; i < missing->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (missing, i);
      ScMissingConnection *connection = g_new0 (ScMissingConnection, 1);

      connection->service = g_strdup (sc_json_get_string (entry, "service"));
      connection->name = g_strdup (sc_json_get_string (entry, "name"));
      g_ptr_array_add (self->missing_connections, connection);
    }

  diff_read (self, sc_json_get_object (object, "diff"));
  return self;
}

gboolean
sc_promotion_preview_get_allowed (ScPromotionPreview *self,
                                  ScPromotionAction   action)
{
  g_return_val_if_fail (SC_IS_PROMOTION_PREVIEW (self), FALSE);
  g_return_val_if_fail (action <= SC_PROMOTION_ACTION_REQUEST, FALSE);

  return self->verdicts[action].allowed;
}

GPtrArray *
sc_promotion_preview_get_refusals (ScPromotionPreview *self,
                                   ScPromotionAction   action)
{
  g_return_val_if_fail (SC_IS_PROMOTION_PREVIEW (self), NULL);
  g_return_val_if_fail (action <= SC_PROMOTION_ACTION_REQUEST, NULL);

  return self->verdicts[action].refusals;
}

ScRefusalClass
sc_promotion_preview_get_refusal_class (ScPromotionPreview *self,
                                        ScPromotionAction   action)
{
  GPtrArray *refusals = sc_promotion_preview_get_refusals (self, action);
  ScRefusalClass strongest = SC_REFUSAL_NONE;

  for (guint i = 0; refusals != NULL && i < refusals->len; i++)
    strongest = MAX (strongest, sc_rules_refusal_class (g_ptr_array_index (refusals, i)));
  return strongest;
}

#define GETTER(type, name, fallback) \
  type \
  sc_promotion_preview_get_##name (ScPromotionPreview *self) \
  { \
    g_return_val_if_fail (SC_IS_PROMOTION_PREVIEW (self), fallback); \
    return self->name; \
  }

GETTER (gboolean, requires_approval, FALSE)
GETTER (gboolean, creates_new, FALSE)
GETTER (gboolean, override_allowed, FALSE)
GETTER (gboolean, target_changed, FALSE)
GETTER (GDateTime *, reopens_at, NULL)
GETTER (const char *, release_id, NULL)
GETTER (guint, release_version, 0)
GETTER (const char *, target_workflow_id, NULL)
GETTER (const char *, approval_request_id, NULL)
GETTER (GPtrArray *, missing_connections, NULL)
GETTER (GPtrArray *, config_changes, NULL)

gboolean
sc_promotion_preview_has_diff (ScPromotionPreview *self)
{
  g_return_val_if_fail (SC_IS_PROMOTION_PREVIEW (self), FALSE);

  return self->has_diff;
}

const char * const *
sc_promotion_preview_get_steps (ScPromotionPreview *self,
                                ScDiffChange        change)
{
  g_return_val_if_fail (SC_IS_PROMOTION_PREVIEW (self), NULL);
  g_return_val_if_fail (change <= SC_DIFF_CHANGED, NULL);

  return (const char * const *) self->steps[change];
}

gboolean
sc_promotion_preview_get_trigger_change (ScPromotionPreview *self,
                                         const ScTrigger   **from,
                                         const ScTrigger   **to)
{
  g_return_val_if_fail (SC_IS_PROMOTION_PREVIEW (self), FALSE);

  if (from != NULL)
    *from = self->trigger_from;
  if (to != NULL)
    *to = self->trigger_to;
  return self->trigger_changed;
}
