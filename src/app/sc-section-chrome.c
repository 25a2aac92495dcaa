/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-SectionChrome"

#include "config.h"

#include "sc-section-chrome.h"
#include "sc-window.h"

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

  ScWindow      *window;          /* the view's root while it is one; weak */
  gulong         folded_handler;
};

G_DEFINE_FINAL_TYPE (ScSectionChrome, sc_section_chrome, G_TYPE_OBJECT)

static void
update_header_bars (ScSectionChrome *self)
{
  gboolean outer = self->window != NULL && sc_window_get_folded (self->window);
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
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), self->window != NULL && !outer);
  if (self->back_button != NULL)
    gtk_widget_set_visible (self->back_button, inner);
}

static void
folded_changed_cb (ScSectionChrome *self)
{
  update_header_bars (self);
}

static void
forget_window (ScSectionChrome *self)
{
  if (self->window != NULL)
    g_clear_signal_handler (&self->folded_handler, self->window);
  self->folded_handler = 0;
  g_clear_weak_pointer (&self->window);
}

static void
view_root_changed_cb (ScSectionChrome *self)
{
  GtkRoot *root = gtk_widget_get_root (self->view);

  forget_window (self);
  /* unrooted: what the header bars show stays until the next window */
  if (root == NULL)
    return;

  if (SC_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->window, SC_WINDOW (root));
      self->folded_handler = g_signal_connect_swapped (root, "notify::folded",
                                                       G_CALLBACK (folded_changed_cb), self);
      gtk_menu_button_set_menu_model (self->menu_button, sc_window_get_primary_menu (self->window));
    }
  update_header_bars (self);
}

static void
sc_section_chrome_dispose (GObject *object)
{
  ScSectionChrome *self = (ScSectionChrome *)object;

  forget_window (self);

  G_OBJECT_CLASS (sc_section_chrome_parent_class)->dispose (object);
}

static void
sc_section_chrome_class_init (ScSectionChromeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_section_chrome_dispose;
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
  g_signal_connect_object (view, "notify::root", G_CALLBACK (view_root_changed_cb),
                           self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_root (view) != NULL)
    view_root_changed_cb (self);
  else
    update_header_bars (self);

  return self;
}
