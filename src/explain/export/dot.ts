/**
 * Graphviz DOT export (scikit-learn's `export_graphviz`, outside the model). Internal nodes show
 * their split, their samples and the greedy action at their mean state under the model they had
 * when they split; leaves show their samples, the greedy action at the leaf's mean state and the
 * Q-values there, filled with that action's colour (internal nodes stay white: their model no
 * longer predicts, and only a leaf's colour is an action the tree takes); a legend maps every
 * action to its colour. "samples" is the training samples in the node's region (tree-index.ts
 * `regionSamples`): a tree grown online has its counts apportioned at each split from the rows its
 * children inherited, so children add up to their parent and the leaves to the samples trained on. With `maxDepth`, an internal node deeper than that is drawn as
 * one `(...)` marker saying how deep the hidden branch is. Deterministic (pre-order, fixed
 * palette, fixed number format): a golden test pins the output.
 *
 *   dot -Tsvg tree.dot -o tree.svg
 */
import type { LinearModelUTree, NodeView } from '../../lmut/index.ts';
import { DEFAULT_PRECISION, formatNumber, formatQs } from '../format.ts';
import { type NameOptions, resolveNames } from '../names.ts';
import { edgeTest, greedyAtMean, indexTree, subtreeDepth } from '../tree-index.ts';
import { checkMaxDepth } from './options.ts';
import { actionColour, INTERNAL_FILL, TRUNCATED_FILL } from './palette.ts';

export interface DotExportOptions extends NameOptions {
  /** Deepest node whose split is drawn; deeper internal nodes become `(...)` markers. @default unlimited */
  maxDepth?: number;
  /** Significant digits of numbers. @default 4 */
  precision?: number;
  /** Font of every label. @default 'Helvetica' */
  fontName?: string;
}

/** A DOT double-quoted string: backslashes and quotes escaped, `lines` joined by centred line breaks. */
export function dotString(...lines: string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, ' ')).join('\\n')}"`;
}

export function exportDot(tree: LinearModelUTree, options: DotExportOptions = {}): string {
  const { featureNames, actionNames } = resolveNames(tree, options);
  const maxDepth = checkMaxDepth(options.maxDepth);
  const f = (v: number) => formatNumber(v, options.precision ?? DEFAULT_PRECISION);
  const font = dotString(options.fontName ?? 'Helvetica');
  const index = indexTree(tree);
  const out = [
    'digraph LMUT {',
    `  graph [fontname=${font}, ranksep=0.4];`,
    `  node [shape=box, style="rounded,filled", fillcolor="${INTERNAL_FILL}", fontname=${font}];`,
    `  edge [fontname=${font}];`,
  ];
  const leafNode = (n: NodeView) => {
    const greedy = greedyAtMean(tree, n);
    const qs = formatQs(n.model.actions.map((m) => m.baseline), options.precision ?? DEFAULT_PRECISION);
    const q = n.model.actions.map((m, k) => `Q(${actionNames[m.action]}) = ${qs[k]}`);
    out.push(`  n${n.id} [label=${dotString(`leaf #${n.id}`, `samples = ${index.regionSamples.get(n.id)}`, `greedy: ${actionNames[greedy]}`, ...q)}, fillcolor="${actionColour(greedy)}"];`);
  };
  const visit = (n: NodeView) => {
    if (n.isLeaf) return leafNode(n);
    const split = n.split!;
    const test = split.kind === 'threshold' ? `${featureNames[split.feature]} <= ${f(split.threshold)}` : 'split on the action';
    // The action split (the root of an `actionSplit` tree) has no model of its own: no greedy action.
    const greedy = split.kind === 'threshold' ? [`greedy: ${actionNames[greedyAtMean(tree, n)]}`] : [];
    out.push(`  n${n.id} [label=${dotString(`#${n.id}  ${test}`, `samples = ${index.regionSamples.get(n.id)}`, ...greedy)}];`);
    n.children.forEach((id, position) => {
      const child = index.byId.get(id)!;
      const t = edgeTest(n, position);
      const edgeLabel = t.kind === 'action' ? actionNames[t.action]! : t.op === '<=' ? 'true' : 'false';
      out.push(`  n${n.id} -> n${id} [label=${dotString(edgeLabel)}];`);
      if (!child.isLeaf && child.depth > maxDepth) {
        out.push(`  n${id} [label=${dotString('(...)', `branch of depth ${subtreeDepth(index, child)}`)}, fillcolor="${TRUNCATED_FILL}", style="rounded,filled,dashed"];`);
      } else visit(child);
    });
  };
  visit(index.root);
  // Legend: one swatch per action, in action order, side by side in a dashed box, under what the
  // counts mean and, last, right above the swatches, what the colours mean.
  const legendLabel = [
    'samples: counts of a tree grown online are apportioned at each split',
    'from the rows its children inherited, so children add up to their parent',
    'greedy action at leaf mean',
  ];
  out.push('  subgraph cluster_legend {', `    label=${dotString(...legendLabel)};`, '    style=dashed;');
  const legend = actionNames.map((_, a) => a);
  for (const a of legend) out.push(`    legend_${a} [label=${dotString(actionNames[a]!)}, fillcolor="${actionColour(a)}"];`);
  out.push(`    { rank=same; ${legend.map((a) => `legend_${a};`).join(' ')} }`);
  // Invisible edges keep the swatches in action order, left to right.
  for (let k = 0; k + 1 < legend.length; k++) out.push(`    legend_${legend[k]} -> legend_${legend[k + 1]} [style=invis];`);
  out.push('  }', '}');
  return `${out.join('\n')}\n`;
}
