/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>

#include "sc-test-server.h"

/* Crash consistency. Four clients work at once against the real server:
 * two promote releases (with Idempotency-Key) and then roll the copies
 * back, one asks for approvals (Idempotency-Key), has them approved by a
 * reviewer and promotes the approved requests (Idempotency-Key), one edits
 * a promotion path (If-Match). The server is killed with SIGKILL at random
 * moments — after a random number of acknowledged answers plus a random
 * offset in microseconds — and restarted on the same database file. After
 * every restart:
 *
 * - PRAGMA integrity_check answers "ok";
 * - no half-promotion: every succeeded promotion has its target workflow
 *   and release, every received release and copied workflow its record,
 *   every completed approval request its promotion;
 * - every acknowledged write is still there;
 * - a request whose answer the crash swallowed is retried: with its
 *   Idempotency-Key it answers the stored 201 when it had committed, or
 *   runs once now (never 409 already_promoted); without one its effect is
 *   looked up and the request sent again only when it is missing;
 * - every Idempotency-Key answered in the round replays its first answer
 *   byte for byte, with Idempotent-Replayed: true.
 *
 * Seeded and bounded: SC_CRASH_SEED (default 1), SC_CRASH_KILLS (default
 * 50); tests/crash-loop.sh runs it with more kills and other seeds. Each
 * round kills after 1…6 acknowledged answers plus 0…3000 µs: the timer is
 * the fault injection, never a wait for something to happen. */

#define DEFAULT_KILLS 50
#define MAX_ACKS_BEFORE_KILL 6
#define MAX_KILL_OFFSET_US 3000

typedef enum {
  OP_PROMOTE,          /* POST /promotions, Idempotency-Key */
  OP_ROLLBACK,         /* POST /workflows/{copy}/rollback */
  OP_REQUEST,          /* POST /approval-requests, Idempotency-Key */
  OP_DECIDE,           /* POST /approval-requests/{id}/decisions */
  OP_EDIT,             /* PUT /promotion-paths/{id}, If-Match */
} OpKind;

typedef struct {
  OpKind    kind;
  char     *method;
  char     *path;
  char     *body;
  char     *token;
  char     *key;       /* Idempotency-Key, nullable */
  char     *if_match;  /* nullable */
  char     *edit_name; /* OP_EDIT */
  char     *target;    /* OP_ROLLBACK: the copy rolled back */
  gboolean  answered;
  guint     status;
  char     *text;
  JsonNode *answer;
  gboolean  checked_replay;
} Op;

typedef enum {
  LANE_PROMOTE,
  LANE_APPROVE,
  LANE_EDIT,
} LaneKind;

typedef struct _Fixture Fixture;

typedef struct {
  Fixture     *f;
  LaneKind     kind;
  guint        index;
  const char  *token;
  GPtrArray   *releases_v1; /* per item */
  GPtrArray   *releases_v2; /* per item (promotion lanes) */
  guint        item;
  guint        step;
  char        *copy_id;     /* the item's copy in the target (promotion lanes) */
  char        *request_id;  /* the item's approval request */
  char        *etag;        /* the edited path's (edit lane) */
  guint        edits;
  char        *last_name;   /* the last acknowledged edit */
  Op          *current;     /* sent, answer not seen yet */
  gboolean     in_flight;
  gboolean     done;
  SoupSession *session;
} Lane;

struct _Fixture {
  ScTestServer *server;
  GRand        *rand;
  char         *d1, *s1, *d2, *s2;
  char         *admin_a, *admin_b, *reviewer, *reviewer_id;
  char         *path1, *path2, *path3;
  Lane          lanes[4];
  GPtrArray    *answered;   /* every acknowledged Op */
  guint         acks;       /* in this round */
  guint         kill_after; /* acks */
  gboolean      kill_armed;
  gboolean      killed;
  guint         kills;
  guint         lost;       /* answers the crashes swallowed */
  guint         replayed;   /* lost ones that had committed */
};

static void
op_free (Op *op)
{
  g_free (op->method);
  g_free (op->path);
  g_free (op->body);
  g_free (op->token);
  g_free (op->key);
  g_free (op->if_match);
  g_free (op->edit_name);
  g_free (op->target);
  g_free (op->text);
  g_clear_pointer (&op->answer, json_node_unref);
  g_free (op);
}

static Op *
op_new (OpKind      kind,
        const char *method,
        const char *path,
        const char *token,
        char       *body) /* transfer full */
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->method = g_strdup (method);
  op->path = g_strdup (path);
  op->token = g_strdup (token);
  op->body = body;
  return op;
}

/* --- setup ----------------------------------------------------------------- */

static char *
created (ScTestResponse *r,
         const char     *member)
{
  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, member));
}

static char *
post (Fixture    *f,
      const char *token,
      const char *path,
      const char *format,
      ...) G_GNUC_PRINTF (4, 5);

static char *
post (Fixture    *f,
      const char *token,
      const char *path,
      const char *format,
      ...)
{
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) r = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  r = sc_test_request (f->server, "POST", path, token, body, NULL);
  return created (r, "id");
}

static char *
make_path (Fixture    *f,
           const char *dev,
           const char *stage,
           const char *name)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/promotion-paths", dev);

  return post (f, f->admin_a, path,
               "{\"name\": \"%s\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
               "{\"tag\": \"stage\", \"org_id\": \"%s\"}]}", name, dev, stage);
}

/* A workflow in @org with @n_releases releases, appended to the arrays. */
static void
make_workflow (Fixture    *f,
               const char *token,
               const char *org,
               guint       n,
               GPtrArray  *v1,
               GPtrArray  *v2)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/workflows", org);
  g_autofree char *id = post (f, token, path,
                              "{\"name\": \"w%u\", \"steps\": [{\"id\": \"s\"}], "
                              "\"trigger\": {\"url\": \"/h/%u\", \"method\": \"POST\"}}", n, n);
  g_autofree char *releases = g_strdup_printf ("/workflows/%s/releases", id);

  g_ptr_array_add (v1, post (f, token, releases, "{\"notes\": \"v1\"}"));
  if (v2 != NULL)
    g_ptr_array_add (v2, post (f, token, releases, "{\"notes\": \"v2\"}"));
}

static void
setup (Fixture *f,
       guint    n_items)
{
  g_autofree char *org_path = NULL;
  g_autoptr(ScTestResponse) org = NULL;
  g_autoptr(ScTestResponse) patched = NULL;
  const char *orgs[4];

  f->server = sc_test_server_start (FALSE, NULL);
  f->d1 = sc_test_server_add_org (f->server, "Dev One", "dev");
  f->s1 = sc_test_server_add_org (f->server, "Stage One", "uat");
  f->d2 = sc_test_server_add_org (f->server, "Dev Two", "dev");
  f->s2 = sc_test_server_add_org (f->server, "Stage Two", "uat");
  orgs[0] = f->d1, orgs[1] = f->s1, orgs[2] = f->d2, orgs[3] = f->s2;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *token = sc_test_server_add_user (f->server, "a@crash.test", orgs[i], "admin", NULL);

      if (f->admin_a == NULL)
        f->admin_a = g_steal_pointer (&token);
    }
  f->admin_b = sc_test_server_add_user (f->server, "b@crash.test", f->d1, "admin", NULL);
  g_free (sc_test_server_add_user (f->server, "b@crash.test", f->s1, "admin", NULL));
  f->reviewer = sc_test_server_add_user (f->server, "r@crash.test", f->s2, "reviewer", &f->reviewer_id);

  {
    g_autofree char *m1 = g_strdup_printf ("/orgs/%s/mappings", f->d1);
    g_autofree char *m2 = g_strdup_printf ("/orgs/%s/mappings", f->d2);

    g_free (post (f, f->admin_a, m1, "{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->s1));
    g_free (post (f, f->admin_a, m2, "{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->s2));
  }
  f->path1 = make_path (f, f->d1, f->s1, "One");
  f->path2 = make_path (f, f->d2, f->s2, "Two");
  f->path3 = make_path (f, f->d1, f->s1, "Edited 0");

  /* promotions into Stage Two need an approved request */
  org_path = g_strdup_printf ("/orgs/%s", f->s2);
  org = sc_test_request (f->server, "GET", org_path, f->admin_a, NULL, NULL);
  sc_assert_status (org, 200);
  patched = sc_test_request (f->server, "PATCH", org_path, f->admin_a,
                             "{\"approval_policy\": {\"enabled\": true, "
                             "\"reviewer_roles\": [\"reviewer\"], \"required_approvals\": 1}}",
                             "If-Match", sc_test_get_string (org->body, "etag"), NULL);
  sc_assert_status (patched, 200);

  for (guint l = 0; l < G_N_ELEMENTS (f->lanes); l++)
    {
      Lane *lane = &f->lanes[l];

      lane->f = f;
      lane->index = l;
      lane->kind = l < 2 ? LANE_PROMOTE : l == 2 ? LANE_APPROVE : LANE_EDIT;
      lane->token = l == 1 ? f->admin_b : f->admin_a;
      lane->releases_v1 = g_ptr_array_new_with_free_func (g_free);
      lane->releases_v2 = g_ptr_array_new_with_free_func (g_free);
      lane->session = soup_session_new_with_options ("timeout", 60, NULL);
      for (guint i = 0; lane->kind != LANE_EDIT && i < n_items; i++)
        make_workflow (f, lane->token, lane->kind == LANE_PROMOTE ? f->d1 : f->d2, l * 1000 + i,
                       lane->releases_v1, lane->kind == LANE_PROMOTE ? lane->releases_v2 : NULL);
    }

  {
    g_autofree char *p = g_strdup_printf ("/promotion-paths/%s", f->path3);
    g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", p, f->admin_a, NULL, NULL);

    sc_assert_status (r, 200);
    f->lanes[3].etag = g_strdup (sc_test_get_string (r->body, "etag"));
    f->lanes[3].last_name = g_strdup ("Edited 0");
  }

  f->answered = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
}

static void
teardown (Fixture *f)
{
  for (guint l = 0; l < G_N_ELEMENTS (f->lanes); l++)
    {
      Lane *lane = &f->lanes[l];

      g_clear_pointer (&lane->releases_v1, g_ptr_array_unref);
      g_clear_pointer (&lane->releases_v2, g_ptr_array_unref);
      g_clear_pointer (&lane->current, op_free);
      g_free (lane->copy_id);
      g_free (lane->request_id);
      g_free (lane->etag);
      g_free (lane->last_name);
      g_clear_object (&lane->session);
    }
  g_ptr_array_unref (f->answered);
  sc_test_server_stop (f->server);
  g_free (f->d1);
  g_free (f->s1);
  g_free (f->d2);
  g_free (f->s2);
  g_free (f->admin_a);
  g_free (f->admin_b);
  g_free (f->reviewer);
  g_free (f->reviewer_id);
  g_free (f->path1);
  g_free (f->path2);
  g_free (f->path3);
  g_rand_free (f->rand);
}

/* --- the database, read directly --------------------------------------------- */

static ScTestServer *
db_open (Fixture *f)
{
  return f->server;
}

/* The first column of @sql's first row, @param bound to ?1 (nullable). */
static char *
db_text (ScTestServer *db,
         const char   *sql,
         const char   *param,
         const char   *param2)
{
  return sc_test_server_db_text (db, sql, param, param2, NULL);
}

static gint64
db_count (ScTestServer *db,
          const char   *sql,
          const char   *param,
          const char   *param2)
{
  g_autofree char *text = db_text (db, sql, param, param2);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
check_database (Fixture *f)
{
  static const struct {
    const char *why;
    const char *sql;
  } halves[] = {
    { "a succeeded promotion without its target workflow or release",
      "SELECT COUNT(*) FROM promotions WHERE outcome = 'succeeded' AND "
      "(target_workflow_id IS NULL OR target_release_id IS NULL OR "
      " target_workflow_id NOT IN (SELECT id FROM workflows) OR "
      " target_release_id NOT IN (SELECT id FROM releases))" },
    { "a received release without the promotion that made it",
      "SELECT COUNT(*) FROM releases WHERE source_release_id IS NOT NULL AND id NOT IN "
      "(SELECT target_release_id FROM promotions WHERE outcome = 'succeeded' "
      " AND target_release_id IS NOT NULL)" },
    { "a copied workflow without the promotion that made it",
      "SELECT COUNT(*) FROM workflows WHERE origin_workflow_id IS NOT NULL AND id NOT IN "
      "(SELECT target_workflow_id FROM promotions WHERE outcome = 'succeeded' "
      " AND target_workflow_id IS NOT NULL)" },
    { "a completed approval request without its promotion",
      "SELECT COUNT(*) FROM approval_requests WHERE state = 'completed' AND id NOT IN "
      "(SELECT approval_request_id FROM promotions WHERE outcome = 'succeeded' "
      " AND approval_request_id IS NOT NULL)" },
    { "an idempotency record of a promotion that is not there",
      "SELECT COUNT(*) FROM idempotency WHERE endpoint = 'promotions' AND status = 201 AND "
      "json_extract(body, '$.id') NOT IN (SELECT id FROM promotions)" },
  };
  ScTestServer *db = db_open (f);
  g_autofree char *integrity = sc_test_server_uses_postgresql ()
                                ? g_strdup ("ok") /* PostgreSQL has no such check */
                                : db_text (db, "PRAGMA integrity_check", NULL, NULL);

  g_assert_cmpstr (integrity, ==, "ok");
  for (guint i = 0; i < G_N_ELEMENTS (halves); i++)
    {
      gint64 n = db_count (db, halves[i].sql, NULL, NULL);

      if (n != 0)
        g_error ("after kill %u: %" G_GINT64_FORMAT " × %s", f->kills, n, halves[i].why);
    }

  /* every acknowledged write is there */
  for (guint i = 0; i < f->answered->len; i++)
    {
      Op *op = g_ptr_array_index (f->answered, i);
      const char *id = sc_test_get_string (op->answer, "id");

      switch (op->kind)
        {
        case OP_PROMOTE:
        case OP_ROLLBACK:
          g_assert_cmpint (db_count (db, "SELECT COUNT(*) FROM promotions WHERE id = ?1 "
                                         "AND outcome = 'succeeded'", id, NULL), ==, 1);
          break;
        case OP_REQUEST:
          g_assert_cmpint (db_count (db, "SELECT COUNT(*) FROM approval_requests WHERE id = ?1",
                                     id, NULL), ==, 1);
          break;
        case OP_DECIDE:
          g_assert_cmpint (db_count (db, "SELECT COUNT(*) FROM approval_decisions "
                                         "WHERE request_id = ?1 AND reviewer_id = ?2",
                                     id, f->reviewer_id), ==, 1);
          break;
        case OP_EDIT:
          break;
        default:
          g_assert_not_reached ();
        }
    }
  {
    g_autofree char *name = db_text (db, "SELECT name FROM paths WHERE id = ?1", f->path3, NULL);

    g_assert_cmpstr (name, ==, f->lanes[3].last_name);
  }

}

/* --- the clients ---------------------------------------------------------------- */

static void lane_send (Lane *lane);

static char *
release_version_id (Fixture    *f,
                    const char *workflow_id,
                    gint64      version)
{
  g_autofree char *path = g_strdup_printf ("/workflows/%s/releases", workflow_id);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin_a, NULL, NULL);

  sc_assert_status (r, 200);
  for (guint i = 0; i < sc_test_get_length (r->body, "items"); i++)
    {
      g_autofree char *v = g_strdup_printf ("items[%u].version", i);
      g_autofree char *id = g_strdup_printf ("items[%u].id", i);

      if (sc_test_get_int (r->body, v) == version)
        return g_strdup (sc_test_get_string (r->body, id));
    }
  g_error ("%s has no v%" G_GINT64_FORMAT, workflow_id, version);
}

/* The lane's next request, or NULL when it has done all its items. */
static Op *
lane_next (Lane *lane)
{
  Fixture *f = lane->f;
  Op *op;

  if (lane->kind == LANE_EDIT)
    {
      g_autofree char *path = g_strdup_printf ("/promotion-paths/%s", f->path3);
      g_autofree char *name = g_strdup_printf ("Edited %u", ++lane->edits);

      op = op_new (OP_EDIT, "PUT", path, f->admin_a,
                   g_strdup_printf ("{\"name\": \"%s\", \"stages\": [{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
                                    "{\"tag\": \"stage\", \"org_id\": \"%s\"}]}", name, f->d1, f->s1));
      op->if_match = g_strdup (lane->etag);
      op->edit_name = g_steal_pointer (&name);
      return op;
    }

  if (lane->item >= lane->releases_v1->len)
    return NULL;

  if (lane->kind == LANE_PROMOTE)
    {
      if (lane->step < 2)
        {
          GPtrArray *releases = lane->step == 0 ? lane->releases_v1 : lane->releases_v2;

          op = op_new (OP_PROMOTE, "POST", "/promotions", lane->token,
                       g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                        "\"target_stage\": \"stage\"}",
                                        (char *) g_ptr_array_index (releases, lane->item), f->path1));
          op->key = g_strdup_printf ("lane%u-item%u-step%u", lane->index, lane->item, lane->step);
        }
      else
        {
          g_autofree char *path = g_strdup_printf ("/workflows/%s/rollback", lane->copy_id);
          g_autofree char *release = release_version_id (f, lane->copy_id, 1);

          op = op_new (OP_ROLLBACK, "POST", path, lane->token,
                       g_strdup_printf ("{\"release_id\": \"%s\", \"reason\": \"crash test\"}", release));
          op->target = g_strdup (lane->copy_id);
        }
      return op;
    }

  /* LANE_APPROVE */
  switch (lane->step)
    {
    case 0:
      op = op_new (OP_REQUEST, "POST", "/approval-requests", lane->token,
                   g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                    "\"target_stage\": \"stage\", \"message\": \"please\"}",
                                    (char *) g_ptr_array_index (lane->releases_v1, lane->item), f->path2));
      op->key = g_strdup_printf ("lane%u-item%u-request", lane->index, lane->item);
      return op;
    case 1:
      {
        g_autofree char *path = g_strdup_printf ("/approval-requests/%s/decisions", lane->request_id);

        op = op_new (OP_DECIDE, "POST", path, f->reviewer,
                     g_strdup ("{\"decision\": \"approve\", \"comment\": \"fine\"}"));
        op->target = g_strdup (lane->request_id);
        return op;
      }
    default:
      op = op_new (OP_PROMOTE, "POST", "/promotions", lane->token,
                   g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                                    "\"target_stage\": \"stage\", \"approval_request_id\": \"%s\"}",
                                    (char *) g_ptr_array_index (lane->releases_v1, lane->item), f->path2,
                                    lane->request_id));
      op->key = g_strdup_printf ("lane%u-item%u-promote", lane->index, lane->item);
      return op;
    }
}

/* The answer to @op arrived (first time or on a retry): checks it, keeps
 * what the lane needs next and moves the lane on. */
static void
lane_answered (Lane           *lane,
               Op             *op,
               guint           status,
               const char     *text)
{
  Fixture *f = lane->f;
  guint expected = op->kind == OP_EDIT ? 200 : 201;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (status != expected && !(op->kind == OP_DECIDE && status == 200))
    g_error ("after kill %u, %s %s (key %s): expected %u, got %u: %s", f->kills, op->method,
             op->path, op->key != NULL ? op->key : "none", expected, status, text);
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    g_error ("after kill %u, %s %s (key %s): %u with a body that is not JSON: “%s”", f->kills,
             op->method, op->path, op->key != NULL ? op->key : "none", status, text);

  op->answered = TRUE;
  op->status = status;
  op->text = g_strdup (text);
  op->answer = json_node_ref (json_parser_get_root (parser));
  if (op->kind == OP_DECIDE)
    {
      /* a decision answers with the request: its id is the request's */
      g_assert_cmpstr (sc_test_get_string (op->answer, "id"), ==, op->target);
    }

  switch (lane->kind)
    {
    case LANE_PROMOTE:
      if (lane->step == 0)
        {
          g_free (lane->copy_id);
          lane->copy_id = g_strdup (sc_test_get_string (op->answer, "target_workflow_id"));
        }
      else if (lane->step == 1)
        g_assert_cmpstr (sc_test_get_string (op->answer, "target_workflow_id"), ==, lane->copy_id);
      if (++lane->step == 3)
        lane->step = 0, lane->item++;
      break;
    case LANE_APPROVE:
      if (lane->step == 0)
        {
          g_free (lane->request_id);
          lane->request_id = g_strdup (sc_test_get_string (op->answer, "id"));
        }
      if (++lane->step == 3)
        lane->step = 0, lane->item++;
      break;
    case LANE_EDIT:
      g_free (lane->etag);
      lane->etag = g_strdup (sc_test_get_string (op->answer, "etag"));
      g_free (lane->last_name);
      lane->last_name = g_strdup (op->edit_name);
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_true (lane->current == op);
  lane->current = NULL;
  g_ptr_array_add (f->answered, op);
}

static gboolean
kill_cb (gpointer user_data)
{
  Fixture *f = user_data;

  /* fault injection at a random moment, not a wait */
  g_subprocess_send_signal (f->server->process, SIGKILL);
  f->killed = TRUE;
  return G_SOURCE_REMOVE;
}

static void
arm_kill (Fixture *f)
{
  GSource *source = g_timeout_source_new (0);

  f->kill_armed = TRUE;
  g_source_set_ready_time (source, g_get_monotonic_time () +
                                   g_rand_int_range (f->rand, 0, MAX_KILL_OFFSET_US + 1));
  g_source_set_callback (source, kill_cb, f, NULL);
  g_source_attach (source, NULL);
  g_source_unref (source);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Lane *lane = user_data;
  Fixture *f = lane->f;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *text = NULL;

  lane->in_flight = FALSE;
  if (bytes == NULL)
    {
      /* the server died under it: resolved after the restart */
      g_assert_true (f->killed);
      return;
    }

  /* libsoup 3.2 hands over a body cut short by the crash without an error:
   * an answer shorter than its Content-Length never arrived */
  if (f->killed && g_bytes_get_size (bytes) !=
      (gsize) soup_message_headers_get_content_length (soup_message_get_response_headers (msg)))
    return;
  text = g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "",
                    g_bytes_get_size (bytes));
  lane_answered (lane, lane->current, soup_message_get_status (msg), text);
  if (++f->acks >= f->kill_after && !f->kill_armed)
    arm_kill (f);
  if (!f->killed)
    lane_send (lane);
}

static SoupMessage *
op_message (Fixture *f,
            Op      *op)
{
  g_autofree char *uri = g_strconcat (f->server->api, op->path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", op->token, NULL);
  g_autoptr(GBytes) body = g_bytes_new (op->body, strlen (op->body));
  SoupMessage *msg = soup_message_new (op->method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", bearer);
  /* a fresh connection per request: libsoup may send a request again on
   * a new connection when a reused one closes under it */
  soup_message_headers_replace (headers, "Connection", "close");
  if (op->key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", op->key);
  if (op->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", op->if_match);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

static void
lane_send (Lane *lane)
{
  g_autoptr(SoupMessage) msg = NULL;

  if (lane->current == NULL)
    lane->current = lane_next (lane);
  if (lane->current == NULL)
    {
      lane->done = TRUE;
      return;
    }

  msg = op_message (lane->f, lane->current);
  lane->in_flight = TRUE;
  soup_session_send_and_read_async (lane->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, lane);
}

/* --- after a restart ---------------------------------------------------------- */

static ScTestResponse *
resend (Fixture *f,
        Op      *op)
{
  if (op->key != NULL && op->if_match != NULL)
    g_assert_not_reached ();
  if (op->key != NULL)
    return sc_test_request (f->server, op->method, op->path, op->token, op->body,
                            "Idempotency-Key", op->key, NULL);
  if (op->if_match != NULL)
    return sc_test_request (f->server, op->method, op->path, op->token, op->body,
                            "If-Match", op->if_match, NULL);
  return sc_test_request (f->server, op->method, op->path, op->token, op->body, NULL);
}

/* Whether the request behind @op had committed before the crash. Only for
 * requests without an Idempotency-Key: they are looked up. */
static gboolean
op_committed (Fixture *f,
              Op      *op)
{
  ScTestServer *db = db_open (f);
  gboolean committed = FALSE;

  switch (op->kind)
    {
    case OP_DECIDE:
      committed = db_count (db, "SELECT COUNT(*) FROM approval_decisions WHERE request_id = ?1 "
                                "AND reviewer_id = ?2", op->target, f->reviewer_id) > 0;
      break;
    case OP_ROLLBACK:
      committed = db_count (db, "SELECT COUNT(*) FROM promotions WHERE kind = 'rollback' "
                                "AND target_workflow_id = ?1", op->target, NULL) > 0;
      break;
    case OP_EDIT:
      {
        g_autofree char *name = db_text (db, "SELECT name FROM paths WHERE id = ?1", f->path3, NULL);

        committed = g_strcmp0 (name, op->edit_name) == 0;
      }
      break;
    case OP_PROMOTE:
    case OP_REQUEST:
    default:
      g_assert_not_reached ();
    }
  return committed;
}

/* The answer of @op was lost in the crash: find out what happened. */
static void
resolve_lost (Fixture *f,
              Lane    *lane)
{
  Op *op = lane->current;

  f->lost++;
  if (op->key != NULL)
    {
      /* the retry a client makes: the stored answer, or the work done once now */
      g_autoptr(ScTestResponse) r = resend (f, op);

      if (soup_message_headers_get_one (r->headers, "Idempotent-Replayed") != NULL)
        f->replayed++;
      lane_answered (lane, op, r->status, r->text);
      return;
    }

  if (op_committed (f, op))
    {
      /* its answer is gone; what it answers now stands in for it */
      g_autofree char *path = NULL;
      g_autoptr(ScTestResponse) r = NULL;

      f->replayed++;
      if (op->kind == OP_EDIT)
        {
          path = g_strdup_printf ("/promotion-paths/%s", f->path3);
          r = sc_test_request (f->server, "GET", path, f->admin_a, NULL, NULL);
          lane_answered (lane, op, r->status, r->text);
        }
      else if (op->kind == OP_DECIDE)
        {
          path = g_strdup_printf ("/approval-requests/%s", op->target);
          r = sc_test_request (f->server, "GET", path, f->reviewer, NULL, NULL);
          lane_answered (lane, op, 201, r->text);
        }
      else
        {
          ScTestServer *db = db_open (f);
          g_autofree char *id = db_text (db, "SELECT id FROM promotions WHERE kind = 'rollback' "
                                             "AND target_workflow_id = ?1", op->target, NULL);
          g_autofree char *text = g_strdup_printf ("{\"id\": \"%s\"}", id);

                  lane_answered (lane, op, 201, text);
        }
      return;
    }

  /* not done: the lane sends it again (an edit with the etag of now) */
  if (op->kind == OP_EDIT)
    {
      g_autofree char *path = g_strdup_printf ("/promotion-paths/%s", f->path3);
      g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin_a, NULL, NULL);

      sc_assert_status (r, 200);
      g_free (op->if_match);
      op->if_match = g_strdup (sc_test_get_string (r->body, "etag"));
    }
}

/* Every Idempotency-Key answered since the last check answers the same
 * again, marked as a replay. */
static void
check_replays (Fixture *f)
{
  for (guint i = 0; i < f->answered->len; i++)
    {
      Op *op = g_ptr_array_index (f->answered, i);
      g_autoptr(ScTestResponse) r = NULL;

      if (op->key == NULL || op->checked_replay)
        continue;
      op->checked_replay = TRUE;
      r = resend (f, op);
      g_assert_cmpuint (r->status, ==, op->status);
      g_assert_cmpstr (r->text, ==, op->text);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Idempotent-Replayed"), ==, "true");
    }
}

static gboolean
lanes_idle (gpointer user_data)
{
  Fixture *f = user_data;

  for (guint l = 0; l < G_N_ELEMENTS (f->lanes); l++)
    if (f->lanes[l].in_flight)
      return FALSE;
  return TRUE;
}

static gboolean
killed (gpointer user_data)
{
  return ((Fixture *) user_data)->killed;
}

static void
test_kill_loop (void)
{
  const char *seed_text = g_getenv ("SC_CRASH_SEED");
  const char *kills_text = g_getenv ("SC_CRASH_KILLS");
  guint32 seed = seed_text != NULL ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : 1;
  guint kills = kills_text != NULL ? (guint) g_ascii_strtoull (kills_text, NULL, 10) : DEFAULT_KILLS;
  Fixture fixture = { 0 };
  Fixture *f = &fixture;

  g_test_message ("seed %u, %u kills", seed, kills);
  f->rand = g_rand_new_with_seed (seed);
  /* enough items that no client runs out before the last kill */
  setup (f, kills * 3 / 4 + 2);

  while (f->kills < kills)
    {
      f->acks = 0;
      f->kill_after = g_rand_int_range (f->rand, 1, MAX_ACKS_BEFORE_KILL + 1);
      f->kill_armed = FALSE;
      f->killed = FALSE;

      for (guint l = 0; l < G_N_ELEMENTS (f->lanes); l++)
        lane_send (&f->lanes[l]);
      sc_test_wait_for (killed, f, 60);

      sc_test_server_kill_restart (f->server);
      sc_test_wait_for (lanes_idle, f, 60);
      f->kills++;

      for (guint l = 0; l < G_N_ELEMENTS (f->lanes); l++)
        if (f->lanes[l].current != NULL)
          resolve_lost (f, &f->lanes[l]);
      check_replays (f);
      check_database (f);
    }

  g_test_message ("%u kills, %u acknowledged writes, %u answers lost in a crash "
                  "(%u of them had committed)", f->kills, f->answered->len, f->lost, f->replayed);
  for (guint l = 0; l < G_N_ELEMENTS (f->lanes); l++)
    g_test_message ("client %u: %s", l, f->lanes[l].done ? "done" : "still working at the last kill");
  g_assert_cmpuint (f->kills, >=, kills);
  teardown (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/crash/kill-loop", test_kill_loop);

  return g_test_run ();
}
