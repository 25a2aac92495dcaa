/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* Promotion paths: the endpoint wrappers of ScClient (sc-client.h). */

/* --- public API: promotion paths ------------------------------------------- */

void
sc_client_list_paths_async (ScClient            *self,
                            const char          *org_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);

  sc_client_start_call (self, sc_client_call_follow_pages (sc_client_call_new ("GET", sc_client_make_path ("/orgs/%s/promotion-paths", org_id),
                                                                               NULL, NULL, RESULT_PAGE)),
                        sc_client_list_paths_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_paths)

void
sc_client_create_path_async (ScClient            *self,
                             const char          *org_id,
                             JsonObject          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);
  g_return_if_fail (path != NULL);

  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/orgs/%s/promotion-paths", org_id),
                                                  path, NULL, RESULT_OBJECT),
                        sc_client_create_path_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (create_path)

void
sc_client_get_path_async (ScClient            *self,
                          const char          *path_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (path_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("GET", sc_client_make_path ("/promotion-paths/%s", path_id),
                                                  NULL, NULL, RESULT_OBJECT),
                        sc_client_get_path_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (get_path)

void
sc_client_update_path_async (ScClient            *self,
                             const char          *path_id,
                             JsonObject          *path,
                             const char          *etag,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (path_id != NULL);
  g_return_if_fail (path != NULL);

  sc_client_start_call (self, sc_client_call_new ("PUT", sc_client_make_path ("/promotion-paths/%s", path_id),
                                                  path, etag, RESULT_OBJECT),
                        sc_client_update_path_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (update_path)

void
sc_client_delete_path_async (ScClient            *self,
                             const char          *path_id,
                             const char          *etag,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (path_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("DELETE", sc_client_make_path ("/promotion-paths/%s", path_id),
                                                  NULL, etag, RESULT_NONE),
                        sc_client_delete_path_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_NONE_FINISH (delete_path)
