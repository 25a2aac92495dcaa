/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sc-connection.h"
#include "sc-enums.h"

G_BEGIN_DECLS

#define SC_TYPE_WORKFLOW (sc_workflow_get_type ())
G_DECLARE_FINAL_TYPE (ScWorkflow, sc_workflow, SC, WORKFLOW, GObject)

/* A workflow as the list shows it, read once from the API's workflow
 * object (API.md "workflow"), the permission as core's ScPermission. Rows
 * bind to its properties; sc_workflow_update() takes a newer object in
 * place and notifies what changed, so a row follows a promotion without
 * the list being rebuilt. */

ScWorkflow   *sc_workflow_new                (JsonObject *workflow);
const char   *sc_workflow_get_id             (ScWorkflow *self);
const char   *sc_workflow_get_org_id         (ScWorkflow *self);
const char   *sc_workflow_get_name           (ScWorkflow *self);
/* The tag of the stage the workflow is at, or NULL. */
const char   *sc_workflow_get_stage          (ScWorkflow *self);
/* The version of the latest release, 0 when there is none. */
guint         sc_workflow_get_latest_version (ScWorkflow *self);
gboolean      sc_workflow_get_promoted       (ScWorkflow *self);
/* What the caller may do with it; NONE when the answer did not say. */
ScPermission  sc_workflow_get_permission     (ScWorkflow *self);
void          sc_workflow_update             (ScWorkflow *self,
                                              JsonObject *workflow);

/* What the details show beside; nullable. */
const char   *sc_workflow_get_description       (ScWorkflow  *self);
const char   *sc_workflow_get_owner_email       (ScWorkflow  *self);
/* The id of the latest release, NULL when there is none. */
const char   *sc_workflow_get_latest_release_id (ScWorkflow  *self);
/* Whether it is a copy made by a promotion (its "origin"), from @org_id's
 * @stage (both nullable). */
gboolean      sc_workflow_get_origin            (ScWorkflow  *self,
                                                 const char **org_id,
                                                 const char **stage);

/* The owner beside their e-mail (the Share dialog lists them); nullable. */
const char   *sc_workflow_get_owner_id          (ScWorkflow  *self);
const char   *sc_workflow_get_owner_name        (ScWorkflow  *self);
/* The connections it uses (its "connections", each read as an
 * ScConnection without a permission); those without an id left out. */
guint         sc_workflow_get_n_connections     (ScWorkflow  *self);
/* The connection at @index (< n_connections), owned by the workflow. */
ScConnection *sc_workflow_get_connection        (ScWorkflow  *self,
                                                 guint        index);

G_END_DECLS
