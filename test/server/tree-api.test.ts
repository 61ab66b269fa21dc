/**
 * The tree routes on a run that really trained with the online mimic (fixture.ts): the tree in
 * depth-limited pieces, explanations equal to `explainState`'s, influence, rules, fidelity, exports
 * and rollouts with the tree beside (or instead of) the network. A run without a tree answers
 * every tree route with a 404 that says how to make one.
 */
import { readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argmax } from '../../src/core/q-function.ts';
import { explainState, loadTreeFile } from '../../src/explain/index.ts';
import type { LinearModelUTree } from '../../src/lmut/index.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { createApp } from '../../src/server/app.ts';
import type { ExplainResponse, FidelityResponse, InfluenceResponse, RolloutResponse, RulesResponse, TreeNodeDetail, TreeResponse } from '../../src/server/dto.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fx: Fixture;
let app: ReturnType<typeof createApp>;
let tree: LinearModelUTree;
let id: string;
const logged: string[] = [];

beforeAll(async () => {
  fx = await makeFixture({ tree: true });
  app = createApp({ runsDirs: [fx.runsDir], agentsDir: fx.agentsDir, fileRecheckMs: 0, log: (m) => logged.push(m) });
  tree = loadTreeFile(readFileSync(join(fx.treeRunDir, 'tree.json'), 'utf8'), 'tree.json');
  id = fx.treeRunId;
}, 60_000);
afterAll(() => fx?.cleanup());

/** Seeded states around CartPole's usual range. */
function states(n: number): number[][] {
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: n }, () => [next() * 0.5, next() * 1.5, next() * 0.2, next() * 2]);
}

describe('GET /api/runs/:id/tree', () => {
  it('returns the top levels with per-node greedy action, samples, Q at the mean, leaves below', async () => {
    const body = (await request(app).get(`/api/runs/${id}/tree?maxDepth=2`).expect(200)).body as TreeResponse;
    const s = tree.summary;
    expect(body.summary).toEqual({ nodes: s.nodes, leaves: s.leaves, depth: s.depth, samplesSeen: s.samplesSeen });
    expect(s.leaves).toBeGreaterThanOrEqual(5);
    expect(body.root).toBe(0);
    expect(body.nodes[0]!.leaves).toBe(s.leaves);
    expect(Math.max(...body.nodes.map((n) => n.depth))).toBeLessThanOrEqual(2);
    const views = new Map(tree.nodes().map((v) => [v.id, v]));
    for (const n of body.nodes) {
      const view = views.get(n.id)!;
      expect(n.q).toEqual(view.model.actions.map((m) => m.baseline));
      expect(n.greedyAction).toBe(argmax(n.q as number[]));
      if (!n.isLeaf) expect(n.samples).toBeGreaterThanOrEqual(view.samples);
    }
    // Samples are each node's region (tree-index.ts regionSamples): the root's are every sample, children add up to their parent.
    const byId = new Map(body.nodes.map((n) => [n.id, n]));
    expect(byId.get(body.root)!.samples).toBe(s.samplesSeen);
    for (const n of body.nodes) if (n.children.every((c) => byId.has(c)) && !n.isLeaf) expect(n.children.reduce((sum, c) => sum + byId.get(c)!.samples, 0)).toBe(n.samples);
    expect(body.qRange[0]).toBeLessThanOrEqual(body.qRange[1]);
  });

  it('fetches a cut branch as its own root, so every node can be reached lazily', async () => {
    const seen = new Set<number>();
    const pending = [0];
    while (pending.length) {
      const root = pending.pop()!;
      const body = (await request(app).get(`/api/runs/${id}/tree?root=${root}&maxDepth=1`).expect(200)).body as TreeResponse;
      expect(body.nodes[0]!.id).toBe(root);
      const here = new Set(body.nodes.map((n) => n.id));
      for (const n of body.nodes) {
        seen.add(n.id);
        // A child missing from this answer was cut by maxDepth: ask for it next.
        for (const c of n.children) if (!here.has(c)) pending.push(c);
      }
    }
    expect(seen.size).toBe(tree.summary.nodes);
  });

  it('returns one node in full with the conditions leading to it', async () => {
    const leaf = tree.nodes().find((n) => n.isLeaf && n.depth >= 2)!;
    const body = (await request(app).get(`/api/runs/${id}/tree/nodes/${leaf.id}`).expect(200)).body as TreeNodeDetail;
    expect(body.model).toEqual(leaf.model);
    expect(body.pathIds.at(-1)).toBe(leaf.id);
    expect(body.pathIds[0]).toBe(0);
    expect(body.conditionsText.length).toBeGreaterThan(0);
    expect(body.conditionsText.join(' ')).toMatch(/<=|>/);
  });

  it('answers 404 for a node the tree does not have, 400 for bad parameters', async () => {
    expect((await request(app).get(`/api/runs/${id}/tree?root=99999`).expect(404)).body.detail).toContain('no node 99999');
    expect((await request(app).get(`/api/runs/${id}/tree/nodes/99999`).expect(404)).body.detail).toContain('no node');
    expect((await request(app).get(`/api/runs/${id}/tree?maxDepth=99`).expect(400)).body.detail).toContain('query.maxDepth');
    expect((await request(app).get(`/api/runs/${id}/tree?root=-1`).expect(400)).body.detail).toContain('query.root');
    expect((await request(app).get(`/api/runs/${id}/tree/nodes/abc`).expect(400)).body.detail).toContain('params.nodeId');
  });
});

describe('POST /api/runs/:id/explain', () => {
  it('equals explainState with the network, field for field, and its terms add up to the tree Q', async () => {
    const { network } = await loadRunNetwork(fx.treeRunDir);
    const served = ((await request(app).get(`/api/runs/${id}/tree?maxDepth=0`).expect(200)).body as TreeResponse).version;
    for (const obs of states(60)) {
      const res = await request(app).post(`/api/runs/${id}/explain`).send({ observation: obs }).expect(200).expect('Content-Type', /json/);
      const body = res.body as ExplainResponse;
      const { pathNodeIds, weights, treeVersion, ...rest } = body;
      expect(rest).toEqual(JSON.parse(JSON.stringify(explainState(tree, obs, { network }))));
      expect(weights).toMatch(/best eval|last|final/);
      expect(treeVersion).toBe(served);
      expect(pathNodeIds[0]).toBe(0);
      expect(pathNodeIds.at(-1)).toBe(body.leaf.id);
      expect(pathNodeIds.length - 1).toBe(body.leaf.depth);
      body.contributions.forEach((terms, a) => {
        const sum = terms.reduce((s, t) => s + t.contribution, body.bias[a]!);
        expect(sum).toBeCloseTo(body.qTree[a]!, 9);
      });
    }
    network.dispose();
  });

  it('gives the same bytes through Express (chunked body) as through the fast path', async () => {
    const obs = [0.01, -0.2, 0.03, 0.4];
    const fast = await request(app).post(`/api/runs/${id}/explain`).send({ observation: obs }).expect(200);
    // A JSON type with a parameter the fast path does not take goes through Express's json parser.
    const slow = await request(app).post(`/api/runs/${id}/explain`).set('Content-Type', 'application/json; charset=utf-8; profile=x').send(JSON.stringify({ observation: obs })).expect(200);
    expect(slow.text).toBe(fast.text);
    expect(fast.headers['content-security-policy']).toBe(slow.headers['content-security-policy']);
    expect(fast.headers['x-frame-options']).toBe('DENY');
    // A leading byte-order mark: express.json skips it, and so does the fast path.
    const bom = await request(app).post(`/api/runs/${id}/explain`).set('Content-Type', 'application/json').send(`\ufeff${JSON.stringify({ observation: obs })}`).expect(200);
    expect(bom.text).toBe(fast.text);
  });

  it('validates the observation', async () => {
    const post = (body: unknown) => request(app).post(`/api/runs/${id}/explain`).send(body as object);
    expect((await post({ observation: [0, 0, 0] }).expect(400)).body.detail).toContain('has 3 values');
    expect((await post({ observation: [0, 0, 0, 1e10] }).expect(400)).body.detail).toContain('body.observation.3');
    expect((await post({ observation: [0, 0, 'x', 0] }).expect(400)).body.detail).toContain('body.observation.2');
    expect((await post({ observation: [0, 0, 0, 0], extra: 1 }).expect(400)).body.detail).toContain('extra');
    expect((await post({}).expect(400)).body.detail).toContain('body.observation');
  });
});

describe('GET /api/runs/:id/influence', () => {
  it('ranks the features on held-out greedy states and gives their ranges and example states', async () => {
    const body = (await request(app).get(`/api/runs/${id}/influence?episodes=5&seed=1`).expect(200)).body as InfluenceResponse;
    expect(body.samples).toBeGreaterThan(10);
    expect(body.features.map((f) => f.featureName).sort()).toEqual([...tree.featureNames].sort());
    for (let i = 1; i < body.features.length; i++) expect(body.features[i - 1]!.influence).toBeGreaterThanOrEqual(body.features[i]!.influence);
    if (body.total > 0) expect(body.features.reduce((s, f) => s + f.share, 0)).toBeCloseTo(1, 9);
    expect(body.ranges).toHaveLength(4);
    for (const r of body.ranges) expect(r.min).toBeLessThanOrEqual(r.max);
    expect(body.examples.length).toBeGreaterThan(0);
    expect(body.examples[0]).toHaveLength(4);
    const again = (await request(app).get(`/api/runs/${id}/influence?episodes=5&seed=1`).expect(200)).body;
    expect(again).toEqual(body);
    expect((await request(app).get(`/api/runs/${id}/influence?episodes=0`).expect(400)).body.detail).toContain('query.episodes');
  });
});

describe('GET /api/runs/:id/rules', () => {
  it('lists one rule per leaf, sorted, filtered by greedy action and paged', async () => {
    const all = (await request(app).get(`/api/runs/${id}/rules?limit=500`).expect(200)).body as RulesResponse;
    expect(all.total).toBe(tree.summary.leaves);
    expect(all.sortBy).toBe('samples');
    for (let i = 1; i < all.rules.length; i++) expect(all.rules[i - 1]!.samples).toBeGreaterThanOrEqual(all.rules[i]!.samples);
    expect(all.rules.reduce((sum, r) => sum + r.samples, 0)).toBe(tree.summary.samplesSeen);
    expect(all.rules[0]!.conditionsText).toMatch(/<=|>/);
    expect(all.rules[0]!.forms).toHaveLength(2);
    const asc = (await request(app).get(`/api/runs/${id}/rules?limit=500&order=asc`).expect(200)).body as RulesResponse;
    expect(asc.rules.map((r) => r.leafId)).toEqual([...all.rules].reverse().map((r) => r.leafId));
    const page = (await request(app).get(`/api/runs/${id}/rules?limit=2&offset=2`).expect(200)).body as RulesResponse;
    expect(page.rules.map((r) => r.leafId)).toEqual(all.rules.slice(2, 4).map((r) => r.leafId));
    for (const a of [0, 1]) {
      const only = (await request(app).get(`/api/runs/${id}/rules?action=${a}&limit=500`).expect(200)).body as RulesResponse;
      expect(only.rules.every((r) => r.greedyAction === a)).toBe(true);
      expect(only.total).toBe(all.rules.filter((r) => r.greedyAction === a).length);
    }
    const byQ = (await request(app).get(`/api/runs/${id}/rules?sortBy=q&sortAction=1&limit=500`).expect(200)).body as RulesResponse;
    const q1 = byQ.rules.map((r) => r.models.find((m) => m.action === 1)!.qAtMean);
    expect(q1).toEqual([...q1].sort((a, b) => b - a));
    expect((await request(app).get(`/api/runs/${id}/rules?action=2`).expect(400)).body.detail).toContain('not an action of this run');
    expect((await request(app).get(`/api/runs/${id}/rules?sortBy=name`).expect(400)).body.detail).toContain('query.sortBy');
  });
});

describe('GET /api/runs/:id/fidelity', () => {
  it("returns the run's fidelity.json: LMUT, CART and linear with greedy returns", async () => {
    const body = (await request(app).get(`/api/runs/${id}/fidelity`).expect(200)).body as FidelityResponse;
    expect(body.report.models.map((m) => m.model)).toEqual(['lmut', 'cart', 'linear']);
    expect(body.report.greedyReturns?.network?.episodes).toBe(5);
    expect(body.report.greedyReturns?.lmut?.mean).toBeGreaterThan(0);
    expect(body.setting).toBe('active-play');
    expect(body.evalEpisodes).toBe(5);
    expect(Date.parse(body.writtenAt)).toBeGreaterThan(0);
    expect(body.pruned).toBeNull();
  });

  it('says when the tree was post-pruned (qlens mimic --prune), and from how many leaves', async () => {
    const file = join(fx.treeRunDir, 'fidelity.json');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, JSON.stringify({ ...JSON.parse(original), pruned: { episodes: 10, states: 5000, leavesBefore: 152, leavesAfter: 69, rmseBefore: 0.13, rmseAfter: 0.11 } }));
      expect((await request(app).get(`/api/runs/${id}/fidelity`).expect(200)).body.pruned).toEqual({ episodes: 10, leavesBefore: 152 });
    } finally {
      writeFileSync(file, original);
    }
  });

  it('says whether the training data covers the held-out states too thinly (the Global view warns on it)', async () => {
    const file = join(fx.treeRunDir, 'fidelity.json');
    const original = readFileSync(file, 'utf8');
    const withCoverage = (nearestAgreement: number) => {
      const f = JSON.parse(original);
      f.report.coverage = { states: 100, medianDistance: 0.2, trainSpacing: 0.1, nearestAgreement };
      writeFileSync(file, JSON.stringify(f));
    };
    try {
      withCoverage(0.8);
      expect((await request(app).get(`/api/runs/${id}/fidelity`).expect(200)).body.coverageWeak).toBe(true);
      withCoverage(0.97);
      expect((await request(app).get(`/api/runs/${id}/fidelity`).expect(200)).body.coverageWeak).toBe(false);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('says how to create it when it is missing, and names a broken one', async () => {
    const file = join(fx.treeRunDir, 'fidelity.json');
    renameSync(file, `${file}.bak`);
    try {
      const body = (await request(app).get(`/api/runs/${id}/fidelity`).expect(404)).body;
      expect(body.detail).toContain('qlens mimic --run');
      expect(body.detail).toContain(fx.treeRunId);
      writeFileSync(file, JSON.stringify({ format: 'qlens-fidelity', version: 1, report: { samples: 'many' } }));
      expect((await request(app).get(`/api/runs/${id}/fidelity`).expect(422)).body.detail).toContain('fidelity.json: report.samples: ');
    } finally {
      renameSync(`${file}.bak`, file);
    }
  });
});

describe('GET /api/runs/:id/export', () => {
  it.each([
    ['json', /application\/json/, '-tree.json', '"format": "qlens-lmut"'],
    ['dot', /text\/vnd.graphviz/, '-tree.dot', 'digraph LMUT {'],
    ['rules', /text\/plain/, '-rules.txt', 'Rule 1 (leaf #'],
    ['text', /text\/plain/, '-tree.txt', '|--- '],
    ['html', /text\/html/, '-report.html', 'Feature influence'],
    ['code', /text\/javascript/, '-policy.js', 'export function act'],
  ])('%s downloads as an attachment', async (format, type, suffix, content) => {
    const res = await request(app).get(`/api/runs/${id}/export?format=${format}`).expect(200).expect('Content-Type', type);
    // Quotes only when the name needs them (the content-disposition package's rule); named as the page names its CSVs.
    expect(res.headers['content-disposition']?.replace(/"/g, '')).toBe(`attachment; filename=qlens-${fx.treeRunId}${suffix}`);
    expect(res.text).toContain(content);
  });

  it('exports a JSON tree that predicts like the original and a policy module that acts like it', async () => {
    const json = (await request(app).get(`/api/runs/${id}/export?format=json`).expect(200)).text;
    const copy = loadTreeFile(json, 'export.json');
    const code = (await request(app).get(`/api/runs/${id}/export?format=code`).expect(200)).text;
    const policy = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as { act(obs: number[]): number; qValues(obs: number[]): number[] };
    for (const obs of states(20)) {
      expect(Array.from(copy.qValues64(obs))).toEqual(Array.from(tree.qValues64(obs)));
      expect(policy.act(obs)).toBe(tree.act(obs));
    }
    const ts = await request(app).get(`/api/runs/${id}/export?format=code&language=ts`).expect(200);
    expect(ts.headers['content-disposition']).toContain(`qlens-${fx.treeRunId}-policy.ts`);
    const py = await request(app).get(`/api/runs/${id}/export?format=code&language=py`).expect(200);
    expect(py.headers['content-disposition']).toMatch(/filename="?[A-Za-z_]\w*_policy\.py"?$/); // importable by its name
    expect(py.headers['content-disposition']).toContain(`qlens_${fx.treeRunId.replace(/\W/g, '_')}_policy.py`);
    expect(py.headers['content-type']).toContain('text/x-python');
    expect(py.text).toContain('def q_values(obs):');
    expect((await request(app).get(`/api/runs/${id}/export?format=code&language=rb`).expect(400)).body.detail).toContain('query.language');
    expect((await request(app).get(`/api/runs/${id}/export?format=pdf`).expect(400)).body.detail).toContain('query.format');
    // A parameter the format does not use is refused, as the CLI refuses it.
    expect((await request(app).get(`/api/runs/${id}/export?format=json&maxDepth=3`).expect(400)).body.detail).toBe('query.maxDepth: only with format dot or text (it cuts the drawing)');
    expect((await request(app).get(`/api/runs/${id}/export?format=html&language=ts`).expect(400)).body.detail).toBe('query.language: only with format code');
    expect((await request(app).get(`/api/runs/${id}/export?format=json&foo=1`).expect(400)).body.detail).toBe('query: unknown parameter "foo" (allowed: format, maxDepth, language, token)');
    await request(app).get(`/api/runs/${id}/export?format=dot&maxDepth=3`).expect(200);
  });
});

describe('rollouts with the tree', () => {
  it('carries the tree Q at every step; the network acts by default, the tree on request', async () => {
    const net = (await request(app).post(`/api/runs/${id}/rollout`).send({ seed: 2, maxSteps: 40 }).expect(200)).body as RolloutResponse;
    expect(net.policy).toBe('network');
    expect(net.tree?.leaves).toBe(tree.summary.leaves);
    for (const s of net.steps) {
      expect(s.qTree).toEqual(Array.from(tree.qValues(Float32Array.from(s.observation))));
      expect(s.action).toBe(argmax(s.q));
    }
    const disagreements = net.steps.filter((s) => argmax(s.qTree!) !== argmax(s.q)).length;
    expect(net.tree!.disagreements).toBe(disagreements);
    const byTree = (await request(app).post(`/api/runs/${id}/rollout`).send({ seed: 2, maxSteps: 40, policy: 'tree' }).expect(200)).body as RolloutResponse;
    expect(byTree.policy).toBe('tree');
    for (const s of byTree.steps) expect(s.action).toBe(argmax(s.qTree!));
  });
});

describe('a run without a tree', () => {
  it('answers every tree route with a 404 that says how to make one', async () => {
    const plain = fx.runId;
    const routes = [
      request(app).get(`/api/runs/${plain}/tree`),
      request(app).get(`/api/runs/${plain}/tree/nodes/0`),
      request(app).post(`/api/runs/${plain}/explain`).send({ observation: [0, 0, 0, 0] }),
      request(app).get(`/api/runs/${plain}/influence`),
      request(app).get(`/api/runs/${plain}/rules`),
      request(app).get(`/api/runs/${plain}/fidelity`),
      request(app).get(`/api/runs/${plain}/export?format=json`),
      request(app).post(`/api/runs/${plain}/rollout`).send({ seed: 1, policy: 'tree' }),
    ];
    for (const r of routes) {
      const body = (await r.expect(404).expect('Content-Type', /json/)).body;
      expect(body.error).toBe('not found');
      expect(body.detail).toMatch(/^this run has no tree: train with the online mimic or run `qlens mimic --run .+`$/);
    }
    const rollout = (await request(app).post(`/api/runs/${plain}/rollout`).send({ seed: 1, maxSteps: 5 }).expect(200)).body as RolloutResponse;
    expect(rollout.tree).toBeNull();
    expect(rollout.steps[0]!.qTree).toBeUndefined();
  });
});

describe('tree files that change', () => {
  it('reloads a rewritten tree.json and reports a broken one as 422 naming the file', async () => {
    const file = join(fx.treeRunDir, 'tree.json');
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, '{"format": "qlens-lmut"');
      const later = new Date(Date.now() + 10_000);
      utimesSync(file, later, later);
      const body = (await request(app).get(`/api/runs/${id}/tree`).expect(422)).body;
      expect(body.detail).toContain('tree.json');
    } finally {
      writeFileSync(file, original);
    }
    await request(app).get(`/api/runs/${id}/tree`).expect(200);
  });

  it('logged no internal error', () => {
    expect(logged).toEqual([]);
  });
});
