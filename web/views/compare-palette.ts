/**
 * One look per compared run, the same in every chart, the tables' swatches and the legends: a colour
 * of its own (never an action's: ACTION_COLORS in web/plotly.ts mean actions everywhere else) and a
 * marker symbol for the charts with markers (evaluations, tree agreement), so those runs stay apart
 * in greyscale too. Lines stay solid: dashes break up a noisy return curve into unreadable bits.
 *
 * The colours are Okabe & Ito's colour-blind-safe set without its yellow (too faint on white), and
 * Paul Tol's wine in its place; ordered so the first three, the usual seed sweep, are the furthest
 * apart (blue, orange, black). Every pair stays ≥ 16 ΔE apart in normal, deuteranope and protanope
 * vision (test/unit/web/compare-palette.test.ts).
 */
export interface RunStyle {
  color: string;
  /** Plotly `marker.symbol` (its `-open` variant marks an evaluation stopped early). */
  symbol: string;
}

export const RUN_PALETTE: readonly RunStyle[] = [
  { color: '#0072b2', symbol: 'circle' }, // blue
  { color: '#e69f00', symbol: 'square' }, // orange
  { color: '#000000', symbol: 'diamond' }, // black
  { color: '#cc79a7', symbol: 'triangle-up' }, // reddish purple
  { color: '#009e73', symbol: 'triangle-down' }, // bluish green
  { color: '#d55e00', symbol: 'pentagon' }, // vermillion
  { color: '#56b4e9', symbol: 'hexagon' }, // sky blue
  { color: '#882255', symbol: 'star' }, // wine
];

/** The look of the `i`-th compared run (in the link's order). */
export const runStyle = (i: number): RunStyle => RUN_PALETTE[i % RUN_PALETTE.length]!;
