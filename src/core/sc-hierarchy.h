/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include "sc-enums.h"

G_BEGIN_DECLS

#define SC_TYPE_HIERARCHY (sc_hierarchy_get_type ())
G_DECLARE_FINAL_TYPE (ScHierarchy, sc_hierarchy, SC, HIERARCHY, GObject)

#define SC_HIERARCHY_ERROR (sc_hierarchy_error_quark ())
typedef enum {
  SC_HIERARCHY_ERROR_INVALID,
} ScHierarchyError;
GQuark sc_hierarchy_error_quark (void);

/* The default table of PRODUCT.md §2:
 *   dev → dev, sit, uat;  sit → sit, prod, automation;
 *   uat → uat, prod, automation;  automation, demo, prod → none. */
ScHierarchy *sc_hierarchy_new_default   (void);
/* A key file with one group [hierarchy] and one key per source type whose
 * value is a list of target types (an empty list allows none), e.g.
 *   [hierarchy]
 *   dev=dev;sit;uat;
 * Types not named allow nothing. Unknown type names are an error. */
ScHierarchy *sc_hierarchy_new_from_data (const char  *data,
                                         gsize        length,
                                         GError     **error);
ScHierarchy *sc_hierarchy_new_from_file (const char  *path,
                                         GError     **error);
gboolean     sc_hierarchy_allows        (ScHierarchy *self,
                                         ScOrgType    source,
                                         ScOrgType    target);

G_END_DECLS
