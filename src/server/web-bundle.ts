/**
 * The dashboard's front-end, built from `web/` with esbuild in memory: once per process, on the
 * first request (or earlier with `warmWebAssets()`), then served from memory. Two scripts come out
 * of the one build: the page's `app.js` and `gif-worker.js`, the worker the replay's GIF download
 * encodes in (a worker needs a script file of its own, same-origin under the CSP). Building from source
 * at start means a fresh clone never serves a stale bundle and needs no build step. `web/build.ts`
 * calls the same function to write `web/dist/` for `npm run build`.
 *
 * Plotly is not bundled: it is Plotly's prebuilt "finance" partial bundle (1.3 MB: the scatter, bar
 * and waterfall traces the charts draw, and more), served from `node_modules` (no CDN, so the
 * dashboard works offline) and loaded by the chart views as the global `Plotly`. The full 4.8 MB
 * bundle froze the page for 3-4 s while Chromium evaluated it (0.8-0.9 s for this one). The server keeps
 * every file in memory with a gzip copy (static-file.ts).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type ServedFile, servedFile } from './static-file.ts';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const PLOTLY_PATH = createRequire(import.meta.url).resolve('plotly.js-finance-dist-min');

export interface WebAssets {
  html: string;
  js: string;
  /** web/gif-worker.ts bundled: the worker script the page starts as `gif-worker.js`. */
  gifWorker: string;
  /** The two scripts' source maps ('' without them), fetched by the browser only when its devtools open. */
  jsMap: string;
  gifWorkerMap: string;
  css: string;
  favicon: string;
}

export interface BuildOptions {
  minify?: boolean;
  /** Source maps (app.js.map, gif-worker.js.map): browser devtools show the TypeScript. */
  sourcemap?: boolean;
}

export async function buildWebAssets({ minify = false, sourcemap = true }: BuildOptions = {}): Promise<WebAssets> {
  const result = await build({
    // Named entry points: the outputs are app.js and gif-worker.js (outdir is required for two, though nothing is written).
    entryPoints: { app: join(WEB_DIR, 'main.ts'), 'gif-worker': join(WEB_DIR, 'gif-worker.ts') },
    outdir: join(WEB_DIR, 'dist'),
    bundle: true,
    write: false,
    // A classic script suits both: the page loads app.js with <script>, and a classic worker runs
    // in every browser with Worker (module workers are newer).
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    // Linked, not inline: the page's app.js stays 0.3 MB instead of 1.3 MB (its map and sources).
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: true,
    logLevel: 'silent',
    // web/ may only import types from src/: a value import would pull server code into the page.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  const output = (name: string) => result.outputFiles.find((f) => basename(f.path) === name)?.text ?? '';
  const read = (name: string) => readFileSync(join(WEB_DIR, name), 'utf8');
  return {
    html: read('index.html'),
    js: output('app.js'),
    gifWorker: output('gif-worker.js'),
    jsMap: output('app.js.map'),
    gifWorkerMap: output('gif-worker.js.map'),
    css: read('style.css'),
    favicon: read('favicon.svg'),
  };
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

export type AssetName = keyof WebAssets | 'plotly';

let served: Promise<Record<AssetName, ServedFile>> | undefined;

/** Every file the page loads, ready to send (raw and gzip), built once per process; a failure is retried next time. */
export function servedAssets(): Promise<Record<AssetName, ServedFile>> {
  if (!served) {
    served = Promise.all([webAssets(), readFile(PLOTLY_PATH)]).then(async ([a, plotly]) => {
      const [html, js, gifWorker, jsMap, gifWorkerMap, css, favicon, plotlyFile] = await Promise.all([a.html, a.js, a.gifWorker, a.jsMap, a.gifWorkerMap, a.css, a.favicon, plotly].map(servedFile));
      return { html: html!, js: js!, gifWorker: gifWorker!, jsMap: jsMap!, gifWorkerMap: gifWorkerMap!, css: css!, favicon: favicon!, plotly: plotlyFile! };
    });
    served.catch(() => {
      served = undefined;
    });
  }
  return served;
}

/** Builds and compresses everything now so the first page load does not wait for it. */
export function warmWebAssets(): Promise<void> {
  return servedAssets().then(() => undefined);
}
