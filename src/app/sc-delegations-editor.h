/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-session.h"

G_BEGIN_DECLS

/* Out of office: the delegations of the session's current org that
 * concern the user — the delegates they named (each with Remove) and the
 * reviewers who named them — and a form to name a delegate among the
 * org's members for a range of dates (from the first day's start to the
 * end of the last, local time). The server judges (POST
 * /orgs/{org}/delegations); what it refuses is shown at the form, which
 * keeps what was typed. Follows the session's "notify::org-id".
 *
 * Actions: "delegations.add", "delegations.remove" (s: a delegation id). */

#define SC_TYPE_DELEGATIONS_EDITOR (sc_delegations_editor_get_type ())
G_DECLARE_FINAL_TYPE (ScDelegationsEditor, sc_delegations_editor, SC, DELEGATIONS_EDITOR, GtkWidget)

GtkWidget  *sc_delegations_editor_new          (void);
void        sc_delegations_editor_set_session  (ScDelegationsEditor *self,
                                                ScSession           *session);
void        sc_delegations_editor_reload       (ScDelegationsEditor *self);
gboolean    sc_delegations_editor_get_busy     (ScDelegationsEditor *self);
/* For tests: the number of delegations listed, the form's error (NULL
 * when none), and its controls. */
guint       sc_delegations_editor_get_n_listed (ScDelegationsEditor *self);
const char *sc_delegations_editor_get_error    (ScDelegationsEditor *self);
/* Picks the member with @email as the delegate; FALSE when not listed. */
gboolean    sc_delegations_editor_select_delegate (ScDelegationsEditor *self,
                                                   const char          *email);
GtkEditable *sc_delegations_editor_get_from    (ScDelegationsEditor *self);
GtkEditable *sc_delegations_editor_get_until   (ScDelegationsEditor *self);

G_END_DECLS
