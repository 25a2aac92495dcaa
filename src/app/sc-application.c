/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-App"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-application.h"
#include "sc-approvals-view.h"
#include "sc-first-frame.h"
#include "sc-release-notes.h"
#include "sc-request-actions.h"
#include "sc-window.h"

struct _ScApplication
{
  AdwApplication  parent_instance;

  ScAccounts       *accounts;
  ScRequestActions *request_actions;
  gboolean          demo;
};

G_DEFINE_FINAL_TYPE (ScApplication, sc_application, ADW_TYPE_APPLICATION)

static ScWindow *
get_window (ScApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return SC_IS_WINDOW (window) ? SC_WINDOW (window) : NULL;
}

static void
sc_application_activate (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);
  ScWindow *window = get_window (self);

  if (window == NULL)
    {
      window = sc_window_new (ADW_APPLICATION (self), self->accounts);
#if SC_ENABLE_TEST_HOOKS
      sc_first_frame_watch (GTK_WINDOW (window));
#endif
      if (self->demo)
        sc_window_start_demo (window);
      else
        sc_window_restore (window);
    }
  else if (self->demo)
    sc_window_start_demo (window);

  self->demo = FALSE;
  gtk_window_present (GTK_WINDOW (window));
}

static int
sc_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("stagecraft %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static int
sc_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  ScApplication *self = SC_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);

  self->demo = g_variant_dict_contains (options, "demo");
  g_application_activate (app);
  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  ScApplication *self = user_data;
  static const char *developers[] = { "The Stagecraft developers", NULL };
  /* Translators: your names and e-mail addresses, one per line, shown in
   * About as the translators of this language; do not translate literally */
  const char *translators = _("translator-credits");
  GtkWidget *about = adw_about_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  /* untranslated (English), there is nobody to credit (libadwaita 1.2
   * refuses NULL here) */
  if (g_strcmp0 (translators, "translator-credits") != 0)
    adw_about_window_set_translator_credits (ADW_ABOUT_WINDOW (about), translators);
  g_object_set (about,
                "application-name", _("Stagecraft"),
                "application-icon", APPLICATION_ID,
                "developer-name", _("The Stagecraft developers"),
                "version", PACKAGE_VERSION,
                "comments", _("Move automation workflows from development to production, with previews, approvals and rollback."),
                "website", "https://github.com/stagecraft/stagecraft",
                "issue-url", "https://github.com/stagecraft/stagecraft/issues",
                "license-type", GTK_LICENSE_GPL_3_0,
                "developers", developers,
                "copyright", "© 2026 The Stagecraft developers",
                "release-notes-version", SC_RELEASE_NOTES_VERSION,
                "release-notes", SC_RELEASE_NOTES,
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  ScApplication *self = user_data;

  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)),
                "help:stagecraft", GDK_CURRENT_TIME);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ScApplication *self = user_data;
  ScWindow *window = get_window (self);

  if (window != NULL)
    sc_window_show_preferences (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  ScApplication *self = user_data;
  GList *windows;

  /* a copy: destroying a window takes it (and its dialogs) out of the
   * application's own list while we walk it */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (windows, g_object_unref);
}

/* The default action of the notifications (sc-event-watcher.c): the
 * window, forward, on the Approvals section. */
static void
show_approvals_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  ScApplication *self = user_data;
  ScWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = get_window (self);
  if (window != NULL)
    sc_window_show_section (window, "approvals");
}

/* The session of that account in the open window (the current account or
 * another one signed in beside it): a notification's action uses it
 * rather than signing in again. */
static ScSession *
window_session_for (const char *server_url,
                    const char *account,
                    gpointer    user_data)
{
  ScWindow *window = get_window (user_data);

  return window != NULL ? sc_session_set_lookup (sc_window_get_session_set (window), server_url, account)
                        : NULL;
}

/* A notification's Review (or an Approve that needs a comment): the
 * window, on that request, its comment field focused. */
static void
review_request_cb (ScApplication *self,
                   ScSession     *session,
                   const char    *request_id)
{
  ScWindow *window = get_window (self);

  if (window == NULL)
    {
      /* signed in already: no need to restore the account first */
      window = sc_window_new (ADW_APPLICATION (self), self->accounts);
      sc_window_set_session (window, session);
    }
  else if (window_session_for (sc_session_get_server_url (session), sc_session_get_account (session),
                               self) == NULL)
    sc_window_set_session (window, session);

  /* an account signed in beside the current one: its request in the inbox,
   * without switching */
  sc_window_show_request_in (window, session, request_id);
  gtk_window_present (GTK_WINDOW (window));
}

/* A decision from a notification: the open window's lists follow. */
static void
request_decided_cb (ScApplication *self,
                    JsonObject    *request)
{
  ScWindow *window = get_window (self);

  if (window != NULL)
    sc_window_reload_section (window, "approvals");
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "help", help_action },
  { "preferences", preferences_action },
  { "show-approvals", show_approvals_action },
  { "quit", quit_action },
};

static void
sc_application_startup (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (sc_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  /* GtkApplication's own for gtk/help-overlay.ui; ours is built on demand
   * (sc-window.c) */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);

  self->accounts = sc_accounts_new ();
  self->request_actions = sc_request_actions_new (app, self->accounts);
  sc_request_actions_set_session_func (self->request_actions, window_session_for, self);
  g_signal_connect_object (self->request_actions, "review", G_CALLBACK (review_request_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->request_actions, "decided", G_CALLBACK (request_decided_cb),
                           self, G_CONNECT_SWAPPED);
}

static void
sc_application_shutdown (GApplication *app)
{
  ScApplication *self = SC_APPLICATION (app);

  g_clear_object (&self->request_actions);
  /* stops the demo server with the app */
  g_clear_object (&self->accounts);

  G_APPLICATION_CLASS (sc_application_parent_class)->shutdown (app);
}

static void
sc_application_class_init (ScApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sc_application_activate;
  app_class->startup = sc_application_startup;
  app_class->shutdown = sc_application_shutdown;
  app_class->command_line = sc_application_command_line;
  app_class->handle_local_options = sc_application_handle_local_options;
}

static void
sc_application_init (ScApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start the built-in demo server and sign in to it"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

ScApplication *
sc_application_new (void)
{
  return g_object_new (SC_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/stagecraft/Stagecraft",
                       NULL);
}

ScAccounts *
sc_application_get_accounts (ScApplication *self)
{
  g_return_val_if_fail (SC_IS_APPLICATION (self), NULL);
  return self->accounts;
}
