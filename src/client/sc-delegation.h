/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A delegation as GET /orgs/{org}/delegations answers it: {id, org_id,
 * delegator: {id, email, name}, delegate: {id, email, name}, from, until,
 * created_at}: the delegate decides for the delegator in [from, until).
 * As the models of sc-models.h: NULL without an "id"; another member
 * absent or of another type reads as NULL. */

#define SC_TYPE_DELEGATION (sc_delegation_get_type ())
G_DECLARE_FINAL_TYPE (ScDelegation, sc_delegation, SC, DELEGATION, GObject)

ScDelegation *sc_delegation_new_from_json       (JsonObject   *object);
const char   *sc_delegation_get_id              (ScDelegation *self);
const char   *sc_delegation_get_org_id          (ScDelegation *self);
const char   *sc_delegation_get_delegator_id    (ScDelegation *self);
const char   *sc_delegation_get_delegator_email (ScDelegation *self);
const char   *sc_delegation_get_delegator_name  (ScDelegation *self);
const char   *sc_delegation_get_delegate_id     (ScDelegation *self);
const char   *sc_delegation_get_delegate_email  (ScDelegation *self);
const char   *sc_delegation_get_delegate_name   (ScDelegation *self);
/* nullable */
GDateTime    *sc_delegation_get_from            (ScDelegation *self);
GDateTime    *sc_delegation_get_until           (ScDelegation *self);
GDateTime    *sc_delegation_get_created_at      (ScDelegation *self);

G_END_DECLS
