/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SC_TYPE_DEMO_SERVER (sc_demo_server_get_type ())
G_DECLARE_FINAL_TYPE (ScDemoServer, sc_demo_server, SC, DEMO_SERVER, GObject)

#define SC_DEMO_SERVER_ERROR (sc_demo_server_error_quark ())
typedef enum {
  SC_DEMO_SERVER_ERROR_NOT_FOUND, /* no stagecraft-server binary */
  SC_DEMO_SERVER_ERROR_FAILED,    /* it exited before listening */
} ScDemoServerError;
GQuark sc_demo_server_error_quark (void);

/* The bundled stagecraft-server started with --demo on 127.0.0.1 port 0,
 * its database under the user data dir (reused across launches: the
 * server keeps the data and hands out fresh tokens). It stops when this
 * object is disposed, so with the app. */

ScDemoServer *sc_demo_server_new          (void);
void          sc_demo_server_start_async  (ScDemoServer         *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      sc_demo_server_start_finish (ScDemoServer         *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean      sc_demo_server_is_running   (ScDemoServer         *self);
/* "http://127.0.0.1:PORT" once started. */
const char   *sc_demo_server_get_url      (ScDemoServer         *self);
/* The demo users' e-mail addresses in the order the server printed them
 * (admin first), and their tokens. */
const char * const *sc_demo_server_get_emails (ScDemoServer     *self);
const char   *sc_demo_server_get_token    (ScDemoServer         *self,
                                           const char           *email);
void          sc_demo_server_stop         (ScDemoServer         *self);

/* Where the server binary is: $SC_SERVER_BINARY, else next to this
 * program in a build tree, else the installed one, else $PATH. */
char         *sc_demo_server_find_binary  (void);

G_END_DECLS
