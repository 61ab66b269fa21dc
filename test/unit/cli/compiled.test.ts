/**
 * The compiled CLI (src/cli/compiled.js) on a small project of its own: compiled once and reused,
 * compiled again when a source changes, each file still sees its own source location, lazy imports
 * stay lazy, a broken source falls back (undefined), parallel compiles agree, old outputs go,
 * source maps only for QLENS_DEBUG.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledMain } from '../../../src/cli/compiled.js';

const root = mkdtempSync(join(tmpdir(), 'qlens-compiled-'));
const cacheDir = join(root, 'node_modules', '.cache', 'qlens');
const write = (rel: string, text: string) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};
write(
  'src/cli/main.ts',
  "export const here: string = import.meta.url;\nexport const dir: string = import.meta.dirname;\nexport const file: string = import.meta.filename;\n// import.meta.url in a comment\nexport const text = \"import.meta.url in a string\";\nexport const later = () => import('./later.ts');\n",
);
write('src/cli/later.ts', "export const late: number = 42;\n");
write('envs/env.ts', 'export const env = 1;\n');
write('web/page.ts', 'export const page = 1;\n');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const outputs = () => readdirSync(cacheDir).sort();

describe('compiledMain', () => {
  let first: string;

  it('compiles the CLI once, keeping each file its source location and lazy imports separate', async () => {
    first = (await compiledMain({ root, cacheDir }))!;
    expect(first).toMatch(/\/cli-[0-9a-f]{16}\/main\.js$/);
    const main = (await import(first)) as { here: string; dir: string; file: string; text: string; later: () => Promise<{ late: number }> };
    expect(main.here).toBe(pathToFileURL(join(root, 'src/cli/main.ts')).href);
    expect(main.dir).toBe(join(root, 'src/cli'));
    expect(main.file).toBe(join(root, 'src/cli/main.ts'));
    expect(main.text).toBe('import.meta.url in a string');
    expect((await main.later()).late).toBe(42);
    expect(readdirSync(join(fileURLToPath(first), '..')).length).toBeGreaterThan(1); // main.js and the lazy chunk
  });

  it('reuses the output while no source changed, marking it used', async () => {
    const built = statSync(fileURLToPath(first)).mtimeMs;
    const folder = join(fileURLToPath(first), '..');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(folder, old, old);
    expect(await compiledMain({ root, cacheDir })).toBe(first);
    expect(statSync(fileURLToPath(first)).mtimeMs).toBe(built);
    expect(statSync(folder).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('compiles a moved or copied project for its own location, and refuses a cache outside it', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'qlens-compiled-copy-'));
    try {
      // As `cp -a` copies it: sources with their mtimes, and the cache with its outputs, which name the original's files.
      cpSync(root, copy, { recursive: true, preserveTimestamps: true });
      const copiedCache = join(copy, 'node_modules', '.cache', 'qlens');
      const url = (await compiledMain({ root: copy, cacheDir: copiedCache }))!;
      expect(url.replace(pathToFileURL(copy).href, '')).not.toBe(first.replace(pathToFileURL(root).href, ''));
      expect(((await import(url)) as { here: string }).here).toBe(pathToFileURL(join(copy, 'src/cli/main.ts')).href);
      // Outside the project the output's package imports would not resolve: no compiled CLI then.
      expect(await compiledMain({ root: copy, cacheDir })).toBeUndefined();
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('compiles again when a source file changes, in any of the source folders', async () => {
    const seen = new Set([first]);
    for (const rel of ['src/cli/later.ts', 'envs/env.ts', 'web/page.ts']) {
      const t = new Date(Date.now() + 5_000 * (seen.size + 1));
      utimesSync(join(root, rel), t, t);
      const next = (await compiledMain({ root, cacheDir }))!;
      expect(seen.has(next)).toBe(false);
      seen.add(next);
    }
    expect(outputs()).toHaveLength(4);
  });

  it('agrees across processes compiling at once and leaves no temporaries', async () => {
    write('src/cli/later.ts', 'export const late: number = 43;\n');
    const urls = await Promise.all([1, 2, 3].map(() => compiledMain({ root, cacheDir })));
    expect(new Set(urls).size).toBe(1);
    expect(outputs().filter((n) => n.includes('.tmp-'))).toEqual([]);
    const main = (await import(urls[0]!)) as { later: () => Promise<{ late: number }> };
    expect((await main.later()).late).toBe(43);
  });

  it('removes outputs beyond the newest few once unused for a day, and old temporaries', async () => {
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    mkdirSync(join(cacheDir, 'cli-0123456789abcdef.tmp-1-2'));
    for (const name of outputs()) utimesSync(join(cacheDir, name), old, old);
    write('envs/env.ts', 'export const env = 2;\n');
    const current = (await compiledMain({ root, cacheDir }))!;
    // The current output and the four newest others stay; the oldest of the six went.
    expect(outputs()).toHaveLength(5);
    expect(existsSync(fileURLToPath(current))).toBe(true);
  });

  it('writes source maps only when asked (QLENS_DEBUG), into an output of its own', async () => {
    const files = (url: string) => readdirSync(join(fileURLToPath(url), '..'));
    const plain = (await compiledMain({ root, cacheDir, sourceMaps: false }))!;
    const mapped = (await compiledMain({ root, cacheDir, sourceMaps: true }))!;
    expect(mapped).not.toBe(plain);
    expect(files(plain).filter((n) => n.endsWith('.map'))).toEqual([]);
    expect(files(mapped)).toContain('main.js.map');
    expect(readFileSync(fileURLToPath(mapped), 'utf8')).toContain('//# sourceMappingURL=main.js.map');
  });

  it('gives undefined (run the sources) when a source does not compile', async () => {
    write('src/cli/later.ts', 'export const late: number = ;\n');
    expect(await compiledMain({ root, cacheDir })).toBeUndefined();
    expect(outputs().filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
