/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-PathsView"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-json.h"
#include "sc-paths-view.h"
#include "sc-ui-util.h"

struct _ScPathsView
{
  ScSectionView    parent_instance;

  /* template */
  AdwLeaflet      *leaflet;
  GtkWidget       *list_pane;
  AdwHeaderBar    *list_header;
  AdwWindowTitle  *list_title;
  GtkWidget       *sidebar_button;
  GtkWidget       *new_button;
  GtkStack        *list_stack;
  GtkSpinner      *list_spinner;
  AdwStatusPage   *empty_page;
  GtkWidget       *empty_new_button;
  AdwStatusPage   *error_page;
  GtkListBox      *list_box;
  GtkWidget       *details_pane;
  AdwHeaderBar    *details_header;
  AdwWindowTitle  *details_title;
  GtkWidget       *back_button;
  GtkMenuButton   *menu_button;
  ScPathEditor    *editor;

  GListStore      *items;           /* ScPromotionPath: the paths listed */
  gboolean         selecting;       /* selection set by code: no navigation */
};

G_DEFINE_FINAL_TYPE (ScPathsView, sc_paths_view, SC_TYPE_SECTION_VIEW)

static ScSession *
get_session (ScPathsView *self)
{
  return sc_section_view_get_session (SC_SECTION_VIEW (self));
}

static gboolean
is_admin (ScPathsView *self)
{
  return get_session (self) != NULL && sc_session_get_role (get_session (self)) == SC_ROLE_ADMIN;
}

static void
set_page (ScPathsView *self,
          const char  *page)
{
  sc_section_view_show_page (SC_SECTION_VIEW (self), page);
}

static void
update_title (ScPathsView *self)
{
  const char *id = sc_path_editor_get_path_id (self->editor);

  if (g_strcmp0 (sc_path_editor_get_state (self->editor), "path") != 0)
    adw_window_title_set_title (self->details_title, _("Promotion Path"));
  else if (id == NULL)
    adw_window_title_set_title (self->details_title, _("New Path"));
  else
    adw_window_title_set_title (self->details_title, sc_path_editor_get_name (self->editor));
}

char *
sc_path_describe_stages (ScPromotionPath *path)
{
  return sc_promotion_path_join_tags (path, " → ");
}

static const char *
get_path_id (gpointer path)
{
  return sc_promotion_path_get_id (path);
}

/*   Production Pipeline
 *   dev → stage → prod */
static GtkWidget *
path_row_new (ScPromotionPath *path)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *stages = sc_path_describe_stages (path);
  GtkWidget *label;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  const char *name = sc_promotion_path_get_name (path);

  sc_box_add_row_label (GTK_BOX (box), name, "heading");
  label = sc_box_add_row_label (GTK_BOX (box), stages, "dim-label");
  gtk_widget_set_tooltip_text (label, stages);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name != NULL ? name : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, stages,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "sc-path", g_object_ref (path), g_object_unref);
  return row;
}

static void
select_row (ScPathsView   *self,
            GtkListBoxRow *row)
{
  self->selecting = TRUE;
  gtk_list_box_select_row (self->list_box, row);
  self->selecting = FALSE;
}

static void
update_admin (ScPathsView *self)
{
  gboolean admin = is_admin (self);
  const char *org_name = get_session (self) != NULL ? sc_session_get_org_name (get_session (self)) : NULL;
  g_autofree char *description = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "paths.new", admin);
  gtk_widget_set_visible (self->new_button, admin);
  gtk_widget_set_visible (self->empty_new_button, admin);
  if (admin)
    description = g_strdup (_("A path lists the stages a release goes through, each in an organization."));
  else
    /* Translators: %s is an organization */
    description = g_strdup_printf (_("Administrators of %s have not set up any promotion paths yet."),
                                   org_name != NULL ? org_name : "");
  adw_status_page_set_description (self->empty_page, description);
}

static void
fill_list (ScPathsView *self)
{
  guint n = sc_paths_view_get_n_paths (self);

  sc_list_box_clear (self->list_box);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list_box, path_row_new (sc_paths_view_get_path (self, i)));

  /* the path being edited stays selected when it is still listed */
  select_row (self, sc_list_box_find_item_row (self->list_box, "sc-path", get_path_id,
                                          sc_path_editor_get_path_id (self->editor)));

  if (n == 0)
    set_page (self, "empty");
  else
    set_page (self, "list");
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScPathsView) self = user_data;
  GError *error = NULL;
  g_autoptr(ScClientPage) page = NULL;

  page = sc_client_list_paths_finish (SC_CLIENT (source), result, &error);
  if (!sc_section_view_end_load (SC_SECTION_VIEW (self), error))
    return;

  g_clear_object (&self->items);
  self->items = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_PROMOTION_PATH,
                                     (gpointer) sc_promotion_path_new_from_json);
  fill_list (self);
}

static void
load_list (ScPathsView *self)
{
  GCancellable *cancellable;

  /* a reload keeps the rows in sight; a new list shows the spinner */
  cancellable = sc_section_view_begin_load (SC_SECTION_VIEW (self),
                                            self->items != NULL &&
                                            g_strcmp0 (sc_section_view_get_state (SC_SECTION_VIEW (self)), "list") == 0);
  sc_client_list_paths_async (sc_session_get_client (get_session (self)),
                              sc_session_get_org_id (get_session (self)),
                              cancellable, page_loaded_cb, g_object_ref (self));
}

static void
show_details (ScPathsView *self)
{
  update_title (self);
  adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
}

static void
row_activated_cb (ScPathsView   *self,
                  GtkListBoxRow *row)
{
  ScPromotionPath *path;

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  path = g_object_get_data (G_OBJECT (row), "sc-path");
  if (g_strcmp0 (sc_promotion_path_get_id (path), sc_path_editor_get_path_id (self->editor)) != 0)
    sc_path_editor_set_path (self->editor, path);
  update_title (self);
  if (!self->selecting)
    show_details (self);
}

static void
row_selected_cb (ScPathsView   *self,
                 GtkListBoxRow *row)
{
  /* keyboard navigation in the list shows each path as it goes */
  if (row != NULL && !self->selecting)
    {
      ScPromotionPath *path = g_object_get_data (G_OBJECT (row), "sc-path");

      if (g_strcmp0 (sc_promotion_path_get_id (path), sc_path_editor_get_path_id (self->editor)) != 0)
        sc_path_editor_set_path (self->editor, path);
      update_title (self);
    }
}

static void
editor_saved_cb (ScPathsView     *self,
                 ScPromotionPath *path)
{
  update_title (self);
  load_list (self);
}

static void
editor_deleted_cb (ScPathsView     *self,
                   ScPromotionPath *path)
{
  update_title (self);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  load_list (self);
}

static void
sc_paths_view_session_changed (ScSectionView *view)
{
  ScPathsView *self = SC_PATHS_VIEW (view);

  sc_path_editor_set_session (self->editor, get_session (self));
  sc_path_editor_set_path (self->editor, NULL);
  update_title (self);
  update_admin (self);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  g_clear_object (&self->items);
  sc_list_box_clear (self->list_box);
  if (get_session (self) != NULL)
    load_list (self);
  else
    set_page (self, "loading");
}

static void
sc_paths_view_reload (ScSectionView *view)
{
  load_list (SC_PATHS_VIEW (view));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ScPathsView *self = SC_PATHS_VIEW (widget);

  if (!is_admin (self))
    return;
  select_row (self, NULL);
  sc_path_editor_new_path (self->editor);
  show_details (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScPathsView *self = SC_PATHS_VIEW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
sc_paths_view_dispose (GObject *object)
{
  ScPathsView *self = (ScPathsView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PATHS_VIEW);

  g_clear_object (&self->items);

  G_OBJECT_CLASS (sc_paths_view_parent_class)->dispose (object);
}

static void
sc_paths_view_class_init (ScPathsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ScSectionViewClass *section_class = SC_SECTION_VIEW_CLASS (klass);

  object_class->dispose = sc_paths_view_dispose;
  section_class->session_changed = sc_paths_view_session_changed;
  section_class->reload = sc_paths_view_reload;

  g_type_ensure (SC_TYPE_PATH_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-paths-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, list_header);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, list_title);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, new_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, list_box);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, details_pane);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, details_header);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, details_title);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, back_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathsView, editor);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_saved_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_deleted_cb);

  sc_section_view_class_install_reload (widget_class, "paths.reload");
  gtk_widget_class_install_action (widget_class, "paths.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "paths.back", NULL, back_action);
}

static void
sc_paths_view_init (ScPathsView *self)
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
  update_admin (self);
}

GtkWidget *
sc_paths_view_new (void)
{
  return g_object_new (SC_TYPE_PATHS_VIEW, NULL);
}

guint
sc_paths_view_get_n_paths (ScPathsView *self)
{
  g_return_val_if_fail (SC_IS_PATHS_VIEW (self), 0);
  return self->items != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->items)) : 0;
}

ScPromotionPath *
sc_paths_view_get_path (ScPathsView *self,
                        guint        index)
{
  g_return_val_if_fail (SC_IS_PATHS_VIEW (self), NULL);
  g_return_val_if_fail (index < sc_paths_view_get_n_paths (self), NULL);
  g_autoptr(ScPromotionPath) path = g_list_model_get_item (G_LIST_MODEL (self->items), index);

  /* transfer none: the store holds a reference */
  return path;
}

GtkWidget *
sc_paths_view_get_row (ScPathsView *self,
                       guint        index)
{
  g_return_val_if_fail (SC_IS_PATHS_VIEW (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, (int) index));
}

gboolean
sc_paths_view_select (ScPathsView *self,
                      const char  *path_id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SC_IS_PATHS_VIEW (self), FALSE);
  g_return_val_if_fail (path_id != NULL, FALSE);

  row = sc_list_box_find_item_row (self->list_box, "sc-path", get_path_id, path_id);
  if (row == NULL)
    return FALSE;
  select_row (self, row);
  row_activated_cb (self, row);
  return TRUE;
}

ScPathEditor *
sc_paths_view_get_editor (ScPathsView *self)
{
  g_return_val_if_fail (SC_IS_PATHS_VIEW (self), NULL);
  return self->editor;
}
