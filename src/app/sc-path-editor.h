/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-models.h"
#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_PATH_EDITOR (sc_path_editor_get_type ())
G_DECLARE_FINAL_TYPE (ScPathEditor, sc_path_editor, SC, PATH_EDITOR, GtkWidget)

/* The editor of one promotion path of the session's current org: its
 * name and its stages (a tag and an org each; add, remove, move up and
 * down), saved with POST (a new path) or PUT with If-Match. The server
 * decides: its refusals are shown above the stages, and each reason that
 * names a field ("stages[1].tag") under that stage; nothing typed is lost.
 * A stale etag (412) offers Reload and Overwrite. Only admins of the org
 * edit; others see the path read-only with the reason.
 *
 * Signals: "saved" (the path as the server answered it), "deleted" (the
 * path that was deleted).
 *
 * Actions: "path-editor.save", "path-editor.add-stage",
 * "path-editor.remove-stage" (i), "path-editor.move-up" (i),
 * "path-editor.move-down" (i), "path-editor.delete" (asks first),
 * "path-editor.reload", "path-editor.overwrite". */

GtkWidget  *sc_path_editor_new               (void);
/* @session nullable. */
void        sc_path_editor_set_session       (ScPathEditor *self,
                                              ScSession    *session);
/* Shows @path (a path as the server lists it; NULL: nothing selected). */
void        sc_path_editor_set_path          (ScPathEditor    *self,
                                              ScPromotionPath *path);
/* A new path of the session's org: no name, two empty stages. */
void        sc_path_editor_new_path          (ScPathEditor *self);
/* The id of the path shown, NULL for a new one or none. */
const char *sc_path_editor_get_path_id       (ScPathEditor *self);
/* "none" or "path". */
const char *sc_path_editor_get_state         (ScPathEditor *self);
gboolean    sc_path_editor_get_busy          (ScPathEditor *self);
gboolean    sc_path_editor_get_editable      (ScPathEditor *self);
/* The message shown above the stages (an error, a conflict, the reason it
 * is read-only), or NULL. */
const char *sc_path_editor_get_message       (ScPathEditor *self);
gboolean    sc_path_editor_get_conflict      (ScPathEditor *self);

void        sc_path_editor_set_name          (ScPathEditor *self,
                                              const char   *name);
const char *sc_path_editor_get_name          (ScPathEditor *self);
guint       sc_path_editor_get_n_stages      (ScPathEditor *self);
const char *sc_path_editor_get_stage_tag     (ScPathEditor *self,
                                              guint         index);
void        sc_path_editor_set_stage_tag     (ScPathEditor *self,
                                              guint         index,
                                              const char   *tag);
/* NULL when the org is not chosen. */
const char *sc_path_editor_get_stage_org     (ScPathEditor *self,
                                              guint         index);
/* Returns whether @org_id is among the orgs offered. */
gboolean    sc_path_editor_set_stage_org     (ScPathEditor *self,
                                              guint         index,
                                              const char   *org_id);
/* The reasons shown under stage @index (one a line), or NULL. */
const char *sc_path_editor_get_stage_error   (ScPathEditor *self,
                                              guint         index);
/* Whether the orgs to choose from have been loaded. */
gboolean    sc_path_editor_get_orgs_loaded   (ScPathEditor *self);

G_END_DECLS
