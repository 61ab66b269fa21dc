/**
 * The Inspector's sentences: where the inspected state came from, what is wrong with a link's
 * state, a state in one line, the note on Acrobot's cos/sin pairs, and the warning on a state the
 * environment never produces in play.
 */
import { fmtNum, humanize } from '../format.ts';
import { type ReachableCondition, unreachableNote, violatedConditions } from '../../src/explain/reachable.ts';
import { h } from '../dom.ts';
import { FEATURE_ALLOWED, featureInLimit } from '../../src/core/observation-limit.ts';
import type { StateOrigin } from '../state-link.ts';
import { linkNote, quotedLinkValue } from '../link-note.ts';

/**
 * Features that come as cos/sin of one angle (Acrobot) move independently here, though only pairs
 * with cos² + sin² = 1 can occur: say so, or the what-if invites impossible states unawares.
 */
export function angleNote(names: readonly string[]): string {
  const angles = names.filter((n) => n.startsWith('cos_') && names.includes(`sin_${n.slice(4)}`)).map((n) => humanize(n.slice(4)));
  return angles.length ? ` ${angles.join(' and ')} each come as a cos and a sin that move independently here: only states with cos² + sin² = 1 occur in the environment.` : '';
}

/**
 * The warning on a state that breaks a condition every state of play meets (`reachable`: the env's
 * termination test and its cos/sin pairs as data; empty from a server older than them), or '' for
 * a possible state. One rule and one wording for every state the Inspector shows: the verdict's
 * (the what-if state) and the counterfactual's, as `qlens explain` words it too.
 */
export function neverInPlayNote(observation: ArrayLike<number>, reachable: readonly ReachableCondition[]): string {
  return unreachableNote(violatedConditions(observation, reachable), (v) => fmtNum(v, 4));
}

/**
 * A link whose `obs` is not a state of this run says so, instead of quietly showing another state.
 * `instead`: what the view does then (the Inspector shows another state).
 */
export function badLinkNote(text: string | null, decoded: number[] | null, names: readonly string[], instead = 'so another state is shown'): HTMLElement | null {
  if (text === null || (decoded && decoded.every(featureInLimit))) return null;
  if (decoded) {
    const i = decoded.findIndex((v) => !featureInLimit(v));
    return linkNote(`The link’s state has ${humanize(names[i]!)} = ${typed(decoded[i]!)}, which cannot be explained (allowed: ${FEATURE_ALLOWED}), ${instead}.`);
  }
  return linkNote(`The link’s state ${quotedLinkValue(text, 60)} is not ${names.length} comma-separated numbers (${names.map(humanize).join(', ')}), ${instead}.`);
}

/** A refused value as one would type it: 1e12 rather than 1000000000000. */
export function typed(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e6 ? Number(v.toPrecision(6)).toExponential().replace('e+', 'e') : String(v);
}

export const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The state in a line: “cart position 0.0113, cart velocity −0.0132, …”. */
export function stateLine(names: readonly string[], obs: readonly number[]): string {
  return names.map((n, i) => `${humanize(n)} ${short(obs[i]!)}`).join(', ');
}

/** Four significant digits, no trailing zeros, a true minus sign: 0.02, −0.01319. */
export const short = (v: number) => String(Number(v.toPrecision(4))).replace(/^-/, '−');

export function originText(origin: StateOrigin, exampleIndex: number | null, examples: number, actionNames: readonly string[]): string {
  if (origin.from === 'counterfactual') return 'The network’s counterfactual of the previous state: the smallest change that makes it choose another action.';
  if (origin.from === 'prototype') {
    const name = origin.action === undefined ? undefined : actionNames[origin.action];
    return `The network’s prototype for ${name ? humanize(name) : 'an action'}: the state within the bounds where it most prefers that action.`;
  }
  if (origin.from === 'replay') return `From the episode replay: seed ${origin.seed ?? '?'}, step ${origin.step ?? '?'}.`;
  if (origin.from === 'tree') return `The mean state of tree node #${origin.node ?? '?'}.`;
  if (origin.from === 'edited') return 'Edited by hand: with the what-if sliders, or set as text.';
  if (origin.from === 'shap') return 'A state of the agent’s own greedy play, picked in the SHAP summary of the Global view.';
  if (exampleIndex !== null) return `State ${exampleIndex + 1} of ${examples} from the agent’s own greedy play (held-out episodes).`;
  return 'The state you inspected last.';
}
