/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-approval-review.h"
#include "sc-decision-result.h"
#include "sc-section-view.h"
#include "sc-session-set.h"

G_BEGIN_DECLS

#define SC_TYPE_APPROVALS_VIEW (sc_approvals_view_get_type ())
G_DECLARE_FINAL_TYPE (ScApprovalsView, sc_approvals_view, SC, APPROVALS_VIEW, ScSectionView)

/* The Approvals section: approval requests beside the review panel of the
 * selected one; one after the other when narrow. Three lists: "pending"
 * (the inbox: what the user may decide now in every org of the account,
 * and of every other signed-in account of the session set, grouped by
 * account and target org, filterable by group), "mine" (the user's own requests, any state) and
 * "history" (decided, cancelled, expired, completed), these two of the
 * session's current org. An ScSectionView: the session, the states
 * "loading", "empty", "error", "list".
 *
 * In the inbox, selection mode (the header's Select button) ticks
 * requests: Approve Selected / Reject Selected send the decision with the
 * one comment for each, one after the other; a refusal does not stop the
 * others, and a dialog reports each request's result (the server's
 * sentence for a refusal).
 *
 * "pending-count" is the number of pending requests the user may decide
 * in every org (for the sidebar's badge); it is refreshed with the
 * session, the org, a reload and after each decision.
 *
 * Actions: "approvals.reload" (Ctrl+R, F5), "approvals.back",
 * "approvals.approve-selected", "approvals.reject-selected". */

GtkWidget        *sc_approvals_view_new               (void);
/* "pending", "mine" or "history". */
void              sc_approvals_view_set_filter        (ScApprovalsView *self,
                                                       const char      *filter);
const char       *sc_approvals_view_get_filter        (ScApprovalsView *self);
/* What the empty state says (its title). */
const char       *sc_approvals_view_get_empty_title   (ScApprovalsView *self);
guint             sc_approvals_view_get_pending_count (ScApprovalsView *self);
/* The requests listed (transfer none), in their order. */
guint             sc_approvals_view_get_n_requests    (ScApprovalsView *self);
ScApprovalRequest *sc_approvals_view_get_request      (ScApprovalsView *self,
                                                       guint            index);
/* The row of the @index-th request (transfer none). */
GtkWidget        *sc_approvals_view_get_row           (ScApprovalsView *self,
                                                       guint            index);
/* Selects the listed request @request_id and shows it in the review
 * panel. Returns whether it is listed. */
gboolean          sc_approvals_view_select            (ScApprovalsView *self,
                                                       const char      *request_id);
ScApprovalReview *sc_approvals_view_get_review        (ScApprovalsView *self);
/* The inbox with request @request_id in the review panel, its comment
 * field focused once loaded (a notification's Review). */
void              sc_approvals_view_open_request      (ScApprovalsView *self,
                                                       const char      *request_id);
/* The same for the request @request_id of @session's account (nullable:
 * the view's session), one of the session set's. */
void              sc_approvals_view_open_request_in   (ScApprovalsView *self,
                                                       ScSession       *session,
                                                       const char      *request_id);
/* The other signed-in accounts whose requests the inbox lists too
 * (nullable: the session's account only). */
void              sc_approvals_view_set_session_set   (ScApprovalsView *self,
                                                       ScSessionSet    *session_set);
/* The session of the account the @index-th request came from. */
ScSession        *sc_approvals_view_get_request_session (ScApprovalsView *self,
                                                       guint            index);
/* The rows the org filter lets through. */
guint             sc_approvals_view_get_n_shown       (ScApprovalsView *self);
/* The org filter: "All organizations", then each group of the inbox
 * (shown when there are two groups or more). */
GtkDropDown      *sc_approvals_view_get_org_filter    (ScApprovalsView *self);
/* Whether a decision on the selection is being sent ("bulk-busy"). */
gboolean          sc_approvals_view_get_bulk_busy     (ScApprovalsView *self);
/* The results of the last decision on the selection, in order (0 before
 * one): the @index-th (transfer none) with the @label and the @message
 * (optional, transfer none) its line in the results dialog shows. */
guint             sc_approvals_view_get_n_bulk_results (ScApprovalsView *self);
ScDecisionResult *sc_approvals_view_get_bulk_result   (ScApprovalsView  *self,
                                                       guint             index,
                                                       const char      **label,
                                                       const char      **message);

G_END_DECLS
