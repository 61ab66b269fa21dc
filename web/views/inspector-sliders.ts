/**
 * What-if sliders: one per observation feature, each with a number box for exact values. A slider
 * spans the range where the env's episodes go on when it declares one for the feature (CartPole's
 * |x| ≤ 2.4: the observation space is twice as wide only to hold the failing observation), else the
 * feature's observation-space bounds when they are finite, otherwise the range the agent itself
 * visits (the held-out greedy states, widened by a quarter on each side), widened further while the
 * current value lies outside: typing reaches the whole observation space and beyond. Moving any of
 * them reports the whole new observation; the caller debounces.
 */
import type { EnvListItem, FeatureRange } from '../../src/server/dto.ts';
import { reachableSpan } from '../../src/explain/reachable.ts';
import { h } from '../dom.ts';
import { fmtNum, humanize } from '../format.ts';

export interface FeatureBound {
  low: number;
  high: number;
  /** Where the bounds come from, shown under the slider. */
  source: 'reachable' | 'space' | 'play' | 'value';
}

/** Bounds this large are "unbounded" for a slider (float32 max, 1e38…). */
const HUGE = 1e6;
const STEPS = 400;

/** Six significant digits in the number box; the state itself keeps every digit until edited. */
const shown = (v: number) => String(Number(v.toPrecision(6)));

const bounded = (lo: number | null | undefined, hi: number | null | undefined): lo is number =>
  typeof lo === 'number' && typeof hi === 'number' && Math.abs(lo) < HUGE && Math.abs(hi) < HUGE && hi > lo;

export function featureBounds(env: EnvListItem | undefined, ranges: FeatureRange[] | null, obs: readonly number[]): FeatureBound[] {
  return obs.map((value, i) => {
    const lo = env?.observationLow[i];
    const hi = env?.observationHigh[i];
    // A server older than `reachable` sends none: the observation space, as before.
    // An open end (the value itself ends the episode) stops a hair inside, so the slider's end is a state of play: as prototypes are searched.
    const reach = reachableSpan(env?.reachable ?? [], i, lo ?? Number.NaN, hi ?? Number.NaN);
    let b: FeatureBound;
    if (reach && bounded(reach.low, reach.high)) b = { low: reach.low, high: reach.high, source: 'reachable' };
    else if (bounded(lo, hi)) b = { low: lo, high: hi!, source: 'space' };
    else if (ranges?.[i] && ranges[i]!.max > ranges[i]!.min) {
      const r = ranges[i]!;
      const pad = (r.max - r.min) / 4;
      b = { low: r.min - pad, high: r.max + pad, source: 'play' };
    } else b = { low: value - (Math.abs(value) + 1), high: value + (Math.abs(value) + 1), source: 'value' };
    return b; // a value outside is shown by widening the slider while it lasts (WhatIfSliders.set)
  });
}

const SOURCE_TEXT: Record<FeatureBound['source'], string> = {
  reachable: 'where episodes go on',
  space: 'the observation space',
  play: 'the agent’s own play, widened by 25 %',
  value: 'around the current value (no known range)',
};

export class WhatIfSliders {
  readonly el: HTMLElement;
  private readonly ranges: HTMLInputElement[] = [];
  private readonly boxes: HTMLInputElement[] = [];
  private readonly notes: HTMLElement[] = [];
  private current: number[];

  constructor(names: readonly string[], private readonly bounds: readonly FeatureBound[], initial: readonly number[], private readonly onChange: (obs: number[]) => void) {
    this.current = [...initial];
    const rows = names.map((name, i) => {
      const b = bounds[i]!;
      const range = h('input', {
        class: 'whatif-range',
        attrs: { type: 'range', min: b.low, max: b.high, step: (b.high - b.low) / STEPS, value: initial[i]!, 'aria-label': `${humanize(name)} (slider)`, 'data-feature': i },
      });
      const box = h('input', { class: 'whatif-box num', attrs: { type: 'number', step: 'any', value: shown(initial[i]!), 'aria-label': `${humanize(name)} (exact value)` } });
      range.addEventListener('input', () => this.update(i, Number(range.value), 'range'));
      // Released: a slider widened for a typed value outside its range returns to its own range.
      range.addEventListener('change', () => this.showRow(i, this.current[i]!));
      box.addEventListener('change', () => {
        const v = Number(box.value);
        if (box.value.trim() !== '' && Number.isFinite(v)) this.update(i, v, 'box');
        else box.value = shown(this.current[i]!); // not a number: put the last good value back
      });
      const note = h('div', { class: 'whatif-bounds muted small', title: `Slider range: ${SOURCE_TEXT[b.source]}${b.source === 'reachable' ? ' (beyond it the episode has ended; type a value in the box to go there anyway)' : ''}` });
      this.ranges.push(range);
      this.boxes.push(box);
      this.notes.push(note);
      return h('div', { class: 'whatif-row' }, h('label', { class: 'whatif-name', title: name }, humanize(name)), range, box, note);
    });
    this.el = h('div', { class: 'whatif' }, ...rows);
    this.set(initial);
  }

  values(): number[] {
    return [...this.current];
  }

  /** Shows `obs` without reporting a change (a new state picked elsewhere). */
  set(obs: readonly number[]): void {
    this.current = [...obs];
    obs.forEach((v, i) => this.showRow(i, v));
  }

  /** Feature `i`'s slider, box and note for value `v`. */
  private showRow(i: number, v: number): void {
    const b = this.bounds[i]!;
    // A value outside the slider's range widens it for as long as the value stays outside, rather
    // than being clipped; back inside, the slider returns to its own range.
    const outside = v < b.low || v > b.high;
    const low = Math.min(b.low, v);
    const high = Math.max(b.high, v);
    const range = this.ranges[i]!;
    range.min = String(low);
    range.max = String(high);
    range.step = String((high - low) / STEPS);
    range.value = String(v);
    this.boxes[i]!.value = shown(v);
    const note = this.notes[i]!;
    note.textContent = `${fmtNum(low)} … ${fmtNum(high)} · ${outside ? `widened to show a value outside ${SOURCE_TEXT[b.source]}` : SOURCE_TEXT[b.source]}`;
    note.classList.toggle('warn', outside);
    note.classList.toggle('muted', !outside);
  }

  private update(i: number, value: number, from: 'range' | 'box'): void {
    this.current[i] = value;
    if (from === 'range') this.boxes[i]!.value = shown(value);
    else this.showRow(i, value);
    this.onChange(this.values());
  }
}
