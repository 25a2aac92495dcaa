/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Test"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sc-clock.h"
#include "sc-rules.h"

/* Every table row names its expected violations as one string,
 * "rule/field, rule/field", with "-" where a violation has no rule or no
 * field, in the order the check reports them; "" means allowed. */
static char *
summarize (GPtrArray *violations)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *v = g_ptr_array_index (violations, i);

      /* every violation carries a sentence */
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

static const char *
reason_of (GPtrArray  *violations,
           const char *rule)
{
  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *v = g_ptr_array_index (violations, i);

      if (g_strcmp0 (v->rule, rule) == 0)
        return v->reason;
    }
  return NULL;
}

#define NO_TIME G_MININT

/* A fixed "now" so that rows can speak in hours around it. */
static GDateTime *
test_now (void)
{
  return g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
}

static GDateTime *
hours_from_now (int hours)
{
  g_autoptr(GDateTime) now = test_now ();

  if (hours == NO_TIME)
    return NULL;
  return g_date_time_add_hours (now, hours);
}

/* --- the org graph every governance row uses ----------------------------- */

static ScOrgGraph *
make_graph (void)
{
  ScOrgGraph *graph = sc_org_graph_new ();

  sc_org_graph_add_org (graph, "org_dev", "Acme Development", SC_ORG_TYPE_DEV);
  sc_org_graph_add_org (graph, "org_dev2", "Acme Dev Two", SC_ORG_TYPE_DEV);
  sc_org_graph_add_org (graph, "org_sit", "Acme Integration", SC_ORG_TYPE_SIT);
  sc_org_graph_add_org (graph, "org_sit2", "Acme Integration Two", SC_ORG_TYPE_SIT);
  sc_org_graph_add_org (graph, "org_uat", "Acme Staging", SC_ORG_TYPE_UAT);
  sc_org_graph_add_org (graph, "org_auto", "Acme Automation", SC_ORG_TYPE_AUTOMATION);
  sc_org_graph_add_org (graph, "org_demo", "Acme Demo", SC_ORG_TYPE_DEMO);
  sc_org_graph_add_org (graph, "org_prod", "Acme Production", SC_ORG_TYPE_PROD);
  sc_org_graph_add_org (graph, "org_plain", "Plain One", SC_ORG_TYPE_NONE);
  sc_org_graph_add_org (graph, "org_plain2", "Plain Two", SC_ORG_TYPE_NONE);

  sc_org_graph_add_mapping (graph, "org_dev", "org_sit", SC_RELATION_DEFAULT);
  sc_org_graph_add_mapping (graph, "org_dev", "org_uat", SC_RELATION_DEFAULT);
  sc_org_graph_add_mapping (graph, "org_sit", "org_prod", SC_RELATION_DEFAULT);
  sc_org_graph_add_mapping (graph, "org_uat", "org_prod", SC_RELATION_DEFAULT);
  sc_org_graph_add_mapping (graph, "org_sit", "org_auto", SC_RELATION_DEFAULT);
  /* mapped, but the hierarchy refuses these */
  sc_org_graph_add_mapping (graph, "org_dev", "org_prod", SC_RELATION_DEFAULT);
  sc_org_graph_add_mapping (graph, "org_prod", "org_dev", SC_RELATION_DEFAULT);
  sc_org_graph_add_mapping (graph, "org_auto", "org_prod", SC_RELATION_DEFAULT);
  /* same type: one way plain, the other way sibling */
  sc_org_graph_add_mapping (graph, "org_dev", "org_dev2", SC_RELATION_DEFAULT);
  sc_org_graph_add_mapping (graph, "org_dev2", "org_dev", SC_RELATION_SIBLING);
  /* into an unregistered org */
  sc_org_graph_add_mapping (graph, "org_dev", "org_plain", SC_RELATION_DEFAULT);

  return graph;
}

/* --- hierarchy: the default table, every pair ------------------------------ */

#define N SC_ORG_TYPE_NONE
#define DEV SC_ORG_TYPE_DEV
#define SIT SC_ORG_TYPE_SIT
#define UAT SC_ORG_TYPE_UAT
#define AUT SC_ORG_TYPE_AUTOMATION
#define DEM SC_ORG_TYPE_DEMO
#define PRD SC_ORG_TYPE_PROD

static const struct {
  ScOrgType   source;
  ScOrgType   target;
  gboolean    allowed;
  const char *why;
} hierarchy_rows[SC_ORG_TYPE_COUNT * SC_ORG_TYPE_COUNT] = {
  { N, N, FALSE, "unregistered orgs are outside the hierarchy" },
  { N, DEV, FALSE, "unregistered source" },
  { N, SIT, FALSE, "unregistered source" },
  { N, UAT, FALSE, "unregistered source" },
  { N, AUT, FALSE, "unregistered source" },
  { N, DEM, FALSE, "unregistered source" },
  { N, PRD, FALSE, "unregistered source" },

  { DEV, N, FALSE, "unregistered target" },
  { DEV, DEV, TRUE, "dev → dev (with a sibling mapping)" },
  { DEV, SIT, TRUE, "dev → sit" },
  { DEV, UAT, TRUE, "dev → uat" },
  { DEV, AUT, FALSE, "dev skips to automation" },
  { DEV, DEM, FALSE, "demo receives nothing from dev" },
  { DEV, PRD, FALSE, "dev skips to prod" },

  { SIT, N, FALSE, "unregistered target" },
  { SIT, DEV, FALSE, "downward" },
  { SIT, SIT, TRUE, "sit → sit" },
  { SIT, UAT, FALSE, "sit and uat are parallel" },
  { SIT, AUT, TRUE, "sit → automation" },
  { SIT, DEM, FALSE, "not in the table" },
  { SIT, PRD, TRUE, "sit → prod" },

  { UAT, N, FALSE, "unregistered target" },
  { UAT, DEV, FALSE, "downward" },
  { UAT, SIT, FALSE, "uat and sit are parallel" },
  { UAT, UAT, TRUE, "uat → uat" },
  { UAT, AUT, TRUE, "uat → automation" },
  { UAT, DEM, FALSE, "not in the table" },
  { UAT, PRD, TRUE, "uat → prod" },

  { AUT, N, FALSE, "unregistered target" },
  { AUT, DEV, FALSE, "automation is an end" },
  { AUT, SIT, FALSE, "automation is an end" },
  { AUT, UAT, FALSE, "automation is an end" },
  { AUT, AUT, FALSE, "automation allows nothing, itself included" },
  { AUT, DEM, FALSE, "automation is an end" },
  { AUT, PRD, FALSE, "automation is an end" },

  { DEM, N, FALSE, "unregistered target" },
  { DEM, DEV, FALSE, "demo is an end" },
  { DEM, SIT, FALSE, "demo is an end" },
  { DEM, UAT, FALSE, "demo is an end" },
  { DEM, AUT, FALSE, "demo is an end" },
  { DEM, DEM, FALSE, "demo allows nothing, itself included" },
  { DEM, PRD, FALSE, "demo is an end" },

  { PRD, N, FALSE, "unregistered target" },
  { PRD, DEV, FALSE, "downward" },
  { PRD, SIT, FALSE, "downward" },
  { PRD, UAT, FALSE, "downward" },
  { PRD, AUT, FALSE, "prod is an end" },
  { PRD, DEM, FALSE, "prod is an end" },
  { PRD, PRD, FALSE, "prod allows nothing, itself included" },
};

static void
test_hierarchy_default (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();

  g_test_message ("row %u: %s", i, hierarchy_rows[i].why);
  g_assert_cmpint (sc_hierarchy_allows (hierarchy, hierarchy_rows[i].source,
                                        hierarchy_rows[i].target),
                   ==, hierarchy_rows[i].allowed);
}

/* --- hierarchy: key files --------------------------------------------------- */

static const struct {
  const char *data;
  gboolean    valid;
  const char *allowed; /* "source>target" pairs, space-separated */
  const char *why;
} key_file_rows[] = {
  { "[hierarchy]\ndev=dev;sit;uat;\nsit=sit;prod;automation;\nuat=uat;prod;automation;\n"
    "automation=\ndemo=\nprod=\n",
    TRUE,
    "dev>dev dev>sit dev>uat sit>sit sit>prod sit>automation uat>uat uat>prod uat>automation",
    "the default table written out" },
  { "[hierarchy]\ndev=prod\n", TRUE, "dev>prod", "a laxer hierarchy; no trailing ';'" },
  { "# comment\n[hierarchy]\ndev = sit ; uat\n", TRUE, "dev>sit dev>uat",
    "spaces around names are ignored" },
  { "[hierarchy]\n", TRUE, "", "types not named allow nothing" },
  { "[hierarchy]\ndemo=\n", TRUE, "", "an empty list allows none" },
  { "[hierarchy]\nstaging=prod\n", FALSE, NULL, "unknown source type" },
  { "[hierarchy]\ndev=sit;production\n", FALSE, NULL, "unknown target type" },
  { "[hierarchy]\nDev=sit\n", FALSE, NULL, "type names are lower case" },
  { "[hierarchy]\ndev=none\n", FALSE, NULL, "\"none\" is not a type" },
  { "", FALSE, NULL, "no [hierarchy] group" },
  { "[other]\ndev=sit\n", FALSE, NULL, "wrong group" },
  { "[hierarchy]\ndev=sit\n[extra]\nx=y\n", FALSE, NULL, "an extra group" },
  { "dev=sit\n", FALSE, NULL, "a key outside any group" },
  { "[hierarchy\ndev=sit\n", FALSE, NULL, "not a key file" },
  { "[hierarchy]\ndev=sit\\x\n", FALSE, NULL, "a bad escape in the list" },
};

static void
assert_hierarchy_allows_exactly (ScHierarchy *hierarchy,
                                 const char  *allowed)
{
  g_auto(GStrv) pairs = g_strsplit (allowed, " ", -1);

  for (ScOrgType source = 0; source < SC_ORG_TYPE_COUNT; source++)
    {
      for (ScOrgType target = 0; target < SC_ORG_TYPE_COUNT; target++)
        {
          g_autofree char *pair = g_strdup_printf ("%s>%s",
                                                   sc_org_type_to_string (source),
                                                   sc_org_type_to_string (target));
          gboolean expected = source != SC_ORG_TYPE_NONE && target != SC_ORG_TYPE_NONE &&
                              g_strv_contains ((const char * const *) pairs, pair);

          g_assert_cmpint (sc_hierarchy_allows (hierarchy, source, target), ==, expected);
        }
    }
}

static void
test_hierarchy_key_file (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScHierarchy) hierarchy = NULL;
  g_autoptr(GError) error = NULL;

  g_test_message ("row %u: %s", i, key_file_rows[i].why);
  hierarchy = sc_hierarchy_new_from_data (key_file_rows[i].data, (gsize) -1, &error);

  if (key_file_rows[i].valid)
    {
      g_assert_no_error (error);
      g_assert_true (SC_IS_HIERARCHY (hierarchy));
      assert_hierarchy_allows_exactly (hierarchy, key_file_rows[i].allowed);
    }
  else
    {
      g_assert_error (error, SC_HIERARCHY_ERROR, SC_HIERARCHY_ERROR_INVALID);
      g_assert_null (hierarchy);
    }
}

static void
test_hierarchy_file (void)
{
  g_autoptr(ScHierarchy) hierarchy = NULL;
  g_autoptr(ScHierarchy) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing_path = NULL;
  int fd;

  fd = g_file_open_tmp ("hierarchy-XXXXXX.conf", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, "[hierarchy]\nuat=prod;\n", -1, &error);
  g_assert_no_error (error);

  hierarchy = sc_hierarchy_new_from_file (path, &error);
  g_assert_no_error (error);
  assert_hierarchy_allows_exactly (hierarchy, "uat>prod");

  /* a file that cannot be read reports the file error */
  missing_path = g_strconcat (path, ".missing", NULL);
  missing = sc_hierarchy_new_from_file (missing_path, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (missing);

  g_unlink (path);
}

/* --- tags ----------------------------------------------------------------- */

static const struct {
  const char *tag;
  gboolean    valid;
  const char *why;
} tag_rows[] = {
  { "dev", TRUE, "plain lower-case word" },
  { "a", TRUE, "one character is enough" },
  { "7", TRUE, "may start with a digit" },
  { "stage_2-b", TRUE, "digits, '_' and '-' after the first character" },
  { "abcdefghijklmnopqrstuvwxyz012345", TRUE, "32 characters, the maximum" },
  { "abcdefghijklmnopqrstuvwxyz0123456", FALSE, "33 characters, one too many" },
  { "Dev", FALSE, "upper case" },
  { "DEV", FALSE, "all upper case" },
  { "-dev", FALSE, "leading '-'" },
  { "_dev", FALSE, "leading '_'" },
  { "dev-", TRUE, "a trailing '-' is allowed by the syntax" },
  { "", FALSE, "empty" },
  { NULL, FALSE, "absent" },
  { "déploy", FALSE, "non-ASCII letter" },
  { "ステージ", FALSE, "non-Latin script" },
  { "stage 1", FALSE, "space" },
  { "st.age", FALSE, "dot" },
  { "Stage!", FALSE, "upper case and punctuation" },
};

static void
test_tags (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);

  g_test_message ("row %u: %s", i, tag_rows[i].why);
  g_assert_cmpint (sc_rules_tag_is_valid (tag_rows[i].tag), ==, tag_rows[i].valid);
}

/* --- paths ---------------------------------------------------------------- */

#define X10 "xxxxxxxxxx"
#define X100 X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define NAME_200 X100 X100
#define NAME_201 X100 X100 "x"

typedef struct {
  const char *tag;
  const char *org_id;
} StageRow;

static const struct {
  const char *name;
  guint       n_stages;
  StageRow    stages[4];
  const char *expected;
  const char *why;
} path_rows[] = {
  { "Pipeline", 3, { { "dev", "org_dev" }, { "uat", "org_uat" }, { "prod", "org_prod" } },
    "", "dev → uat → prod, mapped and allowed" },
  { NAME_200, 2, { { "dev", "org_dev" }, { "sit", "org_sit" } },
    "", "a 200-character name is fine" },
  { NAME_201, 2, { { "dev", "org_dev" }, { "sit", "org_sit" } },
    "-/name", "a 201-character name is too long" },
  { "", 2, { { "dev", "org_dev" }, { "sit", "org_sit" } },
    "-/name", "empty name" },
  { "  ", 2, { { "dev", "org_dev" }, { "sit", "org_sit" } },
    "-/name", "a blank name is no name" },
  { NULL, 2, { { "dev", "org_dev" }, { "sit", "org_sit" } },
    "-/name", "missing name" },
  { "Pipeline", 1, { { "dev", "org_dev" } },
    "-/stages", "one stage is not a path" },
  { "Pipeline", 0, { { NULL, NULL } },
    "-/stages", "no stages" },
  { "Pipeline", 3, { { "dev", "org_dev" }, { "uat", "org_uat" }, { "UAT", "org_uat" } },
    "-/stages[2].tag, -/stages[2].tag",
    "\"UAT\" is invalid and also repeats \"uat\" (uniqueness ignores case)" },
  { "Pipeline", 3, { { "dev", "org_dev" }, { "dev", "org_dev" }, { "uat", "org_uat" } },
    "-/stages[1].tag", "the same tag twice" },
  { "Pipeline", 2, { { "Dev", "org_dev" }, { "sit", "org_sit" } },
    "-/stages[0].tag", "upper-case tag" },
  { "Pipeline", 2, { { NULL, "org_dev" }, { "sit", "org_sit" } },
    "-/stages[0].tag", "missing tag" },
  { "Pipeline", 2, { { "dev", "org_dev" }, { "sit", "org_nowhere" } },
    "-/stages[1].org_id", "unknown org; its edge is not judged" },
  { "Pipeline", 2, { { "dev", NULL }, { "sit", "org_sit" } },
    "-/stages[0].org_id", "missing org" },
  { "Pipeline", 2, { { "dev", "org_dev" }, { "plain", "org_plain" } },
    "registration/stages[1].org_id", "governed edge into an unregistered org (mapped)" },
  { "Pipeline", 2, { { "dev", "org_dev" }, { "plain", "org_plain2" } },
    "registration/stages[1].org_id, mapping/stages[1].org_id",
    "governed edge into an unregistered org without a mapping: both" },
  { "Pipeline", 2, { { "sit", "org_sit" }, { "sit2", "org_sit2" } },
    "mapping/stages[1].org_id, sibling/stages[1].org_id",
    "same type, no mapping at all: no mapping is no sibling mapping either" },
  { "Pipeline", 2, { { "dev", "org_dev" }, { "sit", "org_sit2" } },
    "mapping/stages[1].org_id", "allowed types, but no mapping" },
  { "Pipeline", 2, { { "prod", "org_prod" }, { "dev", "org_dev" } },
    "hierarchy/stages[1].org_id", "downward prod → dev, though mapped" },
  { "Pipeline", 2, { { "dev", "org_dev" }, { "prod", "org_prod" } },
    "hierarchy/stages[1].org_id", "skipping dev → prod, though mapped" },
  { "Pipeline", 2, { { "auto", "org_auto" }, { "prod", "org_prod" } },
    "hierarchy/stages[1].org_id", "automation allows nothing" },
  { "Pipeline", 2, { { "dev", "org_dev" }, { "dev2", "org_dev2" } },
    "sibling/stages[1].org_id", "same type, default mapping" },
  { "Pipeline", 2, { { "dev2", "org_dev2" }, { "dev", "org_dev" } },
    "", "same type, sibling mapping" },
  { "Pipeline", 2, { { "plain", "org_plain" }, { "prod", "org_prod" } },
    "", "unregistered source: plain rules, no mapping needed" },
  { "Pipeline", 2, { { "plain", "org_plain" }, { "plain2", "org_plain2" } },
    "", "both unregistered" },
  { "Pipeline", 2, { { "build", "org_dev" }, { "test", "org_dev" } },
    "", "same org is always allowed" },
  { "Pipeline", 3, { { "dev", "org_dev" }, { "uat", "org_uat" }, { "back", "org_dev" } },
    "mapping/stages[2].org_id, hierarchy/stages[2].org_id",
    "the second edge goes back down, unmapped" },
  { "", 1, { { "-x", "org_nowhere" } },
    "-/name, -/stages, -/stages[0].tag, -/stages[0].org_id",
    "everything wrong at once is all reported" },
};

static void
test_paths (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(ScPathSpec) spec = sc_path_spec_new (path_rows[i].name);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;
  gboolean ok;

  g_test_message ("row %u: %s", i, path_rows[i].why);
  for (guint j = 0; j < path_rows[i].n_stages; j++)
    g_ptr_array_add (spec->stages, sc_stage_new (path_rows[i].stages[j].tag,
                                                 path_rows[i].stages[j].org_id));

  ok = sc_rules_check_path (spec, graph, hierarchy, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, path_rows[i].expected);
  g_assert_cmpint (ok, ==, *path_rows[i].expected == '\0');
}

static void
test_path_reasons (void)
{
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(ScPathSpec) spec = sc_path_spec_new ("Pipeline");
  g_autoptr(GPtrArray) violations = sc_violations_new ();

  g_ptr_array_add (spec->stages, sc_stage_new ("dev", "org_dev"));
  g_ptr_array_add (spec->stages, sc_stage_new ("prod", "org_prod"));
  g_ptr_array_add (spec->stages, sc_stage_new ("Stage!", "org_prod"));

  g_assert_false (sc_rules_check_path (spec, graph, hierarchy, violations));
  g_assert_cmpuint (violations->len, ==, 2);
  /* the sentences name the orgs and types concretely */
  g_assert_cmpstr (reason_of (violations, "hierarchy"), ==,
                   "Acme Production (prod) cannot receive promotions from Acme Development "
                   "(dev): the organization type hierarchy allows dev → dev, sit, uat.");
  g_assert_cmpstr (((ScViolation *) g_ptr_array_index (violations, 0))->reason, ==,
                   "Tag “Stage!” may only contain lower-case letters, digits, “-” and “_”, "
                   "must start with a letter or digit, and may be at most 32 characters long.");
}

/* The edge check on its own: no field given means none on the violations. */
static const struct {
  const char *source;
  const char *target;
  const char *field;
  const char *expected;
  const char *why;
} edge_rows[] = {
  { "org_dev", "org_dev", NULL, "", "same org" },
  { "org_plain", "org_prod", NULL, "", "unregistered source" },
  { "org_nowhere", "org_prod", NULL, "", "unknown source counts as unregistered" },
  { "org_dev", "org_uat", NULL, "", "governed and allowed" },
  { "org_dev", "org_plain", NULL, "registration/-", "unregistered target" },
  { "org_dev", "org_nowhere", "x", "registration/x, mapping/x", "unknown target" },
  { "org_uat", "org_auto", NULL, "mapping/-", "no mapping" },
  { "org_prod", "org_dev", NULL, "hierarchy/-", "downward" },
  { "org_dev", "org_dev2", "f", "sibling/f", "same type needs sibling" },
  { "org_uat", "org_dev", NULL, "mapping/-, hierarchy/-", "two reasons at once" },
};

static void
test_edges (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;
  gboolean ok;

  g_test_message ("row %u: %s", i, edge_rows[i].why);
  ok = sc_rules_check_edge (graph, hierarchy, edge_rows[i].source, edge_rows[i].target,
                            edge_rows[i].field, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, edge_rows[i].expected);
  g_assert_cmpint (ok, ==, *edge_rows[i].expected == '\0');
}

/* --- promotion ------------------------------------------------------------- */

/* path 0: dev (org_dev) → uat (org_uat) → prod (org_prod), all fine;
 * path 1: dev (org_dev) → sit (org_sit2), whose mapping is missing. */
static ScPathSpec *
make_promotion_path (guint which)
{
  ScPathSpec *path;

  if (which == 0)
    {
      path = sc_path_spec_new ("Production Pipeline");
      g_ptr_array_add (path->stages, sc_stage_new ("dev", "org_dev"));
      g_ptr_array_add (path->stages, sc_stage_new ("uat", "org_uat"));
      g_ptr_array_add (path->stages, sc_stage_new ("prod", "org_prod"));
    }
  else
    {
      path = sc_path_spec_new ("Broken Pipeline");
      g_ptr_array_add (path->stages, sc_stage_new ("dev", "org_dev"));
      g_ptr_array_add (path->stages, sc_stage_new ("sit", "org_sit2"));
    }

  return path;
}

#define MAN SC_PERMISSION_MANAGE
#define VIEW SC_PERMISSION_VIEW
#define NOPERM SC_PERMISSION_NONE
#define ADM SC_ROLE_ADMIN
#define REV SC_ROLE_REVIEWER
#define DVL SC_ROLE_DEVELOPER
#define VWR SC_ROLE_VIEWER
#define NOROLE SC_ROLE_NONE

static const struct {
  guint        path;
  int          current;
  const char  *target;
  gboolean     release_ok;
  gboolean     already;
  ScPermission source_permission;
  ScRole       target_role;
  gboolean     approvals;
  gboolean     granted;
  gboolean     frozen;
  const char  *freeze_reason;
  const char  *expected;          /* promoting */
  const char  *expected_request;  /* requesting to promote: no target-side rules */
  const char  *why;
  gboolean     blocked;           /* the release is blocked … */
  const char  *block_reason;      /* … with this reason */
  gint64       soak;              /* soak time of the target stage, seconds */
  gint64       age;               /* seconds since the release arrived where it is */
} promotion_rows[] = {
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "",
    "approvals_off/-", "dev → uat by an admin of staging, approvals off" },
  { 0, 0, "UAT", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "",
    "approvals_off/-", "the target tag is compared without case" },
  { 0, 1, "prod", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "",
    "approvals_off/-", "uat → prod" },
  { 0, 0, "qa", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "stage/-",
    "stage/-", "no such stage on the path" },
  { 0, -1, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "next_stage/-",
    "next_stage/-, approvals_off/-", "the workflow is not on this path" },
  { 0, 0, "prod", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "next_stage/-, hierarchy/-",
    "next_stage/-, approvals_off/-, hierarchy/-", "skipping uat; the dev → prod edge is refused too" },
  { 0, 1, "dev", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "next_stage/-, mapping/-, hierarchy/-",
    "next_stage/-, approvals_off/-, mapping/-, hierarchy/-", "going back; uat → dev is neither mapped nor allowed" },
  { 0, 2, "prod", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "next_stage/-",
    "next_stage/-, approvals_off/-", "already at the last stage; same-org edge is fine" },
  { 0, 0, "uat", FALSE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "release/-",
    "release/-, approvals_off/-", "a draft or another workflow's release" },
  { 0, 0, "uat", TRUE, TRUE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "already_promoted/-",
    "already_promoted/-, approvals_off/-", "this release already went to uat" },
  { 0, 0, "uat", TRUE, FALSE, VIEW, ADM, FALSE, FALSE, FALSE, NULL,
    "source_permission/-",
    "source_permission/-, approvals_off/-", "view is not enough on the source" },
  { 0, 0, "uat", TRUE, FALSE, NOPERM, ADM, FALSE, FALSE, FALSE, NULL,
    "source_permission/-",
    "source_permission/-, approvals_off/-", "no permission on the source" },
  { 0, 0, "uat", TRUE, FALSE, MAN, REV, FALSE, FALSE, FALSE, NULL,
    "target_permission/-",
    "approvals_off/-", "approvals off: a reviewer is not an admin" },
  { 0, 0, "uat", TRUE, FALSE, MAN, NOROLE, FALSE, FALSE, FALSE, NULL,
    "target_permission/-",
    "approvals_off/-", "approvals off: not a member of the target org" },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, TRUE, FALSE, FALSE, NULL,
    "approval_required/-",
    "", "approvals on: admins need approval too" },
  { 0, 0, "uat", TRUE, FALSE, MAN, DVL, TRUE, FALSE, FALSE, NULL,
    "approval_required/-",
    "", "approvals on, no request: only approval_required, not target_permission" },
  { 0, 0, "uat", TRUE, FALSE, MAN, DVL, TRUE, TRUE, FALSE, NULL,
    "",
    "", "approvals on and granted: the role in the target does not matter" },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, TRUE, FALSE, NULL,
    "",
    "approvals_off/-", "approvals off: a stray grant changes nothing" },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, TRUE, "Quarter-end close",
    "frozen/-",
    "approvals_off/-, frozen/-", "frozen with a reason" },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, TRUE, NULL,
    "frozen/-",
    "approvals_off/-, frozen/-", "frozen without a reason" },
  { 1, 0, "sit", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "mapping/-",
    "approvals_off/-, mapping/-", "the stored path's edge lost its mapping" },
  { 0, -1, "uat", FALSE, TRUE, VIEW, DVL, FALSE, FALSE, TRUE, "Audit",
    "next_stage/-, release/-, already_promoted/-, source_permission/-, target_permission/-, "
    "frozen/-",
    "next_stage/-, release/-, already_promoted/-, source_permission/-, approvals_off/-, frozen/-",
    "several refusals are all reported" },
  { 0, 0, "nope", FALSE, FALSE, NOPERM, VWR, TRUE, FALSE, TRUE, NULL,
    "stage/-, release/-, source_permission/-, frozen/-",
    "stage/-, release/-, source_permission/-, frozen/-",
    "unknown stage with approvals on: no org to need an approval in; every other reason counts" },
  { 0, 0, "nope", TRUE, FALSE, MAN, VWR, FALSE, FALSE, FALSE, NULL,
    "stage/-",
    "stage/-", "unknown stage with approvals off: no org to need a role in" },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "blocked/-",
    "approvals_off/-, blocked/-", "a blocked release, with a reason", TRUE, "CVE-2026-1234" },
  { 0, 0, "uat", TRUE, FALSE, MAN, DVL, TRUE, TRUE, FALSE, NULL,
    "blocked/-",
    "blocked/-", "blocked: an approved request does not help", TRUE, NULL },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, TRUE, "Audit",
    "frozen/-, blocked/-",
    "approvals_off/-, frozen/-, blocked/-", "blocked and frozen: both reported", TRUE, "Bad build" },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "soak/-",
    "approvals_off/-", "soak: one second too early; a request may be made", FALSE, NULL, 86400, 86399 },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "",
    "approvals_off/-", "soak: exactly the soak time", FALSE, NULL, 86400, 86400 },
  { 0, 0, "uat", TRUE, FALSE, MAN, ADM, FALSE, FALSE, FALSE, NULL,
    "",
    "approvals_off/-", "soak: one second after", FALSE, NULL, 86400, 86401 },
  { 0, 0, "uat", TRUE, FALSE, MAN, DVL, TRUE, TRUE, FALSE, NULL,
    "soak/-",
    "", "soak: an approved request still waits for the soak time", FALSE, NULL, 3600, 0 },
};

static void
test_promotion (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(ScPathSpec) path0 = make_promotion_path (0);
  g_autoptr(ScPathSpec) path1 = make_promotion_path (1);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 4, 10, 0, 0);
  g_autoptr(GDateTime) arrived_at = g_date_time_add_seconds (now, (gdouble) -promotion_rows[i].age);
  ScPromotionFacts facts = {
    .path = promotion_rows[i].path == 0 ? path0 : path1,
    .current_index = promotion_rows[i].current,
    .target_tag = promotion_rows[i].target,
    .release_is_workflows = promotion_rows[i].release_ok,
    .already_promoted = promotion_rows[i].already,
    .source_permission = promotion_rows[i].source_permission,
    .target_role = promotion_rows[i].target_role,
    .approvals_enabled = promotion_rows[i].approvals,
    .approval_granted = promotion_rows[i].granted,
    .frozen = promotion_rows[i].frozen,
    .freeze_reason = promotion_rows[i].freeze_reason,
    .release_blocked = promotion_rows[i].blocked,
    .block_reason = promotion_rows[i].block_reason,
    .soak_required_seconds = promotion_rows[i].soak,
    .arrived_at = arrived_at,
    .now = now,
  };
  gboolean ok;

  g_test_message ("row %u: %s", i, promotion_rows[i].why);
  ok = sc_rules_check_promotion (&facts, graph, hierarchy, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, promotion_rows[i].expected);
  g_assert_cmpint (ok, ==, *promotion_rows[i].expected == '\0');

  if (promotion_rows[i].freeze_reason != NULL)
    g_assert_nonnull (strstr (reason_of (violations, "frozen"),
                              promotion_rows[i].freeze_reason));
  if (promotion_rows[i].block_reason != NULL)
    g_assert_nonnull (strstr (reason_of (violations, "blocked"),
                              promotion_rows[i].block_reason));
  if (promotion_rows[i].soak == 86400 && promotion_rows[i].age == 86399)
    g_assert_nonnull (strstr (reason_of (violations, "soak"), "after 10:00:01 UTC today"));

  /* the same facts, judged for a request to promote: a fact of the input,
   * not violations taken away afterwards */
  g_ptr_array_set_size (violations, 0);
  g_clear_pointer (&summary, g_free);
  facts.action = SC_PROMOTION_ACTION_REQUEST;
  ok = sc_rules_check_promotion (&facts, graph, hierarchy, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, promotion_rows[i].expected_request);
  g_assert_cmpint (ok, ==, *promotion_rows[i].expected_request == '\0');
}

static void
test_promotion_reasons (void)
{
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(ScPathSpec) path = make_promotion_path (0);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  ScPromotionFacts facts = {
    .path = path,
    .current_index = 0,
    .target_tag = "prod",
    .release_is_workflows = TRUE,
    .source_permission = SC_PERMISSION_MANAGE,
    .target_role = SC_ROLE_VIEWER,
    .frozen = TRUE,
    .freeze_reason = "Quarter-end close",
  };

  g_assert_false (sc_rules_check_promotion (&facts, graph, hierarchy, violations));
  /* the skip names the stage that is next, and where it lives */
  g_assert_nonnull (strstr (reason_of (violations, "next_stage"), "“uat”"));
  g_assert_nonnull (strstr (reason_of (violations, "next_stage"), "Acme Staging"));
  /* the target org is named by name */
  g_assert_nonnull (strstr (reason_of (violations, "target_permission"), "Acme Production"));
  g_assert_cmpstr (reason_of (violations, "frozen"), ==,
                   "Promotions into Acme Production are frozen: “Quarter-end close”.");
}

static const struct {
  const char *now;
  const char *when;
  const char *expected;
} when_rows[] = {
  { "2026-12-04T10:00:00Z", "2026-12-04T14:00:00Z", "after 14:00 UTC today" },
  { "2026-12-04T10:00:00Z", "2026-12-05T14:00:00Z", "after 14:00 UTC tomorrow" },
  { "2026-12-04T10:00:00Z", "2026-12-04T14:00:30Z", "after 14:00:30 UTC today" },
  { "2026-12-31T23:00:00Z", "2027-01-01T01:00:00Z", "after 01:00 UTC tomorrow" },
  { "2026-12-04T10:00:00Z", "2026-12-24T14:00:00Z", "after 2026-12-24 14:00 UTC" },
  /* in UTC whatever the zone the times come in */
  { "2026-12-04T23:30:00+01:00", "2026-12-05T01:00:00+01:00", "after 00:00 UTC tomorrow" },
};

static void
test_format_when (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (when_rows); i++)
    {
      g_autoptr(GDateTime) now = sc_time_parse (when_rows[i].now);
      g_autoptr(GDateTime) when = sc_time_parse (when_rows[i].when);
      g_autofree char *text = sc_rules_format_when (when, now);

      g_assert_cmpstr (text, ==, when_rows[i].expected);
    }
}

/* --- refusal classes and their order --------------------------------------- */

static const struct {
  const char *violations;  /* "rule/field, …" as reported */
  const char *sorted;      /* after sc_rules_sort_refusals */
  ScRefusalClass klass;    /* the answer's class */
} refusal_rows[] = {
  { "", "", SC_REFUSAL_NONE },
  { "stage/-", "stage/-", SC_REFUSAL_INVALID },
  { "-/name", "-/name", SC_REFUSAL_INVALID },
  { "frozen/-, stage/-", "frozen/-, stage/-", SC_REFUSAL_CONFLICT },
  { "next_stage/-, already_promoted/-", "already_promoted/-, next_stage/-", SC_REFUSAL_CONFLICT },
  { "frozen/-, target_permission/-", "target_permission/-, frozen/-", SC_REFUSAL_FORBIDDEN },
  { "mapping/-, frozen/-, approval_required/-, source_permission/-",
    "approval_required/-, source_permission/-, frozen/-, mapping/-", SC_REFUSAL_FORBIDDEN },
  /* a named request that cannot be used is a problem with the input */
  { "approval_required/approval_request_id", "approval_required/approval_request_id",
    SC_REFUSAL_INVALID },
  { "approval_required/approval_request_id, frozen/-",
    "frozen/-, approval_required/approval_request_id", SC_REFUSAL_CONFLICT },
  { "connections/-, approvals_off/-", "connections/-, approvals_off/-", SC_REFUSAL_INVALID },
  { "stage/-, blocked/-", "blocked/-, stage/-", SC_REFUSAL_CONFLICT },
  { "soak/-, mapping/-", "soak/-, mapping/-", SC_REFUSAL_CONFLICT },
};

static void
test_refusal_order (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_auto(GStrv) parts = g_strsplit (refusal_rows[i].violations, ", ", -1);
  g_autofree char *summary = NULL;

  for (guint p = 0; parts[p] != NULL && parts[p][0] != '\0'; p++)
    {
      g_auto(GStrv) rule_field = g_strsplit (parts[p], "/", 2);
      const char *rule = g_str_equal (rule_field[0], "-") ? NULL : rule_field[0];
      const char *field = g_str_equal (rule_field[1], "-") ? NULL : rule_field[1];

      if (rule != NULL)
        sc_violations_add_rule_field (violations, rule, field, "Reason %u.", p);
      else
        sc_violations_add_field (violations, field, "Reason %u.", p);
    }

  g_assert_cmpint (sc_rules_sort_refusals (violations), ==, refusal_rows[i].klass);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, refusal_rows[i].sorted);
}

static const struct {
  gboolean        exists;
  gboolean        matches;
  ScApprovalState state;
  int             expires;   /* hours from now, NO_TIME for none */
  const char     *expected;  /* a fragment of the reason, NULL: usable */
} named_request_rows[] = {
  { TRUE, TRUE, SC_APPROVAL_STATE_APPROVED, 24, NULL },
  { FALSE, TRUE, SC_APPROVAL_STATE_APPROVED, 24, "no approval request “apr_x” of yours" },
  { TRUE, FALSE, SC_APPROVAL_STATE_APPROVED, 24, "another release or stage" },
  { TRUE, FALSE, SC_APPROVAL_STATE_APPROVED, 24, "v7 to “prod”" },
  { TRUE, TRUE, SC_APPROVAL_STATE_APPROVED, -1, "expired" },
  { TRUE, TRUE, SC_APPROVAL_STATE_APPROVED, 0, "expired" },
  { TRUE, TRUE, SC_APPROVAL_STATE_PENDING, 24, "still waiting" },
  { TRUE, TRUE, SC_APPROVAL_STATE_PENDING, -1, "expired" },
  { TRUE, TRUE, SC_APPROVAL_STATE_COMPLETED, 24, "already used" },
  { TRUE, TRUE, SC_APPROVAL_STATE_REJECTED, 24, "rejected" },
  { TRUE, TRUE, SC_APPROVAL_STATE_CANCELLED, 24, "cancelled" },
};

static void
test_named_request (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GDateTime) expires = named_request_rows[i].expires == NO_TIME ? NULL
                                 : g_date_time_add_hours (now, named_request_rows[i].expires);
  ScNamedRequestFacts request = {
    .id = "apr_x",
    .exists = named_request_rows[i].exists,
    .matches = named_request_rows[i].matches,
    .state = named_request_rows[i].state,
    .expires_at = expires,
  };
  g_autofree char *problem = sc_rules_named_request_problem (&request, 7, "prod", now);
  gboolean usable = sc_rules_request_usable (request.state, request.expires_at, now);

  if (named_request_rows[i].expected == NULL)
    g_assert_null (problem);
  else
    g_assert_nonnull (strstr (problem, named_request_rows[i].expected));
  /* the same verdict as the one the server uses to find a request itself */
  if (request.exists && request.matches)
    g_assert_cmpint (usable, ==, problem == NULL);
}

/* The named request inside the promotion rule: its problem replaces the
 * generic approval_required, and a request to promote ignores it. */
static void
test_promotion_named_request (void)
{
  g_autoptr(ScOrgGraph) graph = make_graph ();
  g_autoptr(ScHierarchy) hierarchy = sc_hierarchy_new_default ();
  g_autoptr(ScPathSpec) path = make_promotion_path (0);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GDateTime) now = test_now ();
  g_autofree char *summary = NULL;
  ScNamedRequestFacts request = { .id = "apr_x", .exists = TRUE, .matches = TRUE,
                                  .state = SC_APPROVAL_STATE_PENDING };
  ScPromotionFacts facts = {
    .path = path,
    .current_index = 0,
    .target_tag = "uat",
    .release_is_workflows = TRUE,
    .source_permission = SC_PERMISSION_MANAGE,
    .target_role = SC_ROLE_DEVELOPER,
    .approvals_enabled = TRUE,
    .named_request = &request,
    .release_version = 3,
    .now = now,
  };

  g_assert_false (sc_rules_check_promotion (&facts, graph, hierarchy, violations));
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, "approval_required/approval_request_id");
  g_assert_cmpint (sc_rules_sort_refusals (violations), ==, SC_REFUSAL_INVALID);

  g_ptr_array_set_size (violations, 0);
  facts.action = SC_PROMOTION_ACTION_REQUEST;
  g_assert_true (sc_rules_check_promotion (&facts, graph, hierarchy, violations));
}

/* --- stages ---------------------------------------------------------------- */

static const struct {
  const char *tag;
  int         index;
  const char *why;
} find_stage_rows[] = {
  { "dev", 0, "first" },
  { "PROD", 2, "any case" },
  { "Uat", 1, "mixed case" },
  { "qa", -1, "absent" },
  { "", -1, "empty" },
  { NULL, -1, "NULL" },
};

static const struct {
  int         index;
  int         current;
  const char *state;
  const char *why;
} stage_state_rows[] = {
  { 0, 1, "done", "before the current stage" },
  { 1, 1, "current", "the current stage" },
  { 2, 1, "next", "right after" },
  { 3, 1, "later", "further on" },
  { 0, -1, "later", "not on the path: nothing is done or next" },
};

static void
test_find_stage (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScPathSpec) path = make_promotion_path (0);

  g_test_message ("row %u: %s", i, find_stage_rows[i].why);
  g_assert_cmpint (sc_rules_find_stage (path, find_stage_rows[i].tag), ==,
                   find_stage_rows[i].index);
}

static void
test_stage_state (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);

  g_test_message ("row %u: %s", i, stage_state_rows[i].why);
  g_assert_cmpstr (sc_rules_stage_state (stage_state_rows[i].index,
                                         stage_state_rows[i].current),
                   ==, stage_state_rows[i].state);
}

/* --- permissions ----------------------------------------------------------- */

static const struct {
  gboolean     owner;
  ScRole       role;
  ScPermission general;
  ScPermission grant;
  ScPermission expected;
  const char  *why;
} permission_rows[] = {
  { TRUE, DVL, NOPERM, NOPERM, MAN, "the owner always manages" },
  { TRUE, VWR, VIEW, VIEW, MAN, "the owner manages even with a view grant" },
  { FALSE, ADM, NOPERM, NOPERM, MAN, "org admins always manage" },
  { FALSE, ADM, VIEW, VIEW, MAN, "an admin's view grant does not limit them" },
  { FALSE, NOROLE, MAN, NOPERM, NOPERM, "non-member: general access does not reach outside" },
  { FALSE, NOROLE, MAN, MAN, NOPERM, "non-member: even a (stale) grant gives nothing" },
  { TRUE, NOROLE, NOPERM, NOPERM, NOPERM, "an owner who left the org holds nothing" },
  { FALSE, DVL, VIEW, MAN, MAN, "individual manage survives general view" },
  { FALSE, DVL, MAN, VIEW, VIEW, "individual view limits general manage" },
  { FALSE, DVL, NOPERM, VIEW, VIEW, "individual view, general none" },
  { FALSE, DVL, VIEW, NOPERM, VIEW, "no grant: general access" },
  { FALSE, REV, MAN, NOPERM, MAN, "no grant: general manage" },
  { FALSE, VWR, NOPERM, NOPERM, NOPERM, "no grant, no general access" },
  { FALSE, DVL, MAN, SC_PERMISSION_RUN, SC_PERMISSION_RUN,
    "connections: individual run limits general manage" },
};

static void
test_permissions (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);

  g_test_message ("row %u: %s", i, permission_rows[i].why);
  g_assert_cmpint (sc_rules_resolve_permission (permission_rows[i].owner,
                                                permission_rows[i].role,
                                                permission_rows[i].general,
                                                permission_rows[i].grant),
                   ==, permission_rows[i].expected);
}

/* --- sharing --------------------------------------------------------------- */

typedef struct {
  const char *user_id;
  const char *email;
} GrantRow;

static const struct {
  guint       n_grants;
  GrantRow    grants[3];
  const char *expected;
  const char *why;
} sharing_rows[] = {
  { 0, { { NULL, NULL } }, "", "no grants" },
  { 2, { { "usr_a", NULL }, { "usr_b", NULL } }, "", "two members" },
  { 2, { { "usr_a", NULL }, { "usr_out", NULL } },
    "membership/grants[1]", "usr_out is not a member" },
  { 1, { { NULL, "nobody@acme.test" } },
    "membership/grants[0]", "an e-mail nobody resolved is not a member" },
  { 1, { { NULL, NULL } }, "membership/grants[0]", "a grant naming nobody" },
  { 3, { { "usr_a", NULL }, { "usr_b", NULL }, { "usr_a", NULL } },
    "-/grants[2]", "usr_a twice" },
  { 2, { { NULL, "x@acme.test" }, { NULL, "X@Acme.test" } },
    "membership/grants[0], membership/grants[1], -/grants[1]",
    "the same unresolved address twice, in another case" },
  { 2, { { "usr_out", NULL }, { "usr_out", NULL } },
    "membership/grants[0], membership/grants[1], -/grants[1]",
    "an outsider twice: each grant and the repeat" },
};

static void
test_sharing (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GHashTable) members = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(ScSharingSpec) spec = g_new0 (ScSharingSpec, 1);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;
  gboolean ok;

  g_test_message ("row %u: %s", i, sharing_rows[i].why);
  g_hash_table_add (members, (gpointer) "usr_a");
  g_hash_table_add (members, (gpointer) "usr_b");
  spec->general_access = SC_PERMISSION_VIEW;
  spec->grants = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_grant_free);
  for (guint j = 0; j < sharing_rows[i].n_grants; j++)
    {
      ScGrant *grant = g_new0 (ScGrant, 1);

      grant->user_id = g_strdup (sharing_rows[i].grants[j].user_id);
      grant->email = g_strdup (sharing_rows[i].grants[j].email);
      grant->permission = SC_PERMISSION_MANAGE;
      g_ptr_array_add (spec->grants, grant);
    }

  ok = sc_rules_check_sharing (spec, members, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, sharing_rows[i].expected);
  g_assert_cmpint (ok, ==, *sharing_rows[i].expected == '\0');
}

/* --- approvals: effective state ------------------------------------------- */

#define PEND SC_APPROVAL_STATE_PENDING
#define APPR SC_APPROVAL_STATE_APPROVED
#define REJ SC_APPROVAL_STATE_REJECTED
#define CANC SC_APPROVAL_STATE_CANCELLED
#define EXP SC_APPROVAL_STATE_EXPIRED
#define COMP SC_APPROVAL_STATE_COMPLETED

static const struct {
  ScApprovalState state;
  int             expires_in_hours;
  ScApprovalState expected;
  const char     *why;
} effective_rows[] = {
  { PEND, 24, PEND, "pending, a day left" },
  { PEND, -1, EXP, "pending, an hour past expiry" },
  { PEND, 0, EXP, "pending, expiring this instant" },
  { PEND, NO_TIME, PEND, "pending, no expiry" },
  { APPR, 24, APPR, "approved, unused, in time" },
  { APPR, -1, EXP, "approved but never used in time" },
  { REJ, -1, REJ, "a rejection stays a rejection" },
  { CANC, -1, CANC, "a cancellation stays" },
  { COMP, -1, COMP, "a completed request never expires" },
  { EXP, 24, EXP, "stored as expired" },
};

static void
test_effective_state (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GDateTime) expires = hours_from_now (effective_rows[i].expires_in_hours);

  g_test_message ("row %u: %s", i, effective_rows[i].why);
  g_assert_cmpint (sc_rules_effective_state (effective_rows[i].state, expires, now),
                   ==, effective_rows[i].expected);
}

/* --- approvals: who may decide --------------------------------------------- */

#define ROLES_ADMIN (1u << SC_ROLE_ADMIN)
#define ROLES_REVIEWER_ADMIN ((1u << SC_ROLE_REVIEWER) | (1u << SC_ROLE_ADMIN))

static const struct {
  ScApprovalState state;
  int             expires_in_hours;
  const char     *decided[3];  /* NULL-terminated */
  guint           reviewer_roles;
  const char     *assignees[3]; /* NULL-terminated */
  const char     *caller;
  ScRole          caller_role;
  const char     *expected;
  const char     *why;
} decision_rows[] = {
  { PEND, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "", "an admin decides a pending request" },
  { PEND, NO_TIME, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "", "no expiry set" },
  { PEND, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_req", ADM,
    "self_approval/-", "the requester, although an admin" },
  { PEND, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", REV,
    "reviewer_role/-", "reviewer role not in an admin-only policy" },
  { PEND, 24, { NULL }, ROLES_REVIEWER_ADMIN, { NULL }, "usr_rev", REV,
    "", "reviewer role in the policy" },
  { PEND, 24, { NULL }, ROLES_REVIEWER_ADMIN, { NULL }, "usr_rev", NOROLE,
    "reviewer_role/-", "not a member of the target org" },
  { PEND, 24, { NULL }, ROLES_ADMIN, { "usr_x", "usr_y", NULL }, "usr_rev", ADM,
    "assignee/-", "assignees are named and the caller is not one" },
  { PEND, 24, { NULL }, ROLES_ADMIN, { "usr_x", "usr_rev", NULL }, "usr_rev", ADM,
    "", "an assignee with the role" },
  { PEND, 24, { "usr_other", "usr_rev", NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "already_decided/-", "the caller already approved" },
  { PEND, 24, { "usr_other", NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "", "someone else decided; the caller has not" },
  { APPR, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "state/-", "approved already" },
  { REJ, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "state/-", "rejected already" },
  { CANC, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "state/-", "cancelled by the requester" },
  { COMP, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "state/-", "completed" },
  { PEND, -1, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "expired/-", "pending past its expiry" },
  { PEND, 0, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "expired/-", "expiring this very instant" },
  { EXP, 24, { NULL }, ROLES_ADMIN, { NULL }, "usr_rev", ADM,
    "expired/-", "stored as expired" },
  { PEND, -1, { "usr_req", NULL }, ROLES_ADMIN, { "usr_x", NULL }, "usr_req", DVL,
    "expired/-, self_approval/-, reviewer_role/-, assignee/-, already_decided/-",
    "everything at once" },
};

static void
test_decisions (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(GDateTime) expires = hours_from_now (decision_rows[i].expires_in_hours);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;
  ScRequestFacts request = {
    .state = decision_rows[i].state,
    .requester_id = "usr_req",
    .expires_at = expires,
    .required_approvals = 1,
    .approver_ids = NULL,
    .decided_ids = decision_rows[i].decided,
  };
  gboolean ok;

  g_test_message ("row %u: %s", i, decision_rows[i].why);
  policy->enabled = TRUE;
  policy->reviewer_roles = decision_rows[i].reviewer_roles;
  g_strfreev (policy->assignee_ids);
  policy->assignee_ids = g_strdupv ((GStrv) decision_rows[i].assignees);

  ok = sc_rules_check_decision (policy, &request, decision_rows[i].caller,
                                decision_rows[i].caller_role, now, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, decision_rows[i].expected);
  g_assert_cmpint (ok, ==, *decision_rows[i].expected == '\0');
}

static const struct {
  guint           required;
  ScDecision      decision;
  guint           approvals_after;
  ScApprovalState expected;
  const char     *why;
} after_rows[] = {
  { 1, SC_DECISION_APPROVE, 1, APPR, "one of one approves" },
  { 2, SC_DECISION_APPROVE, 1, PEND, "one of two stays pending" },
  { 2, SC_DECISION_APPROVE, 2, APPR, "two of two approves" },
  { 3, SC_DECISION_APPROVE, 2, PEND, "two of three stays pending" },
  { 2, SC_DECISION_APPROVE, 3, APPR, "more than enough approves" },
  { 1, SC_DECISION_REJECT, 0, REJ, "one reject rejects" },
  { 2, SC_DECISION_REJECT, 1, REJ, "a reject after an approval still rejects" },
  { 0, SC_DECISION_APPROVE, 1, APPR, "a bogus 0 counts as 1" },
};

static void
test_state_after_decision (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  ScRequestFacts request = {
    .state = SC_APPROVAL_STATE_PENDING,
    .requester_id = "usr_req",
    .required_approvals = after_rows[i].required,
  };

  g_test_message ("row %u: %s", i, after_rows[i].why);
  g_assert_cmpint (sc_rules_state_after_decision (&request, after_rows[i].decision,
                                                  after_rows[i].approvals_after),
                   ==, after_rows[i].expected);
}

/* --- freeze ------------------------------------------------------------------ */

static const struct {
  gboolean    active;
  int         from_hours;
  int         until_hours;
  gboolean    expected;
  const char *why;
} freeze_rows[] = {
  { TRUE, NO_TIME, NO_TIME, TRUE, "active without a window: frozen now" },
  { FALSE, NO_TIME, NO_TIME, FALSE, "inactive" },
  { FALSE, -1, 1, FALSE, "inactive, even inside its window" },
  { TRUE, 1, 2, FALSE, "before the window" },
  { TRUE, -1, 1, TRUE, "inside the window" },
  { TRUE, -2, -1, FALSE, "after the window" },
  { TRUE, 0, 1, TRUE, "the window starts now (from is inclusive)" },
  { TRUE, -1, 0, FALSE, "the window ends now (until is exclusive)" },
  { TRUE, -1, NO_TIME, TRUE, "open-ended, started" },
  { TRUE, 1, NO_TIME, FALSE, "open-ended, not started" },
  { TRUE, NO_TIME, 1, TRUE, "until only, not yet over" },
  { TRUE, NO_TIME, -1, FALSE, "until only, over" },
};

static void
test_freeze (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GDateTime) from = hours_from_now (freeze_rows[i].from_hours);
  g_autoptr(GDateTime) until = hours_from_now (freeze_rows[i].until_hours);
  ScFreeze freeze = {
    .active = freeze_rows[i].active,
    .from = from,
    .until = until,
    .reason = NULL,
  };

  g_test_message ("row %u: %s", i, freeze_rows[i].why);
  g_assert_cmpint (sc_rules_freeze_in_effect (&freeze, now), ==, freeze_rows[i].expected);
}

/* --- org graph ---------------------------------------------------------------- */

static void
test_org_graph (void)
{
  g_autoptr(ScOrgGraph) graph = make_graph ();
  ScOrgGraph *ref;
  ScRelation relation = SC_RELATION_DEFAULT;

  g_assert_true (sc_org_graph_has_org (graph, "org_plain"));
  g_assert_false (sc_org_graph_has_org (graph, "org_nowhere"));
  g_assert_cmpint (sc_org_graph_get_type (graph, "org_uat"), ==, SC_ORG_TYPE_UAT);
  g_assert_cmpint (sc_org_graph_get_type (graph, "org_plain"), ==, SC_ORG_TYPE_NONE);
  g_assert_cmpint (sc_org_graph_get_type (graph, "org_nowhere"), ==, SC_ORG_TYPE_NONE);
  g_assert_cmpstr (sc_org_graph_get_name (graph, "org_prod"), ==, "Acme Production");
  /* an unknown org is named by its id */
  g_assert_cmpstr (sc_org_graph_get_name (graph, "org_nowhere"), ==, "org_nowhere");

  g_assert_true (sc_org_graph_get_mapping (graph, "org_dev2", "org_dev", &relation));
  g_assert_cmpint (relation, ==, SC_RELATION_SIBLING);
  g_assert_true (sc_org_graph_get_mapping (graph, "org_dev", "org_dev2", &relation));
  g_assert_cmpint (relation, ==, SC_RELATION_DEFAULT);
  /* mappings are directed */
  g_assert_false (sc_org_graph_get_mapping (graph, "org_uat", "org_dev", NULL));

  /* adding again replaces */
  sc_org_graph_add_org (graph, "org_plain", "Plain, registered", SC_ORG_TYPE_DEMO);
  g_assert_cmpint (sc_org_graph_get_type (graph, "org_plain"), ==, SC_ORG_TYPE_DEMO);
  g_assert_cmpstr (sc_org_graph_get_name (graph, "org_plain"), ==, "Plain, registered");

  ref = sc_org_graph_ref (graph);
  g_assert_true (ref == graph);
  sc_org_graph_unref (ref);
}

/* One test case per row, "/core/rules/tags/03", so that TAP names the row
 * that fails; the row's reason is in the log. */
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

/* The one clock: an override for this process, and the file a test writes
 * to move a server's clock (read on every call, empty means real time). */
static void
test_clock (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sc-clock-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clock", NULL);
  g_autoptr(GDateTime) fixed = g_date_time_new_utc (2026, 3, 29, 0, 59, 59);
  g_autoptr(GDateTime) real_before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_clock_write_test_file (path, fixed, &error));
  g_assert_no_error (error);
  g_setenv ("SC_TEST_CLOCK_FILE", path, TRUE);
#if SC_ENABLE_TEST_HOOKS
  now = sc_clock_now_utc ();
  g_assert_true (g_date_time_equal (now, fixed));
  g_assert_cmpint (sc_clock_now_us (), ==, g_date_time_to_unix (fixed) * G_USEC_PER_SEC);
  g_clear_pointer (&now, g_date_time_unref);
#endif

  /* an empty file: the real clock again */
  g_assert_true (sc_clock_write_test_file (path, NULL, &error));
  now = sc_clock_now_utc ();
  g_assert_cmpint (g_date_time_compare (now, real_before), >=, 0);
  g_clear_pointer (&now, g_date_time_unref);

  /* the override wins over the file */
  g_assert_true (sc_clock_write_test_file (path, real_before, &error));
  sc_clock_set_for_testing (fixed);
  now = sc_clock_now_utc ();
  g_assert_true (g_date_time_equal (now, fixed));
  g_clear_pointer (&now, g_date_time_unref);
  sc_clock_set_for_testing (NULL);

  g_unsetenv ("SC_TEST_CLOCK_FILE");
  g_remove (path);
  g_rmdir (dir);
}

/* --- the reviewer's desk (issue 9) ---------------------------------------------- */

/* A delegate (usr_dep) deciding for usr_rev (role in the target org
 * @delegator_role) with the delegation [from, until) in hours from now. */
static const struct {
  ScApprovalState state;
  const char     *decided[3];       /* NULL-terminated */
  ScRole          delegator_role;
  int             from_hours;
  int             until_hours;
  const char     *caller;
  const char     *expected;
  const char     *why;
} delegated_rows[] = {
  { PEND, { NULL }, REV, -1, 24, "usr_dep", "", "in the range, for an eligible reviewer" },
  { PEND, { NULL }, REV, 0, 24, "usr_dep", "", "from is inclusive" },
  { PEND, { NULL }, REV, -24, 0, "usr_dep", "delegation/-", "until is exclusive" },
  { PEND, { NULL }, REV, 1, 24, "usr_dep", "delegation/-", "not started yet" },
  { PEND, { NULL }, REV, -48, -24, "usr_dep", "delegation/-", "over" },
  { PEND, { NULL }, DVL, -1, 24, "usr_dep", "delegation/-", "the delegator may not decide" },
  { PEND, { "usr_rev", NULL }, REV, -1, 24, "usr_dep", "delegation/-",
    "the delegator decided already" },
  { PEND, { "usr_dep", NULL }, REV, -1, 24, "usr_dep", "already_decided/-",
    "the delegate decided already (for someone)" },
  { PEND, { NULL }, REV, -1, 24, "usr_req", "self_approval/-", "the requester as a delegate" },
  { APPR, { NULL }, REV, -1, 24, "usr_dep", "state/-", "no longer pending" },
};

static void
test_delegated_decisions (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(GDateTime) expires = hours_from_now (24);
  g_autoptr(GDateTime) from = hours_from_now (delegated_rows[i].from_hours);
  g_autoptr(GDateTime) until = hours_from_now (delegated_rows[i].until_hours);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;
  ScRequestFacts request = {
    .state = delegated_rows[i].state,
    .requester_id = "usr_req",
    .expires_at = expires,
    .required_approvals = 1,
    .decided_ids = delegated_rows[i].decided,
  };
  ScDelegationFacts delegation = {
    .delegator_id = "usr_rev",
    .delegator_name = "rev@example.test",
    .delegator_role = delegated_rows[i].delegator_role,
    .from = from,
    .until = until,
  };
  gboolean ok;

  g_test_message ("row %u: %s", i, delegated_rows[i].why);
  policy->enabled = TRUE;
  policy->reviewer_roles = ROLES_REVIEWER_ADMIN;
  ok = sc_rules_check_delegated_decision (policy, &request, delegated_rows[i].caller, &delegation,
                                          now, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, delegated_rows[i].expected);
  g_assert_cmpint (ok, ==, *delegated_rows[i].expected == '\0');
}

static const struct {
  gboolean    to_reject;
  gboolean    to_approve;
  ScDecision  decision;
  const char *comment;
  gboolean    expected;
  const char *why;
} comment_rows[] = {
  { FALSE, FALSE, SC_DECISION_REJECT, NULL, TRUE, "nothing required" },
  { TRUE, FALSE, SC_DECISION_REJECT, NULL, FALSE, "a reject without a comment" },
  { TRUE, FALSE, SC_DECISION_REJECT, " \n\t ", FALSE, "blank is none" },
  { TRUE, FALSE, SC_DECISION_REJECT, "No: the runbook is missing.", TRUE, "a reject with a reason" },
  { TRUE, FALSE, SC_DECISION_APPROVE, NULL, TRUE, "approvals need none" },
  { FALSE, TRUE, SC_DECISION_APPROVE, "", FALSE, "an approval without a comment" },
  { FALSE, TRUE, SC_DECISION_REJECT, NULL, TRUE, "rejects need none" },
};

static void
test_decision_comments (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;
  gboolean ok;

  g_test_message ("row %u: %s", i, comment_rows[i].why);
  policy->comment_required_to_reject = comment_rows[i].to_reject;
  policy->comment_required_to_approve = comment_rows[i].to_approve;
  ok = sc_rules_check_decision_comment (policy, comment_rows[i].decision, comment_rows[i].comment,
                                        violations);
  summary = summarize (violations);
  g_assert_cmpint (ok, ==, comment_rows[i].expected);
  g_assert_cmpstr (summary, ==, ok ? "" : "-/comment");
}

static const struct {
  const char *delegate;
  gboolean    member;
  int         from_hours;
  int         until_hours;
  const char *expected;
  const char *why;
} delegation_rows[] = {
  { "usr_dep", TRUE, 0, 24 * 7, "", "a member for a week" },
  { "usr_rev", TRUE, 0, 24, "-/delegate_id", "oneself" },
  { "usr_out", FALSE, 0, 24, "-/delegate_id", "not a member" },
  { "usr_dep", TRUE, 24, 0, "-/until", "ends before it starts" },
  { "usr_dep", TRUE, -48, -24, "-/until", "over already" },
  { "usr_dep", TRUE, 0, 24 * 400, "-/until", "longer than a year" },
};

static void
test_delegations (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GDateTime) from = hours_from_now (delegation_rows[i].from_hours);
  g_autoptr(GDateTime) until = hours_from_now (delegation_rows[i].until_hours);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autofree char *summary = NULL;

  g_test_message ("row %u: %s", i, delegation_rows[i].why);
  sc_rules_check_delegation ("usr_rev", delegation_rows[i].delegate, delegation_rows[i].member,
                             from, until, now, violations);
  summary = summarize (violations);
  g_assert_cmpstr (summary, ==, delegation_rows[i].expected);
}

/* Scheduled promotions: when one may be set, and which refusals of now
 * still let it be scheduled. */
static void
test_schedule (void)
{
  static const struct {
    gint64      offset;   /* seconds after now */
    gboolean    ok;
    const char *why;
  } times[] = {
    { -1, FALSE, "in the past" },
    { 0, FALSE, "now is not later" },
    { 1, TRUE, "a second ahead" },
    { SC_RULES_SCHEDULE_MAX_DAYS * 86400, TRUE, "the furthest allowed" },
    { SC_RULES_SCHEDULE_MAX_DAYS * 86400 + 1, FALSE, "a second too far" },
  };
  static const struct {
    const char *rule;
    gboolean    tolerated;
  } rules[] = {
    { "frozen", TRUE }, { "soak", TRUE }, { "blocked", FALSE }, { "target_permission", FALSE },
    { "approval_required", FALSE }, { "next_stage", FALSE }, { "already_promoted", FALSE },
    { NULL, FALSE },
  };
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 29, 0, 59, 59);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GDateTime) run_at = g_date_time_add_seconds (now, times[i].offset);
      g_autoptr(GPtrArray) violations = sc_violations_new ();
      gboolean ok = sc_rules_check_schedule_time (run_at, now, "run_at", violations);

      g_test_message ("%s", times[i].why);
      g_assert_cmpint (ok, ==, times[i].ok);
      g_assert_cmpuint (violations->len, ==, ok ? 0 : 1);
      if (!ok)
        g_assert_true (sc_violations_has_field (violations, "run_at"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    g_assert_cmpint (sc_rules_schedule_tolerates (rules[i].rule), ==, rules[i].tolerated);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD_ROWS ("/core/rules/hierarchy/default", hierarchy_rows, test_hierarchy_default);
  ADD_ROWS ("/core/rules/hierarchy/key-file", key_file_rows, test_hierarchy_key_file);
  g_test_add_func ("/core/rules/hierarchy/file", test_hierarchy_file);
  ADD_ROWS ("/core/rules/tag", tag_rows, test_tags);
  ADD_ROWS ("/core/rules/path", path_rows, test_paths);
  g_test_add_func ("/core/rules/path-reasons", test_path_reasons);
  ADD_ROWS ("/core/rules/edge", edge_rows, test_edges);
  ADD_ROWS ("/core/rules/promotion", promotion_rows, test_promotion);
  g_test_add_func ("/core/rules/promotion-reasons", test_promotion_reasons);
  g_test_add_func ("/core/rules/format-when", test_format_when);
  g_test_add_func ("/core/clock", test_clock);
  g_test_add_func ("/core/rules/schedule", test_schedule);
  ADD_ROWS ("/core/rules/refusal-order", refusal_rows, test_refusal_order);
  ADD_ROWS ("/core/rules/named-request", named_request_rows, test_named_request);
  g_test_add_func ("/core/rules/promotion-named-request", test_promotion_named_request);
  ADD_ROWS ("/core/rules/find-stage", find_stage_rows, test_find_stage);
  ADD_ROWS ("/core/rules/stage-state", stage_state_rows, test_stage_state);
  ADD_ROWS ("/core/rules/permission", permission_rows, test_permissions);
  ADD_ROWS ("/core/rules/sharing", sharing_rows, test_sharing);
  ADD_ROWS ("/core/rules/effective-state", effective_rows, test_effective_state);
  ADD_ROWS ("/core/rules/decision", decision_rows, test_decisions);
  ADD_ROWS ("/core/rules/state-after-decision", after_rows, test_state_after_decision);
  ADD_ROWS ("/core/rules/freeze", freeze_rows, test_freeze);
  g_test_add_func ("/core/rules/org-graph", test_org_graph);
  ADD_ROWS ("/core/rules/delegated-decision", delegated_rows, test_delegated_decisions);
  ADD_ROWS ("/core/rules/decision-comment", comment_rows, test_decision_comments);
  ADD_ROWS ("/core/rules/delegation", delegation_rows, test_delegations);

  return g_test_run ();
}
