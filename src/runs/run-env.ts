/**
 * A run trained on the user's own environment names the module that registers it in config.json
 * (`envModule`, an absolute path). Commands that act on such a run import that module first, so
 * `qlens eval/mimic/explain/export/publish --run <dir>` and `train --resume` work without it being
 * named again, saying on stderr what they import. The dashboard server does not do this on its
 * own (see src/server/run-env.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvModule } from '../../envs/env-module.ts';
import { registration } from '../../envs/registry.ts';
import { FileFormatError } from '../core/errors.ts';
import { RUN_FILES, type RunConfigFile } from './run-files.ts';

export async function registerRunEnv(config: RunConfigFile, dir: string): Promise<void> {
  const id = config.envSpec.id;
  if (registration(id) || config.envModule === undefined) return;
  const file = join(dir, RUN_FILES.config);
  if (!existsSync(config.envModule)) {
    throw new FileFormatError(file, `envModule ${config.envModule} (the module that registers ${id}) is missing: put it back, or set envModule to where it is now`);
  }
  // Said every time: a run folder names code to run, and whoever runs the command should see which.
  process.stderr.write(`importing ${id} from ${config.envModule} (envModule in ${file})\n`);
  await loadEnvModule(config.envModule, 'envModule');
  if (!registration(id)) throw new FileFormatError(file, `envModule ${config.envModule} no longer registers ${id}`);
}
