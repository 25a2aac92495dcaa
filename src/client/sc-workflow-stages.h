/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where a workflow stands on one promotion path: one item of
 * GET /workflows/{id}/stages ({path, current_index, stages}), read once.
 * What the caller may do on the next stage is the server's verdict
 * ("allowed", "reason", "action"), shown as it is. */

/* What the next stage's button does (the stage's "action"). */
typedef enum {
  SC_STAGE_ACTION_PROMOTE,
  SC_STAGE_ACTION_REQUEST,      /* the target wants an approval first */
  SC_STAGE_ACTION_VIEW_REQUEST, /* an open request of the caller's exists */
} ScStageAction;

typedef struct {
  char          *tag;               /* nullable */
  char          *org_id;            /* nullable */
  char          *org_name;          /* nullable */
  char          *workflow_id;       /* nullable: the workflow there, if any */
  gboolean       requires_approval;
  gboolean       can_promote;
  gboolean       override_allowed;
  gboolean       allowed;           /* the next stage only: may the caller act now */
  char          *reason;            /* nullable: why not */
  ScStageAction  action;            /* PROMOTE when the answer did not say */
} ScWorkflowStage;

#define SC_TYPE_WORKFLOW_STAGES (sc_workflow_stages_get_type ())
G_DECLARE_FINAL_TYPE (ScWorkflowStages, sc_workflow_stages, SC, WORKFLOW_STAGES, GObject)

/* NULL when @object is NULL or names no path ("path.id"); a stage that is
 * not an object reads as one with nothing set (indices stay the server's). */
ScWorkflowStages      *sc_workflow_stages_new_from_json  (JsonObject       *object);
const char            *sc_workflow_stages_get_path_id    (ScWorkflowStages *self);
const char            *sc_workflow_stages_get_path_name  (ScWorkflowStages *self);
/* The stage the workflow is at; -1 when it is not on the path. */
int                    sc_workflow_stages_get_current_index (ScWorkflowStages *self);
guint                  sc_workflow_stages_get_n_stages   (ScWorkflowStages *self);
/* @index < n_stages */
const ScWorkflowStage *sc_workflow_stages_get_stage      (ScWorkflowStages *self,
                                                          guint             index);
/* The stage after the current one; NULL off the path or at its end. */
const ScWorkflowStage *sc_workflow_stages_get_next       (ScWorkflowStages *self);
/* The "stages" array as answered, for ScStageStepper which takes it so
 * (nullable). */
JsonArray             *sc_workflow_stages_get_stages_json (ScWorkflowStages *self);

G_END_DECLS
