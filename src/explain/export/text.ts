/**
 * Text exports: the tree in scikit-learn's `export_text` layout, and the rules one per leaf.
 *
 *   |--- pole_angle <= 0.05
 *   |   |--- leaf #3: 150 samples, greedy left; Q(left) = 13, Q(right) = 9
 *   |--- pole_angle >  0.05
 *   |   |--- truncated branch of depth 2
 *
 * `maxDepth` keeps the splits of nodes down to that depth (the root is 0); an internal node below
 * is replaced by sklearn's "truncated branch of depth N" line. A leaf's samples are the training
 * samples in its region (tree-index.ts `regionSamples`): a tree grown online has its counts
 * apportioned at each split from the rows its children inherited, so the leaves add up to the
 * samples trained on. Deterministic: a golden test pins it.
 */
import type { LinearModelUTree, NodeView } from '../../lmut/index.ts';
import { DEFAULT_PRECISION, formatNumber, formatQs } from '../format.ts';
import { type NameOptions, resolveNames } from '../names.ts';
import { conditionsText, linearFormText, type Rule } from '../rules.ts';
import { edgeTest, greedyAtMean, indexTree, subtreeDepth } from '../tree-index.ts';
import { checkMaxDepth } from './options.ts';

export interface TextExportOptions extends NameOptions {
  /** Deepest node whose split is printed; deeper branches become one marker line. @default unlimited */
  maxDepth?: number;
  /** Significant digits of numbers. @default 4 */
  precision?: number;
  /** Characters per indentation level (sklearn's `spacing`). @default 3 */
  spacing?: number;
}

export function exportText(tree: LinearModelUTree, options: TextExportOptions = {}): string {
  const names = resolveNames(tree, options);
  const maxDepth = checkMaxDepth(options.maxDepth);
  const precision = options.precision ?? DEFAULT_PRECISION;
  const spacing = options.spacing ?? 3;
  const index = indexTree(tree);
  const lines: string[] = [];
  const prefix = (level: number) => `${'|'.padEnd(spacing + 1).repeat(level)}|${'-'.repeat(spacing)} `;
  const f = (v: number) => formatNumber(v, precision);
  const leafLine = (leaf: NodeView) => {
    const qs = formatQs(leaf.model.actions.map((m) => m.baseline), precision);
    const q = leaf.model.actions.map((m, k) => `Q(${names.actionNames[m.action]}) = ${qs[k]}`).join(', ');
    return `leaf #${leaf.id}: ${index.regionSamples.get(leaf.id)} samples, greedy ${names.actionNames[greedyAtMean(tree, leaf)]}; ${q}`;
  };
  const visit = (node: NodeView, level: number) => {
    node.children.forEach((id, position) => {
      const child = index.byId.get(id)!;
      const test = edgeTest(node, position);
      const text = test.kind === 'action' ? `action = ${names.actionNames[test.action]}` : `${names.featureNames[test.feature]} ${test.op === '<=' ? '<=' : '> '} ${f(test.threshold)}`;
      lines.push(prefix(level) + text);
      if (child.isLeaf) lines.push(prefix(level + 1) + leafLine(child));
      else if (child.depth > maxDepth) lines.push(`${prefix(level + 1)}truncated branch of depth ${subtreeDepth(index, child)}`);
      else visit(child, level + 1);
    });
  };
  if (index.root.isLeaf) lines.push(prefix(0) + leafLine(index.root));
  else visit(index.root, 0);
  return `${lines.join('\n')}\n`;
}

export interface RulesTextOptions {
  /** Feature names for the linear forms (the rules' own conditions carry theirs); the tree's `featureNames`. */
  featureNames: readonly string[];
  /**
   * Significant digits, for reading: rounds the thresholds too. By default the linear forms get
   * RULES_PRECISION and each threshold the digits that keep float32 observations on its side.
   */
  precision?: number;
}

/**
 * Rules are there to be applied, not only read: at 4 digits an intercept near 58 is off by up to
 * 0.005, more than many leaves' gap between two actions, and the rules picked another action than
 * the tree on 8.3 % of CartPole's held-out play (6 digits: 0.15 %); at 8 they agreed with the tree
 * on every held-out state of all four pretrained agents when measured, and
 * test/unit/explain/rules-reproduce.test.ts reads them back and applies them on CartPole's and
 * MountainCar's play. Thresholds need their own rule (formatThreshold): at 8 digits, 0.7 % of
 * those between neighbouring float32 values moved across one.
 */
export const RULES_PRECISION = 8;

/** Each rule as an IF/THEN block, numbered in the given order. */
export function rulesText(rules: Rule[], options: RulesTextOptions): string {
  const precision = options.precision ?? RULES_PRECISION;
  const exact = options.precision === undefined;
  if (rules.length === 0) return 'No rules.\n';
  const blocks = rules.map((rule, k) => {
    const width = Math.max(...rule.models.map((m) => m.actionName.length));
    const forms = rule.models.map((m) => `Q(${m.actionName.padEnd(width)}) = ${linearFormText(m, options.featureNames, precision)}`);
    return [
      `Rule ${k + 1} (leaf #${rule.leafId}, ${rule.samples} samples, greedy at mean: ${rule.greedyActionName})`,
      `  IF   ${conditionsText(rule, precision, exact)}`,
      `  THEN ${forms[0]}`,
      ...forms.slice(1).map((form) => `       ${form}`),
    ].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
