/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "sc-request.h"
#include "sc-server-connections.h"

/* How it works. SoupServer 3.2 accepts connections itself and has no
 * timeouts; what it gives is "request-started", emitted with a fresh
 * message as soon as it accepts a connection (and later when the first
 * bytes of each next request arrive). The message knows its GSocket, so
 * each socket carries our Conn as qdata: it is made when a socket shows
 * up for the first time and freed when the socket is (libsoup drops it
 * when the connection closes), which keeps the count honest.
 *
 * Deadline: armed when a connection opens and after each answer, disarmed
 * when a request has been read whole ("request-read"). When it fires we
 * take the connection from libsoup and close it (libsoup 3.2 would not
 * even close a kept-alive connection that its client closed). The
 * socket's own timeout (the same seconds) ends writes that stall.
 *
 * Refusal (cap, 413): the answer is our JSON error body; libsoup would
 * read a whole body before it answers, so we take the connection over
 * (soup_server_message_steal_connection), write the answer ourselves,
 * close our side for writing and read and drop what the client still
 * sends for SC_CONNECTIONS_LINGER seconds at most (so that it sees the
 * answer rather than a reset), then close. */

struct _ScConnections
{
  gint        ref_count;
  SoupServer *soup;          /* not owned: between attach and detach */
  guint       max_connections;
  guint       idle_timeout;
  gsize       max_body;
  guint       count;
  GHashTable *idle;          /* Conn → itself: answered, open, not counted out */
};

typedef struct {
  gint               ref_count;
  ScConnections     *owner;  /* owned */
  GSocket           *socket; /* not owned: we are its qdata */
  SoupServerMessage *msg;    /* the latest request; its connection is ours */
  gboolean           io_ready;
  gboolean           idle;    /* answered, no next request yet */
  gboolean           closed; /* no longer in owner->count */
  guint              deadline_id;
} Conn;

typedef struct {
  ScConnections *owner;
  GIOStream    *stream;
  GSocket      *socket;
  GBytes       *answer;
  GCancellable *cancellable;
  guint         linger_id;
  guchar        buffer[16384];
} Refusal;

#define REFUSING_KEY "sc-connections-refusing"

static GQuark
conn_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("sc-connections-conn");
  return quark;
}

ScConnections *
sc_connections_new (void)
{
  ScConnections *self = g_new0 (ScConnections, 1);

  self->ref_count = 1;
  self->max_connections = SC_CONNECTIONS_DEFAULT_MAX;
  self->idle_timeout = SC_CONNECTIONS_DEFAULT_IDLE_TIMEOUT;
  self->max_body = G_MAXSIZE;
  self->idle = g_hash_table_new (NULL, NULL);
  return self;
}

ScConnections *
sc_connections_ref (ScConnections *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  self->ref_count++;
  return self;
}

void
sc_connections_unref (ScConnections *self)
{
  g_return_if_fail (self != NULL);

  if (--self->ref_count > 0)
    return;
  sc_connections_detach (self);
  g_hash_table_unref (self->idle);
  g_free (self);
}

void
sc_connections_configure (ScConnections *self,
                          guint          max_connections,
                          guint          idle_timeout,
                          gsize          max_body)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_connections >= 1);
  g_return_if_fail (idle_timeout >= 1);

  self->max_connections = max_connections;
  self->idle_timeout = idle_timeout;
  self->max_body = max_body;
}

guint
sc_connections_get_count (ScConnections *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->count;
}

guint
sc_connections_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 1024;
  if (limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        getrlimit (RLIMIT_NOFILE, &limit);
    }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > G_MAXUINT)
    return G_MAXUINT;
  return (guint) limit.rlim_cur;
}

GSocket *
sc_connections_listen_socket (GSocketAddress  *address,
                              GError         **error)
{
  GSocketFamily family = g_socket_address_get_family (address);
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, error);

  if (socket == NULL)
    return NULL;
  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  g_socket_set_listen_backlog (socket, SOMAXCONN);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* --- the deadline --------------------------------------------------------- */

static Conn *
conn_ref (Conn *conn)
{
  conn->ref_count++;
  return conn;
}

static void
conn_set_idle (Conn     *conn,
               gboolean  idle)
{
  conn->idle = idle;
  if (idle)
    g_hash_table_add (conn->owner->idle, conn);
  else
    g_hash_table_remove (conn->owner->idle, conn);
}

/* Out of the count: libsoup has closed it, or we took it over, or we
 * closed it. */
static void
conn_closed (Conn *conn)
{
  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  conn_set_idle (conn, FALSE);
  if (conn->closed)
    return;
  conn->closed = TRUE;
  conn->owner->count--;
}

/* Held by the socket (as qdata) and by a handler on each message. */
static void
conn_unref (Conn *conn)
{
  if (--conn->ref_count > 0)
    return;
  conn_closed (conn);
  g_clear_object (&conn->msg);
  sc_connections_unref (conn->owner);
  g_free (conn);
}

static void
conn_unref_closure (gpointer  data,
                    GClosure *closure)
{
  conn_unref (data);
}

static void
disconnected_cb (SoupServerMessage *msg,
                 Conn              *conn)
{
  conn_closed (conn);
}

/* Takes the connection from libsoup (NULL when its I/O is not set up).
 * @conn may be freed by this call: its socket lives on in the stream. */
static GIOStream *
conn_steal (Conn *conn)
{
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&conn->msg);

  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  if (msg == NULL || !conn->io_ready || soup_server_message_get_socket (msg) == NULL)
    return NULL;
  /* drops libsoup's hold on the connection; our ref on @msg goes below,
   * and with it the last one on the connection object */
  return soup_server_message_steal_connection (msg);
}

static void
stream_closed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  g_object_unref (source);
}

static void
conn_close_idle (Conn *conn)
{
  g_clear_object (&conn->msg);
  g_socket_close (conn->socket, NULL);
  conn_closed (conn);
}

/* TRUE when the client has closed its end (or reset it). */
static gboolean
peer_gone (GSocket *socket)
{
  char byte;
  gssize n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* At the cap: the kept-alive connections whose clients have gone (libsoup
 * 3.2 keeps them until their deadline) make room first. */
static void
sweep_gone (ScConnections *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->idle);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (peer_gone (((Conn *) key)->socket))
      g_ptr_array_add (gone, key);
  for (guint i = 0; i < gone->len; i++)
    conn_close_idle (g_ptr_array_index (gone, i));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Conn *conn = user_data;
  GSocket *socket = conn->socket;
  GIOStream *stream;

  conn->deadline_id = 0;

  /* Between requests libsoup 3.2 cannot give a connection up (it crashes),
   * nor does it close one whose client closed it (fixed in 3.3): close
   * the socket under it. Its pending read, if any, fails and ends. */
  if (conn->idle)
    {
      conn_close_idle (conn);
      return G_SOURCE_REMOVE;
    }

  stream = conn_steal (conn);
  if (stream != NULL)
    g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, stream_closed_cb, NULL);
  else
    g_socket_shutdown (socket, TRUE, TRUE, NULL); /* TLS handshake: it fails */
  return G_SOURCE_REMOVE;
}

static void
conn_arm (Conn *conn)
{
  g_clear_handle_id (&conn->deadline_id, g_source_remove);
  conn->deadline_id = g_timeout_add_seconds (conn->owner->idle_timeout, deadline_cb, conn);
}

static Conn *
conn_of (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  return socket != NULL ? g_object_get_qdata (G_OBJECT (socket), conn_quark ()) : NULL;
}

/* --- refusals ------------------------------------------------------------- */

static void
refusal_free (Refusal *refusal)
{
  g_clear_handle_id (&refusal->linger_id, g_source_remove);
  refusal->owner->count--;
  sc_connections_unref (refusal->owner);
  g_clear_object (&refusal->cancellable);
  g_clear_pointer (&refusal->answer, g_bytes_unref);
  g_clear_object (&refusal->socket);
  g_clear_object (&refusal->stream);
  g_free (refusal);
}

static void
refusal_closed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  refusal_free (user_data);
}

static void
refusal_close (Refusal *refusal)
{
  g_clear_handle_id (&refusal->linger_id, g_source_remove);
  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL,
                           refusal_closed_cb, refusal);
}

static gboolean
refusal_linger_cb (gpointer user_data)
{
  Refusal *refusal = user_data;

  refusal->linger_id = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
refusal_drain (Refusal *refusal);

static void
refusal_drained_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL) > 0)
    refusal_drain (refusal);
  else
    refusal_close (refusal);
}

static void
refusal_drain (Refusal *refusal)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream),
                             refusal->buffer, sizeof refusal->buffer, G_PRIORITY_DEFAULT,
                             refusal->cancellable, refusal_drained_cb, refusal);
}

static void
refusal_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_close (refusal);
      return;
    }

  /* no more from us; a plain socket says so at once (TLS at the close) */
  if (!G_IS_TLS_CONNECTION (refusal->stream) && refusal->socket != NULL)
    g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);
  refusal->linger_id = g_timeout_add_seconds (SC_CONNECTIONS_LINGER, refusal_linger_cb, refusal);
  refusal_drain (refusal);
}

/* The answer libsoup would have written for @msg, and "Connection: close". */
static GBytes *
serialize_answer (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint status = soup_server_message_get_status (msg);
  GString *text = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0)
      g_string_append_printf (text, "%s: %s\r\n", name, value);
  g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                "Connection: close\r\n\r\n", g_bytes_get_size (body));
  g_string_append_len (text, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return g_string_free_to_bytes (text);
}

static gboolean
refuse_now_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  Refusal *refusal;
  ScConnections *owner;
  GIOStream *stream;
  Conn *conn;

  /* gone already (the client closed): nothing to answer */
  if (socket == NULL || (conn = conn_of (msg)) == NULL)
    return G_SOURCE_REMOVE;

  g_printerr ("%s %s %u refused (%u connections open)\n",
              soup_server_message_get_method (msg) != NULL ? soup_server_message_get_method (msg) : "-",
              uri != NULL ? g_uri_get_path (uri) : "-",
              soup_server_message_get_status (msg), conn->owner->count);

  owner = conn->owner;
  g_object_ref (socket);
  stream = conn_steal (conn);
  if (stream == NULL)
    {
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      g_object_unref (socket);
      return G_SOURCE_REMOVE;
    }

  /* counted until it is closed */
  refusal = g_new0 (Refusal, 1);
  refusal->owner = sc_connections_ref (owner);
  refusal->owner->count++;
  refusal->stream = stream;
  refusal->socket = socket;
  refusal->answer = serialize_answer (msg);
  refusal->cancellable = g_cancellable_new ();
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (refusal->answer, NULL),
                                   g_bytes_get_size (refusal->answer),
                                   G_PRIORITY_DEFAULT, refusal->cancellable,
                                   refusal_written_cb, refusal);
  return G_SOURCE_REMOVE;
}

/* Sets our JSON error answer on @msg and takes the connection over from
 * an idle callback (libsoup may be inside its read loop now). @msg must
 * not be running a handler: it is paused here when its I/O is set up. */
static void
refuse (ScConnections     *self,
        SoupServerMessage *msg,
        gboolean           io_running,
        guint              status,
        const char        *code,
        guint              retry_after,
        const char        *message)
{
  /* the one place that writes error bodies, on a request of no route */
  ScRequest stub = { 0 };
  Conn *conn = conn_of (msg);

  if (g_object_get_data (G_OBJECT (msg), REFUSING_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (msg), REFUSING_KEY, GINT_TO_POINTER (TRUE));

  stub.msg = msg;
  stub.method = soup_server_message_get_method (msg) != NULL
                ? soup_server_message_get_method (msg) : "";
  sc_request_reply_error (&stub, status, code, NULL, "%s", message);
  if (retry_after > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
    }

  if (conn != NULL)
    g_clear_handle_id (&conn->deadline_id, g_source_remove);
  if (io_running)
    soup_server_message_pause (msg);
  g_idle_add_full (G_PRIORITY_DEFAULT, refuse_now_cb, g_object_ref (msg), g_object_unref);
}

/* --- signal handlers ------------------------------------------------------ */

static void
got_headers_cb (SoupServerMessage *msg,
                ScConnections     *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  /* refused at accept time but its request came in first: hold it */
  if (g_object_get_data (G_OBJECT (msg), REFUSING_KEY) != NULL)
    {
      soup_server_message_pause (msg);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->max_body)
    refuse (self, msg, TRUE, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", 0,
            _("The request body is larger than 1 MiB."));
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              ScConnections     *self)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length > (goffset) self->max_body)
    {
      /* what came so far is of no use; keep no more */
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
      refuse (self, msg, TRUE, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", 0,
              _("The request body is larger than 1 MiB."));
    }
}

static void
connected_cb (SoupServerMessage *msg,
              gpointer           user_data)
{
  Conn *conn = conn_of (msg);

  if (conn != NULL)
    conn->io_ready = TRUE;
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    ScConnections     *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Conn *conn;

  if (socket == NULL)
    return;

  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), self);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self);

  conn = g_object_get_qdata (G_OBJECT (socket), conn_quark ());
  if (conn != NULL)
    {
      /* the first bytes of a next request: its deadline runs already */
      g_set_object (&conn->msg, msg);
      g_signal_connect_data (msg, "disconnected", G_CALLBACK (disconnected_cb), conn_ref (conn),
                             conn_unref_closure, 0);
      conn_set_idle (conn, FALSE);
      if (conn->deadline_id == 0)
        conn_arm (conn);
      return;
    }

  /* a new connection; its I/O (TLS handshake first) is set up next */
  conn = g_new0 (Conn, 1);
  conn->owner = sc_connections_ref (self);
  conn->socket = socket;
  conn->msg = g_object_ref (msg);
  conn->ref_count = 1;
  g_signal_connect (msg, "connected", G_CALLBACK (connected_cb), NULL);
  self->count++;
  g_object_set_qdata_full (G_OBJECT (socket), conn_quark (), conn, (GDestroyNotify) conn_unref);
  g_signal_connect_data (msg, "disconnected", G_CALLBACK (disconnected_cb), conn_ref (conn),
                         conn_unref_closure, 0);
  g_socket_set_timeout (socket, self->idle_timeout);
  conn_arm (conn);

  if (self->count > self->max_connections)
    sweep_gone (self);
  if (self->count <= self->max_connections)
    return;

  if (soup_server_is_https (soup))
    {
      /* no TLS session yet to answer in: close */
      g_printerr ("connection refused: %u open\n", self->count - 1);
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      return;
    }
  refuse (self, msg, FALSE, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", SC_CONNECTIONS_LINGER,
          _("The server has too many connections open. Try again in a few seconds."));
}

static void
request_read_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 ScConnections     *self)
{
  Conn *conn = conn_of (msg);

  /* read whole: the handler's time is not the client's */
  if (conn != NULL)
    g_clear_handle_id (&conn->deadline_id, g_source_remove);
}

static void
request_done_cb (SoupServer        *soup,
                 SoupServerMessage *msg,
                 ScConnections     *self)
{
  Conn *conn = conn_of (msg);

  /* answered; a kept-alive connection has this long for its next request */
  if (conn != NULL && !conn->closed)
    {
      conn_set_idle (conn, TRUE);
      conn_arm (conn);
    }
}

void
sc_connections_attach (ScConnections *self,
                       SoupServer    *soup)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (SOUP_IS_SERVER (soup));
  g_return_if_fail (self->soup == NULL);

  self->soup = soup;
  g_object_add_weak_pointer (G_OBJECT (soup), (gpointer *) &self->soup);
  g_signal_connect (soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (soup, "request-read", G_CALLBACK (request_read_cb), self);
  g_signal_connect (soup, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (soup, "request-aborted", G_CALLBACK (request_done_cb), self);
}

void
sc_connections_detach (ScConnections *self)
{
  g_return_if_fail (self != NULL);

  if (self->soup == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->soup, self);
  g_object_remove_weak_pointer (G_OBJECT (self->soup), (gpointer *) &self->soup);
  self->soup = NULL;
}
