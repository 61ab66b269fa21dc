import { describe, expect, it } from 'vitest';
import { colourPositions, swarmOffsets } from '../../../web/views/shap-swarm.ts';

describe('swarmOffsets', () => {
  it('leaves lone points on the centre line and stacks shared bins alternately up and down', () => {
    expect(swarmOffsets([0, 10, 20], { bins: 3 })).toEqual([0, 0, 0]);
    // Four values in one bin (0..1 of 0..10 over 10 bins), one alone.
    const y = swarmOffsets([0.1, 0.2, 0.3, 0.4, 10], { bins: 10, layerStep: 0.05 });
    expect(y).toEqual([0, 0.05, -0.05, 0.1, 0]);
  });

  it('scales the layers so the fullest bin stays within ±maxOffset', () => {
    const y = swarmOffsets(Array.from({ length: 101 }, () => 1), { maxOffset: 0.4, layerStep: 0.05 });
    expect(Math.max(...y)).toBeCloseTo(0.4, 12);
    expect(Math.min(...y)).toBeCloseTo(-0.4, 12);
    expect(new Set(y.map((v) => v.toFixed(9))).size).toBe(101); // no two dots on one spot
  });

  it('is the same for the same values, whatever else', () => {
    const xs = [3, 1, 2, 2, 2, 5];
    expect(swarmOffsets(xs)).toEqual(swarmOffsets([...xs]));
    expect(swarmOffsets([])).toEqual([]);
  });
});

describe('colourPositions', () => {
  it('maps the 5th to 95th percentile onto 0 to 1 and clips beyond', () => {
    const v = Array.from({ length: 101 }, (_, i) => i);
    const p = colourPositions(v);
    expect(p[5]).toBe(0);
    expect(p[0]).toBe(0);
    expect(p[95]).toBe(1);
    expect(p[100]).toBe(1);
    expect(p[50]).toBeCloseTo(0.5, 12);
  });

  it('falls back to the full range, then to the middle, when the percentiles coincide', () => {
    expect(colourPositions([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4])).toContain(1);
    expect(colourPositions([2, 2, 2])).toEqual([0.5, 0.5, 0.5]);
  });
});
