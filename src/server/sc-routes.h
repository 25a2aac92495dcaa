/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-request.h"

G_BEGIN_DECLS

/* The API's routes are data. Each resource file (sc-routes-<resource>.c)
 * exports a table of its routes and, when its handlers share state across
 * requests, an attach function that keeps it on the server object (object
 * data, signal handlers). sc-routes.c lists the resources; the server walks
 * that list once. No routes file includes sc-server.h, and sc-server.c
 * names no routes file. */

typedef struct {
  const char     *method;
  const char     *pattern;   /* below /api/v1, "*" for one id segment */
  ScRouteHandler  handler;
  gboolean        is_public; /* served without a token */
} ScRoute;

typedef struct {
  const ScRoute *routes;              /* up to { NULL } */
  void         (*attach) (GObject *server); /* nullable */
} ScRouteGroup;

/* Every resource's routes, in the order they match; ends with { NULL }. */
extern const ScRouteGroup sc_route_groups[];

extern const ScRoute sc_routes_meta[];       /* health, server-info, oauth, me */
extern const ScRoute sc_routes_orgs[];       /* orgs, members, mappings, audit */
extern const ScRoute sc_routes_paths[];
extern const ScRoute sc_routes_workflows[];  /* workflows, releases, sharing, connections */
extern const ScRoute sc_routes_promotions[]; /* preview, promote, history, stages, rollback */
extern const ScRoute sc_routes_approvals[];  /* approval requests, decisions */
extern const ScRoute sc_routes_events[];
extern const ScRoute sc_routes_releases[];   /* block, unblock */

void sc_routes_meta_attach   (GObject *server); /* the oauth rate limits */
void sc_routes_events_attach (GObject *server); /* the long polls waiting */
extern const ScRoute sc_routes_schedules[];   /* scheduled promotions */
extern const ScRoute sc_routes_emergency[];   /* emergency stop, lift */
extern const ScRoute sc_routes_delegations[]; /* reviewers' delegates */

G_END_DECLS
