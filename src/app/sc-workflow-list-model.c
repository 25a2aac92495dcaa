/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-WorkflowList"

#include "config.h"

#include "sc-workflow-list-model.h"

/* Ask for the next page when an item this close to the end is wanted. */
#define PREFETCH_DISTANCE 30

struct _ScWorkflowListModel
{
  GObject       parent_instance;

  GPtrArray    *items;          /* ScWorkflow */
  ScClient     *client;
  char         *org_id;
  char         *query;          /* of the items shown or loading; NULL: all */
  char         *pending_query;  /* waiting for the search delay */
  char         *next_cursor;
  GCancellable *cancellable;    /* of the load in flight */
  GError       *error;
  guint         page_size;
  guint         search_id;
  guint         more_idle_id;
  gboolean      search_pending;
  gboolean      loading;
  gboolean      loaded;
  gboolean      error_on_more;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_LOADED,
  PROP_HAS_MORE,
  PROP_QUERY,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScWorkflowListModel, sc_workflow_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct {
  ScWorkflowListModel *self;
  GCancellable        *cancellable;
  gboolean             first;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
set_loading (ScWorkflowListModel *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_loaded (ScWorkflowListModel *self,
            gboolean             loaded)
{
  if (self->loaded == loaded)
    return;
  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
set_error (ScWorkflowListModel *self,
           const GError        *error,
           gboolean             on_more)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;
  self->error_on_more = error != NULL && on_more;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_next_cursor (ScWorkflowListModel *self,
                 const char          *cursor)
{
  gboolean had_more = self->next_cursor != NULL;

  g_free (self->next_cursor);
  self->next_cursor = g_strdup (cursor);
  if (had_more != (cursor != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MORE]);
}

static void
cancel_load (ScWorkflowListModel *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->more_idle_id, g_source_remove);
}

static void
splice (ScWorkflowListModel *self,
        guint                position,
        guint                removed,
        GPtrArray           *added) /* nullable */
{
  guint n_added = added != NULL ? added->len : 0;

  g_ptr_array_remove_range (self->items, position, removed);
  for (guint i = 0; i < n_added; i++)
    g_ptr_array_insert (self->items, position + i, g_object_ref (g_ptr_array_index (added, i)));

  if (removed == 0 && n_added == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, n_added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
page_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  ScWorkflowListModel *self = data->self;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) added = NULL;

  page = sc_client_list_workflows_finish (SC_CLIENT (source), result, &error);

  /* A newer load (or none) replaced this one. */
  if (data->cancellable != self->cancellable || g_cancellable_is_cancelled (data->cancellable))
    return;
  g_clear_object (&self->cancellable);

  g_object_freeze_notify (G_OBJECT (self));

  if (page == NULL)
    {
      set_error (self, error, !data->first);
      set_loading (self, self->search_pending);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }

  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    g_ptr_array_add (added, sc_workflow_new (sc_client_page_get_item (page, i)));

  /* Not loading any more before the rows arrive: a list asks for the rows
   * it shows while items-changed is emitted (GTK 4.8 for up to 200 at a
   * time), and those near the end must be able to ask for the next page. */
  set_error (self, NULL, FALSE);
  set_next_cursor (self, sc_client_page_get_next_cursor (page));
  set_loading (self, self->search_pending);
  if (data->first)
    splice (self, 0, self->items->len, added);
  else
    splice (self, self->items->len, 0, added);
  set_loaded (self, TRUE);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
start_load (ScWorkflowListModel *self,
            gboolean             first)
{
  LoadData *data;

  cancel_load (self);

  if (self->client == NULL || self->org_id == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->first = first;

  set_loading (self, TRUE);
  sc_client_list_workflows_async (self->client, self->org_id, self->query, self->page_size,
                                  first ? NULL : self->next_cursor,
                                  self->cancellable, page_loaded_cb, data);
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  ScWorkflowListModel *self = user_data;

  self->search_id = 0;
  self->search_pending = FALSE;

  g_clear_pointer (&self->query, g_free);
  self->query = g_steal_pointer (&self->pending_query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);

  start_load (self, TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
load_more_idle_cb (gpointer user_data)
{
  ScWorkflowListModel *self = user_data;

  self->more_idle_id = 0;
  sc_workflow_list_model_load_more (self);
  return G_SOURCE_REMOVE;
}

static GType
list_model_get_item_type (GListModel *model)
{
  return SC_TYPE_WORKFLOW;
}

static guint
list_model_get_n_items (GListModel *model)
{
  ScWorkflowListModel *self = SC_WORKFLOW_LIST_MODEL (model);

  return self->items->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  ScWorkflowListModel *self = SC_WORKFLOW_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  /* The list wants rows near the end: fetch the next page, from an idle so
   * that nothing changes while the list is measuring. A failed page is not
   * retried this way (the view offers Retry). */
  if (position + PREFETCH_DISTANCE >= self->items->len &&
      self->next_cursor != NULL && !self->loading && self->error == NULL &&
      self->more_idle_id == 0)
    self->more_idle_id = g_idle_add (load_more_idle_cb, self);

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
sc_workflow_list_model_dispose (GObject *object)
{
  ScWorkflowListModel *self = (ScWorkflowListModel *)object;

  cancel_load (self);
  g_clear_handle_id (&self->search_id, g_source_remove);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sc_workflow_list_model_parent_class)->dispose (object);
}

static void
sc_workflow_list_model_finalize (GObject *object)
{
  ScWorkflowListModel *self = (ScWorkflowListModel *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->pending_query, g_free);
  g_clear_pointer (&self->next_cursor, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sc_workflow_list_model_parent_class)->finalize (object);
}

static void
sc_workflow_list_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ScWorkflowListModel *self = SC_WORKFLOW_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_HAS_MORE:
      g_value_set_boolean (value, self->next_cursor != NULL);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_workflow_list_model_class_init (ScWorkflowListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_workflow_list_model_dispose;
  object_class->finalize = sc_workflow_list_model_finalize;
  object_class->get_property = sc_workflow_list_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_MORE] =
    g_param_spec_boolean ("has-more", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_workflow_list_model_init (ScWorkflowListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->page_size = SC_WORKFLOW_LIST_MODEL_PAGE_SIZE;
}

ScWorkflowListModel *
sc_workflow_list_model_new (void)
{
  return g_object_new (SC_TYPE_WORKFLOW_LIST_MODEL, NULL);
}

void
sc_workflow_list_model_set_source (ScWorkflowListModel *self,
                                   ScClient            *client,
                                   const char          *org_id)
{
  g_return_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self));
  g_return_if_fail (client == NULL || SC_IS_CLIENT (client));

  g_object_freeze_notify (G_OBJECT (self));

  cancel_load (self);
  g_set_object (&self->client, client);
  g_free (self->org_id);
  self->org_id = g_strdup (org_id);

  /* A search still waiting applies to the new org as well. */
  if (self->search_pending)
    {
      g_clear_handle_id (&self->search_id, g_source_remove);
      self->search_pending = FALSE;
      g_clear_pointer (&self->query, g_free);
      self->query = g_steal_pointer (&self->pending_query);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
    }

  splice (self, 0, self->items->len, NULL);
  set_next_cursor (self, NULL);
  set_error (self, NULL, FALSE);
  set_loaded (self, FALSE);
  start_load (self, TRUE);

  g_object_thaw_notify (G_OBJECT (self));
}

ScClient *
sc_workflow_list_model_get_client (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), NULL);
  return self->client;
}

const char *
sc_workflow_list_model_get_org_id (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), NULL);
  return self->org_id;
}

void
sc_workflow_list_model_set_query (ScWorkflowListModel *self,
                                  const char          *query)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self));

  stripped = g_strstrip (g_strdup (query != NULL ? query : ""));
  if (stripped[0] == '\0')
    g_clear_pointer (&stripped, g_free);

  if (self->search_pending ? g_strcmp0 (stripped, self->pending_query) == 0
                           : g_strcmp0 (stripped, self->query) == 0)
    return;

  g_clear_handle_id (&self->search_id, g_source_remove);

  /* Back to what is shown (or loading) already: nothing to wait for. */
  if (g_strcmp0 (stripped, self->query) == 0)
    {
      self->search_pending = FALSE;
      g_clear_pointer (&self->pending_query, g_free);
      set_loading (self, self->cancellable != NULL);
      return;
    }

  g_free (self->pending_query);
  self->pending_query = g_steal_pointer (&stripped);
  self->search_pending = TRUE;
  self->search_id = g_timeout_add (SC_WORKFLOW_LIST_MODEL_SEARCH_DELAY_MS, search_timeout_cb, self);
  set_loading (self, TRUE);
}

const char *
sc_workflow_list_model_get_query (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), NULL);
  return self->query;
}

void
sc_workflow_list_model_reload (ScWorkflowListModel *self)
{
  g_return_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self));

  if (self->search_pending)
    {
      g_clear_handle_id (&self->search_id, g_source_remove);
      search_timeout_cb (self);
      return;
    }
  start_load (self, TRUE);
}

gboolean
sc_workflow_list_model_load_more (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), FALSE);

  if (self->loading || self->next_cursor == NULL)
    return FALSE;

  start_load (self, FALSE);
  return TRUE;
}

void
sc_workflow_list_model_set_page_size (ScWorkflowListModel *self,
                                      guint                page_size)
{
  g_return_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self));
  g_return_if_fail (page_size >= 1 && page_size <= 500);

  self->page_size = page_size;
}

gboolean
sc_workflow_list_model_get_loading (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), FALSE);
  return self->loading;
}

gboolean
sc_workflow_list_model_get_loaded (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), FALSE);
  return self->loaded;
}

gboolean
sc_workflow_list_model_get_has_more (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), FALSE);
  return self->next_cursor != NULL;
}

gboolean
sc_workflow_list_model_get_error_on_more (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), FALSE);
  return self->error_on_more;
}

const GError *
sc_workflow_list_model_get_error (ScWorkflowListModel *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), NULL);
  return self->error;
}

ScWorkflow *
sc_workflow_list_model_find (ScWorkflowListModel *self,
                             const char          *workflow_id,
                             guint               *position)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), NULL);
  g_return_val_if_fail (workflow_id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      ScWorkflow *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (sc_workflow_get_id (item), workflow_id) == 0)
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

gboolean
sc_workflow_list_model_update (ScWorkflowListModel *self,
                               JsonObject          *workflow)
{
  g_autoptr(ScWorkflow) fresh = NULL;
  ScWorkflow *item;

  g_return_val_if_fail (SC_IS_WORKFLOW_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (workflow != NULL, FALSE);

  /* the id as the model reads it; the row's item then takes the answer in place */
  fresh = sc_workflow_new (workflow);
  if (sc_workflow_get_id (fresh) == NULL)
    return FALSE;

  item = sc_workflow_list_model_find (self, sc_workflow_get_id (fresh), NULL);
  if (item == NULL)
    return FALSE;
  sc_workflow_update (item, workflow);
  return TRUE;
}
