/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Db"

#include "config.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "sc-db-private.h"

/* ScDb on PostgreSQL through libpq. Statements are prepared on the server
 * once per connection (types inferred there) and run with text parameters
 * (a blob goes binary); results come back as text and are read like
 * SQLite's columns. `?N` and `?` placeholders become $N outside quotes.
 *
 * Transactions are SERIALIZABLE; a serialization failure or a deadlock
 * (40001, 40P01) and a lock timeout (55P03) are SC_DB_ERROR_BUSY: the
 * caller runs the whole transaction again.
 *
 * The change stamp is the sequence sc_change_seq: every connection that
 * committed a write advances it after the commit (never before), so a stamp
 * read before reading data vouches for every commit it counts, whichever
 * server instance or process made it. */

typedef struct
{
  ScDb       base;
  PGconn    *conn;
  int        changes;
  guint      n_statements;
  gboolean   dirty;    /* wrote since the last bump of the change stamp */
} ScDbPg;

typedef struct
{
  ScDbStmt   base;
  char      *name;
  int        n_params;
  char     **values;
  int       *lengths;
  int       *formats;
  gboolean   writes;   /* not a plain SELECT */
  PGresult  *result;
  int        row;
  guchar    *blob;     /* the last column_blob(), unescaped */
} ScDbPgStmt;

#define PG(db)     ((ScDbPg *) (db))
#define PGSTMT(st) ((ScDbPgStmt *) (st))

static void
set_error_from_result (PGconn      *conn,
                       PGresult    *result,
                       GError     **error,
                       const char  *what)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (conn);
  ScDbErrorCode kind = SC_DB_ERROR_FAILED;
  g_autofree char *trimmed = g_strstrip (g_strdup (message != NULL ? message : ""));

  if (state == NULL)
    kind = SC_DB_ERROR_FAILED;
  else if (strcmp (state, "23505") == 0)
    kind = SC_DB_ERROR_CONSTRAINT_UNIQUE;
  else if (g_str_has_prefix (state, "23") || strcmp (state, "P0001") == 0)
    kind = SC_DB_ERROR_CONSTRAINT;
  else if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0 ||
           strcmp (state, "55P03") == 0)
    kind = SC_DB_ERROR_BUSY;

  g_set_error (error, SC_DB_ERROR, kind, "%s: %s (%s)", what, trimmed,
               state != NULL ? state : "no SQLSTATE");
}

/* `?N` → `$N`, `?` → the next number, outside '…', "…" and comments.
 * @n_params is set to the highest number used. */
static char *
rewrite_placeholders (const char *sql,
                      int        *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  int highest = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p;

          g_string_append_c (out, *p++);
          while (*p != '\0' && *p != quote)
            g_string_append_c (out, *p++);
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            g_string_append_c (out, *p++);
          if (*p == '\0')
            break;
          g_string_append_c (out, *p);
        }
      else if (*p == '?')
        {
          int number;

          if (g_ascii_isdigit (p[1]))
            {
              char *end = NULL;

              number = (int) strtol (p + 1, &end, 10);
              p = end - 1;
            }
          else
            number = highest + 1;
          highest = MAX (highest, number);
          g_string_append_printf (out, "$%d", number);
        }
      else
        g_string_append_c (out, *p);
    }

  *n_params = highest;
  return g_string_free (out, FALSE);
}

static gboolean
run_command (ScDb        *db,
             const char  *sql,
             GError     **error)
{
  PGresult *result = PQexec (PG (db)->conn, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    set_error_from_result (PG (db)->conn, result, error, "exec");
  PQclear (result);
  return ok;
}

/* Advances the change stamp; after a commit or an autocommitted write. */
static void
bump_change_stamp (ScDb *db)
{
  g_autoptr(GError) error = NULL;

  PG (db)->dirty = FALSE;
  if (!run_command (db, "SELECT nextval ('sc_change_seq')", &error))
    g_warning ("Cannot advance the change stamp: %s", error->message);
}

static void
db_close (ScDb *db)
{
  if (PG (db)->conn != NULL)
    PQfinish (PG (db)->conn);
  g_free (db);
}

static gboolean
db_exec (ScDb        *db,
         const char  *sql,
         GError     **error)
{
  gboolean writes = g_ascii_strncasecmp (sql, "SELECT", 6) != 0;

  if (!run_command (db, sql, error))
    return FALSE;

  if (g_ascii_strcasecmp (sql, "COMMIT") == 0)
    {
      if (PG (db)->dirty)
        bump_change_stamp (db);
    }
  else if (g_ascii_strcasecmp (sql, "ROLLBACK") == 0)
    PG (db)->dirty = FALSE;
  else if (writes && !g_str_has_prefix (sql, "BEGIN"))
    {
      PG (db)->dirty = TRUE;
      if (!sc_db_in_transaction (db))
        bump_change_stamp (db);
    }
  return TRUE;
}

static int
db_get_schema_version (ScDb    *db,
                       GError **error)
{
  PGresult *result;
  int version = 0;

  /* (a query of a missing table would abort the transaction) */
  result = PQexec (PG (db)->conn, "SELECT to_regclass ('sc_schema_version') IS NOT NULL");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      set_error_from_result (PG (db)->conn, result, error, "schema version");
      PQclear (result);
      return 0;
    }
  if (strcmp (PQgetvalue (result, 0, 0), "t") == 0)
    {
      PQclear (result);
      result = PQexec (PG (db)->conn, "SELECT coalesce (max (version), 0) FROM sc_schema_version");
      if (PQresultStatus (result) == PGRES_TUPLES_OK)
        version = atoi (PQgetvalue (result, 0, 0));
      else
        set_error_from_result (PG (db)->conn, result, error, "schema version");
    }
  PQclear (result);
  return version;
}

static gboolean
db_set_schema_version (ScDb    *db,
                       int      version,
                       GError **error)
{
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE IF NOT EXISTS sc_schema_version (version INTEGER NOT NULL);"
                                          "DELETE FROM sc_schema_version;"
                                          "INSERT INTO sc_schema_version (version) VALUES (%d);",
                                          version);

  return db_exec (db, sql, error);
}

static int
db_changes (ScDb *db)
{
  return PG (db)->changes;
}

static guint64
db_change_stamp (ScDb *db)
{
  PGresult *result = PQexec (PG (db)->conn, "SELECT last_value FROM sc_change_seq");
  guint64 stamp = 0;

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    stamp = g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  return stamp;
}

static ScDbStmt *
db_prepare (ScDb        *db,
            const char  *sql,
            GError     **error)
{
  ScDbPgStmt *stmt;
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  g_autofree Oid *types = NULL;
  PGresult *result;
  int n_params = 0;
  const char *start = sql;
  gboolean in_transaction;

  text = rewrite_placeholders (sql, &n_params);
  name = g_strdup_printf ("sc%u", ++PG (db)->n_statements);
  types = g_new0 (Oid, MAX (n_params, 1));
  /* a failed PREPARE aborts the transaction around it: inside one, each
   * attempt runs under a savepoint so that the retry below (and the
   * transaction's later statements) still run */
  in_transaction = sc_db_in_transaction (db);
  if (in_transaction)
    PQclear (PQexec (PG (db)->conn, "SAVEPOINT sc_prepare"));
  result = PQprepare (PG (db)->conn, name, text, n_params, types);
  /* SQLite takes "?4 IS NULL OR …" for any type; PostgreSQL wants to know
   * it where it first meets it: such a parameter is text. */
  while (PQresultStatus (result) != PGRES_COMMAND_OK &&
         g_strcmp0 (PQresultErrorField (result, PG_DIAG_SQLSTATE), "42P08") == 0)
    {
      const char *at = strstr (PQresultErrorMessage (result), "parameter $");
      int index = at != NULL ? atoi (at + strlen ("parameter $")) : 0;

      if (index < 1 || index > n_params || types[index - 1] != 0)
        break;
      types[index - 1] = 25; /* TEXTOID */
      PQclear (result);
      if (in_transaction)
        PQclear (PQexec (PG (db)->conn, "ROLLBACK TO SAVEPOINT sc_prepare"));
      result = PQprepare (PG (db)->conn, name, text, n_params, types);
    }
  if (in_transaction)
    {
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        PQclear (PQexec (PG (db)->conn, "ROLLBACK TO SAVEPOINT sc_prepare"));
      PQclear (PQexec (PG (db)->conn, "RELEASE SAVEPOINT sc_prepare"));
    }
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      set_error_from_result (PG (db)->conn, result, error, "prepare");
      g_prefix_error (error, "%s: ", sql);
      PQclear (result);
      return NULL;
    }
  PQclear (result);

  while (g_ascii_isspace (*start))
    start++;
  stmt = g_new0 (ScDbPgStmt, 1);
  stmt->name = g_steal_pointer (&name);
  stmt->n_params = n_params;
  stmt->values = g_new0 (char *, MAX (n_params, 1));
  stmt->lengths = g_new0 (int, MAX (n_params, 1));
  stmt->formats = g_new0 (int, MAX (n_params, 1));
  stmt->writes = g_ascii_strncasecmp (start, "SELECT", 6) != 0 &&
                 g_ascii_strncasecmp (start, "WITH", 4) != 0;
  stmt->row = -1;
  return (ScDbStmt *) stmt;
}

static void
stmt_reset (ScDbStmt *base)
{
  ScDbPgStmt *stmt = PGSTMT (base);

  g_clear_pointer (&stmt->result, PQclear);
  g_clear_pointer (&stmt->blob, PQfreemem);
  stmt->row = -1;
}

static void
stmt_clear (ScDbStmt *base)
{
  ScDbPgStmt *stmt = PGSTMT (base);

  stmt_reset (base);
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
    }
}

static void
stmt_free (ScDbStmt *base)
{
  ScDbPgStmt *stmt = PGSTMT (base);
  g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", stmt->name);

  stmt_clear (base);
  if (base->db != NULL && PQstatus (PG (base->db)->conn) == CONNECTION_OK)
    PQclear (PQexec (PG (base->db)->conn, sql));
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->name);
  g_free (stmt);
}

static void
bind_value (ScDbStmt *base,
            int       index,
            char     *value,
            int       length,
            int       format)
{
  ScDbPgStmt *stmt = PGSTMT (base);

  if (index < 1 || index > stmt->n_params)
    {
      g_free (value);
      return;
    }
  g_free (stmt->values[index - 1]);
  stmt->values[index - 1] = value;
  stmt->lengths[index - 1] = length;
  stmt->formats[index - 1] = format;
}

static void
bind_int64 (ScDbStmt *stmt,
            int       index,
            gint64    value)
{
  bind_value (stmt, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), 0, 0);
}

static void
bind_text (ScDbStmt   *stmt,
           int         index,
           const char *value)
{
  bind_value (stmt, index, g_strdup (value), 0, 0);
}

static void
bind_double (ScDbStmt *stmt,
             int       index,
             double    value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  bind_value (stmt, index, g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)), 0, 0);
}

static void
bind_blob (ScDbStmt      *stmt,
           int            index,
           gconstpointer  data,
           gsize          size)
{
  bind_value (stmt, index, g_memdup2 (data, MAX (size, 1)), (int) size, 1);
}

static void
bind_null (ScDbStmt *stmt,
           int       index)
{
  bind_value (stmt, index, NULL, 0, 0);
}

static int
step (ScDbStmt  *base,
      GError   **error)
{
  ScDbPgStmt *stmt = PGSTMT (base);
  ScDb *db = base->db;

  g_clear_pointer (&stmt->blob, PQfreemem);

  if (stmt->result == NULL)
    {
      ExecStatusType status;

      stmt->result = PQexecPrepared (PG (db)->conn, stmt->name, stmt->n_params,
                                     (const char * const *) stmt->values,
                                     stmt->lengths, stmt->formats, 0);
      status = PQresultStatus (stmt->result);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          set_error_from_result (PG (db)->conn, stmt->result, error, "step");
          g_clear_pointer (&stmt->result, PQclear);
          return SC_DB_FAILED;
        }
      if (stmt->writes)
        {
          const char *tuples = PQcmdTuples (stmt->result);

          PG (db)->changes = tuples[0] != '\0' ? atoi (tuples) : 0;
          PG (db)->dirty = TRUE;
          if (!sc_db_in_transaction (db))
            bump_change_stamp (db);
        }
      stmt->row = 0;
    }
  else
    stmt->row++;

  return stmt->row < PQntuples (stmt->result) ? SC_DB_ROW : SC_DB_DONE;
}

static gboolean
column_is_null (ScDbStmt *base,
                int       column)
{
  ScDbPgStmt *stmt = PGSTMT (base);

  return stmt->result == NULL || PQgetisnull (stmt->result, stmt->row, column);
}

static const char *
column_text (ScDbStmt *base,
             int       column)
{
  ScDbPgStmt *stmt = PGSTMT (base);

  if (column_is_null (base, column))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, column);
}

static gint64
column_int64 (ScDbStmt *stmt,
              int       column)
{
  const char *text = column_text (stmt, column);

  if (text == NULL)
    return 0;
  /* booleans (EXISTS, comparisons) read as SQLite's 0 and 1 */
  if (text[0] == 't' && text[1] == '\0')
    return 1;
  if (text[0] == 'f' && text[1] == '\0')
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

static double
column_double (ScDbStmt *stmt,
               int       column)
{
  const char *text = column_text (stmt, column);

  return text != NULL ? g_ascii_strtod (text, NULL) : 0.0;
}

static gconstpointer
column_blob (ScDbStmt *base,
             int       column,
             gsize    *size)
{
  ScDbPgStmt *stmt = PGSTMT (base);
  const char *text = column_text (base, column);
  size_t length = 0;

  *size = 0;
  if (text == NULL)
    return NULL;
  g_clear_pointer (&stmt->blob, PQfreemem);
  stmt->blob = PQunescapeBytea ((const unsigned char *) text, &length);
  *size = length;
  return stmt->blob;
}

static const ScDbDriver pg_driver = {
  .engine = SC_DB_ENGINE_POSTGRESQL,
  .close = db_close,
  .exec = db_exec,
  .get_schema_version = db_get_schema_version,
  .set_schema_version = db_set_schema_version,
  .begin_sql = "BEGIN ISOLATION LEVEL SERIALIZABLE",
  .changes = db_changes,
  .change_stamp = db_change_stamp,
  .prepare = db_prepare,
  .stmt_free = stmt_free,
  .stmt_clear = stmt_clear,
  .stmt_reset = stmt_reset,
  .bind_int64 = bind_int64,
  .bind_text = bind_text,
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

static void
ignore_notice (void       *arg,
               const char *message)
{
}

ScDb *
sc_db_pg_open (const char  *conninfo,
               GError     **error)
{
  g_autoptr(ScDb) db = NULL;
  PGconn *conn;

  db = (ScDb *) g_new0 (ScDbPg, 1);
  sc_db_init_base (db, &pg_driver);

  conn = PQconnectdb (conninfo);
  PG (db)->conn = conn;
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strstrip (g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory"));

      g_set_error (error, SC_DB_ERROR, SC_DB_ERROR_OPEN,
                   "Cannot connect to the PostgreSQL database: %s", message);
      return NULL;
    }
  PQsetNoticeProcessor (conn, ignore_notice, NULL);

  /* Text the same as SQLite gives it: UTF-8, no surprise in literals. */
  if (!run_command (db,
                    "SET client_encoding = 'UTF8';"
                    "SET standard_conforming_strings = on;"
                    "SET lock_timeout = '10s';"
                    "SET client_min_messages = warning;", error))
    return NULL;

  return g_steal_pointer (&db);
}
