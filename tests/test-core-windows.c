/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Test"

#include "config.h"

#include <string.h>

#include "sc-deny-windows.h"
#include "sc-json.h"
#include "sc-rules.h"

/* Deny windows, the freeze state and soak time across DST, table-driven.
 * 2026-12-04 is a Friday; Europe/Berlin moves to summer time on
 * 2026-03-29 at 02:00 CET (01:00Z), when 02:00 becomes 03:00 CEST. */

static GPtrArray *
parse_windows (const char *json)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sc_json_parse (json, -1, SC_JSON_MAX_DEPTH, &error);
  GPtrArray *windows;

  g_assert_no_error (error);
  windows = sc_deny_windows_from_json (node, "deny_windows", violations, &error);
  g_assert_no_error (error);
  if (violations->len > 0)
    g_error ("%s: %s", json, ((ScViolation *) g_ptr_array_index (violations, 0))->reason);
  g_assert_nonnull (windows);
  return windows;
}

static GDateTime *
at (const char *text)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  return time;
}

#define WEEKLY_OVER_MIDNIGHT \
  "[{\"kind\":\"weekly\",\"days\":[\"fri\"],\"start\":\"22:00\",\"end\":\"06:00\"," \
  "\"time_zone\":\"Europe/Berlin\",\"reason\":\"night\"}]"
#define RRULE_BYDAY_BYHOUR \
  "[{\"kind\":\"rrule\",\"rrule\":\"FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9,15\"," \
  "\"duration_minutes\":60,\"reason\":\"standup\"}]"
#define ONCE_INSIDE_RECURRING \
  "[{\"kind\":\"weekly\",\"days\":[\"fri\"],\"start\":\"18:00\",\"end\":\"22:00\"," \
  "\"reason\":\"friday\",\"allow_override\":true}," \
  "{\"kind\":\"once\",\"from\":\"2026-12-04T20:00:00Z\",\"until\":\"2026-12-05T01:00:00Z\"," \
  "\"reason\":\"release freeze\"}]"
#define WEEKLY_OVER_DST \
  "[{\"kind\":\"weekly\",\"days\":[\"sat\"],\"start\":\"22:00\",\"end\":\"06:00\"," \
  "\"time_zone\":\"Europe/Berlin\",\"reason\":\"weekend\"}]"
#define RRULE_OVER_DST \
  "[{\"kind\":\"rrule\",\"rrule\":\"RRULE:FREQ=DAILY;BYHOUR=1;BYMINUTE=30\"," \
  "\"duration_minutes\":120,\"time_zone\":\"Europe/Berlin\",\"reason\":\"backup\"," \
  "\"allow_override\":true}]"
#define BACK_TO_BACK \
  "[{\"kind\":\"weekly\",\"days\":[\"sat\",\"sun\"],\"start\":\"00:00\",\"end\":\"23:59\"}," \
  "{\"kind\":\"rrule\",\"rrule\":\"FREQ=DAILY;BYHOUR=23;BYMINUTE=59\",\"duration_minutes\":1}]"

static const struct {
  const char *windows;
  const char *now;
  const char *reason;     /* NULL: closed */
  const char *reopens_at; /* NULL with a reason: not known */
  gboolean    override_allowed;
  const char *why;
} open_rows[] = {
  { WEEKLY_OVER_MIDNIGHT, "2026-12-04T20:59:59Z", NULL, NULL, FALSE,
    "weekly: one second before Friday 22:00 CET" },
  { WEEKLY_OVER_MIDNIGHT, "2026-12-04T21:00:00Z", "night", "2026-12-05T05:00:00Z", FALSE,
    "weekly: Friday 22:00 CET opens it until Saturday 06:00 CET" },
  { WEEKLY_OVER_MIDNIGHT, "2026-12-05T04:59:59Z", "night", "2026-12-05T05:00:00Z", FALSE,
    "weekly over midnight: Friday's window is still open on Saturday morning" },
  { WEEKLY_OVER_MIDNIGHT, "2026-12-05T05:00:00Z", NULL, NULL, FALSE,
    "weekly over midnight: closed at 06:00 CET" },
  { WEEKLY_OVER_MIDNIGHT, "2026-12-03T22:00:00Z", NULL, NULL, FALSE,
    "weekly: Thursday night is not Friday night" },
  { RRULE_BYDAY_BYHOUR, "2026-12-07T08:59:59Z", NULL, NULL, FALSE,
    "rrule: Monday one second before 09:00" },
  { RRULE_BYDAY_BYHOUR, "2026-12-07T09:30:00Z", "standup", "2026-12-07T10:00:00Z", FALSE,
    "rrule: Monday 09:00 for an hour" },
  { RRULE_BYDAY_BYHOUR, "2026-12-07T10:00:00Z", NULL, NULL, FALSE,
    "rrule: closed after its duration" },
  { RRULE_BYDAY_BYHOUR, "2026-12-09T15:00:00Z", "standup", "2026-12-09T16:00:00Z", FALSE,
    "rrule: the second BYHOUR on the second BYDAY" },
  { RRULE_BYDAY_BYHOUR, "2026-12-08T09:30:00Z", NULL, NULL, FALSE,
    "rrule: Tuesday is not in BYDAY" },
  { ONCE_INSIDE_RECURRING, "2026-12-04T19:00:00Z", "friday", "2026-12-05T01:00:00Z", TRUE,
    "one-off inside a recurring one: it reopens when the one-off that follows ends" },
  { ONCE_INSIDE_RECURRING, "2026-12-04T21:00:00Z", "friday", "2026-12-05T01:00:00Z", FALSE,
    "one-off inside a recurring one: both open, the one-off allows no override" },
  { ONCE_INSIDE_RECURRING, "2026-12-04T23:00:00Z", "release freeze", "2026-12-05T01:00:00Z",
    FALSE, "one-off inside a recurring one: the one-off alone" },
  { ONCE_INSIDE_RECURRING, "2026-12-05T01:00:00Z", NULL, NULL, FALSE,
    "one-off inside a recurring one: both closed" },
  { WEEKLY_OVER_DST, "2026-03-28T20:59:59Z", NULL, NULL, FALSE,
    "DST: Saturday one second before 22:00 CET" },
  { WEEKLY_OVER_DST, "2026-03-29T03:59:59Z", "weekend", "2026-03-29T04:00:00Z", FALSE,
    "DST: the wall clock's 06:00 is 06:00 CEST, seven hours after 22:00 CET" },
  { WEEKLY_OVER_DST, "2026-03-29T04:00:00Z", NULL, NULL, FALSE,
    "DST: closed at 06:00 CEST, not an hour later" },
  { RRULE_OVER_DST, "2026-03-29T02:29:59Z", "backup", "2026-03-29T02:30:00Z", TRUE,
    "DST: 01:30 CET plus two elapsed hours" },
  { RRULE_OVER_DST, "2026-03-29T02:30:00Z", NULL, NULL, FALSE,
    "DST: closed two elapsed hours after 01:30 CET" },
  { RRULE_OVER_DST, "2026-03-29T23:29:59Z", NULL, NULL, FALSE,
    "DST: one second before 01:30 CEST" },
  { RRULE_OVER_DST, "2026-03-29T23:30:00Z", "backup", "2026-03-30T01:30:00Z", TRUE,
    "DST: the next day's 01:30 is 01:30 CEST" },
  { BACK_TO_BACK, "2026-12-05T12:00:00Z", NULL, "2026-12-07T00:00:00Z", FALSE,
    "back to back: the chain of windows reopens on Monday (no reason given)" },
};

static void
test_open (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) windows = parse_windows (open_rows[i].windows);
  g_autoptr(GDateTime) now = at (open_rows[i].now);
  ScDenyState state = { 0, };
  gboolean expect_open = open_rows[i].reason != NULL || open_rows[i].reopens_at != NULL;

  g_test_message ("row %u: %s", i, open_rows[i].why);
  g_assert_cmpint (sc_deny_windows_check (windows, now, &state), ==, expect_open);
  g_assert_cmpint (state.open, ==, expect_open);
  if (expect_open)
    {
      g_autofree char *reopens = state.reopens_at != NULL ? sc_time_format (state.reopens_at)
                                                          : NULL;

      g_assert_cmpstr (state.window->reason, ==, open_rows[i].reason);
      g_assert_cmpstr (reopens, ==, open_rows[i].reopens_at);
    }
  g_assert_cmpint (state.override_allowed, ==, open_rows[i].override_allowed);
  sc_deny_state_clear (&state);
}

static const struct {
  const char *windows;
  const char *field;
  const char *why;
} invalid_rows[] = {
  { "[{\"kind\":\"rrule\",\"rrule\":\"FREQ=SOMETIMES\",\"duration_minutes\":5}]",
    "deny_windows[0].rrule", "not a recurrence rule" },
  { "[{\"kind\":\"rrule\",\"rrule\":\"FREQ=MINUTELY\",\"duration_minutes\":5}]",
    "deny_windows[0].rrule", "more often than hourly" },
  { "[{\"kind\":\"rrule\",\"rrule\":\"FREQ=DAILY\"}]",
    "deny_windows[0].duration_minutes", "an occurrence needs a duration" },
  { "[{\"kind\":\"rrule\",\"rrule\":\"FREQ=DAILY\",\"duration_minutes\":5,"
    "\"dtstart\":\"2026-02-30T00:00:00\"}]",
    "deny_windows[0].dtstart", "no such day" },
  { "[{\"kind\":\"weekly\",\"days\":[\"fri\"],\"start\":\"22:00\",\"end\":\"22:00\"}]",
    "deny_windows[0].end", "a weekly window of no length" },
  { "[{\"kind\":\"weekly\",\"days\":[\"friday\"],\"start\":\"22:00\",\"end\":\"23:00\"}]",
    "deny_windows[0].days[0]", "days are three-letter names" },
  { "[{\"kind\":\"weekly\",\"days\":[],\"start\":\"22:00\",\"end\":\"23:00\"}]",
    "deny_windows[0].days", "a weekly window needs a day" },
  { "[{\"kind\":\"weekly\",\"days\":[\"mon\"],\"start\":\"24:00\",\"end\":\"23:00\"}]",
    "deny_windows[0].start", "no hour 24" },
  { "[{\"kind\":\"once\",\"from\":\"2026-12-05T00:00:00Z\",\"until\":\"2026-12-04T00:00:00Z\"}]",
    "deny_windows[0].until", "a one-off window ends after it starts" },
  { "[{\"kind\":\"once\",\"from\":\"2026-12-05T00:00:00Z\"}]",
    "deny_windows[0].until", "a one-off window needs an end" },
  { "[{\"kind\":\"once\",\"from\":\"2026-12-05T00:00:00Z\",\"until\":\"2026-12-06T00:00:00Z\","
    "\"time_zone\":\"Mars/Olympus\"}]",
    "deny_windows[0].time_zone", "an unknown time zone" },
  { "[{\"kind\":\"monthly\"}]", "deny_windows[0].kind", "an unknown kind" },
};

static void
test_invalid (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sc_json_parse (invalid_rows[i].windows, -1, SC_JSON_MAX_DEPTH, &error);
  g_autoptr(GPtrArray) windows = NULL;

  g_test_message ("row %u: %s", i, invalid_rows[i].why);
  g_assert_no_error (error);
  windows = sc_deny_windows_from_json (node, "deny_windows", violations, &error);
  g_assert_no_error (error);
  g_assert_null (windows);
  g_assert_cmpuint (violations->len, >=, 1);
  g_assert_cmpstr (((ScViolation *) g_ptr_array_index (violations, 0))->field, ==,
                   invalid_rows[i].field);
}

/* What goes in comes out: the API shape round-trips. */
static void
test_round_trip (void)
{
  g_autofree char *flat = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(JsonNode) out_again = NULL;

  /* the two lists side by side are not one list: join them */
  flat = g_strdup_printf ("[%.*s,%.*s]",
                          (int) strlen (ONCE_INSIDE_RECURRING) - 2, ONCE_INSIDE_RECURRING + 1,
                          (int) strlen (RRULE_OVER_DST) - 2, RRULE_OVER_DST + 1);
  windows = parse_windows (flat);
  g_assert_cmpuint (windows->len, ==, 3);
  out = sc_deny_windows_to_json (windows);
  {
    g_autofree char *text = sc_json_to_string (out);

    again = parse_windows (text);
    g_assert_nonnull (strstr (text, "\"days\":[\"fri\"]"));
    g_assert_nonnull (strstr (text, "\"rrule\":\"FREQ=DAILY;BYHOUR=1;BYMINUTE=30\""));
  }
  out_again = sc_deny_windows_to_json (again);
  g_assert_true (json_node_equal (out, out_again));
}

/* The freeze state: an emergency stop wins and allows no override; the
 * one-off freeze of API v1 reopens when the windows after it close. */
static void
test_freeze_state (void)
{
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(GDateTime) now = at ("2026-12-04T19:00:00Z");
  ScFreezeState state = { 0, };

  g_ptr_array_unref (policy->deny_windows);
  policy->deny_windows = parse_windows (ONCE_INSIDE_RECURRING);

  sc_rules_freeze_state (policy, now, &state);
  g_assert_true (state.frozen);
  g_assert_false (state.emergency_stop);
  g_assert_cmpstr (state.reason, ==, "friday");
  g_assert_true (state.override_allowed);
  sc_freeze_state_clear (&state);

  policy->freeze.active = TRUE;
  policy->freeze.reason = g_strdup ("audit");
  policy->freeze.until = at ("2026-12-04T21:30:00Z");
  sc_rules_freeze_state (policy, now, &state);
  g_assert_true (state.frozen);
  g_assert_cmpstr (state.reason, ==, "audit");
  g_assert_false (state.override_allowed);
  {
    g_autofree char *reopens = sc_time_format (state.reopens_at);

    g_assert_cmpstr (reopens, ==, "2026-12-05T01:00:00Z");
  }
  sc_freeze_state_clear (&state);

  policy->emergency_stop.active = TRUE;
  policy->emergency_stop.reason = g_strdup ("incident 42");
  sc_rules_freeze_state (policy, now, &state);
  g_assert_true (state.frozen);
  g_assert_true (state.emergency_stop);
  g_assert_cmpstr (state.reason, ==, "incident 42");
  g_assert_null (state.reopens_at);
  g_assert_false (state.override_allowed);
  sc_freeze_state_clear (&state);
}

static ScPathSpec *
make_path (void)
{
  ScPathSpec *path = sc_path_spec_new ("Pipeline");
  ScStage *stage;

  g_ptr_array_add (path->stages, sc_stage_new ("dev", "org_dev"));
  stage = sc_stage_new ("prod", "org_prod");
  stage->soak_seconds = 24 * 3600;
  g_ptr_array_add (path->stages, stage);
  return path;
}

static ScOrgGraph *
make_graph (void)
{
  ScOrgGraph *graph = sc_org_graph_new ();

  sc_org_graph_add_org (graph, "org_dev", "Dev", SC_ORG_TYPE_NONE);
  sc_org_graph_add_org (graph, "org_prod", "Prod", SC_ORG_TYPE_NONE);
  return graph;
}

/* Soak time is elapsed time: a day after 11:00 CET on the Saturday before
 * the change is 12:00 CEST on the Sunday, not 11:00 CEST; the sentence
 * says it in the org's zone. */
static const struct {
  const char *now;
  const char *expected;  /* "" allowed, else a part of the reason */
  const char *why;
} soak_rows[] = {
  { "2026-03-29T09:00:00Z", "after 12:00 CEST today",
    "11:00 CEST on the wall clock is only 23 hours later" },
  { "2026-03-29T09:59:59Z", "after 12:00 CEST today", "one second before 24 hours" },
  { "2026-03-29T10:00:00Z", "", "exactly 24 elapsed hours" },
  { "2026-03-29T10:00:01Z", "", "one second after" },
  { "2026-03-28T22:59:59Z", "after 12:00 CEST tomorrow", "the evening before, local time" },
};

static void
test_soak_dst (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScPathSpec) path = make_path ();
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GDateTime) arrived_at = at ("2026-03-28T10:00:00Z");
  g_autoptr(GDateTime) now = at (soak_rows[i].now);
  ScPromotionFacts facts = {
    .action = SC_PROMOTION_ACTION_PROMOTE,
    .path = path,
    .current_index = 0,
    .target_tag = "prod",
    .release_is_workflows = TRUE,
    .source_permission = SC_PERMISSION_MANAGE,
    .target_role = SC_ROLE_ADMIN,
    .soak_required_seconds = 24 * 3600,
    .arrived_at = arrived_at,
    .now = now,
    .time_zone = "Europe/Berlin",
  };
  gboolean ok;

  g_test_message ("row %u: %s", i, soak_rows[i].why);
  ok = sc_rules_check_promotion (&facts, graph, hierarchy, violations);
  if (*soak_rows[i].expected == '\0')
    {
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_cmpuint (violations->len, ==, 1);
  g_assert_cmpstr (((ScViolation *) g_ptr_array_index (violations, 0))->rule, ==, "soak");
  g_assert_nonnull (strstr (((ScViolation *) g_ptr_array_index (violations, 0))->reason,
                            soak_rows[i].expected));
}

/* The override, in the rule: only an admin, only with a reason, only
 * where every open window allows it, never through an emergency stop. */
static const struct {
  ScRole      role;
  gboolean    allowed_by_windows;
  gboolean    emergency;
  const char *override_reason;
  const char *expected;   /* "" allowed, else "rule/field" */
  const char *why;
} override_rows[] = {
  { SC_ROLE_ADMIN, TRUE, FALSE, NULL, "frozen/-", "no override asked" },
  { SC_ROLE_ADMIN, TRUE, FALSE, "hotfix for incident 7", "", "an admin's override with a reason" },
  { SC_ROLE_ADMIN, TRUE, FALSE, "  ", "frozen/override_reason", "a blank reason is none" },
  { SC_ROLE_DEVELOPER, TRUE, FALSE, "hotfix", "target_permission/-, frozen/override_reason",
    "not an admin" },
  { SC_ROLE_ADMIN, FALSE, FALSE, "hotfix", "frozen/override_reason",
    "a window that allows no override" },
  { SC_ROLE_ADMIN, TRUE, TRUE, "hotfix", "frozen/override_reason",
    "an emergency stop cannot be overridden" },
};

static void
test_override (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScPathSpec) path = make_path ();
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GDateTime) now = at ("2026-12-04T21:00:00Z");
  g_autoptr(GDateTime) reopens = at ("2026-12-05T05:00:00Z");
  g_autoptr(GString) summary = g_string_new (NULL);
  ScPromotionFacts facts = {
    .action = SC_PROMOTION_ACTION_PROMOTE,
    .path = path,
    .current_index = 0,
    .target_tag = "prod",
    .release_is_workflows = TRUE,
    .source_permission = SC_PERMISSION_MANAGE,
    .target_role = override_rows[i].role,
    .now = now,
    .frozen = TRUE,
    .freeze_reason = "night",
    .reopens_at = reopens,
    .time_zone = "Europe/Berlin",
    .emergency_stop = override_rows[i].emergency,
    .override_allowed = override_rows[i].allowed_by_windows,
    .override_reason = override_rows[i].override_reason,
  };

  g_test_message ("row %u: %s", i, override_rows[i].why);
  sc_rules_check_promotion (&facts, graph, hierarchy, violations);
  for (guint v = 0; v < violations->len; v++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, v);

      g_string_append_printf (summary, "%s%s/%s", v > 0 ? ", " : "", violation->rule,
                              violation->field != NULL ? violation->field : "-");
      if (g_strcmp0 (violation->rule, "frozen") == 0 && !override_rows[i].emergency)
        /* the reason and when it reopens, in the window's zone */
        g_assert_nonnull (strstr (violation->reason,
                                  "“night”. They reopen at 06:00 CET tomorrow."));
    }
  g_assert_cmpstr (summary->str, ==, override_rows[i].expected);
  g_assert_cmpint (sc_rules_override_possible (&facts), ==,
                   override_rows[i].role == SC_ROLE_ADMIN && override_rows[i].allowed_by_windows &&
                   !override_rows[i].emergency);
}

static const struct {
  const char *when;
  const char *now;
  const char *zone;
  const char *expected;
} format_rows[] = {
  { "2026-03-29T04:00:00Z", "2026-03-29T00:30:00Z", "Europe/Berlin", "06:00 CEST today" },
  { "2026-03-29T00:30:00Z", "2026-03-28T12:00:00Z", "Europe/Berlin", "01:30 CET tomorrow" },
  { "2026-12-24T13:00:30Z", "2026-12-04T12:00:00Z", "Europe/Berlin", "2026-12-24 14:00:30 CET" },
  { "2026-12-05T05:00:00Z", "2026-12-04T21:00:00Z", NULL, "05:00 UTC tomorrow" },
  /* midnight in Berlin is still the 4th in New York */
  { "2026-12-05T00:30:00Z", "2026-12-04T20:00:00Z", "America/New_York", "19:30 EST today" },
};

static void
test_format (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_rows); i++)
    {
      g_autoptr(GDateTime) when = at (format_rows[i].when);
      g_autoptr(GDateTime) now = at (format_rows[i].now);
      g_autofree char *text = sc_rules_format_at (when, now, format_rows[i].zone);

      g_assert_cmpstr (text, ==, format_rows[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* the sentences are checked in English */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (open_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/windows/open/%u", i);

      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_open);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/windows/invalid/%u", i);

      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_invalid);
    }
  g_test_add_func ("/windows/round-trip", test_round_trip);
  g_test_add_func ("/windows/freeze-state", test_freeze_state);
  for (guint i = 0; i < G_N_ELEMENTS (soak_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/windows/soak-dst/%u", i);

      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_soak_dst);
    }
  for (guint i = 0; i < G_N_ELEMENTS (override_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/windows/override/%u", i);

      g_test_add_data_func (name, GUINT_TO_POINTER (i), test_override);
    }
  g_test_add_func ("/windows/format", test_format);

  return g_test_run ();
}
