/** Greedy evaluation reports returns as the rewards add up on paper, not with float addition's residue. */
import { describe, expect, it } from 'vitest';
import { make } from '../../../envs/index.ts';
import { asAddedOnPaper, evaluatePolicy } from '../../../src/dqn/evaluate.ts';

describe('evaluation returns', () => {
  it('rounds float residue away: 84 rewards of 0.1 are 8.4', () => {
    let total = 0;
    for (let i = 0; i < 84; i++) total += 0.1;
    expect(total).not.toBe(8.4); // the residue this guards against
    expect(asAddedOnPaper(total)).toBe(8.4);
    expect(asAddedOnPaper(-9.299999999999999)).toBe(-9.3);
    expect(asAddedOnPaper(500)).toBe(500);
    expect(asAddedOnPaper(122.49999999999785)).toBe(122.5);
  });

  it('reports FlappyBird returns in tenths: a bird that never flaps', () => {
    // It falls to the ground before the first pipe: 0.1 for each step alive, then −1 for the crash.
    const result = evaluatePolicy({ act: () => 0 }, make('FlappyBird-v0'), { episodes: 3, seed: 1 });
    for (const [k, r] of result.returns.entries()) {
      const alive = result.lengths[k]! - 1;
      expect(r).toBe(Number((alive / 10 - 1).toFixed(1)));
    }
    expect(result.min).toBe(Math.min(...result.returns));
  });
});
