/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsecret/secret.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* libsoup and libsecret, opened when the client first sends a request or
 * touches the keyring, not linked: linked, they and theirs (krb5, gcrypt,
 * nghttp2, psl, sqlite…) cost the app ~18 M instructions before its first
 * frame, which needs neither (README, "Performance"). Only the functions
 * src/client/ calls; their types and constants come from the headers.
 * Call them through these tables only: the app does not link the
 * libraries, so a direct call does not link. */

typedef struct {
  __typeof__ (soup_session_new_with_options)              *session_new_with_options;
  __typeof__ (soup_session_set_tls_database)              *session_set_tls_database;
  __typeof__ (soup_session_abort)                         *session_abort;
  __typeof__ (soup_session_send_async)                    *session_send_async;
  __typeof__ (soup_session_send_finish)                   *session_send_finish;
  __typeof__ (soup_message_new_from_uri)                  *message_new_from_uri;
  __typeof__ (soup_message_get_status)                    *message_get_status;
  __typeof__ (soup_message_get_request_headers)           *message_get_request_headers;
  __typeof__ (soup_message_add_flags)                     *message_add_flags;
  __typeof__ (soup_message_get_response_headers)          *message_get_response_headers;
  __typeof__ (soup_message_set_request_body_from_bytes)   *message_set_request_body_from_bytes;
  __typeof__ (soup_message_headers_replace)               *message_headers_replace;
  __typeof__ (soup_message_headers_get_one)               *message_headers_get_one;
  __typeof__ (soup_message_headers_get_content_type)      *message_headers_get_content_type;
  __typeof__ (soup_message_headers_get_encoding)          *message_headers_get_encoding;
  __typeof__ (soup_message_headers_get_content_length)    *message_headers_get_content_length;
  __typeof__ (soup_form_encode)                           *form_encode;
} ScSoup;

typedef struct {
  __typeof__ (secret_password_store)                      *password_store;
  __typeof__ (secret_password_store_finish)               *password_store_finish;
  __typeof__ (secret_password_search)                     *password_search;
  __typeof__ (secret_password_search_finish)              *password_search_finish;
  __typeof__ (secret_password_clear)                      *password_clear;
  __typeof__ (secret_password_clear_finish)               *password_clear_finish;
  __typeof__ (secret_retrievable_get_attributes)          *retrievable_get_attributes;
  __typeof__ (secret_retrievable_retrieve_secret)         *retrievable_retrieve_secret;
  __typeof__ (secret_retrievable_retrieve_secret_finish)  *retrievable_retrieve_secret_finish;
  __typeof__ (secret_value_get_text)                      *value_get_text;
  __typeof__ (secret_value_unref)                         *value_unref;
} ScSecret;

/* Open the library on the first call. */
const ScSoup   *sc_soup   (void);
const ScSecret *sc_secret (void);

G_END_DECLS
