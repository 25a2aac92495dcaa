/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-ReleasesList"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-releases-list-private.h"
#include "sc-ui-util.h"
#include "sc-workflow.h"

struct _ScReleasesList
{
  ScPagedGroup  parent_instance;

  /* template */
  GtkWidget    *publish_button;

  ScWorkflow   *workflow;
  gboolean      admin;

  /* publishing */
  GCancellable *action_cancellable;
  GtkWidget    *publish_dialog;
  GtkWidget    *publish_entry;
  GtkWidget    *publish_error;
  /* Block Release…: the same kind of dialog, for one release */
  GtkWidget    *block_dialog;
  GtkWidget    *block_entry;
  GtkWidget    *block_error;
  char         *block_release_id;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScReleasesList, sc_releases_list, SC_TYPE_PAGED_GROUP)

static void
check_unauthorized (ScReleasesList *self,
                    const GError   *error)
{
  ScSession *session = sc_paged_group_get_session (SC_PAGED_GROUP (self));

  if (session != NULL)
    sc_session_report_if_unauthorized (session, error);
}

static void block_button_clicked_cb (ScReleasesList *self,
                                     GtkButton      *button);

static gpointer
read_item (JsonObject *item)
{
  return sc_release_new_from_json (item);
}

static GtkWidget *
create_row (ScPagedGroup *group,
            gpointer      item)
{
  ScReleasesList *self = SC_RELEASES_LIST (group);
  ScRelease *release = SC_RELEASE (item);
  /* blocking is for admins of the workflow's org; the server says no to
   * anyone else anyway */
  gboolean admin = self->admin;
  g_autofree char *notes = sc_release_describe_model (release);
  const char *author = sc_release_get_created_by_email (release);
  g_autofree char *time = sc_format_date_time (sc_release_get_created_at (release));
  int version = (int) sc_release_get_version (release);
  const char *by = NULL, *reason = NULL;
  gboolean blocked = sc_release_get_blocked (release, &by, &reason);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (notes != NULL)
    /* Translators: a release: its version and notes, "v3 · Fix the retries" */
    title = g_strdup_printf (_("v%d · %s"), version, notes);
  else
    title = g_strdup_printf (_("v%d"), version);
  /* Translators: when and by whom a release was made */
  subtitle = g_strdup_printf (_("%s · %s"), time, author != NULL ? author : "");

  if (blocked)
    {
      GtkWidget *badge = gtk_label_new (_("Blocked"));
      char *with_block;

      /* Translators: under a release: who blocked it and the reason they gave */
      with_block = g_strdup_printf (_("%s\nBlocked by %s: “%s”"), subtitle,
                                    by != NULL ? by : "", reason != NULL ? reason : "");
      g_free (subtitle);
      subtitle = with_block;
      gtk_widget_add_css_class (badge, "error");
      gtk_widget_add_css_class (badge, "heading");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  if (admin)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (blocked ? _("_Unblock")
                                                                : _("_Block Release…"));
      g_autofree char *name = NULL;

      if (blocked)
        /* Translators: accessible name of the Unblock button of release "v3" */
        name = g_strdup_printf (_("Unblock v%d"), version);
      else
        /* Translators: accessible name of the Block Release button of release "v3" */
        name = g_strdup_printf (_("Block Release v%d…"), version);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      /* the name says which release: not its mnemonic label too */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      /* (the screenshots find the button by these) */
      g_object_set_data_full (G_OBJECT (button), "release-id",
                              g_strdup (sc_release_get_id (release)), g_free);
      g_object_set_data (G_OBJECT (button), "blocked", GINT_TO_POINTER (blocked));
      g_signal_connect_object (button, "clicked", G_CALLBACK (block_button_clicked_cb),
                               self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), blocked ? 4 : 1);
  return row;
}

/* --- publishing ------------------------------------------------------------ */

static void text_dialog_failed (GtkWidget  *dialog,
                                GtkWidget  *entry,
                                GtkWidget  *error_label,
                                const char *response,
                                const char *message);
static void text_dialog_busy   (GtkWidget  *dialog,
                                GtkWidget  *entry,
                                GtkWidget  *error_label,
                                const char *response);

static void
release_published_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ScReleasesList) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(ScRelease) release = NULL;
  g_autoptr(GError) error = NULL;

  answer = sc_client_publish_release_finish (SC_CLIENT (source), result, &error);
  if (answer != NULL)
    release = sc_models_check (sc_release_new_from_json (answer), "a release", &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (release == NULL)
    {
      check_unauthorized (self, error);
      if (self->publish_dialog == NULL)
        {
          sc_widget_add_toast (GTK_WIDGET (self), error->message);
          return;
        }
      /* The dialog stays, with the notes as typed and the reason. */
      text_dialog_failed (self->publish_dialog, self->publish_entry, self->publish_error,
                          "publish", error->message);
      return;
    }

  {
    /* Translators: a toast, "Published v4" */
    g_autofree char *title = g_strdup_printf (_("Published v%d"),
                                              (int) sc_release_get_version (release));

    sc_widget_add_toast (GTK_WIDGET (self), title);
  }
  if (self->publish_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->publish_dialog));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
publish_responded_cb (ScReleasesList *self,
                      const char        *response,
                      AdwMessageDialog  *dialog)
{
  if (!g_str_equal (response, "publish"))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  if (sc_paged_group_get_session (SC_PAGED_GROUP (self)) == NULL || sc_paged_group_get_id (SC_PAGED_GROUP (self)) == NULL)
    return;

  text_dialog_busy (GTK_WIDGET (dialog), self->publish_entry, self->publish_error, "publish");

  if (self->action_cancellable == NULL)
    self->action_cancellable = g_cancellable_new ();
  sc_client_publish_release_async (sc_session_get_client (sc_paged_group_get_session (SC_PAGED_GROUP (self))), sc_paged_group_get_id (SC_PAGED_GROUP (self)),
                                   gtk_editable_get_text (GTK_EDITABLE (self->publish_entry)),
                                   self->action_cancellable, release_published_cb, g_object_ref (self));
}

/* AdwMessageDialog closes itself on any response; this one stays open
 * while it publishes and after a failure, and is destroyed explicitly. */
static gboolean
publish_close_requested_cb (GtkWindow *dialog)
{
  return TRUE;
}

/* An AdwMessageDialog asking for one line of text (@entry_out) with room
 * for the server's answer (@error_out), responses "cancel" and @response.
 * It stays open while the call runs and after a failure (the text as
 * typed): callers destroy it. */
static GtkWidget *
text_dialog_new (ScReleasesList *self,
                 const char        *heading,
                 const char        *placeholder,
                 const char        *entry_name,
                 const char        *response,
                 const char        *response_label,
                 AdwResponseAppearance appearance,
                 GCallback          responded,
                 GtkWidget        **entry_out,
                 GtkWidget        **error_out)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box, *entry, *error;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, NULL);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, entry_name,
                                  -1);
  error = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  /* its response buttons: read once, not "_Cancel Cancel" */
  sc_ui_fix_mnemonic_names (dialog);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, appearance);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_object (dialog, "response", responded, self, G_CONNECT_SWAPPED);
  g_signal_connect_after (dialog, "close-request", G_CALLBACK (publish_close_requested_cb), NULL);

  *entry_out = entry;
  *error_out = error;
  return dialog;
}

/* The call of a text dialog failed: the message under the text, as typed,
 * and the dialog usable again. */
static void
text_dialog_failed (GtkWidget  *dialog,
                    GtkWidget  *entry,
                    GtkWidget  *error_label,
                    const char *response,
                    const char *message)
{
  gtk_label_set_text (GTK_LABEL (error_label), message);
  gtk_widget_set_visible (error_label, TRUE);
  gtk_editable_set_editable (GTK_EDITABLE (entry), TRUE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), response, TRUE);
  gtk_entry_grab_focus_without_selecting (GTK_ENTRY (entry));
}

/* The call of a text dialog starts: the text stays, read only (not
 * insensitive: it keeps the focus). */
static void
text_dialog_busy (GtkWidget  *dialog,
                  GtkWidget  *entry,
                  GtkWidget  *error_label,
                  const char *response)
{
  gtk_widget_set_visible (error_label, FALSE);
  gtk_editable_set_editable (GTK_EDITABLE (entry), FALSE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), response, FALSE);
}

static void
publish_clicked_cb (ScReleasesList *self)
{
  GtkWidget *dialog;

  if (self->workflow == NULL)
    return;
  if (self->publish_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->publish_dialog));
      return;
    }

  dialog = text_dialog_new (self, _("Publish a Release?"), _("Release notes (optional)"),
                            _("Release notes"), "publish", _("_Publish"), ADW_RESPONSE_SUGGESTED,
                            G_CALLBACK (publish_responded_cb),
                            &self->publish_entry, &self->publish_error);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The current draft of “%s” becomes release v%d. A release cannot be changed afterwards."),
                                  sc_workflow_get_name (self->workflow),
                                  (int) sc_workflow_get_latest_version (self->workflow) + 1);

  self->publish_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->publish_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (self->publish_entry);
}

/* --- blocking a release ------------------------------------------------------ */

static void
release_block_set_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(ScReleasesList) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(ScRelease) release = NULL;
  g_autoptr(GError) error = NULL;

  answer = sc_client_set_release_block_finish (SC_CLIENT (source), result, &error);
  if (answer != NULL)
    release = sc_models_check (sc_release_new_from_json (answer), "a release", &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (release == NULL)
    {
      check_unauthorized (self, error);
      if (self->block_dialog == NULL)
        {
          sc_widget_add_toast (GTK_WIDGET (self), error->message);
          return;
        }
      text_dialog_failed (self->block_dialog, self->block_entry, self->block_error,
                          "block", error->message);
      return;
    }

  {
    gboolean blocked = sc_release_get_blocked (release, NULL, NULL);
    int version = (int) sc_release_get_version (release);
    /* Translators: toasts, "Blocked v3" and "Unblocked v3" */
    g_autofree char *title = blocked ? g_strdup_printf (_("Blocked v%d"), version)
                                     : g_strdup_printf (_("Unblocked v%d"), version);

    sc_widget_add_toast (GTK_WIDGET (self), title);
  }
  if (self->block_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->block_dialog));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
block_responded_cb (ScReleasesList *self,
                    const char        *response,
                    AdwMessageDialog  *dialog)
{
  if (!g_str_equal (response, "block"))
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  if (sc_paged_group_get_session (SC_PAGED_GROUP (self)) == NULL || self->block_release_id == NULL)
    return;

  text_dialog_busy (GTK_WIDGET (dialog), self->block_entry, self->block_error, "block");
  if (self->action_cancellable == NULL)
    self->action_cancellable = g_cancellable_new ();
  /* the server judges the reason (a blank one is refused, and said so here) */
  sc_client_set_release_block_async (sc_session_get_client (sc_paged_group_get_session (SC_PAGED_GROUP (self))), self->block_release_id,
                                     gtk_editable_get_text (GTK_EDITABLE (self->block_entry)),
                                     self->action_cancellable, release_block_set_cb,
                                     g_object_ref (self));
}

static void
block_button_clicked_cb (ScReleasesList *self,
                         GtkButton         *button)
{
  const char *release_id = g_object_get_data (G_OBJECT (button), "release-id");
  GtkWidget *dialog;

  if (sc_paged_group_get_session (SC_PAGED_GROUP (self)) == NULL || release_id == NULL)
    return;

  g_free (self->block_release_id);
  self->block_release_id = g_strdup (release_id);

  if (g_object_get_data (G_OBJECT (button), "blocked") != NULL)
    {
      if (self->action_cancellable == NULL)
        self->action_cancellable = g_cancellable_new ();
      sc_client_set_release_block_async (sc_session_get_client (sc_paged_group_get_session (SC_PAGED_GROUP (self))), release_id, NULL,
                                         self->action_cancellable, release_block_set_cb,
                                         g_object_ref (self));
      return;
    }

  if (self->block_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->block_dialog));
  dialog = text_dialog_new (self, _("Block Release?"), _("Reason"), _("Reason for blocking"),
                            "block", _("_Block"), ADW_RESPONSE_DESTRUCTIVE,
                            G_CALLBACK (block_responded_cb),
                            &self->block_entry, &self->block_error);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("A blocked release cannot be promoted or requested any further "
                                 "until an administrator unblocks it. Everyone who tries is "
                                 "told the reason."));
  self->block_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->block_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (self->block_entry);
}

static gboolean
fetch_more_async (ScPagedGroup        *group,
                  const char          *cursor,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  ScSession *session = sc_paged_group_get_session (group);

  if (session == NULL || sc_paged_group_get_id (group) == NULL)
    return FALSE;
  sc_client_list_releases_async (sc_session_get_client (session), sc_paged_group_get_id (group),
                                 sc_paged_group_get_page_size (group), cursor,
                                 cancellable, callback, user_data);
  return TRUE;
}

static ScClientPage *
fetch_more_finish (ScPagedGroup  *group,
                   ScClient      *client,
                   GAsyncResult  *result,
                   GError       **error)
{
  return sc_client_list_releases_finish (client, result, error);
}

void
sc_releases_list_reset (ScReleasesList *self)
{
  g_return_if_fail (SC_IS_RELEASES_LIST (self));

  if (self->publish_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->publish_dialog));
  if (self->block_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->block_dialog));
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  sc_paged_group_clear (SC_PAGED_GROUP (self));
}

void
sc_releases_list_show (ScReleasesList *self,
                       ScWorkflow     *workflow,
                       ScClientPage   *page)
{
  ScSession *session;
  const char *org_id;
  gboolean manage;

  g_return_if_fail (SC_IS_RELEASES_LIST (self));
  g_return_if_fail (workflow == NULL || SC_IS_WORKFLOW (workflow));

  session = sc_paged_group_get_session (SC_PAGED_GROUP (self));
  g_set_object (&self->workflow, workflow);
  org_id = workflow != NULL ? sc_workflow_get_org_id (workflow) : NULL;
  self->admin = session != NULL && org_id != NULL &&
                sc_session_get_role_in (session, org_id) == SC_ROLE_ADMIN;
  manage = workflow != NULL && sc_workflow_get_permission (workflow) == SC_PERMISSION_MANAGE;
  gtk_widget_set_visible (self->publish_button, manage);

  sc_paged_group_show_page (SC_PAGED_GROUP (self), page, _("No Releases Yet"),
                            manage ? _("Publish the draft to make the first release.") : NULL);
}

GtkWidget *
sc_releases_list_get_publish_button (ScReleasesList *self)
{
  g_return_val_if_fail (SC_IS_RELEASES_LIST (self), NULL);
  return self->publish_button;
}

GtkWidget *
sc_releases_list_get_publish_dialog (ScReleasesList *self)
{
  g_return_val_if_fail (SC_IS_RELEASES_LIST (self), NULL);
  return self->publish_dialog;
}

GtkWidget *
sc_releases_list_get_block_dialog (ScReleasesList *self)
{
  g_return_val_if_fail (SC_IS_RELEASES_LIST (self), NULL);
  return self->block_dialog;
}

static void
sc_releases_list_dispose (GObject *object)
{
  ScReleasesList *self = SC_RELEASES_LIST (object);

  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  if (self->publish_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->publish_dialog));
  if (self->block_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->block_dialog));
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_RELEASES_LIST);

  G_OBJECT_CLASS (sc_releases_list_parent_class)->dispose (object);
}

static void
sc_releases_list_finalize (GObject *object)
{
  ScReleasesList *self = SC_RELEASES_LIST (object);

  g_clear_object (&self->workflow);
  g_clear_pointer (&self->block_release_id, g_free);

  G_OBJECT_CLASS (sc_releases_list_parent_class)->finalize (object);
}

static void
sc_releases_list_class_init (ScReleasesListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  ScPagedGroupClass *group_class = SC_PAGED_GROUP_CLASS (klass);

  object_class->dispose = sc_releases_list_dispose;
  object_class->finalize = sc_releases_list_finalize;
  group_class->read_item = read_item;
  group_class->create_row = create_row;
  group_class->fetch_more_async = fetch_more_async;
  group_class->fetch_more_finish = fetch_more_finish;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-releases-list.ui");
  gtk_widget_class_bind_template_child (widget_class, ScReleasesList, publish_button);
  gtk_widget_class_bind_template_callback (widget_class, publish_clicked_cb);
}

static void
sc_releases_list_init (ScReleasesList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));
}

GtkWidget *
sc_releases_list_new (void)
{
  return g_object_new (SC_TYPE_RELEASES_LIST, NULL);
}
