/**
 * A feature beyond the server's limit (|x| ≤ MAX_ABS_FEATURE) is a 400 that names the field, the
 * value and what is allowed, in words (not zod's "Too big: expected number to be <=1000000000"),
 * on every route that takes an observation; the dashboard checks typed values against the same
 * exported limit before it sends them.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp, DEFAULT_AGENTS_DIR } from '../../src/server/app.ts';
import { FEATURE_ALLOWED, MAX_ABS_FEATURE, featureInLimit } from '../../src/core/observation-limit.ts';
import { MAX_ABS_FEATURE as FROM_ROUTE } from '../../src/server/routes/explain.ts';

const app = createApp({ runsDirs: [], agentsDir: DEFAULT_AGENTS_DIR });
const run = 'pretrained~CartPole-v1';

describe('the observation limit', () => {
  it('is one constant, said in words', () => {
    expect(FROM_ROUTE).toBe(MAX_ABS_FEATURE);
    expect(FEATURE_ALLOWED).toBe('finite numbers with |x| ≤ 1e9');
    expect([0, -MAX_ABS_FEATURE, MAX_ABS_FEATURE].every(featureInLimit)).toBe(true);
    expect([MAX_ABS_FEATURE * 1.0001, -1e12, Infinity, -Infinity, NaN].some(featureInLimit)).toBe(false);
  });

  it.each([
    ['explain', [1e12, 0, 0, 0], 'body.observation.0: 1000000000000 is too large (allowed: finite numbers with |x| ≤ 1e9)'],
    ['explain', [0, -1e12, 0, 0], 'body.observation.1: -1000000000000 is too small (allowed: finite numbers with |x| ≤ 1e9)'],
    ['q', [0, 0, 1e10, 0], 'body.observation.2: 10000000000 is too large (allowed: finite numbers with |x| ≤ 1e9)'],
  ])('POST …/%s with %j says what is wrong', async (route, observation, detail) => {
    const res = await request(app).post(`/api/runs/${run}/${route}`).send({ observation }).expect(400);
    expect(res.body.detail).toBe(detail);
  });

  it('names Infinity (1e999 in the JSON) as not finite', async () => {
    const res = await request(app).post(`/api/runs/${run}/explain`).set('Content-Type', 'application/json').send('{"observation":[0,0,0,1e999]}').expect(400);
    expect(res.body.detail).toBe('body.observation.3: Infinity is not a finite number (allowed: finite numbers with |x| ≤ 1e9)');
  });
});
