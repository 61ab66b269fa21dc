import { describe, expect, it } from 'vitest';
import { downloadName, pythonModuleName } from '../../../src/server/dto-download.ts';

describe('download names', () => {
  it('name every download qlens-<run>-<what>, a pretrained agent without its ~', () => {
    expect(downloadName('pretrained~CartPole-v1', 'shap', 'csv')).toBe('qlens-pretrained-CartPole-v1-shap.csv');
    expect(downloadName('pretrained~CartPole-v1', 'tree', 'json')).toBe('qlens-pretrained-CartPole-v1-tree.json');
    expect(downloadName('CartPole-v1__cleanrl__1__1700000000', 'policy', 'js')).toBe('qlens-CartPole-v1__cleanrl__1__1700000000-policy.js');
    expect(downloadName('a/b:c', 'rules', 'txt')).toBe('qlens-a_b_c-rules.txt');
  });

  it('give a Python module a name it can be imported by', () => {
    expect(pythonModuleName('pretrained~CartPole-v1', 'policy')).toBe('qlens_pretrained_CartPole_v1_policy.py');
    expect(pythonModuleName('runs~2', 'policy')).toMatch(/^[A-Za-z_]\w*\.py$/);
  });
});
