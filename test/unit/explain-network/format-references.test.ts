/**
 * The "measured from" row of `qlens explain --method ig` names IG's reference from the result's
 * `baselineFrom` (its resolved `baseline` option), not from the baseline's numbers: an agent whose mean state is all zeros is
 * still measured from its mean, and a baseline given as numbers is the one given, zeros or not.
 */
import { describe, expect, it } from 'vitest';
import { formatNetworkExplanation } from '../../../src/explain/network/format.ts';
import type { IgBaselineFrom, IntegratedGradients } from '../../../src/explain/network/integrated-gradients.ts';

/** An IG answer for a two-feature, one-action model, measured from `baseline` (which is `baselineFrom`). */
const ig = (baseline: number[], baselineFrom: IgBaselineFrom): IntegratedGradients => ({
  method: 'ig',
  state: [0.5, -0.5],
  values: [[0.1, 0.2]],
  base: [1],
  output: [1.3],
  evaluations: 66,
  milliseconds: 1,
  baseline,
  baselineFrom,
  steps: 32,
  completenessError: [0],
});

/** The "measured from" cell and the sentence naming the reference, for IG at `baseline`, which is `from`. */
function reference(baseline: number[], from: IgBaselineFrom): { cell: string; sentence: string } {
  const text = formatNetworkExplanation({ results: { ig: ig(baseline, from) }, featureNames: ['a', 'b'], actionNames: ['only'], action: 0 });
  const lines = text.split('\n');
  const cell = lines.find((l) => l.startsWith('measured from  '))!.split(/\s{2,}/)[1]!;
  return { cell, sentence: lines.find((l) => l.startsWith('Each column is measured from'))! };
}

describe('IG’s reference in the explain table', () => {
  it('is the agent’s mean state when the option says mean, even where that mean is all zeros', () => {
    expect(reference([0, 0], 'mean')).toEqual({ cell: 'mean state', sentence: 'Each column is measured from its own reference ("measured from"): IG from the agent\'s mean state.' });
  });

  it('is the all-zero state when the option says zero', () => {
    expect(reference([0, 0], 'zero').cell).toBe('zero state');
  });

  it('is the given baseline when the option lists values, all zeros included', () => {
    for (const given of [[0, 0], [0.25, -0.25]]) {
      expect(reference(given, 'given')).toEqual({ cell: 'IG baseline', sentence: 'Each column is measured from its own reference ("measured from"): IG from the baseline state given in --options.' });
    }
  });
});
