/**
 * The GIF encoding itself, the same code in the GIF worker (gif-worker.ts, on an OffscreenCanvas)
 * and in the page (episode-gif.ts's fallback, on a canvas element): each frame painted with the
 * replay's own `paintFrame`, its caption drawn under it, its changes since the frame before
 * written as a GIF frame (gif-writer.ts). Imports nothing that needs a document, so the worker can bundle it.
 */
import type { Frame } from '../src/server/dto.ts';
import { paintFrame } from './frame-canvas.ts';
import { GifWriter } from './gif-writer.ts';

export interface Caption {
  text: string;
  /** The tree would have acted otherwise: drawn in red. */
  differs: boolean;
}

/** Everything the encoder needs, as plain data (it is posted to the worker, so structured-cloneable). */
export interface GifJob {
  /** First state to final. */
  frames: Frame[];
  /** One per frame. */
  captions: Caption[];
  /** Frames per second (the replay's playback speed). */
  perSecond: number;
  /** The GIF's width in pixels at most (frames are scaled down to it, never up). */
  maxWidth: number;
}

/** The 2D contexts the encoder draws on: the page's canvas element or the worker's OffscreenCanvas. */
export type GifContext = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface GifSize {
  width: number;
  height: number;
  /** The frames' scale (at most 1) and their height; the caption strip fills the rest. */
  scale: number;
  frameHeight: number;
}

const CAPTION_HEIGHT = 28;
/** How long the final frame shows before the GIF starts over. */
export const FINAL_FRAME_MS = 2000;
/**
 * The most frames per second a GIF plays: frame delays are whole hundredths of a second, and
 * browsers slow any delay under 2 hundredths down to 10 (a 100 frames/s GIF plays at 10).
 */
export const MAX_GIF_FPS = 50;

/** A frame's delay in ms for `perSecond`, in the GIF's whole hundredths of a second (30/s plays at 33.3/s). */
export const frameDelayMs = (perSecond: number) => 10 * Math.max(2, Math.round(100 / perSecond));

/** The frames per second a GIF made for `perSecond` really plays at. */
export const playedFps = (perSecond: number) => 1000 / frameDelayMs(perSecond);
const TEXT = '#1f2328';
const DIFFERS = '#c93c37';

/** The GIF's size: the first frame scaled to `maxWidth` at most, and the caption strip. */
export function gifSize(job: GifJob): GifSize {
  const first = job.frames[0]!;
  const scale = Math.min(1, job.maxWidth / first.width);
  const frameHeight = Math.round(first.height * scale);
  return { width: Math.round(first.width * scale), height: frameHeight + CAPTION_HEIGHT, scale, frameHeight };
}

/**
 * Paints and encodes `job` on `ctx` (a canvas of `gifSize(job)`), one frame per step of the
 * generator, which yields the number of frames done and returns the GIF's bytes: the worker runs it
 * straight through, reporting each frame, and the page's fallback pauses between slices of it.
 */
export function* encodeGif(job: GifJob, ctx: GifContext): Generator<number, Uint8Array, void> {
  const { width, height, scale, frameHeight } = gifSize(job);
  const gif = new GifWriter(width, height);
  const delay = frameDelayMs(job.perSecond);
  const last = job.frames.length - 1;
  for (let i = 0; i < job.frames.length; i++) {
    // paintFrame is typed for the replay's canvas element; it only calls drawing methods (paths,
    // fills, strokes, transforms), which an OffscreenCanvas's context has with the same meaning.
    paintFrame(ctx as CanvasRenderingContext2D, job.frames[i]!, scale);
    drawCaption(ctx, job.captions[i]!, frameHeight, width);
    const { data } = ctx.getImageData(0, 0, width, height);
    // The final frame's caption (the return, how the episode ended) stays up long enough to read before the GIF loops.
    gif.add(new Uint32Array(data.buffer, data.byteOffset, data.length / 4), i === last ? Math.max(delay, FINAL_FRAME_MS) : delay);
    yield i + 1;
  }
  return gif.finish();
}

function drawCaption(ctx: GifContext, caption: Caption, top: number, width: number): void {
  ctx.fillStyle = '#f6f7f9';
  ctx.fillRect(0, top, width, CAPTION_HEIGHT);
  ctx.fillStyle = caption.differs ? DIFFERS : TEXT;
  ctx.font = '13px system-ui, -apple-system, "Segoe UI", sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(caption.text, 8, top + CAPTION_HEIGHT / 2, width - 16);
}
