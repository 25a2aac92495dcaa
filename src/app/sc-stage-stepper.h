/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "sc-path-progress.h"

G_BEGIN_DECLS

#define SC_TYPE_STAGE_STEPPER (sc_stage_stepper_get_type ())
G_DECLARE_FINAL_TYPE (ScStageStepper, sc_stage_stepper, SC, STAGE_STEPPER, GtkWidget)

/* The stages of one promotion path, left to right: per stage a mark (done
 * ✓, current ●, next ○, later ○ dimmed), its tag and its org's name,
 * joined by lines (green up to the current stage). When the stages do not
 * fit (narrow windows, long paths) the stepper scrolls sideways. */

GtkWidget  *sc_stage_stepper_new          (void);
/* The stages of one item of GET /workflows/{id}/stages, with their
 * states; nullable: no stages. */
void        sc_stage_stepper_set_progress (ScStageStepper *self,
                                           ScPathProgress *progress);
guint       sc_stage_stepper_get_n_stages (ScStageStepper *self);
/* The state shown for stage @index ("done", …), or NULL out of range. */
const char *sc_stage_stepper_get_state    (ScStageStepper *self,
                                           guint           index);

G_END_DECLS
