/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-path-progress.h"
#include "sc-session.h"
#include "sc-workflow.h"

G_BEGIN_DECLS

#define SC_TYPE_PROMOTE_DIALOG (sc_promote_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ScPromoteDialog, sc_promote_dialog, SC, PROMOTE_DIALOG, AdwWindow)

/* The Promote dialog: carries @workflow's latest release to the next stage of a
 * path, after showing the server's preview (diff, missing connections,
 * refusals). When the target organization wants approval it reads "Request
 * to Promote" and files an approval request instead; with an approved
 * request of the caller's for this release and stage it promotes with it.
 *
 * @progress is where @workflow stands on one path and the server's
 * answer whether it may go on (an item of GET /workflows/{id}/stages).
 * The dialog is modal; the caller sets transient-for and presents it.
 *
 * Signals:
 * - "promoted" (JsonObject *record): the promotion succeeded; the dialog
 *   then closes itself.
 * - "requested" (JsonObject *request): an approval request was filed; the
 *   dialog stays open to show its state.
 * - "scheduled" (JsonObject *schedule): with *Schedule…* on, the server
 *   took the promotion for the chosen time; the dialog then closes itself.
 *
 * Actions (namespace "promote."): "confirm" (the primary button: promote
 * or request), "retry" (fetch the preview again). */
GtkWidget *sc_promote_dialog_new           (ScSession      *session,
                                            ScWorkflow     *workflow,
                                            ScPathProgress *progress);
/* As above for a workflow that sits on several paths: @progress holds an
 * ScPathProgress per path (the items of GET /workflows/{id}/stages); the
 * dialog lets the user choose the path first (a combo row shown when there
 * is more than one). */
GtkWidget *sc_promote_dialog_new_for_paths (ScSession      *session,
                                            ScWorkflow     *workflow,
                                            GListModel     *progress);

G_END_DECLS
