/**
 * `POST /api/runs/:id/attributions` `{ observation, methods?, options? }`: the Q-network's own
 * explanations of a state (gradient × input, integrated gradients, SHAP, KernelSHAP, exact
 * Shapley, LIME, PDP/ICE, a counterfactual, prototypes), each attribution with its agreement with
 * the tree's contributions. The inspector's attributions panel calls it (fast methods on every
 * what-if move, the rest on a button); the work is described in attributions.ts.
 *
 * The work is synchronous arithmetic, so requests go through the context's WorkQueue: one runs at
 * a time, a few wait, more get a 429; a request whose client has gone (the dashboard dropped it as
 * stale) is skipped or stopped between methods, and nobody is answered.
 *
 * `GET /api/runs/:id/shap-summary?states=200`: the network's Shapley values over states of its own
 * greedy play (SHAP's beeswarm and global importance, the Global view), in the same queue.
 */
import { type Response, Router } from 'express';
import { z } from 'zod';
import { computeAttributions, parseAttributionsRequest } from '../attributions.ts';
import type { ServerContext } from '../context.ts';
import type { AttributionsResponse, ShapSummaryResponse } from '../dto.ts';
import { shapSummaryOf } from '../shap-summary-data.ts';
import { bodyOf, parse, queryInt, requireJson, runParams, tokenOnlyQuery, tokenParam } from '../validate.ts';
import { Abandoned, type Job } from '../work-queue.ts';

const shapSummaryQuery = z.strictObject({ states: queryInt(10, 500).default(200), token: tokenParam });

export function attributionsRouter(ctx: ServerContext): Router {
  const router = Router();
  router.post('/runs/:id/attributions', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    const request = parseAttributionsRequest(bodyOf(req));
    const entry = ctx.catalog.get(id);
    await answerInQueue(ctx, res, (job) => computeAttributions(ctx, entry, request, job) satisfies Promise<AttributionsResponse>);
  });
  router.get('/runs/:id/shap-summary', async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const { states } = parse(shapSummaryQuery, req.query, 'query');
    const entry = ctx.catalog.get(id);
    await answerInQueue(ctx, res, (job) => shapSummaryOf(ctx, entry, states, job) satisfies Promise<ShapSummaryResponse>);
  });
  return router;
}

/** Runs `work` in the attributions queue and answers with its JSON, or nobody if the client has gone. */
async function answerInQueue(ctx: ServerContext, res: Response, work: (job: Job) => Promise<unknown>): Promise<void> {
  // 'close' before the response is written means the client hung up (or aborted its fetch).
  const gone = new AbortController();
  res.on('close', () => res.writableFinished || gone.abort());
  try {
    const body = await ctx.attributionQueue.run(gone.signal, work);
    res.setHeader('Cache-Control', 'no-store');
    res.json(body);
  } catch (err) {
    if (err instanceof Abandoned) return; // nobody to answer
    throw err;
  }
}
