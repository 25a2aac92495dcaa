/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-enums.h"
#include "sc-model.h"
#include "sc-org-graph.h"

G_BEGIN_DECLS

/* ScStore is the server's storage: route handlers call its functions,
 * never SQL. It holds one database connection (ScDb, sc-db.h: SQLite or
 * PostgreSQL); each operation is written once, in SQL both engines
 * accept, in the sc-store-*.c file of its resource.
 *
 * Read functions return the API's JSON shapes (JsonObject, transfer full)
 * or NULL with SC_STORE_ERROR_NOT_FOUND; writes that touch several rows run
 * in the caller's transaction (sc_store_transaction_begin/commit/rollback):
 * no store function opens one. */

#define SC_TYPE_STORE (sc_store_get_type ())
G_DECLARE_FINAL_TYPE (ScStore, sc_store, SC, STORE, GObject)

#define SC_STORE_ERROR (sc_store_error_quark ())
typedef enum {
  SC_STORE_ERROR_FAILED,     /* the database failed; the message is for logs only */
  SC_STORE_ERROR_NOT_FOUND,
  SC_STORE_ERROR_CONSTRAINT, /* a UNIQUE/CHECK/foreign key refused the write */
  SC_STORE_ERROR_OPEN,       /* cannot open or migrate the database */
  SC_STORE_ERROR_FAULT,      /* a test fault hook fired */
  SC_STORE_ERROR_CHANGED,    /* the row is not the version the caller read
                              * (its etag differs): 412 */
  SC_STORE_ERROR_BUSY,       /* a concurrent transaction won (serialization
                              * failure, deadlock, lock timeout): run the
                              * whole transaction again */
} ScStoreError;
GQuark sc_store_error_quark (void);

/* Opens (creating and migrating as needed) the database @target: an SQLite
 * file name, or a PostgreSQL URI (postgresql://…) or libpq keyword string. */
ScStore    *sc_store_open                 (const char  *target,
                                           GError     **error);
int         sc_store_get_schema_version   (ScStore     *self);
/* A number that changes whenever anything stored changes, whether this
 * process or another one (the command line) wrote it; equal stamps mean
 * nothing was written in between. For validators and short-lived caches
 * of what is derived from stored data only. */
guint64     sc_store_get_change_stamp     (ScStore     *self);
/* The server pins the stamp while it dispatches a request
 * (sc_db_pin_change_stamp ()): the request's caches (session, roles,
 * answers) ask it at one cost. */
void        sc_store_pin_change_stamp     (ScStore     *self,
                                           gboolean     pinned);

/* A request's work is one transaction, opened by its caller (the route,
 * the promotion code, the command line, the scheduler), never by a store
 * function: the store's writes require one (g_return_val_if_fail on
 * sc_store_in_transaction, fatal in tests). */
gboolean    sc_store_in_transaction       (ScStore     *self);
gboolean    sc_store_transaction_begin    (ScStore     *self,
                                           GError     **error);
gboolean    sc_store_transaction_commit   (ScStore     *self,
                                           GError     **error);
void        sc_store_transaction_rollback (ScStore     *self);
/* Commits when @ok (the writes succeeded), else rolls back; FALSE unless
 * committed (@error is set by the writes or by the commit). */
gboolean    sc_store_transaction_finish   (ScStore     *self,
                                           gboolean     ok,
                                           GError     **error);

/* Test builds (meson -Dtest_hooks=true) fail here with SC_STORE_ERROR_FAULT
 * when the environment variable SC_TEST_FAULT names @point; other builds
 * never fail. Used to prove that multi-row writes are atomic. */
gboolean    sc_store_fault_point          (ScStore     *self,
                                           const char  *point,
                                           GError     **error);

/* "<prefix>_<20 lowercase base32 chars>" from 100 random bits. */
char       *sc_store_new_id               (const char  *prefix);
char       *sc_store_new_etag             (void);
/* 32 random bytes as unpadded base64url (for token and key secrets). */
char       *sc_store_random_secret        (void);
/* Now, RFC 3339 UTC. */
char       *sc_store_now                  (void);

/* --- users, orgs, memberships, credentials (sc-store-auth.c) ------------ */

/* The user a bearer token stands for. @token is the whole bearer string;
 * the secret is compared in constant time. NULL with NOT_FOUND for an
 * unknown, malformed, revoked or expired token. @scope_org_id (out,
 * nullable) is set for access tokens scoped to one org. */
JsonObject *sc_store_authenticate         (ScStore     *self,
                                           const char  *token,
                                           char       **token_id,
                                           char       **scope_org_id,
                                           GError     **error);
/* {id, email, name} */
JsonObject *sc_store_get_user             (ScStore     *self,
                                           const char  *user_id,
                                           GError     **error);
JsonObject *sc_store_find_user_by_email   (ScStore     *self,
                                           const char  *email,
                                           GError     **error);
char       *sc_store_add_user             (ScStore     *self,
                                           const char  *email,
                                           const char  *name,
                                           GError     **error);
char       *sc_store_add_org              (ScStore     *self,
                                           const char  *name,
                                           ScOrgType    type,
                                           GError     **error);
/* The org id by id or by exact name, NULL when none. */
char       *sc_store_resolve_org          (ScStore     *self,
                                           const char  *id_or_name,
                                           GError     **error);
gboolean    sc_store_set_membership       (ScStore     *self,
                                           const char  *user_id,
                                           const char  *org_id,
                                           ScRole       role,
                                           GError     **error);
/* SC_ROLE_NONE when not a member. */
ScRole      sc_store_get_role             (ScStore     *self,
                                           const char  *user_id,
                                           const char  *org_id,
                                           GError     **error);
/* [{org_id, org_name, role}] of the user, by org name. */
JsonArray  *sc_store_list_memberships     (ScStore     *self,
                                           const char  *user_id,
                                           GError     **error);
/* A new personal token for the user: returns the bearer string once. */
char       *sc_store_add_personal_token   (ScStore     *self,
                                           const char  *user_id,
                                           const char  *label,
                                           char       **token_id,
                                           GError     **error);
/* client_id (return) and secret (out, shown once) */
char       *sc_store_add_api_key          (ScStore     *self,
                                           const char  *user_id,
                                           char       **client_secret,
                                           GError     **error);
/* Exchanges a client id/secret for an access token of @lifetime seconds.
 * NULL with NOT_FOUND when the key is unknown, revoked or the secret wrong. */
char       *sc_store_issue_access_token   (ScStore     *self,
                                           const char  *client_id,
                                           const char  *client_secret,
                                           const char  *scope_org_id,
                                           guint        lifetime,
                                           char       **user_id,
                                           GError     **error);
/* Revokes a personal or access token (by token id) or an API key (by client
 * id, with every access token it issued). NOT_FOUND when there is none. */
gboolean    sc_store_revoke_token         (ScStore     *self,
                                           const char  *token_or_key_id,
                                           GError     **error);
/* Revokes every personal token whose label is @label (the demo's). */
gboolean    sc_store_revoke_tokens_labelled (ScStore   *self,
                                           const char  *label,
                                           GError     **error);

/* Loads every org into a graph with their mappings (a server has few orgs;
 * paths and promotions need the whole neighbourhood). */
ScOrgGraph *sc_store_load_org_graph       (ScStore     *self,
                                           GError     **error);

/* What decides a caller's permission on a workflow (or a connection, with
 * @is_connection): its org, owner, general access and the caller's own grant
 * (SC_PERMISSION_NONE when none). FALSE with NOT_FOUND when it does not
 * exist. */
gboolean    sc_store_get_access_facts     (ScStore      *self,
                                           gboolean      is_connection,
                                           const char   *resource_id,
                                           const char   *user_id,
                                           char        **org_id,
                                           char        **owner_id,
                                           ScPermission *general_access,
                                           ScPermission *grant,
                                           GError      **error);

/* --- audit and events (sc-store-audit.c) ------------------------------- */

/* Appends an audit event; @details (transfer none, nullable) is an object. */
gboolean    sc_store_audit                (ScStore     *self,
                                           const char  *org_id,
                                           const char  *actor_id,
                                           const char  *action,
                                           const char  *target_type,
                                           const char  *target_id,
                                           JsonObject  *details,
                                           GError     **error);
/* The same with @details_text, an object's text as sc_store_audit() writes
 * it: one object written once for several rows. */
gboolean    sc_store_audit_text           (ScStore     *self,
                                           const char  *org_id,
                                           const char  *actor_id,
                                           const char  *action,
                                           const char  *target_type,
                                           const char  *target_id,
                                           const char  *details_text,
                                           GError     **error);
/* Queues an event for @user_id (the /events feed). */
gboolean    sc_store_add_event            (ScStore     *self,
                                           const char  *user_id,
                                           const char  *kind,
                                           JsonObject  *data,
                                           GError     **error);
/* The same with @text, the data object's JSON text. */
gboolean    sc_store_add_event_text       (ScStore     *self,
                                           const char  *user_id,
                                           const char  *kind,
                                           const char  *text,
                                           GError     **error);

/* A stored answer for (user, endpoint, key) younger than a day: TRUE and
 * @status/@body set; FALSE when none. */
gboolean    sc_store_idempotency_lookup   (ScStore     *self,
                                           const char  *user_id,
                                           const char  *endpoint,
                                           const char  *key,
                                           guint       *status,
                                           char       **body,
                                           GError     **error);
gboolean    sc_store_idempotency_save     (ScStore     *self,
                                           const char  *user_id,
                                           const char  *endpoint,
                                           const char  *key,
                                           guint        status,
                                           const char  *body,
                                           GError     **error);

/* Copies every row of the SQLite file @source into the empty PostgreSQL
 * database @target (both migrated first) in one transaction and compares
 * the row counts of every table; @report (nullable) gets "table count"
 * lines. In sc-store-copy.c. */
gboolean    sc_store_copy_database        (const char  *source,
                                           const char  *target,
                                           GString     *report,
                                           GError     **error);

/* --- the database as a whole (sc-store-meta.c) --------------------------- */

/* Whether the demo set (sc-demo-seed.c, above storage) was written. */
gboolean    sc_store_has_demo             (ScStore     *self);
/* Notes that the demo set is complete: write it last, in the seeding's
 * transaction. */
gboolean    sc_store_mark_demo            (ScStore     *self,
                                           GError     **error);
/* @empty: no users and no orgs. */
gboolean    sc_store_is_empty             (ScStore     *self,
                                           gboolean    *empty,
                                           GError     **error);

G_END_DECLS
