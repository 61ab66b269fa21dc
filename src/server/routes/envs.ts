/**
 * `GET /api/envs`: the registered environments with their feature, action and state names, their
 * observation bounds and the conditions a state of play meets.
 */
import { Router } from 'express';
import { listEnvs, make, registration } from '../../../envs/index.ts';
import type { EnvListItem, EnvListResponse } from '../dto.ts';
import { parse, tokenOnlyQuery } from '../validate.ts';

/** Built once per registry size: the registry only grows (a user's module registered by `train --serve`). */
function describeEnvs(): EnvListItem[] {
  return listEnvs().map((id) => {
    const env = make(id);
    const space = env.observationSpace.toJSON();
    const bounds = space.kind === 'box' ? space : { low: [], high: [] };
    return {
      id,
      featureNames: [...env.spec.featureNames],
      actionNames: [...env.spec.actionNames],
      stateNames: [...env.spec.stateNames],
      ...(env.spec.rewardThreshold !== undefined ? { rewardThreshold: env.spec.rewardThreshold } : {}),
      ...(env.spec.maxEpisodeSteps !== undefined ? { maxEpisodeSteps: env.spec.maxEpisodeSteps } : {}),
      // JSON has no Infinity: an unbounded side is null.
      observationLow: bounds.low.map((v) => (Number.isFinite(v) ? v : null)),
      observationHigh: bounds.high.map((v) => (Number.isFinite(v) ? v : null)),
      reachable: (registration(id)?.reachable ?? []).map((c) => ({ ...c })),
    };
  });
}

export function envsRouter(): Router {
  const router = Router();
  let envs: EnvListItem[] = [];
  router.get('/envs', (req, res) => {
    parse(tokenOnlyQuery, req.query, 'query');
    if (envs.length !== listEnvs().length) envs = describeEnvs();
    res.json({ envs } satisfies EnvListResponse);
  });
  return router;
}
