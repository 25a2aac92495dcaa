/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-json.h"

/* The four hex digits of a \u escape at @p (within @end), or -1. */
static int
read_hex4 (const char *p,
           const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

gboolean
sc_json_check_text (const char  *data,
                    gssize       length,
                    guint        max_depth,
                    GError     **error)
{
  const char *p, *end;
  gboolean in_string = FALSE;
  gboolean in_scalar = FALSE;  /* inside a number or literal at the top */
  guint n_values = 0;          /* values begun at the top */
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length < 0)
    length = strlen (data);
  end = data + length;

  for (p = data; p < end; p++)
    {
      if (in_string)
        {
          int code, low;

          if (*p == '"')
            in_string = FALSE;
          /* JSON wants them escaped; json-glib would let them through */
          if ((guchar) *p < 0x20)
            {
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("Strings may not contain raw control characters."));
              return FALSE;
            }
          if (*p != '\\')
            continue;
          if (++p == end)
            break;
          if (*p != 'u')
            continue;
          code = read_hex4 (p + 1, end);
          /* json-glib 1.6 leaks on some malformed \u escapes ("\udb\"…"),
           * so they are refused here rather than left to the parser */
          if (code < 0)
            {
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("A string holds a \\u escape without four hex digits."));
              return FALSE;
            }
          p += 4;
          if (code == 0)
            {
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("Strings may not contain U+0000."));
              return FALSE;
            }
          if (code >= 0xdc00 && code <= 0xdfff)
            {
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("A string holds half of a UTF-16 surrogate pair."));
              return FALSE;
            }
          if (code >= 0xd800 && code <= 0xdbff)
            {
              low = end - p > 2 && p[1] == '\\' && p[2] == 'u' ? read_hex4 (p + 3, end) : -1;
              if (low < 0xdc00 || low > 0xdfff)
                {
                  g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                       _("A string holds half of a UTF-16 surrogate pair."));
                  return FALSE;
                }
              p += 6;
            }
          continue;
        }

      /* outside strings JSON has only structure, numbers and the three
       * literals; json-glib 1.6 leaks on some other words ("A{}") */
      if (*p == '\0' || strchr (" \t\r\n{}[],:\"-+.0123456789eEtrufalsn", *p) == NULL)
        {
          g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                               _("The text is not JSON."));
          return FALSE;
        }

      /* a second value at the top ("{}{}", "0{}"): json-glib 1.6 takes the
       * first and leaks the rest, so the text is refused here */
      if (depth == 0)
        {
          gboolean starts_value = *p == '"' || *p == '[' || *p == '{' ||
                                  (!in_scalar && strchr ("-0123456789tfn", *p) != NULL);

          in_scalar = starts_value ? *p != '"' && *p != '[' && *p != '{'
                                   : in_scalar && strchr (" \t\r\n", *p) == NULL;
          if (starts_value && n_values++ > 0)
            {
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("The text holds more than one JSON value."));
              return FALSE;
            }
        }

      switch (*p)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("Arrays and objects are nested more than %u deep."), max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          /* unbalanced text is the parser's to report */
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

JsonNode *
sc_json_parse (const char  *data,
               gssize       length,
               guint        max_depth,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!sc_json_check_text (data, length, max_depth, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The document is empty."));
      return NULL;
    }
  return json_node_ref (root);
}

char *
sc_json_to_string (JsonNode *node)
{
  g_autofree char *text = NULL;
  GString *out;
  const char *p;

  g_return_val_if_fail (node != NULL, NULL);

  text = json_to_string (node, FALSE);
  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }

  for (p = text; *p != '\0' && (guchar) *p >= 0x20; p++)
    ;
  if (*p == '\0')
    return g_steal_pointer (&text);

  /* Compact output has no whitespace between tokens: a control character
   * can only be inside a string, where it must be escaped. */
  out = g_string_sized_new (strlen (text) + 16);
  for (p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* --- readers ---------------------------------------------------------------- */

/* @object may be NULL, so that lookups chain: get_string (get_object (o, "a"), "b") */
JsonNode *
sc_json_get_member (JsonObject *object,
                    const char *member)
{
  if (object == NULL)
    return NULL;
  return json_object_get_member (object, member);
}

const char *
sc_json_get_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
sc_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
sc_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

gint64
sc_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      fallback)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

gboolean
sc_json_get_bool (JsonObject *object,
                  const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}
