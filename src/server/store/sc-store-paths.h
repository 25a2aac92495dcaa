/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "sc-model.h"
#include "sc-store.h"

G_BEGIN_DECLS

/* Promotion paths (sc-store-paths.c).
 *
 * The API shape of a path is {id, org_id, name, stages: [{tag, org_id,
 * org_name}], etag, created_at, updated_at}, stages in path order. */

/* One path in the API shape; NULL with SC_STORE_ERROR_NOT_FOUND when it
 * does not exist. */
JsonObject *sc_store_get_path               (ScStore           *self,
                                             const char        *path_id,
                                             GError           **error);
/* The stored path as a spec (name and stages in order) for the rules, and
 * its owning org (@org_id) and name (@name), both out and nullable. NULL
 * with SC_STORE_ERROR_NOT_FOUND when it does not exist. */
ScPathSpec *sc_store_get_path_spec          (ScStore           *self,
                                             const char        *path_id,
                                             char             **org_id,
                                             char             **name,
                                             GError           **error);
/* A page of the paths owned by @org_id, OLDEST first (by creation): those
 * created after the one with seq @after (0: from the first), at most
 * @limit. @next (out) is the seq to continue after when more follow, else 0. */
JsonArray  *sc_store_list_paths             (ScStore           *self,
                                             const char        *org_id,
                                             guint              limit,
                                             gint64             after,
                                             gint64            *next,
                                             GError           **error);
/* The paths owned by @org_id whose first stage's org is @org_id: those an
 * unpromoted workflow of that org sits at the start of. API shape, oldest
 * first. */
JsonArray  *sc_store_list_paths_starting_in (ScStore           *self,
                                             const char        *org_id,
                                             GError           **error);

/* Writes. Each touches several rows: the caller holds a transaction
 * (sc_store_transaction_begin) around it and the audit event. */

/* A new path of @org_id with @spec's name and stages; returns its id. */
char       *sc_store_insert_path            (ScStore           *self,
                                             const char        *org_id,
                                             const ScPathSpec  *spec,
                                             GError           **error);
/* Replaces the name and every stage, with a new etag and updated_at.
 * NOT_FOUND when the path does not exist. */
gboolean    sc_store_replace_path           (ScStore           *self,
                                             const char        *path_id,
                                             const ScPathSpec  *spec,
                                             GError           **error);
/* Cancels the open approval requests on the path (pending or approved;
 * they keep the path's name in path_name and lose path_id) and deletes the
 * path with its stages. @cancelled_ids (out, nullable) the ids of the
 * requests it cancelled. NOT_FOUND when the path does not exist. */
gboolean    sc_store_delete_path            (ScStore           *self,
                                             const char        *path_id,
                                             GStrv             *cancelled_ids,
                                             GError           **error);

G_END_DECLS
