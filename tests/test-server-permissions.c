/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-test-server.h"

/* The permission matrix: every endpoint of the API × every kind of caller,
 * with the HTTP status the product rules call for (PRODUCT.md §2, API.md,
 * HACKING.md "API decisions"):
 *
 *   401  no token (every route but the three public ones)
 *   404  what the caller may not see: orgs they are not a member of and
 *        everything in them, workflows they hold no permission on, approval
 *        requests they neither made nor review — never 403 for those
 *   403  visible, but the role or permission is too low
 *   2xx  allowed
 *
 * The world, built once through the command line and the HTTP API:
 *
 *   Home (dev)    admin@ admin, reviewer@ reviewer, developer@ developer,
 *                 viewer@ viewer; approvals on (reviewer roles admin and
 *                 reviewer) once the setup is done
 *   Target (uat)  admin@ admin, nobody else; approvals off
 *   Other (dev)   outsider@ admin — the member of another org
 *   mapping Home → Target (default)
 *   paths of Home: "Release train" dev (Home) → uat (Target),
 *                  "Home loop" dev (Home) → qa (Home), "Scratch" (the same)
 *   workflow "Invoice sync" in Home, owned by the developer, general access
 *   view, with a release that was promoted to Target; a connection of
 *   Home made by the developer (general access none); the copy of another
 *   workflow of the developer's that two promotions (by the admin, before
 *   approvals were on) carried to Home's qa stage, for rollback; a pending
 *   approval request of the developer's into qa.
 *   Rows that consume something make it per cell: fresh orgs "Fresh N"
 *   (uat, mapping targets) and "Elsewhere N" (dev, administered by the
 *   outsider, mapping into Home), paths, workflows, releases, requests.
 *
 * Two more callers, whose columns follow from the others (a rule checked
 * for every row, so not written out):
 *
 *   mixed@        a viewer in Home and an admin of Other: on Home's things
 *                 exactly what a viewer gets — a role in one org lends no
 *                 power in another; on Other's, what its admin gets
 *   scoped token  admin@'s API key exchanged with scope=org:{target}: on
 *                 Home's things what a non-member gets (the scope hides
 *                 Home), on Other's the same
 *
 * The rows marked `other` read and change the things of Other (a path, a
 * workflow with a release, a connection, made by its admin, the
 * outsider): there Home's members are the non-members (404).
 *
 * Every operation of data/openapi.yaml has a row (/server/permissions/
 * every-operation checks), so a new endpoint cannot skip the matrix.
 *
 * Each cell sends the row's request with the actor's token. Requests that
 * use something up (a delete, a create that cannot be repeated, a
 * promotion, a decision) get it made afresh for every cell by the row's
 * prepare function; the others leave the world as it was. Bodies are valid
 * so that a 422 never hides the permission answer, and If-Match carries the
 * etag read (as the admin) just before the cell. */

enum {
  ADMIN,
  REVIEWER,
  DEVELOPER,
  VIEWER,
  OUTSIDER,
  ANONYMOUS,
  N_WRITTEN,    /* the columns written in the table; the rest follow */
  MIXED = N_WRITTEN,
  SCOPED,
  N_ACTORS
};

static const char * const actor_names[N_ACTORS] = {
  "admin", "reviewer", "developer", "viewer", "outsider", "no token", "mixed", "scoped",
};

typedef struct {
  ScTestServer *server;
  char         *tokens[N_ACTORS];  /* ANONYMOUS: NULL */
  GHashTable   *world;             /* name → value for {name} in the table */
  guint         counter;
} Fixture;

typedef void (*Prepare) (Fixture    *f,
                         GHashTable *vars);

typedef struct {
  const char *method;
  const char *path;      /* below /api/v1; {name} expands from the world and prepare */
  const char *body;      /* a JSON template, or NULL */
  const char *if_match;  /* GET this (as the admin) for the etag to send, or NULL */
  Prepare     prepare;   /* run before every cell, or NULL */
  guint       expect[N_WRITTEN];
  const char *why;       /* the rule behind the row */
  gboolean    other;     /* about Other's things (the outsider administers them) */
  guint       scoped;    /* the scoped token's status when not the outsider's */
  guint       mixed;     /* mixed@'s status when the row is about no one org */
} Row;

/* --- request bodies ------------------------------------------------------- */

#define WORKFLOW_BODY \
  "{\"name\": \"Matrix {n}\", \"description\": \"Made by the permission matrix.\"," \
  " \"steps\": [{\"id\": \"fetch\", \"action\": \"http.get\"}], \"config\": {\"retries\": 2}," \
  " \"trigger\": {\"url\": \"/hooks/matrix-{n}\", \"method\": \"POST\"}, \"tags\": [\"matrix\"]}"
#define INVOICE_BODY \
  "{\"name\": \"Invoice sync\", \"description\": \"Copies invoices to the ledger.\"," \
  " \"steps\": [{\"id\": \"fetch\", \"action\": \"http.get\"}], \"config\": {\"retries\": 2}," \
  " \"trigger\": {\"url\": \"/hooks/invoices\", \"method\": \"POST\"}, \"tags\": [\"finance\"]}"
#define LOOP_PATH_BODY(name) \
  "{\"name\": \"" name "\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"{home}\"}," \
  " {\"tag\": \"qa\", \"org_id\": \"{home}\"}]}"
#define TOKEN_BODY \
  "{\"grant_type\": \"client_credentials\", \"client_id\": \"{client_id}\"," \
  " \"client_secret\": \"{client_secret}\"}"
#define MAPPING_BODY "{\"target_org_id\": \"{fresh_org}\", \"relation\": \"default\"}"
#define POLICY_BODY "{\"approval_policy\": {\"expiry_days\": 7}}"
#define CONNECTION_BODY "{\"name\": \"Chat {n}\", \"service\": \"slack\", \"secret\": \"xoxb-matrix-{n}\"}"
#define WORKFLOW_SHARING_BODY "{\"general_access\": \"view\", \"grants\": []}"
#define CONNECTION_SHARING_BODY "{\"general_access\": \"none\", \"grants\": []}"
#define RELEASE_BODY "{\"notes\": \"From the permission matrix.\"}"
#define ROLLBACK_BODY "{\"release_id\": \"{copy_rel}\", \"reason\": \"The matrix rolls back.\"}"
#define PREVIEW_BODY "{\"release_id\": \"{rel}\", \"path_id\": \"{train}\", \"target_stage\": \"uat\"}"
#define PROMOTE_BODY "{\"release_id\": \"{new_rel}\", \"path_id\": \"{train}\", \"target_stage\": \"uat\"}"
#define REQUEST_BODY \
  "{\"release_id\": \"{fresh_rel}\", \"path_id\": \"{loop}\", \"target_stage\": \"qa\"," \
  " \"message\": \"Please review.\"}"
#define SCHEDULE_BODY \
  "{\"release_id\": \"{new_rel}\", \"path_id\": \"{train}\", \"target_stage\": \"uat\"," \
  " \"run_at\": \"{run_at}\"}"
#define DECISION_BODY "{\"decision\": \"approve\", \"comment\": \"Fine by me.\"}"
#define DELEGATION_BODY \
  "{\"delegate_id\": \"{standin}\", \"from\": \"2030-01-01T00:00:00Z\"," \
  " \"until\": \"2030-01-08T00:00:00Z\"}"
#define OTHER_PATH_BODY(name) \
  "{\"name\": \"" name "\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"{other}\"}," \
  " {\"tag\": \"qa\", \"org_id\": \"{other}\"}]}"
#define OTHER_PREVIEW_BODY \
  "{\"release_id\": \"{other_rel}\", \"path_id\": \"{other_path}\", \"target_stage\": \"qa\"}"

/* --- helpers -------------------------------------------------------------- */

/* Replaces every {name} (lower case letters and _) by its value in @vars;
 * other braces (JSON) stay. */
static char *
expand (GHashTable *vars,
        const char *template)
{
  GString *out;

  if (template == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = template; *p != '\0'; p++)
    {
      const char *end = p + 1;

      while (*p == '{' && (g_ascii_islower (*end) || *end == '_'))
        end++;
      if (*p == '{' && end > p + 1 && *end == '}')
        {
          g_autofree char *name = g_strndup (p + 1, end - p - 1);
          const char *value = g_hash_table_lookup (vars, name);

          if (value == NULL)
            g_error ("The matrix names {%s}, which nothing sets.", name);
          g_string_append (out, value);
          p = end;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
set_var (GHashTable *vars,
         const char *name,
         const char *value)
{
  g_assert_nonnull (value);
  g_hash_table_replace (vars, g_strdup (name), g_strdup (value));
}

/* One setup request, which must answer @expected; returns the answer. */
static ScTestResponse *
call (Fixture    *f,
      GHashTable *vars,
      const char *method,
      const char *path_template,
      int         actor,
      const char *body_template,
      guint       expected)
{
  g_autofree char *path = expand (vars, path_template);
  g_autofree char *body = expand (vars, body_template);
  ScTestResponse *r = sc_test_request (f->server, method, path, f->tokens[actor], body, NULL);

  if (r->status != expected)
    g_error ("setup: %s %s as %s: expected HTTP %u, got %u: %s", method, path,
             actor_names[actor], expected, r->status, r->text);
  return r;
}

/* A setup request whose answer names a new thing: sets @var to its @member. */
static void
make (Fixture    *f,
      GHashTable *vars,
      const char *var,
      const char *method,
      const char *path_template,
      int         actor,
      const char *body_template,
      const char *member)
{
  g_autoptr(ScTestResponse) r = call (f, vars, method, path_template, actor, body_template, 201);

  set_var (vars, var, sc_test_get_string (r->body, member));
}

static void
set_counter (Fixture    *f,
             GHashTable *vars)
{
  g_autofree char *n = g_strdup_printf ("%u", ++f->counter);

  set_var (vars, "n", n);
}

/* --- prepare: what a cell consumes ----------------------------------------- */

/* {fresh_org}: a new registered org nobody maps to yet. */
static void
prepare_org (Fixture    *f,
             GHashTable *vars)
{
  g_autofree char *name = expand (vars, "Fresh {n}");
  g_autofree char *id = sc_test_server_add_org (f->server, name, "uat");

  set_var (vars, "fresh_org", id);
}

/* {mapping}: a new mapping Home → a fresh org. */
static void
prepare_mapping (Fixture    *f,
                 GHashTable *vars)
{
  prepare_org (f, vars);
  make (f, vars, "mapping", "POST", "/orgs/{home}/mappings", ADMIN, MAPPING_BODY, "id");
}

/* {inbound}: a new mapping Elsewhere → Home, made by the outsider, who
 * administers the new org Elsewhere (and Other), not Home. */
static void
prepare_inbound (Fixture    *f,
                 GHashTable *vars)
{
  g_autofree char *name = expand (vars, "Elsewhere {n}");
  g_autofree char *id = sc_test_server_add_org (f->server, name, "dev");

  g_free (sc_test_server_add_user (f->server, "outsider@other.test", id, "admin", NULL));
  set_var (vars, "elsewhere", id);
  make (f, vars, "inbound", "POST", "/orgs/{elsewhere}/mappings", OUTSIDER,
        "{\"target_org_id\": \"{home}\", \"relation\": \"default\"}", "id");
}

/* {path}: a new path of Home. */
static void
prepare_path (Fixture    *f,
              GHashTable *vars)
{
  make (f, vars, "path", "POST", "/orgs/{home}/promotion-paths", ADMIN,
        LOOP_PATH_BODY ("Doomed {n}"), "id");
}

/* {fresh_wf}: a new workflow of Home, owned by the developer. */
static void
prepare_workflow (Fixture    *f,
                  GHashTable *vars)
{
  make (f, vars, "fresh_wf", "POST", "/orgs/{home}/workflows", DEVELOPER, WORKFLOW_BODY, "id");
}

/* {fresh_wf} with a release {fresh_rel}, at the first stage of "Home loop". */
static void
prepare_source (Fixture    *f,
                GHashTable *vars)
{
  prepare_workflow (f, vars);
  make (f, vars, "fresh_rel", "POST", "/workflows/{fresh_wf}/releases", DEVELOPER, RELEASE_BODY, "id");
}

/* {request}: a new pending request of the developer's into qa. */
static void
prepare_request (Fixture    *f,
                 GHashTable *vars)
{
  prepare_source (f, vars);
  make (f, vars, "request", "POST", "/approval-requests", DEVELOPER, REQUEST_BODY, "id");
}

/* {new_rel}: a new release of "Invoice sync", never promoted. */
static void
prepare_release (Fixture    *f,
                 GHashTable *vars)
{
  make (f, vars, "new_rel", "POST", "/workflows/{wf}/releases", DEVELOPER, RELEASE_BODY, "id");
}

/* {delegation}: the reviewer names the stand-in their delegate. */
static void
prepare_delegation (Fixture    *f,
                    GHashTable *vars)
{
  make (f, vars, "delegation", "POST", "/orgs/{home}/delegations", REVIEWER, DELEGATION_BODY, "id");
}

/* {new_rel} and {run_at}, a day from now: what POST /schedules takes. */
static void
prepare_schedulable (Fixture    *f,
                     GHashTable *vars)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *run_at = g_date_time_format (tomorrow, "%Y-%m-%dT%H:%M:%SZ");

  prepare_release (f, vars);
  set_var (vars, "run_at", run_at);
}

/* {schedule}: a new pending schedule of the admin's, Home → Target. */
static void
prepare_schedule (Fixture    *f,
                  GHashTable *vars)
{
  g_autoptr(ScTestResponse) r = NULL;

  prepare_schedulable (f, vars);
  r = call (f, vars, "POST", "/schedules", ADMIN, SCHEDULE_BODY, 202);
  set_var (vars, "schedule", sc_test_get_string (r->body, "id"));
}

/* --- the matrix ------------------------------------------------------------ */

/*                                                     admin reviewer developer viewer outsider none */
#define PUBLIC        { 200, 200, 200, 200, 200, 200 }
#define ANY_USER      { 200, 200, 200, 200, 200, 401 }
#define MEMBERS       { 200, 200, 200, 200, 404, 401 }
#define ADMINS        { 200, 403, 403, 403, 404, 401 }

static const Row matrix[] = {
  /* meta */
  { "GET", "/health", NULL, NULL, NULL, PUBLIC,
    "public route: no token needed" },
  { "GET", "/server-info", NULL, NULL, NULL, PUBLIC,
    "public route: no token needed" },
  { "POST", "/oauth/token", TOKEN_BODY, NULL, NULL, PUBLIC,
    "public route: the API key is the credential, a bearer token is irrelevant" },
  { "GET", "/me", NULL, NULL, NULL, ANY_USER,
    "any authenticated user" },

  /* orgs */
  { "GET", "/orgs", NULL, NULL, NULL, ANY_USER,
    "any user; lists only their own orgs" },
  { "GET", "/orgs/{home}", NULL, NULL, NULL, MEMBERS,
    "members; a non-member cannot see the org" },
  { "PATCH", "/orgs/{home}", POLICY_BODY, "/orgs/{home}", NULL, ADMINS,
    "Administer on the org (type, approval policy, freeze)" },
  { "GET", "/orgs/{home}/members", NULL, NULL, NULL, MEMBERS,
    "members" },
  { "GET", "/orgs/{home}/audit", NULL, NULL, NULL, ADMINS,
    "admins of the org read its audit log" },

  /* mappings */
  { "GET", "/orgs/{home}/mappings", NULL, NULL, NULL, MEMBERS,
    "members" },
  { "POST", "/orgs/{home}/mappings", MAPPING_BODY, NULL, prepare_org,
    { 201, 403, 403, 403, 404, 401 },
    "an admin of the source org creates mappings (fresh target per cell)" },
  { "DELETE", "/mappings/{mapping}", NULL, NULL, prepare_mapping,
    { 204, 403, 403, 403, 404, 401 },
    "an admin of the source org; immutable, no If-Match (fresh mapping per cell)" },
  { "DELETE", "/mappings/{inbound}", NULL, NULL, prepare_inbound,
    { 403, 403, 403, 403, 204, 401 },
    "Elsewhere -> Home: only the source's admin (outsider) deletes it; Home's members "
    "see it in their list (target side) -> 403 (fresh mapping per cell)", FALSE, 404 },

  /* promotion paths */
  { "GET", "/orgs/{home}/promotion-paths", NULL, NULL, NULL, MEMBERS,
    "members" },
  { "POST", "/orgs/{home}/promotion-paths", LOOP_PATH_BODY ("Made {n}"), NULL, NULL,
    { 201, 403, 403, 403, 404, 401 },
    "Administer on the path's org" },
  { "GET", "/promotion-paths/{train}", NULL, NULL, NULL, MEMBERS,
    "members of the path's org" },
  { "PUT", "/promotion-paths/{scratch}", LOOP_PATH_BODY ("Scratch"), "/promotion-paths/{scratch}", NULL,
    ADMINS,
    "Administer on the path's org; If-Match" },
  { "DELETE", "/promotion-paths/{path}", NULL, "/promotion-paths/{path}", prepare_path,
    { 204, 403, 403, 403, 404, 401 },
    "Administer on the path's org; If-Match (fresh path per cell)" },

  /* workflows */
  { "GET", "/orgs/{home}/workflows", NULL, NULL, NULL, MEMBERS,
    "members; the list holds what they can view" },
  { "POST", "/orgs/{home}/workflows", WORKFLOW_BODY, NULL, NULL,
    { 201, 201, 201, 403, 404, 401 },
    "developer+ creates workflows; a viewer may not" },
  { "GET", "/workflows/{wf}", NULL, NULL, NULL, MEMBERS,
    "view: general access view reaches every member; admins and the owner manage" },
  { "PUT", "/workflows/{wf}", INVOICE_BODY, "/workflows/{wf}", NULL,
    { 200, 403, 200, 403, 404, 401 },
    "manage: the owner (developer) and org admins; view is not enough" },
  { "DELETE", "/workflows/{fresh_wf}", NULL, "/workflows/{fresh_wf}", prepare_workflow,
    { 204, 403, 204, 403, 404, 401 },
    "manage: the owner and org admins (fresh workflow per cell)" },
  { "GET", "/workflows/{wf}/releases", NULL, NULL, NULL, MEMBERS,
    "view" },
  { "POST", "/workflows/{wf}/releases", RELEASE_BODY, NULL, NULL,
    { 201, 403, 201, 403, 404, 401 },
    "manage publishes" },
  { "GET", "/workflows/{wf}/stages", NULL, NULL, NULL, MEMBERS,
    "view" },
  { "POST", "/workflows/{copy}/rollback", ROLLBACK_BODY, NULL, NULL,
    { 201, 403, 403, 403, 404, 401 },
    "an admin of the workflow's org rolls back; members who can view it get 403" },
  { "POST", "/releases/{rel}/block", "{\"reason\": \"The matrix blocks it.\"}", NULL, NULL,
    { 200, 403, 403, 403, 404, 401 },
    "an admin of the release's org blocks it; members who can view it get 403" },
  { "POST", "/releases/{rel}/unblock", NULL, NULL, NULL,
    { 200, 403, 403, 403, 404, 401 },
    "an admin of the release's org unblocks it" },

  /* sharing */
  { "GET", "/workflows/{wf}/sharing", NULL, NULL, NULL, MEMBERS,
    "view: whoever sees the workflow sees with whom it is shared" },
  { "PUT", "/workflows/{wf}/sharing", WORKFLOW_SHARING_BODY, "/workflows/{wf}/sharing", NULL,
    { 200, 403, 200, 403, 404, 401 },
    "manage shares: the owner and org admins" },

  /* connections */
  { "GET", "/orgs/{home}/connections", NULL, NULL, NULL, MEMBERS,
    "members (permission none where they may not use one)" },
  { "POST", "/orgs/{home}/connections", CONNECTION_BODY, NULL, NULL,
    { 201, 201, 201, 403, 404, 401 },
    "developer+ adds connections, as workflows" },
  { "GET", "/connections/{con}/sharing", NULL, NULL, NULL,
    { 200, 403, 200, 403, 404, 401 },
    "manage: owner (developer) and admins; other members see the connection listed -> 403" },
  { "PUT", "/connections/{con}/sharing", CONNECTION_SHARING_BODY, "/connections/{con}/sharing", NULL,
    { 200, 403, 200, 403, 404, 401 },
    "manage: owner (developer) and admins; other members -> 403" },

  /* promotions */
  { "POST", "/promotions/preview", PREVIEW_BODY, NULL, NULL, MEMBERS,
    "view on the release's workflow; changes nothing" },
  { "POST", "/promotions", PROMOTE_BODY, NULL, prepare_release,
    { 201, 403, 403, 403, 404, 401 },
    "manage on the source and Administer on Target (approvals off): only admin@ has both; "
    "the developer lacks target_permission (fresh release per cell)" },
  { "GET", "/promotions?workflow_id={wf}", NULL, NULL, NULL, MEMBERS,
    "view on the workflow" },
  { "GET", "/promotions?org_id={home}", NULL, NULL, NULL, MEMBERS,
    "membership of the org" },

  /* approvals */
  { "POST", "/approval-requests", REQUEST_BODY, NULL, prepare_source,
    { 201, 403, 201, 403, 404, 401 },
    "manage on the source workflow (source_permission); fresh workflow per cell" },
  { "GET", "/approval-requests", NULL, NULL, NULL, ANY_USER,
    "any user; lists what they may see" },
  { "GET", "/approval-requests?org_id={home}", NULL, NULL, NULL, MEMBERS,
    "org_id must name an org the caller belongs to" },
  { "GET", "/approval-requests/{pending}", NULL, NULL, NULL,
    { 200, 200, 200, 404, 404, 401 },
    "the requester (developer) and the target org's reviewers (roles admin, reviewer)" },
  { "POST", "/approval-requests/{request}/decisions", DECISION_BODY, NULL, prepare_request,
    { 201, 201, 403, 404, 404, 401 },
    "eligible reviewers decide; the requester sees it but may not (self_approval); "
    "fresh request per cell" },
  { "POST", "/approval-requests/{request}/cancel", NULL, NULL, prepare_request,
    { 403, 403, 200, 404, 404, 401 },
    "only the requester cancels; reviewers see it -> 403; fresh request per cell" },

  /* the reviewer's desk (issue 9) */
  { "GET", "/approval-requests/{pending}/preview", NULL, NULL, NULL,
    { 200, 200, 200, 404, 404, 401 },
    "whoever may see the request sees what it would change" },
  { "GET", "/orgs/{home}/delegations", NULL, NULL, NULL, MEMBERS,
    "members" },
  { "POST", "/orgs/{home}/delegations", DELEGATION_BODY, NULL, NULL,
    { 201, 201, 201, 201, 404, 401 },
    "any member names a delegate for themselves" },
  { "DELETE", "/delegations/{delegation}", NULL, NULL, prepare_delegation,
    { 204, 204, 403, 403, 404, 401 },
    "its delegator (the reviewer) or an admin; other members 403; fresh per cell" },
  /* scheduled promotions */
  { "POST", "/schedules", SCHEDULE_BODY, NULL, prepare_schedulable,
    { 202, 403, 403, 403, 404, 401 },
    "whoever may promote it now (as POST /promotions: only admin@) schedules it; "
    "fresh release per cell" },
  { "GET", "/schedules", NULL, NULL, NULL, ANY_USER,
    "any user; lists their own" },
  { "GET", "/schedules?org_id={home}", NULL, NULL, NULL, MEMBERS,
    "members of the org list what goes from or into it" },
  { "GET", "/schedules/{schedule}", NULL, NULL, prepare_schedule, MEMBERS,
    "the requester and members of the source or target org; fresh schedule per cell",
    FALSE, 200 },
  { "POST", "/schedules/{schedule}/cancel", NULL, NULL, prepare_schedule,
    { 200, 403, 403, 403, 404, 401 },
    "the requester and admins of its orgs cancel; other members see it -> 403; "
    "fresh schedule per cell", FALSE, 200 },

  /* events */
  { "GET", "/events?timeout=0", NULL, NULL, NULL, ANY_USER,
    "any user; their own feed" },

  /* Other's things: Home's members and admin are non-members there */
#define OTHER(status) { 404, 404, 404, 404, status, 401 }
  { "GET", "/orgs/{other}", NULL, NULL, NULL, OTHER (200),
    "another org: not a member -> 404", TRUE },
  { "PATCH", "/orgs/{other}", POLICY_BODY, "/orgs/{other}", NULL, OTHER (200),
    "another org's settings: 404, however high the role at home", TRUE },
  { "GET", "/orgs/{other}/members", NULL, NULL, NULL, OTHER (200),
    "another org's members", TRUE },
  { "GET", "/orgs/{other}/audit", NULL, NULL, NULL, OTHER (200),
    "another org's audit log", TRUE },
  { "GET", "/orgs/{other}/mappings", NULL, NULL, NULL, OTHER (200),
    "another org's mappings", TRUE },
  { "GET", "/orgs/{other}/promotion-paths", NULL, NULL, NULL, OTHER (200),
    "another org's paths", TRUE },
  { "POST", "/orgs/{other}/promotion-paths", OTHER_PATH_BODY ("Made {n}"), NULL, NULL, OTHER (201),
    "a path in another org", TRUE },
  { "GET", "/promotion-paths/{other_path}", NULL, NULL, NULL, OTHER (200),
    "another org's path by id", TRUE },
  { "PUT", "/promotion-paths/{other_path}", OTHER_PATH_BODY ("Other loop"), "/promotion-paths/{other_path}",
    NULL, OTHER (200), "another org's path, changed", TRUE },
  { "GET", "/orgs/{other}/workflows", NULL, NULL, NULL, OTHER (200),
    "another org's workflows", TRUE },
  { "POST", "/orgs/{other}/workflows", WORKFLOW_BODY, NULL, NULL, OTHER (201),
    "a workflow in another org", TRUE },
  { "GET", "/workflows/{other_wf}", NULL, NULL, NULL, OTHER (200),
    "another org's workflow by id", TRUE },
  { "PUT", "/workflows/{other_wf}", INVOICE_BODY, "/workflows/{other_wf}", NULL, OTHER (200),
    "another org's workflow, changed", TRUE },
  { "GET", "/workflows/{other_wf}/releases", NULL, NULL, NULL, OTHER (200),
    "another org's releases", TRUE },
  { "POST", "/workflows/{other_wf}/releases", RELEASE_BODY, NULL, NULL, OTHER (201),
    "publishing in another org", TRUE },
  { "GET", "/workflows/{other_wf}/stages", NULL, NULL, NULL, OTHER (200),
    "another org's workflow's stages", TRUE },
  { "GET", "/workflows/{other_wf}/sharing", NULL, NULL, NULL, OTHER (200),
    "another org's sharing", TRUE },
  { "PUT", "/workflows/{other_wf}/sharing", WORKFLOW_SHARING_BODY, "/workflows/{other_wf}/sharing", NULL,
    OTHER (200), "sharing in another org", TRUE },
  { "GET", "/orgs/{other}/connections", NULL, NULL, NULL, OTHER (200),
    "another org's connections", TRUE },
  { "POST", "/orgs/{other}/connections", CONNECTION_BODY, NULL, NULL, OTHER (201),
    "a connection in another org", TRUE },
  { "GET", "/connections/{other_con}/sharing", NULL, NULL, NULL, OTHER (200),
    "another org's connection", TRUE },
  { "PUT", "/connections/{other_con}/sharing", CONNECTION_SHARING_BODY, "/connections/{other_con}/sharing",
    NULL, OTHER (200), "another org's connection, shared", TRUE },
  { "POST", "/promotions/preview", OTHER_PREVIEW_BODY, NULL, NULL, OTHER (200),
    "previewing another org's release", TRUE },
  { "GET", "/promotions?workflow_id={other_wf}", NULL, NULL, NULL, OTHER (200),
    "another org's workflow's history", TRUE },
  { "GET", "/promotions?org_id={other}", NULL, NULL, NULL, OTHER (200),
    "another org's history", TRUE },
  { "GET", "/approval-requests?org_id={other}", NULL, NULL, NULL, OTHER (200),
    "another org's approval requests", TRUE },
  /* the emergency stop: about every org the caller administers, so an admin
   * of any org (the outsider and mixed@ administer Other) stops and lifts;
   * lifted again at once, so the rows after see no stop */
  { "POST", "/emergency-stop", "{\"reason\": \"The matrix stops everything.\"}", NULL, NULL,
    { 200, 403, 403, 403, 200, 401 },
    "an admin of any org stops promotions into the orgs they administer; others 403",
    FALSE, 200, 200 },
  { "POST", "/emergency-stop/lift", NULL, NULL, NULL,
    { 200, 403, 403, 403, 200, 401 },
    "an admin of any org lifts the stop of the orgs they administer", FALSE, 200, 200 },
#undef OTHER
};

/* The columns that follow from the written ones (see the top). */
static guint
expected (const Row *row,
          int        actor)
{
  switch (actor)
    {
    case MIXED:
      if (row->mixed != 0)
        return row->mixed;
      return row->expect[row->other ? OUTSIDER : VIEWER];
    case SCOPED:
      if (row->other)
        return row->expect[ANONYMOUS] == 401 ? 404 : row->expect[ANONYMOUS];
      return row->scoped != 0 ? row->scoped : row->expect[OUTSIDER];
    default:
      g_assert (actor >= 0 && actor < N_WRITTEN);
      return row->expect[actor];
    }
}

/* --- the world -------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GHashTable *w;
  char *ids[N_ACTORS] = { NULL, };
  g_autofree char *home = NULL;
  g_autofree char *target = NULL;
  g_autofree char *other = NULL;
  g_autofree char *standin = NULL;
  g_autofree char *keys = NULL;
  g_auto(GStrv) lines = NULL;

  f->server = sc_test_server_start (FALSE, NULL);
  f->world = w = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  home = sc_test_server_add_org (f->server, "Home", "dev");
  target = sc_test_server_add_org (f->server, "Target", "uat");
  other = sc_test_server_add_org (f->server, "Other", "dev");
  set_var (w, "home", home);
  set_var (w, "target", target);
  set_var (w, "other", other);

  f->tokens[ADMIN] = sc_test_server_add_user (f->server, "admin@home.test", home, "admin", &ids[ADMIN]);
  g_free (sc_test_server_add_user (f->server, "admin@home.test", target, "admin", NULL));
  f->tokens[REVIEWER] = sc_test_server_add_user (f->server, "reviewer@home.test", home, "reviewer", &ids[REVIEWER]);
  f->tokens[DEVELOPER] = sc_test_server_add_user (f->server, "developer@home.test", home, "developer", &ids[DEVELOPER]);
  f->tokens[VIEWER] = sc_test_server_add_user (f->server, "viewer@home.test", home, "viewer", &ids[VIEWER]);
  f->tokens[OUTSIDER] = sc_test_server_add_user (f->server, "outsider@other.test", other, "admin", &ids[OUTSIDER]);
  f->tokens[MIXED] = sc_test_server_add_user (f->server, "mixed@other.test", other, "admin", NULL);
  g_free (sc_test_server_add_user (f->server, "mixed@other.test", home, "viewer", NULL));
  /* a member for delegations to name */
  g_free (sc_test_server_add_user (f->server, "standin@home.test", home, "viewer", &standin));
  set_var (w, "standin", standin);
  for (guint i = 0; i < N_ACTORS; i++)
    g_free (ids[i]);

  /* an API key of the admin's, for POST /oauth/token */
  keys = sc_test_server_cli (f->server, NULL, "apikey", "add", "admin@home.test", NULL);
  lines = g_strsplit (keys, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "client-id "))
        set_var (w, "client_id", lines[i] + strlen ("client-id "));
      else if (g_str_has_prefix (lines[i], "client-secret "))
        set_var (w, "client_secret", lines[i] + strlen ("client-secret "));
    }
  g_assert_true (g_hash_table_contains (w, "client_id"));
  g_assert_true (g_hash_table_contains (w, "client_secret"));

  /* the admin's access token limited to Target */
  {
    g_autoptr(ScTestResponse) r = call (f, w, "POST", "/oauth/token", ANONYMOUS,
                                        "{\"grant_type\": \"client_credentials\", \"client_id\": \"{client_id}\","
                                        " \"client_secret\": \"{client_secret}\", \"scope\": \"org:{target}\"}",
                                        200);

    f->tokens[SCOPED] = g_strdup (sc_test_get_string (r->body, "access_token"));
  }

  /* Other's things, made by its admin */
  set_counter (f, w);
  make (f, w, "other_path", "POST", "/orgs/{other}/promotion-paths", OUTSIDER,
        OTHER_PATH_BODY ("Other loop"), "id");
  make (f, w, "other_wf", "POST", "/orgs/{other}/workflows", OUTSIDER, WORKFLOW_BODY, "id");
  make (f, w, "other_rel", "POST", "/workflows/{other_wf}/releases", OUTSIDER, RELEASE_BODY, "id");
  make (f, w, "other_con", "POST", "/orgs/{other}/connections", OUTSIDER, CONNECTION_BODY, "id");

  /* Home → Target, and the paths */
  {
    g_autoptr(ScTestResponse) mapping = call (f, w, "POST", "/orgs/{home}/mappings", ADMIN,
                                              "{\"target_org_id\": \"{target}\", \"relation\": \"default\"}", 201);
  }
  make (f, w, "train", "POST", "/orgs/{home}/promotion-paths", ADMIN,
        "{\"name\": \"Release train\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"{home}\"},"
        " {\"tag\": \"uat\", \"org_id\": \"{target}\"}]}", "id");
  make (f, w, "loop", "POST", "/orgs/{home}/promotion-paths", ADMIN, LOOP_PATH_BODY ("Home loop"), "id");
  make (f, w, "scratch", "POST", "/orgs/{home}/promotion-paths", ADMIN, LOOP_PATH_BODY ("Scratch"), "id");

  /* the developer's connection and workflow; its release goes to Target */
  set_counter (f, w);
  make (f, w, "con", "POST", "/orgs/{home}/connections", DEVELOPER, CONNECTION_BODY, "id");
  make (f, w, "wf", "POST", "/orgs/{home}/workflows", DEVELOPER, INVOICE_BODY, "id");
  make (f, w, "rel", "POST", "/workflows/{wf}/releases", DEVELOPER, RELEASE_BODY, "id");
  make (f, w, "to_target", "POST", "/promotions", ADMIN,
        "{\"release_id\": \"{rel}\", \"path_id\": \"{train}\", \"target_stage\": \"uat\"}", "id");

  /* a copy in Home's qa stage that received two releases, for rollback
   * (promoted by the admin while Home's approvals are still off) */
  set_counter (f, w);
  make (f, w, "nightly", "POST", "/orgs/{home}/workflows", DEVELOPER, WORKFLOW_BODY, "id");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ScTestResponse) r = NULL;

      make (f, w, "nightly_rel", "POST", "/workflows/{nightly}/releases", ADMIN, RELEASE_BODY, "id");
      r = call (f, w, "POST", "/promotions", ADMIN,
                "{\"release_id\": \"{nightly_rel}\", \"path_id\": \"{loop}\", \"target_stage\": \"qa\"}", 201);
      set_var (w, "copy", sc_test_get_string (r->body, "target_workflow_id"));
    }
  {
    g_autoptr(ScTestResponse) releases = call (f, w, "GET", "/workflows/{copy}/releases", ADMIN, NULL, 200);

    g_assert_cmpuint (sc_test_get_length (releases->body, "items"), ==, 2);
    set_var (w, "copy_rel", sc_test_get_string (releases->body, "items[1].id")); /* the older */
  }

  /* approvals into Home, decided by admins and reviewers */
  {
    g_autoptr(ScTestResponse) org = call (f, w, "GET", "/orgs/{home}", ADMIN, NULL, 200);
    g_autoptr(ScTestResponse) patch = NULL;
    g_autofree char *path = expand (w, "/orgs/{home}");

    patch = sc_test_request (f->server, "PATCH", path, f->tokens[ADMIN],
                             "{\"approval_policy\": {\"enabled\": true,"
                             " \"reviewer_roles\": [\"admin\", \"reviewer\"]}}",
                             "If-Match", soup_message_headers_get_one (org->headers, "ETag"), NULL);
    sc_assert_status (patch, 200);
  }

  /* a pending request of the developer's, for the reading rows */
  set_counter (f, w);
  prepare_request (f, w);
  set_var (w, "pending", g_hash_table_lookup (w, "request"));
  g_hash_table_remove (w, "request");
  g_hash_table_remove (w, "fresh_wf");
  g_hash_table_remove (w, "fresh_rel");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  for (guint i = 0; i < N_ACTORS; i++)
    g_free (f->tokens[i]);
  g_hash_table_unref (f->world);
}

/* --- the run ------------------------------------------------------------------ */

static guint
run_cell (Fixture   *f,
          const Row *row,
          int        actor)
{
  g_autoptr(GHashTable) vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, f->world);
  while (g_hash_table_iter_next (&iter, &key, &value))
    set_var (vars, key, value);
  set_counter (f, vars);
  if (row->prepare != NULL)
    row->prepare (f, vars);

  path = expand (vars, row->path);
  body = expand (vars, row->body);

  if (row->if_match != NULL)
    {
      g_autoptr(ScTestResponse) current = call (f, vars, "GET", row->if_match,
                                                row->other ? OUTSIDER : ADMIN, NULL, 200);

      etag = g_strdup (soup_message_headers_get_one (current->headers, "ETag"));
      g_assert_nonnull (etag);
    }

  r = sc_test_request (f->server, row->method, path, f->tokens[actor], body,
                       etag != NULL ? "If-Match" : NULL, etag, NULL);
  if (r->status != expected (row, actor))
    g_test_message ("  %s %s as %s: %s", row->method, path, actor_names[actor], r->text);
  return r->status;
}

static void
test_matrix (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) differing = g_string_new (NULL);
  guint n_differing = 0;
  guint n_cells = 0;

  g_test_message ("%-7s %-44s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s", "method", "path",
                  actor_names[0], actor_names[1], actor_names[2], actor_names[3],
                  actor_names[4], actor_names[5], actor_names[6], actor_names[7]);

  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    {
      const Row *row = &matrix[i];
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_append_printf (line, "%-7s %-44s", row->method, row->path);
      for (int actor = 0; actor < N_ACTORS; actor++)
        {
          guint got = run_cell (f, row, actor);
          g_autofree char *cell = NULL;

          n_cells++;
          guint want = expected (row, actor);

          if (got == want)
            cell = g_strdup_printf ("%u", got);
          else
            {
              cell = g_strdup_printf ("%u!=%u", want, got);
              n_differing++;
              g_string_append_printf (differing, "  %s %s as %s: expected %u, got %u (%s)\n",
                                      row->method, row->path, actor_names[actor],
                                      want, got, row->why);
            }
          /* never a success where the rules forbid one */
          if (want / 100 != 2 && got / 100 == 2)
            g_string_append_printf (differing, "  ^ a success where the rules forbid one\n");
          g_string_append_printf (line, " %-9s", cell);
        }
      g_test_message ("%s  # %s", line->str, row->why);
    }

  g_test_message ("%u cells, %u as expected, %u differ (shown as expected!=got)",
                  n_cells, n_cells - n_differing, n_differing);
  if (n_differing > 0)
    {
      /* one line each, so that TAP keeps them as comments */
      g_auto(GStrv) lines = g_strsplit (differing->str, "\n", -1);

      g_test_message ("The cells that differ:");
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (*lines[i] != '\0')
            g_test_message ("%s", lines[i]);
        }
      g_test_fail_printf ("%u of %u cells of the permission matrix differ (listed above)",
                          n_differing, n_cells);
    }
}

/* "/orgs/{org}/mappings?x=1" → "/orgs/ * /mappings" (no spaces): what a
 * template names, whatever its parameters are called. */
static char *
operation_shape (const char *method,
                 const char *path)
{
  g_autoptr(GRegex) names = g_regex_new ("\\{[a-z_]+\\}", 0, 0, NULL);
  g_autofree char *bare = g_strndup (path, strcspn (path, "?"));
  g_autofree char *shape = g_regex_replace_literal (names, bare, -1, 0, "*", 0, NULL);

  return g_strdup_printf ("%s %s", method, shape);
}

/* Every operation of data/openapi.yaml has a row in the matrix. */
static void
test_every_operation (void)
{
  g_autofree char *file = g_build_filename (g_getenv ("SC_SOURCE_ROOT"), "data", "openapi.yaml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) path_line = g_regex_new ("^  (/[^:]*):$", 0, 0, NULL);
  g_autoptr(GRegex) method_line = g_regex_new ("^    (get|post|put|patch|delete):", 0, 0, NULL);
  g_auto(GStrv) lines = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint n_operations = 0;

  g_file_get_contents (file, &text, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (matrix); i++)
    g_hash_table_add (rows, operation_shape (matrix[i].method, matrix[i].path));

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) path_match = NULL;
      g_autoptr(GMatchInfo) method_match = NULL;

      if (g_regex_match (path_line, lines[i], 0, &path_match))
        {
          g_free (path);
          path = g_match_info_fetch (path_match, 1);
        }
      else if (path != NULL && g_regex_match (method_line, lines[i], 0, &method_match))
        {
          g_autofree char *name = g_match_info_fetch (method_match, 1);
          g_autofree char *method = g_ascii_strup (name, -1);
          g_autofree char *shape = operation_shape (method, path);

          n_operations++;
          if (!g_hash_table_contains (rows, shape))
            g_test_fail_printf ("%s %s (data/openapi.yaml) has no row in the permission matrix",
                                method, path);
        }
    }
  g_test_message ("%u operations in data/openapi.yaml, %u rows", n_operations, (guint) G_N_ELEMENTS (matrix));
  g_assert_cmpuint (n_operations, >=, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/server/permissions/matrix", Fixture, NULL, fixture_set_up, test_matrix,
              fixture_tear_down);
  g_test_add_func ("/server/permissions/every-operation", test_every_operation);

  return g_test_run ();
}
