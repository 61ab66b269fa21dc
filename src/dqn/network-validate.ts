/**
 * Boundary checks shared by every QNetwork engine, so both reject bad input with the same words.
 * They run once per call on sizes and indices only (O(batch)), never on the hot arithmetic.
 */
import { ConfigError, DataError } from '../core/errors.ts';
import { layerShapes } from './init.ts';
import type { NamedWeights, NetworkSpec, OptimizerState, ReplayBatch, TrainHyper } from './network-types.ts';

const positiveInt = (n: unknown): boolean => Number.isInteger(n) && (n as number) > 0;

export function validateSpec(spec: NetworkSpec): void {
  if (!positiveInt(spec.obsDim)) throw new ConfigError('obsDim', `obsDim must be a positive integer, got ${spec.obsDim}`);
  if (!positiveInt(spec.nActions) || spec.nActions < 2) {
    throw new ConfigError('nActions', `nActions must be an integer ≥ 2, got ${spec.nActions}`);
  }
  if (!Array.isArray(spec.hidden) || !spec.hidden.every(positiveInt)) {
    throw new ConfigError('hidden', `hidden must be a list of positive integer widths, got ${JSON.stringify(spec.hidden)}`);
  }
  if (typeof spec.dueling !== 'boolean') throw new ConfigError('dueling', 'dueling must be true or false');
}

/** The (name, shape) list a spec's weights must have, in `initWeights` order. */
export function expectedTensors(spec: NetworkSpec): { name: string; shape: number[] }[] {
  return layerShapes(spec).flatMap((l) => [
    { name: `${l.name}/kernel`, shape: [l.inputs, l.outputs] },
    { name: `${l.name}/bias`, shape: [l.outputs] },
  ]);
}

/**
 * Checks that `weights` holds exactly the tensors of `spec` (any order; matched by name), with the
 * right shapes, lengths and only finite values. Returns them keyed by name.
 */
export function indexWeights(spec: NetworkSpec, weights: NamedWeights, what = 'weights'): Map<string, Float32Array> {
  if (!Array.isArray(weights)) throw new DataError(`${what} must be a list of named tensors`);
  const byName = new Map<string, Float32Array>();
  for (const w of weights) {
    if (byName.has(w.name)) throw new DataError(`${what}: tensor "${w.name}" appears twice`);
    byName.set(w.name, w.values);
  }
  const expected = expectedTensors(spec);
  for (const { name, shape } of expected) {
    const given = weights.find((w) => w.name === name);
    if (!given) throw new DataError(`${what}: missing tensor "${name}" (shape [${shape.join(', ')}])`);
    if (given.shape.length !== shape.length || given.shape.some((s, i) => s !== shape[i])) {
      throw new DataError(`${what}: "${name}" has shape [${given.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (!(given.values instanceof Float32Array) || given.values.length !== size) {
      throw new DataError(`${what}: "${name}" must be a Float32Array of ${size} values`);
    }
    for (let i = 0; i < size; i++) {
      if (!Number.isFinite(given.values[i])) {
        throw new DataError(`${what}: "${name}" holds a non-finite value (${given.values[i]}) at index ${i}`);
      }
    }
  }
  if (byName.size !== expected.length) {
    const extra = [...byName.keys()].filter((n) => !expected.some((e) => e.name === n));
    throw new DataError(`${what}: unexpected tensor(s) ${extra.map((n) => `"${n}"`).join(', ')}`);
  }
  return byName;
}

export function validateOptimizerState(spec: NetworkSpec, state: OptimizerState): void {
  if (!Number.isInteger(state?.step) || state.step < 0) {
    throw new DataError(`optimizer state: step must be a non-negative integer, got ${state?.step}`);
  }
  indexWeights(spec, state.m, 'optimizer state m');
  const v = indexWeights(spec, state.v, 'optimizer state v');
  for (const [name, values] of v) {
    if (values.some((x) => x < 0)) throw new DataError(`optimizer state v: "${name}" holds a negative second moment`);
  }
}

/** Shape and index checks of a replay batch (values are not scanned: that would cost a pass). */
export function validateBatch(spec: NetworkSpec, batch: ReplayBatch): void {
  const n = batch.size;
  if (!positiveInt(n)) throw new DataError(`batch size must be a positive integer, got ${n}`);
  const need = (field: keyof ReplayBatch, arr: ArrayLike<number>, len: number): void => {
    if (arr.length !== len) throw new DataError(`batch.${field} has ${arr.length} values, expected ${len} (size ${n})`);
  };
  need('observations', batch.observations, n * spec.obsDim);
  need('nextObservations', batch.nextObservations, n * spec.obsDim);
  need('actions', batch.actions, n);
  need('rewards', batch.rewards, n);
  need('terminated', batch.terminated, n);
  const actions = batch.actions;
  for (let i = 0; i < n; i++) {
    const a = actions[i]!;
    if (!(a >= 0 && a < spec.nActions && (a | 0) === a)) {
      throw new DataError(`batch.actions[${i}] = ${a} is not an action index in [0, ${spec.nActions - 1}]`);
    }
  }
}

export function validateHyper(hyper: TrainHyper): void {
  const { gamma, loss, maxGradNorm, learningRate, adamEpsilon } = hyper;
  if (!(gamma >= 0 && gamma <= 1)) throw new ConfigError('gamma', `gamma must be in [0, 1], got ${gamma}`);
  if (loss !== 'mse' && loss !== 'huber') throw new ConfigError('loss', `loss must be "mse" or "huber", got ${String(loss)}`);
  if (!(maxGradNorm > 0)) throw new ConfigError('maxGradNorm', `maxGradNorm must be > 0 (Infinity disables), got ${maxGradNorm}`);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new ConfigError('learningRate', `learningRate must be a positive number, got ${learningRate}`);
  }
  if (!(adamEpsilon > 0 && Number.isFinite(adamEpsilon))) {
    throw new ConfigError('adamEpsilon', `adamEpsilon must be a positive number, got ${adamEpsilon}`);
  }
}

/** `obs` must hold at least n × obsDim values (n ≥ 0 integer). */
export function validateObservations(spec: NetworkSpec, obs: Float32Array, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new DataError(`row count must be a non-negative integer, got ${n}`);
  if (!(obs instanceof Float32Array) || obs.length < n * spec.obsDim) {
    throw new DataError(`observations must be a Float32Array of at least ${n} × ${spec.obsDim} values, got ${obs?.length}`);
  }
}
