/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-models.h"
#include "sc-session.h"

G_BEGIN_DECLS

#define SC_TYPE_MAPPINGS_EDITOR (sc_mappings_editor_get_type ())
G_DECLARE_FINAL_TYPE (ScMappingsEditor, sc_mappings_editor, SC, MAPPINGS_EDITOR, AdwPreferencesGroup)

/* The Mappings of the Organization view: the org's mappings out and in;
 * admins add one (Add Mapping…: target and relation) or remove one
 * (after asking). Changes apply at once (POST /orgs/{org}/mappings,
 * DELETE /mappings/{id}); then the list is read again from the server. A
 * refusal shows the server's sentence above the list and keeps the new
 * mapping's form as chosen. "busy" is TRUE while a call runs. Actions:
 * mappings.add, mappings.cancel, mappings.create, mappings.remove (s: id). */

GtkWidget  *sc_mappings_editor_new        (void);
/* Shows @mappings (of ScMapping: GET /orgs/{org}/mappings) of @org,
 * with @orgs (of ScOrg: every org) as the targets offered; @editable:
 * the user may change them. */
void        sc_mappings_editor_set_org    (ScMappingsEditor *self,
                                           ScSession        *session,
                                           ScOrg            *org,
                                           GListModel       *mappings,
                                           GListModel       *orgs,
                                           gboolean          editable);
/* Cancels what runs and closes the form (another org). */
void        sc_mappings_editor_reset      (ScMappingsEditor *self);
gboolean    sc_mappings_editor_get_busy   (ScMappingsEditor *self);

G_END_DECLS
