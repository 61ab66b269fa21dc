import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvFilename, scalarsCsv } from '../../../web/views/training-csv.ts';
import { TrainingSeries } from '../../../web/views/training-series.ts';

describe('training scalars CSV', () => {
  it('is long format, step,series,value: the raw values of every chart, series by series', () => {
    const series = new TrainingSeries(10);
    series.add([
      { type: 'episode', step: 12, episode: 1, return: 12, length: 12, epsilon: 0.99 },
      { type: 'episode', step: 40, episode: 2, return: 28, length: 28, epsilon: 0.97 },
      { type: 'episode', step: 45, episode: 3, return: -9.299999999999999, length: 5, epsilon: 0.96 }, // a float sum of 0.1s
      { type: 'train', step: 40, trainSteps: 40, loss: 0.001440228894352913, meanQ: 1.5, epsilon: 0.97, sps: 1000, meanReturn100: 20 },
      { type: 'eval', step: 50, episodes: 10, meanReturn: 20.3, stdReturn: 2, minReturn: 17, maxReturn: 25, solved: false },
      { type: 'mimic', step: 50, phase: 'online', samples: 100, leaves: 3, depth: 2, heldOut: 20, rmse: 0.25, mae: 0.2, agreement: 0.95, qRange: 4 },
    ]);
    const csv = scalarsCsv(series);
    expect(csv.endsWith('\n')).toBe(true);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(CSV_HEADER).toBe('step,series,value');
    expect(lines.slice(1)).toEqual([
      '12,episode_return,12',
      '40,episode_return,28',
      '45,episode_return,-9.3', // the sum's float noise rounded away
      '12,episode_return_mean_last_100,12',
      '40,episode_return_mean_last_100,20',
      '45,episode_return_mean_last_100,10.2333333333333',
      '50,greedy_eval_mean_return,20.3',
      '50,greedy_eval_min_return,17', // as logged, not mean − bar
      '50,greedy_eval_max_return,25',
      '40,td_loss,0.00144022889435291', // 15 significant digits
      '40,mean_q,1.5',
      '12,epsilon,0.99',
      '40,epsilon,0.97',
      '45,epsilon,0.96',
      '50,tree_leaves,3',
      '50,tree_depth,2',
      '50,tree_action_agreement_percent,95',
      '50,tree_q_rmse,0.25',
    ]);
    // The smoothed lines are a view setting, not data: not exported.
    expect(csv).not.toContain('smooth');
  });

  it('is only the header for a run without events', () => {
    expect(scalarsCsv(new TrainingSeries())).toBe('step,series,value\n');
  });

  it('names the file after the run', () => {
    expect(csvFilename('pretrained~CartPole-v1')).toBe('qlens-pretrained-CartPole-v1-scalars.csv');
    expect(csvFilename('CartPole-v1-20240101-120000')).toBe('qlens-CartPole-v1-20240101-120000-scalars.csv');
    expect(csvFilename('a/b:c')).toBe('qlens-a_b_c-scalars.csv');
  });
});
