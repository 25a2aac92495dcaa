/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-event-watcher.h"
#include "sc-json.h"
#include "sc-model.h"
#include "sc-promote-dialog.h"
#include "sc-scheduled-view.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"

/* Schedule… in the Promote dialog and the Scheduled section, driven as a
 * user would against the real stagecraft-server, checked through its HTTP
 * API. The world is sc_test_pipeline_init()'s: Development → Staging,
 * "Order sync" v1 at dev. With SC_SCREENSHOT_DIR set, it saves what the
 * screen shows. */

#define DEADLINE 30

typedef struct {
  ScTestServer   *server;
  ScTestPipeline  p;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = sc_test_server_start (FALSE, NULL);
  sc_test_pipeline_init (&f->p, f->server);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  sc_test_server_stop (f->server);
  sc_test_pipeline_clear (&f->p);
}

static JsonObject *
stages_item (ScSession  *session,
             const char *workflow_id)
{
  ScClient *client = sc_session_get_client (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  GAsyncResult *slot = NULL;

  sc_client_get_stages_async (client, workflow_id, NULL, sc_test_result_cb, &slot);
  result = sc_test_wait_result (&slot, DEADLINE);
  page = sc_client_get_stages_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 1);
  return json_object_ref (sc_client_page_get_item (page, 0));
}

static GtkWidget *
open_promote (Fixture   *f,
              ScSession *session)
{
  g_autoptr(JsonObject) workflow = sc_test_get_workflow (session, f->p.workflow_id);
  g_autoptr(JsonObject) item = stages_item (session, f->p.workflow_id);
  GtkWidget *dialog;

  g_autoptr(ScWorkflow) model = sc_workflow_new (workflow);
  g_autoptr(ScPathProgress) progress = sc_path_progress_new_from_json (item);

  dialog = sc_promote_dialog_new (session, model, progress);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static gboolean
button_ready (gpointer user_data)
{
  GtkWidget *dialog = user_data;
  GtkWidget *button = sc_test_find_widget (dialog, sc_test_is_button_for, "promote.confirm");

  return button != NULL && gtk_widget_is_sensitive (button);
}

typedef struct {
  ScScheduledView *view;
  guint            n_items;
  const char      *state;
} ViewWait;

static gboolean
view_shows (gpointer user_data)
{
  ViewWait *wait = user_data;

  return !sc_scheduled_view_get_busy (wait->view) &&
         g_strcmp0 (sc_scheduled_view_get_state (wait->view), wait->state) == 0 &&
         sc_scheduled_view_get_n_items (wait->view) == wait->n_items;
}

/* The admin schedules Order sync v1 into stage for tomorrow 09:30 through
 * the dialog; the Scheduled section lists it; its Cancel removes it. */
static void
test_schedule_and_cancel (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(ScSession) session = sc_test_session_new (f->server, f->p.admin, "admin@acme.test");
  g_auto(ScTestEmitted) scheduled = { NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) expected_local = NULL;
  g_autoptr(GDateTime) expected_utc = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *list_path = g_strdup_printf ("/schedules?org_id=%s", f->p.stage_org);
  g_autofree char *schedule_id = NULL;
  GtkWidget *dialog = open_promote (f, session);
  GtkWidget *toggle, *calendar, *hour, *minute, *button;
  GtkWidget *window;
  GtkWidget *view;
  ViewWait wait;

  g_signal_connect (dialog, "scheduled", G_CALLBACK (sc_test_emitted_cb), &scheduled);
  sc_test_wait_for (button_ready, dialog, DEADLINE);
  button = sc_test_find_widget (dialog, sc_test_is_button_for, "promote.confirm");
  sc_assert_shows (button, "Promote");

  /* Schedule… on: the picker shows and the button says so */
  sc_assert_shows (dialog, "Schedule…");
  toggle = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_nonnull (toggle);
  g_assert_true (gtk_widget_get_focusable (toggle));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  sc_assert_shows (button, "Schedule");
  g_assert_true (gtk_widget_is_sensitive (button));

  calendar = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_CALENDAR));
  /* the first spin button is the hour's */
  hour = sc_test_find_widget (dialog, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (calendar);
  g_assert_nonnull (hour);
  g_assert_true (gtk_widget_get_mapped (calendar));
  minute = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (hour));
  g_assert_true (GTK_IS_SPIN_BUTTON (minute));
  gtk_calendar_select_day (GTK_CALENDAR (calendar), tomorrow);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (hour), 9);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (minute), 30);
  sc_assert_shows (dialog, "Every rule is checked again then.");
  sc_test_screenshot ("schedule-dialog.png");

  g_assert_true (gtk_widget_activate_action (dialog, "promote.confirm", NULL));
  sc_test_wait_for (sc_test_was_emitted, &scheduled, DEADLINE);
  g_assert_cmpuint (scheduled.count, ==, 1);

  /* the server holds it, for the time picked in the local time zone */
  expected_local = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                          g_date_time_get_month (tomorrow),
                                          g_date_time_get_day_of_month (tomorrow), 9, 30, 0);
  expected_utc = g_date_time_to_utc (expected_local);
  expected = sc_time_format (expected_utc);
  r = sc_test_request (f->server, "GET", list_path, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].run_at"), ==, expected);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].state"), ==, "pending");
  schedule_id = g_strdup (sc_test_get_string (r->body, "items[0].id"));
  g_clear_pointer (&r, sc_test_response_free);

  /* the Scheduled section of Development lists it */
  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 520);
  view = sc_scheduled_view_new ();
  adw_window_set_content (ADW_WINDOW (window), view);
  sc_scheduled_view_set_session (SC_SCHEDULED_VIEW (view), session);
  gtk_window_present (GTK_WINDOW (window));
  wait = (ViewWait) { SC_SCHEDULED_VIEW (view), 1, "list" };
  sc_test_wait_for (view_shows, &wait, DEADLINE);
  g_assert_cmpstr (sc_schedule_get_id (sc_scheduled_view_get_item (SC_SCHEDULED_VIEW (view), 0)),
                   ==, schedule_id);
  sc_assert_shows (view, "Order sync v1 → stage (Acme Staging)");
  sc_assert_shows (view, "scheduled by admin@acme.test");
  sc_test_screenshot ("scheduled-list.png");

  /* Cancel: keyboard reachable, named, and it removes the schedule */
  button = sc_scheduled_view_get_cancel_button (SC_SCHEDULED_VIEW (view), 0);
  g_assert_true (gtk_widget_get_focusable (button));
  g_assert_true (gtk_widget_activate (button));
  wait = (ViewWait) { SC_SCHEDULED_VIEW (view), 0, "empty" };
  sc_test_wait_for (view_shows, &wait, DEADLINE);
  g_assert_null (sc_scheduled_view_get_problem (SC_SCHEDULED_VIEW (view)));
  sc_assert_shows (view, "Nothing Scheduled");

  r = sc_test_request (f->server, "GET", list_path, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 0);
  g_clear_pointer (&r, sc_test_response_free);
  g_free (list_path);
  list_path = g_strdup_printf ("/schedules/%s", schedule_id);
  r = sc_test_request (f->server, "GET", list_path, f->p.admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "cancelled");
}

/* The requester's notification when the server refused a schedule at its
 * time says which rule; a success is told by promotion_completed alone. */
static void
test_notification (void)
{
  static const char failed[] =
    "{\"id\": \"evt_x\", \"kind\": \"schedule_completed\", \"data\": {\"outcome\": \"failed\","
    " \"rule\": \"frozen\", \"workflow_name\": \"Order sync\", \"release\": {\"version\": 2},"
    " \"target\": {\"tag\": \"stage\", \"org_name\": \"Acme Staging\"}}}";
  g_autoptr(JsonNode) node = json_from_string (failed, NULL);
  JsonObject *event = json_node_get_object (node);
  JsonObject *data = json_object_get_object_member (event, "data");
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  g_assert_true (sc_event_describe (event, &title, &body));
  g_assert_cmpstr (title, ==, "Scheduled promotion failed");
  g_assert_cmpstr (body, ==, "Order sync v2 was not promoted to stage (Acme Staging): "
                   "Promotions into the target organization were frozen.");
  g_clear_pointer (&title, g_free);
  g_clear_pointer (&body, g_free);

  json_object_set_string_member (data, "outcome", "succeeded");
  g_assert_false (sc_event_describe (event, &title, &body));
}

int
main (int    argc,
      char **argv)
{
  sc_test_ui_init (&argc, &argv);
  g_test_add ("/ui/schedule/schedule-and-cancel", Fixture, NULL, fixture_set_up,
              test_schedule_and_cancel, fixture_tear_down);
  g_test_add_func ("/ui/schedule/notification", test_notification);
  return g_test_run ();
}
