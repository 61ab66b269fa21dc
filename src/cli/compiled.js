/**
 * The CLI compiled to plain JavaScript once, then started from there: `qlens` (and `npm start`)
 * would otherwise load ~240 TypeScript files through tsx's loader, which transpiles each one and
 * hooks every import. That took 1.6-1.9 s of a fresh `npm start` before the dashboard's URL
 * printed; the compiled CLI prints it ~0.9 s after launch, and compiling takes ~0.4 s when a source
 * file changed. Plain JS because it runs before any TypeScript loader is registered.
 *
 * The output lives in `node_modules/.cache/qlens/cli-<key>/` (the usual place for a tool's cache;
 * `QLENS_CACHE_DIR` moves it, to another folder inside the project: the output's imports of
 * packages resolve from the folders above it), where `<key>` hashes every source file's path, size and mtime, so an
 * edited file is never run stale. Packages stay imports (resolved from the project's
 * `node_modules`), lazy `import()`s stay separate chunks, and `import.meta.url`/`dirname` keep
 * naming the source file, so files read beside the sources (web/, agents/, kernel.wasm) are found.
 * Any failure (no esbuild, a read-only folder, a syntax error) returns undefined and the caller
 * runs the sources through tsx, as before.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the build options below change, so older outputs are not reused. */
const FORMAT = 1;
/** Source folders the CLI imports from (web/ has the GIF writer that `record` uses). */
const SOURCE_DIRS = ['src', 'envs', 'web'];
/** Outputs kept besides the current one, for processes still running an older build; older ones go after a day. */
const KEEP_OTHERS = 4;
const DAY_MS = 24 * 3600 * 1000;

export const QLENS_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every `.ts` file under the source folders, as `path size mtime` lines, sorted. */
function sourceStamps(root) {
  const lines = [];
  for (const dir of SOURCE_DIRS) {
    for (const rel of readdirSync(join(root, dir), { recursive: true })) {
      if (!rel.endsWith('.ts') || rel.includes('node_modules')) continue;
      const s = statSync(join(root, dir, rel));
      lines.push(`${dir}/${rel} ${s.size} ${s.mtimeMs}`);
    }
  }
  return lines.sort();
}

/** The cache key: sources, esbuild's version and this file's build format. */
function buildKey(root, esbuildVersion) {
  const hash = createHash('sha256').update(`format ${FORMAT}\nesbuild ${esbuildVersion}\n`);
  for (const line of sourceStamps(root)) hash.update(`${line}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** An esbuild plugin: `import.meta.url` and `import.meta.dirname` name each file's own source. */
function sourceLocations() {
  return {
    name: 'qlens-source-locations',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        let contents = readFileSync(args.path, 'utf8');
        if (contents.includes('import.meta.')) {
          contents = contents
            .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
            .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)));
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** Removes outputs other than `current` beyond the newest few once they are a day old, and stale temporaries. */
function prune(cacheDir, current) {
  const now = Date.now();
  const others = readdirSync(cacheDir)
    .filter((name) => name.startsWith('cli-') && name !== current)
    .map((name) => ({ name, mtime: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const [i, o] of others.entries()) {
    const temporary = o.name.includes('.tmp-');
    if ((temporary && now - o.mtime > 3600 * 1000) || (!temporary && i >= KEEP_OTHERS && now - o.mtime > DAY_MS)) {
      rmSync(join(cacheDir, o.name), { recursive: true, force: true });
    }
  }
}

/**
 * The file URL of the compiled CLI's entry (`main.js`), compiling it first when the sources
 * changed; undefined when it cannot be had (the caller then runs the sources).
 */
export async function compiledMain({ root = QLENS_ROOT, cacheDir = process.env.QLENS_CACHE_DIR || join(root, 'node_modules', '.cache', 'qlens') } = {}) {
  try {
    const esbuild = await import('esbuild');
    const name = `cli-${buildKey(root, esbuild.version)}`;
    const out = join(cacheDir, name);
    const entry = join(out, 'main.js');
    if (existsSync(entry)) return pathToFileURL(entry).href;

    // Built beside the final folder, then renamed: a process never sees half an output, and
    // processes that compile at once (parallel tests) each finish whole; the first rename wins.
    const temporary = `${out}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await esbuild.build({
      entryPoints: { main: join(root, 'src', 'cli', 'main.ts') },
      outdir: temporary,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      plugins: [sourceLocations()],
      logLevel: 'silent',
    });
    try {
      renameSync(temporary, out);
    } catch {
      rmSync(temporary, { recursive: true, force: true }); // another process renamed its own first
    }
    if (!existsSync(entry)) return undefined;
    prune(cacheDir, name);
    return pathToFileURL(entry).href;
  } catch {
    return undefined;
  }
}
