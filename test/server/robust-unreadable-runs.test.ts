/**
 * A run whose config.json or summary.json is corrupt or foreign stays in GET /api/runs, with
 * `problem` naming the file and why in one line; its own GET /api/runs/:id answers 422 naming it.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import type { RunListItem, RunListResponse } from '../../src/server/dto.ts';

const AGENT = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const runsDir = mkdtempSync(join(tmpdir(), 'qlens-unreadable-runs-'));
const logged: string[] = [];
afterAll(() => rmSync(runsDir, { recursive: true, force: true }));

/** A copy of the pretrained agent as a run folder, with `files` written over its own. */
function run(name: string, files: Record<string, string> = {}): void {
  cpSync(AGENT, join(runsDir, name), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(runsDir, name, file), text);
}
run('sound');
run('config-not-json', { 'config.json': '{"format": "qlens-run", "version": 1' });
run('config-foreign', { 'config.json': JSON.stringify({ format: 'something-else', version: 1 }) });
run('summary-bad-status', {
  'summary.json': JSON.stringify({ format: 'qlens-summary', version: 1, status: 'exploded', step: 5, episodes: 1, wallSeconds: 1, solvedAtStep: null, bestEvalMean: null, meanReturn100: null, updatedAt: '2024-01-01T00:00:00Z' }),
});
run('both-broken', { 'config.json': 'nope', 'summary.json': '' });

const app = createApp({ runsDirs: [runsDir], agentsDir: null, log: (m) => logged.push(m) });
const listed = async (): Promise<Map<string, RunListItem>> => {
  const body = (await request(app).get('/api/runs').expect(200)).body as RunListResponse;
  return new Map(body.runs.map((r) => [r.id, r]));
};

describe('runs whose files cannot be read', () => {
  it('stay in the list, each with one line naming the broken file and why', async () => {
    const runs = await listed();
    expect([...runs.keys()].sort()).toEqual(['both-broken', 'config-foreign', 'config-not-json', 'sound', 'summary-bad-status']);
    expect(runs.get('sound')!.problem).toBeUndefined();
    expect(runs.get('config-not-json')!.problem).toMatch(/^config\.json: not valid JSON \(.+\)$/);
    expect(runs.get('config-foreign')!.problem).toBe('config.json: not a qlens-run file (found "something-else")');
    expect(runs.get('both-broken')!.problem).toMatch(/^config\.json: not valid JSON \(.+\); summary\.json: not valid JSON \(.+\)$/);
    for (const r of runs.values()) expect(r.problem ?? '').not.toContain('\n');
  });

  it('keep what could be read: a sound config.json still gives the env, preset and total', async () => {
    const row = (await listed()).get('summary-bad-status')!;
    expect(row.problem).toMatch(/^summary\.json: status: /);
    expect(row).toMatchObject({ env: 'CartPole-v1', source: 'run', status: 'unknown', steps: 0, hasTree: false, fidelity: null });
    expect(row.preset).not.toBe('');
    const broken = (await listed()).get('config-not-json')!;
    expect(broken).toMatchObject({ env: '', preset: '', status: 'solved', steps: 42000, source: 'run' }); // its summary.json is sound
    expect(Number.isNaN(Date.parse(broken.createdAt))).toBe(false);
  });

  it('answer a 422 naming the file on their own page', async () => {
    const config = (await request(app).get('/api/runs/config-not-json').expect(422)).body;
    expect(config.error).toBe('unprocessable run files');
    expect(config.detail).toContain(`${join(runsDir, 'config-not-json', 'config.json')}: not valid JSON`);
    const summary = (await request(app).get('/api/runs/summary-bad-status').expect(422)).body;
    expect(summary.detail).toContain(`${join(runsDir, 'summary-bad-status', 'summary.json')}: status: `);
  });

  it('are not logged as internal errors', () => {
    expect(logged).toEqual([]);
  });
});
