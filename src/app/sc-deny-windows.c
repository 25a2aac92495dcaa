/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-DenyWindows"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-client.h"
#include "sc-client-error.h"
#include "sc-deny-window.h"
#include "sc-deny-windows.h"
#include "sc-models.h"
#include "sc-ui-util.h"

enum { KIND_ONCE, KIND_WEEKLY, KIND_RRULE };

static const char * const day_ids[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };

struct _ScDenyWindows
{
  GtkWidget      parent_instance;

  /* template */
  GtkWidget     *box;
  GtkListBox    *windows_list;
  GtkWidget     *add_group;
  AdwComboRow   *kind_row;
  GtkWidget     *reason_row;
  GtkWidget     *zone_row;
  GtkWidget     *from_row;
  GtkWidget     *until_row;
  GtkWidget     *days_row;
  GtkFlowBox    *days_box;
  GtkWidget     *start_row;
  GtkWidget     *end_row;
  GtkWidget     *rrule_row;
  GtkWidget     *duration_row;
  GtkWidget     *duration_spin;
  GtkWidget     *override_row;
  GtkWidget     *override_switch;
  GtkWidget     *error_label;
  GtkWidget     *add_button;
  GtkWidget     *stop_group;
  GtkWidget     *stop_state_row;
  GtkWidget     *stop_reason_row;
  GtkWidget     *stop_error_label;
  GtkWidget     *stop_button;
  GtkWidget     *resume_button;

  GtkWidget     *day_toggles[7];
  ScSession     *session;
  ScOrg         *org;
  gboolean       editable;
  gboolean       busy;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (ScDenyWindows, sc_deny_windows, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The org's deny windows (ScDenyWindow), never NULL. */
static GPtrArray *
windows (ScDenyWindows *self)
{
  static GPtrArray *none;
  const ScApprovalPolicy *policy = self->org != NULL ? sc_org_get_approval_policy (self->org) : NULL;

  if (policy != NULL)
    return policy->deny_windows;
  if (none == NULL)
    none = g_ptr_array_new ();
  return none;
}

/* The emergency stop, or NULL without an org. */
static const ScEmergencyStop *
emergency_stop (ScDenyWindows *self)
{
  const ScApprovalPolicy *policy = self->org != NULL ? sc_org_get_approval_policy (self->org) : NULL;

  return policy != NULL ? &policy->emergency_stop : NULL;
}

static gboolean
stopped (ScDenyWindows *self)
{
  const ScEmergencyStop *stop = emergency_stop (self);

  return stop != NULL && stop->active;
}

/* "22:00": @minute after midnight as the API writes it */
static char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

/* A window in words: what the server stored, as the API writes it. */
static char *
describe_window (const ScDenyWindow *window)
{
  const char *zone = window->time_zone;

  if (window->kind == SC_DENY_WINDOW_WEEKLY)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *start = format_minute (window->start_minute);
      g_autofree char *end = format_minute (window->end_minute);

      for (guint i = 0; i < G_N_ELEMENTS (day_ids); i++)
        {
          if ((window->days & (1u << i)) == 0)
            continue;
          if (names->len > 0)
            g_string_append (names, ", ");
          g_string_append (names, day_ids[i]);
        }
      /* Translators: a weekly deny window: days, start and end time, zone:
       * "Weekly on fri, 22:00–06:00 (Europe/Berlin)" */
      return g_strdup_printf (_("Weekly on %s, %s–%s (%s)"), names->str, start, end, zone);
    }
  if (window->kind == SC_DENY_WINDOW_RRULE)
    /* Translators: a recurring deny window: the RRULE, its length in
     * minutes, the time zone */
    return g_strdup_printf (_("%s for %d min (%s)"), window->rrule,
                            (int) window->duration_minutes, zone);
  {
    g_autofree char *from = sc_time_format (window->from);
    g_autofree char *until = sc_time_format (window->until);

    /* Translators: a one-off deny window: from, until (times of the server) */
    return g_strdup_printf (_("From %s until %s"), from, until);
  }
}

static void
update_ui (ScDenyWindows *self)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);
  gboolean can_edit = self->editable && !self->busy && self->org != NULL;
  const ScEmergencyStop *stop = emergency_stop (self);

  gtk_widget_set_visible (self->from_row, kind == KIND_ONCE);
  gtk_widget_set_visible (self->until_row, kind == KIND_ONCE);
  gtk_widget_set_visible (self->days_row, kind == KIND_WEEKLY);
  gtk_widget_set_visible (self->start_row, kind == KIND_WEEKLY);
  gtk_widget_set_visible (self->end_row, kind == KIND_WEEKLY);
  gtk_widget_set_visible (self->rrule_row, kind == KIND_RRULE);
  gtk_widget_set_visible (self->duration_row, kind == KIND_RRULE);
  gtk_widget_set_visible (self->zone_row, kind != KIND_ONCE);

  gtk_widget_set_visible (self->add_group, self->editable);
  gtk_widget_set_visible (self->stop_button, self->editable);
  gtk_widget_set_visible (self->resume_button, self->editable);
  gtk_widget_set_visible (self->stop_reason_row, self->editable && !stopped (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deny-windows.add", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deny-windows.remove", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deny-windows.stop", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deny-windows.resume",
                                 can_edit && stopped (self));

  if (stopped (self))
    {
      g_autofree char *subtitle = NULL;

      /* Translators: who stopped promotions, and the reason they gave */
      subtitle = g_strdup_printf (_("Stopped by %s: “%s”"),
                                  stop->by_email ?: "", stop->reason ?: "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stop_state_row),
                                     _("Promotions Stopped"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->stop_state_row), subtitle);
      gtk_widget_add_css_class (self->stop_state_row, "error");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stop_state_row),
                                     _("Promotions Run"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->stop_state_row), NULL);
      gtk_widget_remove_css_class (self->stop_state_row, "error");
    }
}

static void
fill_windows (ScDenyWindows *self)
{
  GPtrArray *list = windows (self);

  sc_list_box_clear (self->windows_list);
  for (guint i = 0; i < list->len; i++)
    {
      const ScDenyWindow *window = g_ptr_array_index (list, i);
      g_autofree char *title = describe_window (window);
      const char *reason = window->reason;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (window->allow_override)
        /* Translators: under a deny window: its reason, and that admins may override it */
        subtitle = g_strdup_printf (_("%s — administrators may override"), reason ?: "");
      else
        subtitle = g_strdup (reason);
      row = sc_list_box_add_icon_row (self->windows_list, "action-unavailable-symbolic", NULL,
                                      title, subtitle);
      if (self->editable)
        {
          GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

          gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (remove, "flat");
          gtk_widget_set_tooltip_text (remove, _("Remove Window"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Remove Window"), -1);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "deny-windows.remove");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "i", (gint32) i);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
    }
  if (list->len == 0)
    sc_list_box_add_icon_row (self->windows_list, "emblem-ok-symbolic", NULL,
                              _("No deny windows"),
                              _("Promotions are refused only by the freeze and the emergency stop."));
}

/* The server's sentence and every reason of its details, in one text. */
static void
show_error (GtkWidget    *label,
            const GError *error)
{
  g_autoptr(GString) text = g_string_new (error->message);
  const char *kinds[] = { "fields", "rules" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_auto(GStrv) reasons = sc_client_error_dup_reasons (error, kinds[k]);

      for (guint i = 0; reasons[i] != NULL; i++)
        if (strstr (text->str, reasons[i]) == NULL)
          g_string_append_printf (text, "\n%s", reasons[i]);
    }
  gtk_label_set_text (GTK_LABEL (label), text->str);
  gtk_widget_set_visible (label, TRUE);
}

static void
set_org (ScDenyWindows *self,
         ScOrg         *org)
{
  g_set_object (&self->org, org);
  fill_windows (self);
  update_ui (self);
}

static void
begin_call (ScDenyWindows *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_widget_set_visible (self->stop_error_label, FALSE);
  update_ui (self);
}

/* Whether the call was abandoned; otherwise not busy any more. */
static gboolean
end_call (ScDenyWindows *self,
          const GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;
  self->busy = FALSE;
  g_clear_object (&self->cancellable);
  if (error != NULL && self->session != NULL)
    sc_session_report_if_unauthorized (self->session, error);
  update_ui (self);
  return FALSE;
}

static void
clear_form (ScDenyWindows *self)
{
  GtkWidget *entries[] = { self->reason_row, self->from_row, self->until_row, self->start_row,
                           self->end_row, self->rrule_row };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_text (GTK_EDITABLE (entries[i]), "");
  for (guint i = 0; i < G_N_ELEMENTS (self->day_toggles); i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->day_toggles[i]), FALSE);
  gtk_switch_set_active (GTK_SWITCH (self->override_switch), FALSE);
}

static void
patched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ScDenyWindows) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sc_client_patch_org_finish (SC_CLIENT (source), result, &error);
  gboolean adding = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "sc-adding"));
  g_autoptr(ScOrg) org = NULL;

  if (end_call (self, error))
    return;
  if (answer != NULL)
    org = sc_models_check (sc_org_new_from_json (answer), "an organization", &error);
  if (org == NULL)
    {
      /* what the user typed stays; the reasons show under the form */
      show_error (self->error_label, error);
      return;
    }
  if (adding)
    clear_form (self);
  set_org (self, org);
  g_signal_emit (self, signals[CHANGED], 0, org);
}

/* PATCH approval_policy.deny_windows = @list (taken) with the org's etag. */
static void
patch_windows (ScDenyWindows *self,
               JsonArray     *list,
               gboolean       adding)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  JsonObject *new_policy = json_object_new ();

  json_object_set_array_member (new_policy, "deny_windows", list);
  json_object_set_object_member (changes, "approval_policy", new_policy);
  g_object_set_data (G_OBJECT (self), "sc-adding", GINT_TO_POINTER (adding));
  begin_call (self);
  sc_client_patch_org_async (sc_session_get_client (self->session),
                             sc_org_get_id (self->org), changes,
                             sc_org_get_etag (self->org), self->cancellable,
                             patched_cb, g_object_ref (self));
}

/* The org's windows but the one at @skip (-1: none), as the API writes
 * them (core's sc_deny_windows_to_json()). */
static JsonArray *
copy_windows (ScDenyWindows *self,
              int            skip)
{
  GPtrArray *list = windows (self);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < list->len; i++)
    if ((int) i != skip)
      g_ptr_array_add (kept, g_ptr_array_index (list, i));
  node = sc_deny_windows_to_json (kept);
  return json_array_ref (json_node_get_array (node));
}

static void
set_text_member (JsonObject *object,
                 const char *name,
                 GtkWidget  *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  json_object_set_string_member (object, name, text);
}

/* The window the form describes, as typed: the server judges it. */
static JsonObject *
form_window (ScDenyWindows *self)
{
  JsonObject *window = json_object_new ();
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  if (*reason != '\0')
    json_object_set_string_member (window, "reason", reason);
  json_object_set_boolean_member (window, "allow_override",
                                  gtk_switch_get_active (GTK_SWITCH (self->override_switch)));
  switch (adw_combo_row_get_selected (self->kind_row))
    {
    case KIND_WEEKLY:
      {
        JsonArray *days = json_array_new ();

        json_object_set_string_member (window, "kind", "weekly");
        for (guint i = 0; i < G_N_ELEMENTS (day_ids); i++)
          if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->day_toggles[i])))
            json_array_add_string_element (days, day_ids[i]);
        json_object_set_array_member (window, "days", days);
        set_text_member (window, "start", self->start_row);
        set_text_member (window, "end", self->end_row);
        set_text_member (window, "time_zone", self->zone_row);
      }
      break;
    case KIND_RRULE:
      json_object_set_string_member (window, "kind", "rrule");
      set_text_member (window, "rrule", self->rrule_row);
      json_object_set_int_member (window, "duration_minutes",
                                  gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->duration_spin)));
      set_text_member (window, "time_zone", self->zone_row);
      break;
    case KIND_ONCE:
    default:
      json_object_set_string_member (window, "kind", "once");
      set_text_member (window, "from", self->from_row);
      set_text_member (window, "until", self->until_row);
      break;
    }
  return window;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ScDenyWindows *self = SC_DENY_WINDOWS (widget);
  JsonArray *list;

  if (self->busy || self->org == NULL)
    return;
  list = copy_windows (self, -1);
  json_array_add_object_element (list, form_window (self));
  patch_windows (self, list, TRUE);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScDenyWindows *self = SC_DENY_WINDOWS (widget);

  if (self->busy || self->org == NULL)
    return;
  patch_windows (self, copy_windows (self, g_variant_get_int32 (parameter)), FALSE);
}

/* --- the emergency stop ------------------------------------------------------------ */

static void
org_reloaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScDenyWindows) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sc_client_get_org_finish (SC_CLIENT (source), result, &error);
  g_autoptr(ScOrg) org = NULL;

  if (end_call (self, error))
    return;
  if (answer != NULL)
    org = sc_models_check (sc_org_new_from_json (answer), "an organization", &error);
  if (org == NULL)
    {
      show_error (self->stop_error_label, error);
      return;
    }
  /* stopped: the reason given goes */
  if (sc_org_get_approval_policy (org)->emergency_stop.active)
    gtk_editable_set_text (GTK_EDITABLE (self->stop_reason_row), "");
  set_org (self, org);
  g_signal_emit (self, signals[CHANGED], 0, org);
}

static void
stop_set_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScDenyWindows) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sc_client_set_emergency_stop_finish (SC_CLIENT (source), result,
                                                                       &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      end_call (self, error);
      /* the reason as typed stays */
      show_error (self->stop_error_label, error);
      return;
    }
  if (self->org == NULL)
    {
      /* the org went meanwhile: nothing to read again */
      end_call (self, NULL);
      return;
    }
  /* the org changed with the others: read it again */
  sc_client_get_org_async (SC_CLIENT (source), sc_org_get_id (self->org),
                           self->cancellable, org_reloaded_cb, g_object_ref (self));
}

static void
stop_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  ScDenyWindows    *self)
{
  gboolean stopping = g_str_equal (response, "stop");
  g_autofree char *reason = NULL;

  if (!stopping && !g_str_equal (response, "resume"))
    return;
  if (self->busy || self->org == NULL)
    return;
  if (stopping)
    reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->stop_reason_row)));
  begin_call (self);
  sc_client_set_emergency_stop_async (sc_session_get_client (self->session), reason,
                                      self->cancellable, stop_set_cb, g_object_ref (self));
}

static void
confirm_stop (ScDenyWindows *self,
              gboolean       stopping)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       stopping ? _("Stop All Promotions?")
                                                                : _("Resume Promotions?"),
                                                       NULL));
  adw_message_dialog_set_body (dialog,
                               stopping
                               ? _("Every promotion into every organization you administer "
                                   "will be refused, with your reason, until you resume them. "
                                   "No override lifts it.")
                               : _("Promotions into every organization you administer will "
                                   "follow their usual rules again."));
  if (stopping)
    {
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                        "stop", _("_Stop Promotions"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                        "resume", _("_Resume"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "resume", ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  confirm_stop (SC_DENY_WINDOWS (widget), TRUE);
}

static void
resume_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  confirm_stop (SC_DENY_WINDOWS (widget), FALSE);
}

/* --- the class --------------------------------------------------------------------- */

static void
sc_deny_windows_dispose (GObject *object)
{
  ScDenyWindows *self = SC_DENY_WINDOWS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->org);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_DENY_WINDOWS);

  G_OBJECT_CLASS (sc_deny_windows_parent_class)->dispose (object);
}

static void
sc_deny_windows_class_init (ScDenyWindowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_deny_windows_dispose;

  /* the org as the server answered it after a change */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, SC_TYPE_ORG);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-deny-windows.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ScDenyWindows, name)
  BIND (box);
  BIND (windows_list);
  BIND (add_group);
  BIND (kind_row);
  BIND (reason_row);
  BIND (zone_row);
  BIND (from_row);
  BIND (until_row);
  BIND (days_row);
  BIND (days_box);
  BIND (start_row);
  BIND (end_row);
  BIND (rrule_row);
  BIND (duration_row);
  BIND (duration_spin);
  BIND (override_row);
  BIND (override_switch);
  BIND (error_label);
  BIND (add_button);
  BIND (stop_group);
  BIND (stop_state_row);
  BIND (stop_reason_row);
  BIND (stop_error_label);
  BIND (stop_button);
  BIND (resume_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "deny-windows.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "deny-windows.remove", "i", remove_action);
  gtk_widget_class_install_action (widget_class, "deny-windows.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "deny-windows.resume", NULL, resume_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sc_deny_windows_init (ScDenyWindows *self)
{
  /* Translators: short day names on the toggle buttons of a weekly window */
  const char *short_names[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                                N_("Sat"), N_("Sun") };
  const char *long_names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
                               N_("Friday"), N_("Saturday"), N_("Sunday") };

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->day_toggles); i++)
    {
      self->day_toggles[i] = gtk_toggle_button_new_with_label (_(short_names[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->day_toggles[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(long_names[i]), -1);
      gtk_widget_set_tooltip_text (self->day_toggles[i], _(long_names[i]));
      gtk_flow_box_append (self->days_box, self->day_toggles[i]);
    }
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (update_ui), self,
                           G_CONNECT_SWAPPED);
  update_ui (self);
}

GtkWidget *
sc_deny_windows_new (void)
{
  return g_object_new (SC_TYPE_DENY_WINDOWS, NULL);
}

void
sc_deny_windows_set_org (ScDenyWindows *self,
                         ScSession     *session,
                         ScOrg         *org,
                         gboolean       editable)
{
  g_return_if_fail (SC_IS_DENY_WINDOWS (self));
  g_return_if_fail (org == NULL || SC_IS_ORG (org));

  g_set_object (&self->session, session);
  self->editable = editable && session != NULL;
  set_org (self, org);
}

gboolean
sc_deny_windows_get_busy (ScDenyWindows *self)
{
  g_return_val_if_fail (SC_IS_DENY_WINDOWS (self), FALSE);
  return self->busy;
}

guint
sc_deny_windows_get_n_windows (ScDenyWindows *self)
{
  g_return_val_if_fail (SC_IS_DENY_WINDOWS (self), 0);
  return windows (self)->len;
}

GtkWidget *
sc_deny_windows_get_widget (ScDenyWindows *self,
                            const char    *name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } widgets[] = {
    { "kind", G_STRUCT_OFFSET (ScDenyWindows, kind_row) },
    { "reason", G_STRUCT_OFFSET (ScDenyWindows, reason_row) },
    { "time-zone", G_STRUCT_OFFSET (ScDenyWindows, zone_row) },
    { "from", G_STRUCT_OFFSET (ScDenyWindows, from_row) },
    { "until", G_STRUCT_OFFSET (ScDenyWindows, until_row) },
    { "start", G_STRUCT_OFFSET (ScDenyWindows, start_row) },
    { "end", G_STRUCT_OFFSET (ScDenyWindows, end_row) },
    { "rrule", G_STRUCT_OFFSET (ScDenyWindows, rrule_row) },
    { "duration", G_STRUCT_OFFSET (ScDenyWindows, duration_spin) },
    { "override", G_STRUCT_OFFSET (ScDenyWindows, override_switch) },
    { "add", G_STRUCT_OFFSET (ScDenyWindows, add_button) },
    { "error", G_STRUCT_OFFSET (ScDenyWindows, error_label) },
    { "stop-reason", G_STRUCT_OFFSET (ScDenyWindows, stop_reason_row) },
    { "stop", G_STRUCT_OFFSET (ScDenyWindows, stop_button) },
    { "resume", G_STRUCT_OFFSET (ScDenyWindows, resume_button) },
    { "stop-state", G_STRUCT_OFFSET (ScDenyWindows, stop_state_row) },
    { "stop-error", G_STRUCT_OFFSET (ScDenyWindows, stop_error_label) },
    { "windows", G_STRUCT_OFFSET (ScDenyWindows, windows_list) },
  };

  g_return_val_if_fail (SC_IS_DENY_WINDOWS (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_has_prefix (name, "day-") && name[4] >= '0' && name[4] <= '6' && name[5] == '\0')
    return self->day_toggles[name[4] - '0'];
  for (guint i = 0; i < G_N_ELEMENTS (widgets); i++)
    if (g_str_equal (widgets[i].name, name))
      return G_STRUCT_MEMBER (GtkWidget *, self, widgets[i].offset);
  return NULL;
}
