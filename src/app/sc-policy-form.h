/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-models.h"

G_BEGIN_DECLS

#define SC_TYPE_POLICY_FORM (sc_policy_form_get_type ())
G_DECLARE_FINAL_TYPE (ScPolicyForm, sc_policy_form, SC, POLICY_FORM, GtkBox)

/* The approval policy of the Organization view, as a form: Approvals
 * (required or not, reviewer roles, assignees among the members, how many
 * approvals, expiry, instructions, comments required) and Freeze (on or
 * off, with the reason). The view saves it with the org's type in one
 * PATCH; the form gives what differs from the org as loaded and shows the
 * server's reasons at their rows. "changed" is emitted when the user
 * changes something. */

GtkWidget  *sc_policy_form_new             (void);
/* Fills the form from @org's approval policy; @members (nullable, of
 * ScMember) are offered as assignees. Clears the field errors. */
void        sc_policy_form_set_org         (ScPolicyForm *self,
                                            ScOrg        *org,
                                            GListModel   *members);
/* The user may change the form (an admin, nothing being saved). */
void        sc_policy_form_set_editable    (ScPolicyForm *self,
                                            gboolean      editable);
/* The approval_policy changes (only what differs from the org as
 * loaded), or NULL when nothing differs. (transfer full) */
JsonObject *sc_policy_form_build_changes   (ScPolicyForm *self);
/* Each reason of @error's details.fields that is about approval_policy
 * shown at its row; sc_policy_form_clear_errors() puts the rows back. */
void        sc_policy_form_show_errors     (ScPolicyForm *self,
                                            const GError *error);
void        sc_policy_form_clear_errors    (ScPolicyForm *self);

G_END_DECLS
