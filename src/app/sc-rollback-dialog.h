/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-session.h"
#include "sc-workflow.h"

G_BEGIN_DECLS

#define SC_TYPE_ROLLBACK_DIALOG (sc_rollback_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ScRollbackDialog, sc_rollback_dialog, SC, ROLLBACK_DIALOG, AdwWindow)

/* The Roll back dialog: puts @workflow (the copy in a stage's org) back to
 * an earlier release it received, which is published there again as a new
 * release. Lists the workflow's releases but the latest, asks for a
 * reason, confirms with an AdwMessageDialog, then POST
 * /workflows/{id}/rollback. Modal; the caller sets transient-for and
 * presents it.
 *
 * Signal "rolled-back" (JsonObject *record): the rollback's history record
 * (kind "rollback"); the dialog then closes itself.
 *
 * Actions (namespace "rollback."): "confirm" (asks first), "retry". */
GtkWidget *sc_rollback_dialog_new (ScSession  *session,
                                   ScWorkflow *workflow);

G_END_DECLS
