/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>

#include "sc-clock.h"
#include "sc-json.h"
#include "sc-store-private.h"

/* ScStore: the server's storage, over one ScDb connection (SQLite or
 * PostgreSQL, sc-db.h). Opening migrates the schema forward; the
 * operations are in sc-store-*.c, written once for both engines; what
 * they share (binding, collecting rows, ids, secrets, the time) is here. */

struct _ScStore
{
  GObject  parent_instance;

  ScDb    *db;
};

G_DEFINE_FINAL_TYPE (ScStore, sc_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (sc-store-error-quark, sc_store_error)

static void
sc_store_finalize (GObject *object)
{
  ScStore *self = (ScStore *)object;

  g_clear_pointer (&self->db, sc_db_close);

  G_OBJECT_CLASS (sc_store_parent_class)->finalize (object);
}

static void
sc_store_class_init (ScStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_store_finalize;
}

static void
sc_store_init (ScStore *self)
{
}

ScDb *
sc_store_get_db (ScStore *self)
{
  return self->db;
}

/* Moves an ScDb error into the store's domain. */
static void
propagate_db_error (GError **error,
                    GError  *db_error)
{
  ScStoreError code = SC_STORE_ERROR_FAILED;

  if (db_error == NULL)
    return;
  switch ((ScDbErrorCode) db_error->code)
    {
    case SC_DB_ERROR_CONSTRAINT:
    case SC_DB_ERROR_CONSTRAINT_UNIQUE:
      code = SC_STORE_ERROR_CONSTRAINT;
      break;
    case SC_DB_ERROR_BUSY:
      code = SC_STORE_ERROR_BUSY;
      break;
    case SC_DB_ERROR_OPEN:
      code = SC_STORE_ERROR_OPEN;
      break;
    case SC_DB_ERROR_FAILED:
    default:
      break;
    }
  db_error->domain = SC_STORE_ERROR;
  db_error->code = code;
  g_propagate_error (error, db_error);
}

static gboolean
migrate (ScStore  *self,
         GError  **error)
{
  const char * const *migrations = sc_store_get_migrations (sc_db_get_engine (self->db));
  guint n_migrations = g_strv_length ((char **) migrations);
  GError *db_error = NULL;
  int version;

  version = sc_db_get_schema_version (self->db, &db_error);
  if (db_error != NULL)
    {
      propagate_db_error (error, db_error);
      return FALSE;
    }
  if (version > (int) n_migrations)
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_OPEN,
                   "The database was written by a newer Stagecraft (schema %d, this one knows %u)",
                   version, n_migrations);
      return FALSE;
    }

  for (guint i = version; i < n_migrations; i++)
    {
      if (!sc_db_begin (self->db, &db_error))
        break;
      /* Server instances that start together on one PostgreSQL database
       * migrate one after the other: the later ones find it done. */
      if (sc_db_get_engine (self->db) == SC_DB_ENGINE_POSTGRESQL)
        {
          if (!sc_db_exec (self->db, "SELECT pg_advisory_xact_lock (7406)", &db_error))
            {
              sc_db_rollback (self->db);
              break;
            }
          version = sc_db_get_schema_version (self->db, NULL);
          if (version > (int) i)
            {
              sc_db_rollback (self->db);
              i = version - 1;
              continue;
            }
        }
      if (!sc_db_exec (self->db, migrations[i], &db_error) ||
          !sc_db_set_schema_version (self->db, i + 1, &db_error) ||
          !sc_db_commit (self->db, &db_error))
        {
          sc_db_rollback (self->db);
          break;
        }
    }

  if (db_error != NULL)
    {
      db_error->code = SC_DB_ERROR_OPEN;
      propagate_db_error (error, db_error);
      return FALSE;
    }
  return TRUE;
}

ScStore *
sc_store_open (const char  *target,
               GError     **error)
{
  g_autoptr(ScStore) self = NULL;
  GError *db_error = NULL;

  g_return_val_if_fail (target != NULL, NULL);

  self = g_object_new (SC_TYPE_STORE, NULL);
  self->db = sc_db_open (target, &db_error);
  if (self->db == NULL)
    {
      db_error->code = SC_DB_ERROR_OPEN;
      propagate_db_error (error, db_error);
      return NULL;
    }
  if (!migrate (self, error))
    {
      g_prefix_error (error, "Cannot use the database “%s”: ", target);
      return NULL;
    }

  return g_steal_pointer (&self);
}

int
sc_store_get_schema_version (ScStore *self)
{
  g_return_val_if_fail (SC_IS_STORE (self), 0);

  return sc_db_get_schema_version (self->db, NULL);
}

guint64
sc_store_get_change_stamp (ScStore *self)
{
  g_return_val_if_fail (SC_IS_STORE (self), 0);

  return sc_db_change_stamp (self->db);
}

void
sc_store_pin_change_stamp (ScStore  *self,
                           gboolean  pinned)
{
  g_return_if_fail (SC_IS_STORE (self));

  sc_db_pin_change_stamp (self->db, pinned);
}

gboolean
sc_store_in_transaction (ScStore *self)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return sc_db_in_transaction (self->db);
}

gboolean
sc_store_transaction_begin (ScStore  *self,
                            GError  **error)
{
  GError *db_error = NULL;

  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  if (!sc_db_begin (self->db, &db_error))
    {
      propagate_db_error (error, db_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_store_transaction_commit (ScStore  *self,
                             GError  **error)
{
  GError *db_error = NULL;

  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  if (!sc_db_commit (self->db, &db_error))
    {
      propagate_db_error (error, db_error);
      return FALSE;
    }
  return TRUE;
}

void
sc_store_transaction_rollback (ScStore *self)
{
  g_return_if_fail (SC_IS_STORE (self));

  sc_db_rollback (self->db);
}

static ScDbStmt *
query_valist (ScStore     *self,
              GError     **error,
              const char  *sql,
              const char  *types,
              gboolean     text_outlives_step,
              va_list      args)
{
  GError *db_error = NULL;
  ScDbStmt *stmt = sc_db_prepare (self->db, sql, &db_error);
  int i = 1;

  if (stmt == NULL)
    {
      propagate_db_error (error, db_error);
      return NULL;
    }

  for (const char *t = types; *t != '\0'; t++, i++)
    {
      switch (*t)
        {
        case 's':
          if (text_outlives_step)
            sc_db_stmt_bind_text_static (stmt, i, va_arg (args, const char *));
          else
            sc_db_stmt_bind_text (stmt, i, va_arg (args, const char *));
          break;
        case 'i':
          sc_db_stmt_bind_int64 (stmt, i, va_arg (args, gint64));
          break;
        case 'b':
          sc_db_stmt_bind_int64 (stmt, i, va_arg (args, gboolean) ? 1 : 0);
          break;
        case 'n':
          sc_db_stmt_bind_null (stmt, i);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return stmt;
}

ScDbStmt *
sc_store_query (ScStore     *self,
                GError     **error,
                const char  *sql,
                const char  *types,
                ...)
{
  ScDbStmt *stmt;
  va_list args;

  va_start (args, types);
  stmt = query_valist (self, error, sql, types, FALSE, args);
  va_end (args);

  return stmt;
}

int
sc_store_step (ScStore   *self,
               ScDbStmt  *stmt,
               GError   **error)
{
  GError *db_error = NULL;
  int rc = sc_db_stmt_step (stmt, &db_error);

  if (rc == SC_DB_FAILED)
    propagate_db_error (error, db_error);
  return rc;
}

gboolean
sc_store_exec (ScStore     *self,
               GError     **error,
               const char  *sql,
               const char  *types,
               ...)
{
  ScDbStmt *stmt;
  va_list args;
  int rc;

  /* the caller's texts outlive the one step below: bound without a copy */
  va_start (args, types);
  stmt = query_valist (self, error, sql, types, TRUE, args);
  va_end (args);

  if (stmt == NULL)
    return FALSE;

  rc = sc_store_step (self, stmt, error);
  sc_db_stmt_reset (stmt);
  return rc == SC_DB_DONE || rc == SC_DB_ROW;
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
  return sc_db_changes (self->db);
}

gint64
sc_store_next_seq (ScStore     *self,
                   const char  *table,
                   GError     **error)
{
  g_autofree char *key = g_strconcat ("seq.", table, NULL);
  ScDbStmt *stmt;
  gint64 value = -1;

  stmt = sc_store_query (self, error,
                         "INSERT INTO meta (key, value) VALUES (?1, '1') "
                         "ON CONFLICT (key) DO UPDATE SET value = CAST (meta.value AS INTEGER) + 1 "
                         "RETURNING CAST (value AS INTEGER)",
                         "s", key);
  if (stmt != NULL && sc_store_step (self, stmt, error) == SC_DB_ROW)
    value = sc_db_stmt_column_int64 (stmt, 0);
  if (stmt != NULL)
    sc_db_stmt_reset (stmt);

  return value;
}

const char *
sc_store_col_text (ScDbStmt     *stmt,
                   int           column)
{
  return sc_db_stmt_column_text (stmt, column);
}

gint64
sc_store_col_int (ScDbStmt     *stmt,
                  int           column)
{
  return sc_db_stmt_column_int64 (stmt, column);
}

JsonNode *
sc_store_col_json (ScDbStmt     *stmt,
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
                   ScDbStmt     *stmt,
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
sc_store_user_from_row (ScDbStmt     *stmt,
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
                       ScDbStmt      *stmt,
                       GError       **error)
{
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  if (sc_store_step (self, stmt, error) == SC_DB_ROW)
    text = g_strdup (sc_store_col_text (stmt, 0));
  sc_db_stmt_reset (stmt);
  return text;
}

JsonObject *
sc_store_collect_one (ScStore         *self,
                      ScDbStmt        *stmt,
                      ScStoreRowFunc   row_func,
                      const char      *what,
                      GError         **error)
{
  JsonObject *object = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    object = row_func (stmt);
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, what);
  sc_db_stmt_reset (stmt);

  return object;
}

JsonArray *
sc_store_collect_rows (ScStore         *self,
                       ScDbStmt        *stmt,
                       ScStoreRowFunc   row_func,
                       GError         **error)
{
  g_autoptr(JsonArray) items = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  items = json_array_new ();
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    json_array_add_object_element (items, row_func (stmt));
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return NULL;

  return g_steal_pointer (&items);
}

JsonArray *
sc_store_collect_page (ScStore         *self,
                       ScDbStmt        *stmt,
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
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
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
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return NULL;

  return g_steal_pointer (&items);
}



gboolean
sc_store_transaction_finish (ScStore   *self,
                             gboolean   ok,
                             GError   **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  if (ok && sc_store_transaction_commit (self, error))
    return TRUE;
  sc_store_transaction_rollback (self);
  return FALSE;
}

gboolean
sc_store_fault_point (ScStore     *self,
                      const char  *point,
                      GError     **error)
{
#if SC_ENABLE_TEST_HOOKS
  const char *fault = g_getenv ("SC_TEST_FAULT");

  if (fault != NULL && g_strcmp0 (fault, point) == 0)
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAULT,
                   "Test fault injected at “%s”", point);
      return FALSE;
    }
#endif
  return TRUE;
}

static void
fill_random (guint8 *buffer,
             gsize   length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = getrandom (buffer + done, length - done, 0);
      if (n < 0)
        g_error ("getrandom() failed: %s", g_strerror (errno));
      done += n;
    }
}

/* Random bytes for ids, taken from a block of getrandom () output: a
 * promotion makes nine ids, which were nine system calls. Secrets still
 * come straight from getrandom (). */
static void
fill_random_for_id (guint8 *buffer,
                    gsize   length)
{
  G_LOCK_DEFINE_STATIC (pool);
  static guint8 pool[4096];
  static gsize taken = sizeof pool;

  g_assert (length <= sizeof pool);
  G_LOCK (pool);
  if (sizeof pool - taken < length)
    {
      fill_random (pool, sizeof pool);
      taken = 0;
    }
  memcpy (buffer, pool + taken, length);
  /* what is handed out is not kept */
  memset (pool + taken, 0, length);
  taken += length;
  G_UNLOCK (pool);
}

char *
sc_store_new_id (const char *prefix)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  guint8 bytes[20];
  char body[21];

  fill_random_for_id (bytes, sizeof bytes);
  for (guint i = 0; i < 20; i++)
    body[i] = alphabet[bytes[i] & 31];
  body[20] = '\0';

  return g_strconcat (prefix, "_", body, NULL);
}

char *
sc_store_new_etag (void)
{
  g_autofree char *id = sc_store_new_id ("e");

  return g_strdup (id + 2);
}

char *
sc_store_random_secret (void)
{
  guint8 bytes[32];
  g_autofree char *b64 = NULL;
  GString *out;

  fill_random (bytes, sizeof bytes);
  b64 = g_base64_encode (bytes, sizeof bytes);
  out = g_string_new (NULL);
  for (const char *p = b64; *p; p++)
    {
      if (*p == '+')
        g_string_append_c (out, '-');
      else if (*p == '/')
        g_string_append_c (out, '_');
      else if (*p != '=')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

void
sc_store_hash_secret (const char *secret,
                      guint8      digest[32])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize length = 32;

  g_checksum_update (checksum, (const guchar *) secret, strlen (secret));
  g_checksum_get_digest (checksum, digest, &length);
  g_assert (length == 32);
}

char *
sc_store_now (void)
{
  g_autoptr(GDateTime) now = sc_clock_now_utc ();

  return sc_time_format (now);
}
