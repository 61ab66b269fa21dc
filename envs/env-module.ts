/**
 * Your own environments, the way Gymnasium's `make("module:EnvId-v0")` finds them: `--env
 * ./line-walk.js:LineWalk-v0` imports the module, registers what its default export describes and
 * makes that id. A module's default export is one registration or a list of them:
 *
 *   export default { id: 'LineWalk-v0', create: () => new LineWalk(), maxEpisodeSteps: 50,
 *                    rewardThreshold: -6, featureNames: ['position'], actionNames: ['left', 'right'] };
 *
 * `create` returns an object with Gymnasium's methods (see user-env.ts). Each module is imported
 * once per process and checked at once (checkDeterministic): a seeded reset and the same actions
 * must give the same episode on a fresh env and on one reset before, because qlens runs resume
 * exactly and evaluations are seeded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closestKey, guessThenAllowed } from '../src/core/config.ts';
import { ConfigError, EnvError } from '../src/core/errors.ts';
import { shellWord } from '../src/core/shell-word.ts';
import { showValue } from './checks.ts';
import { listEnvs, make, register, registration, unregister } from './registry.ts';
import { unknownEnvError } from '../src/core/env-ids.ts';
import { MODULE_EXTENSIONS, moduleFolderError, notAModuleFile } from './module-path.ts';
import type { Env } from '../src/core/env.ts';
import { TimeLimit } from './time-limit.ts';
import { UserEnv, firstLine, userCall, userFrame } from './user-env.ts';

/** Ids name run folders (`runs/<id>__…`), so they stay within file-name-safe characters. */
const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const REGISTRATION_KEYS = ['id', 'create', 'maxEpisodeSteps', 'rewardThreshold', 'featureNames', 'actionNames'];
/** Steps of the determinism check: enough to catch an unseeded start or noisy dynamics. */
const CHECK_STEPS = 50;

/** Absolute module path -> the ids it registered (a promise, so concurrent loads import once). */
const loaded = new Map<string, Promise<string[]>>();

export interface EnvArg {
  /** The module's path as given, or null for a registered id. */
  module: string | null;
  /** The env id; null when a module was named without one (fine if it registers exactly one). */
  id: string | null;
}

/** Splits an `--env` value: `CartPole-v1`, `./envs.js:LineWalk-v0` or `./line-walk.js`. */
export function parseEnvArg(value: string): EnvArg {
  const colon = value.lastIndexOf(':');
  if (colon > 0 && isModulePath(value.slice(0, colon))) return { module: value.slice(0, colon), id: value.slice(colon + 1) || null };
  if (isModulePath(value)) return { module: value, id: null };
  return { module: null, id: value };
}

/**
 * The path an `--env` value without a module extension names: the part before `:Id`, or the whole
 * value when it is written as a path (`./envs`, `envs/`); a bare word is an env id, even where a
 * folder of that name happens to be.
 */
function modulePart(value: string): string {
  const colon = value.lastIndexOf(':');
  if (colon > 0) return value.slice(0, colon);
  return /[\\/]/.test(value) || value.startsWith('.') ? value : '';
}

function isModulePath(value: string): boolean {
  return MODULE_EXTENSIONS.includes(extname(value).toLowerCase());
}

/** The registered id an `--env` value names, importing its module first. */
export async function resolveEnvArg(value: string, field = 'env'): Promise<string> {
  const arg = parseEnvArg(value);
  if (arg.module === null) {
    // Checked here, where every --env passes, so a mistyped id gets the one it likely meant, and a
    // folder or another file (`./envs:LineWalk-v0`) is named as one rather than as an unknown id.
    if (registration(value)) return value;
    const path = modulePart(value);
    throw (path ? notAModuleFile(path, field) : null) ?? unknownEnvError(field, value, listEnvs());
  }
  const ids = await loadEnvModule(arg.module, field);
  if (arg.id === null) {
    if (ids.length === 1) return ids[0]!;
    throw new ConfigError(field, `${arg.module} registers ${ids.length} environments: name one, e.g. --${field} ${arg.module}:${ids[0]} (allowed: ${ids.join(', ')})`);
  }
  if (!ids.includes(arg.id)) throw unknownEnvError(field, arg.id, ids, `what ${arg.module} registers: ${ids.join(', ')}`);
  return arg.id;
}

/**
 * How to name an env on the command line, as `--env` takes it: the id of a built-in env, and
 * `./line-walk.js:LineWalk-v0` for one a module registers (a bare id would not import the module,
 * so it would not be found). The module's path is relative to the working directory when inside it,
 * and quoted for the shell when it has to be.
 */
export function envArgText(id: string, module?: string): string {
  if (module === undefined) return id;
  const rel = relative(process.cwd(), module);
  const path = rel && !rel.startsWith('..') && !isAbsolute(rel) ? `./${rel}` : module;
  const arg = `${path}:${id}`;
  return shellWord(arg);
}

/** The absolute path of the module that registered `id`, or undefined for a built-in env. */
export function envModuleOf(id: string): string | undefined {
  return registration(id)?.module;
}

/** Imports `file` (once per process), registers its environments and checks each; returns their ids. */
export function loadEnvModule(file: string, field = 'env'): Promise<string[]> {
  const path = resolve(file);
  let pending = loaded.get(path);
  if (!pending) {
    pending = importAndRegister(file, path, field);
    loaded.set(path, pending);
    pending.catch(() => loaded.delete(path)); // a fixed file may be tried again
  }
  return pending;
}

/**
 * The compiled CLI (src/cli/compiled.js) starts without tsx's hooks, which slow every import, and
 * src/cli/bin.js leaves their registration here, before the first of the user's modules is
 * imported (it may be TypeScript, or JavaScript in a folder without `"type": "module"`). Run from
 * the sources (tsx, vitest), TypeScript loads already and nothing is left here.
 */
async function typeScriptLoader(): Promise<void> {
  const register = (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[Symbol.for('qlens.registerTypeScriptLoader')];
  await register?.();
}

/**
 * A module's default export, or the names of the exports it has when it has none, and the one
 * of them that may be meant as the default (the only one that is an object or a list).
 */
export type DefaultExport = { found: true; value: unknown } | { found: false; named: string[]; meant?: string };

/**
 * A module's default export. ESM syntax in a folder without `"type": "module"` is compiled to
 * CommonJS by tsx, which marks `module.exports` with `__esModule`; imported from plain JavaScript
 * (the compiled CLI) its default export is then `module.exports` itself, and the module's own
 * default sits under it, as TypeScript's `__importDefault` reads it. Such a module without
 * `export default` has only its named exports there, which are not a default export either.
 */
export function defaultExport(module: Record<string, unknown>): DefaultExport {
  const value = module.default as { __esModule?: unknown; default?: unknown } | undefined;
  const compiled = value !== null && typeof value === 'object' && value.__esModule === true;
  if (compiled && 'default' in value) return { found: true, value: value.default };
  if (!compiled && 'default' in module) return { found: true, value };
  const exports = (compiled ? value : module) as Record<string, unknown>;
  const named = Object.keys(exports).filter((key) => key !== '__esModule' && key !== 'default');
  const objects = named.filter((key) => typeof exports[key] === 'object' && exports[key] !== null);
  return { found: false, named, ...(objects.length === 1 ? { meant: objects[0] } : {}) };
}

/** `has no default export (found named export env; allowed: …, e.g. export default env; …)` */
function noDefaultExport(file: string, named: readonly string[], meant: string | undefined): string {
  const found = named.length === 0 ? '' : `found named export${named.length > 1 ? 's' : ''} ${named.join(', ')}; `;
  const example = meant === undefined ? '' : `, e.g. export default ${meant}`;
  return `${file} has no default export (${found}allowed: export default { id, create, … } or a list of them${example}; see README "Your own environment")`;
}

async function importAndRegister(file: string, path: string, field: string): Promise<string[]> {
  const folder = moduleFolderError(file, field);
  if (folder) throw folder;
  if (!existsSync(path) || !statSync(path).isFile()) throw new ConfigError(field, `environment module not found: ${file}`);
  let found: DefaultExport;
  try {
    await typeScriptLoader();
    found = defaultExport(await import(pathToFileURL(path).href));
  } catch (err) {
    throw new ConfigError(field, `could not import ${file}: ${await importFailure(err, path)}`);
  }
  if (!found.found) throw new ConfigError(field, noDefaultExport(file, found.named, found.meant));
  const exported = found.value;
  const list = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0) throw new ConfigError(field, `${file} default export is an empty list (allowed: { id, create, … } or a list of them; see README "Your own environment")`);
  const registrations = list.map((value, i) => checkedRegistration(value, list.length > 1 ? `${file} default export [${i}]` : `${file} default export`, field));
  for (const [i, reg] of registrations.entries()) {
    const existing = registration(reg.id);
    if (existing) throw new ConfigError(field, `${file} registers ${reg.id}, which ${existing.module ? `${existing.module} registered already` : 'is a built-in environment'}: give it another id`);
    if (registrations.findIndex((r) => r.id === reg.id) !== i) throw new ConfigError(field, `${file} registers ${reg.id} twice: give each environment its own id`);
  }
  try {
    registerAll(registrations, path);
    for (const reg of registrations) checkDeterministic(reg.id, path);
  } catch (err) {
    for (const reg of registrations) if (registration(reg.id)?.module === path) unregister(reg.id); // a module that fails its check registers nothing
    throw err;
  }
  return registrations.map((r) => r.id);
}

/**
 * Why a module failed to import, in one line with the place in the user's files:
 * `SyntaxError: Unexpected identifier 'is' (at /x/syntax.js:3:10)`. The place comes from
 * - esbuild's message, for TypeScript and for ESM syntax that tsx compiles to CommonJS: firstLine
 *   keeps its `/x/syntax.ts:3:9: ERROR: …` (esbuild's own format, its column counted from 0);
 * - the source line Node puts before the error in the stack of a CommonJS SyntaxError or of an
 *   import naming an export that does not exist (`/x/syntax.cjs:3`, the line, then `^` under the column);
 * - the stack frame in the user's files, for an exception thrown while the module runs;
 * - `node --check`, for a SyntaxError in an ES module, whose stack Node 20 leaves without its place.
 */
async function importFailure(err: unknown, path: string): Promise<string> {
  const message = firstLine(err);
  if (ESBUILD_PLACE.test(message)) return message;
  const shown = sourcePlace(String((err as Error | null)?.stack ?? '')) ?? userFrame(err, path);
  if (shown) return `${message} (${shown})`;
  if ((err as Error | null)?.name === 'SyntaxError') {
    const place = await syntaxErrorPlace(String((err as Error).message), path);
    if (place) return `${message} (${place})`;
  }
  return message;
}

/**
 * Where Node finds the SyntaxError `message` that importing `path` threw: `node --check` parses a
 * file again in a child process and prints the place. Tried on the module itself, then on the
 * files it imports that esbuild cannot parse either (a syntax error in a helper module fails the
 * import just the same); each must give the same message, so the place is the one Node meant.
 */
async function syntaxErrorPlace(message: string, path: string): Promise<string | undefined> {
  const check = (file: string): string | undefined => {
    if (!/\.[cm]?js$/i.test(file)) return undefined;
    const run = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'ignore', 'pipe'] });
    return run.status !== 0 && run.stderr?.includes(`SyntaxError: ${message}`) ? sourcePlace(run.stderr) : undefined;
  };
  const place = check(path);
  if (place) return place;
  try {
    const { build } = await import('esbuild');
    await build({ entryPoints: [path], bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent', absWorkingDir: dirname(path) });
  } catch (err) {
    const files = ((err as { errors?: EsbuildMessage[] }).errors ?? []).flatMap((e) => (e.location ? [resolve(dirname(path), e.location.file)] : []));
    for (const file of new Set(files)) {
      const found = file === path ? undefined : check(file);
      if (found) return found;
    }
  }
  return undefined;
}

/** esbuild's `/x/syntax.ts:3:9: ERROR: Expected ";" but found "is"`, which names the place itself. */
const ESBUILD_PLACE = /:\d+:\d+: ERROR: /;

/** One of esbuild's messages (`BuildFailure.errors`). */
interface EsbuildMessage {
  location?: { file: string } | null;
}

/**
 * `at /x/syntax.js:3:10` from the lines Node writes before an error's name: `/x/syntax.js:3` (or a
 * `file://` URL), the source line, and `^` under the column. Undefined when they are not there.
 */
function sourcePlace(text: string): string | undefined {
  const match = /^(\S.*):(\d+)\r?\n.*\r?\n([ \t]*)\^/.exec(text);
  if (!match) return undefined;
  const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
  return `at ${file}:${match[2]}:${match[3]!.length + 1}`;
}

function registerAll(registrations: readonly UserRegistration[], path: string): void {
  for (const reg of registrations) {
    const names = { id: reg.id, source: path, featureNames: reg.featureNames, actionNames: reg.actionNames };
    const create = reg.create;
    // Once per registration, not per env: training, evaluation and every dashboard request make their own.
    let warned = false;
    const warnOnce = (message: string) => {
      if (!warned) process.stderr.write(`warning: ${message}\n`);
      warned = true;
    };
    register({
      id: reg.id,
      module: path,
      create: () => new UserEnv(userCall(() => create(), `${reg.id} (${path}): create()`, path) as Record<string, unknown>, names, warnOnce),
      ...(reg.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: reg.maxEpisodeSteps } : {}),
      ...(reg.rewardThreshold !== undefined ? { rewardThreshold: reg.rewardThreshold } : {}),
    });
  }
}

interface UserRegistration {
  id: string;
  create: () => unknown;
  maxEpisodeSteps?: number;
  rewardThreshold?: number;
  featureNames?: string[];
  actionNames?: string[];
}

function checkedRegistration(value: unknown, where: string, field: string): UserRegistration {
  const fail = (what: string) => new ConfigError(field, `${where}: ${what}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`is ${showValue(value)} (allowed: an object { id, create, … })`);
  const reg = value as Record<string, unknown>;
  for (const key of Object.keys(reg)) {
    if (REGISTRATION_KEYS.includes(key)) continue;
    const guess = closestKey(key, REGISTRATION_KEYS); // Gymnasium's max_episode_steps -> maxEpisodeSteps
    throw fail(`unknown key "${key}" ${guessThenAllowed(guess, REGISTRATION_KEYS.join(', '))}`);
  }
  if (typeof reg.id !== 'string' || !ID_PATTERN.test(reg.id)) {
    throw fail(`id is ${showValue(reg.id)} (allowed: a name such as "LineWalk-v0": a letter, then letters, digits, _ . -)`);
  }
  if (typeof reg.create !== 'function') throw fail(`create is ${showValue(reg.create)} (allowed: a function returning a new env)`);
  const max = reg.maxEpisodeSteps;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) throw fail(`maxEpisodeSteps is ${showValue(max)} (allowed: an integer >= 1)`);
  const threshold = reg.rewardThreshold;
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) throw fail(`rewardThreshold is ${showValue(threshold)} (allowed: a finite number)`);
  return reg as unknown as UserRegistration;
}

/**
 * Plays seeded episodes as training and evaluation do, on one env that is reset again and again:
 * seed 1 then seed 0 on one env must give the seed-0 episode a fresh env gives (an env that seeds
 * only its first reset fails here), and `create()` must build a new env each time (training and
 * evaluation each own one). A fault in the user's code surfaces here, at import, as one line
 * naming the env, rather than minutes into training; so does a frame `render()` cannot draw.
 */
function checkDeterministic(id: string, path: string): void {
  const where = `${id} (${path})`;
  const play = (env: Env, seed: number): string => {
    const n = env.actionSpace.n;
    const trace: number[][] = [Array.from(env.reset({ seed }).observation)];
    for (let t = 0; t < CHECK_STEPS; t++) {
      const r = env.step((t * 7 + 3) % n);
      trace.push([...r.observation, r.reward, Number(r.terminated), Number(r.truncated)]);
      if (r.terminated || r.truncated) break;
    }
    return JSON.stringify(trace);
  };
  const [fresh, reused] = userCall(() => [make(id), make(id)], `${where}: create()`, path);
  if (unwrapped(fresh) === unwrapped(reused)) throw new EnvError(`${where}: create() returned the same object twice (allowed: a new env on every call; training and evaluation each need their own)`);
  const first = userCall(() => play(fresh, 0), `${where}: checking a seeded episode`, path);
  fresh.render(); // checks every shape: one the canvas cannot draw would give blank replays and GIFs later
  const again = userCall(() => (play(reused, 1), play(reused, 0)), `${where}: checking a seeded episode`, path);
  if (first !== again) {
    throw new EnvError(`${where}: reset({ seed: 0 }) and the same actions gave two different episodes (on a fresh env, and after an episode with seed 1): seed a generator from every reset's seed and draw every random number from it (runs resume exactly and evaluations are seeded only then)`);
  }
}

/** The user's own object behind `make`'s wrappers. */
function unwrapped(env: Env): unknown {
  let e: unknown = env;
  while (e instanceof TimeLimit) e = e.env;
  return e instanceof UserEnv ? e.raw : e;
}
