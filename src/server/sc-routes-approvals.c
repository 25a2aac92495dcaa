/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-clock.h"
#include "sc-promotion.h"
#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-store-approvals.h"
#include "sc-store-orgs.h"
#include "sc-store-review.h"

/* Approval requests: POST/GET /approval-requests, GET /approval-requests/{id},
 * POST /approval-requests/{id}/decisions and /cancel.
 *
 * A request is visible to its requester and to the target org's admins and
 * holders of one of the reviewer roles of that org's policy; everyone else
 * gets 404. Its "state" in answers is the effective one: a pending or
 * approved request past its expiry is "expired". Writes read the request,
 * judge it and write inside one transaction, with their audit event and the
 * /events notifications; the long polls are woken after the commit. */

#define MAX_MESSAGE_LENGTH 2000

static const char *
string_member (JsonObject *object,
               const char *path) /* "target.org_id" */
{
  const char *dot = strchr (path, '.');

  if (dot != NULL)
    {
      g_autofree char *head = g_strndup (path, dot - path);

      return string_member (json_object_get_object_member (object, head), dot + 1);
    }
  if (!json_object_has_member (object, path) || json_object_get_null_member (object, path))
    return NULL;
  return json_object_get_string_member (object, path);
}

/* --- the facts the rules judge -------------------------------------------- */

typedef struct {
  ScApprovalState  state;
  GDateTime       *expires_at;
  GPtrArray       *approver_ids; /* NULL-terminated */
  GPtrArray       *decided_ids;  /* NULL-terminated */
  ScRequestFacts   facts;
} Facts;

static void
facts_clear (Facts *f)
{
  g_clear_pointer (&f->expires_at, g_date_time_unref);
  g_clear_pointer (&f->approver_ids, g_ptr_array_unref);
  g_clear_pointer (&f->decided_ids, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Facts, facts_clear)

/* @request (the store's shape) as ScRequestFacts; the strings stay owned by
 * @request. */
static void
facts_init (Facts      *f,
            JsonObject *request)
{
  JsonArray *decisions = json_object_get_array_member (request, "decisions");

  memset (f, 0, sizeof *f);
  if (!sc_approval_state_from_string (string_member (request, "state"), &f->state))
    f->state = SC_APPROVAL_STATE_PENDING;
  f->expires_at = sc_time_parse (string_member (request, "expires_at"));
  f->approver_ids = g_ptr_array_new ();
  f->decided_ids = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (decisions); i++)
    {
      JsonObject *decision = json_array_get_object_element (decisions, i);
      const char *reviewer_id = string_member (decision, "reviewer.id");
      JsonNode *behalf = json_object_get_member (decision, "on_behalf_of");
      const char *on_behalf_of = behalf != NULL && JSON_NODE_HOLDS_OBJECT (behalf)
                                 ? string_member (decision, "on_behalf_of.id") : NULL;

      /* a delegate's decision is the delegator's: neither decides again,
       * and it counts once */
      g_ptr_array_add (f->decided_ids, (gpointer) reviewer_id);
      if (on_behalf_of != NULL)
        g_ptr_array_add (f->decided_ids, (gpointer) on_behalf_of);
      if (g_strcmp0 (string_member (decision, "decision"), "approve") == 0)
        g_ptr_array_add (f->approver_ids,
                         (gpointer) (on_behalf_of != NULL ? on_behalf_of : reviewer_id));
    }
  g_ptr_array_add (f->approver_ids, NULL);
  g_ptr_array_add (f->decided_ids, NULL);

  f->facts.state = f->state;
  f->facts.requester_id = string_member (request, "requester.id");
  f->facts.expires_at = f->expires_at;
  f->facts.required_approvals = json_object_get_int_member (request, "required_approvals");
  f->facts.approver_ids = (const char * const *) f->approver_ids->pdata;
  f->facts.decided_ids = (const char * const *) f->decided_ids->pdata;
}

static ScApprovalState
effective_state (const Facts *f)
{
  g_autoptr(GDateTime) now = sc_clock_now_utc ();

  return sc_rules_effective_state (f->state, f->expires_at, now);
}

/* Whether the caller holds a delegation in the target org (from anyone:
 * whether it lets them decide is the rule's business). */
static gboolean
holds_delegation (ScRequest   *req,
                  const char  *org_id,
                  gboolean    *holds,
                  GError     **error)
{
  g_autoptr(JsonArray) delegations = NULL;

  *holds = FALSE;
  if (sc_request_role (req, org_id) == SC_ROLE_NONE)
    return TRUE;
  delegations = sc_store_list_delegations_to (req->store, org_id, req->user_id, error);
  if (delegations == NULL)
    return FALSE;
  *holds = json_array_get_length (delegations) > 0;
  return TRUE;
}

/* The requester, the target org's admins and its reviewers may see it, and
 * members a reviewer named their delegate. */
static gboolean
may_see (ScRequest              *req,
         JsonObject             *request,
         const ScApprovalPolicy *policy,
         ScRole                  role)
{
  gboolean holds = FALSE;

  if (g_strcmp0 (string_member (request, "requester.id"), req->user_id) == 0 ||
      role == SC_ROLE_ADMIN ||
      sc_approval_policy_has_role (policy, role))
    return TRUE;
  /* a store error here only hides the request: the caller sees 404 */
  return holds_delegation (req, string_member (request, "target.org_id"), &holds, NULL) && holds;
}

/* May the caller decide — in their own name, or else in the place of a
 * reviewer who named them their delegate (sc_rules_check_delegated_decision)?
 * @on_behalf_of (out) that reviewer as {id, email, name}, NULL for the
 * caller's own decision. @violations: why not (those of a delegation when
 * the caller holds one, else their own). FALSE with @error on a store
 * error. */
static gboolean
judge_decision (ScRequest               *req,
                JsonObject              *request,
                const ScApprovalPolicy  *policy,
                ScRole                   role,
                const ScRequestFacts    *facts,
                GDateTime               *now,
                gboolean                *may_decide,
                JsonObject             **on_behalf_of,
                GPtrArray               *violations,
                GError                 **error)
{
  const char *org_id = string_member (request, "target.org_id");
  g_autoptr(GPtrArray) own = sc_violations_new ();
  g_autoptr(GPtrArray) delegated = NULL;
  g_autoptr(JsonArray) delegations = NULL;
  g_autoptr(GHashTable) roles = NULL;

  *may_decide = FALSE;
  *on_behalf_of = NULL;
  if (sc_rules_check_decision (policy, facts, req->user_id, role, now, own))
    {
      *may_decide = TRUE;
      return TRUE;
    }

  if (role != SC_ROLE_NONE)
    {
      delegations = sc_store_list_delegations_to (req->store, org_id, req->user_id, error);
      if (delegations == NULL)
        return FALSE;
    }
  for (guint i = 0; delegations != NULL && i < json_array_get_length (delegations); i++)
    {
      JsonObject *delegation = json_array_get_object_element (delegations, i);
      JsonObject *delegator = json_object_get_object_member (delegation, "delegator");
      g_autoptr(GPtrArray) these = sc_violations_new ();
      g_autoptr(GDateTime) from = sc_time_parse (string_member (delegation, "from"));
      g_autoptr(GDateTime) until = sc_time_parse (string_member (delegation, "until"));
      ScDelegationFacts delegation_facts = { 0 };
      ScRole delegator_role = SC_ROLE_NONE;

      if (roles == NULL)
        {
          roles = sc_store_get_member_roles (req->store, org_id, error);
          if (roles == NULL)
            return FALSE;
        }
      sc_role_from_string (g_hash_table_lookup (roles, string_member (delegator, "id")),
                           &delegator_role);

      delegation_facts.delegator_id = string_member (delegator, "id");
      delegation_facts.delegator_name = string_member (delegator, "email");
      delegation_facts.delegator_role = delegator_role;
      delegation_facts.from = from;
      delegation_facts.until = until;
      if (sc_rules_check_delegated_decision (policy, facts, req->user_id, &delegation_facts, now,
                                             these))
        {
          *may_decide = TRUE;
          *on_behalf_of = json_object_ref (delegator);
          return TRUE;
        }
      if (delegated == NULL)
        delegated = g_steal_pointer (&these);
    }

  g_ptr_array_extend_and_steal (violations, delegated != NULL ? g_steal_pointer (&delegated)
                                                              : g_steal_pointer (&own));
  return TRUE;
}

/* Turns the store's request into the answer for the caller: the effective
 * state, can_decide and cannot_decide_reason. */
static void
complete_view (ScRequest              *req,
               JsonObject             *request,
               const ScApprovalPolicy *policy,
               ScRole                  role)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_auto(Facts) f = { 0 };
  JsonObject *comment_required = json_object_new ();
  gboolean can_decide;

  g_autoptr(JsonObject) on_behalf_of = NULL;
  g_autoptr(GError) error = NULL;

  facts_init (&f, request);
  /* a client deciding without a form (a notification's Approve) asks first
   * when the policy wants a comment */
  json_object_set_boolean_member (comment_required, "approve",
                                  sc_rules_decision_needs_comment (policy, SC_DECISION_APPROVE));
  json_object_set_boolean_member (comment_required, "reject",
                                  sc_rules_decision_needs_comment (policy, SC_DECISION_REJECT));
  json_object_set_object_member (request, "comment_required", comment_required);
  json_object_set_string_member (request, "state",
                                 sc_approval_state_to_string (effective_state (&f)));

  if (!judge_decision (req, request, policy, role, &f.facts, now, &can_decide, &on_behalf_of,
                       violations, &error))
    {
      g_warning ("Cannot judge a decision on %s: %s", string_member (request, "id"),
                 error->message);
      can_decide = sc_rules_check_decision (policy, &f.facts, req->user_id, role, now,
                                            violations);
    }
  json_object_set_boolean_member (request, "can_decide", can_decide);
  if (can_decide)
    json_object_set_null_member (request, "cannot_decide_reason");
  else
    json_object_set_string_member (request, "cannot_decide_reason",
                                   sc_violations_first_reason (violations));
  /* the caller would decide in this reviewer's place */
  if (on_behalf_of != NULL)
    json_object_set_object_member (request, "decide_on_behalf_of",
                                   g_steal_pointer (&on_behalf_of));
  else
    json_object_set_null_member (request, "decide_on_behalf_of");

  /* what the target org's policy tells its reviewers */
  if (policy->instructions != NULL)
    json_object_set_string_member (request, "instructions", policy->instructions);
  else
    json_object_set_null_member (request, "instructions");
  json_object_set_boolean_member (request, "comment_required_to_reject",
                                  sc_rules_decision_needs_comment (policy, SC_DECISION_REJECT));
  json_object_set_boolean_member (request, "comment_required_to_approve",
                                  sc_rules_decision_needs_comment (policy, SC_DECISION_APPROVE));
}

/* --- shared steps of the handlers ---------------------------------------- */

/* Rolls back and answers @error (when the handler has not answered yet). */
static void
fail (ScRequest    *req,
      const GError *error)
{
  sc_request_rollback (req, error, _("Approval request"));
}

/* Reads request @id with its target org's policy and the caller's role
 * there; answers 404 (and returns NULL) when it does not exist or the caller
 * may not see it. */
static JsonObject *
load_visible (ScRequest         *req,
              const char        *id,
              ScApprovalPolicy **policy_out,
              ScRole            *role_out)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  ScRole role;

  request = sc_store_get_approval_request (req->store, id, &error);
  if (request == NULL)
    {
      sc_request_reply_store_error (req, error, _("Approval request"));
      return NULL;
    }

  policy = sc_store_get_org_policy (req->store, string_member (request, "target.org_id"), &error);
  if (policy == NULL)
    {
      sc_request_reply_store_error (req, error, _("Approval request"));
      return NULL;
    }

  role = sc_request_role (req, string_member (request, "target.org_id"));
  if (!may_see (req, request, policy, role))
    {
      sc_request_reply_not_found (req, _("Approval request"));
      return NULL;
    }

  *policy_out = g_steal_pointer (&policy);
  *role_out = role;
  return g_steal_pointer (&request);
}

/* After a committed write: the request as the caller sees it now. */
static void
reply_request (ScRequest  *req,
               guint       status,
               const char *id,
               gboolean    commit)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  ScRole role = SC_ROLE_NONE;

  request = load_visible (req, id, &policy, &role);
  if (request == NULL)
    {
      if (commit)
        sc_store_transaction_rollback (req->store);
      return;
    }

  complete_view (req, request, policy, role);
  if (commit)
    sc_request_commit_with_reply (req);
  sc_request_reply_object (req, status, g_steal_pointer (&request), NULL);
}

/* The body checked against @fields: answers 400/422 and returns NULL. */
static JsonObject *
read_body (ScRequest         *req,
           const ScFieldSpec *fields,
           guint              n_fields)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *node = sc_request_body_node (req);

  if (node == NULL)
    return NULL;
  if (!sc_json_check_object (node, "", fields, n_fields, violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return NULL;
    }
  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return NULL;
    }
  return json_node_get_object (node);
}

/* --- POST /approval-requests ------------------------------------------------ */

static void
create_request_cb (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "release_id", SC_FIELD_STRING, TRUE },
    { "path_id", SC_FIELD_STRING, TRUE },
    { "target_stage", SC_FIELD_STRING, TRUE },
    { "message", SC_FIELD_STRING_OR_NULL, FALSE },
  };
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *open_id = NULL;
  g_autofree char *id = NULL;
  g_autofree char *location = NULL;
  ScApprovalRequestRow row = { 0 };
  const char *message;
  JsonObject *body;
  guint notified = 0;

  if (sc_request_replay_idempotent (req, "approval-requests"))
    return;
  body = read_body (req, fields, G_N_ELEMENTS (fields));
  if (body == NULL)
    return;

  message = string_member (body, "message");
  if (message != NULL && g_utf8_strlen (message, -1) > MAX_MESSAGE_LENGTH)
    {
      g_autoptr(GPtrArray) violations = sc_violations_new ();

      sc_violations_add_field (violations, "message",
                               g_dngettext (GETTEXT_PACKAGE, "The message may have at most %d character.",
                                            "The message may have at most %d characters.",
                                            MAX_MESSAGE_LENGTH),
                               MAX_MESSAGE_LENGTH);
      sc_request_reply_violations (req, violations);
      return;
    }

  if (!sc_request_begin (req))
    return;

  check = sc_promotion_check (req, json_object_get_string_member (body, "release_id"),
                              json_object_get_string_member (body, "path_id"),
                              json_object_get_string_member (body, "target_stage"),
                              NULL,
                              SC_PROMOTION_CHECK_NO_DIFF, &error);
  if (check == NULL)
    {
      sc_store_transaction_rollback (req->store);
      sc_promotion_reply_error (req, error);
      return;
    }

  if (!sc_promotion_check_request_allowed (check))
    {
      sc_store_transaction_rollback (req->store);
      sc_promotion_reply_refused (req, check->request_violations);
      return;
    }

  now_text = sc_time_format (now);
  open_id = sc_store_find_open_approval_request (req->store, check->workflow_id, check->path_id,
                                                 check->target_tag, now_text, &error);
  if (error != NULL)
    {
      fail (req, error);
      return;
    }
  if (open_id != NULL)
    {
      JsonObject *conflict = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (conflict, "approval_request_id", open_id);
      json_node_take_object (node, conflict);
      sc_store_transaction_rollback (req->store);
      sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", node,
                              _("This workflow already has an open request to promote it to "
                                "stage “%s”: cancel it or wait for its decision."),
                              check->target_tag);
      return;
    }

  expires = g_date_time_add_days (now, check->target_policy->expiry_days);
  expires_text = sc_time_format (expires);

  sc_promotion_check_request_row (check, &row);
  row.requester_id = req->user_id;
  row.message = message;
  row.created_at = now_text;
  row.expires_at = expires_text;

  id = sc_store_open_approval_request (req->store, &row, check->target_policy, &notified, &error);
  if (id == NULL || !sc_promotion_record_request_target (req->store, id, check, &error) ||
      !sc_store_fault_point (req->store, "approval-request", &error))
    {
      fail (req, error);
      return;
    }

  /* The answer, read inside the transaction, commits the request with its
   * Idempotency-Key record (sc_request_commit_with_reply). */
  location = g_strconcat ("/api/v1/approval-requests/", id, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Location", location);
  reply_request (req, SOUP_STATUS_CREATED, id, TRUE);
  if (notified > 0 && soup_server_message_get_status (req->msg) == SOUP_STATUS_CREATED)
    sc_request_events_added (req);
}

/* --- GET /approval-requests -------------------------------------------------- */

static gboolean
read_bool_query (ScRequest  *req,
                 const char *name,
                 gboolean   *value)
{
  const char *text = sc_request_get_query (req, name);

  *value = FALSE;
  if (text == NULL || strcmp (text, "false") == 0)
    return TRUE;
  if (strcmp (text, "true") == 0)
    {
      *value = TRUE;
      return TRUE;
    }

  sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                          _("“%s” must be “true” or “false”."), name);
  return FALSE;
}

typedef struct {
  ScApprovalPolicy *policy;
  ScRole            role;
} OrgView;

static void
org_view_free (OrgView *view)
{
  g_clear_pointer (&view->policy, sc_approval_policy_free);
  g_free (view);
}

static void
list_requests_cb (ScRequest *req)
{
  g_autoptr(GHashTable) orgs = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = sc_store_now ();
  ScApprovalFilter filter = { 0 };
  const char *state = sc_request_get_query (req, "state");
  gint64 cursor, next = 0;
  guint limit;

  if (!sc_request_get_page (req, &limit, &cursor) ||
      !read_bool_query (req, "reviewable", &filter.reviewable) ||
      !read_bool_query (req, "mine", &filter.mine))
    return;

  if (state != NULL)
    {
      if (!sc_approval_state_from_string (state, &filter.state))
        {
          sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                                  _("“state” must be one of pending, approved, rejected, "
                                    "cancelled, expired and completed."));
          return;
        }
      filter.has_state = TRUE;
    }

  filter.viewer_id = req->user_id;
  filter.scope_org_id = req->scope_org_id;
  filter.now = now;
  filter.org_id = sc_request_get_query (req, "org_id");
  if (filter.org_id != NULL && !sc_request_require_member (req, filter.org_id, NULL))
    return;

  items = sc_store_list_approval_requests (req->store, &filter, limit, cursor, &next, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return;
    }

  orgs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) org_view_free);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *request = json_array_get_object_element (items, i);
      const char *org_id = string_member (request, "target.org_id");
      OrgView *view = g_hash_table_lookup (orgs, org_id);

      if (view == NULL)
        {
          view = g_new0 (OrgView, 1);
          view->policy = sc_store_get_org_policy (req->store, org_id, &error);
          if (view->policy == NULL)
            {
              org_view_free (view);
              sc_request_reply_store_error (req, error, NULL);
              return;
            }
          view->role = sc_request_role (req, org_id);
          g_hash_table_insert (orgs, g_strdup (org_id), view);
        }
      complete_view (req, request, view->policy, view->role);
    }

  sc_request_reply_page (req, g_steal_pointer (&items), next);
}

/* --- GET /approval-requests/{id} --------------------------------------------- */

static void
get_request_cb (ScRequest *req)
{
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  ScRole role = SC_ROLE_NONE;

  request = load_visible (req, sc_request_param (req, 0), &policy, &role);
  if (request == NULL)
    return;

  complete_view (req, request, policy, role);
  sc_request_reply_object (req, SOUP_STATUS_OK, g_steal_pointer (&request), NULL);
}

/* --- GET /approval-requests/{id}/preview ---------------------------------------- */

/* What the promotion the request asks for would change in the target now,
 * for whoever may see the request (the Promote dialog's preview needs the
 * sight of the release, which a reviewer may lack), and whether the target
 * changed since the request was made. */
static void
preview_request_cb (ScRequest *req)
{
  static const char * const verdict_members[] = {
    "allowed", "refusals", "request", "approval_request_id",
  };
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded_workflow_id = NULL;
  g_autofree char *recorded_etag = NULL;
  g_autofree char *etag_now = NULL;
  JsonObject *preview;
  JsonObject *at_request;
  gboolean recorded = FALSE;
  ScRole role = SC_ROLE_NONE;

  request = load_visible (req, sc_request_param (req, 0), &policy, &role);
  if (request == NULL)
    return;

  if (string_member (request, "path.id") == NULL)
    {
      sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", NULL,
                              _("The path of this request was deleted: there is nothing to "
                                "compare."));
      return;
    }

  check = sc_promotion_check (req, string_member (request, "release.id"),
                              string_member (request, "path.id"),
                              string_member (request, "target.tag"), NULL,
                              SC_PROMOTION_CHECK_FOR_REVIEW, &error);
  if (check == NULL)
    {
      sc_promotion_reply_error (req, error);
      return;
    }
  if (!sc_store_get_request_target (req->store, string_member (request, "id"), &recorded,
                                    &recorded_workflow_id, &recorded_etag, &error) ||
      !sc_promotion_target_etag (req->store, check->target_workflow_id, &etag_now, &error))
    {
      sc_request_reply_store_error (req, error, _("Approval request"));
      return;
    }

  preview = sc_promotion_check_to_preview (check);
  /* the verdict judges the caller, who is not the one to promote */
  for (guint i = 0; i < G_N_ELEMENTS (verdict_members); i++)
    json_object_remove_member (preview, verdict_members[i]);

  json_object_set_string_member (preview, "approval_request_id", string_member (request, "id"));
  if (etag_now != NULL)
    json_object_set_string_member (preview, "target_etag", etag_now);
  else
    json_object_set_null_member (preview, "target_etag");

  at_request = json_object_new ();
  if (recorded)
    {
      gboolean changed = g_strcmp0 (recorded_workflow_id, check->target_workflow_id) != 0 ||
                         g_strcmp0 (recorded_etag, etag_now) != 0;

      if (recorded_workflow_id != NULL)
        json_object_set_string_member (at_request, "target_workflow_id", recorded_workflow_id);
      else
        json_object_set_null_member (at_request, "target_workflow_id");
      if (recorded_etag != NULL)
        json_object_set_string_member (at_request, "target_etag", recorded_etag);
      else
        json_object_set_null_member (at_request, "target_etag");
      json_object_set_boolean_member (preview, "target_changed", changed);
    }
  else
    {
      /* made before the server recorded targets: unknown */
      json_object_set_null_member (at_request, "target_workflow_id");
      json_object_set_null_member (at_request, "target_etag");
      json_object_set_null_member (preview, "target_changed");
    }
  json_object_set_object_member (preview, "at_request", at_request);

  sc_request_reply_object (req, SOUP_STATUS_OK, preview, NULL);
}

/* --- POST /approval-requests/{id}/decisions ---------------------------------- */

/* 403 when the caller may not decide (self-approval, role, assignee), else
 * 409 when the request cannot be decided (any more) by them: not pending,
 * expired, or already decided by them. */
static void
reply_cannot_decide (ScRequest *req,
                     GPtrArray *violations)
{
  const ScViolation *first_state = NULL;
  const ScViolation *first_forbidden = NULL;

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *v = g_ptr_array_index (violations, i);

      if (g_strcmp0 (v->rule, "state") == 0 || g_strcmp0 (v->rule, "expired") == 0 ||
          g_strcmp0 (v->rule, "already_decided") == 0)
        {
          if (first_state == NULL)
            first_state = v;
        }
      else if (first_forbidden == NULL)
        first_forbidden = v;
    }

  if (first_forbidden != NULL)
    sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden",
                            sc_violations_to_details (violations), "%s", first_forbidden->reason);
  else if (first_state != NULL)
    sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict",
                            sc_violations_to_details (violations), "%s", first_state->reason);
  else
    g_return_if_reached (); /* called only with violations */
}

static void
decide_cb (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "decision", SC_FIELD_STRING, TRUE },
    { "comment", SC_FIELD_STRING_OR_NULL, FALSE },
  };
  const char *id = sc_request_param (req, 0);
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now_text = sc_time_format (now);
  g_auto(Facts) f = { 0 };
  ScRole role = SC_ROLE_NONE;
  g_autoptr(JsonObject) on_behalf_of = NULL;
  gboolean may_decide = FALSE;
  ScDecision decision;
  ScApprovalState new_state;
  const char *comment;
  const char *target_org_id;
  JsonObject *body;
  guint approvals;

  body = read_body (req, fields, G_N_ELEMENTS (fields));
  if (body == NULL)
    return;
  if (!sc_decision_from_string (json_object_get_string_member (body, "decision"), &decision))
    {
      sc_violations_add_field (violations, "decision", _("The decision must be “approve” or “reject”."));
      sc_request_reply_violations (req, violations);
      return;
    }
  comment = string_member (body, "comment");
  if (comment != NULL && g_utf8_strlen (comment, -1) > MAX_MESSAGE_LENGTH)
    {
      sc_violations_add_field (violations, "comment",
                               g_dngettext (GETTEXT_PACKAGE, "The comment may have at most %d character.",
                                            "The comment may have at most %d characters.",
                                            MAX_MESSAGE_LENGTH),
                               MAX_MESSAGE_LENGTH);
      sc_request_reply_violations (req, violations);
      return;
    }

  if (!sc_request_begin (req))
    return;
  request = load_visible (req, id, &policy, &role);
  if (request == NULL)
    {
      fail (req, NULL);
      return;
    }

  facts_init (&f, request);
  if (!judge_decision (req, request, policy, role, &f.facts, now, &may_decide, &on_behalf_of,
                       violations, &error))
    {
      fail (req, error);
      return;
    }
  if (!may_decide)
    {
      fail (req, NULL);
      reply_cannot_decide (req, violations);
      return;
    }
  if (!sc_rules_check_decision_comment (policy, decision, comment, violations))
    {
      fail (req, NULL);
      sc_request_reply_violations (req, violations);
      return;
    }

  approvals = f.approver_ids->len - 1 + (decision == SC_DECISION_APPROVE ? 1 : 0);
  new_state = sc_rules_state_after_decision (&f.facts, decision, approvals);
  target_org_id = string_member (request, "target.org_id");

  details = json_object_new ();
  json_object_set_string_member (details, "decision", sc_decision_to_string (decision));
  json_object_set_int_member (details, "approvals", approvals);
  json_object_set_int_member (details, "required_approvals", f.facts.required_approvals);
  json_object_set_boolean_member (details, "final", new_state != SC_APPROVAL_STATE_PENDING);
  if (comment != NULL && *comment != '\0')
    json_object_set_string_member (details, "comment", comment);
  if (on_behalf_of != NULL)
    json_object_set_object_member (details, "on_behalf_of", json_object_ref (on_behalf_of));

  if (!sc_store_insert_approval_decision (req->store, id, req->user_id, decision, comment,
                                          now_text, &error) ||
      (on_behalf_of != NULL &&
       !sc_store_set_decision_on_behalf_of (req->store, id, req->user_id,
                                            string_member (on_behalf_of, "id"), &error)) ||
      (new_state != SC_APPROVAL_STATE_PENDING &&
       !sc_store_set_approval_state (req->store, id, SC_APPROVAL_STATE_PENDING, new_state, &error)) ||
      !sc_store_audit (req->store, target_org_id, req->user_id,
                       decision == SC_DECISION_APPROVE ? "approval.approved" : "approval.rejected",
                       "approval_request", id, details, &error))
    {
      fail (req, error);
      return;
    }

  if (new_state != SC_APPROVAL_STATE_PENDING)
    {
      g_autoptr(JsonObject) data = NULL;

      decided = sc_store_get_approval_request (req->store, id, &error);
      if (decided == NULL)
        {
          fail (req, error);
          return;
        }
      data = sc_store_approval_event_data (decided);
      json_object_set_object_member (data, "reviewer", json_object_ref (req->user));
      if (on_behalf_of != NULL)
        json_object_set_object_member (data, "on_behalf_of", json_object_ref (on_behalf_of));
      json_object_set_string_member (data, "decision", sc_decision_to_string (decision));
      json_object_set_string_member (data, "comment", comment != NULL ? comment : "");
      if (!sc_store_add_event (req->store, string_member (request, "requester.id"),
                               "approval_decided", data, &error))
        {
          fail (req, error);
          return;
        }
    }

  if (!sc_store_notify_request_updated (req->store, id, policy, req->user, NULL, &error) ||
      !sc_store_fault_point (req->store, "approval-decision", &error))
    {
      fail (req, error);
      return;
    }
  if (!sc_request_commit (req))
    return;
  sc_request_events_added (req);

  reply_request (req, SOUP_STATUS_CREATED, id, FALSE);
}

/* --- POST /approval-requests/{id}/cancel --------------------------------------- */

static void
cancel_cb (ScRequest *req)
{
  const char *id = sc_request_param (req, 0);
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Facts) f = { 0 };
  ScRole role = SC_ROLE_NONE;
  ScApprovalState state;

  if (!sc_request_begin (req))
    return;
  request = load_visible (req, id, &policy, &role);
  if (request == NULL)
    {
      fail (req, NULL);
      return;
    }

  facts_init (&f, request);
  if (g_strcmp0 (f.facts.requester_id, req->user_id) != 0)
    {
      fail (req, NULL);
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              _("Only %s, who made this request, may cancel it."),
                              string_member (request, "requester.email"));
      return;
    }

  /* an approved request not used yet may be withdrawn too: it would hold
   * the stage until it expires */
  state = effective_state (&f);
  if (state != SC_APPROVAL_STATE_PENDING && state != SC_APPROVAL_STATE_APPROVED)
    {
      g_autoptr(GPtrArray) violations = sc_violations_new ();

      sc_violations_add_rule (violations, "state",
                              /* Translators: %s is a state such as "rejected". */
                              _("This request is %s; only pending or approved requests can be "
                                "cancelled."),
                              sc_approval_state_to_string (state));
      fail (req, NULL);
      sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict",
                              sc_violations_to_details (violations), "%s",
                              sc_violations_first_reason (violations));
      return;
    }

  details = json_object_new ();
  json_object_set_string_member (details, "previous_state", sc_approval_state_to_string (state));
  if (!sc_store_set_approval_state (req->store, id, state, SC_APPROVAL_STATE_CANCELLED, &error) ||
      !sc_store_audit (req->store, string_member (request, "target.org_id"), req->user_id,
                       "approval.cancelled", "approval_request", id, details, &error) ||
      !sc_store_notify_request_updated (req->store, id, policy, req->user, NULL, &error) ||
      !sc_store_fault_point (req->store, "approval-cancel", &error))
    {
      fail (req, error);
      return;
    }
  if (!sc_request_commit (req))
    return;
  sc_request_events_added (req);

  reply_request (req, SOUP_STATUS_OK, id, FALSE);
}

const ScRoute sc_routes_approvals[] = {
  { "POST", "/approval-requests", create_request_cb },
  { "GET", "/approval-requests", list_requests_cb },
  { "GET", "/approval-requests/*", get_request_cb },
  { "GET", "/approval-requests/*/preview", preview_request_cb },
  { "POST", "/approval-requests/*/decisions", decide_cb },
  { "POST", "/approval-requests/*/cancel", cancel_cb },
  { NULL }
};
