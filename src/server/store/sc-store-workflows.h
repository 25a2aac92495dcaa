/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-store.h"

G_BEGIN_DECLS

/* Workflows, their releases and sharing, and connections (sc-store-workflows.c).
 *
 * A workflow object is the API shape: {id, org_id, name, description,
 * owner: {id, email, name}, steps, config, trigger: {url, method}, tags,
 * connections: [{id, service, name}], latest_release: {id, version} | null,
 * origin: {workflow_id, org_id, path_id, stage} | null, promoted,
 * permission, stage, etag, created_at, updated_at}. "stage" is the tag of
 * the stage the workflow is at: origin.stage for a copy a promotion made,
 * otherwise the first stage of the oldest path of its org that starts in
 * its org, else null. */

/* --- workflows ------------------------------------------------------------ */

/* One page of @org_id's workflows that @viewer_id may view, newest first
 * (seq below @before_seq; 0 starts at the newest). The caller's permission
 * is computed in SQL: @viewer_is_admin or the owner → manage, else the
 * viewer's grant, else general access; "none" rows are left out.
 * @name_query (nullable) keeps the names that contain it, ignoring ASCII
 * case. @next_seq is set to the sort key for the next page, 0 when this is
 * the last one. */
JsonArray  *sc_store_list_workflows       (ScStore              *self,
                                           const char           *org_id,
                                           const char           *viewer_id,
                                           gboolean              viewer_is_admin,
                                           const char           *name_query,
                                           guint                 limit,
                                           gint64                before_seq,
                                           gint64               *next_seq,
                                           GError              **error);
/* The API shape with @permission as "permission" (@viewer_id is the
 * caller's, nullable). NULL with NOT_FOUND when there is no such
 * workflow. */
JsonObject *sc_store_get_workflow         (ScStore              *self,
                                           const char           *workflow_id,
                                           const char           *viewer_id,
                                           ScPermission          permission,
                                           GError              **error);
/* Inserts a workflow (draft) with its connections in one transaction;
 * general access starts at "view". Returns the new id. Connection ids are
 * not checked here (the route does). */
char       *sc_store_create_workflow      (ScStore              *self,
                                           const char           *org_id,
                                           const char           *owner_id,
                                           const ScWorkflowSpec *spec,
                                           GError              **error);
/* Replaces the draft (name, description, steps, config, trigger, tags,
 * connections) in one transaction and gives it a new etag. NOT_FOUND when
 * there is no such workflow. */
gboolean    sc_store_update_workflow      (ScStore              *self,
                                           const char           *workflow_id,
                                           const ScWorkflowSpec *spec,
                                           GError              **error);
gboolean    sc_store_delete_workflow      (ScStore              *self,
                                           const char           *workflow_id,
                                           GError              **error);
/* The ids of the connections the workflow uses now (a set). */
GHashTable *sc_store_get_workflow_connection_ids (ScStore        *self,
                                           const char           *workflow_id,
                                           GError              **error);

/* --- releases ------------------------------------------------------------- */

/* Publishes the current draft as the next release (max version + 1) in its
 * own transaction; also gives the workflow a new etag, since its
 * latest_release changed. Returns the release id. */
char       *sc_store_publish_release      (ScStore              *self,
                                           const char           *workflow_id,
                                           const char           *created_by,
                                           const char           *notes,
                                           GError              **error);
/* The same, for callers that already run a transaction (a promotion
 * publishing in its target): snapshots the draft as it is now. @notes and
 * @source_release_id are nullable. @version (out, nullable). */
char       *sc_store_add_release          (ScStore              *self,
                                           const char           *workflow_id,
                                           const char           *created_by,
                                           const char           *notes,
                                           const char           *source_release_id,
                                           gint64               *version,
                                           GError              **error);
/* The same with the snapshot the caller just wrote into the draft
 * (@snapshot_text, the JSON of {name, description, steps, config,
 * trigger, connections}), so that the draft is not read back: a promotion
 * has it. */
char       *sc_store_add_release_snapshot (ScStore              *self,
                                           const char           *workflow_id,
                                           const char           *created_by,
                                           const char           *notes,
                                           const char           *source_release_id,
                                           const char           *snapshot_text,
                                           gint64               *version,
                                           GError              **error);
/* {id, workflow_id, org_id, version, notes, created_at, created_by: {id,
 * email}, source_release_id, snapshot}: snapshot is the parsed
 * {name, description, steps, config, trigger: {url, method},
 * connections: [{service, name}]}. NULL with NOT_FOUND when unknown. */
JsonObject *sc_store_get_release          (ScStore              *self,
                                           const char           *release_id,
                                           GError              **error);
/* A page of the workflow's releases, newest first (version below
 * @before_version, 0 starts at the newest): {id, workflow_id, version,
 * notes, created_at, created_by: {id, email}}. */
JsonArray  *sc_store_list_releases        (ScStore              *self,
                                           const char           *workflow_id,
                                           guint                 limit,
                                           gint64                before_version,
                                           gint64               *next_version,
                                           GError              **error);
/* Blocks the release with @reason by @user_id now, or unblocks it when
 * @reason is NULL. NOT_FOUND when unknown. Releases carry
 * blocked: {reason, by: {id, email}, at} | null. */
gboolean    sc_store_set_release_block    (ScStore              *self,
                                           const char           *release_id,
                                           const char           *user_id,
                                           const char           *reason,
                                           GError              **error);

/* --- sharing (workflows and, with @is_connection, connections) ------------ */

/* {general_access, grants: [{user_id, email, permission}] by e-mail, etag}
 * (etag is the resource's sharing etag). NOT_FOUND when unknown. */
JsonObject *sc_store_get_sharing          (ScStore              *self,
                                           gboolean              is_connection,
                                           const char           *resource_id,
                                           GError              **error);
/* Replaces general access and every grant (each grant must carry a
 * user_id) and writes the audit event "workflow.shared" or
 * "connection.shared" by @actor_id, all in one transaction, with a new
 * sharing etag. */
gboolean    sc_store_set_sharing          (ScStore              *self,
                                           gboolean              is_connection,
                                           const char           *resource_id,
                                           const char           *actor_id,
                                           const ScSharingSpec  *spec,
                                           GError              **error);
/* For each connection the workflow uses: {id, service, name, shared}, where
 * shared tells whether everyone the workflow is shared with (each grantee,
 * and the whole org when general access is not "none") may use it. */
JsonArray  *sc_store_get_connections_shared (ScStore            *self,
                                           const char           *workflow_id,
                                           GError              **error);

/* --- connections ---------------------------------------------------------- */

/* A page of the org's connections, newest first, each {id, name, service,
 * permission} with @viewer_id's permission ("none", "run", "manage"). The
 * secret is never read. */
JsonArray  *sc_store_list_connections     (ScStore              *self,
                                           const char           *org_id,
                                           const char           *viewer_id,
                                           gboolean              viewer_is_admin,
                                           guint                 limit,
                                           gint64                before,
                                           gint64               *next,
                                           GError              **error);
/* {id, org_id, name, service, owner_id, general_access}; NOT_FOUND when
 * unknown. */
JsonObject *sc_store_get_connection       (ScStore              *self,
                                           const char           *connection_id,
                                           GError              **error);
/* CONSTRAINT when the org has a connection with this service and name. */
char       *sc_store_create_connection    (ScStore              *self,
                                           const char           *org_id,
                                           const char           *owner_id,
                                           const char           *name,
                                           const char           *service,
                                           const char           *secret,
                                           GError              **error);

/* --- org members, for sharing ---------------------------------------------- */

/* The set of user ids that are members of @org_id. */
GHashTable *sc_store_get_member_ids       (ScStore              *self,
                                           const char           *org_id,
                                           GError              **error);
/* The id of the member of @org_id with this e-mail address (ignoring
 * case), NULL when none (no error). */
char       *sc_store_find_member_by_email (ScStore              *self,
                                           const char           *org_id,
                                           const char           *email,
                                           GError              **error);
/* The org's name, for messages; NULL with NOT_FOUND when unknown. */
char       *sc_store_org_display_name     (ScStore              *self,
                                           const char           *org_id,
                                           GError              **error);

G_END_DECLS
