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

  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (release_id != NULL);
  g_return_if_fail (path_id != NULL);
  g_return_if_fail (target_stage != NULL);
  g_return_if_fail (run_at != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  body = sc_client_promotion_body (release_id, path_id, target_stage);
  if (approval_request_id != NULL)
    json_object_set_string_member (body, "approval_request_id", approval_request_id);
  run_at_text = sc_time_format (run_at);
  json_object_set_string_member (body, "run_at", run_at_text);
  call = sc_client_call_new ("POST", g_strdup ("/schedules"), body, NULL, RESULT_OBJECT);
  sc_client_call_set_idempotency_key (call, idempotency_key);
  sc_client_start_call (self, call, sc_client_create_schedule_async, cancellable, callback, user_data);
}

JsonObject *
sc_client_create_schedule_finish (ScClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return sc_client_finish_pointer (self, result, sc_client_create_schedule_async, error);
}

void
sc_client_list_schedules_async (ScClient            *self,
                                const char          *org_id,
                                const char          *state,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GString *path;

  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  path = g_string_new ("/schedules");
  sc_client_add_query (path, "org_id", org_id);
  sc_client_add_query (path, "state", state);
  sc_client_start_call (self, sc_client_call_follow_pages (sc_client_call_new ("GET", g_string_free (path, FALSE), NULL, NULL,
                                                 RESULT_PAGE)),
              sc_client_list_schedules_async, cancellable, callback, user_data);
}

ScClientPage *
sc_client_list_schedules_finish (ScClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return sc_client_finish_pointer (self, result, sc_client_list_schedules_async, error);
}

void
sc_client_cancel_schedule_async (ScClient            *self,
                                 const char          *schedule_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SC_IS_CLIENT (self));
  g_return_if_fail (schedule_id != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/schedules/%s/cancel", schedule_id), NULL, NULL,
                              RESULT_OBJECT),
              sc_client_cancel_schedule_async, cancellable, callback, user_data);
}

JsonObject *
sc_client_cancel_schedule_finish (ScClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return sc_client_finish_pointer (self, result, sc_client_cancel_schedule_async, error);
}
