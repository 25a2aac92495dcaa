/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Conflict"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-conflict.h"
#include "sc-ui-util.h"

typedef struct {
  GObject              *owner;
  const ScConflictFlow *flow;
  char                **etag;
  GCancellable         *cancellable;
} Overwrite;

static void
overwrite_free (Overwrite *data)
{
  g_clear_object (&data->owner);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Overwrite, overwrite_free)

gboolean
sc_conflict_matches (const GError *error)
{
  return g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PRECONDITION_FAILED);
}

void
sc_conflict_show (GtkListBox *list,
                  const char *title,
                  const char *prefix)
{
  g_autofree char *reload = g_strconcat (prefix, ".reload", NULL);
  g_autofree char *overwrite = g_strconcat (prefix, ".overwrite", NULL);

  sc_list_box_show_conflict (list, title,
                             _("Reload to see their changes, or save yours over them."),
                             reload, overwrite);
}

static void
fresh_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Overwrite) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  gboolean fetched = data->flow->fetch_finish (SC_CLIENT (source), result, &etag, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (data->cancellable != NULL && g_cancellable_is_cancelled (data->cancellable)))
    return;
  if (!fetched)
    {
      data->flow->failed (data->owner, error);
      return;
    }
  g_free (*data->etag);
  *data->etag = g_steal_pointer (&etag);
  data->flow->save (data->owner);
}

void
sc_conflict_overwrite (GObject              *owner,
                       const ScConflictFlow *flow,
                       char                **etag,
                       GCancellable         *cancellable)
{
  Overwrite *data;

  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (flow != NULL && etag != NULL);

  data = g_new0 (Overwrite, 1);
  data->owner = g_object_ref (owner);
  data->flow = flow;
  data->etag = etag;
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  flow->fetch (owner, cancellable, fresh_cb, data);
}
