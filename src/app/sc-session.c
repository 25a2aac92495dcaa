/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Session"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-membership.h"
#include "sc-session.h"

struct _ScSession
{
  GObject     parent_instance;

  ScClient   *client;
  ScMe       *me;
  char       *server_url;
  char       *account;
  char       *org_id;
  gboolean    is_demo;
};

enum {
  PROP_0,
  PROP_ORG_ID,
  N_PROPS
};

enum {
  UNAUTHORIZED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScSession, sc_session, G_TYPE_OBJECT)

static ScMembership *
find_membership (ScSession  *self,
                 const char *org_id)
{
  GListModel *memberships = sc_me_get_memberships (self->me);
  guint n = g_list_model_get_n_items (memberships);

  if (org_id == NULL)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScMembership) m = g_list_model_get_item (memberships, i);

      /* the store holds a reference as long as the session lives */
      if (g_strcmp0 (sc_membership_get_org_id (m), org_id) == 0)
        return m;
    }
  return NULL;
}

static void
sc_session_finalize (GObject *object)
{
  ScSession *self = (ScSession *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->me);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->account, g_free);
  g_clear_pointer (&self->org_id, g_free);

  G_OBJECT_CLASS (sc_session_parent_class)->finalize (object);
}

static void
sc_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScSession *self = SC_SESSION (object);

  switch (prop_id)
    {
    case PROP_ORG_ID:
      g_value_set_string (value, self->org_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScSession *self = SC_SESSION (object);

  switch (prop_id)
    {
    case PROP_ORG_ID:
      sc_session_set_org_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_session_class_init (ScSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_session_finalize;
  object_class->get_property = sc_session_get_property;
  object_class->set_property = sc_session_set_property;

  properties[PROP_ORG_ID] =
    g_param_spec_string ("org-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A call was refused with 401: the token is no longer valid. */
  signals[UNAUTHORIZED] = g_signal_new ("unauthorized", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
sc_session_init (ScSession *self)
{
}

ScSession *
sc_session_new (ScClient   *client,
                ScMe       *me,
                const char *server_url,
                const char *account,
                gboolean    is_demo)
{
  ScSession *self;
  GListModel *memberships;

  g_return_val_if_fail (SC_IS_CLIENT (client), NULL);
  g_return_val_if_fail (SC_IS_ME (me), NULL);

  self = g_object_new (SC_TYPE_SESSION, NULL);
  self->client = g_object_ref (client);
  self->me = g_object_ref (me);
  self->server_url = g_strdup (server_url);
  self->account = g_strdup (account);
  self->is_demo = is_demo;

  memberships = sc_me_get_memberships (me);
  if (g_list_model_get_n_items (memberships) > 0)
    {
      g_autoptr(ScMembership) first = g_list_model_get_item (memberships, 0);

      self->org_id = g_strdup (sc_membership_get_org_id (first));
    }

  return self;
}

ScClient *
sc_session_get_client (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return self->client;
}

ScMe *
sc_session_get_me (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return self->me;
}

const char *
sc_session_get_user_id (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return sc_me_get_id (self->me);
}

const char *
sc_session_get_email (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return sc_me_get_email (self->me);
}

const char *
sc_session_get_name (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return sc_me_get_name (self->me);
}

const char *
sc_session_get_server_url (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return self->server_url;
}

const char *
sc_session_get_account (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return self->account;
}

gboolean
sc_session_is_demo (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), FALSE);
  return self->is_demo;
}

GListModel *
sc_session_get_membership_list (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return sc_me_get_memberships (self->me);
}

const char *
sc_session_get_org_id (ScSession *self)
{
  g_return_val_if_fail (SC_IS_SESSION (self), NULL);
  return self->org_id;
}

const char *
sc_session_get_org_name (ScSession *self)
{
  ScMembership *m;

  g_return_val_if_fail (SC_IS_SESSION (self), NULL);

  m = find_membership (self, self->org_id);
  return m != NULL ? sc_membership_get_org_name (m) : NULL;
}

const char *
sc_session_get_org_name_in (ScSession  *self,
                            const char *org_id)
{
  ScMembership *m;

  g_return_val_if_fail (SC_IS_SESSION (self), NULL);

  m = find_membership (self, org_id);
  return m != NULL ? sc_membership_get_org_name (m) : NULL;
}

ScRole
sc_session_get_role_in (ScSession  *self,
                        const char *org_id)
{
  ScMembership *m;

  g_return_val_if_fail (SC_IS_SESSION (self), SC_ROLE_NONE);

  m = find_membership (self, org_id);
  return m != NULL ? sc_membership_get_role (m) : SC_ROLE_NONE;
}

ScRole
sc_session_get_role (ScSession *self)
{
  return sc_session_get_role_in (self, self->org_id);
}

void
sc_session_set_org_id (ScSession  *self,
                       const char *org_id)
{
  g_return_if_fail (SC_IS_SESSION (self));

  if (g_strcmp0 (self->org_id, org_id) == 0)
    return;
  if (org_id != NULL && find_membership (self, org_id) == NULL)
    return;

  g_free (self->org_id);
  self->org_id = g_strdup (org_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORG_ID]);
}

void
sc_session_report_unauthorized (ScSession *self)
{
  g_return_if_fail (SC_IS_SESSION (self));
  g_signal_emit (self, signals[UNAUTHORIZED], 0);
}

gboolean
sc_session_report_if_unauthorized (ScSession    *self,
                                   const GError *error)
{
  if (!g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED))
    return FALSE;
  sc_session_report_unauthorized (self);
  return TRUE;
}
