/**
 * The Global view's SHAP summary on the shipped pretrained CartPole agent: a beeswarm of the
 * network's Shapley values over 200 states of its play (a dot per state and feature), rows sorted
 * by mean |SHAP|, the action picker redraws (with two actions, one's advantage is the other's
 * negated), the ranking is compared with the tree's influence, the dependence plot shows one
 * feature's values against its SHAP values, the CSV holds every state's values (base plus values
 * give the network's Q), and a click on a dot inspects its state.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { QResponse } from '../../src/server/dto.ts';
import { HAVE_BROWSER, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

interface Chart {
  x: number[];
  ticks: string[];
}

describe.runIf(HAVE_BROWSER)('the SHAP summary', { timeout: 60_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  let base: string;
  let page: Page;

  useDashboard(async (s) => {
    ({ base, page } = s);
    await page.goto(`${base}#/runs/${run}/global`);
    await page.waitForSelector('[data-chart="shap-summary"] .main-svg', { timeout: 30_000 });
  });

  const chart = () =>
    page.$eval('[data-chart="shap-summary"]', (el) => {
      const gd = el as unknown as { data: { x: number[] }[]; layout: { yaxis: { ticktext: string[] } } };
      return { x: [...gd.data[0]!.x], ticks: [...gd.layout.yaxis.ticktext] } as Chart;
    });

  it('draws a dot per state and feature, the rows in order of mean |SHAP|', async () => {
    const c = await chart();
    expect(c.x).toHaveLength(200 * 4);
    expect(c.x.every(Number.isFinite)).toBe(true);
    const names = c.ticks.map((t) => t.split('<br>')[0]);
    expect([...names].sort()).toEqual(['cart position', 'cart velocity', 'pole angle', 'pole angular velocity']);
    const means = c.ticks.map((t) => Number(/mean \|SHAP\| ([\d.e-]+)/.exec(t)![1]));
    expect(means).toEqual([...means].sort((a, b) => b - a)); // tick 0 is the top row
    expect(await page.inputValue('#shap-target')).toBe('adv:0');
    expect(await page.textContent('#shap-summary')).toContain('Exact Shapley values of the network');
    // Which quantity each ρ compares: the Q-values (the tree's influence), then the plotted advantage, which may rank otherwise.
    const agreement = await page.textContent('[data-shap-agreement]');
    expect(agreement).toMatch(/^On the Q-values \(what the tree’s influence measures\), the network’s mean \|SHAP\| and the tree’s feature influence rank the features (alike|partly alike|differently): Spearman ρ −?[\d.]+ over 4 features\. /);
    expect(agreement).toMatch(/ The plot explains the advantage of push left: what decides the action rather than what the state is worth, which may rank the features otherwise\. Against the tree’s influence, its mean \|SHAP\| values rank the features (alike|partly alike|differently): Spearman ρ −?[\d.]+ over 4 features\./);
  });

  it('redraws for another action: with two actions, one advantage is the other negated', async () => {
    const left = await chart();
    await page.selectOption('#shap-target', 'adv:1');
    await poll(async () => (await chart()).x[0]).not.toBe(left.x[0]);
    const right = await chart();
    right.x.forEach((v, i) => expect(v).toBeCloseTo(-left.x[i]!, 9));
    expect(await page.textContent('[data-chart="shap-summary"] .xtitle')).toBe('SHAP value: effect on advantage of push right');
    await page.selectOption('#shap-target', 'q:0');
    await poll(() => page.textContent('[data-chart="shap-summary"] .xtitle')).toBe('SHAP value: effect on Q(push left)');
    expect(await page.textContent('[data-shap-agreement]')).toContain(' The plot explains Q(push left). Against the tree’s influence, its mean |SHAP| values rank the features');
  });

  it('downloads every state’s values as CSV, each row adding up to the network’s Q', async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-shap-csv]')]);
    expect(d.suggestedFilename()).toBe('qlens-pretrained-CartPole-v1-shap.csv');
    const lines = readFileSync((await d.path())!, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(201);
    expect(lines[0]).toBe('state,cart_position,cart_velocity,pole_angle,pole_angular_velocity,greedy_action,base_q_push_left,shap_q_push_left_cart_position,shap_q_push_left_cart_velocity,shap_q_push_left_pole_angle,shap_q_push_left_pole_angular_velocity,base_q_push_right,shap_q_push_right_cart_position,shap_q_push_right_cart_velocity,shap_q_push_right_pole_angle,shap_q_push_right_pole_angular_velocity');
    const row = lines[1]!.split(',');
    const state = row.slice(1, 5).map(Number);
    const network = ((await (await fetch(`${base}api/runs/${run}/q`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ observation: state }) })).json()) as QResponse).q;
    const sums = [0, 1].map((a) => row.slice(6 + a * 5, 11 + a * 5).map(Number).reduce((s, v) => s + v, 0));
    sums.forEach((s, a) => expect(s).toBeCloseTo(network[a]!, 4));
    expect(row[5]).toBe(network[1]! > network[0]! ? 'push_right' : 'push_left');
  });

  it('plots one feature’s value against its SHAP value, coloured by the feature SHAP finds interacting most', async () => {
    const dependence = () =>
      page.$eval('[data-chart="shap-dependence"]', (el) => {
        const gd = el as unknown as { data: { x: number[]; y: number[]; marker: { color: unknown } }[]; layout: { yaxis: { title: { text: string } } } };
        return { x: [...gd.data[0]!.x], y: [...gd.data[0]!.y], colour: gd.data[0]!.marker.color, ytitle: gd.layout.yaxis.title.text };
      });
    // It follows the beeswarm's target (Q(push left), left by the test above) and shows its top row.
    await poll(async () => (await dependence()).ytitle).toContain('on Q(push left)');
    const swarm = await chart();
    const top = swarm.ticks[0]!.split('<br>')[0];
    expect(await page.$eval('#shap-dependence-feature', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe(top);
    const d = await dependence();
    expect(d.x).toHaveLength(200);
    // Its y values are the beeswarm's top row (the first 200 dots are that row's, in state order).
    expect(d.y).toEqual(swarm.x.slice(0, 200));
    expect(await page.$eval('#shap-dependence-colour', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent)).toMatch(/ \(strongest interaction\)$/);
    expect(Array.isArray(d.colour)).toBe(true);

    await page.selectOption('#shap-dependence-feature', '1'); // cart velocity
    await poll(async () => (await dependence()).ytitle).toContain('SHAP value of cart velocity');
    const options = await page.$$eval('#shap-dependence-colour option', (o) => o.map((x) => x.textContent));
    expect(options).not.toContain('cart velocity'); // a feature is not offered to colour itself
    await page.selectOption('#shap-dependence-colour', 'none');
    await poll(async () => typeof (await dependence()).colour).toBe('string');
  });

  it('inspects the state of a clicked dot', async () => {
    // A choice in the rules table too, for the Back test below.
    await page.selectOption('#rules-action', '1');
    await poll(() => page.url()).toContain('rulesAction=1');
    // The dot farthest right stands alone: click its pixel.
    await page.locator('[data-chart="shap-summary"]').scrollIntoViewIfNeeded();
    const target = await page.$eval('[data-chart="shap-summary"]', (el) => {
      const gd = el as unknown as { data: { x: number[]; y: number[] }[]; _fullLayout: { xaxis: { l2p(v: number): number; _offset: number }; yaxis: { l2p(v: number): number; _offset: number } } };
      const { x, y } = gd.data[0]!;
      let k = 0;
      for (let i = 1; i < x.length; i++) if (x[i]! > x[k]!) k = i;
      const box = el.querySelector('.main-svg')!.getBoundingClientRect();
      const L = gd._fullLayout;
      return { px: box.left + L.xaxis._offset + L.xaxis.l2p(x[k]!), py: box.top + L.yaxis._offset + L.yaxis.l2p(y[k]!) };
    });
    await page.mouse.move(target.px, target.py);
    await page.mouse.click(target.px, target.py);
    await poll(() => page.url()).toContain('/inspect?obs=');
    expect(page.url()).toContain('from=shap');
    await poll(() => page.textContent('.origin')).toBe('A state of the agent’s own greedy play, picked in the SHAP summary of the Global view.');
  });

  it('returns on Back to the Global view as it was left: SHAP target, dependence plot, rules filter', async () => {
    await page.goBack();
    await page.waitForSelector('[data-chart="shap-dependence"] .main-svg', { timeout: 30_000 });
    expect(await page.inputValue('#shap-target')).toBe('q:0');
    expect(await page.inputValue('#shap-dependence-feature')).toBe('1');
    expect(await page.inputValue('#shap-dependence-colour')).toBe('none');
    expect(await page.inputValue('#rules-action')).toBe('1');
    await poll(() => page.$$eval('[data-table="rules"] tbody tr td:nth-child(3)', (cells) => [...new Set(cells.map((c) => c.textContent))])).toEqual(['push right']);
    await poll(() => page.textContent('[data-chart="shap-summary"] .xtitle')).toBe('SHAP value: effect on Q(push left)');
  });
});
