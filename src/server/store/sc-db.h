/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ScDb: the database driver under ScStore. One connection to SQLite (a
 * file) or PostgreSQL (libpq), with an API that mirrors sqlite3's so SQL
 * written against sqlite3 moves onto it one call for one call:
 *
 *   sqlite3_prepare_v3 (cached)  → sc_db_prepare (cached per SQL text,
 *                                  handed back reset with cleared bindings)
 *   sqlite3_bind_int64/text/...  → sc_db_stmt_bind_int64/text/... (1-based)
 *   sqlite3_step                 → sc_db_stmt_step → SC_DB_ROW, SC_DB_DONE
 *                                  or SC_DB_FAILED with @error set
 *   sqlite3_column_int64/text/.. → sc_db_stmt_column_int64/text/.. (0-based)
 *   sqlite3_reset                → sc_db_stmt_reset
 *   sqlite3_changes              → sc_db_changes
 *
 * SQL is written once for both engines: `?` or `?N` placeholders (the
 * PostgreSQL driver rewrites them to $N outside quotes), ON CONFLICT,
 * RETURNING, CTEs; timestamps are RFC 3339 text on both. The few words that
 * differ are written through sc_db_dialect(). Statements are owned by the
 * connection; a caller never frees one. */

typedef struct _ScDb     ScDb;
typedef struct _ScDbStmt ScDbStmt;

typedef enum {
  SC_DB_ENGINE_SQLITE,
  SC_DB_ENGINE_POSTGRESQL,
} ScDbEngine;

#define SC_DB_ERROR (sc_db_error_quark ())
typedef enum {
  SC_DB_ERROR_FAILED,            /* anything else; the message is for logs */
  SC_DB_ERROR_OPEN,              /* cannot connect, open or migrate */
  SC_DB_ERROR_CONSTRAINT,        /* CHECK, NOT NULL, foreign key, trigger */
  SC_DB_ERROR_CONSTRAINT_UNIQUE, /* UNIQUE or primary key */
  SC_DB_ERROR_BUSY,              /* locked, serialization failure or
                                  * deadlock (40001/40P01): run the whole
                                  * transaction again */
} ScDbErrorCode;
GQuark sc_db_error_quark (void);

/* sc_db_stmt_step()'s answers (the values of SQLITE_ROW and SQLITE_DONE). */
#define SC_DB_ROW    100
#define SC_DB_DONE   101
#define SC_DB_FAILED (-1)

/* TRUE when @target names a PostgreSQL database: a postgresql:// or
 * postgres:// URI or a libpq keyword string ("host=… dbname=…"). Anything
 * else is an SQLite file name. */
gboolean    sc_db_target_is_postgresql (const char  *target);

/* Connects: SQLite (WAL, busy timeout, foreign keys) or PostgreSQL. */
ScDb       *sc_db_open                 (const char  *target,
                                        GError     **error);
void        sc_db_close                (ScDb        *db);
ScDbEngine  sc_db_get_engine           (ScDb        *db);

/* Runs @sql, one or more statements without parameters (schema scripts). */
gboolean    sc_db_exec                 (ScDb        *db,
                                        const char  *sql,
                                        GError     **error);

/* The schema version (SQLite: PRAGMA user_version; PostgreSQL: a one-row
 * table); set inside the migration's transaction. */
int         sc_db_get_schema_version   (ScDb        *db,
                                        GError     **error);
gboolean    sc_db_set_schema_version   (ScDb        *db,
                                        int          version,
                                        GError     **error);

/* Transactions. begin takes the write lock at once on SQLite (BEGIN
 * IMMEDIATE) and runs SERIALIZABLE on PostgreSQL; a SC_DB_ERROR_BUSY from
 * any statement inside means: roll back and run it all again. */
gboolean    sc_db_begin                (ScDb        *db,
                                        GError     **error);
gboolean    sc_db_commit               (ScDb        *db,
                                        GError     **error);
void        sc_db_rollback             (ScDb        *db);
gboolean    sc_db_in_transaction       (ScDb        *db);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int         sc_db_changes              (ScDb        *db);

ScDbStmt   *sc_db_prepare              (ScDb        *db,
                                        const char  *sql,
                                        GError     **error);
void        sc_db_stmt_bind_int64      (ScDbStmt    *stmt,
                                        int          index,
                                        gint64       value);
/* NULL binds SQL NULL; the text is copied. */
void        sc_db_stmt_bind_text       (ScDbStmt    *stmt,
                                        int          index,
                                        const char  *value);
/* As sc_db_stmt_bind_text, but the driver may keep @value without a copy:
 * the caller keeps it alive and unchanged until the statement has been
 * stepped for the last time with this binding (sc_db_prepare clears the
 * bindings before the next use). */
void        sc_db_stmt_bind_text_static (ScDbStmt   *stmt,
                                        int          index,
                                        const char  *value);
void        sc_db_stmt_bind_double     (ScDbStmt    *stmt,
                                        int          index,
                                        double       value);
void        sc_db_stmt_bind_blob       (ScDbStmt    *stmt,
                                        int          index,
                                        gconstpointer data,
                                        gsize        size);
void        sc_db_stmt_bind_null       (ScDbStmt    *stmt,
                                        int          index);
int         sc_db_stmt_step            (ScDbStmt    *stmt,
                                        GError     **error);
void        sc_db_stmt_reset           (ScDbStmt    *stmt);
gboolean    sc_db_stmt_column_is_null  (ScDbStmt    *stmt,
                                        int          column);
gint64      sc_db_stmt_column_int64    (ScDbStmt    *stmt,
                                        int          column);
double      sc_db_stmt_column_double   (ScDbStmt    *stmt,
                                        int          column);
/* NULL for SQL NULL; valid until the next step or reset. */
const char *sc_db_stmt_column_text     (ScDbStmt    *stmt,
                                        int          column);
/* NULL for SQL NULL; valid until the next step or reset. */
gconstpointer sc_db_stmt_column_blob   (ScDbStmt    *stmt,
                                        int          column,
                                        gsize       *size);

/* A number that changes whenever anything stored changes, written by this
 * connection or another one (another process or server instance). */
guint64     sc_db_change_stamp         (ScDb        *db);
/* While pinned (one request), the stamp samples other connections' writes
 * once, at the pin, and this connection's own at every call: a request
 * sees what others wrote before it began (SQLite: one PRAGMA data_version
 * per request instead of one per cache it asks). A no-op on engines whose
 * stamp costs nothing more to ask. */
void        sc_db_pin_change_stamp     (ScDb        *db,
                                        gboolean     pinned);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScDb, sc_db_close)

G_END_DECLS
