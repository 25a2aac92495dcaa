/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-HistoryList"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-history-list.h"
#include "sc-promotion-record.h"
#include "sc-rules.h"
#include "sc-ui-util.h"

struct _ScHistoryList
{
  ScPagedGroup  parent_instance;

  GHashTable   *org_names;  /* org id → name, both owned */
};

G_DEFINE_FINAL_TYPE (ScHistoryList, sc_history_list, SC_TYPE_PAGED_GROUP)

static gpointer
read_item (JsonObject *item)
{
  return sc_promotion_record_new_from_json (item);
}

static GtkWidget *
create_row (ScPagedGroup *group,
            gpointer      item)
{
  ScHistoryList *self = SC_HISTORY_LIST (group);
  ScPromotionRecord *record = SC_PROMOTION_RECORD (item);
  const ScPathStage *target = sc_promotion_record_get_target (record);
  gboolean failed = !sc_promotion_record_get_succeeded (record);
  int version = (int) sc_promotion_record_get_release_version (record);
  const char *actor = sc_promotion_record_get_actor_email (record);
  const char *tag = target->tag;
  const char *org = target->org_name;
  const char *error_message = NULL;
  const char *error_code = sc_promotion_record_get_error (record, &error_message);
  g_autofree char *time = sc_format_date_time (sc_promotion_record_get_at (record));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  if (org == NULL && target->org_id != NULL)
    org = g_hash_table_lookup (self->org_names, target->org_id);
  if (org == NULL && target->org_id != NULL && sc_paged_group_get_session (group) != NULL)
    org = sc_session_get_org_name_in (sc_paged_group_get_session (group), target->org_id);

  if (sc_promotion_record_is_rollback (record))
    {
      const char *reason = sc_promotion_record_get_reason (record);

      if (reason != NULL && reason[0] != '\0')
        /* Translators: a rollback in the history: version and the reason given */
        title = g_strdup_printf (_("Rolled back to v%d: %s"), version, reason);
      else
        title = g_strdup_printf (_("Rolled back to v%d"), version);
    }
  else if (org != NULL)
    /* Translators: a promotion in the history, "v2 → stage (Acme Staging)" */
    title = g_strdup_printf (_("v%d → %s (%s)"), version, tag != NULL ? tag : "?", org);
  else
    /* Translators: a promotion in the history, "v2 → stage" */
    title = g_strdup_printf (_("v%d → %s"), version, tag != NULL ? tag : "?");

  /* Translators: who made a promotion and when */
  subtitle = g_strdup_printf (_("%s · %s"), actor != NULL ? actor : "", time);
  /* the rule that refused, in the user's language; the server's sentence
   * for a rule this app does not know */
  if (failed && (sc_rules_refusal_summary (error_code) != NULL || error_message != NULL))
    {
      const char *summary = sc_rules_refusal_summary (error_code);
      char *with_error = g_strdup_printf ("%s\n%s", subtitle,
                                          summary != NULL ? summary : error_message);

      g_free (subtitle);
      subtitle = with_error;
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  icon = gtk_image_new_from_icon_name (failed ? "dialog-error-symbolic" : "emblem-ok-symbolic");
  gtk_widget_add_css_class (icon, failed ? "error" : "success");
  gtk_widget_set_tooltip_text (icon, failed ? _("Failed") : _("Succeeded"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, failed ? _("Failed") : _("Succeeded"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static gboolean
fetch_more_async (ScPagedGroup        *group,
                  const char          *cursor,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  ScSession *session = sc_paged_group_get_session (group);

  if (session == NULL || sc_paged_group_get_id (group) == NULL)
    return FALSE;
  sc_client_list_promotions_async (sc_session_get_client (session), sc_paged_group_get_id (group),
                                   NULL, sc_paged_group_get_page_size (group), cursor,
                                   cancellable, callback, user_data);
  return TRUE;
}

static ScClientPage *
fetch_more_finish (ScPagedGroup  *group,
                   ScClient      *client,
                   GAsyncResult  *result,
                   GError       **error)
{
  return sc_client_list_promotions_finish (client, result, error);
}

void
sc_history_list_show (ScHistoryList *self,
                      ScClientPage  *page,
                      GHashTable    *org_names)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (SC_IS_HISTORY_LIST (self));

  g_hash_table_remove_all (self->org_names);
  if (org_names != NULL)
    {
      g_hash_table_iter_init (&iter, org_names);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->org_names, g_strdup (key), g_strdup (value));
    }
  sc_paged_group_show_page (SC_PAGED_GROUP (self), page, _("No Promotions Yet"),
                            _("Promotions and rollbacks of this workflow will be listed here."));
}

static void
sc_history_list_finalize (GObject *object)
{
  ScHistoryList *self = SC_HISTORY_LIST (object);

  g_clear_pointer (&self->org_names, g_hash_table_unref);

  G_OBJECT_CLASS (sc_history_list_parent_class)->finalize (object);
}

static void
sc_history_list_class_init (ScHistoryListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ScPagedGroupClass *group_class = SC_PAGED_GROUP_CLASS (klass);

  object_class->finalize = sc_history_list_finalize;
  group_class->read_item = read_item;
  group_class->create_row = create_row;
  group_class->fetch_more_async = fetch_more_async;
  group_class->fetch_more_finish = fetch_more_finish;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-history-list.ui");
}

static void
sc_history_list_init (ScHistoryList *self)
{
  self->org_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_history_list_new (void)
{
  return g_object_new (SC_TYPE_HISTORY_LIST, NULL);
}
