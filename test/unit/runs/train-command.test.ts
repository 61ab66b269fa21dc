import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listEnvs, resolveEnvArg } from '../../../envs/index.ts';
import { resolveDqnConfig } from '../../../src/dqn/config.ts';
import { loadPreset } from '../../../src/dqn/presets.ts';
import { readRunConfig, type RunConfigFile } from '../../../src/runs/run-files.ts';
import { trainCommand } from '../../../src/runs/train-command.ts';
import { resolveMimicConfig } from '../../../src/mimic/config.ts';

function runConfig(dqn: Record<string, unknown>, preset: string, mimic: Record<string, unknown> | null): RunConfigFile {
  const spec = readRunConfig(join(import.meta.dirname, '../../../agents/pretrained/CartPole-v1')).envSpec;
  return { format: 'qlens-run', version: 1, preset, createdAt: '2026-11-23T00:00:00Z', engine: 'fused', backend: 'wasm', envSpec: spec, dqn, mimic };
}

describe('trainCommand', () => {
  it('is the preset, the seed and every setting that differs from the preset', () => {
    const preset = loadPreset('CartPole-v1', 'CartPole-v1');
    const dqn = resolveDqnConfig({ ...preset.dqn, env: 'CartPole-v1', seed: 7, totalTimesteps: 5000, gamma: 0.98, hidden: [32, 16] }, listEnvs());
    expect(trainCommand(runConfig({ ...dqn }, 'CartPole-v1', {}))).toBe('qlens train --env CartPole-v1 --preset CartPole-v1 --seed 7 --steps 5000 --set gamma=0.98 --set hidden=32,16');
  });

  it("gives the online tree's settings that differ from the preset's as --lmut", () => {
    const preset = loadPreset('CartPole-v1', 'CartPole-v1');
    const dqn = resolveDqnConfig({ ...preset.dqn, env: 'CartPole-v1', seed: 1 }, listEnvs());
    const mimic = resolveMimicConfig({ ...preset.mimic, lmut: { ...(preset.mimic?.lmut as object), maxLeaves: 64, splitCriterion: 'variance' } });
    expect(trainCommand(runConfig({ ...dqn }, 'CartPole-v1', JSON.parse(JSON.stringify(mimic))))).toBe('qlens train --env CartPole-v1 --preset CartPole-v1 --seed 1 --lmut maxLeaves=64 --lmut splitCriterion=variance');
    const unchanged = resolveMimicConfig(preset.mimic ?? {});
    expect(trainCommand(runConfig({ ...dqn }, 'CartPole-v1', JSON.parse(JSON.stringify(unchanged))))).toBe('qlens train --env CartPole-v1 --preset CartPole-v1 --seed 1');
  });

  it("says --no-mimic, and spells settings out against the defaults (the cleanrl preset, named: train would take the env's own) when the preset is gone", () => {
    const dqn = resolveDqnConfig({ env: 'CartPole-v1', seed: 1, learningStarts: 500 }, listEnvs());
    expect(trainCommand(runConfig({ ...dqn }, 'my-old-preset', null))).toBe('qlens train --env CartPole-v1 --preset cleanrl --seed 1 --set learningStarts=500 --no-mimic');
  });

  it("names a user's own env by its module, as `train --env` takes it", async () => {
    const module = join(import.meta.dirname, '../../fixtures/envs/line-walk.js');
    const env = await resolveEnvArg(module);
    const dqn = resolveDqnConfig({ env, seed: 2, learningStarts: 500 }, listEnvs());
    expect(trainCommand({ ...runConfig({ ...dqn }, 'cleanrl', null), envModule: module })).toBe(`qlens train --env ${module}:LineWalk-v0 --preset cleanrl --seed 2 --set learningStarts=500 --no-mimic`);
    // A path a shell would split or expand is quoted.
    expect(trainCommand({ ...runConfig({ ...dqn }, 'cleanrl', null), envModule: "/tmp/my envs/it's.js" })).toBe(`qlens train --env '/tmp/my envs/it'\\''s.js:LineWalk-v0' --preset cleanrl --seed 2 --set learningStarts=500 --no-mimic`);
  });
});
