/**
 * Training view: headline numbers and the training charts of one run. It loads `metrics.jsonl`
 * page by page, draws, and while the run trains follows `GET /api/runs/:id/events` from the byte
 * cursor where the pages ended, appending new points twice a second. Its toolbar sets the smoothing
 * of the return and loss lines and downloads the loaded scalars as CSV.
 */
import type { RunDetailResponse, StreamEndMessage, RunEvent } from '../../src/server/dto.ts';
import { type ApiFailure, loadAllMetrics, runPath } from '../api.ts';
import { h, notice, replace } from '../dom.ts';
import { plotly } from '../plotly.ts';
import { fmtInt, fmtMeanReturn, fmtNum, fmtPercent } from '../format.ts';
import type { Route } from '../router.ts';
import { href } from '../router.ts';
import type { ChartPanel } from './chart-panel.ts';
import { endedText } from './badges.ts';
import { mountRunShell, type RunShell } from './run-shell.ts';
import { trainingCharts } from './training-charts.ts';
import { csvFilename, downloadCsv, scalarsCsv } from './training-csv.ts';
import { TrainingSeries } from './training-series.ts';
import { storedSmoothing, trainingToolbar } from './training-toolbar.ts';

const FLUSH_MS = 500;

function stat(label: string, value: string, help?: string, sub?: string): HTMLElement {
  return h('div', { class: 'stat', title: help }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value), sub ? h('div', { class: 'stat-sub' }, sub) : null);
}

/**
 * A pretrained agent's own measured return beside training's checks: the runs list and the run's
 * badges give the card's figure and verdict, the stats above the best check, which selected the
 * network and so reads high (FlappyBird: 104.12 in training, 98.92 on the card's fresh episodes).
 */
function measuredNote(detail: RunDetailResponse): HTMLElement | null {
  const m = detail.run.measured;
  if (!m) return null;
  const threshold = detail.env.rewardThreshold;
  const verdict =
    threshold === undefined ? '' : m.meanReturn < threshold ? ` (below the solve threshold ${fmtInt(threshold)})` : m.solved ? ` (solved: at least ${fmtInt(threshold)} over 100 episodes)` : ` (at least ${fmtInt(threshold)})`;
  const episodes = m.episodes === null ? 'fresh greedy episodes' : `${fmtInt(m.episodes)} fresh greedy episodes`;
  return h(
    'p',
    { class: 'measured-note small', attrs: { 'data-measured': String(m.meanReturn) } },
    `Measured by qlens publish on ${episodes}: mean return ${fmtMeanReturn(m.meanReturn)}${verdict}. That is the runs list’s Best eval for this agent and its model card’s return. “Best greedy eval” and “Solved at step” here are training’s own checks: the best of them picked this network, so they can read higher than fresh episodes.`,
  );
}

function stats(detail: RunDetailResponse, s: TrainingSeries, finished: boolean): HTMLElement[] {
  const { totalTimesteps: total, evalFreq = 0 } = detail.config.dqn as { totalTimesteps?: number; evalFreq?: number };
  const threshold = detail.env.rewardThreshold;
  const evals = s.all.evals.x.length + s.all.evalsEarly.x.length;
  return [
    stat('Steps', fmtInt(s.lastStep), 'Environment steps trained', total ? `of ${fmtInt(total)} (${((100 * s.lastStep) / total).toFixed(0)} %)` : undefined),
    stat('Episodes', fmtInt(s.episodes)),
    stat('Mean return', fmtNum(s.meanReturn100), 'Mean return of the last 100 training episodes, with exploration', 'last 100 episodes'),
    stat(
      'Best greedy eval',
      fmtMeanReturn(s.bestEval),
      'Best mean return of a complete greedy evaluation (ε = 0). Evaluations stopped early (hollow in the chart) do not count.',
      evalFreq === 0 ? 'evaluations off' : s.bestEval === null && evals > 0 ? noneCompleteText(s, finished) : threshold !== undefined ? `solve threshold ${fmtInt(threshold)}` : undefined,
    ),
    stat('Solved at step', s.solvedAtStep !== null ? fmtInt(s.solvedAtStep) : finished ? 'not solved' : 'not yet', 'First evaluation whose mean reached the reward threshold', unsolvedOnCard(detail, s)),
    stat('ε', fmtNum(s.lastEpsilon), 'Current probability of a random action', 'random-action probability'),
    stat(
      'Tree agreement',
      s.lastMimic ? fmtPercent(s.lastMimic.agreement) : '–',
      'Share of held-out states where the tree picks the same action as the network (latest measurement)',
      s.lastMimic ? `${fmtInt(s.lastMimic.leaves)} leaves${s.lastMimic.phase === 'final' ? ', final tree' : ''}` : detail.config.mimic ? 'no measurement yet' : 'no tree',
    ),
  ];
}

/**
 * Training's check solved the task, but the model card's fresh episodes fell short (FlappyBird:
 * solved at step 1,700,000 with 104.12, card 98.92): said under the step, so the two do not read as
 * a contradiction.
 */
function unsolvedOnCard(detail: RunDetailResponse, s: TrainingSeries): string | undefined {
  const m = detail.run.measured;
  const threshold = detail.env.rewardThreshold;
  if (!m || threshold === undefined || s.solvedAtStep === null || m.meanReturn >= threshold) return undefined;
  return `by training’s check; ${fmtMeanReturn(m.meanReturn)} on the card’s episodes`;
}

/**
 * No evaluation ran all its episodes (each fell short of the threshold early and stopped, as
 * evaluate.ts does to save time): the best of those stopped checks is still a number an SB3
 * EvalCallback user looks for, labelled for what it is.
 */
function noneCompleteText(s: TrainingSeries, finished: boolean): string {
  const none = finished ? 'none complete' : 'none complete yet';
  const early = s.bestEarlyEval;
  return early ? `${none}; best stopped check ${fmtMeanReturn(early.mean)} over ${fmtInt(early.episodes)} episodes` : none;
}

export function trainingView(root: HTMLElement, route: Route): () => void {
  const id = route.segments[1]!;
  let closed = false;
  let source: EventSource | undefined;
  let timer: number | undefined;
  let panels: ChartPanel[] = [];

  void plotly().catch(() => undefined); // start evaluating Plotly while the data loads
  void (async () => {
    const mounted = await mountRunShell(root, id, 'training');
    if (!mounted || closed) return;
    const { shell, detail } = mounted;
    replace(shell.body, notice('loading', 'Loading training metrics…'));
    let loaded: { events: RunEvent[]; next: number };
    try {
      loaded = await loadAllMetrics(id);
    } catch (err) {
      replace(shell.body, notice('error', 'Could not load the training metrics.', (err as ApiFailure).message));
      return;
    }
    if (closed) return;
    // An agent without a training log here: a pretrained one, or one trained elsewhere (`qlens import`).
    const imported = detail.config.backend === 'imported';
    if (loaded.events.length === 0 && (detail.run.source === 'pretrained' || imported)) {
      const title = imported ? 'This agent was trained with Stable-Baselines3 and imported: its training log is not here.' : 'This pretrained agent ships without its training log.';
      const why = imported ? 'qlens import reads the network, not the training history. Watch it play in the Episode replay tab, or grow its tree with qlens mimic to explain it.' : 'There is no metrics.jsonl to plot. Watch it play in the Episode replay tab.';
      replace(
        shell.body,
        notice('empty', title, why, {
          label: 'Replay an episode',
          run: () => (location.hash = href('runs', id, 'replay')),
        }),
      );
      return;
    }
    const series = new TrainingSeries((detail.config.dqn as { evalEpisodes?: number }).evalEpisodes ?? 0, storedSmoothing());
    let finished = detail.run.status !== 'running';
    panels = trainingCharts(detail, series, () => finished);
    const statsEl = h('div', { class: 'stats' });
    const liveEl = h('p', { class: 'live-line muted small', attrs: { role: 'status' } });
    const toolbar = trainingToolbar({
      smoothing: series.smoothing,
      onSmoothing: (w) => {
        if (closed) return;
        series.setSmoothing(w);
        for (const p of panels) void p.redraw(['returnsSmooth', 'lossSmooth'], series.all);
      },
      onDownload: () => downloadCsv(csvFilename(id), scalarsCsv(series)),
    });
    replace(shell.body, statsEl, measuredNote(detail), liveEl, toolbar, panels[0]!.el, h('div', { class: 'chart-grid' }, ...panels.slice(1).map((p) => p.el)));

    const draw = (events: RunEvent[]) => {
      const delta = series.add(events);
      replace(statsEl, ...stats(detail, series, finished));
      for (const p of panels) void p.update(series.all, delta);
    };
    draw(loaded.events);
    if (finished) {
      liveEl.textContent = endedText(detail.run.status);
      return;
    }
    followLive(shell, loaded.next, draw, liveEl, () => {
      finished = true;
      draw([]); // empty states mention "finished" now
    });
  })();

  /** Streams new events; buffers them and draws every FLUSH_MS so a burst is one extendTraces. */
  function followLive(shell: RunShell, since: number, draw: (e: RunEvent[]) => void, liveEl: HTMLElement, onEnd: () => void) {
    let pending: RunEvent[] = [];
    liveEl.textContent = '● Live: new points appear as the agent trains.';
    liveEl.classList.add('live');
    source = new EventSource(`api/${runPath(id, `/events?since=${since}`)}`);
    source.addEventListener('metric', (e) => pending.push(JSON.parse((e as MessageEvent<string>).data) as RunEvent));
    source.addEventListener('open', () => (liveEl.textContent = '● Live: new points appear as the agent trains.'));
    source.addEventListener('error', () => {
      if (source?.readyState !== EventSource.CLOSED) liveEl.textContent = 'Connection to the server lost; reconnecting…';
    });
    // The run was resumed from a checkpoint and its log rewound: start over.
    source.addEventListener('reset', () => window.dispatchEvent(new HashChangeEvent('hashchange')));
    source.addEventListener('end', (e) => {
      const { status } = JSON.parse((e as MessageEvent<string>).data) as StreamEndMessage;
      source?.close();
      flush();
      window.clearInterval(timer);
      liveEl.classList.remove('live');
      liveEl.textContent = endedText(status);
      onEnd();
      void shell.refresh().then((fresh) => {
        if (!fresh) liveEl.textContent += ' The server has stopped answering; the charts keep what it sent.';
      });
    });
    const flush = () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      draw(batch);
    };
    timer = window.setInterval(flush, FLUSH_MS);
  }

  return () => {
    closed = true;
    source?.close();
    window.clearInterval(timer);
    for (const p of panels) p.destroy();
  };
}
