/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-accounts.h"
#include "sc-model.h"
#include "sc-activity-view.h"
#include "sc-session.h"
#include "sc-test-csv.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"

/* The Activity section of the real window against the real
 * stagecraft-server with the demo data, plus 150 audit events written into
 * Acme Production (every third "path.deleted", the others
 * "mapping.created", by reviewer@acme.test, spread over February 2026).
 *
 * Covered: the admin sees the newest page and Load More walks to the last
 * event the server has; the action, actor and date filters narrow the list
 * to what the server selects; a bad date is shown and keeps the text; the
 * export writes the CSV of the filtered selection (read back); reviewers
 * have no Activity row and are refused by the server; 360 px. */

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"
#define REVIEWER "reviewer@acme.test"
#define N_EXTRA 150

static AdwApplication *app;

typedef struct {
  ScTestServer   *server;
  ScAccounts     *accounts;
  ScWindow       *window;
  ScActivityView *view;
  ScSession      *session;
  char           *prod_org;
} Fixture;

/* How many events the server's filter @query selects in Production. */
static guint
server_count (Fixture    *f,
              const char *query)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/audit?format=csv%s%s", f->prod_org,
                                           *query ? "&" : "", query);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path,
                                                 sc_test_server_demo_token (f->server, ADMIN),
                                                 NULL, NULL);
  g_autoptr(GPtrArray) rows = NULL;

  sc_assert_status (r, 200);
  rows = sc_test_csv_parse (r->text);
  g_assert_cmpuint (rows->len, >=, 1);
  return rows->len - 1;
}

static gboolean
is_section_row (GtkWidget     *widget,
                gconstpointer  name)
{
  return GTK_IS_LIST_BOX_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;

  return !sc_activity_view_get_busy (f->view) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), "loading") != 0;
}

static void
wait_settled (Fixture *f)
{
  sc_test_wait_for (view_settled, f, DEADLINE);
}

static void
open_window (Fixture    *f,
             const char *email,
             int         width,
             int         height)
{
  GtkWidget *row;

  f->session = sc_test_session_new (f->server, sc_test_server_demo_token (f->server, email), email);
  sc_session_set_org_id (f->session, f->prod_org);
  f->window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  sc_window_set_session (f->window, f->session);

  row = sc_test_find_widget (GTK_WIDGET (f->window), is_section_row, "activity");
  g_assert_nonnull (row);
  if (!gtk_widget_get_visible (row))
    return;
  g_signal_emit_by_name (row, "activate");
  f->view = SC_ACTIVITY_VIEW (sc_window_get_view (f->window, "activity"));
  g_assert_nonnull (f->view);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  wait_settled (f);
}

/* Load More until the end; every entry is then listed. */
static void
load_all (Fixture *f)
{
  for (guint i = 0; sc_activity_view_get_has_more (f->view); i++)
    {
      g_assert_cmpuint (i, <, 50);
      g_assert_true (gtk_widget_get_visible (sc_activity_view_get_widget (f->view, "more-button")));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "activity.load-more", NULL));
      wait_settled (f);
    }
  g_assert_false (gtk_widget_get_visible (sc_activity_view_get_widget (f->view, "more-button")));
}

static void
set_entry (Fixture    *f,
           const char *name,
           const char *text)
{
  GtkWidget *row = sc_activity_view_get_widget (f->view, name);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "entry-activated");
  wait_settled (f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sql = NULL;

  f->server = sc_test_server_start (TRUE, NULL);
  f->accounts = sc_accounts_new ();
  f->prod_org = sc_test_server_demo_org_id (f->server, "Acme Production");
  sql = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
                         "INSERT INTO audit_events (id, org_id, actor_id, action, target_type, "
                         "target_id, details, at) "
                         "SELECT 'aud_ui' || i, '%s', (SELECT id FROM users WHERE email = '%s'), "
                         "CASE WHEN i %% 3 = 0 THEN 'path.deleted' ELSE 'mapping.created' END, "
                         "'path', 'pth_' || i, '{\"why\": \"a, \\\"b\\\"\"}', "
                         "printf ('2026-02-%%02dT12:00:00Z', 1 + i %% 28) FROM n",
                         N_EXTRA, f->prod_org, REVIEWER);
  sc_test_server_sql (f->server, sql);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  g_clear_object (&f->session);
  g_clear_object (&f->accounts);
  g_free (f->prod_org);
  sc_test_server_stop (f->server);
}

/* --- tests ------------------------------------------------------------------- */

static void
test_list_filter_export (Fixture       *f,
                         gconstpointer  data)
{
  guint total = server_count (f, "");
  guint deleted = server_count (f, "action=path.deleted");
  guint by_reviewer = server_count (f, "actor_id=" REVIEWER);
  guint in_range = server_count (f, "action=path.deleted&since=2026-02-10T00:00:00Z&until=2026-02-13T00:00:00Z");
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_tmp_dir (), "activity.csv", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *since;

  g_assert_cmpuint (total, >, N_EXTRA);
  g_assert_cmpuint (deleted, ==, N_EXTRA / 3);
  g_assert_cmpuint (by_reviewer, >=, N_EXTRA);
  g_assert_cmpuint (in_range, >, 0);
  g_assert_cmpuint (in_range, <, deleted);

  open_window (f, ADMIN, 1280, 800);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  /* the newest page first, then all of it */
  g_assert_cmpuint (sc_activity_view_get_n_entries (f->view), <, total);
  g_assert_true (sc_activity_view_get_has_more (f->view));
  sc_assert_shows (f->window, "Promotion path deleted");
  sc_assert_shows (f->window, REVIEWER);
  load_all (f);
  g_assert_cmpuint (sc_activity_view_get_n_entries (f->view), ==, total);
  sc_test_screenshot ("activity-1280x800.png");

  /* the action filter narrows it to what the server selects */
  g_assert_true (sc_activity_view_select_action (f->view, "path.deleted"));
  wait_settled (f);
  load_all (f);
  g_assert_cmpuint (sc_activity_view_get_n_entries (f->view), ==, deleted);
  for (guint i = 0; i < deleted; i++)
    g_assert_cmpstr (sc_audit_event_get_action (sc_activity_view_get_entry (f->view, i)),
                     ==, "path.deleted");
  sc_assert_not_shows (f->window, "Mapping added");

  /* a bad date is shown and keeps the text; the list stays */
  since = sc_activity_view_get_widget (f->view, "since-row");
  set_entry (f, "since-row", "next Tuesday");
  g_assert_nonnull (sc_activity_view_get_problem (f->view));
  sc_assert_shows (f->window, "“From” is not a date");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (since)), ==, "next Tuesday");
  g_assert_cmpuint (sc_activity_view_get_n_entries (f->view), ==, deleted);

  /* a range of days (To includes its day) */
  gtk_editable_set_text (GTK_EDITABLE (since), "2026-02-10");
  set_entry (f, "until-row", "2026-02-12");
  g_assert_null (sc_activity_view_get_problem (f->view));
  load_all (f);
  g_assert_cmpuint (sc_activity_view_get_n_entries (f->view), ==, in_range);
  for (guint i = 0; i < in_range; i++)
    {
      g_autofree char *at = sc_time_format (sc_audit_event_get_at (sc_activity_view_get_entry (f->view, i)));

      g_assert_cmpstr (at, >=, "2026-02-10T00:00:00Z");
      g_assert_cmpstr (at, <, "2026-02-13T00:00:00Z");
    }

  /* the export writes what the filters select */
  sc_activity_view_export_to_file (f->view, file);
  g_assert_true (sc_activity_view_get_busy (f->view));
  wait_settled (f);
  g_assert_null (sc_activity_view_get_problem (f->view));
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  rows = sc_test_csv_parse (contents);
  g_assert_cmpuint (rows->len, ==, in_range + 1);
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[2], ==, "action");
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row[1], ==, sc_audit_event_get_id (sc_activity_view_get_entry (f->view, i - 1)));
      g_assert_cmpstr (row[2], ==, "path.deleted");
      g_assert_cmpstr (row[4], ==, REVIEWER);
      g_assert_cmpstr (row[7], ==, "{\"why\":\"a, \\\"b\\\"\"}");
    }
  g_assert_nonnull (sc_test_toast_title (GTK_WIDGET (f->window)));

  /* the actor filter, with the others cleared */
  g_assert_true (sc_activity_view_select_action (f->view, NULL));
  gtk_editable_set_text (GTK_EDITABLE (since), "");
  gtk_editable_set_text (GTK_EDITABLE (sc_activity_view_get_widget (f->view, "until-row")), "");
  set_entry (f, "actor-row", REVIEWER);
  load_all (f);
  g_assert_cmpuint (sc_activity_view_get_n_entries (f->view), ==, by_reviewer);
}

static void
test_not_admin (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *row;
  g_autoptr(ScSession) session = NULL;
  GtkWidget *view;

  open_window (f, REVIEWER, 1280, 800);
  row = sc_test_find_widget (GTK_WIDGET (f->window), is_section_row, "activity");
  g_assert_false (gtk_widget_get_visible (row));

  /* the view itself shows the server's refusal (shown: a section loads
   * when it is first shown) */
  view = sc_activity_view_new ();
  g_object_ref_sink (view);
  f->view = SC_ACTIVITY_VIEW (view);
  {
    GtkWidget *window = gtk_window_new ();

    gtk_window_set_child (GTK_WINDOW (window), view);
    gtk_window_present (GTK_WINDOW (window));
  }
  sc_section_view_set_session (SC_SECTION_VIEW (f->view), f->session);
  wait_settled (f);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "error");
  g_assert_cmpuint (sc_activity_view_get_n_entries (f->view), ==, 0);

  /* an export the server refuses shows why and leaves the file alone */
  {
    g_autoptr(GFile) file = g_file_new_build_filename (g_get_tmp_dir (), "kept.csv", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *contents = NULL;

    g_assert_true (g_file_replace_contents (file, "keep me", 7, NULL, FALSE, G_FILE_CREATE_NONE,
                                            NULL, NULL, &error));
    sc_activity_view_export_to_file (f->view, file);
    wait_settled (f);
    g_assert_nonnull (sc_activity_view_get_problem (f->view));
    g_assert_nonnull (strstr (sc_activity_view_get_problem (f->view), "administrators"));
    g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
    g_assert_cmpstr (contents, ==, "keep me");
  }
  sc_section_view_set_session (SC_SECTION_VIEW (f->view), NULL);
  g_object_unref (view);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  int width;

  open_window (f, ADMIN, 360, 720);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  sc_test_settle (300);
  width = gtk_widget_get_width (GTK_WIDGET (f->window));
  g_assert_cmpint (width, <=, 400);
  g_assert_true (gtk_widget_get_mapped (sc_activity_view_get_widget (f->view, "entries-list")));
  g_assert_true (gtk_widget_get_mapped (sc_activity_view_get_widget (f->view, "export-button")));
  g_assert_cmpint (gtk_widget_get_width (sc_activity_view_get_widget (f->view, "entries-list")), <=, width);
  sc_test_screenshot ("activity-360x720.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  /* the date filter's days are local: make them UTC like the data */
  g_setenv ("TZ", "UTC", TRUE);
  sc_test_ui_init (&argc, &argv);
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/activity/list-filter-export", test_list_filter_export);
  ADD ("/ui/activity/not-admin", test_not_admin);
  ADD ("/ui/activity/narrow", test_narrow);
#undef ADD

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
