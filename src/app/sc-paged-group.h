/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_PAGED_GROUP (sc_paged_group_get_type ())
G_DECLARE_DERIVABLE_TYPE (ScPagedGroup, sc_paged_group, SC, PAGED_GROUP, AdwPreferencesGroup)

/* A preferences group that lists a server's pages: one row per item
 * (made by the subclass), a placeholder row while there is none, and a
 * "Show More" row at the end while the server has more. Show More fetches
 * the next page (through the subclass) and appends it; a failure shows
 * its message in that row, with Retry. The base of the details'
 * Releases and History lists. */
struct _ScPagedGroupClass
{
  AdwPreferencesGroupClass parent_class;

  /* @item, a JSON object of the page, read into a model object (as
   * sc_release_new_from_json()); NULL leaves out what does not read */
  gpointer      (*read_item)         (JsonObject          *item);
  /* a row for @item (the model object read_item made) */
  GtkWidget    *(*create_row)        (ScPagedGroup        *self,
                                      gpointer             item);
  /* the page after @cursor; FALSE when it cannot be asked now */
  gboolean      (*fetch_more_async)  (ScPagedGroup        *self,
                                      const char          *cursor,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
  ScClientPage *(*fetch_more_finish) (ScPagedGroup        *self,
                                      ScClient            *client,
                                      GAsyncResult        *result,
                                      GError             **error);
};

/* Where the pages come from: @session's client, for the resource @id
 * (a workflow's), @page_size items a page (0: the server's default). */
void         sc_paged_group_set_source    (ScPagedGroup *self,
                                           ScSession    *session,
                                           const char   *id,
                                           guint         page_size);
ScSession   *sc_paged_group_get_session   (ScPagedGroup *self);
const char  *sc_paged_group_get_id        (ScPagedGroup *self);
guint        sc_paged_group_get_page_size (ScPagedGroup *self);

/* Replaces the rows with those of @page (nullable: none), the placeholder
 * (@placeholder_title, nullable @placeholder_subtitle) when it is empty. */
void         sc_paged_group_show_page     (ScPagedGroup *self,
                                           ScClientPage *page,
                                           const char   *placeholder_title,
                                           const char   *placeholder_subtitle);
/* Removes every row and forgets where the list stopped. */
void         sc_paged_group_clear         (ScPagedGroup *self);
/* How many items are shown (the placeholder not counted). */
guint        sc_paged_group_get_n_items   (ScPagedGroup *self);
/* The Show More (or, after a failure, Retry) button, or NULL when the
 * server has no more. */
GtkWidget   *sc_paged_group_get_more_button (ScPagedGroup *self);
/* The failure shown in the Show More row, or NULL. */
const char  *sc_paged_group_get_more_error  (ScPagedGroup *self);

G_END_DECLS
