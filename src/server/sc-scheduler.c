/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-clock.h"
#include "sc-promotion.h"
#include "sc-scheduler.h"
#include "sc-store-schedules.h"

/* How the server notices that a schedule is due.
 *
 * A GLib timeout fires at the next due time; it is re-armed whenever a
 * schedule is added, cancelled or carried out, and on start (which first
 * runs everything overdue: a restart after the due time runs it then,
 * once). A GLib timeout counts monotonic time while schedules are set in
 * wall-clock time, which may jump (NTP, a suspended machine), so the
 * timeout is never armed for more than MAX_WAIT_SECONDS and every request
 * also compares the clock with the next due time (sc_scheduler_check():
 * one clock read and one comparison, no storage access).
 *
 * That check is also how a test build follows a test clock
 * (SC_TEST_CLOCK_FILE): a test moves the clock, then asks the API for the
 * outcome, and that very request finds the schedule due and carries it
 * out before it is answered. No polling: nothing runs unless a test asks
 * or the real time comes. */

#define MAX_WAIT_SECONDS 3600
/* after a storage failure, the schedule stays pending and is tried again */
#define RETRY_SECONDS 30

struct _ScScheduler
{
  ScServer *server;       /* owns this */
  guint     timeout_id;
  gint64    next_due_us;  /* G_MAXINT64: nothing pending */
  gboolean  started;
  gboolean  running;
};

ScScheduler *
sc_scheduler_new (ScServer *server)
{
  ScScheduler *self = g_new0 (ScScheduler, 1);

  self->server = server;
  self->next_due_us = G_MAXINT64;
  return self;
}

void
sc_scheduler_free (ScScheduler *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_free (self);
}

static void run_due (ScScheduler *self);

static gboolean
timeout_cb (gpointer user_data)
{
  ScScheduler *self = user_data;

  self->timeout_id = 0;
  run_due (self);
  return G_SOURCE_REMOVE;
}

/* Arms the timeout for @due_us (wall-clock microseconds). */
static void
arm (ScScheduler *self,
     gint64       due_us)
{
  gint64 wait_ms;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->next_due_us = due_us;
  if (due_us == G_MAXINT64)
    return;

  wait_ms = (due_us - sc_clock_now_us () + 999) / 1000;
  wait_ms = CLAMP (wait_ms, 0, (gint64) MAX_WAIT_SECONDS * 1000);
  self->timeout_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) wait_ms, timeout_cb, self,
                                         NULL);
  g_source_set_name_by_id (self->timeout_id, "[stagecraft] scheduled promotions");
}

static void
rearm (ScScheduler *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GDateTime) when = NULL;

  next = sc_store_next_schedule_time (sc_server_get_store (self->server), &error);
  if (error != NULL)
    {
      g_warning ("Cannot read the next scheduled promotion: %s", error->message);
      arm (self, sc_clock_now_us () + RETRY_SECONDS * G_USEC_PER_SEC);
      return;
    }
  when = next != NULL ? sc_time_parse (next) : NULL;
  arm (self, when != NULL ? g_date_time_to_unix (when) * G_USEC_PER_SEC : G_MAXINT64);
}

/* What the requester's event and the audit say: {schedule_id, outcome,
 * promotion_id, rule, workflow_id, workflow_name, release: {id, version},
 * target: {tag, org_id, org_name}}; @schedule is the stored one (API
 * shape, nullable when it cannot be read). */
static JsonObject *
event_data (JsonObject *due,
            JsonObject *schedule,
            const char *outcome,
            const char *promotion_id,
            const char *rule)
{
  JsonObject *data = json_object_new ();
  JsonObject *workflow = schedule != NULL ? json_object_get_object_member (schedule, "workflow") : NULL;

  json_object_set_string_member (data, "schedule_id", json_object_get_string_member (due, "id"));
  json_object_set_string_member (data, "outcome", outcome);
  if (promotion_id != NULL)
    json_object_set_string_member (data, "promotion_id", promotion_id);
  else
    json_object_set_null_member (data, "promotion_id");
  if (rule != NULL)
    json_object_set_string_member (data, "rule", rule);
  else
    json_object_set_null_member (data, "rule");
  if (workflow != NULL)
    {
      json_object_set_string_member (data, "workflow_id", json_object_get_string_member (workflow, "id"));
      json_object_set_string_member (data, "workflow_name", json_object_get_string_member (workflow, "name"));
      json_object_set_member (data, "release", json_node_copy (json_object_get_member (schedule, "release")));
      json_object_set_member (data, "target", json_node_copy (json_object_get_member (schedule, "target")));
    }
  return data;
}

/* Inside the transaction: carries out @due as its requester, through the
 * same code as POST /promotions, every rule judged now. */
static gboolean
carry_out (ScScheduler *self,
           JsonObject  *due,
           GError     **error)
{
  ScStore *store = sc_server_get_store (self->server);
  ScRequest req = { 0, };
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) schedule = NULL;
  g_autofree char *promotion_id = NULL;
  const char *id = json_object_get_string_member (due, "id");
  const char *path_id = json_object_get_string_member (due, "path_id");
  const char *source_org_id = json_object_get_string_member (due, "source_org_id");
  const char *target_org_id = json_object_get_string_member (due, "target_org_id");
  const char *rule = NULL;
  gboolean succeeded = FALSE;
  gboolean changed = FALSE;

  /* the scheduling user's request, without a message: the promotion code
   * reads the store, the hierarchy and who acts, and answers nothing */
  req.server = self->server;
  req.store = store;
  req.hierarchy = sc_server_get_hierarchy (self->server);
  req.user_id = json_object_get_string_member (due, "requester_id");

  if (path_id != NULL)
    check = sc_promotion_check (&req, json_object_get_string_member (due, "release_id"), path_id,
                                json_object_get_string_member (due, "target_tag"),
                                json_object_get_string_member (due, "approval_request_id"),
                                SC_PROMOTION_CHECK_NO_DIFF, &local_error);
  if (check == NULL)
    {
      /* the release or the path is gone, or the requester may no longer
       * see it: a failure with that rule, and no history record (there is
       * no release or stage to record it against) */
      if (local_error != NULL && local_error->domain != SC_PROMOTION_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      rule = local_error != NULL && local_error->code == SC_PROMOTION_ERROR_NO_RELEASE
             ? "release" : "stage";
    }
  else if (sc_promotion_check_allowed (check))
    {
      promotion_id = sc_promotion_execute (&req, check, error);
      if (promotion_id == NULL)
        return FALSE;
      succeeded = TRUE;
    }
  else
    {
      const ScViolation *first = NULL;

      promotion_id = sc_promotion_record_refusal (&req, check, error);
      if (promotion_id == NULL)
        return FALSE;
      sc_promotion_refusal_status (check->violations, &first);
      rule = first != NULL && first->rule != NULL ? first->rule : "validation_failed";
    }

  if (!sc_store_finish_schedule (store, id, succeeded ? SC_SCHEDULE_SUCCEEDED : SC_SCHEDULE_FAILED,
                                 promotion_id, rule, NULL, &changed, error))
    return FALSE;
  /* read and written in one transaction: it was pending */
  g_assert (changed);

  schedule = sc_store_get_schedule (store, id, error);
  if (schedule == NULL)
    return FALSE;
  data = event_data (due, schedule, succeeded ? "succeeded" : "failed", promotion_id, rule);
  if (!sc_store_audit (store, source_org_id, req.user_id,
                       succeeded ? "schedule.succeeded" : "schedule.failed",
                       "schedule", id, data, error))
    return FALSE;
  if (g_strcmp0 (source_org_id, target_org_id) != 0 &&
      !sc_store_audit (store, target_org_id, req.user_id,
                       succeeded ? "schedule.succeeded" : "schedule.failed",
                       "schedule", id, data, error))
    return FALSE;
  if (!sc_store_add_event (store, req.user_id, "schedule_completed", data, error))
    return FALSE;

  /* a crash here loses the promotion and the mark together */
  return sc_store_fault_point (store, "schedule.before-commit", error);
}

gboolean
sc_scheduler_run_one (ScScheduler *self,
                      gboolean    *ran,
                      GError     **error)
{
  ScStore *store;
  g_autoptr(JsonObject) due = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (ran != NULL, FALSE);

  *ran = FALSE;
  store = sc_server_get_store (self->server);
  if (!sc_store_transaction_begin (store, error))
    return FALSE;

  now = sc_store_now ();
  due = sc_store_next_due_schedule (store, now, error);
  if (due == NULL)
    {
      gboolean failed = error != NULL && *error != NULL;

      sc_store_transaction_rollback (store);
      return !failed;
    }

  if (!carry_out (self, due, error) || !sc_store_transaction_commit (store, error))
    {
      sc_store_transaction_rollback (store);
      return FALSE;
    }
  *ran = TRUE;
  return TRUE;
}

/* A schedule that cannot be carried out for a reason other than a
 * transient one ends as failed ("internal"), so that it is not retried
 * for ever. */
static void
give_up (ScScheduler *self)
{
  ScStore *store = sc_server_get_store (self->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) due = NULL;
  g_autofree char *now = sc_store_now ();

  if (!sc_store_transaction_begin (store, &error))
    return;
  due = sc_store_next_due_schedule (store, now, &error);
  if (due != NULL)
    {
      g_autoptr(JsonObject) data = event_data (due, NULL, "failed", NULL, "internal");

      if (sc_store_finish_schedule (store, json_object_get_string_member (due, "id"),
                                    SC_SCHEDULE_FAILED, NULL, "internal", NULL, NULL, &error) &&
          sc_store_add_event (store, json_object_get_string_member (due, "requester_id"),
                              "schedule_completed", data, &error) &&
          sc_store_transaction_commit (store, &error))
        return;
    }
  sc_store_transaction_rollback (store);
}

static void
run_due (ScScheduler *self)
{
  gboolean any = FALSE;

  if (self->running)
    return;
  self->running = TRUE;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gboolean ran = FALSE;

      if (sc_scheduler_run_one (self, &ran, &error))
        {
          if (!ran)
            break;
          any = TRUE;
          continue;
        }

      g_warning ("A scheduled promotion could not be carried out: %s", error->message);
      if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_FAULT))
        {
          /* stays pending; tried again later, not on every request */
          self->running = FALSE;
          arm (self, sc_clock_now_us () + RETRY_SECONDS * G_USEC_PER_SEC);
          if (any)
            sc_server_events_added (self->server);
          return;
        }
      give_up (self);
      any = TRUE;
    }

  self->running = FALSE;
  rearm (self);
  if (any)
    sc_server_events_added (self->server);
}

void
sc_scheduler_start (ScScheduler *self)
{
  g_return_if_fail (self != NULL);

  self->started = TRUE;
  run_due (self);
}

void
sc_scheduler_changed (ScScheduler *self)
{
  g_return_if_fail (self != NULL);

  if (self->started && !self->running)
    rearm (self);
}

void
sc_scheduler_check (ScScheduler *self)
{
  g_return_if_fail (self != NULL);

  if (self->started && !self->running && sc_clock_now_us () >= self->next_due_us)
    run_due (self);
}
