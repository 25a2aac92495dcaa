/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-ApprovalsView"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-approvals-view.h"
#include "sc-json-util.h"
#include "sc-section-chrome.h"
#include "sc-ui-util.h"

/* Pages followed for one list; a longer list shows its newest requests. */
#define MAX_PAGES 10

struct _ScApprovalsView
{
  GtkWidget         parent_instance;

  /* template */
  AdwLeaflet       *leaflet;
  GtkWidget        *list_pane;
  AdwHeaderBar     *list_header;
  AdwWindowTitle   *list_title;
  GtkWidget        *sidebar_button;
  GtkToggleButton  *pending_button;
  GtkToggleButton  *mine_button;
  GtkToggleButton  *history_button;
  GtkStack         *list_stack;
  GtkSpinner       *list_spinner;
  AdwStatusPage    *empty_page;
  AdwStatusPage    *error_page;
  GtkListBox       *list_box;
  GtkWidget        *details_pane;
  AdwHeaderBar     *details_header;
  GtkWidget        *back_button;
  GtkMenuButton    *menu_button;
  ScApprovalReview *review;

  ScSectionChrome  *chrome;
  ScSession        *session;
  gulong            org_id_handler;

  JsonArray        *items;           /* the requests listed */
  JsonArray        *loading_items;   /* the pages read so far */
  guint             n_pages;
  GCancellable     *list_cancellable;
  GError           *error;
  GCancellable     *count_cancellable;
  guint             pending_count;
  gboolean          selecting;       /* selection set by code: no navigation */
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_STATE,
  PROP_PENDING_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScApprovalsView, sc_approvals_view, GTK_TYPE_WIDGET)

static void load_page (ScApprovalsView *self,
                       const char      *cursor);

static void
set_page (ScApprovalsView *self,
          const char      *page)
{
  sc_stack_set_page (self->list_stack, page, G_OBJECT (self), properties[PROP_STATE]);
}

static void
show_empty (ScApprovalsView *self)
{
  const char *filter = sc_approvals_view_get_filter (self);

  if (g_str_equal (filter, "pending"))
    {
      adw_status_page_set_title (self->empty_page, _("No Pending Requests"));
      adw_status_page_set_description (self->empty_page,
                                       _("Nothing in this organization waits for your review."));
    }
  else if (g_str_equal (filter, "mine"))
    {
      adw_status_page_set_title (self->empty_page, _("No Requests of Yours"));
      adw_status_page_set_description (self->empty_page,
                                       _("Requests to promote you make from or into this organization are listed here."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No History"));
      adw_status_page_set_description (self->empty_page,
                                       _("Decided, cancelled and expired requests of this organization are listed here."));
    }
  set_page (self, "empty");
}

/* "2 hours ago", or the date once it is a day old. */
static char *
describe_age (const char *iso8601)
{
  g_autoptr(GDateTime) then = iso8601 != NULL ? g_date_time_new_from_iso8601 (iso8601, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan span;

  if (then == NULL)
    return g_strdup ("");
  span = g_date_time_difference (now, then);
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      int minutes = span / G_TIME_SPAN_MINUTE;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), minutes);
    }
  if (span < G_TIME_SPAN_DAY)
    {
      int hours = span / G_TIME_SPAN_HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours), hours);
    }
  return sc_format_date (iso8601);
}

static const char *
stage_member (JsonObject *request,
              const char *stage,
              const char *member)
{
  const char *value = sc_json_get_string (sc_json_get_object (request, stage), member);

  return value != NULL ? value : "?";
}

/* Four lines, each short enough for 360 px:
 *   Invoice sync
 *   v3 · stage → prod
 *   Acme Staging → Acme Production
 *   Ada Admin · 2 hours ago        (History: Approved · Ada Admin · 21 May 2025) */
static GtkWidget *
request_row_new (JsonObject *request)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  JsonObject *requester = sc_json_get_object (request, "requester");
  const char *state = sc_json_get_string (request, "state");
  const char *who = sc_json_get_string (requester, "name");
  g_autofree char *age = describe_age (sc_json_get_string (request, "created_at"));
  g_autofree char *stages = NULL;
  g_autofree char *orgs = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *label;

  if (who == NULL)
    who = sc_json_get_string (requester, "email");

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  sc_box_add_row_label (GTK_BOX (box), sc_json_get_string (sc_json_get_object (request, "workflow"), "name"), "heading");
  /* Translators: a release and the stages of a request, "v3 · stage → prod" */
  stages = g_strdup_printf (_("v%d · %s → %s"),
                            (int) sc_json_get_int (sc_json_get_object (request, "release"), "version", 0),
                            stage_member (request, "source", "tag"), stage_member (request, "target", "tag"));
  sc_box_add_row_label (GTK_BOX (box), stages, NULL);
  /* Translators: the organizations of a request, "Acme Staging → Acme Production" */
  orgs = g_strdup_printf (_("%s → %s"), stage_member (request, "source", "org_name"),
                          stage_member (request, "target", "org_name"));
  label = sc_box_add_row_label (GTK_BOX (box), orgs, "dim-label");
  gtk_widget_set_tooltip_text (label, orgs);
  if (g_strcmp0 (state, "pending") == 0)
    /* Translators: a pending request, "Ada Admin · 2 hours ago" */
    caption = g_strdup_printf (_("%s · %s"), who != NULL ? who : "?", age);
  else
    /* Translators: a request in the history, "Approved · Ada Admin · 21 May 2025" */
    caption = g_strdup_printf (_("%s · %s · %s"), sc_approval_describe_state (state),
                               who != NULL ? who : "?", age);
  label = sc_box_add_row_label (GTK_BOX (box), caption, "caption");
  gtk_widget_add_css_class (label, "dim-label");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  {
    g_autofree char *description = g_strdup_printf ("%s, %s, %s", stages, orgs, caption);
    const char *workflow_name = sc_json_get_string (sc_json_get_object (request, "workflow"), "name");

    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    workflow_name != NULL ? workflow_name : "",
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  }
  g_object_set_data_full (G_OBJECT (row), "sc-request", json_object_ref (request),
                          (GDestroyNotify) json_object_unref);
  return row;
}

static void
select_row (ScApprovalsView *self,
            GtkListBoxRow   *row)
{
  self->selecting = TRUE;
  gtk_list_box_select_row (self->list_box, row);
  self->selecting = FALSE;
}

static void
fill_list (ScApprovalsView *self)
{
  guint n = self->items != NULL ? json_array_get_length (self->items) : 0;

  sc_list_box_clear (self->list_box);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list_box, request_row_new (json_array_get_object_element (self->items, i)));

  /* the request under review stays selected when it is still listed */
  select_row (self, sc_list_box_find_row (self->list_box, "sc-request",
                                          sc_approval_review_get_request_id (self->review)));

  if (n == 0)
    show_empty (self);
  else
    set_page (self, "list");
}

static void
set_loading (ScApprovalsView *self,
             gboolean         loading)
{
  gtk_spinner_set_spinning (self->list_spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
list_failed (ScApprovalsView *self,
             GError          *error)
{
  g_clear_error (&self->error);
  self->error = error;
  if (self->session != NULL)
    sc_session_report_if_unauthorized (self->session, error);
  sc_status_page_set_error (self->error_page, error);
  set_page (self, "error");
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScApprovalsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;
  gboolean history;
  const char *cursor;

  page = sc_client_list_approval_requests_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (page == NULL)
    {
      g_clear_object (&self->list_cancellable);
      g_clear_pointer (&self->loading_items, json_array_unref);
      list_failed (self, g_steal_pointer (&error));
      set_loading (self, FALSE);
      return;
    }

  /* the server lists every state at once: History is all but pending */
  history = gtk_toggle_button_get_active (self->history_button);
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      JsonObject *request = sc_client_page_get_item (page, i);

      if (history && g_strcmp0 (sc_json_get_string (request, "state"), "pending") == 0)
        continue;
      json_array_add_object_element (self->loading_items, json_object_ref (request));
    }

  cursor = sc_client_page_get_next_cursor (page);
  if (cursor != NULL && ++self->n_pages < MAX_PAGES)
    {
      load_page (self, cursor);
      return;
    }

  g_clear_object (&self->list_cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->items, json_array_unref);
  self->items = g_steal_pointer (&self->loading_items);
  fill_list (self);
  set_loading (self, FALSE);
}

static void
load_page (ScApprovalsView *self,
           const char      *cursor)
{
  const char *filter = sc_approvals_view_get_filter (self);
  gboolean pending = g_str_equal (filter, "pending");

  sc_client_list_approval_requests_async (sc_session_get_client (self->session),
                                          pending ? "pending" : NULL,
                                          sc_session_get_org_id (self->session),
                                          pending, g_str_equal (filter, "mine"),
                                          cursor, self->list_cancellable,
                                          page_loaded_cb, g_object_ref (self));
}

static void
count_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScApprovalsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;
  guint count;

  page = sc_client_list_approval_requests_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->count_cancellable);

  /* a failure shows in the list; the badge keeps its last count */
  if (page == NULL)
    return;

  count = sc_client_page_get_n_items (page);
  if (count != self->pending_count)
    {
      self->pending_count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
    }
}

static void
refresh_count (ScApprovalsView *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);

  if (self->session == NULL)
    {
      if (self->pending_count != 0)
        {
          self->pending_count = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
        }
      return;
    }

  self->count_cancellable = g_cancellable_new ();
  sc_client_list_approval_requests_async (sc_session_get_client (self->session), "pending",
                                          sc_session_get_org_id (self->session), TRUE, FALSE,
                                          SC_CLIENT_ALL_PAGES, self->count_cancellable,
                                          count_loaded_cb, g_object_ref (self));
}

static void
load_list (ScApprovalsView *self)
{
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_pointer (&self->loading_items, json_array_unref);

  if (self->session == NULL)
    {
      g_clear_pointer (&self->items, json_array_unref);
      sc_list_box_clear (self->list_box);
      set_page (self, "loading");
      set_loading (self, FALSE);
      return;
    }

  self->list_cancellable = g_cancellable_new ();
  self->loading_items = json_array_new ();
  self->n_pages = 0;
  /* a reload keeps the rows in sight; a new list shows the spinner */
  if (self->items == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "list") != 0)
    set_page (self, "loading");
  set_loading (self, TRUE);
  load_page (self, NULL);
}

static void
show_details (ScApprovalsView *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
}

static void
row_activated_cb (ScApprovalsView *self,
                  GtkListBoxRow   *row)
{
  JsonObject *request;

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  request = g_object_get_data (G_OBJECT (row), "sc-request");
  if (g_strcmp0 (sc_json_get_string (request, "id"), sc_approval_review_get_request_id (self->review)) != 0)
    sc_approval_review_set_request (self->review, request);
  if (!self->selecting)
    show_details (self);
}

static void
row_selected_cb (ScApprovalsView *self,
                 GtkListBoxRow   *row)
{
  /* keyboard navigation in the list shows each request as it goes */
  if (row != NULL && !self->selecting)
    {
      JsonObject *request = g_object_get_data (G_OBJECT (row), "sc-request");

      if (g_strcmp0 (sc_json_get_string (request, "id"), sc_approval_review_get_request_id (self->review)) != 0)
        sc_approval_review_set_request (self->review, request);
    }
}

static void
review_changed_cb (ScApprovalsView *self,
                   JsonObject      *request)
{
  load_list (self);
  refresh_count (self);
}

static void
filter_toggled_cb (ScApprovalsView *self,
                   GtkToggleButton *button)
{
  /* each group change toggles two buttons: act on the one turned on */
  if (!gtk_toggle_button_get_active (button))
    return;
  g_clear_pointer (&self->items, json_array_unref);
  sc_list_box_clear (self->list_box);
  load_list (self);
}

static void
retry_clicked_cb (ScApprovalsView *self)
{
  load_list (self);
}

static void
org_changed_cb (ScApprovalsView *self)
{
  const char *org_name;

  g_assert (self->session != NULL);

  org_name = sc_session_get_org_name (self->session);
  adw_window_title_set_subtitle (self->list_title, org_name != NULL ? org_name : "");

  sc_approval_review_set_request (self->review, NULL);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  g_clear_pointer (&self->items, json_array_unref);
  sc_list_box_clear (self->list_box);
  load_list (self);
  refresh_count (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sc_approvals_view_reload (SC_APPROVALS_VIEW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScApprovalsView *self = SC_APPROVALS_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sc_approvals_view_dispose (GObject *object)
{
  ScApprovalsView *self = (ScApprovalsView *)object;

  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->count_cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->org_id_handler, self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->chrome);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_APPROVALS_VIEW);

  g_clear_pointer (&self->items, json_array_unref);
  g_clear_pointer (&self->loading_items, json_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sc_approvals_view_parent_class)->dispose (object);
}

static void
sc_approvals_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScApprovalsView *self = SC_APPROVALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, sc_approvals_view_get_loading (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, sc_approvals_view_get_state (self));
      break;
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_approvals_view_class_init (ScApprovalsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_approvals_view_dispose;
  object_class->get_property = sc_approvals_view_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_APPROVAL_REVIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-approvals-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, list_header);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, list_title);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, pending_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, mine_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, history_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, details_pane);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, details_header);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, back_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, review);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_changed_cb);

  gtk_widget_class_install_action (widget_class, "approvals.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "approvals.back", NULL, back_action);
}

static void
sc_approvals_view_init (ScApprovalsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  self->chrome = sc_section_chrome_new (GTK_WIDGET (self), self->leaflet,
                                        self->list_header, self->details_header,
                                        self->sidebar_button, self->back_button,
                                        self->menu_button);

  g_signal_connect_swapped (self->list_box, "row-selected", G_CALLBACK (row_selected_cb), self);

  gtk_widget_add_controller (GTK_WIDGET (self),
                             GTK_EVENT_CONTROLLER (sc_view_shortcuts_new ("approvals.reload")));

  gtk_stack_set_visible_child_name (self->list_stack, "loading");
}

GtkWidget *
sc_approvals_view_new (void)
{
  return g_object_new (SC_TYPE_APPROVALS_VIEW, NULL);
}

void
sc_approvals_view_set_session (ScApprovalsView *self,
                               ScSession       *session)
{
  g_return_if_fail (SC_IS_APPROVALS_VIEW (self));
  g_return_if_fail (session == NULL || SC_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_clear_signal_handler (&self->org_id_handler, self->session);
  g_set_object (&self->session, session);

  sc_approval_review_set_session (self->review, session);

  if (session == NULL)
    {
      adw_window_title_set_subtitle (self->list_title, "");
      load_list (self);
      refresh_count (self);
      return;
    }

  self->org_id_handler = g_signal_connect_swapped (session, "notify::org-id",
                                                   G_CALLBACK (org_changed_cb), self);
  org_changed_cb (self);
}

void
sc_approvals_view_set_filter (ScApprovalsView *self,
                              const char      *filter)
{
  g_return_if_fail (SC_IS_APPROVALS_VIEW (self));
  g_return_if_fail (filter != NULL);

  if (g_str_equal (filter, "pending"))
    gtk_toggle_button_set_active (self->pending_button, TRUE);
  else if (g_str_equal (filter, "mine"))
    gtk_toggle_button_set_active (self->mine_button, TRUE);
  else if (g_str_equal (filter, "history"))
    gtk_toggle_button_set_active (self->history_button, TRUE);
  else
    g_return_if_reached ();
}

const char *
sc_approvals_view_get_filter (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);

  if (gtk_toggle_button_get_active (self->mine_button))
    return "mine";
  if (gtk_toggle_button_get_active (self->history_button))
    return "history";
  return "pending";
}

const char *
sc_approvals_view_get_state (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->list_stack);
}

gboolean
sc_approvals_view_get_loading (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), FALSE);
  return self->list_cancellable != NULL;
}

const char *
sc_approvals_view_get_error_message (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);

  if (self->error == NULL || g_strcmp0 (sc_approvals_view_get_state (self), "error") != 0)
    return NULL;
  return self->error->message;
}

const char *
sc_approvals_view_get_empty_title (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  return adw_status_page_get_title (self->empty_page);
}

guint
sc_approvals_view_get_pending_count (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), 0);
  return self->pending_count;
}

guint
sc_approvals_view_get_n_requests (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), 0);
  return self->items != NULL ? json_array_get_length (self->items) : 0;
}

JsonObject *
sc_approvals_view_get_request (ScApprovalsView *self,
                               guint            index)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  g_return_val_if_fail (index < sc_approvals_view_get_n_requests (self), NULL);
  return json_array_get_object_element (self->items, index);
}

GtkWidget *
sc_approvals_view_get_row (ScApprovalsView *self,
                           guint            index)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, (int) index));
}

gboolean
sc_approvals_view_select (ScApprovalsView *self,
                          const char      *request_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), FALSE);
  g_return_val_if_fail (request_id != NULL, FALSE);

  row = sc_list_box_find_row (self->list_box, "sc-request", request_id);
  if (row == NULL)
    return FALSE;
  select_row (self, row);
  row_activated_cb (self, row);
  return TRUE;
}

ScApprovalReview *
sc_approvals_view_get_review (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  return self->review;
}

void
sc_approvals_view_reload (ScApprovalsView *self)
{
  g_return_if_fail (SC_IS_APPROVALS_VIEW (self));

  if (self->session == NULL)
    return;
  load_list (self);
  refresh_count (self);
  if (sc_approval_review_get_request_id (self->review) != NULL)
    sc_approval_review_reload (self->review);
}
