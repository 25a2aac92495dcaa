/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-WorkflowRow"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-workflow-row.h"

struct _ScWorkflowRow
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *name_label;
  GtkLabel       *release_label;
  GtkWidget      *stage_separator;
  GtkWidget      *stage_icon;
  GtkLabel       *stage_label;
  GtkWidget      *promoted_badge;

  ScWorkflow *item;
  gulong          notify_id;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScWorkflowRow, sc_workflow_row, GTK_TYPE_WIDGET)

static void
update (ScWorkflowRow *self)
{
  g_autofree char *release = NULL;
  const char *stage = NULL;
  guint version = 0;

  if (self->item != NULL)
    {
      stage = sc_workflow_get_stage (self->item);
      version = sc_workflow_get_latest_version (self->item);
    }

  if (version > 0)
    /* Translators: the latest release of a workflow, "v3" */
    release = g_strdup_printf (_("v%u"), version);
  else
    release = g_strdup (_("No releases"));

  gtk_label_set_text (self->name_label, self->item != NULL ? sc_workflow_get_name (self->item) : "");
  gtk_label_set_text (self->release_label, release);
  gtk_label_set_text (self->stage_label, stage != NULL ? stage : "");
  gtk_widget_set_visible (self->stage_separator, stage != NULL);
  gtk_widget_set_visible (self->stage_icon, stage != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->stage_label), stage != NULL);
  gtk_widget_set_visible (self->promoted_badge,
                          self->item != NULL && sc_workflow_get_promoted (self->item));

  /* What a screen reader reads on the row the list view made for this
   * one (our parent): GTK 4.8 has no GtkListItem:accessible-label (4.12) */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    {
      g_autofree char *description = stage != NULL ? g_strdup_printf ("%s · %s", release, stage)
                                                   : g_strdup (release);

      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      self->item != NULL ? sc_workflow_get_name (self->item) : "",
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }

  if (stage != NULL)
    {
      /* Translators: tooltip of the stage in a workflow row */
      g_autofree char *tooltip = g_strdup_printf (_("At stage “%s”"), stage);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->stage_label), tooltip);
    }
}

static void
item_changed_cb (ScWorkflowRow *self)
{
  update (self);
}

static void
sc_workflow_row_dispose (GObject *object)
{
  ScWorkflowRow *self = (ScWorkflowRow *)object;

  sc_workflow_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WORKFLOW_ROW);

  G_OBJECT_CLASS (sc_workflow_row_parent_class)->dispose (object);
}

static void
sc_workflow_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScWorkflowRow *self = SC_WORKFLOW_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_workflow_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScWorkflowRow *self = SC_WORKFLOW_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sc_workflow_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_workflow_row_class_init (ScWorkflowRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_workflow_row_dispose;
  object_class->get_property = sc_workflow_row_get_property;
  object_class->set_property = sc_workflow_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SC_TYPE_WORKFLOW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-workflow-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowRow, box);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowRow, release_label);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowRow, stage_separator);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowRow, stage_icon);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowRow, stage_label);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowRow, promoted_badge);
}

static void
sc_workflow_row_init (ScWorkflowRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
sc_workflow_row_new (void)
{
  return g_object_new (SC_TYPE_WORKFLOW_ROW, NULL);
}

ScWorkflow *
sc_workflow_row_get_item (ScWorkflowRow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_ROW (self), NULL);
  return self->item;
}

void
sc_workflow_row_set_item (ScWorkflowRow  *self,
                          ScWorkflow *item)
{
  g_return_if_fail (SC_IS_WORKFLOW_ROW (self));
  g_return_if_fail (item == NULL || SC_IS_WORKFLOW (item));

  if (self->item == item)
    return;

  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_id, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->notify_id = g_signal_connect_swapped (item, "notify", G_CALLBACK (item_changed_cb), self);

  /* dispose runs this with the template children already gone */
  if (self->name_label != NULL)
    update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
