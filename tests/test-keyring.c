/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-client.h"
#include "sc-credentials.h"
#include "sc-test-server.h"

/* ScCredentials against a real Secret Service: run inside
 * `dbus-run-session` with an unlocked gnome-keyring-daemon (see
 * scripts/test). Every case uses server URLs of its own, so that items
 * left by an earlier run in the same keyring do not count. */

typedef struct {
  char         *server_a;
  char         *server_b;
  GAsyncResult *result;
  GAsyncResult *last;
} Fixture;


static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->last);
  f->last = sc_test_wait_result (&f->result, 60);
  return f->last;
}

static void
clear (Fixture    *f,
       const char *server,
       const char *account)
{
  g_autoptr(GError) error = NULL;

  sc_credentials_clear_async (server, account, NULL, sc_test_result_cb, &f->result);
  sc_credentials_clear_finish (wait_result (f), &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *unique = g_uuid_string_random ();

  f->server_a = g_strdup_printf ("https://a-%s.example.test", unique);
  f->server_b = g_strdup_printf ("http://127.0.0.1:9/%s", unique);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *accounts[] = { "ada@example.test", "bob@example.test" };

  /* leave the keyring as it was */
  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      clear (f, f->server_a, accounts[i]);
      clear (f, f->server_b, accounts[i]);
    }

  g_assert_null (f->result);
  g_clear_object (&f->last);
  g_free (f->server_a);
  g_free (f->server_b);
}

static void
store_token (Fixture    *f,
             const char *server,
             const char *account,
             const char *token)
{
  g_autoptr(GError) error = NULL;

  sc_credentials_store_token_async (server, account, token, NULL, sc_test_result_cb, &f->result);
  g_assert_true (sc_credentials_store_finish (wait_result (f), &error));
  g_assert_no_error (error);
}

static void
store_api_key (Fixture    *f,
               const char *server,
               const char *account,
               const char *client_id,
               const char *client_secret)
{
  g_autoptr(GError) error = NULL;

  sc_credentials_store_api_key_async (server, account, client_id, client_secret, NULL,
                                      sc_test_result_cb, &f->result);
  g_assert_true (sc_credentials_store_finish (wait_result (f), &error));
  g_assert_no_error (error);
}

static ScAccount *
lookup (Fixture    *f,
        const char *server,
        const char *account)
{
  g_autoptr(GError) error = NULL;
  ScAccount *found;

  sc_credentials_lookup_async (server, account, NULL, sc_test_result_cb, &f->result);
  found = sc_credentials_lookup_finish (wait_result (f), &error);
  g_assert_no_error (error);
  return found;
}

/* The stored accounts on @server only. */
static GPtrArray *
list_on (Fixture    *f,
         const char *server)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_account_free);

  sc_credentials_list_accounts_async (NULL, sc_test_result_cb, &f->result);
  all = sc_credentials_list_accounts_finish (wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_nonnull (all);

  for (guint i = 0; i < all->len; i++)
    {
      ScAccount *account = g_ptr_array_index (all, i);

      /* listing never hands out a secret */
      g_assert_null (sc_account_get_token (account));
      g_assert_null (sc_account_get_client_secret (account));
      if (g_strcmp0 (sc_account_get_server (account), server) == 0)
        g_ptr_array_add (mine, sc_account_copy (account));
    }
  return mine;
}

static void
test_store_lookup (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(ScAccount) ada = NULL;
  g_autoptr(ScAccount) bob = NULL;
  g_autoptr(ScAccount) nobody = NULL;
  g_autoptr(ScAccount) copy = NULL;

  store_token (f, f->server_a, "ada@example.test", "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret");
  store_api_key (f, f->server_a, "bob@example.test", "key_bbbbbbbbbbbbbbbbbbbb", "s3cr3t-with\nnewline");

  ada = lookup (f, f->server_a, "ada@example.test");
  g_assert_nonnull (ada);
  g_assert_cmpstr (sc_account_get_server (ada), ==, f->server_a);
  g_assert_cmpstr (sc_account_get_account (ada), ==, "ada@example.test");
  g_assert_cmpint (sc_account_get_kind (ada), ==, SC_CREDENTIAL_KIND_TOKEN);
  g_assert_cmpstr (sc_account_get_token (ada), ==, "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret");
  g_assert_null (sc_account_get_client_id (ada));

  /* the client secret may hold anything after the first newline */
  bob = lookup (f, f->server_a, "bob@example.test");
  g_assert_nonnull (bob);
  g_assert_cmpint (sc_account_get_kind (bob), ==, SC_CREDENTIAL_KIND_API_KEY);
  g_assert_cmpstr (sc_account_get_client_id (bob), ==, "key_bbbbbbbbbbbbbbbbbbbb");
  g_assert_cmpstr (sc_account_get_client_secret (bob), ==, "s3cr3t-with\nnewline");
  g_assert_null (sc_account_get_token (bob));

  copy = sc_account_copy (bob);
  g_assert_cmpstr (sc_account_get_client_secret (copy), ==, "s3cr3t-with\nnewline");

  /* the same account on another server is another item */
  nobody = lookup (f, f->server_b, "ada@example.test");
  g_assert_null (nobody);

  /* storing again replaces */
  store_token (f, f->server_a, "ada@example.test", "scp_tok_aaaaaaaaaaaaaaaaaaaa_newer");
  g_clear_pointer (&ada, sc_account_free);
  ada = lookup (f, f->server_a, "ada@example.test");
  g_assert_cmpstr (sc_account_get_token (ada), ==, "scp_tok_aaaaaaaaaaaaaaaaaaaa_newer");
}

/* The item in the keyring: the schema, its attributes and a readable label. */
static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;

  g_assert_cmpstr (sc_credentials_get_schema ()->name, ==, "io.github.stagecraft.Stagecraft");

  store_token (f, f->server_a, "ada@example.test", "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret");

  secret_password_search (sc_credentials_get_schema (), SECRET_SEARCH_ALL, NULL,
                          sc_test_result_cb, &f->result,
                          "server", f->server_a, "account", "ada@example.test", NULL);
  items = secret_password_search_finish (wait_result (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  label = secret_retrievable_get_label (items->data);
  expected = g_strdup_printf ("Stagecraft token for ada@example.test on %s", f->server_a);
  g_assert_cmpstr (label, ==, expected);

  attributes = secret_retrievable_get_attributes (items->data);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, "io.github.stagecraft.Stagecraft");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "server"), ==, f->server_a);
  g_assert_cmpstr (g_hash_table_lookup (attributes, "account"), ==, "ada@example.test");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "kind"), ==, "token");
  g_assert_cmpstr (g_hash_table_lookup (attributes, "version"), ==, "1");
  g_list_free_full (items, g_object_unref);
}

/* Two accounts, listed; switching is looking up the other one. A token
 * replaced by an API key for the same account leaves one item. */
static void
test_list_switch (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(ScAccount) current = NULL;

  store_token (f, f->server_b, "bob@example.test", "scp_tok_bbbbbbbbbbbbbbbbbbbb_secret");
  store_token (f, f->server_b, "ada@example.test", "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret");

  accounts = list_on (f, f->server_b);
  g_assert_cmpuint (accounts->len, ==, 2);
  /* sorted by account */
  g_assert_cmpstr (sc_account_get_account (g_ptr_array_index (accounts, 0)), ==, "ada@example.test");
  g_assert_cmpstr (sc_account_get_account (g_ptr_array_index (accounts, 1)), ==, "bob@example.test");
  g_assert_cmpint (sc_account_get_kind (g_ptr_array_index (accounts, 1)), ==, SC_CREDENTIAL_KIND_TOKEN);

  current = lookup (f, f->server_b, sc_account_get_account (g_ptr_array_index (accounts, 0)));
  g_assert_cmpstr (sc_account_get_token (current), ==, "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret");
  g_clear_pointer (&current, sc_account_free);
  current = lookup (f, f->server_b, sc_account_get_account (g_ptr_array_index (accounts, 1)));
  g_assert_cmpstr (sc_account_get_token (current), ==, "scp_tok_bbbbbbbbbbbbbbbbbbbb_secret");
  g_clear_pointer (&current, sc_account_free);

  store_api_key (f, f->server_b, "bob@example.test", "key_bbbbbbbbbbbbbbbbbbbb", "secret");
  g_clear_pointer (&accounts, g_ptr_array_unref);
  accounts = list_on (f, f->server_b);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpint (sc_account_get_kind (g_ptr_array_index (accounts, 1)), ==, SC_CREDENTIAL_KIND_API_KEY);
  current = lookup (f, f->server_b, "bob@example.test");
  g_assert_cmpint (sc_account_get_kind (current), ==, SC_CREDENTIAL_KIND_API_KEY);
  g_assert_cmpstr (sc_account_get_client_secret (current), ==, "secret");
}

static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(ScAccount) gone = NULL;
  g_autoptr(ScAccount) kept = NULL;
  g_autoptr(GError) error = NULL;

  store_token (f, f->server_a, "ada@example.test", "scp_tok_aaaaaaaaaaaaaaaaaaaa_secret");
  store_token (f, f->server_a, "bob@example.test", "scp_tok_bbbbbbbbbbbbbbbbbbbb_secret");

  /* signing out removes the secret */
  sc_credentials_clear_async (f->server_a, "ada@example.test", NULL, sc_test_result_cb, &f->result);
  g_assert_true (sc_credentials_clear_finish (wait_result (f), &error));
  g_assert_no_error (error);

  gone = lookup (f, f->server_a, "ada@example.test");
  g_assert_null (gone);
  kept = lookup (f, f->server_a, "bob@example.test");
  g_assert_nonnull (kept);

  accounts = list_on (f, f->server_a);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (sc_account_get_account (g_ptr_array_index (accounts, 0)), ==, "bob@example.test");

  /* nothing left to clear: FALSE, no error */
  sc_credentials_clear_async (f->server_a, "ada@example.test", NULL, sc_test_result_cb, &f->result);
  g_assert_false (sc_credentials_clear_finish (wait_result (f), &error));
  g_assert_no_error (error);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScAccount) account = NULL;

  g_cancellable_cancel (cancellable);
  sc_credentials_lookup_async (f->server_a, "ada@example.test", cancellable, sc_test_result_cb, &f->result);
  account = sc_credentials_lookup_finish (wait_result (f), &error);
  g_assert_null (account);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Switching accounts end to end: two users of the real server, their
 * tokens in the keyring, the client talking as whichever is current. */
static void
test_switch_client (Fixture       *f,
                    gconstpointer  data)
{
  ScTestServer *server = sc_test_server_start (FALSE, NULL);
  g_autofree char *org = sc_test_server_add_org (server, "Acme Development", "dev");
  g_autofree char *ada_token = sc_test_server_add_user (server, "ada@example.test", org, "admin", NULL);
  g_autofree char *bob_token = sc_test_server_add_user (server, "bob@example.test", org, "viewer", NULL);
  g_autoptr(ScClient) client = sc_client_new (server->url);
  g_autoptr(GPtrArray) accounts = NULL;

  store_token (f, server->url, "ada@example.test", ada_token);
  store_token (f, server->url, "bob@example.test", bob_token);

  accounts = list_on (f, server->url);
  g_assert_cmpuint (accounts->len, ==, 2);

  for (guint i = 0; i < accounts->len; i++)
    {
      const char *email = sc_account_get_account (g_ptr_array_index (accounts, i));
      g_autoptr(ScAccount) current = lookup (f, server->url, email);
      g_autoptr(JsonObject) me = NULL;
      g_autoptr(GError) error = NULL;

      sc_client_set_token (client, sc_account_get_token (current));
      sc_client_get_me_async (client, NULL, sc_test_result_cb, &f->result);
      me = sc_client_get_me_finish (client, wait_result (f), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (me, "email"), ==, email);
    }

  clear (f, server->url, "ada@example.test");
  clear (f, server->url, "bob@example.test");
  sc_test_server_stop (server);
}

static void
no_session_bus (void)
{
  g_test_skip ("No D-Bus session bus: run inside dbus-run-session with an unlocked gnome-keyring");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      /* the keyring lives on a session bus; scripts/test provides one */
      g_test_add_func ("/keyring/no-session-bus", no_session_bus);
      return g_test_run ();
    }

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/keyring/store-lookup", test_store_lookup);
  ADD ("/keyring/schema", test_schema);
  ADD ("/keyring/list-switch", test_list_switch);
  ADD ("/keyring/clear", test_clear);
  ADD ("/keyring/cancelled", test_cancelled);
  ADD ("/keyring/switch-client", test_switch_client);
#undef ADD

  return g_test_run ();
}
