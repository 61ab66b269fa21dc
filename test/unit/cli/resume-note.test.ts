import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs } from '../../../envs/index.ts';
import { resumeNote } from '../../../src/cli/resume-note.ts';
import { resolveDqnConfig } from '../../../src/dqn/config.ts';
import { readRunConfig } from '../../../src/runs/run-files.ts';
import { TrainingRun } from '../../../src/runs/training-run.ts';

const resumed = (step: number, total: number) => ({ trainer: { step }, config: { totalTimesteps: total } });

describe('resumeNote', () => {
  it('names the run, the checkpoint step it resumes from and the total', () => {
    expect(resumeNote('runs/CartPole-v1__cleanrl__1__1', resumed(1500, 4000), { dqn: { totalTimesteps: 4000 } })).toBe(
      'resuming runs/CartPole-v1__cleanrl__1__1 from its checkpoint at step 1500 of 4000',
    );
  });

  it('says when --steps changed the total, either way', () => {
    expect(resumeNote('runs/a', resumed(4000, 8000), { dqn: { totalTimesteps: 4000 } })).toBe('resuming runs/a from its checkpoint at step 4000 of 8000 (--steps raised the total from 4000)');
    expect(resumeNote('runs/a', resumed(1500, 3000), { dqn: { totalTimesteps: 4000 } })).toBe('resuming runs/a from its checkpoint at step 1500 of 3000 (--steps lowered the total from 4000)');
  });

  it('reads a real resumed run and its config.json as train --resume has them', async () => {
    const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 1, totalTimesteps: 400, learningStarts: 200, hidden: [8], evalFreq: 0 }, listEnvs());
    const { dir } = await (await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-resume-note-')), preset: 'test' })).run();
    const before = readRunConfig(dir); // read before resuming, as train.ts's resumeRun does
    const run = await TrainingRun.resume(dir, { totalTimesteps: 600 });
    expect(resumeNote(dir, run, before)).toBe(`resuming ${dir} from its checkpoint at step 400 of 600 (--steps raised the total from 400)`);
    await run.run(); // lets go of the run's lock
  }, 60_000);
});
