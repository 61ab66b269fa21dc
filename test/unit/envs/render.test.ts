/**
 * `render()` reproduces Gymnasium's pygame geometry as plain shapes, converted to y-down pixels
 * (pygame draws y-up and flips the surface; here y_frame = height − y_pygame).
 */
import { describe, expect, it } from 'vitest';
import { AcrobotEnv, CartPoleEnv, MountainCarEnv } from '../../../envs/index.ts';
import { createRng } from '../../../src/core/rng.ts';
import type { Env, Frame } from '../../../src/core/env.ts';

function allPoints(frame: Frame): [number, number][] {
  return frame.shapes.flatMap((s): [number, number][] =>
    s.type === 'circle'
      ? [
          [s.cx - s.r, s.cy - s.r],
          [s.cx + s.r, s.cy + s.r],
        ]
      : s.points,
  );
}

function expectInside(frame: Frame, what: string): void {
  for (const [x, y] of allPoints(frame)) {
    expect(Number.isFinite(x) && Number.isFinite(y), what).toBe(true);
    const eps = 1e-9; // the hill's last point is 1.8 · (600 / 1.8), a hair off 600 in float64
    expect(x >= -eps && x <= frame.width + eps && y >= -eps && y <= frame.height + eps, `${what}: (${x}, ${y})`).toBe(true);
  }
}

/**
 * Random states over the region where Gymnasium's own drawing stays on screen (near the edges
 * Gymnasium draws the cart or car partly off the canvas, and so do we).
 */
function randomFrames(env: Env, ranges: [number, number][], count = 300): Frame[] {
  const rng = createRng(9);
  return Array.from({ length: count }, () => {
    env.setState(ranges.map(([lo, hi]) => rng.uniform(lo, hi)));
    return env.render();
  });
}

describe('CartPole-v1 frame', () => {
  it('draws cart, pole, axle and track at Gymnasium positions for the upright state', () => {
    const env = new CartPoleEnv();
    env.setState([0, 0, 0, 0]);
    const frame = env.render();
    expect(frame).toMatchObject({ width: 600, height: 400 });
    const [cart, pole, axle, track] = frame.shapes;
    // cart: 50×30 centred at x = 300, top at pygame y = 100 + 15 → y_down 285..315
    expect(cart).toEqual({ type: 'polygon', points: [[275, 315], [275, 285], [325, 285], [325, 315]], fill: '#000000' });
    // pole: 10 wide, from 5 below the axle (pygame y 107.5) to 125 − 5 above it
    expect(pole).toEqual({ type: 'polygon', points: [[295, 297.5], [295, 172.5], [305, 172.5], [305, 297.5]], fill: '#ca9865' });
    expect(axle).toEqual({ type: 'circle', cx: 300, cy: 400 - 107, r: 5, fill: '#8184cb' });
    expect(track).toEqual({ type: 'line', points: [[0, 300], [600, 300]], stroke: '#000000', width: 1 });
  });

  it('puts the cart centre 125 px per metre from the middle and leans the pole right for θ > 0', () => {
    const env = new CartPoleEnv();
    env.setState([1, 0, 0.2, 0]);
    const [cart, pole] = env.render().shapes;
    const xs = (cart as { points: [number, number][] }).points.map((p) => p[0]);
    expect((Math.min(...xs) + Math.max(...xs)) / 2).toBe(425);
    const top = (pole as { points: [number, number][] }).points[1]!; // (l, t) corner
    expect(top[0]).toBeGreaterThan(425 - 5);
    expect(top[1]).toBeLessThan(200);
  });

  it('stays on the canvas for |x| <= 1.7 and |θ| <= 24°', () => {
    const env = new CartPoleEnv();
    for (const frame of randomFrames(env, [[-1.7, 1.7], [-5, 5], [-0.42, 0.42], [-5, 5]])) expectInside(frame, 'CartPole');
  });
});

describe('MountainCar-v0 frame', () => {
  it('draws the hill with 100 points, the car, two wheels and the flag at 0.5', () => {
    const env = new MountainCarEnv();
    env.setState([-0.5, 0]);
    const frame = env.render();
    expect(frame).toMatchObject({ width: 600, height: 400 });
    const [hill, car, w1, w2, flagpole, flag] = frame.shapes;
    expect(hill!.type).toBe('line');
    const hillPoints = (hill as { points: [number, number][] }).points;
    expect(hillPoints).toHaveLength(100);
    expect(hillPoints[0]![0]).toBe(0);
    expect(hillPoints[99]![0]).toBeCloseTo(600, 10);
    // height(x) = 0.45 sin(3x) + 0.55, scale 600/1.8 px per unit, flipped
    expect(hillPoints[0]![1]).toBeCloseTo(400 - (0.45 * Math.sin(-3.6) + 0.55) * (600 / 1.8), 10);
    expect(car!.type).toBe('polygon');
    expect([w1!.type, w2!.type]).toEqual(['circle', 'circle']);
    expect((w1 as { r: number }).r).toBe(8);
    const flagx = Math.trunc(1.7 * (600 / 1.8));
    const flagy1 = Math.trunc((0.45 * Math.sin(1.5) + 0.55) * (600 / 1.8));
    expect(flagpole).toEqual({ type: 'line', points: [[flagx, 400 - flagy1], [flagx, 400 - flagy1 - 50]], stroke: '#000000', width: 1 });
    expect(flag).toMatchObject({ type: 'polygon', fill: '#cccc00' });
  });

  it('stays on the canvas for positions in [-1.1, 0.5]', () => {
    const env = new MountainCarEnv();
    for (const frame of randomFrames(env, [[-1.1, 0.5], [-0.07, 0.07]])) expectInside(frame, 'MountainCar');
  });
});

describe('Acrobot-v1 frame', () => {
  it('draws the target line, then a link and a joint for each of the two links', () => {
    const env = new AcrobotEnv();
    env.setState([0, 0, 0, 0]);
    const frame = env.render();
    expect(frame).toMatchObject({ width: 500, height: 500 });
    const scale = 500 / 4.4;
    const [target, link1, joint1, link2, joint2] = frame.shapes;
    // the target line is one link length above the pivot: pygame y = 250 + scale → y_down 250 − scale
    expect(target).toEqual({ type: 'line', points: [[250 - 2.2 * scale, 250 - scale], [250 + 2.2 * scale, 250 - scale]], stroke: '#000000', width: 1 });
    expect(joint1).toEqual({ type: 'circle', cx: 250, cy: 250, r: 11, fill: '#cccc00' });
    // hanging down: the middle joint is one link length below the pivot, at pygame y = int(250 − scale) = 136
    expect(joint2).toEqual({ type: 'circle', cx: 250, cy: 500 - 136, r: 11, fill: '#cccc00' });
    expect([link1!.type, link2!.type]).toEqual(['polygon', 'polygon']);
  });

  it('stays on the canvas for any angles', () => {
    const env = new AcrobotEnv();
    for (const frame of randomFrames(env, [[-Math.PI, Math.PI], [-Math.PI, Math.PI], [-12, 12], [-28, 28]])) expectInside(frame, 'Acrobot');
  });
});

it('refuses to render before there is a state', () => {
  expect(() => new CartPoleEnv().render()).toThrow('CartPole-v1: there is no state to render: call reset first');
});
