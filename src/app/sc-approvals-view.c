/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-ApprovalsView"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-approvals-view.h"
#include "sc-decision-result.h"
#include "sc-models.h"
#include "sc-session-set.h"
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
  AdwWindowTitle   *details_title;
  GtkWidget        *back_button;
  GtkMenuButton    *menu_button;
  ScApprovalReview *review;
  GtkToggleButton  *select_button;
  GtkRevealer      *bulk_revealer;
  GtkLabel         *bulk_label;
  GtkEntry         *bulk_comment;
  GtkDropDown      *org_filter;

  /* the inbox is of every signed-in account (nullable: the session's only) */
  ScSessionSet     *session_set;
  /* the accounts the list is loaded from, the session's first, and the one
   * being read */
  GPtrArray        *sources;
  guint             source_index;
  GPtrArray        *item_sessions;   /* the ScSession of each of items */
  GPtrArray        *loading_sessions;

  /* the org filter: a group (account and target org) or all (NULL) */
  GPtrArray        *filter_keys;     /* the dropdown's, NULL first */
  char             *org_key;
  gboolean          filling_filter;

  GPtrArray        *items;           /* the ScApprovalRequests listed */
  GPtrArray        *loading_items;   /* the pages read so far */
  guint             n_pages;
  GCancellable     *list_cancellable;
  GError           *error;
  GCancellable     *count_cancellable;
  guint             pending_count;
  gboolean          selecting;       /* selection set by code: no navigation */
  gboolean          focus_comment;   /* once the review shows its request */

  /* a decision on the requests ticked in selection mode, one at a time */
  GPtrArray        *bulk_queue;      /* ScApprovalRequests still to send */
  GPtrArray        *bulk_sessions;   /* the ScSession of each, to send it through */
  ScDecision        bulk_decision;
  char             *bulk_text;       /* the one comment, nullable */
  GPtrArray        *bulk_results;    /* an ScDecisionResult of each sent */
  GPtrArray        *bulk_labels;     /* what each was, as the results say */
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
static void update_details_subtitle (ScApprovalsView *self);
static void update_subtitle (ScApprovalsView *self);
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
describe_age (GDateTime *then)
{
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
  return sc_format_day (then);
}

static const char *
or_unknown (const char *value)
{
  return value != NULL ? value : "?";
}

/* Who the user is in the account of @session: the e-mail, with the
 * server when another account listed has the same. */
static char *
account_label (ScApprovalsView *self,
               ScSession       *session)
{
  const char *email = sc_session_get_email (session);
  g_autoptr(GUri) uri = NULL;

  if (email == NULL)
    email = sc_session_get_account (session);
  for (guint i = 0; self->sources != NULL && i < self->sources->len; i++)
    {
      ScSession *other = g_ptr_array_index (self->sources, i);

      if (other != session && g_strcmp0 (sc_session_get_email (other), email) == 0)
        {
          uri = g_uri_parse (sc_session_get_server_url (session), G_URI_FLAGS_NONE, NULL);
          break;
        }
    }
  if (uri == NULL)
    return g_strdup (email != NULL ? email : "");
  /* Translators: an account where two have one e-mail, "ada@example.com on stagecraft.example.com" */
  return g_uri_get_port (uri) > 0
         ? g_strdup_printf (_("%s on %s:%d"), email, g_uri_get_host (uri), g_uri_get_port (uri))
         : g_strdup_printf (_("%s on %s"), email, g_uri_get_host (uri));
}

/* The inbox's groups: the account's position among the sources and the
 * target org. */
static char *
group_key (ScApprovalsView   *self,
           ScSession         *session,
           ScApprovalRequest *request)
{
  guint rank = 0;

  if (self->sources != NULL)
    g_ptr_array_find (self->sources, session, &rank);
  return g_strdup_printf ("%u/%s", rank, or_unknown (sc_approval_request_get_target (request)->org_id));
}

/* The name of a group: the org, and the account when there are several. */
static char *
group_label (ScApprovalsView   *self,
             ScSession         *session,
             ScApprovalRequest *request)
{
  const char *org = or_unknown (sc_approval_request_get_target (request)->org_name);
  g_autofree char *account = NULL;

  if (session == NULL || self->sources == NULL || self->sources->len < 2)
    return g_strdup (org);
  account = account_label (self, session);
  /* Translators: a group of the inbox, "Acme Production · ada@example.com" */
  return g_strdup_printf (_("%s · %s"), org, account);
}

/* Four lines, each short enough for 360 px:
 *   Invoice sync
 *   v3 · stage → prod
 *   Acme Staging → Acme Production
 *   Ada Admin · 2 hours ago        (History: Approved · Ada Admin · 21 May 2025) */
static GtkWidget *
request_row_new (ScApprovalsView   *self,
                 ScApprovalRequest *model,
                 ScSession         *session,
                 gboolean           select_mode)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  const ScPathStage *source = sc_approval_request_get_source (model);
  const ScPathStage *target = sc_approval_request_get_target (model);
  ScApprovalState state = sc_approval_request_get_state (model);
  const char *workflow_name = sc_approval_request_get_workflow_name (model);
  const char *who = sc_approval_request_get_requester (model)->name;
  g_autofree char *age = describe_age (sc_approval_request_get_created_at (model));
  g_autofree char *stages = NULL;
  g_autofree char *orgs = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *label;

  if (who == NULL)
    who = sc_approval_request_get_requester_email (model);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  sc_box_add_row_label (GTK_BOX (box), workflow_name, "heading");
  /* Translators: a release and the stages of a request, "v3 · stage → prod" */
  stages = g_strdup_printf (_("v%d · %s → %s"),
                            (int) sc_approval_request_get_release_version (model),
                            or_unknown (source->tag), or_unknown (target->tag));
  sc_box_add_row_label (GTK_BOX (box), stages, NULL);
  /* Translators: the organizations of a request, "Acme Staging → Acme Production" */
  orgs = g_strdup_printf (_("%s → %s"), or_unknown (source->org_name),
                          or_unknown (target->org_name));
  label = sc_box_add_row_label (GTK_BOX (box), orgs, "dim-label");
  gtk_widget_set_tooltip_text (label, orgs);
  if (state == SC_APPROVAL_STATE_PENDING)
    /* Translators: a pending request, "Ada Admin · 2 hours ago" */
    caption = g_strdup_printf (_("%s · %s"), who != NULL ? who : "?", age);
  else
    /* Translators: a request in the history, "Approved · Ada Admin · 21 May 2025" */
    caption = g_strdup_printf (_("%s · %s · %s"),
                               sc_approval_describe_state (sc_approval_state_to_string (state)),
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
                                  or_unknown (workflow_name));
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
    g_autofree char *description = NULL;

    /* with several accounts, whose request it is */
    if (session != NULL && self->sources != NULL && self->sources->len > 1)
      {
        g_autofree char *account = account_label (self, session);

        description = g_strdup_printf ("%s, %s, %s, %s", stages, orgs, caption, account);
      }
    else
      description = g_strdup_printf ("%s, %s, %s", stages, orgs, caption);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    workflow_name != NULL ? workflow_name : "",
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  }
  g_object_set_data_full (G_OBJECT (row), "sc-model", g_object_ref (model), g_object_unref);
  if (session != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "sc-session", g_object_ref (session), g_object_unref);
      g_object_set_data_full (G_OBJECT (row), "sc-group", group_key (self, session, model), g_free);
    }
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

/* The row of request @request_id of @session's account (NULL: any). */
static GtkListBoxRow *
find_row (ScApprovalsView *self,
          ScSession       *session,
          const char      *request_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL && request_id != NULL; row = gtk_widget_get_next_sibling (row))
    {
      ScSession *row_session = g_object_get_data (G_OBJECT (row), "sc-session");

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      if (g_strcmp0 (sc_approval_request_get_id (g_object_get_data (G_OBJECT (row), "sc-model")),
                     request_id) == 0 &&
          (session == NULL || row_session == NULL || row_session == session))
        return GTK_LIST_BOX_ROW (row);
    }
  return NULL;
}

static void
org_filter_changed_cb (ScApprovalsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->org_filter);
  const char *key = NULL;

  if (self->filling_filter)
    return;
  if (self->filter_keys != NULL && selected < self->filter_keys->len)
    key = g_ptr_array_index (self->filter_keys, selected);
  if (g_strcmp0 (key, self->org_key) == 0)
    return;
  g_free (self->org_key);
  self->org_key = g_strdup (key);

  /* what is no longer shown is no longer ticked */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "sc-check");
      const char *group = g_object_get_data (G_OBJECT (row), "sc-group");

      if (check != NULL && self->org_key != NULL && g_strcmp0 (group, self->org_key) != 0)
        gtk_check_button_set_active (check, FALSE);
    }
  gtk_list_box_invalidate_filter (self->list_box);
  gtk_list_box_invalidate_headers (self->list_box);
  update_bulk (self);
}

static void
filter_item_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
filter_item_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static gboolean
org_filter_func (GtkListBoxRow *row,
                 gpointer       user_data)
{
  ScApprovalsView *self = user_data;

  return self->org_key == NULL ||
         g_strcmp0 (g_object_get_data (G_OBJECT (row), "sc-group"), self->org_key) == 0;
}

/* The org filter offers the groups of the inbox (when there are two or
 * more); the one chosen stays while it is listed. */
static void
fill_org_filter (ScApprovalsView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint n = self->items != NULL ? self->items->len : 0;
  guint selected = 0;
  g_autofree char *previous = g_steal_pointer (&self->org_key);

  g_clear_pointer (&self->filter_keys, g_ptr_array_unref);
  self->filter_keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->filter_keys, NULL);
  gtk_string_list_append (names, _("All organizations"));
  for (guint i = 0; is_pending (self) && i < n; i++)
    {
      ScApprovalRequest *request = g_ptr_array_index (self->items, i);
      ScSession *session = g_ptr_array_index (self->item_sessions, i);
      g_autofree char *key = group_key (self, session, request);
      g_autofree char *label = NULL;

      if (g_strcmp0 (key, g_ptr_array_index (self->filter_keys, self->filter_keys->len - 1)) == 0)
        continue;
      if (g_strcmp0 (key, previous) == 0)
        selected = self->filter_keys->len;
      label = group_label (self, session, request);
      gtk_string_list_append (names, label);
      g_ptr_array_add (self->filter_keys, g_steal_pointer (&key));
    }

  self->filling_filter = TRUE;
  gtk_drop_down_set_model (self->org_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->org_filter, selected);
  self->filling_filter = FALSE;
  self->org_key = g_strdup (g_ptr_array_index (self->filter_keys, selected));
  gtk_widget_set_visible (GTK_WIDGET (self->org_filter), self->filter_keys->len > 2);
  gtk_list_box_invalidate_filter (self->list_box);
}

static void
fill_list (ScApprovalsView *self)
{
  guint n = self->items != NULL ? self->items->len : 0;
  gboolean select_mode = gtk_toggle_button_get_active (self->select_button);

  sc_list_box_clear (self->list_box);
  fill_org_filter (self);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = request_row_new (self, g_ptr_array_index (self->items, i),
                                        g_ptr_array_index (self->item_sessions, i), select_mode);
      GtkWidget *check = g_object_get_data (G_OBJECT (row), "sc-check");

      g_signal_connect_object (check, "toggled", G_CALLBACK (update_bulk), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->list_box, row);
    }

  /* the request under review stays selected when it is still listed */
  select_row (self, find_row (self, sc_approval_review_get_session (self->review),
                              sc_approval_review_get_request_id (self->review)));

  if (n == 0)
    show_empty (self);
  else
    set_page (self, "list");
  update_bulk (self);
  update_subtitle (self);
  update_details_subtitle (self);
}

/* An item of the inbox being sorted. */
typedef struct {
  ScApprovalRequest *request;
  ScSession         *session;
  guint              rank;    /* the account's position among the sources */
  char              *org;     /* the target org's collation key */
  guint              index;   /* the server's order */
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a;
  const Entry *y = b;
  int org;

  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  org = strcmp (x->org, y->org);
  if (org != 0)
    return org;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void
clear_entry (Entry *entry)
{
  g_free (entry->org);
}

/* The inbox in groups: by account (in the order of the sources), then by
 * target org name; newest first in each (the server's order, kept by the
 * index as the last key: g_array_sort alone is not stable). */
static void
sort_by_org (ScApprovalsView *self)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  guint n = self->items->len;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_full (n, g_object_unref);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_full (n, g_object_unref);

  g_array_set_clear_func (entries, (GDestroyNotify) clear_entry);
  for (guint i = 0; i < n; i++)
    {
      Entry entry = { 0 };

      entry.request = g_ptr_array_index (self->items, i);
      entry.session = g_ptr_array_index (self->item_sessions, i);
      g_ptr_array_find (self->sources, entry.session, &entry.rank);
      entry.org = g_utf8_collate_key (or_unknown (sc_approval_request_get_target (entry.request)->org_name), -1);
      entry.index = i;
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < n; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      g_ptr_array_add (sorted, g_object_ref (entry->request));
      g_ptr_array_add (sessions, g_object_ref (entry->session));
    }
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&sorted);
  g_clear_pointer (&self->item_sessions, g_ptr_array_unref);
  self->item_sessions = g_steal_pointer (&sessions);
}

static GtkWidget *
header_label_new (const char *text,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (label, text);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* In the inbox, the target org above each group of its requests; with
 * several accounts, the account above the first group of each. */
static void
org_header_cb (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  ScApprovalsView *self = user_data;
  ScApprovalRequest *request = g_object_get_data (G_OBJECT (row), "sc-model");
  ScSession *session = g_object_get_data (G_OBJECT (row), "sc-session");
  const char *group = g_object_get_data (G_OBJECT (row), "sc-group");
  GtkWidget *header;
  GtkWidget *org;

  if (!is_pending (self) ||
      (before != NULL && g_strcmp0 (group, g_object_get_data (G_OBJECT (before), "sc-group")) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  if (session != NULL && self->sources != NULL && self->sources->len > 1 &&
      (before == NULL || g_object_get_data (G_OBJECT (before), "sc-session") != session))
    {
      g_autofree char *account = account_label (self, session);
      GtkWidget *label = header_label_new (account, "heading");

      /* whole: the account tells the groups apart */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);

      gtk_widget_set_margin_top (label, before != NULL ? 12 : 0);
      gtk_box_append (GTK_BOX (header), label);
    }
  org = header_label_new (or_unknown (request != NULL ? sc_approval_request_get_target (request)->org_name
                                                     : NULL), "heading");
  gtk_widget_add_css_class (org, "dim-label");
  gtk_box_append (GTK_BOX (header), org);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 12 : 6);
  gtk_widget_set_margin_bottom (header, 3);
  gtk_list_box_row_set_header (row, header);
}

static ScSession *
source_session (ScApprovalsView *self)
{
  return g_ptr_array_index (self->sources, self->source_index);
}

/* The accounts the inbox is of: the session's first, then every other
 * signed-in account of the session set. */
static GPtrArray *
inbox_sessions (ScApprovalsView *self)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);
  ScSession *session = get_session (self);
  guint n = self->session_set != NULL ? sc_session_set_get_n_sessions (self->session_set) : 0;

  if (session == NULL)
    return sessions;
  g_ptr_array_add (sessions, g_object_ref (session));
  for (guint i = 0; i < n; i++)
    {
      ScSession *other = sc_session_set_get_session (self->session_set, i);

      if (!sc_session_same_account (other, session))
        g_ptr_array_add (sessions, g_object_ref (other));
    }
  return sessions;
}

static void
list_loaded (ScApprovalsView *self)
{
  g_clear_object (&self->list_cancellable);
  sc_section_view_end_load (SC_SECTION_VIEW (self), NULL);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&self->loading_items);
  g_clear_pointer (&self->item_sessions, g_ptr_array_unref);
  self->item_sessions = g_steal_pointer (&self->loading_sessions);
  if (is_pending (self))
    sort_by_org (self);
  fill_list (self);
}

/* The next account's requests, or the list is complete. */
static void
next_source (ScApprovalsView *self)
{
  self->n_pages = 0;
  if (++self->source_index < self->sources->len)
    load_page (self, NULL);
  else
    list_loaded (self);
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScApprovalsView) self = user_data;
  GError *error = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) requests = NULL;
  gboolean history;
  const char *cursor;

  page = sc_client_list_approval_requests_finish (SC_CLIENT (source), result, &error);
  if (page == NULL && self->source_index > 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* another account's failure does not hide the window's own account's
       * requests: it is left out until it answers again */
      g_debug ("The requests of %s are left out: %s",
               sc_session_get_account (source_session (self)), error->message);
      g_clear_error (&error);
      next_source (self);
      return;
    }
  if (page == NULL)
    {
      /* cancelled: the items gathered are the next load's */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_object (&self->list_cancellable);
          g_clear_pointer (&self->loading_items, g_ptr_array_unref);
          g_clear_pointer (&self->loading_sessions, g_ptr_array_unref);
        }
      sc_section_view_end_load (SC_SECTION_VIEW (self), error);
      return;
    }

  /* the server lists every state at once: History is all but pending */
  history = gtk_toggle_button_get_active (self->history_button);
  requests = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_APPROVAL_REQUEST,
                                  (gpointer) sc_approval_request_new_from_json);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (requests)); i++)
    {
      ScApprovalRequest *request = g_list_model_get_item (G_LIST_MODEL (requests), i);

      if (history && sc_approval_request_get_state (request) == SC_APPROVAL_STATE_PENDING)
        {
          g_object_unref (request);
          continue;
        }
      g_ptr_array_add (self->loading_items, request);
      g_ptr_array_add (self->loading_sessions, g_object_ref (source_session (self)));
    }

  cursor = sc_client_page_get_next_cursor (page);
  if (cursor != NULL && ++self->n_pages < MAX_PAGES)
    {
      load_page (self, cursor);
      return;
    }
  next_source (self);
}

static void
load_page (ScApprovalsView *self,
           const char      *cursor)
{
  const char *filter = sc_approvals_view_get_filter (self);
  gboolean pending = g_str_equal (filter, "pending");

  /* Pending is the inbox: every org of every account */
  sc_client_list_approval_requests_async (sc_session_get_client (source_session (self)),
                                          pending ? "pending" : NULL,
                                          pending ? NULL : sc_session_get_org_id (get_session (self)),
                                          pending, g_str_equal (filter, "mine"),
                                          cursor, self->list_cancellable,
                                          page_loaded_cb, g_object_ref (self));
}

/* The badge's count: the pending requests of every account, summed. */
typedef struct {
  ScApprovalsView *self;
  GCancellable    *cancellable;
  guint            remaining;
  guint            total;
  gboolean         failed;    /* the window's own account did not answer */
} CountJob;

static void
count_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CountJob *job = user_data;
  ScApprovalsView *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;
  ScSession *session = get_session (self);
  gboolean own = session != NULL && SC_CLIENT (source) == sc_session_get_client (session);

  page = sc_client_list_approval_requests_finish (SC_CLIENT (source), result, &error);
  if (page != NULL)
    job->total += sc_client_page_get_n_items (page);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || own)
    job->failed = TRUE;
  if (--job->remaining > 0)
    return;

  /* a failure shows in the list; the badge keeps its last count */
  if (!job->failed && job->cancellable == self->count_cancellable)
    {
      g_clear_object (&self->count_cancellable);
      if (job->total != self->pending_count)
        {
          self->pending_count = job->total;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
        }
    }
  g_object_unref (job->cancellable);
  g_object_unref (job->self);
  g_free (job);
}

static void
refresh_count (ScApprovalsView *self)
{
  g_autoptr(GPtrArray) sessions = NULL;
  CountJob *job;

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

  sessions = inbox_sessions (self);
  self->count_cancellable = g_cancellable_new ();
  job = g_new0 (CountJob, 1);
  job->self = g_object_ref (self);
  job->cancellable = g_object_ref (self->count_cancellable);
  job->remaining = sessions->len;
  for (guint i = 0; i < sessions->len; i++)
    {
      ScClient *client = sc_session_get_client (g_ptr_array_index (sessions, i));

      sc_client_list_approval_requests_async (client, "pending", NULL, TRUE, FALSE,
                                              SC_CLIENT_ALL_PAGES, self->count_cancellable,
                                              count_loaded_cb, job);
    }
}

static void
load_list (ScApprovalsView *self)
{
  g_clear_pointer (&self->loading_items, g_ptr_array_unref);
  self->loading_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_pointer (&self->loading_sessions, g_ptr_array_unref);
  self->loading_sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->n_pages = 0;
  self->source_index = 0;
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  if (is_pending (self))
    self->sources = inbox_sessions (self);
  else
    {
      self->sources = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->sources, g_object_ref (get_session (self)));
    }
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

/* With several accounts, the review's subtitle says whose request it is. */
static void
update_details_subtitle (ScApprovalsView *self)
{
  ScSession *session = sc_approval_review_get_session (self->review);
  g_autofree char *account = NULL;

  if (session != NULL && sc_approval_review_get_request_id (self->review) != NULL &&
      self->sources != NULL && self->sources->len > 1)
    account = account_label (self, session);
  adw_window_title_set_subtitle (self->details_title, account != NULL ? account : "");
}

/* The review panel shows @row's request, decided through the session of
 * its account. */
static void
review_row (ScApprovalsView *self,
            GtkListBoxRow   *row)
{
  ScApprovalRequest *model = g_object_get_data (G_OBJECT (row), "sc-model");
  ScSession *session = g_object_get_data (G_OBJECT (row), "sc-session");

  if (session != NULL)
    sc_approval_review_set_session (self->review, session);
  if (g_strcmp0 (sc_approval_request_get_id (model), sc_approval_review_get_request_id (self->review)) != 0)
    sc_approval_review_set_request (self->review, model);
  update_details_subtitle (self);
}

static void
row_activated_cb (ScApprovalsView *self,
                  GtkListBoxRow   *row)
{
  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  if (gtk_toggle_button_get_active (self->select_button) && !self->selecting)
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "sc-check");

      gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
      return;
    }

  review_row (self, row);
  if (!self->selecting)
    show_details (self);
}

static void
row_selected_cb (ScApprovalsView *self,
                 GtkListBoxRow   *row)
{
  /* keyboard navigation in the list shows each request as it goes */
  if (row != NULL && !self->selecting && !gtk_toggle_button_get_active (self->select_button))
    review_row (self, row);
}

static void
review_changed_cb (ScApprovalsView   *self,
                   ScApprovalRequest *request)
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
  else if (is_pending (self) && self->sources != NULL && self->sources->len > 1)
    adw_window_title_set_subtitle (self->list_title, _("All accounts"));
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
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->org_key, g_free);
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
  update_details_subtitle (self);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->loading_items, g_ptr_array_unref);
  g_clear_pointer (&self->org_key, g_free);
  g_clear_object (&self->list_cancellable);
  sc_list_box_clear (self->list_box);
  if (get_session (self) != NULL)
    load_list (self);
  else
    set_page (self, "loading");
}

/* the sidebar's badge counts while the view is hidden */
static void
sc_approvals_view_session_changed_now (ScSectionView *view)
{
  refresh_count (SC_APPROVALS_VIEW (view));
}

/* --- selection mode and the decision on the selection --------------------- */

/* @sessions (out, optional): the session of each. */
static GPtrArray *
ticked_requests (ScApprovalsView  *self,
                 GPtrArray       **sessions)
{
  GPtrArray *ticked = g_ptr_array_new_with_free_func (g_object_unref);

  if (sessions != NULL)
    *sessions = g_ptr_array_new_with_free_func (g_object_unref);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "sc-check");

      if (check != NULL && gtk_check_button_get_active (check))
        {
          ScSession *session = g_object_get_data (G_OBJECT (row), "sc-session");

          g_ptr_array_add (ticked, g_object_ref (g_object_get_data (G_OBJECT (row), "sc-model")));
          if (sessions != NULL)
            g_ptr_array_add (*sessions, g_object_ref (session != NULL ? session : get_session (self)));
        }
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
  g_autoptr(GPtrArray) ticked = ticked_requests (self, NULL);
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
describe_request (ScApprovalRequest *request)
{
  const ScPathStage *target = sc_approval_request_get_target (request);

  /* Translators: a request in the results of a decision on several,
   * "Invoice sync v3 → prod (Acme Production)" */
  return g_strdup_printf (_("%s v%d → %s (%s)"),
                          or_unknown (sc_approval_request_get_workflow_name (request)),
                          (int) sc_approval_request_get_release_version (request),
                          or_unknown (target->tag), or_unknown (target->org_name));
}

/* What became of the @index-th request sent: "Approved", "Rejected", or
 * the server's sentence for a refusal. */
static const char *
bulk_message (ScApprovalsView *self,
              guint            index)
{
  ScDecisionResult *result = g_ptr_array_index (self->bulk_results, index);

  if (!sc_decision_result_get_done (result))
    return sc_decision_result_get_error (result)->message;
  return sc_decision_result_get_decision (result) == SC_DECISION_APPROVE ? _("Approved") : _("Rejected");
}

static void
show_bulk_results (ScApprovalsView *self)
{
  GtkWidget *dialog;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *done = NULL;
  g_autofree char *refused = NULL;
  guint n = self->bulk_results->len, n_done = 0;

  for (guint i = 0; i < n; i++)
    {
      if (sc_decision_result_get_done (g_ptr_array_index (self->bulk_results, i)))
        n_done++;
      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* Translators: one line of the results: "Invoice sync v3 → prod (Acme Production): Approved" */
      g_string_append_printf (body, _("%s: %s"), (const char *) g_ptr_array_index (self->bulk_labels, i),
                              bulk_message (self, i));
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
  g_autoptr(ScApprovalRequest) request = NULL;
  g_autoptr(ScSession) session = NULL;

  answer = sc_client_decide_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  request = g_ptr_array_steal_index (self->bulk_queue, 0);
  session = g_ptr_array_steal_index (self->bulk_sessions, 0);
  {
    g_autofree char *label = describe_request (request);

    /* with several accounts, whose it was */
    if (self->sources != NULL && self->sources->len > 1)
      {
        g_autofree char *account = account_label (self, session);
        g_autofree char *described = g_steal_pointer (&label);

        /* Translators: a request of one of several accounts in the results,
         * "Invoice sync v3 → prod (Acme Production) · ada@example.com" */
        label = g_strdup_printf (_("%s · %s"), described, account);
      }

    g_ptr_array_add (self->bulk_labels, g_steal_pointer (&label));
  }
  /* a refusal of one does not stop the others: the server's sentence */
  if (error != NULL)
    sc_session_report_if_unauthorized (session, error);
  g_ptr_array_add (self->bulk_results,
                   sc_decision_result_new (sc_approval_request_get_id (request), self->bulk_decision,
                                           answer, error));
  bulk_next (self);
}

static void
bulk_next (ScApprovalsView *self)
{
  if (self->bulk_queue->len > 0)
    {
      ScApprovalRequest *request = g_ptr_array_index (self->bulk_queue, 0);

      /* through the account the request came from */
      sc_client_decide_async (sc_session_get_client (g_ptr_array_index (self->bulk_sessions, 0)),
                              sc_approval_request_get_id (request),
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
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ticked = ticked_requests (self, &sessions);

  if (get_session (self) == NULL || ticked->len == 0 || bulk_busy (self))
    return;

  g_clear_pointer (&self->bulk_queue, g_ptr_array_unref);
  self->bulk_queue = g_steal_pointer (&ticked);
  g_clear_pointer (&self->bulk_sessions, g_ptr_array_unref);
  self->bulk_sessions = g_steal_pointer (&sessions);
  g_clear_pointer (&self->bulk_results, g_ptr_array_unref);
  self->bulk_results = g_ptr_array_new_with_free_func (g_object_unref);
  g_clear_pointer (&self->bulk_labels, g_ptr_array_unref);
  self->bulk_labels = g_ptr_array_new_with_free_func (g_free);
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

  /* an account that could not be opened is tried again ("changed" loads
   * the list once more when it comes back) */
  if (self->session_set != NULL)
    sc_session_set_refresh (self->session_set);
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
  g_clear_pointer (&self->bulk_sessions, g_ptr_array_unref);
  g_clear_pointer (&self->bulk_results, g_ptr_array_unref);
  g_clear_pointer (&self->bulk_labels, g_ptr_array_unref);
  g_clear_pointer (&self->bulk_text, g_free);
  if (self->session_set != NULL)
    g_signal_handlers_disconnect_by_data (self->session_set, self);
  g_clear_object (&self->session_set);
  /* the rows go with the template, the filter buttons before them */
  if (self->list_box != NULL)
    {
      gtk_list_box_set_header_func (self->list_box, NULL, NULL, NULL);
      gtk_list_box_set_filter_func (self->list_box, NULL, NULL, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_APPROVALS_VIEW);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->loading_items, g_ptr_array_unref);
  g_clear_pointer (&self->item_sessions, g_ptr_array_unref);
  g_clear_pointer (&self->loading_sessions, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->filter_keys, g_ptr_array_unref);
  g_clear_pointer (&self->org_key, g_free);

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
  SC_SECTION_VIEW_CLASS (klass)->session_changed_now = sc_approvals_view_session_changed_now;
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
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, details_title);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, back_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, review);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, select_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, bulk_comment);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalsView, org_filter);
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
  gtk_list_box_set_filter_func (self->list_box, org_filter_func, self, NULL);
  g_signal_connect_swapped (self->org_filter, "notify::selected", G_CALLBACK (org_filter_changed_cb), self);
  {
    /* long names (org · account) are cut, not widening the pane */
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (filter_item_setup_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (filter_item_bind_cb), NULL);
    gtk_drop_down_set_factory (self->org_filter, factory);
  }
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
  return self->items != NULL ? self->items->len : 0;
}

ScApprovalRequest *
sc_approvals_view_get_request (ScApprovalsView *self,
                               guint            index)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  g_return_val_if_fail (index < sc_approvals_view_get_n_requests (self), NULL);
  return g_ptr_array_index (self->items, index);
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

  row = find_row (self, NULL, request_id);
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
  sc_approvals_view_open_request_in (self, NULL, request_id);
}

void
sc_approvals_view_open_request_in (ScApprovalsView *self,
                                   ScSession       *session,
                                   const char      *request_id)
{
  g_autoptr(JsonObject) stub = json_object_new ();
  g_autoptr(ScApprovalRequest) model = NULL;

  g_return_if_fail (SC_IS_APPROVALS_VIEW (self));
  g_return_if_fail (session == NULL || SC_IS_SESSION (session));
  g_return_if_fail (request_id != NULL);

  sc_approvals_view_set_filter (self, "pending");
  gtk_toggle_button_set_active (self->select_button, FALSE);
  if (session == NULL)
    session = get_session (self);
  if (session != NULL)
    sc_approval_review_set_session (self->review, session);
  /* shown at once, completed by the review's own load */
  json_object_set_string_member (stub, "id", request_id);
  model = sc_approval_request_new_from_json (stub);
  if (g_strcmp0 (request_id, sc_approval_review_get_request_id (self->review)) != 0)
    sc_approval_review_set_request (self->review, model);
  update_details_subtitle (self);
  select_row (self, find_row (self, session, request_id));
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

guint
sc_approvals_view_get_n_bulk_results (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), 0);
  return self->bulk_results != NULL ? self->bulk_results->len : 0;
}

ScDecisionResult *
sc_approvals_view_get_bulk_result (ScApprovalsView  *self,
                                   guint             index,
                                   const char      **label,
                                   const char      **message)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  g_return_val_if_fail (index < sc_approvals_view_get_n_bulk_results (self), NULL);

  if (label != NULL)
    *label = g_ptr_array_index (self->bulk_labels, index);
  if (message != NULL)
    *message = bulk_message (self, index);
  return g_ptr_array_index (self->bulk_results, index);
}

static void
session_set_changed_cb (ScApprovalsView *self)
{
  /* a new current session: the view starts over when it gets it */
  if (get_session (self) == NULL ||
      sc_session_set_get_current (self->session_set) != get_session (self))
    return;
  refresh_count (self);
  /* a hidden view not loaded yet loads when shown */
  if (is_pending (self) && !bulk_busy (self) && !sc_section_view_get_stale (SC_SECTION_VIEW (self)))
    load_list (self);
}

void
sc_approvals_view_set_session_set (ScApprovalsView *self,
                                   ScSessionSet    *session_set)
{
  g_return_if_fail (SC_IS_APPROVALS_VIEW (self));
  g_return_if_fail (session_set == NULL || SC_IS_SESSION_SET (session_set));

  if (self->session_set == session_set)
    return;
  if (self->session_set != NULL)
    g_signal_handlers_disconnect_by_data (self->session_set, self);
  g_set_object (&self->session_set, session_set);
  if (session_set != NULL)
    g_signal_connect_swapped (session_set, "changed", G_CALLBACK (session_set_changed_cb), self);
  session_set_changed_cb (self);
}

guint
sc_approvals_view_get_n_shown (ScApprovalsView *self)
{
  guint n = 0;

  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), 0);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row);
  return n;
}

ScSession *
sc_approvals_view_get_request_session (ScApprovalsView *self,
                                       guint            index)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  g_return_val_if_fail (index < sc_approvals_view_get_n_requests (self), NULL);
  return g_ptr_array_index (self->item_sessions, index);
}

GtkDropDown *
sc_approvals_view_get_org_filter (ScApprovalsView *self)
{
  g_return_val_if_fail (SC_IS_APPROVALS_VIEW (self), NULL);
  return self->org_filter;
}
