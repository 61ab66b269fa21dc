/**
 * A Stable-Baselines3 DQN (`model.save("dqn")` → `dqn.zip`, as rl-baselines3-zoo and the Hugging Face
 * hub keep them) as a qlens run directory: its Q-network's weights become model.json/weights.bin, so
 * `qlens eval`, `mimic`, `explain`, `export` and the dashboard work on an agent trained in Python.
 *
 * The archive's `policy.pth` holds the policy's state_dict (read without Python: torch-state-dict.ts).
 * The Q-network is `q_net.q_net.<i>.weight|bias`, Linear layers at even indices with the activation
 * between them; `q_net_target` (the lagged copy) is not the agent. The architecture is read from the
 * weights' shapes, which must fit the env's observations and actions. SB3's `data` JSON adds the
 * training settings, as far as they are plain numbers; a non-ReLU activation is refused (our network
 * is ReLU throughout). The run is marked completed at the model's step count, with no training
 * history (no metrics.jsonl) and no tree until `qlens mimic` grows one.
 */
import { readFileNamed } from '../core/read-file.ts';
import { basename } from 'node:path';
import { unzipSync } from 'fflate';
import { envModuleOf, listEnvs, make } from '../../envs/index.ts';
import { ConfigError, FileFormatError } from '../core/errors.ts';
import { resolveDqnConfig } from '../dqn/config.ts';
import type { NamedWeights } from '../dqn/network-types.ts';
import { SB3_DQN_DEFAULTS, withSb3GradientSteps } from '../dqn/rl-zoo.ts';
import { writeFileAtomic, writeJsonAtomic } from './atomic.ts';
import { encodeWeights, modelJson } from './network-file.ts';
import { createRunDir, envSpecJson, RUN_FILES, writeRunConfig, writeSummary } from './run-files.ts';
import { readTorchStateDict, type Tensor } from './torch-state-dict.ts';

/** SB3's names of the settings `data` may hold as plain numbers, and ours. */
const SETTINGS: Readonly<Record<string, string>> = {
  learning_rate: 'learningRate',
  buffer_size: 'bufferSize',
  learning_starts: 'learningStarts',
  batch_size: 'batchSize',
  tau: 'tau',
  gamma: 'gamma',
  gradient_steps: 'gradientSteps',
  target_update_interval: 'targetUpdateInterval',
  exploration_fraction: 'explorationFraction',
  exploration_initial_eps: 'explorationInitialEps',
  exploration_final_eps: 'explorationFinalEps',
  max_grad_norm: 'maxGradNorm',
};

export interface ImportedRun {
  dir: string;
  hidden: number[];
  /** The model's training steps (SB3's num_timesteps), when `data` says. */
  steps: number | null;
}

/** Reads `zipPath` (an SB3 DQN save) and writes it as a new run of `env` under `runsDir`. */
export function importSb3(zipPath: string, env: string, runsDir: string): ImportedRun {
  const bytes = readFileNamed(zipPath); // a folder (an unzipped model, rl-zoo's logs folder) or a missing file is named
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw new FileFormatError(zipPath, 'not a zip archive (an SB3 model is saved as one: model.save("dqn") writes dqn.zip)');
  }
  if (!entries['policy.pth']) throw new FileFormatError(zipPath, `holds no policy.pth, so it is not a Stable-Baselines3 model (it holds: ${Object.keys(entries).join(', ') || 'nothing'})`);
  const data = readData(entries, zipPath);
  const policyClass = String((data.policy_class as Record<string, unknown> | undefined)?.__module__ ?? '');
  // sb3-contrib's QR-DQN lives in `…qrdqn.policies`: its network scores quantiles of the return, not Q-values.
  if (policyClass && (!policyClass.includes('dqn') || policyClass.includes('qrdqn'))) throw new FileFormatError(zipPath, `is a model of ${policyClass}, not a DQN (only Stable-Baselines3 DQN's MlpPolicy imports)`);
  checkActivation(data, zipPath);
  const spec = make(env).spec;
  const layers = qNetworkLayers(readTorchStateDict(entries['policy.pth'], `${zipPath}: policy.pth`), `${zipPath}: policy.pth`);
  const obsDim = spec.featureNames.length;
  const nActions = spec.actionNames.length;
  if (layers[0]!.weight.shape[1] !== obsDim || layers.at(-1)!.weight.shape[0] !== nActions) {
    throw new ConfigError('env', `${zipPath}: its Q-network takes ${layers[0]!.weight.shape[1]} observations and scores ${layers.at(-1)!.weight.shape[0]} actions; ${env} has ${obsDim} (${spec.featureNames.join(', ')}) and ${nActions} (${spec.actionNames.join(', ')})`);
  }
  const hidden = layers.slice(0, -1).map((l) => l.weight.shape[0]!);
  const steps = typeof data.num_timesteps === 'number' && data.num_timesteps > 0 ? Math.round(data.num_timesteps) : null;
  const config = resolveDqnConfig({ ...SB3_DQN_DEFAULTS, ...settingsOf(data), env, hidden, ...(steps !== null ? { totalTimesteps: steps } : {}) }, listEnvs());
  const weights = toKernels(layers);
  const dir = createRunDir(runsDir, config, 'sb3');
  writeFileAtomic(`${dir}/${RUN_FILES.weights}`, encodeWeights(weights));
  writeJsonAtomic(`${dir}/${RUN_FILES.model}`, modelJson({ obsDim, nActions, hidden, dueling: false }, weights));
  writeSummary(dir, { status: 'completed', step: steps ?? 0, episodes: 0, wallSeconds: 0, solvedAtStep: null, bestEvalMean: null, meanReturn100: null, model: `imported from Stable-Baselines3 (${basename(zipPath)})` });
  // config.json last: until it is there the folder is not a run, so a failure above leaves no half run.
  writeRunConfig(dir, { format: 'qlens-run', version: 1, preset: 'sb3', createdAt: new Date().toISOString(), engine: config.engine, backend: 'imported', envSpec: envSpecJson(spec), ...(envModuleOf(env) !== undefined ? { envModule: envModuleOf(env) } : {}), dqn: { ...config }, mimic: null });
  return { dir, hidden, steps };
}

function readData(entries: Record<string, Uint8Array>, zipPath: string): Record<string, unknown> {
  const bytes = entries.data;
  if (!bytes) return {};
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new FileFormatError(`${zipPath}: data`, 'not JSON (SB3 writes its settings there as JSON)');
  }
}

/** SB3 writes policy_kwargs' activation_fn as text, e.g. "<class 'torch.nn.modules.activation.Tanh'>"; none means ReLU. */
function checkActivation(data: Record<string, unknown>, zipPath: string): void {
  const kwargs = data.policy_kwargs as Record<string, unknown> | undefined;
  const activation = kwargs?.activation_fn;
  if (activation === undefined || activation === null) return;
  if (!/ReLU'>$|\.ReLU\b/.test(String(activation))) throw new FileFormatError(zipPath, `its Q-network uses ${String(activation)}; only ReLU networks import (qlens's Q-network is ReLU)`);
}

/** Settings of `data` that are plain numbers, as our options (schedules and objects are left to SB3's defaults). */
function settingsOf(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [sb3, ours] of Object.entries(SETTINGS)) if (typeof data[sb3] === 'number') out[ours] = data[sb3];
  const trainFreq = data.train_freq as { frequency?: unknown; unit?: unknown } | number | undefined;
  const frequency = typeof trainFreq === 'number' ? trainFreq : typeof trainFreq?.frequency === 'number' && String(trainFreq.unit ?? 'step').includes('step') ? trainFreq.frequency : undefined;
  if (frequency !== undefined) out.trainFreq = frequency;
  return withSb3GradientSteps(out);
}

interface Layer {
  weight: Tensor;
  bias: Tensor;
}

/** `q_net.q_net.<i>.weight|bias` in index order, each a Linear layer [out, in] with its bias. */
function qNetworkLayers(stateDict: Map<string, Tensor>, where: string): Layer[] {
  refuseOtherParts(stateDict, where);
  const indices = [...stateDict.keys()].map((k) => /^q_net\.q_net\.(\d+)\.weight$/.exec(k)?.[1]).filter((i): i is string => i !== undefined).map(Number).sort((a, b) => a - b);
  if (indices.length === 0) throw new FileFormatError(where, `holds no q_net.q_net.<i>.weight: not a Stable-Baselines3 DQN policy (keys: ${[...stateDict.keys()].slice(0, 6).join(', ')}…); only MlpPolicy imports`);
  const layers = indices.map((i) => {
    const weight = stateDict.get(`q_net.q_net.${i}.weight`)!;
    const bias = stateDict.get(`q_net.q_net.${i}.bias`);
    if (weight.shape.length !== 2 || !bias || bias.shape.length !== 1 || bias.shape[0] !== weight.shape[0]) throw new FileFormatError(where, `layer ${i} is not a Linear layer with a bias`);
    return { weight, bias };
  });
  layers.forEach((l, k) => {
    if (k > 0 && l.weight.shape[1] !== layers[k - 1]!.weight.shape[0]) throw new FileFormatError(where, `layer ${indices[k]} takes ${l.weight.shape[1]} inputs after a layer of ${layers[k - 1]!.weight.shape[0]}`);
  });
  if (layers.length < 2) throw new FileFormatError(where, 'its Q-network has no hidden layer (qlens networks have at least one)');
  return layers;
}

/**
 * MlpPolicy's Q-network is q_net.q_net's Linear layers over the flattened observation (its
 * FlattenExtractor has no parameters). Any other parameter of q_net means a network qlens cannot
 * run, named by what it is rather than by the hidden layer or keys it then lacks.
 */
function refuseOtherParts(stateDict: Map<string, Tensor>, where: string): void {
  const others = [...stateDict.keys()].filter((k) => k.startsWith('q_net.') && !k.startsWith('q_net.q_net.'));
  if (others.length === 0) return;
  const listed = `${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}`;
  const only = 'only MlpPolicy imports (Linear and ReLU layers in q_net.q_net, over the flattened observation)';
  if (others.some((k) => k.startsWith('q_net.features_extractor.'))) {
    throw new FileFormatError(where, `its Q-network reads observations through a features extractor with weights (${listed}): SB3's CnnPolicy or a custom features_extractor_class; ${only}`);
  }
  throw new FileFormatError(where, `its Q-network has parts beside q_net.q_net's layers (${listed}): a custom head, such as dueling value and advantage streams; ${only}`);
}

/** torch's Linear weight is [out, in]; a tfjs Dense kernel, ours, is [in, out]. */
function toKernels(layers: Layer[]): NamedWeights {
  return layers.flatMap((l, k) => {
    const [out, inputs] = l.weight.shape as [number, number];
    const kernel = new Float32Array(inputs * out);
    for (let o = 0; o < out; o++) for (let i = 0; i < inputs; i++) kernel[i * out + o] = l.weight.values[o * inputs + i]!;
    const name = k === layers.length - 1 ? 'q' : `dense_${k}`;
    return [
      { name: `${name}/kernel`, shape: [inputs, out], values: kernel },
      { name: `${name}/bias`, shape: [out], values: Float32Array.from(l.bias.values) },
    ];
  });
}
