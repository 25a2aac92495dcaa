/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-client-private.h"
#include "sc-json.h"
#include "sc-model.h"
#include "sc-models.h"
#include "sc-violations.h"

/* --- reading helpers ------------------------------------------------------ */

/* type prefix_get_name (Type *self): the field, @fallback for a wrong @self */
#define GETTER(Type, prefix, IS, type, name, field, fallback) \
  type \
  prefix##_get_##name (Type *self) \
  { \
    g_return_val_if_fail (IS (self), fallback); \
    return self->field; \
  }

static char *
dup_string (JsonObject *object,
            const char *member)
{
  return g_strdup (sc_json_get_string (object, member));
}

static guint
read_uint (JsonObject *object,
           const char *member)
{
  return (guint) CLAMP (sc_json_get_int (object, member, 0), 0, G_MAXUINT);
}

static GDateTime *
read_time (JsonObject *object,
           const char *member)
{
  const char *text = sc_json_get_string (object, member);

  return text != NULL ? sc_time_parse (text) : NULL;
}

void
sc_path_stage_clear (ScPathStage *stage)
{
  g_clear_pointer (&stage->tag, g_free);
  g_clear_pointer (&stage->org_id, g_free);
  g_clear_pointer (&stage->org_name, g_free);
}

void
sc_path_stage_read (ScPathStage *stage,
                 JsonObject  *object)
{
  stage->tag = dup_string (object, "tag");
  stage->org_id = dup_string (object, "org_id");
  stage->org_name = dup_string (object, "org_name");
  stage->soak_seconds = MAX (sc_json_get_int (object, "soak_seconds", 0), 0);
}

gpointer
sc_models_check (gpointer    model,
                 const char *what,
                 GError    **error)
{
  if (model == NULL)
    g_propagate_error (error, sc_client_parse_error (200, what));
  return model;
}

GListStore *
sc_models_read_list (JsonArray  *items,
                     GType       item_type,
                     gpointer  (*new_from_json) (JsonObject *object))
{
  GListStore *store = g_list_store_new (item_type);
  guint n = items != NULL ? json_array_get_length (items) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autoptr(GObject) item = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = new_from_json (json_node_get_object (node));
      if (item != NULL)
        g_list_store_append (store, item);
    }
  return store;
}

/* --- ScPromotionPath ------------------------------------------------------ */

struct _ScPromotionPath
{
  GObject  parent_instance;

  char    *id;
  char    *org_id;
  char    *name;
  char    *etag;
  GArray  *stages; /* ScPathStage */
};

G_DEFINE_FINAL_TYPE (ScPromotionPath, sc_promotion_path, G_TYPE_OBJECT)

static void
sc_promotion_path_finalize (GObject *object)
{
  ScPromotionPath *self = SC_PROMOTION_PATH (object);

  g_free (self->id);
  g_free (self->org_id);
  g_free (self->name);
  g_free (self->etag);
  g_array_unref (self->stages);
  G_OBJECT_CLASS (sc_promotion_path_parent_class)->finalize (object);
}

static void
sc_promotion_path_class_init (ScPromotionPathClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_promotion_path_finalize;
}

static void
sc_promotion_path_init (ScPromotionPath *self)
{
  self->stages = g_array_new (FALSE, TRUE, sizeof (ScPathStage));
  g_array_set_clear_func (self->stages, (GDestroyNotify) sc_path_stage_clear);
}

ScPromotionPath *
sc_promotion_path_new_from_json (JsonObject *object)
{
  ScPromotionPath *self;
  JsonArray *stages;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_PROMOTION_PATH, NULL);
  self->id = dup_string (object, "id");
  self->org_id = dup_string (object, "org_id");
  self->name = dup_string (object, "name");
  self->etag = dup_string (object, "etag");
  stages = sc_json_get_array (object, "stages");
  for (guint i = 0; stages != NULL && i < json_array_get_length (stages); i++)
    {
      JsonNode *node = json_array_get_element (stages, i);
      ScPathStage stage = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          sc_json_get_string (json_node_get_object (node), "tag") == NULL)
        continue;
      sc_path_stage_read (&stage, json_node_get_object (node));
      g_array_append_val (self->stages, stage);
    }
  return self;
}





GETTER (ScPromotionPath, sc_promotion_path, SC_IS_PROMOTION_PATH, const char *, id, id, NULL)
GETTER (ScPromotionPath, sc_promotion_path, SC_IS_PROMOTION_PATH, const char *, org_id, org_id, NULL)
GETTER (ScPromotionPath, sc_promotion_path, SC_IS_PROMOTION_PATH, const char *, name, name, NULL)
GETTER (ScPromotionPath, sc_promotion_path, SC_IS_PROMOTION_PATH, const char *, etag, etag, NULL)

guint
sc_promotion_path_get_n_stages (ScPromotionPath *self)
{
  g_return_val_if_fail (SC_IS_PROMOTION_PATH (self), 0);
  return self->stages->len;
}

const ScPathStage *
sc_promotion_path_get_stage (ScPromotionPath *self,
                             guint            index)
{
  g_return_val_if_fail (SC_IS_PROMOTION_PATH (self), NULL);
  g_return_val_if_fail (index < self->stages->len, NULL);
  return &g_array_index (self->stages, ScPathStage, index);
}

char *
sc_promotion_path_join_tags (ScPromotionPath *self,
                             const char      *separator)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (SC_IS_PROMOTION_PATH (self), NULL);

  for (guint i = 0; i < self->stages->len; i++)
    {
      if (i > 0)
        g_string_append (text, separator);
      g_string_append (text, g_array_index (self->stages, ScPathStage, i).tag);
    }
  return g_string_free (text, FALSE);
}

/* --- ScRelease ------------------------------------------------------------ */

struct _ScRelease
{
  GObject    parent_instance;

  char      *id;
  char      *workflow_id;
  guint      version;
  char      *notes;
  GDateTime *created_at;
  char      *origin_kind;
  guint      origin_version;
  char      *origin_org_name;
  char      *origin_stage;
  char      *origin_reason;
  char      *created_by_email;
  gboolean   blocked;
  char      *blocked_by_email;
  char      *blocked_reason;
};

G_DEFINE_FINAL_TYPE (ScRelease, sc_release, G_TYPE_OBJECT)

static void
sc_release_finalize (GObject *object)
{
  ScRelease *self = SC_RELEASE (object);

  g_free (self->id);
  g_free (self->workflow_id);
  g_free (self->notes);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->origin_kind);
  g_free (self->origin_org_name);
  g_free (self->origin_stage);
  g_free (self->origin_reason);
  g_free (self->created_by_email);
  g_free (self->blocked_by_email);
  g_free (self->blocked_reason);
  G_OBJECT_CLASS (sc_release_parent_class)->finalize (object);
}

static void
sc_release_class_init (ScReleaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_release_finalize;
}

static void
sc_release_init (ScRelease *self)
{
}

ScRelease *
sc_release_new_from_json (JsonObject *object)
{
  ScRelease *self;
  JsonObject *origin, *blocked;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_RELEASE, NULL);
  self->id = dup_string (object, "id");
  self->workflow_id = dup_string (object, "workflow_id");
  self->version = read_uint (object, "version");
  self->notes = dup_string (object, "notes");
  self->created_at = read_time (object, "created_at");
  origin = sc_json_get_object (object, "origin");
  self->origin_kind = dup_string (origin, "kind");
  self->origin_version = read_uint (origin, "version");
  self->origin_org_name = dup_string (sc_json_get_object (origin, "org"), "name");
  self->origin_stage = dup_string (origin, "stage");
  self->origin_reason = dup_string (origin, "reason");
  self->created_by_email = dup_string (sc_json_get_object (object, "created_by"), "email");
  /* "blocked": {by: {id, email}, reason, at} | null */
  blocked = sc_json_get_object (object, "blocked");
  self->blocked = blocked != NULL;
  self->blocked_by_email = dup_string (sc_json_get_object (blocked, "by"), "email");
  self->blocked_reason = dup_string (blocked, "reason");
  return self;
}

const char *
sc_release_get_origin (ScRelease   *self,
                       guint       *version,
                       const char **org_name,
                       const char **stage,
                       const char **reason)
{
  g_return_val_if_fail (SC_IS_RELEASE (self), NULL);

  if (version != NULL)
    *version = self->origin_version;
  if (org_name != NULL)
    *org_name = self->origin_org_name;
  if (stage != NULL)
    *stage = self->origin_stage;
  if (reason != NULL)
    *reason = self->origin_reason;
  return self->origin_kind;
}






GETTER (ScRelease, sc_release, SC_IS_RELEASE, const char *, id, id, NULL)
GETTER (ScRelease, sc_release, SC_IS_RELEASE, const char *, workflow_id, workflow_id, NULL)
GETTER (ScRelease, sc_release, SC_IS_RELEASE, guint, version, version, 0)
GETTER (ScRelease, sc_release, SC_IS_RELEASE, const char *, notes, notes, NULL)
GETTER (ScRelease, sc_release, SC_IS_RELEASE, GDateTime *, created_at, created_at, NULL)
GETTER (ScRelease, sc_release, SC_IS_RELEASE, const char *, created_by_email, created_by_email, NULL)

gboolean
sc_release_get_blocked (ScRelease   *self,
                        const char **by_email,
                        const char **reason)
{
  g_return_val_if_fail (SC_IS_RELEASE (self), FALSE);

  if (by_email != NULL)
    *by_email = self->blocked_by_email;
  if (reason != NULL)
    *reason = self->blocked_reason;
  return self->blocked;
}

/* --- ScApprovalRequest ---------------------------------------------------- */

struct _ScApprovalRequest
{
  GObject          parent_instance;

  char            *id;
  ScApprovalState  state;
  char            *workflow_id;
  char            *workflow_name;
  char            *release_id;
  guint            release_version;
  char            *path_id;
  char            *path_name;
  ScPathStage      source;
  ScPathStage      target;
  ScApprovalPerson requester;
  char            *message;
  GArray          *decisions;       /* of ScApprovalDecision */
  ScApprovalPerson *decide_on_behalf_of;
  char            *instructions;
  guint            required_approvals;
  guint            n_approvals;
  gboolean         can_decide;
  char            *cannot_decide_reason;
  gboolean         comment_required_approve;
  gboolean         comment_required_reject;
  GDateTime       *created_at;
  GDateTime       *expires_at;
};

G_DEFINE_FINAL_TYPE (ScApprovalRequest, sc_approval_request, G_TYPE_OBJECT)

static void
approval_person_clear (ScApprovalPerson *person)
{
  g_clear_pointer (&person->id, g_free);
  g_clear_pointer (&person->email, g_free);
  g_clear_pointer (&person->name, g_free);
}

void
sc_approval_person_free (ScApprovalPerson *person)
{
  if (person == NULL)
    return;
  approval_person_clear (person);
  g_free (person);
}

static void
approval_person_set (ScApprovalPerson *person,
                     JsonObject       *object)
{
  person->id = dup_string (object, "id");
  person->email = dup_string (object, "email");
  person->name = dup_string (object, "name");
}

ScApprovalPerson *
sc_approval_person_new_from_json (JsonObject *object)
{
  ScApprovalPerson *person;

  if (object == NULL)
    return NULL;
  person = g_new0 (ScApprovalPerson, 1);
  approval_person_set (person, object);
  return person;
}

static void
approval_decision_clear (gpointer data)
{
  ScApprovalDecision *decision = data;

  approval_person_clear (&decision->reviewer);
  g_clear_pointer (&decision->comment, g_free);
  g_clear_pointer (&decision->at, g_date_time_unref);
  g_clear_pointer (&decision->on_behalf_of, sc_approval_person_free);
}

/* The decisions of @array (nullable) that have a reviewer. */
static GArray *
approval_decisions_read (JsonArray *array)
{
  GArray *decisions = g_array_new (FALSE, TRUE, sizeof (ScApprovalDecision));
  guint n = array != NULL ? json_array_get_length (array) : 0;

  g_array_set_clear_func (decisions, approval_decision_clear);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *reviewer = sc_json_get_object (object, "reviewer");
      ScApprovalDecision decision = { { 0 }, SC_DECISION_REJECT, NULL, NULL, NULL };

      if (reviewer == NULL)
        continue;
      approval_person_set (&decision.reviewer, reviewer);
      sc_decision_from_string (sc_json_get_string (object, "decision"), &decision.decision);
      decision.comment = dup_string (object, "comment");
      decision.at = read_time (object, "at");
      decision.on_behalf_of = sc_approval_person_new_from_json (sc_json_get_object (object, "on_behalf_of"));
      g_array_append_val (decisions, decision);
    }
  return decisions;
}

static void
sc_approval_request_finalize (GObject *object)
{
  ScApprovalRequest *self = SC_APPROVAL_REQUEST (object);

  g_free (self->id);
  g_free (self->workflow_id);
  g_free (self->workflow_name);
  g_free (self->release_id);
  g_free (self->path_id);
  g_free (self->path_name);
  sc_path_stage_clear (&self->source);
  sc_path_stage_clear (&self->target);
  approval_person_clear (&self->requester);
  g_free (self->message);
  g_clear_pointer (&self->decisions, g_array_unref);
  g_clear_pointer (&self->decide_on_behalf_of, sc_approval_person_free);
  g_free (self->instructions);
  g_free (self->cannot_decide_reason);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  G_OBJECT_CLASS (sc_approval_request_parent_class)->finalize (object);
}

static void
sc_approval_request_class_init (ScApprovalRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_approval_request_finalize;
}

static void
sc_approval_request_init (ScApprovalRequest *self)
{
}

/* "approvals" where the answer counts them, else the approving "decisions"
 * (a request's full shape lists its decisions, not their count). */
static guint
count_approvals (JsonObject *request)
{
  JsonArray *decisions = sc_json_get_array (request, "decisions");
  guint approvals = 0;

  if (sc_json_get_member (request, "approvals") != NULL || decisions == NULL)
    return read_uint (request, "approvals");
  for (guint i = 0; i < json_array_get_length (decisions); i++)
    {
      JsonNode *node = json_array_get_element (decisions, i);
      ScDecision decision;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          sc_decision_from_string (sc_json_get_string (json_node_get_object (node), "decision"),
                                   &decision) &&
          decision == SC_DECISION_APPROVE)
        approvals++;
    }
  return approvals;
}

ScApprovalRequest *
sc_approval_request_new_from_json (JsonObject *object)
{
  ScApprovalRequest *self;
  JsonObject *workflow, *release, *path, *requester;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  workflow = sc_json_get_object (object, "workflow");
  release = sc_json_get_object (object, "release");
  path = sc_json_get_object (object, "path");
  requester = sc_json_get_object (object, "requester");

  self = g_object_new (SC_TYPE_APPROVAL_REQUEST, NULL);
  self->id = dup_string (object, "id");
  self->state = SC_APPROVAL_STATE_PENDING;
  sc_approval_state_from_string (sc_json_get_string (object, "state"), &self->state);
  self->workflow_id = dup_string (workflow, "id");
  self->workflow_name = dup_string (workflow, "name");
  self->release_id = dup_string (release, "id");
  self->release_version = read_uint (release, "version");
  self->path_id = dup_string (path, "id");
  self->path_name = dup_string (path, "name");
  sc_path_stage_read (&self->source, sc_json_get_object (object, "source"));
  sc_path_stage_read (&self->target, sc_json_get_object (object, "target"));
  approval_person_set (&self->requester, requester);
  self->message = dup_string (object, "message");
  self->decisions = approval_decisions_read (sc_json_get_array (object, "decisions"));
  self->decide_on_behalf_of = sc_approval_person_new_from_json (sc_json_get_object (object, "decide_on_behalf_of"));
  self->instructions = dup_string (object, "instructions");
  /* PRODUCT.md: N ≥ 1, default 1 */
  self->required_approvals = (guint) CLAMP (sc_json_get_int (object, "required_approvals", 1),
                                            1, G_MAXUINT);
  self->n_approvals = count_approvals (object);
  self->can_decide = sc_json_get_bool (object, "can_decide");
  self->cannot_decide_reason = dup_string (object, "cannot_decide_reason");
  self->comment_required_approve =
    sc_json_get_bool (sc_json_get_object (object, "comment_required"), "approve");
  self->comment_required_reject =
    sc_json_get_bool (sc_json_get_object (object, "comment_required"), "reject");
  self->created_at = read_time (object, "created_at");
  self->expires_at = read_time (object, "expires_at");
  return self;
}

gboolean
sc_approval_request_get_comment_required (ScApprovalRequest *self,
                                          ScDecision         decision)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REQUEST (self), FALSE);

  return decision == SC_DECISION_APPROVE ? self->comment_required_approve
                                         : self->comment_required_reject;
}

GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, id, id, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, ScApprovalState, state, state, SC_APPROVAL_STATE_PENDING)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, workflow_id, workflow_id, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, workflow_name, workflow_name, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, release_id, release_id, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, guint, release_version, release_version, 0)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, path_id, path_id, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, path_name, path_name, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, requester_id, requester.id, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, requester_email, requester.email, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, message, message, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, guint, required_approvals, required_approvals, 1)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, instructions, instructions, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const ScApprovalPerson *, decide_on_behalf_of, decide_on_behalf_of, NULL)

const ScApprovalPerson *
sc_approval_request_get_requester (ScApprovalRequest *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REQUEST (self), NULL);
  return &self->requester;
}

guint
sc_approval_request_get_n_decisions (ScApprovalRequest *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REQUEST (self), 0);
  return self->decisions->len;
}

const ScApprovalDecision *
sc_approval_request_get_decision (ScApprovalRequest *self,
                                  guint              index)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->decisions->len, NULL);
  return &g_array_index (self->decisions, ScApprovalDecision, index);
}

guint
sc_approval_request_count_decisions (ScApprovalRequest *self,
                                     ScDecision         decision)
{
  guint n = 0;

  g_return_val_if_fail (SC_IS_APPROVAL_REQUEST (self), 0);
  for (guint i = 0; i < self->decisions->len; i++)
    if (g_array_index (self->decisions, ScApprovalDecision, i).decision == decision)
      n++;
  return n;
}
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, guint, n_approvals, n_approvals, 0)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, gboolean, can_decide, can_decide, FALSE)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, const char *, cannot_decide_reason, cannot_decide_reason, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, GDateTime *, created_at, created_at, NULL)
GETTER (ScApprovalRequest, sc_approval_request, SC_IS_APPROVAL_REQUEST, GDateTime *, expires_at, expires_at, NULL)

const ScPathStage *
sc_approval_request_get_source (ScApprovalRequest *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REQUEST (self), NULL);
  return &self->source;
}

const ScPathStage *
sc_approval_request_get_target (ScApprovalRequest *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REQUEST (self), NULL);
  return &self->target;
}

/* --- ScOrg ---------------------------------------------------------------- */

struct _ScOrg
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  ScOrgType  type;
  ScRole     role;
  char      *etag;
  ScApprovalPolicy *policy;
};

G_DEFINE_FINAL_TYPE (ScOrg, sc_org, G_TYPE_OBJECT)

static void
sc_org_finalize (GObject *object)
{
  ScOrg *self = SC_ORG (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->etag);
  sc_approval_policy_free (self->policy);
  G_OBJECT_CLASS (sc_org_parent_class)->finalize (object);
}

static void
sc_org_class_init (ScOrgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_org_finalize;
}

static void
sc_org_init (ScOrg *self)
{
}

/* @node read over the defaults; the defaults alone when it does not read */
static ScApprovalPolicy *
read_policy (JsonNode *node)
{
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_steal_pointer (&policy);
  if (!sc_approval_policy_merge_json (policy, node, "approval_policy.", violations, &error) ||
      violations->len > 0)
    {
      g_debug ("The org's approval policy does not read: %s",
               error != NULL ? error->message : "a value is invalid");
      return sc_approval_policy_new_default ();
    }
  return g_steal_pointer (&policy);
}

ScOrg *
sc_org_new_from_json (JsonObject *object)
{
  ScOrg *self;

  if (sc_json_get_string (object, "id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_ORG, NULL);
  self->id = dup_string (object, "id");
  self->name = dup_string (object, "name");
  sc_org_type_from_string (sc_json_get_string (object, "type"), &self->type);
  sc_role_from_string (sc_json_get_string (object, "role"), &self->role);
  self->etag = dup_string (object, "etag");
  self->policy = read_policy (sc_json_get_member (object, "approval_policy"));
  return self;
}

GETTER (ScOrg, sc_org, SC_IS_ORG, const char *, id, id, NULL)
GETTER (ScOrg, sc_org, SC_IS_ORG, const char *, name, name, NULL)
GETTER (ScOrg, sc_org, SC_IS_ORG, ScOrgType, org_type, type, SC_ORG_TYPE_NONE)
GETTER (ScOrg, sc_org, SC_IS_ORG, ScRole, role, role, SC_ROLE_NONE)
GETTER (ScOrg, sc_org, SC_IS_ORG, const char *, etag, etag, NULL)

const ScApprovalPolicy *
sc_org_get_approval_policy (ScOrg *self)
{
  g_return_val_if_fail (SC_IS_ORG (self), NULL);
  return self->policy;
}

/* --- ScMember ------------------------------------------------------------- */

struct _ScMember
{
  GObject  parent_instance;

  char    *user_id;
  char    *email;
  char    *name;
  ScRole   role;
};

G_DEFINE_FINAL_TYPE (ScMember, sc_member, G_TYPE_OBJECT)

static void
sc_member_finalize (GObject *object)
{
  ScMember *self = SC_MEMBER (object);

  g_free (self->user_id);
  g_free (self->email);
  g_free (self->name);
  G_OBJECT_CLASS (sc_member_parent_class)->finalize (object);
}

static void
sc_member_class_init (ScMemberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_member_finalize;
}

static void
sc_member_init (ScMember *self)
{
}

ScMember *
sc_member_new_from_json (JsonObject *object)
{
  ScMember *self;

  if (sc_json_get_string (object, "user_id") == NULL)
    return NULL;

  self = g_object_new (SC_TYPE_MEMBER, NULL);
  self->user_id = dup_string (object, "user_id");
  self->email = dup_string (object, "email");
  self->name = dup_string (object, "name");
  sc_role_from_string (sc_json_get_string (object, "role"), &self->role);
  return self;
}

GETTER (ScMember, sc_member, SC_IS_MEMBER, const char *, user_id, user_id, NULL)
GETTER (ScMember, sc_member, SC_IS_MEMBER, const char *, email, email, NULL)
GETTER (ScMember, sc_member, SC_IS_MEMBER, const char *, name, name, NULL)
GETTER (ScMember, sc_member, SC_IS_MEMBER, ScRole, role, role, SC_ROLE_NONE)
