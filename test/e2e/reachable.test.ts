/**
 * States the environment never produces, in real Chromium against the real server on the shipped
 * pretrained agents: the what-if sliders span where episodes go on (CartPole's |x| ≤ 2.4, not the
 * observation space's ±4.8) while typing still reaches beyond, and the verdict names the broken
 * condition in words for a typed state, a loaded counterfactual, an Acrobot cos/sin pair of no
 * angle and MountainCar on its flag. The console stays clean.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HAVE_BROWSER, openFresh, poll, SKIP_REASON, useDashboard } from './browser.ts';

if (!HAVE_BROWSER) console.warn(SKIP_REASON);

const NEVER = 'this state never occurs in play, so neither the network nor the tree was trained on anything like it.';

describe.runIf(HAVE_BROWSER)('impossible states in the inspector', { timeout: 30_000 }, () => {
  let base: string;
  let page: Page;
  const problems: string[] = [];

  useDashboard((s) => ({ base, page } = s), { problems });

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

  it('warns on a loaded counterfactual that pushes the cart past the bound', async () => {
    // Near the right end of the track the network's smallest flip moves the cart further right, past 2.4.
    await open('pretrained~CartPole-v1', '2.3,0,0,0');
    expect(await page.locator('[data-unreachable]').count()).toBe(0);
    await page.click('[data-run="counterfactual"]');
    await page.waitForSelector('[data-load-counterfactual]');
    await page.click('[data-load-counterfactual]');
    await poll(() => page.textContent('.origin')).toContain('counterfactual of the previous state');
    await poll(warning).toMatch(/^CartPole ends an episode when \|cart position\| > 2\.4 \(here 2\.\d{3}\): this state never occurs in play/);
    expect(Number(await page.locator('.whatif-row').nth(0).locator('input.whatif-box').inputValue())).toBeGreaterThan(2.4);
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

  it('keeps the console clean', () => {
    expect(problems).toEqual([]);
  });
});
