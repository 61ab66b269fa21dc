/**
 * Global view: what the tree says about the agent as a whole. Feature influence, fidelity against
 * CART and a linear model, the network's own SHAP summary beside the influence, the rules table and
 * the export buttons, each in its own card that loads on its own (influence plays a few greedy
 * episodes the first time, the SHAP summary takes up to a second or two; the rest is instant).
 * A run without a tree gets how to grow one, and the SHAP summary, which needs only the network.
 */
import { OWN_PLAY } from '../../src/explain/play-range.ts';
import type { InfluenceResponse } from '../../src/server/dto.ts';
import { getJson, runPath } from '../api.ts';
import { h, replace } from '../dom.ts';
import { plotly } from '../plotly.ts';
import type { Route } from '../router.ts';
import { exportCard } from './global-export.ts';
import { fidelityCard } from './global-fidelity.ts';
import { influenceCard } from './global-influence.ts';
import { rulesCard } from './global-rules.ts';
import { shapCard } from './global-shap.ts';
import { mountRunShell } from './run-shell.ts';
import { cardNote, isNoTree, treeFailure } from './tree-required.ts';

export function globalView(root: HTMLElement, route: Route): () => void {
  const id = route.segments[1]!;
  let closed = false;
  const plots: HTMLElement[] = [];

  void plotly().catch(() => undefined); // start evaluating Plotly while the data loads
  void (async () => {
    const mounted = await mountRunShell(root, id, 'global');
    if (!mounted || closed) return;
    const { shell, detail } = mounted;
    // The rules answer fast and tell whether the run has a tree at all.
    try {
      await getJson(runPath(id, '/rules?limit=1'));
    } catch (err) {
      // Without a tree the network's own SHAP summary still stands (it needs only the network).
      if (!closed) replace(shell.body, treeFailure(err, 'the tree', detail), ...(isNoTree(err) ? [shapCard(id, Promise.resolve(null), plots)] : []));
      return;
    }
    if (closed) return;
    const influenceSlot = h('section', { class: 'card', attrs: { id: 'influence' } }, h('h2', null, 'Feature influence'), cardNote('loading', `Measuring influence: the network plays ${OWN_PLAY.episodes} greedy episodes…`));
    const fidelitySlot = h('section', { class: 'card', attrs: { id: 'fidelity' } }, h('h2', null, 'Fidelity: tree vs CART vs linear'), cardNote('loading', 'Loading fidelity…'));
    // Fidelity first: how far to trust everything else on the page.
    const influence = getJson<InfluenceResponse>(runPath(id, '/influence'));
    replace(shell.body, fidelitySlot, influenceSlot, shapCard(id, influence, plots), rulesCard(id, detail.env.featureNames, detail.env.actionNames), exportCard(id));
    void influence.then(
      (r) => !closed && influenceSlot.replaceWith(influenceCard(r, plots)),
      (err) => !closed && replace(influenceSlot, h('h2', null, 'Feature influence'), cardNote('error', `Could not measure influence: ${(err as Error).message}`)),
    );
    void fidelityCard(id, detail.run.status === 'running').then((card) => !closed && fidelitySlot.replaceWith(card));
  })();

  return () => {
    closed = true;
    for (const p of plots) window.Plotly?.purge(p);
  };
}
