/**
 * States of a run's own greedy play that need no tree (`GET /api/runs/:id/own-play`): the
 * Inspector's example states and what-if slider ranges for a run without a tree, from the same
 * episodes (`OWN_PLAY`) the influence route plays for a run with one. A few runs' answers are kept
 * per network version: playing 20 episodes takes a fraction of a second, too much per page load.
 */
import { heldOutSet } from '../mimic/offline.ts';
import { OWN_PLAY } from '../explain/play-range.ts';
import { readRunConfig } from '../runs/run-files.ts';
import type { ServerContext } from './context.ts';
import type { OwnPlayResponse } from './dto.ts';
import { asPolicy } from './influence-data.ts';
import { ownPlayFields } from './own-play-fields.ts';
import type { RunEntry } from './run-catalog.ts';
import { envOfRun } from './run-env.ts';
import { networkOf } from './run-network.ts';

const KEPT = 8;

export async function ownPlayOf(ctx: ServerContext, entry: RunEntry): Promise<OwnPlayResponse> {
  const { qf, weights } = await networkOf(ctx, entry, 'saved');
  const key = `${entry.dir}\n${weights}`;
  const answers = ctx.ownPlay;
  const kept = answers.get(key);
  if (kept) return kept; // its env was loaded when it was played
  const config = readRunConfig(entry.dir);
  const env = envOfRun(config); // a user env not loaded is a 409
  const { episodes, seed } = OWN_PLAY;
  const held = heldOutSet(asPolicy(qf), env, episodes, seed);
  const answer = ownPlayFields(held, { episodes, seed, weights }, config.envSpec.featureNames);
  answers.set(key, answer);
  if (answers.size > KEPT) answers.delete(answers.keys().next().value!);
  return answer;
}
