/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Client"

#include "config.h"

#include "sc-client-error.h"
#include "sc-client-private.h"
#include "sc-json.h"

typedef struct {
  guint       status;
  char       *code_name;
  JsonObject *details;
  GPtrArray  *violations; /* ScViolation, read once from details; never changed */
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
  priv->violations = NULL;
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
  dest->violations = src->violations != NULL ? g_ptr_array_ref (src->violations) : NULL;
}

static void
sc_client_error_private_clear (ScClientErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  g_clear_pointer (&priv->code_name, g_free);
  g_clear_pointer (&priv->details, json_object_unref);
  g_clear_pointer (&priv->violations, g_ptr_array_unref);
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
  priv->violations = sc_violations_new ();
  sc_violations_add_json (priv->violations, sc_json_get_array (details, "fields"));
  sc_violations_add_json (priv->violations, sc_json_get_array (details, "rules"));
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

GPtrArray *
sc_client_error_get_violations (const GError *error)
{
  static GPtrArray *none = NULL;
  ScClientErrorPrivate *priv = get_private (error);

  if (priv != NULL && priv->violations != NULL)
    return priv->violations;

  /* shared by every error without details; never freed, never changed */
  if (g_once_init_enter (&none))
    g_once_init_leave (&none, sc_violations_new ());
  return none;
}

/* The first violation of @error with rule @name when @rule, else the
 * first field violation (details.fields) about field @name; NULL if none. */
static const ScViolation *
find_violation (const GError *error,
                const char   *name,
                gboolean      rule)
{
  GPtrArray *violations = sc_client_error_get_violations (error);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      if (rule ? g_strcmp0 (violation->rule, name) == 0
               : violation->rule == NULL && g_strcmp0 (violation->field, name) == 0)
        return violation;
    }
  return NULL;
}

const char *
sc_client_error_get_field_reason (const GError *error,
                                  const char   *field)
{
  const ScViolation *violation;

  g_return_val_if_fail (field != NULL, NULL);

  violation = find_violation (error, field, FALSE);
  return violation != NULL ? violation->reason : NULL;
}

gboolean
sc_client_error_has_rule (const GError *error,
                          const char   *rule)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return find_violation (error, rule, TRUE) != NULL;
}

GStrv
sc_client_error_dup_reasons (const GError *error,
                             const char   *member)
{
  GPtrArray *violations;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean rules;

  g_return_val_if_fail (member != NULL, NULL);

  rules = g_str_equal (member, "rules");
  violations = sc_client_error_get_violations (error);
  for (guint i = 0; (rules || g_str_equal (member, "fields")) && i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      if ((violation->rule != NULL) == rules)
        g_strv_builder_add (builder, violation->reason);
    }
  return g_strv_builder_end (builder);
}

const char *
sc_client_error_get_first_field (const GError *error)
{
  GPtrArray *violations = sc_client_error_get_violations (error);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      if (violation->rule == NULL)
        return violation->field;
    }
  return NULL;
}
