/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"
#include "sc-model.h"

/* Organizations, their members and their org mappings: the endpoint wrappers of ScClient (sc-client.h). */

/* --- public API: organizations --------------------------------------------- */

void
sc_client_list_orgs_async (ScClient            *self,
                           gboolean             all,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  sc_client_start_call (self, sc_client_call_new ("GET", g_strdup (all ? "/orgs?all=true" : "/orgs"),
                                                  NULL, NULL, RESULT_PAGE),
                        sc_client_list_orgs_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_orgs)

void
sc_client_get_org_async (ScClient            *self,
                         const char          *org_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("GET", sc_client_make_path ("/orgs/%s", org_id), NULL, NULL, RESULT_OBJECT),
                        sc_client_get_org_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (get_org)

void
sc_client_patch_org_async (ScClient            *self,
                           const char          *org_id,
                           JsonObject          *changes,
                           const char          *etag,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);
  g_return_if_fail (changes != NULL);

  sc_client_start_call (self, sc_client_call_new ("PATCH", sc_client_make_path ("/orgs/%s", org_id),
                                                  changes, etag, RESULT_OBJECT),
                        sc_client_patch_org_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (patch_org)

void
sc_client_list_members_async (ScClient            *self,
                              const char          *org_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);

  sc_client_start_call (self, sc_client_call_follow_pages (sc_client_call_new ("GET", sc_client_make_path ("/orgs/%s/members", org_id),
                                                                               NULL, NULL, RESULT_PAGE)),
                        sc_client_list_members_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_members)

void
sc_client_list_mappings_async (ScClient            *self,
                               const char          *org_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (org_id != NULL);

  sc_client_start_call (self, sc_client_call_follow_pages (sc_client_call_new ("GET", sc_client_make_path ("/orgs/%s/mappings", org_id),
                                                                               NULL, NULL, RESULT_PAGE)),
                        sc_client_list_mappings_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_mappings)

void
sc_client_create_mapping_async (ScClient            *self,
                                const char          *org_id,
                                const char          *target_org_id,
                                ScRelation           relation,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_if_fail (org_id != NULL);
  g_return_if_fail (target_org_id != NULL);

  json_object_set_string_member (body, "target_org_id", target_org_id);
  json_object_set_string_member (body, "relation", sc_relation_to_string (relation));
  sc_client_start_call (self, sc_client_call_new ("POST", sc_client_make_path ("/orgs/%s/mappings", org_id),
                                                  body, NULL, RESULT_OBJECT),
                        sc_client_create_mapping_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_OBJECT_FINISH (create_mapping)

void
sc_client_delete_mapping_async (ScClient            *self,
                                const char          *mapping_id,
                                const char          *etag,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (mapping_id != NULL);

  sc_client_start_call (self, sc_client_call_new ("DELETE", sc_client_make_path ("/mappings/%s", mapping_id),
                                                  NULL, etag, RESULT_NONE),
                        sc_client_delete_mapping_async, cancellable, callback, user_data);
}

SC_CLIENT_DEFINE_NONE_FINISH (delete_mapping)
