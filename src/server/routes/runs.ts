/**
 * `GET /api/runs` and `GET /api/runs/:id`: the runs list and one run's config, summary and env. A run
 * whose files cannot be read is listed with `problem`; its own page answers 422 naming the file.
 */
import { Router } from 'express';
import type { ServerContext } from '../context.ts';
import type { RunDetailResponse, RunListItem, RunListResponse } from '../dto.ts';
import { runDirText } from '../run-dir-text.ts';
import { runDetail, runListItem } from '../run-info.ts';
import { unreadableRunItem } from '../unreadable-run.ts';
import { parse, runParams, tokenOnlyQuery } from '../validate.ts';

export function runsRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/runs', (req, res) => {
    parse(tokenOnlyQuery, req.query, 'query');
    const runs: RunListItem[] = [];
    for (const entry of ctx.catalog.list()) {
      try {
        runs.push(runListItem(entry, ctx.liveRuns));
      } catch (err) {
        // Still listed, with the broken file named: a run that vanished from the list would look deleted.
        runs.push(unreadableRunItem(entry, err, ctx.liveRuns));
      }
    }
    // Live first, then newest first: what a user just started is at the top.
    runs.sort((a, b) => Number(b.source === 'live') - Number(a.source === 'live') || b.createdAt.localeCompare(a.createdAt));
    // Folders as the user would type them where the server started (relative inside it), which also keeps this machine's layout out of the answer.
    const agentsDir = ctx.agentsDir === null ? null : runDirText(ctx.agentsDir);
    res.json({ runs, runsDirs: ctx.runsDirs.map(runDirText), agentsDir } satisfies RunListResponse);
  });

  router.get('/runs/:id', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    parse(tokenOnlyQuery, req.query, 'query');
    res.json(runDetail(ctx.catalog.get(id), ctx.liveRuns) satisfies RunDetailResponse);
  });

  return router;
}
