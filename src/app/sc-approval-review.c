/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-ApprovalReview"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-approval-review.h"
#include "sc-models.h"
#include "sc-promotion-diff.h"
#include "sc-ui-util.h"

typedef enum {
  ACTION_APPROVE,
  ACTION_REJECT,
  ACTION_CANCEL,
} Action;

struct _ScApprovalReview
{
  GtkWidget       parent_instance;

  /* template */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  AdwStatusPage  *error_page;
  GtkLabel       *heading;
  GtkLabel       *status_label;
  AdwActionRow   *path_row;
  AdwActionRow   *release_row;
  AdwActionRow   *source_row;
  AdwActionRow   *target_row;
  AdwActionRow   *requester_row;
  GtkLabel       *message_label;
  GtkWidget      *instructions_group;
  GtkLabel       *instructions_label;
  GtkWidget      *changed_box;
  GtkStack       *preview_stack;
  GtkSpinner     *preview_spinner;
  GtkLabel       *preview_error;
  ScPromotionDiff *diff;
  GtkLabel       *behalf_label;
  GtkLabel       *comment_error;
  GtkListBox     *decisions_list;
  GtkWidget      *decide_group;
  AdwEntryRow    *comment_row;
  GtkLabel       *reason_label;
  GtkLabel       *action_error;
  GtkSpinner     *action_spinner;
  GtkWidget      *cancel_button;
  GtkWidget      *reject_button;
  GtkWidget      *approve_button;

  ScSession      *session;
  ScApprovalRequest *model;            /* the request shown, or NULL */
  char           *request_id;
  GCancellable   *load_cancellable;    /* loading the request */
  GCancellable   *preview_cancellable; /* loading what it would change */
  ScPromotionPreview *preview;
  GCancellable   *action_cancellable;  /* a decision or cancellation */
  Action          action;              /* the one in progress */
  gboolean        loading;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScApprovalReview, sc_approval_review, GTK_TYPE_WIDGET)

char *
sc_approval_describe_stage (const ScPathStage *stage)
{
  /* Translators: a stage of a promotion path, "Acme Staging · stage" (org, stage tag) */
  return g_strdup_printf (_("%s · %s"),
                          stage != NULL && stage->org_name != NULL ? stage->org_name : "?",
                          stage != NULL && stage->tag != NULL ? stage->tag : "?");
}

const char *
sc_approval_describe_state (const char *state)
{
  static const struct {
    const char *state;
    const char *label;
  } states[] = {
    { "pending", N_("Pending") },
    { "approved", N_("Approved") },
    { "rejected", N_("Rejected") },
    { "cancelled", N_("Cancelled") },
    { "expired", N_("Expired") },
    { "completed", N_("Completed") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_strcmp0 (state, states[i].state) == 0)
      return _(states[i].label);
  return state != NULL ? state : "";
}

static void
set_state (ScApprovalReview *self,
           const char       *name)
{
  sc_stack_set_page (self->stack, name, G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
is_requester (ScApprovalReview *self)
{
  return self->session != NULL && self->model != NULL &&
         g_strcmp0 (sc_approval_request_get_requester_id (self->model),
                    sc_session_get_user_id (self->session)) == 0;
}

static void
set_row_value (AdwActionRow *row,
               const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "");
}

static void
update_decisions (ScApprovalReview *self)
{
  guint n = self->model != NULL ? sc_approval_request_get_n_decisions (self->model) : 0;

  sc_list_box_clear (self->decisions_list);

  for (guint i = 0; i < n; i++)
    {
      const ScApprovalDecision *decision = sc_approval_request_get_decision (self->model, i);
      const char *name = decision->reviewer.name;
      const char *comment = decision->comment;
      g_autofree char *date = sc_format_day (decision->at);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      gboolean approved = decision->decision == SC_DECISION_APPROVE;
      const ScApprovalPerson *behalf = decision->on_behalf_of;
      const char *behalf_name = behalf != NULL ? behalf->name : NULL;

      if (name == NULL)
        name = decision->reviewer.email;
      if (behalf_name == NULL && behalf != NULL)
        behalf_name = behalf->email;
      if (behalf != NULL)
        title = approved
          /* Translators: a delegate's decision, "Dora Deputy approved for Rita Reviewer" */
          ? g_strdup_printf (_("%s approved for %s"), name != NULL ? name : "?",
                             behalf_name != NULL ? behalf_name : "?")
          /* Translators: a delegate's decision, "Dora Deputy rejected for Rita Reviewer" */
          : g_strdup_printf (_("%s rejected for %s"), name != NULL ? name : "?",
                             behalf_name != NULL ? behalf_name : "?");
      else
        title = approved
          /* Translators: a decision, "Rita Reviewer approved" */
          ? g_strdup_printf (_("%s approved"), name != NULL ? name : "?")
          /* Translators: a decision, "Rita Reviewer rejected" */
          : g_strdup_printf (_("%s rejected"), name != NULL ? name : "?");
      if (comment != NULL && comment[0] != '\0')
        /* Translators: a decision's comment and date, "“Looks good” · 12 May 2025" */
        subtitle = g_strdup_printf (_("“%s” · %s"), comment, date != NULL ? date : "");
      else
        subtitle = g_strdup (date);
      sc_list_box_add_icon_row (self->decisions_list,
                                approved ? "emblem-ok-symbolic" : "window-close-symbolic",
                                approved ? "success" : "error",
                                title, subtitle);
    }

  if (n == 0)
    sc_list_box_add_icon_row (self->decisions_list, "mail-unread-symbolic", NULL,
                              _("No decisions yet"), NULL);
}

static void
update_buttons (ScApprovalReview *self)
{
  gboolean pending = self->model != NULL &&
                     sc_approval_request_get_state (self->model) == SC_APPROVAL_STATE_PENDING;
  gboolean can_decide = self->model != NULL && sc_approval_request_get_can_decide (self->model);
  gboolean mine = is_requester (self);
  gboolean busy = self->action_cancellable != NULL;
  const char *reason = self->model != NULL ? sc_approval_request_get_cannot_decide_reason (self->model) : NULL;

  gtk_widget_set_visible (self->decide_group, pending);
  gtk_widget_set_visible (self->cancel_button, mine);
  /* a comment goes with a decision only */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->comment_row)), can_decide);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.approve", pending && can_decide && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.reject", pending && can_decide && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.cancel-request", pending && mine && !busy);

  const ScApprovalPerson *behalf =
    self->model != NULL ? sc_approval_request_get_decide_on_behalf_of (self->model) : NULL;
  gboolean to_reject = self->model != NULL &&
                       sc_approval_request_get_comment_required (self->model, SC_DECISION_REJECT);
  gboolean to_approve = self->model != NULL &&
                        sc_approval_request_get_comment_required (self->model, SC_DECISION_APPROVE);

  /* what the policy asks, said where the comment goes; the server judges */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->comment_row),
                                 to_reject && to_approve ? _("Comment (required)")
                                 : to_reject ? _("Comment (required to reject)")
                                 : to_approve ? _("Comment (required to approve)")
                                 : _("Comment (optional)"));
  if (behalf != NULL && can_decide && pending)
    {
      const char *name = behalf->name;
      g_autofree char *text = NULL;

      /* Translators: the caller is someone's delegate, "You decide for Rita Reviewer, who named you their delegate." */
      text = g_strdup_printf (_("You decide for %s, who named you their delegate."),
                              name != NULL ? name : behalf->email);
      gtk_label_set_text (self->behalf_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->behalf_label), behalf != NULL && can_decide && pending);

  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), pending && !can_decide && reason != NULL);

  gtk_spinner_set_spinning (self->action_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->action_spinner), busy);
}

static void
show_request (ScApprovalReview *self)
{
  ScApprovalRequest *model = self->model;
  const char *state = sc_approval_state_to_string (sc_approval_request_get_state (model));
  const char *message = sc_approval_request_get_message (model);
  guint required = sc_approval_request_get_required_approvals (model);
  guint approvals = sc_approval_request_count_decisions (model, SC_DECISION_APPROVE);
  const ScApprovalPerson *person = sc_approval_request_get_requester (model);
  g_autofree char *version = NULL;
  g_autofree char *source = sc_approval_describe_stage (sc_approval_request_get_source (model));
  g_autofree char *target = sc_approval_describe_stage (sc_approval_request_get_target (model));
  g_autofree char *requester = sc_describe_name_email (person->name, person->email);
  g_autofree char *created = sc_format_day (sc_approval_request_get_created_at (model));
  g_autofree char *expires = sc_format_day (sc_approval_request_get_expires_at (model));
  g_autofree char *approved_text = NULL;
  g_autofree char *status = NULL;
  g_autofree char *requested = NULL;
  const char *instructions;

  /* Translators: a release, "v3" */
  version = g_strdup_printf (_("v%d"), (int) sc_approval_request_get_release_version (model));
  gtk_label_set_text (self->heading, sc_approval_request_get_workflow_name (model));

  /* Translators: approvals so far, "0 of 1 approvals" */
  approved_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %d approval", "%u of %d approvals",
                                                (gulong) required),
                                   approvals, (int) required);
  if (g_strcmp0 (state, "pending") == 0 && expires != NULL)
    /* Translators: "Pending · 0 of 1 approvals · expires 30 November 2026" */
    status = g_strdup_printf (_("%s · %s · expires %s"), sc_approval_describe_state (state),
                              approved_text, expires);
  else
    /* Translators: "Approved · 1 of 1 approval" */
    status = g_strdup_printf (_("%s · %s"), sc_approval_describe_state (state), approved_text);
  gtk_label_set_text (self->status_label, status);

  set_row_value (self->path_row, sc_approval_request_get_path_name (model));
  set_row_value (self->release_row, version);
  set_row_value (self->source_row, source);
  set_row_value (self->target_row, target);
  if (created != NULL)
    /* Translators: "Ada Admin (admin@acme.test) on 23 November 2026" */
    requested = g_strdup_printf (_("%s on %s"), requester, created);
  set_row_value (self->requester_row, requested != NULL ? requested : requester);

  if (message != NULL && message[0] != '\0')
    {
      gtk_label_set_text (self->message_label, message);
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->message_label, _("No message"));
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }

  instructions = sc_approval_request_get_instructions (model);
  gtk_label_set_text (self->instructions_label, instructions != NULL ? instructions : "");
  gtk_widget_set_visible (self->instructions_group, instructions != NULL && instructions[0] != '\0');

  update_decisions (self);
  update_buttons (self);
  set_state (self, "request");
}

static void
set_action_error (ScApprovalReview *self,
                  const char       *message)
{
  gtk_label_set_text (self->action_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_error), message != NULL);
}

/* The server's refusal of the comment, shown at the comment field. */
static void
set_comment_error (ScApprovalReview *self,
                   const char       *message)
{
  gtk_label_set_text (self->comment_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->comment_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->comment_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->comment_row), "error");
}

/* The reason the server gave for field "comment" in a 422, or NULL. */
static const char *
comment_refusal (const GError *error)
{
  const char *reason;

  return sc_error_find_field (error, "comment", &reason) ? reason : NULL;
}

static void
show_preview (ScApprovalReview *self)
{
  sc_promotion_diff_show (self->diff, self->preview,
                          self->model != NULL
                          ? sc_approval_request_get_target (self->model)->org_name : NULL);
  gtk_widget_set_visible (self->changed_box,
                          sc_promotion_preview_get_target_changed (self->preview));
  gtk_stack_set_visible_child_name (self->preview_stack, "diff");
  gtk_spinner_set_spinning (self->preview_spinner, FALSE);
}

static void
preview_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScApprovalReview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScPromotionPreview) preview = NULL;

  json = sc_client_preview_approval_request_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->preview_cancellable);
  if (json != NULL)
    preview = sc_models_check (sc_promotion_preview_new_from_json (json), "a preview", &error);

  if (preview == NULL)
    {
      gtk_label_set_text (self->preview_error, error->message);
      gtk_stack_set_visible_child_name (self->preview_stack, "error");
      gtk_spinner_set_spinning (self->preview_spinner, FALSE);
      gtk_widget_set_visible (self->changed_box, FALSE);
      return;
    }
  g_clear_object (&self->preview);
  self->preview = g_steal_pointer (&preview);
  if (self->model != NULL)
    show_preview (self);
}

/* What the request would change is computed as the reviewer opens it. */
static void
load_preview (ScApprovalReview *self)
{
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if (self->session == NULL || self->request_id == NULL)
    return;

  self->preview_cancellable = g_cancellable_new ();
  if (self->preview == NULL)
    {
      gtk_stack_set_visible_child_name (self->preview_stack, "loading");
      gtk_spinner_set_spinning (self->preview_spinner, TRUE);
    }
  sc_client_preview_approval_request_async (sc_session_get_client (self->session),
                                            self->request_id, self->preview_cancellable,
                                            preview_loaded_cb, g_object_ref (self));
}

static void
set_loading (ScApprovalReview *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
request_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScApprovalReview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScApprovalRequest) request = NULL;

  json = sc_client_get_approval_request_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->load_cancellable);
  set_loading (self, FALSE);

  if (json != NULL)
    request = sc_models_check (sc_approval_request_new_from_json (json), "a request", &error);
  if (request == NULL)
    {
      if (self->session != NULL)
        sc_session_report_if_unauthorized (self->session, error);
      sc_status_page_set_error (self->error_page, error);
      set_state (self, "error");
      return;
    }

  g_set_object (&self->model, request);
  show_request (self);
}

static void
load (ScApprovalReview *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->session == NULL || self->request_id == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  load_preview (self);
  if (self->model == NULL)
    set_state (self, "loading");
  sc_client_get_approval_request_async (sc_session_get_client (self->session), self->request_id,
                                        self->load_cancellable, request_loaded_cb, g_object_ref (self));
}

static void
action_done (ScApprovalReview *self,
             JsonObject       *request,
             const GError     *error)
{
  static const char * const toasts[] = {
    [ACTION_APPROVE] = N_("Request approved"),
    [ACTION_REJECT] = N_("Request rejected"),
    [ACTION_CANCEL] = N_("Request cancelled"),
  };

  g_autoptr(ScApprovalRequest) model = NULL;

  g_clear_object (&self->action_cancellable);

  if (request == NULL)
    {
      /* the comment stays where it is, to send again */
      const char *refusal = comment_refusal (error);

      if (self->session != NULL)
        sc_session_report_if_unauthorized (self->session, error);
      /* a refused comment is shown at the comment, which keeps the text */
      if (refusal != NULL)
        {
          set_comment_error (self, refusal);
          gtk_widget_grab_focus (GTK_WIDGET (self->comment_row));
        }
      else
        set_action_error (self, error->message);
      update_buttons (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->comment_row), "");
  sc_widget_add_toast (GTK_WIDGET (self), _(toasts[self->action]));

  model = sc_approval_request_new_from_json (request);
  if (model != NULL)
    {
      g_set_object (&self->model, model);
      show_request (self);
    }
  else
    load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_signal_emit (self, signals[CHANGED], 0, self->model);
}

static void
decided_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ScApprovalReview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;

  request = sc_client_decide_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  action_done (self, request, error);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ScApprovalReview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;

  request = sc_client_cancel_request_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  action_done (self, request, error);
}

static void
run_action (ScApprovalReview *self,
            Action            action)
{
  ScClient *client;
  const char *comment;

  if (self->session == NULL || self->request_id == NULL || self->action_cancellable != NULL)
    return;

  client = sc_session_get_client (self->session);
  comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
  self->action_cancellable = g_cancellable_new ();
  self->action = action;
  set_action_error (self, NULL);
  set_comment_error (self, NULL);
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (action == ACTION_CANCEL)
    sc_client_cancel_request_async (client, self->request_id, self->action_cancellable,
                                    cancelled_cb, g_object_ref (self));
  else
    sc_client_decide_async (client, self->request_id,
                            action == ACTION_APPROVE ? SC_DECISION_APPROVE : SC_DECISION_REJECT,
                            comment[0] != '\0' ? comment : NULL, self->action_cancellable,
                            decided_cb, g_object_ref (self));
}

static void
confirmation_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          ScApprovalReview *self)
{
  if (g_str_equal (response, "reject"))
    run_action (self, ACTION_REJECT);
  else if (g_str_equal (response, "cancel-request"))
    run_action (self, ACTION_CANCEL);
}

/* Reject and Cancel Request end the request: both ask first. */
static void
confirm (ScApprovalReview *self,
         const char       *heading,
         const char       *body,
         const char       *response,
         const char       *label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep"),
                                    response, label,
                                    NULL);
  /* its response buttons: read once, not "_Cancel Cancel" */
  sc_ui_fix_mnemonic_names (GTK_WIDGET (dialog));
  adw_message_dialog_set_response_appearance (dialog, response, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirmation_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  run_action (SC_APPROVAL_REVIEW (widget), ACTION_APPROVE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  confirm (SC_APPROVAL_REVIEW (widget), _("Reject This Request?"),
           _("One rejection ends the request: the release cannot be promoted with it. "
             "Your comment is shown to the requester."),
           "reject", _("_Reject"));
}

static void
cancel_request_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  confirm (SC_APPROVAL_REVIEW (widget), _("Cancel This Request?"),
           _("Reviewers can no longer decide it. To promote the release, request again."),
           "cancel-request", _("_Cancel Request"));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  load (SC_APPROVAL_REVIEW (widget));
}

static void
sc_approval_review_dispose (GObject *object)
{
  ScApprovalReview *self = (ScApprovalReview *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->action_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_APPROVAL_REVIEW);

  g_clear_object (&self->session);
  g_clear_object (&self->model);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->request_id, g_free);

  G_OBJECT_CLASS (sc_approval_review_parent_class)->dispose (object);
}

static void
sc_approval_review_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScApprovalReview *self = SC_APPROVAL_REVIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_string (value, sc_approval_review_get_state (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, sc_approval_review_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_approval_review_class_init (ScApprovalReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_approval_review_dispose;
  object_class->get_property = sc_approval_review_get_property;

  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After a decision or a cancellation: the request as it is now. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_APPROVAL_REQUEST);

  g_type_ensure (SC_TYPE_PROMOTION_DIFF);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-approval-review.ui");
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, stack);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, heading);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, status_label);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, path_row);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, release_row);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, source_row);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, target_row);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, requester_row);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, message_label);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, decisions_list);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, instructions_group);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, changed_box);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, preview_error);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, diff);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, behalf_label);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, comment_error);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, decide_group);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, comment_row);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, reason_label);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, action_error);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, action_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, reject_button);
  gtk_widget_class_bind_template_child (widget_class, ScApprovalReview, approve_button);

  gtk_widget_class_install_action (widget_class, "review.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "review.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "review.cancel-request", NULL, cancel_request_action);
  gtk_widget_class_install_action (widget_class, "review.retry", NULL, retry_action);
}

static void
sc_approval_review_init (ScApprovalReview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "none");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.approve", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.reject", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.cancel-request", FALSE);
}

GtkWidget *
sc_approval_review_new (void)
{
  return g_object_new (SC_TYPE_APPROVAL_REVIEW, NULL);
}

void
sc_approval_review_set_session (ScApprovalReview *self,
                                ScSession        *session)
{
  g_return_if_fail (SC_IS_APPROVAL_REVIEW (self));
  g_return_if_fail (session == NULL || SC_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  sc_approval_review_set_request (self, NULL);
}

ScSession *
sc_approval_review_get_session (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);
  return self->session;
}

void
sc_approval_review_set_request (ScApprovalReview *self,
                                ScApprovalRequest *request)
{
  g_autoptr(ScApprovalRequest) keep = request != NULL ? g_object_ref (request) : NULL;
  const char *id;

  g_return_if_fail (SC_IS_APPROVAL_REVIEW (self));
  g_return_if_fail (request == NULL || SC_IS_APPROVAL_REQUEST (request));

  id = request != NULL ? sc_approval_request_get_id (request) : NULL;
  if (g_strcmp0 (id, self->request_id) != 0)
    {
      /* what was typed belongs to the other request */
      gtk_editable_set_text (GTK_EDITABLE (self->comment_row), "");
      set_action_error (self, NULL);
      set_comment_error (self, NULL);
      g_clear_object (&self->preview);
      g_cancellable_cancel (self->action_cancellable);
      g_clear_object (&self->action_cancellable);
    }

  g_free (self->request_id);
  self->request_id = g_strdup (id);
  g_clear_object (&self->model);

  if (id == NULL)
    {
      load (self);
      set_state (self, "none");
      return;
    }

  self->model = g_steal_pointer (&keep);
  show_request (self);
  load (self);
}

ScApprovalRequest *
sc_approval_review_get_request (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);
  return self->model;
}

const char *
sc_approval_review_get_request_id (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);
  return self->request_id;
}

void
sc_approval_review_reload (ScApprovalReview *self)
{
  g_return_if_fail (SC_IS_APPROVAL_REVIEW (self));
  load (self);
}

const char *
sc_approval_review_get_state (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
sc_approval_review_get_busy (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), FALSE);
  return self->loading || self->action_cancellable != NULL;
}

const char *
sc_approval_review_get_action_error (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->action_error)))
    return NULL;
  return gtk_label_get_text (self->action_error);
}

const char *
sc_approval_review_get_reason (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->reason_label)))
    return NULL;
  return gtk_label_get_text (self->reason_label);
}

GtkEditable *
sc_approval_review_get_comment (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);
  return GTK_EDITABLE (self->comment_row);
}

GtkWidget *
sc_approval_review_get_button (ScApprovalReview *self,
                               const char       *name)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "approve"))
    return self->approve_button;
  if (g_str_equal (name, "reject"))
    return self->reject_button;
  if (g_str_equal (name, "cancel"))
    return self->cancel_button;
  g_return_val_if_reached (NULL);
}

const char *
sc_approval_review_get_comment_error (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->comment_error)))
    return NULL;
  return gtk_label_get_text (self->comment_error);
}

gboolean
sc_approval_review_get_preview_shown (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->preview_stack), "diff") == 0 &&
         self->preview != NULL;
}

gboolean
sc_approval_review_get_target_changed_shown (ScApprovalReview *self)
{
  g_return_val_if_fail (SC_IS_APPROVAL_REVIEW (self), FALSE);

  return gtk_widget_get_visible (self->changed_box);
}
