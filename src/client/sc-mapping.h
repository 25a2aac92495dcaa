/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"

G_BEGIN_DECLS

/* An org mapping as GET /orgs/{org}/mappings answers it: {id,
 * source_org_id, source_org_name, target_org_id, target_org_name,
 * relation}. As the models of sc-models.h: NULL without an "id"; another
 * member absent or of another type reads as NULL; the relation as
 * SC_RELATION_DEFAULT unless the answer says "sibling". */

#define SC_TYPE_MAPPING (sc_mapping_get_type ())
G_DECLARE_FINAL_TYPE (ScMapping, sc_mapping, SC, MAPPING, GObject)

ScMapping  *sc_mapping_new_from_json        (JsonObject *object);
const char *sc_mapping_get_id               (ScMapping  *self);
const char *sc_mapping_get_source_org_id    (ScMapping  *self);
const char *sc_mapping_get_source_org_name  (ScMapping  *self);
const char *sc_mapping_get_target_org_id    (ScMapping  *self);
const char *sc_mapping_get_target_org_name  (ScMapping  *self);
ScRelation  sc_mapping_get_relation         (ScMapping  *self);

G_END_DECLS
