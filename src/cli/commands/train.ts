/**
 * `qlens train`: trains a DQN agent into a new run directory, or resumes one with `--resume`.
 * Options come from the preset, then flags, then `--set key=value`; the resolved config is printed
 * and saved with the run. Ctrl-C (or SIGTERM) writes a checkpoint and exits; a second Ctrl-C exits at once.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { listEnvs, make, resolveEnvArg } from '../../../envs/index.ts';
import { envArgText } from '../../../envs/env-module.ts';
import { DQN_OPTION_NAMES, type DqnConfig, resolveDqnConfig } from '../../dqn/config.ts';
import { defaultPresetFor, loadPreset } from '../../dqn/presets.ts';
import { LMUT_OPTION_NAMES } from '../../lmut/config.ts';
import { OnlineMimic } from '../../mimic/online.ts';
import { mimicPlugins, mimicPluginsFromRun } from '../../mimic/plugin.ts';
import { listCheckpoints } from '../../runs/checkpoint-store.ts';
import { readMetrics } from '../../runs/metrics.ts';
import { rewriteLiveLogForResume, runLogPath, TensorBoardLog } from '../../runs/tensorboard.ts';
import { RUN_FILES, readRunConfig, readSummary, type RunConfigFile } from '../../runs/run-files.ts';
import { refuseIfTraining, WAIT_TO_RESUME } from '../../runs/run-lock.ts';
import { ConfigError } from '../../core/errors.ts';
import { positiveInt } from '../numbers.ts';
import type { RunPlugin, TrainingRun } from '../../runs/training-run.ts';
import { FLAG_OF_FIELD } from '../../runs/train-command.ts';
import { collect, givenFlags, parseAssignments, parseValue, refuseGiven } from '../options.ts';
import { finishingMessage, outcomeLines, runOutcome, runProgress } from '../run-progress.ts';
import { resumeNote } from '../resume-note.ts';
import { parseSeeds, sweepSummary } from '../seed-sweep.ts';
import { onSignals, signalExitCode } from '../signals.ts';
import { addListenOptions, resolveServeFlags, type ServeFlags } from '../listen-options.ts';

interface TrainFlags extends ServeFlags {
  serve?: boolean;
  env?: string;
  preset?: string;
  steps?: string;
  seed?: string;
  seeds?: string;
  out: string;
  resume?: string;
  engine?: string;
  backend?: string;
  set?: string[];
  mimic: boolean;
  lmut?: string[];
  progress: boolean;
  json?: boolean;
  printConfig?: boolean;
  tensorboard?: string;
}

export function register(program: Command): void {
  const command = program
    .command('train')
    .description('Train a DQN agent (writes a run directory with config, metrics, checkpoints and the final model)')
    .option('--env <id>', "environment id, see `qlens envs`, or your own module as ./my-env.js:MyEnv-v0 (default: CartPole-v1, or the --preset's env)")
    .option('--preset <name>', "hyper-parameter preset: an env id with a preset, 'cleanrl', a .json path, or rl-baselines3-zoo hyper-parameters as a .yml path (default: the env's preset)")
    .option('--steps <n>', "total environment steps, totalTimesteps (default: the preset's)")
    .option('--seed <n>', 'random seed (default: 1)')
    .option('--seeds <list>', 'one run per seed, one after another, then a table across them: 1,2,3 or 1-5')
    .option('--out <dir>', 'directory that holds run directories', 'runs')
    .option('--resume <run>', 'continue a run directory from its newest checkpoint')
    .option('--engine <name>', 'train-step engine: fused (WebAssembly SIMD) or tfjs')
    .option('--backend <name>', 'with --engine tfjs, its backend: auto, node, wasm or cpu')
    .option('--set <key=value>', 'any DQN option, e.g. --set gamma=0.98 --set hidden=256,256 (repeatable)', collect)
    .option('--no-mimic', 'train without the online LMUT mimic')
    .option('--lmut <key=value>', 'an LMUT option for the online mimic, e.g. --lmut maxLeaves=64 (repeatable)', collect)
    .option('--no-progress', 'no progress bar or progress lines (the run directory and the final status still print)')
    .option('--json', 'print the result as JSON')
    .option('--print-config', 'print the resolved settings (preset, then flags, then --set: what config.json would hold) and exit without training')
    .option('--serve', 'serve the dashboard while training (see --port, --host, --token)')
    .option('--tensorboard <logdir>', "also log to TensorBoard event files in <logdir>/<run name>/, under Stable-Baselines3's tag names (its tensorboard_log), to compare with SB3 runs in `tensorboard --logdir <logdir>`");
  addListenOptions(command, 'dashboard port with --serve (when not given and 8080 is busy, the next free one; a port you give must be free)')
    .addHelpText('after', '\nExamples:\n  qlens train --env CartPole-v1\n  qlens train --env Acrobot-v1 --seed 3 --steps 100000 --serve\n  qlens train --env Acrobot-v1 --seeds 1-3\n  qlens train --env ./line-walk.js:LineWalk-v0 --steps 20000\n  qlens train --resume runs/CartPole-v1__tuned__1__1700000000')
    .action(async (flags: TrainFlags) => {
      if (flags.printConfig) {
        refuseGiven(command, ['resume', 'serve', 'seeds', 'tensorboard'], 'with --print-config (it prints the settings of a new run and exits)');
        const { config, preset, plugins } = await newRunSettings(flags, command);
        const mimic = plugins.find((p): p is OnlineMimic => p instanceof OnlineMimic)?.config ?? null;
        process.stdout.write(`${JSON.stringify({ preset: preset.name, dqn: config, mimic }, null, 2)}\n`);
        return;
      }
      // The log folder is made before any run is: one that cannot be (a file has its name) leaves no half-started run.
      if (flags.tensorboard !== undefined) mkdirSync(flags.tensorboard, { recursive: true });
      if (!flags.serve) {
        const given = givenFlags(command, SERVE_OPTIONS);
        refuseGiven(command, SERVE_OPTIONS, `without --serve (${given.length > 1 ? 'they set' : 'it sets'} up the dashboard)`);
      }
      const seeds = flags.seeds === undefined ? null : parseSeeds(flags.seeds);
      if (seeds) {
        refuseGiven(command, ['seed', 'resume', 'serve'], 'with --seeds (it trains one new run per seed, one after another)');
        if (Object.hasOwn(parseAssignments(flags.set, DQN_OPTION_NAMES), 'seed')) throw new ConfigError('seeds', '--set seed cannot be combined with --seeds (each run takes its seed from the list)');
      }
      const settings = flags.serve ? resolveServeFlags(flags) : null; // refuse a bad --host before training
      const createRun = async () => (flags.resume ? (await resumeRun(flags, command)).run : startRun(flags, command));
      if (settings) {
        const { serveWhileTraining } = await import('../serve-training.ts');
        const reason = await serveWhileTraining(createRun, {
          runsDir: flags.resume ? dirname(resolve(flags.resume)) : flags.out,
          host: settings.host,
          port: settings.port,
          token: settings.token,
          tryNextPorts: command.getOptionValueSource('port') !== 'cli',
          progress: flags.progress,
          description: (run) => [`training ${run.config.env} (engine ${run.config.engine}, seed ${run.config.seed}, ${run.config.totalTimesteps} steps) into ${run.dir}`, tensorBoardLine(run, flags)].filter((line) => line !== null).join('\n'),
        });
        if (reason === 'interrupted') process.exitCode = signalExitCode();
        return;
      }
      // One Ctrl-C handler for the whole command: it stops the run training now, and no further seed starts.
      let stopCurrent: (() => void) | null = null;
      let stopped = false;
      const stopListening = onSignals(() => {
        stopped = true;
        stopCurrent?.();
      });
      const outcomes: ReturnType<typeof runOutcome>[] = [];
      const report = () => {
        if (flags.json) process.stdout.write(`${JSON.stringify(seeds ? outcomes : outcomes[0])}\n`);
        else if (seeds && outcomes.length > 0) process.stdout.write(`\n${sweepSummary(outcomes, seeds, flags.out)}\n`);
      };
      try {
        for (const seed of seeds ?? [undefined]) {
          if (stopped) break;
          const { run, before } = flags.resume ? await resumeRun(flags, command) : { run: await startRun(seed === undefined ? flags : { ...flags, seed: String(seed) }, command), before: null };
          const show = flags.progress && !flags.json;
          const progress = runProgress(run, show);
          // Status lines: above the live bar when there is one; printed with --no-progress too (not with --json).
          const say = (line: string) => {
            if (show) progress.log(line);
            else if (!flags.json) process.stdout.write(`${line}\n`);
          };
          say(`run: ${run.dir}`);
          if (before && !run.unfinished) say(resumeNote(flags.resume!, run, before));
          say(`engine: ${run.config.engine}${run.config.engine === 'tfjs' ? `, tfjs backend: ${run.backend}` : ''}, env: ${run.config.env}, steps: ${run.config.totalTimesteps}, seed: ${run.config.seed}`);
          const tensorBoard = tensorBoardLine(run, flags);
          if (tensorBoard) say(tensorBoard);
          // First Ctrl-C (or SIGTERM): checkpoint and stop; a second one, a second later, quits at once.
          stopCurrent = () => {
            // Past training the checkpoint is written; what is left is the final tree, which a resume can write later.
            if (run.finishingNow) say(`the final tree is still being written (Ctrl-C again to quit at once: \`qlens train --resume ${run.dir}\` writes it later)`);
            else say('stopping: writing a checkpoint (Ctrl-C again to quit at once)');
            run.stop();
          };
          if (stopped) stopCurrent(); // the signal came while this run was being set up
          const result = await run
            .run({
              onEvent: (e) => progress.onEvent(e),
              onFinishing: (reason) => progress.log(finishingMessage(reason)),
            })
            .finally(() => progress.stop());
          stopCurrent = null;
          const outcome = runOutcome(result, progress.finalTree);
          outcomes.push(outcome);
          if (!flags.json) {
            const solved = result.solvedAtStep !== null ? `, solved at step ${result.solvedAtStep}` : '';
            // An interrupted run ends with the command that goes on with it (serve-training.ts says it when serving).
            const resume = result.reason === 'interrupted' ? [`resume it with: qlens train --resume ${result.dir}`] : [];
            process.stdout.write([`${result.reason}: ${result.step} steps, ${result.episodes} episodes in ${result.wallSeconds.toFixed(1)} s${solved}`, ...outcomeLines(outcome), result.dir, ...resume, ''].join('\n'));
          }
        }
      } catch (err) {
        if (seeds && outcomes.length > 0) report(); // the seeds that finished are not lost with the one that failed
        throw err;
      } finally {
        stopListening();
      }
      report();
      if (stopped) process.exitCode = signalExitCode();
    });
}

/**
 * The trainer, loaded once a run really starts: it brings tfjs (~1 s), which a command refused for
 * a bad flag, or `--print-config`, should not wait for.
 */
async function trainingRun(): Promise<typeof TrainingRun> {
  return (await import('../../runs/training-run.ts')).TrainingRun;
}

/** A flag and `--set` for the same option (`--steps 100 --set totalTimesteps=300`): refuse rather than let one silently win. */
function refuseTwice(flags: TrainFlags, assigned: Record<string, unknown>): void {
  for (const [key, flag] of Object.entries(FLAG_OF_FIELD)) {
    const given = flags[flag.slice(2) as 'env' | 'seed' | 'steps' | 'engine' | 'backend'];
    if (given !== undefined && Object.hasOwn(assigned, key)) {
      throw new ConfigError(key, `Give ${key} once: ${flag} ${given} and --set ${key}=${JSON.stringify(assigned[key])} both set it`);
    }
  }
}

async function startRun(flags: TrainFlags, command: Command): Promise<TrainingRun> {
  const { config, preset, plugins } = await newRunSettings(flags, command);
  const warning = neverTrainsWarning(config);
  if (warning && !warned.has(warning)) {
    process.stderr.write(`${warning}\n`);
    warned.add(warning); // once for a --seeds sweep
  }
  return logToTensorBoard(await (await trainingRun()).start(config, { runsDir: flags.out, preset: preset.name, plugins }), flags);
}

/** Where `--tensorboard` logs the run, for the lines under the run's folder. */
function tensorBoardLine(run: TrainingRun, flags: TrainFlags): string | null {
  return flags.tensorboard === undefined ? null : `TensorBoard log: ${runLogPath(flags.tensorboard, run.dir)} (view with: tensorboard --logdir ${flags.tensorboard})`;
}

/** `--tensorboard`: the run's events also go to an event file; a resumed run's rolling means start from its logged episodes. */
function logToTensorBoard(run: TrainingRun, flags: TrainFlags): TrainingRun {
  if (flags.tensorboard === undefined) return run;
  // The earlier segments' live files lose what the resume rewound (e.g. the final tree Ctrl-C grew).
  if (flags.resume) rewriteLiveLogForResume(flags.tensorboard, run.dir);
  const history = flags.resume ? readMetrics(join(run.dir, RUN_FILES.metrics), (e) => e.type === 'episode') : [];
  run.alsoLogTo(new TensorBoardLog(flags.tensorboard, run.dir, history, run.config.learningRate));
  return run;
}

const warned = new Set<string>();

/**
 * A run no longer than learningStarts only fills its replay buffer: the network keeps its random
 * weights, and the run still "completes". SB3 does the same silently; a short smoke run with
 * CleanRL's 10,000 (the default for an env without a preset) is the usual way to meet it.
 */
export function neverTrainsWarning(config: Pick<DqnConfig, 'totalTimesteps' | 'learningStarts' | 'trainFreq'>): string | null {
  const { totalTimesteps: total, learningStarts, trainFreq } = config;
  // Updates come at the steps past learningStarts that trainFreq divides (trainer.ts).
  const firstUpdate = (Math.floor(learningStarts / trainFreq) + 1) * trainFreq;
  if (total >= firstUpdate) return null;
  if (total > learningStarts) {
    return `warning: --steps ${total} ends before the first update, at step ${firstUpdate} (every trainFreq = ${trainFreq} steps after learningStarts = ${learningStarts}): the network will never train. Give --steps of at least ${firstUpdate}`;
  }
  return `warning: --steps ${total} is not above learningStarts = ${learningStarts} (random play that fills the replay buffer before the first update): the network will never train. Give --steps above ${learningStarts}, or --set learningStarts=<n> below ${total} (SB3's default is 100)`;
}

/** The resolved settings of a new run (preset, then flags, then --set), as config.json will hold them. */
async function newRunSettings(flags: TrainFlags, command: Command) {
  if (!flags.mimic) refuseGiven(command, ['lmut'], 'with --no-mimic (it configures the online mimic)');
  const assigned = parseAssignments(flags.set, DQN_OPTION_NAMES);
  refuseSetEnv(assigned);
  // `--env ./my-env.js:MyEnv-v0` imports the user's module first (Gymnasium's "module:EnvId").
  const envId = flags.env === undefined ? undefined : await resolveEnvArg(flags.env);
  const env = envId ?? 'CartPole-v1';
  // envId, not env: a zoo YAML file with one env's section takes it when --env is not given.
  const preset = loadPreset(flags.preset ?? defaultPresetFor(env), envId);
  if (envId !== undefined && preset.env !== envId) {
    // Allowed (a preset is a starting point), but easy to do by mistake: rl-zoo's hyper-parameters are per env too.
    process.stderr.write(`note: preset ${preset.name} was tuned for ${preset.env}; training ${envId} with its settings (leave out --preset for ${envId}'s own${defaultPresetFor(envId) === 'cleanrl' ? ", CleanRL's defaults" : ''})\n`);
  }
  const options: Record<string, unknown> = { ...preset.dqn, env: envId ?? preset.env };
  if (flags.steps !== undefined) options.totalTimesteps = parseValue(flags.steps);
  if (flags.seed !== undefined) options.seed = parseValue(flags.seed);
  if (flags.engine !== undefined) options.engine = flags.engine;
  if (flags.backend !== undefined) options.backend = flags.backend;
  refuseTwice(flags, assigned);
  Object.assign(options, assigned);
  const config = inFlagTerms(command, Object.keys(assigned), () => resolveDqnConfig(options, listEnvs()));
  if (config.engine === 'fused' && config.backend !== 'auto') {
    process.stderr.write(`note: backend ${config.backend} is tfjs's, unused by the fused engine (plain TypeScript, no tfjs): give --engine tfjs to train on it\n`);
  }
  const plugins: RunPlugin[] = [];
  if (flags.mimic) {
    const mimicOptions = { ...(preset.mimic ?? {}) } as Record<string, unknown>;
    mimicOptions.lmut = { ...((mimicOptions.lmut as object) ?? {}), ...parseAssignments(flags.lmut, LMUT_OPTION_NAMES, 'lmut', 'maxLeaves=64') };
    plugins.push(...mimicPlugins(mimicOptions, make(config.env).spec, config));
  }
  return { config, preset, plugins };
}

/**
 * `--set env=…` is refused: the env picks the preset (`--env Acrobot-v1` trains with Acrobot's), and
 * --set, applied on top of the preset, would silently keep another env's hyper-parameters.
 */
function refuseSetEnv(assigned: Record<string, unknown>): void {
  if (!Object.hasOwn(assigned, 'env')) return;
  const env = String(assigned.env);
  throw new ConfigError('set', `--set env=${env} is not allowed: give the environment as --env ${env}, which also picks its preset (--set changes options on top of the preset, so another env's hyper-parameters would stay)`);
}

/** The dashboard options: they do something only with --serve. */
const SERVE_OPTIONS = ['port', 'host', 'token'] as const;


/**
 * Runs `resolve`, restating a config error about a field the user set with a flag in terms of that
 * flag: `--steps 0` gives "Invalid --steps: 0 (…)", not "Invalid totalTimesteps: 0 (…)". A field set
 * by `--set` (which wins over the flag) keeps its own name, as the user typed it.
 */
function inFlagTerms<T>(command: Command, setKeys: readonly string[], resolve: () => T): T {
  try {
    return resolve();
  } catch (err) {
    throw restated(err, command, setKeys);
  }
}

function restated(err: unknown, command: Command, setKeys: readonly string[]): unknown {
  if (!(err instanceof ConfigError)) return err;
  const flag = FLAG_OF_FIELD[err.field];
  if (flag === undefined || setKeys.includes(err.field) || command.getOptionValueSource(flag.slice(2)) !== 'cli') return err;
  return err.as(flag);
}

/** Options that define a new run: a resumed run keeps its config.json, so these would be silently lost. */
// --out too: a resumed run goes on in its own folder.
const NEW_RUN_OPTIONS = ['env', 'preset', 'seed', 'engine', 'backend', 'set', 'lmut', 'mimic', 'out'] as const;

/** The resumed run, and its config.json as it was before (the total before any --steps given now, for the resume's opening line). */
async function resumeRun(flags: TrainFlags, command: Command): Promise<{ run: TrainingRun; before: RunConfigFile }> {
  const dir = flags.resume!;
  const given = givenFlags(command, NEW_RUN_OPTIONS);
  if (given.length > 0) {
    throw new ConfigError('resume', `${given.join(', ')} cannot be combined with --resume: a resumed run keeps the settings in its config.json (only --steps may raise its total); start a new run to change them`);
  }
  const steps = flags.steps !== undefined ? positiveInt('steps', flags.steps, 1e12) : undefined;
  const config = readRunConfig(dir); // names a folder that is not a run
  // Said first: while another process trains it, its checkpoints and status are still changing.
  refuseIfTraining(dir, WAIT_TO_RESUME);
  if (listCheckpoints(dir).length === 0) {
    // A published agent keeps only its final network: offering --steps first would only lead here.
    throw new ConfigError('resume', `${dir} has no checkpoint to resume from (nothing in checkpoints/): train a new run instead, e.g. \`qlens train --env ${envArgText(config.envSpec.id, config.envModule)}\``);
  }
  const summary = readSummary(dir);
  if (steps === undefined && summary && (summary.status === 'completed' || summary.status === 'solved')) {
    throw new ConfigError('steps', `${dir} has already finished (${summary.status} at step ${summary.step}): give --steps above ${summary.step} to train it further`);
  }
  // Its log folder is known before the run is touched: one that cannot be made leaves the run as it was.
  if (flags.tensorboard !== undefined) mkdirSync(runLogPath(flags.tensorboard, dir), { recursive: true });
  let run: TrainingRun;
  try {
    run = await (await trainingRun()).resume(dir, { totalTimesteps: steps, plugins: mimicPluginsFromRun(config) });
  } catch (err) {
    throw restated(err, command, []); // a total at or below the checkpoint's step: say --steps
  }
  logToTensorBoard(run, flags);
  if (run.unfinished) {
    process.stderr.write(`note: ${dir} ended training (${run.unfinished} at step ${run.trainer.step}) but was stopped while writing its final tree: writing it now\n`);
  } else {
    const warning = emptyReplayWarning(dir, run);
    if (warning) process.stderr.write(`${warning}\n`);
  }
  return { run, before: config };
}

/**
 * A checkpoint saved without its replay buffer (saveReplay=false) resumes with an empty one. As SB3
 * does, go on, but say so: the trainer learns from whatever the buffer holds once past
 * learningStarts, so the first updates after the resume sample only the few new transitions.
 */
function emptyReplayWarning(dir: string, run: Pick<TrainingRun, 'config' | 'trainer'>): string | null {
  const { step, buffer } = run.trainer;
  if (buffer.size > 0) return null;
  const { learningStarts } = run.config;
  const cause = run.config.saveReplay ? 'its checkpoint holds no replay buffer' : 'it was trained with saveReplay=false, so its checkpoint holds no replay buffer';
  const why = `warning: ${dir}: ${cause} and training goes on from an empty one`;
  return step >= learningStarts
    ? `${why}: step ${step} is past learningStarts (${learningStarts}), so learning resumes at once, sampling only the transitions gathered since the resume`
    : `${why}: it refills before learning starts at step ${learningStarts} (learningStarts), as planned`;
}
