/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-connection.h"
#include "sc-json.h"

struct _ScConnection
{
  GObject       parent_instance;

  char         *id;
  char         *name;
  char         *service;
  ScPermission  permission;
};

G_DEFINE_FINAL_TYPE (ScConnection, sc_connection, G_TYPE_OBJECT)

static void
sc_connection_finalize (GObject *object)
{
  ScConnection *self = SC_CONNECTION (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->service);
  G_OBJECT_CLASS (sc_connection_parent_class)->finalize (object);
}

static void
sc_connection_class_init (ScConnectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_connection_finalize;
}

static void
sc_connection_init (ScConnection *self)
{
  self->permission = SC_PERMISSION_NONE;
}

ScConnection *
sc_connection_new_from_json (JsonObject *object)
{
  ScConnection *self;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_CONNECTION, NULL);
  self->id = g_strdup (sc_json_get_string (object, "id"));
  self->name = g_strdup (sc_json_get_string (object, "name"));
  self->service = g_strdup (sc_json_get_string (object, "service"));
  if (!sc_permission_from_string (sc_json_get_string (object, "permission"), &self->permission))
    self->permission = SC_PERMISSION_NONE;
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_connection_get_##name (ScConnection *self) \
  { \
    g_return_val_if_fail (SC_IS_CONNECTION (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, name, NULL)
GETTER (const char *, service, NULL)
GETTER (ScPermission, permission, SC_PERMISSION_NONE)
