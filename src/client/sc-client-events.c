/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* The event long poll: the endpoint wrappers of ScClient (sc-client.h). */

/* --- public API: events ---------------------------------------------------- */

void
sc_client_poll_events_async (ScClient            *self,
                             const char          *since,
                             guint                timeout_seconds,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *timeout = g_strdup_printf ("%u", MIN (timeout_seconds, MAX_POLL_TIMEOUT));
  GString *path = g_string_new ("/events");

  sc_client_add_query (path, "since", since);
  sc_client_add_query (path, "timeout", timeout);
  sc_client_start_call (self, sc_client_list_call_new (path, 0, NULL),
                        sc_client_poll_events_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (poll_events)
