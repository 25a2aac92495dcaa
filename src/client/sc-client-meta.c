/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* GET /health, /server-info and /me: the endpoint wrappers of ScClient (sc-client.h). */

/* GET @path, which needs no credentials. */
static ScClientCall *
public_get (const char *path)
{
  ScClientCall *call = sc_client_call_new ("GET", g_strdup (path), NULL, NULL, RESULT_OBJECT);

  sc_client_call_set_no_auth (call);
  return call;
}

/* --- public API: meta ------------------------------------------------------ */

void
sc_client_health_async (ScClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  sc_client_start_call (self, public_get ("/health"), sc_client_health_async, cancellable, callback,
                        user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (health)

void
sc_client_get_server_info_async (ScClient            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  sc_client_start_call (self, public_get ("/server-info"), sc_client_get_server_info_async, cancellable,
                        callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (get_server_info)

void
sc_client_get_me_async (ScClient            *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  sc_client_start_call (self, sc_client_call_new ("GET", g_strdup ("/me"), NULL, NULL, RESULT_OBJECT),
                        sc_client_get_me_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (get_me)
