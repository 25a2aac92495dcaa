/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Does the workflow list scroll smoothly through 10 000 workflows? A
 * benchmark (`meson test --benchmark bench-workflow-scroll`, under a
 * display: scripts/test's xvfb-run or `xvfb-run -a`), not a test: it prints
 * numbers and asserts only that every workflow reached the list.
 *
 * The real Workflows view in a 1280×800 window, on the real server with
 * 10 000 workflows (written straight into its database, sc-bench-seed.c),
 * scrolled one screen per frame from the top to the very end: the list
 * asks for each next page as it nears the end of what it has. Measured per
 * frame: the frame clock's work from "before-paint" to "after-paint"
 * (update, layout, paint: what must stay well under 16.7 ms for 60 frames
 * a second); per page: from reaching the end of the loaded rows to the next
 * page's rows being there; and the process's resident memory. */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "sc-bench-seed.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-workflows-view.h"

#define N_WORKFLOWS 10000
#define DEADLINE 60

typedef struct {
  gint64  frame_start;
  guint   n_painted;
  GArray *frame_us;      /* gint64 per painted frame while scrolling */
  gboolean recording;
} Frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  frames->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  gint64 spent;

  if (frames->frame_start == 0)
    return;
  spent = g_get_monotonic_time () - frames->frame_start;
  frames->frame_start = 0;
  frames->n_painted++;
  if (frames->recording)
    g_array_append_val (frames->frame_us, spent);
}

typedef struct {
  Frames *frames;
  guint   n_painted;
} PaintWait;

static gboolean
painted_since (gpointer data)
{
  PaintWait *wait = data;

  return wait->frames->n_painted > wait->n_painted;
}

typedef struct {
  GListModel *model;
  guint       n_items;
} GrowWait;

static gboolean
grown (gpointer data)
{
  GrowWait *wait = data;

  return g_list_model_get_n_items (wait->model) > wait->n_items;
}

static gboolean
view_settled (gpointer data)
{
  ScWorkflowsView *view = data;

  return !sc_section_view_get_loading (SC_SECTION_VIEW (view)) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "list") == 0;
}

static gboolean
laid_out (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_page_size (adjustment) > 0;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *sorted,
               double  p)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = MIN ((guint) (p * sorted->len), sorted->len - 1);
  return g_array_index (sorted, gint64, index) / 1000.0;
}

static long
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;
  long kib = -1;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line != NULL && sscanf (line, "VmRSS: %ld", &kib) != 1)
    kib = -1;
  return kib;
}

int
main (int   argc,
      char *argv[])
{
  ScTestServer *server;
  g_autofree char *org_id = NULL;
  g_autofree char *admin = NULL, *admin_id = NULL;
  g_autoptr(ScSession) session = NULL;
  g_autoptr(GArray) page_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  Frames frames = { 0, 0, g_array_new (FALSE, FALSE, sizeof (gint64)), FALSE };
  GtkWidget *window;
  ScWorkflowsView *view;
  GtkWidget *list;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  GListModel *model;
  gint64 start, first_page_us, scroll_us;
  long rss_before, rss_after;
  guint n_frames = 0;

  gtk_init ();
  adw_init ();

  server = sc_test_server_start (FALSE, NULL);
  org_id = sc_test_server_add_org (server, "Bench Org", "dev");
  admin = sc_test_server_add_user (server, "admin@bench.test", org_id, "admin", &admin_id);
  sc_bench_seed_workflows (server->database, org_id, admin_id, admin_id, N_WORKFLOWS);
  session = sc_test_session_new (server, admin, "admin@bench.test");

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = SC_WORKFLOWS_VIEW (sc_workflows_view_new ());
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  rss_before = resident_kib ();

  start = g_get_monotonic_time ();
  sc_session_set_org_id (session, org_id);
  sc_section_view_set_session (SC_SECTION_VIEW (view), session);
  sc_test_wait_for (view_settled, view, DEADLINE);
  model = sc_workflows_view_get_model (view);
  list = GTK_WIDGET (sc_workflows_view_get_list_view (view));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  /* the first page's rows laid out: more of them than fit */
  sc_test_wait_for (laid_out, adjustment, DEADLINE);
  first_page_us = g_get_monotonic_time () - start;
  clock = gtk_widget_get_frame_clock (list);
  g_assert_nonnull (clock);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);

  /* one screen per frame, down to the end of everything */
  frames.recording = TRUE;
  start = g_get_monotonic_time ();
  for (;;)
    {
      double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
      double value = gtk_adjustment_get_value (adjustment);
      guint n_items = g_list_model_get_n_items (model);

      if (value < bottom - 0.5)
        {
          PaintWait wait = { &frames, frames.n_painted };

          gtk_adjustment_set_value (adjustment, MIN (value + gtk_adjustment_get_page_size (adjustment),
                                                     bottom));
          sc_test_wait_for (painted_since, &wait, DEADLINE);
          n_frames++;
        }
      else if (n_items < N_WORKFLOWS)
        {
          /* at the end of what is loaded: the list has asked for more */
          GrowWait wait = { model, n_items };
          gint64 asked = g_get_monotonic_time ();
          gint64 took;

          sc_test_wait_for (grown, &wait, DEADLINE);
          took = g_get_monotonic_time () - asked;
          g_array_append_val (page_us, took);
        }
      else
        break;
    }
  scroll_us = g_get_monotonic_time () - start;
  frames.recording = FALSE;
  rss_after = resident_kib ();

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_WORKFLOWS);

  g_array_sort (frames.frame_us, compare_gint64);
  g_array_sort (page_us, compare_gint64);
  g_print ("first page shown                  %8.1f ms\n", first_page_us / 1000.0);
  g_print ("scrolled to workflow %u        %8.1f ms, %u scroll steps, %u frames painted\n",
           N_WORKFLOWS, scroll_us / 1000.0, n_frames, frames.frame_us->len);
  g_print ("frame work (before → after paint)  median %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  max %6.2f ms\n",
           percentile_ms (frames.frame_us, 0.50), percentile_ms (frames.frame_us, 0.95),
           percentile_ms (frames.frame_us, 0.99), percentile_ms (frames.frame_us, 1.0));
  g_print ("waits at the end of the loaded rows: %u, median %6.2f ms  max %6.2f ms\n",
           page_us->len, percentile_ms (page_us, 0.50), percentile_ms (page_us, 1.0));
  if (rss_before > 0 && rss_after > 0)
    g_print ("resident memory                   %8ld KiB before, %ld KiB with %u rows loaded\n",
             rss_before, rss_after, N_WORKFLOWS);

  g_signal_handlers_disconnect_by_data (clock, &frames);
  g_array_unref (frames.frame_us);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&session);
  sc_test_server_stop (server);
  return 0;
}
