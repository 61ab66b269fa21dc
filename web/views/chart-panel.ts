/**
 * A titled chart card over some of the training series. It shows a message saying what to do while
 * its series are empty, draws once with `Plotly.newPlot` when the first points exist, and from then
 * on only appends with `Plotly.extendTraces`. Plotly calls are queued so they never overlap, and
 * first draws across panels take turns (one per task).
 * `redraw` replaces some traces whole (`Plotly.restyle`), for a setting such as the smoothing weight.
 */
import { h, replace } from '../dom.ts';
import { fmtDecimals } from '../format.ts';
import { PLOT_CONFIG, type PlotlyElement, type Trace, baseLayout, plotly } from '../plotly.ts';
import type { Column, Delta, SeriesName } from './training-series.ts';

export interface PanelTrace {
  series: SeriesName;
  /** Style and name; `x`/`y` come from the series. */
  style: Trace;
  /** Draw the series' `errUp`/`errDown` columns as vertical error bars. */
  errorBars?: boolean;
  /** The trace's name when it depends on a setting (the smoothing weight); read at each draw, over `style.name`. */
  label?: () => string;
}

/**
 * Each point's hover text on a chart with error bars: "123.5 (worst 117.0, best 134.0)", as the
 * series' range goes from the worst to the best episode; one decimal, as the returns chart's other
 * hover lines (training-charts.ts RETURN_HOVER).
 */
export function errorHover(column: Column): string[] {
  return column.y.map((y, i) => {
    const [low, high] = [y - (column.errDown?.[i] ?? 0), y + (column.errUp?.[i] ?? 0)];
    return `${fmtDecimals(y, 1)} (worst ${fmtDecimals(low, 1)}, best ${fmtDecimals(high, 1)})`;
  });
}

/** Room above a chart's legend for Plotly's mode bar (its buttons are 24 px tall, with a few px of padding). */
const MODE_BAR_PX = 30;

/** Plotly's `restyle`, which the shared typing in plotly.ts leaves out. */
type Restyle = (el: HTMLElement, update: Record<string, unknown>, indices: number[]) => Promise<unknown>;

/**
 * New charts are drawn one per task, in the order they were asked for: the browser paints the
 * first (the returns chart) before it draws the next. A run page asks for six at once, and drawn
 * back to back (~0.1 s each) none showed before the last was done.
 */
let drawingTurn: Promise<unknown> = Promise.resolve();
function inItsOwnTask<T>(draw: () => Promise<T>): Promise<T> {
  const drawn = drawingTurn.then(() => new Promise((resolve) => window.setTimeout(resolve, 0))).then(draw);
  drawingTurn = drawn.catch(() => undefined);
  return drawn;
}

export interface PanelOptions {
  id: string;
  title: string;
  /** One line under the title: what the chart shows, in which units. */
  subtitle: string;
  traces: PanelTrace[];
  layout: Record<string, unknown>;
  /** The message while empty (called again on every update, so it can mention the current step). */
  emptyMessage: () => string;
  height?: number;
}

export class ChartPanel {
  readonly el: HTMLElement;
  private readonly plotEl: HTMLElement;
  private readonly emptyEl: HTMLElement;
  private plotted = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PanelOptions) {
    this.plotEl = h('div', { class: 'plot', attrs: { 'data-chart': options.id } });
    // The mode bar's row above the legend comes on top of the height asked for: the plot keeps its size.
    this.plotEl.style.height = `${(options.height ?? 260) + MODE_BAR_PX}px`;
    this.emptyEl = h('div', { class: 'chart-empty', attrs: { role: 'status' } });
    this.el = h('section', { class: 'card chart-card' }, h('h2', null, options.title), h('p', { class: 'muted small' }, options.subtitle), this.emptyEl, this.plotEl);
  }

  /** `all`: every point so far; `delta`: the points added since the last call. */
  update(all: Delta, delta: Delta): Promise<unknown> {
    const hasData = this.options.traces.some((t) => all[t.series].x.length > 0);
    this.emptyEl.hidden = hasData;
    this.plotEl.hidden = !hasData;
    if (!hasData) {
      replace(this.emptyEl, this.options.emptyMessage());
      return this.queue;
    }
    if (!this.plotted) {
      this.plotted = true;
      // Copies: extendTraces appends to the arrays Plotly holds, which must not be ours.
      const data = this.options.traces.map((t) => this.trace(t, all[t.series]));
      const layout = baseLayout({ legend: this.legend(), ...this.options.layout });
      this.queue = this.queue.then(async () => {
        const P = await plotly();
        return inItsOwnTask(() => P.newPlot(this.plotEl, data, layout, PLOT_CONFIG));
      });
      return this.queue;
    }
    const plain: number[] = [];
    const withErr: number[] = [];
    this.options.traces.forEach((t, i) => {
      if (delta[t.series].x.length > 0) (t.errorBars ? withErr : plain).push(i);
    });
    const col = (i: number) => delta[this.options.traces[i]!.series];
    if (plain.length) {
      const update = { x: plain.map((i) => col(i).x), y: plain.map((i) => col(i).y) };
      this.queue = this.queue.then(async () => (await plotly()).extendTraces(this.plotEl, update, plain));
    }
    if (withErr.length) {
      const update = { x: withErr.map((i) => col(i).x), y: withErr.map((i) => col(i).y), 'error_y.array': withErr.map((i) => col(i).errUp ?? []), 'error_y.arrayminus': withErr.map((i) => col(i).errDown ?? []), customdata: withErr.map((i) => errorHover(col(i))) };
      this.queue = this.queue.then(async () => (await plotly()).extendTraces(this.plotEl, update, withErr));
    }
    return this.queue;
  }

  /**
   * Redraws the traces of `series` from `all` (points and names), after any queued draw; nothing
   * before the first draw, which will read them anyway.
   */
  redraw(series: readonly SeriesName[], all: Delta): Promise<unknown> {
    if (!this.plotted) return this.queue;
    const indices = this.options.traces.flatMap((t, i) => (series.includes(t.series) ? [i] : []));
    if (indices.length === 0) return this.queue;
    const traces = indices.map((i) => this.trace(this.options.traces[i]!, all[this.options.traces[i]!.series]));
    const update = { x: traces.map((t) => t.x), y: traces.map((t) => t.y), name: traces.map((t) => t.name) };
    this.queue = this.queue.then(async () => {
      const restyle = ((await plotly()) as unknown as { restyle: Restyle }).restyle;
      return restyle(this.plotEl, update, indices);
    });
    return this.queue;
  }

  /**
   * The legend above the plot, a mode-bar's height below the card's top: Plotly's mode bar appears
   * at the top right on hover, and over a legend row that reached it, it hid the row's end ("greedy
   * eval (stopped after 10…"). Placed in the container's coordinates, the legend pushes the plot
   * down by its own height, however many rows it wraps to.
   */
  private legend(): Record<string, unknown> {
    const height = (this.options.height ?? 260) + MODE_BAR_PX;
    return { orientation: 'h', x: 0, xanchor: 'left', yref: 'container', y: 1 - MODE_BAR_PX / height, yanchor: 'top', bgcolor: 'rgba(0,0,0,0)' };
  }

  /** For tests and debugging: the Plotly element once drawn. */
  get plot(): PlotlyElement | null {
    return this.plotted ? (this.plotEl as PlotlyElement) : null;
  }

  destroy(): void {
    void this.queue.then(() => window.Plotly?.purge(this.plotEl));
  }

  private trace(t: PanelTrace, column: Column): Trace {
    return {
      // Hover labels show trace names in full (Plotly cuts them after 15 characters: "mean of last...").
      hoverlabel: { namelength: -1 },
      ...t.style,
      ...(t.label ? { name: t.label() } : {}),
      x: [...column.x],
      y: [...column.y],
      ...(t.errorBars
        ? {
            error_y: { type: 'data', symmetric: false, array: [...(column.errUp ?? [])], arrayminus: [...(column.errDown ?? [])], visible: true, thickness: 1, width: 3 },
            // Plotly's own label for error bars reads "123.5 +10.5 / -6.5" (an ASCII minus, offsets to work out): the range itself, in the page's number format.
            customdata: errorHover(column),
            hovertemplate: '%{customdata}',
          }
        : {}),
    };
  }
}
