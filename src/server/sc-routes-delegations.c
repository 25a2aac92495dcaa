/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-clock.h"
#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-store-approvals.h"
#include "sc-store-review.h"

/* Delegations (issue 9): a member names another member of the org to
 * decide approval requests in their place from one time until another
 * (out of office). GET/POST /orgs/{org}/delegations (members; a member
 * names delegates for themselves only), DELETE /delegations/{id} (its
 * delegator or an admin of the org). Delegations are made and deleted,
 * never edited: no etag, no If-Match (as mappings). Whether a delegate
 * may decide a request is sc_rules_check_delegated_decision's business
 * (sc-routes-approvals.c). */

static JsonNode *
member_of (JsonObject *object,
           const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/* GET /orgs/{org}/delegations */
static void
list_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(JsonArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor, next = 0;
  guint limit;

  if (!sc_request_require_member (req, org_id, NULL) ||
      !sc_request_get_page (req, &limit, &cursor))
    return;

  items = sc_store_list_delegations (req->store, org_id, limit, cursor, &next, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return;
    }
  sc_request_reply_page (req, g_steal_pointer (&items), next);
}

/* A time member: NULL (and a violation) when it is not RFC 3339. */
static GDateTime *
read_time (JsonObject *body,
           const char *name,
           GPtrArray  *violations)
{
  const char *text = json_object_get_string_member (body, name);
  GDateTime *time = sc_time_parse (text);

  if (time == NULL)
    sc_violations_add_field (violations, name,
                             _("“%s” is not a date and time such as 2026-11-23T12:00:00Z."),
                             text);
  return time;
}

/* POST /orgs/{org}/delegations {delegate_id, from, until} */
static void
create_cb (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "delegate_id", SC_FIELD_STRING, TRUE },
    { "from", SC_FIELD_STRING, TRUE },
    { "until", SC_FIELD_STRING, TRUE },
  };
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *id = NULL;
  g_autofree char *location = NULL;
  const char *delegate_id;
  JsonNode *node;
  JsonObject *body;

  if (!sc_request_require_member (req, org_id, NULL))
    return;
  node = sc_request_body_node (req);
  if (node == NULL)
    return;
  if (!sc_json_check_object (node, "", fields, G_N_ELEMENTS (fields), violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return;
    }
  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return;
    }
  body = json_node_get_object (node);
  delegate_id = json_object_get_string_member (body, "delegate_id");
  from = read_time (body, "from", violations);
  until = read_time (body, "until", violations);

  if (!sc_request_begin (req))
    return;
  roles = sc_store_get_member_roles (req->store, org_id, &error);
  if (roles == NULL)
    {
      sc_request_rollback (req, error, NULL);
      return;
    }
  if (from != NULL && until != NULL)
    sc_rules_check_delegation (req->user_id, delegate_id,
                               g_hash_table_contains (roles, delegate_id), from, until, now,
                               violations);
  if (violations->len > 0)
    {
      sc_request_rollback (req, NULL, NULL);
      sc_request_reply_violations (req, violations);
      return;
    }

  from_text = sc_time_format (from);
  until_text = sc_time_format (until);
  now_text = sc_time_format (now);
  id = sc_store_insert_delegation (req->store, org_id, req->user_id, delegate_id, from_text,
                                   until_text, now_text, &error);
  details = json_object_new ();
  json_object_set_string_member (details, "delegate_id", delegate_id);
  json_object_set_string_member (details, "from", from_text);
  json_object_set_string_member (details, "until", until_text);
  if (id == NULL ||
      !sc_store_audit (req->store, org_id, req->user_id, "delegation.created", "delegation", id,
                       details, &error))
    {
      sc_request_rollback (req, error, NULL);
      return;
    }
  if (!sc_request_commit (req))
    return;

  {
    g_autoptr(JsonObject) delegation = sc_store_get_delegation (req->store, id, &error);

    if (delegation == NULL)
      {
        sc_request_reply_store_error (req, error, NULL);
        return;
      }
    json_object_remove_member (delegation, "seq");
    location = g_strconcat ("/api/v1/delegations/", id, NULL);
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                  "Location", location);
    sc_request_reply_object (req, SOUP_STATUS_CREATED, g_steal_pointer (&delegation), NULL);
  }
}

/* DELETE /delegations/{id} */
static void
delete_cb (ScRequest *req)
{
  const char *id = sc_request_param (req, 0);
  g_autoptr(JsonObject) delegation = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  const char *org_id;
  const char *delegator_id;
  ScRole role;

  if (!sc_request_begin (req))
    return;
  delegation = sc_store_get_delegation (req->store, id, &error);
  if (delegation == NULL)
    {
      sc_request_rollback (req, error, _("Delegation"));
      return;
    }
  org_id = json_object_get_string_member (delegation, "org_id");
  delegator_id = json_node_get_string (member_of (json_object_get_object_member (delegation,
                                                                                 "delegator"),
                                                  "id"));
  role = sc_request_role (req, org_id);
  if (role == SC_ROLE_NONE)
    {
      sc_request_rollback (req, NULL, NULL);
      sc_request_reply_not_found (req, _("Delegation"));
      return;
    }
  if (role < SC_ROLE_ADMIN && g_strcmp0 (delegator_id, req->user_id) != 0)
    {
      sc_request_rollback (req, NULL, NULL);
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              _("Only the reviewer who named this delegate, or an "
                                "administrator, may remove it."));
      return;
    }

  details = json_object_new ();
  json_object_set_string_member (details, "delegator_id", delegator_id);
  json_object_set_string_member (details, "delegate_id",
                                 json_node_get_string (member_of (json_object_get_object_member (delegation,
                                                                                                 "delegate"),
                                                                  "id")));
  if (!sc_store_delete_delegation (req->store, id, &error) ||
      !sc_store_audit (req->store, org_id, req->user_id, "delegation.deleted", "delegation", id,
                       details, &error))
    {
      sc_request_rollback (req, error, _("Delegation"));
      return;
    }
  if (!sc_request_commit (req))
    return;
  sc_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

const ScRoute sc_routes_delegations[] = {
  { "GET", "/orgs/*/delegations", list_cb },
  { "POST", "/orgs/*/delegations", create_cb },
  { "DELETE", "/delegations/*", delete_cb },
  { NULL }
};
