/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-mapping.h"
#include "sc-org-view.h"

G_BEGIN_DECLS

/* For tests. */
/* The message of the last failed save, or NULL; whether it was a
 * conflict (412). */
const char *sc_org_view_get_save_error    (ScOrgView  *self);
gboolean    sc_org_view_get_conflict      (ScOrgView  *self);
/* The message of the last failed mapping change, or NULL. */
const char *sc_org_view_get_mapping_error (ScOrgView  *self);
/* The mappings and members listed (transfer none). */
guint       sc_org_view_get_n_mappings    (ScOrgView  *self);
ScMapping  *sc_org_view_get_mapping       (ScOrgView  *self,
                                           guint       index);
guint       sc_org_view_get_n_members     (ScOrgView  *self);
/* A part of the form (transfer none): "type-row", "enabled-switch",
 * "role-admin", "role-reviewer", "role-developer", "roles-row",
 * "assignees-row", "required-spin", "required-row", "expiry-spin",
 * "expiry-row", "freeze-switch", "freeze-row", "reason-row",
 * "members-list", "read-only-label", "save-button", "mappings-editor",
 * and the mappings editor's (see sc_mappings_editor_get_widget()). */
GtkWidget  *sc_org_view_get_widget        (ScOrgView  *self,
                                           const char *name);
/* The check button of the member @user_id among the assignees, or NULL. */
GtkWidget  *sc_org_view_get_assignee      (ScOrgView  *self,
                                           const char *user_id);
/* Picks @org_id as the new mapping's target; FALSE when it is not
 * offered. */
gboolean    sc_org_view_select_target     (ScOrgView  *self,
                                           const char *org_id);

G_END_DECLS
