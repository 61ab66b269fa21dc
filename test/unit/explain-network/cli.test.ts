import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnvs, make } from '../../../envs/index.ts';
import { resolveDqnConfig } from '../../../src/dqn/config.ts';
import { NETWORK_METHODS } from '../../../src/explain/network/index.ts';
import { activePlay } from '../../../src/mimic/offline.ts';
import { loadRunNetwork } from '../../../src/runs/load-network.ts';
import { TrainingRun } from '../../../src/runs/training-run.ts';
import { qlensInProcess as qlens } from '../../cli/qlens-in-process.ts'; // as the executable runs it, without a process per command

const STATE = '0.01,0.2,-0.03,-0.3';

let run: string;
let bare: string;

beforeAll(async () => {
  const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 3, totalTimesteps: 3000, learningStarts: 500, hidden: [32, 32], evalFreq: 0, checkpointFreq: 0 }, listEnvs());
  run = (await (await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-explain-cli-')), preset: 'test' })).run()).dir;
  bare = join(mkdtempSync(join(tmpdir(), 'qlens-explain-bare-')), 'run');
  cpSync(run, bare, { recursive: true });
  rmSync(join(bare, 'tree.json'), { force: true });
  const { network, config: file } = await loadRunNetwork(run);
  const { tree } = activePlay(network, make('CartPole-v1'), file.envSpec, { seed: 1, episodes: 5, lmut: { maxLeaves: 8 }, heldOutEpisodes: 1 });
  writeFileSync(join(run, 'tree.json'), JSON.stringify(tree.toJSON()));
}, 60_000);

// Each case starts node processes (~1.5 s each, more on a busy machine).
describe('qlens explain --method', { timeout: 60_000 }, () => {
  it('--json keeps the tree explanation and adds each method and its agreement with the tree', async () => {
    const r = await qlens(['explain', '--run', run, '--state', STATE, '--method', 'shap,ig,exact', '--json', '--episodes', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.contributions).toHaveLength(2); // the tree part, as without --method
    expect(Object.keys(e.network)).toEqual(['shap', 'ig', 'exact']);
    expect(Object.keys(e.agreement)).toEqual(['shap', 'ig', 'exact']);
    for (let a = 0; a < 2; a++) {
      const sum = e.network.exact.values[a].reduce((s: number, v: number) => s + v, 0);
      expect(sum).toBeCloseTo(e.network.exact.output[a] - e.network.exact.base[a], 4);
      expect(e.network.ig.completenessError[a]).toBeLessThan(0.01);
    }
    expect(e.agreement.shap.perAction[0].topK).toBeGreaterThanOrEqual(0);
  });

  it('--method all prints every section as readable tables', async () => {
    const r = await qlens(['explain', '--run', run, '--state', STATE, '--method', 'all', '--episodes', '2', '--options', '{"prototype":{"iterations":30}}']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^State: cart_position=0\.01, /);
    expect(r.stdout).toMatch(/\nBackground: \d+ of \d+ states from 2 greedy episodes of the agent\.\n/);
    expect(r.stdout).toMatch(/\nNetwork attributions of Q\(push_(left|right)\) = /);
    expect(r.stdout).toMatch(/\nfeature +value +tree +grad×input +IG +perm\. SHAP +KernelSHAP +exact Shapley +LIME\n/);
    expect(r.stdout).toMatch(/\nAgreement with the tree \(Spearman ρ of \|values\|, features under 5 % of the largest tied; top-k overlap\): grad×input ρ=/);
    expect(r.stdout).toMatch(/\nPartial dependence of Q\(push_(left|right)\) over \d+ of the agent's states:\n/);
    // This barely trained agent may push one way everywhere in the bounds; both answers are sentences.
    expect(r.stdout).toMatch(/\nCounterfactual \(L1 in units of the agent's spread\): (push_(left|right) would become push_(left|right) if |No change inside the bounds makes the network choose another action instead of push_(left|right)\.)/);
    expect(r.stdout).toMatch(/\nPrototypes \(for each action, the state where the network most prefers it, by gradient ascent on its advantage; searched where episodes go on/);
  });

  it('counterfactual flags: --norm, --target by name, --action', async () => {
    const r = await qlens(['explain', '--run', run, '--state', STATE, '--method', 'counterfactual,pdp', '--norm', 'l1', '--target', 'push_left', '--action', '1', '--json', '--episodes', '2']);
    expect(r.code).toBe(0);
    const cf = JSON.parse(r.stdout).network.counterfactual;
    expect(cf).toMatchObject({ norm: 'l1', target: 0 });
    expect(cf.newAction).toBe(0);
    if (cf.action === 0) expect(cf.sentence).toBe('The network already chooses push_left in this state.');
  });

  it('works without a tree (network explanations only)', async () => {
    const ok = await qlens(['explain', '--run', bare, '--state', STATE, '--method', 'saliency', '--episodes', '1']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^No tree in ${bare} \\(grow one with \`qlens mimic --run ${bare}\`\\); network explanations only\\.`));
    const json = JSON.parse((await qlens(['explain', '--run', bare, '--state', STATE, '--method', 'saliency', '--episodes', '1', '--json'])).stdout);
    expect(json.network.saliency.gradient).toHaveLength(2);
  });

  it('rejects unknown methods, bad options and bad actions with one clear line', async () => {
    const cases: [string[], string][] = [
      [['--method', 'shap,grad'], `error: Invalid --method: "grad" (allowed: ${[...NETWORK_METHODS, 'all'].join(', ')}, comma-separated)\n`],
      [['--method', 'ig', '--options', '{oops'], 'error: Invalid --options: "{oops" (allowed: a JSON object mapping method names to option objects)\n'],
      [['--method', 'ig', '--options', '{"ig":{"steps":0}}'], 'error: Invalid steps: 0 (allowed: an integer in [1, 65536])\n'],
      [['--method', 'counterfactual', '--target', 'jump'], 'error: Invalid --target: "jump" (allowed: push_left, push_right or an index in [0, 1])\n'],
      [['--method', 'counterfactual', '--norm', 'l3'], 'error: Invalid --norm: "l3" (allowed: l1 or l2)\n'],
    ];
    for (const [args, message] of cases) {
      const r = await qlens(['explain', '--run', run, '--state', STATE, '--episodes', '1', ...args]);
      expect(r.stderr).toBe(message);
      expect(r.code).toBe(1);
    }
  });
});
