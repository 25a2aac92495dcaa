/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Db"

#include "config.h"

#include <string.h>

#include "sc-db-private.h"

/* What is the same for both engines: the choice of engine, the statement
 * cache and the transaction state. Everything else is the engine's. */

G_DEFINE_QUARK (sc-db-error-quark, sc_db_error)

gboolean
sc_db_target_is_postgresql (const char *target)
{
  g_return_val_if_fail (target != NULL, FALSE);

  return g_str_has_prefix (target, "postgresql://") ||
         g_str_has_prefix (target, "postgres://") ||
         (strchr (target, '=') != NULL && strchr (target, '/') == NULL);
}

ScDb *
sc_db_open (const char  *target,
            GError     **error)
{
  g_return_val_if_fail (target != NULL, NULL);

  if (sc_db_target_is_postgresql (target))
    return sc_db_pg_open (target, error);
  return sc_db_sqlite_open (target, error);
}

static void
stmt_free (gpointer data)
{
  ScDbStmt *stmt = data;

  stmt->db->driver->stmt_free (stmt);
}

void
sc_db_init_base (ScDb             *db,
                 const ScDbDriver *driver)
{
  db->driver = driver;
  db->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stmt_free);
  db->by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
}

void
sc_db_close (ScDb *db)
{
  if (db == NULL)
    return;
  g_clear_pointer (&db->by_address, g_hash_table_unref);
  g_clear_pointer (&db->statements, g_hash_table_unref);
  db->driver->close (db);
}

ScDbEngine
sc_db_get_engine (ScDb *db)
{
  return db->driver->engine;
}

gboolean
sc_db_exec (ScDb        *db,
            const char  *sql,
            GError     **error)
{
  return db->driver->exec (db, sql, error);
}

int
sc_db_get_schema_version (ScDb    *db,
                          GError **error)
{
  return db->driver->get_schema_version (db, error);
}

gboolean
sc_db_set_schema_version (ScDb     *db,
                          int       version,
                          GError  **error)
{
  return db->driver->set_schema_version (db, version, error);
}

gboolean
sc_db_begin (ScDb    *db,
             GError **error)
{
  g_return_val_if_fail (!db->in_transaction, FALSE);

  if (!db->driver->exec (db, db->driver->begin_sql, error))
    return FALSE;
  db->in_transaction = TRUE;
  return TRUE;
}

gboolean
sc_db_commit (ScDb    *db,
              GError **error)
{
  g_return_val_if_fail (db->in_transaction, FALSE);

  if (!db->driver->exec (db, "COMMIT", error))
    {
      sc_db_rollback (db);
      return FALSE;
    }
  db->in_transaction = FALSE;
  return TRUE;
}

void
sc_db_rollback (ScDb *db)
{
  g_autoptr(GError) error = NULL;

  if (!db->in_transaction)
    return;
  if (!db->driver->exec (db, "ROLLBACK", &error))
    g_warning ("ROLLBACK failed: %s", error->message);
  db->in_transaction = FALSE;
}

gboolean
sc_db_in_transaction (ScDb *db)
{
  return db->in_transaction;
}

int
sc_db_changes (ScDb *db)
{
  return db->driver->changes (db);
}

guint64
sc_db_change_stamp (ScDb *db)
{
  return db->driver->change_stamp (db);
}

void
sc_db_pin_change_stamp (ScDb     *db,
                        gboolean  pinned)
{
  if (db->driver->pin_change_stamp != NULL)
    db->driver->pin_change_stamp (db, pinned);
}

ScDbStmt *
sc_db_prepare (ScDb        *db,
               const char  *sql,
               GError     **error)
{
  ScDbStmt *stmt = g_hash_table_lookup (db->by_address, sql);

  if (stmt != NULL && strcmp (stmt->sql, sql) == 0)
    {
      db->driver->stmt_clear (stmt);
      return stmt;
    }

  stmt = g_hash_table_lookup (db->statements, sql);
  if (stmt == NULL)
    {
      char *key = g_strdup (sql);

      stmt = db->driver->prepare (db, sql, error);
      if (stmt == NULL)
        {
          g_free (key);
          return NULL;
        }
      stmt->db = db;
      stmt->sql = key;
      g_hash_table_insert (db->statements, key, stmt);
    }
  else
    db->driver->stmt_clear (stmt);

  /* SQL built at run time would fill it with addresses: bounded */
  if (g_hash_table_size (db->by_address) >= 4096)
    g_hash_table_remove_all (db->by_address);
  g_hash_table_insert (db->by_address, (gpointer) sql, stmt);
  return stmt;
}

void
sc_db_stmt_bind_int64 (ScDbStmt *stmt,
                       int       index,
                       gint64    value)
{
  stmt->db->driver->bind_int64 (stmt, index, value);
}

void
sc_db_stmt_bind_text (ScDbStmt   *stmt,
                      int         index,
                      const char *value)
{
  if (value == NULL)
    stmt->db->driver->bind_null (stmt, index);
  else
    stmt->db->driver->bind_text (stmt, index, value);
}

void
sc_db_stmt_bind_text_static (ScDbStmt   *stmt,
                             int         index,
                             const char *value)
{
  if (value != NULL && stmt->db->driver->bind_text_static != NULL)
    stmt->db->driver->bind_text_static (stmt, index, value);
  else
    sc_db_stmt_bind_text (stmt, index, value);
}

void
sc_db_stmt_bind_double (ScDbStmt *stmt,
                        int       index,
                        double    value)
{
  stmt->db->driver->bind_double (stmt, index, value);
}

void
sc_db_stmt_bind_blob (ScDbStmt      *stmt,
                      int            index,
                      gconstpointer  data,
                      gsize          size)
{
  stmt->db->driver->bind_blob (stmt, index, data, size);
}

void
sc_db_stmt_bind_null (ScDbStmt *stmt,
                      int       index)
{
  stmt->db->driver->bind_null (stmt, index);
}

int
sc_db_stmt_step (ScDbStmt  *stmt,
                 GError   **error)
{
  return stmt->db->driver->step (stmt, error);
}

void
sc_db_stmt_reset (ScDbStmt *stmt)
{
  stmt->db->driver->stmt_reset (stmt);
}

gboolean
sc_db_stmt_column_is_null (ScDbStmt *stmt,
                           int       column)
{
  return stmt->db->driver->column_is_null (stmt, column);
}

gint64
sc_db_stmt_column_int64 (ScDbStmt *stmt,
                         int       column)
{
  return stmt->db->driver->column_int64 (stmt, column);
}

double
sc_db_stmt_column_double (ScDbStmt *stmt,
                          int       column)
{
  return stmt->db->driver->column_double (stmt, column);
}

const char *
sc_db_stmt_column_text (ScDbStmt *stmt,
                        int       column)
{
  return stmt->db->driver->column_text (stmt, column);
}

gconstpointer
sc_db_stmt_column_blob (ScDbStmt *stmt,
                        int       column,
                        gsize    *size)
{
  return stmt->db->driver->column_blob (stmt, column, size);
}
