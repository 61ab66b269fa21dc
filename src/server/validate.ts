/**
 * Request validation: every route parses its params, query and body with a zod schema before it
 * looks at them, and a failure is a 400 naming the first bad field, e.g.
 * `body.seed: Invalid input: expected number, received string`.
 */
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { valueAt } from '../core/config.ts';
import { HttpError, badRequest } from './http-error.ts';

type Part = 'params' | 'query' | 'body' | 'headers';

export function parse<S extends z.ZodType>(schema: S, value: unknown, part: Part): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [part, ...issue.path.map(String)].join('.');
  const given = valueAt(value, issue.path);
  // `?limit=1&limit=2` reaches the schema as an array; zod would say "expected string, received array".
  if (part === 'query' && issue.path.length === 1 && Array.isArray(given)) throw badRequest(`${path}: given more than once (give it once)`);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && given === undefined) throw badRequest(`${path}: required (${issue.message.replace(/^Invalid (input|option): /, '').replace(/, received undefined$/, '')})`);
  // An unknown key at the top of a strict object: name the keys it takes.
  const shape = shapeOf(schema);
  if (issue.code === 'unrecognized_keys' && issue.path.length === 0 && shape) {
    const allowed = Object.keys(shape);
    const what = part === 'query' ? 'parameter' : 'field';
    throw badRequest(`${path}: unknown ${what} ${JSON.stringify(issue.keys[0]!.slice(0, 100))} (allowed: ${allowed.length ? allowed.join(', ') : 'none'})`);
  }
  throw badRequest(`${path}: ${issue.message}`);
}

/** The keys of an object schema, also behind a `.transform` (a pipe whose input is the object). */
function shapeOf(schema: z.ZodType): Record<string, unknown> | undefined {
  const s = schema as { shape?: Record<string, unknown>; in?: { shape?: Record<string, unknown> } };
  return s.shape ?? s.in?.shape;
}

/** `?token=`, which every route's query takes: it may ride on any URL (security.ts turns it into a cookie). */
export const tokenParam = z.string().optional();

/** The query of a route that takes no parameter but the token. */
export const tokenOnlyQuery = z.strictObject({ token: tokenParam });

/** Run ids are opaque tokens: letters, digits, `.`, `_`, `~`, `-`, never starting with a dot. */
export const runIdSchema = z.string().regex(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,199}$/, 'not a run id (see GET /api/runs)');
export const runParams = z.object({ id: runIdSchema });

/** A non-negative integer in a query string (`?since=120`). */
export const queryInt = (min: number, max: number) => {
  const range = `expected an integer in [${min}, ${max}]`;
  return z.string().regex(/^\d{1,15}$/, range).transform(Number).pipe(z.number().int().min(min, range).max(max, range));
};

/** POST routes take JSON only: anything else is a 415 that says what to send. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    throw new HttpError(415, 'unsupported media type', 'send the body as JSON with Content-Type: application/json');
  }
  next();
};

/** The body, or `{}` when a JSON request had an empty body (express.json leaves it undefined). */
export function bodyOf(req: Request): unknown {
  return req.body === undefined ? {} : req.body;
}
