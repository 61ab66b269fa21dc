/**
 * What a run's own greedy play tells the Inspector: how many states of which episodes, the network
 * that played them, each feature's range (the what-if sliders' bounds where the observation space
 * is unbounded) and example states spread over them. The own-play route answers exactly these
 * fields for a run without a tree, and the influence route answers them beside the tree's
 * influence, from the same episodes: one builder, so the Inspector reads the two alike.
 */
import { evenlySpacedStates, featureRanges } from '../explain/play-range.ts';
import type { States } from '../explain/network/types.ts';
import type { OwnPlayResponse } from './dto.ts';

/** Example states offered to the inspector, spread over the episodes. */
export const EXAMPLE_STATES = 24;

/** The greedy episodes played and the network that played them (RolloutResponse.weights). */
export interface PlayedBy {
  episodes: number;
  seed: number;
  weights: string;
}

/** The own-play fields of `held`, every state of the episodes `played` describes. */
export function ownPlayFields(held: States, { episodes, seed, weights }: PlayedBy, featureNames: readonly string[]): OwnPlayResponse {
  return {
    samples: held.n,
    episodes,
    seed,
    weights,
    featureNames: [...featureNames],
    ranges: featureRanges(held.obs, held.n, featureNames),
    examples: evenlySpacedStates(held.obs, held.n, held.obsDim, EXAMPLE_STATES),
  };
}
