import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { createLearner, learnerFromJSON, type LearnerSettings } from '../../../src/lmut/linear-model.ts';
import { LeafStats } from '../../../src/lmut/stats.ts';

const W = [
  [2, -1, 0.5],
  [-3, 0, 4],
];
const B = [10, -5];

/** Learns y = B + W x (+ noise) on features with very different scales. */
function train(settings: LearnerSettings, n: number, noise = 0, prior = new Float64Array(6)) {
  const rng = new Rng(1);
  const stats = new LeafStats(3, 2, settings.kind === 'rls');
  const learner = createLearner(settings, prior, stats);
  const x = new Float64Array(3);
  const y = new Float64Array(2);
  const scales = [1, 100, 0.01];
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < 3; i++) x[i] = rng.normal(5, scales[i]!);
    for (let c = 0; c < 2; c++) y[c] = B[c]! + W[c]!.reduce((s, w, i) => s + (w / scales[i]!) * x[i]!, 0) + rng.normal(0, noise);
    stats.add(x, 0, y, 0);
    learner.learn(stats, x, 0, y, 0);
  }
  return { stats, learner };
}

const base = { ridge: 1e-6, learningRate: 0.05, standardize: true };

describe('leaf learners', () => {
  it('rls recovers an exact linear function in raw units', () => {
    const { stats, learner } = train({ kind: 'rls', ...base }, 200);
    const p = learner.params(stats);
    const scales = [1, 100, 0.01];
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < 3; i++) expect(p.weights[c * 3 + i]! * scales[i]!).toBeCloseTo(W[c]![i]!, 5);
      // baseline = model at the mean = label mean
      expect(p.baseline[c]).toBeCloseTo(stats.meanY[c]!, 12);
    }
  });

  it('rls with a strong ridge stays at its prior when data is scarce', () => {
    const prior = Float64Array.of(1, 1, 1, 1, 1, 1);
    const { stats, learner } = train({ kind: 'rls', ...base, ridge: 1e6 }, 5, 0, prior);
    const p = learner.params(stats);
    p.weights.forEach((w) => expect(Math.abs(w - 1)).toBeLessThan(0.05));
  });

  it.each([
    ['sgd', 0.1],
    ['adam', 0.02],
  ] as const)('%s converges on a noisy linear function', (kind, learningRate) => {
    const { stats, learner } = train({ kind, ...base, learningRate }, 20_000, 0.1);
    const p = learner.params(stats);
    const scales = [1, 100, 0.01];
    for (let c = 0; c < 2; c++) for (let i = 0; i < 3; i++) expect(Math.abs(p.weights[c * 3 + i]! * scales[i]! - W[c]![i]!)).toBeLessThan(0.1);
  });

  it.each(['rls', 'sgd', 'adam'] as const)('%s round-trips through JSON and keeps learning identically', (kind) => {
    const settings = { kind, ...base };
    const { stats, learner } = train(settings, 300, 0.1);
    const copy = learnerFromJSON(settings, JSON.parse(JSON.stringify(learner.toJSON())));
    expect(Array.from(copy.params(stats).weights)).toEqual(Array.from(learner.params(stats).weights));
    const x = Float64Array.of(5, 500, 5);
    const y = Float64Array.of(1, 2);
    stats.add(x, 0, y, 0);
    learner.learn(stats, x, 0, y, 0);
    copy.learn(stats, x, 0, y, 0);
    expect(Array.from(copy.params(stats).weights)).toEqual(Array.from(learner.params(stats).weights));
  });

  it('a leaf with no samples predicts its prior weights around zero', () => {
    const stats = new LeafStats(3, 2, true);
    const learner = createLearner({ kind: 'rls', ...base }, Float64Array.of(1, 2, 3, 4, 5, 6), stats);
    const p = learner.params(stats);
    expect(Array.from(p.weights)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(p.baseline)).toEqual([0, 0]);
  });
});
