/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-audit-event.h"
#include "sc-json.h"
#include "sc-model.h"

struct _ScAuditEvent
{
  GObject    parent_instance;

  char      *id;
  char      *action;
  char      *actor_id;
  char      *actor_email;
  char      *target_type;
  char      *target_id;
  GDateTime *at;
};

G_DEFINE_FINAL_TYPE (ScAuditEvent, sc_audit_event, G_TYPE_OBJECT)

static void
sc_audit_event_finalize (GObject *object)
{
  ScAuditEvent *self = SC_AUDIT_EVENT (object);

  g_free (self->id);
  g_free (self->action);
  g_free (self->actor_id);
  g_free (self->actor_email);
  g_free (self->target_type);
  g_free (self->target_id);
  g_clear_pointer (&self->at, g_date_time_unref);
  G_OBJECT_CLASS (sc_audit_event_parent_class)->finalize (object);
}

static void
sc_audit_event_class_init (ScAuditEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_audit_event_finalize;
}

static void
sc_audit_event_init (ScAuditEvent *self)
{
}

ScAuditEvent *
sc_audit_event_new_from_json (JsonObject *object)
{
  ScAuditEvent *self;
  JsonObject *actor;
  JsonObject *target;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  actor = sc_json_get_object (object, "actor");
  target = sc_json_get_object (object, "target");
  self = g_object_new (SC_TYPE_AUDIT_EVENT, NULL);
  self->id = g_strdup (sc_json_get_string (object, "id"));
  self->action = g_strdup (sc_json_get_string (object, "action"));
  self->actor_id = g_strdup (sc_json_get_string (actor, "id"));
  self->actor_email = g_strdup (sc_json_get_string (actor, "email"));
  self->target_type = g_strdup (sc_json_get_string (target, "type"));
  self->target_id = g_strdup (sc_json_get_string (target, "id"));
  self->at = sc_time_parse (sc_json_get_string (object, "at"));
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_audit_event_get_##name (ScAuditEvent *self) \
  { \
    g_return_val_if_fail (SC_IS_AUDIT_EVENT (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, action, NULL)
GETTER (const char *, actor_id, NULL)
GETTER (const char *, actor_email, NULL)
GETTER (const char *, target_type, NULL)
GETTER (const char *, target_id, NULL)
GETTER (GDateTime *, at, NULL)
