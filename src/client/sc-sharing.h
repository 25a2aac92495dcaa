/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"

G_BEGIN_DECLS

/* The sharing of a workflow or of a connection as GET/PUT
 * /workflows/{id}/sharing and /connections/{id}/sharing answer it:
 * {general_access, grants: [{user_id, email, permission}], etag}, the
 * levels as core's ScPermission (view/manage for a workflow, run/manage
 * for a connection). NULL when @object is NULL or its general_access is
 * not one of the levels; a grant without a user_id or a known permission
 * is left out; the etag absent reads as NULL. Immutable once read. */

typedef struct {
  char         *user_id;
  char         *email;      /* nullable */
  ScPermission  permission;
} ScSharingGrant;

#define SC_TYPE_SHARING (sc_sharing_get_type ())
G_DECLARE_FINAL_TYPE (ScSharing, sc_sharing, SC, SHARING, GObject)

ScSharing            *sc_sharing_new_from_json       (JsonObject *object);
ScPermission          sc_sharing_get_general_access  (ScSharing  *self);
const char           *sc_sharing_get_etag            (ScSharing  *self);
guint                 sc_sharing_get_n_grants        (ScSharing  *self);
/* The grant at @index (< n_grants). */
const ScSharingGrant *sc_sharing_get_grant           (ScSharing  *self,
                                                      guint       index);

G_END_DECLS
