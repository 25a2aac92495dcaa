/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The schema, as forward migrations. Migration i brings a database from
 * schema version i to i + 1 (SQLite: PRAGMA user_version; PostgreSQL: the
 * table sc_schema_version); never edit one that has shipped, add a new
 * one at the end of migrations[] below. Where PostgreSQL needs other SQL
 * (types, the order of tables, triggers), it is written beside it. */

#include "config.h"

#include "sc-store-private.h"

static const char migration_1[] =
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY,"
  "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  name TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE orgs ("
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  type TEXT CHECK (type IN ('dev','sit','uat','automation','demo','prod')),"
  "  policy TEXT NOT NULL," /* approval policy, the API's JSON shape */
  "  etag TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE memberships ("
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('admin','reviewer','developer','viewer')),"
  "  PRIMARY KEY (user_id, org_id));"
  "CREATE INDEX memberships_org ON memberships (org_id, role);"

  "CREATE TABLE tokens ("
  "  id TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('personal','access')),"
  "  secret_hash BLOB NOT NULL,"
  "  label TEXT,"
  "  api_key_id TEXT REFERENCES api_keys (id) ON DELETE CASCADE,"
  "  scope_org_id TEXT REFERENCES orgs (id) ON DELETE CASCADE,"
  "  expires_at TEXT,"
  "  revoked INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX tokens_user ON tokens (user_id);"
  "CREATE INDEX tokens_api_key ON tokens (api_key_id);"
  "CREATE INDEX tokens_scope ON tokens (scope_org_id);"

  "CREATE TABLE api_keys ("
  "  id TEXT PRIMARY KEY," /* the client_id */
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  secret_hash BLOB NOT NULL,"
  "  revoked INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX api_keys_user ON api_keys (user_id);"

  "CREATE TABLE mappings ("
  "  id TEXT PRIMARY KEY,"
  "  source_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  target_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  relation TEXT NOT NULL CHECK (relation IN ('default','sibling')),"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (source_org_id, target_org_id));"
  "CREATE INDEX mappings_target ON mappings (target_org_id);"

  "CREATE TABLE paths ("
  "  id TEXT PRIMARY KEY,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX paths_org ON paths (org_id, seq);"

  "CREATE TABLE path_stages ("
  "  path_id TEXT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  tag TEXT NOT NULL,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id),"
  "  PRIMARY KEY (path_id, position));"
  "CREATE INDEX path_stages_org ON path_stages (org_id);"

  "CREATE TABLE connections ("
  "  id TEXT PRIMARY KEY,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  service TEXT NOT NULL,"
  "  owner_id TEXT NOT NULL REFERENCES users (id),"
  "  secret TEXT NOT NULL,"
  "  general_access TEXT NOT NULL DEFAULT 'none' CHECK (general_access IN ('none','run','manage')),"
  "  sharing_etag TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (org_id, service, name));"
  "CREATE INDEX connections_owner ON connections (owner_id);"
  /* GET /orgs/{org}/connections pages by rowid within the org */
  "CREATE INDEX connections_org ON connections (org_id);"

  "CREATE TABLE connection_grants ("
  "  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  permission TEXT NOT NULL CHECK (permission IN ('run','manage')),"
  "  PRIMARY KEY (connection_id, user_id));"
  "CREATE INDEX connection_grants_user ON connection_grants (user_id);"

  "CREATE TABLE workflows ("
  "  id TEXT PRIMARY KEY,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  owner_id TEXT NOT NULL REFERENCES users (id),"
  "  steps TEXT NOT NULL,"   /* JSON array */
  "  config TEXT NOT NULL,"  /* JSON object */
  "  trigger_url TEXT NOT NULL,"
  "  trigger_method TEXT NOT NULL,"
  "  tags TEXT NOT NULL,"    /* JSON array of strings */
  "  general_access TEXT NOT NULL DEFAULT 'view' CHECK (general_access IN ('none','view','manage')),"
  "  sharing_etag TEXT NOT NULL,"
  "  etag TEXT NOT NULL,"
  /* set on a workflow a promotion made or adopted: where it came from and
   * the stage it is at */
  "  origin_workflow_id TEXT REFERENCES workflows (id) ON DELETE SET NULL,"
  "  origin_org_id TEXT REFERENCES orgs (id) ON DELETE SET NULL,"
  "  origin_path_id TEXT REFERENCES paths (id) ON DELETE SET NULL,"
  "  origin_stage TEXT,"
  "  promoted INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX workflows_org ON workflows (org_id, seq);"
  "CREATE INDEX workflows_org_name ON workflows (org_id, name COLLATE NOCASE);"
  "CREATE INDEX workflows_trigger ON workflows (org_id, trigger_url, trigger_method);"
  "CREATE INDEX workflows_owner ON workflows (owner_id);"
  "CREATE INDEX workflows_origin ON workflows (origin_workflow_id, origin_path_id, origin_stage);"
  "CREATE INDEX workflows_origin_org ON workflows (origin_org_id);"
  "CREATE INDEX workflows_origin_path ON workflows (origin_path_id);"

  "CREATE TABLE workflow_connections ("
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (workflow_id, connection_id));"
  "CREATE INDEX workflow_connections_connection ON workflow_connections (connection_id);"

  "CREATE TABLE workflow_grants ("
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  permission TEXT NOT NULL CHECK (permission IN ('view','manage')),"
  "  PRIMARY KEY (workflow_id, user_id));"
  "CREATE INDEX workflow_grants_user ON workflow_grants (user_id);"

  "CREATE TABLE releases ("
  "  id TEXT PRIMARY KEY,"
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL,"
  "  notes TEXT NOT NULL DEFAULT '',"
  /* JSON {name, description, steps, config, trigger: {url, method},
   * connections: [{service, name}]}: what a promotion carries */
  "  snapshot TEXT NOT NULL,"
  "  created_by TEXT NOT NULL REFERENCES users (id),"
  /* the promotion or rollback that made it, for releases made in a target */
  "  source_release_id TEXT REFERENCES releases (id) ON DELETE SET NULL,"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (workflow_id, version));"
  "CREATE INDEX releases_created_by ON releases (created_by);"
  "CREATE INDEX releases_source ON releases (source_release_id);"

  "CREATE TABLE promotions ("
  "  id TEXT PRIMARY KEY,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('promote','rollback')),"
  "  release_id TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
  "  release_version INTEGER NOT NULL,"
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  path_id TEXT REFERENCES paths (id) ON DELETE SET NULL,"
  "  source_tag TEXT,"
  "  source_org_id TEXT REFERENCES orgs (id) ON DELETE SET NULL,"
  "  target_tag TEXT,"
  "  target_org_id TEXT REFERENCES orgs (id) ON DELETE SET NULL,"
  "  target_workflow_id TEXT REFERENCES workflows (id) ON DELETE SET NULL,"
  "  target_release_id TEXT REFERENCES releases (id) ON DELETE SET NULL,"
  "  created_new INTEGER NOT NULL DEFAULT 0,"
  "  actor_id TEXT NOT NULL REFERENCES users (id),"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('succeeded','failed')),"
  "  error_code TEXT,"
  "  error_message TEXT,"
  "  reason TEXT,"
  "  approval_request_id TEXT REFERENCES approval_requests (id) ON DELETE SET NULL,"
  "  at TEXT NOT NULL);"
  "CREATE INDEX promotions_workflow ON promotions (workflow_id, seq);"
  "CREATE INDEX promotions_target_workflow ON promotions (target_workflow_id, seq);"
  "CREATE INDEX promotions_release_stage ON promotions (release_id, path_id, target_tag, outcome);"
  "CREATE INDEX promotions_source_org ON promotions (source_org_id, seq);"
  "CREATE INDEX promotions_target_org ON promotions (target_org_id, seq);"
  "CREATE INDEX promotions_path ON promotions (path_id);"
  "CREATE INDEX promotions_target_release ON promotions (target_release_id);"
  "CREATE INDEX promotions_actor ON promotions (actor_id);"
  "CREATE INDEX promotions_request ON promotions (approval_request_id);"

  "CREATE TABLE approval_requests ("
  "  id TEXT PRIMARY KEY,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  state TEXT NOT NULL CHECK (state IN ('pending','approved','rejected','cancelled','expired','completed')),"
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  release_id TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
  /* kept (NULL) when the path is deleted: the decisions stay on record */
  "  path_id TEXT REFERENCES paths (id) ON DELETE SET NULL,"
  "  path_name TEXT NOT NULL,"
  "  source_tag TEXT NOT NULL,"
  "  source_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  target_tag TEXT NOT NULL,"
  "  target_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  requester_id TEXT NOT NULL REFERENCES users (id),"
  "  message TEXT NOT NULL DEFAULT '',"
  "  required_approvals INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  /* one open request per (source workflow, target stage) */
  "CREATE UNIQUE INDEX approval_requests_open ON approval_requests (workflow_id, path_id, target_tag)"
  "  WHERE state IN ('pending','approved');"
  "CREATE INDEX approval_requests_target ON approval_requests (target_org_id, state, seq);"
  "CREATE INDEX approval_requests_source ON approval_requests (source_org_id, seq);"
  "CREATE INDEX approval_requests_requester ON approval_requests (requester_id, seq);"
  "CREATE INDEX approval_requests_release ON approval_requests (release_id);"
  "CREATE INDEX approval_requests_path ON approval_requests (path_id);"

  "CREATE TABLE approval_decisions ("
  "  request_id TEXT NOT NULL REFERENCES approval_requests (id) ON DELETE CASCADE,"
  "  reviewer_id TEXT NOT NULL REFERENCES users (id),"
  "  decision TEXT NOT NULL CHECK (decision IN ('approve','reject')),"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  at TEXT NOT NULL,"
  "  PRIMARY KEY (request_id, reviewer_id));"
  "CREATE INDEX approval_decisions_reviewer ON approval_decisions (reviewer_id);"

  "CREATE TABLE audit_events ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id),"
  "  actor_id TEXT REFERENCES users (id),"
  "  action TEXT NOT NULL,"
  "  target_type TEXT NOT NULL,"
  "  target_id TEXT NOT NULL,"
  "  details TEXT NOT NULL," /* JSON object */
  "  at TEXT NOT NULL);"
  "CREATE INDEX audit_events_org ON audit_events (org_id, seq);"
  "CREATE INDEX audit_events_actor ON audit_events (actor_id);"
  "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events"
  "  BEGIN SELECT RAISE (ABORT, 'audit events are append-only'); END;"
  "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
  "  BEGIN SELECT RAISE (ABORT, 'audit events are append-only'); END;"

  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  id TEXT NOT NULL UNIQUE,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  data TEXT NOT NULL," /* JSON object */
  "  at TEXT NOT NULL);"
  "CREATE INDEX events_user ON events (user_id, seq);"

  "CREATE TABLE idempotency ("
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  endpoint TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (user_id, endpoint, key));"
  "CREATE INDEX idempotency_created ON idempotency (created_at);"

  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);";

static const char migration_1_pg[] =
  /* what SQLite has built in: a case-insensitive collation (NOCASE),
   * instr(), json_each(), json_extract() and json_array_length() with a
   * path */
  "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);"
  "CREATE FUNCTION instr (haystack TEXT, needle TEXT) RETURNS INTEGER"
  "  LANGUAGE sql IMMUTABLE AS 'SELECT strpos (haystack, needle)';"
  "CREATE FUNCTION json_each (doc TEXT) RETURNS TABLE (value TEXT)"
  "  LANGUAGE sql IMMUTABLE AS 'SELECT jsonb_array_elements_text (doc::jsonb)';"
  "CREATE FUNCTION json_each (doc TEXT, path TEXT) RETURNS TABLE (value TEXT)"
  "  LANGUAGE sql IMMUTABLE AS"
  "  'SELECT jsonb_array_elements_text (jsonb_path_query_first (doc::jsonb, path::jsonpath))';"
  "CREATE FUNCTION json_extract (doc TEXT, path TEXT) RETURNS TEXT"
  "  LANGUAGE sql IMMUTABLE AS"
  "  'SELECT jsonb_path_query_first (doc::jsonb, path::jsonpath) #>> ''{}''';"
  "CREATE FUNCTION json_array_length (doc TEXT, path TEXT) RETURNS INTEGER"
  "  LANGUAGE sql IMMUTABLE AS"
  "  'SELECT jsonb_array_length (jsonb_path_query_first (doc::jsonb, path::jsonpath))';"
  /* the change stamp (sc-db-pg.c) */
  "CREATE SEQUENCE sc_change_seq;"

  "CREATE TABLE users ("
  "  rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  name TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE orgs ("
  "  rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  type TEXT CHECK (type IN ('dev','sit','uat','automation','demo','prod')),"
  "  policy TEXT NOT NULL," /* approval policy, the API's JSON shape */
  "  etag TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"

  "CREATE TABLE memberships ("
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('admin','reviewer','developer','viewer')),"
  "  PRIMARY KEY (user_id, org_id));"
  "CREATE INDEX memberships_org ON memberships (org_id, role);"

  "CREATE TABLE api_keys ("
  "  id TEXT PRIMARY KEY," /* the client_id */
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  secret_hash BYTEA NOT NULL,"
  "  revoked BIGINT NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX api_keys_user ON api_keys (user_id);"

  "CREATE TABLE tokens ("
  "  id TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('personal','access')),"
  "  secret_hash BYTEA NOT NULL,"
  "  label TEXT,"
  "  api_key_id TEXT REFERENCES api_keys (id) ON DELETE CASCADE,"
  "  scope_org_id TEXT REFERENCES orgs (id) ON DELETE CASCADE,"
  "  expires_at TEXT,"
  "  revoked BIGINT NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX tokens_user ON tokens (user_id);"
  "CREATE INDEX tokens_api_key ON tokens (api_key_id);"
  "CREATE INDEX tokens_scope ON tokens (scope_org_id);"

  "CREATE TABLE mappings ("
  "  rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  source_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  target_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  relation TEXT NOT NULL CHECK (relation IN ('default','sibling')),"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (source_org_id, target_org_id));"
  "CREATE INDEX mappings_target ON mappings (target_org_id);"

  "CREATE TABLE paths ("
  "  id TEXT PRIMARY KEY,"
  "  seq BIGINT NOT NULL UNIQUE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  etag TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX paths_org ON paths (org_id, seq);"

  "CREATE TABLE path_stages ("
  "  path_id TEXT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,"
  "  position BIGINT NOT NULL,"
  "  tag TEXT NOT NULL,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id),"
  "  PRIMARY KEY (path_id, position));"
  "CREATE INDEX path_stages_org ON path_stages (org_id);"

  "CREATE TABLE connections ("
  "  rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,"
  "  id TEXT PRIMARY KEY,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  service TEXT NOT NULL,"
  "  owner_id TEXT NOT NULL REFERENCES users (id),"
  "  secret TEXT NOT NULL,"
  "  general_access TEXT NOT NULL DEFAULT 'none' CHECK (general_access IN ('none','run','manage')),"
  "  sharing_etag TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (org_id, service, name));"
  "CREATE INDEX connections_owner ON connections (owner_id);"
  /* GET /orgs/{org}/connections pages by rowid within the org */
  "CREATE INDEX connections_org ON connections (org_id);"

  "CREATE TABLE connection_grants ("
  "  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  permission TEXT NOT NULL CHECK (permission IN ('run','manage')),"
  "  PRIMARY KEY (connection_id, user_id));"
  "CREATE INDEX connection_grants_user ON connection_grants (user_id);"

  "CREATE TABLE workflows ("
  "  id TEXT PRIMARY KEY,"
  "  seq BIGINT NOT NULL UNIQUE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  owner_id TEXT NOT NULL REFERENCES users (id),"
  "  steps TEXT NOT NULL,"   /* JSON array */
  "  config TEXT NOT NULL,"  /* JSON object */
  "  trigger_url TEXT NOT NULL,"
  "  trigger_method TEXT NOT NULL,"
  "  tags TEXT NOT NULL,"    /* JSON array of strings */
  "  general_access TEXT NOT NULL DEFAULT 'view' CHECK (general_access IN ('none','view','manage')),"
  "  sharing_etag TEXT NOT NULL,"
  "  etag TEXT NOT NULL,"
  /* set on a workflow a promotion made or adopted: where it came from and
   * the stage it is at */
  "  origin_workflow_id TEXT REFERENCES workflows (id) ON DELETE SET NULL,"
  "  origin_org_id TEXT REFERENCES orgs (id) ON DELETE SET NULL,"
  "  origin_path_id TEXT REFERENCES paths (id) ON DELETE SET NULL,"
  "  origin_stage TEXT,"
  "  promoted BIGINT NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX workflows_org ON workflows (org_id, seq);"
  "CREATE INDEX workflows_org_name ON workflows (org_id, name COLLATE NOCASE);"
  "CREATE INDEX workflows_trigger ON workflows (org_id, trigger_url, trigger_method);"
  "CREATE INDEX workflows_owner ON workflows (owner_id);"
  "CREATE INDEX workflows_origin ON workflows (origin_workflow_id, origin_path_id, origin_stage);"
  "CREATE INDEX workflows_origin_org ON workflows (origin_org_id);"
  "CREATE INDEX workflows_origin_path ON workflows (origin_path_id);"

  "CREATE TABLE workflow_connections ("
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (workflow_id, connection_id));"
  "CREATE INDEX workflow_connections_connection ON workflow_connections (connection_id);"

  "CREATE TABLE workflow_grants ("
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  permission TEXT NOT NULL CHECK (permission IN ('view','manage')),"
  "  PRIMARY KEY (workflow_id, user_id));"
  "CREATE INDEX workflow_grants_user ON workflow_grants (user_id);"

  "CREATE TABLE releases ("
  "  id TEXT PRIMARY KEY,"
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  version BIGINT NOT NULL,"
  "  notes TEXT NOT NULL DEFAULT '',"
  /* JSON {name, description, steps, config, trigger: {url, method},
   * connections: [{service, name}]}: what a promotion carries */
  "  snapshot TEXT NOT NULL,"
  "  created_by TEXT NOT NULL REFERENCES users (id),"
  /* the promotion or rollback that made it, for releases made in a target */
  "  source_release_id TEXT REFERENCES releases (id) ON DELETE SET NULL,"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (workflow_id, version));"
  "CREATE INDEX releases_created_by ON releases (created_by);"
  "CREATE INDEX releases_source ON releases (source_release_id);"

  "CREATE TABLE approval_requests ("
  "  id TEXT PRIMARY KEY,"
  "  seq BIGINT NOT NULL UNIQUE,"
  "  state TEXT NOT NULL CHECK (state IN ('pending','approved','rejected','cancelled','expired','completed')),"
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  release_id TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
  /* kept (NULL) when the path is deleted: the decisions stay on record */
  "  path_id TEXT REFERENCES paths (id) ON DELETE SET NULL,"
  "  path_name TEXT NOT NULL,"
  "  source_tag TEXT NOT NULL,"
  "  source_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  target_tag TEXT NOT NULL,"
  "  target_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  requester_id TEXT NOT NULL REFERENCES users (id),"
  "  message TEXT NOT NULL DEFAULT '',"
  "  required_approvals BIGINT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  expires_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  /* one open request per (source workflow, target stage) */
  "CREATE UNIQUE INDEX approval_requests_open ON approval_requests (workflow_id, path_id, target_tag)"
  "  WHERE state IN ('pending','approved');"
  "CREATE INDEX approval_requests_target ON approval_requests (target_org_id, state, seq);"
  "CREATE INDEX approval_requests_source ON approval_requests (source_org_id, seq);"
  "CREATE INDEX approval_requests_requester ON approval_requests (requester_id, seq);"
  "CREATE INDEX approval_requests_release ON approval_requests (release_id);"
  "CREATE INDEX approval_requests_path ON approval_requests (path_id);"

  "CREATE TABLE promotions ("
  "  id TEXT PRIMARY KEY,"
  "  seq BIGINT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('promote','rollback')),"
  "  release_id TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
  "  release_version BIGINT NOT NULL,"
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  path_id TEXT REFERENCES paths (id) ON DELETE SET NULL,"
  "  source_tag TEXT,"
  "  source_org_id TEXT REFERENCES orgs (id) ON DELETE SET NULL,"
  "  target_tag TEXT,"
  "  target_org_id TEXT REFERENCES orgs (id) ON DELETE SET NULL,"
  "  target_workflow_id TEXT REFERENCES workflows (id) ON DELETE SET NULL,"
  "  target_release_id TEXT REFERENCES releases (id) ON DELETE SET NULL,"
  "  created_new BIGINT NOT NULL DEFAULT 0,"
  "  actor_id TEXT NOT NULL REFERENCES users (id),"
  "  outcome TEXT NOT NULL CHECK (outcome IN ('succeeded','failed')),"
  "  error_code TEXT,"
  "  error_message TEXT,"
  "  reason TEXT,"
  "  approval_request_id TEXT REFERENCES approval_requests (id) ON DELETE SET NULL,"
  "  at TEXT NOT NULL);"
  "CREATE INDEX promotions_workflow ON promotions (workflow_id, seq);"
  "CREATE INDEX promotions_target_workflow ON promotions (target_workflow_id, seq);"
  "CREATE INDEX promotions_release_stage ON promotions (release_id, path_id, target_tag, outcome);"
  "CREATE INDEX promotions_source_org ON promotions (source_org_id, seq);"
  "CREATE INDEX promotions_target_org ON promotions (target_org_id, seq);"
  "CREATE INDEX promotions_path ON promotions (path_id);"
  "CREATE INDEX promotions_target_release ON promotions (target_release_id);"
  "CREATE INDEX promotions_actor ON promotions (actor_id);"
  "CREATE INDEX promotions_request ON promotions (approval_request_id);"

  "CREATE TABLE approval_decisions ("
  "  rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,"
  "  request_id TEXT NOT NULL REFERENCES approval_requests (id) ON DELETE CASCADE,"
  "  reviewer_id TEXT NOT NULL REFERENCES users (id),"
  "  decision TEXT NOT NULL CHECK (decision IN ('approve','reject')),"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  at TEXT NOT NULL,"
  "  PRIMARY KEY (request_id, reviewer_id));"
  "CREATE INDEX approval_decisions_reviewer ON approval_decisions (reviewer_id);"

  "CREATE TABLE audit_events ("
  "  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id),"
  "  actor_id TEXT REFERENCES users (id),"
  "  action TEXT NOT NULL,"
  "  target_type TEXT NOT NULL,"
  "  target_id TEXT NOT NULL,"
  "  details TEXT NOT NULL," /* JSON object */
  "  at TEXT NOT NULL);"
  "CREATE INDEX audit_events_org ON audit_events (org_id, seq);"
  "CREATE INDEX audit_events_actor ON audit_events (actor_id);"
  "CREATE FUNCTION audit_events_append_only () RETURNS trigger LANGUAGE plpgsql AS"
  "  'BEGIN RAISE EXCEPTION ''audit events are append-only''; END';"
  "CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events"
  "  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only ();"
  "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events"
  "  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only ();"

  "CREATE TABLE events ("
  "  seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  data TEXT NOT NULL," /* JSON object */
  "  at TEXT NOT NULL);"
  "CREATE INDEX events_user ON events (user_id, seq);"

  "CREATE TABLE idempotency ("
  "  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  endpoint TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  status BIGINT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  PRIMARY KEY (user_id, endpoint, key));"
  "CREATE INDEX idempotency_created ON idempotency (created_at);"

  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);";

/* Stored data in no language: releases made by a promotion or a rollback
 * no longer carry notes written in the server's language ("Promoted from
 * …", "Rolled back to …"): their "origin" comes from the promotion record,
 * and clients put it in words. */
static const char migration_2[] =
  "UPDATE releases SET notes = '' WHERE id IN ("
  "  SELECT target_release_id FROM promotions "
  "  WHERE outcome = 'succeeded' AND target_release_id IS NOT NULL);"
  /* nor do failed promotions keep the refusal's sentence: the rule
   * (error_code) is the fact, said in each reader's language */
  "UPDATE promotions SET error_message = NULL WHERE outcome = 'failed';";

/* Blocked releases: an admin of the release's org stops it from
 * progressing any further, with a reason (NULL columns: not blocked). */
static const char migration_3[] =
  "ALTER TABLE releases ADD COLUMN blocked_reason TEXT;"
  "ALTER TABLE releases ADD COLUMN blocked_by TEXT REFERENCES users (id);"
  "ALTER TABLE releases ADD COLUMN blocked_at TEXT;"
  "CREATE INDEX releases_blocked_by ON releases (blocked_by);";

/* Soak time per stage of a path (issue 10). */
static const char migration_4[] =
  "ALTER TABLE path_stages ADD COLUMN soak_seconds INTEGER NOT NULL DEFAULT 0;";

/* Scheduled promotions (issue 10): carried out by the server at run_at as
 * their requester, every rule checked again then; the outcome stays on the
 * row (promotion_id: the history record, error_code: the refusing rule). */
static const char migration_5[] =
  "CREATE TABLE schedules ("
  "  id TEXT PRIMARY KEY,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  state TEXT NOT NULL CHECK (state IN ('pending','succeeded','failed','cancelled')),"
  "  workflow_id TEXT NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,"
  "  release_id TEXT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,"
  "  path_id TEXT REFERENCES paths (id) ON DELETE SET NULL,"
  "  path_name TEXT NOT NULL,"
  "  source_tag TEXT NOT NULL,"
  "  source_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  target_tag TEXT NOT NULL,"
  "  target_org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  approval_request_id TEXT REFERENCES approval_requests (id) ON DELETE SET NULL,"
  "  requester_id TEXT NOT NULL REFERENCES users (id),"
  "  run_at TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  finished_at TEXT,"
  "  promotion_id TEXT REFERENCES promotions (id),"
  "  error_code TEXT,"
  "  cancelled_by TEXT REFERENCES users (id));"
  "CREATE INDEX schedules_due ON schedules (state, run_at);"
  "CREATE INDEX schedules_source_org ON schedules (source_org_id, seq);"
  "CREATE INDEX schedules_target_org ON schedules (target_org_id, seq);"
  "CREATE INDEX schedules_workflow ON schedules (workflow_id);"
  "CREATE INDEX schedules_release ON schedules (release_id);"
  "CREATE INDEX schedules_path ON schedules (path_id);"
  "CREATE INDEX schedules_request ON schedules (approval_request_id);"
  "CREATE INDEX schedules_requester ON schedules (requester_id);"
  "CREATE INDEX schedules_promotion ON schedules (promotion_id);"
  "CREATE INDEX schedules_cancelled_by ON schedules (cancelled_by);";

/* The reviewer's desk (issue 9): what the target held when a request was
 * made (to warn when it changed since), on whose behalf a decision was
 * made, and delegations: a member names another to decide in their place
 * from one time until another. */
static const char migration_6[] =
  "ALTER TABLE approval_requests ADD COLUMN target_recorded INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE approval_requests ADD COLUMN target_workflow_id TEXT;"
  "ALTER TABLE approval_requests ADD COLUMN target_etag TEXT;"
  "ALTER TABLE approval_decisions ADD COLUMN on_behalf_of TEXT REFERENCES users (id);"
  "CREATE TABLE delegations ("
  "  id TEXT PRIMARY KEY,"
  "  seq INTEGER NOT NULL UNIQUE,"
  "  org_id TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,"
  "  delegator_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  delegate_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
  "  starts_at TEXT NOT NULL,"
  "  ends_at TEXT NOT NULL,"
  "  created_at TEXT NOT NULL);"
  "CREATE INDEX delegations_org ON delegations (org_id, seq);"
  "CREATE INDEX delegations_delegate ON delegations (delegate_id, org_id);"
  "CREATE INDEX delegations_delegator ON delegations (delegator_id);"
  "CREATE INDEX approval_decisions_on_behalf_of ON approval_decisions (on_behalf_of);";

/* Migration i for SQLite and for PostgreSQL (NULL: the same SQL). */
static const struct {
  const char *sqlite;
  const char *postgresql;
} migrations[] = {
  { migration_1, migration_1_pg },
  { migration_2, NULL },
  { migration_3, NULL },
  { migration_4, NULL },
  { migration_5, NULL },
  { migration_6, NULL },
};

const char * const *
sc_store_get_migrations (ScDbEngine engine)
{
  static const char *lists[2][G_N_ELEMENTS (migrations) + 1];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
        {
          lists[SC_DB_ENGINE_SQLITE][i] = migrations[i].sqlite;
          lists[SC_DB_ENGINE_POSTGRESQL][i] = migrations[i].postgresql != NULL
                                                ? migrations[i].postgresql : migrations[i].sqlite;
        }
      g_once_init_leave (&done, 1);
    }
  return lists[engine];
}
