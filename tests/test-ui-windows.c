/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sc-section-view.h"
#include "sc-deny-windows.h"
#include "sc-json.h"
#include "sc-org-view-private.h"
#include "sc-path-editor.h"
#include "sc-promote-dialog.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-workflow-details-private.h"
#include "sc-test-widgets.h"
#include "sc-workflows-view.h"

/* Deny windows, the override and the emergency stop in the app, against
 * the real server, whose clock the test sets (SC_TEST_CLOCK_FILE): the
 * Promote button says when promotions reopen; an admin overrides in the
 * Promote dialog with a reason; Organization settings add and remove
 * windows and stop every promotion after a confirmation, which disables
 * every affected workflow's button with the reason; the path editor sets a
 * stage's soak time.
 *
 * Acme Development (dev) → Acme Staging (uat), a path "Pipeline" owned by
 * Development; admin@acme.test administers both. Development holds three
 * workflows, each with v1. 2026-12-04 is a Friday. */

#define DEADLINE 30
#define N_WORKFLOWS 3

typedef struct {
  ScTestServer *server;
  char         *dev_org, *stg_org;
  char         *admin;
  char         *path_id;
  char         *workflow_ids[N_WORKFLOWS];
  GtkWidget    *window;
  ScSession    *session;
} Fixture;

static char *
post_id (Fixture    *f,
         const char *path,
         const char *body)
{
  g_autoptr(ScTestResponse) response = sc_test_request (f->server, "POST", path, f->admin, body,
                                                        NULL);

  if (response->status != 201 && response->status != 200)
    g_error ("POST %s: %u %s", path, response->status, response->text);
  return g_strdup (sc_test_get_string (response->body, "id"));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GDateTime) noon = g_date_time_new_utc (2026, 12, 4, 12, 0, 0);

  f->server = sc_test_server_start_clocked (FALSE, noon, NULL, NULL);
  f->dev_org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->stg_org = sc_test_server_add_org (f->server, "Acme Staging", "uat");
  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev_org, "admin", NULL);
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->stg_org, "admin", NULL));

  path = g_strdup_printf ("/orgs/%s/mappings", f->dev_org);
  body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->stg_org);
  g_free (post_id (f, path, body));
  g_free (path);
  g_free (body);
  path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  body = g_strdup_printf ("{\"name\": \"Pipeline\", \"stages\": ["
                          "{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
                          "{\"tag\": \"stage\", \"org_id\": \"%s\"}]}", f->dev_org, f->stg_org);
  f->path_id = post_id (f, path, body);

  for (guint i = 0; i < N_WORKFLOWS; i++)
    {
      g_autofree char *workflows = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
      g_autofree char *workflow = g_strdup_printf (
        "{\"name\": \"Workflow %u\", \"description\": \"\", \"steps\": [], \"config\": {}, "
        "\"trigger\": {\"url\": \"/hooks/w%u\", \"method\": \"POST\"}, \"tags\": [], "
        "\"connection_ids\": []}", i + 1, i + 1);
      g_autofree char *releases = NULL;

      f->workflow_ids[i] = post_id (f, workflows, workflow);
      releases = g_strdup_printf ("/workflows/%s/releases", f->workflow_ids[i]);
      g_free (post_id (f, releases, "{}"));
    }

  f->session = sc_test_session_new (f->server, f->admin, "admin@acme.test");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  g_clear_object (&f->session);
  sc_test_server_stop (f->server);
  g_free (f->dev_org);
  g_free (f->stg_org);
  g_free (f->admin);
  g_free (f->path_id);
  for (guint i = 0; i < N_WORKFLOWS; i++)
    g_free (f->workflow_ids[i]);
}

/* --- the views ------------------------------------------------------------------ */

static void
present (Fixture   *f,
         GtkWidget *content)
{
  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 900);
  adw_window_set_content (ADW_WINDOW (f->window), content);
  gtk_window_present (GTK_WINDOW (f->window));
}

static ScWorkflowsView *
show_workflows (Fixture *f)
{
  ScWorkflowsView *view = SC_WORKFLOWS_VIEW (sc_workflows_view_new ());

  present (f, GTK_WIDGET (view));
  sc_session_set_org_id (f->session, f->dev_org);
  sc_section_view_set_session (SC_SECTION_VIEW (view), f->session);
  return view;
}

typedef struct {
  ScWorkflowDetails *details;
  const char        *id;
} DetailsWait;

static gboolean
details_settled (gpointer data)
{
  DetailsWait *wait = data;

  return !sc_workflow_details_get_loading (wait->details) &&
         g_strcmp0 (sc_workflow_details_get_state (wait->details), "content") == 0 &&
         sc_workflow_details_get_promote_button (wait->details, 0) != NULL;
}

/* The Promote button of workflow @id, its details loaded afresh. */
static GtkWidget *
promote_button (ScWorkflowsView *view,
                const char      *id)
{
  DetailsWait wait = { sc_workflows_view_get_details (view), id };

  sc_workflows_view_select (view, id);
  sc_workflow_details_reload (wait.details);
  sc_test_wait_for (details_settled, &wait, DEADLINE);
  return sc_workflow_details_get_promote_button (wait.details, 0);
}

static void
assert_tooltip_has (GtkWidget  *button,
                    const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  if (tooltip == NULL || strstr (tooltip, text) == NULL)
    g_error ("“%s” not in the button's tooltip “%s”", text, tooltip ? tooltip : "");
}

static gboolean
dialog_confirmable (gpointer data)
{
  GtkWidget *dialog = sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG);
  GtkWidget *button = dialog != NULL ? sc_test_find_widget (dialog, sc_test_is_button_for,
                                                            "promote.confirm") : NULL;

  return button != NULL && gtk_widget_get_sensitive (button);
}

static gboolean
dialog_shown (gpointer data)
{
  return sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG) == NULL;
}

static gboolean
override_group_shown (gpointer data)
{
  GtkWidget *dialog = sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG);
  g_autofree char *text = dialog != NULL ? sc_test_screen_text (dialog) : NULL;

  return text != NULL && strstr (text, "Your reason goes to the audit log.") != NULL;
}

static GtkWidget *
find_entry_row (GtkWidget  *root,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ENTRY_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      found = find_entry_row (child, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* During a window the Promote button is disabled and says when promotions
 * reopen, in the window's zone; where the window allows it, an admin opens
 * the dialog and overrides it with a reason (audited). */
static void
test_reopening (Fixture       *f,
                gconstpointer  data)
{
  ScWorkflowsView *view;
  GtkWidget *button, *dialog, *reason;
  g_autoptr(ScTestResponse) audit = NULL;

  sc_test_patch_policy (f->server, f->admin, f->stg_org,
                        "{\"deny_windows\": [{\"kind\": \"weekly\", \"days\": [\"fri\"], "
                        "\"start\": \"22:00\", \"end\": \"06:00\", \"time_zone\": \"Europe/Berlin\", "
                        "\"reason\": \"Friday night\"}]}");
  /* Friday 22:30 CET */
  sc_test_server_set_clock_at (f->server, "2026-12-04T21:30:00Z");
  view = show_workflows (f);

  button = promote_button (view, f->workflow_ids[0]);
  g_assert_false (gtk_widget_get_sensitive (button));
  assert_tooltip_has (button, "Friday night");
  assert_tooltip_has (button, "They reopen at 06:00 CET tomorrow.");
  sc_assert_shows (f->window, "They reopen at 06:00 CET tomorrow.");
  sc_test_screenshot ("windows-reopening.png");

  /* the same window, now open to an admin's override */
  sc_test_patch_policy (f->server, f->admin, f->stg_org,
                        "{\"deny_windows\": [{\"kind\": \"weekly\", \"days\": [\"fri\"], "
                        "\"start\": \"22:00\", \"end\": \"06:00\", \"time_zone\": \"Europe/Berlin\", "
                        "\"reason\": \"Friday night\", \"allow_override\": true}]}");
  button = promote_button (view, f->workflow_ids[0]);
  g_assert_true (gtk_widget_get_sensitive (button));
  assert_tooltip_has (button, "They reopen at 06:00 CET tomorrow.");
  g_signal_emit_by_name (button, "clicked");
  sc_test_wait_for (dialog_shown, NULL, DEADLINE);
  sc_test_wait_for (override_group_shown, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG);
  reason = find_entry_row (dialog, "Reason for overriding");
  g_assert_nonnull (reason);
  g_assert_false (dialog_confirmable (NULL));
  gtk_editable_set_text (GTK_EDITABLE (reason), "Hotfix INC-7");
  sc_test_wait_for (dialog_confirmable, NULL, DEADLINE);
  sc_test_screenshot ("windows-override.png");
  gtk_widget_activate_action (dialog, "promote.confirm", NULL);
  sc_test_wait_for (dialog_gone, NULL, DEADLINE);

  {
    g_autofree char *audit_path = g_strdup_printf ("/orgs/%s/audit?action=freeze.overridden",
                                                   f->stg_org);

    audit = sc_test_request (f->server, "GET", audit_path, f->admin, NULL, NULL);
    sc_assert_status (audit, 200);
    g_assert_cmpuint (sc_test_get_length (audit->body, "items"), ==, 1);
    g_assert_nonnull (strstr (audit->text, "Hotfix INC-7"));
  }
}

/* --- Organization settings ---------------------------------------------------------- */

static gboolean
org_settled (gpointer data)
{
  ScOrgView *view = data;
  ScDenyWindows *windows = SC_DENY_WINDOWS (sc_test_find_widget (GTK_WIDGET (view), sc_test_is_type,
                                                                 GSIZE_TO_POINTER (SC_TYPE_DENY_WINDOWS)));

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "settings") == 0 &&
         !sc_deny_windows_get_busy (windows);
}

static ScDenyWindows *
show_org (Fixture   *f,
          ScOrgView **view_out)
{
  ScOrgView *view = SC_ORG_VIEW (sc_org_view_new ());

  present (f, GTK_WIDGET (view));
  sc_session_set_org_id (f->session, f->stg_org);
  sc_section_view_set_session (SC_SECTION_VIEW (view), f->session);
  sc_test_wait_for (org_settled, view, DEADLINE);
  *view_out = view;
  return SC_DENY_WINDOWS (sc_test_find_widget (GTK_WIDGET (view), sc_test_is_type,
                                               GSIZE_TO_POINTER (SC_TYPE_DENY_WINDOWS)));
}

typedef struct {
  ScDenyWindows *windows;
  guint          n;
} NWait;

static gboolean
n_windows_is (gpointer data)
{
  NWait *wait = data;

  return !sc_deny_windows_get_busy (wait->windows) &&
         sc_deny_windows_get_n_windows (wait->windows) == wait->n;
}

static gboolean
not_busy (gpointer data)
{
  return !sc_deny_windows_get_busy (data);
}

/* Add a weekly window (days, hours, zone, override), see the server's
 * reasons for a bad one with what was typed kept, remove it; every control
 * has an accessible name. */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  ScOrgView *view;
  ScDenyWindows *windows = show_org (f, &view);
  NWait one = { windows, 1 }, none = { windows, 0 };
  g_autoptr(ScTestResponse) org = NULL;
  g_autofree char *org_path = g_strdup_printf ("/orgs/%s", f->stg_org);
  const char *names[] = { "kind", "reason", "time-zone", "from", "until", "start", "end",
                          "rrule", "duration", "override", "add", "stop-reason", "stop",
                          "resume", "day-0", "day-4", "day-6" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *control = sc_deny_windows_get_widget (windows, names[i]);

      g_assert_nonnull (control);
      /* a title, a label, or an accessible label names it */
      g_assert_true (gtk_widget_get_focusable (control) || ADW_IS_PREFERENCES_ROW (control) ||
                     GTK_IS_BUTTON (control) || GTK_IS_SWITCH (control) ||
                     GTK_IS_SPIN_BUTTON (control));
    }

  adw_combo_row_set_selected (ADW_COMBO_ROW (sc_deny_windows_get_widget (windows, "kind")), 1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (sc_deny_windows_get_widget (windows, "day-4")),
                                TRUE);
  gtk_editable_set_text (GTK_EDITABLE (sc_deny_windows_get_widget (windows, "start")), "22:00");
  gtk_editable_set_text (GTK_EDITABLE (sc_deny_windows_get_widget (windows, "end")), "06:00");
  gtk_editable_set_text (GTK_EDITABLE (sc_deny_windows_get_widget (windows, "reason")),
                         "Friday night");
  gtk_editable_set_text (GTK_EDITABLE (sc_deny_windows_get_widget (windows, "time-zone")),
                         "Mars/Olympus");
  gtk_switch_set_active (GTK_SWITCH (sc_deny_windows_get_widget (windows, "override")), TRUE);

  /* a zone the server does not know: its reason, what was typed kept */
  gtk_widget_activate_action (GTK_WIDGET (windows), "deny-windows.add", NULL);
  sc_test_wait_for (not_busy, windows, DEADLINE);
  g_assert_true (gtk_widget_get_visible (sc_deny_windows_get_widget (windows, "error")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sc_deny_windows_get_widget (windows, "error"))),
                            "Mars/Olympus"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sc_deny_windows_get_widget (windows, "reason"))),
                   ==, "Friday night");
  g_assert_cmpuint (sc_deny_windows_get_n_windows (windows), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (sc_deny_windows_get_widget (windows, "time-zone")),
                         "Europe/Berlin");
  gtk_widget_activate_action (GTK_WIDGET (windows), "deny-windows.add", NULL);
  sc_test_wait_for (n_windows_is, &one, DEADLINE);
  g_assert_false (gtk_widget_get_visible (sc_deny_windows_get_widget (windows, "error")));
  sc_assert_shows (f->window, "Weekly on fri, 22:00–06:00 (Europe/Berlin)");
  sc_assert_shows (f->window, "Friday night — administrators may override");
  org = sc_test_request (f->server, "GET", org_path, f->admin, NULL, NULL);
  g_assert_cmpstr (sc_test_get_string (org->body, "approval_policy.deny_windows[0].time_zone"), ==,
                   "Europe/Berlin");
  g_assert_true (sc_test_get_bool (org->body, "approval_policy.deny_windows[0].allow_override"));
  /* the org view keeps the new etag: its own save still works */
  g_assert_cmpstr (sc_test_get_string (org->body, "etag"), ==,
                   sc_org_get_etag (sc_org_view_get_org (view)));
  /* in sight for the screenshot: the list and the form */
  gtk_widget_grab_focus (sc_deny_windows_get_widget (windows, "add"));
  sc_test_screenshot ("windows-settings.png");

  gtk_widget_activate_action (GTK_WIDGET (windows), "deny-windows.remove", "i", 0);
  sc_test_wait_for (n_windows_is, &none, DEADLINE);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Answers the confirmation with @response. */
static void
respond (const char *response)
{
  GtkWidget *dialog;

  sc_test_wait_for (message_dialog_shown, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  sc_test_screenshot (g_str_equal (response, "stop") ? "windows-stop-confirm.png"
                                                     : "windows-resume-confirm.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
stop_state_is (gpointer data)
{
  ScDenyWindows *windows = g_object_get_data (data, "windows");
  const char *title = g_object_get_data (data, "title");

  return !sc_deny_windows_get_busy (windows) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (sc_deny_windows_get_widget (windows, "stop-state"))),
                    title) == 0;
}

static void
wait_stop_state (ScDenyWindows *windows,
                 const char    *title)
{
  g_object_set_data (G_OBJECT (windows), "windows", windows);
  g_object_set_data (G_OBJECT (windows), "title", (gpointer) title);
  sc_test_wait_for (stop_state_is, windows, DEADLINE);
}

/* The emergency stop from Organization settings, after a confirmation:
 * every workflow's Promote button is disabled with the reason; resumed,
 * they are enabled again. */
static void
test_emergency_stop (Fixture       *f,
                     gconstpointer  data)
{
  ScOrgView *view;
  ScDenyWindows *windows = show_org (f, &view);
  ScWorkflowsView *workflows;
  GtkWidget *button;

  /* no reason: the server's sentence, nothing stopped */
  gtk_widget_activate_action (GTK_WIDGET (windows), "deny-windows.stop", NULL);
  respond ("stop");
  sc_test_wait_for (not_busy, windows, DEADLINE);
  g_assert_true (gtk_widget_get_visible (sc_deny_windows_get_widget (windows, "stop-error")));
  wait_stop_state (windows, "Promotions Run");

  gtk_editable_set_text (GTK_EDITABLE (sc_deny_windows_get_widget (windows, "stop-reason")),
                         "Incident 42");
  /* cancelled: nothing happens */
  gtk_widget_activate_action (GTK_WIDGET (windows), "deny-windows.stop", NULL);
  respond ("cancel");
  wait_stop_state (windows, "Promotions Run");

  gtk_widget_activate_action (GTK_WIDGET (windows), "deny-windows.stop", NULL);
  respond ("stop");
  wait_stop_state (windows, "Promotions Stopped");
  sc_assert_shows (f->window, "Stopped by admin@acme.test: “Incident 42”");
  gtk_widget_grab_focus (sc_deny_windows_get_widget (windows, "resume"));
  sc_test_screenshot ("windows-stopped.png");
  sc_test_destroy_toplevels ();

  workflows = show_workflows (f);
  for (guint i = 0; i < N_WORKFLOWS; i++)
    {
      button = promote_button (workflows, f->workflow_ids[i]);
      g_assert_false (gtk_widget_get_sensitive (button));
      assert_tooltip_has (button, "An emergency stop halts every promotion into Acme Staging");
      assert_tooltip_has (button, "Incident 42");
    }
  sc_test_screenshot ("windows-stopped-workflow.png");
  sc_test_destroy_toplevels ();

  windows = show_org (f, &view);
  gtk_widget_activate_action (GTK_WIDGET (windows), "deny-windows.resume", NULL);
  respond ("resume");
  wait_stop_state (windows, "Promotions Run");
  sc_test_destroy_toplevels ();

  workflows = show_workflows (f);
  button = promote_button (workflows, f->workflow_ids[1]);
  g_assert_true (gtk_widget_get_sensitive (button));
}

/* --- the path editor's soak time ------------------------------------------------------ */

static gboolean
editor_idle (gpointer data)
{
  return !sc_path_editor_get_busy (data);
}

/* A stage after the first has a soak time (hours and minutes, named for
 * assistive technologies); saved, the server holds it and says when the
 * release may move on. */
static void
test_soak (Fixture       *f,
           gconstpointer  data)
{
  ScPathEditor *editor = SC_PATH_EDITOR (sc_path_editor_new ());
  g_autofree char *path = g_strdup_printf ("/promotion-paths/%s", f->path_id);
  g_autoptr(ScTestResponse) stored = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  g_autoptr(ScPromotionPath) model = NULL;
  g_autoptr(ScTestResponse) saved = NULL;
  g_autoptr(ScTestResponse) preview = NULL;
  g_autoptr(ScTestResponse) workflow = NULL;
  GtkWidget *hours, *minutes;
  g_autofree char *body = NULL;

  present (f, GTK_WIDGET (editor));
  sc_session_set_org_id (f->session, f->dev_org);
  sc_path_editor_set_session (editor, f->session);
  model = sc_promotion_path_new_from_json (json_node_get_object (stored->body));
  sc_path_editor_set_path (editor, model);

  hours = sc_test_find_widget (GTK_WIDGET (editor), sc_test_is_type,
                               GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (hours);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (hours), ==, "Soak time, hours");
  minutes = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (hours));
  g_assert_true (GTK_IS_SPIN_BUTTON (minutes));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (hours), 24);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (minutes), 30);
  sc_test_screenshot ("windows-soak.png");
  gtk_widget_activate_action (GTK_WIDGET (editor), "path-editor.save", NULL);
  sc_test_wait_for (editor_idle, editor, DEADLINE);

  saved = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  g_assert_cmpint (sc_test_get_int (saved->body, "stages[1].soak_seconds"), ==, 24 * 3600 + 1800);
  g_assert_cmpint (sc_test_get_int (saved->body, "stages[0].soak_seconds"), ==, 0);

  /* the release was published at 12:00 UTC today (the server's clock) */
  {
    g_autofree char *wf_path = g_strdup_printf ("/workflows/%s", f->workflow_ids[0]);

    workflow = sc_test_request (f->server, "GET", wf_path, f->admin, NULL, NULL);
  }
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\"}",
                          sc_test_get_string (workflow->body, "latest_release.id"), f->path_id);
  preview = sc_test_request (f->server, "POST", "/promotions/preview", f->admin, body, NULL);
  g_assert_cmpstr (sc_test_get_string (preview->body, "refusals[0].rule"), ==, "soak");
  g_assert_nonnull (strstr (sc_test_get_string (preview->body, "refusals[0].reason"),
                            "after 12:30 UTC tomorrow"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  sc_test_ui_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/windows/reopening", test_reopening);
  ADD ("/ui/windows/settings", test_settings);
  ADD ("/ui/windows/emergency-stop", test_emergency_stop);
  ADD ("/ui/windows/soak", test_soak);

  return g_test_run ();
}
