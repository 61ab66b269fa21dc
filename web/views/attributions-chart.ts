/**
 * The side-by-side chart: one panel per action, features down the side in the same order as the
 * tree's contribution chart, and in each feature's group one bar for the tree's term and one per
 * selected network method, all in Q units. Colours are per method (a shared legend), so a reader
 * compares the same colour across actions and the tree's dark bar against its neighbours. The
 * methods' bars are hatched in their own palette (METHOD_PALETTE), so they never pass for the
 * actions' solid colours in the tree's chart just above.
 *
 * Each panel's axis is symmetric around zero so signs read at a glance, and scaled to its own
 * largest bar. Methods measure from different references, so one method's bars can dwarf the
 * tree's; the `share` scale divides each series by its own Σ|value| per action, which keeps the
 * signs and the order of importance (what the agreement lines compare) and drops the magnitudes. Draws are `Plotly.react` calls queued one after another; only the newest waits.
 */
import type { AttributionMethodName, AttributionsResponse } from '../../src/server/dto.ts';
import { fmtNum } from '../format.ts';
import { COLORS, PLOT_CONFIG, baseLayout, hatchMarker, plotly, plotName, type Trace } from '../plotly.ts';
import { QueuedChart } from '../queued-chart.ts';
import { TREE_STYLE, methodInfo } from './attributions-methods.ts';

/** Horizontal gap between action panels, as a fraction of the plot width. */
const GAP = 0.06;

/** `q`: Q units; `share`: each series as a share of its own total |contribution| per action. */
export type BarScale = 'q' | 'share';

const AXIS_TITLE: Record<BarScale, string> = { q: 'Q contribution', share: 'share of the method’s total |Q contribution|' };

function rescale(values: number[][], scale: BarScale): number[][] {
  if (scale === 'q') return values;
  return values.map((row) => {
    const total = row.reduce((s, v) => s + Math.abs(v), 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
}

/** The tree and `methods` (those present in `r`), side by side per action, on one scale. */
export interface AttributionsDraw {
  r: AttributionsResponse;
  methods: AttributionMethodName[];
  scale: BarScale;
}

export class AttributionsChart extends QueuedChart<AttributionsDraw> {
  protected async render({ r, methods, scale }: AttributionsDraw): Promise<unknown> {
    const A = r.actionNames.length;
    const y = r.featureNames.map(plotName);
    const series: { key: string; label: string; marker: Record<string, unknown>; values: number[][] }[] = [];
    if (r.tree) series.push({ key: 'tree', label: TREE_STYLE.label, marker: { color: TREE_STYLE.color }, values: rescale(r.tree.contributions, scale) });
    for (const m of methods) {
      const result = r.results[m];
      if (result) series.push({ key: m, label: methodInfo(m).label, marker: hatchMarker(methodInfo(m).style), values: rescale(result.values, scale) });
    }
    const width = (1 - GAP * (A - 1)) / A;
    const traces: Trace[] = [];
    const layout: Record<string, unknown> = {};
    const annotations: Record<string, unknown>[] = [];
    for (let a = 0; a < A; a++) {
      const suffix = a === 0 ? '' : String(a + 1);
      const m = Math.max(1e-9, ...series.flatMap((s) => s.values[a]!.map(Math.abs)));
      layout[`xaxis${suffix}`] = {
        domain: [a * (width + GAP), a * (width + GAP) + width],
        range: [-1.25 * m, 1.25 * m],
        zeroline: true,
        zerolinecolor: COLORS.text,
        zerolinewidth: 1,
        gridcolor: COLORS.grid,
        automargin: true,
      };
      const picks = [a === r.networkAction ? 'network’s pick' : '', r.tree && a === r.tree.action ? 'tree’s pick' : ''].filter(Boolean).join(', ');
      annotations.push({
        // The picks go on a line of their own: side by side, long action names ran into each other.
        text: `<b>Q(${plotName(r.actionNames[a]!)})</b><br><span style="font-size:11px">${picks || ' '}</span>`,
        xref: `x${suffix} domain`,
        yref: 'paper',
        x: 0.5,
        y: 1,
        yanchor: 'bottom',
        showarrow: false,
        font: { size: 12.5 },
      });
      for (const s of series) {
        traces.push({
          type: 'bar',
          orientation: 'h',
          name: s.label,
          legendgroup: s.key,
          showlegend: a === 0,
          xaxis: `x${suffix}`,
          yaxis: 'y',
          y,
          x: s.values[a]!,
          marker: s.marker,
          meta: s.key,
          hovertemplate: `${s.label} · %{y}<br>Q(${plotName(r.actionNames[a]!)}) contribution ${scale === 'q' ? '%{x:.4g}' : '%{x:.0%} of its total'}<extra></extra>`,
        });
      }
    }
    const rows = series.length;
    const plot = baseLayout({
      ...layout,
      barmode: 'group',
      bargap: 0.22,
      bargroupgap: 0.04,
      hovermode: 'closest',
      height: 126 + r.featureNames.length * Math.max(44, 13 * rows),
      margin: { l: 150, r: 20, t: 92, b: 56 },
      yaxis: { autorange: 'reversed', automargin: true, ticksuffix: '  ' },
      legend: { orientation: 'h', x: 0, y: 1.0, yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)', traceorder: 'normal' },
      // One axis title for all the actions' panels: repeated under each, they ran into each other on narrow screens.
      annotations: [...annotations.map((an) => ({ ...an, y: 1, yshift: 2 })), { text: AXIS_TITLE[scale], xref: 'paper', yref: 'paper', x: 0.5, y: 0, yshift: -34, yanchor: 'top', showarrow: false, font: { size: 12.5 } }],
    });
    // The legend sits above the action titles: push it up by one line.
    // Paper coordinates span the plot area (height less the margins), not the whole figure.
    const margin = plot.margin as { t: number; b: number };
    (plot.legend as Record<string, unknown>).y = 1.0 + 50 / ((plot.height as number) - margin.t - margin.b);
    this.el.setAttribute('aria-label', `Q contributions per feature: ${series.map((s) => s.label).join(', ')}; ${fmtNum(rows)} series`);
    return (await plotly()).react(this.el, traces, plot, PLOT_CONFIG);
  }
}
