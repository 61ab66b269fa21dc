/**
 * `createApp(options)`: the dashboard server as an Express 5 app that never listens (tests drive it
 * with supertest; `qlens serve` and `qlens start` listen, see listen.ts).
 *
 * Middleware order matters and reads top to bottom:
 *   security headers → host check or token → JSON body parser (64 kB) → /api routers →
 *   page and assets → JSON 404 → error handler.
 * In front of all of it, the explain fast path (fast-path.ts) answers ordinary explain requests
 * that these middlewares would pass, with the same answer, and hands everything else on.
 */
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { ServerContext } from './context.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { ExplainerCache } from './explainer-cache.ts';
import { installExplainFastPath } from './fast-path.ts';
import type { LiveRuns } from './live-runs.ts';
import { answerOptions, methodNotAllowed } from './methods.ts';
import { NetworkCache } from './network-cache.ts';
import { RunCatalog } from './run-catalog.ts';
import { analysisRouter } from './routes/analysis.ts';
import { attributionsRouter } from './routes/attributions.ts';
import { envsRouter } from './routes/envs.ts';
import { explainRouter } from './routes/explain.ts';
import { exportRouter } from './routes/export.ts';
import { metricsRouter } from './routes/metrics.ts';
import { playRouter } from './routes/play.ts';
import { runsRouter } from './routes/runs.ts';
import { treeRouter } from './routes/tree.ts';
import { webRouter } from './routes/web.ts';
import { loopbackHostOnly, requireToken, securityHeaders } from './security.ts';
import { TreeCache } from './tree-cache.ts';
import { WorkQueue } from './work-queue.ts';

/** The pretrained agents shipped with qlens. */
export const DEFAULT_AGENTS_DIR = fileURLToPath(new URL('../../agents/pretrained/', import.meta.url));

/** How long a loaded network or tree is trusted before its file's version is checked again (ms). */
export const RECHECK_MS = 500;

/** Largest accepted request body; the biggest legitimate one (a Q request) is well under 1 kB. */
export const BODY_LIMIT = 64 * 1024;

export interface AppOptions {
  /** Folders whose subdirectories are run directories (e.g. `runs/`). */
  runsDirs: readonly string[];
  /** Pretrained agents (run layout); default `agents/pretrained/`, `null` for none. */
  agentsDir?: string | null;
  /** Runs training in this process, streamed without delay. */
  liveRuns?: LiveRuns;
  /** When set, every request must carry it; without it only loopback Host names are answered. */
  token?: string;
  /** Networks kept loaded for rollouts (default 4). */
  networkCacheSize?: number;
  /** Attribution requests that may wait while one computes; more get a 429 (default 8). */
  attributionQueue?: number;
  /** Trees kept parsed for the tree routes (default 4). */
  treeCacheSize?: number;
  /** How long a loaded network or tree is trusted before its file is checked for a new version (default RECHECK_MS; tests use 0). */
  fileRecheckMs?: number;
  /** SSE heartbeat (default 15 s) and file poll interval for runs written by other processes (default 500 ms). */
  heartbeatMs?: number;
  pollMs?: number;
  /** Where unexpected errors are logged (default stderr). */
  log?: (message: string) => void;
}

export function createApp(options: AppOptions): Express {
  const agentsDir = options.agentsDir === undefined ? DEFAULT_AGENTS_DIR : options.agentsDir;
  const ctx: ServerContext = {
    catalog: new RunCatalog({ runsDirs: options.runsDirs, agentsDir, liveRuns: options.liveRuns }),
    // Weights and tree files are re-checked at most twice a second: a stat per request would cost
    // the explain route more than the explanation itself.
    networks: new NetworkCache(options.networkCacheSize ?? 4, options.fileRecheckMs ?? RECHECK_MS),
    trees: new TreeCache(options.treeCacheSize ?? 4, options.fileRecheckMs ?? RECHECK_MS, undefined, (dir) => {
      const live = options.liveRuns?.get(dir);
      return live?.running === true && live.growsTree;
    }),
    explainers: new ExplainerCache(options.networkCacheSize ?? 4),
    ownPlay: new Map(),
    // One attribution request computes at a time (they are CPU-bound: running two only interleaves them).
    attributionQueue: new WorkQueue(1, options.attributionQueue ?? 8, 'attribution request'),
    liveRuns: options.liveRuns,
    runsDirs: options.runsDirs,
    agentsDir,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    pollMs: options.pollMs ?? 500,
  };
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.use(options.token ? requireToken(options.token) : loopbackHostOnly);
  // strict: only objects and arrays at the top level, which is all the API accepts.
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));

  // The API: one router per resource, all under /api.
  const api = express.Router();
  // explain first: the what-if sliders call it many times a second, and routers match in order.
  api.use(explainRouter(ctx), runsRouter(ctx), metricsRouter(ctx), playRouter(ctx), envsRouter());
  api.use(treeRouter(ctx), analysisRouter(ctx), exportRouter(ctx), attributionsRouter(ctx));
  app.use('/api', answerOptions(api), api, methodNotAllowed(api));
  app.use(webRouter());

  // Last: nothing matched → JSON 404; anything thrown → JSON error (errors.ts).
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  // Ordinary explain requests are answered before Express (same answers, a fraction of the cost).
  installExplainFastPath(app, ctx, { token: options.token, bodyLimit: BODY_LIMIT, log });
  return app;
}

