/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-membership.h"

struct _ScMembership
{
  GObject  parent_instance;

  char    *org_id;
  char    *org_name;
  ScRole   role;
};

G_DEFINE_FINAL_TYPE (ScMembership, sc_membership, G_TYPE_OBJECT)

static void
sc_membership_finalize (GObject *object)
{
  ScMembership *self = SC_MEMBERSHIP (object);

  g_free (self->org_id);
  g_free (self->org_name);
  G_OBJECT_CLASS (sc_membership_parent_class)->finalize (object);
}

static void
sc_membership_class_init (ScMembershipClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_membership_finalize;
}

static void
sc_membership_init (ScMembership *self)
{
  self->role = SC_ROLE_NONE;
}

ScMembership *
sc_membership_new_from_json (JsonObject *object)
{
  ScMembership *self;

  if (sc_json_get_string (object, "org_id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_MEMBERSHIP, NULL);
  self->org_id = g_strdup (sc_json_get_string (object, "org_id"));
  self->org_name = g_strdup (sc_json_get_string (object, "org_name"));
  if (!sc_role_from_string (sc_json_get_string (object, "role"), &self->role))
    self->role = SC_ROLE_NONE;
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_membership_get_##name (ScMembership *self) \
  { \
    g_return_val_if_fail (SC_IS_MEMBERSHIP (self), fallback); \
    return self->name; \
  }

GETTER (const char *, org_id, NULL)
GETTER (const char *, org_name, NULL)
GETTER (ScRole, role, SC_ROLE_NONE)
