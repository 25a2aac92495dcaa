/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* GET /health, /server-info and /me: the endpoint wrappers of ScClient (sc-client.h). */

/* --- public API: meta ------------------------------------------------------ */

void
sc_client_health_async (ScClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  ScClientCall *call;

  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = sc_client_call_new ("GET", g_strdup ("/health"), NULL, NULL, RESULT_OBJECT);
  sc_client_call_set_no_auth (call);
  sc_client_start_call (self, call, sc_client_health_async, cancellable, callback, user_data);
}

JsonObject *
sc_client_health_finish (ScClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return sc_client_finish_pointer (self, result, sc_client_health_async, error);
}

void
sc_client_get_server_info_async (ScClient            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ScClientCall *call;

  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  call = sc_client_call_new ("GET", g_strdup ("/server-info"), NULL, NULL, RESULT_OBJECT);
  sc_client_call_set_no_auth (call);
  sc_client_start_call (self, call, sc_client_get_server_info_async, cancellable, callback, user_data);
}

JsonObject *
sc_client_get_server_info_finish (ScClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return sc_client_finish_pointer (self, result, sc_client_get_server_info_async, error);
}

void
sc_client_get_me_async (ScClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sc_client_start_call (self, sc_client_call_new ("GET", g_strdup ("/me"), NULL, NULL, RESULT_OBJECT),
              sc_client_get_me_async, cancellable, callback, user_data);
}

JsonObject *
sc_client_get_me_finish (ScClient      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  return sc_client_finish_pointer (self, result, sc_client_get_me_async, error);
}
