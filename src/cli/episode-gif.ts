/**
 * One greedy episode of an agent as an animated GIF, in Node: the dashboard replay's GIF (its
 * rollout, painting, captions and encoder: src/server/rollout.ts, web/gif-encode.ts,
 * web/gif-caption.ts), painted with @napi-rs/canvas (Skia, prebuilt per platform from the npm
 * registry). `qlens record` writes it; `qlens publish` ships one beside the model card.
 */
import { make } from '../../envs/index.ts';
import { SHAPES_TEXT } from '../../envs/draw.ts';
import { QlensError } from '../core/errors.ts';
import type { LinearModelUTree } from '../lmut/index.ts';
import type { LoadedRun } from '../runs/load-network.ts';
import type { RolloutPolicy, RolloutResponse } from '../server/dto.ts';
import { playEpisode } from '../server/rollout.ts';
import { episodeGifJob } from '../../web/gif-caption.ts';
import { encodeGif, gifSize } from '../../web/gif-encode.ts';

export interface EpisodeGifOptions {
  seed: number;
  maxSteps?: number;
  policy: RolloutPolicy;
  perSecond: number;
  maxWidth: number;
  /** Called every ~200 ms while frames are encoded (a 500-step CartPole GIF takes ~6 s). */
  onProgress?(done: number, total: number): void;
}

export interface EpisodeGif {
  bytes: Uint8Array;
  rollout: RolloutResponse;
  frames: number;
  width: number;
  height: number;
  /** No font was found: the captions are blank. */
  noFonts: boolean;
}

interface Canvas {
  createCanvas(width: number, height: number): { getContext(kind: '2d'): unknown };
  fontCount: number;
}

/** @napi-rs/canvas ships its Skia build as one npm package per platform; without it, say so by name. */
export async function loadCanvas(): Promise<Canvas> {
  try {
    const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
    return { createCanvas, fontCount: GlobalFonts.families.length };
  } catch (err) {
    throw new QlensError(
      `recording a GIF needs @napi-rs/canvas, whose native build for ${process.platform}-${process.arch} did not load (${(err as Error).message.split('\n')[0]}): run \`npm install\` again, or download the GIF from the dashboard's Replay tab instead`,
    );
  }
}

/** Plays the episode (the tree asked beside the network, when given) and encodes every frame. */
export async function episodeGif(run: Pick<LoadedRun, 'network' | 'config' | 'label'>, tree: LinearModelUTree | undefined, o: EpisodeGifOptions): Promise<EpisodeGif> {
  const canvas = await loadCanvas();
  const { envSpec } = run.config;
  const rollout = playEpisode(
    { network: run.network, tree: tree ? { q: tree, leaves: tree.summary.leaves, depth: tree.summary.depth } : undefined },
    make(envSpec.id),
    envSpec,
    { seed: o.seed, maxSteps: o.maxSteps, weights: run.label, policy: o.policy },
  );
  if (rollout.final.frame.width === 0) {
    throw new QlensError(`${envSpec.id} draws nothing (its module has no render()), so there is no episode to record: add render() returning { width, height, shapes }, shapes being ${SHAPES_TEXT}`);
  }
  const job = episodeGifJob(rollout, o.perSecond, o.maxWidth);
  const frames = job.frames.length;
  const { width, height } = gifSize(job);
  const ctx = canvas.createCanvas(width, height).getContext('2d');
  // The replay's painting code is typed for the browser's context; Skia's has the same drawing methods.
  const encoding = encodeGif(job, ctx as unknown as CanvasRenderingContext2D);
  let reported = 0;
  let step = encoding.next();
  for (; !step.done; step = encoding.next()) {
    // Skia's pixel read-backs are freed by finalizers, which run only between event-loop turns:
    // without these pauses a 1,000-frame GIF held 1.2 GB of them (25 frames: ~25 MB).
    if (step.value % 25 === 0) await new Promise((next) => setImmediate(next));
    if (o.onProgress && performance.now() - reported > 200) {
      reported = performance.now();
      o.onProgress(step.value, frames);
    }
  }
  return { bytes: step.value, rollout, frames, width, height, noFonts: canvas.fontCount === 0 };
}
