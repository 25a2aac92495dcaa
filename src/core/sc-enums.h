/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ordered by power: a comparison `role >= SC_ROLE_DEVELOPER` is meaningful. */
typedef enum {
  SC_ROLE_NONE = 0,   /* not a member */
  SC_ROLE_VIEWER,
  SC_ROLE_DEVELOPER,
  SC_ROLE_REVIEWER,
  SC_ROLE_ADMIN,
} ScRole;

typedef enum {
  SC_ORG_TYPE_NONE = 0, /* not registered */
  SC_ORG_TYPE_DEV,
  SC_ORG_TYPE_SIT,
  SC_ORG_TYPE_UAT,
  SC_ORG_TYPE_AUTOMATION,
  SC_ORG_TYPE_DEMO,
  SC_ORG_TYPE_PROD,
} ScOrgType;

#define SC_ORG_TYPE_COUNT (SC_ORG_TYPE_PROD + 1)

/* Workflows use view/manage, connections run/manage. Ordered by power. */
typedef enum {
  SC_PERMISSION_NONE = 0,
  SC_PERMISSION_VIEW,
  SC_PERMISSION_RUN,
  SC_PERMISSION_MANAGE,
} ScPermission;

typedef enum {
  SC_RELATION_DEFAULT,
  SC_RELATION_SIBLING,
} ScRelation;

typedef enum {
  SC_APPROVAL_STATE_PENDING,
  SC_APPROVAL_STATE_APPROVED,
  SC_APPROVAL_STATE_REJECTED,
  SC_APPROVAL_STATE_CANCELLED,
  SC_APPROVAL_STATE_EXPIRED,
  SC_APPROVAL_STATE_COMPLETED,
} ScApprovalState;

typedef enum {
  SC_DECISION_APPROVE,
  SC_DECISION_REJECT,
} ScDecision;

/* Every *_to_string returns a static string; every *_from_string returns
 * FALSE (leaving @out untouched) for NULL or an unknown name. Names are the
 * API's: "admin", "dev", "sibling", "pending", "approve", "manage", … */
const char *sc_role_to_string            (ScRole           role);
gboolean    sc_role_from_string          (const char      *str,
                                          ScRole          *out);
const char *sc_org_type_to_string        (ScOrgType        type); /* NONE → NULL */
gboolean    sc_org_type_from_string      (const char      *str,
                                          ScOrgType       *out);
const char *sc_permission_to_string      (ScPermission     permission);
gboolean    sc_permission_from_string    (const char      *str,
                                          ScPermission    *out);
const char *sc_relation_to_string        (ScRelation       relation);
gboolean    sc_relation_from_string      (const char      *str,
                                          ScRelation      *out);
const char *sc_approval_state_to_string  (ScApprovalState  state);
gboolean    sc_approval_state_from_string (const char     *str,
                                          ScApprovalState *out);
const char *sc_decision_to_string        (ScDecision       decision);
gboolean    sc_decision_from_string      (const char      *str,
                                          ScDecision      *out);

G_END_DECLS
