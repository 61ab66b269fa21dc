/**
 * LMUT bench (issue #4), one JSON object. Per pretrained agent (agents/pretrained/<env>):
 * - Active Play and Experience Training trees (≤ 256 leaves): Q RMSE ratio against CART with the
 *   same leaves and against one linear model (both fitted on the same data, measured on the same
 *   held-out greedy-play states), action agreement, the tree's greedy return next to the network's;
 * - `ingestPerSec`: samples/s of `learn` on the Active Play stream into a fresh tree (splits
 *   included), and the memory used against the config's bound;
 * - `explainUsPerState`: a full per-state explanation (path + contributions + network Q);
 * - `activePlayPruned` / `experiencePruned`: the same trees post-pruned against 10 greedy episodes
 *   (`qlens mimic --prune 10`), their leaves before and after and their held-out fidelity.
 * Plus `onlineOverhead`: wall time of CleanRL-default CartPole training with the online mimic over
 * the same run without it (same seed), measured here.
 * Usage: npx tsx bench/lmut.ts [--quick]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listEnvs, make } from '../envs/index.ts';
import { resolveDqnConfig } from '../src/dqn/config.ts';
import { explainState, type FidelityReport, measureFidelity } from '../src/explain/index.ts';
import { LinearModelUTree } from '../src/lmut/index.ts';
import { readExperienceFile } from '../src/mimic/experience-recorder.ts';
import { activePlay, experienceTraining, type OfflineMimicResult, pruneAgainstPlay } from '../src/mimic/offline.ts';
import type { Env } from '../src/core/env.ts';
import { createOnlineMimic } from '../src/mimic/plugin.ts';
import { fidelityFile } from '../src/mimic/report.ts';
import { loadRunNetwork } from '../src/runs/load-network.ts';
import { TrainingRun } from '../src/runs/training-run.ts';
import { benchTempDir } from './temp-dir.ts';

const quick = process.argv.includes('--quick');
const AGENTS = join(import.meta.dirname, '../agents/pretrained');
const LEAVES = 256;
const SEED = 1;
const round = (x: number, d = 4) => +x.toFixed(d);

function summarise(report: FidelityReport, net: number, tree: number) {
  const [lmut, cart, linear] = report.models as [FidelityReport['models'][0], FidelityReport['models'][0], FidelityReport['models'][0]];
  return {
    leaves: lmut.leaves,
    rmse: lmut.rmse,
    rmseRatioVsCart: round(lmut.rmse / cart.rmse),
    rmseRatioVsLinear: round(lmut.rmse / linear.rmse),
    agreement: round(lmut.agreement),
    cartAgreement: round(cart.agreement),
    linearAgreement: round(linear.agreement),
    // What copying the nearest training state's label achieves (src/explain/coverage.ts).
    nearestTrainingStateAgreement: report.coverage ? round(report.coverage.nearestAgreement) : null,
    heldOutDistanceVsTrainSpacing: report.coverage ? round(report.coverage.medianDistance / report.coverage.trainSpacing, 3) : null,
    networkReturn: net,
    treeReturn: tree,
    // "≥ 90 % of the network's return", read for negative returns as within 10 % of its size.
    treeReturnWithin10Pct: tree >= net - 0.1 * Math.abs(net),
  };
}

/** PRUNE_EPISODES greedy episodes of post-pruning (`qlens mimic --prune`). */
const PRUNE_EPISODES = 10;

/**
 * The grown tree post-pruned as `qlens mimic --prune` does (in place: call it once the unpruned tree
 * is measured): its size, and its held-out fidelity beside a CART of its (smaller) leaf count, on
 * the same held-out states as before.
 */
function prunedSummary(result: OfflineMimicResult, network: Parameters<typeof pruneAgainstPlay>[0], env: Env) {
  const pruned = pruneAgainstPlay(network, env, result.tree, PRUNE_EPISODES, SEED);
  const report = measureFidelity(result.tree, result.heldOut, { train: result.train, cart: { seed: SEED + 7 } }); // CART's seed as fidelityFile's
  const [lmut, cart, linear] = report.models as [FidelityReport['models'][0], FidelityReport['models'][0], FidelityReport['models'][0]];
  return { leavesBefore: pruned.leavesBefore, leaves: lmut.leaves, rmse: lmut.rmse, rmseRatioVsCart: round(lmut.rmse / cart.rmse), rmseRatioVsLinear: round(lmut.rmse / linear.rmse), agreement: round(lmut.agreement) };
}

function ingestPerSec(result: OfflineMimicResult): { perSec: number; memoryBytes: number; memoryBoundBytes: number } {
  const { train } = result;
  let best = 0;
  let tree!: LinearModelUTree;
  for (let repeat = 0; repeat < 3; repeat++) {
    tree = new LinearModelUTree(train.obsDim, train.nActions, { maxLeaves: LEAVES, seed: SEED });
    const t0 = performance.now();
    for (let s = 0; s < train.n; s += 256) {
      const n = Math.min(256, train.n - s);
      tree.learn(train.obs.subarray(s * train.obsDim, (s + n) * train.obsDim), train.q.subarray(s * train.nActions, (s + n) * train.nActions), n);
    }
    best = Math.max(best, train.n / ((performance.now() - t0) / 1000));
  }
  return { perSec: Math.round(best), memoryBytes: tree.summary.memoryBytes, memoryBoundBytes: tree.summary.memoryBoundBytes };
}

async function agent(env: string) {
  const dir = join(AGENTS, env);
  const { network, config } = await loadRunNetwork(dir);
  const names = config.envSpec;
  const game = make(env);
  const evalEpisodes = quick ? 20 : 100;
  const common = { seed: SEED, lmut: { maxLeaves: LEAVES }, heldOutEpisodes: 20 };
  const ap = activePlay(network, game, names, { ...common, ...(quick ? { states: 20_000 } : {}) });
  const apFile = fidelityFile(network, game, ap, { evalEpisodes, evalSeed: SEED + 7 });
  const g = apFile.report.greedyReturns!;
  const activePlaySummary = summarise(apFile.report, g.network!.mean, g.lmut!.mean);
  // The per-env keys (leaves, rmseRatioVsCart, rmseRatioVsLinear, agreement) are Active Play's; both settings in full below.
  const out: Record<string, unknown> = { ...activePlaySummary, activePlay: activePlaySummary };
  const recorded = join(dir, 'experience.bin');
  if (existsSync(recorded)) {
    const experience = readExperienceFile(recorded, names.featureNames);
    const et = experienceTraining(network, game, names, { ...common, experience });
    const etFile = fidelityFile(network, game, et, { evalEpisodes, evalSeed: SEED + 7 });
    const e = etFile.report.greedyReturns!;
    out.experience = summarise(etFile.report, e.network!.mean, e.lmut!.mean);
    out.experiencePruned = prunedSummary(et, network, game);
  }
  const ingest = ingestPerSec(ap);
  const states = ap.heldOut;
  const count = Math.min(states.n, 2000);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) explainState(ap.tree, states.obs.subarray(i * states.obsDim, (i + 1) * states.obsDim), { network });
  const explainUs = ((performance.now() - t0) / count) * 1000;
  out.activePlayPruned = prunedSummary(ap, network, game); // last: it prunes the tree measured above
  return { ...out, ingestPerSec: ingest.perSec, memoryBytes: ingest.memoryBytes, memoryBoundBytes: ingest.memoryBoundBytes, explainUsPerState: round(explainUs, 2) };
}

async function onlineOverhead(): Promise<{ withoutSeconds: number; withSeconds: number; ratio: number }> {
  const runsDir = benchTempDir('qlens-bench-lmut-');
  const time = async (mimic: boolean) => {
    const config = resolveDqnConfig({ env: 'CartPole-v1', totalTimesteps: quick ? 30_000 : 100_000, evalFreq: 0, checkpointFreq: 0, saveReplay: false, seed: 1 }, listEnvs());
    // finalActivePlayStates 0: the overhead of the *online* mimic, not the tree grown after training.
    const plugins = mimic ? [createOnlineMimic({ finalActivePlayStates: 0 }, make('CartPole-v1').spec, config)] : [];
    const run = await TrainingRun.start(config, { runsDir, preset: 'cleanrl', plugins });
    const t0 = performance.now();
    await run.run();
    return (performance.now() - t0) / 1000;
  };
  // Interleaved, best of five each: the machine is shared, and the minimum is the least disturbed
  // run; alternating keeps a slow spell from landing on one side only (two in a row gave 1.07-1.29).
  let without = Infinity;
  let withMimic = Infinity;
  for (let i = 0; i < 5; i++) {
    without = Math.min(without, await time(false));
    withMimic = Math.min(withMimic, await time(true));
  }
  return { withoutSeconds: round(without, 2), withSeconds: round(withMimic, 2), ratio: round(withMimic / without, 3) };
}

const out: Record<string, unknown> = { bench: 'lmut', leavesBudget: LEAVES };
for (const env of ['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0']) {
  if (!existsSync(join(AGENTS, env, 'model.json'))) {
    out[env] = { skipped: `no pretrained agent in ${join(AGENTS, env)}` };
    continue;
  }
  out[env] = await agent(env);
}
out.onlineOverhead = await onlineOverhead();
out.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(out));
