/**
 * The training charts, against environment steps: episode return (with its TensorBoard-style
 * smoothed line, its rolling mean, greedy evaluations and the env's solve threshold), TD loss (raw
 * and smoothed), mean Q, ε, and, from the online mimic's
 * `mimic` events, the tree's size and its fidelity to the network (action agreement and Q RMSE).
 */
import { GIVE_UP_AFTER_EPISODES, SOLVE_EPISODES } from '../../src/dqn/solve-rules.ts';
import type { RunDetailResponse } from '../../src/server/dto.ts';
import { fmtInt } from '../format.ts';
import { COLORS, axis } from '../plotly.ts';
import { ChartPanel } from './chart-panel.ts';
import { ROLLING_WINDOW, type TrainingSeries } from './training-series.ts';

// Every chart starts at step 0, so the charts line up when compared by eye.
// The hover's title is the step as the page writes numbers (27,489), not Plotly's "27.489k".
const STEP_AXIS = axis('environment step', { rangemode: 'tozero', hoverformat: ',d' });
/** Every return in the chart's hover with one decimal: raw, rolling mean and smoothed read alike. */
const RETURN_HOVER = ',.1f';

export function trainingCharts(detail: RunDetailResponse, series: TrainingSeries, finished: () => boolean): ChartPanel[] {
  const dqn = detail.config.dqn as { learningStarts?: number; loss?: string };
  const learningStarts = dqn.learningStarts ?? 0;
  const threshold = detail.env.rewardThreshold;
  // The smoothed lines' name carries the weight the Smoothing control set (redrawn when it moves).
  const smoothedName = () => `smoothed (EMA, weight ${series.smoothing.toFixed(2)})`;

  const noEpisodes = () =>
    finished() ? 'This run finished no episode, so there is no return to plot.' : 'No episodes finished yet: the first return appears when the first episode ends.';
  const noUpdates = () =>
    finished()
      ? `This run made no training updates: it stopped at step ${fmtInt(series.lastStep)}, before learning starts at learningStarts = ${fmtInt(learningStarts)}.`
      : `No training updates yet: the network starts learning after learningStarts = ${fmtInt(learningStarts)} steps (now at step ${fmtInt(series.lastStep)}).`;

  const { evalEpisodes = 0, evalFreq = 0 } = detail.config.dqn as { evalEpisodes?: number; evalFreq?: number };
  const evalText =
    evalFreq > 0
      ? `, and greedy evaluations every ${fmtInt(evalFreq)} steps (ε = 0, mean over ${evalEpisodes} episodes, bars from the worst to the best; hollow: stopped after ${GIVE_UP_AFTER_EPISODES} episodes because their mean was below the solve threshold, so the rest of the ${evalEpisodes}-episode check was skipped)`
      : ' (this run made no greedy evaluations: evalFreq = 0)';
  const returns = new ChartPanel({
    id: 'returns',
    title: 'Episode return',
    subtitle: `Sum of rewards per training episode (with ε-greedy exploration; dots), the same smoothed as TensorBoard does (solid line; weight set above), the mean of the last ${ROLLING_WINDOW} episodes (dashed)${evalText}.`,
    height: 340,
    traces: [
      { series: 'returns', style: { name: 'episode return (raw)', type: 'scatter', mode: 'markers', yhoverformat: RETURN_HOVER, marker: { size: 4, color: COLORS.lightBlue, opacity: 0.7 } } },
      { series: 'rolling', style: { name: `mean of last ${ROLLING_WINDOW} episodes`, type: 'scatter', mode: 'lines', yhoverformat: RETURN_HOVER, line: { color: COLORS.text, width: 1.5, dash: 'dash' } } },
      { series: 'returnsSmooth', label: smoothedName, style: { type: 'scatter', mode: 'lines', yhoverformat: RETURN_HOVER, line: { color: COLORS.blue, width: 2 } } },
      { series: 'evals', errorBars: true, style: { name: 'greedy eval', type: 'scatter', mode: 'markers', marker: { size: 8, color: COLORS.orange, symbol: 'diamond' } } },
      { series: 'evalsEarly', errorBars: true, style: { name: `greedy eval (stopped after ${GIVE_UP_AFTER_EPISODES}: mean below threshold)`, type: 'scatter', mode: 'markers', marker: { size: 8, color: COLORS.orange, symbol: 'diamond-open', line: { width: 1.5 } } } },
    ],
    layout: {
      xaxis: STEP_AXIS,
      yaxis: axis('return'),
      ...(threshold !== undefined
        ? {
            shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: threshold, y1: threshold, line: { color: COLORS.green, width: 1.5, dash: 'dash' } }],
            annotations: [{ xref: 'paper', x: 0, y: threshold, xanchor: 'left', yanchor: 'bottom', text: `solve threshold ${fmtInt(threshold)} (mean of ${SOLVE_EPISODES} greedy episodes)`, showarrow: false, font: { color: COLORS.green, size: 11 } }],
          }
        : {}),
    },
    emptyMessage: noEpisodes,
  });

  const loss = new ChartPanel({
    id: 'loss',
    title: 'TD loss',
    subtitle: `${dqn.loss === 'huber' ? 'Huber' : 'Mean squared'} TD error of the latest minibatch (faint), smoothed as TensorBoard does (solid), log scale.`,
    traces: [
      { series: 'loss', style: { name: 'TD loss (raw)', type: 'scatter', mode: 'lines', opacity: 0.35, yhoverformat: '.4~g', line: { color: COLORS.red, width: 1 } } },
      { series: 'lossSmooth', label: smoothedName, style: { type: 'scatter', mode: 'lines', yhoverformat: '.4~g', line: { color: COLORS.red, width: 2 } } },
    ],
    layout: { xaxis: STEP_AXIS, yaxis: axis('loss', { type: 'log', dtick: 1, exponentformat: 'power' }) },
    emptyMessage: noUpdates,
  });

  const meanQ = new ChartPanel({
    id: 'meanQ',
    title: 'Mean Q',
    subtitle: 'Mean of Q(s, a) over the latest minibatch: the return the network expects.',
    traces: [{ series: 'meanQ', style: { name: 'mean Q', type: 'scatter', mode: 'lines', line: { color: COLORS.purple, width: 1.5 } } }],
    layout: { xaxis: STEP_AXIS, yaxis: axis('Q (expected discounted return)'), showlegend: false },
    emptyMessage: noUpdates,
  });

  const epsilon = new ChartPanel({
    id: 'epsilon',
    title: 'Exploration ε',
    subtitle: 'Probability of a random action, at the end of each episode.',
    traces: [{ series: 'epsilon', style: { name: 'ε', type: 'scatter', mode: 'lines', line: { color: COLORS.grey, width: 1.5, shape: 'hv' } } }],
    layout: { xaxis: STEP_AXIS, yaxis: axis('ε', { range: [0, 1.05] }), showlegend: false },
    emptyMessage: noEpisodes,
  });

  const mimic = detail.config.mimic as { fidelityFreq?: number } | null;
  const noTree = () =>
    !mimic
      ? 'This run was trained without the online mimic, so no tree tracked it. Grow one for its saved network with qlens mimic --run <run dir>; the Global tab then shows its fidelity.'
      : mimic.fidelityFreq === 0
        ? 'The online mimic of this run logs no measurements (fidelityFreq = 0); the final tree’s appears when training ends.'
        : finished()
          ? 'This run logged no tree measurement.'
          : `No tree measurement yet: the first comes at step ${fmtInt(mimic.fidelityFreq ?? 5000)} (fidelityFreq), then every ${fmtInt(mimic.fidelityFreq ?? 5000)} steps.`;
  // Not clipped at the plot's edge: a final RMSE near 0 sits on the axis and would show half a star.
  const finalMarker = (color: string) => ({ type: 'scatter', mode: 'markers', cliponaxis: false, marker: { size: 10, color, symbol: 'star' } });

  const treeSize = new ChartPanel({
    id: 'treeSize',
    title: 'Tree size',
    subtitle: 'Leaves and depth of the tree mimicking the network as it trained; the star is the final tree, grown for the saved network.',
    traces: [
      { series: 'leaves', style: { name: 'leaves', type: 'scatter', mode: 'lines+markers', marker: { size: 4 }, line: { color: COLORS.green, width: 2 } } },
      { series: 'depth', style: { name: 'depth (right axis)', type: 'scatter', mode: 'lines', yaxis: 'y2', line: { color: COLORS.grey, width: 1.5, dash: 'dot' } } },
      { series: 'leavesFinal', style: { name: 'final tree', ...finalMarker(COLORS.green) } },
    ],
    layout: { xaxis: STEP_AXIS, yaxis: axis('leaves', { rangemode: 'tozero' }), yaxis2: axis('depth', { overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false, tickmode: 'auto', tickformat: 'd' }) },
    emptyMessage: noTree,
  });

  const treeFidelity = new ChartPanel({
    id: 'treeFidelity',
    title: 'Tree fidelity',
    subtitle:
      'Lines: the online tree against the network of the moment, on recent held-out states. Stars: the final tree, grown for the saved network and measured on its greedy play, so they need not continue the lines. Left: action agreement; right: Q RMSE.',
    traces: [
      { series: 'agreement', style: { name: 'action agreement', type: 'scatter', mode: 'lines+markers', marker: { size: 4 }, line: { color: COLORS.blue, width: 2 } } },
      { series: 'rmse', style: { name: 'Q RMSE (right axis)', type: 'scatter', mode: 'lines', yaxis: 'y2', line: { color: COLORS.orange, width: 1.5 } } },
      { series: 'agreementFinal', style: { name: 'final tree (saved network): agreement', ...finalMarker(COLORS.blue) } },
      { series: 'rmseFinal', style: { name: 'final tree (saved network): RMSE', yaxis: 'y2', ...finalMarker(COLORS.orange) } },
    ],
    layout: { xaxis: STEP_AXIS, yaxis: axis('action agreement (%)', { range: [0, 102], ticksuffix: ' %' }), yaxis2: axis('Q RMSE', { overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false, tickmode: 'auto' }) },
    emptyMessage: noTree,
  });

  return [returns, loss, meanQ, epsilon, treeSize, treeFidelity];
}
