/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-section-view.h"

G_BEGIN_DECLS

#define SC_TYPE_ORG_VIEW (sc_org_view_get_type ())
G_DECLARE_FINAL_TYPE (ScOrgView, sc_org_view, SC, ORG_VIEW, ScSectionView)

/* The Organization section: the settings of the session's current org on
 * one scrolling page. Its type and approval policy (approvals and freeze)
 * are edited together and saved with Save (PATCH with If-Match; a
 * conflict offers Reload or Overwrite and keeps the edits; a refused
 * value is shown at its row). Mappings are added and removed at once,
 * each with its own errors. Members are listed, read only. Only the org's
 * administrators edit; others see the settings read only, with why. An
 * ScSectionView: the session, the states "loading", "error", "settings".
 *
 * Actions: "org.reload" (Ctrl+R, F5), "org.save", "org.overwrite",
 * "org.add-mapping" (shows the new mapping's rows), "org.create-mapping",
 * "org.cancel-mapping", "org.remove-mapping" (s: a mapping id; asks
 * first). */

GtkWidget  *sc_org_view_new               (void);
/* Whether a call is under way (loading, saving, a mapping). */
gboolean    sc_org_view_get_busy          (ScOrgView  *self);
/* Whether the user may edit (an admin of the org). */
gboolean    sc_org_view_get_editable      (ScOrgView  *self);
/* Whether the form differs from the org as loaded. */
gboolean    sc_org_view_get_modified      (ScOrgView  *self);
/* The org as last loaded or saved (transfer none), or NULL. */
JsonObject *sc_org_view_get_org           (ScOrgView  *self);
/* The message of the last failed save, or NULL; whether it was a
 * conflict (412). */
const char *sc_org_view_get_save_error    (ScOrgView  *self);
gboolean    sc_org_view_get_conflict      (ScOrgView  *self);
/* The message of the last failed mapping change, or NULL. */
const char *sc_org_view_get_mapping_error (ScOrgView  *self);
/* The mappings and members listed (transfer none). */
guint       sc_org_view_get_n_mappings    (ScOrgView  *self);
JsonObject *sc_org_view_get_mapping       (ScOrgView  *self,
                                           guint       index);
guint       sc_org_view_get_n_members     (ScOrgView  *self);
/* A part of the form (transfer none): "type-row", "enabled-switch",
 * "role-admin", "role-reviewer", "role-developer", "roles-row",
 * "assignees-row", "required-spin", "required-row", "expiry-spin",
 * "expiry-row", "freeze-switch", "freeze-row", "reason-row",
 * "target-row", "relation-row", "mappings-list", "members-list",
 * "read-only-label", "save-button", "add-mapping-button". */
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
