/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The entry point every harness in tests/fuzz defines: libFuzzer's, a plain
 * C function. With -Dfuzzing=true each harness links libFuzzer's main;
 * in every build fuzz-regress.c calls it on the files kept under
 * tests/fuzz/regressions/<harness>/ (and the seed corpus). It returns 0
 * and aborts (g_error, g_assert) when an input breaks a property. */

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* With SC_FUZZ_KNOWN_DEFECTS=skip in the environment, a harness lets pass the
 * inputs of a defect that tests/fuzz/known/ shows and that is being fixed
 * elsewhere, so that a long run can go past it (run-fuzzers.sh sets it
 * only while those inputs still fail). The regression tests never do. */
static inline gboolean
sc_fuzz_skip_known_defects (void)
{
  static int skip = -1;

  if (skip < 0)
    skip = g_strcmp0 (g_getenv ("SC_FUZZ_KNOWN_DEFECTS"), "skip") == 0;
  return skip;
}

/* TRUE when @data holds a second JSON value after a first array or object,
 * or an array or object after a first scalar ("{}{}", "0{}"): json-glib 1.6
 * then answers TRUE and leaks what follows the first value
 * (tests/fuzz/known/). A lexical scan: strings are skipped. */
static inline gboolean
sc_fuzz_second_value (const uint8_t *data,
                      size_t         size)
{
  gboolean in_string = FALSE, started = FALSE, closed = FALSE;
  guint depth = 0;

  for (size_t i = 0; i < size; i++)
    {
      uint8_t c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (depth == 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r')
        {
          if (closed)
            return TRUE;
          if ((c == '{' || c == '[') && started)
            return TRUE;
          started = TRUE;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && depth > 0 && --depth == 0)
        closed = TRUE;
    }
  return FALSE;
}
