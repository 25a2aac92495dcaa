/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The app in another language: the real window against the real server
 * (--demo), under a headless X server, with the translations compiled in
 * the build tree (po/<lang>/LC_MESSAGES/stagecraft.mo, bound the way main.c
 * binds the installed ones).
 *
 * meson runs this once per language with LANGUAGE=<lang> and
 * LC_ALL=C.UTF-8 (glibc's gettext follows LANGUAGE in any locale but "C",
 * so no generated locale is needed) and SC_TEST_LOCALEDIR=<build>/po. The
 * sidebar, a plural, and the sentences the app makes of the server's facts
 * (a promoted release, a refused promotion) must read in that language, and
 * the English ones must not be there. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "sc-accounts.h"
#include "sc-approval-review.h"
#include "sc-approvals-view.h"
#include "sc-json.h"
#include "sc-session.h"
#include "sc-test-server.h"
#include "sc-test-widgets.h"
#include "sc-window-private.h"
#include "sc-workflow-details.h"

#define DEADLINE SC_TEST_DEADLINE
#define ADMIN "admin@acme.test"
#define REVIEWER "reviewer@acme.test"

/* What each language must show; written here, not read from the po files,
 * so a lost or wrong translation fails. */
typedef struct {
  const char *language;
  const char *approvals;       /* sidebar: "Approvals" */
  const char *paths;           /* sidebar: "Promotion Paths" */
  const char *one_approval;    /* "0 of 1 approval" (a plural) */
  const char *promoted_from;   /* "Promoted from Acme Development (dev), v" */
  const char *approval_required; /* a failed promotion's rule */
} Expected;

static const Expected expectations[] = {
  { "de", "Genehmigungen", "Höherstufungspfade", "0 von 1 Genehmigung",
    "Höhergestuft aus Acme Development (dev), v",
    "Die Zielorganisation verlangte eine genehmigte Anfrage." },
  { "fr", "Approbations", "Chemins de promotion", "0 sur 1 approbation",
    "Promue depuis Acme Development (dev), v",
    "L’organisation cible exigeait une demande approuvée." },
};

static const Expected *expected;
static AdwApplication *app;

typedef struct {
  ScTestServer    *server;
  ScAccounts      *accounts;
  ScSession       *session;
  ScWindow        *window;
  ScApprovalsView *view;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *prod_org = NULL;

  f->server = sc_test_server_start (TRUE, NULL);
  prod_org = sc_test_server_demo_org_id (f->server, "Acme Production");
  f->session = sc_test_session_new (f->server, sc_test_server_demo_token (f->server, REVIEWER),
                                    REVIEWER);
  sc_session_set_org_id (f->session, prod_org);
  f->accounts = sc_accounts_new ();
  f->window = sc_window_new (app, f->accounts);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  sc_window_set_session (f->window, f->session);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_destroy_toplevels ();
  g_clear_object (&f->session);
  g_clear_object (&f->accounts);
  sc_test_server_stop (f->server);
}

/* The sidebar and the Approvals view, in the language. */
static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  ScApprovalReview *review;
  g_autoptr(ScTestResponse) r = NULL;

  sc_test_wait_until_shows (GTK_WIDGET (f->window), expected->approvals);
  sc_assert_shows (f->window, expected->paths);
  sc_assert_not_shows (f->window, "Approvals");
  sc_assert_not_shows (f->window, "Promotion Paths");
  sc_test_screenshot ("i18n-window.png");

  sc_window_show_section (f->window, "approvals");
  f->view = SC_APPROVALS_VIEW (sc_window_get_view (f->window, "approvals"));
  g_assert_nonnull (f->view);

  /* the demo's pending request: "0 of 1 approval" through ngettext */
  r = sc_test_request (f->server, "GET", "/approval-requests?state=pending",
                       sc_test_server_demo_token (f->server, REVIEWER), NULL, NULL);
  sc_assert_status (r, 200);
  sc_test_wait_until_shows (GTK_WIDGET (f->view), sc_test_get_string (r->body, "items[0].workflow.name"));
  g_assert_true (sc_approvals_view_select (f->view, sc_test_get_string (r->body, "items[0].id")));
  review = sc_approvals_view_get_review (f->view);
  sc_test_wait_until_shows (GTK_WIDGET (review), expected->one_approval);
  sc_assert_not_shows (review, "0 of 1 approval");
}

/* The server answers facts, not sentences: a release a promotion made
 * (its "origin") and a refused promotion (its rule). The details view says
 * them in the user's language. */
static void
test_facts_in_words (Fixture       *f,
                     gconstpointer  data)
{
  const char *admin = sc_test_server_demo_token (f->server, ADMIN);
  g_autoptr(ScTestResponse) request = NULL;
  g_autoptr(ScTestResponse) releases = NULL;
  g_autoptr(ScTestResponse) refused = NULL;
  g_autoptr(ScSession) session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  const char *copy_id;
  GtkWidget *window;
  GtkWidget *details;

  /* the Staging copy of the demo's pending request received its release
   * by a promotion from Development */
  request = sc_test_request (f->server, "GET", "/approval-requests?state=pending", admin, NULL, NULL);
  sc_assert_status (request, 200);
  copy_id = sc_test_get_string (request->body, "items[0].workflow.id");
  path = g_strdup_printf ("/workflows/%s/releases", copy_id);
  releases = sc_test_request (f->server, "GET", path, admin, NULL, NULL);
  sc_assert_status (releases, 200);
  g_assert_cmpstr (sc_test_get_string (releases->body, "items[0].notes"), ==, "");
  g_assert_cmpstr (sc_test_get_string (releases->body, "items[0].origin.kind"), ==, "promotion");

  /* promoting it on to Production without the approval is refused, and
   * the history keeps the rule */
  body = g_strdup_printf ("{\"release_id\": \"%s\", \"path_id\": \"%s\", \"target_stage\": \"%s\"}",
                          sc_test_get_string (request->body, "items[0].release.id"),
                          sc_test_get_string (request->body, "items[0].path.id"),
                          sc_test_get_string (request->body, "items[0].target.tag"));
  refused = sc_test_request (f->server, "POST", "/promotions", admin, body, NULL);
  sc_assert_status (refused, 403);
  g_assert_cmpstr (sc_test_get_string (refused->body, "error.details.rules[0].rule"), ==,
                   "approval_required");

  session = sc_test_session_new (f->server, admin, ADMIN);
  window = gtk_window_new ();
  details = sc_workflow_details_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), details);
  gtk_window_present (GTK_WINDOW (window));
  sc_workflow_details_set_session (SC_WORKFLOW_DETAILS (details), session);
  sc_workflow_details_set_workflow_id (SC_WORKFLOW_DETAILS (details), copy_id);

  sc_test_wait_until_shows (details, expected->promoted_from);
  sc_test_wait_until_shows (details, expected->approval_required);
  sc_assert_not_shows (details, "Promoted from");
  sc_assert_not_shows (details, "approved request");
  sc_test_screenshot ("i18n-details.png");
}

int
main (int   argc,
      char *argv[])
{
  const char *language = g_getenv ("LANGUAGE");
  const char *localedir = g_getenv ("SC_TEST_LOCALEDIR");
  g_autoptr(GError) error = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_strcmp0 (expectations[i].language, language) == 0)
      expected = &expectations[i];
  if (expected == NULL || localedir == NULL)
    g_error ("run with LANGUAGE (de or fr) and SC_TEST_LOCALEDIR (the build's po directory)");

  /* as main.c does, with the build tree's translations */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  sc_test_ui_init (&argc, &argv);
  /* gettext answers in the language: the .mo was found and loaded */
  g_assert_cmpstr (_("Approvals"), ==, expected->approvals);

  app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/i18n/window", test_window);
  ADD ("/ui/i18n/facts-in-words", test_facts_in_words);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
