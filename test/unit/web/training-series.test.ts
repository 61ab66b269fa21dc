import { describe, expect, it } from 'vitest';
import { TrainingSeries } from '../../../web/views/training-series.ts';

describe('TrainingSeries', () => {
  it('draws an evaluation from its worst to its best episode, never beyond the returns the env allows', () => {
    const series = new TrainingSeries(100);
    // Acrobot-like: the floor is −500; a ±std bar around −170 with std 200 would reach −370 … −570.
    series.add([{ type: 'eval', step: 20_000, episodes: 100, meanReturn: -170, stdReturn: 200, minReturn: -500, maxReturn: -62, solved: false }]);
    expect(series.all.evals).toEqual({ x: [20_000], y: [-170], errUp: [108], errDown: [330] });
    // An evaluation stopped after 10 episodes goes to its own series, with the same bars.
    series.add([{ type: 'eval', step: 25_000, episodes: 10, meanReturn: -400, stdReturn: 50, minReturn: -500, maxReturn: -300, solved: false }]);
    expect(series.all.evalsEarly).toEqual({ x: [25_000], y: [-400], errUp: [100], errDown: [100] });
    expect(series.bestEval).toBe(-170);
  });

  it('keeps the best stopped evaluation apart, for a run none of whose evaluations completed', () => {
    const series = new TrainingSeries(100);
    const stopped = (step: number, meanReturn: number, episodes: number) => ({ type: 'eval' as const, step, episodes, meanReturn, stdReturn: 1, minReturn: meanReturn - 1, maxReturn: meanReturn + 1, solved: false });
    series.add([stopped(2000, 21.5, 10), stopped(4000, 45.2, 10), stopped(6000, 30, 12)]);
    expect(series.bestEval).toBeNull();
    expect(series.bestEarlyEval).toEqual({ mean: 45.2, episodes: 10 });
  });
});
