/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client.h"
#include "sc-client-private.h"
#include "sc-model.h"

/* An organization's audit log: pages and the CSV export: the endpoint wrappers of ScClient (sc-client.h). */

/* /orgs/{org}/audit with the query of @filter (nullable). */
static GString *
audit_path (const char                *org_id,
            const ScClientAuditFilter *filter)
{
  GString *path = sc_client_path_string (sc_client_make_path ("/orgs/%s/audit", org_id));

  if (filter == NULL)
    return path;
  for (guint i = 0; filter->actions != NULL && filter->actions[i] != NULL; i++)
    sc_client_add_query (path, "action", filter->actions[i]);
  sc_client_add_query (path, "actor_id", filter->actor_id);
  sc_client_add_query (path, "target_type", filter->target_type);
  sc_client_add_query (path, "target_id", filter->target_id);
  if (filter->since != NULL)
    {
      g_autofree char *since = sc_time_format (filter->since);
      sc_client_add_query (path, "since", since);
    }
  if (filter->until != NULL)
    {
      g_autofree char *until = sc_time_format (filter->until);
      sc_client_add_query (path, "until", until);
    }
  return path;
}

void
sc_client_list_audit_async (ScClient            *self,
                            const char          *org_id,
                            const char          *cursor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  sc_client_list_audit_filtered_async (self, org_id, NULL, cursor, cancellable, callback,
                                       user_data);
}

void
sc_client_list_audit_filtered_async (ScClient                  *self,
                                     const char                *org_id,
                                     const ScClientAuditFilter *filter,
                                     const char                *cursor,
                                     GCancellable              *cancellable,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data)
{
  g_return_if_fail (org_id != NULL);

  sc_client_start_call (self, sc_client_list_call_new (audit_path (org_id, filter), 0, cursor),
                        sc_client_list_audit_async, cancellable, callback, user_data);
}

void
sc_client_export_audit_async (ScClient                  *self,
                              const char                *org_id,
                              const ScClientAuditFilter *filter,
                              GOutputStream             *stream,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  GString *path;
  ScClientCall *call;

  g_return_if_fail (org_id != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));

  path = audit_path (org_id, filter);
  call = sc_client_call_new ("GET", g_string_free (path, FALSE), NULL, NULL, RESULT_NONE);
  sc_client_call_set_download (call, "text/csv", stream);
  sc_client_start_call (self, call, sc_client_export_audit_async, cancellable, callback, user_data);
}

gssize
sc_client_export_audit_finish (ScClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  GTask *task = sc_client_task_for_finish (self, result, sc_client_export_audit_async);

  return task != NULL ? g_task_propagate_int (task, error) : -1;
}

SC_CLIENT_DEFINE_PAGE_FINISH (list_audit)
