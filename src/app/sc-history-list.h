/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-paged-group.h"

G_BEGIN_DECLS

#define SC_TYPE_HISTORY_LIST (sc_history_list_get_type ())
G_DECLARE_FINAL_TYPE (ScHistoryList, sc_history_list, SC, HISTORY_LIST, ScPagedGroup)

/* The History of a workflow's details: its promotions and rollbacks
 * (GET /promotions?workflow_id=), newest first, a page at a time; a
 * refused promotion says which rule refused it. */

GtkWidget *sc_history_list_new  (void);
/* Shows @page (nullable), the first page of the workflow's history as
 * set with sc_paged_group_set_source(); @org_names (org id → name, not
 * kept), then the session's memberships, name target orgs the records do
 * not name themselves. */
void       sc_history_list_show (ScHistoryList *self,
                                 ScClientPage  *page,
                                 GHashTable    *org_names);

G_END_DECLS
