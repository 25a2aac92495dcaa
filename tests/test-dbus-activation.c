/* SPDX-License-Identifier: GPL-3.0-or-later */

/* D-Bus activation, as GNOME Shell starts the app (DBusActivatable=true)
 * and as a click on a notification does: on a private session bus whose
 * only service is the built D-Bus service file (its Exec pointed at the
 * built app), org.freedesktop.Application.Activate on the app's name
 * starts it through that file and is answered by the app itself;
 * ActivateAction("quit") then ends it and the name goes away. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#define DEADLINE 60
#define OBJECT_PATH "/io/github/stagecraft/Stagecraft"

typedef struct {
  gboolean owned;
  gboolean seen;   /* an owner was seen since the watch began */
} Owner;

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         data)
{
  Owner *o = data;

  o->owned = o->seen = TRUE;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         data)
{
  Owner *o = data;

  o->owned = FALSE;
}

static gboolean
deadline_cb (gpointer data)
{
  g_error ("no answer within %d s", DEADLINE);
  return G_SOURCE_REMOVE;
}

static gboolean
is_gone (Owner *o)
{
  return o->seen && !o->owned;
}

static gboolean
name_gone (gpointer data)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned;

  reply = g_dbus_connection_call_sync (data, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APPLICATION_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);
  g_variant_get (reply, "(b)", &owned);
  return !owned;
}

static void
test_activation (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *services = g_build_filename (g_get_tmp_dir (), "dbus-services", NULL);
  g_autofree char *template = NULL;
  g_autofree char *service = NULL;
  g_autofree char *path = NULL;
  g_autofree char *exec = NULL;
  const char *built = g_getenv ("SC_DBUS_SERVICE_FILE");
  const char *app = g_getenv ("SC_APP_BINARY");
  Owner owner = { FALSE, FALSE };
  guint watch;
  guint deadline;

  g_assert_nonnull (built);
  g_assert_nonnull (app);

  /* the built service file, with Exec pointing at the built app */
  g_assert_true (g_file_get_contents (built, &template, NULL, NULL));
  g_assert_nonnull (strstr (template, "Name=" APPLICATION_ID "\n"));
  g_assert_nonnull (strstr (template, " --gapplication-service"));
  exec = g_strdup_printf ("Exec=%s ", app);
  {
    g_autoptr(GRegex) regex = g_regex_new ("^Exec=\\S+ ", G_REGEX_MULTILINE, 0, NULL);

    service = g_regex_replace_literal (regex, template, -1, 0, exec, 0, NULL);
  }
  g_assert_cmpint (g_mkdir_with_parents (services, 0700), ==, 0);
  path = g_build_filename (services, APPLICATION_ID ".service", NULL);
  g_assert_true (g_file_set_contents (path, service, -1, NULL));

  g_test_dbus_add_service_dir (bus, services);
  g_test_dbus_up (bus);
  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (name_gone (connection));
  watch = g_bus_watch_name_on_connection (connection, APPLICATION_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared_cb, name_vanished_cb, &owner, NULL);

  /* nobody owns the name: the bus starts the app from the service file,
   * and the answer comes from the app once it activated */
  reply = g_dbus_connection_call_sync (connection, APPLICATION_ID, OBJECT_PATH,
                                       "org.freedesktop.Application", "Activate",
                                       g_variant_new ("(a{sv})", NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, DEADLINE * 1000, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (name_gone (connection));
  g_clear_pointer (&reply, g_variant_unref);

  /* what a notification's button does: an app action, through the bus */
  reply = g_dbus_connection_call_sync (connection, APPLICATION_ID, OBJECT_PATH,
                                       "org.freedesktop.Application", "ActivateAction",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, DEADLINE * 1000, NULL, &error);
  g_assert_no_error (error);
  deadline = g_timeout_add_seconds (DEADLINE, deadline_cb, NULL);
  while (!is_gone (&owner))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (deadline);
  g_bus_unwatch_name (watch);

  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_test_dbus_down (bus);
  g_unlink (path);
  g_rmdir (services);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* the app the bus starts inherits our environment: the system's data
   * dirs (the MIME database its SVG icons need), our isolated home */
  g_setenv ("XDG_DATA_DIRS", data_dirs != NULL ? data_dirs : "/usr/local/share:/usr/share", TRUE);
  g_test_add_func ("/dbus/activation", test_activation);
  return g_test_run ();
}
