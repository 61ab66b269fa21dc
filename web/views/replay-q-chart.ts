/**
 * Q-values along a replayed episode: one line per action (the greedy action is the highest line at
 * each step), a vertical cursor at the step on screen, and clicking the chart jumps there. Moving
 * the cursor is a `relayout` of one shape, not a redraw.
 */
import type { RolloutResponse } from '../../src/server/dto.ts';
import { fmtQs } from '../format.ts';
import { COLORS, PLOT_CONFIG, actionColor, axis, baseLayout, plotly, type PlotlyElement, plotName, type Trace } from '../plotly.ts';
import type { ReplayExtension } from './replay-extensions.ts';

export class ReplayQChart {
  private ready: Promise<unknown> = Promise.resolve();
  private cursorFrame = 0;
  private pendingCursor: number | null = null;

  constructor(
    readonly el: HTMLElement,
    private readonly onPick: (step: number) => void,
  ) {}

  draw(rollout: RolloutResponse, extensions: ReplayExtension[]): Promise<unknown> {
    const x = rollout.steps.map((_, i) => i);
    // The hover prints each step's Q-values as the step panel does (fmtQs: the greedy one readable).
    const labels = rollout.steps.map((s) => fmtQs(s.q));
    const traces: Trace[] = rollout.env.actionNames.map((name, a) => ({
      name: `Q(s, ${plotName(name)})`,
      type: 'scatter',
      mode: 'lines',
      x,
      y: rollout.steps.map((s) => s.q[a]!),
      text: labels.map((l) => l[a]!),
      line: { color: actionColor(a), width: 2 },
      hovertemplate: '%{text}',
    }));
    for (const ext of extensions) {
      traces.push(...(ext.qTraces?.(rollout) ?? []));
      const m = ext.markers?.(rollout);
      // Flagged steps: a rug of ticks along the bottom (their own hidden axis), clear of the Q lines.
      if (m && m.steps.length) traces.push({ name: m.label, type: 'scatter', mode: 'markers', x: m.steps, y: m.steps.map(() => 0.04), yaxis: 'y2', marker: { symbol: 'line-ns-open', color: m.color, size: 12, line: { width: 1.5 } }, hovertemplate: `${m.label}<extra></extra>` });
    }
    const layout = baseLayout({
      xaxis: axis('step of the episode', { range: [0, Math.max(1, rollout.steps.length - 1)] }),
      yaxis: axis('Q (expected discounted return)'),
      yaxis2: { overlaying: 'y', range: [0, 1], visible: false, fixedrange: true },
      shapes: [this.cursorShape(0)],
      hovermode: 'x unified',
    });
    this.ready = this.ready.then(async () => {
      const gd = await (await plotly()).newPlot(this.el, traces, layout, PLOT_CONFIG);
      (gd as PlotlyElement & { on(event: string, cb: (e: { points: { x: number }[] }) => void): void }).on('plotly_click', (e) => {
        const p = e.points[0];
        if (p) this.onPick(Math.round(p.x));
      });
    });
    return this.ready;
  }

  /** Moves the cursor; several calls within one animation frame cost one relayout. */
  setCursor(step: number): void {
    this.pendingCursor = step;
    if (this.cursorFrame) return;
    this.cursorFrame = requestAnimationFrame(() => {
      this.cursorFrame = 0;
      const s = this.pendingCursor!;
      this.ready = this.ready.then(async () => (await plotly()).relayout(this.el, { 'shapes[0].x0': s, 'shapes[0].x1': s }));
    });
  }

  destroy(): void {
    cancelAnimationFrame(this.cursorFrame);
    void this.ready.then(() => window.Plotly?.purge(this.el));
  }

  private cursorShape(step: number): Record<string, unknown> {
    return { type: 'line', xref: 'x', yref: 'paper', x0: step, x1: step, y0: 0, y1: 1, line: { color: COLORS.text, width: 1.5, dash: 'dot' } };
  }
}
