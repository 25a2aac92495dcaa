/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-clock.h"
#include "sc-json.h"
#include "sc-promotion.h"
#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-store-schedules.h"

/* Scheduled promotions: POST /schedules {release_id, path_id,
 * target_stage, approval_request_id?, run_at} → 202 with the schedule;
 * GET /schedules?org_id=&state=; GET /schedules/{id};
 * POST /schedules/{id}/cancel. The server carries one out at run_at as the
 * user who scheduled it (sc-scheduler.c), every rule checked again then.
 *
 * Who may: schedule — whoever may promote it now, but for what may lift
 * by then (a freeze, the soak time: sc_rules_schedule_tolerates ());
 * see — the requester and members of the source or target org; cancel —
 * the requester and admins of the source or target org. */

/* The string member @name of @object: NULL when null, absent or not a
 * string (the body's types are checked before). */
#define member_string(object, name) \
  json_object_get_string_member_with_default ((object), (name), NULL)

/* A stored failure keeps its rule; its sentence is said now, in the
 * server's language, as for the promotion history. */
static JsonObject *
schedule_for_api (JsonObject *schedule)
{
  JsonNode *node = json_object_get_member (schedule, "error");

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *failure = json_node_get_object (node);
      const char *summary = sc_rules_refusal_summary (member_string (failure, "code"));

      json_object_set_string_member (failure, "message",
                                     summary != NULL ? summary
                                                     : _("The scheduled promotion could not be carried out."));
    }
  return schedule;
}

/* Whether the caller may see @schedule: its requester, or a member of its
 * source or target org. */
static gboolean
may_see (ScRequest  *req,
         JsonObject *schedule)
{
  JsonObject *requester = json_object_get_object_member (schedule, "requester");
  JsonObject *source = json_object_get_object_member (schedule, "source");
  JsonObject *target = json_object_get_object_member (schedule, "target");

  return g_strcmp0 (member_string (requester, "id"), req->user_id) == 0 ||
         sc_request_role (req, member_string (source, "org_id")) != SC_ROLE_NONE ||
         sc_request_role (req, member_string (target, "org_id")) != SC_ROLE_NONE;
}

/* The schedule @id when the caller may see it; answers 404 otherwise. */
static JsonObject *
load_visible (ScRequest  *req,
              const char *id)
{
  g_autoptr(JsonObject) schedule = NULL;
  g_autoptr(GError) error = NULL;

  schedule = sc_store_get_schedule (req->store, id, &error);
  if (schedule == NULL)
    {
      sc_request_reply_store_error (req, error, _("Scheduled promotion"));
      return NULL;
    }
  if (!may_see (req, schedule))
    {
      sc_request_reply_not_found (req, _("Scheduled promotion"));
      return NULL;
    }
  return g_steal_pointer (&schedule);
}

/* Parses the body; answers 400/422 and returns NULL when it is not one.
 * @run_at (out) the time to run it, already checked. */
static JsonObject *
read_schedule_body (ScRequest  *req,
                    GDateTime **run_at)
{
  static const ScFieldSpec fields[] = {
    { "release_id", SC_FIELD_STRING, TRUE },
    { "path_id", SC_FIELD_STRING, TRUE },
    { "target_stage", SC_FIELD_STRING, TRUE },
    { "run_at", SC_FIELD_STRING, TRUE },
    { "approval_request_id", SC_FIELD_STRING_OR_NULL, FALSE },
  };
  static const char * const non_empty[] = {
    "release_id", "path_id", "target_stage", "run_at", NULL
  };
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  JsonNode *node = sc_request_body_node (req);
  JsonObject *body;

  if (node == NULL)
    return NULL;
  if (!sc_json_check_object (node, "", fields, G_N_ELEMENTS (fields), violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return NULL;
    }
  body = json_node_get_object (node);
  sc_json_check_non_empty (body, non_empty, violations);

  if (!sc_violations_has_field (violations, "run_at"))
    {
      *run_at = sc_time_parse (member_string (body, "run_at"));
      if (*run_at == NULL)
        sc_violations_add_field (violations, "run_at",
                                 _("“run_at” must be a time in RFC 3339 form, such as "
                                   "2026-11-23T14:00:00Z."));
      else
        sc_rules_check_schedule_time (*run_at, now, "run_at", violations);
    }

  if (violations->len > 0)
    {
      g_clear_pointer (run_at, g_date_time_unref);
      sc_request_reply_violations (req, violations);
      return NULL;
    }
  return body;
}

/* POST /schedules */
static void
create_cb (ScRequest *req)
{
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) run_at = NULL;
  g_autoptr(GPtrArray) refusals = sc_violations_new ();
  g_autoptr(JsonObject) schedule = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autofree char *run_at_text = NULL;
  g_autofree char *id = NULL;
  ScScheduleRow row = { 0, };
  JsonObject *body;

  if (sc_request_replay_idempotent (req, "schedules"))
    return;

  body = read_schedule_body (req, &run_at);
  if (body == NULL)
    return;

  if (!sc_request_begin (req))
    return;

  check = sc_promotion_check (req, member_string (body, "release_id"), member_string (body, "path_id"),
                              member_string (body, "target_stage"),
                              member_string (body, "approval_request_id"),
                              SC_PROMOTION_CHECK_NO_DIFF, &error);
  if (check == NULL)
    {
      sc_store_transaction_rollback (req->store);
      sc_promotion_reply_error (req, error);
      return;
    }

  /* what refuses it now and will still refuse it then; the rest is
   * judged again when it runs */
  for (guint i = 0; i < check->violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (check->violations, i);

      if (!sc_rules_schedule_tolerates (violation->rule))
        sc_violations_add_rule_field (refusals, violation->rule, violation->field, "%s",
                                      violation->reason);
    }
  if (refusals->len > 0)
    {
      sc_store_transaction_rollback (req->store);
      sc_promotion_reply_refused (req, refusals);
      return;
    }

  run_at_text = sc_time_format (run_at);
  row.workflow_id = check->workflow_id;
  row.release_id = check->release_id;
  row.path_id = check->path_id;
  row.path_name = check->path->name;
  row.source_tag = check->source_tag;
  row.source_org_id = check->source_org_id;
  row.target_tag = check->target_tag;
  row.target_org_id = check->target_org_id;
  row.approval_request_id = member_string (body, "approval_request_id");
  row.requester_id = req->user_id;
  row.run_at = run_at_text;

  details = json_object_new ();
  json_object_set_string_member (details, "release_id", check->release_id);
  json_object_set_int_member (details, "version", check->release_version);
  json_object_set_string_member (details, "workflow_id", check->workflow_id);
  json_object_set_string_member (details, "path_id", check->path_id);
  json_object_set_string_member (details, "target_tag", check->target_tag);
  json_object_set_string_member (details, "target_org_id", check->target_org_id);
  json_object_set_string_member (details, "run_at", run_at_text);

  id = sc_store_insert_schedule (req->store, &row, &error);
  if (id == NULL ||
      !sc_store_audit (req->store, check->source_org_id, req->user_id, "schedule.created",
                       "schedule", id, details, &error) ||
      (g_strcmp0 (check->source_org_id, check->target_org_id) != 0 &&
       !sc_store_audit (req->store, check->target_org_id, req->user_id, "schedule.created",
                        "schedule", id, details, &error)) ||
      (schedule = sc_store_get_schedule (req->store, id, &error)) == NULL)
    {
      sc_store_transaction_rollback (req->store);
      sc_request_reply_store_error (req, error, _("Scheduled promotion"));
      return;
    }

  sc_request_commit_with_reply (req);
  sc_request_reply_object (req, SOUP_STATUS_ACCEPTED, schedule_for_api (g_steal_pointer (&schedule)),
                           NULL);
  sc_request_schedules_changed (req);
}

/* GET /schedules?org_id=&state=pending|succeeded|failed|cancelled|all:
 * from or into the org (its members), else the caller's own */
static void
list_cb (ScRequest *req)
{
  const char *org_id = sc_request_get_query (req, "org_id");
  const char *state = sc_request_get_query (req, "state");
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  ScScheduleState parsed;
  gint64 cursor = 0;
  gint64 next_cursor = 0;
  guint limit = 100;

  if (!sc_request_get_page (req, &limit, &cursor))
    return;
  if (state == NULL)
    state = "pending";
  else if (g_strcmp0 (state, "all") == 0)
    state = NULL;
  else if (!sc_schedule_state_from_string (state, &parsed))
    {
      sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                              _("“state” must be pending, succeeded, failed, cancelled or all."));
      return;
    }
  if (org_id != NULL && *org_id == '\0')
    org_id = NULL;
  if (org_id != NULL && !sc_request_require_member (req, org_id, NULL))
    return;

  items = sc_store_list_schedules (req->store, org_id, org_id == NULL ? req->user_id : NULL, state,
                                   limit, cursor, &next_cursor, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, _("Scheduled promotions"));
      return;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    schedule_for_api (json_array_get_object_element (items, i));
  sc_request_reply_page (req, g_steal_pointer (&items), next_cursor);
}

/* GET /schedules/{id} */
static void
get_cb (ScRequest *req)
{
  g_autoptr(JsonObject) schedule = load_visible (req, sc_request_param (req, 0));

  if (schedule == NULL)
    return;
  sc_request_reply_object (req, SOUP_STATUS_OK, schedule_for_api (g_steal_pointer (&schedule)),
                           NULL);
}

/* POST /schedules/{id}/cancel */
static void
cancel_cb (ScRequest *req)
{
  const char *id = sc_request_param (req, 0);
  g_autoptr(JsonObject) schedule = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autofree char *source_org_id = NULL;
  g_autofree char *target_org_id = NULL;
  JsonObject *target;
  gboolean changed = FALSE;

  if (!sc_request_begin (req))
    return;
  schedule = load_visible (req, id);
  if (schedule == NULL)
    {
      sc_request_rollback (req, NULL, NULL);
      return;
    }
  target = json_object_get_object_member (schedule, "target");
  source_org_id = g_strdup (member_string (json_object_get_object_member (schedule, "source"), "org_id"));
  target_org_id = g_strdup (member_string (target, "org_id"));

  if (g_strcmp0 (member_string (json_object_get_object_member (schedule, "requester"), "id"),
                 req->user_id) != 0 &&
      sc_request_role (req, source_org_id) < SC_ROLE_ADMIN &&
      sc_request_role (req, target_org_id) < SC_ROLE_ADMIN)
    {
      sc_request_rollback (req, NULL, NULL);
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              _("Only whoever scheduled this promotion and administrators of "
                                "its organizations may cancel it."));
      return;
    }

  if (!sc_store_finish_schedule (req->store, id, SC_SCHEDULE_CANCELLED, NULL, NULL, req->user_id,
                                 &changed, &error))
    {
      sc_request_rollback (req, error, _("Scheduled promotion"));
      return;
    }
  if (!changed)
    {
      sc_request_rollback (req, NULL, NULL);
      sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", NULL,
                              _("This promotion is no longer scheduled: it has run or was "
                                "cancelled."));
      return;
    }

  details = json_object_new ();
  json_object_set_string_member (details, "release_id",
                                 member_string (json_object_get_object_member (schedule, "release"), "id"));
  json_object_set_string_member (details, "target_tag", member_string (target, "tag"));
  json_object_set_string_member (details, "target_org_id", target_org_id);
  json_object_set_string_member (details, "run_at", member_string (schedule, "run_at"));
  g_clear_pointer (&schedule, json_object_unref);
  if (!sc_store_audit (req->store, source_org_id, req->user_id, "schedule.cancelled",
                       "schedule", id, details, &error) ||
      (g_strcmp0 (source_org_id, target_org_id) != 0 &&
       !sc_store_audit (req->store, target_org_id, req->user_id, "schedule.cancelled",
                        "schedule", id, details, &error)) ||
      (schedule = sc_store_get_schedule (req->store, id, &error)) == NULL)
    {
      sc_request_rollback (req, error, _("Scheduled promotion"));
      return;
    }
  if (!sc_request_commit (req))
    return;
  sc_request_reply_object (req, SOUP_STATUS_OK, schedule_for_api (g_steal_pointer (&schedule)),
                           NULL);
  sc_request_schedules_changed (req);
}

const ScRoute sc_routes_schedules[] = {
  { "POST", "/schedules", create_cb, FALSE },
  { "GET", "/schedules", list_cb, FALSE },
  { "GET", "/schedules/*", get_cb, FALSE },
  { "POST", "/schedules/*/cancel", cancel_cb, FALSE },
  { NULL }
};
