/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Routes"

#include "config.h"

#include "sc-routes.h"

const ScRouteGroup sc_route_groups[] = {
  { sc_routes_meta, sc_routes_meta_attach },
  { sc_routes_orgs, NULL },
  { sc_routes_paths, NULL },
  { sc_routes_workflows, NULL },
  { sc_routes_promotions, NULL },
  { sc_routes_approvals, NULL },
  { sc_routes_events, sc_routes_events_attach },
  { sc_routes_releases, NULL },
  { sc_routes_schedules, NULL },
  { sc_routes_emergency, NULL },
  { sc_routes_delegations, NULL },
  { NULL }
};
