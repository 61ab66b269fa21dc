/**
 * `GET /api/envs` serves each env's conditions on its states of play (`reachable`) beside the
 * fields it always had, so an older client reads the same list as before.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ACROBOT_REACHABLE, CARTPOLE_REACHABLE, MOUNTAIN_CAR_REACHABLE } from '../../envs/index.ts';
import { createApp } from '../../src/server/app.ts';
import type { EnvListResponse } from '../../src/server/dto.ts';

describe('GET /api/envs: reachable', () => {
  const app = createApp({ runsDirs: [], agentsDir: '/nonexistent-qlens-agents' });

  it('lists the conditions each env declares, as plain JSON, beside the old fields', async () => {
    const body = (await request(app).get('/api/envs').expect(200)).body as EnvListResponse;
    const byId = Object.fromEntries(body.envs.map((e) => [e.id, e]));
    expect(byId['CartPole-v1']!.reachable).toEqual(JSON.parse(JSON.stringify(CARTPOLE_REACHABLE)));
    expect(byId['MountainCar-v0']!.reachable).toEqual(JSON.parse(JSON.stringify(MOUNTAIN_CAR_REACHABLE)));
    expect(byId['Acrobot-v1']!.reachable).toEqual(JSON.parse(JSON.stringify(ACROBOT_REACHABLE)));
    expect(byId['CartPole-v1']!.reachable[0]).toEqual({ kind: 'range', feature: 0, min: -2.4, max: 2.4, why: 'CartPole ends an episode when |cart position| > 2.4' });
    // Backward compatible: every field an older client reads is still there, unchanged.
    const cp = byId['CartPole-v1']!;
    expect(Object.keys(cp).sort()).toEqual(['actionNames', 'featureNames', 'id', 'maxEpisodeSteps', 'observationHigh', 'observationLow', 'reachable', 'rewardThreshold', 'stateNames']);
    expect(cp.observationHigh[0]).toBeCloseTo(4.8, 5);
    expect(cp.observationHigh[1]).toBeNull();
  });
});
