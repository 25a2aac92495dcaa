/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-bench-seed.h"
#include "sc-db.h"

/* Seeding goes through the server's database driver (sc-db.h), in SQL both
 * engines accept: the database is SQLite or PostgreSQL, as the server's. */

static ScDb *
db_open (const char *database)
{
  g_autoptr(GError) error = NULL;
  ScDb *db = sc_db_open (database, &error);

  if (db == NULL || !sc_db_begin (db, &error))
    g_error ("Cannot seed %s: %s", database, error->message);
  return db;
}

static void
db_commit (ScDb *db)
{
  g_autoptr(GError) error = NULL;

  if (!sc_db_commit (db, &error))
    g_error ("Cannot seed: %s", error->message);
}

/* Binds @types ('s' text, 'i' gint64) and runs @sql, expecting no rows. */
static void
db_run (ScDb       *db,
        const char *sql,
        const char *types,
        ...)
{
  g_autoptr(GError) error = NULL;
  ScDbStmt *stmt = sc_db_prepare (db, sql, &error);
  va_list args;

  if (stmt == NULL)
    g_error ("Cannot seed: %s", error->message);
  va_start (args, types);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'i')
        sc_db_stmt_bind_int64 (stmt, i + 1, va_arg (args, gint64));
      else
        sc_db_stmt_bind_text (stmt, i + 1, va_arg (args, const char *));
    }
  va_end (args);
  if (sc_db_stmt_step (stmt, &error) != SC_DB_DONE)
    g_error ("Cannot seed: %s", error != NULL ? error->message : "a row");
  sc_db_stmt_reset (stmt);
}

/* The next @count values of the server's sequence for @table (meta
 * "seq.TABLE"); returns the first. */
static gint64
take_seq (ScDb       *db,
          const char *table,
          guint       count)
{
  g_autofree char *key = g_strconcat ("seq.", table, NULL);
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  ScDbStmt *stmt;
  gint64 first = 1;

  stmt = sc_db_prepare (db, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = ?1", &error);
  if (stmt == NULL)
    g_error ("Cannot seed: %s", error->message);
  sc_db_stmt_bind_text (stmt, 1, key);
  if (sc_db_stmt_step (stmt, NULL) == SC_DB_ROW)
    first = sc_db_stmt_column_int64 (stmt, 0) + 1;
  sc_db_stmt_reset (stmt);

  value = g_strdup_printf ("%" G_GINT64_FORMAT, first + count - 1);
  db_run (db, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
              "ON CONFLICT (key) DO UPDATE SET value = ?2", "ss", key, value);
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
  g_autoptr(ScDb) db = db_open (database);
  gint64 first_seq;
  guint visible = 0;

  /* the server's sequence continues after them */
  first_seq = take_seq (db, "workflows", n_workflows);

  for (guint i = 1; i <= n_workflows; i++)
    {
      g_autofree char *id = sc_bench_seed_workflow_id (i);
      g_autofree char *name = g_strdup_printf (i % 10 == 0 ? "Daily report %05u" : "Workflow %05u", i);
      g_autofree char *url = g_strdup_printf ("/hooks/%u", i);
      gboolean hidden = i % 4 == 0;
      gboolean granted = hidden && i % 8 == 0;

      db_run (db,
              "INSERT INTO workflows (id, seq, org_id, name, owner_id, steps, config, "
              "  trigger_url, trigger_method, tags, general_access, sharing_etag, etag, "
              "  created_at, updated_at) "
              "VALUES (?1, ?2, ?3, ?4, ?5, '[{\"do\":\"fetch\"},{\"do\":\"store\"}]', "
              "  '{\"retries\":3}', ?6, 'POST', '[\"bench\"]', ?7, 'se', 'e', "
              "  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
              "sisssss", id, first_seq + i - 1, org_id, name, owner_id, url, hidden ? "none" : "view");
      if (granted)
        db_run (db, "INSERT INTO workflow_grants (workflow_id, user_id, permission) "
                    "VALUES (?1, ?2, 'view')", "ss", id, caller_id);
      if (!hidden || granted)
        visible++;
    }

  db_commit (db);
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
  g_autoptr(ScDb) db = NULL;
  gint64 promotion_seq, request_seq;

  g_assert (n_history + n_pending <= n_workflows);

  db = db_open (database);
  promotion_seq = take_seq (db, "promotions", n_history);
  request_seq = take_seq (db, "approval_requests", n_pending);

  for (guint i = 1; i <= n_workflows; i++)
    {
      g_autofree char *wf = sc_bench_seed_workflow_id (i);
      g_autofree char *rel = g_strdup_printf ("rel_bench%012u", i);
      /* the snapshot of what sc_bench_seed_workflows() wrote, as the
       * server writes one (sc_json_to_string (): no whitespace) */
      g_autofree char *snapshot =
        g_strdup_printf ("{\"name\":\"%s %05u\",\"description\":null,"
                         "\"steps\":[{\"do\":\"fetch\"},{\"do\":\"store\"}],"
                         "\"config\":{\"retries\":3},"
                         "\"trigger\":{\"url\":\"/hooks/%u\",\"method\":\"POST\"},"
                         "\"connections\":[]}",
                         i % 10 == 0 ? "Daily report" : "Workflow", i, i);

      db_run (db,
              "INSERT INTO releases (id, workflow_id, version, notes, snapshot, created_by, created_at) "
              "VALUES (?1, ?2, 1, 'seeded', ?3, ?4, '2026-01-02T00:00:00Z')",
              "ssss", rel, wf, snapshot, actor_id);

      if (i <= n_history)
        {
          g_autofree char *id = g_strdup_printf ("prm_bench%011u", i);

          db_run (db,
                  "INSERT INTO promotions (id, seq, kind, release_id, release_version, "
                  "  workflow_id, path_id, source_tag, source_org_id, target_tag, "
                  "  target_org_id, actor_id, outcome, at) "
                  "VALUES (?1, ?2, 'promote', ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                  "  'failed', '2026-01-03T00:00:00Z')",
                  "sissssssss", id, promotion_seq++, rel, wf, path_id, source_tag, org_id,
                  target_tag, target_org_id, actor_id);
        }
      else if (i <= n_history + n_pending)
        {
          g_autofree char *id = g_strdup_printf ("apr_bench%011u", i);

          db_run (db,
                  "INSERT INTO approval_requests (id, seq, state, workflow_id, release_id, "
                  "  path_id, path_name, source_tag, source_org_id, target_tag, "
                  "  target_org_id, requester_id, message, required_approvals, "
                  "  created_at, expires_at, updated_at) "
                  "VALUES (?1, ?2, 'pending', ?3, ?4, ?5, 'Bench path', ?6, ?7, ?8, ?9, "
                  "  ?10, 'Please', 1, '2026-01-04T00:00:00Z', '2099-01-01T00:00:00Z', "
                  "  '2026-01-04T00:00:00Z')",
                  "sissssssss", id, request_seq++, wf, rel, path_id, source_tag, org_id,
                  target_tag, target_org_id, actor_id);
        }
    }

  for (guint i = 1; i <= n_members; i++)
    {
      g_autofree char *id = g_strdup_printf ("usr_bench%011u", i);
      g_autofree char *email = g_strdup_printf ("member%05u@bench.test", i);
      g_autofree char *name = g_strdup_printf ("Member %05u", i);

      db_run (db, "INSERT INTO users (id, email, name, created_at) "
                  "VALUES (?1, ?2, ?3, '2026-01-01T00:00:00Z')", "sss", id, email, name);
      db_run (db, "INSERT INTO memberships (user_id, org_id, role) VALUES (?1, ?2, ?3)",
              "sss", id, org_id, i % 10 == 0 ? "reviewer" : (i % 2 ? "developer" : "viewer"));
    }

  db_commit (db);
}
