/** `qlens train --resume` of a run saved without its replay buffer goes on, as SB3 does, and says so. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { neverTrainsWarning } from '../../src/cli/commands/train.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const SMALL = ['--env', 'CartPole-v1', '--preset', 'cleanrl', '--no-progress', '--json', '--no-mimic',
  '--set', 'hidden=16', '--set', 'batchSize=32', '--set', 'evalFreq=0', '--set', 'saveReplay=false'];

async function trainedRun(learningStarts: number): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'qlens-no-replay-'));
  const first = await qlens(['train', ...SMALL, '--steps', '1000', '--set', `learningStarts=${learningStarts}`, '--out', out]);
  expect(first.code).toBe(0);
  // Stopping before learning starts is this test's point: the warning that the run never trains is expected then.
  expect(first.stderr).toBe(learningStarts >= 1000 ? `${neverTrainsWarning({ totalTimesteps: 1000, learningStarts, trainFreq: 10 })}\n` : '');
  return join(out, readdirSync(out)[0]!);
}

describe('resuming a run trained with saveReplay=false', () => {
  it('warns on stderr that the buffer starts empty and that learning resumes at once', async () => {
    const dir = await trainedRun(500);
    const resumed = await qlens(['train', '--resume', dir, '--steps', '1200', '--no-progress', '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toBe(
      `warning: ${dir}: it was trained with saveReplay=false, so its checkpoint holds no replay buffer and training goes on from an empty one: step 1000 is past learningStarts (500), so learning resumes at once, sampling only the transitions gathered since the resume\n`,
    );
    expect(JSON.parse(resumed.stdout)).toMatchObject({ reason: 'completed', step: 1200 });
  }, 120_000);

  it('says the buffer refills before learning starts when the checkpoint is before learningStarts', async () => {
    const dir = await trainedRun(5000);
    const resumed = await qlens(['train', '--resume', dir, '--steps', '1200', '--no-progress', '--json']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toBe(
      `warning: ${dir}: it was trained with saveReplay=false, so its checkpoint holds no replay buffer and training goes on from an empty one: it refills before learning starts at step 5000 (learningStarts), as planned\n`,
    );
  }, 120_000);
});
