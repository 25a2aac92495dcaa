/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sc-rules.h"
#include "sc-violations.h"

G_BEGIN_DECLS

/* The server's preview of a promotion (POST /promotions/preview, and
 * GET /approval-requests/{id}/preview without the verdict), read once
 * (API.md). The verdict is the server's: the app shows it and never
 * judges a rule itself ("the app asks, never guesses"). */

typedef enum {
  SC_DIFF_ADDED,
  SC_DIFF_REMOVED,
  SC_DIFF_CHANGED,
} ScDiffChange;

/* A connection the release uses that the target org lacks. */
typedef struct {
  char *service; /* nullable */
  char *name;    /* nullable */
} ScMissingConnection;

/* A top-level configuration key whose value differs: @from / @to are the
 * values as the user wrote them (any JSON), NULL where there was none. */
typedef struct {
  char         *key;
  JsonNode     *from;   /* nullable */
  JsonNode     *to;     /* nullable */
  ScDiffChange  change; /* ADDED: no @from; REMOVED: no @to */
} ScConfigChange;

/* A trigger: its HTTP method and URL, either nullable. */
typedef struct {
  char *method;
  char *url;
} ScTrigger;

#define SC_TYPE_PROMOTION_PREVIEW (sc_promotion_preview_get_type ())
G_DECLARE_FINAL_TYPE (ScPromotionPreview, sc_promotion_preview, SC, PROMOTION_PREVIEW, GObject)

/* NULL when @object is NULL or names no release ("release.id"); any other
 * member absent or of another type reads as FALSE / NULL / empty. */
ScPromotionPreview *sc_promotion_preview_new_from_json         (JsonObject         *object);

/* The server's verdict on @action: the promotion itself, or a request to
 * promote (its "request" member). FALSE when the answer did not say. */
gboolean            sc_promotion_preview_get_allowed           (ScPromotionPreview *self,
                                                                ScPromotionAction   action);
/* Its refusals (ScViolation: rule, field, reason), in the server's order;
 * never NULL. */
GPtrArray          *sc_promotion_preview_get_refusals          (ScPromotionPreview *self,
                                                                ScPromotionAction   action);
/* The strongest class among them (core's sc_rules_refusal_class ()),
 * NONE when there is none. */
ScRefusalClass      sc_promotion_preview_get_refusal_class     (ScPromotionPreview *self,
                                                                ScPromotionAction   action);

gboolean            sc_promotion_preview_get_requires_approval (ScPromotionPreview *self);
gboolean            sc_promotion_preview_get_creates_new       (ScPromotionPreview *self);
/* Whether the caller may override the deny windows that refuse (with a reason). */
gboolean            sc_promotion_preview_get_override_allowed  (ScPromotionPreview *self);
/* A request's preview: whether the target changed since it was filed
 * ("target_changed"; FALSE when null or absent). */
gboolean            sc_promotion_preview_get_target_changed    (ScPromotionPreview *self);
/* nullable */
GDateTime          *sc_promotion_preview_get_reopens_at        (ScPromotionPreview *self);
const char         *sc_promotion_preview_get_release_id        (ScPromotionPreview *self);
guint               sc_promotion_preview_get_release_version   (ScPromotionPreview *self);
/* nullable: the workflow the promotion updates; NULL when it creates one */
const char         *sc_promotion_preview_get_target_workflow_id (ScPromotionPreview *self);
/* nullable: the approved request the promotion would use */
const char         *sc_promotion_preview_get_approval_request_id (ScPromotionPreview *self);

/* ScMissingConnection, in the server's order; never NULL. */
GPtrArray          *sc_promotion_preview_get_missing_connections (ScPromotionPreview *self);

/* The diff ("diff"; FALSE for null): step keys added, removed or changed
 * (NULL-terminated, never NULL), ScConfigChange in key order, and the
 * trigger's change (FALSE when it stays; then @from / @to are NULL). */
gboolean            sc_promotion_preview_has_diff              (ScPromotionPreview *self);
const char * const *sc_promotion_preview_get_steps             (ScPromotionPreview *self,
                                                                ScDiffChange        change);
GPtrArray          *sc_promotion_preview_get_config_changes    (ScPromotionPreview *self);
gboolean            sc_promotion_preview_get_trigger_change    (ScPromotionPreview *self,
                                                                const ScTrigger   **from,
                                                                const ScTrigger   **to);

G_END_DECLS
