/**
 * The explain route without Express. Measured on this 2-core machine with 50 keep-alive clients
 * (bench/server.ts): Express's per-request machinery alone (prototype swaps, router, res.send)
 * caps a trivial route at ~8,000 requests/s with a p99 near 13 ms, while plain Node answers
 * ~45,000/s with a p99 near 5 ms. The what-if sliders need the latter, so ordinary explain
 * requests are answered here, before Express sees them.
 *
 * "Ordinary" is decided from the request line and headers alone, before any byte of the body is
 * read: POST to exactly `/api/runs/<id>/explain` (no query string, no escapes in the id), a JSON
 * content type in UTF-8, a Content-Length within the body limit, no content encoding, and a request
 * the security middlewares would let through (loopback Host, or the token as bearer/cookie). Any
 * other request goes to Express untouched, whose middlewares and explain router give the same
 * answers and all the error cases (403, 401, 413, 415…). The answer is the same bytes either way:
 * both call `explainJson`, and errors map through the same `toHttpError`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { ServerContext } from './context.ts';
import { toHttpError } from './errors.ts';
import { badRequest } from './http-error.ts';
import { explainJson } from './routes/explain.ts';
import { CONTENT_SECURITY_POLICY, headerTokenCheck, hostnameOf, isLoopbackHost } from './security.ts';

const PATH = /^\/api\/runs\/([A-Za-z0-9_~-][A-Za-z0-9._~-]{0,199})\/explain$/;
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** The headers securityHeaders sets, as one object for writeHead. */
const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

type Handle = (req: IncomingMessage, res: ServerResponse, next?: unknown) => void;

export interface FastPathOptions {
  token?: string;
  bodyLimit: number;
  log: (message: string) => void;
}

/** Routes ordinary explain requests around Express; everything else reaches `app` as before. */
export function installExplainFastPath(app: Express, ctx: ServerContext, options: FastPathOptions): void {
  const allowed = options.token ? headerTokenCheck(options.token) : (headers: IncomingMessage['headers']) => isLoopbackHost(hostnameOf(headers.host ?? ''));
  // `app(req, res)` calls `app.handle` (Express 4 and 5), so replacing it puts this check in front
  // of everything; the method is not in Express's type declarations, hence the cast.
  const target = app as unknown as { handle: Handle };
  const expressHandle = target.handle.bind(app);
  target.handle = (req, res, next) => {
    let id: string | null;
    try {
      id = ordinaryExplain(req, options.bodyLimit, allowed);
    } catch {
      id = null; // whatever the check choked on, Express checks again and answers (a throw here would end the process)
    }
    if (id === null) return expressHandle(req, res, next);
    readBody(req, (text) => {
      let body: unknown;
      try {
        // As express.json does, a leading byte-order mark is not part of the JSON.
        body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        return send(res, 400, errorBody(badRequest('the request body is not valid JSON')));
      }
      // express.json({ strict: true }) accepts only objects and arrays; so does the fast path.
      if (body === null || typeof body !== 'object') return send(res, 400, errorBody(badRequest('the request body is not valid JSON')));
      const fail = (err: unknown) => {
        const known = toHttpError(err);
        if (known) return send(res, known.status, errorBody(known), known.headers);
        options.log(`internal error: ${(err as Error)?.stack ?? String(err)}`);
        send(res, 500, JSON.stringify({ error: 'internal error', detail: 'an unexpected error occurred; the server log has the details' }));
      };
      try {
        const json = explainJson(ctx, id, body);
        if (typeof json === 'string') send(res, 200, json);
        else json.then((text) => send(res, 200, text), fail);
      } catch (err) {
        fail(err);
      }
    });
  };
}

/** The run id when the fast path may answer this request, else null (Express answers). */
function ordinaryExplain(req: IncomingMessage, limit: number, allowed: (headers: IncomingMessage['headers']) => boolean): string | null {
  if (req.method !== 'POST') return null;
  const match = PATH.exec(req.url ?? '');
  if (!match) return null;
  const h = req.headers;
  const length = Number(h['content-length']);
  if (!(length > 0 && length <= limit) || h['transfer-encoding'] !== undefined || h['content-encoding'] !== undefined) return null;
  if (!JSON_TYPE.test(h['content-type'] ?? '') || !allowed(h)) return null;
  return match[1]!;
}

function readBody(req: IncomingMessage, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => done(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
  // An aborted upload has nobody to answer; the socket is gone.
  req.on('error', () => req.destroy());
}

function errorBody(err: { error: string; detail: string }): string {
  return JSON.stringify({ error: err.error, detail: err.detail });
}

/** Every header but the length, as the flat [name, value, …] list writeHead takes (built once). */
const HEADERS = Object.entries({ ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).flat();

function send(res: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, [...HEADERS, ...Object.entries(headers).flat(), 'Content-Length', String(Buffer.byteLength(body))]);
  res.end(body);
}
