/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Delegations"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sc-delegation.h"
#include "sc-delegations-editor.h"
#include "sc-models.h"
#include "sc-ui-util.h"

struct _ScDelegationsEditor
{
  GtkWidget      parent_instance;

  /* template */
  GtkWidget     *group;
  GtkListBox    *list;
  AdwComboRow   *delegate_row;
  AdwEntryRow   *from_row;
  AdwEntryRow   *until_row;
  GtkLabel      *error_label;
  GtkSpinner    *spinner;

  ScSession     *session;
  gulong         org_id_handler;
  GCancellable  *load_cancellable;
  GCancellable  *action_cancellable;
  guint          n_loading;
  GListStore    *members;        /* ScMember: the org's members but the user */
  GListModel    *delegations;    /* ScDelegation */
  guint          n_listed;
};

G_DEFINE_FINAL_TYPE (ScDelegationsEditor, sc_delegations_editor, GTK_TYPE_WIDGET)

static void load (ScDelegationsEditor *self);

static guint
n_members (ScDelegationsEditor *self)
{
  return self->members != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->members)) : 0;
}

static void
update_ui (ScDelegationsEditor *self)
{
  gboolean busy = sc_delegations_editor_get_busy (self);
  gboolean ready = self->session != NULL && n_members (self) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delegations.add",
                                 ready && self->action_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "delegations.remove",
                                 self->action_cancellable == NULL);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
set_error (ScDelegationsEditor *self,
           const char          *message,
           const char          *field)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->delegate_row), GTK_WIDGET (self->from_row),
                        GTK_WIDGET (self->until_row) };
  const char *names[] = { "delegate_id", "from", "until" };

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (g_strcmp0 (field, names[i]) == 0)
        gtk_widget_add_css_class (rows[i], "error");
      else
        gtk_widget_remove_css_class (rows[i], "error");
    }
}

static char *
format_range (ScDelegation *delegation)
{
  g_autofree char *from = sc_format_day (sc_delegation_get_from (delegation));
  GDateTime *until = sc_delegation_get_until (delegation);
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *until_text = NULL;

  /* the range ends before "until": show its last moment's day */
  if (until != NULL)
    {
      last = g_date_time_add_seconds (until, -1);
      until_text = sc_format_day (last);
    }
  /* Translators: a date range, "4 December 2026 – 11 December 2026" */
  return g_strdup_printf (_("%s – %s"), from != NULL ? from : "?",
                          until_text != NULL ? until_text : "?");
}

static void
show (ScDelegationsEditor *self)
{
  const char *me = self->session != NULL ? sc_session_get_user_id (self->session) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  sc_list_box_clear (self->list);
  self->n_listed = 0;
  for (guint i = 0; self->delegations != NULL && i < g_list_model_get_n_items (self->delegations); i++)
    {
      g_autoptr(ScDelegation) delegation = g_list_model_get_item (self->delegations, i);
      gboolean mine = g_strcmp0 (sc_delegation_get_delegator_id (delegation), me) == 0;
      g_autofree char *range = format_range (delegation);
      g_autofree char *person = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (!mine && g_strcmp0 (sc_delegation_get_delegate_id (delegation), me) != 0)
        continue;
      person = mine ? sc_describe_name_email (sc_delegation_get_delegate_name (delegation),
                                              sc_delegation_get_delegate_email (delegation))
                    : sc_describe_name_email (sc_delegation_get_delegator_name (delegation),
                                              sc_delegation_get_delegator_email (delegation));
      title = mine
        /* Translators: "Dora Deputy (dora@acme.test) decides for you" */
        ? g_strdup_printf (_("%s decides for you"), person)
        /* Translators: "You decide for Rita Reviewer (reviewer@acme.test)" */
        : g_strdup_printf (_("You decide for %s"), person);
      row = sc_list_box_add_icon_row (self->list, mine ? "avatar-default-symbolic"
                                                       : "mail-forward-symbolic",
                                      NULL, title, range);
      if (mine)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
          g_autofree char *label = NULL;

          /* Translators: the Remove button's accessible name, "Remove Dora Deputy (…) as delegate" */
          label = g_strdup_printf (_("Remove %s as delegate"), person);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Remove"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          gtk_widget_add_css_class (button, "flat");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "delegations.remove");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                            sc_delegation_get_id (delegation));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      self->n_listed++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_listed > 0);

  for (guint i = 0; i < n_members (self); i++)
    {
      g_autoptr(ScMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);
      g_autofree char *person = sc_describe_name_email (sc_member_get_name (member),
                                                        sc_member_get_email (member));

      gtk_string_list_append (names, person);
    }
  adw_combo_row_set_model (self->delegate_row, G_LIST_MODEL (names));
  update_ui (self);
}

static void
loaded (ScDelegationsEditor *self,
        const GError        *error)
{
  if (error != NULL)
    set_error (self, error->message, NULL);
  if (--self->n_loading == 0)
    {
      g_clear_object (&self->load_cancellable);
      show (self);
    }
}

static void
members_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScDelegationsEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_members_finish (SC_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->members);
  self->members = sc_models_read_list (page != NULL ? sc_client_page_get_items (page) : NULL,
                                       SC_TYPE_MEMBER, (gpointer) sc_member_new_from_json);
  /* the user does not name themselves */
  for (guint i = n_members (self); i > 0; i--)
    {
      g_autoptr(ScMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i - 1);

      if (g_strcmp0 (sc_member_get_user_id (member), sc_session_get_user_id (self->session)) == 0)
        g_list_store_remove (self->members, i - 1);
    }
  loaded (self, error);
}

static void
delegations_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ScDelegationsEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_delegations_finish (SC_CLIENT (source), result,
                                                                     &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->delegations);
  if (page != NULL)
    self->delegations = G_LIST_MODEL (sc_models_read_list (sc_client_page_get_items (page),
                                                           SC_TYPE_DELEGATION,
                                                           (gpointer) sc_delegation_new_from_json));
  loaded (self, error);
}

static void
load (ScDelegationsEditor *self)
{
  ScClient *client;
  const char *org_id;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  org_id = self->session != NULL ? sc_session_get_org_id (self->session) : NULL;
  if (org_id == NULL)
    {
      g_clear_object (&self->delegations);
      g_clear_object (&self->members);
      show (self);
      return;
    }

  client = sc_session_get_client (self->session);
  self->load_cancellable = g_cancellable_new ();
  self->n_loading = 2;
  sc_client_list_members_async (client, org_id, self->load_cancellable, members_loaded_cb,
                                g_object_ref (self));
  sc_client_list_delegations_async (client, org_id, self->load_cancellable, delegations_loaded_cb,
                                    g_object_ref (self));
  update_ui (self);
}

/* "2026-12-24" as local midnight in UTC (RFC 3339); @days_after added. */
static char *
parse_day (const char *text,
           int         days_after)
{
  int year, month, day;
  char end;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;
  local = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (local == NULL)
    return NULL;
  later = g_date_time_add_days (local, days_after);
  utc = g_date_time_to_utc (later);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
action_done (ScDelegationsEditor *self,
             const GError        *error,
             gboolean             added)
{
  g_clear_object (&self->action_cancellable);
  if (error != NULL)
    {
      if (self->session != NULL)
        sc_session_report_if_unauthorized (self->session, error);
      /* the form keeps what was typed */
      set_error (self, error->message, sc_client_error_get_first_field (error));
      update_ui (self);
      return;
    }
  if (added)
    sc_widget_add_toast (GTK_WIDGET (self), _("Delegate named"));
  else
    sc_widget_add_toast (GTK_WIDGET (self), _("Delegate removed"));
  load (self);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ScDelegationsEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) delegation = sc_client_create_delegation_finish (SC_CLIENT (source), result,
                                                                          &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  action_done (self, error, TRUE);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ScDelegationsEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  sc_client_delete_delegation_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  action_done (self, error, FALSE);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ScDelegationsEditor *self = SC_DELEGATIONS_EDITOR (widget);
  guint selected = adw_combo_row_get_selected (self->delegate_row);
  g_autofree char *from = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_row)), 0);
  g_autofree char *until = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->until_row)), 1);
  g_autoptr(ScMember) delegate = NULL;

  if (self->session == NULL || selected >= n_members (self) || self->action_cancellable != NULL)
    return;
  if (from == NULL || until == NULL)
    {
      set_error (self, _("Enter the days as year-month-day, such as 2026-12-24."),
                 from == NULL ? "from" : "until");
      gtk_widget_grab_focus (GTK_WIDGET (from == NULL ? self->from_row : self->until_row));
      return;
    }

  delegate = g_list_model_get_item (G_LIST_MODEL (self->members), selected);
  set_error (self, NULL, NULL);
  self->action_cancellable = g_cancellable_new ();
  sc_client_create_delegation_async (sc_session_get_client (self->session),
                                     sc_session_get_org_id (self->session),
                                     sc_member_get_user_id (delegate), from, until,
                                     self->action_cancellable, created_cb, g_object_ref (self));
  update_ui (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScDelegationsEditor *self = SC_DELEGATIONS_EDITOR (widget);

  if (self->session == NULL || self->action_cancellable != NULL)
    return;
  set_error (self, NULL, NULL);
  self->action_cancellable = g_cancellable_new ();
  sc_client_delete_delegation_async (sc_session_get_client (self->session),
                                     g_variant_get_string (parameter, NULL),
                                     self->action_cancellable, deleted_cb, g_object_ref (self));
  update_ui (self);
}

static void
org_changed_cb (ScDelegationsEditor *self)
{
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  set_error (self, NULL, NULL);
  load (self);
}

static void
set_default_days (ScDelegationsEditor *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week = g_date_time_add_days (today, 6);
  g_autofree char *from = g_date_time_format (today, "%Y-%m-%d");
  g_autofree char *until = g_date_time_format (week, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->until_row), until);
}

static void
sc_delegations_editor_dispose (GObject *object)
{
  ScDelegationsEditor *self = SC_DELEGATIONS_EDITOR (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->action_cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->org_id_handler, self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->members);
  g_clear_object (&self->delegations);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_DELEGATIONS_EDITOR);

  G_OBJECT_CLASS (sc_delegations_editor_parent_class)->dispose (object);
}

static void
sc_delegations_editor_class_init (ScDelegationsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_delegations_editor_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-delegations-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ScDelegationsEditor, group);
  gtk_widget_class_bind_template_child (widget_class, ScDelegationsEditor, list);
  gtk_widget_class_bind_template_child (widget_class, ScDelegationsEditor, delegate_row);
  gtk_widget_class_bind_template_child (widget_class, ScDelegationsEditor, from_row);
  gtk_widget_class_bind_template_child (widget_class, ScDelegationsEditor, until_row);
  gtk_widget_class_bind_template_child (widget_class, ScDelegationsEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, ScDelegationsEditor, spinner);

  gtk_widget_class_install_action (widget_class, "delegations.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "delegations.remove", "s", remove_action);
}

static void
sc_delegations_editor_init (ScDelegationsEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_default_days (self);
  update_ui (self);
}

GtkWidget *
sc_delegations_editor_new (void)
{
  return g_object_new (SC_TYPE_DELEGATIONS_EDITOR, NULL);
}

void
sc_delegations_editor_set_session (ScDelegationsEditor *self,
                                   ScSession           *session)
{
  g_return_if_fail (SC_IS_DELEGATIONS_EDITOR (self));
  g_return_if_fail (session == NULL || SC_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_clear_signal_handler (&self->org_id_handler, self->session);
  g_set_object (&self->session, session);
  if (session != NULL)
    self->org_id_handler = g_signal_connect_swapped (session, "notify::org-id",
                                                     G_CALLBACK (org_changed_cb), self);
  org_changed_cb (self);
}

void
sc_delegations_editor_reload (ScDelegationsEditor *self)
{
  g_return_if_fail (SC_IS_DELEGATIONS_EDITOR (self));
  load (self);
}

gboolean
sc_delegations_editor_get_busy (ScDelegationsEditor *self)
{
  g_return_val_if_fail (SC_IS_DELEGATIONS_EDITOR (self), FALSE);
  return self->load_cancellable != NULL || self->action_cancellable != NULL;
}

guint
sc_delegations_editor_get_n_listed (ScDelegationsEditor *self)
{
  g_return_val_if_fail (SC_IS_DELEGATIONS_EDITOR (self), 0);
  return self->n_listed;
}

const char *
sc_delegations_editor_get_error (ScDelegationsEditor *self)
{
  g_return_val_if_fail (SC_IS_DELEGATIONS_EDITOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

gboolean
sc_delegations_editor_select_delegate (ScDelegationsEditor *self,
                                       const char          *email)
{
  g_return_val_if_fail (SC_IS_DELEGATIONS_EDITOR (self), FALSE);

  for (guint i = 0; i < n_members (self); i++)
    {
      g_autoptr(ScMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), i);

      if (g_strcmp0 (sc_member_get_email (member), email) == 0)
        {
          adw_combo_row_set_selected (self->delegate_row, i);
          return TRUE;
        }
    }
  return FALSE;
}

GtkEditable *
sc_delegations_editor_get_from (ScDelegationsEditor *self)
{
  g_return_val_if_fail (SC_IS_DELEGATIONS_EDITOR (self), NULL);
  return GTK_EDITABLE (self->from_row);
}

GtkEditable *
sc_delegations_editor_get_until (ScDelegationsEditor *self)
{
  g_return_val_if_fail (SC_IS_DELEGATIONS_EDITOR (self), NULL);
  return GTK_EDITABLE (self->until_row);
}
