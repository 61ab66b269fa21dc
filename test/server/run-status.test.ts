/**
 * What the runs list says about a run must match its files: a run whose training process is gone is
 * stopped (resumable), not training forever; the final tree's agreement is its fidelity.json's,
 * which `qlens mimic --force` rewrites, not the online tree's last figure; a pretrained agent's
 * return and verdict are its model card's measurement.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RUN_FILES } from '../../src/runs/run-files.ts';
import { LOCK_FILE } from '../../src/runs/run-lock.ts';
import { runListItem } from '../../src/server/run-info.ts';
import { FIXTURE_MIMIC, trainFixtureRun, writeFidelityFile } from './fixture.ts';

let plain: string;
let withTree: string;

beforeAll(async () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'qlens-run-status-'));
  plain = await trainFixtureRun(runsDir);
  withTree = await trainFixtureRun(runsDir, { totalTimesteps: 1500, evalFreq: 750 }, FIXTURE_MIMIC);
  await writeFidelityFile(withTree);
}, 120_000);

const item = (dir: string, origin: 'run' | 'pretrained' = 'run') => runListItem({ id: dir, dir, name: dir, origin });
const editJson = (path: string, edit: (v: Record<string, unknown>) => void) => {
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  writeFileSync(path, JSON.stringify(value));
};

describe('the runs list reads a run’s state from its files', () => {
  it('shows a run whose summary says training but whose process is gone as stopped', () => {
    const summary = join(plain, RUN_FILES.summary);
    editJson(summary, (s) => (s.status = 'running'));
    expect(item(plain).status).toBe('interrupted');
    // A live process holding the lock (here: this one) is training it.
    writeFileSync(join(plain, LOCK_FILE), String(process.pid));
    expect(item(plain).status).toBe('running');
  });

  it('gives the final tree’s agreement from fidelity.json, rewritten by qlens mimic --force', () => {
    const metricsAgreement = item(withTree).fidelity;
    expect(metricsAgreement).not.toBeNull();
    editJson(join(withTree, RUN_FILES.fidelity), (f) => {
      const models = (f.report as { models: { model: string; agreement: number }[] }).models;
      models.find((m) => m.model === 'lmut')!.agreement = 0.125;
    });
    expect(item(withTree).fidelity).toBe(0.125);
  });

  it('gives a pretrained agent its model card’s measured return and verdict, not training’s best evaluation', () => {
    const agent = join(mkdtempSync(join(tmpdir(), 'qlens-card-')), 'CartPole-v1');
    mkdirSync(agent);
    for (const file of ['config.json', 'model.json', 'weights.bin', 'summary.json']) copyFileSync(join(withTree, file), join(agent, file));
    editJson(join(agent, 'summary.json'), (s) => Object.assign(s, { status: 'solved', solvedAtStep: 1500, bestEvalMean: 104.12 }));
    writeFileSync(join(agent, 'model-card.json'), JSON.stringify({ format: 'qlens-model-card', version: 1, meanReturn: 98.92, solved: false, evaluation: { episodes: 100 } }));
    expect(item(agent, 'pretrained')).toMatchObject({ status: 'solved', bestReturn: 98.92, solved: false, measured: { meanReturn: 98.92, episodes: 100, solved: false } });
    // Gymnasium gives no verdict under 100 episodes: the card's null is kept, not read as a broken card.
    writeFileSync(join(agent, 'model-card.json'), JSON.stringify({ format: 'qlens-model-card', version: 1, meanReturn: 480, solved: null, evaluation: { episodes: 20 } }));
    expect(item(agent, 'pretrained')).toMatchObject({ bestReturn: 480, measured: { meanReturn: 480, episodes: 20, solved: null } });
    // A run that is not a pretrained agent has no card figure.
    expect(item(withTree).measured).toBeUndefined();
  });
});
