/**
 * What the dashboard reads from a tree, computed once per loaded tree (tree-cache.ts): every node as
 * a small DTO (split, training samples in its region, greedy action and Q at its mean state,
 * leaves and height below it), depth-limited subtrees for lazy expansion, and a state's root-to-leaf
 * node ids from flat typed arrays (no node views built per request).
 */
import { argmax } from '../core/q-function.ts';
import { collapseConditions, intervalText } from '../explain/index.ts';
import { indexTree, pathTests, type TreeIndex } from '../explain/tree-index.ts';
import type { LinearModelUTree, NodeView } from '../lmut/index.ts';
import type { TreeNodeDetail, TreeNodeDto } from './dto-tree.ts';

/** Split code in `feature`: a leaf, or the authors' split on the action. */
const LEAF = -1;
const ACTION_SPLIT = -2;

export class TreeModel {
  readonly index: TreeIndex;
  /** Node DTOs by id, pre-order (root first). */
  readonly dtos = new Map<number, TreeNodeDto>();
  /** Smallest and largest Q at any node's mean (the Q colour scale). */
  readonly qRange: [number, number];
  private readonly pos = new Map<number, number>();
  private readonly ids: Int32Array;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly kids: Int32Array[];

  /**
   * `current`: an online tree (a checkpoint's, still learning): an inner node's own models froze
   * when it split, early in training, so its Q and greedy action are what the tree answers now at
   * its mean state (through its leaves). A final tree learned a fixed network: its nodes' models hold.
   */
  constructor(
    readonly tree: LinearModelUTree,
    private readonly current = false,
  ) {
    this.index = indexTree(tree);
    const nodes = this.index.nodes;
    nodes.forEach((n, i) => this.pos.set(n.id, i));
    this.ids = Int32Array.from(nodes, (n) => n.id);
    this.feature = Int32Array.from(nodes, (n) => (!n.split ? LEAF : n.split.kind === 'action' ? ACTION_SPLIT : n.split.feature));
    this.threshold = Float64Array.from(nodes, (n) => (n.split?.kind === 'threshold' ? n.split.threshold : 0));
    this.kids = nodes.map((n) => Int32Array.from(n.children, (id) => this.pos.get(id)!));
    let lo = Infinity;
    let hi = -Infinity;
    // Children before parents (reverse pre-order), so leaf counts and heights add up bottom-up.
    for (let i = nodes.length - 1; i >= 0; i--) {
      const dto = this.describe(nodes[i]!);
      this.dtos.set(dto.id, dto);
      for (const q of dto.q) if (q !== null) (lo = Math.min(lo, q)), (hi = Math.max(hi, q));
    }
    this.qRange = Number.isFinite(lo) ? [lo, hi] : [0, 0];
  }

  get rootId(): number {
    return this.ids[0]!;
  }

  private describe(n: NodeView): TreeNodeDto {
    const kids = n.children.map((id) => this.dtos.get(id)!);
    const A = this.tree.nActions;
    const q: (number | null)[] = new Array<number | null>(A).fill(null);
    if (this.current && !n.isLeaf) {
      const now = this.tree.qValues64(n.model.mean);
      for (let a = 0; a < A; a++) q[a] = now[a]!;
      return this.dto(n, kids, q, argmax(q as number[]));
    }
    for (const m of n.model.actions) q[m.action] = m.baseline;
    // A node that models every action answers itself; below an action split the tree is asked.
    const greedy = n.model.actions.length === A ? argmax(q as number[]) : this.tree.act(n.model.mean);
    return this.dto(n, kids, q, greedy);
  }

  private dto(n: NodeView, kids: TreeNodeDto[], q: (number | null)[], greedy: number): TreeNodeDto {
    return {
      id: n.id,
      parent: n.parent,
      depth: n.depth,
      isLeaf: n.isLeaf,
      children: [...n.children],
      split: n.split,
      samples: this.index.regionSamples.get(n.id)!,
      greedyAction: greedy,
      q,
      leaves: n.isLeaf ? 1 : kids.reduce((s, k) => s + k.leaves, 0),
      height: n.isLeaf ? 0 : 1 + Math.max(...kids.map((k) => k.height)),
    };
  }

  has(id: number): boolean {
    return this.pos.has(id);
  }

  /** `root` and its descendants down to `maxDepth` levels below it, pre-order. */
  subtree(root: number, maxDepth: number): TreeNodeDto[] {
    const out: TreeNodeDto[] = [];
    const base = this.dtos.get(root)!.depth;
    const visit = (id: number) => {
      const dto = this.dtos.get(id)!;
      out.push(dto);
      if (dto.depth - base < maxDepth) for (const c of dto.children) visit(c);
    };
    visit(root);
    return out;
  }

  /** Follows one edge as the tree does (lmut/routing.ts `step`): `x[f] <= t` goes left; an action split goes to the action's child. */
  private next(i: number, obs: ArrayLike<number>, action: number): number {
    const f = this.feature[i]!;
    return f === ACTION_SPLIT ? this.kids[i]![action]! : this.kids[i]![obs[f]! <= this.threshold[i]! ? 0 : 1]!;
  }

  /** Dense index (pre-order position) of the leaf `obs` reaches for `action`. */
  leafIndex(obs: ArrayLike<number>, action: number): number {
    let i = 0;
    while (this.feature[i] !== LEAF) i = this.next(i, obs, action);
    return i;
  }

  /** Writes the dense indices root→leaf into `out` and returns how many. */
  pathInto(obs: ArrayLike<number>, action: number, out: Int32Array): number {
    let n = 0;
    for (let i = 0; ; i = this.next(i, obs, action)) {
      out[n++] = i;
      if (this.feature[i] === LEAF) return n;
    }
  }

  /** Node ids root→leaf for `obs` (for `action` below an action split), routed as the tree routes. */
  pathIds(obs: ArrayLike<number>, action: number): number[] {
    const out = new Int32Array(this.ids.length);
    return Array.from(out.subarray(0, this.pathInto(obs, action, out)), (i) => this.ids[i]!);
  }

  idAt(i: number): number {
    return this.ids[i]!;
  }

  dtoAt(i: number): TreeNodeDto {
    return this.dtos.get(this.ids[i]!)!;
  }

  /** One node with its linear models and the conditions that lead to it. */
  detail(id: number): TreeNodeDetail {
    const view = this.index.byId.get(id)!;
    const tests = pathTests(this.index, view);
    const names = this.tree.featureNames;
    const conditions = collapseConditions(tests, names);
    const action = tests.find((t) => t.kind === 'action');
    const actionName = action?.kind === 'action' ? this.tree.actionNames[action.action]! : null;
    return {
      ...this.dtos.get(id)!,
      labelVariance: view.labelVariance,
      model: view.model,
      conditions,
      actionName,
      conditionsText: [...(actionName !== null ? [`action = ${actionName}`] : []), ...conditions.map((c) => intervalText(c))],
      pathIds: [...this.ancestors(id), id],
    };
  }

  private ancestors(id: number): number[] {
    const out: number[] = [];
    for (let p = this.dtos.get(id)!.parent; p !== null; p = this.dtos.get(p)!.parent) out.push(p);
    return out.reverse();
  }
}
