/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Diff"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-json.h"
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
format_trigger (JsonObject *trigger)
{
  const char *method = sc_json_get_string (trigger, "method");
  const char *url = sc_json_get_string (trigger, "url");
  g_autofree char *upper = method != NULL ? g_ascii_strup (method, -1) : NULL;

  if (trigger == NULL)
    return g_strdup (_("none"));
  return g_strdup_printf ("%s %s", upper != NULL ? upper : "", url != NULL ? url : "");
}

static void
add_diff_rows (ScPromotionDiff *self,
               JsonObject      *diff)
{
  static const struct {
    const char *list;
    const char *icon;
    const char *css_class;
    const char *subtitle;
  } kinds[] = {
    { "added", "list-add-symbolic", "diff-added", N_("Step added") },
    { "removed", "list-remove-symbolic", "diff-removed", N_("Step removed") },
    { "changed", "document-edit-symbolic", NULL, N_("Step changed") },
  };
  JsonObject *steps = sc_json_get_object (diff, "steps");
  JsonArray *config = sc_json_get_array (diff, "config");
  JsonObject *trigger = sc_json_get_object (diff, "trigger");

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      JsonArray *keys = sc_json_get_array (steps, kinds[k].list);

      for (guint i = 0; keys != NULL && i < json_array_get_length (keys); i++)
        {
          JsonNode *node = json_array_get_element (keys, i);

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          sc_list_box_add_icon_row (self->changes_list, kinds[k].icon, kinds[k].css_class,
                                    json_node_get_string (node), _(kinds[k].subtitle));
        }
    }

  for (guint i = 0; config != NULL && i < json_array_get_length (config); i++)
    {
      JsonObject *entry = json_array_get_object_element (config, i);
      JsonNode *from = sc_json_get_member (entry, "from");
      JsonNode *to = sc_json_get_member (entry, "to");
      gboolean had = from != NULL && !JSON_NODE_HOLDS_NULL (from);
      gboolean has = to != NULL && !JSON_NODE_HOLDS_NULL (to);
      g_autofree char *from_text = format_value (from);
      g_autofree char *to_text = format_value (to);
      g_autofree char *subtitle = NULL;
      g_autofree char *title = NULL;

      if (entry == NULL)
        continue;
      /* Translators: a configuration key in the diff, as in "Setting “region”" */
      title = g_strdup_printf (_("Setting “%s”"), sc_json_get_string (entry, "key"));
      if (!had)
        subtitle = g_strdup_printf (_("Added: %s"), to_text);
      else if (!has)
        subtitle = g_strdup_printf (_("Removed (was %s)"), from_text);
      else
        subtitle = g_strdup_printf (_("%s → %s"), from_text, to_text);
      sc_list_box_add_icon_row (self->changes_list,
                                !had ? "list-add-symbolic"
                                : !has ? "list-remove-symbolic" : "document-edit-symbolic",
                                !had ? "diff-added" : !has ? "diff-removed" : NULL,
                                title, subtitle);
    }

  if (trigger != NULL)
    {
      JsonObject *from = sc_json_get_object (trigger, "from");
      JsonObject *to = sc_json_get_object (trigger, "to");
      g_autofree char *from_text = format_trigger (from);
      g_autofree char *to_text = format_trigger (to);
      g_autofree char *subtitle = NULL;

      if (from == NULL)
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
sc_promotion_diff_set_preview (ScPromotionDiff *self,
                               JsonObject      *preview,
                               const char      *target_org_name)
{
  JsonArray *missing;

  g_return_if_fail (SC_IS_PROMOTION_DIFF (self));
  g_return_if_fail (preview != NULL);

  sc_promotion_diff_clear (self);
  missing = sc_json_get_array (preview, "missing_connections");
  for (guint i = 0; missing != NULL && i < json_array_get_length (missing); i++)
    {
      JsonObject *connection = json_array_get_object_element (missing, i);
      g_autofree char *title = NULL;

      if (connection == NULL)
        continue;
      /* Translators: "Acme Production has no slack connection “Alerts”" */
      title = g_strdup_printf (_("%s has no %s connection “%s”"),
                               target_org_name != NULL ? target_org_name : "",
                               sc_json_get_string (connection, "service"),
                               sc_json_get_string (connection, "name"));
      sc_list_box_add_icon_row (self->connections_list, "dialog-error-symbolic", "error", title,
                                _("Create it there first."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->connections_group),
                          !list_is_empty (self->connections_list));

  add_diff_rows (self, sc_json_get_object (preview, "diff"));
  if (sc_json_get_bool (preview, "creates_new"))
    adw_preferences_group_set_description (self->changes_group,
                                           _("Everything in the release is new there."));
  else
    adw_preferences_group_set_description (self->changes_group,
                                           _("Compared with what the target holds now."));
}
