/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-promote-dialog.h"
#include "sc-session.h"
#include "sc-stage-stepper.h"
#include "sc-test-server.h"
#include "sc-workflow-details-private.h"
#include "sc-test-widgets.h"
#include "sc-workflow.h"
#include "sc-workflow-list-model.h"
#include "sc-workflows-view.h"

/* The Workflows view against the real stagecraft-server: the list fed
 * page by page, the search (debounced, the last query wins), the loading,
 * empty and error states, the details (stepper, Promote, releases,
 * history), publishing a release from the dialog (and a refused publish
 * that keeps the notes), the user's own open request to promote (pending,
 * then approved), Show More at the end of Releases and History (and its
 * failure, inline with Retry), and following the session's organization.
 *
 * The fixture: Acme Development (dev) → Acme Staging (uat) mapped, a path
 * "Pipeline" (dev → stage) owned by Development; admin@acme.test
 * administers both, viewer@acme.test views Development. Development holds
 * N_WORKFLOWS workflows ("Workflow 001" …; every tenth also named
 * "report"), each without a release but "Workflow 001", which has v1. */

#define DEADLINE 30
#define N_WORKFLOWS 250

typedef struct {
  ScTestServer *server;
  char         *dev_org, *stg_org;
  char         *admin, *viewer;
  char         *first_id;      /* "Workflow 001", with v1 */
  char         *path_id;       /* "Pipeline" */
  GtkWidget    *window;
  ScWorkflowsView *view;
  ScSession    *session;
} Fixture;

/* --- helpers ----------------------------------------------------------------- */

static char *
post_id (Fixture    *f,
         const char *token,
         const char *path,
         const char *body)
{
  g_autoptr(ScTestResponse) response = sc_test_request (f->server, "POST", path, token, body, NULL);

  if (response->status != 201 && response->status != 200)
    g_error ("POST %s: %u %s", path, response->status, response->text);
  return g_strdup (sc_test_get_string (response->body, "id"));
}

static ScSession *
session_for (Fixture    *f,
             const char *url,
             const char *token,
             const char *email)
{
  return sc_test_session_new_at (f->server, url, token, email);
}

static void
show_view (Fixture   *f,
           ScSession *session,
           int        width)
{
  g_set_object (&f->session, session);
  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 720);
  f->view = SC_WORKFLOWS_VIEW (sc_workflows_view_new ());
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->view));
  gtk_window_present (GTK_WINDOW (f->window));
  sc_session_set_org_id (session, f->dev_org);
  sc_section_view_set_session (SC_SECTION_VIEW (f->view), session);
}

static gboolean
view_settled (gpointer data)
{
  Fixture *f = data;

  return !sc_section_view_get_loading (SC_SECTION_VIEW (f->view)) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), "loading") != 0;
}

static gboolean
details_settled (gpointer data)
{
  Fixture *f = data;
  ScWorkflowDetails *details = sc_workflows_view_get_details (f->view);

  return !sc_workflow_details_get_loading (details) &&
         g_strcmp0 (sc_workflow_details_get_state (details), "loading") != 0;
}

typedef struct {
  GListModel *model;
  guint       n;
} Count;

static gboolean
no_message_dialog (gpointer data)
{
  return sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static GtkWidget *
first_child_of_type (GtkWidget *root,
                     GType      type)
{
  return sc_test_find_widget (root, sc_test_is_type, GSIZE_TO_POINTER (type));
}

static gboolean
confirm_enabled (gpointer data)
{
  GtkWidget *button = sc_test_find_widget (data, sc_test_is_button_for, "promote.confirm");

  return button != NULL && gtk_widget_get_sensitive (button) && gtk_widget_get_mapped (button);
}

static gboolean
promote_dialog_shown (gpointer data)
{
  return sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG) != NULL;
}

typedef struct {
  ScWorkflowDetails *details;
  const char        *label;
} LabelWait;

/* The details are loaded and their first Promote button reads @label. */
static gboolean
promote_label_is (gpointer data)
{
  LabelWait *wait = data;
  GtkWidget *button = sc_workflow_details_get_promote_button (wait->details, 0);

  return button != NULL && !sc_workflow_details_get_loading (wait->details) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), wait->label) == 0;
}

static void
wait_for_promote_label (ScWorkflowDetails *details,
                        const char        *label)
{
  LabelWait wait = { details, label };

  sc_test_wait_for (promote_label_is, &wait, DEADLINE);
}

typedef struct {
  ScWorkflowDetails *details;
  gboolean           history;
  guint              count;
} CountWait;

static gboolean
details_count_is (gpointer data)
{
  CountWait *wait = data;
  guint count = wait->history ? sc_workflow_details_get_history_count (wait->details)
                              : sc_workflow_details_get_release_count (wait->details);

  return count == wait->count;
}

static gboolean
more_error_shown (gpointer data)
{
  return sc_workflow_details_get_more_error (data, SC_WORKFLOW_DETAILS_RELEASES) != NULL;
}

/* Clicks Show More at the end of @list and waits for @count rows. */
static void
show_more (ScWorkflowDetails     *details,
           ScWorkflowDetailsList  list,
           guint                  count)
{
  GtkWidget *more = sc_workflow_details_get_more_button (details, list);
  CountWait wait = { details, list == SC_WORKFLOW_DETAILS_HISTORY, count };

  g_assert_nonnull (more);
  g_assert_true (gtk_widget_get_mapped (more));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "_Show More");
  g_signal_emit_by_name (more, "clicked");
  sc_test_wait_for (details_count_is, &wait, DEADLINE);
}

static char *
publish_via_http (Fixture    *f,
                  const char *workflow_id,
                  const char *notes)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s/releases", workflow_id);
  g_autofree char *body = g_strdup_printf ("{\"notes\": \"%s\"}", notes);

  return post_id (f, f->admin, path, body);
}

/* --- the fixture ----------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *release = NULL;

  f->server = sc_test_server_start (FALSE, NULL);
  f->dev_org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->stg_org = sc_test_server_add_org (f->server, "Acme Staging", "uat");
  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev_org, "admin", NULL);
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->stg_org, "admin", NULL));
  f->viewer = sc_test_server_add_user (f->server, "viewer@acme.test", f->dev_org, "viewer", NULL);

  body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->stg_org);
  {
    g_autofree char *path = g_strdup_printf ("/orgs/%s/mappings", f->dev_org);

    g_free (post_id (f, f->admin, path, body));
  }
  g_free (body);
  body = g_strdup_printf ("{\"name\": \"Pipeline\", \"stages\": ["
                          "{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
                          "{\"tag\": \"stage\", \"org_id\": \"%s\"}]}", f->dev_org, f->stg_org);
  {
    g_autofree char *path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);

    f->path_id = post_id (f, f->admin, path, body);
  }

  for (guint i = 1; i <= N_WORKFLOWS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
      g_autofree char *workflow = NULL;
      char *id;

      workflow = g_strdup_printf ("{\"name\": \"Workflow %03u%s\", \"trigger\": "
                                  "{\"url\": \"/hooks/%u\", \"method\": \"POST\"}}",
                                  i, i % 10 == 0 ? " report" : "", i);
      id = post_id (f, f->admin, path, workflow);
      if (i == 1)
        f->first_id = id;
      else
        g_free (id);
    }

  {
    g_autofree char *path = g_strdup_printf ("/workflows/%s/releases", f->first_id);

    release = post_id (f, f->admin, path, "{\"notes\": \"First\"}");
  }
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
  g_free (f->viewer);
  g_free (f->first_id);
  g_free (f->path_id);
}

/* --- the cases ---------------------------------------------------------------- */

static gboolean
has_at_least_n_items (gpointer data)
{
  Count *c = data;

  return g_list_model_get_n_items (c->model) >= c->n;
}

/* The list has rows below what it shows (laid out after a page arrived). */
static gboolean
can_scroll_down (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) -
         gtk_adjustment_get_value (adjustment) > 1;
}

/* Every change of the model while scrolling must append a page after the
 * rows already there. */
static void
appended_cb (GListModel *model,
             guint       position,
             guint       removed,
             guint       added,
             guint      *n_changes)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position + added, ==, g_list_model_get_n_items (model));
  g_assert_cmpuint (added, <=, SC_WORKFLOW_LIST_MODEL_PAGE_SIZE);
  (*n_changes)++;
}

/* The first page is 100; scrolling the real list down towards the end of
 * what it has brings the next page, appended, until all are there — each
 * once, in the server's order (newest first). */
static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  GListModel *model;
  GtkAdjustment *adjustment;
  Count count;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint changes = 0;

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");

  model = sc_workflows_view_get_model (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, SC_WORKFLOW_LIST_MODEL_PAGE_SIZE);
  g_signal_connect (model, "items-changed", G_CALLBACK (appended_cb), &changes);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (sc_workflows_view_get_list_view (f->view)));

  while (g_list_model_get_n_items (model) < N_WORKFLOWS)
    {
      guint n = g_list_model_get_n_items (model);

      /* to the bottom of the rows there are, as a user drags the scrollbar */
      sc_test_wait_for (can_scroll_down, adjustment, DEADLINE);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                            gtk_adjustment_get_page_size (adjustment));
      count.model = model;
      count.n = MIN (n + SC_WORKFLOW_LIST_MODEL_PAGE_SIZE, N_WORKFLOWS);
      sc_test_wait_for (has_at_least_n_items, &count, DEADLINE);
    }
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_signal_handlers_disconnect_by_func (model, appended_cb, &changes);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_WORKFLOWS);
  g_assert_false (sc_workflow_list_model_get_has_more (SC_WORKFLOW_LIST_MODEL (model)));

  for (guint i = 0; i < N_WORKFLOWS; i++)
    {
      g_autoptr(ScWorkflow) item = g_list_model_get_item (model, i);
      g_autofree char *expected = NULL;

      g_assert_false (g_hash_table_contains (seen, sc_workflow_get_id (item)));
      g_hash_table_add (seen, (gpointer) sc_workflow_get_id (item));
      expected = g_strdup_printf ("Workflow %03u", N_WORKFLOWS - i);
      g_assert_true (g_str_has_prefix (sc_workflow_get_name (item), expected));
    }
}

/* Typing waits for the pause; only the last query is shown; no match is
 * "No Results"; clearing it brings the whole list back. */
static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GListModel *model;

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  model = sc_workflows_view_get_model (f->view);

  sc_workflows_view_search (f->view, "Workflow 1");
  g_assert_true (sc_section_view_get_loading (SC_SECTION_VIEW (f->view)));
  sc_workflows_view_search (f->view, "report");
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_WORKFLOWS / 10);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScWorkflow) item = g_list_model_get_item (model, i);

      g_assert_nonnull (strstr (sc_workflow_get_name (item), "report"));
    }

  sc_workflows_view_search (f->view, "no such workflow");
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  sc_workflows_view_search (f->view, NULL);
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, SC_WORKFLOW_LIST_MODEL_PAGE_SIZE);
}

/* Nothing listens at the session's address: the error state with the
 * client's message, for the list and for the details. */
static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  ScWorkflowDetails *details;

  show_view (f, session_for (f, "http://127.0.0.1:9", f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "error");
  g_assert_nonnull (sc_section_view_get_error_message (SC_SECTION_VIEW (f->view)));

  /* Retry (and Ctrl+R) try again, and fail again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "workflows.reload", NULL));
  g_assert_true (sc_section_view_get_loading (SC_SECTION_VIEW (f->view)));
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "error");

  details = sc_workflows_view_get_details (f->view);
  g_assert_false (sc_workflows_view_select (f->view, f->first_id));
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_cmpstr (sc_workflow_details_get_state (details), ==, "error");
  g_assert_nonnull (sc_workflow_details_get_error_message (details));
}

static gboolean
publish_enabled (gpointer data)
{
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (data), "publish");
}

static gboolean
details_have_two_releases (gpointer data)
{
  ScWorkflowDetails *details = data;

  return sc_workflow_details_get_release_count (details) == 2 &&
         !sc_workflow_details_get_loading (details);
}

/* Asks for the next page whenever none is loading; TRUE once all are in. */
static gboolean
all_pages_loaded (gpointer data)
{
  Fixture *f = data;
  ScWorkflowListModel *model = SC_WORKFLOW_LIST_MODEL (sc_workflows_view_get_model (f->view));

  return !sc_workflow_list_model_load_more (model) &&
         !sc_section_view_get_loading (SC_SECTION_VIEW (f->view)) &&
         !sc_workflow_list_model_get_has_more (model);
}

/* The details of a workflow on a path: the stepper, Promote, its release;
 * publishing from the dialog adds a release and updates the row; a
 * refused publish keeps the dialog, the notes and says why. */
static void
test_details_publish (Fixture       *f,
                      gconstpointer  data)
{
  ScWorkflowDetails *details;
  ScStageStepper *stepper;
  GtkWidget *button, *dialog, *entry;
  g_autofree char *long_notes = NULL;
  ScWorkflow *item;
  GListModel *model;
  guint position = 0;

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  model = sc_workflows_view_get_model (f->view);

  /* not among the first page: shown all the same */
  details = sc_workflows_view_get_details (f->view);
  g_assert_false (sc_workflows_view_select (f->view, f->first_id));
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_cmpstr (sc_workflow_details_get_state (details), ==, "content");
  g_assert_cmpstr (sc_workflow_details_get_title (details), ==, "Workflow 001");

  g_assert_cmpuint (sc_workflow_details_get_n_paths (details), ==, 1);
  stepper = SC_STAGE_STEPPER (sc_workflow_details_get_stepper (details, 0));
  g_assert_cmpuint (sc_stage_stepper_get_n_stages (stepper), ==, 2);
  g_assert_cmpstr (sc_stage_stepper_get_state (stepper, 0), ==, "current");
  g_assert_cmpstr (sc_stage_stepper_get_state (stepper, 1), ==, "next");
  button = sc_workflow_details_get_promote_button (details, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Promote");
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_null (sc_workflow_details_get_promote_button (details, 1));
  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 1);
  g_assert_cmpuint (sc_workflow_details_get_history_count (details), ==, 0);
  g_assert_true (gtk_widget_get_visible (sc_workflow_details_get_publish_button (details)));
  g_assert_false (gtk_widget_get_visible (sc_workflow_details_get_rollback_button (details)));

  /* a refused publish: notes over the server's limit */
  g_signal_emit_by_name (sc_workflow_details_get_publish_button (details), "clicked");
  dialog = sc_workflow_details_get_publish_dialog (details);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  entry = first_child_of_type (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)),
                               GTK_TYPE_ENTRY);
  long_notes = g_strnfill (10001, 'n');
  gtk_editable_set_text (GTK_EDITABLE (entry), long_notes);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "publish");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "publish"));
  sc_test_wait_for (publish_enabled, dialog, DEADLINE);
  g_assert_true (sc_workflow_details_get_publish_dialog (details) == dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, long_notes);
  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 1);

  /* and a good one */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Second");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "publish");
  sc_test_wait_for (no_message_dialog, NULL, DEADLINE);
  g_assert_null (sc_workflow_details_get_publish_dialog (details));
  sc_test_wait_for (details_have_two_releases, details, DEADLINE);

  /* the row follows, when it is loaded */
  sc_test_wait_for (all_pages_loaded, f, DEADLINE);
  item = sc_workflow_list_model_find (SC_WORKFLOW_LIST_MODEL (model), f->first_id, &position);
  g_assert_nonnull (item);
  g_assert_cmpuint (position, ==, N_WORKFLOWS - 1);
  g_assert_cmpuint (sc_workflow_get_latest_version (item), ==, 2);
  g_assert_cmpstr (sc_workflow_get_stage (item), ==, "dev");
}

/* A viewer sees no Publish Release…, and Promote is insensitive with the
 * server's reason beside it. */
static void
test_viewer (Fixture       *f,
             gconstpointer  data)
{
  ScWorkflowDetails *details;
  GtkWidget *button, *hint;

  show_view (f, session_for (f, NULL, f->viewer, "viewer@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  details = sc_workflows_view_get_details (f->view);
  sc_workflows_view_select (f->view, f->first_id);
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_cmpstr (sc_workflow_details_get_state (details), ==, "content");

  g_assert_false (gtk_widget_get_visible (sc_workflow_details_get_publish_button (details)));
  button = sc_workflow_details_get_promote_button (details, 0);
  hint = sc_workflow_details_get_promote_hint (details, 0);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, gtk_label_get_text (GTK_LABEL (hint)));
  g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (hint))), >, 0);
}

/* Patches Staging's approval policy with @policy (a JSON object). */
static void
patch_staging_policy (Fixture    *f,
                      const char *policy)
{
  g_autofree char *org_path = g_strdup_printf ("/orgs/%s", f->stg_org);
  g_autofree char *body = g_strdup_printf ("{\"approval_policy\": %s}", policy);
  g_autoptr(ScTestResponse) org = sc_test_request (f->server, "GET", org_path, f->admin, NULL, NULL);
  g_autoptr(ScTestResponse) patched = NULL;

  sc_assert_status (org, 200);
  patched = sc_test_request (f->server, "PATCH", org_path, f->admin, body,
                             "If-Match", sc_test_get_string (org->body, "etag"), NULL);
  sc_assert_status (patched, 200);
}

/* With approvals on for Staging: Request to Promote files a request in
 * the dialog, and the details (reloaded after "requested") say it is
 * pending, with View Request opening the dialog again; once a reviewer
 * approved it, the button reads Promote. */
static void
test_open_request (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *reviewer = sc_test_server_add_user (f->server, "reviewer@acme.test", f->stg_org,
                                                       "reviewer", NULL);
  g_autoptr(ScTestResponse) mine = NULL;
  g_autoptr(ScTestResponse) decided = NULL;
  g_autofree char *decisions = NULL;
  ScWorkflowDetails *details;
  GtkWidget *button, *hint, *dialog;

  patch_staging_policy (f, "{\"enabled\": true, \"required_approvals\": 1, "
                           "\"reviewer_roles\": [\"admin\", \"reviewer\"]}");

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  details = sc_workflows_view_get_details (f->view);
  sc_workflows_view_select (f->view, f->first_id);
  sc_test_wait_for (details_settled, f, DEADLINE);

  button = sc_workflow_details_get_promote_button (details, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Request to Promote");
  g_assert_true (gtk_widget_get_sensitive (button));

  /* file it in the dialog */
  g_signal_emit_by_name (button, "clicked");
  dialog = sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG);
  g_assert_nonnull (dialog);
  sc_test_wait_for (confirm_enabled, dialog, DEADLINE);
  g_assert_true (gtk_widget_activate_action (dialog, "promote.confirm", NULL));

  /* the details reload and say it waits */
  wait_for_promote_label (details, "_View Request");
  button = sc_workflow_details_get_promote_button (details, 0);
  hint = sc_workflow_details_get_promote_hint (details, 0);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_has_css_class (button, "suggested-action"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==, "Request pending — 0 of 1 approval");
  g_assert_true (gtk_widget_has_css_class (hint, "dim-label"));

  /* View Request opens the dialog (which shows the request) */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG));
  g_signal_emit_by_name (button, "clicked");
  sc_test_wait_for (promote_dialog_shown, NULL, DEADLINE);
  gtk_window_destroy (GTK_WINDOW (sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG)));

  /* a reviewer approves: Promote */
  mine = sc_test_request (f->server, "GET", "/approval-requests?mine=true", f->admin, NULL, NULL);
  sc_assert_status (mine, 200);
  g_assert_cmpuint (sc_test_get_length (mine->body, "items"), ==, 1);
  decisions = g_strdup_printf ("/approval-requests/%s/decisions",
                               sc_test_get_string (mine->body, "items[0].id"));
  decided = sc_test_request (f->server, "POST", decisions, reviewer,
                             "{\"decision\": \"approve\", \"comment\": \"Fine\"}", NULL);
  sc_assert_status (decided, 201);

  sc_workflow_details_reload (details);
  wait_for_promote_label (details, "_Promote");
  button = sc_workflow_details_get_promote_button (details, 0);
  hint = sc_workflow_details_get_promote_hint (details, 0);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (hint)), "Request approved"));
}

/* Pages of two: Releases and History show two rows and Show More, which
 * appends the third and goes away. A page that fails says why in the row,
 * with Retry. */
static void
test_show_more (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *workflows = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  g_autofree char *gone_id = NULL;
  g_autofree char *gone_path = NULL;
  g_autoptr(ScTestResponse) gone = NULL;
  g_autoptr(ScTestResponse) deleted = NULL;
  g_autoptr(GPtrArray) releases = g_ptr_array_new_with_free_func (g_free);
  ScWorkflowDetails *details;
  GtkWidget *retry;

  /* v1 (the fixture's), v2, v3, each promoted to Staging: three of each */
  g_ptr_array_add (releases, publish_via_http (f, f->first_id, "Second"));
  g_ptr_array_add (releases, publish_via_http (f, f->first_id, "Third"));
  {
    g_autofree char *path = g_strdup_printf ("/workflows/%s/releases", f->first_id);
    g_autoptr(ScTestResponse) list = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);

    sc_assert_status (list, 200);
    g_assert_cmpuint (sc_test_get_length (list->body, "items"), ==, 3);
    g_ptr_array_add (releases, g_strdup (sc_test_get_string (list->body, "items[2].id")));
  }
  for (guint i = 0; i < releases->len; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                               "\"target_stage\": \"stage\"}",
                                               (char *) g_ptr_array_index (releases, i), f->path_id);

      g_free (post_id (f, f->admin, "/promotions", body));
    }

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  details = sc_workflows_view_get_details (f->view);
  sc_workflow_details_set_page_size (details, 2);
  sc_workflows_view_select (f->view, f->first_id);
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_cmpstr (sc_workflow_details_get_state (details), ==, "content");

  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 2);
  g_assert_cmpuint (sc_workflow_details_get_history_count (details), ==, 2);
  show_more (details, SC_WORKFLOW_DETAILS_RELEASES, 3);
  g_assert_null (sc_workflow_details_get_more_button (details, SC_WORKFLOW_DETAILS_RELEASES));
  g_assert_cmpuint (sc_workflow_details_get_history_count (details), ==, 2);
  show_more (details, SC_WORKFLOW_DETAILS_HISTORY, 3);
  g_assert_null (sc_workflow_details_get_more_button (details, SC_WORKFLOW_DETAILS_HISTORY));
  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 3);

  /* a reload starts again from the first pages */
  sc_workflow_details_reload (details);
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 2);
  g_assert_cmpuint (sc_workflow_details_get_history_count (details), ==, 2);
  g_assert_nonnull (sc_workflow_details_get_more_button (details, SC_WORKFLOW_DETAILS_RELEASES));

  /* a workflow deleted after its first page: the next one fails, inline */
  gone_id = post_id (f, f->admin, workflows,
                     "{\"name\": \"Short-lived\", \"trigger\": {\"url\": \"/hooks/gone\", \"method\": \"POST\"}}");
  for (guint i = 0; i < 3; i++)
    g_free (publish_via_http (f, gone_id, "Again"));
  sc_workflows_view_select (f->view, gone_id);
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_cmpstr (sc_workflow_details_get_title (details), ==, "Short-lived");
  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 2);

  gone_path = g_strdup_printf ("/workflows/%s", gone_id);
  gone = sc_test_request (f->server, "GET", gone_path, f->admin, NULL, NULL);
  sc_assert_status (gone, 200);
  deleted = sc_test_request (f->server, "DELETE", gone_path, f->admin, NULL,
                             "If-Match", sc_test_get_string (gone->body, "etag"), NULL);
  sc_assert_status (deleted, 204);

  g_signal_emit_by_name (sc_workflow_details_get_more_button (details, SC_WORKFLOW_DETAILS_RELEASES),
                         "clicked");
  sc_test_wait_for (more_error_shown, details, DEADLINE);
  retry = sc_workflow_details_get_more_button (details, SC_WORKFLOW_DETAILS_RELEASES);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (retry)), ==, "_Retry");
  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 2);
  g_assert_cmpstr (sc_workflow_details_get_state (details), ==, "content");

  /* Retry tries again (and fails again, the same way) */
  g_signal_emit_by_name (retry, "clicked");
  g_assert_null (sc_workflow_details_get_more_error (details, SC_WORKFLOW_DETAILS_RELEASES));
  sc_test_wait_for (more_error_shown, details, DEADLINE);
  g_assert_cmpuint (sc_workflow_details_get_release_count (details), ==, 2);
}

/* Another organization chosen: the details empty, the list reloads. */
static void
test_org_change (Fixture       *f,
                 gconstpointer  data)
{
  ScWorkflowDetails *details;
  g_autoptr(ScWorkflow) first = NULL;

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  details = sc_workflows_view_get_details (f->view);
  first = g_list_model_get_item (sc_workflows_view_get_model (f->view), 0);
  g_assert_true (sc_workflows_view_select (f->view, sc_workflow_get_id (first)));
  sc_test_wait_for (details_settled, f, DEADLINE);

  sc_session_set_org_id (f->session, f->stg_org);
  g_assert_cmpstr (sc_workflow_details_get_state (details), ==, "empty");
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "loading");
  sc_test_wait_for (view_settled, f, DEADLINE);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "empty");
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

/* At 360 px the view folds: choosing a row shows the details alone, the
 * back action the list. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  AdwLeaflet *leaflet;
  g_autoptr(ScWorkflow) fourth = NULL;

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 360);
  sc_test_wait_for (view_settled, f, DEADLINE);
  leaflet = ADW_LEAFLET (first_child_of_type (GTK_WIDGET (f->view), ADW_TYPE_LEAFLET));
  sc_test_wait_for (leaflet_folded, leaflet, DEADLINE);

  fourth = g_list_model_get_item (sc_workflows_view_get_model (f->view), 3);
  g_assert_true (sc_workflows_view_select (f->view, sc_workflow_get_id (fourth)));
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (sc_workflows_view_get_details (f->view)),
                                         adw_leaflet_get_visible_child (leaflet)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "workflows.back", NULL));
  g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (sc_workflows_view_get_details (f->view)),
                                          adw_leaflet_get_visible_child (leaflet)));
}

typedef struct {
  ScWorkflowDetails *details;
  gboolean           sensitive;
  const char        *hint;      /* a fragment of the hint beside the button */
} ButtonWait;

/* The details reloaded and the first Promote button's sensitivity and hint
 * are as asked. */
static gboolean
promote_button_is (gpointer data)
{
  ButtonWait *wait = data;
  GtkWidget *button = sc_workflow_details_get_promote_button (wait->details, 0);
  GtkWidget *hint = sc_workflow_details_get_promote_hint (wait->details, 0);

  return button != NULL && hint != NULL && !sc_workflow_details_get_loading (wait->details) &&
         gtk_widget_get_sensitive (button) == wait->sensitive &&
         strstr (gtk_label_get_text (GTK_LABEL (hint)), wait->hint) != NULL;
}

static void
reload_until_button (ScWorkflowDetails *details,
                     gboolean           sensitive,
                     const char        *hint)
{
  ButtonWait wait = { details, sensitive, hint };

  sc_workflow_details_reload (details);
  sc_test_wait_for (promote_button_is, &wait, DEADLINE);
}

/* The details ask the server whether their button may act, instead of
 * guessing from part of the facts: with approvals on in Staging, Request to
 * Promote is offered for a release only when the server would accept the
 * request — not for a release already promoted there, and not while
 * Staging is frozen. Each time the button says why. */
static void
test_button_asks_server (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *promotion = NULL;
  g_autofree char *release_path = g_strdup_printf ("/workflows/%s/releases", f->first_id);
  g_autoptr(ScTestResponse) releases = sc_test_request (f->server, "GET", release_path, f->admin,
                                                        NULL, NULL);
  ScWorkflowDetails *details;
  GtkWidget *button;

  /* v1 goes to Staging; then Staging turns approvals on */
  sc_assert_status (releases, 200);
  promotion = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                               "\"target_stage\": \"stage\"}",
                               sc_test_get_string (releases->body, "items[0].id"), f->path_id);
  g_free (post_id (f, f->admin, "/promotions", promotion));
  patch_staging_policy (f, "{\"enabled\": true, \"required_approvals\": 1, "
                           "\"reviewer_roles\": [\"admin\"]}");

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  details = sc_workflows_view_get_details (f->view);
  sc_workflows_view_select (f->view, f->first_id);
  sc_test_wait_for (details_settled, f, DEADLINE);

  /* already promoted: a request would be refused, so none is offered */
  button = sc_workflow_details_get_promote_button (details, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Request to Promote");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sc_workflow_details_get_promote_hint (details, 0))),
                            "already promoted"));

  /* a newer release may be requested */
  g_free (publish_via_http (f, f->first_id, "Second"));
  reload_until_button (details, TRUE, "after approval");

  /* Staging frozen: refused with the freeze's reason */
  patch_staging_policy (f, "{\"freeze\": {\"active\": true, \"reason\": \"Audit week\"}}");
  reload_until_button (details, FALSE, "Audit week");
  button = sc_workflow_details_get_promote_button (details, 0);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Request to Promote");

  /* lifted: offered again */
  patch_staging_policy (f, "{\"freeze\": {\"active\": false}}");
  reload_until_button (details, TRUE, "after approval");
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
block_enabled (gpointer data)
{
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (data), "block");
}

typedef struct {
  GtkWidget  *root;
  const char *label;
} LabelledWait;

static gboolean
button_labelled_shown (gpointer data)
{
  LabelledWait *wait = data;

  return sc_test_find_widget (wait->root, is_button_labelled, wait->label) != NULL;
}

/* An admin blocks the release from its row with a reason: a blank one is
 * refused by the server and said in the dialog, the text kept; blocked, the
 * row says so with the reason and Promote is disabled with it; Unblock
 * brings Promote back. */
static void
test_block_release (Fixture       *f,
                    gconstpointer  data)
{
  ScWorkflowDetails *details;
  GtkWidget *button, *dialog, *entry, *error_label;
  LabelledWait unblock_shown = { NULL, "_Unblock" };
  LabelledWait block_shown = { NULL, "_Block Release…" };

  show_view (f, session_for (f, NULL, f->admin, "admin@acme.test"), 1280);
  sc_test_wait_for (view_settled, f, DEADLINE);
  details = sc_workflows_view_get_details (f->view);
  sc_workflows_view_select (f->view, f->first_id);
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_true (gtk_widget_get_sensitive (sc_workflow_details_get_promote_button (details, 0)));
  unblock_shown.root = block_shown.root = GTK_WIDGET (details);

  button = sc_test_find_widget (GTK_WIDGET (details), is_button_labelled, "_Block Release…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = sc_workflow_details_get_block_dialog (details);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  entry = first_child_of_type (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)),
                               GTK_TYPE_ENTRY);

  /* blank: the server's message in the dialog, the text as typed */
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "block");
  sc_test_wait_for (block_enabled, dialog, DEADLINE);
  g_assert_true (sc_workflow_details_get_block_dialog (details) == dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "   ");
  error_label = gtk_widget_get_last_child (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Say why"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "CVE-2026-1234 in the HTTP step");
  sc_test_screenshot ("guards-block-dialog.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "block");
  sc_test_wait_for (no_message_dialog, NULL, DEADLINE);
  g_assert_null (sc_workflow_details_get_block_dialog (details));

  /* the row and the Promote button say why */
  sc_test_wait_for (button_labelled_shown, &unblock_shown, DEADLINE);
  reload_until_button (details, FALSE, "CVE-2026-1234 in the HTTP step");
  sc_assert_shows (details, "Blocked");
  sc_assert_shows (details, "Blocked by admin@acme.test: “CVE-2026-1234 in the HTTP step”");
  sc_test_settle (200);
  sc_test_screenshot ("guards-blocked.png");

  /* unblocked: Promote again */
  button = sc_test_find_widget (GTK_WIDGET (details), is_button_labelled, "_Unblock");
  g_signal_emit_by_name (button, "clicked");
  sc_test_wait_for (button_labelled_shown, &block_shown, DEADLINE);
  sc_test_wait_for (details_settled, f, DEADLINE);
  g_assert_true (gtk_widget_get_sensitive (sc_workflow_details_get_promote_button (details, 0)));
  sc_assert_not_shows (details, "Blocked by");
}

static gboolean
widget_drawn (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* The org captions of a four-stage stepper, each "Acme Production" (the
 * widest a step leaves them): between each caption's text and the next one
 * there is room at every width, from the narrowest the stepper gets. */
static void
test_stepper_captions (void)
{
  g_autoptr(JsonNode) node = json_from_string (
    "{\"path\": {\"id\": \"p\", \"name\": \"Four stages\"}, \"current_index\": 1, \"stages\": ["
    " {\"tag\": \"dev\", \"org_name\": \"Acme Production\", \"state\": \"done\"},"
    " {\"tag\": \"qa\", \"org_name\": \"Acme Production\", \"state\": \"current\"},"
    " {\"tag\": \"stage\", \"org_name\": \"Acme Production\", \"state\": \"next\"},"
    " {\"tag\": \"prod\", \"org_name\": \"Acme Production\", \"state\": \"later\"}]}", NULL);
  g_autoptr(ScPathProgress) progress = sc_path_progress_new_from_json (json_node_get_object (node));

  /* 4 × 96 px is the narrowest; a caption fits on one line from about
   * 4 × 100 px on, the width where it touched the next one */
  for (int width = 384; width <= 640; width += 8)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *stepper = sc_stage_stepper_new ();
      g_autoptr(GPtrArray) captions = NULL;

      gtk_window_set_default_size (GTK_WINDOW (window), width, 200);
      gtk_window_set_child (GTK_WINDOW (window), stepper);
      sc_stage_stepper_set_progress (SC_STAGE_STEPPER (stepper), progress);
      gtk_window_present (GTK_WINDOW (window));
      sc_test_wait_for (widget_drawn, stepper, DEADLINE);

      captions = sc_test_find_all (stepper, sc_test_has_css_class, "caption");
      g_assert_cmpuint (captions->len, ==, 4);
      for (guint i = 0; i + 1 < captions->len; i++)
        {
          graphene_rect_t left = sc_test_text_bounds (captions->pdata[i], stepper);
          graphene_rect_t right = sc_test_text_bounds (captions->pdata[i + 1], stepper);
          float gap = right.origin.x - (left.origin.x + left.size.width);

          if (gap < 12)
            g_error ("at %d px, captions %u and %u are %.0f px apart", width, i, i + 1, gap);
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/workflows/pages", test_pages);
  ADD ("/ui/workflows/search", test_search);
  ADD ("/ui/workflows/error", test_error);
  ADD ("/ui/workflows/details-publish", test_details_publish);
  ADD ("/ui/workflows/block-release", test_block_release);
  ADD ("/ui/workflows/viewer", test_viewer);
  ADD ("/ui/workflows/open-request", test_open_request);
  ADD ("/ui/workflows/button-asks-server", test_button_asks_server);
  ADD ("/ui/workflows/show-more", test_show_more);
  ADD ("/ui/workflows/org-change", test_org_change);
  ADD ("/ui/workflows/narrow", test_narrow);
  g_test_add_func ("/ui/workflows/stepper-captions", test_stepper_captions);

  return g_test_run ();
}
