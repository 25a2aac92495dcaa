/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"

G_BEGIN_DECLS

/* A connection as GET /orgs/{org}/connections answers it (API.md: {id,
 * name, service, permission}, never a secret), the caller's permission as
 * core's ScPermission (none, run or manage); also an item of a workflow's
 * "connections" ({id, service, name}: no permission, which reads as
 * SC_PERMISSION_NONE). As the models of sc-models.h: NULL when @object is
 * NULL or has no "id"; another member absent or of another type reads as
 * NULL (permission: SC_PERMISSION_NONE). Immutable once read. */

#define SC_TYPE_CONNECTION (sc_connection_get_type ())
G_DECLARE_FINAL_TYPE (ScConnection, sc_connection, SC, CONNECTION, GObject)

ScConnection *sc_connection_new_from_json   (JsonObject   *object);
const char   *sc_connection_get_id          (ScConnection *self);
const char   *sc_connection_get_name        (ScConnection *self);
/* The kind of outside service, "slack"; nullable. */
const char   *sc_connection_get_service     (ScConnection *self);
ScPermission  sc_connection_get_permission  (ScConnection *self);

G_END_DECLS
