/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "sc-accounts.h"
#include "sc-session.h"
#include "sc-event-watcher.h"

G_BEGIN_DECLS

#define SC_TYPE_WINDOW (sc_window_get_type ())
G_DECLARE_FINAL_TYPE (ScWindow, sc_window, SC, WINDOW, AdwApplicationWindow)

ScWindow   *sc_window_new            (AdwApplication *application,
                                      ScAccounts     *accounts);
ScSession  *sc_window_get_session    (ScWindow       *self);
/* NULL shows the sign-in page. */
void        sc_window_set_session    (ScWindow       *self,
                                      ScSession      *session);
/* Restores the last account, or shows the sign-in page. */
void        sc_window_restore        (ScWindow       *self);
/* Starts the demo server and signs in as its admin. */
void        sc_window_start_demo     (ScWindow       *self);
void        sc_window_add_toast      (ScWindow       *self,
                                      const char     *title);
/* Shows the sign-in page; @message (nullable) explains why. */
void        sc_window_show_sign_in   (ScWindow       *self,
                                      const char     *message);
void        sc_window_show_preferences (ScWindow     *self);
/* Selects the section @name ("approvals", …) in the sidebar and shows it. */
void        sc_window_show_section   (ScWindow       *self,
                                      const char     *name);
/* The watcher of the event feed behind the notifications: one per
 * signed-in session, NULL when signed out or notifications are off. */
ScEventWatcher *sc_window_get_event_watcher (ScWindow *self);
/* Approvals, with request @request_id under review and its comment field
 * focused once it is loaded (a notification's Review). */
void        sc_window_show_request   (ScWindow       *self,
                                      const char     *request_id);
GMenuModel *sc_window_get_primary_menu (ScWindow     *self);
/* Whether the sidebar and the content are folded into one column (views
 * show a back button to the sidebar then: action "win.show-sidebar"). */
gboolean    sc_window_get_folded     (ScWindow       *self);
/* The page the main stack shows: "sign-in", "loading" or "main". */
const char *sc_window_get_page       (ScWindow       *self);
GtkWidget  *sc_window_get_sign_in_page (ScWindow     *self);
/* The view shown in the content area ("workflows", …). */
GtkWidget  *sc_window_get_view       (ScWindow       *self,
                                      const char     *name);

G_END_DECLS
