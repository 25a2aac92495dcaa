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
/* A string member, or NULL when absent or of another type (never a
 * critical: what the server sent is not trusted to be well-formed). */
const char    *sc_client_json_get_string       (JsonObject    *object,
                                                const char    *member);
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
