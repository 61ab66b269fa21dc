/** The part of gifenc 1.0.3's API the dashboard uses (the package ships no types; see its README). */
declare module 'gifenc' {
  export type Palette = number[][];
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: { format?: 'rgb565' | 'rgb444' | 'rgba4444' }): Palette;
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
  export interface GifStream {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      options?: {
        palette?: Palette;
        delay?: number;
        repeat?: number;
        first?: boolean;
        /** Pixels of this palette index are not drawn: the frame below shows through. */
        transparent?: boolean;
        transparentIndex?: number;
        /** The GIF disposal method (1: leave the frame in place for the next to draw over). */
        dispose?: number;
        /** Bits per palette index (the LZW code size); 8 unless given. */
        colorDepth?: number;
      },
    ): void;
    finish(): void;
    bytes(): Uint8Array;
    /** The bytes written so far, not copied. */
    bytesView(): Uint8Array;
  }
  export function GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): GifStream;
}
