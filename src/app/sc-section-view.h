/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_SECTION_VIEW (sc_section_view_get_type ())
G_DECLARE_DERIVABLE_TYPE (ScSectionView, sc_section_view, SC, SECTION_VIEW, GtkWidget)

/* The base of the window's sections (as GNOME Software's GsPage): it holds
 * the session and follows its organization, shows the loading / empty /
 * error pages of the section's stack (the error page's Retry and the
 * reload action with Ctrl+R and F5 call the class's reload), and keeps the
 * header chrome (ScSectionChrome) up to date with what the window hands
 * down: whether it is folded ("folded") and its primary menu
 * ("menu-model"). A section implements only what differs: what to load,
 * how to show it. */

struct _ScSectionViewClass
{
  GtkWidgetClass parent_class;

  /* The session was set (nullable) or its organization changed: start
   * over. The title's subtitle already shows the org. */
  void (*session_changed) (ScSectionView *self);
  /* (nullable) What the section feeds outside itself (the Approvals
   * badge): called at once when the session or its org changes, and for a
   * reload, even while the section is hidden. session_changed and reload
   * wait until the section is shown (mapped) to load. */
  void (*session_changed_now) (ScSectionView *self);
  /* Load again what is shown (the reload action, Retry); called only with
   * a session. */
  void (*reload)          (ScSectionView *self);

  gpointer padding[3];
};

/* In class_init: installs @action_name ("paths.reload") as the class's
 * reload action (Ctrl+R and F5 while the view is shown). */
void          sc_section_view_class_install_reload (GtkWidgetClass *widget_class,
                                                    const char     *action_name);

/* In init, after the template: the widgets the base keeps up to date.
 * @title shows the org as subtitle; @stack has the pages "loading",
 * "error" (@error_page, its Retry button on the reload action) and the
 * section's own; @spinner turns while loading. @leaflet, @details_header and @back_button are NULL for a
 * section of one pane (see ScSectionChrome). */
void          sc_section_view_set_chrome     (ScSectionView  *self,
                                              AdwLeaflet     *leaflet,
                                              AdwHeaderBar   *list_header,
                                              AdwHeaderBar   *details_header,
                                              GtkWidget      *sidebar_button,
                                              GtkWidget      *back_button,
                                              GtkMenuButton  *menu_button);
void          sc_section_view_set_pages      (ScSectionView  *self,
                                              AdwWindowTitle *title,
                                              GtkStack       *stack,
                                              GtkSpinner     *spinner,
                                              AdwStatusPage  *error_page);

/* @session nullable (signed out). */
void          sc_section_view_set_session    (ScSectionView  *self,
                                              ScSession      *session);
ScSession    *sc_section_view_get_session    (ScSectionView  *self);
void          sc_section_view_reload         (ScSectionView  *self);
/* TRUE while the section, hidden, waits to be shown to load for a new
 * session or org (what it holds is of the one before). */
gboolean      sc_section_view_get_stale      (ScSectionView  *self);

/* Shows the page @name of the stack. */
void          sc_section_view_show_page      (ScSectionView  *self,
                                              const char     *name);
/* A load starts: cancels the one under way; the "loading" page shows
 * unless @keep_page (a reload keeps the rows in sight). Returns: (transfer
 * none): the load's cancellable. */
GCancellable *sc_section_view_begin_load     (ScSectionView  *self,
                                              gboolean        keep_page);
/* The load ended with @error (nullable, taken). Returns FALSE when there is
 * nothing to show: cancelled (a newer load is under way, the view may be
 * gone), or failed (the "error" page shows the message, a lost sign-in is
 * reported to the session). */
gboolean      sc_section_view_end_load       (ScSectionView  *self,
                                              GError         *error);
/* For a section that loads through a model of its own: shows @error on the
 * "error" page; says whether it is loading. */
void          sc_section_view_show_error     (ScSectionView  *self,
                                              const GError   *error);
void          sc_section_view_set_loading    (ScSectionView  *self,
                                              gboolean        loading);
/* Ends a load that is under way without an answer (signed out). */
void          sc_section_view_cancel_load    (ScSectionView  *self);

/* The page shown: "loading", "error" or the section's own. */
const char   *sc_section_view_get_state      (ScSectionView  *self);
gboolean      sc_section_view_get_loading    (ScSectionView  *self);
/* The message shown on the "error" page, or NULL. */
const char   *sc_section_view_get_error_message (ScSectionView *self);

G_END_DECLS
