/**
 * The model card of a run resumed with another total (`train --resume --steps N`): ε decays over
 * the total in force, so `--steps N` from scratch is another run. The card gives the first command
 * and the resume, and those commands really give the same network; a run stopped part way and then
 * given another total is said to be reproducible by no command.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const SETTINGS = { env: 'CartPole-v1', seed: 4, learningStarts: 200, hidden: [16], evalFreq: 0, checkpointFreq: 0 };

/** Trains `args` (a card's command, split into words) into a fresh folder and returns the run it wrote. */
async function trainInto(args: string[]): Promise<string> {
  const runs = mkdtempSync(join(tmpdir(), 'qlens-pubexp-again-'));
  const r = await qlens([...args, '--out', runs, '--no-progress']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return join(runs, readdirSync(runs)[0]!);
}

async function publish(run: string): Promise<{ card: Record<string, unknown>; text: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'qlens-pubexp-card-')), 'agent');
  const r = await qlens(['publish', '--run', run, '--out', out, '--episodes', '2']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { card: JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8')), text: readFileSync(join(out, 'MODEL_CARD.md'), 'utf8') };
}

describe('the model card of a resumed run', () => {
  it('gives the first command and the resume, which reproduce the run; --steps N from scratch would not', async () => {
    const config = resolveDqnConfig({ ...SETTINGS, totalTimesteps: 600 }, listEnvs());
    const run = (await (await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-pubexp-resumed-')), preset: 'test' })).run()).dir;
    // A resume to 800 stopped before its first step trained nothing: the resume to 900 from the same checkpoint replaces it.
    const idle = await TrainingRun.resume(run, { totalTimesteps: 800 });
    idle.stop();
    expect((await idle.run()).step).toBe(600);
    const resumed = await qlens(['train', '--resume', run, '--steps', '900', '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'))).toMatchObject({ totalChanges: [{ atStep: 600, from: 600, to: 900, finished: true }], dqn: { totalTimesteps: 900 } });

    const { card, text } = await publish(run);
    expect(card.command).toBe('qlens train --env CartPole-v1 --preset cleanrl --seed 4 --steps 600 --set learningStarts=200 --set hidden=16 --set evalFreq=0 --set checkpointFreq=0 --no-mimic');
    expect(card.resumes).toEqual([{ atStep: 600, steps: 900, finished: true }]);
    expect(text).toContain(
      `Trained by \`${card.command}\``,
    );
    expect(text).toContain(
      ', then resumed to 900 steps with `qlens train --resume <run> --steps 900` once it had finished at step 600: ' +
        'these commands, `<run>` being the folder the first one writes, reproduce it (`--steps 900` alone would not: ε decays over the total in force).',
    );

    // What the card says, done: the same network, byte for byte.
    const again = await trainInto((card.command as string).split(' ').slice(1));
    expect((await qlens(['train', '--resume', again, '--steps', '900', '--no-progress'])).code).toBe(0);
    expect(readFileSync(join(again, 'weights.bin'))).toEqual(readFileSync(join(run, 'weights.bin')));
    // And what the card used to say is another run.
    const scratch = await trainInto((card.command as string).replace('--steps 600', '--steps 900').split(' ').slice(1));
    expect(readFileSync(join(scratch, 'weights.bin'))).not.toEqual(readFileSync(join(run, 'weights.bin')));
  });

  it('says no command reproduces a run stopped part way and resumed with another total', async () => {
    const config = resolveDqnConfig({ ...SETTINGS, totalTimesteps: 1000 }, listEnvs());
    const first = await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-pubexp-stopped-')), preset: 'test' });
    const stopped = await first.run({ onEvent: (e) => e.step >= 400 && first.stop() });
    expect(stopped.reason).toBe('interrupted');
    expect((await qlens(['train', '--resume', stopped.dir, '--steps', '700', '--no-progress'])).code).toBe(0);

    const { card, text } = await publish(stopped.dir);
    expect(card.command).toContain(' --steps 1000 ');
    expect(card.resumes).toEqual([{ atStep: stopped.step, steps: 700, finished: false }]);
    expect(text).toContain(
      `, then resumed to 700 steps with \`qlens train --resume <run> --steps 700\` after it was stopped at step ${stopped.step}: ` +
        'ε decays over the total in force, so its schedule changed where the run was stopped and no command reproduces this run exactly.',
    );
  });

  it('names the code that trained on after a resume from another commit, in config.json and the card', async () => {
    const config = resolveDqnConfig({ ...SETTINGS, totalTimesteps: 600 }, listEnvs());
    const first = await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-pubexp-code-')), preset: 'test' });
    const stopped = await first.run({ onEvent: (e) => e.step >= 300 && first.stop() });
    const started = JSON.parse(readFileSync(join(stopped.dir, 'config.json'), 'utf8')).source;
    expect(started).toBeDefined(); // the tests run from a qlens checkout
    const later = { commit: 'c0ffee'.padEnd(40, '0'), dirty: true };
    const resumed = await TrainingRun.resume(stopped.dir, { source: later });
    expect((await resumed.run()).reason).not.toBe('interrupted');
    expect(JSON.parse(readFileSync(join(stopped.dir, 'config.json'), 'utf8'))).toMatchObject({ source: started, resumedSources: [{ atStep: stopped.step, ...later }] });

    const { card, text } = await publish(stopped.dir);
    expect(card.commit).toBe(started.commit);
    expect(card.resumedSources).toEqual([{ atStep: stopped.step, ...later }]);
    expect(text).toContain(`. Training went on with other code from step ${stopped.step} at commit \`c0ffee000000\` with uncommitted changes.`);
  });
});

