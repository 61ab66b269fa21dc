/**
 * A run that has no tree.json yet (still training, or stopped before its final tree was grown) is
 * explained with the online tree of its newest checkpoint: listed as having a tree, with the
 * checkpoint named, served by every tree route, and replaced when a newer tree appears. Pieces of
 * the tree asked for under the tree a client started from are refused once another one is served.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainState, loadTreeFile } from '../../src/explain/index.ts';
import { listCheckpoints } from '../../src/runs/checkpoint-store.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { runTreeFile } from '../../src/runs/load-tree.ts';
import { createApp } from '../../src/server/app.ts';
import type { ExplainResponse, InfluenceResponse, OwnPlayResponse, RunDetailResponse, TreeNodeDetail, TreeResponse } from '../../src/server/dto.ts';
import { FIXTURE_MIMIC, trainFixtureRun } from './fixture.ts';

let root: string;
let runsDir: string;
let trained: string;
let steps: number[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'qlens-online-tree-'));
  runsDir = join(root, 'runs');
  // Three checkpoints, each with the online tree as it was then.
  trained = await trainFixtureRun(join(root, 'trained'), { totalTimesteps: 1500, checkpointFreq: 500 }, FIXTURE_MIMIC);
  steps = listCheckpoints(trained);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the trained run as it was before its final tree: no tree.json at its top. */
function runWithoutFinalTree(name: string): string {
  const dir = join(runsDir, name);
  cpSync(trained, dir, { recursive: true });
  rmSync(join(dir, 'tree.json'));
  rmSync(join(dir, 'tree-online.json'));
  return dir;
}

const checkpointTree = (dir: string, step: number) => loadTreeFile(readFileSync(join(dir, 'checkpoints', String(step), 'tree.json'), 'utf8'), 'tree.json');

describe('a run resumed after it wrote tree.json and model.json', () => {
  it('is explained with its newest checkpoint, not the files of the segment before (they are stale until it ends)', async () => {
    const dir = join(runsDir, 'resumed');
    cpSync(trained, dir, { recursive: true });
    // What `train --resume` writes first: the run is training again.
    const summaryPath = join(dir, 'summary.json');
    const finished = readFileSync(summaryPath, 'utf8');
    writeFileSync(summaryPath, JSON.stringify({ ...JSON.parse(finished), status: 'running' }));
    expect(runTreeFile(dir)!.source).toBe(`checkpoint ${steps[0]}`);
    expect((await loadRunNetwork(dir)).source).toBe(`checkpoint ${steps[0]}`);
    const app = createApp({ runsDirs: [runsDir], agentsDir: null, fileRecheckMs: 0 });
    const detail = (await request(app).get('/api/runs/resumed').expect(200)).body as RunDetailResponse;
    expect(detail.run).toMatchObject({ hasTree: true, treeSource: `checkpoint ${steps[0]}` });
    const attributions = (await request(app).post('/api/runs/resumed/attributions').send({ observation: [0.02, 0.3, -0.04, -0.5], methods: ['shap'] }).expect(200)).body as { weights: string };
    expect(attributions.weights).toBe(`checkpoint ${steps[0]}`);
    // Once it ends (summary.json says so), its own final files are the run again.
    writeFileSync(summaryPath, finished);
    expect(runTreeFile(dir)!.source).toBe('final');
    expect((await loadRunNetwork(dir)).source).toBe('final');
  });
});

describe('a run without tree.json', () => {
  it('is explained with its newest checkpoint’s online tree, named as such', async () => {
    expect(steps.length).toBe(3);
    const dir = runWithoutFinalTree('no-final-tree');
    const app = createApp({ runsDirs: [runsDir], agentsDir: null, fileRecheckMs: 0 });
    const detail = (await request(app).get('/api/runs/no-final-tree').expect(200)).body as RunDetailResponse;
    expect(detail.run).toMatchObject({ hasTree: true, treeSource: `checkpoint ${steps[0]}` });

    const newest = checkpointTree(dir, steps[0]!);
    const tree = (await request(app).get('/api/runs/no-final-tree/tree?maxDepth=64').expect(200)).body as TreeResponse;
    expect(tree.source).toBe(`checkpoint ${steps[0]}`);
    expect(tree.summary.leaves).toBe(newest.summary.leaves);
    expect(newest.summary.leaves).toBeGreaterThan(1);
    const obs = [0.02, 0.3, -0.04, -0.5];
    const e = (await request(app).post('/api/runs/no-final-tree/explain').send({ observation: obs }).expect(200)).body as ExplainResponse;
    const expected = explainState(newest, obs);
    expect(e.leaf.id).toBe(expected.leaf.id);
    expect(e.qTree).toEqual(expected.qTree);
  });

  it('serves the tree that replaces it, and refuses pieces asked for under the old one', async () => {
    const dir = runWithoutFinalTree('replaced');
    const app = createApp({ runsDirs: [runsDir], agentsDir: null, fileRecheckMs: 0 });
    const first = (await request(app).get('/api/runs/replaced/tree').expect(200)).body as TreeResponse;
    const pin = first.version;
    expect(pin).toMatch(/^[0-9a-f]{16}$/); // opaque: no server path in it
    await request(app).get(`/api/runs/replaced/tree?root=${first.root}&version=${pin}`).expect(200);
    // An explanation names the tree it came from: the tree view compares it with its pin, no extra request.
    const explainedBy = async () => ((await request(app).post('/api/runs/replaced/explain').send({ observation: [0.02, 0.3, -0.04, -0.5] }).expect(200)).body as ExplainResponse).treeVersion;
    expect(await explainedBy()).toBe(pin);

    // The newest checkpoint goes (as if pruned): the one before it is served, and the old pin is a 409.
    rmSync(join(dir, 'checkpoints', String(steps[0])), { recursive: true });
    const older = (await request(app).get('/api/runs/replaced/tree').expect(200)).body as TreeResponse;
    expect(older.source).toBe(`checkpoint ${steps[1]}`);
    expect(await explainedBy()).toBe(older.version);
    const refused = await request(app).get(`/api/runs/replaced/tree?root=${first.root}&version=${pin}`).expect(409);
    expect(refused.body.detail).toBe(`the tree was replaced since query.version "${pin}" (this run now has the online tree of checkpoint ${steps[1]}, version ${older.version}): reload to see it`);
    await request(app).get(`/api/runs/replaced/tree/nodes/${first.root}?version=${pin}`).expect(409);
    const node = (await request(app).get(`/api/runs/replaced/tree/nodes/${older.root}?version=${older.version}`).expect(200)).body as TreeNodeDetail;
    expect(node.id).toBe(older.root);

    // Training ends: tree.json takes over from every checkpoint.
    cpSync(join(trained, 'tree.json'), join(dir, 'tree.json'));
    const final = (await request(app).get('/api/runs/replaced/tree').expect(200)).body as TreeResponse;
    expect(final.source).toBe('final');
    expect(await explainedBy()).toBe(final.version);
    expect(((await request(app).get('/api/runs/replaced').expect(200)).body as RunDetailResponse).run.treeSource).toBe('final');

    // A final tree rewritten in place (`qlens mimic --force`) is another tree too, though still "final".
    cpSync(join(dir, 'checkpoints', String(steps[1]), 'tree.json'), join(dir, 'tree.json'));
    await request(app).get(`/api/runs/replaced/tree?root=${final.root}&version=${final.version}`).expect(409);
    const rewritten = (await request(app).get('/api/runs/replaced/tree').expect(200)).body as TreeResponse;
    expect(await explainedBy()).toBe(rewritten.version);
    expect(rewritten.version).not.toBe(final.version);
  });

  it('gives an online tree’s inner nodes the Q its leaves give now at their mean state, not the models they froze with', async () => {
    runWithoutFinalTree('inner');
    const app = createApp({ runsDirs: [runsDir], agentsDir: null, fileRecheckMs: 0 });
    const newest = checkpointTree(trained, steps[0]!);
    const tree = (await request(app).get('/api/runs/inner/tree?maxDepth=64').expect(200)).body as TreeResponse;
    const root = tree.nodes.find((n) => n.id === tree.root)!;
    expect(root.isLeaf).toBe(false);
    const rootView = newest.nodes().find((n) => n.id === tree.root)!;
    const now = Array.from(newest.qValues64(rootView.model.mean));
    root.q.forEach((q, a) => expect(q).toBeCloseTo(now[a]!, 9));
    // What the root's own models said when it split differs (the network learned since).
    expect(Math.max(...rootView.model.actions.map((m) => Math.abs(m.baseline - now[m.action]!)))).toBeGreaterThan(1e-6);
  });

  it('without the mimic in its checkpoints, has no tree but states of its own play for the Inspector', async () => {
    const dir = runWithoutFinalTree('no-mimic');
    for (const step of listCheckpoints(dir)) rmSync(join(dir, 'checkpoints', String(step), 'tree.json'));
    const app = createApp({ runsDirs: [runsDir], agentsDir: null, fileRecheckMs: 0 });
    expect(((await request(app).get('/api/runs/no-mimic').expect(200)).body as RunDetailResponse).run).toMatchObject({ hasTree: false, treeSource: null });
    expect((await request(app).get('/api/runs/no-mimic/tree').expect(404)).body.detail).toMatch(/^this run has no tree: /);
    // The same episodes the influence route plays for a run with a tree, so the same example states and ranges.
    const own = (await request(app).get('/api/runs/no-mimic/own-play').expect(200)).body as OwnPlayResponse;
    expect(own.examples).toHaveLength(24);
    expect(own.ranges.map((r) => r.featureName)).toEqual(['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity']);
    const withTree = runWithoutFinalTree('with-tree');
    cpSync(join(trained, 'tree.json'), join(withTree, 'tree.json'));
    const influence = (await request(app).get('/api/runs/with-tree/influence').expect(200)).body as InfluenceResponse;
    expect(own.examples).toEqual(influence.examples);
    expect(own.ranges).toEqual(influence.ranges);
    expect(own.samples).toBe(influence.samples);
    // Every field of the own-play answer is in the influence answer, alike (one builder makes them).
    expect(Object.keys(own).sort()).toEqual(['episodes', 'examples', 'featureNames', 'ranges', 'samples', 'seed', 'weights']);
    expect(influence).toMatchObject(own);
    await request(app).get('/api/runs/no-mimic/own-play?foo=1').expect(400);
  });
});
