/**
 * The part of a run's tree the browser has, fetched in depth-limited pieces
 * (`GET /api/runs/:id/tree?root=&maxDepth=`): the top levels first, then a branch when someone opens
 * it or when a highlighted path runs through it. A 2,000-leaf tree therefore never travels whole,
 * and opening a branch costs one small request.
 */
import type { TreeNodeDto, TreeResponse } from '../../src/server/dto.ts';
import { getJson, runPath } from '../api.ts';

/** Levels fetched below the root at first, and below a branch opened later. */
export const FIRST_DEPTH = 6;
export const BRANCH_DEPTH = 5;

export class TreeStore {
  readonly nodes = new Map<number, TreeNodeDto>();
  info!: Omit<TreeResponse, 'nodes' | 'root' | 'maxDepth'>;
  rootId = 0;
  private readonly inflight = new Map<number, Promise<void>>();

  constructor(private readonly runId: string) {}

  /** The top of the tree; call once before anything else. */
  async start(): Promise<void> {
    const res = await getJson<TreeResponse>(runPath(this.runId, `/tree?maxDepth=${FIRST_DEPTH}`));
    const { nodes, root, maxDepth: _d, ...info } = res;
    this.info = info;
    this.rootId = root;
    for (const n of nodes) this.nodes.set(n.id, n);
  }

  /** True when every child of `id` is here (always true for a leaf). */
  childrenLoaded(id: number): boolean {
    const n = this.nodes.get(id);
    return !!n && n.children.every((c) => this.nodes.has(c));
  }

  /** Fetches the branch under `id` (shared by concurrent callers). */
  loadBranch(id: number, depth = BRANCH_DEPTH): Promise<void> {
    if (this.childrenLoaded(id)) return Promise.resolve();
    let p = this.inflight.get(id);
    if (!p) {
      p = getJson<TreeResponse>(runPath(this.runId, `/tree?root=${id}&maxDepth=${depth}&${this.pin()}`)).then((res) => {
        for (const n of res.nodes) this.nodes.set(n.id, n);
      });
      p.finally(() => this.inflight.delete(id)).catch(() => undefined);
      this.inflight.set(id, p);
    }
    return p;
  }

  /** The whole tree in one request (for "open all"; a 2,000-leaf tree is about 1 MB of JSON). */
  async loadAll(): Promise<void> {
    if (this.nodes.size >= this.info.summary.nodes) return;
    const res = await getJson<TreeResponse>(runPath(this.runId, `/tree?maxDepth=64&${this.pin()}`));
    for (const n of res.nodes) this.nodes.set(n.id, n);
  }

  /**
   * The tree the first answer came from, for every later request: while a run trains, a newer
   * checkpoint's tree replaces it on the server (or `qlens mimic` rewrites tree.json), and its node
   * ids are other nodes (the server then answers 409, saying to reload).
   */
  pin(): string {
    return `version=${encodeURIComponent(this.info.version)}`;
  }

  /** Makes sure every node of a root-to-node path is here (a path deeper than one fetch takes a few). */
  async loadPath(ids: readonly number[]): Promise<void> {
    for (let i = 1; i < ids.length; i++) {
      if (!this.nodes.has(ids[i]!)) await this.loadBranch(ids[i - 1]!, 12);
    }
  }
}
