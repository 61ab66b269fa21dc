/**
 * A small real world for the server tests: a run directory made by actually training CartPole for
 * a few hundred steps (so config, metrics, checkpoint and model are what training writes), and a
 * "pretrained agent" holding only the files an agent ships with. With `{ tree: true }` also a run
 * trained with the online LMUT mimic (tree.json, tree-online.json, mimic events) and a
 * fidelity.json measured on its held-out states.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listEnvs, make } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { loadTreeFile } from '../../src/explain/index.ts';
import { label, playStates } from '../../src/mimic/collect.ts';
import { heldOutSet } from '../../src/mimic/offline.ts';
import { fidelityFile } from '../../src/mimic/report.ts';
import { createOnlineMimic } from '../../src/mimic/plugin.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';

export interface Fixture {
  root: string;
  runsDir: string;
  agentsDir: string;
  runDir: string;
  runId: string;
  agentId: string;
  /** With `{ tree: true }`: a run with tree.json, mimic events and fidelity.json. */
  treeRunDir: string;
  treeRunId: string;
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

/**
 * The online mimic with a small grace period, so a short run still grows a tree with a handful of
 * leaves; the online tree is kept as tree.json (no final Active Play: a barely trained network is
 * nearly linear and its Active Play tree would be a stump).
 */
export const FIXTURE_MIMIC = { fidelityFreq: 250, batchSize: 64, finalActivePlayStates: 0, lmut: { gracePeriod: 30, minSamplesSplit: 8, maxLeaves: 64 } };

export async function trainFixtureRun(runsDir: string, options: Record<string, unknown> = {}, mimic?: Record<string, unknown>): Promise<string> {
  const config = resolveDqnConfig({ ...FIXTURE_OPTIONS, ...options }, listEnvs());
  const plugins = mimic ? [createOnlineMimic(mimic, make(config.env).spec, config)] : [];
  const run = await TrainingRun.start(config, { runsDir, preset: mimic ? 'test-tree' : 'test', plugins });
  await run.run();
  return run.dir;
}

/** What `qlens mimic` writes: the tree beside CART and a linear model, on held-out greedy states. */
export async function writeFidelityFile(dir: string): Promise<void> {
  const { network, config } = await loadRunNetwork(dir);
  const env = make(config.envSpec.id);
  const tree = loadTreeFile(readFileSync(join(dir, 'tree.json'), 'utf8'), 'tree.json');
  const train = label(network, playStates(network, env, { episodes: 8, seed: 11 }));
  const heldOut = heldOutSet(network, env, 5, 11);
  const file = fidelityFile(network, env, { setting: 'active-play', tree, train, heldOut, seconds: 0 }, { evalEpisodes: 5, evalSeed: 11 });
  writeFileSync(join(dir, 'fidelity.json'), JSON.stringify(file));
  network.dispose();
}

export async function makeFixture(options: { tree?: boolean } = {}): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'qlens-server-'));
  const runsDir = join(root, 'runs');
  const agentsDir = join(root, 'agents');
  const runDir = await trainFixtureRun(runsDir);
  let treeRunDir = '';
  if (options.tree) {
    treeRunDir = await trainFixtureRun(runsDir, { totalTimesteps: 1500, evalFreq: 750 }, FIXTURE_MIMIC);
    await writeFidelityFile(treeRunDir);
  }
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
    treeRunDir,
    treeRunId: treeRunDir.split('/').pop() ?? '',
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
