/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sc-cli.h"

int
main (int    argc,
      char **argv)
{
#ifdef __GLIBC__
  /* glibc gives the top of the heap back to the kernel whenever 128 KiB
   * of it are free, and every request grew it again: four brk () calls
   * and the page faults that zero the pages anew, per promotion. The
   * server keeps what it used instead (its peak is a few MiB). */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_TOP_PAD, 1024 * 1024);
#endif
  return sc_cli_run (argc, argv);
}
