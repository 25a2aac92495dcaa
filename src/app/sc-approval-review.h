/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-models.h"
#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_APPROVAL_REVIEW (sc_approval_review_get_type ())
G_DECLARE_FINAL_TYPE (ScApprovalReview, sc_approval_review, SC, APPROVAL_REVIEW, GtkWidget)

/* The review panel of one approval request: the workflow, the source and
 * target stage and org, the release, the requester, the message, the
 * decisions so far, and — while it is pending — a comment with Approve and
 * Reject (insensitive, with the server's reason, when the user may not
 * decide) or, for the requester, Cancel Request. Reject and Cancel Request
 * ask first. A decision is confirmed with a toast in the window and
 * "changed" is emitted with the request as it is now; a refused one shows
 * the server's message under the buttons and keeps the comment.
 *
 * Actions: "review.approve", "review.reject" (asks first),
 * "review.cancel-request" (asks first), "review.retry". */

GtkWidget  *sc_approval_review_new          (void);
/* @session nullable. */
void        sc_approval_review_set_session  (ScApprovalReview *self,
                                             ScSession        *session);
/* The session the request is decided through (transfer none), or NULL:
 * in the inbox, that of the account the request came from. */
ScSession  *sc_approval_review_get_session  (ScApprovalReview *self);
/* Shows @request (read from an item of GET /approval-requests, or only
 * its id; nullable: nothing selected) at once, then loads it again from
 * the server. */
void        sc_approval_review_set_request  (ScApprovalReview  *self,
                                             ScApprovalRequest *request);
/* The request shown (transfer none), or NULL. */
ScApprovalRequest *sc_approval_review_get_request (ScApprovalReview *self);
const char *sc_approval_review_get_request_id (ScApprovalReview *self);
void        sc_approval_review_reload       (ScApprovalReview *self);
/* "none", "loading", "error" or "request". */
const char *sc_approval_review_get_state    (ScApprovalReview *self);
/* TRUE while the request loads or a decision is sent. */
gboolean    sc_approval_review_get_busy     (ScApprovalReview *self);
/* The error under the buttons (a refused decision), or NULL. */
const char *sc_approval_review_get_action_error (ScApprovalReview *self);
/* Why the user may not decide (shown under the buttons), or NULL. */
const char *sc_approval_review_get_reason   (ScApprovalReview *self);
/* The comment entry (an AdwEntryRow). */
GtkEditable *sc_approval_review_get_comment (ScApprovalReview *self);
/* "approve", "reject" or "cancel" (transfer none). */
GtkWidget  *sc_approval_review_get_button   (ScApprovalReview *self,
                                             const char       *name);

/* Shared with the rows of the list: "Acme Staging · stage" for a request's
 * source or target, and a state ("pending", …) in words. */
char       *sc_approval_describe_stage      (const ScPathStage *stage);
const char *sc_approval_describe_state      (const char       *state);

/* For tests: the server's refusal of the comment as shown at the field
 * (NULL when none), whether what the request would change is shown, and
 * whether the warning that the target changed since is. */
const char *sc_approval_review_get_comment_error        (ScApprovalReview *self);
gboolean    sc_approval_review_get_preview_shown        (ScApprovalReview *self);
gboolean    sc_approval_review_get_target_changed_shown (ScApprovalReview *self);

G_END_DECLS
