/**
 * `qlens explain` and `qlens export` on a run that has no tree.json yet (still training) use the
 * online tree of its newest checkpoint, as the dashboard does, and say so on stderr.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainState, loadTreeFile } from '../../src/explain/index.ts';
import { listCheckpoints } from '../../src/runs/checkpoint-store.ts';
import { FIXTURE_MIMIC, trainFixtureRun } from '../server/fixture.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

let root: string;
let run: string;
let checkpointTree: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'qlens-online-tree-cli-'));
  const trained = await trainFixtureRun(join(root, 'runs'), { totalTimesteps: 1000, checkpointFreq: 500 }, FIXTURE_MIMIC);
  run = join(root, 'midway');
  cpSync(trained, run, { recursive: true });
  rmSync(join(run, 'tree.json'));
  checkpointTree = join(run, 'checkpoints', String(listCheckpoints(run)[0]), 'tree.json');
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a run without tree.json, on the command line', () => {
  it('is explained and exported with its newest checkpoint’s online tree, with a note', async () => {
    const note = `${run} has no tree.json yet: using the online tree of its newest checkpoint (${checkpointTree})\n`;
    const state = [0.01, 0.2, -0.03, -0.3];
    const explained = await qlens(['explain', '--run', run, '--state', state.join(','), '--json']);
    expect(explained.stderr).toBe(note);
    expect(explained.code).toBe(0);
    const expected = explainState(loadTreeFile(readFileSync(checkpointTree, 'utf8'), checkpointTree), state);
    expect(loadTreeFile(readFileSync(checkpointTree, 'utf8'), checkpointTree).summary.leaves).toBeGreaterThan(1);
    const json = JSON.parse(explained.stdout) as { leaf: { id: number }; qTree: number[] };
    expect(json.leaf.id).toBe(expected.leaf.id);
    expect(json.qTree).toEqual(expected.qTree);

    const exported = await qlens(['export', '--run', run, '--format', 'json']);
    expect(exported.stderr).toBe(note);
    expect(exported.code).toBe(0);
    const tree = loadTreeFile(readFileSync(checkpointTree, 'utf8'), checkpointTree);
    const copy = loadTreeFile(exported.stdout, 'stdout');
    expect(copy.summary.leaves).toBe(tree.summary.leaves);
    expect(Array.from(copy.qValues(state))).toEqual(Array.from(tree.qValues(state)));
  });
});
