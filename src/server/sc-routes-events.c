/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-routes.h"
#include "sc-store-approvals.h"

/* GET /events?since=CURSOR&timeout=SECONDS: the long-poll feed behind the
 * app's notifications.
 *
 * A poll with nothing to answer yet is paused and kept in the server's
 * waiter list; every "events-added" emission (after a write committed
 * events) looks again for each waiting caller, and a timer answers an
 * empty page at the timeout. A client that goes away ("finished" on the
 * message) leaves the list at once; the list dies with the server. */

#define WAITERS_KEY      "sc-event-waiters"
#define DEFAULT_TIMEOUT  30
#define MAX_TIMEOUT      30
#define PAGE_SIZE        100

typedef struct _EventWaiters EventWaiters;

typedef struct {
  EventWaiters *owner;
  ScRequest    *req;
  gint64        since;
  guint         timeout_id;
  gulong        finished_id;
} Waiter;

struct _EventWaiters
{
  GPtrArray *waiters; /* of Waiter */
};

static void
waiter_free (Waiter *waiter)
{
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  if (waiter->finished_id != 0)
    g_signal_handler_disconnect (waiter->req->msg, waiter->finished_id);
  sc_request_unref (waiter->req);
  g_free (waiter);
}

static void
event_waiters_free (EventWaiters *waiters)
{
  g_ptr_array_unref (waiters->waiters);
  g_free (waiters);
}

static void
reply_page (ScRequest *req,
            JsonArray *items, /* transfer full */
            gint64     cursor)
{
  g_autofree char *text = sc_request_encode_cursor (cursor);

  sc_request_reply_json (req, SOUP_STATUS_OK, sc_page_new (items, text), NULL);
}

/* Answers the caller's events after @since when there are any (or the
 * store failed) and returns TRUE; FALSE when there is nothing yet. */
static gboolean
answer_events (ScRequest *req,
               gint64     since)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  gint64 last = since;

  items = sc_store_list_events_after (req->store, req->user_id, since, PAGE_SIZE, &last, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return TRUE;
    }
  if (json_array_get_length (items) == 0)
    return FALSE;

  reply_page (req, g_steal_pointer (&items), last);
  return TRUE;
}

static gboolean
waiter_timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timeout_id = 0;
  if (!waiter->req->finished)
    reply_page (waiter->req, json_array_new (), waiter->since);
  g_ptr_array_remove_fast (waiter->owner->waiters, waiter);

  return G_SOURCE_REMOVE;
}

static void
waiter_finished_cb (SoupServerMessage *msg,
                    Waiter            *waiter)
{
  /* the client went away (or the answer is out): nothing more to do */
  g_ptr_array_remove_fast (waiter->owner->waiters, waiter);
}

static void
events_added_cb (GObject      *server,
                 EventWaiters *waiters)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new ();

  for (guint i = 0; i < waiters->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters->waiters, i);

      if (waiter->req->finished || answer_events (waiter->req, waiter->since))
        g_ptr_array_add (done, waiter);
    }

  for (guint i = 0; i < done->len; i++)
    g_ptr_array_remove_fast (waiters->waiters, g_ptr_array_index (done, i));
}

static void
wait_for_events (ScRequest *req,
                 gint64     since,
                 guint      timeout)
{
  EventWaiters *waiters = g_object_get_data (G_OBJECT (req->server), WAITERS_KEY);
  Waiter *waiter = g_new0 (Waiter, 1);

  g_assert (waiters != NULL);

  sc_request_pause (req);
  waiter->owner = waiters;
  waiter->req = sc_request_ref (req);
  waiter->since = since;
  waiter->timeout_id = g_timeout_add (timeout * 1000, waiter_timeout_cb, waiter);
  waiter->finished_id = g_signal_connect (req->msg, "finished",
                                          G_CALLBACK (waiter_finished_cb), waiter);
  g_ptr_array_add (waiters->waiters, waiter);
}

static void
events_cb (ScRequest *req)
{
  const char *since_text = sc_request_get_query (req, "since");
  const char *timeout_text = sc_request_get_query (req, "timeout");
  g_autoptr(GError) error = NULL;
  guint64 timeout = DEFAULT_TIMEOUT;
  gint64 since;

  if (timeout_text != NULL &&
      !g_ascii_string_to_unsigned (timeout_text, 10, 0, MAX_TIMEOUT, &timeout, NULL))
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "“timeout” must be a whole number of seconds from 0 to %d.",
                                           "“timeout” must be a whole number of seconds from 0 to %d.",
                                           MAX_TIMEOUT),
                              MAX_TIMEOUT);
      return;
    }

  if (since_text == NULL)
    {
      gint64 last = sc_store_get_last_event_seq (req->store, req->user_id, &error);

      if (last < 0)
        sc_request_reply_store_error (req, error, NULL);
      else
        reply_page (req, json_array_new (), last);
      return;
    }

  /* unlike list cursors, 0 ("no event yet") is one too */
  if (!sc_cursor_decode (since_text, 0, &since))
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              _("“since” is not a cursor this server gave out; "
                                "call /events without it to get one."));
      return;
    }

  if (answer_events (req, since))
    return;

  if (timeout == 0)
    reply_page (req, json_array_new (), since);
  else
    wait_for_events (req, since, timeout);
}

void
sc_routes_events_attach (GObject *server)
{
  EventWaiters *waiters = g_new0 (EventWaiters, 1);

  waiters->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  /* freed with the server; its signal handlers go at dispose already */
  g_object_set_data_full (G_OBJECT (server), WAITERS_KEY, waiters,
                          (GDestroyNotify) event_waiters_free);
  g_signal_connect (server, "events-added", G_CALLBACK (events_added_cb), waiters);
}

const ScRoute sc_routes_events[] = {
  { "GET", "/events", events_cb },
  { NULL }
};
