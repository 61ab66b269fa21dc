/**
 * The Compare view's charts, against environment steps, one look per run (compare-palette.ts):
 * episode return (raw points faint, TensorBoard's smoothing as the run's line), greedy evaluation
 * means, the smoothed TD loss, and the online tree's agreement with the network when any run has a
 * mimic. A run's traces share a legend group named after its id: clicking its legend entry hides or
 * shows all of them. Runs without points in a chart are left out of it.
 *
 * Hover: 'x unified', TensorBoard's tooltip. One label lists, for every run, its point nearest the
 * cursor's step, so runs are read side by side at one step ('closest' would show one run at a
 * time). Runs log at different steps (an episode ends whenever it ends), so each line says the step
 * of its own point, as TensorBoard's Step column does. The faint raw returns are left out of it
 * (hoverinfo 'skip'): the smoothed value is the one to compare.
 */
import { GIVE_UP_AFTER_EPISODES } from '../../src/dqn/solve-rules.ts';
import { h, replace } from '../dom.ts';
import { fmtInt } from '../format.ts';
import { COLORS, PLOT_CONFIG, type Trace, axis, baseLayout, plotText, plotly } from '../plotly.ts';
import { QueuedChart } from '../queued-chart.ts';
import type { ComparedRun } from './compare-data.ts';
import type { Column } from './training-series.ts';

const STEP_AXIS = axis('environment step', { rangemode: 'tozero', unifiedhovertitle: { text: 'near step %{x:,}' } });

/** Plotly renders hover templates as its small HTML subset: a run name is text, never markup. */

class Plot extends QueuedChart<{ traces: Trace[]; layout: Record<string, unknown> }> {
  protected async render({ traces, layout }: { traces: Trace[]; layout: Record<string, unknown> }): Promise<unknown> {
    return (await plotly()).react(this.el, traces, baseLayout(layout), PLOT_CONFIG);
  }
}

interface ChartSpec {
  id: string;
  title: string;
  subtitle: string;
  height?: number;
  layout: Record<string, unknown>;
  /** The run's traces in this chart (none when it has no points here). */
  traces: (run: ComparedRun) => Trace[];
  empty: string;
}

export class CompareChart {
  readonly id: string;
  readonly el: HTMLElement;
  private readonly plot: Plot;
  private readonly emptyEl: HTMLElement;

  constructor(
    private readonly spec: ChartSpec,
    private readonly runs: readonly ComparedRun[],
  ) {
    this.id = spec.id;
    const plotEl = h('div', { class: 'plot', attrs: { 'data-chart': spec.id } });
    plotEl.style.height = `${spec.height ?? 320}px`;
    this.plot = new Plot(plotEl);
    this.emptyEl = h('div', { class: 'chart-empty', attrs: { role: 'status' } });
    this.el = h('section', { class: 'card chart-card' }, h('h2', null, spec.title), h('p', { class: 'muted small' }, spec.subtitle), this.emptyEl, plotEl);
  }

  /** Draws (or redraws, after the smoothing changed) every run's traces. */
  draw(): Promise<unknown> {
    // Raw traces first, so every run's line is drawn above every run's faint points.
    const perRun = this.runs.map((r) => this.spec.traces(r));
    const traces = [...perRun.flatMap((t) => t.filter((x) => x.hoverinfo === 'skip')), ...perRun.flatMap((t) => t.filter((x) => x.hoverinfo !== 'skip'))];
    const empty = traces.length === 0;
    this.emptyEl.hidden = !empty;
    this.plot.el.hidden = empty;
    if (empty) {
      replace(this.emptyEl, this.spec.empty);
      return Promise.resolve();
    }
    return this.plot.draw({ traces, layout: this.spec.layout });
  }

  destroy(): void {
    this.plot.destroy();
  }
}

/** What every trace of `run` carries: its legend group, name, and a hover line with its full name. */
function runTrace(run: ComparedRun, column: Column, extra: Trace, format = '.4~g'): Trace {
  return {
    type: 'scatter',
    legendgroup: run.detail.run.id,
    name: plotText(run.label), // a folder name may hold `<`, `&`
    x: [...column.x],
    y: [...column.y],
    hovertemplate: `${plotText(run.detail.run.name)}: %{y:${format}}%{text} <span style="color:${COLORS.grey}">at step %{x:,}</span><extra></extra>`,
    text: column.x.map(() => ''),
    ...extra,
  };
}

const line = (run: ComparedRun, width = 2) => ({ color: run.style.color, width });

/** The env's solve threshold, dashed grey: the Training view's green could pass for a run's colour here. */
function thresholdLine(threshold: number | undefined): Record<string, unknown> {
  if (threshold === undefined) return {};
  return {
    shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: threshold, y1: threshold, line: { color: COLORS.grey, width: 1.5, dash: 'dash' } }],
    annotations: [{ xref: 'paper', x: 0, y: threshold, xanchor: 'left', yanchor: 'bottom', text: `solve threshold ${fmtInt(threshold)}`, showarrow: false, font: { color: COLORS.text, size: 11 } }],
  };
}

function returnTraces(run: ComparedRun): Trace[] {
  const all = run.series?.all;
  if (!all || all.returns.x.length === 0) return [];
  return [
    runTrace(run, all.returns, { mode: 'markers', showlegend: false, hoverinfo: 'skip', hovertemplate: undefined, marker: { size: 3, color: run.style.color, opacity: 0.22 } }),
    runTrace(run, all.returnsSmooth, { mode: 'lines', line: line(run) }),
  ];
}

/** Complete and stopped-early evaluations as one line; an early one has a hollow marker and says so. */
function evalTraces(run: ComparedRun): Trace[] {
  const all = run.series?.all;
  if (!all) return [];
  const points = [...all.evals.x.map((x, i) => ({ x, y: all.evals.y[i]!, early: false })), ...all.evalsEarly.x.map((x, i) => ({ x, y: all.evalsEarly.y[i]!, early: true }))].sort((a, b) => a.x - b.x);
  if (points.length === 0) return [];
  const column = { x: points.map((p) => p.x), y: points.map((p) => p.y) };
  return [
    runTrace(run, column, {
      mode: 'lines+markers',
      line: line(run, 1.5),
      marker: { size: 7, color: run.style.color, symbol: points.map((p) => (p.early ? `${run.style.symbol}-open` : run.style.symbol)), line: { color: run.style.color, width: 1.5 } },
      text: points.map((p) => (p.early ? ` (stopped after ${GIVE_UP_AFTER_EPISODES} episodes)` : '')),
    }),
  ];
}

function lossTraces(run: ComparedRun): Trace[] {
  const all = run.series?.all;
  return all && all.lossSmooth.x.length > 0 ? [runTrace(run, all.lossSmooth, { mode: 'lines', line: line(run) })] : [];
}

function agreementTraces(run: ComparedRun): Trace[] {
  const all = run.series?.all;
  if (!all) return [];
  const traces: Trace[] = [];
  if (all.agreement.x.length > 0) traces.push(runTrace(run, all.agreement, { mode: 'lines+markers', line: line(run), marker: { size: 5, color: run.style.color, symbol: run.style.symbol } }, '.1f'));
  if (all.agreementFinal.x.length > 0) {
    const final = runTrace(run, all.agreementFinal, { mode: 'markers', cliponaxis: false, marker: { size: 11, color: run.style.color, symbol: 'star', line: { color: '#fff', width: 1 } } }, '.1f');
    final.text = all.agreementFinal.x.map(() => ' (final tree, saved network)');
    // One legend entry per run: the star joins the run's line, or stands for the run when it has no line.
    traces.push({ ...final, showlegend: all.agreement.x.length === 0 });
  }
  return traces;
}

/** True when some run has tree measurements (the agreement chart is drawn only then). */
export const anyTree = (runs: readonly ComparedRun[]) => runs.some((r) => agreementTraces(r).length > 0);

export function compareCharts(runs: readonly ComparedRun[]): CompareChart[] {
  const env = runs[0]!.detail.env;
  const charts = [
    new CompareChart(
      {
        id: 'returns',
        title: 'Episode return',
        subtitle: 'Sum of rewards per training episode, with ε-greedy exploration: each run’s episodes as faint dots, smoothed as TensorBoard does as its line (weight set above).',
        height: 360,
        layout: { xaxis: STEP_AXIS, yaxis: axis('return'), ...thresholdLine(env.rewardThreshold) },
        traces: returnTraces,
        empty: 'None of these runs has finished an episode yet.',
      },
      runs,
    ),
    new CompareChart(
      {
        id: 'evals',
        title: 'Greedy evaluations',
        subtitle: `Mean return of each greedy evaluation (ε = 0); hollow: stopped after ${GIVE_UP_AFTER_EPISODES} episodes, its mean below the threshold.`,
        layout: { xaxis: STEP_AXIS, yaxis: axis('mean return'), ...thresholdLine(env.rewardThreshold) },
        traces: evalTraces,
        empty: 'None of these runs has made a greedy evaluation (evalFreq = 0, or none due yet).',
      },
      runs,
    ),
    new CompareChart(
      {
        id: 'loss',
        title: 'TD loss',
        subtitle: 'TD error of the latest minibatch, smoothed as TensorBoard does, log scale.',
        layout: { xaxis: STEP_AXIS, yaxis: axis('loss', { type: 'log', dtick: 1, exponentformat: 'power' }) },
        traces: lossTraces,
        empty: 'None of these runs has made a training update yet (they start after learningStarts steps).',
      },
      runs,
    ),
  ];
  if (anyTree(runs)) {
    charts.push(
      new CompareChart(
        {
          id: 'agreement',
          title: 'Tree agreement',
          subtitle: 'How often the online tree picks the network’s action on held-out states, as each run trained; stars: the final tree, grown for the saved network.',
          layout: { xaxis: STEP_AXIS, yaxis: axis('action agreement (%)', { range: [0, 102], ticksuffix: ' %' }) },
          traces: agreementTraces,
          empty: '',
        },
        runs,
      ),
    );
  }
  return charts;
}
