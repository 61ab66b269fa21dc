/**
 * The conditions each env declares on its states of play (src/explain/reachable.ts checks them):
 * they use the env's own termination constants, no state of a real rollout breaks them, every
 * terminal state breaks one (FlappyBird: every crash into the ground; a pipe can be hit anywhere),
 * and so do hand-made impossible states, named in words.
 */
import { describe, expect, it } from 'vitest';
import { ACROBOT_REACHABLE, AcrobotEnv, TARGET_HEIGHT } from '../../../envs/acrobot.ts';
import { CARTPOLE_REACHABLE, CartPoleEnv, THETA_THRESHOLD_RADIANS, X_THRESHOLD } from '../../../envs/cartpole.ts';
import { FLAPPY_BIRD_REACHABLE } from '../../../envs/flappy-bird.ts';
import { GROUND_Y, PLAYER_HEIGHT, SCREEN_HEIGHT } from '../../../envs/flappy-bird-constants.ts';
import { make, registration } from '../../../envs/index.ts';
import { GOAL_POSITION, MIN_POSITION, MOUNTAIN_CAR_REACHABLE, MountainCarEnv } from '../../../envs/mountain-car.ts';
import type { Env, ReachableCondition } from '../../../src/core/env.ts';
import { Rng } from '../../../src/core/rng.ts';
import { reachableRange, unreachableNote, violatedConditions } from '../../../src/explain/reachable.ts';

const fmt = (v: number) => String(Number(v.toPrecision(4)));
const broken = (state: number[], conditions: readonly ReachableCondition[]) => violatedConditions(state, conditions).map((v) => v.condition);

type Policy = (obs: Float32Array, rng: Rng) => number;

/**
 * Plays `episodes` episodes of `make(id)` with `policy` and sorts every observation: the ones an
 * action is chosen in (states of play, the truncated last one included) and the terminal ones.
 */
function rollouts(id: string, policy: Policy, episodes: number, seed: number) {
  const env: Env = make(id);
  const rng = new Rng(seed);
  const play: Float32Array[] = [];
  const terminal: Float32Array[] = [];
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset({ seed: seed * 1000 + e }).observation;
    for (;;) {
      play.push(obs);
      const step = env.step(policy(obs, rng));
      obs = step.observation;
      if (step.terminated) terminal.push(obs);
      if (step.terminated || step.truncated) {
        if (!step.terminated) play.push(obs); // truncated: the last state still is a state of play
        break;
      }
    }
  }
  return { play, terminal };
}

const random: Policy = (_obs, rng) => Math.floor(rng.next() * 3);

describe('the conditions use the envs’ own termination constants', () => {
  it('CartPole: |x| ≤ X_THRESHOLD and |θ| ≤ THETA_THRESHOLD_RADIANS, half the observation space', () => {
    expect(CARTPOLE_REACHABLE).toEqual([
      expect.objectContaining({ kind: 'range', feature: 0, min: -X_THRESHOLD, max: X_THRESHOLD }),
      expect.objectContaining({ kind: 'range', feature: 2, min: -THETA_THRESHOLD_RADIANS, max: THETA_THRESHOLD_RADIANS }),
    ]);
    expect(X_THRESHOLD).toBe(2.4);
    expect(THETA_THRESHOLD_RADIANS).toBe((12 * 2 * Math.PI) / 360);
    const space = new CartPoleEnv().observationSpace;
    expect([space.high[0], space.high[2]]).toEqual([Math.fround(2 * X_THRESHOLD), Math.fround(2 * THETA_THRESHOLD_RADIANS)]); // the space is float32
    expect(CARTPOLE_REACHABLE.map((c) => c.why)).toEqual(['CartPole ends an episode when |cart position| > 2.4', 'CartPole ends an episode when |pole angle| > 0.2094 rad (12°)']);
  });

  it('MountainCar: position < GOAL_POSITION; Acrobot: the free end at most TARGET_HEIGHT up, both angles on the unit circle', () => {
    expect(MOUNTAIN_CAR_REACHABLE).toEqual([expect.objectContaining({ kind: 'range', feature: 0, min: null, max: GOAL_POSITION, maxOpen: true })]);
    expect(GOAL_POSITION).toBe(0.5);
    expect(new MountainCarEnv().goalVelocity).toBe(0); // the condition holds for goalVelocity ≤ 0 only
    expect(ACROBOT_REACHABLE).toEqual([
      expect.objectContaining({ kind: 'unit-circle', cos: 0, sin: 1 }),
      expect.objectContaining({ kind: 'unit-circle', cos: 2, sin: 3 }),
      expect.objectContaining({ kind: 'two-link-height', cos1: 0, sin1: 1, cos2: 2, sin2: 3, max: TARGET_HEIGHT }),
    ]);
    expect(TARGET_HEIGHT).toBe(1);
    expect(new AcrobotEnv().spec.featureNames.slice(0, 4)).toEqual(['cos_theta1', 'sin_theta1', 'cos_theta2', 'sin_theta2']);
  });

  it('are what the registry serves for each env', () => {
    expect(registration('CartPole-v1')!.reachable).toBe(CARTPOLE_REACHABLE);
    expect(registration('MountainCar-v0')!.reachable).toBe(MOUNTAIN_CAR_REACHABLE);
    expect(registration('Acrobot-v1')!.reachable).toBe(ACROBOT_REACHABLE);
    expect(registration('FlappyBird-v0')!.reachable).toBe(FLAPPY_BIRD_REACHABLE);
  });

  it('FlappyBird: the bird’s top edge above the ground test’s line, GROUND_Y − 1 − PLAYER_HEIGHT', () => {
    const max = (GROUND_Y - 1 - PLAYER_HEIGHT) / SCREEN_HEIGHT;
    expect(FLAPPY_BIRD_REACHABLE).toEqual([expect.objectContaining({ kind: 'range', feature: 9, min: null, max, maxOpen: true })]);
    expect(broken([1, 0, 1, 1, 0, 1, 1, 0, 1, 0.75, 0, 0], FLAPPY_BIRD_REACHABLE)).toEqual([...FLAPPY_BIRD_REACHABLE]);
    expect(broken([1, 0, 1, 1, 0, 1, 1, 0, 1, 0.74, 0, 0], FLAPPY_BIRD_REACHABLE)).toEqual([]);
    expect(FLAPPY_BIRD_REACHABLE[0]!.why).toBe('FlappyBird ends an episode when the bird touches the ground (player_y ≥ 0.7412)');
  });

  it('agree with `step`’s termination test state by state, at float32 precision', () => {
    // Random internal states around the thresholds, one step each: the episode ends exactly when
    // the observation it returns breaks a condition.
    const rng = new Rng(7);
    const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
    const cases: [Env, () => number[]][] = [
      [new CartPoleEnv(), () => [u(-2.6, 2.6), u(-3, 3), u(-0.25, 0.25), u(-3, 3)]],
      [new AcrobotEnv(), () => [u(-Math.PI, Math.PI), u(-Math.PI, Math.PI), u(-4, 4), u(-9, 9)]],
    ];
    for (const [env, draw] of cases) {
      const reach = registration(env.spec.id)!.reachable!;
      let ended = 0;
      for (let i = 0; i < 4000; i++) {
        env.setState(draw());
        const step = env.step(Math.floor(rng.next() * env.actionSpace.n));
        const obs = Array.from(step.observation);
        expect(violatedConditions(obs, reach).length > 0, `${env.spec.id} ${obs}`).toBe(step.terminated);
        ended += Number(step.terminated);
      }
      expect(ended, env.spec.id).toBeGreaterThan(200); // both sides were tried
    }
    // MountainCar ends at position ≥ 0.5 only when moving right, which is the only way to get there.
    const car = new MountainCarEnv();
    for (let i = 0; i < 4000; i++) {
      car.setState([u(0.3, 0.6), u(-0.07, 0.07)]);
      const step = car.step(Math.floor(rng.next() * 3));
      if (step.terminated) expect(broken(Array.from(step.observation), MOUNTAIN_CAR_REACHABLE)).toEqual(MOUNTAIN_CAR_REACHABLE);
    }
  });
});

describe('states of real rollouts', () => {
  // Policies that end episodes often (falls, swings up, reaching the flag) as well as random play.
  const policies: Record<string, Policy[]> = {
    'CartPole-v1': [(_o, rng) => Math.floor(rng.next() * 2), (o) => (o[2]! + 0.5 * o[3]! > 0 ? 1 : 0), () => 1],
    'Acrobot-v1': [random, (o) => (o[5]! > 0 ? 2 : 0)], // torque with the second joint's swing: up in ~90 steps
    'MountainCar-v0': [random, (o) => (o[1]! > 0 ? 2 : 0)],
  };
  for (const [id, ps] of Object.entries(policies)) {
    it(`${id}: no state of play breaks a condition; every terminal state breaks one`, () => {
      const reach = registration(id)!.reachable!;
      let play = 0;
      let terminal = 0;
      ps.forEach((p, k) => {
        const r = rollouts(id, p, 20, k + 1);
        for (const obs of r.play) expect(violatedConditions(obs, reach), `${id} ${Array.from(obs)}`).toEqual([]);
        for (const obs of r.terminal) expect(violatedConditions(obs, reach).length, `${id} terminal ${Array.from(obs)}`).toBeGreaterThan(0);
        play += r.play.length;
        terminal += r.terminal.length;
      });
      expect(play).toBeGreaterThan(1000);
      expect(terminal).toBeGreaterThan(15);
    });
  }
});

describe('FlappyBird states of real rollouts', () => {
  it('no state of play breaks the ground condition; every crash into the ground breaks it', () => {
    // Idle falls to the ground; flapping whenever below the next gap's middle mostly hits pipes.
    const gapChaser: Policy = (o) => (o[9]! * 512 + 12 > ((o[1]! + o[2]!) / 2) * 512 ? 1 : 0);
    let grounded = 0;
    let play = 0;
    for (const [k, policy] of [() => 0, gapChaser, (_o: Float32Array, rng: Rng) => (rng.next() < 0.1 ? 1 : 0)].entries()) {
      const r = rollouts('FlappyBird-v0', policy as Policy, 20, k + 1);
      for (const obs of r.play) expect(violatedConditions(obs, FLAPPY_BIRD_REACHABLE), Array.from(obs).join()).toEqual([]);
      // A crash reads as "on the ground" exactly when the bird's bottom edge reached the ground test.
      for (const obs of r.terminal) {
        const onGround = obs[9]! * SCREEN_HEIGHT + PLAYER_HEIGHT >= GROUND_Y - 1 - 1e-4;
        expect(violatedConditions(obs, FLAPPY_BIRD_REACHABLE).length > 0).toBe(onGround);
        grounded += Number(onGround);
      }
      play += r.play.length;
    }
    expect(grounded).toBeGreaterThan(20);
    expect(play).toBeGreaterThan(1000);
  });
});

describe('impossible states', () => {
  it('CartPole: a cart or pole past the termination bounds, inside the observation space', () => {
    expect(broken([3, 0, 0, 0], CARTPOLE_REACHABLE)).toEqual([CARTPOLE_REACHABLE[0]]);
    expect(broken([-3.362, 0, -0.3, 0], CARTPOLE_REACHABLE)).toEqual([...CARTPOLE_REACHABLE]);
    expect(broken([0, 0, 0.21, 0], CARTPOLE_REACHABLE)).toEqual([CARTPOLE_REACHABLE[1]]);
    // The bounds themselves continue the episode (Gymnasium's test is strict), also as float32.
    expect(broken([2.4, 100, THETA_THRESHOLD_RADIANS, -100], CARTPOLE_REACHABLE)).toEqual([]);
    expect(broken([Math.fround(-2.4), 0, Math.fround(-THETA_THRESHOLD_RADIANS), 0], CARTPOLE_REACHABLE)).toEqual([]);
    expect(broken([2.4001, 0, 0, 0], CARTPOLE_REACHABLE)).toEqual([CARTPOLE_REACHABLE[0]]);
  });

  it('MountainCar: the car on the flag or past it, at any velocity', () => {
    expect(broken([0.5, 0], MOUNTAIN_CAR_REACHABLE)).toEqual([...MOUNTAIN_CAR_REACHABLE]);
    expect(broken([0.55, -0.01], MOUNTAIN_CAR_REACHABLE)).toEqual([...MOUNTAIN_CAR_REACHABLE]);
    expect(broken([0.4999, 0.07], MOUNTAIN_CAR_REACHABLE)).toEqual([]);
    expect(broken([MIN_POSITION, 0], MOUNTAIN_CAR_REACHABLE)).toEqual([]);
  });

  it('Acrobot: a cos and sin of no angle, or the free end above the line', () => {
    const [circle1, circle2, height] = ACROBOT_REACHABLE;
    expect(broken([0.5, 0.9, 1, 0, 0, 0], ACROBOT_REACHABLE)).toEqual([circle1]);
    expect(broken([1, 0, 0.8, 0.8, 0, 0], ACROBOT_REACHABLE)).toEqual([circle2]);
    // θ1 = π (the first link straight up), θ2 = 0: the free end 2 above the pivot.
    expect(broken([-1, 0, 1, 0, 0, 0], ACROBOT_REACHABLE)).toEqual([height]);
    expect(broken([1, 0, -1, 0, 0, 0], ACROBOT_REACHABLE)).toEqual([]); // folded back: height 0
    expect(broken([0.6, 0.8, 0.6, -0.8, 0, 0], ACROBOT_REACHABLE)).toEqual([]);
    // Three typed decimals of an angle are still that angle.
    expect(broken([0.707, 0.707, 1, 0, 0, 0], ACROBOT_REACHABLE)).toEqual([]);
    // No height on a broken circle: the circle says what is wrong.
    expect(broken([-1, 0.5, 1, 0, 0, 0], ACROBOT_REACHABLE)).toEqual([circle1]);
  });

  it('are named in words, one sentence for the CLI and the Inspector', () => {
    expect(unreachableNote(violatedConditions([3, 0, 0, 0], CARTPOLE_REACHABLE), fmt)).toBe(
      'CartPole ends an episode when |cart position| > 2.4 (here 3): this state never occurs in play, so neither the network nor the tree was trained on anything like it.',
    );
    expect(unreachableNote(violatedConditions([3, 0, -0.3, 0], CARTPOLE_REACHABLE), fmt)).toBe(
      'CartPole ends an episode when |cart position| > 2.4 (here 3); CartPole ends an episode when |pole angle| > 0.2094 rad (12°) (here -0.3): this state never occurs in play, so neither the network nor the tree was trained on anything like it.',
    );
    expect(unreachableNote(violatedConditions([0.5, 0.9, 1, 0, 0, 0], ACROBOT_REACHABLE), fmt)).toMatch(/^Acrobot observes θ1 as its cosine and sine, so cos² θ1 \+ sin² θ1 = 1 \(here cos² \+ sin² = 1\.06\): this state never occurs in play/);
    expect(unreachableNote(violatedConditions([-1, 0, 1, 0, 0, 0], ACROBOT_REACHABLE), fmt)).toMatch(/^Acrobot ends an episode when the free end rises above the target line, −cos θ1 − cos\(θ1 \+ θ2\) > 1 \(here 2\): /);
    expect(unreachableNote(violatedConditions([0.5, 0], MOUNTAIN_CAR_REACHABLE), fmt)).toMatch(/^MountainCar ends an episode once the car reaches the flag at position ≥ 0\.5, which it can only do driving right \(here 0\.5\): /);
    expect(unreachableNote(violatedConditions([0, 0, 0, 0], CARTPOLE_REACHABLE), fmt)).toBe('');
  });

  it('give each feature the span where episodes go on', () => {
    expect(reachableRange(CARTPOLE_REACHABLE, 0)).toEqual({ min: -2.4, max: 2.4, minOpen: false, maxOpen: false });
    expect(reachableRange(CARTPOLE_REACHABLE, 1)).toBeNull();
    expect(reachableRange(MOUNTAIN_CAR_REACHABLE, 0)).toEqual({ min: null, max: 0.5, minOpen: false, maxOpen: true });
    expect(reachableRange(ACROBOT_REACHABLE, 0)).toBeNull();
  });
});
