/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-PolicyForm"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-client.h"
#include "sc-policy-form-private.h"
#include "sc-ui-util.h"

/* The reviewer roles offered, in their order in the form. */
static const ScRole roles[] = { SC_ROLE_ADMIN, SC_ROLE_REVIEWER, SC_ROLE_DEVELOPER, SC_ROLE_VIEWER };

struct _ScPolicyForm
{
  GtkBox           parent_instance;

  /* template */
  GtkWidget       *enabled_row;
  GtkWidget       *enabled_switch;
  GtkWidget       *roles_row;
  GtkWidget       *role_admin_check;
  GtkWidget       *role_reviewer_check;
  GtkWidget       *role_developer_check;
  GtkWidget       *role_viewer_check;
  GtkWidget       *assignees_row;
  GtkWidget       *required_row;
  GtkWidget       *required_spin;
  GtkWidget       *expiry_row;
  GtkWidget       *expiry_spin;
  GtkWidget       *freeze_row;
  GtkWidget       *freeze_switch;
  GtkWidget       *reason_row;
  GtkWidget       *instructions_row;
  GtkWidget       *reject_comment_row;
  GtkWidget       *reject_comment_switch;
  GtkWidget       *approve_comment_row;
  GtkWidget       *approve_comment_switch;

  ScOrg           *org;               /* as loaded */
  GListModel      *members;           /* ScMember */
  ScApprovalPolicy *defaults;         /* without an org */
  GPtrArray       *assignee_checks;   /* GtkCheckButton, "sc-user-id" */
  gboolean         filling;           /* the form is set by code */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScPolicyForm, sc_policy_form, GTK_TYPE_BOX)

/* The policy as loaded (the defaults without an org). */
static const ScApprovalPolicy *
policy_of (ScPolicyForm *self)
{
  const ScApprovalPolicy *policy = self->org != NULL ? sc_org_get_approval_policy (self->org) : NULL;

  return policy != NULL ? policy : self->defaults;
}

static void update_subtitles (ScPolicyForm *self);

static void
form_changed_cb (ScPolicyForm *self)
{
  update_subtitles (self);
  if (!self->filling)
    g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
role_check (ScPolicyForm *self,
            guint      index)
{
  GtkWidget *checks[] = { self->role_admin_check, self->role_reviewer_check, self->role_developer_check,
                          self->role_viewer_check };

  G_STATIC_ASSERT (G_N_ELEMENTS (checks) == G_N_ELEMENTS (roles));
  return checks[index];
}


/* The rows that show the fields of PATCH /orgs/{org} (approval_policy.*). */
static const struct {
  const char *prefix;
  gsize       offset;
} fields[] = {
  { "approval_policy.enabled", G_STRUCT_OFFSET (ScPolicyForm, enabled_row) },
  { "approval_policy.reviewer_roles", G_STRUCT_OFFSET (ScPolicyForm, roles_row) },
  { "approval_policy.assignee_ids", G_STRUCT_OFFSET (ScPolicyForm, assignees_row) },
  { "approval_policy.required_approvals", G_STRUCT_OFFSET (ScPolicyForm, required_row) },
  { "approval_policy.expiry_days", G_STRUCT_OFFSET (ScPolicyForm, expiry_row) },
  { "approval_policy.freeze", G_STRUCT_OFFSET (ScPolicyForm, freeze_row) },
  { "approval_policy.instructions", G_STRUCT_OFFSET (ScPolicyForm, instructions_row) },
  { "approval_policy.comment_required_to_reject", G_STRUCT_OFFSET (ScPolicyForm, reject_comment_row) },
  { "approval_policy.comment_required_to_approve", G_STRUCT_OFFSET (ScPolicyForm, approve_comment_row) },
};

/* Shows each reason of details.fields at its row. */
void
sc_policy_form_show_errors (ScPolicyForm *self,
                            const GError *error)
{
  g_return_if_fail (SC_IS_POLICY_FORM (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    sc_row_show_field_error (G_STRUCT_MEMBER (GtkWidget *, self, fields[i].offset), error,
                             fields[i].prefix);
}

void
sc_policy_form_clear_errors (ScPolicyForm *self)
{
  g_return_if_fail (SC_IS_POLICY_FORM (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    sc_row_clear_field_error (G_STRUCT_MEMBER (GtkWidget *, self, fields[i].offset));
}

static void
update_subtitles (ScPolicyForm *self)
{
  g_autoptr(GString) names = g_string_new (NULL);
  const char *role_names[] = { _("Administrators"), _("Reviewers"), _("Developers"), _("Viewers") };
  g_autofree char *assignees = NULL;
  guint n_assignees = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (role_names) == G_N_ELEMENTS (roles));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (role_check (self, i))))
      {
        if (names->len > 0)
          /* Translators: between the names of reviewer roles */
          g_string_append (names, _(", "));
        g_string_append (names, role_names[i]);
      }
  sc_row_set_subtitle (self->roles_row, names->len > 0 ? names->str : _("None"));

  for (guint i = 0; i < self->assignee_checks->len; i++)
    n_assignees += gtk_check_button_get_active (g_ptr_array_index (self->assignee_checks, i));
  if (n_assignees == 0)
    assignees = g_strdup (_("Anyone with a reviewer role decides"));
  else
    assignees = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Only %u person decides",
                                              "Only %u people decide", n_assignees),
                                 n_assignees);
  sc_row_set_subtitle (self->assignees_row, assignees);
}

static void
fill_assignees (ScPolicyForm *self)
{
  GStrv assigned = policy_of (self)->assignee_ids;

  for (guint i = 0; i < self->assignee_checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->assignee_checks, i);

      adw_expander_row_remove (ADW_EXPANDER_ROW (self->assignees_row),
                               gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW));
    }
  g_ptr_array_set_size (self->assignee_checks, 0);

  for (guint i = 0; self->members != NULL && i < g_list_model_get_n_items (self->members); i++)
    {
      g_autoptr(ScMember) member = g_list_model_get_item (self->members, i);
      const char *user_id = sc_member_get_user_id (member);
      const char *name = sc_member_get_name (member);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     name != NULL ? name : sc_member_get_email (member));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sc_member_get_email (member));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_strv_contains ((const char * const *) assigned, user_id));
      g_object_set_data_full (G_OBJECT (check), "sc-user-id", g_strdup (user_id), g_free);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (form_changed_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self->assignees_row), row);
      g_ptr_array_add (self->assignee_checks, check);
    }
}

/* The form, as the org is on the server. */
static void
fill_settings (ScPolicyForm *self)
{
  const ScApprovalPolicy *policy = policy_of (self);
  const ScFreeze *freeze = &policy->freeze;

  self->filling = TRUE;

  gtk_switch_set_active (GTK_SWITCH (self->enabled_switch), policy->enabled);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (role_check (self, i)),
                                 sc_approval_policy_has_role (policy, roles[i]));
  fill_assignees (self);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->required_spin), policy->required_approvals);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->expiry_spin), policy->expiry_days);
  gtk_switch_set_active (GTK_SWITCH (self->freeze_switch), freeze->active);
  gtk_editable_set_text (GTK_EDITABLE (self->instructions_row), policy->instructions ?: "");
  gtk_switch_set_active (GTK_SWITCH (self->reject_comment_switch), policy->comment_required_to_reject);
  gtk_switch_set_active (GTK_SWITCH (self->approve_comment_switch), policy->comment_required_to_approve);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), freeze->reason ?: "");

  if (freeze->from != NULL || freeze->until != NULL)
    {
      g_autofree char *from_date = sc_format_day (freeze->from);
      g_autofree char *until_date = sc_format_day (freeze->until);
      g_autofree char *window = NULL;

      if (from_date != NULL && until_date != NULL)
        /* Translators: a freeze's window, "From 12 May 2025 until 19 May 2025" */
        window = g_strdup_printf (_("From %s until %s"), from_date, until_date);
      else if (from_date != NULL)
        window = g_strdup_printf (_("From %s"), from_date);
      else
        window = g_strdup_printf (_("Until %s"), until_date);
      sc_row_set_subtitle (self->freeze_row, window);
    }
  else
    {
      sc_row_set_subtitle (self->freeze_row, _("Promotions into this organization are refused with the reason"));
    }

  self->filling = FALSE;
}

/* The approval_policy changes the form makes to the org as loaded, with
 * only what differs, so that a save does not overwrite what the user left
 * alone. */
JsonObject *
sc_policy_form_build_changes (ScPolicyForm *self)
{
  const ScApprovalPolicy *policy = policy_of (self);
  const ScFreeze *freeze = &policy->freeze;
  g_autoptr(JsonObject) new_policy = json_object_new ();
  gboolean enabled = gtk_switch_get_active (GTK_SWITCH (self->enabled_switch));
  gint64 required = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->required_spin));
  gint64 expiry = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->expiry_spin));
  gboolean frozen = gtk_switch_get_active (GTK_SWITCH (self->freeze_switch));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  gboolean roles_changed = FALSE, assignees_changed = FALSE;
  guint n_assigned = 0;

  g_return_val_if_fail (SC_IS_POLICY_FORM (self), NULL);

  if (self->org == NULL)
    return NULL;

  if (enabled != policy->enabled)
    json_object_set_boolean_member (new_policy, "enabled", enabled);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    roles_changed |= gtk_check_button_get_active (GTK_CHECK_BUTTON (role_check (self, i))) !=
                     sc_approval_policy_has_role (policy, roles[i]);
  if (roles_changed)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
        if (gtk_check_button_get_active (GTK_CHECK_BUTTON (role_check (self, i))))
          json_array_add_string_element (array, sc_role_to_string (roles[i]));
      json_object_set_array_member (new_policy, "reviewer_roles", array);
    }

  for (guint i = 0; i < self->assignee_checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->assignee_checks, i);
      gboolean active = gtk_check_button_get_active (GTK_CHECK_BUTTON (check));

      n_assigned += active;
      assignees_changed |= active != g_strv_contains ((const char * const *) policy->assignee_ids,
                                                      g_object_get_data (G_OBJECT (check), "sc-user-id"));
    }
  /* an assignee who is no longer listed as a member counts as removed */
  assignees_changed |= g_strv_length (policy->assignee_ids) != n_assigned;
  if (assignees_changed)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < self->assignee_checks->len; i++)
        {
          GtkWidget *check = g_ptr_array_index (self->assignee_checks, i);

          if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
            json_array_add_string_element (array, g_object_get_data (G_OBJECT (check), "sc-user-id"));
        }
      json_object_set_array_member (new_policy, "assignee_ids", array);
    }

  if (required != policy->required_approvals)
    json_object_set_int_member (new_policy, "required_approvals", required);
  if (expiry != policy->expiry_days)
    json_object_set_int_member (new_policy, "expiry_days", expiry);

  if (frozen != freeze->active || g_strcmp0 (reason, freeze->reason ?: "") != 0)
    {
      JsonObject *new_freeze = json_object_new ();

      json_object_set_boolean_member (new_freeze, "active", frozen);
      if (*reason != '\0')
        json_object_set_string_member (new_freeze, "reason", reason);
      else
        json_object_set_null_member (new_freeze, "reason");
      json_object_set_object_member (new_policy, "freeze", new_freeze);
    }

  /* for reviewers (issue 9) */
  {
    const char *instructions = gtk_editable_get_text (GTK_EDITABLE (self->instructions_row));
    gboolean to_reject = gtk_switch_get_active (GTK_SWITCH (self->reject_comment_switch));
    gboolean to_approve = gtk_switch_get_active (GTK_SWITCH (self->approve_comment_switch));

    if (g_strcmp0 (instructions, policy->instructions ?: "") != 0)
      {
        if (*instructions != '\0')
          json_object_set_string_member (new_policy, "instructions", instructions);
        else
          json_object_set_null_member (new_policy, "instructions");
      }
    if (to_reject != policy->comment_required_to_reject)
      json_object_set_boolean_member (new_policy, "comment_required_to_reject", to_reject);
    if (to_approve != policy->comment_required_to_approve)
      json_object_set_boolean_member (new_policy, "comment_required_to_approve", to_approve);
  }

  if (json_object_get_size (new_policy) == 0)
    return NULL;
  return g_steal_pointer (&new_policy);
}

void
sc_policy_form_set_org (ScPolicyForm *self,
                        ScOrg        *org,
                        GListModel   *members)
{
  g_return_if_fail (SC_IS_POLICY_FORM (self));
  g_return_if_fail (org == NULL || SC_IS_ORG (org));
  g_return_if_fail (members == NULL || G_IS_LIST_MODEL (members));

  g_set_object (&self->org, org);
  g_set_object (&self->members, members);
  sc_policy_form_clear_errors (self);
  fill_settings (self);
  update_subtitles (self);
}

void
sc_policy_form_set_editable (ScPolicyForm *self,
                             gboolean      editable)
{
  GtkWidget *controls[] = { self->enabled_switch, self->role_admin_check,
                            self->role_reviewer_check, self->role_developer_check,
                            self->role_viewer_check, self->required_spin, self->expiry_spin, self->freeze_switch,
                            self->reject_comment_switch, self->approve_comment_switch };

  g_return_if_fail (SC_IS_POLICY_FORM (self));

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    gtk_widget_set_sensitive (controls[i], editable);
  for (guint i = 0; i < self->assignee_checks->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->assignee_checks, i), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->reason_row), editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->instructions_row), editable);
}

GtkWidget *
sc_policy_form_get_widget (ScPolicyForm *self,
                           const char   *name)
{
  static const struct {
    const char *name;
    gsize       offset;
  } widgets[] = {
    { "enabled-switch", G_STRUCT_OFFSET (ScPolicyForm, enabled_switch) },
    { "role-admin", G_STRUCT_OFFSET (ScPolicyForm, role_admin_check) },
    { "role-reviewer", G_STRUCT_OFFSET (ScPolicyForm, role_reviewer_check) },
    { "role-developer", G_STRUCT_OFFSET (ScPolicyForm, role_developer_check) },
    { "role-viewer", G_STRUCT_OFFSET (ScPolicyForm, role_viewer_check) },
    { "roles-row", G_STRUCT_OFFSET (ScPolicyForm, roles_row) },
    { "assignees-row", G_STRUCT_OFFSET (ScPolicyForm, assignees_row) },
    { "required-spin", G_STRUCT_OFFSET (ScPolicyForm, required_spin) },
    { "required-row", G_STRUCT_OFFSET (ScPolicyForm, required_row) },
    { "expiry-spin", G_STRUCT_OFFSET (ScPolicyForm, expiry_spin) },
    { "expiry-row", G_STRUCT_OFFSET (ScPolicyForm, expiry_row) },
    { "freeze-switch", G_STRUCT_OFFSET (ScPolicyForm, freeze_switch) },
    { "freeze-row", G_STRUCT_OFFSET (ScPolicyForm, freeze_row) },
    { "reason-row", G_STRUCT_OFFSET (ScPolicyForm, reason_row) },
    { "instructions-row", G_STRUCT_OFFSET (ScPolicyForm, instructions_row) },
    { "reject-comment-switch", G_STRUCT_OFFSET (ScPolicyForm, reject_comment_switch) },
    { "approve-comment-switch", G_STRUCT_OFFSET (ScPolicyForm, approve_comment_switch) },
  };

  g_return_val_if_fail (SC_IS_POLICY_FORM (self), NULL);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (widgets); i++)
    if (g_str_equal (widgets[i].name, name))
      return G_STRUCT_MEMBER (GtkWidget *, self, widgets[i].offset);
  return NULL;
}

GtkWidget *
sc_policy_form_get_assignee (ScPolicyForm *self,
                             const char   *user_id)
{
  g_return_val_if_fail (SC_IS_POLICY_FORM (self), NULL);

  for (guint i = 0; i < self->assignee_checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->assignee_checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "sc-user-id"), user_id) == 0)
        return check;
    }
  return NULL;
}

static void
sc_policy_form_dispose (GObject *object)
{
  ScPolicyForm *self = SC_POLICY_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_POLICY_FORM);
  g_clear_object (&self->org);
  g_clear_object (&self->members);

  G_OBJECT_CLASS (sc_policy_form_parent_class)->dispose (object);
}

static void
sc_policy_form_finalize (GObject *object)
{
  ScPolicyForm *self = SC_POLICY_FORM (object);

  g_clear_pointer (&self->assignee_checks, g_ptr_array_unref);
  g_clear_pointer (&self->defaults, sc_approval_policy_free);

  G_OBJECT_CLASS (sc_policy_form_parent_class)->finalize (object);
}

static void
sc_policy_form_class_init (ScPolicyFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_policy_form_dispose;
  object_class->finalize = sc_policy_form_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-policy-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ScPolicyForm, name)
  BIND (enabled_row);
  BIND (enabled_switch);
  BIND (roles_row);
  BIND (role_admin_check);
  BIND (role_reviewer_check);
  BIND (role_developer_check);
  BIND (role_viewer_check);
  BIND (assignees_row);
  BIND (required_row);
  BIND (required_spin);
  BIND (expiry_row);
  BIND (expiry_spin);
  BIND (freeze_row);
  BIND (freeze_switch);
  BIND (reason_row);
  BIND (instructions_row);
  BIND (reject_comment_row);
  BIND (reject_comment_switch);
  BIND (approve_comment_row);
  BIND (approve_comment_switch);
#undef BIND
}

static void
sc_policy_form_init (ScPolicyForm *self)
{
  GtkWidget *changing[] = { NULL, NULL, NULL, NULL };

  self->assignee_checks = g_ptr_array_new ();
  self->defaults = sc_approval_policy_new_default ();
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));

  changing[0] = self->enabled_switch;
  changing[1] = self->freeze_switch;
  changing[2] = self->reject_comment_switch;
  changing[3] = self->approve_comment_switch;
  for (guint i = 0; i < G_N_ELEMENTS (changing); i++)
    g_signal_connect_swapped (changing[i], "notify::active", G_CALLBACK (form_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    g_signal_connect_swapped (role_check (self, i), "toggled", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->required_spin, "value-changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->expiry_spin, "value-changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->reason_row, "changed", G_CALLBACK (form_changed_cb), self);
  g_signal_connect_swapped (self->instructions_row, "changed", G_CALLBACK (form_changed_cb), self);
  update_subtitles (self);
}

GtkWidget *
sc_policy_form_new (void)
{
  return g_object_new (SC_TYPE_POLICY_FORM, NULL);
}
