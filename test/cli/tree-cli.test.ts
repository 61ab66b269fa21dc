import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnvs } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { explainState } from '../../src/explain/index.ts';
import { loadRunTree } from '../../src/runs/load-tree.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';
// The commands run in-process (run-cli.ts, as the executable runs them): some 35 commands here would
// each pay a Node process and the CLI's module loading. The pipe test below spawns the executable.
import { qlensInProcess as qlens } from './qlens-in-process.ts';
import { runQlens } from './qlens-process.ts';

let run: string;

beforeAll(async () => {
  // A short real run without the online mimic: the commands below must grow the tree themselves.
  const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 2, totalTimesteps: 3000, learningStarts: 500, hidden: [32, 32], evalFreq: 0, checkpointFreq: 1000 }, listEnvs());
  run = (await (await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-tree-cli-')), preset: 'test' })).run()).dir;
});

describe('qlens mimic / export / explain', () => {
  it('explains that a run without a tree needs `qlens mimic`', async () => {
    const r = await qlens(['export', '--run', run, '--format', 'dot']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${run} has no tree.json: train with the online mimic (the default) or run \`qlens mimic --run ${run}\`\n`);
    const missing = join(run, 'nope');
    expect(await qlens(['export', '--run', missing, '--format', 'dot'])).toMatchObject({ code: 1, stderr: `error: run directory not found: ${missing}\n` });
    // mimic names it too, and leaves no empty folder behind where the typo pointed.
    expect(await qlens(['mimic', '--run', missing, '--episodes', '2'])).toMatchObject({ code: 1, stderr: `error: run directory not found: ${missing}\n` });
    expect(existsSync(missing)).toBe(false);
  });

  it('grows a tree by Active Play, prints the fidelity table and saves data sets', async () => {
    const data = mkdtempSync(join(tmpdir(), 'qlens-data-'));
    const r = await qlens(['mimic', '--run', run, '--episodes', '20', '--leaves', '16', '--eval-episodes', '5', '--held-out-episodes', '5', '--save-data', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^CartPole-v1: tree of (1 leaf|\d+ leaves) \(depth \d+\) from Active Play, \d+ states/);
    expect(r.stdout).toMatch(/\nLMUT +\d+ /);
    expect(r.stdout).toMatch(/\nCART +\d+ × 2 /);
    expect(r.stdout).toMatch(/\nLinear +1 /);
    expect(loadRunTree(run).summary.leaves).toBeLessThanOrEqual(16);
    const fidelity = JSON.parse(readFileSync(join(run, 'fidelity.json'), 'utf8'));
    expect(fidelity).toMatchObject({ format: 'qlens-fidelity', version: 1, setting: 'active-play' });
    expect(fidelity.report.models.map((m: { model: string }) => m.model)).toEqual(['lmut', 'cart', 'linear']);
    // Coverage of the held-out states by the played states (at most 1,000 held-out states are measured).
    expect(fidelity.report.coverage.states).toBe(Math.min(1000, fidelity.report.samples));
    expect(fidelity.report.coverage.nearestAgreement).toBeGreaterThan(0.5);
    expect(r.stdout).toMatch(/\nCoverage: a held-out state lies [\d.]+ std \(median\) from the nearest training state/);
    const header = readFileSync(join(data, 'train.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('cart_position,cart_velocity,pole_angle,pole_angular_velocity,q_push_left,q_push_right');
    expect(readFileSync(join(data, 'predictions.csv'), 'utf8').split('\n')[0]).toMatch(/^pred_push_left,pred_push_right,cart_pred_/);
    const heldRows = readFileSync(join(data, 'heldout.csv'), 'utf8').trim().split('\n').length;
    expect(readFileSync(join(data, 'predictions.csv'), 'utf8').trim().split('\n').length).toBe(heldRows);
  });

  it('post-prunes the grown tree with --prune, says what it did and records it in fidelity.json', async () => {
    const agent = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
    const out = mkdtempSync(join(tmpdir(), 'qlens-prune-'));
    const r = await qlens(['mimic', '--run', agent, '--states', '20000', '--leaves', '64', '--prune', '3', '--eval-episodes', '2', '--held-out-episodes', '2', '--out', out, '--force']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const line = /\npruned: (\d+) leaves -> (\d+) leaves against (\d+) states of 3 greedy episodes \(their Q RMSE ([\d.]+) -> ([\d.]+)\)\n/.exec(r.stdout);
    expect(line, r.stdout).not.toBeNull();
    const [before, after, , rmseBefore, rmseAfter] = line!.slice(1).map(Number) as [number, number, number, number, number];
    expect(after).toBeLessThan(before);
    expect(rmseAfter).toBeLessThanOrEqual(rmseBefore);
    expect(loadRunTree(out).summary.leaves).toBe(after);
    const fidelity = JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8'));
    expect(fidelity.pruned).toMatchObject({ episodes: 3, leavesBefore: before, leavesAfter: after });
    expect(fidelity.report.models[0].leaves).toBe(after); // fidelity (and CART's budget) are the pruned tree's
    expect(await qlens(['mimic', '--run', agent, '--prune', '0', '--out', out, '--force'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--prune') });
  });

  it('grows a tree by Experience Training from the replay buffer and from a CSV', async () => {
    // Once the run has a tree, replacing it takes --force.
    if (!existsSync(join(run, 'tree.json'))) await qlens(['mimic', '--run', run, '--episodes', '5', '--leaves', '8', '--eval-episodes', '2', '--held-out-episodes', '2']);
    const refused = await qlens(['mimic', '--run', run, '--from', 'replay']);
    expect(refused).toMatchObject({ code: 1, stderr: `error: ${run} already has a tree.json: write the new tree elsewhere with --out <dir>, or replace the run's tree with --force\n` });
    // --out naming the run itself (however spelled) is the same replacement.
    const treeBefore = readFileSync(join(run, 'tree.json'), 'utf8');
    const viaOut = await qlens(['mimic', '--run', run, '--episodes', '2', '--out', `${run}/./`]);
    expect(viaOut).toMatchObject({ code: 1, stderr: `error: ${run} already has a tree.json: write the new tree elsewhere with --out <dir>, or replace the run's tree with --force\n` });
    expect(readFileSync(join(run, 'tree.json'), 'utf8')).toBe(treeBefore);
    const badLmut = await qlens(['mimic', '--run', run, '--lmut', 'maxLeaves', '--out', mkdtempSync(join(tmpdir(), 'qlens-out-'))]);
    expect(badLmut).toMatchObject({ code: 1, stderr: 'error: Invalid --lmut "maxLeaves" (allowed: key=value, e.g. --lmut splitCriterion=variance)\n' });
    const fromReplay = await qlens(['mimic', '--run', run, '--from', 'replay', '--leaves', '8', '--eval-episodes', '3', '--held-out-episodes', '3', '--json', '--force']);
    expect(fromReplay.code).toBe(0);
    expect(JSON.parse(fromReplay.stdout)).toMatchObject({ setting: 'experience' });
    const csv = join(mkdtempSync(join(tmpdir(), 'qlens-csv-')), 'states.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `${(i % 7) * 0.01 - 0.03},${i * 0.01},${(i % 5) * 0.1 - 0.2},${(i % 3) * 0.1},row${i}`);
    writeFileSync(csv, `pole_angle,cart_position,pole_angular_velocity,cart_velocity,extra\n${rows.join('\n')}\n`);
    const fromCsv = await qlens(['mimic', '--run', run, '--from', csv, '--leaves', '4', '--eval-episodes', '2', '--held-out-episodes', '2', '--out', join(csv, '..')]);
    expect(fromCsv.code).toBe(0);
    expect(existsSync(join(csv, '..', 'tree.json'))).toBe(true);
    // Another folder's tree is someone's earlier result: replacing it takes --force too.
    const again = await qlens(['mimic', '--run', run, '--from', csv, '--leaves', '4', '--out', join(csv, '..')]);
    expect(again).toMatchObject({ code: 1, stderr: `error: ${join(csv, '..')} already has a tree.json: choose another --out folder, or replace it with --force\n` });
    // That folder holds a tree, not a run: export and explain take it with --tree beside its run.
    const outDir = join(csv, '..');
    const notRun = await qlens(['export', '--run', outDir, '--format', 'text']);
    expect(notRun).toMatchObject({ code: 1, stderr: `error: ${outDir} is not a run directory (no config.json); it holds a tree: give the run it was grown for as --run and this tree as --tree ${join(outDir, 'tree.json')}\n` });
    const exported = await qlens(['export', '--run', run, '--tree', join(outDir, 'tree.json'), '--format', 'json']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual(JSON.parse(readFileSync(join(outDir, 'tree.json'), 'utf8')));
    const report = await qlens(['export', '--run', run, '--tree', join(outDir, 'tree.json'), '--format', 'html']);
    expect(report.stdout).toContain(`${join(outDir, 'tree.json')} (run ${run})`);
    expect(report.stdout).toContain('<td>LMUT</td>'); // the fidelity.json beside that tree
    expect(report.stdout).toContain('The tree was grown by Experience Training (the states recorded during training).'); // as that file records it
    // The folder itself names the tree too, and its fidelity.json is the one inside it.
    const fromFolder = await qlens(['export', '--run', run, '--tree', outDir, '--format', 'html']);
    expect(fromFolder.stdout).toContain('<td>LMUT</td>');
    expect(JSON.parse((await qlens(['export', '--run', run, '--tree', outDir, '--format', 'json'])).stdout)).toEqual(JSON.parse(exported.stdout));
    const explained = await qlens(['explain', '--run', run, '--tree', join(outDir, 'tree.json'), '--state', '0,0,0,0', '--json']);
    expect(JSON.parse(explained.stdout).leaf).toEqual(JSON.parse(JSON.stringify(explainState(loadRunTree(run, join(outDir, 'tree.json')), [0, 0, 0, 0]).leaf)));
    writeFileSync(csv, 'pole_angle,cart_position\n0.1,0\n');
    const bad = await qlens(['mimic', '--run', run, '--from', csv, '--force']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`error: ${csv}: header lacks the feature column(s) cart_velocity, pole_angular_velocity (expected: cart_position, cart_velocity, pole_angle, pole_angular_velocity)\n`);
  });

  it.each(['json', 'dot', 'text', 'rules', 'html', 'code'])('exports %s', async (format) => {
    if (!existsSync(join(run, 'tree.json'))) await qlens(['mimic', '--run', run, '--episodes', '5', '--leaves', '8', '--eval-episodes', '2', '--held-out-episodes', '2']);
    const r = await qlens(['export', '--run', run, '--format', format]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const checks: Record<string, (s: string) => void> = {
      json: (s) => expect(JSON.parse(s)).toMatchObject({ format: 'qlens-lmut', version: 1 }),
      dot: (s) => {
        expect(s.startsWith('digraph LMUT {')).toBe(true);
        if (existsSync('/usr/bin/dot')) expect(execFileSync('/usr/bin/dot', ['-Tsvg'], { input: s, encoding: 'utf8' })).toContain('<svg');
      },
      text: (s) => expect(s).toMatch(/\|--- /),
      rules: (s) => expect(s).toMatch(/^Rule 1 \(leaf #\d+/),
      html: (s) => {
        expect(s).toMatch(/^<!DOCTYPE html>/i);
        expect(s).not.toMatch(/https?:\/\//);
      },
      code: (s) => expect(s).toMatch(/export function act\(obs\)/),
    };
    checks[format]!(r.stdout);
  });

  it('explains one state and rejects a malformed one', async () => {
    if (!existsSync(join(run, 'tree.json'))) await qlens(['mimic', '--run', run, '--episodes', '5', '--leaves', '8', '--eval-episodes', '2', '--held-out-episodes', '2']);
    const ok = await qlens(['explain', '--run', run, '--state', '0.01,0.2,-0.03,-0.3', '--json']);
    expect(ok.code).toBe(0);
    const e = JSON.parse(ok.stdout);
    for (let a = 0; a < 2; a++) {
      const sum = e.bias[a] + e.contributions[a].reduce((s: number, c: { contribution: number }) => s + c.contribution, 0);
      expect(Math.abs(sum - e.qTree[a])).toBeLessThan(1e-9);
    }
    expect(e.qNetwork).toHaveLength(2);
    const bad = await qlens(['explain', '--run', run, '--state', '0.1,abc,0,0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('error: Invalid --state: "abc" at position 2 (allowed: 4 finite numbers separated by commas and/or spaces, optionally in [ ] or ( ): cart_position, cart_velocity, pole_angle, pole_angular_velocity)\n');
    // Far outside the agent's own play the tree extrapolates: the explanation says so, by feature.
    const far = await qlens(['explain', '--run', run, '--state', '0.01,0.2,100,-0.3']);
    expect(far.code).toBe(0);
    expect(far.stdout).toMatch(/\nNote: This state lies outside the agent’s own play \(20 greedy episodes\): pole_angle 100 \(play: [-\d.]+ … [-\d.]+\)\. The tree extrapolates/);
    expect(JSON.parse(ok.stdout).outsidePlay).toEqual([]);
  });

  it('takes the counterfactual options only with counterfactual among the methods', async () => {
    const unused = await qlens(['explain', '--run', run, '--state', '0,0,0,0', '--method', 'pdp', '--norm', 'l1', '--target', '1']);
    expect(unused).toMatchObject({ code: 1, stderr: 'error: --norm, --target do nothing without counterfactual in --method (they set up the counterfactual)\n' });
  });
});

describe('output paths and option clashes', () => {
  const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');

  it('names a bad output path in one line, exits 1 and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-out-'));
    writeFileSync(join(dir, 'afile'), 'x');
    // A missing folder is created (test/cli/output-folders.test.ts); one that is a file cannot be.
    const throughFile = await qlens(['export', '--run', pretrained, '--format', 'json', '--out', join(dir, 'afile', 'x.json')]);
    expect(throughFile).toMatchObject({ code: 1, stderr: `error: cannot use ${join(dir, 'afile')}: already exists as a file (a directory is needed)\n` });
    const isDir = await qlens(['export', '--run', pretrained, '--format', 'json', '--out', dir]);
    expect(isDir).toMatchObject({ code: 1, stderr: `error: cannot use ${dir}: is a directory (a file name is needed)\n` });
    // With a trailing slash it had read "a part of the path is a file, not a directory".
    const slash = await qlens(['export', '--run', pretrained, '--format', 'json', '--out', `${dir}/`]);
    expect(slash).toMatchObject({ code: 1, stderr: `error: cannot use ${dir}/: ends with a slash, so it names a folder (a file name is needed)\n` });
    const csv = await qlens(['importance', '--run', pretrained, '--csv', join(dir, 'new.csv/')]);
    expect(csv).toMatchObject({ code: 1, stderr: `error: cannot use ${join(dir, 'new.csv/')}: ends with a slash, so it names a folder (a file name is needed)\n` });
    expect(readdirSync(dirname(dir)).filter((f) => f.startsWith(`.${basename(dir)}.tmp-`))).toEqual([]);
    // mimic checks its output folder before playing (no tree.json or fidelity.json written anywhere).
    const mimic = await qlens(['mimic', '--run', pretrained, '--out', join(dir, 'afile')]);
    expect(mimic).toMatchObject({ code: 1, stderr: `error: cannot use ${join(dir, 'afile')}: already exists as a file (a directory is needed)\n` });
  });

  it('explains the state as typed, like the API and the exported policy: a value on a split threshold goes their way', async () => {
    // 0.03314542584121227 is a split threshold of the shipped tree; as float32 it lands on the other side.
    const state = [0.03314542584121227, 0.2, -0.03, -0.3];
    const r = await qlens(['explain', '--run', pretrained, '--state', state.join(','), '--json']);
    expect(r.code).toBe(0);
    const cli = JSON.parse(r.stdout);
    const exact = explainState(loadRunTree(pretrained), state);
    expect(cli.leaf.id).toBe(exact.leaf.id);
    expect(cli.qTree).toEqual(exact.qTree);
    expect(explainState(loadRunTree(pretrained), Float32Array.from(state)).leaf.id).not.toBe(exact.leaf.id); // the case is real
  });

  it('hands over all of a large output on a pipe before exiting (it was cut at 64 KiB)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-pipe-'));
    const agent = join(import.meta.dirname, '../../agents/pretrained/MountainCar-v0');
    expect((await qlens(['export', '--run', agent, '--format', 'json', '--out', join(dir, 'tree.json')])).code).toBe(0);
    const file = readFileSync(join(dir, 'tree.json'), 'utf8');
    expect(file.length).toBeGreaterThan(4 * 65_536);
    const piped = await runQlens(['export', '--run', agent, '--format', 'json']);
    expect(piped.code).toBe(0);
    expect(piped.stdout.trimEnd()).toBe(file.trimEnd());
  });

  it('writes the code module as TypeScript for an --out ending in .ts, Python for .py', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-code-'));
    expect(await qlens(['export', '--run', pretrained, '--format', 'code', '--out', join(dir, 'policy.ts')])).toMatchObject({ code: 0, stdout: `wrote ${join(dir, 'policy.ts')}\n` });
    expect(readFileSync(join(dir, 'policy.ts'), 'utf8')).toContain('export function act(obs: ArrayLike<number>): number {');
    // JavaScript into a .ts file is refused (strict TypeScript fails its untyped parameters), and nothing is written; the help names one default, not two.
    expect((await qlens(['export', '--run', pretrained, '--format', 'code', '--language', 'js', '--out', join(dir, 'plain.ts')])).code).toBe(1);
    expect(existsSync(join(dir, 'plain.ts'))).toBe(false);
    expect((await qlens(['export', '--help'])).stdout).not.toContain('(default: "js")');
    expect((await qlens(['export', '--run', pretrained, '--format', 'code', '--out', join(dir, 'policy.js')])).code).toBe(0);
    expect(readFileSync(join(dir, 'policy.js'), 'utf8')).toContain('export function act(obs) {');
    // And Python for .py (run by Python in test/unit/explain/export-python.test.ts).
    expect((await qlens(['export', '--run', pretrained, '--format', 'code', '--out', join(dir, 'policy.py')])).code).toBe(0);
    expect(readFileSync(join(dir, 'policy.py'), 'utf8')).toContain('def act(obs):');
  });

  it('writes CommonJS for an --out ending in .cjs, which Node can require, and an ES module for .mjs; both act as the tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-code-cjs-'));
    const tree = loadRunTree(pretrained);
    // States around the tree's range, from a fixed generator: each module is loaded by a separate node, as a user would.
    const states = Array.from({ length: 500 }, (_, i) => [0.8, 1.5, 0.2, 2].map((scale, f) => scale * Math.sin(i * (f + 1.7) + f)));
    const statesFile = join(dir, 'states.json');
    writeFileSync(statesFile, JSON.stringify(states));
    const script = (load: string) => `${load}.then((p) => process.stdout.write(JSON.stringify(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(statesFile)}, 'utf8')).map((s) => [p.act(s), p.qValues(s)]))))`;
    for (const [name, load] of [['policy.cjs', (f: string) => `Promise.resolve(require(${JSON.stringify(f)}))`], ['policy.mjs', (f: string) => `import(${JSON.stringify(f)})`]] as const) {
      const file = join(dir, name);
      expect(await qlens(['export', '--run', pretrained, '--format', 'code', '--out', file])).toMatchObject({ code: 0, stdout: `wrote ${file}\n` });
      const results = JSON.parse(execFileSync(process.execPath, ['-e', script(load(file))], { encoding: 'utf8' })) as [number, number[]][];
      results.forEach(([action, q], i) => {
        expect(action).toBe(tree.act(states[i]!));
        expect(q).toEqual(Array.from(tree.qValues64(states[i]!)));
      });
      expect(new Set(results.map(([action]) => action)).size).toBe(2); // both actions taken: the states reach both sides of the tree
    }
    expect(readFileSync(join(dir, 'policy.cjs'), 'utf8')).not.toMatch(/^export /m);
  });

  it('takes the leaf budget from --lmut maxLeaves, and refuses it twice', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-leaves-'));
    const r = await qlens(['mimic', '--run', pretrained, '--states', '3000', '--lmut', 'maxLeaves=4', '--eval-episodes', '1', '--held-out-episodes', '1', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).report.models[0].leaves).toBeLessThanOrEqual(4);
    const both = await qlens(['mimic', '--run', pretrained, '--leaves', '8', '--lmut', 'maxLeaves=4']);
    expect(both).toMatchObject({ code: 1, stderr: 'error: Give the leaf budget once: --leaves 8 and --lmut maxLeaves=4 both set it\n' });
  });
});

