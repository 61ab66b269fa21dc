/**
 * `qlens explain --checkpoint`: how the agent decided at an earlier point of its training, from that
 * checkpoint's network and the online tree saved beside it (both of the same step, `last` included).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnvs, make } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { explainState, loadTreeFile } from '../../src/explain/index.ts';
import { createOnlineMimic } from '../../src/mimic/plugin.ts';
import { checkpointsDir, listCheckpoints } from '../../src/runs/checkpoint-store.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const STATE = [0.01, 0.2, -0.03, -0.3];
let dir: string;
let steps: number[];

beforeAll(async () => {
  const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 6, totalTimesteps: 3000, learningStarts: 200, hidden: [16], evalFreq: 0, checkpointFreq: 1000 }, listEnvs());
  const mimic = createOnlineMimic({ finalActivePlayStates: 0, batchSize: 64, fidelityFreq: 500 }, make('CartPole-v1').spec, config);
  dir = (await (await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-explain-cp-')), preset: 'test', plugins: [mimic] })).run()).dir;
  steps = listCheckpoints(dir).sort((a, b) => a - b);
}, 120_000);

describe('qlens explain --checkpoint', () => {
  it('explains a checkpoint with its own network and its own online tree', async () => {
    expect(steps.length).toBeGreaterThanOrEqual(2);
    const explain = async (checkpoint?: string) => {
      const r = await qlens(['explain', '--run', dir, '--state', STATE.join(','), '--json', ...(checkpoint === undefined ? [] : ['--checkpoint', checkpoint])]);
      expect(r.code, r.stderr).toBe(0);
      return { json: JSON.parse(r.stdout), stderr: r.stderr };
    };
    const expected = async (step: number) => {
      const treePath = join(checkpointsDir(dir), String(step), 'tree.json');
      const { network } = await loadRunNetwork(dir, 'fused', { checkpoint: step });
      return explainState(loadTreeFile(readFileSync(treePath, 'utf8'), treePath), STATE, { network });
    };
    const first = await explain(String(steps[0]));
    expect(first.stderr).toBe(`explaining checkpoint ${steps[0]} of ${dir}: its network and the online tree saved with it\n`);
    const want = await expected(steps[0]!);
    expect(first.json.qTree).toEqual(want.qTree);
    expect(first.json.qNetwork).toEqual(want.qNetwork);
    expect(first.json.leaf.id).toBe(want.leaf.id);
    // `last` is the newest checkpoint, network and tree alike; the final tree.json is another tree.
    const last = await explain('last');
    const newest = steps.at(-1)!;
    expect(last.stderr).toBe(`explaining checkpoint ${newest} of ${dir}: its network and the online tree saved with it\n`);
    expect(last.json.qTree).toEqual((await expected(newest)).qTree);
    expect(last.json.qTree).not.toEqual(first.json.qTree);
    expect((await explain()).stderr).toBe('');
  });

  it('refuses a step the run did not keep, naming the ones it kept', async () => {
    const r = await qlens(['explain', '--run', dir, '--state', STATE.join(','), '--checkpoint', String(steps[0]! + 1)]);
    expect(r).toMatchObject({ code: 1, stderr: `error: Invalid --checkpoint: ${steps[0]! + 1} (allowed: last, or a step ${dir} kept a checkpoint of: ${steps.join(', ')})\n` });
  });
});
