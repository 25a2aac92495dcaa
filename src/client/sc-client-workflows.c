/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* Workflows, their releases and stages: the endpoint wrappers of ScClient (sc-client.h). */

/* --- public API: workflows ------------------------------------------------- */

void
sc_client_list_workflows_async (ScClient            *self,
                                const char          *org_id,
                                const char          *query,
                                guint                limit,
                                const char          *cursor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GString *path;

  g_return_if_fail (org_id != NULL);

  path = sc_client_path_string (sc_client_make_path ("/orgs/%s/workflows", org_id));
  sc_client_add_query (path, "q", query != NULL && *query != '\0' ? query : NULL);
  sc_client_start_call (self, sc_client_list_call_new (path, limit, cursor),
                        sc_client_list_workflows_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_workflows)

void
sc_client_create_workflow_async (ScClient            *self,
                                 const char          *org_id,
                                 JsonObject          *workflow,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);
  g_return_if_fail (workflow != NULL);

  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/orgs/%s/workflows", org_id),
                                                  workflow, NULL, RESULT_OBJECT),
                        sc_client_create_workflow_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (create_workflow)

void
sc_client_get_workflow_async (ScClient            *self,
                              const char          *workflow_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (workflow_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("GET", sc_client_make_path ("/workflows/%s", workflow_id),
                                                  NULL, NULL, RESULT_OBJECT),
                        sc_client_get_workflow_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (get_workflow)

void
sc_client_update_workflow_async (ScClient            *self,
                                 const char          *workflow_id,
                                 JsonObject          *workflow,
                                 const char          *etag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (workflow_id != NULL);
  g_return_if_fail (workflow != NULL);

  sc_client_start_call (self, sc_client_call_new ("PUT", sc_client_make_path ("/workflows/%s", workflow_id),
                                                  workflow, etag, RESULT_OBJECT),
                        sc_client_update_workflow_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (update_workflow)

void
sc_client_delete_workflow_async (ScClient            *self,
                                 const char          *workflow_id,
                                 const char          *etag,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (workflow_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("DELETE", sc_client_make_path ("/workflows/%s", workflow_id),
                                                  NULL, etag, RESULT_NONE),
                        sc_client_delete_workflow_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_NONE_FINISH (delete_workflow)

void
sc_client_publish_release_async (ScClient            *self,
                                 const char          *workflow_id,
                                 const char          *notes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (workflow_id != NULL);

  json_object_set_string_member (body, "notes", notes != NULL ? notes : "");
  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/workflows/%s/releases", workflow_id),
                                                  body, NULL, RESULT_OBJECT),
                        sc_client_publish_release_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (publish_release)

void
sc_client_set_release_block_async (ScClient            *self,
                                   const char          *release_id,
                                   const char          *reason,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (release_id != NULL);

  body = sc_client_reason_body (reason);
  sc_client_start_call (self, sc_client_call_new ("POST", reason != NULL
                                                  ? sc_client_make_path ("/releases/%s/block", release_id)
                                                  : sc_client_make_path ("/releases/%s/unblock", release_id),
                                                  body, NULL, RESULT_OBJECT),
                        sc_client_set_release_block_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (set_release_block)

void
sc_client_list_releases_async (ScClient            *self,
                               const char          *workflow_id,
                               guint                limit,
                               const char          *cursor,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (workflow_id != NULL);

  sc_client_start_call (self,
                        sc_client_list_call_new (sc_client_path_string (sc_client_make_path ("/workflows/%s/releases", workflow_id)),
                                                 limit, cursor),
                        sc_client_list_releases_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_releases)

void
sc_client_get_stages_async (ScClient            *self,
                            const char          *workflow_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (workflow_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("GET", sc_client_make_path ("/workflows/%s/stages", workflow_id),
                                                  NULL, NULL, RESULT_PAGE),
                        sc_client_get_stages_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (get_stages)
