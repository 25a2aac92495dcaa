/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-credentials.h"
#include "sc-client-libs.h"
#include "sc-client-private.h"

#define KIND_TOKEN   "token"
#define KIND_API_KEY "api-key"

struct _ScAccount
{
  char             *server;
  char             *account;
  ScCredentialKind  kind;
  char             *token;
  char             *client_id;
  char             *client_secret;
};

typedef struct {
  char             *server;
  char             *account;
  ScCredentialKind  kind;
} StoreData;

G_DEFINE_BOXED_TYPE (ScAccount, sc_account, sc_account_copy, sc_account_free)

static const char *
kind_to_string (ScCredentialKind kind)
{
  return kind == SC_CREDENTIAL_KIND_API_KEY ? KIND_API_KEY : KIND_TOKEN;
}

static gboolean
kind_from_string (const char       *text,
                  ScCredentialKind *kind)
{
  if (g_strcmp0 (text, KIND_TOKEN) == 0)
    *kind = SC_CREDENTIAL_KIND_TOKEN;
  else if (g_strcmp0 (text, KIND_API_KEY) == 0)
    *kind = SC_CREDENTIAL_KIND_API_KEY;
  else
    return FALSE;
  return TRUE;
}

static void
store_data_free (StoreData *data)
{
  g_free (data->server);
  g_free (data->account);
  g_free (data);
}

/* An account from an item's attributes; NULL for an item this version
 * does not understand. */
static ScAccount *
account_from_retrievable (SecretRetrievable *item)
{
  g_autoptr(GHashTable) attributes = sc_secret ()->retrievable_get_attributes (item);
  const char *server = g_hash_table_lookup (attributes, "server");
  const char *account = g_hash_table_lookup (attributes, "account");
  ScAccount *result;
  ScCredentialKind kind;

  if (server == NULL || account == NULL ||
      !kind_from_string (g_hash_table_lookup (attributes, "kind"), &kind))
    return NULL;

  result = g_new0 (ScAccount, 1);
  result->server = g_strdup (server);
  result->account = g_strdup (account);
  result->kind = kind;
  return result;
}

/* --- accounts -------------------------------------------------------------- */

ScAccount *
sc_account_copy (const ScAccount *account)
{
  ScAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  copy = g_new0 (ScAccount, 1);
  copy->server = g_strdup (account->server);
  copy->account = g_strdup (account->account);
  copy->kind = account->kind;
  copy->token = g_strdup (account->token);
  copy->client_id = g_strdup (account->client_id);
  copy->client_secret = g_strdup (account->client_secret);
  return copy;
}

void
sc_account_free (ScAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->server);
  g_free (account->account);
  sc_client_secret_free (account->token);
  g_free (account->client_id);
  sc_client_secret_free (account->client_secret);
  g_free (account);
}

/* The getters: each checks @account and returns @fallback for NULL. */
#define DEFINE_ACCOUNT_GETTER(Type, field, fallback)  \
  Type                                                \
  sc_account_get_##field (const ScAccount *account)   \
  {                                                   \
    g_return_val_if_fail (account != NULL, fallback); \
    return account->field;                            \
  }

DEFINE_ACCOUNT_GETTER (const char *, server, NULL)
DEFINE_ACCOUNT_GETTER (const char *, account, NULL)
DEFINE_ACCOUNT_GETTER (ScCredentialKind, kind, SC_CREDENTIAL_KIND_TOKEN)
DEFINE_ACCOUNT_GETTER (const char *, token, NULL)
DEFINE_ACCOUNT_GETTER (const char *, client_id, NULL)
DEFINE_ACCOUNT_GETTER (const char *, client_secret, NULL)

/* --- the store ------------------------------------------------------------- */

const SecretSchema *
sc_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    SC_CREDENTIALS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "version", SECRET_SCHEMA_ATTRIBUTE_INTEGER },
      { NULL, 0 },
    },
    /* reserved */
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
other_kind_cleared_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was none to remove */
  if (!sc_secret ()->password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  ScCredentialKind other;

  if (!sc_secret ()->password_store_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* one item per (server, account): drop one of the other kind, so that a
   * lookup never has two to choose from */
  other = data->kind == SC_CREDENTIAL_KIND_TOKEN ? SC_CREDENTIAL_KIND_API_KEY
                                                 : SC_CREDENTIAL_KIND_TOKEN;
  sc_secret ()->password_clear (sc_credentials_get_schema (), g_task_get_cancellable (task),
                                other_kind_cleared_cb, g_object_ref (task),
                                "server", data->server,
                                "account", data->account,
                                "kind", kind_to_string (other),
                                NULL);
}

static void
store (const char          *server,
       const char          *account,
       ScCredentialKind     kind,
       const char          *secret,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  StoreData *data = g_new0 (StoreData, 1);
  g_autofree char *label = NULL;

  data->server = g_strdup (server);
  data->account = g_strdup (account);
  data->kind = kind;
  g_task_set_source_tag (task, sc_credentials_store_finish);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  if (kind == SC_CREDENTIAL_KIND_API_KEY)
    /* Translators: the label of a keyring item; the first %s is an email,
     * the second a server address */
    label = g_strdup_printf (_("Stagecraft API key for %s on %s"), account, server);
  else
    /* Translators: the label of a keyring item; the first %s is an email,
     * the second a server address */
    label = g_strdup_printf (_("Stagecraft token for %s on %s"), account, server);

  sc_secret ()->password_store (sc_credentials_get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                                cancellable, stored_cb, task,
                                "server", server,
                                "account", account,
                                "kind", kind_to_string (kind),
                                "version", SC_CREDENTIALS_VERSION,
                                NULL);
}

void
sc_credentials_store_token_async (const char          *server,
                                  const char          *account,
                                  const char          *token,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (token != NULL && *token != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  store (server, account, SC_CREDENTIAL_KIND_TOKEN, token, cancellable, callback, user_data);
}

void
sc_credentials_store_api_key_async (const char          *server,
                                    const char          *account,
                                    const char          *client_id,
                                    const char          *client_secret,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *secret = NULL;

  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (client_id != NULL && *client_id != '\0' && strchr (client_id, '\n') == NULL);
  g_return_if_fail (client_secret != NULL && *client_secret != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  secret = g_strconcat (client_id, "\n", client_secret, NULL);
  store (server, account, SC_CREDENTIAL_KIND_API_KEY, secret, cancellable, callback, user_data);
  explicit_bzero (secret, strlen (secret));
}

gboolean
sc_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  GTask *task = sc_client_task_for_finish (NULL, result, sc_credentials_store_finish);

  return task != NULL && g_task_propagate_boolean (task, error);
}

/* Fills @account's secret from @text, the item's (nullable); FALSE when
 * it is not what version 1 writes. */
static gboolean
read_secret (ScAccount  *account,
             const char *text)
{
  const char *newline;

  if (text == NULL)
    return FALSE;
  if (account->kind != SC_CREDENTIAL_KIND_API_KEY)
    {
      account->token = g_strdup (text);
      return TRUE;
    }
  newline = strchr (text, '\n');
  /* not what version 1 writes: treat as absent rather than guess */
  if (newline == NULL)
    return FALSE;
  account->client_id = g_strndup (text, newline - text);
  account->client_secret = g_strdup (newline + 1);
  return TRUE;
}

static void
secret_retrieved_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(ScAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  SecretValue *value;
  gboolean read;

  value = sc_secret ()->retrievable_retrieve_secret_finish ((SecretRetrievable *) source, result, &error);
  if (value == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  account = account_from_retrievable ((SecretRetrievable *) source);
  read = account != NULL && read_secret (account, sc_secret ()->value_get_text (value));
  /* not a g_autoptr(): its cleanup calls libsecret directly (sc-client-libs.h) */
  sc_secret ()->value_unref (value);
  if (!read)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&account), (GDestroyNotify) sc_account_free);
}

/* Finishes the secret_password_search() of @task: FALSE when it failed
 * (its error then returned on @task), else the items found in @items
 * (transfer full). */
static gboolean
search_finish (GTask         *task,
               GAsyncResult  *result,
               GList        **items)
{
  g_autoptr(GError) error = NULL;

  *items = sc_secret ()->password_search_finish (result, &error);
  if (error == NULL)
    return TRUE;
  g_task_return_error (task, g_steal_pointer (&error));
  return FALSE;
}

static void
lookup_searched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GList *items;

  if (!search_finish (task, result, &items))
    return;
  if (items == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  sc_secret ()->retrievable_retrieve_secret (items->data, g_task_get_cancellable (task),
                                             secret_retrieved_cb, g_object_ref (task));
  g_list_free_full (items, g_object_unref);
}

void
sc_credentials_lookup_async (const char          *server,
                             const char          *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (account != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_credentials_lookup_async);

  /* a search rather than secret_password_lookup(): the kind attribute says
   * how to read the secret */
  sc_secret ()->password_search (sc_credentials_get_schema (), SECRET_SEARCH_UNLOCK,
                                 cancellable, lookup_searched_cb, task,
                                 "server", server,
                                 "account", account,
                                 "version", SC_CREDENTIALS_VERSION,
                                 NULL);
}

ScAccount *
sc_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  GTask *task = sc_client_task_for_finish (NULL, result, sc_credentials_lookup_async);

  return task != NULL ? g_task_propagate_pointer (task, error) : NULL;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  const ScAccount *x = *(ScAccount **) a;
  const ScAccount *y = *(ScAccount **) b;
  int order = g_strcmp0 (x->server, y->server);

  return order != 0 ? order : g_strcmp0 (x->account, y->account);
}

static void
list_searched_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  GList *items;

  if (!search_finish (task, result, &items))
    return;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_account_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      ScAccount *account = account_from_retrievable (l->data);

      if (account != NULL)
        g_ptr_array_add (accounts, account);
    }
  g_list_free_full (items, g_object_unref);

  g_ptr_array_sort (accounts, compare_accounts);
  g_task_return_pointer (task, g_steal_pointer (&accounts), (GDestroyNotify) g_ptr_array_unref);
}

void
sc_credentials_list_accounts_async (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_credentials_list_accounts_async);

  /* attributes only: neither unlock nor load the secrets */
  sc_secret ()->password_search (sc_credentials_get_schema (), SECRET_SEARCH_ALL,
                                 cancellable, list_searched_cb, task,
                                 "version", SC_CREDENTIALS_VERSION,
                                 NULL);
}

GPtrArray *
sc_credentials_list_accounts_finish (GAsyncResult  *result,
                                     GError       **error)
{
  GTask *task = sc_client_task_for_finish (NULL, result, sc_credentials_list_accounts_async);

  return task != NULL ? g_task_propagate_pointer (task, error) : NULL;
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean removed;

  removed = sc_secret ()->password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, removed);
}

void
sc_credentials_clear_async (const char          *server,
                            const char          *account,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (account != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_credentials_clear_async);

  /* every kind and every version: signing out leaves nothing behind */
  sc_secret ()->password_clear (sc_credentials_get_schema (), cancellable, cleared_cb, task,
                                "server", server,
                                "account", account,
                                NULL);
}

gboolean
sc_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  GTask *task = sc_client_task_for_finish (NULL, result, sc_credentials_clear_async);

  return task != NULL && g_task_propagate_boolean (task, error);
}
