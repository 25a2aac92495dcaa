/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-OrgView"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-conflict.h"
#include "sc-delegations-editor.h"
#include "sc-deny-windows.h"
#include "sc-mappings-editor-private.h"
#include "sc-org-view-private.h"
#include "sc-policy-form-private.h"
#include "sc-ui-util.h"

struct _ScOrgView
{
  ScSectionView        parent_instance;

  /* template */
  GtkWidget       *box;
  AdwHeaderBar    *header;
  AdwWindowTitle  *title;
  GtkWidget       *sidebar_button;
  GtkMenuButton   *menu_button;
  GtkActionBar    *action_bar;
  GtkWidget       *action_label;
  GtkStack        *save_stack;
  GtkWidget       *save_button;
  GtkSpinner      *save_spinner;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkWidget       *read_only_label;
  GtkListBox      *error_list;
  GtkWidget       *type_row;
  GtkStringList   *type_model;
  ScMappingsEditor *mappings_editor;
  ScPolicyForm    *policy_form;
  ScDelegationsEditor *delegations_editor;
  GtkWidget       *deny_windows;
  GtkListBox      *members_list;

  /* what the server said */
  ScOrg           *org;
  char            *etag;              /* sent as If-Match; fresh after Overwrite */
  GListModel      *members;           /* ScMember */
  GListModel      *mappings;          /* ScMapping */
  GListModel      *orgs;              /* ScOrg: every org, for the target picker */

  GCancellable    *load_cancellable;
  guint            n_loading;
  GError          *load_error;
  GCancellable    *action_cancellable;
  gboolean         saving;
  GError          *save_error;
  gboolean         filling;           /* the type is set by code */
  gboolean         disposed;
};

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScOrgView, sc_org_view, SC_TYPE_SECTION_VIEW)

static ScSession *
get_session (ScOrgView *self)
{
  return sc_section_view_get_session (SC_SECTION_VIEW (self));
}

static void update_ui (ScOrgView *self);

/* --- the form ------------------------------------------------------------------- */

static void
clear_field_errors (ScOrgView *self)
{
  sc_row_clear_field_error (self->type_row);
  sc_policy_form_clear_errors (self->policy_form);
}

/* Shows each reason of details.fields at its row. */
static void
show_field_errors (ScOrgView    *self,
                   const GError *error)
{
  sc_row_show_field_error (self->type_row, error, "type");
  sc_policy_form_show_errors (self->policy_form, error);
}

static void
form_changed_cb (ScOrgView *self)
{
  if (!self->filling)
    update_ui (self);
}

/* The form, as the org is on the server. */
static void
fill_settings (ScOrgView *self)
{
  const char *type = sc_org_type_to_string (sc_org_get_org_type (self->org));
  guint selected = 0;

  self->filling = TRUE;
  for (guint i = 1; type != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->type_model)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->type_model, i), type) == 0)
      selected = i;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->type_row), selected);
  sc_policy_form_set_org (self->policy_form, self->org, self->members);
  self->filling = FALSE;
}

/* The changes the form makes to the org as loaded: {type?,
 * approval_policy?} with only what differs, so that a save does not
 * overwrite what the user left alone. */
static JsonObject *
build_changes (ScOrgView *self)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row));
  const char *type = selected > 0 && selected != GTK_INVALID_LIST_POSITION
                     ? gtk_string_list_get_string (self->type_model, selected) : NULL;
  JsonObject *policy;

  if (self->org == NULL)
    return NULL;

  if (g_strcmp0 (type, sc_org_type_to_string (sc_org_get_org_type (self->org))) != 0)
    {
      if (type != NULL)
        json_object_set_string_member (changes, "type", type);
      else
        json_object_set_null_member (changes, "type");
    }
  policy = sc_policy_form_build_changes (self->policy_form);
  if (policy != NULL)
    json_object_set_object_member (changes, "approval_policy", policy);
  return g_steal_pointer (&changes);
}

gboolean
sc_org_view_get_modified (ScOrgView *self)
{
  g_autoptr(JsonObject) changes = NULL;

  g_return_val_if_fail (SC_IS_ORG_VIEW (self), FALSE);

  changes = build_changes (self);
  return changes != NULL && json_object_get_size (changes) > 0;
}

static void
update_ui (ScOrgView *self)
{
  gboolean loaded = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "settings") == 0;
  gboolean editable = loaded && sc_org_view_get_editable (self);
  gboolean idle = !sc_org_view_get_busy (self);
  gboolean modified = sc_org_view_get_modified (self);

  gtk_widget_set_sensitive (self->type_row, editable && !self->saving);
  sc_policy_form_set_editable (self->policy_form, editable && !self->saving);

  /* Save waits at the bottom while there is something to save */
  gtk_widget_set_visible (self->save_button, editable);
  gtk_action_bar_set_revealed (self->action_bar, editable && (modified || self->saving));
  gtk_label_set_text (GTK_LABEL (self->action_label),
                      self->saving ? _("Saving…") : _("Unsaved changes"));
  gtk_stack_set_visible_child_name (self->save_stack, self->saving ? "busy" : "label");
  gtk_spinner_set_spinning (self->save_spinner, self->saving);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.save", editable && idle && modified);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.overwrite", editable && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.reload", !self->saving && get_session (self) != NULL);
}

static void
notify_busy (ScOrgView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_ui (self);
}

/* --- mappings and members ------------------------------------------------------- */

/* A member's role, as a word in a sentence ("You are a reviewer there"). */
static const char *
describe_role (ScRole role)
{
  switch (role)
    {
    case SC_ROLE_ADMIN:
      return C_("role", "administrator");
    case SC_ROLE_REVIEWER:
      return C_("role", "reviewer");
    case SC_ROLE_DEVELOPER:
      return C_("role", "developer");
    case SC_ROLE_VIEWER:
      return C_("role", "viewer");
    case SC_ROLE_NONE:
    default:
      return C_("role", "not a member");
    }
}

static void
fill_members (ScOrgView *self)
{
  sc_list_box_clear (self->members_list);
  for (guint i = 0; i < sc_org_view_get_n_members (self); i++)
    {
      g_autoptr(ScMember) member = g_list_model_get_item (self->members, i);
      const char *name = sc_member_get_name (member);
      const char *email = sc_member_get_email (member);
      GtkWidget *row, *label;

      row = sc_list_box_add_icon_row (self->members_list, "avatar-default-symbolic", NULL,
                                      name != NULL ? name : email, email);
      label = gtk_label_new (describe_role (sc_member_get_role (member)));
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
}

/* --- loading --------------------------------------------------------------------- */

static void
set_page (ScOrgView  *self,
          const char *page)
{
  sc_section_view_show_page (SC_SECTION_VIEW (self), page);
}

static void
clear_error_list (GtkListBox *list)
{
  sc_list_box_clear (list);
  gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
}

static void
show_read_only_reason (ScOrgView *self)
{
  const char *org_name = sc_org_get_name (self->org);
  g_autofree char *text = NULL;

  if (sc_org_view_get_editable (self))
    {
      gtk_widget_set_visible (self->read_only_label, FALSE);
      return;
    }
  text = g_strdup_printf (_("Only administrators of %s can change these settings. You are a %s "
                            "there, so you see them read only."),
                          org_name != NULL ? org_name : "?",
                          describe_role (sc_session_get_role_in (get_session (self),
                                                                    sc_org_get_id (self->org))));
  gtk_label_set_text (GTK_LABEL (self->read_only_label), text);
  gtk_widget_set_visible (self->read_only_label, TRUE);
}

static void
loaded (ScOrgView *self)
{
  g_clear_object (&self->load_cancellable);

  if (self->load_error != NULL)
    {
      sc_session_report_if_unauthorized (get_session (self), self->load_error);
      sc_status_page_set_error (self->error_page, self->load_error);
      set_page (self, "error");
      gtk_spinner_set_spinning (self->spinner, FALSE);
      notify_busy (self);
      return;
    }

  g_clear_error (&self->save_error);
  clear_error_list (self->error_list);
  clear_field_errors (self);
  fill_settings (self);
  sc_mappings_editor_set_org (self->mappings_editor, get_session (self), self->org, self->mappings,
                              self->orgs, sc_org_view_get_editable (self));
  fill_members (self);
  sc_deny_windows_set_org (SC_DENY_WINDOWS (self->deny_windows), get_session (self), self->org,
                           sc_org_view_get_editable (self));
  show_read_only_reason (self);
  set_page (self, "settings");
  gtk_spinner_set_spinning (self->spinner, FALSE);
  notify_busy (self);
}

/* One of the four calls of a load has answered. */
static gboolean
load_part_done (ScOrgView *self,
                GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    {
      g_clear_error (&error);
      return FALSE;
    }
  if (error != NULL && self->load_error == NULL)
    self->load_error = error;
  else
    g_clear_error (&error);

  if (--self->n_loading == 0)
    loaded (self);
  return TRUE;
}

static void
org_loaded_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ScOrgView) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) answer = sc_client_get_org_finish (SC_CLIENT (source), result, &error);
  ScOrg *org = answer != NULL ? sc_models_check (sc_org_new_from_json (answer),
                                                 "an organization", &error) : NULL;

  if (org != NULL)
    {
      g_clear_object (&self->org);
      self->org = org;
      g_free (self->etag);
      self->etag = g_strdup (sc_org_get_etag (org));
    }
  load_part_done (self, error);
}

/* Keeps the items of @page, read as @item_type, in @slot (when it came). */
static void
keep_items (ScClientPage  *page,
            GListModel   **slot,
            GType          item_type,
            gpointer     (*new_from_json) (JsonObject *object))
{
  if (page == NULL)
    return;
  g_clear_object (slot);
  *slot = G_LIST_MODEL (sc_models_read_list (sc_client_page_get_items (page), item_type,
                                             new_from_json));
}

static void
members_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScOrgView) self = user_data;
  GError *error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_members_finish (SC_CLIENT (source), result, &error);

  keep_items (page, &self->members, SC_TYPE_MEMBER, (gpointer) sc_member_new_from_json);
  load_part_done (self, error);
}

static void
mappings_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ScOrgView) self = user_data;
  GError *error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_mappings_finish (SC_CLIENT (source), result, &error);

  keep_items (page, &self->mappings, SC_TYPE_MAPPING, (gpointer) sc_mapping_new_from_json);
  load_part_done (self, error);
}

static void
orgs_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScOrgView) self = user_data;
  GError *error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_orgs_finish (SC_CLIENT (source), result, &error);

  keep_items (page, &self->orgs, SC_TYPE_ORG, (gpointer) sc_org_new_from_json);
  load_part_done (self, error);
}

static void
load (ScOrgView *self)
{
  ScClient *client;
  const char *org_id;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_error (&self->load_error);

  if (get_session (self) == NULL || sc_session_get_org_id (get_session (self)) == NULL)
    {
      g_clear_object (&self->org);
      set_page (self, "loading");
      gtk_spinner_set_spinning (self->spinner, FALSE);
      notify_busy (self);
      return;
    }

  client = sc_session_get_client (get_session (self));
  org_id = sc_session_get_org_id (get_session (self));
  self->load_cancellable = g_cancellable_new ();
  self->n_loading = 4;
  /* a reload keeps the settings in sight; another org shows the spinner */
  if (self->org == NULL || g_strcmp0 (sc_org_get_id (self->org), org_id) != 0)
    {
      g_clear_object (&self->org);
      set_page (self, "loading");
    }
  gtk_spinner_set_spinning (self->spinner, TRUE);
  sc_client_get_org_async (client, org_id, self->load_cancellable, org_loaded_cb, g_object_ref (self));
  sc_client_list_members_async (client, org_id, self->load_cancellable, members_loaded_cb,
                                g_object_ref (self));
  sc_client_list_mappings_async (client, org_id, self->load_cancellable, mappings_loaded_cb,
                                 g_object_ref (self));
  sc_client_list_orgs_async (client, TRUE, self->load_cancellable, orgs_loaded_cb, g_object_ref (self));
  sc_delegations_editor_reload (self->delegations_editor);
  notify_busy (self);
}

/* --- saving ---------------------------------------------------------------------- */

static void
save_failed (ScOrgView *self,
             GError    *error)
{
  self->saving = FALSE;
  g_clear_error (&self->save_error);
  self->save_error = error;
  sc_session_report_if_unauthorized (get_session (self), error);
  clear_field_errors (self);
  if (sc_conflict_matches (error))
    {
      sc_conflict_show (self->error_list,
                        _("Someone else changed these settings while you were editing."), "org");
    }
  else
    {
      sc_error_list_show (self->error_list, error);
      show_field_errors (self, error);
    }
  notify_busy (self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ScOrgView) self = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) answer = sc_client_patch_org_finish (SC_CLIENT (source), result, &error);
  ScOrg *org;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    {
      g_clear_error (&error);
      return;
    }
  org = answer != NULL ? sc_models_check (sc_org_new_from_json (answer), "an organization",
                                          &error) : NULL;
  if (org == NULL)
    {
      save_failed (self, error);
      return;
    }

  self->saving = FALSE;
  g_clear_object (&self->org);
  self->org = org;
  g_free (self->etag);
  self->etag = g_strdup (sc_org_get_etag (org));
  g_clear_error (&self->save_error);
  clear_error_list (self->error_list);
  clear_field_errors (self);
  fill_settings (self);
  notify_busy (self);
  sc_widget_add_toast (GTK_WIDGET (self), _("Settings saved"));
}

static void
save (ScOrgView *self)
{
  g_autoptr(JsonObject) changes = build_changes (self);

  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->action_cancellable = g_cancellable_new ();
  self->saving = TRUE;
  sc_client_patch_org_async (sc_session_get_client (get_session (self)), sc_org_get_id (self->org),
                             changes, self->etag, self->action_cancellable, saved_cb, g_object_ref (self));
  notify_busy (self);
}

/* Overwrite: the user's changes over the org as it is now (sc-conflict.c). */
static void
conflict_fetch (GObject             *owner,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  ScOrgView *self = SC_ORG_VIEW (owner);

  sc_client_get_org_async (sc_session_get_client (get_session (self)), sc_org_get_id (self->org),
                           cancellable, callback, user_data);
}

static void
conflict_save (GObject *owner)
{
  save (SC_ORG_VIEW (owner));
}

static void
conflict_failed (GObject      *owner,
                 const GError *error)
{
  save_failed (SC_ORG_VIEW (owner), g_error_copy (error));
}

static gboolean
conflict_fetch_finish (ScClient      *client,
                       GAsyncResult  *result,
                       char         **etag,
                       GError       **error)
{
  g_autoptr(JsonObject) fresh = sc_client_get_org_finish (client, result, error);
  g_autoptr(ScOrg) org = sc_org_new_from_json (fresh);

  *etag = org != NULL ? g_strdup (sc_org_get_etag (org)) : NULL;
  return fresh != NULL;
}

static const ScConflictFlow conflict_flow = {
  conflict_fetch, conflict_fetch_finish, conflict_save, conflict_failed,
};

/* --- actions --------------------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScOrgView *self = SC_ORG_VIEW (widget);

  if (!sc_org_view_get_busy (self) && sc_org_view_get_editable (self))
    save (self);
}

static void
overwrite_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ScOrgView *self = SC_ORG_VIEW (widget);

  if (sc_org_view_get_busy (self) || !sc_org_view_get_editable (self))
    return;
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->action_cancellable = g_cancellable_new ();
  self->saving = TRUE;
  sc_conflict_overwrite (G_OBJECT (self), &conflict_flow, &self->etag, self->action_cancellable);
  notify_busy (self);
}

/* --- GObject --------------------------------------------------------------------- */

static void
sc_org_view_session_changed (ScSectionView *view)
{
  ScOrgView *self = SC_ORG_VIEW (view);

  g_clear_object (&self->org);
  sc_delegations_editor_set_session (self->delegations_editor, get_session (self));
  /* what was under way was about the other org */
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->saving = FALSE;
  sc_mappings_editor_reset (self->mappings_editor);
  load (self);
}

/* The deny windows or the emergency stop changed the org (and its etag):
 * keep it, and what the user has typed in the other settings. */
static void
deny_windows_changed_cb (ScOrgView *self,
                         ScOrg     *org)
{
  g_set_object (&self->org, org);
  update_ui (self);
}

static void
sc_org_view_reload (ScSectionView *view)
{
  ScOrgView *self = SC_ORG_VIEW (view);

  if (!self->saving)
    load (self);
}

static void
sc_org_view_dispose (GObject *object)
{
  ScOrgView *self = (ScOrgView *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->action_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_ORG_VIEW);

  g_clear_object (&self->org);
  g_clear_pointer (&self->etag, g_free);
  g_clear_object (&self->members);
  g_clear_object (&self->mappings);
  g_clear_object (&self->orgs);
  g_clear_error (&self->load_error);
  g_clear_error (&self->save_error);

  G_OBJECT_CLASS (sc_org_view_parent_class)->dispose (object);
}

static void
sc_org_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ScOrgView *self = SC_ORG_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, sc_org_view_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_org_view_class_init (ScOrgViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_org_view_dispose;
  object_class->get_property = sc_org_view_get_property;
  SC_SECTION_VIEW_CLASS (klass)->session_changed = sc_org_view_session_changed;
  SC_SECTION_VIEW_CLASS (klass)->reload = sc_org_view_reload;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_DENY_WINDOWS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-org-view.ui");
  g_type_ensure (SC_TYPE_DELEGATIONS_EDITOR);
  g_type_ensure (SC_TYPE_MAPPINGS_EDITOR);
  g_type_ensure (SC_TYPE_POLICY_FORM);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ScOrgView, name)
  BIND (box);
  BIND (header);
  BIND (title);
  BIND (sidebar_button);
  BIND (menu_button);
  BIND (action_bar);
  BIND (action_label);
  BIND (save_stack);
  BIND (save_button);
  BIND (save_spinner);
  BIND (stack);
  BIND (spinner);
  BIND (error_page);
  BIND (read_only_label);
  BIND (error_list);
  BIND (type_row);
  BIND (type_model);
  BIND (deny_windows);
  BIND (delegations_editor);
  BIND (members_list);
  BIND (mappings_editor);
  BIND (policy_form);
#undef BIND

  sc_section_view_class_install_reload (widget_class, "org.reload");
  gtk_widget_class_install_action (widget_class, "org.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "org.overwrite", NULL, overwrite_action);
}

static void
sc_org_view_init (ScOrgView *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  sc_section_view_set_chrome (SC_SECTION_VIEW (self), NULL, self->header, NULL,
                              self->sidebar_button, NULL, self->menu_button);
  /* the error page is the view's own (it says which call failed) */
  sc_section_view_set_pages (SC_SECTION_VIEW (self), self->title, self->stack, NULL, NULL);

  g_signal_connect_object (self->mappings_editor, "notify::busy", G_CALLBACK (notify_busy),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->deny_windows, "changed", G_CALLBACK (deny_windows_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->policy_form, "changed", G_CALLBACK (form_changed_cb), self);
  update_ui (self);
}

GtkWidget *
sc_org_view_new (void)
{
  return g_object_new (SC_TYPE_ORG_VIEW, NULL);
}

gboolean
sc_org_view_get_busy (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), FALSE);
  return self->load_cancellable != NULL || self->saving ||
         sc_mappings_editor_get_busy (self->mappings_editor);
}

gboolean
sc_org_view_get_editable (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), FALSE);
  return get_session (self) != NULL && self->org != NULL &&
         sc_session_get_role_in (get_session (self), sc_org_get_id (self->org)) == SC_ROLE_ADMIN;
}

ScOrg *
sc_org_view_get_org (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), NULL);
  return self->org;
}

const char *
sc_org_view_get_save_error (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), NULL);
  return self->save_error != NULL ? self->save_error->message : NULL;
}

gboolean
sc_org_view_get_conflict (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), FALSE);
  return sc_conflict_matches (self->save_error);
}

const char *
sc_org_view_get_mapping_error (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), NULL);
  return sc_mappings_editor_get_error (self->mappings_editor);
}

guint
sc_org_view_get_n_mappings (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), 0);
  return sc_mappings_editor_get_n_mappings (self->mappings_editor);
}

ScMapping *
sc_org_view_get_mapping (ScOrgView *self,
                         guint      index)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), NULL);
  return sc_mappings_editor_get_mapping (self->mappings_editor, index);
}

guint
sc_org_view_get_n_members (ScOrgView *self)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), 0);
  return self->members != NULL ? g_list_model_get_n_items (self->members) : 0;
}

GtkWidget *
sc_org_view_get_widget (ScOrgView  *self,
                        const char *name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } widgets[] = {
    { "type-row", G_STRUCT_OFFSET (ScOrgView, type_row) },
    { "delegations-editor", G_STRUCT_OFFSET (ScOrgView, delegations_editor) },
    { "mappings-editor", G_STRUCT_OFFSET (ScOrgView, mappings_editor) },
    { "error-list", G_STRUCT_OFFSET (ScOrgView, error_list) },
    { "members-list", G_STRUCT_OFFSET (ScOrgView, members_list) },
    { "read-only-label", G_STRUCT_OFFSET (ScOrgView, read_only_label) },
    { "save-button", G_STRUCT_OFFSET (ScOrgView, save_button) },
  };

  g_return_val_if_fail (SC_IS_ORG_VIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (g_str_equal (widgets[i].name, name))
      return G_STRUCT_MEMBER (GtkWidget *, self, widgets[i].offset);
  if (sc_policy_form_get_widget (self->policy_form, name) != NULL)
    return sc_policy_form_get_widget (self->policy_form, name);
  if (sc_mappings_editor_get_widget (self->mappings_editor, name) != NULL)
    return sc_mappings_editor_get_widget (self->mappings_editor, name);
  g_return_val_if_reached (NULL);
}

GtkWidget *
sc_org_view_get_assignee (ScOrgView  *self,
                          const char *user_id)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), NULL);
  return sc_policy_form_get_assignee (self->policy_form, user_id);
}

gboolean
sc_org_view_select_target (ScOrgView  *self,
                           const char *org_id)
{
  g_return_val_if_fail (SC_IS_ORG_VIEW (self), FALSE);
  return sc_mappings_editor_select_target (self->mappings_editor, org_id);
}
