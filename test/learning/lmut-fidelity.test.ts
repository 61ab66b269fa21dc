/**
 * Fidelity sanity check on a smooth, nonlinear, CartPole-shaped Q function (4 features, 2
 * actions; see fixtures.ts): with a few dozen leaves LMUT must beat the best single linear model by
 * a wide margin, agree with the target's greedy action almost everywhere, and the residual
 * criterion must beat the paper's variance criterion at the same leaf budget.
 */
import { describe, expect, it } from 'vitest';
import type { LmutOptions } from '../../src/lmut/config.ts';
import { LinearModelUTree } from '../../src/lmut/tree.ts';
import { cartpoleStream, learnAll, linearFitRmse, rmse } from '../unit/lmut/fixtures.ts';

const train = cartpoleStream(50_000, 1);
const test = cartpoleStream(10_000, 2);
const linear = linearFitRmse(train, test, 4, 2);

function fit(options: LmutOptions) {
  const tree = new LinearModelUTree(4, 2, options);
  learnAll(tree, train, 256);
  const pred = tree.qBatch64(test.obs, test.n);
  let agree = 0;
  for (let r = 0; r < test.n; r++) if (pred[r * 2 + 1]! > pred[r * 2]! === test.q[r * 2 + 1]! > test.q[r * 2]!) agree++;
  return { tree, rmse: rmse(pred, test.q), agreement: agree / test.n };
}

describe('LMUT fidelity on a smooth nonlinear Q function', () => {
  it('is far better than one linear model with 64 leaves, and agrees on the greedy action', () => {
    const { tree, rmse: error, agreement } = fit({ maxLeaves: 64 });
    expect(tree.summary.leaves).toBeLessThanOrEqual(64);
    expect(error).toBeLessThan(0.2 * linear);
    expect(agreement).toBeGreaterThan(0.97);
  });

  it('the residual criterion beats the variance criterion at the same budget', () => {
    const residual = fit({ maxLeaves: 64 });
    const variance = fit({ maxLeaves: 64, splitCriterion: 'variance' });
    expect(residual.rmse).toBeLessThan(0.7 * variance.rmse);
  });

  it.each([['sgd'], ['adam']] as const)('%s leaves also learn the function (wide-input learners)', (leafModel) => {
    expect(fit({ maxLeaves: 64, leafModel }).rmse).toBeLessThan(0.3 * linear);
  });
});
