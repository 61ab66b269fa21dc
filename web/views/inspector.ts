/**
 * State inspector: why the run's tree gives one state its Q-values. The state comes from the link
 * (a replay step's "Inspect this state", a tree node's mean), else the one last inspected, else a
 * state from the agent's own play; the what-if sliders change it, and so does a state pasted as text
 * (inspector-paste.ts, which also copies the state out for `qlens explain --state`). Every change is one debounced
 * `POST /api/runs/:id/explain`, and its answer redraws everything at once: verdict, Q table, split
 * path, contribution bars and the extension slots. Answers that arrive out of order are dropped.
 * A typed value the server would refuse (not finite, or beyond its |x| limit) is refused here,
 * next to its box, and nothing is sent; when a request fails all the same, the results of the last
 * state that could be explained stay, dimmed and labelled as such, until a new answer arrives.
 * A run without a tree says how to grow one and reads the network alone: its Q-values
 * (`POST /api/runs/:id/q`) and the attribution panels, on states of its play from `own-play`.
 */
import type { EnvListResponse, ExplainResponse, InfluenceResponse, OwnPlayResponse, QResponse, RunDetailResponse } from '../../src/server/dto.ts';
import { ApiFailure, getJson, postJson, runPath } from '../api.ts';
import { append, h, notice, replace } from '../dom.ts';
import { plotly } from '../plotly.ts';
import { fmtInt, humanize } from '../format.ts';
import { type Route, replaceHash } from '../router.ts';
import { FEATURE_ALLOWED, featureInLimit } from '../../src/core/observation-limit.ts';
import { decodeObs, inspectHref, lastInspected, rememberInspected, replayHref, type StateOrigin, treeHref } from '../state-link.ts';
import { ContributionChart } from './inspector-chart.ts';
import { DecisionChart } from './inspector-why.ts';
import { angleNote, badLinkNote, capitalized, originText, short, stateLine, typed } from './inspector-text.ts';
import { pathList, qTable, verdict } from './inspector-decision.ts';
import { type InspectedState, inspectorSlots } from './inspector-slots.ts';
import { type NetworkReading, networkQTable, networkReading, networkVerdict } from './inspector-network.ts';
import { WhatIfSliders, featureBounds } from './inspector-sliders.ts';
import { StateText } from './inspector-paste.ts';
import { mountRunShell } from './run-shell.ts';
import { isNoTree, treeFailure } from './tree-required.ts';

/** Slider moves within this many ms become one request. */
const DEBOUNCE_MS = 40;

interface InspectorContext {
  influence: InfluenceResponse | null;
  influenceError: unknown;
  /** States of the agent's own play: the influence route's, or without a tree the own-play route's. */
  play: OwnPlayResponse | null;
  /** Why `play` is null (the influence route's failure, or without a tree the own-play route's). */
  playError: unknown;
  /** The run has no tree: the network alone is read (its Q-values and attributions). */
  treeless: boolean;
  envs: EnvListResponse | null;
}

async function loadContext(id: string): Promise<InspectorContext> {
  const [influence, envs] = await Promise.allSettled([getJson<InfluenceResponse>(runPath(id, '/influence')), getJson<EnvListResponse>('envs')]);
  const influenceError = influence.status === 'rejected' ? influence.reason : null;
  const treeless = isNoTree(influenceError);
  let playError: unknown = influenceError;
  const play =
    influence.status === 'fulfilled'
      ? influence.value
      : treeless
        ? await getJson<OwnPlayResponse>(runPath(id, '/own-play')).catch((err: unknown) => ((playError = err), null))
        : null;
  return { influence: influence.status === 'fulfilled' ? influence.value : null, influenceError, play, playError, treeless, envs: envs.status === 'fulfilled' ? envs.value : null };
}

export function inspectorView(root: HTMLElement, route: Route): () => void {
  const id = route.segments[1]!;
  let closed = false;
  let chart: ContributionChart | undefined;
  let why: DecisionChart | undefined;
  let slots: ReturnType<typeof inspectorSlots> | undefined;
  let timer: number | undefined;

  void plotly().catch(() => undefined); // start evaluating Plotly while the data loads
  void (async () => {
    const mounted = await mountRunShell(root, id, 'inspect');
    if (!mounted || closed) return;
    const { shell, detail } = mounted;
    replace(shell.body, notice('loading', 'Finding typical states: the network plays a few greedy episodes…'));
    const ctx = await loadContext(id);
    if (closed) return;
    start(shell.body, detail, ctx);
  })();

  function start(body: HTMLElement, detail: RunDetailResponse, ctx: InspectorContext) {
    const names = detail.env.featureNames;
    const { treeless } = ctx;
    const examples = ctx.play?.examples ?? [];
    const decoded = decodeObs(route.query.get('obs'), names.length);
    const fromLink = decoded && decoded.every(featureInLimit) ? decoded : null; // else the server would refuse it
    const origin: StateOrigin = fromLink
      ? { from: (route.query.get('from') as StateOrigin['from']) ?? undefined, seed: num(route.query.get('seed')), step: num(route.query.get('step')), policy: route.query.get('policy') === 'tree' ? 'tree' : undefined, node: num(route.query.get('node')), action: num(route.query.get('action')) }
      : {};
    // No examples (influence failed: e.g. the env's module is not loaded): the all-zero start is no state of play.
    let exampleIndex: number | null = fromLink || examples.length === 0 ? null : 0;
    const remembered = fromLink ? null : lastInspected(id, names.length);
    if (remembered) exampleIndex = null;
    const initial = fromLink ?? remembered ?? examples[0] ?? names.map(() => 0);
    /** No link, no remembered state, no states of play (influence failed, e.g. the env's module is not loaded): all zeros. */
    const startsAtZero = !fromLink && !remembered && examples.length === 0;
    const envInfo = ctx.envs?.envs.find((e) => e.id === detail.env.id);
    /** The state the sliders last reported and the page accepted: a refused value puts it back. */
    let accepted = [...initial];
    const sliders = new WhatIfSliders(names, featureBounds(envInfo, ctx.play?.ranges ?? null, initial), initial, (obs) => {
      const bad = obs.findIndex((v) => !featureInLimit(v));
      if (bad >= 0) return refuse(bad, obs[bad]!);
      accept(obs);
      setOrigin({ from: 'edited' }, null);
      schedule(obs);
    });
    let refusal: HTMLElement | null = null;
    /** Says next to feature `i`'s box why `value` was not sent, and puts the slider and box back. */
    function refuse(i: number, value: number) {
      sliders.set(accepted); // the slider keeps its own range
      refusal?.remove();
      refusal = h(
        'p',
        { class: 'whatif-refused small', attrs: { role: 'alert', 'data-refused': i } },
        `${capitalized(humanize(names[i]!))}: ${typed(value)} is not allowed (${FEATURE_ALLOWED}), so it was not sent; the state keeps ${short(accepted[i]!)}.`,
      );
      sliders.el.querySelectorAll('.whatif-row')[i]?.append(refusal);
    }
    function accept(obs: readonly number[]) {
      accepted = [...obs];
      refusal?.remove();
      refusal = null;
      asText.show(accepted);
    }
    // The state as text: copied out for `qlens explain --state` or Python, or pasted in from them.
    const asText = new StateText(names, (obs) => loadState(obs, { from: 'edited' }));
    asText.show(initial);

    const originEl = h('p', { class: 'origin' });
    const prev = h('button', { class: 'button', attrs: { type: 'button' }, title: 'The previous state from the agent’s own play' }, '◀ Previous');
    const next = h('button', { class: 'button', attrs: { type: 'button' }, title: 'Another state from the agent’s own play' }, 'Next typical state ▶');
    const treeLink = h('a', { class: 'button', attrs: { href: treeHref(id) } }, 'Show its path in the tree →');
    const status = h('span', { class: 'muted small', attrs: { role: 'status', 'aria-live': 'polite' } });
    const verdictEl = h('div', { class: 'verdict-slot' });
    const qEl = h('div');
    const pathEl = h('div');
    const chartEl = h('div', { class: 'plot', attrs: { 'data-chart': 'contributions' } });
    const errorEl = h('div');
    const decisionCard = h('section', { class: 'card result-card' });
    const chartCard = h('section', { class: 'card chart-card result-card' });
    slots = inspectorSlots();
    chart = new ContributionChart(chartEl);
    const whyEl = h('div', { class: 'plot', attrs: { 'data-chart': 'decision' } });
    why = new DecisionChart(whyEl);

    const playNote =
      (ctx.play
        ? `Sliders span where episodes go on (or the observation space) where that is bounded, else the range seen in ${fmtInt(ctx.play.samples)} states of the agent’s own play; each slider says which. Type a value to go beyond.`
        : `Typical states are unavailable (${(ctx.playError as ApiFailure)?.message ?? 'unknown error'}); sliders span the observation space or the current value.`) + angleNote(names);
    replace(
      body,
      // Without a tree: how to grow one first, then the network's own reading below.
      treeless ? treeFailure(ctx.influenceError, 'the tree', detail) : null,
      h('section', { class: 'card state-card' }, h('h2', null, 'State'), originEl, badLinkNote(route.query.get('obs'), decoded, names), h('div', { class: 'toolbar' }, prev, next, treeless ? null : treeLink, status), asText.el),
      errorEl,
      h(
        'div',
        { class: 'inspector-grid' },
        h('section', { class: 'card' }, h('h2', null, 'What if…'), h('p', { class: 'muted small' }, `Move a feature and everything below updates. ${playNote}`), sliders.el),
        treeless
          ? filled(decisionCard, h('h2', null, 'Decision'), verdictEl, qEl)
          : filled(
              decisionCard,
              h('h2', null, 'Decision'),
              verdictEl,
              qEl,
              h('h3', null, 'Split path'),
              h('p', { class: 'muted small' }, 'The region of the state’s leaf: the bounds the splits from the root put on each feature. The leaf’s linear models give the Q-values.'),
              pathEl,
            ),
      ),
      treeless
        ? null
        : filled(
            chartCard,
            h('h2', null, 'The tree’s feature contributions per action'),
            h('p', { class: 'muted small' }, 'Each bar is w · (state − leaf mean): how far that feature moves Q(action) away from the leaf’s baseline Q̄. Baseline plus bars equals the tree’s Q exactly (see the table).'),
            chart.legend,
            chartEl,
            why.heading,
            why.note,
            whyEl,
          ),
      slots!.el,
    );
    prev.disabled = next.disabled = examples.length === 0;
    const pick = (delta: number) => {
      if (!examples.length) return;
      exampleIndex = exampleIndex === null ? 0 : (exampleIndex + delta + examples.length) % examples.length;
      setOrigin({}, exampleIndex);
      accept(examples[exampleIndex]!);
      sliders.set(examples[exampleIndex]!);
      schedule(examples[exampleIndex]!, 0);
    };
    prev.addEventListener('click', () => pick(-1));
    next.addEventListener('click', () => pick(1));

    function setOrigin(o: StateOrigin, index: number | null) {
      const next = { ...o }; // `o` may be `origin` itself
      Object.assign(origin, { from: undefined, seed: undefined, step: undefined, policy: undefined, node: undefined, action: undefined }, next);
      exampleIndex = index;
      const { seed, step, policy } = origin;
      // A state from the replay links back to that step, paused (the replay keeps its place in the link).
      if (origin.from === 'replay' && seed !== undefined && step !== undefined) {
        originEl.replaceChildren('From the episode replay: ', h('a', { attrs: { href: replayHref(id, { seed, step, policy }), 'data-origin-link': '' } }, `seed ${seed}${policy === 'tree' ? ', the tree acting' : ''}, step ${step}`), '.');
      } else if (startsAtZero && origin.from === undefined) originEl.textContent = 'A state of all zeros: type values or move the sliders (the agent’s own play is unavailable here).';
      else originEl.textContent = originText(origin, exampleIndex, examples.length, detail.env.actionNames);
    }
    setOrigin(origin, exampleIndex);

    let seq = 0;
    function schedule(obs: number[], delay = DEBOUNCE_MS) {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void explain(obs), delay);
    }
    async function explain(obs: number[]) {
      const mine = ++seq;
      status.textContent = 'Updating…';
      try {
        if (treeless) {
          const q = await postJson<QResponse>(runPath(id, '/q'), { observation: obs });
          if (closed || mine !== seq) return;
          return showNetwork(networkReading(obs, names, q));
        }
        const e = await postJson<ExplainResponse>(runPath(id, '/explain'), { observation: obs });
        if (closed || mine !== seq) return; // a newer request is on its way
        show(e);
      } catch (err) {
        if (closed || mine !== seq) return;
        status.textContent = '';
        replace(errorEl, treeFailure(err, 'the explanation', detail));
        markStale(shown);
      }
    }
    /** The last answer on screen; after a failed request the results below are its, not the sliders'. */
    let shown: InspectedState | null = null;
    function markStale(last: InspectedState | null) {
      for (const el of [decisionCard, chartCard, slots!.el]) {
        el.classList.toggle('stale-result', last !== null);
        if (last) el.setAttribute('title', 'Not the state on the sliders: the last one that could be explained');
        else el.removeAttribute('title');
      }
      if (last) append(errorEl, h('p', { class: 'stale-line small', attrs: { 'data-stale': '' } }, `Showing the last state that could be explained: ${stateLine(names, last.observation)}. The results below are dimmed until a new explanation arrives.`));
    }
    /** What any answer does: the state is now the one shown, linked and remembered, and the panels follow it. */
    function shownState(e: InspectedState) {
      shown = e;
      replace(errorEl);
      markStale(null);
      status.textContent = '';
      rememberInspected(id, e.observation);
      replaceHash(inspectHref(id, e.observation, origin));
      slots!.update({ runId: id, explanation: e, loadState, space: envInfo ? { low: envInfo.observationLow, high: envInfo.observationHigh } : null, reachable: envInfo?.reachable ?? [] });
    }
    function show(e: ExplainResponse) {
      treeLink.setAttribute('href', treeHref(id, { obs: e.observation }));
      replace(verdictEl, verdict(e, ctx.play, envInfo ?? null));
      replace(qEl, qTable(e));
      replace(pathEl, pathList(e));
      void chart!.draw(e);
      void why!.draw(e);
      shownState(e);
    }
    function showNetwork(r: NetworkReading) {
      replace(verdictEl, networkVerdict(r, ctx.play, envInfo ?? null));
      replace(qEl, networkQTable(r));
      shownState(r);
    }
    // A state picked by a panel (a counterfactual, a prototype): shown like a picked example.
    function loadState(obs: number[], o: StateOrigin) {
      setOrigin(o, null);
      accept(obs);
      sliders.set(obs);
      schedule(obs, 0);
    }
    void explain(initial);
  }

  return () => {
    closed = true;
    window.clearTimeout(timer);
    chart?.destroy();
    why?.destroy();
    slots?.destroy();
  };
}

/** `el` with `children` appended. */
function filled(el: HTMLElement, ...children: Parameters<typeof append>[1][]): HTMLElement {
  append(el, ...children);
  return el;
}

function num(v: string | null): number | undefined {
  return v === null || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}
