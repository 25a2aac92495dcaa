/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sc-enums.h"
#include "sc-models.h"

G_BEGIN_DECLS

/* The outcome of one decision sent on an approval request
 * (POST /approval-requests/{id}/decisions, sc_client_decide_finish()):
 * done, with the request as the server answered it, or refused with the
 * server's error (its message is the server's sentence). Read once, as
 * the models of sc-models.h: NULL without a @request_id or with neither an
 * answer nor an error; an answer that does not read as a request (no
 * "id"; {} for an empty answer) leaves the request absent, the decision
 * still done. */

#define SC_TYPE_DECISION_RESULT (sc_decision_result_get_type ())
G_DECLARE_FINAL_TYPE (ScDecisionResult, sc_decision_result, SC, DECISION_RESULT, GObject)

/* @answer: (nullable): what sc_client_decide_finish() returned;
 * @error: (nullable): its error when it returned NULL (copied). */
ScDecisionResult  *sc_decision_result_new            (const char       *request_id,
                                                      ScDecision        decision,
                                                      JsonObject       *answer,
                                                      const GError     *error);
const char        *sc_decision_result_get_request_id (ScDecisionResult *self);
ScDecision         sc_decision_result_get_decision   (ScDecisionResult *self);
/* Whether the server took the decision. */
gboolean           sc_decision_result_get_done       (ScDecisionResult *self);
/* The request as the server answered it; nullable (refused, or an
 * answer that did not read). */
ScApprovalRequest *sc_decision_result_get_request    (ScDecisionResult *self);
/* Why the server refused it; NULL when done. */
const GError      *sc_decision_result_get_error      (ScDecisionResult *self);

G_END_DECLS
