/**
 * The counterfactual over an angle observed as (cos θ, sin θ): the search turns θ, so the state it
 * finds is on the circle, where moving the features apart found sin alone raised (no angle has it).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { counterfactual, type CounterfactualSettings } from '../../../src/explain/network/counterfactual.ts';
import { angleCounterfactual, anglePairs } from '../../../src/explain/network/counterfactual-angles.ts';
import { boundsAround, describeStates } from '../../../src/explain/network/distribution.ts';
import type { ReachableCondition } from '../../../src/explain/reachable.ts';
import { functionModel } from './known-functions.ts';

const names = { featureNames: ['cos_theta', 'sin_theta', 'omega'], actionNames: ['stay', 'go'] };
const reachable: ReachableCondition[] = [{ kind: 'unit-circle', cos: 0, sin: 1, why: 'θ is observed as its cosine and sine' } as ReachableCondition];
const rng = new Rng(2);
// Play: θ within ±60°, ω around 0.
const rows = Float32Array.from({ length: 300 * 3 }, (_, k) => {
  const r = Math.floor(k / 3);
  const theta = ((r % 61) - 30) * (Math.PI / 90);
  return [Math.cos(theta), Math.sin(theta), rng.normal(0, 1)][k % 3]!;
});
const dist = describeStates({ obs: rows, n: 300, obsDim: 3 }, { space: { low: [-1, -1, -10], high: [1, 1, 10] }, maxBackground: 100 });
/** Q(stay) = 0, Q(go) = sin θ − 0.5: go once θ passes 30°. */
const model = functionModel(3, [() => 0, (x) => x[1]! - 0.5]);
const settings: CounterfactualSettings = { norm: 'l1', randomDirections: 40, refineIterations: 15 };
const state = Float32Array.from([1, 0, 0.2]); // θ = 0: stay

describe('the counterfactual of an angle observed as cos and sin', () => {
  it('turns θ to 30° (on the circle) where the features searched apart raise sin alone', () => {
    const bounds = boundsAround(dist.bounds, state, names.featureNames);
    const apart = counterfactual(model, state, dist, bounds, names, settings, new Rng(1));
    const [c0, s0] = apart.counterfactual!;
    expect(Math.abs(c0! ** 2 + s0! ** 2 - 1)).toBeGreaterThan(0.1); // sin 0.5 with cos 1: no angle

    const cf = angleCounterfactual(model, state, dist, bounds, anglePairs(reachable), names, settings, new Rng(1));
    expect(cf.found).toBe(true);
    expect(cf.newAction).toBe(1);
    expect(cf.state).toEqual([1, 0, Math.fround(0.2)]);
    const [c, s, omega] = cf.counterfactual!;
    expect(Math.abs(c! ** 2 + s! ** 2 - 1)).toBeLessThan(1e-6);
    expect(Math.atan2(s!, c!)).toBeCloseTo(Math.PI / 6, 3);
    expect(omega).toBe(Math.fround(0.2)); // ω plays no part
    expect(cf.changes.map((x) => x.featureName)).toEqual(['theta']);
    expect(cf.changes[0]!.delta).toBeCloseTo(Math.PI / 6, 3);
    expect(cf.sentence).toMatch(/^stay would become go if theta were 0\.52\d higher\.$/);
    expect(cf.searchedOver).toEqual({ coordinates: ['theta', 'omega'], angles: [{ coordinate: 0, name: 'theta', cos: 0, sin: 1 }] });
    // Q-values are the network's at the observations reported.
    expect(cf.qAfter).toEqual(Array.from(model.qBatch(Float32Array.from(cf.counterfactual!), 1)));
    // θ alone, raised: the single move comes with the observation it makes, on the circle too.
    const higher = cf.singleFeature.find((x) => x.featureName === 'theta')!.higher!;
    expect(higher.value).toBeCloseTo(Math.PI / 6, 3);
    expect(Math.atan2(higher.observation![1]!, higher.observation![0]!)).toBeCloseTo(Math.PI / 6, 3);
  });

  it('takes the angle pairs from the env’s unit-circle conditions only', () => {
    expect(anglePairs([...reachable, { kind: 'range', feature: 2, min: null, max: 3, why: 'ω' } as ReachableCondition])).toEqual([{ cos: 0, sin: 1 }]);
  });
});
