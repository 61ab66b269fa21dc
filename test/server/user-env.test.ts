/**
 * A run trained on the user's own environment in the dashboard: the server never imports a module
 * that a config.json names, so until it is started with that module the file-only views work and
 * the playing ones answer 409 saying how to restart; with it, episodes play and draw.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnvs, loadEnvModule } from '../../envs/index.ts';
import { createApp } from '../../src/server/app.ts';
import type { EnvListResponse, RolloutResponse } from '../../src/server/dto.ts';
import { runQlens } from '../cli/qlens-process.ts';

const MODULE = join(import.meta.dirname, '../fixtures/envs/line-walk.js');
const runsDir = mkdtempSync(join(tmpdir(), 'qlens-user-env-server-'));
let runId: string;

describe('a run on your own environment in the dashboard', () => {
  beforeAll(async () => {
    // Trained by another process, as a user would before `qlens serve`: this one has not imported the module.
    const trained = await runQlens(['train', '--env', `${MODULE}:LineWalk-v0`, '--steps', '3000', '--out', runsDir, '--no-progress', '--json', '--set', 'learningStarts=500']);
    expect(trained.stderr).toBe('');
    runId = readdirSync(runsDir)[0]!;
  }, 120_000);

  it('shows the files without the module and says how to play its episodes', async () => {
    expect(listEnvs()).not.toContain('LineWalk-v0');
    const app = createApp({ runsDirs: [runsDir], agentsDir: null });
    const detail = await request(app).get(`/api/runs/${runId}`).expect(200);
    expect(detail.body.env).toMatchObject({ id: 'LineWalk-v0', featureNames: ['position', 'goal'] });
    await request(app).get(`/api/runs/${runId}/tree`).expect(200);
    const refused = await request(app).post(`/api/runs/${runId}/rollout`).send({ seed: 1 }).expect(409);
    expect(refused.body).toEqual({
      error: 'environment not loaded',
      detail: `cannot play LineWalk-v0 episodes: it comes from ${MODULE}: restart the server with \`qlens serve --env-module ${MODULE}\` (the training curves, tree and rules need no environment)`,
    });
    const influence = await request(app).get(`/api/runs/${runId}/influence`).expect(409);
    expect(influence.body.detail).toContain(`qlens serve --env-module ${MODULE}`);
  });

  it('plays and draws its episodes, and lists the env, once the module is imported', async () => {
    await loadEnvModule(MODULE);
    const app = createApp({ runsDirs: [runsDir], agentsDir: null });
    const rollout = (await request(app).post(`/api/runs/${runId}/rollout`).send({ seed: 1 }).expect(200)).body as RolloutResponse;
    expect(rollout.steps.length).toBeGreaterThan(0);
    expect(rollout.steps[0]!.frame.shapes).toHaveLength(3);
    expect(rollout.steps[0]!.observation).toHaveLength(2);
    const envs = (await request(app).get('/api/envs').expect(200)).body as EnvListResponse;
    expect(envs.envs.map((e) => e.id)).toContain('LineWalk-v0');
    expect(envs.envs.find((e) => e.id === 'LineWalk-v0')).toMatchObject({ featureNames: ['position', 'goal'], observationLow: [0, 0], observationHigh: [10, 10] });
  });
});
