/**
 * Why the tree picks its action over the runner-up, as SHAP's waterfall draws an explanation: from
 * the leaf baselines' difference, each feature's difference of terms (decision.ts) steps the
 * margin up or down, and the last bar is the margin Q(pick) − Q(runner-up) itself. A step towards
 * the pick takes the pick's colour, one towards the runner-up the runner-up's. Features keep their
 * order, as in the per-action chart beside it, so a what-if move changes lengths, never the layout.
 */
import { decisionTerms } from '../../src/explain/decision.ts';
import type { ExplainResponse } from '../../src/server/dto.ts';
import { h, replace } from '../dom.ts';
import { fmtNum, humanize } from '../format.ts';
import { COLORS, PLOT_CONFIG, actionColor, actionSwatch, axis, baseLayout, plotly, plotName } from '../plotly.ts';
import { QueuedChart } from '../queued-chart.ts';

const NOTE =
  'The same terms as a difference: what makes the tree prefer its pick to the next best action. From the leaf baselines’ difference, each feature’s term for the pick minus its term for the runner-up steps the margin towards one or the other; the steps add up to Q(pick) − Q(runner-up) exactly.';

export class DecisionChart extends QueuedChart<ExplainResponse> {
  /** The question the chart answers, with both actions' colours, and how to read it: the page places them above the plot. */
  readonly heading = h('h3', { attrs: { 'data-heading': 'decision' } });
  readonly note = h('p', { class: 'muted small' });

  protected async render(e: ExplainResponse): Promise<unknown> {
    const d = decisionTerms(e);
    if (!d) {
      // One action: nothing is decided.
      replace(this.heading);
      replace(this.note);
      return (await plotly()).purge(this.el);
    }
    const [pick, other] = [humanize(e.actionNames[d.action]!), humanize(e.actionNames[d.versus]!)];
    const by = d.margin === 0 ? ' (a tie: the first action listed is taken)' : ` (by ${fmtNum(d.margin, 3)})`;
    replace(this.heading, 'Why ', actionSwatch(d.action), pick, ', not ', actionSwatch(d.versus), other, h('span', { class: 'muted' }, by));
    replace(this.note, NOTE);
    const labels = ['leaf baselines', ...e.featureNames.map(plotName), '= margin'];
    const values = [d.baseline, ...d.terms, d.margin];
    const trace = {
      type: 'waterfall',
      orientation: 'h',
      y: labels,
      x: values,
      measure: ['relative', ...d.terms.map(() => 'relative'), 'total'],
      text: values.map((v) => fmtNum(v, 3)),
      textposition: 'outside',
      cliponaxis: false,
      increasing: { marker: { color: actionColor(d.action) } },
      decreasing: { marker: { color: actionColor(d.versus) } },
      totals: { marker: { color: COLORS.text } },
      connector: { line: { color: '#b8bec7', width: 1 } },
      hovertemplate: '%{y}<br>%{x:.4g}<extra></extra>',
    };
    // The running sum's extremes set the axis, so every step and its label stay in view.
    let running = 0;
    const reach = [0, d.margin];
    for (const v of [d.baseline, ...d.terms]) reach.push((running += v));
    const [lo, hi] = [Math.min(...reach), Math.max(...reach)];
    const pad = 0.3 * (hi - lo || Math.abs(hi) || 1);
    const layout = baseLayout({
      showlegend: false,
      height: 80 + 40 * labels.length,
      margin: { l: 150, r: 30, t: 10, b: 48 },
      xaxis: axis(`difference of Q, ${pick} minus ${other}, in Q units`, { range: [lo - pad, hi + pad], zeroline: true, zerolinecolor: COLORS.text, zerolinewidth: 1 }),
      yaxis: { autorange: 'reversed', automargin: true, ticksuffix: '  ' },
    });
    return (await plotly()).react(this.el, [trace], layout, PLOT_CONFIG);
  }
}
