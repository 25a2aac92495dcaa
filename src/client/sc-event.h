/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"
#include "sc-models.h"

G_BEGIN_DECLS

/* The kinds of GET /events the app speaks of; the feed may send others. */
typedef enum {
  SC_EVENT_KIND_UNKNOWN = 0,
  SC_EVENT_KIND_APPROVAL_REQUESTED,
  SC_EVENT_KIND_APPROVAL_DECIDED,
  SC_EVENT_KIND_APPROVAL_UPDATED,
  SC_EVENT_KIND_PROMOTION_COMPLETED,
  SC_EVENT_KIND_SCHEDULE_COMPLETED,
} ScEventKind;

/* An event of the feed (API.md "Events"): {id, kind, data}, read once.
 * sc_event_new_from_json() returns NULL when @object is NULL or has no
 * "id"; an event without a "data" object reads as SC_EVENT_KIND_UNKNOWN
 * (there is nothing to say about it); anything else absent or of another
 * type reads as NULL / 0 / FALSE. */
#define SC_TYPE_EVENT (sc_event_get_type ())
G_DECLARE_FINAL_TYPE (ScEvent, sc_event, SC, EVENT, GObject)

ScEvent     *sc_event_new_from_json           (JsonObject *object);
const char  *sc_event_get_id                  (ScEvent    *self);
ScEventKind  sc_event_get_kind                (ScEvent    *self);
/* The request it is about (data.approval_request_id); nullable. */
const char  *sc_event_get_approval_request_id (ScEvent    *self);
/* data.workflow.name, or data.workflow_name; nullable. */
const char  *sc_event_get_workflow_name       (ScEvent    *self);
/* data.release.version; 0 when absent. */
guint        sc_event_get_release_version     (ScEvent    *self);
/* data.target's tag and org_name; nullable. */
const char  *sc_event_get_target_tag          (ScEvent    *self);
const char  *sc_event_get_target_org_name     (ScEvent    *self);
/* The request's state (data.state): FALSE when absent or unknown. */
gboolean     sc_event_get_state               (ScEvent         *self,
                                               ScApprovalState *state);
/* data.requester, data.reviewer, data.actor; each nullable. */
const ScApprovalPerson *sc_event_get_requester (ScEvent   *self);
const ScApprovalPerson *sc_event_get_reviewer  (ScEvent   *self);
const ScApprovalPerson *sc_event_get_actor     (ScEvent   *self);
/* A scheduled promotion's: whether data.outcome is "failed", and the rule
 * that refused it (data.rule, nullable). */
gboolean     sc_event_get_failed              (ScEvent    *self);
const char  *sc_event_get_rule                (ScEvent    *self);

G_END_DECLS
