/**
 * The dashboard's front-end, built from `web/` with esbuild in memory: once per process, on the
 * first request (or earlier with `warmWebAssets()`; read back from the disk cache when no file it
 * is made from changed since), then served from memory. Two scripts come out
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
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServedFile, servedFile } from './static-file.ts';
import { readWebAssetCache, writeWebAssetCache } from './web-asset-cache.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = join(ROOT, 'web');
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
  /** Every file the build read (absolute paths): the bundles' inputs and the three files above. */
  inputs: string[];
}

/** The files read as they are, beside the two bundles. */
const PAGE_FILES = { html: 'index.html', css: 'style.css', favicon: 'favicon.svg' } as const;

export interface BuildOptions {
  minify?: boolean;
  /** Source maps (app.js.map, gif-worker.js.map): browser devtools show the TypeScript. */
  sourcemap?: boolean;
}

/** What the server serves: readable in devtools. */
const SERVED_BUILD: Required<BuildOptions> = { minify: false, sourcemap: true };

export async function buildWebAssets({ minify = false, sourcemap = true }: BuildOptions = {}): Promise<WebAssets> {
  // Imported here: a start that finds its files in the disk cache never needs the bundler.
  const { build } = await import('esbuild');
  const result = await build({
    // Named entry points: the outputs are app.js and gif-worker.js (outdir is required for two, though nothing is written).
    entryPoints: { app: join(WEB_DIR, 'main.ts'), 'gif-worker': join(WEB_DIR, 'gif-worker.ts') },
    outdir: join(WEB_DIR, 'dist'),
    absWorkingDir: ROOT,
    metafile: true, // its list of inputs stamps the disk cache
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
  const output = (name: string, optional = false) => {
    const text = result.outputFiles.find((f) => basename(f.path) === name)?.text;
    if (text === undefined && !optional) throw new Error(`esbuild wrote no ${name}`);
    return text ?? ''; // a map only exists when maps are asked for
  };
  const read = (name: string) => readFileSync(join(WEB_DIR, name), 'utf8');
  // Inputs outside the file system (esbuild names them `namespace:path`) are not files to stamp.
  const bundled = Object.keys(result.metafile.inputs).map((path) => resolve(ROOT, path)).filter((path) => existsSync(path));
  return {
    html: read(PAGE_FILES.html),
    js: output('app.js'),
    gifWorker: output('gif-worker.js'),
    jsMap: output('app.js.map', true),
    gifWorkerMap: output('gif-worker.js.map', true),
    css: read(PAGE_FILES.css),
    favicon: read(PAGE_FILES.favicon),
    inputs: [...bundled, ...Object.values(PAGE_FILES).map((name) => join(WEB_DIR, name))],
  };
}

export type AssetName = Exclude<keyof WebAssets, 'inputs'> | 'plotly';
const ASSET_NAMES: AssetName[] = ['html', 'js', 'gifWorker', 'jsMap', 'gifWorkerMap', 'css', 'favicon', 'plotly'];

/** Where the served files are kept between starts: beside the compiled CLI (src/cli/compiled.js picks the folder the same way). */
export function webAssetCacheFile(): string {
  return join(process.env.QLENS_CACHE_DIR || join(ROOT, 'node_modules', '.cache', 'qlens'), 'web-assets.bin');
}

/** What the cached files depend on besides their inputs: the bundler's version and how the server builds. */
const CACHE_KEY = `esbuild ${createRequire(import.meta.url)('esbuild/package.json').version as string}, ${JSON.stringify(SERVED_BUILD)}`;

/** Every file the page loads, ready to send: from the disk cache when it is current, else built, gzipped and cached. */
async function loadServedAssets(): Promise<Record<AssetName, ServedFile>> {
  const cacheFile = webAssetCacheFile();
  const cached = readWebAssetCache<AssetName>(cacheFile, CACHE_KEY);
  if (cached && ASSET_NAMES.every((name) => cached[name])) return cached;
  const builtAt = Date.now();
  const [assets, plotly] = await Promise.all([buildWebAssets(SERVED_BUILD), readFile(PLOTLY_PATH)]);
  const contents: Record<AssetName, string | Buffer> = { ...assets, plotly };
  const served = await Promise.all(ASSET_NAMES.map((name) => servedFile(contents[name])));
  const files = Object.fromEntries(ASSET_NAMES.map((name, i) => [name, served[i]!])) as Record<AssetName, ServedFile>;
  writeWebAssetCache(cacheFile, CACHE_KEY, [...assets.inputs, PLOTLY_PATH], builtAt, files);
  return files;
}

let served: Promise<Record<AssetName, ServedFile>> | undefined;

/** Every file the page loads (raw and gzip), loaded once per process; a failure is retried next time. */
export function servedAssets(): Promise<Record<AssetName, ServedFile>> {
  if (!served) {
    served = loadServedAssets();
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
