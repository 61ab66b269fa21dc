/**
 * The Inspector's "How each method accounts for Q(action)" block (web/views/attributions-accounting.ts):
 * per ticked method, its reference (`base`) + Σ attributions = Q(state) (`output`) where the method is
 * additive, its quality figure (permutation SHAP's standard error, LIME's R², integrated gradients'
 * completeness error, KernelSHAP's coalitions), and each method's reference in its own words.
 */
import { describe, expect, it } from 'vitest';
import type { AttributionsResponse } from '../../../src/server/dto.ts';
import { accountingLines } from '../../../web/views/attributions-accounting.ts';

/** "−1,234.5" → -1234.5 and its last printed digit's size (0.1). */
function parse(text: string): { value: number; ulp: number } {
  const plain = text.replace(/−/g, '-').replace(/,/g, '');
  const decimals = plain.includes('.') ? plain.split('.')[1]!.length : 0;
  return { value: Number(plain), ulp: 10 ** -decimals };
}

const NUM = '(−?[\\d,]+(?:\\.\\d+)?(?:e[-+]?\\d+)?)';

/** base + Σ = Q as printed, within the printed numbers' rounding (half a last digit each). */
function expectAddsUp(text: string, prefix: string): void {
  const m = text.match(new RegExp(`${prefix.replace(/[[\]().]/g, '\\$&')} ${NUM} \\+ Σ attributions ${NUM} = Q ${NUM}`));
  expect(m, text).not.toBeNull();
  const [b, s, q] = [m![1]!, m![2]!, m![3]!].map(parse);
  expect(Math.abs(b!.value + s!.value - q!.value)).toBeLessThanOrEqual((b!.ulp + s!.ulp + q!.ulp) / 2 + 1e-12);
}

// CartPole-like: two actions, four features; action 1 the network's pick. Sums chosen so base + Σ = output.
const response = {
  observation: [0.02, 0.1, -0.03, -0.2],
  featureNames: ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'],
  actionNames: ['push_left', 'push_right'],
  weights: 'best eval',
  qNetwork: [58.1897, 58.219],
  networkAction: 1,
  background: { episodes: 5, seed: 0, states: 2500, used: 100 },
  tree: null,
  methods: ['shap', 'saliency', 'lime', 'kernelshap', 'exact', 'ig'],
  results: {
    shap: {
      method: 'shap', state: [], evaluations: 1, milliseconds: 1, permutations: 2000,
      values: [[0.05, 0.1, 0.03, 0.02], [0.06, 0.12, 0.03, 0.019]],
      base: [57.9897, 57.99],
      output: [58.1897, 58.219],
      standardError: [[0.001, 0.002, 0.0005, 0.0001], [0.0012, 0.0003, 0.0031, 0.0001]],
    },
    saliency: {
      method: 'saliency', state: [], evaluations: 2, milliseconds: 1, gradient: [[0, 0, 0, 0], [0, 0, 0, 0]],
      values: [[0.01, 0.02, 0.03, 0.04], [0.01, 0.02, 0.01, 0.01]],
      base: [0, 0],
      output: [58.1897, 58.219],
    },
    lime: {
      method: 'lime', state: [], evaluations: 1000, milliseconds: 1, samples: 1000, kernelWidth: 1.5,
      coefficients: [[0, 0, 0, 0], [0, 0, 0, 0]], intercept: [0, 0],
      values: [[-0.2, -0.1, -0.1, -0.1], [0.1, 0.05, 0.02, 0.03]],
      base: [58.6452, 58.0],
      localPrediction: [58.1452, 58.2],
      output: [58.1897, 58.219],
      r2: [0.36, 0.9712],
    },
    kernelshap: {
      method: 'kernelshap', state: [], evaluations: 1, milliseconds: 1, coalitions: 14, complete: true,
      values: [[0.05, 0.1, 0.03, 0.02], [0.06, 0.12, 0.03, 0.019]],
      base: [57.9897, 57.99],
      output: [58.1897, 58.219],
    },
    exact: {
      method: 'exact', state: [], evaluations: 1, milliseconds: 1,
      values: [[0.05, 0.1, 0.03, 0.02], [0.06, 0.12, 0.03, 0.019]],
      base: [57.9897, 57.99],
      output: [58.1897, 58.219],
    },
    ig: {
      method: 'ig', state: [], evaluations: 1, milliseconds: 1, steps: 64, baseline: [-0.47, -0.05, 0, 0], baselineFrom: 'mean',
      values: [[0.1, 0.01, 0.005, 0.001], [0.2, 0.1, 0.02, 0.0031]],
      base: [58.0736, 57.896],
      output: [58.1897, 58.219],
      completenessError: [2.66e-5, 1e-6],
    },
  },
  agreement: {},
  cached: [],
  milliseconds: 12,
} as unknown as AttributionsResponse;

const ALL = ['shap', 'saliency', 'lime', 'kernelshap', 'exact', 'ig'] as const;

describe('how each method accounts for Q', () => {
  it('gives one line per ticked method that answered, in the ticked order', () => {
    expect(accountingLines(response, ALL, 1).map((l) => l.method)).toEqual([...ALL]);
    expect(accountingLines(response, ['lime', 'shap'], 1).map((l) => l.label)).toEqual(['LIME', 'Permutation SHAP']);
    const { ig: _, ...withoutIg } = response.results;
    expect(accountingLines({ ...response, results: withoutIg }, ['shap', 'ig'], 1).map((l) => l.method)).toEqual(['shap']);
  });

  it('writes the Shapley methods and integrated gradients as base + Σ attributions = Q, adding up within rounding', () => {
    const lines = accountingLines(response, ALL, 1);
    const text = (m: string) => lines.find((l) => l.method === m)!.text;
    for (const m of ['shap', 'kernelshap', 'exact']) {
      expect(text(m)).toContain('E[Q] over the 100 reference states 57.99 + Σ attributions 0.229 = Q 58.22');
      expectAddsUp(text(m), 'E[Q] over the 100 reference states');
      expect(text(m)).toMatch(/adds up \(gap [\d.e−-]+\)/);
      expect(lines.find((l) => l.method === m)!.additive).toBe(true);
    }
    expect(text('ig')).toContain('Q at the baseline (the agent’s mean state) 57.90 + Σ attributions 0.323 = Q 58.22');
    expectAddsUp(text('ig'), 'Q at the baseline (the agent’s mean state)');
    // Action 0 too: the block follows the picked action.
    for (const m of ['shap', 'exact'] as const) expectAddsUp(accountingLines(response, [m], 0)[0]!.text, 'E[Q] over the 100 reference states');
  });

  it('reports each method’s quality figure for the action', () => {
    const text = (m: (typeof ALL)[number], a = 1) => accountingLines(response, [m], a)[0]!.text;
    // Permutation SHAP: the largest standard error of the action's values, and whose it is.
    expect(text('shap')).toContain('largest standard error 0.003 (pole angle, 2,000 permutations)');
    expect(text('shap', 0)).toContain('largest standard error 0.002 (cart velocity');
    expect(text('lime')).toContain('local linear fit, R² 0.97 ·');
    expect(text('lime', 0)).toContain('R² 0.36 (a loose fit: read its bars with care)');
    expect(accountingLines(response, ['lime'], 0)[0]!.warn).toBe(true);
    expect(accountingLines(response, ['lime'], 0)[0]!.warnText).toBe('R² 0.36 (a loose fit: read its bars with care)');
    expect(accountingLines(response, ['lime'], 1)[0]!.warn).toBe(false);
    expect(text('ig')).toContain('completeness error 0.0001 % of Q − Q at the baseline');
    expect(text('ig', 0)).toContain('completeness error 0.003 % of Q − Q at the baseline');
    expect(text('kernelshap')).toContain('all 14 coalitions fitted, so exact');
    expect(text('exact')).toContain('every coalition enumerated: no sampling error');
  });

  it('words each method’s reference as the method defines it, and calls LIME and gradient × input non-additive', () => {
    const lime = accountingLines(response, ['lime'], 1)[0]!;
    expect(lime.additive).toBe(false);
    // base + Σ is the local fit at the state (58.0 + 0.2 = 58.2), not Q.
    expect(lime.text).toBe('local linear fit, R² 0.97 · the fit at the agent’s mean state 58.00 + Σ attributions 0.200 = the fit here 58.20, while Q is 58.22 (no additivity: a local reading)');
    const saliency = accountingLines(response, ['saliency'], 1)[0]!;
    expect(saliency.additive).toBe(false);
    expect(saliency.text).toBe('a local linear reading from the all-zero state: Σ state × ∂Q/∂state 0.0500, which need not equal Q 58.22 (no additivity)');
    // Integrated gradients names its baseline as its options did, never from the numbers: the
    // all-zero state when asked for; an agent's mean state that happens to be all zeros is still its
    // mean; values given as zeros are the given baseline.
    const ig = (baseline: number[], baselineFrom: string) => ({ ...response, results: { ...response.results, ig: { ...response.results.ig!, baseline, baselineFrom } } }) as AttributionsResponse;
    const reference = (r: AttributionsResponse) => /^Q at the baseline \(([^)]*)\) /.exec(accountingLines(r, ['ig'], 1)[0]!.text)?.[1];
    expect(reference(ig([0, 0, 0, 0], 'zero'))).toBe('the all-zero state');
    expect(reference(ig([0, 0, 0, 0], 'mean'))).toBe('the agent’s mean state');
    expect(reference(ig([0, 0, 0, 0], 'given'))).toBe('the baseline given in the options');
    expect(reference(ig([0.1, 0, 0, 0], 'given'))).toBe('the baseline given in the options');
  });

  it('says when a Shapley sum does not add up', () => {
    const off = { ...response, results: { ...response.results, exact: { ...response.results.exact!, base: [57.9897, 57.95] } } };
    const line = accountingLines(off, ['exact'], 1)[0]!;
    expect(line.text).toContain('off by 0.0400');
    expect(line.warn).toBe(true);
    expect(line.warnText).toBe('off by 0.0400');
  });
});
