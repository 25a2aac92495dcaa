/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-models.h"

G_BEGIN_DECLS

/* A scheduled promotion (GET /schedules): {id, state, run_at, workflow:
 * {id, name}, release: {id, version}, path: {id, name}, source, target:
 * {tag, org_id, org_name}, approval_request_id, requester: {id, email,
 * name}, ...}, read once. sc_schedule_new_from_json() returns NULL when
 * @object is NULL or has no "id"; anything else absent or of another type
 * reads as NULL / 0. */
#define SC_TYPE_SCHEDULE (sc_schedule_get_type ())
G_DECLARE_FINAL_TYPE (ScSchedule, sc_schedule, SC, SCHEDULE, GObject)

ScSchedule        *sc_schedule_new_from_json          (JsonObject *object);
const char        *sc_schedule_get_id                 (ScSchedule *self);
/* "pending", "succeeded", "failed" or "cancelled" (the server's word); nullable */
const char        *sc_schedule_get_state              (ScSchedule *self);
/* nullable */
GDateTime         *sc_schedule_get_run_at             (ScSchedule *self);
const char        *sc_schedule_get_workflow_id        (ScSchedule *self);
const char        *sc_schedule_get_workflow_name      (ScSchedule *self);
const char        *sc_schedule_get_release_id         (ScSchedule *self);
guint              sc_schedule_get_release_version    (ScSchedule *self);
const char        *sc_schedule_get_path_id            (ScSchedule *self);
/* never NULL; the strings nullable */
const ScPathStage *sc_schedule_get_source             (ScSchedule *self);
const ScPathStage *sc_schedule_get_target             (ScSchedule *self);
const char        *sc_schedule_get_approval_request_id (ScSchedule *self);
const char        *sc_schedule_get_requester_email    (ScSchedule *self);

G_END_DECLS
