/** What every router needs, built once by `createApp`. */
import type { LiveRuns } from './live-runs.ts';
import type { NetworkCache } from './network-cache.ts';
import type { RunCatalog } from './run-catalog.ts';

export interface ServerContext {
  catalog: RunCatalog;
  networks: NetworkCache;
  liveRuns?: LiveRuns;
  runsDirs: readonly string[];
  agentsDir: string | null;
  /** SSE timings (tests shorten them). */
  heartbeatMs: number;
  pollMs: number;
}
