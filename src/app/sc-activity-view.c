/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sc-activity-view.h"
#include "sc-client.h"
#include "sc-client-error.h"
#include "sc-model.h"
#include "sc-ui-util.h"

struct _ScActivityView
{
  ScSectionView        parent_instance;

  GtkWidget       *box;
  AdwHeaderBar    *header;
  AdwWindowTitle  *title;
  GtkWidget       *sidebar_button;
  GtkMenuButton   *menu_button;
  GtkWidget       *export_button;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkWidget       *action_row;
  GtkStringList   *action_model;
  GtkWidget       *actor_row;
  GtkWidget       *since_row;
  GtkWidget       *until_row;
  GtkLabel        *problem_label;
  GtkWidget       *empty_label;
  GtkListBox      *entries_list;
  GtkWidget       *more_button;

  GCancellable    *load_cancellable;
  GCancellable    *export_cancellable;
  GPtrArray       *entries;       /* ScAuditEvent */
  char            *next_cursor;
  char            *problem;
  char            *export_org_id;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (ScActivityView, sc_activity_view, SC_TYPE_SECTION_VIEW)

static ScSession *
get_session (ScActivityView *self)
{
  return sc_section_view_get_session (SC_SECTION_VIEW (self));
}

/* The actions the server writes, in words. */
static const struct {
  const char *action;
  const char *words;
} actions[] = {
  { "org.updated", N_("Organization settings changed") },
  { "mapping.created", N_("Mapping added") },
  { "mapping.deleted", N_("Mapping removed") },
  { "path.created", N_("Promotion path created") },
  { "path.updated", N_("Promotion path changed") },
  { "path.deleted", N_("Promotion path deleted") },
  { "workflow.shared", N_("Workflow sharing changed") },
  { "connection.shared", N_("Connection sharing changed") },
  { "promotion.succeeded", N_("Promotion succeeded") },
  { "promotion.failed", N_("Promotion failed") },
  { "rollback.succeeded", N_("Rollback succeeded") },
  { "approval.requested", N_("Approval requested") },
  { "approval.approved", N_("Request approved") },
  { "approval.rejected", N_("Request rejected") },
  { "approval.cancelled", N_("Request cancelled") },
  { "approval.completed", N_("Approved promotion completed") },
  { "schedule.created", N_("Promotion scheduled") },
  { "schedule.cancelled", N_("Scheduled promotion cancelled") },
  { "schedule.succeeded", N_("Scheduled promotion succeeded") },
  { "schedule.failed", N_("Scheduled promotion failed") },
};

const char *
sc_activity_describe_action (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].action, action) == 0)
      return _(actions[i].words);
  return action;
}

static void
set_problem (ScActivityView *self,
             const char     *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}

static void
update_actions (ScActivityView *self)
{
  gboolean have_org = get_session (self) != NULL && sc_session_get_org_id (get_session (self)) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.reload", have_org);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.load-more",
                                 have_org && self->next_cursor != NULL &&
                                 self->load_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.export",
                                 have_org && self->export_cancellable == NULL &&
                                 g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (self)), "list") == 0);
  gtk_widget_set_visible (self->more_button, self->next_cursor != NULL);
}

/* A day as YYYY-MM-DD (local midnight) or an RFC 3339 time; @end moves a
 * day to the midnight after it, so that "To" includes the day. NULL for
 * empty text; FALSE when the text is neither. */
static gboolean
parse_day (const char  *text,
           gboolean     end,
           GDateTime  **time)
{
  int year, month, day;
  char rest;

  *time = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &rest) == 3)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      g_autoptr(GDateTime) midnight = NULL;

      if (strlen (text) != 10 || !g_date_valid_dmy (day, month, year))
        return FALSE;
      midnight = g_date_time_new (local, year, month, day, 0, 0, 0);
      if (midnight == NULL)
        return FALSE;
      *time = end ? g_date_time_add_days (midnight, 1) : g_date_time_ref (midnight);
      return TRUE;
    }
  *time = sc_time_parse (text);
  return *time != NULL;
}

/* The filters as the widgets say; FALSE after showing why they are bad. */
typedef struct {
  ScClientAuditFilter  filter;
  const char          *actions[2];
  char                *actor;
} Filter;

static void
filter_clear (Filter *filter)
{
  g_clear_pointer (&filter->filter.since, g_date_time_unref);
  g_clear_pointer (&filter->filter.until, g_date_time_unref);
  g_clear_pointer (&filter->actor, g_free);
}

static gboolean
read_filter (ScActivityView *self,
             Filter         *filter)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->action_row));
  const char *since = gtk_editable_get_text (GTK_EDITABLE (self->since_row));
  const char *until = gtk_editable_get_text (GTK_EDITABLE (self->until_row));

  memset (filter, 0, sizeof *filter);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION && selected <= G_N_ELEMENTS (actions))
    {
      filter->actions[0] = actions[selected - 1].action;
      filter->filter.actions = filter->actions;
    }
  filter->actor = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->actor_row))));
  if (*filter->actor != '\0')
    filter->filter.actor_id = filter->actor;

  if (!parse_day (since, FALSE, &filter->filter.since))
    {
      set_problem (self, _("“From” is not a date. Write it like 2026-03-01."));
      gtk_widget_add_css_class (self->since_row, "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (self->since_row, "error");
  if (!parse_day (until, TRUE, &filter->filter.until))
    {
      set_problem (self, _("“To” is not a date. Write it like 2026-03-31."));
      gtk_widget_add_css_class (self->until_row, "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (self->until_row, "error");
  return TRUE;
}

static GtkWidget *
entry_row_new (ScAuditEvent *entry)
{
  GtkWidget *row = adw_action_row_new ();
  const char *actor = sc_audit_event_get_actor_email (entry);
  const char *action = sc_audit_event_get_action (entry);
  const char *target_type = sc_audit_event_get_target_type (entry);
  const char *target_id = sc_audit_event_get_target_id (entry);
  GDateTime *at = sc_audit_event_get_at (entry);
  g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
  g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
  g_autofree char *subtitle = NULL;

  /* Translators: the subtitle of an activity entry: who, on what, when */
  subtitle = g_strdup_printf (_("%s · %s %s · %s"),
                              actor != NULL ? actor : _("Command line"),
                              target_type != NULL ? target_type : "",
                              target_id != NULL ? target_id : "",
                              when);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 sc_activity_describe_action (action != NULL ? action : ""));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_set_tooltip_text (row, action != NULL ? action : "");
  return row;
}

static void
clear_entries (ScActivityView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entries_list))) != NULL)
    gtk_list_box_remove (self->entries_list, child);
  g_ptr_array_set_size (self->entries, 0);
  g_clear_pointer (&self->next_cursor, g_free);
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScActivityView) self = user_data;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gboolean first;

  page = sc_client_list_audit_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  gtk_spinner_stop (self->spinner);
  first = self->entries->len == 0 && self->next_cursor == NULL;

  if (page == NULL)
    {
      if (get_session (self) != NULL)
        sc_session_report_if_unauthorized (get_session (self), error);
      if (first)
        {
          sc_status_page_set_error (self->error_page, error);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        set_problem (self, error->message);
      update_actions (self);
      return;
    }

  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      ScAuditEvent *entry = sc_audit_event_new_from_json (sc_client_page_get_item (page, i));

      /* an entry without an id is not the API's shape: left out */
      if (entry == NULL)
        continue;
      g_ptr_array_add (self->entries, entry);
      gtk_list_box_append (self->entries_list, entry_row_new (entry));
    }
  g_free (self->next_cursor);
  self->next_cursor = g_strdup (sc_client_page_get_next_cursor (page));
  gtk_widget_set_visible (self->empty_label, self->entries->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->entries_list), self->entries->len > 0);
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_actions (self);
}

/* Asks for the next page (@cursor) or, with NULL, lists from the top. */
static void
load_page (ScActivityView *self,
           const char     *cursor)
{
  g_autofree char *owned_cursor = g_strdup (cursor);
  Filter filter;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (get_session (self) == NULL || sc_session_get_org_id (get_session (self)) == NULL)
    {
      clear_entries (self);
      update_actions (self);
      return;
    }
  if (!read_filter (self, &filter))
    {
      filter_clear (&filter);
      update_actions (self);
      return;
    }
  set_problem (self, NULL);
  if (owned_cursor == NULL)
    {
      clear_entries (self);
      if (g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (self)), "list") != 0)
        {
          gtk_stack_set_visible_child_name (self->stack, "loading");
          gtk_spinner_start (self->spinner);
        }
    }

  self->load_cancellable = g_cancellable_new ();
  sc_client_list_audit_filtered_async (sc_session_get_client (get_session (self)),
                                       sc_session_get_org_id (get_session (self)), &filter.filter,
                                       owned_cursor, self->load_cancellable, page_loaded_cb,
                                       g_object_ref (self));
  filter_clear (&filter);
  update_actions (self);
}

static void
filters_changed_cb (ScActivityView *self)
{
  load_page (self, NULL);
}

static void
sc_activity_view_session_changed (ScSectionView *view)
{
  ScActivityView *self = SC_ACTIVITY_VIEW (view);

  g_cancellable_cancel (self->export_cancellable);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  load_page (self, NULL);
}

static void
sc_activity_view_reload (ScSectionView *view)
{
  load_page (SC_ACTIVITY_VIEW (view), NULL);
}

/* --- export ---------------------------------------------------------------- */

typedef struct {
  ScActivityView    *self;
  GFile             *file;
  GFileOutputStream *stream;
  Filter             filter;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->self);
  g_object_unref (export->file);
  g_clear_object (&export->stream);
  filter_clear (&export->filter);
  g_free (export);
}

static void
export_done (Export       *export,
             const GError *error)
{
  ScActivityView *self = export->self;

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_object (&self->export_cancellable);
      if (error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not export the activity: %s"),
                                                      error->message);
          if (get_session (self) != NULL)
            sc_session_report_if_unauthorized (get_session (self), error);
          set_problem (self, message);
        }
      else
        {
          g_autofree char *name = g_file_get_basename (export->file);
          g_autofree char *toast = g_strdup_printf (_("Activity exported to “%s”"), name);

          set_problem (self, NULL);
          sc_widget_add_toast (GTK_WIDGET (self), toast);
        }
      update_actions (self);
    }
  export_free (export);
}

static void
export_closed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error);
  export_done (export, error);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  if (sc_client_export_audit_finish (SC_CLIENT (source), result, &error) < 0)
    {
      /* the file stays as it was: the replacement is abandoned */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (export->stream), abandon, NULL);
      export_done (export, error);
      return;
    }
  g_output_stream_close_async (G_OUTPUT_STREAM (export->stream), G_PRIORITY_DEFAULT, NULL,
                               export_closed_cb, export);
}

static void
file_replaced_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Export *export = user_data;
  ScActivityView *self = export->self;
  g_autoptr(GError) error = NULL;

  export->stream = g_file_replace_finish (G_FILE (source), result, &error);
  if (export->stream == NULL || get_session (self) == NULL)
    {
      export_done (export, error);
      return;
    }
  sc_client_export_audit_async (sc_session_get_client (get_session (self)), self->export_org_id,
                                &export->filter.filter, G_OUTPUT_STREAM (export->stream),
                                self->export_cancellable, exported_cb, export);
}

void
sc_activity_view_export_to_file (ScActivityView *self,
                                 GFile          *file)
{
  Export *export;

  g_return_if_fail (SC_IS_ACTIVITY_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (get_session (self) == NULL || sc_session_get_org_id (get_session (self)) == NULL ||
      self->export_cancellable != NULL)
    return;

  export = g_new0 (Export, 1);
  export->self = g_object_ref (self);
  export->file = g_object_ref (file);
  if (!read_filter (self, &export->filter))
    {
      export_free (export);
      return;
    }
  g_free (self->export_org_id);
  self->export_org_id = g_strdup (sc_session_get_org_id (get_session (self)));
  self->export_cancellable = g_cancellable_new ();
  update_actions (self);
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT,
                        self->export_cancellable, file_replaced_cb, export);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ScActivityView  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sc_activity_view_export_to_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScActivityView *self = SC_ACTIVITY_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();

  if (get_session (self) == NULL || self->chooser != NULL)
    return;
  /* Translators: the suggested name of the exported file; %s is the org */
  name = g_strdup_printf (_("activity-%s.csv"), sc_session_get_org_name (get_session (self)));
  g_strdelimit (name, "/\\", '-');
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Export Activity"),
                                                                   GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                                   GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                   _("_Export"), _("_Cancel")));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
load_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ScActivityView *self = SC_ACTIVITY_VIEW (widget);

  if (self->next_cursor != NULL && self->load_cancellable == NULL)
    load_page (self, self->next_cursor);
}

/* --- object ---------------------------------------------------------------- */

static void
sc_activity_view_dispose (GObject *object)
{
  ScActivityView *self = (ScActivityView *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->export_cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_ACTIVITY_VIEW);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->next_cursor, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->export_org_id, g_free);

  G_OBJECT_CLASS (sc_activity_view_parent_class)->dispose (object);
}

static void
sc_activity_view_class_init (ScActivityViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ScSectionViewClass *section_class = SC_SECTION_VIEW_CLASS (klass);

  object_class->dispose = sc_activity_view_dispose;
  section_class->session_changed = sc_activity_view_session_changed;
  section_class->reload = sc_activity_view_reload;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-activity-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ScActivityView, name)
  BIND (box);
  BIND (header);
  BIND (title);
  BIND (sidebar_button);
  BIND (menu_button);
  BIND (export_button);
  BIND (stack);
  BIND (spinner);
  BIND (error_page);
  BIND (action_row);
  BIND (action_model);
  BIND (actor_row);
  BIND (since_row);
  BIND (until_row);
  BIND (problem_label);
  BIND (empty_label);
  BIND (entries_list);
  BIND (more_button);
#undef BIND

  sc_section_view_class_install_reload (widget_class, "activity.reload");
  gtk_widget_class_install_action (widget_class, "activity.load-more", NULL, load_more_action);
  gtk_widget_class_install_action (widget_class, "activity.export", NULL, export_action);
}

static void
sc_activity_view_init (ScActivityView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  sc_section_view_set_chrome (SC_SECTION_VIEW (self), NULL, self->header, NULL,
                              self->sidebar_button, NULL, self->menu_button);
  sc_section_view_set_pages (SC_SECTION_VIEW (self), self->title, self->stack, NULL, self->error_page);
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_string_list_append (self->action_model, _("Any action"));
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_string_list_append (self->action_model, _(actions[i].words));

  g_signal_connect_swapped (self->action_row, "notify::selected", G_CALLBACK (filters_changed_cb), self);
  g_signal_connect_swapped (self->actor_row, "apply", G_CALLBACK (filters_changed_cb), self);
  g_signal_connect_swapped (self->actor_row, "entry-activated", G_CALLBACK (filters_changed_cb), self);
  g_signal_connect_swapped (self->since_row, "apply", G_CALLBACK (filters_changed_cb), self);
  g_signal_connect_swapped (self->since_row, "entry-activated", G_CALLBACK (filters_changed_cb), self);
  g_signal_connect_swapped (self->until_row, "apply", G_CALLBACK (filters_changed_cb), self);
  g_signal_connect_swapped (self->until_row, "entry-activated", G_CALLBACK (filters_changed_cb), self);

  update_actions (self);
}

GtkWidget *
sc_activity_view_new (void)
{
  return g_object_new (SC_TYPE_ACTIVITY_VIEW, NULL);
}

gboolean
sc_activity_view_get_busy (ScActivityView *self)
{
  g_return_val_if_fail (SC_IS_ACTIVITY_VIEW (self), FALSE);
  return self->load_cancellable != NULL || self->export_cancellable != NULL;
}

guint
sc_activity_view_get_n_entries (ScActivityView *self)
{
  g_return_val_if_fail (SC_IS_ACTIVITY_VIEW (self), 0);
  return self->entries->len;
}

ScAuditEvent *
sc_activity_view_get_entry (ScActivityView *self,
                            guint           index)
{
  g_return_val_if_fail (SC_IS_ACTIVITY_VIEW (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_ptr_array_index (self->entries, index);
}

gboolean
sc_activity_view_get_has_more (ScActivityView *self)
{
  g_return_val_if_fail (SC_IS_ACTIVITY_VIEW (self), FALSE);
  return self->next_cursor != NULL;
}

const char *
sc_activity_view_get_problem (ScActivityView *self)
{
  g_return_val_if_fail (SC_IS_ACTIVITY_VIEW (self), NULL);
  return self->problem;
}

GtkWidget *
sc_activity_view_get_widget (ScActivityView *self,
                             const char     *name)
{
  g_return_val_if_fail (SC_IS_ACTIVITY_VIEW (self), NULL);

  if (g_str_equal (name, "action-row"))
    return self->action_row;
  if (g_str_equal (name, "actor-row"))
    return self->actor_row;
  if (g_str_equal (name, "since-row"))
    return self->since_row;
  if (g_str_equal (name, "until-row"))
    return self->until_row;
  if (g_str_equal (name, "entries-list"))
    return GTK_WIDGET (self->entries_list);
  if (g_str_equal (name, "more-button"))
    return self->more_button;
  if (g_str_equal (name, "export-button"))
    return self->export_button;
  return NULL;
}

gboolean
sc_activity_view_select_action (ScActivityView *self,
                                const char     *action)
{
  g_return_val_if_fail (SC_IS_ACTIVITY_VIEW (self), FALSE);

  if (action == NULL)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->action_row), 0);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].action, action))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->action_row), i + 1);
        return TRUE;
      }
  return FALSE;
}
