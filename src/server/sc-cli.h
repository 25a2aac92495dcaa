/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The whole stagecraft-server command line; returns the exit status. */
int sc_cli_run (int    argc,
                char **argv);

G_END_DECLS
