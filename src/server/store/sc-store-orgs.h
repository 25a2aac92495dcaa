/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-store.h"

G_BEGIN_DECLS

/* Orgs, members, org mappings and the audit log (sc-store-orgs.c).
 *
 * List functions answer one page: at most @limit items after @cursor (0 for
 * the first page) and set *@next_cursor to the cursor of the next page, or
 * to 0 when this page is the last. */

/* {id, name, type (null when unregistered), approval_policy, etag}; NULL
 * with NOT_FOUND when there is no such org. */
JsonObject       *sc_store_get_org         (ScStore           *self,
                                            const char        *org_id,
                                            GError           **error);
/* The org's stored approval policy; NULL with NOT_FOUND when there is no
 * such org. */
ScApprovalPolicy *sc_store_get_org_policy  (ScStore           *self,
                                            const char        *org_id,
                                            GError           **error);
/* Writes the org's type (when @set_type) and policy (when @policy is not
 * NULL) with a new etag, and the audit event "org.updated" carrying
 * @details, in one transaction. The new etag goes to @etag (nullable). */
gboolean          sc_store_update_org      (ScStore           *self,
                                            const char        *org_id,
                                            const char        *expected_etag,
                                            const char        *actor_id,
                                            gboolean           set_type,
                                            ScOrgType          type,
                                            const ScApprovalPolicy *policy,
                                            JsonObject        *details,
                                            char             **etag,
                                            GError           **error);

/* Writes the org's policy with a new etag inside the caller's transaction
 * (no audit: the caller records what it did). */
gboolean          sc_store_set_org_policy  (ScStore           *self,
                                            const char        *org_id,
                                            const ScApprovalPolicy *policy,
                                            GError           **error);

/* The orgs @user_id belongs to, by name: [{id, name, type, role}]. With
 * @only_org_id (nullable; a scoped access token) just that one. The cursor
 * is the rowid of the last org of the page. */
JsonArray        *sc_store_list_user_orgs  (ScStore           *self,
                                            const char        *user_id,
                                            const char        *only_org_id,
                                            guint              limit,
                                            gint64             cursor,
                                            gint64            *next_cursor,
                                            GError           **error);
/* Every org of the server, by name: [{id, name, type}]. */
JsonArray        *sc_store_list_orgs       (ScStore           *self,
                                            guint              limit,
                                            gint64             cursor,
                                            gint64            *next_cursor,
                                            GError           **error);
/* The org's members by name (case-insensitively), then by when they
 * joined the server: [{user_id, email, name, role}]. The cursor is the
 * rowid of the last user of the page. */
JsonArray        *sc_store_list_members    (ScStore           *self,
                                            const char        *org_id,
                                            guint              limit,
                                            gint64             cursor,
                                            gint64            *next_cursor,
                                            GError           **error);

/* {id, source_org_id, source_org_name, target_org_id, target_org_name,
 * relation}; NULL with NOT_FOUND when there is none. */
JsonObject       *sc_store_get_mapping     (ScStore           *self,
                                            const char        *mapping_id,
                                            GError           **error);
/* The mappings whose source or target is @org_id, newest first. */
JsonArray        *sc_store_list_mappings   (ScStore           *self,
                                            const char        *org_id,
                                            guint              limit,
                                            gint64             cursor,
                                            gint64            *next_cursor,
                                            GError           **error);
/* Creates the mapping and the audit event "mapping.created" in the source
 * org, in one transaction; returns the mapping. CONSTRAINT when the pair
 * is already mapped. */
JsonObject       *sc_store_add_mapping     (ScStore           *self,
                                            const char        *source_org_id,
                                            const char        *target_org_id,
                                            ScRelation         relation,
                                            const char        *actor_id,
                                            GError           **error);
/* Deletes the mapping and writes "mapping.deleted" in its source org, in
 * one transaction. NOT_FOUND when there is none. */
gboolean          sc_store_delete_mapping  (ScStore           *self,
                                            const char        *mapping_id,
                                            const char        *actor_id,
                                            GError           **error);

/* Which audit events a listing selects; every member nullable (no filter).
 * @actions is a list of exact action names between commas, with a comma
 * at both ends (",org.updated,path.created,"); @actor a user id or e-mail;
 * @since (inclusive) and @until (exclusive) are times as sc_time_format()
 * writes them. */
typedef struct {
  const char *actions;
  const char *actor;
  const char *target_type;
  const char *target_id;
  const char *since;
  const char *until;
} ScAuditFilter;

/* The org's audit events @filter (nullable) selects, newest first: [{id,
 * action, actor: {id, email} | null, target: {type, id}, details, at}].
 * The cursor is the event's seq. */
JsonArray        *sc_store_list_audit      (ScStore           *self,
                                            const char        *org_id,
                                            const ScAuditFilter *filter,
                                            guint              limit,
                                            gint64             cursor,
                                            gint64            *next_cursor,
                                            GError           **error);

G_END_DECLS
