/** What every router needs, built once by `createApp`. */
import type { OwnPlayResponse } from './dto.ts';
import type { ExplainerCache } from './explainer-cache.ts';
import type { LiveRuns } from './live-runs.ts';
import type { NetworkCache } from './network-cache.ts';
import type { RunCatalog } from './run-catalog.ts';
import type { TreeCache } from './tree-cache.ts';
import type { WorkQueue } from './work-queue.ts';

export interface ServerContext {
  catalog: RunCatalog;
  networks: NetworkCache;
  /** Parsed `tree.json` files and what is derived from them, per file version. */
  trees: TreeCache;
  /** Network explainers per run and weights version (the attributions route). */
  explainers: ExplainerCache;
  /** `GET /own-play` answers per run folder and weights version, the newest few (own-play.ts). */
  ownPlay: Map<string, OwnPlayResponse>;
  /** Caps how many attribution requests run or wait (work-queue.ts). */
  attributionQueue: WorkQueue;
  liveRuns?: LiveRuns;
  runsDirs: readonly string[];
  agentsDir: string | null;
  /** SSE timings (tests shorten them). */
  heartbeatMs: number;
  pollMs: number;
}
