/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-App"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-models.h"
#include "sc-request-actions.h"

struct _ScRequestActions
{
  GObject                      parent_instance;

  GApplication                *application; /* weak */
  ScAccounts                  *accounts;
  ScRequestActionsSessionFunc  session_func;
  gpointer                     session_data;
  GCancellable                *cancellable;
  guint                        n_running;
};

G_DEFINE_FINAL_TYPE (ScRequestActions, sc_request_actions, G_TYPE_OBJECT)

enum {
  DECIDED,
  REVIEW,
  SEND_NOTIFICATION,
  WITHDRAW_NOTIFICATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum {
  KIND_APPROVE,
  KIND_REJECT,
  KIND_REVIEW,
} Kind;

/* One action on its way: who, what, and the session once found. */
typedef struct {
  ScRequestActions *self;
  Kind              kind;
  char             *server_url;
  char             *account;
  char             *request_id;
  ScSession        *session;
} Job;

static void
job_free (Job *job)
{
  ScRequestActions *self = job->self;

  g_assert (self->n_running > 0);
  self->n_running--;
  if (self->application != NULL)
    g_application_release (self->application);
  g_object_unref (self);
  g_free (job->server_url);
  g_free (job->account);
  g_free (job->request_id);
  g_clear_object (&job->session);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* The notification of the request says what went wrong, in place of the
 * buttons that did not work. */
static void
report_failure (Job        *job,
                const char *message)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = sc_request_notification_id (job->request_id);
  const char *title;

  if (job->kind == KIND_APPROVE)
    title = _("Could Not Approve");
  else if (job->kind == KIND_REJECT)
    title = _("Could Not Reject");
  else
    title = _("Could Not Open the Request");

  g_debug ("A notification's action on %s failed: %s", job->request_id, message);
  notification = g_notification_new (title);
  g_notification_set_body (notification, message);
  g_notification_set_default_action (notification, "app.show-approvals");
  g_signal_emit (job->self, signals[SEND_NOTIFICATION], 0, id, notification);
}

static void
decided_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  request = sc_client_decide_finish (SC_CLIENT (source), result, &error);
  if (request == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          sc_session_report_if_unauthorized (job->session, error);
          report_failure (job, error->message);
        }
      return;
    }

  id = sc_request_notification_id (job->request_id);
  g_signal_emit (job->self, signals[WITHDRAW_NOTIFICATION], 0, id);
  g_signal_emit (job->self, signals[DECIDED], 0, request);
}

static void
request_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(ScApprovalRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  ScDecision decision = job->kind == KIND_APPROVE ? SC_DECISION_APPROVE : SC_DECISION_REJECT;

  json = sc_client_get_approval_request_finish (SC_CLIENT (source), result, &error);
  if (json != NULL)
    request = sc_models_check (sc_approval_request_new_from_json (json), "a request", &error);
  if (request == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          sc_session_report_if_unauthorized (job->session, error);
          report_failure (job, error->message);
        }
      return;
    }

  if (!sc_approval_request_get_can_decide (request))
    {
      const char *reason = sc_approval_request_get_cannot_decide_reason (request);

      report_failure (job, reason != NULL ? reason : _("You may not decide this request."));
      return;
    }

  /* the server says whether this decision needs a comment: then the review
   * asks for it */
  if (sc_approval_request_get_comment_required (request, decision))
    {
      g_signal_emit (job->self, signals[REVIEW], 0, job->session, job->request_id);
      return;
    }

  {
    Job *sent = g_steal_pointer (&job);

    sc_client_decide_async (sc_session_get_client (sent->session), sent->request_id, decision, NULL,
                            sent->self->cancellable, decided_cb, sent);
  }
}

static void
run_with_session (Job *job)
{
  if (job->kind == KIND_REVIEW)
    {
      g_signal_emit (job->self, signals[REVIEW], 0, job->session, job->request_id);
      job_free (job);
      return;
    }

  sc_client_get_approval_request_async (sc_session_get_client (job->session), job->request_id,
                                        job->self->cancellable, request_loaded_cb, job);
}

static void
session_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;

  job->session = sc_accounts_session_finish (SC_ACCOUNTS (source), result, &error);
  if (job->session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report_failure (job, error->message);
      return;
    }
  run_with_session (g_steal_pointer (&job));
}

static void
activate_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  ScRequestActions *self = user_data;
  const char *name = g_action_get_name (G_ACTION (action));
  ScSession *session = NULL;
  Job *job;

  job = g_new0 (Job, 1);
  job->self = g_object_ref (self);
  g_variant_get (parameter, "(sss)", &job->server_url, &job->account, &job->request_id);
  if (g_str_equal (name, "approve-request"))
    job->kind = KIND_APPROVE;
  else if (g_str_equal (name, "reject-request"))
    job->kind = KIND_REJECT;
  else
    job->kind = KIND_REVIEW;

  /* the app may have been started for this alone: it stays until done */
  self->n_running++;
  if (self->application != NULL)
    g_application_hold (self->application);

  if (self->session_func != NULL)
    session = self->session_func (job->server_url, job->account, self->session_data);
  if (session != NULL)
    {
      job->session = g_object_ref (session);
      run_with_session (job);
      return;
    }

  if (self->accounts == NULL)
    {
      g_autofree char *message =
        /* Translators: "ada@example.com on https://server" */
        g_strdup_printf (_("You are not signed in as %s on %s any more."), job->account, job->server_url);

      report_failure (job, message);
      job_free (job);
      return;
    }

  sc_accounts_open_async (self->accounts, job->server_url, job->account, self->cancellable,
                          session_opened_cb, job);
}

static void
send_notification_default (ScRequestActions *self,
                           const char       *id,
                           GNotification    *notification)
{
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_send_notification (self->application, id, notification);
}

static void
withdraw_notification_default (ScRequestActions *self,
                               const char       *id)
{
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, id);
}

static void
sc_request_actions_dispose (GObject *object)
{
  ScRequestActions *self = SC_REQUEST_ACTIONS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->accounts);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (sc_request_actions_parent_class)->dispose (object);
}

static void
sc_request_actions_class_init (ScRequestActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_request_actions_dispose;

  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[REVIEW] = g_signal_new ("review", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SC_TYPE_SESSION, G_TYPE_STRING);
  signals[SEND_NOTIFICATION] =
    g_signal_new_class_handler ("send-notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (send_notification_default), NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_NOTIFICATION);
  signals[WITHDRAW_NOTIFICATION] =
    g_signal_new_class_handler ("withdraw-notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (withdraw_notification_default), NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sc_request_actions_init (ScRequestActions *self)
{
  self->cancellable = g_cancellable_new ();
}

ScRequestActions *
sc_request_actions_new (GApplication *application,
                        ScAccounts   *accounts)
{
  static const GActionEntry entries[] = {
    { "approve-request", activate_cb, "(sss)" },
    { "reject-request", activate_cb, "(sss)" },
    { "review-request", activate_cb, "(sss)" },
  };
  ScRequestActions *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (accounts == NULL || SC_IS_ACCOUNTS (accounts), NULL);

  self = g_object_new (SC_TYPE_REQUEST_ACTIONS, NULL);
  g_set_weak_pointer (&self->application, application);
  g_set_object (&self->accounts, accounts);
  g_action_map_add_action_entries (G_ACTION_MAP (application), entries, G_N_ELEMENTS (entries), self);
  return self;
}

void
sc_request_actions_set_session_func (ScRequestActions            *self,
                                     ScRequestActionsSessionFunc  func,
                                     gpointer                     user_data)
{
  g_return_if_fail (SC_IS_REQUEST_ACTIONS (self));

  self->session_func = func;
  self->session_data = user_data;
}

guint
sc_request_actions_get_n_running (ScRequestActions *self)
{
  g_return_val_if_fail (SC_IS_REQUEST_ACTIONS (self), 0);
  return self->n_running;
}

GVariant *
sc_request_actions_target (ScSession  *session,
                           const char *request_id)
{
  g_return_val_if_fail (SC_IS_SESSION (session), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  return g_variant_new ("(sss)", sc_session_get_server_url (session),
                        sc_session_get_account (session) != NULL ? sc_session_get_account (session) : "",
                        request_id);
}

char *
sc_request_notification_id (const char *request_id)
{
  g_return_val_if_fail (request_id != NULL, NULL);
  return g_strconcat ("stagecraft-request-", request_id, NULL);
}
