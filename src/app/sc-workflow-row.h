/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sc-workflow.h"

G_BEGIN_DECLS

#define SC_TYPE_WORKFLOW_ROW (sc_workflow_row_get_type ())
G_DECLARE_FINAL_TYPE (ScWorkflowRow, sc_workflow_row, SC, WORKFLOW_ROW, GtkWidget)

/* One row of the workflow list: the name, the latest release ("v3" or "No
 * releases"), the stage the workflow is at and a "Promoted" badge. It
 * follows its item's changes. */

GtkWidget      *sc_workflow_row_new      (void);
ScWorkflow *sc_workflow_row_get_item (ScWorkflowRow  *self);
/* @item nullable (an unbound row). */
void            sc_workflow_row_set_item (ScWorkflowRow  *self,
                                          ScWorkflow *item);

G_END_DECLS
