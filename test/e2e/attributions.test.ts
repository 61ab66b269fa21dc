/**
 * The inspector's network attributions in real Chromium against the real server, on the shipped
 * pretrained CartPole agent (a solved network with its tree; a short test run's network may pick
 * one action everywhere, leaving no counterfactual to find): the side-by-side chart holds the
 * tree's terms and at least two network methods for every feature and action, a what-if slider
 * changes the network's bars, every attribution method can be ticked, the counterfactual is found
 * and loads into the sliders, PDP/ICE plots (thin grey ICE, bold PDP, the state marked) and
 * prototypes show on demand. The console stays clean.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, useDashboard, poll, SKIP_REASON } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

interface TraceData {
  name: string;
  x: number[];
  meta?: string;
  line?: { width?: number; color?: string };
  xaxis?: string;
}

describe.runIf(HAVE_BROWSER)('network attributions in the inspector', { timeout: 30_000 }, () => {
  const run = 'pretrained~CartPole-v1';
  let base: string;
  let page: Page;
  const problems: string[] = [];

  useDashboard((s) => ({ base, page } = s), { problems });

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
