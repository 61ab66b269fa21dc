/**
 * The Inspector on the shipped pretrained Acrobot agent (three actions), every attribution method
 * ticked: the tree's contribution chart colours the actions, the network attributions chart just
 * below colours the methods, and no method's bars may look like an action's: no shared colour,
 * every method hatched (the actions' bars are solid), and each method's checkbox and agreement
 * swatches show its bars' colour and hatch. Permutation SHAP is named so everywhere it shows.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, useDashboard, poll, SKIP_REASON } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

interface Bar {
  name: string;
  meta?: string;
  color: string;
  pattern: string;
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe.runIf(HAVE_BROWSER)('attribution methods’ colours beside the actions’', { timeout: 30_000 }, () => {
  const run = 'pretrained~Acrobot-v1';
  let base: string;
  let page: Page;
  const problems: string[] = [];

  useDashboard((s) => ({ base, page } = s), { problems });

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
