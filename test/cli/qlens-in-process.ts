/**
 * Runs `qlens <args>` in the test's own process (run-cli.ts), capturing what it prints: for the many
 * tests of a refused command's message, each of which would otherwise pay a new Node process and
 * the CLI's module loading (1-2 s of CPU). The spawned executable (qlens-process.ts) stays the one
 * the tests of exit paths, signals and output pipes use.
 */
import { runCli } from '../../src/cli/run-cli.ts';
import type { Finished } from './qlens-process.ts';

export async function qlensInProcess(args: string[]): Promise<Finished> {
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
  }
}
