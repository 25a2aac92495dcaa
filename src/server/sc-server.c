/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-server.h"
#include "sc-server-connections.h"
#include "sc-scheduler.h"

#define API_PREFIX "/api/v1"

typedef struct {
  char           *method;
  char           *pattern;
  char          **segments; /* "*" matches one segment */
  ScRouteHandler  handler;
  gboolean        public;
} Route;

struct _ScServer
{
  GObject      parent_instance;

  SoupServer  *soup;
  ScStore     *store;
  ScHierarchy *hierarchy;
  GPtrArray   *routes;
  ScConnections *connections;
  ScScheduler *scheduler;
};

enum {
  EVENTS_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScServer, sc_server, G_TYPE_OBJECT)
G_DEFINE_QUARK (sc-server-error-quark, sc_server_error)

static void
route_free (Route *route)
{
  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

/* @path ("/orgs/org_x/workflows", still percent-encoded: the server runs
 * with raw-paths) split at "/", each segment decoded exactly once. Empty
 * segments stay, so "/orgs//workflows" matches no route. A segment that
 * does not decode (a bad escape, %00) sets @valid to FALSE. */
static char **
split_path (const char *path,
            gboolean   *valid)
{
  char **raw = g_strsplit (path, "/", -1);
  GPtrArray *segments = g_ptr_array_new ();

  *valid = TRUE;
  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *segment;

      /* raw[0] is what precedes the leading "/"; a segment without a "%"
       * has nothing to decode and is taken as it is */
      if (i > 0 && strchr (raw[i], '%') == NULL)
        {
          g_ptr_array_add (segments, raw[i]);
          continue;
        }
      segment = i > 0 ? g_uri_unescape_string (raw[i], NULL) : NULL;
      if (i > 0 && segment == NULL)
        *valid = FALSE;
      else if (segment != NULL)
        g_ptr_array_add (segments, segment);
      g_free (raw[i]);
    }
  g_free (raw);
  g_ptr_array_add (segments, NULL);

  return (char **) g_ptr_array_free (segments, FALSE);
}

/* Whether @segments is @route's path; a "*" matches only an id
 * (sc_rules_id_is_valid), so "/orgs/2%25/workflows" reaches nothing. */
static gboolean
route_matches_path (Route      *route,
                    char      **segments,
                    GPtrArray  *params)
{
  guint i;

  for (i = 0; route->segments[i] != NULL && segments[i] != NULL; i++)
    {
      if (strcmp (route->segments[i], "*") == 0)
        {
          if (!sc_rules_id_is_valid (segments[i]))
            return FALSE;
          if (params != NULL)
            g_ptr_array_add (params, g_strdup (segments[i]));
        }
      else if (strcmp (route->segments[i], segments[i]) != 0)
        return FALSE;
    }

  return route->segments[i] == NULL && segments[i] == NULL;
}

static void
log_request (ScServer          *self,
             SoupServerMessage *msg)
{
  gint64 *started = g_object_get_data (G_OBJECT (msg), "sc-started");
  double ms = started != NULL ? (g_get_monotonic_time () - *started) / 1000.0 : 0;
  GUri *uri = soup_server_message_get_uri (msg);

  /* the path only: query strings never carry secrets here, but keep the
   * line short and predictable */
  g_printerr ("%s %s %u %.1fms\n",
              soup_server_message_get_method (msg),
              uri != NULL ? g_uri_get_path (uri) : "?",
              soup_server_message_get_status (msg),
              ms);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    ScServer          *self)
{
  gint64 *started = g_new (gint64, 1);

  *started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "sc-started", started, g_free);
  sc_request_preset_error_body (msg);
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     ScServer          *self)
{
  log_request (self, msg);
}

static void
request_aborted_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    ScServer          *self)
{
  log_request (self, msg);
}

static gboolean
authenticate (ScServer  *self,
              ScRequest *req)
{
  const char *header = sc_request_get_header (req, "Authorization");
  g_autoptr(GError) error = NULL;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0 || header[7] == '\0')
    {
      sc_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthenticated", NULL,
                              _("This request needs an API token: send “Authorization: Bearer <token>”."));
      return FALSE;
    }

  req->user = sc_store_authenticate (self->store, header + 7, &req->token_id,
                                     &req->scope_org_id, &error);
  if (req->user == NULL)
    {
      if (error != NULL && !g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
        sc_request_reply_store_error (req, error, NULL);
      else
        sc_request_reply_error (req, SOUP_STATUS_UNAUTHORIZED, "unauthenticated", NULL,
                                _("This token is unknown, expired or revoked. Sign in again."));
      return FALSE;
    }

  req->user_id = json_object_get_string_member (req->user, "id");
  return TRUE;
}

/* The route for @method on @segments, NULL when none; @allow (nullable)
 * gets the methods of the routes that take the path with another method
 * ("GET, PUT"), so that an empty @allow means an unknown path. */
static Route *
find_route (ScServer    *self,
            const char  *method,
            char       **segments,
            GString     *allow)
{
  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (!route_matches_path (route, segments, NULL))
        continue;
      if (strcmp (route->method, method) == 0)
        return route;
      if (allow != NULL)
        g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", route->method);
    }
  return NULL;
}

/* A request's work is one transaction. When a concurrent one won it (a
 * serialization failure or deadlock on PostgreSQL, a lock timeout on
 * SQLite: SC_STORE_ERROR_BUSY), the work is rolled back and the handler
 * runs again from the start on what is stored now, a bounded number of
 * times; the last attempt's 503 stands. */
#define MAX_ATTEMPTS 8

static void
run_handler (Route     *route,
             ScRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  /* the headers set before the handler, to start each attempt from */
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_add (values, g_strdup (value));
    }

  for (guint attempt = 1;; attempt++)
    {
      req->busy = FALSE;
      route->handler (req);
      if (!req->busy || req->paused || req->finished || attempt == MAX_ATTEMPTS)
        break;

      /* the winner has committed: the next attempt sees its work */
      g_debug ("%s %s: a concurrent transaction won, attempt %u", req->method, req->path, attempt + 1);
      sc_store_transaction_rollback (req->store);
      req->replied = FALSE;
      req->commit_on_reply = FALSE;
      g_clear_pointer (&req->cache_key, g_free);
      soup_message_body_truncate (soup_server_message_get_response_body (req->msg));
      soup_message_headers_clear (headers);
      for (guint i = 0; i < names->len; i++)
        soup_message_headers_append (headers, names->pdata[i], values->pdata[i]);
    }
}

static void
dispatch (ScServer  *self,
          ScRequest *req)
{
  gboolean valid;
  g_auto(GStrv) segments = split_path (req->path, &valid);
  g_autoptr(GString) allow = g_string_new (NULL);
  Route *found = valid ? find_route (self, req->method, segments, allow) : NULL;
  goffset length;

  if (found == NULL)
    {
      if (allow->len > 0)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Allow", allow->str);
          sc_request_reply_error (req, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
                                  _("This resource does not accept %s; it accepts %s."),
                                  req->method, allow->str);
        }
      else
        sc_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                                _("There is no API endpoint at %s."), req->path);
      return;
    }

  route_matches_path (found, segments, req->params);

  length = soup_server_message_get_request_body (req->msg)->length;
  if (length > SC_SERVER_MAX_BODY)
    {
      sc_request_reply_error (req, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", NULL,
                              _("The request body is larger than 1 MiB."));
      return;
    }

  if (!found->public && !authenticate (self, req))
    return;

  run_handler (found, req);

  if (!req->replied && !req->paused)
    {
      g_critical ("%s %s: the handler did not answer", req->method, req->path);
      sc_request_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                              _("The server could not complete the request. Try again later."));
    }
}

static void
api_handler (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  ScServer *self = user_data;
  g_autoptr(ScRequest) req = g_new0 (ScRequest, 1);

  req->ref_count = 1;
  req->server = self;
  req->store = self->store;
  req->hierarchy = self->hierarchy;
  req->msg = g_object_ref (msg);
  req->method = soup_server_message_get_method (msg);
  req->params = g_ptr_array_new_with_free_func (g_free);
  req->query = query != NULL ? g_hash_table_ref (query) : NULL;

  /* libsoup would answer a Range request with a slice of the JSON: every
   * answer is whole (RFC 9110 lets a server ignore Range) */
  soup_message_headers_remove (soup_server_message_get_request_headers (msg), "Range");

  /* @path is still percent-encoded (raw-paths): GUri has decoded only the
   * unreserved characters, so the prefix compares as it is */
  if (g_str_has_prefix (path, API_PREFIX "/") || strcmp (path, API_PREFIX) == 0)
    {
      req->path = g_strdup (path + strlen (API_PREFIX));
      /* what other processes wrote is sampled once for the request */
      sc_store_pin_change_stamp (self->store, TRUE);
      /* what is due runs before the request is served (sc-scheduler.c) */
      sc_scheduler_check (self->scheduler);
      dispatch (self, req);
      sc_store_pin_change_stamp (self->store, FALSE);
    }
  else
    {
      req->path = g_strdup (path);
      sc_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                              _("There is nothing at %s. The API lives under %s."), path, API_PREFIX);
    }
}

static void
sc_server_dispose (GObject *object)
{
  ScServer *self = (ScServer *)object;

  if (self->connections != NULL)
    sc_connections_detach (self->connections);
  g_clear_pointer (&self->connections, sc_connections_unref);
  g_clear_pointer (&self->scheduler, sc_scheduler_free);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_object (&self->hierarchy);
  g_clear_pointer (&self->routes, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_server_parent_class)->dispose (object);
}

static void
sc_server_class_init (ScServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_server_dispose;

  /* Emitted after events were queued, so that long polls can answer. */
  signals[EVENTS_ADDED] = g_signal_new ("events-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
sc_server_init (ScServer *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->connections = sc_connections_new ();
  sc_connections_configure (self->connections, SC_CONNECTIONS_DEFAULT_MAX,
                            SC_CONNECTIONS_DEFAULT_IDLE_TIMEOUT, SC_SERVER_MAX_BODY);
}

static void
add_route (ScServer       *self,
           const char     *method,
           const char     *pattern,
           ScRouteHandler  handler,
           gboolean        public)
{
  Route *route = g_new0 (Route, 1);
  gboolean valid;

  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = split_path (pattern, &valid);
  g_assert (valid);
  route->handler = handler;
  route->public = public;
  g_ptr_array_add (self->routes, route);
}

GStrv
sc_server_dup_routes (ScServer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SC_IS_SERVER (self), NULL);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);
      g_autofree char *pattern = g_strjoinv ("/", route->segments);
      g_autofree char *line = g_strdup_printf ("%s /%s", route->method, pattern);

      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

ScServer *
sc_server_new (ScStore     *store,
               ScHierarchy *hierarchy)
{
  ScServer *self;

  g_return_val_if_fail (SC_IS_STORE (store), NULL);
  g_return_val_if_fail (SC_IS_HIERARCHY (hierarchy), NULL);

  self = g_object_new (SC_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  self->hierarchy = g_object_ref (hierarchy);

  for (const ScRouteGroup *group = sc_route_groups; group->routes != NULL; group++)
    {
      if (group->attach != NULL)
        group->attach (G_OBJECT (self));
      for (const ScRoute *route = group->routes; route->method != NULL; route++)
        add_route (self, route->method, route->pattern, route->handler, route->is_public);
    }

  self->scheduler = sc_scheduler_new (self);

  return self;
}

static GInetSocketAddress *
parse_address (const char  *address,
               GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *host;
  guint16 port = 0;

  connectable = g_network_address_parse (address, 0, &local_error);
  if (connectable == NULL || strchr (address, ':') == NULL)
    {
      g_set_error (error, SC_SERVER_ERROR, SC_SERVER_ERROR_ADDRESS,
                   _("“%s” is not HOST:PORT, such as 127.0.0.1:8080."), address);
      return NULL;
    }

  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));
  if (g_strcmp0 (host, "localhost") == 0)
    host = "127.0.0.1";

  inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    {
      g_set_error (error, SC_SERVER_ERROR, SC_SERVER_ERROR_ADDRESS,
                   _("“%s” is not an IP address; give one, such as 127.0.0.1:8080."), host);
      return NULL;
    }

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (inet, port));
}

gboolean
sc_server_listen (ScServer         *self,
                  const char       *address,
                  GTlsCertificate  *certificate,
                  gboolean          insecure,
                  GError          **error)
{
  g_autoptr(GInetSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) listen_socket = NULL;
  g_autoptr(GError) local_error = NULL;
  GInetAddress *inet;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (SC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  socket_address = parse_address (address, error);
  if (socket_address == NULL)
    return FALSE;

  inet = g_inet_socket_address_get_address (socket_address);
  if (certificate == NULL && !insecure && !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, SC_SERVER_ERROR, SC_SERVER_ERROR_NOT_LOOPBACK,
                   _("Refusing to serve plain HTTP on %s, which is not a loopback address: "
                     "give --tls-cert and --tls-key, or --insecure-listen if a proxy in front "
                     "terminates TLS."), address);
      return FALSE;
    }

  /* raw-paths: the router decodes each segment once (split_path); libsoup
   * would decode the whole path first, turning %2F into a separator and
   * refusing %00 with a bare 400 */
  self->soup = soup_server_new ("server-header", "stagecraft-server/" PACKAGE_VERSION " ",
                                "raw-paths", TRUE, NULL);
  if (certificate != NULL)
    {
      g_object_set (self->soup, "tls-certificate", certificate, NULL);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  sc_connections_attach (self->connections, self->soup);
  soup_server_add_handler (self->soup, NULL, api_handler, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);

  listen_socket = sc_connections_listen_socket (G_SOCKET_ADDRESS (socket_address), &local_error);
  if (listen_socket == NULL ||
      !soup_server_listen_socket (self->soup, listen_socket, options, &local_error))
    {
      g_set_error (error, SC_SERVER_ERROR, SC_SERVER_ERROR_LISTEN,
                   _("Cannot listen on %s: %s"), address, local_error->message);
      g_clear_object (&self->soup);
      return FALSE;
    }

  /* overdue schedules run now, before the first request */
  sc_scheduler_start (self->scheduler);
  return TRUE;
}

void
sc_server_set_connection_limits (ScServer *self,
                                 guint     max_connections,
                                 guint     idle_timeout)
{
  g_return_if_fail (SC_IS_SERVER (self));
  sc_connections_configure (self->connections, max_connections, idle_timeout, SC_SERVER_MAX_BODY);
}

char *
sc_server_get_url (ScServer *self)
{
  g_autoslist(GUri) uris = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (SC_IS_SERVER (self), NULL);
  g_return_val_if_fail (self->soup != NULL, NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    return NULL;

  text = g_uri_to_string (uris->data);
  length = strlen (text);
  if (length > 0 && text[length - 1] == '/')
    text[length - 1] = '\0';
  return g_steal_pointer (&text);
}

guint
sc_server_route (ScServer    *self,
                 const char  *method,
                 const char  *path,
                 GPtrArray   *params,
                 const char **pattern)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GString) allow = g_string_new (NULL);
  gboolean valid;
  Route *found;

  g_return_val_if_fail (SC_IS_SERVER (self), SOUP_STATUS_NOT_FOUND);
  g_return_val_if_fail (method != NULL && path != NULL, SOUP_STATUS_NOT_FOUND);

  segments = split_path (path, &valid);
  found = valid ? find_route (self, method, segments, allow) : NULL;
  if (found == NULL)
    return allow->len > 0 ? SOUP_STATUS_METHOD_NOT_ALLOWED : SOUP_STATUS_NOT_FOUND;

  if (params != NULL)
    route_matches_path (found, segments, params);
  if (pattern != NULL)
    *pattern = found->pattern;
  return 0;
}

ScStore *
sc_server_get_store (ScServer *self)
{
  g_return_val_if_fail (SC_IS_SERVER (self), NULL);
  return self->store;
}

ScHierarchy *
sc_server_get_hierarchy (ScServer *self)
{
  g_return_val_if_fail (SC_IS_SERVER (self), NULL);
  return self->hierarchy;
}

void
sc_server_schedules_changed (ScServer *self)
{
  g_return_if_fail (SC_IS_SERVER (self));

  sc_scheduler_changed (self->scheduler);
}

void
sc_server_events_added (ScServer *self)
{
  g_return_if_fail (SC_IS_SERVER (self));
  g_signal_emit (self, signals[EVENTS_ADDED], 0);
}
