/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "sc-json.h"
#include "sc-store-private.h"

/* ScStore on an embedded SQLite database: WAL, foreign keys on, the schema
 * versioned with PRAGMA user_version and migrated forward on open,
 * statements prepared once per SQL text and bound, never formatted. The
 * operations themselves are in sc-store-*.c. */

struct _ScStoreSqlite
{
  ScStore     parent_instance;

  sqlite3    *db;
  GHashTable *statements; /* SQL text → sqlite3_stmt */
  gboolean    in_transaction;
};

G_DEFINE_FINAL_TYPE (ScStoreSqlite, sc_store_sqlite, SC_TYPE_STORE)

/* Every function of the backend takes the ScStore it was called on. */
static inline ScStoreSqlite *
sqlite_of (ScStore *store)
{
  return (ScStoreSqlite *) store;
}

static void
set_sqlite_error (ScStore     *self,
                  GError     **error,
                  const char  *what)
{
  int code = sqlite3_extended_errcode (sqlite_of (self)->db);
  int primary = code & 0xff;

  g_set_error (error, SC_STORE_ERROR,
               primary == SQLITE_CONSTRAINT ? SC_STORE_ERROR_CONSTRAINT : SC_STORE_ERROR_FAILED,
               "%s: %s (%d)", what, sqlite3_errmsg (sqlite_of (self)->db), code);
}

static void
sc_store_sqlite_finalize (GObject *object)
{
  ScStoreSqlite *self = (ScStoreSqlite *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);

  G_OBJECT_CLASS (sc_store_sqlite_parent_class)->finalize (object);
}

static void
sc_store_sqlite_init (ScStoreSqlite *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

static gboolean
exec_script (ScStore     *self,
             const char  *sql,
             GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (sqlite_of (self)->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_OPEN, "%s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (ScStore  *self,
         GError  **error)
{
  int version = sc_store_get_schema_version (self);
  guint n_migrations = g_strv_length ((char **) sc_store_migrations);

  if (version > (int) n_migrations)
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_OPEN,
                   "The database was written by a newer Stagecraft (schema %d, this one knows %u)",
                   version, n_migrations);
      return FALSE;
    }

  for (guint i = version; i < n_migrations; i++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u;", i + 1);

      if (!exec_script (self, "BEGIN IMMEDIATE;", error))
        return FALSE;
      if (!exec_script (self, sc_store_migrations[i], error) ||
          !exec_script (self, bump, error))
        {
          exec_script (self, "ROLLBACK;", NULL);
          return FALSE;
        }
      if (!exec_script (self, "COMMIT;", error))
        return FALSE;
    }

  return TRUE;
}

ScStore *
sc_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(ScStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SC_TYPE_STORE_SQLITE, NULL);
  rc = sqlite3_open_v2 (path, &sqlite_of (self)->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_OPEN,
                   "Cannot open the database “%s”: %s", path,
                   sqlite_of (self)->db ? sqlite3_errmsg (sqlite_of (self)->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_busy_timeout (sqlite_of (self)->db, 5000);
  sqlite3_extended_result_codes (sqlite_of (self)->db, 1);

  /* journal_mode answers a row: the first statement that touches the file,
   * so an unwritable path fails here with a clear message. */
  if (!exec_script (self, "PRAGMA journal_mode = WAL;", error))
    {
      g_prefix_error (error, "Cannot use the database “%s”: ", path);
      return NULL;
    }
  if (!exec_script (self,
                    "PRAGMA foreign_keys = ON;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA trusted_schema = OFF;", error) ||
      !migrate (self, error))
    {
      g_prefix_error (error, "Cannot use the database “%s”: ", path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static int
sc_store_sqlite_get_schema_version (ScStore *self)
{
  sqlite3_stmt *stmt;
  int version = 0;

  stmt = sc_store_query (self, NULL, "PRAGMA user_version", "");
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return version;
}

/* Rows this connection changed (triggers and cascades included; a
 * rollback counts too, which only costs a cache miss) and commits of
 * other connections (PRAGMA data_version). */
static guint64
sc_store_sqlite_get_change_stamp (ScStore *self)
{
  sqlite3_stmt *stmt;
  guint64 others = 0;

  stmt = sc_store_query (self, NULL, "PRAGMA data_version", "");
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    others = (guint64) sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return (others << 40) ^ (guint64) sqlite3_total_changes64 (sqlite_of (self)->db);
}

static sqlite3_stmt *
query_valist (ScStore     *self,
              GError     **error,
              const char  *sql,
              const char  *types,
              va_list      args)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (sqlite_of (self)->statements, sql);
  int i = 1;

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (sqlite_of (self)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          set_sqlite_error (self, error, "prepare");
          return NULL;
        }
      g_hash_table_insert (sqlite_of (self)->statements, g_strdup (sql), stmt);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  for (const char *t = types; *t != '\0'; t++, i++)
    {
      switch (*t)
        {
        case 's':
          {
            const char *s = va_arg (args, const char *);
            if (s == NULL)
              sqlite3_bind_null (stmt, i);
            else
              sqlite3_bind_text (stmt, i, s, -1, SQLITE_TRANSIENT);
          }
          break;
        case 'i':
          sqlite3_bind_int64 (stmt, i, va_arg (args, gint64));
          break;
        case 'b':
          sqlite3_bind_int (stmt, i, va_arg (args, gboolean) ? 1 : 0);
          break;
        case 'n':
          sqlite3_bind_null (stmt, i);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return stmt;
}

sqlite3_stmt *
sc_store_query (ScStore     *self,
                GError     **error,
                const char  *sql,
                const char  *types,
                ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, types);
  stmt = query_valist (self, error, sql, types, args);
  va_end (args);

  return stmt;
}

int
sc_store_step (ScStore       *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  set_sqlite_error (self, error, "step");
  sqlite3_reset (stmt);
  return -1;
}

gboolean
sc_store_exec (ScStore     *self,
               GError     **error,
               const char  *sql,
               const char  *types,
               ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  int rc;

  va_start (args, types);
  stmt = query_valist (self, error, sql, types, args);
  va_end (args);

  if (stmt == NULL)
    return FALSE;

  rc = sc_store_step (self, stmt, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

void
sc_store_set_not_found (GError     **error,
                        const char  *what)
{
  g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND, "No such %s", what);
}

int
sc_store_changes (ScStore *self)
{
  return sqlite3_changes (sqlite_of (self)->db);
}

gint64
sc_store_next_seq (ScStore     *self,
                   const char  *table,
                   GError     **error)
{
  g_autofree char *key = g_strconcat ("seq.", table, NULL);
  sqlite3_stmt *stmt;
  gint64 value = -1;

  if (!sc_store_exec (self, error,
                      "INSERT INTO meta (key, value) VALUES (?1, '1') "
                      "ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1",
                      "s", key))
    return -1;

  stmt = sc_store_query (self, error, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = ?1", "s", key);
  if (stmt != NULL && sc_store_step (self, stmt, error) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return value;
}

static gboolean
sc_store_sqlite_transaction_begin (ScStore  *self,
                                   GError  **error)
{
  g_return_val_if_fail (!sqlite_of (self)->in_transaction, FALSE);

  if (!sc_store_exec (self, error, "BEGIN IMMEDIATE", ""))
    return FALSE;
  sqlite_of (self)->in_transaction = TRUE;
  return TRUE;
}

static gboolean
sc_store_sqlite_transaction_commit (ScStore  *self,
                                    GError  **error)
{
  g_return_val_if_fail (sqlite_of (self)->in_transaction, FALSE);

  if (!sc_store_exec (self, error, "COMMIT", ""))
    {
      sc_store_transaction_rollback (self);
      return FALSE;
    }
  sqlite_of (self)->in_transaction = FALSE;
  return TRUE;
}

static void
sc_store_sqlite_transaction_rollback (ScStore *self)
{
  if (!sqlite_of (self)->in_transaction)
    return;
  if (!sc_store_exec (self, NULL, "ROLLBACK", ""))
    g_warning ("ROLLBACK failed: %s", sqlite3_errmsg (sqlite_of (self)->db));
  sqlite_of (self)->in_transaction = FALSE;
}

const char *
sc_store_col_text (sqlite3_stmt *stmt,
                   int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gint64
sc_store_col_int (sqlite3_stmt *stmt,
                  int           column)
{
  return sqlite3_column_int64 (stmt, column);
}

JsonNode *
sc_store_col_json (sqlite3_stmt *stmt,
                   int           column)
{
  const char *text = sc_store_col_text (stmt, column);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (text == NULL)
    return json_node_new (JSON_NODE_NULL);

  node = sc_json_parse (text, -1, SC_JSON_MAX_DEPTH, &error);
  if (node == NULL)
    {
      g_critical ("Stored JSON does not parse: %s", error->message);
      return json_node_new (JSON_NODE_NULL);
    }
  return node;
}

void
sc_store_set_text (JsonObject   *object,
                   const char   *name,
                   sqlite3_stmt *stmt,
                   int           column)
{
  const char *text = sc_store_col_text (stmt, column);

  if (text == NULL)
    json_object_set_null_member (object, name);
  else
    json_object_set_string_member (object, name, text);
}

char *
sc_store_json_text (JsonNode *node)
{
  return sc_json_to_string (node);
}

JsonObject *
sc_store_user_from_row (sqlite3_stmt *stmt,
                        int           column,
                        gboolean      with_name)
{
  JsonObject *user = json_object_new ();

  sc_store_set_text (user, "id", stmt, column);
  sc_store_set_text (user, "email", stmt, column + 1);
  if (with_name)
    sc_store_set_text (user, "name", stmt, column + 2);
  return user;
}

char *
sc_store_collect_text (ScStore       *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  if (sc_store_step (self, stmt, error) == SQLITE_ROW)
    text = g_strdup (sc_store_col_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

JsonObject *
sc_store_collect_one (ScStore         *self,
                      sqlite3_stmt    *stmt,
                      ScStoreRowFunc   row_func,
                      const char      *what,
                      GError         **error)
{
  JsonObject *object = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  rc = sc_store_step (self, stmt, error);
  if (rc == SQLITE_ROW)
    object = row_func (stmt);
  else if (rc == SQLITE_DONE)
    sc_store_set_not_found (error, what);
  sqlite3_reset (stmt);

  return object;
}

JsonArray *
sc_store_collect_rows (ScStore         *self,
                       sqlite3_stmt    *stmt,
                       ScStoreRowFunc   row_func,
                       GError         **error)
{
  g_autoptr(JsonArray) items = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  items = json_array_new ();
  while ((rc = sc_store_step (self, stmt, error)) == SQLITE_ROW)
    json_array_add_object_element (items, row_func (stmt));
  sqlite3_reset (stmt);
  if (rc < 0)
    return NULL;

  return g_steal_pointer (&items);
}

JsonArray *
sc_store_collect_page (ScStore         *self,
                       sqlite3_stmt    *stmt,
                       guint            limit,
                       int              cursor_column,
                       ScStoreRowFunc   row_func,
                       gint64          *next_cursor,
                       GError         **error)
{
  g_autoptr(JsonArray) items = NULL;
  gint64 last = 0;
  int rc;

  if (next_cursor != NULL)
    *next_cursor = 0;
  if (stmt == NULL)
    return NULL;

  items = json_array_new ();
  while ((rc = sc_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      if (json_array_get_length (items) == limit)
        {
          if (next_cursor != NULL)
            *next_cursor = last;
          break;
        }
      last = sc_store_col_int (stmt, cursor_column);
      json_array_add_object_element (items, row_func (stmt));
    }
  sqlite3_reset (stmt);
  if (rc < 0)
    return NULL;

  return g_steal_pointer (&items);
}

static void
sc_store_sqlite_class_init (ScStoreSqliteClass *klass)
{
  ScStoreClass *store_class = SC_STORE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sc_store_sqlite_finalize;

  store_class->get_schema_version = sc_store_sqlite_get_schema_version;
  store_class->get_change_stamp = sc_store_sqlite_get_change_stamp;
  store_class->transaction_begin = sc_store_sqlite_transaction_begin;
  store_class->transaction_commit = sc_store_sqlite_transaction_commit;
  store_class->transaction_rollback = sc_store_sqlite_transaction_rollback;
  sc_store_sqlite_init_approvals (store_class);
  sc_store_sqlite_init_audit (store_class);
  sc_store_sqlite_init_review (store_class);
  sc_store_sqlite_init_auth (store_class);
  sc_store_sqlite_init_demo (store_class);
  sc_store_sqlite_init_orgs (store_class);
  sc_store_sqlite_init_paths (store_class);
  sc_store_sqlite_init_promotions (store_class);
  sc_store_sqlite_init_workflows (store_class);
}
