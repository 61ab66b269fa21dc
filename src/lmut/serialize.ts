/**
 * The tree's file format (DESIGN.md §5: every JSON artefact carries `format` and `version` and is
 * validated on load). Two forms share one schema:
 *
 * - `model`: splits, counts, label variances and every node's linear models — what exporters,
 *   the dashboard and a standalone policy need. A tree loaded from it predicts and explains but
 *   cannot learn.
 * - `full`: additionally each leaf's statistics, memory and learner state plus the RNG, so online
 *   learning resumes exactly where it stopped (same result as never having saved).
 *
 * Numbers are written as JS numbers: float64 round-trips through JSON exactly, so predictions
 * after loading are bit-identical. Leaf memories, float32 samples and 90 % of a full tree's
 * values, are base64 float32 text since version 2 (exact too; version 1 wrote them as numbers, at
 * four times the bytes and a checkpoint's worth of stringify time). A model-form file is the same
 * in both versions, so it is still written as version 1. Loading reads both, validates everything
 * and throws `FileFormatError(fileName, reason)` naming the first problem.
 */
import { z } from 'zod';
import { ConfigError, FileFormatError, jsonErrorText } from '../core/errors.ts';
import { base64ToFloat32 } from '../core/float32-base64.ts';
import { Rng } from '../core/rng.ts';
import { type LmutConfig, resolveLmutConfig } from './config.ts';
import { learnerFromJSON } from './linear-model.ts';
import { SampleMemory } from './memory.ts';
import { LmutNode } from './node.ts';
import { LeafStats } from './stats.ts';

const int = z.number().int().nonnegative();
const nums = z.array(z.number());

const nodeSchema = z.object({
  id: int,
  parent: int.nullable(),
  depth: int,
  actions: z.array(int).min(1),
  samples: z.number().nonnegative(),
  inherited: int,
  born: int,
  labelVariance: nums,
  // Discriminated on `kind`, so a bad threshold is named down to its field (a plain union said "Invalid input" of the split).
  split: z
    .discriminatedUnion('kind', [z.object({ kind: z.literal('threshold'), feature: int, threshold: z.number() }), z.object({ kind: z.literal('action') })])
    .nullable(),
  children: z.array(int),
  model: z.object({ mean: nums, baseline: nums, weights: z.array(nums) }),
  learning: z
    .object({
      stats: z.object({ full: z.boolean(), n: z.number().nonnegative(), meanX: nums, cxx: nums, meanY: nums, cxy: nums, cyy: nums, cyyCross: nums.optional(), longRun: z.object({ n: z.number().nonnegative(), mean: nums, m2: nums }).optional() }),
      memory: z.object({ count: int, seen: int, rows: z.union([nums, z.string()]) }),
      learner: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('rls'), prior: nums }),
        z.object({ kind: z.literal('sgd'), v: nums }),
        z.object({ kind: z.literal('adam'), v: nums, m: nums, s: nums, t: int }),
      ]),
      sinceAttempt: z.number().int(),
    })
    .optional(),
});

const treeSchema = z.object({
  format: z.literal('qlens-lmut'),
  version: z.union([z.literal(1), z.literal(2)]),
  form: z.enum(['full', 'model']),
  obsDim: int.min(1),
  nActions: int.min(1),
  config: z.record(z.string(), z.unknown()),
  featureNames: z.array(z.string()),
  actionNames: z.array(z.string()),
  samplesSeen: int,
  recycled: int,
  nextId: int,
  rng: z.object({ format: z.literal('qlens-rng'), version: z.literal(1), state: z.array(int) }).optional(),
  nodes: z.array(nodeSchema).min(1),
});

export type LmutNodeJSON = z.infer<typeof nodeSchema>;
/** The saved tree (`tree.toJSON()`); `form: 'model'` omits every node's `learning`. */
export type LmutJSON = z.infer<typeof treeSchema>;

/** Everything a tree is made of; tree.ts builds itself from this. */
export interface TreeParts {
  obsDim: number;
  nActions: number;
  config: LmutConfig;
  featureNames: readonly string[];
  actionNames: readonly string[];
  root: LmutNode;
  samplesSeen: number;
  recycled: number;
  nextId: number;
  /** null for a model-only tree. */
  rng: Rng | null;
}

export function encodeTree(t: TreeParts, form: 'full' | 'model'): LmutJSON {
  const nodes: LmutNodeJSON[] = [];
  const d = t.obsDim;
  const visit = (n: LmutNode) => {
    const p = n.params();
    const k = n.actions.length;
    const j: LmutNodeJSON = {
      id: n.id,
      parent: n.parent ? n.parent.id : null,
      depth: n.depth,
      actions: Array.from(n.actions),
      samples: n.samples,
      inherited: n.inherited,
      born: n.born,
      labelVariance: Array.from(n.labelVariance()),
      split: n.split ? { ...n.split } : null,
      children: n.children.map((c) => c.id),
      model: { mean: Array.from(p.mean), baseline: Array.from(p.baseline), weights: Array.from({ length: k }, (_, c) => Array.from(p.weights.subarray(c * d, (c + 1) * d))) },
    };
    if (form === 'full' && n.state) {
      const s = n.state;
      j.learning = { stats: s.stats.toJSON(), memory: s.memory.toJSON(), learner: s.learner.toJSON(), sinceAttempt: s.sinceAttempt };
    }
    nodes.push(j);
    n.children.forEach(visit);
  };
  visit(t.root);
  const out: LmutJSON = {
    format: 'qlens-lmut',
    version: form === 'full' && t.rng ? 2 : 1,
    form: form === 'full' && t.rng ? 'full' : 'model',
    obsDim: t.obsDim,
    nActions: t.nActions,
    config: { ...t.config },
    featureNames: [...t.featureNames],
    actionNames: [...t.actionNames],
    samplesSeen: t.samplesSeen,
    recycled: t.recycled,
    nextId: t.nextId,
    nodes,
  };
  if (out.form === 'full') out.rng = t.rng!.toJSON();
  return out;
}

function pathText(path: PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/** Validates `input` (parsed JSON or its text) and rebuilds the tree's parts. */
export function decodeTree(input: unknown, fileName = 'tree JSON'): TreeParts {
  const fail = (reason: string): never => {
    throw new FileFormatError(fileName, reason);
  };
  let json = input;
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (e) {
      fail(`not valid JSON (${jsonErrorText(e)})`);
    }
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return fail('not a qlens-lmut tree (expected a JSON object)');
  const head = json as { format?: unknown; version?: unknown };
  if (head.format !== 'qlens-lmut') {
    return fail(head.format === undefined ? 'not a qlens-lmut tree (no "format" field)' : `not a qlens-lmut tree (format is ${JSON.stringify(head.format)})`);
  }
  if (head.version === undefined) return fail('has no "version" field (this qlens reads versions 1 and 2)');
  if (head.version !== 1 && head.version !== 2) return fail(`unsupported version ${JSON.stringify(head.version)} (this qlens reads versions 1 and 2)`);
  const parsed = treeSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = pathText(issue.path);
    const value = issue.path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), json);
    if (value === undefined) return fail(`missing field ${at}`);
    return fail(`invalid ${at}: ${value === null && issue.code === 'invalid_type' ? 'null (a NaN or Infinity?)' : issue.message}`);
  }
  const j = parsed.data;
  let config: LmutConfig;
  try {
    config = resolveLmutConfig(j.config);
  } catch (e) {
    if (e instanceof ConfigError) return fail(`config: ${e.message}`);
    throw e;
  }
  return buildParts(j, config, fail);
}

function buildParts(j: LmutJSON, config: LmutConfig, fail: (reason: string) => never): TreeParts {
  const d = j.obsDim;
  const A = j.nActions;
  if (j.featureNames.length !== d) fail(`featureNames has ${j.featureNames.length} names but obsDim is ${d}`);
  if (j.actionNames.length !== A) fail(`actionNames has ${j.actionNames.length} names but nActions is ${A}`);
  const full = j.form === 'full';
  let rng: Rng | null = null;
  if (full) {
    if (!j.rng) fail('missing field rng (required in the full form)');
    try {
      rng = Rng.fromJSON(j.rng);
    } catch (e) {
      fail(`invalid rng: ${(e as Error).message}`);
    }
  }
  const byId = new Map<number, { json: LmutNodeJSON; index: number }>();
  j.nodes.forEach((n, index) => {
    if (byId.has(n.id)) fail(`nodes[${index}]: duplicate id ${n.id}`);
    if (n.id >= j.nextId) fail(`nodes[${index}]: id ${n.id} is not below nextId ${j.nextId}`);
    byId.set(n.id, { json: n, index });
  });
  const rootJson = j.nodes[0]!;
  if (rootJson.parent !== null || rootJson.depth !== 0) fail('nodes[0] must be the root (parent null, depth 0)');
  // Routing reads Q of action a at position a of the root's models (routing.ts): all of them, in order.
  if (rootJson.actions.length !== A || rootJson.actions.some((a, i) => a !== i)) fail(`nodes[0]: actions ${JSON.stringify(rootJson.actions)} must be every action in order, 0 to ${A - 1}`);
  // The action split is the root's or none: the tree learns and routes by config.actionSplit.
  if ((rootJson.split?.kind === 'action') !== config.actionSplit) {
    fail(`nodes[0]: ${config.actionSplit ? 'config.actionSplit is true but the root does not split on the action' : 'the root splits on the action but config.actionSplit is false'}`);
  }
  const built = new Set<number>();
  const build = (n: LmutNodeJSON, parent: LmutNode | null, where: string): LmutNode => {
    // Counting nodes would let one child listed twice stand in for another never reached.
    if (built.has(n.id)) fail(`${where}: node ${n.id} is reached twice (a child listed twice, or under two splits)`);
    built.add(n.id);
    const k = n.actions.length;
    const check = (cond: boolean, what: string) => {
      if (!cond) fail(`${where}: ${what}`);
    };
    check(n.actions.every((a) => a < A) && new Set(n.actions).size === k, `actions must be distinct integers below nActions (${A})`);
    check(n.model.mean.length === d, `model.mean has ${n.model.mean.length} values; expected ${d} (obsDim)`);
    check(n.model.baseline.length === k, `model.baseline has ${n.model.baseline.length} values; expected ${k} (one per action)`);
    check(n.model.weights.length === k, `model.weights has ${n.model.weights.length} rows; expected ${k} (one per action)`);
    n.model.weights.forEach((w, c) => check(w.length === d, `model.weights[${c}] has ${w.length} values; expected ${d} (obsDim)`));
    check(n.labelVariance.length === k, `labelVariance has ${n.labelVariance.length} values; expected ${k}`);
    const node = new LmutNode(n.id, parent, n.depth, Int32Array.from(n.actions));
    node.samples = n.samples;
    node.inherited = n.inherited;
    node.born = n.born;
    node.frozen = { mean: Float64Array.from(n.model.mean), baseline: Float64Array.from(n.model.baseline), weights: Float64Array.from(n.model.weights.flat()) };
    node.frozenVar = Float64Array.from(n.labelVariance);
    if (n.split) {
      node.split = { ...n.split };
      const want = n.split.kind === 'action' ? A : 2;
      check(n.children.length === want, `a ${n.split.kind} split needs ${want} children, found ${n.children.length}`);
      if (n.split.kind === 'threshold') check(n.split.feature < d, `split feature ${n.split.feature} is not below obsDim (${d})`);
      else check(parent === null, 'only the root may split on the action');
      check(n.learning === undefined, 'an internal node cannot have learning state');
      node.children = n.children.map((id, c) => {
        const child = byId.get(id);
        if (!child) return fail(`${where}: child id ${id} does not exist`);
        const cw = `nodes[${child.index}]`;
        if (child.json.parent !== n.id) fail(`${cw}: parent is ${child.json.parent}, expected ${n.id}`);
        if (child.json.depth !== n.depth + 1) fail(`${cw}: depth is ${child.json.depth}, expected ${n.depth + 1}`);
        const expectActions = n.split!.kind === 'action' ? [n.actions[c]!] : n.actions;
        if (child.json.actions.length !== expectActions.length || child.json.actions.some((a, i) => a !== expectActions[i])) {
          fail(`${cw}: actions ${JSON.stringify(child.json.actions)} do not match its parent's split`);
        }
        return build(child.json, node, cw);
      });
    } else {
      check(n.children.length === 0, 'a leaf cannot have children');
      if (full) {
        check(n.learning !== undefined, 'missing field learning (every leaf has it in the full form)');
        node.state = buildState(n.learning!, j.version, d, k, config, check);
        node.frozen = null;
        node.frozenVar = null;
      }
    }
    return node;
  };
  const root = build(rootJson, null, 'nodes[0]');
  if (built.size !== j.nodes.length) fail(`${j.nodes.length - built.size} node(s) are not reachable from the root`);
  return { obsDim: d, nActions: A, config, featureNames: j.featureNames, actionNames: j.actionNames, root, samplesSeen: j.samplesSeen, recycled: j.recycled, nextId: j.nextId, rng };
}

function buildState(l: NonNullable<LmutNodeJSON['learning']>, version: 1 | 2, d: number, k: number, config: LmutConfig, check: (c: boolean, what: string) => void) {
  const wantFull = config.leafModel === 'rls';
  check(l.stats.full === wantFull, `learning.stats.full must be ${wantFull} for leafModel ${config.leafModel}`);
  const lengths = LeafStats.lengths(l.stats.full, d, k);
  for (const [key, len] of Object.entries(lengths)) {
    const got = (l.stats as unknown as Record<string, number[]>)[key]!.length;
    check(got === len, `learning.stats.${key} has ${got} values; expected ${len}`);
  }
  if (l.stats.cyyCross) check(l.stats.cyyCross.length === LeafStats.crossLength(k), `learning.stats.cyyCross has ${l.stats.cyyCross.length} values; expected ${LeafStats.crossLength(k)}`);
  if (l.stats.longRun) for (const key of ['mean', 'm2'] as const) check(l.stats.longRun[key].length === d, `learning.stats.longRun.${key} has ${l.stats.longRun[key].length} values; expected ${d}`);
  check(l.memory.count <= config.memorySize, `learning.memory.count ${l.memory.count} exceeds memorySize ${config.memorySize}`);
  check(l.memory.seen >= l.memory.count, 'learning.memory.seen is below its count');
  const rows = memoryRows(l.memory.rows, version, l.memory.count * (d + k), check);
  check(l.learner.kind === config.leafModel, `learning.learner.kind is ${l.learner.kind} but the config says leafModel ${config.leafModel}`);
  const vecs = l.learner.kind === 'rls' ? { prior: l.learner.prior } : l.learner.kind === 'sgd' ? { v: l.learner.v } : { v: l.learner.v, m: l.learner.m, s: l.learner.s };
  for (const [key, v] of Object.entries(vecs)) check(v.length === k * d, `learning.learner.${key} has ${v.length} values; expected ${k * d}`);
  const settings = { kind: config.leafModel, ridge: config.ridge, learningRate: config.learningRate, standardize: config.standardize };
  return {
    stats: LeafStats.fromJSON(l.stats, d, k),
    memory: SampleMemory.fromJSON({ ...l.memory, rows }, d, k, config.memorySize, config.memoryPolicy),
    learner: learnerFromJSON(settings, l.learner),
    sinceAttempt: l.sinceAttempt,
  };
}

/** A leaf memory's `count × (obsDim + actions)` values: numbers in version 1, base64 float32 text in version 2. */
function memoryRows(rows: number[] | string, version: 1 | 2, expected: number, check: (c: boolean, what: string) => void): ArrayLike<number> {
  const what = `count × (obsDim + actions) = ${expected}`;
  if (version === 1) {
    check(Array.isArray(rows), 'learning.memory.rows must be an array of numbers in version 1');
    check(rows.length === expected, `learning.memory.rows has ${rows.length} values; expected ${what}`);
    return rows as number[];
  }
  check(typeof rows === 'string', 'learning.memory.rows must be base64 float32 text in version 2');
  const values = base64ToFloat32(rows as string, expected);
  check(typeof values !== 'string', `learning.memory.rows ${values as string}, for ${what} values`);
  const bad = (values as Float32Array).findIndex((v) => !Number.isFinite(v));
  check(bad < 0, `learning.memory.rows value ${bad} is not a finite number`);
  return values as Float32Array;
}
