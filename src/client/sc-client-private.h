/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "sc-client.h"

G_BEGIN_DECLS

/* Internals shared by the files of src/client/, and the test hooks. */

GError        *sc_client_error_new_for_answer  (ScClientError  code,
                                                guint          status,
                                                const char    *code_name,
                                                JsonObject    *details,
                                                const char    *message);
ScClientError  sc_client_error_code_for_status (guint          status);
/* SC_CLIENT_ERROR_PARSE for an answer (@status) that is not what was
 * expected; @what says what it lacks. */
GError        *sc_client_parse_error           (guint          status,
                                                const char    *what);
/* Wipes @secret (nullable) before its memory goes back to the allocator. */
void           sc_client_secret_free           (char          *secret);

/* What a call expects back. */
typedef enum {
  RESULT_OBJECT, /* JsonObject; an empty answer gives {} */
  RESULT_PAGE,   /* ScClientPage */
  RESULT_NONE,   /* TRUE */
} ScClientResultKind;

/* What a call expecting @kind makes of an answer: @status, the media type
 * of Content-Type (nullable, without parameters) and the body. Returns
 * the result (a JsonObject, an ScClientPage, or GINT_TO_POINTER (TRUE)
 * for RESULT_NONE; free it with sc_client_result_free()), or NULL and
 * @error in SC_CLIENT_ERROR: the server's error body for a non-2xx
 * answer, SC_CLIENT_ERROR_PARSE for a body that is not what @kind needs.
 * A plain function of the answer, whatever a server sends (tests/fuzz). */
gpointer       sc_client_read_answer           (ScClientResultKind  kind,
                                                guint               status,
                                                const char         *content_type,
                                                GBytes             *bytes,
                                                GError            **error);
void           sc_client_result_free           (ScClientResultKind  kind,
                                                gpointer            result);
/* The answer of POST /oauth/token: @access_token points into @object;
 * @expires_in (seconds) is clamped to [0, one year], 3600 when absent.
 * FALSE with SC_CLIENT_ERROR_PARSE when there is no token. */
gboolean       sc_client_read_token_answer     (JsonObject         *object,
                                                const char        **access_token,
                                                gint64             *expires_in,
                                                GError            **error);

/* What the endpoint wrappers (sc-client-<resource>.c) build their calls
 * with; transport, authentication and renewal stay in sc-client.c. */

#define MAX_POLL_TIMEOUT 25 /* seconds: stays under the session's I/O timeout */

typedef struct _ScClientCall ScClientCall;

/* A call of @method on @path (transfer full: below /api/v1, with the
 * query). @body is sent as JSON and @etag as If-Match; both nullable. The
 * body is serialised now: the caller may change @body once this returns. */
ScClientCall  *sc_client_call_new              (const char          *method,
                                                char                *path,
                                                JsonObject          *body,
                                                const char          *etag,
                                                ScClientResultKind   kind);
/* @key nullable: then one made for this call, which a retry after a token
 * renewal sends again, so that the server does the work once. */
void           sc_client_call_set_idempotency_key (ScClientCall     *call,
                                                   const char       *key);
/* A RESULT_PAGE call that follows next_cursor to the end (SC_CLIENT_ALL_PAGES). */
ScClientCall  *sc_client_call_follow_pages     (ScClientCall        *call);
/* GET of one page of a list: @path (transfer full) with its query so far,
 * to which come limit (unless 0) and @cursor (nullable); every page for
 * SC_CLIENT_ALL_PAGES. */
ScClientCall  *sc_client_list_call_new         (GString             *path,
                                                guint                limit,
                                                const char          *cursor);
void           sc_client_call_set_no_auth      (ScClientCall        *call);
void           sc_client_call_set_download     (ScClientCall        *call,
                                                const char          *accept,
                                                GOutputStream       *sink);
/* Starts @call (transfer full) as a GTask of @self tagged @source_tag;
 * checks @self and @cancellable for the public wrapper that calls it. */
void           sc_client_start_call            (ScClient            *self,
                                                ScClientCall        *call,
                                                gpointer             source_tag,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* A JsonObject (RESULT_OBJECT) or an ScClientPage (RESULT_PAGE). */
gpointer       sc_client_finish_pointer        (ScClient            *self,
                                                GAsyncResult        *result,
                                                gpointer             source_tag,
                                                GError             **error);
gboolean       sc_client_finish_none           (ScClient            *self,
                                                GAsyncResult        *result,
                                                gpointer             source_tag,
                                                GError             **error);
/* @result as the GTask of @source_object tagged @source_tag, or NULL
 * (with a critical) when it is not: what every _finish checks first. */
GTask         *sc_client_task_for_finish       (gpointer             source_object,
                                                GAsyncResult        *result,
                                                gpointer             source_tag);

/* Defines sc_client_<name>_finish(), the finish of the calls that
 * sc_client_<name>_async() starts (its source tag): _OBJECT returns their
 * JsonObject, _PAGE their ScClientPage, _NONE TRUE (RESULT_NONE). */
#define SC_CLIENT_DEFINE_FINISH(name, Type, finish_func)                      \
  Type                                                                        \
  sc_client_##name##_finish (ScClient      *self,                             \
                             GAsyncResult  *result,                           \
                             GError       **error)                            \
  {                                                                           \
    return finish_func (self, result, sc_client_##name##_async, error);       \
  }
#define SC_CLIENT_DEFINE_OBJECT_FINISH(name) \
  SC_CLIENT_DEFINE_FINISH (name, JsonObject *, sc_client_finish_pointer)
#define SC_CLIENT_DEFINE_PAGE_FINISH(name) \
  SC_CLIENT_DEFINE_FINISH (name, ScClientPage *, sc_client_finish_pointer)
#define SC_CLIENT_DEFINE_NONE_FINISH(name) \
  SC_CLIENT_DEFINE_FINISH (name, gboolean, sc_client_finish_none)
/* A path below /api/v1 from @format, where each "%s" is replaced by the
 * next argument escaped as one path segment (ids are opaque). */
char          *sc_client_make_path             (const char          *format,
                                                ...);
GString       *sc_client_path_string           (char                *path);
/* Appends ?name=value or &name=value; nothing when @value is NULL. */
void           sc_client_add_query             (GString             *path,
                                                const char          *name,
                                                const char          *value);
/* {release_id, path_id, target_stage}: the body of a promotion, its
 * preview and an approval request (sc-client-promotions.c). */
JsonObject    *sc_client_promotion_body        (const char          *release_id,
                                                const char          *path_id,
                                                const char          *target_stage);
/* {reason}, or NULL for a NULL @reason: the body of the calls that set
 * something with a reason and lift it without one (block, emergency stop). */
JsonObject    *sc_client_reason_body           (const char          *reason);

/* Test hooks, compiled only with -Dtest_hooks=true (SC_ENABLE_TEST_HOOKS).
 *
 * Makes the client believe its access token expires in @seconds_left
 * seconds (an API-key client then renews it before the next call when that
 * is under a minute). */
void           sc_client_expire_access_token_for_testing (ScClient *self,
                                                          int       seconds_left);
/* The id part (`tok_…`) of the current access token, NULL when there is
 * none. The id is not a secret; the token is never exposed. */
char          *sc_client_dup_access_token_id_for_testing (ScClient *self);
/* How many token exchanges (POST /oauth/token) this client made. */
guint          sc_client_get_n_token_exchanges_for_testing (ScClient *self);
/* How many answers to API calls this client has had (token exchanges apart), and
 * how many of them were 304 Not Modified: the benchmark's request count. */
void           sc_client_get_request_counts_for_testing (ScClient *self,
                                                         guint    *requests,
                                                         guint    *not_modified);

G_END_DECLS
