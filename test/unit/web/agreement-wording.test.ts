import { describe, expect, it } from 'vitest';
import { topKMeaning } from '../../../web/views/attributions-agreement.ts';

describe('topKMeaning', () => {
  it('says what the overlap of one feature means, without "the 1 most important features"', () => {
    expect(topKMeaning(1)).toBe('Top-1 overlap: whether both name the same most important feature (100 % if they do, 0 % if not).');
    expect(topKMeaning(1)).not.toContain('1 most important features');
  });

  it('keeps the share wording for several', () => {
    expect(topKMeaning(2)).toBe('Top-2 overlap: the share of the 2 most important features both name.');
  });
});
