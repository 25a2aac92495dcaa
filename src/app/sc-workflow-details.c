/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-WorkflowDetails"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-history-list.h"
#include "sc-json.h"
#include "sc-paged-group.h"
#include "sc-path-progress.h"
#include "sc-promote-dialog.h"
#include "sc-promotion-record.h"
#include "sc-releases-list-private.h"
#include "sc-rollback-dialog.h"
#include "sc-share-dialog.h"
#include "sc-stage-stepper.h"
#include "sc-ui-util.h"
#include "sc-workflow-details-private.h"
#include "sc-workflow.h"

struct _ScWorkflowDetails
{
  GtkWidget            parent_instance;

  /* template */
  GtkStack            *stack;
  GtkSpinner          *spinner;
  AdwStatusPage       *error_page;
  GtkWidget           *retry_button;
  GtkLabel            *name_label;
  GtkLabel            *description_label;
  GtkLabel            *meta_label;
  GtkWidget           *origin_box;
  GtkLabel            *origin_label;
  GtkWidget           *rollback_button;
  GtkWidget           *share_button;
  AdwPreferencesGroup *stages_group;
  ScReleasesList      *releases_list;
  ScHistoryList       *history_list;

  ScSession           *session;
  char                *workflow_id;

  /* the load in flight: four calls, shown together */
  GCancellable        *cancellable;
  guint                pending;
  GError              *load_error;
  JsonObject          *new_workflow;
  ScClientPage        *new_stages;
  ScClientPage        *new_releases;
  ScClientPage        *new_history;

  /* what is shown; the API's object too, for the dialogs that take it */
  ScWorkflow          *workflow;
  JsonObject          *workflow_json;
  GPtrArray           *progress;        /* ScPathProgress, one per path read */
  GPtrArray           *group_children;  /* (group, widget) pairs added at render */
  GPtrArray           *promote_buttons;
  GPtrArray           *promote_hints;
  GPtrArray           *steppers;
  char                *error_message;
  gboolean             loading;

  /* a page of Releases and History; 0: the server's default */
  guint                page_size;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_TITLE,
  PROP_STATE,
  N_PROPS
};

enum {
  WORKFLOW_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScWorkflowDetails, sc_workflow_details, GTK_TYPE_WIDGET)

typedef enum {
  PART_WORKFLOW,
  PART_STAGES,
  PART_RELEASES,
  PART_HISTORY,
} Part;

typedef struct {
  ScWorkflowDetails *self;
  GCancellable      *cancellable;
  Part               part;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

/* --- helpers -------------------------------------------------------------- */

static void
set_loading (ScWorkflowDetails *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_page (ScWorkflowDetails *self,
           const char        *name)
{
  sc_stack_set_page (self->stack, name, G_OBJECT (self), properties[PROP_STATE]);
}

/* Reports a 401 to the session, if there is one; returns whether @error was one. */
static gboolean
check_unauthorized (ScWorkflowDetails *self,
                    const GError      *error)
{
  if (self->session != NULL)
    return sc_session_report_if_unauthorized (self->session, error);
  return g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_UNAUTHENTICATED);
}

static void
clear_pending (ScWorkflowDetails *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->pending = 0;
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->new_workflow, json_object_unref);
  g_clear_pointer (&self->new_stages, sc_client_page_unref);
  g_clear_pointer (&self->new_releases, sc_client_page_unref);
  g_clear_pointer (&self->new_history, sc_client_page_unref);
}

static void
clear_content (ScWorkflowDetails *self)
{
  sc_paged_group_clear (SC_PAGED_GROUP (self->releases_list));
  sc_paged_group_clear (SC_PAGED_GROUP (self->history_list));

  for (guint i = 0; i + 1 < self->group_children->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->group_children, i),
                                  g_ptr_array_index (self->group_children, i + 1));
  g_ptr_array_set_size (self->group_children, 0);
  g_ptr_array_set_size (self->promote_buttons, 0);
  g_ptr_array_set_size (self->promote_hints, 0);
  g_ptr_array_set_size (self->steppers, 0);
}

static void
group_add (ScWorkflowDetails   *self,
           AdwPreferencesGroup *group,
           GtkWidget           *child)
{
  adw_preferences_group_add (group, child);
  g_ptr_array_add (self->group_children, group);
  g_ptr_array_add (self->group_children, child);
}

static GtkWidget *
placeholder_row_new (const char *title,
                     const char *subtitle)
{
  GtkWidget *row = sc_text_row_new (title, subtitle);

  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* org id → name as the stages name them (strings of self->progress) */
static GHashTable *
org_names_new (ScWorkflowDetails *self)
{
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->progress->len; i++)
    {
      ScPathProgress *progress = g_ptr_array_index (self->progress, i);

      for (guint j = 0; j < sc_path_progress_get_n_stages (progress); j++)
        {
          const ScProgressStage *stage = sc_path_progress_get_stage (progress, j);

          if (stage->org_id != NULL && stage->org_name != NULL)
            g_hash_table_insert (names, stage->org_id, stage->org_name);
        }
    }
  return names;
}

/* --- dialogs of other modules --------------------------------------------- */

static void
present_dialog (ScWorkflowDetails *self,
                GtkWidget         *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
promoted_cb (ScWorkflowDetails *self,
             JsonObject        *record)
{
  g_autofree char *title = NULL;
  g_autoptr(ScPromotionRecord) promotion = sc_promotion_record_new_from_json (record);
  guint version = promotion != NULL ? sc_promotion_record_get_release_version (promotion) : 0;
  const char *tag = promotion != NULL ? sc_promotion_record_get_target (promotion)->tag : NULL;

  /* Translators: a toast, "Promoted v2 to stage" (a stage's tag) */
  title = g_strdup_printf (_("Promoted v%d to %s"), (int) version, tag != NULL ? tag : "?");
  sc_widget_add_toast (GTK_WIDGET (self), title);
  sc_workflow_details_reload (self);
}

static void
requested_cb (ScWorkflowDetails *self,
              JsonObject        *request)
{
  sc_widget_add_toast (GTK_WIDGET (self), _("Promotion requested"));
  sc_workflow_details_reload (self);
}

static void
scheduled_cb (ScWorkflowDetails *self,
              JsonObject        *schedule)
{
  sc_widget_add_toast (GTK_WIDGET (self), _("Promotion scheduled"));
}

static void
rolled_back_cb (ScWorkflowDetails *self,
                JsonObject        *record)
{
  g_autofree char *title = NULL;
  g_autoptr(ScPromotionRecord) rollback = sc_promotion_record_new_from_json (record);

  /* Translators: a toast, "Rolled back to v1" */
  title = g_strdup_printf (_("Rolled back to v%d"),
                           rollback != NULL ? (int) sc_promotion_record_get_release_version (rollback) : 0);
  sc_widget_add_toast (GTK_WIDGET (self), title);
  sc_workflow_details_reload (self);
}

static void
shared_cb (ScWorkflowDetails *self,
           JsonObject        *sharing)
{
  sc_widget_add_toast (GTK_WIDGET (self), _("Sharing saved"));
  sc_workflow_details_reload (self);
}

/* The promote, rollback and share dialogs live in sc-promote-dialog.c,
 * sc-rollback-dialog.c and sc-share-dialog.c; everything this view needs
 * of them is here. */
static void
open_promote_dialog (ScWorkflowDetails *self,
                     ScPathProgress    *progress)
{
  GtkWidget *dialog;

  dialog = sc_promote_dialog_new (self->session, self->workflow, progress);
  g_signal_connect_object (dialog, "promoted", G_CALLBACK (promoted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "requested", G_CALLBACK (requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "scheduled", G_CALLBACK (scheduled_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

static void
open_rollback_dialog (ScWorkflowDetails *self)
{
  GtkWidget *dialog;

  dialog = sc_rollback_dialog_new (self->session, self->workflow);
  g_signal_connect_object (dialog, "rolled-back", G_CALLBACK (rolled_back_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

static void
share_clicked_cb (ScWorkflowDetails *self)
{
  GtkWidget *dialog;

  if (self->workflow == NULL || self->session == NULL)
    return;
  dialog = sc_share_dialog_new (self->session, self->workflow);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (shared_cb), self, G_CONNECT_SWAPPED);
  present_dialog (self, dialog);
}

/* --- rendering ------------------------------------------------------------ */

static void
promote_clicked_cb (ScWorkflowDetails *self,
                    GtkButton         *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "path-index"));

  if (index >= self->progress->len || self->workflow == NULL)
    return;
  open_promote_dialog (self, g_ptr_array_index (self->progress, index));
}

static GtkWidget *
path_card_new (ScWorkflowDetails *self,
               ScPathProgress    *progress,
               guint              index)
{
  const ScProgressStage *next = sc_path_progress_get_next_stage (progress);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *title = gtk_label_new (sc_path_progress_get_path_name (progress));
  GtkWidget *stepper = sc_stage_stepper_new ();
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *hint = gtk_label_new (NULL);
  const char *reason = next != NULL ? next->reason : NULL;
  const char *next_org = next != NULL && next->org_name != NULL ? next->org_name : "";
  /* the caller's own open request for that stage: pending or approved */
  gboolean open_pending = next != NULL && next->has_open_request &&
                          next->open_request_state == SC_APPROVAL_STATE_PENDING;
  gboolean open_approved = next != NULL && next->has_open_request &&
                           next->open_request_state == SC_APPROVAL_STATE_APPROVED;
  /* what the button does and whether it may: the server's answer, as is */
  gboolean view_request = next != NULL && next->action == SC_STAGE_ACTION_VIEW_REQUEST;
  gboolean request = next != NULL && next->action == SC_STAGE_ACTION_REQUEST;
  gboolean allowed = next != NULL && next->allowed;
  /* an admin may open the dialog to override deny windows, with a reason */
  gboolean may_override = next != NULL && next->override_allowed;
  g_autofree char *hint_text = NULL;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_widget_set_margin_top (inner, 12);
  gtk_widget_set_margin_bottom (inner, 12);
  gtk_box_append (GTK_BOX (card), inner);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (inner), title);

  sc_stage_stepper_set_progress (SC_STAGE_STEPPER (stepper), progress);
  gtk_box_append (GTK_BOX (inner), stepper);

  gtk_button_set_use_underline (GTK_BUTTON (button), TRUE);
  if (view_request)
    gtk_button_set_label (GTK_BUTTON (button), _("_View Request"));
  else if (request)
    gtk_button_set_label (GTK_BUTTON (button), _("_Request to Promote"));
  else
    gtk_button_set_label (GTK_BUTTON (button), _("_Promote"));
  sc_ui_button_fix_mnemonic_name (button);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (!view_request)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_sensitive (button, allowed || may_override);
  gtk_widget_set_visible (button, next != NULL);
  g_object_set_data (G_OBJECT (button), "path-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (promote_clicked_cb), self, G_CONNECT_SWAPPED);

  if (next == NULL && sc_path_progress_get_current_index (progress) < 0)
    hint_text = g_strdup (_("The workflow is at no stage of this path."));
  else if (next == NULL)
    hint_text = g_strdup (_("The workflow is at the last stage of this path."));
  else if (view_request && open_pending)
    {
      int required = (int) next->open_request_required;

      hint_text = g_strdup_printf (ngettext (/* Translators: beside View Request: how many
                                              * reviewers approved the user's request so far,
                                              * "Request pending — 0 of 1 approval" */
                                             "Request pending — %d of %d approval",
                                             "Request pending — %d of %d approvals",
                                             (unsigned long) required),
                                   (int) next->open_request_approvals, required);
    }
  else if (view_request)
    hint_text = g_strdup (_("Your approved request is for an earlier release: cancel it and request again for the latest one."));
  else if (!allowed)
    hint_text = g_strdup (reason != NULL ? reason : _("You may not promote this workflow."));
  else if (open_approved)
    /* Translators: beside Promote once the user's request was approved: the
     * next stage's tag and org */
    hint_text = g_strdup_printf (_("Request approved — to “%s” (%s)"), next->tag, next_org);
  else if (request)
    /* Translators: beside Request to Promote: the next stage's tag and org */
    hint_text = g_strdup_printf (_("To “%s” (%s), after approval"), next->tag, next_org);
  else
    /* Translators: beside Promote: the next stage's tag and org */
    hint_text = g_strdup_printf (_("To “%s” (%s)"), next->tag, next_org);

  gtk_label_set_text (GTK_LABEL (hint), hint_text);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (hint), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (hint, TRUE);
  gtk_widget_set_valign (hint, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (hint, "dim-label");
  if (next != NULL && !allowed)
    {
      /* disabled, or open only to override: the reason, with when it reopens */
      gtk_widget_set_tooltip_text (button, hint_text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint_text,
                                      -1);
    }

  gtk_box_append (GTK_BOX (actions), button);
  gtk_box_append (GTK_BOX (actions), hint);
  gtk_box_append (GTK_BOX (inner), actions);


  g_ptr_array_add (self->promote_buttons, button);
  g_ptr_array_add (self->promote_hints, hint);
  g_ptr_array_add (self->steppers, stepper);
  return card;
}

/* The name of @org_id: as the stages name it, else as the memberships do. */
static const char *
org_name (ScWorkflowDetails *self,
          GHashTable        *org_names,
          const char        *org_id)
{
  const char *name = org_id != NULL ? g_hash_table_lookup (org_names, org_id) : NULL;

  if (name == NULL && org_id != NULL && self->session != NULL)
    name = sc_session_get_org_name_in (self->session, org_id);
  return name;
}

static void
render_header (ScWorkflowDetails *self,
               GHashTable        *org_names)
{
  ScWorkflow *workflow = self->workflow;
  const char *description = sc_workflow_get_description (workflow);
  const char *org_id = sc_workflow_get_org_id (workflow);
  const char *name = org_name (self, org_names, org_id);
  const char *owner_email = sc_workflow_get_owner_email (workflow);
  const char *origin_org_id = NULL, *origin_stage = NULL;
  gboolean origin = sc_workflow_get_origin (workflow, &origin_org_id, &origin_stage);
  g_autofree char *meta = NULL;
  gboolean admin;

  gtk_label_set_text (self->name_label, sc_workflow_get_name (workflow));
  gtk_label_set_text (self->description_label, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL && description[0] != '\0');

  /* Translators: under a workflow's name: its owner's e-mail and its org */
  meta = g_strdup_printf (_("Owned by %s · %s"), owner_email != NULL ? owner_email : _("nobody"),
                          name != NULL ? name : (org_id != NULL ? org_id : ""));
  gtk_label_set_text (self->meta_label, meta);

  gtk_widget_set_visible (self->origin_box, origin);
  if (origin)
    {
      const char *from = org_name (self, org_names, origin_org_id);
      g_autofree char *text = NULL;

      if (from != NULL)
        /* Translators: a promoted copy: the org it came from and its stage's tag */
        text = g_strdup_printf (_("Promoted from %s; at stage “%s”."), from,
                                origin_stage != NULL ? origin_stage : "");
      else
        /* Translators: a promoted copy: its stage's tag */
        text = g_strdup_printf (_("A promoted copy, at stage “%s”."),
                                origin_stage != NULL ? origin_stage : "");
      gtk_label_set_text (self->origin_label, text);
    }

  admin = self->session != NULL && org_id != NULL &&
          sc_session_get_role_in (self->session, org_id) == SC_ROLE_ADMIN;
  gtk_widget_set_visible (self->rollback_button, origin && admin);

  /* anyone who sees a workflow may see with whom it is shared; the dialog
   * is read only without manage permission */
  gtk_widget_set_tooltip_text (self->share_button,
                               sc_workflow_get_permission (workflow) == SC_PERMISSION_MANAGE
                               ? _("Choose who may view or manage this workflow")
                               : _("See who has access to this workflow; only its managers can "
                                   "change that"));
}

/* Reads @stages (nullable), the stages answer, into self->progress;
 * what does not read is left out. */
static void
read_stages (ScWorkflowDetails *self,
             ScClientPage      *stages)
{
  guint n = stages != NULL ? sc_client_page_get_n_items (stages) : 0;

  g_ptr_array_set_size (self->progress, 0);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = sc_client_page_get_item (stages, i);
      ScPathProgress *progress = sc_path_progress_new_from_json (item);

      if (progress == NULL)
        continue;
      g_ptr_array_add (self->progress, progress);
    }
}

static void
render_stages (ScWorkflowDetails *self)
{
  for (guint i = 0; i < self->progress->len; i++)
    group_add (self, self->stages_group,
               path_card_new (self, g_ptr_array_index (self->progress, i), i));

  if (self->progress->len == 0)
    group_add (self, self->stages_group,
               placeholder_row_new (_("Not on a Promotion Path"),
                                    _("An admin of the organization sets up the paths workflows are promoted along.")));
}

static void
render (ScWorkflowDetails *self,
        ScClientPage      *releases,
        ScClientPage      *history)
{
  g_autoptr(GHashTable) org_names = org_names_new (self);

  clear_content (self);
  render_header (self, org_names);
  render_stages (self);
  sc_paged_group_set_source (SC_PAGED_GROUP (self->releases_list), self->session,
                             self->workflow_id, self->page_size);
  sc_releases_list_show (self->releases_list, self->workflow, releases);
  sc_paged_group_set_source (SC_PAGED_GROUP (self->history_list), self->session,
                             self->workflow_id, self->page_size);
  sc_history_list_show (self->history_list, history, org_names);
}

/* --- loading -------------------------------------------------------------- */

static void
finish_load (ScWorkflowDetails *self)
{
  g_autoptr(GError) error = g_steal_pointer (&self->load_error);
  g_autoptr(ScClientPage) releases = g_steal_pointer (&self->new_releases);
  g_autoptr(ScClientPage) history = g_steal_pointer (&self->new_history);
  g_autoptr(JsonObject) workflow = g_steal_pointer (&self->new_workflow);
  g_autoptr(ScClientPage) stages = g_steal_pointer (&self->new_stages);
  const char *shown = gtk_stack_get_visible_child_name (self->stack);

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      /* Signing in again comes first; what is shown stays. */
      if (check_unauthorized (self, error) && g_strcmp0 (shown, "content") == 0)
        {
          set_loading (self, FALSE);
          return;
        }

      g_free (self->error_message);
      self->error_message = g_strdup (error->message);
      sc_status_page_set_error (self->error_page, error);
      adw_status_page_set_icon_name (self->error_page,
                                     g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_NETWORK) ||
                                     g_error_matches (error, SC_CLIENT_ERROR, SC_CLIENT_ERROR_TLS)
                                     ? "network-error-symbolic" : "dialog-error-symbolic");
      show_page (self, "error");
      set_loading (self, FALSE);
      return;
    }

  g_clear_pointer (&self->error_message, g_free);
  g_clear_object (&self->workflow);
  self->workflow = sc_workflow_new (workflow);
  g_clear_pointer (&self->workflow_json, json_object_unref);
  self->workflow_json = g_steal_pointer (&workflow);
  read_stages (self, stages);

  render (self, releases, history);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  show_page (self, "content");
  set_loading (self, FALSE);

  g_signal_emit (self, signals[WORKFLOW_LOADED], 0, self->workflow_json);
}

static void
part_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  ScWorkflowDetails *self = data->self;
  ScClient *client = SC_CLIENT (source);
  g_autoptr(GError) error = NULL;

  switch (data->part)
    {
    case PART_WORKFLOW:
      {
        g_autoptr(JsonObject) workflow = sc_client_get_workflow_finish (client, result, &error);

        if (data->cancellable == self->cancellable && workflow != NULL)
          self->new_workflow = g_steal_pointer (&workflow);
      }
      break;
    case PART_STAGES:
      {
        g_autoptr(ScClientPage) stages = sc_client_get_stages_finish (client, result, &error);

        if (data->cancellable == self->cancellable && stages != NULL)
          self->new_stages = g_steal_pointer (&stages);
      }
      break;
    case PART_RELEASES:
      {
        g_autoptr(ScClientPage) page = sc_client_list_releases_finish (client, result, &error);

        if (data->cancellable == self->cancellable && page != NULL)
          self->new_releases = g_steal_pointer (&page);
      }
      break;
    case PART_HISTORY:
      {
        g_autoptr(ScClientPage) page = sc_client_list_promotions_finish (client, result, &error);

        if (data->cancellable == self->cancellable && page != NULL)
          self->new_history = g_steal_pointer (&page);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  if (data->cancellable != self->cancellable || g_cancellable_is_cancelled (data->cancellable))
    return;

  /* The workflow's own failure says most (404: it is gone). */
  if (error != NULL && (self->load_error == NULL || data->part == PART_WORKFLOW))
    {
      g_clear_error (&self->load_error);
      self->load_error = g_steal_pointer (&error);
    }

  g_assert (self->pending > 0);
  if (--self->pending == 0)
    finish_load (self);
}

static LoadData *
load_data_new (ScWorkflowDetails *self,
               Part               part)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  data->part = part;
  return data;
}

static void
start_load (ScWorkflowDetails *self)
{
  ScClient *client;

  clear_pending (self);

  if (self->session == NULL || self->workflow_id == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  client = sc_session_get_client (self->session);
  self->cancellable = g_cancellable_new ();
  self->pending = 4;
  set_loading (self, TRUE);

  /* A reload keeps the content until the new one is there. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "content") != 0)
    show_page (self, "loading");

  sc_client_get_workflow_async (client, self->workflow_id, self->cancellable,
                                part_loaded_cb, load_data_new (self, PART_WORKFLOW));
  sc_client_get_stages_async (client, self->workflow_id, self->cancellable,
                              part_loaded_cb, load_data_new (self, PART_STAGES));
  sc_client_list_releases_async (client, self->workflow_id, self->page_size, NULL, self->cancellable,
                                 part_loaded_cb, load_data_new (self, PART_RELEASES));
  sc_client_list_promotions_async (client, self->workflow_id, NULL, self->page_size, NULL,
                                   self->cancellable,
                                   part_loaded_cb, load_data_new (self, PART_HISTORY));
}

static void
reset (ScWorkflowDetails *self)
{
  clear_pending (self);
  clear_content (self);
  g_clear_object (&self->workflow);
  g_clear_pointer (&self->workflow_json, json_object_unref);
  read_stages (self, NULL);
  g_clear_pointer (&self->error_message, g_free);
  sc_releases_list_reset (self->releases_list);
  show_page (self, "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* --- callbacks of the template --------------------------------------------- */

static void
retry_clicked_cb (ScWorkflowDetails *self)
{
  sc_workflow_details_reload (self);
}

static void
releases_changed_cb (ScWorkflowDetails *self)
{
  sc_workflow_details_reload (self);
}

static void
rollback_clicked_cb (ScWorkflowDetails *self)
{
  if (self->workflow != NULL && self->session != NULL)
    open_rollback_dialog (self);
}

/* --- GObject ---------------------------------------------------------------- */

static void
sc_workflow_details_dispose (GObject *object)
{
  ScWorkflowDetails *self = (ScWorkflowDetails *)object;

  clear_pending (self);
  if (self->group_children != NULL)
    g_ptr_array_set_size (self->group_children, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WORKFLOW_DETAILS);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_workflow_details_parent_class)->dispose (object);
}

static void
sc_workflow_details_finalize (GObject *object)
{
  ScWorkflowDetails *self = (ScWorkflowDetails *)object;

  g_clear_pointer (&self->workflow_id, g_free);
  g_clear_object (&self->workflow);
  g_clear_pointer (&self->workflow_json, json_object_unref);
  g_clear_pointer (&self->progress, g_ptr_array_unref);
  g_clear_pointer (&self->group_children, g_ptr_array_unref);
  g_clear_pointer (&self->promote_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->promote_hints, g_ptr_array_unref);
  g_clear_pointer (&self->steppers, g_ptr_array_unref);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (sc_workflow_details_parent_class)->finalize (object);
}

static void
sc_workflow_details_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ScWorkflowDetails *self = SC_WORKFLOW_DETAILS (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_TITLE:
      g_value_set_string (value, sc_workflow_details_get_title (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, sc_workflow_details_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_workflow_details_class_init (ScWorkflowDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_workflow_details_dispose;
  object_class->finalize = sc_workflow_details_finalize;
  object_class->get_property = sc_workflow_details_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[WORKFLOW_LOADED] =
    g_signal_new ("workflow-loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-workflow-details.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, retry_button);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, description_label);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, meta_label);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, origin_box);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, origin_label);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, rollback_button);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, share_button);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, stages_group);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, releases_list);
  gtk_widget_class_bind_template_child (widget_class, ScWorkflowDetails, history_list);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rollback_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, releases_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, share_clicked_cb);
}

static void
sc_workflow_details_init (ScWorkflowDetails *self)
{
  g_type_ensure (SC_TYPE_RELEASES_LIST);
  g_type_ensure (SC_TYPE_HISTORY_LIST);
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));

  self->progress = g_ptr_array_new_with_free_func (g_object_unref);
  self->group_children = g_ptr_array_new ();
  self->promote_buttons = g_ptr_array_new ();
  self->promote_hints = g_ptr_array_new ();
  self->steppers = g_ptr_array_new ();

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* --- public API ---------------------------------------------------------- */

GtkWidget *
sc_workflow_details_new (void)
{
  return g_object_new (SC_TYPE_WORKFLOW_DETAILS, NULL);
}

void
sc_workflow_details_set_session (ScWorkflowDetails *self,
                                 ScSession         *session)
{
  g_return_if_fail (SC_IS_WORKFLOW_DETAILS (self));
  g_return_if_fail (session == NULL || SC_IS_SESSION (session));

  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  g_clear_pointer (&self->workflow_id, g_free);
  reset (self);
}

ScSession *
sc_workflow_details_get_session (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return self->session;
}

void
sc_workflow_details_set_workflow_id (ScWorkflowDetails *self,
                                     const char        *workflow_id)
{
  g_return_if_fail (SC_IS_WORKFLOW_DETAILS (self));

  if (g_strcmp0 (self->workflow_id, workflow_id) == 0)
    return;

  g_free (self->workflow_id);
  self->workflow_id = g_strdup (workflow_id);
  reset (self);
  start_load (self);
}

const char *
sc_workflow_details_get_workflow_id (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return self->workflow_id;
}

ScWorkflow *
sc_workflow_details_get_workflow (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return self->workflow;
}

void
sc_workflow_details_reload (ScWorkflowDetails *self)
{
  g_return_if_fail (SC_IS_WORKFLOW_DETAILS (self));
  start_load (self);
}

gboolean
sc_workflow_details_get_loading (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), FALSE);
  return self->loading;
}

const char *
sc_workflow_details_get_title (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return self->workflow != NULL ? sc_workflow_get_name (self->workflow) : NULL;
}

const char *
sc_workflow_details_get_state (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
sc_workflow_details_get_error_message (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return self->error_message;
}

guint
sc_workflow_details_get_n_paths (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), 0);
  return self->promote_buttons->len;
}

GtkWidget *
sc_workflow_details_get_promote_button (ScWorkflowDetails *self,
                                        guint              path_index)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return path_index < self->promote_buttons->len ? g_ptr_array_index (self->promote_buttons, path_index) : NULL;
}

GtkWidget *
sc_workflow_details_get_promote_hint (ScWorkflowDetails *self,
                                      guint              path_index)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return path_index < self->promote_hints->len ? g_ptr_array_index (self->promote_hints, path_index) : NULL;
}

GtkWidget *
sc_workflow_details_get_stepper (ScWorkflowDetails *self,
                                 guint              path_index)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return path_index < self->steppers->len ? g_ptr_array_index (self->steppers, path_index) : NULL;
}

guint
sc_workflow_details_get_history_count (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), 0);
  return sc_paged_group_get_n_items (SC_PAGED_GROUP (self->history_list));
}

guint
sc_workflow_details_get_release_count (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), 0);
  return sc_paged_group_get_n_items (SC_PAGED_GROUP (self->releases_list));
}

GtkWidget *
sc_workflow_details_get_publish_button (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return sc_releases_list_get_publish_button (self->releases_list);
}

GtkWidget *
sc_workflow_details_get_share_button (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return self->share_button;
}

GtkWidget *
sc_workflow_details_get_rollback_button (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return self->rollback_button;
}

GtkWidget *
sc_workflow_details_get_publish_dialog (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return sc_releases_list_get_publish_dialog (self->releases_list);
}

GtkWidget *
sc_workflow_details_get_block_dialog (ScWorkflowDetails *self)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return sc_releases_list_get_block_dialog (self->releases_list);
}

void
sc_workflow_details_set_page_size (ScWorkflowDetails *self,
                                   guint              page_size)
{
  g_return_if_fail (SC_IS_WORKFLOW_DETAILS (self));
  g_return_if_fail (page_size <= 500);

  self->page_size = page_size;
}

static ScPagedGroup *
get_list (ScWorkflowDetails     *self,
          ScWorkflowDetailsList  list)
{
  return list == SC_WORKFLOW_DETAILS_RELEASES ? SC_PAGED_GROUP (self->releases_list)
                                              : SC_PAGED_GROUP (self->history_list);
}

GtkWidget *
sc_workflow_details_get_more_button (ScWorkflowDetails     *self,
                                     ScWorkflowDetailsList  list)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return sc_paged_group_get_more_button (get_list (self, list));
}

const char *
sc_workflow_details_get_more_error (ScWorkflowDetails     *self,
                                    ScWorkflowDetailsList  list)
{
  g_return_val_if_fail (SC_IS_WORKFLOW_DETAILS (self), NULL);
  return sc_paged_group_get_more_error (get_list (self, list));
}
