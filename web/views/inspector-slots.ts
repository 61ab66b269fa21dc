/**
 * Slots for panels that explain the same state by other means, shown under the tree's
 * decomposition. Reserved: `network-attributions`, the network's own attributions (gradient ×
 * input, integrated gradients, sampling SHAP, LIME: DESIGN.md §4, src/explain/network/, issue 6),
 * to be read side by side with the tree's terms and an agreement score.
 *
 * To fill it, register a panel (import the module from web/main.ts so it runs at start):
 *
 *   registerInspectorPanel({
 *     id: 'network-attributions',
 *     title: 'Network attributions',
 *     render(slot, { runId, explanation }) { … POST the observation to a route of yours, draw … },
 *   });
 *
 * `render` runs after every explanation (debounced with the sliders); `explanation.observation` is
 * the state. Until a panel is registered the slot says, in plain words, that this is not available
 * yet: no placeholder numbers.
 */
import type { ExplainResponse } from '../../src/server/dto.ts';
import { h, replace } from '../dom.ts';

export interface InspectorPanelContext {
  runId: string;
  explanation: ExplainResponse;
}

export interface InspectorPanel {
  id: string;
  title: string;
  render(slot: HTMLElement, context: InspectorPanelContext): void;
}

export const RESERVED_SLOTS = [
  {
    id: 'network-attributions',
    title: 'Network attributions',
    empty:
      'The network’s own attributions for this state (gradient × input, integrated gradients, SHAP, LIME), side by side with the tree’s terms, will appear here. They are not part of this version of qlens yet; the tree’s decomposition above is exact for the tree, not for the network.',
  },
];

const panels = new Map<string, InspectorPanel>();

export function registerInspectorPanel(panel: InspectorPanel): void {
  if (panels.has(panel.id)) throw new Error(`inspector panel ${panel.id} is already registered`);
  panels.set(panel.id, panel);
}

/** The slot cards: registered panels fill theirs; reserved ones without a panel say why they are empty. */
export function inspectorSlots(): { el: HTMLElement; update(context: InspectorPanelContext): void } {
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
  };
}
