/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include "sc-json.h"
#include "sc-violations.h"

void
sc_violation_free (ScViolation *violation)
{
  if (violation == NULL)
    return;

  g_free (violation->field);
  g_free (violation->rule);
  g_free (violation->reason);
  g_free (violation);
}

GPtrArray *
sc_violations_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sc_violation_free);
}

static void add_violation_valist (GPtrArray  *violations,
                                  const char *field,
                                  const char *rule,
                                  const char *format,
                                  va_list     args) G_GNUC_PRINTF (4, 0);

static void
add_violation_valist (GPtrArray  *violations,
                      const char *field,
                      const char *rule,
                      const char *format,
                      va_list     args)
{
  ScViolation *violation = g_new0 (ScViolation, 1);

  violation->field = g_strdup (field);
  violation->rule = g_strdup (rule);
  violation->reason = g_strdup_vprintf (format, args);
  g_ptr_array_add (violations, violation);
}

void
sc_violations_add_field (GPtrArray  *violations,
                         const char *field,
                         const char *format,
                         ...)
{
  va_list args;

  g_return_if_fail (violations != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_violation_valist (violations, field, NULL, format, args);
  va_end (args);
}

void
sc_violations_add_rule (GPtrArray  *violations,
                        const char *rule,
                        const char *format,
                        ...)
{
  va_list args;

  g_return_if_fail (violations != NULL);
  g_return_if_fail (rule != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_violation_valist (violations, NULL, rule, format, args);
  va_end (args);
}

void
sc_violations_add_rule_field (GPtrArray  *violations,
                              const char *rule,
                              const char *field,
                              const char *format,
                              ...)
{
  va_list args;

  g_return_if_fail (violations != NULL);
  g_return_if_fail (rule != NULL);
  g_return_if_fail (format != NULL);

  va_start (args, format);
  add_violation_valist (violations, field, rule, format, args);
  va_end (args);
}

gboolean
sc_violations_has_rule (GPtrArray  *violations,
                        const char *rule)
{
  g_return_val_if_fail (violations != NULL, FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      if (g_strcmp0 (violation->rule, rule) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
sc_violations_has_field (GPtrArray  *violations,
                         const char *field)
{
  g_return_val_if_fail (violations != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      if (g_strcmp0 (violation->field, field) == 0)
        return TRUE;
    }

  return FALSE;
}

JsonNode *
sc_violations_to_details (GPtrArray *violations)
{
  g_autoptr(JsonArray) fields = json_array_new ();
  g_autoptr(JsonArray) rules = json_array_new ();
  JsonObject *details;
  JsonNode *node;

  g_return_val_if_fail (violations != NULL, NULL);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);
      JsonObject *item = json_object_new ();

      if (violation->rule != NULL)
        {
          json_object_set_string_member (item, "rule", violation->rule);
          if (violation->field != NULL)
            json_object_set_string_member (item, "field", violation->field);
          json_object_set_string_member (item, "reason", violation->reason);
          json_array_add_object_element (rules, item);
        }
      else
        {
          json_object_set_string_member (item, "field", violation->field);
          json_object_set_string_member (item, "reason", violation->reason);
          json_array_add_object_element (fields, item);
        }
    }

  details = json_object_new ();
  if (json_array_get_length (fields) > 0)
    json_object_set_array_member (details, "fields", g_steal_pointer (&fields));
  if (json_array_get_length (rules) > 0)
    json_object_set_array_member (details, "rules", g_steal_pointer (&rules));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, details);
  return node;
}

JsonNode *
sc_violations_to_refusals (GPtrArray *violations)
{
  JsonArray *refusals;
  JsonNode *node;

  g_return_val_if_fail (violations != NULL, NULL);

  refusals = json_array_new ();
  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "rule",
                                     violation->rule != NULL ? violation->rule : "field");
      if (violation->field != NULL)
        json_object_set_string_member (item, "field", violation->field);
      json_object_set_string_member (item, "reason", violation->reason);
      json_array_add_object_element (refusals, item);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, refusals);
  return node;
}

const char *
sc_violations_first_reason (GPtrArray *violations)
{
  const ScViolation *first;

  g_return_val_if_fail (violations != NULL, NULL);

  if (violations->len == 0)
    return NULL;

  first = g_ptr_array_index (violations, 0);
  return first->reason;
}

void
sc_violations_add_json (GPtrArray *violations,
                        JsonArray *items)
{
  g_return_if_fail (violations != NULL);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *rule = sc_json_get_string (item, "rule");
      const char *field = sc_json_get_string (item, "field");
      const char *reason = sc_json_get_string (item, "reason");

      if (reason == NULL)
        continue;
      if (rule != NULL)
        sc_violations_add_rule_field (violations, rule, field, "%s", reason);
      else if (field != NULL)
        sc_violations_add_field (violations, field, "%s", reason);
    }
}
