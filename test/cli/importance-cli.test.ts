/**
 * `qlens importance` (process): the tree's influence beside the network's mean |SHAP|, with the
 * dashboard's numbers exactly (same episodes, same background), a CSV as the dashboard's download,
 * a run without a tree, and bad flags named.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { shapCsv } from '../../src/explain/network/shap-csv.ts';
import { createApp, DEFAULT_AGENTS_DIR } from '../../src/server/app.ts';
import type { InfluenceResponse, ShapSummaryResponse } from '../../src/server/dto.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const tmp = mkdtempSync(join(tmpdir(), 'qlens-importance-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('qlens importance', () => {
  it('gives the dashboard’s Shapley values and influence, ranked, and writes its CSV', async () => {
    const csv = join(tmp, 'shap.csv');
    const out = await qlens(['importance', '--run', pretrained, '--states', '20', '--json', '--csv', csv]);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const r = JSON.parse(out.stdout) as ShapSummaryResponse & { treeShare: number[]; importance: { feature: string; tree: number; q: number }[]; spearman: number };
    const app = createApp({ runsDirs: [], agentsDir: DEFAULT_AGENTS_DIR });
    const served = (await request(app).get('/api/runs/pretrained~CartPole-v1/shap-summary?states=20').expect(200)).body as ShapSummaryResponse;
    expect(r.values).toEqual(served.values);
    expect(r.states).toEqual(served.states);
    expect(r.base).toEqual(served.base);
    const influence = (await request(app).get('/api/runs/pretrained~CartPole-v1/influence').expect(200)).body as InfluenceResponse;
    expect(r.treeShare).toEqual(r.featureNames.map((_, i) => influence.features.find((f) => f.feature === i)!.share));
    const q = r.importance.map((row) => row.q);
    expect(q).toEqual([...q].sort((a, b) => b - a));
    expect(r.importance.map((row) => row.feature).sort()).toEqual([...r.featureNames].sort());
    expect(r.spearman).toBeGreaterThanOrEqual(-1);
    expect(readFileSync(csv, 'utf8')).toBe(shapCsv(r));
  });

  it('prints a table, most important first, with the ranking compared', async () => {
    const out = await qlens(['importance', '--run', pretrained, '--states', '20']);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('Feature importance over 20 states of the agent’s greedy play (20 episodes, 10000 states), most important first:');
    expect(lines[2]).toMatch(/^feature\s+tree influence %\s+\|SHAP\| Q\s+\|SHAP\| adv \(either action\)$/);
    expect(lines.slice(4, 8).map((l) => l.split(/\s+/)[0]).sort()).toEqual(['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity']);
    expect(out.stdout).toMatch(/\nOn the Q-values \(what the tree's influence measures\), the tree and the network rank the features (alike|partly alike|differently): Spearman ρ −?\d\.\d\d over 4 features\.\n/);
  });

  it('explains a run without a tree from the network alone, and names bad flags', async () => {
    const bare = join(tmp, 'no-tree');
    cpSync(pretrained, bare, { recursive: true });
    rmSync(join(bare, 'tree.json'));
    const out = await qlens(['importance', '--run', bare, '--states', '10']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`tree: none in ${bare} (grow one with \`qlens mimic --run ${bare}\`).`);
    expect(await qlens(['importance', '--run', pretrained, '--states', '5'])).toMatchObject({ code: 1, stderr: 'error: Invalid --states: "5" (allowed: an integer in [10, 100000])\n' });
  });
});
