/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-models.h"
#include "sc-session.h"

G_BEGIN_DECLS

/* Organization settings' deny windows and emergency stop: lists the org's
 * windows (one-off, weekly, RRULE) as the server answers them, adds and
 * removes them (PATCH of approval_policy.deny_windows with the org's etag),
 * and stops or resumes every promotion into the orgs the user administers
 * after a confirmation. The server judges everything; its reasons show
 * where they happened. Emits "changed" with the org as the server answered
 * after a change (an ScOrg; its etag changed). */

#define SC_TYPE_DENY_WINDOWS (sc_deny_windows_get_type ())
G_DECLARE_FINAL_TYPE (ScDenyWindows, sc_deny_windows, SC, DENY_WINDOWS, GtkWidget)

GtkWidget  *sc_deny_windows_new      (void);
/* @org: the org as GET /orgs/{org} answered it (nullable); @editable:
 * the user administers it. */
void        sc_deny_windows_set_org  (ScDenyWindows *self,
                                      ScSession     *session,
                                      ScOrg         *org,
                                      gboolean       editable);
gboolean    sc_deny_windows_get_busy (ScDenyWindows *self);
/* For tests: the window rows shown, and named controls ("kind", "reason",
 * "time-zone", "from", "until", "start", "end", "rrule", "duration",
 * "override", "add", "day-0"…"day-6", "stop-reason", "stop", "resume",
 * "error", "stop-state"). */
guint       sc_deny_windows_get_n_windows (ScDenyWindows *self);
GtkWidget  *sc_deny_windows_get_widget    (ScDenyWindows *self,
                                           const char    *name);

G_END_DECLS
