/** Building the online mimic for a run, from options (new run) or from config.json (resume). */
import type { EnvSpec } from '../core/env.ts';
import type { DqnConfig } from '../dqn/config.ts';
import type { RunConfigFile } from '../runs/run-files.ts';
import { type MimicConfig, resolveMimicConfig } from './config.ts';
import { ExperienceRecorder } from './experience-recorder.ts';
import { OnlineMimic } from './online.ts';

type Names = Pick<EnvSpec, 'featureNames' | 'actionNames'>;

export function createOnlineMimic(options: unknown, spec: Names, dqn: DqnConfig): OnlineMimic {
  const config = resolveMimicConfig(options);
  return new OnlineMimic(config, spec.featureNames.length, spec.actionNames.length, names(spec), dqn.seed);
}

/** The mimic a run was started with (its resolved config is in config.json), or null. */
export function onlineMimicFromRun(file: RunConfigFile): OnlineMimic | null {
  if (!file.mimic) return null;
  // The saved config is already resolved: resolving it again (without online defaults) is identity.
  const config: MimicConfig = resolveMimicConfig(file.mimic, {});
  const dqn = file.dqn as unknown as DqnConfig;
  return new OnlineMimic(config, file.envSpec.featureNames.length, file.envSpec.actionNames.length, names(file.envSpec), dqn.seed);
}

/** The plugins of a run with the mimic: the online tree and the experience recorder. */
export function mimicPlugins(options: unknown, spec: Names, dqn: DqnConfig): [OnlineMimic, ExperienceRecorder] {
  return [createOnlineMimic(options, spec, dqn), new ExperienceRecorder(spec.featureNames.length, spec.featureNames)];
}

/** The same plugins for a run being resumed (none when it was trained without the mimic). */
export function mimicPluginsFromRun(file: RunConfigFile): (OnlineMimic | ExperienceRecorder)[] {
  const mimic = onlineMimicFromRun(file);
  return mimic ? [mimic, new ExperienceRecorder(file.envSpec.featureNames.length, file.envSpec.featureNames)] : [];
}

function names(spec: Names) {
  return { featureNames: [...spec.featureNames], actionNames: [...spec.actionNames] };
}
