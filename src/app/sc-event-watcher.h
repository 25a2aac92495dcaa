/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_EVENT_WATCHER (sc_event_watcher_get_type ())
G_DECLARE_FINAL_TYPE (ScEventWatcher, sc_event_watcher, SC, EVENT_WATCHER, GObject)

/* Follows GET /events for one signed-in session and turns what concerns
 * the user into desktop notifications.
 *
 * It asks the feed for the current position first (older events are not
 * shown again), then long-polls in a loop. Each event is emitted as
 * "event" (JsonObject *event); the three kinds the app knows also become a
 * GNotification, handed to "send-notification" (const char *id,
 * GNotification *notification), whose default handler sends it with
 * g_application_send_notification() on the application given at
 * construction (when it is registered). An "approval_updated" that
 * settles a request (sc_event_withdraws) is handed to
 * "withdraw-notification" (const char *id) instead, whose default handler
 * withdraws it. Tests connect there instead of needing a notification
 * daemon.
 *
 * A failed poll is tried again after a growing delay (1 s, 2 s, 4 s …
 * 60 s). A 401 is reported to the session (sc_session_report_unauthorized)
 * and stops the watcher, as do sc_event_watcher_stop() and disposing it:
 * the poll in flight is cancelled at once. */

ScEventWatcher *sc_event_watcher_new        (ScSession      *session,
                                             GApplication   *application);
ScSession      *sc_event_watcher_get_session (ScEventWatcher *self);
/* The feed position, NULL until the first answer. */
const char     *sc_event_watcher_get_cursor (ScEventWatcher *self);
/* Whether a request to the feed is in flight. */
gboolean        sc_event_watcher_get_polling (ScEventWatcher *self);
/* Whether it still follows the feed (FALSE once stopped or unauthorized). */
gboolean        sc_event_watcher_get_running (ScEventWatcher *self);
void            sc_event_watcher_stop       (ScEventWatcher *self);

/* The words of the notification for @event ({id, kind, at, data}, read
 * as an ScEvent, sc-event.h), or FALSE for a kind the app does not show or
 * an event without an id. Pure: tests call it directly. */
gboolean        sc_event_describe           (JsonObject     *event,
                                             char          **title,
                                             char          **body);
/* The notification for @event (NULL when sc_event_describe() says no):
 * the text above, default action app.show-approvals. A request to review
 * (with @session, nullable) opens it by default and has the buttons
 * Approve, Review and Reject (sc-request-actions.h). */
GNotification  *sc_event_notification_new  (JsonObject     *event,
                                             ScSession      *session);
/* The stable notification id for @event: the request's
 * (sc_request_notification_id) for an approval event, else
 * "stagecraft-event-<id>". */
char           *sc_event_notification_id   (JsonObject     *event);
/* Whether @event withdraws its request's notification for @user_id: an
 * "approval_updated" to a state other than pending, or by @user_id. */
gboolean        sc_event_withdraws         (JsonObject     *event,
                                             const char     *user_id);

G_END_DECLS
