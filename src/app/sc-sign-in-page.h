/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_SIGN_IN_PAGE (sc_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (ScSignInPage, sc_sign_in_page, SC, SIGN_IN_PAGE, GtkWidget)

/* The sign-in form: server address and a personal token or an API key.
 * It emits "sign-in" when the user asks to, "demo" for Try the Demo and
 * "cancel" when adding an account is abandoned. The window does the work
 * and reports back with set_busy/set_error; the fields are never cleared
 * on an error. */

GtkWidget  *sc_sign_in_page_new               (void);
const char *sc_sign_in_page_get_server_url    (ScSignInPage *self);
gboolean    sc_sign_in_page_get_uses_api_key  (ScSignInPage *self);
const char *sc_sign_in_page_get_token         (ScSignInPage *self);
const char *sc_sign_in_page_get_client_id     (ScSignInPage *self);
const char *sc_sign_in_page_get_client_secret (ScSignInPage *self);
void        sc_sign_in_page_set_server_url    (ScSignInPage *self,
                                               const char   *url);
/* Prefills the credentials (for an account whose token was refused). */
void        sc_sign_in_page_set_token         (ScSignInPage *self,
                                               const char   *token);
void        sc_sign_in_page_set_api_key       (ScSignInPage *self,
                                               const char   *client_id,
                                               const char   *client_secret);
/* The message shown under the fields, NULL when none. */
const char *sc_sign_in_page_get_error         (ScSignInPage *self);
gboolean    sc_sign_in_page_get_busy          (ScSignInPage *self);
void        sc_sign_in_page_set_busy          (ScSignInPage *self,
                                               gboolean      busy);
/* Shows @message (nullable: hides it) under the fields. */
void        sc_sign_in_page_set_error         (ScSignInPage *self,
                                               const char   *message);
void        sc_sign_in_page_set_can_cancel    (ScSignInPage *self,
                                               gboolean      can_cancel);
/* Empties the secret fields (after a successful sign in). */
void        sc_sign_in_page_clear_secrets     (ScSignInPage *self);

G_END_DECLS
