// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the contract tests share: data/openapi.yaml loaded and compiled
// (JSON Schema 2020-12 with formats, through the npm tools of tools/), the
// check of one answer against the document, and the real stagecraft-server
// started on a fresh database (--demo) on 127.0.0.1:0.
//
// check-contract.mjs (a scripted tour) and property-contract.mjs (requests
// generated from the document) use it.

import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const EXIT_SKIP = 77;

// The npm tools of tools/package.json; exits 77 (skip, for meson) without them.
export function loadTools(sourceRoot) {
  const toolsDir = path.join(sourceRoot, 'tools');
  for (const name of ['ajv', 'ajv-formats', 'yaml']) {
    if (!fs.existsSync(path.join(toolsDir, 'node_modules', name, 'package.json'))) {
      console.log(`SKIP: ${path.join(toolsDir, 'node_modules', name)} is missing; ` +
                  'install the tools with scripts/setup-deps (or: cd tools && npm ci).');
      process.exit(EXIT_SKIP);
    }
  }
  const requireTool = createRequire(path.join(toolsDir, 'package.json'));
  return {
    Ajv2020: requireTool('ajv/dist/2020.js').default,
    addFormats: requireTool('ajv-formats').default,
    YAML: requireTool('yaml'),
  };
}

const SPEC_ID = 'https://stagecraft.invalid/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function loadContract(tools, specPath) {
  const spec = tools.YAML.parse(fs.readFileSync(specPath, 'utf8'));
  const ajv = new tools.Ajv2020({ strict: false, allErrors: true });
  tools.addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: spec.components });

  const operations = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = template.split('/')
      .map((segment) => (segment.startsWith('{') ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('/');
    for (const method of METHODS) {
      if (item[method]) {
        operations.push({
          method: method.toUpperCase(),
          template,
          regex: new RegExp(`^${pattern}$`),
          variables: (template.match(/\{/g) || []).length,
          op: item[method],
          item,
          id: item[method].operationId,
        });
      }
    }
  }
  // literal segments win over templated ones
  operations.sort((a, b) => a.variables - b.variables);

  function deref(node) {
    let seen = 0;
    while (node && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
      if (++seen > 20) throw new Error(`$ref loop at ${node.$ref}`);
      node = node.$ref.slice(2).split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((at, part) => (at === undefined ? undefined : at[part]), spec);
    }
    return node;
  }

  // local "#/..." references point into the document added as SPEC_ID
  function absolutize(schema) {
    if (Array.isArray(schema)) return schema.map(absolutize);
    if (schema && typeof schema === 'object') {
      const copy = {};
      for (const [key, value] of Object.entries(schema)) {
        copy[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#')
          ? SPEC_ID + value
          : absolutize(value);
      }
      return copy;
    }
    return schema;
  }

  const validators = new Map();
  function validatorFor(schema) {
    if (!validators.has(schema)) validators.set(schema, ajv.compile(absolutize(schema)));
    return validators.get(schema);
  }

  function findOperation(method, pathname) {
    return operations.find((o) => o.method === method && o.regex.test(pathname));
  }

  function documentedResponse(op, status) {
    const responses = op.responses || {};
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    return key === undefined ? undefined : { key, response: deref(responses[key]) };
  }

  function describe(o) {
    return o ? `${o.id} (${o.method} ${o.template})` : 'none';
  }

  // Checks one answer against the document: the operation exists, the
  // status is documented, the body is JSON of the documented schema (or
  // absent when none is), documented headers are there and valid, a
  // resource's ETag is its etag member quoted. Calls report(label, status,
  // pointer, message) for each mismatch; returns the operation (or undefined).
  function checkAnswer(method, url, response, text, report) {
    const pathname = new URL(url).pathname.replace(/^\/api\/v1/, '');
    const found = findOperation(method, pathname);
    const status = response.status;
    const label = found ? describe(found) : `${method} ${pathname}`;

    if (!found) {
      report(label, status, '', 'no operation of the document matches this method and path');
      return undefined;
    }

    const documented = documentedResponse(found.op, status);
    if (!documented) {
      report(label, status, '', `status ${status} is not documented (documented: ` +
             `${Object.keys(found.op.responses || {}).join(', ')}): ${text.slice(0, 300)}`);
      return found;
    }

    // the body
    // a documented body of another type (the audit's text/csv) is taken as it is
    const answeredType = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    const otherMedia = answeredType !== 'application/json' && documented.response.content?.[answeredType];
    const media = documented.response.content?.['application/json'];
    if (otherMedia) {
      // its schema is prose (a CSV's columns): nothing to validate here
    } else if (media?.schema) {
      const type = response.headers.get('content-type') || '';
      let body;
      if (text === '') {
        report(label, status, '', 'no body, where a JSON body is documented');
      } else if (!/^application\/json\b/.test(type)) {
        report(label, status, '', `Content-Type is "${type}", not application/json`);
      } else {
        try {
          body = JSON.parse(text);
        } catch (e) {
          report(label, status, '', `the body is not JSON: ${e.message}`);
        }
      }
      if (body !== undefined) {
        const validate = validatorFor(media.schema);
        if (!validate(body)) {
          for (const error of validate.errors) {
            const extra = error.params && Object.keys(error.params).length
              ? ` ${JSON.stringify(error.params)}` : '';
            report(label, status, error.instancePath || '/',
                   `${error.message}${extra} (schema ${error.schemaPath})`);
          }
        }
        // a resource's ETag header is its etag member, quoted
        const etag = response.headers.get('etag');
        if (etag !== null && body && typeof body === 'object' && typeof body.etag === 'string' &&
            etag !== `"${body.etag}"`) {
          report(label, status, '/etag', `the ETag header ${etag} is not the etag member "${body.etag}" quoted`);
        }
      }
    } else if (text !== '') {
      report(label, status, '', `a body where none is documented: ${text.slice(0, 200)}`);
    }

    // the headers
    for (const [name, header] of Object.entries(documented.response.headers || {})) {
      const definition = deref(header);
      const value = response.headers.get(name);
      if (value === null) {
        if (definition.required) report(label, status, '', `the required header ${name} is missing`);
        continue;
      }
      if (definition.schema) {
        const validate = validatorFor(definition.schema);
        if (!validate(value)) {
          report(label, status, '', `header ${name}: "${value}" ${validate.errors.map((e) => e.message).join('; ')}`);
        }
      }
    }
    return found;
  }

  return { spec, operations, deref, validatorFor, findOperation, documentedResponse, describe, checkAnswer };
}

// --- the server ---------------------------------------------------------------

// The real server on 127.0.0.1:0 with a fresh --demo database in a
// temporary directory; start() resolves once it says "listening on".
export function createServer(serverBinary) {
  const server = {
    child: null,
    dir: null,
    database: null,
    url: null,
    api: null,
    demoTokens: new Map(),
    log: [],
    exited: null,
  };

  server.cleanUp = () => {
    if (server.child && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGTERM');
    }
    if (server.dir) {
      fs.rmSync(server.dir, { recursive: true, force: true });
      server.dir = null;
    }
  };

  server.start = () => {
    server.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-contract-'));
    server.database = path.join(server.dir, 'contract.db');
    server.child = spawn(serverBinary, ['--demo', '--database', server.database, '--listen', '127.0.0.1:0'],
                         { stdio: ['ignore', 'pipe', 'pipe'] });
    server.exited = new Promise((resolve) => {
      server.child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    readline.createInterface({ input: server.child.stderr }).on('line', (line) => {
      server.log.push(line);
      if (server.log.length > 200) server.log.shift();
    });

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not say "listening on" within 30 s')), 30000);
      server.child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      server.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the server exited early (${signal || code})`));
      });
      readline.createInterface({ input: server.child.stdout }).on('line', (line) => {
        const demo = /^demo-token (\S+) (\S+)$/.exec(line);
        const listening = /^listening on (\S+)$/.exec(line);
        if (demo) server.demoTokens.set(demo[1], demo[2]);
        if (listening && !server.url) {
          clearTimeout(timer);
          server.url = listening[1];
          server.api = `${server.url}/api/v1`;
          resolve();
        }
      });
    });
  };

  // SIGTERM; returns a sentence when the server did not stop cleanly
  server.stop = async () => {
    server.child.kill('SIGTERM');
    const deadline = new Promise((resolve) => setTimeout(() => resolve(null), 15000).unref());
    const result = await Promise.race([server.exited, deadline]);
    if (result === null) {
      server.child.kill('SIGKILL');
      return 'the server did not stop within 15 s of SIGTERM';
    }
    if (result.code !== 0) return `the server did not exit cleanly on SIGTERM (${result.signal || result.code})`;
    return null;
  };

  server.cli = (...args) =>
    execFileSync(serverBinary, [...args, '--database', server.database], { encoding: 'utf8' });

  process.on('exit', server.cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`contract test: ${signal}, stopping`);
      server.cleanUp();
      process.exit(1);
    });
  }
  return server;
}
