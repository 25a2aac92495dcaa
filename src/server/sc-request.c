/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-json.h"
#include "sc-model.h"
#include "sc-rules.h"
#include "sc-request.h"
#include "sc-server.h"

const char *
sc_request_param (ScRequest *req,
                  guint      index)
{
  g_return_val_if_fail (req != NULL, NULL);
  g_return_val_if_fail (index < req->params->len, NULL);

  return g_ptr_array_index (req->params, index);
}

const char *
sc_request_get_query (ScRequest  *req,
                      const char *name)
{
  g_return_val_if_fail (req != NULL, NULL);

  return req->query != NULL ? g_hash_table_lookup (req->query, name) : NULL;
}

const char *
sc_request_get_header (ScRequest  *req,
                       const char *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);

  return soup_message_headers_get_one (headers, name);
}

JsonNode *
sc_request_body_node (ScRequest *req)
{
  SoupMessageBody *body;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (req != NULL, NULL);

  if (req->body_node != NULL)
    return req->body_node;

  body = soup_server_message_get_request_body (req->msg);
  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              _("The request needs a JSON object as its body."));
      return NULL;
    }

  root = sc_json_parse (data, length, SC_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              _("The body is not valid JSON: %s"), error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              _("The body must be a JSON object."));
      return NULL;
    }

  req->body_node = g_steal_pointer (&root);
  return req->body_node;
}

JsonObject *
sc_request_body (ScRequest *req)
{
  JsonNode *node = sc_request_body_node (req);

  return node != NULL ? json_node_get_object (node) : NULL;
}

/* Whether the If-Match / If-None-Match @header lists @etag (or is "*").
 * The list is parsed as RFC 9110 says (soup_header_parse_list: commas
 * inside quotes do not split). @strong: If-Match compares strongly, so a
 * weak tag (W/"…") never matches; If-None-Match compares weakly. A bare
 * tag without quotes is accepted too (HACKING.md). */
static gboolean
etag_matches (const char *header,
              const char *etag,
              gboolean    strong)
{
  GSList *list;
  gboolean found = FALSE;

  if (header == NULL || etag == NULL)
    return FALSE;

  list = soup_header_parse_list (header);
  for (GSList *l = list; l != NULL && !found; l = l->next)
    {
      const char *candidate = l->data;
      gsize length;

      if (strcmp (candidate, "*") == 0)
        {
          found = TRUE;
          break;
        }
      if (g_str_has_prefix (candidate, "W/"))
        {
          if (strong)
            continue;
          candidate += 2;
        }
      length = strlen (candidate);
      if (length >= 2 && candidate[0] == '"' && candidate[length - 1] == '"')
        found = length - 2 == strlen (etag) && strncmp (candidate + 1, etag, length - 2) == 0;
      else
        found = strcmp (candidate, etag) == 0;
    }
  soup_header_free_list (list);

  return found;
}

static void
clear_response_body (SoupServerMessage *msg)
{
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_headers_remove (soup_server_message_get_response_headers (msg), "Content-Type");
}

static void
finish_reply (ScRequest *req)
{
  req->replied = TRUE;
  if (req->paused)
    {
      req->paused = FALSE;
      soup_server_message_unpause (req->msg);
    }
}

static gboolean
save_idempotent (ScRequest   *req,
                 guint        status,
                 const char  *body,
                 GError     **error)
{
  if (req->idempotency_key == NULL || status >= 500)
    return TRUE;
  return sc_store_fault_point (req->store, "idempotency", error) &&
         sc_store_idempotency_save (req->store, req->user_id, req->idempotency_endpoint,
                                    req->idempotency_key, status, body, error);
}

/* Before an answer goes out: the transaction armed by
 * sc_request_commit_with_reply() commits with the answer's idempotency
 * record in it, so that a crash can never keep the work without the
 * record (a retry would do the work again) or the record without the work.
 * An answer that did no work (a refusal before any write) is remembered on
 * its own. Returns FALSE when the commit failed: the work is rolled back
 * and 500 answered instead. */
static gboolean
conclude (ScRequest  *req,
          guint       status,
          const char *body)
{
  g_autoptr(GError) error = NULL;

  if (!req->commit_on_reply)
    {
      if (!save_idempotent (req, status, body, &error))
        g_warning ("Cannot store an idempotent answer: %s", error->message);
      return TRUE;
    }

  req->commit_on_reply = FALSE;
  if (status >= 500)
    {
      sc_store_transaction_rollback (req->store);
      return TRUE;
    }
  if (save_idempotent (req, status, body, &error) &&
      sc_store_transaction_commit (req->store, &error))
    return TRUE;

  sc_store_transaction_rollback (req->store);
  sc_request_reply_store_error (req, error, NULL);
  return FALSE;
}

void
sc_request_commit_with_reply (ScRequest *req)
{
  g_return_if_fail (req != NULL);

  req->commit_on_reply = TRUE;
}

/* --- the reply cache (sc_request_reply_cached) ------------------------------ */

/* Every answer kept was built at one change stamp; the first request that
 * sees another stamp empties the cache, so nothing outlives a write. */
#define REPLY_CACHE_MAX_ENTRIES 512
#define REPLY_CACHE_MAX_BYTES (48 * 1024 * 1024)

typedef struct {
  guint64     stamp;
  GHashTable *entries; /* key → CachedReply */
  gsize       bytes;
} ReplyCache;

typedef struct {
  char   *etag;
  GBytes *body;
} CachedReply;

static void
cached_reply_free (CachedReply *reply)
{
  g_free (reply->etag);
  g_bytes_unref (reply->body);
  g_free (reply);
}

static void
reply_cache_free (ReplyCache *cache)
{
  g_hash_table_unref (cache->entries);
  g_free (cache);
}

static ReplyCache *
reply_cache_for (ScStore *store,
                 guint64  stamp)
{
  static GQuark quark;
  ReplyCache *cache;

  if (quark == 0)
    quark = g_quark_from_static_string ("sc-reply-cache");
  cache = g_object_get_qdata (G_OBJECT (store), quark);
  if (cache == NULL)
    {
      cache = g_new0 (ReplyCache, 1);
      cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) cached_reply_free);
      g_object_set_qdata_full (G_OBJECT (store), quark, cache, (GDestroyNotify) reply_cache_free);
    }
  if (cache->stamp != stamp)
    {
      g_hash_table_remove_all (cache->entries);
      cache->bytes = 0;
      cache->stamp = stamp;
    }
  return cache;
}

static void
reply_cache_keep (ScRequest  *req,
                  const char *etag,
                  const char *text)
{
  ReplyCache *cache;
  CachedReply *reply;
  gsize length = strlen (text);

  /* written while it was built: keep nothing */
  if (sc_store_get_change_stamp (req->store) != req->cache_stamp)
    return;
  cache = reply_cache_for (req->store, req->cache_stamp);
  if (g_hash_table_size (cache->entries) >= REPLY_CACHE_MAX_ENTRIES ||
      cache->bytes + length > REPLY_CACHE_MAX_BYTES)
    {
      g_hash_table_remove_all (cache->entries);
      cache->bytes = 0;
    }
  reply = g_new0 (CachedReply, 1);
  reply->etag = g_strdup (etag);
  reply->body = g_bytes_new (text, length);
  cache->bytes += length;
  g_hash_table_replace (cache->entries, g_steal_pointer (&req->cache_key), reply);
}

static void
reply_text (ScRequest  *req,
            guint       status,
            char       *text, /* transfer full */
            const char *etag)
{
  SoupMessageHeaders *headers;
  g_autofree char *computed = NULL;

  if (req->finished || req->replied)
    {
      g_free (text);
      return;
    }

  if (!conclude (req, status, text))
    {
      g_free (text);
      return;
    }
  headers = soup_server_message_get_response_headers (req->msg);

  if (strcmp (req->method, "GET") == 0 && status == SOUP_STATUS_OK)
    {
      g_autofree char *quoted = NULL;

      if (etag == NULL)
        etag = computed = g_compute_checksum_for_string (G_CHECKSUM_SHA1, text, -1);
      quoted = g_strdup_printf ("\"%s\"", etag);
      soup_message_headers_replace (headers, "ETag", quoted);
      if (req->cache_key != NULL)
        reply_cache_keep (req, etag, text);

      if (etag_matches (sc_request_get_header (req, "If-None-Match"), etag, FALSE))
        {
          g_free (text);
          clear_response_body (req->msg);
          soup_server_message_set_status (req->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          finish_reply (req);
          return;
        }
    }
  else if (etag != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", etag);
      soup_message_headers_replace (headers, "ETag", quoted);
    }

  /* a handler may have asked for more (no-store on tokens) */
  if (soup_message_headers_get_one (headers, "Cache-Control") == NULL)
    soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_server_message_set_status (req->msg, status, NULL);
  clear_response_body (req->msg);
  soup_server_message_set_response (req->msg, "application/json",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
  finish_reply (req);
}

gboolean
sc_request_reply_cached (ScRequest *req)
{
  SoupMessageHeaders *headers;
  CachedReply *reply;
  ReplyCache *cache;
  g_autofree char *quoted = NULL;
  GUri *uri;

  g_return_val_if_fail (req != NULL, FALSE);

  if (strcmp (req->method, "GET") != 0 || req->replied)
    return FALSE;

  uri = soup_server_message_get_uri (req->msg);
  g_clear_pointer (&req->cache_key, g_free);
  req->cache_key = g_strconcat (req->user_id != NULL ? req->user_id : "", "\n",
                                req->scope_org_id != NULL ? req->scope_org_id : "", "\n",
                                g_uri_get_path (uri), "?",
                                g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", NULL);
  req->cache_stamp = sc_store_get_change_stamp (req->store);
  cache = reply_cache_for (req->store, req->cache_stamp);
  reply = g_hash_table_lookup (cache->entries, req->cache_key);
  if (reply == NULL)
    return FALSE;

  g_clear_pointer (&req->cache_key, g_free);
  headers = soup_server_message_get_response_headers (req->msg);
  quoted = g_strdup_printf ("\"%s\"", reply->etag);
  soup_message_headers_replace (headers, "ETag", quoted);
  /* the error body preset for what libsoup answers on its own goes */
  clear_response_body (req->msg);
  if (etag_matches (sc_request_get_header (req, "If-None-Match"), reply->etag, FALSE))
    soup_server_message_set_status (req->msg, SOUP_STATUS_NOT_MODIFIED, NULL);
  else
    {
      soup_message_headers_replace (headers, "Cache-Control", "no-cache");
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (req->msg), reply->body);
    }
  finish_reply (req);
  return TRUE;
}

void
sc_request_reply_json (ScRequest  *req,
                       guint       status,
                       JsonNode   *node,
                       const char *etag)
{
  g_autoptr(JsonNode) owned = node;

  g_return_if_fail (req != NULL);
  g_return_if_fail (node != NULL);

  reply_text (req, status, sc_json_to_string (node), etag);
}

void
sc_request_reply_text (ScRequest  *req,
                       guint       status,
                       char       *text,
                       const char *etag)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (text != NULL);

  reply_text (req, status, text, etag);
}

void
sc_request_reply_object (ScRequest  *req,
                         guint       status,
                         JsonObject *object,
                         const char *etag)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  sc_request_reply_json (req, status, node, etag);
}

typedef struct {
  ScRequest     *req;
  ScStreamFunc   next;
  gpointer       user_data;
  GDestroyNotify destroy;
  gboolean       done;
  gulong         wrote_id;
  gulong         finished_id;
} Stream;

static void
stream_free (Stream *stream)
{
  if (stream->destroy != NULL)
    stream->destroy (stream->user_data);
  sc_request_unref (stream->req);
  g_free (stream);
}

/* Appends the next chunk (or ends the body) of @stream. */
static void
stream_pump (Stream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->req->msg);
  g_autoptr(GError) error = NULL;
  GString *chunk;
  gsize length;

  if (stream->done)
    return;

  chunk = g_string_new (NULL);
  stream->done = !stream->next (stream->req, chunk, stream->user_data, &error);
  if (error != NULL)
    {
      GSocket *socket = soup_server_message_get_socket (stream->req->msg);

      g_warning ("%s %s: the answer is cut short: %s", stream->req->method, stream->req->path,
                 error->message);
      g_string_free (chunk, TRUE);
      stream->done = TRUE;
      /* nothing more goes out, the last chunk included: the write of the
       * end fails, which finishes the message (and frees @stream) */
      if (socket != NULL)
        g_socket_shutdown (socket, FALSE, TRUE, NULL);
      soup_message_body_complete (body);
      return;
    }
  length = chunk->len;
  if (length > 0)
    soup_message_body_append_take (body, (guchar *) g_string_free (chunk, FALSE), length);
  else
    g_string_free (chunk, TRUE);
  if (stream->done)
    soup_message_body_complete (body);
}

static void
stream_wrote_chunk_cb (SoupServerMessage *msg,
                       guint              size,
                       Stream            *stream)
{
  stream_pump (stream);
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    Stream            *stream)
{
  g_signal_handler_disconnect (msg, stream->wrote_id);
  g_signal_handler_disconnect (msg, stream->finished_id);
  stream_free (stream);
}

void
sc_request_reply_stream (ScRequest     *req,
                         const char    *content_type,
                         ScStreamFunc   next,
                         gpointer       user_data,
                         GDestroyNotify destroy)
{
  SoupMessageHeaders *headers;
  Stream *stream;

  g_return_if_fail (req != NULL);
  g_return_if_fail (next != NULL);

  if (req->finished || req->replied || !conclude (req, SOUP_STATUS_OK, ""))
    {
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  clear_response_body (req->msg);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Content-Type", content_type);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);

  stream = g_new0 (Stream, 1);
  stream->req = sc_request_ref (req);
  stream->next = next;
  stream->user_data = user_data;
  stream->destroy = destroy;
  stream->wrote_id = g_signal_connect (req->msg, "wrote-chunk",
                                       G_CALLBACK (stream_wrote_chunk_cb), stream);
  stream->finished_id = g_signal_connect (req->msg, "finished",
                                          G_CALLBACK (stream_finished_cb), stream);
  stream_pump (stream);
  finish_reply (req);
}

void
sc_request_reply_empty (ScRequest *req,
                        guint      status)
{
  g_return_if_fail (req != NULL);

  if (req->finished || req->replied)
    return;
  if (!conclude (req, status, ""))
    return;
  clear_response_body (req->msg);
  soup_server_message_set_status (req->msg, status, NULL);
  finish_reply (req);
}

void
sc_request_preset_error_body (SoupServerMessage *msg)
{
  static const char text[] =
    "{\"error\":{\"code\":\"bad_request\",\"message\":\"The server could not read this "
    "HTTP request.\",\"details\":{}}}";

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    text, sizeof text - 1);
}

void
sc_request_reply_error (ScRequest  *req,
                        guint       status,
                        const char *code,
                        JsonNode   *details,
                        const char *format,
                        ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (req != NULL);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "details");
  if (details != NULL)
    json_builder_add_value (builder, details);
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                  "WWW-Authenticate", "Bearer realm=\"stagecraft\"");

  sc_request_reply_json (req, status, json_builder_get_root (builder), NULL);
}

void
sc_request_reply_violations (ScRequest *req,
                             GPtrArray *violations)
{
  const char *first = sc_violations_first_reason (violations);

  sc_request_reply_error (req, 422, "validation_failed",
                          sc_violations_to_details (violations),
                          "%s", first != NULL ? first : _("The request is not valid."));
}

void
sc_request_reply_bad_type (ScRequest    *req,
                           const GError *error)
{
  sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, "%s", error->message);
}

void
sc_request_reply_not_found (ScRequest  *req,
                            const char *what)
{
  sc_request_reply_error (req, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                          _("%s not found, or you may not see it."), what);
}

void
sc_request_reply_store_error (ScRequest    *req,
                              const GError *error,
                              const char   *what)
{
  if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_BUSY))
    {
      /* the dispatcher runs the request again (sc-server.c); this answer
       * stands only when it gave up */
      sc_store_transaction_rollback (req->store);
      req->busy = TRUE;
      sc_request_reply_error (req, SOUP_STATUS_SERVICE_UNAVAILABLE, "busy", NULL,
                              _("The server is busy. Try again."));
    }
  else if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_CHANGED))
    sc_request_reply_error (req, SOUP_STATUS_PRECONDITION_FAILED, "precondition_failed", NULL,
                            _("Someone else changed this since you loaded it. Reload to see their changes."));
  else if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
    sc_request_reply_not_found (req, what);
  else if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_CONSTRAINT))
    sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", NULL,
                            _("This conflicts with something that already exists."));
  else
    {
      g_warning ("%s %s failed: %s", req->method, req->path, error->message);
      sc_request_reply_error (req, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                              _("The server could not complete the request. Try again later."));
    }
}

gboolean
sc_request_check_if_match (ScRequest  *req,
                           const char *etag)
{
  const char *header = sc_request_get_header (req, "If-Match");

  if (header == NULL)
    {
      sc_request_reply_error (req, SOUP_STATUS_PRECONDITION_FAILED, "precondition_failed", NULL,
                              _("Changes need an If-Match header with the etag you last read."));
      return FALSE;
    }
  if (!etag_matches (header, etag, TRUE))
    {
      sc_request_reply_error (req, SOUP_STATUS_PRECONDITION_FAILED, "precondition_failed", NULL,
                              _("Someone else changed this since you loaded it. Reload to see their changes."));
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_request_get_page (ScRequest *req,
                     guint     *limit,
                     gint64    *cursor)
{
  const char *limit_text = sc_request_get_query (req, "limit");
  const char *cursor_text = sc_request_get_query (req, "cursor");
  guint64 value;

  *limit = 100;
  *cursor = 0;

  if (limit_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (limit_text, 10, 1, 500, &value, NULL))
        {
          sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                                  _("“limit” must be a whole number from 1 to 500."));
          return FALSE;
        }
      *limit = value;
    }

  if (cursor_text != NULL && !sc_cursor_decode (cursor_text, 1, cursor))
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              _("The cursor is not one this server gave out."));
      return FALSE;
    }

  return TRUE;
}

gboolean
sc_cursor_decode (const char *text,
                  gint64      min,
                  gint64     *seq)
{
  g_autofree char *padded = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *digits = NULL;
  gsize length = strlen (text);
  gsize decoded_length = 0;
  guint64 value;

  if (length == 0 || length >= 40)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  padded = g_strnfill (length + (4 - length % 4) % 4, '=');
  memcpy (padded, text, length);
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  decoded = g_base64_decode (padded, &decoded_length);
  digits = g_strndup ((const char *) decoded, decoded_length);
  if (!g_ascii_string_to_unsigned (digits, 10, min, G_MAXINT64, &value, NULL))
    return FALSE;

  *seq = value;
  return TRUE;
}

char *
sc_request_encode_cursor (gint64 seq)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_autofree char *b64 = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_strdup (b64);
}

JsonNode *
sc_page_new (JsonArray  *items,
             const char *next_cursor)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_array_member (object, "items", items);
  if (next_cursor != NULL)
    json_object_set_string_member (object, "next_cursor", next_cursor);
  else
    json_object_set_null_member (object, "next_cursor");
  json_node_take_object (node, object);
  return node;
}

gboolean
sc_request_begin (ScRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!sc_store_transaction_begin (req->store, &error))
    {
      sc_request_reply_store_error (req, error, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_request_commit (ScRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!sc_store_transaction_commit (req->store, &error))
    {
      sc_request_reply_store_error (req, error, NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_request_begin_until_reply (ScRequest *req)
{
  if (!sc_request_begin (req))
    return FALSE;
  sc_request_commit_with_reply (req);
  return TRUE;
}

void
sc_request_rollback (ScRequest    *req,
                     const GError *error,
                     const char   *what)
{
  req->commit_on_reply = FALSE;
  sc_store_transaction_rollback (req->store);
  if (error != NULL)
    sc_request_reply_store_error (req, error, what);
}

void
sc_request_reply_page (ScRequest *req,
                       JsonArray *items,
                       gint64     next_seq)
{
  g_autofree char *cursor = next_seq > 0 ? sc_request_encode_cursor (next_seq) : NULL;

  sc_request_reply_json (req, SOUP_STATUS_OK, sc_page_new (items, cursor), NULL);
}

ScRole
sc_request_role (ScRequest  *req,
                 const char *org_id)
{
  g_autoptr(GError) error = NULL;
  ScRole role;

  if (req->user_id == NULL || org_id == NULL)
    return SC_ROLE_NONE;
  if (req->scope_org_id != NULL && strcmp (req->scope_org_id, org_id) != 0)
    return SC_ROLE_NONE;

  role = sc_store_get_role (req->store, req->user_id, org_id, &error);
  if (error != NULL)
    g_warning ("Role lookup failed: %s", error->message);
  return role;
}

gboolean
sc_request_require_member (ScRequest  *req,
                           const char *org_id,
                           ScRole     *role_out)
{
  ScRole role = sc_request_role (req, org_id);

  if (role == SC_ROLE_NONE)
    {
      sc_request_reply_not_found (req, _("Organization"));
      return FALSE;
    }
  if (role_out != NULL)
    *role_out = role;
  return TRUE;
}

gboolean
sc_request_require_role (ScRequest  *req,
                         const char *org_id,
                         ScRole      min_role)
{
  ScRole role;

  if (!sc_request_require_member (req, org_id, &role))
    return FALSE;
  if (role < min_role)
    {
      if (min_role == SC_ROLE_ADMIN)
        sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                                _("Only administrators of this organization may do this."));
      else
        sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                                _("Your role in this organization (%s) does not allow this."),
                                sc_role_to_string (role));
      return FALSE;
    }
  return TRUE;
}

ScPermission
sc_request_resource_permission (ScRequest    *req,
                                gboolean      is_connection,
                                const char   *resource_id,
                                ScPermission  min,
                                char        **org_id_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *owner_id = NULL;
  ScPermission general_access, grant, permission;
  const char *what = is_connection ? _("Connection") : _("Workflow");
  ScRole role;

  if (!sc_store_get_access_facts (req->store, is_connection, resource_id, req->user_id,
                                  &org_id, &owner_id, &general_access, &grant, &error))
    {
      if (min != SC_PERMISSION_NONE)
        sc_request_reply_store_error (req, error, what);
      return SC_PERMISSION_NONE;
    }

  role = sc_request_role (req, org_id);
  permission = sc_rules_resolve_permission (g_strcmp0 (owner_id, req->user_id) == 0 && role != SC_ROLE_NONE,
                                            role, general_access, grant);

  /* A workflow nobody shared with the caller is invisible; connections are
   * listed to every member of their org, so there it is a refusal. */
  if (min != SC_PERMISSION_NONE && permission == SC_PERMISSION_NONE &&
      !(is_connection && role != SC_ROLE_NONE))
    {
      sc_request_reply_not_found (req, what);
      return SC_PERMISSION_NONE;
    }
  if (min != SC_PERMISSION_NONE && permission < min)
    {
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              is_connection
                              ? _("You need the “manage” permission on this connection.")
                              : (min == SC_PERMISSION_MANAGE
                                 ? _("You need the “manage” permission on this workflow.")
                                 : _("You may not do this with this workflow.")));
      return SC_PERMISSION_NONE;
    }

  if (org_id_out != NULL)
    *org_id_out = g_steal_pointer (&org_id);
  return permission;
}

gboolean
sc_request_replay_idempotent (ScRequest  *req,
                              const char *endpoint)
{
  const char *key = sc_request_get_header (req, "Idempotency-Key");
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  if (key == NULL)
    return FALSE;

  if (*key == '\0' || strlen (key) > 200)
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              _("“Idempotency-Key” must have 1 to 200 characters."));
      return TRUE;
    }

  if (sc_store_idempotency_lookup (req->store, req->user_id, endpoint, key, &status, &body, &error))
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

      soup_message_headers_replace (headers, "Idempotent-Replayed", "true");
      clear_response_body (req->msg);
      soup_server_message_set_status (req->msg, status, NULL);
      if (*body != '\0')
        {
          gsize length = strlen (body);
          soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE,
                                            g_steal_pointer (&body), length);
        }
      finish_reply (req);
      return TRUE;
    }
  if (error != NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return TRUE;
    }

  req->idempotency_endpoint = g_strdup (endpoint);
  req->idempotency_key = g_strdup (key);
  return FALSE;
}

ScRequest *
sc_request_ref (ScRequest *req)
{
  g_return_val_if_fail (req != NULL, NULL);

  g_atomic_int_inc (&req->ref_count);
  return req;
}

void
sc_request_unref (ScRequest *req)
{
  g_return_if_fail (req != NULL);

  if (!g_atomic_int_dec_and_test (&req->ref_count))
    return;

  if (req->finished_id != 0)
    g_signal_handler_disconnect (req->msg, req->finished_id);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->path, g_free);
  g_clear_pointer (&req->params, g_ptr_array_unref);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->user, json_object_unref);
  g_clear_pointer (&req->token_id, g_free);
  g_clear_pointer (&req->scope_org_id, g_free);
  g_clear_pointer (&req->idempotency_endpoint, g_free);
  g_clear_pointer (&req->idempotency_key, g_free);
  g_clear_pointer (&req->body_node, json_node_unref);
  g_clear_pointer (&req->cache_key, g_free);
  g_free (req);
}

static void
message_finished_cb (SoupServerMessage *msg,
                     ScRequest         *req)
{
  req->finished = TRUE;
}

void
sc_request_pause (ScRequest *req)
{
  g_return_if_fail (req != NULL);
  g_return_if_fail (!req->replied);

  req->paused = TRUE;
  if (req->finished_id == 0)
    req->finished_id = g_signal_connect (req->msg, "finished",
                                         G_CALLBACK (message_finished_cb), req);
  soup_server_message_pause (req->msg);
}

void
sc_request_events_added (ScRequest *req)
{
  g_return_if_fail (req != NULL);
  sc_server_events_added (req->server);
}

void
sc_request_schedules_changed (ScRequest *req)
{
  g_return_if_fail (req != NULL);
  sc_server_schedules_changed (req->server);
}
