/**
 * What-if sliders: one per observation feature, each with a number box for exact values. A slider
 * spans the feature's observation-space bounds when they are finite, otherwise the range the agent
 * itself visits (the held-out greedy states, widened by a quarter on each side), and always the
 * current value. Moving any of them reports the whole new observation; the caller debounces.
 */
import type { EnvListItem, FeatureRange } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { fmtNum, humanize } from '../format.ts';

export interface FeatureBound {
  low: number;
  high: number;
  /** Where the bounds come from, shown under the slider. */
  source: 'space' | 'play' | 'value';
}

/** Bounds this large are "unbounded" for a slider (float32 max, 1e38…). */
const HUGE = 1e6;
const STEPS = 400;

/** Six significant digits in the number box; the state itself keeps every digit until edited. */
const shown = (v: number) => String(Number(v.toPrecision(6)));

export function featureBounds(env: EnvListItem | undefined, ranges: FeatureRange[] | null, obs: readonly number[]): FeatureBound[] {
  return obs.map((value, i) => {
    const lo = env?.observationLow[i];
    const hi = env?.observationHigh[i];
    let b: FeatureBound;
    if (typeof lo === 'number' && typeof hi === 'number' && Math.abs(lo) < HUGE && Math.abs(hi) < HUGE && hi > lo) b = { low: lo, high: hi, source: 'space' };
    else if (ranges?.[i] && ranges[i]!.max > ranges[i]!.min) {
      const r = ranges[i]!;
      const pad = (r.max - r.min) / 4;
      b = { low: r.min - pad, high: r.max + pad, source: 'play' };
    } else b = { low: value - (Math.abs(value) + 1), high: value + (Math.abs(value) + 1), source: 'value' };
    return { ...b, low: Math.min(b.low, value), high: Math.max(b.high, value) };
  });
}

const SOURCE_TEXT: Record<FeatureBound['source'], string> = {
  space: 'the observation space',
  play: 'the agent’s own play, widened by 25 %',
  value: 'around the current value (no known range)',
};

export class WhatIfSliders {
  readonly el: HTMLElement;
  private readonly ranges: HTMLInputElement[] = [];
  private readonly boxes: HTMLInputElement[] = [];
  private current: number[];

  constructor(names: readonly string[], private readonly bounds: FeatureBound[], initial: readonly number[], private readonly onChange: (obs: number[]) => void) {
    this.current = [...initial];
    const rows = names.map((name, i) => {
      const b = bounds[i]!;
      const range = h('input', {
        class: 'whatif-range',
        attrs: { type: 'range', min: b.low, max: b.high, step: (b.high - b.low) / STEPS, value: initial[i]!, 'aria-label': `${humanize(name)} (slider)`, 'data-feature': i },
      });
      const box = h('input', { class: 'whatif-box num', attrs: { type: 'number', step: 'any', value: shown(initial[i]!), 'aria-label': `${humanize(name)} (exact value)` } });
      range.addEventListener('input', () => this.update(i, Number(range.value), 'range'));
      box.addEventListener('change', () => {
        const v = Number(box.value);
        if (box.value.trim() !== '' && Number.isFinite(v)) this.update(i, v, 'box');
        else box.value = shown(this.current[i]!); // not a number: put the last good value back
      });
      this.ranges.push(range);
      this.boxes.push(box);
      return h(
        'div',
        { class: 'whatif-row' },
        h('label', { class: 'whatif-name', title: name }, humanize(name)),
        range,
        box,
        h('div', { class: 'whatif-bounds muted small', title: `Slider range: ${SOURCE_TEXT[b.source]}` }, `${fmtNum(b.low)} … ${fmtNum(b.high)} · ${SOURCE_TEXT[b.source]}`),
      );
    });
    this.el = h('div', { class: 'whatif' }, ...rows);
  }

  values(): number[] {
    return [...this.current];
  }

  /** Shows `obs` without reporting a change (a new state picked elsewhere). */
  set(obs: readonly number[]): void {
    this.current = [...obs];
    obs.forEach((v, i) => {
      const b = this.bounds[i]!;
      // A state outside the slider's range widens it rather than being clipped.
      if (v < b.low) (b.low = v), (this.ranges[i]!.min = String(v));
      if (v > b.high) (b.high = v), (this.ranges[i]!.max = String(v));
      this.ranges[i]!.value = String(v);
      this.boxes[i]!.value = shown(v);
    });
  }

  private update(i: number, value: number, from: 'range' | 'box'): void {
    this.current[i] = value;
    if (from === 'range') this.boxes[i]!.value = shown(value);
    else this.set(this.current);
    this.onChange(this.values());
  }
}
