/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-audit-event.h"
#include "sc-section-view.h"

G_BEGIN_DECLS

#define SC_TYPE_ACTIVITY_VIEW (sc_activity_view_get_type ())
G_DECLARE_FINAL_TYPE (ScActivityView, sc_activity_view, SC, ACTIVITY_VIEW, ScSectionView)

/* The Activity section: the audit log of the session's current org (its
 * administrators may read it; others see the server's refusal), newest
 * first, with filters (action, actor, a range of days), Load More at the
 * end, and Export CSV… of what the filters select, streamed into the file
 * the user picks. An ScSectionView: the session, the states "loading",
 * "error", "list"; its reload lists again with the filters as they are.
 *
 * Actions: "activity.reload" (Ctrl+R, F5), "activity.load-more",
 * "activity.export" (asks for a file). */

GtkWidget  *sc_activity_view_new          (void);
/* Whether a listing or an export is under way. */
gboolean    sc_activity_view_get_busy     (ScActivityView *self);
/* The entries listed (transfer none) and whether there are more. */
guint       sc_activity_view_get_n_entries (ScActivityView *self);
ScAuditEvent *sc_activity_view_get_entry (ScActivityView *self,
                                          guint           index);
gboolean    sc_activity_view_get_has_more (ScActivityView *self);
/* The text of the problem shown above the list (a bad filter, a failed
 * export), or NULL. */
const char *sc_activity_view_get_problem  (ScActivityView *self);
/* A part of the view (transfer none): "action-row", "actor-row",
 * "since-row", "until-row", "entries-list", "more-button",
 * "export-button". */
GtkWidget  *sc_activity_view_get_widget   (ScActivityView *self,
                                           const char     *name);
/* Picks the action filter @action ("path.created"; NULL: any); FALSE when
 * it is not offered. Lists again. */
gboolean    sc_activity_view_select_action (ScActivityView *self,
                                           const char     *action);
/* Writes the CSV of what the filters select into @file (what Export CSV…
 * does with the file picked); see get_busy and get_problem. */
void        sc_activity_view_export_to_file (ScActivityView *self,
                                           GFile          *file);
/* The action in words ("Promotion path created"), or @action itself. */
const char *sc_activity_describe_action   (const char     *action);

G_END_DECLS
