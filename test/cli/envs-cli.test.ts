import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

describe('qlens envs', () => {
  it('lists feature and action names as lists in JSON and under each env in the table', async () => {
    const json = await qlens(['envs', '--json']);
    expect(json.code).toBe(0);
    const cartpole = (JSON.parse(json.stdout) as { id: string; observations: string[]; actions: string[] }[]).find((e) => e.id === 'CartPole-v1');
    expect(cartpole).toMatchObject({ observations: ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'], actions: ['push_left', 'push_right'], maxEpisodeSteps: 500, rewardThreshold: 475 });
    // Not a terminal: laid out for 100 columns, the names on indented lines under each env's figures.
    const table = await qlens(['envs']);
    expect(table.stdout).toMatch(/\nCartPole-v1 +4 +2 +500 +475\n {4}observations: cart_position, cart_velocity, pole_angle, pole_angular_velocity\n {4}actions: push_left, push_right\n/);
    for (const line of table.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});
