/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-SectionView"

#include "config.h"

#include "sc-section-chrome.h"
#include "sc-section-view.h"
#include "sc-ui-util.h"

typedef struct
{
  ScSession       *session;
  gulong           org_id_handler;
  /* the session or org changed while hidden: loads when shown */
  gboolean         stale;
  ScSectionChrome *chrome;
  gboolean         folded;
  GMenuModel      *menu_model;

  /* borrowed from the subclass's template */
  AdwWindowTitle  *title;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;

  GCancellable    *load_cancellable;
  gboolean         loading;
  GError          *error;
} ScSectionViewPrivate;

enum {
  PROP_0,
  PROP_FOLDED,
  PROP_MENU_MODEL,
  PROP_LOADING,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ScSectionView, sc_section_view, GTK_TYPE_WIDGET)

/* the reload action of each class, for its shortcuts */
static GQuark reload_action_quark;

static void
set_loading (ScSectionView *self,
             gboolean       loading)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  if (priv->spinner != NULL)
    gtk_spinner_set_spinning (priv->spinner, loading);
  if (priv->loading == !!loading)
    return;
  priv->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* What the section feeds outside itself, kept current even while hidden. */
static void
changed_now (ScSectionView *self)
{
  if (SC_SECTION_VIEW_GET_CLASS (self)->session_changed_now != NULL)
    SC_SECTION_VIEW_GET_CLASS (self)->session_changed_now (self);
}

static void
session_changed (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);
  const char *org_name = priv->session != NULL ? sc_session_get_org_name (priv->session) : NULL;

  if (priv->title != NULL)
    adw_window_title_set_subtitle (priv->title, org_name != NULL ? org_name : "");
  if (priv->session == NULL)
    sc_section_view_cancel_load (self);
  changed_now (self);
  /* a hidden section loads when it is first shown; signing out clears it
   * at once */
  if (priv->session != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      sc_section_view_cancel_load (self);
      priv->stale = TRUE;
      return;
    }
  priv->stale = FALSE;
  SC_SECTION_VIEW_GET_CLASS (self)->session_changed (self);
}

static void
sc_section_view_map (GtkWidget *widget)
{
  ScSectionView *self = SC_SECTION_VIEW (widget);
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  GTK_WIDGET_CLASS (sc_section_view_parent_class)->map (widget);
  if (priv->stale)
    {
      priv->stale = FALSE;
      SC_SECTION_VIEW_GET_CLASS (self)->session_changed (self);
    }
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sc_section_view_reload (SC_SECTION_VIEW (widget));
}

static void
real_session_changed (ScSectionView *self)
{
}

static void
real_reload (ScSectionView *self)
{
}

static void
sc_section_view_dispose (GObject *object)
{
  ScSectionView *self = SC_SECTION_VIEW (object);
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_cancellable_cancel (priv->load_cancellable);
  g_clear_object (&priv->load_cancellable);
  if (priv->session != NULL)
    g_clear_signal_handler (&priv->org_id_handler, priv->session);
  g_clear_object (&priv->session);
  g_clear_object (&priv->chrome);
  g_clear_object (&priv->menu_model);
  g_clear_error (&priv->error);
  priv->title = NULL;
  priv->stack = NULL;
  priv->spinner = NULL;
  priv->error_page = NULL;

  G_OBJECT_CLASS (sc_section_view_parent_class)->dispose (object);
}

static void
sc_section_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScSectionView *self = SC_SECTION_VIEW (object);
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, priv->folded);
      break;
    case PROP_MENU_MODEL:
      g_value_set_object (value, priv->menu_model);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, sc_section_view_get_loading (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, sc_section_view_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_section_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScSectionView *self = SC_SECTION_VIEW (object);
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_FOLDED:
      priv->folded = g_value_get_boolean (value);
      if (priv->chrome != NULL)
        sc_section_chrome_set_folded (priv->chrome, priv->folded);
      break;
    case PROP_MENU_MODEL:
      g_set_object (&priv->menu_model, g_value_get_object (value));
      if (priv->chrome != NULL)
        sc_section_chrome_set_menu_model (priv->chrome, priv->menu_model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_section_view_class_init (ScSectionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_section_view_dispose;
  object_class->get_property = sc_section_view_get_property;
  object_class->set_property = sc_section_view_set_property;
  widget_class->map = sc_section_view_map;
  klass->session_changed = real_session_changed;
  klass->reload = real_reload;

  /* handed down by the window */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MENU_MODEL] =
    g_param_spec_object ("menu-model", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  reload_action_quark = g_quark_from_static_string ("sc-section-view-reload-action");
}

static void
sc_section_view_init (ScSectionView *self)
{
}

void
sc_section_view_class_install_reload (GtkWidgetClass *widget_class,
                                      const char     *action_name)
{
  g_return_if_fail (g_type_is_a (G_TYPE_FROM_CLASS (widget_class), SC_TYPE_SECTION_VIEW));
  g_return_if_fail (action_name != NULL);

  gtk_widget_class_install_action (widget_class, action_name, NULL, reload_action);
  g_type_set_qdata (G_TYPE_FROM_CLASS (widget_class), reload_action_quark,
                    (gpointer) g_intern_string (action_name));
}

void
sc_section_view_set_chrome (ScSectionView *self,
                            AdwLeaflet    *leaflet,
                            AdwHeaderBar  *list_header,
                            AdwHeaderBar  *details_header,
                            GtkWidget     *sidebar_button,
                            GtkWidget     *back_button,
                            GtkMenuButton *menu_button)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);
  const char *reload = g_type_get_qdata (G_OBJECT_TYPE (self), reload_action_quark);

  g_return_if_fail (SC_IS_SECTION_VIEW (self));
  g_return_if_fail (priv->chrome == NULL);

  priv->chrome = sc_section_chrome_new (GTK_WIDGET (self), leaflet, list_header, details_header,
                                        sidebar_button, back_button, menu_button);
  sc_section_chrome_set_folded (priv->chrome, priv->folded);
  sc_section_chrome_set_menu_model (priv->chrome, priv->menu_model);

  if (reload != NULL)
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (sc_view_shortcuts_new (reload)));
}

void
sc_section_view_set_pages (ScSectionView  *self,
                           AdwWindowTitle *title,
                           GtkStack       *stack,
                           GtkSpinner     *spinner,
                           AdwStatusPage  *error_page)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_if_fail (SC_IS_SECTION_VIEW (self));
  g_return_if_fail (title == NULL || ADW_IS_WINDOW_TITLE (title));
  g_return_if_fail (GTK_IS_STACK (stack));

  priv->title = title;
  priv->stack = stack;
  priv->spinner = spinner;
  priv->error_page = error_page;
  gtk_stack_set_visible_child_name (stack, "loading");
}

void
sc_section_view_set_session (ScSectionView *self,
                             ScSession     *session)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_if_fail (SC_IS_SECTION_VIEW (self));
  g_return_if_fail (session == NULL || SC_IS_SESSION (session));

  if (priv->session == session)
    return;
  if (priv->session != NULL)
    g_clear_signal_handler (&priv->org_id_handler, priv->session);
  g_set_object (&priv->session, session);
  if (session != NULL)
    priv->org_id_handler = g_signal_connect_swapped (session, "notify::org-id",
                                                     G_CALLBACK (session_changed), self);
  session_changed (self);
}

ScSession *
sc_section_view_get_session (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_val_if_fail (SC_IS_SECTION_VIEW (self), NULL);
  return priv->session;
}

void
sc_section_view_reload (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_if_fail (SC_IS_SECTION_VIEW (self));

  if (priv->session == NULL)
    return;
  /* not loaded yet: only what shows outside the section */
  if (priv->stale)
    {
      changed_now (self);
      return;
    }
  SC_SECTION_VIEW_GET_CLASS (self)->reload (self);
}

gboolean
sc_section_view_get_stale (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_val_if_fail (SC_IS_SECTION_VIEW (self), FALSE);
  return priv->stale;
}

void
sc_section_view_show_page (ScSectionView *self,
                           const char    *name)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_if_fail (SC_IS_SECTION_VIEW (self));
  g_return_if_fail (priv->stack != NULL);

  sc_stack_set_page (priv->stack, name, G_OBJECT (self), properties[PROP_STATE]);
}

GCancellable *
sc_section_view_begin_load (ScSectionView *self,
                            gboolean       keep_page)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_val_if_fail (SC_IS_SECTION_VIEW (self), NULL);

  g_cancellable_cancel (priv->load_cancellable);
  g_clear_object (&priv->load_cancellable);
  priv->load_cancellable = g_cancellable_new ();
  if (!keep_page)
    sc_section_view_show_page (self, "loading");
  set_loading (self, TRUE);
  return priv->load_cancellable;
}

gboolean
sc_section_view_end_load (ScSectionView *self,
                          GError        *error)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);
  g_autoptr(GError) owned_error = error;

  g_return_val_if_fail (SC_IS_SECTION_VIEW (self), FALSE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  g_clear_object (&priv->load_cancellable);
  if (error != NULL)
    {
      if (priv->session != NULL)
        sc_session_report_if_unauthorized (priv->session, error);
      sc_section_view_show_error (self, error);
    }
  set_loading (self, FALSE);
  return error == NULL;
}

void
sc_section_view_show_error (ScSectionView *self,
                            const GError  *error)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_if_fail (SC_IS_SECTION_VIEW (self));
  g_return_if_fail (error != NULL);

  if (priv->error != error)
    {
      g_clear_error (&priv->error);
      priv->error = g_error_copy (error);
    }
  if (priv->error_page != NULL)
    sc_status_page_set_error (priv->error_page, priv->error);
  sc_section_view_show_page (self, "error");
}

void
sc_section_view_set_loading (ScSectionView *self,
                             gboolean       loading)
{
  g_return_if_fail (SC_IS_SECTION_VIEW (self));
  set_loading (self, loading);
}

void
sc_section_view_cancel_load (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_if_fail (SC_IS_SECTION_VIEW (self));

  g_cancellable_cancel (priv->load_cancellable);
  g_clear_object (&priv->load_cancellable);
  set_loading (self, FALSE);
}

const char *
sc_section_view_get_state (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_val_if_fail (SC_IS_SECTION_VIEW (self), NULL);
  return priv->stack != NULL ? gtk_stack_get_visible_child_name (priv->stack) : NULL;
}

gboolean
sc_section_view_get_loading (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_val_if_fail (SC_IS_SECTION_VIEW (self), FALSE);
  return priv->loading;
}

const char *
sc_section_view_get_error_message (ScSectionView *self)
{
  ScSectionViewPrivate *priv = sc_section_view_get_instance_private (self);

  g_return_val_if_fail (SC_IS_SECTION_VIEW (self), NULL);

  if (priv->error == NULL || g_strcmp0 (sc_section_view_get_state (self), "error") != 0)
    return NULL;
  return priv->error->message;
}
