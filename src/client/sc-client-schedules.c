/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"
#include "sc-model.h"

/* Scheduled promotions: the endpoint wrappers of ScClient (sc-client.h). */

/* --- scheduled promotions ------------------------------------------------- */

void
sc_client_create_schedule_async (ScClient            *self,
                                 const char          *release_id,
                                 const char          *path_id,
                                 const char          *target_stage,
                                 const char          *approval_request_id,
                                 GDateTime           *run_at,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *run_at_text = NULL;
  ScClientCall *call;

  g_return_if_fail (release_id != NULL);
  g_return_if_fail (path_id != NULL);
  g_return_if_fail (target_stage != NULL);
  g_return_if_fail (run_at != NULL);

  body = sc_client_promotion_body (release_id, path_id, target_stage);
  if (approval_request_id != NULL)
    json_object_set_string_member (body, "approval_request_id", approval_request_id);
  run_at_text = sc_time_format (run_at);
  json_object_set_string_member (body, "run_at", run_at_text);
  call = sc_client_call_new ("POST", g_strdup ("/schedules"), body, NULL, RESULT_OBJECT);
  sc_client_call_set_idempotency_key (call, idempotency_key);
  sc_client_start_call (self, call, sc_client_create_schedule_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (create_schedule)

void
sc_client_list_schedules_async (ScClient            *self,
                                const char          *org_id,
                                const char          *state,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GString *path = g_string_new ("/schedules");

  sc_client_add_query (path, "org_id", org_id);
  sc_client_add_query (path, "state", state);
  sc_client_start_call (self, sc_client_list_call_new (path, 0, SC_CLIENT_ALL_PAGES),
                        sc_client_list_schedules_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_schedules)

void
sc_client_cancel_schedule_async (ScClient            *self,
                                 const char          *schedule_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (schedule_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/schedules/%s/cancel", schedule_id), NULL, NULL,
                                                  RESULT_OBJECT),
                        sc_client_cancel_schedule_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (cancel_schedule)
