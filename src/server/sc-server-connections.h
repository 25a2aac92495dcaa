/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The connections of a SoupServer, guarded: a cap on how many are open at
 * once (the one beyond is answered 503 with our JSON error body and
 * Retry-After, then closed), a deadline for each request to arrive whole
 * (a connection that sends nothing, stops half-way through its headers or
 * body, or trickles them byte by byte is closed), and request bodies over
 * the limit refused with 413 as soon as their size shows — from
 * Content-Length before any of the body is read, or as a chunked body
 * grows — without reading them into memory. */
typedef struct _ScConnections ScConnections;

#define SC_CONNECTIONS_DEFAULT_MAX          1024
#define SC_CONNECTIONS_DEFAULT_IDLE_TIMEOUT 60
/* Seconds a refused connection may still send before it is closed. */
#define SC_CONNECTIONS_LINGER               2
/* File descriptors kept apart from connections (database, listeners, logs). */
#define SC_CONNECTIONS_FD_RESERVE           64

ScConnections *sc_connections_new       (void);
ScConnections *sc_connections_ref       (ScConnections *self);
void           sc_connections_unref     (ScConnections *self);

/* @max_connections ≥ 1; @idle_timeout seconds ≥ 1: how long a connection
 * may take to deliver a whole request after it opened or after its
 * previous answer (also the longest a write may stall). @max_body: bytes. */
void           sc_connections_configure (ScConnections *self,
                                         guint          max_connections,
                                         guint          idle_timeout,
                                         gsize          max_body);
/* Watches every connection @soup accepts from now on (call before it
 * listens). */
void           sc_connections_attach    (ScConnections *self,
                                         SoupServer    *soup);
void           sc_connections_detach    (ScConnections *self);
/* Connections open now (refused ones too, until they are closed). */
guint          sc_connections_get_count (ScConnections *self);

/* A socket bound to @address and listening with a long accept queue
 * (SoupServer's own listens with 10: 500 clients connecting at once then
 * wait seconds for SYN retries). For soup_server_listen_socket(). */
GSocket       *sc_connections_listen_socket (GSocketAddress *address,
                                             GError        **error);

/* Raises the soft RLIMIT_NOFILE to the hard one and returns the soft
 * limit in force (G_MAXUINT when unlimited). */
guint          sc_connections_raise_fd_limit (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScConnections, sc_connections_unref)

G_END_DECLS
