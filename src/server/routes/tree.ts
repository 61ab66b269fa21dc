/**
 * The tree in pieces: `GET /api/runs/:id/tree?root=&maxDepth=` returns a node and the levels below
 * it down to `maxDepth` (the view starts with the top levels and fetches a collapsed branch as its
 * own root when opened, so a 2,000-leaf tree never travels whole), and
 * `GET /api/runs/:id/tree/nodes/:nodeId` one node in full: its linear models and the conditions
 * leading to it. Both take the `source` the first answer gave, so pieces of two trees never mix.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import type { TreeNodeDetail, TreeResponse } from '../dto.ts';
import { HttpError, notFound } from '../http-error.ts';
import type { LoadedTree } from '../tree-cache.ts';
import { parse, queryInt, runParams, tokenParam } from '../validate.ts';

/** Levels per request at most: the "open everything" button asks for them all (LMUT depth is capped at 64 by its config too). */
export const MAX_TREE_DEPTH = 64;
const DEFAULT_DEPTH = 4;

/**
 * `source`: the tree a client started from (its first answer's `source`). While a run trains, a
 * newer checkpoint's tree replaces the one served, and node ids mean other nodes in it: a branch
 * asked for under the old source is a 409, not a piece of another tree.
 */
const sourceParam = z.string().max(64).optional();

const treeQuery = z.strictObject({
  root: queryInt(0, 2 ** 31 - 1).optional(),
  maxDepth: queryInt(0, MAX_TREE_DEPTH).default(DEFAULT_DEPTH),
  source: sourceParam,
  token: tokenParam,
});

const nodeQuery = z.strictObject({ source: sourceParam, token: tokenParam });

function checkSource(loaded: LoadedTree, asked: string | undefined): void {
  if (asked !== undefined && asked !== loaded.source) {
    const now = loaded.source === 'final' ? 'the final tree' : `the online tree of ${loaded.source}`;
    throw new HttpError(409, 'conflict', `the tree was replaced (query.source is "${asked}", the run now has ${now}): reload to see the new one`);
  }
}

const nodeParams = z.object({ id: runParams.shape.id, nodeId: queryInt(0, 2 ** 31 - 1) });

export function treeRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/runs/:id/tree', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(treeQuery, req.query, 'query');
    const loaded = ctx.trees.get(ctx.catalog.get(id).dir);
    checkSource(loaded, query.source);
    const { tree, model } = loaded;
    const root = query.root ?? model.rootId;
    if (!model.has(root)) throw notFound(`query.root: this tree has no node ${root} (node ids come from this route's answers)`);
    const s = tree.summary;
    res.json({
      featureNames: [...tree.featureNames],
      actionNames: [...tree.actionNames],
      summary: { nodes: s.nodes, leaves: s.leaves, depth: s.depth, samplesSeen: s.samplesSeen },
      qRange: model.qRange,
      root,
      maxDepth: query.maxDepth,
      nodes: model.subtree(root, query.maxDepth),
      source: loaded.source,
    } satisfies TreeResponse);
  });

  router.get('/runs/:id/tree/nodes/:nodeId', (req, res) => {
    const { id, nodeId } = parse(nodeParams, req.params, 'params');
    const query = parse(nodeQuery, req.query, 'query');
    const loaded = ctx.trees.get(ctx.catalog.get(id).dir);
    checkSource(loaded, query.source);
    const { model } = loaded;
    if (!model.has(nodeId)) throw notFound(`this tree has no node ${nodeId}`);
    res.json(model.detail(nodeId) satisfies TreeNodeDetail);
  });

  return router;
}
