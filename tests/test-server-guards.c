/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sc-test-server.h"

/* Promotion guards against the real server: blocked releases, soak time.
 *
 * Acme Development (dev) → Acme Staging (stage) with a default mapping and
 * a path owned by Development; admin@ is admin of both, dev@ a developer in
 * both, out@ a member of another org only. dev@ owns "Order sync" with one
 * release. The server's clock reads a file the tests may write (empty: the
 * real time); deny windows use it. 2026-12-04 is a Friday. */

typedef struct {
  ScTestServer *server;
  char         *dev_org, *stage_org, *other_org;
  char         *admin, *dev, *outsider;
  char         *path_id, *workflow_id, *release_id;
} Fixture;

static char *
created_id (ScTestResponse *r)
{
  sc_assert_status (r, 201);
  return g_strdup (sc_test_get_string (r->body, "id"));
}

static ScTestResponse *
post (Fixture    *f,
      const char *token,
      const char *path,
      const char *body)
{
  return sc_test_request (f->server, "POST", path, token, body, NULL);
}

static gint64
db_count (Fixture    *f,
          const char *sql)
{
  return sc_test_server_db_int (f->server, sql, NULL);
}

static ScTestResponse *
block (Fixture    *f,
       const char *token,
       const char *body)
{
  g_autofree char *path = g_strdup_printf ("/releases/%s/block", f->release_id);

  return post (f, token, path, body);
}

static ScTestResponse *
unblock (Fixture    *f,
         const char *token)
{
  g_autofree char *path = g_strdup_printf ("/releases/%s/unblock", f->release_id);

  return post (f, token, path, NULL);
}

static char *
promotion_body (Fixture *f)
{
  return g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"stage\"}",
                          f->release_id, f->path_id);
}

static gboolean
message_has (ScTestResponse *r,
             const char     *text)
{
  const char *message = sc_test_get_string (r->body, "error.message");

  return message != NULL && strstr (message, text) != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  /* the real time until a case moves the server's clock */
  f->server = sc_test_server_start_clocked (FALSE, NULL, NULL, NULL);
  f->dev_org = sc_test_server_add_org (f->server, "Acme Development", "dev");
  f->stage_org = sc_test_server_add_org (f->server, "Acme Staging", "uat");
  f->other_org = sc_test_server_add_org (f->server, "Other Org", "dev");
  f->admin = sc_test_server_add_user (f->server, "admin@acme.test", f->dev_org, "admin", NULL);
  g_free (sc_test_server_add_user (f->server, "admin@acme.test", f->stage_org, "admin", NULL));
  f->dev = sc_test_server_add_user (f->server, "dev@acme.test", f->dev_org, "developer", NULL);
  g_free (sc_test_server_add_user (f->server, "dev@acme.test", f->stage_org, "developer", NULL));
  f->outsider = sc_test_server_add_user (f->server, "out@other.test", f->other_org, "admin", NULL);

  path = g_strdup_printf ("/orgs/%s/mappings", f->dev_org);
  body = g_strdup_printf ("{\"target_org_id\": \"%s\", \"relation\": \"default\"}", f->stage_org);
  r = post (f, f->admin, path, body);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);

  g_free (path);
  g_free (body);
  path = g_strdup_printf ("/orgs/%s/promotion-paths", f->dev_org);
  body = g_strdup_printf ("{\"name\": \"Pipeline\", \"stages\": ["
                          "{\"tag\": \"dev\", \"org_id\": \"%s\"}, "
                          "{\"tag\": \"stage\", \"org_id\": \"%s\"}]}",
                          f->dev_org, f->stage_org);
  r = post (f, f->admin, path, body);
  f->path_id = created_id (r);
  g_clear_pointer (&r, sc_test_response_free);

  g_free (path);
  path = g_strdup_printf ("/orgs/%s/workflows", f->dev_org);
  r = post (f, f->dev, path,
            "{\"name\": \"Order sync\", \"description\": \"\", \"steps\": [], \"config\": {}, "
            "\"trigger\": {\"url\": \"/hooks/orders\", \"method\": \"POST\"}, \"tags\": [], "
            "\"connection_ids\": []}");
  f->workflow_id = created_id (r);
  g_clear_pointer (&r, sc_test_response_free);

  g_free (path);
  path = g_strdup_printf ("/workflows/%s/releases", f->workflow_id);
  r = post (f, f->dev, path, "{}");
  f->release_id = created_id (r);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "blocked")));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_server_stop (f->server);
  g_free (f->dev_org);
  g_free (f->stage_org);
  g_free (f->other_org);
  g_free (f->admin);
  g_free (f->dev);
  g_free (f->outsider);
  g_free (f->path_id);
  g_free (f->workflow_id);
  g_free (f->release_id);
}

/* Block and unblock: admins only, a reason required, both audited. */
static void
test_block_unblock (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *releases_path = g_strdup_printf ("/workflows/%s/releases", f->workflow_id);
  g_autoptr(ScTestResponse) r = NULL;
  g_autoptr(ScTestResponse) list = NULL;

  /* a developer of the org sees the release but may not block it */
  r = block (f, f->dev, "{\"reason\": \"Broken build\"}");
  sc_assert_error (r, 403, "forbidden");
  g_assert_true (message_has (r, "Acme Development"));
  g_clear_pointer (&r, sc_test_response_free);
  /* an admin of another org does not even see it */
  r = block (f, f->outsider, "{\"reason\": \"Broken build\"}");
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  r = unblock (f, f->outsider);
  sc_assert_error (r, 404, "not_found");
  g_clear_pointer (&r, sc_test_response_free);
  /* a reason is required */
  r = block (f, f->admin, "{\"reason\": \"   \"}");
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  r = block (f, f->admin, "{}");
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM releases WHERE blocked_reason IS NOT NULL"),
                   ==, 0);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'release.%'"),
                   ==, 0);

  r = block (f, f->admin, "{\"reason\": \"  CVE-2026-1234 in the HTTP step \"}");
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "blocked.reason"), ==,
                   "CVE-2026-1234 in the HTTP step");
  g_assert_cmpstr (sc_test_get_string (r->body, "blocked.by.email"), ==, "admin@acme.test");
  g_assert_nonnull (sc_test_get_string (r->body, "blocked.at"));
  g_assert_null (sc_test_get (r->body, "snapshot"));
  g_clear_pointer (&r, sc_test_response_free);

  /* the release list shows it */
  list = sc_test_request (f->server, "GET", releases_path, f->dev, NULL, NULL);
  sc_assert_status (list, 200);
  g_assert_cmpstr (sc_test_get_string (list->body, "items[0].blocked.reason"), ==,
                   "CVE-2026-1234 in the HTTP step");
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action = 'release.blocked' "
                                "AND target_type = 'release' AND details LIKE '%CVE-2026-1234%'"),
                   ==, 1);

  /* the developer cannot unblock it either */
  r = unblock (f, f->dev);
  sc_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, sc_test_response_free);

  r = unblock (f, f->admin);
  sc_assert_status (r, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "blocked")));
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action = 'release.unblocked'"),
                   ==, 1);

  /* unblocking what is not blocked changes nothing and audits nothing */
  r = unblock (f, f->admin);
  sc_assert_status (r, 200);
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "blocked")));
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'release.%'"),
                   ==, 2);
}

/* A blocked release is refused by the preview, the stages view, a
 * promotion and a request to promote, with the reason; unblocked, it
 * moves on. */
static void
test_refused_everywhere (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *body = promotion_body (f);
  g_autofree char *stages_path = g_strdup_printf ("/workflows/%s/stages", f->workflow_id);
  g_autoptr(ScTestResponse) r = NULL;
  const char *reason;

  r = block (f, f->admin, "{\"reason\": \"Bad migration\"}");
  sc_assert_status (r, 200);
  g_clear_pointer (&r, sc_test_response_free);

  /* preview */
  r = post (f, f->admin, "/promotions/preview", body);
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_cmpstr (sc_test_get_string (r->body, "refusals[0].rule"), ==, "blocked");
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "refusals[0].reason"), "Bad migration"));
  g_clear_pointer (&r, sc_test_response_free);

  /* the stages view: the next stage is not allowed, and says why */
  r = sc_test_request (f->server, "GET", stages_path, f->admin, NULL, NULL);
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "items[0].stages[1].allowed"));
  reason = sc_test_get_string (r->body, "items[0].stages[1].reason");
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "Bad migration"));
  g_clear_pointer (&r, sc_test_response_free);

  /* the promotion: 409, recorded as failed with the rule */
  r = post (f, f->admin, "/promotions", body);
  sc_assert_error (r, 409, "conflict");
  g_assert_true (sc_test_has_rule (r->body, "blocked"));
  g_assert_true (message_has (r, "Bad migration"));
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM promotions WHERE outcome = 'failed' "
                                "AND error_code = 'blocked'"), ==, 1);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM workflows"), ==, 1);

  /* a request to promote, with approvals on in Staging */
  sc_test_patch_policy (f->server, f->admin, f->stage_org, "{\"enabled\": true}");
  r = post (f, f->dev, "/approval-requests", body);
  sc_assert_error (r, 409, "conflict");
  g_assert_true (sc_test_has_rule (r->body, "blocked"));
  g_assert_true (message_has (r, "Bad migration"));
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_cmpint (db_count (f, "SELECT COUNT(*) FROM approval_requests"), ==, 0);

  /* unblocked, the request goes through; approvals off again, so does
   * the promotion */
  r = unblock (f, f->admin);
  sc_assert_status (r, 200);
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->dev, "/approval-requests", body);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);
  sc_test_patch_policy (f->server, f->admin, f->stage_org, "{\"enabled\": false}");
  r = post (f, f->admin, "/promotions", body);
  sc_assert_status (r, 201);
}

/* Replaces the path's stages, the second one with @soak seconds of soak
 * time; answers the response. */
static ScTestResponse *
put_path (Fixture *f,
          gint64   soak_first,
          gint64   soak)
{
  g_autofree char *path = g_strdup_printf ("/promotion-paths/%s", f->path_id);
  g_autoptr(ScTestResponse) current = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
  g_autofree char *body = NULL;

  sc_assert_status (current, 200);
  body = g_strdup_printf ("{\"name\": \"Pipeline\", \"stages\": ["
                          "{\"tag\": \"dev\", \"org_id\": \"%s\", \"soak_seconds\": %" G_GINT64_FORMAT "}, "
                          "{\"tag\": \"stage\", \"org_id\": \"%s\", \"soak_seconds\": %" G_GINT64_FORMAT "}]}",
                          f->dev_org, soak_first, f->stage_org, soak);
  return sc_test_request (f->server, "PUT", path, f->admin, body,
                          "If-Match", sc_test_get_string (current->body, "etag"), NULL);
}

/* Soak time: the path stores it per stage (validated); a promotion before
 * the release has been in the previous stage that long is refused with
 * when it becomes possible, a request to promote is not; once the time has
 * passed (the release's arrival moved back in the database: the server's
 * clock is not ours to move), it goes through. */
static void
test_soak (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *body = promotion_body (f);
  g_autofree char *sql = NULL;
  g_autoptr(ScTestResponse) r = NULL;

  /* validation: not on the first stage, not negative, at most 30 days */
  r = put_path (f, 60, 0);
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  r = put_path (f, 0, -1);
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  r = put_path (f, 0, 31 * 24 * 3600);
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);

  r = put_path (f, 0, 24 * 3600);
  sc_assert_status (r, 200);
  g_assert_cmpint (sc_test_get_int (r->body, "stages[1].soak_seconds"), ==, 24 * 3600);
  g_assert_cmpint (sc_test_get_int (r->body, "stages[0].soak_seconds"), ==, 0);
  g_clear_pointer (&r, sc_test_response_free);

  /* just published: a day to go */
  r = post (f, f->admin, "/promotions/preview", body);
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_cmpstr (sc_test_get_string (r->body, "refusals[0].rule"), ==, "soak");
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "refusals[0].reason"), "UTC tomorrow"));
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->admin, "/promotions", body);
  sc_assert_error (r, 409, "conflict");
  g_assert_true (sc_test_has_rule (r->body, "soak"));
  g_assert_true (message_has (r, "after"));
  g_clear_pointer (&r, sc_test_response_free);

  /* a request may be made earlier */
  sc_test_patch_policy (f->server, f->admin, f->stage_org, "{\"enabled\": true}");
  r = post (f, f->dev, "/approval-requests", body);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);
  sc_test_patch_policy (f->server, f->admin, f->stage_org, "{\"enabled\": false}");

  /* a day and a second later */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -86401);
    g_autofree char *text = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");

    sql = g_strdup_printf ("UPDATE releases SET created_at = '%s' WHERE id = '%s'", text, f->release_id);
  }
  sc_test_server_sql (f->server, sql);
  r = post (f, f->admin, "/promotions", body);
  sc_assert_status (r, 201);
}

/* --- deny windows, override, emergency stop ------------------------------- */

static char *
promotion_body_with (Fixture    *f,
                     const char *extra)
{
  return g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", "
                          "\"target_stage\": \"stage\"%s}",
                          f->release_id, f->path_id, extra != NULL ? extra : "");
}

static ScTestResponse *
preview (Fixture    *f,
         const char *token)
{
  g_autofree char *body = promotion_body_with (f, NULL);

  return post (f, token, "/promotions/preview", body);
}

/* Whether the org's audit log holds @action, with @text in its details. */
static gboolean
audited (Fixture    *f,
         const char *org_id,
         const char *action,
         const char *text)
{
  g_autofree char *path = g_strdup_printf ("/orgs/%s/audit?action=%s", org_id, action);
  g_autoptr(ScTestResponse) r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);

  sc_assert_status (r, 200);
  return sc_test_get_length (r->body, "items") > 0 && (text == NULL || strstr (r->text, text));
}

#define FRIDAY_NIGHT(allow) \
  "{\"deny_windows\": [{\"kind\": \"weekly\", \"days\": [\"fri\"], \"start\": \"22:00\", " \
  "\"end\": \"06:00\", \"time_zone\": \"Europe/Berlin\", \"reason\": \"Friday night\", " \
  "\"allow_override\": " allow "}]}"

/* A weekly window refuses promotions 409 "frozen" with its reason and when
 * it reopens (in its zone), in the preview and the answer; one second
 * before and at its end; bad windows are 422 and change nothing. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *body = promotion_body_with (f, NULL);
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *etag = NULL;

  r = sc_test_patch_org_policy (f->server, f->admin, f->stage_org, FRIDAY_NIGHT ("false"));
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.deny_windows[0].kind"), ==,
                   "weekly");
  g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.deny_windows[0].start"), ==,
                   "22:00");
  etag = g_strdup (sc_test_get_string (r->body, "etag"));
  g_clear_pointer (&r, sc_test_response_free);

  /* not a rule, not a zone: 422 on the field, nothing changed */
  r = sc_test_patch_org_policy (f->server, f->admin, f->stage_org,
                                "{\"deny_windows\": [{\"kind\": \"rrule\", \"rrule\": \"FREQ=OFTEN\", "
                                "\"duration_minutes\": 60, \"time_zone\": \"Mars/Olympus\"}]}");
  sc_assert_error (r, 422, "validation_failed");
  g_assert_nonnull (strstr (r->text, "approval_policy.deny_windows[0].rrule"));
  g_assert_nonnull (strstr (r->text, "approval_policy.deny_windows[0].time_zone"));
  g_clear_pointer (&r, sc_test_response_free);
  {
    g_autofree char *path = g_strdup_printf ("/orgs/%s", f->stage_org);

    r = sc_test_request (f->server, "GET", path, f->admin, NULL, NULL);
    g_assert_cmpstr (sc_test_get_string (r->body, "etag"), ==, etag);
    g_clear_pointer (&r, sc_test_response_free);
  }

  /* Friday 21:59:59 CET: open */
  sc_test_server_set_clock_at (f->server, "2026-12-04T20:59:59Z");
  r = preview (f, f->admin);
  sc_assert_status (r, 200);
  g_assert_true (sc_test_get_bool (r->body, "allowed"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sc_test_get (r->body, "reopens_at")));
  g_clear_pointer (&r, sc_test_response_free);

  /* 22:00 CET: frozen until 06:00 CET */
  sc_test_server_set_clock_at (f->server, "2026-12-04T21:00:00Z");
  r = preview (f, f->admin);
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_cmpstr (sc_test_get_string (r->body, "refusals[0].rule"), ==, "frozen");
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "refusals[0].reason"),
                            "Friday night"));
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "refusals[0].reason"),
                            "They reopen at 06:00 CET tomorrow."));
  g_assert_cmpstr (sc_test_get_string (r->body, "reopens_at"), ==, "2026-12-05T05:00:00Z");
  g_assert_false (sc_test_get_bool (r->body, "override_allowed"));
  g_clear_pointer (&r, sc_test_response_free);

  r = post (f, f->admin, "/promotions", body);
  sc_assert_error (r, 409, "conflict");
  g_assert_cmpstr (sc_test_get_string (r->body, "error.details.rules[0].rule"), ==, "frozen");
  g_assert_true (message_has (r, "Friday night"));
  g_assert_true (message_has (r, "reopen at 06:00 CET tomorrow"));
  g_clear_pointer (&r, sc_test_response_free);

  /* an override where the window allows none stays refused */
  {
    g_autofree char *override = promotion_body_with (f, ", \"override_reason\": \"hotfix\"");

    r = post (f, f->admin, "/promotions", override);
    sc_assert_error (r, 409, "conflict");
    g_assert_true (message_has (r, "cannot be overridden"));
    g_clear_pointer (&r, sc_test_response_free);
  }

  /* Saturday 05:59:59 CET: still Friday's window */
  sc_test_server_set_clock_at (f->server, "2026-12-05T04:59:59Z");
  r = preview (f, f->admin);
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "refusals[0].reason"),
                            "They reopen at 06:00 CET today."));
  g_clear_pointer (&r, sc_test_response_free);

  /* 06:00 CET: open again */
  sc_test_server_set_clock_at (f->server, "2026-12-05T05:00:00Z");
  r = post (f, f->admin, "/promotions", body);
  sc_assert_status (r, 201);
}

/* An admin overrides a window that allows it, with a reason; audited in
 * the target org. Others and blank reasons do not. */
static void
test_override (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *blank = promotion_body_with (f, ", \"override_reason\": \"  \"");
  g_autofree char *reasoned = promotion_body_with (f, ", \"override_reason\": \"Hotfix INC-7\"");

  r = sc_test_patch_org_policy (f->server, f->admin, f->stage_org, FRIDAY_NIGHT ("true"));
  sc_assert_status (r, 200);
  g_clear_pointer (&r, sc_test_response_free);
  sc_test_server_set_clock_at (f->server, "2026-12-04T23:00:00Z");

  r = preview (f, f->admin);
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_true (sc_test_get_bool (r->body, "override_allowed"));
  g_clear_pointer (&r, sc_test_response_free);
  /* a developer may not override (nor promote into Staging at all) */
  r = preview (f, f->dev);
  g_assert_false (sc_test_get_bool (r->body, "override_allowed"));
  g_clear_pointer (&r, sc_test_response_free);

  r = post (f, f->admin, "/promotions", blank);
  sc_assert_error (r, 409, "conflict");
  g_assert_true (message_has (r, "An override needs a reason."));
  g_assert_nonnull (strstr (r->text, "\"override_reason\""));
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_false (audited (f, f->stage_org, "freeze.overridden", NULL));

  r = post (f, f->admin, "/promotions", reasoned);
  sc_assert_status (r, 201);
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_true (audited (f, f->stage_org, "freeze.overridden", "Hotfix INC-7"));
  g_assert_true (audited (f, f->stage_org, "freeze.overridden", "Friday night"));
}

/* One action stops every org the admin administers, and lifts it; audited
 * in each; nothing overrides it; other orgs are untouched. */
static void
test_emergency_stop (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ScTestResponse) r = NULL;
  g_autofree char *other_path = g_strdup_printf ("/orgs/%s", f->other_org);
  g_autofree char *override = promotion_body_with (f, ", \"override_reason\": \"hotfix\"");

  sc_test_server_set_clock_at (f->server, "2026-12-04T12:00:00Z");
  /* allow overrides of windows: the stop is still not overridable */
  r = sc_test_patch_org_policy (f->server, f->admin, f->stage_org, FRIDAY_NIGHT ("true"));
  g_clear_pointer (&r, sc_test_response_free);

  r = post (f, f->dev, "/emergency-stop", "{\"reason\": \"Incident 42\"}");
  sc_assert_error (r, 403, "forbidden");
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->admin, "/emergency-stop", "{\"reason\": \" \"}");
  sc_assert_error (r, 422, "validation_failed");
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->admin, "/emergency-stop", "{\"reason\": 42}");
  sc_assert_error (r, 400, "bad_request");
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_false (audited (f, f->dev_org, "emergency_stop.started", NULL));

  r = post (f, f->admin, "/emergency-stop", "{\"reason\": \"Incident 42\"}");
  sc_assert_status (r, 200);
  g_assert_true (sc_test_get_bool (r->body, "active"));
  g_assert_cmpuint (sc_test_get_length (r->body, "orgs"), ==, 2);
  g_clear_pointer (&r, sc_test_response_free);

  r = preview (f, f->admin);
  g_assert_false (sc_test_get_bool (r->body, "allowed"));
  g_assert_cmpstr (sc_test_get_string (r->body, "refusals[0].rule"), ==, "frozen");
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "refusals[0].reason"),
                            "An emergency stop halts every promotion into Acme Staging"));
  g_assert_nonnull (strstr (sc_test_get_string (r->body, "refusals[0].reason"), "Incident 42"));
  g_assert_false (sc_test_get_bool (r->body, "override_allowed"));
  g_clear_pointer (&r, sc_test_response_free);
  r = post (f, f->admin, "/promotions", override);
  sc_assert_error (r, 409, "conflict");
  g_assert_true (message_has (r, "Incident 42"));
  g_clear_pointer (&r, sc_test_response_free);

  /* both orgs say so and audited it; the other org is untouched */
  {
    g_autofree char *stage_path = g_strdup_printf ("/orgs/%s", f->stage_org);

    r = sc_test_request (f->server, "GET", stage_path, f->admin, NULL, NULL);
    g_assert_true (sc_test_get_bool (r->body, "approval_policy.emergency_stop.active"));
    g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.emergency_stop.by"), ==,
                     "admin@acme.test");
    g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.emergency_stop.at"), ==,
                     "2026-12-04T12:00:00Z");
    g_clear_pointer (&r, sc_test_response_free);
  }
  g_assert_true (audited (f, f->dev_org, "emergency_stop.started", "Incident 42"));
  g_assert_true (audited (f, f->stage_org, "emergency_stop.started", "Incident 42"));
  r = sc_test_request (f->server, "GET", other_path, f->outsider, NULL, NULL);
  g_assert_false (sc_test_get_bool (r->body, "approval_policy.emergency_stop.active"));
  g_clear_pointer (&r, sc_test_response_free);

  /* the settings cannot lift it */
  r = sc_test_patch_org_policy (f->server, f->admin, f->stage_org,
                                "{\"emergency_stop\": {\"active\": false}}");
  sc_assert_error (r, 422, "validation_failed");
  g_assert_nonnull (strstr (r->text, "approval_policy.emergency_stop"));
  g_clear_pointer (&r, sc_test_response_free);
  /* sent back as read (a client echoing the policy), it stays as stored */
  r = sc_test_patch_org_policy (f->server, f->admin, f->stage_org,
                                "{\"emergency_stop\": {\"active\": true, \"reason\": \"forged\", "
                                "\"by\": \"x@y.test\", \"at\": null}}");
  sc_assert_status (r, 200);
  g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.emergency_stop.reason"), ==,
                   "Incident 42");
  g_assert_cmpstr (sc_test_get_string (r->body, "approval_policy.emergency_stop.by"), ==,
                   "admin@acme.test");
  g_clear_pointer (&r, sc_test_response_free);

  r = post (f, f->admin, "/emergency-stop/lift", NULL);
  sc_assert_status (r, 200);
  g_assert_false (sc_test_get_bool (r->body, "active"));
  g_assert_cmpuint (sc_test_get_length (r->body, "orgs"), ==, 2);
  g_clear_pointer (&r, sc_test_response_free);
  g_assert_true (audited (f, f->dev_org, "emergency_stop.lifted", NULL));
  g_assert_true (audited (f, f->stage_org, "emergency_stop.lifted", NULL));
  /* lifting again changes nothing */
  r = post (f, f->admin, "/emergency-stop/lift", NULL);
  sc_assert_status (r, 200);
  g_assert_cmpuint (sc_test_get_length (r->body, "orgs"), ==, 0);
  g_clear_pointer (&r, sc_test_response_free);

  r = preview (f, f->admin);
  g_assert_true (sc_test_get_bool (r->body, "allowed"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/guards/block-unblock", Fixture, NULL, fixture_set_up,
              test_block_unblock, fixture_tear_down);
  g_test_add ("/server/guards/blocked-refused-everywhere", Fixture, NULL, fixture_set_up,
              test_refused_everywhere, fixture_tear_down);
  g_test_add ("/server/guards/soak", Fixture, NULL, fixture_set_up, test_soak,
              fixture_tear_down);
  g_test_add ("/server/guards/deny-window", Fixture, NULL, fixture_set_up, test_window,
              fixture_tear_down);
  g_test_add ("/server/guards/override", Fixture, NULL, fixture_set_up, test_override,
              fixture_tear_down);
  g_test_add ("/server/guards/emergency-stop", Fixture, NULL, fixture_set_up,
              test_emergency_stop, fixture_tear_down);

  return g_test_run ();
}
