/**
 * The SHAP summary of a run's network (src/explain/network/shap-summary.ts) on the states of its
 * own greedy play that the influence route and the what-if ranges use (`OWN_PLAY`), against the
 * attributions' background, so a state's values in the Inspector and in the summary agree.
 *
 * It costs 0.2 s (CartPole) to 1.5 s (Acrobot, 2^6 coalitions) for 200 states, so it runs in the
 * attributions' work queue, yielding between states, and is memoised per network version.
 */
import { heldOutSet } from '../mimic/offline.ts';
import { OWN_PLAY } from '../explain/play-range.ts';
import { shapSummary } from '../explain/network/shap-summary.ts';
import { readRunConfig } from '../runs/run-files.ts';
import type { ServerContext } from './context.ts';
import type { ShapSummaryResponse } from './dto.ts';
import { BACKGROUND_EPISODES, BACKGROUND_SEED } from './explainer-cache.ts';
import { asPolicy } from './influence-data.ts';
import type { RunEntry } from './run-catalog.ts';
import { envOfRun } from './run-env.ts';
import { networkOf } from './run-network.ts';
import { Abandoned, type Job } from './work-queue.ts';

export async function shapSummaryOf(ctx: ServerContext, entry: RunEntry, maxStates: number, job: Job): Promise<ShapSummaryResponse> {
  const env = envOfRun(readRunConfig(entry.dir)); // before any work: a user env not loaded is a 409
  const net = await networkOf(ctx, entry, 'saved');
  const lease = await ctx.explainers.acquire(entry.dir, net);
  try {
    const { explainer, network, weights } = lease.entry;
    const compute = async (): Promise<ShapSummaryResponse> => {
      const states = heldOutSet(asPolicy(network), env, OWN_PLAY.episodes, OWN_PLAY.seed);
      const { background, backgroundSize } = explainer.distribution;
      const summary = await shapSummary(network, states, { rows: background, n: backgroundSize }, {
        featureNames: explainer.featureNames,
        actionNames: explainer.actionNames,
        maxStates,
        seed: BACKGROUND_SEED,
        between: () => job.checkpoint(),
      });
      return { ...summary, episodes: OWN_PLAY.episodes, seed: OWN_PLAY.seed, weights, background: { episodes: BACKGROUND_EPISODES, seed: BACKGROUND_SEED, used: backgroundSize } };
    };
    const key = `shap-summary:${maxStates}`;
    try {
      return await lease.entry.memo(key, compute);
    } catch (err) {
      // An earlier request's computation this one was waiting on stopped because *its* client left.
      if (!(err instanceof Abandoned)) throw err;
      await job.checkpoint(); // throws if this client has gone too
      return await lease.entry.memo(key, compute);
    }
  } finally {
    lease.release();
  }
}
