/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Window"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-activity-view.h"
#include "sc-membership.h"
#include "sc-scheduled-view.h"
#include "sc-approvals-view.h"
#include "sc-org-view.h"
#include "sc-paths-view.h"
#include "sc-sign-in-page.h"
#include "sc-ui-util.h"
#include "sc-window-private.h"
#include "sc-event-watcher.h"
#include "sc-workflows-view.h"

struct _ScWindow
{
  AdwApplicationWindow  parent_instance;

  GtkStack             *main_stack;
  ScSignInPage         *sign_in_page;
  AdwStatusPage        *loading_page;
  AdwLeaflet           *leaflet;
  GtkMenuButton        *account_button;
  AdwAvatar            *avatar;
  GtkLabel             *account_name;
  GtkLabel             *account_email;
  GtkDropDown          *org_dropdown;
  GtkListBox           *sections;
  GtkLabel             *server_label;
  GtkStack             *content_stack;
  GMenuModel           *primary_menu;
  GtkLabel             *approvals_badge;

  ScAccounts           *accounts;
  ScSession            *session;
  ScSessionSet         *session_set;  /* the other signed-in accounts too */
  ScEventWatcher       *watcher;
  GPtrArray            *other_watchers;  /* of the set's other accounts */
  GCancellable         *cancellable;
  GSettings            *settings;
  gulong                unauthorized_id;
  gboolean              updating_orgs;
  gboolean              have_views;
  gboolean              restore_pending;  /* until the first frame */
};

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScWindow, sc_window, ADW_TYPE_APPLICATION_WINDOW)

static void show_sign_in (ScWindow   *self,
                          const char *message);

typedef struct {
  const char *name;
  const char *title;
  const char *icon;
} Section;

/* The sections that work today; Promotion Paths and Organization join this
 * table as they are built. */
static const Section sections[] = {
  { "workflows", N_("Workflows"), "view-list-symbolic" },
  { "paths", N_("Promotion Paths"), "media-playlist-consecutive-symbolic" },
  { "approvals", N_("Approvals"), "emblem-ok-symbolic" },
  { "organization", N_("Organization"), "preferences-system-symbolic" },
  { "activity", N_("Activity"), "document-open-recent-symbolic" },
  { "scheduled", N_("Scheduled"), "alarm-symbolic" },
};

static void
reset_cancellable (ScWindow *self)
{
  /* whatever comes next replaces a restore still waiting for the first frame */
  self->restore_pending = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/* Shows the page @name of the main stack. The pages not on screen yet are
 * hidden (sc-window.ui), so that the first frame neither styles nor
 * measures them; the stack shows only a visible child. */
static void
show_page (ScWindow   *self,
           const char *name)
{
  gtk_widget_set_visible (gtk_stack_get_child_by_name (self->main_stack, name), TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, name);
}

/* @badge (out, nullable): a count at the end of the row, hidden. */
static GtkWidget *
section_row_new (const Section  *section,
                 GtkLabel      **badge)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(section->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon));
  gtk_box_append (GTK_BOX (box), label);
  if (badge != NULL)
    {
      *badge = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (*badge), "count-badge");
      gtk_widget_set_valign (GTK_WIDGET (*badge), GTK_ALIGN_CENTER);
      gtk_widget_set_visible (GTK_WIDGET (*badge), FALSE);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (*badge));
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_widget_set_name (row, section->name);
  return row;
}

/* The count on the app's icon in docks that show one (Ubuntu's, Dash to
 * Dock, Plank, KDE's task manager): the LauncherEntry signal, broadcast. */
static void
update_launcher_entry (ScWindow *self,
                       guint     count)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GDBusConnection *connection;
  GVariantBuilder entry;

  connection = application != NULL ? g_application_get_dbus_connection (G_APPLICATION (application)) : NULL;
  if (connection == NULL)
    return;

  g_variant_builder_init (&entry, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&entry, "{sv}", "count", g_variant_new_int64 (count));
  g_variant_builder_add (&entry, "{sv}", "count-visible", g_variant_new_boolean (count > 0));
  g_dbus_connection_emit_signal (connection, NULL, g_application_get_dbus_object_path (G_APPLICATION (application)),
                                 "com.canonical.Unity.LauncherEntry", "Update",
                                 g_variant_new ("(sa{sv})", "application://" APPLICATION_ID ".desktop", &entry),
                                 NULL);
}

static void
pending_count_changed_cb (ScWindow        *self,
                          GParamSpec      *pspec,
                          ScApprovalsView *view)
{
  guint count = sc_approvals_view_get_pending_count (view);
  g_autofree char *text = g_strdup_printf ("%u", count);
  /* Translators: the sidebar's badge on Approvals, for screen readers */
  g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u request to review",
                                                               "%u requests to review", count),
                                                  count);

  gtk_label_set_text (self->approvals_badge, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->approvals_badge), description);
  gtk_widget_set_visible (GTK_WIDGET (self->approvals_badge), count > 0);
  update_launcher_entry (self, count);
}

/* Activity is for the org's administrators: the row shows for them. */
static void
update_activity_row (ScWindow *self)
{
  ScSession *session = self->session;
  gboolean admin = session != NULL && sc_session_get_role (session) >= SC_ROLE_ADMIN;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sections));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), "activity") == 0)
      gtk_widget_set_visible (row, admin);
}

static void section_activated_cb (ScWindow      *self,
                                  GtkListBoxRow *row);
static void org_selected_cb      (ScWindow      *self);
static void leaflet_folded_cb    (ScWindow      *self);

/* The main page (sidebar and sections' stack, sc-window-main.ui), built
 * when a session first needs it: the first frame builds and styles only
 * the sign-in page. */
static void
ensure_main (ScWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  g_autoptr(GError) error = NULL;

  if (self->leaflet != NULL)
    return;

  builder = gtk_builder_new ();
  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback (GTK_BUILDER_CSCOPE (scope), section_activated_cb);
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  gtk_builder_expose_object (builder, "primary_menu", G_OBJECT (self->primary_menu));
  if (!gtk_builder_add_from_resource (builder, "/io/github/stagecraft/Stagecraft/sc-window-main.ui", &error))
    g_error ("sc-window-main.ui: %s", error->message);

  self->leaflet = ADW_LEAFLET (gtk_builder_get_object (builder, "leaflet"));
  self->account_button = GTK_MENU_BUTTON (gtk_builder_get_object (builder, "account_button"));
  self->avatar = ADW_AVATAR (gtk_builder_get_object (builder, "avatar"));
  self->account_name = GTK_LABEL (gtk_builder_get_object (builder, "account_name"));
  self->account_email = GTK_LABEL (gtk_builder_get_object (builder, "account_email"));
  self->org_dropdown = GTK_DROP_DOWN (gtk_builder_get_object (builder, "org_dropdown"));
  self->sections = GTK_LIST_BOX (gtk_builder_get_object (builder, "sections"));
  self->server_label = GTK_LABEL (gtk_builder_get_object (builder, "server_label"));
  self->content_stack = GTK_STACK (gtk_builder_get_object (builder, "content_stack"));
  /* the stack owns the page; the pointers above live as long as it */
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->leaflet), "main");

  g_signal_connect_swapped (self->org_dropdown, "notify::selected", G_CALLBACK (org_selected_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (leaflet_folded_cb), self);
}

/* The sidebar's rows and the section views, made when first needed (a
 * session, or a test asking for a view): nothing the sign-in page or the
 * loading page does not show delays the first frame. */
static void
ensure_views (ScWindow *self)
{
  if (self->have_views)
    return;
  self->have_views = TRUE;
  ensure_main (self);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_list_box_append (self->sections,
                         section_row_new (&sections[i],
                                          g_str_equal (sections[i].name, "approvals")
                                          ? &self->approvals_badge : NULL));

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkWidget *view = NULL;

      if (g_str_equal (sections[i].name, "workflows"))
        view = sc_workflows_view_new ();
      else if (g_str_equal (sections[i].name, "paths"))
        view = sc_paths_view_new ();
      else if (g_str_equal (sections[i].name, "approvals"))
        {
          view = sc_approvals_view_new ();
          sc_approvals_view_set_session_set (SC_APPROVALS_VIEW (view), self->session_set);
          g_signal_connect_object (view, "notify::pending-count",
                                   G_CALLBACK (pending_count_changed_cb), self, G_CONNECT_SWAPPED);
        }
      else if (g_str_equal (sections[i].name, "organization"))
        view = sc_org_view_new ();
      else if (g_str_equal (sections[i].name, "activity"))
        view = sc_activity_view_new ();
      else if (g_str_equal (sections[i].name, "scheduled"))
        view = sc_scheduled_view_new ();
      /* handed down: the header bars follow the window's fold */
      if (SC_IS_SECTION_VIEW (view))
        {
          g_object_bind_property (self->leaflet, "folded", view, "folded", G_BINDING_SYNC_CREATE);
          g_object_set (view, "menu-model", self->primary_menu, NULL);
        }
      gtk_stack_add_titled (self->content_stack, view, sections[i].name, _(sections[i].title));
    }
}

static void
show_section (ScWindow   *self,
              const char *name)
{
  ensure_views (self);
  gtk_stack_set_visible_child_name (self->content_stack, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
sc_window_show_section (ScWindow   *self,
                        const char *name)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  ensure_views (self);
  if (gtk_stack_get_child_by_name (self->content_stack, name) == NULL)
    return;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sections));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sections, GTK_LIST_BOX_ROW (row));
  show_section (self, name);
}

static void
section_activated_cb (ScWindow      *self,
                      GtkListBoxRow *row)
{
  show_section (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
update_org_dropdown (ScWindow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *memberships = sc_session_get_membership_list (self->session);
  const char *org_id = sc_session_get_org_id (self->session);
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (memberships); i++)
    {
      g_autoptr(ScMembership) m = g_list_model_get_item (memberships, i);
      const char *org_name = sc_membership_get_org_name (m);

      gtk_string_list_append (names, org_name != NULL ? org_name : "?");
      if (g_strcmp0 (sc_membership_get_org_id (m), org_id) == 0)
        selected = i;
    }

  self->updating_orgs = TRUE;
  gtk_drop_down_set_model (self->org_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->org_dropdown, selected);
  self->updating_orgs = FALSE;
}

static void
org_selected_cb (ScWindow *self)
{
  g_autoptr(ScMembership) m = NULL;
  guint selected = gtk_drop_down_get_selected (self->org_dropdown);

  if (self->updating_orgs || self->session == NULL)
    return;

  if (selected >= g_list_model_get_n_items (sc_session_get_membership_list (self->session)))
    return;

  m = g_list_model_get_item (sc_session_get_membership_list (self->session), selected);
  sc_session_set_org_id (self->session, sc_membership_get_org_id (m));
  g_settings_set_string (self->settings, "current-org", sc_session_get_org_id (self->session));
}

static void
update_account_menu (ScWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) switch_section = g_menu_new ();
  g_autoptr(GMenu) actions_section = g_menu_new ();

  if (sc_session_is_demo (self->session))
    {
      const char * const *emails = sc_accounts_get_demo_emails (self->accounts);

      for (guint i = 0; emails != NULL && emails[i] != NULL; i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (emails[i], NULL);

          g_menu_item_set_action_and_target (item, "win.switch-demo-user", "s", emails[i]);
          g_menu_append_item (switch_section, item);
        }
      g_menu_append_section (menu, _("Demo Users"), G_MENU_MODEL (switch_section));
    }
  else
    {
      guint n = sc_accounts_get_n_accounts (self->accounts);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *label = sc_accounts_describe (self->accounts, i);
          g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

          g_menu_item_set_action_and_target (item, "win.switch-account", "i", (gint32) i);
          g_menu_append_item (switch_section, item);
        }
      if (n > 1)
        g_menu_append_section (menu, _("Switch Account"), G_MENU_MODEL (switch_section));
    }

  g_menu_append (actions_section, _("_Add Account…"), "win.add-account");
  g_menu_append (actions_section,
                 sc_session_is_demo (self->session) ? _("_Leave the Demo") : _("_Sign Out"),
                 "win.sign-out");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions_section));

  gtk_menu_button_set_menu_model (self->account_button, G_MENU_MODEL (menu));
}

static void
session_unauthorized_cb (ScWindow  *self,
                         ScSession *session)
{
  g_autofree char *url = g_strdup (sc_session_get_server_url (session));

  show_sign_in (self, _("Your sign-in is no longer valid (the token expired or was revoked). Sign in again."));
  sc_sign_in_page_set_server_url (self->sign_in_page, url);
}

static void
stop_watcher (ScEventWatcher *watcher)
{
  sc_event_watcher_stop (watcher);
  g_object_unref (watcher);
}

static void
clear_watcher (ScWindow *self)
{
  if (self->watcher != NULL)
    sc_event_watcher_stop (self->watcher);
  g_clear_object (&self->watcher);
  if (self->other_watchers != NULL)
    g_ptr_array_set_size (self->other_watchers, 0);
}

/* The other signed-in accounts' requests notify too: a watcher for each
 * session of the set but the window's (kept while its session is). */
static void
update_other_watchers (ScWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  guint n = sc_session_set_get_n_sessions (self->session_set);
  g_autoptr(GPtrArray) watchers = g_ptr_array_new_with_free_func ((GDestroyNotify) stop_watcher);

  for (guint i = 0; self->watcher != NULL && i < n; i++)
    {
      ScSession *session = sc_session_set_get_session (self->session_set, i);
      ScEventWatcher *watcher = NULL;

      if (session == self->session)
        continue;
      for (guint j = 0; j < self->other_watchers->len && watcher == NULL; j++)
        if (sc_event_watcher_get_session (g_ptr_array_index (self->other_watchers, j)) == session)
          watcher = g_object_ref (g_ptr_array_index (self->other_watchers, j));
      if (watcher == NULL)
        watcher = sc_event_watcher_new (session, application != NULL ? G_APPLICATION (application) : NULL);
      g_ptr_array_add (watchers, watcher);
    }
  /* the watchers of the accounts gone stop with the old array */
  for (guint j = 0; j < self->other_watchers->len; j++)
    if (!g_ptr_array_find (watchers, g_ptr_array_index (self->other_watchers, j), NULL))
      sc_event_watcher_stop (g_ptr_array_index (self->other_watchers, j));
  g_ptr_array_set_free_func (self->other_watchers, g_object_unref);
  g_ptr_array_unref (self->other_watchers);
  self->other_watchers = g_steal_pointer (&watchers);
}

/* One watcher of the event feed for the signed-in session, unless the
 * "notifications" setting is off. */
static void
update_watcher (ScWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->watcher != NULL &&
      sc_event_watcher_get_session (self->watcher) == self->session &&
      g_settings_get_boolean (self->settings, "notifications"))
    return;

  clear_watcher (self);
  if (self->session != NULL && g_settings_get_boolean (self->settings, "notifications"))
    self->watcher = sc_event_watcher_new (self->session,
                                          application != NULL ? G_APPLICATION (application) : NULL);
  update_other_watchers (self);
}

ScEventWatcher *
sc_window_get_event_watcher_for (ScWindow  *self,
                                 ScSession *session)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  if (self->watcher != NULL && sc_event_watcher_get_session (self->watcher) == session)
    return self->watcher;
  for (guint i = 0; i < self->other_watchers->len; i++)
    if (sc_event_watcher_get_session (g_ptr_array_index (self->other_watchers, i)) == session)
      return g_ptr_array_index (self->other_watchers, i);
  return NULL;
}

ScEventWatcher *
sc_window_get_event_watcher (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->watcher;
}

void
sc_window_set_session (ScWindow  *self,
                       ScSession *session)
{
  g_autofree char *server = NULL;
  GtkWidget *view;

  g_return_if_fail (SC_IS_WINDOW (self));

  if (self->session != NULL && self->unauthorized_id != 0)
    g_clear_signal_handler (&self->unauthorized_id, self->session);
  g_set_object (&self->session, session);
  sc_session_set_set_current (self->session_set, session);
  update_watcher (self);

  if (session == NULL)
    {
      show_sign_in (self, NULL);
      return;
    }

  self->unauthorized_id = g_signal_connect_swapped (session, "unauthorized",
                                                    G_CALLBACK (session_unauthorized_cb), self);

  {
    g_autofree char *current_org = g_settings_get_string (self->settings, "current-org");

    if (current_org[0] != '\0' && !sc_session_is_demo (session))
      sc_session_set_org_id (session, current_org);
  }

  ensure_main (self);
  adw_avatar_set_text (self->avatar, sc_session_get_name (session));
  gtk_label_set_text (self->account_name, sc_session_get_name (session));
  gtk_label_set_text (self->account_email, sc_session_get_email (session));
  if (sc_session_is_demo (session))
    server = g_strdup_printf (_("Demo server · %s"), sc_session_get_server_url (session));
  else
    server = g_strdup (sc_session_get_server_url (session));
  gtk_label_set_text (self->server_label, server);

  update_org_dropdown (self);
  update_account_menu (self);

  ensure_views (self);
  view = gtk_stack_get_child_by_name (self->content_stack, "workflows");
  sc_section_view_set_session (SC_SECTION_VIEW (view), session);
  view = gtk_stack_get_child_by_name (self->content_stack, "approvals");
  sc_section_view_set_session (SC_SECTION_VIEW (view), session);
  view = gtk_stack_get_child_by_name (self->content_stack, "paths");
  sc_section_view_set_session (SC_SECTION_VIEW (view), session);
  view = gtk_stack_get_child_by_name (self->content_stack, "organization");
  sc_section_view_set_session (SC_SECTION_VIEW (view), session);
  view = gtk_stack_get_child_by_name (self->content_stack, "activity");
  sc_section_view_set_session (SC_SECTION_VIEW (view), session);
  view = gtk_stack_get_child_by_name (self->content_stack, "scheduled");
  sc_scheduled_view_set_session (SC_SCHEDULED_VIEW (view), session);
  g_signal_connect_object (session, "notify::org-id", G_CALLBACK (update_activity_row),
                           self, G_CONNECT_SWAPPED);
  update_activity_row (self);

  sc_sign_in_page_set_busy (self->sign_in_page, FALSE);
  sc_sign_in_page_set_error (self->sign_in_page, NULL);
  show_page (self, "main");

  if (gtk_list_box_get_selected_row (self->sections) == NULL)
    gtk_list_box_select_row (self->sections, gtk_list_box_get_row_at_index (self->sections, 0));
}

void
sc_window_show_request (ScWindow   *self,
                        const char *request_id)
{
  sc_window_show_request_in (self, NULL, request_id);
}

ScSession *
sc_window_get_session (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->session;
}

ScSessionSet *
sc_window_get_session_set (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return self->session_set;
}

void
sc_window_show_request_in (ScWindow   *self,
                           ScSession  *session,
                           const char *request_id)
{
  GtkWidget *view;

  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (request_id != NULL);

  sc_window_show_section (self, "approvals");
  view = sc_window_get_view (self, "approvals");
  if (view != NULL)
    sc_approvals_view_open_request_in (SC_APPROVALS_VIEW (view), session, request_id);
}

static void
session_ready_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScSession) session = NULL;

  session = sc_accounts_session_finish (SC_ACCOUNTS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (session == NULL)
    {
      /* keep whatever the user typed; say what went wrong under it */
      show_sign_in (self, error != NULL ? error->message : NULL);
      return;
    }

  sc_sign_in_page_clear_secrets (self->sign_in_page);
  sc_window_set_session (self, session);
}

/* The loading page (a header bar, a status page with a spinner), made when
 * first shown: the first frame builds the sign-in page only. */
static void
show_loading (ScWindow   *self,
              const char *title)
{
  if (self->loading_page == NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
      gtk_widget_set_size_request (spinner, 32, 32);
      gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
      self->loading_page = ADW_STATUS_PAGE (adw_status_page_new ());
      gtk_widget_set_vexpand (GTK_WIDGET (self->loading_page), TRUE);
      adw_status_page_set_child (self->loading_page, spinner);
      gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->loading_page));
      gtk_widget_set_visible (box, FALSE);
      gtk_stack_add_named (self->main_stack, box, "loading");
    }
  adw_status_page_set_title (self->loading_page, title);
  show_page (self, "loading");
}

static void
sign_in_requested_cb (ScWindow *self)
{
  const char *url = sc_sign_in_page_get_server_url (self->sign_in_page);

  reset_cancellable (self);
  sc_sign_in_page_set_busy (self->sign_in_page, TRUE);

  if (sc_sign_in_page_get_uses_api_key (self->sign_in_page))
    sc_accounts_sign_in_async (self->accounts, url, TRUE,
                               sc_sign_in_page_get_client_id (self->sign_in_page),
                               sc_sign_in_page_get_client_secret (self->sign_in_page),
                               self->cancellable, session_ready_cb, g_object_ref (self));
  else
    sc_accounts_sign_in_async (self->accounts, url, FALSE,
                               sc_sign_in_page_get_token (self->sign_in_page), NULL,
                               self->cancellable, session_ready_cb, g_object_ref (self));
}

static void
demo_requested_cb (ScWindow *self)
{
  sc_window_start_demo (self);
}

static void
sign_in_cancelled_cb (ScWindow *self)
{
  if (self->session != NULL)
    show_page (self, "main");
}

void
sc_window_start_demo (ScWindow *self)
{
  g_return_if_fail (SC_IS_WINDOW (self));

  reset_cancellable (self);
  show_loading (self, _("Starting the Demo…"));
  sc_accounts_start_demo_async (self->accounts, self->cancellable, session_ready_cb, g_object_ref (self));
}

static void
restore_after_paint_cb (GdkFrameClock *clock,
                        ScWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, restore_after_paint_cb, self);
  if (!self->restore_pending)
    return;
  self->restore_pending = FALSE;
  sc_accounts_restore_async (self->accounts, self->cancellable, session_ready_cb, g_object_ref (self));
}

static void
restore_mapped_cb (GtkWidget *widget,
                   gpointer   user_data)
{
  g_signal_handlers_disconnect_by_func (widget, restore_mapped_cb, user_data);
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                           G_CALLBACK (restore_after_paint_cb), widget, 0);
}

void
sc_window_restore (ScWindow *self)
{
  g_return_if_fail (SC_IS_WINDOW (self));

  if (sc_accounts_get_current (self->accounts) < 0)
    {
      show_sign_in (self, NULL);
      return;
    }

  reset_cancellable (self);
  show_loading (self, _("Signing In…"));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      sc_accounts_restore_async (self->accounts, self->cancellable, session_ready_cb, g_object_ref (self));
      return;
    }
  /* at start-up: the keyring lookup, and with it libsecret, after the
   * window's first frame (README, "Performance") */
  if (!self->restore_pending)
    g_signal_connect (self, "map", G_CALLBACK (restore_mapped_cb), NULL);
  self->restore_pending = TRUE;
}

/* Shows the sign-in page; @message (nullable) explains why. */
static void
show_sign_in (ScWindow   *self,
              const char *message)
{

  sc_sign_in_page_set_busy (self->sign_in_page, FALSE);
  sc_sign_in_page_set_error (self->sign_in_page, message);
  sc_sign_in_page_set_can_cancel (self->sign_in_page, self->session != NULL);
  show_page (self, "sign-in");
}

void
sc_window_show_preferences (ScWindow *self)
{
  AdwPreferencesWindow *window;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;
  guint n, n_rows = 0;

  g_return_if_fail (SC_IS_WINDOW (self));

  window = ADW_PREFERENCES_WINDOW (adw_preferences_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  adw_preferences_window_set_search_enabled (window, FALSE);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("Accounts"));
  adw_preferences_page_set_icon_name (page, "system-users-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Accounts"));
  adw_preferences_group_set_description (group,
    _("Tokens and API keys are kept in your keyring, never in files. Add, switch or sign out of accounts from the account menu in the sidebar."));

  /* the demo's users first: signed in to the demo, they are the accounts
   * the account menu switches between */
  if (self->session != NULL && sc_session_is_demo (self->session))
    {
      const char * const *emails = sc_accounts_get_demo_emails (self->accounts);

      for (; emails != NULL && emails[n_rows] != NULL; n_rows++)
        adw_preferences_group_add (group, sc_text_row_new (emails[n_rows],
          g_strcmp0 (emails[n_rows], sc_session_get_email (self->session)) == 0
          ? _("Demo user · in use") : _("Demo user")));
    }

  n = sc_accounts_get_n_accounts (self->accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = sc_accounts_describe (self->accounts, i);
      gboolean in_use = self->session != NULL && !sc_session_is_demo (self->session) &&
                        (int) i == sc_accounts_get_current (self->accounts);

      adw_preferences_group_add (group, sc_text_row_new (label, in_use ? _("In use") : NULL));
    }
  if (n + n_rows == 0)
    adw_preferences_group_add (group, sc_text_row_new (_("No accounts yet"), NULL));

  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Notifications"));
  {
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *toggle = gtk_switch_new ();

    gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
    g_settings_bind (self->settings, "notifications", toggle, "active", G_SETTINGS_BIND_DEFAULT);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Desktop _Notifications"));
    adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("When a promotion waits for your review, your request is decided or a promotion completes"));
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
    adw_preferences_group_add (group, row);
  }
  adw_preferences_page_add (page, group);
  adw_preferences_window_add (window, page);
  gtk_window_present (GTK_WINDOW (window));
}

gboolean
sc_window_get_folded (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), FALSE);
  ensure_main (self);
  return adw_leaflet_get_folded (self->leaflet);
}

gboolean
sc_window_get_restore_pending (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), FALSE);
  return self->restore_pending;
}

const char *
sc_window_get_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkWidget *
sc_window_get_sign_in_page (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sign_in_page);
}

GtkWidget *
sc_window_get_view (ScWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);
  ensure_views (self);
  return gtk_stack_get_child_by_name (self->content_stack, name);
}

static void
switch_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  reset_cancellable (self);
  show_loading (self, _("Switching Account…"));
  sc_accounts_switch_async (self->accounts, g_variant_get_int32 (parameter), self->cancellable,
                            session_ready_cb, g_object_ref (self));
}

static void
switch_demo_user_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  reset_cancellable (self);
  show_loading (self, _("Switching User…"));
  sc_accounts_switch_demo_user_async (self->accounts, g_variant_get_string (parameter, NULL),
                                      self->cancellable, session_ready_cb, g_object_ref (self));
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  sc_sign_in_page_set_server_url (self->sign_in_page, "");
  show_sign_in (self, NULL);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_accounts_sign_out_finish (SC_ACCOUNTS (source), result, &error))
    g_warning ("Signing out did not clear everything: %s", error->message);

  if (sc_accounts_get_current (self->accounts) >= 0)
    sc_window_restore (self);
  else
    sc_window_set_session (self, NULL);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  reset_cancellable (self);
  sc_accounts_sign_out_async (self->accounts, self->session, self->cancellable,
                              signed_out_cb, g_object_ref (self));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->leaflet != NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* win.show-help-overlay: the shortcuts window, built the first time it is
 * asked for. Its file is not at gtk/help-overlay.ui (GtkApplication would
 * build it with every window, before the first frame); with this action in
 * place, gtk_application_window_set_help_overlay() adds none of its own. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  ScWindow *self = user_data;
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self));

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/stagecraft/Stagecraft/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self), overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
leaflet_folded_cb (ScWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

static void
sc_window_dispose (GObject *object)
{
  ScWindow *self = (ScWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL && self->unauthorized_id != 0)
    g_clear_signal_handler (&self->unauthorized_id, self->session);
  clear_watcher (self);
  g_clear_pointer (&self->other_watchers, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->session_set);
  g_clear_object (&self->accounts);

  G_OBJECT_CLASS (sc_window_parent_class)->dispose (object);
}

static void
sc_window_finalize (GObject *object)
{
  ScWindow *self = (ScWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sc_window_parent_class)->finalize (object);
}

static void
sc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, sc_window_get_folded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_class_init (ScWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_window_dispose;
  object_class->finalize = sc_window_finalize;
  object_class->get_property = sc_window_get_property;

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SC_TYPE_SIGN_IN_PAGE);
  g_type_ensure (SC_TYPE_WORKFLOWS_VIEW);
  g_type_ensure (SC_TYPE_APPROVALS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/stagecraft/Stagecraft/sc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, primary_menu);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_requested_cb);

  gtk_widget_class_install_action (widget_class, "win.switch-account", "i", switch_account_action);
  gtk_widget_class_install_action (widget_class, "win.switch-demo-user", "s", switch_demo_user_action);
  gtk_widget_class_install_action (widget_class, "win.add-account", NULL, add_account_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
}

static void
sc_window_init (ScWindow *self)
{
  static const GActionEntry help_entries[] = {
    { "show-help-overlay", show_help_overlay_cb },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), help_entries, G_N_ELEMENTS (help_entries), self);
  /* -Dprofile=development: libadwaita's striped header bars */
  if (!g_str_equal (APPLICATION_ID, APP_ID))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->other_watchers = g_ptr_array_new_with_free_func ((GDestroyNotify) stop_watcher);
  self->settings = g_settings_new (APP_ID);

  g_signal_connect_object (self->settings, "changed::notifications",
                           G_CALLBACK (update_watcher), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->sign_in_page, "cancel", G_CALLBACK (sign_in_cancelled_cb), self);

  /* each window starts at the last size and saves its own; other windows do
   * not follow while it is resized */
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT | G_SETTINGS_BIND_GET_NO_CHANGES);
}

ScWindow *
sc_window_new (AdwApplication *application,
               ScAccounts     *accounts)
{
  ScWindow *self;

  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SC_IS_ACCOUNTS (accounts), NULL);

  self = g_object_new (SC_TYPE_WINDOW, "application", application, NULL);
  self->accounts = g_object_ref (accounts);
  self->session_set = sc_session_set_new (accounts);
  g_signal_connect_object (self->session_set, "changed", G_CALLBACK (update_other_watchers),
                           self, G_CONNECT_SWAPPED);
  return self;
}

void
sc_window_reload_section (ScWindow   *self,
                          const char *name)
{
  GtkWidget *view;

  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (self->content_stack == NULL)
    return;
  view = gtk_stack_get_child_by_name (self->content_stack, name);
  if (view != NULL && SC_IS_SECTION_VIEW (view))
    sc_section_view_reload (SC_SECTION_VIEW (view));
}
