/**
 * `POST /api/runs/:id/explain` `{ observation }`: why the run's tree gives this state its Q-values
 * (the path of conditions, the leaf, baseline plus one exact term per feature for every action),
 * next to the network's own Q. The inspector's what-if sliders call it on every move, so it is the
 * latency-critical route: the tree is parsed once per file version (tree-cache.ts), the network
 * loaded once per weights version (network-cache.ts), the answer evaluated on flat arrays and
 * written as JSON without intermediate objects (explain-fast.ts, explain-json.ts), and ordinary
 * requests skip Express altogether (fast-path.ts). This router answers the rest (chunked bodies,
 * other charsets, `?token=`) with the same `explainJson`.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { badRequest } from '../http-error.ts';
import { networkOf } from '../run-network.ts';
import { bodyOf, parse, requireJson, runParams } from '../validate.ts';

/** Far outside any environment's range, and small enough that no Q-value overflows to Infinity. */
export const MAX_ABS_FEATURE = 1e9;

export const observationSchema = z
  .array(z.number().min(-MAX_ABS_FEATURE).max(MAX_ABS_FEATURE)) // z.number() also rejects 1e999 (Infinity)
  .min(1)
  .max(4096);

const explainBody = z.strictObject({ observation: observationSchema });

/** The response body for run `id` and a parsed JSON request body; throws HttpError/QlensError for the client's mistakes. */
export async function explainJson(ctx: ServerContext, id: string, body: unknown): Promise<string> {
  const { observation } = parse(explainBody, body, 'body');
  const entry = ctx.catalog.get(id);
  const { tree, explainer, writer } = ctx.trees.get(entry.dir);
  if (observation.length !== tree.obsDim) {
    throw badRequest(`body.observation: has ${observation.length} values, this run's observations have ${tree.obsDim} (${tree.featureNames.join(', ')})`);
  }
  const { qf, weights } = await networkOf(ctx, entry, 'saved');
  // Evaluate and write in one go: the scratch arrays are reused by the next request.
  return writer.write(explainer.evaluate(observation, qf), weights);
}

export function explainRouter(ctx: ServerContext): Router {
  const router = Router();
  router.post('/runs/:id/explain', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const body = await explainJson(ctx, id, bodyOf(req));
    res.type('json').setHeader('Cache-Control', 'no-store');
    res.send(body);
  });
  return router;
}
