/**
 * LMUT options in, frozen config out (DESIGN.md §7). Knob names follow river / FIMT
 * (`gracePeriod`, `splitConfidence`, `tieThreshold`, `minSamplesSplit`, `maxDepth`) so that people
 * who know online trees find them; the defaults were chosen by measurement on DQN-like Q functions
 * (see the issue-4 report): residual criterion, exact ridge leaf models, reservoir memory.
 *
 *   resolveLmutConfig({ maxLeaves: 0 })  // ConfigError: Invalid maxLeaves: 0 (allowed: an integer >= 1)
 */
import { z } from 'zod';
import { opt, resolveConfig } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';

export const SPLIT_CRITERIA = ['variance', 'residual'] as const;
export const SIGNIFICANCE_RULES = ['hoeffding', 'relativeGain'] as const;
export const LEAF_MODELS = ['rls', 'sgd', 'adam'] as const;
export const MEMORY_POLICIES = ['reservoir', 'window'] as const;

export interface LmutOptions {
  /**
   * Samples a leaf must see between two split attempts (river `grace_period`). The data-gathering
   * phase of the paper; the attempt itself is the splitting phase.
   * @default 200
   */
  gracePeriod?: number;
  /**
   * Minimum number of memory samples *each* child of a candidate split must receive (river's
   * meaning of `min_samples_split`). Keeps a child's linear models from being fitted on a handful
   * of points.
   * @default 25
   */
  minSamplesSplit?: number;
  /** Deepest level a leaf may reach (the root is depth 0). The authors' code used 20. @default 20 */
  maxDepth?: number;
  /** Largest number of leaves; no leaf splits once the tree has this many. @default 256 */
  maxLeaves?: number;
  /**
   * Once `maxLeaves` is reached, let a leaf whose best split is worth at least twice as much as the
   * weakest existing split (whose children are both leaves) take its place: that split is undone
   * and the new one made, so the budget drifts to where it removes the most error (best-first
   * growth, online). `rls` leaves only.
   * @default true
   */
  recycleLeaves?: boolean;
  /**
   * Samples each leaf keeps in memory to score candidate splits and to refit children (the
   * authors kept 3000). Memory is cleared when a leaf splits, so the tree holds at most
   * `maxLeaves × memorySize` samples.
   * @default 1000
   */
  memorySize?: number;
  /**
   * Which samples a full leaf memory keeps: `reservoir` (a uniform sample of everything the leaf
   * saw: best for a stationary target, and for RL streams whose consecutive states are
   * correlated) or `window` (the most recent ones, as the authors' code: tracks a moving target).
   * @default 'reservoir'
   */
  memoryPolicy?: (typeof MEMORY_POLICIES)[number];
  /**
   * How candidate splits are scored. `variance`: the paper's size-weighted reduction of the
   * Q labels' variance. `residual`: reduction of the squared error of the children's linear fits
   * (what the leaf models will actually achieve), so a leaf the linear model already fits does
   * not split.
   * @default 'residual'
   */
  splitCriterion?: (typeof SPLIT_CRITERIA)[number];
  /**
   * Weight of the actions' differences from their mean Q (what decides the greedy action) against
   * the mean itself when scoring splits: 1 scores the plain squared error summed over actions;
   * larger values spend splits where the actions' ranking changes, raising action agreement.
   * @default 1
   */
  advantageWeight?: number;
  /**
   * When a leaf's best candidate is good enough to split on. `relativeGain`: the squared-error
   * reduction divided by the leaf's error is at least `minRelativeGain`. `hoeffding`: river/FIMT's
   * test, the best feature's merit beats the second best's with confidence `1 − splitConfidence`
   * (or the two are tied within `tieThreshold`); `minRelativeGain` still applies as a floor.
   * Under both, a split must also lower the BIC of the leaf's memory (pay for the new child's
   * parameters), which keeps noisy leaves from splitting on a few hundred samples.
   * @default 'relativeGain'
   */
  significance?: (typeof SIGNIFICANCE_RULES)[number];
  /** δ of the Hoeffding bound (river `split_confidence`). @default 1e-7 */
  splitConfidence?: number;
  /** Hoeffding bound below which the two best features count as tied (river `tie_threshold`). @default 0.05 */
  tieThreshold?: number;
  /** Smallest relative error reduction a split must bring (both significance rules). @default 0.02 */
  minRelativeGain?: number;
  /**
   * Thresholds tried per feature in the first pass (quantiles of the leaf memory); the best one
   * is then refined between its neighbours using every distinct memory value there.
   * @default 32
   */
  candidates?: number;
  /**
   * The per-action linear model in each leaf. `rls`: the exact ridge least-squares solution from
   * the leaf's sufficient statistics (what recursive least squares computes; O(d²) per sample, for
   * narrow inputs). `sgd`: normalised LMS; `adam`: Adam; both O(d) per sample, for wide inputs.
   * @default 'rls'
   */
  leafModel?: (typeof LEAF_MODELS)[number];
  /**
   * Ridge strength of `rls` leaves, in pseudo-samples (standardised units when `standardize`).
   * A child's model is shrunk towards its parent's weights, not towards zero.
   * @default 1
   */
  ridge?: number;
  /**
   * Step size of `sgd`/`adam` leaves (in standardised units); unused by `rls`. The default depends
   * on the learner (measured on DQN Q functions): 0.1 for `sgd` (normalised LMS is stable below 2),
   * 0.01 for `adam`.
   * @default 0.1 (sgd) or 0.01 (adam)
   */
  learningRate?: number;
  /** Fit leaf models in standardised feature units (reported weights are always in raw units). @default true */
  standardize?: boolean;
  /**
   * Reproduce the authors' layout: the root splits on the action, so every leaf models one
   * action's Q. Off by default: one walk then explains all actions of a state.
   * @default false
   */
  actionSplit?: boolean;
  /**
   * Weight kept by the past at each new sample of a leaf (FIMT's fading factor): 1 remembers
   * everything; e.g. 0.999 lets leaf models follow a network that is still training.
   * @default 1
   */
  fadingFactor?: number;
  /** Seed of the tree's random numbers (reservoir sampling). @default 0 */
  seed?: number;
}

/** The resolved, frozen configuration: every option present. Saved with the tree. */
export type LmutConfig = { readonly [K in keyof LmutOptions]-?: Exclude<LmutOptions[K], undefined> };

const schema = z.object({
  gracePeriod: opt.int(200, { min: 1 }),
  minSamplesSplit: opt.int(25, { min: 1 }),
  maxDepth: opt.int(20, { min: 0, max: 64 }),
  maxLeaves: opt.int(256, { min: 1 }),
  recycleLeaves: opt.bool(true),
  memorySize: opt.int(1000, { min: 2, max: 1_000_000 }),
  memoryPolicy: opt.oneOf(MEMORY_POLICIES, 'reservoir'),
  splitCriterion: opt.oneOf(SPLIT_CRITERIA, 'residual'),
  advantageWeight: opt.number(1, { min: 0, minExclusive: true, max: 1000 }),
  significance: opt.oneOf(SIGNIFICANCE_RULES, 'relativeGain'),
  splitConfidence: opt.number(1e-7, { min: 0, max: 1, minExclusive: true, maxExclusive: true }),
  tieThreshold: opt.number(0.05, { min: 0 }),
  minRelativeGain: opt.number(0.02, { min: 0, max: 1 }),
  candidates: opt.int(32, { min: 1, max: 1024 }),
  leafModel: opt.oneOf(LEAF_MODELS, 'rls'),
  ridge: opt.number(1, { min: 0 }),
  learningRate: z.number().gt(0).describe('a number > 0').optional(),
  standardize: opt.bool(true),
  actionSplit: opt.bool(false),
  fadingFactor: opt.number(1, { min: 0, max: 1, minExclusive: true }),
  seed: opt.int(0, { min: 0, max: 4294967295 }),
});

const DEFAULT_LEARNING_RATE = { rls: 0.1, sgd: 0.1, adam: 0.01 } as const;

// Compile-time check that the schema and the documented options describe the same fields.
type SchemaOut = z.output<typeof schema>;
const _sameKeys: [keyof SchemaOut, keyof LmutConfig] extends [keyof LmutConfig, keyof SchemaOut] ? true : never = true;
void _sameKeys;

/** Fills defaults, validates (plain-English `ConfigError`s), returns a deep-frozen config. */
export function resolveLmutConfig(options?: LmutOptions | unknown): LmutConfig {
  const parsed = resolveConfig(schema, options, 'LMUT');
  const filled: Record<string, unknown> = { ...parsed, learningRate: parsed.learningRate ?? DEFAULT_LEARNING_RATE[parsed.leafModel] };
  // Schema order, whatever the input's: a saved config re-resolves to the identical object.
  const config = Object.freeze(Object.fromEntries(Object.keys(schema.shape).map((key) => [key, filled[key]]))) as LmutConfig;
  if (2 * config.minSamplesSplit > config.memorySize) {
    throw new ConfigError(
      'minSamplesSplit',
      `Invalid minSamplesSplit: ${config.minSamplesSplit} (allowed: at most half of memorySize, ${Math.floor(config.memorySize / 2)})`,
    );
  }
  return config;
}

/** The option names, sorted (used by serialisation and by CLI flag mapping). */
export const LMUT_OPTION_NAMES: readonly string[] = Object.keys(schema.shape).sort();
