/**
 * Which Q-network answers for a run. Rollouts want the policy as it is now: while a run trains in
 * this process, its live network. The tree routes want the network the tree mimics: `tree.json` is
 * grown from the *saved* network (model.json), so they use it, and fall back to the live one only
 * while nothing is saved yet.
 */
import type { QFunction } from '../core/q-function.ts';
import type { ServerContext } from './context.ts';
import { HttpError } from './http-error.ts';
import type { RunEntry } from './run-catalog.ts';

export interface RunNetwork {
  qf: QFunction;
  /** Human-readable: `best eval (step …)`, `final`, `checkpoint <step>` or `live (step …)`. */
  weights: string;
}

/** The saved network, synchronously, when it is loaded and fresh and the run is not training here; else null (await `networkOf`). */
export function savedNetworkNow(ctx: ServerContext, entry: RunEntry): RunNetwork | null {
  if (ctx.liveRuns?.get(entry.dir)?.running) return null;
  const hit = ctx.networks.now(entry.dir);
  return hit ? { qf: hit.network, weights: hit.label } : null;
}

export async function networkOf(ctx: ServerContext, entry: RunEntry, prefer: 'live' | 'saved' = 'live'): Promise<RunNetwork> {
  const live = ctx.liveRuns?.get(entry.dir);
  const liveNetwork = live?.running && live.network ? { qf: live.network, weights: `live (step ${live.progress.step})` } : null;
  if (liveNetwork && prefer === 'live') return liveNetwork;
  try {
    const { network, label } = await ctx.networks.get(entry.dir);
    return { qf: network, weights: label };
  } catch (err) {
    if (liveNetwork && err instanceof HttpError && err.status === 409) return liveNetwork;
    throw err;
  }
}
