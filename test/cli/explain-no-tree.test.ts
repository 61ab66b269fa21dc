/**
 * `qlens explain` on a run trained with `--no-mimic` and no `--method`: instead of failing on the
 * missing tree.json it does what the dashboard does for such runs, explaining with the network
 * alone (its Q-values and pick, and permutation SHAP), and says how to grow a tree.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const STATE = '0.01,0.2,-0.03,-0.3';
const tmp = mkdtempSync(join(tmpdir(), 'qlens-explain-no-tree-'));
let run: string;

beforeAll(async () => {
  const trained = await qlens(['train', '--env', 'CartPole-v1', '--steps', '1500', '--set', 'learningStarts=200', '--no-mimic', '--no-progress', '--out', tmp]);
  expect(trained.code).toBe(0);
  run = join(tmp, readdirSync(tmp)[0]!);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('qlens explain on a run without a tree', { timeout: 60_000 }, () => {
  it('explains with the network alone: the note, its Q-values and pick, and permutation SHAP', async () => {
    const r = await qlens(['explain', '--run', run, '--state', STATE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`No tree in ${run} (grow one with \`qlens mimic --run ${run}\`); network explanations only. Without --method: permutation SHAP (--method picks others: saliency|ig|shap|kernelshap|exact|lime|pdp|counterfactual|prototype|all).`);
    expect(lines[1]).toBe('State: cart_position=0.01, cart_velocity=0.2, pole_angle=-0.03, pole_angular_velocity=-0.3');
    expect(lines[2]).toMatch(/^Network: Q\(push_left\) = -?[\d.]+, Q\(push_right\) = -?[\d.]+ -> push_(left|right)( by [\d.e-]+)?$/);
    expect(r.stdout).toMatch(/\nfeature +value +perm\. SHAP\n/);
    expect(r.stdout).toMatch(/\nBackground: \d+ of \d+ states from 5 greedy episodes of the agent\.\n/);
  });

  it('--json gives the network side with the note, and --seed/--episodes set it up as with --method', async () => {
    const r = await qlens(['explain', '--run', run, '--state', '[0.01, 0.2, -0.03, -0.3]', '--json', '--episodes', '2', '--seed', '3']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.network)).toEqual(['shap']);
    expect(json.qNetwork).toHaveLength(2);
    expect(json.networkAction).toBe(json.qNetwork[1] > json.qNetwork[0] ? 1 : 0);
    expect(json.noTree).toBe(`No tree in ${run} (grow one with \`qlens mimic --run ${run}\`); network explanations only.`);
    const sum = json.network.shap.values[0].reduce((s: number, v: number) => s + v, 0);
    expect(sum + json.network.shap.base[0]).toBeCloseTo(json.qNetwork[0], 4);
  });

  it('a run with a tree still refuses network-only flags without --method', async () => {
    const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
    const r = await qlens(['explain', '--run', pretrained, '--state', STATE, '--seed', '3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*--seed.* without --method/);
  });
});
