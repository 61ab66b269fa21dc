/**
 * Turning command-line strings into option values. Numbers stay numbers, `true`/`false` booleans,
 * JSON arrays arrays; anything else stays a string, so the config validator can name the field and
 * show the value the user typed ("Invalid totalTimesteps: "abc" (allowed: …)").
 */
import type { Command } from 'commander';
import { aliasOf } from '../core/config.ts';
import { ConfigError } from '../core/errors.ts';

export function parseValue(raw: string): unknown {
  const text = raw.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (text.startsWith('[') || text.startsWith('{')) {
    try {
      return JSON.parse(text);
    } catch {
      return raw;
    }
  }
  // "64,64" for lists of numbers.
  if (/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?)+$/.test(text)) return text.split(',').map(Number);
  return raw;
}

const noted = new Set<string>();

/** Once per process: --seeds settles the same flags for every run. */
function noteOnce(note: string): void {
  if (noted.has(note)) return;
  noted.add(note);
  process.stderr.write(note);
}

/**
 * `--set key=value` (or `--lmut key=value`: `flag`, with an `example` of its own) pairs into an
 * options object. With the `allowed` option names, a name that means one of them beyond doubt
 * (SB3's `learning_rate`, `net_arch`; see `aliasOf`) is read as it, with a note on stderr: SB3 and
 * rl-zoo users type those, and the meaning is not in question. Anything else stays as typed, for the
 * validator to refuse with a did-you-mean.
 */
export function parseAssignments(pairs: string[] = [], allowed: readonly string[] = [], flag = 'set', example = 'gamma=0.98'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const typed: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError(flag, `Invalid --${flag} ${JSON.stringify(pair)} (allowed: key=value, e.g. --${flag} ${example})`);
    const name = pair.slice(0, eq).trim();
    const alias = allowed.includes(name) ? null : aliasOf(name, allowed);
    const key = alias ?? name;
    if (Object.hasOwn(typed, key) && typed[key] !== name) {
      throw new ConfigError(key, `--${flag} ${typed[key]} and --${flag} ${name} both set ${key}: give it once`);
    }
    if (alias) noteOnce(`note: --${flag} ${name} read as ${alias}\n`);
    typed[key] = name;
    out[key] = parseValue(pair.slice(eq + 1));
  }
  return out;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The options among `options` (attribute names) typed on the command line, as typed: `--max-depth`,
 * `--no-mimic`. Defaults and environment values do not count.
 */
export function givenFlags(command: Command, options: readonly string[]): string[] {
  return options.filter((o) => command.getOptionValueSource(o) === 'cli').map((o) => command.options.find((opt) => opt.attributeName() === o)?.long ?? `--${o}`);
}

/**
 * Options typed on the command line that the chosen mode does not use are an error, not silently
 * ignored: `export --format json --max-depth 3` would otherwise look like it cut the tree.
 */
export function refuseGiven(command: Command, options: readonly string[], why: string): void {
  const flags = givenFlags(command, options);
  if (flags.length === 0) return;
  throw new ConfigError(flags[0]!.replace(/^--(no-)?/, ''), `${flags.join(', ')} ${flags.length > 1 ? 'do' : 'does'} nothing ${why}`);
}
