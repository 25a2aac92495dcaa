/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-path-progress.h"

struct _ScPathProgress
{
  GObject  parent_instance;

  char    *path_id;
  char    *path_name;
  char    *path_org_id;
  int      current_index;
  GArray  *stages;  /* ScProgressStage */
};

G_DEFINE_FINAL_TYPE (ScPathProgress, sc_path_progress, G_TYPE_OBJECT)

static const char * const state_names[] = {
  [SC_STAGE_STATE_LATER] = "later",
  [SC_STAGE_STATE_DONE] = "done",
  [SC_STAGE_STATE_CURRENT] = "current",
  [SC_STAGE_STATE_NEXT] = "next",
};

static const char * const action_names[] = {
  [SC_STAGE_ACTION_PROMOTE] = "promote",
  [SC_STAGE_ACTION_REQUEST] = "request",
  [SC_STAGE_ACTION_VIEW_REQUEST] = "view_request",
};

static guint
name_index (const char         *name,
            const char * const *names,
            guint               n_names)
{
  for (guint i = 0; name != NULL && i < n_names; i++)
    if (g_str_equal (name, names[i]))
      return i;
  return 0;
}

static void
stage_clear (gpointer data)
{
  ScProgressStage *stage = data;

  g_clear_pointer (&stage->tag, g_free);
  g_clear_pointer (&stage->org_id, g_free);
  g_clear_pointer (&stage->org_name, g_free);
  g_clear_pointer (&stage->workflow_id, g_free);
  g_clear_pointer (&stage->reason, g_free);
}

static void
stage_read (ScProgressStage *stage,
            JsonObject      *object)
{
  JsonObject *open_request = sc_json_get_object (object, "open_request");

  stage->tag = g_strdup (sc_json_get_string (object, "tag"));
  stage->org_id = g_strdup (sc_json_get_string (object, "org_id"));
  stage->org_name = g_strdup (sc_json_get_string (object, "org_name"));
  stage->state = name_index (sc_json_get_string (object, "state"), state_names,
                             G_N_ELEMENTS (state_names));
  stage->workflow_id = g_strdup (sc_json_get_string (object, "workflow_id"));
  stage->requires_approval = sc_json_get_bool (object, "requires_approval");
  stage->action = name_index (sc_json_get_string (object, "action"), action_names,
                              G_N_ELEMENTS (action_names));
  stage->allowed = sc_json_get_bool (object, "allowed");
  stage->override_allowed = sc_json_get_bool (object, "override_allowed");
  stage->reason = g_strdup (sc_json_get_string (object, "reason"));
  stage->has_open_request =
    sc_approval_state_from_string (sc_json_get_string (open_request, "state"),
                                   &stage->open_request_state);
  stage->open_request_approvals =
    (guint) CLAMP (sc_json_get_int (open_request, "approvals", 0), 0, G_MAXUINT);
  stage->open_request_required =
    (guint) CLAMP (sc_json_get_int (open_request, "required_approvals", 1), 0, G_MAXUINT);
}

static void
sc_path_progress_finalize (GObject *object)
{
  ScPathProgress *self = SC_PATH_PROGRESS (object);

  g_free (self->path_id);
  g_free (self->path_name);
  g_free (self->path_org_id);
  g_clear_pointer (&self->stages, g_array_unref);

  G_OBJECT_CLASS (sc_path_progress_parent_class)->finalize (object);
}

static void
sc_path_progress_class_init (ScPathProgressClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_path_progress_finalize;
}

static void
sc_path_progress_init (ScPathProgress *self)
{
  self->stages = g_array_new (FALSE, TRUE, sizeof (ScProgressStage));
  g_array_set_clear_func (self->stages, stage_clear);
  self->current_index = -1;
}

ScPathProgress *
sc_path_progress_new_from_json (JsonObject *object)
{
  ScPathProgress *self;
  JsonObject *path = sc_json_get_object (object, "path");
  JsonArray *stages = sc_json_get_array (object, "stages");
  guint n = stages != NULL ? json_array_get_length (stages) : 0;
  gint64 current;

  if (sc_json_get_string (path, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_PATH_PROGRESS, NULL);
  self->path_id = g_strdup (sc_json_get_string (path, "id"));
  self->path_name = g_strdup (sc_json_get_string (path, "name"));
  self->path_org_id = g_strdup (sc_json_get_string (path, "org_id"));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (stages, i);
      ScProgressStage stage = { 0 };

      stage_read (&stage, JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL);
      g_array_append_val (self->stages, stage);
      if (stage.state == SC_STAGE_STATE_CURRENT && self->current_index < 0)
        self->current_index = (int) i;
    }
  current = sc_json_get_int (object, "current_index", G_MININT64);
  if (current != G_MININT64)
    self->current_index = (int) CLAMP (current, -1, G_MAXINT);
  return self;
}

const char *
sc_path_progress_get_path_id (ScPathProgress *self)
{
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (self), NULL);
  return self->path_id;
}

const char *
sc_path_progress_get_path_name (ScPathProgress *self)
{
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (self), NULL);
  return self->path_name;
}

const char *
sc_path_progress_get_path_org_id (ScPathProgress *self)
{
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (self), NULL);
  return self->path_org_id;
}

int
sc_path_progress_get_current_index (ScPathProgress *self)
{
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (self), -1);
  return self->current_index;
}

guint
sc_path_progress_get_n_stages (ScPathProgress *self)
{
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (self), 0);
  return self->stages->len;
}

const ScProgressStage *
sc_path_progress_get_stage (ScPathProgress *self,
                            guint           index)
{
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (self), NULL);
  g_return_val_if_fail (index < self->stages->len, NULL);
  return &g_array_index (self->stages, ScProgressStage, index);
}

const ScProgressStage *
sc_path_progress_get_next_stage (ScPathProgress *self)
{
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (self), NULL);

  if (self->current_index < 0 || (guint) self->current_index + 1 >= self->stages->len)
    return NULL;
  return &g_array_index (self->stages, ScProgressStage, self->current_index + 1);
}
