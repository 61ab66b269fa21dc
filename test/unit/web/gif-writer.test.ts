/**
 * GifWriter: each frame after the first holds only the box around what changed, the rest of it
 * transparent, and the GIF a viewer shows is the frames as painted (exactly while a frame's colours
 * fit in its palette; the scene's flat colours always exactly, so nothing leaves a trail).
 */
import { describe, expect, it } from 'vitest';
import { GifWriter } from '../../../web/gif-writer.ts';
import { decodeGif } from '../../decode-gif.ts';

const W = 40;
const H = 30;
const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

/** A frame as RGBA bytes, painted by `colourAt`, and the same pixels as the writer takes them. */
function frame(colourAt: (x: number, y: number) => number[]): { rgba: Uint8ClampedArray; words: Uint32Array } {
  const rgba = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [r, g, b] = colourAt(x, y);
      rgba.set([r!, g!, b!, 255], (y * W + x) * 4);
    }
  }
  return { rgba, words: new Uint32Array(rgba.buffer) };
}

/** A black 5×5 cart at `cartX` on white, over a caption row of grey shades that shift with `step`. */
const scene = (cartX: number, step: number) =>
  frame((x, y) => {
    if (y >= 25) return [(x * 6 + step * 13) % 200, (x * 6 + step * 13) % 200, (x * 6 + step * 13) % 200];
    return x >= cartX && x < cartX + 5 && y >= 10 && y < 15 ? BLACK : WHITE;
  });

function write(frames: { words: Uint32Array }[], delayMs = 50) {
  const writer = new GifWriter(W, H);
  for (const f of frames) writer.add(f.words, delayMs);
  return decodeGif(writer.finish());
}

describe('GifWriter', () => {
  it('shows every frame exactly as painted when its colours fit, writing only the box that changed', () => {
    const frames = [scene(2, 0), scene(3, 0), scene(3, 0), scene(9, 1)];
    const gif = write(frames, 30);
    expect([gif.width, gif.height, gif.frames.length]).toEqual([W, H, 4]);
    gif.frames.forEach((shown, i) => expect(Buffer.from(shown.pixels).equals(Buffer.from(frames[i]!.rgba)), `frame ${i}`).toBe(true));
    expect(gif.frames.map((f) => f.delay)).toEqual([3, 3, 3, 3]);
    expect(gif.frames[0]!.box).toEqual({ x: 0, y: 0, width: W, height: H });
    // The cart moved one pixel right: its old left column turned white, a new column turned black.
    expect(gif.frames[1]!.box).toEqual({ x: 2, y: 10, width: 6, height: 5 });
    // Nothing changed: one transparent pixel, still shown for its delay.
    expect(gif.frames[2]!.box).toEqual({ x: 0, y: 0, width: 1, height: 1 });
    // The cart jumped and the caption's shades shifted: the box spans both.
    expect(gif.frames[3]!.box).toEqual({ x: 0, y: 10, width: W, height: H - 10 });
  });

  it('keeps the scene’s colours exact when a frame has more colours than its palette, so nothing leaves a trail', () => {
    // 300 colours in a patch that moves over an off-white background (which a quantizer rounds to
    // white): far more than a frame's 64.
    const background = [250, 250, 250];
    const patch = (left: number) => frame((x, y) => (x >= left && x < left + 20 && y < 15 ? [x * 12, y * 17, ((x * 7) ^ (y * 5)) & 255] : background));
    const frames = [patch(0), patch(10), patch(20)];
    const gif = write(frames);
    for (const [i, shown] of gif.frames.entries()) {
      let worst = 0;
      for (let p = 0; p < W * H * 4; p += 4) {
        const painted = frames[i]!.rgba.subarray(p, p + 3);
        const seen = shown.pixels.subarray(p, p + 3);
        // Every background pixel is shown as painted, the patch's uncovered trail included; the patch's own colours come close.
        if (painted.every((v) => v === 250)) expect([...seen], `frame ${i}, pixel ${p / 4}`).toEqual(background);
        else worst = Math.max(worst, ...[0, 1, 2].map((c) => Math.abs(painted[c]! - seen[c]!)));
      }
      expect(worst, `frame ${i}`).toBeLessThan(48);
    }
  });

  it('keeps a frame’s frequent colours exact when its rarer ones must be quantized, so a flat colour looks the same in every frame', () => {
    // A new flat colour (a pipe) appears after the first frame, beside 300 one-pixel colours (edge blends).
    const pipe = [100, 123, 59];
    const withPipe = (left: number) =>
      frame((x, y) => {
        if (y >= 20) return [(x * 37 + y * 11 + left) & 255, (x * 13) & 255, (y * 29 + left) & 255];
        return x >= left && x < left + 8 ? pipe : WHITE;
      });
    const frames = [scene(0, 0), withPipe(4), withPipe(12)];
    const gif = write(frames);
    for (const i of [1, 2]) {
      for (let p = 0; p < W * H * 4; p += 4) {
        const painted = [...frames[i]!.rgba.subarray(p, p + 3)];
        if (painted.join() === pipe.join()) expect([...gif.frames[i]!.pixels.subarray(p, p + 3)], `frame ${i}, pixel ${p / 4}`).toEqual(pipe);
      }
    }
  });
});
