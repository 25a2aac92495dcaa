/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-client.h"
#include "sc-client-libs.h"
#include "sc-client-private.h"
#include "sc-json.h"
#include "sc-model.h"

#define API_PREFIX           "/api/v1"
#define SESSION_TIMEOUT      30       /* seconds of I/O silence before giving up */
#define RENEW_MARGIN         (60 * G_USEC_PER_SEC)
#define DEFAULT_EXPIRES_IN   3600
#define THREAD_PARSE_SIZE    (64 * 1024)
#define MAX_CONNS_PER_HOST   8        /* a long poll holds one */
/* What a hostile or broken server may not make the client do: buffer an
 * endless body, or recurse without bound in json-glib 1.6's parser (one C
 * frame per nesting level: 100 000 `[` overflow the stack). The server's
 * own answers stay far below both. */
#define MAX_BODY_SIZE        (16 * 1024 * 1024)
#define READ_SIZE            (64 * 1024)
/* sc_client_call_follow_pages(): at the server's largest page (500), 50 000 items */
#define MAX_FOLLOWED_PAGES   100

typedef enum {
  CREDENTIALS_NONE,
  CREDENTIALS_TOKEN,
  CREDENTIALS_API_KEY,
} CredentialsKind;

struct _ScClientPage
{
  gatomicrefcount  ref_count;
  JsonArray       *items;
  char            *next_cursor;
};

struct _ScClient
{
  GObject          parent_instance;

  SoupSession     *session;
  char            *base_url;
  GTlsDatabase    *tls_database;

  CredentialsKind  kind;
  char            *token;          /* personal token */
  char            *client_id;      /* API key */
  char            *client_secret;
  char            *access_token;   /* from the API key */
  gint64           access_expires_at; /* monotonic µs */
  guint            generation;     /* bumped whenever the credentials change */
  gboolean         exchanging;
  GQueue           waiters;        /* GTask: calls waiting for an access token */
  guint            n_exchanges;
  guint            n_requests;
  guint            n_not_modified;
  /* the last 200 of each GET (path with query → Validated) with an ETag:
   * asked again with If-None-Match, a 304 answers it from here */
  GHashTable      *validated;
  gsize            validated_bytes;
};

#define VALIDATED_MAX_ENTRIES 256
#define VALIDATED_MAX_BYTES (16 * 1024 * 1024)

typedef struct {
  char   *etag;  /* as the ETag header, quoted */
  GBytes *body;
} Validated;

static void
validated_free (Validated *validated)
{
  g_free (validated->etag);
  g_bytes_unref (validated->body);
  g_free (validated);
}

/* One call: the task data of its GTask. */
struct _ScClientCall {
  char                 *method;
  char                 *path;           /* below /api/v1, with the query */
  GBytes               *body;           /* nullable */
  const char           *content_type;   /* of @body */
  char                 *etag;           /* sent as If-Match */
  char                 *idempotency_key;
  ScClientResultKind    kind;
  gboolean              needs_auth;
  gboolean              retried;        /* after a 401 */

  char                 *bearer;         /* what was sent, to compare after a 401 */
  SoupMessage          *msg;
  GInputStream         *stream;         /* the answer's body, while reading it */
  GByteArray           *received;       /* what was read of it */
  GTlsCertificateFlags  tls_errors;
  GSource              *cancel_source;  /* while waiting for a token */

  /* RESULT_PAGE calls that follow next_cursor to the end (sc_client_call_follow_pages) */
  char                 *first_path;     /* the path without a cursor */
  JsonArray            *gathered;       /* the items of the pages before */
  guint                 n_pages;
  gboolean              not_modified;   /* a 304 answered from self->validated */

  /* downloads (sc_client_export_audit_async): a 200 of @accept is
   * spliced into @sink as it arrives, never held whole */
  const char           *accept;         /* nullable: application/json */
  GOutputStream        *sink;
};
typedef ScClientCall Call;

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TLS_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScClient, sc_client, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (ScClientPage, sc_client_page, sc_client_page_ref, sc_client_page_unref)

static void call_start (GTask *task);

const char *
sc_client_all_pages (void)
{
  static const char marker[] = "";

  return marker;
}

void
sc_client_secret_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static void
secret_clear (char **secret)
{
  sc_client_secret_free (g_steal_pointer (secret));
}

/* The message may outlive the call inside libsoup: it must not call back. */
static void
call_clear_message (Call *call)
{
  if (call->stream != NULL)
    {
      /* before the end of the body: libsoup drops the connection */
      g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&call->stream);
    }
  g_clear_pointer (&call->received, g_byte_array_unref);
  if (call->msg == NULL)
    return;
  g_signal_handlers_disconnect_by_data (call->msg, call);
  g_clear_object (&call->msg);
}

static void
call_drop_cancel_source (Call *call)
{
  if (call->cancel_source == NULL)
    return;
  g_source_destroy (call->cancel_source);
  g_clear_pointer (&call->cancel_source, g_source_unref);
}

static void
call_free (Call *call)
{
  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->etag);
  g_free (call->idempotency_key);
  secret_clear (&call->bearer);
  call_clear_message (call);
  call_drop_cancel_source (call);
  g_free (call->first_path);
  g_clear_pointer (&call->gathered, json_array_unref);
  g_clear_object (&call->sink);
  g_free (call);
}

/* The call answers every page of its list as one ScClientPage (and a
 * NULL next_cursor), asking for the next page while there is one: for the
 * lists a view shows whole (members, mappings, promotion paths, a count),
 * so that none stops at the server's first page. */
Call *
sc_client_call_follow_pages (Call *call)
{
  g_assert (call->kind == RESULT_PAGE);
  call->first_path = g_strdup (call->path);
  call->gathered = json_array_new ();
  return call;
}

static GBytes *
json_bytes_new (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, object);
  text = sc_json_to_string (node);
  return g_bytes_new_take (text, strlen (text));
}

/* A call of @method on @path (transfer full: below /api/v1, with the
 * query). @body is sent as JSON and @etag as If-Match; both nullable. The
 * body is serialised now: the caller may change @body once this returns. */
Call *
sc_client_call_new (const char *method,
          char       *path,
          JsonObject *body,
          const char *etag,
          ScClientResultKind kind)
{
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->path = path;
  call->etag = g_strdup (etag);
  call->kind = kind;
  call->needs_auth = TRUE;
  if (body != NULL)
    {
      call->body = json_bytes_new (body);
      call->content_type = "application/json";
    }
  return call;
}

/* @key nullable: then one made for this call, which a retry after a token
 * renewal sends again, so that the server does the work once. */
void
sc_client_call_set_idempotency_key (Call       *call,
                          const char *key)
{
  call->idempotency_key = key != NULL ? g_strdup (key) : sc_client_new_idempotency_key ();
}

/* A call that goes without credentials (health, server info). */
void
sc_client_call_set_no_auth (ScClientCall *call)
{
  call->needs_auth = FALSE;
}

/* A download: a 200 of @accept (static) is spliced into @sink as it
 * arrives, never held whole. */
void
sc_client_call_set_download (ScClientCall  *call,
                             const char    *accept,
                             GOutputStream *sink)
{
  call->accept = accept;
  call->sink = g_object_ref (sink);
}

/* A path below /api/v1 from @format, where each "%s" is replaced by the
 * next argument escaped as one path segment (ids are opaque). */
char *
sc_client_make_path (const char *format,
           ...)
{
  GString *path = g_string_new (NULL);
  va_list args;

  va_start (args, format);
  for (const char *p = format; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 's')
        {
          const char *segment = va_arg (args, const char *);

          g_string_append_uri_escaped (path, segment, NULL, TRUE);
          p++;
        }
      else
        g_string_append_c (path, *p);
    }
  va_end (args);

  return g_string_free (path, FALSE);
}

GString *
sc_client_path_string (char *path)
{
  GString *string = g_string_new (path);

  g_free (path);
  return string;
}

/* Appends ?name=value or &name=value; nothing when @value is NULL. */
void
sc_client_add_query (GString    *path,
           const char *name,
           const char *value)
{
  if (value == NULL)
    return;
  g_string_append_c (path, strchr (path->str, '?') == NULL ? '?' : '&');
  g_string_append (path, name);
  g_string_append_c (path, '=');
  g_string_append_uri_escaped (path, value, NULL, TRUE);
}

ScClientCall *
sc_client_list_call_new (GString    *path,
                         guint       limit,
                         const char *cursor)
{
  g_autofree char *limit_text = limit > 0 ? g_strdup_printf ("%u", limit) : NULL;
  gboolean all = cursor == SC_CLIENT_ALL_PAGES;
  Call *call;

  sc_client_add_query (path, "limit", limit_text);
  sc_client_add_query (path, "cursor", all ? NULL : cursor);
  call = sc_client_call_new ("GET", g_string_free (path, FALSE), NULL, NULL, RESULT_PAGE);
  return all ? sc_client_call_follow_pages (call) : call;
}

/* --- pages --------------------------------------------------------------- */

static ScClientPage *
page_new (JsonArray  *items,
          const char *next_cursor)
{
  ScClientPage *page = g_new0 (ScClientPage, 1);

  g_atomic_ref_count_init (&page->ref_count);
  page->items = json_array_ref (items);
  page->next_cursor = g_strdup (next_cursor);
  return page;
}

ScClientPage *
sc_client_page_ref (ScClientPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);

  g_atomic_ref_count_inc (&page->ref_count);
  return page;
}

void
sc_client_page_unref (ScClientPage *page)
{
  g_return_if_fail (page != NULL);

  if (g_atomic_ref_count_dec (&page->ref_count))
    {
      json_array_unref (page->items);
      g_free (page->next_cursor);
      g_free (page);
    }
}

JsonArray *
sc_client_page_get_items (ScClientPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);
  return page->items;
}

guint
sc_client_page_get_n_items (ScClientPage *page)
{
  g_return_val_if_fail (page != NULL, 0);
  return json_array_get_length (page->items);
}

JsonObject *
sc_client_page_get_item (ScClientPage *page,
                         guint         index)
{
  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (index < json_array_get_length (page->items), NULL);
  return json_array_get_object_element (page->items, index);
}

const char *
sc_client_page_get_next_cursor (ScClientPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);
  return page->next_cursor;
}

/* --- errors -------------------------------------------------------------- */

/* "127.0.0.1:8080" or "stagecraft.example.com", for messages. */
static char *
server_name (ScClient *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (self->base_url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static char *
describe_certificate_errors (GTlsCertificateFlags  flags,
                             const char           *server)
{
  /* the most telling problem first: a user can act on "wrong host" or
   * "expired", "not trusted" is what everything else also implies */
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_strdup_printf (_("The certificate of %s was issued for another server name. "
                              "Check the address."), server);
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup_printf (_("The certificate of %s has expired."), server);
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup_printf (_("The certificate of %s is not valid yet. Check the clock of "
                              "this computer."), server);
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_strdup_printf (_("The certificate of %s has been revoked."), server);
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_strdup_printf (_("The certificate of %s uses an insecure algorithm."), server);
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup_printf (_("The certificate of %s is not signed by a trusted authority: "
                              "the server cannot prove its identity."), server);
  return g_strdup_printf (_("The certificate of %s is not valid."), server);
}

static GError *
error_for_transport (ScClient     *self,
                     Call         *call,
                     const GError *error)
{
  g_autofree char *server = server_name (self);
  g_autofree char *message = NULL;
  ScClientError code = SC_CLIENT_ERROR_NETWORK;

  if (call->tls_errors != 0)
    {
      code = SC_CLIENT_ERROR_TLS;
      message = describe_certificate_errors (call->tls_errors, server);
    }
  else if (error->domain == G_TLS_ERROR)
    {
      code = SC_CLIENT_ERROR_TLS;
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
        message = g_strdup_printf (_("%s does not speak HTTPS. Check the address."), server);
      else
        message = g_strdup_printf (_("A secure connection to %s could not be made: %s"),
                                   server, error->message);
    }
  else if (error->domain == G_RESOLVER_ERROR)
    message = g_strdup_printf (_("Cannot find the server %s. Check the address and the "
                                 "network connection."), server);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup_printf (_("%s did not answer in time."), server);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    message = g_strdup_printf (_("Cannot connect to %s: the connection was refused. "
                                 "Is the server running?"), server);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    message = g_strdup_printf (_("The connection to %s broke before its answer was complete. "
                                 "Try again."), server);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    message = g_strdup_printf (_("Cannot reach %s. Check the network connection."), server);
  else
    message = g_strdup_printf (_("Cannot reach %s: %s"), server, error->message);

  return sc_client_error_new_for_answer (code, 0, NULL, NULL, message);
}

static const char *
message_for_status (ScClientError code)
{
  switch (code)
    {
    case SC_CLIENT_ERROR_UNAUTHENTICATED:
      return _("The server did not accept the credentials. Sign in again.");
    case SC_CLIENT_ERROR_FORBIDDEN:
      return _("You are not allowed to do this.");
    case SC_CLIENT_ERROR_NOT_FOUND:
      return _("This no longer exists, or you may not see it.");
    case SC_CLIENT_ERROR_CONFLICT:
      return _("This conflicts with the current state on the server.");
    case SC_CLIENT_ERROR_PRECONDITION_FAILED:
      return _("Someone else changed this in the meantime. Reload it to see their changes.");
    case SC_CLIENT_ERROR_VALIDATION:
      return _("The server refused some of the values.");
    case SC_CLIENT_ERROR_PAYLOAD_TOO_LARGE:
      return _("This is too large to send to the server.");
    case SC_CLIENT_ERROR_BAD_REQUEST:
      return _("The server did not understand the request.");
    case SC_CLIENT_ERROR_NETWORK:
    case SC_CLIENT_ERROR_TLS:
    case SC_CLIENT_ERROR_SERVER:
    case SC_CLIENT_ERROR_PARSE:
    case SC_CLIENT_ERROR_INVALID_URL:
    case SC_CLIENT_ERROR_NO_CREDENTIALS:
    default:
      return _("The server could not complete the request. Try again later.");
    }
}

/* The error of a non-2xx answer: the server's sentence and details when
 * @node is our error body, else a sentence for the status. */
static GError *
error_for_answer (guint     status,
                  JsonNode *node)
{
  ScClientError code = sc_client_error_code_for_status (status);
  const char *message = NULL;
  const char *code_name = NULL;
  JsonObject *details = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *error = json_object_get_member (json_node_get_object (node), "error");

      if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
        {
          JsonObject *object = json_node_get_object (error);
          JsonNode *details_node = json_object_get_member (object, "details");

          message = sc_json_get_string (object, "message");
          code_name = sc_json_get_string (object, "code");
          if (details_node != NULL && JSON_NODE_HOLDS_OBJECT (details_node))
            details = json_node_get_object (details_node);
        }
    }

  if (message == NULL || *message == '\0')
    message = message_for_status (code);

  return sc_client_error_new_for_answer (code, status, code_name, details, message);
}

GError *
sc_client_parse_error (guint       status,
                       const char *what)
{
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("The server sent an answer Stagecraft cannot read (%s). "
                               "Check that the address is the one of a Stagecraft server."), what);

  return sc_client_error_new_for_answer (SC_CLIENT_ERROR_PARSE, status, NULL, NULL, message);
}

/* --- answers ------------------------------------------------------------- */

static gboolean
is_json_content_type (const char *content_type)
{
  if (content_type == NULL)
    return FALSE;
  return g_ascii_strcasecmp (content_type, "application/json") == 0 ||
         g_str_has_suffix (content_type, "+json");
}

/* What a call expecting @kind gets from an answer of @status whose body
 * parsed to @node (NULL when empty or unreadable: @failure, nullable, says
 * why): a JsonObject, an ScClientPage or TRUE (RESULT_NONE), or NULL and
 * @error. Nothing in the body is trusted to have the documented shape. */
static gpointer
result_for_answer (ScClientResultKind   kind,
                   guint                status,
                   JsonNode            *node,
                   const GError        *failure,
                   GError             **error)
{
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* an unreadable error body still is that error */
      g_propagate_error (error, error_for_answer (status, node));
      return NULL;
    }

  if (failure != NULL)
    {
      g_propagate_error (error, sc_client_parse_error (status, failure->message));
      return NULL;
    }

  switch (kind)
    {
    case RESULT_NONE:
      return GINT_TO_POINTER (TRUE);

    case RESULT_OBJECT:
      if (node == NULL)
        return json_object_new ();
      if (JSON_NODE_HOLDS_OBJECT (node))
        return json_object_ref (json_node_get_object (node));
      g_propagate_error (error, sc_client_parse_error (status, _("not an object")));
      return NULL;

    case RESULT_PAGE:
      {
        JsonObject *object;
        JsonNode *items, *cursor;
        JsonArray *array;

        if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
          {
            g_propagate_error (error, sc_client_parse_error (status, _("not a list")));
            return NULL;
          }
        object = json_node_get_object (node);
        items = json_object_get_member (object, "items");
        cursor = json_object_get_member (object, "next_cursor");
        if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
          {
            g_propagate_error (error, sc_client_parse_error (status, _("no items")));
            return NULL;
          }
        array = json_node_get_array (items);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
              {
                g_propagate_error (error, sc_client_parse_error (status, _("an item is not an object")));
                return NULL;
              }
          }
        if (cursor != NULL && !JSON_NODE_HOLDS_NULL (cursor) &&
            (!JSON_NODE_HOLDS_VALUE (cursor) || json_node_get_value_type (cursor) != G_TYPE_STRING))
          {
            g_propagate_error (error, sc_client_parse_error (status, _("a bad cursor")));
            return NULL;
          }

        return page_new (array, cursor != NULL && !JSON_NODE_HOLDS_NULL (cursor)
                                ? json_node_get_string (cursor) : NULL);
      }

    default:
      g_assert_not_reached ();
    }
}

void
sc_client_result_free (ScClientResultKind kind,
                       gpointer           result)
{
  if (result == NULL)
    return;
  if (kind == RESULT_OBJECT)
    json_object_unref (result);
  else if (kind == RESULT_PAGE)
    sc_client_page_unref (result);
}

static void
return_result (GTask    *task,
               gpointer  result,
               GError   *error)
{
  Call *call = g_task_get_task_data (task);

  if (result == NULL)
    g_task_return_error (task, error);
  else if (call->kind == RESULT_NONE)
    g_task_return_pointer (task, result, NULL); /* GINT_TO_POINTER (TRUE) */
  else if (call->kind == RESULT_OBJECT)
    g_task_return_pointer (task, result, (GDestroyNotify) json_object_unref);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sc_client_page_unref);
}

/* Called with the parsed body (NULL when empty or unreadable; @error says
 * which). */
static void
answer_parsed (GTask    *task,
               JsonNode *node,
               GError   *error)
{
  Call *call = g_task_get_task_data (task);
  GError *result_error = NULL;
  /* a 304 answered from the kept body reads as the 200 it stands for */
  guint status = call->not_modified ? SOUP_STATUS_OK : sc_soup ()->message_get_status (call->msg);
  gpointer result = result_for_answer (call->kind, status, node, error, &result_error);

  if (result != NULL && call->gathered != NULL)
    {
      ScClientPage *page = result;
      const char *cursor = sc_client_page_get_next_cursor (page);

      for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
        json_array_add_object_element (call->gathered,
                                       json_object_ref (sc_client_page_get_item (page, i)));
      call->n_pages++;
      /* a server whose cursors never end is not followed forever */
      if (cursor != NULL && call->n_pages < MAX_FOLLOWED_PAGES)
        {
          GString *path = g_string_new (call->first_path);

          sc_client_add_query (path, "cursor", cursor);
          g_free (call->path);
          call->path = g_string_free (path, FALSE);
          call->retried = FALSE;
          sc_client_page_unref (page);
          call_start (g_object_ref (task));
          return;
        }
      sc_client_page_unref (page);
      result = page_new (call->gathered, NULL);
    }

  return_result (task, result, result_error);
}

static JsonNode *
parse_bytes (GBytes  *bytes,
             GError **error)
{
  g_autoptr(GError) failure = NULL;
  const char *data = g_bytes_get_data (bytes, NULL);
  gsize size = g_bytes_get_size (bytes);
  JsonNode *node;

  /* what the check refuses, it says in words; the parser's scanner
   * positions are no use to the user */
  if (!sc_json_check_text (data, size, SC_JSON_MAX_ANSWER_DEPTH, error))
    return NULL;
  node = sc_json_parse (data, size, SC_JSON_MAX_ANSWER_DEPTH, &failure);
  if (node == NULL)
    {
      g_debug ("Unreadable JSON: %s", failure->message);
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("JSON that is broken or cut short"));
    }
  return node;
}

gpointer
sc_client_read_answer (ScClientResultKind   kind,
                       guint                status,
                       const char          *content_type,
                       GBytes              *bytes,
                       GError             **error)
{
  g_autoptr(GError) failure = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (g_bytes_get_size (bytes) == 0 || status == SOUP_STATUS_NO_CONTENT)
    ; /* nothing to read */
  else if (!is_json_content_type (content_type))
    failure = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” instead of JSON"),
                           content_type != NULL ? content_type : "?");
  else
    node = parse_bytes (bytes, &failure);

  return result_for_answer (kind, status, node, failure, error);
}

static void
parse_in_thread (GTask        *parse_task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *node = parse_bytes (task_data, &error);

  if (node == NULL)
    g_task_return_error (parse_task, error);
  else
    g_task_return_pointer (parse_task, node, (GDestroyNotify) json_node_unref);
}

static void
parsed_in_thread_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    answer_parsed (task, node, error);
}

static void
answer_read (GTask  *task,
             GBytes *bytes);

/* A cancelled call fails with @error as it is, any other with a sentence. */
static void
return_transport_failure (GTask  *task,
                          GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, error);
  else
    {
      g_task_return_error (task, error_for_transport (g_task_get_source_object (task),
                                                      g_task_get_task_data (task), error));
      g_error_free (error);
    }
}

static GError *
too_large_error (Call *call)
{
  g_autofree char *what = g_strdup_printf (_("an answer larger than %u MiB"),
                                           (guint) (MAX_BODY_SIZE / (1024 * 1024)));

  return sc_client_parse_error (sc_soup ()->message_get_status (call->msg), what);
}

static void download (GTask *task);
static void body_read_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data);

/* Reads the next piece of the body (@task: transfer full). */
static void
read_more (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (call->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), body_read_cb, task);
}

static void
body_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      call_clear_message (call);
      return_transport_failure (task, g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      GBytes *body = g_byte_array_free_to_bytes (g_steal_pointer (&call->received));

      g_input_stream_close_async (call->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&call->stream);
      answer_read (g_steal_pointer (&task), body);
      g_bytes_unref (body);
      return;
    }

  if (call->received->len + g_bytes_get_size (bytes) > MAX_BODY_SIZE)
    {
      GError *too_large = too_large_error (call);

      call_clear_message (call);
      g_task_return_error (task, too_large);
      return;
    }

  g_byte_array_append (call->received, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_more (g_steal_pointer (&task));
}

static void
validated_clear (ScClient *self)
{
  g_hash_table_remove_all (self->validated);
  self->validated_bytes = 0;
}

/* A GET's 200 with an ETag is kept; a 304 to its If-None-Match takes the
 * kept body in @bytes. */
static void
remember_validated (ScClient  *self,
                    Call      *call,
                    guint      status,
                    GBytes   **bytes)
{
  SoupMessageHeaders *headers = sc_soup ()->message_get_response_headers (call->msg);
  const char *etag = sc_soup ()->message_headers_get_one (headers, "ETag");
  Validated *validated;
  gsize size;

  call->not_modified = FALSE;
  if (g_strcmp0 (call->method, "GET") != 0)
    return;

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      validated = g_hash_table_lookup (self->validated, call->path);
      if (validated != NULL)
        {
          g_bytes_unref (*bytes);
          *bytes = g_bytes_ref (validated->body);
          call->not_modified = TRUE;
        }
      return;
    }

  size = g_bytes_get_size (*bytes);
  if (status != SOUP_STATUS_OK || etag == NULL || size == 0 ||
      !is_json_content_type (sc_soup ()->message_headers_get_content_type (headers, NULL)))
    {
      g_hash_table_remove (self->validated, call->path);
      return;
    }
  if (g_hash_table_size (self->validated) >= VALIDATED_MAX_ENTRIES ||
      self->validated_bytes + size > VALIDATED_MAX_BYTES)
    validated_clear (self);
  validated = g_new0 (Validated, 1);
  validated->etag = g_strdup (etag);
  validated->body = g_bytes_ref (*bytes);
  self->validated_bytes += size;
  g_hash_table_replace (self->validated, g_strdup (call->path), validated);
}

static void
download_spliced_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gssize written;

  written = g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  g_clear_object (&call->stream);
  if (written < 0)
    {
      call_clear_message (call);
      return_transport_failure (task, error);
      return;
    }
  ((ScClient *) g_task_get_source_object (task))->n_requests++;
  g_task_return_int (task, written);
}

/* A 200 of a download: its body into the call's sink, piece by piece. */
static void
download (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_output_stream_splice_async (call->sink, call->stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                download_spliced_cb, task);
}

/* The answer's head is there: read its body, at most MAX_BODY_SIZE. */
static void
call_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  SoupMessageHeaders *headers;

  stream = sc_soup ()->session_send_finish ((SoupSession *) source, result, &error);
  if (stream == NULL)
    {
      return_transport_failure (task, g_steal_pointer (&error));
      return;
    }

  call->stream = g_steal_pointer (&stream);
  headers = sc_soup ()->message_get_response_headers (call->msg);
  if (call->sink != NULL && sc_soup ()->message_get_status (call->msg) == SOUP_STATUS_OK &&
             g_strcmp0 (sc_soup ()->message_headers_get_content_type (headers, NULL), call->accept) == 0)
    {
      download (g_steal_pointer (&task));
      return;
    }
  if (sc_soup ()->message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
             sc_soup ()->message_headers_get_content_length (headers) > MAX_BODY_SIZE)
    {
      GError *too_large = too_large_error (call);

      call_clear_message (call);
      g_task_return_error (task, too_large);
      return;
    }

  call->received = g_byte_array_new ();
  read_more (g_steal_pointer (&task));
}

/* The whole body of the answer is in @bytes. */
static void
answer_read (GTask  *task_,
             GBytes *bytes_)
{
  g_autoptr(GTask) task = task_;
  /* ours: a 304 swaps in the kept body */
  g_autoptr(GBytes) bytes = g_bytes_ref (bytes_);
  Call *call = g_task_get_task_data (task);
  ScClient *self = g_task_get_source_object (task);
  const char *content_type;
  guint status;

  status = sc_soup ()->message_get_status (call->msg);
  self->n_requests++;
  if (status == SOUP_STATUS_NOT_MODIFIED)
    self->n_not_modified++;
  remember_validated (self, call, status, &bytes);

  /* an access token from an API key may have been revoked or have expired
   * early: get a new one and try once more */
  if (status == SOUP_STATUS_UNAUTHORIZED && call->needs_auth && !call->retried &&
      self->kind == CREDENTIALS_API_KEY)
    {
      call->retried = TRUE;
      if (g_strcmp0 (self->access_token, call->bearer) == 0)
        secret_clear (&self->access_token);
      g_debug ("%s %s: 401, renewing the access token", call->method, call->path);
      call_start (g_steal_pointer (&task));
      return;
    }

  if (g_bytes_get_size (bytes) == 0 || status == SOUP_STATUS_NO_CONTENT)
    {
      answer_parsed (task, NULL, NULL);
      return;
    }

  content_type = call->not_modified
    ? "application/json"
    : sc_soup ()->message_headers_get_content_type (sc_soup ()->message_get_response_headers (call->msg), NULL);
  if (!is_json_content_type (content_type))
    {
      g_autoptr(GError) type_error = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                  _("“%s” instead of JSON"),
                                                  content_type != NULL ? content_type : "?");
      answer_parsed (task, NULL, type_error);
      return;
    }

  if (g_bytes_get_size (bytes) > THREAD_PARSE_SIZE)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);
      g_autoptr(GTask) parse_task = g_task_new (NULL, cancellable, parsed_in_thread_cb,
                                                g_steal_pointer (&task));

      g_task_set_source_tag (parse_task, parse_in_thread);
      g_task_set_task_data (parse_task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
      g_task_run_in_thread (parse_task, parse_in_thread);
    }
  else
    {
      g_autoptr(GError) parse_failure = NULL;
      g_autoptr(JsonNode) node = parse_bytes (bytes, &parse_failure);

      answer_parsed (task, node, parse_failure);
    }
}

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Call *call = user_data;

  /* never accept: only remember why, for the message */
  call->tls_errors = errors;
  return FALSE;
}

static void
call_send (GTask      *task,
           const char *bearer)
{
  ScClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autofree char *text = g_strconcat (self->base_url, API_PREFIX, call->path, NULL);
  g_autoptr(GUri) uri = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  SoupMessageHeaders *headers;
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || scheme == NULL || g_uri_get_host (uri) == NULL ||
      *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_task_return_new_error (task, SC_CLIENT_ERROR, SC_CLIENT_ERROR_INVALID_URL,
                               _("“%s” is not a server address such as "
                                 "https://stagecraft.example.com."), self->base_url);
      g_object_unref (task);
      return;
    }

  call_clear_message (call);
  secret_clear (&call->bearer);
  call->tls_errors = 0;

  call->msg = sc_soup ()->message_new_from_uri (call->method, uri);
  headers = sc_soup ()->message_get_request_headers (call->msg);
  sc_soup ()->message_headers_replace (headers, "Accept",
                                       call->accept != NULL ? call->accept : "application/json");
  if (bearer != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", bearer, NULL);

      sc_soup ()->message_headers_replace (headers, "Authorization", value);
      call->bearer = g_strdup (bearer);
      explicit_bzero (value, strlen (value));
    }
  if (call->etag != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", call->etag);
      sc_soup ()->message_headers_replace (headers, "If-Match", quoted);
    }
  if (call->idempotency_key != NULL)
    {
      sc_soup ()->message_headers_replace (headers, "Idempotency-Key", call->idempotency_key);
      /* the key makes the request safe to send again: libsoup may then
       * send it on a kept-alive connection (it opens a new one, with its
       * TLS handshake, for every request it cannot resend) */
      sc_soup ()->message_add_flags (call->msg, SOUP_MESSAGE_IDEMPOTENT);
    }
  if (g_strcmp0 (call->method, "GET") == 0)
    {
      Validated *validated = g_hash_table_lookup (self->validated, call->path);

      if (validated != NULL)
        sc_soup ()->message_headers_replace (headers, "If-None-Match", validated->etag);
    }
  if (call->body != NULL)
    sc_soup ()->message_set_request_body_from_bytes (call->msg, call->content_type, call->body);

  g_signal_connect (call->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), call);

  sc_soup ()->session_send_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                                  g_task_get_cancellable (task), call_sent_cb, task);
}

/* --- access tokens from an API key --------------------------------------- */

static void start_exchange (ScClient *self);

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  ScClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  g_queue_remove (&self->waiters, task);
  g_clear_pointer (&call->cancel_source, g_source_unref);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
wait_for_token (ScClient *self,
                GTask    *task)
{
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable != NULL)
    {
      call->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb), task, NULL);
      g_source_attach (call->cancel_source, g_task_get_context (task));
    }

  g_queue_push_tail (&self->waiters, task);
  if (!self->exchanging)
    start_exchange (self);
}

#define MAX_EXPIRES_IN (366 * 24 * 3600)

gboolean
sc_client_read_token_answer (JsonObject  *object,
                             const char **access_token,
                             gint64      *expires_in,
                             GError     **error)
{
  const char *token = sc_json_get_string (object, "access_token");
  JsonNode *expires = json_object_get_member (object, "expires_in");

  *access_token = NULL;
  *expires_in = DEFAULT_EXPIRES_IN;

  if (token == NULL || *token == '\0')
    {
      g_propagate_error (error, sc_client_parse_error (SOUP_STATUS_OK, _("no access token")));
      return FALSE;
    }

  /* whatever the server says, a lifetime from none to a year: a huge one
   * would overflow the deadline in microseconds */
  if (expires != NULL && JSON_NODE_HOLDS_VALUE (expires) &&
      json_node_get_value_type (expires) == G_TYPE_INT64)
    *expires_in = CLAMP (json_node_get_int (expires), 0, MAX_EXPIRES_IN);

  *access_token = token;
  return TRUE;
}

static GList *
take_waiters (ScClient *self)
{
  GList *waiters = self->waiters.head;

  g_queue_init (&self->waiters);
  for (GList *l = waiters; l != NULL; l = l->next)
    call_drop_cancel_source (g_task_get_task_data (l->data));
  return waiters;
}

static void
exchange_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScClient *self = SC_CLIENT (source);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = g_task_propagate_pointer (G_TASK (result), &error);
  GList *waiters;

  self->exchanging = FALSE;
  waiters = take_waiters (self);

  if (generation != self->generation)
    {
      /* the credentials changed meanwhile: start over with the new ones */
      for (GList *l = waiters; l != NULL; l = l->next)
        call_start (l->data);
      g_list_free (waiters);
      return;
    }

  if (object != NULL)
    {
      const char *token;
      gint64 expires_in;

      if (sc_client_read_token_answer (object, &token, &expires_in, &error))
        {
          secret_clear (&self->access_token);
          self->access_token = g_strdup (token);
          self->access_expires_at = g_get_monotonic_time () + expires_in * G_USEC_PER_SEC;
        }
    }

  for (GList *l = waiters; l != NULL; l = l->next)
    {
      GTask *task = l->data;

      if (error != NULL)
        {
          g_task_return_error (task, g_error_copy (error));
          g_object_unref (task);
        }
      else
        call_send (task, self->access_token);
    }
  g_list_free (waiters);
}

static void
start_exchange (ScClient *self)
{
  g_autofree char *form = NULL;
  GTask *task;
  Call *call;

  g_assert (self->kind == CREDENTIALS_API_KEY);
  g_assert (!self->exchanging);

  self->exchanging = TRUE;
  self->n_exchanges++;

  form = sc_soup ()->form_encode ("grant_type", "client_credentials",
                                  "client_id", self->client_id,
                                  "client_secret", self->client_secret,
                                  NULL);
  call = sc_client_call_new ("POST", g_strdup ("/oauth/token"), NULL, NULL, RESULT_OBJECT);
  call->needs_auth = FALSE;
  call->content_type = "application/x-www-form-urlencoded";
  call->body = g_bytes_new_with_free_func (form, strlen (form),
                                          (GDestroyNotify) sc_client_secret_free, form);
  form = NULL;

  /* shared by every waiting call, so cancelled by none of them */
  task = g_task_new (self, NULL, exchange_done_cb, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, start_exchange);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  call_send (task, NULL);
}

/* Sends the call of @task (transfer full) with the right credentials,
 * getting an access token first when needed. */
static void
call_start (GTask *task)
{
  ScClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (!call->needs_auth)
    {
      call_send (task, NULL);
      return;
    }

  switch (self->kind)
    {
    case CREDENTIALS_NONE:
      g_task_return_new_error (task, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NO_CREDENTIALS,
                               _("Sign in first: this needs a token or an API key."));
      g_object_unref (task);
      return;

    case CREDENTIALS_TOKEN:
      call_send (task, self->token);
      return;

    case CREDENTIALS_API_KEY:
      if (self->access_token != NULL &&
          self->access_expires_at - g_get_monotonic_time () >= RENEW_MARGIN)
        call_send (task, self->access_token);
      else
        wait_for_token (self, task);
      return;

    default:
      g_assert_not_reached ();
    }
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

void
sc_client_start_call (ScClient            *self,
                      Call                *call,
                      gpointer             source_tag,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(Call) owned = call;
  GTask *task;

  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_steal_pointer (&owned), (GDestroyNotify) call_free);
  call_start (task);
}

GTask *
sc_client_task_for_finish (gpointer      source_object,
                           GAsyncResult *result,
                           gpointer      source_tag)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return G_TASK (result);
}

/* A JsonObject (RESULT_OBJECT) or an ScClientPage (RESULT_PAGE). */
gpointer
sc_client_finish_pointer (ScClient      *self,
                          GAsyncResult  *result,
                          gpointer       source_tag,
                          GError       **error)
{
  GTask *task = sc_client_task_for_finish (self, result, source_tag);

  return task != NULL ? g_task_propagate_pointer (task, error) : NULL;
}

/* RESULT_NONE: its result is GINT_TO_POINTER (TRUE). */
gboolean
sc_client_finish_none (ScClient      *self,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  return sc_client_finish_pointer (self, result, source_tag, error) != NULL;
}

/* --- object -------------------------------------------------------------- */

static void
set_base_url (ScClient   *self,
              const char *base_url)
{
  g_autofree char *url = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));
  gsize length = strlen (url);

  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';
  /* tolerate an address given with the API prefix */
  if (g_str_has_suffix (url, API_PREFIX))
    url[length - strlen (API_PREFIX)] = '\0';

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&url);
}

static void
reset_credentials (ScClient *self)
{
  self->kind = CREDENTIALS_NONE;
  self->generation++;
  secret_clear (&self->token);
  g_clear_pointer (&self->client_id, g_free);
  secret_clear (&self->client_secret);
  secret_clear (&self->access_token);
  self->access_expires_at = 0;
  /* what one account may see is not another's */
  if (self->validated != NULL)
    validated_clear (self);
}

static SoupSession *
new_session (GTlsDatabase *database)
{
  SoupSession *session;

  session = sc_soup ()->session_new_with_options ("timeout", SESSION_TIMEOUT,
                                                  "user-agent", "Stagecraft/" PACKAGE_VERSION,
                                                  "max-conns-per-host", MAX_CONNS_PER_HOST,
                                                  NULL);
  /* NULL keeps the system's trust store; verification is never turned off */
  if (database != NULL)
    sc_soup ()->session_set_tls_database (session, database);
  return session;
}

static void
sc_client_dispose (GObject *object)
{
  ScClient *self = (ScClient *)object;

  /* every call holds a reference: none is in flight here */
  g_assert (g_queue_is_empty (&self->waiters));

  if (self->session != NULL)
    sc_soup ()->session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (sc_client_parent_class)->dispose (object);
}

static void
sc_client_finalize (GObject *object)
{
  ScClient *self = (ScClient *)object;

  reset_credentials (self);
  g_free (self->base_url);
  g_clear_pointer (&self->validated, g_hash_table_unref);

  G_OBJECT_CLASS (sc_client_parent_class)->finalize (object);
}

static void
sc_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScClient *self = SC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScClient *self = SC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      set_base_url (self, g_value_get_string (value));
      break;

    case PROP_TLS_DATABASE:
      sc_client_set_tls_database (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_client_class_init (ScClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_client_dispose;
  object_class->finalize = sc_client_finalize;
  object_class->get_property = sc_client_get_property;
  object_class->set_property = sc_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_client_init (ScClient *self)
{
  self->base_url = g_strdup ("");
  self->session = new_session (NULL);
  g_queue_init (&self->waiters);
  self->validated = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) validated_free);
}

/* --- public API: setup ----------------------------------------------------- */

ScClient *
sc_client_new (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (SC_TYPE_CLIENT, "base-url", base_url, NULL);
}

const char *
sc_client_get_base_url (ScClient *self)
{
  g_return_val_if_fail (SC_IS_CLIENT (self), NULL);
  return self->base_url;
}

void
sc_client_set_tls_database (ScClient     *self,
                            GTlsDatabase *database)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  if (!g_set_object (&self->tls_database, database))
    return;

  /* a new session, so that no connection verified under the old trust is
   * reused; calls in flight finish on the old one */
  g_clear_object (&self->session);
  self->session = new_session (database);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_DATABASE]);
}

GTlsDatabase *
sc_client_get_tls_database (ScClient *self)
{
  g_return_val_if_fail (SC_IS_CLIENT (self), NULL);
  return self->tls_database;
}

void
sc_client_set_token (ScClient   *self,
                     const char *token)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (token != NULL);

  reset_credentials (self);
  self->kind = CREDENTIALS_TOKEN;
  self->token = g_strdup (token);
}

void
sc_client_set_api_key (ScClient   *self,
                       const char *client_id,
                       const char *client_secret)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (client_id != NULL);
  g_return_if_fail (client_secret != NULL);

  reset_credentials (self);
  self->kind = CREDENTIALS_API_KEY;
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
}

void
sc_client_clear_credentials (ScClient *self)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  reset_credentials (self);
}

gboolean
sc_client_has_credentials (ScClient *self)
{
  g_return_val_if_fail (SC_IS_CLIENT (self), FALSE);
  return self->kind != CREDENTIALS_NONE;
}

char *
sc_client_new_idempotency_key (void)
{
  return g_uuid_string_random ();
}

/* --- test hooks ------------------------------------------------------------ */

#if SC_ENABLE_TEST_HOOKS
void
sc_client_expire_access_token_for_testing (ScClient *self,
                                           int       seconds_left)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  self->access_expires_at = g_get_monotonic_time () + (gint64) seconds_left * G_USEC_PER_SEC;
}

char *
sc_client_dup_access_token_id_for_testing (ScClient *self)
{
  const char *underscore;

  g_return_val_if_fail (SC_IS_CLIENT (self), NULL);

  /* sca_<token id>_<secret>, the id itself tok_<20 chars> */
  if (self->access_token == NULL || !g_str_has_prefix (self->access_token, "sca_"))
    return NULL;
  underscore = strchr (self->access_token + strlen ("sca_tok_"), '_');
  if (underscore == NULL)
    return NULL;
  return g_strndup (self->access_token + 4, underscore - (self->access_token + 4));
}

guint
sc_client_get_n_token_exchanges_for_testing (ScClient *self)
{
  g_return_val_if_fail (SC_IS_CLIENT (self), 0);
  return self->n_exchanges;
}

void
sc_client_get_request_counts_for_testing (ScClient *self,
                                          guint    *requests,
                                          guint    *not_modified)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  *requests = self->n_requests;
  *not_modified = self->n_not_modified;
}
#endif
