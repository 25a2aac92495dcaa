/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-store.h"

G_BEGIN_DECLS

/* Scheduled promotions (sc-store-schedules.c): what POST /schedules
 * stores, what the scheduler (sc-scheduler.c) reads when one is due, and
 * how each ends. Plain statements on the store's connection; the callers
 * hold the transactions. */

typedef struct {
  const char *workflow_id;
  const char *release_id;
  const char *path_id;
  const char *path_name;
  const char *source_tag;
  const char *source_org_id;
  const char *target_tag;
  const char *target_org_id;
  const char *approval_request_id;  /* nullable */
  const char *requester_id;
  const char *run_at;               /* sc_time_format () */
} ScScheduleRow;

typedef enum {
  SC_SCHEDULE_PENDING,
  SC_SCHEDULE_SUCCEEDED,
  SC_SCHEDULE_FAILED,
  SC_SCHEDULE_CANCELLED,
} ScScheduleState;

const char *sc_schedule_state_to_string    (ScScheduleState state);
/* FALSE for anything but the four names. */
gboolean    sc_schedule_state_from_string  (const char      *text,
                                            ScScheduleState *state);

/* Stores a pending schedule; returns its id. */
char       *sc_store_insert_schedule       (ScStore              *self,
                                            const ScScheduleRow  *row,
                                            GError              **error);
/* The API shape: {id, state, run_at, workflow: {id, name}, release: {id,
 * version}, path: {id, name}, source and target: {tag, org_id, org_name},
 * approval_request_id, requester: {id, email, name}, created_at,
 * finished_at, promotion_id, error: {code} | null, cancelled_by: {id,
 * email} | null}. NOT_FOUND when unknown. */
JsonObject *sc_store_get_schedule          (ScStore              *self,
                                            const char           *id,
                                            GError              **error);
/* The schedules from or into @org_id (nullable), made by @requester_id
 * (nullable; one of the two is given), in @state (nullable: any), newest
 * first, one page (sc_store_collect_page). */
JsonArray  *sc_store_list_schedules        (ScStore              *self,
                                            const char           *org_id,
                                            const char           *requester_id,
                                            const char           *state,
                                            guint                 limit,
                                            gint64                cursor,
                                            gint64               *next_cursor,
                                            GError              **error);
/* The pending schedule that is due at @now (run_at ≤ @now), the earliest
 * first: {id, requester_id, release_id, path_id (nullable), target_tag,
 * approval_request_id (nullable), source_org_id, target_org_id}; NULL
 * without error when none is due. */
JsonObject *sc_store_next_due_schedule     (ScStore              *self,
                                            const char           *now,
                                            GError              **error);
/* The run_at of the earliest pending schedule, NULL without error when
 * there is none. */
char       *sc_store_next_schedule_time    (ScStore              *self,
                                            GError              **error);
/* Ends a pending schedule in @state (succeeded, failed or cancelled) now;
 * @promotion_id, @error_code and @cancelled_by are nullable. @changed
 * (out) is FALSE when it was no longer pending: it ran or was cancelled in
 * between, and nothing is written. */
gboolean    sc_store_finish_schedule       (ScStore              *self,
                                            const char           *id,
                                            ScScheduleState       state,
                                            const char           *promotion_id,
                                            const char           *error_code,
                                            const char           *cancelled_by,
                                            gboolean             *changed,
                                            GError              **error);

G_END_DECLS
