/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"

/* Promotions: preview, promote, emergency stop, history, rollback: the endpoint wrappers of ScClient (sc-client.h). */

/* --- public API: promotions ------------------------------------------------ */

JsonObject *
sc_client_promotion_body (const char *release_id,
                          const char *path_id,
                          const char *target_stage)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "release_id", release_id);
  json_object_set_string_member (body, "path_id", path_id);
  json_object_set_string_member (body, "target_stage", target_stage);
  return body;
}

JsonObject *
sc_client_reason_body (const char *reason)
{
  JsonObject *body;

  if (reason == NULL)
    return NULL;
  body = json_object_new ();
  json_object_set_string_member (body, "reason", reason);
  return body;
}

void
sc_client_preview_promotion_async (ScClient            *self,
                                   const char          *release_id,
                                   const char          *path_id,
                                   const char          *target_stage,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) body = NULL;

  g_return_if_fail (release_id != NULL);
  g_return_if_fail (path_id != NULL);
  g_return_if_fail (target_stage != NULL);

  body = sc_client_promotion_body (release_id, path_id, target_stage);
  sc_client_start_call (self, sc_client_call_new ("POST", g_strdup ("/promotions/preview"), body, NULL, RESULT_OBJECT),
                        sc_client_preview_promotion_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (preview_promotion)

/* POST /promotions with what the caller gives (nullable members left out). */
static void
start_promotion (ScClient            *self,
                 const char          *release_id,
                 const char          *path_id,
                 const char          *target_stage,
                 const char          *approval_request_id,
                 const char          *override_reason,
                 const char          *idempotency_key,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(JsonObject) body = sc_client_promotion_body (release_id, path_id, target_stage);
  ScClientCall *call;

  if (approval_request_id != NULL)
    json_object_set_string_member (body, "approval_request_id", approval_request_id);
  if (override_reason != NULL)
    json_object_set_string_member (body, "override_reason", override_reason);
  call = sc_client_call_new ("POST", g_strdup ("/promotions"), body, NULL, RESULT_OBJECT);
  sc_client_call_set_idempotency_key (call, idempotency_key);
  /* one source tag: sc_client_promote_finish() reads both */
  sc_client_start_call (self, call, sc_client_promote_async, cancellable, callback, user_data);
}

void
sc_client_promote_async (ScClient            *self,
                         const char          *release_id,
                         const char          *path_id,
                         const char          *target_stage,
                         const char          *approval_request_id,
                         const char          *idempotency_key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (release_id != NULL);
  g_return_if_fail (path_id != NULL);
  g_return_if_fail (target_stage != NULL);

  start_promotion (self, release_id, path_id, target_stage, approval_request_id, NULL,
                   idempotency_key, cancellable, callback, user_data);
}

void
sc_client_promote_overriding_async (ScClient            *self,
                                    const char          *release_id,
                                    const char          *path_id,
                                    const char          *target_stage,
                                    const char          *override_reason,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (release_id != NULL && path_id != NULL && target_stage != NULL);
  g_return_if_fail (override_reason != NULL);

  start_promotion (self, release_id, path_id, target_stage, NULL, override_reason,
                   idempotency_key, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (promote)

void
sc_client_set_emergency_stop_async (ScClient            *self,
                                    const char          *reason,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonObject) body = sc_client_reason_body (reason);

  sc_client_start_call (self, sc_client_call_new ("POST", g_strdup (reason != NULL ? "/emergency-stop"
                                                                                   : "/emergency-stop/lift"),
                                                  body, NULL, RESULT_OBJECT),
                        sc_client_set_emergency_stop_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (set_emergency_stop)

void
sc_client_list_promotions_async (ScClient            *self,
                                 const char          *workflow_id,
                                 const char          *org_id,
                                 guint                limit,
                                 const char          *cursor,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GString *path = g_string_new ("/promotions");

  sc_client_add_query (path, "workflow_id", workflow_id);
  sc_client_add_query (path, "org_id", org_id);
  sc_client_start_call (self, sc_client_list_call_new (path, limit, cursor),
                        sc_client_list_promotions_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_promotions)

void
sc_client_rollback_async (ScClient            *self,
                          const char          *workflow_id,
                          const char          *release_id,
                          const char          *reason,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (workflow_id != NULL);
  g_return_if_fail (release_id != NULL);

  json_object_set_string_member (body, "release_id", release_id);
  json_object_set_string_member (body, "reason", reason != NULL ? reason : "");
  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/workflows/%s/rollback", workflow_id),
                                                  body, NULL, RESULT_OBJECT),
                        sc_client_rollback_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (rollback)
