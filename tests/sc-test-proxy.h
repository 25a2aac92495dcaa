/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A fault-injecting HTTP proxy for tests: a SoupServer in the test process
 * on 127.0.0.1 port 0 that forwards every request to the REAL
 * stagecraft-server (an ScTestServer's url) and answers what it answered,
 * unless a rule matches the request: then it injects that rule's fault.
 *
 * It runs in the thread-default main context of sc_test_proxy_new(): the
 * test spins that context (sc_test_wait_for) while a client talks through
 * the proxy. */

typedef enum {
  SC_TEST_FAULT_NONE,        /* forwarded as it is */
  SC_TEST_FAULT_500_JSON,    /* 500 with our JSON error body; not forwarded */
  SC_TEST_FAULT_500_BARE,    /* 500 with no body at all; not forwarded */
  SC_TEST_FAULT_SLOW,        /* forwarded; the answer waits for sc_test_proxy_release() */
  SC_TEST_FAULT_TRUNCATED,   /* forwarded; half the real body, then the connection ends */
  SC_TEST_FAULT_MALFORMED,   /* 200 application/json with raw control characters */
  SC_TEST_FAULT_HTML,        /* 200 text/html (a captive portal); not forwarded */
  SC_TEST_FAULT_HUGE,        /* 200 application/json, 50 MiB streamed without a length */
  SC_TEST_FAULT_HUGE_LENGTH, /* 200 announcing Content-Length: 50 MiB, then streaming it */
  SC_TEST_FAULT_RESET,       /* headers and a few bytes, then a TCP reset; not forwarded */
  SC_TEST_FAULT_DEEP,        /* 200 application/json: 100 000 `[` */
} ScTestFault;

#define SC_TEST_PROXY_HUGE_SIZE (50 * 1024 * 1024)

typedef struct _ScTestProxy ScTestProxy;

/* Starts the proxy in front of @upstream ("http://127.0.0.1:PORT"). */
ScTestProxy *sc_test_proxy_new            (const char  *upstream);
void         sc_test_proxy_free           (ScTestProxy *proxy);
/* "http://127.0.0.1:PORT" of the proxy. */
const char  *sc_test_proxy_get_url        (ScTestProxy *proxy);

/* Requests whose method is @method (NULL: any) and whose path (with the
 * /api/v1 prefix, no query) matches the glob @path_glob get @fault, until
 * sc_test_proxy_clear_rules(). The first matching rule wins. */
void         sc_test_proxy_add_rule       (ScTestProxy *proxy,
                                           const char  *method,
                                           const char  *path_glob,
                                           ScTestFault  fault);
void         sc_test_proxy_clear_rules    (ScTestProxy *proxy);

/* How many connections clients opened to the proxy so far (the distinct
 * client ports its requests came from). */
guint        sc_test_proxy_get_n_connections (ScTestProxy *proxy);
/* How many requests got a fault so far. */
guint        sc_test_proxy_get_n_faults   (ScTestProxy *proxy);
/* How many forwarded answers SC_TEST_FAULT_SLOW holds back now. */
guint        sc_test_proxy_get_n_held     (ScTestProxy *proxy);
/* Sends every held answer. */
void         sc_test_proxy_release        (ScTestProxy *proxy);
/* How many bytes the fault writers (HUGE, HUGE_LENGTH) sent, and whether
 * every one of them has stopped (the client closed, or all was sent). */
guint64      sc_test_proxy_get_bytes_streamed (ScTestProxy *proxy);
gboolean     sc_test_proxy_is_idle        (ScTestProxy *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTestProxy, sc_test_proxy_free)

G_END_DECLS
