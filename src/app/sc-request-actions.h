/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-accounts.h"
#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_REQUEST_ACTIONS (sc_request_actions_get_type ())
G_DECLARE_FINAL_TYPE (ScRequestActions, sc_request_actions, SC, REQUEST_ACTIONS, GObject)

/* The buttons of a desktop notification about an approval request, as
 * application actions that work with no window open (the desktop
 * activates them over D-Bus, starting the app when needed):
 *
 *   app.approve-request, app.reject-request, app.review-request
 *
 * each with the target (server URL, account, request id) — see
 * sc_request_actions_target(). Approve and Reject read the request again
 * and decide at once when the server says the policy wants no comment for
 * that decision ("comment_required"); otherwise, and for Review, "review"
 * is emitted (the application opens the review with the comment field
 * focused). A decided request's notification is withdrawn; a refusal
 * replaces it with the server's sentence. The application is held while a
 * request runs.
 *
 * The session for the target comes from the session function (the open
 * window's), else from @accounts (the keyring), else the action fails.
 *
 * Signals: "decided" (JsonObject *request): a decision went through;
 * "review" (ScSession *session, const char *request_id);
 * "send-notification" (const char *id, GNotification *) and
 * "withdraw-notification" (const char *id), whose default handlers call
 * GApplication (tests connect there instead of needing a notification
 * daemon). */

typedef ScSession *(*ScRequestActionsSessionFunc) (const char *server_url,
                                                  const char *account,
                                                  gpointer    user_data);

/* Adds the actions to @application (kept weakly); @accounts nullable. */
ScRequestActions *sc_request_actions_new           (GApplication     *application,
                                                    ScAccounts       *accounts);
/* @func returns an open session (transfer none) or NULL. */
void              sc_request_actions_set_session_func (ScRequestActions *self,
                                                    ScRequestActionsSessionFunc func,
                                                    gpointer          user_data);
/* The number of actions still running. */
guint             sc_request_actions_get_n_running (ScRequestActions *self);

/* The target of the three actions for @request_id of @session's account. */
GVariant         *sc_request_actions_target        (ScSession        *session,
                                                    const char       *request_id);
/* "stagecraft-request-<id>": the one notification of a request. */
char             *sc_request_notification_id       (const char       *request_id);

G_END_DECLS
