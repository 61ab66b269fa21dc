import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/core/errors.ts';
import { LinearModelUTree } from '../../../src/lmut/tree.ts';
import type { LmutJSON } from '../../../src/lmut/serialize.ts';
import { ACTIONS, cartpoleStream, FEATURES, learnAll } from './fixtures.ts';

function saved(form: 'full' | 'model' = 'full'): LmutJSON {
  const tree = new LinearModelUTree(4, 2, { gracePeriod: 100, memorySize: 300, minSamplesSplit: 20, maxLeaves: 8 }, { featureNames: FEATURES, actionNames: ACTIONS });
  learnAll(tree, cartpoleStream(3000, 1));
  return JSON.parse(JSON.stringify(tree.toJSON({ form }))) as LmutJSON;
}

type Edit = (j: any) => unknown;

function withNaN(rows: string, index: number): string {
  const values = new Float32Array(Buffer.from(rows, 'base64').buffer.slice(0));
  values[index] = Number.NaN;
  return Buffer.from(values.buffer).toString('base64');
}

/** A full tree as version 1 wrote it: leaf memories as JSON numbers. */
function asVersion1(j: any): any {
  for (const n of j.nodes) if (n.learning) n.learning.memory.rows = Array.from(new Float32Array(Buffer.from(n.learning.memory.rows, 'base64').buffer.slice(0)));
  j.version = 1;
  return j;
}
const firstLeaf = (j: any) => j.nodes.find((n: any) => n.learning);

describe('tree JSON format', () => {
  it('carries format, version, form, config and names', () => {
    const j = saved();
    expect(j).toMatchObject({ format: 'qlens-lmut', version: 2, form: 'full', obsDim: 4, nActions: 2, featureNames: FEATURES, actionNames: ACTIONS });
    expect(saved('model').version).toBe(1); // unchanged by version 2, so readers of version 1 keep reading exports
    expect(j.config.maxLeaves).toBe(8);
    expect(j.nodes[0]!.parent).toBeNull();
    expect(j.rng?.format).toBe('qlens-rng');
  });

  const twiceIndex = () => saved().nodes.findIndex((n) => n.id === saved().nodes[0]!.children[0]);
  const corruptions: [string, Edit, string][] = [
    ['a wrong format tag', (j) => (j.format = 'qlens-dqn'), 'not a qlens-lmut tree (format is "qlens-dqn")'],
    ['no format tag', (j) => delete j.format, 'not a qlens-lmut tree (no "format" field)'],
    ['a newer version', (j) => (j.version = 3), 'unsupported version 3 (this qlens reads versions 1 and 2)'],
    ['no version', (j) => delete j.version, 'has no "version" field (this qlens reads versions 1 and 2)'],
    ['a NaN threshold (saved as null)', (j) => (j.nodes[0].split.threshold = null), 'invalid nodes[0].split.threshold: null (a NaN or Infinity?)'],
    ['a split of no kind', (j) => (j.nodes[0].split.kind = 'oblique'), 'invalid nodes[0].split.kind'],
    ['a missing field', (j) => delete j.nodes[0].model, 'missing field nodes[0].model'],
    ['a missing nested field', (j) => delete j.nodes[1].split, 'missing field nodes[1].split'],
    ['a non-finite number (NaN saved as null)', (j) => (j.nodes[0].model.baseline[1] = null), 'invalid nodes[0].model.baseline[1]: null (a NaN or Infinity?)'],
    ['a string for a number', (j) => (j.nodes[0].samples = 'many'), 'invalid nodes[0].samples: Invalid input: expected number, received string'],
    ['a short weight row', (j) => j.nodes[0].model.weights[1].pop(), 'nodes[0]: model.weights[1] has 3 values; expected 4 (obsDim)'],
    ['a short mean', (j) => (j.nodes[2].model.mean = [0]), 'nodes[2]: model.mean has 1 values; expected 4 (obsDim)'],
    ['a memory length mismatch', (j) => (firstLeaf(j).learning.memory.rows = firstLeaf(j).learning.memory.rows.slice(0, -8)), 'nodes[2]: learning.memory.rows holds 7194 bytes; expected 7200 (1800 float32 values), for count × (obsDim + actions) = 1800 values'],
    ['memory rows that are not base64', (j) => (firstLeaf(j).learning.memory.rows = `*${firstLeaf(j).learning.memory.rows.slice(1)}`), 'nodes[2]: learning.memory.rows is not base64 text, for count × (obsDim + actions) = 1800 values'],
    ['a NaN in the memory rows', (j) => (firstLeaf(j).learning.memory.rows = withNaN(firstLeaf(j).learning.memory.rows, 5)), 'nodes[2]: learning.memory.rows value 5 is not a finite number'],
    ['number rows in version 2', (j) => (firstLeaf(j).learning.memory.rows = [1, 2]), 'nodes[2]: learning.memory.rows must be base64 float32 text in version 2'],
    ['base64 rows in version 1', (j) => (j.version = 1), 'nodes[2]: learning.memory.rows must be an array of numbers in version 1'],
    ['a stats length mismatch', (j) => firstLeaf(j).learning.stats.cxx.pop(), 'nodes[2]: learning.stats.cxx has 15 values; expected 16'],
    ['a dangling child', (j) => (j.nodes[0].children[1] = 999), 'nodes[0]: child id 999 does not exist'],
    ['a split feature out of range', (j) => (j.nodes[0].split.feature = 7), 'nodes[0]: split feature 7 is not below obsDim (4)'],
    ['wrong feature names', (j) => j.featureNames.pop(), 'featureNames has 3 names but obsDim is 4'],
    ['a bad config', (j) => (j.config.maxLeaves = -3), 'config: Invalid maxLeaves: -3 (allowed: an integer >= 1)'],
    ['an unknown config key', (j) => (j.config.foo = 1), 'config: Unknown LMUT option "foo"'],
    ['a missing rng in the full form', (j) => delete j.rng, 'missing field rng (required in the full form)'],
    ['a leaf without learning state in the full form', (j) => delete firstLeaf(j).learning, 'nodes[2]: missing field learning (every leaf has it in the full form)'],
    ['an id at or above nextId', (j) => (j.nodes[1].id = j.nextId), `nodes[1]: id ${saved().nextId} is not below nextId ${saved().nextId}`],
    ['an unreachable node', (j) => j.nodes.push({ ...j.nodes[j.nodes.length - 1], id: j.nextId++ }), '1 node(s) are not reachable from the root'],
    // Counting reached nodes passed this: the second child, never reached, was made up for by the first twice.
    ['a child listed twice', (j) => (j.nodes[0].children[1] = j.nodes[0].children[0]), `nodes[${twiceIndex()}]: node ${saved().nodes[0]!.children[0]} is reached twice (a child listed twice, or under two splits)`],
    ['the actions out of order', (j) => (j.nodes[0].actions = [1, 0]), 'nodes[0]: actions [1,0] must be every action in order, 0 to 1'],
    ['an action missing', (j) => (j.nodes[0].actions = [0]), 'nodes[0]: actions [0] must be every action in order, 0 to 1'],
    ['an action split the config does not have', (j) => (j.config.actionSplit = true), 'nodes[0]: config.actionSplit is true but the root does not split on the action'],
  ];

  it.each(corruptions)('rejects a file with %s, naming the file', (_, edit, reason) => {
    const j = saved();
    edit(j);
    const load = () => LinearModelUTree.fromJSON(j, 'runs/x/tree.json');
    expect(load).toThrow(FileFormatError);
    expect(load).toThrow(`runs/x/tree.json: ${reason}`);
  });

  it('rejects text that is not JSON, and non-objects', () => {
    expect(() => LinearModelUTree.fromJSON('{"format": "qlens-lmut", ', 'tree.json')).toThrow(/^tree\.json: not valid JSON \(/);
    expect(() => LinearModelUTree.fromJSON([1, 2], 'tree.json')).toThrow('tree.json: not a qlens-lmut tree (expected a JSON object)');
    expect(() => LinearModelUTree.fromJSON(null)).toThrow('tree JSON: not a qlens-lmut tree (expected a JSON object)');
  });

  it('the error carries the file name for callers', () => {
    try {
      LinearModelUTree.fromJSON({ format: 'x' }, 'a.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FileFormatError);
      expect((e as FileFormatError).file).toBe('a.json');
    }
  });

  it('reads a full tree version 1 wrote (memories as numbers) to the same tree, which learns on alike', () => {
    const tree = new LinearModelUTree(4, 2, { gracePeriod: 100, memorySize: 300, minSamplesSplit: 20, maxLeaves: 8 }, { featureNames: FEATURES, actionNames: ACTIONS });
    learnAll(tree, cartpoleStream(3000, 1));
    const current = tree.toJSON();
    const old = asVersion1(JSON.parse(JSON.stringify(current)));
    expect(firstLeaf(old).learning.memory.rows.length).toBe(1800);
    const a = LinearModelUTree.fromJSON(JSON.stringify(current));
    const b = LinearModelUTree.fromJSON(JSON.stringify(old), 'old.json');
    expect(b.toJSON()).toEqual(current);
    const more = cartpoleStream(2000, 9);
    learnAll(a, more);
    learnAll(b, more);
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it('accepts its own text and the model-only form', () => {
    const full = saved();
    expect(() => LinearModelUTree.fromJSON(JSON.stringify(full))).not.toThrow();
    expect(() => LinearModelUTree.fromJSON(saved('model'))).not.toThrow();
  });
});
