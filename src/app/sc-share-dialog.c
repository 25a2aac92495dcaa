/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Share"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-conflict.h"
#include "sc-connection.h"
#include "sc-json.h"
#include "sc-models.h"
#include "sc-share-dialog.h"
#include "sc-sharing.h"
#include "sc-ui-util.h"
#include "sc-workflow.h"

/* Enough suggestions to choose from without hiding the list below. */
#define MAX_SUGGESTIONS 5

/* The levels of a person's drop-down and of the general access combo. */
static const char * const person_levels[] = { "view", "manage" };
static const char * const general_levels[] = { "none", "view", "manage" };

/* One person the workflow is shared with (or is about to be). */
typedef struct {
  char      *user_id;   /* NULL: an address no member has; the server decides */
  char      *email;
  char      *name;      /* nullable */
  GtkWidget *row;       /* in people_list */
  GtkWidget *level;     /* GtkDropDown over person_levels */
} Person;

/* One connection the workflow uses. */
typedef struct {
  ScConnection *connection; /* of the workflow: no permission */
  ScSharing    *sharing;    /* the connection's own, when the user manages it */
  GtkWidget    *share_check; /* "Also share", when that sharing is loaded */
} Connection;

struct _ScShareDialog
{
  AdwWindow          parent_instance;

  /* template */
  AdwWindowTitle    *window_title;
  GtkButton         *cancel_button;
  GtkWidget         *save_button;
  GtkStack          *save_stack;
  GtkSpinner        *save_spinner;
  GtkScrolledWindow *scroller;
  GtkListBox        *error_list;
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  AdwComboRow       *access_row;
  GtkListBox        *add_list;      /* add_row, then the suggestions */
  AdwEntryRow       *add_row;
  GtkListBox        *people_list;
  GtkListBox        *connections_list;

  ScSession         *session;
  ScWorkflow        *workflow;
  char              *org_name;
  gboolean           may_manage;

  /* the load: the sharing, the members, the org's connections, then the
   * sharing of each connection the user manages */
  GCancellable      *load_cancellable;
  guint              pending;
  GError            *load_error;
  ScSharing         *sharing;
  GListStore        *members;       /* ScMember */
  GListStore        *org_connections; /* ScConnection */
  char              *etag;

  GPtrArray         *people;       /* Person */
  GPtrArray         *connections;  /* Connection */

  /* saving: the workflow's sharing, then each connection chosen */
  GCancellable      *action_cancellable;
  JsonObject        *saved;        /* for ::saved */
  ScSharing         *saved_sharing;
  guint              next_connection;
  gboolean           busy;
  gboolean           disposed;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScShareDialog, sc_share_dialog, ADW_TYPE_WINDOW)

/* --- helpers ----------------------------------------------------------------- */

static void
person_free (Person *person)
{
  g_free (person->user_id);
  g_free (person->email);
  g_free (person->name);
  g_free (person);
}

static void
connection_free (Connection *connection)
{
  g_clear_object (&connection->connection);
  g_clear_object (&connection->sharing);
  g_free (connection);
}

static guint
level_index (const char * const *levels,
             guint               n_levels,
             const char         *level)
{
  for (guint i = 0; i < n_levels; i++)
    {
      if (g_strcmp0 (levels[i], level) == 0)
        return i;
    }
  return 0;
}

static gboolean
same_email (const char *a,
            const char *b)
{
  g_autofree char *fa = a != NULL ? g_utf8_casefold (a, -1) : NULL;
  g_autofree char *fb = b != NULL ? g_utf8_casefold (b, -1) : NULL;

  return fa != NULL && g_strcmp0 (fa, fb) == 0;
}

/* A person's name when it says more than the address (the command line
 * may have made a user named after their e-mail), or NULL. */
static const char *
name_beside (const char *name,
             const char *email)
{
  return name != NULL && *name != '\0' && !same_email (name, email) ? name : NULL;
}

static char *
typed_text (ScShareDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_row))));
}

static const char *
general_access (ScShareDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->access_row);

  return general_levels[MIN (selected, G_N_ELEMENTS (general_levels) - 1)];
}

static void
show_permission_note (ScShareDialog *self)
{
  if (self->may_manage)
    return;
  sc_list_box_add_icon_row (self->error_list, "dialog-information-symbolic", NULL,
                            _("Only people who can manage this workflow can change who has "
                              "access to it."),
                            NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->error_list), TRUE);
}

static void
clear_error (ScShareDialog *self)
{
  sc_list_box_clear (self->error_list);
  gtk_widget_set_visible (GTK_WIDGET (self->error_list), FALSE);
  for (guint i = 0; i < self->people->len; i++)
    gtk_widget_remove_css_class (((Person *) g_ptr_array_index (self->people, i))->row, "error");
  show_permission_note (self);
}

static void
scroll_to_top (ScShareDialog *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

/* Marks the people the error's details name by their field,
 * "grants[2]": a rule (membership) or a field (someone named twice). */
static void
mark_people (ScShareDialog *self,
             const GError  *error)
{
  GPtrArray *violations = sc_client_error_get_violations (error);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);
      char *end = NULL;
      guint64 index;

      if (violation->field == NULL || !g_str_has_prefix (violation->field, "grants["))
        continue;
      index = g_ascii_strtoull (violation->field + strlen ("grants["), &end, 10);
      if (end != NULL && *end == ']' && index < self->people->len)
        gtk_widget_add_css_class (((Person *) g_ptr_array_index (self->people, index))->row,
                                  "error");
    }
}

/* The server's sentence, and the people it is about marked. */
static void
show_error (ScShareDialog *self,
            const GError  *error)
{
  clear_error (self);
  sc_error_list_show (self->error_list, error);
  mark_people (self, error);
  scroll_to_top (self);
}

/* Someone else saved meanwhile: their version or ours. */
static void
show_conflict (ScShareDialog *self)
{
  clear_error (self);
  sc_conflict_show (self->error_list,
                    _("Someone else changed who has access to this workflow "
                      "while you were editing."),
                    "share");
  scroll_to_top (self);
}

static void
update_ui (ScShareDialog *self)
{
  gboolean loaded = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "content") == 0;
  g_autofree char *typed = typed_text (self);
  gboolean editable = loaded && self->may_manage && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.save", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.add", editable && *typed != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.overwrite", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.reload", !self->busy);
  gtk_stack_set_visible_child_name (self->save_stack, self->busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->save_spinner, self->busy);

  gtk_widget_set_sensitive (GTK_WIDGET (self->access_row), editable);
  gtk_widget_set_visible (GTK_WIDGET (self->add_list), self->may_manage);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_list), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->people_list), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connections_list), !self->busy);

  gtk_widget_set_tooltip_text (self->save_button,
                               self->may_manage
                               ? NULL
                               : _("Only people who can manage this workflow can change who has "
                                   "access to it."));
}

/* --- people ------------------------------------------------------------------- */

static guint
n_members (ScShareDialog *self)
{
  return self->members != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->members)) : 0;
}

/* The member at @index (< n_members), owned by the list. */
static ScMember *
member_at (ScShareDialog *self,
           guint          index)
{
  g_autoptr(ScMember) member = g_list_model_get_item (G_LIST_MODEL (self->members), index);

  return member;
}

static ScMember *
find_member (ScShareDialog *self,
             const char    *user_id,
             const char    *email)
{
  for (guint i = 0; i < n_members (self); i++)
    {
      ScMember *member = member_at (self, i);

      if ((user_id != NULL && g_strcmp0 (sc_member_get_user_id (member), user_id) == 0) ||
          (user_id == NULL && same_email (sc_member_get_email (member), email)))
        return member;
    }
  return NULL;
}

static Person *
find_person (ScShareDialog *self,
             const char    *user_id,
             const char    *email)
{
  for (guint i = 0; i < self->people->len; i++)
    {
      Person *person = g_ptr_array_index (self->people, i);

      if ((user_id != NULL && g_strcmp0 (person->user_id, user_id) == 0) ||
          same_email (person->email, email))
        return person;
    }
  return NULL;
}

static void
remove_clicked_cb (GtkButton     *button,
                   ScShareDialog *self)
{
  Person *person = g_object_get_data (G_OBJECT (button), "person");

  gtk_list_box_remove (self->people_list, person->row);
  g_ptr_array_remove (self->people, person);
}

static void
add_person (ScShareDialog *self,
            const char    *user_id,
            const char    *email,
            const char    *name,
            ScPermission   permission)
{
  Person *person = g_new0 (Person, 1);
  g_autofree char *level_label = NULL;
  g_autofree char *remove_label = NULL;
  GtkWidget *remove;
  const char *levels[] = { _("Can view"), _("Can manage"), NULL };

  person->user_id = g_strdup (user_id);
  person->email = g_strdup (email);
  person->name = g_strdup (name);
  g_ptr_array_add (self->people, person);

  person->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (person->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (person->row),
                                 name_beside (name, email) != NULL ? name : email);
  if (user_id == NULL)
    {
      g_autofree char *subtitle = NULL;

      /* Translators: under an e-mail address typed in the Share dialog; the org's name */
      subtitle = g_strdup_printf (_("Not found among the members of %s"), self->org_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (person->row), subtitle);
    }
  else if (name_beside (name, email) != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (person->row), email);
    }

  person->level = gtk_drop_down_new_from_strings (levels);
  gtk_widget_set_valign (person->level, GTK_ALIGN_CENTER);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (person->level),
                              level_index (person_levels, G_N_ELEMENTS (person_levels),
                                           sc_permission_to_string (permission)));
  gtk_widget_set_sensitive (person->level, self->may_manage);
  /* Translators: the accessible name of a person's level, "Access of ann@acme.test" */
  level_label = g_strdup_printf (_("Access of %s"), email);
  gtk_accessible_update_property (GTK_ACCESSIBLE (person->level),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, level_label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (person->row), person->level);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_visible (remove, self->may_manage);
  /* Translators: a button's tooltip, "Remove ann@acme.test" */
  remove_label = g_strdup_printf (_("Remove %s"), email);
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data (G_OBJECT (remove), "person", person);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (person->row), remove);

  gtk_list_box_append (self->people_list, person->row);
}

static void
add_owner_row (ScShareDialog *self)
{
  const char *email = sc_workflow_get_owner_email (self->workflow);
  const char *name = name_beside (sc_workflow_get_owner_name (self->workflow), email);
  GtkWidget *row;
  GtkWidget *label;

  if (email == NULL)
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : email);
  if (name != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), email);
  label = gtk_label_new (_("Owner"));
  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->people_list, row);
}

/* The suggestion @index, under the field, or NULL. */
static GtkListBoxRow *
suggestion_at (ScShareDialog *self,
               int            index)
{
  return gtk_list_box_get_row_at_index (self->add_list, index + 1);
}

/* The members that what is typed matches (in e-mail or name), but the
 * owner and those who have access already, in rows under the field. */
static void
update_suggestions (ScShareDialog *self)
{
  g_autofree char *typed = typed_text (self);
  g_autofree char *needle = g_utf8_casefold (typed, -1);
  const char *owner_id = sc_workflow_get_owner_id (self->workflow);
  GtkListBoxRow *row;
  guint n = 0;

  while ((row = suggestion_at (self, 0)) != NULL)
    gtk_list_box_remove (self->add_list, GTK_WIDGET (row));

  for (guint i = 0; *needle != '\0' && i < n_members (self) && n < MAX_SUGGESTIONS; i++)
    {
      ScMember *member = member_at (self, i);
      const char *user_id = sc_member_get_user_id (member);
      const char *email = sc_member_get_email (member);
      const char *name = name_beside (sc_member_get_name (member), email);
      g_autofree char *folded_email = email != NULL ? g_utf8_casefold (email, -1) : NULL;
      g_autofree char *folded_name = name != NULL ? g_utf8_casefold (name, -1) : NULL;
      GtkWidget *suggestion;
      GtkWidget *icon;

      if (user_id == NULL || email == NULL || g_strcmp0 (user_id, owner_id) == 0 ||
          find_person (self, user_id, email) != NULL)
        continue;
      if (strstr (folded_email, needle) == NULL &&
          (folded_name == NULL || strstr (folded_name, needle) == NULL))
        continue;

      suggestion = sc_list_box_add_icon_row (self->add_list, "avatar-default-symbolic", NULL,
                                             name != NULL ? name : email,
                                             name != NULL ? email : NULL);
      icon = gtk_image_new_from_icon_name ("list-add-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (suggestion), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (suggestion), TRUE);
      g_object_set_data_full (G_OBJECT (suggestion), "member", g_object_ref (member),
                              g_object_unref);
      n++;
    }
}

static void
add_changed_cb (ScShareDialog *self)
{
  update_suggestions (self);
  update_ui (self);
}

static void
add_member (ScShareDialog *self,
            ScMember      *member)
{
  add_person (self, sc_member_get_user_id (member), sc_member_get_email (member),
              sc_member_get_name (member), SC_PERMISSION_VIEW);
  gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
}

static void
suggestion_activated_cb (ScShareDialog *self,
                         GtkListBoxRow *row)
{
  ScMember *member = g_object_get_data (G_OBJECT (row), "member");

  if (member != NULL && self->may_manage && !self->busy)
    add_member (self, member);
}

/* Adds what was typed: a member by e-mail, the one member a name matches,
 * or else the address as it is, for the server to judge on Save. */
static void
add_typed (ScShareDialog *self)
{
  g_autofree char *typed = typed_text (self);
  ScMember *member;
  GtkListBoxRow *only;

  if (*typed == '\0')
    return;

  clear_error (self);
  if (find_person (self, NULL, typed) != NULL ||
      same_email (typed, sc_workflow_get_owner_email (self->workflow)))
    {
      g_autofree char *text = g_strdup_printf (_("%s already has access."), typed);

      sc_list_box_add_icon_row (self->error_list, "dialog-information-symbolic", NULL, text, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->error_list), TRUE);
      return;
    }

  member = find_member (self, NULL, typed);
  only = suggestion_at (self, 0);
  if (member == NULL && strchr (typed, '@') == NULL && only != NULL && suggestion_at (self, 1) == NULL)
    member = g_object_get_data (G_OBJECT (only), "member");

  if (member != NULL)
    {
      add_member (self, member);
      return;
    }
  add_person (self, NULL, typed, NULL, SC_PERMISSION_VIEW);
  gtk_editable_set_text (GTK_EDITABLE (self->add_row), "");
}

static void
add_activated_cb (ScShareDialog *self)
{
  if (self->may_manage && !self->busy)
    add_typed (self);
}

/* --- connections ----------------------------------------------------------------- */

/* The org's connection @id as the user may use it, or NULL; owned by the
 * list. */
static ScConnection *
find_org_connection (ScShareDialog *self,
                     const char    *id)
{
  GListModel *list = G_LIST_MODEL (self->org_connections);

  for (guint i = 0; list != NULL && i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ScConnection) item = g_list_model_get_item (list, i);

      if (g_strcmp0 (sc_connection_get_id (item), id) == 0)
        return item;
    }
  return NULL;
}

static void
render_connections (ScShareDialog *self)
{
  sc_list_box_clear (self->connections_list);

  for (guint i = 0; i < self->connections->len; i++)
    {
      Connection *c = g_ptr_array_index (self->connections, i);
      const char *service = sc_connection_get_service (c->connection);
      ScPermission access = c->sharing != NULL ? sc_sharing_get_general_access (c->sharing)
                                               : SC_PERMISSION_NONE;
      g_autofree char *subtitle = NULL;
      const char *state;
      GtkWidget *row;

      if (c->sharing == NULL)
        state = _("Its managers decide who may use it");
      else if (access != SC_PERMISSION_NONE)
        state = _("Everyone in the organization can use it");
      else
        state = _("Only the people it is shared with can use it");
      /* Translators: a connection's service and who may use it */
      subtitle = g_strdup_printf (_("%s · %s"), service != NULL ? service : "", state);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     sc_connection_get_name (c->connection));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      c->share_check = NULL;
      if (c->sharing != NULL && access == SC_PERMISSION_NONE && self->may_manage)
        {
          c->share_check = gtk_check_button_new_with_mnemonic (_("Also _share"));
          gtk_widget_set_valign (c->share_check, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (c->share_check,
                                       _("On Save, let the people this workflow is shared with "
                                         "use this connection too"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), c->share_check);
        }
      gtk_list_box_append (self->connections_list, row);
    }

  if (self->connections->len == 0)
    sc_list_box_add_icon_row (self->connections_list, "network-server-symbolic", NULL,
                              _("This workflow uses no connections."), NULL);
}

/* --- loading ---------------------------------------------------------------------- */

typedef struct {
  ScShareDialog *self;
  GCancellable  *cancellable;
  Connection    *connection;  /* for a connection's sharing */
} LoadData;

static LoadData *
load_data_new (ScShareDialog *self,
               Connection    *connection)
{
  LoadData *data = g_new0 (LoadData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->load_cancellable);
  data->connection = connection;
  self->pending++;
  return data;
}

static void
load_data_free (LoadData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
render (ScShareDialog *self)
{
  g_clear_pointer (&self->etag, g_free);
  self->etag = g_strdup (sc_sharing_get_etag (self->sharing));

  adw_combo_row_set_selected (self->access_row,
                              level_index (general_levels, G_N_ELEMENTS (general_levels),
                                           sc_permission_to_string (
                                             sc_sharing_get_general_access (self->sharing))));

  sc_list_box_clear (self->people_list);
  g_ptr_array_set_size (self->people, 0);
  add_owner_row (self);
  for (guint i = 0; i < sc_sharing_get_n_grants (self->sharing); i++)
    {
      const ScSharingGrant *grant = sc_sharing_get_grant (self->sharing, i);
      ScMember *member = find_member (self, grant->user_id, NULL);

      add_person (self, grant->user_id, grant->email,
                  member != NULL ? sc_member_get_name (member) : NULL, grant->permission);
    }

  render_connections (self);
  update_suggestions (self);
}

static void
part_done (ScShareDialog *self)
{
  g_assert (self->pending > 0);
  if (--self->pending > 0)
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (self->load_error != NULL)
    {
      sc_session_report_if_unauthorized (self->session, self->load_error);
      sc_status_page_set_error (self->error_page, self->load_error);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      render (self);
      gtk_stack_set_visible_child_name (self->stack, "content");
    }
  update_ui (self);
}

/* Keeps the first failure of a load; returns whether @error is one. */
static gboolean
load_failed (ScShareDialog *self,
             GError        *error)
{
  if (error == NULL)
    return FALSE;
  if (self->load_error == NULL)
    self->load_error = g_error_copy (error);
  return TRUE;
}

/* The workflow's sharing, or (data->connection) a connection's; without
 * the latter the connection is listed, only not offered for sharing. */
static void
sharing_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  ScShareDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = sc_client_get_sharing_finish (SC_CLIENT (object), result, &error);
  g_autoptr(ScSharing) sharing = NULL;
  ScSharing **slot;

  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    return;
  if (answer != NULL)
    sharing = sc_models_check (sc_sharing_new_from_json (answer), "a sharing", &error);
  if (data->connection != NULL)
    {
      slot = &data->connection->sharing;
      if (sharing == NULL)
        g_debug ("The sharing of a connection: %s", error->message);
    }
  else
    {
      slot = &self->sharing;
      if (load_failed (self, error))
        slot = NULL;
    }
  if (slot != NULL)
    {
      g_clear_object (slot);
      *slot = g_steal_pointer (&sharing);
    }
  part_done (self);
}

static void
members_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  ScShareDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_members_finish (SC_CLIENT (object), result, &error);

  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    return;
  if (!load_failed (self, error))
    {
      g_clear_object (&self->members);
      self->members = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_MEMBER,
                                           (gpointer) sc_member_new_from_json);
    }
  part_done (self);
}

static void
connections_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  ScShareDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = sc_client_list_connections_finish (SC_CLIENT (object), result,
                                                                     &error);

  if (g_cancellable_is_cancelled (data->cancellable) || self->disposed)
    return;
  if (load_failed (self, error))
    {
      part_done (self);
      return;
    }

  g_clear_object (&self->org_connections);
  self->org_connections = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_CONNECTION,
                                               (gpointer) sc_connection_new_from_json);
  g_ptr_array_set_size (self->connections, 0);

  for (guint i = 0; i < sc_workflow_get_n_connections (self->workflow); i++)
    {
      Connection *c = g_new0 (Connection, 1);
      ScConnection *listed;

      c->connection = g_object_ref (sc_workflow_get_connection (self->workflow, i));
      g_ptr_array_add (self->connections, c);

      listed = find_org_connection (self, sc_connection_get_id (c->connection));
      if (listed != NULL && sc_connection_get_permission (listed) == SC_PERMISSION_MANAGE)
        sc_client_get_sharing_async (sc_session_get_client (self->session),
                                     sc_connection_get_id (c->connection), TRUE,
                                     self->load_cancellable, sharing_loaded_cb,
                                     load_data_new (self, c));
    }
  part_done (self);
}

static void
start_load (ScShareDialog *self)
{
  ScClient *client = sc_session_get_client (self->session);
  const char *org_id = sc_workflow_get_org_id (self->workflow);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_clear_error (&self->load_error);
  self->pending = 0;

  clear_error (self);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  update_ui (self);

  sc_client_get_sharing_async (client, sc_workflow_get_id (self->workflow), FALSE,
                               self->load_cancellable, sharing_loaded_cb,
                               load_data_new (self, NULL));
  sc_client_list_members_async (client, org_id, self->load_cancellable, members_loaded_cb,
                                load_data_new (self, NULL));
  sc_client_list_connections_async (client, org_id, self->load_cancellable,
                                    connections_loaded_cb, load_data_new (self, NULL));
}

/* --- saving -------------------------------------------------------------------------- */

/* Busy with a call of its own: a fresh cancellable, the last error gone. */
static void
begin_action (ScShareDialog *self)
{
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->action_cancellable = g_cancellable_new ();
  clear_error (self);
  self->busy = TRUE;
  update_ui (self);
}

static JsonObject *
build_sharing (ScShareDialog *self)
{
  JsonObject *sharing = json_object_new ();
  JsonArray *grants = json_array_new ();

  json_object_set_string_member (sharing, "general_access", general_access (self));
  for (guint i = 0; i < self->people->len; i++)
    {
      Person *person = g_ptr_array_index (self->people, i);
      JsonObject *grant = json_object_new ();
      guint level = gtk_drop_down_get_selected (GTK_DROP_DOWN (person->level));

      if (person->user_id != NULL)
        json_object_set_string_member (grant, "user_id", person->user_id);
      else
        json_object_set_string_member (grant, "email", person->email);
      json_object_set_string_member (grant, "permission",
                                     person_levels[MIN (level, G_N_ELEMENTS (person_levels) - 1)]);
      json_array_add_object_element (grants, grant);
    }
  json_object_set_array_member (sharing, "grants", grants);
  return sharing;
}

/* The connection's sharing widened to the people of the workflow's (as
 * saved): each gets "run" unless they hold more already, and general
 * access "run" when the workflow's is not "none". */
static JsonObject *
build_connection_sharing (ScShareDialog *self,
                          Connection    *c)
{
  JsonObject *sharing = json_object_new ();
  JsonArray *grants = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  ScPermission access = sc_sharing_get_general_access (c->sharing);

  if (sc_sharing_get_general_access (self->saved_sharing) != SC_PERMISSION_NONE &&
      access == SC_PERMISSION_NONE)
    access = SC_PERMISSION_RUN;
  json_object_set_string_member (sharing, "general_access", sc_permission_to_string (access));

  for (guint pass = 0; pass < 2; pass++)
    {
      ScSharing *list = pass == 0 ? c->sharing : self->saved_sharing;

      for (guint i = 0; i < sc_sharing_get_n_grants (list); i++)
        {
          const ScSharingGrant *had = sc_sharing_get_grant (list, i);
          JsonObject *grant;

          if (g_hash_table_contains (seen, had->user_id))
            continue;
          g_hash_table_add (seen, had->user_id);
          grant = json_object_new ();
          json_object_set_string_member (grant, "user_id", had->user_id);
          json_object_set_string_member (grant, "permission",
                                         sc_permission_to_string (pass == 0
                                                                  ? had->permission
                                                                  : SC_PERMISSION_RUN));
          json_array_add_object_element (grants, grant);
        }
    }
  json_object_set_array_member (sharing, "grants", grants);
  return sharing;
}

static void save_next_connection (ScShareDialog *self);

static void
save_failed (ScShareDialog *self,
             const GError  *error)
{
  self->busy = FALSE;
  sc_session_report_if_unauthorized (self->session, error);
  if (sc_conflict_matches (error))
    show_conflict (self);
  else
    show_error (self, error);
  update_ui (self);
}

static void
connection_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ScShareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(ScSharing) sharing = NULL;
  Connection *c;

  answer = sc_client_put_sharing_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;
  if (answer != NULL)
    sharing = sc_models_check (sc_sharing_new_from_json (answer), "a sharing", &error);

  c = g_ptr_array_index (self->connections, self->next_connection - 1);
  if (sharing == NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) prefixed = g_error_copy (error);

      /* Translators: the workflow's sharing was saved, a connection's was not */
      text = g_strdup_printf (_("Access to the workflow was saved, but not to “%s”: %s"),
                              sc_connection_get_name (c->connection), error->message);
      g_free (prefixed->message);
      prefixed->message = g_steal_pointer (&text);
      /* not a conflict over the workflow's sharing: Reload fetches the
       * connection's again */
      self->busy = FALSE;
      sc_session_report_if_unauthorized (self->session, error);
      show_error (self, prefixed);
      update_ui (self);
      return;
    }

  g_clear_object (&c->sharing);
  c->sharing = g_steal_pointer (&sharing);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (c->share_check), FALSE);
  save_next_connection (self);
}

static void
save_next_connection (ScShareDialog *self)
{
  while (self->next_connection < self->connections->len)
    {
      Connection *c = g_ptr_array_index (self->connections, self->next_connection++);
      g_autoptr(JsonObject) sharing = NULL;

      if (c->share_check == NULL || !gtk_check_button_get_active (GTK_CHECK_BUTTON (c->share_check)))
        continue;
      sharing = build_connection_sharing (self, c);
      sc_client_put_sharing_async (sc_session_get_client (self->session),
                                   sc_connection_get_id (c->connection), TRUE, sharing,
                                   sc_sharing_get_etag (c->sharing),
                                   self->action_cancellable, connection_saved_cb,
                                   g_object_ref (self));
      return;
    }

  self->busy = FALSE;
  g_signal_emit (self, signals[SAVED], 0, self->saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sharing_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ScShareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(ScSharing) sharing = NULL;

  answer = sc_client_put_sharing_finish (SC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->disposed)
    return;
  if (answer != NULL)
    sharing = sc_models_check (sc_sharing_new_from_json (answer), "a sharing", &error);
  if (sharing == NULL)
    {
      save_failed (self, error);
      return;
    }

  g_clear_pointer (&self->saved, json_object_unref);
  self->saved = g_steal_pointer (&answer);
  g_clear_object (&self->saved_sharing);
  self->saved_sharing = g_steal_pointer (&sharing);
  g_free (self->etag);
  self->etag = g_strdup (sc_sharing_get_etag (self->saved_sharing));
  self->next_connection = 0;
  save_next_connection (self);
}

static void
save (ScShareDialog *self)
{
  g_autoptr(JsonObject) sharing = build_sharing (self);

  begin_action (self);
  sc_client_put_sharing_async (sc_session_get_client (self->session),
                               sc_workflow_get_id (self->workflow), FALSE, sharing,
                               self->etag, self->action_cancellable, sharing_saved_cb,
                               g_object_ref (self));
}

/* Overwrite: what the user made, over the sharing as it is now
 * (sc-conflict.c). */
static void
conflict_fetch (GObject             *owner,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  ScShareDialog *self = SC_SHARE_DIALOG (owner);

  sc_client_get_sharing_async (sc_session_get_client (self->session),
                               sc_workflow_get_id (self->workflow), FALSE,
                               cancellable, callback, user_data);
}

static void
conflict_save (GObject *owner)
{
  save (SC_SHARE_DIALOG (owner));
}

static void
conflict_failed (GObject      *owner,
                 const GError *error)
{
  save_failed (SC_SHARE_DIALOG (owner), error);
}

static gboolean
conflict_fetch_finish (ScClient      *client,
                       GAsyncResult  *result,
                       char         **etag,
                       GError       **error)
{
  g_autoptr(JsonObject) answer = sc_client_get_sharing_finish (client, result, error);
  g_autoptr(ScSharing) fresh = answer != NULL ? sc_sharing_new_from_json (answer) : NULL;

  if (answer == NULL)
    return FALSE;
  /* an answer that does not read as a sharing has no etag to save over */
  *etag = fresh != NULL ? g_strdup (sc_sharing_get_etag (fresh)) : NULL;
  return TRUE;
}

static const ScConflictFlow conflict_flow = {
  conflict_fetch, conflict_fetch_finish, conflict_save, conflict_failed,
};

/* --- actions ---------------------------------------------------------------------- */

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ScShareDialog *self = SC_SHARE_DIALOG (widget);

  if (self->busy || !self->may_manage)
    return;
  /* an address typed but not added yet is meant to be */
  add_typed (self);
  save (self);
}

static void
add_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  add_activated_cb (SC_SHARE_DIALOG (widget));
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ScShareDialog *self = SC_SHARE_DIALOG (widget);

  if (!self->busy)
    start_load (self);
}

static void
overwrite_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ScShareDialog *self = SC_SHARE_DIALOG (widget);

  if (self->busy || !self->may_manage)
    return;

  begin_action (self);
  sc_conflict_overwrite (G_OBJECT (self), &conflict_flow, &self->etag, self->action_cancellable);
}

/* --- GObject ----------------------------------------------------------------------- */

static void
sc_share_dialog_dispose (GObject *object)
{
  ScShareDialog *self = (ScShareDialog *)object;

  self->disposed = TRUE;
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->action_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_SHARE_DIALOG);

  g_clear_pointer (&self->people, g_ptr_array_unref);
  g_clear_pointer (&self->connections, g_ptr_array_unref);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->action_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->workflow);
  g_clear_object (&self->sharing);
  g_clear_pointer (&self->saved, json_object_unref);
  g_clear_object (&self->saved_sharing);
  g_clear_object (&self->members);
  g_clear_object (&self->org_connections);

  G_OBJECT_CLASS (sc_share_dialog_parent_class)->dispose (object);
}

static void
sc_share_dialog_finalize (GObject *object)
{
  ScShareDialog *self = (ScShareDialog *)object;

  g_free (self->org_name);
  g_free (self->etag);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (sc_share_dialog_parent_class)->finalize (object);
}

static void
sc_share_dialog_class_init (ScShareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_share_dialog_dispose;
  object_class->finalize = sc_share_dialog_finalize;

  /**
   * ScShareDialog::saved:
   * @sharing: the workflow's sharing as the server now has it
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, save_stack);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, error_list);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, access_row);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, add_list);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, add_row);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, people_list);
  gtk_widget_class_bind_template_child (widget_class, ScShareDialog, connections_list);
  gtk_widget_class_bind_template_callback (widget_class, add_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);

  gtk_widget_class_install_action (widget_class, "share.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "share.add", NULL, add_action_cb);
  gtk_widget_class_install_action (widget_class, "share.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "share.overwrite", NULL, overwrite_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sc_share_dialog_init (ScShareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));

  self->people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  self->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) connection_free);
}

/* --- public API ---------------------------------------------------------------------- */

GtkWidget *
sc_share_dialog_new (ScSession  *session,
                     ScWorkflow *workflow)
{
  ScShareDialog *self;
  const char *org_name;
  const char *name;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SC_IS_SESSION (session), NULL);
  g_return_val_if_fail (SC_IS_WORKFLOW (workflow), NULL);

  self = g_object_new (SC_TYPE_SHARE_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->workflow = g_object_ref (workflow);
  self->may_manage = sc_workflow_get_permission (workflow) == SC_PERMISSION_MANAGE;

  /* read only: nothing to cancel */
  if (!self->may_manage)
    {
      gtk_button_set_label (self->cancel_button, _("_Close"));
      sc_ui_button_fix_mnemonic_name (GTK_WIDGET (self->cancel_button));
    }

  org_name = sc_session_get_org_name_in (session, sc_workflow_get_org_id (workflow));
  self->org_name = g_strdup (org_name != NULL ? org_name : _("the organization"));

  name = sc_workflow_get_name (workflow);
  adw_window_title_set_subtitle (self->window_title, name);
  /* Translators: the Share dialog's window title, with the workflow's name */
  title = g_strdup_printf (_("Share “%s”"), name != NULL ? name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);

  start_load (self);

  return GTK_WIDGET (self);
}

const char *
sc_share_dialog_get_state (ScShareDialog *self)
{
  g_return_val_if_fail (SC_IS_SHARE_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
sc_share_dialog_get_busy (ScShareDialog *self)
{
  g_return_val_if_fail (SC_IS_SHARE_DIALOG (self), FALSE);
  return self->busy;
}
