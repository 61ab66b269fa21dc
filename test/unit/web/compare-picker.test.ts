/**
 * The runs list's "Compare selected" (web/views/compare-picker.ts): enabled for 2–8 ticked runs of
 * one environment, and otherwise saying why not.
 */
import { describe, expect, it } from 'vitest';
import { selectionStatus } from '../../../web/views/compare-picker.ts';

describe('the runs list’s selection', () => {
  const runs = (...envs: string[]) => envs.map((env) => ({ env }));

  it('can be compared for 2 to 8 runs of one environment', () => {
    expect(selectionStatus(runs('CartPole-v1', 'CartPole-v1'))).toEqual({ ok: true, text: '2 runs ticked, CartPole-v1.' });
    expect(selectionStatus(runs(...Array(8).fill('Acrobot-v1'))).ok).toBe(true);
  });

  it('says why not otherwise', () => {
    expect(selectionStatus([])).toEqual({ ok: false, text: 'Tick 2 to 8 runs of one environment to overlay their curves.' });
    expect(selectionStatus(runs('CartPole-v1'))).toEqual({ ok: false, text: '1 run ticked: tick at least one more of CartPole-v1.' });
    expect(selectionStatus(runs('CartPole-v1', 'Acrobot-v1'))).toEqual({ ok: false, text: '2 runs ticked: they are of 2 environments (CartPole-v1, Acrobot-v1): pick runs of one environment.' });
    expect(selectionStatus(runs(...Array(9).fill('CartPole-v1')))).toEqual({ ok: false, text: '9 runs ticked: at most 8 can be compared at once.' });
    expect(selectionStatus(runs(...Array(9).fill('CartPole-v1'), 'MountainCar-v0')).text).toBe('10 runs ticked: they are of 2 environments (CartPole-v1, MountainCar-v0): pick runs of one environment; at most 8 can be compared at once.');
  });
});
