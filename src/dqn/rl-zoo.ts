/**
 * rl-baselines3-zoo's DQN hyper-parameters as a preset: `qlens train --preset dqn.yml --env
 * Acrobot-v1` trains with the zoo's tuned settings for that env, so an SB3 user's tuning carries
 * over without retyping it. Two YAML shapes are read:
 * - the zoo's `hyperparams/dqn.yml`: one section per env id;
 * - an agent's saved `config.yml` (what the zoo writes beside a trained model and Hugging Face shows
 *   for SB3 agents): one env's settings as a Python OrderedDict of key-value pairs.
 *
 * A zoo setting is relative to SB3's DQN defaults, not CleanRL's (ours), so the preset starts from
 * SB3's (`SB3_DQN_DEFAULTS`) and the file overrides them. Names are SB3's snake_case (`aliasOf`
 * reads them as ours); `n_timesteps`, `policy_kwargs: "dict(net_arch=[256, 256])"` and
 * `gradient_steps: -1` are translated; what we cannot do as the zoo means it (Atari wrappers,
 * frame stacking, several envs, schedules) is refused by name rather than dropped.
 */
import { readFileNamed } from '../core/read-file.ts';
import { basename } from 'node:path';
import { type CollectionTag, isSeq, Pair, parse, YAMLMap } from 'yaml';
import { aliasOf } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';
import { DQN_OPTION_NAMES } from './config.ts';

/** Stable-Baselines3 DQN's constructor defaults (and its MlpPolicy's net_arch): what a zoo file leaves out. */
export const SB3_DQN_DEFAULTS: Readonly<Record<string, unknown>> = {
  learningRate: 1e-4,
  bufferSize: 1_000_000,
  learningStarts: 100,
  batchSize: 32,
  tau: 1,
  gamma: 0.99,
  trainFreq: 4,
  gradientSteps: 1,
  targetUpdateInterval: 10_000,
  explorationFraction: 0.1,
  explorationInitialEps: 1,
  explorationFinalEps: 0.05,
  maxGradNorm: 10,
  loss: 'huber',
  hidden: [64, 64],
};

/** Zoo keys that change nothing we model: accepted and left out. */
const IGNORED = new Set(['optimize_memory_usage', 'device', 'verbose']);

/** Zoo keys we cannot honour as the zoo means them: refused with the reason. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  env_wrapper: 'environment wrappers are not applied',
  frame_stack: 'frame stacking is not applied',
  normalize: 'observation normalisation (VecNormalize) is not applied',
  env_kwargs: 'environment arguments are not passed',
  callback: 'callbacks are not run',
  replay_buffer_class: 'the replay buffer is the plain uniform one',
  replay_buffer_kwargs: 'the replay buffer is the plain uniform one',
  target_kl: 'DQN has no KL target',
};

export interface RlZooPreset {
  env: string;
  description: string;
  dqn: Record<string, unknown>;
}

/** `!!python/object/apply:collections.OrderedDict [[[key, value], …]]`, as the zoo saves config.yml: read as a mapping. */
const orderedDict: CollectionTag = {
  tag: 'tag:yaml.org,2002:python/object/apply:collections.OrderedDict',
  collection: 'seq',
  resolve(seq, onError) {
    const map = new YAMLMap();
    const pairs = seq.items[0];
    if (!isSeq(pairs)) return onError('an OrderedDict needs a list of [key, value] pairs'), map;
    for (const pair of pairs.items) {
      if (!isSeq(pair) || pair.items.length !== 2) return onError('an OrderedDict entry must be [key, value]'), map;
      map.items.push(new Pair(pair.items[0], pair.items[1]));
    }
    return map;
  },
};

/** Whether `path` names a YAML file (read as rl-zoo hyper-parameters). */
export function isYamlPreset(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** The zoo settings in `path` for `env` (the file's only env when it names one and `env` is not given), as a preset. */
export function loadRlZooPreset(path: string, env: string | undefined): RlZooPreset {
  const text = readFileNamed(path, 'utf8'); // a folder or a missing file is named as such, not as bad YAML
  let doc: unknown;
  try {
    doc = parse(text, { customTags: [orderedDict] });
  } catch (err) {
    throw new ConfigError('preset', `${path}: not readable as YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const { settings, envId } = pickSettings(path, doc, env);
  return { env: envId, description: `rl-baselines3-zoo's DQN hyper-parameters for ${envId} (${basename(path)}), over SB3's DQN defaults`, dqn: { ...SB3_DQN_DEFAULTS, ...translate(path, settings) } };
}

function pickSettings(path: string, doc: unknown, env: string | undefined): { settings: Record<string, unknown>; envId: string } {
  if (!isRecord(doc)) throw new ConfigError('preset', `${path}: expected rl-zoo hyper-parameters (env ids mapping to settings, or one agent's config.yml), got ${Array.isArray(doc) ? 'a list' : typeof doc}`);
  const sections = Object.keys(doc).filter((k) => isRecord(doc[k]));
  // An agent's config.yml holds one env's settings directly (n_timesteps, policy, …), not sections.
  if (sections.length === 0 || 'policy' in doc || 'n_timesteps' in doc) {
    if (env === undefined) throw new ConfigError('env', `${path} holds one agent's settings without its env: give --env`);
    return { settings: doc, envId: env };
  }
  if (env !== undefined) {
    const section = doc[env];
    if (!isRecord(section)) throw new ConfigError('env', `${path} has no settings for ${env} (it has: ${sections.join(', ')})`);
    return { settings: section, envId: env };
  }
  if (sections.length > 1) throw new ConfigError('env', `${path} has settings for ${sections.length} envs (${sections.join(', ')}): give --env`);
  return { settings: doc[sections[0]!] as Record<string, unknown>, envId: sections[0]! };
}

/** The zoo's settings as our DQN options. */
function translate(path: string, settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const where = `${path}: ${key}`;
    if (IGNORED.has(key)) continue;
    if (key in UNSUPPORTED) throw new ConfigError('preset', `${where}: not supported (${UNSUPPORTED[key]}); remove it to train without it`);
    if (key === 'policy') {
      if (value !== 'MlpPolicy') throw new ConfigError('preset', `${where}: ${JSON.stringify(value)} is not supported (allowed: MlpPolicy, the fully connected Q-network)`);
      continue;
    }
    if (key === 'n_envs') {
      if (value !== 1) throw new ConfigError('preset', `${where}: ${JSON.stringify(value)} is not supported (allowed: 1; training steps one env)`);
      continue;
    }
    if (key === 'n_timesteps') {
      out.totalTimesteps = typeof value === 'number' ? Math.round(value) : value;
      continue;
    }
    if (key === 'policy_kwargs') {
      out.hidden = netArch(where, value);
      continue;
    }
    if (key === 'train_freq' && Array.isArray(value)) {
      if (value[1] !== 'step') throw new ConfigError('preset', `${where}: ${JSON.stringify(value)} is not supported (allowed: a number of steps, or [n, "step"])`);
      out.trainFreq = value[0];
      continue;
    }
    if (typeof value === 'string' && /^(lin|linear)_/.test(value)) throw new ConfigError('preset', `${where}: the schedule ${JSON.stringify(value)} is not supported (allowed: a constant)`);
    const name = DQN_OPTION_NAMES.includes(key) ? key : aliasOf(key, DQN_OPTION_NAMES);
    if (name === null || name === 'env' || name === 'seed') throw new ConfigError('preset', `${where}: not a DQN setting qlens knows (its settings: ${DQN_OPTION_NAMES.join(', ')})`);
    out[name] = value;
  }
  return withSb3GradientSteps(out);
}

/** SB3's gradient_steps -1 (as many gradient steps as env steps collected since the last update) as the number it stands for. */
export function withSb3GradientSteps(options: Record<string, unknown>): Record<string, unknown> {
  if (options.gradientSteps === -1) options.gradientSteps = options.trainFreq ?? SB3_DQN_DEFAULTS.trainFreq;
  return options;
}

/** `dict(net_arch=[256, 256])` (the zoo writes policy_kwargs as Python source) or `{ net_arch: [...] }`. */
function netArch(where: string, value: unknown): unknown {
  if (isRecord(value)) {
    const extra = Object.keys(value).filter((k) => k !== 'net_arch');
    if (extra.length === 0 && Array.isArray(value.net_arch)) return value.net_arch;
  } else if (typeof value === 'string') {
    const m = /^\s*dict\(\s*net_arch\s*=\s*\[([\d\s,]*)\]\s*,?\s*\)\s*$/.exec(value);
    if (m) return m[1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  }
  throw new ConfigError('preset', `${where}: ${JSON.stringify(value)} is not supported (allowed: dict(net_arch=[…]), the hidden layer sizes)`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
