/** When a run gets no network update at all: past learningStarts, updates come only every trainFreq steps. */
import { describe, expect, it } from 'vitest';
import { neverTrainsWarning } from '../../../src/cli/commands/train.ts';

describe('neverTrainsWarning', () => {
  it('is silent once a run reaches its first update step', () => {
    expect(neverTrainsWarning({ totalTimesteps: 10_010, learningStarts: 10_000, trainFreq: 10 })).toBeNull();
    expect(neverTrainsWarning({ totalTimesteps: 101, learningStarts: 100, trainFreq: 1 })).toBeNull();
  });

  it('names the first update step when the run ends past learningStarts but before it', () => {
    expect(neverTrainsWarning({ totalTimesteps: 10_005, learningStarts: 10_000, trainFreq: 10 })).toBe(
      'warning: --steps 10005 ends before the first update, at step 10010 (every trainFreq = 10 steps after learningStarts = 10000): the network will never train. Give --steps of at least 10010',
    );
  });

  it('says learningStarts is the obstacle when the run is no longer than it', () => {
    expect(neverTrainsWarning({ totalTimesteps: 3000, learningStarts: 10_000, trainFreq: 10 })).toMatch(/^warning: --steps 3000 is not above learningStarts = 10000 /);
  });
});
