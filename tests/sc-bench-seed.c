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

/* The next @count values of the server's sequence for @table (meta
 * "seq.TABLE"); returns the first. */
static gint64
take_seq (sqlite3    *db,
          const char *table,
          guint       count)
{
  g_autofree char *key = g_strconcat ("seq.", table, NULL);
  g_autofree char *value = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 first = 1;

  db_check (db, sqlite3_prepare_v2 (db, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = ?1",
                                    -1, &stmt, NULL), SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    first = sqlite3_column_int64 (stmt, 0) + 1;
  sqlite3_finalize (stmt);

  value = g_strdup_printf ("%" G_GINT64_FORMAT, first + count - 1);
  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (key) DO UPDATE SET value = ?2",
                                    -1, &stmt, NULL), SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  db_check (db, sqlite3_step (stmt), SQLITE_DONE);
  sqlite3_finalize (stmt);
  return first;
}

char *
sc_bench_seed_workflow_id (guint i)
{
  /* an id the router accepts: "wf_bench" + @i in 12 base32 digits */
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  char digits[13];

  for (guint d = 0, rest = i; d < 12; d++, rest /= 32)
    digits[11 - d] = alphabet[rest % 32];
  digits[12] = '\0';
  return g_strconcat ("wf_bench", digits, NULL);
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
  gint64 first_seq;
  guint visible = 0;

  db_check (db, sqlite3_open (database, &db), SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  db_check (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  /* the server's sequence continues after them */
  first_seq = take_seq (db, "workflows", n_workflows);
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
      g_autofree char *id = sc_bench_seed_workflow_id (i);
      g_autofree char *name = g_strdup_printf (i % 10 == 0 ? "Daily report %05u" : "Workflow %05u", i);
      g_autofree char *url = g_strdup_printf ("/hooks/%u", i);
      gboolean hidden = i % 4 == 0;
      gboolean granted = hidden && i % 8 == 0;

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (insert, 2, first_seq + i - 1);
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

  db_check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_finalize (insert);
  sqlite3_finalize (grant);
  sqlite3_close (db);

  return visible;
}


void
sc_bench_seed_history (const char *database,
                       const char *org_id,
                       const char *actor_id,
                       const char *path_id,
                       const char *source_tag,
                       const char *target_tag,
                       const char *target_org_id,
                       guint       n_workflows,
                       guint       n_history,
                       guint       n_pending,
                       guint       n_members)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *release = NULL, *promotion = NULL, *request = NULL;
  sqlite3_stmt *user = NULL, *member = NULL;
  gint64 promotion_seq, request_seq;

  g_assert (n_history + n_pending <= n_workflows);

  db_check (db, sqlite3_open (database, &db), SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  db_check (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
  promotion_seq = take_seq (db, "promotions", n_history);
  request_seq = take_seq (db, "approval_requests", n_pending);

  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO releases (id, workflow_id, version, notes, snapshot, "
                                    "  created_by, created_at) "
                                    "SELECT ?1, id, 1, 'seeded', json_object ('name', name, "
                                    "  'description', description, 'steps', json (steps), "
                                    "  'config', json (config), 'trigger', json_object ('url', trigger_url, "
                                    "  'method', trigger_method), 'connections', json_array ()), "
                                    "  ?2, '2026-01-02T00:00:00Z' FROM workflows WHERE id = ?3",
                                    -1, &release, NULL), SQLITE_OK);
  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO promotions (id, seq, kind, release_id, release_version, "
                                    "  workflow_id, path_id, source_tag, source_org_id, target_tag, "
                                    "  target_org_id, actor_id, outcome, at) "
                                    "VALUES (?1, ?2, 'promote', ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                    "  'failed', '2026-01-03T00:00:00Z')",
                                    -1, &promotion, NULL), SQLITE_OK);
  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO approval_requests (id, seq, state, workflow_id, release_id, "
                                    "  path_id, path_name, source_tag, source_org_id, target_tag, "
                                    "  target_org_id, requester_id, message, required_approvals, "
                                    "  created_at, expires_at, updated_at) "
                                    "VALUES (?1, ?2, 'pending', ?3, ?4, ?5, 'Bench path', ?6, ?7, ?8, ?9, "
                                    "  ?10, 'Please', 1, '2026-01-04T00:00:00Z', '2099-01-01T00:00:00Z', "
                                    "  '2026-01-04T00:00:00Z')",
                                    -1, &request, NULL), SQLITE_OK);

  for (guint i = 1; i <= n_workflows; i++)
    {
      g_autofree char *wf = sc_bench_seed_workflow_id (i);
      g_autofree char *rel = g_strdup_printf ("rel_bench%012u", i);

      sqlite3_reset (release);
      sqlite3_bind_text (release, 1, rel, -1, SQLITE_STATIC);
      sqlite3_bind_text (release, 2, actor_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (release, 3, wf, -1, SQLITE_STATIC);
      db_check (db, sqlite3_step (release), SQLITE_DONE);

      if (i <= n_history)
        {
          g_autofree char *id = g_strdup_printf ("prm_bench%011u", i);

          sqlite3_reset (promotion);
          sqlite3_bind_text (promotion, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (promotion, 2, promotion_seq++);
          sqlite3_bind_text (promotion, 3, rel, -1, SQLITE_STATIC);
          sqlite3_bind_text (promotion, 4, wf, -1, SQLITE_STATIC);
          sqlite3_bind_text (promotion, 5, path_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (promotion, 6, source_tag, -1, SQLITE_STATIC);
          sqlite3_bind_text (promotion, 7, org_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (promotion, 8, target_tag, -1, SQLITE_STATIC);
          sqlite3_bind_text (promotion, 9, target_org_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (promotion, 10, actor_id, -1, SQLITE_STATIC);
          db_check (db, sqlite3_step (promotion), SQLITE_DONE);
        }
      else if (i <= n_history + n_pending)
        {
          g_autofree char *id = g_strdup_printf ("apr_bench%011u", i);

          sqlite3_reset (request);
          sqlite3_bind_text (request, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (request, 2, request_seq++);
          sqlite3_bind_text (request, 3, wf, -1, SQLITE_STATIC);
          sqlite3_bind_text (request, 4, rel, -1, SQLITE_STATIC);
          sqlite3_bind_text (request, 5, path_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (request, 6, source_tag, -1, SQLITE_STATIC);
          sqlite3_bind_text (request, 7, org_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (request, 8, target_tag, -1, SQLITE_STATIC);
          sqlite3_bind_text (request, 9, target_org_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (request, 10, actor_id, -1, SQLITE_STATIC);
          db_check (db, sqlite3_step (request), SQLITE_DONE);
        }
    }

  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO users (id, email, name, created_at) "
                                    "VALUES (?1, ?2, ?3, '2026-01-01T00:00:00Z')",
                                    -1, &user, NULL), SQLITE_OK);
  db_check (db, sqlite3_prepare_v2 (db,
                                    "INSERT INTO memberships (user_id, org_id, role) VALUES (?1, ?2, ?3)",
                                    -1, &member, NULL), SQLITE_OK);
  for (guint i = 1; i <= n_members; i++)
    {
      g_autofree char *id = g_strdup_printf ("usr_bench%011u", i);
      g_autofree char *email = g_strdup_printf ("member%05u@bench.test", i);
      g_autofree char *name = g_strdup_printf ("Member %05u", i);

      sqlite3_reset (user);
      sqlite3_bind_text (user, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (user, 2, email, -1, SQLITE_STATIC);
      sqlite3_bind_text (user, 3, name, -1, SQLITE_STATIC);
      db_check (db, sqlite3_step (user), SQLITE_DONE);

      sqlite3_reset (member);
      sqlite3_bind_text (member, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 2, org_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (member, 3, i % 10 == 0 ? "reviewer" : (i % 2 ? "developer" : "viewer"),
                         -1, SQLITE_STATIC);
      db_check (db, sqlite3_step (member), SQLITE_DONE);
    }

  db_check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_finalize (release);
  sqlite3_finalize (promotion);
  sqlite3_finalize (request);
  sqlite3_finalize (user);
  sqlite3_finalize (member);
  sqlite3_close (db);
}
