/**
 * `qlens importance`: which features matter across the agent's own play, from both sides: the
 * tree's feature influence (the paper's measure) beside the network's mean |SHAP| (exact Shapley
 * values on states of its greedy play), per action's Q and advantage, and whether the two rank
 * the features alike. The dashboard's Global view shows the same numbers (same episodes, same
 * background); `--csv` writes every state's Shapley values as its Download CSV does.
 */
import type { Command } from 'commander';
import { make } from '../../../envs/index.ts';
import { featureInfluence } from '../../explain/index.ts';
import { spearman } from '../../explain/network/agreement.ts';
import { describeStates } from '../../explain/network/distribution.ts';
import { shapCsv } from '../../explain/network/shap-csv.ts';
import { byImportance, influenceShares, meanAbsolute, qImportance, rankingVerdict, shapSummary, type ShapSummary, targetValues } from '../../explain/network/shap-summary.ts';
import { BACKGROUND_PLAY, OWN_PLAY } from '../../explain/play-range.ts';
import { heldOutSet } from '../../mimic/offline.ts';
import { loadRunNetwork } from '../../runs/load-network.ts';
import { loadRunTree, runTreeFile } from '../../runs/load-tree.ts';
import { positiveInt } from '../numbers.ts';
import { writeOutputFile } from '../output-file.ts';
import { formatTable } from '../table.ts';

interface ImportanceFlags {
  run: string;
  tree?: string;
  states: string;
  csv?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('importance')
    .description('Which features matter across the agent’s own play: the tree’s feature influence beside the network’s mean |SHAP|')
    .requiredOption('--run <dir>', 'run directory or pretrained agent')
    .option('--tree <file>', "a tree grown for the run's agent elsewhere (`qlens mimic --out`) instead of the run's tree.json")
    .option('--states <n>', 'states of the agent’s greedy play to explain (10 to 100000)', '200')
    .option('--csv <file>', 'write every state’s feature values and Shapley values there (one row per state)')
    .option('--json', 'print the Shapley values and the table as JSON')
    .addHelpText('after', ['\nExamples:', '  qlens importance --run agents/pretrained/CartPole-v1', '  qlens importance --run agents/pretrained/Acrobot-v1 --states 500 --csv shap.csv'].join('\n'))
    .action(async (flags: ImportanceFlags) => {
      const maxStates = positiveInt('states', flags.states, 100_000, 10);
      const { network, config } = await loadRunNetwork(flags.run);
      const { featureNames, actionNames } = config.envSpec;
      const env = make(config.envSpec.id);
      const play = heldOutSet(network, env, OWN_PLAY.episodes, OWN_PLAY.seed);
      const backgroundStates = heldOutSet(network, env, BACKGROUND_PLAY.episodes, BACKGROUND_PLAY.seed);
      const { background, backgroundSize } = describeStates(backgroundStates, { space: env.observationSpace, seed: BACKGROUND_PLAY.seed });
      const summary = await shapSummary(network, play, { rows: background, n: backgroundSize }, { featureNames, actionNames, maxStates, seed: BACKGROUND_PLAY.seed });
      const hasTree = flags.tree !== undefined || runTreeFile(flags.run) !== null;
      const influence = hasTree ? featureInfluence(loadRunTree(flags.run, flags.tree), play) : null;
      const treeShare = influence && influence.total > 0 ? influenceShares(influence.features, featureNames.length) : null;
      const table = importanceTable(summary, treeShare);
      if (flags.csv !== undefined) writeOutputFile(flags.csv, shapCsv(summary));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ ...summary, episodes: OWN_PLAY.episodes, background: { ...BACKGROUND_PLAY, used: backgroundSize }, treeShare, importance: table.rows, spearman: table.rho })}\n`);
        return;
      }
      const how = summary.method === 'exact' ? 'exact Shapley values' : 'Shapley values from 256 permutations each';
      const lines = [
        `Feature importance over ${summary.values.length} states of the agent’s greedy play (${OWN_PLAY.episodes} episodes, ${play.n} states), most important first:`,
        '',
        table.text,
        '',
        `network: ${how} against ${backgroundSize} states of ${BACKGROUND_PLAY.episodes} greedy episodes; "|SHAP| Q" averages every action's Q, "|SHAP| adv" is one action's advantage (Q minus the actions' mean).`,
        treeShare
          ? `tree: share of the feature influence (Liu et al. 2018) on the same states. ${rankingSentence(table.rho, featureNames.length)}`
          : hasTree ? 'tree: no split changes the Q-values on these states (a single leaf?), so it has no influence to compare.' : `tree: none in ${flags.run} (grow one with \`qlens mimic --run ${flags.run}\`).`,
      ];
      if (flags.csv !== undefined) lines.push(`Wrote every state's values to ${flags.csv}.`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

interface ImportanceRow {
  feature: string;
  tree: number | null;
  q: number;
  [advantage: string]: string | number | null;
}

/** One row per feature, by the network's mean |SHAP| of Q; the Spearman ρ of that against the tree's shares. */
export function importanceTable(summary: ShapSummary, treeShare: number[] | null): { rows: ImportanceRow[]; text: string; rho: number | null } {
  const d = summary.featureNames.length;
  const q = qImportance(summary);
  const advantages = summary.actionNames.map((_, a) => meanAbsolute(targetValues(summary, { kind: 'advantage', action: a }), d));
  const rows = byImportance(q).map((i) => {
    const row: ImportanceRow = { feature: summary.featureNames[i]!, tree: treeShare ? treeShare[i]! : null, q: q[i]! };
    summary.actionNames.forEach((name, a) => (row[`adv_${name}`] = advantages[a]![i]!));
    return row;
  });
  const columns = ['feature', 'treePercent', 'q', ...summary.actionNames.map((a) => `adv_${a}`)];
  const headers = ['feature', 'tree influence %', '|SHAP| Q', ...summary.actionNames.map((a) => `|SHAP| adv ${a}`)];
  const shown = rows.map((r) => ({ ...r, treePercent: r.tree === null ? null : Math.round(1000 * r.tree) / 10 }));
  return { rows, text: formatTable(shown, columns, headers), rho: treeShare ? spearman(q, treeShare) : null };
}

function rankingSentence(rho: number | null, d: number): string {
  return rho === null ? 'The two rankings cannot be compared (one weighs every feature the same).' : `The tree and the network ${rankingVerdict(rho, d)}.`;
}
