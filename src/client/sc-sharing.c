/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Models"

#include "config.h"

#include "sc-json.h"
#include "sc-sharing.h"

struct _ScSharing
{
  GObject       parent_instance;

  ScPermission  general_access;
  char         *etag;
  GPtrArray    *grants;  /* ScSharingGrant */
};

G_DEFINE_FINAL_TYPE (ScSharing, sc_sharing, G_TYPE_OBJECT)

static void
grant_free (ScSharingGrant *grant)
{
  g_free (grant->user_id);
  g_free (grant->email);
  g_free (grant);
}

static void
sc_sharing_finalize (GObject *object)
{
  ScSharing *self = SC_SHARING (object);

  g_free (self->etag);
  g_ptr_array_unref (self->grants);
  G_OBJECT_CLASS (sc_sharing_parent_class)->finalize (object);
}

static void
sc_sharing_class_init (ScSharingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_sharing_finalize;
}

static void
sc_sharing_init (ScSharing *self)
{
  self->general_access = SC_PERMISSION_NONE;
  self->grants = g_ptr_array_new_with_free_func ((GDestroyNotify) grant_free);
}

ScSharing *
sc_sharing_new_from_json (JsonObject *object)
{
  ScSharing *self;
  ScPermission general_access;
  JsonArray *grants;

  if (!sc_permission_from_string (sc_json_get_string (object, "general_access"), &general_access))
    return NULL;

  self = g_object_new (SC_TYPE_SHARING, NULL);
  self->general_access = general_access;
  self->etag = g_strdup (sc_json_get_string (object, "etag"));
  grants = sc_json_get_array (object, "grants");
  for (guint i = 0; grants != NULL && i < json_array_get_length (grants); i++)
    {
      JsonNode *node = json_array_get_element (grants, i);
      JsonObject *grant;
      ScSharingGrant *read;
      ScPermission permission;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      grant = json_node_get_object (node);
      if (sc_json_get_string (grant, "user_id") == NULL ||
          !sc_permission_from_string (sc_json_get_string (grant, "permission"), &permission))
        continue;
      read = g_new0 (ScSharingGrant, 1);
      read->user_id = g_strdup (sc_json_get_string (grant, "user_id"));
      read->email = g_strdup (sc_json_get_string (grant, "email"));
      read->permission = permission;
      g_ptr_array_add (self->grants, read);
    }
  return self;
}

ScPermission
sc_sharing_get_general_access (ScSharing *self)
{
  g_return_val_if_fail (SC_IS_SHARING (self), SC_PERMISSION_NONE);
  return self->general_access;
}

const char *
sc_sharing_get_etag (ScSharing *self)
{
  g_return_val_if_fail (SC_IS_SHARING (self), NULL);
  return self->etag;
}

guint
sc_sharing_get_n_grants (ScSharing *self)
{
  g_return_val_if_fail (SC_IS_SHARING (self), 0);
  return self->grants->len;
}

const ScSharingGrant *
sc_sharing_get_grant (ScSharing *self,
                      guint      index)
{
  g_return_val_if_fail (SC_IS_SHARING (self), NULL);
  g_return_val_if_fail (index < self->grants->len, NULL);
  return g_ptr_array_index (self->grants, index);
}
