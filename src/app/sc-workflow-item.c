/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-WorkflowItem"

#include "config.h"

#include "sc-json-util.h"
#include "sc-workflow-item.h"

struct _ScWorkflowItem
{
  GObject     parent_instance;

  JsonObject *object;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_STAGE,
  PROP_LATEST_VERSION,
  PROP_PROMOTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScWorkflowItem, sc_workflow_item, G_TYPE_OBJECT)

static guint
get_latest_version (JsonObject *object)
{
  gint64 version = sc_json_get_int (sc_json_get_object (object, "latest_release"), "version", 0);

  return (guint) CLAMP (version, 0, G_MAXUINT);
}

static void
sc_workflow_item_finalize (GObject *object)
{
  ScWorkflowItem *self = (ScWorkflowItem *)object;

  g_clear_pointer (&self->object, json_object_unref);

  G_OBJECT_CLASS (sc_workflow_item_parent_class)->finalize (object);
}

static void
sc_workflow_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScWorkflowItem *self = SC_WORKFLOW_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, sc_workflow_item_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, sc_workflow_item_get_name (self));
      break;
    case PROP_STAGE:
      g_value_set_string (value, sc_workflow_item_get_stage (self));
      break;
    case PROP_LATEST_VERSION:
      g_value_set_uint (value, sc_workflow_item_get_latest_version (self));
      break;
    case PROP_PROMOTED:
      g_value_set_boolean (value, sc_workflow_item_get_promoted (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_workflow_item_class_init (ScWorkflowItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_workflow_item_finalize;
  object_class->get_property = sc_workflow_item_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATEST_VERSION] =
    g_param_spec_uint ("latest-version", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMOTED] =
    g_param_spec_boolean ("promoted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_workflow_item_init (ScWorkflowItem *self)
{
}

ScWorkflowItem *
sc_workflow_item_new (JsonObject *workflow)
{
  ScWorkflowItem *self;

  g_return_val_if_fail (workflow != NULL, NULL);

  self = g_object_new (SC_TYPE_WORKFLOW_ITEM, NULL);
  self->object = json_object_ref (workflow);
  return self;
}

JsonObject *
sc_workflow_item_get_object (ScWorkflowItem *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_ITEM (self), NULL);
  return self->object;
}

const char *
sc_workflow_item_get_id (ScWorkflowItem *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_ITEM (self), NULL);
  return sc_json_get_string (self->object, "id");
}

const char *
sc_workflow_item_get_name (ScWorkflowItem *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_ITEM (self), NULL);
  return sc_json_get_string (self->object, "name");
}

const char *
sc_workflow_item_get_stage (ScWorkflowItem *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_ITEM (self), NULL);
  return sc_json_get_string (self->object, "stage");
}

guint
sc_workflow_item_get_latest_version (ScWorkflowItem *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_ITEM (self), 0);
  return get_latest_version (self->object);
}

gboolean
sc_workflow_item_get_promoted (ScWorkflowItem *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_ITEM (self), FALSE);
  return sc_json_get_bool (self->object, "promoted");
}

void
sc_workflow_item_update (ScWorkflowItem *self,
                         JsonObject     *workflow)
{
  g_autoptr(JsonObject) old = NULL;

  g_return_if_fail (SC_IS_WORKFLOW_ITEM (self));
  g_return_if_fail (workflow != NULL);

  if (workflow == self->object)
    return;

  old = g_steal_pointer (&self->object);
  self->object = json_object_ref (workflow);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (sc_json_get_string (old, "id"), sc_json_get_string (workflow, "id")) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  if (g_strcmp0 (sc_json_get_string (old, "name"), sc_json_get_string (workflow, "name")) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (g_strcmp0 (sc_json_get_string (old, "stage"), sc_json_get_string (workflow, "stage")) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
  if (get_latest_version (old) != get_latest_version (workflow))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_VERSION]);
  if (sc_json_get_bool (old, "promoted") != sc_json_get_bool (workflow, "promoted"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMOTED]);
  g_object_thaw_notify (G_OBJECT (self));
}
