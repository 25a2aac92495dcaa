/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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
