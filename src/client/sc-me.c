/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-me.h"
#include "sc-membership.h"
#include "sc-models.h"

struct _ScMe
{
  GObject     parent_instance;

  char       *id;
  char       *email;
  char       *name;
  GListStore *memberships; /* ScMembership */
};

G_DEFINE_FINAL_TYPE (ScMe, sc_me, G_TYPE_OBJECT)

static void
sc_me_finalize (GObject *object)
{
  ScMe *self = SC_ME (object);

  g_free (self->id);
  g_free (self->email);
  g_free (self->name);
  g_clear_object (&self->memberships);
  G_OBJECT_CLASS (sc_me_parent_class)->finalize (object);
}

static void
sc_me_class_init (ScMeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_me_finalize;
}

static void
sc_me_init (ScMe *self)
{
}

ScMe *
sc_me_new_from_json (JsonObject *object)
{
  ScMe *self;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_ME, NULL);
  self->id = g_strdup (sc_json_get_string (object, "id"));
  self->email = g_strdup (sc_json_get_string (object, "email"));
  self->name = g_strdup (sc_json_get_string (object, "name"));
  self->memberships = sc_models_read_list (sc_json_get_array (object, "memberships"),
                                           SC_TYPE_MEMBERSHIP,
                                           (gpointer) sc_membership_new_from_json);
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_me_get_##name (ScMe *self) \
  { \
    g_return_val_if_fail (SC_IS_ME (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, email, NULL)
GETTER (const char *, name, NULL)

GListModel *
sc_me_get_memberships (ScMe *self)
{
  g_return_val_if_fail (SC_IS_ME (self), NULL);
  return G_LIST_MODEL (self->memberships);
}
