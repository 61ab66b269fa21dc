/**
 * Asking a run's network: `POST /api/runs/:id/rollout` plays a seeded greedy episode and returns
 * every step; `POST /api/runs/:id/q` evaluates Q at one observation; `GET /api/runs/:id/own-play`
 * gives states of its greedy play (the Inspector's starting points when the run has no tree). A live run plays with the
 * network being trained; any other run with its saved weights (cached, see network-cache.ts).
 * When the run has a tree, every step also carries the tree's Q, and `policy: 'tree'` lets the
 * tree act instead (the network is still asked, so the replay can mark disagreements).
 */
import { Router } from 'express';
import { z } from 'zod';
import { argmax } from '../../core/q-function.ts';
import { readRunConfig } from '../../runs/run-files.ts';
import { envOfRun } from '../run-env.ts';
import type { ServerContext } from '../context.ts';
import type { OwnPlayResponse, QResponse, RolloutResponse } from '../dto.ts';
import { ownPlayOf } from '../own-play.ts';
import { badRequest } from '../http-error.ts';
import { playEpisode } from '../rollout.ts';
import { MAX_ROLLOUT_STEPS } from '../../core/rollout-steps.ts';
import { networkOf } from '../run-network.ts';
import { observationSchema } from './explain.ts';
import { bodyOf, parse, requireJson, runParams, tokenOnlyQuery } from '../validate.ts';
import { MAX_SEED } from '../../core/seed-range.ts';

const rolloutBody = z.strictObject({
  seed: z.number().int().min(0).max(MAX_SEED),
  maxSteps: z.number().int().min(1).max(MAX_ROLLOUT_STEPS).optional(),
  policy: z.enum(['network', 'tree']).default('network'),
});

// Finite and bounded: JSON can smuggle Infinity in as 1e999, and 1e308 overflows float32 to Infinity.
const qBody = z.strictObject({ observation: observationSchema });

export function playRouter(ctx: ServerContext): Router {
  const router = Router();

  router.post('/runs/:id/rollout', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    const body = parse(rolloutBody, bodyOf(req), 'body');
    const entry = ctx.catalog.get(id);
    const config = readRunConfig(entry.dir);
    // The tree is optional beside the network, required when it acts (get() answers 404 saying how to make one).
    const loaded = body.policy === 'tree' ? ctx.trees.get(entry.dir) : ctx.trees.find(entry.dir);
    const { qf, weights } = await networkOf(ctx, entry);
    const tree = loaded ? { q: loaded.tree, leaves: loaded.tree.summary.leaves, depth: loaded.tree.summary.depth } : undefined;
    res.json(playEpisode({ network: qf, tree }, envOfRun(config), config.envSpec, { seed: body.seed, maxSteps: body.maxSteps, weights, policy: body.policy }) satisfies RolloutResponse);
  });

  // The Inspector's example states and slider ranges for a run without a tree (with one, the influence route gives them).
  router.get('/runs/:id/own-play', async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    res.json((await ownPlayOf(ctx, ctx.catalog.get(id))) satisfies OwnPlayResponse);
  });

  router.post('/runs/:id/q', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    const body = parse(qBody, bodyOf(req), 'body');
    const entry = ctx.catalog.get(id);
    const { envSpec } = readRunConfig(entry.dir);
    const width = envSpec.featureNames.length;
    if (body.observation.length !== width) {
      throw badRequest(`body.observation: has ${body.observation.length} values, ${envSpec.id} observations have ${width} (${envSpec.featureNames.join(', ')})`);
    }
    const { qf } = await networkOf(ctx, entry);
    const q = Array.from(qf.qValues(Float32Array.from(body.observation)));
    const action = argmax(q);
    res.json({ q, action, actionNames: envSpec.actionNames } satisfies QResponse);
  });

  return router;
}
