import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/core/errors.ts';
import { exportTreeJSON, loadTreeFile } from '../../../src/explain/index.ts';
import { grownTree, handTree, randomStates, SMALL } from './fixtures.ts';

describe('JSON export', () => {
  it('round-trips exactly: same text again, bit-identical predictions', () => {
    for (const tree of [grownTree(), grownTree({ ...SMALL, actionSplit: true }), handTree()]) {
      const text = exportTreeJSON(tree);
      const parsed = JSON.parse(text);
      expect(parsed).toMatchObject({ format: 'qlens-lmut', version: 1, form: 'model' });
      expect(parsed.nodes[0].learning).toBeUndefined();
      const loaded = loadTreeFile(text, 'tree.json');
      expect(exportTreeJSON(loaded)).toBe(text);
      const states = randomStates(500, 3);
      expect(loaded.qBatch64(states, 500)).toEqual(tree.qBatch64(states, 500));
      expect(loaded.summary.leaves).toBe(tree.summary.leaves);
    }
    expect(exportTreeJSON(handTree(), { indent: 0 }).split('\n')).toHaveLength(2);
  });

  it('a corrupted tree file gives an error naming the file', () => {
    const text = exportTreeJSON(handTree());
    const cases: [string, string][] = [
      [text.slice(0, text.length / 2), 'runs/cartpole/tree.json: not valid JSON'],
      [text.replace('"qlens-lmut"', '"something-else"'), 'runs/cartpole/tree.json: not a qlens-lmut tree (format is "something-else")'],
      [text.replace('"version": 1', '"version": 9'), 'runs/cartpole/tree.json: unsupported version 9'],
      [text.replace('"threshold": 0.05', '"threshold": "0.05"'), 'runs/cartpole/tree.json: invalid nodes[0].split'],
    ];
    for (const [bad, message] of cases) {
      expect(() => loadTreeFile(bad, 'runs/cartpole/tree.json')).toThrow(FileFormatError);
      expect(() => loadTreeFile(bad, 'runs/cartpole/tree.json')).toThrow(message);
    }
    const noChildren = JSON.parse(text);
    noChildren.nodes[1].children = [];
    expect(() => loadTreeFile(JSON.stringify(noChildren), 'x/tree.json')).toThrow(/^x\/tree\.json: /);
  });
});
