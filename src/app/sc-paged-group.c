/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-PagedGroup"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-paged-group.h"
#include "sc-ui-util.h"

typedef struct {
  ScSession    *session;
  char         *id;
  guint         page_size;
  GPtrArray    *rows;          /* the rows added, placeholder included */
  guint         n_items;
  /* the "Show More" row while the server has more; NULL otherwise */
  GtkWidget    *more_row;
  GtkWidget    *more_button;   /* Show More, or Retry after a failure */
  GtkWidget    *more_spinner;
  GtkWidget    *more_error;
  char         *cursor;
  GCancellable *cancellable;   /* the page in flight, or NULL */
} ScPagedGroupPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ScPagedGroup, sc_paged_group, ADW_TYPE_PREFERENCES_GROUP)

static void
remove_more_row (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);

  if (priv->more_row == NULL)
    return;
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), priv->more_row);
  priv->more_row = NULL;
  priv->more_button = NULL;
  priv->more_spinner = NULL;
  priv->more_error = NULL;
}

static void
show_more_state (ScPagedGroup *self,
                 gboolean      busy,
                 const char   *error_message)
{
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);

  gtk_label_set_text (GTK_LABEL (priv->more_error), error_message != NULL ? error_message : "");
  gtk_widget_set_visible (priv->more_error, error_message != NULL);
  gtk_widget_set_halign (gtk_widget_get_parent (priv->more_button),
                         error_message != NULL ? GTK_ALIGN_FILL : GTK_ALIGN_CENTER);
  gtk_button_set_label (GTK_BUTTON (priv->more_button),
                        error_message != NULL ? _("_Retry") : _("_Show More"));
  sc_ui_button_fix_mnemonic_name (priv->more_button);
  gtk_widget_set_visible (priv->more_spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (priv->more_spinner), busy);
}

static void set_cursor (ScPagedGroup *self,
                        const char   *cursor);

static void
append_items (ScPagedGroup *self,
              ScClientPage *page)
{
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);
  guint n = page != NULL ? sc_client_page_get_n_items (page) : 0;

  for (guint i = 0; i < n; i++)
    {
      ScPagedGroupClass *klass = SC_PAGED_GROUP_GET_CLASS (self);
      g_autoptr(GObject) item = klass->read_item (sc_client_page_get_item (page, i));
      GtkWidget *row;

      /* what does not read is left out */
      if (item == NULL)
        continue;
      row = klass->create_row (self, item);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (priv->rows, row);
      priv->n_items++;
    }
}

typedef struct {
  ScPagedGroup *self;
  GCancellable *cancellable;
} MoreData;

static void
more_data_free (MoreData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoreData, more_data_free)

static void
more_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MoreData) data = user_data;
  ScPagedGroup *self = data->self;
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean had_focus;
  guint first_new;

  page = SC_PAGED_GROUP_GET_CLASS (self)->fetch_more_finish (self, SC_CLIENT (source), result, &error);
  /* a reload, another workflow or a reset came in between */
  if (data->cancellable != priv->cancellable || g_cancellable_is_cancelled (data->cancellable))
    return;
  g_clear_object (&priv->cancellable);

  if (page == NULL)
    {
      if (priv->session != NULL)
        sc_session_report_if_unauthorized (priv->session, error);
      show_more_state (self, FALSE, error->message);
      return;
    }

  /* the rows go where the Show More row was; the focus follows them */
  had_focus = gtk_widget_has_focus (priv->more_button);
  remove_more_row (self);
  first_new = priv->rows->len;
  append_items (self, page);
  set_cursor (self, sc_client_page_get_next_cursor (page));

  if (had_focus && priv->more_button != NULL)
    gtk_widget_grab_focus (priv->more_button);
  else if (had_focus && first_new < priv->rows->len)
    gtk_widget_grab_focus (g_ptr_array_index (priv->rows, first_new));
}

static void
more_clicked_cb (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);
  MoreData *data;

  /* still loading: the click adds nothing */
  if (priv->cancellable != NULL || priv->cursor == NULL || priv->session == NULL)
    return;

  data = g_new0 (MoreData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_cancellable_new ();
  priv->cancellable = g_object_ref (data->cancellable);
  if (!SC_PAGED_GROUP_GET_CLASS (self)->fetch_more_async (self, priv->cursor, priv->cancellable,
                                                          more_loaded_cb, data))
    {
      g_clear_object (&priv->cancellable);
      more_data_free (data);
      return;
    }
  show_more_state (self, TRUE, NULL);
}

/* Puts the Show More row at the end of the list while @cursor (nullable)
 * says the server has more. */
static void
set_cursor (ScPagedGroup *self,
            const char   *cursor)
{
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);
  GtkWidget *box;

  g_free (priv->cursor);
  priv->cursor = g_strdup (cursor);
  remove_more_row (self);
  if (cursor == NULL)
    return;

  priv->more_row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (priv->more_row), _("Show More"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (priv->more_row), FALSE);
  gtk_widget_set_focusable (priv->more_row, FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  priv->more_error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (priv->more_error), 0);
  gtk_label_set_wrap (GTK_LABEL (priv->more_error), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (priv->more_error), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (priv->more_error, TRUE);
  gtk_widget_add_css_class (priv->more_error, "error");

  priv->more_spinner = gtk_spinner_new ();
  gtk_widget_set_valign (priv->more_spinner, GTK_ALIGN_CENTER);

  priv->more_button = gtk_button_new ();
  gtk_button_set_use_underline (GTK_BUTTON (priv->more_button), TRUE);
  gtk_widget_set_valign (priv->more_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (priv->more_button, "flat");
  g_signal_connect_object (priv->more_button, "clicked", G_CALLBACK (more_clicked_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), priv->more_error);
  gtk_box_append (GTK_BOX (box), priv->more_spinner);
  gtk_box_append (GTK_BOX (box), priv->more_button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (priv->more_row), box);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), priv->more_row);
  show_more_state (self, FALSE, NULL);
}

void
sc_paged_group_clear (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv;

  g_return_if_fail (SC_IS_PAGED_GROUP (self));
  priv = sc_paged_group_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->cursor, g_free);
  remove_more_row (self);
  for (guint i = 0; i < priv->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (priv->rows, i));
  g_ptr_array_set_size (priv->rows, 0);
  priv->n_items = 0;
}

void
sc_paged_group_show_page (ScPagedGroup *self,
                          ScClientPage *page,
                          const char   *placeholder_title,
                          const char   *placeholder_subtitle)
{
  ScPagedGroupPrivate *priv;

  g_return_if_fail (SC_IS_PAGED_GROUP (self));
  priv = sc_paged_group_get_instance_private (self);

  sc_paged_group_clear (self);
  append_items (self, page);
  if (priv->n_items == 0)
    {
      GtkWidget *row = sc_text_row_new (placeholder_title, placeholder_subtitle);

      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (priv->rows, row);
    }
  set_cursor (self, page != NULL ? sc_client_page_get_next_cursor (page) : NULL);
}

guint
sc_paged_group_get_n_items (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv;

  g_return_val_if_fail (SC_IS_PAGED_GROUP (self), 0);
  priv = sc_paged_group_get_instance_private (self);
  return priv->n_items;
}

GtkWidget *
sc_paged_group_get_more_button (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv;

  g_return_val_if_fail (SC_IS_PAGED_GROUP (self), NULL);
  priv = sc_paged_group_get_instance_private (self);
  return priv->more_button;
}

const char *
sc_paged_group_get_more_error (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv;

  g_return_val_if_fail (SC_IS_PAGED_GROUP (self), NULL);
  priv = sc_paged_group_get_instance_private (self);
  if (priv->more_error == NULL || !gtk_widget_get_visible (priv->more_error))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (priv->more_error));
}

void
sc_paged_group_set_source (ScPagedGroup *self,
                           ScSession    *session,
                           const char   *id,
                           guint         page_size)
{
  ScPagedGroupPrivate *priv;

  g_return_if_fail (SC_IS_PAGED_GROUP (self));
  priv = sc_paged_group_get_instance_private (self);

  g_set_object (&priv->session, session);
  g_free (priv->id);
  priv->id = g_strdup (id);
  priv->page_size = page_size;
}

ScSession *
sc_paged_group_get_session (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv;

  g_return_val_if_fail (SC_IS_PAGED_GROUP (self), NULL);
  priv = sc_paged_group_get_instance_private (self);
  return priv->session;
}

const char *
sc_paged_group_get_id (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv;

  g_return_val_if_fail (SC_IS_PAGED_GROUP (self), NULL);
  priv = sc_paged_group_get_instance_private (self);
  return priv->id;
}

guint
sc_paged_group_get_page_size (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv;

  g_return_val_if_fail (SC_IS_PAGED_GROUP (self), 0);
  priv = sc_paged_group_get_instance_private (self);
  return priv->page_size;
}

static void
sc_paged_group_dispose (GObject *object)
{
  ScPagedGroup *self = SC_PAGED_GROUP (object);
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  if (priv->rows != NULL)
    g_ptr_array_set_size (priv->rows, 0);
  priv->more_row = priv->more_button = priv->more_spinner = priv->more_error = NULL;
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (sc_paged_group_parent_class)->dispose (object);
}

static void
sc_paged_group_finalize (GObject *object)
{
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (SC_PAGED_GROUP (object));

  g_clear_pointer (&priv->rows, g_ptr_array_unref);
  g_clear_pointer (&priv->id, g_free);
  g_clear_pointer (&priv->cursor, g_free);

  G_OBJECT_CLASS (sc_paged_group_parent_class)->finalize (object);
}

static void
sc_paged_group_class_init (ScPagedGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_paged_group_dispose;
  object_class->finalize = sc_paged_group_finalize;
}

static void
sc_paged_group_init (ScPagedGroup *self)
{
  ScPagedGroupPrivate *priv = sc_paged_group_get_instance_private (self);

  priv->rows = g_ptr_array_new ();
}
