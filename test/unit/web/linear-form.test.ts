/** The dashboard's linear formulas, read back as printed, pick the action its "greedy at mean" names (Tree view details, Global rules). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTreeFile, treeRules } from '../../../src/explain/index.ts';
import { formulaDigits, linearForm } from '../../../web/linear-form.ts';

/** `58.45 − 1.62 × cart position + …` at the state `x`, as a reader would work it out. */
function evaluate(form: string, featureNames: readonly string[], x: readonly number[]): number {
  const [first, ...rest] = form.replaceAll('−', '-').split(/ (?=[+-] )/);
  return rest.reduce((sum, term) => {
    const m = /^([+-]) (\S+) × (.+)$/.exec(term)!;
    return sum + (m[1] === '-' ? -1 : 1) * Number(m[2]) * x[featureNames.indexOf(m[3]!.replaceAll(' ', '_'))]!;
  }, Number(first));
}

describe('linear formulas in the dashboard', () => {
  it('get the digits that pick each CartPole leaf’s greedy action at its mean, as printed', () => {
    const tree = loadTreeFile(readFileSync(join(import.meta.dirname, '../../../agents/pretrained/CartPole-v1/tree.json'), 'utf8'), 'tree.json');
    const names = tree.featureNames;
    const pickAt = (rule: ReturnType<typeof treeRules>[number], digits: number) => {
      const q = rule.models.map((m) => evaluate(linearForm(m.intercept, m.weights, names, digits), names, rule.mean));
      return rule.models[q.indexOf(Math.max(...q))]!.action;
    };
    let needMore = 0;
    for (const rule of treeRules(tree)) {
      const digits = formulaDigits(rule.models, { mean: rule.mean, action: rule.greedyAction });
      expect(pickAt(rule, digits), `leaf #${rule.leafId} at ${digits} digits`).toBe(rule.greedyAction);
      if (digits > 4) {
        needMore++;
        expect(pickAt(rule, 4)).not.toBe(rule.greedyAction); // more digits only where 4 mislead
      }
    }
    expect(needMore).toBeGreaterThan(0);
  });
});
