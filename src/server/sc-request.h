/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include "sc-hierarchy.h"
#include "sc-store.h"
#include "sc-violations.h"

G_BEGIN_DECLS

typedef struct _ScServer ScServer;

/* One API request while a route handler serves it. Handlers answer with
 * exactly one sc_request_reply_*() call (or pause, for long polls). */
typedef struct _ScRequest ScRequest;

struct _ScRequest
{
  ScServer          *server;
  ScStore           *store;
  ScHierarchy       *hierarchy;
  SoupServerMessage *msg;
  const char        *method;
  char              *path;         /* below /api/v1, e.g. "/orgs/org_x/workflows" */
  GPtrArray         *params;       /* the path segments a route's "*" matched */
  GHashTable        *query;        /* nullable */
  JsonObject        *user;         /* {id, email, name}; NULL on public routes */
  const char        *user_id;      /* shortcut into user */
  char              *token_id;
  char              *scope_org_id; /* access tokens scoped to one org */
  char              *idempotency_endpoint;
  char              *idempotency_key;
  gboolean           replied;
  gboolean           commit_on_reply;

  /*< private >*/
  JsonNode          *body_node;
  gint64             started;
  gint               ref_count;
  gboolean           paused;
  gboolean           finished;
  gulong             finished_id;
  char              *cache_key;    /* sc_request_reply_cached(): the 200 is kept */
  guint64            cache_stamp;
  gboolean           busy;         /* a concurrent transaction won: run again */
};

typedef void (*ScRouteHandler) (ScRequest *req);

/* Wakes the long polls of /events: call after adding events. */
void        sc_request_events_added   (ScRequest   *req);
/* A scheduled promotion was added or ended (the scheduler re-arms). */
void        sc_request_schedules_changed (ScRequest *req);

const char *sc_request_param          (ScRequest   *req,
                                       guint        index);
const char *sc_request_get_query      (ScRequest   *req,
                                       const char  *name);
const char *sc_request_get_header     (ScRequest   *req,
                                       const char  *name);

/* The body as a JSON object; on failure answers 400 (not JSON, not an
 * object) and returns NULL. */
JsonObject *sc_request_body           (ScRequest   *req);
/* The body as a JsonNode (object checked), same failure handling. */
JsonNode   *sc_request_body_node      (ScRequest   *req);

/* Answers @status with @node (transfer full) as JSON. GET answers carry an
 * ETag: @etag when given, else a hash of the body, and honour
 * If-None-Match with 304. */
void        sc_request_reply_json     (ScRequest   *req,
                                       guint        status,
                                       JsonNode    *node,
                                       const char  *etag);
void        sc_request_reply_object   (ScRequest   *req,
                                       guint        status,
                                       JsonObject  *object,
                                       const char  *etag);
/* The same with @text (transfer full), JSON text already written. */
void        sc_request_reply_text     (ScRequest   *req,
                                       guint        status,
                                       char        *text,
                                       const char  *etag);
void        sc_request_reply_empty    (ScRequest   *req,
                                       guint        status);
/* {"error": {code, message, details}}; @details transfer full, nullable. */
void        sc_request_reply_error    (ScRequest   *req,
                                       guint        status,
                                       const char  *code,
                                       JsonNode    *details,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (5, 6);
/* 422 validation_failed with details from @violations. */
void        sc_request_reply_violations (ScRequest *req,
                                       GPtrArray   *violations);
/* 400 bad_request for an SC_MODEL_ERROR_TYPE error. */
void        sc_request_reply_bad_type (ScRequest   *req,
                                       const GError *error);
/* NOT_FOUND → 404 with @what ("Workflow"); CONSTRAINT → 409; anything else
 * → 500 "internal" (logged, never leaked). */
void        sc_request_reply_store_error (ScRequest *req,
                                       const GError *error,
                                       const char  *what);
void        sc_request_reply_not_found (ScRequest  *req,
                                       const char  *what);

/* The write transaction of a handler: begin and commit answer a failure
 * themselves (a commit that fails is rolled back) and return FALSE. */
gboolean    sc_request_begin          (ScRequest   *req);
gboolean    sc_request_commit         (ScRequest   *req);
/* Arms the open transaction to commit with the next reply, together with
 * that reply's Idempotency-Key record: the handler builds its answer inside
 * the transaction and replies as usual. A reply of 500 rolls back instead;
 * when the commit fails the reply becomes 500. */
void        sc_request_commit_with_reply (ScRequest *req);
/* Begins the handler's transaction and arms it at once, as
 * sc_request_commit_with_reply(): whatever the handler answers ends it, an
 * answer below 500 committing, 500 and above rolling back. For handlers
 * whose checks and write are one transaction; a failed write answers
 * through sc_request_rollback() so that nothing of it commits. */
gboolean    sc_request_begin_until_reply (ScRequest *req);
/* Rolls back (disarming sc_request_commit_with_reply) and answers @error
 * (nullable: when the handler has answered already) as for
 * sc_request_reply_store_error(). */
void        sc_request_rollback       (ScRequest   *req,
                                       const GError *error,
                                       const char  *what);

/* Checks If-Match against @etag; answers 412 and returns FALSE when it is
 * missing or stale. */
gboolean    sc_request_check_if_match (ScRequest   *req,
                                       const char  *etag);

/* Parses ?limit= and ?cursor=; answers 400 and returns FALSE when bad.
 * @cursor is 0 when absent (start from the newest). */
gboolean    sc_request_get_page       (ScRequest   *req,
                                       guint       *limit,
                                       gint64      *cursor);
char       *sc_request_encode_cursor  (gint64       seq);
/* The sequence number in a cursor sc_request_encode_cursor() made; FALSE
 * for anything else, or a number below @min. */
gboolean    sc_cursor_decode          (const char  *text,
                                       gint64       min,
                                       gint64      *seq);
/* {"items": @items, "next_cursor": cursor or null}; @items transfer full. */
JsonNode   *sc_page_new               (JsonArray   *items,
                                       const char  *next_cursor);
/* Answers 200 with the page of @items (transfer full); @next_seq 0 on the
 * last page. */
/* For a GET whose answer derives from stored data, the caller and the URL
 * only (no clock): when the same caller asked for the same URL and nothing
 * was stored since (sc_store_get_change_stamp()), answers as then — 304
 * when If-None-Match holds its ETag, else the same 200 — without building
 * it, and returns TRUE. Otherwise returns FALSE, and the handler's 200 is
 * kept for next time. The ETag stays the hash of the body. */
gboolean    sc_request_reply_cached   (ScRequest   *req);
void        sc_request_reply_page     (ScRequest   *req,
                                       JsonArray   *items,
                                       gint64       next_seq);

/* Streamed answers: @next appends the next part of the body to @chunk and
 * returns FALSE when that was the last. On a failure it sets @error: the
 * connection is then closed without the body's end, so that the client
 * sees a broken transfer rather than a short answer that looks whole. */
typedef gboolean (*ScStreamFunc) (ScRequest  *req,
                                  GString    *chunk,
                                  gpointer    user_data,
                                  GError    **error);
/* Answers 200 with @content_type in chunked transfer encoding: @next is
 * called for the first chunk now and for each further one when the one
 * before was written, so that the whole body is never held at once.
 * @destroy frees @user_data when the answer is finished. */
void        sc_request_reply_stream   (ScRequest     *req,
                                       const char    *content_type,
                                       ScStreamFunc   next,
                                       gpointer       user_data,
                                       GDestroyNotify destroy);

/* The caller's role in @org_id (NONE when not a member, or when an access
 * token is scoped to another org). */
ScRole      sc_request_role           (ScRequest   *req,
                                       const char  *org_id);
/* Answers 404 (org unknown or caller not a member) and returns FALSE. */
gboolean    sc_request_require_member (ScRequest   *req,
                                       const char  *org_id,
                                       ScRole      *role);
/* Member check, then 403 unless the caller's role is at least @min_role. */
gboolean    sc_request_require_role   (ScRequest   *req,
                                       const char  *org_id,
                                       ScRole       min_role);

/* The caller's permission on a workflow (@is_connection FALSE) or a
 * connection, by the sharing rules; @org_id (out, nullable) its org.
 * Unknown resources and those the caller cannot see answer 404 and return
 * SC_PERMISSION_NONE; when @min is above what the caller holds (but they
 * can see it) answers 403 and returns SC_PERMISSION_NONE too. With @min
 * SC_PERMISSION_NONE nothing is answered: the permission is returned. */
ScPermission sc_request_resource_permission (ScRequest   *req,
                                       gboolean     is_connection,
                                       const char  *resource_id,
                                       ScPermission min,
                                       char       **org_id);

/* Idempotency-Key support: when the request carries the header and a
 * result is stored for (user, @endpoint, key), answers it again and returns
 * TRUE. Otherwise remembers the key so that the reply is stored. A bad key
 * answers 400 and returns TRUE too. */
gboolean    sc_request_replay_idempotent (ScRequest *req,
                                       const char  *endpoint);

/* libsoup answers what it cannot parse (a malformed request line, NUL in a
 * header, an unknown Transfer-Encoding) itself, before any handler runs,
 * with whatever body the message holds: every message starts with a
 * bad_request error body, which each reply replaces. */
void        sc_request_preset_error_body (SoupServerMessage *msg);

/* Long polls: pause keeps @req and the message alive past the handler;
 * replying later unpauses. */
ScRequest  *sc_request_ref            (ScRequest   *req);
void        sc_request_unref          (ScRequest   *req);
void        sc_request_pause          (ScRequest   *req);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScRequest, sc_request_unref)

G_END_DECLS
