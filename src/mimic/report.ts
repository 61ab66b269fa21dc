/**
 * The fidelity report of a grown tree (issue #4): on held-out greedy-play states, the tree's Q error
 * and action agreement beside CART (same leaf budget) and one linear model fitted on the same
 * training data, plus the greedy return of each as a policy next to the network's. Saved as
 * `fidelity.json` in the run, shown by `qlens mimic` and the dashboard's Global view.
 */
import type { Env } from '../core/env.ts';
import { evaluatePolicy, type Policy } from '../dqn/evaluate.ts';
import { type Baselines, fitBaselines, type FidelityReport, type GreedyReturn, leavesPerAction, measureCoverage, measureFidelity } from '../explain/index.ts';
import type { MimicSetting, OfflineMimicResult, PruneSummary } from './offline.ts';

export interface FidelityFile {
  format: 'qlens-fidelity';
  version: 1;
  setting: MimicSetting;
  createdAt: string;
  /** Greedy episodes per policy for `report.greedyReturns`. */
  evalEpisodes: number;
  evalSeed: number;
  treeSeconds: number;
  /** Present when the tree was post-pruned (`qlens mimic --prune`): against what, and what it did. */
  pruned?: PruneSummary;
  report: FidelityReport;
}

export interface ReportOptions {
  evalEpisodes: number;
  evalSeed: number;
  /**
   * CART and the linear model as `mimicBaselines(result, evalSeed)` fits them, when the caller
   * needs them too (`qlens mimic --save-data` saves their predictions): fitted here otherwise.
   */
  baselines?: Baselines;
}

/** The baselines the report compares the tree with: fitted on the tree's own training data, CART to its leaf count. */
export function mimicBaselines(result: OfflineMimicResult, seed: number): Baselines {
  const { tree, train } = result;
  return fitBaselines(train, { obsDim: tree.obsDim, nActions: tree.nActions, leaves: leavesPerAction(tree), seed });
}

export function fidelityFile(network: Policy, env: Env, result: OfflineMimicResult, options: ReportOptions): FidelityFile {
  const { tree, train, heldOut } = result;
  const baselines = options.baselines ?? mimicBaselines(result, options.evalSeed);
  const play = (policy: Policy): GreedyReturn => {
    const r = evaluatePolicy(policy, env, { episodes: options.evalEpisodes, seed: options.evalSeed });
    // Half-width of the 95% interval of the mean (normal approximation; 100 episodes by default).
    return { mean: r.mean, episodes: r.returns.length, ci95: (1.96 * r.std) / Math.sqrt(r.returns.length) };
  };
  const greedyReturns = { network: play(network), lmut: play(tree), cart: play(baselines.cart), linear: play(baselines.linear) };
  const coverage = measureCoverage(train, heldOut, tree.obsDim, tree.nActions);
  const report = measureFidelity(tree, heldOut, { baselines, greedyReturns, coverage });
  return {
    format: 'qlens-fidelity',
    version: 1,
    setting: result.setting,
    createdAt: new Date().toISOString(),
    evalEpisodes: options.evalEpisodes,
    evalSeed: options.evalSeed,
    treeSeconds: result.seconds,
    ...(result.pruned ? { pruned: result.pruned } : {}),
    report,
  };
}
