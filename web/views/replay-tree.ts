/**
 * The tree in the episode replay (a replay extension, see replay-extensions.ts): the tree's Q of
 * every action as dashed lines beside the network's solid ones, red ticks under the steps where the two
 * pick different actions, and in the step panel both Q-values side by side with links to inspect
 * the state or see its path in the tree.
 */
import type { RolloutResponse } from '../../src/server/dto.ts';
import { argmax } from '../argmax.ts';
import { h, replace } from '../dom.ts';
import { fmtQs, humanize } from '../format.ts';
import { COLORS, actionColor, plotName } from '../plotly.ts';
import { currentRoute } from '../router.ts';
import { inspectHref, treeHref } from '../state-link.ts';
import { registerReplayExtension } from './replay-extensions.ts';
import { endedHere, episodeEnding } from './replay-step.ts';

/** Steps where tree and network pick different greedy actions. */
export function disagreements(r: RolloutResponse): number[] {
  return r.steps.flatMap((s, i) => (s.qTree && argmax(s.qTree) !== argmax(s.q) ? [i] : []));
}

registerReplayExtension({
  id: 'tree',
  title: 'The tree (LMUT) at this step',
  appliesTo: (r) => r.tree !== null,
  qTraces: (r) =>
    r.env.actionNames.map((name, a) => ({
      name: `tree Q(s, ${plotName(name)})`,
      type: 'scatter',
      mode: 'lines',
      x: r.steps.map((_, i) => i),
      y: r.steps.map((s) => s.qTree?.[a] ?? null),
      // The hover prints each step's tree Q-values as the step panel does (fmtQs: its pick readable).
      text: r.steps.map((s) => (s.qTree ? fmtQs(s.qTree)[a]! : '')),
      line: { color: actionColor(a), width: 1.5, dash: 'dash' },
      hovertemplate: '%{text}',
    })),
  markers: (r) => ({ label: 'tree ≠ network', color: COLORS.red, steps: disagreements(r) }),
  renderStep(slot, r, index) {
    const atEnd = index >= r.steps.length;
    const view = atEnd ? r.final : r.steps[index]!;
    if (!view.qTree) return;
    const tree = argmax(view.qTree);
    const net = argmax(view.q);
    const runId = currentRoute().segments[1]!;
    const origin = { from: 'replay' as const, seed: r.seed, step: index, policy: r.policy === 'tree' ? ('tree' as const) : undefined };
    // As the step panel's bars print the network's Q (fmtQs), so both columns read the same there.
    const [qNet, qTree] = [fmtQs(view.q), fmtQs(view.qTree)];
    const rows = r.env.actionNames.map((name, a) =>
      h('tr', null, h('th', { attrs: { scope: 'row' } }, humanize(name)), h('td', { class: 'num' }, qNet[a]!), h('td', { class: 'num' }, qTree[a]!)),
    );
    // The final frame is no decision: say how the episode ended, not which action "both pick".
    const verdict = atEnd
      ? h('p', { class: 'ended', attrs: { 'data-ended': episodeEnding(r) ?? '' } }, endedHere(r))
      : h('p', { class: tree === net ? 'verdict agree' : 'verdict disagree' }, tree === net ? `Tree and network both pick ${humanize(r.env.actionNames[net]!)}.` : `The tree would pick ${humanize(r.env.actionNames[tree]!)}; the network picks ${humanize(r.env.actionNames[net]!)}.`);
    replace(
      slot,
      slot.firstChild,
      verdict,
      h('table', { class: 'kv' }, h('thead', null, h('tr', null, h('th', null, 'Action'), h('th', { class: 'num' }, 'Network Q'), h('th', { class: 'num' }, 'Tree Q'))), h('tbody', null, ...rows)),
      h('p', { class: 'ext-links' }, h('a', { class: 'button', attrs: { href: inspectHref(runId, view.observation, origin), 'data-inspect': '' } }, 'Inspect this state →'), ' ', h('a', { class: 'button', attrs: { href: treeHref(runId, { obs: view.observation }) } }, 'Its path in the tree →')),
    );
  },
});
