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
import { hasRunTree } from '../../runs/load-tree.ts';
import { loadTreeIfReadable } from '../../runs/optional-tree.ts';
import { positiveInt } from '../numbers.ts';
import { checkOutputFile, writeOutputFile } from '../output-file.ts';
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
    .option('--tree <file>', "a tree grown for the run's agent elsewhere (`qlens mimic --out`: its folder or its tree.json) instead of the run's tree.json")
    .option('--states <n>', 'states of the agent’s greedy play to explain (10 to 100000)', '200')
    .option('--csv <file>', 'write every state’s feature values and Shapley values there (one row per state)')
    .option('--json', 'print the Shapley values and the table as JSON')
    .addHelpText('after', ['\nExamples:', '  qlens importance --run agents/pretrained/CartPole-v1', '  qlens importance --run agents/pretrained/Acrobot-v1 --states 500 --csv shap.csv'].join('\n'))
    .action(async (flags: ImportanceFlags) => {
      const maxStates = positiveInt('states', flags.states, 100_000, 10);
      if (flags.csv !== undefined) checkOutputFile(flags.csv);
      const { network, config } = await loadRunNetwork(flags.run);
      // The network's Shapley values are the table and the tree adds a column, so a broken tree.json
      // is skipped with a warning, given before the minutes of Shapley values rather than after.
      const tree = loadTreeIfReadable(flags.run, flags.tree, undefined, "showing the network's Shapley values alone");
      const treeText = tree ? 'loaded' : hasRunTree(flags.run, flags.tree) ? 'unreadable' : 'none';
      const { featureNames, actionNames } = config.envSpec;
      const env = make(config.envSpec.id);
      const play = heldOutSet(network, env, OWN_PLAY.episodes, OWN_PLAY.seed);
      const backgroundStates = heldOutSet(network, env, BACKGROUND_PLAY.episodes, BACKGROUND_PLAY.seed);
      const { background, backgroundSize } = describeStates(backgroundStates, { space: env.observationSpace, seed: BACKGROUND_PLAY.seed });
      const summary = await shapSummary(network, play, { rows: background, n: backgroundSize }, { featureNames, actionNames, maxStates, seed: BACKGROUND_PLAY.seed });
      const influence = tree ? featureInfluence(tree, play) : null;
      const treeShare = influence && influence.total > 0 ? influenceShares(influence.features, featureNames.length) : null;
      const table = importanceTable(summary, treeShare);
      if (flags.csv !== undefined) writeOutputFile(flags.csv, shapCsv(summary));
      if (flags.json) {
        const decision = { importance: table.advantage, spearmanWithTree: table.advantageRho };
        process.stdout.write(`${JSON.stringify({ ...summary, episodes: OWN_PLAY.episodes, background: { ...BACKGROUND_PLAY, used: backgroundSize }, treeShare, treeStates: play.n, importance: table.rows, spearman: table.rho, decision })}\n`);
        return;
      }
      const how = summary.method === 'exact' ? 'exact Shapley values' : 'Shapley values from 256 permutations each';
      const lines = [
        `Feature importance over ${summary.values.length} states of the agent’s greedy play (${OWN_PLAY.episodes} episodes, ${play.n} states), most important first:`,
        '',
        table.text,
        '',
        `network: ${how} against ${backgroundSize} states of ${BACKGROUND_PLAY.episodes} greedy episodes; "|SHAP| Q" averages every action's Q, "|SHAP| adv" is one action's advantage (Q minus the actions' mean).`,
        ...(table.oneAdvantage ? [ONE_ADVANTAGE_NOTE] : []),
        ...treeLines(treeShare, treeText, flags.run, play.n, table, featureNames),
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

interface ImportanceTable {
  rows: ImportanceRow[];
  text: string;
  /** Spearman ρ of the network's mean |SHAP| of Q against the tree's influence shares. */
  rho: number | null;
  /** Per feature, the mean |SHAP| of the advantages, averaged over the actions: what decides the action. */
  advantage: number[];
  /** Spearman ρ of `advantage` against the tree's influence shares. */
  advantageRho: number | null;
  /** Whether the table shows one advantage column for two actions' identical ones. */
  oneAdvantage: boolean;
}

const ONE_ADVANTAGE_NOTE = "With two actions one action's advantage is minus the other's, so their |SHAP| are the same: one \"|SHAP| adv\" column stands for both.";

/** One row per feature, by the network's mean |SHAP| of Q; the Spearman ρ of that, and of the advantages', against the tree's shares. */
export function importanceTable(summary: ShapSummary, treeShare: number[] | null): ImportanceTable {
  const d = summary.featureNames.length;
  const q = qImportance(summary);
  const advantages = summary.actionNames.map((_, a) => meanAbsolute(targetValues(summary, { kind: 'advantage', action: a }), d));
  const advantage = Array.from({ length: d }, (_, i) => advantages.reduce((sum, m) => sum + m[i]!, 0) / advantages.length);
  const rows = byImportance(q).map((i) => {
    const row: ImportanceRow = { feature: summary.featureNames[i]!, tree: treeShare ? treeShare[i]! : null, q: q[i]! };
    summary.actionNames.forEach((name, a) => (row[`adv_${name}`] = advantages[a]![i]!));
    return row;
  });
  // A(s, a) = −A(s, b) with two actions: two columns of the same numbers only look like two findings.
  const oneAdvantage = summary.actionNames.length === 2;
  const advantageColumns = oneAdvantage ? [`adv_${summary.actionNames[0]}`] : summary.actionNames.map((a) => `adv_${a}`);
  const advantageHeaders = oneAdvantage ? ['|SHAP| adv (either action)'] : summary.actionNames.map((a) => `|SHAP| adv ${a}`);
  const columns = ['feature', 'treePercent', 'q', ...advantageColumns];
  const headers = ['feature', 'tree influence %', '|SHAP| Q', ...advantageHeaders];
  const shown = rows.map((r) => ({ ...r, treePercent: r.tree === null ? null : Math.round(1000 * r.tree) / 10 }));
  return {
    rows,
    text: formatTable(shown, columns, headers),
    rho: treeShare ? spearman(q, treeShare) : null,
    advantage,
    advantageRho: treeShare ? spearman(advantage, treeShare) : null,
    oneAdvantage,
  };
}

/**
 * The tree's lines: what its influence was measured on, how its ranking compares with the network's
 * on the Q-values (what the influence formula measures), and a reminder that the action is decided
 * by the advantages, which the tree's influence does not measure.
 */
function treeLines(treeShare: number[] | null, tree: 'loaded' | 'unreadable' | 'none', run: string, treeStates: number, table: ImportanceTable, featureNames: readonly string[]): string[] {
  if (tree === 'none') return [`tree: none in ${run} (grow one with \`qlens mimic --run ${run}\`).`];
  if (tree === 'unreadable') return [`tree: skipped, its file in ${run} does not load (see the warning; \`qlens mimic --run ${run} --force\` grows it again).`];
  if (!treeShare) return ['tree: no split changes the Q-values on these states (a single leaf?), so it has no influence to compare.'];
  const d = treeShare.length;
  // The variance drops behind the influence need many states: all of the episodes', as the dashboard's Global view measures it.
  const measured = `tree: share of the feature influence (Liu et al. 2018), measured on all ${treeStates} states of the agent's ${OWN_PLAY.episodes} held-out greedy episodes (the explained states are drawn evenly from them), as the dashboard's Global view does.`;
  const onQ = table.rho === null ? 'On the Q-values the two rankings cannot be compared (one weighs every feature the same).' : `On the Q-values (what the tree's influence measures), the tree and the network ${rankingVerdict(table.rho, d)}.`;
  return [measured, onQ, decisionLine(table, featureNames)];
}

/** What decides the action: the advantages, whose ranking the tree's influence (on Q) need not share. */
function decisionLine(table: ImportanceTable, featureNames: readonly string[]): string {
  const order = byImportance(table.advantage).map((i) => featureNames[i]);
  const column = table.oneAdvantage ? 'the "|SHAP| adv" column' : 'the "|SHAP| adv" columns, averaged over the actions';
  const versus = table.advantageRho === null ? '' : ` Set beside it, the tree's influence and the network's |SHAP| of the advantage ${rankingVerdict(table.advantageRho, featureNames.length)}.`;
  return `What decides the action is each action's advantage (Q minus the actions' mean), ${column}: there the network ranks ${order.join(' > ')}. The tree's influence measures the Q-values only and has no per-decision counterpart.${versus}`;
}
