/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-client-error.h"
#include "sc-enums.h"

G_BEGIN_DECLS

/* ScClient: the Stagecraft API v1 over one shared SoupSession.
 *
 * Conventions of every call:
 * - Each endpoint is an _async/_finish pair with a GCancellable; callbacks
 *   run in the thread-default main context of the _async call. A cancelled
 *   call fails with G_IO_ERROR_CANCELLED; every other failure is in
 *   SC_CLIENT_ERROR (see sc-client-error.h) with a message to show.
 * - A single resource is returned as a JsonObject (transfer full). Mutable
 *   resources carry their `etag` member; the calls that change them take
 *   that etag and send it as If-Match. A stale or missing etag fails
 *   with SC_CLIENT_ERROR_PRECONDITION_FAILED: reload, or get the fresh etag
 *   and send again to overwrite.
 * - A collection is returned as an ScClientPage: the items (objects) and
 *   the cursor of the next page (NULL on the last page). Pass that cursor
 *   back to get the next page.
 * - Calls that answer nothing (deletions) return TRUE.
 * - JSON bodies over 64 KiB are parsed in a worker thread.
 * - Credentials: a personal token (sent as the bearer) or an API key,
 *   exchanged at POST /api/v1/oauth/token for an access token that the
 *   client renews before it expires (under a minute left) and once after a
 *   401, retrying the call once. Credentials are never logged.
 * - TLS certificates are always verified; sc_client_set_tls_database()
 *   chooses what to trust (a self-signed server), nothing turns
 *   verification off. A refused certificate fails with SC_CLIENT_ERROR_TLS
 *   and a message naming the problem (unknown authority, wrong host,
 *   expired, …). */

#define SC_TYPE_CLIENT (sc_client_get_type ())

G_DECLARE_FINAL_TYPE (ScClient, sc_client, SC, CLIENT, GObject)

/* --- pages --------------------------------------------------------------- */

#define SC_TYPE_CLIENT_PAGE (sc_client_page_get_type ())

typedef struct _ScClientPage ScClientPage;

GType         sc_client_page_get_type        (void) G_GNUC_CONST;
ScClientPage *sc_client_page_ref             (ScClientPage *page);
void          sc_client_page_unref           (ScClientPage *page);
/* The items, each a JSON object (checked); transfer none. */
JsonArray    *sc_client_page_get_items       (ScClientPage *page);
guint         sc_client_page_get_n_items     (ScClientPage *page);
JsonObject   *sc_client_page_get_item        (ScClientPage *page,
                                              guint         index);
/* Nullable: NULL on the last page. */
const char   *sc_client_page_get_next_cursor (ScClientPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScClientPage, sc_client_page_unref)

/* As the @cursor of a list call: every page, followed to the end and
 * answered as one ScClientPage whose next_cursor is NULL (for what is shown
 * whole or counted). The lists that take no cursor (members, mappings,
 * promotion paths, connections) always answer every page. Compared by
 * address. */
#define SC_CLIENT_ALL_PAGES (sc_client_all_pages ())
const char   *sc_client_all_pages            (void) G_GNUC_CONST;

/* --- the client ---------------------------------------------------------- */

/* @base_url is the server, "https://stagecraft.example.com" or
 * "http://127.0.0.1:8080" (a trailing slash is ignored); the client appends
 * /api/v1. An invalid URL fails each call with SC_CLIENT_ERROR_INVALID_URL. */
ScClient     *sc_client_new                  (const char   *base_url);
const char   *sc_client_get_base_url         (ScClient     *self);

/* Verify server certificates against @database instead of the system's
 * trust store (for a server with a self-signed certificate); NULL goes back
 * to the system's. Certificates are verified either way. */
void          sc_client_set_tls_database     (ScClient     *self,
                                              GTlsDatabase *database);
GTlsDatabase *sc_client_get_tls_database     (ScClient     *self);

/* Credentials; setting one replaces the other. */
void          sc_client_set_token            (ScClient     *self,
                                              const char   *token);
void          sc_client_set_api_key          (ScClient     *self,
                                              const char   *client_id,
                                              const char   *client_secret);
void          sc_client_clear_credentials    (ScClient     *self);
gboolean      sc_client_has_credentials      (ScClient     *self);

/* A fresh Idempotency-Key (a random UUID). Make one per logical attempt
 * (the user pressing Promote) and pass it again when the user retries the
 * same attempt after a failure. */
char         *sc_client_new_idempotency_key  (void);

/* --- meta ---------------------------------------------------------------- */

/* GET /health → {status}; no credentials needed. */
void          sc_client_health_async         (ScClient             *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_health_finish        (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /server-info → {name, version, api_version, features}; no credentials. */
void          sc_client_get_server_info_async (ScClient            *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_get_server_info_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /me → {id, email, name, memberships}. Use it to check credentials. */
void          sc_client_get_me_async         (ScClient             *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_get_me_finish        (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* --- organizations ------------------------------------------------------- */

/* GET /orgs (?all=true: every organization, e.g. to pick a mapping target). */
void          sc_client_list_orgs_async      (ScClient             *self,
                                              gboolean              all,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_orgs_finish     (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_get_org_async        (ScClient             *self,
                                              const char           *org_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_get_org_finish       (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* PATCH /orgs/{org} with @changes ({type?, approval_policy?}) and If-Match. */
void          sc_client_patch_org_async      (ScClient             *self,
                                              const char           *org_id,
                                              JsonObject           *changes,
                                              const char           *etag,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_patch_org_finish     (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_list_members_async   (ScClient             *self,
                                              const char           *org_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_members_finish  (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_list_mappings_async  (ScClient             *self,
                                              const char           *org_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_mappings_finish (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_create_mapping_async (ScClient             *self,
                                              const char           *org_id,
                                              const char           *target_org_id,
                                              ScRelation            relation,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_create_mapping_finish (ScClient            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* @etag nullable: mappings carry none today. */
void          sc_client_delete_mapping_async (ScClient             *self,
                                              const char           *mapping_id,
                                              const char           *etag,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean      sc_client_delete_mapping_finish (ScClient            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /orgs/{org}/audit (admins), newest first. @cursor nullable. */
void          sc_client_list_audit_async     (ScClient             *self,
                                              const char           *org_id,
                                              const char           *cursor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_audit_finish    (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* What an audit listing selects; every member nullable (no filter).
 * @actions: exact action names, any of which; @actor_id a user id or an
 * e-mail; @since inclusive, @until exclusive. */
typedef struct {
  const char *const *actions;
  const char        *actor_id;
  const char        *target_type;
  const char        *target_id;
  GDateTime         *since;
  GDateTime         *until;
} ScClientAuditFilter;

/* GET /orgs/{org}/audit with @filter (nullable); finish with
 * sc_client_list_audit_finish(). */
void          sc_client_list_audit_filtered_async (ScClient                 *self,
                                              const char                *org_id,
                                              const ScClientAuditFilter *filter,
                                              const char                *cursor,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
/* The CSV of everything @filter selects (GET /orgs/{org}/audit as
 * text/csv), written into @stream as it arrives (never held whole). The
 * caller closes @stream. Finish returns the bytes written, or -1. */
void          sc_client_export_audit_async   (ScClient                  *self,
                                              const char                *org_id,
                                              const ScClientAuditFilter *filter,
                                              GOutputStream             *stream,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
gssize        sc_client_export_audit_finish  (ScClient                  *self,
                                              GAsyncResult              *result,
                                              GError                   **error);

/* --- promotion paths ----------------------------------------------------- */

void          sc_client_list_paths_async     (ScClient             *self,
                                              const char           *org_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_paths_finish    (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* @path: {name, stages: [{tag, org_id}]}. */
void          sc_client_create_path_async    (ScClient             *self,
                                              const char           *org_id,
                                              JsonObject           *path,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_create_path_finish   (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_get_path_async       (ScClient             *self,
                                              const char           *path_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_get_path_finish      (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* PUT: a full replace. */
void          sc_client_update_path_async    (ScClient             *self,
                                              const char           *path_id,
                                              JsonObject           *path,
                                              const char           *etag,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_update_path_finish   (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_delete_path_async    (ScClient             *self,
                                              const char           *path_id,
                                              const char           *etag,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean      sc_client_delete_path_finish   (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* --- workflows ----------------------------------------------------------- */

/* @query (nullable) matches names; @limit 0 is the server's default (100),
 * else 1…500; @cursor nullable. */
void          sc_client_list_workflows_async (ScClient             *self,
                                              const char           *org_id,
                                              const char           *query,
                                              guint                 limit,
                                              const char           *cursor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_workflows_finish (ScClient            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* @workflow: {name, description, steps, config, trigger: {url, method},
 * tags, connection_ids}. */
void          sc_client_create_workflow_async (ScClient            *self,
                                              const char           *org_id,
                                              JsonObject           *workflow,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_create_workflow_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_get_workflow_async   (ScClient             *self,
                                              const char           *workflow_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_get_workflow_finish  (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_update_workflow_async (ScClient            *self,
                                              const char           *workflow_id,
                                              JsonObject           *workflow,
                                              const char           *etag,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_update_workflow_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_delete_workflow_async (ScClient            *self,
                                              const char           *workflow_id,
                                              const char           *etag,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean      sc_client_delete_workflow_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /workflows/{id}/releases {notes} → the release. */
void          sc_client_publish_release_async (ScClient            *self,
                                              const char           *workflow_id,
                                              const char           *notes,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_publish_release_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /releases/{id}/block {reason}, or with @reason NULL
 * POST /releases/{id}/unblock → the release. */
void          sc_client_set_release_block_async (ScClient          *self,
                                              const char           *release_id,
                                              const char           *reason,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_set_release_block_finish (ScClient         *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* @limit 0 is the server's default (100), else 1…500; @cursor nullable. */
void          sc_client_list_releases_async  (ScClient             *self,
                                              const char           *workflow_id,
                                              guint                 limit,
                                              const char           *cursor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_releases_finish (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /workflows/{id}/stages → one item per path the workflow is on. */
void          sc_client_get_stages_async     (ScClient             *self,
                                              const char           *workflow_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_get_stages_finish    (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Sharing of a workflow (@is_connection FALSE, levels view/manage) or of a
 * connection (TRUE, run/manage): {general_access, grants, etag}. */
void          sc_client_get_sharing_async    (ScClient             *self,
                                              const char           *resource_id,
                                              gboolean              is_connection,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_get_sharing_finish   (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* @sharing: {general_access, grants: [{user_id | email, permission}]}. */
void          sc_client_put_sharing_async    (ScClient             *self,
                                              const char           *resource_id,
                                              gboolean              is_connection,
                                              JsonObject           *sharing,
                                              const char           *etag,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_put_sharing_finish   (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Every page of GET /orgs/{org}/connections, as one. */
void          sc_client_list_connections_async (ScClient           *self,
                                              const char           *org_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_connections_finish (ScClient          *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* --- promotions ---------------------------------------------------------- */

/* POST /promotions/preview; changes nothing. @target_stage is a tag. */
void          sc_client_preview_promotion_async (ScClient          *self,
                                              const char           *release_id,
                                              const char           *path_id,
                                              const char           *target_stage,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_preview_promotion_finish (ScClient         *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /promotions → the promotion record. @approval_request_id nullable.
 * @idempotency_key nullable: NULL makes one for this call (reused when the
 * client itself retries after renewing a token); pass your own, from
 * sc_client_new_idempotency_key(), to retry one logical attempt safely. */
void          sc_client_promote_async        (ScClient             *self,
                                              const char           *release_id,
                                              const char           *path_id,
                                              const char           *target_stage,
                                              const char           *approval_request_id,
                                              const char           *idempotency_key,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_promote_finish       (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* The same with an admin's override of deny windows (@override_reason,
 * not NULL: "override_reason"); finish with sc_client_promote_finish(). */
void          sc_client_promote_overriding_async (ScClient         *self,
                                              const char           *release_id,
                                              const char           *path_id,
                                              const char           *target_stage,
                                              const char           *override_reason,
                                              const char           *idempotency_key,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* POST /emergency-stop {reason}, or with @reason NULL
 * POST /emergency-stop/lift → {active, orgs: [{id, name}]}. */
void          sc_client_set_emergency_stop_async (ScClient         *self,
                                              const char           *reason,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_set_emergency_stop_finish (ScClient        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /promotions?workflow_id=&org_id= (either or both nullable). */
void          sc_client_list_promotions_async (ScClient            *self,
                                              const char           *workflow_id,
                                              const char           *org_id,
                                              guint                 limit,
                                              const char           *cursor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_promotions_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /workflows/{id}/rollback {release_id, reason} → promotion record. */
void          sc_client_rollback_async       (ScClient             *self,
                                              const char           *workflow_id,
                                              const char           *release_id,
                                              const char           *reason,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_rollback_finish      (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* --- approval requests --------------------------------------------------- */

/* @idempotency_key as for sc_client_promote_async(). */
void          sc_client_create_approval_request_async (ScClient    *self,
                                              const char           *release_id,
                                              const char           *path_id,
                                              const char           *target_stage,
                                              const char           *message,
                                              const char           *idempotency_key,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_create_approval_request_finish (ScClient   *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Filters: @state ("pending", … or NULL), @org_id (nullable), @reviewable
 * (only requests the caller may decide), @mine (only the caller's). */
void          sc_client_list_approval_requests_async (ScClient     *self,
                                              const char           *state,
                                              const char           *org_id,
                                              gboolean              reviewable,
                                              gboolean              mine,
                                              const char           *cursor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_approval_requests_finish (ScClient    *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void          sc_client_get_approval_request_async (ScClient       *self,
                                              const char           *request_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_get_approval_request_finish (ScClient      *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /approval-requests/{id}/decisions {decision, comment}. @comment
 * nullable. Returns what the server answers (the request), or {} for an
 * empty answer. */
void          sc_client_decide_async         (ScClient             *self,
                                              const char           *request_id,
                                              ScDecision            decision,
                                              const char           *comment,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_decide_finish        (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /approval-requests/{id}/cancel; as decide for the result. */
void          sc_client_cancel_request_async (ScClient             *self,
                                              const char           *request_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_cancel_request_finish (ScClient            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* --- events -------------------------------------------------------------- */

/* GET /events?since=&timeout= long poll. @since NULL answers at once with
 * the current cursor (page's next_cursor) and no items. @timeout_seconds
 * is clamped to 0…25 so that the answer always comes before the session's
 * 30 s I/O timeout. Cancel @cancellable to stop polling: the call fails at
 * once with G_IO_ERROR_CANCELLED. */
void          sc_client_poll_events_async    (ScClient             *self,
                                              const char           *since,
                                              guint                 timeout_seconds,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_poll_events_finish   (ScClient             *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* --- the reviewer's desk (issue 9) ---------------------------------------- */

/* GET /approval-requests/{id}/preview: what the request's promotion would
 * change in the target now, and target_changed. */
void          sc_client_preview_approval_request_async  (ScClient            *self,
                                                         const char          *request_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
JsonObject   *sc_client_preview_approval_request_finish (ScClient            *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* GET /orgs/{org}/delegations, every page. */
void          sc_client_list_delegations_async  (ScClient            *self,
                                                 const char          *org_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
ScClientPage *sc_client_list_delegations_finish (ScClient            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* POST /orgs/{org}/delegations {delegate_id, from, until} (RFC 3339). */
void          sc_client_create_delegation_async  (ScClient            *self,
                                                  const char          *org_id,
                                                  const char          *delegate_id,
                                                  const char          *from,
                                                  const char          *until,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
JsonObject   *sc_client_create_delegation_finish (ScClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* DELETE /delegations/{id}. */
void          sc_client_delete_delegation_async  (ScClient            *self,
                                                  const char          *delegation_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      sc_client_delete_delegation_finish (ScClient            *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* --- scheduled promotions ------------------------------------------------- */

/* POST /schedules → the schedule (202). @run_at a UTC time; the rest as
 * sc_client_promote_async(). */
void          sc_client_create_schedule_async (ScClient            *self,
                                              const char           *release_id,
                                              const char           *path_id,
                                              const char           *target_stage,
                                              const char           *approval_request_id,
                                              GDateTime            *run_at,
                                              const char           *idempotency_key,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_create_schedule_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* GET /schedules?org_id=&state= (both nullable: the caller's own, pending),
 * every page. */
void          sc_client_list_schedules_async (ScClient             *self,
                                              const char           *org_id,
                                              const char           *state,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ScClientPage *sc_client_list_schedules_finish (ScClient            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* POST /schedules/{id}/cancel → the schedule, cancelled. */
void          sc_client_cancel_schedule_async (ScClient            *self,
                                              const char           *schedule_id,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
JsonObject   *sc_client_cancel_schedule_finish (ScClient           *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
