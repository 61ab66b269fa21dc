/**
 * Leaf-budget recycling values existing splits as the split search values candidates: with
 * `advantageWeight`, the SSE of the actions' mean residual plus α × that of their deviations.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { actionAgreement } from '../../../src/explain/metrics.ts';
import { sseFromStats } from '../../../src/lmut/budget.ts';
import { LinearModelUTree } from '../../../src/lmut/index.ts';
import { LeafStats } from '../../../src/lmut/stats.ts';

describe('sseFromStats', () => {
  it('equals the weighted squared residuals summed row by row, for both criteria', () => {
    const d = 2;
    const k = 3;
    const n = 200;
    const rng = new Rng(4);
    const x = Float64Array.from({ length: n * d }, () => rng.normal());
    const y = Float64Array.from({ length: n * k }, (_, i) => 5 + x[Math.floor(i / k) * d]! * (i % k) + rng.normal());
    const stats = new LeafStats(d, k, true);
    for (let r = 0; r < n; r++) stats.add(x, r * d, y, r * k);
    const weights = Float64Array.from({ length: k * d }, (_, i) => 0.3 * i - 0.5);
    const params = { mean: Float64Array.from(stats.meanX), baseline: Float64Array.from(stats.meanY), weights };
    for (const criterion of ['residual', 'variance'] as const) {
      for (const alpha of [1, 10, 100]) {
        let direct = 0;
        for (let r = 0; r < n; r++) {
          const res = Array.from({ length: k }, (_, c) => {
            let pred = stats.meanY[c]!;
            if (criterion === 'residual') for (let i = 0; i < d; i++) pred += weights[c * d + i]! * (x[r * d + i]! - stats.meanX[i]!);
            return y[r * k + c]! - pred;
          });
          const mean = res.reduce((a, b) => a + b, 0) / k;
          direct += k * mean * mean + alpha * res.reduce((a, v) => a + (v - mean) ** 2, 0);
        }
        expect(sseFromStats(stats, params, criterion, alpha)).toBeCloseTo(direct, 6);
      }
    }
  });
});

describe('recycling under advantageWeight', () => {
  it('does not trade the splits that separate the actions for ones that only looked better', () => {
    // Q = v(x0, x2) for both actions, plus a small advantage that changes sign at x1 = 0.
    const d = 3;
    const A = 2;
    const stream = (seed: number, n: number) => {
      let state = seed; // the reviewer's Park-Miller generator: this stream showed the fault
      const uniform = () => ((state = (state * 16807) % 2147483647) / 2147483647) * 2 - 1;
      const obs = new Float32Array(n * d);
      const q = new Float32Array(n * A);
      for (let i = 0; i < n; i++) {
        const s = [uniform(), uniform(), uniform()];
        obs.set(s, i * d);
        const v = 10 * Math.abs(s[0]!) + 5 * Math.max(0, s[2]!);
        q[i * A] = v;
        q[i * A + 1] = v + 0.05 * Math.sign(s[1]!) * Math.abs(s[1]! - 0.3);
      }
      return { obs, q, n };
    };
    const train = stream(13, 60_000);
    const test = stream(77, 5_000);
    const agreement = (recycleLeaves: boolean) => {
      const tree = new LinearModelUTree(d, A, { maxLeaves: 8, gracePeriod: 100, minSamplesSplit: 20, memorySize: 500, advantageWeight: 100, recycleLeaves });
      tree.learn(train.obs, train.q, train.n);
      return actionAgreement(tree.qBatch64(test.obs, test.n), test.q, test.n, A);
    };
    // Valued in plain SSE, existing splits looked ~100× cheaper and recycling fell to 0.88 from 0.93.
    expect(agreement(true)).toBeGreaterThanOrEqual(agreement(false) - 0.005);
  });
});
