/**
 * `NetworkExplainer`: every network explanation method for one Q-network and one state
 * distribution, behind one call per method with validated inputs and JSON-ready answers.
 *
 * Create it once per network version (it summarises the states and, on first use of a gradient
 * method, copies the weights into a tfjs graph), then ask per state. A server route keeps one per
 * run and weights version and calls `explain(method, state, options)`; `dispose()` frees the tfjs
 * weights when it is evicted.
 */
import type { ReachableCondition } from '../../core/env.ts';
import { onCircle } from '../reachable.ts';
import { ConfigError, DataError } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { counterfactual, type Counterfactual } from './counterfactual.ts';
import { angleCounterfactual, anglePairs } from './counterfactual-angles.ts';
import { counterfactualBounds } from './counterfactual-bounds.ts';
import { boundsAround, checkState, describeStates, type StateDistribution } from './distribution.ts';
import type { GradientModel, WeightSource } from './gradient-model.ts';
import { integratedGradients, type IntegratedGradients } from './integrated-gradients.ts';
import { kernelShap, type KernelShap } from './kernel-shap.ts';
import { defaultKernelBudget } from './kernel-coalitions.ts';
import { lime, type Lime } from './lime.ts';
import { type NetworkMethod, resolveMethodOptions } from './options.ts';
import { partialDependence, type PartialDependence } from './pdp.ts';
import { prototypes, type Prototypes } from './prototype.ts';
import { withinReachable } from './prototype-bounds.ts';
import { gradientTimesInput, type Saliency } from './saliency.ts';
import { exactShapley } from './shapley-exact.ts';
import { samplingShapley, type SamplingShapley } from './shapley-sampling.ts';
import type { Attribution, QEvaluator, States } from './types.ts';

export interface ExplainerInput {
  /** The Q-network: `qBatch` for every method; `spec` + `getWeights` for saliency, IG and prototypes. */
  network: QEvaluator & Partial<WeightSource>;
  /** The agent's own states (greedy play): background, spread and observed ranges. */
  states: States;
  /** The observation space's box (`env.observationSpace`); infinite sides fall back to the data. */
  space?: { low: ArrayLike<number>; high: ArrayLike<number> };
  /** Where the env's episodes go on (`registration(id).reachable`): prototypes and counterfactuals stay inside its ranges. */
  reachable?: readonly ReachableCondition[];
  featureNames?: readonly string[];
  actionNames?: readonly string[];
  /** Background sample size (default 100). */
  backgroundSize?: number;
  /** Seeds the background sample. */
  seed?: number;
}

/** What `explain` returns for each method. */
export interface MethodResults {
  saliency: Saliency;
  ig: IntegratedGradients;
  shap: SamplingShapley;
  kernelshap: KernelShap;
  exact: Attribution;
  lime: Lime;
  pdp: PartialDependence;
  counterfactual: Counterfactual;
  prototype: Prototypes;
}

export class NetworkExplainer {
  readonly obsDim: number;
  readonly nActions: number;
  readonly featureNames: readonly string[];
  readonly actionNames: readonly string[];
  readonly distribution: StateDistribution;
  private gradientModel?: Promise<GradientModel>;

  constructor(private readonly input: ExplainerInput) {
    const { network } = input;
    this.obsDim = network.obsDim;
    this.nActions = network.nActions;
    if (input.states.obsDim !== network.obsDim) throw new DataError(`the states have ${input.states.obsDim} features, the network ${network.obsDim}`);
    this.featureNames = input.featureNames ?? Array.from({ length: this.obsDim }, (_, i) => `x${i}`);
    this.actionNames = input.actionNames ?? Array.from({ length: this.nActions }, (_, a) => `action ${a}`);
    this.distribution = describeStates(input.states, { space: input.space, maxBackground: input.backgroundSize ?? 100, seed: input.seed ?? 0 });
  }

  /** One method for one state (`prototype` ignores the state). Options are validated per method. */
  async explain<M extends NetworkMethod>(method: M, state: ArrayLike<number>, options: unknown = {}): Promise<MethodResults[M]> {
    const run = this.methods[method];
    if (!run) throw new ConfigError('method', `Unknown method ${JSON.stringify(method)} (allowed: ${Object.keys(this.methods).join(', ')})`);
    return run(state, options) as Promise<MethodResults[M]>;
  }

  private readonly methods: { [M in NetworkMethod]: (state: ArrayLike<number>, options: unknown) => Promise<MethodResults[M]> } = {
    saliency: async (state, options) => {
      resolveMethodOptions('saliency', options);
      return gradientTimesInput(await this.gradients('saliency'), this.check(state));
    },
    ig: async (state, options) => {
      const o = resolveMethodOptions('ig', options);
      const baseline = o.baseline === 'mean' ? Float32Array.from(this.distribution.mean) : o.baseline === 'zero' ? new Float32Array(this.obsDim) : this.check(o.baseline, 'baseline');
      return integratedGradients(await this.gradients('integrated gradients'), this.check(state), { baseline, baselineFrom: typeof o.baseline === 'string' ? o.baseline : 'given', steps: o.steps, maxSteps: Math.max(o.steps, o.maxSteps), tolerance: o.tolerance, refineDepth: o.refineDepth });
    },
    shap: async (state, options) => {
      const o = resolveMethodOptions('shap', options);
      return samplingShapley(this.input.network, this.check(state), this.background, o.permutations, new Rng(o.seed).fork('shap'));
    },
    kernelshap: async (state, options) => {
      const o = resolveMethodOptions('kernelshap', options);
      return kernelShap(this.input.network, this.check(state), this.background, o.samples ?? defaultKernelBudget(this.obsDim), new Rng(o.seed).fork('kernelshap'));
    },
    exact: async (state, options) => {
      resolveMethodOptions('exact', options);
      return exactShapley(this.input.network, this.check(state), this.background);
    },
    lime: async (state, options) => {
      const o = resolveMethodOptions('lime', options);
      const x = this.check(state);
      return lime(this.input.network, x, this.distribution, boundsAround(this.distribution.bounds, x, this.featureNames), o, new Rng(o.seed).fork('lime'));
    },
    pdp: async (state, options) => {
      const o = resolveMethodOptions('pdp', options);
      const x = this.check(state);
      return partialDependence(this.input.network, x, this.distribution, boundsAround(this.distribution.bounds, x, this.featureNames), this.featureNames, o);
    },
    counterfactual: async (state, options) => {
      const o = resolveMethodOptions('counterfactual', options);
      if (o.target !== undefined && o.target >= this.nActions) throw new ConfigError('target', `Invalid target: ${o.target} (allowed: an action index in [0, ${this.nActions - 1}])`);
      const x = this.check(state);
      // Answers stay states of play: the box is narrowed to where the env's episodes go on.
      const bounds = counterfactualBounds(boundsAround(this.distribution.bounds, x, this.featureNames), x, this.input.reachable ?? []);
      const rng = new Rng(o.seed).fork('counterfactual');
      // Angles observed as cos/sin pairs are turned, not moved apart, when the state itself is on their circles.
      const pairs = anglePairs(this.input.reachable ?? []);
      const onCircles = pairs.every((p) => onCircle(x, p.cos, p.sin));
      if (pairs.length > 0 && onCircles) return angleCounterfactual(this.input.network, x, this.distribution, bounds, pairs, this, o, rng);
      return counterfactual(this.input.network, x, this.distribution, bounds, this, o, rng);
    },
    prototype: async (_state, options) => {
      const o = resolveMethodOptions('prototype', options);
      const bounds = withinReachable(this.distribution.bounds, this.input.reachable ?? []);
      return prototypes(await this.gradients('prototypes'), this.distribution, bounds, this.actionNames, o, new Rng(o.seed).fork('prototype'));
    },
  };

  /** Frees the tfjs copy of the weights (if a gradient method made one). */
  async dispose(): Promise<void> {
    const model = this.gradientModel;
    this.gradientModel = undefined;
    if (model) (await model).dispose();
  }

  private get background() {
    return { rows: this.distribution.background, n: this.distribution.backgroundSize };
  }

  private check(state: ArrayLike<number>, what = 'state'): Float32Array {
    if (!state || typeof state.length !== 'number') throw new DataError(`the ${what} must be a list of ${this.obsDim} numbers`);
    return checkState(state, this.obsDim, what);
  }

  private gradients(method: string): Promise<GradientModel> {
    const { network } = this.input;
    if (!network.spec || !network.getWeights) throw new ConfigError('method', `${method} needs the network's weights (a QNetwork), not just its Q-values`);
    // Loaded on first use: tfjs (~0.6 s to import) is only for the gradient methods, not for the tree or SHAP.
    this.gradientModel ??= import('./gradient-model.ts').then(({ GradientModel }) => GradientModel.create(network as WeightSource));
    return this.gradientModel;
  }
}
