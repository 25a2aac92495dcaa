/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-model.h"
#include "sc-promotion-record.h"

struct _ScPromotionRecord
{
  GObject      parent_instance;

  char        *id;
  gboolean     rollback;
  char        *workflow_id;
  char        *path_id;
  char        *release_id;
  guint        release_version;
  ScPathStage  source;
  ScPathStage  target;
  char        *target_workflow_id;
  gboolean     created_new;
  char        *actor_email;
  gboolean     succeeded;
  char        *error_code;
  char        *error_message;
  char        *reason;
  GDateTime   *at;
};

G_DEFINE_FINAL_TYPE (ScPromotionRecord, sc_promotion_record, G_TYPE_OBJECT)

static char *
dup_string (JsonObject *object,
            const char *member)
{
  return g_strdup (sc_json_get_string (object, member));
}

static void
stage_read (ScPathStage *stage,
            JsonObject  *object)
{
  stage->tag = dup_string (object, "tag");
  stage->org_id = dup_string (object, "org_id");
  stage->org_name = dup_string (object, "org_name");
}

static void
stage_clear (ScPathStage *stage)
{
  g_clear_pointer (&stage->tag, g_free);
  g_clear_pointer (&stage->org_id, g_free);
  g_clear_pointer (&stage->org_name, g_free);
}

static void
sc_promotion_record_finalize (GObject *object)
{
  ScPromotionRecord *self = SC_PROMOTION_RECORD (object);

  g_free (self->id);
  g_free (self->workflow_id);
  g_free (self->path_id);
  g_free (self->release_id);
  stage_clear (&self->source);
  stage_clear (&self->target);
  g_free (self->target_workflow_id);
  g_free (self->actor_email);
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self->reason);
  g_clear_pointer (&self->at, g_date_time_unref);

  G_OBJECT_CLASS (sc_promotion_record_parent_class)->finalize (object);
}

static void
sc_promotion_record_class_init (ScPromotionRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_promotion_record_finalize;
}

static void
sc_promotion_record_init (ScPromotionRecord *self)
{
}

ScPromotionRecord *
sc_promotion_record_new_from_json (JsonObject *object)
{
  ScPromotionRecord *self;
  JsonObject *release, *error;
  const char *at;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_PROMOTION_RECORD, NULL);
  self->id = dup_string (object, "id");
  self->rollback = g_strcmp0 (sc_json_get_string (object, "kind"), "rollback") == 0;
  self->workflow_id = dup_string (object, "workflow_id");
  self->path_id = dup_string (object, "path_id");
  release = sc_json_get_object (object, "release");
  self->release_id = dup_string (release, "id");
  self->release_version = (guint) CLAMP (sc_json_get_int (release, "version", 0), 0, G_MAXUINT);
  stage_read (&self->source, sc_json_get_object (object, "source"));
  stage_read (&self->target, sc_json_get_object (object, "target"));
  self->target_workflow_id = dup_string (object, "target_workflow_id");
  self->created_new = sc_json_get_bool (object, "created_new");
  self->actor_email = dup_string (sc_json_get_object (object, "actor"), "email");
  self->succeeded = g_strcmp0 (sc_json_get_string (object, "outcome"), "succeeded") == 0;
  error = sc_json_get_object (object, "error");
  self->error_code = dup_string (error, "code");
  self->error_message = dup_string (error, "message");
  self->reason = dup_string (object, "reason");
  at = sc_json_get_string (object, "at");
  self->at = at != NULL ? sc_time_parse (at) : NULL;
  return self;
}

#define GETTER(type, name, field, fallback) \
  type \
  sc_promotion_record_get_##name (ScPromotionRecord *self) \
  { \
    g_return_val_if_fail (SC_IS_PROMOTION_RECORD (self), fallback); \
    return (field); \
  }

GETTER (const char *, id, self->id, NULL)
GETTER (const char *, workflow_id, self->workflow_id, NULL)
GETTER (const char *, path_id, self->path_id, NULL)
GETTER (const char *, release_id, self->release_id, NULL)
GETTER (guint, release_version, self->release_version, 0)
GETTER (const ScPathStage *, source, &self->source, NULL)
GETTER (const ScPathStage *, target, &self->target, NULL)
GETTER (const char *, target_workflow_id, self->target_workflow_id, NULL)
GETTER (gboolean, created_new, self->created_new, FALSE)
GETTER (const char *, actor_email, self->actor_email, NULL)
GETTER (gboolean, succeeded, self->succeeded, FALSE)
GETTER (const char *, reason, self->reason, NULL)
GETTER (GDateTime *, at, self->at, NULL)

gboolean
sc_promotion_record_is_rollback (ScPromotionRecord *self)
{
  g_return_val_if_fail (SC_IS_PROMOTION_RECORD (self), FALSE);
  return self->rollback;
}

const char *
sc_promotion_record_get_error (ScPromotionRecord  *self,
                               const char        **message)
{
  g_return_val_if_fail (SC_IS_PROMOTION_RECORD (self), NULL);

  if (message != NULL)
    *message = self->error_message;
  return self->error_code;
}
