/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A hostile server's answers → the client's parsing (src/client).
 *
 * Each input is an answer body. The first byte picks the status and the
 * Content-Type (so that the fuzzer reaches error bodies, 204s and wrong
 * types too); the rest is the body, read by sc_client_read_answer() as a
 * call expecting an object, a page and nothing would read it, and — when
 * it is a JSON object — by the token exchange. The properties:
 *   - every answer gives a result or an SC_CLIENT_ERROR with a message;
 *     never both, never neither;
 *   - a non-2xx status is always an error with that status, whatever the
 *     body; its field and rule lookups never fail on a body of the wrong
 *     shape;
 *   - a page's items are objects and its cursor a string or none;
 *   - a token's lifetime stays within [0, one year] whatever expires_in
 *     says (no overflow of the deadline). */

#include <string.h>

#include "sc-client-error.h"
#include "sc-client-private.h"
#include "sc-fuzz.h"

static const guint statuses[] = {
  200, 201, 204, 304, 400, 401, 403, 404, 409, 412, 413, 422, 429, 500, 502, 503,
};

static const char * const content_types[] = {
  "application/json", "application/problem+json", "text/html", NULL,
};

static void
check_answer (ScClientResultKind  kind,
              guint               status,
              const char         *content_type,
              GBytes             *bytes)
{
  g_autoptr(GError) error = NULL;
  gpointer result = sc_client_read_answer (kind, status, content_type, bytes, &error);

  g_assert_true ((result == NULL) != (error == NULL));
  if (result == NULL)
    {
      g_assert_true (error->domain == SC_CLIENT_ERROR);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (status < 200 || status >= 300)
        g_assert_cmpuint (sc_client_error_get_status (error), ==, status);
      /* what the app asks of an error, on whatever details came */
      (void) sc_client_error_get_code_name (error);
      (void) sc_client_error_get_details (error);
      (void) sc_client_error_get_field_reason (error, "name");
      (void) sc_client_error_has_rule (error, "frozen");
      return;
    }

  g_assert_true (status >= 200 && status < 300);
  if (kind == RESULT_PAGE)
    {
      ScClientPage *page = result;
      guint n = sc_client_page_get_n_items (page);
      JsonArray *items = sc_client_page_get_items (page);

      g_assert_cmpuint (json_array_get_length (items), ==, n);
      for (guint i = 0; i < n; i++)
        g_assert_nonnull (sc_client_page_get_item (page, i));
      (void) sc_client_page_get_next_cursor (page);
    }
  else if (kind == RESULT_OBJECT)
    {
      JsonObject *object = result;
      const char *token;
      gint64 expires_in;
      g_autoptr(GError) token_error = NULL;

      if (sc_client_read_token_answer (object, &token, &expires_in, &token_error))
        {
          g_assert_nonnull (token);
          g_assert_cmpstr (token, !=, "");
          g_assert_cmpint (expires_in, >=, 0);
          g_assert_cmpint (expires_in, <=, 366 * 24 * 3600);
        }
      else
        g_assert_true (g_error_matches (token_error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE));
    }

  sc_client_result_free (kind, result);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  guint status = 200;
  const char *content_type = "application/json";

  if (size > 0)
    {
      status = statuses[data[0] % G_N_ELEMENTS (statuses)];
      /* mostly JSON: the other types are a quick refusal */
      if (data[0] >= 0xc0)
        content_type = content_types[(data[0] >> 4) % G_N_ELEMENTS (content_types)];
      data++;
      size--;
    }

  bytes = g_bytes_new_static (data, size);
  check_answer (RESULT_OBJECT, status, content_type, bytes);
  check_answer (RESULT_PAGE, status, content_type, bytes);
  check_answer (RESULT_NONE, status, content_type, bytes);
  return 0;
}
