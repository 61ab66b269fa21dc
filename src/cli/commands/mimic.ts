/**
 * `qlens mimic`: grows an LMUT for a trained agent, by Active Play (`--episodes`) or Experience
 * Training (`--from <states.csv>` or `--from replay`), then prints and saves its fidelity next to
 * CART and a linear model. Writes `tree.json` and `fidelity.json` into the run (or `--out`).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { make } from '../../../envs/index.ts';
import { ConfigError, DataError } from '../../core/errors.ts';
import { minTrainingStates } from '../../explain/baselines.ts';
import { formatFidelityTable } from '../../explain/index.ts';
import { leafCount } from '../../explain/format.ts';
import { LMUT_OPTION_NAMES, type LmutOptions, resolveLmutConfig } from '../../lmut/index.ts';
import { readStatesCsv } from '../../mimic/csv.ts';
import { EXPERIENCE_FILE, readExperienceFile } from '../../mimic/experience-recorder.ts';
import { activePlay, experienceTraining, type OfflineMimicResult, type PruneSummary } from '../../mimic/offline.ts';
import { fidelityFile, mimicBaselines } from '../../mimic/report.ts';
import { saveMimicData } from '../../mimic/save-data.ts';
import { writeFileAtomic, writeJsonAtomic } from '../../runs/atomic.ts';
import { readReplayObservations } from '../../runs/checkpoint-content.ts';
import { listCheckpoints, openCheckpoint } from '../../runs/checkpoint-store.ts';
import { loadRunNetwork } from '../../runs/load-network.ts';
import { refuseIfTraining } from '../../runs/run-lock.ts';
import { RUN_FILES } from '../../runs/run-files.ts';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { collect, parseAssignments, refuseGiven } from '../options.ts';
import { positiveInt, probability } from '../numbers.ts';
import { MAX_SEED } from '../../core/seed-range.ts';

const LMUT_EXAMPLE = 'splitCriterion=variance';

interface MimicFlags {
  run: string;
  episodes?: string;
  states?: string;
  from?: string;
  leaves?: string;
  lmut?: string[];
  epsilon: string;
  seed: string;
  heldOutEpisodes: string;
  evalEpisodes: string;
  saveData?: string;
  prune?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('mimic')
    .description("Grow an LMUT tree for a trained agent and report its fidelity beside CART and a linear model")
    .requiredOption('--run <dir>', 'run directory or pretrained agent')
    .option('--states <n>', 'Active Play: states the agent plays for the tree, in whole episodes (default 100000)')
    .option('--episodes <n>', 'Active Play: at most this many episodes')
    .option('--from <file>', "Experience Training: a run's experience.bin (every state visited in training), a CSV of states (header names the features), or 'replay' (the run's replay buffer)")
    .option('--leaves <n>', 'leaf budget (maxLeaves; default 256)')
    .option('--lmut <key=value>', 'any LMUT option, e.g. --lmut splitCriterion=variance (repeatable)', collect)
    .option('--epsilon <p>', 'Active Play: random-action probability while playing for the tree', '0.05')
    .option('--seed <n>', 'seed of play, shuffling and the tree', '1')
    .option('--held-out-episodes <n>', 'greedy episodes whose states are the held-out set', '20')
    .option('--eval-episodes <n>', 'episodes per greedy return (network, tree, CART, linear)', '100')
    .option('--prune <episodes>', 'after growing, prune the tree bottom-up against the states of this many greedy episodes (seeds of their own, never the held-out set\'s): a subtree becomes a leaf where that does not raise their Q error (Green & Sheppard 2024)')
    .option('--save-data <dir>', "write train.csv, heldout.csv (states with the network's Q) and predictions.csv (the LMUT's, CART's and the linear model's Q on the held-out states) there")
    .option('--out <dir>', 'where to write tree.json and fidelity.json (default: the run directory)')
    .option('--force', 'replace the tree.json and fidelity.json already in the output folder (the run\'s own, without --out)')
    .option('--json', 'print the fidelity file as JSON')
    .addHelpText('after', '\nExamples:\n  qlens mimic --run agents/pretrained/CartPole-v1 --states 100000 --out mimic/active-play\n  qlens mimic --run agents/pretrained/CartPole-v1 --from agents/pretrained/CartPole-v1/experience.bin --out mimic/experience\n  qlens mimic --run runs/<run> --from replay --leaves 64 --force')
    .action(async (flags: MimicFlags, command: Command) => {
      if (flags.from !== undefined) refuseGiven(command, ['epsilon'], 'with --from (it is the exploration of Active Play)');
      if ((flags.episodes !== undefined || flags.states !== undefined) && flags.from !== undefined) {
        throw new ConfigError('from', 'Choose one setting: --states/--episodes (Active Play) or --from (Experience Training), not both');
      }
      const seed = positiveInt('seed', flags.seed, MAX_SEED, 0);
      const assigned = parseAssignments(flags.lmut, LMUT_OPTION_NAMES, 'lmut', LMUT_EXAMPLE) as LmutOptions;
      if (flags.leaves !== undefined && assigned.maxLeaves !== undefined) {
        throw new ConfigError('leaves', `Give the leaf budget once: --leaves ${flags.leaves} and --lmut maxLeaves=${assigned.maxLeaves} both set it`);
      }
      // Without --leaves the LMUT's own default budget applies (src/lmut/config.ts).
      const lmutOptions: LmutOptions = flags.leaves !== undefined ? { ...assigned, maxLeaves: positiveInt('leaves', flags.leaves, 100_000) } : assigned;
      resolveLmutConfig(lmutOptions); // fail fast with the exact message, before any play
      const epsilon = probability('epsilon', flags.epsilon);
      const evalEpisodes = positiveInt('eval-episodes', flags.evalEpisodes, 100_000);
      const heldOutEpisodes = positiveInt('held-out-episodes', flags.heldOutEpisodes, 100_000);
      const pruneEpisodes = flags.prune === undefined ? undefined : positiveInt('prune', flags.prune, 100_000);
      // The run first (a mistyped --run must not become an empty folder below), then the output
      // folders: a bad path fails now, not after minutes of play, and before any file is replaced.
      const outDir = flags.out ?? flags.run;
      // The run's own tree.json is the trainer's to write while it trains (it saves one at the end).
      if (existsSync(outDir) && existsSync(flags.run) && realpathSync(outDir) === realpathSync(flags.run)) {
        refuseIfTraining(flags.run, 'write this tree elsewhere with --out <dir>, or wait for the run to end');
      }
      const { network, config } = await loadRunNetwork(flags.run);
      // The run's tree is what its dashboard, exports and model card describe, and a tree in another
      // folder may be someone's earlier result: replacing either is a choice, not a side effect.
      if (!flags.force && existsSync(join(outDir, RUN_FILES.tree))) {
        throw new ConfigError(
          'out',
          realpathSync(outDir) === realpathSync(flags.run)
            ? `${flags.run} already has a ${RUN_FILES.tree}: write the new tree elsewhere with --out <dir>, or replace the run's tree with --force`
            : `${outDir} already has a ${RUN_FILES.tree}: choose another --out folder, or replace it with --force`,
        );
      }
      mkdirSync(outDir, { recursive: true });
      if (flags.saveData) mkdirSync(flags.saveData, { recursive: true });
      const env = make(config.envSpec.id);
      const names = config.envSpec;
      const common = { seed, lmut: lmutOptions, heldOutEpisodes, ...(pruneEpisodes ? { pruneEpisodes } : {}) };
      let result: OfflineMimicResult;
      if (flags.from !== undefined) {
        const experience =
          flags.from === 'replay'
            ? readReplayObservations(replayCheckpoint(flags.run))
            : flags.from.endsWith('.bin')
              ? readExperienceFile(flags.from, names.featureNames)
              : readStatesCsv(flags.from, names.featureNames);
        const fewest = minTrainingStates(names.featureNames.length);
        if (experience.n < fewest) {
          throw new DataError(`${flags.from === 'replay' ? `${flags.run}'s replay buffer` : flags.from}: ${experience.n} state${experience.n === 1 ? '' : 's'}; Experience Training needs at least ${fewest} (the linear model it is compared with fits a weight per feature and a bias)`);
        }
        result = experienceTraining(network, env, names, { ...common, experience });
      } else {
        result = activePlay(network, env, names, {
          ...common,
          epsilon,
          ...(flags.episodes !== undefined ? { episodes: positiveInt('episodes', flags.episodes, 10_000_000) } : {}),
          ...(flags.states !== undefined ? { states: positiveInt('states', flags.states, 100_000_000) } : {}),
        });
      }
      const evalSeed = seed + 7;
      // Fitted once, so the predictions saved with --save-data are those of the baselines in the table.
      const baselines = mimicBaselines(result, evalSeed);
      const file = fidelityFile(network, env, result, { evalEpisodes, evalSeed, baselines });
      writeFileAtomic(join(outDir, RUN_FILES.tree), JSON.stringify(result.tree.toJSON({ form: 'model' })));
      writeJsonAtomic(join(outDir, RUN_FILES.fidelity), file);
      const savedData = flags.saveData ? saveMimicData(flags.saveData, result, baselines, names) : [];
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(file)}\n`);
        return;
      }
      const s = result.tree.summary;
      const how = result.setting === 'active-play' ? `Active Play, ${result.train.n} states` : `Experience Training, ${result.train.n} states`;
      process.stdout.write(
        `${config.envSpec.id}: tree of ${leafCount(s.leaves)} (depth ${s.depth}) from ${how} in ${result.seconds.toFixed(2)} s\n` +
          (result.pruned ? `${prunedText(result.pruned)}\n` : '') +
          `held-out: ${result.heldOut.n} states from ${common.heldOutEpisodes} greedy episodes\n\n` +
          `${formatFidelityTable(file.report)}\n\nwrote ${join(outDir, RUN_FILES.tree)} and ${join(outDir, RUN_FILES.fidelity)}\n` +
          (flags.saveData ? `wrote into ${flags.saveData}:\n${savedData.map((line) => `  ${line}\n`).join('')}` : ''),
      );
    });
}

/** What post-pruning did, in the words of the lines around it ("pruned: 152 -> 69 leaves ..."). */
function prunedText(p: PruneSummary): string {
  return `pruned: ${leafCount(p.leavesBefore)} -> ${leafCount(p.leavesAfter)} against ${p.states} states of ${p.episodes} greedy episode${p.episodes === 1 ? '' : 's'} (their Q RMSE ${p.rmseBefore.toPrecision(4)} -> ${p.rmseAfter.toPrecision(4)})`;
}

/** The newest checkpoint, which holds the replay buffer; a pretrained agent folder has none. */
function replayCheckpoint(run: string) {
  if (listCheckpoints(run).length === 0) {
    throw new ConfigError('from', `${run} has no checkpoint, so no replay buffer: use --from ${join(run, EXPERIENCE_FILE)} (every state of its training, when recorded) or a CSV of states`);
  }
  return openCheckpoint(run);
}
