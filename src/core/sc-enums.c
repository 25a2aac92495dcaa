/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include "sc-enums.h"

/* The names are the API's and are never translated. Each table is indexed
 * by the enum value. */

static const char * const role_names[] = {
  [SC_ROLE_NONE] = "none",
  [SC_ROLE_VIEWER] = "viewer",
  [SC_ROLE_DEVELOPER] = "developer",
  [SC_ROLE_REVIEWER] = "reviewer",
  [SC_ROLE_ADMIN] = "admin",
};

static const char * const org_type_names[] = {
  [SC_ORG_TYPE_NONE] = NULL,
  [SC_ORG_TYPE_DEV] = "dev",
  [SC_ORG_TYPE_SIT] = "sit",
  [SC_ORG_TYPE_UAT] = "uat",
  [SC_ORG_TYPE_AUTOMATION] = "automation",
  [SC_ORG_TYPE_DEMO] = "demo",
  [SC_ORG_TYPE_PROD] = "prod",
};

static const char * const permission_names[] = {
  [SC_PERMISSION_NONE] = "none",
  [SC_PERMISSION_VIEW] = "view",
  [SC_PERMISSION_RUN] = "run",
  [SC_PERMISSION_MANAGE] = "manage",
};

static const char * const relation_names[] = {
  [SC_RELATION_DEFAULT] = "default",
  [SC_RELATION_SIBLING] = "sibling",
};

static const char * const approval_state_names[] = {
  [SC_APPROVAL_STATE_PENDING] = "pending",
  [SC_APPROVAL_STATE_APPROVED] = "approved",
  [SC_APPROVAL_STATE_REJECTED] = "rejected",
  [SC_APPROVAL_STATE_CANCELLED] = "cancelled",
  [SC_APPROVAL_STATE_EXPIRED] = "expired",
  [SC_APPROVAL_STATE_COMPLETED] = "completed",
};

static const char * const decision_names[] = {
  [SC_DECISION_APPROVE] = "approve",
  [SC_DECISION_REJECT] = "reject",
};

static const char *
lookup_name (const char * const *names,
             guint               n_names,
             guint               value)
{
  if (value >= n_names)
    return NULL;
  return names[value];
}

static gboolean
lookup_value (const char * const *names,
              guint               n_names,
              const char         *str,
              guint              *value_out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (names[i] != NULL && g_str_equal (names[i], str))
        {
          *value_out = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, prefix, names)                               \
  const char *                                                                 \
  prefix##_to_string (Type value)                                              \
  {                                                                            \
    return lookup_name (names, G_N_ELEMENTS (names), (guint) value);           \
  }                                                                            \
                                                                               \
  gboolean                                                                     \
  prefix##_from_string (const char *str,                                       \
                        Type       *out)                                       \
  {                                                                            \
    guint value;                                                               \
                                                                               \
    g_return_val_if_fail (out != NULL, FALSE);                                 \
                                                                               \
    if (!lookup_value (names, G_N_ELEMENTS (names), str, &value))              \
      return FALSE;                                                            \
    *out = (Type) value;                                                       \
    return TRUE;                                                               \
  }

DEFINE_ENUM_STRINGS (ScRole, sc_role, role_names)
DEFINE_ENUM_STRINGS (ScOrgType, sc_org_type, org_type_names)
DEFINE_ENUM_STRINGS (ScPermission, sc_permission, permission_names)
DEFINE_ENUM_STRINGS (ScRelation, sc_relation, relation_names)
DEFINE_ENUM_STRINGS (ScApprovalState, sc_approval_state, approval_state_names)
DEFINE_ENUM_STRINGS (ScDecision, sc_decision, decision_names)
