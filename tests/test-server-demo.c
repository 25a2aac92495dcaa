/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sc-test-server.h"

/* `stagecraft-server --demo`: the data set of API.md ("Server
 * administration → --demo"), seen through the API with the printed tokens,
 * and kept across restarts on the same database. */

#define ADMIN    "admin@acme.test"
#define DEV      "dev@acme.test"
#define REVIEWER "reviewer@acme.test"

typedef struct {
  ScTestServer *server;
  char         *dir;      /* holds the database that outlives one server */
  char         *database;
  char         *dev_id, *stg_id, *prod_id;
} Fixture;

static ScTestServer *
start_demo (Fixture *f)
{
  /* a later --database wins over the harness's own */
  return sc_test_server_start (TRUE, "--database", f->database, NULL);
}

static ScTestResponse *
get (Fixture    *f,
     const char *email,
     const char *path)
{
  return sc_test_request (f->server, "GET", path, sc_test_server_demo_token (f->server, email), NULL, NULL);
}

static char *
org_id_by_name (Fixture    *f,
                const char *name)
{
  g_autoptr(ScTestResponse) r = get (f, ADMIN, "/orgs");

  sc_assert_status (r, 200);
  for (guint i = 0; i < sc_test_get_length (r->body, "items"); i++)
    {
      g_autofree char *name_path = g_strdup_printf ("items[%u].name", i);
      g_autofree char *id_path = g_strdup_printf ("items[%u].id", i);

      if (g_strcmp0 (sc_test_get_string (r->body, name_path), name) == 0)
        return g_strdup (sc_test_get_string (r->body, id_path));
    }
  g_error ("No org “%s”", name);
  return NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("stagecraft-demo-XXXXXX", &error);
  g_assert_no_error (error);
  f->database = g_build_filename (f->dir, "demo.db", NULL);
  f->server = start_demo (f);
  f->dev_id = org_id_by_name (f, "Acme Development");
  f->stg_id = org_id_by_name (f, "Acme Staging");
  f->prod_id = org_id_by_name (f, "Acme Production");
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->database);
  g_free (f->dev_id);
  g_free (f->stg_id);
  g_free (f->prod_id);
}

/* --- helpers ---------------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "Acme Development=admin,Acme Staging=admin" from a /me answer, by name. */
static char *
memberships_text (JsonNode *me)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint n = sc_test_get_length (me, "memberships");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *org = g_strdup_printf ("memberships[%u].org_name", i);
      g_autofree char *role = g_strdup_printf ("memberships[%u].role", i);

      g_ptr_array_add (parts, g_strdup_printf ("%s=%s", sc_test_get_string (me, org),
                                               sc_test_get_string (me, role)));
    }
  g_ptr_array_sort (parts, compare_strings);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (",", (char **) parts->pdata);
}

/* "service/name" of the org's connections, sorted and joined. */
static char *
connections_text (Fixture    *f,
                  const char *org_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, "/connections", NULL);
  g_autoptr(ScTestResponse) r = get (f, ADMIN, path);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  sc_assert_status (r, 200);
  for (guint i = 0; i < sc_test_get_length (r->body, "items"); i++)
    {
      g_autofree char *service = g_strdup_printf ("items[%u].service", i);
      g_autofree char *name = g_strdup_printf ("items[%u].name", i);

      g_ptr_array_add (parts, g_strdup_printf ("%s/%s", sc_test_get_string (r->body, service),
                                               sc_test_get_string (r->body, name)));
    }
  g_ptr_array_sort (parts, compare_strings);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (",", (char **) parts->pdata);
}

static guint
count_items (Fixture    *f,
             const char *email,
             const char *path)
{
  g_autoptr(ScTestResponse) r = get (f, email, path);

  sc_assert_status (r, 200);
  return sc_test_get_length (r->body, "items");
}

/* --- cases ------------------------------------------------------------------ */

static void
test_users (Fixture       *f,
            gconstpointer  data)
{
  static const struct {
    const char *email;
    const char *name;
    const char *memberships;
  } rows[] = {
    { ADMIN, "Ada Admin", "Acme Development=admin,Acme Production=admin,Acme Staging=admin" },
    { DEV, "Dev Developer", "Acme Development=developer" },
    { REVIEWER, "Rita Reviewer", "Acme Production=reviewer,Acme Staging=reviewer" },
  };

  g_assert_cmpuint (g_hash_table_size (f->server->demo_tokens), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ScTestResponse) me = get (f, rows[i].email, "/me");
      g_autofree char *memberships = NULL;

      sc_assert_status (me, 200);
      g_assert_cmpstr (sc_test_get_string (me->body, "email"), ==, rows[i].email);
      g_assert_cmpstr (sc_test_get_string (me->body, "name"), ==, rows[i].name);
      memberships = memberships_text (me->body);
      g_assert_cmpstr (memberships, ==, rows[i].memberships);
    }
}

static void
test_orgs_and_policy (Fixture       *f,
                      gconstpointer  data)
{
  const struct {
    const char *id;
    const char *type;
    gboolean    approvals;
  } rows[] = {
    { f->dev_id, "dev", FALSE },
    { f->stg_id, "uat", FALSE },
    { f->prod_id, "prod", TRUE },
  };

  g_assert_cmpuint (count_items (f, ADMIN, "/orgs"), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strconcat ("/orgs/", rows[i].id, NULL);
      g_autoptr(ScTestResponse) org = get (f, ADMIN, path);

      sc_assert_status (org, 200);
      g_assert_cmpstr (sc_test_get_string (org->body, "type"), ==, rows[i].type);
      g_assert_cmpint (sc_test_get_bool (org->body, "approval_policy.enabled"), ==, rows[i].approvals);
      g_assert_false (sc_test_get_bool (org->body, "approval_policy.freeze.active"));
    }

  /* Production: admins and reviewers, one approval, seven days */
  {
    g_autofree char *path = g_strconcat ("/orgs/", f->prod_id, NULL);
    g_autoptr(ScTestResponse) org = get (f, ADMIN, path);
    g_autoptr(GPtrArray) roles = g_ptr_array_new ();
    guint n = sc_test_get_length (org->body, "approval_policy.reviewer_roles");

    for (guint i = 0; i < n; i++)
      {
        g_autofree char *member = g_strdup_printf ("approval_policy.reviewer_roles[%u]", i);
        g_ptr_array_add (roles, (gpointer) sc_test_get_string (org->body, member));
      }
    g_ptr_array_sort (roles, compare_strings);
    g_assert_cmpuint (roles->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (roles, 0), ==, "admin");
    g_assert_cmpstr (g_ptr_array_index (roles, 1), ==, "reviewer");
    g_assert_cmpuint (sc_test_get_length (org->body, "approval_policy.assignee_ids"), ==, 0);
    g_assert_cmpint (sc_test_get_int (org->body, "approval_policy.required_approvals"), ==, 1);
    g_assert_cmpint (sc_test_get_int (org->body, "approval_policy.expiry_days"), ==, 7);
  }

  /* the developer sees only Development */
  g_assert_cmpuint (count_items (f, DEV, "/orgs"), ==, 1);
}

static void
test_mappings_and_path (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *mappings = g_strconcat ("/orgs/", f->stg_id, "/mappings", NULL);
  g_autofree char *paths = g_strconcat ("/orgs/", f->dev_id, "/promotion-paths", NULL);
  g_autoptr(ScTestResponse) m = get (f, ADMIN, mappings);
  g_autoptr(ScTestResponse) p = get (f, ADMIN, paths);
  gboolean dev_to_stg = FALSE, stg_to_prod = FALSE;
  const char *tags[] = { "dev", "stage", "prod" };
  const char *orgs[] = { f->dev_id, f->stg_id, f->prod_id };
  const char *names[] = { "Acme Development", "Acme Staging", "Acme Production" };

  /* Staging is the target of one mapping and the source of the other */
  sc_assert_status (m, 200);
  g_assert_cmpuint (sc_test_get_length (m->body, "items"), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *source = g_strdup_printf ("items[%u].source_org_id", i);
      g_autofree char *target = g_strdup_printf ("items[%u].target_org_id", i);
      g_autofree char *relation = g_strdup_printf ("items[%u].relation", i);

      g_assert_cmpstr (sc_test_get_string (m->body, relation), ==, "default");
      if (g_strcmp0 (sc_test_get_string (m->body, source), f->dev_id) == 0 &&
          g_strcmp0 (sc_test_get_string (m->body, target), f->stg_id) == 0)
        dev_to_stg = TRUE;
      if (g_strcmp0 (sc_test_get_string (m->body, source), f->stg_id) == 0 &&
          g_strcmp0 (sc_test_get_string (m->body, target), f->prod_id) == 0)
        stg_to_prod = TRUE;
    }
  g_assert_true (dev_to_stg && stg_to_prod);
  {
    /* and nothing else: one mapping each at the ends */
    g_autofree char *dev_mappings = g_strconcat ("/orgs/", f->dev_id, "/mappings", NULL);
    g_autofree char *prod_mappings = g_strconcat ("/orgs/", f->prod_id, "/mappings", NULL);

    g_assert_cmpuint (count_items (f, ADMIN, dev_mappings), ==, 1);
    g_assert_cmpuint (count_items (f, ADMIN, prod_mappings), ==, 1);
  }

  sc_assert_status (p, 200);
  g_assert_cmpuint (sc_test_get_length (p->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (p->body, "items[0].name"), ==, "Production Pipeline");
  g_assert_cmpstr (sc_test_get_string (p->body, "items[0].org_id"), ==, f->dev_id);
  g_assert_cmpuint (sc_test_get_length (p->body, "items[0].stages"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *tag = g_strdup_printf ("items[0].stages[%u].tag", i);
      g_autofree char *org = g_strdup_printf ("items[0].stages[%u].org_id", i);
      g_autofree char *name = g_strdup_printf ("items[0].stages[%u].org_name", i);

      g_assert_cmpstr (sc_test_get_string (p->body, tag), ==, tags[i]);
      g_assert_cmpstr (sc_test_get_string (p->body, org), ==, orgs[i]);
      g_assert_cmpstr (sc_test_get_string (p->body, name), ==, names[i]);
    }
}

static void
test_workflows (Fixture       *f,
                gconstpointer  data)
{
  static const char * const expected[] = {
    "Invoice sync", "Lead enrichment", "Slack alerts", "Nightly report", "Customer onboarding",
  };
  g_autofree char *dev_path = g_strconcat ("/orgs/", f->dev_id, "/workflows", NULL);
  g_autofree char *stg_path = g_strconcat ("/orgs/", f->stg_id, "/workflows", NULL);
  g_autofree char *history = g_strconcat ("/promotions?org_id=", f->stg_id, NULL);
  g_autoptr(ScTestResponse) dev = get (f, DEV, dev_path);
  g_autoptr(ScTestResponse) stg = get (f, ADMIN, stg_path);
  g_autoptr(ScTestResponse) promotions = get (f, ADMIN, history);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n, promoted = 0, with_several = 0;

  sc_assert_status (dev, 200);
  n = sc_test_get_length (dev->body, "items");
  g_assert_cmpuint (n, >=, 5);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("items[%u].name", i);
      g_autofree char *owner = g_strdup_printf ("items[%u].owner.email", i);
      g_autofree char *release = g_strdup_printf ("items[%u].latest_release.version", i);
      g_autofree char *flag = g_strdup_printf ("items[%u].promoted", i);
      g_autofree char *steps = g_strdup_printf ("items[%u].steps", i);
      g_autofree char *url = g_strdup_printf ("items[%u].trigger.url", i);
      g_autofree char *connections = g_strdup_printf ("items[%u].connections", i);
      gint64 version;

      g_hash_table_add (names, (gpointer) sc_test_get_string (dev->body, name));
      g_assert_cmpstr (sc_test_get_string (dev->body, owner), ==, DEV);
      version = sc_test_get_int (dev->body, release);
      g_assert_cmpint (version, >=, 1);
      g_assert_cmpint (version, <=, 3);
      if (version > 1)
        with_several++;
      if (sc_test_get_bool (dev->body, flag))
        promoted++;
      g_assert_cmpuint (sc_test_get_length (dev->body, steps), >, 0);
      g_assert_true (g_str_has_prefix (sc_test_get_string (dev->body, url), "/hooks/"));
      g_assert_cmpuint (sc_test_get_length (dev->body, connections), >, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (names, expected[i]));
  g_assert_cmpuint (with_several, >, 0);
  g_assert_cmpuint (promoted, >, 0);
  g_assert_cmpuint (promoted, <, n);

  /* the copies in Staging came from Development by promotion */
  sc_assert_status (stg, 200);
  g_assert_cmpuint (sc_test_get_length (stg->body, "items"), ==, promoted);
  for (guint i = 0; i < promoted; i++)
    {
      g_autofree char *origin = g_strdup_printf ("items[%u].origin.org_id", i);
      g_autofree char *stage = g_strdup_printf ("items[%u].origin.stage", i);
      g_autofree char *release = g_strdup_printf ("items[%u].latest_release.version", i);

      g_assert_cmpstr (sc_test_get_string (stg->body, origin), ==, f->dev_id);
      g_assert_cmpstr (sc_test_get_string (stg->body, stage), ==, "stage");
      g_assert_cmpint (sc_test_get_int (stg->body, release), ==, 1);
    }

  sc_assert_status (promotions, 200);
  g_assert_cmpuint (sc_test_get_length (promotions->body, "items"), ==, promoted);
  g_assert_cmpstr (sc_test_get_string (promotions->body, "items[0].outcome"), ==, "succeeded");
  g_assert_cmpstr (sc_test_get_string (promotions->body, "items[0].target.tag"), ==, "stage");

  /* nothing reached Production yet */
  {
    g_autofree char *prod_path = g_strconcat ("/orgs/", f->prod_id, "/workflows", NULL);
    g_assert_cmpuint (count_items (f, ADMIN, prod_path), ==, 0);
  }
}

static void
test_connections (Fixture       *f,
                  gconstpointer  data)
{
  const char *orgs[] = { f->dev_id, f->stg_id, f->prod_id };
  g_autofree char *first = connections_text (f, f->dev_id);

  /* the same three in every org, so that promotions resolve them */
  g_assert_cmpstr (first, ==, "postgres/Warehouse,salesforce/CRM,slack/Alerts");
  for (guint i = 1; i < G_N_ELEMENTS (orgs); i++)
    {
      g_autofree char *text = connections_text (f, orgs[i]);
      g_assert_cmpstr (text, ==, first);
    }
}

static void
test_pending_request (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = get (f, REVIEWER, "/approval-requests?state=pending");
  g_autoptr(ScTestResponse) detail = NULL;
  g_autofree char *path = NULL;

  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].requester.email"), ==, ADMIN);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].source.org_id"), ==, f->stg_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].source.tag"), ==, "stage");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].target.org_id"), ==, f->prod_id);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].target.tag"), ==, "prod");
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].path.name"), ==, "Production Pipeline");
  g_assert_true (sc_test_get_bool (r->body, "items[0].can_decide"));

  /* the reviewer may decide it; the admin asked, so may not */
  g_assert_cmpuint (count_items (f, REVIEWER, "/approval-requests?reviewable=true"), ==, 1);
  g_assert_cmpuint (count_items (f, ADMIN, "/approval-requests?reviewable=true"), ==, 0);
  g_assert_cmpuint (count_items (f, ADMIN, "/approval-requests?mine=true"), ==, 1);
  g_assert_cmpuint (count_items (f, DEV, "/approval-requests"), ==, 0);

  path = g_strconcat ("/approval-requests/", sc_test_get_string (r->body, "items[0].id"), NULL);
  detail = get (f, ADMIN, path);
  sc_assert_status (detail, 200);
  g_assert_false (sc_test_get_bool (detail->body, "can_decide"));
}

/* A second --demo on the same database keeps the data and replaces the
 * tokens. */
static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GHashTable) old_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *dev_path = g_strconcat ("/orgs/", f->dev_id, "/workflows", NULL);
  guint workflows = count_items (f, ADMIN, dev_path);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, f->server->demo_tokens);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (old_tokens, g_strdup (key), g_strdup (value));

  sc_test_server_stop (f->server);
  f->server = start_demo (f);

  g_assert_cmpuint (g_hash_table_size (f->server->demo_tokens), ==, 3);
  g_hash_table_iter_init (&iter, old_tokens);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(ScTestResponse) old = sc_test_request (f->server, "GET", "/me", value, NULL, NULL);
      g_autoptr(ScTestResponse) fresh = get (f, key, "/me");

      g_assert_cmpstr (sc_test_server_demo_token (f->server, key), !=, value);
      sc_assert_error (old, 401, "unauthenticated");
      sc_assert_status (fresh, 200);
      g_assert_cmpstr (sc_test_get_string (fresh->body, "email"), ==, key);
    }

  /* the same data, nothing twice */
  {
    g_autofree char *dev_id = org_id_by_name (f, "Acme Development");

    g_assert_cmpstr (dev_id, ==, f->dev_id);
    g_assert_cmpuint (count_items (f, ADMIN, "/orgs"), ==, 3);
    g_assert_cmpuint (count_items (f, ADMIN, dev_path), ==, workflows);
    g_assert_cmpuint (count_items (f, REVIEWER, "/approval-requests?state=pending"), ==, 1);
  }
}

/* --demo refuses a database that holds something else. */
static void
test_refuses_other_data (Fixture       *f,
                         gconstpointer  data)
{
  ScTestServer *other = sc_test_server_start (FALSE, NULL);
  g_autofree char *org = sc_test_server_add_org (other, "Somebody Else", NULL);
  g_autofree char *out = NULL;
  int status = 0;

  out = sc_test_server_cli (other, &status, "--demo", "--listen", "127.0.0.1:0", NULL);
  g_assert_cmpint (status, !=, 0);
  g_assert_false (strstr (out, "listening on") != NULL);
  sc_test_server_stop (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/server/demo/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("users", test_users);
  ADD ("orgs-and-policy", test_orgs_and_policy);
  ADD ("mappings-and-path", test_mappings_and_path);
  ADD ("workflows", test_workflows);
  ADD ("connections", test_connections);
  ADD ("pending-request", test_pending_request);
  ADD ("restart", test_restart);
  ADD ("refuses-other-data", test_refuses_other_data);

#undef ADD

  return g_test_run ();
}
