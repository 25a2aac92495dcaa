#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The contract test: starts the real stagecraft-server, takes it on a
// scripted tour that exercises every operation of data/openapi.yaml (happy
// paths and refusals), and checks every answer against the document:
//
//   - the operation exists for the method and path template;
//   - the status code is documented for it (or a `default` / `4XX` one);
//   - the JSON body validates against the documented schema (components
//     resolved; JSON Schema 2020-12 with formats), and no body comes where
//     none is documented;
//   - documented headers marked `required` are present, and every
//     documented header that is present matches its schema; a resource's
//     `ETag` header is its `etag` member in double quotes;
//   - the tour's own expectations, taken from the operations' descriptions
//     (such as "a duplicate gets 409"), hold;
//   - every operation was exercised, each with at least one error answer.
//
// All mismatches are collected and printed (operation, status, JSON pointer,
// message); the exit status is 1 when there is any, 77 (skip, for meson)
// when the npm tools are not installed.
//
// usage: node check-contract.mjs [SERVER_BINARY [OPENAPI_YAML]]
//   (or $SC_SERVER_BINARY; the document defaults to
//   $SC_SOURCE_ROOT/data/openapi.yaml)

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createServer, loadContract, loadTools } from './contract-lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceRoot = process.env.SC_SOURCE_ROOT || path.resolve(here, '..', '..');
const serverBinary = process.argv[2] || process.env.SC_SERVER_BINARY;
const specPath = process.argv[3] || path.join(sourceRoot, 'data', 'openapi.yaml');

const tools = loadTools(sourceRoot);
if (!serverBinary) {
  console.error('usage: check-contract.mjs SERVER_BINARY [OPENAPI_YAML] (or set SC_SERVER_BINARY)');
  process.exit(2);
}

const { operations, deref, validatorFor, findOperation, describe, checkAnswer } =
  loadContract(tools, specPath);

// --- findings -------------------------------------------------------------------

const mismatches = [];
const coverage = new Map(operations.map((o) => [o.id, new Set()]));
let requestCount = 0;

function mismatch(operation, status, pointer, message) {
  mismatches.push({ operation, status, pointer, message });
}

function checkResponse(method, url, response, text, expect, note) {
  const pathname = new URL(url).pathname.replace(/^\/api\/v1/, '');
  const found = findOperation(method, pathname);
  const status = response.status;
  const label = found ? describe(found) : `${method} ${pathname}`;

  if (expect !== undefined) {
    const wanted = Array.isArray(expect) ? expect : [expect];
    if (!wanted.includes(status)) {
      mismatch(label, status, '', `the tour expected ${wanted.join(' or ')}` +
               `${note ? ` (${note})` : ''}; the answer was ${status}: ${text.slice(0, 300)}`);
    }
  }
  if (found) coverage.get(found.id).add(status);
  checkAnswer(method, url, response, text, mismatch);
}

// A body the tour sends for a success must be one the document accepts:
// otherwise the document and the server disagree about the input.
function checkRequestBody(method, urlPath, options) {
  const success = [].concat(options.expect ?? []).some((s) => s >= 200 && s < 300);
  const sent = options.form ?? options.body;
  if (!success || sent === undefined) return;
  const found = findOperation(method, new URL(urlPath, 'http://x').pathname);
  const media = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
  const schema = deref(found?.op.requestBody)?.content?.[media]?.schema;
  if (!found) return;
  if (!schema) {
    mismatch(describe(found), 0, '', `the tour sent a ${media} body where the document has none`);
    return;
  }
  const validate = validatorFor(schema);
  if (!validate(sent)) {
    for (const error of validate.errors) {
      mismatch(describe(found), 0, `(request)${error.instancePath || '/'}`,
               `a body the server accepts does not validate: ${error.message} ${JSON.stringify(error.params)}`);
    }
  }
}

// --- the server -------------------------------------------------------------------

const server = createServer(serverBinary);
const cleanUp = server.cleanUp;
const startServer = server.start;
const cli = server.cli;

async function stopServer() {
  const problem = await server.stop();
  if (problem) mismatch('server', 0, '', problem);
}

function addOrg(name, type) {
  return cli('org', 'add', name, ...(type ? ['--type', type] : [])).trim();
}

function addUser(email, org, role) {
  const out = cli('user', 'add', email, '--name', email.split('@')[0], '--org', org, '--role', role);
  const token = /^token (\S+)$/m.exec(out)?.[1];
  const id = /^user (\S+)$/m.exec(out)?.[1];
  if (!token || !id) throw new Error(`user add ${email}: unexpected output ${out}`);
  return { token, id, email };
}

// --- requests ---------------------------------------------------------------------

// call(method, path, {as, body, raw, form, headers, expect, note}) → {status, body, headers}
async function call(method, urlPath, options = {}) {
  const headers = { ...(options.headers || {}) };
  let payload;
  if (options.as) headers.Authorization = `Bearer ${options.as.token ?? options.as}`;
  if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (options.raw !== undefined) {
    payload = options.raw;
    headers['Content-Type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }

  const url = server.api + urlPath;
  checkRequestBody(method, urlPath, options);
  let response;
  let text;
  requestCount++;
  try {
    response = await fetch(url, { method, headers, body: payload, redirect: 'manual',
                                  signal: AbortSignal.timeout(60000) });
    text = await response.text();
  } catch (error) {
    mismatch(`${method} ${urlPath}`, 0, '', `the request failed: ${error.cause?.message || error.message}`);
    return { status: 0, body: undefined, headers: new Headers() };
  }
  checkResponse(method, url, response, text, options.expect, options.note);
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, headers: response.headers };
}

// A call whose answer the rest of the tour needs. Another success status
// than the one expected is a mismatch (recorded by call) but lets the tour go
// on; a failure stops it.
async function must(method, urlPath, options) {
  const r = await call(method, urlPath, options);
  const success = (status) => status >= 200 && status < 300;
  if (r.status !== options.expect && !(success(r.status) && success(options.expect))) {
    throw new Error(`${method} ${urlPath}: expected ${options.expect}, got ${r.status}: ` +
                    `${JSON.stringify(r.body)?.slice(0, 400)}`);
  }
  return r;
}

const etagOf = async (urlPath, as) => (await must('GET', urlPath, { as, expect: 200 })).headers.get('etag');
const q = (object) => `?${new URLSearchParams(object)}`;

// --- the tour -------------------------------------------------------------------------

function workflowBody(name, trigger, extra = {}) {
  return {
    name,
    description: `${name}, as the contract test wrote it.`,
    steps: [{ id: 'fetch', action: 'http.get', with: { url: 'https://example.test/items' } },
            { id: 'store', action: 'db.insert' }],
    config: { retries: 3, region: 'eu' },
    trigger: { url: trigger, method: 'POST' },
    tags: ['contract'],
    ...extra,
  };
}

async function tourMeta(w) {
  const health = await call('GET', '/health', { expect: 200 });
  await call('GET', '/health', { headers: { 'If-None-Match': health.headers.get('etag') ?? '"none"' }, expect: 304 });
  const info = await call('GET', '/server-info', { expect: 200 });
  await call('GET', '/server-info', { headers: { 'If-None-Match': info.headers.get('etag') ?? '"none"' }, expect: 304 });

  const me = await call('GET', '/me', { as: w.ada, expect: 200 });
  await call('GET', '/me', { as: w.ada, headers: { 'If-None-Match': me.headers.get('etag') ?? '"none"' }, expect: 304 });
  await call('GET', '/me', { expect: 401, note: 'no token' });
  await call('GET', '/me', { as: 'scp_tok_aaaaaaaaaaaaaaaaaaaa_nonsense', expect: 401, note: 'unknown token' });

  // API keys
  const keys = cli('apikey', 'add', w.ada.email);
  const clientId = /^client-id (\S+)$/m.exec(keys)[1];
  const secret = /^client-secret (\S+)$/m.exec(keys)[1];
  const grant = { grant_type: 'client_credentials', client_id: clientId, client_secret: secret };
  const form = await call('POST', '/oauth/token', { form: grant, expect: 200 });
  await call('POST', '/oauth/token', { body: grant, expect: 200, note: 'JSON body' });
  const scoped = await call('POST', '/oauth/token', { form: { ...grant, scope: `org:${w.dev}` }, expect: 200 });
  await call('GET', '/me', { as: form.body?.access_token, expect: 200, note: 'access token' });
  await call('GET', '/orgs', { as: scoped.body?.access_token, expect: 200, note: 'scoped access token' });
  await call('POST', '/oauth/token', { form: { ...grant, client_secret: 'wrong' }, expect: 401, note: 'invalid_client' });
  await call('POST', '/oauth/token', { form: { ...grant, grant_type: 'password' }, expect: 400, note: 'unsupported_grant_type' });
  await call('POST', '/oauth/token', { form: { grant_type: 'client_credentials' }, expect: 400, note: 'invalid_request' });
  await call('POST', '/oauth/token', { form: { ...grant, scope: `org:${w.other}` }, expect: 400, note: 'invalid_scope' });
}

async function tourOrgs(w) {
  const page1 = await call('GET', `/orgs${q({ limit: 1 })}`, { as: w.ada, expect: 200 });
  if (page1.body?.next_cursor) {
    await call('GET', `/orgs${q({ limit: 1, cursor: page1.body.next_cursor })}`, { as: w.ada, expect: 200 });
  } else {
    mismatch('listOrgs', 200, '/next_cursor', 'a page of one org out of four has no next_cursor');
  }
  await call('GET', '/orgs', { as: w.dan, expect: 200 });
  await call('GET', `/orgs${q({ all: 'true', limit: 3 })}`, { as: w.dan, expect: 200, note: 'every org' });
  await call('GET', `/orgs${q({ all: 'maybe' })}`, { as: w.dan, expect: 400 });
  await call('GET', `/orgs${q({ limit: 0 })}`, { as: w.ada, expect: 400, note: 'limit 0' });
  await call('GET', `/orgs${q({ cursor: '!!not-a-cursor!!' })}`, { as: w.ada, expect: 400, note: 'bad cursor' });
  await call('GET', '/orgs', { expect: 401 });

  const org = await call('GET', `/orgs/${w.stg}`, { as: w.ada, expect: 200 });
  await call('GET', `/orgs/${w.stg}`, { as: w.ada, headers: { 'If-None-Match': org.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', `/orgs/${w.sandbox}`, { as: w.ada, expect: 200, note: 'an unregistered org' });
  await call('GET', `/orgs/${w.dev}`, { as: w.otto, expect: 404, note: 'not a member' });
  await call('GET', '/orgs/org_aaaaaaaaaaaaaaaaaaaa', { as: w.ada, expect: 404 });

  // approvals into Staging, decided by admins and reviewers
  let etag = await etagOf(`/orgs/${w.stg}`, w.ada);
  await call('PATCH', `/orgs/${w.stg}`, {
    as: w.ada, headers: { 'If-Match': etag }, expect: 200,
    body: { approval_policy: { enabled: true, reviewer_roles: ['admin', 'reviewer'], required_approvals: 1, expiry_days: 7 } },
  });
  etag = await etagOf(`/orgs/${w.dev}`, w.ada);
  await call('PATCH', `/orgs/${w.dev}`, { as: w.ada, body: { type: 'dev' }, expect: 412, note: 'no If-Match' });
  await call('PATCH', `/orgs/${w.dev}`, { as: w.ada, headers: { 'If-Match': '"stale"' }, body: { type: 'dev' }, expect: 412, note: 'stale If-Match' });
  await call('PATCH', `/orgs/${w.dev}`, { as: w.dan, headers: { 'If-Match': etag }, body: { type: 'dev' }, expect: 403, note: 'a developer' });
  await call('PATCH', `/orgs/${w.dev}`, { as: w.otto, headers: { 'If-Match': etag }, body: { type: 'dev' }, expect: 404, note: 'not a member' });
  await call('PATCH', `/orgs/${w.dev}`, { as: w.ada, headers: { 'If-Match': etag }, body: { type: 'galaxy' }, expect: 422 });
  await call('PATCH', `/orgs/${w.dev}`, { as: w.ada, headers: { 'If-Match': etag }, body: { type: 5 }, expect: 400 });
  await call('PATCH', `/orgs/${w.dev}`, { as: w.ada, headers: { 'If-Match': etag }, body: { colour: 'blue' }, expect: 422, note: 'unknown member' });
  await call('PATCH', `/orgs/${w.dev}`, { as: w.ada, headers: { 'If-Match': etag }, raw: '{"type": ', expect: 400, note: 'not JSON' });
  const qaEtag = await etagOf(`/orgs/${w.qa}`, w.ada);
  await call('PATCH', `/orgs/${w.qa}`, {
    as: w.ada, headers: { 'If-Match': qaEtag }, expect: 200, note: 'a freeze window to come',
    body: { approval_policy: { freeze: { active: true, from: '2031-01-01T00:00:00Z', until: '2031-02-01T00:00:00Z', reason: 'Audit' } } },
  });
  await call('PATCH', `/orgs/${w.dev}`, {
    as: w.ada, headers: { 'If-Match': etag }, expect: 422, note: 'from after until',
    body: { approval_policy: { freeze: { active: true, from: '2030-02-01T00:00:00Z', until: '2030-01-01T00:00:00Z' } } },
  });

  await call('GET', `/orgs/${w.dev}/members`, { as: w.vic, expect: 200 });
  await call('GET', `/orgs/${w.dev}/members${q({ limit: 2 })}`, { as: w.vic, expect: 200 });
  await call('GET', `/orgs/${w.dev}/members${q({ limit: 501 })}`, { as: w.vic, expect: 400 });
  await call('GET', `/orgs/${w.dev}/members`, { as: w.otto, expect: 404 });
  await call('GET', `/orgs/${w.dev}/members`, { expect: 401 });
}

async function tourMappings(w) {
  const m = (target, relation = 'default') => ({ target_org_id: target, relation });
  await must('POST', `/orgs/${w.dev}/mappings`, { as: w.ada, body: m(w.stg), expect: 201 });
  await must('POST', `/orgs/${w.stg}/mappings`, { as: w.ada, body: m(w.prod), expect: 201 });
  await call('POST', `/orgs/${w.dev}/mappings`, { as: w.ada, body: m(w.stg), expect: 409, note: 'it exists' });
  await call('POST', `/orgs/${w.dev}/mappings`, { as: w.ada, body: m(w.sandbox), expect: 422, note: 'unregistered target' });
  await call('POST', `/orgs/${w.dev}/mappings`, { as: w.ada, body: m('org_aaaaaaaaaaaaaaaaaaaa'), expect: 422, note: 'unknown target' });
  await call('POST', `/orgs/${w.dev}/mappings`, { as: w.ada, body: m(w.qa, 'cousin'), expect: 422, note: 'bad relation' });
  await call('POST', `/orgs/${w.dev}/mappings`, { as: w.ada, body: { target_org_id: 5, relation: 'default' }, expect: 400 });
  await call('POST', `/orgs/${w.dev}/mappings`, { as: w.dan, body: m(w.qa), expect: 403 });
  await call('POST', `/orgs/${w.dev}/mappings`, { as: w.otto, body: m(w.qa), expect: 404 });

  const list = await call('GET', `/orgs/${w.stg}/mappings`, { as: w.ada, expect: 200 });
  await call('GET', `/orgs/${w.stg}/mappings`, { as: w.ada, headers: { 'If-None-Match': list.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', `/orgs/${w.dev}/mappings`, { as: w.otto, expect: 404 });

  const doomed = await must('POST', `/orgs/${w.dev}/mappings`, { as: w.ada, body: m(w.qa), expect: 201 });
  await call('DELETE', `/mappings/${doomed.body.id}`, { as: w.dan, expect: 403, note: 'a developer of the source org' });
  await call('DELETE', `/mappings/${doomed.body.id}`, { as: w.tess, expect: 403,
                                                          note: 'a member of the target org only (she sees it in its list)' });
  await call('DELETE', `/mappings/${doomed.body.id}`, { as: w.otto, expect: 404 });
  await call('DELETE', `/mappings/${doomed.body.id}`, { as: w.ada, expect: 204, note: 'no If-Match: mappings carry no etag' });
  await call('DELETE', `/mappings/${doomed.body.id}`, { as: w.ada, expect: 404, note: 'gone' });
}

async function tourPaths(w) {
  const stages = [{ tag: 'dev', org_id: w.dev }, { tag: 'staging', org_id: w.stg }, { tag: 'prod', org_id: w.prod }];
  const created = await must('POST', `/orgs/${w.dev}/promotion-paths`,
                             { as: w.ada, body: { name: 'Contract pipeline', stages }, expect: 201 });
  w.path = created.body.id;
  if (!created.headers.get('location')?.endsWith(`/promotion-paths/${w.path}`)) {
    mismatch('createPromotionPath', 201, '', `Location is "${created.headers.get('location')}"`);
  }
  const skip = [{ tag: 'dev', org_id: w.dev }, { tag: 'prod', org_id: w.prod }];
  await call('POST', `/orgs/${w.dev}/promotion-paths`, { as: w.ada, body: { name: 'Skipping', stages: skip }, expect: 422, note: 'dev → prod skips' });
  await call('POST', `/orgs/${w.dev}/promotion-paths`, { as: w.ada, body: { name: 'One', stages: [stages[0]] }, expect: 422, note: 'one stage' });
  await call('POST', `/orgs/${w.dev}/promotion-paths`, { as: w.ada, body: { name: 'Bad', stages: 'dev' }, expect: 400 });
  await call('POST', `/orgs/${w.dev}/promotion-paths`, { as: w.dan, body: { name: 'Mine', stages }, expect: 403 });
  await call('POST', `/orgs/${w.dev}/promotion-paths`, { as: w.otto, body: { name: 'Theirs', stages }, expect: 404 });

  await call('GET', `/orgs/${w.dev}/promotion-paths`, { as: w.vic, expect: 200 });
  await call('GET', `/orgs/${w.dev}/promotion-paths`, { as: w.otto, expect: 404 });
  const got = await call('GET', `/promotion-paths/${w.path}`, { as: w.vic, expect: 200 });
  await call('GET', `/promotion-paths/${w.path}`, { as: w.vic, headers: { 'If-None-Match': got.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', `/promotion-paths/${w.path}`, { as: w.otto, expect: 404 });

  const scratch = await must('POST', `/orgs/${w.dev}/promotion-paths`, {
    as: w.ada, expect: 201,
    body: { name: 'Scratch', stages: [{ tag: 'dev', org_id: w.dev }, { tag: 'review', org_id: w.dev }] },
  });
  const id = scratch.body.id;
  const renamed = { name: 'Scratch, renamed', stages: [{ tag: 'dev', org_id: w.dev }, { tag: 'review', org_id: w.dev }] };
  await call('PUT', `/promotion-paths/${id}`, { as: w.ada, headers: { 'If-Match': scratch.headers.get('etag') }, body: renamed, expect: 200 });
  await call('PUT', `/promotion-paths/${id}`, { as: w.ada, headers: { 'If-Match': scratch.headers.get('etag') }, body: renamed, expect: 412, note: 'stale' });
  let etag = await etagOf(`/promotion-paths/${id}`, w.ada);
  await call('PUT', `/promotion-paths/${id}`, { as: w.ada, body: renamed, expect: 412, note: 'no If-Match' });
  await call('PUT', `/promotion-paths/${id}`, { as: w.dan, headers: { 'If-Match': etag }, body: renamed, expect: 403 });
  await call('PUT', `/promotion-paths/${id}`, {
    as: w.ada, headers: { 'If-Match': etag }, expect: 422, note: 'a repeated tag',
    body: { name: 'Twice', stages: [{ tag: 'dev', org_id: w.dev }, { tag: 'DEV', org_id: w.dev }] },
  });
  etag = await etagOf(`/promotion-paths/${id}`, w.ada);
  await call('DELETE', `/promotion-paths/${id}`, { as: w.ada, expect: 412, note: 'no If-Match' });
  await call('DELETE', `/promotion-paths/${id}`, { as: w.dan, headers: { 'If-Match': etag }, expect: 403 });
  await call('DELETE', `/promotion-paths/${id}`, { as: w.otto, headers: { 'If-Match': etag }, expect: 404 });
  await call('DELETE', `/promotion-paths/${id}`, { as: w.ada, headers: { 'If-Match': etag }, expect: 204 });
  await call('GET', `/promotion-paths/${id}`, { as: w.ada, expect: 404, note: 'deleted' });
}

async function tourConnections(w) {
  const chat = { name: 'Team chat', service: 'slack', secret: 'xoxb-contract-secret' };
  w.con = (await must('POST', `/orgs/${w.dev}/connections`, { as: w.dan, body: chat, expect: 201 })).body.id;
  await must('POST', `/orgs/${w.stg}/connections`, { as: w.ada, body: chat, expect: 201 });
  await must('POST', `/orgs/${w.prod}/connections`, { as: w.ada, body: chat, expect: 201 });
  await call('POST', `/orgs/${w.dev}/connections`, { as: w.dan, body: chat, expect: 409, note: 'same service and name' });
  await call('POST', `/orgs/${w.dev}/connections`, { as: w.dan, body: { name: 'No secret', service: 'slack' }, expect: 422 });
  await call('POST', `/orgs/${w.dev}/connections`, { as: w.dan, body: { ...chat, name: 5 }, expect: 400 });
  await call('POST', `/orgs/${w.dev}/connections`, { as: w.vic, body: { ...chat, name: 'Viewer chat' }, expect: 403 });
  await call('POST', `/orgs/${w.dev}/connections`, { as: w.otto, body: { ...chat, name: 'Other chat' }, expect: 404 });

  const list = await call('GET', `/orgs/${w.dev}/connections`, { as: w.vic, expect: 200 });
  if (JSON.stringify(list.body ?? {}).includes('xoxb-contract-secret')) {
    mismatch('listConnections', 200, '/items', 'a connection secret left the server');
  }
  await call('GET', `/orgs/${w.dev}/connections`, { as: w.otto, expect: 404 });

  const sharing = await call('GET', `/connections/${w.con}/sharing`, { as: w.dan, expect: 200 });
  await call('GET', `/connections/${w.con}/sharing`, { as: w.ada, headers: { 'If-None-Match': sharing.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', `/connections/${w.con}/sharing`, { as: w.vic, expect: 403,
                                                        note: 'a member without manage (the connection is listed to her)' });
  await call('GET', `/connections/${w.con}/sharing`, { as: w.otto, expect: 404 });
  const etag = sharing.headers.get('etag');
  const shared = { general_access: 'run', grants: [{ email: w.rita.email, permission: 'manage' }] };
  await call('PUT', `/connections/${w.con}/sharing`, { as: w.dan, body: shared, expect: 412, note: 'no If-Match' });
  await call('PUT', `/connections/${w.con}/sharing`, { as: w.otto, headers: { 'If-Match': etag }, body: shared, expect: 404 });
  await call('PUT', `/connections/${w.con}/sharing`, {
    as: w.dan, headers: { 'If-Match': etag }, expect: 422, note: 'view is no connection level',
    body: { general_access: 'view', grants: [] },
  });
  await call('PUT', `/connections/${w.con}/sharing`, { as: w.dan, headers: { 'If-Match': etag }, body: shared, expect: 200 });
  await call('PUT', `/connections/${w.con}/sharing`, { as: w.vic, headers: { 'If-Match': '"whatever"' }, body: shared, expect: 403,
                                                        note: 'run is not manage' });
}

async function tourWorkflows(w) {
  const created = await must('POST', `/orgs/${w.dev}/workflows`, {
    as: w.dan, expect: 201, body: workflowBody('Invoice sync', '/hooks/invoices', { connection_ids: [w.con] }),
  });
  w.wf = created.body.id;
  await call('POST', `/orgs/${w.dev}/workflows`, {
    as: w.dan, expect: 201, note: 'a method in lower case (stored upper case)',
    body: { name: 'Minimal', trigger: { url: '/hooks/minimal', method: 'post' } },
  });
  await call('POST', `/orgs/${w.dev}/workflows`, { as: w.dan, body: { trigger: { url: '/x', method: 'POST' } }, expect: 422, note: 'no name' });
  await call('POST', `/orgs/${w.dev}/workflows`, { as: w.dan, body: { ...workflowBody('Odd', '/odd'), steps: {} }, expect: 400 });
  await call('POST', `/orgs/${w.dev}/workflows`, { as: w.dan, body: { ...workflowBody('Odd', '/odd'), colour: 'red' }, expect: 422, note: 'unknown member' });
  await call('POST', `/orgs/${w.dev}/workflows`, {
    as: w.dan, expect: 422, note: 'a connection of another org',
    body: workflowBody('Borrowing', '/borrow', { connection_ids: ['con_aaaaaaaaaaaaaaaaaaaa'] }),
  });
  await call('POST', `/orgs/${w.dev}/workflows`, { as: w.vic, body: workflowBody('Viewer', '/viewer'), expect: 403 });
  await call('POST', `/orgs/${w.dev}/workflows`, { as: w.otto, body: workflowBody('Outsider', '/outsider'), expect: 404 });
  await call('POST', `/orgs/${w.dev}/workflows`, {
    as: w.dan, expect: 413, note: 'over 1 MiB',
    raw: JSON.stringify(workflowBody('Huge', '/huge', { description: 'x'.repeat(1100 * 1024) })),
  });

  await call('GET', `/orgs/${w.dev}/workflows`, { as: w.vic, expect: 200 });
  await call('GET', `/orgs/${w.dev}/workflows${q({ q: 'invoice', limit: 10 })}`, { as: w.vic, expect: 200 });
  await call('GET', `/orgs/${w.dev}/workflows${q({ q: 'x'.repeat(201) })}`, { as: w.vic, expect: 400, note: 'q over 200 characters' });
  await call('GET', `/orgs/${w.dev}/workflows`, { as: w.otto, expect: 404 });

  const got = await call('GET', `/workflows/${w.wf}`, { as: w.vic, expect: 200 });
  await call('GET', `/workflows/${w.wf}`, { as: w.vic, headers: { 'If-None-Match': got.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', `/workflows/${w.wf}`, { as: w.otto, expect: 404 });
  await call('GET', '/workflows/wf_aaaaaaaaaaaaaaaaaaaa', { as: w.ada, expect: 404 });

  const draft = workflowBody('Invoice sync', '/hooks/invoices', { connection_ids: [w.con], tags: ['contract', 'finance'] });
  const etag = created.headers.get('etag');
  await call('PUT', `/workflows/${w.wf}`, { as: w.dan, body: draft, expect: 412, note: 'no If-Match' });
  await call('PUT', `/workflows/${w.wf}`, { as: w.vic, headers: { 'If-Match': etag }, body: draft, expect: 403 });
  await call('PUT', `/workflows/${w.wf}`, { as: w.otto, headers: { 'If-Match': etag }, body: draft, expect: 404 });
  await call('PUT', `/workflows/${w.wf}`, {
    as: w.dan, headers: { 'If-Match': etag }, expect: 422, note: 'a bad trigger method',
    body: { ...draft, trigger: { url: '/hooks/invoices', method: 'FETCH' } },
  });
  await call('PUT', `/workflows/${w.wf}`, { as: w.dan, headers: { 'If-Match': etag }, body: draft, expect: 200 });
  await call('PUT', `/workflows/${w.wf}`, { as: w.dan, headers: { 'If-Match': etag }, body: draft, expect: 412, note: 'stale' });

  // releases
  w.rel1 = (await must('POST', `/workflows/${w.wf}/releases`, { as: w.dan, expect: 201 })).body.id;
  w.rel2 = (await must('POST', `/workflows/${w.wf}/releases`, { as: w.dan, body: { notes: 'Second' }, expect: 201 })).body.id;
  await call('POST', `/workflows/${w.wf}/releases`, { as: w.dan, body: { notes: 'x', colour: 1 }, expect: 422 });
  await call('POST', `/workflows/${w.wf}/releases`, { as: w.dan, body: { notes: 5 }, expect: 400 });
  await call('POST', `/workflows/${w.wf}/releases`, { as: w.vic, body: {}, expect: 403 });
  await call('POST', `/workflows/${w.wf}/releases`, { as: w.otto, body: {}, expect: 404 });
  const releases = await call('GET', `/workflows/${w.wf}/releases${q({ limit: 1 })}`, { as: w.vic, expect: 200 });
  if (releases.body?.next_cursor) {
    await call('GET', `/workflows/${w.wf}/releases${q({ limit: 1, cursor: releases.body.next_cursor })}`, { as: w.vic, expect: 200 });
  }
  await call('GET', `/workflows/${w.wf}/releases${q({ cursor: 'garbage!' })}`, { as: w.vic, expect: 400 });
  await call('GET', `/workflows/${w.wf}/releases`, { as: w.otto, expect: 404 });

  // sharing
  const sharing = await call('GET', `/workflows/${w.wf}/sharing`, { as: w.vic, expect: 200 });
  await call('GET', `/workflows/${w.wf}/sharing`, { as: w.vic, headers: { 'If-None-Match': sharing.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', `/workflows/${w.wf}/sharing`, { as: w.otto, expect: 404 });
  const sEtag = sharing.headers.get('etag');
  const grants = { general_access: 'view', grants: [{ email: w.rita.email, permission: 'manage' }, { user_id: w.vic.id, permission: 'view' }] };
  await call('PUT', `/workflows/${w.wf}/sharing`, { as: w.dan, body: grants, expect: 412, note: 'no If-Match' });
  await call('PUT', `/workflows/${w.wf}/sharing`, { as: w.vic, headers: { 'If-Match': sEtag }, body: grants, expect: 403 });
  await call('PUT', `/workflows/${w.wf}/sharing`, {
    as: w.dan, headers: { 'If-Match': sEtag }, expect: 422, note: 'a grant to a non-member (rule membership)',
    body: { general_access: 'view', grants: [{ email: w.otto.email, permission: 'view' }] },
  });
  await call('PUT', `/workflows/${w.wf}/sharing`, { as: w.dan, headers: { 'If-Match': sEtag }, body: grants, expect: 200 });

  // delete
  const scratch = await must('POST', `/orgs/${w.dev}/workflows`, { as: w.dan, body: workflowBody('Scratch', '/scratch'), expect: 201 });
  const url = `/workflows/${scratch.body.id}`;
  await call('DELETE', url, { as: w.dan, expect: 412, note: 'no If-Match' });
  await call('DELETE', url, { as: w.vic, headers: { 'If-Match': scratch.headers.get('etag') }, expect: 403 });
  await call('DELETE', url, { as: w.otto, headers: { 'If-Match': scratch.headers.get('etag') }, expect: 404 });
  await call('DELETE', url, { as: w.dan, headers: { 'If-Match': '"stale"' }, expect: 412, note: 'stale' });
  await call('DELETE', url, { as: w.dan, headers: { 'If-Match': scratch.headers.get('etag') }, expect: 204 });
  await call('GET', url, { as: w.dan, expect: 404, note: 'deleted' });
}

async function pollEvents(as, since, note) {
  return call('GET', `/events${q({ since, timeout: 5 })}`, { as, expect: 200, note });
}

async function tourPromotions(w) {
  const cursors = {};
  for (const name of ['rita', 'dan']) {
    cursors[name] = (await must('GET', '/events', { as: w[name], expect: 200 })).body.next_cursor;
  }
  await call('GET', `/events${q({ timeout: 99 })}`, { as: w.dan, expect: 400, note: 'timeout over 30' });
  await call('GET', `/events${q({ since: '!!', timeout: 0 })}`, { as: w.dan, expect: 400, note: 'bad cursor' });
  await call('GET', '/events', { expect: 401 });

  const toStaging = { release_id: w.rel1, path_id: w.path, target_stage: 'staging' };
  await call('POST', '/promotions/preview', { as: w.dan, body: toStaging, expect: 200 });
  await call('POST', '/promotions/preview', { as: w.vic, body: { ...toStaging, target_stage: 'prod' }, expect: 200, note: 'refusals listed' });
  await call('POST', '/promotions/preview', { as: w.otto, body: toStaging, expect: 404 });
  await call('POST', '/promotions/preview', { as: w.dan, body: { ...toStaging, release_id: 'rel_aaaaaaaaaaaaaaaaaaaa' }, expect: 404 });
  await call('POST', '/promotions/preview', { as: w.dan, body: { release_id: w.rel1, path_id: w.path }, expect: 422, note: 'no target_stage' });
  await call('POST', '/promotions/preview', { as: w.dan, body: { ...toStaging, path_id: 7 }, expect: 400 });

  await call('GET', `/workflows/${w.wf}/stages`, { as: w.vic, expect: 200 });
  await call('GET', `/workflows/${w.wf}/stages`, { as: w.otto, expect: 404 });

  // a promotion into Staging needs an approved request (approvals on)
  await call('POST', '/promotions', { as: w.dan, body: toStaging, expect: 403, note: 'approval_required' });
  await call('POST', '/promotions', { as: w.vic, body: toStaging, expect: 403, note: 'source_permission' });
  await call('POST', '/promotions', { as: w.otto, body: toStaging, expect: 404 });
  await call('POST', '/promotions', { as: w.dan, body: { ...toStaging, target_stage: 'nowhere' }, expect: 422, note: 'no such stage' });
  await call('POST', '/promotions', { as: w.dan, body: { ...toStaging, extra: 1 }, expect: 422, note: 'unknown member' });
  await call('POST', '/promotions', { as: w.dan, headers: { 'Idempotency-Key': 'k'.repeat(201) }, body: toStaging, expect: 400 });

  const request = { ...toStaging, message: 'Invoices for the staging ledger.' };
  const first = await must('POST', '/approval-requests', { as: w.dan, headers: { 'Idempotency-Key': 'contract-1' }, body: request, expect: 201 });
  w.request = first.body.id;
  const replay = await call('POST', '/approval-requests', { as: w.dan, headers: { 'Idempotency-Key': 'contract-1' }, body: request, expect: 201, note: 'replayed' });
  if (replay.headers.get('idempotent-replayed') !== 'true') {
    mismatch('createApprovalRequest', 201, '', 'a replay has no "Idempotent-Replayed: true"');
  }
  await call('POST', '/approval-requests', { as: w.dan, body: request, expect: 409, note: 'one open request per workflow and stage' });
  // the requester's stages view shows it on the next stage (open_request)
  const withRequest = await must('GET', `/workflows/${w.wf}/stages`, { as: w.dan, expect: 200 });
  const next = (withRequest.body?.items ?? []).flatMap((item) => item.stages ?? []).find((s) => s.state === 'next');
  if (next?.open_request?.id !== w.request || next?.open_request?.state !== 'pending') {
    mismatch('getWorkflowStages', 200, '/items/0/stages', "the next stage does not show the caller's pending open_request");
  }
  await call('POST', '/approval-requests', { as: w.vic, body: request, expect: 403, note: 'source_permission' });
  await call('POST', '/approval-requests', { as: w.otto, body: request, expect: 404 });
  await call('POST', '/approval-requests', { as: w.dan, body: { ...request, target_stage: 'prod' }, expect: 422, note: 'not the next stage' });
  await call('POST', '/approval-requests', { as: w.dan, body: { ...request, message: 3 }, expect: 400 });

  await call('GET', '/approval-requests', { as: w.rita, expect: 200 });
  await call('GET', `/approval-requests${q({ reviewable: 'true', state: 'pending' })}`, { as: w.rita, expect: 200 });
  await call('GET', `/approval-requests${q({ mine: 'true', org_id: w.dev })}`, { as: w.dan, expect: 200 });
  await call('GET', `/approval-requests${q({ state: 'bogus' })}`, { as: w.rita, expect: 400 });
  await call('GET', `/approval-requests${q({ org_id: w.dev })}`, { as: w.otto, expect: 404, note: 'org_id of an org she is not in' });
  await call('GET', '/approval-requests', { expect: 401 });
  const seen = await call('GET', `/approval-requests/${w.request}`, { as: w.rita, expect: 200 });
  await call('GET', `/approval-requests/${w.request}`, { as: w.rita, headers: { 'If-None-Match': seen.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', `/approval-requests/${w.request}`, { as: w.vic, expect: 404, note: 'neither requester nor reviewer' });
  await call('GET', `/approval-requests/${w.request}`, { as: w.otto, expect: 404 });
  // the reviewer's desk (issue 9): the request's preview
  await call('GET', `/approval-requests/${w.request}/preview`, { as: w.rita, expect: 200 });
  await call('GET', `/approval-requests/${w.request}/preview`, { as: w.vic, expect: 404, note: 'neither requester nor reviewer' });
  await call('GET', `/approval-requests/${w.request}/preview`, { expect: 401 });

  const reviewed = await pollEvents(w.rita, cursors.rita, 'approval_requested for the reviewer');
  if (!reviewed.body?.items?.some((e) => e.kind === 'approval_requested')) {
    mismatch('pollEvents', reviewed.status, '/items', 'the reviewer got no approval_requested event');
  }

  const decisions = `/approval-requests/${w.request}/decisions`;
  await call('POST', decisions, { as: w.dan, body: { decision: 'approve' }, expect: 403, note: 'self_approval' });
  await call('POST', decisions, { as: w.vic, body: { decision: 'approve' }, expect: 404 });
  await call('POST', decisions, { as: w.rita, body: { decision: 'maybe' }, expect: 422 });
  await call('POST', decisions, { as: w.rita, body: { decision: 'approve', comment: 5 }, expect: 400 });
  await call('POST', decisions, { as: w.rita, body: { decision: 'approve', comment: 'Looks right.' }, expect: 201 });
  await call('POST', decisions, { as: w.rita, body: { decision: 'approve' }, expect: 409, note: 'no longer pending' });

  const decided = await pollEvents(w.dan, cursors.dan, 'approval_decided for the requester');
  if (!decided.body?.items?.some((e) => e.kind === 'approval_decided')) {
    mismatch('pollEvents', decided.status, '/items', 'the requester got no approval_decided event');
  }
  const danCursor = decided.body?.next_cursor ?? cursors.dan;

  // the requester completes the promotion
  const promoted = await must('POST', '/promotions', {
    as: w.dan, headers: { 'Idempotency-Key': 'contract-promote-1' }, body: { ...toStaging, approval_request_id: w.request }, expect: 201,
  });
  const again = await call('POST', '/promotions', {
    as: w.dan, headers: { 'Idempotency-Key': 'contract-promote-1' }, body: { ...toStaging, approval_request_id: w.request }, expect: 201, note: 'replayed',
  });
  if (again.headers.get('idempotent-replayed') !== 'true') {
    mismatch('createPromotion', 201, '', 'a replay has no "Idempotent-Replayed: true"');
  }
  await call('POST', '/promotions', { as: w.dan, body: toStaging, expect: 403,
                                     note: 'already_promoted, but approval_required (403) wins' });
  const completed = await pollEvents(w.dan, danCursor, 'promotion_completed for the actor');
  if (!completed.body?.items?.some((e) => e.kind === 'promotion_completed')) {
    mismatch('pollEvents', completed.status, '/items', 'the actor got no promotion_completed event');
  }
  w.stagingCopy = promoted.body.target_workflow_id;

  // on to Production (approvals off there): the admin promotes directly
  const latestOf = async (id) => (await must('GET', `/workflows/${id}`, { as: w.ada, expect: 200 })).body.latest_release.id;
  const toProd = async (note) => must('POST', '/promotions', {
    as: w.ada, body: { release_id: await latestOf(w.stagingCopy), path_id: w.path, target_stage: 'prod' }, expect: 201, note,
  });
  const firstToProd = await toProd('first promotion to prod');
  w.prodCopy = firstToProd.body.target_workflow_id;
  await call('POST', '/promotions', {
    as: w.ada, body: { release_id: firstToProd.body.release.id, path_id: w.path, target_stage: 'prod' }, expect: 409, note: 'already_promoted',
  });

  // a second release travels the same way, through a second approval
  const second = await must('POST', '/approval-requests', {
    as: w.dan, body: { release_id: w.rel2, path_id: w.path, target_stage: 'staging' }, expect: 201,
  });
  await must('POST', `/approval-requests/${second.body.id}/decisions`, { as: w.rita, body: { decision: 'approve' }, expect: 201 });
  await must('POST', '/promotions', { as: w.dan, body: { release_id: w.rel2, path_id: w.path, target_stage: 'staging' }, expect: 201 });
  await toProd('second promotion to prod');

  // rollback in Production
  const prodReleases = (await must('GET', `/workflows/${w.prodCopy}/releases`, { as: w.ada, expect: 200 })).body.items;
  const oldest = prodReleases[prodReleases.length - 1].id;
  const rollback = `/workflows/${w.prodCopy}/rollback`;
  await call('POST', rollback, { as: w.ada, body: { release_id: prodReleases[0].id, reason: 'Latest' }, expect: 422, note: 'the latest release' });
  await call('POST', rollback, { as: w.ada, body: { release_id: oldest }, expect: 422, note: 'no reason' });
  await call('POST', rollback, { as: w.ada, body: { release_id: oldest, reason: 9 }, expect: 400 });
  await call('POST', rollback, { as: w.rita, body: { release_id: oldest, reason: 'Reviewer' }, expect: 403 });
  await call('POST', rollback, { as: w.otto, body: { release_id: oldest, reason: 'Outsider' }, expect: 404 });

  // blocking a release: admins of its workflow's org only (issue 10)
  const block = `/releases/${prodReleases[0].id}/block`;
  const unblock = `/releases/${prodReleases[0].id}/unblock`;
  await call('POST', block, { as: w.ada, body: { reason: '  ' }, expect: 422, note: 'blank reason' });
  await call('POST', block, { as: w.ada, body: { reason: 9 }, expect: 400 });
  await call('POST', block, { as: w.rita, body: { reason: 'Reviewer' }, expect: 403 });
  await call('POST', block, { as: w.otto, body: { reason: 'Outsider' }, expect: 404 });
  await must('POST', block, { as: w.ada, body: { reason: 'Broken invoices' }, expect: 200 });
  await call('POST', unblock, { as: w.rita, expect: 403 });
  await call('POST', unblock, { as: w.otto, expect: 404 });
  await must('POST', unblock, { as: w.ada, expect: 200 });

  // the emergency stop: every org ada administers, then lifted (issue 10)
  await call('POST', '/emergency-stop', { as: w.ada, body: { reason: ' ' }, expect: 422, note: 'blank reason' });
  await call('POST', '/emergency-stop', { as: w.ada, body: { reason: 9 }, expect: 400 });
  await call('POST', '/emergency-stop', { as: w.rita, body: { reason: 'Reviewer' }, expect: 403 });
  await must('POST', '/emergency-stop', { as: w.ada, body: { reason: 'Incident 42' }, expect: 200 });
  await call('POST', '/emergency-stop/lift', { as: w.rita, expect: 403 });
  await must('POST', '/emergency-stop/lift', { as: w.ada, expect: 200 });

  // a freeze refuses rollbacks and promotions into Production
  let etag = await etagOf(`/orgs/${w.prod}`, w.ada);
  await must('PATCH', `/orgs/${w.prod}`, {
    as: w.ada, headers: { 'If-Match': etag }, expect: 200,
    body: { approval_policy: { freeze: { active: true, from: null, until: null, reason: 'Quarter close' } } },
  });
  await call('POST', rollback, { as: w.ada, body: { release_id: oldest, reason: 'During the freeze' }, expect: 409, note: 'frozen' });
  etag = await etagOf(`/orgs/${w.prod}`, w.ada);
  await must('PATCH', `/orgs/${w.prod}`, {
    as: w.ada, headers: { 'If-Match': etag }, expect: 200, body: { approval_policy: { freeze: { active: false } } },
  });
  await call('POST', rollback, { as: w.ada, body: { release_id: oldest, reason: 'The second release broke invoices.' }, expect: 201 });
  await call('GET', `/workflows/${w.prodCopy}/stages`, { as: w.ada, expect: 200 });

  // cancel
  const rel3 = (await must('POST', `/workflows/${w.wf}/releases`, { as: w.dan, expect: 201 })).body.id;
  const third = await must('POST', '/approval-requests', {
    as: w.dan, body: { release_id: rel3, path_id: w.path, target_stage: 'staging', message: 'Third' }, expect: 201,
  });
  const cancel = `/approval-requests/${third.body.id}/cancel`;
  await call('POST', cancel, { as: w.rita, expect: 403, note: 'a reviewer' });
  await call('POST', cancel, { as: w.otto, expect: 404 });
  await call('POST', cancel, { as: w.dan, expect: 200 });
  await call('POST', cancel, { as: w.dan, expect: 409, note: 'no longer pending' });
  await call('POST', '/promotions', {
    as: w.dan, expect: 422, note: 'an approval_request_id that cannot be used (cancelled)',
    body: { release_id: rel3, path_id: w.path, target_stage: 'staging', approval_request_id: third.body.id },
  });
  const fourth = await must('POST', '/approval-requests', {
    as: w.dan, body: { release_id: rel3, path_id: w.path, target_stage: 'staging' }, expect: 201,
  });
  await must('POST', `/approval-requests/${fourth.body.id}/decisions`, { as: w.rita, body: { decision: 'reject', comment: 'Not now.' }, expect: 201 });
  await call('POST', `/approval-requests/${fourth.body.id}/cancel`, { as: w.dan, expect: 409, note: 'rejected' });

  // scheduled promotions: an approved request, carried out later
  const fifth = await must('POST', '/approval-requests', {
    as: w.dan, body: { release_id: rel3, path_id: w.path, target_stage: 'staging', message: 'Fifth' }, expect: 201,
  });
  await must('POST', `/approval-requests/${fifth.body.id}/decisions`, { as: w.rita, body: { decision: 'approve' }, expect: 201 });
  const runAt = new Date(Date.now() + 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
  const schedule = { release_id: rel3, path_id: w.path, target_stage: 'staging', approval_request_id: fifth.body.id, run_at: runAt };
  const made = await must('POST', '/schedules', { as: w.dan, headers: { 'Idempotency-Key': 'contract-schedule' }, body: schedule, expect: 202 });
  await call('POST', '/schedules', { as: w.dan, headers: { 'Idempotency-Key': 'contract-schedule' }, body: schedule, expect: 202, note: 'replayed' });
  await call('POST', '/schedules', { as: w.ada, body: schedule, expect: 422, note: 'someone else\'s approval request' });
  await call('POST', '/schedules', { as: w.otto, body: schedule, expect: 404 });
  await call('POST', '/schedules', { as: w.dan, body: { ...schedule, run_at: '2001-01-01T00:00:00Z' }, expect: 422, note: 'in the past' });
  await call('POST', '/schedules', { as: w.dan, body: { ...schedule, run_at: 5 }, expect: 400 });
  await call('POST', '/schedules', { body: schedule, expect: 401 });
  await call('GET', '/schedules', { as: w.dan, expect: 200 });
  await call('GET', `/schedules${q({ org_id: w.stg, state: 'all' })}`, { as: w.rita, expect: 200 });
  await call('GET', `/schedules${q({ state: 'later' })}`, { as: w.dan, expect: 400 });
  await call('GET', `/schedules${q({ org_id: w.dev })}`, { as: w.otto, expect: 404 });
  await call('GET', '/schedules', { expect: 401 });
  const scheduled = `/schedules/${made.body.id}`;
  const seenSchedule = await call('GET', scheduled, { as: w.dan, expect: 200 });
  await call('GET', scheduled, { as: w.dan, headers: { 'If-None-Match': seenSchedule.headers.get('etag') ?? '"x"' }, expect: 304 });
  await call('GET', scheduled, { as: w.otto, expect: 404 });
  await call('GET', scheduled, { expect: 401 });
  await call('POST', `${scheduled}/cancel`, { as: w.otto, expect: 404 });
  await call('POST', `${scheduled}/cancel`, { as: w.rita, expect: 403, note: 'a reviewer of the target org' });
  await call('POST', `${scheduled}/cancel`, { as: w.dan, expect: 200 });
  await call('POST', `${scheduled}/cancel`, { as: w.dan, expect: 409, note: 'no longer pending' });
  await call('POST', `${scheduled}/cancel`, { expect: 401 });
  await must('POST', `/approval-requests/${fifth.body.id}/cancel`, { as: w.dan, expect: 200 });

  // history
  await call('GET', `/promotions${q({ workflow_id: w.wf })}`, { as: w.vic, expect: 200 });
  await call('GET', `/promotions${q({ workflow_id: w.prodCopy, limit: 1 })}`, { as: w.ada, expect: 200 });
  await call('GET', `/promotions${q({ org_id: w.prod })}`, { as: w.ada, expect: 200 });
  await call('GET', '/promotions', { as: w.ada, expect: 400, note: 'neither workflow_id nor org_id' });
  await call('GET', `/promotions${q({ workflow_id: w.wf, org_id: w.dev })}`, { as: w.ada, expect: 400, note: 'both' });
  await call('GET', `/promotions${q({ org_id: w.dev })}`, { as: w.otto, expect: 404 });
  await call('GET', `/promotions${q({ workflow_id: w.wf })}`, { as: w.otto, expect: 404 });

  // audit
  await call('GET', `/orgs/${w.stg}/audit`, { as: w.ada, expect: 200 });
  await call('GET', `/orgs/${w.dev}/audit`, { as: w.ada, expect: 200 });
  await call('GET', `/orgs/${w.prod}/audit${q({ limit: 2 })}`, { as: w.ada, expect: 200 });
  await call('GET', `/orgs/${w.dev}/audit`, { as: w.dan, expect: 403 });
  await call('GET', `/orgs/${w.dev}/audit`, { as: w.otto, expect: 404 });
  await call('GET', `/orgs/${w.dev}/audit${q({ limit: 'many' })}`, { as: w.ada, expect: 400 });
}

// Every answer about the demo data set, read by each demo user.
async function tourDemo() {
  if (server.demoTokens.size === 0) {
    mismatch('stagecraft-server --demo', 0, '', 'printed no "demo-token EMAIL TOKEN" line (is the demo data set missing?)');
    return;
  }
  for (const [email, token] of server.demoTokens) {
    const me = await call('GET', '/me', { as: token, expect: 200, note: email });
    await call('GET', '/orgs', { as: token, expect: 200 });
    await call('GET', '/approval-requests', { as: token, expect: 200 });
    const requests = await call('GET', `/approval-requests${q({ state: 'pending' })}`, { as: token, expect: 200 });
    for (const r of requests.body?.items ?? []) {
      await call('GET', `/approval-requests/${r.id}`, { as: token, expect: 200 });
    }
    for (const m of me.body?.memberships ?? []) {
      const org = m.org_id;
      await call('GET', `/orgs/${org}`, { as: token, expect: 200 });
      await call('GET', `/orgs/${org}/members`, { as: token, expect: 200 });
      await call('GET', `/orgs/${org}/mappings`, { as: token, expect: 200 });
      await call('GET', `/orgs/${org}/promotion-paths`, { as: token, expect: 200 });
      await call('GET', `/orgs/${org}/audit`, { as: token, expect: m.role === 'admin' ? 200 : 403 });
      await call('GET', `/promotions${q({ org_id: org })}`, { as: token, expect: 200 });
      const connections = await call('GET', `/orgs/${org}/connections`, { as: token, expect: 200 });
      for (const c of connections.body?.items ?? []) {
        if (c.permission === 'manage') await call('GET', `/connections/${c.id}/sharing`, { as: token, expect: 200 });
      }
      const workflows = await call('GET', `/orgs/${org}/workflows`, { as: token, expect: 200 });
      for (const wf of workflows.body?.items ?? []) {
        await call('GET', `/workflows/${wf.id}`, { as: token, expect: 200 });
        await call('GET', `/workflows/${wf.id}/releases`, { as: token, expect: 200 });
        await call('GET', `/workflows/${wf.id}/stages`, { as: token, expect: 200 });
        await call('GET', `/workflows/${wf.id}/sharing`, { as: token, expect: 200 });
        await call('GET', `/promotions${q({ workflow_id: wf.id })}`, { as: token, expect: 200 });
        const latest = wf.latest_release?.id;
        const paths = await call('GET', `/workflows/${wf.id}/stages`, { as: token, expect: 200 });
        const next = paths.body?.items?.[0]?.stages?.find((s) => s.state === 'next');
        if (latest && next) {
          await call('POST', '/promotions/preview', {
            as: token, expect: 200, body: { release_id: latest, path_id: paths.body.items[0].path.id, target_stage: next.tag },
          });
        }
      }
    }
    await call('GET', '/events', { as: token, expect: 200 });
  }
}

async function tour() {
  const w = {};
  w.dev = addOrg('Contract Development', 'dev');
  w.stg = addOrg('Contract Staging', 'uat');
  w.prod = addOrg('Contract Production', 'prod');
  w.qa = addOrg('Contract QA', 'uat');
  w.sandbox = addOrg('Contract Sandbox', null);
  w.other = addOrg('Contract Other', 'dev');

  w.ada = addUser('ada@contract.test', w.dev, 'admin');
  for (const org of [w.stg, w.prod, w.qa, w.sandbox]) addUser(w.ada.email, org, 'admin');
  w.dan = addUser('dan@contract.test', w.dev, 'developer');
  w.rita = addUser('rita@contract.test', w.dev, 'reviewer');
  addUser(w.rita.email, w.stg, 'reviewer');
  addUser(w.rita.email, w.prod, 'reviewer');
  w.tess = addUser('tess@contract.test', w.qa, 'viewer');
  w.vic = addUser('vic@contract.test', w.dev, 'viewer');
  w.otto = addUser('otto@contract.test', w.other, 'admin');

  await tourMeta(w);
  await tourOrgs(w);
  await tourMappings(w);
  await tourPaths(w);
  await tourConnections(w);
  await tourWorkflows(w);
  await tourPromotions(w);
  await tourDelegations(w);
  await tourDemo();
}

// the reviewer's desk (issue 9): delegates for a time range
async function tourDelegations(w) {
  const path = `/orgs/${w.dev}/delegations`;
  const body = { delegate_id: w.dan.id, from: '2030-01-01T00:00:00Z', until: '2030-01-08T00:00:00Z' };
  const made = await must('POST', path, { as: w.rita, body, expect: 201 });
  await call('POST', path, { as: w.rita, body: { ...body, delegate_id: w.rita.id }, expect: 422, note: 'herself' });
  await call('POST', path, { as: w.rita, body: { ...body, until: '2029-01-01T00:00:00Z' }, expect: 422, note: 'ends before it starts' });
  await call('POST', path, { as: w.rita, body: { ...body, from: 5 }, expect: 400 });
  await call('POST', path, { as: w.otto, body, expect: 404 });
  await call('GET', path, { as: w.dan, expect: 200 });
  await call('GET', path, { as: w.otto, expect: 404 });
  await call('GET', `${path}?limit=0`, { as: w.dan, expect: 400 });
  await call('DELETE', `/delegations/${made.body.id}`, { as: w.vic, expect: 403, note: 'neither delegator nor admin' });
  await call('DELETE', `/delegations/${made.body.id}`, { as: w.otto, expect: 404 });
  await call('DELETE', `/delegations/${made.body.id}`, { as: w.rita, expect: 204 });
  await call('DELETE', `/delegations/${made.body.id}`, { as: w.rita, expect: 404, note: 'gone' });
}

// operations without an error answer to provoke (no input, no token)
const NO_ERROR_CASE = new Set(['getHealth', 'getServerInfo']);

function report() {
  console.log(`${requestCount} requests; statuses seen per operation:`);
  for (const o of operations) {
    const seen = [...coverage.get(o.id)].sort();
    console.log(`  ${o.id.padEnd(26)} ${`${o.method} ${o.template}`.padEnd(44)} ${seen.join(' ') || '-'}`);
    if (seen.length === 0) {
      mismatch(describe(o), 0, '', 'the tour never exercised this operation');
    } else if (!NO_ERROR_CASE.has(o.id) && !seen.some((s) => s >= 400)) {
      mismatch(describe(o), 0, '', 'the tour exercised no error answer of this operation');
    }
  }

  if (mismatches.length === 0) {
    console.log(`The server keeps the contract of ${path.relative(sourceRoot, specPath) || specPath}.`);
    return 0;
  }
  console.log(`\n${mismatches.length} mismatch(es) between the server and ${specPath}:`);
  for (const m of mismatches) {
    console.log(`  ${m.operation} | ${m.status || '-'} | ${m.pointer || '-'} | ${m.message}`);
  }
  if (server.log.length) {
    console.log('\nthe last lines of the server\'s log:');
    for (const line of server.log.slice(-40)) console.log(`  ${line}`);
  }
  return 1;
}

let status = 1;
try {
  await startServer();
  console.log(`stagecraft-server at ${server.url} (${server.demoTokens.size} demo tokens)`);
  await tour();
  await stopServer();
  status = report();
} catch (error) {
  console.error(`check-contract: ${error.stack || error}`);
  report();
  status = 1;
} finally {
  cleanUp();
}
process.exit(status);
