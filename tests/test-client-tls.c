/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sc-client.h"
#include "sc-test-server.h"

/* ScClient over HTTPS against the real stagecraft-server started with
 * --tls-cert/--tls-key: certificates are always verified, and each way a
 * certificate can be wrong gets its own named error.
 *
 * A program of its own because LeakSanitizer's tracer crashes in processes
 * that have done TLS (PLATFORM.md): meson runs it with detect_leaks=0, and
 * test-client keeps leak detection for everything else. */

#define WAIT_SECONDS 60


typedef struct {
  char *dir;
  char *cert;
  char *key;
} TlsFiles;

/* A self-signed certificate for @host (an IP or DNS name) made by openssl. */
static TlsFiles *
make_certificate (const char *host)
{
  TlsFiles *files = g_new0 (TlsFiles, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *subject = g_strdup_printf ("/CN=%s", host);
  g_autofree char *san = g_strdup_printf ("subjectAltName=%s:%s",
                                          g_hostname_is_ip_address (host) ? "IP" : "DNS", host);

  files->dir = g_dir_make_tmp ("stagecraft-tls-XXXXXX", &error);
  g_assert_no_error (error);
  files->cert = g_build_filename (files->dir, "cert.pem", NULL);
  files->key = g_build_filename (files->dir, "key.pem", NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-days", "2", "-subj", subject, "-addext", san,
                              "-keyout", files->key, "-out", files->cert, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  return files;
}

static void
tls_files_free (TlsFiles *files)
{
  g_remove (files->cert);
  g_remove (files->key);
  g_rmdir (files->dir);
  g_free (files->cert);
  g_free (files->key);
  g_free (files->dir);
  g_free (files);
}

static GError *
health_error (ScClient *client)
{
  GAsyncResult *result = NULL;
  GError *error = NULL;
  JsonObject *health;

  sc_client_health_async (client, NULL, sc_test_result_cb, &result);
  sc_test_wait_for (sc_test_result_ready, &result, WAIT_SECONDS);
  health = sc_client_health_finish (client, result, &error);
  g_clear_pointer (&health, json_object_unref);
  g_object_unref (result);
  return error;
}

static void
test_tls (void)
{
  TlsFiles *good = make_certificate ("127.0.0.1");
  TlsFiles *other = make_certificate ("stagecraft.example.test");
  ScTestServer *server, *misnamed;
  g_autoptr(GTlsDatabase) trusted = NULL;
  g_autoptr(GTlsDatabase) other_trusted = NULL;
  g_autoptr(GError) error = NULL;

  server = sc_test_server_start (FALSE, "--tls-cert", good->cert, "--tls-key", good->key, NULL);
  misnamed = sc_test_server_start (FALSE, "--tls-cert", other->cert, "--tls-key", other->key, NULL);

  g_assert_true (g_str_has_prefix (server->url, "https://"));

  /* the system's trust store does not know a self-signed certificate */
  {
    g_autoptr(ScClient) client = sc_client_new (server->url);

    error = health_error (client);
    g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "trusted authority"));
    g_test_message ("unknown CA: %s", error->message);
    g_clear_error (&error);
  }

  /* trusted through a database made of that certificate */
  trusted = g_tls_file_database_new (good->cert, &error);
  g_assert_no_error (error);
  {
    g_autoptr(ScClient) client = sc_client_new (server->url);

    sc_client_set_tls_database (client, trusted);
    g_assert_true (sc_client_get_tls_database (client) == trusted);
    error = health_error (client);
    g_assert_no_error (error);

    /* back to the system's: refused again */
    sc_client_set_tls_database (client, NULL);
    error = health_error (client);
    g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_TLS);
    g_clear_error (&error);
  }

  /* a trusted certificate for another name */
  other_trusted = g_tls_file_database_new (other->cert, &error);
  g_assert_no_error (error);
  {
    g_autoptr(ScClient) client = sc_client_new (misnamed->url);

    sc_client_set_tls_database (client, other_trusted);
    error = health_error (client);
    g_assert_error (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_TLS);
    g_assert_nonnull (strstr (error->message, "another server name"));
    g_test_message ("bad identity: %s", error->message);
    g_clear_error (&error);
  }

  /* plain HTTP asked of an HTTPS server */
  {
    g_autofree char *plain = g_strdup (server->url + strlen ("https://"));
    g_autofree char *url = g_strconcat ("http://", plain, NULL);
    g_autoptr(ScClient) client = sc_client_new (url);

    error = health_error (client);
    g_assert_nonnull (error);
    g_assert_true (error->domain == SC_CLIENT_ERROR);
    g_test_message ("http to https: %s", error->message);
    g_clear_error (&error);
  }

  sc_test_server_stop (server);
  sc_test_server_stop (misnamed);
  tls_files_free (good);
  tls_files_free (other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/client/tls", test_tls);

  return g_test_run ();
}
