/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sc-deny-windows.h"
#include "sc-rules.h"

#define TAG_MAX_LENGTH 32
#define SOAK_MAX_SECONDS (30 * 24 * 3600)
#define PATH_NAME_MAX_CHARS 200
#define PATH_MIN_STAGES 2

/* --- helpers -------------------------------------------------------------- */

/* "Acme Production (prod)", or just the name for an unregistered org. */
static char *
describe_org (ScOrgGraph *graph,
              const char *org_id)
{
  const char *name = sc_org_graph_get_name (graph, org_id);
  const char *type = sc_org_type_to_string (sc_org_graph_get_type (graph, org_id));

  if (type == NULL)
    return g_strdup (name);
  return g_strdup_printf ("%s (%s)", name, type);
}

/* "dev, sit, uat", or NULL when @source allows nothing. */
static char *
allowed_targets (ScHierarchy *hierarchy,
                 ScOrgType    source)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (ScOrgType target = SC_ORG_TYPE_NONE + 1; target < SC_ORG_TYPE_COUNT; target++)
    {
      if (!sc_hierarchy_allows (hierarchy, source, target))
        continue;
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, sc_org_type_to_string (target));
    }

  if (list->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;
  for (; *str != '\0'; str++)
    {
      if (!g_ascii_isspace (*str))
        return FALSE;
    }
  return TRUE;
}

static gboolean
strv_contains (const char * const *strv,
               const char         *str)
{
  if (strv == NULL || str == NULL)
    return FALSE;
  return g_strv_contains (strv, str);
}

/* Why a request in @state cannot be decided; one whole sentence per state
 * so that translators never have to glue words together. */
static const char *
undecidable_reason (ScApprovalState state)
{
  switch (state)
    {
    case SC_APPROVAL_STATE_APPROVED:
      return _("This request is already approved; only pending requests can be decided.");
    case SC_APPROVAL_STATE_REJECTED:
      return _("This request is already rejected; only pending requests can be decided.");
    case SC_APPROVAL_STATE_CANCELLED:
      return _("This request was cancelled; only pending requests can be decided.");
    case SC_APPROVAL_STATE_COMPLETED:
      return _("This request is already completed; only pending requests can be decided.");
    case SC_APPROVAL_STATE_PENDING:
    case SC_APPROVAL_STATE_EXPIRED:
    default:
      break;
    }

  return _("Only pending requests can be decided.");
}

/* --- tags and paths ------------------------------------------------------- */

gboolean
sc_rules_id_is_valid (const char *id)
{
  const char *p = id;
  gsize n;

  g_return_val_if_fail (id != NULL, FALSE);

  for (n = 0; *p >= 'a' && *p <= 'z'; p++)
    n++;
  if (n < 1 || n > 8 || *p != '_')
    return FALSE;
  for (n = 0, p++; (*p >= 'a' && *p <= 'z') || (*p >= '2' && *p <= '7'); p++)
    n++;
  return n == 20 && *p == '\0';
}

gboolean
sc_rules_name_is_clean (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return FALSE;
    }
  return TRUE;
}

gboolean
sc_rules_check_name (GPtrArray  *violations,
                     const char *field,
                     const char *name)
{
  g_return_val_if_fail (violations != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (name == NULL || sc_rules_name_is_clean (name))
    return TRUE;
  sc_violations_add_field (violations, field,
                           _("“%s” may not contain control characters such as tabs or line breaks."),
                           field);
  return FALSE;
}

gboolean
sc_rules_tag_is_valid (const char *tag)
{
  gsize length;

  if (tag == NULL)
    return FALSE;

  length = strlen (tag);
  if (length == 0 || length > TAG_MAX_LENGTH)
    return FALSE;

  if (!g_ascii_islower (tag[0]) && !g_ascii_isdigit (tag[0]))
    return FALSE;

  for (gsize i = 1; i < length; i++)
    {
      char c = tag[i];

      if (!g_ascii_islower (c) && !g_ascii_isdigit (c) && c != '-' && c != '_')
        return FALSE;
    }

  return TRUE;
}

gboolean
sc_rules_check_path (const ScPathSpec *spec,
                     ScOrgGraph       *graph,
                     ScHierarchy      *hierarchy,
                     GPtrArray        *violations)
{
  g_autoptr(GHashTable) seen_tags = NULL;
  guint n_before;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (spec->stages != NULL, FALSE);
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (SC_IS_HIERARCHY (hierarchy), FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  n_before = violations->len;

  if (is_blank (spec->name))
    sc_violations_add_field (violations, "name", _("The path needs a name."));
  else if (g_utf8_strlen (spec->name, -1) > PATH_NAME_MAX_CHARS)
    sc_violations_add_field (violations, "name",
                             g_dngettext (GETTEXT_PACKAGE, "The path name is longer than %d character.",
                                          "The path name is longer than %d characters.",
                                          PATH_NAME_MAX_CHARS),
                             PATH_NAME_MAX_CHARS);
  else
    sc_rules_check_name (violations, "name", spec->name);

  if (spec->stages->len < PATH_MIN_STAGES)
    sc_violations_add_field (violations, "stages",
                             g_dngettext (GETTEXT_PACKAGE, "A promotion path needs at least two stages; "
                                       "this one has %u.",
                                       "A promotion path needs at least two stages; "
                                       "this one has %u.",
                                       spec->stages->len),
                             spec->stages->len);

  /* lower-cased tag → index of the first stage with it */
  seen_tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < spec->stages->len; i++)
    {
      const ScStage *stage = g_ptr_array_index (spec->stages, i);
      g_autofree char *tag_field = g_strdup_printf ("stages[%u].tag", i);
      g_autofree char *org_field = g_strdup_printf ("stages[%u].org_id", i);

      if (stage->tag == NULL || *stage->tag == '\0')
        {
          sc_violations_add_field (violations, tag_field,
                                   _("Stage %u has no tag."), i + 1);
        }
      else
        {
          g_autofree char *folded = g_ascii_strdown (stage->tag, -1);
          gpointer first;

          if (!sc_rules_tag_is_valid (stage->tag))
            sc_violations_add_field (violations, tag_field,
                                     g_dngettext (GETTEXT_PACKAGE,
                                                  "Tag “%s” may only contain lower-case letters, "
                                                  "digits, “-” and “_”, must start with a letter "
                                                  "or digit, and may be at most %d character long.",
                                                  "Tag “%s” may only contain lower-case letters, "
                                                  "digits, “-” and “_”, must start with a letter "
                                                  "or digit, and may be at most %d characters long.",
                                                  TAG_MAX_LENGTH),
                                     stage->tag, TAG_MAX_LENGTH);

          /* Checked for invalid tags too: "UAT" after "uat" is both. */
          if (g_hash_table_lookup_extended (seen_tags, folded, NULL, &first))
            {
              const ScStage *other = g_ptr_array_index (spec->stages, GPOINTER_TO_UINT (first));

              sc_violations_add_field (violations, tag_field,
                                       _("Tag “%s” is already used by stage %u (“%s”); tags "
                                         "must be unique within a path, regardless of case."),
                                       stage->tag, GPOINTER_TO_UINT (first) + 1, other->tag);
            }
          else
            {
              g_hash_table_insert (seen_tags, g_steal_pointer (&folded), GUINT_TO_POINTER (i));
            }
        }

      if (stage->soak_seconds != 0 &&
          (i == 0 || stage->soak_seconds < 0 || stage->soak_seconds > SOAK_MAX_SECONDS))
        {
          g_autofree char *soak_field = g_strdup_printf ("stages[%u].soak_seconds", i);

          if (i == 0)
            sc_violations_add_field (violations, soak_field,
                                     _("The first stage has no previous stage to soak in; "
                                       "its soak time must be 0."));
          else
            sc_violations_add_field (violations, soak_field,
                                     _("The soak time of stage %u must be between 0 and %d "
                                       "seconds (30 days)."), i + 1, SOAK_MAX_SECONDS);
        }

      if (stage->org_id == NULL || *stage->org_id == '\0')
        sc_violations_add_field (violations, org_field,
                                 _("Stage %u has no organization."), i + 1);
      else if (!sc_org_graph_has_org (graph, stage->org_id))
        sc_violations_add_field (violations, org_field,
                                 _("Stage %u names organization “%s”, which does not exist."),
                                 i + 1, stage->org_id);
    }

  /* Edges are only judged between orgs that exist; a missing one has been
   * reported above. The edge's violations name the stage it leads into. */
  for (guint i = 0; i + 1 < spec->stages->len; i++)
    {
      const ScStage *source = g_ptr_array_index (spec->stages, i);
      const ScStage *target = g_ptr_array_index (spec->stages, i + 1);
      g_autofree char *field = NULL;

      if (!sc_org_graph_has_org (graph, source->org_id) ||
          !sc_org_graph_has_org (graph, target->org_id))
        continue;

      field = g_strdup_printf ("stages[%u].org_id", i + 1);
      sc_rules_check_edge (graph, hierarchy, source->org_id, target->org_id, field, violations);
    }

  return violations->len == n_before;
}

gboolean
sc_rules_check_edge (ScOrgGraph  *graph,
                     ScHierarchy *hierarchy,
                     const char  *source_org_id,
                     const char  *target_org_id,
                     const char  *field,
                     GPtrArray   *violations)
{
  g_autofree char *source_desc = NULL;
  g_autofree char *target_desc = NULL;
  ScOrgType source_type;
  ScOrgType target_type;
  ScRelation relation = SC_RELATION_DEFAULT;
  gboolean has_mapping;
  guint n_before;

  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (SC_IS_HIERARCHY (hierarchy), FALSE);
  g_return_val_if_fail (source_org_id != NULL, FALSE);
  g_return_val_if_fail (target_org_id != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  if (g_str_equal (source_org_id, target_org_id))
    return TRUE;

  source_type = sc_org_graph_get_type (graph, source_org_id);
  if (source_type == SC_ORG_TYPE_NONE)
    return TRUE;

  n_before = violations->len;
  target_type = sc_org_graph_get_type (graph, target_org_id);
  source_desc = describe_org (graph, source_org_id);
  target_desc = describe_org (graph, target_org_id);
  has_mapping = sc_org_graph_get_mapping (graph, source_org_id, target_org_id, &relation);

  if (target_type == SC_ORG_TYPE_NONE)
    sc_violations_add_rule_field (violations, "registration", field,
                                  /* Translators: the first two %s are organizations as
                                   * in "Acme Development (dev)", the third is the
                                   * second's bare name. */
                                  _("%s cannot promote to %s: promotions from a registered "
                                    "organization may only go to registered organizations, "
                                    "and %s has no type."),
                                  source_desc, target_desc,
                                  sc_org_graph_get_name (graph, target_org_id));

  if (!has_mapping)
    sc_violations_add_rule_field (violations, "mapping", field,
                                  _("There is no organization mapping from %s to %s; an "
                                    "administrator must map them before promotions can "
                                    "go between them."),
                                  sc_org_graph_get_name (graph, source_org_id),
                                  sc_org_graph_get_name (graph, target_org_id));

  if (target_type != SC_ORG_TYPE_NONE &&
      !sc_hierarchy_allows (hierarchy, source_type, target_type))
    {
      g_autofree char *allowed = allowed_targets (hierarchy, source_type);

      if (allowed != NULL)
        sc_violations_add_rule_field (violations, "hierarchy", field,
                                      /* Translators: "Acme Production (prod) cannot receive
                                       * promotions from Acme Development (dev): the
                                       * organization type hierarchy allows dev → dev, sit,
                                       * uat." */
                                      _("%s cannot receive promotions from %s: the "
                                        "organization type hierarchy allows %s → %s."),
                                      target_desc, source_desc,
                                      sc_org_type_to_string (source_type), allowed);
      else
        sc_violations_add_rule_field (violations, "hierarchy", field,
                                      _("%s cannot receive promotions from %s: the "
                                        "organization type hierarchy allows no promotions "
                                        "out of %s organizations."),
                                      target_desc, source_desc,
                                      sc_org_type_to_string (source_type));
    }

  /* Reported with or without a mapping: no mapping is no sibling mapping. */
  if (target_type != SC_ORG_TYPE_NONE && target_type == source_type &&
      (!has_mapping || relation != SC_RELATION_SIBLING))
    sc_violations_add_rule_field (violations, "sibling", field,
                                  _("%s and %s are both of type %s: promotions between two "
                                    "organizations of the same type need a sibling mapping "
                                    "between them."),
                                  sc_org_graph_get_name (graph, source_org_id),
                                  sc_org_graph_get_name (graph, target_org_id),
                                  sc_org_type_to_string (source_type));

  return violations->len == n_before;
}

/* --- promotion ------------------------------------------------------------ */

int
sc_rules_find_stage (const ScPathSpec *path,
                     const char       *tag)
{
  g_return_val_if_fail (path != NULL, -1);
  g_return_val_if_fail (path->stages != NULL, -1);

  if (tag == NULL)
    return -1;

  for (guint i = 0; i < path->stages->len && i <= G_MAXINT; i++)
    {
      const ScStage *stage = g_ptr_array_index (path->stages, i);

      if (stage->tag != NULL && g_ascii_strcasecmp (stage->tag, tag) == 0)
        return (int) i;
    }

  return -1;
}

const char *
sc_rules_stage_state (int index,
                      int current_index)
{
  if (current_index < 0)
    return "later";
  if (index < current_index)
    return "done";
  if (index == current_index)
    return "current";
  if (index == current_index + 1)
    return "next";
  return "later";
}

char *
sc_rules_format_when (GDateTime *when,
                      GDateTime *now)
{
  g_autoptr(GDateTime) when_utc = NULL;
  g_autoptr(GDateTime) now_utc = NULL;
  g_autofree char *clock = NULL;
  GDate when_day, now_day;
  int days;

  g_return_val_if_fail (when != NULL && now != NULL, NULL);

  g_date_clear (&when_day, 1);
  g_date_clear (&now_day, 1);

  when_utc = g_date_time_to_utc (when);
  now_utc = g_date_time_to_utc (now);
  /* to the second when it is not a whole minute: "after 14:00" must not
   * be refused at 14:00:10 */
  clock = g_date_time_format (when_utc, g_date_time_get_second (when_utc) == 0 ? "%H:%M" : "%H:%M:%S");
  g_date_set_dmy (&when_day, g_date_time_get_day_of_month (when_utc),
                  g_date_time_get_month (when_utc), g_date_time_get_year (when_utc));
  g_date_set_dmy (&now_day, g_date_time_get_day_of_month (now_utc),
                  g_date_time_get_month (now_utc), g_date_time_get_year (now_utc));
  days = g_date_days_between (&now_day, &when_day);
  if (days == 0)
    /* Translators: %s is a time of day, "14:00" */
    return g_strdup_printf (_("after %s UTC today"), clock);
  if (days == 1)
    /* Translators: %s is a time of day, "14:00" */
    return g_strdup_printf (_("after %s UTC tomorrow"), clock);
  {
    g_autofree char *date = g_date_time_format (when_utc, "%Y-%m-%d");

    /* Translators: a date and a time of day, "after 2026-12-24 14:00 UTC" */
    return g_strdup_printf (_("after %s %s UTC"), date, clock);
  }
}

char *
sc_rules_format_at (GDateTime  *when,
                    GDateTime  *now,
                    const char *zone_id)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) when_local = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  g_autofree char *clock = NULL;
  GDate when_day, now_day;
  int days;

  g_return_val_if_fail (when != NULL && now != NULL, NULL);

  if (zone_id != NULL)
    tz = g_time_zone_new_identifier (zone_id);
  if (tz == NULL)
    tz = g_time_zone_new_utc ();

  g_date_clear (&when_day, 1);
  g_date_clear (&now_day, 1);
  when_local = g_date_time_to_timezone (when, tz);
  now_local = g_date_time_to_timezone (now, tz);
  /* the zone's abbreviation says which side of a DST change it is */
  clock = g_date_time_format (when_local, g_date_time_get_second (when_local) == 0
                                          ? "%H:%M %Z" : "%H:%M:%S %Z");
  g_date_set_dmy (&when_day, g_date_time_get_day_of_month (when_local),
                  g_date_time_get_month (when_local), g_date_time_get_year (when_local));
  g_date_set_dmy (&now_day, g_date_time_get_day_of_month (now_local),
                  g_date_time_get_month (now_local), g_date_time_get_year (now_local));
  days = g_date_days_between (&now_day, &when_day);
  if (days == 0)
    /* Translators: %s is a time of day and its zone, "14:00 CET" */
    return g_strdup_printf (_("%s today"), clock);
  if (days == 1)
    /* Translators: %s is a time of day and its zone, "14:00 CET" */
    return g_strdup_printf (_("%s tomorrow"), clock);
  {
    g_autofree char *date = g_date_time_format (when_local, "%Y-%m-%d");

    return g_strdup_printf ("%s %s", date, clock);
  }
}

char *
sc_rules_format_when_in_zone (GDateTime  *when,
                              GDateTime  *now,
                              const char *zone_id)
{
  g_autofree char *at = sc_rules_format_at (when, now, zone_id);

  /* Translators: %s is a time, "14:00 CET tomorrow" */
  return g_strdup_printf (_("after %s"), at);
}

void
sc_freeze_state_clear (ScFreezeState *state)
{
  g_return_if_fail (state != NULL);

  g_clear_pointer (&state->reopens_at, g_date_time_unref);
  memset (state, 0, sizeof *state);
}

void
sc_rules_freeze_state (const ScApprovalPolicy *policy,
                       GDateTime              *now,
                       ScFreezeState          *state)
{
  ScDenyState windows = { 0, };

  g_return_if_fail (policy != NULL);
  g_return_if_fail (now != NULL);
  g_return_if_fail (state != NULL);

  memset (state, 0, sizeof *state);
  state->time_zone = policy->time_zone != NULL ? policy->time_zone : "UTC";

  if (policy->emergency_stop.active)
    {
      state->frozen = TRUE;
      state->emergency_stop = TRUE;
      state->reason = policy->emergency_stop.reason;
      return;
    }

  if (sc_rules_freeze_in_effect (&policy->freeze, now))
    {
      /* the one-off freeze of API v1: a window that allows no override */
      state->frozen = TRUE;
      state->reason = policy->freeze.reason;
      if (policy->freeze.until != NULL)
        {
          /* windows that are open when it ends keep it closed */
          if (sc_deny_windows_check (policy->deny_windows, policy->freeze.until, &windows))
            state->reopens_at = windows.reopens_at != NULL ? g_date_time_ref (windows.reopens_at)
                                                           : NULL;
          else
            state->reopens_at = g_date_time_ref (policy->freeze.until);
          sc_deny_state_clear (&windows);
        }
      return;
    }

  if (sc_deny_windows_check (policy->deny_windows, now, &windows))
    {
      state->frozen = TRUE;
      state->reason = windows.window->reason;
      state->time_zone = windows.window->time_zone;
      state->override_allowed = windows.override_allowed;
      state->reopens_at = g_steal_pointer (&windows.reopens_at);
    }
  sc_deny_state_clear (&windows);
}

gboolean
sc_rules_override_possible (const ScPromotionFacts *facts)
{
  g_return_val_if_fail (facts != NULL, FALSE);

  return facts->frozen && facts->override_allowed && !facts->emergency_stop &&
         facts->target_role == SC_ROLE_ADMIN;
}

static gboolean
text_is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Adds the "frozen" refusal unless the caller's override lifts it. */
static void
check_frozen (const ScPromotionFacts *facts,
              const char             *target_org_name,
              GPtrArray              *violations)
{
  gboolean has_reason = facts->freeze_reason != NULL && *facts->freeze_reason != '\0';
  g_autoptr(GString) message = g_string_new (NULL);
  const char *field = NULL;

  if (facts->action == SC_PROMOTION_ACTION_PROMOTE && facts->override_reason != NULL &&
      !text_is_blank (facts->override_reason) && sc_rules_override_possible (facts))
    return;

  if (facts->emergency_stop)
    {
      if (target_org_name != NULL && has_reason)
        /* Translators: the second %s is the reason an administrator gave */
        g_string_printf (message, _("An emergency stop halts every promotion into %s: “%s”."),
                         target_org_name, facts->freeze_reason);
      else if (target_org_name != NULL)
        g_string_printf (message, _("An emergency stop halts every promotion into %s."),
                         target_org_name);
      else
        g_string_printf (message, _("An emergency stop halts every promotion into the target "
                                    "stage’s organization."));
    }
  else if (target_org_name != NULL && has_reason)
    g_string_printf (message,
                     /* Translators: the second %s is the reason an
                      * administrator gave for the freeze. */
                     _("Promotions into %s are frozen: “%s”."),
                     target_org_name, facts->freeze_reason);
  else if (target_org_name != NULL)
    g_string_printf (message, _("Promotions into %s are frozen."), target_org_name);
  else if (has_reason)
    g_string_printf (message,
                     _("Promotions into the target stage’s organization are "
                       "frozen: “%s”."),
                     facts->freeze_reason);
  else
    g_string_printf (message,
                     _("Promotions into the target stage’s organization are "
                       "frozen."));

  if (facts->reopens_at != NULL && facts->now != NULL && !facts->emergency_stop)
    {
      g_autofree char *at = sc_rules_format_at (facts->reopens_at, facts->now, facts->time_zone);

      g_string_append_c (message, ' ');
      /* Translators: %s is a time, "06:00 CET tomorrow" */
      g_string_append_printf (message, _("They reopen at %s."), at);
    }

  if (facts->action == SC_PROMOTION_ACTION_PROMOTE && facts->override_reason != NULL)
    {
      g_string_append_c (message, ' ');
      field = "override_reason";
      if (facts->emergency_stop || !facts->override_allowed)
        g_string_append (message, _("It cannot be overridden."));
      else if (facts->target_role != SC_ROLE_ADMIN)
        g_string_append (message, _("Only administrators of the target organization can "
                                    "override it."));
      else
        g_string_append (message, _("An override needs a reason."));
    }

  if (field != NULL)
    sc_violations_add_rule_field (violations, "frozen", field, "%s", message->str);
  else
    sc_violations_add_rule (violations, "frozen", "%s", message->str);
}

gboolean
sc_rules_check_promotion (const ScPromotionFacts *facts,
                          ScOrgGraph             *graph,
                          ScHierarchy            *hierarchy,
                          GPtrArray              *violations)
{
  const ScPathSpec *path;
  const ScStage *current = NULL;
  const ScStage *target = NULL;
  const char *path_name;
  const char *target_org_name;
  int n_stages;
  int target_index;
  guint n_before;

  g_return_val_if_fail (facts != NULL, FALSE);
  g_return_val_if_fail (facts->path != NULL, FALSE);
  g_return_val_if_fail (facts->path->stages != NULL, FALSE);
  g_return_val_if_fail (graph != NULL, FALSE);
  g_return_val_if_fail (SC_IS_HIERARCHY (hierarchy), FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  n_before = violations->len;
  path = facts->path;
  path_name = path->name != NULL ? path->name : "";
  n_stages = (int) MIN (path->stages->len, (guint) G_MAXINT);

  target_index = sc_rules_find_stage (path, facts->target_tag);
  if (target_index >= 0)
    target = g_ptr_array_index (path->stages, target_index);
  if (facts->current_index >= 0 && facts->current_index < n_stages)
    current = g_ptr_array_index (path->stages, facts->current_index);

  target_org_name = target != NULL ? sc_org_graph_get_name (graph, target->org_id) : NULL;

  if (target == NULL)
    sc_violations_add_rule (violations, "stage",
                            _("Path “%s” has no stage “%s”."),
                            path_name, facts->target_tag != NULL ? facts->target_tag : "");

  if (current == NULL)
    {
      sc_violations_add_rule (violations, "next_stage",
                              _("This workflow is not on path “%s”, so it cannot be promoted "
                                "along it."),
                              path_name);
    }
  else if (target != NULL && target_index != facts->current_index + 1)
    {
      if (facts->current_index + 1 < n_stages)
        {
          const ScStage *next = g_ptr_array_index (path->stages, facts->current_index + 1);

          sc_violations_add_rule (violations, "next_stage",
                                  _("This workflow is at stage “%s”, so it can only be "
                                    "promoted to the next stage, “%s” (%s), not to “%s”; "
                                    "promotions go one stage at a time."),
                                  current->tag, next->tag,
                                  sc_org_graph_get_name (graph, next->org_id),
                                  target->tag);
        }
      else
        {
          sc_violations_add_rule (violations, "next_stage",
                                  _("This workflow is already at “%s”, the last stage of "
                                    "path “%s”; there is no next stage to promote to."),
                                  current->tag, path_name);
        }
    }

  if (!facts->release_is_workflows)
    sc_violations_add_rule (violations, "release",
                            _("This release is not a published release of this workflow; "
                              "only published releases can be promoted."));

  if (facts->already_promoted)
    {
      if (target != NULL)
        sc_violations_add_rule (violations, "already_promoted",
                                _("This release was already promoted to stage “%s” (%s); "
                                  "publish a newer release to promote again."),
                                target->tag, target_org_name);
      else
        sc_violations_add_rule (violations, "already_promoted",
                                _("This release was already promoted to this stage; "
                                  "publish a newer release to promote again."));
    }

  if (facts->source_permission < SC_PERMISSION_MANAGE)
    sc_violations_add_rule (violations, "source_permission",
                            _("You need Manage permission on this workflow to promote it."));

  /* A request asks for exactly the target side's consent: its approval is
   * what grants it, so neither rule below applies to it. Without a target
   * stage there is no organization to hold a role or an approval in: the
   * "stage" refusal says what is wrong. */
  if (facts->action == SC_PROMOTION_ACTION_PROMOTE && target != NULL)
    {
      g_autofree char *named_problem = NULL;

      if (facts->named_request != NULL)
        named_problem = sc_rules_named_request_problem (facts->named_request,
                                                        facts->release_version,
                                                        target->tag, facts->now);

      if (named_problem != NULL)
        sc_violations_add_rule_field (violations, "approval_required", "approval_request_id",
                                      "%s", named_problem);
      if (!facts->approvals_enabled && facts->target_role != SC_ROLE_ADMIN)
        sc_violations_add_rule (violations, "target_permission",
                                _("Only administrators of %s can promote into it."),
                                target_org_name);
      if (facts->approvals_enabled && !facts->approval_granted && named_problem == NULL)
        sc_violations_add_rule (violations, "approval_required",
                                _("Promotions into %s need an approved request: use "
                                  "Request to Promote and wait for a reviewer to approve it."),
                                target_org_name);
    }
  else if (facts->action == SC_PROMOTION_ACTION_REQUEST && target != NULL &&
           !facts->approvals_enabled)
    {
      sc_violations_add_rule (violations, "approvals_off",
                              _("Approvals are off for %s: promote directly."),
                              target_org_name);
    }

  if (facts->frozen)
    check_frozen (facts, target_org_name, violations);

  /* soak time: a request may be made earlier, the promotion waits */
  if (facts->action == SC_PROMOTION_ACTION_PROMOTE && facts->soak_required_seconds > 0 &&
      facts->arrived_at != NULL && facts->now != NULL)
    {
      g_autoptr(GDateTime) possible_at = g_date_time_add_seconds (facts->arrived_at,
                                                                  (gdouble) facts->soak_required_seconds);

      if (g_date_time_compare (facts->now, possible_at) < 0)
        {
          /* elapsed time: a DST change in between moves only how the
           * moment is written in the zone */
          g_autofree char *when = facts->time_zone != NULL
                                  ? sc_rules_format_when_in_zone (possible_at, facts->now,
                                                                  facts->time_zone)
                                  : sc_rules_format_when (possible_at, facts->now);

          sc_violations_add_rule (violations, "soak",
                                  /* Translators: %s is when, "after 14:00 UTC tomorrow" */
                                  _("The release has not soaked long enough in the previous "
                                    "stage: it may be promoted %s."), when);
        }
    }

  if (facts->release_blocked)
    {
      if (facts->block_reason != NULL && *facts->block_reason != '\0')
        sc_violations_add_rule (violations, "blocked",
                                /* Translators: %s is the reason an administrator
                                 * gave for blocking the release. */
                                _("This release is blocked: “%s”."), facts->block_reason);
      else
        sc_violations_add_rule (violations, "blocked", _("This release is blocked."));
    }

  if (current != NULL && target != NULL && current->org_id != NULL && target->org_id != NULL)
    sc_rules_check_edge (graph, hierarchy, current->org_id, target->org_id, NULL, violations);

  return violations->len == n_before;
}

gboolean
sc_rules_request_usable (ScApprovalState  state,
                         GDateTime       *expires_at,
                         GDateTime       *now)
{
  g_return_val_if_fail (now != NULL, FALSE);

  /* an approval without an expiry date cannot be judged: not usable */
  return expires_at != NULL &&
         sc_rules_effective_state (state, expires_at, now) == SC_APPROVAL_STATE_APPROVED;
}

char *
sc_rules_named_request_problem (const ScNamedRequestFacts *request,
                                gint64                     release_version,
                                const char                *target_tag,
                                GDateTime                 *now)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!request->exists)
    return g_strdup_printf (_("There is no approval request “%s” of yours."),
                            request->id != NULL ? request->id : "");

  if (!request->matches)
    {
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, release_version);

      /* Translators: the first %s is the request's id, the second a
       * release's version number, the third a stage's tag */
      return g_strdup_printf (_("Approval request “%s” is for another release or stage: it "
                                "cannot be used to promote v%s to “%s”."),
                              request->id != NULL ? request->id : "", version,
                              target_tag != NULL ? target_tag : "");
    }

  switch (request->expires_at != NULL
          ? sc_rules_effective_state (request->state, request->expires_at, now)
          : request->state)
    {
    case SC_APPROVAL_STATE_APPROVED:
      return NULL;
    case SC_APPROVAL_STATE_COMPLETED:
      return g_strdup (_("This approval request was already used for a promotion; request "
                         "approval again to promote again."));
    case SC_APPROVAL_STATE_EXPIRED:
      return g_strdup (_("This approval request has expired; request approval again."));
    case SC_APPROVAL_STATE_PENDING:
      return g_strdup (_("This approval request is still waiting for reviewers; it can be used "
                         "once it is approved."));
    case SC_APPROVAL_STATE_REJECTED:
      return g_strdup (_("This approval request was rejected, so it cannot be used to promote."));
    case SC_APPROVAL_STATE_CANCELLED:
      return g_strdup (_("This approval request was cancelled, so it cannot be used to promote."));
    default:
      g_return_val_if_reached (NULL);
    }
}

ScRefusalClass
sc_rules_refusal_class (const ScViolation *violation)
{
  static const char * const forbidden[] = {
    "source_permission", "target_permission", "approval_required", NULL
  };
  static const char * const conflict[] = {
    "already_promoted", "frozen", "blocked", "soak", NULL
  };

  g_return_val_if_fail (violation != NULL, SC_REFUSAL_NONE);

  if (violation->rule == NULL)
    return SC_REFUSAL_INVALID;
  /* a named request that cannot be used is a problem with the input */
  if (g_strv_contains (forbidden, violation->rule) &&
      !(g_str_equal (violation->rule, "approval_required") && violation->field != NULL))
    return SC_REFUSAL_FORBIDDEN;
  if (g_strv_contains (conflict, violation->rule))
    return SC_REFUSAL_CONFLICT;
  return SC_REFUSAL_INVALID;
}

ScRefusalClass
sc_rules_sort_refusals (GPtrArray *violations)
{
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_val_if_fail (violations != NULL, SC_REFUSAL_NONE);

  if (violations->len == 0)
    return SC_REFUSAL_NONE;

  /* a stable pass per class, strongest first: the arrays are short */
  sorted = g_ptr_array_new_full (violations->len, NULL);
  for (int klass = SC_REFUSAL_FORBIDDEN; klass > SC_REFUSAL_NONE; klass--)
    for (guint i = 0; i < violations->len; i++)
      if ((int) sc_rules_refusal_class (g_ptr_array_index (violations, i)) == klass)
        g_ptr_array_add (sorted, g_ptr_array_index (violations, i));
  for (guint i = 0; i < sorted->len; i++)
    violations->pdata[i] = sorted->pdata[i];

  return sc_rules_refusal_class (g_ptr_array_index (violations, 0));
}

/* --- permissions and sharing -------------------------------------------- */

ScPermission
sc_rules_resolve_permission (gboolean     is_owner,
                             ScRole       role,
                             ScPermission general_access,
                             ScPermission grant)
{
  if (role == SC_ROLE_NONE)
    return SC_PERMISSION_NONE;
  if (is_owner || role == SC_ROLE_ADMIN)
    return SC_PERMISSION_MANAGE;
  if (grant != SC_PERMISSION_NONE)
    return grant;
  return general_access;
}

gboolean
sc_rules_check_sharing (const ScSharingSpec *spec,
                        GHashTable          *member_ids,
                        GPtrArray           *violations)
{
  g_autoptr(GHashTable) seen = NULL;
  guint n_before;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (spec->grants != NULL, FALSE);
  g_return_val_if_fail (member_ids != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  n_before = violations->len;
  /* user id or "\nemail" (casefolded) → index of the first grant naming it */
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < spec->grants->len; i++)
    {
      const ScGrant *grant = g_ptr_array_index (spec->grants, i);
      g_autofree char *field = g_strdup_printf ("grants[%u]", i);
      g_autofree char *key = NULL;
      const char *who;
      gpointer first;

      if (grant->user_id != NULL)
        {
          who = grant->user_id;
          key = g_strdup (grant->user_id);
          if (!g_hash_table_contains (member_ids, grant->user_id))
            sc_violations_add_rule_field (violations, "membership", field,
                                          _("User “%s” is not a member of this organization; "
                                            "only members can be given access."),
                                          grant->user_id);
        }
      else if (grant->email != NULL)
        {
          g_autofree char *folded = g_utf8_casefold (grant->email, -1);

          who = grant->email;
          key = g_strconcat ("\n", folded, NULL);
          sc_violations_add_rule_field (violations, "membership", field,
                                        _("No member of this organization has the e-mail "
                                          "address “%s”; only members can be given access."),
                                        grant->email);
        }
      else
        {
          sc_violations_add_rule_field (violations, "membership", field,
                                        _("Grant %u names nobody; give a user id or an e-mail "
                                          "address of a member."),
                                        i + 1);
          continue;
        }

      if (g_hash_table_lookup_extended (seen, key, NULL, &first))
        sc_violations_add_field (violations, field,
                                 _("“%s” is already named by grant %u; give each person "
                                   "one permission."),
                                 who, GPOINTER_TO_UINT (first) + 1);
      else
        g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (i));
    }

  return violations->len == n_before;
}

/* --- approvals ------------------------------------------------------------ */

ScApprovalState
sc_rules_effective_state (ScApprovalState  state,
                          GDateTime       *expires_at,
                          GDateTime       *now)
{
  g_return_val_if_fail (now != NULL, state);

  if ((state == SC_APPROVAL_STATE_PENDING || state == SC_APPROVAL_STATE_APPROVED) &&
      expires_at != NULL && g_date_time_compare (now, expires_at) >= 0)
    return SC_APPROVAL_STATE_EXPIRED;

  return state;
}

gboolean
sc_rules_check_decision (const ScApprovalPolicy *policy,
                         const ScRequestFacts   *request,
                         const char             *caller_id,
                         ScRole                  caller_role,
                         GDateTime              *now,
                         GPtrArray              *violations)
{
  ScApprovalState state;
  guint n_before;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (caller_id != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  n_before = violations->len;
  state = sc_rules_effective_state (request->state, request->expires_at, now);

  if (state == SC_APPROVAL_STATE_EXPIRED && request->expires_at != NULL &&
      g_date_time_compare (now, request->expires_at) >= 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (request->expires_at);
      g_autofree char *when = g_date_time_format (utc, "%Y-%m-%d %H:%M UTC");

      sc_violations_add_rule (violations, "expired",
                              _("This request expired on %s and can no longer be decided."),
                              when);
    }
  else if (state == SC_APPROVAL_STATE_EXPIRED)
    {
      sc_violations_add_rule (violations, "expired",
                              _("This request has expired and can no longer be decided."));
    }
  else if (state != SC_APPROVAL_STATE_PENDING)
    {
      sc_violations_add_rule (violations, "state", "%s", undecidable_reason (state));
    }

  if (g_strcmp0 (request->requester_id, caller_id) == 0)
    sc_violations_add_rule (violations, "self_approval",
                            _("You made this request, so you cannot decide it; another "
                              "reviewer must."));

  if (!sc_approval_policy_has_role (policy, caller_role))
    {
      g_autoptr(GString) roles = g_string_new (NULL);

      for (ScRole role = SC_ROLE_VIEWER; role <= SC_ROLE_ADMIN; role++)
        {
          if (!sc_approval_policy_has_role (policy, role))
            continue;
          if (roles->len > 0)
            g_string_append (roles, ", ");
          g_string_append (roles, sc_role_to_string (role));
        }

      sc_violations_add_rule (violations, "reviewer_role",
                              _("Deciding this request needs one of these roles in the "
                                "target organization: %s."),
                              roles->str);
    }

  if (policy->assignee_ids != NULL && policy->assignee_ids[0] != NULL &&
      !strv_contains ((const char * const *) policy->assignee_ids, caller_id))
    sc_violations_add_rule (violations, "assignee",
                            _("Only the reviewers assigned by the target organization’s "
                              "approval policy can decide this request."));

  if (strv_contains (request->decided_ids, caller_id))
    sc_violations_add_rule (violations, "already_decided",
                            _("You have already decided this request."));

  return violations->len == n_before;
}

gboolean
sc_rules_check_delegated_decision (const ScApprovalPolicy  *policy,
                                   const ScRequestFacts    *request,
                                   const char              *caller_id,
                                   const ScDelegationFacts *delegation,
                                   GDateTime               *now,
                                   GPtrArray               *violations)
{
  g_autoptr(GPtrArray) delegator_violations = NULL;
  const char *name;
  guint n_before;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (caller_id != NULL, FALSE);
  g_return_val_if_fail (delegation != NULL && delegation->delegator_id != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  n_before = violations->len;
  name = delegation->delegator_name != NULL ? delegation->delegator_name
                                            : delegation->delegator_id;

  if (delegation->from == NULL || delegation->until == NULL ||
      g_date_time_compare (now, delegation->from) < 0 ||
      g_date_time_compare (now, delegation->until) >= 0)
    {
      g_autofree char *from = delegation->from != NULL
                              ? g_date_time_format (delegation->from, "%Y-%m-%d %H:%M UTC")
                              : g_strdup ("?");
      g_autofree char *until = delegation->until != NULL
                               ? g_date_time_format (delegation->until, "%Y-%m-%d %H:%M UTC")
                               : g_strdup ("?");

      /* Translators: "You may decide for rita@example.test only from
       * 2026-12-01 00:00 UTC until 2026-12-08 00:00 UTC." */
      sc_violations_add_rule (violations, "delegation",
                              _("You may decide for %s only from %s until %s."),
                              name, from, until);
    }

  delegator_violations = sc_violations_new ();
  if (!sc_rules_check_decision (policy, request, delegation->delegator_id,
                                delegation->delegator_role, now, delegator_violations))
    {
      const ScViolation *first = g_ptr_array_index (delegator_violations, 0);

      /* the request's state and expiry are the same for everyone */
      if (g_strcmp0 (first->rule, "state") == 0 || g_strcmp0 (first->rule, "expired") == 0)
        sc_violations_add_rule (violations, first->rule, "%s", first->reason);
      else
        /* Translators: %s names the reviewer who delegated to the caller */
        sc_violations_add_rule (violations, "delegation",
                                _("%s, for whom you may decide, cannot decide this request."),
                                name);
    }

  if (g_strcmp0 (request->requester_id, caller_id) == 0)
    sc_violations_add_rule (violations, "self_approval",
                            _("You made this request, so you cannot decide it; another "
                              "reviewer must."));
  if (strv_contains (request->decided_ids, caller_id))
    sc_violations_add_rule (violations, "already_decided",
                            _("You have already decided this request."));

  return violations->len == n_before;
}

gboolean
sc_rules_check_delegation (const char *delegator_id,
                           const char *delegate_id,
                           gboolean    delegate_is_member,
                           GDateTime  *from,
                           GDateTime  *until,
                           GDateTime  *now,
                           GPtrArray  *violations)
{
  guint n_before;

  g_return_val_if_fail (delegator_id != NULL, FALSE);
  g_return_val_if_fail (delegate_id != NULL, FALSE);
  g_return_val_if_fail (from != NULL && until != NULL && now != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  n_before = violations->len;
  if (g_strcmp0 (delegator_id, delegate_id) == 0)
    sc_violations_add_field (violations, "delegate_id",
                             _("Name someone else: you cannot be your own delegate."));
  else if (!delegate_is_member)
    sc_violations_add_field (violations, "delegate_id",
                             _("The delegate must be a member of this organization."));

  if (g_date_time_compare (from, until) >= 0)
    sc_violations_add_field (violations, "until", _("The delegation must end after it starts."));
  else if (g_date_time_compare (until, now) <= 0)
    sc_violations_add_field (violations, "until", _("The delegation must end in the future."));
  else if (g_date_time_difference (until, from) > 366 * G_TIME_SPAN_DAY)
    sc_violations_add_field (violations, "until",
                             _("A delegation may last at most a year."));

  return violations->len == n_before;
}

gboolean
sc_rules_check_decision_comment (const ScApprovalPolicy *policy,
                                 ScDecision              decision,
                                 const char             *comment,
                                 GPtrArray              *violations)
{
  gboolean required;

  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  required = sc_rules_decision_needs_comment (policy, decision);
  if (!required)
    return TRUE;
  for (const char *c = comment; c != NULL && *c != '\0'; c = g_utf8_next_char (c))
    if (!g_unichar_isspace (g_utf8_get_char (c)))
      return TRUE;

  sc_violations_add_field (violations, "comment", "%s",
                           decision == SC_DECISION_REJECT
                           ? _("A comment is required to reject: say what must change.")
                           : _("A comment is required to approve."));
  return FALSE;
}

ScApprovalState
sc_rules_state_after_decision (const ScRequestFacts *request,
                               ScDecision            decision,
                               guint                 approvals_after)
{
  g_return_val_if_fail (request != NULL, SC_APPROVAL_STATE_PENDING);

  if (decision == SC_DECISION_REJECT)
    return SC_APPROVAL_STATE_REJECTED;
  if (approvals_after >= MAX (request->required_approvals, 1))
    return SC_APPROVAL_STATE_APPROVED;
  return SC_APPROVAL_STATE_PENDING;
}

gboolean
sc_rules_decision_needs_comment (const ScApprovalPolicy *policy,
                                 ScDecision              decision)
{
  g_return_val_if_fail (policy != NULL, FALSE);

  return decision == SC_DECISION_REJECT ? policy->comment_required_to_reject
                                        : policy->comment_required_to_approve;
}

gboolean
sc_rules_freeze_in_effect (const ScFreeze *freeze,
                           GDateTime      *now)
{
  g_return_val_if_fail (freeze != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (!freeze->active)
    return FALSE;
  if (freeze->from != NULL && g_date_time_compare (now, freeze->from) < 0)
    return FALSE;
  if (freeze->until != NULL && g_date_time_compare (now, freeze->until) >= 0)
    return FALSE;
  return TRUE;
}

const char *
sc_rules_refusal_summary (const char *rule)
{
  static const struct {
    const char *rule;
    const char *summary;
  } summaries[] = {
    { "source_permission", N_("Promoting needed the Manage permission on the workflow.") },
    { "target_permission", N_("Only administrators of the target organization could promote into it.") },
    { "approval_required", N_("The target organization required an approved request.") },
    { "already_promoted", N_("The release had already been promoted to that stage.") },
    { "frozen", N_("Promotions into the target organization were frozen.") },
    { "blocked", N_("The release was blocked.") },
    { "soak", N_("The release had not spent its soak time in the previous stage.") },
    { "next_stage", N_("That stage was not the workflow’s next stage on the path.") },
    { "stage", N_("The path had no such stage.") },
    { "release", N_("The release could not be promoted.") },
    { "mapping", N_("No organization mapping allowed promotions between the two organizations.") },
    { "hierarchy", N_("The organization type hierarchy did not allow this promotion.") },
    { "registration", N_("Promotions from a registered organization may only go to registered ones.") },
    { "sibling", N_("Promotions between organizations of the same type needed a sibling mapping.") },
    { "connections", N_("The target organization lacked a connection the workflow uses.") },
  };

  for (guint i = 0; rule != NULL && i < G_N_ELEMENTS (summaries); i++)
    if (strcmp (summaries[i].rule, rule) == 0)
      return _(summaries[i].summary);
  return NULL;
}

/* --- scheduled promotions ------------------------------------------------- */

gboolean
sc_rules_check_schedule_time (GDateTime   *run_at,
                              GDateTime   *now,
                              const char  *field,
                              GPtrArray   *violations)
{
  g_autoptr(GDateTime) latest = NULL;

  g_return_val_if_fail (run_at != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (violations != NULL, FALSE);

  latest = g_date_time_add_days (now, SC_RULES_SCHEDULE_MAX_DAYS);
  if (g_date_time_compare (run_at, now) <= 0)
    {
      sc_violations_add_field (violations, field,
                               _("The time to run it must lie in the future."));
      return FALSE;
    }
  if (g_date_time_compare (run_at, latest) > 0)
    {
      sc_violations_add_field (violations, field,
                               _("A promotion can be scheduled at most %d days ahead."),
                               SC_RULES_SCHEDULE_MAX_DAYS);
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_rules_schedule_tolerates (const char *rule)
{
  static const char * const may_lift[] = { "frozen", "soak", NULL };

  return rule != NULL && g_strv_contains (may_lift, rule);
}
