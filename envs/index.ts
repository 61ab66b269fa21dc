/**
 * The environments: `make(id)` and `listEnvs()`, plus the env classes for direct use. Importing
 * this module registers the built-in envs with Gymnasium's ids, time limits and reward thresholds.
 */
import { ACROBOT_REACHABLE, AcrobotEnv } from './acrobot.ts';
import { CARTPOLE_REACHABLE, CartPoleEnv } from './cartpole.ts';
import { FLAPPY_BIRD_REACHABLE, FlappyBirdEnv } from './flappy-bird.ts';
import { MOUNTAIN_CAR_REACHABLE, MountainCarEnv } from './mountain-car.ts';
import { register } from './registry.ts';

register({ id: 'CartPole-v1', create: () => new CartPoleEnv(), maxEpisodeSteps: 500, rewardThreshold: 475.0, reachable: CARTPOLE_REACHABLE });
register({ id: 'MountainCar-v0', create: () => new MountainCarEnv(), maxEpisodeSteps: 200, rewardThreshold: -110.0, reachable: MOUNTAIN_CAR_REACHABLE });
register({ id: 'Acrobot-v1', create: () => new AcrobotEnv(), maxEpisodeSteps: 500, rewardThreshold: -100.0, reachable: ACROBOT_REACHABLE });
// Not Gymnasium's own: flappy-bird-gymnasium's game, with a time limit it lacks (see envs/flappy-bird.ts).
register({ id: 'FlappyBird-v0', create: () => new FlappyBirdEnv(), maxEpisodeSteps: 1000, rewardThreshold: 100.0, reachable: FLAPPY_BIRD_REACHABLE });

export { make, listEnvs, register, registration, type EnvRegistration, type MakeOptions } from './registry.ts';
export { TimeLimit } from './time-limit.ts';
export { envModuleOf, loadEnvModule, parseEnvArg, resolveEnvArg } from './env-module.ts';
export { CARTPOLE_REACHABLE, CartPoleEnv } from './cartpole.ts';
export { MOUNTAIN_CAR_REACHABLE, MountainCarEnv, type MountainCarOptions } from './mountain-car.ts';
export { FLAPPY_BIRD_REACHABLE, FlappyBirdEnv } from './flappy-bird.ts';
export { ACROBOT_REACHABLE, AcrobotEnv, type AcrobotOptions, type AcrobotDynamics } from './acrobot.ts';
