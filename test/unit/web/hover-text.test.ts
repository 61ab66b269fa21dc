/**
 * Texts the charts and the replay print beside each other: a greedy evaluation's hover (the range
 * from the worst to the best episode, not Plotly's "+10.5 / -6.5" with an ASCII minus) and the
 * replay's reward line (FlappyBird's "reward 0.1 · return with it 1.0", not "0.100 · 1.000").
 */
import { describe, expect, it } from 'vitest';
import { errorHover } from '../../../web/views/chart-panel.ts';
import { rewardLine } from '../../../web/views/replay-step.ts';

describe('errorHover', () => {
  it('gives the mean and the range from the worst to the best episode, with one decimal and a true minus', () => {
    expect(errorHover({ x: [28_000], y: [123.5], errUp: [10.5], errDown: [6.5] })).toEqual(['123.5 (worst 117.0, best 134.0)']);
    expect(errorHover({ x: [1, 2], y: [-77.31, -500], errUp: [3.31, 0], errDown: [10.69, 0] })).toEqual(['−77.3 (worst −88.0, best −74.0)', '−500.0 (worst −500.0, best −500.0)']);
  });
});

describe('rewardLine', () => {
  it('prints the reward and the return with it alike, whole when both are', () => {
    const tenRewards = Array.from({ length: 10 }, () => 0.1).reduce((s, r) => s + r, 0); // 0.9999999999999999
    expect(rewardLine(0.1, tenRewards)).toBe(' · reward 0.1 · return with it 1.0');
    expect(rewardLine(1, 37)).toBe(' · reward 1 · return with it 37');
    expect(rewardLine(-0.5, 12.3)).toBe(' · reward −0.5 · return with it 12.3');
  });
});
