/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Workflow"

#include "config.h"

#include "sc-enums.h"
#include "sc-json.h"
#include "sc-workflow.h"

/* Only what a row shows: a page of the list holds 100 of these, and the
 * list may hold 10 000 (the whole workflow object, steps and settings
 * included, is the details' business). */
struct _ScWorkflow
{
  GObject   parent_instance;

  char     *id;
  char     *name;
  char     *stage;
  guint     latest_version;
  gboolean  promoted;
  /* not shown by a row, not notified */
  char     *org_id;
  ScPermission permission;
  /* what the details and its dialogs show beside (never steps or config) */
  char     *description;
  char     *owner_email;
  char     *latest_release_id;
  gboolean  has_origin;
  char     *origin_org_id;
  char     *origin_stage;
  char     *owner_id;
  char     *owner_name;
  GPtrArray *connections;  /* ScConnection; NULL when it uses none */
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

G_DEFINE_FINAL_TYPE (ScWorkflow, sc_workflow, G_TYPE_OBJECT)

static guint
get_latest_version (JsonObject *object)
{
  gint64 version = sc_json_get_int (sc_json_get_object (object, "latest_release"), "version", 0);

  return (guint) CLAMP (version, 0, G_MAXUINT);
}

static void
sc_workflow_finalize (GObject *object)
{
  ScWorkflow *self = (ScWorkflow *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->stage, g_free);
  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->owner_email, g_free);
  g_clear_pointer (&self->latest_release_id, g_free);
  g_clear_pointer (&self->origin_org_id, g_free);
  g_clear_pointer (&self->origin_stage, g_free);
  g_clear_pointer (&self->owner_id, g_free);
  g_clear_pointer (&self->owner_name, g_free);
  g_clear_pointer (&self->connections, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_workflow_parent_class)->finalize (object);
}

static void
sc_workflow_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScWorkflow *self = SC_WORKFLOW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, sc_workflow_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, sc_workflow_get_name (self));
      break;
    case PROP_STAGE:
      g_value_set_string (value, sc_workflow_get_stage (self));
      break;
    case PROP_LATEST_VERSION:
      g_value_set_uint (value, sc_workflow_get_latest_version (self));
      break;
    case PROP_PROMOTED:
      g_value_set_boolean (value, sc_workflow_get_promoted (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_workflow_class_init (ScWorkflowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_workflow_finalize;
  object_class->get_property = sc_workflow_get_property;

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
sc_workflow_init (ScWorkflow *self)
{
}

/* Most workflows of a list use no connection: no array for them. */
static GPtrArray *
read_connections (JsonArray *connections)
{
  GPtrArray *read = NULL;

  for (guint i = 0; connections != NULL && i < json_array_get_length (connections); i++)
    {
      JsonNode *node = json_array_get_element (connections, i);
      ScConnection *connection;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      connection = sc_connection_new_from_json (json_node_get_object (node));
      if (connection == NULL)
        continue;
      if (read == NULL)
        read = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (read, connection);
    }
  return read;
}

static void
read_details (ScWorkflow *self,
              JsonObject *workflow)
{
  JsonObject *origin = sc_json_get_object (workflow, "origin");
  JsonObject *owner = sc_json_get_object (workflow, "owner");

  g_free (self->description);
  self->description = g_strdup (sc_json_get_string (workflow, "description"));
  g_free (self->owner_email);
  self->owner_email = g_strdup (sc_json_get_string (owner, "email"));
  g_free (self->owner_id);
  self->owner_id = g_strdup (sc_json_get_string (owner, "id"));
  g_free (self->owner_name);
  self->owner_name = g_strdup (sc_json_get_string (owner, "name"));
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  self->connections = read_connections (sc_json_get_array (workflow, "connections"));
  g_free (self->latest_release_id);
  self->latest_release_id = g_strdup (sc_json_get_string (sc_json_get_object (workflow, "latest_release"), "id"));
  self->has_origin = origin != NULL;
  g_free (self->origin_org_id);
  self->origin_org_id = g_strdup (sc_json_get_string (origin, "org_id"));
  g_free (self->origin_stage);
  self->origin_stage = g_strdup (sc_json_get_string (origin, "stage"));
}

/* What is read but not notified. */
static void
read_quiet_members (ScWorkflow *self,
                    JsonObject *workflow)
{
  g_free (self->org_id);
  self->org_id = g_strdup (sc_json_get_string (workflow, "org_id"));
  self->permission = SC_PERMISSION_NONE;
  sc_permission_from_string (sc_json_get_string (workflow, "permission"), &self->permission);
  read_details (self, workflow);
}

ScWorkflow *
sc_workflow_new (JsonObject *workflow)
{
  ScWorkflow *self;

  g_return_val_if_fail (workflow != NULL, NULL);

  self = g_object_new (SC_TYPE_WORKFLOW, NULL);
  self->id = g_strdup (sc_json_get_string (workflow, "id"));
  self->name = g_strdup (sc_json_get_string (workflow, "name"));
  self->stage = g_strdup (sc_json_get_string (workflow, "stage"));
  self->latest_version = get_latest_version (workflow);
  self->promoted = sc_json_get_bool (workflow, "promoted");
  read_quiet_members (self, workflow);
  return self;
}

const char *
sc_workflow_get_id (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);
  return self->id;
}

const char *
sc_workflow_get_name (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);
  return self->name;
}

const char *
sc_workflow_get_stage (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);
  return self->stage;
}

guint
sc_workflow_get_latest_version (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), 0);
  return self->latest_version;
}

gboolean
sc_workflow_get_promoted (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), FALSE);
  return self->promoted;
}

/* Replaces @field with a copy of @value; TRUE when it changed. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
sc_workflow_update (ScWorkflow *self,
                    JsonObject *workflow)
{
  guint version;
  gboolean promoted;

  g_return_if_fail (SC_IS_WORKFLOW (self));
  g_return_if_fail (workflow != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (set_string (&self->id, sc_json_get_string (workflow, "id")))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  if (set_string (&self->name, sc_json_get_string (workflow, "name")))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (set_string (&self->stage, sc_json_get_string (workflow, "stage")))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
  version = get_latest_version (workflow);
  if (version != self->latest_version)
    {
      self->latest_version = version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATEST_VERSION]);
    }
  promoted = sc_json_get_bool (workflow, "promoted");
  if (promoted != self->promoted)
    {
      self->promoted = promoted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMOTED]);
    }
  read_quiet_members (self, workflow);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
sc_workflow_get_org_id (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);

  return self->org_id;
}

ScPermission
sc_workflow_get_permission (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), SC_PERMISSION_NONE);

  return self->permission;
}

const char *
sc_workflow_get_description (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);

  return self->description;
}

const char *
sc_workflow_get_owner_email (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);

  return self->owner_email;
}

const char *
sc_workflow_get_latest_release_id (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);

  return self->latest_release_id;
}

gboolean
sc_workflow_get_origin (ScWorkflow  *self,
                        const char **org_id,
                        const char **stage)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), FALSE);

  if (org_id != NULL)
    *org_id = self->origin_org_id;
  if (stage != NULL)
    *stage = self->origin_stage;
  return self->has_origin;
}

const char *
sc_workflow_get_owner_id (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);

  return self->owner_id;
}

const char *
sc_workflow_get_owner_name (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);

  return self->owner_name;
}

guint
sc_workflow_get_n_connections (ScWorkflow *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), 0);

  return self->connections != NULL ? self->connections->len : 0;
}

ScConnection *
sc_workflow_get_connection (ScWorkflow *self,
                            guint       index)
{
  g_return_val_if_fail (SC_IS_WORKFLOW (self), NULL);
  g_return_val_if_fail (index < sc_workflow_get_n_connections (self), NULL);

  return g_ptr_array_index (self->connections, index);
}
