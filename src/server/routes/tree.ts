/**
 * The tree in pieces: `GET /api/runs/:id/tree?root=&maxDepth=` returns a node and the levels below
 * it down to `maxDepth` (the view starts with the top levels and fetches a collapsed branch as its
 * own root when opened, so a 2,000-leaf tree never travels whole), and
 * `GET /api/runs/:id/tree/nodes/:nodeId` one node in full: its linear models and the conditions
 * leading to it. Both take the `version` the first answer gave, so pieces of two trees never mix.
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
 * `version`: the tree a client started from (its first answer's `version`). While a run trains, a
 * newer checkpoint's tree replaces the one served, and `qlens mimic` may rewrite tree.json; node ids
 * then mean other nodes: a branch asked for under the old version is a 409, not a piece of another tree.
 */
const versionParam = z.string().max(64).optional();

const treeQuery = z.strictObject({
  root: queryInt(0, 2 ** 31 - 1).optional(),
  maxDepth: queryInt(0, MAX_TREE_DEPTH).default(DEFAULT_DEPTH),
  version: versionParam,
  token: tokenParam,
});

const nodeQuery = z.strictObject({ version: versionParam, token: tokenParam });

function checkVersion(loaded: LoadedTree, asked: string | undefined): void {
  if (asked !== undefined && asked !== loaded.pin) {
    const now = loaded.source === 'final' ? 'the final tree (tree.json)' : `the online tree of ${loaded.source}`;
    throw new HttpError(409, 'conflict', `the tree was replaced since query.version "${asked}" (this run now has ${now}, version ${loaded.pin}): reload to see it`);
  }
}

const nodeParams = z.object({ id: runParams.shape.id, nodeId: queryInt(0, 2 ** 31 - 1) });

export function treeRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/runs/:id/tree', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(treeQuery, req.query, 'query');
    const loaded = ctx.trees.get(ctx.catalog.get(id).dir);
    checkVersion(loaded, query.version);
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
      version: loaded.pin,
    } satisfies TreeResponse);
  });

  router.get('/runs/:id/tree/nodes/:nodeId', (req, res) => {
    const { id, nodeId } = parse(nodeParams, req.params, 'params');
    const query = parse(nodeQuery, req.query, 'query');
    const loaded = ctx.trees.get(ctx.catalog.get(id).dir);
    checkVersion(loaded, query.version);
    const { model } = loaded;
    if (!model.has(nodeId)) throw notFound(`this tree has no node ${nodeId}`);
    res.json(model.detail(nodeId) satisfies TreeNodeDetail);
  });

  return router;
}
