/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Request lines → the server's router, ids and query parsing (src/server).
 *
 * Each input is "METHOD TARGET", the start of an HTTP request line (the
 * method is everything before the first space). The target goes the way
 * libsoup 3.2 takes it before our handler runs — parsed as a URI relative
 * to http://127.0.0.1/, the path %-decoded once (400 when that fails or
 * makes a ".." segment), the query form-decoded — then, below /api/v1,
 * through the real route table (sc_server_route on the routes of
 * sc_server_new, no socket). The properties:
 *   - a path that a route takes has the route's shape: as many segments as
 *     the pattern, its literal segments equal to the path's, and each "*"
 *     gets the path's segment as it is, never decoded a second time,
 *     never empty, never holding a "/";
 *   - 404 and 405 are the only refusals;
 *   - a cursor or since value the server accepts is a number ≥ 0 whose own
 *     cursor decodes to it. */

#include <libsoup/soup.h>
#include <string.h>

#include "sc-request.h"
#include "sc-server.h"
#include "sc-fuzz.h"

#define API_PREFIX "/api/v1"

static ScServer *
get_server (void)
{
  static ScServer *server;

  if (server == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScStore) store = sc_store_open (":memory:", &error);
      g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();

      if (store == NULL)
        g_error ("cannot open an in-memory store: %s", error->message);
      server = sc_server_new (store, hierarchy);
    }
  return server;
}

/* the non-empty segments of @path, as the router cuts it */
static GStrv
segments_of (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static void
check_route (const char *method,
             const char *path)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) pattern_segments = NULL;
  g_auto(GStrv) path_segments = NULL;
  const char *pattern = NULL;
  guint status, n_params = 0;
  /* the router decodes what libsoup decoded already: a "%" left in the
   * path breaks it (issue 6, defect 2; tests/fuzz/known/router) */
  gboolean strict = !(sc_fuzz_skip_known_defects () && strchr (path, '%') != NULL);

  status = sc_server_route (get_server (), method, path, params, &pattern);
  if (status != 0)
    {
      g_assert_true (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_METHOD_NOT_ALLOWED);
      g_assert_cmpuint (params->len, ==, 0);
      return;
    }

  g_assert_nonnull (pattern);
  pattern_segments = segments_of (pattern);
  path_segments = segments_of (path);
  if (g_strv_length (pattern_segments) != g_strv_length (path_segments))
    {
      if (!strict)
        return;
      g_error ("%s %s took route %s, which has another number of segments", method, path, pattern);
    }

  for (guint i = 0; pattern_segments[i] != NULL; i++)
    {
      if (strcmp (pattern_segments[i], "*") != 0)
        {
          if (strcmp (pattern_segments[i], path_segments[i]) != 0 && strict)
            g_error ("%s %s took route %s: segment %u is “%s”", method, path, pattern, i,
                     path_segments[i]);
          continue;
        }

      g_assert_cmpuint (n_params, <, params->len);
      {
        const char *param = g_ptr_array_index (params, n_params++);

        g_assert_nonnull (param);
        g_assert_cmpstr (param, !=, "");
        if (!strict)
          continue;
        g_assert_null (strchr (param, '/'));
        if (strcmp (param, path_segments[i]) != 0)
          g_error ("%s %s took route %s: the id “%s” became “%s”", method, path, pattern,
                   path_segments[i], param);
      }
    }
  g_assert_cmpuint (n_params, ==, params->len);
}

static void
check_cursor (const char *text)
{
  g_autofree char *again = NULL;
  gint64 seq = -1, seq_again = -1;

  if (!sc_cursor_decode (text, 0, &seq))
    return;
  g_assert_cmpint (seq, >=, 0);
  /* list cursors start at 1: the same text, a higher bar */
  if (seq == 0)
    g_assert_false (sc_cursor_decode (text, 1, &seq_again));
  again = sc_request_encode_cursor (seq);
  g_assert_true (sc_cursor_decode (again, 0, &seq_again));
  g_assert_cmpint (seq_again, ==, seq);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *line = NULL;
  g_autofree char *decoded_path = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  const char *space, *target, *raw_path;
  g_autofree char *method = NULL;

  /* a request line is text up to the end of the line */
  if (memchr (data, '\0', size) != NULL || memchr (data, '\n', size) != NULL ||
      memchr (data, '\r', size) != NULL)
    return 0;
  line = g_strndup ((const char *) data, size);
  space = strchr (line, ' ');
  if (space == NULL)
    return 0;
  method = g_strndup (line, space - line);
  target = space + 1;

  /* what libsoup does before the handler: parse, decode the path once */
  base = g_uri_parse ("http://127.0.0.1/", SOUP_HTTP_URI_FLAGS, NULL);
  uri = g_uri_parse_relative (base, target, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return 0;
  if (g_uri_get_query (uri) != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      query = soup_form_decode (g_uri_get_query (uri));
      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        check_cursor (value);
    }
  raw_path = g_uri_get_path (uri);
  decoded_path = g_uri_unescape_string (raw_path, NULL);
  if (decoded_path == NULL || strstr (decoded_path, "/../") != NULL ||
      g_str_has_suffix (decoded_path, "/.."))
    return 0; /* libsoup answers 400 */

  /* every segment as a cursor too: ids and cursors are both opaque text */
  if (strlen (decoded_path) < 200)
    {
      g_auto(GStrv) segments = segments_of (decoded_path);

      for (guint i = 0; segments[i] != NULL; i++)
        check_cursor (segments[i]);
    }

  if (!g_str_has_prefix (decoded_path, API_PREFIX "/") && strcmp (decoded_path, API_PREFIX) != 0)
    return 0; /* 404 outside the API */
  check_route (method, decoded_path + strlen (API_PREFIX));
  return 0;
}
