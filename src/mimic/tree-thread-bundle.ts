/**
 * The online tree's thread script: tree-thread-worker.ts and what it imports (src/lmut, zod)
 * bundled by esbuild in memory, once per process, as web-bundle.ts builds the dashboard. A thread
 * does not inherit the TypeScript loader of the CLI or the test runner, and registering tsx in it
 * costs ~1 s of a core (tsx, then zod through its hooks); the bundle takes ~0.1 s in esbuild's own
 * process, asynchronously, and starts in a thread in ~0.1 s.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

let bundle: Promise<string> | null = null;

export function treeThreadScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('./tree-thread-worker.ts', import.meta.url))],
    bundle: true,
    write: false,
    // Worker({ eval: true }) runs a CommonJS script.
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}
