/**
 * The exact decomposition as bars: for every feature and action, w_{L,a,i} · (s_i − μ_{L,i}), the
 * amount by which that feature moves the tree's Q(a) away from the leaf baseline Q̄_{L,a} (the Q at
 * the leaf's mean state). Baseline + bars = tree Q, which each legend entry (HTML, above the plot) spells out. Features
 * keep their order (top to bottom) so a what-if move changes bar lengths, never the layout, and the
 * axis is centred on zero. Updates are `Plotly.react` calls queued one after another.
 */
import type { ExplainResponse } from '../../src/server/dto.ts';
import { h, replace } from '../dom.ts';
import { fmtNum, humanize } from '../format.ts';
import { decisionQFormat } from './inspector-decision.ts';
import { COLORS, PLOT_CONFIG, actionColor, actionSwatch, axis, baseLayout, plotly, plotName } from '../plotly.ts';
import { QueuedChart } from '../queued-chart.ts';

export class ContributionChart extends QueuedChart<ExplainResponse> {
  /** An HTML legend for the page to place above the plot: it wraps at any width, where Plotly's cut three actions' entries off at 800 px. */
  readonly legend = h('div', { class: 'chart-legend small', attrs: { 'data-legend': 'contributions' } });

  protected async render(e: ExplainResponse): Promise<unknown> {
    const y = e.featureNames.map(plotName);
    const f = decisionQFormat(e); // as the Decision table prints them
    replace(
      this.legend,
      h('span', { class: 'muted' }, 'Baseline Q̄ → tree Q:'),
      ...e.actionNames.map((name, a) => {
        return h('span', { class: 'legend-item' }, actionSwatch(a), `${humanize(name)} ${f(e.bias[a])} → ${f(e.qTree[a])}`, a === e.action ? h('strong', null, '\u00a0✓ the tree’s pick') : '');
      }),
    );
    const traces = e.actionNames.map((name, a) => ({
      type: 'bar',
      orientation: 'h',
      name: plotName(name),
      y,
      x: e.contributions[a]!.map((c) => c.contribution),
      marker: { color: actionColor(a) },
      text: e.contributions[a]!.map((c) => fmtNum(c.contribution, 3)),
      textposition: 'outside',
      cliponaxis: false,
      hovertemplate: `${plotName(name)} · %{y}<br>contribution %{x:.4g}<extra></extra>`,
    }));
    const largest = Math.max(...e.contributions.flat().map((c) => Math.abs(c.contribution)));
    // All zero (a state at its leaf's mean, common in discrete envs): a unit axis, not one in nano-units.
    const m = largest > 0 ? largest : 1;
    if (largest === 0) this.legend.append(h('span', { class: 'muted', attrs: { 'data-note': 'all-zero' } }, 'Every feature contributes 0 here (the state is at its leaf’s mean, or the leaf’s weights are 0): the tree’s Q is the baseline.'));
    const layout = baseLayout({
      barmode: 'group',
      bargap: 0.25,
      hovermode: 'closest',
      showlegend: false,
      height: 60 + 46 * e.featureNames.length,
      margin: { l: 150, r: 30, t: 10, b: 48 },
      xaxis: axis('contribution to Q  =  w · (state − leaf mean), in Q units', { range: [-1.3 * m, 1.3 * m], zeroline: true, zerolinecolor: COLORS.text, zerolinewidth: 1 }),
      yaxis: { autorange: 'reversed', automargin: true, ticksuffix: '  ' },
    });
    return (await plotly()).react(this.el, traces, layout, PLOT_CONFIG);
  }
}
