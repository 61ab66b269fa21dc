/**
 * The counterfactual searches only where the env's episodes go on (counterfactual-bounds.ts): on
 * Q-functions whose flip is known by hand, a flip past CartPole's |x| = 2.4 (inside the observation
 * space's ±4.8) is no answer, one at x = 2 is; MountainCar's open flag side ends strictly inside;
 * a state already out of play keeps the unnarrowed box for that feature, as before.
 */
import { describe, expect, it } from 'vitest';
import { CARTPOLE_REACHABLE, CartPoleEnv } from '../../../envs/cartpole.ts';
import { MOUNTAIN_CAR_REACHABLE, MountainCarEnv } from '../../../envs/mountain-car.ts';
import type { ReachableCondition } from '../../../src/core/env.ts';
import { Rng } from '../../../src/core/rng.ts';
import { counterfactualBounds } from '../../../src/explain/network/counterfactual-bounds.ts';
import { NetworkExplainer } from '../../../src/explain/network/index.ts';
import type { Bounds } from '../../../src/explain/network/types.ts';
import { violatedConditions } from '../../../src/explain/reachable.ts';
import { functionModel } from './known-functions.ts';

const cheap = { randomDirections: 100, refineIterations: 20 };

/** An explainer over play spread around the origin, in the env's own observation space. */
function explainerFor(env: { observationSpace: { low: ArrayLike<number>; high: ArrayLike<number> } }, reachable: readonly ReachableCondition[], q: (x: Float32Array) => number, spread: number[]) {
  const d = spread.length;
  const rng = new Rng(7);
  const obs = Float32Array.from({ length: 300 * d }, (_, k) => rng.normal(0, spread[k % d]!));
  // Q(first action) = 0, Q(second) = q(x): the second is chosen where q > 0.
  return new NetworkExplainer({ network: functionModel(d, [() => 0, q]), states: { obs, n: 300, obsDim: d }, space: env.observationSpace, reachable });
}

const ranges = (conditions: readonly ReachableCondition[]) => conditions.filter((c) => c.kind === 'range');

describe('counterfactual bounds: where episodes go on', () => {
  const cartpole = new CartPoleEnv();
  const spread = [0.5, 0.5, 0.05, 0.5];

  it('finds no CartPole counterfactual whose only flip is at x = 3 (past 2.4), and finds the one at x = 2', async () => {
    const past = explainerFor(cartpole, CARTPOLE_REACHABLE, (x) => x[0]! - 3, spread);
    const none = await past.explain('counterfactual', [0, 0, 0, 0], cheap);
    expect(none.found).toBe(false);
    expect(none.sentence).toBe('No change inside the bounds makes the network choose another action instead of action 0.');
    // The reported box is the one searched: x and θ narrowed to CartPole's thresholds, the velocities as they were.
    expect(none.bounds.low[0]).toBe(-2.4);
    expect(none.bounds.high[0]).toBe(2.4);
    expect(none.bounds.high[2]).toBeCloseTo((12 * 2 * Math.PI) / 360, 12);
    expect([none.bounds.lowFromData, none.bounds.highFromData]).toEqual([[false, true, false, true], [false, true, false, true]]);

    const inside = explainerFor(cartpole, CARTPOLE_REACHABLE, (x) => x[0]! - 2, spread);
    const found = await inside.explain('counterfactual', [0, 0, 0, 0], cheap);
    expect(found.found).toBe(true);
    expect(found.counterfactual![0]).toBeCloseTo(2, 4);
    expect(violatedConditions(found.counterfactual!, ranges(CARTPOLE_REACHABLE))).toEqual([]);
  });

  it('stops short of MountainCar’s open flag side: position ≥ 0.5 is no state of play', async () => {
    const car = new MountainCarEnv();
    const atFlag = explainerFor(car, MOUNTAIN_CAR_REACHABLE, (x) => x[0]! - 0.5, [0.3, 0.02]);
    const none = await atFlag.explain('counterfactual', [-0.5, 0], cheap);
    expect(none.found).toBe(false);
    expect(none.bounds.high[0]).toBeLessThan(0.5);
    expect(violatedConditions([none.bounds.high[0]!, 0], MOUNTAIN_CAR_REACHABLE)).toEqual([]);

    const short = explainerFor(car, MOUNTAIN_CAR_REACHABLE, (x) => x[0]! - 0.45, [0.3, 0.02]);
    const found = await short.explain('counterfactual', [-0.5, 0], cheap);
    expect(found.counterfactual![0]).toBeCloseTo(0.45, 4);
    expect(violatedConditions(found.counterfactual!, MOUNTAIN_CAR_REACHABLE)).toEqual([]);
  });

  it('searches from a state already past 2.4 in the unnarrowed box, for that feature only', async () => {
    // From x = 3 the flip at x < 2.5 is found as before (the state's warning covers it); θ stays narrowed.
    const back = explainerFor(cartpole, CARTPOLE_REACHABLE, (x) => 2.5 - x[0]!, spread);
    const cf = await back.explain('counterfactual', [3, 0, 0, 0], cheap);
    expect(cf.found).toBe(true);
    expect(cf.counterfactual![0]).toBeCloseTo(2.5, 4);
    expect([cf.bounds.low[0], cf.bounds.high[0]]).toEqual([Math.fround(-4.8), Math.fround(4.8)]); // the Box's float32 sides
    expect(cf.bounds.high[2]).toBeCloseTo((12 * 2 * Math.PI) / 360, 12);
  });
});

describe('counterfactualBounds', () => {
  const box: Bounds = { low: [-1.2, -0.07], high: [0.6, 0.07], lowFromData: [false, false], highFromData: [false, false] };

  it('narrows to the range conditions, reaching a state of play in an open side’s sliver rather than leaving it outside', () => {
    const open = counterfactualBounds(box, [0, 0], MOUNTAIN_CAR_REACHABLE);
    expect(open.low).toEqual([-1.2, -0.07]);
    expect(open.high[0]).toBeLessThan(0.5);
    expect(open.high[0]).toBeGreaterThan(0.49);
    // 0.4999 still plays (< 0.5) but lies past the inset end: the box reaches it.
    expect(counterfactualBounds(box, [0.4999, 0], MOUNTAIN_CAR_REACHABLE).high[0]).toBeCloseTo(0.4999, 7);
    // At the flag itself the state is out of play: the feature keeps the box.
    expect(counterfactualBounds(box, [0.5, 0], MOUNTAIN_CAR_REACHABLE).high[0]).toBe(0.6);
  });

  it('leaves a box alone with no range conditions (Acrobot’s are curved)', () => {
    const circle: ReachableCondition[] = [{ kind: 'unit-circle', cos: 0, sin: 1, why: 'an angle' }];
    expect(counterfactualBounds(box, [0, 0], circle)).toEqual(box);
    expect(counterfactualBounds(box, [0, 0], [])).toEqual(box);
  });
});
