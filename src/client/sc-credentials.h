/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The credentials of the accounts the user signed in with, in the Secret
 * Service (libsecret), under one schema named after the app id:
 *
 *   io.github.stagecraft.Stagecraft
 *     server   the server's base URL, "https://stagecraft.example.com"
 *     account  who: the user's email (or an API key's client id)
 *     kind     "token" or "api-key"
 *     version  1 — the layout of the secret; a later layout gets 2
 *
 * The secret is the personal token, or "CLIENT_ID\nCLIENT_SECRET" for an API
 * key. One item per (server, account). Which account is the current one is
 * not a secret and is kept by the app (GSettings); nothing here writes a
 * credential anywhere but the Secret Service, and nothing logs one.
 *
 * Every call is asynchronous (never block the main thread on the keyring)
 * and runs its callback in the thread-default main context of the call. */

typedef enum {
  SC_CREDENTIAL_KIND_TOKEN,
  SC_CREDENTIAL_KIND_API_KEY,
} ScCredentialKind;

#define SC_CREDENTIALS_SCHEMA_NAME "io.github.stagecraft.Stagecraft"
#define SC_CREDENTIALS_VERSION     1

/* --- an account ----------------------------------------------------------- */

#define SC_TYPE_ACCOUNT (sc_account_get_type ())

typedef struct _ScAccount ScAccount;

GType             sc_account_get_type          (void) G_GNUC_CONST;
ScAccount        *sc_account_copy              (const ScAccount *account);
/* Wipes the secrets before freeing them. */
void              sc_account_free              (ScAccount       *account);
const char       *sc_account_get_server        (const ScAccount *account);
const char       *sc_account_get_account       (const ScAccount *account);
ScCredentialKind  sc_account_get_kind          (const ScAccount *account);
/* The secrets, set only on what sc_credentials_lookup_finish() returns:
 * the token (kind TOKEN), or the client id and secret (kind API_KEY);
 * NULL otherwise. */
const char       *sc_account_get_token         (const ScAccount *account);
const char       *sc_account_get_client_id     (const ScAccount *account);
const char       *sc_account_get_client_secret (const ScAccount *account);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScAccount, sc_account_free)

/* --- the store ------------------------------------------------------------ */

const SecretSchema *sc_credentials_get_schema          (void);

/* Stores (or replaces) the credential of @account on @server, labelled
 * “Stagecraft token for ACCOUNT on SERVER” in the user's keyring. */
void                sc_credentials_store_token_async   (const char           *server,
                                                        const char           *account,
                                                        const char           *token,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
void                sc_credentials_store_api_key_async (const char           *server,
                                                        const char           *account,
                                                        const char           *client_id,
                                                        const char           *client_secret,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* For both store functions. */
gboolean            sc_credentials_store_finish        (GAsyncResult         *result,
                                                        GError              **error);

/* The account with its secret (unlocking the keyring when needed), or NULL
 * without an error when there is none. */
void                sc_credentials_lookup_async        (const char           *server,
                                                        const char           *account,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
ScAccount          *sc_credentials_lookup_finish       (GAsyncResult         *result,
                                                        GError              **error);

/* Every stored account, without its secret and without unlocking anything:
 * a GPtrArray of ScAccount (transfer full, free func set), sorted by
 * server, then account. */
void                sc_credentials_list_accounts_async (GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray          *sc_credentials_list_accounts_finish (GAsyncResult        *result,
                                                        GError              **error);

/* Removes the credential of @account on @server (signing out). Returns
 * TRUE when there was one; FALSE without an error when there was none. */
void                sc_credentials_clear_async         (const char           *server,
                                                        const char           *account,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean            sc_credentials_clear_finish        (GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
