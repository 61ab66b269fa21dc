/**
 * A run whose tree.json is corrupted (CLI review): commands whose work is the network's go on with
 * a warning naming the file (`explain --method`, `record --policy network`, `importance`, and
 * `eval`, which never reads the tree), while those the tree is the point of refuse with the file
 * named (`explain` without --method, `record --policy tree`, `export`), as does a broken `--tree`
 * the user named.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const tmp = mkdtempSync(join(tmpdir(), 'qlens-broken-tree-'));
const run = join(tmp, 'run');
const treeFile = join(run, 'tree.json');
const STATE = '0.01,0.2,-0.03,-0.3';
const NOT_JSON = `${treeFile}: not valid JSON`;

beforeAll(() => {
  for (const f of ['config.json', 'model.json', 'weights.bin', 'summary.json', 'metrics.jsonl']) cpSync(join(pretrained, f), join(run, f));
  writeFileSync(treeFile, '{"format": broken\n'); // as a half-copied or hand-edited file
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a run with a corrupted tree.json', { timeout: 60_000 }, () => {
  it('eval plays the network without reading the tree', async () => {
    const r = await qlens(['eval', '--run', run, '--episodes', '1']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('mean return');
  });

  it('explain --method explains with the network alone, warning which file it skipped and how to grow it again', async () => {
    const r = await qlens(['explain', '--run', run, '--state', STATE, '--method', 'saliency', '--episodes', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^warning: skipping the tree: ${escape(NOT_JSON)} .*\\(\`qlens mimic --run ${escape(run)} --force\` grows it again\\); explaining with the network alone\\n$`));
    expect(r.stdout).toMatch(/^Network: Q\(push_left\)/m);
  });

  it('explain without --method refuses, naming the file and the network-only way', async () => {
    const r = await qlens(['explain', '--run', run, '--state', STATE]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${escape(NOT_JSON)} .*; \`--method shap\` explains with the network alone\\n$`));
  });

  it('a --tree the user named that does not load stays an error, with --method too', async () => {
    const r = await qlens(['explain', '--run', run, '--state', STATE, '--method', 'saliency', '--tree', treeFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${escape(NOT_JSON)}`));
  });

  it('record --policy network records without the tree’s picks; --policy tree refuses', async () => {
    const gif = join(tmp, 'network.gif');
    const r = await qlens(['record', '--run', run, '--out', gif, '--max-steps', '3', '--width', '200']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: skipping the tree: .*; recording the network's episode without the tree's picks\n/);
    expect(existsSync(gif)).toBe(true);
    const tree = await qlens(['record', '--run', run, '--out', join(tmp, 'tree.gif'), '--max-steps', '3', '--policy', 'tree']);
    expect(tree.code).toBe(1);
    expect(tree.stderr).toMatch(new RegExp(`^error: ${escape(NOT_JSON)}`));
  });

  it('importance shows the network’s Shapley values and says the tree was skipped', async () => {
    const r = await qlens(['importance', '--run', run, '--states', '10']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: skipping the tree: .*; showing the network's Shapley values alone\n$/);
    expect(r.stdout).toContain(`tree: skipped, its file in ${run} does not load`);
  });

  it('export, whose output is the tree, refuses with the file named', async () => {
    const r = await qlens(['export', '--run', run, '--format', 'json', '--out', join(tmp, 'tree-out.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${escape(NOT_JSON)}`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
