/** Security headers on every response, the loopback Host check, and token enforcement. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/server/security.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
beforeAll(async () => {
  fx = await makeFixture();
});
afterAll(() => fx?.cleanup());

const TOKEN = 'test-token-1234';

describe('security headers', () => {
  it.each(['/api/runs', '/api/nope', '/'])('are set on %s', async (path) => {
    const res = await request(createApp({ runsDirs: [fx.runsDir], agentsDir: null })).get(path);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allow only our own origin for scripts, and inline styles only (Plotly needs them)', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('without a token', () => {
  const app = () => createApp({ runsDirs: [fx.runsDir], agentsDir: null });

  it('answers loopback Host names', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'localhost']) {
      await request(app()).get('/api/envs').set('Host', host).expect(200);
    }
  });

  it('refuses other Host names (DNS rebinding)', async () => {
    const res = await request(app()).get('/api/runs').set('Host', 'evil.example:8080').expect(403);
    expect(res.body.error).toBe('forbidden');
    expect(res.body.detail).toContain('--token');
  });
});

describe('with a token', () => {
  const app = () => createApp({ runsDirs: [fx.runsDir], agentsDir: null, token: TOKEN });

  it('refuses requests without it, or with a wrong one, with 401 JSON', async () => {
    for (const req of [
      request(app()).get('/api/runs'),
      request(app()).get('/'),
      request(app()).get('/app.js'),
      request(app()).get('/api/runs').set('Authorization', 'Bearer wrong-token'),
      request(app()).get('/api/runs').query({ token: 'wrong' }),
      request(app()).get('/api/runs').set('Cookie', 'qlens_token=wrong'),
      request(app()).post(`/api/runs/${fx.runId}/q`).send({ observation: [0, 0, 0, 0] }),
    ]) {
      const res = await req.expect(401);
      expect(res.body.error).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
  });

  it('accepts it as a Bearer header, a query parameter or the cookie it sets', async () => {
    await request(app()).get('/api/runs').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    const page = await request(app()).get('/').query({ token: TOKEN }).expect(200);
    const cookie = page.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^qlens_token=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    await request(app()).get('/api/runs').set('Cookie', cookie.split(';')[0]!).expect(200);
    await request(app()).get(`/api/runs/${fx.runId}/metrics`).query({ token: TOKEN }).expect(200);
  });

  it('answers any Host name once the token is right (serving beyond localhost)', async () => {
    await request(app()).get('/api/envs').set('Host', '192.168.1.20:8080').set('Authorization', `Bearer ${TOKEN}`).expect(200);
  });
});
