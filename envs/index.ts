/**
 * The environments: `make(id)` and `listEnvs()`, plus the env classes for direct use. Importing
 * this module registers the built-in envs with Gymnasium's ids, time limits and reward thresholds.
 */
import { AcrobotEnv } from './acrobot.ts';
import { CartPoleEnv } from './cartpole.ts';
import { MountainCarEnv } from './mountain-car.ts';
import { register } from './registry.ts';

register({ id: 'CartPole-v1', create: () => new CartPoleEnv(), maxEpisodeSteps: 500, rewardThreshold: 475.0 });
register({ id: 'MountainCar-v0', create: () => new MountainCarEnv(), maxEpisodeSteps: 200, rewardThreshold: -110.0 });
register({ id: 'Acrobot-v1', create: () => new AcrobotEnv(), maxEpisodeSteps: 500, rewardThreshold: -100.0 });

export { make, listEnvs, register, registration, type EnvRegistration, type MakeOptions } from './registry.ts';
export { TimeLimit } from './time-limit.ts';
export { CartPoleEnv } from './cartpole.ts';
export { MountainCarEnv, type MountainCarOptions } from './mountain-car.ts';
export { AcrobotEnv, type AcrobotOptions, type AcrobotDynamics } from './acrobot.ts';
