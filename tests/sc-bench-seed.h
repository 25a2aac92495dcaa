/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

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

G_END_DECLS
