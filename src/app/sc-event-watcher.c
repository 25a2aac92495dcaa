/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-App"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-event.h"
#include "sc-event-watcher.h"
#include "sc-request-actions.h"
#include "sc-rules.h"

#define POLL_TIMEOUT      25 /* seconds; the client clamps to this anyway */
#define FIRST_RETRY_DELAY 1
#define MAX_RETRY_DELAY   60

struct _ScEventWatcher
{
  GObject        parent_instance;

  ScSession     *session;
  GApplication  *application; /* weak */
  GCancellable  *cancellable;
  char          *cursor;
  guint          retry_id;
  guint          retry_delay;
  gboolean       polling;
  gboolean       running;
};

G_DEFINE_FINAL_TYPE (ScEventWatcher, sc_event_watcher, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CURSOR,
  PROP_POLLING,
  PROP_RUNNING,
  N_PROPS
};

enum {
  EVENT,
  SEND_NOTIFICATION,
  WITHDRAW_NOTIFICATION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void poll_feed (ScEventWatcher *self);

/* --- the words ------------------------------------------------------------- */

/* A person's name, falling back to the e-mail address. */
static const char *
user_name (const ScApprovalPerson *user)
{
  if (user != NULL && user->name != NULL && user->name[0] != '\0')
    return user->name;
  if (user != NULL && user->email != NULL)
    return user->email;
  return _("Someone");
}

static const char *
or_unknown (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : "?";
}

/* "Invoice sync v1" */
static char *
release_label (ScEvent *event)
{
  const char *name = sc_event_get_workflow_name (event);
  guint version = sc_event_get_release_version (event);

  if (version == 0)
    return g_strdup (or_unknown (name));
  /* Translators: a workflow and its release version, "Invoice sync v3" */
  return g_strdup_printf (_("%s v%d"), or_unknown (name), (int) version);
}

static gboolean
describe (ScEvent  *event,
          char    **title,
          char    **body)
{
  const char *tag = or_unknown (sc_event_get_target_tag (event));
  const char *org = or_unknown (sc_event_get_target_org_name (event));
  ScApprovalState state;
  g_autofree char *release = NULL;

  switch (sc_event_get_kind (event))
    {
    case SC_EVENT_KIND_APPROVAL_REQUESTED:
      release = release_label (event);
      *title = g_strdup (_("Promotion to review"));
      /* Translators: "Ada Admin asks to promote Invoice sync v1 to prod (Acme Production)" */
      *body = g_strdup_printf (_("%s asks to promote %s to %s (%s)"),
                               user_name (sc_event_get_requester (event)),
                               release, tag, org);
      return TRUE;

    case SC_EVENT_KIND_APPROVAL_DECIDED:
      {
        const char *reviewer = user_name (sc_event_get_reviewer (event));

        if (!sc_event_get_state (event, &state))
          return FALSE;
        release = release_label (event);
        if (state == SC_APPROVAL_STATE_APPROVED)
          {
            *title = g_strdup (_("Request approved"));
            /* Translators: "Rita Reviewer approved promoting Invoice sync v1 to prod (Acme Production)" */
            *body = g_strdup_printf (_("%s approved promoting %s to %s (%s)"), reviewer, release, tag, org);
            return TRUE;
          }
        if (state == SC_APPROVAL_STATE_REJECTED)
          {
            *title = g_strdup (_("Request rejected"));
            /* Translators: "Rita Reviewer rejected promoting Invoice sync v1 to prod (Acme Production)" */
            *body = g_strdup_printf (_("%s rejected promoting %s to %s (%s)"), reviewer, release, tag, org);
            return TRUE;
          }
        return FALSE;
      }

    /* a scheduled promotion that succeeded says so as promotion_completed;
     * one that the server refused when it came due says why */
    case SC_EVENT_KIND_SCHEDULE_COMPLETED:
      {
        const char *summary = sc_rules_refusal_summary (sc_event_get_rule (event));

        if (!sc_event_get_failed (event))
          return FALSE;
        release = release_label (event);
        *title = g_strdup (_("Scheduled promotion failed"));
        /* Translators: "Invoice sync v1 was not promoted to prod (Acme Production): Promotions into the target organization were frozen." */
        *body = g_strdup_printf (_("%s was not promoted to %s (%s): %s"), release, tag, org,
                                 summary != NULL ? summary : _("The server could not carry it out."));
        return TRUE;
      }

    case SC_EVENT_KIND_PROMOTION_COMPLETED:
      release = release_label (event);
      *title = g_strdup (_("Promotion completed"));
      /* Translators: "Invoice sync v1 is now in prod (Acme Production)" */
      *body = g_strdup_printf (_("%s is now in %s (%s)"), release, tag, org);
      return TRUE;

    case SC_EVENT_KIND_APPROVAL_UPDATED:
    case SC_EVENT_KIND_UNKNOWN:
    default:
      return FALSE;
    }
}

gboolean
sc_event_describe (JsonObject  *event,
                   char       **title,
                   char       **body)
{
  g_autoptr(ScEvent) model = sc_event_new_from_json (event);

  g_return_val_if_fail (title != NULL && body != NULL, FALSE);
  *title = *body = NULL;

  return model != NULL && describe (model, title, body);
}

static char *
notification_id (ScEvent *event)
{
  const char *request_id = sc_event_get_approval_request_id (event);

  /* one notification per request: a later one replaces it, a decision
   * withdraws it */
  if (request_id != NULL)
    return sc_request_notification_id (request_id);
  return g_strconcat ("stagecraft-event-", or_unknown (sc_event_get_id (event)), NULL);
}

char *
sc_event_notification_id (JsonObject *event)
{
  g_autoptr(ScEvent) model = sc_event_new_from_json (event);

  return model != NULL ? notification_id (model) : g_strdup ("stagecraft-event-?");
}

static GNotification *
notification_new (ScEvent   *event,
                  ScSession *session)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  GNotification *notification;
  const char *request_id = sc_event_get_approval_request_id (event);

  if (!describe (event, &title, &body))
    return NULL;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-approvals");

  /* a request to review: decide from the notification */
  if (session != NULL && request_id != NULL &&
      sc_event_get_kind (event) == SC_EVENT_KIND_APPROVAL_REQUESTED)
    {
      g_notification_set_default_action_and_target_value (notification, "app.review-request",
                                                          sc_request_actions_target (session, request_id));
      g_notification_add_button_with_target_value (notification, _("Approve"), "app.approve-request",
                                                   sc_request_actions_target (session, request_id));
      g_notification_add_button_with_target_value (notification, _("Review"), "app.review-request",
                                                   sc_request_actions_target (session, request_id));
      g_notification_add_button_with_target_value (notification, _("Reject"), "app.reject-request",
                                                   sc_request_actions_target (session, request_id));
    }
  return notification;
}

GNotification *
sc_event_notification_new (JsonObject *event,
                           ScSession  *session)
{
  g_autoptr(ScEvent) model = sc_event_new_from_json (event);

  return model != NULL ? notification_new (model, session) : NULL;
}

static gboolean
withdraws (ScEvent    *event,
           const char *user_id)
{
  const ScApprovalPerson *actor = sc_event_get_actor (event);
  ScApprovalState state;

  if (sc_event_get_kind (event) != SC_EVENT_KIND_APPROVAL_UPDATED ||
      sc_event_get_approval_request_id (event) == NULL)
    return FALSE;
  /* decided or cancelled; or still open but decided by me (elsewhere) */
  return !sc_event_get_state (event, &state) || state != SC_APPROVAL_STATE_PENDING ||
         (user_id != NULL && actor != NULL && g_strcmp0 (actor->id, user_id) == 0);
}

gboolean
sc_event_withdraws (JsonObject *event,
                    const char *user_id)
{
  g_autoptr(ScEvent) model = sc_event_new_from_json (event);

  return model != NULL && withdraws (model, user_id);
}

/* --- the feed ---------------------------------------------------------------- */

static void
set_polling (ScEventWatcher *self,
             gboolean        polling)
{
  if (self->polling == polling)
    return;
  self->polling = polling;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLING]);
}

static void
set_cursor (ScEventWatcher *self,
            const char     *cursor)
{
  if (cursor == NULL || g_strcmp0 (self->cursor, cursor) == 0)
    return;
  g_free (self->cursor);
  self->cursor = g_strdup (cursor);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

static void
handle_event (ScEventWatcher *self,
              JsonObject     *json)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(ScEvent) event = sc_event_new_from_json (json);

  g_signal_emit (self, signals[EVENT], 0, json);
  /* one without an id is not one of the feed's */
  if (event == NULL)
    return;

  if (self->running && withdraws (event, sc_session_get_user_id (self->session)))
    {
      g_autofree char *id = notification_id (event);

      g_signal_emit (self, signals[WITHDRAW_NOTIFICATION], 0, id);
      return;
    }

  notification = notification_new (event, self->session);
  if (notification != NULL && self->running)
    {
      g_autofree char *id = notification_id (event);

      g_signal_emit (self, signals[SEND_NOTIFICATION], 0, id, notification);
    }
}

static gboolean
retry_cb (gpointer user_data)
{
  ScEventWatcher *self = user_data;

  self->retry_id = 0;
  poll_feed (self);
  return G_SOURCE_REMOVE;
}

static void
poll_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(ScEventWatcher) self = g_weak_ref_get (ref);
  g_autoptr(ScClientPage) page = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);

  page = sc_client_poll_events_finish (SC_CLIENT (source), result, &error);
  if (self == NULL)
    return;

  set_polling (self, FALSE);
  if (!self->running || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (page == NULL)
    {
      if (sc_session_report_if_unauthorized (self->session, error))
        {
          sc_event_watcher_stop (self);
          return;
        }
      g_debug ("Polling the event feed failed, trying again in %u s: %s",
               self->retry_delay, error->message);
      self->retry_id = g_timeout_add_seconds (self->retry_delay, retry_cb, self);
      self->retry_delay = MIN (self->retry_delay * 2, MAX_RETRY_DELAY);
      return;
    }

  self->retry_delay = FIRST_RETRY_DELAY;
  /* the first answer only tells where the feed is */
  if (self->cursor != NULL)
    {
      for (guint i = 0; i < sc_client_page_get_n_items (page) && self->running; i++)
        handle_event (self, sc_client_page_get_item (page, i));
    }
  set_cursor (self, sc_client_page_get_next_cursor (page));

  if (self->running)
    poll_feed (self);
}

static void
poll_feed (ScEventWatcher *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  set_polling (self, TRUE);
  sc_client_poll_events_async (sc_session_get_client (self->session), self->cursor, POLL_TIMEOUT,
                               self->cancellable, poll_cb, ref);
}

/* --- the object ------------------------------------------------------------------- */

static void
send_notification_default (ScEventWatcher *self,
                           const char     *id,
                           GNotification  *notification)
{
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_send_notification (self->application, id, notification);
}

static void
withdraw_notification_default (ScEventWatcher *self,
                               const char     *id)
{
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, id);
}

void
sc_event_watcher_stop (ScEventWatcher *self)
{
  g_return_if_fail (SC_IS_EVENT_WATCHER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static void
sc_event_watcher_dispose (GObject *object)
{
  ScEventWatcher *self = SC_EVENT_WATCHER (object);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->running = FALSE;
    }
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (sc_event_watcher_parent_class)->dispose (object);
}

static void
sc_event_watcher_finalize (GObject *object)
{
  ScEventWatcher *self = SC_EVENT_WATCHER (object);

  g_free (self->cursor);

  G_OBJECT_CLASS (sc_event_watcher_parent_class)->finalize (object);
}

static void
sc_event_watcher_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScEventWatcher *self = SC_EVENT_WATCHER (object);

  switch (prop_id)
    {
    case PROP_CURSOR:
      g_value_set_string (value, self->cursor);
      break;
    case PROP_POLLING:
      g_value_set_boolean (value, self->polling);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_event_watcher_class_init (ScEventWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_event_watcher_dispose;
  object_class->finalize = sc_event_watcher_finalize;
  object_class->get_property = sc_event_watcher_get_property;

  properties[PROP_CURSOR] =
    g_param_spec_string ("cursor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLLING] =
    g_param_spec_boolean ("polling", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[EVENT] = g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
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
sc_event_watcher_init (ScEventWatcher *self)
{
  self->cancellable = g_cancellable_new ();
  self->retry_delay = FIRST_RETRY_DELAY;
}

ScEventWatcher *
sc_event_watcher_new (ScSession    *session,
                      GApplication *application)
{
  ScEventWatcher *self;

  g_return_val_if_fail (SC_IS_SESSION (session), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  self = g_object_new (SC_TYPE_EVENT_WATCHER, NULL);
  self->session = g_object_ref (session);
  g_set_weak_pointer (&self->application, application);
  self->running = TRUE;
  poll_feed (self);
  return self;
}

ScSession *
sc_event_watcher_get_session (ScEventWatcher *self)
{
  g_return_val_if_fail (SC_IS_EVENT_WATCHER (self), NULL);
  return self->session;
}

const char *
sc_event_watcher_get_cursor (ScEventWatcher *self)
{
  g_return_val_if_fail (SC_IS_EVENT_WATCHER (self), NULL);
  return self->cursor;
}

gboolean
sc_event_watcher_get_polling (ScEventWatcher *self)
{
  g_return_val_if_fail (SC_IS_EVENT_WATCHER (self), FALSE);
  return self->polling;
}

gboolean
sc_event_watcher_get_running (ScEventWatcher *self)
{
  g_return_val_if_fail (SC_IS_EVENT_WATCHER (self), FALSE);
  return self->running;
}
