/**
 * The environment a request plays episodes on. A run trained on the user's own module needs that
 * module imported, and the server imports only the ones it was started with (`qlens serve
 * --env-module <file>`, or the run `train --serve` trains): serving a folder never runs code that
 * a config.json inside it names. Without the module, the views that only read files still work and
 * those that play say how to restart.
 */
import { make, registration } from '../../envs/index.ts';
import type { Env } from '../core/env.ts';
import type { RunConfigFile } from '../runs/run-files.ts';
import { ENV_NOT_LOADED } from './dto.ts';
import { HttpError } from './http-error.ts';

export function envOfRun(config: RunConfigFile): Env {
  const id = config.envSpec.id;
  if (!registration(id)) {
    const how = config.envModule ? `it comes from ${config.envModule}: restart the server with \`qlens serve --env-module ${config.envModule}\`` : 'this qlens does not know it';
    throw new HttpError(409, ENV_NOT_LOADED, `cannot play ${id} episodes: ${how} (the training curves, tree and rules need no environment)`);
  }
  return make(id);
}
