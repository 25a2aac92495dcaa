/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include <gmodule.h>

#include "sc-library.h"

void
sc_library_open (const char            *soname,
                 const ScLibrarySymbol *symbols,
                 gsize                  n_symbols)
{
  GModule *module;

  g_return_if_fail (soname != NULL);
  g_return_if_fail (symbols != NULL || n_symbols == 0);

  module = g_module_open (soname, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    g_error ("Cannot load %s: %s", soname, g_module_error ());
  g_module_make_resident (module);
  for (gsize i = 0; i < n_symbols; i++)
    if (!g_module_symbol (module, symbols[i].name, symbols[i].slot) || *symbols[i].slot == NULL)
      g_error ("%s has no %s", soname, symbols[i].name);
}
