/**
 * The state being inspected travels between views in the URL (`#/runs/<id>/inspect?obs=0.01,-0.2,…`),
 * as does the replay's episode and step (`#/runs/<id>/replay?seed=3&step=37`),
 * so a link to it can be shared and the back button works, and is remembered per run for the
 * session, so the Tree view can highlight the path of the state last inspected without a link.
 * Numbers are written with `String(x)`, the shortest form that reads back to the same float.
 */
import { href } from './router.ts';

const KEY = (runId: string) => `qlens:inspected:${runId}`;

/** Where an inspected state came from, shown above it. */
export interface StateOrigin {
  from?: 'replay' | 'tree' | 'example' | 'edited' | 'counterfactual' | 'prototype' | 'shap';
  seed?: number;
  step?: number;
  /** Who acted in the replayed episode, when it was the tree (the same seed with the network is another episode). */
  policy?: 'tree';
  node?: number;
  /** The action a network prototype is for. */
  action?: number;
}

export function encodeObs(obs: readonly number[]): string {
  return obs.map((v) => String(v)).join(',');
}

/** A query string whose commas stay commas (legal in a URL's query), so a shared link reads `obs=0.01,0,0,0`. */
export function readableQuery(q: URLSearchParams): string {
  return q.toString().replace(/%2C/gi, ',');
}

/** The observation in `text`, or null unless it is `width` finite numbers. */
export function decodeObs(text: string | null, width: number): number[] | null {
  if (!text) return null;
  const values = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  return values.length === width && values.every(Number.isFinite) ? values : null;
}

/** `#/runs/<id>/inspect?obs=…` (and where it came from). */
export function inspectHref(runId: string, obs: readonly number[], origin: StateOrigin = {}): string {
  const q = new URLSearchParams({ obs: encodeObs(obs) });
  for (const [k, v] of Object.entries(origin)) if (v !== undefined) q.set(k, String(v));
  return `${href('runs', runId, 'inspect')}?${readableQuery(q)}`;
}

/** `#/runs/<id>/tree?obs=…`: the tree with this state's path highlighted. */
export function treeHref(runId: string, options: { obs?: readonly number[]; node?: number } = {}): string {
  const q = new URLSearchParams();
  if (options.obs) q.set('obs', encodeObs(options.obs));
  if (options.node !== undefined) q.set('node', String(options.node));
  const s = readableQuery(q);
  return `${href('runs', runId, 'tree')}${s ? `?${s}` : ''}`;
}

/** Where a replay link points: the episode (seed, who acts) and, once the user has moved in it, the step on screen. */
export interface ReplayLink {
  seed: number;
  policy?: 'network' | 'tree';
  step?: number;
  /** Only when it is not the env's own limit: the episode it names is cut there. */
  maxSteps?: number;
}

/** `#/runs/<id>/replay?seed=3&policy=tree&step=37&maxSteps=200` (`policy` only for the tree, the network being the default). */
export function replayHref(runId: string, link: ReplayLink): string {
  const q = new URLSearchParams({ seed: String(link.seed) });
  if (link.policy === 'tree') q.set('policy', 'tree');
  if (link.step !== undefined) q.set('step', String(link.step));
  if (link.maxSteps !== undefined) q.set('maxSteps', String(link.maxSteps));
  return `${href('runs', runId, 'replay')}?${q.toString()}`;
}

/** A link's count or index as digits only: `0x1`, `1e0` or ` 1` would read as 1 through Number() and hide a mistyped link. */
export const isWholeNumberText = (text: string) => /^\d+$/.test(text) && Number.isSafeInteger(Number(text));

/** A replay link's `step`: absent, a whole number ≥ 0, or something else (kept to say what was wrong). */
export type LinkedStep = { kind: 'none' } | { kind: 'step'; step: number } | { kind: 'bad'; text: string };

export function decodeStep(text: string | null): LinkedStep {
  if (text === null) return { kind: 'none' };
  return isWholeNumberText(text) ? { kind: 'step', step: Number(text) } : { kind: 'bad', text };
}

/**
 * Where a replay of `last` steps opens for a link's step (index `last` is the final state): at the
 * step, paused; past the end, at the end; a bad step, at the start, paused too. `problem` says
 * which correction was made; `null` when the link names no step (the replay starts and plays).
 */
export function replayStart(linked: LinkedStep, last: number): { index: number; problem: 'past-end' | 'bad' | null } | null {
  if (linked.kind === 'none') return null;
  if (linked.kind === 'bad') return { index: 0, problem: 'bad' };
  return linked.step > last ? { index: last, problem: 'past-end' } : { index: linked.step, problem: null };
}

export function rememberInspected(runId: string, obs: readonly number[]): void {
  try {
    sessionStorage.setItem(KEY(runId), encodeObs(obs));
  } catch {
    // storage disabled: links still carry the state
  }
}

export function lastInspected(runId: string, width: number): number[] | null {
  try {
    return decodeObs(sessionStorage.getItem(KEY(runId)), width);
  } catch {
    return null;
  }
}
