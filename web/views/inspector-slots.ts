/**
 * Slots for panels that explain the same state by other means, shown under the tree's
 * decomposition. `network-attributions` is filled by web/views/attributions-panel.ts (the
 * network's own attributions side by side with the tree's terms, PDP/ICE, a counterfactual and
 * prototypes; issue 6), registered from web/main.ts.
 *
 * A panel registers itself once (import its module from web/main.ts so it runs at start):
 *
 *   registerInspectorPanel({
 *     id: 'network-attributions',
 *     title: 'Network attributions',
 *     render(slot, { runId, explanation, loadState }) { … },
 *     destroy(slot) { … },
 *   });
 *
 * `render` runs after every explanation (debounced with the sliders); `explanation.observation` is
 * the state, and `loadState` shows another state in the inspector (sliders, everything). The same
 * `slot` element comes back on every call while the inspector is open, so a panel can keep its
 * own state per slot; `destroy` runs when the inspector closes. A reserved slot without a panel
 * says, in plain words, that it is not available: no placeholder numbers.
 */
import type { ExplainResponse } from '../../src/server/dto.ts';
import type { ReachableCondition } from '../../src/explain/reachable.ts';
import { h, replace } from '../dom.ts';
import type { StateOrigin } from '../state-link.ts';

/** What a panel reads of the inspected state: the tree's explanation has it, and so does the network-only reading of a run without a tree. */
export type InspectedState = Pick<ExplainResponse, 'observation' | 'featureNames' | 'actionNames' | 'networkAction'> & Partial<Pick<ExplainResponse, 'contributions'>>;

export interface InspectorPanelContext {
  runId: string;
  explanation: InspectedState;
  /** Shows `observation` in the inspector, as if picked elsewhere (`origin` says where it came from). */
  loadState(observation: number[], origin: StateOrigin): void;
  /** The observation space's bounds (null when unknown): the network's explainers refuse states outside them. */
  space: { low: readonly (number | null)[]; high: readonly (number | null)[] } | null;
  /** What every state of play meets (empty when unknown): a panel's own states (a counterfactual) are checked against it as the inspected one is (inspector-text.ts `neverInPlayNote`). */
  reachable: readonly ReachableCondition[];
}

export interface InspectorPanel {
  id: string;
  title: string;
  render(slot: HTMLElement, context: InspectorPanelContext): void;
  /** The inspector is closing: stop timers and requests, free charts. */
  destroy?(slot: HTMLElement): void;
}

export const RESERVED_SLOTS = [
  {
    id: 'network-attributions',
    title: 'Network attributions',
    empty: 'The network’s own attributions for this state are not available in this build of the dashboard; the tree’s decomposition above is exact for the tree, not for the network.',
  },
];

const panels = new Map<string, InspectorPanel>();

export function registerInspectorPanel(panel: InspectorPanel): void {
  if (panels.has(panel.id)) throw new Error(`inspector panel ${panel.id} is already registered`);
  panels.set(panel.id, panel);
}

/** The slot cards: registered panels fill theirs; reserved ones without a panel say why they are empty. */
export function inspectorSlots(): { el: HTMLElement; update(context: InspectorPanelContext): void; destroy(): void } {
  const ids = [...new Set([...RESERVED_SLOTS.map((s) => s.id), ...panels.keys()])];
  const cards = ids.map((id) => {
    const reserved = RESERVED_SLOTS.find((s) => s.id === id);
    const panel = panels.get(id);
    const body = h('div', { class: 'slot-body' });
    if (!panel) replace(body, h('p', { class: 'muted' }, reserved!.empty));
    return { id, panel, body, el: h('section', { class: 'card slot-card', attrs: { 'data-slot': id } }, h('h2', null, panel?.title ?? reserved!.title), body) };
  });
  return {
    el: h('div', { class: 'slots' }, ...cards.map((c) => c.el)),
    update(context) {
      for (const c of cards) c.panel?.render(c.body, context);
    },
    destroy() {
      for (const c of cards) c.panel?.destroy?.(c.body);
    },
  };
}
