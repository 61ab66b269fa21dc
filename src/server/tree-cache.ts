/**
 * Loaded LMUT trees, a few at a time (an LRU like network-cache.ts). A run's `tree.json` is parsed
 * once per version (its mtime and size): a 2,000-leaf full-form file is tens of megabytes, far too
 * much to read per request, and the explain route is latency-critical. A file's version is checked
 * at most every `recheckMs`, so a hot route pays one `Map` lookup, not a `stat`, per request.
 *
 * Each entry also memoises what is derived from the tree (rules, exports, influence…) under string
 * keys; a new tree version starts with an empty memo, so nothing derived outlives its tree.
 */
import { createHash } from 'node:crypto';
import { readFileNamed } from '../core/read-file.ts';
import { loadTreeFile } from '../explain/index.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import { type RunTreeFile, runTreeFile } from '../runs/load-tree.ts';
import { HttpError } from './http-error.ts';
import { runDirText } from './run-dir-text.ts';
import { FastExplainer } from './explain-fast.ts';
import { ExplanationWriter } from './explain-json.ts';
import { TreeModel } from './tree-model.ts';

/** The 404 of every tree route when the run has no tree (neither tree.json nor a checkpoint's online tree). */
export const noTreeDetail = (dir: string, training = false) =>
  training
    ? 'this run has no tree yet: it is training, and its online tree is saved with its first checkpoint (with the online mimic on)'
    : `this run has no tree: train with the online mimic or run \`qlens mimic --run ${runDirText(dir)}\``;

export interface LoadedTree {
  readonly tree: LinearModelUTree;
  readonly model: TreeModel;
  /** The explain route's allocation-free evaluator and its JSON writer, built once per tree. */
  readonly explainer: FastExplainer;
  readonly writer: ExplanationWriter;
  /** `final` (tree.json) or `checkpoint <step>` (the online tree saved with a checkpoint while the run trains). */
  readonly source: string;
  /** The file's path with `<mtimeMs>:<size>`: changes when the file is rewritten or a newer checkpoint's tree takes over. */
  readonly version: string;
  /** `version` as an opaque token for clients (no server path in it): the tree routes' `version` pin. */
  readonly pin: string;
  /** Caches a value derived from this tree version (a rejected promise is dropped). */
  memo<T>(key: string, make: () => T): T;
}

interface Entry {
  loaded: LoadedTree;
  checkedAt: number;
}

export class TreeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 4,
    private readonly recheckMs = 500,
    /** Derived values kept per tree (rules per sort, exports per format, influence per network). */
    private readonly memoCapacity = 32,
    /** True while the run in `dir` trains in this process: its tree comes at the end, `qlens mimic` is not the advice. */
    private readonly training: (dir: string) => boolean = () => false,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The run's tree, or a 404 JSON error saying how to make one. A broken file is a 422 naming it. */
  get(dir: string): LoadedTree {
    const loaded = this.find(dir);
    if (loaded === null) throw new HttpError(404, 'not found', noTreeDetail(dir, this.training(dir)));
    return loaded;
  }

  /** The run's tree, or null when it has none (a run trained without the mimic, or none grown yet). A broken file is a 422 naming it. */
  find(dir: string): LoadedTree | null {
    const now = performance.now();
    const hit = this.entries.get(dir);
    if (hit && now - hit.checkedAt < this.recheckMs) return this.touch(dir, hit).loaded;
    const file = runTreeFile(dir);
    if (file === null) {
      this.entries.delete(dir);
      return null;
    }
    const version = `${file.path}@${file.version}`;
    if (hit && hit.loaded.version === version) {
      hit.checkedAt = now;
      return this.touch(dir, hit).loaded;
    }
    const loaded = this.load(file, version);
    this.entries.delete(dir);
    this.entries.set(dir, { loaded, checkedAt: now });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return loaded;
  }

  clear(): void {
    this.entries.clear();
  }

  private touch(dir: string, entry: Entry): Entry {
    // Re-inserting moves the entry to the end of the Map's order: the most recently used.
    this.entries.delete(dir);
    this.entries.set(dir, entry);
    return entry;
  }

  private load({ path, source }: RunTreeFile, version: string): LoadedTree {
    // Synchronous on purpose: concurrent requests for a new version cannot start a second parse.
    const tree = loadTreeFile(readFileNamed(path, 'utf8'), path);
    const model = new TreeModel(tree, source !== 'final');
    const explainer = new FastExplainer(model);
    const pin = createHash('sha256').update(version).digest('hex').slice(0, 16);
    // Every explain answer names the tree it came from (the tree view checks it against its pin).
    const writer = new ExplanationWriter(explainer, pin);
    const memo = new Map<string, unknown>();
    const cap = this.memoCapacity;
    return {
      tree,
      model,
      explainer,
      writer,
      source,
      version,
      pin,
      memo<T>(key: string, make: () => T): T {
        if (memo.has(key)) return memo.get(key) as T;
        const value = make();
        memo.set(key, value);
        // A failed computation is not remembered: the next request tries again.
        if (value instanceof Promise) value.catch(() => memo.get(key) === value && memo.delete(key));
        if (memo.size > cap) memo.delete(memo.keys().next().value!);
        return value;
      },
    };
  }
}
