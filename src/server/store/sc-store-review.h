/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-store.h"

G_BEGIN_DECLS

/* The reviewer's desk (issue 9): what a request's target held when it was
 * made, on whose behalf a decision was made, and delegations
 * (sc-store-review.c). A delegation in the API's shape: {id, org_id,
 * delegator: {id, email, name}, delegate: {id, email, name}, from, until,
 * created_at}. */

/* Records the target workflow (NULL: the promotion would create one) and
 * its etag at the time request @request_id is made. */
gboolean    sc_store_record_request_target (ScStore     *self,
                                            const char  *request_id,
                                            const char  *target_workflow_id,
                                            const char  *target_etag,
                                            GError     **error);
/* What sc_store_record_request_target() recorded: @recorded FALSE for a
 * request made before it was (the out strings are then NULL). */
gboolean    sc_store_get_request_target    (ScStore     *self,
                                            const char  *request_id,
                                            gboolean    *recorded,
                                            char       **target_workflow_id,
                                            char       **target_etag,
                                            GError     **error);
/* Marks @reviewer_id's decision on @request_id as made in @on_behalf_of's
 * place. */
gboolean    sc_store_set_decision_on_behalf_of (ScStore     *self,
                                                const char  *request_id,
                                                const char  *reviewer_id,
                                                const char  *on_behalf_of,
                                                GError     **error);

/* Returns the new delegation's id. */
char       *sc_store_insert_delegation     (ScStore     *self,
                                            const char  *org_id,
                                            const char  *delegator_id,
                                            const char  *delegate_id,
                                            const char  *from,
                                            const char  *until,
                                            const char  *created_at,
                                            GError     **error);
/* NOT_FOUND when there is no such delegation. */
JsonObject *sc_store_get_delegation        (ScStore     *self,
                                            const char  *delegation_id,
                                            GError     **error);
/* A page of @org_id's delegations, newest first (seq below @cursor when
 * not 0); @next_seq (out) 0 on the last page. */
JsonArray  *sc_store_list_delegations      (ScStore     *self,
                                            const char  *org_id,
                                            guint        limit,
                                            gint64       cursor,
                                            gint64      *next_seq,
                                            GError     **error);
/* Every delegation to @delegate_id in @org_id, whatever its dates. */
JsonArray  *sc_store_list_delegations_to   (ScStore     *self,
                                            const char  *org_id,
                                            const char  *delegate_id,
                                            GError     **error);
gboolean    sc_store_delete_delegation     (ScStore     *self,
                                            const char  *delegation_id,
                                            GError     **error);

G_END_DECLS
