/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include "sc-store-private.h"

/* `stagecraft-server migrate-db --from FILE --to postgresql://…`: every
 * row of an SQLite database (audit, tokens, idempotency keys included)
 * into an empty PostgreSQL one, in one transaction, then the row counts of
 * both compared. Both are first brought to this server's schema. */

/* Parents before children (foreign keys); a table the list misses is
 * copied after these. */
static const char * const table_order[] = {
  "users", "orgs", "memberships", "api_keys", "tokens", "mappings", "paths",
  "path_stages", "connections", "connection_grants", "workflows",
  "workflow_connections", "workflow_grants", "releases", "approval_requests",
  "promotions", "approval_decisions", "audit_events", "events", "idempotency",
  "meta",
};

static GPtrArray *
tables_of (ScDb    *to,
           GError **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  ScDbStmt *stmt;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (table_order); i++)
    g_ptr_array_add (tables, g_strdup (table_order[i]));

  stmt = sc_db_prepare (to,
                        "SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = current_schema () AND table_type = 'BASE TABLE' "
                        "  AND table_name <> 'sc_schema_version' ORDER BY table_name",
                        error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sc_db_stmt_step (stmt, error)) == SC_DB_ROW)
    {
      const char *name = sc_db_stmt_column_text (stmt, 0);

      if (!g_strv_contains (table_order, name))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sc_db_stmt_reset (stmt);
  if (rc == SC_DB_FAILED)
    return NULL;
  return g_steal_pointer (&tables);
}

static gint64
count_rows (ScDb        *db,
            const char  *table,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
  ScDbStmt *stmt = sc_db_prepare (db, sql, error);
  gint64 n = -1;

  if (stmt != NULL && sc_db_stmt_step (stmt, error) == SC_DB_ROW)
    n = sc_db_stmt_column_int64 (stmt, 0);
  if (stmt != NULL)
    sc_db_stmt_reset (stmt);
  return n;
}

/* Copies @table: the destination's columns (its rowid column too: lists
 * page by it), read by name from the source. */
static gboolean
copy_table (ScDb        *from,
            ScDb        *to,
            const char  *table,
            GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) is_blob = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) insert = g_string_new (NULL);
  ScDbStmt *stmt;
  ScDbStmt *read;
  ScDbStmt *write;
  int rc;

  stmt = sc_db_prepare (to,
                        "SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_schema = current_schema () AND table_name = ? "
                        "ORDER BY ordinal_position", error);
  if (stmt == NULL)
    return FALSE;
  sc_db_stmt_bind_text (stmt, 1, table);
  while ((rc = sc_db_stmt_step (stmt, error)) == SC_DB_ROW)
    {
      gboolean blob = g_strcmp0 (sc_db_stmt_column_text (stmt, 1), "bytea") == 0;

      g_ptr_array_add (columns, g_strdup (sc_db_stmt_column_text (stmt, 0)));
      g_array_append_val (is_blob, blob);
    }
  sc_db_stmt_reset (stmt);
  if (rc == SC_DB_FAILED)
    return FALSE;

  g_string_append_printf (insert, "INSERT INTO %s (", table);
  for (guint i = 0; i < columns->len; i++)
    {
      g_string_append_printf (select, "%s%s", i > 0 ? ", " : "", (char *) columns->pdata[i]);
      g_string_append_printf (insert, "%s%s", i > 0 ? ", " : "", (char *) columns->pdata[i]);
    }
  g_string_append_printf (select, " FROM %s", table);
  g_string_append (insert, ") VALUES (");
  for (guint i = 0; i < columns->len; i++)
    g_string_append (insert, i > 0 ? ", ?" : "?");
  g_string_append (insert, ")");

  read = sc_db_prepare (from, select->str, error);
  write = read != NULL ? sc_db_prepare (to, insert->str, error) : NULL;
  if (write == NULL)
    return FALSE;

  while ((rc = sc_db_stmt_step (read, error)) == SC_DB_ROW)
    {
      sc_db_stmt_reset (write);
      for (guint i = 0; i < columns->len; i++)
        {
          if (sc_db_stmt_column_is_null (read, i))
            sc_db_stmt_bind_null (write, i + 1);
          else if (g_array_index (is_blob, gboolean, i))
            {
              gsize size = 0;
              gconstpointer data = sc_db_stmt_column_blob (read, i, &size);

              sc_db_stmt_bind_blob (write, i + 1, data, size);
            }
          else
            sc_db_stmt_bind_text (write, i + 1, sc_db_stmt_column_text (read, i));
        }
      if (sc_db_stmt_step (write, error) == SC_DB_FAILED)
        {
          g_prefix_error (error, "%s: ", table);
          sc_db_stmt_reset (read);
          return FALSE;
        }
    }
  sc_db_stmt_reset (read);
  sc_db_stmt_reset (write);
  return rc == SC_DB_DONE;
}

/* Identity columns continue after the copied values. */
static gboolean
advance_identities (ScDb    *to,
                    GError **error)
{
  return sc_db_exec (to,
                     "DO $$ DECLARE c record; BEGIN "
                     "FOR c IN SELECT table_name, column_name FROM information_schema.columns "
                     "         WHERE table_schema = current_schema () AND is_identity = 'YES' LOOP "
                     "  EXECUTE format ('SELECT setval (pg_get_serial_sequence (%L, %L), "
                     "                  GREATEST ((SELECT max (%I) FROM %I), 1))', "
                     "                  c.table_name, c.column_name, c.column_name, c.table_name); "
                     "END LOOP; END $$", error);
}

gboolean
sc_store_copy_database (const char  *source,
                        const char  *target,
                        GString     *report,
                        GError     **error)
{
  g_autoptr(ScStore) from = NULL;
  g_autoptr(ScStore) to = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  GError *db_error = NULL;
  ScDb *src, *dst;
  gboolean ok = TRUE;

  if (sc_db_target_is_postgresql (source) || !sc_db_target_is_postgresql (target))
    {
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_OPEN,
                           "migrate-db copies an SQLite file (--from) into PostgreSQL (--to)");
      return FALSE;
    }
  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_OPEN, "There is no database file “%s”", source);
      return FALSE;
    }
  if ((from = sc_store_open (source, error)) == NULL ||
      (to = sc_store_open (target, error)) == NULL)
    return FALSE;
  src = sc_store_get_db (from);
  dst = sc_store_get_db (to);

  if ((tables = tables_of (dst, &db_error)) == NULL)
    goto failed;
  for (guint i = 0; i < tables->len; i++)
    {
      gint64 n = count_rows (dst, tables->pdata[i], &db_error);

      if (n < 0)
        goto failed;
      if (n > 0 && g_strcmp0 (tables->pdata[i], "meta") != 0)
        {
          g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_CONSTRAINT,
                       "The PostgreSQL database is not empty (%s has %" G_GINT64_FORMAT " rows)",
                       (char *) tables->pdata[i], n);
          return FALSE;
        }
    }

  if (!sc_db_begin (dst, &db_error) ||
      !sc_db_exec (dst, "DELETE FROM meta", &db_error))
    goto failed;
  for (guint i = 0; ok && i < tables->len; i++)
    ok = copy_table (src, dst, tables->pdata[i], &db_error);
  ok = ok && advance_identities (dst, &db_error);

  /* the same rows on both sides, or nothing */
  for (guint i = 0; ok && i < tables->len; i++)
    {
      gint64 a = count_rows (src, tables->pdata[i], &db_error);
      gint64 b = a >= 0 ? count_rows (dst, tables->pdata[i], &db_error) : -1;

      if (a < 0 || b < 0)
        ok = FALSE;
      else if (a != b)
        {
          g_set_error (&db_error, SC_DB_ERROR, SC_DB_ERROR_FAILED,
                       "%s: %" G_GINT64_FORMAT " rows in the file, %" G_GINT64_FORMAT " copied",
                       (char *) tables->pdata[i], a, b);
          ok = FALSE;
        }
      else if (report != NULL)
        g_string_append_printf (report, "%-22s %" G_GINT64_FORMAT "\n", (char *) tables->pdata[i], a);
    }
  if (ok && sc_db_commit (dst, &db_error))
    return TRUE;
  sc_db_rollback (dst);

failed:
  g_propagate_prefixed_error (error, db_error, "Cannot copy the database: ");
  return FALSE;
}
