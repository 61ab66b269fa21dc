/**
 * The box the prototype search stays in: the explainer's bounds (the observation space, its
 * infinite sides replaced by the agent's own play) narrowed, feature by feature, to where the env's
 * episodes go on (src/explain/reachable.ts). Without it a CartPole prototype sat at cart_position
 * 4.8 and pole_angle ±0.42, states the episode has already ended on (|x| > 2.4, |θ| > 0.21): the
 * observation space is twice as wide only to hold the failing observation.
 *
 * Only range conditions narrow a box. Acrobot's cos/sin pairs (cos² + sin² = 1) and its target
 * height are curved, not boxes; prototypes may still break them, and the callers say so.
 */
import type { ReachableCondition } from '../../core/env.ts';
import { reachableSpan } from '../reachable.ts';
import type { Bounds } from './types.ts';

export function withinReachable(bounds: Bounds, conditions: readonly ReachableCondition[]): Bounds {
  const low = [...bounds.low];
  const high = [...bounds.high];
  const lowFromData = [...bounds.lowFromData];
  const highFromData = [...bounds.highFromData];
  for (let f = 0; f < low.length; f++) {
    const span = reachableSpan(conditions, f, bounds.low[f]!, bounds.high[f]!);
    // A span that misses the box entirely would be a contradiction in the env's declaration: keep the box.
    if (!span || Math.max(low[f]!, span.low) > Math.min(high[f]!, span.high)) continue;
    if (span.low > low[f]!) [low[f], lowFromData[f]] = [span.low, false];
    if (span.high < high[f]!) [high[f], highFromData[f]] = [span.high, false];
  }
  return { low, high, lowFromData, highFromData };
}
