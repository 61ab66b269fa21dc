import { describe, expect, it } from 'vitest';
import { runQlens as qlens } from './qlens-process.ts';

describe('qlens envs (process)', () => {
  it('lists feature and action names as lists in JSON and joined in the table', async () => {
    const json = await qlens(['envs', '--json']);
    expect(json.code).toBe(0);
    const cartpole = (JSON.parse(json.stdout) as { id: string; observations: string[]; actions: string[] }[]).find((e) => e.id === 'CartPole-v1');
    expect(cartpole).toMatchObject({ observations: ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'], actions: ['push_left', 'push_right'], maxEpisodeSteps: 500, rewardThreshold: 475 });
    const table = await qlens(['envs']);
    expect(table.stdout).toMatch(/CartPole-v1 +cart_position, cart_velocity, pole_angle, pole_angular_velocity +push_left, push_right +500 +475/);
  });
});
