/** The dashboard's files kept on disk between starts: used only while every input is unchanged. */
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { servedFile, type ServedFile } from '../../src/server/static-file.ts';
import { readWebAssetCache, writeWebAssetCache } from '../../src/server/web-asset-cache.ts';

const KEY = 'esbuild 0.0.0, test';

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'qlens-web-cache-'));
  const input = join(dir, 'main.ts');
  writeFileSync(input, 'export const a = 1;\n');
  const past = new Date(Date.now() - 60_000);
  utimesSync(input, past, past);
  return { dir, input, cache: join(dir, 'cache', 'web-assets.bin') };
}

async function someFiles(): Promise<Record<string, ServedFile>> {
  return { js: await servedFile('console.log(1);\n'.repeat(500)), plotly: await servedFile(Buffer.from([0, 1, 2, 255])) };
}

function expectSame(read: Record<string, ServedFile> | undefined, written: Record<string, ServedFile>) {
  expect(read).toBeDefined();
  expect(Object.keys(read!).sort()).toEqual(Object.keys(written).sort());
  for (const [name, f] of Object.entries(written)) {
    expect(read![name]!.raw.equals(f.raw)).toBe(true);
    expect(read![name]!.gzip.equals(f.gzip)).toBe(true);
    expect(read![name]!.etag).toBe(f.etag);
  }
}

describe('web asset cache', () => {
  it('reads back exactly what it wrote', async () => {
    const { input, cache } = setUp();
    const files = await someFiles();
    writeWebAssetCache(cache, KEY, [input], Date.now(), files);
    expectSame(readWebAssetCache(cache, KEY), files);
  });

  it('is not used once an input changed (mtime or size), or for another key', async () => {
    const { input, cache } = setUp();
    writeWebAssetCache(cache, KEY, [input], Date.now(), await someFiles());
    expect(readWebAssetCache(cache, 'esbuild 0.0.1, test')).toBeUndefined();
    const later = new Date(Date.now() - 30_000);
    utimesSync(input, later, later);
    expect(readWebAssetCache(cache, KEY)).toBeUndefined();

    writeWebAssetCache(cache, KEY, [input], Date.now() + 1, await someFiles());
    expect(readWebAssetCache(cache, KEY)).toBeDefined();
    const mtime = new Date(Date.now() - 30_000);
    writeFileSync(input, 'export const a = 10;\n'); // one byte longer, same mtime
    utimesSync(input, mtime, mtime);
    expect(readWebAssetCache(cache, KEY)).toBeUndefined();
  });

  it('is not written when an input changed during the build', async () => {
    const { input, cache } = setUp();
    const builtAt = Date.now() - 120_000; // the input's mtime (a minute ago) is after this build began
    writeWebAssetCache(cache, KEY, [input], builtAt, await someFiles());
    expect(existsSync(cache)).toBe(false);
  });

  it('treats a missing input, a truncated file or garbage as no cache', async () => {
    const { dir, input, cache } = setUp();
    writeWebAssetCache(cache, KEY, [input, join(dir, 'gone.ts')], Date.now(), await someFiles());
    expect(existsSync(cache)).toBe(false); // an input that cannot be stamped: nothing written

    writeWebAssetCache(cache, KEY, [input], Date.now(), await someFiles());
    const bytes = readFileSync(cache);
    writeFileSync(cache, bytes.subarray(0, bytes.length - 10));
    expect(readWebAssetCache(cache, KEY)).toBeUndefined();
    writeFileSync(cache, 'not a cache');
    expect(readWebAssetCache(cache, KEY)).toBeUndefined();
    writeFileSync(cache, Buffer.alloc(0));
    expect(readWebAssetCache(cache, KEY)).toBeUndefined();
  });
});

describe('the served dashboard files', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('are built and cached on a first start, then read from the cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'qlens-web-cache-'));
    vi.stubEnv('QLENS_CACHE_DIR', cacheDir);
    vi.resetModules();
    const first = await import('../../src/server/web-bundle.ts');
    const built = await first.servedAssets();
    const file = first.webAssetCacheFile();
    expect(file).toBe(join(cacheDir, 'web-assets.bin'));
    expect(existsSync(file)).toBe(true);
    expect(built.js.raw.toString()).toContain('startRouter');

    // A new process (fresh modules) serves the cache's content: marked here so it can be told apart.
    const bytes = readFileSync(file);
    const header = JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32LE(0)).toString('utf8')) as { key: string; inputs: [string][] };
    expect(header.inputs.map(([path]) => path)).toEqual(expect.arrayContaining([expect.stringMatching(/web\/main\.ts$/), expect.stringMatching(/src\/explain\/format\.ts$/), expect.stringMatching(/web\/index\.html$/), first.PLOTLY_PATH]));
    const cached = readWebAssetCache<string>(file, header.key);
    expect(cached).toBeDefined();
    const marked = { ...cached!, html: await servedFile(`${built.html.raw.toString()}<!-- from the cache -->`) };
    writeWebAssetCache(file, header.key, header.inputs.map(([path]) => path), Date.now(), marked);
    vi.resetModules();
    const second = await import('../../src/server/web-bundle.ts');
    const served = await second.servedAssets();
    expect(served.html.raw.toString()).toContain('<!-- from the cache -->');
    expect(served.plotly.raw.equals(built.plotly.raw)).toBe(true);
    expect(served.jsMap.gzip.equals(built.jsMap.gzip)).toBe(true);
  });
});
