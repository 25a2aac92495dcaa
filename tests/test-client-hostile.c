/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-client.h"
#include "sc-test-proxy.h"
#include "sc-test-server.h"

/* ScClient against a hostile server: the real stagecraft-server behind
 * the fault-injecting proxy of sc-test-proxy.c. Whatever the proxy does to
 * an answer, the call fails with an error in SC_CLIENT_ERROR whose message
 * can be shown, the process does not crash, the main loop keeps turning,
 * and the next call through the same client works. */

#define WAIT_SECONDS 60

typedef struct {
  ScTestServer *server;
  ScTestProxy  *proxy;
  char         *org;
  char         *admin;
  ScClient     *client;   /* as admin, through the proxy */
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = sc_test_server_start (FALSE, NULL);
  f->org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->org, "admin", NULL);
  f->proxy = sc_test_proxy_new (f->server->url);
  f->client = sc_client_new (sc_test_proxy_get_url (f->proxy));
  sc_client_set_token (f->client, f->admin);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_null (f->result);
  g_clear_object (&f->client);
  g_clear_pointer (&f->proxy, sc_test_proxy_free);
  sc_test_server_stop (f->server);
  g_free (f->org);
  g_free (f->admin);
}

static ScClientPage *
list_orgs (Fixture  *f,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_client_list_orgs_async (f->client, FALSE, NULL, sc_test_result_cb, &f->result);
  result = sc_test_wait_result (&f->result, WAIT_SECONDS);
  return sc_client_list_orgs_finish (f->client, result, error);
}

/* The proxy passes the real server's answers through untouched. */
static void
assert_healthy (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = list_orgs (f, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sc_client_page_get_item (page, 0), "id"), ==, f->org);
}

static void
test_passthrough (Fixture       *f,
                  gconstpointer  data)
{
  assert_healthy (f);
  g_assert_cmpuint (sc_test_proxy_get_n_faults (f->proxy), ==, 0);
}

/* One row per fault: what the call fails with, and a piece of the message. */
static const struct {
  ScTestFault   fault;
  gint          code;     /* ScClientError */
  guint         status;   /* of the error; 0: none (transport) */
  const char   *message;  /* a piece of the message the user sees */
  const char   *why;
} faults[] = {
  { SC_TEST_FAULT_500_JSON, SC_CLIENT_ERROR_SERVER, 500, "broke this request on purpose",
    "our error body: its sentence is shown" },
  { SC_TEST_FAULT_500_BARE, SC_CLIENT_ERROR_SERVER, 500, "could not complete the request",
    "no body: a sentence of the client's" },
  { SC_TEST_FAULT_TRUNCATED, SC_CLIENT_ERROR_PARSE, 200, "cannot read",
    "the body ends in the middle of the JSON" },
  { SC_TEST_FAULT_MALFORMED, SC_CLIENT_ERROR_PARSE, 200, "control character",
    "raw control characters, which json-glib would take in strings" },
  { SC_TEST_FAULT_HTML, SC_CLIENT_ERROR_PARSE, 200, "text/html",
    "a captive portal's page" },
  { SC_TEST_FAULT_DEEP, SC_CLIENT_ERROR_PARSE, 200, "nested more than",
    "100 000 `[` would overflow the parser's stack" },
  { SC_TEST_FAULT_HUGE_LENGTH, SC_CLIENT_ERROR_PARSE, 200, "larger than 16 MiB",
    "refused on its Content-Length, before reading" },
  { SC_TEST_FAULT_HUGE, SC_CLIENT_ERROR_PARSE, 200, "larger than 16 MiB",
    "no length: reading stops at the cap" },
  { SC_TEST_FAULT_RESET, SC_CLIENT_ERROR_NETWORK, 0, "broke before its answer was complete",
    "a TCP reset in the middle of the answer" },
};

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScClientPage) page = NULL;

      g_test_message ("fault %u: %s", faults[i].fault, faults[i].why);
      sc_test_proxy_add_rule (f->proxy, "GET", "/api/v1/orgs", faults[i].fault);
      page = list_orgs (f, &error);
      g_assert_null (page);
      g_assert_error (error, SC_CLIENT_ERROR, faults[i].code);
      g_assert_cmpuint (sc_client_error_get_status (error), ==, faults[i].status);
      g_test_message ("  → %s", error->message);
      if (strstr (error->message, faults[i].message) == NULL)
        g_error ("row %u: “%s” not in “%s”", i, faults[i].message, error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (sc_test_proxy_get_n_faults (f->proxy), ==, i + 1);

      /* a huge body is not read to its end: the writer stops when the
       * client drops the connection, long before 50 MiB */
      sc_test_wait_for ((gboolean (*) (gpointer)) sc_test_proxy_is_idle, f->proxy, WAIT_SECONDS);
      if (faults[i].fault == SC_TEST_FAULT_HUGE || faults[i].fault == SC_TEST_FAULT_HUGE_LENGTH)
        g_test_message ("  %" G_GUINT64_FORMAT " bytes sent before the client stopped reading",
                        sc_test_proxy_get_bytes_streamed (f->proxy));
      g_assert_cmpuint (sc_test_proxy_get_bytes_streamed (f->proxy), <, SC_TEST_PROXY_HUGE_SIZE / 2);

      /* the next call through the same client and proxy works */
      sc_test_proxy_clear_rules (f->proxy);
      assert_healthy (f);
    }
}

/* A write that fails on the way back changes nothing the client knows
 * of; the same call sent again succeeds. */
static void
test_write_fails (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *path = g_strdup_printf ("/orgs/%s", f->org);
  const char *etag;

  r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  sc_assert_status (r, 200);
  etag = sc_test_get_string (r->body, "etag");
  json_object_set_string_member (changes, "type", "sit");

  sc_test_proxy_add_rule (f->proxy, "PATCH", "/api/v1/orgs/*", SC_TEST_FAULT_RESET);
  sc_client_patch_org_async (f->client, f->org, changes, etag, NULL, sc_test_result_cb, &f->result);
  result = sc_test_wait_result (&f->result, WAIT_SECONDS);
  g_assert_null (sc_client_patch_org_finish (f->client, result, &error));
  g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NETWORK);
  g_clear_error (&error);
  g_clear_object (&result);

  sc_test_proxy_clear_rules (f->proxy);
  sc_client_patch_org_async (f->client, f->org, changes, etag, NULL, sc_test_result_cb, &f->result);
  result = sc_test_wait_result (&f->result, WAIT_SECONDS);
  org = sc_client_patch_org_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (org, "type"), ==, "sit");
}

static gboolean
tick_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
  return G_SOURCE_CONTINUE;
}

typedef struct {
  ScTestProxy *proxy;
  guint        ticks;
} SlowWait;

static gboolean
held_and_ticked (gpointer user_data)
{
  SlowWait *wait = user_data;

  return sc_test_proxy_get_n_held (wait->proxy) == 1 && wait->ticks >= 3;
}

/* While an answer is held back, the main loop keeps turning (a timeout
 * source fires again and again) and the call stays pending; once the
 * proxy lets the answer go, the call succeeds. A held call can also be
 * cancelled. */
static void
test_slow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonObject) me = NULL;
  SlowWait wait = { f->proxy, 0 };
  GAsyncResult *held = NULL;
  guint tick;

  sc_test_proxy_add_rule (f->proxy, "GET", "/api/v1/orgs", SC_TEST_FAULT_SLOW);
  sc_client_list_orgs_async (f->client, FALSE, NULL, sc_test_result_cb, &held);
  tick = g_timeout_add (10, tick_cb, &wait.ticks);
  sc_test_wait_for (held_and_ticked, &wait, WAIT_SECONDS);
  g_source_remove (tick);
  g_assert_null (held);

  /* other calls are not stuck behind it */
  sc_client_get_me_async (f->client, NULL, sc_test_result_cb, &f->result);
  result = sc_test_wait_result (&f->result, WAIT_SECONDS);
  me = sc_client_get_me_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_null (held);
  g_assert_cmpuint (sc_test_proxy_get_n_held (f->proxy), ==, 1);

  sc_test_proxy_release (f->proxy);
  result = sc_test_wait_result (&held, WAIT_SECONDS);
  page = sc_client_list_orgs_finish (f->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_client_page_get_n_items (page), ==, 1);
  g_clear_object (&result);

  /* a held call, cancelled */
  sc_client_list_orgs_async (f->client, FALSE, cancellable, sc_test_result_cb, &f->result);
  wait.ticks = 3;
  sc_test_wait_for (held_and_ticked, &wait, WAIT_SECONDS);
  g_cancellable_cancel (cancellable);
  result = sc_test_wait_result (&f->result, WAIT_SECONDS);
  g_assert_null (sc_client_list_orgs_finish (f->client, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Requests with an Idempotency-Key (promotions, decisions, schedules) may
 * be sent again, so they go on the kept-alive connection like the GETs:
 * libsoup opens a new one (and pays a new TLS handshake) for every request
 * it may not resend. */
static void
test_keyed_requests_reuse (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  assert_healthy (f);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(JsonObject) record = NULL;

      /* refused (no such release) after a whole round trip: the answer
       * does not matter, the connection it came on does */
      sc_client_promote_async (f->client, "rel_aaaaaaaaaaaaaaaaaaaa", "pth_aaaaaaaaaaaaaaaaaaaa", "stage",
                               NULL, NULL, NULL, sc_test_result_cb, &f->result);
      result = sc_test_wait_result (&f->result, WAIT_SECONDS);
      record = sc_client_promote_finish (f->client, result, &error);
      g_assert_null (record);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  assert_healthy (f);
  g_assert_cmpuint (sc_test_proxy_get_n_connections (f->proxy), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/client/hostile/passthrough", test_passthrough);
  ADD ("/client/hostile/keyed-requests-reuse", test_keyed_requests_reuse);
  ADD ("/client/hostile/faults", test_faults);
  ADD ("/client/hostile/write-fails", test_write_fails);
  ADD ("/client/hostile/slow", test_slow);
#undef ADD

  return g_test_run ();
}
