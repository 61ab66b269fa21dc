/**
 * The tree in pieces: `GET /api/runs/:id/tree?root=&maxDepth=` returns a node and the levels below
 * it down to `maxDepth` (the view starts with the top levels and fetches a collapsed branch as its
 * own root when opened, so a 2,000-leaf tree never travels whole), and
 * `GET /api/runs/:id/tree/nodes/:nodeId` one node in full: its linear models and the conditions
 * leading to it.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import type { TreeNodeDetail, TreeResponse } from '../dto.ts';
import { notFound } from '../http-error.ts';
import { parse, queryInt, runParams, tokenOnlyQuery, tokenParam } from '../validate.ts';

/** Levels per request at most: the "open everything" button asks for them all (LMUT depth is capped at 64 by its config too). */
export const MAX_TREE_DEPTH = 64;
const DEFAULT_DEPTH = 4;

const treeQuery = z.strictObject({
  root: queryInt(0, 2 ** 31 - 1).optional(),
  maxDepth: queryInt(0, MAX_TREE_DEPTH).default(DEFAULT_DEPTH),
  token: tokenParam,
});

const nodeParams = z.object({ id: runParams.shape.id, nodeId: queryInt(0, 2 ** 31 - 1) });

export function treeRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/runs/:id/tree', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(treeQuery, req.query, 'query');
    const { tree, model } = ctx.trees.get(ctx.catalog.get(id).dir);
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
    } satisfies TreeResponse);
  });

  router.get('/runs/:id/tree/nodes/:nodeId', (req, res) => {
    const { id, nodeId } = parse(nodeParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    const { model } = ctx.trees.get(ctx.catalog.get(id).dir);
    if (!model.has(nodeId)) throw notFound(`this tree has no node ${nodeId}`);
    res.json(model.detail(nodeId) satisfies TreeNodeDetail);
  });

  return router;
}
