/** The ETA of the plain progress lines reads as the live bar's (cli-progress's time format). */
import { describe, expect, it } from 'vitest';
import { etaText } from '../../../src/cli/eta.ts';

describe('etaText', () => {
  it.each([
    [5_000, 1_000, '5s'],
    [45_000, 1_000, '45s'],
    [205_000, 1_000, '3m25s'],
    [3_900_000, 1_000, '1h5m'],
    [0, 1_000, '0s'],
    [-10, 1_000, '0s'], // a resumed run past its total: nothing left
  ])('%d steps at %d steps/s: %s', (remaining, sps, text) => {
    expect(etaText(remaining, sps)).toBe(text);
  });

  it('is a dash until the rate is measured', () => {
    expect(etaText(1000, 0)).toBe('-');
    expect(etaText(1000, Number.NaN)).toBe('-');
  });
});
