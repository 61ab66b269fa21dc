/**
 * 500+ malformed or hostile requests against the real server on a loopback port (so Node's own
 * HTTP parser is in the loop too): bad JSON, wrong types, NaN/Infinity, huge bodies, traversal ids
 * plain and encoded, unknown routes, wrong methods, oversized and repeated query parameters, wrong
 * content types, foreign Host headers. Every answer must be a 4xx with a JSON `{ error, detail }`
 * and nothing else, nothing may be logged as an internal error, and the server must still serve.
 */
import { request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { closeServer, listen } from '../../src/server/listen.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
let server: Server;
let port: number;
const logged: string[] = [];

beforeAll(async () => {
  fx = await makeFixture({ tree: true });
  const app = createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir, log: (m) => logged.push(m) });
  ({ server, port } = await listen(app, { host: '127.0.0.1', port: 0 }));
}, 60_000);
afterAll(async () => {
  if (server) await closeServer(server);
  fx?.cleanup();
});

interface Probe {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A string or bytes; `chunked` sends it without Content-Length. */
  body?: string | Buffer;
  chunked?: boolean;
}

interface Answer {
  status: number;
  type: string;
  text: string;
}

function send(p: Probe): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...p.headers };
    if (p.body !== undefined && !p.chunked) headers['Content-Length'] = Buffer.byteLength(p.body);
    const req = httpRequest({ host: '127.0.0.1', port, method: p.method, path: p.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    let answered = false;
    req.on('response', () => (answered = true));
    // The server may answer (413) and stop reading before a huge body is sent: only a failure without an answer counts.
    req.on('error', (err) => (answered ? undefined : reject(new Error(`${p.name}: ${err.message}`))));
    if (p.body !== undefined) req.write(p.body);
    req.end();
  });
}

const json = { 'Content-Type': 'application/json' };
const post = (name: string, path: string, body: string | Buffer, headers: Record<string, string> = json, chunked = false): Probe => ({ name, method: 'POST', path, body, headers, chunked });

function probes(): Probe[] {
  const run = fx.treeRunId;
  const plain = fx.runId;
  const out: Probe[] = [];
  const postRoutes = [`/api/runs/${run}/explain`, `/api/runs/${run}/rollout`, `/api/runs/${run}/q`];
  const getRoutes = (id: string) => [`/api/runs/${id}`, `/api/runs/${id}/tree`, `/api/runs/${id}/tree/nodes/0`, `/api/runs/${id}/rules`, `/api/runs/${id}/influence`, `/api/runs/${id}/fidelity`, `/api/runs/${id}/shap-summary?states=10`, `/api/runs/${id}/export?format=json`, `/api/runs/${id}/metrics`];

  // 1. Bodies that are not JSON (or not a JSON object/array).
  const badJson = ['{', '{"observation":', '[1,2', 'nul', '{"a":1}}', "{'observation':[0]}", '\u0000\u0001', '{"observation":[NaN,0,0,0]}', '{"observation":[Infinity,0,0,0]}', '{"observation":[0,0,0,-Infinity]}', '1', '"text"', 'true', 'null', '', ' ', '{"observation":[0x10,0,0,0]}', '{"observation":[.5,0,0,0]}', '{"observation":[01,0,0,0]}', '{"seed":1,}'];
  for (const route of postRoutes) for (const [i, b] of badJson.entries()) out.push(post(`bad json ${i} ${route}`, route, b));
  out.push(post('random bytes', postRoutes[0]!, Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 97) % 256))));

  // 2. Well-formed JSON of the wrong shape: NaN/Infinity smuggled as 1e999, strings, nesting, lengths.
  const observations = ['"abcd"', '[]', '[0,0,0]', '[0,0,0,0,0]', '[0,0,"0",0]', '[0,0,null,0]', '[0,0,true,0]', '[[0],[0],[0],[0]]', '[{"x":0},0,0,0]', '[1e999,0,0,0]', '[0,-1e999,0,0]', '[1e308,0,0,0]', '[0,0,0,-1e10]', '{"0":0,"1":0,"2":0,"3":0}', '"NaN"', '["NaN",0,0,0]', '["Infinity",0,0,0]', 'null', '0', `[${Array(5000).fill(0).join(',')}]`];
  for (const obs of observations) {
    out.push(post(`explain observation ${obs.slice(0, 20)}`, `/api/runs/${run}/explain`, `{"observation":${obs}}`));
    out.push(post(`q observation ${obs.slice(0, 20)}`, `/api/runs/${run}/q`, `{"observation":${obs}}`));
  }
  const extras = ['{}', '[]', '[{"observation":[0,0,0,0]}]', '{"observation":[0,0,0,0],"extra":1}', '{"Observation":[0,0,0,0]}', '{"__proto__":{"observation":[0,0,0,0]}}', '{"constructor":{"prototype":{"x":1}}}'];
  for (const b of extras) out.push(post(`explain body ${b}`, `/api/runs/${run}/explain`, b));
  const rollouts = ['{}', '{"seed":"1"}', '{"seed":1.5}', '{"seed":-1}', '{"seed":1e999}', '{"seed":2147483648}', '{"seed":1,"maxSteps":0}', '{"seed":1,"maxSteps":5001}', '{"seed":1,"maxSteps":"10"}', '{"seed":1,"policy":"forest"}', '{"seed":1,"policy":["tree"]}', '{"seed":1,"policy":null}', '{"seed":null}', '{"seed":[1]}', '{"seed":{"$gt":0}}', '{"seed":1,"extra":true}'];
  for (const b of rollouts) out.push(post(`rollout ${b}`, `/api/runs/${run}/rollout`, b));
  out.push(post('tree policy on a run without a tree', `/api/runs/${plain}/rollout`, '{"seed":1,"policy":"tree"}'));

  // Attribution options that would multiply the work: a long list of repeated PDP features.
  for (const features of [[0, 0], Array(5000).fill(0)]) {
    out.push(post(`pdp features x${features.length}`, `/api/runs/${run}/attributions`, JSON.stringify({ observation: [0, 0, 0, 0], methods: ['pdp'], options: { pdp: { features } } })));
  }

  // 3. Huge bodies, with and without Content-Length, and content types that are not JSON.
  const big = (n: number) => `{"observation":[${'0,'.repeat(n)}0]}`;
  for (const route of postRoutes) {
    out.push(post(`70 kB ${route}`, route, big(35_000)));
    out.push(post(`2 MB ${route}`, route, big(1_000_000)));
    out.push(post(`70 kB chunked ${route}`, route, big(35_000), json, true));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/json']) {
      out.push(post(`${type} ${route}`, route, '{"observation":[0,0,0,0]}', { 'Content-Type': type }));
    }
    out.push({ name: `no content type ${route}`, method: 'POST', path: route, body: '{"seed":1}' });
    out.push(post(`gzip garbage ${route}`, route, 'not gzip at all', { ...json, 'Content-Encoding': 'gzip' }));
    out.push(post(`unknown encoding ${route}`, route, '{"seed":1}', { ...json, 'Content-Encoding': 'br2' }));
  }

  // 4. Run ids that try to leave the runs folder, plain and encoded, on every run route.
  const ids = ['..', '.', '%2e%2e', '%2E%2E%2F%2E%2E', '..%2f..%2fetc%2fpasswd', '..%5c..%5cwindows', '%252e%252e', '.hidden', '.%2e', 'a%00b', '%00', '%C3%BC', 'x'.repeat(201), '%2Fetc%2Fpasswd', 'runs%2F..%2F..', '~%2F..', encodeURIComponent(`../${run}`), encodeURIComponent(`${run}/..`), 'no-such-run', 'pretrained~nope', '%', '%zz', '%E0%A4%A'];
  for (const id of ids) {
    for (const route of getRoutes(id)) out.push({ name: `id ${id} GET ${route}`, method: 'GET', path: route });
    out.push(post(`id ${id} explain`, `/api/runs/${id}/explain`, '{"observation":[0,0,0,0]}'));
    out.push(post(`id ${id} rollout`, `/api/runs/${id}/rollout`, '{"seed":1}'));
  }
  for (const path of [`/api/runs/${run}/../../../../etc/passwd`, `/api/runs/${run}/%2e%2e/%2e%2e/config.json`, '/api/runs/../runs', `/api/runs/${run}/tree/nodes/..%2f..`, `/api/runs/${run}/tree.json`, `/api/runs/${run}/config.json`]) {
    out.push({ name: `path ${path}`, method: 'GET', path });
  }

  // 5. Unknown routes and wrong methods.
  for (const path of ['/api/nope', '/api', '/api/', '/api/runs/x/y/z', '/api/runs//tree', `/api/runs/${run}/trees`, `/api/runs/${run}/explain/extra`, '/api/envs/CartPole-v1', '/.env', '/node_modules/express/package.json', '/src/server/app.ts', '/etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/vendor/../package.json', '/app.js/x']) {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) out.push({ name: `${method} ${path}`, method, path, headers: json, body: method === 'GET' || method === 'DELETE' ? undefined : '{}' });
  }
  for (const path of [`/api/runs/${run}/explain`, `/api/runs/${run}/rollout`, `/api/runs/${run}/q`]) for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) out.push({ name: `${method} ${path}`, method, path });
  for (const path of getRoutes(run)) for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) out.push({ name: `${method} ${path}`, method, path, headers: json, body: '{}' });

  // 6. Query strings: oversized, repeated, unknown, wrong types, out of range.
  const queries = [
    `tree?maxDepth=${'9'.repeat(5000)}`, `tree?root=${'a'.repeat(8000)}`, 'tree?maxDepth=-1', 'tree?maxDepth=1.5', 'tree?maxDepth=65', 'tree?maxDepth=1&maxDepth=2', 'tree?root=0x1', 'tree?depth=3', `tree?${'x=1&'.repeat(2000)}`,
    `rules?limit=${'1'.repeat(3000)}`, 'rules?limit=0', 'rules?limit=501', 'rules?offset=-5', 'rules?sortBy=__proto__', 'rules?action=7', 'rules?action=left', 'rules?order=sideways', 'rules?sortAction=9',
    'influence?episodes=101', 'influence?episodes=0', 'influence?seed=-1', `influence?seed=${'9'.repeat(40)}`,
    'shap-summary?states=0', 'shap-summary?states=1e9', 'shap-summary?states=10&states=20', 'shap-summary?method=exact',
    'export', 'export?format=pdf', 'export?format=json&format=dot', 'export?format=dot&maxDepth=65', 'export?format=code&language=rb', `export?format=${'x'.repeat(12_000)}`,
    'metrics?since=-1', 'metrics?limit=0', 'metrics?type=Episode;drop', 'fidelity?x=1', 'tree/nodes/0?x=1',
  ];
  for (const q of queries) out.push({ name: `query ${q.slice(0, 40)}`, method: 'GET', path: `/api/runs/${run}/${q}` });
  out.push({ name: 'URL over 16 kB', method: 'GET', path: `/api/runs/${run}/tree?maxDepth=${'1'.repeat(20_000)}` });
  out.push({ name: 'header over 16 kB', method: 'GET', path: '/api/runs', headers: { 'X-Filler': 'y'.repeat(20_000) } });

  // 7. Requests for another host (DNS rebinding) on the API and the fast path.
  for (const host of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '[::2]']) {
    out.push({ name: `host ${host} runs`, method: 'GET', path: '/api/runs', headers: { Host: host } });
    out.push(post(`host ${host} explain`, `/api/runs/${run}/explain`, '{"observation":[0,0,0,0]}', { ...json, Host: host }));
  }
  return out;
}

describe('hostile and malformed requests', () => {
  it('get a 4xx JSON { error, detail } every time, and the server keeps serving', { timeout: 60_000 }, async () => {
    const all = probes();
    expect(all.length).toBeGreaterThanOrEqual(500);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    // A few at a time, as clients would send them.
    for (let i = 0; i < all.length; i += 8) {
      const answers = await Promise.all(all.slice(i, i + 8).map(async (p) => [p, await send(p)] as const));
      for (const [p, a] of answers) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        let body: unknown = null;
        try {
          body = JSON.parse(a.text);
        } catch {
          // reported below
        }
        const keys = body && typeof body === 'object' ? Object.keys(body).sort().join(',') : '';
        const ok =
          a.status >= 400 && a.status < 500 && /^application\/json/.test(a.type) && keys === 'detail,error' &&
          typeof (body as { detail: unknown }).detail === 'string' && !/\bat .+\.(ts|js):\d+/.test(a.text);
        if (!ok) failures.push(`${p.name}: ${a.status} ${a.type} ${a.text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 403, 404, 405, 413, 415, 431]));
    expect(logged).toEqual([]);
    // Still serving: the list, the tree and the latency-critical route.
    expect((await send({ name: 'runs', method: 'GET', path: '/api/runs' })).status).toBe(200);
    expect((await send({ name: 'tree', method: 'GET', path: `/api/runs/${fx.treeRunId}/tree` })).status).toBe(200);
    const ok = await send(post('explain', `/api/runs/${fx.treeRunId}/explain`, '{"observation":[0.01,0.02,0.03,0.04]}'));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).qTree).toHaveLength(2);
  });
});

describe('the explain fast path with a token', () => {
  it('answers only with the token, and leaves the rest to the token check', async () => {
    const app = createApp({ runsDirs: [fx.runsDir], agentsDir: null, token: 's3cret' });
    const { server: s, port: p } = await listen(app, { host: '127.0.0.1', port: 0 });
    try {
      const url = `http://127.0.0.1:${p}/api/runs/${fx.treeRunId}/explain`;
      const body = '{"observation":[0,0,0,0]}';
      const go = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { ...json, ...headers }, body });
      expect((await go({})).status).toBe(401);
      expect((await go({ Authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await go({ Authorization: 'Bearer s3cret' })).status).toBe(200);
      expect((await go({ Cookie: 'qlens_token=s3cret' })).status).toBe(200);
      // A cookie that is not valid percent-encoding is no token (decoding it threw and ended the process).
      expect((await go({ Cookie: 'qlens_token=%' })).status).toBe(401);
      expect((await go({ Cookie: 'qlens_token=%; qlens_token=s3cret' })).status).toBe(200); // a stale undecodable cookie does not hide the good one
      expect((await fetch(`http://127.0.0.1:${p}/api/runs`, { headers: { Cookie: 'qlens_token=%E0%A4%A' } })).status).toBe(401);
      expect((await go({ Host: 'evil.example', Authorization: 'Bearer s3cret' })).status).toBe(200); // a token opens the server to other hosts
      expect((await fetch(`${url}?token=s3cret`, { method: 'POST', headers: json, body })).status).toBe(200);
    } finally {
      await closeServer(s);
    }
  });
});
