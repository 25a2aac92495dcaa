/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SC_TYPE_WORKFLOW_ITEM (sc_workflow_item_get_type ())
G_DECLARE_FINAL_TYPE (ScWorkflowItem, sc_workflow_item, SC, WORKFLOW_ITEM, GObject)

/* One workflow of the list: what its row shows, read from the API's
 * workflow object. Rows bind to its properties; sc_workflow_item_update()
 * takes a newer object in place and notifies what changed, so a row
 * follows a promotion without the list being rebuilt. */

ScWorkflowItem *sc_workflow_item_new                (JsonObject     *workflow);
const char     *sc_workflow_item_get_id             (ScWorkflowItem *self);
const char     *sc_workflow_item_get_name           (ScWorkflowItem *self);
/* The tag of the stage the workflow is at, or NULL. */
const char     *sc_workflow_item_get_stage          (ScWorkflowItem *self);
/* The version of the latest release, 0 when there is none. */
guint           sc_workflow_item_get_latest_version (ScWorkflowItem *self);
gboolean        sc_workflow_item_get_promoted       (ScWorkflowItem *self);
void            sc_workflow_item_update             (ScWorkflowItem *self,
                                                     JsonObject     *workflow);

G_END_DECLS
