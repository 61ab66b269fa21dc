/**
 * `qlens explain --method all` (the user review's command) prints prototypes inside where the env's
 * episodes go on, and says where it searched; Acrobot's prototypes, whose cos/sin pairs no box can
 * hold, are flagged when they break them rather than passed off as states of play.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const agent = (env: string) => join(import.meta.dirname, '../../agents/pretrained', env);
const THETA = (12 * 2 * Math.PI) / 360;

/** The prototypes table's rows: action name and the state's values. */
function prototypeRows(text: string, features: number): { action: string; state: number[] }[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Prototypes ('));
  const rows: { action: string; state: number[] }[] = [];
  for (const line of lines.slice(start + 3)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== 3 + features) break;
    rows.push({ action: cells[0]!, state: cells.slice(3).map(Number) });
  }
  return rows;
}

describe('qlens explain prototypes stay where episodes go on', { timeout: 60_000 }, () => {
  it('CartPole: no prototype past |cart position| 2.4 or |pole angle| 12°', async () => {
    const r = await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '0.01,0.2,-0.03,-0.3', '--method', 'all', '--episodes', '2']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(
      "\nPrototypes (for each action, the state where the network most prefers it, by gradient ascent on its advantage; searched where episodes go on (cart_position in [-2.4, 2.4] and pole_angle in [-0.2094, 0.2094]) and otherwise inside the observation bounds, or the agent's own play where those are infinite):\n",
    );
    const rows = prototypeRows(r.stdout, 4);
    expect(rows.map((row) => row.action)).toEqual(['push_left', 'push_right']);
    for (const { state } of rows) {
      expect(Math.abs(state[0]!)).toBeLessThanOrEqual(2.4);
      expect(Math.abs(state[2]!)).toBeLessThanOrEqual(Number(THETA.toPrecision(4)));
    }
    expect(r.stdout).not.toContain('prototype never occurs in play');
  });

  it('MountainCar: short of the flag; Acrobot: a prototype breaking a cos/sin pair is named as never occurring in play', async () => {
    const car = await qlens(['explain', '--run', agent('MountainCar-v0'), '--state', '-0.5,0.01', '--method', 'prototype', '--json', '--episodes', '2']);
    expect(car).toMatchObject({ code: 0, stderr: '' });
    for (const p of JSON.parse(car.stdout).network.prototype.prototypes) expect(p.state[0]).toBeLessThan(0.5);
    const acrobot = await qlens(['explain', '--run', agent('Acrobot-v1'), '--state', '1,0,1,0,0,0', '--method', 'prototype', '--episodes', '2']);
    expect(acrobot).toMatchObject({ code: 0, stderr: '' });
    expect(acrobot.stdout).toContain("searched inside the observation bounds, or the agent's own play where those are infinite):");
    const rows = prototypeRows(acrobot.stdout, 6);
    expect(rows).toHaveLength(3); // one per action: the loop below checks each
    for (const { action, state } of rows) {
      const offCircle = Math.abs(state[0]! ** 2 + state[1]! ** 2 - 1) > 0.01 || Math.abs(state[2]! ** 2 + state[3]! ** 2 - 1) > 0.01;
      if (offCircle) expect(acrobot.stdout).toMatch(new RegExp(`\\nNote: the ${action} prototype never occurs in play: Acrobot observes θ`));
    }
  });
});
