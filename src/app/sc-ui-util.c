/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Ui"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "sc-client-error.h"
#include "sc-ui-util.h"

char *
sc_format_date (const char *iso8601)
{
  g_autoptr(GDateTime) utc = iso8601 != NULL ? g_date_time_new_from_iso8601 (iso8601, NULL) : NULL;

  return sc_format_day (utc);
}

char *
sc_format_day (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  /* Translators: a date as in "12 May 2025"; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y"));
}

char *
sc_format_date_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  /* Translators: the date and time of a release or a promotion; see
   * g_date_time_format() for the conversions */
  return g_date_time_format (local, _("%b %-d %Y, %H:%M"));
}

char *
sc_release_describe_model (ScRelease *release)
{
  const char *notes = sc_release_get_notes (release);
  const char *org, *stage, *reason;
  guint version;
  const char *kind = sc_release_get_origin (release, &version, &org, &stage, &reason);

  if (notes != NULL && notes[0] != '\0')
    return g_strdup (notes);

  if (g_strcmp0 (kind, "rollback") == 0)
    {
      if (reason != NULL && reason[0] != '\0')
        /* Translators: a rollback in the history: version and the reason given */
        return g_strdup_printf (_("Rolled back to v%d: %s"), (int) version, reason);
      return g_strdup_printf (_("Rolled back to v%d"), (int) version);
    }
  if (g_strcmp0 (kind, "promotion") == 0)
    {
      /* Translators: a release made by a promotion: the organization and
       * stage it came from and the version it was there,
       * "Promoted from Acme Development (dev), v3" */
      return g_strdup_printf (_("Promoted from %s (%s), v%d"),
                              org != NULL ? org : "?", stage != NULL ? stage : "?", (int) version);
    }
  return NULL;
}

void
sc_list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  /* gtk_list_box_remove_all() is GTK 4.12 */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkListBoxRow *
sc_list_box_find_item_row (GtkListBox    *list,
                           const char    *data_key,
                           ScGetIdFunc    get_id,
                           const char    *id)
{
  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);
  g_return_val_if_fail (data_key != NULL, NULL);

  for (int i = 0; id != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      gpointer item;

      if (row == NULL)
        break;
      item = g_object_get_data (G_OBJECT (row), data_key);
      if (item != NULL && g_strcmp0 (get_id (item), id) == 0)
        return row;
    }
  return NULL;
}

GtkWidget *
sc_text_row_new (const char *title,
                 const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

GtkWidget *
sc_list_box_add_icon_row (GtkListBox *list,
                          const char *icon_name,
                          const char *css_class,
                          const char *title,
                          const char *subtitle)
{
  GtkWidget *row;
  GtkWidget *icon;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), NULL);

  row = sc_text_row_new (title, subtitle);
  icon = gtk_image_new_from_icon_name (icon_name);
  if (css_class != NULL)
    gtk_widget_add_css_class (icon, css_class);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (list, row);
  return row;
}

static gboolean
view_shortcut_activated_cb (GtkWidget *widget,
                            GVariant  *args,
                            gpointer   user_data)
{
  const char *action = user_data;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

void
sc_add_view_shortcut (GtkShortcutController *controller,
                      const char            *trigger,
                      const char            *action)
{
  g_return_if_fail (GTK_IS_SHORTCUT_CONTROLLER (controller));
  g_return_if_fail (trigger != NULL && action != NULL);

  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_callback_action_new (view_shortcut_activated_cb,
                                                                                   (gpointer) action, NULL)));
}

GtkShortcutController *
sc_view_shortcuts_new (const char *reload_action)
{
  GtkShortcutController *controller;

  g_return_val_if_fail (reload_action != NULL, NULL);

  controller = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (controller, GTK_SHORTCUT_SCOPE_MANAGED);
  sc_add_view_shortcut (controller, "<Control>r", reload_action);
  sc_add_view_shortcut (controller, "F5", reload_action);
  return controller;
}

void
sc_stack_set_page (GtkStack   *stack,
                   const char *name,
                   GObject    *object,
                   GParamSpec *pspec)
{
  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (name != NULL);
  g_return_if_fail (G_IS_OBJECT (object));
  g_return_if_fail (pspec != NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), name) == 0)
    return;
  gtk_stack_set_visible_child_name (stack, name);
  g_object_notify_by_pspec (object, pspec);
}

void
sc_status_page_set_error (AdwStatusPage *page,
                          const GError  *error)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (ADW_IS_STATUS_PAGE (page));
  g_return_if_fail (error != NULL);

  markup = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (page, markup);
}

void
sc_widget_add_toast (GtkWidget  *widget,
                     const char *title)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (title != NULL);

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
  else
    g_debug ("Toast without an overlay: %s", title);
}

void
sc_ui_button_fix_mnemonic_name (GtkWidget *button)
{
  g_return_if_fail (GTK_IS_BUTTON (button));

  if (gtk_button_get_use_underline (GTK_BUTTON (button)) && gtk_button_get_label (GTK_BUTTON (button)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
sc_ui_fix_mnemonic_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    sc_ui_button_fix_mnemonic_name (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sc_ui_fix_mnemonic_names (child);
}

static GtkWidget *
row_button_new (const char *label,
                const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  sc_ui_button_fix_mnemonic_name (button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

void
sc_list_box_show_conflict (GtkListBox *list,
                           const char *title,
                           const char *subtitle,
                           const char *reload_action,
                           const char *overwrite_action)
{
  GtkWidget *row;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (title != NULL);
  g_return_if_fail (reload_action != NULL);
  g_return_if_fail (overwrite_action != NULL);

  sc_list_box_clear (list);
  row = sc_list_box_add_icon_row (list, "dialog-warning-symbolic", "warning", title, subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button_new (_("_Reload"), reload_action));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button_new (_("_Overwrite"), overwrite_action));
  gtk_widget_set_visible (GTK_WIDGET (list), TRUE);
}

GtkWidget *
sc_box_add_row_label (GtkBox     *box,
                      const char *text,
                      const char *css_class)
{
  GtkWidget *label;

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* a long name must not widen the list at the details' expense */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

void
sc_error_list_show (GtkListBox   *list,
                    const GError *error)
{
  GPtrArray *violations;
  const char *hint = NULL;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (error != NULL);

  violations = sc_client_error_get_violations (error);
  sc_list_box_clear (list);

  if (g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED))
    hint = _("Sign in again, then try once more.");
  else if (g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NETWORK) ||
           g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_SERVER))
    hint = _("Try again when the server can be reached.");

  sc_list_box_add_icon_row (list, "dialog-error-symbolic", "error", error->message, hint);

  /* rules, then fields */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < violations->len; i++)
      {
        const ScViolation *violation = g_ptr_array_index (violations, i);

        if ((violation->rule != NULL) == (pass == 0) &&
            g_strcmp0 (violation->reason, error->message) != 0)
          sc_list_box_add_icon_row (list, "dialog-error-symbolic", "error", violation->reason,
                                    NULL);
      }
  gtk_widget_set_visible (GTK_WIDGET (list), TRUE);
}

char *
sc_describe_name_email (const char *name,
                        const char *email)
{
  if (name != NULL && email != NULL)
    /* Translators: a person, "Ada Admin (admin@acme.test)" */
    return g_strdup_printf (_("%s (%s)"), name, email);
  return g_strdup (name != NULL ? name : email != NULL ? email : "?");
}

/* --- field errors at their rows ------------------------------------------- */

/* An entry row has no subtitle: its error is its style and tooltip. */
static gboolean
has_subtitle (GtkWidget *row)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (row), "subtitle") != NULL;
}

void
sc_row_set_subtitle (GtkWidget  *row,
                     const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text != NULL ? text : "", -1);

  g_object_set_data_full (G_OBJECT (row), "sc-subtitle", g_strdup (markup), g_free);
  if (!gtk_widget_has_css_class (row, "error"))
    g_object_set (row, "subtitle", markup, NULL);
}

gboolean
sc_error_find_field (const GError  *error,
                     const char    *prefix,
                     const char   **reason)
{
  GPtrArray *violations = sc_client_error_get_violations (error);

  *reason = NULL;
  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      /* details.fields only */
      if (violation->rule != NULL || !g_str_has_prefix (violation->field, prefix))
        continue;
      *reason = violation->reason;
      return TRUE;
    }
  return FALSE;
}

gboolean
sc_row_show_field_error (GtkWidget    *row,
                         const GError *error,
                         const char   *prefix)
{
  const char *reason;
  g_autofree char *markup = NULL;

  if (!sc_error_find_field (error, prefix, &reason))
    return FALSE;
  markup = g_markup_escape_text (reason ?: "", -1);
  gtk_widget_add_css_class (row, "error");
  if (has_subtitle (row))
    g_object_set (row, "subtitle", markup, NULL);
  else
    gtk_widget_set_tooltip_text (row, reason);
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  return TRUE;
}

void
sc_row_clear_field_error (GtkWidget *row)
{
  gtk_widget_remove_css_class (row, "error");
  if (has_subtitle (row))
    g_object_set (row, "subtitle", g_object_get_data (G_OBJECT (row), "sc-subtitle"), NULL);
  else
    gtk_widget_set_tooltip_text (row, NULL);
}
