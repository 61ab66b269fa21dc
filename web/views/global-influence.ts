/**
 * Global feature influence (the paper's measure, computed by the server on held-out greedy states):
 * one horizontal bar per feature, its share of the total, most influential on top; the hover gives
 * the raw influence, the number of splits and the share per action.
 */
import type { InfluenceResponse } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { fmtInt, fmtNetworkName, fmtNum, fmtPercent } from '../format.ts';
import { COLORS, PLOT_CONFIG, axis, baseLayout, plotly, plotName } from '../plotly.ts';
import { cardNote } from './tree-required.ts';

export const INFLUENCE_HELP =
  'For every split on a feature: how much the split lowers the variance of the network’s Q-values across it, amplified by how much the splitting node’s linear model weighs that feature (Liu et al. 2018); summed per feature and shown as a share of all features.';

export function influenceCard(r: InfluenceResponse, plots: HTMLElement[]): HTMLElement {
  const chart = h('div', { class: 'plot', attrs: { 'data-chart': 'influence' } });
  // Episodes of its own: not the fidelity table's held-out set, so the two counts differ.
  const note = `Measured on ${fmtInt(r.samples)} states from ${r.episodes} greedy episodes of the network (${fmtNetworkName(r.weights)}, episode seed ${r.seed}; the fidelity table uses held-out episodes of its own); ${fmtInt(r.splits)} splits contribute.`;
  const card = h('section', { class: 'card chart-card', attrs: { id: 'influence' } }, h('h2', null, 'Feature influence'), h('p', { class: 'muted small' }, INFLUENCE_HELP), h('p', { class: 'muted small' }, note));
  if (r.total <= 0) {
    card.append(cardNote('empty', 'No feature has influence yet: the tree has no splits that change the Q-values on these states (it may be a single leaf). Grow it longer or with a smaller grace period.'));
    return card;
  }
  const features = [...r.features].reverse(); // Plotly draws the first category at the bottom
  chart.style.height = `${80 + 38 * features.length}px`;
  card.append(chart);
  plots.push(chart);
  const perAction = features.map((f) => r.actionNames.map((a, i) => `${plotName(a)} ${fmtPercent(f.sharePerAction[i]!)}`).join(', '));
  void plotly().then((P) => P.newPlot(
    chart,
    [
      {
        type: 'bar',
        orientation: 'h',
        y: features.map((f) => plotName(f.featureName)),
        x: features.map((f) => f.share * 100),
        text: features.map((f) => fmtPercent(f.share)),
        textposition: 'outside',
        cliponaxis: false,
        marker: { color: COLORS.blue },
        customdata: features.map((f, i) => [fmtNum(f.influence, 4), f.nodes, perAction[i]]),
        hovertemplate: '%{y}: %{x:.1f} % of the total<br>influence %{customdata[0]} from %{customdata[1]} splits<br>share per action: %{customdata[2]}<extra></extra>',
      },
    ],
    baseLayout({ hovermode: 'closest', showlegend: false, margin: { l: 160, r: 50, t: 8, b: 44 }, xaxis: axis('share of the total influence (%)', { rangemode: 'tozero', ticksuffix: ' %' }), yaxis: { automargin: true, ticksuffix: '  ' } }),
    PLOT_CONFIG,
  ));
  return card;
}
