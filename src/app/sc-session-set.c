/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Session"

#include "config.h"

#include "sc-session-set.h"

struct _ScSessionSet
{
  GObject       parent_instance;

  ScAccounts   *accounts;
  ScSession    *current;
  GPtrArray    *others;        /* ScSession, in the order of the account list */
  GCancellable *cancellable;   /* the opening under way */
  guint         n_opening;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScSessionSet, sc_session_set, G_TYPE_OBJECT)

gboolean
sc_session_same_account (ScSession *a,
                         ScSession *b)
{
  g_return_val_if_fail (SC_IS_SESSION (a), FALSE);
  g_return_val_if_fail (SC_IS_SESSION (b), FALSE);

  return a == b ||
         (g_strcmp0 (sc_session_get_server_url (a), sc_session_get_server_url (b)) == 0 &&
          g_strcmp0 (sc_session_get_account (a), sc_session_get_account (b)) == 0);
}

static gboolean
is_account (ScSession  *session,
            const char *server_url,
            const char *account)
{
  return g_strcmp0 (sc_session_get_server_url (session), server_url) == 0 &&
         g_strcmp0 (sc_session_get_account (session), account) == 0;
}

/* The index of (server, account) in the account list, G_MAXUINT when it is
 * not there (any more). */
static guint
account_index (ScSessionSet *self,
               const char   *server_url,
               const char   *account)
{
  guint n = sc_accounts_get_n_accounts (self->accounts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *server = sc_accounts_get_server (self->accounts, i);
      g_autofree char *name = sc_accounts_get_account (self->accounts, i);

      if (g_strcmp0 (server, server_url) == 0 && g_strcmp0 (name, account) == 0)
        return i;
    }
  return G_MAXUINT;
}

static int
compare_by_account (gconstpointer a,
                    gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (g_object_get_data (*(GObject **) a, "sc-account-index"));
  guint y = GPOINTER_TO_UINT (g_object_get_data (*(GObject **) b, "sc-account-index"));

  return x < y ? -1 : x > y;
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScSessionSet) self = user_data;
  g_autoptr(ScSession) session = NULL;
  g_autoptr(GError) error = NULL;
  guint index;

  session = sc_accounts_session_finish (SC_ACCOUNTS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_assert (self->n_opening > 0);
  self->n_opening--;

  if (session == NULL)
    /* signed out meanwhile, or the token refused: not in the inbox */
    g_debug ("An account stays out of the inbox: %s", error->message);
  else if (sc_session_set_lookup (self, sc_session_get_server_url (session),
                                  sc_session_get_account (session)) == NULL)
    {
      index = account_index (self, sc_session_get_server_url (session), sc_session_get_account (session));
      g_object_set_data (G_OBJECT (session), "sc-account-index", GUINT_TO_POINTER (index));
      g_ptr_array_add (self->others, g_steal_pointer (&session));
      g_ptr_array_sort (self->others, compare_by_account);
    }

  if (self->n_opening == 0)
    {
      g_clear_object (&self->cancellable);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

void
sc_session_set_refresh (ScSessionSet *self)
{
  guint n;
  gboolean dropped = FALSE;

  g_return_if_fail (SC_IS_SESSION_SET (self));

  if (self->n_opening > 0)
    return;

  /* the accounts signed out of (or now current) go */
  for (guint i = self->others->len; i > 0; i--)
    {
      ScSession *session = g_ptr_array_index (self->others, i - 1);

      if ((self->current != NULL && sc_session_same_account (session, self->current)) ||
          account_index (self, sc_session_get_server_url (session), sc_session_get_account (session)) == G_MAXUINT)
        {
          g_ptr_array_remove_index (self->others, i - 1);
          dropped = TRUE;
        }
    }

  /* signed out: no inbox at all */
  n = self->current != NULL ? sc_accounts_get_n_accounts (self->accounts) : 0;
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *server = sc_accounts_get_server (self->accounts, i);
      g_autofree char *account = sc_accounts_get_account (self->accounts, i);

      if (sc_session_set_lookup (self, server, account) != NULL)
        continue;
      self->n_opening++;
      sc_accounts_open_async (self->accounts, server, account, self->cancellable,
                              opened_cb, g_object_ref (self));
    }

  if (self->n_opening == 0)
    {
      g_clear_object (&self->cancellable);
      if (dropped)
        g_signal_emit (self, signals[CHANGED], 0);
    }
}

static void
sc_session_set_dispose (GObject *object)
{
  ScSessionSet *self = SC_SESSION_SET (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->current);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->others, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_session_set_parent_class)->dispose (object);
}

static void
sc_session_set_class_init (ScSessionSetClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sc_session_set_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_session_set_init (ScSessionSet *self)
{
  self->others = g_ptr_array_new_with_free_func (g_object_unref);
}

ScSessionSet *
sc_session_set_new (ScAccounts *accounts)
{
  ScSessionSet *self;

  g_return_val_if_fail (SC_IS_ACCOUNTS (accounts), NULL);

  self = g_object_new (SC_TYPE_SESSION_SET, NULL);
  self->accounts = g_object_ref (accounts);
  return self;
}

void
sc_session_set_set_current (ScSessionSet *self,
                            ScSession    *current)
{
  g_return_if_fail (SC_IS_SESSION_SET (self));
  g_return_if_fail (current == NULL || SC_IS_SESSION (current));

  if (current == self->current)
    return;
  /* switched: the account that was current stays signed in (refresh drops
   * it when it was signed out of) */
  if (self->current != NULL && current != NULL &&
      sc_session_set_lookup (self, sc_session_get_server_url (self->current),
                             sc_session_get_account (self->current)) == self->current)
    {
      guint index = account_index (self, sc_session_get_server_url (self->current),
                                   sc_session_get_account (self->current));

      g_object_set_data (G_OBJECT (self->current), "sc-account-index", GUINT_TO_POINTER (index));
      g_ptr_array_add (self->others, g_object_ref (self->current));
      g_ptr_array_sort (self->others, compare_by_account);
    }
  g_set_object (&self->current, current);
  /* the opening under way was for the account list as it was */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->n_opening = 0;
  if (current == NULL)
    g_ptr_array_set_size (self->others, 0);
  sc_session_set_refresh (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

ScSession *
sc_session_set_get_current (ScSessionSet *self)
{
  g_return_val_if_fail (SC_IS_SESSION_SET (self), NULL);
  return self->current;
}

gboolean
sc_session_set_get_busy (ScSessionSet *self)
{
  g_return_val_if_fail (SC_IS_SESSION_SET (self), FALSE);
  return self->n_opening > 0;
}

guint
sc_session_set_get_n_sessions (ScSessionSet *self)
{
  g_return_val_if_fail (SC_IS_SESSION_SET (self), 0);
  return (self->current != NULL ? 1 : 0) + self->others->len;
}

ScSession *
sc_session_set_get_session (ScSessionSet *self,
                            guint         index)
{
  g_return_val_if_fail (SC_IS_SESSION_SET (self), NULL);
  g_return_val_if_fail (index < sc_session_set_get_n_sessions (self), NULL);

  if (self->current != NULL)
    {
      if (index == 0)
        return self->current;
      index--;
    }
  return g_ptr_array_index (self->others, index);
}

ScSession *
sc_session_set_lookup (ScSessionSet *self,
                       const char   *server_url,
                       const char   *account)
{
  g_return_val_if_fail (SC_IS_SESSION_SET (self), NULL);

  if (self->current != NULL && is_account (self->current, server_url, account))
    return self->current;
  for (guint i = 0; i < self->others->len; i++)
    if (is_account (g_ptr_array_index (self->others, i), server_url, account))
      return g_ptr_array_index (self->others, i);
  return NULL;
}
