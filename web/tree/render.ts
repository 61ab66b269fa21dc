/**
 * Draws a tree layout into an SVG that can be zoomed (wheel, buttons) and panned (drag), and stays
 * quick at thousands of nodes on screen:
 *
 * - Only nodes whose boxes intersect the viewport are drawn (rows are sorted, so finding them is
 *   a binary search per level), and the SVG is rebuilt at most once per animation frame (at once
 *   when `nodeBox` is asked for a box while a redraw waits for its frame).
 * - Level of detail: from `FULL_DETAIL` zoom up, boxes carry their split or leaf text and a ± toggle;
 *   below it text would be unreadable anyway, so boxes are merged into one path per colour and
 *   edges into one path, a handful of elements however many nodes are visible. Zoomed out, the
 *   vertical scale stops shrinking once every level fits the height: a 2,000-leaf tree is hundreds
 *   of times wider than deep, and this keeps its levels visible as coloured bands (an icicle view)
 *   instead of a hairline.
 * - Clicks are hit-tested in layout space (layout.ts `hit`), identical at every level of detail.
 * - With text, every box is a focusable button: Tab reaches the nodes on screen, Enter or Space
 *   shows one's details, → or + opens a branch and ← or − closes it. A redraw keeps the focus.
 */
import { fmtInt, fmtNum, fmtQs, fmtThreshold, humanize } from '../format.ts';
import { type ColorMode, nodeColors, nodeValue } from './colors.ts';
import { fitSplitLabel } from './fit-label.ts';
import { hit, nodesWithin, type Layout, LEVEL_H, NODE_H, NODE_W, type Placed } from './layout.ts';

export const FULL_DETAIL = 0.5;
/**
 * A whole path is shown when it fits at this zoom or more: its 11 px box text is then 9 px or more
 * (at 0.6 it was under 7 px, too small to read).
 */
const PATH_ZOOM_WHOLE = 0.82;
/** Otherwise the path's end is shown, as many nodes as fit at this zoom or more. */
const PATH_ZOOM_TAIL = 0.9;
const MIN_ZOOM = 0.001;
const MAX_ZOOM = 2.5;
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Characters of a box line at 11 px before it is cut (the full text is in the tooltip). */
const LINE_CHARS = 31;

export interface DrawOptions {
  mode: ColorMode;
  qRange: [number, number];
  featureNames: string[];
  actionNames: string[];
  /** Node ids of the highlighted root-to-leaf path. */
  path: ReadonlySet<number>;
  selected: number | null;
}

export interface TreeCanvasEvents {
  select(id: number): void;
  toggle(id: number): void;
  /** After every redraw, with how many nodes were drawn. */
  drawn?(count: number, detailed: boolean): void;
}

/** Room for a box's text: its width less 8 px each side. */
const TEXT_W = NODE_W - 16;
/** A box's first line as drawn (style.css `.tree-svg .node .l1`), for measuring it. */
const L1_FONT = "650 11px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** Width in px of `text` in the first line's font (a box's texts are worked out once: boxText). */
let measureContext: CanvasRenderingContext2D | null | undefined;
function l1Width(text: string): number {
  if (measureContext === undefined) {
    measureContext = document.createElement('canvas').getContext('2d');
    if (measureContext) measureContext.font = L1_FONT;
  }
  // Without a canvas, the character estimate the boxes were sized for (31 characters of 11 px text).
  return measureContext ? measureContext.measureText(text).width : (text.length * TEXT_W) / LINE_CHARS;
}

/** A box's texts, which depend only on its node and the action names. */
interface BoxText {
  labels: readonly string[];
  test: string;
  line1: string;
  line2: string;
  title: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const cut = (s: string) => (s.length > LINE_CHARS ? `${s.slice(0, LINE_CHARS - 1)}…` : s);

export class TreeCanvas {
  readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private layout: Layout | null = null;
  private options!: DrawOptions;
  /** The actions' names for people, made once per options rather than per node and frame. */
  private actionLabels: string[] = [];
  /** Every frame of a drag or zoom redraws the visible boxes: their texts (a measured fit, near-tie Q digits) are made once per node. */
  private readonly boxTexts = new WeakMap<Placed['node'], BoxText>();
  private k = 1;
  /** Vertical scale: `k`, except zoomed out (see the file comment). */
  private ky = 1;
  private tx = 0;
  private ty = 0;
  private frame = 0;

  constructor(
    readonly container: HTMLElement,
    private readonly events: TreeCanvasEvents,
  ) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.setAttribute('class', 'tree-svg');
    // A group, not an image: screen readers skip an image's children, and the nodes inside are focusable buttons.
    this.svg.setAttribute('role', 'group');
    this.svg.setAttribute('aria-label', 'The tree: drag to pan, scroll to zoom, click a node for details');
    this.viewport = document.createElementNS(SVG_NS, 'g');
    this.svg.append(this.viewport);
    container.append(this.svg);
    this.listen();
  }

  get zoom(): number {
    return this.k;
  }

  /** New layout (after opening or closing); `anchor` keeps that node where it is on screen. */
  setLayout(layout: Layout, options: DrawOptions, anchor?: number): void {
    const before = anchor === undefined ? undefined : this.layout?.byId.get(anchor);
    const after = anchor === undefined ? undefined : layout.byId.get(anchor);
    if (before && after) {
      this.tx += (before.x - after.x) * this.k;
      this.ty += (before.y - after.y) * this.k;
    }
    this.layout = layout;
    this.useOptions(options);
    this.schedule();
  }

  setOptions(options: Partial<DrawOptions>): void {
    this.useOptions({ ...this.options, ...options });
    this.schedule();
  }

  private useOptions(options: DrawOptions): void {
    if (options.actionNames !== this.options?.actionNames) this.actionLabels = options.actionNames.map(humanize);
    this.options = options;
  }

  private actionLabel(a: number): string {
    return this.actionLabels[a] ?? `action ${a}`;
  }

  /** Zooms and centres so the whole visible tree fits (never above 100 %). */
  fit(): void {
    if (!this.layout) return;
    const { width, height } = this.size();
    this.k = Math.max(MIN_ZOOM, Math.min(1, (width - 40) / this.layout.width, (height - 40) / this.layout.height));
    this.ky = this.yScale(this.k);
    this.tx = (width - this.layout.width * this.k) / 2;
    this.ty = 20;
    this.schedule();
  }

  /**
   * Zooms to show the nodes `ids` (a path) readably: the whole path when it fits at a zoom where the
   * boxes still carry text, else as much of its end (the leaf and its nearest ancestors) as fits
   * comfortably — the end is what explains the state. Centring the leaf alone used to cut the
   * ancestors off at the canvas edges.
   */
  show(ids: readonly number[]): void {
    const ps = ids.map((id) => this.layout?.byId.get(id)).filter((p): p is Placed => !!p);
    if (!ps.length) return;
    const { width, height } = this.size();
    const frame = (nodes: Placed[]) => {
      const x0 = Math.min(...nodes.map((p) => p.x)) - NODE_W / 2;
      const x1 = Math.max(...nodes.map((p) => p.x)) + NODE_W / 2;
      const y0 = Math.min(...nodes.map((p) => p.y));
      const y1 = Math.max(...nodes.map((p) => p.y)) + NODE_H;
      return { x0, x1, y0, y1, k: Math.min(1, (width - 60) / (x1 - x0), (height - 60) / (y1 - y0)) };
    };
    let f = frame(ps);
    if (f.k < PATH_ZOOM_WHOLE) {
      for (let n = ps.length - 1; n >= 1; n--) {
        f = frame(ps.slice(-n));
        if (f.k >= PATH_ZOOM_TAIL) break;
      }
    }
    this.k = this.ky = f.k;
    this.tx = width / 2 - ((f.x0 + f.x1) / 2) * f.k;
    // Centred, but never pushing the tree's top (the root, at y = 0) below 30 px: framing the root
    // alone left half the canvas empty above it.
    this.ty = Math.min(height / 2 - ((f.y0 + f.y1) / 2) * f.k, 30);
    this.schedule();
  }

  /**
   * Whether node `id`'s box lies wholly on the canvas, drawn with its text (zoom ≥ FULL_DETAIL), by
   * the layout and the zoom and pan as they are now: it holds as soon as `setLayout`, `show`, `fit`
   * or `zoomBy` returns, before the frame that draws them (nothing is read from the SVG).
   */
  inView(id: number): boolean {
    const p = this.layout?.byId.get(id);
    if (!p || this.k < FULL_DETAIL) return false;
    const { width, height } = this.size();
    const k = this.k; // at full detail both axes scale alike (yScale stretches only below it)
    const left = this.tx + (p.x - NODE_W / 2) * k;
    const top = this.ty + p.y * k;
    return left >= 0 && left + NODE_W * k <= width && top >= 0 && top + NODE_H * k <= height;
  }

  /**
   * Node `id`'s box element, if it is drawn (with text, on or near the canvas), as of the layout,
   * options and zoom set so far: a redraw still waiting for its frame is done now, so the box can
   * be focused and measured without waiting for that frame.
   */
  nodeBox(id: number): SVGGElement | null {
    if (this.frame) {
      cancelAnimationFrame(this.frame);
      this.frame = 0;
      this.draw();
    }
    return this.drawnBox(id);
  }

  /** The drawn box of node `id`, if any. */
  private drawnBox(id: number | string): SVGGElement | null {
    return this.viewport.querySelector<SVGGElement>(`g.node[data-node-id="${id}"]`);
  }

  zoomBy(factor: number, cx = this.size().width / 2, cy = this.size().height / 2): void {
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.k * factor));
    const ky = this.yScale(k);
    this.tx = cx - ((cx - this.tx) * k) / this.k;
    this.ty = cy - ((cy - this.ty) * ky) / this.ky;
    this.k = k;
    this.ky = ky;
    this.schedule();
  }

  /** The vertical scale at zoom `k`: `k` with full detail, never below "all levels fit" (≤ FULL_DETAIL) without. */
  private yScale(k: number): number {
    if (k >= FULL_DETAIL || !this.layout) return k;
    const fitHeight = (this.size().height - 40) / this.layout.height;
    return Math.max(k, Math.min(fitHeight, FULL_DETAIL));
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
  }

  private size(): { width: number; height: number } {
    return { width: this.svg.clientWidth || 800, height: this.svg.clientHeight || 600 };
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.draw()));
  }

  private draw(): void {
    const layout = this.layout;
    if (!layout) return;
    const { width, height } = this.size();
    this.ky = this.yScale(this.k);
    const { k, ky, tx, ty } = this;
    this.viewport.setAttribute('transform', `translate(${tx},${ty}) scale(${k},${ky})`);
    const margin = NODE_W;
    const visible = nodesWithin(layout, -tx / k - margin, (width - tx) / k + margin, Math.floor(-ty / ky / LEVEL_H) - 1, Math.ceil((height - ty) / ky / LEVEL_H) + 1);
    const detailed = k >= FULL_DETAIL;
    const o = this.options;
    let edges = '';
    let pathEdges = '';
    for (const p of visible) {
      if (!p.open) continue;
      for (const c of p.node.children) {
        const child = layout.byId.get(c)!;
        const seg = `M${p.x} ${p.y + NODE_H}C${p.x} ${p.y + NODE_H + 20} ${child.x} ${child.y - 20} ${child.x} ${child.y}`;
        if (o.path.has(p.node.id) && o.path.has(c)) pathEdges += seg;
        else edges += seg;
      }
    }
    let svg = `<path class="edge" d="${edges}"/><path class="edge on-path" d="${pathEdges}"/>`;
    svg += detailed ? visible.map((p) => this.box(p)).join('') + this.edgeLabels(visible) : this.compact(visible);
    // The boxes are rebuilt: a keyboard user's focus goes to the same node's new box.
    const focused = this.viewport.contains(document.activeElement) ? document.activeElement!.getAttribute('data-node-id') : null;
    this.viewport.innerHTML = svg;
    if (focused !== null) this.drawnBox(focused)?.focus({ preventScroll: true });
    this.events.drawn?.(visible.length, detailed);
  }

  private boxText(n: Placed['node']): BoxText {
    const known = this.boxTexts.get(n);
    if (known && known.labels === this.actionLabels) return known;
    const split = n.split;
    const action = this.actionLabel(n.greedyAction);
    const threshold = split?.kind === 'threshold' ? { name: humanize(split.featureName), test: `≤ ${fmtThreshold(split.threshold)}` } : null;
    // The tooltip's line in full; the box's with the feature name shortened if need be, never the threshold.
    const test = n.isLeaf ? `leaf #${n.id} → ${action}` : threshold ? `${threshold.name} ${threshold.test}` : 'split on the action';
    const line1 = threshold && !n.isLeaf ? fitSplitLabel(threshold.name, threshold.test, TEXT_W, l1Width) : cut(test);
    const line2 = n.isLeaf ? `${fmtInt(n.samples)} samples · max Q ${fmtNum(nodeValue(n), 4)}` : `${fmtInt(n.samples)} samples · ${fmtInt(n.leaves)} leaves`;
    // As the details print them: the digits that tell the greedy Q from the runner-up.
    const qText = fmtQs(n.q.map((v) => v ?? NaN));
    const q = n.q.map((v, a) => (v === null ? '' : `Q(${this.actionLabel(a)}) = ${qText[a]}`)).filter(Boolean).join(', ');
    const title = `${n.isLeaf ? `Leaf #${n.id}` : `Node #${n.id}: ${test} (yes → left, no → right)`}\n${fmtInt(n.samples)} training samples reached it${n.isLeaf ? '' : `, ${fmtInt(n.leaves)} leaves below`}\nGreedy action at its mean state: ${action}\n${q}`;
    const text = { labels: this.actionLabels, test, line1, line2, title };
    this.boxTexts.set(n, text);
    return text;
  }

  /** A full node: box, two lines of text, a ± toggle for branches, a tooltip with everything. */
  private box(p: Placed): string {
    const n = p.node;
    const o = this.options;
    const c = nodeColors(n, o.mode, o.qRange);
    const x = p.x - NODE_W / 2;
    const { test, line1, line2, title } = this.boxText(n);
    const cls = ['node', o.path.has(n.id) ? 'on-path' : '', o.selected === n.id ? 'selected' : '', n.isLeaf ? 'leaf' : ''].filter(Boolean).join(' ');
    const label = `${n.isLeaf ? `Leaf #${n.id}` : `Node #${n.id}, ${p.open ? 'open' : 'closed'}: ${test}`}; ${line2}`;
    let s = `<g class="${cls}" data-node-id="${n.id}" tabindex="0" role="button" aria-label="${esc(label)}"><title>${esc(title)}</title>`;
    s += `<rect x="${x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${c.fill}" stroke="${c.stroke}"/>`;
    s += `<text x="${p.x}" y="${p.y + 18}" fill="${c.text}" class="l1">${esc(line1)}</text>`;
    s += `<text x="${p.x}" y="${p.y + 35}" fill="${c.text}" class="l2">${esc(cut(line2))}</text>`;
    if (!n.isLeaf) s += `<g class="toggle" data-toggle="${n.id}"><circle cx="${p.x}" cy="${p.y + NODE_H}" r="8"/><text x="${p.x}" y="${p.y + NODE_H + 4}">${p.open ? '−' : '+'}</text></g>`;
    return `${s}</g>`;
  }

  /** "yes"/"no" on the edges of open threshold splits (yes: the test holds, left child). */
  private edgeLabels(visible: Placed[]): string {
    let s = '';
    for (const p of visible) {
      if (!p.open || p.node.split?.kind !== 'threshold') continue;
      p.node.children.forEach((c, i) => {
        const child = this.layout!.byId.get(c)!;
        const x = p.x + (child.x - p.x) * 0.5;
        const y = p.y + NODE_H + (child.y - p.y - NODE_H) * 0.5;
        s += `<text class="edge-label" x="${x + (i === 0 ? -6 : 6)}" y="${y}" text-anchor="${i === 0 ? 'end' : 'start'}">${i === 0 ? 'yes' : 'no'}</text>`;
      });
    }
    return s;
  }

  /** Zoomed out: one path per fill colour, plus outlines for the highlighted path and selection. */
  private compact(visible: Placed[]): string {
    const o = this.options;
    const byFill = new Map<string, string>();
    let path = '';
    let selected = '';
    for (const p of visible) {
      const d = `M${p.x - NODE_W / 2} ${p.y}h${NODE_W}v${NODE_H}h${-NODE_W}z`;
      // Zoomed out the boxes are small: the action colour at full strength reads better than its tint.
      const colors = nodeColors(p.node, o.mode, o.qRange);
      const fill = o.mode === 'action' ? colors.stroke : colors.fill;
      byFill.set(fill, (byFill.get(fill) ?? '') + d);
      if (o.path.has(p.node.id)) path += d;
      if (o.selected === p.node.id) selected = d;
    }
    let s = '';
    for (const [fill, d] of byFill) s += `<path class="compact" fill="${fill}" d="${d}"/>`;
    return `${s}<path class="compact on-path" d="${path}"/><path class="compact selected" d="${selected}"/>`;
  }

  private listen(): void {
    const svg = this.svg;
    svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const r = svg.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
      },
      { passive: false },
    );
    let drag: { x: number; y: number; moved: boolean } | null = null;
    svg.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: false };
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      svg.classList.add('dragging');
      this.tx += dx;
      this.ty += dy;
      drag.x = e.clientX;
      drag.y = e.clientY;
      this.schedule();
    });
    svg.addEventListener('pointerup', (e) => {
      const wasClick = drag && !drag.moved;
      drag = null;
      svg.classList.remove('dragging');
      if (wasClick) this.click(e.clientX, e.clientY, false);
    });
    svg.addEventListener('dblclick', (e) => this.click(e.clientX, e.clientY, true));
    svg.addEventListener('keydown', (e) => this.key(e));
  }

  private key(e: KeyboardEvent): void {
    const id = (e.target as Element).closest?.('g.node')?.getAttribute('data-node-id');
    const placed = id == null ? undefined : this.layout?.byId.get(Number(id));
    if (!placed) return;
    const branch = !placed.node.isLeaf;
    if (e.key === 'Enter' || e.key === ' ') this.events.select(placed.node.id);
    else if (branch && (e.key === 'ArrowRight' || e.key === '+') && !placed.open) this.events.toggle(placed.node.id);
    else if (branch && (e.key === 'ArrowLeft' || e.key === '-') && placed.open) this.events.toggle(placed.node.id);
    else return;
    e.preventDefault(); // Space would scroll the page, arrows pan it
  }

  private click(clientX: number, clientY: number, toggle: boolean): void {
    if (!this.layout) return;
    const r = this.svg.getBoundingClientRect();
    const x = (clientX - r.left - this.tx) / this.k;
    const y = (clientY - r.top - this.ty) / this.ky;
    // The ± toggle hangs below the box, on the node's bottom edge.
    const under = hit(this.layout, x, y) ?? hit(this.layout, x, y - 9);
    if (!under) return;
    const onToggle = !under.node.isLeaf && Math.hypot(x - under.x, y - (under.y + NODE_H)) <= 10 && this.k >= FULL_DETAIL;
    if (toggle || onToggle) this.events.toggle(under.node.id);
    if (!onToggle) this.events.select(under.node.id);
  }
}
