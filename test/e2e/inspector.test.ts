/**
 * The Inspector in real Chromium on the shipped pretrained agents, one suite per concern. The
 * suites share one Chromium (each has its own server and a page in a context of its own, as a
 * browser of its own would give it): a launch per suite cost more than most of its tests.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard, useSharedBrowser } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

/** A bar trace of the contributions or attributions chart (attribution methods’ colours). */
interface Bar {
  name: string;
  meta?: string;
  color: string;
  pattern: string;
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

/** A trace of the attributions or PDP chart (network attributions). */
interface TraceData {
  name: string;
  x: number[];
  meta?: string;
  line?: { width?: number; color?: string };
  xaxis?: string;
}

/** The verdict's words for an impossible state (impossible states). */
const NEVER = 'this state never occurs in play, so neither the network nor the tree was trained on anything like it.';

describe.runIf(HAVE_BROWSER)('the inspector', () => {
  const browser = useSharedBrowser();

  /**
   * The Inspector on the shipped pretrained Acrobot agent (three actions), every attribution method
   * ticked: the tree's contribution chart colours the actions, the network attributions chart just
   * below colours the methods, and no method's bars may look like an action's: no shared colour,
   * every method hatched (the actions' bars are solid), and each method's checkbox and agreement
   * swatches show its bars' colour and hatch. Permutation SHAP is named so everywhere it shows.
   */
  describe('attribution methods’ colours beside the actions’', { timeout: 30_000 }, () => {
    const run = 'pretrained~Acrobot-v1';
    let base: string;
    let page: Page;
    const problems: string[] = [];

    useDashboard((s) => ({ base, page } = s), { problems, browser });

    const bars = (chart: string) =>
      page.evaluate(
        (chart) =>
          ((document.querySelector(`[data-chart="${chart}"]`) as unknown as { data?: { name: string; meta?: string; marker?: { color?: string; pattern?: { shape?: string } } }[] })?.data ?? []).map((t) => ({
            name: t.name,
            meta: t.meta,
            color: String(t.marker?.color ?? ''),
            pattern: t.marker?.pattern?.shape ?? '',
          })),
        chart,
      ) as Promise<Bar[]>;

    it('colours and hatches every method apart from the three actions, on bars and swatches alike', async () => {
      await page.goto(`${base}#/runs/${run}/inspect`);
      await page.waitForSelector('[data-chart="attributions"] .main-svg');
      for (const m of ['kernelshap', 'exact', 'ig']) await page.check(`input[data-method="${m}"]`);
      await poll(async () => new Set((await bars('attributions')).map((t) => t.name)).size).toBe(7);
      const actions = await bars('contributions');
      expect(actions).toHaveLength(3);
      const actionColors = new Set(actions.map((t) => t.color.toLowerCase()));
      expect(actionColors.size).toBe(3);
      expect(actions.every((t) => t.pattern === '')).toBe(true);

      const methods = (await bars('attributions')).filter((t) => t.meta !== 'tree');
      const byMethod = new Map(methods.map((t) => [t.meta!, t]));
      expect([...byMethod.keys()].sort()).toEqual(['exact', 'ig', 'kernelshap', 'lime', 'saliency', 'shap']);
      // One look per method, the same in each action's panel.
      for (const t of methods) expect([t.color, t.pattern]).toEqual([byMethod.get(t.meta!)!.color, byMethod.get(t.meta!)!.pattern]);
      const looks = [...byMethod.values()];
      expect(new Set(looks.map((t) => t.color)).size).toBe(6);
      expect(new Set(looks.map((t) => t.pattern)).size).toBe(6);
      for (const t of looks) {
        expect(actionColors.has(t.color.toLowerCase()), `${t.name} takes an action’s colour ${t.color}`).toBe(false);
        expect(t.color.toLowerCase()).not.toBe('#c93c37'); // red: the disagreement colour
        expect(t.pattern, `${t.name} is hatched`).not.toBe('');
      }

      // The checkbox's and the agreement line's swatches show the bars' colour, hatched.
      for (const [id, t] of byMethod) {
        for (const selector of [`label.method-check:has(input[data-method="${id}"]) .swatch`, `[data-agreement="${id}"] .swatch`]) {
          const look = await page.$eval(selector, (el) => ({ color: getComputedStyle(el).backgroundColor, image: getComputedStyle(el).backgroundImage }));
          expect(look.color, selector).toBe(rgb(t.color));
          expect(look.image, selector).toMatch(/gradient/);
        }
      }
    });

    it('shows why the tree picks its action: the baselines’ difference, each feature’s difference of terms, the margin', async () => {
      await openFresh(page, `${base}#/runs/${run}/inspect`);
      await page.waitForSelector('[data-chart="decision"] .main-svg');
      await page.waitForSelector('[data-chart="contributions"] .main-svg');
      const heading = (await page.textContent('[data-heading="decision"]'))!;
      const [, pick, other] = /^Why (.+), not (.+) \(by [\d.]+\)$/.exec(heading)!;
      type Trace = { name?: string; x: number[]; y: string[]; measure?: string[]; increasing?: { marker: { color: string } }; decreasing?: { marker: { color: string } }; marker?: { color: string } };
      const data = (chart: string) => page.evaluate((chart) => (document.querySelector(`[data-chart="${chart}"]`) as unknown as { data: Trace[] }).data, chart);
      const perAction = await data('contributions');
      const [why] = await data('decision');
      const a = perAction.findIndex((t) => t.name === pick);
      const b = perAction.findIndex((t) => t.name === other);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(b).toBeGreaterThanOrEqual(0);
      const features = perAction[0]!.y.length;
      expect(why!.y).toEqual(['leaf baselines', ...perAction[0]!.y, '= margin']);
      expect(why!.measure).toEqual(['relative', ...Array(features).fill('relative'), 'total']);
      for (let i = 0; i < features; i++) expect(why!.x[i + 1]).toBeCloseTo(perAction[a]!.x[i]! - perAction[b]!.x[i]!, 12);
      // The steps add up to the margin, and the pick is the better of the two.
      const steps = why!.x.slice(0, -1).reduce((s, v) => s + v, 0);
      expect(Math.abs(steps - why!.x.at(-1)!)).toBeLessThan(1e-9);
      expect(why!.x.at(-1)!).toBeGreaterThan(0);
      // Steps towards the pick take its colour, towards the runner-up theirs.
      expect(why!.increasing!.marker.color).toBe(perAction[a]!.marker!.color);
      expect(why!.decreasing!.marker.color).toBe(perAction[b]!.marker!.color);
    });

    it('names permutation SHAP “Permutation SHAP” in the checkbox, the legend and the agreement', async () => {
      expect((await bars('attributions')).filter((t) => t.meta === 'shap').map((t) => t.name)).toEqual(['Permutation SHAP', 'Permutation SHAP', 'Permutation SHAP']);
      expect(await page.textContent('label.method-check:has(input[data-method="shap"])')).toBe('Permutation SHAP');
      expect(await page.textContent('[data-agreement="shap"] strong')).toBe('Permutation SHAP');
      expect(await page.textContent('[data-chart="attributions"] .legend')).toContain('Permutation SHAP');
    });

    it('draws the PDP in the plotted action’s colour and the state’s own curve in no action’s colour', async () => {
      const actions = await bars('contributions');
      await page.selectOption('[data-pdp-action]', '1');
      await page.click('[data-run="pdp"]');
      await page.waitForSelector('[data-chart="pdp"] .main-svg');
      const lines = await page.evaluate(() => ((document.querySelector('[data-chart="pdp"]') as unknown as { data: { meta: string; line?: { color: string }; marker?: { color: string } }[] }).data).map((t) => ({ meta: t.meta, color: t.line?.color ?? t.marker?.color })));
      expect(lines.find((t) => t.meta === 'pdp')!.color).toBe(actions[1]!.color);
      for (const meta of ['state', 'now']) expect(actions.map((a) => a.color)).not.toContain(lines.find((t) => t.meta === meta)!.color);
    });

    it('logged no console errors or page errors', () => {
      expect(problems).toEqual([]);
    });
  });

  /**
   * The inspector's network attributions in real Chromium against the real server, on the shipped
   * pretrained CartPole agent (a solved network with its tree; a short test run's network may pick
   * one action everywhere, leaving no counterfactual to find): the side-by-side chart holds the
   * tree's terms and at least two network methods for every feature and action, a what-if slider
   * changes the network's bars, every attribution method can be ticked, the counterfactual is found
   * and loads into the sliders, PDP/ICE plots (thin grey ICE, bold PDP, the state marked) and
   * prototypes show on demand. The console stays clean.
   */
  describe('network attributions in the inspector', { timeout: 30_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;
    const problems: string[] = [];

    useDashboard((s) => ({ base, page } = s), { problems, browser });

    const traces = (chart: string) =>
      page.evaluate((chart) => ((document.querySelector(`[data-chart="${chart}"]`) as unknown as { data?: TraceData[] })?.data ?? []).map((t) => ({ name: t.name, x: [...t.x], meta: t.meta, line: t.line, xaxis: t.xaxis })), chart);
    /** The network methods' bars (every trace but the tree's), as one comparable string. */
    const networkBars = async () => JSON.stringify((await traces('attributions')).filter((t) => t.meta !== 'tree').map((t) => t.x));

    it('shows the tree and network methods side by side for every action', async () => {
      await page.goto(`${base}#/runs/${run}/inspect`);
      await page.waitForSelector('[data-chart="attributions"] .main-svg');
      await poll(async () => (await traces('attributions')).length).toBe(8); // (tree + 3 default methods) × 2 actions
      const data = await traces('attributions');
      expect(new Set(data.map((t) => t.name))).toEqual(new Set(['Tree (LMUT)', 'Permutation SHAP', 'Gradient × input', 'LIME']));
      expect(new Set(data.map((t) => t.xaxis))).toEqual(new Set(['x', 'x2'])); // one panel per action
      for (const t of data) {
        expect(t.x).toHaveLength(4);
        expect(t.x.every(Number.isFinite)).toBe(true);
      }
      expect(data.filter((t) => t.meta !== 'tree').some((t) => t.x.some((v) => v !== 0))).toBe(true);
      const text = await page.textContent('[data-slot="network-attributions"]');
      expect(text).toContain('Q contribution');
      for (const m of ['shap', 'saliency', 'lime']) expect(await page.textContent(`[data-agreement="${m}"]`)).toMatch(/rank correlation ρ = −?[\d.]+, top-2 overlap [\d.]+ %|all its values are equal here, so there is no ranking to compare/);
    });

    it('follows the what-if sliders and the ticked methods', async () => {
      const before = await networkBars();
      await page.$eval('input.whatif-range[data-feature="2"]', (el) => {
        const input = el as HTMLInputElement;
        input.value = String(Number(input.max) * 0.6);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await poll(networkBars).not.toBe(before);
      // Every attribution method can be ticked; each brings its bars and its agreement line.
      for (const m of ['kernelshap', 'exact', 'ig']) await page.check(`input[data-method="${m}"]`);
      await poll(async () => new Set((await traces('attributions')).map((t) => t.name)).size).toBe(7);
      for (const m of ['kernelshap', 'exact', 'ig']) expect(await page.locator(`[data-agreement="${m}"]`).count()).toBe(1);
      // How each method accounts for Q(the network's pick): one line per ticked method, and permutation SHAP's
      // E[Q] over the reference states + Σ attributions = Q as printed, within the printed numbers' rounding.
      const accounted = () => page.$$eval('[data-accounting-line]', (els) => els.map((el) => el.getAttribute('data-accounting-line')));
      await poll(accounted).toEqual(['shap', 'saliency', 'lime', 'kernelshap', 'exact', 'ig']);
      expect(await page.textContent('[data-accounting] h3')).toMatch(/^How each method accounts for Q\(push (left|right)\)/);
      const shapLine = (await page.textContent('[data-accounting-line="shap"]'))!;
      const sum = shapLine.match(/E\[Q\] over the [\d,]+ reference states (−?[\d.]+) \+ Σ attributions (−?[\d.]+(?:e[-+]?\d+)?) = Q (−?[\d.]+) · adds up/);
      expect(sum, shapLine).not.toBeNull();
      const [b, s, q] = sum!.slice(1, 4).map((t) => ({ v: Number(t.replace('−', '-')), ulp: 10 ** -(t.split('.')[1]?.length ?? 0) }));
      expect(Math.abs(b!.v + s!.v - q!.v)).toBeLessThanOrEqual((b!.ulp + s!.ulp + q!.ulp) / 2 + 1e-9);
      expect(shapLine).toMatch(/largest standard error [\d.]+/);
      expect(await page.textContent('[data-accounting-line="lime"]')).toMatch(/R² −?[\d.]+/);
      expect(await page.textContent('[data-accounting-line="ig"]')).toMatch(/completeness error [\d.e−-]+ (%|in Q)/);
      // Shares of each method's total by default: every action's bars sum to 1 in size (or are all 0).
      const shares = async () => (await traces('attributions')).every((t) => Math.abs(t.x.reduce((s, v) => s + Math.abs(v), 0) - 1) < 1e-9 || t.x.every((v) => v === 0));
      expect(await shares()).toBe(true);
      // Q units: the raw contributions, no longer normalised.
      await page.selectOption('[data-scale]', 'q');
      await poll(shares).toBe(false);
      await page.selectOption('[data-scale]', 'share');
      await poll(shares).toBe(true);
    });

    it('finds the counterfactual and loads it into the sliders', async () => {
      await page.click('[data-run="counterfactual"]');
      await page.waitForSelector('[data-cf-sentence]');
      const sentence = await page.textContent('[data-cf-sentence]');
      expect(sentence).toMatch(/^push (left|right) would become push (left|right) if .+ (lower|higher)/);
      const networkPickBefore = (await page.textContent('.verdict'))!.match(/the network picks (push (?:left|right))/)![1];
      await page.click('[data-load-counterfactual]');
      await poll(() => page.textContent('.origin')).toContain('counterfactual of the previous state');
      await poll(async () => (await page.textContent('.verdict'))!.match(/the network picks (push (?:left|right))/)![1]).not.toBe(networkPickBefore);
      expect(await page.textContent('[data-section="counterfactual"]')).toContain('This answer is for an earlier state.');
      // The counterfactual lands just past the network's boundary: its margin is called a near tie.
      expect(await page.textContent('.verdict')).toMatch(/the network picks push (left|right) by \S+ \(a near tie\)/);
    });

    it('plots PDP with ICE curves for the chosen feature, the state marked', async () => {
      await page.selectOption('[data-pdp-feature]', '2');
      await page.click('[data-run="pdp"]');
      await page.waitForSelector('[data-chart="pdp"] .main-svg');
      const data = await traces('pdp');
      const ice = data.filter((t) => t.meta === 'ice');
      const pdp = data.find((t) => t.meta === 'pdp')!;
      expect(ice.length).toBe(20);
      expect(ice.every((t) => t.line!.width === 1 && t.line!.color!.startsWith('rgba(138'))).toBe(true);
      expect(pdp.line!.width).toBeGreaterThan(3);
      expect(pdp.x).toHaveLength(21);
      expect(data.find((t) => t.meta === 'now')!.x).toHaveLength(1);
      expect(await page.textContent('[data-chart="pdp"]')).toContain('pole angle');
      // Another feature redraws from the same answer.
      await page.selectOption('[data-pdp-feature]', '0');
      await poll(() => page.textContent('[data-chart="pdp"] .xtitle')).toBe('cart position');
    });

    it('shows the prototypes on demand and inspects one', async () => {
      await page.click('[data-run="prototype"]');
      await page.waitForSelector('[data-table="prototypes"] tbody tr');
      expect(await page.locator('[data-table="prototypes"] tbody tr').count()).toBe(2);
      // The loaded state's attributions are the last request; the console check below must come after them.
      const attributed = page.waitForResponse((r) => r.url().endsWith('/attributions') && r.request().method() === 'POST');
      await page.click('[data-load-prototype="0"]');
      await poll(() => page.textContent('.origin')).toContain('prototype for push left');
      expect((await attributed).ok()).toBe(true);
    });

    it('logged no console errors or page errors', () => {
      expect(problems).toEqual([]);
    });
  });

  /**
   * The inspector on the shipped pretrained CartPole agent: a typed value the server would refuse
   * (beyond its |x| ≤ 1e9 limit) is refused in the page, next to its box, with the slider keeping
   * its range and nothing sent; and when an explanation request fails all the same, the results of
   * the last state that could be explained are marked stale until a new answer arrives.
   */
  describe('the inspector’s typed values and failed explanations', { timeout: 30_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;
    const explains: string[] = [];

    useDashboard(async (s) => {
      ({ base, page } = s);
      page.on('request', (r) => r.url().endsWith('/explain') && explains.push(r.postData() ?? ''));
      await page.goto(`${base}#/runs/${run}/inspect`);
      await page.waitForSelector('[data-chart="contributions"] .main-svg');
    }, { browser });

    const box = (i: number) => page.locator('input.whatif-box').nth(i);
    const slider = (i: number) => page.locator('input.whatif-range').nth(i);

    it('refuses 1e12 next to its box: the slider keeps its range, nothing is sent', async () => {
      const before = { min: await slider(0).getAttribute('min'), max: await slider(0).getAttribute('max'), value: await box(0).inputValue() };
      const note = await page.textContent('.whatif-row:nth-child(1) .whatif-bounds');
      const sent = explains.length;
      await box(0).fill('1e12');
      await box(0).press('Enter');
      await poll(() => page.locator('[data-refused="0"]').count()).toBe(1);
      const refusal = await page.textContent('.whatif-row:nth-child(1) [data-refused]');
      expect(refusal).toContain('Cart position: 1e12 is not allowed (finite numbers with |x| ≤ 1e9), so it was not sent');
      expect(await slider(0).getAttribute('min')).toBe(before.min);
      expect(await slider(0).getAttribute('max')).toBe(before.max);
      expect(await box(0).inputValue()).toBe(before.value);
      expect(await page.textContent('.whatif-row:nth-child(1) .whatif-bounds')).toBe(note);
      expect(await page.locator('.notice-error').count()).toBe(0);
      // A good value goes through and clears the refusal.
      await box(0).fill('0.02');
      await box(0).press('Enter');
      await poll(() => page.locator('[data-refused]').count()).toBe(0);
      // Exactly one request since the refusal, the good value's: 1e12 never went out (no sleep needed to show it).
      await poll(() => explains.length).toBe(sent + 1);
      expect(JSON.parse(explains.at(-1)!).observation[0]).toBe(0.02);
    });

    it('marks the results of the last explained state stale while a request fails', async () => {
      await poll(() => page.textContent('.state-card [role="status"]')).toBe(''); // the last answer is in
      await page.route('**/explain', (r) => r.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'service unavailable', detail: 'the server is busy' }) }));
      await box(1).fill('0.5');
      await box(1).press('Enter');
      await poll(() => page.locator('.notice-error').count()).toBe(1);
      expect(await page.locator('.stale-result').count()).toBe(3); // decision, contributions, the slots
      const line = await page.textContent('[data-stale]');
      expect(line).toMatch(/^Showing the last state that could be explained: cart position 0\.02, cart velocity /);
      expect(line).not.toContain('cart velocity 0.5');
      await page.unroute('**/explain');
      await box(1).fill('0.4');
      await box(1).press('Enter');
      await poll(() => page.locator('.stale-result').count()).toBe(0);
      expect(await page.locator('[data-stale], .notice-error').count()).toBe(0);
    });

    it('says so when a link’s state is beyond the limit, and shows another state', async () => {
      const sent = explains.length;
      await page.goto(`${base}#/runs/${run}/inspect?obs=1e12,0,0,0`);
      await poll(() => page.textContent('[data-bad-link]')).toContain('The link’s state has cart position = 1e12, which cannot be explained (allowed: finite numbers with |x| ≤ 1e9), so another state is shown.');
      await poll(() => explains.length).toBeGreaterThan(sent);
      expect(explains.slice(sent).every((body) => Math.abs(JSON.parse(body).observation[0]) < 1e9)).toBe(true);
      await page.waitForSelector('[data-chart="contributions"] .main-svg');
      expect(await page.locator('.notice-error').count()).toBe(0);
    });
  });

  /**
   * The state as text on the shipped pretrained CartPole agent: the field shows the inspected state
   * as a Python list, Copy puts that on the clipboard, a state pasted as NumPy echoes it is set
   * (sliders, explanation, link), and a pasted state of the wrong length or beyond the limit is
   * refused in words naming the features, with nothing sent.
   */
  describe('the inspector’s state as text', { timeout: 30_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;
    const explains: string[] = [];
    const problems: string[] = [];

    useDashboard(async (s) => {
      ({ base, page } = s);
      page.on('request', (r) => r.url().endsWith('/explain') && explains.push(r.postData() ?? ''));
      await page.goto(`${base}#/runs/${run}/inspect?obs=0.01,0.2,-0.03,-0.3`);
      await page.waitForSelector('[data-chart="contributions"] .main-svg');
    }, { browser, problems, page: { permissions: ['clipboard-read', 'clipboard-write'] } });

    const field = () => page.locator('[data-state-text]');
    const boxes = () => page.$$eval('input.whatif-box', (els) => els.map((el) => (el as HTMLInputElement).value));
    const setText = async (text: string) => {
      await field().fill(text);
      await page.click('[data-set-state]');
    };

    it('shows the state as a Python list and copies it', async () => {
      expect(await field().inputValue()).toBe('[0.01, 0.2, -0.03, -0.3]');
      await page.click('[data-copy-state]');
      await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('[0.01, 0.2, -0.03, -0.3]');
      expect(await page.textContent('[data-state-form] [role="status"]')).toBe('Copied.');
    });

    it('copies without the clipboard API (plain http from another host) and keeps text typed but not set', async () => {
      await page.evaluate(() => Object.defineProperty(navigator.clipboard, 'writeText', { value: () => Promise.reject(new Error('not a secure context')), configurable: true }));
      await field().fill('[0.5, 0, 0, 0]');
      await page.click('[data-copy-state]');
      await poll(() => page.textContent('[data-state-form] [role="status"]')).toBe('Copied.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('[0.01, 0.2, -0.03, -0.3]');
      expect(await field().inputValue()).toBe('[0.5, 0, 0, 0]');
      await page.evaluate(() => delete (navigator.clipboard as { writeText?: unknown }).writeText); // the prototype's again
      await field().press('Escape');
      expect(await field().inputValue()).toBe('[0.01, 0.2, -0.03, -0.3]');
    });

    it('sets a state pasted as NumPy echoes it: sliders, explanation and link', async () => {
      const sent = explains.length;
      await setText('array([ 0.02, -0.1 ,  0.01,  0.3 ], dtype=float32)');
      await poll(() => explains.length).toBe(sent + 1);
      expect(JSON.parse(explains.at(-1)!).observation).toEqual([0.02, -0.1, 0.01, 0.3]);
      expect(await boxes()).toEqual(['0.02', '-0.1', '0.01', '0.3']);
      await poll(() => page.evaluate(() => location.hash)).toContain('obs=0.02,-0.1,0.01,0.3&from=edited');
      expect(await field().inputValue()).toBe('[0.02, -0.1, 0.01, 0.3]');
      expect(await page.textContent('.origin')).toBe('Edited by hand: with the what-if sliders, or set as text.');
      expect(await page.isHidden('[data-state-error]')).toBe(true);
      // A slider's move shows in the field.
      const box = page.locator('input.whatif-box').nth(0);
      await box.fill('0.05');
      await box.press('Enter');
      await poll(() => field().inputValue()).toBe('[0.05, -0.1, 0.01, 0.3]');
      await poll(() => JSON.parse(explains.at(-1)!).observation[0]).toBe(0.05);
    });

    it('refuses a wrong length and a value beyond the limit in words, and sends nothing', async () => {
      await poll(() => page.textContent('.state-card [role="status"]')).toBe(''); // the last answer is in
      const sent = explains.length;
      const before = await boxes();
      const allowed = 'allowed: 4 finite numbers separated by commas and/or spaces, optionally in [ ] or ( ): cart position, cart velocity, pole angle, pole angular velocity';
      await setText('tensor([0.1, 0.2, 0.3])');
      await poll(() => page.textContent('[data-state-error]')).toBe(`Could not read that state: 3 values (${allowed}). The state is unchanged.`);
      expect(await field().getAttribute('aria-invalid')).toBe('true');
      await setText('[1e12, 0, 0, 0]');
      await poll(() => page.textContent('[data-state-error]')).toBe(`Could not read that state: 1e12 at position 1 is beyond |x| ≤ 1e9 (${allowed}). The state is unchanged.`);
      await setText('[0.1, abc, 0, 0]');
      await poll(() => page.textContent('[data-state-error]')).toBe(`Could not read that state: "abc" at position 2 (${allowed}). The state is unchanged.`);
      expect(await boxes()).toEqual(before);
      expect(explains.length).toBe(sent);
      // Escape puts the state back in the field and the refusal goes.
      await field().press('Escape');
      expect(await field().inputValue()).toBe('[0.05, -0.1, 0.01, 0.3]');
      expect(await page.isHidden('[data-state-error]')).toBe(true);
    });

    it('keeps the console clean', () => {
      expect(problems).toEqual([]);
    });
  });

  /**
   * A typed value outside the observation space (the sliders' help says "Type a value to go beyond"):
   * the attribution methods that need no bounds still run, the note names the ones left out (LIME)
   * and why, and the counterfactual and PDP sections say plainly that they need a state inside the
   * space, with the feature's human name, instead of failing with the server's raw message and a
   * "Try again" that could only fail again.
   */
  describe('the inspector at a state outside the observation space', { timeout: 60_000 }, () => {
    const run = 'pretrained~CartPole-v1';
    let base: string;
    let page: Page;
    const asked: string[][] = [];

    useDashboard(async (s) => {
      ({ base, page } = s);
      page.on('request', (r) => r.url().endsWith('/attributions') && asked.push(JSON.parse(r.postData() ?? '{}').methods ?? []));
      await openFresh(page, `${base}#/runs/${run}/inspect`);
      await page.waitForSelector('[data-chart="attributions"] .main-svg');
    }, { browser });

    const cartPosition = () => page.locator('.whatif-row').nth(0).locator('input.whatif-box');
    const type = async (value: string) => {
      await cartPosition().fill(value);
      await cartPosition().dispatchEvent('change');
    };

    it('runs every ticked method that needs no bounds and names the one left out', async () => {
      for (const m of ['kernelshap', 'exact', 'ig']) await page.check(`input[data-method="${m}"]`);
      await poll(() => page.textContent('[data-slot="network-attributions"] .method-checks [role="status"]')).toMatch(/ 6 methods in \d+ ms\.$/);
      await type('5');
      await poll(() => page.textContent('p[data-outside-space]').catch(() => '')).toBe(
        'LIME left out: it needs a state inside the observation space, and cart position = 5.000 is above its bound 4.800. The other ticked methods are shown; move the state back inside to see it too.',
      );
      await poll(() => page.textContent('[data-slot="network-attributions"] .method-checks [role="status"]')).toMatch(/ 5 methods in \d+ ms\.$/);
      expect(asked.at(-1)!.sort()).toEqual(['exact', 'ig', 'kernelshap', 'saliency', 'shap']);
      expect(await page.locator('.attr-results.stale').count()).toBe(0);
    });

    it('keeps the counterfactual and PDP from asking, and says why in words', async () => {
      for (const section of ['counterfactual', 'pdp']) {
        expect(await page.isDisabled(`button[data-run="${section}"]`), section).toBe(true);
        expect(await page.textContent(`[data-section="${section}"] .toolbar [role="status"]`), section).toBe(
          'This needs a state inside the observation space, and cart position = 5.000 is above its bound 4.800: move it back inside to compute it.',
        );
      }
      // Back inside: both can run again, and the notes are gone.
      await type('0.5');
      await poll(() => page.locator('[data-outside-space]').count()).toBe(0);
      expect(await page.isDisabled('button[data-run="counterfactual"]')).toBe(false);
      await page.click('button[data-run="counterfactual"]');
      await page.waitForSelector('[data-cf-sentence]');
    });

    it('names what failed without stray punctuation, and offers no retry for a refused request', async () => {
      await page.route('**/attributions', (r) => r.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'bad request', detail: 'refused' }) }));
      try {
        await page.click('button[data-run="counterfactual"]');
        await page.waitForSelector('[data-section="counterfactual"] .card-note-error');
        const note = await page.textContent('[data-section="counterfactual"] .card-note-error strong');
        expect(note).toBe('Could not compute the counterfactual. ');
        expect(await page.locator('[data-section="counterfactual"] .card-note-error button').count()).toBe(0);
      } finally {
        await page.unroute('**/attributions');
      }
    });
  });

  /**
   * States the environment never produces, in real Chromium against the real server on the shipped
   * pretrained agents: the what-if sliders span where episodes go on (CartPole's |x| ≤ 2.4, not the
   * observation space's ±4.8) while typing still reaches beyond, and the verdict names the broken
   * condition in words for a typed state, a loaded counterfactual, an Acrobot cos/sin pair of no
   * angle and MountainCar on its flag. The console stays clean.
   */
  describe('impossible states in the inspector', { timeout: 30_000 }, () => {
    let base: string;
    let page: Page;
    const problems: string[] = [];

    useDashboard((s) => ({ base, page } = s), { problems, browser });

    const open = async (run: string, obs: string) => {
      await openFresh(page, `${base}#/runs/${run}/inspect?obs=${obs}`);
      await page.waitForSelector('.verdict');
    };
    const slider = (f: number) => page.$eval(`input.whatif-range[data-feature="${f}"]`, (el) => [Number((el as HTMLInputElement).min), Number((el as HTMLInputElement).max)]);
    const boundsNote = (f: number) => page.locator('.whatif-bounds').nth(f).textContent();
    /** The verdict's warning on an impossible state; empty while there is none (no waiting for it). */
    const warning = () => page.evaluate(() => document.querySelector('[data-verdict-warning][data-unreachable]')?.textContent ?? '');
    const type = async (f: number, value: string) => {
      const box = page.locator('.whatif-row').nth(f).locator('input.whatif-box');
      await box.fill(value);
      await box.dispatchEvent('change');
    };

    it('spans CartPole’s sliders where episodes go on and names a typed cart position past 2.4', async () => {
      await open('pretrained~CartPole-v1', '0.01,0.2,-0.03,-0.3');
      expect(await slider(0)).toEqual([-2.4, 2.4]);
      const [thetaLow, thetaHigh] = await slider(2);
      expect(thetaHigh).toBeCloseTo((12 * 2 * Math.PI) / 360, 12);
      expect(thetaLow).toBeCloseTo(-thetaHigh, 12);
      expect(await boundsNote(0)).toBe('−2.40 … 2.40 · where episodes go on');
      expect(await page.locator('[data-unreachable]').count()).toBe(0);

      // Typed past the bound (the observation space still holds it): the slider widens, the verdict says why the state is impossible.
      await type(0, '3');
      await poll(warning).toContain(`CartPole ends an episode when |cart position| > 2.4 (here 3.000): ${NEVER}`);
      expect(await slider(0)).toEqual([-2.4, 3]);
      expect(await boundsNote(0)).toContain('widened to show a value outside where episodes go on');
      expect(await page.textContent('.origin')).toContain('Edited');

      // Back inside: no warning.
      await type(0, '0.01');
      await poll(() => page.locator('[data-unreachable]').count()).toBe(0);
      expect(await slider(0)).toEqual([-2.4, 2.4]);
    });

    it('keeps a counterfactual near the track’s end on the track; one searched from past the end is warned of', async () => {
      // Near the right end of the track the network's smallest flip moves the cart further right:
      // the search stops at 2.4, where episodes end, instead of answering with a state of no play.
      await open('pretrained~CartPole-v1', '2.3,0,0,0');
      await page.click('[data-run="counterfactual"]');
      await page.waitForSelector('[data-load-counterfactual]');
      expect(await page.locator('[data-cf-unreachable]').count()).toBe(0);
      await page.click('[data-load-counterfactual]');
      await poll(() => page.textContent('.origin')).toContain('counterfactual of the previous state');
      const x = Number(await page.locator('.whatif-row').nth(0).locator('input.whatif-box').inputValue());
      expect(x).toBeGreaterThan(2.3);
      expect(x).toBeLessThanOrEqual(2.4);
      expect(await page.locator('[data-unreachable]').count()).toBe(0);

      // A state already past the end is searched from where it is: its counterfactual keeps the warning.
      await open('pretrained~CartPole-v1', '3,0,0,0');
      await page.click('[data-run="counterfactual"]');
      await page.waitForSelector('[data-load-counterfactual]');
      expect(await page.textContent('[data-cf-unreachable]')).toMatch(/^CartPole ends an episode when \|cart position\| > 2\.4 \(here 3\.000\): this state never occurs in play/);
    });

    it('warns on an Acrobot cos/sin pair of no angle and on MountainCar at its flag', async () => {
      await open('pretrained~Acrobot-v1', '0.5,0.9,1,0,0,0');
      await poll(warning).toContain(`Acrobot observes θ1 as its cosine and sine, so cos² θ1 + sin² θ1 = 1 (here cos² + sin² = 1.060): ${NEVER}`);
      await type(1, '0.8660254');
      await poll(() => page.locator('[data-unreachable]').count()).toBe(0);

      await open('pretrained~MountainCar-v0', '0.5,0');
      await poll(warning).toContain(`MountainCar ends an episode once the car reaches the flag at position ≥ 0.5, which it can only do driving right (here 0.5000): ${NEVER}`);
      // The flag lies past the slider's own end (a hair short of it, a state of play): the slider widens to show it and says so.
      expect(await slider(0)).toEqual([Math.fround(-1.2), 0.5]);
      expect(await boundsNote(0)).toContain('widened to show a value outside where episodes go on');
      await type(0, '0.45');
      await poll(() => page.locator('[data-unreachable]').count()).toBe(0);
    });

    it('turns Acrobot’s angles in the counterfactual, so it stays a state of play; one searched from an impossible state is warned of', async () => {
      // θ1 = 2 rad, θ2 = 0, at rest: moving features apart, the smallest flip had raised cos θ1 alone (cos² + sin² ≈ 0.93).
      await open('pretrained~Acrobot-v1', '-0.416147,0.909297,1,0,0,0');
      expect(await page.locator('[data-unreachable]').count()).toBe(0);
      await page.click('[data-run="counterfactual"]');
      await page.waitForSelector('[data-load-counterfactual]');
      expect(await page.locator('[data-cf-unreachable]').count()).toBe(0);
      expect(await page.textContent('[data-cf-angles]')).toBe('theta1 and theta2 are angles in radians, each observed as a cos and a sin: the search turns them, so every state it tries is one of play.');
      const rows = await page.$$eval('[data-section="counterfactual"] .cf-table tbody th', (ths) => ths.map((th) => th.textContent));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(['theta1', 'theta2', 'dtheta1', 'dtheta2']).toContain(row);
      expect(await page.textContent('[data-section="counterfactual"] .section-body')).not.toContain('(no state of play)');
      // Loaded, the verdict has nothing to warn of either.
      await page.click('[data-load-counterfactual]');
      await poll(() => page.textContent('.origin')).toContain('counterfactual of the previous state');
      expect(await page.locator('[data-unreachable]').count()).toBe(0);

      // From a state already off the circle the search moves features apart, and says the answer is no state of play.
      await open('pretrained~Acrobot-v1', '0.5,0.9,1,0,0,0');
      await page.click('[data-run="counterfactual"]');
      await page.waitForSelector('[data-load-counterfactual]');
      const note = await page.textContent('[data-cf-unreachable]');
      expect(note).toMatch(/^Acrobot observes θ1 as its cosine and sine, so cos² θ1 \+ sin² θ1 = 1 \(here cos² \+ sin² = 1\.0\d{2}\): this state never occurs in play/);
      expect(note).toContain('Read this change as what sways the network, not as a state the agent could be in.');
      expect(await page.locator('[data-cf-angles]').count()).toBe(0);
    });

    it('keeps the console clean', () => {
      expect(problems).toEqual([]);
    });
  });
});
