/**
 * Golden tests: the text, rules, DOT and code exports of the hand-built tree are pinned byte for
 * byte in test/golden/. After an intended format change, regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run --config test/vitest.config.ts test/unit/explain/golden.test.ts
 * and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCode, exportDot, exportText, rulesText, treeRules } from '../../../src/explain/index.ts';
import { FEATURES, handTree } from './fixtures.ts';

const GOLDEN = join(import.meta.dirname, '..', '..', 'golden');

function golden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`Golden file ${file} is missing; create it with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden exports of the hand tree', () => {
  const tree = handTree();

  it.each([
    ['hand-tree.txt', () => exportText(tree)],
    ['hand-tree.depth1.txt', () => exportText(tree, { maxDepth: 1 })],
    ['hand-tree.rules.txt', () => rulesText(treeRules(tree), { featureNames: FEATURES })],
    ['hand-tree.dot', () => exportDot(tree)],
    ['hand-tree.depth0.dot', () => exportDot(tree, { maxDepth: 0 })],
    ['hand-tree.policy.js', () => exportCode(tree)],
    ['hand-tree.policy.ts', () => exportCode(tree, { language: 'ts' })],
    ['hand-tree.policy.py', () => exportCode(tree, { language: 'py' })],
  ])('%s', (file, make) => {
    const first = make();
    expect(make()).toBe(first); // deterministic
    golden(file, first);
  });
});
