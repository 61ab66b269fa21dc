/**
 * A GIF decoded as a viewer shows it: every frame drawn over the ones before (qlens's GIFs write
 * only what changed since the frame before, the rest transparent), one RGBA copy of the screen per
 * frame, with its delay and where its own pixels went.
 */
import { GifReader } from 'omggif';

export interface ShownFrame {
  /** The whole screen after this frame is drawn, RGBA. */
  pixels: Uint8ClampedArray;
  /** Hundredths of a second. */
  delay: number;
  /** The frame's own box on the screen. */
  box: { x: number; y: number; width: number; height: number };
}

export function decodeGif(bytes: Uint8Array): { width: number; height: number; frames: ShownFrame[] } {
  const reader = new GifReader(bytes);
  const screen = new Uint8ClampedArray(reader.width * reader.height * 4);
  const frames: ShownFrame[] = [];
  for (let i = 0; i < reader.numFrames(); i++) {
    const info = reader.frameInfo(i);
    const before = screen.slice();
    reader.decodeAndBlitFrameRGBA(i, screen); // transparent pixels leave the screen as it was
    frames.push({ pixels: screen.slice(), delay: info.delay, box: { x: info.x, y: info.y, width: info.width, height: info.height } });
    // What the frame leaves for the next: itself (disposal 0 or 1), its box cleared (2), or the screen before it (3).
    if (info.disposal === 2 || info.disposal === 3) {
      for (let y = info.y; y < info.y + info.height; y++) {
        const from = (y * reader.width + info.x) * 4;
        const to = from + info.width * 4;
        if (info.disposal === 2) screen.fill(0, from, to);
        else screen.set(before.subarray(from, to), from);
      }
    }
  }
  return { width: reader.width, height: reader.height, frames };
}
