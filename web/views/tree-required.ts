/**
 * What the tree views (Inspector, Tree, Global) show when a request fails: for a run without a
 * tree, an empty state that says how to grow one (the server's own message, which names the run's
 * directory in the command); for anything else, the error and what the server said.
 */
import type { RunDetailResponse } from '../../src/server/dto.ts';
import type { ApiFailure } from '../api.ts';
import { code, h, notice } from '../dom.ts';
import { fmtInt } from '../format.ts';
import { href } from '../router.ts';

/** Server details quote commands in backticks; show those as code. */
export function richText(text: string): HTMLElement {
  return h('span', null, ...text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? code(part) : part)));
}

export function isNoTree(err: unknown): boolean {
  const f = err as ApiFailure;
  return f?.status === 404 && /^this run has no tree/.test(f.message);
}

/**
 * The notice for a failed tree request; `what` names what could not be loaded ("the tree", "the
 * rules"). A run still training with the online mimic is told apart: its tree exists but is written
 * to tree.json when training ends.
 */
export function treeFailure(err: unknown, what: string, detail: RunDetailResponse): HTMLElement {
  const f = err as ApiFailure;
  if (isNoTree(err) && detail.run.status === 'running' && detail.config.mimic) {
    const every = detail.config.dqn.checkpointFreq;
    const when = typeof every === 'number' && every > 0 ? `with the first checkpoint (at step ${fmtInt(every)})` : 'when training ends';
    return notice(
      'empty',
      'The tree is still growing.',
      `This run trains with the online mimic: its tree is saved ${when}; reload this view then. Meanwhile the Training tab charts its size and fidelity as it grows.`,
      { label: 'Go to the Training tab', run: () => (location.hash = href('runs', detail.run.id)) },
    );
  }
  if (isNoTree(err)) {
    return notice('empty', 'This run has no tree yet.', [
      'The Inspector, Tree and Global views explain the agent with a Linear Model U-Tree that mimics its Q-network.',
      richText(`${f.message.replace(/^this run has no tree: /, 'To grow one, ')}, then reload this page.`),
    ]);
  }
  return notice('error', `Could not load ${what}.`, richText(f?.message ?? String(err)), { label: 'Reload', run: () => location.reload() });
}

/** A small inline note inside a card (not a full notice). */
export function cardNote(kind: 'empty' | 'error' | 'loading', text: string | HTMLElement): HTMLElement {
  return h('div', { class: `card-note card-note-${kind}`, attrs: { role: kind === 'error' ? 'alert' : 'status' } }, text);
}
