/**
 * Painted frames (RGBA pixels) as an animated GIF, frame by frame, written with gifenc: each frame is
 * palette indices over a box of the screen. The first
 * frame fills the screen; every later one covers only the box around the pixels that changed since
 * the frame before, where the pixels that did not change are the transparent index (the frame below
 * shows through; LZW packs their runs to almost nothing). Frames differ in the cart and the pole
 * (the links, the car, the bird) and the caption: a 500-step CartPole GIF 600 px wide went from
 * 1.79 MB to 0.97 MB (1,000 steps of FlappyBird: 5.1 MB to 3.8 MB), while the pixels shown came closer
 * to those painted (300 CartPole frames: none off by more than 8 levels, against 1,348 before).
 *
 * Each palette starts with the scene's colours, exact (the first frame's most frequent: background,
 * track, cart, pole, caption strip, text), and fills up with a frame's other colours, the frequent
 * ones exact (paletteOf); a pixel takes its own colour or the nearest. Exact colours matter: a
 * background pixel repainted in a quantizer's near-white beside ones left in the first frame's white
 * showed as a grey trail behind the pole.
 */
import * as gifencModule from 'gifenc';

// The bundler reads gifenc's ES module, whose exports are named; Node (`qlens record`) gets its
// CommonJS build, whose exports Node cannot detect, so they sit on `default` there.
const gifenc: typeof gifencModule = 'GIFEncoder' in gifencModule ? gifencModule : (gifencModule as unknown as { default: typeof gifencModule }).default;

/** Where a frame's pixels go on the GIF's screen. */
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A frame as palette indices over its box, and the index that stands for "as the frame before", if any. */
interface IndexedFrame {
  index: Uint8Array;
  /** [r, g, b] per index. */
  palette: number[][];
  box: Box;
  transparentIndex?: number;
}

/**
 * Colours a frame may use (GIF allows 256). A frame's table has only the colours it uses, so 128 costs
 * nothing where fewer are painted; where more are (text and edge blends), 64 had left thousands of
 * pixels off by more than 8 levels in a FlappyBird episode, 128 leaves a few dozen.
 */
const COLOURS = 128;
/** How many of the first frame's colours are the scene's, kept exact in every palette. */
const SCENE_COLOURS = 16;
/** A palette's colours chosen by the quantizer for the rarer colours, when a frame has more than fit. */
const QUANTIZED = 64;

/**
 * Adds frames to a GIF that loops forever. Pixels are RGBA bytes read as one 32-bit word each
 * (opaque, so alpha never tells two colours apart). The writer compares each frame with the one
 * before, which it keeps: give every frame an array of its own, left unchanged.
 */
export class GifWriter {
  private readonly gif = gifenc.GIFEncoder();
  private frames = 0;
  private readonly indexer: FrameIndexer;

  constructor(width: number, height: number) {
    this.indexer = new FrameIndexer(width, height);
  }

  /** Appends a frame shown for `delayMs` (the GIF keeps whole hundredths of a second). */
  add(pixels: Uint32Array, delayMs: number): void {
    const frame = this.indexer.next(pixels);
    const at = this.gif.bytesView().length;
    this.gif.writeFrame(frame.index, frame.box.width, frame.box.height, {
      palette: frame.palette,
      delay: delayMs,
      // Each frame is drawn over the one before (disposal 1, "leave in place"), which shows through its transparent pixels.
      dispose: 1,
      // The fewest bits per pixel index the palette needs (LZW codes start one bit wider).
      colorDepth: Math.max(2, Math.ceil(Math.log2(frame.palette.length))),
      ...(frame.transparentIndex === undefined ? {} : { transparent: true, transparentIndex: frame.transparentIndex }),
    });
    if (this.frames > 0) placeFrame(this.gif.bytesView(), at, frame.box); // the first frame (after the GIF's header) fills the screen
    this.frames++;
  }

  /** The GIF's bytes; add nothing after. */
  finish(): Uint8Array {
    this.gif.finish();
    return this.gif.bytes();
  }
}

/**
 * gifenc writes every frame at the screen's top left: its image descriptor, which follows the
 * 8-byte graphic control extension the frame starts with, gets the box's left and top here.
 */
function placeFrame(bytes: Uint8Array, frameStart: number, box: Box): void {
  const descriptor = frameStart + 8;
  if (bytes[descriptor] !== 0x2c) throw new Error('gifenc wrote a frame this encoder does not know how to place');
  bytes[descriptor + 1] = box.left & 0xff;
  bytes[descriptor + 2] = box.left >> 8;
  bytes[descriptor + 3] = box.top & 0xff;
  bytes[descriptor + 4] = box.top >> 8;
}

/** Turns each frame into palette indices: the first whole, the others as their changes. */
class FrameIndexer {
  private previous: Uint32Array | null = null;
  private scene: number[] = [];

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {}

  /** The next frame: the whole screen for the first, the changes since the frame before for the others. */
  next(pixels: Uint32Array): IndexedFrame {
    const frame = this.previous === null ? this.whole(pixels) : this.changesSince(this.previous, pixels);
    this.previous = pixels;
    return frame;
  }

  private whole(pixels: Uint32Array): IndexedFrame {
    const counts = countColours(pixels);
    this.scene = mostFrequent(counts, [], SCENE_COLOURS);
    const { palette, indexOf } = paletteOf(pixels, this.scene, COLOURS, counts);
    const index = new Uint8Array(pixels.length);
    for (let p = 0; p < pixels.length; p++) index[p] = indexOf(pixels[p]!);
    return { index, palette, box: { left: 0, top: 0, width: this.width, height: this.height } };
  }

  private changesSince(before: Uint32Array, now: Uint32Array): IndexedFrame {
    const box = changedBox(before, now, this.width, this.height);
    if (box === null) {
      // A frame like the one before (a car at rest) is still written, for its delay: one transparent pixel.
      return { index: new Uint8Array(1), palette: [[0, 0, 0]], box: { left: 0, top: 0, width: 1, height: 1 }, transparentIndex: 0 };
    }
    const changed: number[] = [];
    forEachInBox(box, this.width, (p) => {
      if (now[p] !== before[p]) changed.push(now[p]!);
    });
    // One colour fewer than a whole frame's: the index after the palette's colours is the transparent one.
    const { palette, indexOf } = paletteOf(Uint32Array.from(changed), this.scene, COLOURS - 1);
    const transparentIndex = palette.length;
    const index = new Uint8Array(box.width * box.height);
    forEachInBox(box, this.width, (p, k) => {
      index[k] = now[p] === before[p] ? transparentIndex : indexOf(now[p]!);
    });
    return { index, palette: [...palette, [0, 0, 0]], box, transparentIndex };
  }
}

/** The smallest box holding every pixel that differs, or null when none does. */
function changedBox(before: Uint32Array, now: Uint32Array, width: number, height: number): Box | null {
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0, p = y * width; x < width; x++, p++) {
      if (now[p] === before[p]) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** Visits the box's pixels row by row: `p` on the screen, `k` in the box. */
function forEachInBox(box: Box, screenWidth: number, visit: (p: number, k: number) => void): void {
  let k = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let p = y * screenWidth + box.left, end = p + box.width; p < end; p++) visit(p, k++);
  }
}

function countColours(pixels: Uint32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const colour of pixels) counts.set(colour, (counts.get(colour) ?? 0) + 1);
  return counts;
}

/** Up to `size` colours of `counts` outside `except`, most frequent first (first seen first among equals). */
function mostFrequent(counts: Map<number, number>, except: readonly number[], size: number): number[] {
  return [...counts]
    .filter(([colour]) => !except.includes(colour))
    .sort((a, b) => b[1] - a[1])
    .slice(0, size)
    .map(([colour]) => colour);
}

/**
 * `scene`, then the pixels' other colours, `size` in all: exact while they fit; past that, the most
 * frequent stay exact and gifenc's quantizer picks `QUANTIZED` colours for the rarer rest (edge
 * blends), which then take the nearest palette colour. Quantizing every colour as soon as one too
 * many appeared had rounded flat colours (a pipe, the red caption) differently from frame to frame.
 */
function paletteOf(pixels: Uint32Array, scene: readonly number[], size: number, counts = countColours(pixels)): { palette: number[][]; indexOf(colour: number): number } {
  const room = size - scene.length;
  const others = mostFrequent(counts, scene, Infinity);
  const fits = others.length <= room;
  const exact = [...scene, ...others.slice(0, fits ? room : room - QUANTIZED)];
  const palette = exact.map(rgbOf);
  if (!fits) {
    const rare = new Set(others.slice(room - QUANTIZED));
    // gifenc's quantizer reads its argument's whole buffer: filter's result has a buffer of its own.
    const rest = pixels.filter((colour) => rare.has(colour));
    palette.push(...gifenc.quantize(new Uint8Array(rest.buffer), QUANTIZED));
  }
  const indices = new Map(exact.map((colour, i) => [colour, i]));
  return {
    palette,
    indexOf(colour) {
      let i = indices.get(colour);
      if (i === undefined) {
        i = nearest(palette, rgbOf(colour));
        indices.set(colour, i);
      }
      return i;
    },
  };
}

function nearest(palette: number[][], [r, g, b]: number[]): number {
  let best = 0;
  let bestDistance = Infinity;
  palette.forEach(([pr, pg, pb], i) => {
    const d = (pr! - r!) ** 2 + (pg! - g!) ** 2 + (pb! - b!) ** 2;
    if (d < bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

/** A little-endian RGBA word's [r, g, b]. */
const rgbOf = (colour: number) => [colour & 0xff, (colour >>> 8) & 0xff, (colour >>> 16) & 0xff];
