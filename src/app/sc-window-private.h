/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-event-watcher.h"
#include "sc-window.h"

G_BEGIN_DECLS

/* What only the tests (and the screenshot tool) call. */

/* The watcher of the event feed behind the notifications: one per
 * signed-in session, NULL when signed out or notifications are off. */
ScEventWatcher *sc_window_get_event_watcher (ScWindow *self);
/* The watcher of @session's feed: the window's, or that of another
 * signed-in account of the session set; NULL when there is none. */
ScEventWatcher *sc_window_get_event_watcher_for (ScWindow  *self,
                                                 ScSession *session);
/* Whether the sidebar and the content are folded into one column (views
 * show a back button to the sidebar then: action "win.show-sidebar"). */
gboolean    sc_window_get_folded     (ScWindow       *self);
/* Whether sc_window_restore() waits for the window's first frame to look
 * the account up in the keyring. */
gboolean    sc_window_get_restore_pending (ScWindow  *self);
/* The page the main stack shows: "sign-in", "loading" or "main". */
const char *sc_window_get_page       (ScWindow       *self);
GtkWidget  *sc_window_get_sign_in_page (ScWindow     *self);
/* The view shown in the content area ("workflows", …). */
GtkWidget  *sc_window_get_view       (ScWindow       *self,
                                      const char     *name);

G_END_DECLS
