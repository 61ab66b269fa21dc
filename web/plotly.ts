/**
 * The slice of Plotly's API the dashboard uses, typed by hand (Plotly is loaded as a global from
 * `vendor/plotly.min.js`, not bundled), and the look every chart shares.
 *
 * Plotly is 1.3 MB of script (its "finance" partial bundle: scatter, bar and waterfall traces, the
 * only ones drawn here; a chart of another type would not draw): evaluating it takes most of a
 * second. So it is not a blocking `<script>` of the page but loaded on first use:
 * views without charts (the runs list, the Tree view) render at once, and chart views ask for it
 * when they mount, in parallel with their data requests.
 */

import { h, notice, swatch } from './dom.ts';
import { humanize } from './format.ts';

export type Datum = number | null;

/** A trace, loosely typed: Plotly's full schema is huge and we use a small part of it. Category axes take strings. */
export type Trace = Record<string, unknown> & { x?: (Datum | string)[]; y?: (Datum | string)[]; name?: string; type?: string };

export interface PlotlyElement extends HTMLElement {
  data: Trace[];
  layout: Record<string, unknown>;
}

interface PlotlyStatic {
  version: string;
  newPlot(el: HTMLElement, data: Trace[], layout?: Record<string, unknown>, config?: Record<string, unknown>): Promise<PlotlyElement>;
  react(el: HTMLElement, data: Trace[], layout?: Record<string, unknown>, config?: Record<string, unknown>): Promise<PlotlyElement>;
  extendTraces(el: HTMLElement, update: Record<string, (Datum | string)[][]>, indices: number[]): Promise<PlotlyElement>;
  relayout(el: HTMLElement, update: Record<string, unknown>): Promise<PlotlyElement>;
  purge(el: HTMLElement): void;
  Plots: { resize(el: HTMLElement): void };
}

declare global {
  interface Window {
    Plotly?: PlotlyStatic;
  }
}

const PLOTLY_SRC = 'vendor/plotly.min.js';
let loading: Promise<PlotlyStatic> | undefined;

/**
 * Starts downloading Plotly as the page boots, for a page whose view will run it (a chart view, or
 * the runs list, which loads it when idle): a preloaded script arrives while app.js and the data
 * load, and Chromium compiles it off the main thread as it comes. Running it then took ~0.5 s
 * instead of ~0.75 s. Only for such views: a preload left unused is a console warning.
 */
export function startPlotlyDownload(): void {
  if (window.Plotly || loading || document.querySelector(`link[rel="preload"][href="${PLOTLY_SRC}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.href = PLOTLY_SRC;
  document.head.append(link);
}

/** Plotly, loading it the first time; a failed load shows a notice and is retried next time. */
export function plotly(): Promise<PlotlyStatic> {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise<PlotlyStatic>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = PLOTLY_SRC;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error('vendor/plotly.min.js loaded but defined no Plotly')));
      script.onerror = () => reject(new Error('vendor/plotly.min.js did not load'));
      document.head.append(script);
    });
    loading.catch(() => {
      loading = undefined;
      document.getElementById('view')?.prepend(notice('error', 'The charts could not load.', 'They need vendor/plotly.min.js from the qlens server. Reload the page; if it persists, restart `qlens serve`.'));
    });
  }
  return loading;
}

/**
 * Starts loading Plotly once the page is idle, for a view that has no chart yet but whose next
 * click probably opens one (the runs list: a run's Training charts are one click away).
 */
export function loadPlotlyWhenIdle(): void {
  if (window.Plotly || loading) return;
  const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
  idle(() => void plotly().catch(() => undefined));
}

export const COLORS = {
  blue: '#2457c5',
  lightBlue: '#9db5e6',
  orange: '#d9730d',
  green: '#1f8a4c',
  red: '#c93c37',
  purple: '#7b4bb7',
  grey: '#8a8f98',
  grid: '#e6e8eb',
  text: '#1f2328',
};

/** One colour per action, stable across charts and the Q bars. */
export const ACTION_COLORS = [COLORS.blue, COLORS.orange, COLORS.green, COLORS.purple, COLORS.red, COLORS.grey];

/** Action `a`'s colour in every chart, table and tree (the palette repeats past six actions). */
export const actionColor = (a: number) => ACTION_COLORS[a % ACTION_COLORS.length]!;

/** The small square of action `a`'s colour that stands before its name. */
export const actionSwatch = (a: number) => swatch(actionColor(a));

/** A Plotly bar fill pattern (`marker.pattern.shape`); the HTML swatches draw the same ones in CSS (style.css `.pattern-*`). */
export type BarPattern = '/' | '\\' | 'x' | '.' | '+' | '|';

/** A hatched bar style: a fill colour with a pattern drawn over it in `ink`. */
export interface HatchStyle {
  color: string;
  /** The pattern's lines: dark on light fills, white on dark ones. */
  ink: string;
  pattern: BarPattern;
}

/**
 * The network attribution methods' palette, kept apart from the actions' (ACTION_COLORS: solid
 * blue, orange, green, purple, red, grey; red also marks disagreements). Colours from Paul Tol's
 * colour-blind-safe schemes, picked to stay far (ΔE) from every action colour and the tree's dark
 * grey in normal, deuteranope and protanope vision, mostly light tints the actions never use; and a
 * hatch each, so a method's bar never reads as an action's (solid), in greyscale either.
 */
export const METHOD_PALETTE: readonly HatchStyle[] = [
  { color: '#88ccee', ink: 'rgba(31, 35, 40, 0.65)', pattern: '/' }, // cyan
  { color: '#ddcc77', ink: 'rgba(31, 35, 40, 0.65)', pattern: '.' }, // sand
  { color: '#332288', ink: 'rgba(255, 255, 255, 0.8)', pattern: '\\' }, // indigo
  { color: '#ffaabb', ink: 'rgba(31, 35, 40, 0.65)', pattern: 'x' }, // pink
  { color: '#bbcc33', ink: 'rgba(31, 35, 40, 0.65)', pattern: '+' }, // pear
  { color: '#aa3377', ink: 'rgba(255, 255, 255, 0.8)', pattern: '|' }, // reddish purple
];

/** Plotly's `marker` for a hatched bar. */
export function hatchMarker(s: HatchStyle): Record<string, unknown> {
  return { color: s.color, line: { color: s.ink, width: 0.5 }, pattern: { shape: s.pattern, fillmode: 'overlay', fgcolor: s.ink, size: 6, solidity: 0.3 } };
}

const PATTERN_CLASS: Record<BarPattern, string> = { '/': 'slash', '\\': 'backslash', x: 'cross', '.': 'dots', '+': 'grid', '|': 'vertical' };

/** The square before a hatched series' name, drawn with the same colour and pattern as its bars. */
export function hatchSwatch(s: HatchStyle): HTMLElement {
  // Not `swatch()`: its inline `background` shorthand would blank the pattern's background-image.
  const el = h('span', { class: `swatch hatch pattern-${PATTERN_CLASS[s.pattern]}`, attrs: { 'aria-hidden': 'true' } });
  el.style.backgroundColor = s.color;
  el.style.setProperty('--ink', s.ink);
  return el;
}

/**
 * A name (a feature, an action, a run: a user's environment may call them anything) as Plotly
 * text, which reads a small HTML subset: `<` and `&` would start a tag or an entity.
 */
export const plotText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A feature's or an action's name in words (`humanize`), as Plotly text. */
export const plotName = (name: string) => plotText(humanize(name));

/**
 * Tick labels stand 6 px off their axis line: at the origin, a y axis's "0 %" and the x axis's "0"
 * otherwise overlap and read as one label ("0 % 0") on a narrow chart.
 */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title, standoff: 8 }, gridcolor: COLORS.grid, zeroline: false, automargin: true, ticklabelstandoff: 6, ...extra };
}

export function baseLayout(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 12, color: COLORS.text },
    margin: { l: 56, r: 16, t: 12, b: 44 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#fff',
    hovermode: 'x unified',
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)' },
    ...extra,
  };
}

/** Charts resize with the window; no logo; only the mode-bar buttons people use. */
export const PLOT_CONFIG = {
  responsive: true,
  displaylogo: false,
  // No 'Share chart' button (sendChartToCloud): it uploads the chart to Plotly's cloud; a local dashboard never should.
  showSendToCloud: false,
  modeBarButtonsToRemove: ['sendChartToCloud', 'select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines', 'hoverCompareCartesian', 'hoverClosestCartesian'],
  toImageButtonOptions: { format: 'png', scale: 2 },
};
