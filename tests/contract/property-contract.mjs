#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The property-based contract test: requests generated from
// data/openapi.yaml against the real stagecraft-server (--demo, on
// 127.0.0.1:0), as an admin, a developer, a reviewer, a viewer and without
// a token. Seeded and bounded (a number of requests and a time budget).
//
// For each operation the generator picks a caller, path parameters from the
// ids it has seen (now and then an unknown one), query values from the
// parameters' schemas (valid or not), an If-Match from the etag it last saw
// (now and then a stale or missing one), and a body generated from the
// request schema: mostly valid, else mutated (a required member dropped, an
// unknown one added, a wrong type, a value out of range, not an object, not
// JSON). The document's `links` make sequences: an answer that has links
// queues the linked operations with the ids it names (create → read →
// update → delete), which the generator prefers to a fresh pick.
//
// Every answer must hold these properties:
//   - never a 5xx;
//   - its status documented for the operation; its body JSON of the
//     documented schema (none where none is); documented headers present and
//     valid (contract-lib.mjs, as for check-contract.mjs);
//   - nothing accepted (2xx) that the document forbids: a body that does not
//     validate against the request schema, or a query value outside its
//     parameter's schema, never gets a 2xx;
//   - without a token, nothing but the public operations (security: [])
//     gets a 2xx.
//
// usage: node property-contract.mjs [SERVER_BINARY [OPENAPI_YAML]]
//   SC_CONTRACT_SEED      the seed (default 6)
//   SC_CONTRACT_REQUESTS  how many requests (default 3000)
//   SC_CONTRACT_SECONDS   the time budget (default 50)
//   SC_CONTRACT_VERBOSE   set: print every request and the start of its answer
//   SC_CONTRACT_KNOWN     1: also send the inputs of defects fixed elsewhere (below)
// Exits 1 on any failure (each printed with the request that caused it),
// 77 (skip, for meson) when the npm tools are not installed.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createServer, loadContract, loadTools } from './contract-lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceRoot = process.env.SC_SOURCE_ROOT || path.resolve(here, '..', '..');
const serverBinary = process.argv[2] || process.env.SC_SERVER_BINARY;
const specPath = process.argv[3] || path.join(sourceRoot, 'data', 'openapi.yaml');
const seed = Number(process.env.SC_CONTRACT_SEED ?? 6);
const budget = Number(process.env.SC_CONTRACT_REQUESTS ?? 3000);
const seconds = Number(process.env.SC_CONTRACT_SECONDS ?? 50);

const tools = loadTools(sourceRoot);
if (!serverBinary) {
  console.error('usage: property-contract.mjs SERVER_BINARY [OPENAPI_YAML] (or set SC_SERVER_BINARY)');
  process.exit(2);
}
const contract = loadContract(tools, specPath);
const { operations, deref, validatorFor, describe, checkAnswer } = contract;
const byId = new Map(operations.map((o) => [o.id, o]));

// --- randomness (mulberry32: small, seeded, the same on every machine) -------------

let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p) => random() < p;
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (array) => array[Math.floor(random() * array.length)];

// --- what the generator knows: ids by kind, etags by id ---------------------------

const KINDS = { org: 'org', wf: 'workflow', rel: 'release', pth: 'path', map: 'mapping',
                con: 'connection', apr: 'approval', usr: 'user', prm: 'promotion' };
const pool = Object.fromEntries(Object.values(KINDS).map((k) => [k, new Set()]));
const etags = new Map();

function harvest(node) {
  if (Array.isArray(node)) {
    node.forEach(harvest);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && (key === 'id' || key.endsWith('_id'))) {
        const kind = KINDS[value.split('_')[0]];
        if (kind) pool[kind].add(value);
      } else {
        harvest(value);
      }
    }
    if (typeof node.id === 'string' && typeof node.etag === 'string') etags.set(node.id, node.etag);
  }
}

function unknownId(kind) {
  const prefix = Object.entries(KINDS).find(([, k]) => k === kind)?.[0] ?? 'x';
  return pick([`${prefix}_aaaaaaaaaaaaaaaaaaaa`, `${prefix}_${'z'.repeat(int(1, 30))}`, 'nothing', '0',
               ...(known ? ['2%', 'x%25', 'a/b', 'x'.repeat(300)] : [])]);
}

function idOf(kind) {
  const known = [...pool[kind]];
  if (known.length === 0 || chance(0.08)) return unknownId(kind);
  return pick(known);
}

// the kind of id a path parameter or a body member names
function kindFor(template, name) {
  if (name === 'org' || /(^|_)org_id$/.test(name)) return 'org';
  if (name === 'id') {
    const first = template.split('/')[1];
    return { mappings: 'mapping', 'promotion-paths': 'path', workflows: 'workflow',
             connections: 'connection', 'approval-requests': 'approval' }[first];
  }
  const base = name.replace(/_ids?$/, '');
  return { workflow: 'workflow', release: 'release', path: 'path', connection: 'connection',
           approval_request: 'approval', user: 'user', assignee: 'user' }[base];
}

// --- values from schemas -------------------------------------------------------------

// With SC_CONTRACT_KNOWN=1 the generator also sends what issue 6 found and
// other branches are fixing: control characters in names (the server wrote
// U+001F raw, which is not JSON) and ids that are not ids ("2%", "x%25":
// the router decoded them twice). Off by default until those fixes are in.
const known = process.env.SC_CONTRACT_KNOWN === '1';
const WORDS = ['dev', 'stage', 'prod', 'qa-1', 'Acme', 'release train', 'Nightly sync', 'x', 'ünïcode ✓', '',
               ...(known ? ['x\u001fy', '\u0001', 'tab\there', 'nul?\u0000'] : [])];

function resolve(schema) {
  schema = deref(schema) ?? {};
  if (schema.allOf) {
    return schema.allOf.map(resolve).reduce((all, part) => ({
      ...all, ...part,
      properties: { ...(all.properties || {}), ...(part.properties || {}) },
      required: [...(all.required || []), ...(part.required || [])],
    }), {});
  }
  return schema;
}

function typesOf(schema) {
  if (schema.const !== undefined) return ['const'];
  if (schema.enum) return ['enum'];
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return ['string'];
}

function genString(schema, name, template) {
  const kind = name ? kindFor(template, name) : undefined;
  if (kind) return idOf(kind);
  if (schema.format === 'date-time') {
    const d = new Date(Date.UTC(int(2027, 2031), int(0, 11), int(1, 28), int(0, 23)));
    return d.toISOString().replace('.000', '');
  }
  if (schema.format === 'email') return pick(['dev@acme.test', 'admin@acme.test', 'nobody@example.test']);
  if (schema.format === 'uri') return 'https://example.test/hook';
  if (schema.pattern) {
    const re = new RegExp(schema.pattern);
    const candidates = ['dev', 'stage', 'prod', 'qa-1', 'uat', 'x', '/hooks/sync', '/x', 'POST', 'get', 'Delete'];
    const fitting = candidates.filter((c) => re.test(c));
    if (fitting.length) return pick(fitting);
  }
  let text = pick(WORDS);
  if (name === 'url' || name === 'trigger_url') text = pick(['/hooks/sync', '/x', 'no-slash']);
  if (schema.minLength && text.length < schema.minLength) text = text.padEnd(schema.minLength, 'a');
  if (schema.maxLength && text.length > schema.maxLength) text = text.slice(0, schema.maxLength);
  return text;
}

function gen(schemaIn, name, template, depth = 0) {
  const schema = resolve(schemaIn);
  const choice = schema.oneOf || schema.anyOf;
  if (choice) return gen(pick(choice), name, template, depth);
  const type = pick(typesOf(schema));
  switch (type) {
    case 'const': return schema.const;
    case 'enum': return pick(schema.enum);
    case 'null': return null;
    case 'boolean': return chance(0.5);
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 0;
      const hi = Math.min(schema.maximum ?? lo + 10, lo + 50);
      return int(lo, hi);
    }
    case 'array': {
      if (depth > 4) return [];
      const n = int(schema.minItems ?? 0, Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)));
      const items = [];
      for (let i = 0; i < n; i++) items.push(gen(schema.items ?? {}, name, template, depth + 1));
      return schema.uniqueItems ? [...new Map(items.map((v) => [JSON.stringify(v), v])).values()] : items;
    }
    case 'object': {
      const object = {};
      if (depth > 4) return object;
      const required = new Set(schema.required || []);
      for (const [key, sub] of Object.entries(schema.properties || {})) {
        if (required.has(key) || chance(0.5)) object[key] = gen(sub, key, template, depth + 1);
      }
      return object;
    }
    default:
      return genString(schema, name, template);
  }
}

// A body the schema forbids (most of the time: the check below decides).
function mutate(body, schemaIn, template) {
  const schema = resolve(schemaIn);
  const object = body && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
  const keys = Object.keys(schema.properties || {});
  switch (int(0, 7)) {
    case 0: return { raw: pick(['{"name": ', '[', '', 'null', '"text"', '{"a":1}{"b":2}', '{"a":1,}']) };
    case 1: return { json: pick([[], 'a string', 42, null, [object]]) };
    case 2: object[`unknown_${int(0, 9)}`] = 'x'; return { json: object };
    case 3:
      if (schema.required?.length) delete object[pick(schema.required)];
      return { json: object };
    case 4:
      if (keys.length) object[pick(keys)] = pick([17, 'text', true, null, [], {}, [1, 'a'], -1]);
      return { json: object };
    case 5: { // a value out of range, too long, not in the enum
      if (!keys.length) return { json: object };
      const key = pick(keys);
      const sub = resolve(schema.properties[key]);
      if (sub.maximum !== undefined) object[key] = sub.maximum + int(1, 1000);
      else if (sub.minimum !== undefined) object[key] = sub.minimum - int(1, 10);
      else if (sub.maxLength !== undefined) object[key] = 'w'.repeat(sub.maxLength + int(1, 20));
      else if (sub.enum) object[key] = 'not-in-the-enum';
      else if (sub.type === 'array') object[key] = [pick([5, null, {}, 'dup']), 'dup', 'dup'];
      else object[key] = gen(sub, key, template);
      return { json: object };
    }
    case 6: { // inside a nested object or array
      const key = keys.find((k) => ['object', 'array'].includes(resolve(schema.properties[k]).type));
      if (key === undefined) return { json: object };
      object[key] = pick([{ bogus: true }, [{ bogus: true }], [null], 'x']);
      return { json: object };
    }
    default: return { json: gen(schema, undefined, template) }; // maybe valid after all
  }
}

// --- callers ---------------------------------------------------------------------

const server = createServer(serverBinary);
const callers = [];

// --- one request -------------------------------------------------------------------

const failures = new Map(); // key → {count, example}
const statusCount = new Map(); // op id → Map(status → n)
let requestCount = 0;
let generatedBodies = 0;
let invalidBodies = 0;
let followed = 0;

function fail(label, status, message, request) {
  const key = `${label} | ${status} | ${message.slice(0, 160)}`;
  const entry = failures.get(key);
  if (entry) entry.count++;
  else failures.set(key, { count: 1, example: request });
}

function isPublic(o) {
  return Array.isArray(o.op.security) && o.op.security.length === 0;
}

function parametersOf(o) {
  return [...(o.item.parameters || []), ...(o.op.parameters || [])].map(deref);
}

// a query value, and whether it fits the parameter's schema
function queryValue(parameter, template) {
  const schema = resolve(parameter.schema ?? {});
  let value;
  if (parameter.name === 'timeout') value = chance(0.8) ? 0 : pick([31, -1, 'soon', 1]);
  else if (parameter.name === 'since') value = chance(0.3) ? pick(['MA', 'MQ', 'zzz', '!']) : undefined;
  else if (parameter.name === 'cursor') value = pick(['MQ', 'MTAw', '!!', 'AAAA', '']);
  else if (chance(0.15)) value = pick(['', 'x', '-1', '0', '501', 'true', 'maybe', 'w'.repeat(201)]);
  else value = gen(schema, parameter.name, template);
  if (value === undefined || value === null) return undefined;
  return String(value);
}

function queryFits(parameter, text) {
  const schema = resolve(parameter.schema ?? {});
  let value = text;
  const type = typesOf(schema)[0];
  if (type === 'integer' || type === 'number') {
    if (!/^-?\d+$/.test(text)) return false;
    value = Number(text);
  } else if (type === 'boolean') {
    if (text !== 'true' && text !== 'false') return false;
    value = text === 'true';
  }
  return validatorFor(parameter.schema ?? {})(value);
}

async function send(o, caller, pathParams, extra = {}) {
  const template = o.template;
  pathParams = { ...pathParams };
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    pathParams[name] ??= idOf(kindFor(template, name) ?? 'org');
  }
  const url = new URL(server.api + template.replace(/\{(\w+)\}/g, (m, name) =>
    encodeURIComponent(pathParams[name])));
  const headers = {};
  let queryInvalid = false;

  for (const parameter of parametersOf(o)) {
    // a long poll always gets a timeout: 30 s is the default
    if (parameter.in === 'query' && (parameter.required || parameter.name === 'timeout' || chance(0.4))) {
      const value = queryValue(parameter, template);
      if (value === undefined) continue;
      url.searchParams.set(parameter.name, value);
      if (!queryFits(parameter, value)) queryInvalid = true;
    } else if (parameter.in === 'header' && parameter.name === 'If-Match') {
      const id = Object.values(pathParams).find((v) => etags.has(v));
      const etag = id !== undefined ? etags.get(id) : undefined;
      if (etag !== undefined && chance(0.85)) headers['If-Match'] = chance(0.5) ? `"${etag}"` : etag;
      else if (chance(0.5)) headers['If-Match'] = '"stale"';
    } else if (parameter.in === 'header' && parameter.name === 'Idempotency-Key' && chance(0.5)) {
      headers['Idempotency-Key'] = chance(0.9) ? `key-${int(0, 20)}` : pick(['', 'k'.repeat(201)]);
    }
  }

  let payload;
  let bodyInvalid = false;
  const requestBody = deref(o.op.requestBody);
  if (requestBody && (requestBody.required || chance(0.5))) {
    const form = requestBody.content['application/x-www-form-urlencoded'];
    const json = requestBody.content['application/json'];
    const useForm = form && chance(0.5);
    const schema = (useForm ? form : json).schema;
    let sent = extra.body ?? (chance(0.7) ? { json: gen(schema, undefined, template) } : mutate(gen(schema, undefined, template), schema, template));
    if (o.id === 'createAccessToken' && chance(0.5) && callers.apiKey) {
      sent = { json: { grant_type: 'client_credentials', ...callers.apiKey, ...(chance(0.3) ? { scope: `org:${idOf('org')}` } : {}) } };
    }
    generatedBodies++;
    if (sent.raw !== undefined) {
      payload = sent.raw;
      headers['Content-Type'] = 'application/json';
      bodyInvalid = true;
    } else if (useForm && sent.json && typeof sent.json === 'object' && !Array.isArray(sent.json)) {
      payload = new URLSearchParams(Object.entries(sent.json).map(([k, v]) => [k, String(v)])).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      bodyInvalid = !validatorFor(schema)(Object.fromEntries(new URLSearchParams(payload)));
    } else {
      payload = JSON.stringify(sent.json);
      headers['Content-Type'] = 'application/json';
      bodyInvalid = !validatorFor(schema)(sent.json);
    }
    if (bodyInvalid) invalidBodies++;
  }
  if (caller.token) headers.Authorization = `Bearer ${caller.token}`;

  const request = `${caller.name}: ${o.method} ${url.pathname}${url.search}` +
                  `${headers['If-Match'] ? ` If-Match: ${headers['If-Match']}` : ''}` +
                  `${payload !== undefined ? ` ${payload.slice(0, 300)}` : ''}`;
  let response;
  let text;
  requestCount++;
  try {
    response = await fetch(url, { method: o.method, headers, body: payload, redirect: 'manual',
                                  signal: AbortSignal.timeout(30000) });
    text = await response.text();
  } catch (error) {
    fail(describe(o), 0, `the request failed: ${error.cause?.message || error.message}`, request);
    return null;
  }
  const status = response.status;
  if (process.env.SC_CONTRACT_VERBOSE) console.log(`${status} ${request}\n    → ${text.slice(0, 300)}`);
  const seen = statusCount.get(o.id) ?? new Map();
  seen.set(status, (seen.get(status) ?? 0) + 1);
  statusCount.set(o.id, seen);

  const report = (label, s, pointer, message) => fail(label, s, `${pointer ? `${pointer}: ` : ''}${message}`, request);
  if (status >= 500) report(describe(o), status, '', `a server error: ${text.slice(0, 200)}`);
  checkAnswer(o.method, url.href, response, text, report);
  const success = status >= 200 && status < 300;
  if (success && !caller.token && !isPublic(o)) {
    report(describe(o), status, '', 'answered without a token');
  }
  if (success && bodyInvalid) {
    report(describe(o), status, '', 'accepted a body the request schema forbids');
  }
  if (success && queryInvalid) {
    report(describe(o), status, '', 'accepted a query value its parameter\'s schema forbids');
  }

  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (success && body !== undefined) harvest(body);
  if (success && o.method === 'DELETE') {
    for (const value of Object.values(pathParams)) {
      for (const set of Object.values(pool)) set.delete(value);
    }
  }
  return { status, body, headers: response.headers, pathParams };
}

// --- links: what an answer lets the generator do next ------------------------------

const queue = [];

function evaluate(expression, answer) {
  if (typeof expression !== 'string') return expression;
  let m = /^\$response\.body#(\/.*)$/.exec(expression);
  if (m) {
    return m[1].split('/').slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at, part) => (at === undefined || at === null ? undefined : at[part]), answer.body);
  }
  m = /^\$request\.path\.(\w+)$/.exec(expression);
  if (m) return answer.pathParams[m[1]];
  return expression;
}

function followLinks(o, answer, caller) {
  const documented = contract.documentedResponse(o.op, answer.status);
  for (const link of Object.values(documented?.response.links || {})) {
    const target = byId.get(deref(link).operationId);
    if (!target) continue;
    const params = {};
    for (const [name, expression] of Object.entries(deref(link).parameters || {})) {
      const value = evaluate(expression, answer);
      if (value !== undefined && value !== null) params[name] = String(value);
    }
    queue.push({ o: target, params, caller });
  }
  // keep it small: the newest sequences first, none forever
  while (queue.length > 40) queue.shift();
}

// --- the run ------------------------------------------------------------------------------

async function setUp() {
  await server.start();
  const demo = server.demoTokens;
  const by = (email) => demo.get(email);
  // a viewer, for the fourth role
  const out = server.cli('user', 'add', 'viewer@acme.test', '--name', 'Vera Viewer',
                         '--org', 'Acme Development', '--role', 'viewer');
  const viewer = /^token (\S+)$/m.exec(out)?.[1];
  callers.push({ name: 'admin', token: by('admin@acme.test') },
               { name: 'developer', token: by('dev@acme.test') },
               { name: 'reviewer', token: by('reviewer@acme.test') },
               { name: 'viewer', token: viewer },
               { name: 'no token', token: null });
  if (callers.some((c) => c.name !== 'no token' && !c.token)) {
    throw new Error(`missing demo tokens: ${[...demo.keys()].join(', ')} (viewer: ${viewer})`);
  }
  const keys = server.cli('apikey', 'add', 'admin@acme.test');
  callers.apiKey = {
    client_id: /^client-id (\S+)$/m.exec(keys)?.[1],
    client_secret: /^client-secret (\S+)$/m.exec(keys)?.[1],
  };
  // the ids the demo holds: what the admin can list
  for (const p of ['/orgs', '/approval-requests']) {
    const r = await fetch(server.api + p, { headers: { Authorization: `Bearer ${callers[0].token}` } });
    harvest(await r.json());
  }
  for (const org of [...pool.org]) {
    for (const p of ['workflows', 'promotion-paths', 'connections', 'mappings', 'members']) {
      const r = await fetch(`${server.api}/orgs/${org}/${p}`, { headers: { Authorization: `Bearer ${callers[0].token}` } });
      harvest(await r.json());
    }
  }
}

async function run() {
  const deadline = Date.now() + seconds * 1000;
  while (requestCount < budget && Date.now() < deadline) {
    let o;
    let caller;
    let params = {};
    if (queue.length && chance(0.6)) {
      ({ o, params, caller } = queue.pop());
      // the same caller mostly; sometimes another one tries the sequence
      if (chance(0.2)) caller = pick(callers);
      followed++;
    } else {
      o = pick(operations);
      caller = pick(callers);
    }
    const answer = await send(o, caller, params);
    if (answer && answer.status >= 200 && answer.status < 300) followLinks(o, answer, caller);
  }
}

function report() {
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`seed ${seed}: ${requestCount} requests in ${elapsed} s ` +
              `(${generatedBodies} bodies, ${invalidBodies} of them invalid; ${followed} by links)`);
  for (const o of operations) {
    const seen = statusCount.get(o.id);
    const statuses = seen ? [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ') : '-';
    console.log(`  ${o.id.padEnd(26)} ${statuses}`);
  }
  if (failures.size === 0) {
    console.log(`Every answer kept the contract of ${path.relative(sourceRoot, specPath) || specPath}.`);
    return 0;
  }
  console.log(`\n${failures.size} distinct failure(s):`);
  for (const [key, { count, example }] of failures) {
    console.log(`  ${key} (×${count})\n      e.g. ${example}`);
  }
  if (server.log.length) {
    console.log('\nthe last lines of the server\'s log:');
    for (const line of server.log.slice(-20)) console.log(`  ${line}`);
  }
  return 1;
}

const started = Date.now();
let status = 1;
try {
  await setUp();
  await run();
  const problem = await server.stop();
  if (problem) fail('server', 0, problem, '(stopping)');
  status = report();
} catch (error) {
  console.error(`property-contract: ${error.stack || error}`);
  report();
  status = 1;
} finally {
  server.cleanUp();
}
process.exit(status);
