/**
 * Network explainers bench (issue 6), one JSON object. On a CartPole agent (the pretrained one if
 * agents/pretrained/CartPole-v1 exists, else the preset trained here, seed 1) with its Active Play
 * tree (256 leaves), over states from separate greedy episodes:
 * - `latencyUs`: per method, median µs per state at its default budget (prototype: per call);
 *   the tree's per-state explanation three ways (`tree.decompose` — the contributions compared
 *   below; `explainState` without and with the network's Q).
 * - `accuracy`: default-budget SHAP / KernelSHAP against exact Shapley (max |error|), IG's
 *   completeness error, counterfactual size (default L1) over a 10,000-sample random search's best.
 * - `agreementWithExact`: mean Spearman ρ and top-2 overlap of |values| against exact Shapley, for
 *   the tree and every network attribution.
 * - `treeSpeedupVsKernelShap`: the cheapest KernelSHAP (background size × coalitions) whose
 *   agreement with exact Shapley is at least the tree's, timed against the tree's contributions;
 *   `treeSpeedupVsKernelShapDefault`: against KernelSHAP's default budget, timed in alternating
 *   rounds (median ratio) so load on the machine cancels; `explainStateSpeedupVsKernelShapDefault`:
 *   the same for the full `explainState` object (path, leaf, names: what the CLI prints).
 * Usage: npx tsx bench/explain.ts [--quick]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listEnvs, make } from '../envs/index.ts';
import { median } from '../src/core/median.ts';
import { Rng } from '../src/core/rng.ts';
import { resolveDqnConfig } from '../src/dqn/config.ts';
import { loadPreset } from '../src/dqn/presets.ts';
import { explainState } from '../src/explain/index.ts';
import { agreementWithTree, compareAttributions, NetworkExplainer, type NetworkMethod, type StateAgreement } from '../src/explain/network/index.ts';
import { activePlay, heldOutSet } from '../src/mimic/offline.ts';
import { loadRunNetwork } from '../src/runs/load-network.ts';
import { TrainingRun } from '../src/runs/training-run.ts';
import { benchTempDir } from './temp-dir.ts';

const quick = process.argv.includes('--quick');
const STATES = quick ? 20 : 100;
const round = (x: number, d = 4) => +x.toFixed(d);
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

const env = make('CartPole-v1');
const pretrained = join(import.meta.dirname, '../agents/pretrained/CartPole-v1');
let dir = pretrained;
if (!existsSync(join(pretrained, 'model.json'))) {
  const preset = loadPreset('CartPole-v1');
  const config = resolveDqnConfig({ ...preset.dqn, env: preset.env, seed: 1, checkpointFreq: 0 }, listEnvs());
  dir = (await (await TrainingRun.start(config, { runsDir: benchTempDir('qlens-bench-explain-'), preset: preset.name })).run()).dir;
}
const { network } = await loadRunNetwork(dir);
const names = { featureNames: env.spec.featureNames, actionNames: env.spec.actionNames };
const { tree } = activePlay(network, env, names, { seed: 1, lmut: { maxLeaves: 256 }, heldOutEpisodes: 1 });
const background = heldOutSet(network, env, 5, 1);
const test = heldOutSet(network, env, 5, 2);
const states = Array.from({ length: STATES }, (_, k) => test.obs.slice(Math.floor((k * test.n) / STATES) * 4, Math.floor((k * test.n) / STATES) * 4 + 4));
const explainer = (backgroundSize = 100) => new NetworkExplainer({ network, states: background, space: env.observationSpace, ...names, backgroundSize });
const main = explainer();

// Latency per method: warm up, then time each state separately (median).
async function timeMethod(method: NetworkMethod, count: number): Promise<number> {
  await main.explain(method, states[0]!);
  const times: number[] = [];
  for (const s of states.slice(0, count)) {
    const t0 = performance.now();
    await main.explain(method, s);
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}
function timeTree(f: (s: Float32Array) => unknown): number {
  for (const s of states) f(s);
  const reps = 20;
  const t0 = performance.now();
  for (let r = 0; r < reps; r++) for (const s of states) f(s);
  return ((performance.now() - t0) * 1000) / (reps * states.length);
}
const latencyUs: Record<string, number> = {};
for (const [method, count] of [['saliency', STATES], ['ig', 20], ['shap', STATES], ['kernelshap', STATES], ['exact', STATES], ['lime', 20], ['pdp', 20], ['counterfactual', 20], ['prototype', 3]] as const) {
  latencyUs[method] = round(await timeMethod(method, count), 1);
}
// The tree against default KernelSHAP in alternating rounds, so load on the machine hits both
// alike; medians over rounds of the per-state times and of their ratio.
async function interleaved(tree: (s: Float32Array) => unknown) {
  const treeUs: number[] = [];
  const kernelUs: number[] = [];
  for (let round = 0; round < 7; round++) {
    treeUs.push(timeTree(tree));
    const t0 = performance.now();
    for (const s of states) await main.explain('kernelshap', s);
    kernelUs.push(((performance.now() - t0) * 1000) / states.length);
  }
  return { treeUs: median(treeUs), kernelUs: median(kernelUs), ratio: median(kernelUs.map((k, r) => k / treeUs[r]!)) };
}
const contributions = await interleaved((s) => tree.decompose(s));
const fullExplanation = await interleaved((s) => explainState(tree, s));
latencyUs.kernelshap = round(contributions.kernelUs, 1);
latencyUs.treeContributions = round(contributions.treeUs, 2);
latencyUs.treeExplainState = round(fullExplanation.treeUs, 2);
latencyUs.treeExplainStateWithNetwork = round(timeTree((s) => explainState(tree, s, { network })), 2);

// Accuracy at the default budgets, and every attribution's agreement with exact Shapley.
const exact = await Promise.all(states.map((s) => main.explain('exact', s)));
const maxAbs = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!))));
const agreement: Record<string, StateAgreement[]> = { tree: states.map((s, k) => agreementWithTree(explainState(tree, s), exact[k]!)) };
const accuracy: Record<string, number> = { shapMaxError: 0, kernelShapMaxError: 0, igMaxCompletenessError: 0 };
for (const method of ['saliency', 'ig', 'shap', 'kernelshap', 'lime'] as const) {
  agreement[method] = [];
  for (const [k, s] of states.entries()) {
    const r = await main.explain(method, s, method === 'shap' || method === 'kernelshap' || method === 'lime' ? { seed: k } : {});
    agreement[method]!.push(compareAttributions(exact[k]!.values, r.values));
    if (method === 'shap') accuracy.shapMaxError = Math.max(accuracy.shapMaxError!, maxAbs(r.values, exact[k]!.values));
    if (method === 'kernelshap') accuracy.kernelShapMaxError = Math.max(accuracy.kernelShapMaxError!, maxAbs(r.values, exact[k]!.values));
    if (method === 'ig' && 'completenessError' in r) accuracy.igMaxCompletenessError = Math.max(accuracy.igMaxCompletenessError!, ...r.completenessError);
  }
}
const summary = (list: StateAgreement[]) => ({ spearman: round(mean(list.map((a) => a.spearman ?? 0)), 3), topK: round(mean(list.map((a) => a.topK)), 3) });
const agreementWithExact = Object.fromEntries(Object.entries(agreement).map(([m, list]) => [m, summary(list)]));

// Counterfactuals against a 10,000-sample random search in the same bounds.
let worstRatio = 0;
for (const [k, s] of states.slice(0, quick ? 5 : 20).entries()) {
  const cf = await main.explain('counterfactual', s, { seed: k });
  const rng = new Rng(k);
  const rows = Float32Array.from({ length: 40_000 }, (_, j) => rng.uniform(cf.bounds.low[j % 4]!, cf.bounds.high[j % 4]!));
  const q = network.qBatch(rows, 10_000);
  let best = Infinity;
  for (let r = 0; r < 10_000; r++) {
    if ((q[2 * r + 1]! > q[2 * r]! ? 1 : 0) === cf.action) continue;
    const u = [0, 1, 2, 3].map((i) => (rows[4 * r + i]! - s[i]!) / cf.scale[i]!);
    best = Math.min(best, cf.norm === 'l1' ? u.reduce((t, v) => t + Math.abs(v), 0) : Math.hypot(...u));
  }
  if (cf.distance !== null) worstRatio = Math.max(worstRatio, cf.distance / best);
}
accuracy.counterfactualOverRandomSearchWorst = worstRatio;

// KernelSHAP budgets (background size × coalitions) against the tree at equal agreement.
const treeAgreement = agreementWithExact.tree!;
const sweep = [];
for (const backgroundSize of [1, 2, 5, 10, 20, 50, 100]) {
  const ex = explainer(backgroundSize);
  for (const samples of [2, 4, 8, 14]) {
    const list: StateAgreement[] = [];
    const times: number[] = [];
    for (const [k, s] of states.entries()) {
      const t0 = performance.now();
      const r = await ex.explain('kernelshap', s, { samples, seed: k });
      times.push((performance.now() - t0) * 1000);
      list.push(compareAttributions(exact[k]!.values, r.values));
    }
    sweep.push({ backgroundSize, coalitions: samples, ...summary(list), us: round(median(times), 1) });
  }
}
const matching = sweep.filter((c) => c.spearman >= treeAgreement.spearman && c.topK >= treeAgreement.topK).sort((a, b) => a.us - b.us);
const cheapest = matching[0] ?? null;

console.log(JSON.stringify({
  bench: 'explain',
  agent: dir === pretrained ? 'agents/pretrained/CartPole-v1' : 'CartPole-v1 preset, seed 1 (trained here)',
  tree: { leaves: tree.summary.leaves, depth: tree.summary.depth },
  states: STATES,
  backgroundSize: main.distribution.backgroundSize,
  latencyUs,
  accuracy: Object.fromEntries(Object.entries(accuracy).map(([k, v]) => [k, round(v, 5)])),
  agreementWithExact,
  kernelShapSweep: sweep,
  kernelShapMatchingTree: cheapest,
  treeSpeedupVsKernelShap: cheapest ? round(cheapest.us / latencyUs.treeContributions!, 1) : null,
  treeSpeedupVsKernelShapDefault: round(contributions.ratio, 1),
  explainStateSpeedupVsKernelShapDefault: round(fullExplanation.ratio, 1),
}, null, 2));
await main.dispose();
network.dispose();
