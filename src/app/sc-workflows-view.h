/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-section-view.h"
#include "sc-workflow-details.h"

G_BEGIN_DECLS

#define SC_TYPE_WORKFLOWS_VIEW (sc_workflows_view_get_type ())
G_DECLARE_FINAL_TYPE (ScWorkflowsView, sc_workflows_view, SC, WORKFLOWS_VIEW, ScSectionView)

/* The Workflows section: the current org's workflows (searchable, loaded
 * page by page) beside the details of the selected one; one after the
 * other when narrow. An ScSectionView: the session, the states "loading",
 * "empty", "error", "list".
 *
 * Actions: "win.search" (Ctrl+F) toggles the search bar,
 * "workflows.reload" (Ctrl+R, F5) reloads the list and the details.
 * "loading" is TRUE while the list loads (a search included). */

GtkWidget         *sc_workflows_view_new         (void);
/* The list: a GListModel of ScWorkflow (transfer none). */
GListModel        *sc_workflows_view_get_model   (ScWorkflowsView *self);
/* Selects @workflow_id among the loaded rows and shows its details (when
 * it is not loaded, the details still show it). Returns whether the row
 * was found. */
gboolean           sc_workflows_view_select      (ScWorkflowsView *self,
                                                  const char      *workflow_id);
ScWorkflowDetails *sc_workflows_view_get_details (ScWorkflowsView *self);
/* The GtkListView of the workflows (transfer none); scrolling it near the
 * end of the loaded rows loads the next page. */
GtkListView       *sc_workflows_view_get_list_view (ScWorkflowsView *self);
/* Searches for @query (as typing it into the search entry does). */
void               sc_workflows_view_search      (ScWorkflowsView *self,
                                                  const char      *query);

G_END_DECLS
