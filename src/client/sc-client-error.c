/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include <string.h>

#include "sc-client-error.h"
#include "sc-client-private.h"
#include "sc-json.h"

typedef struct {
  guint       status;
  char       *code_name;
  JsonObject *details;
} ScClientErrorPrivate;

/* GLib's G_DEFINE_EXTENDED_ERROR looks the private part up with a function
 * that may return NULL; these checks keep -Wnull-dereference quiet at -O2. */

static void
sc_client_error_private_init (ScClientErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  priv->status = 0;
  priv->code_name = NULL;
  priv->details = NULL;
}

static void
sc_client_error_private_copy (const ScClientErrorPrivate *src,
                              ScClientErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;
  dest->status = src->status;
  dest->code_name = g_strdup (src->code_name);
  dest->details = src->details != NULL ? json_object_ref (src->details) : NULL;
}

static void
sc_client_error_private_clear (ScClientErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  g_clear_pointer (&priv->code_name, g_free);
  g_clear_pointer (&priv->details, json_object_unref);
}

/* G_DEFINE_QUARK with room for the answer's status, code and details. */
G_DEFINE_EXTENDED_ERROR (ScClientError, sc_client_error)

static ScClientErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != SC_CLIENT_ERROR)
    return NULL;
  return sc_client_error_get_private (error);
}

GError *
sc_client_error_new_for_answer (ScClientError  code,
                                guint          status,
                                const char    *code_name,
                                JsonObject    *details,
                                const char    *message)
{
  GError *error = g_error_new_literal (SC_CLIENT_ERROR, code, message);
  ScClientErrorPrivate *priv = sc_client_error_get_private (error);

  g_return_val_if_fail (priv != NULL, error);
  priv->status = status;
  priv->code_name = g_strdup (code_name);
  priv->details = details != NULL ? json_object_ref (details) : NULL;
  return error;
}

ScClientError
sc_client_error_code_for_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return SC_CLIENT_ERROR_UNAUTHENTICATED;
    case SOUP_STATUS_FORBIDDEN:
      return SC_CLIENT_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      return SC_CLIENT_ERROR_NOT_FOUND;
    case SOUP_STATUS_CONFLICT:
      return SC_CLIENT_ERROR_CONFLICT;
    case SOUP_STATUS_PRECONDITION_FAILED:
    case 428: /* Precondition Required */
      return SC_CLIENT_ERROR_PRECONDITION_FAILED;
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
      return SC_CLIENT_ERROR_VALIDATION;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return SC_CLIENT_ERROR_PAYLOAD_TOO_LARGE;
    default:
      if (status >= 400 && status < 500)
        return SC_CLIENT_ERROR_BAD_REQUEST;
      return SC_CLIENT_ERROR_SERVER;
    }
}

guint
sc_client_error_get_status (const GError *error)
{
  ScClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->status : 0;
}

const char *
sc_client_error_get_code_name (const GError *error)
{
  ScClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->code_name : NULL;
}

JsonObject *
sc_client_error_get_details (const GError *error)
{
  ScClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->details : NULL;
}

/* The objects of details.@member, type-checked: the details come from the
 * server and are not trusted to have the documented shape. */
static const char *
find_reason (const GError *error,
             const char   *member,
             const char   *key,
             const char   *value)
{
  JsonObject *details = sc_client_error_get_details (error);
  JsonNode *node;
  JsonArray *array;

  if (details == NULL)
    return NULL;
  node = json_object_get_member (details, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *name, *reason;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      name = sc_json_get_string (object, key);
      if (name == NULL || strcmp (name, value) != 0)
        continue;
      reason = sc_json_get_string (object, "reason");
      return reason != NULL ? reason : "";
    }

  return NULL;
}

const char *
sc_client_error_get_field_reason (const GError *error,
                                  const char   *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  return find_reason (error, "fields", "field", field);
}

gboolean
sc_client_error_has_rule (const GError *error,
                          const char   *rule)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return find_reason (error, "rules", "rule", rule) != NULL;
}

/* --- every reason (port-org) ----------------------------------------------- */

/* The objects of details.@member, those that are objects. */
static GPtrArray *
reason_objects (const GError *error,
                const char   *member)
{
  GPtrArray *objects = g_ptr_array_new ();
  JsonArray *array = sc_json_get_array (sc_client_error_get_details (error), member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (objects, json_node_get_object (element));
    }
  return objects;
}

GStrv
sc_client_error_dup_reasons (const GError *error,
                             const char   *member)
{
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (member != NULL, NULL);

  objects = reason_objects (error, member);
  for (guint i = 0; i < objects->len; i++)
    {
      const char *reason = sc_json_get_string (g_ptr_array_index (objects, i), "reason");

      if (reason != NULL)
        g_strv_builder_add (builder, reason);
    }
  return g_strv_builder_end (builder);
}

const char *
sc_client_error_get_first_field (const GError *error)
{
  g_autoptr(GPtrArray) objects = reason_objects (error, "fields");

  return objects->len > 0 ? sc_json_get_string (g_ptr_array_index (objects, 0), "field") : NULL;
}
