/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-workflow-stages.h"

struct _ScWorkflowStages
{
  GObject     parent_instance;

  char       *path_id;
  char       *path_name;
  int         current_index;
  GArray     *stages; /* ScWorkflowStage */
  JsonArray  *stages_json;
};

G_DEFINE_FINAL_TYPE (ScWorkflowStages, sc_workflow_stages, G_TYPE_OBJECT)

static void
stage_clear (ScWorkflowStage *stage)
{
  g_clear_pointer (&stage->tag, g_free);
  g_clear_pointer (&stage->org_id, g_free);
  g_clear_pointer (&stage->org_name, g_free);
  g_clear_pointer (&stage->workflow_id, g_free);
  g_clear_pointer (&stage->reason, g_free);
}

static void
stage_read (ScWorkflowStage *stage,
            JsonObject      *object)
{
  static const char * const actions[] = {
    [SC_STAGE_ACTION_PROMOTE] = "promote",
    [SC_STAGE_ACTION_REQUEST] = "request",
    [SC_STAGE_ACTION_VIEW_REQUEST] = "view_request",
  };
  const char *action = sc_json_get_string (object, "action");

  stage->tag = g_strdup (sc_json_get_string (object, "tag"));
  stage->org_id = g_strdup (sc_json_get_string (object, "org_id"));
  stage->org_name = g_strdup (sc_json_get_string (object, "org_name"));
  stage->workflow_id = g_strdup (sc_json_get_string (object, "workflow_id"));
  stage->requires_approval = sc_json_get_bool (object, "requires_approval");
  stage->can_promote = sc_json_get_bool (object, "can_promote");
  stage->override_allowed = sc_json_get_bool (object, "override_allowed");
  stage->allowed = sc_json_get_bool (object, "allowed");
  stage->reason = g_strdup (sc_json_get_string (object, "reason"));
  stage->action = SC_STAGE_ACTION_PROMOTE;
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (action, actions[i]))
      stage->action = i;
}

static void
sc_workflow_stages_finalize (GObject *object)
{
  ScWorkflowStages *self = SC_WORKFLOW_STAGES (object);

  g_free (self->path_id);
  g_free (self->path_name);
  g_clear_pointer (&self->stages, g_array_unref);
  g_clear_pointer (&self->stages_json, json_array_unref);

  G_OBJECT_CLASS (sc_workflow_stages_parent_class)->finalize (object);
}

static void
sc_workflow_stages_class_init (ScWorkflowStagesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_workflow_stages_finalize;
}

static void
sc_workflow_stages_init (ScWorkflowStages *self)
{
  self->stages = g_array_new (FALSE, TRUE, sizeof (ScWorkflowStage));
  g_array_set_clear_func (self->stages, (GDestroyNotify) stage_clear);
}

ScWorkflowStages *
sc_workflow_stages_new_from_json (JsonObject *object)
{
  JsonObject *path = sc_json_get_object (object, "path");
  JsonArray *stages = sc_json_get_array (object, "stages");
  ScWorkflowStages *self;
  gint64 current;

  if (sc_json_get_string (path, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_WORKFLOW_STAGES, NULL);
  self->path_id = g_strdup (sc_json_get_string (path, "id"));
  self->path_name = g_strdup (sc_json_get_string (path, "name"));
  self->stages_json = stages != NULL ? json_array_ref (stages) : NULL;
  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      JsonNode *node = json_array_get_element (stages, i);
      ScWorkflowStage stage = { 0 };

      stage_read (&stage, JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL);
      g_array_append_val (self->stages, stage);
    }
  current = sc_json_get_int (object, "current_index", -1);
  self->current_index = current >= 0 && current < (gint64) self->stages->len ? (int) current : -1;
  return self;
}

const char *
sc_workflow_stages_get_path_id (ScWorkflowStages *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_STAGES (self), NULL);
  return self->path_id;
}

const char *
sc_workflow_stages_get_path_name (ScWorkflowStages *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_STAGES (self), NULL);
  return self->path_name;
}

int
sc_workflow_stages_get_current_index (ScWorkflowStages *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_STAGES (self), -1);
  return self->current_index;
}

guint
sc_workflow_stages_get_n_stages (ScWorkflowStages *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_STAGES (self), 0);
  return self->stages->len;
}

const ScWorkflowStage *
sc_workflow_stages_get_stage (ScWorkflowStages *self,
                              guint             index)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_STAGES (self), NULL);
  g_return_val_if_fail (index < self->stages->len, NULL);
  return &g_array_index (self->stages, ScWorkflowStage, index);
}

const ScWorkflowStage *
sc_workflow_stages_get_next (ScWorkflowStages *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_STAGES (self), NULL);

  if (self->current_index < 0 || (guint) self->current_index + 1 >= self->stages->len)
    return NULL;
  return &g_array_index (self->stages, ScWorkflowStage, self->current_index + 1);
}

JsonArray *
sc_workflow_stages_get_stages_json (ScWorkflowStages *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_STAGES (self), NULL);
  return self->stages_json;
}
