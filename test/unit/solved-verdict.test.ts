import { describe, expect, it } from 'vitest';
import { SOLVE_EPISODES, solvedVerdict } from '../../src/dqn/evaluate.ts';

describe('solvedVerdict', () => {
  it('judges only a mean over 100 episodes against a threshold', () => {
    expect(solvedVerdict(500, SOLVE_EPISODES, 475)).toBe(true);
    expect(solvedVerdict(474.9, SOLVE_EPISODES, 475)).toBe(false);
    expect(solvedVerdict(500, 3, 475)).toBeNull();
    expect(solvedVerdict(500, 1000, undefined)).toBeNull();
    expect(solvedVerdict(-100, 200, null)).toBeNull();
  });
});
