/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Schedule"

#include "config.h"

#include "sc-json.h"
#include "sc-schedule.h"
#include "sc-model.h"

struct _ScSchedule
{
  GObject      parent_instance;

  char        *id;
  char        *state;
  GDateTime   *run_at;
  char        *workflow_id;
  char        *workflow_name;
  char        *release_id;
  guint        release_version;
  char        *path_id;
  ScPathStage  source;
  ScPathStage  target;
  char        *approval_request_id;
  char        *requester_email;
};

G_DEFINE_FINAL_TYPE (ScSchedule, sc_schedule, G_TYPE_OBJECT)

static void
sc_schedule_finalize (GObject *object)
{
  ScSchedule *self = SC_SCHEDULE (object);

  g_free (self->id);
  g_free (self->state);
  g_clear_pointer (&self->run_at, g_date_time_unref);
  g_free (self->workflow_id);
  g_free (self->workflow_name);
  g_free (self->release_id);
  g_free (self->path_id);
  sc_path_stage_clear (&self->source);
  sc_path_stage_clear (&self->target);
  g_free (self->approval_request_id);
  g_free (self->requester_email);
  G_OBJECT_CLASS (sc_schedule_parent_class)->finalize (object);
}

static void
sc_schedule_class_init (ScScheduleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_schedule_finalize;
}

static void
sc_schedule_init (ScSchedule *self)
{
}

ScSchedule *
sc_schedule_new_from_json (JsonObject *object)
{
  ScSchedule *self;
  JsonObject *workflow, *release;
  const char *run_at;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  workflow = sc_json_get_object (object, "workflow");
  release = sc_json_get_object (object, "release");
  run_at = sc_json_get_string (object, "run_at");

  self = g_object_new (SC_TYPE_SCHEDULE, NULL);
  self->id = g_strdup (sc_json_get_string (object, "id"));
  self->state = g_strdup (sc_json_get_string (object, "state"));
  self->run_at = run_at != NULL ? sc_time_parse (run_at) : NULL;
  self->workflow_id = g_strdup (sc_json_get_string (workflow, "id"));
  self->workflow_name = g_strdup (sc_json_get_string (workflow, "name"));
  self->release_id = g_strdup (sc_json_get_string (release, "id"));
  self->release_version = (guint) CLAMP (sc_json_get_int (release, "version", 0), 0, G_MAXUINT);
  self->path_id = g_strdup (sc_json_get_string (sc_json_get_object (object, "path"), "id"));
  sc_path_stage_read (&self->source, sc_json_get_object (object, "source"));
  sc_path_stage_read (&self->target, sc_json_get_object (object, "target"));
  self->approval_request_id = g_strdup (sc_json_get_string (object, "approval_request_id"));
  self->requester_email = g_strdup (sc_json_get_string (sc_json_get_object (object, "requester"),
                                                        "email"));
  return self;
}

#define GETTER(type, name, fallback) \
  type \
  sc_schedule_get_##name (ScSchedule *self) \
  { \
    g_return_val_if_fail (SC_IS_SCHEDULE (self), fallback); \
    return self->name; \
  }

GETTER (const char *, id, NULL)
GETTER (const char *, state, NULL)
GETTER (GDateTime *, run_at, NULL)
GETTER (const char *, workflow_id, NULL)
GETTER (const char *, workflow_name, NULL)
GETTER (const char *, release_id, NULL)
GETTER (guint, release_version, 0)
GETTER (const char *, path_id, NULL)
GETTER (const char *, approval_request_id, NULL)
GETTER (const char *, requester_email, NULL)

const ScPathStage *
sc_schedule_get_source (ScSchedule *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULE (self), NULL);
  return &self->source;
}

const ScPathStage *
sc_schedule_get_target (ScSchedule *self)
{
  g_return_val_if_fail (SC_IS_SCHEDULE (self), NULL);
  return &self->target;
}
