/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include "sc-accounts.h"
#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_SESSION_SET (sc_session_set_get_type ())
G_DECLARE_FINAL_TYPE (ScSessionSet, sc_session_set, SC, SESSION_SET, GObject)

/* Every signed-in account at once: the window's current session and a
 * session (its own ScClient, which renews its token as any) for each other
 * remembered account whose secret is in the keyring, opened with
 * sc_accounts_open_async() without making it current. The inbox lists the
 * requests of all of them; a decision goes through the session of the
 * account the request came from.
 *
 * Sessions are in order: the current one first, then the others in the
 * order of the account list. An account that cannot be opened (no secret
 * in the keyring any more, its token refused) is left out. "changed" is
 * emitted when the sessions changed. */

ScSessionSet *sc_session_set_new            (ScAccounts   *accounts);
/* The window's session (nullable: signed out). Opens the other accounts. */
void          sc_session_set_set_current    (ScSessionSet *self,
                                             ScSession    *current);
ScSession    *sc_session_set_get_current    (ScSessionSet *self);
/* Opens the remembered accounts not open yet (a reload). */
void          sc_session_set_refresh        (ScSessionSet *self);
/* Whether accounts are being opened. */
gboolean      sc_session_set_get_busy       (ScSessionSet *self);
guint         sc_session_set_get_n_sessions (ScSessionSet *self);
/* Returns: (transfer none): the @index-th session. */
ScSession    *sc_session_set_get_session    (ScSessionSet *self,
                                             guint         index);
/* Returns: (transfer none) (nullable): the session of the account
 * (@server_url, @account), current or not. */
ScSession    *sc_session_set_lookup         (ScSessionSet *self,
                                             const char   *server_url,
                                             const char   *account);
/* Whether @a and @b are sessions of the same account. */
gboolean      sc_session_same_account       (ScSession    *a,
                                             ScSession    *b);

G_END_DECLS
