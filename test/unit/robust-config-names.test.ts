/** Unknown options named as SB3, CleanRL or Keras users name them get our option's name back. */
import { describe, expect, it } from 'vitest';
import { closestKey } from '../../src/core/config.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { resolveLmutConfig } from '../../src/lmut/config.ts';

const envs = ['CartPole-v1'];

describe('did you mean, for names that differ here', () => {
  it.each([
    ['net_arch', 'hidden'],
    ['policy_kwargs', 'hidden'],
    ['target_network_frequency', 'targetUpdateInterval'],
    ['train_frequency', 'trainFreq'],
    ['start_e', 'explorationInitialEps'],
    ['end_e', 'explorationFinalEps'],
    ['env_id', 'env'],
    ['lr', 'learningRate'],
    ['n_eval_episodes', 'evalEpisodes'],
    ['save_replay_buffer', 'saveReplay'],
    // Same name in camelCase: found without the table, as before.
    ['learning_starts', 'learningStarts'],
    ['buffer_size', 'bufferSize'],
  ])('%s → %s', (given, ours) => {
    expect(() => resolveDqnConfig({ [given]: 1 }, envs)).toThrow(new RegExp(`^Unknown DQN option "${given}" \\(did you mean ${ours}\\? allowed: `));
  });

  it('suggests a mapped name only where that option exists', () => {
    expect(closestKey('net_arch', ['maxLeaves', 'maxDepth'])).toBeNull();
    expect(() => resolveLmutConfig({ net_arch: [64] })).toThrow(/^Unknown LMUT option "net_arch" \(allowed: /);
  });
});
