/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-PathEditor"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-conflict.h"
#include "sc-membership.h"
#include "sc-path-editor.h"
#include "sc-ui-util.h"

typedef struct {
  GtkWidget *box;
  GtkWidget *title;
  GtkWidget *tag_row;
  GtkWidget *org_row;
  GtkWidget *error;
  GtkWidget *up;
  GtkWidget *down;
  GtkWidget *remove;
  /* soak time: hours and minutes in the previous stage (none on the first
   * stage, which has no previous one: NULL there) */
  GtkWidget *soak_row;
  GtkWidget *soak_hours;
  GtkWidget *soak_minutes;
  /* as the server gave it, for the seconds the spin buttons do not show */
  gint64     soak_seconds;
} Stage;

/* What a stage holds, between two renderings of the stages. */
typedef struct {
  char *tag;
  char *org_id;
  gint64 soak_seconds;
} StageValue;

struct _ScPathEditor
{
  GtkWidget      parent_instance;

  /* template */
  GtkStack      *stack;
  GtkScrolledWindow *scroller;
  GtkListBox    *message_list;
  AdwEntryRow   *name_row;
  GtkWidget     *name_error;
  GtkBox        *stages_box;
  GtkWidget     *add_stage_button;
  GtkWidget     *delete_button;
  GtkWidget     *save_button;
  GtkStack      *save_stack;
  GtkSpinner    *save_spinner;

  ScSession     *session;
  ScPromotionPath *path;         /* as the server answered it; NULL when new */
  char          *etag;
  GPtrArray     *stages;         /* Stage */
  GPtrArray     *org_ids;        /* char *, parallel to org_names */
  GtkStringList *org_names;
  gboolean       orgs_loaded;
  GCancellable  *orgs_cancellable;
  GCancellable  *action_cancellable;
  gboolean       busy;
  gboolean       conflict;
  char          *message;
};

enum {
  SAVED,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ScPathEditor, sc_path_editor, GTK_TYPE_WIDGET)

static void
stage_value_free (StageValue *value)
{
  g_free (value->tag);
  g_free (value->org_id);
  g_free (value);
}

static const char *
path_org_id (ScPathEditor *self)
{
  const char *org_id = self->path != NULL ? sc_promotion_path_get_org_id (self->path) : NULL;

  if (org_id == NULL && self->session != NULL)
    org_id = sc_session_get_org_id (self->session);
  return org_id;
}

static gboolean
may_edit (ScPathEditor *self)
{
  const char *org_id = path_org_id (self);

  return self->session != NULL && org_id != NULL &&
         sc_session_get_role_in (self->session, org_id) == SC_ROLE_ADMIN;
}

/* --- the orgs to choose from ----------------------------------------------- */

static guint
org_index (ScPathEditor *self,
           const char   *org_id)
{
  for (guint i = 0; org_id != NULL && i < self->org_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->org_ids, i), org_id))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static void
add_org (ScPathEditor *self,
         const char   *org_id,
         const char   *name)
{
  if (org_id == NULL || org_index (self, org_id) != GTK_INVALID_LIST_POSITION)
    return;
  g_ptr_array_add (self->org_ids, g_strdup (org_id));
  gtk_string_list_append (self->org_names, name != NULL ? name : org_id);
}

/* The orgs the user belongs to are known at once; every org comes with
 * GET /orgs?all=true. The list only grows, so the rows' choices stay. */
static void
add_member_orgs (ScPathEditor *self)
{
  GListModel *memberships = sc_session_get_membership_list (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (memberships); i++)
    {
      g_autoptr(ScMembership) m = g_list_model_get_item (memberships, i);

      add_org (self, sc_membership_get_org_id (m), sc_membership_get_org_name (m));
    }
}

/* --- messages ---------------------------------------------------------------- */

static void
set_message (ScPathEditor *self,
             const char   *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

static void
scroll_to_top (ScPathEditor *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
set_label_error (GtkWidget  *label,
                 const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL);
}

static void
clear_marks (ScPathEditor *self)
{
  set_label_error (self->name_error, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  for (guint i = 0; i < self->stages->len; i++)
    {
      Stage *stage = g_ptr_array_index (self->stages, i);

      set_label_error (stage->error, NULL);
      gtk_widget_remove_css_class (stage->tag_row, "error");
      gtk_widget_remove_css_class (stage->org_row, "error");
      if (stage->soak_row != NULL)
        gtk_widget_remove_css_class (stage->soak_row, "error");
    }
}

/* Empties the message list; what remains is why the path is read-only. */
static void
clear_message (ScPathEditor *self)
{
  g_autofree char *note = NULL;

  sc_list_box_clear (self->message_list);
  gtk_widget_set_visible (GTK_WIDGET (self->message_list), FALSE);
  set_message (self, NULL);
  self->conflict = FALSE;
  clear_marks (self);

  if (self->session == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "path") != 0 ||
      may_edit (self))
    return;

  /* Translators: %s is an organization */
  note = g_strdup_printf (_("Only administrators of %s can change its promotion paths."),
                          sc_session_get_org_name (self->session));
  sc_list_box_add_icon_row (self->message_list, "dialog-information-symbolic", NULL, note, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->message_list), TRUE);
  set_message (self, note);
}

static void
append_reason (GtkWidget  *label,
               const char *reason)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));
  g_autofree char *joined = NULL;

  joined = gtk_widget_get_visible (label) && *text != '\0'
           ? g_strconcat (text, "\n", reason, NULL)
           : g_strdup (reason);
  set_label_error (label, joined);
}

/* Puts each reason of @error's details (fields, then rules) that names a
 * field beside that field: "name", "stages[1].tag", "stages[2].org_id". */
static void
mark_fields (ScPathEditor *self,
             const GError *error)
{
  GPtrArray *violations = sc_client_error_get_violations (error);

  for (guint i = 0; i < violations->len; i++)
    {
      const ScViolation *violation = g_ptr_array_index (violations, i);
      const char *field = violation->field;
      const char *reason = violation->reason;
      char *end = NULL;
      guint64 index;
      Stage *stage;

      if (field == NULL)
        continue;

      if (g_str_equal (field, "name"))
        {
          append_reason (self->name_error, reason);
          gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
          continue;
        }
      if (!g_str_has_prefix (field, "stages["))
        continue;
      index = g_ascii_strtoull (field + strlen ("stages["), &end, 10);
      if (end == NULL || *end != ']' || index >= self->stages->len)
        continue;
      stage = g_ptr_array_index (self->stages, index);
      append_reason (stage->error, reason);
      if (g_str_equal (end, "].tag"))
        gtk_widget_add_css_class (stage->tag_row, "error");
      else if (g_str_equal (end, "].org_id"))
        gtk_widget_add_css_class (stage->org_row, "error");
      else if (g_str_equal (end, "].soak_seconds") && stage->soak_row != NULL)
        gtk_widget_add_css_class (stage->soak_row, "error");
    }
}

static void
show_error (ScPathEditor *self,
            const GError *error)
{
  clear_message (self);
  sc_error_list_show (self->message_list, error);
  set_message (self, error->message);
  mark_fields (self, error);
  scroll_to_top (self);
}

/* Someone else saved the path meanwhile: their version or ours. */
static void
show_conflict (ScPathEditor *self)
{
  const char *text = _("Someone else changed this path while you were editing it.");

  clear_message (self);
  sc_conflict_show (self->message_list, text, "path-editor");
  set_message (self, text);
  self->conflict = TRUE;
  scroll_to_top (self);
}

/* --- the stages -------------------------------------------------------------- */

static void
update_ui (ScPathEditor *self)
{
  gboolean editable = sc_path_editor_get_editable (self);
  gboolean existing = self->path != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.save", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.add-stage", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.remove-stage", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.move-up", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.move-down", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.delete", editable && existing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.overwrite", editable && existing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "path-editor.reload", !self->busy && existing);

  gtk_widget_set_visible (self->delete_button, existing && may_edit (self));
  gtk_widget_set_visible (self->save_button, may_edit (self));
  gtk_widget_set_visible (self->add_stage_button, may_edit (self));
  gtk_stack_set_visible_child_name (self->save_stack, self->busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->save_spinner, self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), editable);

  for (guint i = 0; i < self->stages->len; i++)
    {
      Stage *stage = g_ptr_array_index (self->stages, i);

      gtk_editable_set_editable (GTK_EDITABLE (stage->tag_row), editable);
      gtk_widget_set_sensitive (stage->org_row, editable);
      if (stage->soak_row != NULL)
        {
          gtk_widget_set_sensitive (stage->soak_hours, editable);
          gtk_widget_set_sensitive (stage->soak_minutes, editable);
        }
      gtk_widget_set_visible (stage->up, may_edit (self));
      gtk_widget_set_visible (stage->down, may_edit (self));
      gtk_widget_set_visible (stage->remove, may_edit (self));
      gtk_widget_set_sensitive (stage->up, i > 0);
      gtk_widget_set_sensitive (stage->down, i + 1 < self->stages->len);
      /* a path has at least two stages */
      gtk_widget_set_sensitive (stage->remove, self->stages->len > 2);
    }
}

static GtkWidget *
stage_button_new (const char *icon_name,
                  const char *tooltip,
                  const char *action,
                  guint       index)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", (gint32) index);
  return button;
}

static GtkWidget *
soak_spin_new (double      max,
               double      value,
               const char *label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (spin, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return spin;
}

/* The soak time of a stage after the first: how long a release stays in
 * the previous stage before it may move on (the server enforces it). */
static void
stage_add_soak_row (Stage      *stage,
                    GtkWidget  *list,
                    gint64      soak_seconds)
{
  GtkWidget *hours_label = gtk_label_new (_("h"));
  GtkWidget *minutes_label = gtk_label_new (_("min"));
  GtkWidget *spins = gtk_grid_new ();

  stage->soak_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (stage->soak_row), _("Soak Time"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (stage->soak_row),
                               _("How long a release stays in the previous stage before it "
                                 "can move on"));
  stage->soak_hours = soak_spin_new (720, (double) (soak_seconds / 3600), _("Soak time, hours"));
  stage->soak_minutes = soak_spin_new (59, (double) ((soak_seconds % 3600) / 60),
                                       _("Soak time, minutes"));
  gtk_widget_add_css_class (hours_label, "dim-label");
  gtk_widget_add_css_class (minutes_label, "dim-label");
  /* hours over minutes: side by side they left the subtitle a few
   * characters a line at 360 px */
  gtk_label_set_xalign (GTK_LABEL (hours_label), 0);
  gtk_label_set_xalign (GTK_LABEL (minutes_label), 0);
  gtk_grid_attach (GTK_GRID (spins), stage->soak_hours, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (spins), hours_label, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (spins), stage->soak_minutes, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (spins), minutes_label, 1, 1, 1, 1);
  gtk_grid_set_row_spacing (GTK_GRID (spins), 6);
  gtk_grid_set_column_spacing (GTK_GRID (spins), 6);
  gtk_widget_set_margin_top (spins, 6);
  gtk_widget_set_margin_bottom (spins, 6);
  gtk_widget_set_valign (spins, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (stage->soak_row), spins);
  gtk_list_box_append (GTK_LIST_BOX (list), stage->soak_row);
}

static gint64
stage_soak_seconds (Stage *stage)
{
  if (stage->soak_row == NULL)
    return 0;
  /* seconds the spin buttons do not show stay as they were */
  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (stage->soak_hours)) * (gint64) 3600 +
         gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (stage->soak_minutes)) * (gint64) 60 +
         stage->soak_seconds % 60;
}

/* One stage: a header ("Stage 2" and its buttons), a boxed list of the tag,
 * the org and (after the first) the soak time, the reasons the server gave
 * about it. */
static Stage *
stage_new (ScPathEditor *self,
           guint         index,
           const char   *tag,
           const char   *org_id,
           gint64        soak_seconds)
{
  Stage *stage = g_new0 (Stage, 1);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *list = gtk_list_box_new ();
  g_autofree char *title = g_strdup_printf (_("Stage %u"), index + 1);

  stage->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  stage->title = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (stage->title), 0);
  gtk_widget_set_hexpand (stage->title, TRUE);
  gtk_widget_add_css_class (stage->title, "dim-label");
  gtk_box_append (GTK_BOX (header), stage->title);
  stage->up = stage_button_new ("go-up-symbolic", _("Move Up"), "path-editor.move-up", index);
  stage->down = stage_button_new ("go-down-symbolic", _("Move Down"), "path-editor.move-down", index);
  stage->remove = stage_button_new ("user-trash-symbolic", _("Remove Stage"), "path-editor.remove-stage", index);
  gtk_box_append (GTK_BOX (header), stage->up);
  gtk_box_append (GTK_BOX (header), stage->down);
  gtk_box_append (GTK_BOX (header), stage->remove);
  gtk_box_append (GTK_BOX (stage->box), header);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  stage->tag_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (stage->tag_row), _("Tag"));
  gtk_editable_set_text (GTK_EDITABLE (stage->tag_row), tag != NULL ? tag : "");
  gtk_list_box_append (GTK_LIST_BOX (list), stage->tag_row);

  stage->org_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (stage->org_row), _("Organization"));
  adw_combo_row_set_model (ADW_COMBO_ROW (stage->org_row), G_LIST_MODEL (self->org_names));
  adw_combo_row_set_selected (ADW_COMBO_ROW (stage->org_row), org_index (self, org_id));
  gtk_list_box_append (GTK_LIST_BOX (list), stage->org_row);
  stage->soak_seconds = soak_seconds;
  if (index > 0)
    stage_add_soak_row (stage, list, soak_seconds);
  gtk_box_append (GTK_BOX (stage->box), list);

  stage->error = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (stage->error), 0);
  gtk_label_set_wrap (GTK_LABEL (stage->error), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (stage->error), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (stage->error, "error");
  gtk_widget_add_css_class (stage->error, "caption");
  gtk_widget_set_visible (stage->error, FALSE);
  gtk_box_append (GTK_BOX (stage->box), stage->error);

  return stage;
}

static void
stage_free (gpointer data)
{
  g_free (data);
}

static const char *
stage_org_id (ScPathEditor *self,
              Stage        *stage)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (stage->org_row));

  return selected < self->org_ids->len ? g_ptr_array_index (self->org_ids, selected) : NULL;
}

/* What the stage rows hold now. */
static GPtrArray *
collect_stages (ScPathEditor *self)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) stage_value_free);

  for (guint i = 0; i < self->stages->len; i++)
    {
      Stage *stage = g_ptr_array_index (self->stages, i);
      StageValue *value = g_new0 (StageValue, 1);

      value->tag = g_strdup (gtk_editable_get_text (GTK_EDITABLE (stage->tag_row)));
      value->org_id = g_strdup (stage_org_id (self, stage));
      value->soak_seconds = stage_soak_seconds (stage);
      g_ptr_array_add (values, value);
    }
  return values;
}

static void
render_stages (ScPathEditor *self,
               GPtrArray    *values)
{
  for (guint i = 0; i < self->stages->len; i++)
    gtk_box_remove (self->stages_box, ((Stage *) g_ptr_array_index (self->stages, i))->box);
  g_ptr_array_set_size (self->stages, 0);

  for (guint i = 0; i < values->len; i++)
    {
      StageValue *value = g_ptr_array_index (values, i);
      Stage *stage = stage_new (self, i, value->tag, value->org_id, value->soak_seconds);

      g_ptr_array_add (self->stages, stage);
      gtk_box_append (self->stages_box, stage->box);
    }
  update_ui (self);
}

/* Moves, removes or adds: the reasons the server gave name stages by
 * their old places, so they go. */
static void
restage (ScPathEditor *self,
         GPtrArray    *values)
{
  gboolean conflict = self->conflict;

  render_stages (self, values);
  /* a conflict still holds after a move */
  if (conflict)
    show_conflict (self);
  else
    clear_message (self);
}

static void
show_path (ScPathEditor *self)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) stage_value_free);

  for (guint i = 0; i < sc_promotion_path_get_n_stages (self->path); i++)
    {
      const ScPathStage *stage = sc_promotion_path_get_stage (self->path, i);
      StageValue *value = g_new0 (StageValue, 1);

      value->tag = g_strdup (stage->tag);
      value->org_id = g_strdup (stage->org_id);
      value->soak_seconds = stage->soak_seconds;
      add_org (self, value->org_id, stage->org_name);
      g_ptr_array_add (values, value);
    }

  g_free (self->etag);
  self->etag = g_strdup (sc_promotion_path_get_etag (self->path));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), sc_promotion_path_get_name (self->path) ?: "");
  gtk_stack_set_visible_child_name (self->stack, "path");
  render_stages (self, values);
  clear_message (self);
  scroll_to_top (self);
}

/* --- calls ------------------------------------------------------------------------ */

static void
orgs_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScPathEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GListStore) orgs = NULL;

  page = sc_client_list_orgs_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->orgs_cancellable);

  if (page == NULL)
    {
      /* the orgs of the user's remain to choose from */
      g_debug ("Could not list every organization: %s", error->message);
      if (self->session != NULL)
        sc_session_report_if_unauthorized (self->session, error);
      return;
    }

  orgs = sc_models_read_list (sc_client_page_get_items (page), SC_TYPE_ORG,
                              (gpointer) sc_org_new_from_json);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (orgs)); i++)
    {
      g_autoptr(ScOrg) org = g_list_model_get_item (G_LIST_MODEL (orgs), i);

      add_org (self, sc_org_get_id (org), sc_org_get_name (org));
    }
  self->orgs_loaded = TRUE;
}

static void
begin_action (ScPathEditor *self)
{
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->action_cancellable = g_cancellable_new ();
  clear_message (self);
  self->busy = TRUE;
  update_ui (self);
}

static void
action_failed (ScPathEditor *self,
               const GError *error)
{
  self->busy = FALSE;
  sc_session_report_if_unauthorized (self->session, error);
  if (sc_conflict_matches (error))
    show_conflict (self);
  else
    show_error (self, error);
  update_ui (self);
}

static JsonObject *
build_path (ScPathEditor *self)
{
  JsonObject *path = json_object_new ();
  JsonArray *stages = json_array_new ();
  g_autoptr(GPtrArray) values = collect_stages (self);

  json_object_set_string_member (path, "name", gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  for (guint i = 0; i < values->len; i++)
    {
      StageValue *value = g_ptr_array_index (values, i);
      JsonObject *stage = json_object_new ();

      json_object_set_string_member (stage, "tag", value->tag);
      /* an org not chosen: the server names the stage */
      json_object_set_string_member (stage, "org_id", value->org_id != NULL ? value->org_id : "");
      if (value->soak_seconds != 0)
        json_object_set_int_member (stage, "soak_seconds", value->soak_seconds);
      json_array_add_object_element (stages, stage);
    }
  json_object_set_array_member (path, "stages", stages);
  return path;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ScPathEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) path = NULL;
  g_autoptr(ScPromotionPath) model = NULL;
  gboolean created = self->path == NULL;

  path = created
         ? sc_client_create_path_finish (SC_CLIENT (source), result, &error)
         : sc_client_update_path_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path != NULL)
    model = sc_models_check (sc_promotion_path_new_from_json (path), "a path without an id", &error);
  if (model == NULL)
    {
      action_failed (self, error);
      return;
    }

  self->busy = FALSE;
  g_set_object (&self->path, model);
  show_path (self);
  sc_widget_add_toast (GTK_WIDGET (self), created ? _("Path created") : _("Path saved"));
  g_signal_emit (self, signals[SAVED], 0, model);
}

static void
save (ScPathEditor *self)
{
  g_autoptr(JsonObject) body = build_path (self);
  ScClient *client = sc_session_get_client (self->session);

  begin_action (self);
  if (self->path == NULL)
    sc_client_create_path_async (client, sc_session_get_org_id (self->session), body,
                                 self->action_cancellable, saved_cb, g_object_ref (self));
  else
    sc_client_update_path_async (client, sc_promotion_path_get_id (self->path), body, self->etag,
                                 self->action_cancellable, saved_cb, g_object_ref (self));
}

/* Overwrite: the user's stages over the path as it is now (sc-conflict.c). */
static void
conflict_fetch (GObject             *owner,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  ScPathEditor *self = SC_PATH_EDITOR (owner);

  sc_client_get_path_async (sc_session_get_client (self->session), sc_promotion_path_get_id (self->path),
                            cancellable, callback, user_data);
}

static void
conflict_save (GObject *owner)
{
  save (SC_PATH_EDITOR (owner));
}

static void
conflict_failed (GObject      *owner,
                 const GError *error)
{
  action_failed (SC_PATH_EDITOR (owner), error);
}

static gboolean
conflict_fetch_finish (ScClient      *client,
                       GAsyncResult  *result,
                       char         **etag,
                       GError       **error)
{
  g_autoptr(JsonObject) fresh = sc_client_get_path_finish (client, result, error);
  g_autoptr(ScPromotionPath) path = sc_promotion_path_new_from_json (fresh);

  *etag = path != NULL ? g_strdup (sc_promotion_path_get_etag (path)) : NULL;
  return fresh != NULL;
}

static const ScConflictFlow conflict_flow = {
  conflict_fetch, conflict_fetch_finish, conflict_save, conflict_failed,
};

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScPathEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) path = NULL;
  g_autoptr(ScPromotionPath) model = NULL;

  path = sc_client_get_path_finish (SC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (path != NULL)
    model = sc_models_check (sc_promotion_path_new_from_json (path), "a path without an id", &error);
  if (model == NULL)
    {
      action_failed (self, error);
      return;
    }
  self->busy = FALSE;
  g_set_object (&self->path, model);
  show_path (self);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ScPathEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScPromotionPath) path = NULL;

  if (!sc_client_delete_path_finish (SC_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        action_failed (self, error);
      return;
    }
  self->busy = FALSE;
  path = g_steal_pointer (&self->path);
  sc_path_editor_set_path (self, NULL);
  sc_widget_add_toast (GTK_WIDGET (self), _("Path deleted"));
  g_signal_emit (self, signals[DELETED], 0, path);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ScPathEditor     *self)
{
  if (!g_str_equal (response, "delete") || self->path == NULL || self->busy)
    return;
  begin_action (self);
  sc_client_delete_path_async (sc_session_get_client (self->session),
                               sc_promotion_path_get_id (self->path), self->etag,
                               self->action_cancellable, deleted_cb, g_object_ref (self));
}

/* --- actions ---------------------------------------------------------------------- */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScPathEditor *self = SC_PATH_EDITOR (widget);

  if (sc_path_editor_get_editable (self))
    save (self);
}

static void
overwrite_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ScPathEditor *self = SC_PATH_EDITOR (widget);

  if (!sc_path_editor_get_editable (self) || self->path == NULL)
    return;
  begin_action (self);
  sc_conflict_overwrite (G_OBJECT (self), &conflict_flow, &self->etag, self->action_cancellable);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScPathEditor *self = SC_PATH_EDITOR (widget);

  if (self->busy || self->path == NULL || self->session == NULL)
    return;
  begin_action (self);
  sc_client_get_path_async (sc_session_get_client (self->session), sc_promotion_path_get_id (self->path),
                            self->action_cancellable, reloaded_cb, g_object_ref (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScPathEditor *self = SC_PATH_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (!sc_path_editor_get_editable (self) || self->path == NULL)
    return;

  /* Translators: %s is a promotion path's name */
  body = g_strdup_printf (_("“%s” goes for good. Pending requests to promote along it are cancelled."),
                          sc_promotion_path_get_name (self->path));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Delete This Path?"), body));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep"), "delete", _("_Delete"), NULL);
  /* its response buttons: read once, not "_Cancel Cancel" */
  sc_ui_fix_mnemonic_names (GTK_WIDGET (dialog));
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_stage_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ScPathEditor *self = SC_PATH_EDITOR (widget);
  g_autoptr(GPtrArray) values = collect_stages (self);
  StageValue *value = g_new0 (StageValue, 1);
  Stage *stage;

  /* a new stage starts in the org of the one before it */
  value->tag = g_strdup ("");
  value->org_id = g_strdup (values->len > 0
                            ? ((StageValue *) g_ptr_array_index (values, values->len - 1))->org_id
                            : path_org_id (self));
  g_ptr_array_add (values, value);
  restage (self, values);
  stage = g_ptr_array_index (self->stages, self->stages->len - 1);
  gtk_widget_grab_focus (stage->tag_row);
}

static void
move_stage (ScPathEditor *self,
            guint         from,
            guint         to)
{
  g_autoptr(GPtrArray) values = collect_stages (self);
  gpointer moved;

  if (from >= values->len || to >= values->len)
    return;
  moved = values->pdata[from];
  values->pdata[from] = values->pdata[to];
  values->pdata[to] = moved;
  restage (self, values);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gint32 index = g_variant_get_int32 (parameter);

  if (index > 0)
    move_stage (SC_PATH_EDITOR (widget), index, index - 1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gint32 index = g_variant_get_int32 (parameter);

  if (index >= 0)
    move_stage (SC_PATH_EDITOR (widget), index, index + 1);
}

static void
remove_stage_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ScPathEditor *self = SC_PATH_EDITOR (widget);
  g_autoptr(GPtrArray) values = collect_stages (self);
  gint32 index = g_variant_get_int32 (parameter);

  if (index < 0 || (guint) index >= values->len || values->len <= 2)
    return;
  g_ptr_array_remove_index (values, index);
  restage (self, values);
}

/* --- GObject ------------------------------------------------------------------------ */

static void
sc_path_editor_dispose (GObject *object)
{
  ScPathEditor *self = (ScPathEditor *)object;

  g_cancellable_cancel (self->orgs_cancellable);
  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->orgs_cancellable);
  g_clear_object (&self->action_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PATH_EDITOR);

  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->org_ids, g_ptr_array_unref);
  g_clear_object (&self->org_names);
  g_clear_object (&self->session);
  g_clear_object (&self->path);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (sc_path_editor_parent_class)->dispose (object);
}

static void
sc_path_editor_class_init (ScPathEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_path_editor_dispose;

  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_PROMOTION_PATH);
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SC_TYPE_PROMOTION_PATH);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/stagecraft/Stagecraft/sc-path-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, message_list);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, name_error);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, stages_box);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, add_stage_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, save_stack);
  gtk_widget_class_bind_template_child (widget_class, ScPathEditor, save_spinner);

  gtk_widget_class_install_action (widget_class, "path-editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "path-editor.add-stage", NULL, add_stage_action);
  gtk_widget_class_install_action (widget_class, "path-editor.remove-stage", "i", remove_stage_action);
  gtk_widget_class_install_action (widget_class, "path-editor.move-up", "i", move_up_action);
  gtk_widget_class_install_action (widget_class, "path-editor.move-down", "i", move_down_action);
  gtk_widget_class_install_action (widget_class, "path-editor.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "path-editor.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "path-editor.overwrite", NULL, overwrite_action);
}

static void
sc_path_editor_init (ScPathEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sc_ui_fix_mnemonic_names (GTK_WIDGET (self));

  self->stages = g_ptr_array_new_with_free_func (stage_free);
  self->org_ids = g_ptr_array_new_with_free_func (g_free);
  self->org_names = gtk_string_list_new (NULL);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->name_row), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "none");
  update_ui (self);
}

/* --- public ---------------------------------------------------------------------------- */

GtkWidget *
sc_path_editor_new (void)
{
  return g_object_new (SC_TYPE_PATH_EDITOR, NULL);
}

void
sc_path_editor_set_session (ScPathEditor *self,
                            ScSession    *session)
{
  g_return_if_fail (SC_IS_PATH_EDITOR (self));
  g_return_if_fail (session == NULL || SC_IS_SESSION (session));

  if (self->session == session)
    return;

  g_cancellable_cancel (self->orgs_cancellable);
  g_clear_object (&self->orgs_cancellable);
  sc_path_editor_set_path (self, NULL);
  g_set_object (&self->session, session);

  /* another account sees other orgs */
  g_ptr_array_set_size (self->org_ids, 0);
  gtk_string_list_splice (self->org_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->org_names)), NULL);
  self->orgs_loaded = FALSE;
  if (session == NULL)
    return;

  add_member_orgs (self);
  self->orgs_cancellable = g_cancellable_new ();
  sc_client_list_orgs_async (sc_session_get_client (session), TRUE, self->orgs_cancellable,
                             orgs_loaded_cb, g_object_ref (self));
}

void
sc_path_editor_set_path (ScPathEditor    *self,
                         ScPromotionPath *path)
{
  g_return_if_fail (SC_IS_PATH_EDITOR (self));

  g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->action_cancellable);
  self->busy = FALSE;
  g_clear_object (&self->path);
  g_clear_pointer (&self->etag, g_free);

  if (path == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      gtk_stack_set_visible_child_name (self->stack, "none");
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
      render_stages (self, none);
      clear_message (self);
      return;
    }

  self->path = g_object_ref (path);
  show_path (self);
}

void
sc_path_editor_new_path (ScPathEditor *self)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) stage_value_free);

  g_return_if_fail (SC_IS_PATH_EDITOR (self));
  g_return_if_fail (self->session != NULL);

  sc_path_editor_set_path (self, NULL);
  for (guint i = 0; i < 2; i++)
    {
      StageValue *value = g_new0 (StageValue, 1);

      value->tag = g_strdup ("");
      value->org_id = g_strdup (sc_session_get_org_id (self->session));
      g_ptr_array_add (values, value);
    }
  gtk_stack_set_visible_child_name (self->stack, "path");
  render_stages (self, values);
  clear_message (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

const char *
sc_path_editor_get_path_id (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), NULL);
  return self->path != NULL ? sc_promotion_path_get_id (self->path) : NULL;
}

const char *
sc_path_editor_get_state (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
sc_path_editor_get_busy (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), FALSE);
  return self->busy;
}

gboolean
sc_path_editor_get_editable (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), FALSE);
  return !self->busy && may_edit (self) &&
         g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "path") == 0;
}

const char *
sc_path_editor_get_message (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), NULL);
  return self->message;
}

gboolean
sc_path_editor_get_conflict (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), FALSE);
  return self->conflict;
}

void
sc_path_editor_set_name (ScPathEditor *self,
                         const char   *name)
{
  g_return_if_fail (SC_IS_PATH_EDITOR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
}

const char *
sc_path_editor_get_name (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

guint
sc_path_editor_get_n_stages (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), 0);
  return self->stages->len;
}

const char *
sc_path_editor_get_stage_tag (ScPathEditor *self,
                              guint         index)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), NULL);
  g_return_val_if_fail (index < self->stages->len, NULL);
  return gtk_editable_get_text (GTK_EDITABLE (((Stage *) g_ptr_array_index (self->stages, index))->tag_row));
}

void
sc_path_editor_set_stage_tag (ScPathEditor *self,
                              guint         index,
                              const char   *tag)
{
  g_return_if_fail (SC_IS_PATH_EDITOR (self));
  g_return_if_fail (index < self->stages->len);
  gtk_editable_set_text (GTK_EDITABLE (((Stage *) g_ptr_array_index (self->stages, index))->tag_row),
                         tag != NULL ? tag : "");
}

const char *
sc_path_editor_get_stage_org (ScPathEditor *self,
                              guint         index)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), NULL);
  g_return_val_if_fail (index < self->stages->len, NULL);
  return stage_org_id (self, g_ptr_array_index (self->stages, index));
}

gboolean
sc_path_editor_set_stage_org (ScPathEditor *self,
                              guint         index,
                              const char   *org_id)
{
  guint position;

  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), FALSE);
  g_return_val_if_fail (index < self->stages->len, FALSE);

  position = org_index (self, org_id);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (((Stage *) g_ptr_array_index (self->stages, index))->org_row),
                              position);
  return TRUE;
}

const char *
sc_path_editor_get_stage_error (ScPathEditor *self,
                                guint         index)
{
  Stage *stage;

  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), NULL);
  g_return_val_if_fail (index < self->stages->len, NULL);

  stage = g_ptr_array_index (self->stages, index);
  return gtk_widget_get_visible (stage->error) ? gtk_label_get_text (GTK_LABEL (stage->error)) : NULL;
}

gboolean
sc_path_editor_get_orgs_loaded (ScPathEditor *self)
{
  g_return_val_if_fail (SC_IS_PATH_EDITOR (self), FALSE);
  return self->orgs_loaded;
}
