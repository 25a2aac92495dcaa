/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "sc-enums.h"

G_BEGIN_DECLS

/* What the governance rules need to know about organizations: which exist,
 * their type (SC_ORG_TYPE_NONE = not registered) and the directed mappings
 * between them. The server fills one from storage for the orgs a request
 * touches; tests fill one by hand. */
typedef struct _ScOrgGraph ScOrgGraph;

ScOrgGraph *sc_org_graph_new          (void);
ScOrgGraph *sc_org_graph_ref          (ScOrgGraph  *graph);
void        sc_org_graph_unref        (ScOrgGraph  *graph);
void        sc_org_graph_add_org      (ScOrgGraph  *graph,
                                       const char  *org_id,
                                       const char  *name,
                                       ScOrgType    type);
void        sc_org_graph_add_mapping  (ScOrgGraph  *graph,
                                       const char  *source_org_id,
                                       const char  *target_org_id,
                                       ScRelation   relation);
gboolean    sc_org_graph_has_org      (ScOrgGraph  *graph,
                                       const char  *org_id);
ScOrgType   sc_org_graph_get_type     (ScOrgGraph  *graph,
                                       const char  *org_id);
const char *sc_org_graph_get_name     (ScOrgGraph  *graph,
                                       const char  *org_id); /* the id when unknown */
gboolean    sc_org_graph_get_mapping  (ScOrgGraph  *graph,
                                       const char  *source_org_id,
                                       const char  *target_org_id,
                                       ScRelation  *relation_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScOrgGraph, sc_org_graph_unref)

G_END_DECLS
