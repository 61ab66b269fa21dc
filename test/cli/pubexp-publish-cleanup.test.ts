/**
 * `qlens publish` failing part way (here: the user's environment throws while the agent is being
 * measured) takes away what it made, and never a folder that was there before or its files.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runQlens as qlens } from './qlens-process.ts';

const work = mkdtempSync(join(tmpdir(), 'qlens-pubexp-cleanup-'));
const MODULE = join(work, 'line-walk.js');
/** While this variable is set, step() throws after the third reset: past the check of the env on import (three seeded episodes), once publish measures the agent. */
const BREAK = { PUBEXP_BREAK_STEP: '1' };
let run: string;

beforeAll(async () => {
  const source = readFileSync(join(import.meta.dirname, '../fixtures/envs/line-walk.js'), 'utf8');
  const breaking = source
    .replace('  reset({ seed } = {}) {\n', '  reset({ seed } = {}) {\n    globalThis.pubexpResets = (globalThis.pubexpResets ?? 0) + 1;\n')
    .replace('  step(action) {\n', "  step(action) {\n    if (process.env.PUBEXP_BREAK_STEP && globalThis.pubexpResets > 3) throw new Error('the walk broke');\n");
  expect(breaking).not.toBe(source);
  writeFileSync(MODULE, breaking);
  const runs = join(work, 'runs');
  const trained = await qlens(['train', '--env', `${MODULE}:LineWalk-v0`, '--steps', '600', '--set', 'learningStarts=200', '--set', 'hidden=16', '--set', 'evalFreq=0', '--no-mimic', '--out', runs, '--no-progress']);
  expect(trained.code).toBe(0);
  run = join(runs, readdirSync(runs)[0]!);
}, 120_000);

describe('qlens publish after a failure (process)', () => {
  it('leaves no folder it created, not even the parents it made', async () => {
    const top = join(work, 'new');
    const failed = await qlens(['publish', '--run', run, '--out', join(top, 'agents', 'LineWalk-v0'), '--episodes', '2'], BREAK);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('the walk broke');
    expect(existsSync(top)).toBe(false);
  });

  it('keeps a folder that was there, empty or with --force, with exactly the files it had', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    expect((await qlens(['publish', '--run', run, '--out', empty, '--episodes', '2'], BREAK)).code).not.toBe(0);
    expect(readdirSync(empty)).toEqual([]);

    const agent = join(work, 'agent');
    expect((await qlens(['publish', '--run', run, '--out', agent, '--episodes', '2'])).code).toBe(0);
    writeFileSync(join(agent, 'notes.txt'), 'mine');
    const before = Object.fromEntries(readdirSync(agent).map((f) => [f, readFileSync(join(agent, f), 'utf8')]));
    expect((await qlens(['publish', '--run', run, '--out', agent, '--episodes', '2', '--force'], BREAK)).code).not.toBe(0);
    expect(Object.fromEntries(readdirSync(agent).map((f) => [f, readFileSync(join(agent, f), 'utf8')]))).toEqual(before);
  });
});
