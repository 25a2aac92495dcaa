/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* Sharing of workflows and connections; connections: the endpoint wrappers of ScClient (sc-client.h). */

static char *
sharing_path (const char *resource_id,
              gboolean    is_connection)
{
  return sc_client_make_path (is_connection ? "/connections/%s/sharing" : "/workflows/%s/sharing",
                    resource_id);
}

void
sc_client_get_sharing_async (ScClient            *self,
                             const char          *resource_id,
                             gboolean             is_connection,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (resource_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("GET", sharing_path (resource_id, is_connection),
                                                  NULL, NULL, RESULT_OBJECT),
                        sc_client_get_sharing_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (get_sharing)

void
sc_client_put_sharing_async (ScClient            *self,
                             const char          *resource_id,
                             gboolean             is_connection,
                             JsonObject          *sharing,
                             const char          *etag,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (resource_id != NULL);
  g_return_if_fail (sharing != NULL);

  sc_client_start_call (self, sc_client_call_new ("PUT", sharing_path (resource_id, is_connection),
                                                  sharing, etag, RESULT_OBJECT),
                        sc_client_put_sharing_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (put_sharing)

void
sc_client_list_connections_async (ScClient            *self,
                                  const char          *org_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);

  /* the Share dialog looks each used connection up in the whole list */
  sc_client_start_call (self, sc_client_call_follow_pages (sc_client_call_new ("GET", sc_client_make_path ("/orgs/%s/connections", org_id),
                                                                               NULL, NULL, RESULT_PAGE)),
                        sc_client_list_connections_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_connections)
