/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include "sc-hierarchy.h"
#include "sc-request.h"
#include "sc-store.h"

G_BEGIN_DECLS

#define SC_TYPE_SERVER (sc_server_get_type ())
G_DECLARE_FINAL_TYPE (ScServer, sc_server, SC, SERVER, GObject)

#define SC_SERVER_ERROR (sc_server_error_quark ())
typedef enum {
  SC_SERVER_ERROR_ADDRESS,      /* bad --listen value */
  SC_SERVER_ERROR_NOT_LOOPBACK, /* would listen beyond loopback without TLS */
  SC_SERVER_ERROR_LISTEN,       /* port in use, no permission */
  SC_SERVER_ERROR_TLS,
} ScServerError;
GQuark sc_server_error_quark (void);

/* The largest request body accepted (413 beyond). */
#define SC_SERVER_MAX_BODY (1024 * 1024)

ScServer    *sc_server_new           (ScStore          *store,
                                      ScHierarchy      *hierarchy);
/* @address is "HOST:PORT" (port 0 picks one). Without @certificate only
 * loopback addresses are accepted unless @insecure is set. */
gboolean     sc_server_listen        (ScServer         *self,
                                      const char       *address,
                                      GTlsCertificate  *certificate,
                                      gboolean          insecure,
                                      GError          **error);
/* At most @max_connections open at once (503 beyond); a connection that
 * takes over @idle_timeout seconds to deliver a whole request (after it
 * opened or after its previous answer) is closed. Defaults: 1024 and 60
 * (sc-server-connections.h). */
void         sc_server_set_connection_limits (ScServer *self,
                                      guint             max_connections,
                                      guint             idle_timeout);
/* "http://127.0.0.1:PORT" (or https) once listening. */
char        *sc_server_get_url       (ScServer         *self);
ScStore     *sc_server_get_store     (ScServer         *self);
ScHierarchy *sc_server_get_hierarchy (ScServer         *self);

/* The route table (sc-routes.h), one "METHOD /pattern" per route ("GET /orgs/ * /workflows",
 * without the spaces), in the order routes match. */
GStrv        sc_server_dup_routes    (ScServer         *self);

/* The router on its own, without a socket (tests/fuzz): the status it
 * answers for @method on @path (below /api/v1, as libsoup hands the path
 * over) when no route takes the request — 404 for an unknown path, 405 for
 * a known path and another method — or 0 when a route does. Then @params
 * (nullable) gets the segments the route's "*" matched, as its handler
 * would, and @pattern (nullable) the route's pattern. */
guint        sc_server_route         (ScServer         *self,
                                      const char       *method,
                                      const char       *path,
                                      GPtrArray        *params,
                                      const char      **pattern);

/* A scheduled promotion was added or ended: the scheduler re-reads when
 * the next one is due (sc-scheduler.c). */
void         sc_server_schedules_changed (ScServer     *self);

/* Wakes long polls: call after adding events (emits "events-added"). */
void         sc_server_events_added  (ScServer         *self);

G_END_DECLS
