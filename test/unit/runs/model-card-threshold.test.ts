import { describe, expect, it } from 'vitest';
import { solvedVerdict } from '../../../src/dqn/evaluate.ts';
import { type ModelCard, modelCardMarkdown, modelCardSchema } from '../../../src/runs/model-card.ts';

/** A card as `qlens publish` writes it, its verdict as publish computes it, with `episodes` evaluation episodes. */
function card(meanReturn: number, episodes: number, rewardThreshold: number | null): ModelCard {
  const evaluation = { episodes, seed: 10_000, meanReturn, stdReturn: 12.5, minReturn: meanReturn - 20, maxReturn: meanReturn + 20 };
  return modelCardSchema.parse({
    format: 'qlens-model-card',
    version: 1,
    env: 'Acrobot-v1',
    preset: 'Acrobot-v1',
    seed: 1,
    steps: 4000,
    wallSeconds: 3,
    engine: 'fused',
    network: { hidden: [64], dueling: false },
    commit: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    evaluation,
    rewardThreshold,
    meanReturn,
    solved: solvedVerdict(meanReturn, episodes, rewardThreshold),
    tree: null,
    fidelity: null,
  });
}

const thresholdRow = (c: ModelCard) => modelCardMarkdown(c).split('\n').find((line) => line.startsWith('| reward threshold |'));

describe('model card: the reward threshold row', () => {
  it('says plainly that a mean below the threshold is not reached, even over fewer than 100 episodes', () => {
    const acrobot = card(-252.31, 20, -100);
    expect(acrobot.solved).toBeNull(); // the data keeps Gymnasium's verdict: none under 100 episodes
    expect(thresholdRow(acrobot)).toBe('| reward threshold | -100 (not reached: the mean over 20 episodes, -252.31, is below it) |');
  });

  it('a mean at or above it over fewer than 100 episodes reaches it, but is not called solved', () => {
    const few = card(-80, 5, -100);
    expect(few.solved).toBeNull();
    expect(thresholdRow(few)).toBe("| reward threshold | -100 (the mean over 5 episodes, -80.00, reaches it; Gymnasium's verdict needs 100 episodes) |");
    expect(thresholdRow(card(-100, 99, -100))).toContain('reaches it');
  });

  it('over 100 episodes gives Gymnasium’s verdict, and a dash without a threshold', () => {
    expect(thresholdRow(card(-80, 100, -100))).toBe('| reward threshold | -100 (solved) |');
    expect(thresholdRow(card(-252.31, 100, -100))).toBe('| reward threshold | -100 (not solved) |');
    expect(thresholdRow(card(-252.31, 20, null))).toBe('| reward threshold | – |');
  });
});

describe('model card: the files line', () => {
  it('lists the files a card names, and for a card from before it named them, the set publish wrote then (no replay.gif)', () => {
    const files = (c: ModelCard) => modelCardMarkdown(c).split('\n').find((line) => line.startsWith('Files: '));
    const legacy = card(-80, 100, -100);
    expect(files(legacy)).not.toContain('replay.gif');
    expect(modelCardMarkdown(legacy)).not.toContain('](replay.gif)');
    const withGif = { ...legacy, files: ['model.json', 'replay.gif'] };
    expect(files(withGif)).toBe('Files: `model.json` and `replay.gif` (one greedy episode of the network, as `qlens record` makes it).');
    expect(modelCardMarkdown(withGif)).toContain('](replay.gif)');
  });
});
