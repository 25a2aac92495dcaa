/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-SectionChrome"

#include "config.h"

#include "sc-section-chrome.h"

struct _ScSectionChrome
{
  GObject        parent_instance;

  /* borrowed from the view's template */
  GtkWidget     *view;
  AdwLeaflet    *leaflet;
  AdwHeaderBar  *list_header;
  AdwHeaderBar  *details_header;
  GtkWidget     *sidebar_button;
  GtkWidget     *back_button;
  GtkMenuButton *menu_button;

  gboolean       folded;          /* the window's sidebar and content */
  gboolean       has_menu;
};

G_DEFINE_FINAL_TYPE (ScSectionChrome, sc_section_chrome, G_TYPE_OBJECT)

static void
update_header_bars (ScSectionChrome *self)
{
  gboolean outer = self->folded;
  /* a single pane is always at the window's end */
  gboolean inner = self->leaflet == NULL || adw_leaflet_get_folded (self->leaflet);

  /* Title buttons go where the window's edges are. */
  adw_header_bar_set_show_start_title_buttons (self->list_header, outer);
  adw_header_bar_set_show_end_title_buttons (self->list_header, inner);
  if (self->details_header != NULL)
    adw_header_bar_set_show_start_title_buttons (self->details_header, outer);
  gtk_widget_set_visible (self->sidebar_button, outer);
  /* folded, the sidebar's header bar has the primary menu: the title gets
   * its room (at 360 px it was cut short) */
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), self->has_menu && !outer);
  if (self->back_button != NULL)
    gtk_widget_set_visible (self->back_button, inner);
}

static void
folded_changed_cb (ScSectionChrome *self)
{
  update_header_bars (self);
}

static void
sc_section_chrome_class_init (ScSectionChromeClass *klass)
{
}

static void
sc_section_chrome_init (ScSectionChrome *self)
{
}

ScSectionChrome *
sc_section_chrome_new (GtkWidget     *view,
                       AdwLeaflet    *leaflet,
                       AdwHeaderBar  *list_header,
                       AdwHeaderBar  *details_header,
                       GtkWidget     *sidebar_button,
                       GtkWidget     *back_button,
                       GtkMenuButton *menu_button)
{
  ScSectionChrome *self;

  g_return_val_if_fail (GTK_IS_WIDGET (view), NULL);
  g_return_val_if_fail (leaflet == NULL || ADW_IS_LEAFLET (leaflet), NULL);
  g_return_val_if_fail (ADW_IS_HEADER_BAR (list_header), NULL);
  g_return_val_if_fail ((leaflet == NULL) == (details_header == NULL), NULL);
  g_return_val_if_fail ((leaflet == NULL) == (back_button == NULL), NULL);
  g_return_val_if_fail (ADW_IS_HEADER_BAR (details_header) || details_header == NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (sidebar_button), NULL);
  g_return_val_if_fail (GTK_IS_MENU_BUTTON (menu_button), NULL);

  self = g_object_new (SC_TYPE_SECTION_CHROME, NULL);
  self->view = view;
  self->leaflet = leaflet;
  self->list_header = list_header;
  self->details_header = details_header;
  self->sidebar_button = sidebar_button;
  self->back_button = back_button;
  self->menu_button = menu_button;

  if (leaflet != NULL)
    g_signal_connect_object (leaflet, "notify::folded", G_CALLBACK (folded_changed_cb),
                             self, G_CONNECT_SWAPPED);
  update_header_bars (self);

  return self;
}

void
sc_section_chrome_set_folded (ScSectionChrome *self,
                              gboolean         folded)
{
  g_return_if_fail (SC_IS_SECTION_CHROME (self));

  self->folded = !!folded;
  update_header_bars (self);
}

void
sc_section_chrome_set_menu_model (ScSectionChrome *self,
                                  GMenuModel      *menu)
{
  g_return_if_fail (SC_IS_SECTION_CHROME (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_menu_model (self->menu_button, menu);
  self->has_menu = menu != NULL;
  update_header_bars (self);
}
