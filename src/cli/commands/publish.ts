/**
 * `qlens publish`: turns a finished run into a pretrained agent folder (`agents/pretrained/<env>/`):
 * copies the model, tree, config, metrics and summary, then measures and writes the model card.
 */
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { make } from '../../../envs/index.ts';
import { ConfigError, NotFoundError, QlensError } from '../../core/errors.ts';
import { readFileNamed } from '../../core/read-file.ts';
import { evaluatePolicy, type EvaluationResult, solvedVerdict } from '../../dqn/evaluate.ts';
import { loadTreeFile } from '../../explain/index.ts';
import type { LinearModelUTree } from '../../lmut/index.ts';
import { compareQ } from '../../mimic/agreement.ts';
import { decodeExperience, EXPERIENCE_FILE } from '../../mimic/experience-recorder.ts';
import { heldOutSet } from '../../mimic/offline.ts';
import { writeFilesTogether } from '../../runs/atomic.ts';
import { readFidelityFile } from '../../runs/fidelity-file.ts';
import { type LoadedRun, loadRunNetwork } from '../../runs/load-network.ts';
import { AGENT_FILES, MODEL_CARD_FILE, MODEL_CARD_TEXT, type ModelCard, modelCardMarkdown, REPLAY_GIF, REPLAY_SEED } from '../../runs/model-card.ts';
import { RUN_FILES, readSummary } from '../../runs/run-files.ts';
import { trainingProcess } from '../../runs/run-lock.ts';
import { resumeCommands, trainCommand } from '../../runs/train-command.ts';
import { episodeGif } from '../episode-gif.ts';
import { positiveInt } from '../numbers.ts';

// The tree is rewritten in its compact model form; the online tree stays with the run.
const COPIED = [RUN_FILES.config, RUN_FILES.model, RUN_FILES.weights, RUN_FILES.fidelity, RUN_FILES.metrics, RUN_FILES.summary];
const EVAL_SEED = 20_261_122;
const HELD_OUT_EPISODES = 20;

export function register(program: Command): void {
  program
    .command('publish')
    .description('Copy a finished run into a pretrained agent folder and write its measured model card')
    .requiredOption('--run <dir>', 'the finished run directory')
    .requiredOption('--out <dir>', 'the agent folder to write, e.g. agents/pretrained/CartPole-v1')
    .option('--episodes <n>', 'greedy evaluation episodes', '100')
    .option('--force', 'replace the agent already in the --out folder (e.g. a shipped agents/pretrained/<env>)')
    .option('--no-gif', `leave out ${REPLAY_GIF}, one greedy episode of the agent (seed ${REPLAY_SEED}) shown at the top of the card`)
    .option('--no-experience', "leave out experience.bin, the run's every visited state for Experience Training (4 bytes per feature per step: 48 MB per million steps of a 12-feature env)")
    .action(async (flags: { run: string; out: string; episodes: string; force?: boolean; experience: boolean; gif: boolean }) => {
      // Every flag and input is checked before anything is measured or written: --out is usually a shipped agent's folder.
      const episodes = positiveInt('episodes', flags.episodes, 100_000);
      checkOut(flags.out, flags.run, flags.force === true);
      const summary = readSummary(flags.run);
      if (summary?.status === 'running' && trainingProcess(flags.run) === null) {
        // Its process is gone (killed, crashed): the dashboard shows it stopped, and a resume finishes it.
        const what = summary.finishing ? 'training ended but the run was stopped while writing its final tree' : `the run was stopped at step ${summary.step} (its process is gone)`;
        throw new ConfigError('run', `${flags.run}: ${what}: finish it with \`qlens train --resume ${flags.run}\` first, then publish it`);
      }
      if (!summary || summary.status === 'running') throw new NotFoundError(`${flags.run}: not a finished run (no summary.json or still running)`);
      if (summary.status === 'interrupted' || summary.status === 'failed') {
        // A pretrained agent stands for what its preset trains; the card would not say it stopped part way.
        const what = summary.status === 'failed'
          ? `the run failed at step ${summary.step}${summary.error ? ` (${summary.error})` : ''}: publish a run that finished`
          : `the run was interrupted at step ${summary.step}: finish it with \`qlens train --resume ${flags.run}\` first, then publish it`;
        throw new ConfigError('run', `${flags.run}: ${what}`);
      }
      const loaded = await loadRunNetwork(flags.run);
      const { network, config } = loaded;
      const experiencePath = join(flags.run, EXPERIENCE_FILE);
      // Read once: checked here (a broken file is named, not shipped), and these bytes are what is shipped.
      const experience = flags.experience && existsSync(experiencePath) ? readFileNamed(experiencePath) : null;
      if (experience) decodeExperience(experience, experiencePath, config.envSpec.featureNames);
      // So are the tree and fidelity.json, and every copied file is read now: whatever does not load is named before --out is made.
      const treePath = join(flags.run, RUN_FILES.tree);
      const treeModel: LinearModelUTree | null = existsSync(treePath) ? loadTreeFile(readFileNamed(treePath, 'utf8'), treePath) : null;
      const fidelityPath = join(flags.run, RUN_FILES.fidelity);
      if (existsSync(fidelityPath)) readFidelityFile(fidelityPath);
      const copied = new Map(COPIED.filter((file) => existsSync(join(flags.run, file))).map((file) => [file, readFileNamed(join(flags.run, file))]));
      const gif = flags.gif ? await replayGif(loaded, treeModel ?? undefined) : null;
      const markdown = writingInto(flags.out, () => {
        const env = make(config.envSpec.id);
        const evaluation = evaluatePolicy(network, env, { episodes, seed: EVAL_SEED });
        let tree: ModelCard['tree'] = null;
        if (treeModel) {
          const held = heldOutSet(network, env, HELD_OUT_EPISODES, EVAL_SEED);
          const c = compareQ(held.q, treeModel.qBatch64(held.obs, held.n), held.n, network.nActions); // float64, as the tree acts
          const s = treeModel.summary;
          tree = { leaves: s.leaves, depth: s.depth, heldOutStates: held.n, heldOutEpisodes: HELD_OUT_EPISODES, rmse: c.rmse, agreement: c.agreement, qRange: c.qRange, greedy: returns(evaluatePolicy(treeModel, env, { episodes, seed: EVAL_SEED }), EVAL_SEED) };
        }
        // The card lists exactly what this folder receives.
        const files = [...copied.keys(), ...(treeModel ? [RUN_FILES.tree] : []), ...(experience ? [EXPERIENCE_FILE] : []), ...(gif ? [REPLAY_GIF] : []), MODEL_CARD_FILE, MODEL_CARD_TEXT];
        const dqn = config.dqn as { seed: number; hidden: number[]; dueling: boolean };
        const threshold = config.envSpec.rewardThreshold ?? null;
        const card: ModelCard = {
          format: 'qlens-model-card',
          version: 1,
          env: config.envSpec.id,
          preset: config.preset,
          seed: dqn.seed,
          steps: summary.step,
          wallSeconds: summary.wallSeconds,
          engine: config.engine,
          command: trainCommand(config),
          ...(config.totalChanges ? { resumes: resumeCommands(config) } : {}),
          network: { hidden: dqn.hidden, dueling: dqn.dueling },
          // The commit recorded when the run was trained; the checkout publish runs in may be another one entirely.
          commit: config.source?.commit ?? null,
          ...(config.source ? { dirty: config.source.dirty } : {}),
          ...(config.resumedSources ? { resumedSources: config.resumedSources } : {}),
          createdAt: config.createdAt,
          evaluation: returns(evaluation, EVAL_SEED),
          rewardThreshold: threshold,
          meanReturn: evaluation.mean,
          solved: solvedVerdict(evaluation.mean, episodes, threshold),
          tree,
          fidelity: tree ? { agreement: tree.agreement } : null,
          files,
        };
        const text = modelCardMarkdown(card);
        const written = new Map<string, string | Uint8Array>(copied);
        if (experience) written.set(EXPERIENCE_FILE, experience);
        if (gif) written.set(REPLAY_GIF, gif);
        if (treeModel) written.set(RUN_FILES.tree, JSON.stringify(treeModel.toJSON({ form: 'model' })));
        written.set(MODEL_CARD_FILE, `${JSON.stringify(card, null, 2)}\n`);
        written.set(MODEL_CARD_TEXT, text);
        // All or nothing: a disk that fills part way leaves the old agent whole, never old and new files mixed.
        // A replaced agent keeps none of its old files (say a tree of another network); other files are not publish's.
        writeFilesTogether(flags.out, written, AGENT_FILES);
        return text;
      });
      process.stdout.write(markdown);
      // The agent is only usable where its environment is: the module is the author's code, not copied.
      if (config.envModule !== undefined) process.stdout.write(`\nnote: this agent's environment ${config.envSpec.id} comes from ${config.envModule}, which is not copied: ship that module with the agent (its config.json names it by that absolute path)\n`);
    });
}

/**
 * The card's GIF: the network playing seed 0 (the tree's pick captioned beside it), at most 500
 * steps 400 px wide, so a 1,000-step FlappyBird game does not make the folder megabytes larger.
 * An agent the GIF cannot be made for (an env that draws nothing, a platform without
 * @napi-rs/canvas) is published without one, and says so.
 */
async function replayGif(loaded: LoadedRun, tree: LinearModelUTree | undefined): Promise<Uint8Array | null> {
  try {
    return (await episodeGif(loaded, tree, { seed: REPLAY_SEED, maxSteps: 500, policy: 'network', perSecond: 30, maxWidth: 400 })).bytes;
  } catch (err) {
    if (!(err instanceof QlensError)) throw err;
    process.stderr.write(`note: published without ${REPLAY_GIF}: ${err.message}\n`);
    return null;
  }
}

/**
 * Makes --out and runs `write` in it. If `write` fails (an environment that throws while the agent is
 * measured, a full disk), what publish made goes again: the folder, with any parents it created, or,
 * in a folder that was there before, the files that were not. An earlier agent's files (under
 * --force) are only replaced once every new file is on disk (writeFilesTogether).
 */
function writingInto<T>(out: string, write: () => T): T {
  const made = mkdirSync(out, { recursive: true });
  const before = made === undefined ? new Set(readdirSync(out)) : null;
  try {
    return write();
  } catch (err) {
    if (made !== undefined) rmSync(made, { recursive: true, force: true });
    else for (const name of readdirSync(out)) if (!before!.has(name)) rmSync(join(out, name), { recursive: true, force: true });
    throw err;
  }
}

/** Refuses an --out that is a file, the run itself, or a folder that already holds files (unless --force). */
function checkOut(out: string, run: string, force: boolean): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new ConfigError('out', `--out ${out} is a file, not a folder: choose a new or empty folder`);
  if (existsSync(run) && realpathSync(out) === realpathSync(run)) throw new ConfigError('out', `--out ${out} is the run itself: choose another folder`);
  if (!force && readdirSync(out).length > 0) {
    throw new ConfigError('out', `--out ${out} already holds files: choose a new or empty folder, or replace it with --force`);
  }
}

function returns(r: EvaluationResult, seed: number) {
  return { episodes: r.returns.length, seed, meanReturn: r.mean, stdReturn: r.std, minReturn: r.min, maxReturn: r.max };
}
