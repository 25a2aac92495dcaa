/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-cli.h"

int
main (int    argc,
      char **argv)
{
  return sc_cli_run (argc, argv);
}
