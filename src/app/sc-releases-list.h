/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-paged-group.h"
#include "sc-workflow.h"

G_BEGIN_DECLS

#define SC_TYPE_RELEASES_LIST (sc_releases_list_get_type ())
G_DECLARE_FINAL_TYPE (ScReleasesList, sc_releases_list, SC, RELEASES_LIST, ScPagedGroup)

/* The Releases of a workflow's details (GET /workflows/{id}/releases),
 * newest first, a page at a time. Publish Release… (with manage
 * permission) asks for notes and publishes the draft; admins of the
 * workflow's org block a release with a reason, or unblock it. The
 * dialogs stay open while the call runs and after a refusal, with the
 * text as typed and the server's message. "changed" is emitted after a
 * publish, a block or an unblock: the details reload. */

GtkWidget *sc_releases_list_new  (void);
/* Shows @page (nullable), the first page of @workflow's releases as set
 * with sc_paged_group_set_source(). */
void       sc_releases_list_show (ScReleasesList *self,
                                  ScWorkflow     *workflow,
                                  ScClientPage   *page);
/* Closes the dialogs and cancels their calls (another workflow, a reset). */
void       sc_releases_list_reset (ScReleasesList *self);

G_END_DECLS
