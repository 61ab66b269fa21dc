/**
 * The Global and Tree tabs in real Chromium on the shipped pretrained CartPole agent: the rules
 * table, the tree's numbers and details, Close all and the legend, and the SHAP summary, one suite
 * per concern. The suites share one Chromium (each has its own server and a page in a context of
 * its own, as a browser of its own would give it): a launch per suite cost more than most of its tests.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { QResponse } from '../../src/server/dto.ts';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard, useSharedBrowser } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

/** The selected node's outline (Close all and the legend). */
const RED = 'rgb(201, 60, 55)'; // style.css --red

/** The SHAP summary's dots and row labels. */
interface Chart {
  x: number[];
  ticks: string[];
}

describe.runIf(HAVE_BROWSER)('the Global and Tree tabs', () => {
  const browser = useSharedBrowser();

  /**
   * The Global tab's rules table on the shipped pretrained CartPole agent: the leaf column says it
   * sorts in tree order (the order `sortBy=leaf` gives: #159, #329, … reads as broken under a plain
   * "Leaf ▲"), and only sortable column titles look sortable: a button with an arrow (↕ until
   * sorted by it, then ▲/▼) and a pointer; IF, Greedy action and THEN are plain text.
   */
  describe('the rules table’s column titles', { timeout: 30_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;

    useDashboard(async (s) => {
      ({ base, page } = s);
      await page.goto(`${base}#/runs/${run}/global`);
      await page.waitForSelector('[data-table="rules"] tbody tr');
    }, { browser });

    const heads = () =>
      page.$$eval('[data-table="rules"] thead th', (ths) =>
        ths.map((th) => {
          const button = th.querySelector('button');
          const text = button ?? th;
          return { text: th.textContent, button: !!button, arrow: th.querySelector('.sort-arrow')?.textContent ?? null, cursor: getComputedStyle(text).cursor, underline: getComputedStyle(text).borderBottomStyle };
        }),
      );

    it('gives sortable titles a button, an arrow and a pointer, and leaves the others plain', async () => {
      const all = await heads();
      expect(all.map((c) => c.text)).toEqual(['Leaf (tree order)↕', 'IF', 'Greedy action', 'Samples▼', 'Q(push left)↕', 'Q(push right)↕', 'THEN']);
      for (const c of all) {
        const sortable = !['IF', 'Greedy action', 'THEN'].includes(c.text!);
        expect(c.button, c.text!).toBe(sortable);
        expect(c.cursor, c.text!).toBe(sortable ? 'pointer' : 'default');
        expect(c.underline, c.text!).not.toBe('dotted'); // the old look of a title with help, sortable or not
        expect(c.arrow !== null, c.text!).toBe(sortable);
      }
      expect(await page.getAttribute('[data-table="rules"] th[aria-sort]', 'aria-sort')).toBe('descending');
      expect(await page.textContent('[data-table="rules"] th[aria-sort]')).toBe('Samples▼');
    });

    it('says the leaf column sorts in tree order, and gives the API’s tree order', async () => {
      const loads = await page.getAttribute('#rules', 'data-loads');
      await page.click('[data-table="rules"] th button:has-text("Leaf")');
      await poll(() => page.getAttribute('#rules', 'data-loads')).not.toBe(loads);
      expect(await page.textContent('[data-table="rules"] th[aria-sort="ascending"]')).toBe('Leaf (tree order)▲');
      expect(await page.getAttribute('[data-table="rules"] th[aria-sort]', 'title')).toContain('tree order (left to right, as the Tree tab draws the leaves), not by number');
      const api = (await (await fetch(`${base}api/runs/${run}/rules?sortBy=leaf&limit=20`)).json()) as { rules: { leafId: number }[] };
      const shown = await page.$$eval('[data-table="rules"] tbody tr', (trs) => trs.map((tr) => Number(tr.getAttribute('data-leaf'))));
      expect(shown).toEqual(api.rules.map((r) => r.leafId));
      expect(await page.textContent('#rules')).toContain('“Leaf (tree order)” reads the leaves left to right as the Tree tab draws them');
    });
  });

  /**
   * The Tree view and the rules on the shipped CartPole agent: a split's threshold prints whole and
   * alike everywhere (box, tooltip, details, rules), near-tie Q-values keep the digits that tell the
   * greedy action apart, a Q column has one number of decimals, and at 768 px (details under the
   * tree) a clicked node's details scroll into view and the legend says where they are.
   */
  describe('the tree’s numbers and details', { timeout: 60_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    /** A replay state (seed 0, step 42) whose path passes node #54, a test on pole angular velocity. */
    const OBS = '-0.2504904568195343,-0.41380414366722107,0.013546422123908997,-0.017854424193501472';
    let base: string;
    let page: Page;

    useDashboard((s) => ({ base, page } = s), { browser });

    it('prints a split’s threshold whole in its box, and the same in its tooltip, details and rules', async () => {
      await openFresh(page, `${base}#/runs/${run}/tree?obs=${OBS}`);
      const node = page.locator('[data-tree] g.node[data-node-id="54"]');
      await node.waitFor();
      // The box shortens the feature name when it must, never the number.
      expect(await node.locator('text.l1').textContent()).toMatch(/^pole angular [a-z]*…? ≤ −0\.08460$/);
      expect(await node.locator('title').textContent()).toContain('Node #54: pole angular velocity ≤ −0.08460 (yes → left, no → right)');
      await node.locator('rect').click();
      await poll(() => page.textContent('.tree-details .node-test strong').catch(() => '')).toBe('pole angular velocity ≤ −0.08460');
      // The rule of its left leaf has the same bound.
      await openFresh(page, `${base}#/runs/${run}/global?rulesSort=leaf`);
      await page.waitForSelector('[data-table="rules"]');
      const conditions = async () => (await page.locator('[data-table="rules"] .rule-cond').allTextContents()).join('\n');
      for (let pages = 0; pages < 12 && !(await conditions()).includes('pole angular velocity ≤ −0.08460'); pages++) {
        const loads = await page.getAttribute('#rules', 'data-loads');
        await page.click('#rules button[aria-label="Next page"]');
        await poll(() => page.getAttribute('#rules', 'data-loads')).not.toBe(loads);
      }
      expect(await conditions()).toContain('pole angular velocity ≤ −0.08460');
    });

    it('tells near-tie Q-values apart in a node’s details', async () => {
      await openFresh(page, `${base}#/runs/${run}/tree?node=4`);
      await poll(() => page.textContent('.tree-details h2').catch(() => '')).toBe('Node #4');
      const q = await page.locator('.tree-details table.kv').first().locator('td.num').allTextContents();
      expect(q).toEqual(['57.982', '57.981']);
      expect(await page.textContent('.tree-details .facts-list')).toContain('push left');
    });

    it('prints every Q column of the rules table with one number of decimals', async () => {
      await openFresh(page, `${base}#/runs/${run}/global`);
      await page.waitForSelector('[data-table="rules"] tbody tr');
      const columns = await page.$$eval('[data-table="rules"] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td.num')].slice(1).map((td) => td.textContent!)));
      const decimals = new Set(columns.flat().map((t) => t.split('.')[1]?.length ?? 0));
      expect(columns[0]).toHaveLength(2);
      expect([...decimals]).toHaveLength(1);
    });

    it('at 768 px scrolls a clicked node’s details into view, and the legend says they are below', async () => {
      await page.setViewportSize({ width: 768, height: 900 });
      try {
        await openFresh(page, `${base}#/runs/${run}/tree`);
        await page.waitForSelector('[data-tree] g.node[data-node-id="0"]');
        expect(await page.textContent('.tree-legend [data-legend-item="selected"]')).toBe('selected node (its details below the tree)');
        expect(await page.evaluate(() => document.querySelector('.tree-details')!.getBoundingClientRect().top > innerHeight)).toBe(true);
        await page.click('[data-tree] g.node[data-node-id="0"] rect');
        await poll(() => page.textContent('.tree-details h2').catch(() => '')).toBe('Node #0');
        await poll(() => page.evaluate(() => document.querySelector('.tree-details h2')!.getBoundingClientRect().bottom <= innerHeight)).toBe(true);
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    });
  });

  /**
   * The Tree tab on the shipped pretrained CartPole agent: "Close all" closes every branch, the
   * root's too, and its title says so; the selected node's red outline (zoomed in and zoomed out) has
   * its entry in the legend, beside the inspected path's, in both colourings.
   */
  describe('the Tree tab’s Close all and legend', { timeout: 30_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;

    useDashboard(async (s) => {
      ({ base, page } = s);
      await page.goto(`${base}#/runs/${run}/tree`);
      await page.waitForSelector('[data-tree] g[data-node-id]');
    }, { browser });

    const drawn = async () => Number(await page.getAttribute('[data-tree]', 'data-drawn'));
    const closeAll = 'button:has-text("Close all")';

    it('closes everything, the root too, and says so in its title', async () => {
      expect(await drawn()).toBeGreaterThan(3);
      expect(await page.getAttribute(closeAll, 'title')).toMatch(/^Close every branch, the root’s too: only the root is left/);
      await page.click(closeAll);
      await poll(drawn).toBe(1);
      expect(await page.textContent('[data-tree] g[data-toggle="0"] text')).toBe('+');
      expect(await page.textContent('.tree-status')).toContain('showing 1 node.');
      await page.click('[data-tree] g[data-toggle="0"] circle');
      await poll(drawn).toBe(3);
    });

    it('names the selected node’s red outline in the legend, zoomed in and out, in both colourings', async () => {
      await page.click('[data-tree] g[data-node-id="0"] rect');
      await poll(() => page.locator('[data-tree] g.node.selected').count()).toBe(1);
      expect(await page.$eval('[data-tree] g.node.selected rect', (el) => getComputedStyle(el).stroke)).toBe(RED);
      const entry = '.tree-legend [data-legend-item="selected"]';
      expect(await page.textContent(entry)).toBe('selected node (its details at the right)');
      expect(await page.$eval(`${entry} .legend-selected`, (el) => getComputedStyle(el).borderTopColor)).toBe(RED);
      expect(await page.textContent('.tree-legend')).toContain('inspected state’s path');
      // Zoomed out (every node open), the selection is the red outline of its small box.
      await page.click('button:has-text("Open all")');
      await poll(() => page.locator('[data-tree] path.compact.selected').count()).toBe(1);
      expect(await page.$eval('[data-tree] path.compact.selected', (el) => getComputedStyle(el).stroke)).toBe(RED);
      await page.selectOption('#color-mode', 'q');
      expect(await page.textContent(entry)).toBe('selected node (its details at the right)');
    });
  });

  /**
   * The Global view's SHAP summary on the shipped pretrained CartPole agent: a beeswarm of the
   * network's Shapley values over 200 states of its play (a dot per state and feature), rows sorted
   * by mean |SHAP|, the action picker redraws (with two actions, one's advantage is the other's
   * negated), the ranking is compared with the tree's influence, the dependence plot shows one
   * feature's values against its SHAP values, the CSV holds every state's values (base plus values
   * give the network's Q), and a click on a dot inspects its state.
   */
  describe('the SHAP summary', { timeout: 60_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;

    useDashboard(async (s) => {
      ({ base, page } = s);
      await page.goto(`${base}#/runs/${run}/global`);
      await page.waitForSelector('[data-chart="shap-summary"] .main-svg', { timeout: 30_000 });
    }, { browser });

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
      expect(await page.$$('[data-bad-link]')).toHaveLength(0);
    });

    it('says which linked choices it cannot show, and shows its defaults', async () => {
      await page.goto(`${base}#/runs/${run}/global?shap=adv%3A7&dependence=9&dependenceColour=x`);
      await page.waitForSelector('[data-chart="shap-dependence"] .main-svg', { timeout: 30_000 });
      expect(await page.inputValue('#shap-target')).toBe('adv:0');
      const notes = await page.$$eval('[data-bad-link]', (els) => els.map((e) => e.textContent));
      expect(notes).toEqual([
        'The link’s target (shap) “adv:7” is not one offered here (allowed: adv:0 = advantage of push left, adv:1 = advantage of push right, chosen = the chosen action’s advantage, q:0 = Q(push left), q:1 = Q(push right)), so advantage of push left shows.',
        'The link’s feature (dependence) “9” is not one offered here (allowed: 0 = cart position, 1 = cart velocity, 2 = pole angle, 3 = pole angular velocity), so the summary’s top feature shows.',
        expect.stringMatching(/^The link’s colour \(dependenceColour\) “x” is not one offered here \(allowed: auto = .+ \(strongest interaction\), .*none = nothing\), so .+ \(strongest interaction\) shows\.$/),
      ]);
    });
  });
});
