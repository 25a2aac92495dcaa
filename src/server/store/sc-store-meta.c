/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include "sc-store-private.h"

/* What the server notes about the database as a whole (the meta table):
 * whether it holds the demo set (seeded above storage, sc-demo-seed.c). */

#define DEMO_KEY "demo"

gboolean
sc_store_has_demo (ScStore *self)
{
  ScDbStmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  stmt = sc_store_query (self, NULL, "SELECT 1 FROM meta WHERE key = ?1", "s", DEMO_KEY);
  if (stmt == NULL)
    return FALSE;
  found = sc_store_step (self, stmt, NULL) == SC_DB_ROW;
  sc_db_stmt_reset (stmt);

  return found;
}

gboolean
sc_store_mark_demo (ScStore  *self,
                    GError  **error)
{
  g_autofree char *now = sc_store_now ();

  g_return_val_if_fail (SC_IS_STORE (self), FALSE);

  return sc_store_exec (self, error, "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                        "ss", DEMO_KEY, now);
}

gboolean
sc_store_is_empty (ScStore  *self,
                   gboolean *empty,
                   GError  **error)
{
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (SC_IS_STORE (self), FALSE);
  g_return_val_if_fail (empty != NULL, FALSE);

  stmt = sc_store_query (self, error,
                         "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM orgs)", "");
  if (stmt == NULL)
    return FALSE;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    *empty = sc_store_col_int (stmt, 0) == 0;
  sc_db_stmt_reset (stmt);

  return rc == SC_DB_ROW;
}
