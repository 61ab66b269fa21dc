/**
 * The dashboard page and its assets: `index.html`, the bundled `app.js` and `gif-worker.js` (the
 * replay's GIF encoder) with their source maps, `style.css`, the favicon and Plotly from
 * `node_modules`. Everything is same-origin, as the CSP requires, and sent from memory, gzipped when
 * the browser accepts it (static-file.ts says why).
 */
import { Router } from 'express';
import { sendFile } from '../static-file.ts';
import { type AssetName, servedAssets } from '../web-bundle.ts';

/** no-cache = revalidate every time (with the ETag), so an edited web/ shows after a restart. */
const REVALIDATE = 'no-cache';

export function webRouter(): Router {
  const router = Router();
  const asset = (path: string, name: AssetName, type: string, cacheControl = REVALIDATE) =>
    router.get(path, async (req, res) => sendFile(req, res, (await servedAssets())[name], type, cacheControl));

  asset('/', 'html', 'html');
  asset('/app.js', 'js', 'text/javascript');
  asset('/gif-worker.js', 'gifWorker', 'text/javascript');
  asset('/app.js.map', 'jsMap', 'application/json');
  asset('/gif-worker.js.map', 'gifWorkerMap', 'application/json');
  asset('/style.css', 'css', 'text/css');
  asset('/favicon.svg', 'favicon', 'image/svg+xml');
  // Plotly changes only with the installed package: a day's caching spares its 1.5 MB on every view.
  asset('/vendor/plotly.min.js', 'plotly', 'text/javascript; charset=utf-8', 'public, max-age=86400');
  return router;
}
