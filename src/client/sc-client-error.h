/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sc-violations.h"

G_BEGIN_DECLS

/* Every failure of an ScClient call is in SC_CLIENT_ERROR, except a
 * cancelled call, which fails with G_IO_ERROR_CANCELLED as it is.
 *
 * The message is the server's sentence (`error.message`) when the server
 * answered one, else a translated sentence saying what went wrong. It is
 * meant to be shown to the user as it is.
 *
 * SC_CLIENT_ERROR is an extended error domain (G_DEFINE_EXTENDED_ERROR):
 * the HTTP status, the server's error code name and the `details` object
 * travel inside the GError and survive g_error_copy(), so nothing extra is
 * threaded through the _finish functions. Read them with
 * sc_client_error_get_status(), sc_client_error_get_code_name() and
 * sc_client_error_get_details(). */
#define SC_CLIENT_ERROR (sc_client_error_quark ())

typedef enum {
  SC_CLIENT_ERROR_NETWORK,             /* cannot connect, DNS, timeout, connection lost */
  SC_CLIENT_ERROR_TLS,                 /* certificate refused; the message names why */
  SC_CLIENT_ERROR_UNAUTHENTICATED,     /* 401: token unknown, expired or revoked */
  SC_CLIENT_ERROR_FORBIDDEN,           /* 403 */
  SC_CLIENT_ERROR_NOT_FOUND,           /* 404 (also what the caller may not see) */
  SC_CLIENT_ERROR_CONFLICT,            /* 409 */
  SC_CLIENT_ERROR_PRECONDITION_FAILED, /* 412: the etag is stale; reload or overwrite */
  SC_CLIENT_ERROR_VALIDATION,          /* 422: details.fields / details.rules */
  SC_CLIENT_ERROR_PAYLOAD_TOO_LARGE,   /* 413 */
  SC_CLIENT_ERROR_BAD_REQUEST,         /* 400 and other 4xx */
  SC_CLIENT_ERROR_SERVER,              /* 5xx, or an answer the client does not expect */
  SC_CLIENT_ERROR_PARSE,               /* the body is not the JSON it should be */
  SC_CLIENT_ERROR_INVALID_URL,         /* the server address is not an http(s) URL */
  SC_CLIENT_ERROR_NO_CREDENTIALS,      /* a call that needs a token, without one */
} ScClientError;

GQuark       sc_client_error_quark         (void);

/* The HTTP status of the answer, 0 when there was none (network, TLS,
 * invalid URL) or @error is not in SC_CLIENT_ERROR. */
guint        sc_client_error_get_status    (const GError *error);
/* The server's `error.code` ("validation_failed", …), or NULL. */
const char  *sc_client_error_get_code_name (const GError *error);
/* The server's `error.details` object (transfer none; lives as long as
 * @error), or NULL when there was none. For 422 it holds `fields`
 * ([{field, reason}]) and/or `rules` ([{rule, reason}]). */
JsonObject  *sc_client_error_get_details   (const GError *error);
/* The details read once as core's ScViolation (sc-violations.h): each of
 * details.fields as a field violation (rule NULL), then each of
 * details.rules as a rule violation (with the field it names, if any),
 * in the server's order; what lacks a reason or its name is left out.
 * Transfer none, lives as long as @error; never NULL: empty when there
 * are no details or @error is not in SC_CLIENT_ERROR. The functions
 * below and the app's views read the details through it. */
GPtrArray   *sc_client_error_get_violations (const GError *error);
/* Convenience: the reason given for @field in details.fields, or NULL. */
const char  *sc_client_error_get_field_reason (const GError *error,
                                               const char   *field);
/* Convenience: whether details.rules names @rule. */
gboolean     sc_client_error_has_rule      (const GError *error,
                                            const char   *rule);
/* Every reason of details.@member ("fields" or "rules"), in order;
 * empty when there is none. */
GStrv        sc_client_error_dup_reasons   (const GError *error,
                                            const char   *member);
/* The field of the first of details.fields ("from"), or NULL. */
const char  *sc_client_error_get_first_field (const GError *error);

G_END_DECLS
