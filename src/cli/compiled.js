/**
 * The CLI compiled to plain JavaScript once, then started from there: `qlens` (and `npm start`)
 * would otherwise load ~240 TypeScript files through tsx's loader, which transpiles each one and
 * hooks every import. That took 1.6-1.9 s of a fresh `npm start` before the dashboard's URL
 * printed; the compiled CLI prints it ~0.9 s after launch, and compiling takes ~0.4 s when a source
 * file changed. Plain JS because it runs before any TypeScript loader is registered.
 *
 * The output is `node_modules/.cache/qlens/cli-<key>/` (the usual place for a tool's cache;
 * `QLENS_CACHE_DIR` moves it, to another folder inside the project: the output's imports of
 * packages resolve from the folders above it): `main.js`, the chunks that lazy `import()`s load
 * (tfjs is imported only by code that needs it: in one file, its import would load at every start),
 * and source maps. `<key>` hashes the project's location and every source file's path, size and
 * mtime, so an edited file is never run stale and a moved or copied project compiles its own.
 * Packages stay imports; `import.meta.url`, `dirname` and `filename` keep naming each source file,
 * so files read beside the sources (web/, agents/, kernel.wasm, package.json) are found. Source
 * maps are written only for `QLENS_DEBUG` (its stack traces name the .ts files; an output of its own):
 * they took ~40 % of a compile that otherwise no one reads. A running
 * process may still load chunks, so it marks its output as used (`keepInUse`), and only outputs
 * unused for a day are cleaned up. Any failure (no esbuild, a read-only folder, a syntax error)
 * returns undefined and the caller runs the sources through tsx.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the build options below change, so older outputs are not reused. */
const FORMAT = 2;
/** Source folders the CLI imports from (web/ has the GIF writer that `record` uses). */
const SOURCE_DIRS = ['src', 'envs', 'web'];
/** Files besides the sources that change the output (esbuild reads tsconfig.json). */
const BUILD_FILES = ['tsconfig.json', 'package.json'];
/** Outputs kept besides the current one; older ones go once unused for a day. */
const KEEP_OTHERS = 4;
const DAY_MS = 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

export const QLENS_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every `.ts` file under the source folders and the build files, as `path size mtime` lines, sorted. */
function sourceStamps(root) {
  const files = BUILD_FILES.filter((name) => existsSync(join(root, name)));
  for (const dir of SOURCE_DIRS) {
    for (const rel of readdirSync(join(root, dir), { recursive: true })) {
      if (rel.endsWith('.ts') && !rel.includes('node_modules')) files.push(join(dir, rel));
    }
  }
  return files
    .map((rel) => {
      const s = statSync(join(root, rel));
      return `${rel} ${s.size} ${s.mtimeMs}`;
    })
    .sort();
}

/** The cache key: the project's location, its sources, esbuild's version and this file's build format and options. */
function buildKey(root, esbuildVersion, sourceMaps) {
  const hash = createHash('sha256').update(`format ${FORMAT}\nroot ${root}\nesbuild ${esbuildVersion}\nsource maps ${sourceMaps}\n`);
  for (const line of sourceStamps(root)) hash.update(`${line}\n`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * `import.meta` names each file's own source: each file gets an object of its own (`url`,
 * `dirname`, `filename`; on its first line, so line numbers stay) and esbuild's `define` points
 * `import.meta` at it, which leaves strings and comments alone. Anything else on import.meta
 * (`resolve`) is then undefined and fails loudly instead of answering for the cache folder.
 */
function sourceLocations() {
  return {
    name: 'qlens-source-locations',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const meta = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
        return { contents: `const __qlensImportMeta = ${JSON.stringify(meta)};${readFileSync(args.path, 'utf8')}`, loader: 'ts' };
      });
    },
  };
}

/**
 * An output's mtime is when a process last started from it or, while one runs, the last hour. A
 * cache this user may read but not write is still used as it is.
 */
function markUsed(out) {
  try {
    const now = new Date();
    utimesSync(out, now, now);
  } catch {
    // read-only, or removed
  }
}

/**
 * Keeps the output of `entryUrl` marked as used while this process runs (hourly, without keeping
 * the process alive), so no other process cleans up the chunks it may still import.
 */
export function keepInUse(entryUrl) {
  const out = dirname(fileURLToPath(entryUrl));
  setInterval(() => markUsed(out), HOUR_MS).unref();
}

/**
 * Removes other outputs unused for a day beyond the newest few, and temporaries an interrupted
 * compile left. Best effort: another process may be renaming or removing the same entries.
 */
function prune(cacheDir, current) {
  const now = Date.now();
  const entries = [];
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith('cli-') || name === current) continue;
    try {
      entries.push({ name, mtime: statSync(join(cacheDir, name)).mtimeMs, temporary: name.includes('.tmp-') });
    } catch {
      // gone meanwhile
    }
  }
  const outputs = entries.filter((e) => !e.temporary).sort((a, b) => b.mtime - a.mtime);
  const stale = [...entries.filter((e) => e.temporary && now - e.mtime > HOUR_MS), ...outputs.slice(KEEP_OTHERS).filter((e) => now - e.mtime > DAY_MS)];
  for (const e of stale) rmSync(join(cacheDir, e.name), { recursive: true, force: true });
}

/**
 * The file URL of the compiled CLI's entry (`main.js`), compiling it first when the sources
 * changed; undefined when it cannot be had (the caller then runs the sources).
 */
export async function compiledMain({
  root = QLENS_ROOT,
  cacheDir = process.env.QLENS_CACHE_DIR || join(root, 'node_modules', '.cache', 'qlens'),
  sourceMaps = Boolean(process.env.QLENS_DEBUG),
} = {}) {
  try {
    // Outside the project the output's package imports would not resolve.
    const inside = relative(root, cacheDir);
    if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
    // The version from its package.json: importing esbuild took 35-50 ms of every start, and only a compile needs it.
    const esbuildVersion = createRequire(import.meta.url)('esbuild/package.json').version;
    const name = `cli-${buildKey(root, esbuildVersion, sourceMaps)}`;
    const out = join(cacheDir, name);
    const entry = join(out, 'main.js');
    if (existsSync(entry)) {
      markUsed(out);
      return pathToFileURL(entry).href;
    }

    // Built beside the final folder, then renamed: a process never sees half an output, and
    // processes that compile at once (parallel tests) each finish whole; the first rename wins.
    const temporary = `${out}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
      outdir: temporary,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      define: { 'import.meta': '__qlensImportMeta' },
      sourcemap: sourceMaps ? 'linked' : false, // bin.js turns source maps on with QLENS_DEBUG
      sourcesContent: false,
      plugins: [sourceLocations()],
      logLevel: 'silent',
    });
    try {
      renameSync(temporary, out);
    } catch {
      rmSync(temporary, { recursive: true, force: true }); // another process renamed its own first
    }
    if (!existsSync(entry)) return undefined;
    try {
      prune(cacheDir, name);
    } catch {
      // cleaning up is not worth failing the start for
    }
    return pathToFileURL(entry).href;
  } catch {
    return undefined;
  }
}
