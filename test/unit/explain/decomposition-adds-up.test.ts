/**
 * The tree's decomposition as `qlens explain` prints it visibly adds up: on the pretrained agents of
 * all three classic envs, in states of their own play and off it, the printed baseline and terms
 * have one number of decimals and sum to the printed Q within one unit of the last printed digit.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { make } from '../../../envs/index.ts';
import { blockDecimals, roundToTotal } from '../../../src/explain/additive-text.ts';
import { decisionTerms, explainState, formatExplanation } from '../../../src/explain/index.ts';
import { evenlySpacedStates } from '../../../src/explain/play-range.ts';
import { heldOutSet } from '../../../src/mimic/offline.ts';
import { loadRunNetwork } from '../../../src/runs/load-network.ts';
import { loadRunTree } from '../../../src/runs/load-tree.ts';
import { qlensInProcess as qlens } from '../../cli/qlens-in-process.ts'; // as the executable runs it, without a process per command

const agent = (env: string) => join(import.meta.dirname, '../../../agents/pretrained', env);

/**
 * Each `Q(a) = q = baseline (baseline) ± term (feature) …` line, and the `Why a, not b: margin =
 * baseline (baseline) ± term (feature) …` line after them: their numbers as printed.
 */
function printedSums(text: string): { q: string; parts: string[] }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('Q(') || line.startsWith('Why '))
    .map((line) => {
      const m = /^(?:Q\([^)]*\) =|Why [^,]+, not [^:]+:) (-?[\d.]+) = (-?[\d.]+) \(baseline\)((?: [+-] [\d.]+ \([^)]*\))*)/.exec(line);
      if (!m) throw new Error(`not a decomposition: ${line}`);
      const terms = [...m[3]!.matchAll(/ ([+-]) ([\d.]+) \(/g)].map((t) => `${t[1] === '-' ? '-' : ''}${t[2]}`);
      return { q: m[1]!, parts: [m[2]!, ...terms] };
    });
}

const decimalsOf = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

function expectAddsUp(text: string, features: number) {
  const sums = printedSums(text);
  expect(sums.length).toBeGreaterThanOrEqual(2);
  for (const { q, parts } of sums) {
    expect(parts).toHaveLength(features + 1);
    const decimals = decimalsOf(q);
    for (const p of parts) expect(decimalsOf(p)).toBe(decimals); // one number of decimals for all
    const unit = 10 ** -decimals;
    const sum = parts.reduce((s, p) => s + Number(p), 0);
    expect(Math.abs(sum - Number(q))).toBeLessThanOrEqual(unit / 2 + 1e-9);
  }
}

describe('the printed tree decomposition adds up', () => {
  it.each(['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0'])('on %s, in states of its play and off it', async (env) => {
    const { network, config } = await loadRunNetwork(agent(env));
    const tree = loadRunTree(agent(env));
    const play = heldOutSet(network, make(env), 1, 7);
    const d = network.obsDim;
    const states = evenlySpacedStates(play.obs, play.n, d, 6);
    // Off its play: every feature pushed out by a sizeable amount, where the leaf's terms grow.
    states.push(states[0]!.map((v, i) => v + (i % 2 === 0 ? 0.7 : -1.3)));
    for (const state of states) {
      const e = explainState(tree, state, { network, featureNames: config.envSpec.featureNames, actionNames: config.envSpec.actionNames });
      const text = formatExplanation(e);
      expectAddsUp(text, d);
      expect(text.split('\n').filter((line) => line.startsWith('Why '))).toHaveLength(1);
      // The decision's terms: the pick against the best other action, adding up to their margin.
      const why = decisionTerms(e)!;
      const others = e.qTree.filter((_, a) => a !== e.action);
      expect(e.qTree[why.versus]).toBe(Math.max(...others));
      expect(why.margin).toBeGreaterThanOrEqual(0);
      expect(Math.abs(why.baseline + why.terms.reduce((s, t) => s + t, 0) - why.margin)).toBeLessThan(1e-9);
      expect(why.terms[0]).toBe(e.contributions[e.action]![0]!.contribution - e.contributions[why.versus]![0]!.contribution);
    }
  });

  it('in what qlens explain prints for the state of the user review', async () => {
    const r = await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '0.01,0.2,-0.03,-0.3']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expectAddsUp(r.stdout, 4);
    // The review's line: a 4-significant-digit baseline beside 4-decimal terms summed to 58.2115, not 58.216.
    expect(r.stdout).toContain('Q(push_left ) = 58.21635 = 58.29488 (baseline) - 0.04032 (pole_angle) - 0.03495 (cart_velocity) - 0.00390 (pole_angular_velocity) + 0.00064 (cart_position)');
    // Why the pick: the two actions' baselines and terms subtracted, largest difference first.
    expect(r.stdout).toContain('Why push_right, not push_left: 0.0006317 = -0.0102088 (baseline) + 0.0130203 (pole_angle) - 0.0024828 (cart_velocity) + 0.0002751 (pole_angular_velocity) + 0.0000279 (cart_position)');
    // --json carries the same decision for scripts.
    const json = JSON.parse((await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '0.01,0.2,-0.03,-0.3', '--json'])).stdout);
    expect(json.decision).toMatchObject({ action: 1, versus: 0, margin: json.qTree[1] - json.qTree[0], baseline: json.bias[1] - json.bias[0] });
    const sum = json.decision.baseline + (json.decision.terms as number[]).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - json.decision.margin)).toBeLessThan(1e-12);
  });
});

describe('roundToTotal', () => {
  it('rounds parts so they add to the rounded total, each within one unit of its value', () => {
    // Rounded one by one these give 0.33 + 0.33 + 0.33 = 0.99, not 1.00.
    expect(roundToTotal({ total: 1, parts: [1 / 3, 1 / 3, 1 / 3] }, 2)).toEqual({ total: 100, parts: [34, 33, 33] });
    const terms = [58.2903, -0.04032, -0.03494, -0.003898, 0.0006421];
    const sum = { total: terms.reduce((s, t) => s + t, 0), parts: terms };
    const decimals = blockDecimals([sum], 4);
    const { total, parts } = roundToTotal(sum, decimals);
    expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
    sum.parts.forEach((p, i) => expect(Math.abs(parts[i]! - p * 10 ** decimals)).toBeLessThan(1));
  });

  it('picks the decimals that give the largest term four digits, no more than exact numbers need', () => {
    expect(blockDecimals([{ total: 58.216, parts: [58.29, -0.04032, -0.0339] }], 4)).toBe(5);
    expect(blockDecimals([{ total: 11.45, parts: [11, 0.3, 0.1, 0.1, -0.05] }], 4)).toBe(2);
    expect(blockDecimals([{ total: -120.5, parts: [-100, -20.5] }], 4)).toBe(1);
    expect(blockDecimals([{ total: 0, parts: [0, 0] }], 4)).toBe(0);
  });
});
