/**
 * How far apart two colours look to people with normal vision and with the two common colour
 * blindnesses: the palette tests (actions, attribution methods, compared runs) share it.
 */
const srgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
// Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB.
const DEUTERANOPIA = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]];
const PROTANOPIA = [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]];
const see = (m: number[][], v: number[]) => m.map((r) => Math.min(1, Math.max(0, r[0]! * v[0]! + r[1]! * v[1]! + r[2]! * v[2]!)));
function lab([r, g, b]: number[]): number[] {
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047);
  const y = f(0.2126 * r! + 0.7152 * g! + 0.0722 * b!);
  const z = f((0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** The smallest CIE76 ΔE between two colours as seen with normal vision, deuteranopia and protanopia. */
export function colourDistance(a: string, b: string): number {
  const views = (hex: string) => [srgb(hex), see(DEUTERANOPIA, srgb(hex)), see(PROTANOPIA, srgb(hex))].map(lab);
  const [va, vb] = [views(a), views(b)];
  return Math.min(...va.map((p, i) => Math.hypot(p[0]! - vb[i]![0]!, p[1]! - vb[i]![1]!, p[2]! - vb[i]![2]!)));
}
