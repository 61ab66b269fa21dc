/**
 * Options of the online mimic: how the LMUT rides along a DQN run. The tree's own knobs go in
 * `lmut` and are validated by `resolveLmutConfig`.
 */
import { z } from 'zod';
import { opt, resolveConfig } from '../core/config.ts';
import { type LmutConfig, resolveLmutConfig } from '../lmut/index.ts';

export const mimicOptionsSchema = z.object({
  /** Learn from every `every`-th visited state (1: every state). */
  every: opt.int(1, { min: 1 }),
  /** States labelled by the network and passed to the tree per `learn` call. */
  batchSize: opt.int(256, { min: 1, max: 65_536 }),
  /** Share of sampled states kept out of training, for the fidelity curve. */
  holdoutFraction: opt.number(0.1, { min: 0, max: 0.5 }),
  /** Most recent held-out states kept for the fidelity curve. */
  holdoutSize: opt.int(2000, { min: 10, max: 1_000_000 }),
  /** Environment steps between fidelity events in metrics.jsonl (0: none). */
  fidelityFreq: opt.int(5000, { min: 0 }),
  /**
   * Active Play states on the saved network once training ends: the tree users inspect must mimic
   * the network they keep, not the moving one it tracked (0: keep the online tree as tree.json).
   */
  finalActivePlayStates: opt.int(100_000, { min: 0, max: 10_000_000 }),
  /** LMUT options (see `qlens mimic --help`). */
  lmut: z.record(z.string(), z.unknown()).describe('an object of LMUT options').default({}),
});

export type MimicOptions = z.input<typeof mimicOptionsSchema>;
export type MimicConfig = Readonly<Omit<z.output<typeof mimicOptionsSchema>, 'lmut'> & { lmut: LmutConfig }>;

/**
 * Online defaults for the tree: the network keeps changing while it trains, so leaves forget
 * fast (FIMT's fading factor) instead of averaging over the whole history. Measured on CartPole
 * with CleanRL's defaults over 100k steps: held-out Q RMSE 18.4 at 0.999, 10.5 at 0.99, 5.7 at 0.97,
 * 4.4 at 0.95 (Q range 98).
 *
 * A leaf waits 400 samples between split attempts (200 offline): on faded statistics a split every
 * 200 samples chases the network's last moves and fills the leaf budget with leaves that each fit
 * less. Measured the same way (`.scratch/ovh7.mts`, mean of the last six fidelity checks, seeds
 * 1/2/3): CartPole RMSE 4.43/3.15/3.46 at 200 (256 leaves) against 3.40/1.94/2.39 at 400 (~145
 * leaves), agreement up on all three; Acrobot (seeds 1/2) 2.74/3.05 against 2.66/3.30; MountainCar
 * agreement 83/77 % against 88/80 %. Half as many split searches: the mimic's time inside its
 * hook fell from ~0.5 to ~0.3 s per 100k CartPole steps.
 */
export const ONLINE_LMUT_DEFAULTS = { fadingFactor: 0.95, gracePeriod: 400 } as const;

export function resolveMimicConfig(options: unknown, lmutDefaults: Record<string, unknown> = ONLINE_LMUT_DEFAULTS): MimicConfig {
  const base = resolveConfig(mimicOptionsSchema, options, 'mimic');
  const lmut = resolveLmutConfig({ ...lmutDefaults, ...base.lmut });
  return Object.freeze({ ...base, lmut });
}
