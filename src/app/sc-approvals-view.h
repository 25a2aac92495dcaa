/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-approval-review.h"
#include "sc-section-view.h"

G_BEGIN_DECLS

#define SC_TYPE_APPROVALS_VIEW (sc_approvals_view_get_type ())
G_DECLARE_FINAL_TYPE (ScApprovalsView, sc_approvals_view, SC, APPROVALS_VIEW, ScSectionView)

/* The Approvals section: the approval requests of the session's current
 * org beside the review panel of the selected one; one after the other when
 * narrow. Three lists: "pending" (what the user may review now), "mine"
 * (the user's own requests, any state) and "history" (decided, cancelled,
 * expired, completed). An ScSectionView: the session, the states
 * "loading", "empty", "error", "list".
 *
 * "pending-count" is the number of pending requests the user may review in
 * the current org (for the sidebar's badge); it is refreshed with the
 * session, the org, a reload and after each decision.
 *
 * Actions: "approvals.reload" (Ctrl+R, F5), "approvals.back". */

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
JsonObject       *sc_approvals_view_get_request       (ScApprovalsView *self,
                                                       guint            index);
/* The row of the @index-th request (transfer none). */
GtkWidget        *sc_approvals_view_get_row           (ScApprovalsView *self,
                                                       guint            index);
/* Selects the listed request @request_id and shows it in the review
 * panel. Returns whether it is listed. */
gboolean          sc_approvals_view_select            (ScApprovalsView *self,
                                                       const char      *request_id);
ScApprovalReview *sc_approvals_view_get_review        (ScApprovalsView *self);

G_END_DECLS
