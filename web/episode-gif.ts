/**
 * An episode as an animated GIF, the way SB3's docs and rl-zoo's `record_video` let people share an
 * agent: every frame the replay draws, with a caption strip under it naming the step, the action
 * taken and, when the run has a tree, the tree's pick (in red where it differs). Made in the browser
 * from the rollout already on screen (nothing is fetched again), in a dedicated worker
 * (gif-worker.ts) so the page and the playing replay stay smooth while it is encoded.
 */
import type { RolloutResponse } from '../src/server/dto.ts';
import { episodeGifJob } from './gif-caption.ts';
import { type Caption, encodeGif, type GifJob, gifSize } from './gif-encode.ts';
import type { GifWorkerReply } from './gif-worker.ts';

export type { Caption };

export interface GifOptions {
  /** Frames per second (the replay's playback speed). */
  perSecond: number;
  /** The GIF's width in pixels at most (frames are scaled down to it, never up). */
  maxWidth?: number;
  /** Called after each frame; return false to stop (the promise then rejects with `GifCancelled`). */
  onProgress?(done: number, total: number): boolean | void;
}

export interface Gif {
  bytes: Uint8Array;
  /** Where it was encoded: in the GIF worker, or on the page's main thread (the fallback). */
  encodedIn: 'worker' | 'page';
}

export class GifCancelled extends Error {}

/** The worker script, beside app.js (web-bundle.ts builds both; routes/web.ts and web/dist serve both). */
const WORKER_URL = 'gif-worker.js';
/** Frames between pauses that let the page repaint (and show the progress), in the page's fallback. */
const FRAMES_PER_SLICE = 8;

/** The whole episode, first state to final, as GIF bytes. */
export function episodeGif(r: RolloutResponse, options: GifOptions): Promise<Gif> {
  const job = episodeGifJob(r, options.perSecond, options.maxWidth ?? 600);
  let worker: Worker;
  try {
    // Resolved against the page's URL, as app.js is; same origin, as the CSP's worker-src requires.
    worker = new Worker(WORKER_URL, { name: 'qlens GIF encoder' });
  } catch {
    // Only when the browser cannot start a worker at all (no Worker, or a policy forbids it): encode
    // on the page as before, in slices. A worker that starts and then fails reports its error instead.
    return encodeInPage(job, options).then((bytes) => ({ bytes, encodedIn: 'page' }));
  }
  return new Promise<Gif>((resolve, reject) => {
    const stop = (err: Error) => {
      worker.terminate();
      reject(err);
    };
    worker.addEventListener('message', ({ data }: MessageEvent<GifWorkerReply>) => {
      if (data.type === 'progress') {
        if (options.onProgress?.(data.done, data.total) === false) stop(new GifCancelled('cancelled'));
      } else if (data.type === 'done') {
        worker.terminate();
        resolve({ bytes: data.bytes, encodedIn: 'worker' });
      } else {
        stop(new Error(data.message));
      }
    });
    // The script did not load or threw outside the encoding (its `error` event carries no detail then).
    worker.addEventListener('error', (event) => stop(new Error(event.message || `the GIF worker (${WORKER_URL}) failed to start`)));
    worker.addEventListener('messageerror', () => stop(new Error('the GIF worker’s answer could not be read')));
    try {
      worker.postMessage(job);
    } catch (err) {
      stop(err as Error); // a frame that cannot be cloned: no worker is left running
    }
  });
}

/** The fallback: the same encoder on a canvas element, pausing every few frames so the page repaints. */
async function encodeInPage(job: GifJob, options: GifOptions): Promise<Uint8Array> {
  const { width, height } = gifSize(job);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  const frames = encodeGif(job, ctx);
  for (let step = frames.next(); ; step = frames.next()) {
    if (step.done) return step.value;
    if (options.onProgress?.(step.value, job.frames.length) === false) throw new GifCancelled('cancelled');
    if (step.value % FRAMES_PER_SLICE === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
