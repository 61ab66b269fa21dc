/**
 * The dashboard's front-end, built from `web/` with esbuild in memory: once per process, on the
 * first request (or earlier with `warmWebAssets()`), then served from memory. Building from source
 * at start means a fresh clone never serves a stale bundle and needs no build step. `web/build.ts`
 * calls the same function to write `web/dist/` for `npm run build`.
 *
 * Plotly is not bundled: it is a 4.8 MB prebuilt file, served as is from `node_modules` (no CDN,
 * so the dashboard works offline) and loaded before the app as the global `Plotly`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const PLOTLY_PATH = createRequire(import.meta.url).resolve('plotly.js-dist-min');

export interface WebAssets {
  html: string;
  js: string;
  css: string;
  favicon: string;
}

export interface BuildOptions {
  minify?: boolean;
  /** Inline source map: browser devtools show the TypeScript. */
  sourcemap?: boolean;
}

export async function buildWebAssets({ minify = false, sourcemap = true }: BuildOptions = {}): Promise<WebAssets> {
  const result = await build({
    entryPoints: [join(WEB_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: sourcemap ? 'inline' : false,
    sourcesContent: true,
    logLevel: 'silent',
    // web/ may only import types from src/: a value import would pull server code into the page.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  const read = (name: string) => readFileSync(join(WEB_DIR, name), 'utf8');
  return { html: read('index.html'), js: result.outputFiles[0]!.text, css: read('style.css'), favicon: read('favicon.svg') };
}

let cached: Promise<WebAssets> | undefined;

/** The built assets of this process; a failed build is retried on the next request. */
export function webAssets(): Promise<WebAssets> {
  if (!cached) {
    cached = buildWebAssets();
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}

/** Starts the build now so the first page load does not wait for it. */
export function warmWebAssets(): Promise<void> {
  return webAssets().then(() => undefined);
}
