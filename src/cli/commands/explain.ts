/**
 * `qlens explain`: why the agent acts as it does in one state — the tree's split path, each
 * feature's contribution to every action's Q (summing exactly to the tree's Q) and the network's
 * own Q beside it. With `--method`, the network's own explanations follow (gradient × input,
 * integrated gradients, SHAP, KernelSHAP, exact Shapley, LIME, PDP/ICE, a counterfactual,
 * prototypes), each attribution with its agreement with the tree. Their background is the agent's
 * own greedy play (`--episodes`, seeded), as SHAP's docs advise.
 */
import type { Command } from 'commander';
import { make, registration } from '../../../envs/index.ts';
import { ConfigError, DataError, FileFormatError } from '../../core/errors.ts';
import { argmax } from '../../core/q-function.ts';
import { decisionTerms, explainState, type Explanation, formatExplanation, formatNetworkLine, formatStateLine } from '../../explain/index.ts';
import { formatNumber, joinAnd } from '../../explain/format.ts';
import { type FeatureRange, featureRanges, OWN_PLAY, outsidePlayNote, outsideRanges } from '../../explain/play-range.ts';
import { unreachableNote, violatedConditions } from '../../explain/reachable.ts';
import { BOUNDED_METHODS, boundsAround, explainWithMethods, formatNetworkExplanation, NETWORK_METHODS, NetworkExplainer, NORMS, type NetworkMethod, parseMethods, resolveMethodOptions } from '../../explain/network/index.ts';
import { heldOutSet } from '../../mimic/offline.ts';
import { type LoadedRun, loadRunNetwork } from '../../runs/load-network.ts';
import { hasRunTree, loadRunTree } from '../../runs/load-tree.ts';
import { loadTreeIfReadable } from '../../runs/optional-tree.ts';
import type { LinearModelUTree } from '../../lmut/index.ts';
import { checkpointArg, positiveInt } from '../numbers.ts';
import { refuseGiven } from '../options.ts';
import { parseState } from '../../core/state-text.ts';
import { MAX_SEED } from '../../core/seed-range.ts';

interface ExplainFlags {
  run: string;
  tree?: string;
  checkpoint?: string;
  state: string;
  json?: boolean;
  method?: string;
  action?: string;
  norm?: string;
  target?: string;
  episodes: string;
  seed: string;
  options?: string;
}

export function register(program: Command): void {
  program
    .command('explain')
    .description('Explain the agent’s decision in one state: tree path, per-feature contributions, tree vs network Q, and the network’s own attributions')
    .requiredOption('--run <dir>', 'run directory or pretrained agent')
    .requiredOption('--state <values>', 'the observation in feature order (see `qlens envs`): commas and/or spaces between the numbers, optionally in [ ] or ( ), or as NumPy and PyTorch echo it (array(…), tensor(…))')
    .option('--tree <file>', "a tree grown for the run's agent elsewhere (`qlens mimic --out`: its folder or its tree.json) instead of the run's tree.json")
    .option('--checkpoint <step>', "explain a checkpoint's network, with the online tree saved beside it: a step the run kept, or 'last'")
    .option('--method <list>', `network explanations, comma-separated: ${NETWORK_METHODS.join('|')}|all`)
    .option('--action <name|index>', 'action whose attributions and PDP are shown (default: the network’s greedy action)')
    .option('--norm <l1|l2>', 'counterfactual distance (in units of the agent’s spread per feature)')
    .option('--target <name|index>', 'counterfactual: the action to flip to (default: any other)')
    .option('--episodes <n>', 'greedy episodes whose states are the background / state distribution', '5')
    .option('--seed <n>', 'seed of those episodes and of the sampling methods', '1')
    .option('--options <json>', 'per-method options, e.g. \'{"shap":{"permutations":4000},"ig":{"baseline":"zero"}}\'')
    .option('--json', 'print the explanation as JSON')
    .addHelpText('after', [
      '\nExamples:',
      '  qlens explain --run agents/pretrained/CartPole-v1 --state "0.01,0.2,-0.03,-0.3"',
      '  qlens explain --run agents/pretrained/CartPole-v1 --state "0.01,0.2,-0.03,-0.3" --method shap,ig,counterfactual',
    ].join('\n'))
    .action(async (flags: ExplainFlags, command: Command) => {
      const asked = flags.checkpoint === undefined ? undefined : checkpointArg(flags.checkpoint);
      const loaded = await loadRunNetwork(flags.run, 'fused', { checkpoint: asked });
      const { network, config } = loaded;
      // The step `last` stands for, so the tree comes from the same checkpoint as the network.
      const checkpoint = asked === undefined ? undefined : loaded.checkpoint!;
      if (checkpoint !== undefined) process.stderr.write(`explaining checkpoint ${checkpoint} of ${flags.run}: its network${flags.tree === undefined ? ' and the online tree saved with it' : ` and the tree in ${flags.tree}`}\n`);
      const names = { featureNames: config.envSpec.featureNames, actionNames: config.envSpec.actionNames };
      // The tree reads the state as typed, in float64 like the dashboard's API and the exported policy
      // (a value on a split threshold goes the same way in all three); the network takes float32.
      const typed = parseState(flags.state, names.featureNames);
      const obs = Float32Array.from(typed);
      const hasTree = hasRunTree(flags.run, flags.tree, checkpoint);
      if (flags.method === undefined && hasTree) refuseGiven(command, ['action', 'norm', 'target', 'episodes', 'seed', 'options'], 'without --method (they set up the network explanations)');
      const treeModel = hasTree ? explainTree(flags, checkpoint) : undefined;
      const tree = treeModel ? explainState(treeModel, typed, { network, ...names }) : undefined;
      if (flags.method === undefined && tree) {
        const outside = outsidePlay(obs, loaded, names.featureNames);
        process.stdout.write(flags.json ? `${JSON.stringify({ ...tree, decision: decisionTerms(tree), outsidePlay: outside, neverInPlay: neverInPlay(obs, config.envSpec.id) })}\n` : `${formatExplanation(tree)}${unreachableText(obs, config.envSpec.id)}${outsideText(obs, outside)}\n`);
        return;
      }
      // A run without a tree (trained with --no-mimic) gets what the dashboard's Inspector gives it: the network's own view.
      const methods = flags.method ?? NO_TREE_METHODS.join(',');
      const out = await explainNetwork(loaded, obs, tree, { ...flags, method: methods }, command, flags.method === undefined);
      process.stdout.write(flags.json ? `${JSON.stringify(out.json)}\n` : `${out.text}\n`);
    });
}

/**
 * The tree to explain with. Without --method it is what the command shows, so a tree.json that
 * does not load is an error (naming the file, and the way to the network's side); with --method
 * the network's explanations are the point and the tree only adds its agreement, so a broken one
 * is skipped with a warning (optional-tree.ts).
 */
function explainTree(flags: ExplainFlags, checkpoint: number | undefined): LinearModelUTree | undefined {
  if (flags.method !== undefined) return loadTreeIfReadable(flags.run, flags.tree, checkpoint, 'explaining with the network alone');
  try {
    return loadRunTree(flags.run, flags.tree, checkpoint);
  } catch (err) {
    if (err instanceof FileFormatError && flags.tree === undefined) throw new FileFormatError(err.file, `${err.reason}; \`--method shap\` explains with the network alone`);
    throw err;
  }
}

/**
 * What `qlens explain` shows of a run without a tree when no --method is given: permutation SHAP,
 * among the dashboard's defaults and the one whose reference + values = Q reads like the tree's terms.
 */
const NO_TREE_METHODS: readonly NetworkMethod[] = ['shap'];
const NO_TREE_METHODS_TEXT = 'permutation SHAP';

async function explainNetwork(loaded: LoadedRun, obs: Float32Array, tree: Explanation | undefined, flags: ExplainFlags & { method: string }, command: Command, defaulted: boolean) {
  const { network, config } = loaded;
  const { featureNames, actionNames } = config.envSpec;
  const methods = parseMethods(flags.method, network.obsDim);
  // Named as the flag (the options check below would name the option).
  if (flags.norm !== undefined && !(NORMS as readonly string[]).includes(flags.norm)) throw ConfigError.invalidValue('norm', JSON.stringify(flags.norm), NORMS.join(' or '), '--norm');
  if (!methods.includes('counterfactual')) refuseGiven(command, ['norm', 'target'], 'without counterfactual in --method (they set up the counterfactual)');
  const seed = positiveInt('seed', flags.seed, MAX_SEED, 0);
  const options = methodOptions(flags, actionNames, seed);
  // Every method's options are checked before the episodes are played (each method checks its own only when it runs).
  for (const m of methods) resolveMethodOptions(m, options[m] ?? {});
  const qNetwork = Array.from(network.qValues(obs));
  const action = flags.action === undefined ? argmax(qNetwork) : actionIndex('action', flags.action, actionNames);
  const env = make(config.envSpec.id);
  const states = heldOutSet(network, env, positiveInt('episodes', flags.episodes, 100_000), seed);
  const explainer = new NetworkExplainer({ network, states, space: env.observationSpace, reachable: registration(config.envSpec.id)?.reachable, featureNames, actionNames, seed });
  // A state outside a real observation bound gets every asked-for method that can still run, and a line on the rest;
  // when none can, the first one's error says why.
  const unbounded = methods.filter((m) => !BOUNDED_METHODS.includes(m));
  const skipped = unbounded.length > 0 && unbounded.length < methods.length ? outOfBoundsReason(explainer, obs) : null;
  const skippedMethods = skipped ? methods.filter((m) => BOUNDED_METHODS.includes(m)) : [];
  const run = skipped ? unbounded : methods;
  try {
    const { results, agreement } = await explainWithMethods(explainer, obs, run, options, tree);
    const json = tree
      ? { ...tree, network: results, agreement }
      : { observation: Array.from(obs), featureNames, actionNames, qNetwork, networkAction: argmax(qNetwork), noTree: noTreeText(flags.run), network: results, agreement: {} };
    const treeTerms = tree && { contributions: tree.contributions.map((terms) => terms.map((t) => t.contribution)), bias: tree.bias };
    const body = formatNetworkExplanation({ results, featureNames, actionNames, action, tree: treeTerms, reachable: registration(config.envSpec.id)?.reachable });
    const head = tree ? formatExplanation(tree) : networkOnlyHead(flags.run, obs, qNetwork, featureNames, actionNames, defaulted);
    const background = `Background: ${explainer.distribution.backgroundSize} of ${states.n} states from ${flags.episodes} greedy episodes of the agent.`;
    const skippedText = skipped ? [`Skipped ${joinAnd(skippedMethods)}: ${skipped} (${skippedMethods.length === 1 ? 'it works' : 'they work'} inside the observation bounds).`] : [];
    const facts = { neverInPlay: neverInPlay(obs, config.envSpec.id), ...(skipped ? { skipped: { methods: skippedMethods, reason: skipped } } : {}) };
    return { json: { ...json, ...facts }, text: [head + unreachableText(obs, config.envSpec.id), background, body, ...skippedText].join('\n\n') };
  } finally {
    await explainer.dispose();
  }
}

function noTreeText(run: string): string {
  return `No tree in ${run} (grow one with \`qlens mimic --run ${run}\`); network explanations only.`;
}

/**
 * The head of an explanation without a tree: that there is none and how to grow one, then the state
 * and the network's Q-values and pick (what the tree's lines would have stood beside). When no
 * --method was given (`defaulted`) it names the method chosen and how to ask for others.
 */
function networkOnlyHead(run: string, obs: Float32Array, qNetwork: number[], featureNames: readonly string[], actionNames: readonly string[], defaulted: boolean): string {
  const chosen = defaulted ? ` Without --method: ${NO_TREE_METHODS_TEXT} (--method picks others: ${NETWORK_METHODS.join('|')}|all).` : '';
  return [`${noTreeText(run)}${chosen}`, formatStateLine(Array.from(obs), featureNames), formatNetworkLine(qNetwork, actionNames)].join('\n');
}

/** Why the bounded methods cannot run at `obs` (it lies outside a real observation bound), or null when they can. */
function outOfBoundsReason(explainer: NetworkExplainer, obs: Float32Array): string | null {
  try {
    boundsAround(explainer.distribution.bounds, obs, explainer.featureNames);
    return null;
  } catch (err) {
    if (err instanceof DataError) return err.message;
    throw err;
  }
}

/** Methods that draw random numbers: they take `--seed` unless `--options` gives their own. */
const SEEDED: NetworkMethod[] = ['shap', 'kernelshap', 'lime', 'counterfactual', 'prototype'];

/** `--options` JSON, with `--norm`/`--target` folded into the counterfactual's options and `--seed` into the sampling methods'. */
function methodOptions(flags: ExplainFlags, actionNames: readonly string[], seed: number): Partial<Record<NetworkMethod, Record<string, unknown>>> {
  let options: Record<string, Record<string, unknown>> = {};
  if (flags.options !== undefined) {
    try {
      options = JSON.parse(flags.options);
    } catch {
      throw new ConfigError('options', `Invalid --options: ${JSON.stringify(flags.options)} (allowed: a JSON object mapping method names to option objects)`);
    }
    if (!options || typeof options !== 'object' || Array.isArray(options)) {
      throw new ConfigError('options', `Invalid --options: ${JSON.stringify(flags.options)} (allowed: a JSON object mapping method names to option objects)`);
    }
  }
  if (flags.norm !== undefined || flags.target !== undefined) {
    options.counterfactual = {
      ...options.counterfactual,
      ...(flags.norm !== undefined ? { norm: flags.norm } : {}),
      ...(flags.target !== undefined ? { target: actionIndex('target', flags.target, actionNames) } : {}),
    };
  }
  for (const method of SEEDED) {
    const given = options[method];
    // Anything but an object is left for the method's validator to reject by name.
    if (given === undefined || (typeof given === 'object' && given !== null && !Array.isArray(given))) options[method] = { seed, ...given };
  }
  return options;
}

/** An action given by name or index. */
function actionIndex(field: string, raw: string, actionNames: readonly string[]): number {
  const byName = actionNames.indexOf(raw);
  if (byName >= 0) return byName;
  const n = Number(raw);
  if (raw.trim() !== '' && Number.isInteger(n) && n >= 0 && n < actionNames.length) return n;
  throw new ConfigError(field, `Invalid --${field}: ${JSON.stringify(raw)} (allowed: ${actionNames.join(', ')} or an index in [0, ${actionNames.length - 1}])`);
}

/** Features of `obs` outside their range under the agent's own greedy play (the Inspector's episodes): there the tree extrapolates. */
function outsidePlay(obs: Float32Array, loaded: LoadedRun, featureNames: readonly string[]): FeatureRange[] {
  const held = heldOutSet(loaded.network, make(loaded.config.envSpec.id), OWN_PLAY.episodes, OWN_PLAY.seed);
  return outsideRanges(obs, featureRanges(held.obs, held.n, featureNames));
}

function outsideText(obs: Float32Array, outside: FeatureRange[]): string {
  if (outside.length === 0) return '';
  const items = outside.map((o) => `${o.featureName} ${formatNumber(obs[o.feature]!, 4)} (play: ${formatNumber(o.min, 4)} … ${formatNumber(o.max, 4)})`);
  return `\n\nNote: ${outsidePlayNote(items, OWN_PLAY.episodes)}`;
}

/** The note on a state the env never produces in play (the Inspector's wording): empty when it can occur. */
function unreachableText(obs: Float32Array, envId: string): string {
  const note = unreachableNote(violatedConditions(obs, registration(envId)?.reachable ?? []), (v) => formatNumber(v, 4));
  return note ? `\n\nNote: ${note}` : '';
}

/** The same for `--json`: each condition the state breaks, in words, with the state's value. */
function neverInPlay(obs: Float32Array, envId: string): { condition: string; value: number }[] {
  return violatedConditions(obs, registration(envId)?.reachable ?? []).map((v) => ({ condition: v.condition.why, value: v.value }));
}
