/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-server.h"

G_BEGIN_DECLS

/* Carries out scheduled promotions when they are due (sc-scheduler.c).
 * Owned by its ScServer; idle until sc_scheduler_start(). */
typedef struct _ScScheduler ScScheduler;

ScScheduler *sc_scheduler_new     (ScServer    *server);
void         sc_scheduler_free    (ScScheduler *self);

/* Runs what is overdue now (after a restart), then waits for the next. */
void         sc_scheduler_start   (ScScheduler *self);
/* A schedule was added or ended: re-reads the next due time. */
void         sc_scheduler_changed (ScScheduler *self);
/* Cheap (no storage access unless something is due): runs what is due
 * when the clock says so. The server calls it before each request. */
void         sc_scheduler_check   (ScScheduler *self);

/* Carries out at most one due schedule, in one transaction with marking
 * it done; *@ran tells whether there was one. FALSE with @error on a
 * storage failure (nothing written). For the scheduler and tests. */
gboolean     sc_scheduler_run_one (ScScheduler *self,
                                   gboolean    *ran,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScScheduler, sc_scheduler_free)

G_END_DECLS
