/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sc-clock.h"
#include "sc-json.h"
#include "sc-routes.h"
#include "sc-rules.h"
#include "sc-store-orgs.h"

/* The emergency stop: POST /emergency-stop {reason} stops every promotion
 * into every org the caller administers, POST /emergency-stop/lift lifts
 * it there, each in one transaction and audited in every org it changed.
 * The stop is the org policy's "emergency_stop"; the core rule "frozen"
 * refuses promotions while it is active, and no override lifts it. */

#define STOP_REASON_MAX_CHARS 500
/* the caller's orgs are read in pages of this many, every page */
#define ORGS_PAGE 500

/* The reason from {reason}; answers 400/422 and returns NULL when it is
 * not one. */
static char *
read_reason (ScRequest *req)
{
  static const ScFieldSpec fields[] = {
    { "reason", SC_FIELD_STRING, TRUE },
  };
  g_autoptr(GPtrArray) violations = sc_violations_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  JsonNode *node = sc_request_body_node (req);

  if (node == NULL)
    return NULL;
  if (!sc_json_check_object (node, "", fields, G_N_ELEMENTS (fields), violations, &error))
    {
      sc_request_reply_bad_type (req, error);
      return NULL;
    }
  if (violations->len == 0)
    {
      reason = g_strstrip (g_strdup (json_object_get_string_member (json_node_get_object (node),
                                                                    "reason")));
      if (*reason == '\0')
        sc_violations_add_field (violations, "reason",
                                 _("Say why promotions stop: everyone who tries to promote "
                                   "reads the reason."));
      else if (g_utf8_strlen (reason, -1) > STOP_REASON_MAX_CHARS)
        sc_violations_add_field (violations, "reason",
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "The reason may have at most %d character.",
                                              "The reason may have at most %d characters.",
                                              STOP_REASON_MAX_CHARS),
                                 STOP_REASON_MAX_CHARS);
    }
  if (violations->len > 0)
    {
      sc_request_reply_violations (req, violations);
      return NULL;
    }
  return g_steal_pointer (&reason);
}

/* Stops (@reason not NULL) or lifts the stop in every org the caller
 * administers; answers {active, orgs: [{id, name}]} naming the orgs it
 * changed. */
static void
set_stop (ScRequest  *req,
          const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) changed = json_array_new ();
  g_autoptr(GDateTime) now = sc_clock_now_utc ();
  JsonObject *answer;
  gint64 cursor = 0;
  guint n_admin = 0;

  if (!sc_request_begin (req))
    return;

  /* every org the caller belongs to, all pages, in this transaction */
  do
    {
      g_autoptr(JsonArray) page = NULL;

      page = sc_store_list_user_orgs (req->store, req->user_id, req->scope_org_id, ORGS_PAGE,
                                      cursor, &cursor, &error);
      if (page == NULL)
        {
          sc_request_rollback (req, error, NULL);
          return;
        }
      for (guint i = 0; i < json_array_get_length (page); i++)
        g_ptr_array_add (orgs, json_object_ref (json_array_get_object_element (page, i)));
    }
  while (cursor != 0);

  for (guint i = 0; i < orgs->len; i++)
    {
      JsonObject *org = g_ptr_array_index (orgs, i);
      const char *org_id = json_object_get_string_member (org, "id");
      g_autoptr(ScApprovalPolicy) policy = NULL;
      g_autoptr(JsonObject) details = NULL;
      JsonObject *item;

      if (g_strcmp0 (json_object_get_string_member_with_default (org, "role", NULL),
                     "admin") != 0)
        continue;
      n_admin++;

      policy = sc_store_get_org_policy (req->store, org_id, &error);
      if (policy == NULL)
        {
          sc_request_rollback (req, error, _("Organization"));
          return;
        }
      /* lifting where nothing is stopped changes nothing */
      if (reason == NULL && !policy->emergency_stop.active)
        continue;

      g_clear_pointer (&policy->emergency_stop.reason, g_free);
      g_clear_pointer (&policy->emergency_stop.by_email, g_free);
      g_clear_pointer (&policy->emergency_stop.at, g_date_time_unref);
      policy->emergency_stop.active = reason != NULL;
      if (reason != NULL)
        {
          policy->emergency_stop.reason = g_strdup (reason);
          policy->emergency_stop.by_email =
            g_strdup (json_object_get_string_member_with_default (req->user, "email", NULL));
          policy->emergency_stop.at = g_date_time_ref (now);
        }

      details = json_object_new ();
      if (reason != NULL)
        json_object_set_string_member (details, "reason", reason);
      if (!sc_store_set_org_policy (req->store, org_id, policy, &error) ||
          !sc_store_audit (req->store, org_id, req->user_id,
                           reason != NULL ? "emergency_stop.started" : "emergency_stop.lifted",
                           "org", org_id, details, &error))
        {
          sc_request_rollback (req, error, _("Organization"));
          return;
        }

      item = json_object_new ();
      json_object_set_string_member (item, "id", org_id);
      json_object_set_string_member (item, "name", json_object_get_string_member (org, "name"));
      json_array_add_object_element (changed, item);
    }

  if (n_admin == 0)
    {
      sc_request_rollback (req, NULL, NULL);
      sc_request_reply_error (req, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                              _("Only administrators of an organization can stop or resume "
                                "its promotions."));
      return;
    }

  if (!sc_request_commit (req))
    return;

  answer = json_object_new ();
  json_object_set_boolean_member (answer, "active", reason != NULL);
  json_object_set_array_member (answer, "orgs", g_steal_pointer (&changed));
  sc_request_reply_object (req, SOUP_STATUS_OK, answer, NULL);
}

/* POST /emergency-stop {reason} */
static void
stop_cb (ScRequest *req)
{
  g_autofree char *reason = read_reason (req);

  if (reason != NULL)
    set_stop (req, reason);
}

/* POST /emergency-stop/lift (no body) */
static void
lift_cb (ScRequest *req)
{
  set_stop (req, NULL);
}

const ScRoute sc_routes_emergency[] = {
  { "POST", "/emergency-stop", stop_cb, FALSE },
  { "POST", "/emergency-stop/lift", lift_cb, FALSE },
  { NULL }
};
