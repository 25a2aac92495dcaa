/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-SignIn"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-sign-in-page.h"
#include "sc-ui-util.h"

struct _ScSignInPage
{
  GtkWidget        parent_instance;

  GtkWidget       *scroller;
  GtkToggleButton *token_toggle;
  GtkToggleButton *api_key_toggle;
  AdwEntryRow     *server_row;
  AdwEntryRow     *token_row;
  AdwPreferencesGroup *fields;
  AdwEntryRow     *client_id_row;
  AdwEntryRow     *client_secret_row;
  GtkLabel        *error_label;
  GtkButton       *sign_in_button;
  GtkButton       *demo_button;
  GtkButton       *cancel_button;
  GtkSpinner      *spinner;

  gboolean         busy;
};

enum {
  SIGN_IN,
  DEMO,
  CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScSignInPage, sc_sign_in_page, GTK_TYPE_WIDGET)

static gboolean
is_filled (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

static void field_changed_cb   (ScSignInPage *self);
static void entry_activated_cb (ScSignInPage *self);

static AdwEntryRow *
api_key_row_new (ScSignInPage *self,
                 GType         type,
                 const char   *title)
{
  GtkWidget *row = g_object_new (type, "title", title, "visible", FALSE, NULL);

  g_signal_connect_swapped (row, "changed", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  adw_preferences_group_add (self->fields, row);
  return ADW_ENTRY_ROW (row);
}

/* Client ID and Client Secret, added when API Key is first chosen: the
 * first frame builds only the rows it shows. */
static void
ensure_api_key_rows (ScSignInPage *self)
{
  if (self->client_id_row != NULL)
    return;
  self->client_id_row = api_key_row_new (self, ADW_TYPE_ENTRY_ROW, _("Client ID"));
  self->client_secret_row = api_key_row_new (self, ADW_TYPE_PASSWORD_ENTRY_ROW, _("Client Secret"));
}

static void
update_sensitivity (ScSignInPage *self)
{
  gboolean ready = is_filled (self->server_row);

  if (sc_sign_in_page_get_uses_api_key (self))
    ready = ready && is_filled (self->client_id_row) && is_filled (self->client_secret_row);
  else
    ready = ready && is_filled (self->token_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), ready && !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !self->busy);
}

static void
kind_toggled_cb (ScSignInPage *self)
{
  gboolean api_key = sc_sign_in_page_get_uses_api_key (self);

  if (api_key)
    ensure_api_key_rows (self);
  if (self->client_id_row == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->token_row), TRUE);
      update_sensitivity (self);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), !api_key);
  gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), api_key);
  gtk_widget_set_visible (GTK_WIDGET (self->client_secret_row), api_key);
  update_sensitivity (self);
}

static void
field_changed_cb (ScSignInPage *self)
{
  update_sensitivity (self);
}

static void
sign_in_clicked_cb (ScSignInPage *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button)))
    return;
  g_signal_emit (self, signals[SIGN_IN], 0);
}

static void
entry_activated_cb (ScSignInPage *self)
{
  sign_in_clicked_cb (self);
}

static void
demo_clicked_cb (ScSignInPage *self)
{
  g_signal_emit (self, signals[DEMO], 0);
}

static void
cancel_clicked_cb (ScSignInPage *self)
{
  g_signal_emit (self, signals[CANCEL], 0);
}

static void
sc_sign_in_page_dispose (GObject *object)
{
  ScSignInPage *self = (ScSignInPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (sc_sign_in_page_parent_class)->dispose (object);
}

static void
sc_sign_in_page_class_init (ScSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_sign_in_page_dispose;

  signals[SIGN_IN] = g_signal_new ("sign-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DEMO] = g_signal_new ("demo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/stagecraft/Stagecraft/sc-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, token_toggle);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, api_key_toggle);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, fields);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ScSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sc_sign_in_page_init (ScSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
}

GtkWidget *
sc_sign_in_page_new (void)
{
  return g_object_new (SC_TYPE_SIGN_IN_PAGE, NULL);
}

const char *
sc_sign_in_page_get_server_url (ScSignInPage *self)
{
  g_return_val_if_fail (SC_IS_SIGN_IN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->server_row));
}

gboolean
sc_sign_in_page_get_uses_api_key (ScSignInPage *self)
{
  g_return_val_if_fail (SC_IS_SIGN_IN_PAGE (self), FALSE);
  return gtk_toggle_button_get_active (self->api_key_toggle);
}

const char *
sc_sign_in_page_get_token (ScSignInPage *self)
{
  g_return_val_if_fail (SC_IS_SIGN_IN_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->token_row));
}

const char *
sc_sign_in_page_get_client_id (ScSignInPage *self)
{
  g_return_val_if_fail (SC_IS_SIGN_IN_PAGE (self), NULL);
  ensure_api_key_rows (self);
  return gtk_editable_get_text (GTK_EDITABLE (self->client_id_row));
}

const char *
sc_sign_in_page_get_client_secret (ScSignInPage *self)
{
  g_return_val_if_fail (SC_IS_SIGN_IN_PAGE (self), NULL);
  ensure_api_key_rows (self);
  return gtk_editable_get_text (GTK_EDITABLE (self->client_secret_row));
}

void
sc_sign_in_page_set_server_url (ScSignInPage *self,
                                const char   *url)
{
  g_return_if_fail (SC_IS_SIGN_IN_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url != NULL ? url : "");
}

void
sc_sign_in_page_set_busy (ScSignInPage *self,
                          gboolean      busy)
{
  g_return_if_fail (SC_IS_SIGN_IN_PAGE (self));

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  if (busy)
    sc_sign_in_page_set_error (self, NULL);
  update_sensitivity (self);
}

void
sc_sign_in_page_set_error (ScSignInPage *self,
                           const char   *message)
{
  g_return_if_fail (SC_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
sc_sign_in_page_set_can_cancel (ScSignInPage *self,
                                gboolean      can_cancel)
{
  g_return_if_fail (SC_IS_SIGN_IN_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), can_cancel);
}

void
sc_sign_in_page_clear_secrets (ScSignInPage *self)
{
  g_return_if_fail (SC_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  if (self->client_secret_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), "");
}

void
sc_sign_in_page_set_token (ScSignInPage *self,
                           const char   *token)
{
  g_return_if_fail (SC_IS_SIGN_IN_PAGE (self));

  gtk_toggle_button_set_active (self->token_toggle, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), token != NULL ? token : "");
}

void
sc_sign_in_page_set_api_key (ScSignInPage *self,
                             const char   *client_id,
                             const char   *client_secret)
{
  g_return_if_fail (SC_IS_SIGN_IN_PAGE (self));

  ensure_api_key_rows (self);
  gtk_toggle_button_set_active (self->api_key_toggle, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id != NULL ? client_id : "");
  gtk_editable_set_text (GTK_EDITABLE (self->client_secret_row), client_secret != NULL ? client_secret : "");
}

const char *
sc_sign_in_page_get_error (ScSignInPage *self)
{
  g_return_val_if_fail (SC_IS_SIGN_IN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

gboolean
sc_sign_in_page_get_busy (ScSignInPage *self)
{
  g_return_val_if_fail (SC_IS_SIGN_IN_PAGE (self), FALSE);
  return self->busy;
}
