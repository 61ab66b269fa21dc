import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { make } from '../../envs/index.ts';
import { evaluatePolicy } from '../../src/dqn/evaluate.ts';
import { activePlay } from '../../src/mimic/offline.ts';
import { fidelityFile } from '../../src/mimic/report.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { loadRunTree } from '../../src/runs/load-tree.ts';
import { type ModelCard, modelCardSchema } from '../../src/runs/model-card.ts';

const AGENTS = join(import.meta.dirname, '../../agents/pretrained');
/**
 * Issue #3's bars (MountainCar: every seed >= -120) and the tree policy's "within 10 % of the
 * network"; FlappyBird (no issue's bar): 90 % of its solve threshold of 100.
 */
const BARS: [string, number][] = [
  ['CartPole-v1', 475],
  ['Acrobot-v1', -100],
  ['MountainCar-v0', -120],
  ['FlappyBird-v0', 90],
];

describe.each(BARS)('pretrained %s', (env, bar) => {
  const dir = join(AGENTS, env);

  it('loads, and its network and tree play at the bar on 20 fresh greedy episodes', async () => {
    const { network, config } = await loadRunNetwork(dir);
    expect(config.envSpec.id).toBe(env);
    const tree = loadRunTree(dir);
    const card = modelCardSchema.parse(JSON.parse(readFileSync(join(dir, 'model-card.json'), 'utf8'))) as ModelCard;
    expect(card.env).toBe(env);
    const net = evaluatePolicy(network, make(env), { episodes: 20, seed: 31_337 });
    expect(net.mean).toBeGreaterThanOrEqual(bar);
    const treeReturn = evaluatePolicy(tree, make(env), { episodes: 20, seed: 31_337 });
    expect(treeReturn.mean).toBeGreaterThanOrEqual(net.mean - 0.1 * Math.abs(net.mean));
  });

  it('grows by Active Play a tree that beats CART and a linear model at the same leaf budget', async () => {
    const { network, config } = await loadRunNetwork(dir);
    const game = make(env);
    const result = activePlay(network, game, config.envSpec, { seed: 1, lmut: { maxLeaves: 256 }, heldOutEpisodes: 20 });
    const { report } = fidelityFile(network, game, result, { evalEpisodes: 10, evalSeed: 8 });
    const [lmut, cart, linear] = report.models;
    expect(lmut!.leaves).toBeLessThanOrEqual(256);
    expect(lmut!.rmse).toBeLessThanOrEqual(0.7 * cart!.rmse);
    expect(lmut!.rmse).toBeLessThanOrEqual(0.5 * linear!.rmse);
    expect(lmut!.agreement).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
