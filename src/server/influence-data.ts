/**
 * Global feature influence of a run's tree (the paper's measure, src/explain/influence.ts) on
 * held-out states: every state of `episodes` greedy episodes of the network the tree mimics
 * (`heldOutSet`: seeds disjoint from the ones the tree learned from). Playing those episodes takes
 * a fraction of a second, so the result is cached with the tree version, per network, episodes
 * and seed. The same states give each feature's range under the agent's own play, which bounds the
 * inspector's what-if sliders where the observation space is unbounded.
 */
import { argmax, type QFunction } from '../core/q-function.ts';
import { featureInfluence } from '../explain/index.ts';
import { heldOutSet } from '../mimic/offline.ts';
import { readRunConfig } from '../runs/run-files.ts';
import { envOfRun } from './run-env.ts';
import type { ServerContext } from './context.ts';
import type { InfluenceResponse } from './dto.ts';
import { ownPlayFields } from './own-play-fields.ts';
import type { RunEntry } from './run-catalog.ts';
import { networkOf } from './run-network.ts';

export interface InfluenceOptions {
  episodes: number;
  seed: number;
}

export function influenceOf(ctx: ServerContext, entry: RunEntry, { episodes, seed }: InfluenceOptions): Promise<InfluenceResponse> {
  const loaded = ctx.trees.get(entry.dir);
  return networkOf(ctx, entry, 'saved').then(({ qf, weights }) =>
    loaded.memo(`influence:${weights}:${episodes}:${seed}`, async () => {
      const held = heldOutSet(asPolicy(qf), envOfRun(readRunConfig(entry.dir)), episodes, seed);
      const report = featureInfluence(loaded.tree, held);
      return {
        // The same fields, from the same kind of episodes, as the own-play route of a run without a tree.
        ...ownPlayFields(held, { episodes, seed, weights }, report.featureNames),
        actionNames: report.actionNames,
        total: report.total,
        totalPerAction: report.totalPerAction,
        features: report.features,
        splits: report.nodes.length,
      } satisfies InfluenceResponse;
    }),
  );
}

/** A greedy policy over any Q-function (the live network has no `act`). */
export function asPolicy(qf: QFunction): QFunction & { act(obs: Float32Array): number } {
  return { obsDim: qf.obsDim, nActions: qf.nActions, qValues: (o) => qf.qValues(o), qBatch: (o, n) => qf.qBatch(o, n), act: (o) => argmax(qf.qValues(o)) };
}
