/**
 * Input checks shared by the environments, each with the one-line error a user sees.
 *
 * The hot path (`step`) does its own cheap range test and only calls in here to build the error,
 * so nothing in this file runs on a valid step.
 */
import { EnvError } from '../src/core/errors.ts';
import type { Discrete } from '../src/core/spaces.ts';
import type { Info } from '../src/core/env.ts';

/** A value as a user would recognise it in an error message: `2`, `NaN`, `"1"`, `null`, `[1]`. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined || v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return v.toString();
  try {
    const s = JSON.stringify(v);
    if (s !== undefined) return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    // cyclic or otherwise unserialisable: fall through to the type tag
  }
  return Object.prototype.toString.call(v);
}

/** `CartPole-v1: invalid action 2 (allowed: Discrete(2), an integer in [0, 1])` */
export function invalidActionError(id: string, action: unknown, space: Discrete): EnvError {
  const last = space.start + space.n - 1;
  return new EnvError(`${id}: invalid action ${showValue(action)} (allowed: ${space}, an integer in [${space.start}, ${last}])`);
}

/** Gymnasium's OrderEnforcing wrapper raises this as `ResetNeeded`. */
export function stepBeforeResetError(id: string): EnvError {
  return new EnvError(`${id}: Call reset before step`);
}

/** Throws unless `values` holds exactly `names.length` finite numbers. */
export function checkStateValues(id: string, values: unknown, names: readonly string[]): asserts values is ArrayLike<number> {
  const expected = `${id}: setState expects ${names.length} finite numbers [${names.join(', ')}]`;
  const arrayLike =
    (Array.isArray(values) || ArrayBuffer.isView(values)) && typeof (values as ArrayLike<unknown>).length === 'number';
  if (!arrayLike) throw new EnvError(`${expected}, got ${showValue(values)}`);
  const list = values as ArrayLike<unknown>;
  if (list.length !== names.length) throw new EnvError(`${expected}, got ${list.length} values`);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new EnvError(`${expected}, got ${showValue(v)} for ${names[i]} (index ${i})`);
    }
  }
}

/** Throws unless `seed` is one `Rng` accepts. */
export function checkSeed(id: string, seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new EnvError(`${id}: invalid seed ${showValue(seed)} (allowed: an integer in [0, ${Number.MAX_SAFE_INTEGER}])`);
  }
}

/**
 * Gymnasium's `classic_control.utils.maybe_parse_reset_bounds`: `reset({ options: { low, high } })`
 * replaces the default sampling range of the starting state; a missing key keeps its default.
 * Stricter than Python's `float(x)`: only finite numbers are accepted (a string or NaN would
 * otherwise silently produce a NaN state).
 */
export function parseResetBounds(id: string, options: Info | undefined, defaultLow: number, defaultHigh: number): [number, number] {
  if (options === undefined || options === null) return [defaultLow, defaultHigh];
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new EnvError(`${id}: reset options must be an object such as { low: -0.1, high: 0.1 }, got ${showValue(options)}`);
  }
  const low = 'low' in options ? options.low : defaultLow;
  const high = 'high' in options ? options.high : defaultHigh;
  for (const [name, v] of [['low', low], ['high', high]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new EnvError(`${id}: reset option ${name} must be a finite number, got ${showValue(v)}`);
    }
  }
  if ((low as number) > (high as number)) {
    throw new EnvError(`${id}: reset option low (${low}) must not be greater than high (${high})`);
  }
  return [low as number, high as number];
}
