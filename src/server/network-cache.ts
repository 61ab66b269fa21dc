/**
 * Loaded Q-networks, a few at a time. Loading reads and checks the weights file and builds the
 * network, which is worth skipping on every rollout; but each network holds memory, so only the
 * `capacity` most recently used stay (an LRU: a Map keeps insertion order, re-inserting on use
 * moves an entry to the end, and the first entry is the oldest).
 *
 * An entry is keyed by directory and *version* (the final model's and summary.json's mtimes, or the
 * newest checkpoint step), so a run that writes new weights is reloaded instead of served stale.
 * summary.json counts because it names the final network ("best eval (step …)"), and a run writes
 * it after model.json: a load between the two would otherwise keep the label "final" for good.
 * The version costs a few file-system calls, so with `recheckMs` it is checked at most that often
 * per run (the explain route is latency-critical; new weights show up within that delay).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { QNetwork } from '../dqn/network-types.ts';
import { listCheckpoints } from '../runs/checkpoint-store.ts';
import { loadRunNetwork, savedModelIsCurrent } from '../runs/load-network.ts';
import { RUN_FILES } from '../runs/run-files.ts';
import { HttpError } from './http-error.ts';

export interface CachedNetwork {
  network: QNetwork;
  /** `final` or `checkpoint <step>`. */
  source: string;
  /** For people (see LoadedRun.label). */
  label: string;
}

export class NetworkCache {
  private readonly entries = new Map<string, { version: string; checkedAt: number; loading: Promise<CachedNetwork>; loaded?: CachedNetwork }>();

  constructor(
    private readonly capacity = 4,
    private readonly recheckMs = 0,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The network of `dir` without waiting, when it is loaded and was checked within `recheckMs`;
   * else undefined (use `get`). The explain route answers from this without a promise round trip.
   */
  now(dir: string): CachedNetwork | undefined {
    const hit = this.entries.get(dir);
    return hit?.loaded && performance.now() - hit.checkedAt < this.recheckMs ? hit.loaded : undefined;
  }

  get(dir: string): Promise<CachedNetwork> {
    const now = performance.now();
    const hit = this.entries.get(dir);
    const fresh = hit !== undefined && now - hit.checkedAt < this.recheckMs;
    const version = fresh ? hit.version : weightsVersion(dir);
    if (hit && hit.version === version) {
      hit.checkedAt = fresh ? hit.checkedAt : now;
      this.entries.delete(dir);
      this.entries.set(dir, hit);
      return hit.loading;
    }
    if (hit) this.evict(dir);
    // Concurrent requests for one run share one load.
    const loading = loadRunNetwork(dir, 'fused', { importEnvModule: false }).then(({ network, source, label }) => ({ network, source, label }));
    const entry: { version: string; checkedAt: number; loading: Promise<CachedNetwork>; loaded?: CachedNetwork } = { version, checkedAt: now, loading };
    this.entries.set(dir, entry);
    loading.then((loaded) => (entry.loaded = loaded), () => this.entries.delete(dir));
    while (this.entries.size > this.capacity) this.evict(this.entries.keys().next().value!);
    return loading;
  }

  private evict(dir: string): void {
    const entry = this.entries.get(dir);
    this.entries.delete(dir);
    // Dispose on a later turn: a request that already awaited this network uses it synchronously in
    // the current microtask queue, and must not find it disposed.
    entry?.loading.then(({ network }) => setImmediate(() => network.dispose()), () => undefined);
  }

  clear(): void {
    for (const dir of [...this.entries.keys()]) this.evict(dir);
  }
}

function weightsVersion(dir: string): string {
  const model = join(dir, RUN_FILES.model);
  if (savedModelIsCurrent(dir)) {
    const summary = join(dir, RUN_FILES.summary);
    return `final@${statSync(model).mtimeMs}/${existsSync(summary) ? statSync(summary).mtimeMs : 'none'}`;
  }
  const steps = listCheckpoints(dir);
  if (steps.length === 0) {
    throw new HttpError(409, 'conflict', 'this run has no saved network yet (no model.json and no checkpoint); wait for its first checkpoint');
  }
  return `checkpoint@${steps[0]}`;
}
