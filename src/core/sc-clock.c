/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sc-clock.h"

static GDateTime *override_now;
G_LOCK_DEFINE_STATIC (override_now);

#if SC_ENABLE_TEST_HOOKS
static GDateTime *
read_test_file (void)
{
  const char *path = g_getenv ("SC_TEST_CLOCK_FILE");
  g_autofree char *text = NULL;

  if (path == NULL || *path == '\0')
    return NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  g_strstrip (text);
  if (*text == '\0')
    return NULL;
  return g_date_time_new_from_iso8601 (text, NULL);
}
#endif

GDateTime *
sc_clock_now_utc (void)
{
  GDateTime *now = NULL;

  G_LOCK (override_now);
  if (override_now != NULL)
    now = g_date_time_ref (override_now);
  G_UNLOCK (override_now);
  if (now != NULL)
    return now;

#if SC_ENABLE_TEST_HOOKS
  now = read_test_file ();
  if (now != NULL)
    {
      GDateTime *utc = g_date_time_to_utc (now);
      g_date_time_unref (now);
      return utc;
    }
#endif

  return g_date_time_new_now_utc ();
}

gint64
sc_clock_now_us (void)
{
  g_autoptr(GDateTime) now = sc_clock_now_utc ();

  return g_date_time_to_unix (now) * G_USEC_PER_SEC
         + g_date_time_get_microsecond (now);
}

void
sc_clock_set_for_testing (GDateTime *now)
{
  G_LOCK (override_now);
  g_clear_pointer (&override_now, g_date_time_unref);
  if (now != NULL)
    override_now = g_date_time_ref (now);
  G_UNLOCK (override_now);
}

gboolean
sc_clock_write_test_file (const char  *path,
                          GDateTime   *now,
                          GError     **error)
{
  g_autofree char *text = NULL;

  if (now != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
      text = g_date_time_format_iso8601 (utc);
    }
  return g_file_set_contents (path, text != NULL ? text : "", -1, error);
}
