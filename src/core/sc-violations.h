/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One reason a request or an action is refused.
 *
 * A *field* violation names the input that is wrong with a path in the
 * request body ("stages[2].tag"); a *rule* violation names the product rule
 * that refuses ("hierarchy", "next_stage", "approval_required", …). A rule
 * violation may carry a field too. The rule names are listed in
 * sc-rules.h; the reason is a complete, translatable sentence. */
typedef struct {
  char *field;   /* nullable */
  char *rule;    /* nullable */
  char *reason;
} ScViolation;

void         sc_violation_free          (ScViolation *violation);

/* A GPtrArray of ScViolation with the free func set. */
GPtrArray   *sc_violations_new          (void);
void         sc_violations_add_field    (GPtrArray  *violations,
                                         const char *field,
                                         const char *format,
                                         ...) G_GNUC_PRINTF (3, 4);
void         sc_violations_add_rule     (GPtrArray  *violations,
                                         const char *rule,
                                         const char *format,
                                         ...) G_GNUC_PRINTF (3, 4);
/* A rule violation that also names the input it is about (@field nullable). */
void         sc_violations_add_rule_field (GPtrArray  *violations,
                                           const char *rule,
                                           const char *field,
                                           const char *format,
                                           ...) G_GNUC_PRINTF (4, 5);
gboolean     sc_violations_has_rule     (GPtrArray  *violations,
                                         const char *rule);
gboolean     sc_violations_has_field    (GPtrArray  *violations,
                                         const char *field);
/* {"fields": [{"field","reason"}…], "rules": [{"rule","reason"}…]};
 * either member is left out when empty. */
JsonNode    *sc_violations_to_details   (GPtrArray  *violations);
/* [{"rule","reason"}…] with every violation (field ones get rule "field"
 * plus a "field" member), the shape of preview's "refusals". */
JsonNode    *sc_violations_to_refusals  (GPtrArray  *violations);
/* The first reason, or NULL when empty: the sentence an error message uses. */
const char  *sc_violations_first_reason (GPtrArray  *violations);
/* Reads back what the two above write: appends to @violations each object
 * of @items (nullable; details.fields, details.rules or refusals) that has
 * a "reason" and a "rule" or a "field" (strings), in order, as a rule
 * violation (with its field, if any) or a field violation. Anything else
 * in @items (untrusted: a server's answer) is left out. */
void         sc_violations_add_json     (GPtrArray  *violations,
                                         JsonArray  *items);

G_END_DECLS
