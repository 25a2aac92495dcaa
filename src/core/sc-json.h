/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading and writing JSON text, for every place that does either (the
 * server's request bodies and replies, the client's requests and the
 * answers it reads).
 *
 * json-glib 1.6 parses by recursion without a limit, so a body of 100 000
 * "[" overflows the stack: sc_json_parse() first makes one pass over the
 * bytes and refuses nesting deeper than @max_depth before the parser sees
 * them. The same pass refuses what json-glib cannot represent faithfully:
 * "\u0000" (it cuts the string there) and a lone UTF-16 surrogate (it would
 * become invalid UTF-8, so the text could not be written back as JSON).
 *
 * json-glib's generator writes U+001F raw; sc_json_to_string() escapes
 * every control character and guarantees valid UTF-8, so what it returns
 * is always JSON. */

/* Request bodies: an object at depth 1, its members at 2… */
#define SC_JSON_MAX_DEPTH 64
/* Answers wrap request values (a page of workflows holding their config)
 * a few levels deeper than they came in. */
#define SC_JSON_MAX_ANSWER_DEPTH (2 * SC_JSON_MAX_DEPTH)

/* Checks @data (@length bytes, or -1 when NUL-terminated) as above without
 * parsing it; errors are in JSON_PARSER_ERROR (INVALID_DATA). Text that is
 * not JSON for other reasons passes: the parser reports those. */
gboolean  sc_json_check_text (const char  *data,
                              gssize       length,
                              guint        max_depth,
                              GError     **error);
/* sc_json_check_text(), then json-glib's parser: the root, or NULL with
 * @error (JSON_PARSER_ERROR) set, an empty document included. */
JsonNode *sc_json_parse      (const char  *data,
                              gssize       length,
                              guint        max_depth,
                              GError     **error);
/* Compact JSON text of @node; control characters in strings are escaped
 * (\u001f), invalid UTF-8 is replaced by U+FFFD. */
char     *sc_json_to_string  (JsonNode    *node);

/* Reading members out of JSON text without a tree, for text the server
 * wrote itself (a release's snapshot, read by every promotion): each
 * ScJsonSpan names a member; sc_json_object_spans() sets its value to the
 * member's value as it is written in @text (the last one when a name
 * repeats) or to NULL when @text has no such member. It returns FALSE
 * when @text is not a JSON object written as sc_json_to_string() writes
 * one: strictly JSON (RFC 8259), valid UTF-8, no "\u0000" and no lone
 * surrogate, nested at most @max_depth deep and without whitespace
 * between tokens; the caller then parses it (sc_json_parse()), so that
 * such text is read exactly as before. */
typedef struct {
  const char *name;
  const char *value;
  gsize       length;
} ScJsonSpan;

gboolean  sc_json_object_spans (const char *text,
                                gssize      length,
                                guint       max_depth,
                                ScJsonSpan *spans,
                                guint       n_spans);
/* The string that the JSON string @text (@length bytes, quotes included)
 * stands for, as json-glib reads it; NULL when @text is not one. */
char     *sc_json_string_value (const char *text,
                                gsize       length);

/* Writing JSON text straight from C values, without a tree (a promotion's
 * rows and answer): the very bytes sc_json_to_string() writes for the same
 * tree. sc_json_write_string() writes a NULL @text as null; the members'
 * names and punctuation are the caller's. sc_json_finish() frees @out and
 * returns its text, with invalid UTF-8 replaced as sc_json_to_string() does. */
void      sc_json_write_string (GString    *out,
                                const char *text);
void      sc_json_write_int    (GString    *out,
                                gint64      value);
char     *sc_json_finish       (GString    *out);

/* Null-safe readers of the server's answers: a missing object, a missing
 * member or a member of another type all read as "not there", never as a
 * warning, so that a reply is checked rather than trusted. */

JsonNode   *sc_json_get_member (JsonObject *object,
                                const char *member);
const char *sc_json_get_string (JsonObject *object,
                                const char *member);
JsonObject *sc_json_get_object (JsonObject *object,
                                const char *member);
JsonArray  *sc_json_get_array  (JsonObject *object,
                                const char *member);
gint64      sc_json_get_int    (JsonObject *object,
                                const char *member,
                                gint64      fallback);
gboolean    sc_json_get_bool   (JsonObject *object,
                                const char *member);

G_END_DECLS
