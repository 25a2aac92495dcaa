/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Diff"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-promotion-diff.h"
#include "sc-ui-util.h"

struct _ScPromotionDiff
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  AdwPreferencesGroup *connections_group;
  GtkListBox          *connections_list;
  AdwPreferencesGroup *changes_group;
  GtkListBox          *changes_list;
};

G_DEFINE_FINAL_TYPE (ScPromotionDiff, sc_promotion_diff, GTK_TYPE_WIDGET)

static gboolean
list_is_empty (GtkListBox *list)
{
  return gtk_widget_get_first_child (GTK_WIDGET (list)) == NULL;
}

/* A JSON value in one short line, for the config diff. */
static char *
format_value (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("nothing"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup_printf ("“%s”", json_node_get_string (node));
  else
    text = json_to_string (node, FALSE);

  if (g_utf8_strlen (text, -1) > 60)
    {
      g_autofree char *head = g_utf8_substring (text, 0, 59);

      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&text);
}

static char *
format_trigger (const ScTrigger *trigger)
{
  g_autofree char *upper = NULL;

  if (trigger == NULL)
    return g_strdup (_("none"));
  upper = trigger->method != NULL ? g_ascii_strup (trigger->method, -1) : NULL;
  return g_strdup_printf ("%s %s", upper != NULL ? upper : "",
                          trigger->url != NULL ? trigger->url : "");
}

static void
add_diff_rows (ScPromotionDiff    *self,
               ScPromotionPreview *preview)
{
  static const struct {
    ScDiffChange change;
    const char  *icon;
    const char  *css_class;
    const char  *subtitle;
  } kinds[] = {
    { SC_DIFF_ADDED, "list-add-symbolic", "diff-added", N_("Step added") },
    { SC_DIFF_REMOVED, "list-remove-symbolic", "diff-removed", N_("Step removed") },
    { SC_DIFF_CHANGED, "document-edit-symbolic", NULL, N_("Step changed") },
  };
  GPtrArray *config = sc_promotion_preview_get_config_changes (preview);
  const ScTrigger *trigger_from = NULL;
  const ScTrigger *trigger_to = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const char * const *keys = sc_promotion_preview_get_steps (preview, kinds[k].change);

      for (guint i = 0; keys[i] != NULL; i++)
        sc_list_box_add_icon_row (self->changes_list, kinds[k].icon, kinds[k].css_class,
                                  keys[i], _(kinds[k].subtitle));
    }

  for (guint i = 0; i < config->len; i++)
    {
      const ScConfigChange *entry = g_ptr_array_index (config, i);
      g_autofree char *from_text = format_value (entry->from);
      g_autofree char *to_text = format_value (entry->to);
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;

      /* Translators: a configuration key in the diff, as in "Setting “region”" */
      title = g_strdup_printf (_("Setting “%s”"), entry->key);
      if (entry->change == SC_DIFF_ADDED)
        subtitle = g_strdup_printf (_("Added: %s"), to_text);
      else if (entry->change == SC_DIFF_REMOVED)
        subtitle = g_strdup_printf (_("Removed (was %s)"), from_text);
      else
        subtitle = g_strdup_printf (_("%s → %s"), from_text, to_text);
      sc_list_box_add_icon_row (self->changes_list,
                                entry->change == SC_DIFF_ADDED ? "list-add-symbolic"
                                : entry->change == SC_DIFF_REMOVED ? "list-remove-symbolic"
                                                                   : "document-edit-symbolic",
                                entry->change == SC_DIFF_ADDED ? "diff-added"
                                : entry->change == SC_DIFF_REMOVED ? "diff-removed" : NULL,
                                title, subtitle);
    }

  if (sc_promotion_preview_get_trigger_change (preview, &trigger_from, &trigger_to))
    {
      g_autofree char *from_text = format_trigger (trigger_from);
      g_autofree char *to_text = format_trigger (trigger_to);
      g_autofree char *subtitle = NULL;

      if (trigger_from == NULL)
        subtitle = g_strdup_printf (_("Set to %s"), to_text);
      else
        subtitle = g_strdup_printf (_("%s → %s"), from_text, to_text);
      sc_list_box_add_icon_row (self->changes_list, "document-edit-symbolic", NULL, _("Trigger"),
                                subtitle);
    }

  if (list_is_empty (self->changes_list))
    sc_list_box_add_icon_row (self->changes_list, "emblem-ok-symbolic", NULL, _("No changes"),
                              _("The target already has the same steps, settings and trigger."));
}

static void
sc_promotion_diff_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SC_TYPE_PROMOTION_DIFF);

  G_OBJECT_CLASS (sc_promotion_diff_parent_class)->dispose (object);
}

static void
sc_promotion_diff_class_init (ScPromotionDiffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_promotion_diff_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-promotion-diff.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPromotionDiff, box);
  gtk_widget_class_bind_template_child (widget_class, ScPromotionDiff, connections_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromotionDiff, connections_list);
  gtk_widget_class_bind_template_child (widget_class, ScPromotionDiff, changes_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromotionDiff, changes_list);
}

static void
sc_promotion_diff_init (ScPromotionDiff *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_promotion_diff_new (void)
{
  return g_object_new (SC_TYPE_PROMOTION_DIFF, NULL);
}

void
sc_promotion_diff_clear (ScPromotionDiff *self)
{
  g_return_if_fail (SC_IS_PROMOTION_DIFF (self));

  sc_list_box_clear (self->connections_list);
  sc_list_box_clear (self->changes_list);
  gtk_widget_set_visible (GTK_WIDGET (self->connections_group), FALSE);
}

void
sc_promotion_diff_show (ScPromotionDiff    *self,
                        ScPromotionPreview *preview,
                        const char         *target_org_name)
{
  GPtrArray *missing;

  g_return_if_fail (SC_IS_PROMOTION_DIFF (self));
  g_return_if_fail (SC_IS_PROMOTION_PREVIEW (preview));

  sc_promotion_diff_clear (self);
  missing = sc_promotion_preview_get_missing_connections (preview);
  for (guint i = 0; i < missing->len; i++)
    {
      const ScMissingConnection *connection = g_ptr_array_index (missing, i);
      g_autofree char *title = NULL;

      /* Translators: "Acme Production has no slack connection “Alerts”" */
      title = g_strdup_printf (_("%s has no %s connection “%s”"),
                               target_org_name != NULL ? target_org_name : "",
                               connection->service != NULL ? connection->service : "",
                               connection->name != NULL ? connection->name : "");
      sc_list_box_add_icon_row (self->connections_list, "dialog-error-symbolic", "error", title,
                                _("Create it there first."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->connections_group),
                          !list_is_empty (self->connections_list));

  add_diff_rows (self, preview);
  if (sc_promotion_preview_get_creates_new (preview))
    adw_preferences_group_set_description (self->changes_group,
                                           _("Everything in the release is new there."));
  else
    adw_preferences_group_set_description (self->changes_group,
                                           _("Compared with what the target holds now."));
}

void
sc_promotion_diff_set_preview (ScPromotionDiff *self,
                               JsonObject      *preview,
                               const char      *target_org_name)
{
  g_autoptr(ScPromotionPreview) model = NULL;

  g_return_if_fail (SC_IS_PROMOTION_DIFF (self));
  g_return_if_fail (preview != NULL);

  model = sc_promotion_preview_new_from_json (preview);
  if (model == NULL)
    {
      sc_promotion_diff_clear (self);
      return;
    }
  sc_promotion_diff_show (self, model, target_org_name);
}
