/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a screen reader gets from this process: GTK's own AT-SPI cache
 * (org.a11y.atspi.Cache.GetItems on the accessibility bus, the call Orca's
 * libatspi makes), read in one call while the main loop runs so that GTK
 * answers. Every visible control (button, toggle, check box, entry, combo
 * box, activatable list row, ...) must have a real accessible name: not
 * empty, not GTK's class-name fallback ("GtkButton"), not a raw mnemonic
 * ("_Promote"), not read twice ("Promote Promote").
 *
 * Returns the number of controls without a name that were not reported
 * before (each is printed once, with @view and its place in the tree);
 * *@n_checked is set to the number of controls looked at. */
guint sc_a11y_walk (const char *view,
                    guint      *n_checked);
/* Prints again every control reported so far (the end of a long log is
 * what a CI failure shows). */
void  sc_a11y_walk_print_report (void);

G_END_DECLS
