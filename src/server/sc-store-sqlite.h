/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-store-backend.h"

G_BEGIN_DECLS

/* The embedded SQLite backend of ScStore. The operations are static
 * functions of sc-store-<part>.c, each file setting its own in the class;
 * sc-store-sqlite.c holds the connection. For the storage layer only:
 * callers use the sc_store_*() functions. */

#define SC_TYPE_STORE_SQLITE (sc_store_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (ScStoreSqlite, sc_store_sqlite, SC, STORE_SQLITE, ScStore)

/* Each sc-store-<part>.c sets its operations in the class. */
void sc_store_sqlite_init_approvals (ScStoreClass *klass);
void sc_store_sqlite_init_audit (ScStoreClass *klass);
void sc_store_sqlite_init_auth (ScStoreClass *klass);
void sc_store_sqlite_init_demo (ScStoreClass *klass);
void sc_store_sqlite_init_orgs (ScStoreClass *klass);
void sc_store_sqlite_init_paths (ScStoreClass *klass);
void sc_store_sqlite_init_promotions (ScStoreClass *klass);
void sc_store_sqlite_init_workflows (ScStoreClass *klass);
void sc_store_sqlite_init_review (ScStoreClass *klass);

G_END_DECLS
