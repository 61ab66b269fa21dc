import { describe, expect, it } from 'vitest';
import { joinAnd } from '../../../src/explain/format.ts';
import { leftOutNote, methodNeedsBounds, outsideSpace } from '../../../web/views/observation-space.ts';

const names = ['cart_position', 'cart_velocity', 'pole_angle', 'pole_angular_velocity'];
const space = { low: [-4.8, null, -0.418, null], high: [4.8, null, 0.418, null] };

describe('outsideSpace', () => {
  it('names the first feature beyond a bound as the sliders do, with the bound', () => {
    expect(outsideSpace([5, 0, 0, 0], names, space)).toBe('cart position = 5.000 is above its bound 4.800');
    expect(outsideSpace([0, 0, -0.5, 0], names, space)).toBe('pole angle = −0.5000 is below its bound −0.4180');
  });

  it('is null inside the bounds, on an unbounded feature and when the bounds are unknown', () => {
    expect(outsideSpace([4.8, 1e6, 0.418, -1e6], names, space)).toBeNull();
    expect(outsideSpace([5, 0, 0, 0], names, null)).toBeNull();
  });
});

describe('leftOutNote', () => {
  it('says which methods were left out and why, and that the others are shown', () => {
    expect(leftOutNote(['LIME'], 'cart position = 5.000 is above its bound 4.800', true)).toBe(
      'LIME left out: it needs a state inside the observation space, and cart position = 5.000 is above its bound 4.800. The other ticked methods are shown; move the state back inside to see it too.',
    );
  });

  it('says what to do when nothing could run', () => {
    expect(leftOutNote(['LIME', 'PDP'], 'x = 2 is above its bound 1', false)).toBe(
      'LIME and PDP left out: they need a state inside the observation space, and x = 2 is above its bound 1. Move the state back inside to see them, or tick another method.',
    );
  });
});

describe('joinAnd and methodNeedsBounds', () => {
  it('joins names as a sentence does', () => {
    expect(joinAnd([])).toBe('');
    expect(joinAnd(['LIME'])).toBe('LIME');
    expect(joinAnd(['LIME', 'PDP', 'KernelSHAP'])).toBe('LIME, PDP and KernelSHAP');
  });

  it('marks only the methods that sample or search inside the bounds', () => {
    expect(['lime', 'pdp', 'counterfactual', 'shap', 'saliency', 'ig', 'kernelshap', 'exact', 'prototype'].filter((m) => methodNeedsBounds(m as never))).toEqual(['lime', 'pdp', 'counterfactual']);
  });
});
