/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"
#include "sc-model.h"

G_BEGIN_DECLS

/* The API's resources as objects (API.md "Shapes"), read once from an
 * answer with sc_json_get_*() and core's enums instead of strings; the
 * app works with these rather than with JsonObject member lookups. Each
 * _new_from_json() returns NULL when @object is NULL or has no "id" (what
 * the server sent is checked, never trusted); any other member absent or
 * of another type reads as NULL / 0 / FALSE / the enum's NONE-or-first.
 * Immutable once read: a newer answer makes a new object. GObjects, so
 * that a GListStore holds them. */

/* A stage of a promotion path: {tag, org_id, org_name, soak_seconds}. */
typedef struct {
  char   *tag;
  char   *org_id;
  char   *org_name;     /* nullable */
  gint64  soak_seconds; /* 0: none */
} ScPathStage;

/* Reads @stage from @object (nullable) as above; for models with stages. */
void sc_path_stage_read  (ScPathStage *stage,
                          JsonObject  *object);
void sc_path_stage_clear (ScPathStage *stage);

#define SC_TYPE_PROMOTION_PATH (sc_promotion_path_get_type ())
G_DECLARE_FINAL_TYPE (ScPromotionPath, sc_promotion_path, SC, PROMOTION_PATH, GObject)

ScPromotionPath   *sc_promotion_path_new_from_json  (JsonObject      *object);
const char        *sc_promotion_path_get_id         (ScPromotionPath *self);
const char        *sc_promotion_path_get_org_id     (ScPromotionPath *self);
const char        *sc_promotion_path_get_name       (ScPromotionPath *self);
const char        *sc_promotion_path_get_etag       (ScPromotionPath *self);
guint              sc_promotion_path_get_n_stages   (ScPromotionPath *self);
/* The stage at @index (< n_stages); stages without a tag are left out. */
const ScPathStage *sc_promotion_path_get_stage      (ScPromotionPath *self,
                                                     guint            index);
/* The stages' tags joined by @separator ("dev → stage → prod"). */
char              *sc_promotion_path_join_tags      (ScPromotionPath *self,
                                                     const char      *separator);

#define SC_TYPE_RELEASE (sc_release_get_type ())
G_DECLARE_FINAL_TYPE (ScRelease, sc_release, SC, RELEASE, GObject)

ScRelease  *sc_release_new_from_json    (JsonObject *object);
const char *sc_release_get_id           (ScRelease  *self);
const char *sc_release_get_workflow_id  (ScRelease  *self);
guint       sc_release_get_version      (ScRelease  *self);
const char *sc_release_get_notes        (ScRelease  *self);
/* nullable */
GDateTime  *sc_release_get_created_at   (ScRelease  *self);
/* Where the release came from (its "origin"): NULL for one published by
 * hand, "promotion" (from @org_name's @stage, where it was @version) or
 * "rollback" (to @version, for @reason); the strings nullable. */
const char *sc_release_get_origin       (ScRelease   *self,
                                         guint       *version,
                                         const char **org_name,
                                         const char **stage,
                                         const char **reason);
/* Who published it (their email); nullable. */
const char *sc_release_get_created_by_email (ScRelease *self);
/* Whether an administrator blocked it, with who (their email) and the
 * reason they gave; the strings nullable. */
gboolean    sc_release_get_blocked      (ScRelease   *self,
                                         const char **by_email,
                                         const char **reason);

/* A person named in a request: {id, email, name}, each nullable. */
typedef struct {
  char *id;
  char *email;
  char *name;
} ScApprovalPerson;

/* A new person read from @object; NULL when @object is NULL. */
ScApprovalPerson *sc_approval_person_new_from_json (JsonObject       *object);
void              sc_approval_person_free          (ScApprovalPerson *person);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScApprovalPerson, sc_approval_person_free)

/* A decision on a request: {reviewer, decision, comment, at, on_behalf_of}. */
typedef struct {
  ScApprovalPerson  reviewer;
  ScDecision        decision;     /* REJECT unless it said "approve" */
  char             *comment;      /* nullable */
  GDateTime        *at;           /* nullable */
  ScApprovalPerson *on_behalf_of; /* nullable: a delegate decided for them */
} ScApprovalDecision;

#define SC_TYPE_APPROVAL_REQUEST (sc_approval_request_get_type ())
G_DECLARE_FINAL_TYPE (ScApprovalRequest, sc_approval_request, SC, APPROVAL_REQUEST, GObject)

ScApprovalRequest *sc_approval_request_new_from_json         (JsonObject        *object);
const char        *sc_approval_request_get_id                (ScApprovalRequest *self);
/* PENDING when the answer did not say */
ScApprovalState    sc_approval_request_get_state             (ScApprovalRequest *self);
const char        *sc_approval_request_get_workflow_id       (ScApprovalRequest *self);
const char        *sc_approval_request_get_workflow_name     (ScApprovalRequest *self);
const char        *sc_approval_request_get_release_id        (ScApprovalRequest *self);
guint              sc_approval_request_get_release_version   (ScApprovalRequest *self);
const char        *sc_approval_request_get_path_id           (ScApprovalRequest *self);
const char        *sc_approval_request_get_path_name         (ScApprovalRequest *self);
const ScPathStage *sc_approval_request_get_source            (ScApprovalRequest *self);
const ScPathStage *sc_approval_request_get_target            (ScApprovalRequest *self);
const char        *sc_approval_request_get_requester_id      (ScApprovalRequest *self);
const char        *sc_approval_request_get_requester_email   (ScApprovalRequest *self);
const char        *sc_approval_request_get_message           (ScApprovalRequest *self);
/* 1 when the answer did not say (PRODUCT.md: N ≥ 1, default 1) */
guint              sc_approval_request_get_required_approvals (ScApprovalRequest *self);
guint              sc_approval_request_get_n_approvals       (ScApprovalRequest *self);
/* The server's answer to "may I decide?", with its reason when not. */
gboolean           sc_approval_request_get_can_decide        (ScApprovalRequest *self);
const char        *sc_approval_request_get_cannot_decide_reason (ScApprovalRequest *self);
/* Whether the policy wants a comment with @decision (its "comment_required"). */
gboolean           sc_approval_request_get_comment_required  (ScApprovalRequest *self,
                                                              ScDecision         decision);
/* The requester as {id, email, name}; never NULL, its strings nullable. */
const ScApprovalPerson *sc_approval_request_get_requester    (ScApprovalRequest *self);
/* The decisions so far, oldest first; those without a reviewer left out. */
guint              sc_approval_request_get_n_decisions       (ScApprovalRequest *self);
const ScApprovalDecision *sc_approval_request_get_decision   (ScApprovalRequest *self,
                                                              guint              index);
/* How many of the decisions approve. */
guint              sc_approval_request_count_decisions       (ScApprovalRequest *self,
                                                              ScDecision         decision);
/* The reviewer the caller would decide for as their delegate (its
 * "decide_on_behalf_of"), or NULL. */
const ScApprovalPerson *sc_approval_request_get_decide_on_behalf_of (ScApprovalRequest *self);
/* What the target org's policy tells its reviewers; nullable. */
const char        *sc_approval_request_get_instructions      (ScApprovalRequest *self);
/* nullable */
GDateTime         *sc_approval_request_get_created_at        (ScApprovalRequest *self);
GDateTime         *sc_approval_request_get_expires_at        (ScApprovalRequest *self);

#define SC_TYPE_ORG (sc_org_get_type ())
G_DECLARE_FINAL_TYPE (ScOrg, sc_org, SC, ORG, GObject)

ScOrg      *sc_org_new_from_json (JsonObject *object);
const char *sc_org_get_id        (ScOrg      *self);
const char *sc_org_get_name      (ScOrg      *self);
/* SC_ORG_TYPE_NONE for an org without a type */
ScOrgType   sc_org_get_org_type  (ScOrg      *self);
/* The caller's role in it; SC_ROLE_NONE when the answer did not say. */
ScRole      sc_org_get_role      (ScOrg      *self);
const char *sc_org_get_etag      (ScOrg      *self);
/* Its "approval_policy" (GET /orgs/{org}) as core reads a policy
 * (sc_approval_policy_merge_json() over sc_approval_policy_new_default()):
 * freeze, deny windows (ScDenyWindow), time zone, emergency stop and all.
 * Never NULL: the defaults when the answer has none or one that does not
 * read (an org from GET /orgs has none). */
const ScApprovalPolicy *sc_org_get_approval_policy (ScOrg *self);

#define SC_TYPE_MEMBER (sc_member_get_type ())
G_DECLARE_FINAL_TYPE (ScMember, sc_member, SC, MEMBER, GObject)

/* A member has "user_id" where other resources have "id". */
ScMember   *sc_member_new_from_json (JsonObject *object);
const char *sc_member_get_user_id   (ScMember   *self);
const char *sc_member_get_email     (ScMember   *self);
const char *sc_member_get_name      (ScMember   *self);
ScRole      sc_member_get_role      (ScMember   *self);

/* @model (transfer full), or NULL with SC_CLIENT_ERROR_PARSE in @error
 * when it is NULL: for an answer that did not read (@what: "a path"). */
gpointer    sc_models_check         (gpointer    model,
                                     const char *what,
                                     GError    **error);

/* Reads every object of @items (nullable; e.g. a page's items) with
 * @new_from_json into a new GListStore of @item_type, leaving out what
 * does not read. */
GListStore *sc_models_read_list     (JsonArray  *items,
                                     GType       item_type,
                                     gpointer  (*new_from_json) (JsonObject *object));

G_END_DECLS
