/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-mapping.h"
#include "sc-mappings-editor.h"

G_BEGIN_DECLS

/* For tests. */
const char *sc_mappings_editor_get_error      (ScMappingsEditor *self);
guint       sc_mappings_editor_get_n_mappings (ScMappingsEditor *self);
/* (transfer none) */
ScMapping  *sc_mappings_editor_get_mapping    (ScMappingsEditor *self,
                                               guint             index);
/* "target-row", "relation-row", "mappings-list", "mapping-error-list",
 * "add-mapping-button"; NULL for another name. */
GtkWidget  *sc_mappings_editor_get_widget     (ScMappingsEditor *self,
                                               const char       *name);
/* Chooses @org_id as the new mapping's target; FALSE when it is not offered. */
gboolean    sc_mappings_editor_select_target  (ScMappingsEditor *self,
                                               const char       *org_id);

G_END_DECLS
