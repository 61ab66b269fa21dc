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
 */
import { Router } from 'express';
import { computeAttributions, parseAttributionsRequest } from '../attributions.ts';
import type { ServerContext } from '../context.ts';
import type { AttributionsResponse } from '../dto.ts';
import { bodyOf, parse, requireJson, runParams, tokenOnlyQuery } from '../validate.ts';
import { Abandoned } from '../work-queue.ts';

export function attributionsRouter(ctx: ServerContext): Router {
  const router = Router();
  router.post('/runs/:id/attributions', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    const request = parseAttributionsRequest(bodyOf(req));
    const entry = ctx.catalog.get(id);
    // 'close' before the response is written means the client hung up (or aborted its fetch).
    const gone = new AbortController();
    res.on('close', () => res.writableFinished || gone.abort());
    try {
      const body = await ctx.attributionQueue.run(gone.signal, (job) => computeAttributions(ctx, entry, request, job));
      res.setHeader('Cache-Control', 'no-store');
      res.json(body satisfies AttributionsResponse);
    } catch (err) {
      if (err instanceof Abandoned) return; // nobody to answer
      throw err;
    }
  });
  return router;
}
