/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <string.h>

#include "sc-session.h"
#include "sc-test-server.h"

G_BEGIN_DECLS

/* What the UI tests share: finding widgets in a window, reading what it
 * shows, waiting for text to appear, and a session signed in with a token
 * (no keyring). Every wait has a deadline of SC_TEST_DEADLINE seconds. */

#define SC_TEST_DEADLINE 30

/* g_test_init() with isolated directories (but the system's MIME
 * database, which SVG icons need), then GTK and libadwaita, with
 * animations off: what a test waits for is there when it is. Desktop
 * notifications are off too (no daemon to show them). */
void        sc_test_ui_init         (int           *argc,
                                     char        ***argv);
/* Destroys every toplevel window: none outlives its test case. */
void        sc_test_destroy_toplevels (void);

/* The first widget under @root (itself included, depth first) that @match
 * accepts, or NULL. */
GtkWidget  *sc_test_find_widget     (GtkWidget     *root,
                                     gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                                     gconstpointer  data);
/* Matchers for sc_test_find_widget(): a button whose action is @data (a
 * string); a widget of the GType GSIZE_TO_POINTER (@data). */
gboolean    sc_test_is_button_for   (GtkWidget     *widget,
                                     gconstpointer  action);
gboolean    sc_test_is_type         (GtkWidget     *widget,
                                     gconstpointer  type);
/* Every widget under @root (itself included, depth first) that @match
 * accepts; the array does not own them. */
GPtrArray  *sc_test_find_all        (GtkWidget     *root,
                                     gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                                     gconstpointer  data);
/* Matchers: a label showing @data (a string); a widget with the CSS
 * class @data (a string). */
gboolean    sc_test_is_label        (GtkWidget     *widget,
                                     gconstpointer  text);
gboolean    sc_test_has_css_class   (GtkWidget     *widget,
                                     gconstpointer  css_class);
/* Where @label's text is drawn (its layout's logical extents), in
 * @target's coordinates. */
graphene_rect_t sc_test_text_bounds (GtkWidget     *label,
                                     GtkWidget     *target);
/* Whether @widget is mapped and wholly inside its window and every
 * scrolled window it is in: seen without scrolling. A condition for
 * sc_test_wait_for(). */
gboolean    sc_test_is_in_sight     (gpointer       widget);
/* The visible toplevel of @type, or NULL. */
GtkWidget  *sc_test_find_toplevel   (GType          type);
/* The title of the toast shown under @root, or NULL. */
const char *sc_test_toast_title     (GtkWidget     *root);
/* Every mapped label's text under @root, one a line. */
char       *sc_test_screen_text     (GtkWidget     *root);
void        sc_test_wait_until_shows (GtkWidget    *root,
                                     const char    *needle);

#define sc_assert_shows(root, needle) \
  G_STMT_START { \
    g_autofree char *_text = sc_test_screen_text (GTK_WIDGET (root)); \
    if (strstr (_text, (needle)) == NULL) \
      g_error ("%s:%d: “%s” is not on screen:\n%s", __FILE__, __LINE__, (needle), _text); \
  } G_STMT_END

#define sc_assert_not_shows(root, needle) \
  G_STMT_START { \
    g_autofree char *_text = sc_test_screen_text (GTK_WIDGET (root)); \
    if (strstr (_text, (needle)) != NULL) \
      g_error ("%s:%d: “%s” is on screen:\n%s", __FILE__, __LINE__, (needle), _text); \
  } G_STMT_END

/* Spins the main context for @ms (no condition to wait on: GTK draws what
 * it has, for a screenshot). */
void        sc_test_settle          (guint          ms);
/* With $SC_SCREENSHOT_DIR set, saves the screen there as @name
 * (`import -window root`); otherwise does nothing. */
void        sc_test_screenshot      (const char    *name);

/* A signal carrying a JsonObject (a dialog's "promoted", "saved", …):
 * connect sc_test_emitted_cb with an ScTestEmitted; it keeps the last
 * object and counts the emissions. */
typedef struct {
  JsonObject *object;
  guint       count;
} ScTestEmitted;

void        sc_test_emitted_cb      (GtkWidget     *widget,
                                     JsonObject    *object,
                                     ScTestEmitted *emitted);
/* The condition for sc_test_wait_for(): emitted at least once. */
gboolean    sc_test_was_emitted     (gpointer       emitted);
void        sc_test_emitted_clear   (ScTestEmitted *emitted);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScTestEmitted, sc_test_emitted_clear)

/* The condition for sc_test_wait_for(): the gboolean at @flag is TRUE. */
gboolean    sc_test_flag_set        (gpointer       flag);

/* A session of @server's user with @token (GET /me answered). */
ScSession  *sc_test_session_new     (ScTestServer  *server,
                                     const char    *token,
                                     const char    *email);
/* The same, but its client talks to @url (nullable: the server's): with
 * an address nothing listens on, a session whose calls fail. */
ScSession  *sc_test_session_new_at  (ScTestServer  *server,
                                     const char    *url,
                                     const char    *token,
                                     const char    *email);
/* GET /workflows/{id} through @session's client. */
JsonObject *sc_test_get_workflow    (ScSession     *session,
                                     const char    *workflow_id);

G_END_DECLS
