/** Messages between the trainer's thread and the online tree's thread (tree-thread.ts). */
import type { QComparison } from './agreement.ts';

export type ThreadRequest =
  | { type: 'adopt'; json: string }
  | { type: 'learn'; obs: Float32Array; q: Float32Array; n: number }
  | { type: 'compare'; obs: Float32Array; q: Float32Array; n: number }
  | { type: 'snapshot'; form: 'full' | 'model' };

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'compared'; comparison: QComparison; samples: number; leaves: number; depth: number }
  | { type: 'snapshot'; json: string }
  | { type: 'failed'; error: { name: string; message: string } };
