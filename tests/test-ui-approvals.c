/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-accounts.h"
#include "sc-approval-review.h"
#include "sc-approvals-view.h"
#include "sc-json.h"
#include "sc-request-actions.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"

/* The Approvals section of the real window against the real
 * stagecraft-server with the demo data: Acme Staging → Acme Production needs
 * one approval (reviewer roles admin and reviewer), and admin@acme.test has
 * asked to promote a release of a Staging workflow into Production; the
 * request is pending. reviewer@acme.test reviews Staging and Production;
 * dev@acme.test is a developer of Development only.
 *
 * Covered: the reviewer's pending request with its facts (in the row and
 * the review panel) and the sidebar's badge; approving with a comment (the
 * request moves to History, the server holds the decision, the badge goes);
 * rejecting after the confirmation; the requester, who may not decide (the
 * server's reason, insensitive buttons) and cancels; the empty state; a
 * refused decision that shows the server's message and keeps the comment;
 * the error state with Retry; following the session's org; folding.
 *
 * The inbox: with approvals on into Acme Staging too, Pending lists what
 * the reviewer may decide in both orgs, grouped by org, counted in the
 * badge; a decision on three selected requests, one of which was
 * cancelled meanwhile, reports two approved and one refused with the
 * server's reason, and the other two are approved with the one comment. */

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"
#define DEV "dev@acme.test"
#define REVIEWER "reviewer@acme.test"

static AdwApplication *app;

typedef struct {
  ScTestServer    *server;
  ScAccounts      *accounts;
  ScWindow        *window;
  ScApprovalsView *view;
  ScSession       *session;
  ScTestServer    *other;        /* a second server: a second account */
  guint            n_wanted;     /* inbox_has() */
  char            *request_id;   /* the demo's pending request */
  char            *prod_org;
  char            *dev_org;
} Fixture;

/* --- the server's side -------------------------------------------------------- */

static ScTestResponse *
server_call_on (ScTestServer *server,
                const char   *method,
                const char   *email,
                const char   *path,
                const char   *body)
{
  return sc_test_request (server, method, path, sc_test_server_demo_token (server, email), body, NULL);
}

static ScTestResponse *
server_call (Fixture    *f,
             const char *method,
             const char *email,
             const char *path,
             const char *body)
{
  return server_call_on (f->server, method, email, path, body);
}

static char *
request_path (Fixture    *f,
              const char *suffix)
{
  return g_strconcat ("/approval-requests/", f->request_id, suffix, NULL);
}

/* --- the window ------------------------------------------------------------------ */

static gboolean
is_section_row (GtkWidget     *widget,
                gconstpointer  name)
{
  return GTK_IS_LIST_BOX_ROW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static gboolean
is_badge (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "count-badge");
}

/* The badge's text, or NULL when it is hidden. */
static const char *
badge_text (Fixture *f)
{
  GtkWidget *row = sc_test_find_widget (GTK_WIDGET (f->window), is_section_row, "approvals");
  GtkWidget *badge = row != NULL ? sc_test_find_widget (row, is_badge, NULL) : NULL;

  g_assert_nonnull (badge);
  return gtk_widget_get_visible (badge) ? gtk_label_get_text (GTK_LABEL (badge)) : NULL;
}

/* The title of the toast the window shows, or NULL. */
static const char *
toast_title (Fixture *f)
{
  return sc_test_toast_title (GTK_WIDGET (f->window));
}

/* Waits until @read (badge_text, toast_title) says @text (NULL: nothing
 * shown). */
typedef struct {
  Fixture      *f;
  const char *(*read) (Fixture *f);
  const char   *text;
} TextWait;

static gboolean
text_is (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (wait->read (wait->f), wait->text) == 0;
}

static void
wait_for_text (Fixture      *f,
               const char *(*read) (Fixture *f),
               const char   *text)
{
  TextWait wait = { f, read, text };

  sc_test_wait_for (text_is, &wait, DEADLINE);
}

static void
wait_for_toast (Fixture    *f,
                const char *title)
{
  wait_for_text (f, toast_title, title);
}

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;

  return !sc_section_view_get_loading (SC_SECTION_VIEW (f->view)) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), "loading") != 0;
}

static gboolean
review_settled (gpointer data)
{
  Fixture *f = data;
  ScApprovalReview *review = sc_approvals_view_get_review (f->view);

  return !sc_approval_review_get_busy (review) &&
         g_strcmp0 (sc_approval_review_get_state (review), "request") == 0;
}

/* @text NULL: the badge hidden */
static void
wait_for_badge (Fixture    *f,
                const char *text)
{
  wait_for_text (f, badge_text, text);
}

/* Selects the demo's request; its review, loaded. */
static ScApprovalReview *
select_request (Fixture *f)
{
  g_assert_true (sc_approvals_view_select (f->view, f->request_id));
  sc_test_wait_for (review_settled, f, DEADLINE);
  return sc_approvals_view_get_review (f->view);
}

static void open_window_sized (Fixture    *f,
                               const char *url,
                               const char *email,
                               const char *org_id,
                               int         width,
                               int         height);

/* Opens the window as @email (in @org_id, nullable: the default org) on the
 * Approvals section, with the list loaded. */
static void
open_window (Fixture    *f,
             const char *url,
             const char *email,
             const char *org_id,
             int         width)
{
  open_window_sized (f, url, email, org_id, width, 800);
}

static void
open_window_sized (Fixture    *f,
                   const char *url,
                   const char *email,
                   const char *org_id,
                   int         width,
                   int         height)
{
  GtkWidget *row;

  f->session = sc_test_session_new_at (f->server, url, sc_test_server_demo_token (f->server, email),
                                       email);
  if (org_id != NULL)
    sc_session_set_org_id (f->session, org_id);

  f->window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  sc_window_set_session (f->window, f->session);

  row = sc_test_find_widget (GTK_WIDGET (f->window), is_section_row, "approvals");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");

  f->view = SC_APPROVALS_VIEW (sc_window_get_view (f->window, "approvals"));
  g_assert_nonnull (f->view);
  sc_test_wait_for (view_settled, f, DEADLINE);
}

static gboolean
dialog_shown (gpointer data)
{
  return sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Activates @action on the review and answers its confirmation with
 * @response. */
static void
confirm_action (Fixture    *f,
                const char *action,
                const char *response)
{
  ScApprovalReview *review = sc_approvals_view_get_review (f->view);
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), action, NULL));
  sc_test_wait_for (dialog_shown, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* nothing is sent before the answer */
  g_assert_false (sc_approval_review_get_busy (review));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
}

typedef struct {
  ScApprovalReview *review;
  const char       *state;
} StateWait;

static gboolean
request_state_is (gpointer data)
{
  StateWait *wait = data;
  ScApprovalRequest *request = sc_approval_review_get_request (wait->review);

  return !sc_approval_review_get_busy (wait->review) && request != NULL &&
         g_strcmp0 (sc_approval_state_to_string (sc_approval_request_get_state (request)),
                    wait->state) == 0;
}

static void
wait_for_request_state (Fixture    *f,
                        const char *state)
{
  StateWait wait = { sc_approvals_view_get_review (f->view), state };

  sc_test_wait_for (request_state_is, &wait, DEADLINE);
}

static gboolean
action_error_shown (gpointer data)
{
  return sc_approval_review_get_action_error (data) != NULL;
}

/* --- fixture ---------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;

  f->server = sc_test_server_start (TRUE, NULL);
  f->accounts = sc_accounts_new ();
  r = server_call (f, "GET", REVIEWER, "/approval-requests?state=pending", NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  f->request_id = g_strdup (sc_test_get_string (r->body, "items[0].id"));
  f->prod_org = sc_test_server_demo_org_id (f->server, "Acme Production");
  f->dev_org = sc_test_server_demo_org_id (f->server, "Acme Development");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  /* the accounts signed in to are forgotten (settings in memory) */
  if (f->other != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      g_settings_reset (settings, "accounts");
      g_settings_reset (settings, "current-account");
      sc_test_server_stop (f->other);
    }
  g_clear_object (&f->session);
  g_clear_object (&f->accounts);
  g_free (f->request_id);
  g_free (f->prod_org);
  g_free (f->dev_org);
  sc_test_server_stop (f->server);
}

/* --- tests -------------------------------------------------------------------------- */

static void
test_pending (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = request_path (f, NULL);
  ScApprovalReview *review;
  g_autofree char *route = NULL;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  r = server_call (f, "GET", REVIEWER, path, NULL);
  sc_assert_status (r, 200);

  g_assert_cmpstr (sc_approvals_view_get_filter (f->view), ==, "pending");
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  g_assert_cmpuint (sc_approvals_view_get_n_requests (f->view), ==, 1);
  wait_for_badge (f, "1");

  /* the row: workflow, release, source → target, requester */
  route = g_strdup_printf ("v%d · stage → prod", (int) sc_test_get_int (r->body, "release.version"));
  sc_assert_shows (sc_approvals_view_get_row (f->view, 0), sc_test_get_string (r->body, "workflow.name"));
  sc_assert_shows (sc_approvals_view_get_row (f->view, 0), route);
  sc_assert_shows (sc_approvals_view_get_row (f->view, 0), "Acme Staging → Acme Production");
  sc_assert_shows (sc_approvals_view_get_row (f->view, 0), "Ada Admin");

  /* the review panel */
  review = sc_approvals_view_get_review (f->view);
  g_assert_cmpstr (sc_approval_review_get_state (review), ==, "none");
  g_assert_true (select_request (f) == review);
  sc_assert_shows (review, sc_test_get_string (r->body, "workflow.name"));
  sc_assert_shows (review, "Production Pipeline");
  sc_assert_shows (review, "Acme Staging · stage");
  sc_assert_shows (review, "Acme Production · prod");
  sc_assert_shows (review, "Ada Admin (admin@acme.test)");
  sc_assert_shows (review, "0 of 1 approval");
  sc_assert_shows (review, "No decisions yet");
  if (sc_test_get_string (r->body, "message") != NULL && sc_test_get_string (r->body, "message")[0] != '\0')
    sc_assert_shows (review, sc_test_get_string (r->body, "message"));
  else
    sc_assert_shows (review, "No message");

  g_assert_true (gtk_widget_is_sensitive (sc_approval_review_get_button (review, "approve")));
  g_assert_true (gtk_widget_is_sensitive (sc_approval_review_get_button (review, "reject")));
  g_assert_false (gtk_widget_get_visible (sc_approval_review_get_button (review, "cancel")));
  g_assert_null (sc_approval_review_get_reason (review));
}

static void
test_approve (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = request_path (f, NULL);
  ScApprovalReview *review;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  wait_for_badge (f, "1");
  review = select_request (f);

  gtk_editable_set_text (sc_approval_review_get_comment (review), "Ship it");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.approve", NULL));
  wait_for_request_state (f, "approved");
  g_assert_null (sc_approval_review_get_action_error (review));
  wait_for_toast (f, "Request approved");
  sc_assert_shows (review, "Rita Reviewer approved");
  sc_assert_shows (review, "Ship it");
  /* decided: nothing more to decide here */
  g_assert_false (gtk_widget_is_drawable (sc_approval_review_get_button (review, "approve")));

  /* the server holds it */
  r = server_call (f, "GET", REVIEWER, path, NULL);
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "approved");
  g_assert_cmpuint (sc_test_get_length (r->body, "decisions"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].decision"), ==, "approve");
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].comment"), ==, "Ship it");
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].reviewer.email"), ==, REVIEWER);

  /* Pending is empty now, the badge gone; History has it */
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "empty");
  g_assert_cmpstr (sc_approvals_view_get_empty_title (f->view), ==, "No Pending Requests");
  wait_for_badge (f, NULL);
  g_assert_cmpuint (sc_approvals_view_get_pending_count (f->view), ==, 0);

  sc_approvals_view_set_filter (f->view, "history");
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  g_assert_cmpuint (sc_approvals_view_get_n_requests (f->view), ==, 1);
  g_assert_cmpstr (sc_approval_request_get_id (sc_approvals_view_get_request (f->view, 0)), ==, f->request_id);
  sc_assert_shows (sc_approvals_view_get_row (f->view, 0), "Approved");
}

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = request_path (f, NULL);
  ScApprovalReview *review;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  review = select_request (f);
  gtk_editable_set_text (sc_approval_review_get_comment (review), "Not this week");

  /* keeping it changes nothing */
  confirm_action (f, "review.reject", "keep");
  r = server_call (f, "GET", REVIEWER, path, NULL);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "pending");
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpstr (gtk_editable_get_text (sc_approval_review_get_comment (review)), ==, "Not this week");

  confirm_action (f, "review.reject", "reject");
  wait_for_request_state (f, "rejected");
  wait_for_toast (f, "Request rejected");
  sc_assert_shows (review, "Rita Reviewer rejected");

  r = server_call (f, "GET", REVIEWER, path, NULL);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "rejected");
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].decision"), ==, "reject");
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].comment"), ==, "Not this week");
  wait_for_badge (f, NULL);
}

static void
test_requester (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = request_path (f, NULL);
  ScApprovalReview *review;

  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  /* nothing to review: the only request is the admin's own */
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "empty");
  wait_for_badge (f, NULL);

  sc_approvals_view_set_filter (f->view, "mine");
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpuint (sc_approvals_view_get_n_requests (f->view), ==, 1);
  review = select_request (f);

  /* may not decide: the server's reason, the buttons insensitive */
  r = server_call (f, "GET", ADMIN, path, NULL);
  g_assert_false (sc_test_get_bool (r->body, "can_decide"));
  g_assert_nonnull (sc_test_get_string (r->body, "cannot_decide_reason"));
  g_assert_cmpstr (sc_approval_review_get_reason (review), ==, sc_test_get_string (r->body, "cannot_decide_reason"));
  g_assert_true (gtk_widget_get_mapped (sc_approval_review_get_button (review, "approve")));
  g_assert_false (gtk_widget_is_sensitive (sc_approval_review_get_button (review, "approve")));
  g_assert_false (gtk_widget_is_sensitive (sc_approval_review_get_button (review, "reject")));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (review), "review.approve", NULL) &&
                  sc_approval_review_get_busy (review));

  /* but may cancel */
  g_assert_true (gtk_widget_get_mapped (sc_approval_review_get_button (review, "cancel")));
  g_assert_true (gtk_widget_is_sensitive (sc_approval_review_get_button (review, "cancel")));
  confirm_action (f, "review.cancel-request", "cancel-request");
  wait_for_request_state (f, "cancelled");
  wait_for_toast (f, "Request cancelled");
  g_clear_pointer (&r, sc_test_response_free);
  r = server_call (f, "GET", ADMIN, path, NULL);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "cancelled");

  /* still listed among the admin's, now cancelled */
  sc_test_wait_for (view_settled, f, DEADLINE);
  sc_assert_shows (sc_approvals_view_get_row (f->view, 0), "Cancelled");
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  open_window (f, NULL, DEV, NULL, 1280);

  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "empty");
  g_assert_cmpstr (sc_approvals_view_get_empty_title (f->view), ==, "No Pending Requests");
  g_assert_cmpuint (sc_approvals_view_get_pending_count (f->view), ==, 0);
  g_assert_null (badge_text (f));
  g_assert_cmpstr (sc_approval_review_get_state (sc_approvals_view_get_review (f->view)), ==, "none");
}

/* Someone else ended the request meanwhile: the decision is refused, the
 * server's message shows under the buttons and the comment stays. */
static void
test_refused_keeps_comment (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(ScTestResponse) cancel = NULL;
  g_autoptr(ScTestResponse) again = NULL;
  g_autofree char *cancel_path = request_path (f, "/cancel");
  g_autofree char *decide_path = request_path (f, "/decisions");
  ScApprovalReview *review;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  review = select_request (f);
  gtk_editable_set_text (sc_approval_review_get_comment (review), "Looks fine to me");

  cancel = server_call (f, "POST", ADMIN, cancel_path, "{}");
  g_assert_cmpuint (cancel->status / 100, ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.approve", NULL));
  sc_test_wait_for (action_error_shown, review, DEADLINE);
  g_assert_false (sc_approval_review_get_busy (review));
  g_assert_cmpstr (gtk_editable_get_text (sc_approval_review_get_comment (review)), ==, "Looks fine to me");

  /* the very sentence the server answers */
  again = server_call (f, "POST", REVIEWER, decide_path, "{\"decision\": \"approve\", \"comment\": \"x\"}");
  g_assert_cmpuint (again->status, >=, 400);
  g_assert_cmpstr (sc_approval_review_get_action_error (review), ==,
                   sc_test_get_string (again->body, "error.message"));
  sc_assert_shows (review, sc_test_get_string (again->body, "error.message"));
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  /* nothing listens on port 1 */
  open_window (f, "http://127.0.0.1:1", REVIEWER, f->prod_org, 1280);

  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "error");
  g_assert_nonnull (sc_section_view_get_error_message (SC_SECTION_VIEW (f->view)));
  gtk_widget_activate_action (GTK_WIDGET (f->view), "approvals.reload", NULL);
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "error");
}

typedef struct {
  Fixture *f;
  guint    count;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return sc_approvals_view_get_pending_count (wait->f->view) == wait->count;
}

/* The list and the badge follow the session's org. */
static void
test_org_change (Fixture       *f,
                 gconstpointer  data)
{
  CountWait wait = { f, 0 };

  open_window (f, NULL, ADMIN, f->dev_org, 1280);
  sc_approvals_view_set_filter (f->view, "mine");
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "empty");

  sc_session_set_org_id (f->session, f->prod_org);
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  g_assert_cmpuint (sc_approvals_view_get_n_requests (f->view), ==, 1);
  sc_test_wait_for (count_is, &wait, DEADLINE);
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  AdwLeaflet *leaflet;
  ScApprovalReview *review;
  int minimum = 0;

  open_window (f, NULL, REVIEWER, f->prod_org, 360);
  review = sc_approvals_view_get_review (f->view);
  leaflet = ADW_LEAFLET (gtk_widget_get_ancestor (GTK_WIDGET (review), ADW_TYPE_LEAFLET));
  /* the list may come before the window has its size */
  sc_test_wait_for (leaflet_folded, leaflet, DEADLINE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (review)));

  g_assert_true (select_request (f) == review);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (review), adw_leaflet_get_visible_child (leaflet)));

  /* the decisions so far are seen without scrolling (not under the bar
   * with Approve and Reject), at 360×720 too */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  {
    GtkWidget *title = sc_test_find_widget (GTK_WIDGET (review), sc_test_is_label, "Decisions");

    g_assert_nonnull (title);
    sc_test_wait_for (sc_test_is_in_sight, gtk_widget_get_ancestor (title, ADW_TYPE_PREFERENCES_GROUP), DEADLINE);
  }

  /* nothing in it (the buttons of the requester included) makes the window
   * wider than 360 px */
  gtk_widget_set_visible (sc_approval_review_get_button (review, "cancel"), TRUE);
  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "approvals.back", NULL));
  g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (review), adw_leaflet_get_visible_child (leaflet)));
}

/* --- the reviewer's desk (issue 9) ------------------------------------------------ */

static gboolean
preview_shown (gpointer data)
{
  return sc_approval_review_get_preview_shown (data);
}

static gboolean
comment_error_shown (gpointer data)
{
  ScApprovalReview *review = data;

  return !sc_approval_review_get_busy (review) &&
         sc_approval_review_get_comment_error (review) != NULL;
}

/* Makes, in Production, a workflow with the request's trigger and its
 * steps but the first one changed: the promotion would now update it, and
 * the target changed since the request was made. Returns the changed
 * step's key (its id, else its name). */
static char *
change_target (Fixture *f)
{
  g_autofree char *path = request_path (f, NULL);
  g_autoptr(ScTestResponse) request = server_call (f, "GET", ADMIN, path, NULL);
  g_autofree char *workflow_path = NULL;
  g_autofree char *create_path = g_strconcat ("/orgs/", f->prod_org, "/workflows", NULL);
  g_autoptr(ScTestResponse) source = NULL;
  g_autoptr(ScTestResponse) made = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  JsonArray *steps;
  JsonObject *first;

  workflow_path = g_strconcat ("/workflows/", sc_test_get_string (request->body, "workflow.id"), NULL);
  source = server_call (f, "GET", ADMIN, workflow_path, NULL);
  sc_assert_status (source, 200);
  steps = json_object_get_array_member (json_node_get_object (source->body), "steps");
  g_assert_cmpuint (json_array_get_length (steps), >, 0);
  first = json_array_get_object_element (steps, 0);
  json_object_set_int_member (first, "timeout_seconds", 999);

  json_object_set_string_member (body, "name", "Hand-made in Production");
  json_object_set_array_member (body, "steps", json_array_ref (steps));
  json_object_set_object_member (body, "trigger",
                                 json_object_ref (json_object_get_object_member (json_node_get_object (source->body),
                                                                                 "trigger")));
  json_node_set_object (node, body);
  text = json_to_string (node, FALSE);
  made = server_call (f, "POST", ADMIN, create_path, text);
  sc_assert_status (made, 201);

  return g_strdup (json_object_has_member (first, "id") ? json_object_get_string_member (first, "id")
                                                         : json_object_get_string_member (first, "name"));
}

/* The review panel shows what the request would change now (the diff names
 * the changed step) and warns that the target changed since. */
static void
test_review_diff (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *step = change_target (f);
  ScApprovalReview *review;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  review = select_request (f);
  sc_test_wait_for (preview_shown, review, DEADLINE);
  sc_assert_shows (review, "Step changed");
  sc_assert_shows (review, step);
  g_assert_true (sc_approval_review_get_target_changed_shown (review));
  sc_assert_shows (review, "The target changed since this request was made");
  sc_test_screenshot ("review-diff-1280x800.png");

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  sc_test_settle (300);
  sc_test_screenshot ("review-diff-360x720.png");
}

/* Without a change of the target there is no warning. */
static void
test_review_unchanged (Fixture       *f,
                       gconstpointer  data)
{
  ScApprovalReview *review;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  review = select_request (f);
  sc_test_wait_for (preview_shown, review, DEADLINE);
  g_assert_false (sc_approval_review_get_target_changed_shown (review));
  sc_assert_shows (review, "Everything in the release is new there.");
}

/* The policy's instructions are shown; its comment switch refuses a blank
 * reject at the comment field, which keeps what was typed. */
static void
test_review_comment_required (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *org_path = g_strconcat ("/orgs/", f->prod_org, NULL);
  g_autoptr(ScTestResponse) org = server_call (f, "GET", ADMIN, org_path, NULL);
  g_autoptr(ScTestResponse) patched = NULL;
  g_autoptr(ScTestResponse) after = NULL;
  g_autofree char *path = request_path (f, NULL);
  ScApprovalReview *review;

  patched = sc_test_request (f->server, "PATCH", org_path, sc_test_server_demo_token (f->server, ADMIN),
                             "{\"approval_policy\": {\"comment_required_to_reject\": true,"
                             " \"instructions\": \"Check the on-call rota before approving.\"}}",
                             "If-Match", sc_test_get_string (org->body, "etag"), NULL);
  sc_assert_status (patched, 200);

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  review = select_request (f);
  sc_assert_shows (review, "Check the on-call rota before approving.");
  sc_assert_shows (review, "Comment (required to reject)");

  gtk_editable_set_text (sc_approval_review_get_comment (review), "   ");
  confirm_action (f, "review.reject", "reject");
  sc_test_wait_for (comment_error_shown, review, DEADLINE);
  g_assert_cmpstr (sc_approval_review_get_comment_error (review), ==,
                   "A comment is required to reject: say what must change.");
  g_assert_null (sc_approval_review_get_action_error (review));
  g_assert_cmpstr (gtk_editable_get_text (sc_approval_review_get_comment (review)), ==, "   ");

  /* nothing was decided */
  after = server_call (f, "GET", REVIEWER, path, NULL);
  g_assert_cmpstr (sc_test_get_string (after->body, "state"), ==, "pending");
}

/* --- the inbox ---------------------------------------------------------------- */

/* Approvals on into Acme Staging too (reviewer roles admin and reviewer);
 * the admin asks to promote the newest releases of Development workflows
 * to "stage" until @n requests are open. Returns their ids. */
static GPtrArray *
open_staging_requests_on (ScTestServer *server,
                          guint         n)
{
  g_autofree char *staging = sc_test_server_demo_org_id (server, "Acme Staging");
  g_autofree char *dev_org = sc_test_server_demo_org_id (server, "Acme Development");
  g_autofree char *org_path = g_strconcat ("/orgs/", staging, NULL);
  g_autofree char *workflows_path = g_strconcat ("/orgs/", dev_org, "/workflows", NULL);
  g_autoptr(ScTestResponse) org = server_call_on (server, "GET", ADMIN, org_path, NULL);
  g_autoptr(ScTestResponse) patched = NULL;
  g_autoptr(ScTestResponse) workflows = NULL;
  g_autoptr(ScTestResponse) request = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  const char *path_id;

  sc_assert_status (org, 200);
  patched = sc_test_request (server, "PATCH", org_path, sc_test_server_demo_token (server, ADMIN),
                             "{\"approval_policy\": {\"enabled\": true, \"reviewer_roles\": [\"admin\", \"reviewer\"]}}",
                             "If-Match", sc_test_get_string (org->body, "etag"), NULL);
  sc_assert_status (patched, 200);

  request = server_call_on (server, "GET", REVIEWER, "/approval-requests?state=pending", NULL);
  path_id = sc_test_get_string (request->body, "items[0].path.id");
  workflows = server_call_on (server, "GET", ADMIN, workflows_path, NULL);
  sc_assert_status (workflows, 200);
  for (guint i = 0; i < sc_test_get_length (workflows->body, "items") && ids->len < n; i++)
    {
      g_autofree char *member = g_strdup_printf ("items[%u].latest_release.id", i);
      g_autofree char *body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                               "\"target_stage\": \"stage\"}",
                                               sc_test_get_string (workflows->body, member), path_id);
      g_autoptr(ScTestResponse) created = server_call_on (server, "POST", ADMIN, "/approval-requests", body);

      /* some are in Staging already */
      if (created->status == 201)
        g_ptr_array_add (ids, g_strdup (sc_test_get_string (created->body, "id")));
    }
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

static GPtrArray *
open_staging_requests (Fixture *f,
                       guint    n)
{
  return open_staging_requests_on (f->server, n);
}

static gboolean
is_select_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Select Requests") == 0;
}

static void
test_inbox (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) staging = open_staging_requests (f, 2);
  guint n_staging = 0, n_production = 0;
  const char *previous = NULL;
  guint groups = 0;

  /* the reviewer's current org is Production: the inbox is wider */
  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  g_assert_cmpstr (sc_approvals_view_get_filter (f->view), ==, "pending");
  g_assert_cmpuint (sc_approvals_view_get_n_requests (f->view), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      ScApprovalRequest *request = sc_approvals_view_get_request (f->view, i);
      const char *org = sc_approval_request_get_target (request)->org_name;

      n_staging += g_strcmp0 (org, "Acme Staging") == 0;
      n_production += g_strcmp0 (org, "Acme Production") == 0;
      /* grouped: each org's requests together, under its name */
      if (g_strcmp0 (org, previous) != 0)
        {
          groups++;
          g_assert_nonnull (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (sc_approvals_view_get_row (f->view, i))));
        }
      else
        g_assert_null (gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (sc_approvals_view_get_row (f->view, i))));
      previous = org;
    }
  g_assert_cmpuint (n_staging, ==, 2);
  g_assert_cmpuint (n_production, ==, 1);
  g_assert_cmpuint (groups, ==, 2);
  sc_assert_shows (f->view, "Acme Staging");
  sc_assert_shows (f->view, "Acme Production");
  sc_assert_shows (f->view, "All organizations");
  wait_for_badge (f, "3");

  /* the org filter: one account, the orgs by name */
  {
    GtkDropDown *filter = sc_approvals_view_get_org_filter (f->view);
    GListModel *names = gtk_drop_down_get_model (filter);

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (filter)));
    g_assert_cmpuint (g_list_model_get_n_items (names), ==, 3);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "All organizations");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, "Acme Production");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 2), ==, "Acme Staging");
    gtk_drop_down_set_selected (filter, 2);
    g_assert_cmpuint (sc_approvals_view_get_n_shown (f->view), ==, 2);
    /* a reload keeps the choice */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "approvals.reload", NULL));
    sc_test_wait_for (view_settled, f, DEADLINE);
    g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, 2);
    g_assert_cmpuint (sc_approvals_view_get_n_shown (f->view), ==, 2);
    gtk_drop_down_set_selected (filter, 0);
    g_assert_cmpuint (sc_approvals_view_get_n_shown (f->view), ==, 3);
  }

  /* selection mode: a tick per row, with its name */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (sc_test_find_widget (GTK_WIDGET (f->view), is_select_button, NULL)),
                                TRUE);
  g_signal_emit_by_name (gtk_widget_get_parent (sc_approvals_view_get_row (f->view, 0)), "row-activated",
                         sc_approvals_view_get_row (f->view, 0));
  sc_test_screenshot ("inbox-1280x800.png");
}

static void
test_inbox_narrow (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) staging = open_staging_requests (f, 2);
  int minimum = 0;

  open_window_sized (f, NULL, REVIEWER, f->prod_org, 360, 720);
  g_assert_cmpuint (sc_approvals_view_get_n_requests (f->view), ==, 3);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (sc_test_find_widget (GTK_WIDGET (f->view), is_select_button, NULL)),
                                TRUE);
  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  sc_test_screenshot ("inbox-360x720.png");
}

static gboolean
bulk_done (gpointer data)
{
  Fixture *f = data;

  return !sc_approvals_view_get_bulk_busy (f->view) && sc_approvals_view_get_n_bulk_results (f->view) > 0 &&
         dialog_shown (NULL);
}

/* Three ticked, one cancelled by its requester meanwhile: two approved,
 * one refused with the server's reason; the others carry the comment. */
static void
test_bulk (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) staging = open_staging_requests (f, 2);
  g_autofree char *cancel_path = g_strconcat ("/approval-requests/", (char *) staging->pdata[0], "/cancel", NULL);
  g_autofree char *decide_path = g_strconcat ("/approval-requests/", (char *) staging->pdata[0], "/decisions", NULL);
  g_autoptr(ScTestResponse) cancelled = NULL;
  g_autoptr(ScTestResponse) again = NULL;
  GtkWidget *select_button;
  GtkWidget *dialog;
  guint n_ok = 0;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  g_assert_cmpuint (sc_approvals_view_get_n_requests (f->view), ==, 3);

  /* nothing to decide before a tick */
  select_button = sc_test_find_widget (GTK_WIDGET (f->view), is_select_button, NULL);
  g_assert_nonnull (select_button);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (select_button), TRUE);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->view), "approvals.approve-selected", NULL) &&
                  sc_approvals_view_get_bulk_busy (f->view));
  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *row = sc_approvals_view_get_row (f->view, i);
      GtkWidget *check = sc_test_find_widget (row, sc_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));

      g_assert_true (gtk_widget_get_visible (check));
      /* the row's activation (Enter, a click) ticks it */
      g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
      g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    }

  cancelled = server_call (f, "POST", ADMIN, cancel_path, "{}");
  sc_assert_status (cancelled, 200);

  gtk_editable_set_text (GTK_EDITABLE (sc_test_find_widget (GTK_WIDGET (f->view), sc_test_is_type,
                                                            GSIZE_TO_POINTER (GTK_TYPE_ENTRY))),
                         "Ship it");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "approvals.approve-selected", NULL));
  sc_test_wait_for (bulk_done, f, DEADLINE);

  g_assert_cmpuint (sc_approvals_view_get_n_bulk_results (f->view), ==, 3);
  again = server_call (f, "POST", REVIEWER, decide_path, "{\"decision\": \"approve\"}");
  g_assert_cmpuint (again->status, ==, 409);
  for (guint i = 0; i < 3; i++)
    {
      const char *message = NULL;
      ScDecisionResult *result = sc_approvals_view_get_bulk_result (f->view, i, NULL, &message);
      const char *id = sc_decision_result_get_request_id (result);
      g_autofree char *path = g_strconcat ("/approval-requests/", id, NULL);
      g_autoptr(ScTestResponse) r = server_call (f, "GET", REVIEWER, path, NULL);

      if (g_strcmp0 (id, staging->pdata[0]) == 0)
        {
          g_assert_false (sc_decision_result_get_done (result));
          /* the very sentence the server answers */
          g_assert_cmpstr (message, ==,
                           sc_test_get_string (again->body, "error.message"));
          g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "cancelled");
          continue;
        }
      n_ok++;
      g_assert_true (sc_decision_result_get_done (result));
      g_assert_cmpstr (message, ==, "Approved");
      g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "approved");
      g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].comment"), ==, "Ship it");
    }
  g_assert_cmpuint (n_ok, ==, 2);

  /* the dialog tells the same */
  dialog = sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "2 approved, 1 refused");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            sc_test_get_string (again->body, "error.message")));
  sc_test_screenshot ("inbox-bulk-results.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");

  /* out of selection mode; nothing left to decide */
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (select_button)));
  sc_test_wait_for (view_settled, f, DEADLINE);
  wait_for_badge (f, NULL);
}

static gboolean
comment_focused (gpointer data)
{
  Fixture *f = data;
  GtkWidget *comment = GTK_WIDGET (sc_approval_review_get_comment (sc_approvals_view_get_review (f->view)));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  return focus != NULL && (focus == comment || gtk_widget_is_ancestor (focus, comment));
}

/* Where a notification's Review (or an Approve that needs a comment)
 * leads: from another section and filter, the inbox with the request under
 * review and the comment field focused. */
static void
test_show_request (Fixture       *f,
                   gconstpointer  data)
{
  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  sc_approvals_view_set_filter (f->view, "history");
  sc_test_wait_for (view_settled, f, DEADLINE);
  sc_window_show_section (f->window, "workflows");

  sc_window_show_request (f->window, f->request_id);
  g_assert_cmpstr (sc_approvals_view_get_filter (f->view), ==, "pending");
  g_assert_cmpstr (sc_approval_review_get_request_id (sc_approvals_view_get_review (f->view)), ==, f->request_id);
  sc_test_wait_for (review_settled, f, DEADLINE);
  sc_test_wait_for (comment_focused, f, DEADLINE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
}

/* --- several accounts: one inbox ------------------------------------------------ */

/* Signs in to @server as @email the way the sign-in page does: GET /me,
 * the token into the keyring, the account remembered and made current. */
static ScSession *
sign_in (Fixture      *f,
         ScTestServer *server,
         const char   *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  ScSession *session;

  sc_accounts_sign_in_async (f->accounts, server->url, FALSE, sc_test_server_demo_token (server, email),
                             NULL, NULL, sc_test_result_cb, &slot);
  result = sc_test_wait_result (&slot, DEADLINE);
  session = sc_accounts_session_finish (f->accounts, result, &error);
  g_assert_no_error (error);
  return session;
}

/* Every account opened, the inbox loaded with f->n_wanted requests. */
static gboolean
inbox_has (gpointer data)
{
  Fixture *f = data;

  return !sc_session_set_get_busy (sc_window_get_session_set (f->window)) && view_settled (f) &&
         sc_approvals_view_get_n_requests (f->view) == f->n_wanted;
}

static gboolean
is_other (Fixture   *f,
          ScSession *session)
{
  return g_strcmp0 (sc_session_get_server_url (session), f->other->url) == 0;
}

/* Two accounts signed in, both in the keyring: the reviewer on a second
 * server (with one request into Staging there too), then on the fixture's
 * (with two), which is current. The window shows the current one only;
 * the inbox, both: 3 + 2 requests. Returns the second server's Staging
 * request ids. */
static GPtrArray *
open_two_accounts (Fixture  *f,
                   int       width,
                   int       height,
                   GPtrArray **staging)
{
  g_autoptr(ScSession) other_session = NULL;
  GPtrArray *other_staging;
  GtkWidget *row;

  f->other = sc_test_server_start (TRUE, NULL);
  *staging = open_staging_requests_on (f->server, 2);
  other_staging = open_staging_requests_on (f->other, 1);
  other_session = sign_in (f, f->other, REVIEWER);
  f->session = sign_in (f, f->server, REVIEWER);
  g_assert_cmpint (sc_accounts_get_n_accounts (f->accounts), ==, 2);

  f->window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gtk_window_present (GTK_WINDOW (f->window));
  sc_window_set_session (f->window, f->session);
  row = sc_test_find_widget (GTK_WIDGET (f->window), is_section_row, "approvals");
  g_signal_emit_by_name (row, "activate");
  f->view = SC_APPROVALS_VIEW (sc_window_get_view (f->window, "approvals"));
  f->n_wanted = 5;
  sc_test_wait_for (inbox_has, f, DEADLINE);
  /* the window stays on its account */
  g_assert_true (sc_window_get_session (f->window) == f->session);
  return other_staging;
}

/* The label of the org filter's entry that contains @org and @port. */
static guint
filter_entry (Fixture    *f,
              const char *org,
              int         port)
{
  GListModel *names = gtk_drop_down_get_model (sc_approvals_view_get_org_filter (f->view));
  g_autofree char *suffix = g_strdup_printf (":%d", port);

  for (guint i = 1; i < g_list_model_get_n_items (names); i++)
    {
      const char *label = gtk_string_list_get_string (GTK_STRING_LIST (names), i);

      if (g_str_has_prefix (label, org) && g_str_has_suffix (label, suffix))
        return i;
    }
  g_assert_not_reached ();
}

static int
server_port (ScTestServer *server)
{
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);

  return g_uri_get_port (uri);
}

/* Request @id on @server: approved by the reviewer with @comment
 * (nullable: none). */
static void
assert_approved (ScTestServer *server,
                 const char   *id,
                 const char   *comment)
{
  g_autofree char *path = g_strconcat ("/approval-requests/", id, NULL);
  g_autoptr(ScTestResponse) r = server_call_on (server, "GET", REVIEWER, path, NULL);

  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "approved");
  g_assert_cmpuint (sc_test_get_length (r->body, "decisions"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].reviewer.email"), ==, REVIEWER);
  if (comment != NULL)
    g_assert_cmpstr (sc_test_get_string (r->body, "decisions[0].comment"), ==, comment);
}


/* The inbox of two accounts (on two servers): grouped by account and org,
 * counted together, filtered by group; a decision in the review panel and
 * one on a selection across both accounts go each through the client of
 * the request's account, and each server records the reviewer's. */
static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) staging = NULL;
  g_autoptr(GPtrArray) other_staging = open_two_accounts (f, 1280, 800, &staging);
  g_autofree char *other_demo = NULL;
  g_autofree char *other_account = NULL;
  g_autofree char *own_account = NULL;
  ScApprovalReview *review;
  GtkDropDown *filter;
  GtkWidget *row;
  guint n_other = 0;

  /* the window's account first, then the other's; by org in each */
  for (guint i = 0; i < 5; i++)
    {
      ScSession *session = sc_approvals_view_get_request_session (f->view, i);
      ScApprovalRequest *request = sc_approvals_view_get_request (f->view, i);
      const char *org = sc_approval_request_get_target (request)->org_name;

      g_assert_true (is_other (f, session) == (i >= 3));
      g_assert_true (is_other (f, session) || session == f->session);
      n_other += is_other (f, session);
      g_assert_cmpstr (org, ==, i == 0 || i == 3 ? "Acme Production" : "Acme Staging");
      /* a header over each group */
      g_assert_true ((gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (sc_approvals_view_get_row (f->view, i))) != NULL) ==
                     (i == 0 || i == 1 || i == 3 || i == 4));
      if (i == 3)
        other_demo = g_strdup (sc_approval_request_get_id (request));
    }
  g_assert_cmpuint (n_other, ==, 2);
  /* one e-mail on two servers: the accounts name the server */
  other_account = g_strdup_printf ("reviewer@acme.test on 127.0.0.1:%d", server_port (f->other));
  sc_assert_shows (f->view, other_account);
  sc_assert_shows (f->view, "All accounts");
  own_account = g_strdup_printf ("reviewer@acme.test on 127.0.0.1:%d", server_port (f->server));
  wait_for_badge (f, "5");
  /* the review of the other account's request says whose it is */
  row = sc_approvals_view_get_row (f->view, 3);
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)), GTK_LIST_BOX_ROW (row));
  sc_test_wait_for (review_settled, f, DEADLINE);
  review = sc_approvals_view_get_review (f->view);
  g_assert_true (sc_approval_review_get_session (review) == sc_approvals_view_get_request_session (f->view, 3));
  g_assert_cmpstr (sc_approval_review_get_request_id (review), ==, other_demo);
  sc_assert_shows (f->view, other_account);
  sc_test_screenshot ("inbox-accounts-1280x800.png");

  /* the filter: every group, keyboard reachable, with its name */
  filter = sc_approvals_view_get_org_filter (f->view);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (filter)));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (filter)) ||
                 gtk_widget_get_focusable (gtk_widget_get_first_child (GTK_WIDGET (filter))));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (filter)), ==, 5);
  gtk_drop_down_set_selected (filter, filter_entry (f, "Acme Staging", server_port (f->server)));
  g_assert_cmpuint (sc_approvals_view_get_n_shown (f->view), ==, 2);
  gtk_drop_down_set_selected (filter, filter_entry (f, "Acme Production", server_port (f->other)));
  g_assert_cmpuint (sc_approvals_view_get_n_shown (f->view), ==, 1);
  g_assert_true (gtk_widget_get_child_visible (sc_approvals_view_get_row (f->view, 3)));

  /* the review panel decides through the other account's client */
  gtk_editable_set_text (sc_approval_review_get_comment (review), "From the other account");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (review), "review.approve", NULL));
  wait_for_request_state (f, "approved");
  assert_approved (f->other, other_demo, "From the other account");
  {
    /* the window's account's request is still pending on its server */
    g_autofree char *path = request_path (f, NULL);
    g_autoptr(ScTestResponse) r = server_call (f, "GET", REVIEWER, path, NULL);

    g_assert_cmpstr (sc_test_get_string (r->body, "state"), ==, "pending");
  }

  /* the group decided is gone: every group again */
  f->n_wanted = 4;
  sc_test_wait_for (inbox_has, f, DEADLINE);
  wait_for_badge (f, "4");
  gtk_drop_down_set_selected (filter, 0);
  g_assert_cmpuint (sc_approvals_view_get_n_shown (f->view), ==, 4);

  /* a decision on all four, across both accounts */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (sc_test_find_widget (GTK_WIDGET (f->view), is_select_button, NULL)),
                                TRUE);
  for (guint i = 0; i < 4; i++)
    {
      row = sc_approvals_view_get_row (f->view, i);
      g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
    }
  gtk_editable_set_text (GTK_EDITABLE (sc_test_find_widget (GTK_WIDGET (f->view), sc_test_is_type,
                                                            GSIZE_TO_POINTER (GTK_TYPE_ENTRY))),
                         "All at once");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "approvals.approve-selected", NULL));
  sc_test_wait_for (bulk_done, f, DEADLINE);
  g_assert_cmpuint (sc_approvals_view_get_n_bulk_results (f->view), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const char *label = NULL, *message = NULL;
      ScDecisionResult *result = sc_approvals_view_get_bulk_result (f->view, i, &label, &message);

      g_assert_true (sc_decision_result_get_done (result));
      g_assert_cmpstr (message, ==, "Approved");
      /* whose request it was */
      g_assert_true (g_str_has_suffix (label, i < 3 ? own_account : other_account));
    }
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG))),
                   ==, "4 approved");
  /* each on its own server, by the reviewer */
  assert_approved (f->server, f->request_id, "All at once");
  for (guint i = 0; i < staging->len; i++)
    assert_approved (f->server, staging->pdata[i], "All at once");
  assert_approved (f->other, other_staging->pdata[0], "All at once");
  f->n_wanted = 0;
  sc_test_wait_for (inbox_has, f, DEADLINE);
  wait_for_badge (f, NULL);
}

static void
test_accounts_narrow (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) staging = NULL;
  g_autoptr(GPtrArray) other_staging = open_two_accounts (f, 360, 720, &staging);
  int minimum = 0;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sc_approvals_view_get_org_filter (f->view))));
  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  sc_test_screenshot ("inbox-accounts-360x720.png");
}

/* What the other account's watcher would have shown. */
typedef struct {
  char          *id;
  GNotification *notification;
} Caught;

static void
caught_cb (ScEventWatcher *watcher,
           const char     *id,
           GNotification  *notification,
           Caught         *caught)
{
  /* caught here, not sent (no notification daemon) */
  g_signal_stop_emission_by_name (watcher, "send-notification");
  if (caught->id == NULL && g_str_has_prefix (id, "stagecraft-request-"))
    {
      caught->id = g_strdup (id);
      g_set_object (&caught->notification, notification);
    }
}

static gboolean
has_caught (gpointer data)
{
  return ((Caught *) data)->id != NULL;
}

static gboolean
watcher_ready (gpointer data)
{
  return data != NULL && sc_event_watcher_get_cursor (data) != NULL;
}

/* A notification's actions find the session as the app does: in the
 * window's session set (sc-application.c's window_session_for). */
static ScSession *
set_session_for (const char *server_url,
                 const char *account,
                 gpointer    user_data)
{
  Fixture *f = user_data;

  return sc_session_set_lookup (sc_window_get_session_set (f->window), server_url, account);
}

static gboolean
actions_done (gpointer data)
{
  return sc_request_actions_get_n_running (data) == 0;
}

/* The other account's requests notify too, and the notification's Approve
 * decides through that account's client, the window staying on its own. */
static void
test_accounts_notify (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) staging = NULL;
  g_autoptr(GPtrArray) other_staging = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(ScRequestActions) actions = NULL;
  ScSession *other = NULL;
  ScEventWatcher *watcher;
  Caught caught = { NULL, NULL };
  g_autofree char *expected = NULL;

  g_settings_set_boolean (settings, "notifications", TRUE);
  other_staging = open_two_accounts (f, 1280, 800, &staging);
  for (guint i = 0; i < sc_approvals_view_get_n_requests (f->view) && other == NULL; i++)
    if (is_other (f, sc_approvals_view_get_request_session (f->view, i)))
      other = sc_approvals_view_get_request_session (f->view, i);
  g_assert_nonnull (other);
  watcher = sc_window_get_event_watcher_for (f->window, other);
  g_assert_nonnull (watcher);
  g_assert_true (sc_window_get_event_watcher_for (f->window, f->session) == sc_window_get_event_watcher (f->window));
  sc_test_wait_for (watcher_ready, watcher, DEADLINE);
  g_signal_connect (watcher, "send-notification", G_CALLBACK (caught_cb), &caught);

  /* a new request on the other server: its notification */
  more = open_staging_requests_on (f->other, 1);
  sc_test_wait_for (has_caught, &caught, DEADLINE);
  expected = sc_request_notification_id (more->pdata[0]);
  g_assert_cmpstr (caught.id, ==, expected);

  /* its Approve, as the desktop invokes it */
  actions = sc_request_actions_new (G_APPLICATION (app), NULL);
  sc_request_actions_set_session_func (actions, set_session_for, f);
  g_action_group_activate_action (G_ACTION_GROUP (app), "approve-request",
                                  sc_request_actions_target (other, more->pdata[0]));
  sc_test_wait_for (actions_done, actions, DEADLINE);
  assert_approved (f->other, more->pdata[0], NULL);
  g_assert_true (sc_window_get_session (f->window) == f->session);

  g_action_map_remove_action (G_ACTION_MAP (app), "approve-request");
  g_action_map_remove_action (G_ACTION_MAP (app), "reject-request");
  g_action_map_remove_action (G_ACTION_MAP (app), "review-request");
  g_signal_handlers_disconnect_by_data (watcher, &caught);
  g_free (caught.id);
  g_clear_object (&caught.notification);
  g_settings_reset (settings, "notifications");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  sc_test_ui_init (&argc, &argv);
  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/approvals/pending", test_pending);
  ADD ("/ui/approvals/approve", test_approve);
  ADD ("/ui/approvals/reject", test_reject);
  ADD ("/ui/approvals/requester", test_requester);
  ADD ("/ui/approvals/empty", test_empty);
  ADD ("/ui/approvals/refused-keeps-comment", test_refused_keeps_comment);
  ADD ("/ui/approvals/error", test_error);
  ADD ("/ui/approvals/org-change", test_org_change);
  ADD ("/ui/approvals/narrow", test_narrow);
  /* the reviewer's desk (issue 9) */
  ADD ("/ui/approvals/review-diff", test_review_diff);
  ADD ("/ui/approvals/review-unchanged", test_review_unchanged);
  ADD ("/ui/approvals/review-comment-required", test_review_comment_required);
  ADD ("/ui/approvals/inbox", test_inbox);
  ADD ("/ui/approvals/inbox-narrow", test_inbox_narrow);
  ADD ("/ui/approvals/bulk", test_bulk);
  ADD ("/ui/approvals/show-request", test_show_request);
  /* one inbox across signed-in accounts */
  ADD ("/ui/approvals/accounts", test_accounts);
  ADD ("/ui/approvals/accounts-narrow", test_accounts_narrow);
  ADD ("/ui/approvals/accounts-notify", test_accounts_notify);
#undef ADD

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
