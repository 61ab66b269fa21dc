/**
 * The SHAP card's dependence plot (shap.plots.scatter): one feature's value across the agent's
 * play against its Shapley value there, each dot a state, coloured by a second feature. A curve
 * shows how the network's output follows the feature; a vertical spread at one value is what other
 * features change, and colouring by the feature SHAP's heuristic finds interacting most
 * (approximate_interactions, the default) shows which. A click on a dot inspects that state.
 */
import { approximateInteractions } from '../../src/explain/network/shap-interactions.ts';
import { type ShapTarget, targetLabel, targetValues } from '../../src/explain/network/shap-targets.ts';
import type { ShapSummaryResponse } from '../../src/server/dto.ts';
import { h } from '../dom.ts';
import { fmtNum, humanize } from '../format.ts';
import { COLORS, PLOT_CONFIG, axis, baseLayout, plotly, plotName, plotText } from '../plotly.ts';
import { bindStateClicks, FEATURE_SCALE, featureColourBar } from './shap-chart.ts';
import { colourPositions } from './shap-swarm.ts';
import { selectFromLink } from '../link-note.ts';
import { setViewParam, setViewParams, viewParam } from '../view-params.ts';

const AUTO = 'auto';

export interface DependencePlot {
  element: HTMLElement;
  chart: HTMLElement;
  /** Draws for `target`; `topFeature` is the beeswarm's top row, shown until the user picks a feature. */
  draw(target: ShapTarget, topFeature: number): void;
}

export function dependencePlot(runId: string, r: ShapSummaryResponse, actionNames: readonly string[]): DependencePlot {
  const d = r.featureNames.length;
  const featureSelect = h('select', { attrs: { id: 'shap-dependence-feature', 'aria-label': 'Feature' } }, ...r.featureNames.map((name, i) => h('option', { attrs: { value: String(i) } }, humanize(name))));
  const colourSelect = h('select', { attrs: { id: 'shap-dependence-colour', 'aria-label': 'Colour by' } });
  const chart = h('div', { class: 'plot', attrs: { 'data-chart': 'shap-dependence' } });
  chart.style.height = '380px';
  const linkNotes = h('div');
  const element = h(
    'div',
    { attrs: { 'data-shap-dependence': '' } },
    h('h3', null, 'One feature across the agent’s play (dependence plot)'),
    h('p', { class: 'muted small' }, 'Each dot is a state: the feature’s value against its Shapley value there. A curve shows how the network follows the feature; a spread at one value is other features at work, and the colour shows one of them (by default the one that seems to interact most, as SHAP picks it).'),
    h('div', { class: 'toolbar' }, h('label', { attrs: { for: 'shap-dependence-feature' } }, 'Feature ', featureSelect), h('label', { attrs: { for: 'shap-dependence-colour' } }, 'Colour by ', colourSelect)),
    linkNotes,
    chart,
  );
  let chosenByUser = false;
  let current: { target: ShapTarget; values: number[][] } | undefined;
  /** The feature that seems to interact most with the one plotted, for the current target ("auto"). */
  let strongest: number | undefined;

  /** Offers every other feature to colour by, the strongest interaction first; needed when the feature or the target changes. */
  const fillColourOptions = (feature: number, values: number[][]) => {
    const keep = colourSelect.value;
    strongest = approximateInteractions(feature, values, r.states)[0];
    const options = [
      ...(strongest === undefined ? [] : [h('option', { attrs: { value: AUTO } }, `${humanize(r.featureNames[strongest]!)} (strongest interaction)`)]),
      ...r.featureNames.map((name, i) => (i === feature ? null : h('option', { attrs: { value: String(i) } }, humanize(name)))).filter((o) => o !== null),
      h('option', { attrs: { value: 'none' } }, 'nothing'),
    ];
    colourSelect.replaceChildren(...options);
    const kept = [...colourSelect.options].some((o) => o.value === keep);
    colourSelect.value = kept ? keep : (colourSelect.options[0]?.value ?? 'none');
    // A colour chosen before that is now the plotted feature itself: the address stops asking for it,
    // or Back to this view would call the app's own choice a bad link.
    if (keep !== '' && !kept) setViewParam('dependenceColour', null);
  };

  const render = () => {
    if (!current) return;
    const feature = Number(featureSelect.value);
    const by = colourSelect.value === AUTO ? strongest : colourSelect.value === 'none' ? undefined : Number(colourSelect.value);
    const label = plotText(targetLabel(current.target, actionNames));
    const name = plotName(r.featureNames[feature]!);
    const colourName = by === undefined ? '' : plotName(r.featureNames[by]!);
    const colours = by === undefined ? undefined : colourPositions(r.states.map((s) => s[by]!));
    void plotly().then((P) =>
      P.react(
        chart,
        [{
          type: 'scatter',
          mode: 'markers',
          x: r.states.map((s) => s[feature]!),
          y: current!.values.map((v) => v[feature]!),
          customdata: r.states.map((s, k) => [k, fmtNum(s[feature]!, 4), by === undefined ? '' : `<br>${colourName} = ${fmtNum(s[by]!, 4)}`, plotText(actionNames[r.greedy[k]!]!)]),
          marker: colours
            ? { size: 6, color: colours, colorscale: FEATURE_SCALE, cmin: 0, cmax: 1, opacity: 0.85, colorbar: featureColourBar(colourName) }
            : { size: 6, color: COLORS.blue, opacity: 0.7 },
          hovertemplate: `${name} = %{customdata[1]}%{customdata[2]}<br>SHAP value %{y:.4g} on ${label}<br>the network chose %{customdata[3]}<br><i>click to inspect this state</i><extra></extra>`,
        }],
        baseLayout({
          hovermode: 'closest',
          showlegend: false,
          margin: { l: 70, r: 20, t: 8, b: 48 },
          xaxis: axis(name),
          yaxis: axis(`SHAP value of ${name}<br>on ${label}`, { zeroline: true, zerolinecolor: COLORS.grey }),
        }),
        PLOT_CONFIG,
      ).then((gd) => bindStateClicks(gd, runId, r)),
    );
  };

  featureSelect.addEventListener('change', () => {
    chosenByUser = true;
    colourSelect.value = AUTO;
    setViewParams({ dependence: featureSelect.value, dependenceColour: null });
    if (current) fillColourOptions(Number(featureSelect.value), current.values);
    render();
  });
  colourSelect.addEventListener('change', () => {
    setViewParam('dependenceColour', colourSelect.value);
    render();
  });
  // What was chosen before leaving the view (Back from the Inspector): the feature now, its colouring once the options exist.
  const linkedFeature = viewParam('dependence');
  const badFeature = selectFromLink(featureSelect, linkedFeature, 'feature (dependence)', 'the summary’s top feature');
  chosenByUser = linkedFeature !== null && !badFeature;
  if (badFeature) linkNotes.append(badFeature);
  let linkedColour = viewParam('dependenceColour');
  return {
    element,
    chart,
    draw(target, topFeature) {
      current = { target, values: targetValues(r, target) };
      if (!chosenByUser && topFeature >= 0 && topFeature < d) featureSelect.value = String(topFeature);
      fillColourOptions(Number(featureSelect.value), current.values);
      const badColour = selectFromLink(colourSelect, linkedColour, 'colour (dependenceColour)');
      if (badColour) linkNotes.append(badColour);
      linkedColour = null;
      render();
    },
  };
}
