/**
 * The dashboard page and its assets: `index.html`, the bundled `app.js`, `style.css`, the favicon
 * and Plotly from `node_modules`. Everything is same-origin, as the CSP requires.
 */
import { Router, type Response } from 'express';
import { PLOTLY_PATH, webAssets, type WebAssets } from '../web-bundle.ts';

function send(res: Response, type: string, body: string): void {
  // no-cache = revalidate every time (Express adds an ETag), so an edited web/ shows after a restart.
  res.type(type).setHeader('Cache-Control', 'no-cache');
  res.send(body);
}

export function webRouter(): Router {
  const router = Router();
  const asset = (path: string, type: string, pick: (a: WebAssets) => string) =>
    router.get(path, async (_req, res) => send(res, type, pick(await webAssets())));

  asset('/', 'html', (a) => a.html);
  asset('/app.js', 'text/javascript', (a) => a.js);
  asset('/style.css', 'text/css', (a) => a.css);
  asset('/favicon.svg', 'image/svg+xml', (a) => a.favicon);
  router.get('/vendor/plotly.min.js', (_req, res) => {
    res.sendFile(PLOTLY_PATH, { maxAge: '1d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });
  return router;
}
