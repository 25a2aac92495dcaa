/* SPDX-License-Identifier: GPL-3.0-or-later */

/* How fast the workflow list pages through 10 000 workflows: a benchmark
 * (`meson test --benchmark bench-workflow-list`), not a test — it prints
 * its numbers and asserts only that every visible workflow was listed once.
 *
 * The workflows are written straight into the server's database (a POST
 * each would measure the POST path instead); a few POSTs are timed too. */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sc-test-server.h"

#define N_WORKFLOWS 10000
#define N_POSTS 200

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

static void
db_check (sqlite3 *db,
          int      rc,
          int      expected)
{
  if (rc != expected)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

/* Inserts the workflows: every 4th hidden (general access none) unless the
 * caller holds a grant (every 8th of those), every 10th named "… report …".
 * Returns how many the caller may view. */
static guint
seed (const char *database,
      const char *org_id,
      const char *owner_id,
      const char *caller_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *grant = NULL;
  guint visible = 0;

  db_check (db, sqlite3_open (database, &db), SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  db_check (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO workflows (id, seq, org_id, name, owner_id, steps, config, "
                                    "  trigger_url, trigger_method, tags, general_access, sharing_etag, etag, "
                                    "  created_at, updated_at) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, '[{\"do\":\"fetch\"},{\"do\":\"store\"}]', "
                                    "  '{\"retries\":3}', ?6, 'POST', '[\"bench\"]', ?7, 'se', 'e', "
                                    "  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                    -1, &insert, NULL), SQLITE_OK);
  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO workflow_grants (workflow_id, user_id, permission) "
                                    "VALUES (?1, ?2, 'view')",
                                    -1, &grant, NULL), SQLITE_OK);

  for (guint i = 1; i <= N_WORKFLOWS; i++)
    {
      g_autofree char *id = g_strdup_printf ("wf_bench%012u", i);
      g_autofree char *name = g_strdup_printf (i % 10 == 0 ? "Daily report %05u" : "Workflow %05u", i);
      g_autofree char *url = g_strdup_printf ("/hooks/%u", i);
      gboolean hidden = i % 4 == 0;
      gboolean granted = hidden && i % 8 == 0;

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (insert, 2, i);
      sqlite3_bind_text (insert, 3, org_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 5, owner_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, url, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 7, hidden ? "none" : "view", -1, SQLITE_STATIC);
      db_check (db, sqlite3_step (insert), SQLITE_DONE);

      if (granted)
        {
          sqlite3_reset (grant);
          sqlite3_bind_text (grant, 1, id, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (grant, 2, caller_id, -1, SQLITE_STATIC);
          db_check (db, sqlite3_step (grant), SQLITE_DONE);
        }
      if (!hidden || granted)
        visible++;
    }

  /* the server's sequence continues after them */
  db_check (db, sqlite3_exec (db,
                              "INSERT INTO meta (key, value) VALUES ('seq.workflows', '10000') "
                              "ON CONFLICT (key) DO UPDATE SET value = '10000'",
                              NULL, NULL, NULL), SQLITE_OK);
  db_check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_finalize (insert);
  sqlite3_finalize (grant);
  sqlite3_close (db);

  return visible;
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
  visible = seed (server->database, org_id, owner_id, caller_id);
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
