/**
 * Bad requests get a 4xx JSON error that says what to fix, never a 5xx and never a stack trace:
 * malformed JSON, wrong types, huge bodies, path-traversal ids, unknown routes and queries.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];

beforeAll(async () => {
  fx = await makeFixture();
  app = createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir, log: (m) => logged.push(m) });
});
afterAll(() => fx?.cleanup());

/** Asserts a JSON error with `status` whose detail contains `detail`; no stack traces. */
async function expectError(req: request.Test, status: number, detail: string | RegExp) {
  const res = await req.expect(status).expect('Content-Type', /json/);
  expect(Object.keys(res.body).sort()).toEqual(['detail', 'error']);
  if (typeof detail === 'string') expect(res.body.detail).toContain(detail);
  else expect(res.body.detail).toMatch(detail);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.ts:\d+/);
  return res.body as { error: string; detail: string };
}

describe('run ids', () => {
  it.each(['..', '..%2F..%2Fetc', '%2E%2E', '..%5C..%5Cwindows', '.hidden', 'a%00b', 'x'.repeat(300)])('rejects %s as not a run id', async (id) => {
    await expectError(request(app).get(`/api/runs/${id}`), 400, 'not a run id');
  });

  it('answers 404 with a hint for an unknown but well-formed id', async () => {
    const body = await expectError(request(app).get('/api/runs/no-such-run'), 404, 'GET /api/runs lists them');
    expect(body.error).toBe('not found');
    await expectError(request(app).post('/api/runs/no-such-run/rollout').send({ seed: 1 }), 404, 'no run with id');
  });

  it('does not serve files by path: ids are looked up, never joined', async () => {
    await expectError(request(app).get(`/api/runs/${fx.runId}/../../../../etc/passwd`), 404, 'no route');
    await expectError(request(app).get(`/api/runs/${encodeURIComponent(`../runs/${fx.runId}`)}`), 400, 'not a run id');
  });
});

describe('bodies', () => {
  const rollout = () => request(app).post(`/api/runs/${fx.runId}/rollout`);

  it('rejects malformed JSON with 400', async () => {
    const body = await expectError(rollout().set('Content-Type', 'application/json').send('{"seed": 1,'), 400, 'not valid JSON');
    expect(body.error).toBe('invalid request');
  });

  it('rejects wrong types and names the field', async () => {
    await expectError(rollout().send({ seed: '1' }), 400, 'body.seed');
    await expectError(rollout().send({ seed: 1.5 }), 400, 'body.seed');
    await expectError(rollout().send({ seed: -1 }), 400, 'body.seed');
    await expectError(rollout().send({ seed: 1, maxSteps: 0 }), 400, 'body.maxSteps');
    await expectError(rollout().send({ seed: 1, maxSteps: 1e9 }), 400, 'body.maxSteps');
    await expectError(rollout().send({ seed: 1, policy: 'forest' }), 400, 'body.policy');
    await expectError(rollout().send({ seed: 1, extra: true }), 400, 'extra');
    await expectError(rollout().send({}), 400, 'body.seed');
    await expectError(rollout().send([1, 2]), 400, 'body');
  });

  it('says when a compressed body does not decompress, in its own words', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const req = request(app).post(`/api/runs/${fx.runId}/rollout`).set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{"seed":1}');
      await expectError(req, 400, 'the request body does not decompress as its Content-Encoding says');
    }
  });

  it('rejects a non-JSON content type with 415', async () => {
    await expectError(rollout().set('Content-Type', 'text/plain').send('seed=1'), 415, 'Content-Type: application/json');
    await expectError(rollout().type('form').send({ seed: 1 }), 415, 'application/json');
  });

  it('rejects bodies over 64 kB with 413', async () => {
    const observation = Array.from({ length: 20_000 }, () => 0.123456);
    await expectError(request(app).post(`/api/runs/${fx.runId}/q`).send({ observation }), 413, 'larger than');
  });

  it('checks Q observations: width, finiteness, numbers', async () => {
    const q = () => request(app).post(`/api/runs/${fx.runId}/q`);
    await expectError(q().send({ observation: [0, 0, 0] }), 400, 'has 3 values, CartPole-v1 observations have 4 (cart_position');
    await expectError(q().set('Content-Type', 'application/json').send('{"observation":[0,0,0,1e999]}'), 400, 'body.observation.3');
    await expectError(q().send({ observation: [0, 0, null, 0] }), 400, 'body.observation.2');
    await expectError(q().send({ observation: 'abcd' }), 400, 'body.observation');
    await expectError(q().send({ observation: [] }), 400, 'body.observation');
  });
});

describe('queries', () => {
  const metrics = () => request(app).get(`/api/runs/${fx.runId}/metrics`);

  it('rejects bad cursors, limits, types and unknown parameters', async () => {
    await expectError(metrics().query({ since: -1 }), 400, 'query.since');
    await expectError(metrics().query({ since: 'abc' }), 400, 'query.since');
    await expectError(metrics().query('since=1&since=2'), 400, 'query.since: given more than once (give it once)');
    await expectError(metrics().query({ limit: '99999999999999999999' }), 400, /^query\.limit: expected an integer in \[1, \d+\]$/);
    await expectError(metrics().query({ limit: 0 }), 400, /^query\.limit: expected an integer in \[1, \d+\]$/);
    await expectError(request(app).get(`/api/runs/${fx.runId}/export`), 400, /^query\.format: required \(expected one of /);
    await expectError(metrics().query({ limit: 1e6 }), 400, 'query.limit');
    await expectError(metrics().query({ type: 'Episode;drop' }), 400, 'query.type');
    await expectError(metrics().query({ foo: 1 }), 400, 'query: unknown parameter "foo" (allowed: type, since, limit, token)');
  });

  it('rejects a query parameter a route does not take, on every route, naming the one it takes', async () => {
    const run = fx.runId;
    const json = { observation: [0, 0, 0, 0] };
    const requests = [
      request(app).get('/api/runs?foo=1'),
      request(app).get('/api/envs?x=1'),
      request(app).get(`/api/runs/${run}?x=1`),
      request(app).post(`/api/runs/${run}/rollout?maxSteps=1`).send({ seed: 1 }),
      request(app).post(`/api/runs/${run}/explain?foo=1`).send(json),
      request(app).post(`/api/runs/${run}/q?foo=1`).send(json),
      request(app).post(`/api/runs/${run}/attributions?foo=1`).send(json),
    ];
    for (const req of requests) await expectError(req, 400, /^query: unknown parameter "(foo|x|maxSteps)" \(allowed: token\)$/);
  });

  it('validates the SSE cursor and Last-Event-ID', async () => {
    await expectError(request(app).get(`/api/runs/${fx.runId}/events`).query({ since: 'x' }), 400, 'query.since');
    await expectError(request(app).get(`/api/runs/${fx.runId}/events`).set('Last-Event-ID', 'abc'), 400, /^headers\.last-event-id: expected an integer in \[0, \d+\]$/);
  });
});

describe('unknown routes and methods', () => {
  it.each([
    ['get', '/api/nope'],
    ['get', '/api'],
    ['get', '/nothing-here.js'],
  ] as const)('%s %s → JSON 404', async (method, path) => {
    await expectError(request(app)[method](path), 404, 'no route');
  });

  it.each([
    ['delete', '/api/runs', 'GET, HEAD'],
    ['get', `/api/runs/${'x'}/rollout`, 'POST'],
    ['put', '/api/envs', 'GET, HEAD'],
    ['post', `/api/runs/${'x'}/tree`, 'GET, HEAD'],
  ] as const)('%s %s → JSON 405 naming the methods the path takes', async (method, path, allow) => {
    const body = await expectError(request(app)[method](path).expect('Allow', allow), 405, `${method.toUpperCase()} is not allowed on ${path} (allowed: ${allow})`);
    expect(body.error).toBe('method not allowed');
  });

  it('answers OPTIONS with the methods a path takes and no body; an unknown path stays a 404', async () => {
    const res = await request(app).options(`/api/runs/x/explain`).expect(204);
    expect(res.headers.allow).toBe('POST, OPTIONS');
    expect(res.text).toBe('');
    expect((await request(app).options('/api/runs').expect(204)).headers.allow).toBe('GET, HEAD, OPTIONS');
    await expectError(request(app).options('/api/nope'), 404, 'no route');
  });
});

describe('run files that cannot be read', () => {
  it('reports a corrupt config as 422 naming the file, and lists the run with the problem', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(`${fx.runsDir}/broken`, { recursive: true });
    writeFileSync(`${fx.runsDir}/broken/config.json`, '{"format": "qlens-run", "version": 1');
    const body = await expectError(request(app).get('/api/runs/broken'), 422, 'config.json: not valid JSON');
    expect(body.error).toBe('unprocessable run files');
    const list = await request(app).get('/api/runs').expect(200);
    expect(list.body.runs.find((r: { id: string }) => r.id === 'broken')).toMatchObject({ problem: expect.stringMatching(/^config\.json: not valid JSON/) });
    await expectError(request(app).post('/api/runs/broken/rollout').send({ seed: 1 }), 422, 'config.json');
  });

  it('never logged an internal error during these tests', () => {
    expect(logged).toEqual([]);
  });
});
