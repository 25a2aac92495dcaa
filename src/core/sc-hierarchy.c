/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-hierarchy.h"

#define HIERARCHY_GROUP "hierarchy"

struct _ScHierarchy
{
  GObject parent_instance;

  /* allowed[source][target]; row and column SC_ORG_TYPE_NONE stay FALSE */
  gboolean allowed[SC_ORG_TYPE_COUNT][SC_ORG_TYPE_COUNT];
};

G_DEFINE_FINAL_TYPE (ScHierarchy, sc_hierarchy, G_TYPE_OBJECT)

G_DEFINE_QUARK (sc-hierarchy-error-quark, sc_hierarchy_error)

static void
sc_hierarchy_class_init (ScHierarchyClass *klass)
{
}

static void
sc_hierarchy_init (ScHierarchy *self)
{
}

static void
allow (ScHierarchy *self,
       ScOrgType    source,
       ScOrgType    target)
{
  g_assert (source > SC_ORG_TYPE_NONE && source < SC_ORG_TYPE_COUNT);
  g_assert (target > SC_ORG_TYPE_NONE && target < SC_ORG_TYPE_COUNT);

  self->allowed[source][target] = TRUE;
}

ScHierarchy *
sc_hierarchy_new_default (void)
{
  ScHierarchy *self = g_object_new (SC_TYPE_HIERARCHY, NULL);

  /* PRODUCT.md §2: no downward move, no skipping; automation, demo and
   * prod are ends of the line. */
  allow (self, SC_ORG_TYPE_DEV, SC_ORG_TYPE_DEV);
  allow (self, SC_ORG_TYPE_DEV, SC_ORG_TYPE_SIT);
  allow (self, SC_ORG_TYPE_DEV, SC_ORG_TYPE_UAT);
  allow (self, SC_ORG_TYPE_SIT, SC_ORG_TYPE_SIT);
  allow (self, SC_ORG_TYPE_SIT, SC_ORG_TYPE_PROD);
  allow (self, SC_ORG_TYPE_SIT, SC_ORG_TYPE_AUTOMATION);
  allow (self, SC_ORG_TYPE_UAT, SC_ORG_TYPE_UAT);
  allow (self, SC_ORG_TYPE_UAT, SC_ORG_TYPE_PROD);
  allow (self, SC_ORG_TYPE_UAT, SC_ORG_TYPE_AUTOMATION);

  return self;
}

ScHierarchy *
sc_hierarchy_new_from_data (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(ScHierarchy) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, SC_HIERARCHY_ERROR, SC_HIERARCHY_ERROR_INVALID,
                   _("The organization type hierarchy is not a valid key file: %s"),
                   local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (!g_str_equal (groups[i], HIERARCHY_GROUP))
        {
          g_set_error (error, SC_HIERARCHY_ERROR, SC_HIERARCHY_ERROR_INVALID,
                       _("The organization type hierarchy has an unexpected group “[%s]”; "
                         "only “[%s]” is allowed."),
                       groups[i], HIERARCHY_GROUP);
          return NULL;
        }
    }

  keys = g_key_file_get_keys (key_file, HIERARCHY_GROUP, NULL, NULL);
  if (keys == NULL)
    {
      g_set_error (error, SC_HIERARCHY_ERROR, SC_HIERARCHY_ERROR_INVALID,
                   _("The organization type hierarchy has no “[%s]” group."),
                   HIERARCHY_GROUP);
      return NULL;
    }

  self = g_object_new (SC_TYPE_HIERARCHY, NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_auto(GStrv) targets = NULL;
      ScOrgType source;

      if (!sc_org_type_from_string (keys[i], &source))
        {
          g_set_error (error, SC_HIERARCHY_ERROR, SC_HIERARCHY_ERROR_INVALID,
                       _("The organization type hierarchy names an unknown type “%s”."),
                       keys[i]);
          return NULL;
        }

      targets = g_key_file_get_string_list (key_file, HIERARCHY_GROUP, keys[i],
                                            NULL, &local_error);
      if (targets == NULL && local_error != NULL)
        {
          g_set_error (error, SC_HIERARCHY_ERROR, SC_HIERARCHY_ERROR_INVALID,
                       _("The organization type hierarchy has an unreadable list for “%s”: %s"),
                       keys[i], local_error->message);
          return NULL;
        }

      for (guint j = 0; targets != NULL && targets[j] != NULL; j++)
        {
          const char *name = g_strstrip (targets[j]);
          ScOrgType target;

          if (*name == '\0')
            continue;

          if (!sc_org_type_from_string (name, &target))
            {
              g_set_error (error, SC_HIERARCHY_ERROR, SC_HIERARCHY_ERROR_INVALID,
                           _("The organization type hierarchy names an unknown type “%s” "
                             "among the targets of “%s”."),
                           name, keys[i]);
              return NULL;
            }

          allow (self, source, target);
        }
    }

  return g_steal_pointer (&self);
}

ScHierarchy *
sc_hierarchy_new_from_file (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return sc_hierarchy_new_from_data (contents, length, error);
}

gboolean
sc_hierarchy_allows (ScHierarchy *self,
                     ScOrgType    source,
                     ScOrgType    target)
{
  g_return_val_if_fail (SC_IS_HIERARCHY (self), FALSE);

  if (source <= SC_ORG_TYPE_NONE || source >= SC_ORG_TYPE_COUNT ||
      target <= SC_ORG_TYPE_NONE || target >= SC_ORG_TYPE_COUNT)
    return FALSE;

  return self->allowed[source][target];
}
