/** Runs the real `qlens` executable as a child process, as a user's shell would. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const QLENS_BIN = join(import.meta.dirname, '../../src/cli/bin.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `qlens <args>`; `done` resolves when it exits, with everything it printed. */
export function startQlens(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [QLENS_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Runs `qlens <args>` to completion. */
export function runQlens(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return startQlens(args, env).done;
}
