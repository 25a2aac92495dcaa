/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-session.h"
#include "sc-workflow.h"

G_BEGIN_DECLS

#define SC_TYPE_WORKFLOW_DETAILS (sc_workflow_details_get_type ())
G_DECLARE_FINAL_TYPE (ScWorkflowDetails, sc_workflow_details, SC, WORKFLOW_DETAILS, GtkWidget)

/* The details of one workflow: its header (name, description, owner,
 * org), a stage stepper per promotion path with Promote / Request to
 * Promote (insensitive with the server's reason when the user may not),
 * its releases (Publish Release… with manage permission), the promotion
 * history, and Roll Back… for admins of a promoted copy's org. When the
 * user's own request to promote to the next stage is open, it says so:
 * pending ("View Request" opens the promote dialog, which shows it) or
 * approved ("Promote"). Releases and History show a page at a time, with
 * Show More at the end while the server has more.
 *
 * It loads GET /workflows/{id}, /workflows/{id}/stages,
 * /workflows/{id}/releases and /promotions?workflow_id= together, and
 * shows them once all have answered. "loading" is TRUE meanwhile. On a
 * reload of the same workflow the old content stays until the new one
 * arrives. A failure shows the server's message with Retry; a 401 is
 * reported to the session.
 *
 * "workflow-loaded" (JsonObject *workflow) is emitted each time the
 * workflow object arrived (after a promotion, a publish, …) so that the
 * list can update its row. "title" is the workflow's name. */

GtkWidget   *sc_workflow_details_new                (void);
void         sc_workflow_details_set_session        (ScWorkflowDetails *self,
                                                     ScSession         *session);
ScSession   *sc_workflow_details_get_session        (ScWorkflowDetails *self);
/* Shows @workflow_id (nullable: nothing selected). The same id again does
 * nothing; use reload(). */
void         sc_workflow_details_set_workflow_id    (ScWorkflowDetails *self,
                                                     const char        *workflow_id);
const char  *sc_workflow_details_get_workflow_id    (ScWorkflowDetails *self);
/* The loaded workflow (transfer none), or NULL. */
ScWorkflow  *sc_workflow_details_get_workflow       (ScWorkflowDetails *self);
void         sc_workflow_details_reload             (ScWorkflowDetails *self);
gboolean     sc_workflow_details_get_loading        (ScWorkflowDetails *self);
const char  *sc_workflow_details_get_title          (ScWorkflowDetails *self);
/* "empty" (nothing selected), "loading", "error" or "content". */
const char  *sc_workflow_details_get_state          (ScWorkflowDetails *self);
/* The error shown in the "error" state, or NULL. */
const char  *sc_workflow_details_get_error_message  (ScWorkflowDetails *self);

/* How many releases and history records a page holds (the first and each
 * Show More); 0, the default, is the server's default (100). Applies from
 * the next load. */
void         sc_workflow_details_set_page_size      (ScWorkflowDetails *self,
                                                     guint              page_size);

G_END_DECLS
