/* SPDX-License-Identifier: GPL-3.0-or-later */

/* How fast the workflow list pages through 10 000 workflows: a benchmark
 * (`meson test --benchmark bench-workflow-list`), not a test — it prints
 * its numbers and asserts only that every visible workflow was listed once.
 *
 * The workflows are written straight into the server's database
 * (sc-bench-seed.c); a few POSTs are timed too. */

#include "config.h"

#include <string.h>

#include "sc-bench-seed.h"
#include "sc-test-server.h"

#define N_WORKFLOWS 10000
#define N_POSTS 200

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

/* Follows next_cursor from the first page of @query; returns the number of
 * items and prints the timings. */
static guint
walk (ScTestServer *server,
      const char   *label,
      const char   *base,
      const char   *token)
{
  g_autofree char *cursor = NULL;
  guint items = 0, pages = 0;
  double total = 0, slowest = 0;

  do
    {
      g_autofree char *path = cursor != NULL
        ? g_strdup_printf ("%s&cursor=%s", base, cursor)
        : g_strdup (base);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(ScTestResponse) r = sc_test_request (server, "GET", path, token, NULL, NULL);
      double ms = elapsed_ms (start);

      sc_assert_status (r, 200);
      total += ms;
      slowest = MAX (slowest, ms);
      items += sc_test_get_length (r->body, "items");
      pages++;
      g_clear_pointer (&cursor, g_free);
      cursor = g_strdup (sc_test_get_string (r->body, "next_cursor"));
    }
  while (cursor != NULL);

  g_print ("%-34s %5u items %4u pages  total %8.1f ms  mean %6.2f ms/page  slowest %6.2f ms\n",
           label, items, pages, total, total / pages, slowest);
  return items;
}

int
main (int   argc,
      char *argv[])
{
  ScTestServer *server;
  g_autofree char *org_id = NULL;
  g_autofree char *owner = NULL, *owner_id = NULL;
  g_autofree char *caller = NULL, *caller_id = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  guint visible, listed;
  gint64 start;

  server = sc_test_server_start (FALSE, NULL);
  org_id = sc_test_server_add_org (server, "Bench Org", "dev");
  owner = sc_test_server_add_user (server, "owner@bench.test", org_id, "developer", &owner_id);
  caller = sc_test_server_add_user (server, "caller@bench.test", org_id, "developer", &caller_id);

  start = g_get_monotonic_time ();
  visible = sc_bench_seed_workflows (server->database, org_id, owner_id, caller_id, N_WORKFLOWS);
  g_print ("seeded %u workflows in %.1f ms (%u visible to the caller)\n",
           N_WORKFLOWS, elapsed_ms (start), visible);

  base = g_strdup_printf ("/orgs/%s/workflows?limit=100", org_id);
  listed = walk (server, "list, limit=100, caller", base, caller);
  g_assert_cmpuint (listed, ==, visible);
  listed = walk (server, "list, limit=100, owner", base, owner);
  g_assert_cmpuint (listed, ==, N_WORKFLOWS);

  g_free (base);
  base = g_strdup_printf ("/orgs/%s/workflows?limit=100&q=REPORT", org_id);
  walk (server, "search q=REPORT, limit=100", base, caller);
  g_free (base);
  base = g_strdup_printf ("/orgs/%s/workflows?limit=100&q=09990", org_id);
  walk (server, "search q=09990 (one match)", base, owner);
  g_free (base);
  base = g_strdup_printf ("/orgs/%s/workflows?limit=500", org_id);
  walk (server, "list, limit=500, owner", base, owner);

  path = g_strdup_printf ("/orgs/%s/workflows", org_id);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_POSTS; i++)
    {
      g_autofree char *body = NULL;
      g_autoptr(ScTestResponse) r = NULL;

      body = g_strdup_printf ("{\"name\": \"Posted %u\", "
                              "\"trigger\": {\"url\": \"/p/%u\", \"method\": \"POST\"}}", i, i);
      r = sc_test_request (server, "POST", path, caller, body, NULL);

      sc_assert_status (r, 201);
    }
  g_print ("%u POSTs in %.1f ms (%.2f ms each)\n", N_POSTS, elapsed_ms (start),
           elapsed_ms (start) / N_POSTS);

  sc_test_server_stop (server);
  return 0;
}
