/**
 * Methods per API path, from the routers' own table: a path that exists asked with a method it does
 * not take gets a JSON 405 with `Allow` (not a 404 saying the path does not exist), and `OPTIONS`
 * gets a 204 with `Allow` (Express would answer it in plain text).
 */
import type { RequestHandler } from 'express';
import { HttpError, statusName } from './http-error.ts';

/** The router internals `methodsAt` reads (Express 5's `router` package: `Layer.match` stores no request state). */
interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
  handle?: { stack?: RouteLayer[] };
}

/** The methods some route of `router` answers at `path`; empty when no route has that path. */
function methodsAt(router: { stack: RouteLayer[] }, path: string): string[] {
  const found = new Set<string>();
  const walk = (stack: readonly RouteLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        let matches = false;
        try {
          matches = Boolean(layer.match(path));
        } catch {
          // an undecodable escape in the path: no route of ours
        }
        if (matches) for (const m of Object.keys(layer.route.methods)) found.add(m.toUpperCase());
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(router.stack);
  if (found.has('GET')) found.add('HEAD');
  return [...found];
}

/**
 * Mounted where `router` is, after it: a request for one of its paths with a method that path does
 * not take gets a JSON 405 with `Allow`, instead of the 404 that would say the path does not exist.
 */
export function methodNotAllowed(router: RequestHandler): RequestHandler {
  const r = router as unknown as { stack: RouteLayer[] };
  return (req, res, next) => {
    const allowed = methodsAt(r, req.path);
    if (allowed.length === 0) return next();
    next(new HttpError(405, statusName(405), `${req.method} is not allowed on ${req.baseUrl}${req.path} (allowed: ${allowed.join(', ')})`, { Allow: allowed.join(', ') }));
  };
}

/** Mounted where `router` is, before it: `OPTIONS` on one of its paths lists the methods that path takes. */
export function answerOptions(router: RequestHandler): RequestHandler {
  const r = router as unknown as { stack: RouteLayer[] };
  return (req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    const allowed = methodsAt(r, req.path);
    if (allowed.length === 0) return next();
    res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
    res.status(204).end();
  };
}
