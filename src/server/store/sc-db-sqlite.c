/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Db"

#include "config.h"

#include <sqlite3.h>

#include "sc-db-private.h"

/* ScDb on an embedded SQLite file: WAL, foreign keys on, a busy timeout
 * for the other processes (the command line) that write the same file,
 * statements prepared once and kept. */

typedef struct
{
  ScDb          base;
  sqlite3      *handle;
  sqlite3_stmt *data_version;  /* PRAGMA data_version, prepared once */
  gboolean      pinned;
  guint64       pinned_others; /* data_version at the pin */
} ScDbSqlite;

typedef struct
{
  ScDbStmt      base;
  sqlite3_stmt *handle;
} ScDbSqliteStmt;

static inline sqlite3 *
handle_of (ScDb *db)
{
  return ((ScDbSqlite *) db)->handle;
}

static inline sqlite3_stmt *
stmt_of (ScDbStmt *stmt)
{
  return ((ScDbSqliteStmt *) stmt)->handle;
}

static void
set_error (sqlite3     *handle,
           GError     **error,
           const char  *what)
{
  int code = sqlite3_extended_errcode (handle);
  ScDbErrorCode kind = SC_DB_ERROR_FAILED;

  switch (code & 0xff)
    {
    case SQLITE_CONSTRAINT:
      kind = (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
               ? SC_DB_ERROR_CONSTRAINT_UNIQUE : SC_DB_ERROR_CONSTRAINT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      kind = SC_DB_ERROR_BUSY;
      break;
    default:
      break;
    }

  g_set_error (error, SC_DB_ERROR, kind, "%s: %s (%d)", what, sqlite3_errmsg (handle), code);
}

static void
db_close (ScDb *db)
{
  g_clear_pointer (&((ScDbSqlite *) db)->data_version, sqlite3_finalize);
  if (handle_of (db) != NULL)
    sqlite3_close (handle_of (db));
  g_free (db);
}

static gboolean
db_exec (ScDb        *db,
         const char  *sql,
         GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (handle_of (db), sql, NULL, NULL, &message) != SQLITE_OK)
    {
      int code = sqlite3_extended_errcode (handle_of (db));

      g_set_error (error, SC_DB_ERROR,
                   (code & 0xff) == SQLITE_BUSY ? SC_DB_ERROR_BUSY :
                   (code & 0xff) == SQLITE_CONSTRAINT ? SC_DB_ERROR_CONSTRAINT : SC_DB_ERROR_FAILED,
                   "%s", message != NULL ? message : sqlite3_errmsg (handle_of (db)));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gint64
pragma_int (ScDb       *db,
            const char *pragma)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_prepare_v2 (handle_of (db), pragma, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static int
db_get_schema_version (ScDb    *db,
                       GError **error)
{
  return (int) pragma_int (db, "PRAGMA user_version");
}

static gboolean
db_set_schema_version (ScDb    *db,
                       int      version,
                       GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return db_exec (db, sql, error);
}

static int
db_changes (ScDb *db)
{
  return sqlite3_changes (handle_of (db));
}

/* Rows this connection changed (triggers and cascades included; a
 * rollback counts too, which only costs a cache miss) and commits of
 * other connections (PRAGMA data_version). */
static guint64
data_version (ScDbSqlite *self)
{
  guint64 others = 0;

  /* asked before every cached answer and authentication: prepared once
   * (preparing it each time cost more than the rest of the lookup) */
  if (self->data_version == NULL)
    sqlite3_prepare_v3 (self->handle, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                        &self->data_version, NULL);
  if (self->data_version != NULL && sqlite3_step (self->data_version) == SQLITE_ROW)
    others = (guint64) sqlite3_column_int64 (self->data_version, 0);
  if (self->data_version != NULL)
    sqlite3_reset (self->data_version);
  return others;
}

static guint64
db_change_stamp (ScDb *db)
{
  ScDbSqlite *self = (ScDbSqlite *) db;
  guint64 others = self->pinned ? self->pinned_others : data_version (self);

  return (others << 40) ^ (guint64) sqlite3_total_changes64 (handle_of (db));
}

static void
db_pin_change_stamp (ScDb     *db,
                     gboolean  pinned)
{
  ScDbSqlite *self = (ScDbSqlite *) db;

  self->pinned = pinned;
  if (pinned)
    self->pinned_others = data_version (self);
}

static ScDbStmt *
db_prepare (ScDb        *db,
            const char  *sql,
            GError     **error)
{
  ScDbSqliteStmt *stmt;
  sqlite3_stmt *handle = NULL;

  if (sqlite3_prepare_v3 (handle_of (db), sql, -1, SQLITE_PREPARE_PERSISTENT, &handle, NULL) != SQLITE_OK)
    {
      set_error (handle_of (db), error, "prepare");
      return NULL;
    }
  stmt = g_new0 (ScDbSqliteStmt, 1);
  stmt->handle = handle;
  return (ScDbStmt *) stmt;
}

static void
stmt_free (ScDbStmt *stmt)
{
  sqlite3_finalize (stmt_of (stmt));
  g_free (stmt);
}

static void
stmt_clear (ScDbStmt *stmt)
{
  sqlite3_reset (stmt_of (stmt));
  sqlite3_clear_bindings (stmt_of (stmt));
}

static void
stmt_reset (ScDbStmt *stmt)
{
  sqlite3_reset (stmt_of (stmt));
}

static void
bind_int64 (ScDbStmt *stmt,
            int       index,
            gint64    value)
{
  sqlite3_bind_int64 (stmt_of (stmt), index, value);
}

static void
bind_text (ScDbStmt   *stmt,
           int         index,
           const char *value)
{
  sqlite3_bind_text (stmt_of (stmt), index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_text_static (ScDbStmt   *stmt,
                  int         index,
                  const char *value)
{
  sqlite3_bind_text (stmt_of (stmt), index, value, -1, SQLITE_STATIC);
}

static void
bind_double (ScDbStmt *stmt,
             int       index,
             double    value)
{
  sqlite3_bind_double (stmt_of (stmt), index, value);
}

static void
bind_blob (ScDbStmt      *stmt,
           int            index,
           gconstpointer  data,
           gsize          size)
{
  sqlite3_bind_blob (stmt_of (stmt), index, data, (int) size, SQLITE_TRANSIENT);
}

static void
bind_null (ScDbStmt *stmt,
           int       index)
{
  sqlite3_bind_null (stmt_of (stmt), index);
}

static int
step (ScDbStmt  *stmt,
      GError   **error)
{
  int rc = sqlite3_step (stmt_of (stmt));

  if (rc == SQLITE_ROW)
    return SC_DB_ROW;
  if (rc == SQLITE_DONE)
    return SC_DB_DONE;

  set_error (((ScDbSqlite *) stmt->db)->handle, error, "step");
  sqlite3_reset (stmt_of (stmt));
  return SC_DB_FAILED;
}

static gboolean
column_is_null (ScDbStmt *stmt,
                int       column)
{
  return sqlite3_column_type (stmt_of (stmt), column) == SQLITE_NULL;
}

static gint64
column_int64 (ScDbStmt *stmt,
              int       column)
{
  return sqlite3_column_int64 (stmt_of (stmt), column);
}

static double
column_double (ScDbStmt *stmt,
               int       column)
{
  return sqlite3_column_double (stmt_of (stmt), column);
}

static const char *
column_text (ScDbStmt *stmt,
             int       column)
{
  return (const char *) sqlite3_column_text (stmt_of (stmt), column);
}

static gconstpointer
column_blob (ScDbStmt *stmt,
             int       column,
             gsize    *size)
{
  gconstpointer data = sqlite3_column_blob (stmt_of (stmt), column);

  *size = sqlite3_column_bytes (stmt_of (stmt), column);
  return data;
}

static const ScDbDriver sqlite_driver = {
  .engine = SC_DB_ENGINE_SQLITE,
  .close = db_close,
  .exec = db_exec,
  .get_schema_version = db_get_schema_version,
  .set_schema_version = db_set_schema_version,
  .begin_sql = "BEGIN IMMEDIATE",
  .changes = db_changes,
  .change_stamp = db_change_stamp,
  .pin_change_stamp = db_pin_change_stamp,
  .prepare = db_prepare,
  .stmt_free = stmt_free,
  .stmt_clear = stmt_clear,
  .stmt_reset = stmt_reset,
  .bind_int64 = bind_int64,
  .bind_text = bind_text,
  .bind_text_static = bind_text_static,
  .bind_double = bind_double,
  .bind_blob = bind_blob,
  .bind_null = bind_null,
  .step = step,
  .column_is_null = column_is_null,
  .column_int64 = column_int64,
  .column_double = column_double,
  .column_text = column_text,
  .column_blob = column_blob,
};

ScDb *
sc_db_sqlite_open (const char  *path,
                   GError     **error)
{
  g_autoptr(ScDb) db = NULL;
  sqlite3 *handle = NULL;
  int rc;

  db = (ScDb *) g_new0 (ScDbSqlite, 1);
  sc_db_init_base (db, &sqlite_driver);

  rc = sqlite3_open_v2 (path, &handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  ((ScDbSqlite *) db)->handle = handle;
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SC_DB_ERROR, SC_DB_ERROR_OPEN,
                   "Cannot open the database “%s”: %s", path,
                   handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (handle, 5000);
  sqlite3_extended_result_codes (handle, 1);

  /* journal_mode answers a row: the first statement that touches the file,
   * so an unwritable path fails here with a clear message. */
  if (!db_exec (db, "PRAGMA journal_mode = WAL;", error) ||
      !db_exec (db,
                "PRAGMA foreign_keys = ON;"
                "PRAGMA synchronous = NORMAL;"
                "PRAGMA trusted_schema = OFF;", error))
    {
      g_prefix_error (error, "Cannot use the database “%s”: ", path);
      if (error != NULL && *error != NULL)
        (*error)->code = SC_DB_ERROR_OPEN;
      return NULL;
    }

  return g_steal_pointer (&db);
}
