/* SPDX-License-Identifier: GPL-3.0-or-later */

/* sc-bench: Stagecraft against the floor of its own stack, side by side.
 *
 *   build/tests/bench/sc-bench [--duration SECONDS] [--rounds N]
 *                              [--sizes 100,10000,100000] [--only list,promote,events,frame,views]
 *
 * Each figure is measured on our server (the real stagecraft-server on
 * 127.0.0.1, port 0, a fresh database) and on a floor built from the same
 * libraries in this program: a bare SoupServer answering the same bytes,
 * raw SQLite transactions inserting the rows a promotion inserts, a bare
 * AdwApplicationWindow (sc-bench-floor-window). Ours and the floor
 * alternate, so drift on the shared machine hits both alike. The servers
 * run on CPU 0, the load (wrk, one thread) on CPU 1. It prints a table;
 * it asserts nothing about time (HACKING.md: benchmarks, not tests). */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "sc-bench-seed.h"
#include "sc-test-server.h"

#define N_PENDING 1000
#define N_MEMBERS 200
#define N_POLLERS 500

static double opt_duration = 4;
static int opt_rounds = 2;
static char *opt_sizes = NULL;
static char *opt_only = NULL;
static char *opt_floor_server = NULL;
static gboolean opt_serve = FALSE;

typedef struct {
  char   *figure;
  char   *ours;
  char   *floor;
  double  ratio;     /* ours / floor, "higher is better" figures; < 0: none */
  char   *goal;
} Row;

static GPtrArray *rows;

static void
row_free (Row *row)
{
  g_free (row->figure);
  g_free (row->ours);
  g_free (row->floor);
  g_free (row->goal);
  g_free (row);
}

static void
add_row (const char *figure,
         char       *ours,
         char       *floor,
         double      ratio,
         const char *goal)
{
  Row *row = g_new0 (Row, 1);
  g_autofree char *ratio_text = ratio >= 0 ? g_strdup_printf ("%.2f", ratio) : g_strdup ("");

  row->figure = g_strdup (figure);
  row->ours = ours;
  row->floor = floor;
  row->ratio = ratio;
  row->goal = g_strdup (goal != NULL ? goal : "");
  g_ptr_array_add (rows, row);
  g_print ("  %-52s %18s  %18s  %6s  %s\n", figure, ours, floor != NULL ? floor : "",
           ratio_text, row->goal);
}

static gboolean
wanted (const char *what)
{
  g_auto(GStrv) parts = NULL;

  if (opt_only == NULL)
    return TRUE;
  parts = g_strsplit (opt_only, ",", -1);
  return g_strv_contains ((const char * const *) parts, what);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
pin (GPid pid,
     int  cpu)
{
  cpu_set_t set;

  if (sysconf (_SC_NPROCESSORS_ONLN) < 2)
    return;
  CPU_ZERO (&set);
  CPU_SET (cpu, &set);
  if (sched_setaffinity (pid, sizeof set, &set) != 0)
    g_printerr ("cannot pin %d to CPU %d: %s\n", pid, cpu, g_strerror (errno));
}

static GPid
subprocess_pid (GSubprocess *process)
{
  return (GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10);
}

static guint
rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  line = strstr (text, "VmRSS:");
  return line != NULL ? (guint) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

/* CPU seconds (user + system) @pid has used: on a machine others share,
 * work per CPU-second is steadier than work per wall second. */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  /* fields from the state on: utime is the 12th, stime the 13th */
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint index;

  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_double);
  index = MIN (values->len - 1, (guint) (p / 100.0 * values->len));
  return g_array_index (values, double, index);
}

/* --- servers ------------------------------------------------------------------ */

/* Our server: the real binary (--demo for the orgs, path and users), with
 * its request log on /dev/null as a daemon's would go to a file. */
static ScTestServer *
start_ours (void)
{
  ScTestServer *server;
  int saved = dup (2);
  int devnull = open ("/dev/null", O_WRONLY);

  dup2 (devnull, 2);
  server = sc_test_server_start (TRUE, NULL);
  dup2 (saved, 2);
  close (saved);
  close (devnull);
  pin (subprocess_pid (server->process), 0);
  return server;
}

typedef struct {
  GSubprocess *process;
  char        *url;
} Floor;

static Floor *
start_floor (const char *body_file)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *line = NULL;
  Floor *floor = g_new0 (Floor, 1);

  floor->process = g_subprocess_launcher_spawn (launcher, &error, self, "--floor-server", body_file, NULL);
  g_assert_no_error (error);
  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (floor->process));
  line = g_data_input_stream_read_line (stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "listening on "));
  floor->url = g_strdup (line + strlen ("listening on "));
  pin (subprocess_pid (floor->process), 0);
  return floor;
}

static void
stop_floor (Floor *floor)
{
  g_subprocess_force_exit (floor->process);
  g_subprocess_wait (floor->process, NULL, NULL);
  g_object_unref (floor->process);
  g_free (floor->url);
  g_free (floor);
}

/* --floor-server FILE: a bare SoupServer answering FILE's bytes on every
 * path, as JSON; /wait parks the request until a /fire answers them all
 * (the long-poll floor). */
static GPtrArray *parked;

static void
floor_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GBytes *body = user_data;

  if (strcmp (path, "/wait") == 0)
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (parked, g_object_ref (msg));
      return;
    }
  if (strcmp (path, "/fire") == 0)
    {
      for (guint i = 0; i < parked->len; i++)
        {
          SoupServerMessage *waiting = g_ptr_array_index (parked, i);

          soup_server_message_set_status (waiting, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (waiting, "application/json", SOUP_MEMORY_STATIC,
                                            "{\"items\":[]}", 12);
          soup_server_message_unpause (waiting);
        }
      g_ptr_array_set_size (parked, 0);
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-cache");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static int
run_floor_server (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoslist(GUri) uris = NULL;
  g_autofree char *url = NULL;
  gsize length;
  GBytes *body;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (!g_file_get_contents (file, &contents, &length, &error))
    g_error ("%s", error->message);
  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  parked = g_ptr_array_new_with_free_func (g_object_unref);

  server = soup_server_new ("server-header", "floor ", NULL);
  soup_server_add_handler (server, NULL, floor_handler, body, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  g_print ("listening on %s\n", url);
  fflush (stdout);
  g_main_loop_run (loop);
  return 0;
}

/* --- wrk --------------------------------------------------------------------- */

typedef struct {
  double rps;
  double per_cpu_s; /* requests per CPU-second of the server */
  double p50_ms;
  double p99_ms;
  guint64 bad;
} Load;

static double
parse_duration_ms (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (g_str_has_prefix (end, "us"))
    return value / 1000.0;
  if (g_str_has_prefix (end, "ms"))
    return value;
  if (g_str_has_prefix (end, "s"))
    return value * 1000.0;
  if (g_str_has_prefix (end, "m"))
    return value * 60000.0;
  return value;
}

/* wrk, one thread on CPU 1, 16 connections, for opt_duration seconds. */
static Load
wrk (const char *url,
     GPid        server,
     const char *token,
     const char *if_none_match)
{
  double cpu_before = cpu_seconds (server);
  guint64 requests = 0;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Load load = { 0, 0, 0, 0 };
  int status;

  g_ptr_array_add (argv, g_strdup ("taskset"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (sysconf (_SC_NPROCESSORS_ONLN) > 1 ? "1" : "0"));
  g_ptr_array_add (argv, g_strdup ("wrk"));
  g_ptr_array_add (argv, g_strdup ("-t1"));
  g_ptr_array_add (argv, g_strdup ("-c16"));
  g_ptr_array_add (argv, g_strdup_printf ("-d%.0fs", opt_duration));
  g_ptr_array_add (argv, g_strdup ("--latency"));
  if (token != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-H"));
      g_ptr_array_add (argv, g_strdup_printf ("Authorization: Bearer %s", token));
    }
  if (if_none_match != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-H"));
      g_ptr_array_add (argv, g_strdup_printf ("If-None-Match: %s", if_none_match));
    }
  g_ptr_array_add (argv, g_strdup (url));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("wrk: %s", error->message);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strchug (lines[i]);

      if (strstr (line, " requests in ") != NULL)
        requests = g_ascii_strtoull (line, NULL, 10);
      else if (g_str_has_prefix (line, "Requests/sec:"))
        load.rps = g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
      else if (g_str_has_prefix (line, "50%"))
        load.p50_ms = parse_duration_ms (g_strchug ((char *) line + 3));
      else if (g_str_has_prefix (line, "99%"))
        load.p99_ms = parse_duration_ms (g_strchug ((char *) line + 3));
      else if (g_str_has_prefix (line, "Non-2xx or 3xx responses:"))
        load.bad = g_ascii_strtoull (line + strlen ("Non-2xx or 3xx responses:"), NULL, 10);
    }
  load.per_cpu_s = requests / MAX (cpu_seconds (server) - cpu_before, 0.01);
  if (load.bad > 0)
    g_printerr ("wrk: %" G_GUINT64_FORMAT " answers were not 2xx/3xx\n", load.bad);
  return load;
}

static char *
fmt_load (const Load *load)
{
  return g_strdup_printf ("%.0f/s %.2f|%.2fms", load->rps, load->p50_ms, load->p99_ms);
}

static char *
fmt_per_cpu (const Load *load)
{
  return g_strdup_printf ("%.0f/CPU-s", load->per_cpu_s);
}

/* --- the org ------------------------------------------------------------------- */

typedef struct {
  ScTestServer *server;
  const char   *token;      /* the demo admin's */
  char         *admin_id;
  char         *dev_org;
  char         *stage_org;
  char         *path_id;
  guint         n_workflows;
  guint         next_promotable;
} Org;

static char *
demo_org (ScTestServer *server,
          const char   *name)
{
  return sc_test_server_demo_org_id (server, name);
}

static void
org_seed (Org  *org,
          guint n_workflows)
{
  g_autoptr(ScTestResponse) me = NULL;
  g_autoptr(ScTestResponse) paths = NULL;
  g_autofree char *paths_path = NULL;
  guint n_history = MIN (n_workflows / 5, 2000);
  guint n_pending = MIN (N_PENDING, n_workflows / 5);
  double start = now_ms ();

  org->server = start_ours ();
  org->token = sc_test_server_demo_token (org->server, "admin@acme.test");
  me = sc_test_request (org->server, "GET", "/me", org->token, NULL, NULL);
  sc_assert_status (me, 200);
  org->admin_id = g_strdup (sc_test_get_string (me->body, "id"));
  org->dev_org = demo_org (org->server, "Acme Development");
  org->stage_org = demo_org (org->server, "Acme Staging");
  paths_path = g_strdup_printf ("/orgs/%s/promotion-paths", org->dev_org);
  paths = sc_test_request (org->server, "GET", paths_path, org->token, NULL, NULL);
  sc_assert_status (paths, 200);
  org->path_id = g_strdup (sc_test_get_string (paths->body, "items[0].id"));
  g_assert_cmpstr (sc_test_get_string (paths->body, "items[0].stages[1].tag"), ==, "stage");

  sc_bench_seed_workflows (org->server->database, org->dev_org, org->admin_id, org->admin_id, n_workflows);
  sc_bench_seed_history (org->server->database, org->dev_org, org->admin_id, org->path_id,
                         "dev", "stage", org->stage_org, n_workflows, n_history, n_pending, N_MEMBERS);
  org->n_workflows = n_workflows;
  org->next_promotable = n_history + n_pending + 1;
  g_print ("seeded an org of %u workflows (%u releases, %u history records, %u pending requests, "
           "%u members) in %.0f ms\n", n_workflows, n_workflows, n_history, n_pending, N_MEMBERS,
           now_ms () - start);
}

static void
org_clear (Org *org)
{
  sc_test_server_stop (org->server);
  g_clear_pointer (&org->admin_id, g_free);
  g_clear_pointer (&org->dev_org, g_free);
  g_clear_pointer (&org->stage_org, g_free);
  g_clear_pointer (&org->path_id, g_free);
}

/* --- list ------------------------------------------------------------------------ */

static char *
list_url (Org   *org,
          guint  limit)
{
  return g_strdup_printf ("%s/orgs/%s/workflows?limit=%u", org->server->api, org->dev_org, limit);
}

static void
bench_list (Org  *org,
            guint limit)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows?limit=%u", org->dev_org, limit);
  g_autofree char *url = list_url (org, limit);
  g_autofree char *body_file = NULL;
  g_autofree char *figure = NULL;
  g_autoptr(ScTestResponse) page = NULL;
  Load ours = { 0 }, floor_load = { 0 }, not_modified = { 0 };
  const char *etag;
  Floor *floor;

  page = sc_test_request (org->server, "GET", path, org->token, NULL, NULL);
  sc_assert_status (page, 200);
  /* the demo org has a few workflows of its own */
  g_assert_cmpuint (sc_test_get_length (page->body, "items"), >=, MIN (limit, org->n_workflows));
  etag = soup_message_headers_get_one (page->headers, "ETag");
  body_file = g_build_filename (org->server->dir, "floor-body.json", NULL);
  g_file_set_contents (body_file, page->text, -1, NULL);
  floor = start_floor (body_file);

  for (int round = 0; round < opt_rounds; round++)
    {
      Load a = wrk (url, subprocess_pid (org->server->process), org->token, NULL);
      g_autofree char *floor_url = g_strdup_printf ("%s/list", floor->url);
      Load b = wrk (floor_url, subprocess_pid (floor->process), NULL, NULL);
      Load c = wrk (url, subprocess_pid (org->server->process), org->token, etag);

      ours.rps += a.rps / opt_rounds;
      ours.per_cpu_s += a.per_cpu_s / opt_rounds;
      floor_load.per_cpu_s += b.per_cpu_s / opt_rounds;
      not_modified.per_cpu_s += c.per_cpu_s / opt_rounds;
      ours.p50_ms += a.p50_ms / opt_rounds;
      ours.p99_ms += a.p99_ms / opt_rounds;
      floor_load.rps += b.rps / opt_rounds;
      floor_load.p50_ms += b.p50_ms / opt_rounds;
      floor_load.p99_ms += b.p99_ms / opt_rounds;
      not_modified.rps += c.rps / opt_rounds;
      not_modified.p50_ms += c.p50_ms / opt_rounds;
      not_modified.p99_ms += c.p99_ms / opt_rounds;
    }
  stop_floor (floor);

  figure = g_strdup_printf ("list limit=%u, %u wf (%.1f KB), req/s p50|p99", limit, org->n_workflows,
                            strlen (page->text) / 1000.0);
  add_row (figure, fmt_load (&ours), fmt_load (&floor_load), ours.rps / floor_load.rps, ">= 0.6");
  g_free (figure);
  add_row ("  same, per CPU-second of the server", fmt_per_cpu (&ours), fmt_per_cpu (&floor_load),
           ours.per_cpu_s / floor_load.per_cpu_s, ">= 0.6");
  figure = g_strdup_printf ("  same, If-None-Match (304)");
  add_row (figure, fmt_load (&not_modified), fmt_load (&floor_load), not_modified.rps / floor_load.rps, "");
  add_row ("  304, per CPU-second of the server", fmt_per_cpu (&not_modified), fmt_per_cpu (&floor_load),
           not_modified.per_cpu_s / floor_load.per_cpu_s, "");
}

/* One page after another along next_cursor, by one client: the latency of
 * building pages that were never asked for before (no cache can help). */
static void
bench_list_cold (Org  *org,
                 guint limit)
{
  g_autofree char *cursor = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *figure = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *path = cursor != NULL
        ? g_strdup_printf ("/orgs/%s/workflows?limit=%u&cursor=%s", org->dev_org, limit, cursor)
        : g_strdup_printf ("/orgs/%s/workflows?limit=%u", org->dev_org, limit);
      double start = now_ms ();
      g_autoptr(ScTestResponse) r = sc_test_request (org->server, "GET", path, org->token, NULL, NULL);
      double ms = now_ms () - start;

      sc_assert_status (r, 200);
      g_array_append_val (times, ms);
      g_clear_pointer (&cursor, g_free);
      cursor = g_strdup (sc_test_get_string (r->body, "next_cursor"));
    }
  while (cursor != NULL && ++pages < 40);

  figure = g_strdup_printf ("list limit=%u, %u wf, each page once: p50|p99", limit, org->n_workflows);
  add_row (figure, g_strdup_printf ("%.2f|%.2fms", percentile (times, 50), percentile (times, 99)),
           NULL, -1, "flat in org size");
}

/* --- promotions ------------------------------------------------------------------ */

#define N_PROMOTIONS 300

/* One client on one kept-alive connection, as HTTP/1.1 clients send
 * requests: libsoup opens a new connection for every request whose method
 * is not idempotent unless the message is marked so (SOUP_MESSAGE_IDEMPOTENT),
 * and the server would pay an accept, a TCP handshake and a new
 * connection's state per promotion, which is not the promotion's cost. */
static double
promote_ours (Org    *org,
              guint   count,
              double *per_cpu_s)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 1, "timeout", 60, NULL);
  g_autofree char *uri = g_strdup_printf ("%s/promotions", org->server->api);
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", org->token);
  GPid pid = subprocess_pid (org->server->process);
  double cpu = cpu_seconds (pid);
  double start = now_ms ();

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"release_id\": \"rel_bench%012u\", \"path_id\": \"%s\", "
                                               "\"target_stage\": \"stage\"}",
                                               org->next_promotable++, org->path_id);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      gsize length = strlen (body);
      g_autoptr(GBytes) request = g_bytes_new_take (g_steal_pointer (&body), length);
      GAsyncResult *slot = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sc_test_result_cb, &slot);
      result = sc_test_wait_result (&slot, 60);
      answer = soup_session_send_and_read_finish (session, result, &error);
      if (error != NULL)
        g_error ("promotion: %s", error->message);
      if (soup_message_get_status (msg) != 201)
        g_error ("promotion answered %u: %.*s", soup_message_get_status (msg),
                 (int) g_bytes_get_size (answer), (const char *) g_bytes_get_data (answer, NULL));
    }
  *per_cpu_s = count / MAX (cpu_seconds (pid) - cpu, 0.01);
  return count / ((now_ms () - start) / 1000.0);
}

static void
db_ok (sqlite3 *db,
       int      rc)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

/* What the floor writes for one promotion, read from the database before
 * the clock starts: the seeded release's snapshot and its parts. */
typedef struct {
  char *source_workflow_id;
  char *source_release_id;
  char *snapshot;
  char *name;
  char *description;
  char *steps;
  char *config;
  char *url;
  char *method;
} FloorInput;

static void
floor_input_clear (FloorInput *input)
{
  g_free (input->source_workflow_id);
  g_free (input->source_release_id);
  g_free (input->snapshot);
  g_free (input->name);
  g_free (input->description);
  g_free (input->steps);
  g_free (input->config);
  g_free (input->url);
  g_free (input->method);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column,
             const char   *fallback)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? text : fallback);
}

static char *
org_name (sqlite3    *db,
          const char *org_id)
{
  sqlite3_stmt *stmt = NULL;
  char *name;

  db_ok (db, sqlite3_prepare_v2 (db, "SELECT name FROM orgs WHERE id = ?1", -1, &stmt, NULL));
  sqlite3_bind_text (stmt, 1, org_id, -1, SQLITE_STATIC);
  db_ok (db, sqlite3_step (stmt));
  name = column_text (stmt, 0, "");
  sqlite3_finalize (stmt);
  return name;
}

/* The floor: the rows and bytes one promotion to a new stage of another
 * org writes — the target workflow with the release's name, description,
 * steps, config and trigger, its release carrying the release's snapshot
 * text, the source workflow marked promoted, the promotion record, the
 * audit row in each org and the actor's event with the details and data
 * our server writes (same members, same ids' lengths), two sequence values
 * and the event's seq — as one IMMEDIATE transaction of prepared
 * statements, with nothing read, checked or parsed.  Not inlined: callgrind
 * counts it with --toggle-collect='floor_promotion*'. */
G_GNUC_NO_INLINE static void
floor_promotion (sqlite3            *db,
                 sqlite3_stmt      **stmts,
                 guint               n_stmts,
                 Org                *org,
                 const char         *dev_name,
                 const char         *stage_name,
                 const FloorInput   *input,
                 guint               i)
{
  g_autofree char *wf = g_strdup_printf ("wf_floor%015u", i);
  g_autofree char *rel = g_strdup_printf ("rel_floor%015u", i);
  g_autofree char *prm = g_strdup_printf ("prm_floor%015u", i);
  g_autofree char *aud = g_strdup_printf ("aud_floor%015u", i);
  g_autofree char *aud2 = g_strdup_printf ("aud_floos%015u", i);
  g_autofree char *evt = g_strdup_printf ("evt_floor%015u", i);
  g_autofree char *stages =
    g_strdup_printf ("\"source\":{\"tag\":\"dev\",\"org_id\":\"%s\",\"org_name\":\"%s\"},"
                     "\"target\":{\"tag\":\"stage\",\"org_id\":\"%s\",\"org_name\":\"%s\"}",
                     org->dev_org, dev_name, org->stage_org, stage_name);
  g_autofree char *details =
    g_strdup_printf ("{\"promotion_id\":\"%s\",\"workflow_id\":\"%s\",\"release_id\":\"%s\","
                     "\"version\":1,\"path_id\":\"%s\",%s,\"target_workflow_id\":\"%s\","
                     "\"target_release_id\":\"%s\",\"target_version\":1,\"created_new\":true,"
                     "\"approval_request_id\":null}",
                     prm, input->source_workflow_id, input->source_release_id, org->path_id,
                     stages, wf, rel);
  g_autofree char *data =
    g_strdup_printf ("{\"promotion_id\":\"%s\",\"workflow_id\":\"%s\",\"workflow_name\":\"%s\","
                     "\"release\":{\"id\":\"%s\",\"version\":1},%s,\"target_workflow_id\":\"%s\","
                     "\"approval_request_id\":null}",
                     prm, input->source_workflow_id, input->name, input->source_release_id,
                     stages, wf);
  const char *text[] = {
    NULL, wf, NULL, org->stage_org, org->admin_id, org->dev_org, org->path_id, rel, prm, aud,
    evt, input->source_workflow_id, input->name, input->description, input->steps,
    input->config, input->url, input->method, input->snapshot, input->source_release_id,
    details, data, aud2,
  };

  db_ok (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL));
  for (guint s = 0; s < n_stmts; s++)
    {
      sqlite3_stmt *stmt = stmts[s];
      int n = sqlite3_bind_parameter_count (stmt);

      for (int p = 1; p <= n; p++)
        {
          if (p == 2)
            sqlite3_bind_int64 (stmt, p, i);
          else if (sqlite3_bind_parameter_name (stmt, p) != NULL)
            sqlite3_bind_text (stmt, p, text[p], -1, SQLITE_STATIC);
        }
      db_ok (db, sqlite3_step (stmt));
      sqlite3_reset (stmt);
    }
  db_ok (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL));
}

/* on a copy of our database with the server's settings (WAL,
 * synchronous = NORMAL: the same durability) */
static double
promote_floor (Org    *org,
               guint   count,
               guint   round,
               double *per_cpu_s)
{
  double cpu;
  g_autofree char *copy = g_strdup_printf ("%s/floor-%u.db", org->server->dir, round);
  static const char * const sql[] = {
    "INSERT INTO meta (key, value) VALUES ('seq.floor', '1') "
    "ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1",
    "INSERT INTO workflows (id, seq, org_id, name, description, owner_id, steps, config, trigger_url, "
    "  trigger_method, tags, general_access, sharing_etag, etag, origin_workflow_id, origin_org_id, "
    "  origin_path_id, origin_stage, promoted, created_at, updated_at) "
    "VALUES (?1, 100000000 + ?2, ?3, ?12, ?13, ?4, ?14, ?15, ?16, ?17, '[]', "
    "  'view', 'sharingetag000000000', 'etag0000000000000000', ?11, ?5, ?6, 'stage', 0, "
    "  '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
    "INSERT INTO releases (id, workflow_id, version, notes, snapshot, created_by, source_release_id, "
    "  created_at) "
    "VALUES (?7, ?1, 1, '', ?18, ?4, ?19, '2026-01-01T00:00:00.000000Z')",
    "UPDATE workflows SET promoted = 1, etag = ?9 WHERE id = ?11 AND promoted = 0",
    "INSERT INTO meta (key, value) VALUES ('seq.floorp', '1') "
    "ON CONFLICT (key) DO UPDATE SET value = CAST (value AS INTEGER) + 1",
    "INSERT INTO promotions (id, seq, kind, release_id, release_version, workflow_id, path_id, "
    "  source_tag, source_org_id, target_tag, target_org_id, target_workflow_id, target_release_id, "
    "  created_new, actor_id, outcome, at) "
    "VALUES (?8, 100000000 + ?2, 'promote', ?19, 1, ?11, ?6, 'dev', ?5, 'stage', ?3, ?1, ?7, 1, ?4, "
    "  'succeeded', '2026-01-01T00:00:00.000000Z')",
    "INSERT INTO audit_events (id, org_id, actor_id, action, target_type, target_id, details, at) "
    "VALUES (?9, ?5, ?4, 'promotion.succeeded', 'promotion', ?8, ?20, '2026-01-01T00:00:00.000000Z')",
    "INSERT INTO audit_events (id, org_id, actor_id, action, target_type, target_id, details, at) "
    "VALUES (?22, ?3, ?4, 'promotion.succeeded', 'promotion', ?8, ?20, '2026-01-01T00:00:00.000000Z')",
    "INSERT INTO events (seq, id, user_id, kind, data, at) "
    "VALUES ((SELECT COALESCE (MAX (seq), 0) + 1 FROM events), ?10, ?4, 'promotion_completed', ?21, "
    "  '2026-01-01T00:00:00.000000Z')",
  };
  sqlite3_stmt *stmts[G_N_ELEMENTS (sql)];
  sqlite3 *source = NULL, *db = NULL;
  sqlite3_backup *backup;
  sqlite3_stmt *read = NULL;
  g_autofree char *dev_name = NULL;
  g_autofree char *stage_name = NULL;
  g_autofree FloorInput *inputs = NULL;
  double start;

  /* the floor is SQLite's own; on PostgreSQL there is none (-1: no ratio) */
  if (sc_test_server_uses_postgresql ())
    {
      *per_cpu_s = -1;
      return -1;
    }

  db_ok (source, sqlite3_open_v2 (org->server->database, &source, SQLITE_OPEN_READONLY, NULL));
  db_ok (db, sqlite3_open (copy, &db));
  backup = sqlite3_backup_init (db, "main", source, "main");
  sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  sqlite3_close (source);
  db_ok (db, sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
                           "PRAGMA synchronous = NORMAL;", NULL, NULL, NULL));
  for (guint s = 0; s < G_N_ELEMENTS (sql); s++)
    db_ok (db, sqlite3_prepare_v3 (db, sql[s], -1, SQLITE_PREPARE_PERSISTENT, &stmts[s], NULL));

  /* the bytes to write, read before the clock starts: the releases of
   * seeded workflows no promotion has touched in this copy */
  dev_name = org_name (db, org->dev_org);
  stage_name = org_name (db, org->stage_org);
  inputs = g_new0 (FloorInput, count);
  db_ok (db, sqlite3_prepare_v2 (db,
                                 "SELECT workflow_id, snapshot, json_extract (snapshot, '$.name'), "
                                 "  json_extract (snapshot, '$.description'), "
                                 "  json_extract (snapshot, '$.steps'), json_extract (snapshot, '$.config'), "
                                 "  json_extract (snapshot, '$.trigger.url'), "
                                 "  json_extract (snapshot, '$.trigger.method') "
                                 "FROM releases WHERE id = ?1", -1, &read, NULL));
  for (guint i = 0; i < count; i++)
    {
      FloorInput *input = &inputs[i];

      input->source_release_id = g_strdup_printf ("rel_bench%012u", org->next_promotable + i);
      sqlite3_bind_text (read, 1, input->source_release_id, -1, SQLITE_STATIC);
      if (sqlite3_step (read) != SQLITE_ROW)
        g_error ("no release %s", input->source_release_id);
      input->source_workflow_id = column_text (read, 0, "");
      input->snapshot = column_text (read, 1, "{}");
      input->name = column_text (read, 2, "");
      input->description = column_text (read, 3, "");
      input->steps = column_text (read, 4, "[]");
      input->config = column_text (read, 5, "{}");
      input->url = column_text (read, 6, "");
      input->method = column_text (read, 7, "POST");
      sqlite3_reset (read);
    }
  sqlite3_finalize (read);

  start = now_ms ();
  cpu = thread_cpu_seconds ();
  for (guint i = 0; i < count; i++)
    floor_promotion (db, stmts, G_N_ELEMENTS (sql), org, dev_name, stage_name, &inputs[i], i);
  start = count / ((now_ms () - start) / 1000.0);
  *per_cpu_s = count / MAX (thread_cpu_seconds () - cpu, 1e-6);

  for (guint i = 0; i < count; i++)
    floor_input_clear (&inputs[i]);
  for (guint s = 0; s < G_N_ELEMENTS (sql); s++)
    sqlite3_finalize (stmts[s]);
  sqlite3_close (db);
  return start;
}

static void
bench_promotions (Org *org)
{
  double ours = 0, floor = 0, ours_cpu = 0, floor_cpu = 0;
  /* each round the floor writes the releases ours promotes the round
   * after (unpromoted in its copy), so a round takes twice its count; one
   * release stays for the event of bench_events() */
  guint per_round = MIN (N_PROMOTIONS, (org->n_workflows - org->next_promotable) / (2 * opt_rounds));
  g_autofree char *figure = NULL;

  for (int round = 0; round < opt_rounds; round++)
    {
      double a, b;

      ours += promote_ours (org, per_round, &a) / opt_rounds;
      floor += promote_floor (org, per_round, round, &b) / opt_rounds;
      ours_cpu += a / opt_rounds;
      floor_cpu += b / opt_rounds;
    }
  figure = g_strdup_printf ("promotions/s, one client, %u wf", org->n_workflows);
  add_row (figure, g_strdup_printf ("%.0f/s", ours), g_strdup_printf ("%.0f/s", floor), ours / floor, ">= 0.5");
  add_row ("  same, per CPU-second (server / SQLite)", g_strdup_printf ("%.0f/CPU-s", ours_cpu),
           g_strdup_printf ("%.0f/CPU-s", floor_cpu), ours_cpu / floor_cpu, ">= 0.5");
}

/* --- events ----------------------------------------------------------------------- */

typedef struct {
  GArray *done_ms;
  guint   pending;
  double  fired_at;
} Pollers;

static void
poll_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pollers *pollers = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  double ms = now_ms () - pollers->fired_at;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (error != NULL)
    g_printerr ("poller: %s\n", error->message);
  g_array_append_val (pollers->done_ms, ms);
  pollers->pending--;
}

static gboolean
pollers_done (gpointer data)
{
  return ((Pollers *) data)->pending == 0;
}

static gboolean
fired_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
fire_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  guint status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source),
                                                                                 result));

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    g_printerr ("the request that makes the event answered %u\n", status);

  *(gboolean *) user_data = TRUE;
}

/* @n long polls wait on @wait_url; then @fire (a request) makes the
 * event; returns the delivery times (ms from sending @fire) and the
 * server's resident memory while they waited. */
static GArray *
long_poll (const char  *wait_url,
           const char  *token,
           SoupMessage *fire,
           GPid         server_pid,
           guint       *rss_before,
           guint       *rss_waiting)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", N_POLLERS + 10,
                                                                  "max-conns-per-host", N_POLLERS + 10,
                                                                  "timeout", 60, NULL);
  Pollers pollers = { g_array_new (FALSE, FALSE, sizeof (double)), N_POLLERS, 0 };
  gboolean fired = FALSE;
  double settle;

  *rss_before = rss_kib (server_pid);
  for (guint i = 0; i < N_POLLERS; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", wait_url);

      if (token != NULL)
        {
          g_autofree char *bearer = g_strdup_printf ("Bearer %s", token);
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
        }
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, poll_done_cb, &pollers);
    }
  /* let every poll reach the server (a benchmark may wait; a test may not) */
  settle = now_ms () + 1500;
  while (now_ms () < settle)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  *rss_waiting = rss_kib (server_pid);

  pollers.fired_at = now_ms ();
  soup_session_send_and_read_async (session, fire, G_PRIORITY_DEFAULT, NULL, fire_cb, &fired);
  sc_test_wait_for (pollers_done, &pollers, 60);
  sc_test_wait_for (fired_done, &fired, 60);
  return pollers.done_ms;
}

static void
bench_events (Org *org)
{
  g_autoptr(ScTestResponse) cursor = NULL;
  g_autofree char *wait_url = NULL;
  g_autofree char *fire_url = g_strdup_printf ("%s/promotions", org->server->api);
  g_autofree char *fire_body = NULL;
  g_autofree char *bearer = g_strdup_printf ("Bearer %s", org->token);
  g_autofree char *body_file = g_build_filename (org->server->dir, "floor-events.json", NULL);
  g_autofree char *floor_wait = NULL, *floor_fire = NULL;
  g_autoptr(SoupMessage) fire = NULL;
  g_autoptr(SoupMessage) floor_fire_msg = NULL;
  g_autoptr(GArray) ours = NULL;
  g_autoptr(GArray) floor_times = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint rss_before, rss_waiting, floor_before, floor_waiting;
  Floor *floor;

  cursor = sc_test_request (org->server, "GET", "/events", org->token, NULL, NULL);
  sc_assert_status (cursor, 200);
  wait_url = g_strdup_printf ("%s/events?since=%s&timeout=30", org->server->api,
                              sc_test_get_string (cursor->body, "next_cursor"));
  fire_body = g_strdup_printf ("{\"release_id\": \"rel_bench%012u\", \"path_id\": \"%s\", "
                               "\"target_stage\": \"stage\"}", org->next_promotable++, org->path_id);
  fire = soup_message_new ("POST", fire_url);
  soup_message_headers_replace (soup_message_get_request_headers (fire), "Authorization", bearer);
  bytes = g_bytes_new (fire_body, strlen (fire_body));
  soup_message_set_request_body_from_bytes (fire, "application/json", bytes);
  ours = long_poll (wait_url, org->token, fire, subprocess_pid (org->server->process),
                    &rss_before, &rss_waiting);

  g_file_set_contents (body_file, "{}", -1, NULL);
  floor = start_floor (body_file);
  floor_wait = g_strdup_printf ("%s/wait", floor->url);
  floor_fire = g_strdup_printf ("%s/fire", floor->url);
  floor_fire_msg = soup_message_new ("GET", floor_fire);
  floor_times = long_poll (floor_wait, NULL, floor_fire_msg, subprocess_pid (floor->process),
                           &floor_before, &floor_waiting);
  stop_floor (floor);

  add_row ("/events delivery, 500 waiting: p50|p99|all",
           g_strdup_printf ("%.1f|%.1f|%.1fms", percentile (ours, 50), percentile (ours, 99),
                            percentile (ours, 100)),
           g_strdup_printf ("%.1f|%.1f|%.1fms", percentile (floor_times, 50), percentile (floor_times, 99),
                            percentile (floor_times, 100)),
           percentile (floor_times, 100) / percentile (ours, 100), "");
  add_row ("server RSS idle -> with 500 long polls",
           g_strdup_printf ("%.1f->%.1f MB", rss_before / 1024.0, rss_waiting / 1024.0),
           g_strdup_printf ("%.1f->%.1f MB", floor_before / 1024.0, floor_waiting / 1024.0),
           -1, "");
}

/* --- first frame -------------------------------------------------------------------- */

/* Milliseconds from spawning @argv to its "first-frame" line (the program
 * prints it from the frame clock's after-paint of its first window, then
 * exits). */
static double
first_frame (const char * const *argv,
             const char         *home,
             const char         *schemas)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  double start, ms;

  g_subprocess_launcher_setenv (launcher, "SC_BENCH_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache, TRUE);

  start = now_ms ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  pin (subprocess_pid (process), 0);
  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line (stream, NULL, NULL, NULL)) != NULL &&
         strcmp (line, "first-frame") != 0)
    g_clear_pointer (&line, g_free);
  ms = now_ms () - start;
  if (line == NULL)
    g_error ("%s exited before its first frame", argv[0]);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  return ms;
}

static void
bench_first_frame (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (self);
  g_autofree char *floor_bin = g_build_filename (dir, "sc-bench-floor-window", NULL);
  g_autofree char *app_bin = g_build_filename (dir, "..", "..", "src", "app", "stagecraft", NULL);
  g_autofree char *home = g_dir_make_tmp ("sc-bench-home-XXXXXX", NULL);
  g_autofree char *build_schemas = g_build_filename (dir, "..", "..", "data", NULL);
  g_autofree char *schemas = g_strconcat (build_schemas, ":/usr/share/glib-2.0/schemas", NULL);
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (double));
  const char *ours_argv[] = { app_bin, NULL };
  const char *floor_argv[] = { floor_bin, NULL };
  double a, b;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("  (first frame skipped: no display; run under xvfb-run)\n");
      return;
    }
  if (!g_file_test (app_bin, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (floor_bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("  (first frame skipped: built without the app)\n");
      return;
    }

  /* warm the page cache and fontconfig's cache for both */
  first_frame (ours_argv, home, schemas);
  first_frame (floor_argv, home, schemas);
  for (int i = 0; i < 5 * opt_rounds; i++)
    {
      a = first_frame (ours_argv, home, schemas);
      b = first_frame (floor_argv, home, schemas);
      g_array_append_val (ours, a);
      g_array_append_val (floor, b);
    }
  {
    const char *rm[] = { "rm", "-rf", home, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  a = percentile (ours, 50);
  b = percentile (floor, 50);
  add_row ("start to first frame (Xvfb, cairo), median", g_strdup_printf ("%.0f ms", a),
           g_strdup_printf ("%.0f ms", b), a / b, "<= 1.2");
}

/* --- requests per view -------------------------------------------------------------- */

/* sc-bench-views opens each section view on the demo server, then reloads
 * it, counting the requests its ScClient made (a test hook). */
static void
bench_views (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (self);
  g_autofree char *views_bin = g_build_filename (dir, "sc-bench-views", NULL);
  g_autofree char *build_schemas = g_build_filename (dir, "..", "..", "data", NULL);
  g_autofree char *schemas = g_strconcat (build_schemas, ":/usr/share/glib-2.0/schemas", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  if (g_getenv ("DISPLAY") == NULL || !g_file_test (views_bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_print ("  (requests per view skipped: no display, or built without the app or test hooks)\n");
      return;
    }
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schemas, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  g_subprocess_launcher_setenv (launcher, "NO_AT_BRIDGE", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, views_bin, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", -1);
      g_autofree char *figure = NULL;

      if (g_strv_length (f) != 5 || strcmp (f[0], "view") != 0)
        continue;
      figure = g_strdup_printf ("requests: %s view, open | reload", f[1]);
      add_row (figure, g_strdup_printf ("%s | %s (%s x 304)", f[2], f[3], f[4]), NULL, -1,
               "no N+1; reload 304");
    }
}

/* --- main ------------------------------------------------------------------------------ */

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  const char *model = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      model = strstr (cpuinfo, "model name");
      if (model != NULL)
        {
          model = strchr (model, ':') + 2;
          *strchr (model, '\n') = '\0';
        }
    }
  g_print ("machine: %ld CPUs online, %s\n", sysconf (_SC_NPROCESSORS_ONLN), model ? model : "?");
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "duration", 0, 0, G_OPTION_ARG_DOUBLE, &opt_duration, "Seconds of load per wrk run (4)", "S" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &opt_rounds, "Ours/floor alternations per figure (2)", "N" },
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &opt_sizes, "Org sizes (10000; scale: 100,10000,100000)", "N,…" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only, "list,promote,events,frame,views", "WHAT" },
    { "serve", 0, 0, G_OPTION_ARG_NONE, &opt_serve,
      "Seed an org, print its list URL, server pid and token, and wait (for profiling)", NULL },
    { "floor-server", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_floor_server, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Stagecraft against the floor of its stack");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sizes = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_floor_server != NULL)
    return run_floor_server (opt_floor_server);

  if (g_getenv ("SC_SERVER_BINARY") == NULL)
    g_setenv ("SC_SERVER_BINARY", SC_BENCH_SERVER_BINARY, TRUE);
  /* the load generator side of this program (the long polls) on CPU 1 */
  pin (0, sysconf (_SC_NPROCESSORS_ONLN) > 1 ? 1 : 0);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  print_machine ();
  /* scripts/test-pg --run build/tests/bench/sc-bench: the server on PostgreSQL */
  g_print ("database engine: %s\n", sc_test_server_uses_postgresql () ? "PostgreSQL" : "SQLite");
  g_print ("  %-52s %18s  %18s  %6s  %s\n", "figure", "stagecraft", "floor", "ratio", "goal");

  sizes = g_strsplit (opt_sizes != NULL ? opt_sizes : "10000", ",", -1);
  for (guint s = 0; sizes[s] != NULL; s++)
    {
      guint n = (guint) g_ascii_strtoull (sizes[s], NULL, 10);
      Org org = { 0 };

      if (!wanted ("list") && !wanted ("promote") && !wanted ("events"))
        break;
      org_seed (&org, n);
      if (opt_serve)
        {
          g_autofree char *url = list_url (&org, 100);

          g_print ("serving: pid %s\n  %s\n  Authorization: Bearer %s\n",
                   g_subprocess_get_identifier (org.server->process), url, org.token);
          for (;;)
            g_main_context_iteration (NULL, TRUE);
        }
      if (wanted ("list"))
        {
          bench_list (&org, 100);
          bench_list (&org, 500);
          bench_list_cold (&org, 100);
          bench_list_cold (&org, 500);
        }
      if (wanted ("promote"))
        bench_promotions (&org);
      if (wanted ("events"))
        bench_events (&org);
      org_clear (&org);
    }

  if (wanted ("frame"))
    bench_first_frame ();
  if (wanted ("views"))
    bench_views ();

  g_ptr_array_unref (rows);
  return 0;
}
