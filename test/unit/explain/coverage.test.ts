import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.ts';
import { coverageText, formatFidelityTable, measureCoverage, measureFidelity } from '../../../src/explain/index.ts';
import { cartpoleStream, grownTree } from './fixtures.ts';

/** States on the integer grid 0..9 of one feature (std of 0..9 is √8.25), greedy action 1 iff x ≥ 5. */
function grid(offset: number, flip = false) {
  const obs: number[] = [];
  const q: number[] = [];
  for (let x = 0; x < 10; x++) {
    obs.push(x + offset);
    const right = (x >= 5) !== flip;
    q.push(right ? 0 : 1, right ? 1 : 0);
  }
  return { obs, q, n: 10 };
}

describe('measureCoverage', () => {
  const sd = Math.sqrt(8.25);

  it('reports zero distance and full agreement when the held-out states are the training states', () => {
    const c = measureCoverage(grid(0), grid(0), 1, 2);
    expect(c).toMatchObject({ states: 10, medianDistance: 0, nearestAgreement: 1 });
    expect(c.trainSpacing).toBeCloseTo(1 / sd, 12);
  });

  it('measures distances in training standard deviations and agreement of the nearest label', () => {
    // Held-out states 0.25 to the right of every training state; their labels are flipped.
    const c = measureCoverage(grid(0), grid(0.25, true), 1, 2);
    expect(c.medianDistance).toBeCloseTo(0.25 / sd, 12);
    expect(c.trainSpacing).toBeCloseTo(1 / sd, 12);
    expect(c.nearestAgreement).toBe(0);
    // Half the held-out labels flipped: agreement 1/2.
    const half = grid(0.25);
    for (let x = 0; x < 5; x++) [half.q[2 * x], half.q[2 * x + 1]] = [half.q[2 * x + 1]!, half.q[2 * x]!];
    expect(measureCoverage(grid(0), half, 1, 2).nearestAgreement).toBe(0.5);
  });

  it('subsamples at most maxQueries held-out states, the same ones every time', () => {
    const train = cartpoleStream(2_000, 3);
    const held = cartpoleStream(5_000, 4);
    const a = measureCoverage(train, held, 4, 2, { maxQueries: 300 });
    const b = measureCoverage(train, held, 4, 2, { maxQueries: 300 });
    expect(a.states).toBe(300);
    expect(a).toEqual(b);
    expect(a.nearestAgreement).toBeGreaterThan(0);
    expect(a.nearestAgreement).toBeLessThanOrEqual(1);
  });

  it('finds exactly the nearest states a brute-force search finds', () => {
    const train = cartpoleStream(3_000, 11);
    const held = cartpoleStream(400, 12);
    const c = measureCoverage(train, held, 4, 2, { maxQueries: 400 });
    const sd = [0, 1, 2, 3].map((j) => {
      let m = 0;
      for (let i = 0; i < train.n; i++) m += train.obs[i * 4 + j]!;
      m /= train.n;
      let v = 0;
      for (let i = 0; i < train.n; i++) v += (train.obs[i * 4 + j]! - m) ** 2;
      return Math.sqrt(v / train.n);
    });
    const distances: number[] = [];
    let agree = 0;
    for (let i = 0; i < held.n; i++) {
      let best = Infinity;
      let at = -1;
      for (let t = 0; t < train.n; t++) {
        let s = 0;
        for (let j = 0; j < 4; j++) s += ((train.obs[t * 4 + j]! - held.obs[i * 4 + j]!) / sd[j]!) ** 2;
        if (s < best) [best, at] = [s, t];
      }
      distances.push(Math.sqrt(best));
      if ((train.q[2 * at + 1]! > train.q[2 * at]!) === (held.q[2 * i + 1]! > held.q[2 * i]!)) agree++;
    }
    distances.sort((a, b) => a - b);
    expect(c.medianDistance).toBeCloseTo((distances[199]! + distances[200]!) / 2, 9);
    expect(c.nearestAgreement).toBe(agree / held.n);
  });

  it('rejects non-finite states and mismatched widths by naming the set', () => {
    const bad = grid(0);
    bad.obs[3] = Number.NaN;
    expect(() => measureCoverage(grid(0), bad, 1, 2)).toThrow(DataError);
    expect(() => measureCoverage(grid(0), bad, 1, 2)).toThrow(/coverage held-out set: obs row 3/);
    expect(() => measureCoverage(grid(0), grid(0), 2, 2)).toThrow(/coverage training set: obs has 10 values/);
  });

  it('is printed under the fidelity table, with a warning when the nearest labels disagree', () => {
    const weak = coverageText({ states: 1000, medianDistance: 0.1, trainSpacing: 0.07, nearestAgreement: 0.79 });
    expect(weak).toContain('1.4× the training states');
    expect(weak).toContain('79.0%');
    expect(weak).toContain('expect lower fidelity, and grow the tree by Active Play on more episodes to cover more of its play');
    expect(coverageText({ states: 1000, medianDistance: 0.03, trainSpacing: 0.04, nearestAgreement: 0.97 })).not.toContain('expect lower');
    const tree = grownTree();
    const held = cartpoleStream(400, 9);
    const train = cartpoleStream(2_000, 8);
    const coverage = measureCoverage(train, held, 4, 2);
    const report = measureFidelity(tree, held, { train, coverage });
    expect(report.coverage).toEqual(coverage);
    expect(formatFidelityTable(report)).toContain(coverageText(coverage, report.samples));
    // Measured on a sample of a larger held-out set: the sentence says so, with counts people read.
    expect(coverageText({ states: 1000, medianDistance: 0.03, trainSpacing: 0.04, nearestAgreement: 0.97 }, 10_000)).toContain('agrees on 97.0% of 1,000 held-out states (a seeded sample of the 10,000).');
  });
});
