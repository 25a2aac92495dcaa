/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Scheduled"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-schedule.h"
#include "sc-scheduled-view.h"
#include "sc-ui-util.h"

struct _ScScheduledView
{
  ScSectionView    parent_instance;

  /* template */
  GtkWidget       *box;
  AdwHeaderBar    *header;
  AdwWindowTitle  *title;
  GtkWidget       *sidebar_button;
  GtkMenuButton   *menu_button;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkLabel        *problem_label;
  GtkListBox      *list;

  GCancellable    *cancel_cancellable;
  GListStore      *items;           /* of ScSchedule */
  GPtrArray       *cancel_buttons;
  char            *problem;
};

G_DEFINE_FINAL_TYPE (ScScheduledView, sc_scheduled_view, SC_TYPE_SECTION_VIEW)

static ScSession *
get_session (ScScheduledView *self)
{
  return sc_section_view_get_session (SC_SECTION_VIEW (self));
}

static void
set_problem (ScScheduledView *self,
             const char      *problem)
{
  g_free (self->problem);
  self->problem = g_strdup (problem);
  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
}


/* "5 Dec 2026, 14:00" in the local time zone. */
static char *
format_run_at (GDateTime *utc)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);
  day = sc_format_day (utc);
  time = g_date_time_format (local, "%R");
  /* Translators: a date and a time, "5 Dec 2026, 14:00" */
  return g_strdup_printf (_("%s, %s"), day, time);
}

static GtkWidget *
schedule_row_new (ScScheduledView *self,
                  ScSchedule      *schedule)
{
  const ScPathStage *target = sc_schedule_get_target (schedule);
  g_autofree char *when = format_run_at (sc_schedule_get_run_at (schedule));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *cancel_name = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  /* Translators: a scheduled promotion, "Order sync v2 → stage (Acme Staging)" */
  title = g_strdup_printf (_("%s v%d → %s (%s)"),
                           sc_schedule_get_workflow_name (schedule),
                           (int) sc_schedule_get_release_version (schedule),
                           target->tag, target->org_name);
  /* Translators: "Runs 5 Dec 2026, 14:00 · scheduled by admin@acme.test" */
  subtitle = g_strdup_printf (_("Runs %s · scheduled by %s"), when,
                              sc_schedule_get_requester_email (schedule));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("alarm-symbolic"));

  button = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "scheduled.cancel");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                    sc_schedule_get_id (schedule));
  /* Translators: the accessible name of a Cancel button, "Cancel the scheduled promotion: Order sync v2 → …" */
  cancel_name = g_strdup_printf (_("Cancel the scheduled promotion: %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cancel_name, -1);
  gtk_widget_set_tooltip_text (button, _("Cancel this scheduled promotion"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_ptr_array_add (self->cancel_buttons, button);
  return row;
}

static void
show_items (ScScheduledView *self)
{
  sc_list_box_clear (self->list);
  g_ptr_array_set_size (self->cancel_buttons, 0);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScSchedule) schedule = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      gtk_list_box_append (self->list, schedule_row_new (self, schedule));
    }
  sc_section_view_show_page (SC_SECTION_VIEW (self), n > 0 ? "list" : "empty");
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScScheduledView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;

  page = sc_client_list_schedules_finish (SC_CLIENT (object), result, &error);
  if (!sc_section_view_end_load (SC_SECTION_VIEW (self), g_steal_pointer (&error)))
    return;

  g_clear_object (&self->items);
  self->items = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_SCHEDULE,
                                     (gpointer) sc_schedule_new_from_json);
  show_items (self);
}

static void
load (ScScheduledView *self)
{
  const char *org_id = get_session (self) != NULL ? sc_session_get_org_id (get_session (self)) : NULL;
  GCancellable *cancellable;

  if (org_id == NULL)
    {
      sc_section_view_cancel_load (SC_SECTION_VIEW (self));
      g_clear_object (&self->items);
      self->items = g_list_store_new (SC_TYPE_SCHEDULE);
      show_items (self);
      return;
    }

  /* the list stays in sight while it is read again */
  cancellable = sc_section_view_begin_load (SC_SECTION_VIEW (self), self->items != NULL);
  sc_client_list_schedules_async (sc_session_get_client (get_session (self)), org_id, "pending",
                                  cancellable, listed_cb, g_object_ref (self));
}

void
sc_scheduled_view_reload (ScScheduledView *self)
{
  g_return_if_fail (SC_IS_SCHEDULED_VIEW (self));
  load (self);
}

static void
sc_scheduled_view_session_changed (ScSectionView *view)
{
  ScScheduledView *self = SC_SCHEDULED_VIEW (view);

  g_cancellable_cancel (self->cancel_cancellable);
  g_clear_object (&self->cancel_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scheduled.cancel", TRUE);
  g_clear_object (&self->items);
  set_problem (self, NULL);
  load (self);
}

static void
sc_scheduled_view_reload_vfunc (ScSectionView *view)
{
  load (SC_SCHEDULED_VIEW (view));
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ScScheduledView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) schedule = NULL;

  schedule = sc_client_cancel_schedule_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancel_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scheduled.cancel", TRUE);

  if (schedule == NULL)
    {
      sc_session_report_if_unauthorized (get_session (self), error);
      set_problem (self, error->message);
    }
  else
    {
      set_problem (self, NULL);
      sc_widget_add_toast (GTK_WIDGET (self), _("Scheduled promotion cancelled"));
    }
  /* either way the list says what the server holds now */
  load (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScScheduledView *self = SC_SCHEDULED_VIEW (widget);

  if (get_session (self) == NULL || self->cancel_cancellable != NULL)
    return;
  self->cancel_cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (widget, "scheduled.cancel", FALSE);
  sc_client_cancel_schedule_async (sc_session_get_client (get_session (self)),
                                   g_variant_get_string (parameter, NULL),
                                   self->cancel_cancellable, cancelled_cb, g_object_ref (self));
}

static void
mapped_cb (ScScheduledView *self)
{
  /* the base has just started the first load of a new session or org */
  if (sc_section_view_get_loading (SC_SECTION_VIEW (self)))
    return;
  load (self);
}

static void
sc_scheduled_view_dispose (GObject *object)
{
  ScScheduledView *self = (ScScheduledView *)object;

  g_cancellable_cancel (self->cancel_cancellable);
  g_clear_object (&self->cancel_cancellable);
  g_clear_pointer (&self->cancel_buttons, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_SCHEDULED_VIEW);

  g_clear_object (&self->items);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (sc_scheduled_view_parent_class)->dispose (object);
}

static void
sc_scheduled_view_class_init (ScScheduledViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_scheduled_view_dispose;
  SC_SECTION_VIEW_CLASS (klass)->session_changed = sc_scheduled_view_session_changed;
  SC_SECTION_VIEW_CLASS (klass)->reload = sc_scheduled_view_reload_vfunc;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-scheduled-view.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ScScheduledView, name)
  BIND (box);
  BIND (header);
  BIND (title);
  BIND (sidebar_button);
  BIND (menu_button);
  BIND (stack);
  BIND (spinner);
  BIND (error_page);
  BIND (problem_label);
  BIND (list);
#undef BIND

  sc_section_view_class_install_reload (widget_class, "scheduled.reload");
  gtk_widget_class_install_action (widget_class, "scheduled.cancel", "s", cancel_action);
}

static void
sc_scheduled_view_init (ScScheduledView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  sc_section_view_set_chrome (SC_SECTION_VIEW (self), NULL, self->header, NULL,
                              self->sidebar_button, NULL, self->menu_button);
  sc_section_view_set_pages (SC_SECTION_VIEW (self), self->title, self->stack, self->spinner,
                             self->error_page);
  /* borrowed: the rows own them */
  self->cancel_buttons = g_ptr_array_new ();
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  sc_section_view_show_page (SC_SECTION_VIEW (self), "loading");
}

GtkWidget *
sc_scheduled_view_new (void)
{
  return g_object_new (SC_TYPE_SCHEDULED_VIEW, NULL);
}

void
sc_scheduled_view_set_session (ScScheduledView *self,
                               ScSession       *session)
{
  g_return_if_fail (SC_IS_SCHEDULED_VIEW (self));
  sc_section_view_set_session (SC_SECTION_VIEW (self), session);
}

const char *
sc_scheduled_view_get_state (ScScheduledView *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULED_VIEW (self), NULL);
  return sc_section_view_get_state (SC_SECTION_VIEW (self));
}

gboolean
sc_scheduled_view_get_busy (ScScheduledView *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULED_VIEW (self), FALSE);
  return sc_section_view_get_loading (SC_SECTION_VIEW (self)) || self->cancel_cancellable != NULL;
}

guint
sc_scheduled_view_get_n_items (ScScheduledView *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULED_VIEW (self), 0);
  return self->items != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->items)) : 0;
}

ScSchedule *
sc_scheduled_view_get_item (ScScheduledView *self,
                            guint            index)
{
  g_autoptr(ScSchedule) schedule = NULL;

  g_return_val_if_fail (SC_IS_SCHEDULED_VIEW (self), NULL);
  g_return_val_if_fail (index < sc_scheduled_view_get_n_items (self), NULL);
  /* the store holds it */
  schedule = g_list_model_get_item (G_LIST_MODEL (self->items), index);
  return schedule;
}

GtkWidget *
sc_scheduled_view_get_cancel_button (ScScheduledView *self,
                                     guint            index)
{
  g_return_val_if_fail (SC_IS_SCHEDULED_VIEW (self), NULL);
  g_return_val_if_fail (index < self->cancel_buttons->len, NULL);
  return g_ptr_array_index (self->cancel_buttons, index);
}

const char *
sc_scheduled_view_get_problem (ScScheduledView *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULED_VIEW (self), NULL);
  return self->problem;
}
