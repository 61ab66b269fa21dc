/**
 * The Inspector's prototypes (`POST /api/runs/:id/attributions`, method `prototype`) stay where the
 * env's episodes go on, as `qlens explain`'s do: on the pretrained CartPole agent no prototype has
 * |x| > 2.4 or |θ| > 12° (before, they sat at x = 4.8 and θ = ±0.42), on MountainCar none is at the
 * flag, and the CLI and the server give the same prototypes.
 */
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { registration } from '../../envs/index.ts';
import { violatedConditions } from '../../src/explain/reachable.ts';
import { createApp, DEFAULT_AGENTS_DIR } from '../../src/server/app.ts';
import type { AttributionsResponse } from '../../src/server/dto.ts';
import { BACKGROUND_EPISODES, BACKGROUND_SEED } from '../../src/server/explainer-cache.ts';
import { qlensInProcess as qlens } from '../cli/qlens-in-process.ts'; // as the executable runs it, without a process per command

const app = createApp({ runsDirs: [], agentsDir: DEFAULT_AGENTS_DIR });
const prototypesOf = async (env: string, observation: number[]) =>
  ((await request(app).post(`/api/runs/pretrained~${env}/attributions`).send({ observation, methods: ['prototype'] }).expect(200)).body as AttributionsResponse).results.prototype!;

describe('prototypes stay where episodes go on', { timeout: 60_000 }, () => {
  it('CartPole: inside |x| ≤ 2.4 and |θ| ≤ 12°, and the same as qlens explain finds', async () => {
    const p = await prototypesOf('CartPole-v1', [0.01, 0.2, -0.03, -0.3]);
    expect(p.bounds.low[0]).toBe(-2.4);
    expect(p.bounds.high[2]).toBeCloseTo(0.2094, 4);
    for (const proto of p.prototypes) expect(violatedConditions(proto.state, registration('CartPole-v1')!.reachable!)).toEqual([]);
    // The CLI with the server's background (its episodes and seed) and the prototypes' default seed.
    const cli = await qlens(['explain', '--run', join(DEFAULT_AGENTS_DIR, 'CartPole-v1'), '--state', '0.01,0.2,-0.03,-0.3', '--method', 'prototype', '--json', '--episodes', String(BACKGROUND_EPISODES), '--seed', String(BACKGROUND_SEED)]);
    expect(cli).toMatchObject({ code: 0, stderr: '' });
    const fromCli = JSON.parse(cli.stdout).network.prototype;
    expect(fromCli.bounds).toEqual(p.bounds);
    expect(fromCli.prototypes.map((x: { state: number[] }) => x.state)).toEqual(p.prototypes.map((x) => x.state));
  });

  it('MountainCar: short of the flag, where the episode would end', async () => {
    const p = await prototypesOf('MountainCar-v0', [-0.5, 0.01]);
    expect(p.bounds.high[0]).toBeLessThan(0.5);
    for (const proto of p.prototypes) expect(violatedConditions(proto.state, registration('MountainCar-v0')!.reachable!)).toEqual([]);
  });
});
