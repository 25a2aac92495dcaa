/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-promotion-preview.h"

G_BEGIN_DECLS

/* What a promotion would change in its target, as the server's preview
 * answers it: the connections the target org lacks, then the changes
 * (steps added, removed and changed, configuration keys, the trigger).
 * The Promote dialog and the review panel show the same. */

#define SC_TYPE_PROMOTION_DIFF (sc_promotion_diff_get_type ())
G_DECLARE_FINAL_TYPE (ScPromotionDiff, sc_promotion_diff, SC, PROMOTION_DIFF, GtkWidget)

GtkWidget *sc_promotion_diff_new         (void);
/* Shows @preview for a target in org @target_org_name (nullable). */
void       sc_promotion_diff_show        (ScPromotionDiff    *self,
                                          ScPromotionPreview *preview,
                                          const char         *target_org_name);
/* The same for the JSON answer @preview ({creates_new, missing_connections, diff}, the answer of
 * POST /promotions/preview or GET /approval-requests/{id}/preview) for a
 * target in org @target_org_name; an answer that does not read as a
 * preview clears the diff. */
void       sc_promotion_diff_set_preview (ScPromotionDiff *self,
                                          JsonObject      *preview,
                                          const char      *target_org_name);
void       sc_promotion_diff_clear       (ScPromotionDiff *self);

G_END_DECLS
