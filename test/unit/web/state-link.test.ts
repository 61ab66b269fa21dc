import { describe, expect, it } from 'vitest';
import { decodeObs, inspectHref, treeHref } from '../../../web/state-link.ts';

describe('state links', () => {
  it('keep the state’s commas readable and read back the same numbers', () => {
    const obs = [0.01, -0.2, 1e-7, 3];
    const link = inspectHref('CartPole-v1__a__1__2', obs, { from: 'replay', seed: 4, step: 17 });
    expect(link).toBe('#/runs/CartPole-v1__a__1__2/inspect?obs=0.01,-0.2,1e-7,3&from=replay&seed=4&step=17');
    const query = new URLSearchParams(link.split('?')[1]);
    expect(decodeObs(query.get('obs'), 4)).toEqual(obs);
    expect(treeHref('r', { obs: [1, 2], node: 5 })).toBe('#/runs/r/tree?obs=1,2&node=5');
    expect(treeHref('r')).toBe('#/runs/r/tree');
  });
});
