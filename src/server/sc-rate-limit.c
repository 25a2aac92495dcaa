/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include "sc-rate-limit.h"

typedef struct {
  gint64 start;  /* of the window: the first failure in it */
  guint  count;
} Entry;

struct _ScRateLimit
{
  guint       max_failures;
  gint64      window;   /* µs */
  GHashTable *entries;  /* key → Entry */
};

ScRateLimit *
sc_rate_limit_new (guint max_failures,
                   guint window_seconds)
{
  ScRateLimit *self;

  g_return_val_if_fail (max_failures > 0, NULL);
  g_return_val_if_fail (window_seconds > 0, NULL);

  self = g_new0 (ScRateLimit, 1);
  self->max_failures = max_failures;
  self->window = (gint64) window_seconds * G_USEC_PER_SEC;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
sc_rate_limit_free (ScRateLimit *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_free (self);
}

static gboolean
entry_expired (ScRateLimit *self,
               Entry       *entry,
               gint64       now)
{
  return now - entry->start >= self->window;
}

static gboolean
remove_expired_cb (gpointer key,
                   gpointer value,
                   gpointer user_data)
{
  gint64 *args = user_data; /* { now, window } */

  return args[0] - ((Entry *) value)->start >= args[1];
}

/* Room for one more key. */
static void
make_room (ScRateLimit *self,
           gint64       now)
{
  gint64 args[2] = { now, self->window };
  GHashTableIter iter;
  gpointer key, value;
  const char *oldest = NULL;
  gint64 oldest_start = G_MAXINT64;

  if (g_hash_table_size (self->entries) < SC_RATE_LIMIT_MAX_KEYS)
    return;

  g_hash_table_foreach_remove (self->entries, remove_expired_cb, args);
  if (g_hash_table_size (self->entries) < SC_RATE_LIMIT_MAX_KEYS)
    return;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (((Entry *) value)->start < oldest_start)
        {
          oldest_start = ((Entry *) value)->start;
          oldest = key;
        }
    }
  g_hash_table_remove (self->entries, oldest);
}

guint
sc_rate_limit_check (ScRateLimit *self,
                     const char  *key,
                     gint64       now)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    return 0;
  if (entry_expired (self, entry, now))
    {
      g_hash_table_remove (self->entries, key);
      return 0;
    }
  if (entry->count < self->max_failures)
    return 0;

  return MAX (1, (entry->start + self->window - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
sc_rate_limit_add_failure (ScRateLimit *self,
                           const char  *key,
                           gint64       now)
{
  Entry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  entry = g_hash_table_lookup (self->entries, key);
  if (entry != NULL && !entry_expired (self, entry, now))
    {
      entry->count = MIN (entry->count + 1, self->max_failures);
      return;
    }

  if (entry == NULL)
    {
      make_room (self, now);
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, g_strdup (key), entry);
    }
  entry->start = now;
  entry->count = 1;
}

void
sc_rate_limit_reset (ScRateLimit *self,
                     const char  *key)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL);

  g_hash_table_remove (self->entries, key);
}

guint
sc_rate_limit_get_n_keys (ScRateLimit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->entries);
}
