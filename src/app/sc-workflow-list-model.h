/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-client.h"
#include "sc-workflow.h"

G_BEGIN_DECLS

#define SC_TYPE_WORKFLOW_LIST_MODEL (sc_workflow_list_model_get_type ())
G_DECLARE_FINAL_TYPE (ScWorkflowListModel, sc_workflow_list_model, SC, WORKFLOW_LIST_MODEL, GObject)

/* A GListModel of ScWorkflow: one organization's workflows, fed page by
 * page (GET /orgs/{org}/workflows?q=&limit=&cursor=).
 *
 * It loads the first page when it is given a client and an org, and the
 * next one when someone asks for an item near the end (a GtkListView does
 * as it scrolls there) or calls load_more(). Pages are appended; the model
 * is never rebuilt but for a new first page (reload, new query, new org).
 * A new query waits 250 ms for more typing, then cancels whatever is in
 * flight. While a new first page loads the old items stay.
 *
 * "loading" is TRUE from the moment a load is scheduled (including the
 * search delay) until it finished or failed; "loaded" once the first page
 * of the current org and query arrived; "error" holds the last failure
 * (cleared by the next success). Cancellations are not failures. */

#define SC_WORKFLOW_LIST_MODEL_PAGE_SIZE 100
#define SC_WORKFLOW_LIST_MODEL_SEARCH_DELAY_MS 250

ScWorkflowListModel *sc_workflow_list_model_new           (void);
/* Shows @org_id's workflows through @client (both nullable: empty model). */
void            sc_workflow_list_model_set_source         (ScWorkflowListModel *self,
                                                           ScClient            *client,
                                                           const char          *org_id);
ScClient       *sc_workflow_list_model_get_client         (ScWorkflowListModel *self);
const char     *sc_workflow_list_model_get_org_id         (ScWorkflowListModel *self);
/* @query nullable or "" for all; debounced. */
void            sc_workflow_list_model_set_query          (ScWorkflowListModel *self,
                                                           const char          *query);
/* The query of the items shown (or being loaded), NULL for all. */
const char     *sc_workflow_list_model_get_query          (ScWorkflowListModel *self);
/* Reloads the first page now (a pending search runs now). */
void            sc_workflow_list_model_reload             (ScWorkflowListModel *self);
/* Loads the next page unless one is loading or there is none; returns
 * whether it started a load. After a failed page it retries that page. */
gboolean        sc_workflow_list_model_load_more          (ScWorkflowListModel *self);
/* The first page of @page_size instead of SC_WORKFLOW_LIST_MODEL_PAGE_SIZE
 * (1…500); takes effect at the next load. */
void            sc_workflow_list_model_set_page_size      (ScWorkflowListModel *self,
                                                           guint                page_size);
gboolean        sc_workflow_list_model_get_loading        (ScWorkflowListModel *self);
gboolean        sc_workflow_list_model_get_loaded         (ScWorkflowListModel *self);
gboolean        sc_workflow_list_model_get_has_more       (ScWorkflowListModel *self);
/* Whether the failure in "error" happened on a later page (the items
 * before it are still there). */
gboolean        sc_workflow_list_model_get_error_on_more  (ScWorkflowListModel *self);
const GError   *sc_workflow_list_model_get_error          (ScWorkflowListModel *self);
/* The item of @workflow_id among those loaded (transfer none), or NULL;
 * @position (nullable) receives its index. */
ScWorkflow *sc_workflow_list_model_find               (ScWorkflowListModel *self,
                                                           const char          *workflow_id,
                                                           guint               *position);
/* Replaces the object of the item with @workflow's id in place (no-op when
 * it is not loaded); returns whether it was. */
gboolean        sc_workflow_list_model_update             (ScWorkflowListModel *self,
                                                           JsonObject          *workflow);

G_END_DECLS
