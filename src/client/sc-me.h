/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Who the caller is, as GET /me answers (API.md: {id, email, name,
 * memberships: [{org_id, org_name, role}]}), read once. NULL without an
 * "id"; another member absent or of another type reads as NULL, the
 * memberships as ScMembership (sc-membership.h), leaving out what does
 * not read. */

#define SC_TYPE_ME (sc_me_get_type ())
G_DECLARE_FINAL_TYPE (ScMe, sc_me, SC, ME, GObject)

ScMe       *sc_me_new_from_json     (JsonObject *object);
const char *sc_me_get_id            (ScMe       *self);
const char *sc_me_get_email         (ScMe       *self);
const char *sc_me_get_name          (ScMe       *self);
/* ScMembership in /me's order; never NULL (transfer none). */
GListModel *sc_me_get_memberships   (ScMe       *self);

G_END_DECLS
