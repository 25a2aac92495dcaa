/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_SECTION_CHROME (sc_section_chrome_get_type ())
G_DECLARE_FINAL_TYPE (ScSectionChrome, sc_section_chrome, SC, SECTION_CHROME, GObject)

/* The header bars of a section view (Workflows, Approvals): a leaflet of a
 * list pane and a details pane, shown beside the window's sidebar. The
 * chrome puts the title buttons where the window's edges are, shows the
 * sidebar button while the window is folded and the back button while
 * @leaflet is, and gives @menu_button the window's primary menu (hidden
 * without one, and while the window is folded: the sidebar has it then).
 * The window's state is handed down (ScSectionView does it).
 *
 * A section of one pane (Organization) passes NULL for @leaflet,
 * @details_header and @back_button: @list_header is then its only header
 * bar, with the end title buttons.
 *
 * The widgets are borrowed from @view's template: the view drops the
 * chrome before disposing its template. */
ScSectionChrome *sc_section_chrome_new (GtkWidget     *view,
                                        AdwLeaflet    *leaflet,
                                        AdwHeaderBar  *list_header,
                                        AdwHeaderBar  *details_header,
                                        GtkWidget     *sidebar_button,
                                        GtkWidget     *back_button,
                                        GtkMenuButton *menu_button);

void             sc_section_chrome_set_folded     (ScSectionChrome *self,
                                                   gboolean         folded);
/* nullable */
void             sc_section_chrome_set_menu_model (ScSectionChrome *self,
                                                   GMenuModel      *menu);

G_END_DECLS
