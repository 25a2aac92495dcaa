/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-deny-windows.h"
#include "sc-model.h"
#include "sc-rules.h"
#include "sc-violations.h"

#define WORKFLOW_NAME_MAX_CHARS 200
#define TRIGGER_URL_MAX_CHARS 2000
#define REQUIRED_APPROVALS_MAX 100
#define EXPIRY_DAYS_MAX 365
#define FREEZE_REASON_MAX_CHARS 500
#define INSTRUCTIONS_MAX_CHARS 2000

G_DEFINE_QUARK (sc-model-error-quark, sc_model_error)

static const char * const trigger_methods[] = {
  "GET", "POST", "PUT", "PATCH", "DELETE", NULL,
};

/* --- helpers -------------------------------------------------------------- */

static char *
field_path (const char *prefix,
            const char *name)
{
  return g_strconcat (prefix != NULL ? prefix : "", name, NULL);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str != '\0'; str++)
    {
      if (!g_ascii_isspace (*str))
        return FALSE;
    }
  return TRUE;
}

static gboolean
node_has_type (JsonNode    *node,
               ScFieldType  type)
{
  switch (type)
    {
    case SC_FIELD_STRING:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
    case SC_FIELD_STRING_OR_NULL:
      return JSON_NODE_HOLDS_NULL (node) ||
             (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING);
    case SC_FIELD_INT:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
    case SC_FIELD_BOOL:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    case SC_FIELD_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case SC_FIELD_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case SC_FIELD_ANY:
      return TRUE;
    default:
      break;
    }

  g_return_val_if_reached (FALSE);
}

static void
set_type_error (GError      **error,
                const char   *path,
                ScFieldType   type)
{
  switch (type)
    {
    case SC_FIELD_STRING:
      g_set_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE,
                   _("%s must be a string."), path);
      break;
    case SC_FIELD_STRING_OR_NULL:
      g_set_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE,
                   _("%s must be a string or null."), path);
      break;
    case SC_FIELD_INT:
      g_set_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE,
                   _("%s must be a whole number."), path);
      break;
    case SC_FIELD_BOOL:
      g_set_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE,
                   _("%s must be true or false."), path);
      break;
    case SC_FIELD_ARRAY:
      g_set_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE,
                   _("%s must be an array."), path);
      break;
    case SC_FIELD_OBJECT:
      g_set_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE,
                   _("%s must be an object."), path);
      break;
    case SC_FIELD_ANY:
    default:
      g_assert_not_reached ();
    }
}

/* The member of an object already checked by sc_json_check_object, or
 * NULL when absent. */
static JsonNode *
get_member (JsonNode   *object_node,
            const char *name)
{
  return json_object_get_member (json_node_get_object (object_node), name);
}

static const char *
get_string_member (JsonNode   *object_node,
                   const char *name)
{
  JsonNode *member = get_member (object_node, name);

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return NULL;
  return json_node_get_string (member);
}

/* Reads an array of strings; an element of another type is a type error
 * naming "path[i]". */
static gboolean
read_string_array (JsonNode    *array_node,
                   const char  *path,
                   GStrv       *strv_out,
                   GError     **error)
{
  JsonArray *array = json_node_get_array (array_node);
  guint length = json_array_get_length (array);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_has_type (element, SC_FIELD_STRING))
        {
          g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);

          set_type_error (error, element_path, SC_FIELD_STRING);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *strv_out = g_strv_builder_end (builder);
  return TRUE;
}

static GStrv
empty_strv (void)
{
  return g_new0 (char *, 1);
}

/* --- generic strict object check ----------------------------------------- */

void
sc_json_check_non_empty (JsonObject         *object,
                         const char * const *names,
                         GPtrArray          *violations)
{
  g_return_if_fail (names != NULL);
  g_return_if_fail (violations != NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = json_object_get_string_member_with_default (object, names[i], NULL);

      if (value != NULL && *value == '\0' && !sc_violations_has_field (violations, names[i]))
        sc_violations_add_field (violations, names[i], _("“%s” must not be empty."), names[i]);
    }
}

gboolean
sc_json_check_object (JsonNode           *node,
                      const char         *prefix,
                      const ScFieldSpec  *fields,
                      guint               n_fields,
                      GPtrArray          *violations,
                      GError            **error)
{
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (prefix == NULL)
    prefix = "";

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (*prefix == '\0')
        {
          g_set_error (error, SC_MODEL_ERROR, SC_MODEL_ERROR_TYPE,
                       _("The request body must be a JSON object."));
        }
      else
        {
          /* "grants[0]." names the object "grants[0]" */
          g_autofree char *path = g_strdup (prefix);
          gsize length = strlen (path);

          if (length > 0 && path[length - 1] == '.')
            path[length - 1] = '\0';
          set_type_error (error, path, SC_FIELD_OBJECT);
        }
      return FALSE;
    }

  object = json_node_get_object (node);
  members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = field_path (prefix, name);
      const ScFieldSpec *spec = NULL;

      for (guint i = 0; i < n_fields; i++)
        {
          if (g_str_equal (fields[i].name, name))
            {
              spec = &fields[i];
              break;
            }
        }

      if (spec == NULL)
        {
          sc_violations_add_field (violations, path,
                                   _("%s is not a known field."), path);
          continue;
        }

      if (!node_has_type (json_object_get_member (object, name), spec->type))
        {
          set_type_error (error, path, spec->type);
          return FALSE;
        }
    }

  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i].required && !json_object_has_member (object, fields[i].name))
        {
          g_autofree char *path = field_path (prefix, fields[i].name);

          sc_violations_add_field (violations, path, _("%s is required."), path);
        }
    }

  return TRUE;
}

/* --- stages and paths ---------------------------------------------------- */

ScStage *
sc_stage_new (const char *tag,
              const char *org_id)
{
  ScStage *stage = g_new0 (ScStage, 1);

  stage->tag = g_strdup (tag);
  stage->org_id = g_strdup (org_id);
  return stage;
}

void
sc_stage_free (ScStage *stage)
{
  if (stage == NULL)
    return;

  g_free (stage->tag);
  g_free (stage->org_id);
  g_free (stage);
}

ScPathSpec *
sc_path_spec_new (const char *name)
{
  ScPathSpec *spec = g_new0 (ScPathSpec, 1);

  spec->name = g_strdup (name);
  spec->stages = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_stage_free);
  return spec;
}

void
sc_path_spec_free (ScPathSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_clear_pointer (&spec->stages, g_ptr_array_unref);
  g_free (spec);
}

ScPathSpec *
sc_path_spec_from_json (JsonNode   *node,
                        GPtrArray  *violations,
                        GError    **error)
{
  static const ScFieldSpec path_fields[] = {
    { "name", SC_FIELD_STRING, TRUE },
    { "stages", SC_FIELD_ARRAY, TRUE },
  };
  static const ScFieldSpec stage_fields[] = {
    { "tag", SC_FIELD_STRING, TRUE },
    { "org_id", SC_FIELD_STRING, TRUE },
    { "soak_seconds", SC_FIELD_INT, FALSE },
  };
  g_autoptr(ScPathSpec) spec = NULL;
  JsonNode *stages;

  g_return_val_if_fail (violations != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_json_check_object (node, "", path_fields, G_N_ELEMENTS (path_fields),
                             violations, error))
    return NULL;

  /* Whether the name and the stages are acceptable is for
   * sc_rules_check_path; here only their shape matters. */
  spec = sc_path_spec_new (get_string_member (node, "name"));

  stages = get_member (node, "stages");
  if (stages != NULL)
    {
      JsonArray *array = json_node_get_array (stages);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *prefix = g_strdup_printf ("stages[%u].", i);

          if (!sc_json_check_object (element, prefix, stage_fields, G_N_ELEMENTS (stage_fields),
                                     violations, error))
            return NULL;

          ScStage *stage = sc_stage_new (get_string_member (element, "tag"),
                                         get_string_member (element, "org_id"));
          JsonNode *soak = get_member (element, "soak_seconds");

          if (soak != NULL)
            stage->soak_seconds = json_node_get_int (soak);
          g_ptr_array_add (spec->stages, stage);
        }
    }

  return g_steal_pointer (&spec);
}

/* --- workflows ------------------------------------------------------------ */

void
sc_workflow_spec_free (ScWorkflowSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->name);
  g_free (spec->description);
  g_clear_pointer (&spec->steps, json_node_unref);
  g_clear_pointer (&spec->config, json_node_unref);
  g_free (spec->trigger_url);
  g_free (spec->trigger_method);
  g_strfreev (spec->tags);
  g_strfreev (spec->connection_ids);
  g_free (spec);
}

static gboolean
parse_trigger (JsonNode        *trigger,
               ScWorkflowSpec  *spec,
               GPtrArray       *violations,
               GError         **error)
{
  static const ScFieldSpec trigger_fields[] = {
    { "url", SC_FIELD_STRING, TRUE },
    { "method", SC_FIELD_STRING, TRUE },
  };
  const char *url;
  const char *method;

  if (!sc_json_check_object (trigger, "trigger.", trigger_fields, G_N_ELEMENTS (trigger_fields),
                             violations, error))
    return FALSE;

  url = get_string_member (trigger, "url");
  if (url != NULL)
    {
      spec->trigger_url = g_strdup (url);
      if (url[0] != '/')
        sc_violations_add_field (violations, "trigger.url",
                                 _("The trigger URL “%s” must start with “/”."), url);
      else if (g_utf8_strlen (url, -1) > TRIGGER_URL_MAX_CHARS)
        sc_violations_add_field (violations, "trigger.url",
                                 g_dngettext (GETTEXT_PACKAGE, "The trigger URL is longer than %d character.",
                                              "The trigger URL is longer than %d characters.",
                                              TRIGGER_URL_MAX_CHARS),
                                 TRIGGER_URL_MAX_CHARS);
      else
        sc_rules_check_name (violations, "trigger.url", url);
    }

  method = get_string_member (trigger, "method");
  if (method != NULL)
    {
      spec->trigger_method = g_ascii_strup (method, -1);
      if (!g_strv_contains (trigger_methods, spec->trigger_method))
        sc_violations_add_field (violations, "trigger.method",
                                 _("The trigger method “%s” is not one of GET, POST, PUT, "
                                   "PATCH and DELETE."),
                                 method);
    }

  return TRUE;
}

ScWorkflowSpec *
sc_workflow_spec_from_json (JsonNode   *node,
                            GPtrArray  *violations,
                            GError    **error)
{
  static const ScFieldSpec workflow_fields[] = {
    { "name", SC_FIELD_STRING, TRUE },
    { "description", SC_FIELD_STRING_OR_NULL, FALSE },
    { "steps", SC_FIELD_ARRAY, FALSE },
    { "config", SC_FIELD_OBJECT, FALSE },
    { "trigger", SC_FIELD_OBJECT, TRUE },
    { "tags", SC_FIELD_ARRAY, FALSE },
    { "connection_ids", SC_FIELD_ARRAY, FALSE },
  };
  g_autoptr(ScWorkflowSpec) spec = NULL;
  const char *name;
  const char *description;
  JsonNode *member;

  g_return_val_if_fail (violations != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_json_check_object (node, "", workflow_fields, G_N_ELEMENTS (workflow_fields),
                             violations, error))
    return NULL;

  spec = g_new0 (ScWorkflowSpec, 1);

  name = get_string_member (node, "name");
  if (name != NULL)
    {
      spec->name = g_strdup (name);
      if (is_blank (name))
        sc_violations_add_field (violations, "name", _("The workflow needs a name."));
      else if (g_utf8_strlen (name, -1) > WORKFLOW_NAME_MAX_CHARS)
        sc_violations_add_field (violations, "name",
                                 g_dngettext (GETTEXT_PACKAGE, "The workflow name is longer than %d character.",
                                              "The workflow name is longer than %d characters.",
                                              WORKFLOW_NAME_MAX_CHARS),
                                 WORKFLOW_NAME_MAX_CHARS);
      else
        sc_rules_check_name (violations, "name", name);
    }

  description = get_string_member (node, "description");
  spec->description = g_strdup (description != NULL ? description : "");

  member = get_member (node, "steps");
  if (member != NULL)
    spec->steps = json_node_copy (member);
  else
    {
      spec->steps = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (spec->steps, json_array_new ());
    }

  member = get_member (node, "config");
  if (member != NULL)
    spec->config = json_node_copy (member);
  else
    {
      spec->config = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (spec->config, json_object_new ());
    }

  member = get_member (node, "trigger");
  if (member != NULL && !parse_trigger (member, spec, violations, error))
    return NULL;

  member = get_member (node, "tags");
  if (member != NULL)
    {
      if (!read_string_array (member, "tags", &spec->tags, error))
        return NULL;
      for (guint i = 0; spec->tags[i] != NULL; i++)
        {
          g_autofree char *field = g_strdup_printf ("tags[%u]", i);

          sc_rules_check_name (violations, field, spec->tags[i]);
        }
    }
  else
    {
      spec->tags = empty_strv ();
    }

  member = get_member (node, "connection_ids");
  if (member != NULL)
    {
      if (!read_string_array (member, "connection_ids", &spec->connection_ids, error))
        return NULL;
    }
  else
    {
      spec->connection_ids = empty_strv ();
    }

  return g_steal_pointer (&spec);
}

/* --- approval policy and freeze ----------------------------------------- */

ScApprovalPolicy *
sc_approval_policy_new_default (void)
{
  ScApprovalPolicy *policy = g_new0 (ScApprovalPolicy, 1);

  policy->enabled = FALSE;
  policy->reviewer_roles = 1u << SC_ROLE_ADMIN;
  policy->assignee_ids = empty_strv ();
  policy->required_approvals = 1;
  policy->expiry_days = 7;
  policy->deny_windows = sc_deny_window_list_new ();
  policy->time_zone = g_strdup ("UTC");
  return policy;
}

ScApprovalPolicy *
sc_approval_policy_copy (const ScApprovalPolicy *policy)
{
  ScApprovalPolicy *copy;

  g_return_val_if_fail (policy != NULL, NULL);

  copy = g_new0 (ScApprovalPolicy, 1);
  copy->enabled = policy->enabled;
  copy->reviewer_roles = policy->reviewer_roles;
  copy->assignee_ids = policy->assignee_ids != NULL ? g_strdupv (policy->assignee_ids)
                                                    : empty_strv ();
  copy->required_approvals = policy->required_approvals;
  copy->expiry_days = policy->expiry_days;
  copy->freeze.active = policy->freeze.active;
  copy->freeze.from = policy->freeze.from != NULL ? g_date_time_ref (policy->freeze.from) : NULL;
  copy->freeze.until = policy->freeze.until != NULL ? g_date_time_ref (policy->freeze.until)
                                                    : NULL;
  copy->freeze.reason = g_strdup (policy->freeze.reason);
  copy->instructions = g_strdup (policy->instructions);
  copy->comment_required_to_reject = policy->comment_required_to_reject;
  copy->comment_required_to_approve = policy->comment_required_to_approve;
  copy->deny_windows = sc_deny_windows_copy (policy->deny_windows);
  copy->time_zone = g_strdup (policy->time_zone != NULL ? policy->time_zone : "UTC");
  copy->emergency_stop.active = policy->emergency_stop.active;
  copy->emergency_stop.reason = g_strdup (policy->emergency_stop.reason);
  copy->emergency_stop.by_email = g_strdup (policy->emergency_stop.by_email);
  copy->emergency_stop.at = policy->emergency_stop.at != NULL
                            ? g_date_time_ref (policy->emergency_stop.at) : NULL;
  return copy;
}

void
sc_approval_policy_free (ScApprovalPolicy *policy)
{
  if (policy == NULL)
    return;

  g_strfreev (policy->assignee_ids);
  g_clear_pointer (&policy->freeze.from, g_date_time_unref);
  g_clear_pointer (&policy->freeze.until, g_date_time_unref);
  g_free (policy->freeze.reason);
  g_free (policy->instructions);
  g_clear_pointer (&policy->deny_windows, g_ptr_array_unref);
  g_free (policy->time_zone);
  sc_emergency_stop_clear (&policy->emergency_stop);
  g_free (policy);
}

void
sc_emergency_stop_clear (ScEmergencyStop *stop)
{
  g_return_if_fail (stop != NULL);

  g_free (stop->reason);
  g_free (stop->by_email);
  g_clear_pointer (&stop->at, g_date_time_unref);
  memset (stop, 0, sizeof *stop);
}

gboolean
sc_approval_policy_has_role (const ScApprovalPolicy *policy,
                             ScRole                  role)
{
  g_return_val_if_fail (policy != NULL, FALSE);

  if (role <= SC_ROLE_NONE || role > SC_ROLE_ADMIN)
    return FALSE;
  return (policy->reviewer_roles & (1u << role)) != 0;
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 GDateTime   *time)
{
  json_builder_set_member_name (builder, name);
  if (time != NULL)
    {
      g_autofree char *text = sc_time_format (time);

      json_builder_add_string_value (builder, text);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
}

JsonNode *
sc_approval_policy_to_json (const ScApprovalPolicy *policy)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (policy != NULL, NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, policy->enabled);

  json_builder_set_member_name (builder, "reviewer_roles");
  json_builder_begin_array (builder);
  for (ScRole role = SC_ROLE_VIEWER; role <= SC_ROLE_ADMIN; role++)
    {
      if (sc_approval_policy_has_role (policy, role))
        json_builder_add_string_value (builder, sc_role_to_string (role));
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "assignee_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; policy->assignee_ids != NULL && policy->assignee_ids[i] != NULL; i++)
    json_builder_add_string_value (builder, policy->assignee_ids[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "required_approvals");
  json_builder_add_int_value (builder, policy->required_approvals);

  json_builder_set_member_name (builder, "expiry_days");
  json_builder_add_int_value (builder, policy->expiry_days);

  json_builder_set_member_name (builder, "freeze");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, policy->freeze.active);
  add_time_member (builder, "from", policy->freeze.from);
  add_time_member (builder, "until", policy->freeze.until);
  json_builder_set_member_name (builder, "reason");
  if (policy->freeze.reason != NULL)
    json_builder_add_string_value (builder, policy->freeze.reason);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "instructions");
  if (policy->instructions != NULL)
    json_builder_add_string_value (builder, policy->instructions);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "comment_required_to_reject");
  json_builder_add_boolean_value (builder, policy->comment_required_to_reject);
  json_builder_set_member_name (builder, "comment_required_to_approve");
  json_builder_add_boolean_value (builder, policy->comment_required_to_approve);
  json_builder_set_member_name (builder, "deny_windows");
  json_builder_add_value (builder, sc_deny_windows_to_json (policy->deny_windows));

  json_builder_set_member_name (builder, "time_zone");
  json_builder_add_string_value (builder, policy->time_zone != NULL ? policy->time_zone : "UTC");

  json_builder_set_member_name (builder, "emergency_stop");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, policy->emergency_stop.active);
  json_builder_set_member_name (builder, "reason");
  if (policy->emergency_stop.reason != NULL)
    json_builder_add_string_value (builder, policy->emergency_stop.reason);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "by");
  if (policy->emergency_stop.by_email != NULL)
    json_builder_add_string_value (builder, policy->emergency_stop.by_email);
  else
    json_builder_add_null_value (builder);
  add_time_member (builder, "at", policy->emergency_stop.at);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Sets *@time_out from a "freeze.from"/"freeze.until" member: null clears,
 * a string must be an RFC 3339 time. */
static void
merge_time (JsonNode    *freeze,
            const char  *name,
            const char  *prefix,
            GDateTime  **time_out,
            GPtrArray   *violations)
{
  JsonNode *member = get_member (freeze, name);
  g_autofree char *path = NULL;
  GDateTime *time;

  if (member == NULL)
    return;

  if (JSON_NODE_HOLDS_NULL (member))
    {
      g_clear_pointer (time_out, g_date_time_unref);
      return;
    }

  time = sc_time_parse (json_node_get_string (member));
  if (time == NULL)
    {
      path = g_strconcat (prefix, "freeze.", name, NULL);
      sc_violations_add_field (violations, path,
                               _("“%s” is not a date and time such as "
                                 "2026-11-23T12:00:00Z."),
                               json_node_get_string (member));
      return;
    }

  g_clear_pointer (time_out, g_date_time_unref);
  *time_out = time;
}

static gboolean
merge_freeze (ScFreeze    *freeze,
              JsonNode    *patch,
              const char  *prefix,
              GPtrArray   *violations,
              GError     **error)
{
  static const ScFieldSpec freeze_fields[] = {
    { "active", SC_FIELD_BOOL, FALSE },
    { "from", SC_FIELD_STRING_OR_NULL, FALSE },
    { "until", SC_FIELD_STRING_OR_NULL, FALSE },
    { "reason", SC_FIELD_STRING_OR_NULL, FALSE },
  };
  g_autofree char *freeze_prefix = g_strconcat (prefix, "freeze.", NULL);
  JsonNode *member;

  if (!sc_json_check_object (patch, freeze_prefix, freeze_fields, G_N_ELEMENTS (freeze_fields),
                             violations, error))
    return FALSE;

  member = get_member (patch, "active");
  if (member != NULL)
    freeze->active = json_node_get_boolean (member);

  merge_time (patch, "from", prefix, &freeze->from, violations);
  merge_time (patch, "until", prefix, &freeze->until, violations);

  member = get_member (patch, "reason");
  if (member != NULL)
    {
      const char *reason = JSON_NODE_HOLDS_NULL (member) ? NULL : json_node_get_string (member);

      if (reason != NULL && g_utf8_strlen (reason, -1) > FREEZE_REASON_MAX_CHARS)
        {
          g_autofree char *path = g_strconcat (freeze_prefix, "reason", NULL);

          sc_violations_add_field (violations, path,
                                   g_dngettext (GETTEXT_PACKAGE, "The freeze reason is longer than %d character.",
                                                "The freeze reason is longer than %d characters.",
                                                FREEZE_REASON_MAX_CHARS),
                                   FREEZE_REASON_MAX_CHARS);
        }
      else
        {
          g_free (freeze->reason);
          /* An empty reason is no reason. */
          freeze->reason = (reason != NULL && *reason != '\0') ? g_strdup (reason) : NULL;
        }
    }

  return TRUE;
}

gboolean
sc_approval_policy_merge_json (ScApprovalPolicy  *policy,
                               JsonNode          *patch,
                               const char        *prefix,
                               GPtrArray         *violations,
                               GError           **error)
{
  static const ScFieldSpec policy_fields[] = {
    { "enabled", SC_FIELD_BOOL, FALSE },
    { "reviewer_roles", SC_FIELD_ARRAY, FALSE },
    { "assignee_ids", SC_FIELD_ARRAY, FALSE },
    { "required_approvals", SC_FIELD_INT, FALSE },
    { "expiry_days", SC_FIELD_INT, FALSE },
    { "freeze", SC_FIELD_OBJECT, FALSE },
    { "instructions", SC_FIELD_STRING_OR_NULL, FALSE },
    { "comment_required_to_reject", SC_FIELD_BOOL, FALSE },
    { "comment_required_to_approve", SC_FIELD_BOOL, FALSE },
    { "deny_windows", SC_FIELD_ARRAY, FALSE },
    { "time_zone", SC_FIELD_STRING, FALSE },
    { "emergency_stop", SC_FIELD_OBJECT, FALSE },
  };
  JsonNode *member;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (prefix == NULL)
    prefix = "";

  if (!sc_json_check_object (patch, prefix, policy_fields, G_N_ELEMENTS (policy_fields),
                             violations, error))
    return FALSE;

  member = get_member (patch, "enabled");
  if (member != NULL)
    policy->enabled = json_node_get_boolean (member);

  member = get_member (patch, "reviewer_roles");
  if (member != NULL)
    {
      g_autofree char *path = field_path (prefix, "reviewer_roles");
      g_auto(GStrv) names = NULL;
      guint roles = 0;
      gboolean valid = TRUE;

      if (!read_string_array (member, path, &names, error))
        return FALSE;

      for (guint i = 0; names[i] != NULL; i++)
        {
          ScRole role;

          if (!sc_role_from_string (names[i], &role) || role == SC_ROLE_NONE)
            {
              g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);

              sc_violations_add_field (violations, element_path,
                                       _("“%s” is not a role; the roles are viewer, developer, "
                                         "reviewer and admin."),
                                       names[i]);
              valid = FALSE;
              continue;
            }
          roles |= 1u << role;
        }

      if (names[0] == NULL)
        sc_violations_add_field (violations, path,
                                 _("At least one reviewer role is needed."));
      else if (valid)
        policy->reviewer_roles = roles;
    }

  member = get_member (patch, "assignee_ids");
  if (member != NULL)
    {
      g_autofree char *path = field_path (prefix, "assignee_ids");
      g_auto(GStrv) ids = NULL;
      gboolean valid = TRUE;

      if (!read_string_array (member, path, &ids, error))
        return FALSE;

      for (guint i = 0; ids[i] != NULL; i++)
        {
          if (is_blank (ids[i]))
            {
              g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);

              sc_violations_add_field (violations, element_path,
                                       _("An assignee must be named by a user id."));
              valid = FALSE;
            }
        }

      if (valid)
        {
          g_strfreev (policy->assignee_ids);
          policy->assignee_ids = g_steal_pointer (&ids);
        }
    }

  member = get_member (patch, "required_approvals");
  if (member != NULL)
    {
      gint64 value = json_node_get_int (member);

      if (value < 1 || value > REQUIRED_APPROVALS_MAX)
        {
          g_autofree char *path = field_path (prefix, "required_approvals");

          sc_violations_add_field (violations, path,
                                   g_dngettext (GETTEXT_PACKAGE, "The number of required approvals must be between 1 "
                                                "and %d.",
                                                "The number of required approvals must be between 1 "
                                                "and %d.",
                                                REQUIRED_APPROVALS_MAX),
                                   REQUIRED_APPROVALS_MAX);
        }
      else
        {
          policy->required_approvals = (guint) value;
        }
    }

  member = get_member (patch, "expiry_days");
  if (member != NULL)
    {
      gint64 value = json_node_get_int (member);

      if (value < 1 || value > EXPIRY_DAYS_MAX)
        {
          g_autofree char *path = field_path (prefix, "expiry_days");

          sc_violations_add_field (violations, path,
                                   g_dngettext (GETTEXT_PACKAGE, "Requests must expire after between 1 and %d day.",
                                                "Requests must expire after between 1 and %d days.",
                                                EXPIRY_DAYS_MAX),
                                   EXPIRY_DAYS_MAX);
        }
      else
        {
          policy->expiry_days = (guint) value;
        }
    }

  member = get_member (patch, "instructions");
  if (member != NULL)
    {
      const char *text = JSON_NODE_HOLDS_NULL (member) ? NULL : json_node_get_string (member);

      if (text != NULL && g_utf8_strlen (text, -1) > INSTRUCTIONS_MAX_CHARS)
        {
          g_autofree char *path = field_path (prefix, "instructions");

          sc_violations_add_field (violations, path,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "The instructions for reviewers may have at most %d character.",
                                                "The instructions for reviewers may have at most %d characters.",
                                                INSTRUCTIONS_MAX_CHARS),
                                   INSTRUCTIONS_MAX_CHARS);
        }
      else
        {
          g_free (policy->instructions);
          /* blank instructions are none */
          policy->instructions = (text != NULL && !is_blank (text)) ? g_strdup (text) : NULL;
        }
    }

  member = get_member (patch, "comment_required_to_reject");
  if (member != NULL)
    policy->comment_required_to_reject = json_node_get_boolean (member);
  member = get_member (patch, "comment_required_to_approve");
  if (member != NULL)
    policy->comment_required_to_approve = json_node_get_boolean (member);

  member = get_member (patch, "freeze");
  if (member != NULL)
    {
      if (!merge_freeze (&policy->freeze, member, prefix, violations, error))
        return FALSE;
    }

  member = get_member (patch, "deny_windows");
  if (member != NULL)
    {
      g_autofree char *path = field_path (prefix, "deny_windows");
      GPtrArray *windows = sc_deny_windows_from_json (member, path, violations, error);

      if (error != NULL && *error != NULL)
        return FALSE;
      if (windows != NULL)
        {
          g_ptr_array_unref (policy->deny_windows);
          policy->deny_windows = windows;
        }
    }

  member = get_member (patch, "time_zone");
  if (member != NULL)
    {
      const char *zone = json_node_get_string (member);

      if (!sc_time_zone_id_is_valid (zone))
        {
          g_autofree char *path = field_path (prefix, "time_zone");

          sc_violations_add_field (violations, path,
                                   _("“%s” is not a time zone such as Europe/Berlin or UTC."),
                                   zone);
        }
      else
        {
          g_free (policy->time_zone);
          policy->time_zone = g_strdup (zone);
        }
    }

  member = get_member (patch, "emergency_stop");
  if (member != NULL)
    {
      static const ScFieldSpec stop_fields[] = {
        { "active", SC_FIELD_BOOL, FALSE },
        { "reason", SC_FIELD_STRING_OR_NULL, FALSE },
        { "by", SC_FIELD_STRING_OR_NULL, FALSE },
        { "at", SC_FIELD_STRING_OR_NULL, FALSE },
      };
      g_autofree char *stop_prefix = g_strconcat (prefix, "emergency_stop.", NULL);
      const char *at;

      if (!sc_json_check_object (member, stop_prefix, stop_fields, G_N_ELEMENTS (stop_fields),
                                 violations, error))
        return FALSE;
      if (get_member (member, "active") != NULL)
        policy->emergency_stop.active = json_node_get_boolean (get_member (member, "active"));
      g_free (policy->emergency_stop.reason);
      policy->emergency_stop.reason = g_strdup (get_string_member (member, "reason"));
      g_free (policy->emergency_stop.by_email);
      policy->emergency_stop.by_email = g_strdup (get_string_member (member, "by"));
      g_clear_pointer (&policy->emergency_stop.at, g_date_time_unref);
      at = get_string_member (member, "at");
      policy->emergency_stop.at = at != NULL ? sc_time_parse (at) : NULL;
    }

  if (policy->freeze.from != NULL && policy->freeze.until != NULL &&
      g_date_time_compare (policy->freeze.from, policy->freeze.until) >= 0)
    {
      g_autofree char *path = g_strconcat (prefix, "freeze.until", NULL);
      g_autofree char *from = sc_time_format (policy->freeze.from);
      g_autofree char *until = sc_time_format (policy->freeze.until);

      sc_violations_add_field (violations, path,
                               _("The freeze must end after it starts, but it starts at %s "
                                 "and ends at %s."),
                               from, until);
    }

  return TRUE;
}

/* --- sharing ------------------------------------------------------------- */

void
sc_grant_free (ScGrant *grant)
{
  if (grant == NULL)
    return;

  g_free (grant->user_id);
  g_free (grant->email);
  g_free (grant);
}

void
sc_sharing_spec_free (ScSharingSpec *spec)
{
  if (spec == NULL)
    return;

  g_clear_pointer (&spec->grants, g_ptr_array_unref);
  g_free (spec);
}

/* A level a resource of this kind knows; "none" only when @allow_none. */
static gboolean
parse_level (const char   *name,
             gboolean      for_connection,
             gboolean      allow_none,
             ScPermission *permission_out)
{
  ScPermission permission;

  if (!sc_permission_from_string (name, &permission))
    return FALSE;

  switch (permission)
    {
    case SC_PERMISSION_NONE:
      if (!allow_none)
        return FALSE;
      break;
    case SC_PERMISSION_VIEW:
      if (for_connection)
        return FALSE;
      break;
    case SC_PERMISSION_RUN:
      if (!for_connection)
        return FALSE;
      break;
    case SC_PERMISSION_MANAGE:
      break;
    default:
      return FALSE;
    }

  *permission_out = permission;
  return TRUE;
}

ScSharingSpec *
sc_sharing_spec_from_json (JsonNode   *node,
                           gboolean    for_connection,
                           GPtrArray  *violations,
                           GError    **error)
{
  static const ScFieldSpec sharing_fields[] = {
    { "general_access", SC_FIELD_STRING, TRUE },
    { "grants", SC_FIELD_ARRAY, TRUE },
  };
  static const ScFieldSpec grant_fields[] = {
    { "user_id", SC_FIELD_STRING, FALSE },
    { "email", SC_FIELD_STRING, FALSE },
    { "permission", SC_FIELD_STRING, TRUE },
  };
  g_autoptr(ScSharingSpec) spec = NULL;
  const char *general_access;
  JsonNode *grants;

  g_return_val_if_fail (violations != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sc_json_check_object (node, "", sharing_fields, G_N_ELEMENTS (sharing_fields),
                             violations, error))
    return NULL;

  spec = g_new0 (ScSharingSpec, 1);
  spec->general_access = SC_PERMISSION_NONE;
  spec->grants = g_ptr_array_new_with_free_func ((GDestroyNotify) sc_grant_free);

  general_access = get_string_member (node, "general_access");
  if (general_access != NULL &&
      !parse_level (general_access, for_connection, TRUE, &spec->general_access))
    sc_violations_add_field (violations, "general_access",
                             for_connection
                             ? _("General access “%s” is not one of none, run and manage.")
                             : _("General access “%s” is not one of none, view and manage."),
                             general_access);

  grants = get_member (node, "grants");
  if (grants != NULL)
    {
      JsonArray *array = json_node_get_array (grants);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *prefix = g_strdup_printf ("grants[%u].", i);
          g_autofree char *grant_path = g_strdup_printf ("grants[%u]", i);
          ScGrant *grant;
          const char *user_id;
          const char *email;
          const char *permission;

          if (!sc_json_check_object (element, prefix, grant_fields, G_N_ELEMENTS (grant_fields),
                                     violations, error))
            return NULL;

          user_id = get_string_member (element, "user_id");
          email = get_string_member (element, "email");
          permission = get_string_member (element, "permission");

          grant = g_new0 (ScGrant, 1);
          grant->user_id = g_strdup (user_id);
          grant->email = g_strdup (email);
          grant->permission = SC_PERMISSION_NONE;
          g_ptr_array_add (spec->grants, grant);

          if (user_id == NULL && email == NULL)
            {
              sc_violations_add_field (violations, grant_path,
                                       _("Grant %u names nobody; give a user_id or an email."),
                                       i + 1);
            }
          if (user_id != NULL && is_blank (user_id))
            {
              g_autofree char *path = g_strconcat (prefix, "user_id", NULL);

              sc_violations_add_field (violations, path, _("The user id is empty."));
            }
          if (email != NULL && (strchr (email, '@') == NULL || is_blank (email)))
            {
              g_autofree char *path = g_strconcat (prefix, "email", NULL);

              sc_violations_add_field (violations, path,
                                       _("“%s” is not an e-mail address."), email);
            }
          if (permission != NULL &&
              !parse_level (permission, for_connection, FALSE, &grant->permission))
            {
              g_autofree char *path = g_strconcat (prefix, "permission", NULL);

              sc_violations_add_field (violations, path,
                                       for_connection
                                       ? _("Permission “%s” is not one of run and manage.")
                                       : _("Permission “%s” is not one of view and manage."),
                                       permission);
            }
        }
    }

  return g_steal_pointer (&spec);
}

/* --- time ---------------------------------------------------------------- */

/* @value in @count decimal digits, zero-padded (0 <= value < 10^count) */
static void
put_digits (char *out,
            int   value,
            guint count)
{
  for (guint i = count; i > 0; i--)
    {
      out[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
}

char *
sc_time_format (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;
  char text[21];
  int year, month, day;

  g_return_val_if_fail (time != NULL, NULL);

  /* four digits for the year: GLib's %Y writes 112 for the year 112,
   * which no RFC 3339 parser (ours included) reads back. Written digit by
   * digit from one conversion (every stored row carries a timestamp: the
   * six getters and printf were most of what one cost). */
  utc = g_date_time_to_utc (time);
  g_date_time_get_ymd (utc, &year, &month, &day);
  put_digits (text, year, 4);
  text[4] = '-';
  put_digits (text + 5, month, 2);
  text[7] = '-';
  put_digits (text + 8, day, 2);
  text[10] = 'T';
  put_digits (text + 11, g_date_time_get_hour (utc), 2);
  text[13] = ':';
  put_digits (text + 14, g_date_time_get_minute (utc), 2);
  text[16] = ':';
  put_digits (text + 17, g_date_time_get_second (utc), 2);
  text[19] = 'Z';
  text[20] = '\0';
  return g_strndup (text, 20);
}

static gboolean
expect_digits (const char **p,
               guint        count)
{
  for (guint i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
    }
  *p += count;
  return TRUE;
}

static gboolean
expect_char (const char **p,
             const char  *allowed)
{
  if (**p == '\0' || strchr (allowed, **p) == NULL)
    return FALSE;
  *p += 1;
  return TRUE;
}

/* RFC 3339 date-time: full-date "T" partial-time time-offset. GLib's
 * ISO 8601 parser also takes week dates, basic format and so on, which the
 * API does not. */
static gboolean
is_rfc3339 (const char *text)
{
  const char *p = text;

  if (!expect_digits (&p, 4) || !expect_char (&p, "-") ||
      !expect_digits (&p, 2) || !expect_char (&p, "-") ||
      !expect_digits (&p, 2) || !expect_char (&p, "Tt ") ||
      !expect_digits (&p, 2) || !expect_char (&p, ":") ||
      !expect_digits (&p, 2) || !expect_char (&p, ":") ||
      !expect_digits (&p, 2))
    return FALSE;

  if (*p == '.')
    {
      p++;
      if (!expect_digits (&p, 1))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }

  if (*p == 'Z' || *p == 'z')
    return p[1] == '\0';

  return expect_char (&p, "+-") &&
         expect_digits (&p, 2) && expect_char (&p, ":") && expect_digits (&p, 2) &&
         *p == '\0';
}

GDateTime *
sc_time_parse (const char *text)
{
  g_autofree char *normalised = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || !is_rfc3339 (text))
    return NULL;

  /* RFC 3339 allows a lower-case "t" and "z"; GLib wants them upper-case. */
  normalised = g_ascii_strup (text, -1);
  time = g_date_time_new_from_iso8601 (normalised, NULL);
  if (time == NULL)
    return NULL;

  return g_date_time_to_utc (time);
}
