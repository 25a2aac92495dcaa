/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-model.h"
#include "sc-request.h"
#include "sc-store-approvals.h"
#include "sc-store-promotions.h"

G_BEGIN_DECLS

/* Everything that decides one promotion (a release, a path, a target
 * stage, a caller), gathered from storage and judged by the core rules:
 * what POST /promotions, the preview, the stages view and approval
 * requests share. Nothing here answers the request; the caller does. */

#define SC_PROMOTION_ERROR (sc_promotion_error_quark ())
typedef enum {
  /* the release does not exist, or the caller may not see its workflow */
  SC_PROMOTION_ERROR_NO_RELEASE,
  /* the path does not exist, or the caller belongs to none of its orgs */
  SC_PROMOTION_ERROR_NO_PATH,
} ScPromotionError;
GQuark sc_promotion_error_quark (void);

typedef enum {
  SC_PROMOTION_CHECK_DEFAULT          = 0,
  /* Do not compute the diff (the stages view needs only the verdict). */
  SC_PROMOTION_CHECK_NO_DIFF          = 1 << 1,
  /* The caller reviews an approval request for this promotion: the
   * request grants the sight of its release and path (the caller's own
   * access to them is not asked; the verdict is not theirs to use). */
  SC_PROMOTION_CHECK_FOR_REVIEW       = 1 << 2,
} ScPromotionCheckFlags;

typedef struct {
  /* the release and its workflow: the source */
  ScPromoRelease    release;          /* the columns a promotion needs */
  ScPromoWorkflow   workflow;         /* the columns a promotion needs */
  const char       *release_id;
  gint64            release_version;
  const char       *workflow_id;
  const char       *workflow_org_id;
  ScPermission      source_permission; /* the caller's, never NONE */

  /* the path and the stages */
  char             *path_id;
  char             *path_org_id;
  ScPathSpec       *path;
  int               current_index;    /* -1: the workflow is not on the path */
  int               target_index;     /* -1: the path has no such stage */
  char             *source_tag;       /* the current stage's tag; NULL off the path */
  char             *source_org_id;    /* the current stage's org, else the workflow's */
  char             *target_tag;       /* as the path spells it; as asked when absent */
  char             *target_org_id;    /* NULL when the stage is absent */
  ScOrgGraph       *graph;

  /* the target side */
  ScRole            target_role;
  ScApprovalPolicy *target_policy;    /* NULL when the stage is absent */
  gboolean          requires_approval;
  gboolean          frozen;
  /* the freeze: when it reopens (nullable), whether the caller could
   * override it now (the preview's "override_allowed"), and the override's
   * reason when one lifted it (a promotion during a window) */
  GDateTime        *reopens_at;
  gboolean          override_possible;
  char             *override_reason;
  char             *freeze_reason;
  gboolean          already_promoted;
  char             *approval_request_id;   /* the usable approved request, or NULL */
  char             *approval_requester_id;
  char             *target_workflow_id;    /* NULL: a new workflow would be made */
  gboolean          creates_new;
  GPtrArray        *connection_ids;        /* the target org's, one per resolved reference */
  JsonArray        *connections;           /* [{service, name}] as resolved in the target */
  JsonArray        *missing_connections;   /* [{service, name}] the target org lacks */
  JsonObject       *diff;                  /* NULL with SC_PROMOTION_CHECK_NO_DIFF */

  /* every reason that refuses the promotion, strongest refusal class
   * first (sc_rules_sort_refusals); empty when it may go ahead */
  GPtrArray        *violations;
  /* the same for a request to promote (sc_rules_check_promotion with
   * SC_PROMOTION_ACTION_REQUEST on the same facts) */
  GPtrArray        *request_violations;
} ScPromotionCheck;

void              sc_promotion_check_free    (ScPromotionCheck *check);

/* Gathers and judges. @approval_request_id (nullable) names the approved
 * request the caller means to use: when it is not the caller's approved,
 * unexpired request for exactly this release and stage, the refusal is
 * rule "approval_required" with field "approval_request_id" (422); without
 * it, a usable request is looked for. NULL with SC_PROMOTION_ERROR when the
 * release or path is unknown or invisible (answer 404), or with a store
 * error. Reads only: run it inside the transaction that acts on it. */
ScPromotionCheck *sc_promotion_check         (ScRequest              *req,
                                              const char             *release_id,
                                              const char             *path_id,
                                              const char             *target_stage,
                                              const char             *approval_request_id,
                                              ScPromotionCheckFlags   flags,
                                              GError                **error);
/* The same with the override the caller asks for (@override_reason,
 * nullable): an admin of the target org promoting during deny windows that
 * allow it (POST /promotions "override_reason"). */
ScPromotionCheck *sc_promotion_check_with_override (ScRequest              *req,
                                              const char             *release_id,
                                              const char             *path_id,
                                              const char             *target_stage,
                                              const char             *approval_request_id,
                                              const char             *override_reason,
                                              ScPromotionCheckFlags   flags,
                                              GError                **error);
gboolean          sc_promotion_check_allowed (const ScPromotionCheck *check);
/* Whether a request to promote may be filed. */
gboolean          sc_promotion_check_request_allowed (const ScPromotionCheck *check);
/* Fills the members of @row that the request to promote @check judged
 * decides: all but requester_id, message, created_at and expires_at. */
void              sc_promotion_check_request_row (const ScPromotionCheck *check,
                                              ScApprovalRequestRow   *row);

/* The etag of workflow @target_workflow_id now; NULL (no error) when
 * @target_workflow_id is NULL. */
gboolean          sc_promotion_target_etag   (ScStore                *store,
                                              const char             *target_workflow_id,
                                              char                  **etag,
                                              GError                **error);
/* Records with request @request_id what its target holds as it is made
 * (the target workflow @check found and its etag), so that a reviewer is
 * warned when it changed since (GET /approval-requests/{id}/preview). */
gboolean          sc_promotion_record_request_target (ScStore                *store,
                                                      const char             *request_id,
                                                      const ScPromotionCheck *check,
                                                      GError                **error);

/* The preview's answer: {allowed, refusals, requires_approval,
 * target_workflow_id, creates_new, missing_connections, diff} and, for the
 * app, release {id, version}, workflow_id, source {tag, org_id, org_name},
 * target {tag, org_id, org_name}. */
JsonObject       *sc_promotion_check_to_preview (const ScPromotionCheck *check);

/* A member of @workflow's (API shape) origin: "workflow_id", "org_id",
 * "path_id", "stage"; NULL when it has none. */
const char       *sc_promotion_origin        (JsonObject             *workflow,
                                              const char             *member);
/* The index of the stage @workflow (API shape) is at
 * on path @path_id: the stage a promotion carried it into, else 0 when the
 * path starts in its org, else -1. */
int               sc_promotion_current_index (JsonObject             *workflow,
                                              const char             *path_id,
                                              const ScPathSpec       *path);
/* The same from a workflow's org and origin (path and stage, nullable). */
int               sc_promotion_current_index_of (const char          *org_id,
                                              const char             *origin_path_id,
                                              const char             *origin_stage,
                                              const char             *path_id,
                                              const ScPathSpec       *path);

/* {steps: {added, removed, changed} (lists of step keys), config: [{key,
 * change: "added"|"removed"|"changed", from, to}], trigger:
 * null | {from, to}} from what the target holds now (@current: {steps,
 * config, trigger}, nullable when there is no target yet) to @incoming.
 * Steps match by their "id" member, else "name", else position ("#3"). */
JsonObject       *sc_promotion_diff          (JsonObject             *current,
                                              JsonObject             *incoming);

/* The HTTP status of the strongest refusal class (sc_rules_refusal_class:
 * 403 > 409 > 422), after sorting @violations by it. @first (out,
 * nullable) the violation the answer names. */
guint             sc_promotion_refusal_status (GPtrArray             *violations,
                                               const ScViolation    **first);
/* Answers the refusal: status by precedence, its code, the first reason of
 * that class as the message, details.rules (and fields) listing all. */
void              sc_promotion_reply_refused (ScRequest              *req,
                                              GPtrArray              *violations);
/* 404 for SC_PROMOTION_ERROR, else sc_request_reply_store_error (). */
void              sc_promotion_reply_error   (ScRequest              *req,
                                              const GError           *error);

/* Inside the caller's transaction: records a refused attempt (a "failed"
 * history row and the audit event "promotion.failed" in the source org).
 * Returns the promotion id. */
char             *sc_promotion_record_refusal (ScRequest             *req,
                                               ScPromotionCheck      *check,
                                               GError               **error);
/* Inside the caller's transaction: carries out an allowed promotion —
 * target workflow, its release, the source's promoted flag, the history
 * row, the used approval request, audit events and promotion_completed
 * events. The caller commits, then calls sc_server_events_added (). Returns
 * the promotion id. */
char             *sc_promotion_execute       (ScRequest              *req,
                                              ScPromotionCheck       *check,
                                              GError                **error);
/* The same, and @record (when not NULL) the API's promotion record of it,
 * written from the row just inserted (the 201 of POST /promotions). */
char             *sc_promotion_execute_record (ScRequest             *req,
                                               ScPromotionCheck      *check,
                                               char                 **record,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPromotionCheck, sc_promotion_check_free)

G_END_DECLS
