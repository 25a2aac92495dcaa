/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include "sc-org-graph.h"

typedef struct {
  char      *name;
  ScOrgType  type;
} OrgEntry;

struct _ScOrgGraph {
  gatomicrefcount  ref_count;
  GHashTable      *orgs;     /* id → OrgEntry */
  GHashTable      *mappings; /* "source\ntarget" → GINT_TO_POINTER (relation + 1) */
};

static void
org_entry_free (OrgEntry *entry)
{
  g_free (entry->name);
  g_free (entry);
}

/* Ids never contain a newline, so the pair is unambiguous. */
static char *
mapping_key (const char *source_org_id,
             const char *target_org_id)
{
  return g_strconcat (source_org_id, "\n", target_org_id, NULL);
}

ScOrgGraph *
sc_org_graph_new (void)
{
  ScOrgGraph *graph = g_new0 (ScOrgGraph, 1);

  g_atomic_ref_count_init (&graph->ref_count);
  graph->orgs = g_hash_table_new_full (g_str_hash, g_str_equal,
                                       g_free, (GDestroyNotify) org_entry_free);
  graph->mappings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return graph;
}

ScOrgGraph *
sc_org_graph_ref (ScOrgGraph *graph)
{
  g_return_val_if_fail (graph != NULL, NULL);

  g_atomic_ref_count_inc (&graph->ref_count);
  return graph;
}

void
sc_org_graph_unref (ScOrgGraph *graph)
{
  g_return_if_fail (graph != NULL);

  if (!g_atomic_ref_count_dec (&graph->ref_count))
    return;

  g_clear_pointer (&graph->orgs, g_hash_table_unref);
  g_clear_pointer (&graph->mappings, g_hash_table_unref);
  g_free (graph);
}

void
sc_org_graph_add_org (ScOrgGraph *graph,
                      const char *org_id,
                      const char *name,
                      ScOrgType   type)
{
  OrgEntry *entry;

  g_return_if_fail (graph != NULL);
  g_return_if_fail (org_id != NULL);

  entry = g_new0 (OrgEntry, 1);
  entry->name = g_strdup (name != NULL ? name : org_id);
  entry->type = type;
  g_hash_table_replace (graph->orgs, g_strdup (org_id), entry);
}

void
sc_org_graph_add_mapping (ScOrgGraph *graph,
                          const char *source_org_id,
                          const char *target_org_id,
                          ScRelation  relation)
{
  g_return_if_fail (graph != NULL);
  g_return_if_fail (source_org_id != NULL);
  g_return_if_fail (target_org_id != NULL);

  g_hash_table_replace (graph->mappings,
                        mapping_key (source_org_id, target_org_id),
                        GINT_TO_POINTER ((int) relation + 1));
}

gboolean
sc_org_graph_has_org (ScOrgGraph *graph,
                      const char *org_id)
{
  g_return_val_if_fail (graph != NULL, FALSE);

  if (org_id == NULL)
    return FALSE;
  return g_hash_table_contains (graph->orgs, org_id);
}

ScOrgType
sc_org_graph_get_type (ScOrgGraph *graph,
                       const char *org_id)
{
  const OrgEntry *entry;

  g_return_val_if_fail (graph != NULL, SC_ORG_TYPE_NONE);

  if (org_id == NULL)
    return SC_ORG_TYPE_NONE;

  entry = g_hash_table_lookup (graph->orgs, org_id);
  return entry != NULL ? entry->type : SC_ORG_TYPE_NONE;
}

const char *
sc_org_graph_get_name (ScOrgGraph *graph,
                       const char *org_id)
{
  const OrgEntry *entry;

  g_return_val_if_fail (graph != NULL, NULL);

  if (org_id == NULL)
    return NULL;

  entry = g_hash_table_lookup (graph->orgs, org_id);
  return entry != NULL ? entry->name : org_id;
}

gboolean
sc_org_graph_get_mapping (ScOrgGraph *graph,
                          const char *source_org_id,
                          const char *target_org_id,
                          ScRelation *relation_out)
{
  g_autofree char *key = NULL;
  gpointer value;

  g_return_val_if_fail (graph != NULL, FALSE);

  if (source_org_id == NULL || target_org_id == NULL)
    return FALSE;

  key = mapping_key (source_org_id, target_org_id);
  value = g_hash_table_lookup (graph->mappings, key);
  if (value == NULL)
    return FALSE;

  if (relation_out != NULL)
    *relation_out = (ScRelation) (GPOINTER_TO_INT (value) - 1);
  return TRUE;
}
