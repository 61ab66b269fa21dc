/**
 * `GET /api/runs/:id/metrics`: pages of `metrics.jsonl` from a byte cursor, for charts that load
 * once and then poll. `GET /api/runs/:id/events`: the same events as a server-sent stream that
 * stays open while the run trains.
 */
import { join } from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { RUN_FILES } from '../../runs/run-files.ts';
import type { ServerContext } from '../context.ts';
import type { MetricsPage } from '../dto.ts';
import { readMetricsPage } from '../metrics-page.ts';
import { streamRunEvents } from '../run-events.ts';
import { RUN_EVENT_TYPES } from '../../dqn/events.ts';
import { SseStream } from '../sse.ts';
import { parse, queryInt, runParams, tokenParam } from '../validate.ts';

/** `type=episode,eval`: a comma list of event type names; an unknown one is named (it would only ever match nothing). */
const typesSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}(,[a-z][a-z0-9_-]{0,31}){0,15}$/, `expected event types separated by commas, e.g. episode,eval (allowed: ${RUN_EVENT_TYPES.join(', ')})`)
  .superRefine((s, ctx) => {
    const unknown = s.split(',').find((t) => !(RUN_EVENT_TYPES as readonly string[]).includes(t));
    if (unknown !== undefined) ctx.addIssue({ code: 'custom', message: `unknown event type "${unknown}" (allowed: ${RUN_EVENT_TYPES.join(', ')})` });
  })
  .transform((s) => new Set(s.split(',')));

const MAX_CURSOR = Number.MAX_SAFE_INTEGER;

const metricsQuery = z.strictObject({
  type: typesSchema.optional(),
  since: queryInt(0, MAX_CURSOR).default(0),
  limit: queryInt(1, 20_000).default(5_000),
  token: tokenParam,
});

const eventsQuery = z.strictObject({
  type: typesSchema.optional(),
  since: queryInt(0, MAX_CURSOR).optional(),
  token: tokenParam,
});

/** The header a reconnecting EventSource sends: the id (byte cursor) of the last event it saw. */
const lastEventIdHeader = z.object({ 'last-event-id': queryInt(0, MAX_CURSOR).optional() });

export function metricsRouter(ctx: ServerContext): Router {
  const router = Router();

  router.get('/runs/:id/metrics', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(metricsQuery, req.query, 'query');
    const entry = ctx.catalog.get(id);
    const page = readMetricsPage(join(entry.dir, RUN_FILES.metrics), { since: query.since, limit: query.limit, types: query.type });
    res.json(page satisfies MetricsPage);
  });

  router.get('/runs/:id/events', (req, res) => {
    const { id } = parse(runParams, req.params, 'params');
    const query = parse(eventsQuery, req.query, 'query');
    // A reconnecting EventSource sends the id of the last event it saw: resume after it.
    const lastId = parse(lastEventIdHeader, { 'last-event-id': req.get('Last-Event-ID') || undefined }, 'headers')['last-event-id'];
    const entry = ctx.catalog.get(id);
    const stream = new SseStream(req, res, { heartbeatMs: ctx.heartbeatMs });
    streamRunEvents(stream, {
      dir: entry.dir,
      since: lastId ?? query.since ?? 0,
      types: query.type,
      liveRuns: ctx.liveRuns,
      pollMs: ctx.pollMs,
    });
  });

  return router;
}
