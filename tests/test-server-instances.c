/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sc-test-server.h"

/* Several stagecraft-server instances on one database (PostgreSQL with
 * scripts/test-pg; one SQLite file otherwise): 8 clients at once, half on
 * each instance, race for one contested action each time. Exactly one
 * wins, nothing is lost, an idempotent request replayed on the other
 * instance answers what was stored, and an event made through one
 * instance reaches a long poll on the other. */

#define ADMIN     "admin@acme.test"
#define N_CLIENTS 8

typedef struct {
  ScTestServer *a, *b;
  const char   *admin;
  char         *dev_org;
  char         *path_id;
  char         *workflow_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *paths = NULL;
  g_autofree char *workflows = NULL;
  g_autoptr(ScTestResponse) p = NULL;
  g_autoptr(ScTestResponse) w = NULL;

  f->a = sc_test_server_start (TRUE, NULL);
  f->b = sc_test_server_start_beside (f->a);
  f->admin = sc_test_server_demo_token (f->a, ADMIN);
  f->dev_org = sc_test_server_demo_org_id (f->a, "Acme Development");

  paths = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  p = sc_test_request (f->b, "GET", paths, f->admin, NULL, NULL);
  sc_assert_status (p, 200);
  f->path_id = g_strdup (sc_test_get_string (p->body, "items[0].id"));
  g_assert_cmpstr (sc_test_get_string (p->body, "items[0].stages[1].tag"), ==, "stage");

  workflows = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  w = sc_test_request (f->b, "GET", workflows, f->admin, NULL, NULL);
  sc_assert_status (w, 200);
  f->workflow_id = g_strdup (sc_test_get_string (w->body, "items[0].id"));
  g_assert_nonnull (f->workflow_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->b);
  sc_test_server_stop (f->a);
  g_free (f->dev_org);
  g_free (f->path_id);
  g_free (f->workflow_id);
}

/* --- one request per client, all in flight at once ------------------------ */

typedef struct {
  guint    status;
  char    *body;
  gboolean done;
} Answer;

typedef struct {
  Answer   answers[N_CLIENTS];
  guint    n_done;
} Race;

typedef struct {
  Race *race;
  guint index;
} Slot;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Slot *slot = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  Answer *answer = &slot->race->answers[slot->index];

  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  answer->done = TRUE;
  slot->race->n_done++;
  g_free (slot);
}

static gboolean
race_done (gpointer user_data)
{
  Race *race = user_data;

  return race->n_done == N_CLIENTS;
}

/* @bodies[i] (or @body for all) to @method @path, client i through
 * instance A when i is even, B when odd; @if_match may be NULL. */
static Race *
race (Fixture            *f,
      const char         *method,
      const char         *path,
      const char         *body,
      const char * const *bodies,
      const char         *if_match)
{
  Race *race = g_new0 (Race, 1);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 64,
                                                                  "max-conns-per-host", 64,
                                                                  "timeout", 60, NULL);

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      ScTestServer *server = i % 2 == 0 ? f->a : f->b;
      g_autofree char *uri = g_strconcat (server->api, path, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
      g_autofree char *bearer = g_strconcat ("Bearer ", f->admin, NULL);
      const char *text = bodies != NULL ? bodies[i] : body;
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      Slot *slot = g_new0 (Slot, 1);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      if (if_match != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", if_match);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      slot->race = race;
      slot->index = i;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, slot);
    }

  sc_test_wait_for (race_done, race, 60);
  for (guint i = 0; i < N_CLIENTS; i++)
    g_test_message ("client %u: %u %.200s", i, race->answers[i].status, race->answers[i].body);
  return race;
}

static guint
count_status (Race  *race,
              guint  status)
{
  guint n = 0;

  for (guint i = 0; i < N_CLIENTS; i++)
    if (race->answers[i].status == status)
      n++;
  return n;
}

static void
race_free (Race *race)
{
  for (guint i = 0; i < N_CLIENTS; i++)
    g_free (race->answers[i].body);
  g_free (race);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Race, race_free)

static char *
publish (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s/releases", f->workflow_id);
  g_autoptr(ScTestResponse) r = sc_test_request (f->a, "POST", path, f->admin,
                                                 "{\"notes\": \"race\"}", NULL);

  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

/* --- cases ----------------------------------------------------------------- */

/* The same release promoted to the same stage by 8 clients on two
 * instances: one promotion, the others refused; and the event of it
 * reaches a long poll waiting on the other instance. */
static void
test_promotion_race (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *release_id = publish (f);
  g_autofree char *body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                           "\"target_stage\": \"stage\"}", release_id, f->path_id);
  g_autoptr(ScTestResponse) cursor = sc_test_request (f->b, "GET", "/events", f->admin, NULL, NULL);
  g_autoptr(ScTestResponse) events = NULL;
  g_autoptr(Race) r = NULL;
  g_autofree char *poll = NULL;
  gboolean found = FALSE;

  sc_assert_status (cursor, 200);
  poll = g_strdup_printf ("/events?since=%s&timeout=20", sc_test_get_string (cursor->body, "next_cursor"));

  r = race (f, "POST", "/promotions", body, NULL, NULL);
  g_assert_cmpuint (count_status (r, 201), ==, 1);
  g_assert_cmpuint (count_status (r, 201) + count_status (r, 409), ==, N_CLIENTS);
  g_assert_cmpint (sc_test_server_db_int (f->a, "SELECT COUNT(*) FROM promotions "
                                                "WHERE release_id = ?1 AND outcome = 'succeeded'",
                                          release_id, NULL), ==, 1);

  /* written through one of them; read through B, which did not write it
   * when the winner came through A */
  events = sc_test_request (f->b, "GET", poll, f->admin, NULL, NULL);
  sc_assert_status (events, 200);
  for (guint i = 0; i < sc_test_get_length (events->body, "items"); i++)
    {
      g_autofree char *kind = g_strdup_printf ("items[%u].kind", i);

      found |= g_strcmp0 (sc_test_get_string (events->body, kind), "promotion_completed") == 0;
    }
  g_assert_true (found);
}

/* A long poll on B answers an event made through A (not by B's own
 * write, so only B's watch of the database can see it). */
static void
test_event_across (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *release_id = publish (f);
  g_autofree char *body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                           "\"target_stage\": \"stage\"}", release_id, f->path_id);
  g_autoptr(ScTestResponse) cursor = sc_test_request (f->b, "GET", "/events", f->admin, NULL, NULL);
  g_autofree char *poll = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *bearer = g_strconcat ("Bearer ", f->admin, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(ScTestResponse) promoted = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;

  sc_assert_status (cursor, 200);
  poll = g_strdup_printf ("/events?since=%s&timeout=20", sc_test_get_string (cursor->body, "next_cursor"));
  uri = g_strconcat (f->b->api, poll, NULL);
  msg = soup_message_new ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_send_and_read_async (f->b->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    sc_test_result_cb, &result);

  /* B is waiting once its connection is up; then the write goes to A */
  promoted = sc_test_request (f->a, "POST", "/promotions", f->admin, body, NULL);
  sc_assert_status (promoted, 201);

  result = sc_test_wait_result (&result, 30);
  bytes = soup_session_send_and_read_finish (f->b->session, result, &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  page = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_test_get_length (page, "items"), >=, 1);
  g_assert_cmpstr (sc_test_get_string (page, "items[0].kind"), ==, "promotion_completed");
}

/* One path edited by 8 clients with the same If-Match: one 200, seven
 * 412, and the stored name is the winner's. */
static void
test_path_if_match (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/promotion-paths/%s", f->path_id);
  g_autoptr(ScTestResponse) before = sc_test_request (f->a, "GET", path, f->admin, NULL, NULL);
  g_autoptr(ScTestResponse) after = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Race) r = NULL;
  g_autofree char *quoted = NULL;
  const char *winner = NULL;
  g_autoptr(GString) stages = g_string_new ("[");

  sc_assert_status (before, 200);
  for (guint i = 0; i < sc_test_get_length (before->body, "stages"); i++)
    {
      g_autofree char *tag = g_strdup_printf ("stages[%u].tag", i);
      g_autofree char *org = g_strdup_printf ("stages[%u].org_id", i);

      g_string_append_printf (stages, "%s{\"tag\": \"%s\", \"org_id\": \"%s\"}", i > 0 ? ", " : "",
                              sc_test_get_string (before->body, tag), sc_test_get_string (before->body, org));
    }
  g_string_append_c (stages, ']');
  quoted = g_strdup_printf ("\"%s\"", sc_test_get_string (before->body, "etag"));
  for (guint i = 0; i < N_CLIENTS; i++)
    g_ptr_array_add (bodies, g_strdup_printf ("{\"name\": \"Pipeline %u\", \"stages\": %s}", i, stages->str));

  r = race (f, "PUT", path, NULL, (const char * const *) bodies->pdata, quoted);
  g_assert_cmpuint (count_status (r, 200), ==, 1);
  g_assert_cmpuint (count_status (r, 412), ==, N_CLIENTS - 1);

  for (guint i = 0; i < N_CLIENTS; i++)
    if (r->answers[i].status == 200)
      winner = bodies->pdata[i];
  g_assert_nonnull (winner);

  /* read through B, after a write that may have come through A */
  after = sc_test_request (f->b, "GET", path, f->admin, NULL, NULL);
  sc_assert_status (after, 200);
  g_assert_nonnull (strstr (winner, sc_test_get_string (after->body, "name")));
}

/* A promotion with an Idempotency-Key through A, replayed through B:
 * the stored answer, not a second promotion. */
static void
test_idempotency_across (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *release_id = publish (f);
  g_autofree char *body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                           "\"target_stage\": \"stage\"}", release_id, f->path_id);
  g_autoptr(ScTestResponse) first = sc_test_request (f->a, "POST", "/promotions", f->admin, body,
                                                     "Idempotency-Key", "across-1", NULL);
  g_autoptr(ScTestResponse) again = sc_test_request (f->b, "POST", "/promotions", f->admin, body,
                                                     "Idempotency-Key", "across-1", NULL);

  sc_assert_status (first, 201);
  sc_assert_status (again, 201);
  g_assert_cmpstr (first->text, ==, again->text);
  g_assert_cmpint (sc_test_server_db_int (f->a, "SELECT COUNT(*) FROM promotions WHERE release_id = ?1",
                                          release_id, NULL), ==, 1);
}

/* The same org policy patched by 8 clients with one If-Match (approval
 * settings): one 200, seven 412, and the audit has one event of it. */
static void
test_policy_race (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *stage_org = sc_test_server_demo_org_id (f->a, "Acme Staging");
  g_autofree char *path = g_strdup_printf ("/orgs/%s", stage_org);
  g_autoptr(ScTestResponse) before = sc_test_request (f->b, "GET", path, f->admin, NULL, NULL);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *quoted = NULL;
  g_autoptr(Race) r = NULL;
  gint64 audited;

  sc_assert_status (before, 200);
  quoted = g_strdup_printf ("\"%s\"", sc_test_get_string (before->body, "etag"));
  for (guint i = 0; i < N_CLIENTS; i++)
    g_ptr_array_add (bodies, g_strdup_printf ("{\"approval_policy\": {\"enabled\": true, "
                                              "\"required_approvals\": %u}}", i % 3 + 1));
  audited = sc_test_server_db_int (f->a, "SELECT COUNT(*) FROM audit_events WHERE org_id = ?1",
                                   stage_org, NULL);

  r = race (f, "PATCH", path, NULL, (const char * const *) bodies->pdata, quoted);
  g_assert_cmpuint (count_status (r, 200), ==, 1);
  g_assert_cmpuint (count_status (r, 412), ==, N_CLIENTS - 1);
  g_assert_cmpint (sc_test_server_db_int (f->a, "SELECT COUNT(*) FROM audit_events WHERE org_id = ?1",
                                          stage_org, NULL), ==, audited + 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/instances/promotion-race", Fixture, NULL,
              fixture_set_up, test_promotion_race, fixture_tear_down);
  g_test_add ("/server/instances/event-across", Fixture, NULL,
              fixture_set_up, test_event_across, fixture_tear_down);
  g_test_add ("/server/instances/path-if-match", Fixture, NULL,
              fixture_set_up, test_path_if_match, fixture_tear_down);
  g_test_add ("/server/instances/idempotency-across", Fixture, NULL,
              fixture_set_up, test_idempotency_across, fixture_tear_down);
  g_test_add ("/server/instances/policy-race", Fixture, NULL,
              fixture_set_up, test_policy_race, fixture_tear_down);

  return g_test_run ();
}
