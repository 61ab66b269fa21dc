import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs, make } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { evaluatePolicy } from '../../src/dqn/evaluate.ts';
import { loadPreset } from '../../src/dqn/presets.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';

describe('DQN learns CartPole-v1 with its preset', () => {
  it('solves it (seed 1) and the saved network scores >= 475 on 20 fresh greedy episodes', async () => {
    const preset = loadPreset('CartPole-v1');
    const config = resolveDqnConfig({ ...preset.dqn, env: preset.env, seed: 1, checkpointFreq: 0 }, listEnvs());
    const run = await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-learn-')), preset: preset.name });
    const result = await run.run();
    expect(result.reason).toBe('solved');
    expect(result.step).toBeLessThan(config.totalTimesteps);
    const { network } = await loadRunNetwork(result.dir);
    const evaluation = evaluatePolicy(network, make('CartPole-v1'), { episodes: 20, seed: 777 });
    expect(evaluation.mean).toBeGreaterThanOrEqual(475);
  }, 180_000);
});
