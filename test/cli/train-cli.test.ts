import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listCheckpoints, openCheckpoint } from '../../src/runs/checkpoint-store.ts';
import { readSummary } from '../../src/runs/run-files.ts';
import { qlensInProcess } from './qlens-in-process.ts';
import { startQlens as qlens } from './qlens-process.ts';

const PRETRAINED_CARTPOLE = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
/** `--out` for commands that must fail before training: were one to train, it would not litter ./runs. */
const NO_RUNS = join(tmpdir(), 'qlens-refused-runs');

/** Preset files with a field missing and a field misspelt, and a CSV too short to learn from. */
const PRESETS = mkdtempSync(join(tmpdir(), 'qlens-bad-presets-'));
const PRESET_WITHOUT_DESCRIPTION = join(PRESETS, 'no-description.json');
writeFileSync(PRESET_WITHOUT_DESCRIPTION, JSON.stringify({ format: 'qlens-preset', version: 1, env: 'CartPole-v1', dqn: {} }));
const TWO_STATES_CSV = join(PRESETS, 'two-states.csv');
writeFileSync(TWO_STATES_CSV, 'cart_position,cart_velocity,pole_angle,pole_angular_velocity\n0,0,0,0\n0.1,0,0,0\n');
const PRESET_WITH_TYPO = join(PRESETS, 'typo.json');
writeFileSync(PRESET_WITH_TYPO, JSON.stringify({ format: 'qlens-preset', version: 1, env: 'CartPole-v1', description: 'x', dqn: {}, mimc: {} }));

const SMALL = ['--env', 'CartPole-v1', '--preset', 'cleanrl', '--steps', '6000', '--no-progress',
  '--set', 'learningStarts=500', '--set', 'hidden=32,32', '--set', 'batchSize=32', '--set', 'evalFreq=0', '--set', 'checkpointFreq=1500'];

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('qlens train (process)', () => {
  it('survives SIGKILL in the middle of a checkpoint write and resumes from the previous checkpoint', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-kill-'));
    // Each checkpoint file write pauses 400 ms, so a checkpoint takes seconds: room to kill mid-write.
    const { child, done } = qlens(['train', ...SMALL, '--out', out], { QLENS_FAULT_CHECKPOINT_DELAY_MS: '400' });
    const runDir = () => readdirSync(out).map((d) => join(out, d))[0];
    const tmpCheckpoint = () => {
      const dir = runDir();
      if (!dir || !existsSync(join(dir, 'checkpoints'))) return false;
      return listCheckpoints(dir).length === 1 && readdirSync(join(dir, 'checkpoints')).some((n) => n.startsWith('.tmp-'));
    };
    await waitFor(tmpCheckpoint, 90_000); // one complete checkpoint, the second half-written
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const dir = runDir()!;
    const [previous] = listCheckpoints(dir);
    expect(previous).toBeGreaterThanOrEqual(1500);
    expect(() => openCheckpoint(dir)).not.toThrow(); // the surviving checkpoint verifies

    const resumed = await qlens(['train', '--resume', dir, '--no-progress', '--json']).done;
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ reason: 'completed', step: 6000 });
    expect(readSummary(dir)).toMatchObject({ status: 'completed', step: 6000 });
    expect(readdirSync(join(dir, 'checkpoints')).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  }, 180_000);

  it('Ctrl-C writes a checkpoint, exits 130, and the run resumes to completion', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-int-'));
    // Long enough that it still trains when the two refused commands below have run on a loaded machine (200,000 steps once ended first).
    const { child, done } = qlens(['train', '--env', 'CartPole-v1', '--preset', 'cleanrl', '--steps', '5000000', '--no-progress', '--set', 'learningStarts=500', '--set', 'hidden=32,32', '--set', 'evalFreq=0', '--set', 'checkpointFreq=0', '--out', out]);
    const runDir = () => readdirSync(out).map((d) => join(out, d))[0];
    await waitFor(() => {
      const dir = runDir();
      return dir !== undefined && existsSync(join(dir, 'metrics.jsonl')) && readSummary(dir)?.status === 'running';
    }, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    // While it trains, no second process may write into the run: a resume or the run's own tree is refused.
    const busy = new RegExp(`^error: ${runDir()!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is being trained by process \\d+: `);
    const second = await qlens(['train', '--resume', runDir()!, '--steps', '300000', '--no-progress']).done;
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(busy);
    const mimic = await qlens(['mimic', '--run', runDir()!, '--force', '--episodes', '2']).done;
    expect(mimic.code).toBe(1);
    expect(mimic.stderr).toMatch(busy);
    child.kill('SIGINT');
    const stopped = await done;
    expect(stopped.code).toBe(130);
    expect(existsSync(join(runDir()!, 'train.lock'))).toBe(false);
    const dir = runDir()!;
    const summary = readSummary(dir)!;
    expect(summary.status).toBe('interrupted');
    expect(summary.step).toBeGreaterThan(0);
    expect(summary.step).toBeLessThan(5_000_000);
    expect(listCheckpoints(dir)).toEqual([summary.step]);
    expect(stopped.stdout).toContain(`resume it with: qlens train --resume ${dir}\n`);
    const resumed = await qlens(['train', '--resume', dir, '--steps', String(summary.step + 2000), '--no-progress', '--json']).done;
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ reason: 'completed', step: summary.step + 2000, savedNetwork: expect.any(String), tree: { leaves: expect.any(Number), agreement: expect.any(Number) } });
    // The raised total is the run's own now: config.json says so for any later resume or reader.
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).dqn.totalTimesteps).toBe(summary.step + 2000);
  }, 120_000);

  it('SIGTERM (a process manager stopping it) checkpoints like Ctrl-C and exits 143, as shells report it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-term-'));
    const { child, done } = qlens(['train', ...SMALL, '--steps', '500000', '--no-mimic', '--out', out]);
    const runDir = () => readdirSync(out).map((d) => join(out, d))[0];
    await waitFor(() => {
      const dir = runDir();
      return dir !== undefined && readSummary(dir)?.status === 'running';
    }, 60_000);
    child.kill('SIGTERM');
    const stopped = await done;
    expect(stopped.code).toBe(143);
    const summary = readSummary(runDir()!)!;
    expect(summary.status).toBe('interrupted');
    expect(listCheckpoints(runDir()!)[0]).toBe(summary.step); // the stop's checkpoint is the newest
  }, 120_000);

  it('--serve shows the run live in the dashboard API while it trains; Ctrl-C checkpoints and exits 130', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-serve-'));
    const { child, done } = qlens(['train', ...SMALL, '--steps', '500000', '--no-mimic', '--serve', '--port', '0', '--out', out]);
    let printed = '';
    child.stdout!.on('data', (d) => (printed += d));
    await waitFor(() => /qlens dashboard: http:\/\/127\.0\.0\.1:\d+\//.test(printed), 60_000);
    const url = /qlens dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(printed)![1]!;
    const list = (await (await fetch(`${url}api/runs`)).json()) as { runs: { source: string; env: string }[] };
    expect(list.runs.find((r) => r.source === 'live')).toMatchObject({ env: 'CartPole-v1' });
    child.kill('SIGINT');
    const finished = await done;
    expect(finished.code).toBe(130);
    expect(finished.stdout).toMatch(/resume with: qlens train --resume /);
    const dir = join(out, readdirSync(out)[0]!);
    const summary = readSummary(dir)!;
    expect(summary.status).toBe('interrupted');
    expect(listCheckpoints(dir)[0]).toBe(summary.step); // the Ctrl-C checkpoint is the newest
  }, 150_000);

  it('--no-progress drops the progress lines but still prints the run directory and the final status', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-quiet-'));
    const r = await qlens(['train', '--env', 'CartPole-v1', '--steps', '1e3', '--no-progress', '--out', out]).done;
    expect(r.code).toBe(0);
    const dir = join(out, readdirSync(out)[0]!);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`run: ${dir}`);
    expect(lines[1]).toMatch(/^engine: fused, env: CartPole-v1, steps: 1000, seed: 1$/);
    expect(lines[2]).toMatch(/^completed: 1000 steps, \d+ episodes in [\d.]+ s$/);
    // What training produced, so nobody has to open summary.json: the saved network and its tree's fidelity.
    expect(lines[3]).toMatch(/^saved network \(model\.json\): \S/);
    expect(lines[4]).toMatch(/^tree \(tree\.json\): (1 leaf|\d+ leaves), picks the saved network's action on \d+\.\d % of \d+ held-out greedy states \(fidelity\.json compares/);
    expect(lines.slice(5)).toEqual([dir, '']); // and no progress lines
  }, 60_000);

  it('--print-config prints the resolved settings of a new run and exits without creating one', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-print-config-'));
    const r = await qlensInProcess(['train', '--env', 'Acrobot-v1', '--set', 'gamma=0.98', '--lmut', 'maxLeaves=64', '--print-config', '--out', out]);
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed).toMatchObject({ preset: 'Acrobot-v1', dqn: { env: 'Acrobot-v1', gamma: 0.98, totalTimesteps: 60000, hidden: [128, 128] }, mimic: { lmut: { maxLeaves: 64 } } });
    expect(readdirSync(out)).toEqual([]);
    expect(JSON.parse((await qlensInProcess(['train', '--no-mimic', '--print-config'])).stdout).mimic).toBeNull();
    // A tfjs backend is tfjs's alone: with the default fused engine, which never loads tfjs, it is said to go unused.
    const backend = await qlensInProcess(['train', '--backend', 'cpu', '--print-config']);
    expect(backend.stderr).toBe("note: backend cpu is tfjs's, unused by the fused engine (plain TypeScript, no tfjs): give --engine tfjs to train on it\n");
    expect((await qlensInProcess(['train', '--engine', 'tfjs', '--backend', 'cpu', '--print-config'])).stderr).toBe('');
    const resume = await qlensInProcess(['train', '--resume', PRETRAINED_CARTPOLE, '--print-config']);
    expect(resume).toMatchObject({ code: 1, stderr: 'error: --resume does nothing with --print-config (it prints the settings of a new run and exits)\n' });
  });

  it('reads SB3\'s names of the options (learning_rate, net_arch, max_leaves) as ours, with a note, and still refuses a typo', async () => {
    const r = await qlensInProcess(['train', '--set', 'learning_rate=0.0005', '--set', 'net_arch=32,32', '--set', 'exploration_fraction=0.2', '--lmut', 'max_leaves=64', '--print-config']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dqn: { learningRate: 0.0005, hidden: [32, 32], explorationFraction: 0.2 }, mimic: { lmut: { maxLeaves: 64 } } });
    expect(r.stderr).toBe('note: --set learning_rate read as learningRate\nnote: --set net_arch read as hidden\nnote: --set exploration_fraction read as explorationFraction\nnote: --lmut max_leaves read as maxLeaves\n');
    // Two names of one option: neither silently wins.
    const twice = await qlensInProcess(['train', '--set', 'lr=0.001', '--set', 'learning_rate=0.002', '--print-config']);
    expect(twice).toMatchObject({ code: 1, stderr: 'note: --set lr read as learningRate\nerror: --set lr and --set learning_rate both set learningRate: give it once\n' });
    // Beside the flag that sets it too, as with its own name.
    const flag = await qlensInProcess(['train', '--steps', '100', '--set', 'total_timesteps=300', '--print-config']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('error: Give totalTimesteps once: --steps 100 and --set totalTimesteps=300 both set it\n');
  });

  it('takes rl-baselines3-zoo hyper-parameters as --preset, the section of --env, over SB3\'s defaults', async () => {
    const zoo = join(import.meta.dirname, '../fixtures/rl-zoo/dqn.yml');
    const r = await qlensInProcess(['train', '--preset', zoo, '--env', 'MountainCar-v0', '--set', 'seed=3', '--print-config']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ preset: 'dqn.yml', dqn: { env: 'MountainCar-v0', seed: 3, totalTimesteps: 120000, learningRate: 0.004, batchSize: 128, bufferSize: 10000, gamma: 0.98, targetUpdateInterval: 600, trainFreq: 16, gradientSteps: 8, hidden: [256, 256], loss: 'huber', maxGradNorm: 10 } });
    expect(await qlensInProcess(['train', '--preset', zoo, '--print-config'])).toMatchObject({ code: 1, stderr: `error: ${zoo} has settings for 4 envs (atari, CartPole-v1, MountainCar-v0, Acrobot-v1): give --env\n` });
  });

  it('says when --preset was tuned for another env than --env', async () => {
    const other = await qlensInProcess(['train', '--env', 'Acrobot-v1', '--preset', 'CartPole-v1', '--print-config']);
    expect(other.code).toBe(0);
    expect(other.stderr).toBe("note: preset CartPole-v1 was tuned for CartPole-v1; training Acrobot-v1 with its settings (leave out --preset for Acrobot-v1's own)\n");
    expect(JSON.parse(other.stdout)).toMatchObject({ preset: 'CartPole-v1', dqn: { env: 'Acrobot-v1', hidden: [64, 64] } });
    const lineWalk = `${join(import.meta.dirname, '../fixtures/envs/line-walk.js')}:LineWalk-v0`;
    // A process of its own: in this one, the module's env would stay registered for the tests below.
    const noOwn = await qlens(['train', '--env', lineWalk, '--preset', 'CartPole-v1', '--print-config']).done;
    expect(noOwn.stderr).toMatch(/note: preset CartPole-v1 was tuned for CartPole-v1; training LineWalk-v0 with its settings \(leave out --preset for LineWalk-v0's own, CleanRL's defaults\)\n$/);
    // Its own env, or CleanRL's env-free defaults: nothing to say.
    for (const args of [['--env', 'CartPole-v1', '--preset', 'CartPole-v1'], ['--env', 'Acrobot-v1', '--preset', 'cleanrl'], ['--preset', 'Acrobot-v1']]) {
      expect((await qlensInProcess(['train', ...args, '--print-config'])).stderr, args.join(' ')).toBe('');
    }
  });

  it('train --help gives the defaults of --env and --seed', async () => {
    const r = await qlensInProcess(['train', '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\s+/g, ' ');
    const envHelp = help.slice(help.indexOf('--env <id>'), help.indexOf('--preset <name>'));
    expect(envHelp).toContain("(default: CartPole-v1, or the --preset's env)");
    expect(help).toContain('--seed <n> random seed (default: 1)');
  });

  it('--version prints the package version', async () => {
    const r = await qlensInProcess(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version}\n` });
  });

  it('train --serve and start on a taken --port fail before creating a run directory', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      for (const args of [['train', ...SMALL, '--serve'], ['start', '--steps', '2000', '--no-progress']]) {
        const out = join(mkdtempSync(join(tmpdir(), 'qlens-busy-')), 'runs');
        const r = await qlens([...args, '--port', String(port), '--out', out]).done;
        expect(r, args[0]).toMatchObject({ code: 1, stderr: `error: port ${port} is already in use; choose another with --port\n` });
        expect(existsSync(out), args[0]).toBe(false);
      }
    } finally {
      blocker.close();
    }
  });

  it('train --serve with a bad setting names the setting and leaves no run directory, though the dashboard listens first', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qlens-badserve-')), 'runs');
    const r = await qlens(['train', ...SMALL, '--serve', '--port', '0', '--set', 'gamma=5', '--out', out]).done;
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: 'error: Invalid gamma: 5 (allowed: a number in [0, 1])\n' });
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('names the corrupted or foreign file instead of resuming from it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-bad-'));
    const first = await qlensInProcess(['train', ...SMALL, '--out', out, '--steps', '2000']);
    expect(first.code).toBe(0);
    const dir = join(out, readdirSync(out)[0]!);
    const cp = join(dir, 'checkpoints', String(listCheckpoints(dir)[0]));
    // A finished run needs a higher total to go on, and the total must lie above its checkpoint.
    const finished = await qlensInProcess(['train', '--resume', dir]);
    expect(finished).toMatchObject({ code: 1, stderr: `error: ${dir} has already finished (completed at step 2000): give --steps above 2000 to train it further\n` });
    const lower = await qlensInProcess(['train', '--resume', dir, '--steps', '1500']);
    expect(lower).toMatchObject({ code: 1, stderr: `error: Invalid --steps: 1500 (allowed: an integer above ${listCheckpoints(dir)[0]}, the step of the checkpoint the run resumes from)\n` });
    writeFileSync(join(cp, 'weights.bin'), 'not weights');
    const corrupted = await qlensInProcess(['train', '--resume', dir, '--steps', '3000']);
    expect(corrupted.code).toBe(1);
    expect(corrupted.stderr).toBe(`error: ${join(cp, 'weights.bin')}: corrupted (size or checksum differs from manifest.json)\n`);

    writeFileSync(join(dir, 'config.json'), JSON.stringify({ format: 'something-else', version: 1 }));
    const foreign = await qlensInProcess(['train', '--resume', dir, '--steps', '3000']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toBe(`error: ${join(dir, 'config.json')}: not a qlens-run file (found "something-else")\n`);
  }, 120_000);

  it.each([
    [['train', '--set', 'gamma=2'], 'error: Invalid gamma: 2 (allowed: a number in [0, 1])\n'],
    [['train', '--env', 'Pong-v5'], 'error: Invalid --env: "Pong-v5" (allowed: one of CartPole-v1, MountainCar-v0, Acrobot-v1, FlappyBird-v0, or your own module file as ./my-env.js:MyEnv-v0)\n'],
    [['train', '--steps', '-5'], 'error: Invalid --steps: -5 (allowed: an integer >= 1)\n'],
    // Errors name the flag typed, not the config field behind it; a --set key keeps its own name.
    [['train', '--steps', '0'], 'error: Invalid --steps: 0 (allowed: an integer >= 1)\n'],
    [['train', '--seed', '-5'], 'error: Invalid --seed: -5 (allowed: an integer in [0, 2147483647])\n'],
    // A mistyped id gets the one it likely meant (a typo, another capitalisation, no version or another one).
    [['train', '--env', 'CartPole'], 'error: Invalid --env: "CartPole" (did you mean CartPole-v1? allowed: one of CartPole-v1, MountainCar-v0, Acrobot-v1, FlappyBird-v0, or your own module file as ./my-env.js:MyEnv-v0)\n'],
    [['train', '--env', 'CartPol-v1'], 'error: Invalid --env: "CartPol-v1" (did you mean CartPole-v1? allowed: one of CartPole-v1, MountainCar-v0, Acrobot-v1, FlappyBird-v0, or your own module file as ./my-env.js:MyEnv-v0)\n'],
    [['start', '--env', 'cartpole-v1'], 'error: Invalid --env: "cartpole-v1" (did you mean CartPole-v1? allowed: one of CartPole-v1, MountainCar-v0, Acrobot-v1, FlappyBird-v0, or your own module file as ./my-env.js:MyEnv-v0)\n'],
    [['train', '--engine', 'gpu'], 'error: Invalid --engine: "gpu" (allowed: one of fused, tfjs)\n'],
    [['train', '--set', 'totalTimesteps=0'], 'error: Invalid totalTimesteps: 0 (allowed: an integer >= 1)\n'],
    // A flag and --set for the same option: neither silently wins.
    [['train', '--steps', '100', '--set', 'totalTimesteps=300'], 'error: Give totalTimesteps once: --steps 100 and --set totalTimesteps=300 both set it\n'],
    // --set env would keep the preset of another env: the env is --env's, which picks its preset too.
    [['train', '--env', 'CartPole-v1', '--set', 'env=MountainCar-v0'], "error: --set env=MountainCar-v0 is not allowed: give the environment as --env MountainCar-v0, which also picks its preset (--set changes options on top of the preset, so another env's hyper-parameters would stay)\n"],
    [['train', '--preset', 'CartPole-v1', '--set', 'env=Acrobot-v1', '--out', NO_RUNS], "error: --set env=Acrobot-v1 is not allowed: give the environment as --env Acrobot-v1, which also picks its preset (--set changes options on top of the preset, so another env's hyper-parameters would stay)\n"],
    [['train', '--set', 'env=Acrobot-v1', '--print-config'], "error: --set env=Acrobot-v1 is not allowed: give the environment as --env Acrobot-v1, which also picks its preset (--set changes options on top of the preset, so another env's hyper-parameters would stay)\n"],
    // The dashboard options do nothing without --serve.
    [['train', '--env', 'CartPole-v1', '--port', '8471', '--steps', '100', '--out', NO_RUNS], 'error: --port does nothing without --serve (it sets up the dashboard)\n'],
    [['train', '--host', '0.0.0.0', '--token', '--out', NO_RUNS], 'error: --host, --token do nothing without --serve (they set up the dashboard)\n'],
    [['train', '--resume', '/nonexistent/run', '--port', '9000'], 'error: --port does nothing without --serve (it sets up the dashboard)\n'],
    [['train', '--set', 'bufferSise=10'], expect.stringMatching(/^error: Unknown DQN option "bufferSise" \(did you mean bufferSize\? allowed: .*bufferSize.*\)\n$/)],
    [['train', '--preset', '/nonexistent/p.json'], 'error: Preset file not found: /nonexistent/p.json (or give a preset name: cleanrl, Acrobot-v1, CartPole-v1, FlappyBird-v0, MountainCar-v0)\n'],
    [['export', '--run', PRETRAINED_CARTPOLE, '--format', 'json', '--max-depth', '3'], 'error: --max-depth does nothing with --format json (it cuts --format dot and text)\n'],
    [['explain', '--run', PRETRAINED_CARTPOLE, '--state', '0,0,0,0', '--episodes', '3', '--norm', 'l2'], 'error: --norm, --episodes do nothing without --method (they set up the network explanations)\n'],
    [['train', '--no-mimic', '--lmut', 'maxLeaves=3'], 'error: --lmut does nothing with --no-mimic (it configures the online mimic)\n'],
    [['mimic', '--run', PRETRAINED_CARTPOLE, '--from', 'replay', '--epsilon', '0.1'], 'error: --epsilon does nothing with --from (it is the exploration of Active Play)\n'],
    [['serve', '--port', ''], 'error: Invalid --port: "" (allowed: an integer in [0, 65535])\n'],
    [['serve', '--agents', '/nonexistent/agents'], 'error: --agents /nonexistent/agents does not exist (it should hold agent folders such as agents/pretrained/CartPole-v1)\n'],
    [['train', '--env', 'CartPole-v1', '--lmut', 'maxLeaves', '--out', '/nonexistent/runs'], 'error: Invalid --lmut "maxLeaves" (allowed: key=value, e.g. --lmut maxLeaves=64)\n'],
    [['train', '--preset', 'nope'], expect.stringMatching(/^error: Unknown preset "nope" \(allowed: cleanrl, .*\)\n$/)],
    [['eval', '--run', '/nonexistent/run'], 'error: run directory not found: /nonexistent/run\n'],
    [['mimic', '--run', 'README.md'], "error: README.md is a file, not a run directory (give the folder a run was trained into, or a pretrained agent's)\n"],
    [['train', '--resume', '/nonexistent/run', '--seed', '3', '--set', 'gamma=0.5', '--no-mimic'], 'error: --seed, --set, --no-mimic cannot be combined with --resume: a resumed run keeps the settings in its config.json (only --steps may raise its total); start a new run to change them\n'],
    [['mimic', '--run', PRETRAINED_CARTPOLE, '--from', 'replay', '--force'], `error: ${PRETRAINED_CARTPOLE} has no checkpoint, so no replay buffer: use --from ${join(PRETRAINED_CARTPOLE, 'experience.bin')} (every state of its training, when recorded) or a CSV of states\n`],
    [['train', '--resume', '/nonexistent/run', '--steps', 'abc'], 'error: Invalid --steps: "abc" (allowed: an integer in [1, 1000000000000])\n'],
    // A published agent keeps no checkpoint: say so at once rather than first asking for --steps.
    [['train', '--resume', PRETRAINED_CARTPOLE], `error: ${PRETRAINED_CARTPOLE} has no checkpoint to resume from (nothing in checkpoints/): train a new run instead, e.g. \`qlens train --env CartPole-v1\`\n`],
    [['train', '--resume', PRETRAINED_CARTPOLE, '--out', NO_RUNS], 'error: --out cannot be combined with --resume: a resumed run keeps the settings in its config.json (only --steps may raise its total); start a new run to change them\n'],
    [['export', '--run', PRETRAINED_CARTPOLE, '--format', 'code', '--language', 'ts', '--out', join(NO_RUNS, 'policy.js')], `error: --language ts with --out ${join(NO_RUNS, 'policy.js')}: TypeScript does not run from a .js file; name it .ts or give --language js\n`],
    [['export', '--run', PRETRAINED_CARTPOLE, '--format', 'code', '--language', 'js', '--out', join(NO_RUNS, 'policy.ts')], `error: --language js with --out ${join(NO_RUNS, 'policy.ts')}: TypeScript checks a .ts file as TypeScript, where the JavaScript module's untyped parameters fail strict mode; name it .js or give --language ts\n`],
    [['export', '--run', PRETRAINED_CARTPOLE, '--format', 'code', '--language', 'js', '--out', join(NO_RUNS, 'policy.py')], `error: --language js with --out ${join(NO_RUNS, 'policy.py')}: JavaScript does not run from a .py file; name it .js or give --language py\n`],
    [['export', '--run', PRETRAINED_CARTPOLE, '--format', 'code', '--language', 'rb'], 'error: Invalid --language: "rb" (allowed: js, ts, py)\n'],
    [['serve', '--runs', TWO_STATES_CSV, '--port', '0'], `error: --runs ${TWO_STATES_CSV} is a file, not a folder (give the folder that holds run directories)\n`],
    [['mimic', '--run', PRETRAINED_CARTPOLE, '--from', TWO_STATES_CSV, '--out', NO_RUNS], `error: ${TWO_STATES_CSV}: 2 states; Experience Training needs at least 5 (the linear model it is compared with fits a weight per feature and a bias)\n`],
    [['train', '--preset', PRESET_WITHOUT_DESCRIPTION, '--out', NO_RUNS], `error: ${PRESET_WITHOUT_DESCRIPTION}: description: required (string)\n`],
    [['train', '--preset', PRESET_WITH_TYPO, '--out', NO_RUNS], `error: ${PRESET_WITH_TYPO}: unknown field "mimc" (allowed: format, version, env, description, dqn, mimic)\n`],
  ])('qlens %j fails with one line', async (args, message) => {
    // In-process (the same runCli the executable runs): ~50 CLI processes cost minutes of CPU.
    const r = await qlensInProcess(args as string[]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(message);
    expect(r.stdout).toBe('');
  });

  it('the executable itself exits 1 with that one line, for its own errors and commander\'s', async () => {
    expect(await qlens(['train', '--set', 'gamma=2']).done).toMatchObject({ code: 1, stdout: '', stderr: 'error: Invalid gamma: 2 (allowed: a number in [0, 1])\n' });
    const unknown = await qlens(['train', '--stepz', '5']).done;
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: unknown option '--stepz'/);
  });
});
