/**
 * The Global view's SHAP summary (shap.plots.beeswarm): the network's own Shapley values on states
 * of its greedy play, one row per feature, most important on top, each dot a state coloured by the
 * feature's value. It answers what the tree's feature influence answers, from the network's side,
 * and says whether the two rank the features alike. A click on a dot inspects that state.
 */
import { spearman } from '../../src/explain/network/agreement.ts';
import { shapCsv } from '../../src/explain/network/shap-csv.ts';
import { byImportance, influenceShares, meanAbsolute, qImportance, rankingVerdict, type ShapTarget, targetLabel, targetValues } from '../../src/explain/network/shap-targets.ts';
import type { InfluenceResponse, ShapSummaryResponse } from '../../src/server/dto.ts';
import { getJson, runPath } from '../api.ts';
import { h, replace } from '../dom.ts';
import { fmtInt, fmtNetworkName, fmtNum, humanize } from '../format.ts';
import { COLORS, PLOT_CONFIG, axis, baseLayout, plotly, plotName, plotText } from '../plotly.ts';
import { bindStateClicks, FEATURE_SCALE, featureColourBar } from './shap-chart.ts';
import { dependencePlot } from './shap-dependence.ts';
import { colourPositions, swarmOffsets } from './shap-swarm.ts';
import { csvFilename, downloadCsv } from './training-csv.ts';
import { cardNote } from './tree-required.ts';
import { selectFromLink } from '../link-note.ts';
import { setViewParam, viewParam } from '../view-params.ts';

/** States the summary explains (the route's default; 0.2–1.5 s on the pretrained agents). */
const STATES = 200;

const TITLE = 'What the network weighs (SHAP summary)';

export const SHAP_HELP =
  'Each dot is one state of the agent’s own greedy play. Its position is the feature’s Shapley value there: how far that feature’s value moves the network’s output from its average over the agent’s play (right: up, left: down). Colour is the feature’s value in that state, blue low, red high. Rows are sorted by mean |SHAP|.';

export function shapCard(runId: string, influence: Promise<InfluenceResponse | null>, plots: HTMLElement[]): HTMLElement {
  const card = h('section', { class: 'card chart-card', attrs: { id: 'shap-summary' } }, h('h2', null, TITLE), cardNote('loading', `Computing the network’s Shapley values on ${STATES} states of its play…`));
  void getJson<ShapSummaryResponse>(runPath(runId, `/shap-summary?states=${STATES}`)).then(
    async (r) => fill(card, runId, r, await influence.catch(() => null), plots),
    (err) => replace(card, h('h2', null, TITLE), cardNote('error', `Could not compute the SHAP summary: ${(err as Error).message}`)),
  );
  return card;
}

function fill(card: HTMLElement, runId: string, r: ShapSummaryResponse, influence: InfluenceResponse | null, plots: HTMLElement[]): void {
  // An action's advantage first: it reads in one direction (right of zero: the feature favours the action).
  const targets: [string, ShapTarget][] = [
    ...r.actionNames.map((_, a): [string, ShapTarget] => [`adv:${a}`, { kind: 'advantage', action: a }]),
    ['chosen', { kind: 'chosen' }],
    ...r.actionNames.map((_, a): [string, ShapTarget] => [`q:${a}`, { kind: 'q', action: a }]),
  ];
  const names = r.actionNames.map(humanize);
  const select = h('select', { attrs: { id: 'shap-target', 'aria-label': 'Explain' } }, ...targets.map(([value, t]) => h('option', { attrs: { value } }, targetLabel(t, names))));
  const chart = h('div', { class: 'plot', attrs: { 'data-chart': 'shap-summary' } });
  const agreement = h('p', { class: 'small', attrs: { 'data-shap-agreement': '' } });
  const download = h('button', { class: 'button download-csv', attrs: { type: 'button', 'data-shap-csv': '' }, title: 'Every state’s feature values and every action’s Shapley values of Q, one row per state', on: { click: () => downloadCsv(csvFilename(runId, 'shap'), shapCsv(r)) } }, '⤓ Download CSV');
  const how = r.method === 'exact' ? 'Exact Shapley values' : 'Shapley values estimated from 256 permutations each';
  const note = `${how} of the network, ${fmtNetworkName(r.weights)}, on ${fmtInt(r.values.length)} states spread over ${r.episodes} greedy episodes (${fmtInt(r.drawnFrom)} states, episode seed ${r.seed}), against the Inspector’s background of ${r.background.used} states. Click a dot to inspect its state.`;
  const dependence = dependencePlot(runId, r, names);
  replace(card, h('h2', null, TITLE), h('p', { class: 'muted small' }, SHAP_HELP), h('p', { class: 'muted small' }, note), h('div', { class: 'toolbar' }, h('label', { attrs: { for: 'shap-target' } }, 'Explain ', select), download), chart, agreement, dependence.element);
  plots.push(chart, dependence.chart);
  const d = r.featureNames.length;
  chart.style.height = `${110 + 56 * d}px`;

  const draw = () => {
    const target = targets.find(([value]) => value === select.value)?.[1] ?? targets[0]![1];
    const values = targetValues(r, target);
    const importance = meanAbsolute(values, d);
    const order = byImportance(importance);
    const x: number[] = [];
    const y: number[] = [];
    const colour: number[] = [];
    const custom: (string | number)[][] = [];
    order.forEach((f, rank) => {
      const row = d - 1 - rank; // Plotly's y grows upwards: the most important feature on top
      const xs = values.map((v) => v[f]!);
      const offsets = swarmOffsets(xs);
      const colours = colourPositions(r.states.map((s) => s[f]!));
      xs.forEach((v, k) => {
        x.push(v);
        y.push(row + offsets[k]!);
        colour.push(colours[k]!);
        custom.push([k, plotName(r.featureNames[f]!), fmtNum(r.states[k]![f]!, 4), plotText(names[r.greedy[k]!]!)]);
      });
    });
    const label = plotText(targetLabel(target, names));
    void plotly().then((P) =>
      P.react(
        chart,
        [{
          type: 'scatter',
          mode: 'markers',
          x,
          y,
          customdata: custom,
          marker: { size: 5, color: colour, colorscale: FEATURE_SCALE, cmin: 0, cmax: 1, opacity: 0.85, colorbar: featureColourBar('feature value') },
          hovertemplate: `%{customdata[1]} = %{customdata[2]}<br>SHAP value %{x:.4g} on ${label}<br>the network chose %{customdata[3]}<br><i>click to inspect this state</i><extra></extra>`,
        }],
        baseLayout({
          hovermode: 'closest',
          showlegend: false,
          margin: { l: 170, r: 20, t: 8, b: 48 },
          xaxis: axis(`SHAP value: effect on ${label}`, { zeroline: true, zerolinecolor: COLORS.grey }),
          yaxis: {
            tickvals: order.map((_, rank) => d - 1 - rank),
            ticktext: order.map((f) => `${plotName(r.featureNames[f]!)}<br><span style="font-size:10px;color:${COLORS.grey}">mean |SHAP| ${fmtNum(importance[f]!, 3)}</span>`),
            range: [-0.6, d - 0.4],
            zeroline: false,
            gridcolor: COLORS.grid,
            automargin: true,
          },
        }),
        PLOT_CONFIG,
      ).then((gd) => bindStateClicks(gd, runId, r)),
    );
    dependence.draw(target, order[0]!);
    agreement.textContent = agreementText(qImportance(r), influence, r.featureNames, { label: targetLabel(target, names), importance, decides: target.kind !== 'q' });
  };
  select.addEventListener('change', () => {
    setViewParam('shap', select.value);
    draw();
  });
  // The target chosen before leaving (Back from the Inspector), or a link's.
  const badTarget = selectFromLink(select, viewParam('shap'), 'target (shap)');
  if (badTarget) select.closest('.toolbar')!.after(badTarget);
  draw();
}

/** What the summary plots, for the sentence under it: its label, each feature's mean |SHAP| of it, and whether it decides the action (an advantage) rather than values the state (a Q). */
export interface PlottedTarget {
  label: string;
  importance: readonly number[];
  decides: boolean;
}

/**
 * Whether the network's mean |SHAP| and the tree's influence rank the features alike, saying which
 * quantity each ρ compares. The tree's influence measures the Q-values, so the first ρ is on them;
 * the plot shows an advantage by default (what SHAP users of DQN read: what decides the action),
 * which may rank the features otherwise (CartPole: pole angle first there, last by the tree's
 * influence), and a sentence naming only the Q-values' ρ read as if it were the plot's.
 */
export function agreementText(importance: readonly number[], influence: InfluenceResponse | null, featureNames: readonly string[], plotted?: PlottedTarget): string {
  if (!influence || influence.total <= 0) return 'The tree’s feature influence is not available to compare with.';
  const tree = influenceShares(influence.features, featureNames.length);
  const rho = spearman(importance, tree);
  const onQ =
    rho === null
      ? 'The ranks cannot be compared: every feature is weighed the same by one of them.'
      : `On the Q-values (what the tree’s influence measures), the network’s mean |SHAP| and the tree’s feature influence ${rankingVerdict(rho, featureNames.length)}.`;
  return plotted ? `${onQ} ${plottedText(plotted, tree, featureNames)}` : onQ;
}

/** The plotted target against the tree's influence: its own ρ, and where the plot's first feature stands in the tree's ranking when that differs. */
function plottedText(plotted: PlottedTarget, tree: readonly number[], featureNames: readonly string[]): string {
  const d = featureNames.length;
  const label = /^(the |Q\()/.test(plotted.label) ? plotted.label : `the ${plotted.label}`;
  const what = plotted.decides ? `The plot explains ${label}: what decides the action rather than what the state is worth, which may rank the features otherwise.` : `The plot explains ${label}.`;
  const rho = spearman(plotted.importance, tree);
  if (rho === null) return `${what} Its ranking cannot be compared with the tree’s: it weighs every feature the same.`;
  const first = byImportance(plotted.importance)[0]!;
  const treeRank = byImportance(tree).indexOf(first) + 1;
  const where = treeRank === 1 ? '' : ` ${capitalised(humanize(featureNames[first]!))} comes first in the plot and ${treeRank === d ? 'last' : ordinal(treeRank)} by the tree’s influence.`;
  return `${what} Against the tree’s influence, its mean |SHAP| values ${rankingVerdict(rho, d)}.${where}`;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
