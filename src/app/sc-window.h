/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include "sc-accounts.h"
#include "sc-session.h"
#include "sc-session-set.h"

G_BEGIN_DECLS

#define SC_TYPE_WINDOW (sc_window_get_type ())
G_DECLARE_FINAL_TYPE (ScWindow, sc_window, SC, WINDOW, AdwApplicationWindow)

/* The main window: the sidebar of sections and the section views, which
 * it hands the session, its folded state and its primary menu. Only the
 * application uses this header; the tests' accessors are in
 * sc-window-private.h. */

ScWindow   *sc_window_new            (AdwApplication *application,
                                      ScAccounts     *accounts);
/* Restores the last account, or shows the sign-in page. */
void        sc_window_restore        (ScWindow       *self);
/* Starts the demo server and signs in as its admin. */
void        sc_window_start_demo     (ScWindow       *self);
void        sc_window_show_preferences (ScWindow     *self);
/* Selects the section @name ("approvals", …) in the sidebar and shows it. */
void        sc_window_show_section   (ScWindow       *self,
                                      const char     *name);
ScSession  *sc_window_get_session    (ScWindow       *self);
/* NULL shows the sign-in page. */
void        sc_window_set_session    (ScWindow       *self,
                                      ScSession      *session);
/* Loads section @name ("approvals", …) again, as its reload action. */
void        sc_window_reload_section (ScWindow       *self,
                                      const char     *name);
/* Approvals, with request @request_id under review and its comment field
 * focused once it is loaded (a notification's Review). */
void        sc_window_show_request   (ScWindow       *self,
                                      const char     *request_id);
/* The same for a request of @session's account, one of the window's
 * session set (the inbox shows every signed-in account). */
void        sc_window_show_request_in (ScWindow      *self,
                                      ScSession      *session,
                                      const char     *request_id);
/* Every signed-in account: the current one and the others. */
ScSessionSet *sc_window_get_session_set (ScWindow    *self);

G_END_DECLS
