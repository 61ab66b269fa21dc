import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRunConfig } from '../../src/runs/run-files.ts';
import { runQlens as qlens } from './qlens-process.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/envs/line-walk.js');
const work = mkdtempSync(join(tmpdir(), 'qlens-user-env-cli-'));
/** A copy, so the test can move it away without touching the fixture. */
const MODULE = join(work, 'line-walk.js');
copyFileSync(FIXTURE, MODULE);
const OUT = join(work, 'runs');

/** Small and fast; the walk is learnt well within it (fixed seed). */
const TRAIN = ['train', '--env', `${MODULE}:LineWalk-v0`, '--seed', '1', '--steps', '6000', '--out', OUT, '--no-progress', '--json',
  '--set', 'learningStarts=500', '--set', 'explorationFraction=0.3', '--set', 'checkpointFreq=3000'];

let run: string;
/** What a command on the run says before it imports the module its config.json names. */
const IMPORTING = () => `importing LineWalk-v0 from ${MODULE} (envModule in ${join(run, 'config.json')})\n`;

describe('training and explaining an agent on your own environment (process)', () => {
  beforeAll(async () => {
    const trained = await qlens(TRAIN);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    expect(JSON.parse(trained.stdout)).toMatchObject({ reason: 'completed', step: 6000 });
    run = join(OUT, readdirSync(OUT)[0]!);
  }, 120_000);


  it('records the module beside the env in config.json and names the run after the env', () => {
    expect(run).toMatch(/LineWalk-v0__cleanrl__1__\d+$/);
    const config = readRunConfig(run);
    expect(config.envModule).toBe(MODULE);
    expect(config.envSpec).toMatchObject({ id: 'LineWalk-v0', featureNames: ['position', 'goal'], actionNames: ['left', 'right'], maxEpisodeSteps: 30, rewardThreshold: -4.5 });
  });

  it('learns the walk: 100 greedy episodes reach the reward threshold (best possible is about -4)', async () => {
    const evaluated = await qlens(['eval', '--run', run, '--episodes', '100', '--json']);
    expect(evaluated.stderr).toBe(IMPORTING());
    const report = JSON.parse(evaluated.stdout) as { env: string; meanReturn: number; solved: boolean };
    expect(report.env).toBe('LineWalk-v0');
    expect(report.meanReturn).toBeGreaterThanOrEqual(-4.5);
    expect(report.solved).toBe(true);
  }, 60_000);

  it('mimics, explains, exports and resumes in fresh processes that import the module from config.json', async () => {
    const mimic = await qlens(['mimic', '--run', run, '--episodes', '50', '--out', join(work, 'mimic')]);
    expect(mimic.stderr).toBe(IMPORTING());
    expect(mimic.stdout).toMatch(/LineWalk-v0: tree of (1 leaf|\d+ leaves)/);
    const explained = await qlens(['explain', '--run', run, '--state', '2,7']);
    expect(explained.stderr).toBe(IMPORTING());
    expect(explained.stdout).toContain('State: position=2, goal=7');
    expect(explained.stdout).toMatch(/Network: Q\(left\) = .*Q\(right\) = .* -> right by/);
    const report = await qlens(['export', '--run', run, '--format', 'html', '--out', join(work, 'report.html')]);
    expect(report.stderr).toBe(IMPORTING());
    const published = await qlens(['publish', '--run', run, '--out', join(work, 'agent'), '--episodes', '10']);
    expect(published.stderr).toBe(IMPORTING());
    expect(published.stdout).toContain(`--env ${MODULE}:LineWalk-v0`); // the card's reproducing command names the module
    expect(published.stdout).toContain(`note: this agent's environment LineWalk-v0 comes from ${MODULE}, which is not copied: ship that module with the agent`);
    const resumed = await qlens(['train', '--resume', run, '--steps', '7000', '--no-progress', '--json']);
    expect(resumed.stderr).toBe(IMPORTING());
    expect(JSON.parse(resumed.stdout)).toMatchObject({ reason: 'completed', step: 7000 });
  }, 120_000);

  it('records an episode of the env as a GIF, and says so when the env draws nothing', async () => {
    const recorded = await qlens(['record', '--run', run, '--out', join(work, 'walk.gif')]);
    expect(recorded.stderr).toBe(IMPORTING());
    expect(recorded.stdout).toMatch(/^wrote .*walk\.gif \(\d+ frames, .*\n {2}LineWalk-v0, seed 0: the network \(.*\) played \d+ steps, return -?\d/);
    expect(readFileSync(join(work, 'walk.gif')).subarray(0, 6).toString()).toBe('GIF89a');

    const plain = join(work, 'line-walk-plain.js');
    copyFileSync(join(FIXTURE, '../line-walk-plain.js'), plain); // it imports ./line-walk.js, copied beside it above
    const plainRuns = join(work, 'plain-runs');
    const trained = await qlens(['train', '--env', plain, '--seed', '1', '--steps', '300', '--out', plainRuns, '--no-progress', '--json', '--set', 'learningStarts=100']);
    expect(trained.code, trained.stderr).toBe(0);
    const refused = await qlens(['record', '--run', join(plainRuns, readdirSync(plainRuns)[0]!), '--out', join(work, 'plain.gif')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('error: LineWalkPlain-v0 draws nothing (its module has no render()), so there is no episode to record');
    expect(() => readFileSync(join(work, 'plain.gif'))).toThrow();
  }, 120_000);

  it('a hint to train the env again names its module, as --env needs it', async () => {
    const copy = join(work, 'no-checkpoints');
    cpSync(run, copy, { recursive: true });
    rmSync(join(copy, 'checkpoints'), { recursive: true });
    const resumed = await qlens(['train', '--resume', copy]);
    expect(resumed).toMatchObject({ code: 1, stderr: `error: ${copy} has no checkpoint to resume from (nothing in checkpoints/): train a new run instead, e.g. \`qlens train --env ${MODULE}:LineWalk-v0\`\n` });
  }, 60_000);

  it('refuses a config.json whose envModule is not an absolute path (a shared run could name its own file)', async () => {
    const copy = join(work, 'relative-run');
    cpSync(run, copy, { recursive: true });
    const configPath = join(copy, 'config.json');
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(readFileSync(configPath, 'utf8')), envModule: 'env.js' }));
    const evaluated = await qlens(['eval', '--run', copy, '--episodes', '1']);
    expect(evaluated.code).toBe(1);
    expect(evaluated.stderr).toContain(`${configPath}`);
    expect(evaluated.stderr).toContain('envModule');
    expect(evaluated.stderr).toContain('must be an absolute path');
  }, 60_000);

  it('says which module is missing when it has moved, and how to fix it', async () => {
    const moved = join(work, 'elsewhere.js');
    renameSync(MODULE, moved);
    try {
      const evaluated = await qlens(['eval', '--run', run, '--episodes', '5']);
      expect(evaluated.code).toBe(1);
      expect(evaluated.stderr).toBe(`error: ${join(run, 'config.json')}: envModule ${MODULE} (the module that registers LineWalk-v0) is missing: put it back, or set envModule to where it is now\n`);
    } finally {
      renameSync(moved, MODULE);
    }
  }, 60_000);

  it('lists and checks a module with `qlens envs --env-module`, and refuses a module that is not there', async () => {
    const listed = await qlens(['envs', '--env-module', MODULE, '--json']);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toContainEqual({ id: 'LineWalk-v0', observations: ['position', 'goal'], actions: ['left', 'right'], maxEpisodeSteps: 30, rewardThreshold: -4.5 });
    // A syntax error says where it is (esbuild's first line only announces it).
    const broken = join(work, 'broken.js');
    writeFileSync(broken, "export default { id: 'B-v0', create: () => ({ reset() { return ; }; }) };\n");
    const syntax = await qlens(['envs', '--env-module', broken]);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(new RegExp(`^error: could not import ${broken}: \\w+: .*broken\\.js:1:\\d+: ERROR: Expected "\\}" but found ";"\\n$`));
    const missing = await qlens(['serve', '--env-module', join(work, 'nope.js'), '--port', '0']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: environment module not found: ${join(work, 'nope.js')}\n`);
  }, 60_000);
});
