import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { LeafStats } from '../../../src/lmut/stats.ts';

function rows(n: number, seed: number, offset = 1000) {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: n * 3 }, () => offset + rng.normal(0, 2));
  const y = Float64Array.from({ length: n * 2 }, (_, i) => offset * 2 + x[Math.floor(i / 2) * 3]! * (i % 2 ? 3 : -1) + rng.normal());
  return { x, y };
}

/** Two-pass reference statistics. */
function reference(x: Float64Array, y: Float64Array, n: number) {
  const mean = (a: Float64Array, w: number, j: number) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += a[r * w + j]!;
    return s / n;
  };
  const co = (a: Float64Array, wa: number, i: number, b: Float64Array, wb: number, j: number) => {
    const ma = mean(a, wa, i);
    const mb = mean(b, wb, j);
    let s = 0;
    for (let r = 0; r < n; r++) s += (a[r * wa + i]! - ma) * (b[r * wb + j]! - mb);
    return s;
  };
  return { mean, co };
}

describe('LeafStats', () => {
  it('matches two-pass statistics, even for values far from zero', () => {
    const n = 500;
    const { x, y } = rows(n, 1, 1e6);
    const s = new LeafStats(3, 2, true);
    for (let r = 0; r < n; r++) s.add(x, r * 3, y, r * 2);
    const ref = reference(x, y, n);
    expect(s.n).toBe(n);
    for (let i = 0; i < 3; i++) {
      expect(s.meanX[i]).toBeCloseTo(ref.mean(x, 3, i), 6);
      for (let j = 0; j < 3; j++) expect(s.comoment(i, j) / n).toBeCloseTo(ref.co(x, 3, i, x, 3, j) / n, 6);
      for (let c = 0; c < 2; c++) expect(s.cxy[i * 2 + c]! / n).toBeCloseTo(ref.co(x, 3, i, y, 2, c) / n, 5);
    }
    for (let c = 0; c < 2; c++) expect(s.varY(c)).toBeCloseTo(ref.co(y, 2, c, y, 2, c) / n, 5);
    // The labels' cross co-moment, both ways round.
    expect(s.labelComoment(0, 1) / n).toBeCloseTo(ref.co(y, 2, 0, y, 2, 1) / n, 5);
    expect(s.labelComoment(1, 0)).toBe(s.labelComoment(0, 1));
    expect(s.labelComoment(1, 1)).toBe(s.cyy[1]);
  });

  it('keeps every pair of labels’ co-moment for more than two actions', () => {
    const n = 300;
    const rng = new Rng(9);
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const y = Float64Array.from({ length: n * 4 }, (_, i) => x[Math.floor(i / 4)]! * (i % 4) + rng.normal() * (1 + (i % 4)));
    const s = new LeafStats(1, 4, true);
    for (let r = 0; r < n; r++) s.add(x, r, y, r * 4);
    const ref = reference(x, y, n);
    expect(s.cyyCross).toHaveLength(6);
    for (let c = 0; c < 4; c++) for (let c2 = 0; c2 < 4; c2++) expect(s.labelComoment(c, c2) / n).toBeCloseTo(ref.co(y, 4, c, y, 4, c2) / n, 8);
  });

  it('merging two halves equals adding everything to one', () => {
    const n = 400;
    const { x, y } = rows(n, 2);
    for (const full of [true, false]) {
      const all = new LeafStats(3, 2, full);
      const a = new LeafStats(3, 2, full);
      const b = new LeafStats(3, 2, full);
      for (let r = 0; r < n; r++) {
        all.add(x, r * 3, y, r * 2);
        (r < 150 ? a : b).add(x, r * 3, y, r * 2);
      }
      a.merge(b);
      expect(a.n).toBe(all.n);
      for (const key of ['meanX', 'cxx', 'meanY', 'cxy', 'cyy', 'cyyCross'] as const) {
        a[key].forEach((v, i) => expect(v).toBeCloseTo(all[key][i]!, 7));
      }
      const empty = new LeafStats(3, 2, full);
      empty.merge(all);
      expect(empty.toJSON()).toEqual(all.toJSON());
    }
  });

  it('diagonal statistics keep only the variances', () => {
    const { x, y } = rows(100, 3);
    const s = new LeafStats(3, 2, false);
    for (let r = 0; r < 100; r++) s.add(x, r * 3, y, r * 2);
    expect(s.cxx).toHaveLength(3);
    expect(s.comoment(0, 1)).toBe(0);
    expect(s.varX(1)).toBeGreaterThan(0);
  });

  it('fading down-weights the past', () => {
    const s = new LeafStats(1, 1, true);
    const x = Float64Array.of(0);
    const y = Float64Array.of(0);
    for (let r = 0; r < 1000; r++) s.add(x, 0, y, 0, 0.99);
    expect(s.n).toBeCloseTo(100, 0);
    // Old labels 0, new labels 10: the mean moves most of the way within a few hundred samples.
    y[0] = 10;
    for (let r = 0; r < 300; r++) s.add(x, 0, y, 0, 0.99);
    expect(s.meanY[0]).toBeGreaterThan(9);
  });

  it('round-trips through JSON exactly', () => {
    const { x, y } = rows(50, 4);
    const s = new LeafStats(3, 2, true);
    for (let r = 0; r < 50; r++) s.add(x, r * 3, y, r * 2);
    const copy = LeafStats.fromJSON(JSON.parse(JSON.stringify(s.toJSON())), 3, 2);
    expect(copy.toJSON()).toEqual(s.toJSON());
  });

  it('reads statistics saved before the labels’ cross co-moments as perfectly correlated labels', () => {
    const { x, y } = rows(50, 5);
    const s = new LeafStats(3, 2, true);
    for (let r = 0; r < 50; r++) s.add(x, r * 3, y, r * 2);
    const { cyyCross: _dropped, ...old } = s.toJSON();
    const copy = LeafStats.fromJSON(old, 3, 2);
    expect(copy.labelComoment(0, 1)).toBeCloseTo(Math.sqrt(s.cyy[0]! * s.cyy[1]!), 9);
  });
});
