/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "sc-cli.h"
#include "sc-demo-seed.h"
#include "sc-rules.h"
#include "sc-server.h"
#include "sc-server-connections.h"

typedef struct {
  char     *database;
  char     *listen;
  char     *tls_cert;
  char     *tls_key;
  char     *hierarchy;
  char     *name;
  char     *org;
  char     *role;
  char     *type;
  char     *from;
  char     *to;
  gboolean  demo;
  gboolean  insecure;
  gboolean  version;
  gint      max_connections;
  gint      idle_timeout;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->database);
  g_free (o->from);
  g_free (o->to);
  g_free (o->listen);
  g_free (o->tls_cert);
  g_free (o->tls_key);
  g_free (o->hierarchy);
  g_free (o->name);
  g_free (o->org);
  g_free (o->role);
  g_free (o->type);
}

static int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("stagecraft-server: %s\n", message);
  return 1;
}

static char *
default_database (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "stagecraft-server", NULL);

  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "stagecraft.db", NULL);
}

static ScStore *
open_store (Options  *o,
            int      *status)
{
  g_autoptr(GError) error = NULL;
  ScStore *store;

  if (o->database == NULL)
    o->database = default_database ();

  store = sc_store_open (o->database, &error);
  if (store == NULL)
    *status = fail ("%s", error->message);
  return store;
}

/* The checks of `org add` that need no database: the command makes them
 * before it opens one (a bad line creates no file). */
static gboolean
org_add_check (const char  *name,
               const char  *type_name,
               ScOrgType   *type,
               GError     **error)
{
  *type = SC_ORG_TYPE_NONE;
  if (!sc_rules_name_is_clean (name))
    {
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                           _("an organization name may not contain control characters"));
      return FALSE;
    }
  if (type_name != NULL && !sc_org_type_from_string (type_name, type))
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                   _("unknown organization type “%s” (dev, sit, uat, automation, demo, prod)"), type_name);
      return FALSE;
    }
  return TRUE;
}

char *
sc_cli_org_add (ScStore     *store,
                const char  *name,
                const char  *type_name,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  ScOrgType type;
  char *id;

  if (!org_add_check (name, type_name, &type, error))
    return NULL;

  id = sc_store_add_org (store, name, type, &local_error);
  if (id == NULL)
    g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                 _("cannot add organization “%s”: %s"), name,
                 g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_CONSTRAINT)
                 ? _("an organization with that name exists") : local_error->message);
  return id;
}

static int
cmd_org_add (Options  *o,
             char    **args)
{
  g_autoptr(ScStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  ScOrgType type;
  int status = 0;

  if (args[0] == NULL || args[1] != NULL)
    return fail (_("usage: stagecraft-server org add NAME [--type TYPE] --database FILE"));
  if (!org_add_check (args[0], o->type, &type, &error))
    return fail ("%s", error->message);
  if ((store = open_store (o, &status)) == NULL)
    return status;

  id = sc_cli_org_add (store, args[0], o->type, &error);
  if (id == NULL)
    return fail ("%s", error->message);
  g_print ("%s\n", id);
  return 0;
}

/* The checks of `user add` that need no database, as org_add_check(). */
static gboolean
user_add_check (const char  *email,
                const char  *name,
                const char  *role_name,
                ScRole      *role,
                GError     **error)
{
  *role = SC_ROLE_NONE;
  if (!sc_role_from_string (role_name, role))
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                   _("unknown role “%s” (admin, reviewer, developer, viewer)"), role_name);
      return FALSE;
    }
  if (strchr (email, '@') == NULL || !sc_rules_name_is_clean (email))
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                   _("“%s” is not an e-mail address"), email);
      return FALSE;
    }
  if (name != NULL && !sc_rules_name_is_clean (name))
    {
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                           _("a user name may not contain control characters"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_cli_user_add (ScStore     *store,
                 const char  *email,
                 const char  *name,
                 const char  *org,
                 const char  *role_name,
                 char       **user_id_out,
                 char       **token_id_out,
                 char       **token_out,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_id = NULL;
  ScRole role;

  if (!user_add_check (email, name, role_name, &role, error))
    return FALSE;

  org_id = sc_store_resolve_org (store, org, NULL);
  if (org_id == NULL)
    {
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                   _("no organization “%s” (give its id or exact name)"), org);
      return FALSE;
    }

  if (!sc_store_transaction_begin (store, error))
    return FALSE;

  user = sc_store_find_user_by_email (store, email, NULL);
  if (user != NULL)
    user_id = g_strdup (json_object_get_string_member (user, "id"));
  else if (name == NULL)
    {
      sc_store_transaction_rollback (store);
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                           _("a new user needs --name"));
      return FALSE;
    }
  else
    user_id = sc_store_add_user (store, email, name, &local_error);

  if (user_id == NULL ||
      !sc_store_set_membership (store, user_id, org_id, role, &local_error) ||
      (token = sc_store_add_personal_token (store, user_id, "cli", &token_id, &local_error)) == NULL ||
      !sc_store_transaction_commit (store, &local_error))
    {
      sc_store_transaction_rollback (store);
      g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                   _("cannot add user: %s"), local_error->message);
      return FALSE;
    }

  if (user_id_out != NULL)
    *user_id_out = g_steal_pointer (&user_id);
  if (token_id_out != NULL)
    *token_id_out = g_steal_pointer (&token_id);
  if (token_out != NULL)
    *token_out = g_steal_pointer (&token);
  return TRUE;
}

static int
cmd_user_add (Options  *o,
              char    **args)
{
  g_autoptr(ScStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_id = NULL;
  ScRole role;
  int status = 0;

  if (args[0] == NULL || args[1] != NULL || o->org == NULL || o->role == NULL)
    return fail (_("usage: stagecraft-server user add EMAIL --name NAME --org ORG --role ROLE --database FILE"));
  if (!user_add_check (args[0], o->name, o->role, &role, &error))
    return fail ("%s", error->message);
  if ((store = open_store (o, &status)) == NULL)
    return status;

  if (!sc_cli_user_add (store, args[0], o->name, o->org, o->role, &user_id, &token_id, &token, &error))
    return fail ("%s", error->message);

  g_print ("user %s\ntoken-id %s\ntoken %s\n", user_id, token_id, token);
  return 0;
}

static int
cmd_apikey_add (Options  *o,
                char    **args)
{
  g_autoptr(ScStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *secret = NULL;
  int status = 0;

  if (args[0] == NULL || args[1] != NULL)
    return fail (_("usage: stagecraft-server apikey add EMAIL --database FILE"));
  if ((store = open_store (o, &status)) == NULL)
    return status;

  user = sc_store_find_user_by_email (store, args[0], NULL);
  if (user == NULL)
    return fail (_("no user with the e-mail address “%s”"), args[0]);

  client_id = sc_store_add_api_key (store, json_object_get_string_member (user, "id"), &secret, &error);
  if (client_id == NULL)
    return fail (_("cannot add an API key: %s"), error->message);

  g_print ("client-id %s\nclient-secret %s\n", client_id, secret);
  return 0;
}

static int
cmd_token_revoke (Options  *o,
                  char    **args)
{
  g_autoptr(ScStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (args[0] == NULL || args[1] != NULL)
    return fail (_("usage: stagecraft-server token revoke TOKEN_ID --database FILE"));
  if ((store = open_store (o, &status)) == NULL)
    return status;

  if (!sc_store_revoke_token (store, args[0], &error))
    return fail ("%s", error->message);

  g_print (_("revoked %s\n"), args[0]);
  return 0;
}

/* migrate-db --from FILE --to URI: see sc_store_copy_database(). */
static int
cmd_migrate_db (Options  *o,
                char    **args)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  if (args[0] != NULL || o->from == NULL || o->to == NULL)
    return fail (_("usage: stagecraft-server migrate-db --from FILE --to postgresql://…"));
  if (!sc_store_copy_database (o->from, o->to, report, &error))
    return fail ("%s", error->message);

  g_print (_("Copied %s; rows per table, the same on both sides:\n%s"), o->from, report->str);
  return 0;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* --max-connections and --idle-timeout; the cap fits in the file
 * descriptors we may open (raised to the hard limit first). */
static gboolean
apply_connection_limits (Options  *o,
                         ScServer *server)
{
  guint fd_limit = sc_connections_raise_fd_limit ();
  guint max_connections;

  if (o->max_connections < 1)
    {
      fail (_("--max-connections must be at least 1"));
      return FALSE;
    }
  if (o->idle_timeout < 1)
    {
      fail (_("--idle-timeout must be at least 1 second"));
      return FALSE;
    }

  max_connections = o->max_connections;
  if (fd_limit <= SC_CONNECTIONS_FD_RESERVE)
    max_connections = 1;
  else if (max_connections > fd_limit - SC_CONNECTIONS_FD_RESERVE)
    max_connections = fd_limit - SC_CONNECTIONS_FD_RESERVE;
  if (max_connections != (guint) o->max_connections)
    g_printerr (_("stagecraft-server: at most %u connections: the limit of open files is %u\n"),
                max_connections, fd_limit);

  sc_server_set_connection_limits (server, max_connections, o->idle_timeout);
  return TRUE;
}

static int
serve (Options *o)
{
  g_autoptr(ScStore) store = NULL;
  g_autoptr(ScHierarchy) hierarchy = NULL;
  g_autoptr(ScServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  int status = 0;

  if ((o->tls_cert == NULL) != (o->tls_key == NULL))
    return fail (_("--tls-cert and --tls-key go together"));

  if (o->hierarchy != NULL)
    hierarchy = sc_hierarchy_new_from_file (o->hierarchy, &error);
  else
    hierarchy = sc_hierarchy_new_default ();
  if (hierarchy == NULL)
    return fail (_("cannot load the hierarchy “%s”: %s"), o->hierarchy, error->message);

  if (o->tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (o->tls_cert, o->tls_key, &error);
      if (certificate == NULL)
        return fail (_("cannot load the TLS certificate: %s"), error->message);
    }

  if ((store = open_store (o, &status)) == NULL)
    return status;

  if (o->demo)
    {
      g_autoptr(JsonArray) tokens = sc_demo_seed (store, &error);

      if (tokens == NULL)
        return fail (_("cannot set up the demo data: %s"), error->message);
      for (guint i = 0; i < json_array_get_length (tokens); i++)
        {
          JsonObject *t = json_array_get_object_element (tokens, i);
          g_print ("demo-token %s %s\n",
                   json_object_get_string_member (t, "email"),
                   json_object_get_string_member (t, "token"));
        }
    }

  server = sc_server_new (store, hierarchy);
  if (!apply_connection_limits (o, server))
    return 1;
  if (!sc_server_listen (server, o->listen != NULL ? o->listen : "127.0.0.1:8080",
                         certificate, o->insecure, &error))
    return fail ("%s", error->message);

  /* handlers first: whoever reads the line may stop us right away */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);

  url = sc_server_get_url (server);
  g_print ("listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  return 0;
}

static int cli_run (int argc, char **argv, Options *o);

int
sc_cli_run (int    argc,
            char **argv)
{
  Options o = { 0 };
  int status = cli_run (argc, argv, &o);

  options_clear (&o);
  return status;
}

static int
cli_run (int      argc,
         char   **argv,
         Options *op)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &op->database, N_("The SQLite file (created when missing) or a PostgreSQL URI (postgresql://…)"), N_("DATABASE") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &op->from, N_("migrate-db: the SQLite file to copy"), N_("FILE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &op->to, N_("migrate-db: the empty PostgreSQL database to copy into"), N_("URI") },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &op->listen, N_("Address to serve on (default 127.0.0.1:8080; port 0 picks one)"), N_("HOST:PORT") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &op->demo, N_("Seed the demo data set and print a token per demo user"), NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &op->tls_cert, N_("PEM certificate: serve HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &op->tls_key, N_("PEM private key of --tls-cert"), N_("FILE") },
    { "insecure-listen", 0, 0, G_OPTION_ARG_NONE, &op->insecure, N_("Allow plain HTTP beyond loopback"), NULL },
    { "hierarchy", 0, 0, G_OPTION_ARG_FILENAME, &op->hierarchy, N_("Organization type hierarchy (key file) instead of the default"), N_("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &op->name, N_("user add: the user's display name"), N_("NAME") },
    { "org", 0, 0, G_OPTION_ARG_STRING, &op->org, N_("user add: the organization (id or name)"), N_("ORG") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &op->role, N_("user add: admin, reviewer, developer or viewer"), N_("ROLE") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &op->type, N_("org add: dev, sit, uat, automation, demo or prod"), N_("TYPE") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &op->max_connections, N_("Connections open at once; beyond, 503 (default 1024)"), N_("N") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &op->idle_timeout, N_("Seconds a connection has to send a whole request before it is closed (default 60)"), N_("SECONDS") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &op->version, N_("Print the version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &args, NULL, N_("[COMMAND …]") },
    { NULL }
  };

  op->max_connections = SC_CONNECTIONS_DEFAULT_MAX;
  op->idle_timeout = SC_CONNECTIONS_DEFAULT_IDLE_TIMEOUT;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    _("Serves the Stagecraft API v1 from a SQLite database, or administers it.\n"
      "\n"
      "Commands:\n"
      "  (none)                       serve\n"
      "  org add NAME [--type TYPE]   add an organization\n"
      "  user add EMAIL --name NAME --org ORG --role ROLE\n"
      "                               add a user (or a membership) and print a token\n"
      "  apikey add EMAIL             add an API key and print its id and secret\n"
      "  token revoke TOKEN_ID        revoke a token or an API key\n"
      "  migrate-db --from FILE --to URI\n"
      "                               copy an SQLite database into an empty PostgreSQL one"));
  g_option_context_set_description (context,
    _("DATABASE is an SQLite file or a PostgreSQL database (a postgresql:// URI or a libpq "
      "keyword string), for serving and for every command; several servers may share one "
      "PostgreSQL database.\n"
      "  migrate-db --from FILE --to URI   copy an SQLite database into an empty PostgreSQL one"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s (see --help)", error->message);

  if (op->version)
    {
      g_print ("stagecraft-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (args == NULL || args[0] == NULL)
    return serve (op);

  if (strcmp (args[0], "migrate-db") == 0)
    return cmd_migrate_db (op, args + 1);

  if (g_strv_length (args) >= 2)
    {
      if (strcmp (args[0], "org") == 0 && strcmp (args[1], "add") == 0)
        return cmd_org_add (op, args + 2);
      if (strcmp (args[0], "user") == 0 && strcmp (args[1], "add") == 0)
        return cmd_user_add (op, args + 2);
      if (strcmp (args[0], "apikey") == 0 && strcmp (args[1], "add") == 0)
        return cmd_apikey_add (op, args + 2);
      if (strcmp (args[0], "token") == 0 && strcmp (args[1], "revoke") == 0)
        return cmd_token_revoke (op, args + 2);
    }

  return fail (_("unknown command “%s” (see --help)"), args[0]);
}
