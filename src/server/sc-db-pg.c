/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Db"

#include "config.h"

#include "sc-db-private.h"

ScDb *
sc_db_pg_open (const char  *conninfo,
               GError     **error)
{
  g_set_error_literal (error, SC_DB_ERROR, SC_DB_ERROR_OPEN,
                       "This stagecraft-server was built without PostgreSQL");
  return NULL;
}
