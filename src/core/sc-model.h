/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-enums.h"

G_BEGIN_DECLS

/* Domain values that travel in request and response bodies, and their JSON.
 *
 * Parsing follows one convention so that the server can answer the right
 * status: a member of the wrong JSON type (or a body that is not an object)
 * sets @error in SC_MODEL_ERROR with code SC_MODEL_ERROR_TYPE and a message
 * that names the field path ("stages[1].tag must be a string") — the server
 * answers 400 bad_request; a missing required member, an unknown member or
 * an invalid value is added to @violations with its field path and parsing
 * goes on — the server answers 422 validation_failed. */

#define SC_MODEL_ERROR (sc_model_error_quark ())
typedef enum {
  SC_MODEL_ERROR_TYPE,
} ScModelError;
GQuark sc_model_error_quark (void);

/* --- generic strict object check, for small bodies ------------------------ */

typedef enum {
  SC_FIELD_STRING,
  SC_FIELD_STRING_OR_NULL,
  SC_FIELD_INT,
  SC_FIELD_BOOL,
  SC_FIELD_ARRAY,
  SC_FIELD_OBJECT,
  SC_FIELD_ANY,
} ScFieldType;

typedef struct {
  const char  *name;
  ScFieldType  type;
  gboolean     required;
} ScFieldSpec;

/* Checks that @node is an object whose members are all in @fields, of the
 * right type, with every required one present. @prefix ("" or "grants[0].")
 * is put in front of field paths. Returns FALSE only on a type error. */
gboolean sc_json_check_object (JsonNode           *node,
                               const char         *prefix,
                               const ScFieldSpec  *fields,
                               guint               n_fields,
                               GPtrArray          *violations,
                               GError            **error);

/* Adds a field violation for each of the members @names (NULL-terminated)
 * of @object that is an empty string, unless that field has one already. */
void     sc_json_check_non_empty  (JsonObject         *object,
                                   const char * const *names,
                                   GPtrArray          *violations);

/* --- stages and paths ---------------------------------------------------- */

typedef struct {
  char *tag;
  char *org_id;
  /* how long a release must have been in the previous stage before it may
   * be promoted into this one; 0: no soak time */
  gint64 soak_seconds;
} ScStage;

ScStage  *sc_stage_new  (const char *tag,
                         const char *org_id);
void      sc_stage_free (ScStage    *stage);

typedef struct {
  char      *name;
  GPtrArray *stages; /* of ScStage, never NULL */
} ScPathSpec;

ScPathSpec *sc_path_spec_new       (const char  *name);
void        sc_path_spec_free      (ScPathSpec  *spec);
/* {name, stages: [{tag, org_id}]} */
ScPathSpec *sc_path_spec_from_json (JsonNode    *node,
                                    GPtrArray   *violations,
                                    GError     **error);

/* --- workflows ------------------------------------------------------------ */

typedef struct {
  char      *name;
  char      *description;    /* "" when absent */
  JsonNode  *steps;          /* array, [] when absent */
  JsonNode  *config;         /* object, {} when absent */
  char      *trigger_url;    /* must start with "/" */
  char      *trigger_method; /* GET POST PUT PATCH DELETE, upper case */
  GStrv      tags;           /* never NULL */
  GStrv      connection_ids; /* never NULL */
} ScWorkflowSpec;

void            sc_workflow_spec_free      (ScWorkflowSpec *spec);
/* {name, description?, steps?, config?, trigger: {url, method}, tags?,
 *  connection_ids?} */
ScWorkflowSpec *sc_workflow_spec_from_json (JsonNode       *node,
                                            GPtrArray      *violations,
                                            GError        **error);

/* --- approval policy and freeze ----------------------------------------- */

typedef struct {
  gboolean   active;
  GDateTime *from;   /* nullable */
  GDateTime *until;  /* nullable */
  char      *reason; /* nullable */
} ScFreeze;

/* An admin stopped every promotion into the org (POST /emergency-stop). */
typedef struct {
  gboolean   active;
  char      *reason;    /* nullable */
  char      *by_email;  /* nullable: who stopped it */
  GDateTime *at;        /* nullable: when */
} ScEmergencyStop;

/* Frees the members and zeroes @stop. */
void sc_emergency_stop_clear (ScEmergencyStop *stop);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScEmergencyStop, sc_emergency_stop_clear)

typedef struct {
  gboolean  enabled;
  guint     reviewer_roles;     /* bit mask of 1 << ScRole; default admin */
  GStrv     assignee_ids;       /* never NULL; empty = anyone with a role */
  guint     required_approvals; /* ≥ 1, default 1 */
  guint     expiry_days;        /* 1…365, default 7 */
  ScFreeze  freeze;
  /* for reviewers (issue 9) */
  char     *instructions;                /* nullable: none */
  gboolean  comment_required_to_reject;
  gboolean  comment_required_to_approve;
  /* deny windows (ScDenyWindow), never NULL; the zone times are shown in
   * (soak time, the freeze), never NULL ("UTC"); the emergency stop, which
   * a PATCH cannot change (the server refuses it) */
  GPtrArray       *deny_windows;
  char            *time_zone;
  ScEmergencyStop  emergency_stop;
} ScApprovalPolicy;

ScApprovalPolicy *sc_approval_policy_new_default (void);
ScApprovalPolicy *sc_approval_policy_copy        (const ScApprovalPolicy *policy);
void              sc_approval_policy_free        (ScApprovalPolicy       *policy);
gboolean          sc_approval_policy_has_role    (const ScApprovalPolicy *policy,
                                                  ScRole                  role);
/* The API shape: {enabled, reviewer_roles: ["admin"…], assignee_ids,
 * required_approvals, expiry_days, freeze: {active, from, until, reason},
 * instructions (null when none), comment_required_to_reject,
 * comment_required_to_approve,
 * deny_windows: [...] (sc-deny-windows.h), time_zone,
 * emergency_stop: {active, reason, by, at}}
 * (times as RFC 3339 UTC, null when unset). */
JsonNode         *sc_approval_policy_to_json     (const ScApprovalPolicy *policy);
/* Applies a partial object (PATCH semantics: members present are replaced;
 * inside "freeze" likewise) to @policy, validating every value (N ≥ 1,
 * 1 ≤ expiry ≤ 365, known roles, at least one role, from < until, RFC 3339
 * times). @prefix names the member in field paths ("approval_policy."). On
 * any violation or error @policy may be partly changed: work on a copy.
 * Like sc_json_check_object, returns FALSE only on a type error (@error
 * set); check @violations as well. */
gboolean          sc_approval_policy_merge_json  (ScApprovalPolicy       *policy,
                                                  JsonNode               *patch,
                                                  const char             *prefix,
                                                  GPtrArray              *violations,
                                                  GError                **error);

/* --- sharing ------------------------------------------------------------- */

typedef struct {
  char         *user_id; /* one of user_id and email is set */
  char         *email;
  ScPermission  permission;
} ScGrant;

void     sc_grant_free (ScGrant *grant);

typedef struct {
  ScPermission  general_access;
  GPtrArray    *grants; /* of ScGrant, never NULL */
} ScSharingSpec;

void           sc_sharing_spec_free      (ScSharingSpec *spec);
/* {general_access: "none"|level, grants: [{user_id|email, permission}]};
 * for a workflow the levels are view/manage, for a connection run/manage
 * (@for_connection). An unknown level is a violation. */
ScSharingSpec *sc_sharing_spec_from_json (JsonNode      *node,
                                          gboolean       for_connection,
                                          GPtrArray     *violations,
                                          GError       **error);

/* --- time ---------------------------------------------------------------- */

/* RFC 3339 UTC with seconds, "2026-11-23T12:00:00Z". */
char      *sc_time_format (GDateTime  *time);
/* Accepts any RFC 3339 time with an offset; NULL when invalid. */
GDateTime *sc_time_parse  (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScStage, sc_stage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScPathSpec, sc_path_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScWorkflowSpec, sc_workflow_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScApprovalPolicy, sc_approval_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSharingSpec, sc_sharing_spec_free)

G_END_DECLS
