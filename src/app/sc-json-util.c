/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Json"

#include "config.h"

#include "sc-json-util.h"

/* @object may be NULL, so that lookups chain: get_string (get_object (o, "a"), "b") */
JsonNode *
sc_json_get_member (JsonObject *object,
                    const char *member)
{
  if (object == NULL)
    return NULL;
  return json_object_get_member (object, member);
}

const char *
sc_json_get_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
sc_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
sc_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

gint64
sc_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      fallback)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

gboolean
sc_json_get_bool (JsonObject *object,
                  const char *member)
{
  JsonNode *node = sc_json_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}
