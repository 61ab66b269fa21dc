/**
 * Whether the inspected state lies inside the observation space, in words. The methods that sample
 * or search inside the bounds (LIME, PDP/ICE, the counterfactual: BOUNDED_METHODS) cannot run
 * outside them, and the server would refuse the whole request; the inspector leaves those out and
 * says why, naming the feature as the sliders do ("cart position", not "cart_position").
 */
import { BOUNDED_METHODS } from '../../src/explain/network/bounded-methods.ts';
import { joinAnd } from '../../src/explain/format.ts';
import type { NetworkMethod } from '../../src/server/dto.ts';
import { fmtNum, humanize } from '../format.ts';

/** One bound per feature; null where the space is unbounded (JSON has no Infinity). */
export interface ObservationSpace {
  low: readonly (number | null)[];
  high: readonly (number | null)[];
}

/** Samples or searches around the state within the observation space: the server refuses a state outside it. */
export const methodNeedsBounds = (method: NetworkMethod) => BOUNDED_METHODS.includes(method);

/** "cart position = 5.000 is above its bound 4.800" for the first feature outside `space`, or null (inside, or no bounds known). */
export function outsideSpace(observation: readonly number[], featureNames: readonly string[], space: ObservationSpace | null): string | null {
  if (!space) return null;
  for (let i = 0; i < observation.length; i++) {
    const v = observation[i]!;
    const low = space.low[i];
    const high = space.high[i];
    const name = humanize(featureNames[i] ?? `feature ${i}`);
    if (typeof low === 'number' && v < low) return `${name} = ${fmtNum(v, 4)} is below its bound ${fmtNum(low, 4)}`;
    if (typeof high === 'number' && v > high) return `${name} = ${fmtNum(v, 4)} is above its bound ${fmtNum(high, 4)}`;
  }
  return null;
}

/**
 * The note above the attributions when `leftOut` methods could not run at a state outside the
 * space (`why`, from outsideSpace); `ranOthers`: the other ticked methods are shown.
 */
export function leftOutNote(leftOut: readonly string[], why: string, ranOthers: boolean): string {
  const one = leftOut.length === 1;
  const them = one ? 'it' : 'them';
  return `${joinAnd(leftOut)} left out: ${one ? 'it needs' : 'they need'} a state inside the observation space, and ${why}. ${
    ranOthers ? `The other ticked methods are shown; move the state back inside to see ${them} too.` : `Move the state back inside to see ${them}, or tick another method.`
  }`;
}
