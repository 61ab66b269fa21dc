import { describe, expect, it } from 'vitest';
import type { InfluenceResponse } from '../../../src/server/dto.ts';
import { qImportance } from '../../../src/explain/network/shap-targets.ts';
import { agreementText } from '../../../web/views/global-shap.ts';

const influence = (shares: number[]) => ({ total: 1, features: shares.map((share, feature) => ({ feature, share })) }) as unknown as InfluenceResponse;
const names = ['a', 'b', 'c'];

describe('the SHAP summary beside the tree’s influence', () => {
  it('averages every action’s mean |SHAP| of Q', () => {
    // Two states, two actions, three features.
    const values = [[[1, -2, 0], [3, 0, 0]], [[-1, 2, 0], [1, 0, 4]]];
    expect(qImportance({ values, greedy: [0, 1], actionNames: ['l', 'r'], featureNames: names })).toEqual([1.5, 1, 1]);
  });

  it('says whether the two rank the features alike, with Spearman ρ', () => {
    expect(agreementText([3, 2, 1], influence([0.5, 0.3, 0.2]), names)).toBe('On the Q-values (what the tree’s influence measures), the network’s mean |SHAP| and the tree’s feature influence rank the features alike: Spearman ρ 1.00 over 3 features.');
    expect(agreementText([3, 2, 1], influence([0.2, 0.3, 0.5]), names)).toContain('rank the features differently: Spearman ρ −1.00 over 3 features');
    expect(agreementText([1, 1, 1], influence([0.2, 0.3, 0.5]), names)).toBe('The ranks cannot be compared: every feature is weighed the same by one of them.');
    expect(agreementText([0.4, 0.2], influence([0.3, 0.7]), ['velocity', 'position'])).toBe('On the Q-values (what the tree’s influence measures), the network’s mean |SHAP| and the tree’s feature influence put the two features in opposite orders.');
    expect(agreementText([3, 2, 1], null, names)).toBe('The tree’s feature influence is not available to compare with.');
  });

  it('says which quantity the plot shows and how it ranks the features against the tree, apart from the Q-values’ ρ', () => {
    // The tree and the Q-values put c last; the plotted advantage puts c first (the review's CartPole: pole angle).
    const plotted = { label: 'advantage of l', importance: [1, 2, 3], decides: true };
    expect(agreementText([3, 2, 1], influence([0.5, 0.3, 0.2]), names, plotted)).toBe(
      'On the Q-values (what the tree’s influence measures), the network’s mean |SHAP| and the tree’s feature influence rank the features alike: Spearman ρ 1.00 over 3 features. ' +
        'The plot explains the advantage of l: what decides the action rather than what the state is worth, which may rank the features otherwise. ' +
        'Against the tree’s influence, its mean |SHAP| values rank the features differently: Spearman ρ −1.00 over 3 features. C comes first in the plot and last by the tree’s influence.',
    );
    expect(agreementText([3, 2, 1], influence([0.5, 0.3, 0.2]), names, { label: 'Q(l)', importance: [2, 3, 1], decides: false })).toBe(
      'On the Q-values (what the tree’s influence measures), the network’s mean |SHAP| and the tree’s feature influence rank the features alike: Spearman ρ 1.00 over 3 features. ' +
        'The plot explains Q(l). Against the tree’s influence, its mean |SHAP| values rank the features partly alike: Spearman ρ 0.50 over 3 features. B comes first in the plot and 2nd by the tree’s influence.',
    );
  });
});
