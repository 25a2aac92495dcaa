/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Request bodies → the core model's parsers and validation (src/core).
 *
 * Each input is one request body. Like the server it is parsed with
 * json-glib, and then handed to every parser of a request type — paths,
 * workflows, sharing (workflows and connections), the approval policy
 * patch — and their rule checks. Beyond "no crash, no leak, no undefined
 * behaviour", the properties of sc-model.h are checked:
 *   - a parser returns NULL exactly when it sets a type error;
 *   - a body without violations gives a value the rest of the server may
 *     trust (a workflow's trigger URL starts with "/", its method is one
 *     of five; every stage has a tag and an org; each grant names
 *     someone, with a level of the right kind);
 *   - an accepted approval policy is within its bounds, and its JSON,
 *     merged into the default policy, gives the same policy back;
 *   - an accepted RFC 3339 time formats to a time that parses to itself;
 *   - sc_json_object_spans () reads in place what json-glib reads. */

#include <string.h>

#include "sc-json.h"
#include "sc-model.h"
#include "sc-org-graph.h"
#include "sc-rules.h"
#include "sc-fuzz.h"

static ScOrgGraph *
get_graph (void)
{
  static ScOrgGraph *graph;

  if (graph == NULL)
    {
      graph = sc_org_graph_new ();
      sc_org_graph_add_org (graph, "org_dev", "Development", SC_ORG_TYPE_DEV);
      sc_org_graph_add_org (graph, "org_sit", "Integration", SC_ORG_TYPE_SIT);
      sc_org_graph_add_org (graph, "org_uat", "Acceptance", SC_ORG_TYPE_UAT);
      sc_org_graph_add_org (graph, "org_prod", "Production", SC_ORG_TYPE_PROD);
      sc_org_graph_add_org (graph, "org_other", "Unregistered", SC_ORG_TYPE_NONE);
      sc_org_graph_add_mapping (graph, "org_dev", "org_sit", SC_RELATION_DEFAULT);
      sc_org_graph_add_mapping (graph, "org_sit", "org_uat", SC_RELATION_DEFAULT);
      sc_org_graph_add_mapping (graph, "org_uat", "org_prod", SC_RELATION_DEFAULT);
      sc_org_graph_add_mapping (graph, "org_dev", "org_uat", SC_RELATION_SIBLING);
    }
  return graph;
}

static ScHierarchy *
get_hierarchy (void)
{
  static ScHierarchy *hierarchy;

  if (hierarchy == NULL)
    hierarchy = sc_hierarchy_new_default ();
  return hierarchy;
}

/* the violations must be reportable: details, refusals, first reason */
static void
check_violations (GPtrArray *violations)
{
  g_autoptr(JsonNode) details = sc_violations_to_details (violations);
  g_autoptr(JsonNode) refusals = sc_violations_to_refusals (violations);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (details));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (refusals));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (refusals)), ==, violations->len);
  g_assert_true ((sc_violations_first_reason (violations) == NULL) == (violations->len == 0));
}

static void
check_result (gconstpointer result,
              GError       *error)
{
  /* NULL exactly when a type error says why */
  g_assert_true ((result == NULL) == (error != NULL));
  if (error != NULL)
    {
      g_assert_true (g_error_matches (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE));
      g_assert_nonnull (error->message);
    }
}

static void
fuzz_path (JsonNode *node)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPathSpec) spec = sc_path_spec_from_json (node, violations, &error);

  check_result (spec, error);
  check_violations (violations);
  if (spec == NULL)
    return;

  g_assert_nonnull (spec->stages);
  if (violations->len == 0)
    {
      g_assert_nonnull (spec->name);
      for (guint i = 0; i < spec->stages->len; i++)
        {
          ScStage *stage = g_ptr_array_index (spec->stages, i);

          g_assert_nonnull (stage->tag);
          g_assert_nonnull (stage->org_id);
        }
    }

  /* what the server does next, whatever the shape check said */
  if (spec->name != NULL)
    {
      g_autoptr(GPtrArray) rules = sc_violations_new ();
      gboolean ok = sc_rules_check_path (spec, get_graph (), get_hierarchy (), rules);

      g_assert_true (ok == (rules->len == 0));
      check_violations (rules);
      if (ok)
        {
          /* an accepted path: at least two stages, on known orgs */
          g_assert_cmpuint (spec->stages->len, >=, 2);
          for (guint i = 0; i < spec->stages->len; i++)
            {
              ScStage *stage = g_ptr_array_index (spec->stages, i);

              g_assert_true (sc_rules_tag_is_valid (stage->tag));
              g_assert_true (sc_org_graph_has_org (get_graph (), stage->org_id));
              g_assert_cmpint (sc_rules_find_stage (spec, stage->tag), ==, (int) i);
            }
        }
    }
}

static void
fuzz_workflow (JsonNode *node)
{
  static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScWorkflowSpec) spec = sc_workflow_spec_from_json (node, violations, &error);
  g_autofree char *stripped = NULL;
  gboolean known_method = FALSE;

  check_result (spec, error);
  check_violations (violations);
  if (spec == NULL || violations->len > 0)
    return;

  g_assert_nonnull (spec->name);
  stripped = g_strstrip (g_strdup (spec->name));
  g_assert_cmpstr (stripped, !=, "");
  g_assert_nonnull (spec->description);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (spec->steps));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (spec->config));
  g_assert_nonnull (spec->trigger_url);
  g_assert_true (spec->trigger_url[0] == '/');
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    known_method |= g_strcmp0 (spec->trigger_method, methods[i]) == 0;
  g_assert_true (known_method);
  g_assert_nonnull (spec->tags);
  g_assert_nonnull (spec->connection_ids);
}

static void
fuzz_sharing (JsonNode *node,
              gboolean  for_connection)
{
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSharingSpec) spec = sc_sharing_spec_from_json (node, for_connection, violations, &error);
  g_autoptr(GHashTable) members = NULL;
  g_autoptr(GPtrArray) rules = NULL;

  check_result (spec, error);
  check_violations (violations);
  if (spec == NULL)
    return;

  g_assert_nonnull (spec->grants);
  if (violations->len == 0)
    {
      for (guint i = 0; i < spec->grants->len; i++)
        {
          ScGrant *grant = g_ptr_array_index (spec->grants, i);

          /* someone, by id or by e-mail (the document's anyOf: both may
           * come, the id wins) */
          g_assert_true (grant->user_id != NULL || grant->email != NULL);
          if (for_connection)
            g_assert_true (grant->permission == SC_PERMISSION_RUN ||
                           grant->permission == SC_PERMISSION_MANAGE);
          else
            g_assert_true (grant->permission == SC_PERMISSION_VIEW ||
                           grant->permission == SC_PERMISSION_MANAGE);
        }
    }

  members = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (members, (gpointer) "usr_admin");
  g_hash_table_add (members, (gpointer) "usr_dev");
  rules = sc_violations_new ();
  g_assert_true (sc_rules_check_sharing (spec, members, rules) == (rules->len == 0));
  check_violations (rules);
}

static void
check_policy_bounds (const ScApprovalPolicy *policy)
{
  g_assert_cmpuint (policy->required_approvals, >=, 1);
  g_assert_cmpuint (policy->expiry_days, >=, 1);
  g_assert_cmpuint (policy->expiry_days, <=, 365);
  g_assert_cmpuint (policy->reviewer_roles, !=, 0);
  g_assert_nonnull (policy->assignee_ids);
  if (policy->freeze.from != NULL && policy->freeze.until != NULL)
    g_assert_cmpint (g_date_time_compare (policy->freeze.from, policy->freeze.until), <, 0);
}

static void
fuzz_policy (JsonNode *node)
{
  g_autoptr(ScApprovalPolicy) policy = sc_approval_policy_new_default ();
  g_autoptr(ScApprovalPolicy) again = sc_approval_policy_new_default ();
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GPtrArray) round_trip = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) json_again = NULL;
  gboolean ok;

  ok = sc_approval_policy_merge_json (policy, node, "approval_policy.", violations, &error);
  g_assert_true (ok == (error == NULL));
  check_violations (violations);
  if (!ok || violations->len > 0)
    return;

  check_policy_bounds (policy);

  /* what the server stores and answers reads back as the same policy */
  json = sc_approval_policy_to_json (policy);
  g_assert_true (sc_approval_policy_merge_json (again, json, "", round_trip, NULL));
  if (round_trip->len > 0)
    g_error ("the policy's own JSON is refused: %s", sc_violations_first_reason (round_trip));
  json_again = sc_approval_policy_to_json (again);
  g_assert_true (json_node_equal (json, json_again));
}

static void
fuzz_time (const char *text)
{
  g_autoptr(GDateTime) time = sc_time_parse (text);
  g_autofree char *formatted = NULL;
  g_autoptr(GDateTime) back = NULL;

  if (time == NULL)
    return;
  formatted = sc_time_format (time);
  back = sc_time_parse (formatted);
  g_assert_nonnull (back);
  /* to the second: the format has no fraction */
  g_assert_cmpint (g_date_time_to_unix (back), ==, g_date_time_to_unix (time));
}

/* every string in the body goes through the time parser too */
static void
fuzz_strings (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        fuzz_strings (member);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        fuzz_strings (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    fuzz_time (json_node_get_string (node));
}

/* sc_json_object_spans () against json-glib: what it reads in place is
 * exactly what the parser reads (each member, the last of a repeated
 * name; strings as they decode); it refuses nothing json-glib accepts
 * that sc_json_to_string () wrote; it accepts nothing json-glib refuses. */
static void
fuzz_spans (const char *text,
            gsize       length,
            JsonNode   *root)
{
  static const char * const names[] = { "name", "description", "steps", "config", "trigger",
                                        "connections", "stages", "a", "" };
  ScJsonSpan spans[G_N_ELEMENTS (names)];
  gboolean read;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    spans[i].name = names[i];
  read = sc_json_object_spans (text, length, SC_JSON_MAX_DEPTH, spans, G_N_ELEMENTS (spans));

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *written = sc_json_to_string (root);

      if (strlen (written) == length && memcmp (written, text, length) == 0)
        g_assert_true (read);
    }
  if (!read)
    return;

  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *member = json_object_get_member (json_node_get_object (root), names[i]);
      g_autoptr(JsonNode) value = NULL;

      g_assert_true ((member == NULL) == (spans[i].value == NULL));
      if (member == NULL)
        continue;
      value = sc_json_parse (spans[i].value, spans[i].length, SC_JSON_MAX_DEPTH, NULL);
      g_assert_nonnull (value);
      g_assert_true (json_node_equal (value, member));
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        {
          g_autofree char *string = sc_json_string_value (spans[i].value, spans[i].length);

          g_assert_cmpstr (string, ==, json_node_get_string (member));
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;


  /* the raw input as a time, as a query or a member could carry it */
  if (size < 64 && memchr (data, '\0', size) == NULL)
    {
      g_autofree char *text = g_strndup ((const char *) data, size);

      fuzz_time (text);
    }

  /* as the server reads a body: the core's bounded parse */
  root = sc_json_parse ((const char *) data, size, SC_JSON_MAX_DEPTH, NULL);
  fuzz_spans ((const char *) data, size, root);
  /* the server answers 400 for anything but an object, before any parser */
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  fuzz_path (root);
  fuzz_workflow (root);
  fuzz_sharing (root, FALSE);
  fuzz_sharing (root, TRUE);
  fuzz_policy (root);
  /* the policy is also reached as a member of PATCH /orgs/{org} */
  {
    JsonNode *member = json_object_get_member (json_node_get_object (root), "approval_policy");

    if (member != NULL)
      fuzz_policy (member);
  }
  fuzz_strings (root);
  return 0;
}
