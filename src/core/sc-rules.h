/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-enums.h"
#include "sc-hierarchy.h"
#include "sc-model.h"
#include "sc-org-graph.h"
#include "sc-violations.h"

G_BEGIN_DECLS

/* Every rule of PRODUCT.md §2 as a pure function. Checks never stop at the
 * first problem: they append every violation to @violations, and return
 * TRUE when they appended none.
 *
 * Rule names used in violations (the API's details.rules[].rule):
 *   "registration"      source org of a governed edge registered, target not
 *   "mapping"           no org mapping source → target
 *   "hierarchy"         the type hierarchy refuses the pair
 *   "sibling"           same-type edge between two orgs without a sibling mapping
 *   "stage"             the target stage is not on the path
 *   "next_stage"        the target is not the stage after the current one
 *   "already_promoted"  this release already went to this stage
 *   "release"           the release is not a published release of this workflow
 *   "source_permission" no Manage on the source workflow
 *   "target_permission" no Administer on the target stage's org
 *   "approval_required" approvals are on and no usable approved request exists
 *   "approvals_off"     a request to promote into an org whose approvals are off
 *   "frozen"            the target org is frozen
 *   "blocked"           an admin blocked the release from progressing
 *   "soak"              the release has not been in the previous stage long
 *                       enough (promotions only; a request may be made earlier)
 *   "state" "expired" "self_approval" "reviewer_role" "assignee"
 *   "already_decided"   approval decisions
 *   "membership"        a sharing grant names someone outside the org
 */

gboolean     sc_rules_tag_is_valid      (const char        *tag);

/* Whether @id has the shape of the ids this server gives out:
 * "<prefix>_<20 lower-case base32 characters>", the prefix 1 to 8
 * lower-case letters ("org_", "wf_", "apr_"…). */
gboolean     sc_rules_id_is_valid       (const char        *id);

/* Names (of orgs, users, workflows, paths, connections and their services)
 * hold no control character (U+0000–U+001F, U+007F–U+009F): a tab or an
 * escape sequence in a name shows up in every list and log line. Free text
 * (descriptions, notes, messages, comments, reasons) may hold them; they
 * travel escaped. */
gboolean     sc_rules_name_is_clean     (const char        *name);
/* Adds a violation for @field when @name is not clean; returns whether it
 * was. */
gboolean     sc_rules_check_name        (GPtrArray         *violations,
                                         const char        *field,
                                         const char        *name);

/* Name present and ≤ 200 characters; ≥ 2 stages; every tag valid and unique
 * in the path (case-insensitively); every stage org exists in @graph; every
 * edge allowed (sc_rules_check_edge). Field paths: "name", "stages",
 * "stages[i].tag", "stages[i].org_id". */
gboolean     sc_rules_check_path        (const ScPathSpec  *spec,
                                         ScOrgGraph        *graph,
                                         ScHierarchy       *hierarchy,
                                         GPtrArray         *violations);

/* One edge source → target. Same org: allowed. Source not registered:
 * allowed (plain Pinkfish rules). Otherwise governed: target registered,
 * a mapping source → target, the hierarchy allows the pair, and a same-type
 * pair needs the mapping's relation to be sibling. @field (nullable) is put
 * on the violations. */
gboolean     sc_rules_check_edge        (ScOrgGraph        *graph,
                                         ScHierarchy       *hierarchy,
                                         const char        *source_org_id,
                                         const char        *target_org_id,
                                         const char        *field,
                                         GPtrArray         *violations);

/* What the caller asks for: the promotion itself, or a request to promote
 * (whose approval is what grants the target side, so the target-side rules
 * "target_permission" and "approval_required" do not apply to it). */
typedef enum {
  SC_PROMOTION_ACTION_PROMOTE,
  SC_PROMOTION_ACTION_REQUEST,
} ScPromotionAction;

/* An approval request the caller names to promote with (approval_request_id). */
typedef struct {
  const char       *id;             /* as named */
  gboolean          exists;         /* exists and is the caller's own */
  gboolean          matches;        /* for the same release, path and target stage */
  ScApprovalState   state;          /* as stored */
  GDateTime        *expires_at;     /* nullable */
} ScNamedRequestFacts;

typedef struct {
  ScPromotionAction action;
  /* the path, as stored */
  const ScPathSpec *path;
  /* index of the stage the workflow is at, -1 when it is not on the path */
  int               current_index;
  /* the stage asked for, by tag (compared case-insensitively) */
  const char       *target_tag;
  gboolean          release_is_workflows; /* the release belongs to the workflow */
  gboolean          already_promoted;     /* a succeeded promotion of this release to this stage */
  ScPermission      source_permission;    /* caller's on the source workflow */
  ScRole            target_role;          /* caller's in the target stage's org */
  gboolean          approvals_enabled;    /* target org's policy */
  gboolean          approval_granted;     /* approved, unexpired, unused request by the caller */
  /* the request the caller named (nullable): when it cannot be used, the
   * refusal is "approval_required" with field "approval_request_id" and
   * the reason why, instead of the generic one */
  const ScNamedRequestFacts *named_request;
  gint64            release_version;      /* for the named request's reason */
  GDateTime        *now;                  /* judging time; needed with named_request */
  gboolean          frozen;               /* freeze in effect in the target org */
  const char       *freeze_reason;        /* nullable */
  /* more about the freeze (sc_rules_freeze_state): when it reopens
   * (nullable), the zone times are shown in (nullable: UTC), whether it is
   * an emergency stop, whether its windows allow an admin's override, and
   * the override the caller asks for (nullable: none) */
  GDateTime        *reopens_at;
  const char       *time_zone;
  gboolean          emergency_stop;
  gboolean          override_allowed;
  const char       *override_reason;
  gboolean          release_blocked;      /* an admin blocked the release */
  const char       *block_reason;         /* nullable */
  /* soak time of the target stage (0: none) and when the release arrived
   * in the stage it leaves (nullable); judged against @now */
  gint64            soak_required_seconds;
  GDateTime        *arrived_at;
} ScPromotionFacts;

/* When something becomes possible, in words, in UTC: "after 14:00 UTC
 * today", "after 14:00 UTC tomorrow", else "after 2026-12-24 14:00 UTC". */
char        *sc_rules_format_when       (GDateTime         *when,
                                         GDateTime         *now);

/* A time and day in words in the zone @zone_id (NULL: UTC): "14:00 CET
 * today", "14:00 CEST tomorrow", else "2026-12-24 14:00 CET". */
char        *sc_rules_format_at         (GDateTime         *when,
                                         GDateTime         *now,
                                         const char        *zone_id);
/* "after " and sc_rules_format_at(). */
char        *sc_rules_format_when_in_zone (GDateTime       *when,
                                           GDateTime       *now,
                                           const char      *zone_id);

/* Whether promotions into an org are frozen at @now, and why: its
 * emergency stop, else its one-off freeze, else its deny windows. */
typedef struct {
  gboolean    frozen;
  gboolean    emergency_stop;
  const char *reason;           /* borrowed from the policy, nullable */
  GDateTime  *reopens_at;       /* owned, nullable: not known (or a stop) */
  const char *time_zone;        /* borrowed: the zone to show reopens_at in */
  gboolean    override_allowed; /* every open window allows an override */
} ScFreezeState;

void         sc_rules_freeze_state      (const ScApprovalPolicy *policy,
                                         GDateTime         *now,
                                         ScFreezeState     *state);
void         sc_freeze_state_clear      (ScFreezeState     *state);

/* Whether the facts' freeze would let the caller override it now (an
 * admin of the target org, windows that allow it, no emergency stop): the
 * preview's "override_allowed". */
gboolean     sc_rules_override_possible (const ScPromotionFacts *facts);

/* Everything that could refuse the promotion (or, with
 * SC_PROMOTION_ACTION_REQUEST, the request to promote), including the edge
 * rules for the current → target edge. */
gboolean     sc_rules_check_promotion   (const ScPromotionFacts *facts,
                                         ScOrgGraph        *graph,
                                         ScHierarchy       *hierarchy,
                                         GPtrArray         *violations);

/* Whether a stored request can be used to promote now: approved and not
 * expired (a used one is "completed"). */
gboolean     sc_rules_request_usable    (ScApprovalState    state,
                                         GDateTime         *expires_at,
                                         GDateTime         *now);

/* Why the request the caller named cannot be used, or NULL when it can. */
char        *sc_rules_named_request_problem (const ScNamedRequestFacts *request,
                                             gint64             release_version,
                                             const char        *target_tag,
                                             GDateTime         *now);

/* The classes of refusal, weakest first. A refused promotion answers the
 * strongest class among its violations (HACKING.md: 403 > 409 > 422). */
typedef enum {
  SC_REFUSAL_NONE,
  SC_REFUSAL_INVALID,    /* 422: anything else */
  SC_REFUSAL_CONFLICT,   /* 409: already_promoted, frozen, blocked, soak */
  SC_REFUSAL_FORBIDDEN,  /* 403: source_permission, target_permission, approval_required */
} ScRefusalClass;

/* The class of one violation ("approval_required" about a named request,
 * i.e. with a field, is a problem with the input: INVALID). */
ScRefusalClass sc_rules_refusal_class   (const ScViolation *violation);
/* Orders @violations strongest class first, keeping the order within a
 * class, and returns the strongest class (NONE when empty): the first
 * violation is then the one an answer names. */
ScRefusalClass sc_rules_sort_refusals   (GPtrArray         *violations);

/* Index of @tag in @path (case-insensitive), -1 when absent. */
int          sc_rules_find_stage        (const ScPathSpec  *path,
                                         const char        *tag);
/* "done" "current" "next" "later" for the stage at @index. */
const char  *sc_rules_stage_state       (int                index,
                                         int                current_index);

/* Owner and org admins: manage. Not a member (@role NONE): none — nobody
 * outside the org holds anything. An individual grant (@grant not NONE)
 * wins over general access in both directions. */
ScPermission sc_rules_resolve_permission (gboolean         is_owner,
                                          ScRole           role,
                                          ScPermission     general_access,
                                          ScPermission     grant);

/* Each grant names a member (@member_ids: set of user ids; grants by e-mail
 * must have been resolved to user_id by the caller first, an unresolved
 * one is reported as not a member), no user twice. Fields "grants[i]". */
gboolean     sc_rules_check_sharing     (const ScSharingSpec *spec,
                                         GHashTable        *member_ids,
                                         GPtrArray         *violations);

typedef struct {
  ScApprovalState    state;
  const char        *requester_id;
  GDateTime         *expires_at;
  guint              required_approvals;
  const char *const *approver_ids;  /* NULL-terminated, may be NULL */
  const char *const *decided_ids;   /* everyone who decided, NULL-terminated, may be NULL */
} ScRequestFacts;

/* Pending past expires_at → expired; approved past expires_at (unused) →
 * expired; otherwise the stored state. */
ScApprovalState sc_rules_effective_state (ScApprovalState  state,
                                          GDateTime       *expires_at,
                                          GDateTime       *now);

/* May @caller_id (role @caller_role in the target org) decide? Request
 * pending and not expired; not the requester; role among the policy's
 * reviewer roles; among the assignees when there are any; not decided
 * already. */
gboolean     sc_rules_check_decision    (const ScApprovalPolicy *policy,
                                         const ScRequestFacts   *request,
                                         const char             *caller_id,
                                         ScRole                  caller_role,
                                         GDateTime              *now,
                                         GPtrArray              *violations);

/* A delegation the caller holds in the target org: @delegator_id named
 * the caller to decide in their place from @from until @until (issue 9). */
typedef struct {
  const char *delegator_id;
  const char *delegator_name;  /* for the reasons; nullable */
  ScRole      delegator_role;  /* in the target org */
  GDateTime  *from;
  GDateTime  *until;
} ScDelegationFacts;

/* May @caller_id decide in @delegation's delegator's place? The delegation
 * is in effect at @now (from ≤ now < until), the delegator may decide
 * (sc_rules_check_decision: pending, role, assignee, not decided), and the
 * caller did not make the request nor decide it already (@request's
 * decided_ids hold whoever decided and on whose behalf). Rule
 * "delegation" for the first two. */
gboolean     sc_rules_check_delegated_decision (const ScApprovalPolicy  *policy,
                                                const ScRequestFacts    *request,
                                                const char              *caller_id,
                                                const ScDelegationFacts *delegation,
                                                GDateTime               *now,
                                                GPtrArray               *violations);

/* A delegation a member names: someone else (@delegate_id, a member of
 * the org when @delegate_is_member) for a range that ends after it starts
 * and after @now, at most a year long. Fields "delegate_id" and "until". */
gboolean     sc_rules_check_delegation  (const char        *delegator_id,
                                         const char        *delegate_id,
                                         gboolean           delegate_is_member,
                                         GDateTime         *from,
                                         GDateTime         *until,
                                         GDateTime         *now,
                                         GPtrArray         *violations);

/* The policy's comment switches: field "comment" when @decision needs a
 * comment and @comment (nullable) is blank. */
gboolean     sc_rules_check_decision_comment (const ScApprovalPolicy *policy,
                                              ScDecision              decision,
                                              const char             *comment,
                                              GPtrArray              *violations);

/* The state after one more decision: a reject rejects; @approvals_after
 * distinct approvals reaching required_approvals approve; else pending. */
ScApprovalState sc_rules_state_after_decision (const ScRequestFacts *request,
                                               ScDecision            decision,
                                               guint                 approvals_after);

/* Whether @decision under @policy must carry a comment: the policy's
 * comment_required_to_reject / _to_approve switches. The one place where
 * they are read (the server's "comment_required" on an approval request,
 * and sc_rules_check_decision_comment()). */
gboolean     sc_rules_decision_needs_comment (const ScApprovalPolicy *policy,
                                              ScDecision              decision);

/* A freeze is in effect when active and, where a window is set, @now lies
 * in [from, until). */
gboolean     sc_rules_freeze_in_effect  (const ScFreeze    *freeze,
                                         GDateTime         *now);

/* What the rule named @rule (a refusal's "rule", a failed promotion's
 * error code) refuses, in a sentence of the current language: the history
 * keeps the code, a fact, and each reader says it in its own language.
 * NULL for a rule this does not know. */
const char  *sc_rules_refusal_summary   (const char        *rule);

/* --- scheduled promotions ------------------------------------------------- */

/* The furthest ahead a promotion may be scheduled. */
#define SC_RULES_SCHEDULE_MAX_DAYS 366

/* A promotion is scheduled for @run_at: after @now, and at most
 * SC_RULES_SCHEDULE_MAX_DAYS ahead. Adds field violations for @field. */
gboolean     sc_rules_check_schedule_time (GDateTime         *run_at,
                                           GDateTime         *now,
                                           const char        *field,
                                           GPtrArray         *violations);

/* Whether a refusal of a promotion now (its rule) still lets it be
 * scheduled for later: what may have lifted by then — a freeze or deny
 * window, the soak time. Every rule is checked again when it runs. */
gboolean     sc_rules_schedule_tolerates  (const char        *rule);

G_END_DECLS
