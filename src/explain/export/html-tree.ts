/**
 * The tree in the HTML report as nested collapsible `<details>` (no script needed): each entry
 * reads like a line of `export_text` — the condition that leads to it, then for an internal node
 * its samples and for a leaf its samples, greedy action (colour swatch) and Q-values at its mean.
 * Samples are the training samples in the node's region (tree-index.ts `regionSamples`, apportioned
 * at each split of a tree grown online). The first levels start open.
 */
import { REGION_SAMPLES_TEXT } from '../grown-text.ts';
import type { LinearModelUTree, NodeView } from '../../lmut/index.ts';
import { formatCount, formatNumber, formatQs } from '../format.ts';
import type { Names } from '../names.ts';
import { edgeTest, greedyAtMean, type TreeIndex } from '../tree-index.ts';
import { esc } from './html-parts.ts';
import { actionColour } from './palette.ts';

/** Levels of the tree shown open when the page loads. */
const OPEN_LEVELS = 3;

export function htmlTree(tree: LinearModelUTree, index: TreeIndex, names: Names, precision: number): string {
  const f = (v: number) => formatNumber(v, precision);
  const leaf = (n: NodeView, condition: string) => {
    const greedy = greedyAtMean(tree, n);
    const qs = formatQs(n.model.actions.map((m) => m.baseline), precision);
    const q = n.model.actions.map((m, k) => `Q(${names.actionNames[m.action]}) = ${qs[k]}`).join(', ');
    return (
      `<div class="leaf" style="border-left-color: ${actionColour(greedy)}"><span class="cond">${esc(condition)}</span> &rarr; ` +
      `leaf #${n.id}: <span class="n">${formatCount(index.regionSamples.get(n.id)!)} samples</span>, greedy <b>${esc(names.actionNames[greedy]!)}</b>; ${esc(q)}</div>`
    );
  };
  const render = (n: NodeView, condition: string): string => {
    if (n.isLeaf) return leaf(n, condition);
    const kids = n.children.map((id, position) => {
      const t = edgeTest(n, position);
      const text = t.kind === 'action' ? `action = ${names.actionNames[t.action]}` : `${names.featureNames[t.feature]} ${t.op} ${f(t.threshold)}`;
      return `<li>${render(index.byId.get(id)!, text)}</li>`;
    });
    const open = n.depth < OPEN_LEVELS ? ' open' : '';
    return `<details${open}><summary><span class="cond">${esc(condition)}</span> <span class="n">node #${n.id}, ${formatCount(index.regionSamples.get(n.id)!)} samples</span></summary>\n<ul>\n${kids.join('\n')}\n</ul></details>`;
  };
  const legend = names.actionNames.map((a, k) => `<span class="swatch" style="background: ${actionColour(k)}"></span>${esc(a)}`).join('');
  const counts = `Samples are the training samples in each node’s region. ${REGION_SAMPLES_TEXT}`;
  return `<p class="meta">Leaves are coloured by the greedy action at their mean state:${legend}</p>\n<p class="meta">${esc(counts)}</p>\n<ul class="tree"><li>${render(index.root, 'root')}</li></ul>`;
}
