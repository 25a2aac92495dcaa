/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include <string.h>

#include "sc-clock.h"
#include "sc-store-private.h"

/* Bearer strings are "<kind>_<token id>_<secret>" where the token id is
 * "tok_<20 chars>", so the id is found by position, never by searching the
 * secret. */
static gboolean
split_bearer (const char  *token,
              char       **token_id,
              const char **secret)
{
  gsize length = strlen (token);
  const gsize id_length = 4 + 20; /* "tok_" + body */

  if (length < 4 + id_length + 1 + 1)
    return FALSE;
  if (!g_str_has_prefix (token, "scp_") && !g_str_has_prefix (token, "sca_"))
    return FALSE;
  if (strncmp (token + 4, "tok_", 4) != 0 || token[4 + id_length] != '_')
    return FALSE;

  *token_id = g_strndup (token + 4, id_length);
  *secret = token + 4 + id_length + 1;
  return TRUE;
}

static gboolean
digest_equal (const guint8 *a,
              const void   *b,
              gsize         b_length)
{
  guint8 diff = 0;

  if (b == NULL || b_length != 32)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    diff |= a[i] ^ ((const guint8 *) b)[i];
  return diff == 0;
}

/* Column @column of @stmt (a stored hash) against @digest. */
static gboolean
stored_digest_equal (ScDbStmt     *stmt,
                     int           column,
                     const guint8 *digest)
{
  gsize length = 0;
  gconstpointer stored = sc_db_stmt_column_blob (stmt, column, &length);

  return digest_equal (digest, stored, length);
}

/* A short-lived cache of authenticated sessions, token id → what the last
 * successful lookup found. An entry serves only while nothing at all was
 * written since it was made (sc_store_get_change_stamp(): revoking a
 * token is a write, here or from the command line, so a revoked token is
 * refused at once), for SESSION_TTL at most, and the secret is checked
 * against it as against the row, in constant time. */
#define SESSION_TTL_USEC (10 * G_USEC_PER_SEC)
#define SESSION_MAX 1024

typedef struct {
  guint8   digest[32];
  char    *user_id;
  char    *email;
  char    *name;
  char    *scope_org_id;
  char    *expires_at;
  guint64  stamp;
  gint64   cached_at;
} Session;

static void
session_free (Session *session)
{
  g_free (session->user_id);
  g_free (session->email);
  g_free (session->name);
  g_free (session->scope_org_id);
  g_free (session->expires_at);
  g_free (session);
}

/* A cache of the store's, string → @free_value'd entry, made on first use
 * and freed with the store. */
static GHashTable *
cache_of (ScStore        *self,
          const char     *name,
          GDestroyNotify  free_value)
{
  GQuark quark = g_quark_from_static_string (name);
  GHashTable *cache = g_object_get_qdata (G_OBJECT (self), quark);

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_value);
      g_object_set_qdata_full (G_OBJECT (self), quark, cache, (GDestroyNotify) g_hash_table_unref);
    }
  return cache;
}

static GHashTable *
sessions_of (ScStore *self)
{
  return cache_of (self, "sc-sessions", (GDestroyNotify) session_free);
}

static JsonObject *
session_user (Session *session)
{
  JsonObject *user = json_object_new ();

  json_object_set_string_member (user, "id", session->user_id);
  json_object_set_string_member (user, "email", session->email);
  json_object_set_string_member (user, "name", session->name);
  return user;
}

JsonObject *
sc_store_authenticate (ScStore     *self,
                       const char  *token,
                       char       **token_id_out,
                       char       **scope_org_id_out,
                       GError     **error)
{
  g_autofree char *token_id = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *now = sc_store_now ();
  GHashTable *sessions = sessions_of (self);
  guint64 stamp = sc_store_get_change_stamp (self);
  Session *session;
  const char *secret;
  const char *expires;
  guint8 digest[32];
  ScDbStmt *stmt;
  gboolean ok;
  int rc;

  if (token == NULL || !split_bearer (token, &token_id, &secret))
    {
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND, "Malformed token");
      return NULL;
    }
  sc_store_hash_secret (secret, digest);

  session = g_hash_table_lookup (sessions, token_id);
  if (session != NULL && session->stamp == stamp &&
      g_get_monotonic_time () - session->cached_at < SESSION_TTL_USEC &&
      digest_equal (digest, session->digest, sizeof session->digest) &&
      (session->expires_at == NULL || strcmp (session->expires_at, now) > 0))
    {
      if (scope_org_id_out != NULL)
        *scope_org_id_out = g_strdup (session->scope_org_id);
      if (token_id_out != NULL)
        *token_id_out = g_steal_pointer (&token_id);
      return session_user (session);
    }

  stmt = sc_store_query (self, error,
                         "SELECT t.secret_hash, t.expires_at, t.scope_org_id, u.id, u.email, u.name "
                         "FROM tokens t JOIN users u ON u.id = t.user_id "
                         "WHERE t.id = ?1 AND t.revoked = 0",
                         "s", token_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;

  /* The id only finds the row; the secret decides, compared in constant
   * time against its stored hash. */
  ok = rc == SC_DB_ROW &&
       stored_digest_equal (stmt, 0, digest);

  if (ok)
    {
      expires = sc_store_col_text (stmt, 1);
      if (expires != NULL && strcmp (expires, now) <= 0)
        ok = FALSE;
    }

  if (!ok)
    {
      sc_db_stmt_reset (stmt);
      g_hash_table_remove (sessions, token_id);
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND, "Unknown token");
      return NULL;
    }

  user = sc_store_user_from_row (stmt, 3, TRUE);

  if (g_hash_table_size (sessions) >= SESSION_MAX)
    g_hash_table_remove_all (sessions);
  session = g_new0 (Session, 1);
  memcpy (session->digest, digest, sizeof digest);
  session->user_id = g_strdup (sc_store_col_text (stmt, 3));
  session->email = g_strdup (sc_store_col_text (stmt, 4));
  session->name = g_strdup (sc_store_col_text (stmt, 5));
  session->scope_org_id = g_strdup (sc_store_col_text (stmt, 2));
  session->expires_at = g_strdup (sc_store_col_text (stmt, 1));
  session->stamp = stamp;
  session->cached_at = g_get_monotonic_time ();
  g_hash_table_replace (sessions, g_strdup (token_id), session);

  if (scope_org_id_out != NULL)
    *scope_org_id_out = g_strdup (sc_store_col_text (stmt, 2));
  if (token_id_out != NULL)
    *token_id_out = g_steal_pointer (&token_id);
  sc_db_stmt_reset (stmt);

  return g_steal_pointer (&user);
}

static JsonObject *
get_user (ScStore     *self,
          const char  *sql,
          const char  *arg,
          GError     **error)
{
  ScDbStmt *stmt = sc_store_query (self, error, sql, "s", arg);
  JsonObject *user = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    user = sc_store_user_from_row (stmt, 0, TRUE);
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "user");
  sc_db_stmt_reset (stmt);

  return user;
}

JsonObject *
sc_store_get_user (ScStore     *self,
                   const char  *user_id,
                   GError     **error)
{
  return get_user (self, "SELECT id, email, name FROM users WHERE id = ?1", user_id, error);
}

JsonObject *
sc_store_find_user_by_email (ScStore     *self,
                             const char  *email,
                             GError     **error)
{
  return get_user (self, "SELECT id, email, name FROM users WHERE email = ?1", email, error);
}

char *
sc_store_add_user (ScStore     *self,
                   const char  *email,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *id = sc_store_new_id ("usr");
  g_autofree char *now = sc_store_now ();

  if (!sc_store_exec (self, error,
                      "INSERT INTO users (id, email, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                      "ssss", id, email, name, now))
    return NULL;
  return g_steal_pointer (&id);
}

char *
sc_store_add_org (ScStore     *self,
                  const char  *name,
                  ScOrgType    type,
                  GError     **error)
{
  g_autofree char *id = sc_store_new_id ("org");
  g_autofree char *now = sc_store_now ();
  g_autofree char *etag = sc_store_new_etag ();
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(JsonNode) policy_json = sc_approval_policy_to_json (policy);
  g_autofree char *policy_text = sc_store_json_text (policy_json);

  if (!sc_store_exec (self, error,
                      "INSERT INTO orgs (id, name, type, policy, etag, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      "ssssss", id, name, sc_org_type_to_string (type), policy_text, etag, now))
    return NULL;
  return g_steal_pointer (&id);
}

char *
sc_store_resolve_org (ScStore     *self,
                      const char  *id_or_name,
                      GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error, "SELECT id FROM orgs WHERE id = ?1 OR name = ?1 LIMIT 1",
                         "s", id_or_name);
  return sc_store_collect_text (self, stmt, error);
}

gboolean
sc_store_set_membership (ScStore     *self,
                         const char  *user_id,
                         const char  *org_id,
                         ScRole       role,
                         GError     **error)
{
  g_return_val_if_fail (role != SC_ROLE_NONE, FALSE);

  return sc_store_exec (self, error,
                        "INSERT INTO memberships (user_id, org_id, role) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT (user_id, org_id) DO UPDATE SET role = excluded.role",
                        "sss", user_id, org_id, sc_role_to_string (role));
}

/* Roles as the last lookup outside a transaction found them, "user org" →
 * RoleEntry, under the same rule as the sessions: an entry serves only
 * while nothing at all was written since (a membership's change is a
 * write, here or from the command line), so the requests of a caller in
 * an org ask the database once per write, not once each. */
#define ROLES_MAX 4096

typedef struct {
  ScRole  role;
  guint64 stamp;
} RoleEntry;

static GHashTable *
roles_of (ScStore *self)
{
  return cache_of (self, "sc-roles", g_free);
}

ScRole
sc_store_get_role (ScStore     *self,
                   const char  *user_id,
                   const char  *org_id,
                   GError     **error)
{
  GHashTable *roles = roles_of (self);
  /* inside a transaction what is read may yet be rolled back, which
   * leaves the stamp as it is: such reads are not kept */
  gboolean keep = !sc_store_in_transaction (self);
  guint64 stamp = keep ? sc_store_get_change_stamp (self) : 0;
  g_autofree char *key = NULL;
  RoleEntry *entry = NULL;
  ScDbStmt *stmt;
  ScRole role = SC_ROLE_NONE;
  int rc;

  if (user_id == NULL || org_id == NULL)
    return SC_ROLE_NONE;

  key = g_strconcat (user_id, " ", org_id, NULL);
  if (keep)
    entry = g_hash_table_lookup (roles, key);
  if (entry != NULL && entry->stamp == stamp)
    return entry->role;

  stmt = sc_store_query (self, error,
                         "SELECT role FROM memberships WHERE user_id = ?1 AND org_id = ?2",
                         "ss", user_id, org_id);
  if (stmt == NULL)
    return SC_ROLE_NONE;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW && !sc_role_from_string (sc_store_col_text (stmt, 0), &role))
    role = SC_ROLE_NONE;
  sc_db_stmt_reset (stmt);
  if (rc < 0 || !keep)
    return rc < 0 ? SC_ROLE_NONE : role;

  if (g_hash_table_size (roles) >= ROLES_MAX)
    g_hash_table_remove_all (roles);
  entry = g_new (RoleEntry, 1);
  entry->role = role;
  entry->stamp = stamp;
  g_hash_table_replace (roles, g_steal_pointer (&key), entry);
  return role;
}

static char *
insert_token (ScStore     *self,
              const char  *user_id,
              const char  *kind,
              const char  *label,
              const char  *api_key_id,
              const char  *scope_org_id,
              const char  *expires_at,
              char       **token_id_out,
              GError     **error)
{
  g_autofree char *token_id = sc_store_new_id ("tok");
  g_autofree char *secret = sc_store_random_secret ();
  g_autofree char *now = sc_store_now ();
  guint8 digest[32];
  ScDbStmt *stmt;
  int rc;

  sc_store_hash_secret (secret, digest);
  stmt = sc_store_query (self, error,
                         "INSERT INTO tokens (id, user_id, kind, secret_hash, label, api_key_id, "
                         "                    scope_org_id, expires_at, created_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         "sssnsssss", token_id, user_id, kind, label, api_key_id,
                         scope_org_id, expires_at, now);
  if (stmt == NULL)
    return NULL;
  sc_db_stmt_bind_blob (stmt, 4, digest, sizeof digest);
  rc = sc_store_step (self, stmt, error);
  sc_db_stmt_reset (stmt);
  if (rc != SC_DB_DONE)
    return NULL;

  if (token_id_out != NULL)
    *token_id_out = g_strdup (token_id);
  return g_strdup_printf ("%s_%s_%s", strcmp (kind, "personal") == 0 ? "scp" : "sca",
                          token_id, secret);
}

char *
sc_store_add_personal_token (ScStore     *self,
                             const char  *user_id,
                             const char  *label,
                             char       **token_id,
                             GError     **error)
{
  return insert_token (self, user_id, "personal", label, NULL, NULL, NULL, token_id, error);
}

char *
sc_store_add_api_key (ScStore     *self,
                      const char  *user_id,
                      char       **client_secret,
                      GError     **error)
{
  g_autofree char *id = sc_store_new_id ("key");
  g_autofree char *secret = sc_store_random_secret ();
  g_autofree char *now = sc_store_now ();
  guint8 digest[32];
  ScDbStmt *stmt;
  int rc;

  sc_store_hash_secret (secret, digest);
  stmt = sc_store_query (self, error,
                         "INSERT INTO api_keys (id, user_id, secret_hash, created_at) "
                         "VALUES (?1, ?2, ?3, ?4)",
                         "ssns", id, user_id, now);
  if (stmt == NULL)
    return NULL;
  sc_db_stmt_bind_blob (stmt, 3, digest, sizeof digest);
  rc = sc_store_step (self, stmt, error);
  sc_db_stmt_reset (stmt);
  if (rc != SC_DB_DONE)
    return NULL;

  *client_secret = g_steal_pointer (&secret);
  return g_steal_pointer (&id);
}

char *
sc_store_issue_access_token (ScStore     *self,
                             const char  *client_id,
                             const char  *client_secret,
                             const char  *scope_org_id,
                             guint        lifetime,
                             char       **user_id_out,
                             GError     **error)
{
  g_autofree char *user_id = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *expires_text = NULL;
  guint8 digest[32];
  ScDbStmt *stmt;
  gboolean ok = FALSE;
  int rc;

  sc_store_hash_secret (client_secret != NULL ? client_secret : "", digest);
  stmt = sc_store_query (self, error,
                         "SELECT secret_hash, user_id FROM api_keys WHERE id = ?1 AND revoked = 0",
                         "s", client_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SC_DB_ROW)
    {
      ok = stored_digest_equal (stmt, 0, digest);
      user_id = g_strdup (sc_store_col_text (stmt, 1));
    }
  sc_db_stmt_reset (stmt);

  if (!ok)
    {
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND, "Unknown client");
      return NULL;
    }

  {
    g_autoptr(GDateTime) now = sc_clock_now_utc ();
    expires = g_date_time_add_seconds (now, lifetime);
  }
  expires_text = sc_time_format (expires);
  if (user_id_out != NULL)
    *user_id_out = g_strdup (user_id);

  return insert_token (self, user_id, "access", NULL, client_id, scope_org_id,
                       expires_text, NULL, error);
}

gboolean
sc_store_revoke_token (ScStore     *self,
                       const char  *id,
                       GError     **error)
{
  if (g_str_has_prefix (id, "key_"))
    {
      if (!sc_store_exec (self, error, "UPDATE api_keys SET revoked = 1 WHERE id = ?1", "s", id))
        return FALSE;
      if (sc_store_changes (self) > 0)
        return sc_store_exec (self, error, "UPDATE tokens SET revoked = 1 WHERE api_key_id = ?1",
                              "s", id);
    }
  else
    {
      if (!sc_store_exec (self, error, "UPDATE tokens SET revoked = 1 WHERE id = ?1", "s", id))
        return FALSE;
      if (sc_store_changes (self) > 0)
        return TRUE;
    }

  g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND, "No token or API key “%s”", id);
  return FALSE;
}

gboolean
sc_store_revoke_tokens_labelled (ScStore     *self,
                                 const char  *label,
                                 GError     **error)
{
  return sc_store_exec (self, error, "UPDATE tokens SET revoked = 1 WHERE label = ?1", "s", label);
}

ScOrgGraph *
sc_store_load_org_graph (ScStore  *self,
                         GError  **error)
{
  g_autoptr(ScOrgGraph) graph = sc_org_graph_new ();
  ScDbStmt *stmt;
  int rc;

  stmt = sc_store_query (self, error, "SELECT id, name, type FROM orgs", "");
  if (stmt == NULL)
    return NULL;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    {
      ScOrgType type = SC_ORG_TYPE_NONE;

      sc_org_type_from_string (sc_store_col_text (stmt, 2), &type);
      sc_org_graph_add_org (graph, sc_store_col_text (stmt, 0), sc_store_col_text (stmt, 1), type);
    }
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return NULL;

  stmt = sc_store_query (self, error,
                         "SELECT source_org_id, target_org_id, relation FROM mappings", "");
  if (stmt == NULL)
    return NULL;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    {
      ScRelation relation = SC_RELATION_DEFAULT;

      sc_relation_from_string (sc_store_col_text (stmt, 2), &relation);
      sc_org_graph_add_mapping (graph, sc_store_col_text (stmt, 0), sc_store_col_text (stmt, 1),
                                relation);
    }
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return NULL;

  return g_steal_pointer (&graph);
}

static JsonObject *
membership_from_row (ScDbStmt *stmt)
{
  JsonObject *item = json_object_new ();

  sc_store_set_text (item, "org_id", stmt, 0);
  sc_store_set_text (item, "org_name", stmt, 1);
  sc_store_set_text (item, "role", stmt, 2);
  return item;
}

JsonArray *
sc_store_list_memberships (ScStore     *self,
                           const char  *user_id,
                           GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         "SELECT o.id, o.name, m.role FROM memberships m "
                         "JOIN orgs o ON o.id = m.org_id WHERE m.user_id = ?1 ORDER BY o.name",
                         "s", user_id);
  return sc_store_collect_rows (self, stmt, membership_from_row, error);
}

gboolean
sc_store_get_access_facts (ScStore       *self,
                           gboolean       is_connection,
                           const char    *resource_id,
                           const char    *user_id,
                           char         **org_id,
                           char         **owner_id,
                           ScPermission  *general_access,
                           ScPermission  *grant,
                           GError       **error)
{
  ScDbStmt *stmt;
  int rc;

  if (is_connection)
    stmt = sc_store_query (self, error,
                           "SELECT c.org_id, c.owner_id, c.general_access, g.permission "
                           "FROM connections c LEFT JOIN connection_grants g "
                           "  ON g.connection_id = c.id AND g.user_id = ?2 "
                           "WHERE c.id = ?1",
                           "ss", resource_id, user_id);
  else
    stmt = sc_store_query (self, error,
                           "SELECT w.org_id, w.owner_id, w.general_access, g.permission "
                           "FROM workflows w LEFT JOIN workflow_grants g "
                           "  ON g.workflow_id = w.id AND g.user_id = ?2 "
                           "WHERE w.id = ?1",
                           "ss", resource_id, user_id);
  if (stmt == NULL)
    return FALSE;

  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      *org_id = g_strdup (sc_store_col_text (stmt, 0));
      *owner_id = g_strdup (sc_store_col_text (stmt, 1));
      *general_access = SC_PERMISSION_NONE;
      sc_permission_from_string (sc_store_col_text (stmt, 2), general_access);
      *grant = SC_PERMISSION_NONE;
      sc_permission_from_string (sc_store_col_text (stmt, 3), grant);
    }
  else if (rc == SC_DB_DONE)
    sc_store_set_not_found (error, "resource");
  sc_db_stmt_reset (stmt);

  return rc == SC_DB_ROW;
}
