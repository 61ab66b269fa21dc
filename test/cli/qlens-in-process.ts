/**
 * Runs `qlens <args>` in the test's own process (run-cli.ts), capturing what it prints: for the many
 * tests of a refused command's message, each of which would otherwise pay a new Node process and
 * the CLI's module loading (1-2 s of CPU). The spawned executable (qlens-process.ts) stays the one
 * the tests of exit paths, signals and output pipes use.
 */
import { runCli } from '../../src/cli/run-cli.ts';
import type { Finished } from './qlens-process.ts';

let running = false;

/** One at a time: the capture replaces process.stdout/stderr.write, which two commands would share. */
export async function qlensInProcess(args: string[]): Promise<Finished> {
  if (running) throw new Error('qlensInProcess: one command at a time (run them one after another, or spawn with runQlens)');
  running = true;
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await runCli(args);
    return { code, signal: null, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
    running = false;
  }
}
