/**
 * `qlens explain` on a state the env never produces in play adds the Inspector's warning, naming
 * the broken condition in words; a state of play gets none.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const agent = (env: string) => join(import.meta.dirname, '../../agents/pretrained', env);
const WARNING = 'this state never occurs in play, so neither the network nor the tree was trained on anything like it.';

describe('qlens explain on impossible states', () => {
  it('warns that CartPole ends an episode at |cart position| > 2.4', async () => {
    const r = await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '3,0,0,0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`\n\nNote: CartPole ends an episode when |cart position| > 2.4 (here 3): ${WARNING}\n`);
    // A state of play: no such note.
    const ok = await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '0.01,0.2,-0.03,-0.3']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('never occurs in play');
  });

  it('warns on an Acrobot cos/sin pair of no angle and on MountainCar at the flag', async () => {
    const acrobot = await qlens(['explain', '--run', agent('Acrobot-v1'), '--state', '0.5,0.9,1,0,0,0']);
    expect(acrobot.code).toBe(0);
    expect(acrobot.stdout).toContain(`\n\nNote: Acrobot observes θ1 as its cosine and sine, so cos² θ1 + sin² θ1 = 1 (here cos² + sin² = 1.06): ${WARNING}`);
    const car = await qlens(['explain', '--run', agent('MountainCar-v0'), '--state', '0.5,0']);
    expect(car.code).toBe(0);
    expect(car.stdout).toContain(`\n\nNote: MountainCar ends an episode once the car reaches the flag at position ≥ 0.5, which it can only do driving right (here 0.5): ${WARNING}`);
  });

  it('turns Acrobot’s angles in its counterfactual, so the state it finds is one of play', async () => {
    // Moving features apart, the answer here had been cos θ1 raised alone (cos² + sin² = 0.934).
    const turned = await qlens(['explain', '--run', agent('Acrobot-v1'), '--state', '-0.416147,0.909297,1,0,0,0', '--method', 'counterfactual', '--json']);
    expect(turned.code, turned.stderr).toBe(0);
    const cf = JSON.parse(turned.stdout).network.counterfactual;
    expect(cf.found).toBe(true);
    expect(cf.searchedOver.angles.map((a: { name: string }) => a.name)).toEqual(['theta1', 'theta2']);
    for (const [c, s] of [[0, 1], [2, 3]]) expect(Math.abs(cf.counterfactual[c] ** 2 + cf.counterfactual[s] ** 2 - 1)).toBeLessThan(1e-6);
    const text = await qlens(['explain', '--run', agent('Acrobot-v1'), '--state', '-0.416147,0.909297,1,0,0,0', '--method', 'counterfactual']);
    expect(text.stdout).toContain('\nThe search turns the angles theta1 (cos_theta1, sin_theta1) and theta2 (cos_theta2, sin_theta2) in radians, so every state it tries is one of the circle; observed: ');
    expect(text.stdout).not.toContain('never occurs in play');
  });

  it('says when a counterfactual is a state of no play: searched from a state already off the circle', async () => {
    const off = await qlens(['explain', '--run', agent('Acrobot-v1'), '--state', '0.5,0.9,1,0,0,0', '--method', 'counterfactual']);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/\nNote: the counterfactual state never occurs in play: Acrobot observes θ1 as its cosine and sine, so cos² θ1 \+ sin² θ1 = 1 \(here cos² \+ sin² = 1\.06\)\. Read it as what sways the network, not as a state the agent could be in\.\n?$/);
  });

  it('--method all on a state outside an observation bound runs every method that can, and names the ones skipped', async () => {
    const r = await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '1,2,3,4', '--method', 'all', '--episodes', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n\nSkipped lime, pdp and counterfactual: the state\'s pole_angle = 3 is above the observation bound 0.41887903 (they work inside the observation bounds).');
    expect(r.stdout).toMatch(/grad×input +IG +perm\. SHAP +KernelSHAP +exact Shapley\n/); // the unbounded methods all ran
    // A list runs what it can too; asked for alone, a bounded method says why it cannot run.
    const some = await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '1,2,3,4', '--method', 'saliency,lime', '--episodes', '2', '--json']);
    expect(some.code).toBe(0);
    const json = JSON.parse(some.stdout);
    expect(Object.keys(json.network)).toEqual(['saliency']);
    expect(json.skipped).toEqual({ methods: ['lime'], reason: "the state's pole_angle = 3 is above the observation bound 0.41887903" });
    expect(json.neverInPlay.map((v: { condition: string }) => v.condition)).toEqual(['CartPole ends an episode when |pole angle| > 0.2094 rad (12°)']);
    const lime = await qlens(['explain', '--run', agent('CartPole-v1'), '--state', '1,2,3,4', '--method', 'lime', '--episodes', '2']);
    expect(lime).toMatchObject({ code: 1, stderr: "error: the state's pole_angle = 3 is above the observation bound 0.41887903\n" });
  });
});
