/**
 * Asking a run's network: `POST /api/runs/:id/rollout` plays a seeded greedy episode and returns
 * every step; `POST /api/runs/:id/q` evaluates Q at one observation. A live run plays with the
 * network being trained; any other run with its saved weights (cached, see network-cache.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { argmax, type QFunction } from '../../core/q-function.ts';
import { readRunConfig, readSummary } from '../../runs/run-files.ts';
import type { ServerContext } from '../context.ts';
import type { QResponse, RolloutResponse } from '../dto.ts';
import { badRequest } from '../http-error.ts';
import { MAX_ROLLOUT_STEPS, playEpisode } from '../rollout.ts';
import type { RunEntry } from '../run-catalog.ts';
import { bodyOf, parse, requireJson, runParams } from '../validate.ts';

const rolloutBody = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  maxSteps: z.number().int().min(1).max(MAX_ROLLOUT_STEPS).optional(),
  policy: z.literal('network').default('network'),
});

const qBody = z.strictObject({
  // z.number() rejects Infinity, which JSON can smuggle in as 1e999.
  observation: z.array(z.number()).min(1).max(4096),
});

export function playRouter(ctx: ServerContext): Router {
  const router = Router();

  /** The Q-function that acts for `entry`: the live network while training, else the saved one. */
  async function networkOf(entry: RunEntry): Promise<{ qf: QFunction; weights: string }> {
    const live = ctx.liveRuns?.get(entry.dir);
    if (live?.running && live.network) return { qf: live.network, weights: `live (step ${live.progress.step})` };
    const { network, source } = await ctx.networks.get(entry.dir);
    // summary.json says which network model.json holds (best evaluated or last), when it knows.
    const model = source === 'final' ? readSummary(entry.dir)?.model : undefined;
    return { qf: network, weights: model ?? source };
  }

  router.post('/runs/:id/rollout', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const body = parse(rolloutBody, bodyOf(req), 'body');
    const entry = ctx.catalog.get(id);
    const config = readRunConfig(entry.dir);
    const { qf, weights } = await networkOf(entry);
    res.json(playEpisode(qf, config.envSpec, { seed: body.seed, maxSteps: body.maxSteps, weights }) satisfies RolloutResponse);
  });

  router.post('/runs/:id/q', requireJson, async (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const body = parse(qBody, bodyOf(req), 'body');
    const entry = ctx.catalog.get(id);
    const { envSpec } = readRunConfig(entry.dir);
    const width = envSpec.featureNames.length;
    if (body.observation.length !== width) {
      throw badRequest(`body.observation: has ${body.observation.length} values, ${envSpec.id} observations have ${width} (${envSpec.featureNames.join(', ')})`);
    }
    const { qf } = await networkOf(entry);
    const q = Array.from(qf.qValues(Float32Array.from(body.observation)));
    const action = argmax(q);
    res.json({ q, action, actionNames: envSpec.actionNames } satisfies QResponse);
  });

  return router;
}
