/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sc-models.h"

G_BEGIN_DECLS

#define SC_TYPE_PROMOTION_RECORD (sc_promotion_record_get_type ())
G_DECLARE_FINAL_TYPE (ScPromotionRecord, sc_promotion_record, SC, PROMOTION_RECORD, GObject)

/* A promotion's history record (API.md "promotion"): a promotion or a
 * rollback of a release, who made it, when, and how it ended. Read as
 * the models of sc-models.h are: NULL without an "id", any other member
 * absent or of another type as NULL / 0 / FALSE. A record reads as a
 * rollback only when its kind says "rollback", as succeeded only when its
 * outcome says "succeeded". */

ScPromotionRecord *sc_promotion_record_new_from_json          (JsonObject        *object);
const char        *sc_promotion_record_get_id                 (ScPromotionRecord *self);
gboolean           sc_promotion_record_is_rollback            (ScPromotionRecord *self);
const char        *sc_promotion_record_get_workflow_id        (ScPromotionRecord *self);
const char        *sc_promotion_record_get_path_id            (ScPromotionRecord *self);
const char        *sc_promotion_record_get_release_id         (ScPromotionRecord *self);
guint              sc_promotion_record_get_release_version    (ScPromotionRecord *self);
/* {tag, org_id, org_name}; org_name only where the server names it */
const ScPathStage *sc_promotion_record_get_source             (ScPromotionRecord *self);
const ScPathStage *sc_promotion_record_get_target             (ScPromotionRecord *self);
/* nullable: the copy the promotion made or updated */
const char        *sc_promotion_record_get_target_workflow_id (ScPromotionRecord *self);
gboolean           sc_promotion_record_get_created_new        (ScPromotionRecord *self);
const char        *sc_promotion_record_get_actor_email        (ScPromotionRecord *self);
gboolean           sc_promotion_record_get_succeeded          (ScPromotionRecord *self);
/* A failed record's error ({code, message}); both nullable. */
const char        *sc_promotion_record_get_error              (ScPromotionRecord *self,
                                                               const char       **message);
/* nullable: the reason given for a rollback */
const char        *sc_promotion_record_get_reason             (ScPromotionRecord *self);
/* nullable */
GDateTime         *sc_promotion_record_get_at                 (ScPromotionRecord *self);

G_END_DECLS
