/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-json.h"
#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-store-orgs.h"
#include "sc-store-workflows.h"

/* Blocking a release: POST /releases/{id}/block {reason} and
 * POST /releases/{id}/unblock. Admins of the org of the release's workflow
 * only; a blocked release is refused by every promotion and request to
 * promote (core rule "blocked"). */

#define BLOCK_REASON_MAX_CHARS 500

/* The release @id when the caller may block it: answers 404 when they
 * cannot see it, 403 when they are not an admin of its org. */
static JsonObject *
load_blockable (ScRequest   *req,
                const char  *id,
                char       **org_id_out)
{
  g_autoptr(JsonObject) release = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *org_id = NULL;
  const char *workflow_id;

  release = sc_store_get_release (req->store, id, &error);
  if (release == NULL)
    {
      sc_request_reply_store_error (req, error, _("Release"));
      return NULL;
    }
  workflow_id = json_object_get_string_member (release, "workflow_id");
  if (sc_request_resource_permission (req, FALSE, workflow_id, SC_PERMISSION_NONE, &org_id) ==
      SC_PERMISSION_NONE)
    {
      sc_request_reply_not_found (req, _("Release"));
      return NULL;
    }
  if (sc_request_role (req, org_id) < SC_ROLE_ADMIN)
    {
      g_autoptr(ScOrgGraph) graph = sc_store_load_org_graph (req->store, &error);

      if (graph == NULL)
        {
          sc_request_reply_store_error (req, error, _("Release"));
          return NULL;
        }
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              _("Only administrators of %s may block or unblock its releases."),
                              sc_org_graph_get_name (graph, org_id));
      return NULL;
    }
  *org_id_out = g_steal_pointer (&org_id);
  return g_steal_pointer (&release);
}

/* The API's release shape: the snapshot and internal links are for
 * promotions. */
static void
reply_release (ScRequest  *req,
               JsonObject *release)
{
  json_object_remove_member (release, "snapshot");
  json_object_remove_member (release, "source_release_id");
  json_object_remove_member (release, "org_id");
  sc_request_reply_object (req, SOUP_STATUS_OK, json_object_ref (release), NULL);
}

static void
set_block (ScRequest  *req,
           const char *reason)
{
  const char *id = sc_request_param (req, 0);
  g_autoptr(JsonObject) release = NULL;
  g_autoptr(JsonObject) details = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *org_id = NULL;
  gboolean was_blocked;

  if (!sc_request_begin (req))
    return;
  release = load_blockable (req, id, &org_id);
  if (release == NULL)
    {
      sc_request_rollback (req, NULL, NULL);
      return;
    }
  was_blocked = json_object_has_member (release, "blocked") &&
                !json_object_get_null_member (release, "blocked");

  /* unblocking a release that is not blocked changes nothing */
  if (reason == NULL && !was_blocked)
    {
      sc_request_rollback (req, NULL, NULL);
      reply_release (req, release);
      return;
    }

  details = json_object_new ();
  json_object_set_string_member (details, "workflow_id",
                                 json_object_get_string_member (release, "workflow_id"));
  json_object_set_int_member (details, "version", json_object_get_int_member (release, "version"));
  if (reason != NULL)
    json_object_set_string_member (details, "reason", reason);

  g_clear_pointer (&release, json_object_unref);
  if (!sc_store_set_release_block (req->store, id, req->user_id, reason, &error) ||
      !sc_store_audit (req->store, org_id, req->user_id,
                       reason != NULL ? "release.blocked" : "release.unblocked",
                       "release", id, details, &error) ||
      (release = sc_store_get_release (req->store, id, &error)) == NULL)
    {
      sc_request_rollback (req, error, _("Release"));
      return;
    }
  if (!sc_request_commit (req))
    return;
  reply_release (req, release);
}

/* POST /releases/{id}/block {reason} */
static void
block_cb (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "reason", SC_FIELD_STRING, TRUE },
  };
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  JsonNode *node;

  node = sc_request_body_node (req);
  if (node == NULL)
    return;
  if (!sc_json_check_object (node, "", fields, G_N_ELEMENTS (fields), violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return;
    }
  if (violations->len == 0)
    {
      reason = g_strstrip (g_strdup (json_object_get_string_member (json_node_get_object (node),
                                                                    "reason")));
      if (*reason == '\0')
        sc_violations_add_field (violations, "reason",
                                 _("Say why the release is blocked: everyone who tries to "
                                   "promote it reads the reason."));
      else if (g_utf8_strlen (reason, -1) > BLOCK_REASON_MAX_CHARS)
        sc_violations_add_field (violations, "reason",
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "The reason may have at most %d character.",
                                              "The reason may have at most %d characters.",
                                              BLOCK_REASON_MAX_CHARS),
                                 BLOCK_REASON_MAX_CHARS);
    }
  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return;
    }
  set_block (req, reason);
}

/* POST /releases/{id}/unblock (no body) */
static void
unblock_cb (ScRequest *req)
{
  set_block (req, NULL);
}

const ScRoute sc_routes_releases[] = {
  { "POST", "/releases/*/block", block_cb },
  { "POST", "/releases/*/unblock", unblock_cb },
  { NULL }
};
