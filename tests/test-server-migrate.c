/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sc-test-server.h"

/* `stagecraft-server migrate-db`: the demo, seeded in an SQLite file and
 * copied into PostgreSQL, answers every list endpoint with the same body
 * on both engines. Runs with scripts/test-pg (skipped otherwise). */

#define ADMIN "admin@acme.test"

/* @prefix + id + @suffix for each item of @page. */
static void
add_paths (GPtrArray  *paths,
           JsonNode   *page,
           const char *prefix,
           const char *suffix)
{
  for (guint i = 0; i < sc_test_get_length (page, "items"); i++)
    {
      g_autofree char *member = g_strdup_printf ("items[%u].id", i);

      g_ptr_array_add (paths, g_strconcat (prefix, sc_test_get_string (page, member), suffix, NULL));
    }
}

static void
test_demo_copied (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *saved = NULL;
  ScTestServer *sqlite_server;
  ScTestServer *pg_server;
  g_autofree char *token = NULL;
  g_autofree char *output = NULL;
  int status = 0;

  if (!sc_test_server_uses_postgresql ())
    {
      g_test_skip ("needs the PostgreSQL test cluster (scripts/test-pg)");
      return;
    }

  /* the demo in an SQLite file, read through its own server */
  dir = g_dir_make_tmp ("stagecraft-migrate-XXXXXX", NULL);
  file = g_build_filename (dir, "demo.db", NULL);
  saved = g_strdup (g_getenv ("SC_TEST_DATABASE"));
  g_unsetenv ("SC_TEST_DATABASE");
  sqlite_server = sc_test_server_start (TRUE, "--database", file, NULL);
  g_setenv ("SC_TEST_DATABASE", saved, TRUE);
  token = g_strdup (sc_test_server_demo_token (sqlite_server, ADMIN));

  g_ptr_array_add (paths, g_strdup ("/orgs"));
  g_ptr_array_add (paths, g_strdup ("/me"));
  g_ptr_array_add (paths, g_strdup ("/approval-requests"));
  g_ptr_array_add (paths, g_strdup ("/events?since=0&timeout=0"));
  {
    g_autoptr(ScTestResponse) orgs = sc_test_request (sqlite_server, "GET", "/orgs", token, NULL, NULL);

    sc_assert_status (orgs, 200);
    for (guint i = 0; i < sc_test_get_length (orgs->body, "items"); i++)
      {
        g_autofree char *member = g_strdup_printf ("items[%u].id", i);
        const char *org = sc_test_get_string (orgs->body, member);
        g_autofree char *workflows = g_strdup_printf ("/orgs/%s/workflows", org);
        g_autoptr(ScTestResponse) w = sc_test_request (sqlite_server, "GET", workflows, token, NULL, NULL);

        sc_assert_status (w, 200);
        g_ptr_array_add (paths, g_strdup_printf ("/orgs/%s", org));
        g_ptr_array_add (paths, g_strdup_printf ("/orgs/%s/members", org));
        g_ptr_array_add (paths, g_strdup_printf ("/orgs/%s/mappings", org));
        g_ptr_array_add (paths, g_strdup_printf ("/orgs/%s/audit", org));
        g_ptr_array_add (paths, g_strdup_printf ("/orgs/%s/promotion-paths", org));
        g_ptr_array_add (paths, g_strdup_printf ("/orgs/%s/connections", org));
        g_ptr_array_add (paths, g_steal_pointer (&workflows));
        add_paths (paths, w->body, "/workflows/", "/releases");
        add_paths (paths, w->body, "/workflows/", "/sharing");
        add_paths (paths, w->body, "/promotions?workflow_id=", "");
      }
  }
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (sqlite_server, "GET", paths->pdata[i], token, NULL, NULL);

      g_ptr_array_add (bodies, g_strdup_printf ("%u %s", r->status, r->text));
    }
  sc_test_server_stop (sqlite_server);

  /* copied, then the same questions to a server on PostgreSQL */
  target = sc_test_database_new (dir);
  {
    const char *argv[] = { g_getenv ("SC_SERVER_BINARY"), "migrate-db", "--from", file, "--to", target, NULL };
    g_autoptr(GError) error = NULL;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_test_message ("%s", output);
    g_assert_nonnull (strstr (output, "audit_events"));
  }

  pg_server = sc_test_server_start_on (target);
  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(ScTestResponse) r = sc_test_request (pg_server, "GET", paths->pdata[i], token, NULL, NULL);
      g_autofree char *body = g_strdup_printf ("%u %s", r->status, r->text);

      g_test_message ("%s", (char *) paths->pdata[i]);
      g_assert_cmpstr (body, ==, bodies->pdata[i]);
    }
  g_test_message ("%u list and detail answers the same", paths->len);
  g_assert_cmpuint (paths->len, >, 30);
  sc_test_server_stop (pg_server);
  sc_test_database_drop (target);

  g_remove (file);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/migrate/demo-copied", test_demo_copied);

  return g_test_run ();
}
