/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"

G_BEGIN_DECLS

/* Where a workflow stands on one promotion path: an item of
 * GET /workflows/{id}/stages (API.md), {path: {id, name, org_id},
 * current_index, stages: [...]}, with per stage its state and, on the next
 * stage, the server's answer to "may I promote (or request) now?" — shown
 * as it is, never re-derived. Read as the models of sc-models.h are: NULL
 * without a path "id", any other member absent or of another type as
 * NULL / 0 / FALSE / the first enum value. */

typedef enum {
  SC_STAGE_STATE_LATER = 0, /* also what an unknown state reads as */
  SC_STAGE_STATE_DONE,
  SC_STAGE_STATE_CURRENT,
  SC_STAGE_STATE_NEXT,
} ScStageState;

/* What the next stage's button does (its "action"): promote when absent. */
typedef enum {
  SC_STAGE_ACTION_PROMOTE = 0,
  SC_STAGE_ACTION_REQUEST,
  SC_STAGE_ACTION_VIEW_REQUEST,
} ScStageAction;

typedef struct {
  char            *tag;
  char            *org_id;
  char            *org_name;          /* nullable */
  ScStageState     state;
  char            *workflow_id;       /* nullable: the workflow at that stage */
  gboolean         requires_approval;
  /* on the next stage: the server's verdict and why not */
  ScStageAction    action;
  gboolean         allowed;
  gboolean         override_allowed;  /* an admin may promote anyway, with a reason */
  char            *reason;            /* nullable */
  /* the caller's own open request for the stage ("open_request") */
  gboolean         has_open_request;  /* FALSE too when its state did not read */
  ScApprovalState  open_request_state;
  guint            open_request_approvals;
  guint            open_request_required;  /* 1 when absent */
} ScProgressStage;

#define SC_TYPE_PATH_PROGRESS (sc_path_progress_get_type ())
G_DECLARE_FINAL_TYPE (ScPathProgress, sc_path_progress, SC, PATH_PROGRESS, GObject)

ScPathProgress        *sc_path_progress_new_from_json    (JsonObject     *object);
const char            *sc_path_progress_get_path_id      (ScPathProgress *self);
const char            *sc_path_progress_get_path_name    (ScPathProgress *self);
const char            *sc_path_progress_get_path_org_id  (ScPathProgress *self);
/* The stage the workflow is at, -1 when at none; without "current_index"
 * the stage whose state is "current". */
int                    sc_path_progress_get_current_index (ScPathProgress *self);
guint                  sc_path_progress_get_n_stages     (ScPathProgress *self);
/* The stage at @index (< n_stages). */
const ScProgressStage *sc_path_progress_get_stage        (ScPathProgress *self,
                                                          guint           index);
/* The stage a promotion along the path would go to, NULL at the end or
 * when the workflow is at no stage of it. */
const ScProgressStage *sc_path_progress_get_next_stage   (ScPathProgress *self);

G_END_DECLS
