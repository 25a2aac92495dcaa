/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Accounts"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-accounts.h"
#include "sc-client-error.h"
#include "sc-credentials.h"
#include "sc-me.h"
#include "sc-models.h"

struct _ScAccounts
{
  GObject       parent_instance;

  GSettings    *settings;
  ScDemoServer *demo;
};

G_DEFINE_FINAL_TYPE (ScAccounts, sc_accounts, G_TYPE_OBJECT)

/* What a session-making task carries along. */
typedef struct {
  ScClient *client;
  char     *server;
  char     *account;  /* as stored: e-mail for tokens, client id for API keys */
  char     *token;
  char     *client_id;
  char     *client_secret;
  gboolean  api_key;
  gboolean  demo;
  gboolean  store;    /* keep the credentials once /me answered */
  ScMe     *me;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_clear_object (&s->client);
  g_free (s->server);
  g_free (s->account);
  if (s->token != NULL)
    memset (s->token, 0, strlen (s->token));
  g_free (s->token);
  g_free (s->client_id);
  if (s->client_secret != NULL)
    memset (s->client_secret, 0, strlen (s->client_secret));
  g_free (s->client_secret);
  g_clear_object (&s->me);
  g_free (s);
}

static void
sc_accounts_dispose (GObject *object)
{
  ScAccounts *self = (ScAccounts *)object;

  g_clear_object (&self->demo);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sc_accounts_parent_class)->dispose (object);
}

static void
sc_accounts_class_init (ScAccountsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_accounts_dispose;
}

static void
sc_accounts_init (ScAccounts *self)
{
  self->settings = g_settings_new (APP_ID);
}

ScAccounts *
sc_accounts_new (void)
{
  return g_object_new (SC_TYPE_ACCOUNTS, NULL);
}

char *
sc_accounts_normalize_url (const char *text)
{
  g_autofree char *url = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize length;

  if (*url == '\0')
    return g_strdup ("");

  if (strstr (url, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("https://", url, NULL);
      g_free (url);
      url = with_scheme;
    }

  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';
  if (g_str_has_suffix (url, "/api/v1"))
    url[length - strlen ("/api/v1")] = '\0';

  return g_steal_pointer (&url);
}

static GVariant *
get_accounts (ScAccounts *self)
{
  return g_settings_get_value (self->settings, "accounts");
}

guint
sc_accounts_get_n_accounts (ScAccounts *self)
{
  g_autoptr(GVariant) accounts = NULL;

  g_return_val_if_fail (SC_IS_ACCOUNTS (self), 0);

  accounts = get_accounts (self);
  return g_variant_n_children (accounts);
}

int
sc_accounts_get_current (ScAccounts *self)
{
  int current;

  g_return_val_if_fail (SC_IS_ACCOUNTS (self), -1);

  current = g_settings_get_int (self->settings, "current-account");
  return current >= 0 && (guint) current < sc_accounts_get_n_accounts (self) ? current : -1;
}

static gboolean
get_account (ScAccounts  *self,
             guint        index,
             char       **server,
             char       **account,
             char       **kind)
{
  g_autoptr(GVariant) accounts = get_accounts (self);

  if (index >= g_variant_n_children (accounts))
    return FALSE;
  g_variant_get_child (accounts, index, "(sss)", server, account, kind);
  return TRUE;
}

char *
sc_accounts_describe (ScAccounts *self,
                      guint       index)
{
  g_autofree char *server = NULL;
  g_autofree char *account = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (SC_IS_ACCOUNTS (self), NULL);

  if (!get_account (self, index, &server, &account, &kind))
    return NULL;
  /* Translators: an account in the account menu: "ada@example.com on https://server" */
  return g_strdup_printf (_("%s on %s"), account, server);
}

/* The server (@server TRUE) or the account name of the @index-th account. */
static char *
get_account_part (ScAccounts *self,
                  guint       index,
                  gboolean    server_part)
{
  g_autofree char *server = NULL;
  g_autofree char *account = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (SC_IS_ACCOUNTS (self), NULL);

  if (!get_account (self, index, &server, &account, &kind))
    return NULL;
  return server_part ? g_steal_pointer (&server) : g_steal_pointer (&account);
}

char *
sc_accounts_get_server (ScAccounts *self,
                        guint       index)
{
  return get_account_part (self, index, TRUE);
}

/* The account's name as stored: the e-mail for a token, the client id for
 * an API key. */
char *
sc_accounts_get_account (ScAccounts *self,
                         guint       index)
{
  return get_account_part (self, index, FALSE);
}

/* Adds or replaces (server, account) and makes it current. */
static void
remember_account (ScAccounts *self,
                  const char *server,
                  const char *account,
                  const char *kind)
{
  g_autoptr(GVariant) accounts = get_accounts (self);
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a(sss)"));
  GVariantIter iter;
  const char *s, *a, *k;
  int index = 0, current = -1;

  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &s, &a, &k))
    {
      if (g_strcmp0 (s, server) == 0 && g_strcmp0 (a, account) == 0)
        {
          g_variant_builder_add (builder, "(sss)", server, account, kind);
          current = index;
        }
      else
        g_variant_builder_add (builder, "(sss)", s, a, k);
      index++;
    }
  if (current < 0)
    {
      g_variant_builder_add (builder, "(sss)", server, account, kind);
      current = index;
    }

  g_settings_set_value (self->settings, "accounts", g_variant_builder_end (builder));
  g_settings_set_int (self->settings, "current-account", current);
}

static void
forget_account (ScAccounts *self,
                const char *server,
                const char *account)
{
  g_autoptr(GVariant) accounts = get_accounts (self);
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a(sss)"));
  GVariantIter iter;
  const char *s, *a, *k;
  guint remaining = 0;

  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &s, &a, &k))
    {
      if (g_strcmp0 (s, server) == 0 && g_strcmp0 (a, account) == 0)
        continue;
      g_variant_builder_add (builder, "(sss)", s, a, k);
      remaining++;
    }

  g_settings_set_value (self->settings, "accounts", g_variant_builder_end (builder));
  g_settings_set_int (self->settings, "current-account", remaining > 0 ? 0 : -1);
}

static void
finish_session (GTask *task)
{
  ScAccounts *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);

  if (s->store)
    remember_account (self, s->server, s->account, s->api_key ? "api-key" : "token");

  g_task_return_pointer (task,
                         sc_session_new (s->client, s->me, s->server, s->account, s->demo),
                         g_object_unref);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_credentials_store_finish (result, &error))
    {
      /* Without a keyring the session still works; it just will not be
       * remembered. Never fall back to writing the secret elsewhere. */
      g_warning ("Could not keep the credentials in the keyring: %s", error->message);
      ((SignIn *) g_task_get_task_data (task))->store = FALSE;
    }

  finish_session (g_steal_pointer (&task));
}

static void
me_cb (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) me = NULL;

  me = sc_client_get_me_finish (SC_CLIENT (source), result, &error);
  if (me != NULL)
    s->me = sc_models_check (sc_me_new_from_json (me), "a user without an id", &error);
  if (s->me == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!s->store)
    {
      finish_session (g_steal_pointer (&task));
      return;
    }

  if (s->api_key)
    {
      g_free (s->account);
      s->account = g_strdup (s->client_id);
      sc_credentials_store_api_key_async (s->server, s->account, s->client_id, s->client_secret,
                                          g_task_get_cancellable (task), stored_cb, g_object_ref (task));
    }
  else
    {
      g_free (s->account);
      s->account = g_strdup (sc_me_get_email (s->me) != NULL ? sc_me_get_email (s->me) : "");
      sc_credentials_store_token_async (s->server, s->account, s->token,
                                        g_task_get_cancellable (task), stored_cb, g_object_ref (task));
    }
}

static void
start_sign_in (GTask *task)
{
  SignIn *s = g_task_get_task_data (task);

  s->client = sc_client_new (s->server);
  if (s->api_key)
    sc_client_set_api_key (s->client, s->client_id, s->client_secret);
  else
    sc_client_set_token (s->client, s->token);

  sc_client_get_me_async (s->client, g_task_get_cancellable (task), me_cb, task);
}

void
sc_accounts_sign_in_async (ScAccounts          *self,
                           const char          *server_url,
                           gboolean             api_key,
                           const char          *token_or_client_id,
                           const char          *client_secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  SignIn *s;

  g_return_if_fail (SC_IS_ACCOUNTS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_accounts_sign_in_async);

  s = g_new0 (SignIn, 1);
  s->server = sc_accounts_normalize_url (server_url);
  s->api_key = api_key;
  s->store = TRUE;
  if (api_key)
    {
      s->client_id = g_strstrip (g_strdup (token_or_client_id));
      s->client_secret = g_strstrip (g_strdup (client_secret));
    }
  else
    s->token = g_strstrip (g_strdup (token_or_client_id));
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);

  start_sign_in (task);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAccount) account = NULL;

  account = sc_credentials_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (account == NULL)
    {
      g_task_return_new_error (task, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NO_CREDENTIALS,
                               _("The keyring has no token for %s any more. Sign in again."), s->account);
      return;
    }

  s->api_key = sc_account_get_kind (account) == SC_CREDENTIAL_KIND_API_KEY;
  s->token = g_strdup (sc_account_get_token (account));
  s->client_id = g_strdup (sc_account_get_client_id (account));
  s->client_secret = g_strdup (sc_account_get_client_secret (account));
  /* already remembered: only make it current again (switching) */
  s->store = FALSE;
  if (g_task_get_source_tag (task) == sc_accounts_switch_async)
    g_settings_set_int (((ScAccounts *) g_task_get_source_object (task))->settings,
                        "current-account", GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "index")));
  start_sign_in (g_steal_pointer (&task));
}

void
sc_accounts_switch_async (ScAccounts          *self,
                          guint                index,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *kind = NULL;
  SignIn *s;

  g_return_if_fail (SC_IS_ACCOUNTS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_accounts_switch_async);
  s = g_new0 (SignIn, 1);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  g_object_set_data (G_OBJECT (task), "index", GINT_TO_POINTER (index));

  if (!get_account (self, index, &s->server, &s->account, &kind))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no such account."));
      return;
    }

  sc_credentials_lookup_async (s->server, s->account, cancellable, looked_up_cb, g_steal_pointer (&task));
}

void
sc_accounts_open_async (ScAccounts          *self,
                        const char          *server_url,
                        const char          *account,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GVariant) accounts = NULL;
  GVariantIter iter;
  const char *server, *name, *kind;
  SignIn *s;

  g_return_if_fail (SC_IS_ACCOUNTS (self));
  g_return_if_fail (server_url != NULL && account != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_accounts_open_async);
  s = g_new0 (SignIn, 1);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);

  accounts = get_accounts (self);
  g_variant_iter_init (&iter, accounts);
  while (g_variant_iter_next (&iter, "(&s&s&s)", &server, &name, &kind))
    {
      if (g_strcmp0 (server, server_url) == 0 && g_strcmp0 (name, account) == 0)
        {
          s->server = g_strdup (server);
          s->account = g_strdup (name);
          sc_credentials_lookup_async (s->server, s->account, cancellable, looked_up_cb,
                                       g_steal_pointer (&task));
          return;
        }
    }

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           /* Translators: "ada@example.com on https://server" */
                           _("You are not signed in as %s on %s any more."), account, server_url);
}

void
sc_accounts_restore_async (ScAccounts          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  int current;

  g_return_if_fail (SC_IS_ACCOUNTS (self));

  current = sc_accounts_get_current (self);
  if (current < 0)
    {
      GTask *task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, sc_accounts_restore_async);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No account is signed in."));
      g_object_unref (task);
      return;
    }

  sc_accounts_switch_async (self, current, cancellable, callback, user_data);
}

static void
demo_sign_in (GTask      *task,
              const char *email)
{
  ScAccounts *self = g_task_get_source_object (task);
  SignIn *s = g_new0 (SignIn, 1);
  const char *token = sc_demo_server_get_token (self->demo, email);

  if (token == NULL)
    {
      g_free (s);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The demo has no user %s."), email);
      g_object_unref (task);
      return;
    }

  s->server = g_strdup (sc_demo_server_get_url (self->demo));
  s->account = g_strdup (email);
  s->token = g_strdup (token);
  s->demo = TRUE;
  s->store = FALSE; /* demo tokens change at every start: nothing to keep */
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  start_sign_in (task);
}

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  const char * const *emails;

  if (!sc_demo_server_start_finish (SC_DEMO_SERVER (source), result, &error))
    {
      ScAccounts *self = g_task_get_source_object (task);

      g_clear_object (&self->demo);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  emails = sc_demo_server_get_emails (SC_DEMO_SERVER (source));
  if (emails[0] == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo server gave no demo users."));
      g_object_unref (task);
      return;
    }
  demo_sign_in (task, emails[0]);
}

void
sc_accounts_start_demo_async (ScAccounts          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SC_IS_ACCOUNTS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_accounts_start_demo_async);

  if (self->demo != NULL && sc_demo_server_is_running (self->demo))
    {
      demo_sign_in (task, sc_demo_server_get_emails (self->demo)[0]);
      return;
    }

  g_clear_object (&self->demo);
  self->demo = sc_demo_server_new ();
  sc_demo_server_start_async (self->demo, cancellable, demo_started_cb, task);
}

void
sc_accounts_switch_demo_user_async (ScAccounts          *self,
                                    const char          *email,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SC_IS_ACCOUNTS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_accounts_switch_demo_user_async);

  if (self->demo == NULL || !sc_demo_server_is_running (self->demo))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The demo is not running."));
      g_object_unref (task);
      return;
    }
  demo_sign_in (task, email);
}

ScSession *
sc_accounts_session_finish (ScAccounts    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char * const *
sc_accounts_get_demo_emails (ScAccounts *self)
{
  g_return_val_if_fail (SC_IS_ACCOUNTS (self), NULL);
  return self->demo != NULL ? sc_demo_server_get_emails (self->demo) : NULL;
}

ScDemoServer *
sc_accounts_get_demo_server (ScAccounts *self)
{
  g_return_val_if_fail (SC_IS_ACCOUNTS (self), NULL);
  return self->demo;
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  sc_credentials_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
sc_accounts_sign_out_async (ScAccounts          *self,
                            ScSession           *session,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_ACCOUNTS (self));
  g_return_if_fail (SC_IS_SESSION (session));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_accounts_sign_out_async);

  if (sc_session_is_demo (session))
    {
      g_clear_object (&self->demo);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* forget it first: even if the keyring fails, it is no longer used */
  forget_account (self, sc_session_get_server_url (session), sc_session_get_account (session));
  sc_credentials_clear_async (sc_session_get_server_url (session), sc_session_get_account (session),
                              cancellable, cleared_cb, g_steal_pointer (&task));
}

gboolean
sc_accounts_sign_out_finish (ScAccounts    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
