/**
 * The Global view's data: `GET /api/runs/:id/influence` (feature influence on held-out greedy
 * states), `GET /api/runs/:id/rules` (one rule per leaf, sorted, filtered by greedy action, paged)
 * and `GET /api/runs/:id/fidelity` (the run's fidelity.json: tree vs CART vs linear).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import type { FidelityResponse, InfluenceResponse, RulesResponse } from '../dto.ts';
import { readFidelity } from '../fidelity-file.ts';
import { badRequest } from '../http-error.ts';
import { influenceOf } from '../influence-data.ts';
import { OWN_PLAY } from '../../explain/play-range.ts';
import { rulesPage } from '../rules-page.ts';
import { parse, queryInt, runParams, tokenOnlyQuery, tokenParam } from '../validate.ts';
import { MAX_SEED } from '../../core/seed-range.ts';


const influenceQuery = z.strictObject({
  episodes: queryInt(1, 100).default(OWN_PLAY.episodes),
  seed: queryInt(0, MAX_SEED).default(OWN_PLAY.seed),
  token: tokenParam,
});

const rulesQuery = z.strictObject({
  sortBy: z.enum(['leaf', 'samples', 'q']).default('samples'),
  order: z.enum(['asc', 'desc']).optional(),
  sortAction: queryInt(0, 4095).optional(),
  action: queryInt(0, 4095).optional(),
  limit: queryInt(1, 500).default(50),
  offset: queryInt(0, 10_000_000).default(0),
  token: tokenParam,
});

export function analysisRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/runs/:id/influence', async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(influenceQuery, req.query, 'query');
    res.json((await influenceOf(ctx, ctx.catalog.get(id), query)) satisfies InfluenceResponse);
  });

  router.get('/runs/:id/rules', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(rulesQuery, req.query, 'query');
    const loaded = ctx.trees.get(ctx.catalog.get(id).dir);
    const A = loaded.tree.nActions;
    for (const key of ['action', 'sortAction'] as const) {
      const a = query[key];
      if (a !== undefined && a >= A) throw badRequest(`query.${key}: ${a} is not an action of this run (0 to ${A - 1}: ${loaded.tree.actionNames.join(', ')})`);
    }
    res.json(rulesPage(loaded, query) satisfies RulesResponse);
  });

  router.get('/runs/:id/fidelity', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    const entry = ctx.catalog.get(id);
    ctx.trees.get(entry.dir); // no tree: the tree's own 404 says what to do first
    res.json(readFidelity(entry.dir) satisfies FidelityResponse);
  });

  return router;
}
