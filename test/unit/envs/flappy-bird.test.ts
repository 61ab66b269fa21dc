/**
 * FlappyBird-v0 against values worked out by hand from flappy-bird-gymnasium's rules:
 *
 *   flap (only while y > −48): v = −9;  else v = min(v + 1, 10) (no gravity on the flap's step)
 *   rotation −3° per step down to −90°, 45° after a flap;  y' = y + min(v, ground − y − 24)
 *   pipes move 4 px left; a pair past x < −52 re-enters at 397.6 with a new gap;
 *   reward 0.1 alive, 1 on passing a pipe's middle, −0.5 above the screen, −1 on a crash
 *
 * State: [y, v, rotation, pipe0 x, pipe0 gap top, pipe1 x, pipe1 gap top, pipe2 x, pipe2 gap top, score].
 */
import { describe, expect, it } from 'vitest';
import { FlappyBirdEnv, make } from '../../../envs/index.ts';
import { EnvError } from '../../../src/core/errors.ts';

/** Pipes beyond the right edge: no collision, and observed as the open-sky placeholder. */
const FAR_PIPES = [400, 150, 500, 150, 600, 150];

function envAt(state: number[]): FlappyBirdEnv {
  const env = new FlappyBirdEnv();
  env.setState(state);
  return env;
}

describe('FlappyBird-v0 by hand', () => {
  it('starts at y 244 moving up at 9 px/step, pipes at 288, 432 and 576 px', () => {
    const env = new FlappyBirdEnv();
    const { observation, info } = env.reset({ seed: 3 });
    const s = env.getState();
    expect([s[0], s[1], s[2], s[3], s[5], s[7], s[9]]).toEqual([244, -9, 45, 288, 432, 576, 0]);
    for (const gap of [s[4]!, s[6]!, s[8]!]) expect([100, 110, 120, 130, 140, 150, 160, 170]).toContain(gap);
    // Only the first pair is on screen (x = 288 is not beyond it); the others read as open sky.
    expect(Array.from(observation)).toEqual(
      [1, s[4]! / 512, (s[4]! + 100) / 512, 1, 0, 1, 1, 0, 1, 244 / 512, -0.9, 0.5].map(Math.fround),
    );
    expect(info).toEqual({ score: 0 });
  });

  it('falls under gravity: v −9 → −8, y 244 → 236, rotation 45° → 42°, pipes 4 px left', () => {
    const env = envAt([244, -9, 45, ...FAR_PIPES, 0]);
    const r = env.step(0);
    expect(Array.from(env.getState())).toEqual([236, -8, 42, 396, 150, 496, 150, 596, 150, 0]);
    expect(r.reward).toBe(0.1);
    expect(r.terminated).toBe(false);
    expect(r.observation[9]).toBe(Math.fround(236 / 512));
    expect(r.observation[10]).toBe(Math.fround(-0.8));
    expect(r.observation[11]).toBe(Math.fround(42 / 90));
  });

  it('a flap sets v to −9 without gravity that step and turns the bird to 45°', () => {
    const env = envAt([300, 7, -60, ...FAR_PIPES, 0]);
    env.step(1);
    expect(Array.from(env.getState()).slice(0, 3)).toEqual([291, -9, 45]);
  });

  it('caps the fall at 10 px/step and the rotation at −90°', () => {
    const env = envAt([100, 10, -90, ...FAR_PIPES, 0]);
    env.step(0);
    expect(Array.from(env.getState()).slice(0, 3)).toEqual([110, 10, -90]);
  });

  it('ignores a flap 48 px or more above the screen, and costs −0.5 there', () => {
    const env = envAt([-48, -3, 0, ...FAR_PIPES, 0]);
    const r = env.step(1);
    expect(Array.from(env.getState()).slice(0, 3)).toEqual([-50, -2, -3]);
    expect(r.reward).toBe(-0.5);
  });

  it('scores once as the bird’s middle (74 px) passes a pipe’s middle: pipe x in [48, 52)', () => {
    const before = envAt([200, -1, 0, 52, 150, 196, 150, 340, 150, 4]);
    expect(before.step(0).reward).toBe(0.1); // 52 + 26 = 78 is not ≤ 74
    const at = envAt([200, -1, 0, 48, 150, 192, 150, 336, 150, 4]);
    const r = at.step(0);
    expect(r.reward).toBe(1);
    expect(r.info).toEqual({ score: 5 });
    expect(at.step(0).reward).toBe(0.1); // the pipe is at 44 now: 70 + 4 > 74 but 70 ≤ 74 < 74 fails
  });

  it('recycles a pair that leaves the screen to x 397.6 with a gap drawn from the eight heights', () => {
    const env = new FlappyBirdEnv();
    env.reset({ seed: 1 });
    env.setState([200, -1, 0, -52, 150, 92, 150, 236, 150, 0]);
    env.step(0);
    const s = env.getState();
    expect(s[3]).toBe(397.6);
    expect([100, 110, 120, 130, 140, 150, 160, 170]).toContain(s[4]);
    expect([s[5], s[7]]).toEqual([88, 232]);
  });

  it('sorts the observed pipes by position and divides by the screen size', () => {
    const env = envAt([200, 0, 0, 200, 120, 56, 160, 344, 100, 0]);
    const r = env.step(0);
    // After the move: pipes at 196, 52 and 340 (beyond 288: open sky).
    expect(Array.from(r.observation.slice(0, 9))).toEqual(
      [52 / 288, 160 / 512, 260 / 512, 196 / 288, 120 / 512, 220 / 512, 1, 0, 1].map(Math.fround),
    );
  });

  it('crashes into the upper pipe only when the bird’s top edge is above the gap’s top', () => {
    // Pipe at 60 → 56 after the move, overlapping the bird's columns 57-90.
    const touching = envAt([140, 9, 0, 60, 150, 400, 150, 500, 150, 0]).step(0); // y' = 150 = gap top
    expect(touching.terminated).toBe(false);
    const into = envAt([139, 9, 0, 60, 150, 400, 150, 500, 150, 0]).step(0); // y' = 149
    expect(into.terminated).toBe(true);
    expect(into.reward).toBe(-1);
  });

  it('crashes into the lower pipe only when the bird’s bottom edge passes the gap’s bottom', () => {
    expect(envAt([216, 9, 0, 60, 150, 400, 150, 500, 150, 0]).step(0).terminated).toBe(false); // bottom 250
    expect(envAt([217, 9, 0, 60, 150, 400, 150, 500, 150, 0]).step(0).terminated).toBe(true); // bottom 251
  });

  it('lands on the ground (404.48 px) and stops there: the move is clipped and v set to 0', () => {
    const env = envAt([379, 9, 0, ...FAR_PIPES, 0]);
    const r = env.step(0);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(-1);
    expect(env.getState()[0]).toBeCloseTo(512 * 0.79 - 24, 12);
    expect(env.getState()[1]).toBe(0);
    expect(envAt([355, 9, 0, ...FAR_PIPES, 0]).step(0).terminated).toBe(false); // bottom at 389
  });

  it('truncates at 1,000 steps under make, with the same seed giving the same game', () => {
    const a = make('FlappyBird-v0');
    expect(a.spec.maxEpisodeSteps).toBe(1000);
    a.reset({ seed: 4 });
    const b = make('FlappyBird-v0');
    b.reset({ seed: 4 });
    expect(Array.from(a.getState())).toEqual(Array.from(b.getState()));
  });

  it('refuses reset options, which the game has none of', () => {
    expect(() => new FlappyBirdEnv().reset({ seed: 0, options: { low: 0 } })).toThrow(
      new EnvError('FlappyBird-v0: reset takes no options, got {"low":0}'),
    );
    expect(new FlappyBirdEnv().reset({ seed: 0, options: {} }).info).toEqual({ score: 0 });
  });

  it('draws the sky, six pipes with lips, the ground and the bird inside a 288 × 512 frame', () => {
    const env = new FlappyBirdEnv();
    env.reset({ seed: 0 });
    const frame = env.render();
    expect([frame.width, frame.height]).toEqual([288, 512]);
    const polygons = frame.shapes.filter((s) => s.type === 'polygon');
    // sky + 3 pairs × 2 pipes × (body + lip) + ground + grass + bird body, wing, beak
    expect(polygons).toHaveLength(1 + 12 + 2 + 3);
    const eye = frame.shapes.find((s) => s.type === 'circle' && s.r === 5);
    expect(eye).toBeDefined();
    // The bird's eye sits inside its collision box (57-91 × 244-268).
    if (eye?.type === 'circle') {
      expect(eye.cx).toBeGreaterThan(57);
      expect(eye.cx).toBeLessThan(91);
      expect(eye.cy).toBeGreaterThan(244);
      expect(eye.cy).toBeLessThan(268);
    }
  });
});
