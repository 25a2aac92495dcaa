/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-path-editor.h"
#include "sc-section-view.h"

G_BEGIN_DECLS

#define SC_TYPE_PATHS_VIEW (sc_paths_view_get_type ())
G_DECLARE_FINAL_TYPE (ScPathsView, sc_paths_view, SC, PATHS_VIEW, ScSectionView)

/* The Promotion Paths section: the paths of the session's current org
 * (oldest first, as admins made them) beside the editor of the selected
 * one; one after the other when narrow. Admins of the org add paths with
 * New Path. An ScSectionView: the session, the states "loading", "empty",
 * "error", "list".
 *
 * Actions: "paths.reload" (Ctrl+R, F5), "paths.new", "paths.back". */

GtkWidget    *sc_paths_view_new               (void);
/* The paths listed (transfer none), in their order. */
guint         sc_paths_view_get_n_paths       (ScPathsView *self);
ScPromotionPath *sc_paths_view_get_path       (ScPathsView *self,
                                               guint        index);
/* The row of the @index-th path (transfer none). */
GtkWidget    *sc_paths_view_get_row           (ScPathsView *self,
                                               guint        index);
/* Selects the listed path @path_id and shows it in the editor. Returns
 * whether it is listed. */
gboolean      sc_paths_view_select            (ScPathsView *self,
                                               const char  *path_id);
ScPathEditor *sc_paths_view_get_editor        (ScPathsView *self);

/* "dev → stage → prod" (for the list and the stepper). */
char         *sc_path_describe_stages         (ScPromotionPath *path);

G_END_DECLS
