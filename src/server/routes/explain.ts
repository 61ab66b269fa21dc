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
import { FEATURE_ALLOWED, MAX_ABS_FEATURE } from '../../core/observation-limit.ts';
import { networkOf, type RunNetwork, savedNetworkNow } from '../run-network.ts';
import { bodyOf, parse, requireJson, runParams, tokenOnlyQuery } from '../validate.ts';

export { MAX_ABS_FEATURE };

/** `1000000000000 is too large (allowed: finite numbers with |x| ≤ 1e9)`, after the field's path. */
const outside = (what: string) => (iss: { input?: unknown }) => `${String(iss.input)} is ${what} (allowed: ${FEATURE_ALLOWED})`;

export const observationSchema = z
  .array(
    z
      .number({ error: (iss) => (typeof iss.input === 'number' ? outside('not a finite number')(iss) : undefined) }) // 1e999 (Infinity) in the JSON
      .min(-MAX_ABS_FEATURE, { error: outside('too small') })
      .max(MAX_ABS_FEATURE, { error: outside('too large') }),
  )
  .min(1)
  .max(4096);

const explainBody = z.strictObject({ observation: observationSchema });

/**
 * `{ observation: [finite numbers within bounds] }` and nothing else, checked by hand: the same
 * rule as `explainBody`, at a fraction of zod's cost per request (it allocates a result and an
 * issue list; measurable at thousands of requests a second). Anything it does not accept goes
 * through zod, whose message says exactly what is wrong.
 */
function quickObservation(body: unknown): number[] | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  let keys = 0;
  for (const key in body) if (Object.hasOwn(body, key) && (++keys > 1 || key !== 'observation')) return null;
  const obs = (body as { observation?: unknown }).observation;
  if (!Array.isArray(obs) || obs.length < 1 || obs.length > 4096) return null;
  for (let i = 0; i < obs.length; i++) {
    const v: unknown = obs[i];
    if (typeof v !== 'number' || !(v >= -MAX_ABS_FEATURE && v <= MAX_ABS_FEATURE)) return null;
  }
  return obs as number[];
}

/**
 * The response body for run `id` and a parsed JSON request body; throws HttpError/QlensError for
 * the client's mistakes. Synchronous when the network is already loaded (the common case): the
 * what-if traffic then costs no promise round trip.
 */
export function explainJson(ctx: ServerContext, id: string, body: unknown): string | Promise<string> {
  const observation = quickObservation(body) ?? parse(explainBody, body, 'body').observation;
  const entry = ctx.catalog.get(id);
  const { tree, explainer, writer } = ctx.trees.get(entry.dir);
  if (observation.length !== tree.obsDim) {
    throw badRequest(`body.observation: has ${observation.length} values, this run's observations have ${tree.obsDim} (${tree.featureNames.join(', ')})`);
  }
  // Evaluate and write in one go: the scratch arrays are reused by the next request.
  const answer = ({ qf, weights }: RunNetwork) => writer.write(explainer.evaluate(observation, qf), weights);
  const now = savedNetworkNow(ctx, entry);
  return now ? answer(now) : networkOf(ctx, entry, 'saved').then(answer);
}

export function explainRouter(ctx: ServerContext): Router {
  const router = Router();
  router.post('/runs/:id/explain', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    const body = await explainJson(ctx, id, bodyOf(req));
    res.type('json').setHeader('Cache-Control', 'no-store');
    res.send(body);
  });
  return router;
}
