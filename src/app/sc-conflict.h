/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-client.h"

G_BEGIN_DECLS

/* The one 412 → Reload / Overwrite flow of the app (the Organization
 * settings, the path editor, the Share dialog). A save sends If-Match
 * with the etag the editor loaded; when someone else saved meanwhile the
 * server answers 412 and changes nothing. The editor then shows
 * sc_conflict_show() and keeps what the user typed, untouched, until they
 * choose:
 *
 * - Reload (<prefix>.reload): the editor loads the resource again and
 *   shows it as the server has it now, the user's edits dropped, the
 *   conflict cleared.
 * - Overwrite (<prefix>.overwrite): sc_conflict_overwrite() reads the
 *   resource as it is now, takes its etag and saves the user's version
 *   again with If-Match of that fresh etag (a third save in between is a
 *   412 again, and the same choice).
 *
 * The owner describes its resource with an ScConflictFlow. */

typedef struct {
  /* GET the resource as it is now */
  void        (*fetch)        (GObject             *owner,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
  /* its fresh etag (*@etag, transfer full, NULL when it has none); FALSE
   * with @error when the fetch failed */
  gboolean    (*fetch_finish) (ScClient            *client,
                               GAsyncResult        *result,
                               char               **etag,
                               GError             **error);
  /* send the user's version (If-Match: the owner's etag, now fresh) */
  void        (*save)         (GObject             *owner);
  /* the fetch failed: show @error as a failed save */
  void        (*failed)       (GObject             *owner,
                               const GError        *error);
} ScConflictFlow;

/* Whether @error is the 412 of this flow. */
gboolean sc_conflict_matches   (const GError         *error);
/* Shows in @list (a boxed list, emptied first) that someone else saved
 * meanwhile: @title, then Reload and Overwrite for the actions
 * "@prefix.reload" and "@prefix.overwrite". */
void     sc_conflict_show      (GtkListBox           *list,
                                const char           *title,
                                const char           *prefix);
/* Overwrite: fetches the resource through @flow, replaces *@etag (owned
 * by @owner, which stays alive meanwhile) with its etag and calls
 * @flow->save; a failure goes to @flow->failed. Nothing happens once
 * @cancellable is cancelled. */
void     sc_conflict_overwrite (GObject              *owner,
                                const ScConflictFlow *flow,
                                char                **etag,
                                GCancellable         *cancellable);

G_END_DECLS
