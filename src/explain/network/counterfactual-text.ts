/**
 * Counterfactuals in words, for the CLI and the state inspector:
 * "push_right would become push_left if pole_angle were 0.0312 lower".
 */
import { formatNumber, joinAnd } from '../format.ts';

export interface Change {
  feature: number;
  featureName: string;
  from: number;
  to: number;
  delta: number;
  /** delta / σ. */
  scaledDelta: number;
}

export interface SingleFeatureChange {
  feature: number;
  featureName: string;
  /** Smallest decrease of this feature alone that flips (a negative delta), or null. */
  lower: SingleMove | null;
  /** Smallest increase of this feature alone that flips, or null. */
  higher: SingleMove | null;
}

export interface SingleMove {
  delta: number;
  value: number;
  /** The observation the move makes, where the feature is a searched angle (two features change). */
  observation?: number[];
}

interface Input {
  state: Float32Array;
  counterfactual: Float32Array | undefined;
  scale: number[];
  action: number;
  newAction: number | null;
  target: number | undefined;
  /** Per feature, the flipping radius (scaled units) lowering / raising it alone. */
  axes: [number, number][];
  names: { featureNames: readonly string[]; actionNames: readonly string[] };
}

/** A change this much smaller (scaled) than the largest one is left out of the sentence. */
const MINOR = 0.05;
const MAX_NAMED = 3;

export function describeCounterfactual(input: Input): { changes: Change[]; singleFeature: SingleFeatureChange[]; sentence: string } {
  const { state, counterfactual: cf, scale, names } = input;
  const name = (i: number) => names.featureNames[i] ?? `x${i}`;
  const act = (a: number) => names.actionNames[a] ?? `action ${a}`;
  const changes: Change[] = cf
    ? Array.from(state, (from, i) => ({ feature: i, featureName: name(i), from, to: cf[i]!, delta: cf[i]! - from, scaledDelta: (cf[i]! - from) / scale[i]! }))
      .filter((c) => c.delta !== 0)
      .sort((a, b) => Math.abs(b.scaledDelta) - Math.abs(a.scaledDelta) || a.feature - b.feature)
    : [];
  const singleFeature = input.axes.map(([down, up], i): SingleFeatureChange => {
    const at = (r: number, sign: number) => (Number.isFinite(r) ? { delta: sign * r * scale[i]!, value: Math.fround(state[i]! + sign * r * scale[i]!) } : null);
    return { feature: i, featureName: name(i), lower: at(down, -1), higher: at(up, 1) };
  });
  const wanted = input.target === undefined ? 'another action' : act(input.target);
  if (!cf || input.newAction === null) {
    return { changes, singleFeature, sentence: `No change inside the bounds makes the network choose ${wanted} instead of ${act(input.action)}.` };
  }
  if (input.newAction === input.action) {
    return { changes, singleFeature, sentence: `The network already chooses ${act(input.action)} in this state.` };
  }
  const largest = Math.abs(changes[0]?.scaledDelta ?? 0);
  const named = changes.filter((c) => Math.abs(c.scaledDelta) >= MINOR * largest).slice(0, MAX_NAMED);
  const rest = changes.length - named.length;
  const parts = named.map((c, k) => `${c.featureName} ${k === 0 ? 'were ' : ''}${formatNumber(Math.abs(c.delta), 3)} ${c.delta < 0 ? 'lower' : 'higher'}`);
  const tail = rest > 0 ? ` (and ${rest} smaller change${rest > 1 ? 's' : ''})` : '';
  return { changes, singleFeature, sentence: `${act(input.action)} would become ${act(input.newAction)} if ${joinAnd(parts)}${tail}.` };
}
