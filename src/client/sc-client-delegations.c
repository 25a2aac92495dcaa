/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* Delegations of approvals: the endpoint wrappers of ScClient (sc-client.h). */

void
sc_client_list_delegations_async (ScClient            *self,
                                  const char          *org_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);

  sc_client_start_call (self, sc_client_call_follow_pages (sc_client_call_new ("GET", sc_client_make_path ("/orgs/%s/delegations", org_id),
                                                                               NULL, NULL, RESULT_PAGE)),
                        sc_client_list_delegations_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_delegations)

void
sc_client_create_delegation_async (ScClient            *self,
                                   const char          *org_id,
                                   const char          *delegate_id,
                                   const char          *from,
                                   const char          *until,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (org_id != NULL && delegate_id != NULL && from != NULL && until != NULL);

  json_object_set_string_member (body, "delegate_id", delegate_id);
  json_object_set_string_member (body, "from", from);
  json_object_set_string_member (body, "until", until);
  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/orgs/%s/delegations", org_id), body, NULL,
                                                  RESULT_OBJECT),
                        sc_client_create_delegation_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (create_delegation)

void
sc_client_delete_delegation_async (ScClient            *self,
                                   const char          *delegation_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (delegation_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("DELETE", sc_client_make_path ("/delegations/%s", delegation_id), NULL, NULL,
                                                  RESULT_NONE),
                        sc_client_delete_delegation_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_NONE_FINISH (delete_delegation)
