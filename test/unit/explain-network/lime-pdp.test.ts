import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { describeStates } from '../../../src/explain/network/distribution.ts';
import { lime } from '../../../src/explain/network/lime.ts';
import { partialDependence } from '../../../src/explain/network/pdp.ts';
import { functionModel, gridRows, linearModel } from './known-functions.ts';

const d = 3;
const dist = describeStates({ obs: gridRows(50, d, 1), n: 50, obsDim: d }, { space: { low: [-3, -Infinity, -3], high: [3, Infinity, 3] } });
const names = ['a', 'b', 'c'];

describe('LIME', () => {
  it('recovers a linear function exactly: coefficients, intercept, R² = 1', () => {
    const w = [[2, -1, 0.5], [0, 3, -2]];
    const model = linearModel(w, [1, -4]);
    const state = Float32Array.from([0.5, 1, -0.25]);
    const r = lime(model, state, dist, dist.bounds, { samples: 300 }, new Rng(1));
    for (let a = 0; a < 2; a++) {
      for (let i = 0; i < d; i++) {
        expect(r.coefficients[a]![i]).toBeCloseTo(w[a]![i]!, 8);
        expect(r.values[a]![i]).toBeCloseTo(w[a]![i]! * (state[i]! - dist.mean[i]!), 8);
      }
      expect(r.intercept[a]).toBeCloseTo([1, -4][a]!, 8);
      expect(r.localPrediction[a]).toBeCloseTo(r.output[a]!, 8);
      expect(r.r2[a]).toBeCloseTo(1, 9);
      // base + Σ values is the local model at the state.
      expect(r.base[a]! + r.values[a]!.reduce((s, v) => s + v, 0)).toBeCloseTo(r.localPrediction[a]!, 8);
    }
    expect(r.kernelWidth).toBeCloseTo(0.75 * Math.sqrt(d), 12);
    expect(r.evaluations).toBe(300);
  });

  it('is local: on |x0| the slope follows the side of 0 the state is on', () => {
    const model = functionModel(d, [(x) => Math.abs(x[0]!)]);
    const right = lime(model, Float32Array.from([2, 0, 0]), dist, dist.bounds, { samples: 2000, kernelWidth: 0.5 }, new Rng(2));
    const left = lime(model, Float32Array.from([-2, 0, 0]), dist, dist.bounds, { samples: 2000, kernelWidth: 0.5 }, new Rng(2));
    expect(right.coefficients[0]![0]).toBeGreaterThan(0.9);
    expect(left.coefficients[0]![0]).toBeLessThan(-0.9);
  });
});

describe('PDP and ICE', () => {
  it('linear Q: straight PDP with the weight as slope, parallel ICE curves, the state on its own curve', () => {
    const w = [1.5, -2, 0.25];
    const model = linearModel([w], [3]);
    const state = Float32Array.from([0.5, 1, -1]);
    const r = partialDependence(model, state, dist, dist.bounds, names, { gridPoints: 9, iceCurves: 5 });
    expect(r.features.map((f) => f.featureName)).toEqual(names);
    expect(r.evaluations).toBe(3 * 51 * 9);
    for (const f of r.features) {
      const i = f.feature;
      expect(f.grid[0]).toBeCloseTo(Math.min(dist.min[i]!, state[i]!), 6);
      expect(f.grid.at(-1)).toBeCloseTo(Math.max(dist.max[i]!, state[i]!), 6);
      const pdp = f.pdp[0]!;
      for (let g = 1; g < pdp.length; g++) expect((pdp[g]! - pdp[g - 1]!) / (f.grid[g]! - f.grid[g - 1]!)).toBeCloseTo(w[i]!, 4);
      expect(f.ice).toHaveLength(5);
      for (const curve of f.ice) {
        const offset = curve[0]![0]! - pdp[0]!;
        curve[0]!.forEach((v, g) => expect(v - pdp[g]!).toBeCloseTo(offset, 4));
      }
      f.stateCurve[0]!.forEach((v, g) => {
        const s = Float32Array.from(state);
        s[i] = f.grid[g]!;
        expect(v).toBeCloseTo(model.qBatch(s, 1)[0]!, 4);
      });
      expect(f.stateValue).toBe(state[i]);
    }
  });

  it('an interaction x0·x1 fans the ICE curves of x0 out by each state’s x1', () => {
    const model = functionModel(d, [(x) => x[0]! * x[1]!]);
    const r = partialDependence(model, Float32Array.from([0, 0, 0]), dist, dist.bounds, names, { gridPoints: 5, iceCurves: 50, features: [0] });
    expect(r.features).toHaveLength(1);
    const f = r.features[0]!;
    const slopes = f.ice.map((c) => (c[0]!.at(-1)! - c[0]![0]!) / (f.grid.at(-1)! - f.grid[0]!));
    const x1 = Array.from({ length: 50 }, (_, j) => dist.background[j * d + 1]!);
    slopes.forEach((s, j) => expect(s).toBeCloseTo(x1[j]!, 4));
    expect(new Set(slopes.map((s) => s.toFixed(3))).size).toBeGreaterThan(3);
  });

  it('rejects a feature that does not exist', () => {
    const model = linearModel([[1, 1, 1]], [0]);
    expect(() => partialDependence(model, new Float32Array(3), dist, dist.bounds, names, { gridPoints: 3, iceCurves: 1, features: [3] })).toThrow(
      'PDP feature 3 does not exist (allowed: 0 to 2)',
    );
  });
});
