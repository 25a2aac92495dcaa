/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-db.h"

G_BEGIN_DECLS

/* For the engines (sc-db-sqlite.c, sc-db-pg.c) only: what one implements.
 * sc-db.c caches statements, tracks the transaction and calls these. */

typedef struct
{
  ScDbEngine engine;

  void          (*close)              (ScDb        *db);
  gboolean      (*exec)               (ScDb        *db,
                                       const char  *sql,
                                       GError     **error);
  int           (*get_schema_version) (ScDb        *db,
                                       GError     **error);
  gboolean      (*set_schema_version) (ScDb        *db,
                                       int          version,
                                       GError     **error);
  /* The statements that open a transaction (after it: "COMMIT"/"ROLLBACK"). */
  const char    *begin_sql;
  int           (*changes)            (ScDb        *db);
  guint64       (*change_stamp)       (ScDb        *db);
  /* Optional: while pinned, what other connections wrote is sampled once
   * (at the pin) rather than at every change_stamp (); this connection's
   * own writes still change the stamp at once. */
  void          (*pin_change_stamp)   (ScDb        *db,
                                       gboolean     pinned);

  ScDbStmt     *(*prepare)            (ScDb        *db,
                                       const char  *sql,
                                       GError     **error);
  void          (*stmt_free)          (ScDbStmt    *stmt);
  /* Resets the statement and clears its bindings. */
  void          (*stmt_clear)         (ScDbStmt    *stmt);
  void          (*stmt_reset)         (ScDbStmt    *stmt);
  void          (*bind_int64)         (ScDbStmt    *stmt,
                                       int          index,
                                       gint64       value);
  void          (*bind_text)          (ScDbStmt    *stmt,
                                       int          index,
                                       const char  *value);
  /* Optional: binds @value without a copy (it outlives the next step);
   * NULL: bind_text serves. */
  void          (*bind_text_static)   (ScDbStmt    *stmt,
                                       int          index,
                                       const char  *value);
  void          (*bind_double)        (ScDbStmt    *stmt,
                                       int          index,
                                       double       value);
  void          (*bind_blob)          (ScDbStmt    *stmt,
                                       int          index,
                                       gconstpointer data,
                                       gsize        size);
  void          (*bind_null)          (ScDbStmt    *stmt,
                                       int          index);
  int           (*step)               (ScDbStmt    *stmt,
                                       GError     **error);
  gboolean      (*column_is_null)     (ScDbStmt    *stmt,
                                       int          column);
  gint64        (*column_int64)       (ScDbStmt    *stmt,
                                       int          column);
  double        (*column_double)      (ScDbStmt    *stmt,
                                       int          column);
  const char   *(*column_text)        (ScDbStmt    *stmt,
                                       int          column);
  gconstpointer (*column_blob)        (ScDbStmt    *stmt,
                                       int          column,
                                       gsize       *size);
} ScDbDriver;

struct _ScDb
{
  const ScDbDriver *driver;
  GHashTable       *statements; /* SQL text → ScDbStmt */
  /* the caller's SQL pointer → ScDbStmt, checked against the text: most
   * SQL is a literal, so a hit costs a strcmp, not hashing the text */
  GHashTable       *by_address;
  gboolean          in_transaction;
};

struct _ScDbStmt
{
  ScDb       *db;
  const char *sql; /* its key in ScDb.statements */
};

/* Set up by the engines' open functions. */
void  sc_db_init_base      (ScDb             *db,
                            const ScDbDriver *driver);

ScDb *sc_db_sqlite_open    (const char       *path,
                            GError          **error);
ScDb *sc_db_pg_open        (const char       *conninfo,
                            GError          **error);

G_END_DECLS
