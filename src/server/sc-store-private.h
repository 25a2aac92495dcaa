/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>
#include "sc-store.h"

G_BEGIN_DECLS

/* For sc-store*.c only: nothing outside the storage layer sees SQLite. */

extern const char * const sc_store_migrations[];

/* Prepares (cached per SQL text), resets and binds a statement. @types has
 * one letter per parameter: 's' const char * (NULL binds NULL), 'i' gint64,
 * 'b' gboolean (as int), 'n' NULL. The statement stays owned by the store. */
sqlite3_stmt *sc_store_query       (ScStore      *self,
                                    GError      **error,
                                    const char   *sql,
                                    const char   *types,
                                    ...);
/* SQLITE_ROW, SQLITE_DONE, or -1 with @error set. */
int           sc_store_step        (ScStore      *self,
                                    sqlite3_stmt *stmt,
                                    GError      **error);
/* Query + step expecting no rows; TRUE on SQLITE_DONE. */
gboolean      sc_store_exec        (ScStore      *self,
                                    GError      **error,
                                    const char   *sql,
                                    const char   *types,
                                    ...);
/* Number of rows the last write changed. */
int           sc_store_changes     (ScStore      *self);
/* Next value of a per-table sequence (for seq columns: stable ordering and
 * cursors). */
gint64        sc_store_next_seq    (ScStore      *self,
                                    const char   *table,
                                    GError      **error);

const char   *sc_store_col_text    (sqlite3_stmt *stmt,
                                    int           column); /* NULL for NULL */
gint64        sc_store_col_int     (sqlite3_stmt *stmt,
                                    int           column);
/* Parses a JSON text column; JSON null for SQL NULL. */
JsonNode     *sc_store_col_json    (sqlite3_stmt *stmt,
                                    int           column);
/* Sets member @name of @object from @column: string or null. */
void          sc_store_set_text    (JsonObject   *object,
                                    const char   *name,
                                    sqlite3_stmt *stmt,
                                    int           column);
char         *sc_store_json_text   (JsonNode     *node);

void          sc_store_hash_secret (const char   *secret,
                                    guint8        digest[32]);
char         *sc_store_random_secret (void);

G_END_DECLS
