/* SPDX-License-Identifier: GPL-3.0-or-later */

/* For sc-bench: the requests each section view makes through its ScClient
 * when it opens on the demo server and when it is reloaded with nothing
 * changed (how many, and how many were answered 304). Prints one line per
 * view: "view NAME OPEN RELOAD NOT_MODIFIED". Needs a display (xvfb-run)
 * and the test hooks. Then the whole window's sign-in: the requests of
 * every section (only the shown one loads; issue 12), and a reload of the
 * shown one, as "view window-sign-in OPEN RELOAD NOT_MODIFIED". */

#include "config.h"

#include "sc-accounts.h"
#include "sc-approvals-view.h"
#include "sc-client-private.h"
#include "sc-org-view.h"
#include "sc-paths-view.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"
#include "sc-workflows-view.h"

/* Spins until no answer has come for 500 ms. */
static void
quiet (ScClient *client)
{
  guint before = G_MAXUINT, after = 0, unused;

  for (;;)
    {
      sc_client_get_request_counts_for_testing (client, &after, &unused);
      if (after == before)
        return;
      before = after;
      sc_test_settle (500);
    }
}

static void
measure (ScTestServer *server,
         const char   *token,
         const char   *name)
{
  g_autoptr(ScSession) session = sc_test_session_new (server, token, "admin@acme.test");
  ScClient *client = sc_session_get_client (session);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view;
  guint start, opened, reloaded, not_modified_before, not_modified;

  if (g_str_equal (name, "workflows"))
    view = GTK_WIDGET (sc_workflows_view_new ());
  else if (g_str_equal (name, "paths"))
    view = GTK_WIDGET (sc_paths_view_new ());
  else if (g_str_equal (name, "approvals"))
    view = GTK_WIDGET (sc_approvals_view_new ());
  else
    view = GTK_WIDGET (sc_org_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));

  sc_client_get_request_counts_for_testing (client, &start, &not_modified_before);
  sc_section_view_set_session (SC_SECTION_VIEW (view), session);
  quiet (client);
  sc_client_get_request_counts_for_testing (client, &opened, &not_modified_before);

  sc_section_view_reload (SC_SECTION_VIEW (view));
  quiet (client);
  sc_client_get_request_counts_for_testing (client, &reloaded, &not_modified);

  g_print ("view %s %u %u %u\n", name, opened - start, reloaded - opened, not_modified - not_modified_before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
measure_window (ScTestServer *server,
                const char   *token)
{
  g_autoptr(ScSession) session = sc_test_session_new (server, token, "admin@acme.test");
  g_autoptr(ScAccounts) accounts = sc_accounts_new ();
  g_autoptr(AdwApplication) app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  ScClient *client = sc_session_get_client (session);
  ScWindow *window;
  guint start, opened, reloaded, not_modified_before, not_modified;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = sc_window_new (app, accounts);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));

  sc_client_get_request_counts_for_testing (client, &start, &not_modified_before);
  sc_window_set_session (window, session);
  quiet (client);
  sc_client_get_request_counts_for_testing (client, &opened, &not_modified_before);

  sc_window_reload_section (window, "workflows");
  quiet (client);
  sc_client_get_request_counts_for_testing (client, &reloaded, &not_modified);

  g_print ("view window-sign-in %u %u %u\n", opened - start, reloaded - opened, not_modified - not_modified_before);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  static const char * const views[] = { "workflows", "paths", "approvals", "organization" };
  ScTestServer *server;
  const char *token;

  sc_test_ui_init (&argc, &argv);
  server = sc_test_server_start (TRUE, NULL);
  token = sc_test_server_demo_token (server, "admin@acme.test");
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    measure (server, token, views[i]);
  measure_window (server, token);
  sc_test_server_stop (server);
  return 0;
}
