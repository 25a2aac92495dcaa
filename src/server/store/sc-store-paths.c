/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Stagecraft-Store"

#include "config.h"

#include "sc-store-private.h"
#include "sc-store-paths.h"

#define PATH_COLUMNS "p.id, p.org_id, p.name, p.etag, p.created_at, p.updated_at"

static void
set_not_found (GError     **error,
               const char  *path_id)
{
  g_set_error (error, SC_STORE_ERROR, SC_STORE_ERROR_NOT_FOUND, "No path %s", path_id);
}

/* A path row (PATH_COLUMNS) without its stages. */
static JsonObject *
path_from_row (ScDbStmt *stmt)
{
  JsonObject *path = json_object_new ();

  sc_store_set_text (path, "id", stmt, 0);
  sc_store_set_text (path, "org_id", stmt, 1);
  sc_store_set_text (path, "name", stmt, 2);
  sc_store_set_text (path, "etag", stmt, 3);
  sc_store_set_text (path, "created_at", stmt, 4);
  sc_store_set_text (path, "updated_at", stmt, 5);
  return path;
}

static JsonObject *
stage_from_row (ScDbStmt *stmt)
{
  JsonObject *stage = json_object_new ();

  sc_store_set_text (stage, "tag", stmt, 0);
  sc_store_set_text (stage, "org_id", stmt, 1);
  sc_store_set_text (stage, "org_name", stmt, 2);
  json_object_set_int_member (stage, "soak_seconds", sc_store_col_int (stmt, 3));
  return stage;
}

/* [{tag, org_id, org_name, soak_seconds}] in path order. */
static JsonArray *
load_stages (ScStore     *self,
             const char  *path_id,
             GError     **error)
{
  ScDbStmt *stmt;

  stmt = sc_store_query (self, error,
                         "SELECT s.tag, s.org_id, o.name, s.soak_seconds FROM path_stages s "
                         "JOIN orgs o ON o.id = s.org_id "
                         "WHERE s.path_id = ?1 ORDER BY s.position",
                         "s", path_id);
  return sc_store_collect_rows (self, stmt, stage_from_row, error);
}

/* Adds "stages" to every path of @paths (collected first, so that no
 * statement is stepped while another runs). */
static gboolean
add_stages (ScStore    *self,
            JsonArray  *paths,
            GError    **error)
{
  for (guint i = 0; i < json_array_get_length (paths); i++)
    {
      JsonObject *path = json_array_get_object_element (paths, i);
      JsonArray *stages = load_stages (self, json_object_get_string_member (path, "id"), error);

      if (stages == NULL)
        return FALSE;
      json_object_set_array_member (path, "stages", stages);
    }
  return TRUE;
}

JsonObject *
sc_store_get_path (ScStore     *self,
                   const char  *path_id,
                   GError     **error)
{
  g_autoptr(JsonObject) path = NULL;
  JsonArray *stages;
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (path_id != NULL, NULL);

  stmt = sc_store_query (self, error,
                         "SELECT " PATH_COLUMNS " FROM paths p WHERE p.id = ?1",
                         "s", path_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    path = path_from_row (stmt);
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return NULL;
  if (path == NULL)
    {
      set_not_found (error, path_id);
      return NULL;
    }

  stages = load_stages (self, path_id, error);
  if (stages == NULL)
    return NULL;
  json_object_set_array_member (path, "stages", stages);

  return g_steal_pointer (&path);
}

ScPathSpec *
sc_store_get_path_spec (ScStore     *self,
                        const char  *path_id,
                        char       **org_id,
                        char       **name,
                        GError     **error)
{
  g_autoptr(ScPathSpec) spec = NULL;
  g_autofree char *path_org_id = NULL;
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (path_id != NULL, NULL);

  /* the columns straight into the spec, no API shape in between (a
   * promotion reads its path each time) */
  stmt = sc_store_query (self, error, "SELECT org_id, name FROM paths WHERE id = ?1",
                         "s", path_id);
  if (stmt == NULL)
    return NULL;
  rc = sc_store_step (self, stmt, error);
  if (rc == SC_DB_ROW)
    {
      spec = sc_path_spec_new (sc_store_col_text (stmt, 1));
      path_org_id = g_strdup (sc_store_col_text (stmt, 0));
    }
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return NULL;
  if (spec == NULL)
    {
      set_not_found (error, path_id);
      return NULL;
    }

  stmt = sc_store_query (self, error,
                         "SELECT s.tag, s.org_id, s.soak_seconds FROM path_stages s "
                         "JOIN orgs o ON o.id = s.org_id "
                         "WHERE s.path_id = ?1 ORDER BY s.position",
                         "s", path_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    {
      ScStage *stage = sc_stage_new (sc_store_col_text (stmt, 0), sc_store_col_text (stmt, 1));

      stage->soak_seconds = sc_store_col_int (stmt, 2);
      g_ptr_array_add (spec->stages, stage);
    }
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return NULL;

  if (org_id != NULL)
    *org_id = g_steal_pointer (&path_org_id);
  if (name != NULL)
    *name = g_strdup (spec->name);

  return g_steal_pointer (&spec);
}

JsonArray *
sc_store_list_paths (ScStore     *self,
                     const char  *org_id,
                     guint        limit,
                     gint64       after,
                     gint64      *next,
                     GError     **error)
{
  g_autoptr(JsonArray) paths = NULL;
  ScDbStmt *stmt;

  g_return_val_if_fail (org_id != NULL, NULL);
  g_return_val_if_fail (limit > 0, NULL);

  /* one row more than asked tells whether another page follows */
  stmt = sc_store_query (self, error,
                         "SELECT " PATH_COLUMNS ", p.seq FROM paths p "
                         "WHERE p.org_id = ?1 AND p.seq > ?2 ORDER BY p.seq LIMIT ?3",
                         "sii", org_id, after, (gint64) limit + 1);
  paths = sc_store_collect_page (self, stmt, limit, 6, path_from_row, next, error);
  if (paths == NULL || !add_stages (self, paths, error))
    return NULL;

  return g_steal_pointer (&paths);
}

JsonArray *
sc_store_list_paths_starting_in (ScStore     *self,
                                 const char  *org_id,
                                 GError     **error)
{
  g_autoptr(JsonArray) paths = NULL;
  ScDbStmt *stmt;

  g_return_val_if_fail (org_id != NULL, NULL);

  stmt = sc_store_query (self, error,
                         "SELECT " PATH_COLUMNS " FROM paths p "
                         "JOIN path_stages s ON s.path_id = p.id AND s.position = 0 "
                         "WHERE p.org_id = ?1 AND s.org_id = ?1 ORDER BY p.seq",
                         "s", org_id);
  paths = sc_store_collect_rows (self, stmt, path_from_row, error);
  if (paths == NULL || !add_stages (self, paths, error))
    return NULL;

  return g_steal_pointer (&paths);
}

static gboolean
insert_stages (ScStore           *self,
               const char        *path_id,
               const ScPathSpec  *spec,
               GError           **error)
{
  for (guint i = 0; i < spec->stages->len; i++)
    {
      const ScStage *stage = g_ptr_array_index (spec->stages, i);

      if (!sc_store_exec (self, error,
                          "INSERT INTO path_stages (path_id, position, tag, org_id, soak_seconds) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)",
                          "sissi", path_id, (gint64) i, stage->tag, stage->org_id,
                          stage->soak_seconds))
        return FALSE;
    }
  return TRUE;
}

char *
sc_store_insert_path (ScStore           *self,
                      const char        *org_id,
                      const ScPathSpec  *spec,
                      GError           **error)
{
  g_autofree char *id = sc_store_new_id ("pth");
  g_autofree char *etag = sc_store_new_etag ();
  g_autofree char *now = sc_store_now ();
  gint64 seq;

  g_return_val_if_fail (org_id != NULL, NULL);
  g_return_val_if_fail (spec != NULL && spec->name != NULL, NULL);

  seq = sc_store_next_seq (self, "paths", error);
  if (seq < 0)
    return NULL;

  if (!sc_store_exec (self, error,
                      "INSERT INTO paths (id, seq, org_id, name, etag, created_at, updated_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                      "sissss", id, seq, org_id, spec->name, etag, now) ||
      !insert_stages (self, id, spec, error) ||
      !sc_store_fault_point (self, "paths.insert", error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
sc_store_replace_path (ScStore           *self,
                       const char        *path_id,
                       const ScPathSpec  *spec,
                       GError           **error)
{
  g_autofree char *etag = sc_store_new_etag ();
  g_autofree char *now = sc_store_now ();

  g_return_val_if_fail (path_id != NULL, FALSE);
  g_return_val_if_fail (spec != NULL && spec->name != NULL, FALSE);

  if (!sc_store_exec (self, error,
                      "UPDATE paths SET name = ?2, etag = ?3, updated_at = ?4 WHERE id = ?1",
                      "ssss", path_id, spec->name, etag, now))
    return FALSE;
  if (sc_store_changes (self) == 0)
    {
      set_not_found (error, path_id);
      return FALSE;
    }

  return sc_store_exec (self, error, "DELETE FROM path_stages WHERE path_id = ?1", "s", path_id) &&
         insert_stages (self, path_id, spec, error) &&
         sc_store_fault_point (self, "paths.replace", error);
}

gboolean
sc_store_delete_path (ScStore      *self,
                      const char   *path_id,
                      GStrv        *cancelled_ids,
                      GError      **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autofree char *now = sc_store_now ();
  ScDbStmt *stmt;
  int rc;

  g_return_val_if_fail (path_id != NULL, FALSE);

  stmt = sc_store_query (self, error,
                         "SELECT id FROM approval_requests "
                         "WHERE path_id = ?1 AND state IN ('pending', 'approved') ORDER BY seq",
                         "s", path_id);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sc_store_step (self, stmt, error)) == SC_DB_ROW)
    g_strv_builder_add (ids, sc_store_col_text (stmt, 0));
  sc_db_stmt_reset (stmt);
  if (rc < 0)
    return FALSE;

  /* path_id is set to NULL by the foreign key when the path goes; the
   * requests keep its name in path_name */
  if (!sc_store_exec (self, error,
                      "UPDATE approval_requests SET state = 'cancelled', updated_at = ?2 "
                      "WHERE path_id = ?1 AND state IN ('pending', 'approved')",
                      "ss", path_id, now) ||
      !sc_store_fault_point (self, "paths.delete", error) ||
      !sc_store_exec (self, error, "DELETE FROM paths WHERE id = ?1", "s", path_id))
    return FALSE;
  if (sc_store_changes (self) == 0)
    {
      set_not_found (error, path_id);
      return FALSE;
    }

  if (cancelled_ids != NULL)
    *cancelled_ids = g_strv_builder_end (ids);
  return TRUE;
}
