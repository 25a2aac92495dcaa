/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-test-server.h"

/* Scheduled promotions against the real server, its clock moved through
 * SC_TEST_CLOCK_FILE (no waiting for the real time).
 *
 * Acme Development (dev) → Acme Staging (uat) with a default mapping and a
 * path owned by Development; admin@ is admin of both, dev@ a developer in
 * both, out@ an admin of another org only. dev@ owns "Order sync" with one
 * release. A request to the server is what makes it notice a due schedule
 * (besides its timer): each check below asks the API for the outcome. */

#define DEADLINE_SECONDS 10

typedef struct {
  ScTestServer   *server;
  GDateTime      *start;
  ScTestPipeline  p;
} Fixture;

static ScTestResponse *
post (Fixture    *f,
      const char *token,
      const char *path,
      const char *body)
{
  return sc_test_request (f->server, "POST", path, token, body, NULL);
}

static gint64
db_count (Fixture    *f,
          const char *sql)
{
  return sc_test_server_db_int (f->server, sql);
}

/* The fixture's start time plus @seconds, RFC 3339. */
static GDateTime *
at (Fixture *f,
    gint64   seconds)
{
  return g_date_time_add_seconds (f->start, seconds);
}

static char *
at_text (Fixture *f,
         gint64   seconds)
{
  g_autoptr(GDateTime) time = at (f, seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static void
move_clock (Fixture *f,
            gint64   seconds)
{
  g_autoptr(GDateTime) now = at (f, seconds);

  sc_test_server_set_clock (f->server, now);
}

static ScTestResponse *
schedule (Fixture    *f,
          const char *token,
          gint64      seconds)
{
  g_autofree char *run_at = at_text (f, seconds);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\", "
                          "\"run_at\": \"%s\"}", f->p.release_id, f->p.path_id, run_at);
  return post (f, token, "/schedules", body);
}

static char *
schedule_id (Fixture *f,
             gint64   seconds)
{
  g_autoptr(ScTestResponse) r = schedule (f, f->p.admin, seconds);

  sc_assert_status (r, 202);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "pending");
  return g_strdup (sc_test_get_string (r->body, "id"));
}

static ScTestResponse *
get_schedule (Fixture    *f,
              const char *token,
              const char *id)
{
  g_autofree char *path = g_strdup_printf ("/schedules/%s", id);

  return sc_test_request (f->server, "GET", path, token, NULL, NULL);
}

/* Asks for the schedule until it has left "pending" (each request lets the
 * server run what is due), within a deadline; returns the last answer. */
static ScTestResponse *
wait_finished (Fixture    *f,
               const char *id)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      ScTestResponse *r = get_schedule (f, f->p.admin, id);

      sc_assert_status (r, 200);
      if (g_strcmp0 (sc_test_get_string (r->body, "state"), "pending") != 0)
        return r;
      if (g_get_monotonic_time () > deadline)
        g_error ("schedule %s still pending after %d s", id, DEADLINE_SECONDS);
      sc_test_response_free (r);
    }
}

static void
assert_state (Fixture    *f,
              const char *id,
              const char *state)
{
  g_autoptr(ScTestResponse) r = get_schedule (f, f->p.admin, id);

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, state);
}

static guint
pending_count (Fixture    *f,
               const char *org_id)
{
  g_autofree char *path = g_strdup_printf ("/schedules?org_id=%s", org_id);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->p.admin, NULL, NULL);

  sc_assert_status (r, 200);
  return sc_test_get_length (r->body, "items");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const *env = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* whole seconds, as the server stores times */
  f->start = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                  g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                  g_date_time_get_minute (now), g_date_time_get_second (now));
  f->server = sc_test_server_start_clocked (FALSE, f->start, env, NULL);
  sc_test_pipeline_init (&f->p, f->server);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_date_time_unref (f->start);
  sc_test_pipeline_clear (&f->p);
}

/* Carried out at its time, not a second earlier, as the user who
 * scheduled it; the outcome in history, audit and the requester's events. */
static void
test_runs_at_its_time (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *history = g_strdup_printf ("/promotions?workflow_id=%s", f->p.workflow_id);
  g_autofree char *audit = g_strdup_printf ("/orgs/%s/audit", f->p.stage_org);
  g_autofree char *cursor = NULL;
  g_autofree char *events = NULL;
  g_autofree char *id = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  r = sc_test_request (f->server, "GET", "/events", f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  cursor = g_strdup (sc_test_get_string (r->body, "next_cursor"));
  g_clear_pointer (&r, sc_test_response_free);

  r = schedule (f, f->p.admin, 3600);
  sc_assert_status (r, 202);
  id = g_strdup (sc_test_get_string (r->body, "id"));
  g_assert_cmpstr (sc_test_get_string (r->body, "target.org_id"), ==, f->p.stage_org);
  g_assert_cmpstr (sc_test_get_string (r->body, "target.tag"), ==, "stage");
  g_assert_cmpstr (sc_test_get_string (r->body, "source.tag"), ==, "dev");
  g_assert_cmpstr (sc_test_get_string (r->body, "workflow.name"), ==, "Order sync");
  g_assert_cmpint (sc_test_get_int (r->body, "release.version"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "requester.email"), ==, "admin@acme.test");
  g_clear_pointer (&r, sc_test_response_free);

  /* listed in both orgs, for their members */
  g_assert_cmpuint (pending_count (f, f->p.dev_org), ==, 1);
  g_assert_cmpuint (pending_count (f, f->p.stage_org), ==, 1);

  /* one second early: nothing */
  move_clock (f, 3599);
  assert_state (f, id, "pending");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions"), ==, 0);

  move_clock (f, 3600);
  r = wait_finished (f, id);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "succeeded");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "error")));
  g_assert_nonnull (sc_test_get_string (r->body, "promotion_id"));
  g_assert_nonnull (sc_test_get_string (r->body, "finished_at"));
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpuint (pending_count (f, f->p.dev_org), ==, 0);

  r = sc_test_request (f->server, "GET", history, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].outcome"), ==, "succeeded");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].actor.email"), ==, "admin@acme.test");
  g_clear_pointer (&r, sc_test_response_free);

  r = sc_test_request (f->server, "GET", audit, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].action"), ==, "schedule.succeeded");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].target.id"), ==, id);
  g_clear_pointer (&r, sc_test_response_free);

  events = g_strdup_printf ("/events?since=%s&timeout=0", cursor);
  r = sc_test_request (f->server, "GET", events, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].kind"), ==, "schedule_completed");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].data.schedule_id"), ==, id);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].data.outcome"), ==, "succeeded");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].data.workflow_name"), ==, "Order sync");
  g_assert_cmpint (sc_test_get_int (r->body, "items[1].data.release.version"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[1].data.target.org_name"), ==, "Acme Staging");
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "items[1].data.rule")));
  g_clear_pointer (&r, sc_test_response_free);

  /* the state filter */
  g_free (history);
  history = g_strdup_printf ("/schedules?org_id=%s&state=succeeded", f->p.dev_org);
  r = sc_test_request (f->server, "GET", history, f->p.dev, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_clear_pointer (&r, sc_test_response_free);
  g_free (history);
  history = g_strdup_printf ("/schedules?org_id=%s&state=later", f->p.dev_org);
  r = sc_test_request (f->server, "GET", history, f->p.dev, NULL, NULL);
  sc_assert_error (r, 400, "bad_request");
}

/* Every rule is judged again when it runs: a freeze set meanwhile refuses
 * it, recorded with the rule. A freeze when scheduling does not refuse. */
static void
test_refused_when_frozen (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *history = g_strdup_printf ("/promotions?workflow_id=%s", f->p.workflow_id);
  g_autofree char *audit = g_strdup_printf ("/orgs/%s/audit", f->p.dev_org);
  g_autofree char *id = schedule_id (f, 600);
  g_autofree char *later = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  sc_test_patch_policy (f->server, f->p.admin, f->p.stage_org,
                        "{\"freeze\": {\"active\": true, \"reason\": \"Quarter close\"}}");
  move_clock (f, 601);
  r = wait_finished (f, id);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "failed");
  g_assert_cmpstr (sc_test_get_string (r->body, "error.code"), ==, "frozen");
  g_assert_nonnull (sc_test_get_string (r->body, "error.message"));
  g_assert_nonnull (sc_test_get_string (r->body, "promotion_id"));
  g_clear_pointer (&r, sc_test_response_free);

  r = sc_test_request (f->server, "GET", history, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].outcome"), ==, "failed");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].error.code"), ==, "frozen");
  g_clear_pointer (&r, sc_test_response_free);

  r = sc_test_request (f->server, "GET", audit, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].action"), ==, "schedule.failed");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].details.rule"), ==, "frozen");
  g_clear_pointer (&r, sc_test_response_free);

  /* scheduled during the freeze, run after it was lifted */
  later = schedule_id (f, 1200);
  sc_test_patch_policy (f->server, f->p.admin, f->p.stage_org, "{\"freeze\": {\"active\": false}}");
  move_clock (f, 1200);
  r = wait_finished (f, later);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "succeeded");
}

/* Cancelled ones never run; who may cancel. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = schedule_id (f, 600);
  g_autofree char *cancel = g_strdup_printf ("/schedules/%s/cancel", id);
  g_autoptr(ScTestResponse) r = NULL;

  /* a developer sees it but may not cancel someone else's */
  r = get_schedule (f, f->p.dev, id);
  sc_assert_status (r, 200);
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->p.dev, cancel, NULL);
  sc_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, sc_test_response_free);
  /* an outsider does not see it */
  r = get_schedule (f, f->p.outsider, id);
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->p.outsider, cancel, NULL);
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  assert_state (f, id, "pending");

  r = post (f, f->p.admin, cancel, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "cancelled");
  g_assert_cmpstr (sc_test_get_string (r->body, "cancelled_by.email"), ==, "admin@acme.test");
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->p.admin, cancel, NULL);
  sc_assert_error (r, 409, "conflict");
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpuint (pending_count (f, f->p.stage_org), ==, 0);

  move_clock (f, 7200);
  assert_state (f, id, "cancelled");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action = 'schedule.cancelled'"),
                   ==, 2);
}

/* Who may schedule, and what a schedule must say. */
static void
test_permissions_and_input (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *past = at_text (f, -60);
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *block = g_strdup_printf ("/releases/%s/block", f->p.release_id);

  /* a developer may not promote into Staging, so may not schedule it */
  r = schedule (f, f->p.dev, 600);
  sc_assert_error (r, 403, "forbidden");
  g_assert_true (sc_test_has_rule (r->body, "target_permission"));
  g_clear_pointer (&r, sc_test_response_free);
  /* an outsider does not see the release */
  r = schedule (f, f->p.outsider, 600);
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  r = sc_test_request (f->server, "POST", "/schedules", NULL, "{}", NULL);
  sc_assert_error (r, 401, "unauthenticated");
  g_clear_pointer (&r, sc_test_response_free);

  /* the time: in the future, RFC 3339, within the limit */
  r = schedule (f, f->p.admin, 0);
  sc_assert_error (r, 422, "validation_failed");
  g_assert_cmpstr (sc_test_get_string (r->body, "error.details.fields[0].field"), ==, "run_at");
  g_clear_pointer (&r, sc_test_response_free);
  r = schedule (f, f->p.admin, 400 * 24 * 3600);
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\", "
                          "\"run_at\": \"tomorrow\"}", f->p.release_id, f->p.path_id);
  r = post (f, f->p.admin, "/schedules", body);
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\", "
                          "\"run_at\": 17}", f->p.release_id, f->p.path_id);
  r = post (f, f->p.admin, "/schedules", body);
  sc_assert_error (r, 400, "bad_request");
  g_clear_pointer (&r, sc_test_response_free);
  g_free (body);
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"prod\", "
                          "\"run_at\": \"%s\"}", f->p.release_id, f->p.path_id, past);
  r = post (f, f->p.admin, "/schedules", body);
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  /* a blocked release cannot be scheduled: it will not unblock itself */
  r = post (f, f->p.admin, block, "{\"reason\": \"Broken\"}");
  sc_assert_status (r, 200);
  g_clear_pointer (&r, sc_test_response_free);
  r = schedule (f, f->p.admin, 600);
  sc_assert_error (r, 409, "conflict");
  g_assert_true (sc_test_has_rule (r->body, "blocked"));
  g_clear_pointer (&r, sc_test_response_free);

  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM schedules"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'schedule.%'"),
                   ==, 0);
  /* and the list is for members */
  g_free (body);
  body = g_strdup_printf ("/schedules?org_id=%s", f->p.stage_org);
  r = sc_test_request (f->server, "GET", body, f->p.outsider, NULL, NULL);
  sc_assert_error (r, 404, "not_found");
}

/* A restart after the due time runs what is overdue, once. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = schedule_id (f, 3600);
  g_autoptr(GDateTime) later = at (f, 7200);
  g_autoptr(ScTestResponse) r = NULL;

  sc_test_server_kill_restart_at (f->server, later);
  /* it ran when the server started, before any request */
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM schedules WHERE state = 'succeeded'"), ==, 1);
  r = get_schedule (f, f->p.admin, id);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "succeeded");
  g_clear_pointer (&r, sc_test_response_free);

  sc_test_server_kill_restart (f->server);
  assert_state (f, id, "succeeded");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action = 'schedule.succeeded'"),
                   ==, 2);
}

/* A failure between carrying it out and marking it done leaves neither:
 * still pending, no promotion; the restart runs it once. */
static void
test_fault_before_commit (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = schedule_id (f, 60);
  g_autoptr(GDateTime) later = at (f, 120);

  move_clock (f, 60);
  assert_state (f, id, "pending");
  assert_state (f, id, "pending");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions"), ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM workflows"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM events WHERE kind = 'schedule_completed'"),
                   ==, 0);

  /* the restart has no fault */
  sc_test_server_kill_restart_at (f->server, later);
  assert_state (f, id, "succeeded");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM workflows"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  static const char * const fault[] = { "SC_TEST_FAULT", "schedule.before-commit", NULL };

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/schedules/runs-at-its-time", Fixture, NULL, fixture_set_up,
              test_runs_at_its_time, fixture_tear_down);
  g_test_add ("/server/schedules/refused-when-frozen", Fixture, NULL, fixture_set_up,
              test_refused_when_frozen, fixture_tear_down);
  g_test_add ("/server/schedules/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add ("/server/schedules/permissions-and-input", Fixture, NULL, fixture_set_up,
              test_permissions_and_input, fixture_tear_down);
  g_test_add ("/server/schedules/restart", Fixture, NULL, fixture_set_up, test_restart,
              fixture_tear_down);
  g_test_add ("/server/schedules/fault-before-commit", Fixture, fault, fixture_set_up,
              test_fault_before_commit, fixture_tear_down);
  return g_test_run ();
}
