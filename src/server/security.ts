/**
 * Security middlewares, applied before any route:
 *
 * - Headers: a Content-Security-Policy that allows only our own origin, `nosniff`, no referrer, and
 *   no framing (the dashboard never needs to be embedded; refusing it rules out clickjacking).
 * - Host check: without a token the server is only meant for this machine, so a request whose Host
 *   is not a loopback name is refused. This stops DNS-rebinding pages from reading the API.
 * - Token: when set, every request carries it as `Authorization: Bearer <t>`, `?token=<t>` (for the
 *   page link and EventSource, which cannot set headers) or the cookie set after a valid `?token=`
 *   (so the page's scripts and styles load without the token in every URL), as Jupyter does.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * CSP. `style-src` needs 'unsafe-inline' because Plotly injects a `<style>` element with its modebar
 * and hover rules at load time (plotly.js issue #2355); without it Plotly throws while loading.
 * Scripts stay strict ('self' only: no inline scripts, no eval). `img-src data: blob:` lets Plotly's
 * "download plot as png" button build its image. `worker-src 'self'` names what the replay's GIF
 * worker (gif-worker.js) needs, and no more: same-origin scripts only, no blob: or data: workers.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
};

/** True for names that always mean this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Hostname part of a Host header (`[::1]:8080` → `::1`). */
export function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0]!;
}

export const loopbackHostOnly: RequestHandler = (req, res, next) => {
  const host = req.headers.host ?? '';
  if (isLoopbackHost(hostnameOf(host))) return next();
  res.status(403).json({
    error: 'forbidden',
    detail: `this dashboard only answers requests for localhost (got Host: ${JSON.stringify(host.slice(0, 100))}); serve it with --token to open it to other hosts`,
  });
};

export const TOKEN_COOKIE = 'qlens_token';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison (hashing first makes the lengths equal). */
function sameToken(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

/** The cookie's value; one that is not valid percent-encoding is skipped (decoding it would throw). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        // a stale or foreign cookie of the same name: try the next one
      }
    }
  }
  return undefined;
}

/**
 * The header-only part of the token check, for the explain fast path (fast-path.ts): true when the
 * request carries the token as a bearer header or the cookie. A `?token=` in the URL (which must
 * set the cookie) is left to `requireToken`.
 */
export function headerTokenCheck(token: string): (headers: { authorization?: string; cookie?: string }) => boolean {
  const expected = digest(token);
  return (headers) => {
    const auth = headers.authorization;
    if (auth !== undefined) return auth.startsWith('Bearer ') && sameToken(auth.slice(7).trim(), expected);
    const cookie = cookieValue(headers.cookie, TOKEN_COOKIE);
    return cookie !== undefined && sameToken(cookie, expected);
  };
}

export function requireToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
    if (bearer !== undefined ? sameToken(bearer, expected) : query !== undefined ? sameToken(query, expected) : cookie !== undefined && sameToken(cookie, expected)) {
      if (query !== undefined) {
        // The page was opened with ?token=: remember it for the scripts, styles and API calls it makes.
        res.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
      }
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="qlens"');
    res.status(401).json({
      error: 'unauthorized',
      detail: 'this dashboard needs its token: open the URL qlens printed (…/?token=…) or send Authorization: Bearer <token>',
    });
  };
}
