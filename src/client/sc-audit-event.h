/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* An entry of an org's audit log as GET /orgs/{org}/audit answers it
 * (API.md, openapi AuditEvent): {id, action, actor: {id, email} | null,
 * target: {type, id}, details, at}. As the models of sc-models.h: NULL
 * without an "id"; another member absent or of another type reads as NULL.
 * The actor is NULL for what the command line did. */

#define SC_TYPE_AUDIT_EVENT (sc_audit_event_get_type ())
G_DECLARE_FINAL_TYPE (ScAuditEvent, sc_audit_event, SC, AUDIT_EVENT, GObject)

ScAuditEvent *sc_audit_event_new_from_json     (JsonObject   *object);
const char   *sc_audit_event_get_id            (ScAuditEvent *self);
/* "org.updated", "promotion.succeeded", … (the API's names) */
const char   *sc_audit_event_get_action        (ScAuditEvent *self);
const char   *sc_audit_event_get_actor_id      (ScAuditEvent *self);
const char   *sc_audit_event_get_actor_email   (ScAuditEvent *self);
const char   *sc_audit_event_get_target_type   (ScAuditEvent *self);
const char   *sc_audit_event_get_target_id     (ScAuditEvent *self);
GDateTime    *sc_audit_event_get_at            (ScAuditEvent *self);

G_END_DECLS
