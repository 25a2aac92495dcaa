/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-mapping.h"

struct _ScMapping
{
  GObject     parent_instance;

  char       *id;
  char       *source_org_id;
  char       *source_org_name;
  char       *target_org_id;
  char       *target_org_name;
  ScRelation  relation;
};

G_DEFINE_FINAL_TYPE (ScMapping, sc_mapping, G_TYPE_OBJECT)

static void
sc_mapping_finalize (GObject *object)
{
  ScMapping *self = SC_MAPPING (object);

  g_free (self->id);
  g_free (self->source_org_id);
  g_free (self->source_org_name);
  g_free (self->target_org_id);
  g_free (self->target_org_name);
  G_OBJECT_CLASS (sc_mapping_parent_class)->finalize (object);
}

static void
sc_mapping_class_init (ScMappingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_mapping_finalize;
}

static void
sc_mapping_init (ScMapping *self)
{
  self->relation = SC_RELATION_DEFAULT;
}

ScMapping *
sc_mapping_new_from_json (JsonObject *object)
{
  ScMapping *self;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_MAPPING, NULL);
  self->id = g_strdup (sc_json_get_string (object, "id"));
  self->source_org_id = g_strdup (sc_json_get_string (object, "source_org_id"));
  self->source_org_name = g_strdup (sc_json_get_string (object, "source_org_name"));
  self->target_org_id = g_strdup (sc_json_get_string (object, "target_org_id"));
  self->target_org_name = g_strdup (sc_json_get_string (object, "target_org_name"));
  sc_relation_from_string (sc_json_get_string (object, "relation"), &self->relation);
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_mapping_get_##name (ScMapping *self) \
  { \
    g_return_val_if_fail (SC_IS_MAPPING (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, source_org_id, NULL)
GETTER (const char *, source_org_name, NULL)
GETTER (const char *, target_org_id, NULL)
GETTER (const char *, target_org_name, NULL)
GETTER (ScRelation, relation, SC_RELATION_DEFAULT)
