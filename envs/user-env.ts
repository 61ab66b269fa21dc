/**
 * A user's own environment behind the `Env` contract. A module only has to follow Gymnasium's
 * shape in plain JavaScript (no qlens import): `reset({ seed })` returning `{ observation, info }`,
 * `step(action)` returning `{ observation, reward, terminated, truncated, info }`, an
 * `observationSpace` with `low`/`high` arrays and an `actionSpace` with `n`. `render`, `getState`
 * and `setState` are optional. Every value crossing the boundary is checked, so a slip in the
 * user's code is one line naming the env, the call and the field, never a NaN deep in training.
 */
import type { Env, EnvSpec, Frame, Info, ResetOptions, ResetResult, StepResult } from '../src/core/env.ts';
import { ConfigError, EnvError } from '../src/core/errors.ts';
import { Box, Discrete } from '../src/core/spaces.ts';
import { fileURLToPath } from 'node:url';
import { invalidActionError, showValue } from './checks.ts';
import { frameProblem } from './draw.ts';

/** The names a registration may give (Gymnasium has none; qlens shows them everywhere). */
export interface UserEnvNames {
  id: string;
  /** Where the env comes from, for error messages: the module's path. */
  source: string;
  featureNames?: readonly string[];
  actionNames?: readonly string[];
}

/** What `render()` gives for an env that draws nothing: the replay says so instead of a blank canvas. */
export const NO_FRAME: Frame = Object.freeze({ width: 0, height: 0, shapes: [] }) as Frame;

type UserObject = Record<string, unknown>;

export class UserEnv implements Env {
  readonly spec: EnvSpec;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete;
  private lastObservation: Float32Array | null = null;
  /** An observation outside observationSpace is said once per env, as Gymnasium's passive env checker does. */
  private warnedOutsideSpace = false;
  /** `LineWalk-v0 (/path/line-walk.js)`: how every error names the env. */
  private readonly where: string;
  private readonly source: string;

  constructor(
    /** The user's own env object. */
    readonly raw: UserObject,
    names: UserEnvNames,
    /** Where warnings go (a problem worth a line that stops nothing): stderr by default. */
    private readonly warn: (message: string) => void = (message) => process.stderr.write(`warning: ${message}\n`),
  ) {
    const where = `${names.id} (${names.source})`;
    const fail = (what: string) => new EnvError(`${where}: ${what}`);
    if (typeof raw !== 'object' || raw === null) throw fail(`create() returned ${showValue(raw)} (allowed: an env object with reset() and step())`);
    for (const method of ['reset', 'step'] as const) {
      if (typeof raw[method] !== 'function') throw fail(`the env has no ${method}() method (allowed: an object with reset() and step(), see README "Your own environment")`);
    }
    this.observationSpace = boxOf(raw.observationSpace, fail);
    this.actionSpace = discreteOf(raw.actionSpace, fail);
    const width = this.observationSpace.size;
    const rawSpec = (typeof raw.spec === 'object' && raw.spec !== null ? raw.spec : {}) as UserObject;
    const featureNames = namesOf('featureNames', names.featureNames ?? rawSpec.featureNames, { length: width, of: `observationSpace.low/high have ${width} bounds`, other: (n) => `${n} bounds in observationSpace.low/high` }, 'obs', fail);
    const actionNames = namesOf('actionNames', names.actionNames ?? rawSpec.actionNames, { length: this.actionSpace.n, of: `actionSpace.n is ${this.actionSpace.n}`, other: (n) => `actionSpace.n = ${n}` }, 'action', fail);
    const stateNames =
      typeof raw.getState === 'function' && rawSpec.stateNames !== undefined
        ? namesOf('spec.stateNames', rawSpec.stateNames, null, 'state', fail)
        : featureNames;
    this.spec = Object.freeze({ id: names.id, featureNames, actionNames, stateNames });
    this.where = where;
    this.source = names.source;
  }

  reset(opts?: ResetOptions): ResetResult {
    const result = this.call('reset', opts ?? {});
    const observation = this.observation('reset', result.observation);
    this.lastObservation = observation;
    return { observation, info: this.info('reset', result.info) };
  }

  step(action: number): StepResult {
    if (!this.actionSpace.contains(action)) throw invalidActionError(this.spec.id, action, this.actionSpace);
    const result = this.call('step', action);
    const observation = this.observation('step', result.observation);
    const { reward, terminated, truncated } = result;
    // Finite as float32 too: the replay buffer keeps rewards as float32, where 1e300 is Infinity.
    if (typeof reward !== 'number' || !Number.isFinite(Math.fround(reward))) throw this.fail(`step() returned reward ${showValue(reward)} (allowed: a finite number within float32's ±3.4e38)`);
    for (const [name, value] of [['terminated', terminated], ['truncated', truncated]] as const) {
      if (typeof value !== 'boolean') throw this.fail(`step() returned ${name} ${showValue(value)} (allowed: true or false)`);
    }
    this.lastObservation = observation;
    return { observation, reward, terminated: terminated as boolean, truncated: truncated as boolean, info: this.info('step', result.info) };
  }

  /** The user's frame, or `NO_FRAME` for an env without `render()`. */
  render(): Frame {
    if (typeof this.raw.render !== 'function') return NO_FRAME;
    const frame = userCall(() => (this.raw.render as () => unknown).call(this.raw), `${this.where}: render()`, this.source);
    // Every shape, since the canvas draws nothing for one it cannot read, and says nothing either.
    const problem = frameProblem(frame);
    if (problem) throw this.fail(`render() returned ${problem}`);
    return frame as Frame;
  }

  /** The user's `getState()`, else the last observation (an env without one shows its observation as its state). */
  getState(): Float64Array {
    if (typeof this.raw.getState !== 'function') {
      if (!this.lastObservation) throw this.fail('getState() before reset()');
      return Float64Array.from(this.lastObservation);
    }
    const state = userCall(() => (this.raw.getState as () => unknown).call(this.raw), `${this.where}: getState()`, this.source);
    const values = finiteArray(state, this.spec.stateNames.length);
    if (!values) throw this.fail(`getState() returned ${showValue(state)} (allowed: ${this.spec.stateNames.length} finite numbers)`);
    return Float64Array.from(values);
  }

  setState(values: ArrayLike<number>): void {
    if (typeof this.raw.setState !== 'function') throw this.fail('the env has no setState() method');
    userCall(() => (this.raw.setState as (v: ArrayLike<number>) => void).call(this.raw, values), `${this.where}: setState()`, this.source);
  }

  private call(method: 'reset' | 'step', arg: unknown): UserObject {
    const result = userCall(() => (this.raw[method] as (a: unknown) => unknown).call(this.raw, arg), `${this.where}: ${method}(${method === 'step' ? String(arg) : ''})`, this.source);
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      const shape = method === 'reset' ? '{ observation, info }' : '{ observation, reward, terminated, truncated, info }';
      throw this.fail(`${method}() returned ${showValue(result)} (allowed: an object ${shape})`);
    }
    return result as UserObject;
  }

  private observation(method: string, value: unknown): Float32Array {
    const width = this.observationSpace.size;
    const values = finiteArray(value, width);
    // Checked after the cast to float32 as well, where 1e300 becomes Infinity.
    const observation = values ? Float32Array.from(values) : null;
    if (!observation || !observation.every(Number.isFinite)) {
      // The length is observationSpace's: a list of another length names it, so the user sees which declaration disagrees.
      const length = Array.isArray(value) || ArrayBuffer.isView(value) ? (value as ArrayLike<unknown>).length : width;
      const got = length === width ? showValue(value) : `${showValue(value)} with ${length} values, but observationSpace.low/high have ${width}`;
      throw this.fail(`${method}() returned observation ${got} (allowed: ${width} finite numbers within float32's ±3.4e38, one per observationSpace.low/high bound: ${this.spec.featureNames.join(', ')})`);
    }
    if (!this.warnedOutsideSpace) this.warnIfOutsideSpace(method, observation);
    return observation;
  }

  /**
   * Not an error (Gymnasium's checker only warns, and training works on), but worth a line: the
   * what-if sliders, LIME, PDP and counterfactuals search inside these bounds, so bounds the env
   * breaks hide the states it really produces.
   */
  private warnIfOutsideSpace(method: string, observation: Float32Array): void {
    // Every step: Box's own check, and the feature only on a miss (as unknown: contains narrows its argument, a miss to never).
    if (this.observationSpace.contains(observation as unknown)) return;
    const { low, high } = this.observationSpace;
    const i = observation.findIndex((v, k) => v < low[k]! || v > high[k]!);
    this.warnedOutsideSpace = true;
    const v = observation[i]!;
    const side = v < low[i]! ? `below observationSpace.low ${low[i]}` : `above observationSpace.high ${high[i]}`;
    this.warn(`${this.where}: ${method}() returned ${this.spec.featureNames[i]} = ${v}, ${side} (said once; Gymnasium's env checker warns of it too). The what-if sliders, LIME, PDP and counterfactuals search inside those bounds: widen them to cover what the env produces.`);
  }

  private info(method: string, value: unknown): Info {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.fail(`${method}() returned info ${showValue(value)} (allowed: an object, or none)`);
    return value as Info;
  }

  private fail(what: string): EnvError {
    return new EnvError(`${this.where}: ${what}`);
  }
}

/** `value` as numbers when it is an array (or typed array) of exactly `length` finite numbers. */
function finiteArray(value: unknown, length: number): ArrayLike<number> | null {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value))) return null;
  const list = value as ArrayLike<unknown>;
  if (list.length !== length) return null;
  for (let i = 0; i < length; i++) {
    const v = list[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  }
  return list as ArrayLike<number>;
}

function boxOf(space: unknown, fail: (what: string) => EnvError): Box {
  const allowed = '(allowed: { low: [...], high: [...] }, one bound per observation value, Infinity for none)';
  if (typeof space !== 'object' || space === null) throw fail(`observationSpace is ${showValue(space)} ${allowed}`);
  const { low, high } = space as UserObject;
  const isList = (v: unknown) => Array.isArray(v) || ArrayBuffer.isView(v);
  if (!isList(low) || !isList(high)) throw fail(`observationSpace needs low and high arrays ${allowed}`);
  const [lows, highs] = [(low as ArrayLike<unknown>).length, (high as ArrayLike<unknown>).length];
  if (lows !== highs || lows === 0) throw fail(`observationSpace.low has ${lows} values and observationSpace.high ${highs} ${allowed}`);
  try {
    return new Box(low as ArrayLike<number>, high as ArrayLike<number>);
  } catch (err) {
    throw fail(`observationSpace: ${(err as Error).message}`);
  }
}

function discreteOf(space: unknown, fail: (what: string) => EnvError): Discrete {
  const n = typeof space === 'object' && space !== null ? (space as UserObject).n : undefined;
  const start = typeof space === 'object' && space !== null ? ((space as UserObject).start ?? 0) : 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 2) throw fail(`actionSpace.n is ${showValue(n)} (allowed: an integer >= 2, the number of discrete actions)`);
  if (start !== 0) throw fail(`actionSpace.start is ${showValue(start)} (allowed: 0; DQN numbers actions 0..n-1)`);
  return new Discrete(n);
}

/** How many names a list must have: `length`, as the declaration `of` says; `other(n)` declares n instead. */
interface NameCount {
  length: number;
  of: string;
  other: (n: number) => string;
}

/**
 * `names` checked, or `prefix_0…` when there are none. When `count` disagrees with them, the
 * message names the declaration it comes from as well: either of the two may be the wrong one.
 */
function namesOf(field: string, names: unknown, count: NameCount | null, prefix: string, fail: (what: string) => EnvError): readonly string[] {
  if (names === undefined && count !== null) return Object.freeze(Array.from({ length: count.length }, (_, i) => `${prefix}_${i}`));
  const ok = Array.isArray(names) && names.every((n) => typeof n === 'string' && n.length > 0) && new Set(names).size === names.length;
  if (!ok) throw fail(`${field} is ${showValue(names)} (allowed: distinct non-empty strings)`);
  if (count !== null && (names as string[]).length !== count.length) {
    const n = (names as string[]).length;
    throw fail(`${field} has ${n} names, but ${count.of} (allowed: ${count.length} names, or ${count.other(n)})`);
  }
  return Object.freeze([...(names as string[])]);
}

/**
 * Runs user code; an exception becomes one line naming what was called and where in the user's
 * file it failed (their stack's first line inside `path`), since the rest of the stack is ours.
 */
export function userCall<T>(run: () => T, what: string, path: string): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof EnvError || err instanceof ConfigError) throw err;
    const at = userFrame(err, path);
    throw new EnvError(`${what} threw ${firstLine(err)}${at ? ` (${at})` : ''}`);
  }
}

/**
 * `at E.step (file:///…/line-walk.js:12:5)`: the stack frame of `err` in the user's file `path`,
 * else the first of theirs elsewhere (a file their module imports): not qlens's own, Node's or a
 * package's. Undefined when the stack has none.
 */
export function userFrame(err: unknown, path: string): string | undefined {
  const frames = String((err as Error)?.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const at = frames.find((line) => line.includes(path)) ?? frames.find((line) => !OWN_CODE.some((dir) => line.includes(dir)) && !/node:|node_modules/.test(line));
  return at?.trim();
}

/**
 * `TypeError: x is not a function`: an error's name and the first line of its message, with the
 * next line when the first only announces it (esbuild's "Transform failed with 1 error:" is
 * followed by the file, line and column of a syntax error).
 */
export function firstLine(err: unknown): string {
  const e = err as Error;
  const lines = (e instanceof Error ? `${e.name}: ${e.message}` : String(err)).split('\n').filter((l) => l.trim() !== '');
  return lines[0]!.trimEnd().endsWith(':') && lines[1] !== undefined ? `${lines[0]!.trimEnd()} ${lines[1].trim()}` : (lines[0] ?? '');
}

/** qlens's own source folders, whose stack frames say nothing about where the user's code failed. */
const OWN_CODE = [fileURLToPath(new URL('.', import.meta.url)), fileURLToPath(new URL('../src/', import.meta.url))];
