import { describe, expect, it } from 'vitest';
import { decodeStep, replayHref, replayStart } from '../../../web/state-link.ts';

describe('replay links', () => {
  it('carry the seed, the tree policy and the step on screen', () => {
    expect(replayHref('CartPole-v1__a__1__2', { seed: 4 })).toBe('#/runs/CartPole-v1__a__1__2/replay?seed=4');
    expect(replayHref('r', { seed: 0, policy: 'network', step: 37 })).toBe('#/runs/r/replay?seed=0&step=37');
    expect(replayHref('pretrained~Acrobot-v1', { seed: 3, policy: 'tree', step: 0 })).toBe('#/runs/pretrained~Acrobot-v1/replay?seed=3&policy=tree&step=0');
    const query = new URLSearchParams(replayHref('r', { seed: 1, step: 12 }).split('?')[1]);
    expect(decodeStep(query.get('step'))).toEqual({ kind: 'step', step: 12 });
  });

  it('read a step only when it is a whole number ≥ 0', () => {
    expect(decodeStep(null)).toEqual({ kind: 'none' });
    expect(decodeStep('0')).toEqual({ kind: 'step', step: 0 });
    expect(decodeStep('037')).toEqual({ kind: 'step', step: 37 });
    for (const bad of ['', '-3', '2.5', '1e2', 'abc', ' 4', '+4', 'Infinity', 'NaN']) expect(decodeStep(bad), bad).toEqual({ kind: 'bad', text: bad });
  });

  it('open at the linked step paused, at the end past it, at the start for a bad one, and play without one', () => {
    expect(replayStart({ kind: 'none' }, 500)).toBeNull();
    expect(replayStart({ kind: 'step', step: 37 }, 500)).toEqual({ index: 37, problem: null });
    expect(replayStart({ kind: 'step', step: 500 }, 500)).toEqual({ index: 500, problem: null });
    expect(replayStart({ kind: 'step', step: 501 }, 500)).toEqual({ index: 500, problem: 'past-end' });
    expect(replayStart({ kind: 'step', step: 1e20 }, 12)).toEqual({ index: 12, problem: 'past-end' });
    expect(replayStart({ kind: 'bad', text: 'x' }, 500)).toEqual({ index: 0, problem: 'bad' });
  });
});
