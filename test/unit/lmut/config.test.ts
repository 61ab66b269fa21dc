import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.ts';
import { LMUT_OPTION_NAMES, resolveLmutConfig } from '../../../src/lmut/config.ts';
import { LinearModelUTree } from '../../../src/lmut/tree.ts';

describe('resolveLmutConfig', () => {
  it('fills documented defaults and freezes the result', () => {
    const c = resolveLmutConfig({});
    expect(c).toMatchObject({ splitCriterion: 'residual', leafModel: 'rls', significance: 'relativeGain', actionSplit: false, standardize: true });
    expect(Object.keys(c).sort()).toEqual([...LMUT_OPTION_NAMES]);
    expect(Object.isFrozen(c)).toBe(true);
    expect(resolveLmutConfig(undefined)).toEqual(c);
  });

  it('keeps given values', () => {
    const c = resolveLmutConfig({ maxLeaves: 32, splitCriterion: 'variance', leafModel: 'adam', actionSplit: true });
    expect(c.maxLeaves).toBe(32);
    expect(c.splitCriterion).toBe('variance');
    expect(c.leafModel).toBe('adam');
    expect(c.actionSplit).toBe(true);
  });

  it('picks the learning rate of the chosen leaf learner unless one is given', () => {
    expect(resolveLmutConfig({ leafModel: 'sgd' }).learningRate).toBe(0.1);
    expect(resolveLmutConfig({ leafModel: 'adam' }).learningRate).toBe(0.01);
    expect(resolveLmutConfig({ leafModel: 'adam', learningRate: 0.003 }).learningRate).toBe(0.003);
    // Re-resolving a resolved config (as loading a saved tree does) gives the same object, in the same key order.
    const c = resolveLmutConfig({ leafModel: 'adam' });
    expect(JSON.stringify(resolveLmutConfig(JSON.parse(JSON.stringify(c))))).toBe(JSON.stringify(c));
  });

  it.each([
    [{ maxLeaves: 0 }, 'Invalid maxLeaves: 0 (allowed: an integer >= 1)'],
    [{ gracePeriod: 1.5 }, 'Invalid gracePeriod: 1.5 (allowed: an integer >= 1)'],
    [{ splitCriterion: 'gini' }, 'Invalid splitCriterion: "gini" (allowed: one of variance, residual)'],
    [{ significance: 'bonferroni' }, 'Invalid significance: "bonferroni" (allowed: one of hoeffding, relativeGain)'],
    [{ leafModel: 'ols' }, 'Invalid leafModel: "ols" (allowed: one of rls, sgd, adam)'],
    [{ splitConfidence: 0 }, 'Invalid splitConfidence: 0 (allowed: a number in (0, 1))'],
    [{ minRelativeGain: 2 }, 'Invalid minRelativeGain: 2 (allowed: a number in [0, 1])'],
    [{ ridge: -1 }, 'Invalid ridge: -1 (allowed: a number >= 0)'],
    [{ learningRate: 0 }, 'Invalid learningRate: 0 (allowed: a number > 0)'],
    [{ fadingFactor: 0 }, 'Invalid fadingFactor: 0 (allowed: a number in (0, 1])'],
    [{ standardize: 'yes' }, 'Invalid standardize: "yes" (allowed: true or false)'],
    [{ memorySize: 1 }, 'Invalid memorySize: 1 (allowed: an integer in [2, 1000000])'],
    [{ minSamplesSplit: 600, memorySize: 1000 }, 'Invalid minSamplesSplit: 600 (allowed: at most half of memorySize, 500)'],
    [{ seed: -1 }, 'Invalid seed: -1 (allowed: an integer in [0, 4294967295])'],
    [{ maxLeafs: 3 }, `Unknown LMUT option "maxLeafs" (did you mean maxLeaves? allowed: ${LMUT_OPTION_NAMES.join(', ')})`],
    ['deep', 'LMUT options must be an object, got "deep"'],
  ])('rejects %j with an exact message', (input, message) => {
    expect(() => resolveLmutConfig(input)).toThrow(ConfigError);
    expect(() => resolveLmutConfig(input)).toThrow(message);
  });
});

describe('LinearModelUTree constructor', () => {
  it.each([
    [() => new LinearModelUTree(0, 2), 'Invalid obsDim: 0 (allowed: an integer >= 1)'],
    [() => new LinearModelUTree(4, 1.5), 'Invalid nActions: 1.5 (allowed: an integer >= 1)'],
    [() => new LinearModelUTree(4, 2, {}, { featureNames: ['a', 'b'] }), 'featureNames has 2 names but obsDim is 4'],
    [() => new LinearModelUTree(4, 2, {}, { actionNames: ['left'] }), 'actionNames has 1 names but nActions is 2'],
    [() => new LinearModelUTree(4, 3, { actionSplit: true, maxLeaves: 2 }), 'Invalid maxLeaves: 2 (allowed: at least nActions, 3, when actionSplit is on)'],
  ])('rejects bad arguments with an exact message (%#)', (make, message) => {
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });

  it('falls back to generic names', () => {
    const t = new LinearModelUTree(2, 3);
    expect(t.featureNames).toEqual(['feature_0', 'feature_1']);
    expect(t.actionNames).toEqual(['action_0', 'action_1', 'action_2']);
  });
});
