/**
 * The frame around every view of one run: a breadcrumb back to the list, the run's name, env and
 * status, the facts that matter for reading its charts (preset, seed, steps), and the tabs. The
 * Inspector, Tree and Global tabs read the run's LMUT; without one they say how to grow it, and
 * their tab titles say so before anyone clicks.
 */
import type { RunDetailResponse } from '../../src/server/dto.ts';
import { type ApiFailure, getJson, runPath } from '../api.ts';
import { h, notice, replace } from '../dom.ts';
import { fmtAgo, fmtInt } from '../format.ts';
import { href } from '../router.ts';
import { sourceBadge, statusBadge } from './badges.ts';
import { richText } from './tree-required.ts';

export type RunTab = 'training' | 'replay' | 'inspect' | 'tree' | 'global';

const TABS: { tab: RunTab; label: string; path: string[]; help: string; needsTree?: boolean }[] = [
  { tab: 'training', label: 'Training', path: [], help: 'Return, loss, ε, mean Q, tree size and fidelity against environment steps' },
  { tab: 'replay', label: 'Episode replay', path: ['replay'], help: 'Watch the agent play one seeded episode, with Q-values per step' },
  { tab: 'inspect', label: 'Inspector', path: ['inspect'], help: 'Why the tree gives one state its Q-values, with what-if sliders', needsTree: true },
  { tab: 'tree', label: 'Tree', path: ['tree'], help: 'The LMUT tree: splits, leaves, and the inspected state’s path', needsTree: true },
  { tab: 'global', label: 'Global', path: ['global'], help: 'Feature influence, rules, fidelity against CART and linear, exports', needsTree: true },
];

export interface RunShell {
  /** Where the view draws. */
  body: HTMLElement;
  /**
   * Redraws the header after the run's status changed (e.g. training finished). A failure keeps the
   * header that is drawn (the server of `train --serve` stops with the run it serves, so the refresh
   * at its end can find nobody listening) and resolves null.
   */
  refresh(): Promise<RunDetailResponse | null>;
}

function header(detail: RunDetailResponse, active: RunTab): HTMLElement {
  const { run, config } = detail;
  const dqn = config.dqn as { seed?: number; totalTimesteps?: number };
  const facts = [
    run.env,
    `preset ${config.preset}`,
    dqn.seed !== undefined ? `seed ${dqn.seed}` : null,
    run.source !== 'pretrained' && dqn.totalTimesteps ? `${fmtInt(dqn.totalTimesteps)} steps planned` : null,
    `created ${fmtAgo(run.createdAt)}`,
  ].filter((f): f is string => f !== null);
  return h(
    'div',
    { class: 'run-head' },
    h('nav', { class: 'crumbs', attrs: { 'aria-label': 'Breadcrumb' } }, h('a', { attrs: { href: '#/' } }, 'Runs'), ' / '),
    h('div', { class: 'run-title' }, h('h1', null, run.name), statusBadge(run), sourceBadge(run)),
    h('p', { class: 'muted facts' }, facts.join(' · ')),
    TABS.find((t) => t.tab === active)?.needsTree ? onlineTreeNote(detail) : null,
    h(
      'nav',
      { class: 'tabs', attrs: { 'aria-label': 'Run views' } },
      ...TABS.map((t) => {
        const noTree = t.needsTree && !run.hasTree;
        const cls = ['tab', t.tab === active ? 'active' : '', noTree ? 'no-tree' : ''].filter(Boolean).join(' ');
        const title = noTree ? `${t.help}. This run has no tree yet: the tab says how to grow one${t.tab === 'global' ? ', beside the network’s SHAP summary' : t.tab === 'inspect' ? ', beside the network’s own Q-values and attributions' : ''}.` : t.help;
        return h('a', { class: cls, title, attrs: { href: href('runs', run.id, ...t.path), 'aria-current': t.tab === active ? 'page' : undefined } }, t.label);
      }),
    ),
  );
}

/**
 * Over the tree views while the tree is the online one of a checkpoint (the run is training, or
 * stopped before its final tree was grown, a resumed run's earlier tree.json included): which tree
 * this is, and what replaces it.
 */
function onlineTreeNote({ run }: RunDetailResponse): HTMLElement | null {
  const step = /^checkpoint (\d+)$/.exec(run.treeSource ?? '')?.[1];
  if (step === undefined) return null;
  const which = `the online tree saved with the checkpoint at step ${fmtInt(Number(step))}`;
  const text =
    run.status === 'running'
      ? `Training: this is ${which}, as it tracked the network then. Each checkpoint saves a newer one; when training ends, a final tree grown from the saved network replaces it. Reload to see the newest.`
      : `This run stopped before its final tree was grown: this is ${which}. \`qlens train --resume\` on this run continues it and grows its final tree; \`qlens mimic --run\` grows one from its network now.`;
  return h('p', { class: 'online-tree-note', attrs: { role: 'status', 'data-tree-source': run.treeSource ?? undefined } }, richText(text));
}

/**
 * Draws the shell for run `id` and resolves with its details, or shows what went wrong (unknown id,
 * unreadable files) and resolves null.
 */
export async function mountRunShell(root: HTMLElement, id: string, active: RunTab): Promise<{ shell: RunShell; detail: RunDetailResponse } | null> {
  const head = h('div', null, notice('loading', 'Loading the run…'));
  const body = h('div', { class: 'run-body' });
  root.append(head, body);
  const load = async (keepHeader: boolean) => {
    try {
      const detail = await getJson<RunDetailResponse>(runPath(id));
      replace(head, header(detail, active));
      return detail;
    } catch (err) {
      if (keepHeader) return null;
      const failure = err as ApiFailure;
      const missing = failure.status === 404;
      const title = missing ? 'This run does not exist (any more).' : 'Could not load this run.';
      const body = missing ? 'It may have been deleted or moved. The runs list shows every run this server can see.' : failure.message;
      replace(head, notice('error', title, body, { label: 'Back to the runs list', run: () => (location.hash = '#/') }));
      return null;
    }
  };
  const detail = await load(false);
  return detail ? { shell: { body, refresh: () => load(true) }, detail } : null;
}
