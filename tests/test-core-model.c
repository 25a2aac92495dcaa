/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Test"

#include "config.h"

#include <string.h>

#include "sc-model.h"
#include "sc-violations.h"

/* As in test-core-rules.c: expected violations are one string,
 * "rule/field, rule/field", "-" for a missing part, "" for none. An
 * expected error is a substring of its message (the field path); NULL
 * means no error. */
static char *
summarize (GPtrArray *violations)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *v = g_ptr_array_index (violations, i);

      g_assert_nonnull (v->reason);
      g_assert_cmpstr (v->reason, !=, "");

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s/%s",
                              v->rule != NULL ? v->rule : "-",
                              v->field != NULL ? v->field : "-");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (text == NULL)
    return NULL;

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  return node;
}

static char *
to_text (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* Checks the outcome of a parse: either a type error whose message contains
 * @error_text (and then no result), or a result with @violations. */
static void
assert_outcome (gpointer     result,
                GError      *error,
                GPtrArray   *violations,
                const char  *error_text,
                const char  *expected)
{
  if (error_text != NULL)
    {
      g_assert_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE);
      g_test_message ("error: %s", error->message);
      g_assert_nonnull (strstr (error->message, error_text));
      g_assert_null (result);
    }
  else
    {
      g_autofree char *summary = summarize (violations);

      g_assert_no_error (error);
      g_assert_nonnull (result);
      g_assert_cmpstr (summary, ==, expected);
    }
}

#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define X1000 X100 X100 X100 X100 X100 X100 X100 X100 X100 X100
#define X999 X100 X100 X100 X100 X100 X100 X100 X100 X100 \
             X10 X10 X10 X10 X10 X10 X10 X10 X10 "xxxxxxxxx"

/* --- sc_json_check_object --------------------------------------------------- */

static const ScFieldSpec check_fields[] = {
  { "name", SC_FIELD_STRING, TRUE },
  { "note", SC_FIELD_STRING_OR_NULL, FALSE },
  { "count", SC_FIELD_INT, FALSE },
  { "flag", SC_FIELD_BOOL, FALSE },
  { "list", SC_FIELD_ARRAY, FALSE },
  { "object", SC_FIELD_OBJECT, FALSE },
  { "anything", SC_FIELD_ANY, FALSE },
};

static const struct {
  const char *json;
  const char *prefix;
  const char *error;
  const char *expected;
  const char *why;
} check_rows[] = {
  { "{\"name\": \"a\"}", "", NULL, "", "only the required member" },
  { "{\"name\": \"a\", \"note\": null, \"count\": -3, \"flag\": false, \"list\": [],"
    " \"object\": {}, \"anything\": [1, \"x\"]}", "", NULL, "", "every type right" },
  { "{\"name\": \"a\", \"note\": \"n\", \"anything\": null}", "", NULL, "",
    "string where string-or-null; null where any" },
  { "{}", "", NULL, "-/name", "required member missing" },
  { "{}", "grants[0].", NULL, "-/grants[0].name", "the prefix goes in front" },
  { "{\"name\": \"a\", \"colour\": 1, \"size\": 2}", "", NULL, "-/colour, -/size",
    "unknown members, each reported, whatever their type" },
  { "{\"colour\": 1}", "", NULL, "-/colour, -/name", "unknown first, then missing" },
  { "{\"name\": 5}", "", "name must be a string", NULL, "number for a string" },
  { "{\"name\": null}", "", "name must be a string", NULL, "null is not a string" },
  { "{\"name\": \"a\", \"note\": 1}", "", "note must be a string or null", NULL,
    "number for string-or-null" },
  { "{\"name\": \"a\", \"count\": 1.5}", "", "count must be a whole number", NULL,
    "fraction for an integer" },
  { "{\"name\": \"a\", \"count\": \"1\"}", "", "count must be a whole number", NULL,
    "string for an integer" },
  { "{\"name\": \"a\", \"flag\": 1}", "", "flag must be true or false", NULL,
    "number for a boolean" },
  { "{\"name\": \"a\", \"list\": {}}", "", "list must be an array", NULL,
    "object for an array" },
  { "{\"name\": \"a\", \"object\": []}", "", "object must be an object", NULL,
    "array for an object" },
  { "{\"name\": \"a\", \"object\": []}", "p.", "p.object must be an object", NULL,
    "the error names the full path" },
  { "[]", "", "The request body must be a JSON object", NULL, "body is an array" },
  { "\"text\"", "", "The request body must be a JSON object", NULL, "body is a string" },
  { "null", "", "The request body must be a JSON object", NULL, "body is null" },
  { NULL, "", "The request body must be a JSON object", NULL, "no body at all" },
  { "7", "grants[3].", "grants[3] must be an object", NULL,
    "a nested non-object is named without the dot" },
};

static void
test_check_object (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(JsonNode) node = parse_json (check_rows[i].json);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_test_message ("row %u: %s", i, check_rows[i].why);
  ok = sc_json_check_object (node, check_rows[i].prefix, check_fields,
                             G_N_ELEMENTS (check_fields), violations, &error);
  g_assert_cmpint (ok, ==, check_rows[i].error == NULL);
  /* assert_outcome wants a result pointer; a check has none */
  assert_outcome (ok ? GINT_TO_POINTER (1) : NULL, error, violations,
                  check_rows[i].error, check_rows[i].expected);
}

/* --- paths ----------------------------------------------------------------- */

static const struct {
  const char *json;
  const char *error;
  const char *expected;
  guint       n_stages;
  const char *why;
} path_rows[] = {
  { "{\"name\": \"Pipeline\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"org_a\"},"
    " {\"tag\": \"prod\", \"org_id\": \"org_b\"}]}", NULL, "", 2, "a good path" },
  { "{\"name\": \"Pipeline\", \"stages\": [{\"tag\": \"BAD!\", \"org_id\": \"org_a\"}]}",
    NULL, "", 1, "tag syntax and stage count are the rules' business" },
  { "{\"stages\": []}", NULL, "-/name", 0, "missing name" },
  { "{\"name\": \"P\"}", NULL, "-/stages", 0, "missing stages" },
  { "{\"name\": \"P\", \"stages\": [{\"tag\": \"dev\"}, {\"org_id\": \"org_b\"}]}",
    NULL, "-/stages[0].org_id, -/stages[1].tag", 2, "missing stage members" },
  { "{\"name\": \"P\", \"colour\": \"red\", \"stages\": [{\"tag\": \"dev\", "
    "\"org_id\": \"o\", \"name\": \"x\"}]}",
    NULL, "-/colour, -/stages[0].name", 1, "unknown members at both levels" },
  { "{\"name\": 5, \"stages\": []}", "name must be a string", NULL, 0, "name a number" },
  { "{\"name\": null, \"stages\": []}", "name must be a string", NULL, 0, "name null" },
  { "{\"name\": \"P\", \"stages\": {}}", "stages must be an array", NULL, 0,
    "stages an object" },
  { "{\"name\": \"P\", \"stages\": [\"dev\"]}", "stages[0] must be an object", NULL, 0,
    "a stage that is a string" },
  { "{\"name\": \"P\", \"stages\": [{\"tag\": \"a\", \"org_id\": \"o\"}, {\"tag\": 1,"
    " \"org_id\": \"o\"}]}", "stages[1].tag must be a string", NULL, 0, "tag a number" },
  { "{\"name\": \"P\", \"stages\": [{\"tag\": \"a\", \"org_id\": true}]}",
    "stages[0].org_id must be a string", NULL, 0, "org_id a boolean" },
  { "[]", "The request body must be a JSON object", NULL, 0, "not an object" },
};

static void
test_path (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(JsonNode) node = parse_json (path_rows[i].json);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPathSpec) spec = NULL;

  g_test_message ("row %u: %s", i, path_rows[i].why);
  spec = sc_path_spec_from_json (node, violations, &error);
  assert_outcome (spec, error, violations, path_rows[i].error, path_rows[i].expected);
  if (spec != NULL)
    g_assert_cmpuint (spec->stages->len, ==, path_rows[i].n_stages);
}

static void
test_path_values (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"name\": \"Pipeline\", \"stages\": ["
                                         "{\"tag\": \"dev\", \"org_id\": \"org_a\"},"
                                         "{\"tag\": \"prod\", \"org_id\": \"org_b\"}]}");
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPathSpec) spec = sc_path_spec_from_json (node, violations, &error);
  const ScStage *stage;

  g_assert_no_error (error);
  g_assert_cmpstr (spec->name, ==, "Pipeline");
  stage = g_ptr_array_index (spec->stages, 1);
  g_assert_cmpstr (stage->tag, ==, "prod");
  g_assert_cmpstr (stage->org_id, ==, "org_b");
}

/* --- workflows ---------------------------------------------------------------- */

#define TRIGGER "\"trigger\": {\"url\": \"/hooks/sync\", \"method\": \"POST\"}"

static const struct {
  const char *json;
  const char *error;
  const char *expected;
  const char *method; /* normalised, when there are no violations */
  const char *why;
} workflow_rows[] = {
  { "{\"name\": \"Sync\", " TRIGGER "}", NULL, "", "POST", "the minimum" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"/a\", \"method\": \"get\"}}",
    NULL, "", "GET", "lower-case method is normalised" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"/a\", \"method\": \"Delete\"}}",
    NULL, "", "DELETE", "mixed-case method" },
  { "{\"name\": \"Sync\", \"description\": null, \"steps\": [], \"config\": {},"
    " \"tags\": [], \"connection_ids\": [], " TRIGGER "}",
    NULL, "", "POST", "every optional member, empty" },
  { "{\"name\": \"" X100 X100 "\", " TRIGGER "}", NULL, "", "POST", "200-character name" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"" "/" X1000 X999 "\", \"method\": \"PUT\"}}",
    NULL, "", "PUT", "2000-character url" },
  { "{" TRIGGER "}", NULL, "-/name", NULL, "missing name" },
  { "{\"name\": \"Sync\"}", NULL, "-/trigger", NULL, "missing trigger" },
  { "{}", NULL, "-/name, -/trigger", NULL, "both missing" },
  { "{\"name\": \"\", " TRIGGER "}", NULL, "-/name", NULL, "empty name" },
  { "{\"name\": \"   \", " TRIGGER "}", NULL, "-/name", NULL, "blank name" },
  { "{\"name\": \"" X100 X100 "x\", " TRIGGER "}", NULL, "-/name", NULL,
    "201-character name" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"hooks\", \"method\": \"GET\"}}",
    NULL, "-/trigger.url", NULL, "url without a leading /" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"https://x.test/a\", \"method\": \"GET\"}}",
    NULL, "-/trigger.url", NULL, "an absolute URL is not a path" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"" "/" X1000 X1000 "\", \"method\": \"GET\"}}",
    NULL, "-/trigger.url", NULL, "2001-character url" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"/a\", \"method\": \"FETCH\"}}",
    NULL, "-/trigger.method", NULL, "unknown method" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"/a\", \"method\": \"\"}}",
    NULL, "-/trigger.method", NULL, "empty method" },
  { "{\"name\": \"Sync\", \"trigger\": {}}", NULL, "-/trigger.url, -/trigger.method", NULL,
    "empty trigger" },
  { "{\"name\": \"Sync\", \"trigger\": {\"url\": \"/a\", \"method\": \"GET\", \"headers\": {}}}",
    NULL, "-/trigger.headers", NULL, "unknown trigger member" },
  { "{\"name\": \"Sync\", \"owner\": \"me\", " TRIGGER "}", NULL, "-/owner", NULL,
    "unknown member" },
  { "{\"name\": \"\", \"trigger\": {\"url\": \"x\", \"method\": \"x\"}, \"id\": 1}",
    NULL, "-/id, -/name, -/trigger.url, -/trigger.method", NULL, "all reported at once" },
  { "{\"name\": 1, " TRIGGER "}", "name must be a string", NULL, NULL, "name a number" },
  { "{\"name\": \"S\", \"description\": 3, " TRIGGER "}",
    "description must be a string or null", NULL, NULL, "description a number" },
  { "{\"name\": \"S\", \"trigger\": \"/a\"}", "trigger must be an object", NULL, NULL,
    "trigger a string" },
  { "{\"name\": \"S\", \"trigger\": {\"url\": 1, \"method\": \"GET\"}}",
    "trigger.url must be a string", NULL, NULL, "url a number" },
  { "{\"name\": \"S\", \"trigger\": {\"url\": \"/a\", \"method\": null}}",
    "trigger.method must be a string", NULL, NULL, "method null" },
  { "{\"name\": \"S\", \"steps\": {}, " TRIGGER "}", "steps must be an array", NULL, NULL,
    "steps an object" },
  { "{\"name\": \"S\", \"config\": [], " TRIGGER "}", "config must be an object", NULL, NULL,
    "config an array" },
  { "{\"name\": \"S\", \"tags\": \"a\", " TRIGGER "}", "tags must be an array", NULL, NULL,
    "tags a string" },
  { "{\"name\": \"S\", \"tags\": [\"a\", 1], " TRIGGER "}", "tags[1] must be a string", NULL,
    NULL, "a tag that is a number" },
  { "{\"name\": \"S\", \"connection_ids\": {}, " TRIGGER "}",
    "connection_ids must be an array", NULL, NULL, "connection_ids an object" },
  { "{\"name\": \"S\", \"connection_ids\": [null], " TRIGGER "}",
    "connection_ids[0] must be a string", NULL, NULL, "a null connection id" },
  { "\"Sync\"", "The request body must be a JSON object", NULL, NULL, "not an object" },
};

static void
test_workflow (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(JsonNode) node = parse_json (workflow_rows[i].json);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScWorkflowSpec) spec = NULL;

  g_test_message ("row %u: %s", i, workflow_rows[i].why);
  spec = sc_workflow_spec_from_json (node, violations, &error);
  assert_outcome (spec, error, violations, workflow_rows[i].error, workflow_rows[i].expected);

  if (spec != NULL)
    {
      /* the defaults are there whatever else went wrong */
      g_assert_nonnull (spec->description);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (spec->steps));
      g_assert_true (JSON_NODE_HOLDS_OBJECT (spec->config));
      g_assert_nonnull (spec->tags);
      g_assert_nonnull (spec->connection_ids);
      if (workflow_rows[i].method != NULL)
        g_assert_cmpstr (spec->trigger_method, ==, workflow_rows[i].method);
    }
}

static void
test_workflow_values (void)
{
  g_autoptr(JsonNode) full = parse_json ("{\"name\": \"Sync\", \"description\": \"Nightly\","
                                         " \"steps\": [{\"run\": \"a\"}],"
                                         " \"config\": {\"k\": 1},"
                                         " \"trigger\": {\"url\": \"/hooks/sync\","
                                         " \"method\": \"patch\"},"
                                         " \"tags\": [\"billing\", \"nightly\"],"
                                         " \"connection_ids\": [\"con_1\"]}");
  g_autoptr(JsonNode) minimal = parse_json ("{\"name\": \"Sync\", " TRIGGER "}");
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScWorkflowSpec) spec = NULL;
  g_autoptr(ScWorkflowSpec) defaults = NULL;
  g_autofree char *steps = NULL;
  g_autofree char *config = NULL;
  g_autofree char *empty_steps = NULL;
  g_autofree char *empty_config = NULL;

  spec = sc_workflow_spec_from_json (full, violations, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (violations->len, ==, 0);
  g_assert_cmpstr (spec->name, ==, "Sync");
  g_assert_cmpstr (spec->description, ==, "Nightly");
  steps = to_text (spec->steps);
  g_assert_cmpstr (steps, ==, "[{\"run\":\"a\"}]");
  config = to_text (spec->config);
  g_assert_cmpstr (config, ==, "{\"k\":1}");
  g_assert_cmpstr (spec->trigger_url, ==, "/hooks/sync");
  g_assert_cmpstr (spec->trigger_method, ==, "PATCH");
  g_assert_cmpuint (g_strv_length (spec->tags), ==, 2);
  g_assert_cmpstr (spec->tags[1], ==, "nightly");
  g_assert_cmpuint (g_strv_length (spec->connection_ids), ==, 1);
  g_assert_cmpstr (spec->connection_ids[0], ==, "con_1");

  defaults = sc_workflow_spec_from_json (minimal, violations, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (violations->len, ==, 0);
  g_assert_cmpstr (defaults->description, ==, "");
  empty_steps = to_text (defaults->steps);
  g_assert_cmpstr (empty_steps, ==, "[]");
  empty_config = to_text (defaults->config);
  g_assert_cmpstr (empty_config, ==, "{}");
  g_assert_cmpuint (g_strv_length (defaults->tags), ==, 0);
  g_assert_cmpuint (g_strv_length (defaults->connection_ids), ==, 0);
}

/* --- approval policy ------------------------------------------------------------ */

#define POLICY(enabled, roles, assignees, n, days, freeze) \
  "{\"enabled\":" enabled ",\"reviewer_roles\":" roles ",\"assignee_ids\":" assignees \
  ",\"required_approvals\":" n ",\"expiry_days\":" days ",\"freeze\":" freeze \
  ",\"instructions\":null,\"comment_required_to_reject\":false," \
  "\"comment_required_to_approve\":false" \
  ",\"deny_windows\":[],\"time_zone\":\"UTC\",\"emergency_stop\":{\"active\":false," \
  "\"reason\":null,\"by\":null,\"at\":null}}"
#define FREEZE(active, from, until, reason) \
  "{\"active\":" active ",\"from\":" from ",\"until\":" until ",\"reason\":" reason "}"
#define FREEZE_OFF FREEZE ("false", "null", "null", "null")
#define DEFAULT_POLICY POLICY ("false", "[\"admin\"]", "[]", "1", "7", FREEZE_OFF)
#define WINDOW_POLICY \
  POLICY ("false", "[\"admin\"]", "[]", "1", "7", \
          FREEZE ("true", "\"2026-12-01T00:00:00Z\"", "\"2026-12-02T00:00:00Z\"", "\"R\""))

/* A policy with a freeze window, the start of the rows that need one. */
#define WINDOW_PATCH \
  "{\"freeze\": {\"active\": true, \"from\": \"2026-12-01T00:00:00Z\"," \
  " \"until\": \"2026-12-02T00:00:00Z\", \"reason\": \"R\"}}"

static const struct {
  const char *base;   /* patch applied first, NULL for the default policy */
  const char *patch;
  const char *prefix;
  const char *error;
  const char *expected;
  const char *result; /* the policy's JSON afterwards, when there are no violations */
  const char *why;
} policy_rows[] = {
  { NULL, "{}", "", NULL, "", DEFAULT_POLICY, "an empty patch changes nothing" },
  { NULL, "{\"enabled\": true}", "", NULL, "",
    POLICY ("true", "[\"admin\"]", "[]", "1", "7", FREEZE_OFF), "only enabled" },
  { NULL, "{\"reviewer_roles\": [\"admin\", \"reviewer\", \"admin\"]}", "", NULL, "",
    POLICY ("false", "[\"reviewer\",\"admin\"]", "[]", "1", "7", FREEZE_OFF),
    "roles come out in power order, once each" },
  { NULL, "{\"assignee_ids\": [\"usr_a\", \"usr_b\"]}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[\"usr_a\",\"usr_b\"]", "1", "7", FREEZE_OFF),
    "named assignees" },
  { NULL, "{\"required_approvals\": 100, \"expiry_days\": 365}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[]", "100", "365", FREEZE_OFF), "the maxima" },
  { NULL, "{\"required_approvals\": 1, \"expiry_days\": 1}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[]", "1", "1", FREEZE_OFF), "the minima" },
  { NULL, "{\"freeze\": {\"active\": true}}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[]", "1", "7", FREEZE ("true", "null", "null", "null")),
    "freeze now, no window" },
  { NULL, "{\"freeze\": {\"active\": true, \"from\": \"2026-12-01T00:00:00Z\","
    " \"until\": \"2026-12-02T00:00:00+01:00\", \"reason\": \"Holidays\"}}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[]", "1", "7",
            FREEZE ("true", "\"2026-12-01T00:00:00Z\"", "\"2026-12-01T23:00:00Z\"",
                    "\"Holidays\"")),
    "a window; times come out in UTC" },
  { WINDOW_PATCH, "{\"freeze\": {\"until\": null}}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[]", "1", "7",
            FREEZE ("true", "\"2026-12-01T00:00:00Z\"", "null", "\"R\"")),
    "null clears one time, the rest of the freeze stays" },
  { WINDOW_PATCH, "{\"freeze\": {\"reason\": null, \"active\": false}}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[]", "1", "7",
            FREEZE ("false", "\"2026-12-01T00:00:00Z\"", "\"2026-12-02T00:00:00Z\"", "null")),
    "clearing the reason and deactivating keeps the window" },
  { WINDOW_PATCH, "{\"freeze\": {\"reason\": \"\"}}", "", NULL, "",
    POLICY ("false", "[\"admin\"]", "[]", "1", "7",
            FREEZE ("true", "\"2026-12-01T00:00:00Z\"", "\"2026-12-02T00:00:00Z\"", "null")),
    "an empty reason is no reason" },
  { WINDOW_PATCH, "{\"enabled\": true}", "", NULL, "",
    POLICY ("true", "[\"admin\"]", "[]", "1", "7",
            FREEZE ("true", "\"2026-12-01T00:00:00Z\"", "\"2026-12-02T00:00:00Z\"", "\"R\"")),
    "other members leave the freeze alone" },
  { WINDOW_PATCH, "{\"freeze\": {\"from\": \"2026-12-03T00:00:00Z\"}}", "", NULL,
    "-/freeze.until", NULL, "moving from past the kept until inverts the window" },
  { NULL, "{\"freeze\": {\"from\": \"2026-12-02T00:00:00Z\","
    " \"until\": \"2026-12-01T00:00:00Z\"}}", "", NULL, "-/freeze.until", NULL,
    "until before from" },
  { NULL, "{\"freeze\": {\"from\": \"2026-12-01T00:00:00Z\","
    " \"until\": \"2026-12-01T00:00:00Z\"}}", "", NULL, "-/freeze.until", NULL,
    "an empty window" },
  { NULL, "{\"freeze\": {\"from\": \"tomorrow\"}}", "", NULL, "-/freeze.from", NULL,
    "not a time" },
  { NULL, "{\"freeze\": {\"until\": \"2026-12-01T00:00:00\"}}", "", NULL, "-/freeze.until",
    NULL, "a time without an offset" },
  { NULL, "{\"freeze\": {\"reason\": \"" X100 X100 X100 X100 X100 "x\"}}", "", NULL,
    "-/freeze.reason", NULL, "a reason longer than 500 characters" },
  { NULL, "{\"freeze\": {\"frozen\": true}}", "", NULL, "-/freeze.frozen", NULL,
    "unknown freeze member" },
  { NULL, "{\"reviewer_roles\": []}", "", NULL, "-/reviewer_roles", NULL, "no role at all" },
  { NULL, "{\"reviewer_roles\": [\"admin\", \"owner\"]}", "", NULL, "-/reviewer_roles[1]",
    NULL, "unknown role" },
  { NULL, "{\"reviewer_roles\": [\"none\"]}", "", NULL, "-/reviewer_roles[0]", NULL,
    "\"none\" is no role" },
  { NULL, "{\"assignee_ids\": [\"usr_a\", \"\"]}", "", NULL, "-/assignee_ids[1]", NULL,
    "an empty assignee id" },
  { NULL, "{\"required_approvals\": 0}", "", NULL, "-/required_approvals", NULL, "N = 0" },
  { NULL, "{\"required_approvals\": 101}", "", NULL, "-/required_approvals", NULL, "N > 100" },
  { NULL, "{\"required_approvals\": -1}", "", NULL, "-/required_approvals", NULL,
    "negative N" },
  { NULL, "{\"expiry_days\": 0}", "", NULL, "-/expiry_days", NULL, "zero days" },
  { NULL, "{\"expiry_days\": 366}", "", NULL, "-/expiry_days", NULL, "more than a year" },
  { NULL, "{\"approvers\": 2}", "", NULL, "-/approvers", NULL, "unknown member" },
  { NULL, "{\"reviewer_roles\": [], \"required_approvals\": 0, \"expiry_days\": 400}", "",
    NULL, "-/reviewer_roles, -/required_approvals, -/expiry_days", NULL,
    "several invalid values are all reported" },
  { NULL, "{\"expiry_days\": 0, \"freeze\": {\"from\": \"x\"}}", "approval_policy.",
    NULL, "-/approval_policy.expiry_days, -/approval_policy.freeze.from", NULL,
    "the prefix names the member in field paths" },
  { NULL, "{\"enabled\": \"true\"}", "", "enabled must be true or false", NULL, NULL,
    "a string for a boolean" },
  { NULL, "{\"reviewer_roles\": \"admin\"}", "", "reviewer_roles must be an array", NULL, NULL,
    "a string for the roles" },
  { NULL, "{\"reviewer_roles\": [1]}", "", "reviewer_roles[0] must be a string", NULL, NULL,
    "a number among the roles" },
  { NULL, "{\"assignee_ids\": [null]}", "", "assignee_ids[0] must be a string", NULL, NULL,
    "a null assignee" },
  { NULL, "{\"required_approvals\": \"2\"}", "", "required_approvals must be a whole number",
    NULL, NULL, "a string for N" },
  { NULL, "{\"expiry_days\": 2.5}", "", "expiry_days must be a whole number", NULL, NULL,
    "a fraction of a day" },
  { NULL, "{\"freeze\": true}", "", "freeze must be an object", NULL, NULL,
    "freeze as a boolean" },
  { NULL, "{\"freeze\": {\"until\": 5}}", "", "freeze.until must be a string or null", NULL,
    NULL, "a number for a time" },
  { NULL, "{\"freeze\": {\"active\": \"yes\"}}", "approval_policy.",
    "approval_policy.freeze.active must be true or false", NULL, NULL,
    "the prefix is in the error too" },
  { NULL, "[]", "approval_policy.", "approval_policy must be an object", NULL, NULL,
    "the policy itself not an object" },
  { NULL, "[]", "", "The request body must be a JSON object", NULL, NULL,
    "a body that is not an object" },
};

static void
test_policy_merge (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(JsonNode) patch = parse_json (policy_rows[i].patch);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_test_message ("row %u: %s", i, policy_rows[i].why);

  if (policy_rows[i].base != NULL)
    {
      g_autoptr(JsonNode) base = parse_json (policy_rows[i].base);

      g_assert_true (sc_approval_policy_merge_json (policy, base, "", violations, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (violations->len, ==, 0);
    }

  ok = sc_approval_policy_merge_json (policy, patch, policy_rows[i].prefix, violations, &error);
  g_assert_cmpint (ok, ==, policy_rows[i].error == NULL);
  assert_outcome (ok ? policy : NULL, error, violations,
                  policy_rows[i].error, policy_rows[i].expected);

  if (policy_rows[i].result != NULL)
    {
      g_autoptr(JsonNode) json = sc_approval_policy_to_json (policy);
      g_autofree char *text = to_text (json);

      g_assert_cmpstr (text, ==, policy_rows[i].result);
    }
}

static void
test_policy_values (void)
{
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(ScApprovalPolicy) copy = NULL;
  g_autoptr(JsonNode) patch = parse_json (WINDOW_PATCH);
  g_autoptr(JsonNode) copy_json = NULL;
  g_autoptr(JsonNode) policy_json = NULL;
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_text = NULL;
  g_autofree char *policy_text = NULL;
  g_autofree char *default_text = NULL;

  /* the default of PRODUCT.md §2 */
  g_assert_false (policy->enabled);
  g_assert_true (sc_approval_policy_has_role (policy, SC_ROLE_ADMIN));
  g_assert_false (sc_approval_policy_has_role (policy, SC_ROLE_REVIEWER));
  g_assert_false (sc_approval_policy_has_role (policy, SC_ROLE_NONE));
  g_assert_cmpuint (policy->required_approvals, ==, 1);
  g_assert_cmpuint (policy->expiry_days, ==, 7);
  g_assert_nonnull (policy->assignee_ids);
  g_assert_null (policy->assignee_ids[0]);
  policy_json = sc_approval_policy_to_json (policy);
  default_text = to_text (policy_json);
  g_assert_cmpstr (default_text, ==, DEFAULT_POLICY);

  g_assert_true (sc_approval_policy_merge_json (policy, patch, "", violations, &error));
  g_assert_no_error (error);
  g_assert_nonnull (policy->freeze.from);
  g_assert_cmpstr (policy->freeze.reason, ==, "R");

  /* a copy is deep: changing the original leaves it alone */
  copy = sc_approval_policy_copy (policy);
  policy->freeze.reason[0] = 'X';
  policy->reviewer_roles = 0;
  g_clear_pointer (&policy->freeze.from, g_date_time_unref);
  copy_json = sc_approval_policy_to_json (copy);
  copy_text = to_text (copy_json);
  g_assert_cmpstr (copy_text, ==, WINDOW_POLICY);
  g_clear_pointer (&policy_json, json_node_unref);
  policy_json = sc_approval_policy_to_json (policy);
  policy_text = to_text (policy_json);
  g_assert_cmpstr (policy_text, !=, copy_text);
}

/* --- sharing ------------------------------------------------------------------ */

static const struct {
  const char  *json;
  gboolean     for_connection;
  const char  *error;
  const char  *expected;
  ScPermission general_access; /* when there are no violations */
  guint        n_grants;
  const char  *why;
} sharing_rows[] = {
  { "{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"usr_a\","
    " \"permission\": \"manage\"}]}", FALSE, NULL, "", SC_PERMISSION_VIEW, 1,
    "a workflow shared with one user" },
  { "{\"general_access\": \"none\", \"grants\": []}", FALSE, NULL, "", SC_PERMISSION_NONE, 0,
    "private" },
  { "{\"general_access\": \"manage\", \"grants\": [{\"email\": \"a@acme.test\","
    " \"permission\": \"view\"}]}", FALSE, NULL, "", SC_PERMISSION_MANAGE, 1,
    "a grant by e-mail" },
  { "{\"general_access\": \"run\", \"grants\": [{\"user_id\": \"usr_a\","
    " \"permission\": \"run\"}, {\"user_id\": \"usr_b\", \"permission\": \"manage\"}]}",
    TRUE, NULL, "", SC_PERMISSION_RUN, 2, "a connection uses run" },
  { "{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"usr_a\", \"email\":"
    " \"a@acme.test\", \"permission\": \"view\"}]}", FALSE, NULL, "", SC_PERMISSION_VIEW, 1,
    "both user_id and email, as GET answers them" },
  { "{\"general_access\": \"run\", \"grants\": []}", FALSE, NULL, "-/general_access", 0, 0,
    "run is not a workflow level" },
  { "{\"general_access\": \"view\", \"grants\": []}", TRUE, NULL, "-/general_access", 0, 0,
    "view is not a connection level" },
  { "{\"general_access\": \"everyone\", \"grants\": []}", FALSE, NULL, "-/general_access", 0, 0,
    "unknown level" },
  { "{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"usr_a\","
    " \"permission\": \"none\"}]}", FALSE, NULL, "-/grants[0].permission", 0, 1,
    "a grant of nothing" },
  { "{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"usr_a\","
    " \"permission\": \"view\"}]}", TRUE, NULL, "-/grants[0].permission", 0, 1,
    "view granted on a connection" },
  { "{\"general_access\": \"none\", \"grants\": [{\"permission\": \"view\"}]}", FALSE, NULL,
    "-/grants[0]", 0, 1, "a grant naming nobody" },
  { "{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"usr_a\"}]}", FALSE, NULL,
    "-/grants[0].permission", 0, 1, "a grant without a permission" },
  { "{\"general_access\": \"none\", \"grants\": [{\"email\": \"nobody\","
    " \"permission\": \"view\"}]}", FALSE, NULL, "-/grants[0].email", 0, 1,
    "not an e-mail address" },
  { "{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"\","
    " \"permission\": \"view\"}]}", FALSE, NULL, "-/grants[0].user_id", 0, 1,
    "an empty user id" },
  { "{\"general_access\": \"none\", \"grants\": [{\"user_id\": \"usr_a\","
    " \"permission\": \"view\", \"role\": \"admin\"}]}", FALSE, NULL, "-/grants[0].role", 0, 1,
    "unknown grant member" },
  { "{\"grants\": []}", FALSE, NULL, "-/general_access", 0, 0, "missing general access" },
  { "{\"general_access\": \"view\"}", FALSE, NULL, "-/grants", 0, 0, "missing grants" },
  { "{\"general_access\": \"view\", \"grants\": [], \"etag\": \"e\"}", FALSE, NULL, "-/etag",
    0, 0, "the etag travels in If-Match, not the body" },
  { "{\"general_access\": 1, \"grants\": []}", FALSE, "general_access must be a string", NULL,
    0, 0, "a number for the level" },
  { "{\"general_access\": \"view\", \"grants\": {}}", FALSE, "grants must be an array", NULL,
    0, 0, "grants an object" },
  { "{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"usr_a\","
    " \"permission\": \"view\"}, \"usr_b\"]}", FALSE, "grants[1] must be an object", NULL,
    0, 0, "a grant that is a string" },
  { "{\"general_access\": \"view\", \"grants\": [{\"user_id\": 5,"
    " \"permission\": \"view\"}]}", FALSE, "grants[0].user_id must be a string", NULL,
    0, 0, "a number for a user id" },
  { "{\"general_access\": \"view\", \"grants\": [{\"user_id\": \"u\","
    " \"permission\": null}]}", FALSE, "grants[0].permission must be a string", NULL,
    0, 0, "a null permission" },
  { "[]", FALSE, "The request body must be a JSON object", NULL, 0, 0, "not an object" },
};

static void
test_sharing (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(JsonNode) node = parse_json (sharing_rows[i].json);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSharingSpec) spec = NULL;

  g_test_message ("row %u: %s", i, sharing_rows[i].why);
  spec = sc_sharing_spec_from_json (node, sharing_rows[i].for_connection, violations, &error);
  assert_outcome (spec, error, violations, sharing_rows[i].error, sharing_rows[i].expected);

  if (spec != NULL)
    {
      g_assert_cmpuint (spec->grants->len, ==, sharing_rows[i].n_grants);
      if (violations->len == 0)
        g_assert_cmpint (spec->general_access, ==, sharing_rows[i].general_access);
    }
}

static void
test_sharing_values (void)
{
  g_autoptr(JsonNode) node = parse_json ("{\"general_access\": \"view\", \"grants\": ["
                                         "{\"user_id\": \"usr_a\", \"permission\": \"manage\"},"
                                         "{\"email\": \"b@acme.test\", \"permission\": \"view\"}"
                                         "]}");
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSharingSpec) spec = sc_sharing_spec_from_json (node, FALSE, violations, &error);
  const ScGrant *grant;

  g_assert_no_error (error);
  g_assert_cmpuint (violations->len, ==, 0);
  grant = g_ptr_array_index (spec->grants, 0);
  g_assert_cmpstr (grant->user_id, ==, "usr_a");
  g_assert_null (grant->email);
  g_assert_cmpint (grant->permission, ==, SC_PERMISSION_MANAGE);
  grant = g_ptr_array_index (spec->grants, 1);
  g_assert_null (grant->user_id);
  g_assert_cmpstr (grant->email, ==, "b@acme.test");
  g_assert_cmpint (grant->permission, ==, SC_PERMISSION_VIEW);
}

/* --- time ------------------------------------------------------------------------ */

static const struct {
  const char *text;
  const char *formatted; /* NULL: refused */
  const char *why;
} time_rows[] = {
  { "2026-11-23T12:00:00Z", "2026-11-23T12:00:00Z", "UTC round trip" },
  { "2026-11-23T13:30:00+01:30", "2026-11-23T12:00:00Z", "an offset is turned into UTC" },
  { "2026-11-23T07:00:00-05:00", "2026-11-23T12:00:00Z", "a negative offset" },
  { "2026-11-23T23:30:00-01:00", "2026-11-24T00:30:00Z", "the offset moves the date" },
  { "2026-11-23T12:00:00.750Z", "2026-11-23T12:00:00Z", "fractions are dropped on output" },
  { "2026-11-23t12:00:00z", "2026-11-23T12:00:00Z", "RFC 3339 allows lower-case t and z" },
  { "2026-11-23 12:00:00Z", "2026-11-23T12:00:00Z", "RFC 3339 allows a space" },
  { "2028-02-29T00:00:00Z", "2028-02-29T00:00:00Z", "a leap day" },
  { "0112-12-20T00:00:00Z", "0112-12-20T00:00:00Z", "a year below 1000 keeps four digits (found by fuzz-model)" },
  { "2026-11-23T12:00:00", NULL, "no offset" },
  { "2026-11-23", NULL, "a date alone" },
  { "20261123T120000Z", NULL, "ISO 8601 basic format is not RFC 3339" },
  { "2026-W48-1T12:00:00Z", NULL, "week dates are not RFC 3339" },
  { "2026-11-23T12:00:00+0100", NULL, "an offset without a colon" },
  { "2026-11-23T12:00Z", NULL, "no seconds" },
  { "2026-11-23T12:00:00.Z", NULL, "a dot without digits" },
  { "2026-11-23T12:00:00Z ", NULL, "trailing space" },
  { "2027-02-29T00:00:00Z", NULL, "not a leap year" },
  { "2026-11-23T25:00:00Z", NULL, "hour 25" },
  { "tomorrow", NULL, "words" },
  { "", NULL, "empty" },
  { NULL, NULL, "NULL" },
};

static void
test_time (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) time = NULL;

  g_test_message ("row %u: %s", i, time_rows[i].why);
  time = sc_time_parse (time_rows[i].text);

  if (time_rows[i].formatted == NULL)
    {
      g_assert_null (time);
    }
  else
    {
      g_autofree char *text = NULL;
      g_autoptr(GDateTime) again = NULL;

      g_assert_nonnull (time);
      text = sc_time_format (time);
      g_assert_cmpstr (text, ==, time_rows[i].formatted);
      /* and back: the same instant, to the second */
      again = sc_time_parse (text);
      g_assert_nonnull (again);
      g_assert_cmpint (g_date_time_to_unix (again), ==, g_date_time_to_unix (time));
    }
}

static void
test_time_format_zone (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (-7 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (zone, 2026, 11, 23, 5, 0, 0);
  g_autofree char *text = sc_time_format (local);

  /* always UTC with a Z, whatever zone the value is in */
  g_assert_cmpstr (text, ==, "2026-11-23T12:00:00Z");
}

/* --- violations -------------------------------------------------------------------- */

static void
test_violations (void)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GPtrArray) empty = sc_violations_new ();
  g_autoptr(JsonNode) details = NULL;
  g_autoptr(JsonNode) refusals = NULL;
  g_autoptr(JsonNode) empty_details = NULL;
  g_autoptr(JsonNode) empty_refusals = NULL;
  g_autofree char *details_text = NULL;
  g_autofree char *refusals_text = NULL;
  g_autofree char *empty_details_text = NULL;
  g_autofree char *empty_refusals_text = NULL;

  g_assert_null (sc_violations_first_reason (empty));
  empty_details = sc_violations_to_details (empty);
  empty_details_text = to_text (empty_details);
  g_assert_cmpstr (empty_details_text, ==, "{}");
  empty_refusals = sc_violations_to_refusals (empty);
  empty_refusals_text = to_text (empty_refusals);
  g_assert_cmpstr (empty_refusals_text, ==, "[]");

  sc_violations_add_field (violations, "stages[2].tag", "Tag %s is bad.", "“X”");
  sc_violations_add_rule (violations, "hierarchy", "Refused %d.", 1);
  sc_violations_add_rule_field (violations, "membership", "grants[0]", "Not a member.");

  g_assert_cmpstr (sc_violations_first_reason (violations), ==, "Tag “X” is bad.");
  g_assert_true (sc_violations_has_field (violations, "stages[2].tag"));
  g_assert_true (sc_violations_has_field (violations, "grants[0]"));
  g_assert_false (sc_violations_has_field (violations, "name"));
  g_assert_true (sc_violations_has_rule (violations, "hierarchy"));
  g_assert_true (sc_violations_has_rule (violations, "membership"));
  g_assert_false (sc_violations_has_rule (violations, "mapping"));

  details = sc_violations_to_details (violations);
  details_text = to_text (details);
  g_assert_cmpstr (details_text, ==,
                   "{\"fields\":[{\"field\":\"stages[2].tag\",\"reason\":\"Tag “X” is bad.\"}],"
                   "\"rules\":[{\"rule\":\"hierarchy\",\"reason\":\"Refused 1.\"},"
                   "{\"rule\":\"membership\",\"field\":\"grants[0]\","
                   "\"reason\":\"Not a member.\"}]}");

  refusals = sc_violations_to_refusals (violations);
  refusals_text = to_text (refusals);
  g_assert_cmpstr (refusals_text, ==,
                   "[{\"rule\":\"field\",\"field\":\"stages[2].tag\","
                   "\"reason\":\"Tag “X” is bad.\"},"
                   "{\"rule\":\"hierarchy\",\"reason\":\"Refused 1.\"},"
                   "{\"rule\":\"membership\",\"field\":\"grants[0]\","
                   "\"reason\":\"Not a member.\"}]");
}

/* What to_details / to_refusals write reads back the same; what is not a
 * violation (no reason, neither rule nor field, another type) is left out. */
static void
test_violations_read (void)
{
  g_autoptr(GPtrArray) written = sc_violations_new ();
  g_autoptr(GPtrArray) from_details = sc_violations_new ();
  g_autoptr(GPtrArray) from_refusals = sc_violations_new ();
  g_autoptr(GPtrArray) from_bad = sc_violations_new ();
  g_autoptr(JsonNode) details = NULL;
  g_autoptr(JsonNode) refusals = NULL;
  g_autoptr(JsonNode) bad = NULL;
  const ScViolation *v;

  sc_violations_add_field (written, "stages[2].tag", "Tag is bad.");
  sc_violations_add_rule (written, "hierarchy", "Refused.");
  sc_violations_add_rule_field (written, "membership", "grants[0]", "Not a member.");
  details = sc_violations_to_details (written);
  refusals = sc_violations_to_refusals (written);

  /* details: fields first, then rules, each in order */
  sc_violations_add_json (from_details, json_object_get_array_member (json_node_get_object (details), "fields"));
  sc_violations_add_json (from_details, json_object_get_array_member (json_node_get_object (details), "rules"));
  g_assert_cmpuint (from_details->len, ==, written->len);
  for (guint i = 0; i < written->len; i++)
    {
      const ScViolation *a = g_ptr_array_index (written, i);
      const ScViolation *b = g_ptr_array_index (from_details, i);

      g_assert_cmpstr (a->rule, ==, b->rule);
      g_assert_cmpstr (a->field, ==, b->field);
      g_assert_cmpstr (a->reason, ==, b->reason);
    }

  /* refusals name a field violation's rule "field" */
  sc_violations_add_json (from_refusals, json_node_get_array (refusals));
  g_assert_cmpuint (from_refusals->len, ==, 3);
  v = g_ptr_array_index (from_refusals, 0);
  g_assert_cmpstr (v->rule, ==, "field");
  g_assert_cmpstr (v->field, ==, "stages[2].tag");
  g_assert_cmpstr (v->reason, ==, "Tag is bad.");
  v = g_ptr_array_index (from_refusals, 2);
  g_assert_cmpstr (v->rule, ==, "membership");
  g_assert_cmpstr (v->field, ==, "grants[0]");

  sc_violations_add_json (from_bad, NULL);
  g_assert_cmpuint (from_bad->len, ==, 0);
  bad = json_from_string ("[7, null, [], {\"rule\": \"frozen\"}, {\"reason\": \"Nobody's.\"},"
                          " {\"rule\": 3, \"reason\": \"Typed.\"}, {\"field\": \"name\", \"reason\": 5},"
                          " {\"field\": \"name\", \"reason\": \"Empty.\"}]", NULL);
  g_assert_nonnull (bad);
  sc_violations_add_json (from_bad, json_node_get_array (bad));
  g_assert_cmpuint (from_bad->len, ==, 1);
  v = g_ptr_array_index (from_bad, 0);
  g_assert_null (v->rule);
  g_assert_cmpstr (v->field, ==, "name");
  g_assert_cmpstr (v->reason, ==, "Empty.");
}

/* --- enums --------------------------------------------------------------------------- */

static const struct {
  const char *kind;
  int         value;
  const char *name;
} enum_rows[] = {
  { "role", SC_ROLE_NONE, "none" },
  { "role", SC_ROLE_VIEWER, "viewer" },
  { "role", SC_ROLE_DEVELOPER, "developer" },
  { "role", SC_ROLE_REVIEWER, "reviewer" },
  { "role", SC_ROLE_ADMIN, "admin" },
  { "org_type", SC_ORG_TYPE_DEV, "dev" },
  { "org_type", SC_ORG_TYPE_SIT, "sit" },
  { "org_type", SC_ORG_TYPE_UAT, "uat" },
  { "org_type", SC_ORG_TYPE_AUTOMATION, "automation" },
  { "org_type", SC_ORG_TYPE_DEMO, "demo" },
  { "org_type", SC_ORG_TYPE_PROD, "prod" },
  { "permission", SC_PERMISSION_NONE, "none" },
  { "permission", SC_PERMISSION_VIEW, "view" },
  { "permission", SC_PERMISSION_RUN, "run" },
  { "permission", SC_PERMISSION_MANAGE, "manage" },
  { "relation", SC_RELATION_DEFAULT, "default" },
  { "relation", SC_RELATION_SIBLING, "sibling" },
  { "approval_state", SC_APPROVAL_STATE_PENDING, "pending" },
  { "approval_state", SC_APPROVAL_STATE_APPROVED, "approved" },
  { "approval_state", SC_APPROVAL_STATE_REJECTED, "rejected" },
  { "approval_state", SC_APPROVAL_STATE_CANCELLED, "cancelled" },
  { "approval_state", SC_APPROVAL_STATE_EXPIRED, "expired" },
  { "approval_state", SC_APPROVAL_STATE_COMPLETED, "completed" },
  { "decision", SC_DECISION_APPROVE, "approve" },
  { "decision", SC_DECISION_REJECT, "reject" },
};

/* Converts both ways through the functions of @kind; returns whether
 * @name parsed, and the value in *@value_out. */
static gboolean
enum_round_trip (const char  *kind,
                 int          value,
                 const char  *name,
                 const char **name_out,
                 int         *value_out)
{
#define ROUND_TRIP(Type, prefix)                                  \
  if (g_str_equal (kind, #prefix))                                \
    {                                                             \
      Type parsed = (Type) -1;                                    \
      gboolean ok = sc_##prefix##_from_string (name, &parsed);    \
                                                                  \
      *name_out = sc_##prefix##_to_string ((Type) value);         \
      *value_out = (int) parsed;                                  \
      return ok;                                                  \
    }
  ROUND_TRIP (ScRole, role)
  ROUND_TRIP (ScOrgType, org_type)
  ROUND_TRIP (ScPermission, permission)
  ROUND_TRIP (ScRelation, relation)
  ROUND_TRIP (ScApprovalState, approval_state)
  ROUND_TRIP (ScDecision, decision)
#undef ROUND_TRIP
  g_assert_not_reached ();
  return FALSE;
}

static void
test_enums (void)
{
  ScOrgType type = SC_ORG_TYPE_DEV;
  ScRole role = SC_ROLE_VIEWER;

  for (guint i = 0; i < G_N_ELEMENTS (enum_rows); i++)
    {
      const char *name = NULL;
      int value = -1;

      g_assert_true (enum_round_trip (enum_rows[i].kind, enum_rows[i].value, enum_rows[i].name,
                                      &name, &value));
      g_assert_cmpstr (name, ==, enum_rows[i].name);
      g_assert_cmpint (value, ==, enum_rows[i].value);
    }

  /* an unregistered org has no type name, and "none" is not a type */
  g_assert_null (sc_org_type_to_string (SC_ORG_TYPE_NONE));
  g_assert_false (sc_org_type_from_string ("none", &type));
  g_assert_cmpint (type, ==, SC_ORG_TYPE_DEV);
  /* unknown names, other cases and NULL leave the value untouched */
  g_assert_false (sc_org_type_from_string ("Prod", &type));
  g_assert_false (sc_role_from_string ("owner", &role));
  g_assert_false (sc_role_from_string (NULL, &role));
  g_assert_cmpint (role, ==, SC_ROLE_VIEWER);
}

/* One test case per row, so TAP names the row that fails. */
static void
add_rows (const char    *prefix,
          guint          n_rows,
          GTestDataFunc  func)
{
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%02u", prefix, i);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), func);
    }
}

#define ADD_ROWS(prefix, rows, func) add_rows (prefix, G_N_ELEMENTS (rows), func)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD_ROWS ("/core/model/check-object", check_rows, test_check_object);
  ADD_ROWS ("/core/model/path", path_rows, test_path);
  g_test_add_func ("/core/model/path-values", test_path_values);
  ADD_ROWS ("/core/model/workflow", workflow_rows, test_workflow);
  g_test_add_func ("/core/model/workflow-values", test_workflow_values);
  ADD_ROWS ("/core/model/policy-merge", policy_rows, test_policy_merge);
  g_test_add_func ("/core/model/policy-values", test_policy_values);
  ADD_ROWS ("/core/model/sharing", sharing_rows, test_sharing);
  g_test_add_func ("/core/model/sharing-values", test_sharing_values);
  ADD_ROWS ("/core/model/time", time_rows, test_time);
  g_test_add_func ("/core/model/time-format-zone", test_time_format_zone);
  g_test_add_func ("/core/model/violations", test_violations);
  g_test_add_func ("/core/model/violations-read", test_violations_read);
  g_test_add_func ("/core/model/enums", test_enums);

  return g_test_run ();
}
