import { describe, expect, it } from 'vitest';
import { fitSplitLabel } from '../../../web/tree/fit-label.ts';

/** Every character 6 px wide: a 31-character line is 186 px. */
const width = (text: string) => text.length * 6;

describe('fitSplitLabel', () => {
  it('keeps a label that fits whole', () => {
    expect(fitSplitLabel('pole angle', '≤ −0.09474', 184, width)).toBe('pole angle ≤ −0.09474');
  });

  it('shortens the feature name, never the threshold', () => {
    const label = fitSplitLabel('pole angular velocity', '≤ −0.08460', 184, width);
    expect(label).toBe('pole angular veloc… ≤ −0.08460');
    expect(width(label)).toBeLessThanOrEqual(184);
  });

  it('keeps the threshold even when no letter of the name fits', () => {
    expect(fitSplitLabel('next next pipe bottom y', '≤ −1,234.5', 72, width)).toBe('… ≤ −1,234.5');
  });
});
