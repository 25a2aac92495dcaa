/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "sc-clock.h"
#include "sc-store-backend.h"

/* ScStore: the storage interface. Each sc_store_*() operation calls the
 * backend's virtual function of that name (ScStoreClass,
 * sc-store-backend.h); what is the same for every backend (transactions
 * finished, test faults, ids, secrets, the time) is here. */

G_DEFINE_ABSTRACT_TYPE (ScStore, sc_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (sc-store-error-quark, sc_store_error)

static void
sc_store_class_init (ScStoreClass *klass)
{
}

static void
sc_store_init (ScStore *self)
{
}

/* --- the operations, as the backend implements them ----------------------- */

int
sc_store_get_schema_version (ScStore *self)
{
  g_return_val_if_fail (SC_IS_STORE (self), 0);

  return SC_STORE_GET_CLASS (self)->get_schema_version (self);
}

guint64
sc_store_get_change_stamp (ScStore *self)
{
  g_return_val_if_fail (SC_IS_STORE (self), 0);

  return SC_STORE_GET_CLASS (self)->get_change_stamp (self);
}

gboolean
sc_store_transaction_begin (ScStore  *self,
                            GError  **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->transaction_begin (self, error);
}

gboolean
sc_store_transaction_commit (ScStore  *self,
                             GError  **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->transaction_commit (self, error);
}

void
sc_store_transaction_rollback (ScStore *self)
{
  g_return_if_fail (SC_IS_STORE (self));

  SC_STORE_GET_CLASS (self)->transaction_rollback (self);
}

JsonObject *
sc_store_authenticate (ScStore     *self,
                       const char  *token,
                       char       **token_id,
                       char       **scope_org_id,
                       GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->authenticate (self, token, token_id, scope_org_id, error);
}

JsonObject *
sc_store_get_user (ScStore     *self,
                   const char  *user_id,
                   GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_user (self, user_id, error);
}

JsonObject *
sc_store_find_user_by_email (ScStore     *self,
                             const char  *email,
                             GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->find_user_by_email (self, email, error);
}

char *
sc_store_add_user (ScStore     *self,
                   const char  *email,
                   const char  *name,
                   GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->add_user (self, email, name, error);
}

char *
sc_store_add_org (ScStore     *self,
                  const char  *name,
                  ScOrgType    type,
                  GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->add_org (self, name, type, error);
}

char *
sc_store_resolve_org (ScStore     *self,
                      const char  *id_or_name,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->resolve_org (self, id_or_name, error);
}

gboolean
sc_store_set_membership (ScStore     *self,
                         const char  *user_id,
                         const char  *org_id,
                         ScRole       role,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->set_membership (self, user_id, org_id, role, error);
}

ScRole
sc_store_get_role (ScStore     *self,
                   const char  *user_id,
                   const char  *org_id,
                   GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), SC_ROLE_NONE);

  return SC_STORE_GET_CLASS (self)->get_role (self, user_id, org_id, error);
}

JsonArray *
sc_store_list_memberships (ScStore     *self,
                           const char  *user_id,
                           GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_memberships (self, user_id, error);
}

char *
sc_store_add_personal_token (ScStore     *self,
                             const char  *user_id,
                             const char  *label,
                             char       **token_id,
                             GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->add_personal_token (self, user_id, label, token_id, error);
}

char *
sc_store_add_api_key (ScStore     *self,
                      const char  *user_id,
                      char       **client_secret,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->add_api_key (self, user_id, client_secret, error);
}

char *
sc_store_issue_access_token (ScStore     *self,
                             const char  *client_id,
                             const char  *client_secret,
                             const char  *scope_org_id,
                             guint        lifetime,
                             char       **user_id,
                             GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->issue_access_token (self, client_id, client_secret, scope_org_id, lifetime, user_id, error);
}

gboolean
sc_store_revoke_token (ScStore     *self,
                       const char  *token_or_key_id,
                       GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->revoke_token (self, token_or_key_id, error);
}

gboolean
sc_store_revoke_tokens_labelled (ScStore     *self,
                                 const char  *label,
                                 GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->revoke_tokens_labelled (self, label, error);
}

ScOrgGraph *
sc_store_load_org_graph (ScStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->load_org_graph (self, error);
}

gboolean
sc_store_get_access_facts (ScStore       *self,
                           gboolean       is_connection,
                           const char    *resource_id,
                           const char    *user_id,
                           char         **org_id,
                           char         **owner_id,
                           ScPermission  *general_access,
                           ScPermission  *grant,
                           GError       **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->get_access_facts (self, is_connection, resource_id, user_id, org_id, owner_id, general_access, grant, error);
}

gboolean
sc_store_audit (ScStore     *self,
                const char  *org_id,
                const char  *actor_id,
                const char  *action,
                const char  *target_type,
                const char  *target_id,
                JsonObject  *details,
                GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->audit (self, org_id, actor_id, action, target_type, target_id, details, error);
}

gboolean
sc_store_add_event (ScStore     *self,
                    const char  *user_id,
                    const char  *kind,
                    JsonObject  *data,
                    GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->add_event (self, user_id, kind, data, error);
}

gboolean
sc_store_idempotency_lookup (ScStore     *self,
                             const char  *user_id,
                             const char  *endpoint,
                             const char  *key,
                             guint       *status,
                             char       **body,
                             GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->idempotency_lookup (self, user_id, endpoint, key, status, body, error);
}

gboolean
sc_store_idempotency_save (ScStore     *self,
                           const char  *user_id,
                           const char  *endpoint,
                           const char  *key,
                           guint        status,
                           const char  *body,
                           GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->idempotency_save (self, user_id, endpoint, key, status, body, error);
}

gboolean
sc_store_has_demo (ScStore *self)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->has_demo (self);
}

JsonArray *
sc_store_seed_demo (ScStore  *self,
                    GError  **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->seed_demo (self, error);
}

JsonObject *
sc_store_get_approval_request (ScStore     *self,
                               const char  *request_id,
                               GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_approval_request (self, request_id, error);
}

JsonArray *
sc_store_list_approval_requests (ScStore                 *self,
                                 const ScApprovalFilter  *filter,
                                 guint                    limit,
                                 gint64                   cursor,
                                 gint64                  *next_cursor,
                                 GError                 **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_approval_requests (self, filter, limit, cursor, next_cursor, error);
}

GHashTable *
sc_store_get_member_roles (ScStore     *self,
                           const char  *org_id,
                           GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_member_roles (self, org_id, error);
}

JsonObject *
sc_store_get_own_open_approval_request (ScStore     *self,
                                        const char  *workflow_id,
                                        const char  *path_id,
                                        const char  *target_tag,
                                        const char  *requester_id,
                                        const char  *now,
                                        GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_own_open_approval_request (self, workflow_id, path_id, target_tag, requester_id, now, error);
}

char *
sc_store_find_open_approval_request (ScStore     *self,
                                     const char  *workflow_id,
                                     const char  *path_id,
                                     const char  *target_tag,
                                     const char  *now,
                                     GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->find_open_approval_request (self, workflow_id, path_id, target_tag, now, error);
}

char *
sc_store_insert_approval_request (ScStore                     *self,
                                  const ScApprovalRequestRow  *row,
                                  GError                     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->insert_approval_request (self, row, error);
}

char *
sc_store_open_approval_request (ScStore                     *self,
                                const ScApprovalRequestRow  *row,
                                const ScApprovalPolicy      *policy,
                                guint                       *n_notified,
                                GError                     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->open_approval_request (self, row, policy, n_notified, error);
}

gboolean
sc_store_insert_approval_decision (ScStore     *self,
                                   const char  *request_id,
                                   const char  *reviewer_id,
                                   ScDecision   decision,
                                   const char  *comment,
                                   const char  *at,
                                   GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->insert_approval_decision (self, request_id, reviewer_id, decision, comment, at, error);
}

gboolean
sc_store_set_approval_state (ScStore          *self,
                             const char       *request_id,
                             ScApprovalState   from,
                             ScApprovalState   to,
                             GError          **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->set_approval_state (self, request_id, from, to, error);
}

gint64
sc_store_get_last_event_seq (ScStore     *self,
                             const char  *user_id,
                             GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), 0);

  return SC_STORE_GET_CLASS (self)->get_last_event_seq (self, user_id, error);
}

JsonArray *
sc_store_list_events_after (ScStore     *self,
                            const char  *user_id,
                            gint64       after,
                            guint        limit,
                            gint64      *last_seq,
                            GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_events_after (self, user_id, after, limit, last_seq, error);
}

JsonObject *
sc_store_get_org (ScStore     *self,
                  const char  *org_id,
                  GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_org (self, org_id, error);
}

ScApprovalPolicy *
sc_store_get_org_policy (ScStore     *self,
                         const char  *org_id,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_org_policy (self, org_id, error);
}

gboolean
sc_store_update_org (ScStore                 *self,
                     const char              *org_id,
                     const char              *actor_id,
                     gboolean                 set_type,
                     ScOrgType                type,
                     const ScApprovalPolicy  *policy,
                     JsonObject              *details,
                     char                   **etag,
                     GError                 **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->update_org (self, org_id, actor_id, set_type, type, policy, details, etag, error);
}

JsonArray *
sc_store_list_user_orgs (ScStore     *self,
                         const char  *user_id,
                         const char  *only_org_id,
                         guint        limit,
                         gint64       cursor,
                         gint64      *next_cursor,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_user_orgs (self, user_id, only_org_id, limit, cursor, next_cursor, error);
}

JsonArray *
sc_store_list_orgs (ScStore  *self,
                    guint     limit,
                    gint64    cursor,
                    gint64   *next_cursor,
                    GError  **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_orgs (self, limit, cursor, next_cursor, error);
}

JsonArray *
sc_store_list_members (ScStore     *self,
                       const char  *org_id,
                       guint        limit,
                       gint64       cursor,
                       gint64      *next_cursor,
                       GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_members (self, org_id, limit, cursor, next_cursor, error);
}

JsonObject *
sc_store_get_mapping (ScStore     *self,
                      const char  *mapping_id,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_mapping (self, mapping_id, error);
}

JsonArray *
sc_store_list_mappings (ScStore     *self,
                        const char  *org_id,
                        guint        limit,
                        gint64       cursor,
                        gint64      *next_cursor,
                        GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_mappings (self, org_id, limit, cursor, next_cursor, error);
}

JsonObject *
sc_store_add_mapping (ScStore     *self,
                      const char  *source_org_id,
                      const char  *target_org_id,
                      ScRelation   relation,
                      const char  *actor_id,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->add_mapping (self, source_org_id, target_org_id, relation, actor_id, error);
}

gboolean
sc_store_delete_mapping (ScStore     *self,
                         const char  *mapping_id,
                         const char  *actor_id,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->delete_mapping (self, mapping_id, actor_id, error);
}

JsonArray *
sc_store_list_audit (ScStore     *self,
                     const char  *org_id,
                     const ScAuditFilter *filter,
                     guint        limit,
                     gint64       cursor,
                     gint64      *next_cursor,
                     GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_audit (self, org_id, filter, limit, cursor, next_cursor, error);
}

JsonObject *
sc_store_get_path (ScStore     *self,
                   const char  *path_id,
                   GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_path (self, path_id, error);
}

ScPathSpec *
sc_store_get_path_spec (ScStore     *self,
                        const char  *path_id,
                        char       **org_id,
                        char       **name,
                        GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_path_spec (self, path_id, org_id, name, error);
}

JsonArray *
sc_store_list_paths (ScStore     *self,
                     const char  *org_id,
                     guint        limit,
                     gint64       after,
                     gint64      *next,
                     GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_paths (self, org_id, limit, after, next, error);
}

JsonArray *
sc_store_list_paths_starting_in (ScStore     *self,
                                 const char  *org_id,
                                 GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_paths_starting_in (self, org_id, error);
}

char *
sc_store_insert_path (ScStore           *self,
                      const char        *org_id,
                      const ScPathSpec  *spec,
                      GError           **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->insert_path (self, org_id, spec, error);
}

gboolean
sc_store_replace_path (ScStore           *self,
                       const char        *path_id,
                       const ScPathSpec  *spec,
                       GError           **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->replace_path (self, path_id, spec, error);
}

gboolean
sc_store_delete_path (ScStore     *self,
                      const char  *path_id,
                      GStrv       *cancelled_ids,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->delete_path (self, path_id, cancelled_ids, error);
}

gboolean
sc_store_promo_already_promoted (ScStore     *self,
                                 const char  *release_id,
                                 const char  *path_id,
                                 const char  *tag,
                                 gboolean    *promoted,
                                 GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->promo_already_promoted (self, release_id, path_id, tag, promoted, error);
}

JsonArray *
sc_store_promo_list_approved_requests (ScStore     *self,
                                       const char  *release_id,
                                       const char  *path_id,
                                       const char  *tag,
                                       const char  *requester_id,
                                       GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->promo_list_approved_requests (self, release_id, path_id, tag, requester_id, error);
}

char *
sc_store_promo_find_linked (ScStore     *self,
                            const char  *org_id,
                            const char  *source_workflow_id,
                            const char  *path_id,
                            const char  *tag,
                            GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->promo_find_linked (self, org_id, source_workflow_id, path_id, tag, error);
}

char *
sc_store_promo_find_by_trigger (ScStore             *self,
                                const char          *org_id,
                                const char          *url,
                                const char          *method,
                                const char          *path_id,
                                const char          *tag,
                                const char * const  *exclude_ids,
                                GError             **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->promo_find_by_trigger (self, org_id, url, method, path_id, tag, exclude_ids, error);
}

char *
sc_store_promo_find_connection (ScStore     *self,
                                const char  *org_id,
                                const char  *service,
                                const char  *name,
                                GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->promo_find_connection (self, org_id, service, name, error);
}

char *
sc_store_promo_create_workflow (ScStore             *self,
                                const char          *org_id,
                                const char          *owner_id,
                                JsonObject          *snapshot,
                                const char * const  *connection_ids,
                                const char          *origin_workflow_id,
                                const char          *origin_org_id,
                                const char          *origin_path_id,
                                const char          *origin_stage,
                                GError             **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->promo_create_workflow (self, org_id, owner_id, snapshot, connection_ids, origin_workflow_id, origin_org_id, origin_path_id, origin_stage, error);
}

gboolean
sc_store_promo_update_workflow (ScStore             *self,
                                const char          *workflow_id,
                                JsonObject          *snapshot,
                                const char * const  *connection_ids,
                                gboolean             set_origin,
                                const char          *origin_workflow_id,
                                const char          *origin_org_id,
                                const char          *origin_path_id,
                                const char          *origin_stage,
                                GError             **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->promo_update_workflow (self, workflow_id, snapshot, connection_ids, set_origin, origin_workflow_id, origin_org_id, origin_path_id, origin_stage, error);
}

gboolean
sc_store_promo_mark_promoted (ScStore     *self,
                              const char  *workflow_id,
                              GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->promo_mark_promoted (self, workflow_id, error);
}

char *
sc_store_insert_promotion (ScStore               *self,
                           const ScPromotionRow  *row,
                           GError               **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->insert_promotion (self, row, error);
}

JsonObject *
sc_store_get_promotion (ScStore     *self,
                        const char  *promotion_id,
                        GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_promotion (self, promotion_id, error);
}

JsonArray *
sc_store_list_promotions (ScStore     *self,
                          const char  *workflow_id,
                          const char  *org_id,
                          guint        limit,
                          gint64       cursor,
                          gint64      *next_cursor,
                          GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_promotions (self, workflow_id, org_id, limit, cursor, next_cursor, error);
}

JsonArray *
sc_store_list_workflows (ScStore     *self,
                         const char  *org_id,
                         const char  *viewer_id,
                         gboolean     viewer_is_admin,
                         const char  *name_query,
                         guint        limit,
                         gint64       before_seq,
                         gint64      *next_seq,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_workflows (self, org_id, viewer_id, viewer_is_admin, name_query, limit, before_seq, next_seq, error);
}

JsonObject *
sc_store_get_workflow (ScStore       *self,
                       const char    *workflow_id,
                       const char    *viewer_id,
                       ScPermission   permission,
                       GError       **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_workflow (self, workflow_id, viewer_id, permission, error);
}

char *
sc_store_create_workflow (ScStore               *self,
                          const char            *org_id,
                          const char            *owner_id,
                          const ScWorkflowSpec  *spec,
                          GError               **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->create_workflow (self, org_id, owner_id, spec, error);
}

gboolean
sc_store_update_workflow (ScStore               *self,
                          const char            *workflow_id,
                          const ScWorkflowSpec  *spec,
                          GError               **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->update_workflow (self, workflow_id, spec, error);
}

gboolean
sc_store_delete_workflow (ScStore     *self,
                          const char  *workflow_id,
                          GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->delete_workflow (self, workflow_id, error);
}

GHashTable *
sc_store_get_workflow_connection_ids (ScStore     *self,
                                      const char  *workflow_id,
                                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_workflow_connection_ids (self, workflow_id, error);
}

char *
sc_store_publish_release (ScStore     *self,
                          const char  *workflow_id,
                          const char  *created_by,
                          const char  *notes,
                          GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->publish_release (self, workflow_id, created_by, notes, error);
}

char *
sc_store_add_release (ScStore     *self,
                      const char  *workflow_id,
                      const char  *created_by,
                      const char  *notes,
                      const char  *source_release_id,
                      gint64      *version,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->add_release (self, workflow_id, created_by, notes, source_release_id, version, error);
}

JsonObject *
sc_store_get_release (ScStore     *self,
                      const char  *release_id,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_release (self, release_id, error);
}

JsonArray *
sc_store_list_releases (ScStore     *self,
                        const char  *workflow_id,
                        guint        limit,
                        gint64       before_version,
                        gint64      *next_version,
                        GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_releases (self, workflow_id, limit, before_version, next_version, error);
}

gboolean
sc_store_set_release_block (ScStore     *self,
                            const char  *release_id,
                            const char  *user_id,
                            const char  *reason,
                            GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->set_release_block (self, release_id, user_id, reason, error);
}

JsonObject *
sc_store_get_sharing (ScStore     *self,
                      gboolean     is_connection,
                      const char  *resource_id,
                      GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_sharing (self, is_connection, resource_id, error);
}

gboolean
sc_store_set_sharing (ScStore              *self,
                      gboolean              is_connection,
                      const char           *resource_id,
                      const char           *actor_id,
                      const ScSharingSpec  *spec,
                      GError              **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->set_sharing (self, is_connection, resource_id, actor_id, spec, error);
}

JsonArray *
sc_store_get_connections_shared (ScStore     *self,
                                 const char  *workflow_id,
                                 GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_connections_shared (self, workflow_id, error);
}

JsonArray *
sc_store_list_connections (ScStore     *self,
                           const char  *org_id,
                           const char  *viewer_id,
                           gboolean     viewer_is_admin,
                           guint        limit,
                           gint64       before,
                           gint64      *next,
                           GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_connections (self, org_id, viewer_id, viewer_is_admin, limit, before, next, error);
}

JsonObject *
sc_store_get_connection (ScStore     *self,
                         const char  *connection_id,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_connection (self, connection_id, error);
}

char *
sc_store_create_connection (ScStore     *self,
                            const char  *org_id,
                            const char  *owner_id,
                            const char  *name,
                            const char  *service,
                            const char  *secret,
                            GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->create_connection (self, org_id, owner_id, name, service, secret, error);
}

GHashTable *
sc_store_get_member_ids (ScStore     *self,
                         const char  *org_id,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_member_ids (self, org_id, error);
}

char *
sc_store_find_member_by_email (ScStore     *self,
                               const char  *org_id,
                               const char  *email,
                               GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->find_member_by_email (self, org_id, email, error);
}

char *
sc_store_org_display_name (ScStore     *self,
                           const char  *org_id,
                           GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->org_display_name (self, org_id, error);
}

/* --- the same for every backend ------------------------------------------- */

gboolean
sc_store_transaction_finish (ScStore   *self,
                             gboolean   ok,
                             GError   **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  if (ok && sc_store_transaction_commit (self, error))
    return TRUE;
  sc_store_transaction_rollback (self);
  return FALSE;
}

gboolean
sc_store_fault_point (ScStore     *self,
                      const char  *point,
                      GError     **error)
{
#if SC_ENABLE_TEST_HOOKS
  const char *fault = g_getenv ("SC_TEST_FAULT");

  if (fault != NULL && g_strcmp0 (fault, point) == 0)
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAULT,
                   "Test fault injected at “%s”", point);
      return FALSE;
    }
#endif
  return TRUE;
}

static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);
      if (n < 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      done += n;
    }
}

char *
sc_store_new_id (const char *prefix)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  guint8 bytes[20];
  char body[21];

  fill_random (bytes, sizeof bytes);
  for (guint i = 0; i < 20; i++)
    body[i] = alphabet[bytes[i] & 31];
  body[20] = '\0';

  return g_strconcat (prefix, "_", body, NULL);
}

char *
sc_store_new_etag (void)
{
  g_autofree char *id = sc_store_new_id ("e");

  return g_strdup (id + 2);
}

char *
sc_store_random_secret (void)
{
  guint8 bytes[32];
  g_autofree char *b64 = NULL;
  GString *out;

  fill_random (bytes, sizeof bytes);
  b64 = g_base64_encode (bytes, sizeof bytes);
  out = g_string_new (NULL);
  for (const char *p = b64; *p; p++)
    {
      if (*p == '+')
        g_string_append_c (out, '-');
      else if (*p == '/')
        g_string_append_c (out, '_');
      else if (*p != '=')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
sc_store_hash_secret (const char *secret,
                      guint8      digest[32])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize length = 32;

  g_checksum_update (checksum, (const guchar *) secret, strlen (secret));
  g_checksum_get_digest (checksum, digest, &length);
  g_assert (length == 32);
}

char *
sc_store_now (void)
{
  g_autoptr(GDateTime) now = sc_clock_now_utc ();

  return sc_time_format (now);
}

/* --- the reviewer's desk (sc-store-review.h) --------------------------------- */

gboolean
sc_store_record_request_target (ScStore     *self,
                                const char  *request_id,
                                const char  *target_workflow_id,
                                const char  *target_etag,
                                GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->record_request_target (self, request_id, target_workflow_id,
                                                           target_etag, error);
}

gboolean
sc_store_get_request_target (ScStore     *self,
                             const char  *request_id,
                             gboolean    *recorded,
                             char       **target_workflow_id,
                             char       **target_etag,
                             GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->get_request_target (self, request_id, recorded,
                                                        target_workflow_id, target_etag, error);
}

gboolean
sc_store_set_decision_on_behalf_of (ScStore     *self,
                                    const char  *request_id,
                                    const char  *reviewer_id,
                                    const char  *on_behalf_of,
                                    GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->set_decision_on_behalf_of (self, request_id, reviewer_id,
                                                               on_behalf_of, error);
}

char *
sc_store_insert_delegation (ScStore     *self,
                            const char  *org_id,
                            const char  *delegator_id,
                            const char  *delegate_id,
                            const char  *from,
                            const char  *until,
                            const char  *created_at,
                            GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->insert_delegation (self, org_id, delegator_id, delegate_id,
                                                       from, until, created_at, error);
}

JsonObject *
sc_store_get_delegation (ScStore     *self,
                         const char  *delegation_id,
                         GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->get_delegation (self, delegation_id, error);
}

JsonArray *
sc_store_list_delegations (ScStore     *self,
                           const char  *org_id,
                           guint        limit,
                           gint64       cursor,
                           gint64      *next_seq,
                           GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_delegations (self, org_id, limit, cursor, next_seq,
                                                      error);
}

JsonArray *
sc_store_list_delegations_to (ScStore     *self,
                              const char  *org_id,
                              const char  *delegate_id,
                              GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  return SC_STORE_GET_CLASS (self)->list_delegations_to (self, org_id, delegate_id, error);
}

gboolean
sc_store_delete_delegation (ScStore     *self,
                            const char  *delegation_id,
                            GError     **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return SC_STORE_GET_CLASS (self)->delete_delegation (self, delegation_id, error);
}
