/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The accessibility walk (issue 11): what a screen reader gets from this
 * process, read from GTK's AT-SPI cache in one D-Bus call per view. See
 * sc-a11y-walk.h. The names are the ones GTK computes for AT-SPI's Name
 * property (label, labelled-by, else the class name): the same strings
 * Orca reads. */

#include "sc-a11y-walk.h"

#include <gio/gio.h>
#include <string.h>
#include <unistd.h>

#define WALK_DEADLINE 30

/* AT-SPI roles (atspi-constants.h) and states, as GTK 4.8 sends them */
enum {
  ROLE_CHECK_BOX = 7,
  ROLE_COMBO_BOX = 11,
  ROLE_LABEL = 29,
  ROLE_LIST = 31,
  ROLE_LIST_ITEM = 32,
  ROLE_MENU_ITEM = 35,
  ROLE_PAGE_TAB = 37,
  ROLE_PASSWORD_TEXT = 40,
  ROLE_PUSH_BUTTON = 43,
  ROLE_RADIO_BUTTON = 44,
  ROLE_SLIDER = 51,
  ROLE_SPIN_BUTTON = 52,
  ROLE_TEXT = 61,
  ROLE_TOGGLE_BUTTON = 62,
  ROLE_APPLICATION = 75,
  ROLE_ENTRY = 79,
  ROLE_LINK = 88,
  ROLE_LIST_BOX = 98,
};
#define STATE_FOCUSABLE (1u << 11)
#define STATE_VISIBLE   (1u << 30)

typedef struct {
  char    *path;
  char    *parent;
  char    *name;
  guint    role;
  guint32  states;
  int      index;
} Item;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->path);
  g_free (item->parent);
  g_free (item->name);
  g_free (item);
}

static const char *
role_name (guint role)
{
  switch (role)
    {
    case ROLE_CHECK_BOX: return "check box";
    case ROLE_COMBO_BOX: return "combo box";
    case ROLE_LIST: return "list";
    case ROLE_LIST_ITEM: return "list item";
    case ROLE_MENU_ITEM: return "menu item";
    case ROLE_PAGE_TAB: return "page tab";
    case ROLE_PASSWORD_TEXT: return "password text";
    case ROLE_PUSH_BUTTON: return "button";
    case ROLE_RADIO_BUTTON: return "radio button";
    case ROLE_SLIDER: return "slider";
    case ROLE_SPIN_BUTTON: return "spin button";
    case ROLE_TEXT: return "text";
    case ROLE_TOGGLE_BUTTON: return "toggle button";
    case ROLE_ENTRY: return "entry";
    case ROLE_LINK: return "link";
    case ROLE_LIST_BOX: return "list box";
    default: return NULL;
    }
}

/* A control a user operates; a list row only when it takes the focus
 * (an activatable row, not a line of text). */
static gboolean
is_control (const Item *item)
{
  if (item->role == ROLE_LIST_ITEM)
    return (item->states & STATE_FOCUSABLE) != 0;
  return item->role != ROLE_LIST && role_name (item->role) != NULL;
}

/* GTK 4.8 reads the class name when a widget has no name at all */
static gboolean
is_class_name (const char *name)
{
  return g_regex_match_simple ("^(Gtk|Adw|Sc)[A-Z]\\w*$", name, 0, 0);
}

/* Why @name is not a name a screen reader can read, or NULL. */
static const char *
bad_name (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  gsize len = strlen (stripped);

  if (len == 0)
    return "no name";
  if (is_class_name (stripped))
    return "only its class name";
  if (g_regex_match_simple ("(^|\\s)_\\w", stripped, 0, 0))
    return "a raw mnemonic";
  if (len > 2 && len % 2 == 1 && stripped[len / 2] == ' ' &&
      strncmp (stripped, stripped + len / 2 + 1, len / 2) == 0)
    return "its name twice";
  return NULL;
}

static const Item *
ancestor (GHashTable *items,
          const Item *item,
          guint       up)
{
  for (; item != NULL && up > 0; up--)
    item = g_hash_table_lookup (items, item->parent);
  return item;
}

/* The nearest ancestor of @item (at most @depth up) with @role, or NULL. */
static const Item *
ancestor_with_role (GHashTable *items,
                    const Item *item,
                    guint       role,
                    guint       depth)
{
  for (guint i = 1; i <= depth; i++)
    {
      const Item *up = ancestor (items, item, i);

      if (up != NULL && up->role == role)
        return up;
    }
  return NULL;
}

/* Whether a label with text is under @item (at most three levels down). */
static gboolean
has_text_below (GHashTable *items,
                const Item *item)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const Item *label = value;

      if (label->role != ROLE_LABEL || bad_name (label->name) != NULL)
        continue;
      for (guint i = 1; i <= 3; i++)
        if (ancestor (items, label, i) == item)
          return TRUE;
    }
  return FALSE;
}

static const Item *
toplevel_of (GHashTable *items,
             const Item *item)
{
  const Item *up = item;

  while (up != NULL && g_hash_table_lookup (items, up->parent) != NULL &&
         ((const Item *) g_hash_table_lookup (items, up->parent))->role != ROLE_APPLICATION)
    up = g_hash_table_lookup (items, up->parent);
  return up;
}

static const struct {
  const char *window;  /* its title, as the walk runs untranslated */
  guint       role;
  const char *name;
  const char *why;
} toolkit_windows[] = {
  /* AdwAboutWindow (libadwaita 1.2.2, adw-about-window.ui): the release
   * notes' and licence's GtkTextViews, the link icons (GtkImages given
   * the button role), the details page's button and the troubleshooting
   * page's "_Save as…" and "_Copy Text", which libadwaita labels with a mnemonic that GTK
   * 4.8 reads twice */
  { "About", ROLE_TEXT, "GtkTextView", "AdwAboutWindow's text views (libadwaita 1.2.2)" },
  { "About", ROLE_PUSH_BUTTON, "GtkImage", "AdwAboutWindow's link icons (libadwaita 1.2.2)" },
  { "About", ROLE_PUSH_BUTTON, "GtkButton", "AdwAboutWindow's details button (libadwaita 1.2.2)" },
  { "About", ROLE_PUSH_BUTTON, "_Save as… Save as…", "AdwAboutWindow's Save as (libadwaita 1.2.2)" },
  { "About", ROLE_PUSH_BUTTON, "_Copy Text Copy Text", "AdwAboutWindow's Copy Text (libadwaita 1.2.2)" },
  /* GtkShortcutsWindow (GTK 4.8.3, gtkshortcutswindow.c): its search
   * entry, the entry's clear icon and the section menu button (inside
   * and out) get no name; the window has no title either */
  { "GtkShortcutsWindow", ROLE_ENTRY, "GtkSearchEntry", "GtkShortcutsWindow's search (GTK 4.8.3)" },
  { "GtkShortcutsWindow", ROLE_PUSH_BUTTON, "GtkImage", "GtkShortcutsWindow's search clear icon (GTK 4.8.3)" },
  { "GtkShortcutsWindow", ROLE_PUSH_BUTTON, "GtkMenuButton", "GtkShortcutsWindow's section menu (GTK 4.8.3)" },
};

/* Controls that GTK 4.8.3 or libadwaita 1.2.2 (Debian 12) expose without
 * a name and that the application cannot reach through their API. Each
 * is matched by its class-name fallback and the widget it sits in, never
 * by its role alone; returns why it is let through, or NULL. */
static const char *
toolkit_exception (GHashTable *items,
                   const Item *item)
{
  const Item *parent = g_hash_table_lookup (items, item->parent);
  const Item *combo;
  const Item *top;

  if (parent == NULL)
    return NULL;

  /* GtkDropDown's own GtkToggleButton (gtk/gtkdropdown.c, GTK 4.8.3) has
   * no label or relation. Orca reads the combo box it belongs to, whose
   * name the walk checks. */
  if (item->role == ROLE_PUSH_BUTTON && g_strcmp0 (item->name, "GtkToggleButton") == 0 &&
      parent->role == ROLE_COMBO_BOX && bad_name (parent->name) == NULL)
    return "GtkDropDown's button (GTK 4.8.3)";

  /* The rows of a GtkDropDown's or AdwComboRow's popup list are
   * GtkListItemWidgets made by the drop-down's own factory; GTK 4.8.3 has
   * no way to name them (GtkListItem:accessible-label came with 4.12).
   * Orca reads the row's label, which must have text, and the combo box
   * must have a name. */
  combo = ancestor_with_role (items, item, ROLE_COMBO_BOX, 4);
  if (item->role == ROLE_LIST_ITEM && item->name[0] == '\0' &&
      parent->role == ROLE_LIST && g_strcmp0 (parent->name, "GtkListView") == 0 &&
      combo != NULL && bad_name (combo->name) == NULL && has_text_below (items, item))
    return "a row of a drop-down's popup (GTK 4.8.3)";

  /* AdwPasswordEntryRow's peek icon (libadwaita 1.2.2,
   * adw-password-entry-row.c): a GtkImage given the button role with a
   * tooltip but no accessible name, a private child with no API. The
   * entry row itself (role text) must have a name. */
  if (item->role == ROLE_PUSH_BUTTON && g_strcmp0 (item->name, "GtkImage") == 0)
    {
      const Item *entry = ancestor_with_role (items, item, ROLE_TEXT, 3);

      if (entry != NULL && bad_name (entry->name) == NULL)
        return "AdwPasswordEntryRow's peek icon (libadwaita 1.2.2)";
    }

  /* Windows GTK or libadwaita build whole from our data, with children
   * that have no name and no API to give them one. Matched by window,
   * role and the exact name a screen reader gets, one by one. */
  top = toplevel_of (items, item);
  if (top != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (toolkit_windows); i++)
      if (g_strcmp0 (top->name, toolkit_windows[i].window) == 0 &&
          item->role == toolkit_windows[i].role &&
          g_strcmp0 (item->name, toolkit_windows[i].name) == 0)
        return toolkit_windows[i].why;

  /* AdwPreferencesWindow's GtkSearchEntry (libadwaita 1.2.2,
   * adw-preferences-window.ui) has no name and no API. Our Preferences
   * turn search off, so it never appears, but GTK 4.8 reports a widget
   * in a closed GtkSearchBar as visible. */
  if ((item->role == ROLE_ENTRY || item->role == ROLE_TEXT) &&
      g_strcmp0 (item->name, "GtkSearchEntry") == 0 &&
      top != NULL && g_strcmp0 (top->name, "Preferences") == 0)
    return "AdwPreferencesWindow's search entry (libadwaita 1.2.2)";

  return NULL;
}

static GDBusConnection *a11y_bus;
static char *gtk_name;           /* GTK's connection to the accessibility bus */
static GHashTable *reported;     /* places already reported */
static GPtrArray *report;        /* the lines printed */

static GVariant *
call_sync (GDBusConnection *bus,
           const char      *dest,
           const char      *path,
           const char      *iface,
           const char      *method,
           GVariant        *args,
           const char      *type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply = g_dbus_connection_call_sync (bus, dest, path, iface, method, args,
                                                 G_VARIANT_TYPE (type), G_DBUS_CALL_FLAGS_NONE,
                                                 WALK_DEADLINE * 1000, NULL, &error);

  if (reply == NULL)
    g_error ("%s.%s: %s", iface, method, error->message);
  return reply;
}

/* The accessibility bus, and the name GTK has on it (the connection of
 * this process that is not ours). */
static void
connect_a11y_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) address = NULL;
  g_autoptr(GVariant) names = NULL;
  g_autofree const char **list = NULL;
  const char *address_str;

  g_assert_no_error (error);
  address = call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                       NULL, "(s)");
  g_variant_get (address, "(&s)", &address_str);
  a11y_bus = g_dbus_connection_new_for_address_sync (address_str,
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
  g_assert_no_error (error);
  names = call_sync (a11y_bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                     "org.freedesktop.DBus", "ListNames", NULL, "(as)");
  g_variant_get (names, "(^a&s)", &list);
  for (guint i = 0; list[i] != NULL && gtk_name == NULL; i++)
    {
      g_autoptr(GVariant) pid = NULL;
      guint32 process = 0;

      if (list[i][0] != ':' || g_strcmp0 (list[i], g_dbus_connection_get_unique_name (a11y_bus)) == 0)
        continue;
      pid = call_sync (a11y_bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                       g_variant_new ("(s)", list[i]), "(u)");
      g_variant_get (pid, "(u)", &process);
      if (process == (guint32) getpid ())
        gtk_name = g_strdup (list[i]);
    }
  if (gtk_name == NULL)
    g_error ("GTK is not on the accessibility bus (is GTK_A11Y=none or NO_AT_BRIDGE set?)");
  reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GVariant *call_get_items (void);

typedef struct {
  GVariant *reply;
  GError   *error;
  gboolean  timed_out;
} Call;

static void
get_items_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Call *call = data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
}

static gboolean
timeout_cb (gpointer data)
{
  ((Call *) data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* GetItems: GTK answers from this main loop, so it runs while we wait.
 * GTK puts its cache on the bus once the registry has answered its
 * registration: until then the object is not there, and we ask again. */
static GVariant *
call_get_items (void)
{
  gint64 deadline = g_get_monotonic_time () + WALK_DEADLINE * G_USEC_PER_SEC;

  for (;;)
    {
      Call call = { NULL, NULL, FALSE };
      guint timeout = g_timeout_add_seconds (WALK_DEADLINE, timeout_cb, &call);

      g_dbus_connection_call (a11y_bus, gtk_name, "/org/a11y/atspi/cache", "org.a11y.atspi.Cache",
                              "GetItems", NULL, G_VARIANT_TYPE ("(a((so)(so)(so)iiassusau))"),
                              G_DBUS_CALL_FLAGS_NONE, WALK_DEADLINE * 1000, NULL, get_items_cb, &call);
      while (call.reply == NULL && call.error == NULL && !call.timed_out)
        g_main_context_iteration (NULL, TRUE);
      if (!call.timed_out)
        g_source_remove (timeout);
      if (call.reply != NULL)
        return call.reply;
      if (call.error == NULL || g_get_monotonic_time () > deadline ||
          !g_error_matches (call.error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
        g_error ("org.a11y.atspi.Cache.GetItems: %s", call.error ? call.error->message : "no answer");
      g_clear_error (&call.error);
      g_main_context_iteration (NULL, FALSE);
    }
}

/* GTK 4.8 gives an accessible its place in the cache when a reader first
 * asks for it: the walk asks every parent for its children (GTK lists
 * only those it presents: hidden widgets are left out), one level at a
 * time with every call of a level in flight at once, and then reads the
 * names, roles and states of all of them in one GetItems call. */
typedef struct {
  GPtrArray *next;     /* object paths of the next level */
  guint      pending;
  GError    *error;
} Level;

static void
children_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Level *level = data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             level->error == NULL ? &level->error : NULL);
  g_autoptr(GVariantIter) iter = NULL;
  const char *path;

  level->pending--;
  if (reply == NULL)
    return;
  g_variant_get (reply, "(a(so))", &iter);
  while (g_variant_iter_next (iter, "(&s&o)", NULL, &path))
    if (g_strcmp0 (path, "/org/a11y/atspi/null") != 0)
      g_ptr_array_add (level->next, g_strdup (path));
}

static void
realize_tree (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline = g_get_monotonic_time () + WALK_DEADLINE * G_USEC_PER_SEC;

  g_ptr_array_add (paths, g_strdup ("/org/a11y/atspi/accessible/root"));
  for (guint depth = 0; paths->len > 0 && depth < 100; depth++)
    {
      Level level = { g_ptr_array_new_with_free_func (g_free), 0, NULL };

      for (guint i = 0; i < paths->len; i++)
        {
          level.pending++;
          g_dbus_connection_call (a11y_bus, gtk_name, g_ptr_array_index (paths, i),
                                  "org.a11y.atspi.Accessible", "GetChildren", NULL,
                                  G_VARIANT_TYPE ("(a(so))"), G_DBUS_CALL_FLAGS_NONE,
                                  WALK_DEADLINE * 1000, NULL, children_cb, &level);
        }
      while (level.pending > 0)
        {
          g_main_context_iteration (NULL, TRUE);
          if (g_get_monotonic_time () > deadline)
            g_error ("The accessible tree was not read within %d s", WALK_DEADLINE);
        }
      /* a widget destroyed meanwhile answers with an error: it is gone */
      g_clear_error (&level.error);
      g_ptr_array_unref (paths);
      paths = level.next;
    }
}

static GHashTable *
get_items (void)
{
  GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, item_free);
  g_autoptr(GVariant) reply = call_get_items ();
  g_autoptr(GVariantIter) iter = NULL;
  GVariant *value;

  g_variant_get (reply, "(a((so)(so)(so)iiassusau))", &iter);
  while ((value = g_variant_iter_next_value (iter)) != NULL)
    {
      Item *item = g_new0 (Item, 1);
      g_autoptr(GVariant) states = g_variant_get_child_value (value, 9);

      g_variant_get_child (value, 0, "(&so)", NULL, &item->path);
      g_variant_get_child (value, 2, "(&so)", NULL, &item->parent);
      g_variant_get_child (value, 3, "i", &item->index);
      g_variant_get_child (value, 6, "s", &item->name);
      g_variant_get_child (value, 7, "u", &item->role);
      if (g_variant_n_children (states) > 0)
        g_variant_get_child (states, 0, "u", &item->states);
      g_hash_table_replace (items, item->path, item);
      g_variant_unref (value);
    }
  return items;
}

/* Visible, and every ancestor visible too, up to the application (GTK
 * keeps what was shown once in its cache, a closed page or a hidden
 * window's children included). */
static gboolean
is_shown (GHashTable *items,
          const Item *item)
{
  for (; item != NULL && item->role != ROLE_APPLICATION; item = g_hash_table_lookup (items, item->parent))
    {
      const Item *parent = g_hash_table_lookup (items, item->parent);

      if ((item->states & STATE_VISIBLE) == 0)
        return FALSE;
      /* GTK 4.8 gives a hidden element no name (not even its class
       * name), and a window that was never shown (each window's
       * GtkShortcutsWindow) still says "visible" */
      if (parent != NULL && parent->role == ROLE_APPLICATION && item->name[0] == '\0')
        return FALSE;
    }
  return item != NULL;
}

/* Where @item is, as a reader of the failure finds it: the names of its
 * ancestors (our own widgets by class: ScOrgView, ...), top first. */
static char *
place_of (GHashTable *items,
          const Item *item)
{
  GPtrArray *parts = g_ptr_array_new ();
  GString *place = g_string_new (NULL);

  for (const Item *up = g_hash_table_lookup (items, item->parent);
       up != NULL && up->role != ROLE_APPLICATION;
       up = g_hash_table_lookup (items, up->parent))
    if (up->name[0] != '\0' && !g_regex_match_simple ("^(Gtk|Adw)[A-Z]\\w*$", up->name, 0, 0))
      g_ptr_array_add (parts, up->name);
  for (guint i = parts->len; i > 0; i--)
    g_string_append_printf (place, "“%s” › ", (char *) g_ptr_array_index (parts, i - 1));
  g_string_append_printf (place, "%s #%d", role_name (item->role), item->index);
  g_ptr_array_unref (parts);
  return g_string_free (place, FALSE);
}

guint
sc_a11y_walk (const char *view,
              guint      *n_checked)
{
  g_autoptr(GHashTable) items = NULL;
  GHashTableIter iter;
  gpointer value;
  guint n_bad = 0;

  if (a11y_bus == NULL)
    {
      connect_a11y_bus ();
      /* waits until GTK is registered */
      g_variant_unref (call_get_items ());
    }
  realize_tree ();
  items = get_items ();
  *n_checked = 0;

  g_hash_table_iter_init (&iter, items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Item *item = value;
      const char *why;
      g_autofree char *place = NULL;

      if (!is_control (item) || !is_shown (items, item))
        continue;
      (*n_checked)++;
      why = bad_name (item->name);
      if (why == NULL || toolkit_exception (items, item) != NULL)
        continue;
      place = place_of (items, item);
      if (g_hash_table_contains (reported, place))
        continue;
      if (report == NULL)
        report = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (report, g_strdup_printf ("%s: %s with %s (a screen reader reads “%s”): %s",
                                                view, role_name (item->role), why, item->name, place));
      g_printerr ("%s\n", (char *) g_ptr_array_index (report, report->len - 1));
      g_hash_table_add (reported, g_steal_pointer (&place));
      n_bad++;
    }
  return n_bad;
}

void
sc_a11y_walk_print_report (void)
{
  for (guint i = 0; report != NULL && i < report->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (report, i));
}
