/** One trainer per run folder: the lock names the live process holding it and is taken over once that process is gone. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.ts';
import { LOCK_FILE, lockRun, trainingProcess } from '../../../src/runs/run-lock.ts';

describe('run lock', () => {
  it('holds the folder for this process, refuses a second taker naming the pid, and gives it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-lock-'));
    expect(trainingProcess(dir)).toBeNull();
    const release = lockRun(dir);
    expect(trainingProcess(dir)).toBe(process.pid);
    expect(() => lockRun(dir)).toThrow(
      new ConfigError('run', `${dir} is being trained by process ${process.pid}: wait for it to end (or stop it with Ctrl-C), then resume it`),
    );
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockRun(dir)();
  });

  it('takes over a lock whose process is gone (killed, crashed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-lock-stale-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${gone.stdout}\n`);
    expect(trainingProcess(dir)).toBeNull();
    const release = lockRun(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    release();
  });
});
