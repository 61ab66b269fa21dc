/**
 * What goes into a training checkpoint and how it comes back: the online network (tfjs layout), the
 * target network, Adam's moments, the trainer's counters and RNG streams, optionally the replay
 * buffer, plus whatever plugins (the LMUT mimic) add. Restoring all of it makes a resumed run
 * continue exactly where the checkpoint was taken.
 */
import { z } from 'zod';
import { FileFormatError } from '../core/errors.ts';
import type { NamedWeights, QNetwork } from '../dqn/network-types.ts';
import type { DqnTrainer, TrainerState } from '../dqn/trainer.ts';
import type { ReplaySnapshot } from '../replay/replay-buffer.ts';
import type { Checkpoint, CheckpointContent } from './checkpoint-store.ts';
import { parseTaggedJson } from './json-file.ts';
import { decodeWeights, encodeWeights, modelJson, parseModelJson } from './network-file.ts';

/** A saved `Rng` stream (Rng.toJSON); shared by every checkpointed component. */
export const rngStateSchema = z.object({ format: z.literal('qlens-rng'), version: z.literal(1), state: z.tuple([z.number(), z.number(), z.number(), z.number()]) });
const trainerStateSchema = z.object({
  format: z.literal('qlens-trainer'),
  version: z.literal(1),
  step: z.number().int().nonnegative(),
  episodes: z.number().int().nonnegative(),
  trainSteps: z.number().int().nonnegative(),
  recentReturns: z.array(z.number()),
  lastLoss: z.number().nullable(),
  lastMeanQ: z.number().nullable(),
  bestEvalMean: z.number().nullable(),
  solvedAtStep: z.number().nullable(),
  rng: z.object({ explore: rngStateSchema, replay: rngStateSchema, envSeeds: rngStateSchema, eval: rngStateSchema }),
  metricsBytes: z.number().int().nonnegative(),
  bestStep: z.number().int().nonnegative().nullable(),
});
const optimizerSchema = z.object({ format: z.literal('qlens-optimizer'), version: z.literal(1), step: z.number().int().nonnegative() });
const replaySchema = z.object({
  format: z.literal('qlens-replay'),
  version: z.literal(1),
  capacity: z.number().int().positive(),
  obsDim: z.number().int().positive(),
  position: z.number().int().nonnegative(),
  full: z.boolean(),
});

export interface RestoredTrainer {
  state: TrainerState;
  metricsBytes: number;
  bestStep: number | null;
}

/** The checkpoint files for the trainer's current state. */
export function trainerCheckpointFiles(trainer: DqnTrainer, metricsBytes: number, saveReplay: boolean): Record<string, CheckpointContent> {
  const net = trainer.network;
  const online = net.getWeights('online');
  const opt = net.getOptimizerState();
  const files: Record<string, CheckpointContent> = {
    'model.json': modelJson(net.spec, online),
    'weights.bin': encodeWeights(online),
    'target.bin': encodeWeights(net.getWeights('target')),
    'optimizer.json': { format: 'qlens-optimizer', version: 1, step: opt.step },
    'optimizer-m.bin': encodeWeights(opt.m),
    'optimizer-v.bin': encodeWeights(opt.v),
    'trainer.json': { ...trainer.state(), metricsBytes, bestStep: trainer.bestWeights?.step ?? null },
  };
  if (trainer.bestWeights) files['best.bin'] = encodeWeights(trainer.bestWeights.weights);
  if (saveReplay) {
    files['replay.json'] = { ...trainer.buffer.snapshot() };
    files['replay.bin'] = concatBytes(trainer.buffer.arrays());
  }
  return files;
}

/** Loads network, target and optimizer from `cp` into `network`. */
export function restoreNetwork(cp: Checkpoint, network: QNetwork): void {
  const model = parseModelJson(cp.readJson('model.json'), `${cp.dir}/model.json`);
  const manifest = model.weightsManifest[0]!.weights;
  if (JSON.stringify(model.spec) !== JSON.stringify({ ...network.spec, hidden: [...network.spec.hidden] })) {
    throw new FileFormatError(`${cp.dir}/model.json`, 'network spec differs from the run configuration');
  }
  network.setWeights(decodeWeights(cp.read('weights.bin'), manifest, `${cp.dir}/weights.bin`), 'online');
  network.setWeights(decodeWeights(cp.read('target.bin'), manifest, `${cp.dir}/target.bin`), 'target');
  const opt = parseTaggedJson(`${cp.dir}/optimizer.json`, cp.readJson('optimizer.json'), 'qlens-optimizer', 1, optimizerSchema);
  const m: NamedWeights = decodeWeights(cp.read('optimizer-m.bin'), manifest, `${cp.dir}/optimizer-m.bin`);
  const v: NamedWeights = decodeWeights(cp.read('optimizer-v.bin'), manifest, `${cp.dir}/optimizer-v.bin`);
  network.setOptimizerState({ step: opt.step, m, v });
}

/** Reads and validates `trainer.json`. */
export function readTrainerState(cp: Checkpoint): RestoredTrainer {
  const parsed = parseTaggedJson(`${cp.dir}/trainer.json`, cp.readJson('trainer.json'), 'qlens-trainer', 1, trainerStateSchema);
  const { metricsBytes, bestStep, ...state } = parsed;
  return { state: state as TrainerState, metricsBytes, bestStep };
}

/** Restores the best-evaluated weights kept for `model.json`, when the checkpoint has them. */
export function restoreBest(cp: Checkpoint, trainer: DqnTrainer, bestStep: number | null): void {
  if (bestStep === null || !cp.has('best.bin')) return;
  const model = parseModelJson(cp.readJson('model.json'), `${cp.dir}/model.json`);
  trainer.bestWeights = { step: bestStep, weights: decodeWeights(cp.read('best.bin'), model.weightsManifest[0]!.weights, `${cp.dir}/best.bin`) };
}

/** Fills the trainer's replay buffer from the checkpoint, when it holds one. */
export function restoreReplay(cp: Checkpoint, trainer: DqnTrainer): boolean {
  if (!cp.has('replay.json')) return false;
  const file = `${cp.dir}/replay.json`;
  const snap = parseTaggedJson(file, cp.readJson('replay.json'), 'qlens-replay', 1, replaySchema) as ReplaySnapshot;
  const bytes = cp.read('replay.bin');
  const arrays = trainer.buffer.arrays();
  const expected = arrays.reduce((n, a) => n + a.byteLength, 0);
  if (bytes.length !== expected) throw new FileFormatError(`${cp.dir}/replay.bin`, `holds ${bytes.length} bytes, expected ${expected}`);
  let offset = 0;
  for (const a of arrays) {
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(bytes.subarray(offset, offset + a.byteLength));
    offset += a.byteLength;
  }
  trainer.buffer.restoreCursor(snap);
  return true;
}

/** The observations stored in a checkpoint's replay buffer (the run's recent experience), row-major. */
export function readReplayObservations(cp: Checkpoint): { obs: Float32Array; n: number; obsDim: number } {
  const file = `${cp.dir}/replay.json`;
  if (!cp.has('replay.json')) throw new FileFormatError(file, 'this checkpoint holds no replay buffer (the run was trained with saveReplay=false)');
  const snap = parseTaggedJson(file, cp.readJson('replay.json'), 'qlens-replay', 1, replaySchema);
  const bytes = cp.read('replay.bin');
  const n = snap.full ? snap.capacity : snap.position;
  const needed = snap.capacity * snap.obsDim * 4;
  if (bytes.length < needed) throw new FileFormatError(`${cp.dir}/replay.bin`, `holds ${bytes.length} bytes, too few for ${snap.capacity} observations`);
  // The observations array comes first in replay.bin (ReplayBuffer.arrays()).
  const obs = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n * snap.obsDim * 4));
  return { obs, n, obsDim: snap.obsDim };
}

function concatBytes(views: ArrayBufferView[]): Uint8Array {
  const total = views.reduce((n, v) => n + v.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const v of views) {
    out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), offset);
    offset += v.byteLength;
  }
  return out;
}
