/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-model.h"
#include "sc-store.h"

G_BEGIN_DECLS

/* Promotions and rollbacks: what a promotion reads to decide (beyond the
 * workflows, paths, orgs and approvals stores), what it writes, and the
 * history (sc-store-promotions.c).
 *
 * The writes here each touch one or two tables; a promotion is many of
 * them, and the caller (sc-promotion.c) holds a transaction around the
 * lot. */

/* --- reads ------------------------------------------------------------------ */

/* What a promotion needs of a workflow (its source, the source's origin
 * chain), read as columns instead of the API shape. The origin members
 * are NULL when it has no origin (no origin stage). */
typedef struct {
  char *id;
  char *org_id;
  char *name;
  char *origin_workflow_id;
  char *origin_path_id;
  char *origin_stage;
} ScPromoWorkflow;

/* A release snapshot's content as a workflow holds it in its columns:
 * strings as they are, steps and config as JSON text. */
typedef struct {
  char *name;
  char *description;
  char *steps;
  char *config;
  char *trigger_url;
  char *trigger_method;
} ScPromoContent;

void        sc_promo_content_clear          (ScPromoContent *content);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScPromoContent, sc_promo_content_clear)
/* Fills @content from a snapshot object (a member absent or null reads as
 * "", "[]" or "{}"). */
void        sc_promo_content_set_from_snapshot (ScPromoContent *content,
                                                JsonObject     *snapshot);

/* What a promotion needs of the release it promotes. The snapshot's text
 * is read in place when the server wrote it (no tree is built: a promotion
 * copies it); any other text is parsed as before. */
typedef struct {
  char          *id;
  char          *workflow_id;
  gint64         version;
  char          *created_at;
  char          *blocked_reason;  /* NULL: not blocked */
  char          *snapshot_text;   /* the stored JSON */
  ScPromoContent content;         /* the snapshot's content */
  const char    *trigger_url;     /* content's, when the trigger has it as a string; else NULL */
  const char    *trigger_method;  /* likewise */
  JsonArray     *connections;     /* its {service, name} references; NULL: none */
  JsonObject    *snapshot;        /* NULL until sc_promo_release_get_snapshot () */
} ScPromoRelease;

/* The snapshot, parsed on the first call; empty when it is not an object. */
JsonObject *sc_promo_release_get_snapshot   (ScPromoRelease *release);
void        sc_promo_release_clear          (ScPromoRelease *release);
/* Fills @release; FALSE with NOT_FOUND when there is no such release. */
gboolean    sc_store_promo_get_release      (ScStore          *self,
                                             const char       *release_id,
                                             ScPromoRelease   *release,
                                             GError          **error);
void        sc_promo_workflow_clear         (ScPromoWorkflow *workflow);
/* Fills @workflow; FALSE with NOT_FOUND when there is no such workflow. */
gboolean    sc_store_promo_get_workflow     (ScStore          *self,
                                             const char       *workflow_id,
                                             ScPromoWorkflow  *workflow,
                                             GError          **error);

/* Whether @release_id already succeeded in reaching stage @tag of @path_id. */
gboolean    sc_store_promo_already_promoted (ScStore     *self,
                                             const char  *release_id,
                                             const char  *path_id,
                                             const char  *tag,
                                             gboolean    *promoted,
                                             GError     **error);
/* The approval requests for exactly this release and stage made by
 * @requester_id in state "approved", oldest first: [{id, requester_id,
 * expires_at}]. Expiry is judged by the caller. */
JsonArray  *sc_store_promo_list_approved_requests (ScStore     *self,
                                             const char  *release_id,
                                             const char  *path_id,
                                             const char  *tag,
                                             const char  *requester_id,
                                             GError     **error);
/* The workflow in @org_id that a promotion of @source_workflow_id along
 * @path_id made or adopted for stage @tag; NULL (no error) when none. */
char       *sc_store_promo_find_linked      (ScStore     *self,
                                             const char  *org_id,
                                             const char  *source_workflow_id,
                                             const char  *path_id,
                                             const char  *tag,
                                             GError     **error);
/* The oldest workflow in @org_id with this trigger whose id is not in
 * @exclude_ids (NULL-terminated, nullable) and that is not at another stage
 * of @path_id; NULL (no error) when none. */
char       *sc_store_promo_find_by_trigger  (ScStore     *self,
                                             const char  *org_id,
                                             const char  *url,
                                             const char  *method,
                                             const char  *path_id,
                                             const char  *tag,
                                             const char * const *exclude_ids,
                                             GError     **error);
/* The id of @org_id's connection to @service named @name; NULL (no error)
 * when it has none. */
char       *sc_store_promo_find_connection  (ScStore     *self,
                                             const char  *org_id,
                                             const char  *service,
                                             const char  *name,
                                             GError     **error);

/* --- writes (inside the caller's transaction) ------------------------------ */

/* A workflow made by a promotion: @content, no tags, general access "view",
 * @connection_ids, owner @owner_id and the origin. Returns its id. */
char       *sc_store_promo_create_workflow  (ScStore     *self,
                                             const char  *org_id,
                                             const char  *owner_id,
                                             const ScPromoContent *content,
                                             const char * const *connection_ids,
                                             const char  *origin_workflow_id,
                                             const char  *origin_org_id,
                                             const char  *origin_path_id,
                                             const char  *origin_stage,
                                             GError     **error);
/* Replaces a workflow's draft content (not its tags, owner or sharing) with
 * @content and its connections with @connection_ids, with a new etag. When
 * @set_origin, the origin too (a promotion's target); a rollback keeps it. */
gboolean    sc_store_promo_update_workflow  (ScStore     *self,
                                             const char  *workflow_id,
                                             const ScPromoContent *content,
                                             const char * const *connection_ids,
                                             gboolean     set_origin,
                                             const char  *origin_workflow_id,
                                             const char  *origin_org_id,
                                             const char  *origin_path_id,
                                             const char  *origin_stage,
                                             GError     **error);
/* Sets the source's "promoted" badge (and a new etag when it changes). */
gboolean    sc_store_promo_mark_promoted    (ScStore     *self,
                                             const char  *workflow_id,
                                             GError     **error);

/* One history row. Strings are nullable where the table allows. */
typedef struct {
  const char *kind;               /* "promote" | "rollback" */
  const char *release_id;
  gint64      release_version;
  const char *workflow_id;
  const char *path_id;
  const char *source_tag;
  const char *source_org_id;
  const char *target_tag;
  const char *target_org_id;
  const char *target_workflow_id;
  const char *target_release_id;
  gboolean    created_new;
  const char *actor_id;
  gboolean    succeeded;
  const char *error_code;
  const char *error_message;
  const char *reason;
  const char *approval_request_id;
} ScPromotionRow;

/* Appends the row; returns its id. */
char       *sc_store_insert_promotion       (ScStore              *self,
                                             const ScPromotionRow *row,
                                             GError              **error);
/* The same, and when @record is not NULL the API's promotion record of the
 * row just written (the text of sc_store_get_promotion ()'s object), with
 * @actor_email as the actor's. */
char       *sc_store_insert_promotion_record (ScStore              *self,
                                              const ScPromotionRow *row,
                                              const char           *actor_email,
                                              char                **record,
                                              GError              **error);

/* --- history ---------------------------------------------------------------- */

/* The API's promotion record: {id, kind, release: {id, version},
 * workflow_id, path_id, source: {tag, org_id}, target: {tag, org_id},
 * target_workflow_id, created_new, actor: {id, email}, outcome, error:
 * {code, message} | null, reason, at}. NULL with NOT_FOUND. */
JsonObject *sc_store_get_promotion          (ScStore     *self,
                                             const char  *promotion_id,
                                             GError     **error);
/* A page of history, newest first (seq below @cursor, 0 from the newest):
 * with @workflow_id the rows where it is the source or the target
 * workflow, else with @org_id those where it is the source or target org.
 * @next_cursor is 0 on the last page. */
JsonArray  *sc_store_list_promotions        (ScStore     *self,
                                             const char  *workflow_id,
                                             const char  *org_id,
                                             guint        limit,
                                             gint64       cursor,
                                             gint64      *next_cursor,
                                             GError     **error);

G_END_DECLS
