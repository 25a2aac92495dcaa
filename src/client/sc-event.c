/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Event"

#include "config.h"

#include "sc-event.h"
#include "sc-json.h"

struct _ScEvent
{
  GObject           parent_instance;

  char             *id;
  ScEventKind       kind;
  char             *approval_request_id;
  char             *workflow_name;
  guint             release_version;
  char             *target_tag;
  char             *target_org_name;
  gboolean          has_state;
  ScApprovalState   state;
  ScApprovalPerson *requester;
  ScApprovalPerson *reviewer;
  ScApprovalPerson *actor;
  gboolean          failed;
  char             *rule;
};

G_DEFINE_FINAL_TYPE (ScEvent, sc_event, G_TYPE_OBJECT)

static const struct {
  const char  *name;
  ScEventKind  kind;
} kinds[] = {
  { "approval_requested", SC_EVENT_KIND_APPROVAL_REQUESTED },
  { "approval_decided", SC_EVENT_KIND_APPROVAL_DECIDED },
  { "approval_updated", SC_EVENT_KIND_APPROVAL_UPDATED },
  { "promotion_completed", SC_EVENT_KIND_PROMOTION_COMPLETED },
  { "schedule_completed", SC_EVENT_KIND_SCHEDULE_COMPLETED },
};

static void
sc_event_finalize (GObject *object)
{
  ScEvent *self = SC_EVENT (object);

  g_free (self->id);
  g_free (self->approval_request_id);
  g_free (self->workflow_name);
  g_free (self->target_tag);
  g_free (self->target_org_name);
  g_clear_pointer (&self->requester, sc_approval_person_free);
  g_clear_pointer (&self->reviewer, sc_approval_person_free);
  g_clear_pointer (&self->actor, sc_approval_person_free);
  g_free (self->rule);
  G_OBJECT_CLASS (sc_event_parent_class)->finalize (object);
}

static void
sc_event_class_init (ScEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_event_finalize;
}

static void
sc_event_init (ScEvent *self)
{
}

ScEvent *
sc_event_new_from_json (JsonObject *object)
{
  ScEvent *self;
  JsonObject *data, *target;
  const char *kind, *workflow_name;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_EVENT, NULL);
  self->id = g_strdup (sc_json_get_string (object, "id"));
  data = sc_json_get_object (object, "data");
  if (data == NULL)
    return self;

  kind = sc_json_get_string (object, "kind");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].name) == 0)
      self->kind = kinds[i].kind;
  self->approval_request_id = g_strdup (sc_json_get_string (data, "approval_request_id"));
  workflow_name = sc_json_get_string (sc_json_get_object (data, "workflow"), "name");
  self->workflow_name = g_strdup (workflow_name != NULL ? workflow_name
                                                        : sc_json_get_string (data, "workflow_name"));
  self->release_version = (guint) CLAMP (sc_json_get_int (sc_json_get_object (data, "release"),
                                                          "version", 0), 0, G_MAXUINT);
  target = sc_json_get_object (data, "target");
  self->target_tag = g_strdup (sc_json_get_string (target, "tag"));
  self->target_org_name = g_strdup (sc_json_get_string (target, "org_name"));
  self->has_state = sc_approval_state_from_string (sc_json_get_string (data, "state"), &self->state);
  self->requester = sc_approval_person_new_from_json (sc_json_get_object (data, "requester"));
  self->reviewer = sc_approval_person_new_from_json (sc_json_get_object (data, "reviewer"));
  self->actor = sc_approval_person_new_from_json (sc_json_get_object (data, "actor"));
  self->failed = g_strcmp0 (sc_json_get_string (data, "outcome"), "failed") == 0;
  self->rule = g_strdup (sc_json_get_string (data, "rule"));
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_event_get_##name (ScEvent *self) \
  { \
    g_return_val_if_fail (SC_IS_EVENT (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (ScEventKind, kind, SC_EVENT_KIND_UNKNOWN)
GETTER (const char *, approval_request_id, NULL)
GETTER (const char *, workflow_name, NULL)
GETTER (guint, release_version, 0)
GETTER (const char *, target_tag, NULL)
GETTER (const char *, target_org_name, NULL)
GETTER (const ScApprovalPerson *, requester, NULL)
GETTER (const ScApprovalPerson *, reviewer, NULL)
GETTER (const ScApprovalPerson *, actor, NULL)
GETTER (gboolean, failed, FALSE)
GETTER (const char *, rule, NULL)

gboolean
sc_event_get_state (ScEvent         *self,
                    ScApprovalState *state)
{
  g_return_val_if_fail (SC_IS_EVENT (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  if (self->has_state)
    *state = self->state;
  return self->has_state;
}
