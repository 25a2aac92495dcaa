/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Rollback"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-rollback-dialog.h"
#include "sc-ui-util.h"
#include "sc-workflow.h"

/* Enough pages of releases for any real workflow; past them the list ends. */
#define MAX_RELEASE_PAGES 10

struct _ScRollbackDialog
{
  AdwWindow          parent_instance;

  /* template */
  AdwWindowTitle    *window_title;
  GtkButton         *confirm_button;
  GtkStack          *confirm_stack;
  GtkSpinner        *confirm_spinner;
  GtkScrolledWindow *scroller;
  GtkListBox        *error_list;
  GtkLabel          *intro_label;
  GtkStack          *releases_stack;
  GtkSpinner        *releases_spinner;
  AdwStatusPage     *releases_error_page;
  AdwStatusPage     *releases_empty_page;
  GtkListBox        *releases_list;
  AdwEntryRow       *reason_row;

  ScSession         *session;
  ScWorkflow        *workflow;
  char              *org_name;
  gboolean           may_roll_back;

  GCancellable      *load_cancellable;
  GListStore        *releases;       /* ScRelease: accumulated pages */
  guint              pages;
  gboolean           loaded;
  ScRelease         *selected;       /* a release of the list */
  GtkWidget         *radio_group;    /* never shown: makes the rows radios, even one */

  GCancellable      *action_cancellable;
  gboolean           busy;
  gboolean           disposed;
};

enum {
  ROLLED_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScRollbackDialog, sc_rollback_dialog, ADW_TYPE_WINDOW)

/* --- helpers ----------------------------------------------------------------- */

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    {
      if (!g_ascii_isspace (*text))
        return FALSE;
    }
  return TRUE;
}

static void
add_error_row (ScRollbackDialog *self,
               const char       *icon_name,
               const char       *title,
               const char       *subtitle)
{
  sc_list_box_add_icon_row (self->error_list, icon_name,
                            g_str_has_prefix (icon_name, "dialog-error") ? "error" : "warning",
                            title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->error_list), TRUE);
}

static void
show_permission_note (ScRollbackDialog *self)
{
  g_autofree char *text = NULL;

  if (self->may_roll_back)
    return;
  text = g_strdup_printf (_("Only administrators of %s may roll back its workflows."),
                          self->org_name);
  add_error_row (self, "dialog-warning-symbolic", text, NULL);
}

static void
show_error (ScRollbackDialog *self,
            const GError     *error)
{
  GtkAdjustment *adjustment;

  sc_error_list_show (self->error_list, error);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
update_ui (ScRollbackDialog *self)
{
  gboolean ready = self->loaded && self->selected != NULL && self->may_roll_back &&
                   !is_blank (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rollback.confirm", ready && !self->busy);
  gtk_stack_set_visible_child_name (self->confirm_stack, self->busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->confirm_spinner, self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->releases_list), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), !self->busy);

  if (!self->may_roll_back)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->confirm_button),
                                 _("Only administrators of the workflow’s organization may roll "
                                   "it back."));
  else if (self->loaded && self->selected == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->confirm_button),
                                 _("Choose the release to restore."));
  else if (self->loaded)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->confirm_button),
                                 ready ? NULL : _("Say why you roll back."));
}

/* --- the releases ---------------------------------------------------------------- */

static void
release_toggled_cb (GtkCheckButton   *check,
                    ScRollbackDialog *self)
{
  if (!gtk_check_button_get_active (check))
    return;
  self->selected = g_object_get_data (G_OBJECT (check), "release");
  update_ui (self);
}

static void
show_releases (ScRollbackDialog *self)
{
  const char *latest_id = sc_workflow_get_latest_release_id (self->workflow);
  guint n_rows = 0;

  sc_list_box_clear (self->releases_list);
  self->selected = NULL;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->radio_group), TRUE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->releases)); i++)
    {
      g_autoptr(ScRelease) release = g_list_model_get_item (G_LIST_MODEL (self->releases), i);
      g_autofree char *title = NULL;
      g_autofree char *date = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *notes = NULL;
      GtkWidget *row;
      GtkWidget *check;

      /* the latest is what the workflow holds now */
      if (latest_id == NULL && i == 0)
        latest_id = sc_release_get_id (release);
      if (g_strcmp0 (sc_release_get_id (release), latest_id) == 0)
        continue;

      title = g_strdup_printf (_("v%d"), (int) sc_release_get_version (release));
      date = sc_format_day (sc_release_get_created_at (release));
      notes = sc_release_describe_model (release);
      if (notes != NULL && date != NULL)
        /* Translators: a release's notes and its date */
        subtitle = g_strdup_printf (_("%s · %s"), notes, date);
      else if (date != NULL)
        subtitle = g_steal_pointer (&date);
      else
        subtitle = g_steal_pointer (&notes);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (self->radio_group));
      g_object_set_data_full (G_OBJECT (check), "release", g_object_ref (release), g_object_unref);
      g_signal_connect_object (check, "toggled", G_CALLBACK (release_toggled_cb), self, 0);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->releases_list, row);
      n_rows++;
    }

  if (n_rows == 0)
    {
      const char *workflow_name = sc_workflow_get_name (self->workflow);
      g_autofree char *name = g_markup_escape_text (workflow_name != NULL ? workflow_name : "", -1);
      g_autofree char *description = NULL;

      /* the description is markup */
      description = g_strdup_printf (_("“%s” has no release before its latest one to go back to."),
                                     name);
      adw_status_page_set_description (self->releases_empty_page, description);
      gtk_stack_set_visible_child_name (self->releases_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->releases_stack, "list");
    }
}

static void load_page (ScRollbackDialog *self,
                       const char       *cursor);

static void
releases_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ScRollbackDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;
  const char *next;

  page = sc_client_list_releases_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;

  if (page == NULL)
    {
      sc_session_report_if_unauthorized (self->session, error);
      sc_status_page_set_error (self->releases_error_page, error);
      gtk_stack_set_visible_child_name (self->releases_stack, "error");
      gtk_spinner_set_spinning (self->releases_spinner, FALSE);
      return;
    }

  {
    g_autoptr(GListStore) read = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_RELEASE,
                                                      (gpointer) sc_release_new_from_json);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (read)); i++)
      {
        g_autoptr(ScRelease) release = g_list_model_get_item (G_LIST_MODEL (read), i);

        g_list_store_append (self->releases, release);
      }
  }

  next = sc_client_page_get_next_cursor (page);
  if (next != NULL && ++self->pages < MAX_RELEASE_PAGES)
    {
      load_page (self, next);
      return;
    }

  self->loaded = TRUE;
  gtk_spinner_set_spinning (self->releases_spinner, FALSE);
  show_releases (self);
  update_ui (self);
}

static void
load_page (ScRollbackDialog *self,
           const char       *cursor)
{
  sc_client_list_releases_async (sc_session_get_client (self->session),
                                 sc_workflow_get_id (self->workflow), 0, cursor,
                                 self->load_cancellable, releases_loaded_cb, g_object_ref (self));
}

static void
start_load (ScRollbackDialog *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  g_clear_object (&self->releases);
  self->releases = g_list_store_new (SC_TYPE_RELEASE);
  self->pages = 0;
  self->loaded = FALSE;
  self->selected = NULL;

  gtk_stack_set_visible_child_name (self->releases_stack, "loading");
  gtk_spinner_set_spinning (self->releases_spinner, TRUE);
  update_ui (self);

  load_page (self, NULL);
}

/* --- rolling back ------------------------------------------------------------------- */

static void
rolled_back_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScRollbackDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;

  record = sc_client_rollback_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;

  self->busy = FALSE;
  if (record == NULL)
    {
      sc_session_report_if_unauthorized (self->session, error);
      show_error (self, error);
      update_ui (self);
      return;
    }

  g_signal_emit (self, signals[ROLLED_BACK], 0, record);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
roll_back (ScRollbackDialog *self)
{
  g_autofree char *reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));

  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->action_cancellable = g_cancellable_new ();

  self->busy = TRUE;
  update_ui (self);
  sc_client_rollback_async (sc_session_get_client (self->session),
                            sc_workflow_get_id (self->workflow),
                            sc_release_get_id (self->selected),
                            g_strstrip (reason), self->action_cancellable, rolled_back_cb,
                            g_object_ref (self));
}

static void
confirmation_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          ScRollbackDialog *self)
{
  if (g_strcmp0 (response, "rollback") == 0 && !self->disposed && !self->busy &&
      self->selected != NULL)
    roll_back (self);
}

static void
confirm_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ScRollbackDialog *self = SC_ROLLBACK_DIALOG (widget);
  AdwMessageDialog *dialog;
  int version;

  if (self->busy || self->selected == NULL)
    return;

  version = (int) sc_release_get_version (self->selected);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  /* Translators: "Roll back Acme Staging’s “Invoice sync” to v1?" */
  adw_message_dialog_format_heading (dialog, _("Roll back %s’s “%s” to v%d?"), self->org_name,
                                     sc_workflow_get_name (self->workflow), version);
  adw_message_dialog_format_body (dialog,
                                  _("The content of v%d is published again as the newest "
                                    "release. The rollback and your reason are recorded in the "
                                    "history."),
                                  version);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "rollback", _("_Roll Back"),
                                    NULL);
  /* its response buttons: read once, not "_Cancel Cancel" */
  sc_ui_fix_mnemonic_names (GTK_WIDGET (dialog));
  adw_message_dialog_set_response_appearance (dialog, "rollback", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirmation_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start_load (SC_ROLLBACK_DIALOG (widget));
}

static void
reason_changed_cb (ScRollbackDialog *self)
{
  update_ui (self);
}

static void
reason_activated_cb (ScRollbackDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "rollback.confirm", NULL);
}

/* --- GObject ----------------------------------------------------------------------- */

static void
sc_rollback_dialog_dispose (GObject *object)
{
  ScRollbackDialog *self = (ScRollbackDialog *)object;

  self->disposed = TRUE;
  self->selected = NULL;
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->action_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_ROLLBACK_DIALOG);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->action_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->workflow);
  g_clear_object (&self->releases);

  G_OBJECT_CLASS (sc_rollback_dialog_parent_class)->dispose (object);
}

static void
sc_rollback_dialog_finalize (GObject *object)
{
  ScRollbackDialog *self = (ScRollbackDialog *)object;

  g_free (self->org_name);
  g_clear_object (&self->radio_group);

  G_OBJECT_CLASS (sc_rollback_dialog_parent_class)->finalize (object);
}

static void
sc_rollback_dialog_class_init (ScRollbackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_rollback_dialog_dispose;
  object_class->finalize = sc_rollback_dialog_finalize;

  /**
   * ScRollbackDialog::rolled-back:
   * @record: the rollback's promotion record
   */
  signals[ROLLED_BACK] = g_signal_new ("rolled-back", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-rollback-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, confirm_stack);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, confirm_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, error_list);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, releases_stack);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, releases_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, releases_error_page);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, releases_empty_page);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, releases_list);
  gtk_widget_class_bind_template_child (widget_class, ScRollbackDialog, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_activated_cb);

  gtk_widget_class_install_action (widget_class, "rollback.confirm", NULL, confirm_action_cb);
  gtk_widget_class_install_action (widget_class, "rollback.retry", NULL, retry_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sc_rollback_dialog_init (ScRollbackDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));

  self->radio_group = g_object_ref_sink (gtk_check_button_new ());
}

/* --- public API ---------------------------------------------------------------------- */

GtkWidget *
sc_rollback_dialog_new (ScSession  *session,
                        ScWorkflow *workflow)
{
  ScRollbackDialog *self;
  const char *org_id, *name;
  g_autofree char *intro = NULL;

  g_return_val_if_fail (SC_IS_SESSION (session), NULL);
  g_return_val_if_fail (SC_IS_WORKFLOW (workflow), NULL);

  self = g_object_new (SC_TYPE_ROLLBACK_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->workflow = g_object_ref (workflow);

  org_id = sc_workflow_get_org_id (self->workflow);
  name = sc_workflow_get_name (self->workflow);
  self->org_name = g_strdup (sc_session_get_org_name_in (session, org_id) != NULL
                             ? sc_session_get_org_name_in (session, org_id)
                             : _("its organization"));
  self->may_roll_back = sc_session_get_role_in (session, org_id) >= SC_ROLE_ADMIN;

  adw_window_title_set_subtitle (self->window_title, name);
  if (sc_workflow_get_latest_release_id (self->workflow) != NULL)
    /* Translators: "“Invoice sync” in Acme Staging holds v2 now. …" */
    intro = g_strdup_printf (_("“%s” in %s holds v%d now. Choose a release it received "
                               "earlier: its content is published there again as a new "
                               "release."),
                             name, self->org_name,
                             (int) sc_workflow_get_latest_version (self->workflow));
  else
    intro = g_strdup_printf (_("“%s” in %s has no release yet."),
                             name, self->org_name);
  gtk_label_set_text (self->intro_label, intro);

  show_permission_note (self);
  start_load (self);

  return GTK_WIDGET (self);
}
