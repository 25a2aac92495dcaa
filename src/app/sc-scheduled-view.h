/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-schedule.h"
#include "sc-section-view.h"

G_BEGIN_DECLS

#define SC_TYPE_SCHEDULED_VIEW (sc_scheduled_view_get_type ())
G_DECLARE_FINAL_TYPE (ScScheduledView, sc_scheduled_view, SC, SCHEDULED_VIEW, ScSectionView)

/* The Scheduled section: the pending scheduled promotions from or into
 * the session's current org (GET /schedules?org_id=), each with its time,
 * who scheduled it and a Cancel button (shown to everyone; the server
 * answers who may). An ScSectionView: it follows the session's org and
 * lists again whenever it is shown; pages "loading", "error", "empty",
 * "list".
 *
 * Actions: "scheduled.reload" (Ctrl+R, F5), "scheduled.cancel" (a
 * schedule's id, "s"). */

GtkWidget  *sc_scheduled_view_new         (void);
/* @session nullable (signed out). */
void        sc_scheduled_view_set_session (ScScheduledView *self,
                                           ScSession       *session);
void        sc_scheduled_view_reload      (ScScheduledView *self);
/* "loading", "error", "empty" or "list". */
const char *sc_scheduled_view_get_state   (ScScheduledView *self);
gboolean    sc_scheduled_view_get_busy    (ScScheduledView *self);
guint       sc_scheduled_view_get_n_items (ScScheduledView *self);
/* (transfer none) */
ScSchedule *sc_scheduled_view_get_item    (ScScheduledView *self,
                                           guint            index);
/* The Cancel button of the @index-th schedule listed (transfer none). */
GtkWidget  *sc_scheduled_view_get_cancel_button (ScScheduledView *self,
                                           guint            index);
/* The message shown above the list after a failed cancel, or NULL. */
const char *sc_scheduled_view_get_problem (ScScheduledView *self);

G_END_DECLS
