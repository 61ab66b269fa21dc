/**
 * The exact decomposition as bars: for every feature and action, w_{L,a,i} · (s_i − μ_{L,i}), the
 * amount by which that feature moves the tree's Q(a) away from the leaf baseline Q̄_{L,a} (the Q at
 * the leaf's mean state). Baseline + bars = tree Q, which each legend entry spells out. Features
 * keep their order (top to bottom) so a what-if move changes bar lengths, never the layout, and the
 * axis is centred on zero. Updates are `Plotly.react` calls queued one after another.
 */
import type { ExplainResponse } from '../../src/server/dto.ts';
import { fmtNum, humanize } from '../format.ts';
import { ACTION_COLORS, COLORS, PLOT_CONFIG, axis, baseLayout, plotly } from '../plotly.ts';
import { QueuedChart } from '../queued-chart.ts';

export class ContributionChart extends QueuedChart<ExplainResponse> {
  protected async render(e: ExplainResponse): Promise<unknown> {
    const y = e.featureNames.map(humanize);
    const traces = e.actionNames.map((name, a) => ({
      type: 'bar',
      orientation: 'h',
      name: `${humanize(name)}: Q̄ ${fmtNum(e.bias[a]!, 4)} → Q ${fmtNum(e.qTree[a]!, 4)}${a === e.action ? ' (tree’s pick)' : ''}`,
      y,
      x: e.contributions[a]!.map((c) => c.contribution),
      marker: { color: ACTION_COLORS[a % ACTION_COLORS.length] },
      text: e.contributions[a]!.map((c) => fmtNum(c.contribution, 3)),
      textposition: 'outside',
      cliponaxis: false,
      hovertemplate: `${humanize(name)} · %{y}<br>contribution %{x:.4g}<extra></extra>`,
    }));
    const m = Math.max(1e-9, ...e.contributions.flat().map((c) => Math.abs(c.contribution)));
    const layout = baseLayout({
      barmode: 'group',
      bargap: 0.25,
      hovermode: 'closest',
      height: 90 + 46 * e.featureNames.length,
      margin: { l: 150, r: 30, t: 40, b: 48 },
      xaxis: axis('contribution to Q  =  w · (state − leaf mean), in Q units', { range: [-1.3 * m, 1.3 * m], zeroline: true, zerolinecolor: COLORS.text, zerolinewidth: 1 }),
      yaxis: { autorange: 'reversed', automargin: true, ticksuffix: '  ' },
      legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', bgcolor: 'rgba(0,0,0,0)', title: { text: 'Action: baseline Q̄ → tree Q ' } },
    });
    return (await plotly()).react(this.el, traces, layout, PLOT_CONFIG);
  }
}
