/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-delegation.h"
#include "sc-json.h"
#include "sc-model.h"

struct _ScDelegation
{
  GObject    parent_instance;

  char      *id;
  char      *org_id;
  char      *delegator_id;
  char      *delegator_email;
  char      *delegator_name;
  char      *delegate_id;
  char      *delegate_email;
  char      *delegate_name;
  GDateTime *from;
  GDateTime *until;
  GDateTime *created_at;
};

G_DEFINE_FINAL_TYPE (ScDelegation, sc_delegation, G_TYPE_OBJECT)

static void
sc_delegation_finalize (GObject *object)
{
  ScDelegation *self = SC_DELEGATION (object);

  g_free (self->id);
  g_free (self->org_id);
  g_free (self->delegator_id);
  g_free (self->delegator_email);
  g_free (self->delegator_name);
  g_free (self->delegate_id);
  g_free (self->delegate_email);
  g_free (self->delegate_name);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->until, g_date_time_unref);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  G_OBJECT_CLASS (sc_delegation_parent_class)->finalize (object);
}

static void
sc_delegation_class_init (ScDelegationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_delegation_finalize;
}

static void
sc_delegation_init (ScDelegation *self)
{
}

static GDateTime *
read_time (JsonObject *object,
           const char *member)
{
  const char *text = sc_json_get_string (object, member);

  return text != NULL ? sc_time_parse (text) : NULL;
}

ScDelegation *
sc_delegation_new_from_json (JsonObject *object)
{
  ScDelegation *self;
  JsonObject *delegator, *delegate;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  delegator = sc_json_get_object (object, "delegator");
  delegate = sc_json_get_object (object, "delegate");
  self = g_object_new (SC_TYPE_DELEGATION, NULL);
  self->id = g_strdup (sc_json_get_string (object, "id"));
  self->org_id = g_strdup (sc_json_get_string (object, "org_id"));
  self->delegator_id = g_strdup (sc_json_get_string (delegator, "id"));
  self->delegator_email = g_strdup (sc_json_get_string (delegator, "email"));
  self->delegator_name = g_strdup (sc_json_get_string (delegator, "name"));
  self->delegate_id = g_strdup (sc_json_get_string (delegate, "id"));
  self->delegate_email = g_strdup (sc_json_get_string (delegate, "email"));
  self->delegate_name = g_strdup (sc_json_get_string (delegate, "name"));
  self->from = read_time (object, "from");
  self->until = read_time (object, "until");
  self->created_at = read_time (object, "created_at");
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_delegation_get_##name (ScDelegation *self) \
  { \
    g_return_val_if_fail (SC_IS_DELEGATION (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, org_id, NULL)
GETTER (const char *, delegator_id, NULL)
GETTER (const char *, delegator_email, NULL)
GETTER (const char *, delegator_name, NULL)
GETTER (const char *, delegate_id, NULL)
GETTER (const char *, delegate_email, NULL)
GETTER (const char *, delegate_name, NULL)
GETTER (GDateTime *, from, NULL)
GETTER (GDateTime *, until, NULL)
GETTER (GDateTime *, created_at, NULL)
