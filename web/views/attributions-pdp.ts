/**
 * Partial dependence of the network's Q(action) on one feature (Friedman 2001) with individual
 * conditional expectation curves (Goldstein et al. 2015): each thin grey line is one of the
 * agent's own states with only this feature swept; the bold line is their average (the PDP). The
 * dashed line is the inspected state's own curve and the dot marks its current value, so "what if
 * this feature were v" reads straight off. Parallel grey lines: the feature acts on its own;
 * crossing ones: it interacts with the others, which the PDP averages away.
 */
import type { PartialDependence } from '../../src/server/dto.ts';
import { fmtNum } from '../format.ts';
import { COLORS, PLOT_CONFIG, actionColor, axis, baseLayout, plotly, plotName, type Trace } from '../plotly.ts';
import { QueuedChart } from '../queued-chart.ts';

export interface PdpView {
  pdp: PartialDependence;
  /** Index into `pdp.features`. */
  feature: number;
  action: number;
  actionNames: string[];
  /** The network's Q(state, action): where the state's own curve passes its current value. */
  qNow: number;
}

export class PdpPlot extends QueuedChart<PdpView> {
  protected async render({ pdp, feature, action, actionNames, qNow }: PdpView): Promise<unknown> {
    const f = pdp.features[feature]!;
    const q = `Q(${plotName(actionNames[action]!)})`;
    // Every curve is Q of one action: the PDP takes that action's colour (as everywhere on the page),
    // the state's own curve and its dot are near-black, never another action's colour.
    const pdpColor = actionColor(action);
    const stateColor = COLORS.text;
    const ice: Trace[] = f.ice.map((curve, c) => ({
      type: 'scatter',
      mode: 'lines',
      x: f.grid,
      y: curve[action]!,
      name: `ICE: one of the agent’s states (${f.ice.length} shown)`,
      legendgroup: 'ice',
      showlegend: c === 0,
      line: { color: 'rgba(138, 143, 152, 0.45)', width: 1 },
      hoverinfo: 'skip',
      meta: 'ice',
    }));
    const traces: Trace[] = [
      ...ice,
      { type: 'scatter', mode: 'lines', x: f.grid, y: f.pdp[action]!, name: `PDP: average over ${pdp.backgroundSize} states`, line: { color: pdpColor, width: 4 }, meta: 'pdp', hovertemplate: `${plotName(f.featureName)} %{x:.4g}<br>average ${q} %{y:.4g}<extra>PDP</extra>` },
      { type: 'scatter', mode: 'lines', x: f.grid, y: f.stateCurve[action]!, name: 'This state, only this feature changed', line: { color: stateColor, width: 2, dash: 'dash' }, meta: 'state', hovertemplate: `${plotName(f.featureName)} %{x:.4g}<br>${q} %{y:.4g}<extra>this state</extra>` },
      { type: 'scatter', mode: 'markers', x: [f.stateValue], y: [qNow], name: `Now: ${plotName(f.featureName)} = ${fmtNum(f.stateValue, 4)}`, marker: { color: stateColor, size: 11, line: { color: '#fff', width: 2 } }, meta: 'now', hovertemplate: `now: %{x:.4g}<br>${q} %{y:.4g}<extra></extra>` },
    ];
    const layout = baseLayout({
      hovermode: 'closest',
      height: 340,
      margin: { l: 64, r: 16, t: 40, b: 48 },
      xaxis: axis(plotName(f.featureName)),
      yaxis: axis(`network ${q}`),
      shapes: [{ type: 'line', xref: 'x', yref: 'paper', x0: f.stateValue, x1: f.stateValue, y0: 0, y1: 1, line: { color: COLORS.grey, width: 1, dash: 'dot' } }],
    });
    return (await plotly()).react(this.el, traces, layout, PLOT_CONFIG);
  }
}
