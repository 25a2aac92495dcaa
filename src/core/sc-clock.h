/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one clock every time-dependent rule and the server read (freeze and
 * deny windows, soak time, request expiry, scheduled promotions), so that
 * tests can move time instead of waiting for it.
 *
 * In builds with test hooks, when the environment variable
 * SC_TEST_CLOCK_FILE names a file, the clock is read from that file on every
 * call: an RFC 3339 time ("2026-03-29T00:59:59Z"). An empty or missing file
 * means the real time. A test moves the server's clock by rewriting the file
 * (sc_clock_write_test_file()), then waits on a condition as usual. */

/* Now, in UTC. Never NULL. */
GDateTime *sc_clock_now_utc          (void);

/* Now in microseconds since the epoch (as g_get_real_time()). */
gint64     sc_clock_now_us           (void);

/* Overrides the clock of this process (tests of core code); NULL goes back
 * to the real (or file) clock. */
void       sc_clock_set_for_testing  (GDateTime *now);

/* Writes @now (or the real time when NULL: an empty file) to @path
 * atomically, for a server started with SC_TEST_CLOCK_FILE=@path. */
gboolean   sc_clock_write_test_file  (const char  *path,
                                      GDateTime   *now,
                                      GError     **error);

G_END_DECLS
