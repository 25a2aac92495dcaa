/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <string.h>

#include "sc-clock.h"
#include "sc-demo-seed.h"
#include "sc-promotion.h"
#include "sc-rules.h"
#include "sc-store-approvals.h"
#include "sc-store-orgs.h"
#include "sc-store-paths.h"
#include "sc-store-promotions.h"
#include "sc-store-workflows.h"

/* The demo data set of API.md ("Server administration → --demo"): what
 * `stagecraft-server --demo` and the app's *Try the demo* run against.
 *
 * It lives above storage (storage never calls promotion code) and is
 * written through the same store functions and promotion code that
 * the API uses (the promotions to Staging are real promotions, the pending
 * request a real request), so that the demo shows what the server makes.
 * The set is written in one transaction, which this file owns as a route
 * owns its request's: all of it or nothing; the meta row "demo" marks a
 * complete set. A database that holds anything else is refused rather than
 * mixed with it. */

#define DEMO_LABEL "demo"

typedef struct {
  const char *email;
  const char *name;
} DemoUser;

/* in the order the tokens are printed */
static const DemoUser demo_users[] = {
  { "admin@acme.test", "Ada Admin" },
  { "dev@acme.test", "Dev Developer" },
  { "reviewer@acme.test", "Rita Reviewer" },
};

enum { ADMIN, DEV, REVIEWER };
enum { DEVELOPMENT, STAGING, PRODUCTION, N_ORGS };

static const struct {
  const char *name;
  ScOrgType   type;
} demo_orgs[N_ORGS] = {
  { "Acme Development", SC_ORG_TYPE_DEV },
  { "Acme Staging", SC_ORG_TYPE_UAT },
  { "Acme Production", SC_ORG_TYPE_PROD },
};

/* the same (service, name) in every org, so that promotions resolve them */
static const struct {
  const char *service;
  const char *name;
} demo_connections[] = {
  { "slack", "Alerts" },
  { "salesforce", "CRM" },
  { "postgres", "Warehouse" },
};

typedef struct {
  const char *steps;  /* JSON array */
  const char *config; /* JSON object */
  const char *notes;
} DemoVersion;

typedef struct {
  const char        *name;
  const char        *description;
  const char        *url;
  const char        *method;
  const char        *tags;        /* JSON array */
  const char        *connections; /* names of demo connections, ";"-separated */
  int                promote;     /* the version promoted to Staging, 0 for none */
  const DemoVersion  versions[4]; /* each published, in order; ends at steps NULL */
} DemoWorkflow;

static const DemoWorkflow demo_workflows[] = {
  {
    "Invoice sync",
    "Copies paid invoices from the billing system into the finance warehouse every hour.",
    "/hooks/invoice-sync", "POST", "[\"finance\", \"hourly\"]", "Warehouse;Alerts", 1,
    {
      { "[{\"id\": \"fetch\", \"name\": \"Fetch paid invoices\", \"type\": \"http.get\","
        "  \"url\": \"https://billing.acme.test/api/invoices?status=paid\"},"
        " {\"id\": \"map\", \"name\": \"Map to ledger rows\", \"type\": \"transform\"},"
        " {\"id\": \"load\", \"name\": \"Load into warehouse\", \"type\": \"postgres.insert\","
        "  \"connection\": \"Warehouse\", \"table\": \"ledger.invoices\"}]",
        "{\"schedule\": \"0 * * * *\", \"batch_size\": 200, \"currency\": \"EUR\"}",
        "First version: hourly load of paid invoices." },
      { "[{\"id\": \"fetch\", \"name\": \"Fetch paid invoices\", \"type\": \"http.get\","
        "  \"url\": \"https://billing.acme.test/api/invoices?status=paid\"},"
        " {\"id\": \"map\", \"name\": \"Map to ledger rows\", \"type\": \"transform\"},"
        " {\"id\": \"load\", \"name\": \"Load into warehouse\", \"type\": \"postgres.upsert\","
        "  \"connection\": \"Warehouse\", \"table\": \"ledger.invoices\"},"
        " {\"id\": \"notify\", \"name\": \"Report failures\", \"type\": \"slack.post\","
        "  \"connection\": \"Alerts\", \"channel\": \"#finance-ops\"}]",
        "{\"schedule\": \"0 * * * *\", \"batch_size\": 500, \"currency\": \"EUR\"}",
        "Upserts instead of inserts; reports failures to #finance-ops." },
      { NULL, NULL, NULL },
    },
  },
  {
    "Lead enrichment",
    "Adds company size and industry to new CRM leads from the warehouse's firmographics.",
    "/hooks/lead-enrichment", "POST", "[\"sales\"]", "CRM;Warehouse", 0,
    {
      { "[{\"id\": \"lead\", \"name\": \"New lead\", \"type\": \"salesforce.trigger\","
        "  \"connection\": \"CRM\", \"object\": \"Lead\"},"
        " {\"id\": \"lookup\", \"name\": \"Look up firmographics\", \"type\": \"postgres.query\","
        "  \"connection\": \"Warehouse\", \"query\": \"select size, industry from firms where domain = $1\"},"
        " {\"id\": \"update\", \"name\": \"Update the lead\", \"type\": \"salesforce.update\","
        "  \"connection\": \"CRM\"}]",
        "{\"overwrite_existing\": false}",
        "First version." },
      { NULL, NULL, NULL },
    },
  },
  {
    "Slack alerts",
    "Posts failed runs of every production workflow to the on-call channel.",
    "/hooks/slack-alerts", "POST", "[\"ops\"]", "Alerts", 3,
    {
      { "[{\"id\": \"post\", \"name\": \"Post to #alerts\", \"type\": \"slack.post\","
        "  \"connection\": \"Alerts\", \"channel\": \"#alerts\"}]",
        "{\"mention\": null}",
        "First version." },
      { "[{\"id\": \"filter\", \"name\": \"Skip retries\", \"type\": \"filter\","
        "  \"condition\": \"attempt == last\"},"
        " {\"id\": \"post\", \"name\": \"Post to #alerts\", \"type\": \"slack.post\","
        "  \"connection\": \"Alerts\", \"channel\": \"#alerts\"}]",
        "{\"mention\": null}",
        "Only the last failed attempt is posted." },
      { "[{\"id\": \"filter\", \"name\": \"Skip retries\", \"type\": \"filter\","
        "  \"condition\": \"attempt == last\"},"
        " {\"id\": \"post\", \"name\": \"Post to #alerts\", \"type\": \"slack.post\","
        "  \"connection\": \"Alerts\", \"channel\": \"#alerts\"}]",
        "{\"mention\": \"@oncall\"}",
        "Mentions @oncall." },
      { NULL, NULL, NULL },
    },
  },
  {
    "Nightly report",
    "Builds yesterday's sales summary in the warehouse and posts it to #sales at 6:00.",
    "/hooks/nightly-report", "GET", "[\"sales\", \"reporting\"]", "Warehouse;Alerts", 1,
    {
      { "[{\"id\": \"query\", \"name\": \"Summarize yesterday\", \"type\": \"postgres.query\","
        "  \"connection\": \"Warehouse\", \"query\": \"select * from reports.daily_sales(current_date - 1)\"},"
        " {\"id\": \"post\", \"name\": \"Post to #sales\", \"type\": \"slack.post\","
        "  \"connection\": \"Alerts\", \"channel\": \"#sales\"}]",
        "{\"schedule\": \"0 6 * * *\", \"timezone\": \"Europe/Berlin\"}",
        "First version." },
      { NULL, NULL, NULL },
    },
  },
  {
    "Customer onboarding",
    "Creates the CRM account, the welcome task and a #customers post when a contract is signed.",
    "/hooks/customer-onboarding", "POST", "[\"sales\", \"success\"]", "CRM;Alerts", 0,
    {
      { "[{\"id\": \"account\", \"name\": \"Create the account\", \"type\": \"salesforce.create\","
        "  \"connection\": \"CRM\", \"object\": \"Account\"},"
        " {\"id\": \"task\", \"name\": \"Welcome call task\", \"type\": \"salesforce.create\","
        "  \"connection\": \"CRM\", \"object\": \"Task\"}]",
        "{\"owner_queue\": \"Customer Success\"}",
        "First version." },
      { "[{\"id\": \"account\", \"name\": \"Create the account\", \"type\": \"salesforce.create\","
        "  \"connection\": \"CRM\", \"object\": \"Account\"},"
        " {\"id\": \"task\", \"name\": \"Welcome call task\", \"type\": \"salesforce.create\","
        "  \"connection\": \"CRM\", \"object\": \"Task\"},"
        " {\"id\": \"announce\", \"name\": \"Announce in #customers\", \"type\": \"slack.post\","
        "  \"connection\": \"Alerts\", \"channel\": \"#customers\"}]",
        "{\"owner_queue\": \"Customer Success\"}",
        "Announces new customers in #customers." },
      { NULL, NULL, NULL },
    },
  },
};

/* What the seeding steps share. */
typedef struct {
  ScStore     *store;
  ScHierarchy *hierarchy;
  char        *user_ids[G_N_ELEMENTS (demo_users)];
  char        *org_ids[N_ORGS];
  GHashTable  *connections; /* "org_id/name" → connection id */
  char        *path_id;
  char        *request_copy_id; /* the Staging copy the pending request is about */
} Seed;

static void
seed_clear (Seed *seed)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    g_clear_pointer (&seed->user_ids[i], g_free);
  for (guint i = 0; i < N_ORGS; i++)
    g_clear_pointer (&seed->org_ids[i], g_free);
  g_clear_pointer (&seed->connections, g_hash_table_unref);
  g_clear_pointer (&seed->path_id, g_free);
  g_clear_pointer (&seed->request_copy_id, g_free);
  g_clear_object (&seed->hierarchy);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seed, seed_clear)

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("Demo JSON does not parse: %s: %s", error->message, text);
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
set_failed (GError     **error,
            const char  *what,
            GPtrArray   *violations)
{
  g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED, "%s: %s", what,
               violations != NULL && violations->len > 0
               ? sc_violations_first_reason (violations) : "refused");
  return FALSE;
}

/* --- the steps ------------------------------------------------------------------ */

static gboolean
seed_people (Seed    *seed,
             GError **error)
{
  static const struct {
    guint  user;
    guint  org;
    ScRole role;
  } memberships[] = {
    { ADMIN, DEVELOPMENT, SC_ROLE_ADMIN },
    { ADMIN, STAGING, SC_ROLE_ADMIN },
    { ADMIN, PRODUCTION, SC_ROLE_ADMIN },
    { DEV, DEVELOPMENT, SC_ROLE_DEVELOPER },
    { REVIEWER, STAGING, SC_ROLE_REVIEWER },
    { REVIEWER, PRODUCTION, SC_ROLE_REVIEWER },
  };

  for (guint i = 0; i < N_ORGS; i++)
    {
      seed->org_ids[i] = sc_store_add_org (seed->store, demo_orgs[i].name, demo_orgs[i].type, error);
      if (seed->org_ids[i] == NULL)
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      seed->user_ids[i] = sc_store_add_user (seed->store, demo_users[i].email, demo_users[i].name, error);
      if (seed->user_ids[i] == NULL)
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (memberships); i++)
    if (!sc_store_set_membership (seed->store, seed->user_ids[memberships[i].user],
                                  seed->org_ids[memberships[i].org], memberships[i].role, error))
      return FALSE;

  return TRUE;
}

/* Development → Staging → Production, and approvals for promotions into
 * Production: admins and reviewers, one approval, a week to decide. */
static gboolean
seed_governance (Seed    *seed,
                 GError **error)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  g_autoptr(JsonObject) details = NULL;
  JsonArray *changed;

  first = sc_store_add_mapping (seed->store, seed->org_ids[DEVELOPMENT], seed->org_ids[STAGING],
                                SC_RELATION_DEFAULT, seed->user_ids[ADMIN], error);
  if (first == NULL)
    return FALSE;
  second = sc_store_add_mapping (seed->store, seed->org_ids[STAGING], seed->org_ids[PRODUCTION],
                                 SC_RELATION_DEFAULT, seed->user_ids[ADMIN], error);
  if (second == NULL)
    return FALSE;

  policy = sc_store_get_org_policy (seed->store, seed->org_ids[PRODUCTION], error);
  if (policy == NULL)
    return FALSE;
  policy->enabled = TRUE;
  policy->reviewer_roles = (1u << SC_ROLE_ADMIN) | (1u << SC_ROLE_REVIEWER);
  policy->required_approvals = 1;
  policy->expiry_days = 7;

  details = json_object_new ();
  changed = json_array_new ();
  json_array_add_string_element (changed, "approval_policy.enabled");
  json_array_add_string_element (changed, "approval_policy.reviewer_roles");
  json_object_set_array_member (details, "changed", changed);
  json_object_set_string_member (details, "old_type", sc_org_type_to_string (SC_ORG_TYPE_PROD));
  json_object_set_string_member (details, "new_type", sc_org_type_to_string (SC_ORG_TYPE_PROD));

  return sc_store_update_org (seed->store, seed->org_ids[PRODUCTION], NULL, seed->user_ids[ADMIN],
                              FALSE, SC_ORG_TYPE_NONE, policy, details, NULL, error);
}

/* "Production Pipeline", owned by Development: dev → stage → prod. */
static gboolean
seed_path (Seed    *seed,
           GError **error)
{
  static const char * const tags[N_ORGS] = { "dev", "stage", "prod" };
  g_autoptr(ScPathSpec) spec = sc_path_spec_new ("Production Pipeline");
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(ScOrgGraph) graph = NULL;
  g_autoptr(JsonObject) path = NULL;
  g_autoptr(JsonObject) details = NULL;

  for (guint i = 0; i < N_ORGS; i++)
    g_ptr_array_add (spec->stages, sc_stage_new (tags[i], seed->org_ids[i]));

  graph = sc_store_load_org_graph (seed->store, error);
  if (graph == NULL)
    return FALSE;
  if (!sc_rules_check_path (spec, graph, seed->hierarchy, violations))
    return set_failed (error, "The demo path", violations);

  seed->path_id = sc_store_insert_path (seed->store, seed->org_ids[DEVELOPMENT], spec, error);
  if (seed->path_id != NULL)
    path = sc_store_get_path (seed->store, seed->path_id, error);
  if (path != NULL)
    {
      details = json_object_new ();
      json_object_set_string_member (details, "name", json_object_get_string_member (path, "name"));
      json_object_set_array_member (details, "stages",
                                    json_array_ref (json_object_get_array_member (path, "stages")));
    }
  return path != NULL &&
         sc_store_audit (seed->store, seed->org_ids[DEVELOPMENT], seed->user_ids[ADMIN],
                         "path.created", "path", seed->path_id, details, error);
}

/* Three connections per org, usable ("run") by everyone in it. */
static gboolean
seed_connections (Seed    *seed,
                  GError **error)
{
  g_autoptr(JsonNode) sharing_json = parse_json ("{\"general_access\": \"run\", \"grants\": []}");
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(ScSharingSpec) sharing = NULL;

  sharing = sc_sharing_spec_from_json (sharing_json, TRUE, violations, error);
  if (sharing == NULL)
    return FALSE;
  if (violations->len > 0)
    return set_failed (error, "The demo connection sharing", violations);

  seed->connections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < N_ORGS; i++)
    for (guint j = 0; j < G_N_ELEMENTS (demo_connections); j++)
      {
        g_autofree char *secret = sc_store_random_secret ();
        char *id;

        id = sc_store_create_connection (seed->store, seed->org_ids[i], seed->user_ids[ADMIN],
                                         demo_connections[j].name, demo_connections[j].service,
                                         secret, error);
        if (id == NULL)
          return FALSE;
        g_hash_table_insert (seed->connections,
                             g_strdup_printf ("%s/%s", seed->org_ids[i], demo_connections[j].name),
                             id);
        if (!sc_store_set_sharing (seed->store, TRUE, id, seed->user_ids[ADMIN], sharing, error))
          return FALSE;
      }

  return TRUE;
}

/* One version of a demo workflow as the API would receive it, checked by
 * the same parser. */
static ScWorkflowSpec *
workflow_spec (Seed               *seed,
               const DemoWorkflow *workflow,
               const DemoVersion  *version,
               GError            **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(ScWorkflowSpec) spec = NULL;
  g_auto(GStrv) names = g_strsplit (workflow->connections, ";", -1);
  JsonObject *trigger = json_object_new ();
  JsonArray *connection_ids = json_array_new ();

  json_object_set_string_member (object, "name", workflow->name);
  json_object_set_string_member (object, "description", workflow->description);
  json_object_set_member (object, "steps", parse_json (version->steps));
  json_object_set_member (object, "config", parse_json (version->config));
  json_object_set_string_member (trigger, "url", workflow->url);
  json_object_set_string_member (trigger, "method", workflow->method);
  json_object_set_object_member (object, "trigger", trigger);
  json_object_set_member (object, "tags", parse_json (workflow->tags));
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", seed->org_ids[DEVELOPMENT], names[i]);
      const char *id = g_hash_table_lookup (seed->connections, key);

      g_assert (id != NULL);
      json_array_add_string_element (connection_ids, id);
    }
  json_object_set_array_member (object, "connection_ids", connection_ids);
  json_node_set_object (node, object);

  spec = sc_workflow_spec_from_json (node, violations, error);
  if (spec == NULL && error != NULL && *error != NULL)
    return NULL;
  if (spec == NULL || violations->len > 0)
    {
      set_failed (error, workflow->name, violations);
      return NULL;
    }
  return g_steal_pointer (&spec);
}

/* Carries @release_id to stage @tag as the admin would, through the
 * promotion code of POST /promotions (or, with @request, validates it for
 * an approval request). The request stands for the admin: the promotion
 * code reads only the store, the hierarchy and the caller from it. */
static ScPromotionCheck *
check_as_admin (Seed                   *seed,
                ScRequest              *req,
                const char             *release_id,
                const char             *tag,
                ScPromotionAction       action,
                GError                **error)
{
  g_autoptr(ScPromotionCheck) check = NULL;
  GPtrArray *violations;

  memset (req, 0, sizeof *req);
  req->store = seed->store;
  req->hierarchy = seed->hierarchy;
  req->method = "POST";
  req->user_id = seed->user_ids[ADMIN];
  req->ref_count = 1;

  check = sc_promotion_check (req, release_id, seed->path_id, tag, NULL,
                              SC_PROMOTION_CHECK_NO_DIFF, error);
  if (check == NULL)
    return NULL;
  violations = action == SC_PROMOTION_ACTION_REQUEST ? check->request_violations
                                                     : check->violations;
  if (violations->len > 0)
    {
      set_failed (error, "A demo promotion", violations);
      return NULL;
    }
  return g_steal_pointer (&check);
}

/* The Staging copy that promoting @release_id made. */
static char *
promote_to_staging (Seed        *seed,
                    const char  *release_id,
                    GError     **error)
{
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = NULL;
  ScRequest req;

  check = check_as_admin (seed, &req, release_id, "stage", SC_PROMOTION_ACTION_PROMOTE, error);
  if (check != NULL)
    id = sc_promotion_execute (&req, check, error);
  if (id == NULL)
    return NULL;

  record = sc_store_get_promotion (seed->store, id, error);
  if (record == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (record, "target_workflow_id"));
}

static gboolean
seed_workflows (Seed    *seed,
                GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_workflows); i++)
    {
      const DemoWorkflow *workflow = &demo_workflows[i];
      g_autofree char *workflow_id = NULL;
      g_autofree char *promote_id = NULL;

      for (guint v = 0; workflow->versions[v].steps != NULL; v++)
        {
          g_autoptr(ScWorkflowSpec) spec = workflow_spec (seed, workflow, &workflow->versions[v], error);
          g_autofree char *release_id = NULL;

          if (spec == NULL)
            return FALSE;
          if (workflow_id == NULL)
            {
              workflow_id = sc_store_create_workflow (seed->store, seed->org_ids[DEVELOPMENT],
                                                      seed->user_ids[DEV], spec, error);
              if (workflow_id == NULL)
                return FALSE;
            }
          else if (!sc_store_update_workflow (seed->store, workflow_id, spec, error))
            return FALSE;

          release_id = sc_store_publish_release (seed->store, workflow_id, seed->user_ids[DEV],
                                                 workflow->versions[v].notes, error);
          if (release_id == NULL)
            return FALSE;
          if ((int) v + 1 == workflow->promote)
            promote_id = g_steal_pointer (&release_id);
        }

      if (promote_id != NULL)
        {
          g_autofree char *copy_id = promote_to_staging (seed, promote_id, error);

          if (copy_id == NULL)
            return FALSE;
          /* the first promoted workflow goes on to Production, by request */
          if (seed->request_copy_id == NULL)
            seed->request_copy_id = g_steal_pointer (&copy_id);
        }
    }

  return TRUE;
}

/* The admin asks to carry the Staging copy on into Production, so that
 * the reviewer has something to decide. */
static gboolean
seed_request (Seed    *seed,
              GError **error)
{
  g_autoptr(ScPromotionCheck) check = NULL;
  g_autoptr(JsonObject) copy = NULL;
  JsonObject *release;
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *now_text = sc_time_format (now);
  g_autofree char *expires_text = NULL;
  g_autofree char *id = NULL;
  ScApprovalRequestRow row = { 0 };
  ScRequest req;

  g_assert (seed->request_copy_id != NULL);
  copy = sc_store_get_workflow (seed->store, seed->request_copy_id, seed->user_ids[ADMIN],
                                SC_PERMISSION_MANAGE, error);
  if (copy == NULL)
    return FALSE;
  release = json_object_get_object_member (copy, "latest_release");
  if (release == NULL)
    {
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                           "The Staging copy has no release");
      return FALSE;
    }

  check = check_as_admin (seed, &req, json_object_get_string_member (release, "id"), "prod",
                          SC_PROMOTION_ACTION_REQUEST, error);
  if (check == NULL)
    return FALSE;

  expires = g_date_time_add_days (now, check->target_policy->expiry_days);
  expires_text = sc_time_format (expires);
  sc_promotion_check_request_row (check, &row);
  row.requester_id = seed->user_ids[ADMIN];
  row.message = "The hourly invoice sync has run cleanly in Staging for a week. Ready for Production?";
  row.created_at = now_text;
  row.expires_at = expires_text;

  id = sc_store_open_approval_request (seed->store, &row, check->target_policy, NULL, error);
  return id != NULL && sc_promotion_record_request_target (seed->store, id, check, error);
}

/* Revokes every earlier demo token and gives each demo user a new one. */
static JsonArray *
issue_tokens (ScStore  *self,
              GError  **error)
{
  g_autoptr(JsonArray) tokens = json_array_new ();

  if (!sc_store_revoke_tokens_labelled (self, DEMO_LABEL, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (demo_users); i++)
    {
      g_autoptr(JsonObject) user = sc_store_find_user_by_email (self, demo_users[i].email, error);
      g_autofree char *token = NULL;
      JsonObject *entry;

      if (user == NULL)
        return NULL;
      token = sc_store_add_personal_token (self, json_object_get_string_member (user, "id"),
                                           DEMO_LABEL, NULL, error);
      if (token == NULL)
        return NULL;

      entry = json_object_new ();
      json_object_set_string_member (entry, "email", demo_users[i].email);
      json_object_set_string_member (entry, "token", token);
      json_array_add_object_element (tokens, entry);
    }

  return g_steal_pointer (&tokens);
}

static JsonArray *
seed_in_transaction (ScStore  *self,
                     GError  **error)
{
  g_auto(Seed) seed = { 0 };
  gboolean empty = FALSE;

  if (sc_store_has_demo (self))
    return issue_tokens (self, error);

  if (!sc_store_is_empty (self, &empty, error))
    return NULL;
  if (!empty)
    {
      g_set_error_literal (error, SC_STORE_ERROR, SC_STORE_ERROR_FAILED,
                           "the database holds other data; --demo needs an empty database "
                           "or one that it seeded before");
      return NULL;
    }

  seed.store = self;
  /* the default hierarchy: the demo's path and promotions follow it */
  seed.hierarchy = sc_hierarchy_new_default ();

  if (!seed_people (&seed, error) ||
      !seed_governance (&seed, error) ||
      !seed_path (&seed, error) ||
      !seed_connections (&seed, error) ||
      !seed_workflows (&seed, error) ||
      !seed_request (&seed, error) ||
      !sc_store_mark_demo (self, error))
    return NULL;

  return issue_tokens (self, error);
}

/* As a route's request: one transaction, run again from the start (a
 * bounded number of times) when a concurrent one won, as when several
 * server instances start with --demo on one PostgreSQL database. */
#define MAX_ATTEMPTS 8

JsonArray *
sc_demo_seed (ScStore  *self,
              GError  **error)
{
  g_return_val_if_fail (SC_IS_STORE (self), NULL);

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(JsonArray) tokens = NULL;
      g_autoptr(GError) local_error = NULL;

      if (sc_store_transaction_begin (self, &local_error))
        {
          tokens = seed_in_transaction (self, &local_error);
          if (sc_store_transaction_finish (self, tokens != NULL, &local_error))
            return g_steal_pointer (&tokens);
        }
      if (attempt == MAX_ATTEMPTS ||
          !g_error_matches (local_error, SC_STORE_ERROR, SC_STORE_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}
