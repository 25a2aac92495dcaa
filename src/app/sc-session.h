/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-client.h"
#include "sc-enums.h"
#include "sc-me.h"

G_BEGIN_DECLS

#define SC_TYPE_SESSION (sc_session_get_type ())
G_DECLARE_FINAL_TYPE (ScSession, sc_session, SC, SESSION, GObject)

/* One signed-in account: the client talking to its server, who the user is
 * (GET /me), and the organization the window shows. Views hold the session
 * and follow "notify::org-id". */

ScSession  *sc_session_new           (ScClient    *client,
                                      ScMe        *me,
                                      const char  *server_url,
                                      const char  *account,
                                      gboolean     is_demo);
ScClient   *sc_session_get_client    (ScSession   *self);
ScMe       *sc_session_get_me        (ScSession   *self);
const char *sc_session_get_user_id   (ScSession   *self);
const char *sc_session_get_email     (ScSession   *self);
const char *sc_session_get_name      (ScSession   *self);
const char *sc_session_get_server_url (ScSession  *self);
const char *sc_session_get_account   (ScSession   *self);
gboolean    sc_session_is_demo       (ScSession   *self);

/* The memberships of /me: sc_me_get_memberships() (ScMembership, in
 * /me's order). */
GListModel *sc_session_get_membership_list (ScSession *self);

const char *sc_session_get_org_id    (ScSession   *self);
const char *sc_session_get_org_name  (ScSession   *self);
ScRole      sc_session_get_role      (ScSession   *self);
/* The name of @org_id among the memberships, or NULL when not a member. */
const char *sc_session_get_org_name_in (ScSession *self,
                                        const char *org_id);
/* The role in any org (NONE when not a member). */
ScRole      sc_session_get_role_in   (ScSession   *self,
                                      const char  *org_id);
void        sc_session_set_org_id    (ScSession   *self,
                                      const char  *org_id);

/* Views call this when a call failed with SC_CLIENT_ERROR_UNAUTHENTICATED:
 * the window offers to sign in again; other views keep their state. */
void        sc_session_report_unauthorized (ScSession *self);
/* For a failed call: reports @error if it is SC_CLIENT_ERROR_UNAUTHENTICATED.
 * Returns: whether it was. */
gboolean    sc_session_report_if_unauthorized (ScSession    *self,
                                               const GError *error);

G_END_DECLS
