/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sc-store.h"

G_BEGIN_DECLS

/* The whole stagecraft-server command line; returns the exit status. */
int sc_cli_run (int    argc,
                char **argv);

/* The work of `org add` and `user add` on an open store, checks included,
 * without the process (the tests' fixtures call them): the new org's id,
 * or NULL and @error with the message the command prints. @type_name and
 * @name may be NULL; the out arguments too. */
char     *sc_cli_org_add  (ScStore     *store,
                           const char  *name,
                           const char  *type_name,
                           GError     **error);
gboolean  sc_cli_user_add (ScStore     *store,
                           const char  *email,
                           const char  *name,
                           const char  *org,
                           const char  *role_name,
                           char       **user_id,
                           char       **token_id,
                           char       **token,
                           GError     **error);

G_END_DECLS
