/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"
#include "sc-model.h"

/* Approval requests, their decisions and their preview: the endpoint wrappers of ScClient (sc-client.h). */

/* --- public API: approval requests ----------------------------------------- */

void
sc_client_create_approval_request_async (ScClient            *self,
                                         const char          *release_id,
                                         const char          *path_id,
                                         const char          *target_stage,
                                         const char          *message,
                                         const char          *idempotency_key,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;
  ScClientCall *call;

  g_return_if_fail (release_id != NULL);
  g_return_if_fail (path_id != NULL);
  g_return_if_fail (target_stage != NULL);

  body = sc_client_promotion_body (release_id, path_id, target_stage);
  json_object_set_string_member (body, "message", message != NULL ? message : "");
  call = sc_client_call_new ("POST", g_strdup ("/approval-requests"), body, NULL, RESULT_OBJECT);
  sc_client_call_set_idempotency_key (call, idempotency_key);
  sc_client_start_call (self, call, sc_client_create_approval_request_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (create_approval_request)

void
sc_client_list_approval_requests_async (ScClient            *self,
                                        const char          *state,
                                        const char          *org_id,
                                        gboolean             reviewable,
                                        gboolean             mine,
                                        const char          *cursor,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GString *path = g_string_new ("/approval-requests");

  sc_client_add_query (path, "state", state);
  sc_client_add_query (path, "org_id", org_id);
  sc_client_add_query (path, "reviewable", reviewable ? "true" : NULL);
  sc_client_add_query (path, "mine", mine ? "true" : NULL);
  sc_client_start_call (self, sc_client_list_call_new (path, 0, cursor),
                        sc_client_list_approval_requests_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_approval_requests)

void
sc_client_get_approval_request_async (ScClient            *self,
                                      const char          *request_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (request_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("GET", sc_client_make_path ("/approval-requests/%s", request_id),
                                                  NULL, NULL, RESULT_OBJECT),
                        sc_client_get_approval_request_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (get_approval_request)

void
sc_client_decide_async (ScClient            *self,
                        const char          *request_id,
                        ScDecision           decision,
                        const char          *comment,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (request_id != NULL);
  g_return_if_fail (decision == SC_DECISION_APPROVE || decision == SC_DECISION_REJECT);

  json_object_set_string_member (body, "decision", sc_decision_to_string (decision));
  json_object_set_string_member (body, "comment", comment != NULL ? comment : "");
  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/approval-requests/%s/decisions", request_id),
                                                  body, NULL, RESULT_OBJECT),
                        sc_client_decide_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (decide)

void
sc_client_cancel_request_async (ScClient            *self,
                                const char          *request_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (request_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/approval-requests/%s/cancel", request_id),
                                                  NULL, NULL, RESULT_OBJECT),
                        sc_client_cancel_request_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (cancel_request)

/* --- the reviewer's desk (issue 9) -------------------------------------------- */

void
sc_client_preview_approval_request_async (ScClient            *self,
                                          const char          *request_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (request_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("GET", sc_client_make_path ("/approval-requests/%s/preview", request_id),
                                                  NULL, NULL, RESULT_OBJECT),
                        sc_client_preview_approval_request_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (preview_approval_request)
