/** What every router needs, built once by `createApp`. */
import type { LiveRuns } from './live-runs.ts';
import type { NetworkCache } from './network-cache.ts';
import type { RunCatalog } from './run-catalog.ts';
import type { TreeCache } from './tree-cache.ts';

export interface ServerContext {
  catalog: RunCatalog;
  networks: NetworkCache;
  /** Parsed `tree.json` files and what is derived from them, per file version. */
  trees: TreeCache;
  liveRuns?: LiveRuns;
  runsDirs: readonly string[];
  agentsDir: string | null;
  /** SSE timings (tests shorten them). */
  heartbeatMs: number;
  pollMs: number;
}
