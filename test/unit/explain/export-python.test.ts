/**
 * The Python policy module, run by a real Python 3: bit-identical Q-values to the tree on 10,000
 * random states (Python's json writes floats in shortest round-trip form, so equality is exact),
 * the same refusals, and names that cannot break the code.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCode } from '../../../src/explain/index.ts';
import { LinearModelUTree } from '../../../src/lmut/index.ts';
import { grownTree, handTree, handTreeJSON, randomStates, SMALL } from './fixtures.ts';

function findPython(): string | null {
  for (const candidate of ['python3', 'python']) {
    try {
      if (execFileSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' }).trim() === '3') return candidate;
    } catch {
      // not installed under that name
    }
  }
  return null;
}
const PYTHON = findPython();
if (!PYTHON) {
  // Skipping silently would hide a broken exporter; in CI Python must be there.
  if (process.env.CI === 'true') throw new Error('Python 3 is required in CI for the Python policy tests (apt-get install python3)');
  console.warn('Skipping the Python policy tests: no python3 found');
}

const dir = mkdtempSync(join(tmpdir(), 'qlens-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Imports the module from a file, as a user would, and runs `call` on each state; exceptions become `{ error }`. */
const DRIVER = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("policy", sys.argv[1])
policy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(policy)
def run(s):
    try:
        return {"q": policy.q_values(s), "act": policy.act(s)}
    except ValueError as e:
        return {"error": str(e)}
states = json.load(open(sys.argv[2]))
print(json.dumps({"features": list(policy.FEATURE_NAMES), "actions": list(policy.ACTION_NAMES), "results": [run(s) for s in states]}))
`;
writeFileSync(join(dir, 'driver.py'), DRIVER);

interface PythonRun {
  features: string[];
  actions: string[];
  results: ({ q: number[]; act: number } | { error: string })[];
}

let counter = 0;
function runPython(source: string, states: (number | string)[][]): PythonRun {
  const module = join(dir, `policy_${counter}.py`);
  const input = join(dir, `states_${counter++}.json`);
  writeFileSync(module, source);
  writeFileSync(input, JSON.stringify(states));
  return JSON.parse(execFileSync(PYTHON!, [join(dir, 'driver.py'), module, input], { encoding: 'utf8', maxBuffer: 64 << 20 })) as PythonRun;
}

function expectSameAsTree(tree: LinearModelUTree, n: number, seed: number): void {
  const flat = randomStates(n, seed);
  const states = Array.from({ length: n }, (_, r) => Array.from(flat.subarray(r * 4, r * 4 + 4)));
  const { results } = runPython(exportCode(tree, { language: 'py' }), states);
  let differing = 0;
  let actions = 0;
  results.forEach((r, i) => {
    if (!('q' in r)) throw new Error(`state ${i}: ${r.error}`);
    const want = Array.from(tree.qValues64(states[i]!));
    if (r.q.some((v, a) => !Object.is(v, want[a]))) differing++;
    if (r.act === tree.act(states[i]!)) actions++;
  });
  expect(differing).toBe(0); // bit-identical, not merely within 1e-9
  expect(actions).toBe(n);
}

/** The hand tree with its root threshold moved to `threshold`. */
function handTreeAt(threshold: number): LinearModelUTree {
  const json = handTreeJSON();
  json.nodes[0]!.split = { kind: 'threshold', feature: 2, threshold };
  return LinearModelUTree.fromJSON(json, 'hand-tree.json');
}

/** A chain of `depth` splits on feature 0 (each left child a leaf), as fromJSON accepts beyond the growth limit. */
function chainTree(depth: number): LinearModelUTree {
  const base = handTreeJSON();
  const leaf = base.nodes[3]!;
  const nodes = [];
  for (let k = 0; k <= depth; k++) {
    const id = 2 * k;
    const last = k === depth;
    nodes.push({ ...leaf, id, parent: k === 0 ? null : id - 2, depth: k, split: last ? null : { kind: 'threshold' as const, feature: 0, threshold: k }, children: last ? [] : [id + 1, id + 2] });
    if (!last) nodes.push({ ...leaf, id: id + 1, parent: id, depth: k + 1, split: null, children: [] });
  }
  return LinearModelUTree.fromJSON({ ...base, nextId: 2 * depth + 1, nodes }, 'chain.json');
}

describe('Python policy export, limits', () => {
  it('refuses a tree nested deeper than Python allows, naming the way out', () => {
    expect(() => exportCode(chainTree(99), { language: 'py' })).toThrow('This tree nests 99 splits deep, beyond the 98 Python allows in a function (100 blocks): export it as JavaScript or TypeScript');
    expect(exportCode(chainTree(98), { language: 'py' })).toContain('def act(obs):');
  });
});

describe.runIf(PYTHON)('Python policy export', () => {
  it('reproduces a grown tree, an action-split tree and the hand tree bit for bit on 10,000 random states each', () => {
    expectSameAsTree(grownTree(), 10_000, 1);
    expectSameAsTree(grownTree({ ...SMALL, actionSplit: true }), 10_000, 3);
    expectSameAsTree(handTree(), 10_000, 4);
  });

  it('writes every number as a float: an integer-valued threshold beyond 2^53 routes as in the tree', () => {
    const big = 2 ** 54 + 8; // JavaScript prints 18014398509481990, an integer to Python
    const tree = handTreeAt(big);
    const state = [0, 0, big, 0];
    const run = runPython(exportCode(tree, { language: 'py' }), [state, [0, 0, big * 2, 0]]);
    expect(run.results).toEqual([state, [0, 0, big * 2, 0]].map((s) => ({ q: Array.from(tree.qValues64(s)), act: tree.act(s) })));
    const deep = chainTree(98);
    const states = [[-1, 0, 0, 0], [50.5, 0, 0, 0], [200, 1, 2, 3]];
    expect(runPython(exportCode(deep, { language: 'py' }), states).results).toEqual(states.map((s) => ({ q: Array.from(deep.qValues64(s)), act: deep.act(s) })));
  });

  it('writes a leaf of many features one term per statement, with the same sums in the same order', () => {
    const d = 250;
    const base = handTreeJSON();
    const wide = (i: number) => Array.from({ length: d }, (_, k) => Math.sin(k * 7.1 + i) * 3.3);
    const leaf = { ...base.nodes[6]!, id: 0, parent: null, depth: 0, mean: wide(1), weights: [wide(2), wide(3)] } as (typeof base.nodes)[number];
    leaf.model = { mean: wide(1), baseline: [0.1, -0.2], weights: [wide(2), wide(3)] };
    const names = Array.from({ length: d }, (_, k) => `f${k}`);
    const tree = LinearModelUTree.fromJSON({ ...base, obsDim: d, featureNames: names, nextId: 1, nodes: [leaf] }, 'wide.json');
    const source = exportCode(tree, { language: 'py' });
    expect(source).toContain('q[1] += ');
    const states = [wide(4), wide(5).map((v) => v * 100)];
    expect(runPython(source, states).results).toEqual(states.map((s) => ({ q: Array.from(tree.qValues64(s)), act: tree.act(s) })));
  });

  it('goes left exactly on a threshold and refuses a wrong width or a non-finite feature, as the tree does', () => {
    const run = runPython(exportCode(handTree(), { language: 'py' }), [[0, 0.3, 0.05, 0], [0, 0.3, 0.05], [0, 'nan', 0, 0], [0, 0, 'inf', 0]]);
    expect(run.results[0]).toEqual({ q: Array.from(handTree().qValues64([0, 0.3, 0.05, 0])), act: handTree().act([0, 0.3, 0.05, 0]) });
    expect(run.results.slice(1)).toEqual([
      { error: 'q_values: expected 4 features, got 3' },
      { error: 'q_values: obs[1] is nan, not a finite number' },
      { error: 'q_values: obs[2] is inf, not a finite number' },
    ]);
  });

  it('names cannot break the code: they appear only in comments and string literals', () => {
    const featureNames = ['a """ b', 'line\nbreak', "quote \" ' \\ {x}", 'nul\u0000\u2028sep'];
    const actionNames = ['# not a comment', 'é'];
    const run = runPython(exportCode(handTree(), { language: 'py', featureNames, actionNames }), [[0, 0, 0, 0]]);
    expect(run.features).toEqual(featureNames);
    expect(run.actions).toEqual(actionNames);
    expect(run.results[0]).toEqual({ q: Array.from(handTree().qValues64([0, 0, 0, 0])), act: handTree().act([0, 0, 0, 0]) });
  });
});
