/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-decision-result.h"

struct _ScDecisionResult
{
  GObject            parent_instance;

  char              *request_id;
  ScDecision         decision;
  ScApprovalRequest *request;   /* nullable */
  GError            *error;     /* nullable: done */
};

G_DEFINE_FINAL_TYPE (ScDecisionResult, sc_decision_result, G_TYPE_OBJECT)

static void
sc_decision_result_finalize (GObject *object)
{
  ScDecisionResult *self = SC_DECISION_RESULT (object);

  g_free (self->request_id);
  g_clear_object (&self->request);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (sc_decision_result_parent_class)->finalize (object);
}

static void
sc_decision_result_class_init (ScDecisionResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_decision_result_finalize;
}

static void
sc_decision_result_init (ScDecisionResult *self)
{
}

ScDecisionResult *
sc_decision_result_new (const char   *request_id,
                        ScDecision    decision,
                        JsonObject   *answer,
                        const GError *error)
{
  ScDecisionResult *self;

  if (request_id == NULL || (answer == NULL && error == NULL))
    return NULL;

  self = g_object_new (SC_TYPE_DECISION_RESULT, NULL);
  self->request_id = g_strdup (request_id);
  self->decision = decision;
  if (error != NULL)
    self->error = g_error_copy (error);
  else
    self->request = sc_approval_request_new_from_json (answer);
  return self;
}

#define GETTER(type, name, value, fallback) \
  type \
  sc_decision_result_get_##name (ScDecisionResult *self) \
  { \
    g_return_val_if_fail (SC_IS_DECISION_RESULT (self), fallback); \
    return value; \
  }

GETTER (const char *, request_id, self->request_id, NULL)
GETTER (ScDecision, decision, self->decision, SC_DECISION_REJECT)
GETTER (gboolean, done, self->error == NULL, FALSE)
GETTER (ScApprovalRequest *, request, self->request, NULL)
GETTER (const GError *, error, self->error, NULL)
