/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"

G_BEGIN_DECLS

/* One of the caller's memberships as GET /me answers them (API.md:
 * memberships: [{org_id, org_name, role}]), the role as core's ScRole.
 * As the models of sc-models.h: NULL without an "org_id"; another member
 * absent or of another type reads as NULL (role: SC_ROLE_NONE). */

#define SC_TYPE_MEMBERSHIP (sc_membership_get_type ())
G_DECLARE_FINAL_TYPE (ScMembership, sc_membership, SC, MEMBERSHIP, GObject)

ScMembership *sc_membership_new_from_json (JsonObject   *object);
const char   *sc_membership_get_org_id    (ScMembership *self);
const char   *sc_membership_get_org_name  (ScMembership *self);
ScRole        sc_membership_get_role      (ScMembership *self);

G_END_DECLS
