/**
 * The last two middlewares of the app, in this order (Express runs them in registration order):
 *
 * 1. `notFoundHandler`: any request no route answered gets a JSON 404, never Express's HTML page.
 * 2. `errorHandler` (four arguments, so Express treats it as the error handler): expected failures
 *    (`HttpError`, `QlensError`, body-parser's 4xx, the router's undecodable path escapes, a body
 *    that does not decompress) keep their status and say what to fix; anything else is a bug: 500 with a generic message, and the stack goes to the server log only.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { QlensError } from '../core/errors.ts';
import { HttpError, badRequest, fromQlensError, statusName } from './http-error.ts';

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not found', detail: `no route for ${req.method} ${req.path}` });
};

/** body-parser's errors carry `type`; these are the ones a client causes. */
const BODY_ERRORS: Record<string, (limit: unknown) => string> = {
  'entity.parse.failed': () => 'the request body is not valid JSON',
  'entity.too.large': (limit) => `the request body is larger than the ${String(limit)}-byte limit`,
  'encoding.unsupported': () => 'unsupported content encoding (send plain UTF-8 JSON)',
  'charset.unsupported': () => 'unsupported charset (send UTF-8 JSON)',
  'request.aborted': () => 'the request was aborted while its body was being read',
  'request.size.invalid': () => 'the request body size does not match Content-Length',
};

export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    // A streaming response (SSE) has already sent its headers: all we can do is end it.
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = toHttpError(err);
    if (known) {
      res.set(known.headers);
      res.status(known.status).json({ error: known.error, detail: known.detail });
      return;
    }
    log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
    res.status(500).json({ error: 'internal error', detail: 'an unexpected error occurred; the server log has the details' });
  };
}

/** The client-facing form of an error, or null for a bug (answered 500, logged). */
export function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof QlensError) return fromQlensError(err);
  const e = err as { type?: string; status?: number; expose?: boolean; limit?: unknown; message?: string } | null;
  if (e && typeof e.type === 'string' && BODY_ERRORS[e.type]) {
    const status = typeof e.status === 'number' ? e.status : 400;
    return new HttpError(status, statusName(status), BODY_ERRORS[e.type]!(e.limit));
  }
  // The router could not percent-decode a path segment (`/api/runs/%zz`): the client's URL, not a bug.
  if (err instanceof URIError && e?.status === 400) {
    const value = /'(.*)'$/.exec(err.message)?.[1];
    return badRequest(`params: ${value === undefined ? 'a path segment' : JSON.stringify(value.slice(0, 100))} is not valid percent-encoding (a % must start %XX of UTF-8 bytes)`);
  }
  // A Content-Encoding the body does not match: zlib's own words ("incorrect header check") say little.
  if (e?.status === 400 && typeof (err as { code?: unknown }).code === 'string' && /^(Z_|ZSTD_|ERR__ERROR)/.test((err as { code: string }).code)) {
    return badRequest('the request body does not decompress as its Content-Encoding says (send it compressed that way, or send plain JSON without the header)');
  }
  // Other http-errors a middleware raised for the client (expose = safe to show).
  if (e && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, statusName(e.status), e.message ?? statusName(e.status));
  }
  return null;
}
