/**
 * `pruneEpisodes`: the grown tree is post-pruned against greedy play of its own seeds, which the
 * held-out set (and so the fidelity report) never shares, and the result says what pruning did.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { make } from '../../../envs/index.ts';
import { activePlay, experienceTraining } from '../../../src/mimic/offline.ts';
import { fidelityFile } from '../../../src/mimic/report.ts';
import { loadRunNetwork } from '../../../src/runs/load-network.ts';

const AGENT = join(import.meta.dirname, '../../../agents/pretrained/CartPole-v1');

describe('offline mimic with post-pruning', { timeout: 60_000 }, () => {
  it('prunes the Active Play tree against separate greedy play, keeping the held-out set as it was', async () => {
    const { network, config } = await loadRunNetwork(AGENT);
    const env = make('CartPole-v1');
    const common = { seed: 3, states: 20_000, heldOutEpisodes: 2, lmut: { maxLeaves: 64 } };
    const plain = activePlay(network, env, config.envSpec, common);
    const pruned = activePlay(network, env, config.envSpec, { ...common, pruneEpisodes: 2 });
    expect(plain.pruned).toBeUndefined();
    const p = pruned.pruned!;
    expect(p.episodes).toBe(2);
    expect(p.states).toBeGreaterThan(100);
    expect(p.leavesBefore).toBe(plain.tree.summary.leaves); // the same tree grown, then pruned
    expect(p.leavesAfter).toBe(pruned.tree.summary.leaves);
    expect(p.leavesAfter).toBeLessThan(p.leavesBefore);
    expect(p.rmseAfter).toBeLessThanOrEqual(p.rmseBefore);
    // Fidelity is measured on the same held-out states as without pruning.
    expect(pruned.heldOut.obs).toEqual(plain.heldOut.obs);
    expect(fidelityFile(network, env, pruned, { evalEpisodes: 1, evalSeed: 1 }).pruned).toEqual(p);
    expect('pruned' in fidelityFile(network, env, plain, { evalEpisodes: 1, evalSeed: 1 })).toBe(false);
  });

  it('prunes an Experience Training tree too, on states the held-out set does not hold', async () => {
    const { network, config } = await loadRunNetwork(AGENT);
    const env = make('CartPole-v1');
    const recorded = activePlay(network, env, config.envSpec, { seed: 5, states: 5_000, heldOutEpisodes: 1, epsilon: 0.3 }).train;
    const result = experienceTraining(network, env, config.envSpec, { seed: 5, heldOutEpisodes: 2, pruneEpisodes: 2, experience: recorded, lmut: { maxLeaves: 32 } });
    expect(result.pruned!.leavesAfter).toBe(result.tree.summary.leaves);
    expect(result.pruned!.leavesAfter).toBeLessThanOrEqual(result.pruned!.leavesBefore);
    // Pruning play and held-out play are different episodes: on the held-out states the pruned tree
    // errs otherwise than on those it was pruned on (with shared seeds both RMSEs were one number).
    const { heldOut, tree } = result;
    const q = tree.qBatch64(heldOut.obs, heldOut.n);
    const heldOutRmse = Math.sqrt(q.reduce((s, v, i) => s + (v - heldOut.q[i]!) ** 2, 0) / q.length);
    expect(Math.abs(heldOutRmse - result.pruned!.rmseAfter)).toBeGreaterThan(1e-6);
  });
});
