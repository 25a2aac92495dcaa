/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "sc-models.h"

G_BEGIN_DECLS

/* Small pieces the dialogs share. */

/* @iso8601: (nullable): a timestamp of the server's. Returns: (nullable): the
 * local date as in "12 May 2025", or NULL when @iso8601 is NULL or unreadable. */
char      *sc_format_date           (const char *iso8601);
/* The same for a time (nullable). */
char      *sc_format_day            (GDateTime  *time);
/* @time: (nullable), as the models hold it. Returns: the local date and
 * time as in "May 12 2025, 14:05"; "" for NULL. */
char      *sc_format_date_time      (GDateTime  *time);

/* What to show as @release's notes: the publisher's notes, or for a
 * release made by a promotion or a rollback, its "origin" in words of the
 * user's language ("Promoted from Acme Development (dev), v3"). Returns:
 * (nullable): NULL when there is nothing to say. */
char      *sc_release_describe_model (ScRelease *release);

void       sc_list_box_clear        (GtkListBox *list);
typedef const char *(*ScGetIdFunc) (gpointer item);
/* The row of @list whose item (a model object), kept as its @data_key
 * object data, has @get_id @id; NULL when none (or @id is NULL). */
GtkListBoxRow *sc_list_box_find_item_row (GtkListBox  *list,
                                          const char  *data_key,
                                          ScGetIdFunc  get_id,
                                          const char  *id);
/* An AdwActionRow with plain-text @title and nullable @subtitle. */
GtkWidget *sc_text_row_new          (const char *title,
                                     const char *subtitle);
/* An AdwActionRow with @icon_name (in @css_class, nullable) as prefix,
 * plain-text @title and nullable @subtitle, appended to @list. */
GtkWidget *sc_list_box_add_icon_row (GtkListBox *list,
                                     const char *icon_name,
                                     const char *css_class,
                                     const char *title,
                                     const char *subtitle);

/* Shows in @list (a boxed list, emptied first, then made visible) that
 * someone else saved meanwhile: a warning row saying @title and @subtitle
 * with Reload and Overwrite buttons for @reload_action and
 * @overwrite_action (a 412 answered without last-writer-wins). */
void       sc_list_box_show_conflict (GtkListBox *list,
                                      const char *title,
                                      const char *subtitle,
                                      const char *reload_action,
                                      const char *overwrite_action);

/* A label appended to @box for a line of a list row: start-aligned,
 * ellipsized, and narrow enough not to widen a 360 px list; @css_class
 * nullable. */
GtkWidget *sc_box_add_row_label     (GtkBox     *box,
                                     const char *text,
                                     const char *css_class);

/* Adds @trigger ("<Control>r") → @action to @controller; the shortcut
 * works only while the controller's widget is mapped (a view shown in a
 * stack), wherever the focus is in the window. */
void       sc_add_view_shortcut     (GtkShortcutController *controller,
                                     const char            *trigger,
                                     const char            *action);

/* Shows @error in @list (a boxed list, emptied first, then made visible):
 * the server's sentence with a hint of what to do next, then each reason
 * of its details (rules, then fields) that adds to it. */
void       sc_error_list_show       (GtkListBox   *list,
                                     const GError *error);

/* Shows page @name of @stack; when that changes the page, notifies @pspec
 * (a property that reads the page) on @object. */
void       sc_stack_set_page        (GtkStack   *stack,
                                     const char *name,
                                     GObject    *object,
                                     GParamSpec *pspec);

/* Describes @error on @page: its message as plain text (a status page's
 * description is markup). */
void       sc_status_page_set_error (AdwStatusPage *page,
                                     const GError  *error);

/* A toast in the AdwToastOverlay @widget is in (the window's); outside
 * one, a debug message. */
void       sc_widget_add_toast      (GtkWidget  *widget,
                                     const char *title);

/* A controller for a view's shortcuts (see sc_add_view_shortcut()), with
 * Ctrl+R and F5 → @reload_action; the view adds it once it has added its
 * own. */
GtkShortcutController *sc_view_shortcuts_new (const char *reload_action);

/* Accessible names (issue 11). GTK 4.8 names a button with a mnemonic
 * twice: by the label property as written ("_Retry", which GtkButton puts
 * into its accessible label) and by its mnemonic label ("Retry", the
 * labelled-by relation GtkLabel adds); a screen reader reads "_Retry
 * Retry". sc_ui_button_fix_mnemonic_name() drops the first, the relation
 * stays: "Retry". Call it after setting a mnemonic label in code;
 * sc_ui_fix_mnemonic_names() does it once for every such button under
 * @root (a composite widget, after gtk_widget_init_template()). It names
 * nothing: a button without a label keeps no name. */
void        sc_ui_button_fix_mnemonic_name (GtkWidget  *button);
void        sc_ui_fix_mnemonic_names       (GtkWidget  *root);
/* A person as "Ada Admin (admin@acme.test)", or whichever of @name and
 * @email (both nullable) there is. */
char      *sc_describe_name_email   (const char *name,
                                     const char *email);

/* Field errors at their rows (an AdwActionRow or AdwExpanderRow): the
 * reason of the first of @error's details.fields whose field starts with
 * @prefix replaces the row's subtitle, in the "error" style (an expander
 * opens); returns whether there was one. sc_row_clear_field_error() puts
 * back the subtitle last set with sc_row_set_subtitle(). */
gboolean   sc_row_show_field_error  (GtkWidget    *row,
                                     const GError *error,
                                     const char   *prefix);
/* Whether @error's details.fields has one whose field starts with
 * @prefix; @reason (out) its reason, nullable. */
gboolean   sc_error_find_field      (const GError  *error,
                                     const char    *prefix,
                                     const char   **reason);
void       sc_row_clear_field_error (GtkWidget    *row);
/* Sets @row's own subtitle (plain text); a field error shown replaces it
 * until it is cleared. */
void       sc_row_set_subtitle      (GtkWidget    *row,
                                     const char   *text);

G_END_DECLS
