/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-models.h"
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
 * The Mappings are an ScMappingsEditor (sc-mappings-editor.c).
 *
 * Actions: "org.reload" (Ctrl+R, F5), "org.save", "org.overwrite". */

GtkWidget  *sc_org_view_new               (void);
/* Whether a call is under way (loading, saving, a mapping). */
gboolean    sc_org_view_get_busy          (ScOrgView  *self);
/* Whether the user may edit (an admin of the org). */
gboolean    sc_org_view_get_editable      (ScOrgView  *self);
/* Whether the form differs from the org as loaded. */
gboolean    sc_org_view_get_modified      (ScOrgView  *self);
/* The org as last loaded or saved (transfer none), or NULL. */
ScOrg      *sc_org_view_get_org           (ScOrgView  *self);
G_END_DECLS
