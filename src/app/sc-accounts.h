/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "sc-demo-server.h"
#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_ACCOUNTS (sc_accounts_get_type ())
G_DECLARE_FINAL_TYPE (ScAccounts, sc_accounts, SC, ACCOUNTS, GObject)

/* The accounts the user signed in with: which ones and which is current in
 * GSettings (server, account, kind — never a secret), their secrets in the
 * keyring (ScCredentials), and the demo server with its ephemeral users.
 * Every call that ends in a signed-in session finishes with
 * sc_accounts_session_finish(). */

ScAccounts   *sc_accounts_new                (void);
guint         sc_accounts_get_n_accounts     (ScAccounts          *self);
/* Index of the current account, -1 when none. */
int           sc_accounts_get_current        (ScAccounts          *self);
/* "ada@example.com on https://stagecraft.example.com" */
char         *sc_accounts_describe           (ScAccounts          *self,
                                              guint                index);
char         *sc_accounts_get_server         (ScAccounts          *self,
                                              guint                index);
/* The account's name as stored (e-mail, or client id for an API key). */
char         *sc_accounts_get_account        (ScAccounts          *self,
                                              guint                index);

/* Checks the credentials with GET /me, then keeps them (keyring +
 * settings) and makes the account current. */
void          sc_accounts_sign_in_async      (ScAccounts          *self,
                                              const char          *server_url,
                                              gboolean             api_key,
                                              const char          *token_or_client_id,
                                              const char          *client_secret,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Signs in with the current account's stored secret. */
void          sc_accounts_restore_async      (ScAccounts          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void          sc_accounts_switch_async       (ScAccounts          *self,
                                              guint                index,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* A session of the remembered account (@server_url, @account) without
 * making it current (a notification's action for another account). */
void          sc_accounts_open_async         (ScAccounts          *self,
                                              const char          *server_url,
                                              const char          *account,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* Starts the bundled demo server (once) and signs in as its admin. */
void          sc_accounts_start_demo_async   (ScAccounts          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
void          sc_accounts_switch_demo_user_async (ScAccounts      *self,
                                              const char          *email,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
ScSession    *sc_accounts_session_finish     (ScAccounts          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* The demo users' e-mails (admin first), NULL before the demo started. */
const char * const *sc_accounts_get_demo_emails (ScAccounts       *self);
ScDemoServer *sc_accounts_get_demo_server    (ScAccounts          *self);

/* Forgets @session's account: clears its secret and removes it from the
 * list (for the demo: stops the demo server). Another account, if any,
 * becomes current. */
void          sc_accounts_sign_out_async     (ScAccounts          *self,
                                              ScSession           *session,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      sc_accounts_sign_out_finish    (ScAccounts          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* "http://host:port" from what a user typed: trims, adds https:// when no
 * scheme is given, drops a trailing "/" and "/api/v1". */
char         *sc_accounts_normalize_url      (const char          *text);

G_END_DECLS
