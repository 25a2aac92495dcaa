/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <string.h>

#include "sc-deny-windows.h"
#include "sc-library.h"
#include "sc-model.h"
#include "sc-violations.h"

#define WINDOWS_MAX 50
#define REASON_MAX_CHARS 500
#define RRULE_MAX_CHARS 500
#define DURATION_MAX_MINUTES (30 * 24 * 60)
#define DEFAULT_DTSTART "2000-01-03T00:00:00" /* a Monday */
/* how far "reopens at" is looked for, and how many back-to-back windows */
#define REOPEN_HORIZON_DAYS 366
#define REOPEN_MAX_HOPS 2000
/* occurrences read per check of a rule that cannot start late (COUNT) */
#define RRULE_MAX_STEPS 20000

static const char * const day_names[] = {
  "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

/* --- life cycle ----------------------------------------------------------- */

ScDenyWindow *
sc_deny_window_copy (const ScDenyWindow *window)
{
  ScDenyWindow *copy;

  g_return_val_if_fail (window != NULL, NULL);

  copy = g_new0 (ScDenyWindow, 1);
  *copy = *window;
  copy->reason = g_strdup (window->reason);
  copy->time_zone = g_strdup (window->time_zone);
  copy->from = window->from != NULL ? g_date_time_ref (window->from) : NULL;
  copy->until = window->until != NULL ? g_date_time_ref (window->until) : NULL;
  copy->rrule = g_strdup (window->rrule);
  copy->dtstart = g_strdup (window->dtstart);
  return copy;
}

void
sc_deny_window_free (ScDenyWindow *window)
{
  if (window == NULL)
    return;

  g_free (window->reason);
  g_free (window->time_zone);
  g_clear_pointer (&window->from, g_date_time_unref);
  g_clear_pointer (&window->until, g_date_time_unref);
  g_free (window->rrule);
  g_free (window->dtstart);
  g_free (window);
}

GPtrArray *
sc_deny_window_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sc_deny_window_free);
}

GPtrArray *
sc_deny_windows_copy (GPtrArray *windows)
{
  GPtrArray *copy = sc_deny_window_list_new ();

  for (guint i = 0; windows != NULL && i < windows->len; i++)
    g_ptr_array_add (copy, sc_deny_window_copy (g_ptr_array_index (windows, i)));
  return copy;
}

void
sc_deny_state_clear (ScDenyState *state)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->reopens_at, g_date_time_unref);
  memset (state, 0, sizeof *state);
}

gboolean
sc_time_zone_id_is_valid (const char *id)
{
  g_autoptr(GTimeZone) tz = NULL;

  if (id == NULL || *id == '\0' || strlen (id) > 64)
    return FALSE;
  tz = g_time_zone_new_identifier (id);
  return tz != NULL;
}

/* --- JSON ----------------------------------------------------------------- */

static const char *
kind_to_string (ScDenyWindowKind kind)
{
  switch (kind)
    {
    case SC_DENY_WINDOW_ONCE:
      return "once";
    case SC_DENY_WINDOW_WEEKLY:
      return "weekly";
    case SC_DENY_WINDOW_RRULE:
      return "rrule";
    default:
      g_return_val_if_reached ("once");
    }
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

JsonNode *
sc_deny_windows_to_json (GPtrArray *windows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; windows != NULL && i < windows->len; i++)
    {
      const ScDenyWindow *window = g_ptr_array_index (windows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind_to_string (window->kind));
      add_string_or_null (builder, "reason", window->reason);
      json_builder_set_member_name (builder, "time_zone");
      json_builder_add_string_value (builder, window->time_zone);
      json_builder_set_member_name (builder, "allow_override");
      json_builder_add_boolean_value (builder, window->allow_override);

      switch (window->kind)
        {
        case SC_DENY_WINDOW_ONCE:
          {
            g_autofree char *from = sc_time_format (window->from);
            g_autofree char *until = sc_time_format (window->until);

            add_string_or_null (builder, "from", from);
            add_string_or_null (builder, "until", until);
          }
          break;
        case SC_DENY_WINDOW_WEEKLY:
          {
            g_autofree char *start = format_minute (window->start_minute);
            g_autofree char *end = format_minute (window->end_minute);

            json_builder_set_member_name (builder, "days");
            json_builder_begin_array (builder);
            for (guint d = 0; d < G_N_ELEMENTS (day_names); d++)
              if (window->days & (1u << d))
                json_builder_add_string_value (builder, day_names[d]);
            json_builder_end_array (builder);
            add_string_or_null (builder, "start", start);
            add_string_or_null (builder, "end", end);
          }
          break;
        case SC_DENY_WINDOW_RRULE:
          add_string_or_null (builder, "rrule", window->rrule);
          add_string_or_null (builder, "dtstart", window->dtstart);
          json_builder_set_member_name (builder, "duration_minutes");
          json_builder_add_int_value (builder, window->duration_minutes);
          break;
        default:
          g_assert_not_reached ();
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_node_get_string (node);
}

/* "HH:MM", 00:00…23:59 */
static gboolean
parse_minute (const char *text,
              int        *minute_out)
{
  if (text == NULL || strlen (text) != 5 || text[2] != ':' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  {
    int hour = (text[0] - '0') * 10 + (text[1] - '0');
    int minute = (text[3] - '0') * 10 + (text[4] - '0');

    if (hour > 23 || minute > 59)
      return FALSE;
    *minute_out = hour * 60 + minute;
  }
  return TRUE;
}

/* libical is opened when an RRULE is first read or checked, not linked:
 * linked, it and the ICU it pulls in cost the app ~10 M instructions
 * before its first frame (README, "Performance"), and nothing before the
 * first frame reads a rule. */
typedef struct {
  __typeof__ (icaltime_null_time)              *time_null_time;
  __typeof__ (icaltime_compare)                *time_compare;
  __typeof__ (icaltime_is_null_time)           *time_is_null_time;
  __typeof__ (icalerror_set_errors_are_fatal)  *error_set_errors_are_fatal;
  __typeof__ (icalerror_clear_errno)           *error_clear_errno;
  __typeof__ (icalerrno_return)                *errno_return;
  __typeof__ (icalrecurrencetype_from_string)  *recurrencetype_from_string;
  __typeof__ (icalrecur_iterator_new)          *recur_iterator_new;
  __typeof__ (icalrecur_iterator_set_start)    *recur_iterator_set_start;
  __typeof__ (icalrecur_iterator_next)         *recur_iterator_next;
  __typeof__ (icalrecur_iterator_free)         *recur_iterator_free;
} ScIcal;

static const ScIcal *
ical (void)
{
  static ScIcal table;
  static gsize loaded = 0;

  if (g_once_init_enter (&loaded))
    {
      const ScLibrarySymbol symbols[] = {
        { "icaltime_null_time", (gpointer *) &table.time_null_time },
        { "icaltime_compare", (gpointer *) &table.time_compare },
        { "icaltime_is_null_time", (gpointer *) &table.time_is_null_time },
        { "icalerror_set_errors_are_fatal", (gpointer *) &table.error_set_errors_are_fatal },
        { "icalerror_clear_errno", (gpointer *) &table.error_clear_errno },
        { "icalerrno_return", (gpointer *) &table.errno_return },
        { "icalrecurrencetype_from_string", (gpointer *) &table.recurrencetype_from_string },
        { "icalrecur_iterator_new", (gpointer *) &table.recur_iterator_new },
        { "icalrecur_iterator_set_start", (gpointer *) &table.recur_iterator_set_start },
        { "icalrecur_iterator_next", (gpointer *) &table.recur_iterator_next },
        { "icalrecur_iterator_free", (gpointer *) &table.recur_iterator_free },
      };

      sc_library_open (SC_LIBICAL_SONAME, symbols, G_N_ELEMENTS (symbols));
      table.error_set_errors_are_fatal (0);
      g_once_init_leave (&loaded, 1);
    }
  return &table;
}

/* A local date and time without a zone, "2026-01-05T09:00:00". */
static gboolean
parse_local (const char          *text,
             struct icaltimetype *out)
{
  int y, mo, d, h, mi, s;
  char tail;

  if (text == NULL ||
      sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) != 6 ||
      strlen (text) != 19 ||
      y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
      d > g_date_get_days_in_month ((GDateMonth) mo, (GDateYear) y) ||
      h > 23 || mi > 59 || s > 59)
    return FALSE;

  *out = ical ()->time_null_time ();
  out->year = y;
  out->month = mo;
  out->day = d;
  out->hour = h;
  out->minute = mi;
  out->second = s;
  out->is_date = 0;
  return TRUE;
}

static const char *
rrule_body (const char *text)
{
  if (g_ascii_strncasecmp (text, "RRULE:", 6) == 0)
    return text + 6;
  return text;
}

/* Parses @text with libical; FALSE when it is not a rule this accepts. */
static gboolean
parse_rrule (const char                *text,
             struct icalrecurrencetype *out)
{
  struct icalrecurrencetype recur;

  ical ()->error_clear_errno ();
  recur = ical ()->recurrencetype_from_string (rrule_body (text));
  if (*ical ()->errno_return () != ICAL_NO_ERROR || recur.freq == ICAL_NO_RECURRENCE)
    {
      ical ()->error_clear_errno ();
      return FALSE;
    }
  /* an occurrence every minute or second is not a window */
  if (recur.freq == ICAL_SECONDLY_RECURRENCE || recur.freq == ICAL_MINUTELY_RECURRENCE)
    return FALSE;
  if (out != NULL)
    *out = recur;
  return TRUE;
}

static char *
index_path (const char *prefix,
            guint       index,
            const char *name)
{
  return g_strdup_printf ("%s[%u].%s", prefix, index, name);
}

static ScDenyWindow *
window_from_json (JsonNode    *node,
                  const char  *prefix,
                  guint        index,
                  GPtrArray   *violations,
                  GError     **error)
{
  static const ScFieldSpec fields[] = {
    { "kind", SC_FIELD_STRING, TRUE },
    { "reason", SC_FIELD_STRING_OR_NULL, FALSE },
    { "time_zone", SC_FIELD_STRING_OR_NULL, FALSE },
    { "allow_override", SC_FIELD_BOOL, FALSE },
    { "from", SC_FIELD_STRING_OR_NULL, FALSE },
    { "until", SC_FIELD_STRING_OR_NULL, FALSE },
    { "days", SC_FIELD_ARRAY, FALSE },
    { "start", SC_FIELD_STRING_OR_NULL, FALSE },
    { "end", SC_FIELD_STRING_OR_NULL, FALSE },
    { "rrule", SC_FIELD_STRING_OR_NULL, FALSE },
    { "dtstart", SC_FIELD_STRING_OR_NULL, FALSE },
    { "duration_minutes", SC_FIELD_INT, FALSE },
  };
  g_autofree char *element_prefix = g_strdup_printf ("%s[%u].", prefix, index);
  g_autoptr(ScDenyWindow) window = g_new0 (ScDenyWindow, 1);
  guint n_before = violations->len;
  JsonObject *object;
  const char *kind;
  const char *text;

  if (!sc_json_check_object (node, element_prefix, fields, G_N_ELEMENTS (fields),
                             violations, error))
    return NULL;
  if (violations->len > n_before)
    return NULL;

  object = json_node_get_object (node);
  kind = member_string (object, "kind");

  text = member_string (object, "reason");
  if (text != NULL && g_utf8_strlen (text, -1) > REASON_MAX_CHARS)
    {
      g_autofree char *path = index_path (prefix, index, "reason");

      sc_violations_add_field (violations, path,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The reason is longer than %d character.",
                                            "The reason is longer than %d characters.",
                                            REASON_MAX_CHARS),
                               REASON_MAX_CHARS);
    }
  else if (text != NULL && *text != '\0')
    {
      window->reason = g_strdup (text);
    }

  text = member_string (object, "time_zone");
  if (text != NULL && !sc_time_zone_id_is_valid (text))
    {
      g_autofree char *path = index_path (prefix, index, "time_zone");

      sc_violations_add_field (violations, path,
                               _("“%s” is not a time zone such as Europe/Berlin or UTC."), text);
    }
  window->time_zone = g_strdup (text != NULL ? text : "UTC");

  if (json_object_has_member (object, "allow_override"))
    window->allow_override = json_object_get_boolean_member (object, "allow_override");

  if (g_str_equal (kind, "once"))
    {
      window->kind = SC_DENY_WINDOW_ONCE;
      for (guint i = 0; i < 2; i++)
        {
          const char *name = i == 0 ? "from" : "until";
          GDateTime **slot = i == 0 ? &window->from : &window->until;
          g_autofree char *path = index_path (prefix, index, name);

          text = member_string (object, name);
          if (text == NULL)
            sc_violations_add_field (violations, path, _("%s is required."), path);
          else if ((*slot = sc_time_parse (text)) == NULL)
            sc_violations_add_field (violations, path,
                                     _("“%s” is not a date and time such as "
                                       "2026-11-23T12:00:00Z."), text);
        }
      if (window->from != NULL && window->until != NULL &&
          g_date_time_compare (window->from, window->until) >= 0)
        {
          g_autofree char *path = index_path (prefix, index, "until");

          sc_violations_add_field (violations, path,
                                   _("A window must end after it starts."));
        }
    }
  else if (g_str_equal (kind, "weekly"))
    {
      JsonNode *days = json_object_get_member (object, "days");
      g_autofree char *days_path = index_path (prefix, index, "days");

      window->kind = SC_DENY_WINDOW_WEEKLY;
      if (days == NULL || json_array_get_length (json_node_get_array (days)) == 0)
        sc_violations_add_field (violations, days_path,
                                 _("A weekly window needs at least one day."));
      for (guint i = 0; days != NULL && i < json_array_get_length (json_node_get_array (days)); i++)
        {
          JsonNode *day = json_array_get_element (json_node_get_array (days), i);
          const char *name = JSON_NODE_HOLDS_VALUE (day) &&
                             json_node_get_value_type (day) == G_TYPE_STRING
                             ? json_node_get_string (day) : NULL;
          guint d;

          for (d = 0; d < G_N_ELEMENTS (day_names); d++)
            if (g_strcmp0 (name, day_names[d]) == 0)
              break;
          if (d == G_N_ELEMENTS (day_names))
            {
              g_autofree char *path = g_strdup_printf ("%s[%u]", days_path, i);

              sc_violations_add_field (violations, path,
                                       _("Days are mon, tue, wed, thu, fri, sat and sun."));
              continue;
            }
          window->days |= 1u << d;
        }

      for (guint i = 0; i < 2; i++)
        {
          const char *name = i == 0 ? "start" : "end";
          int *slot = i == 0 ? &window->start_minute : &window->end_minute;
          g_autofree char *path = index_path (prefix, index, name);

          text = member_string (object, name);
          if (text == NULL || !parse_minute (text, slot))
            sc_violations_add_field (violations, path,
                                     _("%s must be a time of day such as 22:00."), path);
        }
      if (violations->len == n_before && window->start_minute == window->end_minute)
        {
          g_autofree char *path = index_path (prefix, index, "end");

          sc_violations_add_field (violations, path,
                                   _("A weekly window must end at another time than it "
                                     "starts."));
        }
    }
  else if (g_str_equal (kind, "rrule"))
    {
      g_autofree char *rrule_path = index_path (prefix, index, "rrule");
      g_autofree char *duration_path = index_path (prefix, index, "duration_minutes");
      struct icaltimetype anchor;

      window->kind = SC_DENY_WINDOW_RRULE;
      text = member_string (object, "rrule");
      if (text == NULL || g_utf8_strlen (text, -1) > RRULE_MAX_CHARS || !parse_rrule (text, NULL))
        sc_violations_add_field (violations, rrule_path,
                                 _("This is not a recurrence rule such as "
                                   "FREQ=WEEKLY;BYDAY=FR;BYHOUR=16 (RFC 5545, at most "
                                   "hourly)."));
      else
        window->rrule = g_strdup (rrule_body (text));

      text = member_string (object, "dtstart");
      if (text != NULL && !parse_local (text, &anchor))
        {
          g_autofree char *path = index_path (prefix, index, "dtstart");

          sc_violations_add_field (violations, path,
                                   _("“%s” is not a local date and time such as "
                                     "2026-01-02T16:00:00."), text);
        }
      window->dtstart = g_strdup (text);

      if (!json_object_has_member (object, "duration_minutes"))
        sc_violations_add_field (violations, duration_path, _("%s is required."), duration_path);
      else
        window->duration_minutes = json_object_get_int_member (object, "duration_minutes");
      if (json_object_has_member (object, "duration_minutes") &&
          (window->duration_minutes < 1 || window->duration_minutes > DURATION_MAX_MINUTES))
        sc_violations_add_field (violations, duration_path,
                                 _("The duration must be between 1 minute and 30 days."));
    }
  else
    {
      g_autofree char *path = index_path (prefix, index, "kind");

      sc_violations_add_field (violations, path,
                               _("A window is “once”, “weekly” or “rrule”."));
    }

  if (violations->len > n_before)
    return NULL;
  return g_steal_pointer (&window);
}

GPtrArray *
sc_deny_windows_from_json (JsonNode    *node,
                           const char  *prefix,
                           GPtrArray   *violations,
                           GError     **error)
{
  g_autoptr(GPtrArray) windows = sc_deny_window_list_new ();
  guint n_before = violations->len;
  JsonArray *array;

  g_return_val_if_fail (node != NULL && JSON_NODE_HOLDS_ARRAY (node), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  array = json_node_get_array (node);
  if (json_array_get_length (array) > WINDOWS_MAX)
    {
      sc_violations_add_field (violations, prefix,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "An organization has at most %d deny window.",
                                            "An organization has at most %d deny windows.",
                                            WINDOWS_MAX),
                               WINDOWS_MAX);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      ScDenyWindow *window = window_from_json (json_array_get_element (array, i), prefix, i,
                                               violations, error);

      if (error != NULL && *error != NULL)
        return NULL;
      if (window != NULL)
        g_ptr_array_add (windows, window);
    }

  if (violations->len > n_before)
    return NULL;
  return g_steal_pointer (&windows);
}

/* --- judging -------------------------------------------------------------- */

static GDateTime *
local_at (GTimeZone   *tz,
          const GDate *day,
          int          minute)
{
  return g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day), minute / 60, minute % 60, 0);
}

static gboolean
weekly_open_at (const ScDenyWindow *window,
                GTimeZone          *tz,
                GDateTime          *now,
                GDateTime         **end_out)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, tz);
  gboolean open = FALSE;

  /* yesterday's window may still be open after midnight */
  for (int offset = -1; offset <= 0; offset++)
    {
      GDate day;
      g_autoptr(GDateTime) start = NULL;
      g_autoptr(GDateTime) end = NULL;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                      g_date_time_get_month (local), g_date_time_get_year (local));
      if (offset < 0)
        g_date_subtract_days (&day, 1);
      /* GDateWeekday: Monday 1 … Sunday 7 */
      if (!(window->days & (1u << (g_date_get_weekday (&day) - 1))))
        continue;

      start = local_at (tz, &day, window->start_minute);
      if (window->end_minute <= window->start_minute)
        g_date_add_days (&day, 1);
      end = local_at (tz, &day, window->end_minute);

      if (start != NULL && end != NULL &&
          g_date_time_compare (start, now) <= 0 && g_date_time_compare (now, end) < 0)
        {
          open = TRUE;
          if (end_out != NULL && (*end_out == NULL || g_date_time_compare (end, *end_out) > 0))
            {
              g_clear_pointer (end_out, g_date_time_unref);
              *end_out = g_date_time_ref (end);
            }
        }
    }

  return open;
}

static gboolean
rrule_open_at (const ScDenyWindow *window,
               GTimeZone          *tz,
               GDateTime          *now,
               GDateTime         **end_out)
{
  struct icalrecurrencetype recur;
  struct icaltimetype anchor;
  struct icaltimetype from;
  icalrecur_iterator *iter;
  g_autoptr(GDateTime) earliest = NULL;
  gint64 duration = window->duration_minutes * 60;
  gboolean open = FALSE;

  if (window->rrule == NULL || !parse_rrule (window->rrule, &recur) ||
      !parse_local (window->dtstart != NULL ? window->dtstart : DEFAULT_DTSTART, &anchor))
    return FALSE;

  iter = ical ()->recur_iterator_new (recur, anchor);
  if (iter == NULL)
    {
      ical ()->error_clear_errno ();
      return FALSE;
    }

  /* only occurrences that start after now - duration can hold now; a day
   * more covers any UTC offset between the zone's wall clock and now */
  earliest = g_date_time_add_seconds (now, (gdouble) -(duration + 24 * 3600));
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (earliest, tz);

    from = ical ()->time_null_time ();
    from.year = g_date_time_get_year (local);
    from.month = g_date_time_get_month (local);
    from.day = g_date_time_get_day_of_month (local);
    from.hour = g_date_time_get_hour (local);
    from.minute = g_date_time_get_minute (local);
    from.second = g_date_time_get_second (local);
  }
  if (recur.count == 0 && ical ()->time_compare (from, anchor) > 0)
    ical ()->recur_iterator_set_start (iter, from);

  for (guint step = 0; step < RRULE_MAX_STEPS; step++)
    {
      struct icaltimetype next = ical ()->recur_iterator_next (iter);
      g_autoptr(GDateTime) start = NULL;
      g_autoptr(GDateTime) end = NULL;

      if (ical ()->time_is_null_time (next))
        break;
      start = g_date_time_new (tz, next.year, next.month, next.day,
                               next.hour, next.minute, next.second);
      if (start == NULL)
        continue;
      if (g_date_time_compare (start, now) > 0)
        break;
      /* elapsed time: a two-hour window is two hours across a DST change */
      end = g_date_time_add_seconds (start, (gdouble) duration);
      if (g_date_time_compare (now, end) < 0)
        {
          open = TRUE;
          if (end_out != NULL && (*end_out == NULL || g_date_time_compare (end, *end_out) > 0))
            {
              g_clear_pointer (end_out, g_date_time_unref);
              *end_out = g_date_time_ref (end);
            }
        }
    }

  ical ()->recur_iterator_free (iter);
  ical ()->error_clear_errno ();
  return open;
}

gboolean
sc_deny_window_open_at (const ScDenyWindow *window,
                        GDateTime          *now,
                        GDateTime         **end_out)
{
  g_autoptr(GTimeZone) tz = NULL;

  g_return_val_if_fail (window != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  switch (window->kind)
    {
    case SC_DENY_WINDOW_ONCE:
      if (window->from == NULL || window->until == NULL ||
          g_date_time_compare (now, window->from) < 0 ||
          g_date_time_compare (now, window->until) >= 0)
        return FALSE;
      if (end_out != NULL && (*end_out == NULL || g_date_time_compare (window->until, *end_out) > 0))
        {
          g_clear_pointer (end_out, g_date_time_unref);
          *end_out = g_date_time_ref (window->until);
        }
      return TRUE;

    case SC_DENY_WINDOW_WEEKLY:
    case SC_DENY_WINDOW_RRULE:
      tz = g_time_zone_new_identifier (window->time_zone != NULL ? window->time_zone : "UTC");
      if (tz == NULL)
        tz = g_time_zone_new_utc ();
      if (window->kind == SC_DENY_WINDOW_WEEKLY)
        return weekly_open_at (window, tz, now, end_out);
      return rrule_open_at (window, tz, now, end_out);

    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
sc_deny_windows_check (GPtrArray   *windows,
                       GDateTime   *now,
                       ScDenyState *state)
{
  g_autoptr(GDateTime) horizon = NULL;
  g_autoptr(GDateTime) at = NULL;

  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  memset (state, 0, sizeof *state);
  state->override_allowed = TRUE;

  for (guint i = 0; windows != NULL && i < windows->len; i++)
    {
      const ScDenyWindow *window = g_ptr_array_index (windows, i);

      if (!sc_deny_window_open_at (window, now, NULL))
        continue;
      if (!state->open)
        state->window = window;
      state->open = TRUE;
      state->override_allowed = state->override_allowed && window->allow_override;
    }

  if (!state->open)
    {
      state->override_allowed = FALSE;
      return FALSE;
    }

  /* the windows reopen when none is open any more: follow the chain of
   * windows that open as another closes */
  horizon = g_date_time_add_days (now, REOPEN_HORIZON_DAYS);
  at = g_date_time_ref (now);
  for (guint hop = 0; hop < REOPEN_MAX_HOPS; hop++)
    {
      g_autoptr(GDateTime) end = NULL;

      for (guint i = 0; i < windows->len; i++)
        sc_deny_window_open_at (g_ptr_array_index (windows, i), at, &end);

      if (end == NULL)
        {
          state->reopens_at = g_steal_pointer (&at);
          break;
        }
      if (g_date_time_compare (end, at) <= 0 || g_date_time_compare (end, horizon) > 0)
        break;
      g_date_time_unref (at);
      at = g_steal_pointer (&end);
    }

  return TRUE;
}
