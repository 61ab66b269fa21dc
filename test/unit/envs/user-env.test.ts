import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envModuleFiles } from './env-module-files.ts';
import { envModuleOf, listEnvs, loadEnvModule, make, parseEnvArg, resolveEnvArg } from '../../../envs/index.ts';
import { NO_FRAME } from '../../../envs/user-env.ts';

const LINE_WALK = join(import.meta.dirname, '../../fixtures/envs/line-walk.js');
const { dir, moduleFile, envModule } = envModuleFiles('qlens-user-env-');

describe('parseEnvArg', () => {
  it("splits Gymnasium's module:id form and leaves plain ids alone", () => {
    expect(parseEnvArg('CartPole-v1')).toEqual({ module: null, id: 'CartPole-v1' });
    expect(parseEnvArg('./envs/mine.js:Mine-v0')).toEqual({ module: './envs/mine.js', id: 'Mine-v0' });
    expect(parseEnvArg('./mine.ts')).toEqual({ module: './mine.ts', id: null });
    expect(parseEnvArg('C:/x/mine.mjs:Mine-v0')).toEqual({ module: 'C:/x/mine.mjs', id: 'Mine-v0' });
    expect(parseEnvArg('odd:name')).toEqual({ module: null, id: 'odd:name' });
  });
});

describe('a user environment module', () => {
  it('registers its env beside the built-ins, with names, time limit and threshold, and remembers the module', async () => {
    expect(await resolveEnvArg(`${LINE_WALK}:LineWalk-v0`)).toBe('LineWalk-v0');
    expect(await resolveEnvArg(LINE_WALK)).toBe('LineWalk-v0'); // one env: the id may be left out; imported once
    expect(listEnvs()).toEqual(['CartPole-v1', 'MountainCar-v0', 'Acrobot-v1', 'FlappyBird-v0', 'LineWalk-v0']);
    expect(envModuleOf('LineWalk-v0')).toBe(LINE_WALK);
    expect(envModuleOf('CartPole-v1')).toBeUndefined();
    const env = make('LineWalk-v0');
    expect(env.spec).toMatchObject({ id: 'LineWalk-v0', featureNames: ['position', 'goal'], actionNames: ['left', 'right'], maxEpisodeSteps: 30, rewardThreshold: -4.5 });
    const first = env.reset({ seed: 3 }).observation;
    expect(first).toBeInstanceOf(Float32Array);
    expect(make('LineWalk-v0').reset({ seed: 3 }).observation).toEqual(first);
    // A walker going away from the goal is cut off by the registered time limit.
    const away = first[0]! < first[1]! ? 0 : 1;
    let steps = 0;
    let result;
    do result = env.step(away), steps++;
    while (!result.truncated && !result.terminated);
    expect(steps).toBe(30);
    expect(result.truncated).toBe(true);
    expect(env.render().shapes).toHaveLength(3);
    expect(Array.from(env.getState())).toEqual(Array.from(result.observation)); // no getState(): the observation
  });

  it('gives default names and no frame when the module has none', async () => {
    await loadEnvModule(envModule('plain.js', 'Plain-v0'));
    const env = make('Plain-v0');
    expect(env.spec.featureNames).toEqual(['obs_0', 'obs_1']);
    expect(env.spec.actionNames).toEqual(['action_0', 'action_1']);
    expect(env.spec.maxEpisodeSteps).toBeUndefined();
    env.reset({ seed: 1 });
    expect(env.render()).toBe(NO_FRAME);
    expect(() => env.setState([1, 2])).toThrow('Plain-v0 (');
    expect(() => env.step(2)).toThrow('Plain-v0: invalid action 2 (allowed: Discrete(2), an integer in [0, 1])');
  });

  it('checks what each call returns and names the env, the call and the field', async () => {
    const bad = (name: string, id: string, methods: string) => loadEnvModule(envModule(name, id, methods));
    await expect(bad('wide.js', 'Wide-v0', 'reset() { return { observation: [1, 2, 3] }; }')).rejects.toThrow(
      /Wide-v0 \(.*wide\.js\): reset\(\) returned observation \[1,2,3\] with 3 values, but observationSpace\.low\/high have 2 \(allowed: 2 finite numbers within float32's ±3\.4e38, one per observationSpace\.low\/high bound: obs_0, obs_1\)/,
    );
    await expect(bad('nan.js', 'NaN-v0', 'step() { return { observation: [0, 0], reward: NaN, terminated: false, truncated: false }; }')).rejects.toThrow(
      "step() returned reward NaN (allowed: a finite number within float32's ±3.4e38)",
    );
    await expect(bad('huge.js', 'Huge-v0', 'reset() { return { observation: [1e300, 0] }; }')).rejects.toThrow('reset() returned observation [1e+300,0] (allowed: 2 finite numbers within float32');
    await expect(bad('hugereward.js', 'HugeReward-v0', 'step() { return { observation: [0, 0], reward: -1e39, terminated: false, truncated: false }; }')).rejects.toThrow(
      "step() returned reward -1e+39 (allowed: a finite number within float32's ±3.4e38)",
    );
    await expect(loadEnvModule(moduleFile('nothing.js', "export default { id: 'Nothing-v0', create: () => undefined };"))).rejects.toThrow(
      /Nothing-v0 \(.*nothing\.js\): create\(\) returned undefined \(allowed: an env object with reset\(\) and step\(\)\)/,
    );
    await expect(bad('flag.js', 'Flag-v0', 'step() { return { observation: [0, 0], reward: 0, terminated: 0, truncated: false }; }')).rejects.toThrow(
      'step() returned terminated 0 (allowed: true or false)',
    );
    await expect(bad('tuple.js', 'Tuple-v0', 'reset() { return [[0, 0], {}]; }')).rejects.toThrow('reset() returned [[0,0],{}] (allowed: an object { observation, info })');
    // A bug in the user's code: its message and where in their file, not our stack.
    await expect(bad('throws.js', 'Throws-v0', 'step() { return this.missing.value; }')).rejects.toThrow(/Throws-v0 \(.*throws\.js\): step\(1\) threw TypeError: Cannot read properties of undefined.* \(at .*throws\.js:\d+:\d+\)/);
    // The failed modules registered nothing.
    expect(listEnvs().some((id) => /Wide|NaN|Flag|Tuple|Throws|Huge/.test(id))).toBe(false);
  });

  it('refuses an env whose seeded episodes differ: runs resume exactly only with seeded randomness', async () => {
    const file = envModule('noisy.js', 'Noisy-v0', 'reset() { return { observation: [Math.random(), 1] }; }');
    await expect(loadEnvModule(file)).rejects.toThrow(/Noisy-v0 \(.*\): reset\(\{ seed: 0 \}\) and the same actions gave two different episodes/);
    // Seeded on its first reset only: training and evaluation reset one env again and again.
    const once = envModule('once.js', 'Once-v0', 'r = null; reset({ seed } = {}) { if (this.r === null) this.r = seed ?? 0; this.r += 1; this.x = this.r; return { observation: [this.x % 10, 1] }; }');
    await expect(loadEnvModule(once)).rejects.toThrow(/Once-v0 \(.*\): reset\(\{ seed: 0 \}\) and the same actions gave two different episodes \(on a fresh env, and after an episode with seed 1\)/);
    // One object for every env: the trainer's and the evaluator's would step each other.
    const shared = moduleFile('shared.js', `const env = { observationSpace: { low: [0], high: [1] }, actionSpace: { n: 2 }, reset() { return { observation: [0] }; }, step() { return { observation: [0], reward: 0, terminated: true, truncated: false }; } };
      export default { id: 'Shared-v0', create: () => env };`);
    await expect(loadEnvModule(shared)).rejects.toThrow('create() returned the same object twice (allowed: a new env on every call');
    expect(listEnvs().some((id) => /Noisy|Once|Shared/.test(id))).toBe(false);
  });

  it('refuses a module that registers one id twice, registering nothing', async () => {
    const make = 'create: () => ({ observationSpace: { low: [0], high: [1] }, actionSpace: { n: 2 }, reset() { return { observation: [0] }; }, step() { return { observation: [0], reward: 0, terminated: true, truncated: false }; } })';
    const file = moduleFile('dup.js', `export default [{ id: 'DupA-v0', ${make} }, { id: 'Dup-v0', ${make} }, { id: 'Dup-v0', ${make} }];`);
    await expect(loadEnvModule(file)).rejects.toThrow(/dup\.js registers Dup-v0 twice: give each environment its own id/);
    expect(listEnvs().some((id) => id.startsWith('Dup'))).toBe(false);
  });

  it('refuses malformed registrations with the allowed values', async () => {
    const load = (name: string, body: string) => loadEnvModule(moduleFile(name, body));
    await expect(load('none.js', 'export const x = 1;')).rejects.toThrow(/none\.js has no default export \(found named export x; allowed: export default \{ id, create, … \} or a list of them; see README/);
    await expect(load('key.js', "export default { id: 'K-v0', create: () => ({}), max_episode_steps: 5 };")).rejects.toThrow(
      'unknown key "max_episode_steps" (did you mean maxEpisodeSteps? allowed: id, create, maxEpisodeSteps, rewardThreshold, featureNames, actionNames)',
    );
    await expect(load('id.js', "export default { id: 'my env/1', create: () => ({}) };")).rejects.toThrow('id is "my env/1" (allowed: a name such as "LineWalk-v0"');
    await expect(load('builtin.js', "export default { id: 'CartPole-v1', create: () => ({}) };")).rejects.toThrow('registers CartPole-v1, which is a built-in environment: give it another id');
    await expect(load('space.js', "export default { id: 'S-v0', create: () => ({ reset() {}, step() {}, observationSpace: { low: [0] }, actionSpace: { n: 2 } }) };")).rejects.toThrow(
      /S-v0 \(.*space\.js\): observationSpace needs low and high arrays \(allowed: \{ low: \[\.\.\.\], high: \[\.\.\.\] \}/,
    );
    await expect(load('syntax.js', 'export default {')).rejects.toThrow(/could not import .*syntax\.js: \w*Error: /);
    await expect(loadEnvModule(join(dir, 'missing.js'))).rejects.toThrow('environment module not found:');
  });

  it('lists the ids when a module with several is named without one, and refuses an id it does not register', async () => {
    const file = moduleFile(
      'two.js',
      `const make = () => ({ observationSpace: { low: [0], high: [1] }, actionSpace: { n: 2 }, reset() { return { observation: [0] }; }, step() { return { observation: [0], reward: 0, terminated: true, truncated: false }; } });
       export default [{ id: 'One-v0', create: make }, { id: 'Two-v0', create: make }];`,
    );
    await expect(resolveEnvArg(file)).rejects.toThrow(/registers 2 environments: name one, e\.g\. --env .*two\.js:One-v0 \(allowed: One-v0, Two-v0\)/);
    expect(await resolveEnvArg(`${file}:Two-v0`)).toBe('Two-v0');
    await expect(resolveEnvArg(`${file}:Three-v0`)).rejects.toThrow(/Invalid --env: "Three-v0" \(allowed: what .*two\.js registers: One-v0, Two-v0\)/);
    await expect(resolveEnvArg(`${file}:two-v0`)).rejects.toThrow(/Invalid --env: "two-v0" \(did you mean Two-v0\? allowed: what .*two\.js registers: One-v0, Two-v0\)/);
  });
});
