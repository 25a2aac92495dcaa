/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "sc-test-proxy.h"

#define CHUNK_SIZE  (64 * 1024)
#define DEEP_LEVELS 100000

typedef struct {
  char        *method;    /* nullable: any */
  GPatternSpec *pattern;
  ScTestFault  fault;
} Rule;

struct _ScTestProxy {
  SoupServer  *server;
  SoupSession *session;
  char        *upstream;
  char        *url;
  GPtrArray   *rules;
  GPtrArray   *held;      /* SoupServerMessage: paused, answer ready */
  guint        n_releases; /* sc_test_proxy_release() calls so far */
  guint        n_faults;
  GHashTable  *ports;      /* the clients' ports seen: one per connection */
  guint        n_writers; /* raw writers running */
  guint64      streamed;
  GCancellable *cancellable;
};

/* A response written by hand on a connection stolen from the SoupServer:
 * what libsoup would never send. */
typedef struct {
  ScTestProxy *proxy;
  GIOStream   *stream;
  ScTestFault  fault;
  GBytes      *head;      /* status line, headers and the first bytes */
  guint64      remaining; /* bytes of the huge body still to send */
} Writer;

typedef struct {
  ScTestProxy       *proxy;
  SoupServerMessage *msg;
  SoupMessage       *upstream;
  ScTestFault        fault;
  guint              n_releases; /* the proxy's, when it was sent upstream */
} Forward;

static void
rule_free (Rule *rule)
{
  g_free (rule->method);
  g_pattern_spec_free (rule->pattern);
  g_free (rule);
}

static ScTestFault
find_fault (ScTestProxy *proxy,
            const char  *method,
            const char  *path)
{
  for (guint i = 0; i < proxy->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (proxy->rules, i);

      if (rule->method != NULL && strcmp (rule->method, method) != 0)
        continue;
      if (g_pattern_spec_match_string (rule->pattern, path))
        return rule->fault;
    }
  return SC_TEST_FAULT_NONE;
}

/* --- raw writers ----------------------------------------------------------- */

static const char *
huge_chunk (void)
{
  static char chunk[CHUNK_SIZE];
  static const char item[] = "{\"id\": \"wf_aaaaaaaaaaaaaaaaaaaa\", \"name\": \"Workflow\"}, ";

  if (chunk[0] == '\0')
    for (gsize i = 0; i < CHUNK_SIZE; i++)
      chunk[i] = item[i % (sizeof item - 1)];
  return chunk;
}

static void
writer_finish (Writer *writer)
{
  GSocket *socket = g_object_get_data (G_OBJECT (writer->stream), "GSocket");

  if (socket == NULL && G_IS_SOCKET_CONNECTION (writer->stream))
    socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (writer->stream));

  if (writer->fault == SC_TEST_FAULT_RESET && socket != NULL)
    {
      /* linger 0: close() sends RST instead of FIN */
      struct linger linger = { 1, 0 };

      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  g_io_stream_close (writer->stream, NULL, NULL);
  if (socket != NULL)
    g_socket_close (socket, NULL);

  writer->proxy->n_writers--;
  g_object_unref (writer->stream);
  g_bytes_unref (writer->head);
  g_free (writer);
}

static void
writer_wrote_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;
  gsize written = 0;
  gsize size;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error))
    {
      /* the client closed: what a client that stops reading does */
      writer->proxy->streamed += written;
      writer_finish (writer);
      return;
    }
  writer->proxy->streamed += written;

  if (writer->remaining == 0)
    {
      writer_finish (writer);
      return;
    }

  size = MIN (writer->remaining, CHUNK_SIZE);
  writer->remaining -= size;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (writer->stream),
                                   huge_chunk (), size, G_PRIORITY_DEFAULT,
                                   writer->proxy->cancellable, writer_wrote_cb, writer);
}

static void
write_raw (ScTestProxy       *proxy,
           SoupServerMessage *msg,
           ScTestFault        fault,
           GBytes            *head,
           guint64            remaining)
{
  Writer *writer = g_new0 (Writer, 1);

  writer->proxy = proxy;
  writer->stream = soup_server_message_steal_connection (msg);
  writer->fault = fault;
  writer->head = g_bytes_ref (head);
  writer->remaining = remaining;
  proxy->n_writers++;

  g_output_stream_write_all_async (g_io_stream_get_output_stream (writer->stream),
                                   g_bytes_get_data (head, NULL), g_bytes_get_size (head),
                                   G_PRIORITY_DEFAULT, proxy->cancellable,
                                   writer_wrote_cb, writer);
}

typedef struct {
  ScTestProxy       *proxy;
  SoupServerMessage *msg;
  ScTestFault        fault;
} Steal;

/* Stealing the connection from inside the handler would pull it from
 * under the server's own bookkeeping: the handler pauses the message and
 * this runs once the server is done with it. */
static gboolean
steal_cb (gpointer user_data)
{
  Steal *steal = user_data;
  g_autoptr(GBytes) head = NULL;
  guint64 remaining = 0;

  switch (steal->fault)
    {
    case SC_TEST_FAULT_RESET:
      {
        static const char text[] = "HTTP/1.1 200 OK\r\n"
                                   "Content-Type: application/json\r\n"
                                   "Content-Length: 4096\r\n\r\n"
                                   "{\"id\": \"wf_";
        head = g_bytes_new_static (text, sizeof text - 1);
        break;
      }

    case SC_TEST_FAULT_HUGE:
      {
        static const char text[] = "HTTP/1.1 200 OK\r\n"
                                   "Content-Type: application/json\r\n"
                                   "Connection: close\r\n\r\n"
                                   "{\"items\": [";
        head = g_bytes_new_static (text, sizeof text - 1);
        remaining = SC_TEST_PROXY_HUGE_SIZE;
        break;
      }

    case SC_TEST_FAULT_HUGE_LENGTH:
      {
        g_autofree char *text = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                                 "Content-Type: application/json\r\n"
                                                 "Content-Length: %u\r\n\r\n",
                                                 (guint) SC_TEST_PROXY_HUGE_SIZE);
        head = g_bytes_new (text, strlen (text));
        remaining = SC_TEST_PROXY_HUGE_SIZE;
        break;
      }

    default:
      g_assert_not_reached ();
    }

  write_raw (steal->proxy, steal->msg, steal->fault, head, remaining);
  g_object_unref (steal->msg);
  g_free (steal);
  return G_SOURCE_REMOVE;
}

/* --- forwarding ------------------------------------------------------------ */

static gboolean
is_hop_header (const char *name)
{
  static const char * const hop[] = {
    "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Host",
    "Proxy-Connection", "TE", "Trailer", "Upgrade",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hop); i++)
    if (g_ascii_strcasecmp (name, hop[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  if (!is_hop_header (name))
    soup_message_headers_append (user_data, name, value);
}

static void
held_disconnected_cb (SoupServerMessage *msg,
                      ScTestProxy       *proxy)
{
  g_signal_handlers_disconnect_by_func (msg, held_disconnected_cb, proxy);
  g_ptr_array_remove (proxy->held, msg);
}

static void
forward_free (Forward *forward)
{
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Forward, forward_free)

static void
forwarded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Forward) forward = user_data;
  ScTestProxy *proxy = forward->proxy;
  SoupServerMessage *msg = forward->msg;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
          soup_server_message_unpause (msg);
        }
      return;
    }

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (forward->upstream), NULL);

  if (forward->fault == SC_TEST_FAULT_TRUNCATED)
    {
      /* no length and Connection: close: the body ends where the
       * connection does, in the middle of the JSON */
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                               "Content-Type: %s\r\n"
                                               "Connection: close\r\n\r\n",
                                               soup_message_get_status (forward->upstream),
                                               soup_status_get_phrase (soup_message_get_status (forward->upstream)),
                                               content_type != NULL ? content_type : "application/json");
      g_autoptr(GByteArray) text = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;

      g_byte_array_append (text, (const guint8 *) head, strlen (head));
      g_byte_array_append (text, g_bytes_get_data (body, NULL), g_bytes_get_size (body) / 2);
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&text));
      write_raw (proxy, msg, forward->fault, bytes, 0);
      return;
    }

  headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_foreach (soup_message_get_response_headers (forward->upstream), copy_header, headers);
  soup_server_message_set_status (msg, soup_message_get_status (forward->upstream), NULL);
  if (g_bytes_get_size (body) > 0)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  /* held only if no release came while it was upstream: a release lets
   * through everything asked for before it */
  if (forward->fault == SC_TEST_FAULT_SLOW && forward->n_releases == proxy->n_releases)
    {
      g_ptr_array_add (proxy->held, g_object_ref (msg));
      g_signal_connect (msg, "disconnected", G_CALLBACK (held_disconnected_cb), proxy);
    }
  else
    soup_server_message_unpause (msg);
}

static void
forward (ScTestProxy       *proxy,
         SoupServerMessage *msg,
         ScTestFault        fault)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  g_autofree char *target = g_strconcat (proxy->upstream, g_uri_get_path (uri),
                                         query != NULL ? "?" : "", query != NULL ? query : "",
                                         NULL);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  Forward *data = g_new0 (Forward, 1);

  data->proxy = proxy;
  data->msg = g_object_ref (msg);
  data->fault = fault;
  data->n_releases = proxy->n_releases;
  data->upstream = soup_message_new (soup_server_message_get_method (msg), target);
  g_assert_nonnull (data->upstream);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header,
                                soup_message_get_request_headers (data->upstream));
  /* a fault made from the real answer needs its body: a 304 has none */
  if (fault != SC_TEST_FAULT_NONE)
    soup_message_headers_remove (soup_message_get_request_headers (data->upstream),
                                 "If-None-Match");
  if (request_body->length > 0)
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);

      soup_message_set_request_body_from_bytes (data->upstream, NULL, bytes);
    }

  soup_server_message_pause (msg);
  soup_session_send_and_read_async (proxy->session, data->upstream, G_PRIORITY_DEFAULT,
                                    proxy->cancellable, forwarded_cb, data);
}

/* --- the handler ----------------------------------------------------------- */

static void
set_text (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          const char        *body,
          gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, length);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  ScTestProxy *proxy = user_data;
  ScTestFault fault = find_fault (proxy, soup_server_message_get_method (msg), path);
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    g_hash_table_add (proxy->ports,
                      GUINT_TO_POINTER (g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote))));

  if (fault != SC_TEST_FAULT_NONE)
    proxy->n_faults++;

  switch (fault)
    {
    case SC_TEST_FAULT_NONE:
    case SC_TEST_FAULT_SLOW:
    case SC_TEST_FAULT_TRUNCATED:
      forward (proxy, msg, fault);
      return;

    case SC_TEST_FAULT_500_JSON:
      {
        static const char body[] =
          "{\"error\": {\"code\": \"internal\", "
          "\"message\": \"The proxy broke this request on purpose.\", \"details\": {}}}";
        set_text (msg, 500, "application/json", body, sizeof body - 1);
        return;
      }

    case SC_TEST_FAULT_500_BARE:
      set_text (msg, 500, NULL, NULL, 0);
      return;

    case SC_TEST_FAULT_MALFORMED:
      {
        /* raw control characters (NUL, U+0001, U+001F, DEL) in and out of
         * strings: not JSON */
        static const char body[] = "{\"items\": [{\"id\": \"wf_\x01\x1f\", \"name\": \"\x7f\"}],\x00"
                                   " \"next_cursor\": null, \"error\": {\"code\": \"\x02\"}}";
        set_text (msg, 200, "application/json", body, sizeof body - 1);
        return;
      }

    case SC_TEST_FAULT_HTML:
      {
        static const char body[] = "<html><body>Sign in to the hotel Wi-Fi</body></html>";
        set_text (msg, 200, "text/html", body, sizeof body - 1);
        return;
      }

    case SC_TEST_FAULT_DEEP:
      {
        g_autofree char *body = g_malloc (DEEP_LEVELS);

        memset (body, '[', DEEP_LEVELS);
        set_text (msg, 200, "application/json", body, DEEP_LEVELS);
        return;
      }

    case SC_TEST_FAULT_HUGE:
    case SC_TEST_FAULT_HUGE_LENGTH:
    case SC_TEST_FAULT_RESET:
      {
        Steal *steal = g_new0 (Steal, 1);

        steal->proxy = proxy;
        steal->msg = g_object_ref (msg);
        steal->fault = fault;
        soup_server_message_pause (msg);
        g_idle_add (steal_cb, steal);
        return;
      }

    default:
      g_assert_not_reached ();
    }
}

/* --- public ---------------------------------------------------------------- */

ScTestProxy *
sc_test_proxy_new (const char *upstream)
{
  ScTestProxy *proxy = g_new0 (ScTestProxy, 1);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  proxy->upstream = g_strdup (upstream);
  proxy->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  proxy->held = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->cancellable = g_cancellable_new ();
  proxy->ports = g_hash_table_new (NULL, NULL);
  /* no timeout: a long poll (GET /events) waits up to 30 s upstream */
  proxy->session = soup_session_new_with_options ("timeout", 0,
                                                  "max-conns", 256,
                                                  "max-conns-per-host", 256,
                                                  NULL);
  /* pass bodies through as the server encoded them */
  soup_session_remove_feature_by_type (proxy->session, SOUP_TYPE_CONTENT_DECODER);

  proxy->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (proxy->server, NULL, handle_cb, proxy, NULL);
  soup_server_listen_local (proxy->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (proxy->server);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  return proxy;
}

void
sc_test_proxy_free (ScTestProxy *proxy)
{
  if (proxy == NULL)
    return;

  sc_test_proxy_release (proxy);
  g_cancellable_cancel (proxy->cancellable);
  /* let cancelled forwards and writers end before the proxy goes */
  while (proxy->n_writers > 0)
    g_main_context_iteration (NULL, TRUE);
  soup_session_abort (proxy->session);
  soup_server_disconnect (proxy->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&proxy->server);
  g_clear_object (&proxy->session);
  g_clear_object (&proxy->cancellable);
  g_ptr_array_unref (proxy->held);
  g_ptr_array_unref (proxy->rules);
  g_hash_table_unref (proxy->ports);
  g_free (proxy->upstream);
  g_free (proxy->url);
  g_free (proxy);
}

const char *
sc_test_proxy_get_url (ScTestProxy *proxy)
{
  return proxy->url;
}

void
sc_test_proxy_add_rule (ScTestProxy *proxy,
                        const char  *method,
                        const char  *path_glob,
                        ScTestFault  fault)
{
  Rule *rule = g_new0 (Rule, 1);

  rule->method = g_strdup (method);
  rule->pattern = g_pattern_spec_new (path_glob);
  rule->fault = fault;
  g_ptr_array_add (proxy->rules, rule);
}

void
sc_test_proxy_clear_rules (ScTestProxy *proxy)
{
  g_ptr_array_set_size (proxy->rules, 0);
}

guint
sc_test_proxy_get_n_connections (ScTestProxy *proxy)
{
  return g_hash_table_size (proxy->ports);
}

guint
sc_test_proxy_get_n_faults (ScTestProxy *proxy)
{
  return proxy->n_faults;
}

guint
sc_test_proxy_get_n_held (ScTestProxy *proxy)
{
  return proxy->held->len;
}

void
sc_test_proxy_release (ScTestProxy *proxy)
{
  g_autoptr(GPtrArray) held = proxy->held;

  proxy->n_releases++;

  proxy->held = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (held, i);

      g_signal_handlers_disconnect_by_func (msg, held_disconnected_cb, proxy);
      soup_server_message_unpause (msg);
    }
}

guint64
sc_test_proxy_get_bytes_streamed (ScTestProxy *proxy)
{
  return proxy->streamed;
}

gboolean
sc_test_proxy_is_idle (ScTestProxy *proxy)
{
  return proxy->n_writers == 0;
}
