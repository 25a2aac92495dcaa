/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sqlite3.h>

#include "sc-bench-seed.h"

static void
db_check (sqlite3 *db,
          int      rc,
          int      expected)
{
  if (rc != expected)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

guint
sc_bench_seed_workflows (const char *database,
                         const char *org_id,
                         const char *owner_id,
                         const char *caller_id,
                         guint       n_workflows)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *grant = NULL;
  sqlite3_stmt *sequence = NULL;
  g_autofree char *seq = NULL;
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

  for (guint i = 1; i <= n_workflows; i++)
    {
      /* an id the router accepts: "wf_bench" + @i in 12 base32 digits */
      static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
      char digits[13];
      g_autofree char *id = NULL;

      for (guint d = 0, rest = i; d < 12; d++, rest /= 32)
        digits[11 - d] = alphabet[rest % 32];
      digits[12] = '\0';
      id = g_strconcat ("wf_bench", digits, NULL);
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
  seq = g_strdup_printf ("%u", n_workflows);
  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO meta (key, value) VALUES ('seq.workflows', ?1) "
                                    "ON CONFLICT (key) DO UPDATE SET value = ?1",
                                    -1, &sequence, NULL), SQLITE_OK);
  sqlite3_bind_text (sequence, 1, seq, -1, SQLITE_STATIC);
  db_check (db, sqlite3_step (sequence), SQLITE_DONE);
  sqlite3_finalize (sequence);
  db_check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_finalize (insert);
  sqlite3_finalize (grant);
  sqlite3_close (db);

  return visible;
}

