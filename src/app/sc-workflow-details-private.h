/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-workflow-details.h"

G_BEGIN_DECLS

/* For tests. */
typedef enum {
  SC_WORKFLOW_DETAILS_RELEASES,
  SC_WORKFLOW_DETAILS_HISTORY,
} ScWorkflowDetailsList;

/* The Show More (or, after a failure, Retry) button at the end of @list,
 * or NULL when the server has no more. */
GtkWidget   *sc_workflow_details_get_more_button    (ScWorkflowDetails    *self,
                                                     ScWorkflowDetailsList list);
/* The failure shown in that row, or NULL. */
const char  *sc_workflow_details_get_more_error     (ScWorkflowDetails    *self,
                                                     ScWorkflowDetailsList list);
guint        sc_workflow_details_get_n_paths        (ScWorkflowDetails *self);
/* The Promote / Request to Promote button of path @path_index (in the
 * order of GET /workflows/{id}/stages), or NULL. */
GtkWidget   *sc_workflow_details_get_promote_button (ScWorkflowDetails *self,
                                                     guint              path_index);
/* The dim label beside it (the reason when the button is insensitive). */
GtkWidget   *sc_workflow_details_get_promote_hint   (ScWorkflowDetails *self,
                                                     guint              path_index);
GtkWidget   *sc_workflow_details_get_stepper        (ScWorkflowDetails *self,
                                                     guint              path_index);
guint        sc_workflow_details_get_history_count  (ScWorkflowDetails *self);
guint        sc_workflow_details_get_release_count  (ScWorkflowDetails *self);
GtkWidget   *sc_workflow_details_get_publish_button (ScWorkflowDetails *self);
GtkWidget   *sc_workflow_details_get_rollback_button (ScWorkflowDetails *self);
/* Share…: opens the Share dialog (read only without manage permission). */
GtkWidget   *sc_workflow_details_get_share_button (ScWorkflowDetails *self);
/* The Publish Release dialog while it is open, or NULL. */
GtkWidget   *sc_workflow_details_get_publish_dialog (ScWorkflowDetails *self);
/* The Block Release dialog while it is open, or NULL. */
GtkWidget   *sc_workflow_details_get_block_dialog (ScWorkflowDetails *self);

G_END_DECLS
