/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <stdio.h>
#include <unistd.h>

G_BEGIN_DECLS

/* For the benchmark of the first frame (tests/bench/sc-bench.c): when
 * $SC_BENCH_FIRST_FRAME is set, @window prints "first-frame" after its
 * first paint and the process ends. Header-only so that the bench's floor
 * window runs the very same code. */

static inline void
sc_first_frame_after_paint_cb (GdkFrameClock *clock,
                               gpointer       user_data)
{
  fputs ("first-frame\n", stdout);
  fflush (stdout);
  _exit (0);
}

static inline void
sc_first_frame_map_cb (GtkWidget *window,
                       gpointer   user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (sc_first_frame_after_paint_cb), NULL);
}

static inline void
sc_first_frame_watch (GtkWindow *window)
{
  if (g_getenv ("SC_BENCH_FIRST_FRAME") == NULL)
    return;
  g_signal_connect (window, "map", G_CALLBACK (sc_first_frame_map_cb), NULL);
}

G_END_DECLS
