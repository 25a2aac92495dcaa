/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Promote"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-models.h"
#include "sc-path-progress.h"
#include "sc-promote-dialog.h"
#include "sc-promotion-diff.h"
#include "sc-rules.h"
#include "sc-stage-stepper.h"
#include "sc-ui-util.h"
#include "sc-workflow.h"

/* What the primary button does once the preview is in. */
typedef enum {
  MODE_PROMOTE,   /* POST /promotions (with an approved request when there is one) */
  MODE_REQUEST,   /* POST /approval-requests */
  MODE_PENDING,   /* an open request of the caller's exists: show it */
  MODE_REQUESTED, /* the request this dialog filed: show it */
} Mode;

struct _ScPromoteDialog
{
  AdwWindow            parent_instance;

  /* template */
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
  GtkButton           *primary_button;
  GtkStack            *primary_stack;
  GtkLabel            *primary_label;
  GtkSpinner          *primary_spinner;
  GtkScrolledWindow   *scroller;
  GtkListBox          *error_list;
  AdwComboRow         *path_row;
  AdwActionRow        *path_name_row;
  GtkLabel            *path_label;
  GtkLabel            *release_label;
  GtkLabel            *target_label;
  ScStageStepper      *stepper;
  GtkStack            *preview_stack;
  GtkSpinner          *preview_spinner;
  AdwStatusPage       *preview_error_page;
  AdwPreferencesGroup *summary_group;
  AdwActionRow        *summary_row;
  GtkImage            *summary_icon;
  AdwPreferencesGroup *refusals_group;
  GtkWidget           *override_group;
  GtkWidget           *override_row;
  GtkListBox          *refusals_list;
  ScPromotionDiff     *diff;
  AdwPreferencesGroup *request_group;
  GtkTextView         *message_view;
  AdwPreferencesGroup *state_group;
  AdwActionRow        *state_row;
  GtkImage            *state_icon;
  AdwPreferencesGroup *schedule_group;
  GtkSwitch           *schedule_switch;
  GtkWidget           *schedule_box;
  GtkCalendar         *calendar;
  GtkSpinButton       *hour_spin;
  GtkSpinButton       *minute_spin;
  GtkLabel            *schedule_label;

  /* what to promote */
  ScSession           *session;
  ScWorkflow          *workflow;
  GPtrArray           *stages_items;  /* ScPathProgress, one per path */
  ScPathProgress    *stages_item;   /* borrowed from stages_items */
  const ScProgressStage *target;      /* borrowed from stages_item; NULL: no next stage */
  char                *no_target_reason;

  /* the preview of the chosen path */
  GCancellable        *load_cancellable;
  guint                generation;
  guint                pending_loads;
  gboolean             loaded;
  ScPromotionPreview  *preview;
  ScApprovalRequest   *approved_request;
  ScApprovalRequest   *pending_request;
  char                *target_workflow_name;

  /* the confirm */
  GCancellable        *action_cancellable;
  char                *idempotency_key;
  ScApprovalRequest   *request;       /* filed here */
  gboolean             busy;
  gboolean             disposed;
  Mode                 mode;
};

enum {
  PROMOTED,
  REQUESTED,
  SCHEDULED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScPromoteDialog, sc_promote_dialog, ADW_TYPE_WINDOW)

static void start_load (ScPromoteDialog *self);

/* --- JSON helpers ------------------------------------------------------------ */

static const char *
path_id (ScPromoteDialog *self)
{
  return sc_path_progress_get_path_id (self->stages_item);
}

/* The release promoted: the workflow's latest; NULL when it has none. */
static const char *
release_id (ScPromoteDialog *self)
{
  return sc_workflow_get_latest_release_id (self->workflow);
}

static const char *
path_name (ScPromoteDialog *self)
{
  return sc_path_progress_get_path_name (self->stages_item);
}

/* --- rows -------------------------------------------------------------------- */

static gboolean
list_is_empty (GtkListBox *list)
{
  return gtk_widget_get_first_child (GTK_WIDGET (list)) == NULL;
}

/* --- the error at the top ---------------------------------------------------- */

static void
clear_error (ScPromoteDialog *self)
{
  sc_list_box_clear (self->error_list);
  gtk_widget_set_visible (GTK_WIDGET (self->error_list), FALSE);
}

static void
show_error (ScPromoteDialog *self,
            const GError    *error)
{
  GPtrArray *violations = sc_client_error_get_violations (error);
  const char *hint = NULL;
  GtkAdjustment *adjustment;

  clear_error (self);

  if (g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED))
    hint = _("Sign in again, then try once more.");
  else if (g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NETWORK) ||
           g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_SERVER))
    hint = self->mode == MODE_REQUEST
           ? _("Try again when the server can be reached; retrying cannot file a second "
               "request.")
           : _("Try again when the server can be reached; retrying cannot promote twice.");

  else if (self->mode == MODE_PROMOTE && sc_client_error_get_status (error) / 100 == 4)
    hint = _("Nothing was promoted; the attempt is in the promotion history.");

  sc_list_box_add_icon_row (self->error_list, "dialog-error-symbolic", "error", error->message,
                            hint);

  /* the other rules the server named; the message is the first of them */
  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);

      if (violation->rule == NULL || g_strcmp0 (violation->reason, error->message) == 0)
        continue;
      sc_list_box_add_icon_row (self->error_list, "dialog-error-symbolic", "error",
                                violation->reason, NULL);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_list), TRUE);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

/* --- the refusals --------------------------------------------------------------- */

/* What the button would do, for the server's verdict on it (the preview
 * judges both the promotion and a request to promote). */
static ScPromotionAction
verdict (gboolean request)
{
  return request ? SC_PROMOTION_ACTION_REQUEST : SC_PROMOTION_ACTION_PROMOTE;
}

/* The refusals (ScViolation) that stop the button, in the server's order. */
static GPtrArray *
blocking_refusals (ScPromoteDialog *self,
                   gboolean         request)
{
  return sc_promotion_preview_get_refusals (self->preview, verdict (request));
}

/* --- the request's state ------------------------------------------------------------ */

static void
show_request_state (ScPromoteDialog   *self,
                    ScApprovalRequest *request)
{
  ScApprovalState state = sc_approval_request_get_state (request);
  const ScPathStage *target = sc_approval_request_get_target (request);
  const char *org_name = target->org_name;
  gint64 required = sc_approval_request_get_required_approvals (request);
  gint64 approvals = sc_approval_request_get_n_approvals (request);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *expires = sc_format_day (sc_approval_request_get_expires_at (request));
  const char *icon = "document-open-recent-symbolic";

  switch (state)
    {
    case SC_APPROVAL_STATE_PENDING:
      {
        gint64 missing = MAX (required - approvals, 1);

        title = g_strdup_printf (ngettext (/* Translators: "Pending — waiting for 1 approval
                                            * from Acme Production reviewers" */
                                           "Pending — waiting for %d approval from %s reviewers",
                                           "Pending — waiting for %d approvals from %s reviewers",
                                           (unsigned long) missing),
                                 (int) missing, org_name != NULL ? org_name : "");
      }
      break;
    case SC_APPROVAL_STATE_APPROVED:
      title = g_strdup (_("Approved — you can promote now"));
      icon = "emblem-ok-symbolic";
      break;
    case SC_APPROVAL_STATE_REJECTED:
      title = g_strdup (_("Rejected by a reviewer"));
      icon = "dialog-error-symbolic";
      break;
    case SC_APPROVAL_STATE_CANCELLED:
      title = g_strdup (_("Cancelled"));
      break;
    case SC_APPROVAL_STATE_EXPIRED:
      title = g_strdup (_("Expired before it was decided"));
      break;
    case SC_APPROVAL_STATE_COMPLETED:
      title = g_strdup (_("Completed — the release was promoted"));
      icon = "emblem-ok-symbolic";
      break;
    default:
      g_assert_not_reached ();
    }

  if (state == SC_APPROVAL_STATE_PENDING && expires != NULL)
    /* Translators: "v3 to “prod” · expires 12 May 2025" */
    subtitle = g_strdup_printf (_("v%d to “%s” · expires %s"),
                                (int) sc_approval_request_get_release_version (request),
                                target->tag, expires);
  else
    subtitle = g_strdup_printf (_("v%d to “%s”"),
                                (int) sc_approval_request_get_release_version (request),
                                target->tag);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), title);
  adw_action_row_set_subtitle (self->state_row, subtitle);
  gtk_image_set_from_icon_name (self->state_icon, icon);
}

/* --- the preview ------------------------------------------------------------------- */

static void
show_summary (ScPromoteDialog *self)
{
  const char *org_name = self->target->org_name;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (sc_promotion_preview_get_creates_new (self->preview))
    {
      /* Translators: "Creates a new workflow in Acme Staging" */
      title = g_strdup_printf (_("Creates a new workflow in %s"), org_name);
      subtitle = g_strdup (_("Its steps, settings and trigger are copied; tags and connections "
                             "are not."));
      gtk_image_set_from_icon_name (self->summary_icon, "document-new-symbolic");
    }
  else
    {
      const char *name = self->target_workflow_name != NULL
                         ? self->target_workflow_name
                         : sc_workflow_get_name (self->workflow);

      /* Translators: "Updates “Invoice sync” in Acme Staging" */
      title = g_strdup_printf (_("Updates “%s” in %s"), name != NULL ? name : "", org_name);
      subtitle = g_strdup (_("The release is published there as its newest release."));
      gtk_image_set_from_icon_name (self->summary_icon, "view-refresh-symbolic");
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->summary_row), title);
  adw_action_row_set_subtitle (self->summary_row, subtitle);
}

static void
show_preview (ScPromoteDialog *self)
{
  /* once a request is out, what would stop a promotion is its business */
  gboolean request = self->mode != MODE_PROMOTE;
  GPtrArray *refusals = blocking_refusals (self, request);
  GPtrArray *missing = sc_promotion_preview_get_missing_connections (self->preview);
  const char *org_name = self->target->org_name;

  sc_list_box_clear (self->refusals_list);

  show_summary (self);

  /* missing connections have their own group; the other refusals here */
  for (guint i = 0; i < refusals->len; i++)
    {
      const ScViolation *refusal = g_ptr_array_index (refusals, i);

      if (g_strcmp0 (refusal->rule, "connections") == 0 && missing->len > 0)
        continue;
      sc_list_box_add_icon_row (self->refusals_list, "dialog-error-symbolic", "error",
                                refusal->reason, NULL);
    }
  adw_preferences_group_set_title (self->refusals_group,
                                   request ? _("Cannot Request") : _("Cannot Promote"));
  gtk_widget_set_visible (GTK_WIDGET (self->refusals_group), !list_is_empty (self->refusals_list));

  sc_promotion_diff_show (self->diff, self->preview, org_name);
}

/* The refusal shown in place of a preview when there is nothing to
 * preview (no next stage, no release). */
static void
show_no_target (ScPromoteDialog *self)
{
  sc_list_box_clear (self->refusals_list);
  sc_promotion_diff_clear (self->diff);
  sc_list_box_add_icon_row (self->refusals_list, "dialog-error-symbolic", "error",
                            self->no_target_reason, NULL);
  adw_preferences_group_set_title (self->refusals_group, _("Cannot Promote"));
  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->refusals_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->diff), FALSE);
}

/* --- the whole dialog ----------------------------------------------------------------- */

static const char *
approved_request_id (ScPromoteDialog *self)
{
  if (self->approved_request != NULL)
    return sc_approval_request_get_id (self->approved_request);
  return self->preview != NULL ? sc_promotion_preview_get_approval_request_id (self->preview) : NULL;
}

static Mode
compute_mode (ScPromoteDialog *self)
{
  gboolean wants_approval;

  if (self->request != NULL)
    return MODE_REQUESTED;

  if (self->preview != NULL)
    wants_approval = sc_promotion_preview_get_requires_approval (self->preview);
  else
    wants_approval = self->target != NULL && self->target->action == SC_STAGE_ACTION_REQUEST;

  if (!wants_approval || approved_request_id (self) != NULL)
    return MODE_PROMOTE;
  if (self->pending_request != NULL)
    return MODE_PENDING;
  return MODE_REQUEST;
}

/* The server offers an override of its deny windows (an admin, nothing
 * else refusing): the reason the user typed for it, NULL while blank. */
static char *
override_reason (ScPromoteDialog *self)
{
  g_autofree char *text = NULL;

  if (self->mode != MODE_PROMOTE || self->preview == NULL ||
      !sc_promotion_preview_get_override_allowed (self->preview))
    return NULL;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->override_row))));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
has_message (ScPromoteDialog *self)
{
  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->message_view)) > 0;
}

/* --- Schedule… ------------------------------------------------------------------------ */

/* Whether the primary button schedules rather than promotes now. */
static gboolean
scheduling (ScPromoteDialog *self)
{
  return self->mode == MODE_PROMOTE && gtk_switch_get_active (self->schedule_switch);
}

/* The chosen time, in the local time zone (the picker's). */
static GDateTime *
schedule_time (ScPromoteDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);

  return g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->hour_spin),
                                gtk_spin_button_get_value_as_int (self->minute_spin), 0);
}

/* Whether the server would take the schedule: only refusals that may lift
 * by then (sc_rules_schedule_tolerates ()); it judges every rule again when
 * it runs. */
static gboolean
schedule_allowed (ScPromoteDialog *self)
{
  GPtrArray *refusals = blocking_refusals (self, FALSE);

  for (guint i = 0; i < refusals->len; i++)
    {
      if (!sc_rules_schedule_tolerates (((ScViolation *) g_ptr_array_index (refusals, i))->rule))
        return FALSE;
    }
  return TRUE;
}

static void
show_schedule_time (ScPromoteDialog *self)
{
  g_autoptr(GDateTime) when = schedule_time (self);
  g_autofree char *text = NULL;
  g_autofree char *formatted = NULL;

  formatted = when != NULL ? g_date_time_format (when, "%x %R %Z") : g_strdup ("?");
  /* Translators: "Runs on 12/24/2026 14:00 CET. Every rule is checked again then." */
  text = g_strdup_printf (_("Runs on %s. Every rule is checked again then."), formatted);
  gtk_label_set_text (self->schedule_label, text);
}

static void
update_ui (ScPromoteDialog *self)
{
  gboolean showing_request;
  gboolean can_confirm = FALSE;
  const char *first_reason = NULL;

  self->mode = compute_mode (self);
  showing_request = self->mode == MODE_PENDING || self->mode == MODE_REQUESTED;

  gtk_label_set_text_with_mnemonic (self->primary_label,
                                    scheduling (self) ? _("_Schedule")
                                    : self->mode == MODE_PROMOTE ? _("_Promote")
                                                                 : _("_Request to Promote"));
  gtk_button_set_label (self->cancel_button, showing_request ? _("_Close") : _("_Cancel"));
  sc_ui_button_fix_mnemonic_name (GTK_WIDGET (self->cancel_button));
  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), !showing_request);

  gtk_stack_set_visible_child_name (self->primary_stack, self->busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->primary_spinner, self->busy);

  if (self->target != NULL && release_id (self) != NULL && self->loaded && self->preview != NULL &&
      !showing_request)
    {
      GPtrArray *refusals = blocking_refusals (self, self->mode == MODE_REQUEST);

      if (refusals->len > 0)
        first_reason = ((ScViolation *) g_ptr_array_index (refusals, 0))->reason;
      can_confirm = scheduling (self) ? schedule_allowed (self)
                                      : sc_promotion_preview_get_allowed (self->preview,
                                                                          verdict (self->mode == MODE_REQUEST));
      if (!can_confirm && !scheduling (self))
        {
          g_autofree char *reason = override_reason (self);

          can_confirm = reason != NULL;
        }
    }
  else if (self->target == NULL || release_id (self) == NULL)
    {
      first_reason = self->no_target_reason;
    }

  gtk_widget_set_visible (self->override_group,
                          self->preview != NULL && self->mode == MODE_PROMOTE &&
                          sc_promotion_preview_get_override_allowed (self->preview));
  gtk_editable_set_editable (GTK_EDITABLE (self->override_row), !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "promote.confirm", can_confirm && !self->busy);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->primary_button),
                               can_confirm ? NULL : first_reason);

  /* after a refusal found an open request, what the user typed stays in sight */
  gtk_widget_set_visible (GTK_WIDGET (self->request_group),
                          self->mode == MODE_REQUEST || self->mode == MODE_REQUESTED ||
                          (self->mode == MODE_PENDING && has_message (self)));
  gtk_text_view_set_editable (self->message_view, self->mode == MODE_REQUEST && !self->busy);
  if (self->mode == MODE_REQUEST)
    {
      g_autofree char *description = NULL;

      /* Translators: "Promotions into Acme Production need a reviewer’s approval. …" */
      description = g_strdup_printf (_("Promotions into %s need a reviewer’s approval. The "
                                       "message is optional; reviewers read it before they "
                                       "decide."),
                                     self->target->org_name);
      adw_preferences_group_set_description (self->request_group, description);
    }
  else
    {
      adw_preferences_group_set_description (self->request_group, NULL);
    }

  /* the request this dialog filed, the open one, or the approval it uses */
  gtk_widget_set_visible (GTK_WIDGET (self->state_group),
                          showing_request ||
                          (self->mode == MODE_PROMOTE && self->approved_request != NULL));
  if (self->mode == MODE_REQUESTED)
    show_request_state (self, self->request);
  else if (self->mode == MODE_PENDING)
    show_request_state (self, self->pending_request);
  else if (self->approved_request != NULL)
    show_request_state (self, self->approved_request);

  gtk_widget_set_sensitive (GTK_WIDGET (self->path_row), !self->busy && self->mode != MODE_REQUESTED);

  gtk_widget_set_visible (GTK_WIDGET (self->schedule_group),
                          self->mode == MODE_PROMOTE && self->target != NULL && release_id (self) != NULL);
  gtk_widget_set_visible (self->schedule_box, gtk_switch_get_active (self->schedule_switch));
  gtk_widget_set_sensitive (GTK_WIDGET (self->schedule_group), !self->busy);
  show_schedule_time (self);

  if (self->target == NULL || release_id (self) == NULL)
    {
      show_no_target (self);
      gtk_stack_set_visible_child_name (self->preview_stack, "preview");
    }
  else if (self->loaded && self->preview != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->summary_group), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->diff), TRUE);
      show_preview (self);
      gtk_stack_set_visible_child_name (self->preview_stack, "preview");
    }
  gtk_spinner_set_spinning (self->preview_spinner,
                            g_strcmp0 (gtk_stack_get_visible_child_name (self->preview_stack),
                                       "loading") == 0);
}

static void
set_busy (ScPromoteDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  update_ui (self);
}

/* --- loading -------------------------------------------------------------------------- */

typedef struct {
  ScPromoteDialog *self;
  guint            generation;
} Load;

static Load *
load_new (ScPromoteDialog *self)
{
  Load *load = g_new0 (Load, 1);

  load->self = g_object_ref (self);
  load->generation = self->generation;
  return load;
}

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

/* Whether the answer still belongs to what the dialog shows. */
static gboolean
load_is_current (Load         *load,
                 const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  return !load->self->disposed && load->generation == load->self->generation;
}

static void
load_done (ScPromoteDialog *self)
{
  g_assert (self->pending_loads > 0);

  if (--self->pending_loads > 0)
    return;
  if (self->preview == NULL)
    return; /* the error page is up */
  self->loaded = TRUE;
  update_ui (self);
}

static void
preview_failed (ScPromoteDialog *self,
                const GError    *error)
{
  sc_session_report_if_unauthorized (self->session, error);
  sc_status_page_set_error (self->preview_error_page, error);
  gtk_stack_set_visible_child_name (self->preview_stack, "error");
  gtk_spinner_set_spinning (self->preview_spinner, FALSE);
}

static void
target_workflow_loaded_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScWorkflow) workflow = NULL;
  ScPromoteDialog *self = load->self;

  json = sc_client_get_workflow_finish (SC_CLIENT (object), result, &error);
  if (!load_is_current (load, error))
    return;
  /* the target may be out of the caller's sight: the summary keeps the
   * source's name then */
  if (json == NULL)
    return;

  workflow = sc_workflow_new (json);
  g_free (self->target_workflow_name);
  self->target_workflow_name = g_strdup (sc_workflow_get_name (workflow));
  if (self->loaded && self->preview != NULL)
    show_summary (self);
}

static void
preview_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScPromotionPreview) preview = NULL;
  ScPromoteDialog *self = load->self;
  const char *target_workflow_id;

  json = sc_client_preview_promotion_finish (SC_CLIENT (object), result, &error);
  if (!load_is_current (load, error))
    return;
  if (json != NULL)
    preview = sc_models_check (sc_promotion_preview_new_from_json (json), "a preview", &error);

  if (preview == NULL)
    {
      preview_failed (self, error);
      load_done (self);
      return;
    }

  self->preview = g_steal_pointer (&preview);

  target_workflow_id = sc_promotion_preview_get_target_workflow_id (self->preview);
  if (target_workflow_id != NULL)
    sc_client_get_workflow_async (sc_session_get_client (self->session), target_workflow_id,
                                  self->load_cancellable, target_workflow_loaded_cb,
                                  load_new (self));

  load_done (self);
}

/* The first request of @page for this release (@same_release) or this
 * workflow, path and target stage (transfer full). */
static ScApprovalRequest *
find_request (ScPromoteDialog *self,
              ScClientPage    *page,
              gboolean         same_release)
{
  for (guint i = 0; i < sc_client_page_get_n_items (page); i++)
    {
      g_autoptr(ScApprovalRequest) request =
        sc_approval_request_new_from_json (sc_client_page_get_item (page, i));
      const char *tag;

      if (request == NULL)
        continue;
      if (same_release &&
          g_strcmp0 (sc_approval_request_get_release_id (request),
                     release_id (self)) != 0)
        continue;
      if (g_strcmp0 (sc_approval_request_get_workflow_id (request),
                     sc_workflow_get_id (self->workflow)) != 0 ||
          g_strcmp0 (sc_approval_request_get_path_id (request), path_id (self)) != 0)
        continue;
      tag = sc_approval_request_get_target (request)->tag;
      if (tag == NULL || g_ascii_strcasecmp (tag, self->target->tag) != 0)
        continue;
      return g_steal_pointer (&request);
    }
  return NULL;
}

static void
requests_loaded (ScPromoteDialog    *self,
                 ScClientPage       *page,
                 const GError       *error,
                 ScApprovalRequest **slot,
                 gboolean            same_release)
{
  if (page != NULL)
    {
      g_clear_object (slot);
      *slot = find_request (self, page, same_release);
    }
  else if (!sc_session_report_if_unauthorized (self->session, error))
    {
      /* Not fatal: the preview names an approved request too, and the
       * server refuses a second open request with its reason. */
      g_debug ("Could not list approval requests: %s", error->message);
    }
  load_done (self);
}

static void
approved_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;

  page = sc_client_list_approval_requests_finish (SC_CLIENT (object), result, &error);
  if (!load_is_current (load, error))
    return;
  requests_loaded (load->self, page, error, &load->self->approved_request, TRUE);
}

static void
pending_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Load) load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;

  page = sc_client_list_approval_requests_finish (SC_CLIENT (object), result, &error);
  if (!load_is_current (load, error))
    return;
  /* one open request per workflow and target stage, whatever the release */
  requests_loaded (load->self, page, error, &load->self->pending_request, FALSE);
}

static void
show_path (ScPromoteDialog *self)
{
  int current = sc_path_progress_get_current_index (self->stages_item);
  g_autofree char *version = NULL;

  self->target = NULL;
  g_clear_pointer (&self->no_target_reason, g_free);

  if (current < 0)
    self->no_target_reason = g_strdup_printf (_("This workflow is not on path “%s”."),
                                              path_name (self));
  else if ((self->target = sc_path_progress_get_next_stage (self->stages_item)) == NULL)
    self->no_target_reason = g_strdup_printf (_("This workflow is at “%s”, the last stage of "
                                                "path “%s”: there is no next stage."),
                                              sc_path_progress_get_stage (self->stages_item,
                                                                            current)->tag,
                                              path_name (self));

  if (release_id (self) == NULL && self->no_target_reason == NULL)
    self->no_target_reason = g_strdup (_("Publish a release first: only releases can be "
                                         "promoted."));

  gtk_label_set_text (self->path_label, path_name (self));
  version = release_id (self) != NULL
            ? g_strdup_printf (_("v%d"), (int) sc_workflow_get_latest_version (self->workflow))
            : g_strdup (_("No release"));
  gtk_label_set_text (self->release_label, version);

  if (self->target != NULL)
    {
      /* Translators: a stage and its organization, "stage — Acme Staging" */
      g_autofree char *text = g_strdup_printf (_("%s — %s"),
                                               self->target->tag, self->target->org_name);

      gtk_label_set_text (self->target_label, text);
    }
  else
    {
      gtk_label_set_text (self->target_label, _("None"));
    }

  sc_stage_stepper_set_progress (self->stepper,
                               self->stages_item);
}

static void
start_load (ScPromoteDialog *self)
{
  ScClient *client = sc_session_get_client (self->session);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->generation++;
  self->pending_loads = 0;
  self->loaded = FALSE;
  g_clear_object (&self->preview);
  g_clear_object (&self->approved_request);
  g_clear_object (&self->pending_request);
  g_clear_pointer (&self->target_workflow_name, g_free);

  if (self->target == NULL || release_id (self) == NULL)
    {
      update_ui (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->preview_stack, "loading");

  self->pending_loads++;
  sc_client_preview_promotion_async (client, release_id (self),
                                     path_id (self), self->target->tag,
                                     self->load_cancellable, preview_loaded_cb, load_new (self));

  if (self->target->requires_approval)
    {
      self->pending_loads += 2;
      sc_client_list_approval_requests_async (client, "approved", NULL, FALSE, TRUE,
                                              SC_CLIENT_ALL_PAGES,
                                              self->load_cancellable, approved_loaded_cb,
                                              load_new (self));
      sc_client_list_approval_requests_async (client, "pending", NULL, FALSE, TRUE,
                                              SC_CLIENT_ALL_PAGES,
                                              self->load_cancellable, pending_loaded_cb,
                                              load_new (self));
    }

  update_ui (self);
}

static void
select_path (ScPromoteDialog *self,
             guint            index)
{
  ScPathProgress *item;

  if (self->stages_items == NULL || index >= self->stages_items->len)
    return;
  item = g_ptr_array_index (self->stages_items, index);
  if (item == self->stages_item)
    return;

  self->stages_item = item;
  /* another path is another attempt */
  g_clear_pointer (&self->idempotency_key, g_free);
  clear_error (self);
  show_path (self);
  start_load (self);
}

static void
path_selected_cb (ScPromoteDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->path_row);

  if (selected != GTK_INVALID_LIST_POSITION)
    select_path (self, selected);
}

/* --- confirming --------------------------------------------------------------------- */

/* After a failed confirm: whether the server settled the attempt (then a
 * new press is a new attempt with a new key) or never answered it (the
 * same key makes a retry safe). */
static gboolean
attempt_settled (const GError *error)
{
  if (g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NETWORK) ||
      g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_SERVER) ||
      g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED) ||
      g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_TLS) ||
      g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_PARSE))
    return FALSE;
  return TRUE;
}

static void
confirm_failed (ScPromoteDialog *self,
                const GError    *error)
{
  set_busy (self, FALSE);
  show_error (self, error);
  sc_session_report_if_unauthorized (self->session, error);

  if (attempt_settled (error))
    {
      g_clear_pointer (&self->idempotency_key, g_free);
      /* The server refused: what the preview said may be out of date (a
       * freeze, an open request, another promotion); ask again. */
      start_load (self);
    }
}

static void
promoted_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScPromoteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;

  record = sc_client_promote_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;

  if (record == NULL)
    {
      confirm_failed (self, error);
      return;
    }

  g_clear_pointer (&self->idempotency_key, g_free);
  self->busy = FALSE;
  g_signal_emit (self, signals[PROMOTED], 0, record);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
requested_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ScPromoteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;

  request = sc_client_create_approval_request_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;

  if (request == NULL)
    {
      confirm_failed (self, error);
      return;
    }

  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_object (&self->request);
  self->request = sc_approval_request_new_from_json (request);
  clear_error (self);
  set_busy (self, FALSE);
  g_signal_emit (self, signals[REQUESTED], 0, request);
}

static void
scheduled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(ScPromoteDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) schedule = NULL;

  schedule = sc_client_create_schedule_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;

  if (schedule == NULL)
    {
      confirm_failed (self, error);
      return;
    }

  g_clear_pointer (&self->idempotency_key, g_free);
  self->busy = FALSE;
  g_signal_emit (self, signals[SCHEDULED], 0, schedule);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
schedule_toggled_cb (ScPromoteDialog *self)
{
  /* another kind of attempt: a new key */
  g_clear_pointer (&self->idempotency_key, g_free);
  update_ui (self);
}

static void
schedule_changed_cb (ScPromoteDialog *self)
{
  g_clear_pointer (&self->idempotency_key, g_free);
  show_schedule_time (self);
}

static char *
message_text (ScPromoteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->message_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strstrip (text)[0] == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

static void
confirm_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ScPromoteDialog *self = SC_PROMOTE_DIALOG (widget);
  ScClient *client = sc_session_get_client (self->session);

  if (self->busy || self->target == NULL || release_id (self) == NULL || self->preview == NULL)
    return;
  if (self->mode != MODE_PROMOTE && self->mode != MODE_REQUEST)
    return;

  /* one key per attempt, kept for a retry of the same attempt */
  if (self->idempotency_key == NULL)
    self->idempotency_key = sc_client_new_idempotency_key ();

  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->action_cancellable = g_cancellable_new ();

  if (scheduling (self))
    {
      g_autoptr(GDateTime) when = schedule_time (self);

      if (when == NULL)
        return;
      sc_client_create_schedule_async (client, release_id (self),
                                       path_id (self), self->target->tag,
                                       approved_request_id (self), when, self->idempotency_key,
                                       self->action_cancellable, scheduled_cb,
                                       g_object_ref (self));
    }
  else if (self->mode == MODE_PROMOTE)
    {
      g_autofree char *override = sc_promotion_preview_get_allowed (self->preview,
                                                                    SC_PROMOTION_ACTION_PROMOTE)
                                  ? NULL : override_reason (self);

      if (override != NULL)
        sc_client_promote_overriding_async (client, release_id (self),
                                            path_id (self), self->target->tag,
                                            override, self->idempotency_key,
                                            self->action_cancellable, promoted_cb,
                                            g_object_ref (self));
      else
        sc_client_promote_async (client, release_id (self), path_id (self),
                                 self->target->tag, approved_request_id (self),
                                 self->idempotency_key, self->action_cancellable, promoted_cb,
                                 g_object_ref (self));
    }
  else
    {
      g_autofree char *message = message_text (self);

      sc_client_create_approval_request_async (client, release_id (self),
                                               path_id (self),
                                               self->target->tag,
                                               message, self->idempotency_key,
                                               self->action_cancellable, requested_cb,
                                               g_object_ref (self));
    }

  set_busy (self, TRUE);
}

static void
retry_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start_load (SC_PROMOTE_DIALOG (widget));
}

/* --- GObject ------------------------------------------------------------------------ */

static void
sc_promote_dialog_dispose (GObject *object)
{
  ScPromoteDialog *self = (ScPromoteDialog *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->action_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PROMOTE_DIALOG);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->action_cancellable);
  g_clear_object (&self->session);
  self->stages_item = NULL;
  self->target = NULL;
  g_clear_object (&self->workflow);
  g_clear_pointer (&self->stages_items, g_ptr_array_unref);
  g_clear_object (&self->preview);
  g_clear_object (&self->approved_request);
  g_clear_object (&self->pending_request);
  g_clear_object (&self->request);

  G_OBJECT_CLASS (sc_promote_dialog_parent_class)->dispose (object);
}

static void
sc_promote_dialog_finalize (GObject *object)
{
  ScPromoteDialog *self = (ScPromoteDialog *)object;

  g_free (self->no_target_reason);
  g_free (self->target_workflow_name);
  g_free (self->idempotency_key);

  G_OBJECT_CLASS (sc_promote_dialog_parent_class)->finalize (object);
}

static void
sc_promote_dialog_class_init (ScPromoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_promote_dialog_dispose;
  object_class->finalize = sc_promote_dialog_finalize;

  g_type_ensure (SC_TYPE_STAGE_STEPPER);
  g_type_ensure (SC_TYPE_PROMOTION_DIFF);

  /**
   * ScPromoteDialog::promoted:
   * @record: the promotion record the server answered
   */
  signals[PROMOTED] = g_signal_new ("promoted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  /**
   * ScPromoteDialog::requested:
   * @request: the approval request the server answered
   */
  signals[REQUESTED] = g_signal_new ("requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  /**
   * ScPromoteDialog::scheduled:
   * @schedule: the schedule the server answered
   */
  signals[SCHEDULED] = g_signal_new ("scheduled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-promote-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, primary_button);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, primary_stack);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, primary_label);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, primary_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, error_list);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, path_name_row);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, path_label);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, release_label);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, target_label);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, stepper);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, preview_error_page);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, summary_row);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, refusals_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, refusals_list);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, diff);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, override_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, override_row);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, request_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, message_view);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, state_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, state_row);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, state_icon);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, schedule_switch);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, schedule_box);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, ScPromoteDialog, schedule_label);
  gtk_widget_class_bind_template_callback (widget_class, schedule_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_changed_cb);

  gtk_widget_class_install_action (widget_class, "promote.confirm", NULL, confirm_action_cb);
  gtk_widget_class_install_action (widget_class, "promote.retry", NULL, retry_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sc_promote_dialog_init (ScPromoteDialog *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
  self->mode = MODE_PROMOTE;

  /* Schedule… starts at the next full hour, an hour from now at least */
  now = g_date_time_new_now_local ();
  later = g_date_time_add_minutes (now, 120 - g_date_time_get_minute (now));
  gtk_calendar_select_day (self->calendar, later);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (later));
  gtk_spin_button_set_value (self->minute_spin, 0);
  g_signal_connect_object (self->override_row, "changed", G_CALLBACK (update_ui), self,
                           G_CONNECT_SWAPPED);
}

/* --- public API ------------------------------------------------------------------------ */

/* The path to show first: the first one whose next stage the server allows
 * the caller to act on, else the first with a next stage, else the first. */
static guint
first_path (GPtrArray *items)
{
  guint with_next = G_MAXUINT;

  for (guint i = 0; i < items->len; i++)
    {
      const ScProgressStage *next = sc_path_progress_get_next_stage (g_ptr_array_index (items, i));

      if (next == NULL)
        continue;
      if (next->allowed)
        return i;
      if (with_next == G_MAXUINT)
        with_next = i;
    }
  return with_next != G_MAXUINT ? with_next : 0;
}

GtkWidget *
sc_promote_dialog_new_for_paths (ScSession  *session,
                                 ScWorkflow *workflow,
                                 GListModel *progress)
{
  ScPromoteDialog *self;
  guint n_items;
  guint first;

  g_return_val_if_fail (SC_IS_SESSION (session), NULL);
  g_return_val_if_fail (SC_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (progress), NULL);
  g_return_val_if_fail (g_list_model_get_item_type (progress) == SC_TYPE_PATH_PROGRESS, NULL);

  n_items = g_list_model_get_n_items (progress);
  g_return_val_if_fail (n_items > 0, NULL);

  self = g_object_new (SC_TYPE_PROMOTE_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->workflow = g_object_ref (workflow);
  self->stages_items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_items; i++)
    g_ptr_array_add (self->stages_items, g_list_model_get_item (progress, i));

  adw_window_title_set_subtitle (self->window_title, sc_workflow_get_name (self->workflow));

  first = first_path (self->stages_items);
  if (n_items > 1)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint i = 0; i < n_items; i++)
        {
          const char *name = sc_path_progress_get_path_name (g_ptr_array_index (self->stages_items, i));

          gtk_string_list_append (names, name != NULL ? name : "");
        }
      adw_combo_row_set_model (self->path_row, G_LIST_MODEL (names));
      adw_combo_row_set_selected (self->path_row, first);
      gtk_widget_set_visible (GTK_WIDGET (self->path_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->path_name_row), FALSE);
      g_signal_connect_object (self->path_row, "notify::selected",
                               G_CALLBACK (path_selected_cb), self, G_CONNECT_SWAPPED);
    }

  self->stages_item = g_ptr_array_index (self->stages_items, first);
  show_path (self);
  start_load (self);

  return GTK_WIDGET (self);
}

GtkWidget *
sc_promote_dialog_new (ScSession      *session,
                       ScWorkflow     *workflow,
                       ScPathProgress *progress)
{
  g_autoptr(GListStore) items = NULL;

  g_return_val_if_fail (SC_IS_SESSION (session), NULL);
  g_return_val_if_fail (SC_IS_WORKFLOW (workflow), NULL);
  g_return_val_if_fail (SC_IS_PATH_PROGRESS (progress), NULL);

  items = g_list_store_new (SC_TYPE_PATH_PROGRESS);
  g_list_store_append (items, progress);
  return sc_promote_dialog_new_for_paths (session, workflow, G_LIST_MODEL (items));
}
