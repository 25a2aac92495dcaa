/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-ApprovalsView"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-approvals-view.h"
#include "sc-json.h"
#include "sc-ui-util.h"

/* Pages followed for one list; a longer list shows its newest requests. */
#define MAX_PAGES 10

struct _ScApprovalsView
{
  ScSectionView         parent_instance;

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
  GtkToggleButton  *select_button;
  GtkRevealer      *bulk_revealer;
  GtkLabel         *bulk_label;
  GtkEntry         *bulk_comment;


  JsonArray        *items;           /* the requests listed */
  JsonArray        *loading_items;   /* the pages read so far */
  guint             n_pages;
  GCancellable     *list_cancellable;
  GError           *error;
  GCancellable     *count_cancellable;
  guint             pending_count;
  gboolean          selecting;       /* selection set by code: no navigation */
  gboolean          focus_comment;   /* once the review shows its request */

  /* a decision on the requests ticked in selection mode, one at a time */
  GPtrArray        *bulk_queue;      /* JsonObject requests still to send */
  ScDecision        bulk_decision;
  char             *bulk_text;       /* the one comment, nullable */
  JsonArray        *bulk_results;    /* [{id, label, ok, message}] */
  GCancellable     *bulk_cancellable;
};

enum {
  PROP_0,
  PROP_PENDING_COUNT,
  PROP_BULK_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScApprovalsView, sc_approvals_view, SC_TYPE_SECTION_VIEW)

static ScSession *
get_session (ScApprovalsView *self)
{
  return sc_section_view_get_session (SC_SECTION_VIEW (self));
}

static void load_page (ScApprovalsView *self,
                       const char      *cursor);
static void update_bulk (ScApprovalsView *self);

static gboolean
is_pending (ScApprovalsView *self)
{
  return g_str_equal (sc_approvals_view_get_filter (self), "pending");
}

static void
set_page (ScApprovalsView *self,
          const char      *page)
{
  sc_section_view_show_page (SC_SECTION_VIEW (self), page);
}

static void
show_empty (ScApprovalsView *self)
{
  const char *filter = sc_approvals_view_get_filter (self);

  if (g_str_equal (filter, "pending"))
    {
      adw_status_page_set_title (self->empty_page, _("No Pending Requests"));
      adw_status_page_set_description (self->empty_page,
                                       _("Nothing in any of your organizations waits for your review."));
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
request_row_new (JsonObject *request,
                 gboolean    select_mode)
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
  gtk_widget_set_hexpand (box, TRUE);

  /* selection mode: a tick per request (a row's activation ticks it too) */
  {
    GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *check = gtk_check_button_new ();
    g_autofree char *check_name = NULL;

    /* Translators: the tick of a request in selection mode, "Select Invoice sync" */
    check_name = g_strdup_printf (_("Select %s"),
                                  stage_member (request, "workflow", "name"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_name, -1);
    gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
    gtk_widget_set_visible (check, select_mode);
    gtk_widget_set_name (check, "select");
    gtk_box_append (GTK_BOX (outer), check);
    gtk_box_append (GTK_BOX (outer), box);
    g_object_set_data (G_OBJECT (row), "sc-check", check);
    box = outer;
  }

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
    {
      GtkWidget *row = request_row_new (json_array_get_object_element (self->items, i),
                                        gtk_toggle_button_get_active (self->select_button));
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "sc-check");

      g_signal_connect_object (check, "toggled", G_CALLBACK (update_bulk), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->list_box, row);
    }

  /* the request under review stays selected when it is still listed */
  select_row (self, sc_list_box_find_row (self->list_box, "sc-request",
                                          sc_approval_review_get_request_id (self->review)));

  if (n == 0)
    show_empty (self);
  else
    set_page (self, "list");
  update_bulk (self);
}

static int
compare_org (gconstpointer a,
             gconstpointer b)
{
  JsonObject *x = json_node_get_object (*(JsonNode **) a);
  JsonObject *y = json_node_get_object (*(JsonNode **) b);

  return g_utf8_collate (stage_member (x, "target", "org_name"), stage_member (y, "target", "org_name"));
}

/* The inbox in groups, one per target org by name; newest first in each
 * (a stable sort of the server's order). */
static void
sort_by_org (JsonArray *items)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  guint n = json_array_get_length (items);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (nodes, json_node_ref (json_array_get_element (items, i)));
  /* g_ptr_array_sort is not stable: keep the order on a tie by index */
  for (guint i = 1; i < nodes->len; i++)
    for (guint j = i; j > 0 && compare_org (&nodes->pdata[j - 1], &nodes->pdata[j]) > 0; j--)
      {
        gpointer t = nodes->pdata[j];

        nodes->pdata[j] = nodes->pdata[j - 1];
        nodes->pdata[j - 1] = t;
      }
  for (guint i = n; i > 0; i--)
    json_array_remove_element (items, i - 1);
  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (items, json_node_ref (nodes->pdata[i]));
}

/* In the inbox, the target org above each group of its requests. */
static void
org_header_cb (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  ScApprovalsView *self = user_data;
  JsonObject *request = g_object_get_data (G_OBJECT (row), "sc-request");
  JsonObject *previous = before != NULL ? g_object_get_data (G_OBJECT (before), "sc-request") : NULL;
  const char *org = stage_member (request, "target", "org_name");
  GtkWidget *header;

  if (!is_pending (self) ||
      (previous != NULL && g_strcmp0 (org, stage_member (previous, "target", "org_name")) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (org);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 12 : 6);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_list_box_row_set_header (row, header);
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScApprovalsView) self = user_data;
  GError *error = NULL;
  g_autoptr(ScClientPage) page = NULL;
  gboolean history;
  const char *cursor;

  page = sc_client_list_approval_requests_finish (SC_CLIENT (source), result, &error);
  if (page == NULL)
    {
      /* cancelled: the items gathered are the next load's */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_object (&self->list_cancellable);
          g_clear_pointer (&self->loading_items, json_array_unref);
        }
      sc_section_view_end_load (SC_SECTION_VIEW (self), error);
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
  sc_section_view_end_load (SC_SECTION_VIEW (self), NULL);
  g_clear_pointer (&self->items, json_array_unref);
  self->items = g_steal_pointer (&self->loading_items);
  if (is_pending (self))
    sort_by_org (self->items);
  fill_list (self);
}

static void
load_page (ScApprovalsView *self,
           const char      *cursor)
{
  const char *filter = sc_approvals_view_get_filter (self);
  gboolean pending = g_str_equal (filter, "pending");

  /* Pending is the inbox: every org of the account */
  sc_client_list_approval_requests_async (sc_session_get_client (get_session (self)),
                                          pending ? "pending" : NULL,
                                          pending ? NULL : sc_session_get_org_id (get_session (self)),
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

  if (get_session (self) == NULL)
    {
      if (self->pending_count != 0)
        {
          self->pending_count = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
        }
      return;
    }

  self->count_cancellable = g_cancellable_new ();
  sc_client_list_approval_requests_async (sc_session_get_client (get_session (self)), "pending",
                                          NULL, TRUE, FALSE,
                                          SC_CLIENT_ALL_PAGES, self->count_cancellable,
                                          count_loaded_cb, g_object_ref (self));
}

static void
load_list (ScApprovalsView *self)
{
  g_clear_pointer (&self->loading_items, json_array_unref);
  self->loading_items = json_array_new ();
  self->n_pages = 0;
  /* a reload keeps the rows in sight; a new list shows the spinner */
  g_set_object (&self->list_cancellable,
                sc_section_view_begin_load (SC_SECTION_VIEW (self),
                                            self->items != NULL &&
                                            g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (self)), "list") == 0));
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

  if (gtk_toggle_button_get_active (self->select_button) && !self->selecting)
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "sc-check");

      gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
      return;
    }

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
  if (row != NULL && !self->selecting && !gtk_toggle_button_get_active (self->select_button))
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
update_subtitle (ScApprovalsView *self)
{
  ScSession *session = get_session (self);
  const char *org_name = session != NULL ? sc_session_get_org_name (session) : NULL;

  if (session == NULL)
    adw_window_title_set_subtitle (self->list_title, "");
  else if (is_pending (self))
    adw_window_title_set_subtitle (self->list_title, _("All organizations"));
  else
    adw_window_title_set_subtitle (self->list_title, org_name != NULL ? org_name : "");
}

static void
filter_toggled_cb (ScApprovalsView *self,
                   GtkToggleButton *button)
{
  /* each group change toggles two buttons: act on the one turned on */
  if (!gtk_toggle_button_get_active (button))
    return;
  update_subtitle (self);
  /* only the inbox holds what the user may decide */
  gtk_widget_set_visible (GTK_WIDGET (self->select_button), is_pending (self));
  gtk_toggle_button_set_active (self->select_button, FALSE);
  g_clear_pointer (&self->items, json_array_unref);
  sc_list_box_clear (self->list_box);
  load_list (self);
}

static void
sc_approvals_view_session_changed (ScSectionView *view)
{
  ScApprovalsView *self = SC_APPROVALS_VIEW (view);

  sc_approval_review_set_session (self->review, get_session (self));
  /* after the base's subtitle: the inbox is of every org */
  update_subtitle (self);

  sc_approval_review_set_request (self->review, NULL);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  g_clear_pointer (&self->items, json_array_unref);
  g_clear_pointer (&self->loading_items, json_array_unref);
  g_clear_object (&self->list_cancellable);
  sc_list_box_clear (self->list_box);
  if (get_session (self) != NULL)
    load_list (self);
  else
    set_page (self, "loading");
  refresh_count (self);
}

/* --- selection mode and the decision on the selection --------------------- */

static GPtrArray *
ticked_requests (ScApprovalsView *self)
{
  GPtrArray *ticked = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "sc-check");

      if (check != NULL && gtk_check_button_get_active (check))
        g_ptr_array_add (ticked, json_object_ref (g_object_get_data (G_OBJECT (row), "sc-request")));
    }
  return ticked;
}

static gboolean
bulk_busy (ScApprovalsView *self)
{
  return self->bulk_cancellable != NULL;
}

static void
update_bulk (ScApprovalsView *self)
{
  g_autoptr(GPtrArray) ticked = ticked_requests (self);
  gboolean select_mode = gtk_toggle_button_get_active (self->select_button);
  gboolean can = select_mode && ticked->len > 0 && !bulk_busy (self);
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->bulk_revealer, select_mode);
  if (bulk_busy (self))
    text = g_strdup (_("Sending the decisions…"));
  else if (ticked->len == 0)
    text = g_strdup (_("Tick the requests to decide together."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u request selected", "%u requests selected",
                                         ticked->len), ticked->len);
  gtk_label_set_text (self->bulk_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bulk_comment), select_mode && !bulk_busy (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approvals.approve-selected", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "approvals.reject-selected", can);
}

static void
select_toggled_cb (ScApprovalsView *self)
{
  gboolean select_mode = gtk_toggle_button_get_active (self->select_button);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "sc-check");

      if (check == NULL)
        continue;
      if (!select_mode)
        gtk_check_button_set_active (check, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (check), select_mode);
    }
  update_bulk (self);
}

/* "Invoice sync v3 → prod (Acme Production)" */
static char *
describe_request (JsonObject *request)
{
  /* Translators: a request in the results of a decision on several,
   * "Invoice sync v3 → prod (Acme Production)" */
  return g_strdup_printf (_("%s v%d → %s (%s)"),
                          stage_member (request, "workflow", "name"),
                          (int) sc_json_get_int (sc_json_get_object (request, "release"), "version", 0),
                          stage_member (request, "target", "tag"),
                          stage_member (request, "target", "org_name"));
}

static void
show_bulk_results (ScApprovalsView *self)
{
  GtkWidget *dialog;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *done = NULL;
  g_autofree char *refused = NULL;
  guint n = json_array_get_length (self->bulk_results), n_done = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = json_array_get_object_element (self->bulk_results, i);

      if (sc_json_get_bool (result, "ok"))
        n_done++;
      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* Translators: one line of the results: "Invoice sync v3 → prod (Acme Production): Approved" */
      g_string_append_printf (body, _("%s: %s"), sc_json_get_string (result, "label"),
                              sc_json_get_string (result, "message"));
    }

  done = g_strdup_printf (self->bulk_decision == SC_DECISION_APPROVE
                          ? g_dngettext (GETTEXT_PACKAGE, "%u approved", "%u approved", n_done)
                          : g_dngettext (GETTEXT_PACKAGE, "%u rejected", "%u rejected", n_done),
                          n_done);
  refused = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refused", "%u refused", n - n_done),
                             n - n_done);
  /* Translators: the heading of the results, "2 approved, 1 refused" */
  heading = n_done == n ? g_strdup (done) : g_strdup_printf (_("%s, %s"), done, refused);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void bulk_next (ScApprovalsView *self);

static void
bulk_decided_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScApprovalsView) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;
  JsonObject *line;

  answer = sc_client_decide_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  request = g_ptr_array_steal_index (self->bulk_queue, 0);
  line = json_object_new ();
  json_object_set_string_member (line, "id", sc_json_get_string (request, "id"));
  {
    g_autofree char *label = describe_request (request);

    json_object_set_string_member (line, "label", label);
  }
  json_object_set_boolean_member (line, "ok", answer != NULL);
  /* a refusal of one does not stop the others: the server's sentence */
  if (answer != NULL)
    json_object_set_string_member (line, "message", self->bulk_decision == SC_DECISION_APPROVE
                                                    ? _("Approved") : _("Rejected"));
  else
    {
      sc_session_report_if_unauthorized (get_session (self), error);
      json_object_set_string_member (line, "message", error->message);
    }
  json_array_add_object_element (self->bulk_results, line);
  bulk_next (self);
}

static void
bulk_next (ScApprovalsView *self)
{
  if (self->bulk_queue->len > 0)
    {
      JsonObject *request = g_ptr_array_index (self->bulk_queue, 0);

      sc_client_decide_async (sc_session_get_client (get_session (self)), sc_json_get_string (request, "id"),
                              self->bulk_decision, self->bulk_text, self->bulk_cancellable,
                              bulk_decided_cb, g_object_ref (self));
      return;
    }

  g_clear_object (&self->bulk_cancellable);
  g_clear_pointer (&self->bulk_text, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->bulk_comment), "");
  gtk_toggle_button_set_active (self->select_button, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BULK_BUSY]);
  show_bulk_results (self);
  load_list (self);
  refresh_count (self);
}

static void
decide_selected (ScApprovalsView *self,
                 ScDecision       decision)
{
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->bulk_comment));
  g_autoptr(GPtrArray) ticked = ticked_requests (self);

  if (get_session (self) == NULL || ticked->len == 0 || bulk_busy (self))
    return;

  g_clear_pointer (&self->bulk_queue, g_ptr_array_unref);
  self->bulk_queue = g_steal_pointer (&ticked);
  g_clear_pointer (&self->bulk_results, json_array_unref);
  self->bulk_results = json_array_new ();
  self->bulk_decision = decision;
  g_free (self->bulk_text);
  self->bulk_text = comment[0] != '\0' ? g_strdup (comment) : NULL;
  self->bulk_cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BULK_BUSY]);
  update_bulk (self);
  bulk_next (self);
}

static void
decide_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  decide_selected (SC_APPROVALS_VIEW (widget),
                   g_str_equal (action_name, "approvals.approve-selected")
                   ? SC_DECISION_APPROVE : SC_DECISION_REJECT);
}

/* sc_approvals_view_open_request(): the comment field, once the request
 * shows (and may be decided). */
static void
review_state_cb (ScApprovalsView *self)
{
  GtkEditable *comment;

  if (!self->focus_comment ||
      g_strcmp0 (sc_approval_review_get_state (self->review), "request") != 0 ||
      sc_approval_review_get_busy (self->review))
    return;
  self->focus_comment = FALSE;
  comment = sc_approval_review_get_comment (self->review);
  if (gtk_widget_is_sensitive (GTK_WIDGET (comment)))
    gtk_widget_grab_focus (GTK_WIDGET (comment));
}

static void
sc_approvals_view_reload (ScSectionView *view)
{
  ScApprovalsView *self = SC_APPROVALS_VIEW (view);

  load_list (self);
  refresh_count (self);
  if (sc_approval_review_get_request_id (self->review) != NULL)
    sc_approval_review_reload (self->review);
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
  g_cancellable_cancel (self->bulk_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->count_cancellable);
  g_clear_object (&self->bulk_cancellable);
  g_clear_pointer (&self->bulk_queue, g_ptr_array_unref);
  g_clear_pointer (&self->bulk_results, json_array_unref);
  g_clear_pointer (&self->bulk_text, g_free);
  /* the rows go with the template, the filter buttons before them */
  if (self->list_box != NULL)
    gtk_list_box_set_header_func (self->list_box, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_APPROVALS_VIEW);

  g_clear_pointer (&self->items, json_array_unref);
  g_clear_pointer (&self->loading_items, json_array_unref);

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
    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;
    case PROP_BULK_BUSY:
      g_value_set_boolean (value, bulk_busy (self));
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
  SC_SECTION_VIEW_CLASS (klass)->session_changed = sc_approvals_view_session_changed;
  SC_SECTION_VIEW_CLASS (klass)->reload = sc_approvals_view_reload;

  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BULK_BUSY] =
    g_param_spec_boolean ("bulk-busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_APPROVAL_REVIEW);

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
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, select_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, bulk_comment);
  gtk_widget_class_bind_template_callback (widget_class, select_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_changed_cb);

  sc_section_view_class_install_reload (widget_class, "approvals.reload");
  gtk_widget_class_install_action (widget_class, "approvals.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "approvals.approve-selected", NULL, decide_selected_action);
  gtk_widget_class_install_action (widget_class, "approvals.reject-selected", NULL, decide_selected_action);
}

static void
sc_approvals_view_init (ScApprovalsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  sc_section_view_set_chrome (SC_SECTION_VIEW (self), self->leaflet,
                              self->list_header, self->details_header,
                              self->sidebar_button, self->back_button,
                              self->menu_button);
  sc_section_view_set_pages (SC_SECTION_VIEW (self), self->list_title, self->list_stack,
                             self->list_spinner, self->error_page);

  g_signal_connect_swapped (self->list_box, "row-selected", G_CALLBACK (row_selected_cb), self);
  gtk_list_box_set_header_func (self->list_box, org_header_cb, self, NULL);
  g_signal_connect_swapped (self->review, "notify::state", G_CALLBACK (review_state_cb), self);
  g_signal_connect_swapped (self->review, "notify::busy", G_CALLBACK (review_state_cb), self);
  update_bulk (self);
}

GtkWidget *
sc_approvals_view_new (void)
{
  return g_object_new (SC_TYPE_APPROVALS_VIEW, NULL);
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
sc_approvals_view_open_request (ScApprovalsView *self,
                                const char      *request_id)
{
  g_autoptr(JsonObject) stub = json_object_new ();

  g_return_if_fail (SC_IS_APPROVALS_VIEW (self));
  g_return_if_fail (request_id != NULL);

  sc_approvals_view_set_filter (self, "pending");
  gtk_toggle_button_set_active (self->select_button, FALSE);
  /* shown at once, completed by the review's own load */
  json_object_set_string_member (stub, "id", request_id);
  if (g_strcmp0 (request_id, sc_approval_review_get_request_id (self->review)) != 0)
    sc_approval_review_set_request (self->review, stub);
  select_row (self, sc_list_box_find_row (self->list_box, "sc-request", request_id));
  show_details (self);
  self->focus_comment = TRUE;
  review_state_cb (self);
}

gboolean
sc_approvals_view_get_bulk_busy (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), FALSE);
  return bulk_busy (self);
}

JsonArray *
sc_approvals_view_get_bulk_results (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  return self->bulk_results;
}
