/**
 * Read-only views of tree nodes and the text explanation of one state (river's `debug_one`).
 * Views are detached plain objects: callers may keep, mutate or serialise them without touching
 * the tree.
 */
import type { LmutNode } from './node.ts';
import type { LinearModelView, NodeView, QDecomposition, SplitView } from './types.ts';

export interface Names {
  featureNames: readonly string[];
  actionNames: readonly string[];
}

export function modelView(node: LmutNode, names: Names): LinearModelView {
  const p = node.params();
  const d = p.mean.length;
  return {
    mean: Array.from(p.mean),
    actions: Array.from(node.actions, (action, c) => {
      const weights = Array.from(p.weights.subarray(c * d, (c + 1) * d));
      let intercept = p.baseline[c]!;
      for (let i = 0; i < d; i++) intercept -= weights[i]! * p.mean[i]!;
      return { action, actionName: names.actionNames[action]!, baseline: p.baseline[c]!, intercept, weights };
    }),
  };
}

export function splitView(node: LmutNode, names: Names): SplitView | null {
  const s = node.split;
  if (!s) return null;
  if (s.kind === 'action') return { kind: 'action' };
  return { kind: 'threshold', feature: s.feature, featureName: names.featureNames[s.feature]!, threshold: s.threshold };
}

export function nodeView(node: LmutNode, names: Names): NodeView {
  return {
    id: node.id,
    parent: node.parent ? node.parent.id : null,
    depth: node.depth,
    isLeaf: node.isLeaf,
    children: node.children.map((c) => c.id),
    split: splitView(node, names),
    samples: node.samples,
    labelVariance: Array.from(node.labelVariance()),
    model: modelView(node, names),
  };
}

/** "cart_position <= 0.1" or "> 0.1" for the branch from `parent` to `child`. */
export function conditionText(parent: LmutNode, child: LmutNode, names: Names): string {
  const s = parent.split!;
  if (s.kind === 'action') return `action = ${names.actionNames[parent.children.indexOf(child)]}`;
  const op = parent.children[0] === child ? '<=' : '>';
  return `${names.featureNames[s.feature]} ${op} ${fmt(s.threshold)}`;
}

function fmt(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

function signed(v: number): string {
  return v < 0 ? `- ${fmt(-v)}` : `+ ${fmt(v)}`;
}

/**
 * Text explanation: the path's conditions, then per action the leaf's baseline and the feature
 * terms, largest first. `paths[i]` is the root-to-leaf path used for `parts[i]`.
 */
export function debugText(obs: ArrayLike<number>, paths: LmutNode[][], parts: QDecomposition[], names: Names): string {
  const lines: string[] = [];
  const state = Array.from({ length: names.featureNames.length }, (_, i) => `${names.featureNames[i]}=${fmt(obs[i]!)}`);
  lines.push(`State: ${state.join(', ')}`);
  const seen = new Set<number>();
  parts.forEach((part, i) => {
    const path = paths[i]!;
    const leaf = path[path.length - 1]!;
    if (!seen.has(leaf.id)) {
      seen.add(leaf.id);
      lines.push(path.length > 1 ? 'Path:' : 'Path: (root is a leaf)');
      for (let j = 1; j < path.length; j++) lines.push(`  ${conditionText(path[j - 1]!, path[j]!, names)}`);
      lines.push(`Leaf #${leaf.id} (depth ${leaf.depth}, ${leaf.samples} samples)`);
    }
    const order = part.contributions.map((_, f) => f).sort((a, b) => Math.abs(part.contributions[b]!) - Math.abs(part.contributions[a]!) || a - b);
    const terms = order.map((f) => `${signed(part.contributions[f]!)} (${names.featureNames[f]})`);
    lines.push(`  Q(${names.actionNames[part.action]}) = ${fmt(part.q)} = ${fmt(part.baseline)} (baseline) ${terms.join(' ')}`.trimEnd());
  });
  return lines.join('\n');
}
