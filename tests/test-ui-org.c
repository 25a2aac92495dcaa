/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sc-accounts.h"
#include "sc-delegations-editor.h"
#include "sc-json.h"
#include "sc-org-view-private.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"

/* The Organization section of the real window against the real
 * stagecraft-server with the demo data: Acme Development (dev) → Acme
 * Staging (uat) → Acme Production (prod), default mappings; promotions into
 * Production need one approval from an admin or a reviewer within 7 days.
 * admin@acme.test administers all three orgs, reviewer@acme.test reviews
 * Staging and Production, dev@acme.test develops in Development.
 *
 * Covered: the admin sees Production as the server has it (type, mappings,
 * policy, members); a policy change saved is what the server holds; a
 * concurrent change → 412 → Overwrite keeps the user's edits; a refused
 * value is shown at its row; a refused mapping shows the server's sentence
 * and creates nothing; adding and removing a mapping; reviewers and
 * developers see everything read only; the error state with Retry; 360 px. */

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"
#define DEV "dev@acme.test"
#define REVIEWER "reviewer@acme.test"

static AdwApplication *app;

typedef struct {
  ScTestServer *server;
  ScAccounts   *accounts;
  ScWindow     *window;
  ScOrgView    *view;
  ScSession    *session;
  char         *prod_org;
  char         *stage_org;
  char         *dev_org;
} Fixture;

/* --- the server's side -------------------------------------------------------- */

static ScTestResponse *
server_call (Fixture    *f,
             const char *method,
             const char *email,
             const char *path,
             const char *body)
{
  return sc_test_request (f->server, method, path, sc_test_server_demo_token (f->server, email), body, NULL);
}

static ScTestResponse *
get_org (Fixture    *f,
         const char *org_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, NULL);
  ScTestResponse *r = server_call (f, "GET", ADMIN, path, NULL);

  sc_assert_status (r, 200);
  return r;
}

/* PATCH /orgs/{org} by the admin, with the org's current etag. */
static void
patch_org (Fixture    *f,
           const char *org_id,
           const char *body)
{
  g_autoptr(ScTestResponse) org = get_org (f, org_id);
  g_autofree char *path = g_strconcat ("/orgs/", org_id, NULL);
  g_autoptr(ScTestResponse) r = NULL;

  r = sc_test_request (f->server, "PATCH", path, sc_test_server_demo_token (f->server, ADMIN), body,
                       "If-Match", sc_test_get_string (org->body, "etag"), NULL);
  sc_assert_status (r, 200);
}

static ScTestResponse *
list_mappings (Fixture    *f,
               const char *org_id)
{
  g_autofree char *path = g_strconcat ("/orgs/", org_id, "/mappings", NULL);
  ScTestResponse *r = server_call (f, "GET", ADMIN, path, NULL);

  sc_assert_status (r, 200);
  return r;
}

/* --- the window ------------------------------------------------------------------ */

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

  return !sc_org_view_get_busy (f->view) &&
         g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), "loading") != 0;
}

static void
wait_settled (Fixture *f)
{
  sc_test_wait_for (view_settled, f, DEADLINE);
}

typedef struct {
  Fixture    *f;
  const char *title;
} ToastWait;

static gboolean
toast_is (gpointer data)
{
  ToastWait *wait = data;

  return g_strcmp0 (sc_test_toast_title (GTK_WIDGET (wait->f->window)), wait->title) == 0;
}

static void
wait_for_toast (Fixture    *f,
                const char *title)
{
  ToastWait wait = { f, title };

  sc_test_wait_for (toast_is, &wait, DEADLINE);
}

/* Opens the window as @email in @org_id on the Organization section, with
 * the settings loaded. @url nullable: the server's. */
static void
open_window (Fixture    *f,
             const char *url,
             const char *email,
             const char *org_id,
             int         width)
{
  GtkWidget *row;

  f->session = sc_test_session_new_at (f->server, url, sc_test_server_demo_token (f->server, email),
                                       email);
  sc_session_set_org_id (f->session, org_id);

  f->window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  sc_window_set_session (f->window, f->session);

  row = sc_test_find_widget (GTK_WIDGET (f->window), is_section_row, "organization");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");

  f->view = SC_ORG_VIEW (sc_window_get_view (f->window, "organization"));
  g_assert_nonnull (f->view);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  wait_settled (f);
}

static GtkWidget *
widget (Fixture    *f,
        const char *name)
{
  return sc_org_view_get_widget (f->view, name);
}

static void
set_spin (Fixture    *f,
          const char *name,
          int         value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget (f, name)), value);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  /* the mappings' actions are the mappings editor's */
  GtkWidget *target = g_str_has_prefix (action, "mappings.") ? widget (f, "mappings-editor")
                                                              : GTK_WIDGET (f->view);

  g_assert_true (gtk_widget_activate_action_variant (target, action, parameter));
}

static gboolean
save_failed (gpointer data)
{
  Fixture *f = data;

  return !sc_org_view_get_busy (f->view) && sc_org_view_get_save_error (f->view) != NULL;
}

static gboolean
mapping_failed (gpointer data)
{
  Fixture *f = data;

  return !sc_org_view_get_busy (f->view) && sc_org_view_get_mapping_error (f->view) != NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* --- fixture ---------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = sc_test_server_start (TRUE, NULL);
  f->accounts = sc_accounts_new ();
  f->prod_org = sc_test_server_demo_org_id (f->server, "Acme Production");
  f->stage_org = sc_test_server_demo_org_id (f->server, "Acme Staging");
  f->dev_org = sc_test_server_demo_org_id (f->server, "Acme Development");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  g_clear_object (&f->session);
  g_clear_object (&f->accounts);
  g_free (f->prod_org);
  g_free (f->stage_org);
  g_free (f->dev_org);
  sc_test_server_stop (f->server);
}

/* --- tests -------------------------------------------------------------------------- */

static void
test_admin_sees (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ScTestResponse) org = get_org (f, f->prod_org);
  g_autoptr(ScTestResponse) mappings = list_mappings (f, f->prod_org);
  g_autofree char *members_path = g_strconcat ("/orgs/", f->prod_org, "/members", NULL);
  g_autoptr(ScTestResponse) members = server_call (f, "GET", ADMIN, members_path, NULL);
  GtkWidget *list;

  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "settings");
  g_assert_true (sc_org_view_get_editable (f->view));
  g_assert_false (sc_org_view_get_modified (f->view));
  g_assert_false (gtk_widget_get_visible (widget (f, "read-only-label")));
  g_assert_true (gtk_widget_is_sensitive (widget (f, "required-spin")));
  g_assert_true (gtk_widget_get_visible (widget (f, "add-mapping-button")));
  /* Save shows with something to save */
  g_assert_false (gtk_widget_get_mapped (widget (f, "save-button")));

  /* the type */
  g_assert_cmpstr (sc_test_get_string (org->body, "type"), ==, "prod");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget (f, "type-row"))), ==, 4);
  sc_assert_shows (widget (f, "type-row"), "prod");

  /* the policy */
  g_assert_true (sc_test_get_bool (org->body, "approval_policy.enabled"));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (widget (f, "enabled-switch"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget (f, "role-admin"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget (f, "role-reviewer"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget (f, "role-developer"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "required-spin"))), ==,
                   sc_test_get_int (org->body, "approval_policy.required_approvals"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "required-spin"))), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "expiry-spin"))), ==, 7);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (widget (f, "freeze-switch"))));
  sc_assert_shows (widget (f, "roles-row"), "Administrators, Reviewers");
  sc_assert_shows (widget (f, "assignees-row"), "Anyone with a reviewer role decides");

  /* the mappings: Staging maps into Production */
  sc_assert_status (mappings, 200);
  g_assert_cmpuint (sc_org_view_get_n_mappings (f->view), ==, sc_test_get_length (mappings->body, "items"));
  g_assert_cmpuint (sc_org_view_get_n_mappings (f->view), ==, 1);
  list = widget (f, "mappings-list");
  sc_assert_shows (list, "← Acme Staging · default");

  /* the members, read only */
  sc_assert_status (members, 200);
  g_assert_cmpuint (sc_org_view_get_n_members (f->view), ==, sc_test_get_length (members->body, "items"));
  g_assert_cmpuint (sc_org_view_get_n_members (f->view), ==, 2);
  list = widget (f, "members-list");
  sc_assert_shows (list, "Ada Admin");
  sc_assert_shows (list, ADMIN);
  sc_assert_shows (list, REVIEWER);
  sc_assert_shows (list, "administrator");
  sc_assert_shows (list, "reviewer");

  /* nothing changed, nothing to save */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->view), "org.save", NULL) &&
                  sc_org_view_get_busy (f->view));
}

static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(ScTestResponse) before = get_org (f, f->prod_org);
  g_autoptr(ScTestResponse) after = NULL;

  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  set_spin (f, "required-spin", 2);
  set_spin (f, "expiry-spin", 3);
  g_assert_true (sc_org_view_get_modified (f->view));
  g_assert_true (gtk_action_bar_get_revealed (GTK_ACTION_BAR (gtk_widget_get_ancestor (widget (f, "save-button"),
                                                                                     GTK_TYPE_ACTION_BAR))));
  activate (f, "org.save", NULL);
  g_assert_true (sc_org_view_get_busy (f->view));
  wait_for_toast (f, "Settings saved");
  wait_settled (f);
  g_assert_null (sc_org_view_get_save_error (f->view));
  g_assert_false (sc_org_view_get_modified (f->view));

  after = get_org (f, f->prod_org);
  g_assert_cmpint (sc_test_get_int (after->body, "approval_policy.required_approvals"), ==, 2);
  g_assert_cmpint (sc_test_get_int (after->body, "approval_policy.expiry_days"), ==, 3);
  /* and nothing else */
  g_assert_cmpstr (sc_test_get_string (after->body, "type"), ==, "prod");
  g_assert_true (sc_test_get_bool (after->body, "approval_policy.enabled"));
  g_assert_cmpuint (sc_test_get_length (after->body, "approval_policy.reviewer_roles"), ==, 2);
  g_assert_cmpuint (sc_test_get_length (after->body, "approval_policy.assignee_ids"), ==, 0);
  g_assert_false (sc_test_get_bool (after->body, "approval_policy.freeze.active"));
  g_assert_cmpstr (sc_test_get_string (after->body, "etag"), !=, sc_test_get_string (before->body, "etag"));
  g_assert_cmpstr (sc_org_get_etag (sc_org_view_get_org (f->view)), ==,
                   sc_test_get_string (after->body, "etag"));
}

/* Every reviewer role the server knows has a check box: a policy that
 * lets viewers decide keeps them when something else is saved. */
static void
test_viewer_role_kept (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScTestResponse) after = NULL;

  patch_org (f, f->prod_org, "{\"approval_policy\": {\"reviewer_roles\": [\"reviewer\", \"viewer\"]}}");
  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget (f, "role-viewer"))));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (widget (f, "role-admin"))));
  set_spin (f, "expiry-spin", 5);
  activate (f, "org.save", NULL);
  wait_for_toast (f, "Settings saved");
  wait_settled (f);

  after = get_org (f, f->prod_org);
  g_assert_cmpint (sc_test_get_int (after->body, "approval_policy.expiry_days"), ==, 5);
  g_assert_cmpuint (sc_test_get_length (after->body, "approval_policy.reviewer_roles"), ==, 2);
  g_assert_cmpstr (sc_test_get_string (after->body, "approval_policy.reviewer_roles[0]"), ==, "viewer");
  g_assert_cmpstr (sc_test_get_string (after->body, "approval_policy.reviewer_roles[1]"), ==, "reviewer");
}

static void
test_freeze_and_type (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ScTestResponse) after = NULL;

  open_window (f, NULL, ADMIN, f->stage_org, 1280);
  /* uat → sit */
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (f, "type-row")), 2);
  gtk_switch_set_active (GTK_SWITCH (widget (f, "freeze-switch")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (widget (f, "reason-row")), "Quarter close <b>&</b>");
  activate (f, "org.save", NULL);
  wait_for_toast (f, "Settings saved");
  wait_settled (f);

  after = get_org (f, f->stage_org);
  g_assert_cmpstr (sc_test_get_string (after->body, "type"), ==, "sit");
  g_assert_true (sc_test_get_bool (after->body, "approval_policy.freeze.active"));
  g_assert_cmpstr (sc_test_get_string (after->body, "approval_policy.freeze.reason"), ==,
                   "Quarter close <b>&</b>");
  /* the policy otherwise as it was: approvals off in Staging */
  g_assert_false (sc_test_get_bool (after->body, "approval_policy.enabled"));
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScTestResponse) after = NULL;

  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  set_spin (f, "required-spin", 2);
  set_spin (f, "expiry-spin", 3);

  /* someone else saves first */
  patch_org (f, f->prod_org, "{\"approval_policy\": {\"required_approvals\": 4, \"expiry_days\": 5}}");

  activate (f, "org.save", NULL);
  sc_test_wait_for (save_failed, f, DEADLINE);
  g_assert_true (sc_org_view_get_conflict (f->view));
  sc_assert_shows (widget (f, "error-list"), "Someone else changed these settings");
  /* the edits are kept */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "required-spin"))), ==, 2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "expiry-spin"))), ==, 3);
  after = get_org (f, f->prod_org);
  g_assert_cmpint (sc_test_get_int (after->body, "approval_policy.required_approvals"), ==, 4);
  g_clear_pointer (&after, sc_test_response_free);

  activate (f, "org.overwrite", NULL);
  wait_for_toast (f, "Settings saved");
  wait_settled (f);
  g_assert_null (sc_org_view_get_save_error (f->view));
  g_assert_false (gtk_widget_get_visible (widget (f, "error-list")));

  after = get_org (f, f->prod_org);
  g_assert_cmpint (sc_test_get_int (after->body, "approval_policy.required_approvals"), ==, 2);
  g_assert_cmpint (sc_test_get_int (after->body, "approval_policy.expiry_days"), ==, 3);
}

static void
test_conflict_reload (Fixture       *f,
                      gconstpointer  data)
{
  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  set_spin (f, "required-spin", 2);
  patch_org (f, f->prod_org, "{\"approval_policy\": {\"expiry_days\": 5}}");
  activate (f, "org.save", NULL);
  sc_test_wait_for (save_failed, f, DEADLINE);
  g_assert_true (sc_org_view_get_conflict (f->view));

  /* Reload: their version */
  activate (f, "org.reload", NULL);
  wait_settled (f);
  g_assert_null (sc_org_view_get_save_error (f->view));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "required-spin"))), ==, 1);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "expiry-spin"))), ==, 5);
  g_assert_false (sc_org_view_get_modified (f->view));
}

static void
test_refused_field (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ScTestResponse) after = NULL;

  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (widget (f, "role-admin")), FALSE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (widget (f, "role-reviewer")), FALSE);
  set_spin (f, "expiry-spin", 3);
  activate (f, "org.save", NULL);
  sc_test_wait_for (save_failed, f, DEADLINE);

  /* the server's reason, at the row */
  g_assert_false (sc_org_view_get_conflict (f->view));
  g_assert_true (gtk_widget_has_css_class (widget (f, "roles-row"), "error"));
  sc_assert_shows (widget (f, "roles-row"), "At least one reviewer role is needed.");
  g_assert_false (gtk_widget_has_css_class (widget (f, "expiry-row"), "error"));
  /* the edits are kept, nothing is saved */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget (f, "expiry-spin"))), ==, 3);
  after = get_org (f, f->prod_org);
  g_assert_cmpint (sc_test_get_int (after->body, "approval_policy.expiry_days"), ==, 7);

  /* fixed and saved: the reason goes */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (widget (f, "role-admin")), TRUE);
  activate (f, "org.save", NULL);
  wait_for_toast (f, "Settings saved");
  wait_settled (f);
  g_assert_false (gtk_widget_has_css_class (widget (f, "roles-row"), "error"));
  sc_assert_shows (widget (f, "roles-row"), "Administrators");
}

static void
test_mappings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  GtkWidget *dialog;
  const char *mapping_id;

  /* Development unregistered: nothing may map to it */
  patch_org (f, f->dev_org, "{\"type\": null}");

  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  g_assert_false (gtk_widget_get_visible (widget (f, "target-row")) &&
                  gtk_widget_get_mapped (widget (f, "target-row")));
  activate (f, "mappings.add", NULL);
  g_assert_true (gtk_widget_get_mapped (widget (f, "target-row")));
  g_assert_true (sc_org_view_select_target (f->view, f->dev_org));
  /* not itself */
  g_assert_false (sc_org_view_select_target (f->view, f->prod_org));
  activate (f, "mappings.create", NULL);
  sc_test_wait_for (mapping_failed, f, DEADLINE);
  sc_assert_shows (widget (f, "mapping-error-list"),
                   "Acme Development has no org type. It must be registered before organizations can map to it.");
  r = list_mappings (f, f->prod_org);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpuint (sc_org_view_get_n_mappings (f->view), ==, 1);

  /* registered again: added, as a sibling */
  patch_org (f, f->dev_org, "{\"type\": \"dev\"}");
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (f, "relation-row")), 1);
  activate (f, "mappings.create", NULL);
  wait_for_toast (f, "Mapping added");
  wait_settled (f);
  g_assert_null (sc_org_view_get_mapping_error (f->view));
  g_assert_false (gtk_widget_get_visible (widget (f, "mapping-error-list")));
  r = list_mappings (f, f->prod_org);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 2);
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpuint (sc_org_view_get_n_mappings (f->view), ==, 2);
  sc_assert_shows (widget (f, "mappings-list"), "→ Acme Development · sibling");

  /* the same again: the server's sentence, nothing more */
  activate (f, "mappings.add", NULL);
  g_assert_true (sc_org_view_select_target (f->view, f->dev_org));
  activate (f, "mappings.create", NULL);
  sc_test_wait_for (mapping_failed, f, DEADLINE);
  sc_assert_shows (widget (f, "mapping-error-list"), "Acme Production already maps to Acme Development.");
  r = list_mappings (f, f->prod_org);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 2);
  g_clear_pointer (&r, sc_test_response_free);

  /* removed, after the question */
  mapping_id = NULL;
  for (guint i = 0; i < sc_org_view_get_n_mappings (f->view); i++)
    if (g_strcmp0 (sc_mapping_get_target_org_id (sc_org_view_get_mapping (f->view, i)), f->dev_org) == 0)
      mapping_id = sc_mapping_get_id (sc_org_view_get_mapping (f->view, i));
  g_assert_nonnull (mapping_id);
  activate (f, "mappings.remove", g_variant_new_string (mapping_id));
  sc_test_wait_for (dialog_shown, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_false (sc_org_view_get_busy (f->view));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  wait_for_toast (f, "Mapping removed");
  wait_settled (f);
  r = list_mappings (f, f->prod_org);
  g_assert_cmpuint (sc_test_get_length (r->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (r->body, "items[0].source_org_id"), ==, f->stage_org);
  g_assert_cmpuint (sc_org_view_get_n_mappings (f->view), ==, 1);
  sc_assert_not_shows (widget (f, "mappings-list"), "Acme Development");
}

static void
assert_read_only (Fixture    *f,
                  const char *role)
{
  const char *controls[] = { "type-row", "enabled-switch", "role-admin", "role-reviewer",
                             "role-developer", "required-spin", "expiry-spin", "freeze-switch" };

  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "settings");
  g_assert_false (sc_org_view_get_editable (f->view));
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    g_assert_false (gtk_widget_is_sensitive (widget (f, controls[i])));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (widget (f, "reason-row"))));
  g_assert_false (gtk_widget_get_visible (widget (f, "save-button")));
  g_assert_false (gtk_widget_get_visible (widget (f, "add-mapping-button")));
  g_assert_true (gtk_widget_get_visible (widget (f, "read-only-label")));
  sc_assert_shows (widget (f, "read-only-label"), "Only administrators of");
  sc_assert_shows (widget (f, "read-only-label"), role);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->view), "org.save", NULL) &&
                  sc_org_view_get_busy (f->view));
  /* no remove buttons */
  g_assert_null (sc_test_find_widget (widget (f, "mappings-list"), sc_test_is_button_for,
                                      "mappings.remove"));
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  assert_read_only (f, "reviewer");
  /* but everything is there */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget (f, "type-row"))), ==, 4);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (widget (f, "enabled-switch"))));
  sc_assert_shows (widget (f, "mappings-list"), "← Acme Staging · default");
  g_assert_cmpuint (sc_org_view_get_n_members (f->view), ==, 2);
  sc_test_destroy_toplevels ();
  g_clear_object (&f->session);

  open_window (f, NULL, DEV, f->dev_org, 1280);
  assert_read_only (f, "developer");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget (f, "type-row"))), ==, 1);
  sc_assert_shows (widget (f, "mappings-list"), "→ Acme Staging · default");
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  open_window (f, "http://127.0.0.1:1", ADMIN, f->prod_org, 1280);
  g_assert_cmpstr (sc_section_view_get_state (SC_SECTION_VIEW (f->view)), ==, "error");
  g_assert_nonnull (sc_test_find_widget (GTK_WIDGET (f->view), sc_test_is_button_for, "org.reload"));
}

static void
test_org_change (Fixture       *f,
                 gconstpointer  data)
{
  open_window (f, NULL, ADMIN, f->prod_org, 1280);
  set_spin (f, "required-spin", 3);
  sc_session_set_org_id (f->session, f->dev_org);
  wait_settled (f);
  g_assert_cmpstr (sc_org_get_id (sc_org_view_get_org (f->view)), ==, f->dev_org);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget (f, "type-row"))), ==, 1);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (widget (f, "enabled-switch"))));
  g_assert_false (sc_org_view_get_modified (f->view));
  sc_assert_shows (widget (f, "mappings-list"), "→ Acme Staging · default");
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  int minimum = 0;

  open_window (f, NULL, ADMIN, f->prod_org, 360);
  activate (f, "mappings.add", NULL);
  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  /* the bar with Save too */
  set_spin (f, "expiry-spin", 3);
  g_assert_true (gtk_widget_get_mapped (widget (f, "save-button")));
  g_assert_cmpint (minimum, <=, 360);
}

/* --- out of office (issue 9) ---------------------------------------------------- */

static gboolean
editor_settled (gpointer data)
{
  return !sc_delegations_editor_get_busy (data);
}

static gboolean
editor_lists_one (gpointer data)
{
  return !sc_delegations_editor_get_busy (data) && sc_delegations_editor_get_n_listed (data) == 1;
}

static gboolean
editor_shows_error (gpointer data)
{
  return !sc_delegations_editor_get_busy (data) && sc_delegations_editor_get_error (data) != NULL;
}

/* A reviewer names a delegate among the org's members for a range of days:
 * the server's refusal is shown at the form, which keeps the dates; then it
 * is named, listed, and stored. */
static void
test_delegation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_strconcat ("/orgs/", f->prod_org, "/delegations", NULL);
  g_autoptr(ScTestResponse) stored = NULL;
  ScDelegationsEditor *editor;
  g_autofree char *from = NULL;

  open_window (f, NULL, REVIEWER, f->prod_org, 1280);
  editor = SC_DELEGATIONS_EDITOR (widget (f, "delegations-editor"));
  sc_test_wait_for (editor_settled, editor, DEADLINE);
  g_assert_cmpuint (sc_delegations_editor_get_n_listed (editor), ==, 0);
  g_assert_true (sc_delegations_editor_select_delegate (editor, ADMIN));

  /* ends before it starts: the server refuses, the form keeps the days */
  from = g_strdup (gtk_editable_get_text (sc_delegations_editor_get_from (editor)));
  gtk_editable_set_text (sc_delegations_editor_get_until (editor), "2020-01-01");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "delegations.add", NULL));
  sc_test_wait_for (editor_shows_error, editor, DEADLINE);
  g_assert_cmpstr (sc_delegations_editor_get_error (editor), ==,
                   "The delegation must end after it starts.");
  g_assert_cmpstr (gtk_editable_get_text (sc_delegations_editor_get_until (editor)), ==, "2020-01-01");
  g_assert_cmpstr (gtk_editable_get_text (sc_delegations_editor_get_from (editor)), ==, from);

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 10);
    g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");

    gtk_editable_set_text (sc_delegations_editor_get_until (editor), until);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "delegations.add", NULL));
  sc_test_wait_for (editor_lists_one, editor, DEADLINE);
  g_assert_null (sc_delegations_editor_get_error (editor));
  sc_assert_shows (editor, "Ada Admin (admin@acme.test) decides for you");

  stored = sc_test_request (f->server, "GET", path, sc_test_server_demo_token (f->server, ADMIN),
                            NULL, NULL);
  sc_assert_status (stored, 200);
  g_assert_cmpuint (sc_test_get_length (stored->body, "items"), ==, 1);
  g_assert_cmpstr (sc_test_get_string (stored->body, "items[0].delegate.email"), ==, ADMIN);
  g_assert_cmpstr (sc_test_get_string (stored->body, "items[0].delegator.email"), ==, REVIEWER);

  /* in sight for the screenshots */
  if (g_getenv ("SC_SCREENSHOT_DIR") != NULL)
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

      sc_test_settle (300);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      sc_test_screenshot ("delegations-1280x800.png");
      gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
      sc_test_settle (300);
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      sc_test_screenshot ("delegations-360x720.png");
    }
}

/* --- a hidden section loads when shown (issue 12) ------------------------------ */

static void
test_lazy (Fixture       *f,
           gconstpointer  data)
{
  ScSectionView *section;

  f->session = sc_test_session_new (f->server, sc_test_server_demo_token (f->server, ADMIN), ADMIN);
  sc_session_set_org_id (f->session, f->prod_org);
  f->window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  sc_window_set_session (f->window, f->session);

  /* signed in on another section: the Organization one asks nothing */
  f->view = SC_ORG_VIEW (sc_window_get_view (f->window, "organization"));
  section = SC_SECTION_VIEW (f->view);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  g_assert_true (sc_section_view_get_stale (section));
  g_assert_false (sc_section_view_get_loading (section));
  g_assert_null (sc_org_view_get_org (f->view));

  /* shown: it loads */
  sc_window_show_section (f->window, "organization");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  g_assert_false (sc_section_view_get_stale (section));
  wait_settled (f);
  g_assert_cmpstr (sc_org_get_id (sc_org_view_get_org (f->view)), ==, f->prod_org);

  /* the org changes while it is hidden: the new one loads when shown */
  sc_window_show_section (f->window, "workflows");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  sc_session_set_org_id (f->session, f->dev_org);
  g_assert_true (sc_section_view_get_stale (section));
  g_assert_false (sc_section_view_get_loading (section));
  sc_window_reload_section (f->window, "organization");
  g_assert_false (sc_section_view_get_loading (section));
  sc_window_show_section (f->window, "organization");
  g_assert_false (sc_section_view_get_stale (section));
  wait_settled (f);
  g_assert_cmpstr (sc_org_get_id (sc_org_view_get_org (f->view)), ==, f->dev_org);
  sc_assert_shows (widget (f, "mappings-list"), "→ Acme Staging · default");
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

  ADD ("/ui/org/admin-sees", test_admin_sees);
  ADD ("/ui/org/save", test_save);
  ADD ("/ui/org/viewer-role-kept", test_viewer_role_kept);
  ADD ("/ui/org/freeze-and-type", test_freeze_and_type);
  ADD ("/ui/org/conflict-overwrite", test_conflict);
  ADD ("/ui/org/conflict-reload", test_conflict_reload);
  ADD ("/ui/org/refused-field", test_refused_field);
  ADD ("/ui/org/mappings", test_mappings);
  ADD ("/ui/org/read-only", test_read_only);
  ADD ("/ui/org/error", test_error);
  ADD ("/ui/org/org-change", test_org_change);
  ADD ("/ui/org/narrow", test_narrow);
  ADD ("/ui/org/lazy", test_lazy);
  /* out of office (issue 9) */
  ADD ("/ui/org/delegation", test_delegation);
#undef ADD

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
