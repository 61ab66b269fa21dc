/**
 * The box the counterfactual searches in: the explainer's bounds around the state (the observation
 * space, infinite sides replaced by the agent's own play, widened to hold the state) narrowed,
 * feature by feature, to where the env's episodes go on (its `range` conditions,
 * src/explain/reachable.ts). Without it a CartPole counterfactual from x = 2.3 pushed the cart to
 * 2.5: the observation space reaches ±4.8 only so that the failing observation fits, and an answer
 * past |x| = 2.4 is a state of no play, which the callers could only flag afterwards.
 *
 * The narrowing is the prototypes' (prototype-bounds.ts `withinReachable`), so an open side
 * (MountainCar's flag at 0.5) ends a thousandth of the span inside it, at the what-if sliders' own
 * end (0.4983): a counterfactual loaded into the sliders then lies on them rather than widening
 * them, and prints as a state of play (one float32 ulp short of 0.5 would print as 0.5).
 *
 * Curved conditions (Acrobot's cos/sin pairs and its height) are not boxes: counterfactual-angles.ts
 * turns the angles, and a height broken by an answer is still only warned about.
 */
import type { ReachableCondition } from '../../core/env.ts';
import { violatedConditions } from '../reachable.ts';
import { withinReachable } from './prototype-bounds.ts';
import type { Bounds } from './types.ts';

export function counterfactualBounds(bounds: Bounds, state: ArrayLike<number>, conditions: readonly ReachableCondition[]): Bounds {
  const narrowed = withinReachable(bounds, conditions);
  const low = [...narrowed.low];
  const high = [...narrowed.high];
  const lowFromData = [...narrowed.lowFromData];
  const highFromData = [...narrowed.highFromData];
  for (let f = 0; f < low.length; f++) {
    const ranges = conditions.filter((c) => c.kind === 'range' && c.feature === f);
    if (violatedConditions(state, ranges).length > 0) {
      // The state itself is past where episodes go on (a user typed x = 3): the search walks rays
      // from the state inside the box, so a box narrowed to play would not hold its own start.
      // This feature keeps the unnarrowed box, as before; the state's warning already says it is
      // not one of play, and an answer out there is flagged the same way.
      [low[f], high[f], lowFromData[f], highFromData[f]] = [bounds.low[f]!, bounds.high[f]!, bounds.lowFromData[f]!, bounds.highFromData[f]!];
      continue;
    }
    // A state of play in the sliver an open side is moved in by (MountainCar at 0.499): the box
    // reaches the state, itself a state of play, rather than leave it outside.
    low[f] = Math.min(low[f]!, state[f]!);
    high[f] = Math.max(high[f]!, state[f]!);
  }
  return { low, high, lowFromData, highFromData };
}
