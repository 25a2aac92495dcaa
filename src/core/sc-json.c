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

enum {
  ESCAPE_NO_HEX = -1,
  ESCAPE_NUL = -2,
  ESCAPE_HALF_SURROGATE = -3,
};

/* The \u escape at *@p (its "u"): the code point it stands for, a UTF-16
 * surrogate pair read as one, with *@p moved to its last hex digit; or
 * ESCAPE_*, which json-glib cannot represent faithfully (U+0000 cuts its
 * strings, a lone surrogate is not UTF-8) or leaks on (no hex digits). */
static int
read_u_escape (const char **p,
               const char  *end)
{
  const char *q = *p;
  int code = read_hex4 (q + 1, end);
  int low;

  if (code < 0)
    return ESCAPE_NO_HEX;
  q += 4;
  if (code == 0)
    return ESCAPE_NUL;
  if (code >= 0xdc00 && code <= 0xdfff)
    return ESCAPE_HALF_SURROGATE;
  if (code >= 0xd800 && code <= 0xdbff)
    {
      low = end - q > 2 && q[1] == '\\' && q[2] == 'u' ? read_hex4 (q + 3, end) : -1;
      if (low < 0xdc00 || low > 0xdfff)
        return ESCAPE_HALF_SURROGATE;
      q += 6;
      code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
    }
  *p = q;
  return code;
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
          /* json-glib 1.6 leaks on some malformed \u escapes ("\udb\"…"),
           * so they are refused here rather than left to the parser */
          switch (read_u_escape (&p, end))
            {
            case ESCAPE_NO_HEX:
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("A string holds a \\u escape without four hex digits."));
              return FALSE;
            case ESCAPE_NUL:
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("Strings may not contain U+0000."));
              return FALSE;
            case ESCAPE_HALF_SURROGATE:
              g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                                   _("A string holds half of a UTF-16 surrogate pair."));
              return FALSE;
            default:
              break;
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

/* --- reading text in place --------------------------------------------------- */

/* Each scan_*() reads one token or value starting at @p and returns the
 * byte after it, or NULL when the text there is not strictly JSON. */
static const char *
scan_string (const char *p,
             const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '"')
        return p + 1;
      if ((guchar) *p < 0x20)
        return NULL;
      if (*p != '\\')
        continue;
      if (++p == end)
        return NULL;
      switch (*p)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          break;
        case 'u':
          if (read_u_escape (&p, end) < 0)
            return NULL;
          break;
        default:
          return NULL;
        }
    }
  return NULL;
}

static const char *
scan_digits (const char *p,
             const char *end)
{
  if (p == end || !g_ascii_isdigit (*p))
    return NULL;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p;
}

static const char *
scan_number (const char *p,
             const char *end)
{
  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (p == end || *p < '1' || *p > '9' || (p = scan_digits (p, end)) == NULL)
    return NULL;
  if (p < end && *p == '.' && (p = scan_digits (p + 1, end)) == NULL)
    return NULL;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      p = scan_digits (p, end);
    }
  return p;
}

static const char *
scan_literal (const char *p,
              const char *end,
              const char *word)
{
  gsize length = strlen (word);

  return (gsize) (end - p) >= length && memcmp (p, word, length) == 0 ? p + length : NULL;
}

static const char *scan_value (const char *p,
                               const char *end,
                               guint       depth,
                               guint       max_depth,
                               ScJsonSpan *spans,
                               guint       n_spans);

/* An object (with @spans, the top one, whose members are looked for) or
 * an array at @p; @depth counts it. */
static const char *
scan_container (const char *p,
                const char *end,
                guint       depth,
                guint       max_depth,
                ScJsonSpan *spans,
                guint       n_spans)
{
  gboolean object = *p == '{';
  char close = object ? '}' : ']';

  if (depth > max_depth)
    return NULL;
  if (++p < end && *p == close)
    return p + 1;
  for (;;)
    {
      const char *name = p, *value;

      if (object)
        {
          if (p == end || *p != '"' || (p = scan_string (p, end)) == NULL || p == end || *p != ':')
            return NULL;
          p++;
        }
      value = p;
      if ((p = scan_value (p, end, depth, max_depth, NULL, 0)) == NULL || p == end)
        return NULL;

      for (guint i = 0; object && i < n_spans; i++)
        {
          gsize name_length = value - 1 - name;
          g_autofree char *unescaped = NULL;

          /* a name written with escapes is compared as it reads */
          if (memchr (name, '\\', name_length) != NULL)
            unescaped = sc_json_string_value (name, name_length);
          if (unescaped != NULL ? strcmp (unescaped, spans[i].name) == 0
                                : name_length == strlen (spans[i].name) + 2 &&
                                  memcmp (name + 1, spans[i].name, name_length - 2) == 0)
            {
              spans[i].value = value;
              spans[i].length = p - value;
            }
        }

      if (*p == close)
        return p + 1;
      if (*p++ != ',')
        return NULL;
    }
}

static const char *
scan_value (const char *p,
            const char *end,
            guint       depth,
            guint       max_depth,
            ScJsonSpan *spans,
            guint       n_spans)
{
  if (p == end)
    return NULL;
  switch (*p)
    {
    case '"':
      return scan_string (p, end);
    case '{':
    case '[':
      return scan_container (p, end, depth + 1, max_depth, spans, n_spans);
    case 't':
      return scan_literal (p, end, "true");
    case 'f':
      return scan_literal (p, end, "false");
    case 'n':
      return scan_literal (p, end, "null");
    default:
      return scan_number (p, end);
    }
}

gboolean
sc_json_object_spans (const char *text,
                      gssize      length,
                      guint       max_depth,
                      ScJsonSpan *spans,
                      guint       n_spans)
{
  const char *end;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (spans != NULL || n_spans == 0, FALSE);

  if (length < 0)
    length = strlen (text);
  end = text + length;
  for (guint i = 0; i < n_spans; i++)
    {
      spans[i].value = NULL;
      spans[i].length = 0;
    }

  if (length == 0 || *text != '{' || !g_utf8_validate (text, length, NULL) ||
      scan_value (text, end, 0, max_depth, spans, n_spans) != end)
    {
      for (guint i = 0; i < n_spans; i++)
        spans[i].value = NULL;
      return FALSE;
    }
  return TRUE;
}

char *
sc_json_string_value (const char *text,
                      gsize       length)
{
  const char *end = text + length;
  const char *p;
  GString *out;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 2 || *text != '"' || scan_string (text, end) != end)
    return NULL;

  out = g_string_sized_new (length);
  for (p = text + 1; p < end - 1; p++)
    {
      const char *run = p;

      while (p < end - 1 && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      if (p == end - 1)
        break;
      switch (*++p)
        {
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          /* checked by scan_string () above */
          g_string_append_unichar (out, read_u_escape (&p, end));
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }

  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
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

/* Compact JSON as json-glib writes it (members in insertion order, no
 * whitespace), written straight from the tree: json_to_string () makes a
 * JsonGenerator and deep-copies the tree into it first, which cost more
 * than the rest of writing a promotion's rows. Control characters are
 * escaped, U+001F included (json-glib writes that one raw). */
void
sc_json_write_string (GString    *out,
                      const char *text)
{
  const char *run = text;
  const char *p;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default: escape = NULL; break;
        }
      if (escape != NULL)
        g_string_append (out, escape);
      else
        g_string_append_printf (out, "\\u%04x", c);
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append_c (out, ',');
            sc_json_write_string (out, l->data);
            g_string_append_c (out, ':');
            write_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          sc_json_write_string (out, json_node_get_string (node) != NULL ? json_node_get_string (node) : "");
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          {
            /* doubles (rare): json-glib's own form */
            g_autofree char *text = json_to_string (node, FALSE);

            g_string_append (out, text);
            break;
          }
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
sc_json_to_string (JsonNode *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_sized_new (256);
  write_node (out, node);
  return sc_json_finish (out);
}

void
sc_json_write_int (GString *out,
                   gint64   value)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

char *
sc_json_finish (GString *out)
{
  g_return_val_if_fail (out != NULL, NULL);

  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_free (out, TRUE);
      return valid;
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
