/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The id of the @i-th seeded workflow (1-based): "wf_bench" and @i in
 * 12 base32 digits, an id the router accepts. */
char *sc_bench_seed_workflow_id (guint i);

/* For benchmarks: writes @n_workflows workflows of @org_id owned by
 * @owner_id straight into the server's database @database (a POST each
 * would measure the POST path instead), named "Workflow NNNNN" and every
 * 10th "Daily report NNNNN"; every 4th is hidden (general access none)
 * unless @caller_id holds a grant (every 8th of those). Returns how many
 * @caller_id may view. */
guint sc_bench_seed_workflows (const char *database,
                               const char *org_id,
                               const char *owner_id,
                               const char *caller_id,
                               guint       n_workflows);

/* For benchmarks: what an org of @n_workflows seeded workflows
 * (sc_bench_seed_workflow_id ()) carries besides them, written straight into
 * @database: release 1 of every workflow ("rel_bench%012u"), a promotion
 * record to @target_tag of @target_org_id along @path_id for each of the
 * first @n_history workflows, @n_pending pending approval requests (for
 * the workflows after those) and @n_members more members of @org_id.
 * Workflows after @n_history + @n_pending are left for promotions. */
void  sc_bench_seed_history (const char *database,
                             const char *org_id,
                             const char *actor_id,
                             const char *path_id,
                             const char *source_tag,
                             const char *target_tag,
                             const char *target_org_id,
                             guint       n_workflows,
                             guint       n_history,
                             guint       n_pending,
                             guint       n_members);

G_END_DECLS
