/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-session.h"
#include "sc-workflow.h"

G_BEGIN_DECLS

#define SC_TYPE_SHARE_DIALOG (sc_share_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ScShareDialog, sc_share_dialog, SC, SHARE_DIALOG, AdwWindow)

/* The Share dialog of @workflow: its general access, the people it is
 * shared with (each with a level; more added by e-mail, completed from
 * the members of the workflow's org) and the connections it uses, whose
 * sharing is their own (the dialog says so, and offers to share those the
 * user manages with the same people). It loads GET /workflows/{id}/sharing,
 * the org's members and connections, and the sharing of each connection
 * the user manages; Save sends PUT /workflows/{id}/sharing with If-Match,
 * then the connections chosen. A user without manage permission sees the
 * same, read only (anyone who sees a workflow may see with whom it is
 * shared). Failures are shown inline with the server's sentence and keep
 * what was entered; a 412 offers Reload or Overwrite. Modal; the caller
 * sets transient-for and presents it.
 *
 * Signal "saved" (JsonObject *sharing): the sharing as the server now has
 * it; the dialog then closes itself.
 *
 * Actions (namespace "share."): "save", "add" (the typed e-mail),
 * "reload", "overwrite". */
GtkWidget  *sc_share_dialog_new       (ScSession  *session,
                                       ScWorkflow *workflow);
/* "loading", "error" or "content". */
const char *sc_share_dialog_get_state (ScShareDialog *self);
gboolean    sc_share_dialog_get_busy  (ScShareDialog *self);

G_END_DECLS
