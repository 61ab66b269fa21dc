import { describe, expect, it } from 'vitest';
import { linkedNode, withNode } from '../../../web/views/tree-link.ts';
import { withParams } from '../../../web/view-params.ts';

describe('the Tree view’s node in its link', () => {
  it('sets, replaces and removes the node, keeping the state with its readable commas', () => {
    expect(withNode('#/runs/r/tree', 5)).toBe('#/runs/r/tree?node=5');
    expect(withNode('#/runs/r/tree?obs=0.01,-0.2,0,3', 5)).toBe('#/runs/r/tree?obs=0.01,-0.2,0,3&node=5');
    expect(withNode('#/runs/r/tree?obs=0.01,-0.2,0,3&node=5', 12)).toBe('#/runs/r/tree?obs=0.01,-0.2,0,3&node=12');
    expect(withNode('#/runs/r/tree?node=5&obs=1,2', null)).toBe('#/runs/r/tree?obs=1,2');
    expect(withNode('#/runs/r/tree?node=5', null)).toBe('#/runs/r/tree');
    expect(withParams('#/runs/r/tree?obs=1,2&node=5', { obs: null })).toBe('#/runs/r/tree?node=5');
    // A run id that needs encoding stays as it was.
    expect(withNode('#/runs/pretrained~CartPole-v1/tree', 0)).toBe('#/runs/pretrained~CartPole-v1/tree?node=0');
  });

  it('reads a node id, and keeps what is not one to say so', () => {
    expect(linkedNode(null)).toEqual({ kind: 'none' });
    expect(linkedNode('0')).toEqual({ kind: 'node', id: 0 });
    expect(linkedNode('42')).toEqual({ kind: 'node', id: 42 });
    for (const bad of ['', ' ', 'abc', '-1', '1.5', 'Infinity', '0x1', '1e0', ' 1', '99999999999999999999']) expect(linkedNode(bad)).toEqual({ kind: 'bad', text: bad });
  });
});
