/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts failures per key (a client id, a remote address) in a fixed
 * window that starts at the key's first failure; a key with @max_failures
 * in its window is refused until the window ends. Memory is bounded: at
 * SC_RATE_LIMIT_MAX_KEYS keys, expired ones are dropped, then the oldest.
 * Times are monotonic microseconds, passed in (tests pick their clock). */

#define SC_RATE_LIMIT_MAX_KEYS 10000

typedef struct _ScRateLimit ScRateLimit;

ScRateLimit *sc_rate_limit_new         (guint        max_failures,
                                        guint        window_seconds);
void         sc_rate_limit_free        (ScRateLimit *self);
/* 0 when @key may try at @now, else the whole seconds (≥ 1) to wait. */
guint        sc_rate_limit_check       (ScRateLimit *self,
                                        const char  *key,
                                        gint64       now);
void         sc_rate_limit_add_failure (ScRateLimit *self,
                                        const char  *key,
                                        gint64       now);
/* Forgets @key's failures (after a success). */
void         sc_rate_limit_reset       (ScRateLimit *self,
                                        const char  *key);
guint        sc_rate_limit_get_n_keys  (ScRateLimit *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScRateLimit, sc_rate_limit_free)

G_END_DECLS
