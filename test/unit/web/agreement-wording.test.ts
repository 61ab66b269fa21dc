import { describe, expect, it } from 'vitest';
import type { StateAgreement } from '../../../src/server/dto.ts';
import { topKMeaning, verdict } from '../../../web/views/attributions-agreement.ts';

describe('topKMeaning', () => {
  it('says what the overlap of one feature means, without "the 1 most important features"', () => {
    expect(topKMeaning(1)).toBe('Top-1 overlap: whether both name the same most important feature (100 % if they do, 0 % if not).');
    expect(topKMeaning(1)).not.toContain('1 most important features');
  });

  it('keeps the share wording for several', () => {
    expect(topKMeaning(2)).toBe('Top-2 overlap: the share of the 2 most important features both name.');
  });
});

describe('agreement verdict', () => {
  const alike = { spearman: 0.82, topK: 0.75, k: 2, perAction: [] } as unknown as StateAgreement;

  it('is green only when the rankings agree and the tree and the network pick the same action', () => {
    expect(verdict(alike, true)).toEqual({ word: 'agrees with the tree', kind: 'good' });
    expect(verdict(alike, false)).toEqual({ word: 'ranks the features as the tree does, though the two pick different actions here', kind: 'mixed' });
    expect(verdict({ ...alike, spearman: 0.1 }, true).kind).toBe('poor');
  });
});
