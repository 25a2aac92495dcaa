/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-json.h"
#include "sc-model.h"
#include "sc-routes.h"
#include "sc-store-orgs.h"

/* Orgs, their members, mappings and audit log. */

/* The org for a caller who is a member of it, with their role; NULL after
 * answering 404 when it does not exist or the caller is not a member. */
static JsonObject *
load_org_for_member (ScRequest  *req,
                     const char *org_id,
                     ScRole     *role)
{
  g_autoptr(GError) error = NULL;
  JsonObject *org;

  if (!sc_request_require_member (req, org_id, role))
    return NULL;

  org = sc_store_get_org (req->store, org_id, &error);
  if (org == NULL)
    sc_request_reply_store_error (req, error, _("Organization"));
  return org;
}

/* 403 with the sentence @format (which names the org) unless @role is
 * admin. */
static gboolean require_admin (ScRequest  *req,
                               ScRole      role,
                               const char *format,
                               ...) G_GNUC_PRINTF (3, 4);

static gboolean
require_admin (ScRequest  *req,
               ScRole      role,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (role >= SC_ROLE_ADMIN)
    return TRUE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL, "%s", message);
  return FALSE;
}

/* GET /orgs: the caller's orgs, or with ?all=true every org on the server
 * (admins pick mapping targets and stage orgs from it). */
static void
orgs_list_cb (ScRequest *req)
{
  const char *all = sc_request_get_query (req, "all");
  g_autoptr(GError) error = NULL;
  gboolean list_all = FALSE;
  JsonArray *items;
  gint64 next_cursor = 0;
  gint64 cursor;
  guint limit;

  if (all != NULL)
    {
      if (strcmp (all, "true") == 0)
        list_all = TRUE;
      else if (strcmp (all, "false") != 0)
        {
          sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                                  _("“all” must be true or false."));
          return;
        }
    }

  if (!sc_request_get_page (req, &limit, &cursor))
    return;

  if (list_all)
    items = sc_store_list_orgs (req->store, limit, cursor, &next_cursor, &error);
  else
    items = sc_store_list_user_orgs (req->store, req->user_id, req->scope_org_id,
                                     limit, cursor, &next_cursor, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return;
    }

  sc_request_reply_page (req, items, next_cursor);
}

static void
org_get_cb (ScRequest *req)
{
  JsonObject *org = load_org_for_member (req, sc_request_param (req, 0), NULL);
  g_autofree char *etag = NULL;

  if (org == NULL)
    return;

  etag = g_strdup (json_object_get_string_member (org, "etag"));
  sc_request_reply_object (req, SOUP_STATUS_OK, org, etag);
}

/* Assignees decide requests into this org: each must be a member whose
 * role is one of the policy's reviewer roles, named once. */
static void
check_assignees (ScRequest              *req,
                 const char             *org_id,
                 const char             *org_name,
                 const ScApprovalPolicy *policy,
                 GPtrArray              *violations)
{
  for (guint i = 0; policy->assignee_ids[i] != NULL; i++)
    {
      const char *user_id = policy->assignee_ids[i];
      g_autofree char *field = g_strdup_printf ("approval_policy.assignee_ids[%u]", i);
      g_autoptr(JsonObject) user = NULL;
      gboolean repeated = FALSE;
      ScRole role;

      for (guint j = 0; j < i && !repeated; j++)
        repeated = strcmp (policy->assignee_ids[j], user_id) == 0;
      if (repeated)
        {
          sc_violations_add_field (violations, field,
                                   _("The assignee %s is listed more than once."), user_id);
          continue;
        }

      role = sc_store_get_role (req->store, user_id, org_id, NULL);
      if (role == SC_ROLE_NONE)
        {
          sc_violations_add_field (violations, field,
                                   _("The assignee %s is not a member of %s."), user_id, org_name);
          continue;
        }

      if (!sc_approval_policy_has_role (policy, role))
        {
          user = sc_store_get_user (req->store, user_id, NULL);
          sc_violations_add_field (violations, field,
                                   _("The assignee %s is a %s in %s, which is not one of the "
                                     "policy’s reviewer roles."),
                                   user != NULL ? json_object_get_string_member (user, "email")
                                                : user_id,
                                   sc_role_to_string (role), org_name);
        }
    }
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static gboolean
has_field_prefix (GPtrArray  *violations,
                  const char *prefix)
{
  for (guint i = 0; i < violations->len; i++)
    {
      ScViolation *violation = g_ptr_array_index (violations, i);

      if (violation->field != NULL && g_str_has_prefix (violation->field, prefix))
        return TRUE;
    }
  return FALSE;
}

/* PATCH /orgs/{org}: {type?, approval_policy?} where the policy is a
 * partial object merged into the stored one. A patch that changes nothing
 * answers the org as it is, with its etag unchanged and no audit event. */
static void
org_patch_cb (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "type", SC_FIELD_STRING_OR_NULL, FALSE },
    { "approval_policy", SC_FIELD_OBJECT, FALSE },
  };
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScApprovalPolicy) policy = NULL;
  g_autoptr(JsonArray) changed = json_array_new ();
  g_autoptr(JsonObject) details = NULL;
  g_autofree char *etag = NULL;
  JsonObject *body, *fresh;
  JsonNode *body_node, *type_node, *policy_patch;
  const char *org_name, *old_type, *new_type_name;
  ScOrgType new_type = SC_ORG_TYPE_NONE;
  gboolean type_changed = FALSE;
  gboolean was_stopped = FALSE;
  g_auto(ScEmergencyStop) stored_stop = { 0, };
  ScRole role;

  /* If-Match, the assignees and the write are one transaction */
  if (!sc_request_begin_until_reply (req))
    return;

  org = load_org_for_member (req, org_id, &role);
  if (org == NULL ||
      !require_admin (req, role, _("Only administrators of %s may change its settings."),
                      json_object_get_string_member (org, "name")) ||
      !sc_request_check_if_match (req, json_object_get_string_member (org, "etag")))
    return;

  body_node = sc_request_body_node (req);
  if (body_node == NULL)
    return;
  if (!sc_json_check_object (body_node, "", fields, G_N_ELEMENTS (fields), violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return;
    }
  body = json_node_get_object (body_node);
  org_name = json_object_get_string_member (org, "name");
  old_type = json_object_get_string_member_with_default (org, "type", NULL);

  type_node = json_object_get_member (body, "type");
  if (type_node != NULL && !JSON_NODE_HOLDS_NULL (type_node))
    {
      const char *name = json_node_get_string (type_node);

      if (!sc_org_type_from_string (name, &new_type) || new_type == SC_ORG_TYPE_NONE)
        sc_violations_add_field (violations, "type",
                                 _("“%s” is not an org type; the types are dev, sit, uat, "
                                   "automation, demo and prod."),
                                 name);
    }
  if (type_node != NULL)
    type_changed = g_strcmp0 (old_type, sc_org_type_to_string (new_type)) != 0;

  policy_patch = json_object_get_member (body, "approval_policy");
  if (policy_patch != NULL)
    {
      JsonObject *patch_object = json_node_get_object (policy_patch);

      policy = sc_store_get_org_policy (req->store, org_id, &error);
      if (policy == NULL)
        {
          sc_request_reply_store_error (req, error, _("Organization"));
          return;
        }
      was_stopped = policy->emergency_stop.active;
      stored_stop = policy->emergency_stop;
      policy->emergency_stop.reason = g_strdup (stored_stop.reason);
      policy->emergency_stop.by_email = g_strdup (stored_stop.by_email);
      policy->emergency_stop.at = stored_stop.at != NULL ? g_date_time_ref (stored_stop.at) : NULL;
      if (!sc_approval_policy_merge_json (policy, policy_patch, "approval_policy.", violations,
                                          &error))
        {
          sc_request_reply_bad_type (req, error);
          return;
        }
      /* a client may send back the stop as it read it, but only
       * POST /emergency-stop changes it (audited as such) */
      if (json_object_has_member (patch_object, "emergency_stop") &&
          policy->emergency_stop.active != was_stopped)
        sc_violations_add_field (violations, "approval_policy.emergency_stop",
                                 _("The emergency stop is started and lifted on its own, not "
                                   "with the organization’s settings."));
      /* sent back as read, it keeps who stopped it, when and why */
      sc_emergency_stop_clear (&policy->emergency_stop);
      policy->emergency_stop = stored_stop;
      memset (&stored_stop, 0, sizeof stored_stop);
      /* a stale assignee must not block an unrelated change such as a
       * freeze: check them when the assignees or roles change */
      if ((json_object_has_member (patch_object, "assignee_ids") ||
           json_object_has_member (patch_object, "reviewer_roles")) &&
          !has_field_prefix (violations, "approval_policy.reviewer_roles"))
        check_assignees (req, org_id, org_name, policy, violations);
    }

  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return;
    }

  if (type_changed)
    json_array_add_string_element (changed, "type");
  if (policy != NULL)
    {
      JsonObject *old_json = json_object_get_object_member (org, "approval_policy");
      g_autoptr(JsonNode) new_node = sc_approval_policy_to_json (policy);
      JsonObject *new_json = json_node_get_object (new_node);
      g_autoptr(GList) members = json_object_get_members (new_json);
      guint before = json_array_get_length (changed);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *old_member = json_object_get_member (old_json, l->data);

          if (old_member == NULL ||
              !json_node_equal (old_member, json_object_get_member (new_json, l->data)))
            {
              g_autofree char *name = g_strconcat ("approval_policy.", l->data, NULL);

              json_array_add_string_element (changed, name);
            }
        }
      if (json_array_get_length (changed) == before)
        g_clear_pointer (&policy, sc_approval_policy_free);
    }

  if (json_array_get_length (changed) == 0)
    {
      etag = g_strdup (json_object_get_string_member (org, "etag"));
      sc_request_reply_object (req, SOUP_STATUS_OK, g_steal_pointer (&org), etag);
      return;
    }

  new_type_name = type_changed ? sc_org_type_to_string (new_type) : old_type;
  details = json_object_new ();
  json_object_set_array_member (details, "changed", g_steal_pointer (&changed));
  set_string_or_null (details, "old_type", old_type);
  set_string_or_null (details, "new_type", new_type_name);

  if (!sc_store_update_org (req->store, org_id, json_object_get_string_member (org, "etag"),
                            req->user_id, type_changed, new_type, policy,
                            details, &etag, &error))
    {
      sc_request_rollback (req, error, _("Organization"));
      return;
    }

  fresh = sc_store_get_org (req->store, org_id, &error);
  if (fresh == NULL)
    {
      sc_request_reply_store_error (req, error, _("Organization"));
      return;
    }
  sc_request_reply_object (req, SOUP_STATUS_OK, fresh, etag);
}

typedef JsonArray *(*OrgListFunc) (ScStore     *store,
                                    const char  *org_id,
                                    guint        limit,
                                    gint64       cursor,
                                    gint64      *next_cursor,
                                    GError     **error);

/* Answers the page ?limit= and ?cursor= ask for of one of the org's lists
 * (after the caller's permission is checked). */
static void
reply_org_list (ScRequest   *req,
                const char  *org_id,
                OrgListFunc  list)
{
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  gint64 next_cursor = 0;
  gint64 cursor;
  guint limit;

  if (!sc_request_get_page (req, &limit, &cursor))
    return;

  items = list (req->store, org_id, limit, cursor, &next_cursor, &error);
  if (items == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return;
    }
  sc_request_reply_page (req, items, next_cursor);
}

static void
members_list_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);

  if (sc_request_require_member (req, org_id, NULL))
    reply_org_list (req, org_id, sc_store_list_members);
}

static void
mappings_list_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);

  if (sc_request_require_member (req, org_id, NULL))
    reply_org_list (req, org_id, sc_store_list_mappings);
}

/* POST /orgs/{org}/mappings: {target_org_id, relation} from this org. */
static void
mapping_create_cb (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "target_org_id", SC_FIELD_STRING, TRUE },
    { "relation", SC_FIELD_STRING, TRUE },
  };
  const char *source_id = sc_request_param (req, 0);
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) target = NULL;
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *body, *mapping;
  JsonNode *body_node;
  const char *target_id, *relation_name;
  ScRelation relation = SC_RELATION_DEFAULT;
  ScRole role;

  if (!sc_request_begin_until_reply (req))
    return;

  source = load_org_for_member (req, source_id, &role);
  if (source == NULL ||
      !require_admin (req, role, _("Only administrators of %s may add its mappings."),
                      json_object_get_string_member (source, "name")))
    return;

  body_node = sc_request_body_node (req);
  if (body_node == NULL)
    return;
  if (!sc_json_check_object (body_node, "", fields, G_N_ELEMENTS (fields), violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return;
    }
  body = json_node_get_object (body_node);
  target_id = json_object_get_string_member_with_default (body, "target_org_id", NULL);
  relation_name = json_object_get_string_member_with_default (body, "relation", NULL);

  if (relation_name != NULL && !sc_relation_from_string (relation_name, &relation))
    sc_violations_add_field (violations, "relation",
                             _("“%s” is not a relation; use default or sibling."), relation_name);

  if (target_id != NULL && strcmp (target_id, source_id) == 0)
    {
      sc_violations_add_field (violations, "target_org_id",
                               _("%s cannot map to itself."),
                               json_object_get_string_member (source, "name"));
    }
  else if (target_id != NULL)
    {
      target = sc_store_get_org (req->store, target_id, &error);
      if (target == NULL && !g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
        {
          sc_request_reply_store_error (req, error, NULL);
          return;
        }
      if (target == NULL)
        sc_violations_add_field (violations, "target_org_id",
                                 _("There is no organization with the id “%s”."), target_id);
    }

  if (json_object_get_string_member_with_default (source, "type", NULL) == NULL)
    sc_violations_add_rule (violations, "registration",
                            _("%s has no org type. Register it before mapping it to another "
                              "organization."),
                            json_object_get_string_member (source, "name"));
  if (target != NULL && json_object_get_string_member_with_default (target, "type", NULL) == NULL)
    sc_violations_add_rule_field (violations, "registration", "target_org_id",
                                  _("%s has no org type. It must be registered before "
                                    "organizations can map to it."),
                                  json_object_get_string_member (target, "name"));

  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return;
    }

  g_clear_error (&error);
  mapping = sc_store_add_mapping (req->store, source_id, target_id, relation, req->user_id, &error);
  if (mapping == NULL)
    {
      sc_request_rollback (req, NULL, NULL);
      if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_CONSTRAINT))
        sc_request_reply_error (req, SOUP_STATUS_CONFLICT, "conflict", NULL,
                                _("%s already maps to %s."),
                                json_object_get_string_member (source, "name"),
                                json_object_get_string_member (target, "name"));
      else
        sc_request_reply_store_error (req, error, NULL);
      return;
    }

  sc_request_reply_object (req, SOUP_STATUS_CREATED, mapping, NULL);
}

/* DELETE /mappings/{id}: by an admin of the source org. Mappings carry no
 * etag (they are created and deleted, never edited), so no If-Match. */
static void
mapping_delete_cb (ScRequest *req)
{
  const char *mapping_id = sc_request_param (req, 0);
  g_autoptr(JsonObject) mapping = NULL;
  g_autoptr(GError) error = NULL;
  ScRole role;

  if (!sc_request_begin_until_reply (req))
    return;

  mapping = sc_store_get_mapping (req->store, mapping_id, &error);
  if (mapping == NULL)
    {
      sc_request_reply_store_error (req, error, _("Mapping"));
      return;
    }

  role = sc_request_role (req, json_object_get_string_member (mapping, "source_org_id"));
  /* members of the target org see the mapping too: for them it exists,
   * they just may not remove it */
  if (role == SC_ROLE_NONE &&
      sc_request_role (req, json_object_get_string_member (mapping, "target_org_id")) == SC_ROLE_NONE)
    {
      sc_request_reply_not_found (req, _("Mapping"));
      return;
    }
  if (role < SC_ROLE_ADMIN)
    {
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              _("Only administrators of %s may remove its mappings."),
                              json_object_get_string_member (mapping, "source_org_name"));
      return;
    }

  if (!sc_store_delete_mapping (req->store, mapping_id, req->user_id, &error))
    {
      sc_request_rollback (req, error, _("Mapping"));
      return;
    }
  sc_request_reply_empty (req, SOUP_STATUS_NO_CONTENT);
}

/* The filters of GET /orgs/{org}/audit, as the store wants them. */
typedef struct {
  ScAuditFilter filter;
  char         *actions;
  char         *since;
  char         *until;
} AuditQuery;

static void
audit_query_free (AuditQuery *query)
{
  g_free (query->actions);
  g_free (query->since);
  g_free (query->until);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuditQuery, audit_query_free)

static gboolean
reply_bad_parameter (ScRequest  *req,
                     const char *name,
                     const char *reason)
{
  JsonObject *details = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (details, "parameter", name);
  json_node_take_object (node, details);
  sc_request_reply_error (req, SOUP_STATUS_BAD_REQUEST, "bad_request", node,
                          "“%s”: %s", name, reason);
  return FALSE;
}

/* An action, a target type: lower-case words joined by dots. */
static gboolean
is_audit_name (const char *text)
{
  gboolean after_dot = TRUE;

  if (*text == '\0' || strlen (text) > 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '.' && !after_dot)
        after_dot = TRUE;
      else if (g_ascii_islower (*p) || *p == '_')
        after_dot = FALSE;
      else
        return FALSE;
    }
  return !after_dot;
}

/* ?action= (repeated, or a comma list) into ",a,b,"; FALSE after 400. */
static gboolean
parse_actions (ScRequest  *req,
               char      **actions)
{
  GUri *uri = soup_server_message_get_uri (req->msg);
  const char *query = g_uri_get_query (uri);
  g_autoptr(GString) list = NULL;
  GUriParamsIter iter;
  char *name, *value;

  if (query == NULL)
    return TRUE;
  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_NONE);
  while (g_uri_params_iter_next (&iter, &name, &value, NULL))
    {
      g_autofree char *owned_name = name;
      g_autofree char *owned_value = value;
      g_auto(GStrv) parts = NULL;

      if (strcmp (name, "action") != 0)
        continue;
      parts = g_strsplit (value, ",", -1);
      for (guint i = 0; i == 0 || parts[i] != NULL; i++)
        {
          if (parts[i] == NULL || !is_audit_name (parts[i]))
            return reply_bad_parameter (req, "action",
                                        _("an action is lower-case words joined by dots, "
                                          "such as “path.created”."));
          if (list == NULL)
            list = g_string_new (",");
          g_string_append_printf (list, "%s,", parts[i]);
        }
    }
  if (list != NULL)
    *actions = g_string_free (g_steal_pointer (&list), FALSE);
  return TRUE;
}

/* ?since= or ?until= normalised to the stored form; FALSE after 400. */
static gboolean
parse_time (ScRequest  *req,
            const char *name,
            char      **stored)
{
  const char *text = sc_request_get_query (req, name);
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return TRUE;
  time = sc_time_parse (text);
  if (time == NULL)
    return reply_bad_parameter (req, name,
                                _("must be a time in RFC 3339 form, such as "
                                  "“2026-03-01T00:00:00Z”."));
  *stored = sc_time_format (time);
  return TRUE;
}

/* The filters of the request; NULL after answering 400. */
static AuditQuery *
parse_audit_query (ScRequest *req)
{
  g_autoptr(AuditQuery) query = g_new0 (AuditQuery, 1);
  ScAuditFilter *filter = &query->filter;

  if (!parse_actions (req, &query->actions) ||
      !parse_time (req, "since", &query->since) ||
      !parse_time (req, "until", &query->until))
    return NULL;
  filter->actions = query->actions;
  filter->since = query->since;
  filter->until = query->until;
  if (filter->since != NULL && filter->until != NULL && strcmp (filter->since, filter->until) >= 0)
    {
      reply_bad_parameter (req, "until", _("must be later than “since”."));
      return NULL;
    }

  filter->actor = sc_request_get_query (req, "actor_id");
  if (filter->actor != NULL && (*filter->actor == '\0' || strlen (filter->actor) > 320))
    {
      reply_bad_parameter (req, "actor_id", _("must be a user id or an e-mail address."));
      return NULL;
    }
  filter->target_type = sc_request_get_query (req, "target_type");
  if (filter->target_type != NULL && !is_audit_name (filter->target_type))
    {
      reply_bad_parameter (req, "target_type",
                           _("a target type is a lower-case word, such as “path”."));
      return NULL;
    }
  filter->target_id = sc_request_get_query (req, "target_id");
  if (filter->target_id != NULL && (*filter->target_id == '\0' || strlen (filter->target_id) > 200))
    {
      reply_bad_parameter (req, "target_id", _("must be the id of an object."));
      return NULL;
    }
  return g_steal_pointer (&query);
}

/* Whether the caller asked for CSV (Accept: text/csv or ?format=csv);
 * FALSE after answering 400 for an unknown ?format=. */
static gboolean
wants_csv (ScRequest *req,
           gboolean  *csv)
{
  const char *format = sc_request_get_query (req, "format");
  const char *accept = sc_request_get_header (req, "Accept");

  *csv = FALSE;
  if (format != NULL)
    {
      if (strcmp (format, "csv") == 0)
        *csv = TRUE;
      else if (strcmp (format, "json") != 0)
        return reply_bad_parameter (req, "format", _("must be “json” or “csv”."));
      return TRUE;
    }
  *csv = accept != NULL && strstr (accept, "text/csv") != NULL;
  return TRUE;
}

/* One CSV field by RFC 4180: quoted when it holds a comma, a quote or a
 * line break, quotes doubled. */
static void
csv_append_field (GString    *out,
                  const char *text,
                  gboolean    last)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ",\"\r\n") == NULL)
    g_string_append (out, text);
  else
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_append_event (GString    *out,
                  JsonObject *event)
{
  JsonObject *actor = json_object_get_null_member (event, "actor")
                      ? NULL : json_object_get_object_member (event, "actor");
  JsonObject *target = json_object_get_object_member (event, "target");
  g_autofree char *details = sc_json_to_string (json_object_get_member (event, "details"));

  csv_append_field (out, json_object_get_string_member (event, "at"), FALSE);
  csv_append_field (out, json_object_get_string_member (event, "id"), FALSE);
  csv_append_field (out, json_object_get_string_member (event, "action"), FALSE);
  csv_append_field (out, actor != NULL ? json_object_get_string_member (actor, "id") : NULL, FALSE);
  csv_append_field (out, actor != NULL ? json_object_get_string_member_with_default (actor, "email", NULL) : NULL, FALSE);
  csv_append_field (out, json_object_get_string_member (target, "type"), FALSE);
  csv_append_field (out, json_object_get_string_member (target, "id"), FALSE);
  csv_append_field (out, details, TRUE);
}

/* The CSV export, page by page from the store. */
typedef struct {
  AuditQuery *query;
  char       *org_id;
  gint64      cursor;
  gboolean    header_sent;
} AuditExport;

#define AUDIT_EXPORT_PAGE 500

static void
audit_export_free (gpointer data)
{
  AuditExport *export = data;

  audit_query_free (export->query);
  g_free (export->org_id);
  g_free (export);
}

static gboolean
audit_export_next (ScRequest  *req,
                   GString    *chunk,
                   gpointer    user_data,
                   GError    **error)
{
  AuditExport *export = user_data;
  g_autoptr(JsonArray) items = NULL;
  gint64 next_cursor = 0;

  if (!export->header_sent)
    {
      g_string_append (chunk, "at,id,action,actor_id,actor_email,target_type,target_id,details\r\n");
      export->header_sent = TRUE;
    }
  else if (!sc_store_fault_point (req->store, "audit.export.page", error))
    return FALSE;

  /* the status is sent already: a failure cuts the answer short */
  items = sc_store_list_audit (req->store, export->org_id, &export->query->filter,
                               AUDIT_EXPORT_PAGE, export->cursor, &next_cursor, error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (items); i++)
    csv_append_event (chunk, json_array_get_object_element (items, i));
  export->cursor = next_cursor;
  return next_cursor != 0;
}

/* GET /orgs/{org}/audit: admins; filtered by ?action=, ?actor_id=,
 * ?target_type=, ?target_id=, ?since=, ?until=; pages of JSON, or all of
 * it as CSV. */
static void
audit_list_cb (ScRequest *req)
{
  const char *org_id = sc_request_param (req, 0);
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(AuditQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *etag = NULL;
  AuditExport *export;
  JsonArray *items;
  gint64 next_cursor = 0;
  gint64 cursor;
  guint limit;
  gboolean csv;
  ScRole role;

  org = load_org_for_member (req, org_id, &role);
  if (org == NULL ||
      !require_admin (req, role, _("Only administrators of %s may read its audit log."),
                      json_object_get_string_member (org, "name")) ||
      !wants_csv (req, &csv) ||
      (query = parse_audit_query (req)) == NULL)
    return;

  if (!csv)
    {
      if (!sc_request_get_page (req, &limit, &cursor))
        return;
      items = sc_store_list_audit (req->store, org_id, &query->filter, limit, cursor,
                                   &next_cursor, &error);
      if (items == NULL)
        sc_request_reply_store_error (req, error, NULL);
      else
        sc_request_reply_page (req, items, next_cursor);
      return;
    }

  /* the CSV is never built whole, so its ETag is not its hash: it names
   * the state of the store, the caller and the URL, which fix the body */
  stamp = g_strdup_printf ("%" G_GUINT64_FORMAT " %s %s", sc_store_get_change_stamp (req->store),
                           req->user_id, g_uri_get_query (soup_server_message_get_uri (req->msg)));
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, stamp, -1);
  etag = g_strdup_printf ("\"csv-%s\"", hash);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);

  /* the org id is letters, digits and "_": safe inside the quotes */
  disposition = g_strdup_printf ("attachment; filename=\"audit-%s.csv\"", org_id);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Content-Disposition", disposition);
  export = g_new0 (AuditExport, 1);
  export->query = g_steal_pointer (&query);
  export->org_id = g_strdup (org_id);
  sc_request_reply_stream (req, "text/csv; charset=utf-8", audit_export_next, export,
                           audit_export_free);
}

const ScRoute sc_routes_orgs[] = {
  { "GET", "/orgs", orgs_list_cb },
  { "GET", "/orgs/*", org_get_cb },
  { "PATCH", "/orgs/*", org_patch_cb },
  { "GET", "/orgs/*/members", members_list_cb },
  { "GET", "/orgs/*/mappings", mappings_list_cb },
  { "POST", "/orgs/*/mappings", mapping_create_cb },
  { "DELETE", "/mappings/*", mapping_delete_cb },
  { "GET", "/orgs/*/audit", audit_list_cb },
  { NULL }
};
