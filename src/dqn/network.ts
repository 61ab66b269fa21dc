/**
 * The one place that picks a `QNetwork` engine. `fused` (default) is the WebAssembly-SIMD kernel;
 * `tfjs` runs the same maths as tfjs ops on the active tfjs backend (see `tfjs/backend.ts`).
 * Both draw their initial weights with `initWeights(spec, rng)`, so one seed gives one network
 * whichever engine trains it.
 */
import { ConfigError } from '../core/errors.ts';
import type { Rng } from '../core/rng.ts';
import { createFusedQNetwork } from './fused/fused-network.ts';
import type { EngineName, NetworkSpec, QNetwork } from './network-types.ts';

export interface CreateQNetworkOptions {
  /** Default `fused`. */
  engine?: EngineName;
  /** Draws the initial weights (fork one per purpose, e.g. `rng.fork('init')`). */
  rng: Rng;
}

export async function createQNetwork(spec: NetworkSpec, { engine = 'fused', rng }: CreateQNetworkOptions): Promise<QNetwork> {
  switch (engine) {
    case 'fused':
      return createFusedQNetwork(spec, rng);
    case 'tfjs': {
      // Loaded on demand: tfjs takes a few hundred ms to import and fused-only runs never need it.
      const { createTfjsQNetwork } = await import('./tfjs/tfjs-network.ts');
      return createTfjsQNetwork(spec, rng);
    }
    default:
      throw new ConfigError('engine', `engine must be "fused" or "tfjs", got ${String(engine)}`);
  }
}
