import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCode } from '../../../src/explain/index.ts';
import { LinearModelUTree } from '../../../src/lmut/index.ts';
import { grownTree, handTree, randomStates, SMALL } from './fixtures.ts';

interface Policy {
  qValues(obs: ArrayLike<number>): number[];
  act(obs: ArrayLike<number>): number;
  featureNames: readonly string[];
  actionNames: readonly string[];
}

const dir = mkdtempSync(join(tmpdir(), 'qlens-code-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Writes the generated module to a temp file and imports it, as a user would. */
async function load(source: string, ext: 'js' | 'ts'): Promise<Policy> {
  const file = join(dir, `policy-${counter++}.${ext === 'js' ? 'mjs' : 'mts'}`);
  writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as Policy;
}

function expectSameAsTree(policy: Policy, tree: LinearModelUTree, n: number, seed: number): void {
  const states = randomStates(n, seed);
  let worst = 0;
  let actions = 0;
  for (let r = 0; r < n; r++) {
    const s = states.subarray(r * 4, r * 4 + 4);
    const want = tree.qValues64(s);
    const got = policy.qValues(s);
    for (let a = 0; a < tree.nActions; a++) worst = Math.max(worst, Math.abs(got[a]! - want[a]!));
    if (policy.act(s) === tree.act(s)) actions++;
  }
  expect(worst).toBeLessThanOrEqual(1e-9);
  expect(worst).toBe(0); // same operations in the same order: bit-identical, in fact
  expect(actions).toBe(n);
}

describe('standalone code export', () => {
  it('the JavaScript module reproduces a grown tree on 10,000 random states', async () => {
    const tree = grownTree();
    const policy = await load(exportCode(tree), 'js');
    expect(policy.featureNames).toEqual(tree.featureNames);
    expect(policy.actionNames).toEqual(tree.actionNames);
    expectSameAsTree(policy, tree, 10_000, 1);
  });

  it('the TypeScript variant, an action-split tree and the hand tree do too', async () => {
    expectSameAsTree(await load(exportCode(grownTree(), { language: 'ts' }), 'ts'), grownTree(), 10_000, 2);
    const split = grownTree({ ...SMALL, actionSplit: true });
    expectSameAsTree(await load(exportCode(split), 'js'), split, 10_000, 3);
    expectSameAsTree(await load(exportCode(handTree()), 'js'), handTree(), 10_000, 4);
    // Exactly on a threshold, `<=` goes left as in the tree.
    const hand = await load(exportCode(handTree()), 'js');
    expect(hand.qValues([0, 0.3, 0.05, 0])).toEqual(Array.from(handTree().qValues64([0, 0.3, 0.05, 0])));
  });

  it('refuses a wrong width or a non-finite feature, as the tree does, instead of acting on NaN', async () => {
    const policy = await load(exportCode(handTree()), 'js');
    expect(() => policy.act([0, 0.3, 0.05])).toThrow('qValues: expected 4 features, got 3');
    expect(() => policy.act([0, Number.NaN, 0.05, 0])).toThrow('qValues: obs[1] is NaN, not a finite number');
    expect(() => policy.qValues([0, 0, Infinity, 0])).toThrow('qValues: obs[2] is Infinity, not a finite number');
    expect(() => handTree().qValues64([0, Number.NaN, 0.05, 0])).toThrow(); // the same rule as the tree's
  });

  it('acts as the tree when a huge input overflows a Q-value to NaN (ties and NaN to the earlier action)', async () => {
    const tree = new LinearModelUTree(2, 2, { maxLeaves: 1 });
    const n = 500;
    const obs = new Float32Array(2 * n).map((_, i) => (((i * 7919) % 1000) / 500) - 1);
    const q = new Float32Array(2 * n).map((_, i) => (i % 2 === 0 ? 2 * obs[i]! + 2 * obs[i + 1]! : 5)); // Q0 = 2a + 2b, Q1 = 5
    tree.learn(obs, q, n);
    const huge = [1.7e308, -1.7e308]; // finite, but 2a + 2b overflows: Q0 is NaN
    expect(Number.isNaN(tree.qValues64(huge)[0])).toBe(true);
    for (const language of ['js', 'ts'] as const) {
      const policy = await load(exportCode(tree, { language }), language);
      expect(Number.isNaN(policy.qValues(huge)[0])).toBe(true);
      expect(policy.act(huge)).toBe(tree.act(huge));
    }
  });

  it('names cannot break the code: they appear only in comments and JSON string literals', async () => {
    const featureNames = ['a */ b', 'line\nbreak', 'quote " \' `${x}`', '\u2028sep'];
    const policy = await load(exportCode(handTree(), { featureNames, actionNames: ['*/', '</script>'] }), 'js');
    expect(policy.featureNames).toEqual(featureNames);
    expect(policy.actionNames).toEqual(['*/', '</script>']);
    expect(policy.qValues([0, 0, 0, 0])).toEqual(Array.from(handTree().qValues64([0, 0, 0, 0])));
    await expect(async () => policy.qValues([0, 0, 0])).rejects.toThrow('qValues: expected 4 features, got 3');
  });

  it('both variants type-check under strict settings (with noUncheckedIndexedAccess)', () => {
    const tree = grownTree();
    const js = join(dir, 'checked-js.js');
    const ts = join(dir, 'checked-ts.ts');
    writeFileSync(js, exportCode(tree));
    writeFileSync(ts, exportCode(tree, { language: 'ts' }));
    const tsc = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsc');
    const args = ['--noEmit', '--allowJs', '--checkJs', '--strict', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'esnext', '--lib', 'es2022', '--types', '', js, ts];
    let output = '';
    try {
      execFileSync(tsc, args, { encoding: 'utf8', cwd: dir }); // outside the project: no tsconfig.json
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
    // The CommonJS TypeScript module (`--out policy.cts`) under Node's module rules with verbatimModuleSyntax,
    // where `export const` in a CommonJS file is error TS1287: it exports with `export =`.
    const cts = join(dir, 'checked-cts.cts');
    writeFileSync(cts, exportCode(tree, { language: 'ts', module: 'commonjs' }));
    try {
      execFileSync(tsc, ['--noEmit', '--strict', '--noUncheckedIndexedAccess', '--target', 'es2022', '--module', 'nodenext', '--verbatimModuleSyntax', '--lib', 'es2022', '--types', '', cts], { encoding: 'utf8', cwd: dir });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe('');
  });
});
