/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-store.h"
#include "sc-store-approvals.h"
#include "sc-store-orgs.h"
#include "sc-store-paths.h"
#include "sc-store-promotions.h"
#include "sc-store-workflows.h"
#include "sc-store-review.h"

G_BEGIN_DECLS

/* What a storage backend implements: one virtual function per
 * operation of ScStore, with the same parameters and meaning as the
 * sc_store_*() function of that name (documented in the headers below),
 * which calls it. A backend derives from ScStore and sets every one of
 * them in its class_init; ScStoreSqlite (sc-store-sqlite.c) is the
 * embedded one. Generic helpers for backends follow. */

struct _ScStoreClass
{
  GObjectClass parent_class;

  /* users, orgs, credentials, audit, events, idempotency, demo (sc-store.h) */
  int (*get_schema_version) (ScStore *self);
  guint64 (*get_change_stamp) (ScStore *self);
  gboolean (*transaction_begin) (ScStore  *self,
                                 GError  **error);
  gboolean (*transaction_commit) (ScStore  *self,
                                  GError  **error);
  void (*transaction_rollback) (ScStore *self);
  JsonObject *(*authenticate) (ScStore     *self,
                               const char  *token,
                               char       **token_id,
                               char       **scope_org_id,
                               GError     **error);
  JsonObject *(*get_user) (ScStore     *self,
                           const char  *user_id,
                           GError     **error);
  JsonObject *(*find_user_by_email) (ScStore     *self,
                                     const char  *email,
                                     GError     **error);
  char *(*add_user) (ScStore     *self,
                     const char  *email,
                     const char  *name,
                     GError     **error);
  char *(*add_org) (ScStore     *self,
                    const char  *name,
                    ScOrgType    type,
                    GError     **error);
  char *(*resolve_org) (ScStore     *self,
                        const char  *id_or_name,
                        GError     **error);
  gboolean (*set_membership) (ScStore     *self,
                              const char  *user_id,
                              const char  *org_id,
                              ScRole       role,
                              GError     **error);
  ScRole (*get_role) (ScStore     *self,
                      const char  *user_id,
                      const char  *org_id,
                      GError     **error);
  JsonArray *(*list_memberships) (ScStore     *self,
                                  const char  *user_id,
                                  GError     **error);
  char *(*add_personal_token) (ScStore     *self,
                               const char  *user_id,
                               const char  *label,
                               char       **token_id,
                               GError     **error);
  char *(*add_api_key) (ScStore     *self,
                        const char  *user_id,
                        char       **client_secret,
                        GError     **error);
  char *(*issue_access_token) (ScStore     *self,
                               const char  *client_id,
                               const char  *client_secret,
                               const char  *scope_org_id,
                               guint        lifetime,
                               char       **user_id,
                               GError     **error);
  gboolean (*revoke_token) (ScStore     *self,
                            const char  *token_or_key_id,
                            GError     **error);
  gboolean (*revoke_tokens_labelled) (ScStore     *self,
                                      const char  *label,
                                      GError     **error);
  ScOrgGraph *(*load_org_graph) (ScStore  *self,
                                 GError  **error);
  gboolean (*get_access_facts) (ScStore       *self,
                                gboolean       is_connection,
                                const char    *resource_id,
                                const char    *user_id,
                                char         **org_id,
                                char         **owner_id,
                                ScPermission  *general_access,
                                ScPermission  *grant,
                                GError       **error);
  gboolean (*audit) (ScStore     *self,
                     const char  *org_id,
                     const char  *actor_id,
                     const char  *action,
                     const char  *target_type,
                     const char  *target_id,
                     JsonObject  *details,
                     GError     **error);
  gboolean (*add_event) (ScStore     *self,
                         const char  *user_id,
                         const char  *kind,
                         JsonObject  *data,
                         GError     **error);
  gboolean (*idempotency_lookup) (ScStore     *self,
                                  const char  *user_id,
                                  const char  *endpoint,
                                  const char  *key,
                                  guint       *status,
                                  char       **body,
                                  GError     **error);
  gboolean (*idempotency_save) (ScStore     *self,
                                const char  *user_id,
                                const char  *endpoint,
                                const char  *key,
                                guint        status,
                                const char  *body,
                                GError     **error);
  gboolean (*has_demo) (ScStore *self);
  JsonArray *(*seed_demo) (ScStore  *self,
                           GError  **error);

  /* approval requests (sc-store-approvals.h) */
  JsonObject *(*get_approval_request) (ScStore     *self,
                                       const char  *request_id,
                                       GError     **error);
  JsonArray *(*list_approval_requests) (ScStore                 *self,
                                        const ScApprovalFilter  *filter,
                                        guint                    limit,
                                        gint64                   cursor,
                                        gint64                  *next_cursor,
                                        GError                 **error);
  GHashTable *(*get_member_roles) (ScStore     *self,
                                   const char  *org_id,
                                   GError     **error);
  JsonObject *(*get_own_open_approval_request) (ScStore     *self,
                                                const char  *workflow_id,
                                                const char  *path_id,
                                                const char  *target_tag,
                                                const char  *requester_id,
                                                const char  *now,
                                                GError     **error);
  char *(*find_open_approval_request) (ScStore     *self,
                                       const char  *workflow_id,
                                       const char  *path_id,
                                       const char  *target_tag,
                                       const char  *now,
                                       GError     **error);
  char *(*insert_approval_request) (ScStore                     *self,
                                    const ScApprovalRequestRow  *row,
                                    GError                     **error);
  char *(*open_approval_request) (ScStore                     *self,
                                  const ScApprovalRequestRow  *row,
                                  const ScApprovalPolicy      *policy,
                                  guint                       *n_notified,
                                  GError                     **error);
  gboolean (*insert_approval_decision) (ScStore     *self,
                                        const char  *request_id,
                                        const char  *reviewer_id,
                                        ScDecision   decision,
                                        const char  *comment,
                                        const char  *at,
                                        GError     **error);
  gboolean (*set_approval_state) (ScStore          *self,
                                  const char       *request_id,
                                  ScApprovalState   from,
                                  ScApprovalState   to,
                                  GError          **error);
  gint64 (*get_last_event_seq) (ScStore     *self,
                                const char  *user_id,
                                GError     **error);
  JsonArray *(*list_events_after) (ScStore     *self,
                                   const char  *user_id,
                                   gint64       after,
                                   guint        limit,
                                   gint64      *last_seq,
                                   GError     **error);

  /* orgs, members, mappings, audit log (sc-store-orgs.h) */
  JsonObject *(*get_org) (ScStore     *self,
                          const char  *org_id,
                          GError     **error);
  ScApprovalPolicy *(*get_org_policy) (ScStore     *self,
                                       const char  *org_id,
                                       GError     **error);
  gboolean (*update_org) (ScStore                 *self,
                          const char              *org_id,
                          const char              *actor_id,
                          gboolean                 set_type,
                          ScOrgType                type,
                          const ScApprovalPolicy  *policy,
                          JsonObject              *details,
                          char                   **etag,
                          GError                 **error);
  JsonArray *(*list_user_orgs) (ScStore     *self,
                                const char  *user_id,
                                const char  *only_org_id,
                                guint        limit,
                                gint64       cursor,
                                gint64      *next_cursor,
                                GError     **error);
  JsonArray *(*list_orgs) (ScStore  *self,
                           guint     limit,
                           gint64    cursor,
                           gint64   *next_cursor,
                           GError  **error);
  JsonArray *(*list_members) (ScStore     *self,
                              const char  *org_id,
                              guint        limit,
                              gint64       cursor,
                              gint64      *next_cursor,
                              GError     **error);
  JsonObject *(*get_mapping) (ScStore     *self,
                              const char  *mapping_id,
                              GError     **error);
  JsonArray *(*list_mappings) (ScStore     *self,
                               const char  *org_id,
                               guint        limit,
                               gint64       cursor,
                               gint64      *next_cursor,
                               GError     **error);
  JsonObject *(*add_mapping) (ScStore     *self,
                              const char  *source_org_id,
                              const char  *target_org_id,
                              ScRelation   relation,
                              const char  *actor_id,
                              GError     **error);
  gboolean (*delete_mapping) (ScStore     *self,
                              const char  *mapping_id,
                              const char  *actor_id,
                              GError     **error);
  JsonArray *(*list_audit) (ScStore     *self,
                            const char  *org_id,
                            const ScAuditFilter *filter,
                            guint        limit,
                            gint64       cursor,
                            gint64      *next_cursor,
                            GError     **error);

  /* promotion paths (sc-store-paths.h) */
  JsonObject *(*get_path) (ScStore     *self,
                           const char  *path_id,
                           GError     **error);
  ScPathSpec *(*get_path_spec) (ScStore     *self,
                                const char  *path_id,
                                char       **org_id,
                                char       **name,
                                GError     **error);
  JsonArray *(*list_paths) (ScStore     *self,
                            const char  *org_id,
                            guint        limit,
                            gint64       after,
                            gint64      *next,
                            GError     **error);
  JsonArray *(*list_paths_starting_in) (ScStore     *self,
                                        const char  *org_id,
                                        GError     **error);
  char *(*insert_path) (ScStore           *self,
                        const char        *org_id,
                        const ScPathSpec  *spec,
                        GError           **error);
  gboolean (*replace_path) (ScStore           *self,
                            const char        *path_id,
                            const ScPathSpec  *spec,
                            GError           **error);
  gboolean (*delete_path) (ScStore     *self,
                           const char  *path_id,
                           GStrv       *cancelled_ids,
                           GError     **error);

  /* promotions (sc-store-promotions.h) */
  gboolean (*promo_already_promoted) (ScStore     *self,
                                      const char  *release_id,
                                      const char  *path_id,
                                      const char  *tag,
                                      gboolean    *promoted,
                                      GError     **error);
  JsonArray *(*promo_list_approved_requests) (ScStore     *self,
                                              const char  *release_id,
                                              const char  *path_id,
                                              const char  *tag,
                                              const char  *requester_id,
                                              GError     **error);
  char *(*promo_find_linked) (ScStore     *self,
                              const char  *org_id,
                              const char  *source_workflow_id,
                              const char  *path_id,
                              const char  *tag,
                              GError     **error);
  char *(*promo_find_by_trigger) (ScStore             *self,
                                  const char          *org_id,
                                  const char          *url,
                                  const char          *method,
                                  const char          *path_id,
                                  const char          *tag,
                                  const char * const  *exclude_ids,
                                  GError             **error);
  char *(*promo_find_connection) (ScStore     *self,
                                  const char  *org_id,
                                  const char  *service,
                                  const char  *name,
                                  GError     **error);
  char *(*promo_create_workflow) (ScStore             *self,
                                  const char          *org_id,
                                  const char          *owner_id,
                                  JsonObject          *snapshot,
                                  const char * const  *connection_ids,
                                  const char          *origin_workflow_id,
                                  const char          *origin_org_id,
                                  const char          *origin_path_id,
                                  const char          *origin_stage,
                                  GError             **error);
  gboolean (*promo_update_workflow) (ScStore             *self,
                                     const char          *workflow_id,
                                     JsonObject          *snapshot,
                                     const char * const  *connection_ids,
                                     gboolean             set_origin,
                                     const char          *origin_workflow_id,
                                     const char          *origin_org_id,
                                     const char          *origin_path_id,
                                     const char          *origin_stage,
                                     GError             **error);
  gboolean (*promo_mark_promoted) (ScStore     *self,
                                   const char  *workflow_id,
                                   GError     **error);
  char *(*insert_promotion) (ScStore               *self,
                             const ScPromotionRow  *row,
                             GError               **error);
  JsonObject *(*get_promotion) (ScStore     *self,
                                const char  *promotion_id,
                                GError     **error);
  JsonArray *(*list_promotions) (ScStore     *self,
                                 const char  *workflow_id,
                                 const char  *org_id,
                                 guint        limit,
                                 gint64       cursor,
                                 gint64      *next_cursor,
                                 GError     **error);

  /* workflows, releases, sharing, connections (sc-store-workflows.h) */
  JsonArray *(*list_workflows) (ScStore     *self,
                                const char  *org_id,
                                const char  *viewer_id,
                                gboolean     viewer_is_admin,
                                const char  *name_query,
                                guint        limit,
                                gint64       before_seq,
                                gint64      *next_seq,
                                GError     **error);
  JsonObject *(*get_workflow) (ScStore       *self,
                               const char    *workflow_id,
                               const char    *viewer_id,
                               ScPermission   permission,
                               GError       **error);
  char *(*create_workflow) (ScStore               *self,
                            const char            *org_id,
                            const char            *owner_id,
                            const ScWorkflowSpec  *spec,
                            GError               **error);
  gboolean (*update_workflow) (ScStore               *self,
                               const char            *workflow_id,
                               const ScWorkflowSpec  *spec,
                               GError               **error);
  gboolean (*delete_workflow) (ScStore     *self,
                               const char  *workflow_id,
                               GError     **error);
  GHashTable *(*get_workflow_connection_ids) (ScStore     *self,
                                              const char  *workflow_id,
                                              GError     **error);
  char *(*publish_release) (ScStore     *self,
                            const char  *workflow_id,
                            const char  *created_by,
                            const char  *notes,
                            GError     **error);
  char *(*add_release) (ScStore     *self,
                        const char  *workflow_id,
                        const char  *created_by,
                        const char  *notes,
                        const char  *source_release_id,
                        gint64      *version,
                        GError     **error);
  JsonObject *(*get_release) (ScStore     *self,
                              const char  *release_id,
                              GError     **error);
  JsonArray *(*list_releases) (ScStore     *self,
                               const char  *workflow_id,
                               guint        limit,
                               gint64       before_version,
                               gint64      *next_version,
                               GError     **error);
  gboolean (*set_release_block) (ScStore     *self,
                                 const char  *release_id,
                                 const char  *user_id,
                                 const char  *reason,
                                 GError     **error);
  JsonObject *(*get_sharing) (ScStore     *self,
                              gboolean     is_connection,
                              const char  *resource_id,
                              GError     **error);
  gboolean (*set_sharing) (ScStore              *self,
                           gboolean              is_connection,
                           const char           *resource_id,
                           const char           *actor_id,
                           const ScSharingSpec  *spec,
                           GError              **error);
  JsonArray *(*get_connections_shared) (ScStore     *self,
                                        const char  *workflow_id,
                                        GError     **error);
  JsonArray *(*list_connections) (ScStore     *self,
                                  const char  *org_id,
                                  const char  *viewer_id,
                                  gboolean     viewer_is_admin,
                                  guint        limit,
                                  gint64       before,
                                  gint64      *next,
                                  GError     **error);
  JsonObject *(*get_connection) (ScStore     *self,
                                 const char  *connection_id,
                                 GError     **error);
  char *(*create_connection) (ScStore     *self,
                              const char  *org_id,
                              const char  *owner_id,
                              const char  *name,
                              const char  *service,
                              const char  *secret,
                              GError     **error);
  GHashTable *(*get_member_ids) (ScStore     *self,
                                 const char  *org_id,
                                 GError     **error);
  char *(*find_member_by_email) (ScStore     *self,
                                 const char  *org_id,
                                 const char  *email,
                                 GError     **error);
  char *(*org_display_name) (ScStore     *self,
                             const char  *org_id,
                             GError     **error);

  /* the reviewer's desk: request targets, delegations (sc-store-review.h) */
  gboolean (*record_request_target) (ScStore     *self,
                                     const char  *request_id,
                                     const char  *target_workflow_id,
                                     const char  *target_etag,
                                     GError     **error);
  gboolean (*get_request_target) (ScStore     *self,
                                  const char  *request_id,
                                  gboolean    *recorded,
                                  char       **target_workflow_id,
                                  char       **target_etag,
                                  GError     **error);
  gboolean (*set_decision_on_behalf_of) (ScStore     *self,
                                         const char  *request_id,
                                         const char  *reviewer_id,
                                         const char  *on_behalf_of,
                                         GError     **error);
  char *(*insert_delegation) (ScStore     *self,
                              const char  *org_id,
                              const char  *delegator_id,
                              const char  *delegate_id,
                              const char  *from,
                              const char  *until,
                              const char  *created_at,
                              GError     **error);
  JsonObject *(*get_delegation) (ScStore     *self,
                                 const char  *delegation_id,
                                 GError     **error);
  JsonArray *(*list_delegations) (ScStore     *self,
                                  const char  *org_id,
                                  guint        limit,
                                  gint64       cursor,
                                  gint64      *next_seq,
                                  GError     **error);
  JsonArray *(*list_delegations_to) (ScStore     *self,
                                     const char  *org_id,
                                     const char  *delegate_id,
                                     GError     **error);
  gboolean (*delete_delegation) (ScStore     *self,
                                 const char  *delegation_id,
                                 GError     **error);

  /*< private >*/
  gpointer padding[8];
};

/* 32 random bytes as unpadded base64url (for token and key secrets). */
char *sc_store_random_secret (void);
/* SHA-256 of @secret: what is stored instead of it. */
void  sc_store_hash_secret   (const char *secret,
                              guint8      digest[32]);

G_END_DECLS
