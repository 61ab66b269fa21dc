/**
 * The PDP/ICE section: pick a feature and an action, press the button. One request returns the
 * curves of every feature, so switching the feature or the action afterwards redraws at once
 * without asking the server again. The feature starts as the one the tree leans on most for the
 * network's pick in the first state shown.
 */
import type { AttributionsResponse } from '../../src/server/dto.ts';
import type { InspectedState } from './inspector-slots.ts';
import { h, replace } from '../dom.ts';
import { argmax } from '../argmax.ts';
import { humanize } from '../format.ts';
import { PdpPlot } from './attributions-pdp.ts';
import { OnDemandSection } from './attributions-sections.ts';

export class PdpSection {
  readonly section: OnDemandSection;
  private readonly featureSelect = h('select', { attrs: { 'aria-label': 'Feature to sweep', 'data-pdp-feature': '' } });
  private readonly actionSelect = h('select', { attrs: { 'aria-label': 'Action whose Q is plotted', 'data-pdp-action': '' } });
  private readonly plotEl = h('div', { class: 'plot', attrs: { 'data-chart': 'pdp' } });
  private readonly plot = new PdpPlot(this.plotEl);
  private last: AttributionsResponse | null = null;
  private filled = false;

  constructor() {
    this.section = new OnDemandSection({
      id: 'pdp',
      title: 'Partial dependence (PDP/ICE)',
      what: 'the PDP/ICE curves',
      help: 'How the network’s Q for one action changes as one feature sweeps its range, the other features held fixed: grey lines for the agent’s own states (ICE), their average in bold in the action’s colour (PDP), this state dashed in black.',
      button: 'Plot PDP/ICE',
      method: 'pdp',
      empty: 'Pick a feature and an action, then press Plot PDP/ICE.',
      render: (body, r) => this.show(body, r),
    });
    for (const select of [this.featureSelect, this.actionSelect]) select.addEventListener('change', () => this.draw());
    const controls = h('span', { class: 'pdp-controls' }, h('label', null, 'Feature ', this.featureSelect), h('label', null, 'Q of ', this.actionSelect));
    this.section.el.querySelector('.toolbar')!.prepend(controls);
  }

  /** Fills the selects from the first explanation shown. */
  setNames(e: InspectedState): void {
    if (this.filled) return;
    this.filled = true;
    replace(this.featureSelect, ...e.featureNames.map((name, i) => h('option', { attrs: { value: i } }, humanize(name))));
    replace(this.actionSelect, ...e.actionNames.map((name, a) => h('option', { attrs: { value: a } }, humanize(name))));
    // The feature the tree's terms weigh most for the network's pick; without a tree, the first.
    const terms = e.contributions?.[e.networkAction];
    this.featureSelect.value = String(terms ? argmax(terms.map((c) => Math.abs(c.contribution))) : 0);
    this.actionSelect.value = String(e.networkAction);
  }

  destroy(): void {
    this.section.destroy();
    this.plot.destroy();
  }

  private show(body: HTMLElement, r: AttributionsResponse): void {
    this.last = r;
    if (this.plotEl.parentElement !== body) replace(body, this.plotEl);
    this.draw();
  }

  private draw(): void {
    const r = this.last;
    const pdp = r?.results.pdp;
    if (!r || !pdp) return;
    const feature = Math.max(0, pdp.features.findIndex((f) => f.feature === Number(this.featureSelect.value)));
    const action = Number(this.actionSelect.value);
    void this.plot.draw({ pdp, feature, action, actionNames: r.actionNames, qNow: r.qNetwork[action]! });
  }
}
