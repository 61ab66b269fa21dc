/**
 * Options in, resolved config out (DESIGN.md §7). A component declares its options once as a zod
 * object built from the helpers below (each field knows its default and a plain-English "allowed"
 * text), and `resolveConfig` turns a partial, untrusted input into a frozen, complete config or
 * throws a `ConfigError` whose message names the field, the bad value and what is allowed:
 *
 *   Invalid gamma: 1.5 (allowed: a number in [0, 1])
 *   Unknown DQN option "bufferSise" (allowed: batchSize, bufferSize, …)
 */
import { z } from 'zod';
import { ConfigError } from './errors.ts';

type Range = { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean };

function rangeText(kind: 'an integer' | 'a number', r: Range): string {
  const { min, max } = r;
  if (min !== undefined && max !== undefined) {
    return `${kind} in ${r.minExclusive ? '(' : '['}${min}, ${max}${r.maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${kind} ${r.minExclusive ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${r.maxExclusive ? '<' : '<='} ${max}`;
  return kind;
}

function ranged(base: z.ZodNumber, r: Range): z.ZodNumber {
  let s = base;
  if (r.min !== undefined) s = r.minExclusive ? s.gt(r.min) : s.gte(r.min);
  if (r.max !== undefined) s = r.maxExclusive ? s.lt(r.max) : s.lte(r.max);
  return s;
}

/** Field builders. Each returns a schema with its default and its "allowed" description. */
export const opt = {
  int(defaultValue: number, r: Range = {}) {
    return ranged(z.number().int(), r).describe(rangeText('an integer', r)).default(defaultValue);
  },
  number(defaultValue: number, r: Range = {}) {
    return ranged(z.number(), r).describe(rangeText('a number', r)).default(defaultValue);
  },
  bool(defaultValue: boolean) {
    return z.boolean().describe('true or false').default(defaultValue);
  },
  oneOf<const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) {
    return z.enum(values).describe(`one of ${values.join(', ')}`).default(defaultValue as never);
  },
  /** A list of positive integers such as hidden layer sizes. */
  intList(defaultValue: number[], r: Range & { minLength?: number; maxLength?: number } = {}) {
    let s = z.array(ranged(z.number().int(), r));
    if (r.minLength !== undefined) s = s.min(r.minLength);
    if (r.maxLength !== undefined) s = s.max(r.maxLength);
    const len = r.maxLength !== undefined ? `${r.minLength ?? 0} to ${r.maxLength}` : `at least ${r.minLength ?? 0}`;
    return s.describe(`a list of ${len} values, each ${rangeText('an integer', r)}`).default(defaultValue);
  },
};

/** The description of the field at `path` (or of its nearest described ancestor, e.g. a list). */
function describeAt(schema: z.ZodType, path: PropertyKey[]): string | undefined {
  let node: z.ZodType | undefined = schema;
  let found: string | undefined;
  for (const key of path) {
    node = unwrap(node);
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(key)];
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else break;
    found = node?.description ?? unwrap(node)?.description ?? found;
  }
  return found;
}

/** The schema inside any `.default()` / `.optional()` wrappers. */
export function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  let n = node;
  while (n instanceof z.ZodDefault || n instanceof z.ZodOptional) n = n.unwrap() as z.ZodType;
  return n;
}

/** The value at `path` inside `input` (own properties only, so `__proto__` is never followed), else undefined. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, key) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function showValue(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Dotted path as a user would write it: `hidden[1]`, `lmut.maxDepth`. */
function pathText(path: PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/**
 * Validates `input` against `schema`, fills defaults, and returns a deep-frozen config.
 * `context` names the component in unknown-key messages ("DQN", "LMUT").
 */
export function resolveConfig<S extends z.ZodObject>(schema: S, input: unknown, context: string): Readonly<z.output<S>> {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(context, `${context} options must be an object, got ${showValue(input)}`);
  }
  const result = schema.strict().safeParse(input);
  if (!result.success) throw toConfigError(schema, input, context, result.error.issues[0]!);
  return deepFreeze(result.data) as Readonly<z.output<S>>;
}

function toConfigError(schema: z.ZodType, input: unknown, context: string, issue: z.core.$ZodIssue): ConfigError {
  if (issue.code === 'unrecognized_keys') {
    const parent = unwrap(issue.path.length ? schemaAt(schema, issue.path) : schema);
    const allowed = parent instanceof z.ZodObject ? Object.keys(parent.shape).sort().join(', ') : '';
    const key = issue.keys[0]!;
    const where = issue.path.length ? `${context} ${pathText(issue.path)}` : context;
    const guess = parent instanceof z.ZodObject ? closestKey(key, Object.keys(parent.shape)) : null;
    return new ConfigError(key, `Unknown ${where} option "${key}" ${guessThenAllowed(guess, allowed)}`);
  }
  const field = pathText(issue.path);
  const allowed = describeAt(schema, issue.path) ?? issue.message;
  return ConfigError.invalidValue(field, showValue(valueAt(input, issue.path)), allowed);
}

/**
 * Names SB3, CleanRL and Keras users type for an option that is called otherwise here (camelCase
 * and typos are found without a table). A name counts only where its target is an allowed option.
 */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  // SB3 policy_kwargs=dict(net_arch=[64, 64]) and CleanRL-style hidden-size flags.
  netarch: 'hidden',
  policykwargs: 'hidden',
  hiddensizes: 'hidden',
  hiddenlayers: 'hidden',
  layers: 'hidden',
  // CleanRL dqn.py's Args.
  envid: 'env',
  starte: 'explorationInitialEps',
  ende: 'explorationFinalEps',
  targetnetworkfrequency: 'targetUpdateInterval',
  trainfrequency: 'trainFreq',
  // SB3's and others' names for ours, and short forms.
  targetupdatefreq: 'targetUpdateInterval',
  lr: 'learningRate',
  adameps: 'adamEpsilon',
  steps: 'totalTimesteps',
  timesteps: 'totalTimesteps',
  nevalepisodes: 'evalEpisodes',
  savereplaybuffer: 'saveReplay',
  savefreq: 'checkpointFreq',
  loginterval: 'logFreq',
  doubleq: 'doubleDqn',
};

const folded = (k: string) => k.replace(/[_-]/g, '').toLowerCase();

/**
 * The option `key` names beyond doubt, though spelled otherwise: Stable-Baselines3's snake_case name
 * of it (`buffer_size` → `bufferSize`), its name there when ours differs (`net_arch` → `hidden`,
 * `lr` → `learningRate`), or another capitalisation. The CLI's `--set` reads these as the option.
 */
export function aliasOf(key: string, allowed: readonly string[]): string | null {
  const other = OTHER_NAMES[folded(key)];
  if (other !== undefined && allowed.includes(other)) return other;
  return allowed.find((k) => folded(k) === folded(key)) ?? null;
}

/**
 * How every unknown name is answered: `(did you mean <guess>? allowed: <allowed>)`, the guess left
 * out when none is close (`closestKey`). One wording for options, env ids, registration keys and shapes.
 */
export function guessThenAllowed(guess: string | null, allowed: string): string {
  return `(${guess ? `did you mean ${guess}? ` : ''}allowed: ${allowed})`;
}

/** The option a user most likely meant: an alias (`aliasOf`), or one typo away (two for long names). */
export function closestKey(key: string, allowed: readonly string[]): string | null {
  const same = aliasOf(key, allowed);
  if (same) return same;
  let best: string | null = null;
  let bestDistance = key.length >= 8 ? 3 : 2;
  for (const k of allowed) {
    const d = editDistance(folded(k), folded(key));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

function schemaAt(schema: z.ZodType, path: PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const key of path) {
    node = unwrap(node);
    node = node instanceof z.ZodObject ? (node.shape as Record<string, z.ZodType>)[String(key)] : undefined;
  }
  return node;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
