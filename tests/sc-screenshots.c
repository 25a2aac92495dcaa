/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Renders every view of the real window, against the real server with the
 * demo data, to PNG files: 1280×800 and 360×720. tests/screenshots.sh
 * builds it and runs it under a headless X server.
 *
 *   sc-screenshots [OUTPUT-DIR]    (default: ./screenshots)
 *
 * The shots (NAME.png wide, NAME-narrow.png at 360×720):
 *   01-sign-in            the sign-in page (and -error: a refused token)
 *   02-workflows          the list of Acme Development (nothing selected)
 *   03-details            a workflow promoted twice: stepper, releases,
 *                         history
 *   04-details-staging-copy  its copy in Acme Staging (Request to Promote,
 *                         Roll Back…), wide only
 *   05-promote-dialog     Promote with its preview
 *   06-request-dialog     Request to Promote with a message
 *   07-rollback-dialog    Roll Back with a release chosen and a reason
 *   08-error              the list once the server stopped
 *   09-sidebar-narrow     the sidebar of a folded window
 *   10-details-request-pending  the Staging copy the demo's request is
 *                         about (Request pending, View Request), wide only
 *   11-search-empty       a search without a match, wide only
 *   19-preferences        the Preferences window
 *   12-approvals          Approvals as the demo reviewer, the pending request
 *                         under review (-narrow: the review panel; and
 *                         12-approvals-list-narrow: the list)
 *   13-approvals-requester  the same request as the admin who asked for it
 *                         (may not decide; Cancel Request), wide only
 *   14-share-dialog       Share, a member added
 *   15-share-dialog-suggestions-narrow  the members suggested for what is
 *                         typed, narrow only
 *   16-paths              Promotion Paths of Acme Development as the admin,
 *                         the demo path in the editor (-narrow: the editor;
 *                         16-paths-list-narrow: the list)
 *   17-paths-refused      a new path dev → prod the server refused: its
 *                         reasons above the stages and under stage 2
 *   18-organization       Organization settings of Acme Production as the
 *                         demo admin (-narrow: an edit, Save shown)
 *   20-activity           Activity (the audit log) of Acme Development as
 *                         the demo admin
 *   21-about              About (its first page)
 *   22-shortcuts          the keyboard shortcuts window
 *   23-block-dialog       Block Release? with its reason entry
 *
 * With $SC_A11Y_WALK set (tests/test-ui-a11y.sh), every shot also checks
 * that each control a screen reader reaches has a name
 * (tests/sc-a11y-walk.c); the program fails when one has none.
 *
 * Needs $SC_SERVER_BINARY (the stagecraft-server to start) and the app's
 * compiled schema on $GSETTINGS_SCHEMA_DIR. The session is made from the
 * demo admin's token directly (no keyring). Each window is rendered through
 * its own renderer (gtk_widget_paintable_new → gsk_renderer_render_texture),
 * so what is drawn does not depend on a window manager or on what covers
 * the window on the screen. Nothing sleeps: each shot waits for the state
 * it shows, then for a few drawn frames. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sc-a11y-walk.h"
#include "sc-application.h"
#include "sc-activity-view.h"
#include "sc-approvals-view.h"
#include "sc-membership.h"
#include "sc-org-view-private.h"
#include "sc-paths-view.h"
#include "sc-promote-dialog.h"
#include "sc-share-dialog.h"
#include "sc-rollback-dialog.h"
#include "sc-sign-in-page.h"
#include "sc-test-server.h"
#include "sc-workflow-details-private.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"
#include "sc-workflow-details.h"
#include "sc-workflows-view.h"

#define DEADLINE 60
#define ADMIN "admin@acme.test"
#define REVIEWER "reviewer@acme.test"

typedef struct {
  ScTestServer  *server;
  ScApplication *app;
  ScSession     *session;
  const char    *outdir;
  char          *dev_org;
  char          *staging_org;
  char          *prod_org;
  char          *history_id;  /* a Development workflow promoted twice */
  char          *copy_id;     /* its copy in Acme Staging (two releases) */
  char          *promote_id;  /* a Development workflow that may be promoted */
  guint          n_shots;
  guint          n_unnamed;   /* controls SC_A11Y_WALK found without a name */
  gint64         walk_us;     /* the time the walks took */
} Shots;

/* --- waiting ------------------------------------------------------------------ */

typedef struct {
  GtkWidget *widget;
  int        width;
  int        height;
} Size;

static gboolean
has_size (gpointer data)
{
  Size *size = data;

  return gtk_widget_get_mapped (size->widget) &&
         gtk_widget_get_width (size->widget) == size->width &&
         gtk_widget_get_height (size->widget) == size->height;
}

typedef struct {
  GtkWidget     *widget;
  guint          frames;
  GskRenderNode *node;
} Frames;

/* The widget's render node is only there between a frame's paint and the
 * next queued draw (a spinner queues one each frame): the picture is taken
 * right after a paint. */
static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  if (++frames->frames >= 3 && frames->node == NULL)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (frames->widget);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                              gtk_widget_get_width (frames->widget),
                              gtk_widget_get_height (frames->widget));
      frames->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (frames->node == NULL)
    gtk_widget_queue_draw (frames->widget);
}

static gboolean
captured (gpointer data)
{
  return ((Frames *) data)->node != NULL;
}

/* Lets layout and drawing catch up with the last change (a few frames),
 * then returns what the next frame drew. */
static GskRenderNode *
capture (GtkWidget *window)
{
  Frames frames = { window, 0, NULL };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong id;

  g_assert_nonnull (clock);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  gtk_widget_queue_draw (window);
  sc_test_wait_for (captured, &frames, DEADLINE);
  g_signal_handler_disconnect (clock, id);
  return frames.node;
}

/* --- what a screen reader gets ------------------------------------------------- */

/* With $SC_A11Y_WALK set, checks at each shot that every control a
 * screen reader reaches there has a name (tests/sc-a11y-walk.c). */
static void
walk_accessible_tree (Shots      *s,
                      const char *name)
{
  guint n_checked = 0;
  guint n_bad;
  gint64 start;

  if (g_getenv ("SC_A11Y_WALK") == NULL)
    return;
  start = g_get_monotonic_time ();
  n_bad = sc_a11y_walk (name, &n_checked);
  s->walk_us += g_get_monotonic_time () - start;
  g_print ("%s: %u controls, %u new without a name\n", name, n_checked, n_bad);
  s->n_unnamed += n_bad;
}

/* --- rendering ------------------------------------------------------------------ */

static void
shoot (Shots      *s,
       GtkWidget  *window,
       const char *name)
{
  g_autoptr(GskRenderNode) node = capture (window);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (s->outdir, file, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  /* the walk needs what was laid out and drawn, not the picture */
  if (g_getenv ("SC_A11Y_WALK") != NULL)
    {
      s->n_shots++;
      walk_accessible_tree (s, name);
      return;
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);

  s->n_shots++;
  g_print ("%s (%d×%d)\n", path, width, height);
  walk_accessible_tree (s, name);
}

/* --- the server's side ---------------------------------------------------------- */

static JsonNode *
request (Shots      *s,
         const char *method,
         const char *path,
         const char *body,
         guint       expected)
{
  g_autoptr(ScTestResponse) response = NULL;

  response = sc_test_request (s->server, method, path, sc_test_server_demo_token (s->server, ADMIN),
                              body, NULL);
  sc_assert_status (response, expected);
  g_assert_nonnull (response->body);
  return json_node_ref (response->body);
}

static char *
org_id_named (JsonNode   *me,
              const char *name)
{
  for (guint i = 0; i < sc_test_get_length (me, "memberships"); i++)
    {
      g_autofree char *path = g_strdup_printf ("memberships[%u]", i);
      JsonNode *m = sc_test_get (me, path);

      if (g_strcmp0 (sc_test_get_string (m, "org_name"), name) == 0)
        return g_strdup (sc_test_get_string (m, "org_id"));
    }
  g_error ("The demo has no organization %s", name);
  return NULL;
}

/* The first path's stages of @workflow_id, or NULL when it is on none. */
static JsonNode *
first_path (Shots      *s,
            const char *workflow_id)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s/stages", workflow_id);
  g_autoptr(JsonNode) stages = request (s, "GET", path, NULL, 200);
  JsonNode *item = sc_test_get (stages, "items[0]");

  return item != NULL ? json_node_copy (item) : NULL;
}

/* Whether @workflow_id's next stage on its first path may be promoted into
 * straight away (no approval). */
static gboolean
can_promote (Shots      *s,
             const char *workflow_id)
{
  g_autoptr(JsonNode) item = first_path (s, workflow_id);
  g_autofree char *next = NULL;
  JsonNode *stage;

  if (item == NULL)
    return FALSE;
  next = g_strdup_printf ("stages[%" G_GINT64_FORMAT "]", sc_test_get_int (item, "current_index") + 1);
  stage = sc_test_get (item, next);
  return stage != NULL && sc_test_get_bool (stage, "can_promote") &&
         g_strcmp0 (sc_test_get_string (stage, "action"), "promote") == 0;
}

/* Promotes the latest release of @workflow_id to the next stage of its
 * first path; returns the id of the copy it went to. */
static char *
promote (Shots      *s,
         const char *workflow_id)
{
  g_autofree char *workflow_path = g_strdup_printf ("/workflows/%s", workflow_id);
  g_autoptr(JsonNode) workflow = request (s, "GET", workflow_path, NULL, 200);
  g_autoptr(JsonNode) item = first_path (s, workflow_id);
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *next = g_strdup_printf ("stages[%" G_GINT64_FORMAT "].tag",
                                           sc_test_get_int (item, "current_index") + 1);
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"%s\"}",
                          sc_test_get_string (workflow, "latest_release.id"),
                          sc_test_get_string (item, "path.id"),
                          sc_test_get_string (item, next));
  record = request (s, "POST", "/promotions", body, 201);
  g_assert_cmpstr (sc_test_get_string (record, "outcome"), ==, "succeeded");
  return g_strdup (sc_test_get_string (record, "target_workflow_id"));
}

/* Picks the workflows the shots show and gives one a history: two
 * releases promoted to Acme Staging, so that its copy there has an
 * earlier release to roll back to. */
static void
prepare_data (Shots *s)
{
  g_autoptr(JsonNode) me = request (s, "GET", "/me", NULL, 200);
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *list_path = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *releases_path = NULL;

  s->dev_org = org_id_named (me, "Acme Development");
  s->staging_org = org_id_named (me, "Acme Staging");
  s->prod_org = org_id_named (me, "Acme Production");

  list_path = g_strdup_printf ("/orgs/%s/workflows?limit=500", s->dev_org);
  list = request (s, "GET", list_path, NULL, 200);
  for (guint i = 0; i < sc_test_get_length (list, "items"); i++)
    {
      g_autofree char *id_path = g_strdup_printf ("items[%u].id", i);
      const char *id = sc_test_get_string (list, id_path);

      if (!can_promote (s, id))
        continue;
      if (s->history_id == NULL)
        s->history_id = g_strdup (id);
      else if (s->promote_id == NULL)
        s->promote_id = g_strdup (id);
    }
  if (s->history_id == NULL || s->promote_id == NULL)
    g_error ("The demo needs two workflows that can be promoted to Acme Staging");

  copy = promote (s, s->history_id);
  releases_path = g_strdup_printf ("/workflows/%s/releases", s->history_id);
  json_node_unref (request (s, "POST", releases_path, "{\"notes\": \"Retry failed steps twice\"}", 201));
  s->copy_id = promote (s, s->history_id);
  g_assert_cmpstr (copy, ==, s->copy_id);
}

static ScSession *
session_as (Shots      *s,
            const char *email)
{
  const char *token = sc_test_server_demo_token (s->server, email);
  g_autoptr(ScTestResponse) me = sc_test_request (s->server, "GET", "/me", token, NULL, NULL);
  g_autoptr(ScClient) client = sc_client_new (s->server->url);
  g_autoptr(ScMe) model = NULL;

  sc_assert_status (me, 200);
  model = sc_me_new_from_json (json_node_get_object (me->body));
  g_assert_nonnull (model);
  sc_client_set_token (client, token);
  return sc_session_new (client, model, s->server->url, email, FALSE);
}

/* --- the window ----------------------------------------------------------------- */

static gboolean
is_allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static int extra_width = -1, extra_height = -1;

/* A window whose content is @width × @height. The default size counts the
 * client-side decorations' invisible borders too: the first window tells
 * how wide they are, and the size asked for makes up for them. */
static ScWindow *
window_new (Shots *s,
            int    width,
            int    height)
{
  ScWindow *window = sc_window_new (ADW_APPLICATION (s->app), sc_application_get_accounts (s->app));
  Size size = { GTK_WIDGET (window), width, height };

  if (extra_width < 0)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      gtk_window_present (GTK_WINDOW (window));
      sc_test_wait_for (is_allocated, window, DEADLINE);
      extra_width = width - gtk_widget_get_width (GTK_WIDGET (window));
      extra_height = height - gtk_widget_get_height (GTK_WIDGET (window));
      if (extra_width == 0 && extra_height == 0)
        return window;
      gtk_window_destroy (GTK_WINDOW (window));
      window = sc_window_new (ADW_APPLICATION (s->app), sc_application_get_accounts (s->app));
      size.widget = GTK_WIDGET (window);
    }

  gtk_window_set_default_size (GTK_WINDOW (window), width + extra_width, height + extra_height);
  gtk_window_present (GTK_WINDOW (window));
  sc_test_wait_for (has_size, &size, DEADLINE);
  return window;
}

static void
window_resize (ScWindow *window,
               int       width,
               int       height)
{
  Size size = { GTK_WIDGET (window), width, height };

  gtk_window_set_default_size (GTK_WINDOW (window), width + extra_width, height + extra_height);
  sc_test_wait_for (has_size, &size, DEADLINE);
}

static ScWorkflowsView *
view_of (ScWindow *window)
{
  return SC_WORKFLOWS_VIEW (sc_window_get_view (window, "workflows"));
}

static gboolean
is_folded (gpointer data)
{
  return sc_window_get_folded (data);
}

static gboolean
page_is_main (gpointer data)
{
  return g_strcmp0 (sc_window_get_page (data), "main") == 0;
}

typedef struct {
  ScWindow   *window;
  const char *state;
} State;

static gboolean
list_state_is (gpointer data)
{
  State *state = data;
  ScWorkflowsView *view = view_of (state->window);

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), state->state) == 0 &&
         !sc_section_view_get_loading (SC_SECTION_VIEW (view));
}

static void
wait_for_list (ScWindow   *window,
               const char *state_name)
{
  State state = { window, state_name };

  sc_test_wait_for (list_state_is, &state, DEADLINE);
}

typedef struct {
  ScWindow   *window;
  const char *workflow_id;
} Shown;

static gboolean
details_shown (gpointer data)
{
  Shown *shown = data;
  ScWorkflowDetails *details = sc_workflows_view_get_details (view_of (shown->window));

  return g_strcmp0 (sc_workflow_details_get_workflow_id (details), shown->workflow_id) == 0 &&
         g_strcmp0 (sc_workflow_details_get_state (details), "content") == 0 &&
         !sc_workflow_details_get_loading (details);
}

static void
show_workflow (ScWindow   *window,
               const char *workflow_id)
{
  Shown shown = { window, workflow_id };

  sc_workflows_view_select (view_of (window), workflow_id);
  sc_test_wait_for (details_shown, &shown, DEADLINE);
}

typedef struct {
  ScWindow   *window;
  const char *org_id;
} OrgShown;

static gboolean
org_listed (gpointer data)
{
  OrgShown *o = data;
  State state = { o->window, "list" };

  return g_strcmp0 (sc_session_get_org_id (sc_window_get_session (o->window)), o->org_id) == 0 &&
         list_state_is (&state);
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             WidgetMatch    match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
is_sidebar_list (GtkWidget     *widget,
                 gconstpointer  data)
{
  GtkListBoxRow *first;

  /* the sections', not a view's list (Approvals has one too) */
  if (!GTK_IS_LIST_BOX (widget) || !gtk_widget_has_css_class (widget, "navigation-sidebar"))
    return FALSE;
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0);
  return first != NULL && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (first)), "workflows") == 0;
}

/* Chooses @org_id in the sidebar's organization switcher, as a user does. */
static void
switch_org (ScWindow   *window,
            const char *org_id)
{
  GtkWidget *dropdown = find_widget (GTK_WIDGET (window), has_tooltip, "Organization");
  GListModel *memberships = sc_session_get_membership_list (sc_window_get_session (window));
  OrgShown shown = { window, org_id };
  guint i;

  g_assert_true (GTK_IS_DROP_DOWN (dropdown));
  for (i = 0; i < g_list_model_get_n_items (memberships); i++)
    {
      g_autoptr(ScMembership) membership = g_list_model_get_item (memberships, i);

      if (g_strcmp0 (sc_membership_get_org_id (membership), org_id) == 0)
        break;
    }
  g_assert_cmpuint (i, <, g_list_model_get_n_items (memberships));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  sc_test_wait_for (org_listed, &shown, DEADLINE);
}

static gboolean
is_leaflet (GtkWidget     *widget,
            gconstpointer  data)
{
  return ADW_IS_LEAFLET (widget);
}

/* Back from the details to the list (narrow), as the back button does. */
static void
back_to_list (ScWindow *window)
{
  GtkWidget *leaflet = find_widget (GTK_WIDGET (view_of (window)), is_leaflet, NULL);

  g_assert_nonnull (leaflet);
  adw_leaflet_navigate (ADW_LEAFLET (leaflet), ADW_NAVIGATION_DIRECTION_BACK);
}

/* Opens the @index-th section from the sidebar (what a narrow window needs
 * to leave the sidebar). */
static void
open_section (ScWindow   *window,
              const char *name)
{
  GtkWidget *sections = find_widget (GTK_WIDGET (window), is_sidebar_list, NULL);
  GtkListBoxRow *row = NULL;

  g_assert_true (GTK_IS_LIST_BOX (sections));
  /* by name: the order of the sections is the product's, not the shots' */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (sections), i)) != NULL; i++)
    if (g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (row)), name) == 0)
      break;
  g_assert_nonnull (row);
  gtk_list_box_select_row (GTK_LIST_BOX (sections), row);
  g_signal_emit_by_name (sections, "row-activated", row);
}

static void
open_workflows_section (ScWindow *window)
{
  open_section (window, "workflows");
}

typedef struct {
  GType       type;
  const char *action;  /* the primary button's */
} Dialog;

/* The dialog is up and its primary button may be pressed (the preview or
 * the releases arrived). */
static gboolean
dialog_ready (gpointer data)
{
  Dialog *d = data;
  GtkWidget *dialog = sc_test_find_toplevel (d->type);
  GtkWidget *button;

  if (dialog == NULL || !gtk_widget_get_mapped (dialog))
    return FALSE;
  button = find_widget (dialog, has_action, d->action);
  return button != NULL && gtk_widget_get_sensitive (button);
}

static gboolean
dialog_gone (gpointer data)
{
  return sc_test_find_toplevel (((Dialog *) data)->type) == NULL;
}

static void
close_dialog (Dialog *d)
{
  gtk_window_close (GTK_WINDOW (sc_test_find_toplevel (d->type)));
  sc_test_wait_for (dialog_gone, d, DEADLINE);
}

static void
set_text_view (GtkWidget  *dialog,
               const char *text)
{
  GtkWidget *view = find_widget (dialog, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));

  if (view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static gboolean
is_check_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget);
}

static gboolean
is_active_check_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_active (GTK_CHECK_BUTTON (widget));
}

/* The Roll back dialog listed the releases to choose from. */
static gboolean
rollback_releases_listed (gpointer data)
{
  GtkWidget *dialog = sc_test_find_toplevel (SC_TYPE_ROLLBACK_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (dialog) &&
         find_widget (dialog, is_check_button, NULL) != NULL;
}

static void
choose_first_release (GtkWidget *dialog)
{
  if (find_widget (dialog, is_active_check_button, NULL) == NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (dialog, is_check_button, NULL)), TRUE);
}

static void
set_entry_row (GtkWidget  *dialog,
               const char *text)
{
  GtkWidget *row = find_widget (dialog, is_of_type, GSIZE_TO_POINTER (ADW_TYPE_ENTRY_ROW));

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* --- the shots ------------------------------------------------------------------ */

static gboolean
sign_in_failed (gpointer data)
{
  ScSignInPage *page = data;

  return !sc_sign_in_page_get_busy (page) && sc_sign_in_page_get_error (page) != NULL;
}

/* The sign-in page empty, then (@with_error) after the server refused a
 * token: the error under the fields, what was typed kept. */
static void
shoot_sign_in (Shots      *s,
               int         width,
               int         height,
               const char *name,
               gboolean    with_error)
{
  ScWindow *window = window_new (s, width, height);
  ScSignInPage *page = SC_SIGN_IN_PAGE (sc_window_get_sign_in_page (window));

  sc_window_restore (window);
  g_assert_cmpstr (sc_window_get_page (window), ==, "sign-in");
  sc_sign_in_page_set_server_url (page, "https://stagecraft.example.com");
  shoot (s, GTK_WIDGET (window), name);

  if (with_error)
    {
      g_autofree char *error_name = g_strconcat (name, "-error", NULL);

      sc_sign_in_page_set_server_url (page, s->server->url);
      sc_sign_in_page_set_token (page, "scp_tok_aaaaaaaaaaaaaaaaaaaa_expired");
      g_signal_emit_by_name (page, "sign-in");
      sc_test_wait_for (sign_in_failed, page, DEADLINE);
      shoot (s, GTK_WIDGET (window), error_name);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GtkWidget *widget;
  int        width;
  int        height;
  guint      frames;
} Resize;

static void
resize_frame_cb (GdkFrameClock *clock,
                 Resize        *resize)
{
  resize->frames++;
}

static gboolean
resized_or_given_up (gpointer data)
{
  Resize *resize = data;

  /* frames come only when something is drawn */
  gtk_widget_queue_draw (resize->widget);
  return (gtk_widget_get_width (resize->widget) == resize->width &&
          gtk_widget_get_height (resize->widget) == resize->height) ||
         resize->frames > 30;
}

/* A dialog as it opens, then squeezed to a phone's 360×720 (as far as its
 * minimum size lets it: the file name says what it got). */
static void
shoot_dialog (Shots      *s,
              GtkWidget  *dialog,
              const char *name)
{
  Resize resize = { dialog, 360, 720, 0 };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (dialog);
  g_autofree char *narrow = g_strconcat (name, "-narrow", NULL);
  gulong id;

  shoot (s, dialog, name);

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (resize_frame_cb), &resize);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360 + extra_width, 720 + extra_height);
  gtk_widget_queue_resize (dialog);
  sc_test_wait_for (resized_or_given_up, &resize, DEADLINE);
  g_signal_handler_disconnect (clock, id);
  if (gtk_widget_get_width (dialog) != 360)
    g_print ("%s: no narrower than %d px\n", name, gtk_widget_get_width (dialog));
  shoot (s, dialog, narrow);
}

static gboolean
is_block_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_object_get_data (G_OBJECT (widget), "release-id") != NULL &&
         g_object_get_data (G_OBJECT (widget), "blocked") == NULL;
}

/* Block Release? on the shown workflow's first release (the demo admin
 * may block), closed again without blocking. */
static void
shoot_block_dialog (Shots    *s,
                    ScWindow *window)
{
  GtkWidget *button = find_widget (GTK_WIDGET (window), is_block_button, NULL);
  GtkWidget *dialog;
  Dialog block_dialog = { ADW_TYPE_MESSAGE_DIALOG, NULL };

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = sc_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  shoot_dialog (s, dialog, "23-block-dialog");
  close_dialog (&block_dialog);
}

/* About and the keyboard shortcuts, from the application's and the
 * window's actions as the main menu has them. */
static void
shoot_about_and_shortcuts (Shots    *s,
                           ScWindow *window)
{
  Dialog about_dialog = { ADW_TYPE_ABOUT_WINDOW, NULL };
  Dialog shortcuts_dialog = { GTK_TYPE_SHORTCUTS_WINDOW, NULL };

  g_action_group_activate_action (G_ACTION_GROUP (s->app), "about", NULL);
  g_assert_nonnull (sc_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  shoot_dialog (s, sc_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW), "21-about");
  close_dialog (&about_dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_nonnull (sc_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  shoot_dialog (s, sc_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW), "22-shortcuts");
  close_dialog (&shortcuts_dialog);
}

static void
shoot_dialogs (Shots    *s,
               ScWindow *window)
{
  ScWorkflowDetails *details = sc_workflows_view_get_details (view_of (window));
  Dialog promote_dialog = { SC_TYPE_PROMOTE_DIALOG, "promote.confirm" };
  Dialog rollback_dialog = { SC_TYPE_ROLLBACK_DIALOG, "rollback.confirm" };
  Dialog share_dialog = { SC_TYPE_SHARE_DIALOG, "share.save" };
  GtkWidget *button;
  GtkWidget *dialog;

  /* Promote, with its preview */
  show_workflow (window, s->promote_id);
  g_signal_emit_by_name (sc_workflow_details_get_promote_button (details, 0), "clicked");
  sc_test_wait_for (dialog_ready, &promote_dialog, DEADLINE);
  shoot_dialog (s, sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG), "05-promote-dialog");
  close_dialog (&promote_dialog);

  /* Share: a member added, with a level and Remove; then (narrow, where
   * shoot_dialog left it) removed again and part of an address typed: the
   * members it matches */
  g_signal_emit_by_name (sc_workflow_details_get_share_button (details), "clicked");
  sc_test_wait_for (dialog_ready, &share_dialog, DEADLINE);
  dialog = sc_test_find_toplevel (SC_TYPE_SHARE_DIALOG);
  set_entry_row (dialog, "admin@acme.test");
  g_assert_true (gtk_widget_activate_action (dialog, "share.add", NULL));
  shoot_dialog (s, dialog, "14-share-dialog");
  button = find_widget (dialog, has_tooltip, "Remove admin@acme.test");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  set_entry_row (dialog, "acme");
  shoot (s, dialog, "15-share-dialog-suggestions-narrow");
  close_dialog (&share_dialog);

  /* Request to Promote: the Staging copy's next stage wants approval */
  switch_org (window, s->staging_org);
  show_workflow (window, s->copy_id);
  shoot (s, GTK_WIDGET (window), "04-details-staging-copy");
  g_signal_emit_by_name (sc_workflow_details_get_promote_button (details, 0), "clicked");
  sc_test_wait_for (dialog_ready, &promote_dialog, DEADLINE);
  dialog = sc_test_find_toplevel (SC_TYPE_PROMOTE_DIALOG);
  set_text_view (dialog, "Tested in staging for a week; ready for production.");
  shoot_dialog (s, dialog, "06-request-dialog");
  close_dialog (&promote_dialog);

  /* Roll back, on the same copy: the earlier release chosen, a reason */
  button = sc_workflow_details_get_rollback_button (details);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  sc_test_wait_for (rollback_releases_listed, NULL, DEADLINE);
  dialog = sc_test_find_toplevel (SC_TYPE_ROLLBACK_DIALOG);
  choose_first_release (dialog);
  set_entry_row (dialog, "v2 breaks the nightly import; back to v1 until it is fixed");
  sc_test_wait_for (dialog_ready, &rollback_dialog, DEADLINE);
  shoot_dialog (s, dialog, "07-rollback-dialog");
  close_dialog (&rollback_dialog);

  /* the Staging copy the demo's request is about: pending, View Request */
  {
    g_autoptr(JsonNode) mine = request (s, "GET", "/approval-requests?mine=true&state=pending",
                                        NULL, 200);

    g_assert_cmpuint (sc_test_get_length (mine, "items"), ==, 1);
    show_workflow (window, sc_test_get_string (mine, "items[0].workflow.id"));
    shoot (s, GTK_WIDGET (window), "10-details-request-pending");
  }

  switch_org (window, s->dev_org);
}

static ScApprovalsView *
approvals_of (ScWindow *window)
{
  return SC_APPROVALS_VIEW (sc_window_get_view (window, "approvals"));
}

static gboolean
approvals_listed (gpointer data)
{
  ScApprovalsView *view = approvals_of (data);

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "list") == 0 &&
         !sc_section_view_get_loading (SC_SECTION_VIEW (view)) &&
         sc_approvals_view_get_pending_count (view) > 0;
}

static gboolean
review_shown (gpointer data)
{
  ScApprovalReview *review = sc_approvals_view_get_review (approvals_of (data));

  return g_strcmp0 (sc_approval_review_get_state (review), "request") == 0 &&
         !sc_approval_review_get_busy (review);
}

static gboolean
approvals_settled (gpointer data)
{
  ScApprovalsView *view = approvals_of (data);

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "loading") != 0 &&
         !sc_section_view_get_loading (SC_SECTION_VIEW (view));
}

/* A window signed in as @email in Acme Production (the target of the
 * demo's request), on @section. */
static ScWindow *
production_window (Shots      *s,
                   const char *email,
                   const char *section)
{
  g_autoptr(ScSession) session = session_as (s, email);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ScWindow *window;

  /* the window would go back to the org the other windows chose */
  g_settings_reset (settings, "current-org");
  for (guint i = 0; i < g_list_model_get_n_items (sc_session_get_membership_list (session)); i++)
    {
      g_autoptr(ScMembership) m = g_list_model_get_item (sc_session_get_membership_list (session), i);

      if (g_strcmp0 (sc_membership_get_org_name (m), "Acme Production") == 0)
        sc_session_set_org_id (session, sc_membership_get_org_id (m));
    }

  window = window_new (s, 1280, 800);
  sc_window_set_session (window, session);
  sc_test_wait_for (page_is_main, window, DEADLINE);
  open_section (window, section);
  return window;
}

static ScWindow *
approvals_window (Shots      *s,
                  const char *email)
{
  ScWindow *window = production_window (s, email, "approvals");

  sc_test_wait_for (approvals_settled, window, DEADLINE);
  return window;
}

/* The demo reviewer's Approvals with the pending request under review,
 * then the admin's view of the request they asked for. */
static void
shoot_approvals (Shots *s)
{
  ScWindow *window = approvals_window (s, REVIEWER);
  ScApprovalsView *view = approvals_of (window);
  ScApprovalRequest *request;
  g_autofree char *request_id = NULL;

  sc_test_wait_for (approvals_listed, window, DEADLINE);
  request = sc_approvals_view_get_request (view, 0);
  request_id = g_strdup (sc_approval_request_get_id (request));
  g_assert_true (sc_approvals_view_select (view, request_id));
  sc_test_wait_for (review_shown, window, DEADLINE);
  gtk_editable_set_text (sc_approval_review_get_comment (sc_approvals_view_get_review (view)),
                         "Checked the diff; fine to ship");
  shoot (s, GTK_WIDGET (window), "12-approvals");

  window_resize (window, 360, 720);
  sc_test_wait_for (is_folded, window, DEADLINE);
  shoot (s, GTK_WIDGET (window), "12-approvals-narrow");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "approvals.back", NULL));
  shoot (s, GTK_WIDGET (window), "12-approvals-list-narrow");
  gtk_window_destroy (GTK_WINDOW (window));

  window = approvals_window (s, ADMIN);
  view = approvals_of (window);
  sc_approvals_view_set_filter (view, "mine");
  sc_test_wait_for (approvals_settled, window, DEADLINE);
  g_assert_true (sc_approvals_view_select (view, request_id));
  sc_test_wait_for (review_shown, window, DEADLINE);
  shoot (s, GTK_WIDGET (window), "13-approvals-requester");
  gtk_window_destroy (GTK_WINDOW (window));
}

static ScPathsView *
paths_of (ScWindow *window)
{
  return SC_PATHS_VIEW (sc_window_get_view (window, "paths"));
}

static gboolean
paths_listed (gpointer data)
{
  ScPathsView *view = paths_of (data);

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "list") == 0 &&
         !sc_section_view_get_loading (SC_SECTION_VIEW (view)) &&
         sc_path_editor_get_orgs_loaded (sc_paths_view_get_editor (view));
}

static gboolean
path_editor_settled (gpointer data)
{
  return !sc_path_editor_get_busy (sc_paths_view_get_editor (paths_of (data)));
}

/* The demo admin's Promotion Paths of Acme Development (the session's org),
 * the demo path selected; then a refused new path. */
static void
shoot_paths (Shots *s)
{
  g_autoptr(ScSession) session = session_as (s, ADMIN);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ScWindow *window;
  ScPathsView *view;
  ScPathEditor *editor;
  ScPromotionPath *path;
  g_autofree char *path_id = NULL;

  g_settings_reset (settings, "current-org");
  sc_session_set_org_id (session, s->dev_org);
  window = window_new (s, 1280, 800);
  sc_window_set_session (window, session);
  sc_test_wait_for (page_is_main, window, DEADLINE);
  open_section (window, "paths");
  sc_test_wait_for (paths_listed, window, DEADLINE);
  view = paths_of (window);
  editor = sc_paths_view_get_editor (view);
  path = sc_paths_view_get_path (view, 0);
  path_id = g_strdup (sc_promotion_path_get_id (path));
  g_assert_true (sc_paths_view_select (view, path_id));
  shoot (s, GTK_WIDGET (window), "16-paths");

  window_resize (window, 360, 720);
  sc_test_wait_for (is_folded, window, DEADLINE);
  shoot (s, GTK_WIDGET (window), "16-paths-narrow");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "paths.back", NULL));
  shoot (s, GTK_WIDGET (window), "16-paths-list-narrow");

  window_resize (window, 1280, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "paths.new", NULL));
  sc_path_editor_set_name (editor, "Hotfix");
  sc_path_editor_set_stage_tag (editor, 0, "dev");
  sc_path_editor_set_stage_tag (editor, 1, "prod");
  g_assert_true (sc_path_editor_set_stage_org (editor, 1, s->prod_org));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "path-editor.save", NULL));
  sc_test_wait_for (path_editor_settled, window, DEADLINE);
  g_assert_nonnull (sc_path_editor_get_message (editor));
  shoot (s, GTK_WIDGET (window), "17-paths-refused");
  gtk_window_destroy (GTK_WINDOW (window));
}

static ScOrgView *
org_view_of (ScWindow *window)
{
  return SC_ORG_VIEW (sc_window_get_view (window, "organization"));
}

static gboolean
org_settled (gpointer data)
{
  ScOrgView *view = org_view_of (data);

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "settings") == 0 && !sc_org_view_get_busy (view);
}

/* The demo admin's settings of Acme Production, then an edit to save. */
static void
shoot_organization (Shots *s)
{
  ScWindow *window = production_window (s, ADMIN, "organization");
  ScOrgView *view = org_view_of (window);

  sc_test_wait_for (org_settled, window, DEADLINE);
  shoot (s, GTK_WIDGET (window), "18-organization");

  window_resize (window, 360, 720);
  sc_test_wait_for (is_folded, window, DEADLINE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sc_org_view_get_widget (view, "required-spin")), 2);
  shoot (s, GTK_WIDGET (window), "18-organization-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- Activity (issue 9) --- */

static gboolean
activity_settled (gpointer data)
{
  ScActivityView *view = SC_ACTIVITY_VIEW (sc_window_get_view (data, "activity"));

  return g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (view)), "loading") != 0 &&
         !sc_activity_view_get_busy (view);
}

/* The demo admin's Activity of Acme Production. */
static void
shoot_activity (Shots *s)
{
  ScWindow *window = production_window (s, ADMIN, "activity");

  sc_test_wait_for (activity_settled, window, DEADLINE);
  shoot (s, GTK_WIDGET (window), "20-activity");
  window_resize (window, 360, 720);
  sc_test_wait_for (is_folded, window, DEADLINE);
  shoot (s, GTK_WIDGET (window), "20-activity-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Shots s = { 0 };
  ScWindow *wide;
  ScWindow *narrow;

  s.outdir = argc > 1 ? argv[1] : "screenshots";
  if (g_mkdir_with_parents (s.outdir, 0755) != 0)
    g_error ("Cannot create %s", s.outdir);

  gtk_init ();
  adw_init ();
  /* no transitions half-way through a shot */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  s.server = sc_test_server_start (TRUE, NULL);
  prepare_data (&s);

  s.app = sc_application_new ();
  g_application_set_flags (G_APPLICATION (s.app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_COMMAND_LINE);
  g_application_register (G_APPLICATION (s.app), NULL, &error);
  g_assert_no_error (error);

  shoot_sign_in (&s, 1280, 800, "01-sign-in", TRUE);
  shoot_sign_in (&s, 360, 720, "01-sign-in-narrow", FALSE);

  /* signed in as the demo admin: the token goes straight into a session,
   * nothing is written to a keyring */
  s.session = session_as (&s, ADMIN);

  wide = window_new (&s, 1280, 800);
  sc_window_set_session (wide, s.session);
  sc_test_wait_for (page_is_main, wide, DEADLINE);
  wait_for_list (wide, "list");
  shoot (&s, GTK_WIDGET (wide), "02-workflows");

  show_workflow (wide, s.history_id);
  shoot (&s, GTK_WIDGET (wide), "03-details");
  shoot_block_dialog (&s, wide);

  shoot_dialogs (&s, wide);

  /* Preferences: the accounts and the notifications switch */
  {
    GtkWidget *preferences;

    sc_window_show_preferences (wide);
    preferences = sc_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
    g_assert_nonnull (preferences);
    shoot_dialog (&s, preferences, "19-preferences");
    gtk_window_destroy (GTK_WINDOW (preferences));
  }

  shoot_about_and_shortcuts (&s, wide);

  /* a search that matches nothing: the list's empty state */
  sc_workflows_view_search (view_of (wide), "no such workflow");
  wait_for_list (wide, "empty");
  shoot (&s, GTK_WIDGET (wide), "11-search-empty");
  sc_workflows_view_search (view_of (wide), "");
  wait_for_list (wide, "list");

  shoot_approvals (&s);
  shoot_paths (&s);
  shoot_organization (&s);
  shoot_activity (&s);

  /* narrow: the sidebar first, then the list, then the details */
  narrow = window_new (&s, 360, 720);
  sc_window_set_session (narrow, s.session);
  sc_test_wait_for (page_is_main, narrow, DEADLINE);
  sc_test_wait_for (is_folded, narrow, DEADLINE);
  shoot (&s, GTK_WIDGET (narrow), "09-sidebar-narrow");
  /* the list loads when it is first shown */
  open_workflows_section (narrow);
  wait_for_list (narrow, "list");
  shoot (&s, GTK_WIDGET (narrow), "02-workflows-narrow");
  show_workflow (narrow, s.history_id);
  shoot (&s, GTK_WIDGET (narrow), "03-details-narrow");

  /* the server goes away: the list's error state, narrow and wide */
  sc_test_server_stop (s.server);
  s.server = NULL;
  back_to_list (narrow);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (narrow)), "workflows.reload", NULL));
  wait_for_list (narrow, "error");
  shoot (&s, GTK_WIDGET (narrow), "08-error-narrow");
  gtk_window_destroy (GTK_WINDOW (narrow));

  /* every window follows the size kept in GSettings: the wide one shrank
   * with the narrow one */
  window_resize (wide, 1280, 800);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (wide)), "workflows.reload", NULL));
  wait_for_list (wide, "error");
  shoot (&s, GTK_WIDGET (wide), "08-error");

  gtk_window_destroy (GTK_WINDOW (wide));
  g_clear_object (&s.session);
  g_clear_object (&s.app);
  g_free (s.dev_org);
  g_free (s.staging_org);
  g_free (s.prod_org);
  g_free (s.history_id);
  g_free (s.copy_id);
  g_free (s.promote_id);

  g_print ("%u screenshots in %s\n", s.n_shots, s.outdir);
  if (g_getenv ("SC_A11Y_WALK") != NULL)
    g_print ("accessibility walk: %.1f s over %u views\n", s.walk_us / 1e6, s.n_shots);
  if (s.n_unnamed > 0)
    {
      g_printerr ("\nControls without an accessible name (view: role, why, what a screen reader "
                  "reads, where: the names of the widgets around it):\n");
      sc_a11y_walk_print_report ();
      g_printerr ("%u controls without an accessible name\n", s.n_unnamed);
      return 1;
    }
  return 0;
}
