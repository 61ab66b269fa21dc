/** The page and its assets: built from web/ in memory, same-origin, Plotly from node_modules. */
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { PLOTLY_PATH, buildWebAssets } from '../../src/server/web-bundle.ts';

const app = createApp({ runsDirs: [], agentsDir: null });

describe('dashboard assets', () => {
  it('serves the page, which loads only same-origin relative assets and no inline script', async () => {
    const res = await request(app).get('/').expect(200).expect('Content-Type', /text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const html = res.text;
    const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    // Plotly is not in the page: chart views load vendor/plotly.min.js when they open.
    expect(srcs.sort()).toEqual(['#/', 'app.js', 'favicon.svg', 'favicon.svg', 'style.css'].sort());
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the bundled app, built from web/main.ts, without server code in it', async () => {
    const res = await request(app).get('/app.js').expect(200).expect('Content-Type', /javascript/);
    expect(res.text).toContain('startRouter');
    expect(res.text).not.toMatch(/from ["']node:|require\(["']node:|express/);
  });

  it('links its source maps, which are served apart (the scripts stay small)', async () => {
    for (const script of ['app.js', 'gif-worker.js']) {
      const res = await request(app).get(`/${script}`).expect(200);
      expect(res.text.trimEnd().endsWith(`//# sourceMappingURL=${script}.map`)).toBe(true);
      expect(res.text).not.toContain('sourceMappingURL=data:');
      const map = await request(app).get(`/${script}.map`).expect(200).expect('Content-Type', /application\/json/);
      const parsed = JSON.parse(map.text) as { sources: string[]; sourcesContent: string[] };
      expect(parsed.sources.some((s) => s.endsWith(script === 'app.js' ? '/main.ts' : '/gif-worker.ts'))).toBe(true);
      expect(parsed.sourcesContent.length).toBe(parsed.sources.length);
    }
    expect((await request(app).get('/app.js').set('Accept-Encoding', 'identity')).text.length).toBeLessThan(600_000); // was 1.27 MB with the map inline
  });

  it('serves the stylesheet and favicon', async () => {
    await request(app).get('/style.css').expect(200).expect('Content-Type', /text\/css/);
    await request(app).get('/favicon.svg').expect(200).expect('Content-Type', /image\/svg\+xml/);
  });

  it('serves Plotly from node_modules (offline), cacheable, gzipped when accepted', async () => {
    const file = readFileSync(PLOTLY_PATH);
    const plain = await request(app).get('/vendor/plotly.min.js').set('Accept-Encoding', 'identity').expect(200).expect('Content-Type', /javascript/);
    expect(plain.headers['cache-control']).toContain('max-age=86400');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBe(file.length);
    const zipped = await request(app).get('/vendor/plotly.min.js').set('Accept-Encoding', 'gzip, deflate, br').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(Number(zipped.headers['content-length'])).toBeLessThan(file.length / 2);
    expect((zipped.body as Buffer).equals(file)).toBe(true); // superagent unzips what the header says is gzip
    // A reload revalidates: same ETag, no body.
    await request(app).get('/vendor/plotly.min.js').set('If-None-Match', plain.headers.etag!).expect(304);
  });

  it('builds a minified bundle for web/dist with the same entry point', async () => {
    const assets = await buildWebAssets({ minify: true, sourcemap: false });
    expect(assets.js.length).toBeGreaterThan(5_000);
    expect(assets.js).not.toContain('sourceMappingURL');
    expect(assets.html).toContain('app.js');
  });
});
