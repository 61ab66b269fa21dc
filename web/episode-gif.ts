/**
 * An episode as an animated GIF, the way SB3's docs and rl-zoo's `record_video` let people share an
 * agent: every frame the replay draws, with a caption strip under it naming the step, the action
 * taken and, when the run has a tree, the tree's pick (in red where it differs). Encoded in the
 * page with gifenc from the rollout already on screen; nothing is fetched again.
 */
import { applyPalette, GIFEncoder, quantize } from 'gifenc';
import type { RolloutResponse } from '../src/server/dto.ts';
import { argmax } from './argmax.ts';
import { fmtInt, fmtReturn, humanize } from './format.ts';
import { paintFrame } from './frame-canvas.ts';

export interface Caption {
  text: string;
  /** The tree would have acted otherwise: drawn in red. */
  differs: boolean;
}

/** The caption under frame `index` (`steps.length` is the state after the last step). */
export function gifCaption(r: RolloutResponse, index: number): Caption {
  const last = r.steps.length;
  if (index >= last) {
    const how = r.capped ? `stopped at the ${fmtInt(last)}-step cap` : 'episode over';
    return { text: `${how} · return ${fmtReturn(r.totalReward)} in ${fmtInt(last)} steps`, differs: false };
  }
  const step = r.steps[index]!;
  const name = (a: number) => humanize(r.env.actionNames[a] ?? `action ${a}`);
  const head = `step ${fmtInt(index)} · ${r.policy === 'tree' ? 'the tree' : 'the network'} acts: ${name(step.action)}`;
  if (!step.qTree) return { text: head, differs: false };
  const other = r.policy === 'tree' ? argmax(step.q) : argmax(step.qTree);
  const differs = other !== step.action;
  const who = r.policy === 'tree' ? 'network' : 'tree';
  return { text: `${head} · ${who}: ${differs ? name(other) : 'same'}`, differs };
}

export interface GifOptions {
  /** Frames per second (the replay's playback speed). */
  perSecond: number;
  /** The GIF's width in pixels at most (frames are scaled down to it, never up). */
  maxWidth?: number;
  /** Called after each frame; return false to stop (the promise then rejects with `GifCancelled`). */
  onProgress?(done: number, total: number): boolean | void;
}

export class GifCancelled extends Error {}

const CAPTION_HEIGHT = 28;
const TEXT = '#1f2328';
const DIFFERS = '#c93c37';
/** Frames between pauses that let the page repaint (and show the progress). */
const FRAMES_PER_SLICE = 8;

/** The whole episode, first state to final, as GIF bytes. */
export async function episodeGif(r: RolloutResponse, options: GifOptions): Promise<Uint8Array> {
  const frames = [...r.steps.map((s) => s.frame), r.final.frame];
  const first = frames[0]!;
  const scale = Math.min(1, (options.maxWidth ?? 600) / first.width);
  const width = Math.round(first.width * scale);
  const frameHeight = Math.round(first.height * scale);
  const height = frameHeight + CAPTION_HEIGHT;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  const gif = GIFEncoder();
  const delay = Math.round(1000 / options.perSecond);
  for (let i = 0; i < frames.length; i++) {
    paintFrame(ctx, frames[i]!, scale);
    drawCaption(ctx, gifCaption(r, i), frameHeight, width);
    const { data } = ctx.getImageData(0, 0, width, height);
    // A palette per frame: classic-control frames hold a handful of flat colours plus edge blends.
    const palette = quantize(data, 64);
    gif.writeFrame(applyPalette(data, palette), width, height, { palette, delay });
    if (options.onProgress?.(i + 1, frames.length) === false) throw new GifCancelled('cancelled');
    if ((i + 1) % FRAMES_PER_SLICE === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  gif.finish();
  return gif.bytes();
}

function drawCaption(ctx: CanvasRenderingContext2D, caption: Caption, top: number, width: number): void {
  ctx.fillStyle = '#f6f7f9';
  ctx.fillRect(0, top, width, CAPTION_HEIGHT);
  ctx.fillStyle = caption.differs ? DIFFERS : TEXT;
  ctx.font = '13px system-ui, -apple-system, "Segoe UI", sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(caption.text, 8, top + CAPTION_HEIGHT / 2, width - 16);
}
