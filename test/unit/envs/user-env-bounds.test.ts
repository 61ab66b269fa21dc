/**
 * A user env whose observations leave its observationSpace: one warning naming the feature, the value
 * and the bound (Gymnasium's passive env checker warns likewise), and the episode goes on.
 */
import { describe, expect, it, vi } from 'vitest';
import { make, resolveEnvArg } from '../../../envs/index.ts';
import { UserEnv } from '../../../envs/user-env.ts';
import { envModuleFiles } from './env-module-files.ts';

/** A walker on a line its space says ends at ±1, whose steps go past it. */
function walker() {
  let x = 0;
  return {
    observationSpace: { low: [-1, 0], high: [1, 1] },
    actionSpace: { n: 2 },
    spec: { featureNames: ['position', 'goal'] },
    reset: () => ((x = 0), { observation: [x, 0.5], info: {} }),
    step: (a: number) => ((x += a === 1 ? 0.6 : -0.6), { observation: [x, 0.5], reward: -1, terminated: false, truncated: false, info: {} }),
  };
}

describe('a user env outside its observation space', () => {
  it('warns once, naming the feature, its value and the bound, and keeps stepping', () => {
    const warnings: string[] = [];
    const env = new UserEnv(walker(), { id: 'Walker-v0', source: '/m/walker.js' }, (m) => warnings.push(m));
    env.reset({ seed: 1 });
    env.step(1); // 0.6: inside
    expect(warnings).toEqual([]);
    const out = env.step(1).observation; // 1.2: past high 1
    expect(out[0]).toBeCloseTo(1.2, 6);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Walker-v0 \(\/m\/walker\.js\): step\(\) returned position = 1\.2\d*, above observationSpace\.high 1 \(said once; Gymnasium's env checker warns of it too\)\. The what-if sliders, LIME, PDP and counterfactuals search inside those bounds: widen them to cover what the env produces\.$/);
    env.step(1);
    env.reset({ seed: 2 });
    for (let i = 0; i < 3; i++) env.step(0); // -1.8: below low, but said already
    expect(warnings).toHaveLength(1);
  });

  it('names the low bound for a value below it', () => {
    const warnings: string[] = [];
    const env = new UserEnv(walker(), { id: 'Walker-v0', source: '/m/walker.js' }, (m) => warnings.push(m));
    env.reset({ seed: 1 });
    env.step(0);
    env.step(0);
    expect(warnings[0]).toMatch(/step\(\) returned position = -1\.2\d*, below observationSpace\.low -1 /);
  });

  it('is said once per registered env, however many envs training and the dashboard make of it', async () => {
    // Its x goes past high 10 from a seed of 9: each env steps out of its space.
    const { envModule } = envModuleFiles('qlens-bounds-');
    const id = await resolveEnvArg(envModule('past.mjs', 'PastTen-v0'));
    const written = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (let i = 0; i < 3; i++) {
        const env = make(id);
        env.reset({ seed: 9 });
        env.step(1);
        env.step(1);
      }
      const warnings = written.mock.calls.map((c) => String(c[0])).filter((t) => t.includes('above observationSpace.high'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^warning: PastTen-v0 \(.+past\.mjs\): step\(\) returned obs_0 = 1[01], above observationSpace\.high 10 /);
    } finally {
      written.mockRestore();
    }
  });
});
