/**
 * Whether a state can occur in play at all: the conditions each env declares (its termination test
 * as data, see `ReachableCondition` in src/core/env.ts) checked against one observation, the range
 * they put on a feature (the what-if sliders' default span), and the warning on a state that breaks
 * one, in one wording for `qlens explain` and the Inspector. Imports nothing but a type, so the
 * browser bundle takes it as is (like play-range.ts).
 */
import type { ReachableCondition } from '../core/env.ts';

export type { ReachableCondition };

/**
 * cos² + sin² may miss 1 by this much: float32 observations miss it by ~1e-7, and a value typed
 * with three decimals (0.707, 0.707) by ~3e-4. Beyond it no angle has that cosine and that sine.
 */
export const UNIT_CIRCLE_TOLERANCE = 1e-3;
/** The two-link height of a float32 observation may exceed the true one by rounding: a few 1e-7. */
export const HEIGHT_TOLERANCE = 1e-6;

export interface Violation {
  condition: ReachableCondition;
  /** What the condition measured on the state: the feature's value, cos² + sin², or the free end's height. */
  value: number;
}

/** Each side of a range is compared in float32, the precision of an observation (see `ReachableCondition`). */
function outsideRange(v: number, c: Extract<ReachableCondition, { kind: 'range' }>): boolean {
  const x = Math.fround(v);
  if (c.max !== null && (c.maxOpen ? x >= Math.fround(c.max) : x > Math.fround(c.max))) return true;
  if (c.min !== null && (c.minOpen ? x <= Math.fround(c.min) : x < Math.fround(c.min))) return true;
  return false;
}

const unitCircle = (state: ArrayLike<number>, cos: number, sin: number) => state[cos]! ** 2 + state[sin]! ** 2;
/** Whether features `cos` and `sin` of `state` are the cosine and sine of one angle (within UNIT_CIRCLE_TOLERANCE). */
export const onCircle = (state: ArrayLike<number>, cos: number, sin: number) => Math.abs(unitCircle(state, cos, sin) - 1) <= UNIT_CIRCLE_TOLERANCE;

/**
 * The conditions `state` breaks, in the order declared. A two-link height is judged only where both
 * its angles are angles (cos² + sin² = 1): otherwise there is no chain to measure, and the broken
 * unit circle says why already.
 */
export function violatedConditions(state: ArrayLike<number>, conditions: readonly ReachableCondition[]): Violation[] {
  const out: Violation[] = [];
  for (const c of conditions) {
    if (c.kind === 'range') {
      const v = state[c.feature]!;
      if (outsideRange(v, c)) out.push({ condition: c, value: v });
    } else if (c.kind === 'unit-circle') {
      if (!onCircle(state, c.cos, c.sin)) out.push({ condition: c, value: unitCircle(state, c.cos, c.sin) });
    } else {
      if (!onCircle(state, c.cos1, c.sin1) || !onCircle(state, c.cos2, c.sin2)) continue;
      const [c1, s1, c2, s2] = [state[c.cos1]!, state[c.sin1]!, state[c.cos2]!, state[c.sin2]!];
      const height = -c1 - (c1 * c2 - s1 * s2);
      if (height > c.max + HEIGHT_TOLERANCE) out.push({ condition: c, value: height });
    }
  }
  return out;
}

/**
 * The span the range conditions leave feature `f` (several intersect), each side `null` where none
 * bounds it, and whether that side is open (the value itself ends the episode, as MountainCar's
 * flag at 0.5); `null` when no range condition names the feature.
 */
export function reachableRange(conditions: readonly ReachableCondition[], f: number): { min: number | null; max: number | null; minOpen: boolean; maxOpen: boolean } | null {
  let found = false;
  let min: number | null = null;
  let max: number | null = null;
  let minOpen = false;
  let maxOpen = false;
  for (const c of conditions) {
    if (c.kind !== 'range' || c.feature !== f) continue;
    found = true;
    if (c.min !== null && (min === null || c.min >= min)) [min, minOpen] = [c.min, c.min === min ? minOpen || Boolean(c.minOpen) : Boolean(c.minOpen)];
    if (c.max !== null && (max === null || c.max <= max)) [max, maxOpen] = [c.max, c.max === max ? maxOpen || Boolean(c.maxOpen) : Boolean(c.maxOpen)];
  }
  return found ? { min, max, minOpen, maxOpen } : null;
}

/**
 * The closed span of feature `f` inside which every value is one episodes go on at, for searches
 * and sliders to stay in: the range conditions' sides, `low`/`high` (the caller's own, e.g. the
 * observation space) on a side none bounds, and an open side (MountainCar's flag: reaching 0.5 ends
 * the episode) moved inside by a thousandth of the span, so the span's end is itself a state of play
 * that prints as one (0.4983, not 0.5). Null when no range condition names the feature.
 */
export function reachableSpan(conditions: readonly ReachableCondition[], f: number, low: number, high: number): { low: number; high: number } | null {
  const reach = reachableRange(conditions, f);
  if (!reach) return null;
  const min = reach.min ?? low;
  const max = reach.max ?? high;
  const inset = Number.isFinite(max - min) ? (max - min) * 1e-3 : 0;
  return { low: reach.minOpen ? min + inset : min, high: reach.maxOpen ? max - inset : max };
}

/** One broken condition in words: its `why` and what the state has instead, numbers formatted by the caller. */
export function violationText(v: Violation, fmt: (n: number) => string): string {
  const c = v.condition;
  return `${c.why} (here ${c.kind === 'unit-circle' ? `cos² + sin² = ${fmt(v.value)}` : fmt(v.value)})`;
}

/**
 * The warning on a state that breaks some condition, in one wording for `qlens explain` and the
 * Inspector; empty when it breaks none.
 */
export function unreachableNote(violations: readonly Violation[], fmt: (n: number) => string): string {
  if (violations.length === 0) return '';
  return `${violations.map((v) => violationText(v, fmt)).join('; ')}: this state never occurs in play, so neither the network nor the tree was trained on anything like it.`;
}
