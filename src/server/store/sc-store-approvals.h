/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-model.h"
#include "sc-store.h"

G_BEGIN_DECLS

/* Approval requests, their decisions, and the /events feed
 * (sc-store-approvals.c).
 *
 * The API shape of a request is {id, state, workflow: {id, name}, release:
 * {id, version}, path: {id | null, name}, source: {tag, org_id, org_name},
 * target: {tag, org_id, org_name}, requester: {id, email, name}, message,
 * decisions: [{reviewer: {id, email, name}, decision, comment, at}] (oldest
 * first), required_approvals, created_at, expires_at}. "state" is the STORED
 * state: the caller turns it into the effective one (sc_rules_effective_state)
 * and adds can_decide / cannot_decide_reason. */

/* --- reads ------------------------------------------------------------------ */

/* One request; NULL with NOT_FOUND when there is none. */
JsonObject *sc_store_get_approval_request   (ScStore     *self,
                                             const char  *request_id,
                                             GError     **error);

typedef struct {
  const char      *viewer_id;
  /* nullable: an access token scoped to one org sees only the requests
   * from or into it (and reviews only those into it) */
  const char      *scope_org_id;
  /* nullable: an RFC 3339 UTC time; pending/approved requests whose
   * expires_at is not after it count as expired */
  const char      *now;
  gboolean         has_state;
  ScApprovalState  state;          /* effective state, when has_state */
  const char      *org_id;         /* nullable: source or target org */
  gboolean         reviewable;     /* only those the viewer may decide now */
  gboolean         mine;           /* only the viewer's own */
} ScApprovalFilter;

/* A page of the requests @filter->viewer_id may see, newest first (seq
 * below @cursor, 0 from the newest): their own, and those into an org
 * where they are admin or hold one of the reviewer roles of that org's
 * policy. "reviewable" keeps the effectively pending ones the viewer did
 * not make nor decide yet, whose target org's policy names the viewer's
 * role there and, when it has assignees, the viewer. @next_cursor is 0 on
 * the last page. */
JsonArray  *sc_store_list_approval_requests (ScStore                *self,
                                             const ScApprovalFilter *filter,
                                             guint                   limit,
                                             gint64                  cursor,
                                             gint64                 *next_cursor,
                                             GError                **error);

/* The members of @org_id as user id → role name (a GHashTable of strings). */
GHashTable *sc_store_get_member_roles       (ScStore     *self,
                                             const char  *org_id,
                                             GError     **error);

/* @requester_id's open request for stage @target_tag (case-insensitive) of
 * @path_id from @workflow_id, whatever its release: pending or approved,
 * and expiring after @now (an RFC 3339 UTC time). {id, state,
 * required_approvals, approvals (the number of approving decisions)}, or
 * NULL without an error when there is none. Reads only. */
JsonObject *sc_store_get_own_open_approval_request (ScStore    *self,
                                             const char  *workflow_id,
                                             const char  *path_id,
                                             const char  *target_tag,
                                             const char  *requester_id,
                                             const char  *now,
                                             GError     **error);

/* --- writes: the caller holds a transaction around them and the audit ------- */

/* Marks the open (pending or approved) requests of @workflow_id for stage
 * @target_tag of @path_id whose expiry is not after @now as expired, then
 * answers the id of the one still open, or NULL (no error) when none. */
char       *sc_store_find_open_approval_request (ScStore   *self,
                                             const char  *workflow_id,
                                             const char  *path_id,
                                             const char  *target_tag,
                                             const char  *now,
                                             GError     **error);

typedef struct {
  const char *workflow_id;
  const char *release_id;
  const char *path_id;
  const char *path_name;
  const char *source_tag;
  const char *source_org_id;
  const char *target_tag;
  const char *target_org_id;
  const char *requester_id;
  const char *message;           /* nullable: "" */
  guint       required_approvals;
  const char *created_at;
  const char *expires_at;
} ScApprovalRequestRow;

/* A new pending request; returns its id. CONSTRAINT when an open request
 * for the same workflow and stage exists. */
char       *sc_store_insert_approval_request (ScStore                    *self,
                                              const ScApprovalRequestRow *row,
                                              GError                    **error);
/* Everything that opening a request writes: the request
 * (sc_store_insert_approval_request), the event "approval_requested" for
 * every member of the target org who may decide it under @policy (a role
 * among its reviewer roles, one of its assignees when it has any, never the
 * requester), and the audit event "approval.requested" in the target org.
 * Returns the request's id; @n_notified (out, nullable) the number of
 * events queued (wake the long polls after the commit when not 0). */
char       *sc_store_open_approval_request  (ScStore                    *self,
                                             const ScApprovalRequestRow *row,
                                             const ScApprovalPolicy     *policy,
                                             guint                      *n_notified,
                                             GError                    **error);
/* After a decision on or the cancellation of request @request_id by
 * @actor (a user object): the event "approval_updated" (the data of
 * sc_store_approval_event_data() with the state now, and "actor") for
 * every member of the target org who may decide it under @policy — the
 * same people "approval_requested" went to — so that each of their
 * clients can withdraw what it shows of the request. @n_notified as
 * above. */
gboolean    sc_store_notify_request_updated (ScStore                *self,
                                             const char             *request_id,
                                             const ScApprovalPolicy *policy,
                                             JsonObject             *actor,
                                             guint                  *n_notified,
                                             GError                **error);
/* CONSTRAINT when @reviewer_id already decided the request. */
gboolean    sc_store_insert_approval_decision (ScStore    *self,
                                               const char *request_id,
                                               const char *reviewer_id,
                                               ScDecision  decision,
                                               const char *comment,
                                               const char *at,
                                               GError    **error);
/* Moves the request from @from (a state) to @to; CONSTRAINT when it is
 * not in @from any more (someone else changed it), NOT_FOUND when it does
 * not exist. */
gboolean    sc_store_set_approval_state     (ScStore          *self,
                                             const char       *request_id,
                                             ScApprovalState   from,
                                             ScApprovalState   to,
                                             GError          **error);

/* The data of the approval events of the /events feed, from a request in
 * the API shape: {approval_request_id, state, workflow, release, path, source,
 * target, requester}. */
JsonObject *sc_store_approval_event_data    (JsonObject  *request);

/* --- the /events feed ------------------------------------------------------- */

/* The seq of @user_id's newest event, 0 when none, -1 on error. */
gint64      sc_store_get_last_event_seq     (ScStore     *self,
                                             const char  *user_id,
                                             GError     **error);
/* @user_id's events with seq above @after, OLDEST first, at most @limit:
 * [{id, kind, at, data}]. @last_seq is set to the seq of the last one
 * (@after when there is none). */
JsonArray  *sc_store_list_events_after      (ScStore     *self,
                                             const char  *user_id,
                                             gint64       after,
                                             guint        limit,
                                             gint64      *last_seq,
                                             GError     **error);

G_END_DECLS
