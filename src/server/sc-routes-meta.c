/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-rate-limit.h"
#include "sc-routes.h"

#define ACCESS_TOKEN_LIFETIME 3600

/* Failed client credentials at POST /oauth/token (invalid_client), per
 * client id and per remote address, before 429 rate_limited: enough for a
 * mistyped secret, too few to guess one. */
#define OAUTH_MAX_FAILURES_PER_CLIENT  10
#define OAUTH_MAX_FAILURES_PER_ADDRESS 30
#define OAUTH_FAILURE_WINDOW           (15 * 60) /* seconds */

typedef struct {
  ScRateLimit *clients;
  ScRateLimit *addresses;
} OAuthLimits;

static void
oauth_limits_free (OAuthLimits *limits)
{
  sc_rate_limit_free (limits->clients);
  sc_rate_limit_free (limits->addresses);
  g_free (limits);
}

static OAuthLimits *
oauth_limits (ScServer *server)
{
  return g_object_get_data (G_OBJECT (server), "sc-oauth-limits");
}

/* TRUE when @client_id or the caller's address has failed too often:
 * then it answered 429 with Retry-After. */
static gboolean
oauth_refuse_if_limited (ScRequest  *req,
                         const char *client_id,
                         const char *address)
{
  OAuthLimits *limits = oauth_limits (req->server);
  gint64 now = g_get_monotonic_time ();
  guint wait = MAX (sc_rate_limit_check (limits->clients, client_id, now),
                    sc_rate_limit_check (limits->addresses, address, now));
  g_autofree char *seconds = NULL;

  if (wait == 0)
    return FALSE;

  seconds = g_strdup_printf ("%u", wait);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Retry-After", seconds);
  sc_request_reply_error (req, 429 /* Too Many Requests */, "rate_limited", NULL,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Too many failed sign-ins with this API key or from this "
                                       "address. Try again in %u second.",
                                       "Too many failed sign-ins with this API key or from this "
                                       "address. Try again in %u seconds.", wait), wait);
  return TRUE;
}

static void
health_cb (ScRequest *req)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "status", "ok");
  sc_request_reply_object (req, SOUP_STATUS_OK, object, NULL);
}

static void
server_info_cb (ScRequest *req)
{
  static const char * const features[] = {
    "approvals", "freeze", "rollback", "events", "api_keys", "idempotency",
  };
  JsonObject *object = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    json_array_add_string_element (list, features[i]);

  json_object_set_string_member (object, "name", "stagecraft-server");
  json_object_set_string_member (object, "version", PACKAGE_VERSION);
  json_object_set_int_member (object, "api_version", 1);
  json_object_set_array_member (object, "features", list);
  sc_request_reply_object (req, SOUP_STATUS_OK, object, NULL);
}

static void
reply_oauth_error (ScRequest  *req,
                   guint       status,
                   const char *oauth_error,
                   const char *message)
{
  JsonObject *details = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (details, "oauth_error", oauth_error);
  json_node_take_object (node, details);
  sc_request_reply_error (req, status,
                          status == SOUP_STATUS_UNAUTHORIZED ? "unauthenticated" : "bad_request",
                          node, "%s", message);
}

/* The form body of RFC 6749 §4.4, or a JSON object with the same members. */
static GHashTable *
read_token_form (ScRequest *req)
{
  const char *content_type = sc_request_get_header (req, "Content-Type");
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  GHashTable *form;

  if (content_type != NULL && g_str_has_prefix (content_type, "application/json"))
    {
      JsonObject *object = sc_request_body (req);
      g_autoptr(GList) members = NULL;

      if (object == NULL)
        return NULL;

      form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (object, l->data);

          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            g_hash_table_insert (form, g_strdup (l->data), g_strdup (json_node_get_string (value)));
        }
      return form;
    }

  return soup_form_decode (text);
}

static void
oauth_token_cb (ScRequest *req)
{
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *scope_org_id = NULL;
  g_autofree char *token = NULL;
  const char *grant_type, *client_id, *client_secret, *scope;
  const char *address = soup_server_message_get_remote_host (req->msg);
  JsonObject *object;

  form = read_token_form (req);
  if (form == NULL)
    return;

  grant_type = g_hash_table_lookup (form, "grant_type");
  client_id = g_hash_table_lookup (form, "client_id");
  client_secret = g_hash_table_lookup (form, "client_secret");
  scope = g_hash_table_lookup (form, "scope");

  if (grant_type == NULL || client_id == NULL || client_secret == NULL)
    {
      reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                         _("Give grant_type=client_credentials, client_id and client_secret."));
      return;
    }
  if (strcmp (grant_type, "client_credentials") != 0)
    {
      reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                         _("Only the client_credentials grant is supported."));
      return;
    }
  if (scope != NULL && *scope != '\0')
    {
      if (!g_str_has_prefix (scope, "org:") || scope[4] == '\0')
        {
          reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_scope",
                             _("The scope must be “org:<organization id>”."));
          return;
        }
      scope_org_id = g_strdup (scope + 4);
    }

  if (address == NULL)
    address = "";
  if (oauth_refuse_if_limited (req, client_id, address))
    return;

  token = sc_store_issue_access_token (req->store, client_id, client_secret, scope_org_id,
                                       ACCESS_TOKEN_LIFETIME, &user_id, &error);
  if (token == NULL)
    {
      if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND))
        {
          gint64 now = g_get_monotonic_time ();

          sc_rate_limit_add_failure (oauth_limits (req->server)->clients, client_id, now);
          sc_rate_limit_add_failure (oauth_limits (req->server)->addresses, address, now);
          reply_oauth_error (req, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                             _("The client id or secret is wrong, or the API key was revoked."));
        }
      else if (g_error_matches (error, SC_STORE_ERROR, SC_STORE_ERROR_CONSTRAINT))
        reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_scope",
                           _("The scope names an organization that does not exist."));
      else
        sc_request_reply_store_error (req, error, NULL);
      return;
    }

  if (scope_org_id != NULL &&
      sc_store_get_role (req->store, user_id, scope_org_id, NULL) == SC_ROLE_NONE)
    {
      /* the token was written in vain; revoke it rather than hand it out */
      g_autofree char *token_id = g_strndup (token + 4, 24);
      sc_store_revoke_token (req->store, token_id, NULL);
      reply_oauth_error (req, SOUP_STATUS_BAD_REQUEST, "invalid_scope",
                         _("The API key's user is not a member of that organization."));
      return;
    }

  sc_rate_limit_reset (oauth_limits (req->server)->clients, client_id);

  object = json_object_new ();
  json_object_set_string_member (object, "access_token", token);
  json_object_set_string_member (object, "token_type", "Bearer");
  json_object_set_int_member (object, "expires_in", ACCESS_TOKEN_LIFETIME);
  if (scope != NULL && *scope != '\0')
    json_object_set_string_member (object, "scope", scope);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "no-store");
  sc_request_reply_object (req, SOUP_STATUS_OK, object, NULL);
}

static void
me_cb (ScRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) memberships = NULL;
  JsonArray *visible;
  JsonObject *object;

  memberships = sc_store_list_memberships (req->store, req->user_id, &error);
  if (memberships == NULL)
    {
      sc_request_reply_store_error (req, error, NULL);
      return;
    }

  visible = json_array_new ();
  for (guint i = 0; i < json_array_get_length (memberships); i++)
    {
      JsonObject *m = json_array_get_object_element (memberships, i);

      if (req->scope_org_id == NULL ||
          strcmp (req->scope_org_id, json_object_get_string_member (m, "org_id")) == 0)
        json_array_add_object_element (visible, json_object_ref (m));
    }

  object = json_object_new ();
  json_object_set_string_member (object, "id", req->user_id);
  json_object_set_string_member (object, "email", json_object_get_string_member (req->user, "email"));
  json_object_set_string_member (object, "name", json_object_get_string_member (req->user, "name"));
  json_object_set_array_member (object, "memberships", visible);
  sc_request_reply_object (req, SOUP_STATUS_OK, object, NULL);
}

void
sc_routes_meta_attach (GObject *server)
{
  OAuthLimits *limits = g_new0 (OAuthLimits, 1);

  limits->clients = sc_rate_limit_new (OAUTH_MAX_FAILURES_PER_CLIENT, OAUTH_FAILURE_WINDOW);
  limits->addresses = sc_rate_limit_new (OAUTH_MAX_FAILURES_PER_ADDRESS, OAUTH_FAILURE_WINDOW);
  g_object_set_data_full (G_OBJECT (server), "sc-oauth-limits", limits,
                          (GDestroyNotify) oauth_limits_free);
}

const ScRoute sc_routes_meta[] = {
  { "GET", "/health", health_cb, TRUE },
  { "GET", "/server-info", server_info_cb, TRUE },
  { "POST", "/oauth/token", oauth_token_cb, TRUE },
  { "GET", "/me", me_cb },
  { NULL }
};
