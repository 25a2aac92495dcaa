/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-policy-form.h"

G_BEGIN_DECLS

/* For tests. "enabled-switch", "role-admin", "role-reviewer",
 * "role-developer", "role-viewer", "roles-row", "assignees-row",
 * "required-spin", "required-row", "expiry-spin", "expiry-row",
 * "freeze-switch", "freeze-row", "reason-row", "instructions-row",
 * "reject-comment-switch", "approve-comment-switch"; NULL for another
 * name. */
GtkWidget *sc_policy_form_get_widget   (ScPolicyForm *self,
                                        const char   *name);
/* The check button of the member @user_id among the assignees, or NULL. */
GtkWidget *sc_policy_form_get_assignee (ScPolicyForm *self,
                                        const char   *user_id);

G_END_DECLS
