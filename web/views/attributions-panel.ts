/**
 * The inspector's `network-attributions` slot: the Q-network's own explanations of the inspected
 * state beside the tree's (issue 6). The tree is a simplification of the network; where the two
 * rank the features alike, the tree's story is the network's, and where they do not, this panel is
 * where a user finds out.
 *
 * - The side-by-side chart and the agreement lines follow the what-if sliders: the ticked methods
 *   (all 1–5 ms per state on the server; integrated gradients ~10 ms) are asked again for every new
 *   state, debounced, with a newer request aborting the older one (attributions-request.ts).
 * - The counterfactual, PDP/ICE and prototypes run on a button (attributions-sections.ts).
 */
import type { AttributionMethodName, AttributionsResponse } from '../../src/server/dto.ts';
import { h, replace } from '../dom.ts';
import { fmtInt, fmtNetworkName } from '../format.ts';
import { accountingBlock } from './attributions-accounting.ts';
import { agreementList } from './attributions-agreement.ts';
import { AttributionsChart, type BarScale } from './attributions-chart.ts';
import { counterfactualView, prototypesView } from './attributions-extras.ts';
import { DEFAULT_CHECKED, EXACT_MAX_FEATURES, METHODS, methodInfo, methodSwatch } from './attributions-methods.ts';
import { PdpSection } from './attributions-pdp-section.ts';
import { AttributionsChannel, failureNote, isBusy } from './attributions-request.ts';
import { OnDemandSection, key } from './attributions-sections.ts';
import { type InspectorPanelContext, registerInspectorPanel } from './inspector-slots.ts';
import { leftOutNote, methodNeedsBounds, outsideSpace } from './observation-space.ts';

/** On top of the inspector's own 40 ms: a dragged slider asks the network a few times a second, not per pixel. */
const DEBOUNCE_MS = 120;
/** After a 429 (other attribution requests queued), ask again this much later. */
const BUSY_RETRY_MS = 800;

const WITH_TREE = 'The tree above is a simplification of the Q-network. These are the network’s own explanations of the same state beside the tree’s terms: where they rank the features alike, the tree tells the network’s story.';
const WITHOUT_TREE = 'The Q-network’s own explanations of this state: how much each feature moves each action’s Q, by several methods. Where they rank the features alike, the reading is robust; a tree grown for this run would add its exact terms beside them.';

class AttributionsPanel {
  private readonly intro = h('p', { class: 'muted small' }, WITH_TREE);
  private readonly checks = new Map<AttributionMethodName, HTMLInputElement>();
  private readonly status = h('span', { class: 'muted small', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly errorEl = h('div');
  private readonly emptyEl = h('div', { class: 'chart-empty', attrs: { role: 'status' } }, 'Asking the network…');
  private readonly chartEl = h('div', { class: 'plot', attrs: { 'data-chart': 'attributions' } });
  private readonly agreementEl = h('div');
  /** Base + Σ attributions = Q per method, for one action (attributions-accounting.ts). */
  private readonly accountingEl = h('div');
  /** The action the accounting block explains when the user picked one; null: the network's pick. */
  private accountAction: number | null = null;
  /** Chart, its note and the agreement: dimmed when they no longer match the state on screen. */
  private readonly resultsEl = h('div', { class: 'attr-results' });
  private readonly chart = new AttributionsChart(this.chartEl);
  private readonly channel = new AttributionsChannel();
  private readonly scaleSelect = h('select', { attrs: { 'aria-label': 'Bar lengths', 'data-scale': '' } }, h('option', { attrs: { value: 'share' } }, 'share of each method’s total'), h('option', { attrs: { value: 'q' } }, 'Q units'));
  private last: { r: AttributionsResponse; methods: AttributionMethodName[] } | null = null;
  private readonly counterfactual: OnDemandSection;
  private readonly pdp = new PdpSection();
  private readonly prototypes: OnDemandSection;
  private context: InspectorPanelContext | null = null;
  private shownFor: string | null = null;
  private timer: number | undefined;

  constructor(slot: HTMLElement) {
    this.counterfactual = new OnDemandSection({
      id: 'counterfactual',
      title: 'What would change the network’s decision?',
      what: 'the counterfactual',
      help: 'The smallest change to this state, in units of each feature’s spread in the agent’s own play, that makes the network choose another action.',
      button: 'Find the smallest change',
      method: 'counterfactual',
      empty: 'Press the button to search for it (about 20 ms).',
      render: (body, r) => replace(body, counterfactualView(r.results.counterfactual!, r, (obs) => this.context?.loadState(obs, { from: 'counterfactual' }), this.context?.reachable ?? [])),
    });
    this.prototypes = new OnDemandSection({
      id: 'prototypes',
      title: 'Prototypes',
      what: 'the prototypes',
      help: 'For each action, the state where the network most prefers it (gradient ascent on Q(s, a) − mean Q(s, ·)), searched where the environment’s episodes go on (the what-if sliders’ range, e.g. CartPole’s |cart position| ≤ 2.4) and otherwise within the observation bounds, or the agent’s own play where those are infinite. They are often extreme, and where features come in cos/sin pairs (Acrobot) they may pair values no real angle gives: they show what pushes the network towards an action, not typical play.',
      button: 'Show prototypes',
      method: 'prototype',
      empty: 'Computed once per network (about a second), then instant.',
      stateless: true,
      render: (body, r) => replace(body, prototypesView(r.results.prototype!, r, (obs, action) => this.context?.loadState(obs, { from: 'prototype', action }))),
    });
    const boxes = METHODS.map((m) => {
      const input = h('input', { attrs: { type: 'checkbox', value: m.id, 'data-method': m.id } });
      input.checked = DEFAULT_CHECKED.includes(m.id);
      input.addEventListener('change', () => this.refresh(0));
      this.checks.set(m.id, input);
      return h('label', { class: 'method-check', title: m.meaning }, input, methodSwatch(m.id), m.label);
    });
    replace(
      slot,
      this.intro,
      h('div', { class: 'toolbar method-checks' }, h('span', { class: 'strong' }, 'Compare with:'), ...boxes, h('label', { class: 'scale-pick' }, 'Bars in ', this.scaleSelect), this.status),
      this.errorEl,
      this.resultsEl,
      h('div', { class: 'attr-grid' }, this.counterfactual.el, this.pdp.section.el),
      this.prototypes.el,
    );
    this.resultsEl.append(
      this.emptyEl,
      this.chartEl,
      h('p', { class: 'muted small' }, 'Each method measures from its own reference (the tree from the leaf’s mean state, the Shapley methods from the average over the agent’s states, gradient × input from the all-zero state), so their sizes in Q units differ widely: the bars show each method’s shares of its own total by default (switch to Q units above for the raw values). Hover a method’s name above for what its bars mean.'),
      this.agreementEl,
      this.accountingEl,
    );
    this.chartEl.hidden = true;
    // Only the drawing changes: no new request.
    this.scaleSelect.addEventListener('change', () => this.last && void this.chart.draw({ r: this.last.r, methods: this.last.methods, scale: this.scale() }));
  }

  /** Shares by default: each method measures from its own reference (the tree from the leaf's mean, the Shapley methods from the average state), so in Q units one method's bars can dwarf another's. */
  private scale(): BarScale {
    return this.scaleSelect.value === 'q' ? 'q' : 'share';
  }

  update(context: InspectorPanelContext): void {
    this.context = context;
    const e = context.explanation;
    this.intro.textContent = e.contributions ? WITH_TREE : WITHOUT_TREE;
    this.pdp.setNames(e);
    const exact = this.checks.get('exact')!;
    exact.disabled = e.featureNames.length > EXACT_MAX_FEATURES;
    if (exact.disabled) (exact.checked = false), (exact.parentElement!.title = `Exact Shapley enumerates every coalition: up to ${EXACT_MAX_FEATURES} features.`);
    const outside = outsideSpace(e.observation, e.featureNames, context.space);
    for (const s of [this.counterfactual, this.pdp.section, this.prototypes]) s.setState(context.runId, e.observation, outside);
    if (this.shownFor !== key(e.observation)) this.refresh(DEBOUNCE_MS);
  }

  destroy(): void {
    window.clearTimeout(this.timer);
    this.channel.cancel();
    this.chart.destroy();
    this.counterfactual.destroy();
    this.pdp.destroy();
    this.prototypes.destroy();
  }

  private selected(): AttributionMethodName[] {
    return METHODS.map((m) => m.id).filter((id) => this.checks.get(id)!.checked && !this.checks.get(id)!.disabled);
  }

  private refresh(delay: number): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.load(), delay);
  }

  private async load(): Promise<void> {
    const context = this.context;
    if (!context) return;
    const methods = this.selected();
    if (methods.length === 0) {
      this.channel.cancel();
      this.status.textContent = '';
      this.showEmpty(context.explanation.contributions ? 'Tick at least one method above to compare the network with the tree.' : 'Tick at least one method above to see the network’s attributions.');
      return;
    }
    const e = context.explanation;
    // The server refuses a state outside the observation space for the methods that sample around
    // it (a request with one of them fails whole): those are left out, and the note says which and why.
    const outside = outsideSpace(e.observation, e.featureNames, context.space);
    const leftOut = outside ? methods.filter(methodNeedsBounds) : [];
    const runnable = methods.filter((id) => !leftOut.includes(id));
    const note = leftOut.length > 0 ? h('p', { class: 'card-note', attrs: { 'data-outside-space': '' } }, leftOutNote(leftOut.map((id) => methodInfo(id).label), outside!, runnable.length > 0)) : null;
    if (runnable.length === 0) {
      this.channel.cancel();
      this.status.textContent = '';
      replace(this.errorEl, note);
      this.resultsEl.classList.toggle('stale', this.shownFor !== null);
      return;
    }
    this.status.textContent = 'Asking the network…';
    try {
      const r = await this.channel.fetch(context.runId, { observation: e.observation, methods: runnable });
      if (!r) return; // a newer state or selection is on its way
      replace(this.errorEl, note);
      this.show(r, runnable);
    } catch (err) {
      this.status.textContent = '';
      if (isBusy(err)) {
        this.status.textContent = 'The server is busy with other explanations; trying again…';
        this.refresh(BUSY_RETRY_MS);
        return;
      }
      const shown = this.shownFor !== null;
      this.resultsEl.classList.toggle('stale', shown);
      replace(this.errorEl, failureNote(err, 'the network’s attributions', () => this.refresh(0)), shown ? h('p', { class: 'muted small' }, 'The faded chart below is for the last state that could be explained.') : null);
    }
  }

  private show(r: AttributionsResponse, methods: AttributionMethodName[]): void {
    this.shownFor = key(r.observation);
    this.resultsEl.classList.remove('stale');
    this.emptyEl.hidden = true;
    this.chartEl.hidden = false;
    this.last = { r, methods };
    void this.chart.draw({ r, methods, scale: this.scale() });
    replace(this.agreementEl, agreementList(r, methods));
    this.showAccounting();
    this.status.textContent = `Network: ${fmtNetworkName(r.weights)}. Reference states (the Shapley methods, LIME, PDP): ${fmtInt(r.background.used)} of ${fmtInt(r.background.states)} from ${r.background.episodes} greedy episodes of the agent. ${r.methods.length} method${r.methods.length === 1 ? '' : 's'} in ${Math.round(r.milliseconds)} ms.`;
  }

  private showAccounting(): void {
    if (!this.last) return;
    const { r, methods } = this.last;
    const action = this.accountAction !== null && this.accountAction < r.actionNames.length ? this.accountAction : r.networkAction;
    replace(this.accountingEl, accountingBlock(r, methods, action, (a) => {
      this.accountAction = a === r.networkAction ? null : a; // the network's pick: follow it to the next state's
      this.showAccounting();
    }));
  }

  private showEmpty(message: string): void {
    this.emptyEl.textContent = message;
    this.emptyEl.hidden = false;
    this.chartEl.hidden = true;
    replace(this.agreementEl);
    replace(this.accountingEl);
    this.shownFor = null;
  }
}

const instances = new WeakMap<HTMLElement, AttributionsPanel>();

registerInspectorPanel({
  id: 'network-attributions',
  title: 'Network attributions: the Q-network’s own view of this state',
  render(slot, context) {
    let panel = instances.get(slot);
    if (!panel) instances.set(slot, (panel = new AttributionsPanel(slot)));
    panel.update(context);
  },
  destroy(slot) {
    instances.get(slot)?.destroy();
    instances.delete(slot);
  },
});
