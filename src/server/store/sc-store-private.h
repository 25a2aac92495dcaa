/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-db.h"
#include "sc-store.h"
#include "sc-store-approvals.h"
#include "sc-store-orgs.h"
#include "sc-store-paths.h"
#include "sc-store-promotions.h"
#include "sc-store-workflows.h"

G_BEGIN_DECLS

/* For the store's own files (sc-store*.c) only: nothing outside them sees
 * the database driver. */

ScDb         *sc_store_get_db      (ScStore      *self);

/* At the top of a store function that writes several rows: its caller owns
 * the transaction (sc-store.h); outside one it fails with a critical. */
#define SC_STORE_REQUIRE_TRANSACTION(self, val) \
  g_return_val_if_fail (sc_store_in_transaction (self), (val))
/* The schema as forward migrations for @engine, NULL-terminated
 * (sc-store-schema.c). */
const char * const *sc_store_get_migrations (ScDbEngine engine);

/* SHA-256 of @secret: what is stored instead of it. */
void          sc_store_hash_secret (const char   *secret,
                                    guint8        digest[32]);

/* Prepares (cached per SQL text), resets and binds a statement. @types has
 * one letter per parameter: 's' const char * (NULL binds NULL), 'i' gint64,
 * 'b' gboolean (as int), 'n' NULL. The statement stays owned by the store. */
ScDbStmt     *sc_store_query       (ScStore      *self,
                                    GError      **error,
                                    const char   *sql,
                                    const char   *types,
                                    ...);
/* SC_DB_ROW, SC_DB_DONE, or -1 with @error set. */
int           sc_store_step        (ScStore      *self,
                                    ScDbStmt     *stmt,
                                    GError      **error);
/* Query + step expecting no rows; TRUE on SC_DB_DONE. */
gboolean      sc_store_exec        (ScStore      *self,
                                    GError      **error,
                                    const char   *sql,
                                    const char   *types,
                                    ...);
/* NOT_FOUND "No such @what". */
void          sc_store_set_not_found (GError    **error,
                                      const char *what);
/* Number of rows the last write changed. */
int           sc_store_changes     (ScStore      *self);
/* Next value of a per-table sequence (for seq columns: stable ordering and
 * cursors). */
gint64        sc_store_next_seq    (ScStore      *self,
                                    const char   *table,
                                    GError      **error);

const char   *sc_store_col_text    (ScDbStmt     *stmt,
                                    int           column); /* NULL for NULL */
gint64        sc_store_col_int     (ScDbStmt     *stmt,
                                    int           column);
/* Parses a JSON text column; JSON null for SQL NULL. */
JsonNode     *sc_store_col_json    (ScDbStmt     *stmt,
                                    int           column);
/* Sets member @name of @object from @column: string or null. */
void          sc_store_set_text    (JsonObject   *object,
                                    const char   *name,
                                    ScDbStmt     *stmt,
                                    int           column);
char         *sc_store_json_text   (JsonNode     *node);

/* A user as the API shows one: {id, email} from columns @column and
 * @column + 1, with name from @column + 2 when @with_name. */
JsonObject   *sc_store_user_from_row (ScDbStmt     *stmt,
                                      int           column,
                                      gboolean      with_name);

/* Builds one JSON object from the current row of a statement. */
typedef JsonObject *(*ScStoreRowFunc) (ScDbStmt *stmt);

/* Steps @stmt (nullable: a failed query, @error already set) once: a copy
 * of column 0 of its row, NULL when there is none. */
char         *sc_store_collect_text (ScStore        *self,
                                     ScDbStmt       *stmt,
                                     GError        **error);
/* Steps @stmt (nullable: a failed query, @error already set) once: the
 * @row_func object of its row, or NULL with NOT_FOUND "No such @what". */
JsonObject   *sc_store_collect_one  (ScStore        *self,
                                     ScDbStmt       *stmt,
                                     ScStoreRowFunc  row_func,
                                     const char     *what,
                                     GError        **error);
/* Steps @stmt (nullable: a failed query, @error already set) through all
 * its rows into an array of @row_func objects. */
JsonArray    *sc_store_collect_rows (ScStore        *self,
                                     ScDbStmt       *stmt,
                                     ScStoreRowFunc  row_func,
                                     GError        **error);
/* Steps @stmt (nullable: a failed query, @error already set), fetched with
 * LIMIT @limit + 1, into one page of @row_func objects. @next_cursor
 * (nullable) is set to column @cursor_column of the page's last row when
 * another page follows, else 0. */
JsonArray    *sc_store_collect_page (ScStore        *self,
                                     ScDbStmt       *stmt,
                                     guint           limit,
                                     int             cursor_column,
                                     ScStoreRowFunc  row_func,
                                     gint64         *next_cursor,
                                     GError        **error);

/* Links the workflow to each of @connection_ids (nullable; a connection
 * named twice is linked once). In sc-store-workflows.c. */
gboolean      sc_store_add_workflow_connections (ScStore            *self,
                                                 const char         *workflow_id,
                                                 const char * const *connection_ids,
                                                 GError            **error);

G_END_DECLS
