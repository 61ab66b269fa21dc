/**
 * `qlens explain --method all` compares columns that start from different states (the tree from its
 * leaf's mean state, the Shapley methods from the average over the agent's play, gradient × input
 * from zero): the table names each column's reference, and the sentence right above the agreement
 * says so, as the dashboard does, so the Spearman ρ is not read as two answers to one question.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const STATE = '0.01,0.2,-0.03,-0.3';

/** The cells of the table row whose first cell is `label` (cells are separated by two or more spaces). */
function row(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`${label}  `));
  if (!line) throw new Error(`no ${label} row in:\n${text}`);
  return line.split(/\s{2,}/).slice(1);
}

describe('qlens explain names the reference of each attribution column', { timeout: 60_000 }, () => {
  it('several methods: a "measured from" row and, above the agreement, the sentence naming every reference', async () => {
    const r = await qlens(['explain', '--run', pretrained, '--state', STATE, '--method', 'saliency,ig,shap,exact,lime', '--episodes', '2']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/\nfeature +value +tree +grad×input +IG +perm\. SHAP +exact Shapley +LIME\n/);
    expect(row(r.stdout, 'measured from')).toEqual(['leaf mean', 'zero state', 'mean state', 'avg of play', 'avg of play', 'fit at mean']);
    const lines = r.stdout.split('\n');
    const agreement = lines.findIndex((l) => l.startsWith('Agreement with the tree'));
    expect(lines[agreement - 1]).toBe(
      'Each column is measured from its own reference ("measured from"): the tree from its leaf\'s mean state, gradient × input from the all-zero state, ' +
        "IG from the agent's mean state, the Shapley methods from the network's average Q over the agent's states and LIME from its local linear fit's value at the agent's mean state, " +
        'so their sums and sizes differ by design and the agreement below compares only which features matter (the ranks of |values|).',
    );
    // The numbers behind the words: the tree's leaf baseline and the Shapley methods' average differ.
    const [treeRef, , , shapRef, exactRef] = row(r.stdout, 'reference').map(Number);
    expect(shapRef).toBe(exactRef);
    expect(treeRef).not.toBe(shapRef);
  });

  it('IG from a zero baseline says so', async () => {
    const r = await qlens(['explain', '--run', pretrained, '--state', STATE, '--method', 'ig', '--episodes', '2', '--options', '{"ig":{"baseline":"zero"}}']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(row(r.stdout, 'measured from')).toEqual(['leaf mean', 'zero state']);
    expect(r.stdout).toContain('the tree from its leaf\'s mean state and IG from the all-zero state, so their sums');
  });

  it('IG from a baseline given as values names it as given, even when the values are zeros', async () => {
    const r = await qlens(['explain', '--run', pretrained, '--state', STATE, '--method', 'ig', '--episodes', '2', '--options', '{"ig":{"baseline":[0,0,0,0]}}']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(row(r.stdout, 'measured from')).toEqual(['leaf mean', 'IG baseline']);
    expect(r.stdout).toContain('the tree from its leaf\'s mean state and IG from the baseline state given in --options, so their sums');
  });
});
