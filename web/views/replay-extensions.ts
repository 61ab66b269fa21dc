/**
 * The replay view's extension point. The LMUT tree (DESIGN.md §6: "per-step Q of network and tree")
 * plugs in here when it lands, without the replay view knowing about trees:
 *
 * - `qTraces`: extra lines on the Q chart, e.g. the tree's Q of each action (dashed, same colours);
 * - `markers`: steps to flag on the Q chart, e.g. where the tree's greedy action differs from the
 *   network's (disagreements);
 * - `renderStep`: fills the extension's own slot in the step panel for the step on screen, e.g. the
 *   tree's Q bars and the leaf the state falls in.
 *
 * An extension gets the whole rollout; per-step data it needs beyond the network's (the tree's Q)
 * is expected on the rollout's steps, added by the server alongside `q`. With nothing registered
 * the replay view shows the network only.
 */
import type { RolloutResponse } from '../../src/server/dto.ts';
import type { Trace } from '../plotly.ts';

export interface ReplayMarkers {
  label: string;
  color: string;
  steps: number[];
}

export interface ReplayExtension {
  id: string;
  /** Title of the extension's slot in the step panel. */
  title: string;
  /** Whether this extension has anything to show for this rollout. */
  appliesTo(rollout: RolloutResponse): boolean;
  qTraces?(rollout: RolloutResponse): Trace[];
  markers?(rollout: RolloutResponse): ReplayMarkers;
  renderStep?(slot: HTMLElement, rollout: RolloutResponse, index: number): void;
}

const extensions: ReplayExtension[] = [];

export function registerReplayExtension(extension: ReplayExtension): void {
  if (extensions.some((e) => e.id === extension.id)) throw new Error(`replay extension ${extension.id} is already registered`);
  extensions.push(extension);
}

/** The extensions that apply to `rollout`, in registration order. */
export function replayExtensionsFor(rollout: RolloutResponse): ReplayExtension[] {
  return extensions.filter((e) => e.appliesTo(rollout));
}
