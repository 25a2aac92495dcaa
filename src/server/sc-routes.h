/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-server.h"

G_BEGIN_DECLS

/* One register function per resource file (sc-routes-<resource>.c). */
void sc_routes_meta_register       (ScServer *server); /* health, server-info, oauth, me */
void sc_routes_orgs_register       (ScServer *server); /* orgs, members, mappings, audit */
void sc_routes_paths_register      (ScServer *server);
void sc_routes_workflows_register  (ScServer *server); /* workflows, releases, sharing, connections */
void sc_routes_promotions_register (ScServer *server); /* preview, promote, history, stages, rollback */
void sc_routes_approvals_register  (ScServer *server); /* approval requests, decisions */
void sc_routes_events_register     (ScServer *server);
void sc_routes_releases_register   (ScServer *server); /* block, unblock */
void sc_routes_delegations_register (ScServer *server); /* reviewers' delegates */

G_END_DECLS
