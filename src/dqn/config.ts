/**
 * Every knob of a DQN training run, with its default and the range it accepts (DESIGN.md §7: options
 * in, resolved config out). Names follow Stable-Baselines3 (`bufferSize`, `learningStarts`,
 * `trainFreq`, `targetUpdateInterval`, `explorationFraction`, `tau`, `gamma`); defaults are CleanRL
 * `dqn.py`'s, so `qlens train` with no preset behaves like the script users know. The resolved config
 * is frozen and saved as `config.json` with the run, so any run can be reproduced from it.
 */
import { unknownEnvError } from '../core/env-ids.ts';
import { z } from 'zod';
import { opt, resolveConfig } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';
import { MAX_SEED } from '../core/seed-range.ts';

export const dqnOptionsSchema = z.object({
  /** Registered environment id (`qlens envs` lists them). */
  env: z.string().describe('a registered environment id').default('CartPole-v1'),
  /** Seeds the environment, exploration, replay sampling and weight initialisation. */
  seed: opt.int(1, { min: 0, max: MAX_SEED }),
  /** Environment steps to train for. */
  totalTimesteps: opt.int(500_000, { min: 1 }),
  /** Adam learning rate. */
  learningRate: opt.number(2.5e-4, { min: 0, minExclusive: true, max: 1 }),
  /** Adam epsilon; PyTorch's default, which CleanRL and SB3 use. */
  adamEpsilon: opt.number(1e-8, { min: 0, minExclusive: true, max: 1 }),
  /** Replay buffer capacity (transitions). */
  bufferSize: opt.int(10_000, { min: 1 }),
  /** Discount factor. */
  gamma: opt.number(0.99, { min: 0, max: 1 }),
  /** Target network update rate: 1 is a hard copy, smaller values are Polyak averaging. */
  tau: opt.number(1, { min: 0, minExclusive: true, max: 1 }),
  /** Environment steps between target network updates. */
  targetUpdateInterval: opt.int(500, { min: 1 }),
  /** Minibatch size sampled from the replay buffer. */
  batchSize: opt.int(128, { min: 1 }),
  /** ε at the start of training. */
  explorationInitialEps: opt.number(1, { min: 0, max: 1 }),
  /** ε after the exploration phase. */
  explorationFinalEps: opt.number(0.05, { min: 0, max: 1 }),
  /** Fraction of `totalTimesteps` over which ε decays linearly. */
  explorationFraction: opt.number(0.5, { min: 0, max: 1 }),
  /** Environment steps collected before learning starts. */
  learningStarts: opt.int(10_000, { min: 0 }),
  /** Environment steps between training rounds. */
  trainFreq: opt.int(10, { min: 1 }),
  /** Gradient steps per training round. */
  gradientSteps: opt.int(1, { min: 1 }),
  /** Hidden layer widths of the Q-network MLP (ReLU). */
  hidden: opt.intList([120, 84], { min: 1, max: 4096, minLength: 1, maxLength: 8 }),
  /** Dueling head: Q = V + A − mean(A). */
  dueling: opt.bool(false),
  /** Double DQN target. */
  doubleDqn: opt.bool(false),
  /** TD loss: CleanRL uses mse, SB3 huber. */
  loss: opt.oneOf(['mse', 'huber'] as const, 'mse'),
  /** Global gradient-norm clip; 0 disables clipping (CleanRL does not clip, SB3 clips at 10). */
  maxGradNorm: opt.number(0, { min: 0 }),
  /** `fused`: the WebAssembly-SIMD train step; `tfjs`: plain tfjs ops on the chosen backend. */
  engine: opt.oneOf(['fused', 'tfjs'] as const, 'fused'),
  /** tfjs backend: `auto` tries tfjs-node, then wasm, then cpu. */
  backend: opt.oneOf(['auto', 'node', 'wasm', 'cpu'] as const, 'auto'),
  /** Environment steps between greedy evaluations (0 disables them). */
  evalFreq: opt.int(10_000, { min: 0 }),
  /** Episodes per greedy evaluation (the solve check uses up to 100). */
  evalEpisodes: opt.int(100, { min: 1, max: 10_000 }),
  /** Stop as soon as a greedy evaluation reaches the env's reward threshold. */
  stopWhenSolved: opt.bool(false),
  /** Environment steps between checkpoints (0: only at the end and on Ctrl-C). */
  checkpointFreq: opt.int(50_000, { min: 0 }),
  /** Save the replay buffer with checkpoints, so a resumed run continues exactly. */
  saveReplay: opt.bool(true),
  /** Environment steps between `train` metric events. */
  logFreq: opt.int(1_000, { min: 1 }),
});

export type DqnOptions = z.input<typeof dqnOptionsSchema>;
/** Every DQN option's name (`--set` reads SB3's spellings of these, cli/options.ts). */
export const DQN_OPTION_NAMES: readonly string[] = Object.keys(dqnOptionsSchema.shape).sort();
export type DqnConfig = Readonly<z.output<typeof dqnOptionsSchema>>;

/**
 * Fills defaults, validates every field, and checks the environment id against `knownEnvs` (the
 * registry is passed in so this module stays independent of `envs/`).
 */
export function resolveDqnConfig(options: unknown, knownEnvs: readonly string[]): DqnConfig {
  // One hidden layer may be given as its size (`--set hidden=64`), as SB3's net_arch users expect to.
  const o = options as Record<string, unknown> | null;
  const normalised = o && typeof o === 'object' && typeof o.hidden === 'number' ? { ...o, hidden: [o.hidden] } : options;
  const config = resolveConfig(dqnOptionsSchema, normalised, 'DQN');
  if (!knownEnvs.includes(config.env)) {
    throw unknownEnvError('env', config.env, knownEnvs, undefined, 'env');
  }
  if (config.explorationFinalEps > config.explorationInitialEps) {
    throw new ConfigError(
      'explorationFinalEps',
      `Invalid explorationFinalEps: ${config.explorationFinalEps} (allowed: a number in [0, explorationInitialEps = ${config.explorationInitialEps}])`,
    );
  }
  if (config.batchSize > config.bufferSize) {
    throw new ConfigError('batchSize', `Invalid batchSize: ${config.batchSize} (allowed: an integer in [1, bufferSize = ${config.bufferSize}])`);
  }
  return config;
}
