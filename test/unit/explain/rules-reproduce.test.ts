/**
 * The rules export is meant to be applied: its printed numbers, read back as a person or a script
 * would, must pick the tree's action on the agent's own play. At 4 significant digits they picked
 * another action on 8 % of CartPole's held-out states.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { make } from '../../../envs/index.ts';
import { loadTreeFile, rulesText, treeRules } from '../../../src/explain/index.ts';
import { heldOutSet } from '../../../src/mimic/offline.ts';
import { loadRunNetwork } from '../../../src/runs/load-network.ts';

interface ParsedRule {
  tests: ((x: Float32Array, o: number) => boolean)[];
  forms: { intercept: number; terms: { feature: number; weight: number }[] }[];
}

/** Reads `rulesText` back: `IF a < f <= b AND f > c …` and `Q(action) = c + w * f - w * f …` lines. */
function parseRules(text: string, featureNames: readonly string[]): ParsedRule[] {
  const index = (name: string) => featureNames.indexOf(name);
  return text.trim().split('\n\n').map((block) => {
    const lines = block.split('\n');
    const conditions = lines[1]!.replace(/^\s*IF\s+/, '');
    const tests = conditions === 'always' ? [] : conditions.split(' AND ').map((c) => {
      let m = /^(\S+) < (\S+) <= (\S+)$/.exec(c);
      if (m) {
        const [lo, f, hi] = [Number(m[1]), index(m[2]!), Number(m[3])];
        return (x: Float32Array, o: number) => x[o + f]! > lo && x[o + f]! <= hi;
      }
      m = /^(\S+) (<=|>) (\S+)$/.exec(c)!;
      const [f, op, t] = [index(m[1]!), m[2], Number(m[3])];
      return op === '<=' ? (x: Float32Array, o: number) => x[o + f]! <= t : (x: Float32Array, o: number) => x[o + f]! > t;
    });
    const forms = lines.slice(2).map((line) => {
      const rhs = line.split(' = ')[1]!;
      const [first, ...rest] = rhs.split(/ (?=[+-] )/);
      return { intercept: Number(first), terms: rest.map((t) => { const m = /^([+-]) (\S+) \* (\S+)$/.exec(t)!; return { weight: (m[1] === '-' ? -1 : 1) * Number(m[2]), feature: index(m[3]!) }; }) };
    });
    return { tests, forms };
  });
}

describe('the rules export', () => {
  for (const env of ['CartPole-v1', 'MountainCar-v0']) {
    it(`picks the tree's action on every held-out state of ${env}'s play, read back from its text`, async () => {
      const dir = join(import.meta.dirname, '../../../agents/pretrained', env);
      const tree = loadTreeFile(readFileSync(join(dir, 'tree.json'), 'utf8'), 'tree.json');
      const text = rulesText(treeRules(tree, { sortBy: 'samples' }), { featureNames: tree.featureNames });
      const rules = parseRules(text, tree.featureNames);
      expect(rules).toHaveLength(tree.summary.leaves);
      const { network } = await loadRunNetwork(dir);
      const held = heldOutSet(network, make(env), 10, 5);
      const q = tree.qBatch64(held.obs, held.n);
      const argmax = (v: ArrayLike<number>) => Array.from(v).indexOf(Math.max(...Array.from(v)));
      let agree = 0;
      for (let s = 0; s < held.n; s++) {
        const o = s * tree.obsDim;
        const matching = rules.filter((r) => r.tests.every((t) => t(held.obs, o)));
        expect(matching).toHaveLength(1);
        const qs = matching[0]!.forms.map((f) => f.terms.reduce((sum, t) => sum + t.weight * held.obs[o + t.feature]!, f.intercept));
        if (argmax(qs) === argmax(q.subarray(s * tree.nActions, (s + 1) * tree.nActions))) agree++;
      }
      expect(agree).toBe(held.n);
      network.dispose();
    });
  }
});
