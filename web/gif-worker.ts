/**
 * The GIF worker (served as `gif-worker.js`, bundled by web-bundle.ts beside app.js): paints and
 * encodes an episode's GIF off the page's main thread, where a 500-step CartPole episode took
 * 3.5–7 s of back-to-back ~100 ms tasks (8 frames each) and made the playing replay stutter
 * (bench/gif-encode.ts measures it). It receives one `GifJob`, answers `progress` messages (at most
 * every 100 ms) and then `done` with the bytes (transferred, not copied) or `error`. Cancelling is the
 * page's `worker.terminate()`; a worker serves one GIF.
 */
import { encodeGif, type GifJob, gifSize } from './gif-encode.ts';

export type GifWorkerReply = { type: 'progress'; done: number; total: number } | { type: 'done'; bytes: Uint8Array } | { type: 'error'; message: string };

/** The worker's global scope, as far as this file uses it (tsconfig's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  postMessage(reply: GifWorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<GifJob>) => void): void;
};

/** At most one progress message per this many ms. */
const PROGRESS_MS = 100;

scope.addEventListener('message', ({ data: job }) => {
  let reported = -Infinity;
  try {
    const { width, height } = gifSize(job);
    // willReadFrequently, as in the page: every frame is read back, so a CPU-side canvas is faster.
    const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('this browser cannot draw on a canvas in a worker');
    const frames = encodeGif(job, ctx);
    for (let step = frames.next(); ; step = frames.next()) {
      if (step.done) {
        scope.postMessage({ type: 'done', bytes: step.value }, [step.value.buffer]);
        return;
      }
      // Every frame's progress made the page redraw its button 500 times (~0.4 s of its main thread): a few times a second is enough.
      const now = performance.now();
      if (now - reported >= PROGRESS_MS) {
        reported = now;
        scope.postMessage({ type: 'progress', done: step.value, total: job.frames.length });
      }
    }
  } catch (err) {
    scope.postMessage({ type: 'error', message: (err as Error).message });
  }
});
