/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs one fuzz harness's entry point (sc-fuzz.h) on every file under the
 * directories given — its seed corpus and the inputs that once crashed
 * it, tests/fuzz/regressions/<harness>/ — in a normal build, gcc or
 * clang, no libFuzzer needed. A property that breaks aborts, which fails
 * the test; so does finding no input at all.
 *
 * usage: fuzz-regress-<harness> DIR|FILE…  (a missing DIR is empty) */

#include <glib.h>
#include <stdio.h>

#include "sc-fuzz.h"

static guint n_inputs;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  n_inputs++;
  printf ("ok %u - %s\n", n_inputs, path);
  fflush (stdout);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
run_directory (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return;
      g_error ("%s", error->message);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    run_file (g_ptr_array_index (names, i));
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR) || !g_file_test (argv[i], G_FILE_TEST_EXISTS))
        run_directory (argv[i]);
      else
        run_file (argv[i]);
    }

  if (n_inputs == 0)
    {
      printf ("not ok 1 - no input found\n1..1\n");
      return 1;
    }
  printf ("1..%u\n", n_inputs);
  return 0;
}
