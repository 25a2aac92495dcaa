/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-MappingsEditor"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-mapping.h"
#include "sc-mappings-editor-private.h"
#include "sc-models.h"
#include "sc-ui-util.h"

struct _ScMappingsEditor
{
  AdwPreferencesGroup  parent_instance;

  /* template */
  GtkWidget           *add_mapping_button;
  GtkListBox          *mapping_error_list;
  GtkListBox          *add_list;
  GtkWidget           *target_row;
  GtkStringList       *target_model;
  GtkWidget           *relation_row;
  GtkListBox          *mappings_list;

  ScSession           *session;
  ScOrg               *org;
  GListModel          *mappings;          /* ScMapping */
  GPtrArray           *target_ids;        /* the ids of target_model's names */
  gboolean             editable;

  GCancellable        *cancellable;
  guint                calls;
  GError              *error;
};

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScMappingsEditor, sc_mappings_editor, ADW_TYPE_PREFERENCES_GROUP)

static void
update_ui (ScMappingsEditor *self)
{
  gboolean idle = self->calls == 0;

  gtk_widget_set_visible (self->add_mapping_button, self->editable);
  if (!self->editable)
    gtk_widget_set_visible (GTK_WIDGET (self->add_list), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mappings.add", self->editable && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mappings.create",
                                 self->editable && idle && self->target_ids->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mappings.remove", self->editable && idle);
}

static void
notify_busy (ScMappingsEditor *self)
{
  update_ui (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static const char *
describe_relation (ScRelation relation)
{
  if (relation == SC_RELATION_SIBLING)
    return C_("relation", "sibling");
  return C_("relation", "default");
}

static void
fill_mappings (ScMappingsEditor *self)
{
  const char *org_id = self->org != NULL ? sc_org_get_id (self->org) : NULL;
  guint n = sc_mappings_editor_get_n_mappings (self);

  sc_list_box_clear (self->mappings_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScMapping) mapping = g_list_model_get_item (self->mappings, i);
      gboolean outgoing = g_strcmp0 (sc_mapping_get_source_org_id (mapping), org_id) == 0;
      const char *other = outgoing ? sc_mapping_get_target_org_name (mapping)
                                   : sc_mapping_get_source_org_name (mapping);
      g_autofree char *title = NULL;
      GtkWidget *row;

      /* Translators: a mapping, "→ Acme Staging · default" (out of this
       * org) or "← Acme Development · default" (into it) */
      title = g_strdup_printf (outgoing ? _("→ %s · %s") : _("← %s · %s"),
                               other != NULL ? other : "?",
                               describe_relation (sc_mapping_get_relation (mapping)));
      row = sc_list_box_add_icon_row (self->mappings_list, "network-workgroup-symbolic", NULL, title,
                                      outgoing ? _("Promotions may go there from here")
                                               : _("Promotions may come here from there"));
      if (outgoing && self->editable)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Remove Mapping"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Remove Mapping"), -1);
          gtk_widget_add_css_class (button, "flat");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                            sc_mapping_get_id (mapping));
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "mappings.remove");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
    }
  if (n == 0)
    sc_list_box_add_icon_row (self->mappings_list, "network-workgroup-symbolic", "dim-label",
                              _("No Mappings"), _("Promotion paths cannot leave this organization for another registered one"));
}

/* The orgs a new mapping may go to: all but this one. */
static void
fill_targets (ScMappingsEditor *self,
              GListModel       *orgs)
{
  const char *org_id = self->org != NULL ? sc_org_get_id (self->org) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (self->target_ids, 0);
  for (guint i = 0; orgs != NULL && i < g_list_model_get_n_items (orgs); i++)
    {
      g_autoptr(ScOrg) org = g_list_model_get_item (orgs, i);
      const char *id = sc_org_get_id (org);

      if (g_strcmp0 (id, org_id) == 0)
        continue;
      g_ptr_array_add (self->target_ids, g_strdup (id));
      g_ptr_array_add (names, g_strdup (sc_org_get_name (org)));
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->target_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->target_model)),
                          (const char * const *) names->pdata);
}

static void
clear_error (ScMappingsEditor *self)
{
  g_clear_error (&self->error);
  sc_list_box_clear (self->mapping_error_list);
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_error_list), FALSE);
}

static void
call_failed (ScMappingsEditor *self,
             GError           *error)
{
  g_clear_error (&self->error);
  self->error = error;
  if (self->session != NULL)
    sc_session_report_if_unauthorized (self->session, error);
  sc_error_list_show (self->mapping_error_list, error);
  self->calls--;
  notify_busy (self);
}

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScMappingsEditor) self = user_data;
  GError *error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_mappings_finish (SC_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      return;
    }
  if (page == NULL)
    {
      call_failed (self, error);
      return;
    }
  g_clear_object (&self->mappings);
  self->mappings = G_LIST_MODEL (sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_MAPPING,
                                                      (gpointer) sc_mapping_new_from_json));
  fill_mappings (self);
  self->calls--;
  notify_busy (self);
}

/* After a change: the mappings as the server has them now, and a toast. */
static void
changed (ScMappingsEditor *self,
         const char       *toast)
{
  clear_error (self);
  sc_client_list_mappings_async (sc_session_get_client (self->session), sc_org_get_id (self->org),
                                 self->cancellable, reloaded_cb, g_object_ref (self));
  sc_widget_add_toast (GTK_WIDGET (self), toast);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ScMappingsEditor) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) mapping = sc_client_create_mapping_finish (SC_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      return;
    }
  if (mapping == NULL)
    {
      call_failed (self, error);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->add_list), FALSE);
  changed (self, _("Mapping added"));
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ScMappingsEditor) self = user_data;
  GError *error = NULL;

  if (!sc_client_delete_mapping_finish (SC_CLIENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          return;
        }
      call_failed (self, error);
      return;
    }
  changed (self, _("Mapping removed"));
}

static void
begin_call (ScMappingsEditor *self)
{
  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->calls++;
  notify_busy (self);
}

static ScMapping *
find_mapping (ScMappingsEditor *self,
              const char       *mapping_id)
{
  for (guint i = 0; i < sc_mappings_editor_get_n_mappings (self); i++)
    {
      ScMapping *mapping = sc_mappings_editor_get_mapping (self, i);

      if (g_strcmp0 (sc_mapping_get_id (mapping), mapping_id) == 0)
        return mapping;
    }
  return NULL;
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ScMappingsEditor *self)
{
  const char *mapping_id = g_object_get_data (G_OBJECT (dialog), "sc-mapping-id");

  if (g_strcmp0 (response, "remove") != 0 || self->session == NULL || self->calls > 0)
    return;
  begin_call (self);
  sc_client_delete_mapping_async (sc_session_get_client (self->session), mapping_id, NULL,
                                  self->cancellable, deleted_cb, g_object_ref (self));
}

/* --- actions --------------------------------------------------------------------- */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ScMappingsEditor *self = SC_MAPPINGS_EDITOR (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->add_list), TRUE);
  gtk_widget_grab_focus (self->target_row);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScMappingsEditor *self = SC_MAPPINGS_EDITOR (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->add_list), FALSE);
  clear_error (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScMappingsEditor *self = SC_MAPPINGS_EDITOR (widget);
  guint target = adw_combo_row_get_selected (ADW_COMBO_ROW (self->target_row));
  gboolean sibling = adw_combo_row_get_selected (ADW_COMBO_ROW (self->relation_row)) == 1;

  if (self->calls > 0 || self->session == NULL || self->org == NULL ||
      target >= self->target_ids->len)
    return;
  begin_call (self);
  sc_client_create_mapping_async (sc_session_get_client (self->session), sc_org_get_id (self->org),
                                  g_ptr_array_index (self->target_ids, target),
                                  sibling ? SC_RELATION_SIBLING : SC_RELATION_DEFAULT,
                                  self->cancellable, created_cb, g_object_ref (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScMappingsEditor *self = SC_MAPPINGS_EDITOR (widget);
  const char *mapping_id = g_variant_get_string (parameter, NULL);
  ScMapping *mapping = find_mapping (self, mapping_id);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (mapping == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Remove Mapping?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("Promotion paths from %s to %s will be refused until the "
                                    "mapping is added again."),
                                  sc_mapping_get_source_org_name (mapping),
                                  sc_mapping_get_target_org_name (mapping));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  /* its response buttons: read once, not "_Cancel Cancel" */
  sc_ui_fix_mnemonic_names (GTK_WIDGET (dialog));
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sc-mapping-id", g_strdup (mapping_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- public ---------------------------------------------------------------------- */

void
sc_mappings_editor_reset (ScMappingsEditor *self)
{
  g_return_if_fail (SC_IS_MAPPINGS_EDITOR (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->calls = 0;
  clear_error (self);
  gtk_widget_set_visible (GTK_WIDGET (self->add_list), FALSE);
  notify_busy (self);
}

void
sc_mappings_editor_set_org (ScMappingsEditor *self,
                            ScSession        *session,
                            ScOrg            *org,
                            GListModel       *mappings,
                            GListModel       *orgs,
                            gboolean          editable)
{
  g_return_if_fail (SC_IS_MAPPINGS_EDITOR (self));
  g_return_if_fail (org == NULL || SC_IS_ORG (org));

  g_set_object (&self->session, session);
  g_set_object (&self->org, org);
  g_set_object (&self->mappings, mappings);
  self->editable = editable;
  fill_mappings (self);
  fill_targets (self, orgs);
  update_ui (self);
}

gboolean
sc_mappings_editor_get_busy (ScMappingsEditor *self)
{
  g_return_val_if_fail (SC_IS_MAPPINGS_EDITOR (self), FALSE);
  return self->calls > 0;
}

const char *
sc_mappings_editor_get_error (ScMappingsEditor *self)
{
  g_return_val_if_fail (SC_IS_MAPPINGS_EDITOR (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

guint
sc_mappings_editor_get_n_mappings (ScMappingsEditor *self)
{
  g_return_val_if_fail (SC_IS_MAPPINGS_EDITOR (self), 0);
  return self->mappings != NULL ? g_list_model_get_n_items (self->mappings) : 0;
}

ScMapping *
sc_mappings_editor_get_mapping (ScMappingsEditor *self,
                                guint             index)
{
  ScMapping *mapping;

  g_return_val_if_fail (SC_IS_MAPPINGS_EDITOR (self), NULL);
  g_return_val_if_fail (index < sc_mappings_editor_get_n_mappings (self), NULL);
  mapping = g_list_model_get_item (self->mappings, index);
  g_object_unref (mapping); /* the list keeps it */
  return mapping;
}

GtkWidget *
sc_mappings_editor_get_widget (ScMappingsEditor *self,
                               const char       *name)
{
  g_return_val_if_fail (SC_IS_MAPPINGS_EDITOR (self), NULL);

  if (g_strcmp0 (name, "target-row") == 0)
    return self->target_row;
  if (g_strcmp0 (name, "relation-row") == 0)
    return self->relation_row;
  if (g_strcmp0 (name, "mappings-list") == 0)
    return GTK_WIDGET (self->mappings_list);
  if (g_strcmp0 (name, "mapping-error-list") == 0)
    return GTK_WIDGET (self->mapping_error_list);
  if (g_strcmp0 (name, "add-mapping-button") == 0)
    return self->add_mapping_button;
  return NULL;
}

gboolean
sc_mappings_editor_select_target (ScMappingsEditor *self,
                                  const char       *org_id)
{
  g_return_val_if_fail (SC_IS_MAPPINGS_EDITOR (self), FALSE);

  for (guint i = 0; i < self->target_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->target_ids, i), org_id) == 0)
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->target_row), i);
        return TRUE;
      }
  return FALSE;
}

/* --- GObject --------------------------------------------------------------------- */

static void
sc_mappings_editor_dispose (GObject *object)
{
  ScMappingsEditor *self = SC_MAPPINGS_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_MAPPINGS_EDITOR);
  g_clear_object (&self->session);
  g_clear_object (&self->org);
  g_clear_object (&self->mappings);

  G_OBJECT_CLASS (sc_mappings_editor_parent_class)->dispose (object);
}

static void
sc_mappings_editor_finalize (GObject *object)
{
  ScMappingsEditor *self = SC_MAPPINGS_EDITOR (object);

  g_clear_pointer (&self->target_ids, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sc_mappings_editor_parent_class)->finalize (object);
}

static void
sc_mappings_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScMappingsEditor *self = SC_MAPPINGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->calls > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_mappings_editor_class_init (ScMappingsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_mappings_editor_dispose;
  object_class->finalize = sc_mappings_editor_finalize;
  object_class->get_property = sc_mappings_editor_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-mappings-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ScMappingsEditor, add_mapping_button);
  gtk_widget_class_bind_template_child (widget_class, ScMappingsEditor, mapping_error_list);
  gtk_widget_class_bind_template_child (widget_class, ScMappingsEditor, add_list);
  gtk_widget_class_bind_template_child (widget_class, ScMappingsEditor, target_row);
  gtk_widget_class_bind_template_child (widget_class, ScMappingsEditor, target_model);
  gtk_widget_class_bind_template_child (widget_class, ScMappingsEditor, relation_row);
  gtk_widget_class_bind_template_child (widget_class, ScMappingsEditor, mappings_list);

  gtk_widget_class_install_action (widget_class, "mappings.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "mappings.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "mappings.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "mappings.remove", "s", remove_action);
}

static void
sc_mappings_editor_init (ScMappingsEditor *self)
{
  self->target_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  update_ui (self);
}

GtkWidget *
sc_mappings_editor_new (void)
{
  return g_object_new (SC_TYPE_MAPPINGS_EDITOR, NULL);
}
