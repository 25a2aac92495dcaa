/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-json.h"
#include "sc-rules.h"
#include "sc-test-server.h"

/* sc-json: what is refused before json-glib's parser sees it, and that what
 * sc_json_to_string() writes is always JSON. */

static void
test_check_text (void)
{
  static const struct {
    const char *why;
    const char *text;
    gboolean    ok;
  } rows[] = {
    { "flat object", "{\"a\": [1, 2, {\"b\": null}]}", TRUE },
    { "brackets inside strings do not nest", "{\"a\": \"[[[[[[[[[[{{{{{{{{\"}", TRUE },
    { "an escaped quote does not end the string", "{\"a\": \"\\\"[[[[\"}", TRUE },
    { "a surrogate pair", "[\"\\ud83d\\ude00\"]", TRUE },
    { "an escaped backslash before u", "[\"\\\\u0000\"]", TRUE },
    { "U+0001 is fine", "[\"\\u0001\"]", TRUE },
    { "U+0000 would cut the string", "[\"a\\u0000b\"]", FALSE },
    { "a lone high surrogate", "[\"\\ud800x\"]", FALSE },
    { "a high surrogate before another escape", "[\"\\ud800\\n\"]", FALSE },
    { "a lone low surrogate", "[\"\\udc00\"]", FALSE },
    { "a \\u escape without four hex digits", "[\"\\uzz\"]", FALSE },
    { "a cut \\u escape (json-glib leaked on it)", "{\"\\udb\"\\ud", FALSE },
    { "an unterminated string is the parser's", "[\"abc", TRUE },
    { "a raw control character in a string", "[\"a\tb\"]", FALSE },
    { "white space around one value", " \n{\"a\": 1}\r\n ", TRUE },
    { "a scalar at the top", "-12.5e3", TRUE },
    { "a string at the top", "\"a b\"", TRUE },
    { "two objects (json-glib would leak the second)", "{\"a\": 1}{\"b\": 2}", FALSE },
    { "a number, then an object", "0{\"b\": 2}", FALSE },
    { "two numbers", "1 2", FALSE },
    { "an array, then a literal", "[] true", FALSE },
    { "two strings", "\"a\" \"b\"", FALSE },
    { "a word before an object (json-glib leaked on it)", "A{}", FALSE },
    { "a word inside an array", "[1, nope]", FALSE },
    { "the three literals and numbers", "[true, false, null, -1.5E+3]", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("row %u: %s", i, rows[i].why);
      ok = sc_json_check_text (rows[i].text, -1, SC_JSON_MAX_DEPTH, &error);
      g_assert_cmpint (ok, ==, rows[i].ok);
      if (!ok)
        g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
    }
}

static void
test_depth (void)
{
  g_autofree char *at_limit = NULL;
  g_autofree char *over = NULL;
  g_autofree char *huge = sc_test_repeat ("[", 100000);
  g_autofree char *objects = sc_test_repeat ("{\"a\":", 100000);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autofree char *open = sc_test_repeat ("[", SC_JSON_MAX_DEPTH);
    g_autofree char *close = sc_test_repeat ("]", SC_JSON_MAX_DEPTH);

    at_limit = g_strconcat (open, close, NULL);
    over = g_strconcat ("[", open, close, "]", NULL);
  }

  node = sc_json_parse (at_limit, -1, SC_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_null (sc_json_parse (over, -1, SC_JSON_MAX_DEPTH, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* json-glib 1.6 alone overflows the stack on these */
  g_assert_null (sc_json_parse (huge, -1, SC_JSON_MAX_DEPTH, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (sc_json_parse (objects, -1, SC_JSON_MAX_DEPTH, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* an empty document is an error, not a NULL root */
  g_assert_null (sc_json_parse ("  ", -1, SC_JSON_MAX_DEPTH, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
}

static void
test_to_string (void)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  char every_control[33];
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i < 32; i++)
    every_control[i - 1] = (char) i;
  every_control[31] = 0x7f;
  every_control[32] = '\0';

  json_object_set_string_member (object, "controls", every_control);
  json_object_set_string_member (object, "unit\x1fseparator", "x\x1fy");
  /* bytes that are not UTF-8 (a database written by hand) */
  json_object_set_string_member (object, "bad", "a\xff" "b");
  json_node_take_object (node, object);

  text = sc_json_to_string (node);
  sc_test_assert_strict_json (text);
  g_assert_nonnull (strstr (text, "x\\u001fy"));
  g_assert_nonnull (strstr (text, "unit\\u001fseparator"));

  back = sc_json_parse (text, -1, SC_JSON_MAX_DEPTH, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "controls"), ==,
                   every_control);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "bad"), ==,
                   "a\xef\xbf\xbd" "b");
}

/* sc_json_to_string() writes the tree itself: the same text as json-glib
 * for every kind of node (member order, nesting, escapes, numbers). */
static void
test_to_string_as_json_glib (void)
{
  static const char *documents[] = {
    "{}",
    "[]",
    "{\"b\":1,\"a\":[true,false,null,-42,9007199254740993],\"c\":{\"d\":\"\\\"q\\\" \\\\ \\/ \\n\\t\\r\\b\\f é €\"}}",
    "[{\"x\":[[],{}],\"y\":\"\"},1.5,0.1,-2e300,3.0]",
    "\"top\"",
    "17",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sc_json_parse (documents[i], -1, SC_JSON_MAX_DEPTH, &error);
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;

      g_assert_no_error (error);
      ours = sc_json_to_string (node);
      theirs = json_to_string (node, FALSE);
      g_assert_cmpstr (ours, ==, theirs);
    }
}

static void
test_name_chars (void)
{
  static const struct {
    const char *why;
    const char *name;
    gboolean    clean;
  } rows[] = {
    { "plain", "Order sync", TRUE },
    { "accents and emoji", "Commandes é 🚀", TRUE },
    { "tab", "a\tb", FALSE },
    { "unit separator", "a\x1f", FALSE },
    { "line feed", "a\nb", FALSE },
    { "DEL", "a\x7f", FALSE },
    { "C1 control U+0085", "a\xc2\x85", FALSE },
    { "not UTF-8", "a\xff", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GPtrArray) violations = sc_violations_new ();

      g_test_message ("row %u: %s", i, rows[i].why);
      g_assert_cmpint (sc_rules_check_name (violations, "name", rows[i].name), ==, rows[i].clean);
      g_assert_cmpuint (violations->len, ==, rows[i].clean ? 0 : 1);
      g_assert_cmpint (sc_rules_name_is_clean (rows[i].name), ==, rows[i].clean);
    }
}

static void
test_ids (void)
{
  static const struct {
    const char *id;
    gboolean    valid;
  } rows[] = {
    { "org_abcdefghijklmnopqrst", TRUE },
    { "wf_234567abcdefghijklmn", TRUE },
    { "org_abcdefghijklmnopqrs", FALSE },   /* 19 */
    { "org_abcdefghijklmnopqrstu", FALSE }, /* 21 */
    { "org_ABCDEFGHIJKLMNOPQRST", FALSE },
    { "org_abcdefghijklmnopqrs1", FALSE },  /* 1 is not base32 */
    { "_abcdefghijklmnopqrst", FALSE },
    { "abcdefghi_abcdefghijklmnopqrst", FALSE },
    { "2%", FALSE },
    { "..", FALSE },
    { "", FALSE },
    { "org_abcdefghij/lmnopqrst", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_test_message ("row %u: %s", i, rows[i].id);
      g_assert_cmpint (sc_rules_id_is_valid (rows[i].id), ==, rows[i].valid);
    }
}

/* The member @name of @text as json-glib reads it. */
static JsonNode *
parsed_member (const char *text,
               const char *name)
{
  g_autoptr(JsonNode) root = sc_json_parse (text, -1, SC_JSON_MAX_DEPTH, NULL);
  JsonNode *member;

  g_assert_nonnull (root);
  member = json_object_get_member (json_node_get_object (root), name);
  return member != NULL ? json_node_copy (member) : NULL;
}

/* Spans read from text the server writes are the members json-glib
 * reads, byte for byte what sc_json_to_string() writes of them. */
static void
test_object_spans (void)
{
  static const char * const texts[] = {
    "{}",
    "{\"name\":\"Deploy\",\"description\":\"\",\"steps\":[{\"id\":\"a\",\"n\":-1.5e+3},[],{}],"
    "\"config\":{\"retries\":3,\"on\":true,\"off\":false,\"none\":null,\"ratio\":0.25},"
    "\"trigger\":{\"url\":\"https://h.test/a?b=c\",\"method\":\"POST\"},\"connections\":[]}",
    "{\"name\":\"tab\\there \\\"q\\\" \\\\ \\/ \\u00e9 \\ud83d\\ude00 \u00e9\\n\",\"steps\":\"[not an array]\"}",
    "{\"name\":\"first\",\"name\":\"last\",\"config\":{\"name\":\"nested\"}}",
    "{\"n\\u0061me\":\"escaped name\",\"steps\":[[[[1]]]],\"config\":0}",
  };
  static const char * const names[] = { "name", "description", "steps", "config", "trigger",
                                         "connections", "absent" };

  /* each text as it is, then as sc_json_to_string() writes it */
  for (guint t = 0; t < 2 * G_N_ELEMENTS (texts); t++)
    {
      gboolean canonical = t >= G_N_ELEMENTS (texts);
      g_autoptr(JsonNode) root = sc_json_parse (texts[t % G_N_ELEMENTS (texts)], -1, SC_JSON_MAX_DEPTH, NULL);
      g_autofree char *text = canonical ? sc_json_to_string (root)
                                        : g_strdup (texts[t % G_N_ELEMENTS (texts)]);
      ScJsonSpan spans[G_N_ELEMENTS (names)];

      g_test_message ("text %u: %s", t, text);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        spans[i].name = names[i];
      g_assert_true (sc_json_object_spans (text, -1, SC_JSON_MAX_DEPTH, spans, G_N_ELEMENTS (spans)));

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autoptr(JsonNode) expected = parsed_member (text, names[i]);
          g_autoptr(JsonNode) read = NULL;

          if (expected == NULL)
            {
              g_assert_null (spans[i].value);
              continue;
            }
          g_assert_nonnull (spans[i].value);
          read = sc_json_parse (spans[i].value, spans[i].length, SC_JSON_MAX_DEPTH, NULL);
          g_assert_nonnull (read);
          g_assert_true (json_node_equal (read, expected));
          if (canonical)
            {
              g_autofree char *written = sc_json_to_string (expected);

              g_assert_cmpmem (spans[i].value, spans[i].length, written, strlen (written));
            }
          if (JSON_NODE_HOLDS_VALUE (expected) && json_node_get_value_type (expected) == G_TYPE_STRING)
            {
              g_autofree char *value = sc_json_string_value (spans[i].value, spans[i].length);

              g_assert_cmpstr (value, ==, json_node_get_string (expected));
            }
        }
    }
}

/* Text that is not an object written without whitespace, strictly JSON,
 * is refused (the caller then parses it), and so are strings that are
 * not strings. */
static void
test_object_spans_refused (void)
{
  static const char * const texts[] = {
    "", "[]", "\"x\"", "1", "null", "{", "{\"a\":1", "{\"a\":1}x", "{\"a\":1}{}",
    "{ \"a\":1}", "{\"a\": 1}", "{\"a\":1 }", "{\"a\":1}\n", "{\"a\":[1, 2]}",
    "{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}", "{\"a\":.5}",
    "{\"a\":tru}", "{\"a\":True}", "{\"a\":nul}", "{\"a\":[1,]}", "{\"a\":1,}", "{,}",
    "{\"a\"}", "{\"a\":}", "{a:1}", "{\"a\":'x'}", "{\"a\":\"\\x\"}", "{\"a\":\"\t\"}",
    "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\"}", "{\"a\":\"\\u12\"}",
    "{\"a\":\"\xff\"}", "{\"a\":\"\xc3\"}", "{\"a\":[[[[[[1]]]]]]}",
  };
  static const char * const strings[] = {
    "", "\"", "x", "\"x", "\"\\\"", "\"\\q\"", "\"\\u0000\"", "\"\\udc00\"", "\"\xff\"", "\"a\"b\"",
  };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      ScJsonSpan span = { "a", NULL, 0 };

      g_test_message ("text %u: %s", t, texts[t]);
      g_assert_false (sc_json_object_spans (texts[t], -1, 4, &span, 1));
      g_assert_null (span.value);
    }
  for (guint t = 0; t < G_N_ELEMENTS (strings); t++)
    {
      g_test_message ("string %u: %s", t, strings[t]);
      g_assert_null (sc_json_string_value (strings[t], strlen (strings[t])));
    }

  /* at the depth limit, not beyond it */
  {
    ScJsonSpan span = { "a", NULL, 0 };

    g_assert_true (sc_json_object_spans ("{\"a\":[[[1]]]}", -1, 4, &span, 1));
    g_assert_cmpmem (span.value, span.length, "[[[1]]]", 7);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/json/check-text", test_check_text);
  g_test_add_func ("/core/json/depth", test_depth);
  g_test_add_func ("/core/json/to-string", test_to_string);
  g_test_add_func ("/core/json/to-string-as-json-glib", test_to_string_as_json_glib);
  g_test_add_func ("/core/json/object-spans", test_object_spans);
  g_test_add_func ("/core/json/object-spans-refused", test_object_spans_refused);
  g_test_add_func ("/core/rules/name-chars", test_name_chars);
  g_test_add_func ("/core/rules/ids", test_ids);

  return g_test_run ();
}
