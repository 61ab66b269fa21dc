/**
 * Tree view: the run's LMUT as a zoomable, collapsible diagram (web/tree/). It opens with the top
 * levels; a branch is fetched when opened, so a 2,000-leaf tree starts as fast as a small one.
 * Nodes are coloured by greedy action or by Q; clicking one shows its details beside the tree; the
 * path of the state last inspected (or the `?obs=` of the link) is drawn in bold, opened all the
 * way down and centred. `?node=N` opens and selects node N (the Global view's rules link here), and
 * a node the user picks is written there, one history entry per pick: Back returns to the node
 * before, in place. Escape lets go of the selected node.
 */
import type { ExplainResponse, RunDetailResponse } from '../../src/server/dto.ts';
import { featureInLimit } from '../../src/core/observation-limit.ts';
import { postJson, getJson, runPath } from '../api.ts';
import type { TreeNodeDetail, TreeNodeDto } from '../../src/server/dto.ts';
import { h, notice, replace } from '../dom.ts';
import { fmtInt, fmtNum, humanize } from '../format.ts';
import { handleInPlace, pushHash, type Route, replaceHash } from '../router.ts';
import { decodeObs, inspectHref, lastInspected } from '../state-link.ts';
import { actionSwatch } from '../plotly.ts';
import { type ColorMode, Q_GRADIENT } from '../tree/colors.ts';
import { GAP_X, layoutTree, type Layout, NODE_W } from '../tree/layout.ts';
import { TreeCanvas } from '../tree/render.ts';
import { TreeStore } from '../tree/store.ts';
import { mountRunShell } from './run-shell.ts';
import { detailsHint, renderDetails, showDetails } from './tree-details.ts';
import { badLinkNote } from './inspector-text.ts';
import { linkedNode, withNode } from './tree-link.ts';
import { withParams } from '../view-params.ts';
import { cardNote, treeFailure } from './tree-required.ts';
import { linkNote, quotedLinkValue } from '../link-note.ts';

/** style.css puts the details under the tree at this width and below (`.tree-grid`), beside it above. */
const DETAILS_BELOW = '(max-width: 1000px)';

/** At first, open as many levels as fit across the view at this zoom (text stays readable). */
const FIRST_ZOOM = 0.8;

/** Space kept between a node brought into view and the window's edge, in px. */
const WINDOW_MARGIN = 16;

/**
 * What `history.state` of an entry the Tree view pushed holds: the address it was pushed from, so
 * Escape on a node just picked goes back to that entry instead of leaving one behind that only
 * differs by its node. `view` names the view that pushed it: only that view has kept the entry
 * before as it was (a view drawn anew, after Forward, may find it rewritten by "Remove the
 * highlight"), so only it may go back to it.
 */
interface PushedNode {
  qlensTreeFrom: string;
  view: string;
}
const pushedFrom = (state: unknown, view: string): string | null => {
  const pushed = state as PushedNode | null;
  return pushed?.view === view ? (pushed.qlensTreeFrom ?? null) : null;
};
/**
 * Tells the views drawn in this page apart (`PushedNode.view`). history.state outlives a reload
 * while a counter starts again, so the page load's own time is part of the token.
 */
let viewsDrawn = 0;
const viewToken = () => `${performance.timeOrigin}:${++viewsDrawn}`;

/**
 * What the path bar says when the inspected state was explained by another tree than the one drawn:
 * a training run saved a newer checkpoint (or `qlens mimic --force` grew the tree again) since this
 * view loaded. Reloading draws the tree served now.
 */
function treeReplacedNote(): HTMLElement {
  const reload = h('a', { attrs: { href: '#' }, on: { click: (ev) => (ev.preventDefault(), location.reload()) } }, 'Reload to see it');
  return cardNote('error', h('span', { attrs: { 'data-tree-replaced': '' } }, 'Could not highlight the inspected state: the run’s tree was replaced since this view loaded it (a newer checkpoint’s, or one grown again). ', reload));
}

/** Nodes to open at first: the top levels, as many as fit side by side in `width` pixels. */
function initialExpansion(store: TreeStore, width: number): Set<number> {
  const byDepth: TreeNodeDto[][] = [];
  for (const n of store.nodes.values()) (byDepth[n.depth] ??= []).push(n);
  let open = 1;
  // Opening levels 0..d-1 shows level d plus the leaves above it, one slot each.
  for (let d = 2; d < byDepth.length; d++) {
    const slots = (byDepth[d]?.length ?? 0) + byDepth.slice(0, d).flat().filter((n) => n.isLeaf).length;
    if (slots * (NODE_W + GAP_X) * FIRST_ZOOM > width || byDepth[d - 1]!.some((n) => !n.isLeaf && !store.childrenLoaded(n.id))) break;
    open = d;
  }
  return new Set([...store.nodes.values()].filter((n) => !n.isLeaf && n.depth < open).map((n) => n.id));
}

export function treeView(root: HTMLElement, route: Route): () => void {
  const id = route.segments[1]!;
  const thisView = viewToken();
  let closed = false;
  let canvas: TreeCanvas | undefined;
  /** Where the details are (beside or under the tree): the legend says which. */
  const detailsBelow = window.matchMedia(DETAILS_BELOW);
  let onLayoutChange: (() => void) | undefined;
  /** Removes what the view listens to on the document. */
  let onClose: (() => void) | undefined;

  void (async () => {
    const mounted = await mountRunShell(root, id, 'tree');
    if (!mounted || closed) return;
    const { shell, detail } = mounted;
    replace(shell.body, notice('loading', 'Loading the tree…'));
    const store = new TreeStore(id);
    try {
      await store.start();
    } catch (err) {
      if (!closed) replace(shell.body, treeFailure(err, 'the tree', detail));
      return;
    }
    if (!closed) start(shell.body, detail, store);
  })();

  function start(body: HTMLElement, detail: RunDetailResponse, store: TreeStore) {
    const { featureNames, actionNames, summary, qRange } = store.info;
    let expanded = new Set<number>();
    let layout: Layout;
    let mode: ColorMode = 'action';
    let path = new Set<number>();
    let selected: number | null = null;
    let firstDraw = true;
    /** The `?obs=` of the link the view shows (a change of it draws the view anew). */
    let linkedObs = route.query.get('obs');
    /** The note on a link's bad node, while the link is that one. */
    let nodeNote: HTMLElement | null = null;

    const modeSelect = h('select', { attrs: { 'aria-label': 'Colour nodes by', id: 'color-mode' } }, h('option', { attrs: { value: 'action' } }, 'greedy action'), h('option', { attrs: { value: 'q' } }, 'Q value (max over actions)'));
    const button = (label: string, title: string, run: () => void) => h('button', { class: 'button', title, attrs: { type: 'button' }, on: { click: run } }, label);
    const legend = h('div', { class: 'tree-legend', attrs: { 'aria-label': 'Legend' } });
    const status = h('p', { class: 'muted small tree-status', attrs: { role: 'status' } });
    const pathBar = h('div', { class: 'path-bar' });
    // Focusable by script only: where Escape leaves the focus when the node it let go of is not drawn.
    const wrap = h('div', { class: 'tree-wrap', attrs: { 'data-tree': '', tabindex: '-1' } });
    const panel = h('aside', { class: 'card tree-details', attrs: { 'aria-live': 'polite' } }, detailsHint());
    replace(
      body,
      h(
        'div',
        { class: 'card toolbar tree-toolbar' },
        h('label', { attrs: { for: 'color-mode' } }, 'Colour by ', modeSelect),
        button('Fit', 'Zoom to show every open node', () => canvas!.fit()),
        button('+', 'Zoom in', () => canvas!.zoomBy(1.4)),
        button('−', 'Zoom out', () => canvas!.zoomBy(1 / 1.4)),
        button('Open one more level', 'Open every branch one level deeper', () => void openLevel()),
        button('Open all', `Fetch and open all ${fmtInt(summary.nodes)} nodes (zoomed out, the levels show as coloured bands)`, () => void openAll()),
        // Everything, the root too (the inspected path stays drawn bold, closed): open it again with its ± or “Open one more level”.
        button('Close all', 'Close every branch, the root’s too: only the root is left (its ± or “Open one more level” opens it again)', () => (expanded.clear(), relayout(), canvas!.fit())),
        legend,
      ),
      pathBar,
      h('div', { class: 'tree-grid' }, h('section', { class: 'card tree-card' }, status, wrap), panel),
    );
    canvas = new TreeCanvas(wrap, {
      select: (nodeId) => pick(nodeId),
      toggle: (nodeId) => void toggle(nodeId),
      drawn: (count, detailed) => {
        status.textContent = `${fmtInt(summary.leaves)} leaves, ${fmtInt(summary.nodes)} nodes, depth ${summary.depth}; showing ${fmtInt(layout.placed.length)} node${layout.placed.length === 1 ? '' : 's'}${detailed ? '' : ' (zoomed out: zoom in to read the boxes)'}. Drag to pan, scroll or +/− to zoom, click a node for details, click ± or double-click to open or close a branch.`;
        wrap.dataset.drawn = String(count);
        if (firstDraw) {
          firstDraw = false;
          performance.mark('qlens:tree-rendered'); // bench/server.ts measures time to first render with this
        }
      },
    });
    modeSelect.addEventListener('change', () => {
      mode = modeSelect.value as ColorMode;
      drawLegend();
      canvas!.setOptions({ mode });
    });

    function options() {
      return { mode, qRange, featureNames, actionNames, path, selected };
    }
    function relayout(anchor?: number) {
      layout = layoutTree(store, expanded);
      canvas!.setLayout(layout, options(), anchor);
    }
    async function toggle(nodeId: number) {
      if (expanded.has(nodeId)) expanded.delete(nodeId);
      else {
        try {
          await store.loadBranch(nodeId);
        } catch (err) {
          status.textContent = `Could not open node #${nodeId}: ${(err as Error).message}`;
          return;
        }
        expanded.add(nodeId);
      }
      relayout(nodeId);
      if (selected === nodeId) void select(nodeId);
    }
    async function openLevel() {
      const open = layout.placed.filter((p) => p.open).map((p) => p.node.depth);
      const target = (open.length ? Math.max(...open) : -1) + 1;
      await Promise.all(layout.placed.filter((p) => !p.open && !p.node.isLeaf && p.node.depth <= target).map((p) => store.loadBranch(p.node.id, 2)));
      for (const n of store.nodes.values()) if (!n.isLeaf && n.depth <= target && store.childrenLoaded(n.id)) expanded.add(n.id);
      relayout();
      canvas!.fit();
    }
    async function openAll() {
      try {
        await store.loadAll();
      } catch (err) {
        status.textContent = `Could not load the whole tree: ${(err as Error).message}`;
        return;
      }
      for (const n of store.nodes.values()) if (!n.isLeaf) expanded.add(n.id);
      relayout();
      canvas!.fit();
    }
    /**
     * The user clicked node `nodeId` (or pressed Enter or Space on it): it is shown and written into
     * the link. A pick is a history entry of its own (pushState), not a rewrite of the current one
     * (replaceState, as the replay's step and the tables' sorting are kept): those change many times
     * a second or are settings, while a node is something the user went to look at, as a page is, and
     * Back should return to the node before (in place, see handleInPlace below) rather than leave the
     * Tree tab with all of them. A click on the node already shown adds no entry (the link is
     * rewritten to name it, if it did not).
     */
    function pick(nodeId: number) {
      nodeNote?.remove(); // the link no longer says that
      const to = withNode(location.hash, nodeId);
      if (selected === nodeId) replaceHash(to);
      else pushHash(to, { qlensTreeFrom: location.hash, view: thisView } satisfies PushedNode);
      void select(nodeId, true);
    }
    /** Shows node `nodeId`'s details; `clicked`: the user picked it, so a panel below the window is scrolled into view. */
    /** `loaded`: the node's details when the caller has them already (goTo), so they are not fetched twice. */
    async function select(nodeId: number, clicked = false, loaded?: TreeNodeDetail) {
      selected = nodeId;
      canvas!.setOptions({ selected });
      const node = store.nodes.get(nodeId);
      const toggler = node && !node.isLeaf ? { open: expanded.has(nodeId), run: () => void toggle(nodeId) } : null;
      const render = (d: TreeNodeDetail) => renderDetails(d, id, featureNames, actionNames, toggler);
      if (loaded) {
        replace(panel, ...render(loaded));
        return loaded;
      }
      const d = await showDetails(panel, id, nodeId, store.pin(), render, () => selected === nodeId && !closed);
      // Once filled: the page is then long enough to scroll the panel's top up to the window's.
      if (clicked && selected === nodeId && !closed) revealDetails();
      return d;
    }
    /**
     * Under the tree (a narrow window) the details start below the fold: a click seemed to do
     * nothing. Scrolls them up into view when their top is not visible; beside the tree they are.
     */
    function revealDetails() {
      const top = panel.getBoundingClientRect().top;
      if (top < window.innerHeight - 60) return;
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      panel.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
    /** No node selected: the outline goes and the panel says how to pick one. */
    function deselect() {
      selected = null;
      canvas!.setOptions({ selected });
      replace(panel, detailsHint());
    }
    /**
     * Scrolls the window the least that brings `box` into it, the whole canvas when that fits (the
     * node with its neighbours, not a box at the window's edge); nothing when the box is in it.
     */
    function intoWindow(box: Element) {
      const b = box.getBoundingClientRect();
      const height = window.innerHeight;
      if (b.top >= WINDOW_MARGIN && b.bottom <= height - WINDOW_MARGIN) return;
      const c = wrap.getBoundingClientRect();
      const [top, bottom] = c.height + 2 * WINDOW_MARGIN <= height ? [c.top, c.bottom] : [b.top, b.bottom];
      const by = bottom + WINDOW_MARGIN > height ? Math.min(bottom + WINDOW_MARGIN - height, top - WINDOW_MARGIN) : top - WINDOW_MARGIN;
      window.scrollBy({ top: by, behavior: 'auto' });
    }
    /**
     * Goes to node `nodeId` for a link or for Back and Forward: opens the branches down to it, selects
     * it, and brings it into view: the tree zooms to its path unless its box is already wholly on the
     * canvas and readable (then nothing moves), the window scrolls to it if need be, and it takes the
     * keyboard focus. The canvas answers both from its layout and zoom (inView, nodeBox): no frame
     * is waited for, the browser lays nothing out that they need (layout.ts places the boxes).
     */
    async function goTo(nodeId: number) {
      selected = nodeId; // at once: the highlighted path's leaf, coming later, is not selected over it
      const d = await getJson<TreeNodeDetail>(runPath(id, `/tree/nodes/${nodeId}?${store.pin()}`)).catch((err: unknown) => {
        if (!closed && selected === nodeId) {
          replace(pathBar, notice('error', `Could not show node #${nodeId} from the link.`, `${(err as Error).message.replace(/\.?$/, '.')} Click a node in the tree to see its details.`));
          deselect();
        }
        return null;
      });
      if (!d || closed || selected !== nodeId) return;
      await store.loadPath(d.pathIds);
      if (closed || selected !== nodeId) return;
      const closedAbove = d.pathIds.slice(0, -1).filter((n) => !expanded.has(n));
      if (closedAbove.length) {
        for (const n of closedAbove) expanded.add(n);
        relayout();
      }
      void select(nodeId, false, d);
      if (!canvas!.inView(nodeId)) canvas!.show(d.pathIds);
      const box = canvas!.nodeBox(nodeId);
      if (!box) return;
      intoWindow(box);
      // After the scroll: focusing would scroll the box into view its own way (the canvas too, being overflow: hidden).
      box.focus({ preventScroll: true });
    }
    /**
     * Escape lets go of the selected node: the outline goes, the panel empties, the link drops its
     * node. When that link is the entry the pick was pushed from, Escape goes back to it (no entry is
     * left behind that Back would have to step over); otherwise the entry is rewritten. A focus
     * inside the panel, which empties, moves to the node's box (or the canvas when it is not drawn),
     * so Tab continues from the tree. Keys typed into a field or menu are theirs.
     */
    function onKeydown(e: KeyboardEvent) {
      if (e.key !== 'Escape' || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || selected === null) return;
      const target = e.target as Element;
      const inView = target === document.body || target === document.documentElement || root.contains(target);
      if (!inView || target.closest('input, select, textarea, [contenteditable]')) return;
      e.preventDefault();
      const was = selected;
      const refocus = panel.contains(document.activeElement) || document.activeElement === document.body;
      deselect();
      const to = withNode(location.hash, null);
      if (to !== location.hash) {
        if (pushedFrom(history.state, thisView) === to) history.back();
        else replaceHash(to);
      }
      if (refocus) (canvas!.nodeBox(was) ?? wrap).focus({ preventScroll: true });
    }
    function drawLegend() {
      if (mode === 'action') {
        replace(legend, h('span', { class: 'muted small' }, 'Greedy action at the node’s mean state:'), ...actionNames.map((a, i) => h('span', { class: 'legend-item' }, actionSwatch(i), humanize(a))));
      } else {
        const bar = h('span', { class: 'legend-gradient' });
        bar.style.background = Q_GRADIENT;
        replace(legend, h('span', { class: 'muted small' }, 'max Q at the node’s mean state:'), h('span', { class: 'num small' }, fmtNum(qRange[0], 3)), bar, h('span', { class: 'num small' }, fmtNum(qRange[1], 3)));
      }
      legend.append(
        h('span', { class: 'legend-item' }, h('span', { class: 'legend-path', attrs: { 'aria-hidden': 'true' } }), 'inspected state’s path'),
        // The red outline is no action's colour: say what it marks.
        h('span', { class: 'legend-item', attrs: { 'data-legend-item': 'selected' } }, h('span', { class: 'legend-selected', attrs: { 'aria-hidden': 'true' } }), `selected node (its details ${detailsBelow.matches ? 'below the tree' : 'at the right'})`),
      );
    }

    /**
     * Highlights the path of `obs`: opens it, draws it bold and, unless the link names a node
     * (`andSelect` false: that node is selected and framed instead), centres and selects its leaf.
     */
    async function highlight(obs: number[], andSelect = true) {
      try {
        const e = await postJson<ExplainResponse>(runPath(id, '/explain'), { observation: obs });
        if (closed) return;
        // The explanation comes from the tree served now; while a run trains that may be a newer one
        // than the tree on screen, whose node ids name other nodes: say so instead of drawing its path.
        if (e.treeVersion !== store.info.version) return void replace(pathBar, treeReplacedNote());
        await store.loadPath(e.pathNodeIds);
        if (closed) return;
        path = new Set(e.pathNodeIds);
        for (const n of e.pathNodeIds.slice(0, -1)) expanded.add(n);
        // Without framing the path, the node the link names stays where it is on screen.
        relayout(andSelect ? undefined : (selected ?? undefined));
        if (andSelect) canvas!.show(e.pathNodeIds);
        const state = e.featureNames.map((f, i) => `${humanize(f)} = ${fmtNum(e.observation[i]!, 3)}`).join(', ');
        // The leaf's box names its pick at its *mean* state; say so when that is not this state's pick.
        const atMean = store.nodes.get(e.leaf.id)?.greedyAction;
        const differs =
          atMean !== undefined && atMean !== e.action
            ? ` Its box says ${humanize(e.actionNames[atMean]!)}: the pick at the leaf’s mean state; the leaf’s linear models cross between there and this state. `
            : ' ';
        replace(
          pathBar,
          h('p', null, h('span', { class: 'legend-path', attrs: { 'aria-hidden': 'true' } }), ` Bold: the path of the inspected state (${state}) to leaf #${e.leaf.id}, where the tree picks ${humanize(e.actionNames[e.action]!)}.${differs}`, h('a', { attrs: { href: inspectHref(id, e.observation) } }, 'Inspect it'), ' · ', h('a', { attrs: { href: '#' }, on: { click: (ev) => (ev.preventDefault(), clearPath()) } }, 'Remove the highlight')),
        );
        if (andSelect && selected === null) void select(e.leaf.id);
      } catch (err) {
        replace(pathBar, cardNote('error', `Could not highlight the inspected state: ${(err as Error).message}`));
      }
    }
    function clearPath() {
      path = new Set();
      canvas!.setOptions({ path });
      replace(pathBar, hint());
      // The link keeps its node: only the state goes.
      linkedObs = null;
      replaceHash(withParams(location.hash, { obs: null }));
    }
    const hint = () => h('p', { class: 'muted small' }, 'Tip: inspect a state (Inspector tab, or “Inspect this state” in the replay) and its path is highlighted here.');
    drawLegend();
    onLayoutChange = drawLegend;
    detailsBelow.addEventListener('change', onLayoutChange);
    replace(pathBar, hint());
    expanded = initialExpansion(store, wrap.clientWidth || 900);
    relayout();
    canvas.fit();
    const names = detail.env.featureNames;
    const linked = decodeObs(route.query.get('obs'), names.length);
    const usable = linked && linked.every(featureInLimit) ? linked : null;
    const last = lastInspected(id, names.length);
    const obs = usable ?? last;
    const node = linkedNode(route.query.get('node'));
    // A link's state or node that is none is said, as the Inspector and the replay say theirs (they were ignored here).
    nodeNote = node.kind === 'bad' ? linkNote(`The link’s node ${quotedLinkValue(node.text)} is not a node number (a whole number ≥ 0), so no node is opened.`) : null;
    const notes = [badLinkNote(route.query.get('obs'), linked, names, last ? 'so the state you inspected last is highlighted' : 'so no path is highlighted'), nodeNote].filter((n): n is HTMLElement => n !== null);
    if (notes.length) pathBar.before(...notes);
    // Both at once: the path is drawn around the node the link names, which is framed and selected.
    if (node.kind === 'node') void goTo(node.id);
    if (obs) void highlight(obs, node.kind !== 'node');

    // Back and Forward between the nodes picked here (and a link to another node of this tree) are
    // answered in place: the tree keeps its open branches and zoom. A link with another state, or a
    // bad node (whose note the view draws), is drawn anew.
    handleInPlace((next) => {
      const [first, run, tab, ...more] = next.segments;
      if (closed || first !== 'runs' || run !== id || tab !== 'tree' || more.length || next.query.get('obs') !== linkedObs) return false;
      const n = linkedNode(next.query.get('node'));
      if (n.kind === 'bad') return false;
      nodeNote?.remove();
      if (n.kind === 'none') {
        if (selected !== null) deselect();
      } else if (n.id !== selected) void goTo(n.id);
      return true;
    });
    document.addEventListener('keydown', onKeydown);
    onClose = () => document.removeEventListener('keydown', onKeydown);
  }

  return () => {
    closed = true;
    if (onLayoutChange) detailsBelow.removeEventListener('change', onLayoutChange);
    onClose?.();
    canvas?.destroy();
  };
}
