import { describe, expect, it } from 'vitest';
import type { RolloutResponse, RolloutStep } from '../../../src/server/dto.ts';
import { gifCaption } from '../../../web/gif-caption.ts';

const NO_FRAME = { width: 0, height: 0, shapes: [] };

function step(action: number, q: number[], qTree?: number[]): RolloutStep {
  return { observation: [0], state: [0], frame: NO_FRAME, q, ...(qTree ? { qTree } : {}), action, reward: 1, terminated: false, truncated: false };
}

function rollout(steps: RolloutStep[], extra: Partial<RolloutResponse> = {}): RolloutResponse {
  return {
    env: { id: 'CartPole-v1', featureNames: ['x'], actionNames: ['push_left', 'push_right'] },
    seed: 0,
    policy: 'network',
    tree: null,
    weights: 'final',
    stateNames: ['x'],
    steps,
    final: { observation: [0], state: [0], frame: NO_FRAME, q: [0, 0] },
    totalReward: steps.length,
    capped: false,
    ...extra,
  };
}

describe('gifCaption', () => {
  it('names the step and the action the network took, and the tree’s pick beside it', () => {
    const r = rollout([step(1, [1, 2], [1, 3]), step(0, [2, 1], [1, 2])]);
    expect(gifCaption(r, 0)).toEqual({ text: 'step 0 · the network acts: push right · tree: same', differs: false });
    expect(gifCaption(r, 1)).toEqual({ text: 'step 1 · the network acts: push left · tree: push right', differs: true });
  });

  it('when the tree acts, names the network’s pick beside it', () => {
    const r = rollout([step(1, [2, 1], [0, 1])], { policy: 'tree' });
    expect(gifCaption(r, 0)).toEqual({ text: 'step 0 · the tree acts: push right · network: push left', differs: true });
  });

  it('without a tree, names only the action; the final frame gives the outcome', () => {
    const r = rollout(Array.from({ length: 1200 }, () => step(0, [1, 0])), { totalReward: -12.5 });
    expect(gifCaption(r, 3)).toEqual({ text: 'step 3 · the network acts: push left', differs: false });
    expect(gifCaption(r, 1200).text).toBe('episode over · return −12.5 in 1,200 steps');
    expect(gifCaption({ ...r, capped: true }, 1200).text).toBe('stopped at the 1,200-step cap · return −12.5 in 1,200 steps');
  });
});
