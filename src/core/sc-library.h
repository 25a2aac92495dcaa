/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Libraries the app opens when it first needs them instead of linking
 * them: a library the executable links is loaded, relocated and searched
 * for every symbol of every library opened after it (GTK's Mesa and GIO
 * modules) before the first frame (README, "Performance"). */

/* Where sc_library_open() writes the address of the function @name. */
typedef struct {
  const char *name;
  gpointer   *slot;
} ScLibrarySymbol;

/* Opens the library @soname for good (resident) and fills the slots of
 * @symbols. A missing library or symbol is a broken installation, as a
 * missing linked library would be: g_error(). Callers open each library
 * once (g_once_init_enter()). */
void sc_library_open (const char            *soname,
                      const ScLibrarySymbol *symbols,
                      gsize                  n_symbols);

G_END_DECLS
