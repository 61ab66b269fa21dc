import { describe, expect, it } from 'vitest';
import { shapCsv } from '../../../src/explain/network/shap-csv.ts';
import { csvFilename } from '../../../web/views/training-csv.ts';

describe('the SHAP summary as CSV', () => {
  it('writes a row per state: features, greedy action, each action’s base and Shapley values', () => {
    const csv = shapCsv({
      featureNames: ['x', 'y,z'],
      actionNames: ['left', 'right'],
      states: [[0.5, -1], [2, 0]],
      values: [[[0.1, -0.2], [0.3, 0.4]], [[1e-7, 0], [-0.5, 2]]],
      base: [1, 2],
      greedy: [1, 0],
    });
    expect(csv).toBe(
      'state,x,"y,z",greedy_action,base_q_left,shap_q_left_x,"shap_q_left_y,z",base_q_right,shap_q_right_x,"shap_q_right_y,z"\n' +
        '0,0.5,-1,right,1,0.1,-0.2,2,0.3,0.4\n' +
        '1,2,0,left,1,1e-7,0,2,-0.5,2\n',
    );
  });

  it('names the file after the run and what it holds', () => {
    expect(csvFilename('pretrained~CartPole-v1', 'shap')).toBe('qlens-pretrained-CartPole-v1-shap.csv');
  });
});
