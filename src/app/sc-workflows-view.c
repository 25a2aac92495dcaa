/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-WorkflowsView"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-ui-util.h"
#include "sc-workflow-list-model.h"
#include "sc-workflow-row.h"
#include "sc-workflows-view.h"

struct _ScWorkflowsView
{
  ScSectionView        parent_instance;

  /* template */
  AdwLeaflet          *leaflet;
  GtkWidget           *list_pane;
  AdwHeaderBar        *list_header;
  AdwWindowTitle      *list_title;
  GtkWidget           *sidebar_button;
  GtkToggleButton     *search_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkStack            *list_stack;
  GtkSpinner          *list_spinner;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *error_page;
  GtkListView         *list_view;
  GtkWidget           *details_pane;
  AdwHeaderBar        *details_header;
  AdwWindowTitle      *details_title;
  GtkWidget           *back_button;
  GtkMenuButton       *menu_button;
  ScWorkflowDetails   *details;

  ScWorkflowListModel *model;
  GtkSingleSelection  *selection;
  const GError        *reported;      /* the list error last reported as 401 */
  gboolean             selecting;     /* selection set by code: no navigation */
};

G_DEFINE_FINAL_TYPE (ScWorkflowsView, sc_workflows_view, SC_TYPE_SECTION_VIEW)

static ScSession *
get_session (ScWorkflowsView *self)
{
  return sc_section_view_get_session (SC_SECTION_VIEW (self));
}

static void
update_state (ScWorkflowsView *self)
{
  const GError *error = sc_workflow_list_model_get_error (self->model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean loading = sc_workflow_list_model_get_loading (self->model);
  gboolean loaded = sc_workflow_list_model_get_loaded (self->model);
  const char *query = sc_workflow_list_model_get_query (self->model);
  const char *page;

  sc_section_view_set_loading (SC_SECTION_VIEW (self), loading);

  if (error != NULL &&
      !(g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED) && loaded))
    {
      sc_section_view_show_error (SC_SECTION_VIEW (self), error);
      return;
    }
  else if (get_session (self) == NULL || !loaded || (n == 0 && loading))
    page = "loading";
  else if (n == 0)
    {
      if (query != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (query, -1);
          g_autofree char *description = NULL;

          /* Translators: the search found nothing; %s is what was typed */
          description = g_strdup_printf (_("No workflow’s name matches “%s”."), escaped);
          adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Results"));
          adw_status_page_set_description (self->empty_page, description);
        }
      else
        {
          adw_status_page_set_icon_name (self->empty_page, "view-list-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Workflows"));
          adw_status_page_set_description (self->empty_page,
                                           _("This organization has no workflows you can see yet."));
        }
      page = "empty";
    }
  else
    page = "list";

  sc_section_view_show_page (SC_SECTION_VIEW (self), page);
}

static void
model_error_changed_cb (ScWorkflowsView *self)
{
  const GError *error = sc_workflow_list_model_get_error (self->model);

  if (error != NULL && error != self->reported &&
      g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED) &&
      get_session (self) != NULL)
    {
      self->reported = error;
      sc_session_report_unauthorized (get_session (self));
    }
  if (error == NULL)
    self->reported = NULL;
  update_state (self);
}

static void
model_loaded_changed_cb (ScWorkflowsView *self)
{
  update_state (self);
}

static void
model_loading_changed_cb (ScWorkflowsView *self)
{
  update_state (self);
}

/* After a new first page, the workflow the details show is selected again
 * when it is among the rows. */
static void
model_items_changed_cb (ScWorkflowsView *self)
{
  const char *shown = sc_workflow_details_get_workflow_id (self->details);
  guint position;

  update_state (self);

  if (shown == NULL || gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    return;
  if (sc_workflow_list_model_find (self->model, shown, &position) == NULL)
    return;

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->selecting = FALSE;
}

static void
show_details (ScWorkflowsView *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
}

/* The workflow's name, from the row while the details load. */
static void
update_details_title (ScWorkflowsView *self)
{
  const char *title = sc_workflow_details_get_title (self->details);

  if (title == NULL)
    {
      ScWorkflow *item = gtk_single_selection_get_selected_item (self->selection);

      if (item != NULL &&
          g_strcmp0 (sc_workflow_get_id (item), sc_workflow_details_get_workflow_id (self->details)) == 0)
        title = sc_workflow_get_name (item);
    }
  adw_window_title_set_title (self->details_title, title != NULL ? title : "");
}

static void
selection_changed_cb (ScWorkflowsView *self)
{
  ScWorkflow *item = gtk_single_selection_get_selected_item (self->selection);

  /* Nothing selected (folded and back to the list, a reload in progress):
   * the details stay as they are. */
  if (item == NULL)
    return;

  sc_workflow_details_set_workflow_id (self->details, sc_workflow_get_id (item));
  update_details_title (self);
  if (!self->selecting)
    show_details (self);
}

static void
row_activated_cb (ScWorkflowsView *self,
                  guint            position)
{
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  show_details (self);
}

static void
details_title_changed_cb (ScWorkflowsView *self)
{
  update_details_title (self);
}

static void
details_workflow_loaded_cb (ScWorkflowsView *self,
                            JsonObject      *workflow)
{
  /* The row follows what the details learnt (a promotion, a release). */
  sc_workflow_list_model_update (self->model, workflow);
}

static void
search_text_changed_cb (ScWorkflowsView *self)
{
  sc_workflow_list_model_set_query (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_stopped_cb (ScWorkflowsView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_activated_cb (ScWorkflowsView *self)
{
  /* Enter selects the first result. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      show_details (self);
    }
}

static void
search_mode_changed_cb (ScWorkflowsView *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
retry_clicked_cb (ScWorkflowsView *self)
{
  if (sc_workflow_list_model_get_error_on_more (self->model) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    sc_workflow_list_model_load_more (self->model);
  else
    sc_workflow_list_model_reload (self->model);
}

static void
sc_workflows_view_session_changed (ScSectionView *view)
{
  ScWorkflowsView *self = SC_WORKFLOWS_VIEW (view);
  ScSession *session = get_session (self);

  sc_workflow_details_set_session (self->details, session);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (session == NULL)
    {
      sc_workflow_list_model_set_source (self->model, NULL, NULL);
      update_state (self);
      return;
    }

  sc_workflow_details_set_workflow_id (self->details, NULL);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  sc_workflow_list_model_set_source (self->model, sc_session_get_client (session),
                                     sc_session_get_org_id (session));
}

static void
sc_workflows_view_reload (ScSectionView *view)
{
  ScWorkflowsView *self = SC_WORKFLOWS_VIEW (view);

  sc_workflow_list_model_reload (self->model);
  if (sc_workflow_details_get_workflow_id (self->details) != NULL)
    sc_workflow_details_reload (self->details);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScWorkflowsView *self = SC_WORKFLOWS_VIEW (widget);
  gboolean enable = !gtk_search_bar_get_search_mode (self->search_bar);

  /* Folded on the details, searching means going back to the list. */
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) != self->list_pane)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
      enable = TRUE;
    }

  gtk_search_bar_set_search_mode (self->search_bar, enable);
  if (enable)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScWorkflowsView *self = SC_WORKFLOWS_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  /* so that choosing the same row again shows it again */
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
sc_workflows_view_dispose (GObject *object)
{
  ScWorkflowsView *self = (ScWorkflowsView *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WORKFLOWS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sc_workflows_view_parent_class)->dispose (object);
}

static void
sc_workflows_view_class_init (ScWorkflowsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  ScSectionViewClass *section_class = SC_SECTION_VIEW_CLASS (klass);

  object_class->dispose = sc_workflows_view_dispose;
  section_class->session_changed = sc_workflows_view_session_changed;
  section_class->reload = sc_workflows_view_reload;

  g_type_ensure (SC_TYPE_WORKFLOW_ROW);
  g_type_ensure (SC_TYPE_WORKFLOW_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-workflows-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, list_header);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, list_title);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, search_button);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, details_pane);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, details_header);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, details_title);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, back_button);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowsView, details);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_workflow_loaded_cb);

  sc_section_view_class_install_reload (widget_class, "workflows.reload");
  gtk_widget_class_install_action (widget_class, "workflows.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
}

static void
sc_workflows_view_init (ScWorkflowsView *self)
{
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  sc_section_view_set_chrome (SC_SECTION_VIEW (self), self->leaflet,
                              self->list_header, self->details_header,
                              self->sidebar_button, self->back_button,
                              self->menu_button);
  sc_section_view_set_pages (SC_SECTION_VIEW (self), self->list_title, self->list_stack,
                             self->list_spinner, self->error_page);

  self->model = sc_workflow_list_model_new ();
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (model_loading_changed_cb), self);
  g_signal_connect_swapped (self->model, "notify::loaded", G_CALLBACK (model_loaded_changed_cb), self);
  g_signal_connect_swapped (self->model, "notify::error", G_CALLBACK (model_error_changed_cb), self);
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, self->list_pane);

  /* Ctrl+R and F5 are the base's */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_MANAGED);
  sc_add_view_shortcut (shortcuts, "<Control>f", "win.search");
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  update_state (self);
}

GtkWidget *
sc_workflows_view_new (void)
{
  return g_object_new (SC_TYPE_WORKFLOWS_VIEW, NULL);
}

GListModel *
sc_workflows_view_get_model (ScWorkflowsView *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOWS_VIEW (self), NULL);
  return G_LIST_MODEL (self->model);
}

gboolean
sc_workflows_view_select (ScWorkflowsView *self,
                          const char      *workflow_id)
{
  guint position;

  g_return_val_if_fail (SC_IS_WORKFLOWS_VIEW (self), FALSE);
  g_return_val_if_fail (workflow_id != NULL, FALSE);

  if (sc_workflow_list_model_find (self->model, workflow_id, &position) == NULL)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      sc_workflow_details_set_workflow_id (self->details, workflow_id);
      show_details (self);
      return FALSE;
    }

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  show_details (self);
  return TRUE;
}

GtkListView *
sc_workflows_view_get_list_view (ScWorkflowsView *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOWS_VIEW (self), NULL);

  return self->list_view;
}

ScWorkflowDetails *
sc_workflows_view_get_details (ScWorkflowsView *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOWS_VIEW (self), NULL);
  return self->details;
}

void
sc_workflows_view_search (ScWorkflowsView *self,
                          const char      *query)
{
  g_return_if_fail (SC_IS_WORKFLOWS_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, query != NULL && query[0] != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query != NULL ? query : "");
}
