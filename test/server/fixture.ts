/**
 * A small real world for the server tests: a run directory made by actually training CartPole for
 * a few hundred steps (so config, metrics, checkpoint and model are what training writes), and a
 * "pretrained agent" holding only the files an agent ships with.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listEnvs } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';

export interface Fixture {
  root: string;
  runsDir: string;
  agentsDir: string;
  runDir: string;
  runId: string;
  agentId: string;
  cleanup(): void;
}

/** A few hundred steps: learning starts at 100, logs every 100, evaluates twice on 2 episodes. */
export const FIXTURE_OPTIONS = {
  env: 'CartPole-v1',
  seed: 3,
  totalTimesteps: 600,
  learningStarts: 100,
  bufferSize: 1000,
  batchSize: 32,
  logFreq: 100,
  evalFreq: 300,
  evalEpisodes: 2,
  checkpointFreq: 0,
  saveReplay: false,
};

export async function trainFixtureRun(runsDir: string, options: Record<string, unknown> = {}): Promise<string> {
  const config = resolveDqnConfig({ ...FIXTURE_OPTIONS, ...options }, listEnvs());
  const run = await TrainingRun.start(config, { runsDir, preset: 'test' });
  await run.run();
  return run.dir;
}

export async function makeFixture(): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'qlens-server-'));
  const runsDir = join(root, 'runs');
  const agentsDir = join(root, 'agents');
  const runDir = await trainFixtureRun(runsDir);
  // A pretrained agent: the final model, its config and a model card; no metrics or summary.
  const agentDir = join(agentsDir, 'CartPole-v1');
  mkdirSync(agentDir, { recursive: true });
  for (const file of ['config.json', 'model.json', 'weights.bin']) copyFileSync(join(runDir, file), join(agentDir, file));
  writeFileSync(join(agentDir, 'model-card.json'), JSON.stringify({ format: 'qlens-model-card', version: 1, meanReturn: 500, solved: true, fidelity: { agreement: 0.97 } }));
  return {
    root,
    runsDir,
    agentsDir,
    runDir,
    runId: runDir.split('/').pop()!,
    agentId: 'pretrained~CartPole-v1',
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
