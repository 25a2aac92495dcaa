/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deny windows: when promotions into an org are refused ("frozen").
 *
 * A window is a one-off range, a weekly one (days and a start and end
 * hour:minute in the window's time zone; an end at or before the start
 * crosses midnight into the next day), or an RFC 5545 RRULE (read by
 * libical) whose occurrences, in the window's time zone, each open the
 * window for a duration.
 *
 * Across a DST change: weekly windows follow the wall clock of their zone
 * (22:00–06:00 stays 22:00–06:00, so that night is an hour shorter or
 * longer); an RRULE occurrence starts at its wall-clock time and lasts its
 * duration in elapsed time (RFC 5545's exact durations). */

typedef enum {
  SC_DENY_WINDOW_ONCE,
  SC_DENY_WINDOW_WEEKLY,
  SC_DENY_WINDOW_RRULE,
} ScDenyWindowKind;

typedef struct {
  ScDenyWindowKind kind;
  char      *reason;          /* nullable */
  char      *time_zone;       /* IANA id, never NULL ("UTC") */
  gboolean   allow_override;  /* an admin may promote during it, with a reason */
  /* once: [from, until) */
  GDateTime *from;
  GDateTime *until;
  /* weekly: bit 0 Monday … bit 6 Sunday; minutes after local midnight */
  guint      days;
  int        start_minute;
  int        end_minute;
  /* rrule: the rule text as given, the anchor (local, "2026-01-05T09:00:00",
   * nullable: 2000-01-03T00:00:00) and the length of each occurrence */
  char      *rrule;
  char      *dtstart;
  gint64     duration_minutes;
} ScDenyWindow;

ScDenyWindow *sc_deny_window_copy (const ScDenyWindow *window);
void          sc_deny_window_free (ScDenyWindow       *window);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScDenyWindow, sc_deny_window_free)

/* A GPtrArray of ScDenyWindow with the free func set. */
GPtrArray    *sc_deny_window_list_new (void);
GPtrArray    *sc_deny_windows_copy (GPtrArray *windows);

/* The API shape:
 *   {kind: "once", from, until, reason, time_zone, allow_override}
 *   {kind: "weekly", days: ["mon"…], start: "22:00", end: "06:00", …}
 *   {kind: "rrule", rrule: "FREQ=WEEKLY;BYDAY=FR;BYHOUR=16",
 *    duration_minutes, dtstart: "2026-01-02T16:00:00" | null, …} */
JsonNode     *sc_deny_windows_to_json   (GPtrArray  *windows);
/* Reads a whole list (a PATCH replaces it). Field paths "<prefix>[i].days"…
 * Returns NULL on a type error (@error set) or when @violations gained
 * any. */
GPtrArray    *sc_deny_windows_from_json (JsonNode    *node,
                                         const char  *prefix,
                                         GPtrArray   *violations,
                                         GError     **error);

/* Whether @id names a time zone this system knows ("UTC", "Europe/Berlin"). */
gboolean      sc_time_zone_id_is_valid  (const char *id);

/* What the windows say at @now. */
typedef struct {
  gboolean            open;
  const ScDenyWindow *window;         /* the first open one in list order */
  /* when every window open at @now (and every one that opens as it closes)
   * has closed; NULL when not within a year */
  GDateTime          *reopens_at;
  /* every open window allows an override */
  gboolean            override_allowed;
} ScDenyState;

void          sc_deny_state_clear (ScDenyState *state);

/* Fills @state; returns state->open. */
gboolean      sc_deny_windows_check (GPtrArray   *windows,
                                     GDateTime   *now,
                                     ScDenyState *state);

/* Whether one window is open at @now; *@end_out (nullable) is when this
 * occurrence closes. */
gboolean      sc_deny_window_open_at (const ScDenyWindow *window,
                                      GDateTime          *now,
                                      GDateTime         **end_out);

G_END_DECLS
